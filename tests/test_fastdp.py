"""The compiled confusion-weighted distance against the pure-Python reference."""
from __future__ import annotations

import random

import pytest

from pipeline.confusion import INF, Confusions, edit_cost, edit_cost_py, fold, load_confusions
from pipeline.fastdp import numba


@pytest.fixture(scope="module")
def conf():
    return load_confusions()


def _garble(word: str, rnd: random.Random) -> str:
    chars = list(word)
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(chars) + 1)
        c = rnd.choice("абвгдежзийклмнопрстуфхцчшщъыьэюяcxop1.,ьiм")
        op = rnd.random()
        if op < 0.4 and chars:
            chars[min(at, len(chars) - 1)] = c
        elif op < 0.7:
            chars.insert(at, c)
        elif chars:
            del chars[min(at, len(chars) - 1)]
    return "".join(chars)


@pytest.mark.skipif(numba is None, reason="numba not installed")
def test_compiled_costs_equal_the_reference(conf):
    rnd = random.Random(7)
    words = ["правительства", "войсках", "шоссейные", "героически", "товарищ", "ким", "ир", "сеном",
             "пхеньяна", "обороны", "ы", "щ", "сообщаю", "корейской", "мао", "цзэ-дун", "1950", "№600308/ш"]
    pairs = [(_garble(w, rnd), w) for w in words for _ in range(60)]
    pairs += [(a, b) for a in words for b in words]
    pairs += [("ьі", "ы"), ("м", "ни"), ("шн", "ш"), ("", "аб"), ("аб", "")]
    assert conf.compiled is not None
    for limit in (INF, 1.0, 0.4):
        for o, t in pairs:
            o, t = fold(o), fold(t)
            assert edit_cost(o, t, conf, limit) == edit_cost_py(o, t, conf, limit), (o, t, limit)


def test_table_changes_rebuild_the_compiled_table():
    conf = Confusions()
    conf.add("с", "е", 0.2)
    first = edit_cost("с", "е", conf)
    conf.add("с", "е", 0.1)
    assert first == 0.2 and edit_cost("с", "е", conf) == 0.1
    conf.add("м", "ни", 0.3)
    assert edit_cost("м", "ни", conf) == edit_cost_py("м", "ни", conf) == 0.3


def test_adding_a_row_forgets_costs_worked_out_before():
    conf = Confusions()
    conf.add("с", "е", 0.2)
    from pipeline.confusion import weighted_distance
    assert weighted_distance("с", "е", conf) == 0.2
    conf.add("с", "е", 0.1)
    assert weighted_distance("с", "е", conf) == 0.1


def test_lone_surrogates_do_not_break_the_compiled_distance(conf):
    assert edit_cost("\ud800х", "х", conf) == edit_cost_py("\ud800х", "х", conf)
