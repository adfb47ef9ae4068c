"""The review store: import of runs, derived state, stale suggestions, concurrency.

``make_run`` (also used by the other review tests) writes a small run folder with the
batch writer: two documents whose suggestions were made by hand, one with a page image
and word boxes.
"""
from __future__ import annotations

import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from pipeline.batch import write_outputs
from pipeline.model import Document, Page, Suggestion
from pipeline.store import StoreError, import_run, open_store
from pipeline.tokens import tokenize

TEXT_A = ("ПЕКИН СОВПОСЛ\n\n"
          "В связи с беседой Чжоу Эн-ляя с Вами по вопросу о военной обстановке,\n"
          "т. Ким Ир Скиом не дает георически информации <script>alert(1)</script> о фронте.\n"
          "Корейские друзья обиспываться не могут, георически говоря.\n")
EN_A = ("PEKING, TO THE SOVIET AMBASSADOR\n\nIn connection with your conversation with Zhou Enlai on the "
        "military situation, Cde. Kim Il Sung does not give theoretical information about the front.")
TEXT_B = "МОСКВА\nМас Цзэ-дун прибыл георически вчера.\n"


def _sugg(text: str, word: str, rep: str, conf: float, status: str, kind: str = "spelling", nth: int = 0,
          stage: str = "lexicon@1", evidence: list[str] | None = None, **kw) -> Suggestion:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(word, pos + 1)
    return Suggestion(pos, pos + len(word), word, rep, conf, status, stage,
                      evidence or [f"{stage.split('@')[0]}: test evidence for '{rep}'"], kind, **kw)


def docs_v1() -> list[Document]:
    a = Document(id="cable-a", text=TEXT_A, translation=EN_A, tokens=tokenize(TEXT_A))
    a.suggestions = [
        _sugg(TEXT_A, "Скиом", "Сеном", 0.55, "review", "name", stage="names@1",
              alternatives=[{"replacement": "Сена", "confidence": 0.2, "stage": "names@1",
                             "evidence": ["gazetteer: Ким Ир Сен, genitive"]}]),
        _sugg(TEXT_A, "георически", "теоретически", 0.7, "review"),
        _sugg(TEXT_A, "<script>alert(1)</script>", "<b>x</b>", 0.4, "review", "other"),
        _sugg(TEXT_A, "обиспываться", "обижаться", 0.97, "auto"),
        _sugg(TEXT_A, "георически", "теоретически", 0.7, "review", nth=1),
        _sugg(TEXT_A, "Эн-ляя", "=HYPERLINK(\"http://x\")", 0.35, "review", "name"),
    ]
    a.annotations["alignment"] = [{"ru_start": 0, "ru_end": 14, "en_start": 0, "en_end": 32},
                                  {"ru_start": 15, "ru_end": len(TEXT_A), "en_start": 34, "en_end": len(EN_A)}]
    b = Document(id="scan-b", text=TEXT_B, translation="MOSCOW\nMao Zedong arrived yesterday.",
                 tokens=tokenize(TEXT_B, page=1))
    for i, t in enumerate(b.tokens):  # word boxes on a 1000 x 300 page image
        t.bbox = (20 + 60 * (t.start - TEXT_B.rfind("\n", 0, t.start) - 1) // 3, 30 + 100 * t.line,
                  20 + 60 * (t.end - TEXT_B.rfind("\n", 0, t.start) - 1) // 3, 90 + 100 * t.line)
        t.conf = 90.0
    b.suggestions = [_sugg(TEXT_B, "Мас", "Мао", 0.9, "review", "name", stage="names@1"),
                     _sugg(TEXT_B, "георически", "теоретически", 0.7, "review")]
    return [a, b]


def make_run(tmp_path: Path, docs: list[Document] | None = None, name: str = "run") -> Path:
    """A run folder written with the batch writer; the scan document gets a page image."""
    out = tmp_path / name
    for doc in docs or docs_v1():
        if doc.id == "scan-b":
            img = tmp_path / "scan-b-page1.png"
            if not img.exists():
                import numpy as np
                import cv2
                arr = np.full((300, 1000, 3), 255, np.uint8)
                cv2.putText(arr, "MAC", (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 0), 3)
                cv2.imwrite(str(img), arr)
            doc.pages = [Page(1, image=str(img), width=1000, height=300, start=0, end=len(doc.text))]
        write_outputs(doc, out / doc.id)
    return out


@pytest.fixture
def store_path(tmp_path):
    p = tmp_path / "ocrfix.sqlite"
    import_run(make_run(tmp_path), p)
    return p


def test_import_and_state(tmp_path):
    out = make_run(tmp_path)
    line = import_run(out, tmp_path / "s.sqlite")
    assert line.startswith("2 document(s), 8 new suggestion(s)")
    with open_store(tmp_path / "s.sqlite") as st:
        assert st.documents() == ["cable-a", "scan-b"]
        assert st.migrations() == ["0001_initial", "0002_suggestion_original_index", "0003_suggestion_origin"]
        assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        items = st.items("cable-a")
        assert [i.status for i in items].count("auto") == 1
        assert {e.action for e in st.events()} == {"proposed"}
        assert st.document("scan-b")["pages"][0]["image"].endswith("scan-b-page1.png")


def test_decisions_are_events_and_state_is_derived(store_path):
    with open_store(store_path) as st:
        sid = st.items("cable-a", original="Скиом")[0].id
        assert st.decide("cable-a", sid, "approve", "anna").status == "approved"
        assert st.decide("cable-a", sid, "edit", "boris", replacement="Сеном!").effective == "Сеном!"
        item = st.decide("cable-a", sid, "revert", "anna")
        assert item.status == "review" and item.decision is None
        actions = [e.action for e in st.events("cable-a", sid)]
        assert actions == ["proposed", "approved", "edited", "reverted"]
        assert all(e.at.endswith("Z") for e in st.events())
        with pytest.raises(StoreError) as exc:
            st.decide("cable-a", sid, "edit", "anna")
        assert exc.value.code == "E605"
        with pytest.raises(StoreError):
            st.decide("cable-a", "nope", "approve")


def test_filters_and_resolve(store_path):
    with open_store(store_path) as st:
        assert {i.kind for i in st.items(kind="name")} == {"name"}
        assert all(0.5 <= i.confidence <= 0.8 for i in st.items(min_conf=0.5, max_conf=0.8))
        assert {i.stage for i in st.items(stage="names")} == {"names@1"}
        assert len(st.items(status="open")) == 7
        it = st.items("scan-b", original="Мас")[0]
        assert st.resolve(it.id[:8]) == ("scan-b", it.id)
        assert st.resolve(f"scan-b:{it.id}") == ("scan-b", it.id)


def test_rerun_keeps_decisions_and_marks_stale(tmp_path, store_path):
    with open_store(store_path) as st:
        kept = st.items("cable-a", original="Скиом")[0]
        gone = st.items("cable-a", original="обиспываться")[0]
        st.decide("cable-a", kept.id, "approve", "anna")
        st.decide("cable-a", gone.id, "reject", "anna")
    docs = docs_v1()
    docs[0].suggestions = [s for s in docs[0].suggestions if s.original != "обиспываться"]
    line = import_run(make_run(tmp_path, docs, "run2"), store_path)
    assert "1 now stale" in line and "0 new" in line
    with open_store(store_path) as st:
        assert st.item("cable-a", kept.id).status == "approved"
        g = st.item("cable-a", gone.id)
        assert g.status == "stale" and g.decision == "rejected"  # kept, not deleted
    import_run(make_run(tmp_path, docs_v1(), "run3"), store_path)  # proposed again: the decision is back
    with open_store(store_path) as st:
        assert st.item("cable-a", gone.id).status == "rejected"


def _approve_many(path: str, doc: str, ids: list[str], who: str) -> None:
    from pipeline.store import open_store as op
    for _ in range(5):
        for sid in ids:
            with op(path) as st:
                st.decide(doc, sid, "approve", who)


def test_two_processes_lose_no_decision(store_path):
    with open_store(store_path) as st:
        ids = [i.id for i in st.items("cable-a") if i.status == "review"]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_approve_many, args=(str(store_path), "cable-a", ids[0::2], "p1")),
             ctx.Process(target=_approve_many, args=(str(store_path), "cable-a", ids[1::2], "p2"))]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with open_store(store_path) as st:
        events = [e for e in st.events("cable-a") if e.action == "approved"]
        assert len(events) == 5 * len(ids)
        assert all(st.item("cable-a", sid).status == "approved" for sid in ids)
        assert {e.reviewer for e in events} == {"p1", "p2"}


def test_migrations_run_once_on_old_store(tmp_path):
    p = tmp_path / "old.sqlite"
    db = sqlite3.connect(p)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    db.commit()
    db.close()
    with open_store(p) as st:
        assert len(st.migrations()) == 3
    with open_store(p) as st:
        assert st.migrate() == []


def test_import_skips_suggestion_for_other_text(tmp_path):
    docs = docs_v1()
    d = docs[1].to_dict()
    d["suggestions"].append({**d["suggestions"][0], "id": "x", "original": "НЕ ТО"})
    out = tmp_path / "r"
    (out / "scan-b").mkdir(parents=True)
    (out / "scan-b" / "document.json").write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    assert "2 new" in import_run(out, tmp_path / "x.sqlite")
