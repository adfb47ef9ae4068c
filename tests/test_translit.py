"""Transliteration: pinyin → Palladius, Wade–Giles → pinyin, Korean → period Russian."""
import pytest

from pipeline.translit import korean_to_russian, pinyin_to_palladius, to_russian, wade_giles_to_pinyin


@pytest.mark.parametrize("pinyin, russian", [
    ("Zhou Enlai", "Чжоу Эньлай"), ("Mao Zedong", "Мао Цзэдун"), ("Peng Dehuai", "Пэн Дэхуай"),
    ("Liu Shaoqi", "Лю Шаоци"), ("Chen Yun", "Чэнь Юнь"), ("Xu Xiangqian", "Сюй Сянцянь"),
    ("Nie Rongzhen", "Не Жунчжэнь"), ("Mao Ze-dong", "Мао Цзэ-дун"), ("Zhu De", "Чжу Дэ"),
])
def test_palladius(pinyin, russian):
    assert pinyin_to_palladius(pinyin) == russian


@pytest.mark.parametrize("wg, pinyin", [
    ("Chou En-lai", "Zhou En-lai"), ("Mao Tse-tung", "Mao Ze-dong"), ("P'eng Te-huai", "Peng De-huai"),
    ("Liu Shao-ch'i", "Liu Shao-qi"), ("Teng Hsiao-p'ing", "Deng Xiao-ping"), ("Chu Teh", "Zhu De"),
    ("Chang Wen-t'ien", "Zhang Wen-tian"),
])
def test_wade_giles(wg, pinyin):
    assert wade_giles_to_pinyin(wg) == pinyin


def test_wade_giles_to_russian():
    assert to_russian("Chou En-lai", "zh") == "Чжоу Энь-лай"


def test_korean_period_spelling():
    assert korean_to_russian("Pak Hŏn-yŏng") == "Пак Хен Ен"
    assert korean_to_russian("Nam Il") == "Нам Ир"
    assert to_russian("Kaesong", "ko", "place") == "Кэсон"
