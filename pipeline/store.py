"""The review store: documents, suggestions and an append-only log of review events.

One SQLite file (``ocrfix.sqlite`` in the current folder unless ``--store`` says otherwise)
is shared by ``ocrfix run`` (which imports suggestions into it), ``ocrfix review``,
``ocrfix apply`` and the report.  Nothing in it is ever updated in place except the
pipeline's own view of a suggestion (its confidence, evidence, and whether the latest run
still proposes it): every human decision is an :class:`Event` row, and the current state
of a suggestion is derived from its events (the last decision wins, ``reverted`` goes back
to what the pipeline said).

Suggestion ids are stable (:func:`pipeline.model.suggestion_id`: span, original and
replacement), so a re-run of the pipeline finds the decisions made on the same fix; a fix
the new run no longer proposes is marked stale and kept.

Several reviewers may write at once: the database is in WAL mode, waits for locks
(``busy_timeout``) and each decision is one short transaction.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

DEFAULT_STORE = "ocrfix.sqlite"
DECISIONS = ("approved", "rejected", "edited", "reverted")
ACTIONS = ("proposed",) + DECISIONS + ("stale", "restored")
#: statuses whose replacement ``apply`` uses
APPLIED = ("auto", "approved", "edited")
#: document fields kept in the store (candidates are left in document.json)
DOC_FIELDS = ("id", "source", "text", "translation", "meta", "notes", "pages", "tokens", "flags",
              "annotations", "quality", "stamp")

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            folder TEXT NOT NULL,
            data TEXT NOT NULL,
            imported TEXT NOT NULL
        );
        CREATE TABLE suggestions (
            doc TEXT NOT NULL REFERENCES documents(id),
            id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            original TEXT NOT NULL,
            replacement TEXT NOT NULL,
            confidence REAL NOT NULL,
            pipeline_status TEXT NOT NULL,
            stage TEXT NOT NULL,
            kind TEXT NOT NULL,
            evidence TEXT NOT NULL,
            alternatives TEXT NOT NULL,
            features TEXT NOT NULL,
            stale INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (doc, id)
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            doc TEXT NOT NULL,
            suggestion TEXT NOT NULL,
            action TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,
            details TEXT NOT NULL
        );
        CREATE INDEX events_by_suggestion ON events(doc, suggestion, seq);
    """),
    ("0002_suggestion_original_index", """
        CREATE INDEX suggestions_by_original ON suggestions(original);
    """),
    # suggestions a reviewer added (the same fix for identical tokens) are not the pipeline's
    # to withdraw: a re-run keeps them while the text at their span is unchanged
    ("0003_suggestion_origin", """
        ALTER TABLE suggestions ADD COLUMN origin TEXT NOT NULL DEFAULT 'pipeline';
    """),
]


class StoreError(Exception):
    """A request the store cannot satisfy; ``code`` is stable (E6xx)."""

    def __init__(self, message: str, code: str = "E600", status: int = 400):
        super().__init__(message)
        self.code = code
        self.status = status


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def default_reviewer() -> str:
    return os.environ.get("OCRFIX_REVIEWER") or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


@dataclass
class Event:
    """One thing that happened to a suggestion: who, when (UTC), what, and the details."""

    doc: str
    suggestion: str
    action: str
    reviewer: str
    at: str
    details: dict = field(default_factory=dict)
    seq: int = 0


@dataclass
class Item:
    """A suggestion with its state derived from the events."""

    doc: str
    id: str
    start: int
    end: int
    original: str
    replacement: str  # what the pipeline proposed
    confidence: float
    pipeline_status: str  # auto | review
    stage: str
    kind: str
    evidence: list[str]
    alternatives: list[dict]
    features: dict
    stale: bool
    status: str  # auto | review | approved | rejected | edited | stale
    decision: str | None = None  # the last decision event (even on a stale item)
    edited: str | None = None  # the reviewer's replacement when edited
    reviewer: str | None = None
    decided_at: str | None = None

    @property
    def effective(self) -> str:
        """The replacement ``apply`` uses."""
        return self.edited if self.status == "edited" and self.edited is not None else self.replacement

    @property
    def applied(self) -> bool:
        return self.status in APPLIED

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["effective"] = self.effective
        return d


class Store:
    """The SQLite review store (open with :func:`open_store`)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout = 60000")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- schema -----------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the named migrations not yet applied; returns their names."""
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    self.db.execute("COMMIT")  # another process got there first
                    continue
                for stmt in filter(str.strip, sql.split(";")):
                    self.db.execute(stmt)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, utc_now()))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            applied.append(name)
        return applied

    def migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    # --- documents --------------------------------------------------------------------
    def documents(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def document(self, doc: str) -> dict:
        row = self.db.execute("SELECT data, folder FROM documents WHERE id = ?", (doc,)).fetchone()
        if row is None:
            raise StoreError(f"no document {doc!r} in the store", "E601", 404)
        d = json.loads(row["data"])
        d["folder"] = row["folder"]
        return d

    # --- suggestions and their state --------------------------------------------------
    def items(self, doc: str | None = None, *, stage: str | None = None, status: Iterable[str] | str | None = None,
              min_conf: float | None = None, max_conf: float | None = None, kind: str | None = None,
              original: str | None = None, include_stale: bool = True) -> list[Item]:
        """Suggestions with their derived state, filtered, in document and text order."""
        sql = ["""SELECT s.*, e.action, e.reviewer AS e_reviewer, e.at AS e_at, e.details AS e_details
                  FROM suggestions s LEFT JOIN events e ON e.seq = (
                      SELECT MAX(seq) FROM events x WHERE x.doc = s.doc AND x.suggestion = s.id
                      AND x.action IN ('approved', 'rejected', 'edited', 'reverted'))
                  WHERE 1 = 1"""]
        args: list[Any] = []
        for cond, val in (("s.doc = ?", doc), ("s.kind = ?", kind), ("s.original = ?", original),
                          ("s.confidence >= ?", min_conf), ("s.confidence <= ?", max_conf)):
            if val is not None:
                sql.append(f"AND {cond}")
                args.append(val)
        if stage:
            sql.append("AND (s.stage = ? OR s.stage LIKE ?)")
            args += [stage, f"{stage}@%"]
        if not include_stale:
            sql.append("AND s.stale = 0")
        sql.append('ORDER BY s.doc, s.start, s."end", s.id')
        out = [self._item(r) for r in self.db.execute(" ".join(sql), args)]
        if status:
            wanted = {status} if isinstance(status, str) else set(status)
            if "open" in wanted:  # not decided by a person, still proposed, not applied automatically
                wanted |= {"review"}
            out = [i for i in out if i.status in wanted]
        return out

    @staticmethod
    def _item(r: sqlite3.Row) -> Item:
        action = r["action"]
        details = json.loads(r["e_details"]) if r["e_details"] else {}
        decision = action if action in ("approved", "rejected", "edited") else None
        if r["stale"]:
            status = "stale"
        else:
            status = decision or r["pipeline_status"]
        return Item(r["doc"], r["id"], r["start"], r["end"], r["original"], r["replacement"], r["confidence"],
                    r["pipeline_status"], r["stage"], r["kind"], json.loads(r["evidence"]),
                    json.loads(r["alternatives"]), json.loads(r["features"]), bool(r["stale"]), status,
                    decision, details.get("replacement") if decision == "edited" else None,
                    r["e_reviewer"] if action else None, r["e_at"] if action else None)

    def item(self, doc: str, sid: str) -> Item:
        found = [i for i in self.items(doc) if i.id == sid]
        if not found:
            raise StoreError(f"no suggestion {sid!r} in document {doc!r}", "E602", 404)
        return found[0]

    def resolve(self, ref: str) -> tuple[str, str]:
        """``DOC:ID``, ``DOC/ID``, an id or a unique id prefix → (doc, id)."""
        for sep in (":", "/"):
            if sep in ref:
                doc, _, sid = ref.rpartition(sep)
                rows = self.db.execute("SELECT doc, id FROM suggestions WHERE doc = ? AND id LIKE ?",
                                       (doc, sid + "%")).fetchall()
                break
        else:
            rows = self.db.execute("SELECT doc, id FROM suggestions WHERE id LIKE ?", (ref + "%",)).fetchall()
        if not rows:
            raise StoreError(f"no suggestion matches {ref!r}", "E602", 404)
        if len(rows) > 1:
            raise StoreError(f"{ref!r} matches {len(rows)} suggestions ("
                             + ", ".join(f"{r['doc']}:{r['id']}" for r in rows[:5]) + "); give DOC:ID or more of the id",
                             "E603")
        return rows[0]["doc"], rows[0]["id"]

    def events(self, doc: str | None = None, sid: str | None = None) -> list[Event]:
        sql, args = "SELECT * FROM events WHERE 1 = 1", []
        if doc:
            sql += " AND doc = ?"
            args.append(doc)
        if sid:
            sql += " AND suggestion = ?"
            args.append(sid)
        return [Event(r["doc"], r["suggestion"], r["action"], r["reviewer"], r["at"], json.loads(r["details"]),
                      r["seq"]) for r in self.db.execute(sql + " ORDER BY seq", args)]

    # --- decisions --------------------------------------------------------------------
    def decide(self, doc: str, sid: str, action: str, reviewer: str | None = None,
               replacement: str | None = None, note: str = "", **details: Any) -> Item:
        """Record a decision (``approved``, ``rejected``, ``edited``, ``reverted``) in one short
        transaction and return the suggestion's new state."""
        action = {"approve": "approved", "reject": "rejected", "edit": "edited", "revert": "reverted"}.get(action, action)
        if action not in DECISIONS:
            raise StoreError(f"unknown action {action!r}; expected one of {', '.join(DECISIONS)}", "E604")
        if action == "edited":
            if replacement is None:
                raise StoreError("an edit needs the new replacement text", "E605")
            details["replacement"] = replacement
        if note:
            details["note"] = note
        reviewer = reviewer or default_reviewer()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            row = self.db.execute("SELECT stale, replacement FROM suggestions WHERE doc = ? AND id = ?",
                                  (doc, sid)).fetchone()
            if row is None:
                raise StoreError(f"no suggestion {sid!r} in document {doc!r}", "E602", 404)
            if row["stale"] and action != "reverted":
                raise StoreError(f"suggestion {sid} is stale: the latest run no longer proposes it", "E606", 409)
            self._event(doc, sid, action, reviewer, details)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self.item(doc, sid)

    def add_suggestion(self, doc: str, start: int, end: int, replacement: str, reviewer: str, evidence: list[str],
                       kind: str = "spelling", stage: str = "review") -> str:
        """A suggestion made by a reviewer (origin ``review``), with a ``proposed`` event;
        returns its id (the same stable id the pipeline would give the same fix)."""
        from .model import suggestion_id
        text = self.document(doc)["text"]
        original = text[start:end]
        sid = suggestion_id(start, end, original, replacement)
        when = utc_now()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if not self.db.execute("SELECT 1 FROM suggestions WHERE doc = ? AND id = ?", (doc, sid)).fetchone():
                self.db.execute("INSERT INTO suggestions VALUES (?, ?, ?, ?, ?, ?, 1.0, 'review', ?, ?, ?, '[]', '{}', "
                                "0, ?, ?, 'review')", (doc, sid, start, end, original, replacement, stage, kind,
                                                       json.dumps(evidence, ensure_ascii=False), when, when))
                self._event(doc, sid, "proposed", reviewer, {"origin": "review", "evidence": evidence}, when)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return sid

    def _event(self, doc: str, sid: str, action: str, reviewer: str, details: dict, at: str | None = None) -> None:
        self.db.execute("INSERT INTO events (doc, suggestion, action, reviewer, at, details) VALUES (?, ?, ?, ?, ?, ?)",
                        (doc, sid, action, reviewer, at or utc_now(), json.dumps(details, ensure_ascii=False)))

    def progress(self, doc: str | None = None) -> dict[str, int]:
        counts = {s: 0 for s in ("review", "auto", "approved", "rejected", "edited", "stale")}
        for i in self.items(doc):
            counts[i.status] = counts.get(i.status, 0) + 1
        counts["total"] = sum(counts.values())
        counts["decided"] = counts["approved"] + counts["rejected"] + counts["edited"]
        return counts

    # --- import of a run --------------------------------------------------------------
    def import_document(self, d: dict, folder: str, when: str | None = None) -> dict[str, int]:
        """Upsert one document.json and its suggestions; earlier suggestions the new run no
        longer proposes become stale (never deleted).  Returns counts."""
        when = when or utc_now()
        doc = d["id"]
        data = {k: d.get(k) for k in DOC_FIELDS}
        data["pages"] = [_resolve_image(p, d, folder) for p in d.get("pages") or []]
        counts = {"new": 0, "kept": 0, "stale": 0, "restored": 0, "decided": 0}
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("INSERT INTO documents (id, folder, data, imported) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT(id) DO UPDATE SET folder = excluded.folder, data = excluded.data, "
                            "imported = excluded.imported", (doc, folder, json.dumps(data, ensure_ascii=False), when))
            old = {r["id"]: r for r in self.db.execute(
                'SELECT id, stale, origin, start, "end", original FROM suggestions WHERE doc = ?', (doc,))}
            seen = set()
            for s in d.get("suggestions", []):
                if d["text"][s["start"]:s["end"]] != s["original"]:
                    continue  # does not belong to this text; never import a fix that cannot apply
                sid = s["id"]
                seen.add(sid)
                vals = (s["start"], s["end"], s["original"], s["replacement"], float(s["confidence"]), s["status"],
                        s.get("stage", ""), s.get("kind", "spelling"),
                        json.dumps(s.get("evidence", []), ensure_ascii=False),
                        json.dumps(s.get("alternatives", []), ensure_ascii=False),
                        json.dumps(s.get("features", {}), ensure_ascii=False))
                if sid in old:
                    self.db.execute('UPDATE suggestions SET start = ?, "end" = ?, original = ?, replacement = ?, '
                                    "confidence = ?, pipeline_status = ?, stage = ?, kind = ?, evidence = ?, "
                                    "alternatives = ?, features = ?, stale = 0, last_seen = ? WHERE doc = ? AND id = ?",
                                    vals + (when, doc, sid))
                    counts["kept"] += 1
                    if old[sid]["stale"]:
                        counts["restored"] += 1
                        self._event(doc, sid, "restored", "ocrfix run", {"note": "proposed again"}, when)
                else:
                    self.db.execute("INSERT INTO suggestions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, "
                                    "'pipeline')",
                                    (doc, sid) + vals + (when, when))
                    self._event(doc, sid, "proposed", "ocrfix run",
                                {"confidence": s["confidence"], "status": s["status"], "stage": s.get("stage", "")},
                                when)
                    counts["new"] += 1
            for sid, r in old.items():
                if r["origin"] != "pipeline" and d["text"][r["start"]:r["end"]] == r["original"]:
                    continue  # a reviewer's own suggestion, still matching the text
                if sid not in seen and not r["stale"]:
                    self.db.execute("UPDATE suggestions SET stale = 1 WHERE doc = ? AND id = ?", (doc, sid))
                    self._event(doc, sid, "stale", "ocrfix run", {"note": "the latest run no longer proposes it"}, when)
                    counts["stale"] += 1
            counts["decided"] = self.db.execute(
                "SELECT COUNT(DISTINCT suggestion) FROM events WHERE doc = ? AND action IN "
                "('approved', 'rejected', 'edited')", (doc,)).fetchone()[0]
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return counts


def _resolve_image(page: dict, d: dict, folder: str) -> dict:
    """Make a page image path absolute (relative to the source bundle, the output folder or
    the working folder), so the review page can find it later."""
    page = dict(page)
    img = page.get("image")
    if img and not os.path.isabs(img):
        src = Path(d.get("source") or "")
        for base in (src if src.is_dir() else src.parent, Path(folder), Path.cwd()):
            cand = (base / img).resolve()
            if cand.is_file():
                page["image"] = str(cand)
                break
    return page


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating when needed) the store at ``path`` or ``$OCRFIX_STORE``
    or ``ocrfix.sqlite`` in the current folder."""
    return Store(path or os.environ.get("OCRFIX_STORE") or DEFAULT_STORE)


def import_run(out_dir: str | Path, store_path: str | Path) -> str:
    """Import every ``OUT/<doc>/document.json`` of a run into the store; a one-line summary."""
    out = Path(out_dir)
    totals = {"new": 0, "kept": 0, "stale": 0, "restored": 0, "decided": 0}
    n, bad = 0, []
    with open_store(store_path) as st:
        for path in sorted(out.glob("*/document.json")):
            try:
                d = json.loads(path.read_text("utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                bad.append(f"{path.parent.name} ({exc})")
                continue
            for k, v in st.import_document(d, str(path.parent.resolve())).items():
                totals[k] += v
            n += 1
    line = (f"{n} document(s), {totals['new']} new suggestion(s), {totals['kept']} kept, "
            f"{totals['stale']} now stale, {totals['decided']} with review decisions kept")
    if bad:
        line += f"; unreadable: {', '.join(bad)}"
    return line
