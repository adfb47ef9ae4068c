"""The Russian spelling lexicon index (needs the built index: `ocrfix dictionaries build`)."""
from __future__ import annotations

import pytest

from pipeline.lexicon import HARD_SIGN_QUOTE, load_lexicon, norm, ocr_key
from pipeline.stages import get_resource, resource_checksum


@pytest.fixture(scope="module")
def lex():
    return get_resource("lexicon")


def test_norm_folds_case_yo_and_quote_for_hard_sign():
    assert norm("Объяснить") == "объяснить"
    assert norm('об"яснить') == "объяснить"
    assert norm("об'явить") == "объявить"
    assert norm("ЕЩЁ") == "еще"
    assert not HARD_SIGN_QUOTE.search('"Первое')  # an opening quote is not a hard sign


@pytest.mark.parametrize("word", ["героически", "ГЕРОИЧЕСКИ", "Героически", "шоссейные", "войсках",
                                  "ещё", "еще", "об\"яснить", "об'явить", "военно-морским", "северо-корейцев",
                                  "юго-востоке", "шифртелеграммы", "совпосол", "инстанции", "политуправления",
                                  "информбюро", "ШИФРОВКА"])
def test_known_forms(lex, word):
    assert lex.is_known(word), word


@pytest.mark.parametrize("word", ["георически", "шосейные", "войскак", "обиспываться", "Кореической",
                                  "фронтахоторезанные", "c", "x", "abc", ""])
def test_unknown_forms(lex, word):
    assert not lex.is_known(word), word


def test_frequencies(lex):
    assert lex.zipf("и") > 6
    assert lex.zipf("правительства") > lex.zipf("шоссейные") > 0
    assert lex.freq("георически") == 0.0
    assert 0 < lex.freq("война") < 1


def test_abbreviations(lex):
    for a in ("ЦК", "КПК", "ВКП(б)", "МНР", "ООН", "КНДР", "ГРУ", "МИД", "тов.", "т.т.", "экз."):
        assert lex.is_abbreviation(a), a
    assert all(a.source for a in lex.abbreviations.values())


def test_index_metadata_and_checksum(lex):
    assert resource_checksum(lex) == lex.checksum and len(lex.checksum) == 16
    assert lex.meta["pymorphy3_forms"] > 2_500_000
    assert len(lex) >= lex.meta["pymorphy3_forms"]
    assert lex.meta["hunspell_sample_accepted"] is None or lex.meta["hunspell_sample_accepted"] > 0


def test_ocr_key_lookup_finds_look_alikes(lex):
    key = lex.key("войскак")
    assert key == ocr_key("войсках", lex.classes)
    assert "войсках" in [w for w, _ in lex.by_keys([key])]


@pytest.mark.parametrize("word, known", [
    ("корейско-китайская", True), ("военно-морской", True), ("англо-американскими", True),
    ("юго-восточнее", True), ("северо-восток", True),
    ("горейсхо-китайская", False), ("лоенно-морской", False),  # no linking forms: garbled
])
def test_a_compound_needs_a_real_linking_form(word, known):
    from pipeline.stages import get_resource
    assert get_resource("lexicon").is_known(word) is known


def test_a_garbled_linking_form_is_read_from_the_nearest_adjective():
    from pipeline.lexicon_stage import _speller, compound_options
    from pipeline.stages import get_resource
    sp = _speller(get_resource("lexicon"), get_resource("confusions"), 2.5, 4)
    assert compound_options(sp, "хорейско-китайской")[0][0] == "корейско-китайской"
    assert "корейско-китайская" in [f for f, _, _ in compound_options(sp, "горейсхо-китайская")]
    from pipeline.model import Document
    from pipeline.stages import Pipeline
    from pipeline.tokens import tokenize
    text = "горейсхо-китайская сторона передала 684 человека"
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline(["normalize", "detect", "lexicon"]).run(doc)
    assert max(doc.candidates, key=lambda c: c.score).replacement == "корейско-китайская"  # frequency decides


def test_a_guessed_linking_form_goes_to_review():
    from pipeline.model import Document
    from pipeline.stages import Pipeline, get_resource
    from pipeline.tokens import tokenize
    assert get_resource("lexicon").is_known("португало-испанский")
    text = "хорейско-китайской стороны"
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline().run(doc)
    s = doc.suggestions[0]
    assert s.replacement == "корейско-китайской" and s.status == "review"


def test_a_reading_split_at_a_mark_keeps_each_pieces_letter_case():
    """КНДР’установить → КНДР установить: the abbreviation stays in capitals, the verb small."""
    from pipeline.lexicon_stage import restore_case
    assert restore_case("КНДР’установить", "кндр установить") == "КНДР установить"
    assert restore_case("Москва", "москва") == "Москва"
    assert restore_case("ПХЕНЬЯН", "пхеньян") == "ПХЕНЬЯН"


def test_a_name_word_glued_to_the_next_word_by_a_mark_is_read_apart():
    """Пак Ил У’сказал: the name's last word, the mark for the space, the verb (not Сказал)."""
    from pipeline.lexicon_stage import glued_pair
    lex = get_resource("lexicon")
    assert glued_pair("У’сказал", lex) == "У сказал"
    assert glued_pair("и'Курильских", lex) == "и Курильских"
    assert glued_pair("Ух’сказал", lex) is None  # no name word before the mark
