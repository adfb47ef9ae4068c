"""Figures of the estimated-CER model: lost line-start marks, unknown words per character,
insensitivity to the page separator, and the page split of the benchmark."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.estimate import EDIT_COUNTS, MARK_COLUMNS, lost_marks, text_features
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


EN = ("The Korean People's Army crossed the river at dawn.\n\n"
      "Our troops attacked the enemy positions and captured the city.")
RU_CLEAN = ("Корейская народная армия форсировала реку на рассвете.\n\n"
            "Наши войска атаковали позиции противника и захватили город.")
# "позиции" misread into a non-word, "город" into another real word (горох)
RU_OCR = RU_CLEAN.replace("позиции", "позицни").replace("город", "горох")


@pytest.fixture(scope="module")
def is_known():
    from pipeline.quality import known_word_checker
    return known_word_checker()[0]


def test_translation_explains_how_many_letters_an_unknown_word_lost(is_known, monkeypatch):
    import pipeline.estimate
    from pipeline.estimate import UNKNOWN_EDITS, translation_counts
    assert translation_counts(RU_OCR, EN, is_known)["near"] == 0  # off unless asked: the model has no use
    monkeypatch.setattr(pipeline.estimate, "NEAR_MISSES", True)
    c = translation_counts(RU_OCR, EN, is_known)
    assert c["edits"] == {RU_OCR.index("позицни"): 1}  # one letter from "позиции" (positions)
    assert c["near"] == 1  # горох: a real word one letter from "город" (city)
    with_tr, without = text_features(RU_OCR, is_known, translation=EN), text_features(RU_OCR, is_known)
    assert without["unknown_edits"] == pytest.approx(UNKNOWN_EDITS * without["unknown_density"])
    assert with_tr["unknown_edits"] == pytest.approx(with_tr["unknown_density"])  # 1 edit, not 1.5
    assert with_tr["tr_near"] > 0 and with_tr["tr_unmatched"] > text_features(RU_CLEAN, is_known,
                                                                               translation=EN)["tr_unmatched"]


def test_translation_figures_are_neutral_without_a_translation(is_known):
    from pipeline.estimate import TRANSLATION_FEATURES
    for feats in (text_features(RU_OCR, is_known), text_features(RU_OCR, is_known, translation="  "),
                  text_features("Слово.", is_known, translation=EN)):  # too few aligned words
        assert all(feats[k] == 0.0 for k in TRANSLATION_FEATURES)
    clean = text_features(RU_CLEAN, is_known, translation=EN)
    assert clean["unknown_edits"] == 0.0 and clean["tr_near"] == 0.0


def test_fit_keeps_a_set_coefficient_and_fits_the_rest():
    from pipeline.estimate import fit
    # true CER = 0.002 + 2 * a + 1 * lost_spaces, with lost_spaces set to 1
    rows = [({"a": a, "lost_spaces": s}, 0.002 + 2 * a + s)
            for a, s in [(0.01, 0.0), (0.02, 0.03), (0.03, 0.0), (0.0, 0.01), (0.015, 0.02)]]
    m = fit(rows, ["a", "lost_spaces"], fixed={"lost_spaces": 1.0})
    assert m.coef["lost_spaces"] == 1.0 and m.fixed == ["lost_spaces"]
    assert m.coef["a"] == pytest.approx(2.0, abs=1e-6)
    assert m.intercept == pytest.approx(0.002, abs=1e-6)
    assert m.predict({"a": 0.01, "lost_spaces": 0.05}) == pytest.approx(0.072, abs=1e-6)
    assert m.to_dict()["fixed"] == ["lost_spaces"]
    # only set figures: the intercept alone is fitted
    only = fit(rows, ["lost_spaces"], fixed={"lost_spaces": 1.0})
    assert only.features == ["lost_spaces"] and only.coef == {"lost_spaces": 1.0}


def test_layout_figures_of_the_text():
    known = {"слово", "это", "приказ"}.__contains__
    plain = text_features("слово это слово это слово\nэто слово это слово это", known)
    assert plain["spaced_letters"] == plain["odd_spaces"] == plain["short_lines"] == 0.0
    spaced = text_features("П Р И К А З слово это", known)
    assert spaced["spaced_letters"] > 0  # six letters read one by one
    assert text_features("А Б слово", known)["spaced_letters"] == 0.0  # two single letters: no run
    odd = text_features("слово\u00a0это  слово", known)
    assert odd["odd_spaces"] == pytest.approx(2 / 15)  # a no-break space and a run of two; 13 letters, 2 gaps
    short = text_features("слово это слово это слово\nэто\nслово это слово это слово", known)
    assert short["short_lines"] > 0  # "это" is under a third of the median line


def test_spaces_before_closing_marks_count_as_put_in_characters():
    known = {"слово", "это", "приказ"}.__contains__
    assert text_features("слово, это слово.", known)["space_marks"] == 0.0
    # "слово ," and "это .": two spaces the OCR put in; 16 letters, 2 marks and 5 gaps
    got = text_features("слово , это слово это .", known)
    assert got["space_marks"] == pytest.approx(2 / 23)
    # a letter-spaced word's last letter before its stop is layout, not a put-in space
    assert text_features("П Р И К А З .", known)["space_marks"] == 0.0
    assert "space_marks" in EDIT_COUNTS  # each one an edit: its coefficient is set, not fitted


def test_an_unknown_word_reading_as_a_foreign_name_counts_no_edits(is_known):
    """ТАО ЧЖИ-ЮЭ, Мацукавы (names the gazetteer lacks, read as Chinese and Japanese syllables)
    count NAME_EDITS letters wrong; Сивлас (no name's syllables) counts UNKNOWN_EDITS."""
    from pipeline.estimate import NAME_EDITS, UNKNOWN_EDITS
    names = text_features("Командующий ЧЖИ-ЮЭ прибыл на станцию у Мацукавы.", is_known)
    assert names["unknown_names"] > 0
    assert names["unknown_edits"] == pytest.approx(NAME_EDITS * names["unknown_density"])
    garbled = text_features("Командующий прибыл на станцию у Сивлас.", is_known)
    assert garbled["unknown_names"] == 0.0
    assert garbled["unknown_edits"] == pytest.approx(UNKNOWN_EDITS * garbled["unknown_density"])
    assert NAME_EDITS < UNKNOWN_EDITS


def test_an_unknown_word_the_document_repeats_counts_repeat_edits():
    """An OCR error seldom repeats letter for letter; a rare word the lexicon lacks does. Counted
    over the whole document when a page is given its ``context``, in any case."""
    from pipeline.estimate import REPEAT_EDITS, REPEAT_MIN, UNKNOWN_EDITS
    known = {"слово", "это", "и"}.__contains__
    once = text_features("слово ыыы это и слово", known)
    assert once["unknown_edits"] == pytest.approx(UNKNOWN_EDITS * once["unknown_density"])
    page = "слово ыыы это и слово"
    doc = page + "\n\f\n" + " ".join(["ЫЫЫ"] * (REPEAT_MIN - 1)) + " это"
    twice = text_features(page, known, context=doc)
    assert twice["unknown_density"] == once["unknown_density"]
    assert twice["unknown_edits"] == pytest.approx(REPEAT_EDITS * twice["unknown_density"])
    assert REPEAT_EDITS < UNKNOWN_EDITS
    # within one text, without a context, its own repetitions count
    both = text_features("слово ыыы это и ыыы", known)
    assert both["unknown_edits"] == pytest.approx(REPEAT_EDITS * both["unknown_density"])
