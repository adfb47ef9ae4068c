"""hOCR ingest: Tesseract's ``tesseract IMG OUT hocr`` output (and hOCR of other engines).

Structure read (classes in the ``class`` attribute, properties in ``title``):

* ``ocr_page`` — a page; ``bbox`` gives its size, ``image`` its file.  A file without
  ``ocr_page`` elements is read as one page.
* ``ocr_line``, ``ocr_header``, ``ocr_caption``, ``ocr_textfloat``, ``ocrx_line`` — a line.
* ``ocrx_word`` — a word: its text, ``bbox`` and ``x_wconf`` (0..100).  A line without word
  elements gives its words by splitting its text (no boxes, no confidences).

The Document is laid out by :func:`pipeline.ingest.layout.build_document` like an OCR'd scan.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Document
from .layout import OcrLine, OcrPage, OcrWord, build_document, clean_word
from .xmlsource import Source, local_name, parse_xml, read_source

LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat", "ocrx_line"}
WORD_CLASS = "ocrx_word"
PAGE_CLASS = "ocr_page"


def title_props(title: str | None) -> dict[str, str]:
    """``'bbox 1 2 3 4; x_wconf 95'`` → ``{'bbox': '1 2 3 4', 'x_wconf': '95'}``."""
    props = {}
    for part in re.split(r";\s*", title or ""):
        name, _, value = part.strip().partition(" ")
        if name:
            props[name] = value.strip()
    return props


def _bbox(props: dict[str, str]) -> tuple[int, int, int, int] | None:
    nums = props.get("bbox", "").split()
    if len(nums) != 4:
        return None
    try:
        x0, y0, x1, y1 = (int(float(n)) for n in nums)
    except ValueError:
        return None
    return x0, y0, x1, y1


def _conf(props: dict[str, str]) -> float | None:
    try:
        return float(props["x_wconf"])
    except (KeyError, ValueError):
        return None


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _line(el: etree._Element) -> OcrLine:
    line = OcrLine(bbox=_bbox(title_props(el.get("title"))))
    words = [w for w in el.iter() if WORD_CLASS in _classes(w)]
    if words:
        for w in words:
            props = title_props(w.get("title"))
            text = clean_word("".join(w.itertext()))
            if text:
                line.words.append(OcrWord(text, _bbox(props), _conf(props)))
    else:
        line.words = [OcrWord(t) for t in "".join(el.itertext()).split()]
    return line


def _page(el: etree._Element) -> OcrPage:
    props = title_props(el.get("title"))
    bbox = _bbox(props)
    image = props.get("image", "").strip('"') or None
    page = OcrPage(width=bbox[2] - bbox[0] if bbox else None,
                   height=bbox[3] - bbox[1] if bbox else None, image=image)
    page.lines = [_line(ln) for ln in el.iter() if _classes(ln) & LINE_CLASSES]
    return page


def _engine(root: etree._Element) -> str | None:
    for el in root.iter():
        if local_name(el) == "meta" and el.get("name") == "ocr-system":
            return el.get("content")
    return None


def parse_hocr(data: bytes, doc_id: str = "hocr", *, source: str = "<data>",
               lenient: bool = False) -> Document:
    """A Document from hOCR ``data`` (see the module notes).  ``lenient``: parse as HTML."""
    root = parse_xml(data, source, "hOCR", lenient=lenient)
    if local_name(root) != "html":
        raise InputError(f"{source}: not hOCR (the root element is <{local_name(root)}>, "
                         f"not <html>)")
    page_els = [el for el in root.iter() if PAGE_CLASS in _classes(el)]
    if page_els:
        pages = [_page(el) for el in page_els]
    elif any(_classes(el) & LINE_CLASSES for el in root.iter()):
        pages = [_page(root)]
    else:
        raise InputError(f"{source}: no hOCR page or line elements found",
                         hint="expected class='ocr_page' / 'ocr_line' / 'ocrx_word' elements")
    meta = {"source_type": "hocr", "ocr_engine": _engine(root)}
    return build_document(pages, doc_id, source=source, meta=meta)


def read_hocr(source: Source, doc_id: str | None = None, *, lenient: bool = False) -> Document:
    """A Document from an hOCR file (a path) or hOCR bytes."""
    data, name = read_source(source)
    if doc_id is None:
        doc_id = Path(name).stem if not isinstance(source, bytes) else "hocr"
    return parse_hocr(data, doc_id, source=name, lenient=lenient)
