"""The names stage: name spans, protection of correct names, garbled-name candidates."""
from pathlib import Path

import pytest

from pipeline.gazetteer import name_key
from pipeline.model import Document
from pipeline.names import lookup_report
from pipeline.names_stage import fallback_distance, required_case
from pipeline.stages import Pipeline
from pipeline.tokens import tokenize

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def run(text: str) -> Document:
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline(["names"]).run(doc)
    return doc


def best(doc: Document, original: str):
    cands = [c for c in doc.candidates if c.original == original]
    assert cands, f"no candidate for {original!r}: {[(c.original, c.replacement) for c in doc.candidates]}"
    return max(cands, key=lambda c: c.score)


@pytest.fixture(scope="module")
def seeds():
    return {i: run((SAMPLES / f"seed-00{i}" / "ocr.txt").read_text("utf-8")) for i in (0, 2, 3, 4)}


@pytest.mark.parametrize("seed, garbled, right", [
    (2, "КИМ ИР СКИОМ", "КИМ ИР СЕНОМ"),
    (2, "МАС ЦЗЭ-ДУИ", "МАО ЦЗЭ-ДУН"),
    (4, "ГРОМЬКО", "ГРОМЫКО"),
    (4, "ПУХЕНЬНА", "ПХЕНЬЯНА"),
    (4, "ШТЯКОВ", "ШТЫКОВ"),
    (3, "СИЛИПОВУ", "ФИЛИППОВУ"),
    (3, "ПАН ХЕН-ЕН", "ПАК ХЕН-ЕН"),
    (0, "ГРОМКО", "ГРОМЫКО"),
])
def test_seed_garbled_names(seeds, seed, garbled, right):
    c = best(seeds[seed], garbled)
    assert c.replacement == right
    assert c.kind == "name" and c.stage.startswith("names@")
    assert any(e.startswith("gazetteer:") for e in c.evidence)
    assert {"distance", "case_match", "n_tokens"} <= set(c.features)


def test_case_from_context(seeds):
    c = best(seeds[2], "КИМ ИР СКИОМ")  # вместе с тов. КИМ ИР СКИОМ
    assert any("preposition 'с'" in e for e in c.evidence)
    c = best(seeds[3], "СИЛИПОВУ")
    assert any("dative" in e for e in c.evidence)
    c = best(seeds[4], "ПУХЕНЬНА")
    assert "genitive" in c.evidence[0]


def test_correct_names_are_protected(seeds):
    for doc in seeds.values():
        known = [n for n in doc.annotations["names"] if n["status"] == "known"]
        assert known
        for c in doc.candidates:
            assert not any(c.start < n["end"] and n["start"] < c.end for n in known), c


def test_clean_text_gets_no_name_candidates():
    text = (SAMPLES / "seed-001" / "ocr.txt").read_text("utf-8")
    doc = run(text)
    assert [c.original for c in doc.candidates if c.score >= 0.3] == []
    statuses = {n["text"]: n["status"] for n in doc.annotations["names"]}
    assert statuses.get("Чжоу Эньлая") == "known" and statuses.get("Ким Ир Сена") == "known"


def test_list_of_comrades_shares_the_genitive():
    doc = run("Доклад сделан в присутствии товарищей ЧЖУ ДЭ, ЧОУ ЭНЬ-ЛАЯ и ДУН БИ-У.")
    c = best(doc, "ЧОУ ЭНЬ-ЛАЯ")
    assert c.replacement == "ЧЖОУ ЭНЬ-ЛАЯ"
    notes = {n["text"]: n for n in doc.annotations["names"]}
    assert notes["ЧЖУ ДЭ"]["status"] == "known"
    assert notes["ЧОУ ЭНЬ-ЛАЯ"]["status"] == "garbled" and notes["ЧОУ ЭНЬ-ЛАЯ"]["entity"] == "zhou_enlai"


def test_style_is_kept():
    c = best(run("вместе с тов. Ким-Ир-Сиком он принимал участие"), "Ким-Ир-Сиком")
    assert c.replacement == "Ким-Ир-Сеном"


def test_required_case_rules():
    assert required_case("вместе с тов. ", 14).cases == {"ablt"}
    assert required_case("Товарищу ", 9).cases == {"datv"}
    assert "gent" in required_case("в присутствии товарищей ", 24).cases
    assert required_case("", 0).cases is None


def test_fallback_distance_prefers_typewriter_confusions():
    assert fallback_distance("СКИОМ", "СЕНОМ") < fallback_distance("СКИОМ", "СТРОМ")
    assert fallback_distance("КИМ-ИР", "КИМ ИР") < 0.5


def test_lookup_report():
    rows = lookup_report("Пхеньяна")
    assert rows[0]["entity"] == "pyongyang" and rows[0]["case"] == "genitive"
    assert lookup_report("Chou En-lai")[0]["entity"] == "zhou_enlai"
    assert lookup_report("КИМ ИР СКИОМ")[0]["entity"] == "kim_il_sung"


def test_cli_lookup():
    from click.testing import CliRunner
    from pipeline.cli import cli
    res = CliRunner().invoke(cli, ["names", "lookup", "КИМ-ИР-СЕНОМ"])
    assert res.exit_code == 0 and "kim_il_sung" in res.output and "instrumental" in res.output


@pytest.mark.parametrize("text, original, right", [
    ("в городе Ф.шуня строят завод", "Ф.шуня", "Фушуня"),  # junk inside a name
    ("встреча с тов. ГАО Г^Н прошла", "ГАО Г^Н", "ГАО ГАН"),
    ("Товарищу <илипгов пишет", "<илипгов", "Филиппову"),  # junk for the capital
    ("войска Кии Ир Сен пошли", "Кии Ир Сен", "Ким Ир Сен"),  # кии is a word; the neighbours say name
    ("беседы с Чжоу Эн-паем о войне", "Чжоу Эн-паем", "Чжоу Эн-лаем"),
    ("части Корейской Народной армик отходят", "Корейской Народной армик", "Корейской Народной армии"),
    ("решение Трудовой пазтии Кореи", "Трудовой пазтии Кореи", "Трудовой партии Кореи"),
    ("из корейской Наролной армии пришли", "корейской Наролной армии", "корейской Народной армии"),
    ("беседа с Чжоу Эн-\nлгем прошла", "Чжоу Эн-\nлгем", "Чжоу Эн-\nлаем"),  # wrapped: the line break stays
    ("отходят от Тэгуи с рубежа", "Тэгуи", "Тэгу и"),  # a lost space
])
def test_garbled_name_mechanisms(text, original, right):
    c = best(run(text), original)
    assert c.replacement == right


@pytest.mark.parametrize("text", [
    "министр ЦОЙ ЕН\nГЕН подготовил расчеты",  # a name wrapped at the line end is known
    "ЧЖОУ ЭНЬ- ЛАЙ сообщил",  # hyphen and a space
    "делегация на.Генеральной\nАссамблее имеет",  # a lost space is no junk inside a word
    "и `ЧЕНЬ ЮНЯ пишет",  # a stray mark beside a correct name
])
def test_correct_names_with_breaks_and_marks_are_left_alone(text):
    doc = run(text)
    assert doc.candidates == []
    assert any(n["status"] == "known" for n in doc.annotations["names"])


@pytest.mark.parametrize("text", [
    "т.п. Чередикина",  # a surname the gazetteer lacks: five edits from Царапкина
    "на Онгжинском полуострове",  # an adjective and its noun
    "представителей Наро ного Китая",  # no abbreviation (НАТО) in lower case
    "нужно стали и угля больше",  # lower-case words are no names
    "операции Наро-\nдной армии",  # a word broken at the line end
])
def test_no_name_candidates_for_other_words(text):
    assert run(text).candidates == []


def test_surname_in_ский_is_still_a_name():
    c = best(run("Товарищу ВЫПИНСКОМУ передать"), "ВЫПИНСКОМУ")
    assert c.replacement == "ВЫШИНСКОМУ"


# -- junk characters and the context's case --------------------------------------------------
def test_junk_costs_the_same_whatever_letter_it_hides():
    from pipeline.names_stage import junk_distance
    assert junk_distance("КИТА”", "КИТАЙ", 1) == junk_distance("КИТА”", "КИТАЯ", 1)


@pytest.mark.parametrize("text, garbled, right", [
    ("вмешательства США во внутренние дела Кита”.\nТакую же позицию", "Кита”", "Китая"),
    ("МАО ЦЗЭ-ДУН высказал желание приехать в Москв;, чтобы поздравить", "Москв;", "Москву"),
    ("с судов, вышедших из Гензан>, высажены два десанта", "Гензан>", "Гензана"),
    ("вопрос об обстановке на 38 параллели.\nКИ: ИР СЕН заявил, что, по данным разведки", "КИ: ИР СЕН",
     "КИМ ИР СЕН"),
    ("присутствовали заместители Председателя ЧЖУ ДЭ и\nЛЮ: ШАО-ЦИ, премьер", "ЛЮ: ШАО-ЦИ", "ЛЮ ШАО-ЦИ"),
    ("Многие товарищи в ЦК. КПК считают, что здесь необходимо", "ЦК. КПК", "ЦК КПК"),
    ("На восточном участке 2 корпус М” ЧЖОНА ведет бои", "М” ЧЖОНА", "МУ ЧЖОНА"),
    ("Я обещал ГАО`ГАНУ доложить о его просьбах.", "ГАО`ГАНУ", "ГАО ГАНУ"),
    # a mark and a space where a letter was lost: the two pieces are one word
    ("делегация во главе с товарищем ХРУ: ЕВЫМ прибыла в Пекин", "ХРУ: ЕВЫМ", "ХРУЩЕВЫМ"),
    ("Вне очереди\nТоварищу МОЛОТ)ВУ\nДокладываю о положении", "МОЛОТ)ВУ", "МОЛОТОВУ"),  # ) inside a word
    ("по приказу 1И СЫН МАНА охрана лагерей", "1И СЫН МАНА", "ЛИ СЫН МАНА"),  # 1 for a capital
    ("в составе т.т. ХРУЩЕВА, БУЛГАНИНА, МИКОЯНА, ШВЕРНИКА\nи $У-ЦЕВОЙ прибыла в Пекин", "$У-ЦЕВОЙ",
     "ФУРЦЕВОЙ"),  # a hyphen for a lost letter inside one name word
    ("будут срочно рассмотрены в `Москзе.\n", "`Москзе", "Москве"),  # a junk mark before the name goes
    ("что договор без участия Кита» не обеспечит мира.", "Кита»", "Китая"),  # a quote nothing opened
    # a name in brackets after another name of the place takes its case
    ("Советские войска выводятся из\nПорт-Артура (ЛюРшуна) не позднее конца года", "ЛюРшуна", "Люйшуня"),
    ("22 мая в Мукдене (Шэньян-) состоялась моя беседа", "Шэньян-", "Шэньяне"),
    # right name words with a stray mark between them: the mark goes, the name stays
    ("Командование не несет ответственности за\nдействия ЛИ СЫН’ МАНА\n20 июня", "ЛИ СЫН’ МАНА",
     "ЛИ СЫН МАНА"),
    ("уполномочен Мао 'Цзэ-дуном обсудить вопросы", "Мао 'Цзэ-дуном", "Мао Цзэ-дуном"),
    # a mark before small letters for the capital (a low quote opens no quotation there)
    ("Разослано: 1. тов. „талину 3. тов. Булганину", "„талину", "Сталину"),
    ("в Чхунчхоне.\n$им Ир Сен считает, что", "$им Ир Сен", "Ким Ир Сен"),
    # a question mark for the lost ending: an addressee at a line end, a name before a comma
    ("Вне очереди\nТоварищу ФИЛИППОВ?\nДокладываю о положении", "ФИЛИППОВ?", "ФИЛИППОВУ"),
    ("Разослано: т.т. ХРУЩЕВУ, БУЛГАНИН?, ВОРОШИЛОВУ, МИКОЯНУ.", "БУЛГАНИН?", "БУЛГАНИНУ"),
    # a mark and a space, or a space alone, for a lost letter between the pieces of a name
    ("Наши советники находятся в Ко; ее и в Китае.", "Ко; ее", "Корее"),
    ("По сведениям начальника штаба КНА Ка: Гона, армия готова", "Ка: Гона", "Кан Гона"),
    ("уполномоченный генерала ЗАХАР ВА.\nШТЫКОВ", "ЗАХАР ВА", "ЗАХАРОВА"),
    ("сообщил, что Ким р Сен и Цой Ен Ген считают", "Ким р Сен", "Ким Ир Сен"),
    ("армии ЧЭН5 И начали переправу", "ЧЭН5 И", "ЧЭНЬ И"),  # a digit for a letter, no footnote
    ("подготовку офицеров в академиях.\nци Сянь-нянь вел переговоры", "ци Сянь-нянь", "Ли Сянь-нянь"),
    ("Самолет упал в море у берегов Инд незии.", "Инд незии", "Индонезии"),
    ("Хрущ: в и Булганин прибыли в Пекин.", "Хрущ: в", "Хрущев"),
    ("Тайвань занят войсками Чан .Кай-ши.", "Чан .Кай-ши", "Чан Кай-ши"),  # a stop glued inside
    # a stop before small letters ends no sentence: the lost ending
    ("Ким Ир Сен считает, что войска Ли Сын Ман. пока не готовы.", "Ли Сын Ман.", "Ли Сын Мана"),
    ("Мы встретились с ПЭН 2Э-ХУАЕМ в Пекине.", "ПЭН 2Э-ХУАЕМ", "ПЭН ДЭ-ХУАЕМ"),  # 2 for Д
    ("войскам ЛЮ 30-ЧЭНУ приказано наступать.", "ЛЮ 30-ЧЭНУ", "ЛЮ БО-ЧЭНУ"),  # digits for a hyphen part
    ("дэн Дэ-хуа5 сообщил, что оборона готова.", "дэн Дэ-хуа5", "Пэн Дэ-хуай"),  # 5 for the last letter
    ("Десант высадился в чЧемульпо вчера.", "чЧемульпо", "Чемульпо"),  # a stray small letter before it
    ("пока не дали ответа на запрос №ИД КНДР.", "№ИД", "МИД"),  # № glued to letters: a misread М
    ("по личному приглашению МАО ЦЗЭ-ДУН?,, делегаты встали", "МАО ЦЗЭ-ДУН?", "МАО ЦЗЭ-ДУНА"),  # ?, no question
    ("ШИФРТЕЛЕГРАММА № 1218\nИз ПЕКИН?.. Отправлено 26 мая", "ПЕКИН?", "ПЕКИНА"),  # nor ?. in a heading
    ("По словам ЧЭНЬ А, блокада продолжается.", "ЧЭНЬ А", "ЧЭНЬ И"),  # a capital before a comma: a name word
    ("Затем Ли Фу-чу ь сообщил, что", "Ли Фу-чу ь", "Ли Фу-чунь"),  # no word begins with ь: a lost letter
    ("Разведка сообщает, что КИМ И? СЕН согласен", "КИМ И? СЕН", "КИМ ИР СЕН"),  # ? inside a name
    ("МНР, Сиам, Индокитай, Филиппины и К рея, а с другими", "К рея", "Корея"),  # a capital alone, a lost letter
    ('министр обороны ПЭН ДЭ-Х "АЙ просили оставить', 'ПЭН ДЭ-Х "АЙ', "ПЭН ДЭ-ХУАЙ"),  # " no quote closes
    ("отведенных на отдых к Сунчхон? и Анджу.", "Сунчхон?", "Сунчхону"),  # no question goes on small
    ("комбината в Хыннам. выделено оборудование", "Хыннам.", "Хыннаме"),  # в, no motion: the prepositional
    ('протест против действий МАКАРТУР" как нарушающих', 'МАКАРТУР"', "МАКАРТУРА"),  # " nothing opened
])
def test_junk_in_names(text, garbled, right):
    assert best(run(text), garbled).replacement == right


def test_case_context(seeds):
    assert required_case("приехать в Москву", 10).cases == frozenset({"accs"})
    assert required_case("находится в Москве", 12).cases == frozenset({"loct", "accs"})
    assert required_case("Товарищу\nЗАХАРОВУ", 9).cases == frozenset({"datv"})  # the line before
    assert required_case("бомбить Шанхай и Нанкин.\nЧЖОУ ЭНЬ-ЛАЙ", 25).cases is None  # a sentence end
    # a verb of saying after a name, its subject, as after a pronoun: the name after is the dative
    assert required_case("НЕРУ сказал ЧЖОУ ЭНЬ-ЛАЮ", 12).cases == frozenset({"datv"})
    assert required_case("ЧЖОУ ЭНЬ-ЛАЙ сообщил КИМ ИР СЕНУ", 21).cases == frozenset({"datv"})
    # a verb of saying before a person, its subject before it: a weak dative
    assert required_case("сессия поручила КИМ ДУ БОНУ", 16).cases == frozenset({"datv"})
    assert required_case("и поручил КИМ ЧЕКУ", 10).cases == frozenset({"datv"})  # (its subject further back)
    assert required_case("Соболезнования посольству выразили КИМ ДУ БОН", 35).cases is None  # its dative before it
    assert required_case("предоставить Китаю", 13).cases == frozenset({"datv"})  # a verb of giving
    assert required_case("о котором 12 мая мне\nсообщили ГАО ГАН", 30).cases is None  # the subject after
    assert required_case("как сказал ЛЮ ШАО-ЦИ", 11).cases is None
    # a name joined to a personal pronoun takes its case
    assert required_case("поручил ему и Ли Фу-чуню", 14).cases == frozenset({"datv"})


def test_marks_at_sentence_and_list_ends_are_kept():
    text = "Мы встретились с КИМ ИР СЕНОМ. ПАК ХЕН ЕН сказал, что ЛИ СЫН МАН, ЧЖОУ ЭНЬ-ЛАЙ и МАО ЦЗЭ-ДУН."
    doc = run(text)
    assert not doc.candidates
    assert {n["text"] for n in doc.annotations["names"]} >= {"КИМ ИР СЕНОМ", "ПАК ХЕН ЕН", "ЧЖОУ ЭНЬ-ЛАЙ"}
    doc = run("Заместитель МИНИСТРА. Москва ответила, что ПАК. Сеул взят.")
    assert not doc.candidates


@pytest.mark.parametrize("own, want", [("ДЭ", "ПЭН ДЭ-ХУАЕМ"), ("ДЕ", "ПЭН ДЕ-ХУАЕМ")])
def test_a_garbled_name_takes_the_variant_the_document_writes(own, want):
    """Where the OCR's letters cannot tell ДЭ from ДЕ, the document's own spelling decides."""
    doc = run(f"Вчера тов. ПЭН {own}-ХУАЙ прибыл в штаб.\nМы встретились с ПЭН Д-ХУАЕМ вечером.\n")
    assert best(doc, "ПЭН Д-ХУАЕМ").replacement == want


@pytest.mark.parametrize("text, original, want", [
    ("С глубоким уважением\nК-М ИР СЕН\n", "К-М ИР СЕН", "КИМ ИР СЕН"),
    ("сообщил МАО Ц-Э-ДУНУ вчера\n", "МАО Ц-Э-ДУНУ", "МАО ЦЗЭ-ДУНУ"),
])
def test_a_hyphen_beside_a_lone_consonant_is_a_lost_letter(text, original, want):
    assert best(run(text), original).replacement == want


def test_a_one_vowel_part_of_a_name_keeps_its_hyphen():
    assert not run("Тов. БО И-БО сказал\n").candidates


@pytest.mark.parametrize("text, original, want", [
    ("Премьер Китайской Народной Республики УЖОУ ЭНЬ-Л»Й направил", "УЖОУ ЭНЬ-Л»Й", "ЧЖОУ ЭНЬ-ЛАЙ"),
    ("сообщил ПА® ХЕН ЕН вчера\n", "ПА® ХЕН ЕН", "ПАК ХЕН ЕН"),
])
def test_junk_inside_and_beside_a_name_word_is_part_of_the_span(text, original, want):
    """The whole garbled word is replaced: no stray '»Й' is left after the name."""
    assert best(run(text), original).replacement == want


@pytest.mark.parametrize("text, original, want", [
    ("Товарищу 3/ЛХАРОВУ\n", "3/ЛХАРОВУ", "ЗАХАРОВУ"),
    ("В связи с беседой 4жоу Эн-пая с Вами\n", "4жоу Эн-пая", "Чжоу Эн-лая"),
    ("на территории 7ибета и Синьцзяна\n", "7ибета", "Тибета"),
])
def test_a_digit_for_a_capital_at_a_name_start_is_junk(text, original, want):
    assert best(run(text), original).replacement == want


def test_numbers_before_words_are_no_names():
    assert not run("в 1950г. прибыли 3 дивизии и 40Корпусов, 3-я армия, 7го числа\n").candidates


def test_a_name_whose_capital_the_ocr_made_small_gets_it_back():
    assert best(run("в порту чемульло высадились\n"), "чемульло").replacement == "Чемульпо"


@pytest.mark.parametrize("text", ["в районе хорее и далее\n", "мы получили телеграмму вчера\n"])
def test_small_known_words_are_not_taken_for_names(text):
    assert not run(text).candidates


def test_a_rare_capitalised_word_one_edit_from_a_name_is_the_name():
    doc = run("в случае поражения демократической Корен американцы\n")
    assert best(doc, "Корен").replacement == "Кореи"


def test_a_common_capitalised_word_stays_a_word():
    assert not run("в случае поражения. Армия отошла к Сеулу\n").candidates


def test_a_name_syllable_inside_a_name_is_no_abbreviation():
    assert not [c for c in run("тов. КИМ СОН АЙ прибыл\n").candidates if c.replacement == "ООН"]


def test_a_low_opening_quote_before_a_name_is_punctuation():
    assert not run("лозунг „Чжоу Эн-лай“ был\n").candidates


def test_small_letters_alone_are_no_person_name():
    assert not [c for c in run("они сталн сильнее\n").candidates if c.replacement == "Сталин"]


def test_a_word_the_document_writes_in_small_letters_keeps_them():
    assert best(run("Мао ЦЗЭ-ЛУН сказал\n"), "Мао ЦЗЭ-ЛУН").replacement == "Мао ЦЗЭ-ДУН"


def test_a_small_place_name_beside_no_common_word_is_the_place():
    assert best(run("в пхеньяк прибыли\n"), "пхеньяк").replacement == "Пхеньян"


@pytest.mark.parametrize("text, translation, original, right, status", [
    ("Советский народ борется за прочный МИР во всем мире.", "", "МИР", "МНР", "review"),
    ("Он сказал ГРОМКО, что согласен.", "", "ГРОМКО", "ГРОМЫКО", "review"),
    ("Вчера генеральный ГРОМКО заявил, что согласен.", "", "ГРОМКО", "ГРОМЫКО", "review"),
    ("Вчера посольство ГРОМКО заявило.", "", "ГРОМКО", "ГРОМЫКО", "review"),
    ("Вчера тов. ГРОМКО заявил, что согласен.", "", "ГРОМКО", "ГРОМЫКО", "auto"),
    ("Вчера тов ГРОМКО заявил.", "", "ГРОМКО", "ГРОМЫКО", "auto"),
    ("Вчера т. А.А. ГРОМКО заявил.", "", "ГРОМКО", "ГРОМЫКО", "auto"),
    ("Вчера маршалу ГРОМКО сообщили.", "", "ГРОМКО", "ГРОМЫКО", "auto"),
    ("Присутствовали т.т. ПЕТРОВ, ГРОМКО и СИДОРОВ.", "", "ГРОМКО", "ГРОМЫКО", "auto"),
    ("Вчера ГРОМКО заявил, что согласен.", "Yesterday Gromyko stated that he agreed.", "ГРОМКО", "ГРОМЫКО",
     "auto"),
])
def test_a_common_word_becomes_a_name_automatically_only_after_a_title(text, translation, original, right, status):
    doc = Document(id="t", text=text, translation=translation, tokens=tokenize(text))
    Pipeline().run(doc)
    s = next(s for s in doc.suggestions if s.original == original)
    assert (s.replacement, s.status) == (right, status)
    assert any("itself a common word" in e for e in s.evidence)


def test_right_name_words_with_a_stray_mark_keep_their_own_reading():
    """The spelling stages do not read the mark of ``СЫН’`` as a letter (СЫНА) inside a name."""
    text = "Командование не несет ответственности за\nдействия ЛИ СЫН’ МАНА\n20 июня"
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline().run(doc)
    assert [(s.original, s.replacement) for s in doc.suggestions] == [("ЛИ СЫН’ МАНА", "ЛИ СЫН МАНА")]


def test_a_name_follows_the_documents_spelling_of_yo():
    from pipeline.names_stage import without_yo
    assert without_yo("ХРУЩЁВЫМ", "делегация во главе с товарищем ХРУ: ЕВЫМ") == "ХРУЩЕВЫМ"
    assert without_yo("Хрущёвым", "Её делегация во главе с Хру: ёвым") == "Хрущёвым"  # the text writes ё


def test_a_full_stop_between_two_names_is_a_sentence_end():
    text = "Выступил ПАК. ХОН МЕН ХИ поддержал его."
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline().run(doc)
    assert not doc.suggestions


def test_yo_made_of_noise_does_not_count_as_the_documents_spelling():
    from pipeline.names_stage import without_yo, writes_yo
    assert not writes_yo("прибыла в воённо Пекин") and writes_yo("её делегация")
    assert without_yo("ХРУЩЁВЫМ", "прибыла в воённо Пекин") == "ХРУЩЕВЫМ"


@pytest.mark.parametrize("text, english", [
    ("РЕШЕНИЕ ЦК ВКП(Б) ПЕРЕДАНО ТОВАРИЩАМ.", ""),  # a bracket between capitals stays
    ("Посол СССР в КНР РОЩИН:\nСообщаю", ""),  # a signature line: the colon is no lost ending
    ("Посол СССР в КНР РОЩИН:\nСообщаю", "USSR Ambassador to the PRC ROSHCHIN:\nI report"),
    ("Войска подошли к Тянь-цзиню и Сюй-чжоу.", ""),  # the period's hyphenated spellings
    ("Разослано: 1МОЛОТОВУ, 2ВЫШИНСКОМУ, 3ЗОРИНУ.", ""),  # list numbers before right names
    ("Генерал Чон Ир-Гон прибыл.", ""),  # name words the gazetteer knows, hyphenated: a variant
])
def test_right_text_around_names_is_left_alone(text, english):
    doc = Document(id="t", text=text, tokens=tokenize(text), translation=english)
    Pipeline().run(doc)
    assert not [s for s in doc.suggestions if s.kind == "name"]


def test_an_abbreviations_stop_stays_before_a_garbled_name():
    c = best(run("Прошу передать т .МАО ЦЗЭ-ДУ;У нашу благодарность."), "МАО ЦЗЭ-ДУ;У")
    assert c.replacement == "МАО ЦЗЭ-ДУНУ"


def test_a_place_in_brackets_after_a_person_keeps_its_own_case():
    doc = run("Телеграмма МОЛОТОВУ (Москза) получена.")
    assert [c.replacement for c in doc.candidates if c.original == "Москза"] == ["Москва"]


def test_a_known_hyphenated_name_word_keeps_its_hyphen():
    """ДЭ-ХУАЙ is a word of ПЭН ДЭ-ХУАЙ: its hyphen is not read as a lost letter (ДЭН ХУА)."""
    c = best(run("20 июня КИМ ИР СЕН и ПВ ДЭ-ХУАЙ направили письмо КЛАРКУ"), "ПВ ДЭ-ХУАЙ")
    assert c.replacement.replace("ПЕН", "ПЭН") == "ПЭН ДЭ-ХУАЙ"


@pytest.mark.parametrize("text", ["газета «Правда» пишет о переговорах", "в «Жэньминь жибао» пишут"])
def test_closing_quotes_that_close_something_are_punctuation(text):
    assert not run(text).candidates


def suggested(text: str) -> list[tuple[str, str]]:
    """(original, replacement) of the whole pipeline's suggestions for ``text``."""
    d = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline().run(d)
    return [(s.original, s.replacement) for s in d.suggestions]


def test_a_name_word_in_capitals_before_a_full_stop_is_no_abbreviation():
    """ген. abbreviates генерал, but ГЕН. ends the name Цой Ен Ген at a sentence end; without it
    ЦОЙ ЕН was read as another man (Цой Хен)."""
    for text in ("С КИМ ИР СЕНОМ согласен ЦОЙ ЕН ГЕН.", "Об этом доложил ген. МАКАРТУР."):
        assert suggested(text) == [], text


def test_a_chinese_place_named_from_another_language_declines():
    from pipeline.inflect import case_forms
    assert case_forms("Формоза", type="place", lang="zh", gender="-")["gent"] == "Формозы"
    assert case_forms("Нинся", type="place", lang="zh", gender="-")["gent"] == "Нинся"  # Palladius: indeclinable


def test_marks_a_name_lost_letters_to():
    """A colon at a line end after an addressee in a case its title rules out is the lost
    ending (Товарищу МОЛОТОВ: → МОЛОТОВУ), but not when the name's form in that case is not one
    letter longer (БЕРИЯ:) or the next line goes on in small letters (a colon that introduces
    the order); a full stop after a space and glued to a name stays: the OCR moves stops
    (т .МАО, вчера .КИМ ИР СЕН)."""
    for text, fixes in (("Вне очереди\nТоварищу МОЛОТОВ:\nДокладываю о положении.", [("МОЛОТОВ:", "МОЛОТОВУ")]),
                        ("Посол СССР в КНР РОЩИН:\nДокладываю.", []),
                        ("Товарищ МОЛОТОВ:\nДокладываю.", []),
                        ("Товарищу БЕРИЯ:\nДокладываю.", []),
                        ("Генералу ВАСИЛЬЕВ:\nдоложить о готовности.", []),
                        ("Эти просьбы будут срочно рассмотрены в .Москзе.", [("Москзе", "Москве")]),
                        ("Делегация прибыла вчера .КИМ ИР СЕН встретил ее на вокзале.", []),
                        ("Беседа с т .МАО ЦЗЭ-ДУНОМ прошла.", [])):
        assert suggested(text) == fixes, text


def test_a_mark_before_a_name_in_capitals_may_be_its_first_letter():
    """A full stop glued before a word in capitals after a space and a word in capitals stands
    for a letter the OCR lost (МИД .ССР → СССР) — not before a known name (a stop the OCR moved:
    КНР .МАО) and not after an abbreviation (т .МАО); an opening quote is punctuation (a
    quotation may run long: «КНР никогда не допустит ...»)."""
    for text, fixes in (("МОСКВА, МИД .ССР\nТоварищу ВЫШИНСКОМУ", [("МИД .ССР", "МИД СССР")]),
                        ("Статья начинается словами: «КНР никогда не допустит, чтобы империалисты хозяйничали "
                         "на ее земле, и будет бороться до полной победы».", []),
                        ("газета «ЖЭНЬМИНЬ\nЖИБАО» пишет", []),
                        ("Делегация посетила КНР .МАО ЦЗЭ-ДУН принял ее.", []),
                        ("Беседа с т .МАО ЦЗЭ-ДУНОМ прошла.", [])):
        assert suggested(text) == fixes, text


def test_a_low_single_quote_glued_before_a_name_is_a_speck():
    """Typescripts quote with „ “ or « »: a low single quote (‚) glued before a name that no
    quotation mark closes is OCR noise and goes with the fix; one that closes stays."""
    for text, fixes in (("На совещании выступил\n‚ПА® ХЕН ЕН и заявил.", [("‚ПА® ХЕН ЕН", "ПАК ХЕН ЕН")]),
                        ("Он сказал: ‚ПАК ХЕН ЕН‘ и ушел.", []),
                        ("В докладе сказано: ‚ЛЮ ШАО-ЦЫ указывает, что партия должна укрепить связь с "
                         "массами и вести работу среди крестьян‘.", [("ЛЮ ШАО-ЦЫ", "ЛЮ ШАО-ЦИ")])):
        assert suggested(text) == fixes, text


def test_a_conjunction_glued_to_a_garbled_name_in_capitals_is_kept():
    """A small letter glued to the end of a name in capitals is a one-letter word that lost its
    space (ИЛ Уи наших: ИЛ У и), also when the name itself is garbled; a small letter the
    name's own ending takes (СЕНа) is not."""
    assert suggested("Совещание прошло с участием ЛАК\nИЛ Уи наших советников.") == [
        ("ЛАК\nИЛ Уи", "ПАК\nИЛ У и")]
    assert ("ПАК ИЛ У", "ПАК ИЛ У и") not in suggested("Совещание прошло с участием ПАК ИЛ У и советников.")


def test_a_name_does_not_run_on_from_a_short_heading_line():
    """A name wraps only at the end of a full line: after an address line (Товарищу МИКОЯНУ)
    the next line's garbled first word (Сегодзя) does not carry the address's dative over to
    the name after it."""
    text = ("Из ХАРБИНА. Отправлено 21 июля 1949 г.\nТоварищу МИКОЯНУ\n"
            "Сегодзя ГАО ГАЗ пригласил меня к себе и сообщил, что Северо-Восточное народное\n"
            "правительство готово подписать торговый договор на 1949 год на следующих условиях.")
    fixes = dict(suggested(text))
    assert fixes.get("ГАО ГАЗ") == "ГАО ГАН"
    # a name wrapped at the end of a full line is still one name
    wrapped = ("Вчера в ставке командующего состоялось совещание, на котором выступил КИМ\n"
               "ИР СКИОМ и другие товарищи, после чего было принято решение о наступлении.")
    assert any(o.replace("\n", " ") == "КИМ ИР СКИОМ" for o in dict(suggested(wrapped)))


def test_the_second_part_of_a_hyphenated_word_is_no_name_of_its_own():
    """``ЛЮ 30-ЧЭНУ`` (БО read as digits): ЧЭНУ after a glued hyphen is part of a longer word; it
    was "fixed" alone to the city ЧЭНДУ."""
    text = "МАО ЦЗЭ-ДУН просит направить по одному советнику к ЧЖУ ДЭ и к ЛЮ 30-ЧЭНУ. Кандидатуры согласовать."
    assert not [f for f in suggested(text) if "ЧЭНДУ" in f[1]]


def test_a_fix_does_not_write_again_a_word_that_stands_before_it():
    """``Е ЦЗЯНЬ-ИН`` written right: the run began after the one-letter Е, and ЦЗЯНЬ-ИН alone was
    matched to the whole name, which would have written Е twice."""
    t = "Округ возглавит ЛИНЬ БЯО, но по болезни его пока замещает Е ЦЗЯНЬ-ИН, который руководит обороной."
    d = Document(id="t", text=t, tokens=tokenize(t))
    Pipeline(["normalize", "detect", "names"]).run(d)
    assert not [c for c in d.candidates if "ЦЗЯНЬ" in c.original]


def test_a_one_letter_word_of_a_name_joins_its_run():
    """Пак Ир У: the one-letter word is part of the name (at a sentence end too); an initial
    before a surname (У. Черчилль) and initials after one (Сталину И. В.) are no name words."""
    assert suggested("а также Ким Ира и Пах Ир У. Пак Ир У оставлен на работе.") == [("Пах Ир У", "Пак Ир У")]
    for text in ("Товарищу Сталину И. В.\nСообщаю сведения.", "Ответ подписали У. Черчилль и другие."):
        assert suggested(text) == [], text


def test_a_preposition_before_one_name_does_not_govern_the_next():
    """Посол СССР в КНДР Разувае»: в governs КНДР; the signature's name keeps its nominative."""
    assert suggested("Материалы направляю почтой.\nПосол СССР в КНДР Разувае»") == [("Разувае»", "Разуваев")]


def test_a_capitalised_word_of_a_name_governs_no_genitive():
    """Председателем ... Китайской Народной Республики МАО ЦЗЭ-ДУНО: Республики is a word of a
    name, not a noun the next name depends on; the fix's case is not taken from it."""
    assert required_case("с Председателем Китайской Народной Республики МАО", 46).cases is None
    assert required_case("Приезд КИМ ИР СЕНА", 7).cases == frozenset({"gent"})


def test_a_name_read_in_two_pieces_across_a_mark_and_a_space():
    """Ок; наве: a mark and a space for a lost letter, the second piece in small letters and no
    word of its own; joined only where the pieces read a gazetteer name closely. A whole name
    before the mark, or a word after it, is what it says (Молотов: мы — a record of conversation;
    Пак: она; заняли Вонсан; он взят)."""
    assert suggested("порт на Ок; наве был занят.") == [("Ок; наве", "Окинаве")]
    for text in ("Прибыл в Москву; затем уехал.", "Товарищ Му. он согласен.", "Заседание ЦК. рассмотрело",
                 "Беседу записал Молотов: мы согласны.", "Переводил Пак: она не успела.",
                 "Наши войска заняли Вонсан; он взят без боя.", "Говорил Ким: на фронте спокойно."):
        assert suggested(text) == [], text


def test_one_letter_words_and_the_case_of_the_next_name():
    """У before a name is the preposition (its genitive stands: У ШТЫКОВЛ → ШТЫКОВА); И after a
    whole name is the conjunction (ПЭН ЧЖЭНЬ И ЧЖОУ: no Чэнь И); a name part ending a short
    line still runs on (МАО / ЦЗЭ-ДУИОМ)."""
    assert suggested("СООБЩАЮ, ЧТО У ШТЫКОВЛ ВОЗРАЖЕНИЙ НЕТ.") == [("ШТЫКОВЛ", "ШТЫКОВА")]
    assert suggested("ВСТРЕЧАЛИ ЛЮ ШАО-ЦИ, ПЭН ЧЖЭНЬ И ЧЖОУ ЭНЬ-ЛАЙ.") == []
    assert suggested("ЧЭНЬ ЧЭН И ХЭ ИН-ЦИНЬ прибыли.") == []
    text = "беседа с МАО\nЦЗЭ-ДУИОМ прошла хорошо и долго, обсуждались вопросы войны в Корее и поставок."
    assert suggested(text) == [("МАО\nЦЗЭ-ДУИОМ", "МАО\nЦЗЭ-ДУНОМ")]


def test_a_fix_whose_case_is_a_guess_goes_to_review():
    """ПО МНЕНИЮ РАЗУВАЕВА И МАЛИКЛ: МАЛИК and МАЛИКА are as near, and no rule gives the case:
    the fix is offered, not applied; a fix with no rival form stays automatic (ГРОМЬКО)."""
    d = Document(id="t", text="ПО МНЕНИЮ РАЗУВАЕВА И МАЛИКЛ, ВОПРОС РЕШЕН.",
                 tokens=tokenize("ПО МНЕНИЮ РАЗУВАЕВА И МАЛИКЛ, ВОПРОС РЕШЕН."))
    Pipeline().run(d)
    assert [(s.original, s.status) for s in d.suggestions] == [("МАЛИКЛ", "review")]
    d = Document(id="t", text="Сегодня ГРОМЬКО заявил", tokens=tokenize("Сегодня ГРОМЬКО заявил"))
    Pipeline().run(d)
    assert [(s.replacement, s.status) for s in d.suggestions] == [("ГРОМЫКО", "auto")]


def test_after_v_a_name_is_a_place_not_a_man():
    """в Тонкине was fixed to the diplomat Тункин before Tonkin joined the gazetteer: after в a
    person's form in the prepositional (or accusative) costs more than a place's."""
    from pipeline.gazetteer import gazetteer
    from pipeline.names_stage import Case, match_window
    text = "Французы усиливают войска в Тункине и Ханое."
    case = required_case(text, text.index("Тункине"))
    assert "loct" in case.places_in
    plain = Case(case.cases, case.weight, case.rule)
    cost = {c: next(r[0] for r in match_window("Тункине", gazetteer(), c) if r[3].entity == "tunkin")
            for c in (case, plain)}
    assert cost[case] > cost[plain]
    assert all(s.replacement != "Тункине" for s in _pipeline_suggestions(text.replace("Тункине", "Тонкине")))


def _pipeline_suggestions(text: str):
    d = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline().run(d)
    return d.suggestions


def test_a_capitalised_gen_after_a_name_word_ends_the_name():
    """Цой Ен Ген. at a sentence end in small letters: an abbreviated title (ген.) stands before
    a name, never after one; read as the title, Цой Ен became another man (Цой Хен)."""
    assert suggested("а армией будет\nруководить Цой Ен Ген.\nДля переговоров по вопросам.") == []
    assert suggested("руководить Цой Ин Ген.\nДалее") == [("Цой Ин Ген", "Цой Ен Ген")]
    assert suggested("Прибыл ген. Макартур.") == []


def test_a_mark_glued_between_two_name_words_is_their_lost_space():
    """Ким Ир.Сен (small letters): the full stop stands for the space; a stop glued between a
    name and a capitalised common word (Пекин.Сегодня) is left alone."""
    assert suggested("Вопросы, которые Ким Ир.Сен намерен обсудить, изложены в письме.") == [
        ("Ким Ир.Сен", "Ким Ир Сен")]
    assert suggested("Прибыли в Пекин.Сегодня Мао Цзэ-дун принял их.") == []


def test_a_space_inside_a_name_word_goes():
    """Вышинск ому: the pieces make a form of a gazetteer name and the first is no word of its
    own; a name and a real word after it stay apart (Ким у Сталина)."""
    assert suggested("и Громыко обещал доложить об этом Вышинск ому.") == [("Вышинск ому", "Вышинскому")]
    assert suggested("письмо Ким у Сталина") == []


@pytest.mark.parametrize("text, original, right", [
    # the typewriter's " for ъ is the hard sign of the name (no fix); a garbled word of it is fixed
    # in the document's own convention
    ("в Организации Об\"единенных Наций", None, None),
    ("в Организации ОЗ\"единенных Наций", "Организации ОЗ\"единенных Наций", "Организации Об\"единенных Наций"),
    # a stop glued inside a name of two words; a ? glued before a word of a name; a mark before a
    # lone capital ending a word does not split it
    ("помощь Советского. Союза", "Советского. Союза", "Советского Союза"),
    ("без участия Китайской Нэродной ?еспублихи в ООН", "Китайской Нэродной ?еспублихи",
     "Китайской Народной Республики"),
    ("передачи Китайской Нарохн`Й Геспублихе базы", "Китайской Нарохн`Й Геспублихе", "Китайской Народной Республике"),
    # a garbled word that begins like a title (генерал-) is no title
    ("Политический комитет Генеральзой ‘Ассамблеи принял", "Генеральзой ‘Ассамблеи", "Генеральной Ассамблеи"),
])
def test_marks_and_signs_inside_names(text, original, right):
    doc = run(text)
    if original is None:
        assert not doc.candidates, [(c.original, c.replacement) for c in doc.candidates]
    else:
        assert best(doc, original).replacement == right


def test_dative_after_a_verb_of_telling_with_its_subject():
    """Я сообщил ЗАХАРОВЦ: the subject stands before the verb, so the name is its dative object
    (ЗАХАРОВУ, the ц a misread у); after the verb alone the name may be its subject."""
    assert best(run("Я сообщил ЗАХАРОВЦ содержание вашей телеграммы."), "ЗАХАРОВЦ").replacement == "ЗАХАРОВУ"
    assert required_case("На это ответил ЧЖОУ ЭНЬ-ЛАЙ", len("На это ответил ")).cases is None


def test_e_for_э_is_a_variant_only_in_asian_names_and_not_in_the_ending():
    """Period cables wrote Чэнь or Чень, Цзэ or Цзе; a Russian name with э (КОНЭВ) or an ending
    in э (ЛИ ЦЗУН-ЖЭНЭ) is misread."""
    from pipeline.gazetteer import gazetteer
    g = gazetteer()
    assert g.is_known_name("ЧЕНЬ") and g.lookup("МАО ЦЗЕ-ДУН")
    assert not g.is_known_name("КОНЭВ") and not g.lookup("ЛИ ЦЗУН-ЖЭНЭ")
    assert best(run("Маршал КОНЭВ заявил, что войска готовы."), "КОНЭВ").replacement == "КОНЕВ"


@pytest.mark.parametrize("text, original, right", [
    # a comma after one or two letters before a small one inside a name word is junk of it
    ("Пароход прибыл в Ио,огаму вчера.", "Ио,огаму", "Иокогаму"),
    # a semicolon glued after a name a verb puts in the dative: its lost last letter
    ("Я сообщил ОСТИН; содержание вашей телеграммы.", "ОСТИН;", "ОСТИНУ"),
])
def test_commas_and_semicolons_inside_and_after_names(text, original, right):
    assert best(run(text), original).replacement == right


def test_a_comma_after_a_whole_word_still_ends_it():
    """СТАЛИНУ,МОЛОТОВУ: two names that lost the space after their comma, both right."""
    assert not run("Разослано: т.т. СТАЛИНУ,МОЛОТОВУ, МАЛЕНКОВУ.").candidates


def test_initials_are_no_name_and_a_junk_capital_joins_a_short_name_word():
    """С.М after a surname are initials, never Сиам; `Ким [р Сену`: the [ stands for the capital
    of Ир."""
    assert not run("генералу армии товарищу Штеменко С.М.\nДокладываю о положении.").candidates
    assert best(run("Ким [р Сену я посоветовал не торопиться."), "Ким [р Сену").replacement == "Ким Ир Сену"


def test_an_adjective_made_from_a_name_before_an_adjective_and_its_noun():
    """Синьцзянским военным округом: an adjective of Синьцзян, not the name misread."""
    assert not [c for c in run("в присутствии командующего Синьцзянским военным округом ВАН ЧЖЭНЯ.").candidates
                if c.original == "Синьцзянским"]


def test_a_junk_mark_after_a_name_for_the_ending_a_noun_leans_to():
    """Оборону Пхеньян& возложить: genitive after the noun; the & is the lost а."""
    assert best(run("2. Оборону Пхеньян& возложить на ЦОЙ ЕН ГЕНА."), "Пхеньян&").replacement == "Пхеньяна"


@pytest.mark.parametrize("text", [
    "ЧЖОУ ЭНЬ-ЛАЙ3 сообщил, что вопрос решен.",            # a footnote number after a name
    "Я передал ПАК ХЕН ЕН2 вашу телеграмму.",
    "Разослано: т.т. ХО ГА И,ПАК ЧАН ОК.",                  # a list that lost its spaces
    "Прошу указаний.\nКОНЕЦ",                               # a common word alone on its line
])
def test_review_cases_left_alone(text):
    assert not [c for c in run(text).candidates if c.score > 0.3], [(c.original, c.replacement) for c in run(text).candidates]


def test_vertical_list_and_accusative_verbs():
    """One name a line after Копии: takes the list's case, not a signature's nominative; направил
    takes its person in the accusative, so no dative is forced."""
    doc = run("Прошу указаний.\nКопии:\nМОЛОТОВХ\nВЫШИНСКОМУ\nГРОМЫКО")
    assert best(doc, "МОЛОТОВХ").replacement == "МОЛОТОВУ"
    assert required_case("Мы направили ", len("Мы направили ")).cases is None


def test_no_one_letter_word_before_a_preposition():
    """ЛЕБЕДЕВК в Пхеньян: к before the preposition в is no word that lost its space."""
    assert not [c for c in run("Мы направили ЛЕБЕДЕВК в Пхеньян для переговоров.").candidates
                if c.replacement.endswith(" К")]


def test_a_signature_after_a_place_is_a_name_of_its_own():
    """через Аньдунъ / СТЫКОВ: the signature alone on its line does not continue the place."""
    assert best(run("Связь будет поддерживаться через Аньдунъ\nСТЫКОВ\n"), "СТЫКОВ").replacement == "ШТЫКОВ"


def test_a_garbled_name_keeps_the_hyphens_the_document_writes():
    """Эньтлая: both Эньлая and Энь-лая are one letter away; the document writes Энь-лай."""
    doc = run("Чжоу Энь-лай прибыл в Москву.\nПо мнению Чжоу Эньтлая, взрыв подготовила разведка.")
    assert best(doc, "Чжоу Эньтлая").replacement == "Чжоу Энь-лая"



def test_a_correct_name_in_another_case_than_its_list_is_offered_in_theirs():
    """т.т. ВОРОШИЛОВ, БУЛГАНИНУ, КАГАНОВИЧУ: the one nominative among datives is offered in the
    dative, for review only (a real form of the name); a list whose names disagree more is left,
    but for a distribution list (Разослано), whose names are all datives (train texts: 377 of
    377): one dative written right says so, and the nominatives are offered in it; a list of no
    such cue that disagrees is left."""
    doc = run("МОЛОТОВ\nРазослано: т.т. ВОРОШИЛОВ, БУЛГАНИНУ, КАГАНОВИЧУ, МИКОЯНУ.")
    c = best(doc, "ВОРОШИЛОВ")
    assert c.replacement == "ВОРОШИЛОВУ" and c.features.get("real_case")
    doc = run("Разослано: т.т. ВОРОШИЛОВ, БУЛГАНИНУ, КАГАНОВИЧ.")
    assert [best(doc, n).replacement for n in ("ВОРОШИЛОВ", "КАГАНОВИЧ")] == ["ВОРОШИЛОВУ", "КАГАНОВИЧУ"]
    assert not [c for c in doc.candidates if c.original == "БУЛГАНИНУ"]
    assert not run("Присутствовали т.т. ВОРОШИЛОВ, БУЛГАНИНУ, КАГАНОВИЧУ, МИКОЯН.").candidates
    full = Document(id="t", text="МОЛОТОВ\nРазослано: т.т. ВОРОШИЛОВ, БУЛГАНИНУ, КАГАНОВИЧУ, МИКОЯНУ.",
                    translation="MOLOTOV\nDistributed to Comrades Voroshilov, Bulganin, Kaganovich, Mikoyan.")
    Pipeline().run(full)
    assert [(s.replacement, s.status) for s in full.suggestions if s.original == "ВОРОШИЛОВ"] == [("ВОРОШИЛОВУ", "review")]


def test_a_name_after_беседы_before_a_garbled_verb_may_be_its_subject():
    """В конце беседы Кем Ир Сен схазал: схазал is сказал one letter off, so the name may be its
    subject as well as the genitive of беседы (train texts: 2 and 3)."""
    fix = best(run("В конце беседы Кем Ир Сен схазал, что на праздновании будут гости."), "Кем Ир Сен")
    assert fix.replacement == "Ким Ир Сен" and any("the subject of 'схазал'" in e for e in fix.evidence)


def test_a_two_letter_word_read_as_a_preposition_gives_its_case():
    """Нз ПЕКИНО. Отправлено: Нз is Из misread (the cable's heading), the genitive; ло (по or до)
    is read as neither."""
    fix = best(run("Нз ПЕКИНО. Отправлено 11 февраля"), "ПЕКИНО")
    assert fix.replacement == "ПЕКИНА" and any("read as the preposition 'из'" in e for e in fix.evidence)
    from pipeline.names_stage import misread_preposition
    assert misread_preposition("ло") is None and misread_preposition("йз") == "из"


@pytest.mark.parametrize("text", [
    "В ходе беседы тов. ДУН БИ-\nУ заявил, что вопрос будет решен.",
    "Переговоры с ФУ ЦЗО-\nИ продолжались до вечера.",
])
def test_a_name_in_capitals_broken_at_its_hyphen_before_one_letter_is_left(text):
    """ДУН БИ- / У: the one capital on the next line is the name's last part, no preposition У;
    the name is written right (not ДУН БИУ- / У)."""
    assert not [c for c in run(text).candidates if c.kind == "name"]


def test_one_dative_makes_a_distribution_list_dative():
    """Разослано: Хрущеву, Микоян, Суслов:, Громыко — the list's one dative written right
    outweighs the nominative and the mark: Суслов: lost its у; Хрущеву is left."""
    doc = run("Разослано: т.т. Хрущеву, Микоян, Суслов:, Громыко.")
    assert best(doc, "Суслов:").replacement == "Суслову"
    assert not [c for c in doc.candidates if c.original == "Хрущеву"]


def test_a_correct_name_opening_a_sentence_before_its_verb_is_offered_in_the_nominative():
    """ПЭН ДЭ-ХУАЯ считает: the subject of a verb in the singular at the sentence's start (after
    up to two adverbs) is in the nominative; offered for review.  A dative before an impersonal
    or neuter verb, an object before a verb whose subject may follow it, and a name after an
    abbreviation's stop are left alone."""
    c = best(run("Ответ получен. ПЭН ДЭ-ХУАЯ считает наиболее опасным устье реки."), "ПЭН ДЭ-ХУАЯ")
    assert c.replacement == "ПЭН ДЭ-ХУАЙ" and c.features.get("real_case")
    assert best(run("подчинены им.\n2. Одновременно ПЭН ДЭ-ХУАЯ направит из Синина полк."),
                "ПЭН ДЭ-ХУАЯ").replacement == "ПЭН ДЭ-ХУАЙ"
    assert not run("Ответ получен. КИМ ИР СЕНУ было сообщено об этом.").candidates
    assert not run("по поручению тов. Мао Цзэ-дуна хотел бы сообщить.").candidates
    assert not run("Ответ получен. ЧЖОУ ЭНЬ-ЛАЙ считает так.").candidates
    assert not run("Ответ получен. МАО ЦЗЭ-ДУНА беспокоит положение на фронте.").candidates


def test_a_plural_title_inside_an_organisations_name_is_no_title_of_the_name_after_it():
    """Председателя Кабинета Министров Цой Чан Ик и Пак Чан Оки: Министров is a word of the
    cabinet's name, not a title the names agree with (its genitive plural made Оки → Ока); the
    list's nominative reads the glued и as the conjunction."""
    doc = run("в которую входили заместители\nПредседателя Кабинета Министров Цой Чан Ик и Пак Чан Оки\n"
              "несколько работников аппарата ЦК.\n")
    assert best(doc, "Пак Чан Оки").replacement == "Пак Чан Ок и"


def test_a_name_written_right_before_a_glued_conjunction_sets_the_lists_case():
    """Председателя Кабинета “икистрев Цой Чан Их и Пак Чан Оки: both names garbled and the
    title agreeing with Кабинета, the noun after it, not with the names; Пак Чан Ок written right
    before its glued и gives the list its nominative (not Пак Чан Ока)."""
    doc = run("в которую входили заместители\nПредседателя Кабинета “икистрев Цой Чан Их и Пак Чан Оки\n"
              "несколько работников аппарата ЦК.\n")
    assert best(doc, "Пак Чан Оки").replacement == "Пак Чан Ок и"
    assert best(doc, "Цой Чан Их").replacement == "Цой Чан Ик"


def test_a_place_after_v_with_no_verb_of_motion_leans_to_the_prepositional():
    """в Шанхаё: the ё of a text that writes none reads as е or й alike; after в with no verb of
    motion the prepositional is three times likelier (Шанхае), after a verb of motion the
    accusative (Шанхай)."""
    doc = run("Решено сформировать в Циндао дивизион, а в Шанхаё бригаду катеров.\n")
    assert best(doc, "Шанхаё").replacement == "Шанхае"
    doc = run("Делегация вылетела в Шанхаё вчера утром.\n")
    assert best(doc, "Шанхаё").replacement == "Шанхай"


def test_a_full_stop_glued_before_a_small_conjunction_is_its_lost_space():
    """Сеном.и членом: no sentence goes on in small letters, so the stop stands for the space
    before the conjunction, which stays."""
    doc = run("Председателем Кабинета Министров КНДР Ким Ир Сеном.и членом Президиума\n")
    assert best(doc, "Ким Ир Сеном.").replacement == "Ким Ир Сеном "


def test_a_full_stop_glued_between_name_words_joins_a_garbled_word_to_the_name():
    """Ким Ир.Сед: the stop stands for the space; the rare word after it (Сед) is a garbled name
    word, not another sentence."""
    assert best(run("Беседа прошла.\nКим Ир.Сед сообщил, что\n"), "Ким Ир.Сед").replacement == "Ким Ир Сен"


def test_a_verb_of_motion_a_few_words_before_v_asks_for_the_accusative():
    """перебросить две дивизии в Пхеньянг: the verb of motion two words back asks for the
    accusative (Пхеньян); with none the prepositional (находится в Пхеньянг → Пхеньяне); a
    sentence end stops the search (выехал. Мы были в Кэсони → Кэсоне)."""
    assert best(run("Прошу разрешения перебросить две дивизии в Пхеньянг.\n"), "Пхеньянг").replacement == "Пхеньян"
    assert best(run("Переброска войск в Пхеньянг закончена.\n"), "Пхеньянг").replacement == "Пхеньян"
    assert best(run("Делегация находится в Пхеньянг.\n"), "Пхеньянг").replacement == "Пхеньяне"


def test_a_common_noun_opening_the_sentence_is_the_subject_not_the_name_after_it():
    """Штаб ПЭН ДЭ-ХУА находится: the subject is Штаб; the name is no nominative there (its
    genitive is as near), so the fix goes to review."""
    doc = Document(id="t", text="ЧЖОУ ЭНЬ-ЛАЙ сообщил, что войска ПЭН ДЭ-ХУАЯ вышли к реке. "
                                "Штаб ПЭН ДЭ-ХУА находится в Аньдуне.")
    Pipeline().run(doc)
    assert [s.status for s in doc.suggestions if s.original == "ПЭН ДЭ-ХУА"] in ([], ["review"])


def test_a_capital_alone_before_a_word_is_a_piece_only_mid_sentence():
    """К тому же at a sentence start is the preposition; mid-sentence a capital alone is no
    preposition (it would be small) and no initial (no stop)."""
    assert not run("Ответ получен. К тому же армия отошла.\n").candidates


def test_a_fix_never_writes_again_the_word_before_it():
    """ЦЗЯНЬ-И А matched Е ЦЗЯНЬ-ИНА word for word, and the Е before it was written twice."""
    doc = run("который руководит работой в Гуандуне.\nПо словам Е ЦЗЯНЬ-И А, оружие для гоминдановцев\n")
    assert not [c for c in doc.candidates if c.replacement.startswith("Е Е")
                or doc.text[c.start - 2:c.start] == "Е " and c.replacement.startswith("Е ")]


def test_a_quotation_of_a_name_in_capitals_is_left_alone():
    """газета "НОДОН СИНМУН": a quotation mark another one closes on the line is punctuation; so
    is the closing mark of "дело ТОКУДЫ" though a hard sign (об"явила) stands before its quotation."""
    from pipeline.detect import unmatched_close
    text = 'Печать об"явила кампанию и связывает с ней так называемое "дело ТОКУДЫ":'
    assert not unmatched_close(text, text.rfind('"'))
    assert not [c for c in run(text + "\n").candidates if c.original.endswith('"')]
    assert not [c for c in run('Передовая газеты "НОДОН СИНМУН" пишет о выборах.\n').candidates if '"' in c.original]


def test_a_stop_before_an_abbreviated_word_is_no_lost_ending():
    """Студенты Ким Ир Сен. ун-та: the stop belongs to the abbreviation of the university's name,
    and в Хабаровск. крае to an abbreviated adjective before its noun; Письмо Сталин. передано: a
    stop before a word in small letters is the lost ending."""
    assert not run("Студенты Ким Ир Сен. ун-та приняли участие в митинге.\n").candidates
    assert not run("Лагеря военнопленных находились в Хабаровск. крае и в Приморье.\n").candidates
    assert best(run("Письмо Сталин. передано МАО ЦЗЭ-ДУНУ.\n"), "Сталин.").replacement == "Сталина"


def test_a_lone_hard_sign_after_a_correct_name_is_left_to_the_spelling_stages():
    """Советский Союз ъ сентябре: the ъ may be a misread в; only a close name takes it as a
    lost letter's space, and в Советский Союз (the accusative after a verb of motion) is right."""
    assert not run("на приезд для лечения в Советский Союз ъ сентябре.\n").candidates


def test_a_place_in_the_nominative_after_a_preposition_is_offered_in_its_case():
    """в Лхаса, из Корея: no preposition takes the nominative; Лхасе (where: no verb of motion),
    Кореи, for review. в Пекин is the accusative, a case в takes: left alone."""
    assert best(run("Правительство в Лхаса согласится на переговоры."), "Лхаса").replacement == "Лхасе"
    assert best(run("Делегация прибыла из Корея вчера."), "Корея").replacement == "Кореи"
    assert not run("Делегация вылетела в Пекин вчера.").candidates


def test_a_garbled_name_takes_the_e_spelling_the_document_writes():
    """МАО ЦЗЕ-ДУН elsewhere in the document: a garbled ЦЗ»-ДУНОМ becomes ЦЗЕ-ДУНОМ, not the
    gazetteer's ЦЗЭ; where the OCR itself shows э, э stays."""
    doc = run("МАО ЦЗЕ-ДУН сообщил, что согласен.\nМы говорили с МАО ЦЗ»-ДУНОМ вчера.")
    assert best(doc, "МАО ЦЗ»-ДУНОМ").replacement == "МАО ЦЗЕ-ДУНОМ"
    doc = run("МАО ЦЗЕ-ДУН сообщил, что согласен.\nМы говорили с МАО ЦЗЭ-ДУНРМ вчера.")
    assert best(doc, "МАО ЦЗЭ-ДУНРМ").replacement == "МАО ЦЗЭ-ДУНОМ"


def test_a_preposition_glued_to_a_name_is_no_stray_letter():
    """вКитае: the preposition lost its space; the letter is not dropped."""
    assert not [c for c in run("доложить обстановку вКитае и в Корее.").candidates if c.replacement == "Китае"]


def test_a_list_of_one_form_for_two_cases_and_the_preposition_before_a_verb():
    """передать ТОКУДЕ и НОСАКБ: Токуде is dative or prepositional, one form, so the list has a
    case. в Мукденк продолжается: к before a verb is no preposition that lost its space."""
    assert best(run("Следует через друзей передать ТОКУДЕ и НОСАКБ совет."), "НОСАКБ").replacement == "НОСАКЕ"
    doc = Document(id="t", text="Эвакуация раненых в Мукденк продолжается.\n",
                   translation="The evacuation of the wounded to Mukden continues.\n")
    Pipeline().run(doc)
    assert not [s for s in doc.suggestions if s.replacement == "Мукден к"]


@pytest.mark.parametrize("text", [
    "колхоз «Молот» в Приморском крае выполнил план.",     # a quotation's closing mark
    "Запись беседы. Иван: в Пекине все спокойно.",         # a common word before the mark
    "Министр ХАН АН прибыл вчера.",                         # Korean syllables, no lost letter
    "Полковник Ю ИН доложил обстановку.",
    "Кличка ЛИ 'Сын Ман' известна всем.",                   # an apostrophe that a second closes
    "Студенты учатся в Молотов. обл. и в Москве.",          # a stop before an abbreviation
    "Как сообщил СТАЛИН, МОЛОТОВУ и ВЫШИНСКОМУ поручено ответить.",  # no list, two roles
])
def test_review_findings_on_correct_text(text):
    """Correct texts a review wrote against this round's rules: no name candidate."""
    assert not [c for c in run(text).candidates if c.kind == "name"], [(c.original, c.replacement) for c in run(text).candidates]


def test_an_e_oborotnoe_for_the_gazetteers_e_is_a_misread_outside_chinese_syllables():
    """Пхэньяна: no text of the period writes Пхеньян with э (a typewriter's е for э is a
    spelling, ШЕНЬЯН; an э for е is a misread letter), so it is put right whether or not the
    document writes Пхеньян elsewhere; a Chinese name's syllables take either (НЭ ЖУН-ЧЖЭНЬ for
    Не Жун-чжэнь)."""
    c = best(run("Войска вошли в Пхеньян вчера.\nОборона Пхэньяна поручена 2 корпусу."), "Пхэньяна")
    assert c.replacement == "Пхеньяна"
    c = best(run("Войска вошли в Пхэньян вчера.\nОборона Пхэньяна поручена 2 корпусу."), "Пхэньян")
    assert c.replacement == "Пхеньян"
    assert not run("Прибыл НЭ ЖУН-ЧЖЭНЬ вчера. Бои у ШЕНЬЯНА продолжаются.").candidates


def test_a_name_the_document_writes_elsewhere_is_surer():
    """The same garble scores higher where the document writes the name correctly elsewhere."""
    alone = best(run("Поручение передано ШТЯКОВУ вчера."), "ШТЯКОВУ")
    seen = best(run("ШТЫКОВ доложил обстановку.\nПоручение передано ШТЯКОВУ вчера."), "ШТЯКОВУ")
    assert alone.replacement == seen.replacement == "ШТЫКОВУ"
    assert seen.score > alone.score
    assert any("elsewhere" in e for e in seen.evidence)


@pytest.mark.parametrize("text,word", [
    ("По словам Чжоу Энь-лая, делегация Красного Креста КНР посетила Японию.\n", "Красного"),
    ("Генеральный план восстановления Хамхына утвержден Кабинетом Министров.\n", "Генеральный"),
])
def test_everyday_words_are_no_name_two_letters_away(text, word):
    """Красного → Краснова, Генеральный план → Генеральный штаб: runs of everyday words a name
    more than a letter or so away are left alone (МИР for МНР is one letter)."""
    doc = run(text)
    assert not [c for c in doc.candidates if c.kind == "name" and c.start <= text.index(word) < c.end]


def test_a_mark_read_for_the_space_before_a_conjunction_keeps_the_conjunction():
    """в Бирму‘и рассчитывает: the name, then the conjunction и, not the name alone."""
    doc = run("Китай не намерен вводить свои войска в Бирму‘и рассчитывает на мир.\n")
    assert best(doc, "Бирму‘").replacement == "Бирму "


def test_no_prepositional_case_without_a_preposition():
    """поручили Ли Фу-чуно: the prepositional (Фу-чуне) only ever follows a preposition, and a
    verb stands before the name — the dative; after о the prepositional."""
    doc = run("Мао Цзэ-дун и Чжоу Энь-лай поручили Ли Фу-чуно возглавить делегацию.\n")
    assert best(doc, "Ли Фу-чуно").replacement == "Ли Фу-чуню"
    doc = run("Мао Цзэ-дун говорил о Ли Фу-чуно с большим уважением.\n")
    assert best(doc, "Ли Фу-чуно").replacement == "Ли Фу-чуне"
    assert required_case("сообщил, что ЦК поручил Ли", 26).no_preposition
    assert not required_case("в Пекине, Мукдене и Ли", 20).no_preposition  # a list: it may be further back


def test_an_everyday_word_that_begins_a_sentence_is_no_name():
    """Сам ЛЯО ЯО-СЯН взят в плен: Сам owes its capital to the sentence (not Сиам)."""
    text = "Армия была окружена западнее Мукдена. Сам ЛЯО ЯО-СЯН взят в плен.\n"
    doc = run(text)
    assert not [c for c in doc.candidates if c.original == "Сам"]


def test_an_everyday_word_is_no_name_in_a_case_the_context_rules_out():
    """Части Красной Армии: Краснов (nominative) is one letter from Красной, but after Части the
    context asks for the genitive, and Красной is an everyday word."""
    doc = run("Части Красной Армии освободили Харбин.\n")
    assert not [c for c in doc.candidates if c.original == "Красной"]


def test_an_extra_last_letter_that_is_no_conjunction():
    """A last letter no conjunction can be (a comma or a verb follows): a vowel is a garbled
    ending of the same name (Кэсони → Кэсоне), a consonant or a letter no form explains is
    dropped (ЛЮ ШАО-ЦИИ, прибыл в Мукденк), unless after в with no verb of motion, where the
    prepositional's ending is the likelier reading (в Мукденк продолжается)."""
    doc = run("По сообщению ЛЮ ШАО-ЦИИ, посол выехал. Мы были в Кэсони. Эшелон прибыл в Мукденк, раненых выгрузили.\n")
    assert best(doc, "ЛЮ ШАО-ЦИИ").replacement == "ЛЮ ШАО-ЦИ"
    assert best(doc, "Кэсони").replacement == "Кэсоне"
    assert best(doc, "Мукденк").replacement == "Мукден"
    assert best(run("Эвакуация раненых в Мукденк продолжается.\n"), "Мукденк").replacement == "Мукдене"
    doc = run("Ответ подписан Ким Ир Сени. Письмо одобрено Мао Цзэ-дуни.\n")  # Сена or Сеном: no case says
    assert not doc.candidates
    # a passive of handing over: the receiver, in the dative
    doc = run("Ответ передан Ким Ир Сени. Письмо передано Мао Цзэ-дуни.\n")
    assert best(doc, "Ким Ир Сени").replacement == "Ким Ир Сену"
    assert best(doc, "Мао Цзэ-дуни").replacement == "Мао Цзэ-дуну"


def test_a_hyphen_beside_junk_is_junk():
    """Харби:-е, Генз-.не: the hyphen and the mark beside it stand for lost letters; `- before a
    conjunction is the space before it (Пекин`-и); a one-letter part ь has lost its letter."""
    doc = run("Специалисты работают в Аньшане, Мукдене и\nХарби:-е. Гарнизоны стоят в Хамхыне, Генз-.не и Сейсине.\n")
    assert best(doc, "Харби:-е").replacement == "Харбине"
    assert best(doc, "Генз-.не").replacement == "Гензане"
    doc = run("Пленум обсудит итоги поездки в Пекин`-и трехлетний план.\n")
    assert best(doc, "Пекин`-").replacement == "Пекин "
    doc = run("В состав делегации входили Сун Цин-лин, Ли Ся-ь-нянь и Го Мо-жо.\n")
    assert best(doc, "Ли Ся-ь-нянь").replacement == "Ли Сянь-нянь"


def test_three_name_words_one_letter_from_a_name():
    """Ким Ир Гена: each word is a name word (Гена of ЦОЙ ЕН ГЕН), and Ким Ир a name of its own,
    but the three are one letter from Ким Ир Сена; two name words stay as written."""
    doc = run("Я обратил внимание Ким Ир Гена, Ким Чхэка и Кан Гона на подготовку.\n")
    assert best(doc, "Ким Ир Гена").replacement == "Ким Ир Сена"
    assert not [c for c in doc.candidates if c.original in ("Ким Чхэка", "Кан Гона")]


def test_a_surname_like_an_adjective_that_agrees_with_no_noun_after_it():
    """с маршалом Малыновским выполнение: -ским before a noun is an adjective only if it can
    agree with it (Онгжинском полуострове); before a garbled noun nothing is decided."""
    doc = run("Пэн Дэ-хуай обсуждал с маршалом Малыновским выполнение соглашения.\n")
    assert best(doc, "Малыновским").replacement == "Малиновским"
    doc = run("Бои шли на Онгжинском полуострове.\n")
    assert not doc.candidates
    doc = run("Командование Харбинским и Мукденским гарнизонами доложило.\n")  # two adjectives, one noun
    assert not [c for c in doc.candidates if c.original == "Мукденским"]


def test_a_name_word_split_by_a_space():
    """Мук цене, КАГАН ВИЧУ: two pieces, neither a name word, one word split where the OCR put a
    space (and lost a letter); two name words of their own stay apart (Ким Чхэк)."""
    doc = run("Митинги прошли в Шанхае, Ухане, Мук цене и Харбине.\n")
    assert best(doc, "Мук цене").replacement == "Мукдене"
    doc = run("Разослано: т.т. ВОРОШИЛОВУ, КАГАН ВИЧУ, МИКОЯНУ.\n")
    assert best(doc, "КАГАН ВИЧУ").replacement == "КАГАНОВИЧУ"
    doc = run("На совещании были Ким Чхэк и Кан Гон.\n")
    assert not doc.candidates


def test_a_word_in_capitals_with_its_first_letter_small():
    """ЛИ зУ-ЧУНЬ: the OCR read the capital's size wrong; the word joins the name and the fix is
    in capitals. A one-letter word glued to capitals is no such word (вКНДР)."""
    doc = run("Я передал приветствие ЦК КПСС, а ЛИ зУ-ЧУНЬ в своем выступлении благодарил.\n")
    assert best(doc, "ЛИ зУ-ЧУНЬ").replacement == "ЛИ ФУ-ЧУНЬ"
    from pipeline.names_stage import _capitalised
    assert _capitalised("зУ-ЧУНЬ") and not _capitalised("вКНДР")


def test_a_low_quote_inside_a_word_is_junk():
    """КН„Р, КА‚АНОВИЧУ: a quotation opens before a word, never inside one; the mark between two
    letters stands for a letter rather than for nothing (КНДР, not КНР)."""
    doc = run("Правительство КН„Р заявило протест.\nРазослано: т.т. ВОРОШИЛОВУ, КА‚АНОВИЧУ.\n")
    assert best(doc, "КН„Р").replacement == "КНДР"
    assert best(doc, "КА‚АНОВИЧУ").replacement == "КАГАНОВИЧУ"
    doc = run("Он сказал: „Китай поддержит Корею“.\n")
    assert not doc.candidates


def test_a_junk_ending_after_a_capital_of_the_sentence():
    """Просьбы Ким Ир Сен‹ о горючем: the run starts with the sentence's capitalised word; the name
    after it takes its case (the genitive after Просьбы) and the mark is its lost ending."""
    doc = run("Мое мнение. Просьбы Ким Ир Сен‹ о горючем обоснованны.\n")
    assert best(doc, "Ким Ир Сен‹").replacement == "Ким Ир Сена"


def test_a_stop_glued_before_the_second_word_of_a_name():
    """Пак .Хен Ена, Чан .Кай-ши: a stop before a word of the same name (two or three words) is a
    speck, not a sentence's end; the fix drops it."""
    doc = run("Вчера Пак .Хен Ена принял посла. Встретил Чан .Кай-ши.\n")
    assert best(doc, "Пак .Хен Ена").replacement == "Пак Хен Ена"
    assert best(doc, "Чан .Кай-ши").replacement == "Чан Кай-ши"


def test_guesses_between_names_go_to_review():
    """Ким Вон Бом (a name the gazetteer lacks, one letter from Ким Вон Бон) and КН„Р (КНДР or
    КНР: the mark a letter or a speck) are offered to a person, not applied."""
    from pipeline.model import Document as Doc
    for text in ("Ким Вон Бом руководит отделом кадров.\n", "Правительство КН„Р признало Вьетнам.\n"):
        d = Doc(id="t", text=text, tokens=tokenize(text))
        Pipeline().run(d)
        names = [s for s in d.suggestions if s.kind == "name"]
        assert names and all(s.status == "review" for s in names), text


def test_a_name_agrees_with_the_adjective_before_it():
    """Северо-\nВосточного Китач: the adjective before the name is in the genitive (not the
    animate accusative), so the name is Китая, not the nominative Китай."""
    from pipeline.names_stage import required_case
    text = "Из Дальнего и побережья Северо-\nВосточного Китач вывезено оборудование.\n"
    case = required_case(text, text.index("Китач"))
    assert case.cases == frozenset({"gent"}), case
    assert best(run(text), "Китач").replacement == "Китая"


def test_capitals_before_a_full_stop_one_letter_from_an_abbreviation():
    """СЩА. at a sentence's end is США misread, not an abbreviation like ОСОБ."""
    doc = run("Мао особенно беспокоится о вмешательстве Англии и СЩА.\nОСОБ. ВАЖНО.\n")
    assert best(doc, "СЩА").replacement == "США"
    assert not [c for c in doc.candidates if c.original == "ОСОБ"]


@pytest.mark.parametrize("text, word", [
    ("Сообщил командующий ТАО ЧЖИ-ЮЭ, что войска сдались.\n", "ТАО"),  # not ТАСС
    ("Командир полка КИМ ИК РЕЛЬ договорился о перемирии.\n", "КИМ ИК"),  # not КИМ ИР
    ("Он договорился с КИМ ДАЛ САМОМ о перемирии.\n", "САМОМ"),  # not СИАМОМ
    ("Он договорился с КИМ ИК РЕЛЕМ о встрече.\n", "РЕЛЕМ"),  # not КРЕМЛЕМ
    ("Встреча с ЮН ХА ЕНОМ прошла спокойно.\n", "ЕНОМ"),  # not ИДЕНОМ
])
def test_a_word_of_a_name_the_gazetteer_lacks_is_left(text, word):
    """Words beside it that read as Chinese or Korean name syllables make the word part of a
    name the gazetteer lacks: no gazetteer name is offered for it."""
    doc = run(text)
    assert not [c for c in doc.candidates if word in c.original], \
        [(c.original, c.replacement) for c in doc.candidates]


@pytest.mark.parametrize("text, garbled, right", [
    ("Прибыли КИМ ИР СЕН ПАК ХЕН КН и другие.\n", "ПАК ХЕН КН", "ПАК ХЕН ЕН"),
    ("Он сообщил, что в Кэсоке Ли Кэ-нун и Нам Ир готовят справку.\n", "Кэсоке", "Кэсоне"),
    ("Вместе с Чжоу Энь-лаем.\nДапее Чжоу Энь-пай коснулся переговоров.\n", "Чжоу Энь-пай", "Чжоу Энь-лай"),
])
def test_a_garbled_name_beside_another_name_is_still_fixed(text, garbled, right):
    """A whole name beside the garbled one, or a capitalised word at a sentence's start, is no
    word of the same name."""
    assert best(run(text), garbled).replacement == right


def test_name_syllables():
    from pipeline.translit import name_syllables_word
    assert all(name_syllables_word(w) for w in ("ЧЖИ-ЮЭ", "ДАЛ", "РЕЛЕМ", "Эньлай", "СЕНОМ"))
    assert not any(name_syllables_word(w) for w in ("ЦВР-ДВН", "Лепаж", "Москва", "ПРИБЫЛ", "КПК"))


def test_a_span_written_alike_three_times_is_a_name_of_its_own():
    """ТАО three times, and ТАСС nowhere: the document's own name, not ТАСС misread thrice;
    once, it may be a misreading and is offered."""
    once = "Генерал ТАО сообщил о сдаче гарнизона.\n"
    thrice = once + "Вчера ТАО выехал в Дихуа.\nСегодня ТАО вернулся.\n"
    assert [c for c in run(once).candidates if c.original == "ТАО"]
    assert not [c for c in run(thrice).candidates if c.original == "ТАО"]


@pytest.mark.parametrize("text,original,fix", [
    ("Он сказал, что Нам 'Ир и Пак Ден Ай выедут завтра.", "Нам 'Ир", "Нам Ир"),
    ("Вопрос обсуждался в ЦК,ТПК на пленуме.", "ЦК,ТПК", "ЦК ТПК"),
    ("Это решение Трудовой партии. Кореи было принято.", "Трудовой партии. Кореи", "Трудовой партии Кореи"),
    ("Переговоры с Ким Ир\n.Сеном прошли успешно.", "Ким Ир\n.Сеном", "Ким Ир\nСеном"),
    ("Вне очереди\nЦК «КПСС\nТоварищам МАЛЕНКОВУ", "ЦК «КПСС", "ЦК КПСС"),
])
def test_a_speck_read_as_a_mark_between_the_words_of_a_name_is_dropped(text, original, fix):
    """The words around the mark, without it, are the gazetteer's form exactly: the mark was a speck."""
    c = best(run(text), original)
    assert c.replacement == fix and any("stray mark" in e for e in c.evidence)


@pytest.mark.parametrize("text", [
    "Статья в газете «Правда» вышла вчера.",          # a quotation, closed on its line
    "Он сказал: 'Ким Ир Сен' прибыл в Пекин.",
    "Делегации КНР, КНДР и МНР прибыли в Москву.",    # a list: no name of two of its words
    "Он прибыл в Корею. Корея встретила его тепло.",  # a sentence ends between two names
    "Вышел орган «Трудовой партии» Кореи.",          # a quotation's closing mark
    "Решение ЦК, КПСС и Совета министров.",          # punctuation after an abbreviation
])
def test_marks_between_words_that_make_no_name_or_quote_one_stay(text):
    assert not [c for c in run(text).candidates if "stray mark" in " ".join(c.evidence)]


@pytest.mark.parametrize("text,original,fix", [
    ("Докладывали Л, Шао-ци и Чжоу Энь-лай.", "Л, Шао-ци", "Лю Шао-ци"),
    ("Сообщение МИД „ССР получено.", "МИД „ССР", "МИД СССР"),
    ("Товарищ БА. ЧУН-СИ прибыл.", "БА. ЧУН-СИ", "БАЙ ЧУН-СИ"),      # the letter in its word's capitals
    ("Товарищ ЧАЙ »ЭН-ВЭНЮ передано.", "ЧАЙ »ЭН-ВЭНЮ", "ЧАЙ ЧЭН-ВЭНЮ"),
])
def test_a_mark_glued_to_a_word_of_a_name_may_be_its_letter(text, original, fix):
    c = best(run(text), original)
    mark = next(ch for ch in original if not (ch.isalpha() or ch in " -"))
    assert c.replacement == fix and any("read for the letter" in e or f"{mark}→" in e for e in c.evidence)


def test_punctuation_after_a_whole_name_is_no_speck():
    """Носака, Сандзо: a comma with its space after Носака, itself a name, is punctuation as typed
    (a list of people), though Носака Сандзо is a name; without its space it is a speck."""
    assert not [c for c in run("Выступили Носака, Сандзо и другие.").candidates
                if "mark" in " ".join(c.evidence)]
    assert best(run("Выступили Носака,Сандзо и другие."), "Носака,Сандзо").replacement == "Носака Сандзо"


@pytest.mark.parametrize("text,original,fix", [
    ("Решение К КПК было принято вчера.", "К КПК", "ЦК КПК"),
    ("Он сказал, что ак Чан Оку поручено это дело.", "ак Чан Оку", "Пак Чан Оку"),
])
def test_a_name_whose_first_letter_was_lost(text, original, fix):
    c = best(run(text), original)
    assert c.replacement == fix and any("first letter lost" in e for e in c.evidence)


@pytest.mark.parametrize("text", [
    "Выступил Е Ун Хен.",                 # a name as written (no Ле Ун Хен)
    "Мы видели: Е Ун Хен был там.",
    "Обратились к КПК с просьбой о помощи.",
    "К КПК обратились с просьбой о помощи.",
    "ПЕРЕДАНО К ТПК ДЛЯ СВЕДЕНИЯ.",
])
def test_a_preposition_or_a_whole_name_is_no_lost_letter(text):
    assert not [c for c in run(text).candidates if "first letter lost" in " ".join(c.evidence)]


@pytest.mark.parametrize("text,original,fix", [
    ("Он сказал также, что Нам Ир.и Цой Ен Ген предлагают вывести его.", "Нам Ир.", "Нам Ир "),
    ("В нее войдут Нам Ир'к Пак Ден Ай.", "Нам Ир'", "Нам Ир "),
    # a case the context seems to want (вернулся … в: Москву) does not make the glued и an ending
    ("Он вернулся после бесед в Москве`и’ встречи с Гао Ганом.", "Москве`", "Москве "),
    ("Вместе с Ким Ир Сен.и Пак Хен Еном.", "Ким Ир Сен.", "Ким Ир Сен "),
])
def test_a_mark_gluing_a_small_word_to_a_right_name_is_read_for_the_space(text, original, fix):
    """The name before the mark is written exactly: the mark goes, the name and the word after
    it stay (not Нам Иром и, Москву, nor a name of the last word and the letter: Сен.и → Чэнь И)."""
    doc = run(text)
    c = best(doc, original)
    assert c.replacement == fix and any("read for the space" in e for e in c.evidence)
    assert len([x for x in doc.candidates if x.kind == "name"]) == 1


def test_a_garbled_name_before_a_glued_small_word_is_still_fixed():
    """Сон is no Сен: the name before the mark is not written right, so it is matched as before."""
    doc = run("Вместе с Ким Ир Сон.и Пак Хен Еном.")
    assert best(doc, "Ким Ир Сон.и").replacement == "Ким Ир Сеном и"


@pytest.mark.parametrize("text,original,fix", [
    ("СОВЕРШЕННО СЕКРЕТНО\nцк КПСС\n", "цк КПСС", "ЦК КПСС"),
    ("Направляю в цк КПК письмо.", "цк КПК", "ЦК КПК"),
    ("мид СССР сообщил.", "мид СССР", "МИД СССР"),
])
def test_an_abbreviation_read_in_small_letters_before_a_name(text, original, fix):
    c = best(run(text), original)
    assert c.replacement == fix and any("small letters" in e for e in c.evidence)


def test_a_small_word_before_capitals_that_makes_no_name_stays():
    assert not [c for c in run("и КНДР тоже.\nвот СССР и КНР.").candidates if "small letters" in " ".join(c.evidence)]


def test_a_list_name_in_another_case_than_names_of_three_cases():
    """Швеции and Швейцарии may be genitive, dative or prepositional, Польши only genitive: the
    list is genitive, and Чехословакию (accusative) is offered in it, for review."""
    doc = run("Комиссия в составе представителей Швеции, Швейцарии, Польши и Чехословакию начала работу.")
    c = best(doc, "Чехословакию")
    assert c.replacement == "Чехословакии" and c.features.get("real_case")
    # a list whose names agree on no one case says nothing
    assert not [x for x in run("Направить правительствам Англии, Франции и Индия ноту.").candidates
                if x.original == "Индия"]


@pytest.mark.parametrize("text,original,fix", [
    ("По словам Ким Ир Сене, министр обороны уехал.", "Ким Ир Сене", "Ким Ир Сена"),
    ('Чтобы изучить раз"яснения Пекине, нужно время.', "Пекине", "Пекина"),
])
def test_a_prepositional_after_a_noun_without_preposition(text, original, fix):
    c = best(run(text), original)
    assert c.replacement == fix and c.features.get("real_case")


@pytest.mark.parametrize("text", [
    "Ведет уличные бои непосредственно в городе Сеуле.",   # an apposition in the noun's case
    "Мы были в Москве, Пекине и Харбине.",                  # a list after its preposition
    "Обменяться офицерами связи р Кэсоне.",                  # a garbled preposition
    "У которого Бэйпине осталось до 250.000 человек.",      # a lost one: no noun before
    "Войскам в Тибете и\nСиньцзяне до подготовки.",
])
def test_a_prepositional_where_a_preposition_may_govern_it_stays(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


@pytest.mark.parametrize("text,original,fix", [
    ("Он сказал также, что Нам Ир и зой Ен Ген предлагают вывести их.", "зой Ен Ген", "Цой Ен Ген"),
    ("Он сказал, что Ким зу Бон поддерживает их.", "Ким зу Бон", "Ким Ду Бон"),
    ("Вывести гой Чан Ика из ЦК.", "гой Чан Ика", "Цой Чан Ика"),
    ("Я сказал пах Чан Оку, что это не так.", "пах Чан Оку", "Пак Чан Оку"),
    # no pronoun is capitalised mid-sentence; Я is a name's part only before its hyphen (Лю Я-лоу)
    ("Беседа с Чэнь Я прошла хорошо.", "Чэнь Я", "Чэнь И"),
])
def test_a_short_syllable_of_a_name_misread_by_one_letter(text, original, fix):
    c = best(run(text), original)
    assert c.replacement == fix and any("misread by one letter" in e for e in c.evidence)


@pytest.mark.parametrize("text", [
    "Мы говорили о Корее и Чжоу Эн-лая с ним.",   # prepositions beside names are no syllables
    "Беседа с Чэнь. Я прошла дальше.",              # a sentence's first word
    "ВСТРЕТИЛИ КИМ ИР СЕНА И ПАК ХЕН ЕНА.",        # the conjunction in a line of capitals
    "Я видел КИМ ИР СЕНА и его ЦК.",
])
def test_short_words_beside_right_names_stay(text):
    assert not [c for c in run(text).candidates if "misread by one letter" in " ".join(c.evidence)]


@pytest.mark.parametrize("text,original,fix", [
    ("Он высказал недовольство тем, что\nв Мосхве‘не были решены вопросы.", "Мосхве‘не", "Москве не"),
    ("После возвращения из Мосхвы‘он вместе с Ким Чхэком побывал в частях.", "Мосхвы‘он", "Москвы он"),
])
def test_a_short_word_glued_to_a_garbled_name_by_a_mark_stays(text, original, fix):
    """The mark stands for the space before a word of running text (не, он): the name is put
    right and the word kept, not dropped with the mark."""
    assert best(run(text), original).replacement == fix


def test_letters_after_a_mark_that_are_the_name_s_own_ending_are_kept_in_it():
    """Кор‘ее: Корее is all its letters; ее is no pronoun glued to it."""
    assert best(run("Он говорил о положении в Кор‘ее и Китае."), "Кор‘ее").replacement == "Корее"


@pytest.mark.parametrize("text,original,fix", [
    ("Нам Ир сообщил, что правительство КНД? готовит заявление.", "КНД?", "КНДР"),
    ("Пак Хен Ен сказал, что правительство КНД: считает их своими гражданами.", "КНД:", "КНДР"),
    ("Посол СССР в КНД- Т. ШТЫКОВ", "КНД-", "КНДР"),
])
def test_a_mark_where_no_punctuation_stands_is_an_abbreviation_s_last_letter(text, original, fix):
    c = best(run(text), original)
    assert c.replacement == fix and any("last letter" in e for e in c.evidence)


@pytest.mark.parametrize("text", [
    "Что делают КНД? Они воюют.",            # a question
    "Части КНД: 1-я армия и 2-я армия.",      # a colon before a list
    "Делегация СССР: министр и посол.",       # no abbreviation one letter longer
])
def test_punctuation_after_an_abbreviation_stays(text):
    assert not [c for c in run(text).candidates if "last letter" in " ".join(c.evidence)]


@pytest.mark.parametrize("text,original,fix", [
    ("Войска отводятся, в том числе из-под Сайгон.", "Сайгон", "Сайгона"),
    ("Войска отводятся из Сайгон и Ханоя.", "Сайгон", "Сайгона"),
])
def test_a_bare_place_name_after_a_preposition_that_rules_it_out_lost_its_ending(text, original, fix):
    c = best(run(text), original)
    assert c.replacement == fix and c.features.get("real_case")


@pytest.mark.parametrize("text", [
    "Войска стоят в Тибете и Синьцзяне.",   # another case's ending: not the bare name
    "Он выехал в Сайгон вчера.",            # the accusative after в
])
def test_a_place_name_in_a_case_its_preposition_takes_or_with_an_ending_stays(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


def test_a_question_mark_before_small_letters_is_a_lost_ending():
    """Переговоры МАЛИК? с МАЦУМОТО: no question goes on in small letters; the genitive the noun
    asks for is the name and one letter more."""
    assert best(run("Переговоры МАЛИК? с МАЦУМОТО в Лондоне прерваны."), "МАЛИК?").replacement == "МАЛИКА"


@pytest.mark.parametrize("text", [
    "Това ‘ищу МОЛОТОВУ\n",                                                   # Товарищу
    "Заседание правления Китайск й Чанчуньской железной дороги.",             # Китайской
])
def test_the_first_piece_of_a_word_cut_by_a_mark_is_no_name(text):
    assert not [c for c in run(text).candidates if c.kind == "name" and c.original in ("Това", "Китайск")]


def test_a_name_before_a_short_word_is_no_piece_of_one():
    """Ким [р Сену я посоветовал: Сену is a name's word, я a word of its own."""
    assert best(run("Ким [р Сену я посоветовал не торопиться.\n"), "Ким [р Сену").replacement == "Ким Ир Сену"


def test_a_nominative_after_a_noun_that_takes_no_apposition():
    """восстановление Корея своим делом: no apposition, no subject — the genitive, for review."""
    c = best(run("Китайский народ считает восстановление Корея своим собственным делом."), "Корея")
    assert c.replacement == "Кореи" and c.features.get("real_case")


@pytest.mark.parametrize("text", [
    "Войска вошли в город Пхеньян вчера.",           # an apposition
    "В ответ на предложение Корея заявила протест.",  # a subject: a verb follows
])
def test_a_nominative_in_apposition_or_as_subject_stays(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


@pytest.mark.parametrize("text", [
    "Как сообщили нам из Пекина, войска отошли.",     # нам, из: everyday words in small letters
    "Есть ли там войска.",
    "Верно ли то, что он приехал?",
    "Статья «ВОЙНА В КОРЕЕ» опубликована.",          # a declined word in capitals, no abbreviation
    "ПОЛОЖЕНИЕ В КИТАЕ; ПОЛОЖЕНИЕ В КОРЕЕ.",
    "ПОЛОЖЕНИЕ В КОРЕЕ: противник отступает.",
    "Он прибыл в Мукден (Шэньян)и в Харбин.",        # a closing bracket or quote stays
    "Газета «Жэньминь жибао»и другие газеты.",
    "Тем временем Корея и США вели переговоры.",     # a subject after a noun used as an adverb
])
def test_everyday_text_around_names_is_left(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


def test_an_abbreviation_s_mark_read_as_its_last_letter_goes_to_review():
    """КНД is itself a name as written (the Chinese volunteers): КНДР is offered for review."""
    c = best(run("Части КНД: пехотные дивизии наступают."), "КНД:")
    assert c.replacement == "КНДР" and c.features.get("as_written")


@pytest.mark.parametrize("text", [
    "Северо-Западе. С'Ван Чжэнем он просил меня встретиться.",   # a preposition glued by a mark
    "ШИФРТЕЛЕГРАММА № 512\nИз`ПХЕНЬЯНА. Отправлено 16 мая.",
    "у побережья Камчатки и'Курильских островов, что вызвало",   # a conjunction glued by a mark
    "недооценивает готовность Макартура ь Иосиды применить силу.",  # ь: a misread word, not a lost letter
    "о деле Гао Гана и Жао Шу ши. По их словам.",               # a hyphen read for a space
    "ШИФРТЕЛЕГРАММА № 466\nИз* ПХЕНЬЯНА. Отправлено 26 августа.",  # a preposition and a speck before it
    "Задержать противника на рубеже Кэсон’`- 38 параллель силами.",  # no lost ending before a dash
    "Аэродром дивизий самолетов летчиков\nАньдун’ 2 .86 104\nМукден 1 40 52\n",  # nor before a number
    "правительство бежало в\nКантон’ (Гуанчжоу).",  # бежать: motion, the accusative is Кантон
    "Присутствовали Т.`Ковалев И.В. и член делегации КПК Ван Цзя-сян.",  # a title's abbreviation
    "Против Чипхенни, где обороняется америк. нский полк.",      # a word cut by a mark: американский
    # a name the gazetteer lacks, declined by the writer: no misreading of another name
    "от ЮЙ ГУАН-\nШЭНА. ГАО ГАН потребовал от ЮЙ ГУАН-ШЭН ускорить перегрузку.",
])
def test_names_written_right_beside_marks_or_declined_are_left(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


def test_a_soft_sign_after_a_broken_name_is_still_its_letter():
    """Фу-чу ь: no word begins with ь, and Фу-чу is no name as written: the space is a lost letter."""
    assert best(run("Пленум вывел из состава ЦК Ли Фу-чу ь и других."), "Ли Фу-чу ь").replacement == "Ли Фу-чунь"


def test_a_hyphen_gluing_a_small_word_to_a_right_name_is_read_for_the_space():
    c = best(run("самолет сбросил бомбы на окраину Кэсона-в 300 метрах от дома."), "Кэсона-")
    assert c.replacement == "Кэсона " and any("read for the space" in e for e in c.evidence)


@pytest.mark.parametrize("text,original,fix", [
    ("Вместе с Гао Ганом и хи Фу-чунем мы обсудили план.", "хи Фу-чунем", "Ли Фу-чунем"),
    ("Командующий Пэн Дэ-хуай и би Кэ-нун прибыли в Кэсон.", "би Кэ-нун", "Ли Кэ-нун"),
    ("Сегодня эн Дэ-хуай сообщил, что войска отошли.", "эн Дэ-хуай", "Пэн Дэ-хуай"),
])
def test_a_name_s_first_syllable_misread_small_is_read_with_the_name(text, original, fix):
    """The window of the name's other words alone (Фу-чунем → Ли Фу-чунем, хи kept) gives way."""
    doc = run(text)
    assert best(doc, original).replacement == fix
    assert not [c for c in doc.candidates if c.kind == "name" and c.original != original]


@pytest.mark.parametrize("text,original,fix", [
    # the list's name written right says its case, over a weak one of the words before (a
    # broken Пред::едателя is no noun to govern it)
    ("и заместители\nПред::едателя Кабинета М-нистров Цой Чан Ик и Пак Чан Оки\nнескольхо работников",
     "Пак Чан Оки", "Пак Чан Ок и"),
    # the run's name is its last words after a capitalised word of running text
    ("Представители Ким Ир Сена и Пэн Дэ-хуаи встречались с Тимайей дважды.", "Пэн Дэ-хуаи", "Пэн Дэ-хуая"),
])
def test_a_list_takes_the_case_of_its_name_written_right(text, original, fix):
    assert best(run(text), original).replacement == fix


def test_two_names_a_comma_apart_are_no_list():
    """По мнению Мао Цзэ-дуна, Даллес угрожал: the comma closes a parenthesis, Даллес is the subject."""
    doc = run("По мнению Мао Цзэ-дуна, Даилес в заявлении 4 сентября угрожал применить силу.")
    assert best(doc, "Даилес").replacement == "Даллес"


@pytest.mark.parametrize("text", [
    "Он предложил направить студентов в Ленинград к Свердловск. Кроме того.",  # к: a misread и
    "сказал, что ЦК КПК по предаохени;. Мао Цзэ-дуна решил сократить число приговоров.",  # no sentence end
    "Тв. Микоян. сообщил, что проект соглашения готов.",            # an abbreviation governs no genitive
    "1. Ва Онджинском полуостро-е стоит 17 полк.",                   # the adjective of Онджин
    "Сег:дня Ялта подве,гся сильной бомбардировке.",                 # a word a mark broke governs nothing
    "Сег.дня Монголия подвергск сильной бомбардировке.",
    "Переговоры с то. АСИДОЙ продолжал:сь до вечера.",                # тов. misread; a verb a mark broke
    "Переговоры с тв. ЯН ЮНОМ продолжал’сь до вечера.",
])
def test_a_name_written_right_in_a_doubtful_context_is_left(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


@pytest.mark.parametrize("text", [
    "Делегация ппибыла в Лондон' вчера вечером.",       # a motion verb one letter off: the accusative
    "Противник отошел из рай'на Камбоджи` на юг.",      # рай'на is района, no preposition на
    "Как сообщил мне т;в. ГОТВАЛЬД:, переговоры прошли успешно.",  # т;в. is тов., no preposition в
    "На это ответпл Ленин', что вопрос еще не решен.",  # a verb one letter off, no noun asking for
    "Мне сообщип Раск` о решении правительства.",       # the genitive
    "На это отвегил ВАСИЛЬЕВ`, что вопрос еще не решен.",
    "Главный военный советник гекезал ВАСИЛЬЕВ. согласен с оценкой.",  # a word not read
])
def test_a_word_read_through_its_garble_leaves_a_correct_name(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


def test_a_broken_word_read_as_none_hides_no_preposition_before_it():
    """о за:ятик Нанхина: the broken word governs nothing, and the о before it governs it not."""
    assert best(run("Янцзы и о за:ятик Нанхина."), "Нанхина").replacement == "Нанкина"


def test_a_garbled_verb_of_motion_still_asks_for_the_accusative():
    fix = best(run("Делегация прибла в Пекнн вчера вечером."), "Пекнн")
    assert fix.replacement == "Пекин" and any("accusative after 'прибла в'" in e for e in fix.evidence)


@pytest.mark.parametrize("text", [
    "Делегация прибыл: в Калган: вчера вечером.",   # a mark glued to a verb of motion is a speck
    "Делегация прибыла. в Гонконг` вчера вечером.",  # a stop before a small в ends no sentence
])
def test_a_speck_after_a_verb_of_motion_keeps_the_accusative(text):
    assert not [c for c in run(text).candidates if c.kind == "name"]


def test_without_motion_the_speck_is_still_read_as_an_ending():
    assert best(run("Мы были в Гонконг` вчера вечером."), "Гонконг`").replacement == "Гонконге"


@pytest.mark.parametrize("text, garbled, right", [
    ("Копия: товарищу МИК ЯНУ", "МИК ЯНУ", "МИКОЯНУ"),               # two short pieces in capitals
    ("Разослано: т.т. СТАЛИНУ, МОЛ ТОВУ, МАЛЕНКОВУ, БЕРИЯ.", "МОЛ ТОВУ", "МОЛОТОВУ"),
    ("восстановить станцию на Ялуц яне, которая снабжает", "Ялуц яне", "Ялуцзяне"),  # a small piece
    ("Копия: товарищу ВАСИЛЕВСК МУ", "ВАСИЛЕВСК МУ", "ВАСИЛЕВСКОМУ"),  # that is a word (яне); a short
    ("Копия: товарищу ФИЛИППО ВУ", "ФИЛИППО ВУ", "ФИЛИППОВУ"),          # piece that is a syllable (МУ);
    ("Разослано: т.т. СТАЛИНУ, КАГАНОВИ ЧУ, БЕРИЯ.", "КАГАНОВИ ЧУ", "КАГАНОВИЧУ"),  # a space only
])
def test_a_space_for_a_lost_letter_joins_the_pieces_of_a_name(text, garbled, right):
    assert best(run(text), garbled).replacement == right


def test_pieces_glued_with_no_letter_between_must_read_a_name_nearly_as_written():
    """СН НМАНОМ (of Ли Сын Маном) glued is two letters from Синмаком: no place fix."""
    assert not [c for c in run("который вел переговоры с Ди СН НМАНОМ и 8 августа парафировал").candidates
                if c.replacement.upper() == "СИНМАКОМ"]


def test_a_garbled_noun_read_one_letter_off_still_asks_for_the_genitive():
    fix = best(run("По просьбе прелставителя КИМ ИР СЕНГ вопрос решен."), "КИМ ИР СЕНГ")
    assert fix.replacement == "КИМ ИР СЕНА" and any("genitive after the noun" in e for e in fix.evidence)


def test_a_capital_and_a_stop_before_the_rest_of_a_name_are_no_initial():
    """М. ЛОТОВУ: М + one letter + ЛОТОВУ is МОЛОТОВУ, and ЛОТОВУ no name alone; В. М. МОЛОТОВУ
    keeps its initials."""
    assert best(run("Разослано: т.т. СТАЛИНУ, М. ЛОТОВУ, БЕРИЯ."), "М. ЛОТОВУ").replacement == "МОЛОТОВУ"
    assert not [c for c in run("Разослано: т.т. СТАЛИНУ, В. М. МОЛОТОВУ, БЕРИЯ.").candidates if c.kind == "name"]


def test_a_noun_that_only_begins_like_порт_asks_for_the_genitive():
    """портретов begins like порт (after which a name stays nominative) but is another noun."""
    fix = best(run("и весь день у портретов СТАЛИНЬ на улицах стояли люди"), "СТАЛИНЬ")
    assert fix.replacement == "СТАЛИНА" and any("genitive after the noun 'портретов'" in e for e in fix.evidence)


def test_a_verb_that_begins_like_приказ_asks_for_no_genitive():
    assert not [c for c in run("Командующий приказал ПЭН ДЭ-ХУАЮ наступать.").candidates if c.kind == "name"]


@pytest.mark.parametrize("text, garbled, right", [
    ("Разослано: т.т. СТАЛИНУ, ЛЭБЕДЕВ7, МАЛЕНКОВУ.", "ЛЭБЕДЕВ7", "ЛЕБЕДЕВУ"),  # 7 for У after capitals
    ("Я передал ЧЖО7 ЭНЬ-ЛАЮ письмо.", "ЧЖО7 ЭНЬ-ЛАЮ", "ЧЖОУ ЭНЬ-ЛАЮ"),
    ("по данным Токуд2 вопрос решен", "Токуд2", "Токуды"),  # a digit after small letters too
])
def test_a_digit_glued_to_a_garbled_name_is_a_letter_of_it(text, garbled, right):
    assert best(run(text), garbled).replacement == right


def test_a_noun_one_letter_off_a_noun_of_motion_is_no_motion():
    """воводов (заводов) is one letter from вводов too: a garbled noun says nothing of motion, and
    the list keeps the prepositional of Хыннаме."""
    doc = run("Он считает главным окончание восстановления воводов в Хыннаме, Чхояджина и Нампхо.")
    assert best(doc, "Чхояджина").replacement == "Чхонджине"


def test_a_name_between_a_noun_and_its_verb_may_be_the_subject():
    """в зимней обороне ЧЭНЬ ГЭН. считает: the noun's genitive or the verb's subject; the name
    written in the nominative, with a speck, is left."""
    assert not [c for c in run("4. Главным зв зимней обороне ЧЭНЬ ГЭН. считает подземные укрепления.").candidates
                if c.kind == "name"]


def test_a_one_letter_preposition_glued_to_a_name_is_kept():
    """ПОСЛА СССР В.КНДР: the в is a preposition, not a speck the fix drops."""
    assert not [c for c in run("ИЗ ДНЕВНИКА ПОСЛА СССР В.КНДР ШТЫКОВА Т.Ф.").candidates if "КНДР" in c.original]
    # and after it: СССР`В УРУМЧИ, the mark is the lost space of a line in capitals
    assert not [c for c in run("ГЕНЕРАЛЬНЫЙ КОНСУЛ СССР`В УРУМЧИ Г.").candidates if "СССР" in c.original]


def test_a_misread_title_passes_the_preposition_s_case_on():
    """с тв. ГАО ГАНЕМ: тв. is тов. misread, no sentence's end; с governs the name."""
    fix = best(run("Переговоры с тв. ГАО ГАНЕМ продолжались до вечера."), "ГАО ГАНЕМ")
    assert fix.replacement == "ГАО ГАНОМ"
    assert any("after the preposition 'с'" in e for e in fix.evidence)


def test_a_surname_shaped_as_an_adjective_is_still_fixed():
    """КРАСОВСКИЙ is a name ending as an adjective does: no adjective made from a name."""
    doc = run("Командующий КР^АСОВСКИЙ сообщил о положении.")
    assert best(doc, "КР^АСОВСКИЙ").replacement == "КРАСОВСКИЙ"


def test_a_misread_yo_follows_the_document_s_own_spelling():
    """The text writes no ё: Цзё says neither е nor э, and the document writes Цзэ-дун."""
    doc = run("Вчера я принял Мао Цзэ-дун в присутствии Лю Шао-ци.\nМао Цзё-дун просил передать благодарность.")
    assert best(doc, "Мао Цзё-дун").replacement == "Мао Цзэ-дун"


def test_a_signature_after_a_closing_greeting_stays_in_the_nominative():
    """Привет / Филиппов‘: the greeting governs no genitive of the signature (Филиппова)."""
    doc = run("Жду Вашего ответа.\nПривет\nФилиппов‘\n1 октября 1950 г.\n")
    assert not [c for c in doc.candidates if c.replacement.startswith("Филиппова")]
    doc = run("Жду ответа от\nФилиппов‘\n")
    assert [c for c in doc.candidates if c.replacement.startswith("Филиппова")]


def test_ko_before_a_consonant_and_a_vowel_is_no_preposition_to_decline_after():
    """ко Сеул еще удерживается: Russian writes к Сеулу, so ко is a misread (но), and Сеул,
    written right, is not offered in the dative; к Сеул still is."""
    assert not [c for c in run("Части отведены на север, ко Сеул еще удерживается.\n").candidates
                if c.original == "Сеул"]
    assert best(run("Войска подошли к Сеул вчера вечером.\n"), "Сеул").replacement == "Сеулу"


def test_a_syllable_read_small_among_capitals_is_put_back_in_capitals():
    """ЧЖУ дэ: in capitals the text writes the name exactly (ЧЖУ ДЭ), so no letter is changed
    (not ЧЖУ ДЕ); a small syllable after a hyphen in a name in small letters stays (Жао Шу ши)."""
    c = best(run("в присутствии товарищей ЛЮ ШАО-ЦИ, ЧЖУ дэ и\nЧЖОУ ЭНЬ-ЛАЯ.\n"), "ЧЖУ дэ")
    assert c.replacement == "ЧЖУ ДЭ" and any("small letters" in e for e in c.evidence)


def test_a_persons_name_read_small_before_a_glued_word_gets_its_capitals():
    """Цой чан Ика‘и: the mark read for the space, and Чан, read small (Ч and ч differ in size
    only), capitalised again."""
    c = best(run("Ким Ир Сен сказал, что группа Цой чан Ика‘и Пак Чан Ока\nпродолжает работу.\n"), "Цой чан Ика‘")
    assert c.replacement == "Цой Чан Ика "


def test_a_fix_follows_the_documents_own_spelling_of_the_name():
    """Пън Дэ-хуай after Пэн Дэ-хуай: the gazetteer also lists Пын, as near to the OCR; the
    document's spelling wins."""
    c = best(run("Сначала говорил Пэн Дэ-хуай, потом выступил Пън Дэ-хуай с докладом."), "Пън Дэ-хуай")
    assert c.replacement == "Пэн Дэ-хуай"


def test_a_fix_keeps_an_e_oborotnoe_the_ocr_read():
    """НЭ ЖУН-ЧЖЗНЯ: the gazetteer's Не Жун-чжэнь has the variant with э, and the OCR read НЭ;
    only the garbled letter changes.  An е is no such evidence (the letter a misread э becomes):
    Чень Во-да → Чэнь Бо-да."""
    c = best(run("Вчера у НЭ ЖУН-ЧЖЗНЯ был прием."), "НЭ ЖУН-ЧЖЗНЯ")
    assert c.replacement.startswith("НЭ ЖУН-ЧЖЭН")
    assert best(run("Вчера у Чень Во-да был прием."), "Чень Во-да").replacement == "Чэнь Бо-да"


def test_a_date_governs_no_genitive_of_the_name_after_it():
    """В ночь на 12 июля КИМ ИР СЕН` собгал: июля is a date, the name the subject; the mark is
    no lost ending (КИМ ИР СЕНА)."""
    doc = run("выведены из строя.\nВ ночь на 12 июля КИМ ИР СЕН` собгал в убежище заседание\nВоенного комитета.\n")
    assert not [c for c in doc.candidates if c.replacement.startswith("КИМ ИР СЕНА")]


def test_a_word_glued_after_a_name_by_a_full_stop_stays():
    """Союза.не менее: the full stop stands for the space before не (not dropped with it)."""
    c = best(run("необходимо получить из Советского\nСоюза.не менее 1.500 инженеров и техников.\n"),
             "Советского\nСоюза.не")
    assert c.replacement == "Советского\nСоюза не"


@pytest.mark.parametrize("word,split", [
    ("Пхеньян`пссла", (7, 8)), ("Сеул`из", (4, 5)), ("Ир‘от", (2, 3)), ("Ир‘ом", None),
    ("Кун:мин", None), ("Ман`.чжурия", None), ("Ген:сна", None), ("Пхеньян", None), ("Пхеньян`Ким", None), ("Союза.не", None),
])
def test_a_name_written_right_is_cut_from_the_small_word_a_mark_glued_to_it(word, split):
    """Only a name written right (no syllable of three letters) before a small word, and only
    where the marks read as a letter or nothing do not make one name of the pair."""
    from pipeline.names_stage import name_glued_to_word
    assert name_glued_to_word(word) == split


def test_a_year_glued_to_its_adjective_governs_no_genitive():
    """в прошлом.году Монголия отправила: году (glued to прошлом by a stop) is a date, the name
    the subject, written right (not Монголии)."""
    doc = run("Эн\nсказал, что в прошлом.году Монголия отпр-вила в Совзтский Союз\n900 тысяч гопов схота.\n")
    assert not [c for c in doc.candidates if "Монголия" in c.original]


@pytest.mark.parametrize("text,original,fix", [
    ("Е ЦЗЯНЬ-ИН руководит партийной и военной работой з Гуандун®.\n", "Гуандун®", "Гуандуне"),
    ("По его словам, китайские товарищи разместили их.в Пекинс и пока не дали ответа.\n", "Пекинс", "Пекине"),
])
def test_a_preposition_misread_or_glued_by_a_stop_still_governs_the_name(text, original, fix):
    """з, a letter no word is, is likeliest в misread (a weak case); в glued to the word before it
    by a full stop (их.в) is still the preposition."""
    assert best(run(text), original).replacement == fix


def test_a_letter_that_is_a_word_is_no_misread_preposition():
    from pipeline.names_stage import misread_preposition, required_case
    assert misread_preposition("з") == "в" and misread_preposition("в") is None
    text = "Сообщили Пак Хен Ен и Ким Ир Сен"
    assert required_case(text, text.index("Ким")).cases is None  # и is a conjunction


def test_the_name_ending_a_signature_line_opened_by_a_title_is_the_signer():
    """Посол СССР в КНДР РАЗУВАЕВЗ, the cable's last line: в governs КНДР; the name is the
    signer's, nominative (РАЗУВАЕВ, not РАЗУВАЕВЕ); inside a sentence the same words are no
    signature."""
    text = "Эти сведения не должны становиться известны\nпротивнику.\nПосол СССР в КНДР РАЗУВАЕВЗ\n"
    assert best(run(text), "РАЗУВАЕВЗ").replacement == "РАЗУВАЕВ"
    from pipeline.names_stage import _title_signature
    assert _title_signature(text, text.index("РАЗУВАЕВЗ"), text.index("РАЗУВАЕВЗ") + 9)
    other = "Посол СССР в КНДР РАЗУВАЕВЗ\nсообщил, что войска отошли.\n"
    assert not _title_signature(other, other.index("РАЗУВАЕВЗ"), other.index("РАЗУВАЕВЗ") + 9)


def test_a_mark_between_a_name_and_a_small_word_is_no_lost_ending():
    """вернувшиеся 5 мая. в Сеул`из Пхеньяна: the mark stands for the space before из; Сеул is
    written right (no Сеуле)."""
    doc = run("КИМ ГУ и КИМ ГЮ СИК, вернувшиеся 5 мая. в Сеул`из Пхеньяна\nпосле совместного совещания "
              "партий Севера и Юга, выборы бойкотировали.\n")
    assert not [c for c in doc.candidates if c.original.startswith("Сеул")]


def test_a_given_name_after_a_surname_is_no_whole_name_of_two_words():
    """ПЭН ДЭ-ХУАЯ with Peng Dehuai left out of the gazetteer: ДЭ-ХУАЯ, the given name after the
    surname, is not read as Deng Hua (ДЭН ХУА), a whole name of its own."""
    from pipeline.gazetteer import Gazetteer, build
    from pipeline.names_stage import find_matches, name_tokens, NO_CASE
    from pipeline.stages import get_resource
    gaz = get_resource("gazetteer")
    assert "peng_dehuai" in gaz.entities
    kept = {k: v for k, v in gaz.entities.items() if k != "peng_dehuai"}
    held = Gazetteer(kept, build(list(kept.values())), checksum="held-out")
    assert held.lookup("ДЭН ХУА")
    text = "Командующий ПЭН ДЭ-ХУАЯ прибыл вчера.\n"
    doc = Document(id="t", text=text, tokens=tokenize(text))
    run_toks = [t for t in name_tokens(text) if t.text in ("ПЭН", "ДЭ-ХУАЯ")]
    matches, _ = find_matches(doc, run_toks, held, NO_CASE, 0.5)
    assert not [m for m in matches if m.replacement.startswith("ДЭН")]


@pytest.mark.parametrize("text, garbled, right", [
    # a verb of telling after и or a comma: its subject came earlier, the name is the addressee
    ("не должен задерживать перемирие, и поручил ЧЖОУ ЭНЬ-ЛАХ\nподготовить заявление.", "ЧЖОУ ЭНЬ-ЛАХ",
     "ЧЖОУ ЭНЬ-ЛАЮ"),
    # an infinitive of giving: its addressee
    ("благодарит т. Сталина за согласие\nпредоставить Кита» кредит в размере", "Кита»", "Китаю"),
    # a passive participle of handing over: the receiver
    ("общества в Синьцзяне,\nпереданные Кита» с 1 января 1955 г., работают", "Кита»", "Китаю"),
    # a clause after что opens with its subject before the verb
    ("МАО ЦЗЭ-ДУН сказал, что ЦК ценит помощь и что МАО ЦЗЭ-ДУЕ просил передать", "МАО ЦЗЭ-ДУЕ", "МАО ЦЗЭ-ДУН"),
    # a noun that takes no apposition between the name and any preposition: no prepositional
    ("на котором председатель\nГосударственной плановой комиссии ЧОЯ ЧЖУН ТХЭЕ допожил проект", "ЧОЯ ЧЖУН ТХЭЕ",
     "ЧОН ЧЖУН ТХЭК"),
])
def test_case_from_the_clause(text, garbled, right):
    assert best(run(text), garbled).replacement == right


@pytest.mark.parametrize("text, garbled, right", [
    ("Разослано: т.т. СТАЛИН:, МОЛОТОВУ, МАЛЕНКОВУ, МИКОЯНУ,\nБУЛГАНИНУ.", "СТАЛИН:", "СТАЛИНУ"),
    ("т.т. СТАЛИНУ, МОЛОТОВУ, КАГАНОВИЧУ, БУЛГАНИН:.", "БУЛГАНИН:", "БУЛГАНИНУ"),
    ("Разослано: т.т. СТАЛИНУ, ВЫШИНСКОМУ, МАЛЕНКОВ7, БЕРИЯ.", "МАЛЕНКОВ7", "МАЛЕНКОВУ"),
    ("просил передать благодарность товарищам Хрущев!,\nБулганину и Молотову за советы.", "Хрущев!", "Хрущеву"),
    ("горючего через\nСиныйджу, задержанных в Аньдун:.\nВчера", "Аньдун:", "Аньдуне"),
    ("По мнению Мао Цзэ-дун., Даллес угрожал", "Мао Цзэ-дун.", "Мао Цзэ-дуна"),
    ("По поручению КИМ ИР СЕН. и ПАК ХЕН ЕНА передаю их просьбу:", "КИМ ИР СЕН.", "КИМ ИР СЕНА"),  # no sentence ends before и
    ("сообщил, что в Пекине, Шанхае, Ухане и Мукден?\n(Шэньяне) прошли митинги", "Мукден?", "Мукдене"),  # a list's last name
    ("Дать указание, как отвечать ГАО ГАН” по вопросу о тарифах.", "ГАО ГАН”", "ГАО ГАНУ"),  # an infinitive
    ("ФУ ЦЗО-И, у которого в Бэйпин?\nосталось до 250.000 человек", "Бэйпин?", "Бэйпине"),  # no question goes on
])
def test_a_mark_after_a_name_that_ends_nothing_is_its_lost_ending(text, garbled, right):
    """No typescript writes two marks in a row (:, !, .,) nor a digit glued to a name, ends a
    sentence before и and a capital, nor a question before small letters: where the context's
    case asks for a form one letter longer, the first mark is that letter."""
    assert best(run(text), garbled).replacement == right


def test_a_number_or_в_том_числе_before_a_name_gives_no_case():
    """на 1953 г. / ЧЖОУ ЭНЬ-ЛАК: на governs the year; в том числе ХАТОЯМА: the case of what it counts."""
    assert required_case("оборудования на 1953 г.\nЧЖОУ ЭНЬ-ЛАК", len("оборудования на 1953 г.\n")).cases is None
    assert required_case("в том числе ХАТОЯМА", len("в том числе ")).cases is None
    doc = run("поставки оборудования на 1953 г.\nЧЖОУ ЭНЬ-ЛАК изложил также мнение МАО ЦЗЭ-ДУНА о переговорах")
    assert best(doc, "ЧЖОУ ЭНЬ-ЛАК").replacement == "ЧЖОУ ЭНЬ-ЛАЙ"


def test_the_agent_of_a_passive_of_saying_is_no_receiver():
    assert required_case("мнения, изложенного Чжоу Эн-лаем", len("мнения, изложенного ")).cases is None
    assert required_case("переданные Китаю", len("переданные ")).cases == frozenset({"datv"})


def test_a_name_before_punctuation_in_the_right_case_is_left():
    assert not run("Да здравствует товарищ Сталин!, сказал он.").candidates
    assert not run("Они прибыли в Пекин., затем в Шанхай.").candidates


def test_no_fix_drops_the_word_before_a_name_or_after_its_hyphen():
    """Чго’ советский Союз: the window's first word is что, its mark no lost letter — no fix
    drops it; Иокогамы-х Кобе: the name is written right, the х a misread и."""
    doc = run("Булганин сказал Хатляме, Чго’ советский Союз поддержит просьбу Японии.")
    assert not [c for c in doc.candidates if c.original.startswith("Чго") and c.replacement.startswith("Совет")]
    assert not [c for c in run("на предприятиях Осаки, Иокогамы-х Кобе для увольнения.").candidates
                if c.original.startswith("Иокогамы")]


def test_a_signature_after_a_list_of_places_is_no_name_of_the_list():
    doc = run("при подготовке плана восстановления\nХамхына, Гензана и Циннампо,\nСУЗДАЛЕВ\n"
              "Разослано: т.т. МАЛЕНКОВУ, МОЛОТОВУ, ХРУЩЕВУ, БУЛГАНИНУ,\nМИКОЯНУ.")
    assert not [c for c in doc.candidates if c.original == "СУЗДАЛЕВ"]


def test_an_adjective_stem_cut_by_marks_is_no_name():
    assert not run("нефтепродукты, ткёни и оборудование дпя Аньшаньск-. го\nнеталлургического комбината.\n").candidates


def test_the_ministry_of_internal_affairs():
    assert best(run("вопросы о рабочих по договорам решают МБД СССР\nи министерство"), "МБД СССР").replacement \
        == "МВД СССР"


def test_a_word_in_capitals_in_a_list_of_names_on_a_line_all_in_capitals():
    """МИКОЯНУ,\\nГАГАНОВИЧУ, БУЛГАНИНУ: the line has no small letters to tell names by their
    capitals, but the list does."""
    doc = run("Разослано: т.т. СТАЛИНУ, МОЛОТОВУ, МИКОЯНУ,\nГАГАНОВИЧУ, БУЛГАНИНУ.")
    assert best(doc, "ГАГАНОВИЧУ").replacement == "КАГАНОВИЧУ"
    assert best(run("т.т. СТАЛИНУ, МИКОЯНУ, ГАГАНОВИЧУ, БУЛГАНИНУ."), "ГАГАНОВИЧУ").replacement == "КАГАНОВИЧУ"


def test_a_glued_head_of_a_name_goes_into_its_fix():
    """Ц.Й ЕН ГЕН: Ц. looks like an initial, but the fix ЦОЙ ЕН ГЕН must replace it too."""
    from pipeline.names_stage import glued_head
    text = "Его помощник Ц.Й ЕН ГЕН руководит"
    at = text.index("Й ЕН")
    assert glued_head(text, at, "Й ЕН ГЕН", "ЦОЙ ЕН ГЕН") == text.index("Ц.Й")
    text = "Его помощник В. ЦОЙ ЕН ГЕН руководит"  # an initial and a space: the name's own
    assert glued_head(text, text.index("ЦОЙ"), "ЦОЙ ЕН ГЕН", "ЦОЙ ЕН ГЕН") == text.index("ЦОЙ")
    # ›ю Шло-ци: the fix Лю Шао-ци has one more word, and the short word before the window is it garbled
    text = "присутствовали ›ю Шло-ци, Чжоу Энь-лай"
    assert glued_head(text, text.index("Шло"), "Шло-ци", "Лю Шао-ци") == text.index("›ю")
    text = "присутствовали в Шанхае"  # a preposition is no word of the name
    assert glued_head(text, text.index("Шан"), "Шанхае", "Шанхае") == text.index("Шан")


@pytest.mark.parametrize("text", [
    "соглашения о торговле и связях между\nТибетским районом Китая и Индией, подписанного 29 апреля.",  # районом: no preposition
    "В заявлении, опубликованном в Сеуле, КИМ ГУ и КИМ ГЮ СИК\nназвали собрание незаконным",  # a place, then people
    "вылететь в Цзюцюань для\nвстречи с ПЭН ДЭ-ХУАЕМ,\nБУРХАН сообщил мне, что армия",  # a subject after a misread stop
])
def test_no_list_case_where_the_names_are_no_list(text):
    assert not [c for c in run(text).candidates if c.features.get("case_known") and "list" in " ".join(c.evidence)]


def test_a_glued_word_is_no_letters_of_the_name():
    """КИМ ИР С=Н.и ЦОЙ ЕН ГЕН: the name is read without the mark and the word after it (КИМ ИР
    СЕН и), not with the mark and the word taken for letters of a longer form (СЕНОМ и)."""
    doc = run("хватит только на 15 летных дней.\nКИМ ИР С=Н.и ЦОЙ ЕН ГЕН настаивают на скорейшем\nперебазировании.")
    assert best(doc, "КИМ ИР С=Н.и").replacement == "КИМ ИР СЕН и"


def test_a_document_that_types_э_gets_э_in_a_fix_its_letters_do_not_decide():
    assert best(run("ЧЖОУ ЭНЬ-ЛАЙ сказал.\nГлавную трудность ЧОНЬ И видит в продовольствии."),
                "ЧОНЬ И").replacement == "ЧЭНЬ И"
    doc = run("ЧЕНЬ ЮНЬ сказал.\nГлавную трудность ЧЕНЬ И видит в продовольствии, ЧЖОУ ЭНЬ-ЛАЙ тоже.")
    assert not [c for c in doc.candidates if c.original.startswith("ЧЕНЬ")]  # the document's е, written right


def test_a_name_before_an_impersonal_passive_is_its_dative():
    doc = run("помогать вьетнамским товарищам советом.\nЧЭНЬ ГЭН? поручено после операции вернуться.")
    assert best(doc, "ЧЭНЬ ГЭН?").replacement == "ЧЭНЬ ГЭНУ"


@pytest.mark.parametrize("text, garbled, right", [
    ("Тогда МАО :3Э-ДУН сказал, что", "МАО :3Э-ДУН", "МАО ЦЗЭ-ДУН"),
    ("встреча с МАО (3Э-ДУНОМ прошла", "МАО (3Э-ДУНОМ", "МАО ЦЗЭ-ДУНОМ"),
    ("Тогда Мао :зэ-дун сказал", "Мао :зэ-дун", "Мао Цзэ-дун"),
])
def test_marks_glued_before_the_next_word_of_a_name_are_its_first_letters(text, garbled, right):
    assert best(run(text), garbled).replacement == right
    assert not [c for c in run("в Мукдене (Шэньяне) прошли митинги").candidates]  # a name in brackets stays


def test_a_quarter_comparative_governs_the_genitive_of_a_garbled_name_only():
    """южнее Саривон`: the genitive (Саривона); южнее СЯРИИН, a name written right, stays as the
    cable left it."""
    assert best(run("движение поездов южнее Саривон` прекращено."), "Саривон`").replacement == "Саривона"
    assert not [c for c in run("В районах западнее КАЙДЗИО и южнее СЯРИИН имеются банды.").candidates
                if c.original == "СЯРИИН"]


@pytest.mark.parametrize("text, garbled, right", [
    ("с тов. МАО 539-ДУНОМ в Пекине", "МАО 539-ДУНОМ", "МАО ЦЗЭ-ДУНОМ"),
    ("Тогда МАО :13Э-ДУН сказал, что", "МАО :13Э-ДУН", "МАО ЦЗЭ-ДУН"),
])
def test_three_marks_or_digits_in_a_name_each_stand_for_any_letter_or_none(text, garbled, right):
    """A window with more than two junk characters reads each as any letter or as nothing, as
    one with two does (not all of them as nothing: ЦЗЭ is no Э)."""
    assert best(run(text), garbled).replacement == right


@pytest.mark.parametrize("text", [
    "переводил ШИ ЧЖЭ.\nСчита,., что просьбы ГАО ГАНА заслуживают поддержки",  # Считаю, no Чита
    "очистили от противника Онгж: нский\nполуостров.",  # Онгжинский, its adjective
])
def test_a_word_cut_short_is_no_garbled_name(text):
    assert not run(text).candidates


@pytest.mark.parametrize("text, name", [
    ("корпусу ВАН ЧЖЭНЯ выступить из Цзюцюаня в Синьцзян: и 12 октября", "Синьцзян:"),
    ("а министерства переезжают в Кантон. куда выехал и наш посол", "Кантон."),
    ("25 июля ГАО ГАН выезжает в Мукден. где проведет совещание", "Мукден."),
])
def test_after_a_way_from_a_place_or_a_verb_of_moving_the_accusative_stays(text, name):
    """из Цзюцюаня в Синьцзян (a way from one place to another), переезжают / выезжает в: the
    accusative the name is written in is the case there; its mark is no lost ending."""
    assert not [c for c in run(text).candidates if c.original == name]


@pytest.mark.parametrize("text, garbled", [
    ("Сегодня по приглашению Ло Шао ци я посетил его.", "Ло Шао ци"),
    ("Я поблагодарил Лю Шаб ци за информацию.", "Лю Шаб ци"),
])
def test_a_hyphened_names_last_syllable_after_a_space_is_its_piece(text, garbled):
    """ци after a space, no word of its own, ends the hyphened word Шао-ци the word before is one
    letter from: the name's run takes it (Лю Шао-ци), not the spelling stages (и)."""
    assert best(run(text), garbled).replacement == "Лю Шао-ци"


def test_no_prepositional_where_no_preposition_can_stand():
    """After а (a clause opens) no preposition governs the name: the prepositional form the
    letters fit best (ЛУИЕ: ЛУНЕ) is not offered."""
    doc = run("где стоят части китайских добровольцев, а ХЭ ЛУИЕ посетил штаб")
    assert best(doc, "ХЭ ЛУИЕ").replacement != "ХЭ ЛУНЕ"


@pytest.mark.parametrize("text, name, right", [
    ("29 августа отправлены пароходом во Владивостокх,.\nостальные выехали поездом", "Владивостокх", "Владивосток"),
])
def test_a_short_participle_of_motion_asks_for_the_accusative(text, name, right):
    assert best(run(text), name).replacement == right


@pytest.mark.parametrize("text", [
    "командиры армий, воевавших под Кэсоном и у Чорвона, награждены",  # Чхорвон
    "суда прибыли в Чонджин и Хамхын",  # Чхонджин, not Чанджин
    "студенты собрались в Енампо и двинулись к городу",  # a port's -по for -пхо: Ёнампхо
])
def test_ch_for_a_korean_chh_is_a_spelling_of_its_own(text):
    assert not run(text).candidates


def test_a_mark_between_two_parts_of_a_name_is_its_hyphen():
    """ПЭН ДЭ. ХУАЙ: the fix keeps a separator where the mark stood (ДЭ-ХУАЙ), not the spelling
    that runs the letters together (ДЭХУАЙ)."""
    assert best(run("МАО ЦЗЭ-ДУН и ПЭН ДЭ. ХУАЙ ответили, что"), "ПЭН ДЭ. ХУАЙ").replacement == "ПЭН ДЭ-ХУАЙ"


def test_a_name_after_a_garbled_name_a_preposition_governs_stands_on_its_own():
    """О Сталипе Мао Цзз-дун говорил: о governs Сталине; Мао Цзэ-дун is the subject, not a
    second prepositional (Цзэ-дуне)."""
    doc = run("товарищу Сталину.\nО Сталипе Мао Цзз-дун гсворил с большим уважением")
    assert best(doc, "Мао Цзз-дун").replacement == "Мао Цзэ-дун"
    assert best(doc, "Сталипе").replacement == "Сталине"


def test_a_hyphened_word_of_two_capitalised_parts_is_name_like():
    """Порт-Арт!!: порт and арт are words, but capitals after a hyphen begin a name's parts; its
    lost letters are matched (Порт-Артур)."""
    assert best(run("СУН ЦЗЫ-ВЭНЬ возразил, что Порт-Арт!! и Дальний китайский народ"), "Порт-Арт").replacement \
        == "Порт-Артур"
    assert not run("на Северо-Востоке Китая и в Юго-Восточной Азии").candidates


@pytest.mark.parametrize("text, garbled, right", [
    ("подготовленные нашими\nинст уктсрами зв Мукд:не и Аньзуне, с января", "Мукд:не", "Мукдене"),  # зв: no noun
    ("По его словам, га Цз ньмэне и соседних островах находится", "Цз ньмэне", "Цзиньмэне"),  # га: a misread на
    ("может ли т. МАЛИК поднять вопрос о Кочжедо в\n. совете Безопгсности.", "совете Безопгсности",
     "совете Безопасности"),  # a speck opens the line: в on the line before governs
    ("вчера МАК:РТУР сказал", "МАК:РТУР", "МАКАРТУР"),  # the mark a letter, no hyphen
])
def test_a_short_word_or_a_speck_before_a_name_hides_no_case(text, garbled, right):
    assert best(run(text), garbled).replacement == right


def test_a_mark_and_a_space_inside_a_name_of_two_words():
    """Ли; ШАО-ЦИ: the run crosses the mark where the two words together are close to a name of
    two words (Лю Шао-ци); a sentence's end before a name is not crossed (в Пекине. МАО ЦЗЭ-ДУН)."""
    assert name_key(best(run("Ли; ШАО-ЦИ сказал, что"), "Ли; ШАО-ЦИ").replacement) == "ЛЮ ШАО ЦИ"
    assert not run("Делегация была в Пекине. МАО ЦЗЭ-ДУН сказал, что").candidates
