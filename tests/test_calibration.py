"""Choosing the auto threshold: damage, and a lower confidence bound on precision."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.calibration import MIN_AUTO, choose_auto, out_of_fold, text_of, wilson_lower


def test_wilson_lower_bound():
    assert wilson_lower(0, 0) == 0.0
    assert wilson_lower(95, 100) < 0.95 < 95 / 100 + 1e-9
    assert wilson_lower(950, 1000) == pytest.approx(0.9397, abs=0.002)
    assert wilson_lower(1000, 1000) > 0.99


def _rows(n_right: int, n_wrong: int, conf: float, start: int) -> list[tuple[float, dict]]:
    out = []
    for k in range(n_right + n_wrong):
        out.append((conf, {"doc": "d", "level": "", "start": start + k, "end": start + k + 1,
                           "right": k < n_right, "original_right": False}))
    return out


def test_auto_threshold_needs_precision_with_a_margin():
    # 100 candidates at 0.97, all right, and 100 at 0.9 of which 92 are right: together 96% right,
    # but not surely above 95% (lower bound 0.938), so only the first hundred are auto
    pairs = _rows(100, 0, 0.97, 0) + _rows(92, 8, 0.9, 1000)
    conf = np.array([p for p, _ in pairs])
    rows = [r for _, r in pairs]
    assert choose_auto(rows, conf, 100_000, 0.005) == 0.97
    pairs = _rows(300, 0, 0.97, 0) + _rows(97, 3, 0.9, 1000)
    conf = np.array([p for p, _ in pairs])
    # 397 of 400 right: the bound (0.985) passes, so everything is auto (the floor MIN_AUTO)
    assert choose_auto([r for _, r in pairs], conf, 100_000, 0.005) == MIN_AUTO


def test_auto_threshold_respects_damage():
    pairs = _rows(400, 0, 0.97, 0) + [(0.9, {"doc": "d", "level": "", "start": 5000 + k, "end": 5001 + k,
                                             "right": False, "original_right": True}) for k in range(10)]
    conf = np.array([p for p, _ in pairs])
    # ten right words changed at 0.9: more than 0.5% of 1,000 correct words
    assert choose_auto([r for _, r in pairs], conf, 1_000, 0.005) == 0.97


def test_out_of_fold_keeps_a_texts_renders_together():
    rows = [{"doc": "01-text-heavy", "level": "heavy"}, {"doc": "01-text-clean", "level": "clean"},
            {"doc": "seed-000", "level": ""}]
    assert [text_of(r) for r in rows] == ["01-text", "01-text", "seed-000"]
    seen = []

    def model(X, y):
        seen.append(len(y))

        class M:
            def raw(self, f):
                return f["x"]

            def isotonic(self, p):
                return p
        return M()
    X = np.arange(10, dtype=float).reshape(-1, 1)
    y = np.array([0, 1] * 5)
    out = out_of_fold(X, y, [{"x": float(i)} for i in range(10)], [f"t{i % 5}" for i in range(10)], model)
    assert list(out) == list(range(10)) and seen == [8] * 5  # each fold left out two rows of one text
