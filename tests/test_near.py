"""The one-deletion index of frequent forms' OCR keys (pipeline/near.py) against the full list
of one-edit key probes it replaces (needs the built lexicon index)."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.lexicon import norm
from pipeline.lexicon_stage import key_probes
from pipeline.lexicon import poly_hash
from pipeline import near as near_module
from pipeline.near import NearKeys, one_edit
from pipeline.stages import get_resource


@pytest.fixture(scope="module")
def near():
    return NearKeys(get_resource("lexicon"))


def test_compiled_hash_of_a_key_without_letters_matches_the_scalar_hash():
    key = "правительства"
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32)
    assert int(near_module._hash_without(codes, -1, -1)) == poly_hash(key)
    assert int(near_module._hash_without(codes, 0, 3)) == poly_hash(key[1:3] + key[4:])
    with np.errstate(over="ignore"):
        assert int(near_module._hash_without_py(codes, 2, -1)) == poly_hash(key[:2] + key[3:])


@pytest.mark.skipif(near_module._probe is None, reason="numba not installed")
@pytest.mark.parametrize("word", ["пркзидент", "товарищи", "на", "войскак", "ы"])
def test_python_fallbacks_equal_the_compiled_kernels(near, word):
    lex = near.lex
    key = lex.key(word)
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32)
    args = (codes, len(key) >= 6, near.hash, near.place, near.letter, near.zipf, 10)
    with np.errstate(over="ignore"):
        plain = near_module._probe_py(*args)
        alphabet = np.frombuffer("аеиклнорст".encode("utf-32-le"), dtype=np.uint32)
        plain_edits = near_module._one_edit_probes_py(codes, alphabet, len(key) >= 6, lex.key_hash)
    assert sorted(plain.tolist()) == sorted(near_module._probe(*args).tolist())
    compiled_edits = near_module._one_edit_probes(codes, alphabet, len(key) >= 6, lex.key_hash)
    assert sorted(zip(*[a.tolist() for a in plain_edits])) == sorted(zip(*[a.tolist() for a in compiled_edits]))


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
