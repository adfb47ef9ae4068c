"""The one-deletion index of frequent forms' OCR keys (pipeline/near.py) against the full list
of one-edit key probes it replaces (needs the built lexicon index)."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.lexicon import norm
from pipeline.lexicon_stage import key_probes
from pipeline.lexicon import poly_hash
from pipeline.near import NearKeys, hashes_of, one_edit
from pipeline.stages import get_resource


@pytest.fixture(scope="module")
def near():
    return NearKeys(get_resource("lexicon"))


def test_vector_hashes_match_the_scalar_hash():
    words = ["", "а", "войска", "правительства", "ab-c"]
    assert hashes_of(words, 13).tolist() == [poly_hash(w) for w in words]


@pytest.mark.parametrize("other, expected", [
    ("абвг", True), ("абг", True), ("бавг", True), ("абвгд", True), ("абzг", False),
    ("абдг", True), ("авбг", True), ("аг", False), ("вагб", False), ("абввг", True)])
def test_one_edit(other, expected):
    assert one_edit("абвг", other, "абвгд", deletes2=False) is expected


def test_two_deletions_only_for_long_keys():
    assert one_edit("абвгде", "авгд", "а", deletes2=True)
    assert not one_edit("абвгде", "авгд", "а", deletes2=False)


@pytest.mark.parametrize("word", ["войсках", "на", "правительства", "корейской", "мира", "стол",
                                  "сообщаю", "границы", "товарищ", "армии", "был", "ее", "шоссейные"])
def test_same_neighbours_as_the_full_probe_list(near, word):
    lex = near.lex
    alphabet = "".join(sorted(set(lex.classes.get(c, c) for c in "абвгдежзийклмнопрстуфхцчшщъыьэюя")))
    key = lex.key(word)
    for floor in (1.13, 2.0, max(lex.zipf(word), 1.0) + 0.13):
        old = sorted(f for f, _ in lex.by_keys(key_probes(key, alphabet, len(key) >= 6), len(norm(word)),
                                                min_zipf=floor) if " " not in f)
        new = sorted(f for f, _ in near.lookup(key, alphabet, len(key) >= 6, len(norm(word)), min_zipf=floor))
        assert new == old, (word, floor)
    assert near.lookup(lex.key("войскак"), alphabet, True, 7, min_zipf=1.13)


def test_rejects_a_floor_below_the_indexed_forms(near):
    with pytest.raises(ValueError):
        near.lookup("а", "а", False, 1, min_zipf=0.5)


def test_index_is_sorted(near):
    assert bool(np.all(near.hash[1:] >= near.hash[:-1]))


@pytest.mark.parametrize("word", ["войскак", "ганом", "на", "правительства", "шосейные", "сказан", "ы"])
def test_one_edit_forms_equal_the_full_probe_list(near, word):
    lex = near.lex
    alphabet = "".join(sorted(set(lex.classes.get(c, c) for c in "абвгдежзийклмнопрстуфхцчшщъыьэюя")))
    key = lex.key(word)
    old = sorted(lex.by_keys(key_probes(key, alphabet, len(key) >= 6), len(word), limit=10 ** 9))
    new = lex.one_edit_forms(key, alphabet, len(key) >= 6, len(word))
    assert sorted((f, z) for f, z, _ in new) == old
    from rapidfuzz.distance import Levenshtein
    assert all(d == Levenshtein.distance(key, lex.key(f)) for f, _, d in new)
