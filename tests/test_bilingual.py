"""The English-Russian dictionary and the numbers/dates module."""
from __future__ import annotations

import pytest

from pipeline.numbers import compare_numbers, find_numbers


def values(text, lang):
    return [m.values for m in find_numbers(text, lang)]


@pytest.mark.parametrize("ru,en", [
    ("18 мая 1949", "18 May 1949"),
    ("1.500.000 чел.", "1,500,000 persons"),
    ("26 бригада", "26 brigade"),
    ("16.9.1950г.", "16 September 1950"),
    ("19 янв 1951 г.", "19 January 1951"),
    ("18/V 1949 г.", "18 May 1949"),
    ("Вчера, 17 мая", "Yesterday, 17 May"),
    ("1 октября 1950 г.", "October 1, 1950"),
])
def test_numbers_agree_across_languages(ru, en):
    pairs, ru_left, en_left = compare_numbers(find_numbers(ru, "ru"), find_numbers(en, "en"))
    assert pairs and not ru_left and not en_left


def test_numbers_that_disagree():
    pairs, ru_left, en_left = compare_numbers(find_numbers("27 бригада", "ru"), find_numbers("26 brigade", "en"))
    assert not pairs and ru_left[0].text == "27" and en_left[0].text == "26"


def test_number_readings():
    assert {"n:200000"} == values("200.000 мин", "ru")[0]
    assert "t:2035" in values("Подана 30.9.50 20.35", "ru")[1]
    assert {"n:3", "n:4", "n:5000"} == values("3-4-5000 человек", "ru")[0]


@pytest.fixture(scope="module")
def bil():
    from pipeline.bilingual import load_bilingual
    return load_bilingual()


def test_dictionary_is_built_from_mueller_and_cached(bil):
    from pipeline.bilingual import build_table
    assert len(bil.entries) > 40000 and bil.checksum
    _, checksum, cache = build_table()
    assert cache.exists() and checksum == bil.checksum


def test_english_forms_find_russian_forms(bil):
    assert "обмениваться" in bil.russian_forms("exchanged")  # verb + reflexive
    assert "героически" in bil.russian_forms("heroically")  # adverb derived from героический
    assert "бригада" in bil.translations("brigade")
    assert "take" in bil.lemmas("took")  # irregular form through the dictionary's reference
    assert bil.is_function_word("with") and not bil.is_function_word("troops")


def test_parse_body_keeps_translations_not_examples():
    from pipeline.bilingual import parse_body
    ru, pos, ref = parse_body("   [x]\n   1. _n.\n      1) обмен; мена; in exchange for в обмен на\n   2. _v. обменивать")
    assert ru[:3] == ["обмен", "мена", "обменивать"] and "n" in pos and ref is None
    assert parse_body(" [tʊk] _p. от take 1")[2] == "take"


def test_auxiliaries_are_function_words_but_the_month_is_not(bil):
    assert bil.is_function_word("have") and bil.is_function_word("were")
    assert not bil.is_function_word("May")  # the month, translated май
    assert "май" in bil.translations("May")


@pytest.mark.parametrize("word", ["шоссе", "оборона", "наступать", "северо-корейский", "хуацяо", "громыко",
                                  "войска", "идти", "хороший", "быстро", "кудрявейший"])
def test_lexeme_words_equal_pymorphy_lexemes(word):
    from pipeline.bilingual import lexeme_words, morph
    for p in morph().parse(word)[:3]:
        assert lexeme_words(p) == [f.word for f in p.lexeme], (word, p)
