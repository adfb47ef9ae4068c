"""The QA report: outputs load with standard parsers, the gate fails and passes as documented."""
from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.batch import write_outputs
from pipeline.model import Document, Suggestion
from pipeline.report import (DEFAULT_THRESHOLDS, build_report, gate, parse_thresholds, regressions,
                             report_command, write_reports)
from pipeline.stages import Pipeline
from pipeline.tokens import tokenize
from test_quality import no_index_build  # noqa: F401 - autouse fixture

GOLD = "Вчера, 17 мая, тов. МАО ЦЗЕ-ДУН просил меня сообщить Вам следующее.\nИз Кореи прибыл тов. КИМ ИР."
OCR = "Вчера, 17 мая, тов. МAО ЦЗЕ-ДУН просил мепя сообщить Вам следукщее.\nИз Кореи прибыл тов. КИМ ИР."
EN = "Yesterday, 17 May, Mao Zedong asked me to inform you of the following.\nKim Il arrived from Korea."
NASTY = 'Текст с <script>alert("x")</script> & "кавычками" \'и\' <b>тегами</b>.'


def make_run(root: Path) -> Path:
    run = root / "run"
    docs = [Document(id="gold-doc", text=OCR, translation=EN, tokens=tokenize(OCR)),
            Document(id="nasty-doc", text=NASTY, translation="Text with tags.", tokens=tokenize(NASTY))]
    docs[0].gold = GOLD
    docs[1].gold = NASTY.replace("кавычками", "кавычкой")
    pipe = Pipeline(["normalize", "decide", "quality"])
    for d in docs:
        pipe.run(d)
    # a sure fix, as a lexicon stage would make it (the fixture does not depend on calibration)
    k = OCR.index("мепя")
    docs[0].suggestions = [s for s in docs[0].suggestions if s.start != k] + [
        Suggestion(k, k + 4, "мепя", "меня", 0.99, "auto", "lexicon@test", ["lexicon: 1 edit, п→н"])]
    for d in docs:
        write_outputs(d, run / d.id)
    return run


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return make_run(tmp_path_factory.mktemp("report"))


def test_outputs_load_with_standard_parsers(run_dir):
    paths = write_reports(run_dir)
    assert [p.name for p in paths] == ["report.html", "report.md", "report.json", "report.csv", "junit.xml"]
    report = json.loads((run_dir / "report.json").read_text("utf-8"))
    assert {d["id"] for d in report["documents"]} == {"gold-doc", "nasty-doc"}
    assert report["thresholds"] == DEFAULT_THRESHOLDS
    per_doc = json.loads((run_dir / "gold-doc" / "quality.json").read_text("utf-8"))
    assert per_doc["has_gold"] and per_doc["quality"]["evaluation"]["chars"] == len(GOLD)
    suite = ET.parse(run_dir / "junit.xml").getroot()
    assert suite.tag == "testsuite" and suite.get("tests") == "2"
    assert {c.get("name") for c in suite.iter("testcase")} == {"gold-doc", "nasty-doc"}
    with open(run_dir / "report.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["gold-doc", "nasty-doc"]
    assert "# ocrfix QA report" in (run_dir / "report.md").read_text("utf-8")


def test_evaluation_is_pooled_and_uses_the_corrected_text(run_dir):
    report = build_report(run_dir)
    s = report["summary"]
    gold_doc = next(d for d in report["documents"] if d["id"] == "gold-doc")
    ev = gold_doc["quality"]["evaluation"]
    # the sure fix мепя → меня is applied
    assert ev["char_errors_corrected"] < ev["char_errors_ocr"]
    evs = [d["quality"]["evaluation"] for d in report["documents"]]
    assert s["with_gold"] == 2
    assert s["cer_corrected"] == pytest.approx(sum(e["char_errors_corrected"] for e in evs) / sum(e["chars"] for e in evs))
    assert s["classes"]["common"]["errors_ocr"] >= 2
    assert any(sg["correct"] for sg in gold_doc["suggestions"])  # labelled outcome from gold
    assert s["reliability"] and s["labelled_suggestions"] >= 1


def test_html_shows_text_literally(run_dir):
    write_reports(run_dir)
    html = (run_dir / "report.html").read_text("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp; &quot;кавычкой&quot; &#x27;и&#x27; &lt;b&gt;тегами&lt;/b&gt;" in html  # the truth column
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched
    assert html.count("<svg") >= 3


def test_gate_fails_and_passes(run_dir):
    code, lines, _ = gate(run_dir, fail_under="cer=0.0001")
    assert code == 1 and any(ln.startswith("gold-doc: cer") for ln in lines)
    code, lines, _ = gate(run_dir, fail_under="cer=0.9,garbage=0.9,lexicality=0.1")
    assert code == 0 and lines == []
    assert ET.parse(run_dir / "junit.xml").getroot().get("failures") == "0"
    code, _, _ = gate(run_dir)  # no thresholds: report only (JUnit uses the defaults)
    assert code == 0


def test_cli_exit_codes(run_dir):
    runner = CliRunner()
    res = runner.invoke(report_command, [str(run_dir), "--fail-under", "cer=0.0001,names=0.9"])
    assert res.exit_code == 1 and "quality gate failed" in res.output
    res = runner.invoke(report_command, [str(run_dir), "--fail-under", "cer=0.9"])
    assert res.exit_code == 0 and "quality gate passed" in res.output
    res = runner.invoke(report_command, [str(run_dir), "--fail-under", "bogus=1"])
    assert res.exit_code == 2
    suite = ET.parse(run_dir / "junit.xml").getroot()
    assert suite.get("failures") == "0"


def test_thresholds_parse():
    assert parse_thresholds("cer=0.05, names=0.9") == {"cer": 0.05, "names": 0.9}
    assert parse_thresholds("default") == DEFAULT_THRESHOLDS
    assert parse_thresholds("default,cer=0.2")["cer"] == 0.2
    assert parse_thresholds(None) == {}


def test_baseline_regressions(run_dir, tmp_path):
    write_reports(run_dir)
    report = json.loads((run_dir / "report.json").read_text("utf-8"))
    assert regressions(report, report) == []
    better = json.loads(json.dumps(report))
    for d in better["documents"]:
        d["metrics"]["est_cer"] = 0.0
    base = tmp_path / "old.json"
    base.write_text(json.dumps(better), "utf-8")
    code, lines, _ = gate(run_dir, baseline=base, tolerance=0.001)
    assert code == 1 and all("est_cer" in ln for ln in lines if "est_cer" in ln) and lines
    code, lines, _ = gate(run_dir, baseline=base, tolerance=0.5)
    assert code == 0


def test_review_store_decisions_are_counted(tmp_path):
    store_mod = pytest.importorskip("pipeline.store")
    run = make_run(tmp_path)
    db = tmp_path / "review.sqlite"
    store_mod.import_run(run, db)
    with store_mod.open_store(db) as st:
        items = [i for i in st.items("gold-doc") if i.status == "auto"]
        assert items, "the fixture has a sure fix"
        for i in items:
            st.decide("gold-doc", i.id, "rejected", reviewer="tester")
    write_reports(run, store=db)
    report = json.loads((run / "report.json").read_text("utf-8"))
    doc = next(d for d in report["documents"] if d["id"] == "gold-doc")
    assert doc["quality"]["suggestions"]["rejected"] == len(items)
    assert report["summary"]["suggestions"]["rejected"] == len(items)
    # the rejected fix is not applied: the reviewed text is evaluated
    assert doc["quality"]["evaluation"]["char_errors_corrected"] == doc["quality"]["evaluation"]["char_errors_ocr"]


def test_empty_and_broken_runs(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    paths = write_reports(empty)
    assert json.loads(paths[2].read_text("utf-8"))["documents"] == []
    assert ET.parse(paths[4]).getroot().get("tests") == "0"
    broken = make_run(tmp_path)
    (broken / "nasty-doc" / "document.json").write_text("{not json", "utf-8")
    report = json.loads(write_reports(broken)[2].read_text("utf-8"))
    assert [d["id"] for d in report["documents"]] == ["gold-doc"]
    assert report["failed"][0]["name"] == "nasty-doc" and report["failed"][0]["code"] == "E100"
    assert ET.parse(broken / "junit.xml").getroot().get("errors") == "1"
