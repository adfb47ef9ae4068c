"""Document bundles: a folder per document.

A bundle holds ``scan-*.png|tif|tiff|jpg|jpeg|pdf`` and/or ``ocr.txt`` (existing OCR text;
``ocr.hocr`` or ``ocr.alto.xml`` are read too), ``translation.en.txt``, an optional
``meta.json`` and an optional ``gold.txt`` (the true transcription, for evaluation).
When a bundle has OCR text, that text is the document; its scans (if any) are kept as
page images.  Without OCR text the scans are OCR'd.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import EmptyInput, InputError
from .ingest.export import ExportParts
from .model import Document, Page
from .textio import read_text
from .tokens import tokenize

SCAN_RE = re.compile(r"^scan[-_].*\.(png|tif|tiff|jpe?g|pdf)$", re.I)
OCR_FILES = ("ocr.txt", "ocr.hocr", "ocr.alto.xml")


def is_bundle(path: Path) -> bool:
    return path.is_dir() and (any((path / f).exists() for f in OCR_FILES) or bool(scan_files(path)))


def scan_files(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_file() and SCAN_RE.match(p.name))


def bundle_files(path: Path) -> list[Path]:
    """The files that define a bundle's content (for resume keys)."""
    names = set(OCR_FILES) | {"translation.en.txt", "meta.json", "gold.txt"}
    return sorted(p for p in path.iterdir() if p.is_file() and (p.name in names or SCAN_RE.match(p.name)))


def _optional_text(path: Path) -> str | None:
    if not path.exists():
        return None
    return read_text(path, allow_empty=True)[0]


def read_bundle(path: Path, ocr_options: dict | None = None) -> Document:
    """Load a bundle folder into a :class:`Document`."""
    path = Path(path)
    meta = json.loads((path / "meta.json").read_text("utf-8")) if (path / "meta.json").exists() else {}
    translation = _optional_text(path / "translation.en.txt") or ""
    gold = _optional_text(path / "gold.txt")
    scans = scan_files(path)
    doc: Document
    if (path / "ocr.txt").exists():
        text, enc = read_text(path / "ocr.txt")
        doc = Document(id=path.name, text=text, tokens=tokenize(text))
        doc.meta["encoding"] = enc
        doc.pages = [Page(i + 1, image=str(p)) for i, p in enumerate(scans)]
    elif (path / "ocr.hocr").exists():
        from .ingest.hocr import read_hocr
        doc = read_hocr(path / "ocr.hocr", doc_id=path.name)
    elif (path / "ocr.alto.xml").exists():
        from .ingest.alto import read_alto
        doc = read_alto(path / "ocr.alto.xml", doc_id=path.name)
    elif scans:
        from .ingest.scan import ocr_document
        docs = [ocr_document(p, doc_id=path.name, **(ocr_options or {})) for p in scans]
        doc = docs[0] if len(docs) == 1 else merge_documents(path.name, docs)
    else:
        raise InputError(f"{path}: a bundle needs ocr.txt, ocr.hocr, ocr.alto.xml or scan-* files")
    doc.translation = translation
    doc.gold = gold
    doc.meta = {**meta, **doc.meta}
    doc.notes = meta.get("notes", doc.notes)
    doc.source = str(path)
    return doc


def merge_documents(doc_id: str, docs: list[Document]) -> Document:
    """Join the documents of several scan files into one (pages renumbered)."""
    from .ingest.scan import PAGE_SEPARATOR
    texts, pages, tokens, pos = [], [], [], 0
    for d in docs:
        if texts:
            pos += len(PAGE_SEPARATOR)
        before = len(pages)
        for p in d.pages:
            pages.append(Page(**{**p.to_dict(), "number": len(pages) + 1, "start": p.start + pos,
                                 "end": p.end + pos}))
        for t in d.tokens:
            t.start += pos
            t.end += pos
            t.page = t.page + before if t.page else t.page
            tokens.append(t)
        texts.append(d.text)
        pos += len(d.text)
    merged = Document(id=doc_id, text=PAGE_SEPARATOR.join(texts), pages=pages, tokens=tokens)
    merged.meta = dict(docs[0].meta)
    return merged


def write_bundle(parts: ExportParts, out: Path, source: str = "") -> Path:
    """Write an export's parts as a bundle folder."""
    if not parts.russian.strip():
        raise EmptyInput(f"{source}: no Russian text to write")
    out.mkdir(parents=True, exist_ok=True)
    (out / "ocr.txt").write_text(parts.russian + "\n", "utf-8")
    (out / "translation.en.txt").write_text(parts.english + "\n", "utf-8")
    meta = {**parts.meta, "order": parts.order, "notes": parts.notes}
    if source:
        meta["source"] = source
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return out
