"""Fit and measure the estimated-CER model (pipeline/estimate.py) on labelled pages.

Labelled pages: the archive OCR of the seeds (whole documents) and rendered typescript
pages of every labelled text at three degradation levels, OCR'd with Tesseract
(pipeline.labelled.load_labelled; renders are cached, the first run takes about a second
a page).  The model is fitted on the ``train`` split only and measured on both splits;
acceptance: on test, Spearman >= 0.9 and MAE <= 0.02.

    .venv/bin/python benchmarks/cer_estimate.py            # measure the installed model
    .venv/bin/python benchmarks/cer_estimate.py --fit      # refit, measure, write dictionaries/cer_model.json
    .venv/bin/python benchmarks/cer_estimate.py --cached   # only pages already rendered (no OCR run)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.estimate import FEATURES, fit, load_model, measure, text_features  # noqa: E402
from pipeline.ingest.layout import PAGE_SEPARATOR  # noqa: E402
from pipeline.labelled import LEVELS, labelled_texts, load_labelled  # noqa: E402
from pipeline.model import Document  # noqa: E402
from pipeline.resources import cache_dir  # noqa: E402
from pipeline.metrics import cer  # noqa: E402
from pipeline.quality import known_word_checker  # noqa: E402


def cached_renders(split: str, levels: tuple[str, ...]) -> list[Document]:
    """Rendered and OCR'd labelled texts already in the cache (the newest render of each
    text and level, whatever version of the renderer made it), without rendering more."""
    names = {t.name: t for t in labelled_texts(split)}
    newest: dict[tuple[str, str], Path] = {}
    for folder in (cache_dir() / "labelled").glob("*/ocr.json"):
        m = re.match(r"^(.*)-(" + "|".join(levels) + r")-[0-9a-f]{12}$", folder.parent.name)
        if not m or m.group(1) not in names:
            continue
        key = (m.group(1), m.group(2))
        if key not in newest or folder.stat().st_mtime > newest[key].stat().st_mtime:
            newest[key] = folder
    docs = []
    for (name, level), path in sorted(newest.items()):
        d = Document.from_dict(json.loads(path.read_text("utf-8")))
        d.gold = (path.parent / "gold.txt").read_text("utf-8")
        d.meta.update(split=names[name].split, level=level, text=name)
        docs.append(d)
    return docs


def labelled_pages(split: str, levels: tuple[str, ...], cached: bool = False) -> list[dict]:
    """One row a page: name, level, chars, features, true CER."""
    is_known, _ = known_word_checker()
    rows = []
    docs = (load_labelled(split, (), rendered=False) + cached_renders(split, levels)) if cached \
        else load_labelled(split, levels)
    for doc in docs:
        gold_pages = doc.gold.split(PAGE_SEPARATOR)
        spans = [(p.number, p.start, p.end) for p in doc.pages if p.end > p.start]
        if len(spans) != len(gold_pages) or not spans:
            spans, gold_pages = [(1, 0, len(doc.text))], [doc.gold]
        for (num, start, end), gold in zip(spans, gold_pages):
            text = doc.text[start:end]
            toks = [t for t in doc.tokens if t.page == num or len(spans) == 1]
            confs = [t.conf for t in toks if t.conf is not None and t.conf >= 0]
            rows.append({"name": doc.meta.get("text", doc.id), "level": doc.meta.get("level", ""),
                         "page": num, "chars": len(gold), "text": text,
                         "features": text_features(text, is_known, confs, toks),
                         "cer": cer(text, gold)})
    return rows


def table(rows: list[dict], model) -> None:
    print(f"{'text':28} {'level':8} {'page':>4} {'chars':>6} {'true CER':>9} {'estimate':>9}")
    for r in rows:
        print(f"{r['name'][:28]:28} {r['level']:8} {r['page']:>4} {r['chars']:>6} {r['cer']:>9.4f} "
              f"{model.predict(r['features']):>9.4f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", action="store_true", help="refit on train and write dictionaries/cer_model.json")
    ap.add_argument("--levels", default=",".join(LEVELS), help="render levels to use")
    ap.add_argument("--features", default=",".join(FEATURES), help="features the fit may use")
    ap.add_argument("--pages", action="store_true", help="print every page")
    ap.add_argument("--cached", action="store_true",
                    help="use only the renders already in the cache (any renderer version); render nothing")
    args = ap.parse_args()
    levels = tuple(x for x in args.levels.split(",") if x)
    t0 = time.perf_counter()
    train, test = labelled_pages("train", levels, args.cached), labelled_pages("test", levels, args.cached)
    print(f"labelled pages: train {len(train)}, test {len(test)} ({time.perf_counter() - t0:.1f}s)")
    if not train:
        print("no labelled pages: samples/split.tsv and the labelled texts are needed")
        return 1
    _, method = known_word_checker()
    if args.fit:
        model = fit([(r["features"], r["cer"]) for r in train], args.features.split(","),
                    weights=[r["chars"] for r in train],
                    source=f"fitted by benchmarks/cer_estimate.py on the train split of samples/split.tsv "
                           f"(levels: archive, {', '.join(levels)}; word check: {method})")
    else:
        model = load_model()
    tr_rows = [(r["features"], r["cer"]) for r in train]
    te_rows = [(r["features"], r["cer"]) for r in test]
    model.measured = {"train": measure(model, tr_rows), "test": measure(model, te_rows)}
    if args.pages:
        table(train + test, model)
    print(f"model: intercept {model.intercept} " + ", ".join(f"{k} {v}" for k, v in model.coef.items()))
    print(f"{'split':6} {'pages':>5} {'Spearman':>9} {'MAE':>7}   acceptance: Spearman >= 0.9, MAE <= 0.02")
    for split, m in model.measured.items():
        ok = m["spearman"] >= 0.9 and m["mae"] <= 0.02
        print(f"{split:6} {m['n']:>5} {m['spearman']:>9.3f} {m['mae']:>7.4f}   {'ok' if ok else 'NOT MET'}")
    for level in ("archive", *levels):
        sel = [(r["features"], r["cer"]) for r in test if r["level"] == level]
        if sel:
            m = measure(model, sel)
            print(f"  test {level:8} {m['n']:>4} pages  MAE {m['mae']:.4f}  "
                  f"mean true CER {sum(c for _, c in sel) / len(sel):.4f}")
    if args.fit:
        print(f"written {model.save()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
