"""Scan ingest: page images (PNG, TIFF, JPEG, PDF) through OpenCV and Tesseract to a Document.

* :func:`load_images` / :func:`iter_images` read the pages of a file as numpy arrays
  (uint8, grey or RGB); PDF pages are rendered with pypdfium2 at 300 dpi.
* :func:`preprocess` (from :mod:`pipeline.ingest.preprocess`) cleans a page;
  its parameters are :data:`PREPROCESS_PARAMS`.
* :func:`ocr_page` (from :mod:`pipeline.ingest.tesseract`) OCRs one page.
* :func:`ocr_document` does all pages of one or more files and builds the Document: page
  texts joined by :data:`PAGE_SEPARATOR` (``"\\n\\f\\n"``), one :class:`~pipeline.model.Page`
  per page with its span, size, mean confidence, OCR time and preprocessing report, and tokens
  with page, box and confidence.  Boxes are in the preprocessed (deskewed) page.

Bad input gets a clear error with a stable code: a zero-byte file is ``EmptyInput`` (E101), an
undecodable one ``CorruptImage`` (E102), an unknown extension ``UnsupportedType`` (E103).
Size policy: a page over :data:`MAX_SIDE` px on a side or :data:`MAX_PIXELS` pixels is
downscaled to fit, with a warning and ``Page.preprocessing["downscaled"]`` (scans at 600+ dpi are
common and OCR needs no more than 300); a file whose page would exceed :data:`HARD_MAX_PIXELS`
before decoding is refused with ``TooLarge`` (E106) rather than exhaust memory.

One failing page (Tesseract timeout or error) does not stop the document: the page gets
empty text and ``Page.error``.  Nor does a multi-page file that breaks after some pages: the
pages read are kept and one failed page records the error.  A file that cannot be read at
all raises, and so does a missing Tesseract or language (``OcrUnavailable``).
"""
from __future__ import annotations

import struct
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

import cv2
import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ..errors import (ConfigError, CorruptImage, EmptyInput, InputError, OcrFailed,
                      TooLarge, UnsupportedType)
from ..model import Document
from ..stages import Param
from .layout import PAGE_SEPARATOR, OcrPage, build_document
from .preprocess import PREPROCESS_PARAMS, check_options, preprocess, to_uint8
from .tesseract import OCR_PARAMS, check_languages, ocr_page, tesseract_version

__all__ = ["load_images", "iter_images", "preprocess", "ocr_page", "ocr_document",
           "check_tesseract", "PREPROCESS_PARAMS", "OCR_PARAMS", "RUN_PARAMS", "SCAN_PARAMS",
           "PAGE_SEPARATOR", "IMAGE_TYPES"]

IMAGE_TYPES = {".png": "png", ".tif": "tiff", ".tiff": "tiff", ".jpg": "jpeg", ".jpeg": "jpeg",
               ".pdf": "pdf"}
PDF_DPI = 300
MAX_SIDE = 12_000
MAX_PIXELS = 100_000_000
HARD_MAX_PIXELS = 600_000_000


def _check_file(path: Path) -> str:
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedType(f"{path}: unsupported file type {path.suffix or '(none)'!r}",
                              hint=f"scans must be one of {', '.join(sorted(IMAGE_TYPES))}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise EmptyInput(f"{path}: the file is empty (0 bytes)")
    return kind


def fit_size(img: np.ndarray, where: str) -> tuple[np.ndarray, float]:
    """``img`` downscaled (with a warning) to fit :data:`MAX_SIDE` and :data:`MAX_PIXELS`."""
    h, w = img.shape[:2]
    factor = min(1.0, MAX_SIDE / max(h, w), (MAX_PIXELS / (h * w)) ** 0.5)
    if factor >= 1.0:
        return img, 1.0
    warnings.warn(f"{where}: {w}x{h} px page downscaled by {factor:.3f} to fit "
                  f"{MAX_SIDE} px / {MAX_PIXELS // 1_000_000} Mpx", stacklevel=3)
    size = (max(1, int(w * factor)), max(1, int(h * factor)))
    return cv2.resize(img, size, interpolation=cv2.INTER_AREA), factor


def _pil_to_array(frame: Image.Image) -> np.ndarray:
    """uint8 grey or RGB array of a PIL frame in any mode (transparency over white)."""
    if frame.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return to_uint8(np.asarray(frame))
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, rgba)
    if frame.mode not in ("L", "RGB"):
        frame = frame.convert("L" if frame.mode in ("1", "LA") else "RGB")
    return np.asarray(frame)


def _check_pixels(path: Path, w: int, h: int) -> None:
    """Refuse a page too large to read, before decoding it (a decompression bomb or a
    mis-set resolution)."""
    if w * h > HARD_MAX_PIXELS:
        raise TooLarge(f"{path}: a {w}x{h} px page is too large to read "
                       f"(limit {HARD_MAX_PIXELS // 1_000_000} Mpx)")


def _gray_png(path: Path) -> np.ndarray | None:
    """An 8-bit greyscale, single-image PNG (what scanners and the renders write) decoded by
    OpenCV, which is about a sixth faster than Pillow on a 300 dpi page; None for any other
    PNG (colour, 16-bit, transparency, animation) or one OpenCV cannot read, which Pillow then
    reads (and reports).  The size limit is checked from the header before decoding."""
    try:
        with open(path, "rb") as f:
            head = f.read(33)
            if len(head) < 33 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
                return None
            w, h = struct.unpack(">II", head[16:24])
            if head[24] != 8 or head[25] != 0:
                return None
            _check_pixels(path, w, h)
            f.seek(33)
            while True:  # the chunks before the image data: no animation, no transparency
                hdr = f.read(8)
                if len(hdr) < 8:
                    return None
                length, kind = struct.unpack(">I", hdr[:4])[0], hdr[4:]
                if kind in (b"acTL", b"tRNS"):
                    return None
                if kind == b"IDAT":
                    break
                f.seek(length + 4, 1)
        img = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_UNCHANGED)
    except (OSError, struct.error, cv2.error):
        return None
    if img is None or img.ndim != 2 or img.dtype != np.uint8 or img.shape != (h, w):
        return None
    return img


def _iter_raster(path: Path) -> Iterator[np.ndarray]:
    if path.suffix.lower() == ".png":
        fast = _gray_png(path)
        if fast is not None:
            yield fast
            return
    try:
        with Image.open(path) as im:
            _check_pixels(path, *im.size)
            for n, frame in enumerate(ImageSequence.Iterator(im), start=1):
                frame.load()
                if n == 1 and im.format == "JPEG":
                    frame = ImageOps.exif_transpose(frame)
                yield _pil_to_array(frame)
    except Image.DecompressionBombError as exc:
        raise TooLarge(f"{path}: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptImage(f"{path}: not a readable image ({type(exc).__name__}: {exc})") from exc


def _iter_pdf(path: Path, dpi: int) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise CorruptImage(f"{path}: not a readable PDF ({exc})") from exc
    try:
        if len(pdf) == 0:
            raise EmptyInput(f"{path}: the PDF has no pages")
        for index in range(len(pdf)):
            page = pdf[index]
            w_pt, h_pt = page.get_size()
            scale = dpi / 72
            if w_pt * h_pt * scale * scale > HARD_MAX_PIXELS:
                scale = (MAX_PIXELS / (w_pt * h_pt)) ** 0.5
                warnings.warn(f"{path} page {index + 1}: rendered at {scale * 72:.0f} dpi "
                              f"instead of {dpi} to stay under the size limit", stacklevel=2)
            try:
                bitmap = page.render(scale=scale, grayscale=True)
                yield np.array(bitmap.to_pil().convert("L"))
            except pdfium.PdfiumError as exc:
                raise CorruptImage(f"{path} page {index + 1}: cannot render ({exc})") from exc
            finally:
                page.close()
    finally:
        pdf.close()


def _iter_fitted(path: str | Path, pdf_dpi: int) -> Iterator[tuple[np.ndarray, float]]:
    """Pages of a scan file with the factor each was downscaled by (1.0: not)."""
    p = Path(path)
    kind = _check_file(p)
    pages = _iter_pdf(p, pdf_dpi) if kind == "pdf" else _iter_raster(p)
    for n, img in enumerate(pages, start=1):
        if img.size == 0:
            raise CorruptImage(f"{p} page {n}: the image has no pixels")
        yield fit_size(img, f"{p} page {n}")


def iter_images(path: str | Path, *, pdf_dpi: int = PDF_DPI) -> Iterator[np.ndarray]:
    """The pages of a scan file one at a time (keeps memory flat for long PDFs and TIFFs)."""
    for img, _ in _iter_fitted(path, pdf_dpi):
        yield img


def load_images(path: str | Path, *, pdf_dpi: int = PDF_DPI) -> list[np.ndarray]:
    """All pages of a PNG, TIFF (multi-page), JPEG or PDF (multi-page) file."""
    return list(iter_images(path, pdf_dpi=pdf_dpi))


#: options of ocr_document beyond preprocessing and OCR: name -> (type, default, description)
RUN_PARAMS = {
    "workers": (int, 1, "pages OCR'd at once by one document (each by a single-threaded "
                        "Tesseract); the batch runner usually parallelises documents instead"),
    "pdf_dpi": (int, PDF_DPI, "resolution PDF pages are rendered at"),
}
#: every option :func:`ocr_document` takes (for listing by the CLI)
SCAN_PARAMS = {**PREPROCESS_PARAMS, **OCR_PARAMS, **RUN_PARAMS}
_OTHER = {name: Param(*spec) for name, spec in {**OCR_PARAMS, **RUN_PARAMS}.items()}


def split_options(options: dict[str, Any]) -> tuple[dict, dict, dict]:
    """``options`` checked (strings from the command line converted) and split into
    preprocessing, OCR and run options, defaults filled in.  Unknown names raise E301."""
    rest = {k: v for k, v in options.items() if k not in _OTHER}
    other = {name: p.default for name, p in _OTHER.items()}
    for name in set(options) & set(_OTHER):
        other[name] = _OTHER[name].check("ocr", name, options[name])
    if other["workers"] < 1 or other["pdf_dpi"] < 1 or other["timeout"] < 0:
        raise ConfigError("workers and pdf_dpi must be at least 1, timeout not negative",
                          code="E302")
    ocr = {k: other[k] for k in OCR_PARAMS}
    run = {k: other[k] for k in RUN_PARAMS}
    return check_options(rest), ocr, run


def check_tesseract(lang: str = "rus") -> str:
    """Raise ``OcrUnavailable`` (E200) unless Tesseract and ``lang`` are installed; returns
    the Tesseract version."""
    check_languages(lang)
    return tesseract_version()


@dataclass
class _Job:
    """A decoded page waiting for OCR, or the error that ended its file early."""

    image: str
    source_page: int
    img: np.ndarray | None = None
    downscaled: float = 1.0
    error: str | None = None


def _process_page(job: _Job, pre: dict, ocr: dict) -> OcrPage:
    if job.img is None:
        return OcrPage(image=job.image, error=job.error,
                       preprocessing={"source_page": job.source_page})
    h, w = job.img.shape[:2]
    cleaned, info = preprocess(job.img, **pre)
    info["source_page"] = job.source_page
    if job.downscaled < 1.0:
        info["downscaled"] = round(job.downscaled, 4)
    if info.get("blank"):
        return OcrPage(width=w, height=h, image=job.image, preprocessing=info, ocr_seconds=0.0)
    try:
        page = ocr_page(cleaned, **ocr)
    except OcrFailed as exc:
        return OcrPage(width=w, height=h, image=job.image, preprocessing=info, error=str(exc))
    page.width, page.height, page.image, page.preprocessing = w, h, job.image, info
    return page


def _page_jobs(paths: Sequence[Path], pdf_dpi: int) -> Iterator[_Job]:
    """Pages of all files in order.  A file that cannot be read at all raises; one that
    breaks after some pages ends with a failed page, so the pages before it are kept."""
    for path in paths:
        n = 0
        try:
            for n, (img, factor) in enumerate(_iter_fitted(path, pdf_dpi), start=1):
                yield _Job(str(path), n, img, factor)
        except (CorruptImage, TooLarge) as exc:
            if n == 0:
                raise
            yield _Job(str(path), n + 1, error=f"{exc} (pages from {n + 1} on are lost)")


def ocr_document(path: str | Path | Sequence[str | Path], doc_id: str | None = None,
                 **options: Any) -> Document:
    """OCR every page of a scan file (or of several files, in order) into a Document.

    ``options`` are those of :data:`SCAN_PARAMS`: preprocessing (:data:`PREPROCESS_PARAMS`),
    OCR (:data:`OCR_PARAMS`: ``lang``, ``psm``, ``timeout``, ``dpi``) and :data:`RUN_PARAMS`
    (``workers``, ``pdf_dpi``).  Values may be strings (from the command line).  Unknown
    options raise ``ConfigError``.
    """
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    if not paths:
        raise EmptyInput("no scan files given")
    pre, ocr, run = split_options(options)
    workers = run["workers"]
    engine = check_tesseract(ocr["lang"])
    jobs = _page_jobs(paths, run["pdf_dpi"])
    if workers == 1:
        pages = [_process_page(job, pre, ocr) for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pages = _bounded_map(pool, jobs, pre, ocr, workers)
    meta = {"source_type": "scan", "ocr_engine": f"tesseract {engine}",
            "ocr": ocr, "preprocess": pre, "page_separator": PAGE_SEPARATOR,
            "failed_pages": [n for n, p in enumerate(pages, start=1) if p.error]}
    return build_document(pages, doc_id or paths[0].stem, source=str(paths[0]), meta=meta)


def _bounded_map(pool: ThreadPoolExecutor, jobs: Iterator[_Job], pre: dict, ocr: dict,
                 workers: int) -> list[OcrPage]:
    """Process pages in parallel with at most ``2 * workers`` decoded pages in memory."""
    pending, done = [], []
    for job in jobs:
        pending.append(pool.submit(_process_page, job, pre, ocr))
        if len(pending) >= 2 * workers:
            done.append(pending.pop(0).result())
    done.extend(f.result() for f in pending)
    return done
