"""Quality figures, the estimated-CER model, agreement with the translation, evaluation."""
from __future__ import annotations

import math

import pytest

from pipeline.agreement import english_names, names_agreement, numbers_agreement, structure
from pipeline.estimate import CerModel, fit, is_garbage, measure, spearman, text_features
from pipeline.evaluate import (char_confusions, diff_rows, error_counts, evaluate, pooled_rate, span_outcomes,
                               word_classes)
from pipeline.model import Document, Page, Suggestion, Token
from pipeline.quality import document_quality, grade, known_word_checker
from pipeline.stages import Pipeline
from pipeline.tokens import tokenize



@pytest.fixture(autouse=True, scope="module")
def no_index_build():
    """Unit tests never build the lexicon index (minutes): when it is not built yet, the
    quality figures use the documented fallback word check (pymorphy3)."""
    import pipeline.quality as quality
    try:
        from pipeline.lexicon import index_folder
        built = (index_folder() / "meta.json").exists()
    except Exception:  # noqa: BLE001 - no lexicon module: the fallback anyway
        built = False
    mp = pytest.MonkeyPatch()
    if not built:
        orig = quality._resource_method
        mp.setattr(quality, "_resource_method", lambda name, attr: None if name == "lexicon" else orig(name, attr))
    quality.known_word_checker.cache_clear()
    yield
    mp.undo()
    quality.known_word_checker.cache_clear()


CLEAN = "Вчера товарищ Мао Цзэ-дун просил меня сообщить Вам следующее о положении в Корее."
GARBLED = "Вчера товврищ Мао Цзэ-дуи нросил мепя сооЬщить Вам следукщее о полсжении в Кореэ."


@pytest.mark.parametrize("token,garbage", [
    ("Москва", False), ("взгляд", False), ("КПК", False), ("и", False), (",", False), ("№", False),
    ("Kорея", True), ("сооБщить", True), ("ааа", True), ("Ассамблея", False), ("бвгдж", True), ("|", True),
    ("~", True), ("USSR", False), ("КПСС", False), ("впрст", True),
])
def test_garbage_tokens(token, garbage):
    assert is_garbage(token) is garbage


def test_features_grow_with_damage():
    is_known, _ = known_word_checker()
    clean, garbled = text_features(CLEAN, is_known), text_features(GARBLED, is_known)
    assert garbled["unknown_words"] > clean["unknown_words"] + 0.3
    assert garbled["garbage"] > clean["garbage"]
    assert clean["low_conf"] == 0.0 and clean["conf_gap"] == 0.0
    with_conf = text_features(CLEAN, is_known, [90.0, 40.0])
    assert with_conf["low_conf"] == 0.5 and with_conf["conf_gap"] == pytest.approx(0.35)


def test_fallback_lexicality_rejects_latin_lookalikes():
    is_known, method = known_word_checker()
    assert "pymorphy3" in method or "lexicon" in method
    assert is_known("товарищ")
    assert not is_known("тoварищ")  # Latin o


def test_fit_recovers_a_linear_model_and_drops_negative_features():
    rows = [({"unknown_chars": x / 10, "garbage": (x % 3) / 10, "odd_chars": 0.0}, 0.01 + 0.2 * x / 10 + 0.5 * (x % 3) / 10)
            for x in range(10)]
    m = fit(rows, ["unknown_chars", "garbage", "odd_chars"])
    assert m.intercept == pytest.approx(0.01, abs=1e-6)
    assert m.coef["unknown_chars"] == pytest.approx(0.2, abs=1e-6)
    assert m.coef["garbage"] == pytest.approx(0.5, abs=1e-6)
    res = measure(m, rows)
    assert res["mae"] < 1e-6 and res["spearman"] == pytest.approx(1.0)
    assert CerModel(["g"], -1.0, {"g": 1.0}).predict({"g": 0.5}) == 0.0  # clipped


def test_spearman_ties_and_degenerate():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(spearman([1, 2], [1, 2]))
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))


def test_evaluation_counts_are_length_weighted():
    gold = "Вчера тов. МАО ЦЗЕ-ДУН просил 17 мая.\nВторая строка."
    ocr = "Вчера тов. МАС ЦЗЭ-ДУИ просил 17 мая,\nВторая строкa."
    cor = "Вчера тов. МАО ЦЗЕ-ДУН просил 17 мая,\nВторая строкa."
    ev = evaluate(ocr, cor, gold)
    assert ev["char_errors_ocr"] == 5 and ev["char_errors_corrected"] == 2
    assert ev["cer_ocr"] == pytest.approx(5 / len(gold))
    assert ev["classes"]["name"] == {"words": 2, "errors_ocr": 2, "errors_corrected": 0}
    assert ev["classes"]["number"]["errors_ocr"] == 0
    assert ev["classes"]["punctuation"]["errors_corrected"] == 1
    rows = [error_counts("ab", "abcd"), error_counts("x" * 100, "x" * 100)]
    assert pooled_rate(rows, "char_errors", "chars") == pytest.approx(2 / 104)  # not the mean 0.25
    assert pooled_rate([], "char_errors", "chars") is None


def test_degenerate_gold():
    assert error_counts("", "") == {"char_errors": 0, "chars": 0, "word_errors": 0, "words": 0}
    ev = evaluate("abc", "abc", "")
    assert ev["cer_ocr"] == 1.0
    assert evaluate("", "", "")["cer_ocr"] == 0.0


def test_confusions_outcomes_and_diff():
    conf = char_confusions("кот с", "кот о")
    assert conf[("о", "с")] == 1
    text, gold = "Из ОССБ.Р-НА прибыл КИМ ИР СКИОМ", "Из ОСОБ.Р-НА прибыл КИМ ИР СЕНОМ"
    s = text.index("СКИОМ")
    assert span_outcomes(text, gold, [(s, s + 5, "СЕНОМ"), (s, s + 5, "СЕНЕМ")]) == [True, False]
    rows = diff_rows("а\nб с\nв", "а\nб о\nв", "а\nб о\nв")
    assert [r["line"] for r in rows] == [2] and rows[0]["gold"] == "б о"
    assert word_classes("", "", "Москва") == {
        "name": {"words": 0, "errors_ocr": 0, "errors_corrected": 0},
        "common": {"words": 1, "errors_ocr": 1, "errors_corrected": 1},
        "number": {"words": 0, "errors_ocr": 0, "errors_corrected": 0},
        "punctuation": {"words": 0, "errors_ocr": 0, "errors_corrected": 0}}


def test_english_names_from_a_translation():
    en = ("Yesterday, 17 May, Mao Zedong asked me to inform you. Cde. Kim Il has the authority. "
          "Kim Il Sung's army. Therefore the CPC CC agreed in September.")
    names = english_names(en)
    assert "Mao Zedong" in names and "Kim Il" in names and "Kim Il Sung" in names and "CPC CC" in names
    assert not {"Yesterday", "Therefore", "Cde", "September", "May"} & set(names)


def test_numbers_agreement_lists_missing_numbers():
    en = "Yesterday, 17 May 1949, 1,500 officers arrived; 12 countries."
    ru = "Вчера, 17 мая 1949 г., прибыло 1.500 офицеров; из 12 стран."
    ocr = "Вчера, 17 мая 1949 г., прибыло 1.5О0 офицеров; из 12 стран."
    res = numbers_agreement(en, {"ocr": ocr, "corrected": ru})
    assert res["missing_corrected"] == [] and res["score_corrected"] == 1.0
    assert res["missing_ocr"] == ["1,500"]
    assert res["score_ocr"] == pytest.approx(2 / 3)


def test_names_without_gazetteer_are_unresolved(monkeypatch):
    import pipeline.agreement as ag
    monkeypatch.setattr(ag, "russian_forms_of", lambda name: None)
    res = names_agreement("Mao Zedong spoke.", {"ocr": "Мао Цзэ-дун"})
    assert res["unresolved"] == ["Mao Zedong"] and res["score_ocr"] is None


def test_names_agreement_with_forms(monkeypatch):
    import pipeline.agreement as ag
    forms = {"Kim Il Sung": ["Ким Ир Сен", "Ким Ир Сена", "Ким Ир Сеном"], "Mao Zedong": ["Мао Цзэ-дун"]}
    monkeypatch.setattr(ag, "russian_forms_of", lambda name: forms.get(name))
    en = "Then Mao Zedong met Comrade Kim Il Sung in Peking."
    res = names_agreement(en, {"ocr": "вместе с тов. КИМ ИР СКИОМ и МАО ЦЗЭ-ДУН",
                               "corrected": "вместе с тов. КИМ ИР СЕНОМ и МАО ЦЗЭ-ДУН"})
    assert res["missing_ocr"] == ["Kim Il Sung"]  # the part of "Comrade Kim Il Sung" that is a name
    assert res["missing_corrected"] == [] and res["score_corrected"] == 1.0


def test_structure_counts_points_and_paragraphs():
    ru = "Текст.\n\n1. Первое.\n- 2) Второе.\n\nКонец."
    en = "Text.\n\n1. First.\n2. Second.\n\nEnd.\n"
    st = structure(ru, en)
    assert (st["points_ru"], st["points_en"], st["paragraphs_ru"], st["paragraphs_en"]) == (2, 2, 3, 3)


def test_grade_reasons():
    assert grade({"est_cer": 0.3, "est_cer_corrected": 0.2})[0] == "re-scan"
    g, why = grade({"est_cer": 0.02, "est_cer_corrected": 0.005, "suggestions": {"review": 3}})
    assert g == "needs review" and "3 suggestion(s) wait for review" in why
    assert grade({"est_cer": 0.002, "est_cer_corrected": 0.002, "suggestions": {"review": 0}})[0] == "publishable"
    # true CER from gold wins over the estimate; reviewed decisions replace pending counts
    q = {"est_cer": 0.5, "est_cer_corrected": 0.5, "evaluation": {"cer_ocr": 0.01, "cer_corrected": 0.0},
         "suggestions": {"review": 2, "pending": 0}}
    assert grade(q)[0] == "publishable"
    assert grade({"ocr_conf": 30.0})[0] == "re-scan"


def test_quality_stage_fills_document_and_page_figures():
    p1, p2 = "Первая страница текста о положении.", "Вторая сооЬщение Кореэ."
    text = p1 + "\n\n" + p2
    tokens = tokenize(p1, page=1) + tokenize(p2, page=2, offset=len(p1) + 2)
    for t in tokens:
        t.conf = 90.0 if t.page == 1 else 40.0
    doc = Document(id="d", text=text, translation="Page one.\n\nPage two.", tokens=tokens,
                   pages=[Page(1, start=0, end=len(p1)), Page(2, start=len(p1) + 2, end=len(text))])
    Pipeline(["normalize", "decide", "quality"]).run(doc)
    q = doc.quality
    assert q["grade"] in ("publishable", "needs review", "re-scan") and q["reasons"]
    assert [p["page"] for p in q["pages"]] == [1, 2]
    assert q["pages"][0]["ocr_conf"] == 90.0 and q["pages"][1]["ocr_conf"] == 40.0
    assert q["pages"][1]["est_cer"] > q["pages"][0]["est_cer"]
    assert q["pages"][0]["lexicality"] == 1.0
    assert q["translation"]["structure"]["paragraphs_en"] == 2


def test_document_quality_counts_suggestions():
    doc = Document(id="d", text="Kорея и Москва", tokens=tokenize("Kорея и Москва"))
    doc.suggestions = [Suggestion(0, 5, "Kорея", "Корея", 0.98, "auto", "normalize@1", ["x"]),
                       Suggestion(8, 14, "Москва", "Москве", 0.5, "review", "lexicon@1", ["y"])]
    q = document_quality(doc)
    assert q["suggestions"] == {"total": 2, "auto": 1, "review": 1}
    assert q["lexicality_corrected"] == 1.0 and q["lexicality"] < 1.0
    assert q["translation"] is None


def test_suggested_edits_feed_the_estimate_and_the_corrected_text_keeps_only_the_review_ones():
    """The letters the suggestions would change are a figure of the estimated CER: the OCR text
    counts every pending suggestion (Kорея → Корея: 1, Москва → Москве: 1), the corrected text
    only what is left for review; pages count the suggestions that start on them."""
    from pipeline.model import Page
    from pipeline.quality import suggested_edits
    text = "Kорея и Москва"
    doc = Document(id="d", text=text, tokens=tokenize(text), pages=[Page(1, start=0, end=8), Page(2, start=8, end=len(text))])
    doc.suggestions = [Suggestion(0, 5, "Kорея", "Корея", 0.98, "auto", "normalize@1", ["x"]),
                       Suggestion(8, 14, "Москва", "Москве", 0.5, "review", "lexicon@1", ["y"])]
    assert suggested_edits(doc) == 2 and suggested_edits(doc, statuses=("review",)) == 1
    assert suggested_edits(doc, 0, 8) == 1 and suggested_edits(doc, 8) == 1
    # a fix inside another counts once; in the corrected text, not over an applied fix
    doc.suggestions.append(Suggestion(0, 1, "K", "К", 0.4, "review", "normalize@1", ["z"]))
    assert suggested_edits(doc) == 2 and suggested_edits(doc, statuses=("review",)) == 1
    q = document_quality(doc)
    assert q["features"]["suggested_edits"] > 0
    bare = Document(id="d", text=text, tokens=tokenize(text))
    assert document_quality(bare)["features"]["suggested_edits"] == 0.0


def test_seed_report_lists_translation_names_missing_from_the_ocr(samples):
    """On a real seed: the garbled "КИМ ИР СКИОМ" leaves Kim Il Sung of the translation
    unfound in the OCR text, while names the OCR got right are found."""
    from pipeline.agreement import _gazetteer, agreement
    from pipeline.bundle import read_bundle
    if _gazetteer() is None:
        pytest.skip("no gazetteer installed")
    doc = read_bundle(samples / "seed-002")
    res = agreement(doc.translation, doc.text, doc.text)
    names = res["names"]
    if "Kim Il Sung" in names["unresolved"]:
        pytest.skip("the gazetteer does not know Kim Il Sung")
    assert names["method"] == "gazetteer"
    assert "Kim Il Sung" in names["missing_ocr"]
    assert "Mao Zedong" not in names["missing_ocr"] and "Manchuria" not in names["missing_ocr"]
    assert 0 < names["score_ocr"] < 1
    assert res["numbers"]["numbers"] > 5 and res["numbers"]["score_ocr"] > 0.5


def test_lost_spaces_from_word_boxes():
    from pipeline.estimate import lost_spaces
    pitch = 25

    def line(text, cols, line_no):
        toks = tokenize(text, page=1, line0=line_no)
        for t, col in zip(toks, cols):
            t.line, t.conf = line_no, 95.0
            t.bbox = (col * pitch, 0, (col + len(t.text)) * pitch - 3, 30)
        return toks

    prose = line("один два три четыре", [0, 5, 9, 13], 0)  # one space between words
    assert lost_spaces(prose, 19) == 0.0
    # columns at 0, 10 and 20: "Экз" + 7 spaces, "1" + 9 spaces → 6 and 8 spaces lost
    table = prose + line("Экз 1 СТАЛИНУ", [0, 10, 20], 1)
    assert lost_spaces(table, 32) == pytest.approx((6 + 8) / 32)
    spaced = line("Москва", [0], 2)
    spaced[0].bbox = (0, 0, 11 * pitch - 3, 30)  # М о с к в а: 11 columns for 6 letters
    assert lost_spaces(prose + spaced, 25) == pytest.approx(5 / 25)
    assert lost_spaces(tokenize("нет боксов"), 10) == 0.0


def test_lost_lines_from_line_boxes():
    from pipeline.estimate import lost_lines
    toks = []
    for k, y in enumerate([0, 40, 80, 200, 240]):  # two line slots empty between 80 and 200
        t = tokenize("строка", page=1, line0=k)[0]
        t.bbox, t.conf = (0, y, 100, y + 30), 95.0
        toks.append(t)
    assert lost_lines(toks) == pytest.approx(2 / 5)
    assert lost_lines(toks[:3]) == 0.0
    assert lost_lines(tokenize("без боксов")) == 0.0


def test_real_word_flags_count_in_the_estimate():
    """Known words the detect stage suspects (мы решили послать войска бля ...) are errors the
    lexicon cannot see: the estimate counts them, in the OCR text and, unless put right
    automatically, in the corrected text."""
    text = "Мы решили послать войска бля оказания помощи корейским товарищам."
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline(["normalize", "detect"]).run(doc)
    with_flags = document_quality(doc)
    assert with_flags["features"]["real_words"] == pytest.approx(1 / len(text), rel=0.05)
    doc.flags = []
    without = document_quality(doc)
    assert without["features"]["real_words"] == 0
    assert with_flags["est_cer"] > without["est_cer"]
