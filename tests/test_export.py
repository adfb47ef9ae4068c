"""Splitting the archive exports (all five seeds) into metadata, Russian and English."""
from __future__ import annotations

import re

import pytest

from conftest import SEEDS
from pipeline.errors import EmptyInput, NotRussian
from pipeline.ingest.export import looks_like_export, split_export

CYR = re.compile(r"[А-Яа-яЁё]")
LAT = re.compile(r"[A-Za-z]")

# what each seed starts and ends with, and where its parts are
EXPECTED = {
    "000": dict(order="ru-en", date="September 20, 1950", title="Cable, Gromyko to the Soviet Ambassador, Peking",
                ru_first="№ + 20 сент. 1950г. U", ru_last="16.05.56 В. И. Ленин ГРОМЫКО.",
                en_first="[handwritten: 20 September 1950]", en_last="rus1950_09-23", notes=4),
    "001": dict(order="en-ru", date=None, title="Telegram to the USSR Ambassador in the PRC",
                ru_first="Том 18", ru_last="Мао Цзэдун. 2.10.50 г.»",
                en_first="October 1, 1950", en_last='Mao Zedong. October 2, 1950."', notes=1),
    "002": dict(order="en-ru", date="May 18, 1949", title="Telegram from the leader of the group of Soviet",
                ru_first="№ 94, 5", ru_last="№ 2776", en_first="Nº 54611", en_last="Kovalev", notes=6),
    "003": dict(order="ru-en", date="January 27, 1951", title="Telegram from Mao Zedong to I.V. Stalin, Conveying",
                ru_first="№ 14, II", ru_last="ПОЛКОВНИК (Макаров)",
                en_first="SECOND MAIN ADMINISTRATION OF THE GENERAL STAFF OF THE SOVIET ARMY",
                en_last="MAO ZEDONG No. 44926.1.51", notes=3),
    "004": dict(order="ru-en", date="September 30, 1950", title="Cable No. 600308, Shtykov to Stalin",
                ru_first="2-франко Т. Михайленко № 112 18.09.50 г.", ru_last="отп. Щербакова 1.10.50 г. 1.45 /26/",
                en_first="[handwritten above the form:", en_last="Sent by Shcherbakova at 0145 1 October 1940 (26)",
                notes=6),
}


def seed(n: str) -> str:
    return next(SEEDS.glob(f"{n}_*.txt")).read_text("utf-8")


@pytest.mark.parametrize("n", sorted(EXPECTED))
def test_seed_is_split(n):
    exp = EXPECTED[n]
    parts = split_export(seed(n))
    assert parts.order == exp["order"]
    assert parts.meta.get("date") == exp["date"]
    assert parts.meta["title"].startswith(exp["title"])
    ru_lines = [ln for ln in parts.russian.splitlines() if ln.strip()]
    en_lines = [ln for ln in parts.english.splitlines() if ln.strip()]
    assert ru_lines[0].strip().startswith(exp["ru_first"])
    assert ru_lines[-1].strip().endswith(exp["ru_last"])
    assert en_lines[0].strip().startswith(exp["en_first"])
    assert en_lines[-1].strip().endswith(exp["en_last"])
    assert len(parts.notes) == exp["notes"]
    for note in parts.notes:
        assert parts.english[note["start"]:note["end"]] == note["text"]
    # the Russian part is Russian, the English part English, and no markup is left
    assert len(CYR.findall(parts.russian)) > 5 * len(LAT.findall(parts.russian))
    assert len(LAT.findall(parts.english)) > 20 * len(CYR.findall(parts.english))
    assert "**" not in parts.russian and "**" not in parts.english
    assert not any(ln.startswith("#") for ln in parts.russian.splitlines())


def test_metadata_fields_of_a_labelled_export():
    parts = split_export(seed("002"))
    assert parts.meta["citation"].startswith("“Telegram from the leader")
    assert parts.meta["summary"].startswith("A telegram")
    assert parts.meta["original language"] == "Russian"
    assert parts.meta["url"] == "http://digitalarchive.wilsoncenter.org/document/114898"


def test_body_text_is_kept_verbatim():
    parts = split_export(seed("002"))
    assert "вместе с тов. КИМ ИР СКИОМ он принимал участие" in parts.russian
    assert "ЧУ ЦО, МАС ЦИ, ЧОУ ШЕ-ЛЯН, ДУИ СИ-У, ЧЕНЬ ШИ и ЧОУ ЦО." in parts.russian


def test_empty_and_english_only_exports_are_refused():
    with pytest.raises(EmptyInput):
        split_export("  \n\n")
    with pytest.raises(NotRussian):
        split_export("Citation:\n\nSomething\n\nThis is only English text, nothing else at all.\n")
    assert looks_like_export(seed("000"))
    assert not looks_like_export("Только русский текст. " * 50)
