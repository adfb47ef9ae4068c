"""Figures of the estimated-CER model: lost line-start marks, unknown words per character,
insensitivity to the page separator, and the page split of the benchmark."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.estimate import MARK_COLUMNS, lost_marks, text_features
from pipeline.tokens import tokenize

PITCH = 25


def boxed_line(text: str, first_col: int, line_no: int, conf: float = 95.0, page: int = 1):
    """Tokens of one typed line whose first word starts at column ``first_col``; the words
    one space apart as on a typewriter."""
    toks = tokenize(text, page=page, line0=line_no)
    for t in toks:
        t.line, t.conf, t.page = line_no, conf, page
        col = first_col + t.start
        t.bbox = (col * PITCH, line_no * 40, (col + len(t.text)) * PITCH - 3, line_no * 40 + 30)
    return toks


def shifted(toks, offset):
    for t in toks:
        t.start += offset
        t.end += offset
    return toks


def page(starts: list[int], conf: float = 95.0):
    toks, pos = [], 0
    for k, col in enumerate(starts):
        line = shifted(boxed_line("слово другое третье", col, k, conf), pos)
        toks += line
        pos = line[-1].end + 1
    return toks, pos


def test_lost_marks_counts_short_indents_only():
    toks, chars = page([0, 0, 0, 0, 0])
    assert lost_marks(toks, chars) == 0.0
    # "1. " and "- " dropped: lines start 3 and 2 columns right of the margin
    toks, chars = page([0, 3, 0, 2, 0])
    assert lost_marks(toks, chars) == pytest.approx(5 / chars)
    # deeper indents are layout (a paragraph indent, a centred heading): not counted
    toks, chars = page([0, MARK_COLUMNS + 1, 0, 20, 0])
    assert lost_marks(toks, chars) == 0.0


def test_lost_marks_needs_well_read_line_starts_and_boxes():
    toks, chars = page([0, 3, 0, 2, 0], conf=50.0)  # a badly read line start places nothing
    assert lost_marks(toks, chars) == 0.0
    toks, chars = page([0, 3])  # fewer than three lines: no margin
    assert lost_marks(toks, chars) == 0.0
    assert lost_marks(tokenize("нет боксов\nсовсем"), 17) == 0.0


def test_unknown_density_is_per_character():
    known = {"слово", "это", "и"}.__contains__
    short = text_features("слово ыыы это", known)
    long = text_features("слово ыыы это и слово и это и слово и это", known)
    assert short["unknown_words"] > long["unknown_words"]
    assert short["unknown_density"] == pytest.approx(1 / 13)  # 11 letters and 2 spaces
    assert long["unknown_density"] == pytest.approx(1 / (31 + 10))


def test_features_ignore_the_page_separator():
    known = {"слово", "это"}.__contains__
    a = "слово ыыы\nэто" + "\n\f\n" + "слово ббб это"
    b = "слово ыыы\nэто" + "\n\n" + "слово ббб это"
    assert text_features(a, known) == text_features(b, known)


def _benchmark():
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "cer_estimate.py"
    spec = importlib.util.spec_from_file_location("cer_estimate_bench", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_benchmark_splits_gold_at_either_page_separator():
    gold_pages = _benchmark().gold_pages
    assert gold_pages("а\nб\n\f\nв\n\f\nг", 3) == ["а\nб", "в", "г"]
    assert gold_pages("а\nб\n\nв\n\nг", 3) == ["а\nб", "в", "г"]  # renders cached before the form feed
    assert gold_pages("а\n\nб", 3) == ["а\n\nб"]  # no split fits: one page
