"""Splitting an archive text export into metadata, Russian transcription and translation.

Digital archives export a document as one text (often Markdown): a header with title,
date, citation and summary, then the Russian OCR transcription and the English
translation, in either order.  :func:`split_export` finds the three parts:

1. the **header**: leading lines up to the last labelled field ("Citation:", "Summary:",
   "Contents:", "Source:" ...) and the items listed under "Contents:";
2. the **body** lines are scored by script (Cyrillic vs Latin letters) and cut once, at the
   point that best separates a Russian run from an English run (both orders are tried);
3. translators' bracketed notes in the English ("[Translator's note: ...]",
   "[handwritten: ...]") are kept as notes with their offsets.

Markdown markup (``#`` headings, ``**bold**``, ``<sup>``, ``~~``) is export formatting, not
OCR output, and is removed from both texts; everything else is kept as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import EmptyInput, NotRussian

LABELS = ("citation", "summary", "original language", "contents", "credits", "source", "original scan",
          "translation - english", "english translation", "scan of original document", "original archive",
          "author", "authors", "keywords", "document type")
CONTENT_ITEM = re.compile(r"^\s*[-*]?\s*(original scan|scan of original document|translation\s*-\s*english|"
                          r"english translation|transcript(ion)?(\s*-\s*\w+)?|original\s*-\s*\w+)\s*$", re.I)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LINE = re.compile(rf"^\s*(?:(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}})\s*$")
URL_LINE = re.compile(r"^\s*<?https?://\S+>?\s*$")
NOTE = re.compile(r"\[[^\[\]\n]{2,}\]")
CYR = re.compile(r"[\u0400-\u04FF]")
LAT = re.compile(r"[A-Za-z]")


@dataclass
class ExportParts:
    russian: str
    english: str
    meta: dict = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)
    order: str = "ru-en"


def strip_markdown(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = re.sub(r"</?(sup|sub|u|i|b|em|strong)>", "", line)
    line = line.replace("**", "").replace("~~", "").replace("\\_", "_").replace("\\*", "*")
    line = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", line)
    return line.rstrip()


def _label(line: str) -> str | None:
    s = line.strip().strip("*#").strip().rstrip(":").strip().lower()
    if line.strip().rstrip("*").endswith(":") or ":" in line[:25]:
        head = s.split(":")[0].strip()
        if head in LABELS:
            return head
    return None


def _header_end(lines: list[str]) -> tuple[int, dict]:
    """Index of the first body line, and the metadata found in the header."""
    meta: dict = {}
    last = -1
    limit = min(len(lines), 80)
    for i in range(limit):
        lab = _label(lines[i])
        if lab:
            last = i
    if last < 0:
        return 0, meta
    end = last + 1
    # the field's value follows the label (paragraphs until the next label) and, for
    # Contents, a short list of items
    while end < len(lines) and (not lines[end].strip() or CONTENT_ITEM.match(lines[end])
                                or (_label(lines[last]) != "contents" and _is_english(lines[end])
                                    and len(lines[end]) > 40)):
        end += 1
    header = lines[:end]
    current = None
    loose: list[tuple[int, str]] = []  # unlabelled header lines: site banner, date, title
    for i, ln in enumerate(header):
        lab = _label(ln)
        if lab:
            current = lab
            rest = ln.split(":", 1)[1].strip().strip("*").strip() if ":" in ln else ""
            meta.setdefault(current, [])
            if rest:
                meta[current].append(rest)
        elif current and ln.strip():
            meta[current].append(ln.strip())
        elif ln.strip():
            loose.append((i, ln.strip()))
    dates = [i for i, ln in loose if DATE_LINE.match(ln)]
    if dates:
        meta["date"] = header[dates[0]].strip()
    after = [(i, ln) for i, ln in loose if not dates or i > dates[0]]
    title: list[str] = []
    for j, (i, ln) in enumerate(after):
        if URL_LINE.match(ln) or (title and i != after[j - 1][0] + 1):
            break
        if title and not _is_english(ln):
            break
        title.append(ln)
    if title:
        meta["title"] = " ".join(title)
    out = {k: (" ".join(v) if isinstance(v, list) else v) for k, v in meta.items()}
    for ln in header:
        m = re.search(r"https?://[^\s>]+", ln)
        if m:
            out.setdefault("url", m.group())
    return end, out


def _is_english(line: str) -> bool:
    return len(LAT.findall(line)) > 2 * len(CYR.findall(line))


def _score(line: str) -> int:
    """>0 for Russian, <0 for English, 0 for neither (numbers, page marks)."""
    c, l = len(CYR.findall(line)), len(LAT.findall(line))
    if c + l < 2:
        return 0
    return c if c > l else -l


def _best_cut(scores: list[int]) -> tuple[int, str, int]:
    """Cut k so that lines[:k] are one language and lines[k:] the other; best agreement."""
    n = len(scores)
    ru_prefix = [0]
    for s in scores:
        ru_prefix.append(ru_prefix[-1] + s)
    total = ru_prefix[-1]
    best = (-10**12, 0, "ru-en")
    for k in range(n + 1):
        first = ru_prefix[k]
        second = total - first
        for order, val in (("ru-en", first - second), ("en-ru", second - first)):
            if val > best[0]:
                best = (val, k, order)
    return best[1], best[2], best[0]


def _notes(english: str) -> list[dict]:
    return [{"text": m.group(), "start": m.start(), "end": m.end()} for m in NOTE.finditer(english)]


def _clean_block(lines: list[str]) -> str:
    while lines and not re.search(r"\w", lines[-1]):
        lines = lines[:-1]
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def looks_like_export(text: str) -> bool:
    """True when a text has both a Russian and an English part of some size."""
    cyr, lat = len(CYR.findall(text)), len(LAT.findall(text))
    return cyr > 200 and lat > 200 and min(cyr, lat) / max(cyr, lat) > 0.15


def split_export(text: str) -> ExportParts:
    """Split an archive export into its parts (see the module docstring)."""
    if not text.strip():
        raise EmptyInput("the export is empty")
    lines = [strip_markdown(ln) for ln in text.replace("\r\n", "\n").split("\n")]
    start, meta = _header_end(lines)
    body = lines[start:]
    scores = [_score(ln) for ln in body]
    k, order, _ = _best_cut(scores)
    first, second = body[:k], body[k:]
    russian, english = (first, second) if order == "ru-en" else (second, first)
    ru_text, en_text = _clean_block(russian), _clean_block(english)
    if len(CYR.findall(ru_text)) < 20:
        raise NotRussian("the export has no Russian transcription (fewer than 20 Cyrillic letters)")
    meta["header_lines"] = start
    return ExportParts(ru_text, en_text, meta, _notes(en_text), order)
