"""The detect stage: what it flags, with which reasons, and what it leaves alone."""
from __future__ import annotations

import pytest

from pipeline.detect import (BROKEN_REASON, CharModel, Detect, RealWords, char_model, detect_flags, fragment, mark_readings,
                             name_like, optional_gazetteer, split_run_together)
from pipeline.model import Document
from pipeline.stages import Pipeline, get_resource
from pipeline.tokens import tokenize

CONFIG = {"min_conf": 40.0, "known_min_conf": 0.0, "min_letters": 2, "min_run_together": 8, "splits": True,
          "broken": True}
REAL = {**CONFIG, "real_word": True, "real_word_margin": 1.5, "real_word_max_cost": 1.0, "real_word_cache": 1.0}


@pytest.fixture(scope="module")
def lex():
    return get_resource("lexicon")


def flags_of(text: str, lex, tokens=None):
    doc = Document(id="t", text=text, tokens=tokens or tokenize(text))
    return detect_flags(doc, lex, None, "detect@1", CONFIG)


def run_stages(text: str, *stages: str) -> Document:
    """``text`` through the named stages (detect alone by default)."""
    doc = Document(id="t", text=text, tokens=tokenize(text))
    Pipeline(list(stages) or ["detect"]).run(doc)
    return doc


def flagged_for(doc: Document, reason: str) -> list[str]:
    """The flagged spans of ``doc`` whose reasons mention ``reason``."""
    return [f.original for f in doc.flags if any(reason in r for r in f.reasons)]


def test_unknown_word_flagged_with_reason(lex):
    flags = flags_of("Части армии георически сражаются.", lex)
    assert [f.original for f in flags] == ["георически"]
    assert "not a known word form" in flags[0].reasons
    assert flags[0].kind == "spelling"


def test_numbers_codes_abbreviations_and_period_spelling_left_alone(lex):
    text = ('ШИФРОВКА № 600308/ш. Экз. № 1 ТОВ. СТАЛИНУ, ЦК ВКП(б), т.т. Рощиным, 16.9.1950г. '
            'это нужно об"яснить слабостью связи, 1.500.000 чел.')
    flags = flags_of(text, lex)
    assert all(f.kind == "name" for f in flags), [(f.original, f.reasons) for f in flags]


def test_name_like_capitals_get_kind_name(lex):
    flags = flags_of("тов. КИМ ИР СКИОМ он принимал участие", lex)
    assert {f.original for f in flags if f.kind == "name"} >= {"СКИОМ"}
    assert name_like("СКИОМ") and not name_like("Скиом") and not name_like("А")


def test_mixed_script_flagged(lex):
    flags = flags_of("положение в Kорее", lex)  # Latin K
    assert flags and "mixed scripts" in flags[0].reasons[0]


def test_run_together_and_split_words(lex):
    flags = flags_of("На фронтахоторезанные части и наших войскачасти", lex)
    f = [f for f in flags if f.original == "войскачасти"][0]
    assert any("run together" in r for r in f.reasons)
    assert split_run_together("войскачасти", lex) == ("войска", "части")
    flags = flags_of("правитель ства Кореи", lex)
    assert any("one word split" in r for f in flags for r in f.reasons)


def test_low_ocr_confidence_flags_a_known_word_only_when_asked(lex):
    text = "героически сражаются"
    toks = tokenize(text)
    toks[0].conf = 35.0
    assert flags_of(text, lex, toks) == []  # default: a known word's confidence alone is no flag
    flags = detect_flags(Document(id="t", text=text, tokens=toks), lex, None, "detect@test",
                         {**CONFIG, "known_min_conf": 40.0})
    assert [f.original for f in flags] == ["героически"]
    assert "low OCR confidence" in flags[0].reasons[0]


def test_low_ocr_confidence_is_a_reason_on_an_unknown_word(lex):
    text = "героичееки сражаются"
    toks = tokenize(text)
    toks[0].conf = 35.0
    flags = flags_of(text, lex, toks)
    assert any("low OCR confidence (35)" in r for f in flags for r in f.reasons)


def test_halves_of_a_word_hyphenated_at_a_line_end_are_not_flagged(lex):
    text = "Правитель-\n\n- 3 -\n\nства и государ-\nства, но госудур-\nства"
    flagged = {f.original for f in flags_of(text, lex, tokenize(text))}
    assert "Правитель" not in flagged and "государ" not in flagged
    assert "госудур" in flagged  # the joined word is unknown: still a suspect


def test_improbable_letter_sequences(lex):
    cm = char_model(lex)
    assert isinstance(cm, CharModel)
    good, unseen_good = cm.logprob("правительства")
    bad, unseen_bad = cm.logprob("пръыщьк")
    assert bad < good and unseen_bad and not unseen_good


def test_stage_in_pipeline_adds_flags():
    doc = Document(id="t", text="шосейные дороги", tokens=tokenize("шосейные дороги"))
    Pipeline(["detect"]).run(doc)
    assert [f.original for f in doc.flags] == ["шосейные"]
    assert doc.flags[0].stage == f"detect@{Detect.version}"


# --- real-word errors (known words the OCR made from another word) -------------------------------

def real_flags(text: str, lex, **over):
    doc = Document(id="t", text=text, tokens=tokenize(text))
    return detect_flags(doc, lex, optional_gazetteer(), "detect@t", {**REAL, **over}, get_resource("confusions"))


def test_real_word_errors_flagged_with_the_neighbour_in_words(lex):
    # train renders: 06-after-inchon (тах), 02-credentials-peking (ках), 03-northeast-industry (сигами)
    text = ("однако выполнить его будет трудно, тах как дороги непрерывно подвергаются ударам авиации, "
            "между тем ках гоминдановская авиация продолжает бомбить Шанхай; мост восстановлен сигами "
            "советских железнодорожников.")
    flags = {f.original: f for f in real_flags(text, lex)}
    assert set(flags) == {"тах", "ках", "сигами"}
    assert flags["тах"].reasons[0].startswith("known word, but 'так' is 10,000x more frequent and 0.44 edits away")
    assert "'силами'" in flags["сигами"].reasons[0] and flags["сигами"].kind == "spelling"
    assert real_flags(text, lex, real_word=False) == []


def test_real_word_check_leaves_correct_text_alone(lex):
    text = ("Многие товарищи в ЦК ВКП(б) считают, что здесь необходимо проявить осторожность. "
            "Ким Ир Сен получает через своего посла в Пхеньяне отрывочные сведения. "
            "Чжоу Эн-\nлаем, тов. Н. Рощин. АП РФ. Ф.45. Оп.1. Д.334.\n6) Мероприятия\nб) В условиях "
            "создавшейся обстановки от баз снабжения.")
    suspects = [(f.original, f.reasons) for f in real_flags(text, lex) if f.reasons[0].startswith("known word")]
    assert suspects == []


def test_fragments_are_not_words_by_themselves():
    text = "сес:ии 15-ти ВКП(б) б) Эн-\nлаем так, как"
    toks = {t.text: t for t in tokenize(text)}
    assert all(fragment(text, toks[w]) for w in ("ии", "ти", "Эн")), [t.text for t in tokenize(text)]
    assert not fragment(text, toks["так"]) and not fragment(text, toks["как"])


def test_repeats_in_the_document_count_for_the_word(lex):
    rw = RealWords(lex, get_resource("confusions"))
    assert rw.own_zipf("посла", 4, 1300) > rw.own_zipf("посла", 0, 1300) + 1.5
    assert rw.neighbours("тах")[0][0] == "так"
    assert rw.neighbours("как") == []  # nothing near it is more frequent


def test_real_word_candidates_from_the_lexicon_stage():
    text = "однако выполнить его будет трудно, тах как дороги непрерывно подвергаются ударам авиации."
    doc = Pipeline(["normalize", "detect", "lexicon", "decide"]).run(Document(id="t", text=text, tokens=tokenize(text)))
    cands = [c for c in doc.candidates if c.original == "тах"]
    assert cands and cands[0].replacement == "так" and cands[0].kind == "real-word"
    assert all(c.replacement != "тах" for c in cands)
    assert any("known word" in e for e in cands[0].evidence)


def test_a_word_broken_by_stray_marks_is_one_flag(lex):
    """OCR left a mark for a letter it could not read: the pieces are flagged as one word,
    with the known words the marks make when read as letters or nothing."""
    text = "группу специалис”ов по ремонту. О мирком урег.лировании вопроса. ф..гурировать"
    flags = flags_of(text, lex)
    broken = {f.original: f.reasons[0] for f in flags if f.reasons[0].startswith(BROKEN_REASON)}
    assert set(broken) == {"специалис”ов", "урег.лировании", "ф..гурировать"}
    assert "'специалистов'" in broken["специалис”ов"]
    # the pieces are not flagged one by one
    assert not {"специалис", "ов", "урег", "лировании"} & {f.original for f in flags}
    assert mark_readings(["специалис", "ов"], ["”"], lex)[0] == ("специалистов", 0.3)
    assert lex.known_among(["специалистов", "специалисхов"]) == ["специалистов"]


def test_abbreviations_and_lost_spaces_are_not_broken_words(lex):
    text = "тов.Сталину и г.Пхеньян, 5 мая с.г. т.т. Рощину; делегации,которая прибыла. ЦК ВКП(б)"
    flags = flags_of(text, lex)
    assert not [f for f in flags if f.reasons[0].startswith(BROKEN_REASON)], [(f.original, f.reasons) for f in flags]


def test_broken_word_gets_its_reading_from_the_lexicon_stage():
    text = "Нам приходи”ся воевать не только с войсками, направить группу специалис”ов по ремонту."
    doc = Pipeline(["normalize", "detect", "lexicon", "decide"]).run(Document(id="t", text=text, tokens=tokenize(text)))
    best = {s.original: s.replacement for s in doc.suggestions}
    assert best.get("приходи”ся") == "приходится" and best.get("специалис”ов") == "специалистов"
    assert not any(s.original in ("специалис", "ов", "ся") for s in doc.suggestions)


def test_adjectives_made_from_gazetteer_places_are_not_misspellings():
    from pipeline.detect import place_adjective
    g = optional_gazetteer()
    assert place_adjective(g, "Аньшаньский") == "аньшань" and place_adjective(g, "сеульском") == "сеул"
    assert place_adjective(g, "Пхеньянского") == "пхеньян"
    # a garbled word, a word of another stem, a vowel before -ск- (a case form of a name)
    assert place_adjective(g, "шосейные") is None and place_adjective(g, "армейский") is None
    assert place_adjective(g, "китаёское") is None


def test_a_junk_mark_at_a_words_edge_can_be_its_lost_letter():
    text = "Это сказан> в отношении, противник готовит >борону по реке."
    doc = Pipeline(["normalize", "detect", "lexicon", "decide"]).run(Document(id="t", text=text, tokens=tokenize(text)))
    best = {s.original: s.replacement for s in doc.suggestions}
    assert best.get(">борону") == "оборону" and best.get("сказан>") == "сказано"
    # a common word before a mark is left alone, and so is a mark inside a quotation
    flags = flags_of("Он сказал> что «Правда» пишет", get_resource("lexicon"))
    assert not [f for f in flags if f.reasons[0].startswith(BROKEN_REASON)]


@pytest.mark.parametrize("text, flagged", [
    ("сосредоточивает вой:жа в районе", "вой:жа"),       # a piece that is no word
    ("этих бат=льонов и полков", "бат=льонов"),
    ("предпринятой п:озивником операции", "п:озивником"),  # a lone letter that is no word
])
def test_letters_glued_by_a_stray_mark_are_flagged_as_one_span(text, flagged):
    assert flagged in [f.original for f in run_stages(text).flags]


@pytest.mark.parametrize("text", [
    "в Москву и_хотел бы подробно",      # two words and a lost space: both right
    "необходимо об\"явить и об’явить",   # the period ъ
    "тов.Сталину и т.т. Молотову",       # abbreviations
])
def test_marks_between_words_or_for_the_hard_sign_are_not_glue(text):
    assert not flagged_for(run_stages(text), "stray mark '")


def test_a_hyphen_inside_a_common_word_is_flagged_and_joined():
    doc = run_stages("Мы требуем не-медленным решением вопроса.", "detect", "lexicon")
    assert any(f.original == "не-медленным" for f in doc.flags)
    assert any(c.original == "не-медленным" and c.replacement == "немедленным" for c in doc.candidates)


@pytest.mark.parametrize("text,word,fix", [
    ("Корей-кий народ поддержит нас.", "Корей-кий", "Корейский"),
    ("многие будут н-довольны решением", "н-довольны", "недовольны"),
])
def test_a_hyphen_for_a_lost_letter_is_flagged_and_read_as_that_letter(text, word, fix):
    doc = run_stages(text, "detect", "lexicon")
    assert flagged_for(doc, "hyphen inside") == [word]
    best = max((c for c in doc.candidates if c.original == word), key=lambda c: c.score)
    assert best.replacement == fix


@pytest.mark.parametrize("word", ["северо-восточный", "военно-морской", "кое-как", "по-прежнему", "ЦЗЭ-ДУН",
                                  "во-вторых", "из-за", "кто-то", "генерал-майор", "Эн-лай", "Шао-ци",
                                  "англо-американский", "пол-литра", "Сан-Франциско"])
def test_real_compounds_and_names_with_a_hyphen_are_not_flagged(word):
    assert not flagged_for(run_stages(f"Это {word} пример."), "hyphen inside")


def test_a_lone_letter_that_is_no_word_is_flagged_and_read_as_a_one_letter_word():
    doc = run_stages("но на подступах х Сеулу противник готовит оборону", "detect", "lexicon")
    assert flagged_for(doc, "letter alone") == ["х"]
    best = max((c for c in doc.candidates if c.original == "х"), key=lambda c: c.score)
    assert best.replacement == "к"


@pytest.mark.parametrize("text", [
    "пункты а) и б) приняты",          # list marks
    "в г. Москве и т. д.",            # abbreviations
    "телеграмма М А Я 1949 года",     # a letter-spaced word
    "Вчера Д. Кузнецов прибыл",       # an initial
    "он и я пришли к нему",            # one-letter words
])
def test_one_letter_words_marks_abbreviations_and_initials_are_not_lone_letters(text):
    assert not flagged_for(run_stages(text), "letter alone")


def test_a_capital_before_a_number_is_read_as_the_number_sign():
    doc = run_stages("Экземпляр М 2\nШИФРТЕЛЕГРАММА М 1487\n", "detect", "lexicon")
    assert [c.replacement for c in doc.candidates if c.original == "М"] == ["№", "№"]


@pytest.mark.parametrize("text", ["в 1950 г. 5 М 3 было", "Д. М. Петров прибыл", "размер 3 М"])
def test_capitals_that_are_no_number_sign_are_left(text):
    assert not flagged_for(run_stages(text), "number sign")


def test_a_closing_quote_nothing_opened_is_a_misread_letter():
    assert any(f.original == "бригад»" for f in run_stages("ввести 3 бригад» охраны границы").flags)
    assert not run_stages("газета «Правда» пишет").flags


def test_a_short_abbreviation_without_its_full_stop_in_running_text_is_suspect():
    assert flagged_for(run_stages("мы отошли ст Москвы и ч Сеулу, на 5 ст. и т. д."), "abbreviation") == ["ст", "ч"]


@pytest.mark.parametrize("text, span, word", [
    ("пехотная диви ия и 3 бригады", "диви ия", "дивизия"),
    ("указания корейским товар щам, когда", "товар щам", "товарищам"),
    ("направления с цел ю разрезать", "цел ю", "целью"),
    ("перейти к активной обо; оне, с задачами", "обо; оне", "обороне"),
    ("Командование ком. ндование фронта", "ком. ндование", "командование"),
])
def test_a_space_for_a_lost_letter_joins_two_pieces(text, span, word):
    doc = run_stages(text, "detect", "lexicon")
    assert any(f.original == span for f in doc.flags)
    assert max((c for c in doc.candidates if c.original == span), key=lambda c: c.score).replacement == word


@pytest.mark.parametrize("text", ["он же сказал", "мы не были там", "в ней нет", "он сказал: они придут",
                                  "см. сл. лист", "в 1950 г. в Пекине"])
def test_two_common_words_are_no_pieces(text):
    assert not flagged_for(run_stages(text), "lost letter")


@pytest.mark.parametrize("text", [
    "Он сказал «мы придём\n\nзавтра» и ушёл.",   # a quotation over a paragraph break
    "выпил пол-литра у блок-поста",               # real hyphenated words
    "квадрат Н 12 и отметка Ж 3",                 # Н and Ж before numbers are no number sign
    "делегаты Х съезда",                          # the Roman ten
    "г-н Петров в нескольких км от фронта",       # abbreviations without a full stop
])
def test_reviewed_false_alarms_stay_quiet(text):
    doc = run_stages(text, "detect", "lexicon")
    assert not doc.flags, [(f.original, f.reasons) for f in doc.flags]


@pytest.mark.parametrize("text", ["Это т. е. главное.", "и т. д. будут", "В 1950 г. получена телеграмма.",
                                  "Пришел т. Сталин.", "занял высоту в 300 м. западнее деревни.",
                                  "Добыто 2 млн. т. угля и 500 тыс. т. руды.", "Арестован б. японский губернатор."])
def test_abbreviations_and_units_before_a_stop_are_left_alone(text):
    doc = run_stages(text, "normalize", "detect", "lexicon", "decide")
    assert not [s for s in doc.suggestions if s.status == "auto"], doc.suggestions
    assert not [f for f in doc.flags if f.original in ("е", "м.", "т.", "б.")]


@pytest.mark.parametrize("text", ["Задержан спекулянт, в его квартире обнаружены товары.",
                                  "Мятеж подавлен, и мятежник, в том числе главарь, арестован.",
                                  "Договор приложен, и просим его подписать.", "Перев. с корейского."])
def test_a_mark_and_a_one_letter_word_are_punctuation_and_a_word(text):
    assert not flagged_for(run_stages(text), "lost letter")


def test_informal_forms_count_rarer_in_the_cables_register():
    from pipeline.detect import period_zipf
    lex = get_resource("lexicon")
    assert period_zipf(lex, "бля") < lex.zipf("бля") - 1.5  # an interjection: web text only
    assert period_zipf(lex, "для") == lex.zipf("для")
    doc = run_stages("Мы решили послать войска бля оказания помощи корейским товарищам.", "detect", "lexicon")
    flag = next(f for f in doc.flags if f.original == "бля")
    assert any("interjection" in r for r in flag.reasons)
    best = max((c for c in doc.candidates if c.original == "бля"), key=lambda c: c.score)
    assert best.replacement == "для"


def test_a_neighbour_that_breaks_a_rule_where_the_word_stands_is_weaker_evidence():
    """``своих баз.``: без, a preposition, cannot end a sentence, so баз is no suspect there;
    before a word (``баз них``) it still is."""
    assert not flagged_for(run_stages("Американцы не создадут там своих баз.", "detect"), "known word")
    assert flagged_for(run_stages("Мы пойдем баз них.", "detect"), "known word") == ["баз"]


@pytest.mark.parametrize("text", [
    "Пр-во КНР заявило протест.", "Сообщаю, что пр-во КНДР согласно.", "Дело передано в с-д района.",
    "Гр-н США задержан в р-не порта.", "Он не смог достигнуть соглашения и решил придти позже.",
])
def test_hyphenated_abbreviations_and_variant_forms_are_left_alone(text):
    doc = run_stages(text, "normalize", "detect", "lexicon", "decide")
    assert not doc.suggestions and not doc.flags


def test_single_guillemets_are_junk():
    """‹ › were no marks of a Russian typescript: glued to a word they stand for a lost letter."""
    from pipeline.cli import correct_text
    r = correct_text("Кан Гон остается\nначальником Генеральног‹ штаба.\nПленум утвердил решение.")
    assert [(s["original"], s["replacement"]) for s in r["suggestions"]] == [("Генеральног‹ штаба", "Генерального штаба")]


def test_a_name_whose_hyphen_the_ocr_spaced_is_no_misspelling():
    """Е Цзи -чжуаном: Цзи is the first part of Цзи-чжуаном, not a word to spell-check."""
    doc = run_stages("Торговая делегация во главе с Е Цзи -чжуаном прибыла вчера.\n")
    assert "Цзи" not in [f.original for f in doc.flags]
    doc = run_stages("Торговая делегация во главе с Е Цзи прибыла вчера.\n")
    assert "Цзи" in [f.original for f in doc.flags]


def test_an_abbreviation_read_in_small_letters_is_no_abbreviation_missing_its_stop():
    """цк кпсс: ЦК read small takes no full stop; only abbreviations of small letters (ст) do."""
    doc = run_stages("Секретно\nцк кпсс\nтоварищу Хрущеву Н.С.\n")
    assert "цк" not in [f.original for f in doc.flags]


@pytest.mark.parametrize("text,word", [
    ("КИМ ГВАН ХЕП согласовал с командованием добровольцев передачу кНА участков обороны у Кэсона.", "кНА"),
    ("и что о деле будет доложено пленуму ЦК\nтпк.\nХЭ ЛУН ответил, что ЦК КПК считает это внутренним делом.", "тпк"),
])
def test_an_abbreviation_read_small_is_no_real_word_error(text, word):
    """КНА with its first capital read small, ТПК read small after ЦК: names of the gazetteer,
    not на or так misread; the same word in running text is still suspected."""
    doc = Pipeline(["normalize", "detect", "lexicon", "decide"]).run(Document(id="t", text=text, tokens=tokenize(text)))
    assert not [c for c in doc.candidates if c.original == word]
    plain = "однако выполнить его будет трудно, тпк как дороги непрерывно подвергаются ударам авиации."
    doc = Pipeline(["normalize", "detect", "lexicon", "decide"]).run(Document(id="t", text=plain, tokens=tokenize(plain)))
    assert any(c.original == "тпк" and c.replacement == "так" for c in doc.candidates)
