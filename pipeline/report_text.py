"""Text renderers of the QA report: Markdown (a CI job summary), CSV and JUnit XML.

All take the report dictionary of :func:`pipeline.report.build_report`.  JUnit XML is built
with :mod:`xml.etree.ElementTree` (escaping is the library's job): each document is a test
case that fails when it falls short of the report's thresholds; documents the run could not
process are test cases with an error.
"""
from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path


def fmt(v, digits: int = 4) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _md_cell(s) -> str:
    return fmt(s).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: dict) -> str:
    """A short Markdown summary: grades, pooled CER/WER, per-document table, shortfalls."""
    s = report["summary"]
    grades = ", ".join(f"{n} {g}" for g, n in sorted(s["grades"].items())) or "none"
    lines = ["# ocrfix QA report", "",
             f"{s['documents']} document(s): {grades}."
             + (f" {len(report['failed'])} could not be processed." if report.get("failed") else ""), ""]
    if s["with_gold"]:
        lines += [f"Against the true transcription ({s['with_gold']} document(s), length-weighted): "
                  f"CER {fmt(s['cer_ocr'])} → {fmt(s['cer_corrected'])}, "
                  f"WER {fmt(s['wer_ocr'])} → {fmt(s['wer_corrected'])}.", ""]
    m = (s.get("est_cer_model") or {}).get("measured") or {}
    if m.get("test"):
        lines += [f"Estimated CER: measured error on labelled test pages MAE {fmt(m['test'].get('mae'))}, "
                  f"Spearman {fmt(m['test'].get('spearman'), 3)} (n={m['test'].get('n')}).", ""]
    th = report.get("thresholds") or {}
    lines += ["| document | grade | CER | est. CER | names | numbers | lexicality | pending | falls short |",
              "|---|---|---|---|---|---|---|---|---|"]
    for d in report["documents"]:
        mt = d["metrics"]
        lines.append("| " + " | ".join(_md_cell(x) for x in (
            d["id"], d["grade"], mt["cer"] if d["has_gold"] else None, mt["est_cer"], mt["names"], mt["numbers"],
            mt["lexicality"], mt["pending"], "; ".join(d.get("failures", [])) or "")) + " |")
    lines.append("")
    if th:
        lines += ["Thresholds: " + ", ".join(f"`{k}={v:g}`" for k, v in th.items()), ""]
    for d in report["documents"]:
        tr = d["quality"].get("translation") or {}
        miss_n = (tr.get("names") or {})
        miss_num = (tr.get("numbers") or {})
        if miss_n.get("missing_ocr") or miss_n.get("missing_corrected") or miss_num.get("missing_corrected"):
            lines.append(f"- **{d['id']}**: names missing before correction: "
                         f"{', '.join(miss_n.get('missing_ocr', [])) or 'none'}; after: "
                         f"{', '.join(miss_n.get('missing_corrected', [])) or 'none'}; numbers missing after: "
                         f"{', '.join(x.replace(chr(10), ' ') for x in miss_num.get('missing_corrected', [])) or 'none'}")
    failed = report.get("failed", [])
    for f in failed[:10]:
        lines.append(f"- not processed **{f['name']}** ({f['code']}): {f['reason'][:160]}")
    if len(failed) > 10:
        lines.append(f"- … and {len(failed) - 10} more not processed (see report.json)")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ["id", "grade", "has_gold", "cer_ocr", "cer", "wer", "est_cer_ocr", "est_cer", "names", "numbers",
               "lexicality", "garbage", "conf", "suggestions", "auto", "review", "pending", "approved", "rejected",
               "names_missing_ocr", "names_missing_corrected", "numbers_missing_corrected", "reasons"]


def csv_rows(report: dict) -> list[dict]:
    rows = []
    for d in report["documents"]:
        q, m = d["quality"], d["metrics"]
        sug = q.get("suggestions", {})
        tr = q.get("translation") or {}
        names, nums = tr.get("names") or {}, tr.get("numbers") or {}
        rows.append({
            "id": d["id"], "grade": d["grade"], "has_gold": d["has_gold"], "cer_ocr": m["cer_ocr"],
            "cer": m["cer"], "wer": m["wer"], "est_cer_ocr": q.get("est_cer"), "est_cer": m["est_cer"],
            "names": m["names"], "numbers": m["numbers"], "lexicality": m["lexicality"], "garbage": m["garbage"],
            "conf": m["conf"], "suggestions": sug.get("total"), "auto": sug.get("auto"), "review": sug.get("review"),
            "pending": m["pending"], "approved": sug.get("approved"), "rejected": sug.get("rejected"),
            "names_missing_ocr": "; ".join(names.get("missing_ocr", [])),
            "names_missing_corrected": "; ".join(names.get("missing_corrected", [])),
            "numbers_missing_corrected": "; ".join(x.replace("\n", " ") for x in nums.get("missing_corrected", [])),
            "reasons": "; ".join(d["reasons"]),
        })
    return rows


def render_csv(report: dict, path: Path) -> None:
    """One row a document (the csv module: quoting is its job)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, CSV_COLUMNS)
        w.writeheader()
        for row in csv_rows(report):
            w.writerow({k: "" if v is None else v for k, v in row.items()})


def render_junit(report: dict) -> str:
    """JUnit XML: a test case a document; a failure lists what fell short of the thresholds."""
    docs, failed = report["documents"], report.get("failed", [])
    n_fail = sum(bool(d.get("failures")) for d in docs)
    suite = ET.Element("testsuite", name="ocrfix-quality", tests=str(len(docs) + len(failed)),
                       failures=str(n_fail), errors=str(len(failed)), skipped="0")
    th = report.get("thresholds") or {}
    props = ET.SubElement(suite, "properties")
    for k, v in th.items():
        ET.SubElement(props, "property", name=f"threshold.{k}", value=f"{v:g}")
    for d in docs:
        case = ET.SubElement(suite, "testcase", classname="ocrfix.quality", name=d["id"])
        if d.get("failures"):
            fail = ET.SubElement(case, "failure", message="; ".join(d["failures"]), type="threshold")
            fail.text = "\n".join(d["failures"] + [f"grade: {d['grade']}"] + d["reasons"])
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(f"{k}={fmt(v)}" for k, v in d["metrics"].items())
    for f in failed:
        case = ET.SubElement(suite, "testcase", classname="ocrfix.quality", name=f["name"])
        err = ET.SubElement(case, "error", message=f"{f['code']} {f['reason']}", type=f["code"] or "error")
        err.text = f["source"]
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
