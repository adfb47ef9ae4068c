"""The stage registry and runner: parameters, order, failures, stamps."""
from __future__ import annotations

import pytest

from pipeline.errors import ConfigError, StageError
from pipeline.model import Document
from pipeline.stages import Param, Pipeline, Stage, parse_stage_params, register, registry


@register
class _Boom(Stage):
    name = "test-boom"
    version = "3"
    default = False
    requires = frozenset({"text"})
    provides = frozenset({"boom"})
    params = {"fail": Param(bool, True, "raise")}

    def process(self, doc):
        if self.config["fail"]:
            raise RuntimeError("kaput")


@register
class _NeedsBoom(Stage):
    name = "test-needs-boom"
    default = False
    requires = frozenset({"boom"})


def test_default_pipeline_runs_and_stamps():
    doc = Document(id="d1", text="Kорея")
    Pipeline().run(doc)
    assert doc.stamp.stages[0] == "normalize@2"
    assert "homoglyphs" in doc.stamp.resources and doc.stamp.resources["homoglyphs"]
    assert set(doc.stamp.parameters["decide"]) >= {"auto_threshold", "review_threshold"}


def test_unknown_parameter_is_rejected_with_the_known_ones():
    with pytest.raises(ConfigError) as e:
        Pipeline(["normalize"], {"normalize": {"nope": 1}})
    assert e.value.code == "E301" and "homoglyphs" in str(e.value)


def test_parameter_type_is_checked_and_strings_are_converted():
    with pytest.raises(ConfigError) as e:
        Pipeline(["normalize", "decide"], {"decide": {"auto_threshold": "high"}})
    assert e.value.code == "E302"
    p = Pipeline(["normalize", "decide"], {"decide": {"auto_threshold": "0.9"}})
    assert p.parameters["decide"]["auto_threshold"] == 0.9


def test_unknown_stage_and_bad_order_are_rejected():
    with pytest.raises(ConfigError) as e:
        Pipeline(["nope"])
    assert e.value.code == "E305"
    with pytest.raises(ConfigError) as e:
        Pipeline(["test-needs-boom", "test-boom"])
    assert e.value.code == "E307"
    Pipeline(["test-boom", "test-needs-boom"], {"test-boom": {"fail": False}})


def test_stage_failure_names_stage_and_document():
    with pytest.raises(StageError) as e:
        Pipeline(["test-boom"]).run(Document(id="doc-7", text="x"))
    assert "test-boom@3" in str(e.value) and "doc-7" in str(e.value) and "kaput" in str(e.value)
    assert e.value.code == "E400"


def test_registry_lists_the_core_stages():
    reg = registry()
    assert {"normalize", "decide"} <= set(reg)
    assert all(c.version for c in reg.values())


def test_parse_stage_params():
    assert parse_stage_params(["decide.auto_threshold=0.9", "normalize.dehyphenate=true"]) == {
        "decide": {"auto_threshold": 0.9}, "normalize": {"dehyphenate": True}}
    with pytest.raises(ConfigError):
        parse_stage_params(["nodot=1"])


def test_letter_spaced_words_are_kept_unless_asked():
    from pipeline.tokens import tokenize
    text = "Товарищу Ф И Л И П П О В У\nМ О Л Н И Я"
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline(["normalize"]).run(doc)
    assert [c for c in doc.candidates if c.kind == "layout"] == []  # the typist's spacing is transcribed
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline(["normalize"], params={"normalize": {"letter_spaced": True}}).run(doc)
    assert sorted(c.replacement for c in doc.candidates if c.kind == "layout") == ["МОЛНИЯ", "ФИЛИППОВУ"]
