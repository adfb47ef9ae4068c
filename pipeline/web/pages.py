"""HTML of the review pages, built from the views' data.  Every piece of OCR text,
translation, evidence or name goes through :func:`e` (``html.escape``); the pages load
one script and one stylesheet from ``/static/`` and no inline script (the server's
Content-Security-Policy forbids it)."""
from __future__ import annotations

from html import escape
from urllib.parse import urlencode

KEYS = [("a", "approve"), ("r", "reject"), ("e", "edit (Enter saves, Esc cancels)"),
        ("1–4", "take alternative N (as an edit)"), ("s / j", "skip to the next"), ("k", "back to the previous"),
        ("u", "undo (revert) the decision"), ("c", "same fix elsewhere (concordance)"), ("d", "document view")]


def e(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


def layout(title: str, body: str, csrf: str, reviewer: str, progress: dict | None = None) -> str:
    prog = ""
    if progress:
        prog = (f'<div class="progress" id="progress">'
                + "".join(f'<span class="count {k}"><b data-count="{k}">{progress.get(k, 0)}</b> {k}</span>'
                          for k in ("review", "approved", "edited", "rejected", "auto", "stale"))
                + f'<span class="count"><b data-count="total">{progress.get("total", 0)}</b> in all</span></div>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="csrf-token" content="{e(csrf)}">
<meta name="reviewer" content="{e(reviewer)}">
<title>{e(title)} · ocrfix review</title>
<link rel="stylesheet" href="/static/review.css">
<script src="/static/review.js" defer></script>
</head><body>
<header><a class="brand" href="/queue">ocrfix review</a>
<nav><a href="/queue">Queue</a> <a href="/docs">Documents</a></nav>
<span class="who">reviewer: <b>{e(reviewer)}</b></span>{prog}</header>
<main>{body}</main>
<footer>Every page has a JSON twin under <code>/api/</code>. Press <kbd>?</kbd> for the keys.</footer>
</body></html>"""


def keys_help() -> str:
    rows = "".join(f"<li><kbd>{e(k)}</kbd> {e(v)}</li>" for k, v in KEYS)
    return f'<aside class="keys" id="keys"><h2>Keys</h2><ul>{rows}</ul></aside>'


def item_card(v: dict, current: bool = False) -> str:
    ctx = v["context"]
    alts = "".join(
        f'<li data-alt="{e(a.get("replacement"))}"><kbd>{n}</kbd> <b lang="ru">{e(a.get("replacement"))}</b> '
        f'<span class="conf">{float(a.get("confidence", 0)):.2f}</span> <span class="stage">{e(a.get("stage"))}</span>'
        f'<ul class="evidence">{"".join(f"<li>{e(x)}</li>" for x in a.get("evidence", []))}</ul></li>'
        for n, a in enumerate(v["alternatives"][:4], start=1))
    crop = (f'<img class="crop" loading="lazy" alt="scan around the word" src="{e(v["crop"])}">'
            if v.get("crop") else '<p class="nocrop">no scan for this document</p>')
    en = v["english"]
    en_label = "aligned English passage" if en["aligned"] else "English translation (no alignment)"
    edited = (f'<p class="edited">edited to <b lang="ru">{e(v["edited"])}</b></p>' if v.get("edited") else "")
    return f"""<section class="card status-{e(v["status"])}{' current' if current else ''}" id="s-{e(v["id"])}"
 data-doc="{e(v["doc"])}" data-id="{e(v["id"])}" data-replacement="{e(v["effective"])}" data-status="{e(v["status"])}">
<div class="head"><span class="doc">{e(v["doc"])}</span> line {ctx["line"]}
 · <span class="kind">{e(v["kind"])}</span> · <span class="stage">{e(v["stage"])}</span>
 · confidence <b>{v["confidence"]:.2f}</b> · <span class="state">{e(v["status"])}</span>
 <span class="why">{e("; ".join(v["reasons"]))}</span></div>
<div class="body">
<div class="left">{crop}
<p class="ocr" lang="ru">{e(ctx["before"])}<mark>{e(ctx["span"])}</mark>{e(ctx["after"])}</p>
<p class="fix" lang="ru"><del>{e(v["original"])}</del> → <ins>{e(v["replacement"])}</ins></p>{edited}
<ul class="evidence">{"".join(f"<li>{e(x)}</li>" for x in v["evidence"])}</ul>
{f'<ol class="alts">{alts}</ol>' if alts else ''}
<form class="editor" hidden><input name="replacement" lang="ru" value="{e(v["effective"])}" aria-label="replacement">
<button type="submit">save edit</button></form>
<div class="buttons"><button data-act="approved">approve (a)</button> <button data-act="rejected">reject (r)</button>
<button data-act="edit">edit (e)</button> <button data-act="skip">skip (s)</button>
<button data-act="reverted">undo (u)</button>
<a href="{e(v["links"]["similar"])}">same fix elsewhere (c)</a> <a href="{e(v["links"]["document"])}">in the document (d)</a>
<a href="{e(v["links"]["item"])}">link</a></div>
</div>
<div class="right"><h3>{e(en_label)}</h3><div class="english" lang="en">{e(en["text"])}</div></div>
</div></section>"""


def filters_form(q: dict) -> str:
    f = q["filters"]

    def opts(values, chosen):
        return "".join(f'<option value="{e(x)}"{" selected" if x == chosen else ""}>{e(x or "any")}</option>'
                       for x in values)
    return f"""<form class="filters" method="get" action="/queue">
<label>document <select name="doc">{opts([""] + q["documents"], f.get("doc") or "")}</select></label>
<label>stage <select name="stage">{opts([""] + q["stages"], f.get("stage") or "")}</select></label>
<label>status <select name="status">{opts(["open", "auto", "approved", "edited", "rejected", "stale",
                                          "open,auto,approved,edited,rejected"], f.get("status"))}</select></label>
<label>kind <input name="kind" size="9" value="{e(f.get("kind") or "")}"></label>
<label>confidence <input name="min_conf" size="4" value="{e(f.get("min_conf") if f.get("min_conf") is not None else "")}">
 – <input name="max_conf" size="4" value="{e(f.get("max_conf") if f.get("max_conf") is not None else "")}"></label>
<button type="submit">filter</button></form>"""


def queue_page(q: dict, csrf: str, reviewer: str) -> str:
    cards = "".join(item_card(v, i == 0) for i, v in enumerate(q["items"]))
    more = (f'<p class="more">showing {len(q["items"])} of {q["total"]}; decide these, then reload.</p>'
            if q["total"] > len(q["items"]) else "")
    empty = '<p class="empty">Nothing to review with these filters.</p>' if not q["items"] else ""
    body = (f'<h1>Review queue <small>{q["total"]} to look at, most in need of a person first</small></h1>'
            f'{filters_form(q)}{keys_help()}<div id="queue">{cards}</div>{empty}{more}')
    return layout("Queue", body, csrf, reviewer, q["progress"])


def item_page(v: dict, csrf: str, reviewer: str, progress: dict) -> str:
    return layout(f"{v['original']} → {v['effective']}", keys_help() + f'<div id="queue">{item_card(v, True)}</div>',
                  csrf, reviewer, progress)


def docs_page(docs: list[dict], csrf: str, reviewer: str) -> str:
    rows = "".join(
        f'<tr><td><a href="/doc/{e(d["link"])}">{e(d["id"])}</a></td><td>{e(d["title"])}</td>'
        + "".join(f'<td class="n">{d["progress"].get(k, 0)}</td>' for k in ("review", "approved", "edited",
                                                                          "rejected", "auto", "stale"))
        + f'<td><a href="/queue?{e(urlencode({"doc": d["id"]}))}">queue</a></td></tr>' for d in docs)
    head = "".join(f"<th>{k}</th>" for k in ("document", "title", "open", "approved", "edited", "rejected", "auto",
                                             "stale", ""))
    return layout("Documents", f"<h1>Documents</h1><table class=\"docs\"><tr>{head}</tr>{rows}</table>", csrf, reviewer)


def document_page(d: dict, csrf: str, reviewer: str) -> str:
    parts = []
    for s in d["segments"]:
        if "id" in s:
            parts.append(f'<a class="sug status-{e(s["status"])}" id="s-{e(s["id"])}" href="{e(s["link"])}" '
                         f'title="{e(s["status"])} {s["confidence"]:.2f}: → {e(s["replacement"])}">'
                         f'<del>{e(s["text"])}</del><ins>{e(s["replacement"])}</ins></a>')
        else:
            parts.append(e(s["text"]))
    rows = "".join(
        f'<tr class="status-{e(v["status"])}"><td><a href="{e(v["links"]["item"])}">{e(v["id"][:8])}</a></td>'
        f'<td>{v["context"]["line"]}</td><td lang="ru">{e(v["original"])}</td><td lang="ru">{e(v["effective"])}</td>'
        f'<td>{e(v["status"])}</td><td class="n">{v["confidence"]:.2f}</td><td>{e(v["stage"])}</td>'
        f'<td>{e("; ".join(v["evidence"]))}</td></tr>' for v in d["suggestions"])
    body = (f'<h1>{e(d["id"])} <small>{e(d["meta"].get("title", ""))}</small></h1>'
            f'<div class="docview"><pre class="text" lang="ru">{"".join(parts)}</pre>'
            f'<div class="english" lang="en">{e(d["translation"])}</div></div>'
            f'<h2>All suggestions</h2><table class="sugs"><tr><th>id</th><th>line</th><th>OCR</th><th>fix</th>'
            f'<th>status</th><th>conf.</th><th>stage</th><th>evidence</th></tr>{rows}</table>')
    return layout(d["id"], body, csrf, reviewer, d["progress"])


def _checkbox(o: dict) -> str:
    if o["same"] or o["status"] == "stale":
        return ""
    return f'<input type="checkbox" checked aria-label="select" value="{e(o["ref"])}">'


def similar_page(s: dict, csrf: str, reviewer: str) -> str:
    src = s["source"]
    rows = "".join(
        f'<tr data-ref="{e(o["ref"])}"><td>{_checkbox(o)}</td>'
        f'<td>{e(o["doc"])}</td><td class="kwic" lang="ru"><span class="l">{e(o["before"][-40:])}</span>'
        f'<mark>{e(src["original"])}</mark><span class="r">{e(o["after"][:40])}</span></td>'
        f'<td>{e(o["status"])}{" → " + e(o["replacement"]) if o["replacement"] else ""}</td></tr>'
        for o in s["occurrences"])
    body = (f'<h1>Same fix elsewhere: <del lang="ru">{e(src["original"])}</del> → <ins lang="ru">{e(src["effective"])}</ins>'
            f' <small>({e(src["status"])}, from {e(src["doc"])})</small></h1>'
            f'<p>{len(s["occurrences"])} identical token(s) in the collection. Approve the same fix for the '
            f'selected ones together, or open them one by one.</p>'
            f'<div id="similar" data-doc="{e(src["doc"])}" data-id="{e(src["id"])}">'
            f'<table class="kwic"><tr><th></th><th>document</th><th>context</th><th>now</th></tr>{rows}</table>'
            f'<button id="apply-selected">apply the fix to the selected</button> '
            f'<button id="apply-all">apply to all</button> <span id="similar-result"></span></div>')
    return layout("Same fix elsewhere", body, csrf, reviewer)
