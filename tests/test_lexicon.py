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
