"""Render Russian text as page images that look like a 1950 typescript, with ground truth.

The pages are for testing and measuring the scan ingest (:mod:`pipeline.ingest.scan`): the
exact text is known, so OCR output can be scored against it.

How a page is made (:func:`render_page`):

1. the text is wrapped at :attr:`Layout.chars_per_line` characters (62: a typewriter line)
   and cut into pages; each input line is a paragraph and starts on a new line, blank lines
   are dropped;
2. each character is struck separately in FreeMono (a Courier-like face with full Cyrillic,
   Debian ``fonts-freefont-ttf``) with its own darkness, a small jitter of the type bar,
   sometimes faint, sometimes with broken strokes; the ribbon inks the page unevenly;
3. the sheet is rotated by a small random skew, blurred, and gets paper grain, specks and
   stains according to the degradation level (:data:`LEVELS`: ``clean``, ``medium``,
   ``heavy``).

Everything random comes from ``numpy.random.default_rng`` seeded by ``(seed, level, page)``:
the same text, level and seed give the same pixels.  :func:`render_text` writes
``scan-001.png``, ``scan-002.png``, ... and ``gold.txt`` (the rendered lines joined by
``"\\n"``, pages joined by :data:`~pipeline.ingest.layout.PAGE_SEPARATOR`, exactly as
:func:`pipeline.ingest.scan.ocr_document` joins OCR'd pages).

The command ``ocrfix samples render TEXTFILE --out DIR`` is :data:`samples_group`.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import click
import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .ingest.layout import PAGE_SEPARATOR
from .textio import read_text

FONT_PATH = "/usr/share/fonts/truetype/freefont/FreeMono.ttf"
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Layout:
    """Page geometry.  Pixel sizes follow from ``dpi``; the defaults give A4 at 300 dpi."""

    dpi: int = 300
    page_mm: tuple[float, float] = (210.0, 297.0)  # width, height
    font_pt: float = 12.0  # FreeMono 12 pt: 10 characters an inch, like pica type
    chars_per_line: int = 62
    line_spacing: float = 1.3  # line pitch in font sizes
    stroke_pt: float = 0.25  # extra stroke weight (typewriter type is bolder than FreeMono)
    top_mm: float = 25.0
    bottom_mm: float = 20.0

    def px(self, mm: float) -> int:
        return round(mm / MM_PER_INCH * self.dpi)

    @property
    def size(self) -> tuple[int, int]:
        return self.px(self.page_mm[0]), self.px(self.page_mm[1])

    @property
    def font_px(self) -> int:
        return round(self.font_pt / 72 * self.dpi)

    @property
    def pitch(self) -> int:
        return round(self.font_px * self.line_spacing)

    @property
    def lines_per_page(self) -> int:
        usable = self.size[1] - self.px(self.top_mm) - self.px(self.bottom_mm)
        return max(1, usable // self.pitch)


@dataclass(frozen=True)
class Degradation:
    """How worn a page looks.  Pixel amounts are at 300 dpi and scaled to the layout's dpi."""

    skew: float  # largest rotation of the sheet, degrees (the angle is uniform in ±skew)
    ink: float  # mean darkness of a struck character, 0..1
    ink_spread: float  # standard deviation of the per-character darkness
    ribbon: float  # depth of the slow, page-wide unevenness of the ribbon, 0..1
    faint: float  # share of characters struck faintly (darkness × 0.3–0.6)
    broken: float  # share of characters with pieces of their strokes missing
    jitter: float  # standard deviation of the type bar's offset, px
    blur: float  # Gaussian blur sigma, px
    grain: float  # standard deviation of the paper grain, grey levels
    specks: float  # dark specks per 10,000 px²
    stains: int  # soft grey stains on the sheet


LEVELS: dict[str, Degradation] = {
    "clean": Degradation(skew=0.3, ink=0.95, ink_spread=0.03, ribbon=0.05, faint=0.0,
                         broken=0.0, jitter=0.4, blur=0.7, grain=0.0, specks=0.0, stains=0),
    "medium": Degradation(skew=1.0, ink=0.85, ink_spread=0.08, ribbon=0.2, faint=0.03,
                          broken=0.06, jitter=0.8, blur=1.0, grain=5.0, specks=0.6, stains=2),
    "heavy": Degradation(skew=2.0, ink=0.75, ink_spread=0.12, ribbon=0.35, faint=0.08,
                         broken=0.15, jitter=1.2, blur=1.4, grain=10.0, specks=3.0, stains=5),
}

#: far worse than ``heavy`` (specks everywhere, coarse grain, stains): for robustness and
#: speed tests of the scan ingest, not one of the sample levels
FILTHY = Degradation(skew=2.0, ink=0.75, ink_spread=0.12, ribbon=0.35, faint=0.08, broken=0.15,
                     jitter=1.2, blur=1.4, grain=14.0, specks=12.0, stains=6)

PAPER = 246.0  # grey level of the paper
INK = 30.0  # grey level of fully struck ink


def wrap_text(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters; each input line is a paragraph."""
    lines: list[str] = []
    for para in text.splitlines():
        if para.strip():
            lines.extend(textwrap.wrap(para.strip(), width, break_long_words=True,
                                       break_on_hyphens=True))
    return lines


def paginate(lines: list[str], per_page: int) -> list[list[str]]:
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]


def gold_text(pages: list[list[str]]) -> str:
    """The ground truth of rendered pages, joined the way the scan ingest joins pages."""
    return PAGE_SEPARATOR.join("\n".join(lines) for lines in pages)


@lru_cache(maxsize=8)
def _font(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size_px)


@lru_cache(maxsize=4096)
def _glyph(char: str, size_px: int, stroke: int) -> tuple[np.ndarray, int, int]:
    """Coverage mask (0..1) of ``char`` and its offset from the pen position (dx, dy).

    ``stroke`` thickens the outline: FreeMono is lighter than typewriter type."""
    font = _font(size_px)
    ascent, descent = font.getmetrics()
    pad = size_px // 4
    w = round(font.getlength(char)) + 2 * pad
    h = ascent + descent + 2 * pad
    img = Image.new("L", (max(w, 1), h), 0)
    ImageDraw.Draw(img).text((pad, pad + ascent), char, font=font, fill=255, anchor="ls",
                             stroke_width=stroke, stroke_fill=255)
    return np.asarray(img, dtype=np.float32) / 255.0, -pad, -(pad + ascent)


def _broken_mask(shape: tuple[int, int], rng: np.random.Generator, scale: float) -> np.ndarray:
    """Blotchy gaps (0) in a glyph: the type face worn or the ribbon dry."""
    h, w = shape
    cell = max(2, round(5 * scale))
    coarse = rng.random((h // cell + 2, w // cell + 2)).astype(np.float32)
    field = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_LINEAR)
    return (field > rng.uniform(0.25, 0.45)).astype(np.float32)


def _slow_field(shape: tuple[int, int], rng: np.random.Generator, cells: tuple[int, int]) -> np.ndarray:
    """A smooth random field 0..1 over the page."""
    coarse = rng.random(cells).astype(np.float32)
    return cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def _strike(lines: list[str], layout: Layout, deg: Degradation,
            rng: np.random.Generator) -> np.ndarray:
    """Ink coverage (0..1) of the typed lines on an unrotated sheet."""
    width, height = layout.size
    scale = layout.dpi / 300
    ink = np.zeros((height, width), np.float32)
    size = layout.font_px
    stroke = max(0, round(layout.stroke_pt / 72 * layout.dpi))
    advance = _font(size).getlength("М")
    left = (width - advance * layout.chars_per_line) / 2
    baseline0 = layout.px(layout.top_mm) + size
    for row, line in enumerate(lines):
        for col, char in enumerate(line):
            if char.isspace():
                continue
            mask, dx, dy = _glyph(char, size, stroke)
            dark = float(np.clip(rng.normal(deg.ink, deg.ink_spread), 0.15, 1.0))
            if rng.random() < deg.faint:
                dark *= rng.uniform(0.3, 0.6)
            if rng.random() < deg.broken:
                mask = mask * _broken_mask(mask.shape, rng, scale)
            jx, jy = rng.normal(0, deg.jitter * scale, 2)
            x = round(left + col * advance + dx + jx)
            y = round(baseline0 + row * layout.pitch + dy + jy)
            _stamp(ink, mask * dark, x, y)
    if deg.ribbon:
        ink *= 1 - deg.ribbon * _slow_field(ink.shape, rng, (7, 5))
    return ink


def _stamp(canvas: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    """Overstrike ``patch`` onto ``canvas`` at (x, y), clipped to the canvas."""
    h, w = patch.shape
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, canvas.shape[1]), min(y + h, canvas.shape[0])
    if x0 < x1 and y0 < y1:
        region = canvas[y0:y1, x0:x1]
        np.maximum(region, patch[y0 - y:y1 - y, x0 - x:x1 - x], out=region)


def _stain(gray: np.ndarray, rng: np.random.Generator, radius: float) -> None:
    """Darken a soft round patch of ``gray`` in place.  The blurred disc is drawn at a
    reduced size and enlarged (a wide Gaussian at full size would take seconds)."""
    h, w = gray.shape
    half = int(radius * 2.5)
    cx, cy = int(rng.uniform(0, w)), int(rng.uniform(0, h))
    small = np.zeros((40, 40), np.float32)
    cv2.circle(small, (20, 20), 8, float(rng.uniform(15, 45)), -1)
    small = cv2.GaussianBlur(small, (0, 0), 4)
    patch = cv2.resize(small, (2 * half, 2 * half), interpolation=cv2.INTER_LINEAR)
    x0, y0 = cx - half, cy - half
    xa, ya, xb, yb = max(x0, 0), max(y0, 0), min(x0 + 2 * half, w), min(y0 + 2 * half, h)
    gray[ya:yb, xa:xb] -= patch[ya - y0:yb - y0, xa - x0:xb - x0]


def _grain(shape: tuple[int, int], rng: np.random.Generator, sd: float, scale: float) -> np.ndarray:
    """Paper grain: noise in cells of ~3 px, smoothly interpolated.  Coarser than pixel noise,
    which makes the PNG files several times smaller and looks more like paper fibre."""
    cell = 3 * scale
    coarse = rng.normal(0, sd, (int(shape[0] / cell) + 2, int(shape[1] / cell) + 2))
    return cv2.resize(coarse.astype(np.float32), (shape[1], shape[0]),
                      interpolation=cv2.INTER_LINEAR)


def _wear(gray: np.ndarray, deg: Degradation, rng: np.random.Generator, scale: float) -> np.ndarray:
    """Blur, grain, specks and stains on a grey sheet (float32, 0..255)."""
    if deg.blur:
        gray = cv2.GaussianBlur(gray, (0, 0), deg.blur * scale)
    h, w = gray.shape
    for _ in range(deg.stains):
        _stain(gray, rng, rng.uniform(60, 250) * scale)
    if deg.specks:
        n = int(deg.specks * h * w / 10_000 / scale ** 2)
        xs, ys = rng.integers(0, w, n), rng.integers(0, h, n)
        radii = np.clip(rng.exponential(1.0 * scale, n), 0, 6 * scale).astype(int)
        levels = rng.uniform(60, 200, n)
        for x, y, r, v in zip(xs, ys, radii, levels):
            cv2.circle(gray, (int(x), int(y)), int(r), float(v), -1)
    if deg.grain:
        gray += _grain(gray.shape, rng, deg.grain, scale)
    return gray


def render_page(lines: list[str], level: str | Degradation = "medium", seed: int = 0,
                page: int = 1, layout: Layout = Layout()) -> np.ndarray:
    """One page image (uint8 greyscale) of ``lines`` typed at ``level`` (a name in
    :data:`LEVELS` or a :class:`Degradation` of one's own)."""
    if isinstance(level, Degradation):
        deg, stream = level, len(LEVELS)
    else:
        deg, stream = LEVELS[level], list(LEVELS).index(level)
    rng = np.random.default_rng([seed, stream, page])
    ink = _strike(lines, layout, deg, rng)
    gray = PAPER - ink * (PAPER - INK)
    angle = rng.uniform(-deg.skew, deg.skew)
    h, w = gray.shape
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    gray = cv2.warpAffine(gray, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=PAPER)
    gray = _wear(gray, deg, rng, layout.dpi / 300)
    return np.clip(gray, 0, 255).astype(np.uint8)


def render_text(text: str, out_dir: str | Path, level: str = "medium", seed: int = 0,
                layout: Layout = Layout()) -> list[Path]:
    """Render ``text`` into ``out_dir/scan-NNN.png`` and write ``out_dir/gold.txt``.

    Returns the image paths.  ``level`` is one of :data:`LEVELS`.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages = paginate(wrap_text(text, layout.chars_per_line), layout.lines_per_page)
    paths = []
    for number, lines in enumerate(pages, start=1):
        img = render_page(lines, level, seed, number, layout)
        path = out / f"scan-{number:03d}.png"
        Image.fromarray(img).save(path, dpi=(layout.dpi, layout.dpi))
        paths.append(path)
    (out / "gold.txt").write_text(gold_text(pages), encoding="utf-8")
    return paths


@click.group("samples")
def samples_group() -> None:
    """Make sample material: rendered typescript pages with ground truth."""


@samples_group.command("render")
@click.argument("textfile", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for scan-NNN.png and gold.txt (one subfolder per level with --level all).")
@click.option("--level", type=click.Choice([*LEVELS, "all"]), default="medium", show_default=True,
              help="Degradation level.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--dpi", type=int, default=300, show_default=True, help="Resolution of the pages.")
def render_command(textfile: str, out_dir: str, level: str, seed: int, dpi: int) -> None:
    """Render TEXTFILE as typescript page images with gold.txt."""
    text, _ = read_text(textfile)
    levels = list(LEVELS) if level == "all" else [level]
    for name in levels:
        target = Path(out_dir) / name if level == "all" else Path(out_dir)
        paths = render_text(text, target, name, seed, Layout(dpi=dpi))
        click.echo(f"{name}: {len(paths)} page(s) in {target}")
