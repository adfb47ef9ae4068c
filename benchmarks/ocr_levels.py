"""Measure the scan ingest on rendered typescript pages: CER, WER and seconds per page.

The text is the Russian part of a seed export (everything after the line ``Том 18`` of
``../shared/seeds/001_fe4253cd466e7b7f.txt``).  It is rendered at each degradation level
(:mod:`pipeline.render`), OCR'd with each Tesseract model (:func:`ocr_document`), and scored
against the rendered ground truth (:mod:`pipeline.metrics`).  Pages run one at a time with a
single-threaded Tesseract, so seconds per page are what one core gives; the Tesseract CPU
seconds per page are reported too, as wall time suffers when other work shares the machine.

    .venv/bin/python benchmarks/ocr_levels.py [--langs rus,Cyrillic] [--levels clean,medium,heavy]
        [--set name=value ...] [--json benchmarks/work/ocr_levels.json]

``--set`` overrides preprocessing or OCR options (e.g. ``--set psm=6 --set denoise=false``).
``--stress`` measures instead pages far noisier than ``heavy``, with and without preprocessing.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest.scan import ocr_document  # noqa: E402
from pipeline.metrics import cer, wer  # noqa: E402
from pipeline.render import (FILTHY, LEVELS, Layout, render_page, render_text,  # noqa: E402
                             wrap_text)
from PIL import Image  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "001_fe4253cd466e7b7f.txt"
MARKER = "Том 18"


def russian_part(path: Path = SEED, marker: str = MARKER) -> str:
    """The lines of a seed export after the line ``marker``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[lines.index(marker) + 1:])


def _child_cpu() -> float:
    """CPU seconds used by finished child processes (the tesseract runs): unlike wall time,
    not inflated when other work shares the cores."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(text: str, work: Path, levels: list[str], langs: list[str], options: dict,
            seed: int = 1, dpi: int = 300) -> list[dict]:
    rows = []
    for level in levels:
        folder = work / f"{level}-{dpi}"
        images = render_text(text, folder, level, seed, Layout(dpi=dpi))
        gold = (folder / "gold.txt").read_text(encoding="utf-8")
        size = sum(p.stat().st_size for p in images) / len(images)
        for lang in langs:
            cpu0 = _child_cpu()
            t0 = time.perf_counter()
            doc = ocr_document(images, lang=lang, dpi=dpi, **options)
            wall = time.perf_counter() - t0
            cpu = _child_cpu() - cpu0
            (folder / f"ocr-{lang}.txt").write_text(doc.text, encoding="utf-8")
            rows.append({
                "level": level, "lang": lang, "dpi": dpi, "pages": len(doc.pages),
                "cer": round(cer(doc.text, gold), 4), "wer": round(wer(doc.text, gold), 4),
                "s_per_page": round(wall / len(doc.pages), 2),
                "tesseract_cpu_s_per_page": round(cpu / len(doc.pages), 2),
                "tesseract_s_per_page": round(
                    sum(p.ocr_seconds or 0 for p in doc.pages) / len(doc.pages), 2),
                "mean_conf": round(sum(p.mean_conf or 0 for p in doc.pages) / len(doc.pages), 1),
                "png_kb_per_page": round(size / 1000),
                "failed_pages": doc.meta["failed_pages"],
            })
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


RAW = {"deskew": False, "denoise": False, "binarize": False}


def stress(text: str, work: Path, timeout: float = 300.0) -> list[dict]:
    """Pages far noisier than ``heavy`` (:data:`~pipeline.render.FILTHY`): a full page and a
    nearly blank one (three lines), OCR'd with the default preprocessing and without it."""
    lines = wrap_text(text, Layout().chars_per_line)
    pages = {"full page": lines[:Layout().lines_per_page], "three lines": lines[:3]}
    rows = []
    for name, page_lines in pages.items():
        path = work / f"filthy-{name.replace(' ', '-')}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(render_page(page_lines, FILTHY, seed=1)).save(path, dpi=(300, 300))
        gold = "\n".join(page_lines)
        for setting, options in (("preprocessed", {}), ("raw", RAW)):
            cpu0, t0 = _child_cpu(), time.perf_counter()
            doc = ocr_document(path, timeout=timeout, **options)
            rows.append({"page": name, "setting": setting,
                         "seconds": round(time.perf_counter() - t0, 2),
                         "tesseract_cpu_s": round(_child_cpu() - cpu0, 2),
                         "chars": len(doc.text), "gold_chars": len(gold),
                         "cer": round(cer(doc.text, gold), 4), "error": doc.pages[0].error})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def _value(raw: str):
    low = raw.lower()
    if low in ("true", "false"):
        return low == "true"
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            pass
    return raw


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", default=",".join(LEVELS))
    ap.add_argument("--langs", default="rus,Cyrillic")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work" / "ocr_levels")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--stress", action="store_true",
                    help="instead: pages far noisier than heavy, with and without preprocessing")
    args = ap.parse_args(argv)
    options = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    if args.stress:
        rows = stress(russian_part(), args.work)
    else:
        rows = measure(russian_part(), args.work, args.levels.split(","),
                       args.langs.split(","), options, args.seed, args.dpi)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"options": options, "rows": rows}, indent=2,
                                        ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
