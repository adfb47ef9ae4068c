"""The command line: the `correct` JSON contract, `import`, `stages`."""
from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import SEEDS
from pipeline.cli import cli

CONTRACT = {"start", "end", "original", "replacement", "confidence", "status", "stage", "evidence"}


def test_correct_reads_stdin_and_prints_the_contract():
    text = "Из Северной Kореи прибыл тов. КИМ ИР.\n"
    res = CliRunner().invoke(cli, ["correct", "--text", "-", "--json"], input=text.encode("utf-8"))
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["text"] == text
    assert {"text", "corrected", "suggestions", "flags", "quality"} <= set(out)
    fix = [s for s in out["suggestions"] if s["original"] == "Kореи"]
    assert fix, out["suggestions"]
    s = fix[0]
    assert CONTRACT <= set(s)
    assert s["replacement"] == "Кореи" and s["status"] == "auto"
    assert text[s["start"]:s["end"]] == "Kореи"
    assert "Latin" in s["evidence"][0]
    assert "Кореи" in out["corrected"]


def test_correct_with_translation_file(tmp_path):
    ru = tmp_path / "ru.txt"
    en = tmp_path / "en.txt"
    ru.write_text("Товарищу СТАЛИНУ.\n", "utf-8")
    en.write_text("To Comrade STALIN.\n", "utf-8")
    res = CliRunner().invoke(cli, ["correct", "--text", str(ru), "--translation", str(en), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["text"] == "Товарищу СТАЛИНУ.\n"


def test_correct_reports_bad_input_clearly(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = CliRunner().invoke(cli, ["correct", "--text", str(empty), "--json"])
    assert res.exit_code == 2 and "E101" in res.output


def test_import_writes_bundles(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    res = CliRunner().invoke(cli, ["import", *map(str, seeds), "--out", str(tmp_path / "b")])
    assert res.exit_code == 0, res.output
    for s in seeds:
        folder = tmp_path / "b" / s.stem
        assert (folder / "ocr.txt").read_text().strip()
        assert (folder / "translation.en.txt").read_text().strip()
        meta = json.loads((folder / "meta.json").read_text())
        assert meta["order"] in ("ru-en", "en-ru") and meta["source"] == s.name


def test_stages_lists_parameters():
    res = CliRunner().invoke(cli, ["stages", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    names = [s["name"] for s in data["stages"]]
    assert "normalize" in names and "decide" in names
    dec = next(s for s in data["stages"] if s["name"] == "decide")
    assert dec["params"]["auto_threshold"]["type"] == "float" and dec["params"]["auto_threshold"]["description"]
    text = CliRunner().invoke(cli, ["stages"]).output
    assert "decide.auto_threshold" in text
