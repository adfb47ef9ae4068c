"""Splitting text into tokens with character offsets and line numbers."""
from __future__ import annotations

import re

from .model import Token

#: a word: letters (any script), with inner hyphens or apostrophes (об"яснить, Ким-Ир-Сен)
WORD = r"[^\W\d_]+(?:[-'’\"][^\W\d_]+)*"
#: a number or a code such as 600308/ш, 1.500.000, 18.5, 3-4-5000
NUMBER = r"\d+(?:[.,:/-]\d+)*(?:/[^\W\d_]+)?"
TOKEN_RE = re.compile(rf"{WORD}|{NUMBER}|[^\s]", re.UNICODE)
WORD_RE = re.compile(rf"^{WORD}$")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")


def tokenize(text: str, *, page: int | None = None, offset: int = 0, line0: int = 0) -> list[Token]:
    """Tokens of ``text`` with offsets (shifted by ``offset``) and 0-based line numbers."""
    tokens: list[Token] = []
    line = line0
    pos = 0
    for m in TOKEN_RE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        tokens.append(Token(m.start() + offset, m.end() + offset, m.group(), line, page))
    return tokens


def is_word(s: str) -> bool:
    return bool(WORD_RE.match(s))


def script_of(s: str) -> str:
    """``cyrillic``, ``latin``, ``mixed`` or ``none``."""
    c, l = bool(CYRILLIC.search(s)), bool(LATIN.search(s))
    return "mixed" if c and l else "cyrillic" if c else "latin" if l else "none"
