"""Transliteration: pinyin → Palladius, Wade–Giles → pinyin, Korean → period Russian."""
import pytest

from pipeline.translit import japanese_to_russian, korean_to_russian, looks_japanese, pinyin_to_palladius, to_russian, wade_giles_to_pinyin


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


@pytest.mark.parametrize("roman, russian", [
    ("Kim Tu-bong", "Ким Ду Бон"),      # the given name's first consonant voiced after a sonorant
    ("Pak Chong-ae", "Пак Чон Э"),       # ... but not after a stop
    ("Ri Sung-yop", "Ли Сун Еп"),        # the established form of the surname
    ("Yi Ki-bung", "Ли Ги Бун"),
])
def test_korean_person_rules(roman, russian):
    assert korean_to_russian(roman) == russian


@pytest.mark.parametrize("roman, russian", [
    ("P'yŏngyang", "Пхеньян"),   # apostrophe = aspiration; н before a y-vowel softened
    ("Namp'o", "Нампхо"),
    ("Han'guk", "Хангук"),       # apostrophe = syllable boundary
    ("Haeju", "Хэджу"),          # j after a vowel inside a word
    ("Seoul", "Сеул"),           # l at the end
    ("Chemulpo", "Чемульпо"),    # l before a consonant
])
def test_korean_place_rules(roman, russian):
    assert to_russian(roman, "ko", "place") == russian


@pytest.mark.parametrize("reading, russian", [
    ("Genzan", "Гэндзан"), ("Heijō", "Хэйдзё"), ("Kaishu", "Кайсю"), ("Shingishu", "Сингисю"),
    ("Tsinnampo", "Циннампо"),
])
def test_japanese_era_readings(reading, russian):
    assert looks_japanese(reading)
    assert to_russian(reading, "ko", "place") == russian


@pytest.mark.parametrize("korean", ["Haeju", "Anju", "Sinuiju", "Shinuiju", "Kaesong", "Pusan"])
def test_korean_romanisations_are_not_taken_for_japanese(korean):
    assert not looks_japanese(korean)


def test_double_l_is_a_long_l():
    assert to_russian("Cholla", "ko", "place") == "Чолла"


def test_ii_in_a_japanese_reading_stays_two_vowels():
    assert japanese_to_russian("Niigata") == "Ниигата"
    assert japanese_to_russian("Heijo") == "Хэйдзё"   # but ei is эй


def test_decomposed_macron_reads_like_the_composed_one():
    decomposed = "Heijo\u0304"
    assert looks_japanese(decomposed)
    assert to_russian(decomposed, "ko", "place") == "Хэйдзё"


@pytest.mark.parametrize("junk", ["'", "-", "' '"])
def test_punctuation_alone_is_returned_unchanged(junk):
    assert to_russian(junk, "ko", "place").strip() == junk.strip() or to_russian(junk, "ko", "place") == ""
