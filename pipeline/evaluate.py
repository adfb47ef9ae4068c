"""Evaluation against a true transcription: CER/WER, error classes, confusions, alignment.

Used by the QA report for documents that have ``gold`` (the true transcription).

- :func:`error_counts` gives edit distance and reference length for characters and words,
  so a collection's rate is ``sum(distances) / sum(lengths)`` (length-weighted), never a
  plain mean of per-page rates.  CER/WER themselves come from :mod:`pipeline.metrics` when
  it is installed; the counts here use the same definition (Levenshtein distance over the
  reference length; an empty reference gives 0 for an empty hypothesis, else 1).
- :func:`word_classes` aligns OCR, corrected and gold words and counts errors per class
  (``name``, ``common``, ``number``, ``punctuation``).
- :func:`char_confusions` counts substituted characters (gold → OCR), the typical OCR
  confusions of a collection.
- :func:`span_outcomes` says, for each suggestion, whether its replacement is what gold
  has at that span (the labelled outcome for the reliability diagram).
- :func:`diff_rows` gives aligned lines of OCR / corrected / gold for the diff view.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

from .metrics import cer, wer  # noqa: F401  (one definition of the rates, re-exported here)
from .tokens import TOKEN_RE

WORD_CLASSES = ("name", "common", "number", "punctuation")
_SPACE = re.compile(r"\s+")


def _lev():
    from rapidfuzz.distance import Levenshtein
    return Levenshtein


def words(text: str) -> list[str]:
    """Word, number and punctuation tokens (the tokeniser of :mod:`pipeline.tokens`)."""
    return TOKEN_RE.findall(text)


def distance(a, b) -> int:
    """Levenshtein distance of two strings or two lists of tokens."""
    return _lev().distance(a, b)


def error_counts(hyp: str, ref: str) -> dict:
    """Character and word edit distances and reference lengths (for pooled rates), with the
    definitions of :mod:`pipeline.metrics`: NFC, code points, words are runs of non-space."""
    hyp, ref = unicodedata.normalize("NFC", hyp), unicodedata.normalize("NFC", ref)
    hw, rw = hyp.split(), ref.split()
    return {"char_errors": distance(hyp, ref), "chars": len(ref),
            "word_errors": distance(hw, rw), "words": len(rw)}


def pooled_rate(rows: Iterable[dict], errors: str, length: str) -> float | None:
    """``sum(errors) / sum(length)`` over rows that have both (None when there are none)."""
    e = n = 0
    for r in rows:
        if r.get(errors) is None or r.get(length) is None:
            continue
        e += r[errors]
        n += r[length]
    return None if n == 0 else e / n


def word_class(word: str, prev: str | None) -> str:
    """``number``, ``punctuation``, ``name`` (capitalised not after a sentence end, or all
    capitals of more than one letter) or ``common``."""
    if any(ch.isdigit() for ch in word):
        return "number"
    if not any(ch.isalpha() for ch in word):
        return "punctuation"
    sentence_start = prev is None or prev in (".", "!", "?", ":", "\"", "«", "-", "—")
    if (len(word) > 1 and word.isupper()) or (word[0].isupper() and not sentence_start):
        return "name"
    return "common"


def _align_words(ref: list[str], hyp: list[str]) -> list[str | None]:
    """For each reference word, the hypothesis word aligned to it (None when deleted;
    a replaced block is paired word by word, the leftover joined)."""
    out: list[str | None] = [None] * len(ref)
    for op in _lev().opcodes(ref, hyp):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                out[op.src_start + k] = hyp[op.dest_start + k]
        elif op.tag == "replace":
            n_ref, n_hyp = op.src_end - op.src_start, op.dest_end - op.dest_start
            for k in range(n_ref):
                lo = op.dest_start + k * n_hyp // n_ref
                hi = op.dest_start + (k + 1) * n_hyp // n_ref
                out[op.src_start + k] = " ".join(hyp[lo:max(hi, lo + 1)]) if lo < op.dest_end else None
    return out


def word_classes(ocr: str, corrected: str, gold: str) -> dict[str, dict]:
    """Per word class of the gold words: ``words``, ``errors_ocr``, ``errors_corrected``."""
    ref = words(gold)
    a_ocr, a_cor = _align_words(ref, words(ocr)), _align_words(ref, words(corrected))
    out = {c: {"words": 0, "errors_ocr": 0, "errors_corrected": 0} for c in WORD_CLASSES}
    prev = None
    for i, w in enumerate(ref):
        c = out[word_class(w, prev)]
        c["words"] += 1
        c["errors_ocr"] += a_ocr[i] != w
        c["errors_corrected"] += a_cor[i] != w
        prev = w
    return out


def char_confusions(hyp: str, ref: str) -> Counter:
    """Counts of ``(gold char, OCR char)`` substitutions; insertions and deletions use ``""``."""
    counts: Counter = Counter()
    for op in _lev().opcodes(ref, hyp):
        if op.tag == "equal":
            continue
        r, h = ref[op.src_start:op.src_end], hyp[op.dest_start:op.dest_end]
        if op.tag == "replace" and len(r) == len(h):
            counts.update(zip(r, h))
        elif op.tag == "replace":
            counts[(r, h)] += 1
        else:
            counts[(r, h)] += 1
    return counts


def offset_map(src: str, dest: str) -> list[int]:
    """For each position 0..len(src) of ``src``, the aligned position in ``dest``."""
    m = [0] * (len(src) + 1)
    for op in _lev().opcodes(src, dest):
        n_src, n_dest = op.src_end - op.src_start, op.dest_end - op.dest_start
        for k in range(n_src):
            m[op.src_start + k] = op.dest_start + (k * n_dest // n_src if op.tag != "equal" else k)
        m[op.src_end] = op.dest_end
    return m


def span_outcomes(text: str, gold: str, spans: Iterable[tuple[int, int, str]]) -> list[bool]:
    """For each ``(start, end, replacement)`` over ``text``: is ``replacement`` what ``gold``
    has at the aligned span (spaces normalised)?"""
    m = offset_map(text, gold)
    out = []
    for start, end, rep in spans:
        truth = gold[m[start]:m[end]]
        out.append(_SPACE.sub(" ", truth).strip() == _SPACE.sub(" ", rep).strip())
    return out


def diff_rows(ocr: str, corrected: str, gold: str | None, context: int = 0) -> list[dict]:
    """Aligned lines: ``{line, ocr, corrected, gold, changed}`` for each line of the OCR text
    where OCR, corrected and gold differ (``context`` unchanged lines around them)."""
    lines_ocr = ocr.split("\n")
    m_cor = offset_map(ocr, corrected)
    m_gold = offset_map(ocr, gold) if gold is not None else None
    rows, pos = [], 0
    for i, line in enumerate(lines_ocr):
        start, end = pos, pos + len(line)
        pos = end + 1
        cor = corrected[m_cor[start]:m_cor[end]].strip("\n")
        g = gold[m_gold[start]:m_gold[end]].strip("\n") if m_gold is not None else None
        changed = cor != line or (g is not None and g != line)
        rows.append({"line": i + 1, "ocr": line, "corrected": cor, "gold": g, "changed": changed})
    keep = {i for i, r in enumerate(rows) if r["changed"]}
    keep = {j for i in keep for j in range(i - context, i + context + 1) if 0 <= j < len(rows)}
    return [rows[i] for i in sorted(keep)]


def evaluate(ocr: str, corrected: str, gold: str) -> dict:
    """All figures of one document against its gold (counts, rates, classes, confusions)."""
    before, after = error_counts(ocr, gold), error_counts(corrected, gold)
    conf = char_confusions(ocr, gold)
    return {
        "cer_ocr": cer(ocr, gold), "cer_corrected": cer(corrected, gold),
        "wer_ocr": wer(ocr, gold), "wer_corrected": wer(corrected, gold),
        "chars": before["chars"], "words": before["words"],
        "char_errors_ocr": before["char_errors"], "char_errors_corrected": after["char_errors"],
        "word_errors_ocr": before["word_errors"], "word_errors_corrected": after["word_errors"],
        "classes": word_classes(ocr, corrected, gold),
        "confusions": [[g, o, n] for (g, o), n in conf.most_common(30)],
    }
