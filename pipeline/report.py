"""The QA report of a run folder, and the CI gate.

Two steps, as in dinglehopper: :func:`document_figures` computes one document's figures
(written to ``DIR/<doc>/quality.json``), and :func:`summarise` aggregates them.  The
renderers all start from the same report dictionary (:func:`build_report`):
``report.json`` (``json.dump``), ``report.csv`` (one row a document), ``report.md`` (for
a CI job summary), ``junit.xml`` (one test case a document) and ``report.html``
(:mod:`pipeline.report_html`).

Gate figures (:data:`METRICS`) are per document; ``--fail-under NAME=VALUE,...`` fails the
command when a document is worse than a threshold (``--fail-under default`` uses
:data:`DEFAULT_THRESHOLDS`), and ``--baseline OLD.json`` when a figure regressed by more
than ``--tolerance`` against an earlier ``report.json``.  See ``docs/reports.md``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

#: gate figures: name → (direction, description).  "max": fails when above the threshold.
METRICS = {
    "cer": ("max", "CER of the corrected text: true CER where gold.txt exists, else the estimate"),
    "cer_ocr": ("max", "CER of the OCR text (true where gold exists, else estimated)"),
    "wer": ("max", "WER of the corrected text (documents with gold only)"),
    "est_cer": ("max", "estimated CER of the corrected text"),
    "names": ("min", "share of the translation's names (known to the gazetteer) found after correction"),
    "numbers": ("min", "share of the translation's numbers and dates found after correction"),
    "lexicality": ("min", "share of words of the corrected text that are known forms or names"),
    "garbage": ("max", "share of garbage tokens in the OCR text"),
    "conf": ("min", "mean OCR word confidence (scans only)"),
    "pending": ("max", "suggestions still waiting for review"),
}
#: thresholds of ``--fail-under default`` and of the JUnit test cases when none are given
DEFAULT_THRESHOLDS = {"cer": 0.05, "names": 0.9, "numbers": 0.7, "lexicality": 0.85, "garbage": 0.05}


# --- per-document figures -------------------------------------------------------------
def review_counts(store: str | Path | None) -> dict[str, dict]:
    """Per document: counts of suggestion states in the review store, and the applied
    replacements (``items``: auto, approved, edited with the reviewer's text)."""
    if not store or not Path(store).exists():
        return {}
    from .store import open_store
    out: dict[str, dict] = {}
    with open_store(store) as st:
        for doc in st.documents():
            items = st.items(doc)
            counts = {s: 0 for s in ("auto", "review", "approved", "rejected", "edited", "stale")}
            for i in items:
                counts[i.status] = counts.get(i.status, 0) + 1
            out[doc] = {"counts": counts,
                        "applied": [(i.start, i.end, i.original, i.effective, i.confidence)
                                    for i in items if i.applied]}
    return out


def _reviewed_text(text: str, applied: list) -> str:
    from .model import Suggestion, apply_suggestions
    sugg = [Suggestion(s, e, o, r, c, "auto", "review", []) for s, e, o, r, c in applied if text[s:e] == o]
    return apply_suggestions(text, sugg)


def document_figures(folder: Path, review: dict | None = None) -> dict:
    """Figures of the document in ``folder`` (its ``document.json``): quality, evaluation
    against gold, review counts, calibration outcomes, the diff rows, and gate metrics."""
    from .evaluate import diff_rows, evaluate, span_outcomes
    from .model import Document
    from .quality import document_quality, grade
    doc = Document.from_dict(json.loads((folder / "document.json").read_text("utf-8")))
    q = dict(doc.quality) if doc.quality else document_quality(doc)
    corrected = doc.corrected()
    if review:
        corrected = _reviewed_text(doc.text, review["applied"])
        c = review["counts"]
        q["suggestions"] = {**q.get("suggestions", {}), **c, "pending": c.get("review", 0)}
        from .agreement import agreement
        q["translation"] = agreement(doc.translation, doc.text, corrected)  # of the reviewed text
    outcomes = None
    if doc.gold is not None:
        q["evaluation"] = evaluate(doc.text, corrected, doc.gold)
        outcomes = span_outcomes(doc.text, doc.gold, [(s.start, s.end, s.replacement) for s in doc.suggestions])
    q["grade"], q["reasons"] = grade(q, (doc.stamp.parameters.get("quality") if doc.stamp else None))
    ev = q.get("evaluation") or {}
    tr = q.get("translation") or {}
    metrics = {
        "cer": ev.get("cer_corrected", q.get("est_cer_corrected")),
        "cer_ocr": ev.get("cer_ocr", q.get("est_cer")),
        "wer": ev.get("wer_corrected"),
        "est_cer": q.get("est_cer_corrected"),
        "names": (tr.get("names") or {}).get("score_corrected"),
        "numbers": (tr.get("numbers") or {}).get("score_corrected"),
        "lexicality": q.get("lexicality_corrected"),
        "garbage": q.get("garbage_rate"),
        "conf": q.get("ocr_conf"),
        "pending": q.get("suggestions", {}).get("pending", q.get("suggestions", {}).get("review")),
    }
    return {
        "id": doc.id, "folder": folder.name, "source": doc.source, "has_gold": doc.gold is not None,
        "grade": q["grade"], "reasons": q["reasons"], "metrics": metrics, "quality": q,
        "suggestions": [{"confidence": s.confidence, "status": s.status, "kind": s.kind,
                         "original": s.original, "replacement": s.replacement,
                         "correct": None if outcomes is None else outcomes[k]}
                        for k, s in enumerate(doc.suggestions)],
        "diff": diff_rows(doc.text, corrected, doc.gold),
    }


# --- the summary ----------------------------------------------------------------------
def reliability(points: list[tuple[float, bool]], bins: int = 10) -> list[dict]:
    """Bins of confidence with the share of right suggestions (a reliability diagram)."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(c, ok) for c, ok in points if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if sel:
            out.append({"lo": lo, "hi": hi, "n": len(sel), "confidence": sum(c for c, _ in sel) / len(sel),
                        "accuracy": sum(ok for _, ok in sel) / len(sel)})
    return out


def summarise(docs: list[dict]) -> dict:
    """Aggregate per-document figures: grades, pooled (length-weighted) CER/WER, error
    classes, confusions, suggestion counts, calibration, translation agreement."""
    from collections import Counter
    from .evaluate import pooled_rate
    evs = [d["quality"]["evaluation"] for d in docs if d["quality"].get("evaluation")]
    classes: dict[str, dict] = {}
    conf: Counter = Counter()
    for ev in evs:
        for c, v in ev["classes"].items():
            acc = classes.setdefault(c, {"words": 0, "errors_ocr": 0, "errors_corrected": 0})
            for k in acc:
                acc[k] += v[k]
        for g, o, n in ev["confusions"]:
            conf[(g, o)] += n
    status: Counter = Counter()
    for d in docs:
        for k, v in d["quality"].get("suggestions", {}).items():
            if k != "total":
                status[k] += v
    labelled = [(s["confidence"], s["correct"]) for d in docs for s in d["suggestions"] if s["correct"] is not None]
    names_missing = sum(len((d["quality"].get("translation") or {}).get("names", {}).get("missing_corrected", []))
                        for d in docs)
    model = next((d["quality"].get("est_cer_model") for d in docs if d["quality"].get("est_cer_model")), {})
    return {
        "documents": len(docs),
        "grades": dict(Counter(d["grade"] for d in docs)),
        "with_gold": len(evs),
        "cer_ocr": pooled_rate(evs, "char_errors_ocr", "chars"),
        "cer_corrected": pooled_rate(evs, "char_errors_corrected", "chars"),
        "wer_ocr": pooled_rate(evs, "word_errors_ocr", "words"),
        "wer_corrected": pooled_rate(evs, "word_errors_corrected", "words"),
        "classes": classes,
        "confusions": [[g, o, n] for (g, o), n in conf.most_common(20)],
        "suggestions": dict(status),
        "confidences": [s["confidence"] for d in docs for s in d["suggestions"]],
        "reliability": reliability(labelled),
        "labelled_suggestions": len(labelled),
        "names_missing_corrected": names_missing,
        "est_cer_model": model,
    }


def build_report(run_dir: Path, store: str | Path | None = None) -> dict:
    """Per-document figures (each written to ``<doc>/quality.json``) and their summary."""
    run_dir = Path(run_dir)
    review = review_counts(store)
    docs, failed = [], []
    for path in sorted(run_dir.glob("*/document.json")):
        try:
            doc_id = json.loads(path.read_text("utf-8")).get("id", "")
            figs = document_figures(path.parent, review.get(doc_id) or review.get(path.parent.name))
        except (OSError, ValueError, KeyError, TypeError) as exc:  # a broken file is listed, the rest goes on
            failed.append({"name": path.parent.name, "source": str(path), "code": "E100",
                           "reason": f"unreadable document.json: {type(exc).__name__}: {exc}"})
            continue
        with open(path.parent / "quality.json", "w", encoding="utf-8") as fh:
            json.dump(figs, fh, ensure_ascii=False, indent=1)
        docs.append(figs)
    if (run_dir / "run.json").exists():
        run = json.loads((run_dir / "run.json").read_text("utf-8"))
        failed += [{"name": r["name"], "source": r["source"], "code": r.get("code", ""),
                   "reason": (r.get("reason") or "").splitlines()[0] if r.get("reason") else ""}
                  for r in run.get("documents", []) if r.get("status") == "failed"]
    return {"run": str(run_dir), "store": str(store) if store else None, "summary": summarise(docs),
            "documents": docs, "failed": failed}


# --- the gate -------------------------------------------------------------------------
def parse_thresholds(spec: str | None) -> dict[str, float]:
    """``"cer=0.05,names=0.9"`` → dict; ``"default"`` → :data:`DEFAULT_THRESHOLDS`."""
    if not spec:
        return {}
    out: dict[str, float] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if part == "default":
            out.update(DEFAULT_THRESHOLDS)
            continue
        name, sep, value = part.partition("=")
        if not sep or name.strip() not in METRICS:
            raise click.BadParameter(f"expected NAME=VALUE with NAME in {', '.join(METRICS)}, got {part!r}")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise click.BadParameter(f"{part!r}: {value!r} is not a number") from None
    return out


def failures(doc: dict, thresholds: dict[str, float]) -> list[str]:
    """What in one document falls short of the thresholds (figures it lacks are not checked)."""
    out = []
    for name, limit in thresholds.items():
        value = doc["metrics"].get(name)
        if value is None:
            continue
        if METRICS[name][0] == "max" and value > limit:
            out.append(f"{name} {value:.4g} > {limit:g}")
        elif METRICS[name][0] == "min" and value < limit:
            out.append(f"{name} {value:.4g} < {limit:g}")
    return out


def regressions(report: dict, baseline: dict, tolerance: float = 0.01) -> list[str]:
    """Figures worse than in ``baseline`` (an earlier report.json) by more than ``tolerance``."""
    out = []
    old = {d["id"]: d for d in baseline.get("documents", [])}
    for d in report["documents"]:
        b = old.get(d["id"])
        if not b:
            continue
        for name, (direction, _) in METRICS.items():
            new_v, old_v = d["metrics"].get(name), b.get("metrics", {}).get(name)
            if new_v is None or old_v is None:
                continue
            worse = new_v - old_v if direction == "max" else old_v - new_v
            if name in ("conf", "pending"):
                worse /= max(abs(old_v), 1.0)  # relative for figures that are not shares
            if worse > tolerance:
                out.append(f"{d['id']}: {name} {old_v:.4g} → {new_v:.4g}")
    for key in ("cer_corrected", "wer_corrected"):
        new_v, old_v = report["summary"].get(key), baseline.get("summary", {}).get(key)
        if new_v is not None and old_v is not None and new_v - old_v > tolerance:
            out.append(f"collection: {key} {old_v:.4g} → {new_v:.4g}")
    return out


def write_reports(out_dir: str | Path, store: str | Path | None = None,
                  thresholds: dict[str, float] | None = None) -> list[Path]:
    """Write report.html, report.md, report.json, report.csv and junit.xml into ``out_dir``."""
    from .report_html import render_html
    from .report_text import render_csv, render_junit, render_markdown
    out = Path(out_dir)
    report = build_report(out, store)
    report["thresholds"] = dict(thresholds or DEFAULT_THRESHOLDS)
    for d in report["documents"]:
        d["failures"] = failures(d, report["thresholds"])
    paths = [out / "report.html", out / "report.md", out / "report.json", out / "report.csv", out / "junit.xml"]
    paths[0].write_text(render_html(report), "utf-8")
    paths[1].write_text(render_markdown(report), "utf-8")
    with open(paths[2], "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=1)
    render_csv(report, paths[3])
    paths[4].write_text(render_junit(report), "utf-8")
    return paths


def gate(out_dir: str | Path, store: str | None = None, fail_under: str | None = None,
         baseline: str | Path | None = None, tolerance: float = 0.01) -> tuple[int, list[str], list[Path]]:
    """Write the reports and check them: ``(exit code, lines of what fell short, paths)``."""
    thresholds = parse_thresholds(fail_under)
    paths = write_reports(out_dir, store, thresholds or None)
    report = json.loads(paths[2].read_text("utf-8"))
    lines = []
    if thresholds:
        lines += [f"{d['id']}: {', '.join(d['failures'])}" for d in report["documents"] if d["failures"]]
    if baseline:
        lines += [f"regression {r}" for r in regressions(report, json.loads(Path(baseline).read_text("utf-8")),
                                                          tolerance)]
    return (1 if lines else 0), lines, paths


@click.command("report")
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--store", default=None, help="Review store (SQLite) whose decisions are counted.")
@click.option("--fail-under", "fail_under", default=None,
              help="Thresholds NAME=VALUE,... (or 'default'); exit 1 when a document falls short. Names: "
                   + ", ".join(METRICS) + ".")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), default=None,
              help="An earlier report.json: exit 1 when a figure regressed beyond --tolerance.")
@click.option("--tolerance", type=float, default=0.01, show_default=True, help="Allowed regression.")
def report_command(run_dir, store, fail_under, baseline, tolerance) -> None:
    """Write the QA report of RUN_DIR (HTML, Markdown, JSON, CSV, JUnit) and check thresholds."""
    code, lines, paths = gate(run_dir, store, fail_under, baseline, tolerance)
    click.echo(f"QA report: {paths[0]}")
    if lines:
        click.echo(f"quality gate failed ({len(lines)}):", err=True)
        for ln in lines[:40]:
            click.echo(f"  {ln}", err=True)
    elif fail_under or baseline:
        click.echo("quality gate passed")
    sys.exit(code)
