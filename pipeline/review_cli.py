"""``ocrfix review`` (list, show, approve, reject, edit, revert, similar, export, import,
serve) and ``ocrfix apply``: thin click wrappers over :mod:`pipeline.store`,
:mod:`pipeline.concordance` and :mod:`pipeline.export_xml`.

Every command takes ``--store PATH`` (default ``$OCRFIX_STORE`` or ``ocrfix.sqlite`` in the
current folder) and the deciding ones ``--reviewer`` (default ``$OCRFIX_REVIEWER`` or
``$USER``).  The plain functions :func:`export_rows` and :func:`import_rows` do the
spreadsheet round trip.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

CSV_FIELDS = ["document", "id", "start", "end", "original", "replacement", "confidence", "status", "stage",
              "kind", "evidence", "alternatives", "context", "decision", "edited", "note"]
DECISION_WORDS = {"approve": "approved", "approved": "approved", "a": "approved", "yes": "approved",
                  "reject": "rejected", "rejected": "rejected", "r": "rejected", "no": "rejected",
                  "edit": "edited", "edited": "edited", "e": "edited", "revert": "reverted", "reverted": "reverted"}


def _store_option(f):
    return click.option("--store", "store_path", default=None, envvar="OCRFIX_STORE",
                        help="Review store (default: ocrfix.sqlite in the current folder).")(f)


def _reviewer_option(f):
    return click.option("--reviewer", default=None,
                        help="Who decides (default: $OCRFIX_REVIEWER or $USER).")(f)


def _filter_options(f):
    for opt in reversed([
        click.option("--doc", "doc", default=None, help="Only this document."),
        click.option("--stage", default=None, help="Only suggestions of this stage (name or name@version)."),
        click.option("--status", default=None,
                     help="Comma-separated states: open (= review), auto, approved, rejected, edited, stale."),
        click.option("--kind", default=None, help="Only this kind (spelling, name, homoglyph, ...)."),
        click.option("--min-conf", type=float, default=None, help="Confidence at least this."),
        click.option("--max-conf", type=float, default=None, help="Confidence at most this."),
    ]):
        f = opt(f)
    return f


def _open(store_path):
    from .store import open_store
    return open_store(store_path)


def _fail(exc: Exception) -> None:
    code = getattr(exc, "code", "E600")
    click.echo(f"ocrfix: error {code} {exc}", err=True)
    sys.exit(2)


def _filtered(st, doc, stage, status, kind, min_conf, max_conf):
    return st.items(doc, stage=stage, status=status.split(",") if status else None, kind=kind,
                    min_conf=min_conf, max_conf=max_conf)


def context_line(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The line of ``text`` around a span: (before, span, after)."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    return text[a:start], text[start:end], text[end:b]


@click.group("review")
def review_group() -> None:
    """Review suggestions: list, decide, batch-fix, spreadsheet round trip, web page."""


@review_group.command("list")
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@_store_option
def list_cmd(doc, stage, status, kind, min_conf, max_conf, as_json, store_path) -> None:
    """List suggestions with their current state."""
    from .store import StoreError
    try:
        with _open(store_path) as st:
            items = _filtered(st, doc, stage, status, kind, min_conf, max_conf)
    except StoreError as exc:
        _fail(exc)
    for i in items:
        if as_json:
            click.echo(json.dumps(i.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"{i.doc}:{i.id}  {i.status:<8} {i.confidence:.2f}  {i.original!r} → {i.effective!r}"
                       f"  [{i.stage}, {i.kind}]")
    if not as_json:
        click.echo(f"{len(items)} suggestion(s)", err=True)


@review_group.command("show")
@click.argument("ref")
@_store_option
def show_cmd(ref, store_path) -> None:
    """Show one suggestion (ID, unique id prefix or DOC:ID): context, evidence, history."""
    from .store import StoreError
    try:
        with _open(store_path) as st:
            doc, sid = st.resolve(ref)
            i = st.item(doc, sid)
            text = st.document(doc)["text"]
            events = st.events(doc, sid)
    except StoreError as exc:
        _fail(exc)
    before, span, after = context_line(text, i.start, i.end)
    click.echo(f"{doc}:{sid}  {i.status}  confidence {i.confidence:.2f}  {i.stage}  {i.kind}")
    click.echo(f"  line: {before}[{span}]{after}")
    click.echo(f"  fix:  {i.original!r} → {i.effective!r}" + (f" (pipeline: {i.replacement!r})" if i.edited else ""))
    for e in i.evidence:
        click.echo(f"  evidence: {e}")
    for a in i.alternatives:
        click.echo(f"  alternative: {a.get('replacement')!r} {a.get('confidence', 0):.2f} "
                   f"{'; '.join(a.get('evidence', []))}")
    for e in events:
        click.echo(f"  {e.at}  {e.action:<9} {e.reviewer}  {json.dumps(e.details, ensure_ascii=False)}")


def _decide_many(refs, action, reviewer, store_path, note="", replacement=None, items=None) -> None:
    from .store import StoreError
    try:
        with _open(store_path) as st:
            targets = [st.resolve(r) for r in refs] + [(i.doc, i.id) for i in items or []]
            for doc, sid in targets:
                item = st.decide(doc, sid, action, reviewer, replacement=replacement, note=note)
                click.echo(f"{doc}:{sid}  {item.status}  {item.original!r} → {item.effective!r}")
    except StoreError as exc:
        _fail(exc)
    click.echo(f"{len(targets)} suggestion(s) {action}", err=True)


@review_group.command("approve")
@click.argument("refs", nargs=-1)
@click.option("--all-above", type=float, default=None,
              help="Approve every open suggestion with confidence at or above this (with the filters).")
@_filter_options
@click.option("--note", default="", help="A note kept with the decision.")
@_reviewer_option
@_store_option
def approve_cmd(refs, all_above, doc, stage, status, kind, min_conf, max_conf, note, reviewer, store_path) -> None:
    """Approve suggestions (REFS, or in bulk with --all-above)."""
    items = None
    if all_above is not None:
        with _open(store_path) as st:
            items = [i for i in _filtered(st, doc, stage, status or "open", kind, min_conf, max_conf)
                     if i.confidence >= all_above and i.status == "review"]
    elif not refs:
        raise click.UsageError("give suggestion ids or --all-above CONFIDENCE")
    _decide_many(refs, "approved", reviewer, store_path, note, items=items)


@review_group.command("reject")
@click.argument("refs", nargs=-1, required=True)
@click.option("--note", default="", help="A note kept with the decision.")
@_reviewer_option
@_store_option
def reject_cmd(refs, note, reviewer, store_path) -> None:
    """Reject suggestions (an automatic one is then not applied)."""
    _decide_many(refs, "rejected", reviewer, store_path, note)


@review_group.command("edit")
@click.argument("ref")
@click.argument("replacement")
@click.option("--note", default="", help="A note kept with the decision.")
@_reviewer_option
@_store_option
def edit_cmd(ref, replacement, note, reviewer, store_path) -> None:
    """Replace a suggestion's text with REPLACEMENT (and approve it)."""
    _decide_many([ref], "edited", reviewer, store_path, note, replacement=replacement)


@review_group.command("revert")
@click.argument("refs", nargs=-1, required=True)
@_reviewer_option
@_store_option
def revert_cmd(refs, reviewer, store_path) -> None:
    """Undo the last decision: back to what the pipeline said."""
    _decide_many(refs, "reverted", reviewer, store_path)


@review_group.command("similar")
@click.argument("ref")
@click.option("--apply", "apply_refs", multiple=True, help="Give this occurrence (DOC:START:END) the same fix.")
@click.option("--apply-all", is_flag=True, help="Give every occurrence the same fix.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_reviewer_option
@_store_option
def similar_cmd(ref, apply_refs, apply_all, as_json, reviewer, store_path) -> None:
    """Concordance: identical tokens elsewhere in the collection, and the same fix for them."""
    from .concordance import apply_similar, similar
    from .store import StoreError
    try:
        with _open(store_path) as st:
            doc, sid = st.resolve(ref)
            if apply_all or apply_refs:
                done = apply_similar(st, doc, sid, None if apply_all else list(apply_refs), reviewer)
                for d in done:
                    click.echo(f"{d['ref']}  {d['action']}  ({d['suggestion']})")
                return
            src, occs = similar(st, doc, sid)
    except StoreError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps({"source": src, "occurrences": [o.to_dict() for o in occs]}, ensure_ascii=False))
        return
    click.echo(f"{src['original']!r} → {src['effective']!r} ({src['status']}); {len(occs)} occurrence(s):")
    for o in occs:
        mark = "*" if o.same else " "
        state = f"{o.status} {o.replacement!r}" if o.suggestion else "no suggestion"
        click.echo(f"{mark} {o.ref:<22} …{o.before[-25:]}[{src['original']}]{o.after[:25]}…  ({state})".replace("\n", " "))


# --- spreadsheet round trip ------------------------------------------------------------
def export_rows(st, items) -> list[dict]:
    texts: dict[str, str] = {}
    rows = []
    for i in items:
        if i.doc not in texts:
            texts[i.doc] = st.document(i.doc)["text"]
        b, s, a = context_line(texts[i.doc], i.start, i.end)
        rows.append({"document": i.doc, "id": i.id, "start": i.start, "end": i.end, "original": i.original,
                     "replacement": i.replacement, "confidence": i.confidence, "status": i.status, "stage": i.stage,
                     "kind": i.kind, "evidence": " | ".join(i.evidence),
                     "alternatives": " | ".join(str(x.get("replacement")) for x in i.alternatives),
                     "context": f"{b}[{s}]{a}", "decision": "", "edited": i.edited or "", "note": ""})
    return rows


def rows_to_csv(rows: list[dict]) -> str:
    from .export_xml import safe_cell
    buf = io.StringIO()
    w = csv.DictWriter(buf, CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: safe_cell(r.get(k, "")) for k in CSV_FIELDS})
    return buf.getvalue()


def import_rows(st, rows: list[dict], reviewer: str | None = None) -> dict[str, int]:
    """Apply the ``decision`` column (approve / reject / edit (with ``edited``) / revert) of
    rows exported by ``review export``; rows with an empty decision are left alone."""
    from .export_xml import unsafe_cell
    from .store import StoreError
    counts = {"approved": 0, "rejected": 0, "edited": 0, "reverted": 0, "unchanged": 0}
    for n, raw in enumerate(rows, start=2):
        r = {k: unsafe_cell(v or "") for k, v in raw.items() if k}
        word = (r.get("decision") or "").strip().lower()
        if not word:
            counts["unchanged"] += 1
            continue
        action = DECISION_WORDS.get(word)
        if action is None:
            raise StoreError(f"row {n}: unknown decision {word!r} (approve, reject, edit, revert)", "E620")
        edited = r.get("edited") or None
        if action == "approved" and edited:
            action = "edited"
        cur = st.item(r["document"], r["id"])
        if (action == cur.status and (action != "edited" or edited == cur.edited)) or \
                (action == "reverted" and cur.decision is None):
            counts["unchanged"] += 1
            continue
        st.decide(r["document"], r["id"], action, reviewer, replacement=edited, note=r.get("note", ""),
                  via="spreadsheet")
        counts[action] += 1
    return counts


@review_group.command("export")
@click.option("--csv", "fmt", flag_value="csv", default=True, help="CSV for a spreadsheet (the default).")
@click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON object per line.")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None, help="File (default: standard output).")
@_filter_options
@_store_option
def export_cmd(fmt, out, doc, stage, status, kind, min_conf, max_conf, store_path) -> None:
    """Export suggestions for review in a spreadsheet; fill the 'decision' column, then import."""
    with _open(store_path) as st:
        rows = export_rows(st, _filtered(st, doc, stage, status, kind, min_conf, max_conf))
    text = rows_to_csv(rows) if fmt == "csv" else "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if out:
        Path(out).write_text(text, "utf-8")
        click.echo(f"{len(rows)} suggestion(s) → {out}", err=True)
    else:
        click.echo(text, nl=False)


@review_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@_reviewer_option
@_store_option
def import_cmd(path, reviewer, store_path) -> None:
    """Import decisions from a CSV or JSONL file made by 'review export'."""
    from .store import StoreError
    raw = Path(path).read_text("utf-8-sig")
    if path.endswith(".jsonl") or raw.lstrip().startswith("{"):
        rows = [{k: "" if v is None else str(v) for k, v in json.loads(ln).items()} for ln in raw.splitlines() if ln.strip()]
    else:
        rows = list(csv.DictReader(io.StringIO(raw)))
    try:
        with _open(store_path) as st:
            counts = import_rows(st, rows, reviewer)
    except StoreError as exc:
        _fail(exc)
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()))


@review_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost unless told).")
@click.option("--port", default=8765, show_default=True, type=int, help="Port (0: any free port).")
@_reviewer_option
@_store_option
def serve_cmd(host, port, reviewer, store_path) -> None:
    """Serve the review web page."""
    from .web.server import serve
    serve(store_path, host, port, reviewer)


@click.command("apply")
@click.option("--out", "out", type=click.Path(file_okay=False), default="reviewed", show_default=True,
              help="Folder for the corrected texts, ALTO, PAGE and change logs.")
@click.option("--doc", "docs", multiple=True, help="Only this document (repeatable).")
@_store_option
def apply_command(out, docs, store_path) -> None:
    """Apply automatic, approved and edited suggestions from the store: corrected text,
    ALTO v4, PAGE XML and a change log per document.  The originals are not touched."""
    from .export_xml import apply_store
    from .store import StoreError
    try:
        with _open(store_path) as st:
            results = apply_store(st, out, list(docs) or None)
    except StoreError as exc:
        _fail(exc)
    for r in results:
        click.echo(f"{r['document']}: {r['changes']} change(s) ({r['auto']} automatic, {r['approved']} approved, "
                   f"{r['edited']} edited; {r['rejected']} rejected, {r['open']} still open) → {r['folder']}")
