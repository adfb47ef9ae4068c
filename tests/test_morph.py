"""Grammar checks used in ranking (pipeline/morph.py)."""
from __future__ import annotations

import pytest

from pipeline.morph import fit


@pytest.mark.parametrize("before,word", [
    (("в", "новом"), "здании"), (("в", "другом"), "месте"), (("при", "этом"), "условии"),
    (("в", "военных"), "округах"), (("в", "учёных"), "советах"), (("в", "городах", "и"), "сёлах"),
    (("в", "своих"), "войсках"),
])
def test_prepositional_case_reached_across_agreeing_words(before, word):
    assert fit(word, before[-1], None, before)[0] >= 0


def test_a_noun_ends_the_reach_of_a_preposition():
    # "на" governs "сторону", not the noun after "американских"
    assert fit("войсках", "американских", None, ("на", "сторону", "американских"))[0] < 0
    assert fit("войск", "американских", None, ("на", "сторону", "американских"))[0] > 0


def test_animacy_in_the_accusative():
    # "американских" as an accusative is animate; "войска" is inanimate
    assert fit("войска", "американских", None, ("на", "сторону", "американских"))[0] < 0


def test_a_preposition_cannot_end_a_sentence():
    from pipeline.morph import SENTENCE_END
    assert fit("в", "пришел", SENTENCE_END)[0] == -1
    assert fit("в", "пришел", "Москву")[0] != -1
    assert fit("после", "поговорим", SENTENCE_END)[0] != -1  # also an adverb: "поговорим после."


def test_an_adjective_agrees_with_the_adjective_after_it():
    # Китайск-й Народной Республики: the two adjectives agree with the noun after them
    assert fit("китайской", "участия", "народной")[0] == 1
    assert fit("китайский", "участия", "народной")[0] == 0
    # a verb after it says nothing of the sort
    assert fit("китайский", "участия", "заявил")[0] == 0
    # nor is a participle before the adjective of its agent wrong (выделенные Советским
    # правительством), nor a noun made of an adjective (Рабочие китайских заводов)
    assert fit("выделенные", "средства", "советским")[0] >= 0
    assert fit("рабочие", None, "китайских")[0] >= 0
    assert fit("дружественные", None, "советскому")[0] >= 0  # an adjective governing the dative
