"""Cleaning a page image for Tesseract: grayscale, deskew, denoise, binarise, guard blank pages.

:func:`preprocess` runs the steps below in order; each can be switched off and each has
parameters, declared with types, defaults and descriptions in :data:`PREPROCESS_PARAMS`
(pixel sizes are for 300 dpi scans).

1. **grayscale** — colour to luminance; 16-bit to 8-bit.  With it off a colour page goes to
   Tesseract as it is and the later steps, which need one channel, are skipped.
2. **deskew** — the angle is the one whose horizontal projection of the ink is sharpest
   (text lines give tall narrow peaks); searched coarse-to-fine on a reduced copy, so it costs
   tens of milliseconds.  The page is rotated about its centre; boxes found later are in the
   rotated image (the angle is reported in ``info["skew"]``).
3. **denoise** — a median filter, before thresholding, removes grain and one-pixel specks.
4. **binarize** — adaptive (local mean) thresholding.  Global Otsu fails on noisy or
   unevenly inked pages and background normalisation breaks on near-blank noisy pages (see
   ``MEASURED.md``); a local mean minus ``threshold_c`` keeps a noisy but empty background white.
5. **despeckle** — removes connected components that are tiny, isolated small ones (a
   small blob close to bigger ink, such as a full stop, stays) and ones too big to be type
   (stains, scanner borders).  Tesseract's time grows with the blobs it must classify.
6. **blank_guard** — finds lines of type (rows of letter-sized components) and clears all
   ink that is not on or beside one; a page without lines is reported blank
   (``info["blank"] = True``) and is not sent to Tesseract.  On empty or nearly empty noisy
   pages Tesseract invents text from the speck clusters despeckling leaves: a three-line page
   far noisier than the ``heavy`` render level ran past a 300 s limit without this step and
   took 0.5 s with it (``docs/ocr.md``).
"""
from __future__ import annotations

import time
from typing import Any

import cv2
import numpy as np

from ..errors import ConfigError
from ..stages import Param

#: name -> (type, default, description); the CLI lists these
PREPROCESS_PARAMS: dict[str, tuple[type, Any, str]] = {
    "grayscale": (bool, True, "convert colour pages to grey (needed by all later steps)"),
    "deskew": (bool, True, "estimate the skew angle and rotate the page straight"),
    "max_skew": (float, 5.0, "largest skew angle searched, degrees"),
    "min_skew": (float, 0.1, "smaller angles are left alone, degrees"),
    "denoise": (bool, True, "median filter before binarising"),
    "median_ksize": (int, 3, "median filter size, px (odd)"),
    "binarize": (bool, True, "adaptive thresholding to black text on white"),
    "block_size": (int, 71, "neighbourhood of the adaptive threshold, px (odd)"),
    "threshold_c": (int, 15, "grey levels below the local mean that count as ink; "
                             "higher keeps a noisy background white"),
    "despeckle": (bool, True, "remove specks: tiny, isolated or oversized components"),
    "speck_area": (int, 10, "components smaller than this (px²) are always removed"),
    "isolated_area": (int, 60, "components smaller than this (px²) are removed unless near "
                               "bigger ink"),
    "isolation_distance": (int, 24, "how near (px) bigger ink must be to keep a small component"),
    "max_component": (int, 400, "components taller or wider than this (px) are not type and "
                                "are removed"),
    "blank_guard": (bool, True, "clear ink away from lines of type; a page without lines is "
                                "blank and skips OCR"),
    "min_letter": (int, 15, "height (px) from which a component counts as a letter"),
    "line_gap": (int, 101, "letters closer than this (px) on a row are one line; bridges "
                           "word spaces and dashes (3 typewriter cells)"),
    "min_letters": (int, 1, "letters a line needs (1 keeps lone page numbers and brackets)"),
}

_PARAMS = {name: Param(t, d, desc) for name, (t, d, desc) in PREPROCESS_PARAMS.items()}


def check_options(options: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled in, values checked; an unknown name raises ``ConfigError`` (E301)."""
    unknown = set(options) - set(_PARAMS)
    if unknown:
        raise ConfigError(f"unknown preprocessing parameter(s): {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(_PARAMS)}", code="E301")
    config = {name: p.default for name, p in _PARAMS.items()}
    for name, value in options.items():
        config[name] = _PARAMS[name].check("preprocess", name, value)
    for name in ("median_ksize", "block_size"):
        if config[name] % 2 == 0 or config[name] < 3:
            raise ConfigError(f"parameter preprocess.{name} must be odd and >= 3", code="E302")
    return config


def to_uint8(img: np.ndarray) -> np.ndarray:
    """8-bit version of a deeper image: 16-bit values are divided by 257 (full range kept);
    values of another range (32-bit, float) are scaled by their maximum."""
    if img.dtype == np.uint8:
        return img
    top = float(img.max()) if img.size else 0.0
    if top <= 255 and img.dtype.kind in "ui":
        return img.astype(np.uint8)
    factor = 1 / 257 if top <= 65535 and img.dtype.kind in "ui" else 255.0 / (top or 1.0)
    return np.clip(np.rint(img.astype(np.float64) * factor), 0, 255).astype(np.uint8)


def to_gray(img: np.ndarray) -> np.ndarray:
    """8-bit single-channel version of a grey, RGB or RGBA page (RGBA composited on white)."""
    img = to_uint8(img)
    if img.ndim == 2:
        return img
    if img.shape[2] == 4:
        alpha = img[:, :, 3:4].astype(np.float32) / 255.0
        img = (img[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    return cv2.cvtColor(img[:, :, :3], cv2.COLOR_RGB2GRAY)


def estimate_skew(gray: np.ndarray, max_angle: float = 5.0) -> float:
    """The page's skew in degrees, counter-clockwise positive (text rising to the right).

    Ink pixels of a reduced, thresholded copy are projected onto the vertical axis for
    candidate angles; the angle with the sharpest profile (largest sum of squared row counts)
    wins, searched in 0.5° steps and refined in 0.05° steps.
    """
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    ink = cv2.medianBlur(ink, 3)
    ys, xs = np.nonzero(ink)
    if len(ys) < 50:
        return 0.0
    xs = xs - small.shape[1] / 2

    def sharpness(angle: float) -> float:
        t = np.deg2rad(angle)
        rows = np.round(ys - xs * np.tan(t)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    # rows are level at angle t when the text was rotated by -t
    return round(-float(max(fine, key=sharpness)), 2) + 0.0


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate ``gray`` by ``angle`` degrees (counter-clockwise) about its centre, same size.
    The corners are filled with the paper's grey (the median of the page): black corners
    would be read as ink, and replicated borders smear edge noise into streaks."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    paper = float(np.median(gray[::8, ::8]))
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=paper)


def binarize(gray: np.ndarray, block_size: int, c: int) -> np.ndarray:
    """Black (0) text on white (255) by a local-mean threshold."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY,
                                 block_size, c)


class Components:
    """The connected components (8-connected) of the ink of a black-on-white page, labelled once.

    The ink pixels are listed once, with their labels, so painting or testing a set of
    components costs in proportion to the ink rather than to the page: a look-up
    ``table[labels]`` over a whole 300 dpi page costs about 30 ms each time.  ``alive`` marks
    the components still on the page; the steps below clear components by unmarking them, and
    since clearing a whole component leaves the others as they were, one labelling serves them
    all.
    """

    def __init__(self, binary: np.ndarray) -> None:
        self.binary = binary
        self.n, labels, self.stats, self.centroids = cv2.connectedComponentsWithStats(
            cv2.bitwise_not(binary), connectivity=8)
        self.pixels = np.flatnonzero(binary < 255)  # where the labels are non-zero
        self.labels = labels.ravel()[self.pixels]
        self.alive = np.ones(self.n, bool)
        self.alive[0] = False  # label 0 is the background

    def paint(self, which: np.ndarray) -> np.ndarray:
        """A 0/1 image of the components marked in ``which`` (one flag per label)."""
        out = np.zeros(self.binary.shape, np.uint8)
        out.ravel()[self.pixels[which[self.labels]]] = 1
        return out

    def touching(self, mask: np.ndarray) -> np.ndarray:
        """Per label: whether any pixel of the component lies where ``mask`` is non-zero."""
        hit = mask.ravel()[self.pixels] > 0
        return np.bincount(self.labels[hit], minlength=self.n) > 0

    def image(self) -> np.ndarray:
        """The page with the components no longer alive cleared to white."""
        out = self.binary.copy()
        gone = ~self.alive
        gone[0] = False
        out.ravel()[self.pixels[gone[self.labels]]] = 255
        return out


def _despeckle(comp: Components, speck_area: int, isolated_area: int, distance: int,
               max_size: int) -> dict:
    stats = comp.stats
    area = stats[:, cv2.CC_STAT_AREA]
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    tiny = (area < speck_area) & comp.alive
    huge = (size > max_size) & comp.alive
    small = (area < isolated_area) & ~tiny & comp.alive
    big = comp.alive & ~tiny & ~small & ~huge
    near = np.zeros(comp.n, bool)
    if small.any():
        k = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * distance + 1, 2 * distance + 1))
        near = comp.touching(cv2.dilate(comp.paint(big), k))
    isolated = small & ~near
    comp.alive &= ~(tiny | huge | isolated)
    return {"removed_tiny": int(tiny.sum()), "removed_isolated": int(isolated.sum()),
            "removed_oversized": int(huge.sum()), "components": int(comp.alive.sum())}


def despeckle(binary: np.ndarray, speck_area: int, isolated_area: int, distance: int,
              max_size: int) -> tuple[np.ndarray, dict]:
    """Remove specks from a black-on-white image; returns the image and counts of what went."""
    comp = Components(binary)
    counts = _despeckle(comp, speck_area, isolated_area, distance, max_size)
    return comp.image(), counts


def _guard_blank_areas(comp: Components, min_letter: int, line_gap: int,
                       min_letters: int) -> dict:
    h, w = comp.stats[:, cv2.CC_STAT_HEIGHT], comp.stats[:, cv2.CC_STAT_WIDTH]
    letter = (h >= min_letter) & (h <= 8 * min_letter) & (w <= 8 * min_letter) & comp.alive
    row_gap = np.ones((1, line_gap), np.uint8)
    joined = cv2.dilate(comp.paint(letter), row_gap)
    m, rows = cv2.connectedComponents(joined, connectivity=8)
    idx = np.flatnonzero(letter)
    height, width = comp.binary.shape
    cy = np.clip(np.rint(comp.centroids[idx, 1]).astype(int), 0, height - 1)
    cx = np.clip(np.rint(comp.centroids[idx, 0]).astype(int), 0, width - 1)
    per_row = np.bincount(rows[cy, cx], minlength=m)
    per_row[0] = 0
    line = per_row >= min_letters
    # the band around the rows that are lines: their letters dilated along the row (which is
    # the row itself; every pixel of a letter is in one row, so one pixel tells which), then by
    # the band's reach -- the two dilations in one, its anchor placed as the two would put it
    on_letter = letter[comp.labels]
    row_of = np.zeros(comp.n, np.int64)
    row_of[comp.labels[on_letter]] = rows.ravel()[comp.pixels[on_letter]]
    reach = max(1, min_letter // 2)
    on_line = letter & line[row_of]
    if np.array_equal(on_line, letter):
        # every letter is on a line (always so when a line needs one letter): the rows already
        # dilated along the row once; a second row dilation and one across give the same band
        band = cv2.dilate(cv2.dilate(joined, row_gap), np.ones((2 * reach + 1, 1), np.uint8))
    else:
        band = cv2.dilate(comp.paint(on_line), np.ones((2 * reach + 1, 2 * line_gap - 1), np.uint8),
                          anchor=(2 * (line_gap // 2), reach))
    off_line = comp.alive & ~comp.touching(band)
    comp.alive &= ~off_line
    lines = int(line.sum())
    ink = int(np.count_nonzero(comp.alive[comp.labels]))
    return {"text_lines": lines, "removed_off_line": int(off_line.sum()), "blank": lines == 0,
            "ink": round(ink / comp.binary.size, 5)}


def guard_blank_areas(binary: np.ndarray, min_letter: int, line_gap: int,
                      min_letters: int) -> tuple[np.ndarray, dict]:
    """Keep only ink on or beside lines of type; report the page blank when there are none.

    Letters are components ``min_letter``..``8 × min_letter`` px tall; letters less than
    ``line_gap`` px apart on a row form a line (the gap bridges word spaces and " — ", so
    one-letter words and dashes stay); a line needs ``min_letters`` letters.  Ink touching
    a line, within half a letter height above or below it (commas, breves, the dots of ё) or
    within ``line_gap`` px beyond its ends (a closing dash or bracket) is kept; the rest —
    speck clusters and smudges in the margins and in empty areas, where Tesseract would
    invent text — is cleared.  A line of punctuation alone (".") is cleared too.
    """
    comp = Components(binary)
    found = _guard_blank_areas(comp, min_letter, line_gap, min_letters)
    return comp.image(), found


def preprocess(img: np.ndarray, **options: Any) -> tuple[np.ndarray, dict]:
    """Clean a page image for OCR.  Returns ``(image, info)``.

    ``options`` are those of :data:`PREPROCESS_PARAMS`.  ``info`` records what was done and
    found: ``steps`` (the steps that ran), ``skew`` (degrees), speck counts, ``text_lines``,
    ``removed_off_line``, ``ink`` (share of the page), ``blank`` and ``seconds``.
    """
    cfg = check_options(options)
    t0 = time.perf_counter()
    info: dict[str, Any] = {"steps": [], "blank": False}
    if cfg["grayscale"]:
        img = to_gray(img)
        info["steps"].append("grayscale")
    elif img.ndim == 3:
        info["skipped"] = "colour page without grayscale: later steps need one channel"
        info["seconds"] = round(time.perf_counter() - t0, 3)
        return img, info
    if cfg["deskew"]:
        angle = estimate_skew(img, cfg["max_skew"])
        info["skew"] = angle
        if abs(angle) >= cfg["min_skew"]:
            img = rotate(img, -angle)
        info["steps"].append("deskew")
    if cfg["denoise"]:
        img = cv2.medianBlur(img, cfg["median_ksize"])
        info["steps"].append("denoise")
    if cfg["binarize"]:
        img = binarize(img, cfg["block_size"], cfg["threshold_c"])
        info["steps"].append("binarize")
        if cfg["despeckle"] or cfg["blank_guard"]:
            comp = Components(img)  # labelled once for both steps
            if cfg["despeckle"]:
                info.update(_despeckle(comp, cfg["speck_area"], cfg["isolated_area"],
                                       cfg["isolation_distance"], cfg["max_component"]))
                info["steps"].append("despeckle")
            if cfg["blank_guard"]:
                info.update(_guard_blank_areas(comp, cfg["min_letter"], cfg["line_gap"],
                                               cfg["min_letters"]))
                info["steps"].append("blank_guard")
            img = comp.image()
    info["seconds"] = round(time.perf_counter() - t0, 3)
    return img, info
