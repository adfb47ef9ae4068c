"""Case forms and spelling variants of names (pipeline/inflect.py)."""
import pytest

from pipeline.inflect import all_forms, case_forms, style_variants


@pytest.mark.parametrize("name, kw, case, expected", [
    ("Ким Ир Сен", {"lang": "ko"}, "gent", "Ким Ир Сена"),
    ("Ким Ир Сен", {"lang": "ko"}, "ablt", "Ким Ир Сеном"),
    ("Ким Ир Сен", {"lang": "ko"}, "datv", "Ким Ир Сену"),
    ("Ким Ир Сен", {"lang": "ko"}, "loct", "Ким Ир Сене"),
    ("Чжоу Энь-лай", {"lang": "zh"}, "gent", "Чжоу Энь-лая"),
    ("Чжоу Энь-лай", {"lang": "zh"}, "datv", "Чжоу Энь-лаю"),
    ("Чжоу Энь-лай", {"lang": "zh"}, "ablt", "Чжоу Энь-лаем"),
    ("Пэн Дэ-хуай", {"lang": "zh"}, "gent", "Пэн Дэ-хуая"),
    ("Чэнь Юнь", {"lang": "zh"}, "gent", "Чэнь Юня"),
    ("Пхеньян", {"type": "place", "lang": "ko"}, "gent", "Пхеньяна"),
    ("Сеул", {"type": "place", "lang": "ko"}, "gent", "Сеула"),
    ("Корея", {"type": "place"}, "gent", "Кореи"),
    ("Филиппов", {}, "datv", "Филиппову"),
    ("Филиппов", {}, "ablt", "Филипповым"),
    ("Штыков", {}, "datv", "Штыкову"),
    ("Вышинский", {}, "gent", "Вышинского"),
    ("Фурцева", {"gender": "f"}, "gent", "Фурцевой"),
    ("Берия", {}, "ablt", "Берией"),
    ("Северная Корея", {"type": "place"}, "gent", "Северной Кореи"),
    ("Трудовая партия Кореи", {"type": "org"}, "gent", "Трудовой партии Кореи"),
    ("Дальний", {"type": "place", "lang": "zh"}, "gent", "Дальнего"),  # a Russian adjective, a Chinese city
    ("Дальний", {"type": "place", "lang": "zh"}, "loct", "Дальнем"),
    ("Дальний", {"type": "place", "lang": "zh"}, "accs", "Дальний"),
    # a place or an organisation is inanimate: a masculine adjective's accusative is its nominative
    ("Советский Союз", {"type": "place"}, "accs", "Советский Союз"),
    ("Генеральный штаб", {"type": "org"}, "accs", "Генеральный штаб"),
    ("Северная Корея", {"type": "place"}, "accs", "Северную Корею"),
    # a Russian place with a possessive suffix declines as a neuter noun; a person in -о does not
    ("Гродеково", {"type": "place"}, "gent", "Гродекова"),
    ("Гродеково", {"type": "place"}, "loct", "Гродекове"),
    ("Гродеково", {"type": "place"}, "accs", "Гродеково"),
])
def test_case_forms(name, kw, case, expected):
    assert case_forms(name, **kw)[case] == expected


@pytest.mark.parametrize("name, kw", [
    ("Громыко", {}), ("Мао", {"lang": "zh"}), ("Бо И-бо", {"lang": "zh"}), ("Лю Шао-ци", {"lang": "zh"}),
    ("Чемульпо", {"type": "place", "lang": "ko"}), ("Сочи", {"type": "place"}),
    ("Сун Цин-лин", {"lang": "zh", "gender": "f"}), ("КНДР", {"type": "place"}), ("ООН", {"type": "org"}),
])
def test_indeclinable(name, kw):
    assert set(case_forms(name, **kw).values()) == {name}


def test_places_are_inanimate_people_animate():
    assert case_forms("Сеул", type="place", lang="ko")["accs"] == "Сеул"
    assert case_forms("Ким Ир Сен", lang="ko")["accs"] == "Ким Ир Сена"


def test_korean_and_chinese_spelling_variants():
    texts = [t for t, _ in style_variants("Ким Ир Сеном", lang="ko")]
    assert {"КИМ ИР СЕНОМ", "КИМ-ИР-СЕНОМ", "Ким Ир-Сеном", "КИМ ИР-СЕНОМ"} <= set(texts)
    texts = [t for t, _ in style_variants("Чжоу Энь-лая", lang="zh")]
    assert {"Чжоу Эньлая", "ЧЖОУ ЭНЬ-ЛАЯ", "Чжоу Энь-Лая"} <= set(texts)


def test_all_forms_carry_case_labels():
    forms = all_forms("Ким Ир Сен", lang="ko")
    assert ("КИМ-ИР-СЕНОМ", "ablt", "caps+hyphen-all") in forms
    assert {c for _, c, _ in forms} == {"nomn", "gent", "datv", "accs", "ablt", "loct"}


def test_hyphenated_adjective_in_a_phrase_declines_part_by_part():
    forms = case_forms("Корейская Народно-Демократическая Республика", type="org", lang="ru")
    assert forms["gent"] == "Корейской Народно-Демократической Республики"
    assert forms["accs"] == "Корейскую Народно-Демократическую Республику"


def test_a_russian_surname_pymorphy_reads_as_a_first_name_declines_as_a_surname():
    """Суздалев: pymorphy3 knows it as a first name and would give Суздалевом."""
    from pipeline.inflect import case_forms
    assert case_forms("Суздалев")["ablt"] == "Суздалевым"
    assert case_forms("Игнатьев")["ablt"] == "Игнатьевым"


def test_feminine_place_in_soft_sign_and_undeclined_variant():
    """A place in -ь the gazetteer marks f declines in the third declension (в Фуцзяни); a name
    marked indecl keeps one form in every case."""
    from pipeline.inflect import case_forms
    f = case_forms("Фуцзянь", type="place", lang="zh", gender="f")
    assert (f["gent"], f["loct"], f["ablt"], f["accs"]) == ("Фуцзяни", "Фуцзяни", "Фуцзянью", "Фуцзянь")
    assert set(case_forms("Берия", type="person", lang="ru", gender="indecl").values()) == {"Берия"}
    assert case_forms("Берия", type="person", lang="ru", gender="m")["datv"] == "Берии"
