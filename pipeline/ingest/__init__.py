"""Turning any source into a :class:`~pipeline.model.Document`.

A source is a bundle folder, a folder of sources, an archive text export, a plain OCR
text file, a scan (PNG, TIFF, JPEG, PDF), or an hOCR / ALTO file.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UnsupportedType
from ..model import Document
from ..textio import read_text
from ..tokens import tokenize

IMAGE_EXT = {".png", ".tif", ".tiff", ".jpg", ".jpeg", ".pdf"}
TEXT_EXT = {".txt", ".md", ".text"}
HOCR_EXT = {".hocr", ".html", ".htm"}
XML_EXT = {".xml"}
#: files met while walking a folder that are data beside the documents, not documents
AUXILIARY_EXT = {".tsv", ".csv", ".json", ".jsonl", ".xsd", ".yml", ".yaml", ".sqlite", ".tmp"}


@dataclass
class Source:
    path: Path
    kind: str  # bundle | text | scan | hocr | alto | unknown
    name: str

    def key(self) -> str:
        """Hash of the source's content (files of a bundle), for resuming."""
        from ..bundle import bundle_files
        h = hashlib.sha256()
        files = bundle_files(self.path) if self.kind == "bundle" else [self.path]
        for f in files:
            h.update(f.name.encode())
            try:
                h.update(f.read_bytes())
            except OSError:
                pass
        return h.hexdigest()[:24]


def source_kind(path: Path) -> str:
    from ..bundle import is_bundle
    if path.is_dir():
        return "bundle" if is_bundle(path) else "folder"
    ext = path.suffix.lower()
    if ext in IMAGE_EXT:
        return "scan"
    if ext in TEXT_EXT:
        return "text"
    if ext in HOCR_EXT:
        return "hocr"
    if ext in XML_EXT:
        return "alto"
    return "unknown"


def expand_sources(paths: list[str | Path]) -> list[Source]:
    """Sources named on the command line; folders that are not bundles are walked."""
    out: list[Source] = []
    for p in map(Path, paths):
        kind = source_kind(p) if p.exists() else "missing"
        if kind == "folder":
            out += expand_sources([c for c in sorted(p.iterdir()) if not c.name.startswith(".")
                                   and not _auxiliary(c)])
            continue
        name = p.name if p.is_dir() else p.name[:-len(".ru.txt")] if p.name.endswith(".ru.txt") else p.stem
        out.append(Source(p, kind, name))
    names: dict[str, int] = {}
    for s in out:  # unique folder names for the outputs
        n = names.get(s.name, 0)
        names[s.name] = n + 1
        if n:
            s.name = f"{s.name}-{n + 1}"
    return out


def _auxiliary(path: Path) -> bool:
    """Files skipped in a folder walk: data files, and ``X.en.txt`` beside ``X.ru.txt``
    (the translation of that text, read with it)."""
    if path.is_dir():
        return False
    if path.suffix.lower() in AUXILIARY_EXT:
        return True
    return path.name.endswith(".en.txt") and path.with_name(path.name[:-7] + ".ru.txt").exists()


def load_source(src: Source, ocr_options: dict | None = None) -> Document:
    """Read one source into a Document, or raise an :class:`InputError` saying why not."""
    if src.kind == "missing":
        raise InputError(f"{src.path}: no such file or folder", code="E107")
    if src.kind == "bundle":
        from ..bundle import read_bundle
        doc = read_bundle(src.path, ocr_options)
    elif src.kind == "text":
        doc = load_text_file(src.path)
    elif src.kind == "scan":
        from .scan import ocr_document
        doc = ocr_document(src.path, doc_id=src.name, **(ocr_options or {}))
    elif src.kind == "hocr":
        from .hocr import read_hocr
        doc = read_hocr(src.path, doc_id=src.name)
    elif src.kind == "alto":
        from .alto import read_alto
        doc = read_alto(src.path, doc_id=src.name)
    else:
        raise UnsupportedType(f"{src.path}: unsupported file type '{src.path.suffix or '(none)'}'",
                              hint="give a bundle folder, .txt/.md export or OCR text, .png/.tif/.jpg/.pdf "
                                   "scan, .hocr or ALTO .xml")
    if doc.meta.get("source_type") not in ("scan", "hocr", "alto"):
        check_russian(doc, src.path)
    doc.source = str(src.path)
    if doc.id != src.name:
        object.__setattr__(doc, "id", src.name)
    return doc


def load_text_file(path: Path) -> Document:
    """A text file: an archive export (Russian + English) or plain OCR text."""
    from .export import looks_like_export, split_export
    text, enc = read_text(path)
    if looks_like_export(text):
        parts = split_export(text)
        doc = Document(id=path.stem, text=parts.russian, translation=parts.english,
                       meta={**parts.meta, "order": parts.order}, notes=parts.notes)
    else:
        doc = Document(id=path.stem, text=text)
        english = path.with_name(path.name[:-7] + ".en.txt") if path.name.endswith(".ru.txt") else None
        if english and english.exists():
            doc.translation = read_text(english, allow_empty=True)[0]
    doc.meta["encoding"] = enc
    doc.tokens = tokenize(doc.text)
    return doc


def check_russian(doc: Document, path: Path) -> None:
    from ..errors import NotRussian
    from ..tokens import CYRILLIC, LATIN
    cyr = len(CYRILLIC.findall(doc.text))
    lat = len(LATIN.findall(doc.text))
    if cyr == 0 or (cyr < 20 and lat > cyr) or lat > 3 * cyr:
        raise NotRussian(f"{path}: the text is not Russian ({cyr} Cyrillic and {lat} Latin letters)",
                         hint="ocrfix corrects Russian OCR text; English goes in translation.en.txt")
