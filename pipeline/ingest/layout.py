"""OCR layout as engines report it (pages, lines, words) and building a Document from it.

Tesseract's TSV output (:mod:`pipeline.ingest.tesseract`), hOCR (:mod:`pipeline.ingest.hocr`)
and ALTO (:mod:`pipeline.ingest.alto`) all describe the same things: pages made of lines made
of words, each word with a box and a confidence.  They are parsed into :class:`OcrPage` and
turned into a :class:`~pipeline.model.Document` by :func:`build_document`, so every OCR source
gives the same text layout:

* the words of a line are joined by one space, lines by ``"\\n"``; a page has no blank lines;
* pages are joined by :data:`PAGE_SEPARATOR`, a form feed on a line of its own (Tesseract
  ends pages with a form feed), so an empty page still shows and ``Page.start``/``Page.end``
  give each page's span exactly;
* tokens are those of :func:`pipeline.tokens.tokenize` (a word with trailing punctuation is
  split into the word and the mark); each token carries the box and confidence of the OCR word
  it came from, the box narrowed in proportion to the token's place in the word (an estimate:
  engines give boxes for whole words only).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean

from ..model import Document, Page, Token
from ..tokens import tokenize

#: how the pages of one document are joined in ``Document.text``
PAGE_SEPARATOR = "\n\f\n"

BBox = tuple[int, int, int, int]


@dataclass
class OcrWord:
    """A word as the engine saw it: text, box (x0, y0, x1, y1 in page pixels), confidence 0..100."""

    text: str
    bbox: BBox | None = None
    conf: float | None = None


@dataclass
class OcrLine:
    words: list[OcrWord] = field(default_factory=list)
    bbox: BBox | None = None

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class OcrPage:
    """One page of OCR output with what is known about how it was made."""

    lines: list[OcrLine] = field(default_factory=list)
    width: int | None = None
    height: int | None = None
    image: str | None = None
    ocr_seconds: float | None = None
    preprocessing: dict = field(default_factory=dict)
    error: str | None = None

    @property
    def filled_lines(self) -> list[OcrLine]:
        """The lines that have words (an empty line never reaches the text)."""
        return [line for line in self.lines if line.words]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.filled_lines)

    @property
    def words(self) -> list[OcrWord]:
        return [w for line in self.lines for w in line.words]

    @property
    def mean_conf(self) -> float | None:
        confs = [w.conf for w in self.words if w.conf is not None]
        return round(fmean(confs), 2) if confs else None

    def tokens(self, offset: int = 0, line0: int = 0, page: int | None = None) -> list[Token]:
        """Tokens of :attr:`text`, shifted by ``offset`` and numbered from line ``line0``."""
        out: list[Token] = []
        pos = offset
        for n, line in enumerate(self.filled_lines):
            for i, word in enumerate(line.words):
                if i:
                    pos += 1  # the joining space
                out.extend(_word_tokens(word, pos, line0 + n, page))
                pos += len(word.text)
            pos += 1  # the newline
        return out


def clean_word(text: str) -> str:
    """A word's text with inner whitespace collapsed (engines sometimes emit odd spaces)."""
    return " ".join(text.split())


def _word_tokens(word: OcrWord, start: int, line: int, page: int | None) -> list[Token]:
    tokens = tokenize(word.text, page=page, offset=start, line0=line)
    n = len(word.text)
    for tok in tokens:
        tok.conf = word.conf
        if word.bbox is not None:
            tok.bbox = _sub_box(word.bbox, tok.start - start, tok.end - start, n)
    return tokens


def _sub_box(bbox: BBox, a: int, b: int, n: int) -> BBox:
    """The part of a word box under characters ``a:b`` of an ``n``-character word."""
    if a == 0 and b == n:
        return bbox
    x0, y0, x1, y1 = bbox
    w = x1 - x0
    return (x0 + round(w * a / n), y0, x0 + round(w * b / n), y1)


def build_document(pages: list[OcrPage], doc_id: str, *, source: str = "",
                   meta: dict | None = None) -> Document:
    """A Document whose text, pages and tokens come from ``pages`` (see the module notes)."""
    parts: list[str] = []
    doc_pages: list[Page] = []
    tokens: list[Token] = []
    pos = line = 0
    for number, op in enumerate(pages, start=1):
        if number > 1:
            parts.append(PAGE_SEPARATOR)
            pos += len(PAGE_SEPARATOR)
            line += PAGE_SEPARATOR.count("\n")
        text = op.text
        tokens.extend(op.tokens(offset=pos, line0=line, page=number))
        doc_pages.append(Page(number=number, image=op.image, width=op.width, height=op.height,
                              start=pos, end=pos + len(text), mean_conf=op.mean_conf,
                              ocr_seconds=op.ocr_seconds, preprocessing=dict(op.preprocessing),
                              error=op.error))
        parts.append(text)
        pos += len(text)
        line += text.count("\n")
    return Document(id=doc_id, text="".join(parts), meta=dict(meta or {}), pages=doc_pages,
                    tokens=tokens, source=source)
