"""Reading the XML of OCR layout files (hOCR, ALTO) safely and with clear errors.

The parser does not fetch DTDs or resolve external entities (no network, no file reads
behind the user's back).  An empty file raises ``EmptyInput`` (E101); malformed XML raises
``InputError`` (E100) naming the file, line and column and what the parser objected to.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree, html

from ..errors import EmptyInput, InputError

Source = str | Path | bytes


def read_source(source: Source) -> tuple[bytes, str]:
    """The bytes of ``source`` (a path, or the document itself as bytes) and a display name."""
    if isinstance(source, bytes):
        return source, "<data>"
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return path.read_bytes(), str(path)


def parse_xml(data: bytes, name: str, kind: str, *, lenient: bool = False) -> etree._Element:
    """The root element of ``data``.  ``kind`` (``hOCR``, ``ALTO``) names the format in errors.

    ``lenient`` parses as HTML (UTF-8) with error recovery instead, for hOCR from engines that
    write HTML rather than XHTML; broken markup is then repaired, not reported.
    """
    if not data.strip():
        raise EmptyInput(f"{name}: the {kind} file is empty")
    if lenient:
        root = html.fromstring(data, parser=html.HTMLParser(encoding="utf-8"))
        if root is None:
            raise InputError(f"{name}: no {kind} markup found")
        return root
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        raise InputError(f"{name}: malformed {kind} XML at line {line}, column {column}: {exc.msg}",
                         hint=f"the {kind} file is truncated or not well-formed XML") from exc


def local_name(el: etree._Element) -> str:
    """Tag without namespace, lower-case ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()
