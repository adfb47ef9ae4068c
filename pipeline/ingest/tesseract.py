"""Running Tesseract on one page image: words with boxes and confidences, grouped into lines.

Tesseract runs through pytesseract's ``image_to_data`` (TSV output).  Its OpenMP threading is
limited to one thread (``OMP_THREAD_LIMIT=1``, set in this process's environment, which the
tesseract subprocess inherits): with the default threading a page took 7–10 times longer on a
2-core machine (``MEASURED.md``); parallelism belongs to pages, not to one page.

Errors: a missing ``tesseract`` binary or missing traineddata for the language raise
:class:`~pipeline.errors.OcrUnavailable` (E200) with the install command; a page that runs past
its ``timeout`` or that Tesseract cannot read raises :class:`~pipeline.errors.OcrFailed` (E201).
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pytesseract
from pytesseract import Output

from ..errors import OcrFailed, OcrUnavailable
from .layout import OcrLine, OcrPage, OcrWord, clean_word

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-rus"
#: Debian packages that provide each language (the script models are a separate package)
LANG_PACKAGES = {"rus": "tesseract-ocr-rus", "Cyrillic": "tesseract-ocr-script-cyrl",
                 "eng": "tesseract-ocr-eng"}

#: the OCR options ocr_page takes: name -> (type, default, description)
OCR_PARAMS = {
    "lang": (str, "rus", "Tesseract language(s), e.g. rus, Cyrillic, rus+eng"),
    "psm": (int, 4, "page segmentation mode; 4 (one column of text) beat 6 on heavy "
                    "typescript pages and equalled 3"),
    "timeout": (float, 120.0, "seconds allowed per page before it fails (0: no limit)"),
    "dpi": (int, 300, "resolution given to Tesseract for images without one"),
}


def _single_thread() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    _single_thread()
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrUnavailable("the tesseract program is not installed or not on PATH",
                             hint=INSTALL_HINT) from exc


@lru_cache(maxsize=1)
def available_languages() -> frozenset[str]:
    """Installed traineddata names.  Read from ``tesseract --list-langs`` directly:
    pytesseract's ``get_languages`` drops capitalised script models such as ``Cyrillic``."""
    tesseract_version()
    try:
        out = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
                             capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"cannot list Tesseract languages: {exc}", hint=INSTALL_HINT) from exc
    lines = (out.stdout + out.stderr).splitlines()
    return frozenset(ln.strip() for ln in lines
                     if ln.strip() and not ln.startswith("List of") and " " not in ln.strip())


def check_languages(lang: str) -> None:
    """Raise OcrUnavailable unless tesseract and every language in ``lang`` (a+b) are there."""
    have = available_languages()
    missing = [part for part in lang.split("+") if part not in have]
    if missing:
        packages = " ".join(LANG_PACKAGES.get(m, f"tesseract-ocr-{m.lower()}") for m in missing)
        hint = f"apt-get install tesseract-ocr {packages}" if missing != ["rus"] else INSTALL_HINT
        raise OcrUnavailable(f"Tesseract has no traineddata for {', '.join(missing)} "
                             f"(installed: {', '.join(sorted(have)) or 'none'})", hint=hint)


def _write_uncompressed(img: np.ndarray, folder: str) -> str | None:
    """``img`` as a PGM (grey) or PPM (colour) file in ``folder``; None for what those cannot
    hold.  pytesseract would write a PNG, and compressing a 300 dpi page costs ~150 ms, more
    than all of the page's correction; Tesseract reads the same pixels either way."""
    if img.dtype != np.uint8 or img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] != 3):
        return None
    path = str(Path(folder) / ("page.pgm" if img.ndim == 2 else "page.ppm"))
    ok = cv2.imwrite(path, img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    return path if ok else None


def run_tesseract(img: np.ndarray, lang: str, psm: int, timeout: float, dpi: int) -> dict:
    """The raw ``image_to_data`` dictionary for ``img``; ``data["seconds"]`` is the time
    Tesseract itself took (the image file written for it not included)."""
    _single_thread()
    check_languages(lang)
    with tempfile.TemporaryDirectory(prefix="ocrfix-page-") as folder:
        source = _write_uncompressed(img, folder)
        t0 = time.perf_counter()
        data = _image_to_data(img if source is None else source, lang, psm, timeout, dpi)
        data["seconds"] = time.perf_counter() - t0
    return data


def _image_to_data(source: np.ndarray | str, lang: str, psm: int, timeout: float,
                   dpi: int) -> dict:
    try:
        return pytesseract.image_to_data(source, lang=lang, config=f"--psm {psm} --dpi {dpi}",
                                         output_type=Output.DICT, timeout=timeout or 0)
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable("the tesseract program is not installed or not on PATH",
                             hint=INSTALL_HINT) from exc
    except RuntimeError as exc:  # pytesseract's timeout (TesseractError is one too)
        if "timeout" in str(exc).lower():
            raise OcrFailed(f"Tesseract ran past the {timeout:g} s limit for this page",
                            hint="preprocess the page (despeckle, blank_guard) or raise the "
                                 "timeout") from exc
        message = getattr(exc, "message", str(exc))
        if re.search(r"load(ing)? language|traineddata", str(message), re.I):
            raise OcrUnavailable(f"Tesseract could not load {lang}: {message}",
                                 hint=INSTALL_HINT) from exc
        raise OcrFailed(f"Tesseract failed on the page: {message}") from exc


def lines_from_data(data: dict) -> list[OcrLine]:
    """Words of a TSV dictionary grouped into lines in reading order.

    A line is identified by Tesseract's (block, paragraph, line) numbers; words keep their box
    (x0, y0, x1, y1) and confidence.  Rows that are not words (levels 1–4) or hold only
    whitespace are skipped.
    """
    lines: dict[tuple[int, int, int], OcrLine] = {}
    for i, level in enumerate(data["level"]):
        if int(level) != 5:
            continue
        text = clean_word(str(data["text"][i]))
        if not text:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        x, y = int(data["left"][i]), int(data["top"][i])
        w, h = int(data["width"][i]), int(data["height"][i])
        conf = float(data["conf"][i])
        word = OcrWord(text, (x, y, x + w, y + h), conf if conf >= 0 else None)
        lines.setdefault(key, OcrLine()).words.append(word)
    for line in lines.values():
        boxes = [w.bbox for w in line.words if w.bbox]
        line.bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                     max(b[2] for b in boxes), max(b[3] for b in boxes))
    return list(lines.values())


def ocr_page(img: np.ndarray, lang: str = "rus", psm: int = 4, timeout: float = 120.0,
             dpi: int = 300) -> OcrPage:
    """OCR one (preprocessed) page image.

    Returns an :class:`~pipeline.ingest.layout.OcrPage`: ``.text`` has one line per text line,
    ``.tokens()`` the tokens indexing that text with boxes and confidences, ``.ocr_seconds``
    the time Tesseract took.  A page without text gives empty text.
    """
    h, w = img.shape[:2]
    page = OcrPage(width=w, height=h)
    if h == 0 or w == 0:
        return page
    data = run_tesseract(img, lang, psm, timeout, dpi)
    page.ocr_seconds = round(data["seconds"], 3)
    page.lines = lines_from_data(data)
    return page
