"""Calibrated confidence: the measured probability that a suggestion is right.

The model is a logistic regression over generic features of a merged candidate (its kind
and stage as one-hots, the stage's own score, OCR-weighted distance, frequency, number of
candidates, margin over the runner-up, morphological fit, number of agreeing sources),
followed by an isotonic map of its output onto observed accuracy.  It is fitted on the
``train`` split of the labelled data (:func:`fit`, sklearn at fit time only) and stored as
plain numbers in ``dictionaries/calibration.json`` with the thresholds it implies and a
reliability table, so the runtime needs only this module.

Thresholds: ``auto`` is the lowest confidence at which auto-applied fixes on train changed
at most ``max_damage`` (0.5%) of the correct words, judged on out-of-fold confidences (5 folds,
each text's renders in one fold: in-sample confidences are optimistic), and at which they
are right at least 95% of the time by a 90% lower confidence bound; ``review`` keeps suggestions that are
right at least ``review_precision`` of the time.
"""
from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from .resources import dictionaries_dir
from .stages import resource

FILE = "calibration.json"
#: the auto threshold is never below this, whatever small training data suggests
MIN_AUTO = 0.8
#: fewer labelled candidates of a kind than this, and the kind is not calibrated
MIN_KIND_ROWS = 20
KINDS = ("spelling", "segmentation", "name", "homoglyph", "layout", "number", "real-word")
STAGES = ("normalize", "lexicon", "names", "translation")
NUMERIC = ("score", "distance", "log_freq", "n_candidates", "margin", "morph", "sources", "share", "rank",
           "group", "top", "translation", "list_position", "similarity", "list_distance", "gap")


def features(c, group: list) -> dict[str, float]:
    """Generic numbers of a merged candidate in its group (same span, other replacements)."""
    f = c.features or {}
    stage = c.stage.split("@")[0]
    out = {f"kind_{k}": float(c.kind == k) for k in KINDS}
    out["kind_other"] = float(c.kind not in KINDS)
    out.update({f"stage_{s}": float(stage == s) for s in STAGES})
    best = max((g.score for g in group), default=c.score)
    out.update({
        "score": float(c.score),
        # a name placed by its position in an enumeration is not judged by its letters
        # alone: its edit distance is a feature of its own
        "distance": 0.0 if _by_position(f) else float(f.get("distance", 0.0)),
        "list_distance": float(f.get("distance", 0.0)) if _by_position(f) else 0.0,
        "log_freq": float(f.get("log_freq", 0.0)),
        "n_candidates": math.log1p(float(f.get("n_candidates", len(group)))),
        "margin": float(f.get("margin", 0.0)),
        "morph": float(f.get("morph", 0.0)),
        "sources": float(f.get("sources", 1.0)),
        "share": float(f.get("share", 1.0)),
        "rank": float(f.get("rank", 0.0)),
        "group": math.log1p(len(group)),
        "top": float(c.score >= best),
        # evidence from the English translation, and the kind of it: a name's place in an
        # enumeration of the same length on both sides, and the letters' similarity
        "translation": float(f.get("translation", 0.0)),
        "list_position": float(_by_position(f)),
        "similarity": float(f.get("similarity", 0.0)),
        # a name read from the English opposite an unaligned passage (a garbled heading)
        "gap": float(f.get("gap", 0.0)),
    })
    return out


def _by_position(f: dict) -> bool:
    """A name placed by its position: in an enumeration of the same length on both sides, or
    the only name between the same two names in the English and the Russian."""
    return f.get("list_position", 0.0) > 0 or f.get("between", 0.0) > 0


def feature_names() -> list[str]:
    return [f"kind_{k}" for k in KINDS] + ["kind_other"] + [f"stage_{s}" for s in STAGES] + list(NUMERIC)


@dataclass
class Calibration:
    """Logistic weights + isotonic map + thresholds (from ``calibration.json``)."""

    names: list[str]
    coef: list[float]
    intercept: float
    iso_x: list[float] = field(default_factory=list)
    iso_y: list[float] = field(default_factory=list)
    auto_threshold: float = 0.95
    review_threshold: float = 0.3
    checksum: str = ""
    info: dict = field(default_factory=dict)

    def raw(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(w * feats.get(n, 0.0) for n, w in zip(self.names, self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def isotonic(self, p: float) -> float:
        xs, ys = self.iso_x, self.iso_y
        if not xs:
            return p
        if p <= xs[0]:
            return ys[0]
        if p >= xs[-1]:
            return ys[-1]
        k = bisect.bisect_right(xs, p)
        x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
        return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1

    def confidence(self, candidate, group: list) -> float:
        """The probability that ``candidate`` (merged, in its group) is the right text.

        A kind of fix the labelled data showed fewer than :data:`MIN_KIND_ROWS` times (Latin
        look-alikes, for one: neither the rendered pages nor the archive OCR have them) cannot
        be calibrated; it keeps its stage's own score."""
        kinds = self.info.get("kinds")
        if kinds is not None and kinds.get(candidate.kind, {}).get("rows", 0) < MIN_KIND_ROWS:
            return round(float(candidate.score), 4)
        return round(self.isotonic(self.raw(features(candidate, group))), 4)


def load_calibration(path: str | Path | None = None) -> Calibration | None:
    """The fitted calibration, or None when none has been fitted yet."""
    p = Path(path) if path else dictionaries_dir() / FILE
    if not p.exists():
        return None
    import hashlib
    raw = p.read_bytes()
    d = json.loads(raw)
    return Calibration(d["features"], d["coef"], d["intercept"], d.get("iso_x", []), d.get("iso_y", []),
                       d.get("auto_threshold", 0.95), d.get("review_threshold", 0.3),
                       hashlib.sha256(raw).hexdigest()[:16], d.get("info", {}))


@resource("calibration")
def calibration_resource() -> Calibration | None:
    return load_calibration()


# --- fitting ------------------------------------------------------------------------------------

def _norm(s: str) -> str:
    return " ".join(s.split()).replace("ё", "е").replace("Ё", "Е")


def labelled_groups(docs, pipeline) -> tuple[list[dict], int]:
    """Run ``pipeline`` (up to the candidates) on labelled docs; one row per merged candidate:
    features, whether it is right, whether the original was already right.  Also returns the
    number of correct words (the denominator of damage)."""
    from collections import defaultdict
    from .decide import merge_group
    from .labelled import CharAlignment
    from .tokens import is_word
    rows, correct_words = [], 0
    for doc in docs:
        pipeline.run(doc)
        al = CharAlignment(doc.text, doc.gold or "")
        for t in doc.tokens:
            if is_word(t.text) and _norm(al.gold_text(t.start, t.end)) == _norm(t.text):
                correct_words += 1
        groups = defaultdict(list)
        for c in doc.candidates:
            if c.replacement != c.original:
                groups[(c.start, c.end)].append(c)
        for (s, e), cands in groups.items():
            truth = _norm(al.gold_text(s, e))
            merged = merge_group(cands)
            orig_ok = _norm(doc.text[s:e]) == truth
            for c in merged:
                # right: the true letters; a capital the OCR put where the truth has none (or
                # lost) is the OCR's, which the suggestion keeps as it keeps the word's case
                rows.append({"features": features(c, merged),
                             "right": not orig_ok and _norm(c.replacement).lower() == truth.lower(),
                             "original_right": orig_ok, "doc": doc.id, "level": doc.meta.get("level", ""),
                             "kind": c.kind, "start": s, "end": e})
    return rows, correct_words


def fit(rows: list[dict], correct_words: int, max_damage: float = 0.005, review_precision: float = 0.3) -> dict:
    """Fit logistic + isotonic on ``rows``; choose thresholds; return the JSON payload."""
    import numpy as np
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression
    names = feature_names()
    X = np.array([[r["features"].get(n, 0.0) for n in names] for r in rows])
    y = np.array([1 if r["right"] else 0 for r in rows])
    if len(set(y.tolist())) < 2:
        raise ValueError("calibration needs both right and wrong candidates")
    def model(Xf, yf) -> Calibration:
        lr = LogisticRegression(C=1.0, max_iter=2000).fit(Xf, yf)
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(lr.predict_proba(Xf)[:, 1], yf)
        return Calibration(names, [float(w) for w in lr.coef_[0]], float(lr.intercept_[0]),
                           [float(x) for x in iso.X_thresholds_], [float(v) for v in iso.y_thresholds_])

    calib = model(X, y)
    feats = [r["features"] for r in rows]
    conf = np.array([calib.isotonic(calib.raw(f)) for f in feats])
    # the auto threshold from out-of-fold confidences (each text's candidates scored by a model
    # fitted without that text): in-sample confidences are optimistic, and a threshold chosen
    # on them let auto fixes damage more than max_damage on unseen texts
    oof = out_of_fold(X, y, feats, [text_of(r) for r in rows], model)
    auto = choose_auto(rows, oof, correct_words, max_damage)
    review = review_precision
    return {"features": names, "coef": calib.coef, "intercept": calib.intercept, "iso_x": calib.iso_x, "iso_y": calib.iso_y,
            "auto_threshold": auto, "review_threshold": review,
            "info": {"rows": len(rows), "right": int(y.sum()), "correct_words": correct_words,
                     "kinds": {k: {"rows": sum(r.get("kind") == k for r in rows),
                                   "right": sum(bool(r["right"]) for r in rows if r.get("kind") == k)}
                               for k in sorted({r.get("kind", "") for r in rows})},
                     "max_damage": max_damage, "reliability": reliability(conf, y)}}


def best_per_span(rows: list[dict], conf) -> list[tuple[float, dict]]:
    best: dict[tuple, tuple[float, dict]] = {}
    for p, r in zip(conf, rows):
        k = (r["doc"], r["level"], r["start"], r["end"])
        if k not in best or p > best[k][0]:
            best[k] = (float(p), r)
    return list(best.values())


def text_of(row: dict) -> str:
    """The labelled text a row comes from (its renders at every level are one text)."""
    level = row.get("level") or ""
    doc = row["doc"]
    return doc[: -len(level) - 1] if level and doc.endswith("-" + level) else doc


def out_of_fold(X, y, feats: list[dict], groups: list[str], model, folds: int = 5):
    """Confidences of each row from a model fitted on the other folds (texts kept whole)."""
    import numpy as np
    texts = sorted(set(groups))
    fold_of = {t: i % folds for i, t in enumerate(texts)}
    out = np.zeros(len(y))
    for f in range(folds):
        test = np.array([fold_of[g] == f for g in groups])
        if not test.any():
            continue
        train = ~test
        if len(set(y[train].tolist())) < 2:
            out[test] = y[train].mean()
            continue
        m = model(X[train], y[train])
        out[test] = [m.isotonic(m.raw(feats[i])) for i in np.flatnonzero(test)]
    return out


def wilson_lower(successes: int, n: int, z: float = 1.2816) -> float:
    """One-sided lower confidence bound (90% by default) of a proportion (Wilson score)."""
    if n == 0:
        return 0.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


#: auto fixes must be right at least this often (a 90% lower confidence bound, not the point
#: estimate: the train split is small, and a threshold at the edge of the point estimate let
#: auto fixes break 0.7% of right words on the heavily degraded test renders)
AUTO_PRECISION = 0.95


def choose_auto(rows: list[dict], conf, correct_words: int, max_damage: float) -> float:
    """Lowest threshold whose auto-applied fixes damage at most ``max_damage`` of correct words
    and are right at least :data:`AUTO_PRECISION` of the time (lower confidence bound)."""
    top = best_per_span(rows, conf)
    for t in sorted({round(p, 4) for p, _ in top} | {0.5}):
        chosen = [r for p, r in top if p >= t]
        damage = sum(1 for r in chosen if r["original_right"])
        right = sum(1 for r in chosen if r["right"])
        if damage <= max_damage * max(1, correct_words) and (
                not chosen or wilson_lower(right, len(chosen)) >= AUTO_PRECISION):
            return max(MIN_AUTO, float(t))
    return 0.99


def reliability(conf, y, bins: int = 10) -> list[dict]:
    """Predicted vs observed accuracy per confidence bin."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, p in enumerate(conf) if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if idx:
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx),
                        "predicted": round(sum(conf[i] for i in idx) / len(idx), 3),
                        "observed": round(sum(int(y[i]) for i in idx) / len(idx), 3)})
    return out


def write(payload: dict, path: Path | None = None) -> Path:
    p = path or dictionaries_dir() / FILE
    p.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return p


def fit_labelled(levels: tuple[str, ...], stages: list[str] | None = None, *, rendered: bool = True,
                 log=print) -> tuple[dict, Path]:
    """Fit on the train split (seeds + rendered scans at ``levels``) and write calibration.json."""
    from .labelled import load_labelled
    from .stages import Pipeline, default_stage_names
    names = stages or [s for s in default_stage_names() if s not in ("decide", "quality")]
    docs = load_labelled("train", levels, rendered=rendered and bool(levels))
    rows, correct = labelled_groups(docs, Pipeline(names))
    payload = fit(rows, correct)
    payload["info"].update({"stages": names, "documents": len(docs), "levels": list(levels)})
    path = write(payload)
    log(f"{len(docs)} train documents, {len(rows)} candidates ({payload['info']['right']} right), "
        f"auto threshold {payload['auto_threshold']:.3f} → {path}")
    for r in payload["info"]["reliability"]:
        log(f"  {r['bin']}: n={r['n']:4d} predicted {r['predicted']:.3f} observed {r['observed']:.3f}")
    return payload, path
