"""The HTML QA report: one self-contained page (inline CSS and SVG, no scripts from elsewhere).

Plots are SVG drawn here: quality per document, the distribution of suggestion confidence,
a reliability diagram (confidence against the share of suggestions that gold confirms), and
the most common character confusions.  Every piece of document text goes through
:func:`html.escape`, so OCR text with ``<``, ``&`` or quotes shows literally.
"""
from __future__ import annotations

from html import escape

from .report_text import fmt

COLORS = {"ocr": "#c0504d", "corrected": "#4f81bd", "estimate": "#9bbb59", "auto": "#4f81bd",
          "review": "#f79646", "ideal": "#999999"}

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.grade{font-weight:600;padding:.1em .4em;border-radius:.3em}.g-publishable{background:#d6f0d6}
.g-needs-review{background:#fdebc8}.g-re-scan{background:#f6d0d0}.fail{color:#a00}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:.4em;padding:.6em 1em}
.card b{display:block;font-size:1.4em}.plots{display:flex;flex-wrap:wrap;gap:1.5em}
figure{margin:0}figcaption{font-size:.9em;color:#555;max-width:460px}
.diff td{font-family:'DejaVu Sans Mono',monospace;font-size:.85em;white-space:pre-wrap}
.diff mark{background:#ffd6d6}.diff mark.fix{background:#d6e8ff}.small{font-size:.9em;color:#555}
"""


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
            f'<style>text{{font:11px sans-serif;fill:#333}}</style>{"".join(body)}</svg>')


def _axes(x0: int, y0: int, w: int, h: int, ymax: float, ticks: int = 4) -> list[str]:
    out = [f'<line x1="{x0}" y1="{y0}" x2="{x0 + w}" y2="{y0}" stroke="#333"/>',
           f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 - h}" stroke="#333"/>']
    for k in range(ticks + 1):
        v = ymax * k / ticks
        y = y0 - h * k / ticks
        out.append(f'<line x1="{x0 - 3}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#eee"/>'
                   f'<text x="{x0 - 5}" y="{y + 4:.1f}" text-anchor="end">{v:.3g}</text>')
    return out


def bar_chart(labels: list[str], series: list[tuple[str, list, str]], label: str) -> str:
    """Grouped vertical bars (None values are left out)."""
    if not labels:
        return ""
    vals = [v for _, vs, _ in series for v in vs if v is not None]
    ymax = max(vals + [0.01]) * 1.1
    x0, y0, h = 50, 190, 160
    gw = max(40, min(90, 700 // max(1, len(labels))))
    w = gw * len(labels)
    body = _axes(x0, y0, w, h, ymax)
    bw = (gw - 10) / max(1, len(series))
    for i, lab in enumerate(labels):
        for j, (name, vs, color) in enumerate(series):
            v = vs[i]
            if v is None:
                continue
            bh = h * v / ymax
            x = x0 + i * gw + 5 + j * bw
            body.append(f'<rect x="{x:.1f}" y="{y0 - bh:.1f}" width="{bw - 1:.1f}" height="{bh:.1f}" '
                        f'fill="{color}"><title>{escape(lab)} {escape(name)}: {v:.4f}</title></rect>')
        body.append(f'<text x="{x0 + i * gw + gw / 2:.1f}" y="{y0 + 14}" text-anchor="middle">'
                    f'{escape(lab[:12])}</text>')
    for j, (name, _, color) in enumerate(series):
        body.append(f'<rect x="{x0 + 10 + j * 130}" y="4" width="10" height="10" fill="{color}"/>'
                    f'<text x="{x0 + 24 + j * 130}" y="13">{escape(name)}</text>')
    return _svg(x0 + w + 20, y0 + 24, body, label)


def histogram(groups: dict[str, list[float]], label: str, bins: int = 10) -> str:
    """Stacked histogram of confidences (0..1) by status."""
    counts = {g: [0] * bins for g in groups}
    for g, vs in groups.items():
        for v in vs:
            counts[g][min(bins - 1, max(0, int(v * bins)))] += 1
    top = max([sum(c[b] for c in counts.values()) for b in range(bins)] + [1])
    x0, y0, w, h = 45, 190, 400, 160
    body = _axes(x0, y0, w, h, top)
    bw = w / bins
    for b in range(bins):
        base = 0
        for g, c in counts.items():
            if not c[b]:
                continue
            bh = h * c[b] / top
            body.append(f'<rect x="{x0 + b * bw + 1:.1f}" y="{y0 - base - bh:.1f}" width="{bw - 2:.1f}" '
                        f'height="{bh:.1f}" fill="{COLORS.get(g, "#888")}"><title>{escape(g)} '
                        f'{b / bins:.1f}–{(b + 1) / bins:.1f}: {c[b]}</title></rect>')
            base += bh
        body.append(f'<text x="{x0 + b * bw + bw / 2:.1f}" y="{y0 + 14}" text-anchor="middle">{b / bins:.1f}</text>')
    for j, g in enumerate(groups):
        body.append(f'<rect x="{x0 + 10 + j * 90}" y="4" width="10" height="10" fill="{COLORS.get(g, "#888")}"/>'
                    f'<text x="{x0 + 24 + j * 90}" y="13">{escape(g)}</text>')
    return _svg(x0 + w + 20, y0 + 24, body, label)


def reliability_chart(bins: list[dict], label: str) -> str:
    """Accuracy against mean confidence per bin; the diagonal is perfect calibration."""
    x0, y0, s = 45, 230, 200
    body = _axes(x0, y0, s, s, 1.0)
    body.append(f'<line x1="{x0}" y1="{y0}" x2="{x0 + s}" y2="{y0 - s}" stroke="{COLORS["ideal"]}" '
                f'stroke-dasharray="4 3"/>')
    pts = []
    for b in bins:
        x, y = x0 + s * b["confidence"], y0 - s * b["accuracy"]
        pts.append(f"{x:.1f},{y:.1f}")
        r = 3 + min(6, b["n"] ** 0.5)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{COLORS["corrected"]}" fill-opacity=".7">'
                    f'<title>confidence {b["confidence"]:.2f}, right {b["accuracy"]:.2f}, n={b["n"]}</title></circle>')
    if len(pts) > 1:
        body.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{COLORS["corrected"]}"/>')
    for k in range(5):
        body.append(f'<text x="{x0 + s * k / 4:.1f}" y="{y0 + 14}" text-anchor="middle">{k / 4:.2f}</text>')
    body.append(f'<text x="{x0 + s / 2}" y="{y0 + 28}" text-anchor="middle">confidence</text>')
    return _svg(x0 + s + 20, y0 + 34, body, label)


def confusion_chart(conf: list[list], label: str) -> str:
    """Horizontal bars of the most common (truth → OCR) confusions."""
    if not conf:
        return ""
    top = max(n for _, _, n in conf)
    x0, w, rh = 90, 300, 16
    body = []
    for i, (g, o, n) in enumerate(conf):
        y = 6 + i * rh
        lab = f"{g or '∅'} → {o or '∅'}".replace("\n", "⏎").replace(" ", "␣").replace("␣→␣", " → ")
        body.append(f'<text x="{x0 - 6}" y="{y + 11}" text-anchor="end">{escape(lab)}</text>'
                    f'<rect x="{x0}" y="{y}" width="{w * n / top:.1f}" height="{rh - 3}" fill="{COLORS["ocr"]}"/>'
                    f'<text x="{x0 + w * n / top + 4:.1f}" y="{y + 11}">{n}</text>')
    return _svg(x0 + w + 40, 12 + len(conf) * rh, body, label)


def _marked(hyp: str, ref: str | None, cls: str = "") -> str:
    """``hyp`` escaped, with the characters that differ from ``ref`` in <mark>."""
    if ref is None or hyp == ref:
        return escape(hyp)
    from rapidfuzz.distance import Levenshtein
    out, pos = [], 0
    for op in Levenshtein.opcodes(hyp, ref):
        if op.tag in ("replace", "delete"):
            out.append(escape(hyp[pos:op.src_start]))
            out.append(f'<mark class="{cls}">{escape(hyp[op.src_start:op.src_end])}</mark>')
            pos = op.src_end
    out.append(escape(hyp[pos:]))
    return "".join(out)


def _grade(g: str) -> str:
    return f'<span class="grade g-{escape(g.replace(" ", "-"))}">{escape(g)}</span>'


def _document_section(d: dict) -> str:
    q, m = d["quality"], d["metrics"]
    tr = q.get("translation") or {}
    names, nums, st = tr.get("names") or {}, tr.get("numbers") or {}, tr.get("structure") or {}
    ev = q.get("evaluation")
    rows = [("grade", _grade(d["grade"]) + " — " + escape("; ".join(d["reasons"]))),
            ("lexicality (OCR → corrected)", f"{fmt(q.get('lexicality'))} → {fmt(q.get('lexicality_corrected'))} "
                                              f"<span class=small>({escape(q.get('lexicality_method', ''))})</span>"),
            ("garbage-token rate", fmt(q.get("garbage_rate"))),
            ("mean OCR confidence", fmt(q.get("ocr_conf"), 1)),
            ("estimated CER (OCR → corrected)", f"{fmt(q.get('est_cer'))} → {fmt(q.get('est_cer_corrected'))}"),
            ("unknown words after correction", escape(", ".join(q.get("unknown_words") or []) or "none")),
            ("suggestions", escape(", ".join(f"{k} {v}" for k, v in q.get("suggestions", {}).items())))]
    if ev:
        rows.append(("CER / WER against gold (OCR → corrected)",
                     f"CER {fmt(ev['cer_ocr'])} → {fmt(ev['cer_corrected'])}, "
                     f"WER {fmt(ev['wer_ocr'])} → {fmt(ev['wer_corrected'])}"))
    if tr:
        rows += [("names of the translation", f"{names.get('resolved', 0)} known to the gazetteer of "
                                              f"{len(names.get('names', []))} "
                                              f"<span class=small>({escape(names.get('method', ''))})</span>"),
                 ("names missing before correction", escape(", ".join(names.get("missing_ocr", [])) or "none")),
                 ("names missing after correction", escape(", ".join(names.get("missing_corrected", [])) or "none")),
                 ("numbers/dates of the translation", f"{nums.get('numbers', 0)}; missing before: "
                  + escape(", ".join(nums.get("missing_ocr", [])) or "none") + "; after: "
                  + escape(", ".join(nums.get("missing_corrected", [])) or "none")),
                 ("numbers in the Russian only", escape(", ".join(nums.get("extra_corrected", [])[:30]) or "none")),
                 ("numbered points / paragraphs (ru, en)",
                  f"{st.get('points_ru')} / {st.get('points_en')} points; {st.get('paragraphs_ru')} / "
                  f"{st.get('paragraphs_en')} paragraphs; length ratio {fmt(st.get('length_ratio'), 2)}")]
    if d.get("failures"):
        rows.append(("falls short of thresholds", f'<span class="fail">{escape("; ".join(d["failures"]))}</span>'))
    table = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    pages = ""
    if q.get("pages"):
        pages = ("<table><tr><th>page</th><th>OCR conf</th><th>lexicality</th><th>garbage</th><th>est. CER</th>"
                 "<th>error</th></tr>" + "".join(
                     f"<tr><td>{p['page']}</td><td class=num>{fmt(p.get('ocr_conf'), 1)}</td>"
                     f"<td class=num>{fmt(p.get('lexicality'))}</td><td class=num>{fmt(p.get('garbage_rate'))}</td>"
                     f"<td class=num>{fmt(p.get('est_cer'))}</td><td>{escape(p.get('error') or '')}</td></tr>"
                     for p in q["pages"]) + "</table>")
    classes = ""
    if ev:
        classes = ("<table><tr><th>word class</th><th>words</th><th>wrong in OCR</th><th>wrong after correction</th>"
                   "</tr>" + "".join(f"<tr><td>{escape(c)}</td><td class=num>{v['words']}</td>"
                                     f"<td class=num>{v['errors_ocr']}</td><td class=num>{v['errors_corrected']}</td></tr>"
                                     for c, v in ev["classes"].items()) + "</table>")
    diff = ""
    if d.get("diff"):
        gold = d["has_gold"]
        head = "<tr><th>line</th><th>OCR</th><th>corrected</th>" + ("<th>truth</th>" if gold else "") + "</tr>"
        body = "".join(
            f"<tr><td class=num>{r['line']}</td><td>{_marked(r['ocr'], r['gold'] if gold else r['corrected'])}</td>"
            f"<td>{_marked(r['corrected'], r['gold'], '') if gold else _marked(r['corrected'], r['ocr'], 'fix')}</td>"
            + (f"<td>{escape(r['gold'] or '')}</td>" if gold else "") + "</tr>" for r in d["diff"][:400])
        note = ("marked: characters that differ from the truth" if gold
                else "marked: in OCR, what differs from the corrected text; in corrected, the changes")
        diff = (f"<details><summary>aligned lines that differ ({len(d['diff'])}; {note})</summary>"
                f'<table class="diff">{head}{body}</table></details>')
    return (f'<section class="doc" id="doc-{escape(d["id"])}"><h3>{escape(d["id"])}</h3>'
            f"<table>{table}</table>{pages}{classes}{diff}</section>")


def render_html(report: dict) -> str:
    """The whole report as one HTML page."""
    s, docs = report["summary"], report["documents"]
    cards = [("documents", s["documents"])] + [(g, n) for g, n in sorted(s["grades"].items())]
    if s["with_gold"]:
        cards += [("CER OCR → corrected", f"{fmt(s['cer_ocr'])} → {fmt(s['cer_corrected'])}"),
                  ("WER OCR → corrected", f"{fmt(s['wer_ocr'])} → {fmt(s['wer_corrected'])}")]
    meas = (s.get("est_cer_model") or {}).get("measured") or {}
    est_note = ("Estimated CER: " + "; ".join(
        f"{k}: MAE {fmt(v.get('mae'))}, Spearman {fmt(v.get('spearman'), 3)}, n={v.get('n')}"
        for k, v in meas.items()) if meas else "Estimated CER: model error not measured (fallback model).")
    labels = [d["id"] for d in docs]
    quality_plot = bar_chart(labels, [
        ("est. CER OCR", [d["quality"].get("est_cer") for d in docs], COLORS["estimate"]),
        ("CER OCR (gold)", [(d["quality"].get("evaluation") or {}).get("cer_ocr") for d in docs], COLORS["ocr"]),
        ("CER corrected (gold)", [(d["quality"].get("evaluation") or {}).get("cer_corrected") for d in docs],
         COLORS["corrected"])], "quality per document")
    groups: dict[str, list[float]] = {}
    for d in docs:
        for sg in d["suggestions"]:
            groups.setdefault(sg["status"], []).append(sg["confidence"])
    plots = [("Quality per document: estimated and true CER", quality_plot),
             ("Confidence of the suggestions, by status", histogram(groups, "confidence histogram") if groups else ""),
             (f"Reliability: confidence against the share of suggestions gold confirms "
              f"({s['labelled_suggestions']} labelled)", reliability_chart(s["reliability"], "reliability diagram")
              if s["reliability"] else ""),
             ("Most common character confusions (truth → OCR)", confusion_chart(s["confusions"], "confusions"))]
    figs = "".join(f'<figure class="plot">{svg}<figcaption>{escape(cap)}</figcaption></figure>'
                   for cap, svg in plots if svg)
    th = report.get("thresholds") or {}
    overview = "".join(
        f'<tr><td><a href="#doc-{escape(d["id"])}">{escape(d["id"])}</a></td><td>{_grade(d["grade"])}</td>'
        + "".join(f"<td class=num>{fmt(d['metrics'].get(k))}</td>" for k in ("cer", "est_cer", "names", "numbers",
                                                                              "lexicality", "garbage", "pending"))
        + f'<td class="fail">{escape("; ".join(d.get("failures", [])))}</td></tr>' for d in docs)
    classes = "".join(f"<tr><td>{escape(c)}</td><td class=num>{v['words']}</td><td class=num>{v['errors_ocr']}</td>"
                      f"<td class=num>{v['errors_corrected']}</td></tr>" for c, v in s["classes"].items())
    failed = "".join(f"<li>{escape(f['name'])} ({escape(f['code'])}): {escape(f['reason'])}</li>"
                     for f in report.get("failed", []))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ocrfix QA report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>
<body><h1>ocrfix QA report</h1>
<p class="small">Run {escape(report['run'])}{' · review store ' + escape(report['store']) if report.get('store') else ''}</p>
<div class="cards" id="summary">{''.join(f'<div class="card">{escape(k)}<b>{escape(str(v))}</b></div>' for k, v in cards)}</div>
<p class="small">{escape(est_note)}</p>
<h2>Documents</h2>
<table id="overview"><tr><th>document</th><th>grade</th><th>CER</th><th>est. CER</th><th>names</th><th>numbers</th>
<th>lexicality</th><th>garbage</th><th>pending</th><th>falls short</th></tr>{overview}</table>
<p class="small">CER is the true CER where a true transcription exists, else the estimate. Thresholds:
{escape(', '.join(f'{k}={v:g}' for k, v in th.items()) or 'none')}</p>
{f'<h2>Not processed</h2><ul>{failed}</ul>' if failed else ''}
<h2>Plots</h2><div class="plots" id="plots">{figs}</div>
{f'<h2>Errors by word class (documents with gold)</h2><table><tr><th>class</th><th>words</th><th>wrong in OCR</th><th>wrong after correction</th></tr>{classes}</table>' if classes else ''}
<h2>Per document</h2>{''.join(_document_section(d) for d in docs)}
</body></html>
"""
