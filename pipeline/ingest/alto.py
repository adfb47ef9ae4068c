"""ALTO ingest: Tesseract's ``tesseract IMG OUT alto`` output (ALTO v2, v3 and v4).

Structure read (any ALTO namespace, or none):

* ``Page`` (``WIDTH``, ``HEIGHT``) — a page; ``sourceImageInformation/fileName`` names the
  image.
* ``TextLine`` — a line; its ``String`` elements are words (``CONTENT``, ``HPOS``, ``VPOS``,
  ``WIDTH``, ``HEIGHT``, word confidence ``WC`` in 0..1, stored as 0..100 like Tesseract's
  other outputs).  ``SP`` is the space between words; a ``HYP`` (line-end hyphen) is appended
  to the line's last word, as it was printed.

Coordinates are taken as they are; when ``MeasurementUnit`` is not ``pixel`` (``mm10``,
``inch1200``) the unit is recorded in ``meta["alto_unit"]`` and boxes stay in that unit.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Document
from .layout import OcrLine, OcrPage, OcrWord, build_document, clean_word
from .xmlsource import Source, local_name, parse_xml, read_source


def _num(el: etree._Element, name: str) -> float | None:
    try:
        return float(el.get(name))
    except (TypeError, ValueError):
        return None


def _box(el: etree._Element) -> tuple[int, int, int, int] | None:
    x, y, w, h = (_num(el, a) for a in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
    if None in (x, y, w, h):
        return None
    return round(x), round(y), round(x + w), round(y + h)


def _line(el: etree._Element) -> OcrLine:
    line = OcrLine(bbox=_box(el))
    for child in el:
        name = local_name(child)
        if name == "string":
            text = clean_word(child.get("CONTENT") or "")
            if text:
                wc = _num(child, "WC")
                line.words.append(OcrWord(text, _box(child),
                                          round(wc * 100, 2) if wc is not None else None))
        elif name == "hyp" and line.words:
            line.words[-1].text += child.get("CONTENT") or "-"
    return line


def _first_text(root: etree._Element, name: str) -> str | None:
    for el in root.iter():
        if local_name(el) == name and el.text and el.text.strip():
            return el.text.strip()
    return None


def parse_alto(data: bytes, doc_id: str = "alto", *, source: str = "<data>") -> Document:
    """A Document from ALTO ``data`` (see the module notes)."""
    root = parse_xml(data, source, "ALTO")
    if local_name(root) != "alto":
        raise InputError(f"{source}: not ALTO (the root element is <{local_name(root)}>, "
                         f"not <alto>)")
    image = _first_text(root, "filename")
    pages = []
    for page_el in (el for el in root.iter() if local_name(el) == "page"):
        w, h = _num(page_el, "WIDTH"), _num(page_el, "HEIGHT")
        page = OcrPage(width=round(w) if w is not None else None,
                       height=round(h) if h is not None else None, image=image)
        page.lines = [_line(el) for el in page_el.iter() if local_name(el) == "textline"]
        pages.append(page)
    if not pages:
        raise InputError(f"{source}: the ALTO file has no <Page> element")
    meta = {"source_type": "alto", "ocr_engine": _first_text(root, "softwarename")}
    unit = _first_text(root, "measurementunit")
    if unit and unit != "pixel":
        meta["alto_unit"] = unit
    return build_document(pages, doc_id, source=source, meta=meta)


def read_alto(source: Source, doc_id: str | None = None) -> Document:
    """A Document from an ALTO file (a path) or ALTO bytes."""
    data, name = read_source(source)
    if doc_id is None:
        doc_id = Path(name).stem if not isinstance(source, bytes) else "alto"
    return parse_alto(data, doc_id, source=name)
