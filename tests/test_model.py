"""The document model: immutability, suggestions, applying and replaying them."""
from __future__ import annotations

import json

import pytest

from pipeline.model import Document, Suggestion, apply_suggestions, choose_non_overlapping, suggestion_id


def sug(start, end, orig, rep, conf=0.9, status="auto"):
    return Suggestion(start, end, orig, rep, conf, status, "test@1", ["because"])


def test_original_text_is_immutable():
    doc = Document(id="d", text="войскак")
    with pytest.raises(AttributeError):
        doc.text = "войск"
    assert doc.text == "войскак"


def test_apply_replaces_spans_in_order():
    text = "Части георически сражаются, войскак нет."
    s = [sug(6, 16, "георически", "героически"), sug(28, 35, "войскак", "войск")]
    assert apply_suggestions(text, s) == "Части героически сражаются, войск нет."


def test_apply_filters_by_status_and_resolves_overlaps_by_confidence():
    text = "КИМ ИР СКИОМ"
    a = sug(7, 12, "СКИОМ", "СЕНОМ", conf=0.7)
    b = sug(0, 12, "КИМ ИР СКИОМ", "КИМ ИР СЕНОМ", conf=0.9)
    r = sug(0, 3, "КИМ", "КАМ", conf=0.99, status="review")
    assert apply_suggestions(text, [a, b, r]) == "КИМ ИР СЕНОМ"
    assert [x.id for x in choose_non_overlapping([a, b])] == [b.id]
    assert apply_suggestions(text, [a, b, r], statuses=("review",)) == "КАМ ИР СКИОМ"


def test_apply_refuses_a_suggestion_for_another_text():
    with pytest.raises(ValueError, match="expects"):
        apply_suggestions("abc", [sug(0, 1, "x", "y")])


def test_insertion_at_a_point():
    assert apply_suggestions("вКитае", [sug(1, 1, "", " ")]) == "в Китае"


def test_suggestion_ids_are_stable():
    assert suggestion_id(1, 2, "a", "b") == sug(1, 2, "a", "b").id
    assert suggestion_id(1, 2, "a", "b") != suggestion_id(1, 2, "a", "c")


def test_round_trip_through_json_keeps_everything():
    doc = Document(id="d", text="Kорея", translation="Korea", meta={"x": 1})
    doc.suggestions = [sug(0, 5, "Kорея", "Корея")]
    again = Document.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert again.to_dict() == doc.to_dict()
    assert again.corrected() == "Корея"
