"""Character and word error rates of OCR text against a reference.

Both texts are NFC-normalised first (a letter with a combining mark and its precomposed form
are the same character).  Characters are code points; line breaks and spaces count like any
other character.  Words are runs of non-space characters.

Degenerate cases are defined, never a crash: with an empty reference the rate is 0.0 when
the hypothesis is empty too and 1.0 otherwise (everything in it is wrong; dividing by the
hypothesis length caps it at 1 instead of dividing by zero).
"""
from __future__ import annotations

import unicodedata
from typing import Sequence

from rapidfuzz.distance import Levenshtein


def _rate(hyp: Sequence, ref: Sequence) -> float:
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(hyp, ref) / len(ref)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def cer(hyp: str, ref: str) -> float:
    """Character error rate: edit distance / reference length (may exceed 1 for long hyps)."""
    return _rate(_nfc(hyp), _nfc(ref))


def wer(hyp: str, ref: str) -> float:
    """Word error rate: word-level edit distance / number of reference words."""
    return _rate(_nfc(hyp).split(), _nfc(ref).split())


def char_errors(hyp: str, ref: str) -> int:
    """The number of character edits between ``hyp`` and ``ref``."""
    return Levenshtein.distance(_nfc(hyp), _nfc(ref))
