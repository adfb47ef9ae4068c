"""Fit and measure the estimated-CER model (pipeline/estimate.py) on labelled pages.

Labelled pages: the archive OCR of the seeds (whole documents) and rendered typescript
pages of every labelled text at three degradation levels, OCR'd with Tesseract
(pipeline.labelled.load_labelled; renders are cached, the first run takes about a second
a page).  The model is fitted on the ``train`` split only and measured on both splits;
acceptance: on test, Spearman >= 0.9 and MAE <= 0.02.

    .venv/bin/python benchmarks/cer_estimate.py            # measure the installed model
    .venv/bin/python benchmarks/cer_estimate.py --fit      # refit, measure, write dictionaries/cer_model.json
    .venv/bin/python benchmarks/cer_estimate.py --cached   # only pages already rendered (no OCR run)
    .venv/bin/python benchmarks/cer_estimate.py --cv       # leave-one-text-out on train: chosen figures,
                                                           # each one left out, each other one added
    .venv/bin/python benchmarks/cer_estimate.py --clean    # translation shares of the true texts (train)
    .venv/bin/python benchmarks/cer_estimate.py --fixed '' # fit the coefficients of lost_spaces and
                                                           # lost_marks too (by default set to 1)

The figures the fit uses (:data:`SELECTED`) were chosen with ``--cv`` on the train split only:
pages of one text (its archive OCR and its renders at every level) are held out together,
the model fitted on the other texts predicts them, and Spearman and MAE are taken over all
held-out predictions.  Figures that need OCR confidences (``low_conf``, ``conf_gap``) are
left out on purpose: archive exports have none, and the model must rank those pages too.
Every labelled text has an English translation; the figures that use it are computed per page
against the whole document's translation, as the quality stage does.  Each document is first
run through the whole pipeline but the quality stage (about 0.3 s a page), as in ``ocrfix run``:
its real-word flags and suggestions are figures (``real_words``, ``suggested_edits``), so the
model is refitted whenever a correcting stage changes (the stage versions it was fitted with
are in the model's ``source``).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.align import align_texts  # noqa: E402
import pipeline.estimate  # noqa: E402
from pipeline.estimate import (EDIT_COUNTS, FEATURES, fit, load_model, measure, spearman, text_features,  # noqa: E402
                               translation_counts)
from pipeline.ingest.layout import PAGE_SEPARATOR  # noqa: E402
from pipeline.labelled import LEVELS, labelled_texts, load_labelled  # noqa: E402
from pipeline.model import Document  # noqa: E402
from pipeline.resources import cache_dir  # noqa: E402
from pipeline.metrics import cer  # noqa: E402
from pipeline.quality import known_word_checker, real_word_spans, suggested_edits, suggestion_edits  # noqa: E402
from pipeline.stages import Pipeline  # noqa: E402
from pipeline.tokens import tokenize  # noqa: E402

#: the stages whose flags and suggestions the figures read (real-word flags, suggested edits): a
#: whole run but the quality stage
CORRECT = Pipeline(skip=["quality"])


#: the figures the fit uses, chosen by leave-one-text-out cross-validation on train (``--cv``)
SELECTED = ("unknown_edits", "odd_chars", "lost_spaces", "lost_lines", "lost_marks", "space_marks", "real_words",
            "suggested_edits")
#: figures whose coefficient is set to 1, not fitted: they count lost or added characters, each one
#: character edit (:data:`pipeline.estimate.EDIT_COUNTS`); chosen with ``--cv`` like the figures
FIXED = dict.fromkeys(EDIT_COUNTS, 1.0)
#: figures that need OCR word confidences (scans only): not offered to the fit
NEEDS_CONFIDENCE = ("low_conf", "conf_gap")


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
        d.translation = d.translation or names[name].translation
        d.meta.update(split=names[name].split, level=level, text=name, batch=names[name].batch)
        docs.append(d)
    return docs


#: how older renders (and their gold.txt) joined pages, before the form-feed separator
LEGACY_PAGE_SEPARATOR = "\n\n"


def gold_pages(gold: str, n_pages: int) -> list[str]:
    """The true text of each of ``n_pages`` pages: split at the form-feed page separator, or
    at blank lines for renders cached before it (a rendered page has no blank lines); one
    page when neither gives ``n_pages`` parts."""
    for sep in (PAGE_SEPARATOR, LEGACY_PAGE_SEPARATOR):
        parts = gold.split(sep)
        if len(parts) == n_pages:
            return parts
    return [gold]


def labelled_pages(split: str, levels: tuple[str, ...], cached: bool = False,
                   translation: bool = True) -> list[dict]:
    """One row a page: name, level, chars, features, true CER (``translation=False``: the
    figures as for a document without a translation)."""
    is_known, _ = known_word_checker()
    rows = []
    docs = (load_labelled(split, (), rendered=False) + cached_renders(split, levels)) if cached \
        else load_labelled(split, levels)
    for doc in docs:
        spans = [(p.number, p.start, p.end) for p in doc.pages if p.end > p.start]
        golds = gold_pages(doc.gold, len(spans))
        if len(spans) != len(golds) or not spans:
            spans, golds = [(1, 0, len(doc.text))], [doc.gold]
        # as the quality stage does: one alignment of the document, restricted to each page
        al = align_texts(doc.text, doc.translation, doc.notes) \
            if translation and doc.translation.strip() and doc.text.strip() else None
        # the detect stage's real-word flags and the suggestions, as the quality stage finds them
        # at the end of a run
        probe = Document(id=doc.id, text=doc.text, tokens=doc.tokens or tokenize(doc.text), pages=doc.pages,
                         translation=doc.translation, notes=doc.notes)
        CORRECT.run(probe)
        rw = [s for s, _ in real_word_spans(probe)]
        edits = suggestion_edits(probe)
        for (num, start, end), gold in zip(spans, golds):
            text = doc.text[start:end]
            toks = [t for t in doc.tokens if t.page == num or len(spans) == 1]
            confs = [t.conf for t in toks if t.conf is not None and t.conf >= 0]
            page_al = None if al is None else al if (start, end) == (0, len(doc.text)) else al.restrict(start, end)
            rows.append({"name": doc.meta.get("text", doc.id), "level": doc.meta.get("level", ""),
                         "batch": doc.meta.get("batch", ""), "page": num, "chars": len(gold), "text": text,
                         "features": text_features(text, is_known, confs, toks,
                                                     doc.translation if translation else "", page_al,
                                                     real_words=sum(start <= s < end for s in rw),
                                                     context=doc.text,
                                                     suggested_edits=suggested_edits(probe, start, end, edits=edits)),
                         "cer": cer(text, gold)})
    return rows


def clean_shares(split: str = "train") -> dict[str, float]:
    """Translation shares of the true texts of ``split`` (pooled over texts), the offsets
    of :data:`pipeline.estimate.CLEAN_SHARES`."""
    is_known, _ = known_word_checker()
    tot = dict.fromkeys(("aligned", "unmatched", "en_words", "en_unmatched", "near", "chars"), 0)
    for t in labelled_texts(split):
        if not t.translation.strip():
            continue
        c = translation_counts(t.gold, t.translation, is_known)
        for k in tot:
            tot[k] += c[k] if k != "chars" else len(t.gold)
    return {"tr_unmatched": round(tot["unmatched"] / max(1, tot["aligned"]), 3),
            "tr_en_unmatched": round(tot["en_unmatched"] / max(1, tot["en_words"]), 3),
            "tr_near (per character)": round(tot["near"] / max(1, tot["chars"]), 5)}


def cross_validate(rows: list[dict], features, fixed: dict[str, float] | None = None) -> dict:
    """Leave-one-text-out: each text's pages predicted by a model fitted on the other texts
    (``fixed``: figures of the set with a set coefficient); ``{n, spearman, mae}`` over all
    held-out predictions."""
    est, true = [], []
    fixed = {k: v for k, v in (fixed or {}).items() if k in features}
    for name in sorted({r["name"] for r in rows}):
        fit_rows = [r for r in rows if r["name"] != name]
        model = fit([(r["features"], r["cer"]) for r in fit_rows], list(features),
                    weights=[r["chars"] for r in fit_rows], fixed=fixed)
        for r in rows:
            if r["name"] == name:
                est.append(model.predict(r["features"]))
                true.append(r["cer"])
    mae = sum(abs(e - t) for e, t in zip(est, true)) / len(est)
    return {"n": len(est), "spearman": round(spearman(est, true), 4), "mae": round(mae, 4)}


def cv_table(rows: list[dict], features: list[str], fixed: dict[str, float]) -> None:
    """Cross-validation of ``features`` (those in ``fixed`` with a set coefficient), of it
    without each one, with each fixed one fitted instead, and with each other one."""
    print(f"leave-one-text-out on train ({len({r['name'] for r in rows})} texts, {len(rows)} pages)")
    print(f"{'figures (= set coefficient)':58} {'Spearman':>9} {'MAE':>7}")
    label = ", ".join(f + (f"={fixed[f]:g}" if f in fixed else "") for f in features)
    variants = [("chosen: " + label, features, fixed)]
    variants += [(f"  without {f}", [g for g in features if g != f], fixed) for f in features if len(features) > 1]
    variants += [(f"  {f} fitted", features, {k: v for k, v in fixed.items() if k != f}) for f in features if f in fixed]
    if fixed:
        variants += [("  all fitted", features, {})]
    variants += [(f"  with {f}" + (" (needs OCR confidences)" if f in NEEDS_CONFIDENCE else ""), features + [f], fixed)
                 for f in FEATURES if f not in features]
    for label, feats, fx in variants:
        m = cross_validate(rows, feats, fx)
        print(f"{label[:58]:58} {m['spearman']:>9.3f} {m['mae']:>7.4f}")


def text_interval(rows: list[dict], model, n: int = 2000, seed: int = 0) -> tuple[float, float]:
    """5th and 95th percentiles of Spearman over the pages of texts drawn with replacement from
    ``rows``' texts (as many as there are): how much the figure owes to which texts a split
    holds (a page's neighbours in one text are not independent of it)."""
    import random
    rng = random.Random(seed)
    names = sorted({r["name"] for r in rows})
    by_name = {name: [(model.predict(r["features"]), r["cer"]) for r in rows if r["name"] == name] for name in names}
    got = []
    for _ in range(n):
        pairs = [p for name in (rng.choice(names) for _ in names) for p in by_name[name]]
        if len({t for _, t in pairs}) >= 3:
            got.append(spearman([e for e, _ in pairs], [t for _, t in pairs]))
    got.sort()
    return got[int(0.05 * len(got))], got[int(0.95 * len(got))]


def table(rows: list[dict], model) -> None:
    print(f"{'text':28} {'level':8} {'page':>4} {'chars':>6} {'true CER':>9} {'estimate':>9}")
    for r in rows:
        print(f"{r['name'][:28]:28} {r['level']:8} {r['page']:>4} {r['chars']:>6} {r['cer']:>9.4f} "
              f"{model.predict(r['features']):>9.4f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", action="store_true", help="refit on train and write dictionaries/cer_model.json")
    ap.add_argument("--levels", default=",".join(LEVELS), help="render levels to use")
    ap.add_argument("--features", default=",".join(SELECTED), help="features the fit may use")
    ap.add_argument("--fixed", default=",".join(f"{k}={v:g}" for k, v in FIXED.items()),
                    help="figures with a set coefficient, name=value,... ('' : fit every one)")
    ap.add_argument("--cv", action="store_true", help="leave-one-text-out cross-validation on train only")
    ap.add_argument("--pages", action="store_true", help="print every page")
    ap.add_argument("--cached", action="store_true",
                    help="use only the renders already in the cache (any renderer version); render nothing")
    ap.add_argument("--no-translation", action="store_true",
                    help="measure with the figures of documents without a translation")
    ap.add_argument("--clean", action="store_true", help="translation shares of the true train texts")
    args = ap.parse_args()
    pipeline.estimate.NEAR_MISSES = True  # offer every figure, the unused ones too
    if args.clean:
        print("true texts of train against their translations:", clean_shares("train"))
        return 0
    levels = tuple(x for x in args.levels.split(",") if x)
    t0 = time.perf_counter()
    with_tr = not args.no_translation
    train = labelled_pages("train", levels, args.cached, with_tr)
    test = [] if args.cv else labelled_pages("test", levels, args.cached, with_tr)  # cross-validation sees train only
    print(f"labelled pages: train {len(train)}, test {len(test)} ({time.perf_counter() - t0:.1f}s, "
          f"{(time.perf_counter() - t0) / max(1, len(train) + len(test)):.2f}s a page)")
    if not train:
        print("no labelled pages: samples/split.tsv and the labelled texts are needed")
        return 1
    _, method = known_word_checker()
    features = args.features.split(",")
    fixed = {k: float(v) for k, v in (x.split("=") for x in args.fixed.split(",") if x) if k in features}
    if args.cv:
        cv_table(train, features, fixed)
        return 0
    if args.fit:
        model = fit([(r["features"], r["cer"]) for r in train], features, fixed=fixed,
                    weights=[r["chars"] for r in train],
                    source=f"fitted by benchmarks/cer_estimate.py on the train split of samples/split.tsv "
                           f"(levels: archive, {', '.join(levels)}; word check: {method}; flags and "
                           f"suggestions of {', '.join(f'{st.name}@{st.version}' for st in CORRECT.stages)})")
    else:
        model = load_model()
    tr_rows = [(r["features"], r["cer"]) for r in train]
    te_rows = [(r["features"], r["cer"]) for r in test]
    model.measured = {"train": measure(model, tr_rows), "test": measure(model, te_rows)}
    if args.pages:
        table(train + test, model)
    print(f"model: intercept {model.intercept} " + ", ".join(f"{k} {v}" + (" (set)" if k in model.fixed else "")
                                                              for k, v in model.coef.items()))
    print(f"{'split':6} {'pages':>5} {'Spearman':>9} {'MAE':>7}   acceptance: Spearman >= 0.9, MAE <= 0.02")
    for split, m in model.measured.items():
        ok = m["spearman"] >= 0.9 and m["mae"] <= 0.02
        print(f"{split:6} {m['n']:>5} {m['spearman']:>9.3f} {m['mae']:>7.4f}   {'ok' if ok else 'NOT MET'}")
    if test:
        lo, hi = text_interval(test, model)
        print(f"  test Spearman, 90% interval over its {len({r['name'] for r in test})} texts "
              f"(pages of resampled texts, 2,000 resamples): {lo:.3f}–{hi:.3f}")
    # the test split's batches (samples/split.tsv): 1 = the first seven texts, 2 = texts 125–142
    for batch in sorted({r["batch"] for r in test if r["batch"]}):
        part = [r for r in test if r["batch"] == batch]
        m = measure(model, [(r["features"], r["cer"]) for r in part])
        lo, hi = text_interval(part, model)
        print(f"  test batch {batch}: {len({r['name'] for r in part})} texts, {m['n']} pages, Spearman "
              f"{m['spearman']:.3f} (90% interval {lo:.3f}–{hi:.3f}), MAE {m['mae']:.4f}")
    # within one level the pages' true CERs are close: its Spearman says how well the estimate
    # ranks pages of like quality (the split's Spearman owes much to telling the levels apart)
    for split, part in (("train", train), ("test", test)):
        for level in ("archive", *levels):
            sel = [(r["features"], r["cer"]) for r in part if r["level"] == level]
            if sel:
                m = measure(model, sel)
                print(f"  {split:5} {level:8} {m['n']:>4} pages  Spearman {m['spearman']:6.3f}  MAE {m['mae']:.4f}  "
                      f"mean true CER {sum(c for _, c in sel) / len(sel):.4f}")
    if args.fit:
        print(f"written {model.save()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
