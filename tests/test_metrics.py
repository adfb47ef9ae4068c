"""CER and WER, including the degenerate cases."""
from __future__ import annotations

import pytest

from pipeline.metrics import cer, char_errors, wer


@pytest.mark.parametrize("hyp, ref, expected", [
    ("Москва", "Москва", 0.0),
    ("Мосхва", "Москва", 1 / 6),
    ("", "Москва", 1.0),
    ("", "", 0.0),
    ("текст", "", 1.0),  # empty reference: defined, not a division by zero
    ("КИМ ИР СКИОМ", "КИМ ИР СЕНОМ", 2 / 12),
])
def test_cer(hyp, ref, expected):
    assert cer(hyp, ref) == pytest.approx(expected)


def test_cer_counts_line_breaks_and_normalises_unicode():
    assert cer("а\nб", "а б") == pytest.approx(1 / 3)
    assert cer("й", "и\u0306") == 0.0  # precomposed vs combining breve


@pytest.mark.parametrize("hyp, ref, expected", [
    ("Жду Вашего ответа", "Жду Вашего ответа", 0.0),
    ("Жду Ваш его ответа", "Жду Вашего ответа", 2 / 3),
    ("", "", 0.0),
    ("слово", "", 1.0),
    ("", "два слова", 1.0),
])
def test_wer(hyp, ref, expected):
    assert wer(hyp, ref) == pytest.approx(expected)


def test_char_errors():
    assert char_errors("георически", "теоретически") == 3
