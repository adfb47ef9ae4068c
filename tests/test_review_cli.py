"""``ocrfix review`` and ``ocrfix apply`` through click's runner, and the re-run contract."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.store import open_store
from test_store import make_run, store_path  # noqa: F401  (fixture)


def run(*args, ok=True):
    res = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert res.exit_code == 0, res.output
    return res


def _id(store, original, doc="cable-a"):
    with open_store(store) as st:
        return st.items(doc, original=original)[0].id


def test_list_filters_and_show(store_path):  # noqa: F811
    out = run("review", "list", "--store", store_path, "--kind", "name").output
    assert "Скиом" in out and "георически" not in out
    lines = run("review", "list", "--store", store_path, "--json", "--min-conf", "0.6", "--max-conf", "0.8").output
    rows = [json.loads(x) for x in lines.splitlines() if x.startswith("{")]
    assert {r["original"] for r in rows} == {"георически"} and len(rows) == 3
    assert run("review", "list", "--store", store_path, "--stage", "names", "--status", "open").output.count("names@1") == 2
    show = run("review", "show", "--store", store_path, _id(store_path, "Скиом")[:10]).output
    assert "[Скиом]" in show and "alternative: 'Сена'" in show and "proposed" in show


def test_decisions_reviewer_and_bulk(store_path, monkeypatch):  # noqa: F811
    sid = _id(store_path, "Скиом")
    run("review", "approve", "--store", store_path, sid, "--reviewer", "anna")
    run("review", "edit", "--store", store_path, f"cable-a:{sid}", "Сеном")  # reviewer from $OCRFIX_REVIEWER
    run("review", "reject", "--store", store_path, _id(store_path, "обиспываться"))
    run("review", "revert", "--store", store_path, _id(store_path, "обиспываться"))
    with open_store(store_path) as st:
        ev = st.events("cable-a", sid)
        assert [(e.action, e.reviewer) for e in ev[1:]] == [("approved", "anna"), ("edited", "tester")]
        assert st.item("cable-a", _id(store_path, "обиспываться")).status == "auto"
    res = run("review", "approve", "--store", store_path, "--all-above", "0.7")
    assert "4 suggestion(s) approved" in res.output  # 0.9 Мас and three 0.7 георически, not the 0.97 auto one
    bad = run("review", "approve", "--store", store_path, "ffff", ok=False)
    assert bad.exit_code == 2 and "E602" in bad.output
    amb = run("review", "approve", "--store", store_path, "", ok=False)
    assert amb.exit_code != 0


def test_csv_round_trip_neutralises_formulas(store_path, tmp_path):  # noqa: F811
    path = tmp_path / "review.csv"
    run("review", "export", "--store", store_path, "--csv", "--out", path)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    cells = [c for r in rows for c in r.values()]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    hyper = next(r for r in rows if "HYPERLINK" in r["replacement"])
    assert hyper["replacement"].startswith("'=HYPERLINK(")
    for r in rows:  # a reviewer's decisions in the spreadsheet
        if r["original"] == "Скиом":
            r["decision"] = "approve"
        elif r["original"] == "Мас":
            r["decision"], r["edited"] = "edit", "Мао"
        elif r["original"] == "Эн-ляя":
            r["decision"] = "approve"  # the neutralised formula comes back as the original text
        elif r["original"] == "обиспываться":
            r["decision"] = "reject"
    buf = io.StringIO()
    w = csv.DictWriter(buf, list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")
    out = run("review", "import", "--store", store_path, path, "--reviewer", "sheet").output
    assert "2 approved, 1 rejected, 1 edited" in out
    with open_store(store_path) as st:
        assert st.item("scan-b", _id(store_path, "Мас", "scan-b")).effective == "Мао"
        assert st.items("cable-a", original="Эн-ляя")[0].status == "approved"
    assert "0 approved" in run("review", "import", "--store", store_path, path).output  # idempotent
    jl = run("review", "export", "--store", store_path, "--jsonl").output
    assert all(json.loads(x)["id"] for x in jl.splitlines())


def test_similar_command(store_path):  # noqa: F811
    sid = _id(store_path, "георически", "scan-b")
    out = run("review", "similar", "--store", store_path, sid).output
    assert out.count("[георически]") == 3
    run("review", "approve", "--store", store_path, sid)
    done = run("review", "similar", "--store", store_path, sid, "--apply-all").output
    assert done.count("approved") == 2


def test_apply_uses_auto_approved_edited_not_rejected(store_path, tmp_path):  # noqa: F811
    run("review", "approve", "--store", store_path, _id(store_path, "Скиом"))
    run("review", "edit", "--store", store_path, _id(store_path, "Мас", "scan-b"), "Мао")
    run("review", "reject", "--store", store_path, _id(store_path, "обиспываться"))
    out = tmp_path / "reviewed"
    res = run("apply", "--store", store_path, "--out", out)
    assert "cable-a: 1 change(s) (0 automatic, 1 approved, 0 edited; 1 rejected" in res.output
    text = (out / "cable-a" / "corrected.txt").read_text("utf-8")
    assert "Ким Ир Сеном" in text and "обиспываться" in text
    assert (out / "scan-b" / "corrected.txt").read_text("utf-8").startswith("МОСКВА\nМао Цзэ-дун")
    log = list(csv.DictReader((out / "cable-a" / "changes.csv").open(encoding="utf-8")))
    assert [(r["before"], r["after"], r["who"]) for r in log] == [("Скиом", "Сеном", "tester")]
    assert log[0]["when"].endswith("Z") and log[0]["evidence"]
    first = {p.name: p.read_bytes() for p in (out / "cable-a").iterdir()}
    run("apply", "--store", store_path, "--out", out)  # repeatable: the same files
    assert {p.name: p.read_bytes() for p in (out / "cable-a").iterdir()} == first
    with open_store(store_path) as st:
        assert "Скиом" in st.document("cable-a")["text"]  # the original is never changed


def test_run_force_after_reviews_keeps_them(tmp_path, samples):
    store = tmp_path / "ocrfix.sqlite"
    out = tmp_path / "out"
    bundles = [samples / "seed-000", samples / "seed-002"]
    fast = ("--stages", "normalize,decide")  # the contract is the store's; the stages do not matter here
    run("run", *bundles, *fast, "--out", out, "--store", store, "--no-report", "-q", "--workers", "1")
    # the pipeline's suggestions vary as stages land: add one of ours to each document.json
    path = out / "seed-000" / "document.json"
    d = json.loads(path.read_text("utf-8"))
    start = d["text"].index("Москвы")
    from pipeline.model import Suggestion
    d["suggestions"].append(Suggestion(start, start + 6, "Москвы", "МОСКВЫ", 0.5, "review", "test@1", ["test"]).to_dict())
    path.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    from pipeline.store import import_run
    import_run(out, store)
    with open_store(store) as st:
        ours = st.items("seed-000", original="Москвы")[0]
        st.decide("seed-000", ours.id, "approved", "anna")
        others = [i for i in st.items() if i.id != ours.id and not i.stale]
        for i in others[:3]:
            st.decide(i.doc, i.id, "rejected", "boris")
        before = {(i.doc, i.id): i.status for i in st.items()}
    res = run("run", *bundles, *fast, "--out", out, "--store", store, "--no-report", "-q", "--workers", "1",
              "--force")
    assert "review store" in res.output
    with open_store(store) as st:
        after = {(i.doc, i.id): i for i in st.items()}
        assert after[("seed-000", ours.id)].status == "stale"  # the new run does not propose it…
        assert after[("seed-000", ours.id)].decision == "approved"  # …but the decision is kept
        for i in others[:3]:
            assert after[(i.doc, i.id)].status == "rejected"
        assert set(before) <= set(after)
