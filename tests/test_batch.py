"""`ocrfix run` end to end: outputs, bad input, resume, --force, replay, failure policy."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from pipeline.batch import RunOptions, run_batch
from pipeline.cli import cli
from pipeline.model import Document, Suggestion, apply_suggestions


@pytest.fixture
def batch_dir(tmp_path):
    """Two seed bundles, a corrupt PNG and a zero-byte file."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("seed-002", "seed-004"):
        shutil.copytree(SAMPLES / name, src / name, ignore=shutil.ignore_patterns("gold.txt"))
    (src / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 10)
    (src / "empty.txt").write_bytes(b"")
    return src


def run(args):
    res = CliRunner().invoke(cli, args, catch_exceptions=False)
    return res


def test_run_processes_good_documents_and_lists_bad_ones(batch_dir, tmp_path):
    out = tmp_path / "out"
    res = run(["run", str(batch_dir), "--out", str(out), "--workers", "2", "--store", "", "--no-report"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "run.json").read_text())
    status = {d["name"]: d for d in summary["documents"]}
    assert status["seed-002"]["status"] == status["seed-004"]["status"] == "ok"
    assert status["broken"]["status"] == "failed" and status["broken"]["code"] == "E102"
    assert status["empty"]["status"] == "failed" and status["empty"]["code"] == "E101"
    assert "FAILED broken" in res.output and "FAILED empty" in res.output
    for name in ("seed-002", "seed-004"):
        folder = out / name
        doc = json.loads((folder / "document.json").read_text())
        assert doc["text"] == (batch_dir / name / "ocr.txt").read_text()
        assert doc["translation"] and doc["stamp"]["stages"]
        lines = (folder / "suggestions.jsonl").read_text().splitlines()
        assert len(lines) == len(doc["suggestions"])
        # replay: applying the document's auto suggestions to its original gives corrected.txt
        sugg = [Suggestion.from_dict(json.loads(ln)) for ln in lines]
        assert apply_suggestions(doc["text"], sugg) == (folder / "corrected.txt").read_text()


def test_second_run_does_no_work_and_force_redoes_it(batch_dir, tmp_path):
    out = tmp_path / "out"
    opts = RunOptions(out, workers=1)
    first = run_batch([batch_dir], opts, progress=lambda r: None)
    assert [d.status for d in first.documents].count("ok") == 2
    stamp = (out / "seed-002" / "document.json").stat().st_mtime_ns
    second = run_batch([batch_dir], opts, progress=lambda r: None)
    assert [d.status for d in second.documents].count("skipped") == 2
    assert [d.status for d in second.documents].count("ok") == 0
    assert (out / "seed-002" / "document.json").stat().st_mtime_ns == stamp
    third = run_batch([batch_dir], RunOptions(out, workers=1, force=True), progress=lambda r: None)
    assert [d.status for d in third.documents].count("ok") == 2


def test_changed_input_or_configuration_is_redone(batch_dir, tmp_path):
    out = tmp_path / "out"
    run_batch([batch_dir / "seed-002"], RunOptions(out, workers=1), progress=lambda r: None)
    again = run_batch([batch_dir / "seed-002"], RunOptions(out, workers=1, params={"decide": {"auto_threshold": 0.9}}),
                      progress=lambda r: None)
    assert again.documents[0].status == "ok"
    with open(batch_dir / "seed-002" / "ocr.txt", "a") as f:
        f.write("\nЕще строка.\n")
    third = run_batch([batch_dir / "seed-002"], RunOptions(out, workers=1, params={"decide": {"auto_threshold": 0.9}}),
                      progress=lambda r: None)
    assert third.documents[0].status == "ok"


def test_interrupted_run_resumes_from_the_documents_done(batch_dir, tmp_path):
    out = tmp_path / "out"
    run_batch([batch_dir / "seed-002"], RunOptions(out, workers=1), progress=lambda r: None)
    # a crash while writing seed-004 leaves a partial folder without document.json
    (out / "seed-004").mkdir()
    (out / "seed-004" / "corrected.txt").write_text("half")
    res = run_batch([batch_dir / "seed-002", batch_dir / "seed-004"], RunOptions(out, workers=1),
                    progress=lambda r: None)
    assert [d.status for d in res.documents] == ["skipped", "ok"]
    assert (out / "seed-004" / "corrected.txt").read_text() != "half"


def test_stage_failure_policy(batch_dir, tmp_path, monkeypatch):
    from pipeline import normalize

    def boom(*a, **k):
        raise RuntimeError("broken stage")

    monkeypatch.setattr(normalize, "homoglyph_candidates", boom)
    skip = run_batch([batch_dir / "seed-002", batch_dir / "seed-004"],
                     RunOptions(tmp_path / "a", workers=1, on_error="skip"), progress=lambda r: None)
    assert [d.status for d in skip.documents] == ["failed", "failed"]
    assert "normalize@2" in skip.documents[0].reason and "seed-002" in skip.documents[0].reason
    abort = run_batch([batch_dir / "seed-002", batch_dir / "seed-004"],
                      RunOptions(tmp_path / "b", workers=1, on_error="abort"), progress=lambda r: None)
    assert len(abort.documents) == 1 and abort.aborted


def test_plain_ocr_text_and_export_files_are_sources(tmp_path):
    from conftest import SEEDS
    export = next(SEEDS.glob("002_*.txt"))
    plain = tmp_path / "plain.txt"
    plain.write_text("Товарищу СТАЛИНУ. Kорея просит помощи.\n", "utf-8")
    res = run_batch([export, plain], RunOptions(tmp_path / "o", workers=1), progress=lambda r: None)
    assert [d.status for d in res.documents] == ["ok", "ok"]
    doc = Document.from_dict(json.loads((tmp_path / "o" / export.stem / "document.json").read_text()))
    assert doc.translation.startswith("Nº 54611") and "КИМ ИР СКИОМ" in doc.text
    corrected = (tmp_path / "o" / "plain" / "corrected.txt").read_text()
    assert "Корея" in corrected


def test_non_russian_and_unsupported_sources_fail_clearly(tmp_path):
    en = tmp_path / "english.txt"
    en.write_text("This is an English letter with no Russian in it at all. " * 5)
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK\x03\x04")
    res = run_batch([en, odd, tmp_path / "missing.txt"], RunOptions(tmp_path / "o", workers=1),
                    progress=lambda r: None)
    codes = [d.code for d in res.documents]
    assert codes == ["E105", "E103", "E107"]
    assert all(d.status == "failed" and d.reason for d in res.documents)


def test_missing_tesseract_fails_only_the_scans(batch_dir, tmp_path, monkeypatch):
    from pipeline.errors import OcrUnavailable
    from pipeline.ingest import scan

    def missing():
        raise OcrUnavailable("tesseract is not installed",
                             hint="apt-get install tesseract-ocr tesseract-ocr-rus")

    monkeypatch.setattr(scan, "check_tesseract", missing)
    shutil.copy(SAMPLES / "render-001-clean" / "scan-001.jpg", batch_dir / "page.jpg")
    res = run_batch([batch_dir / "seed-002", batch_dir / "page.jpg"], RunOptions(tmp_path / "o", workers=1),
                    progress=lambda r: None)
    by_name = {d.name: d for d in res.documents}
    assert by_name["seed-002"].status == "ok"
    assert by_name["page"].status == "failed" and by_name["page"].code == "E200"
    assert "apt-get install tesseract-ocr" in by_name["page"].reason
