"""The translation stage on the seeds: names, words, numbers, missing/extra text."""
from __future__ import annotations

import pytest

from pipeline.bundle import read_bundle
from pipeline.model import Document
from pipeline.stages import Pipeline
from pipeline.tokens import tokenize


@pytest.fixture(scope="module")
def seed002():
    from pathlib import Path
    d = read_bundle(Path(__file__).resolve().parent.parent / "samples" / "seed-002")
    Pipeline(["translation"]).run(d)
    return d


def run_pipeline(text: str, en: str) -> Document:
    """The whole pipeline over ``text`` with its English ``en``."""
    d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
    Pipeline().run(d)
    return d


def over(text: str, en: str, original: str) -> list:
    """The whole pipeline's suggestions over ``original`` in ``text`` with its English ``en``."""
    return [s for s in run_pipeline(text, en).suggestions if s.original == original]


def top(doc, original):
    cands = [c for c in doc.candidates if c.original == original and c.stage.startswith("translation")]
    return max(cands, key=lambda c: c.score) if cands else None


@pytest.mark.parametrize("ocr,fix", [
    ("ЧУ ЦО", "ЧЖУ ДЭ"), ("ЧОУ ШЕ-ЛЯН", "ЧЖОУ ЭНЬ-ЛАЯ"), ("МАС ЦИ", "ЛЮ ШАО-ЦИ"), ("ДУИ СИ-У", "ДУН БИ-У"), ("ЧЕНЬ ШИ", "ЧЕНЬ ЮНЯ"),
    ("ЧОУ ЦО", "БО И-БО"), ("ГАС ГАНЖИ", "ГАО ГАНОМ"), ("МАС ЦУ", "КИМ ИРУ"),
    ("обиспываться", "обмениваться"), ("Сиаи", "Сиам"),
])
def test_seed002_fixes(seed002, ocr, fix):
    c = top(seed002, ocr)
    assert c is not None and c.replacement.startswith(fix)
    assert c.features["translation"] == 1.0 and any(e.startswith("English: '") for e in c.evidence)


def test_enumeration_evidence(seed002):
    c = top(seed002, "ЧЕНЬ ШИ")
    assert "list position 5 of 6" in c.evidence[0] and "Chen Yun" in c.evidence[0]
    assert any("genitive" in e and "товарищей" in e for e in c.evidence)


def test_confirmed_names_are_never_changed(seed002):
    confirmed = [f for f in seed002.flags if f.confirmed and f.kind == "name"]
    assert any(f.original == "МАО ЦЗЕ-ДУН" for f in confirmed)
    for f in confirmed:
        assert not any(c.start < f.end and f.start < c.end for c in seed002.candidates)


def test_alignment_annotation(seed002):
    al = seed002.annotations["alignment"]
    assert len(al) > 20 and {"ru_start", "ru_end", "en_start", "en_end", "score"} <= set(al[0])


def test_extra_text_is_flagged_not_deleted(samples):
    d = read_bundle(samples / "seed-004")
    text = d.text
    Pipeline(["translation"]).run(d)
    extra = [f for f in d.flags if f.kind == "extra"]
    assert any("ИНВЕСТИЦИОННО" in f.original and "MINISTRY OF FOREIGN AFFAIRS" in f.reasons[0] for f in extra)
    assert d.text == text and top(d, "георически").replacement == "героически"


def test_no_translation_does_nothing():
    d = Document(id="x", text="Текст без перевода.", tokens=tokenize("Текст без перевода."))
    Pipeline(["translation"]).run(d)
    assert d.candidates == [] and d.flags == [] and "alignment" not in d.annotations


def test_translator_spelling_chooses_between_russian_variants():
    from pipeline.gazetteer import gazetteer
    from pipeline.translation_stage import best_form
    gaz = gazetteer()
    zhou = gaz.entities["zhou_enlai"]
    # the OCR letters alone lean to the period variant Эн-ляй ...
    assert best_form(gaz, zhou, "ЧОУ ШЕ-ЛЯН", "gent")[0] == "ЧЖОУ ЭН-ЛЯЯ"
    # ... the pinyin of the translation (Zhou Enlai → Чжоу Эньлай) says which spelling it is
    assert best_form(gaz, zhou, "ЧОУ ШЕ-ЛЯН", "gent", "Zhou Enlai")[0] == "ЧЖОУ ЭНЬ-ЛАЯ"
    # a word the OCR kept intact (ЧЕНЬ) outweighs the romanisation (Chen → Чэнь)
    chen = next(e for e in gaz.entities.values() if "Chen Yun" in e.en)
    assert best_form(gaz, chen, "ЧЕНЬ ШИ", "gent", "Chen Yun")[0] == "ЧЕНЬ ЮНЯ"


def test_a_name_with_a_stray_mark_glued_is_not_confirmed_as_written():
    """``Мукден=``: the English names Mukden, but the mark may be the lost ending (Мукдена),
    so the names stage's fix stays; the same name without the mark is confirmed."""
    en = "Supplies for the volunteers will be organised from Mukden under the direction of Gao Gang."
    for text, confirmed in (("Снабжение добровольцев будет организовано из Мукден= под руководством ГАО ГАНА.", False),
                            ("Снабжение добровольцев будет организовано из Мукдена под руководством ГАО ГАНА.", True)):
        d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
        Pipeline().run(d)
        assert any(f.confirmed and f.original.startswith("Мукден") for f in d.flags) == confirmed
        if not confirmed:
            s = next(s for s in d.suggestions if s.original.startswith("Мукден"))
            assert s.replacement == "Мукдена"


def test_pieces_of_one_name_broken_by_marks_get_one_fix():
    """``МАО ЦЗ? -ДУН``: the two pieces go to the same English name; the fix covers both, so the
    name is not written twice (it was: МАО ЦЗ? -МАО ЦЗЭ-ДУН)."""
    text = "Переговоры с китайской стороны вели МАО ЦЗ? -ДУН, ЛЮ ШАО-ЦИ,\nЧЖОУ ЭНЬ-ЛАЙ, ЧЖУ ДЭ."
    en = "The talks on the Chinese side were conducted by MAO ZEDONG, LIU SHAOQI, ZHOU ENLAI, ZHU DE."
    d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
    Pipeline(["translation"]).run(d)
    mao = [c for c in d.candidates if "МАО" in c.replacement]
    assert mao and all(c.original == "МАО ЦЗ? -ДУН" and c.replacement == "МАО ЦЗЭ-ДУН" for c in mao)


def test_the_case_comes_from_a_word_of_the_same_sentence():
    from pipeline.translation_stage import context_case, government
    gov = government()
    text = "держит связь с МАО ЦЗЭ-ДУНОМ.\nПВ ДЭ-ХУАЙ предлагает"
    assert context_case(text, text.index("ПВ"), gov) == (None, "")  # ДУНОМ. ends the sentence
    text = "Разослано: т.т. ВОРОШИЛОВУ"
    assert context_case(text, text.index("ВОР"), gov) == (None, "")  # a list after a colon
    text = "вместе с тов. КИМ ИР СЕНОМ"
    assert context_case(text, text.index("КИМ"), gov)[0] == "ablt"  # тов. is skipped
    text = "Товарищу ФИЛИППОВУ\nЧЖОУ ЭНЬ-ЛАИ просил"
    assert context_case(text, text.index("ЧЖОУ"), gov) == (None, "")  # no apposition to a name
    text = "мосты перез\nЯпонзян"
    assert context_case(text, text.index("Япон"), gov) == (None, "")  # a garbled word governs nothing
    text = "в присутствии товарищей ЧЖОУ"
    assert context_case(text, text.index("ЧЖОУ"), gov)[0] == "accs|gent"  # товарищей: either


def test_a_preposition_with_two_cases_lets_the_ending_choose():
    from pipeline.gazetteer import gazetteer
    from pipeline.translation_stage import best_form
    gaz = gazetteer()
    taiwan = next(e for e in gaz.entities.values() if "Taiwan" in e.en)
    assert best_form(gaz, taiwan, "Тёй-аня", "ablt|gent", "Taiwan")[0] == "Тайваня"  # с Тайваня: from
    assert best_form(gaz, taiwan, "Тайвзнем", "ablt|gent", "Taiwan")[0] == "Тайванем"  # с Тайванем: with


def test_the_translators_spelling_does_not_outweigh_the_letters():
    """The English says Yalu, which transcribes as Ялу, another Russian name of the river; the
    OCR letters show Ялуцзян.  Among spellings matching as many intact OCR words, the English
    still chooses (Пэн, not Пен, Дэ-хуай)."""
    from pipeline.gazetteer import gazetteer
    from pipeline.translation_stage import best_form
    gaz = gazetteer()
    yalu = next(e for e in gaz.entities.values() if "Yalu" in e.en)
    assert best_form(gaz, yalu, "Ялуцзан", None, "Yalu")[0] == "Ялуцзян"
    peng = gaz.entities["peng_dehuai"]
    assert best_form(gaz, peng, "ПВ ДЭ-ХУАЙ", None, "Peng Dehuai")[0] == "ПЭН ДЭ-ХУАЙ"


def test_pieces_of_a_word_wrapped_at_a_line_end_are_no_name_spans():
    from pipeline.translation_stage import russian_name_spans
    text = "встреча МАО ЦЗ-\nДУН и Чжоу Эн-\nлаем в Порт-\nАртуре с ЧЖОУ ЭНЬ-ЛАЕМ"
    assert [text[a:b] for a, b in russian_name_spans(text, 0, len(text))] == ["ЧЖОУ ЭНЬ-ЛАЕМ"]


def test_a_name_and_a_conjunction_without_their_space_keep_the_conjunction():
    text = "Войска первой армии отходят от Тэгуи с рубежа реки Нактонган на север."
    en = "The troops of the First Army are withdrawing from Taegu and from the line of the Naktong River to the north."
    d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
    Pipeline(["translation"]).run(d)
    fixes = {c.replacement for c in d.candidates if c.original == "Тэгуи"}
    assert fixes == {"Тэгу и"}


def test_a_garbled_heading_left_unaligned_reads_the_english_opposite():
    """``Из МОСКЕН.`` and the signature ``НОТОТСВ`` share too little with their English to be
    aligned; between the same aligned neighbours (or after the last) the English opposite is
    still their translation, and names it."""
    text = ("ШИФРТЕЛЕГРАММА № 1176\nИз МОСКЕН. Отпразлено 11 феврапя 1950 г.\nПЕКИН, СОВПОСОЛ\n"
            "Товарищу РОЩИНУ\nДля Вашей ориентировки сообщаем, что переговоры с китайской делегацией "
            "идут успешно.\nНОТОТСВ")
    en = ("CIPHERED TELEGRAM No. 1176\nFrom MOSCOW. Sent 11 February 1950.\nPEKING, SOVIET AMBASSADOR\n"
          "To Comrade ROSHCHIN\nFor your information, we report that the talks with the Chinese delegation "
          "are going well.\nMOLOTOV")
    d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
    Pipeline(["translation"]).run(d)
    fixes = {c.original: c for c in d.candidates if c.kind == "name"}
    assert fixes["МОСКЕН"].replacement == "МОСКВЫ" and fixes["НОТОТСВ"].replacement == "МОЛОТОВ"
    assert all(c.features["gap"] == 1.0 and "unaligned passage" in c.evidence[0] for c in fixes.values())
    # a passage the alignment placed is read as before
    assert not any(c.features["gap"] for c in d.candidates if c.kind == "name" and c.original not in fixes)


def test_gap_beads_need_both_sides_and_few_segments():
    from pipeline.align import Alignment, Bead, Segment
    from pipeline.translation_stage import GAP_SEGMENTS, gap_beads

    def segs(n):
        return [Segment(i, i, i + 1, "x") for i in range(n)]
    al = Alignment(segs(10), segs(10), [Bead([0], [0], 1.0), Bead([1], [], 0.0), Bead([], [1], 0.0),
                                      Bead([2], [2], 1.0), Bead([3], [], 0.0),  # nothing opposite
                                      Bead([4], [3], 1.0)] +
                   [Bead([5 + k], [], 0.0) for k in range(GAP_SEGMENTS + 1)] + [Bead([], [4], 0.0)])  # too many
    assert [(b.ru, b.en) for b in gap_beads(al)] == [([1], [1])]


def test_a_name_in_capitals_with_a_letter_read_small_stays_in_capitals():
    from pipeline.gazetteer import gazetteer
    from pipeline.translation_stage import best_form, written_in_capitals
    gaz = gazetteer()
    ho = next(e for e in gaz.entities.values() if "Ho Chi Minh" in e.en)
    assert best_form(gaz, ho, "ХО ШИ МИНОмМ", "ablt", "Ho Chi Minh")[0] == "ХО ШИ МИНОМ"
    assert best_form(gaz, ho, "Хо Ши Минам", "ablt", "Ho Chi Minh")[0] == "Хо Ши Мином"
    assert written_in_capitals("ПЭН ДЭ-ХУАЙ") and not written_in_capitals("Пэн Дэ-хуай")


def test_a_common_word_in_capitals_in_running_text_may_be_a_garbled_name():
    """Cables wrote names in capitals: ``встречи с ВЕРУ`` (вера, faith) opposite "Nehru" is Неру,
    one letter away; a common word in small letters, or further from the name, is left alone."""
    en = "On the way he will meet Nehru in Delhi."
    for text, fixed in (("По пути он встретится с ВЕРУ в Дели.", "НЕРУ"),
                        ("По пути он встретится с верой в Дели.", None),
                        ("По пути он встретится с ВЕРОЙ в Дели.", None)):
        d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
        Pipeline(["translation"]).run(d)
        got = [c.replacement for c in d.candidates if c.kind == "name"]
        assert got == ([fixed] if fixed else []), text


def test_c_takes_the_genitive_where_the_english_says_from():
    """с + instrumental (with), or + genitive (from): the English preposition tells which; a
    lost final м (СЕНО) is the instrumental where it says 'with'."""
    cases = [("Гоминдановская авиация с Тайвзня продолжает налеты.",
              "The Kuomintang aircraft from Taiwan continue the raids.", "Тайвзня", "Тайваня"),
             ("Затем состоялась беседа с КИМ ИР СЕНО, который прибыл из Пхеньяна.",
              "Then there was a conversation with Kim Il Sung, who had arrived from Pyongyang.",
              "КИМ ИР СЕНО", "КИМ ИР СЕНОМ")]
    for text, en, garbled, right in cases:
        d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
        Pipeline().run(d)
        assert [s.replacement for s in d.suggestions if s.original == garbled] == [right]


def test_a_name_whose_case_is_a_guess_is_left_for_review():
    """No word before the name gives its case and the OCR lost its ending (Пусанз): the case
    the fix takes is a guess, so it is not applied automatically."""
    text = "Противник удерживает плацдарм у Тэгу и Пусанз."
    en = "The enemy holds a bridgehead near Taegu and Pusan."
    d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
    Pipeline().run(d)
    fix = next(s for s in d.suggestions if s.original == "Пусанз")
    assert fix.status == "review" and any("a guess" in e for e in fix.evidence)


def test_a_lost_final_letter_is_not_read_as_a_lost_space():
    """``За Хангано``: Ханганом with its м lost, not Ханган + о; no conjunction before a full stop."""
    for text, en, garbled, right in (
            ("За Хангано противник создает оборону.", "Beyond the Han River the enemy is building defences.",
             "Хангано", "Ханганом"),
            ("Войска отходят от Тэгуи с рубежа реки Нактонган.",
             "The troops are withdrawing from Taegu and from the Naktong line.", "Тэгуи", "Тэгу и")):
        d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
        Pipeline().run(d)
        assert [s.replacement for s in d.suggestions if s.original == garbled] == [right]
    text = "Наши части вошли в Сеули."
    d = Document(id="t", text=text, tokens=tokenize(text), translation="Our units entered Seoul.")
    Pipeline().run(d)
    assert all(" и" not in s.replacement for s in d.suggestions)


def test_no_list_positions_opposite_an_unaligned_passage():
    """A list nobody aligned (Копии: ...) and an English title naming other people: pairing by
    position would rename the list; only names that look alike pair there."""
    text = ("ЗАПИСЬ БЕСЕДЫ\nВ беседе обсуждались вопросы торговли между двумя странами и поставки "
            "оборудования.\nКопии: т.т. ГРИГОРЬЯНУ, ПОНОМАРЕВУ, ЗОРИНУ")
    en = ("Telegram on talks between Stalin, Mao Zedong and Kim Il Sung\nThe conversation dealt with trade "
          "between the two countries and deliveries of equipment.\n[Source: Archive of the President]")
    assert run_pipeline(text, en).suggestions == []


def test_pieces_of_a_name_across_a_mark_are_fixed_together():
    """``МО. РИСОН`` opposite Morrison: the pair was РИСОН alone and its fix wrote МО twice; the
    span grows over the piece before the mark when together they are more like the name."""
    for text, en, fix in (("6. МО. РИСОН поддержал американцев и согласился с ними.",
                           "6. Morrison supported the Americans and agreed with them.", ("МО. РИСОН", "МОРРИСОН")),
                          ("Переводил ФЕДОР’ НКО.", "Fedorenko interpreted.", ("ФЕДОР’ НКО", "ФЕДОРЕНКО"))):
        d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
        Pipeline(["translation"]).run(d)
        assert [(c.original, c.replacement) for c in d.candidates if c.kind == "name"] == [fix]


def test_the_case_of_a_subject_and_after_a_heading_line():
    """A name that begins a sentence and is followed by a verb is its subject (nominative); a
    heading line's name (Товарищу ФИЛИППОВУ) governs nothing on the next line; a river's name
    after реке stays in the nominative (Чхончхонган, not the genitive Чхончхона); before a full
    stop no conjunction is split off: the letter is a garbled ending (в Кэсони. → Кэсоне)."""
    cases = [("Товарищу ФИЛИППОВУ\nКИМ ИР СЕНЫ просил передать Вам благодарность.",
              "To Comrade FILIPPOV\nKIM IL SUNG asked me to convey his gratitude to you.", "КИМ ИР СЕН"),
             ("В письме говорится, что наши войска и войска\nКИМ ИР СЕНЫ наступают.",
              "The letter says that our troops and the troops of\nKIM IL SUNG are advancing.", "КИМ ИР СЕНА"),
             ("Наши части вышли к реке Чхончхонга и закрепились.",
              "Our units reached the Chongchon River and dug in.", "Чхончхонган"),
             ("Штаб фронта находится в Кэсони.", "The front headquarters is in Kaesong.", "Кэсоне")]
    for text, en, right in cases:
        d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
        Pipeline().run(d)
        got = [s.replacement for s in d.suggestions if s.kind == "name"]
        assert got == ([right] if right else []), text


def test_second_review_of_the_translation_stage_cases():
    """A common word in capitals read as a name is offered for review only; a subject needs a
    verb that agrees with one man and no subject after it; an initial is no preposition."""
    cases = [("Индийский премьер подчеркнул, что индийский народ сохраняет ВЕРУ в ООН.",
              "Nehru stressed that the Indian people keep their faith in the UN.", "ВЕРУ", "НЕРУ", "review"),
             ("МАО ЦЗЭ-ДУНЗ беспокоит положение на фронте.",
              "Mao Zedong is worried about the situation at the front.", "МАО ЦЗЭ-ДУНЗ", None, "review"),
             ("ПЭН ДЭ-ХУАК назначили командующим.", "Peng Dehuai was appointed commander.",
              "ПЭН ДЭ-ХУАК", None, "review"),
             ("Письмо Н. С. ХРУЩЕВО передано МАО ЦЗЭ-ДУНУ.",
              "N. S. Khrushchev's letter was handed to Mao Zedong.", "ХРУЩЕВО", "ХРУЩЕВА", "auto")]
    for text, en, garbled, right, status in cases:
        d = Document(id="t", text=text, tokens=tokenize(text), translation=en)
        Pipeline().run(d)
        fix = next(s for s in d.suggestions if s.original == garbled)
        assert fix.status == status and (right is None or fix.replacement == right), text


def test_an_english_name_of_two_places_takes_the_one_nearer_the_ocr():
    """Andong is Аньдун in China and Андон in Korea: the garbled Russian chooses (Анудуне is one
    letter from Аньдуне, two from Андоне)."""
    text = ("КИМ ИР СЕН просит ускорить отправку 30 вагонов горючего через\nСиныйджу, задержанных в "
            "Анудуне.\nВчера в ставке состоялось совещание.")
    en = "KIM IL SUNG asks to speed up the dispatch of 30 wagons of fuel via Sinuiju, held up at Andong. Yesterday a meeting was held at headquarters."
    d = run_pipeline(text, en)
    [s] = [s for s in d.suggestions if s.original == "Анудуне"]
    assert s.replacement == "Аньдуне" and any("English: 'Andong'" in e for e in s.evidence)
    assert all(c.replacement == "Аньдуне" for c in d.candidates if c.original == "Анудуне")


def test_a_capital_after_a_small_letter_begins_no_name():
    """``лЮ БО-ЧЭН`` (Л read small): the translation stage must not fix ``Ю БО-ЧЭН`` to ЛЮ БО-ЧЭН
    and leave the small letter before it (лЛЮ)."""
    text = ("Его заместителями назначены ПЭН ДЭ-ХУАЙ и ЛЮ БО-ЧЭН. лЮ БО-ЧЭН одновременно возглавит "
            "военную академию в Нанкине.\nЭто решение принято вчера.")
    en = ("PENG DEHUAI and LIU BOCHENG have been appointed his deputies. LIU BOCHENG will at the same time "
          "head the military academy in Nanking. This decision was taken yesterday.")
    d = run_pipeline(text, en)
    assert not [s for s in d.suggestions if s.original.startswith("Ю")]


def test_a_confirmed_name_inside_a_fix_that_keeps_it_does_not_block_the_fix():
    """The English confirms Кореи; the names stage's fix of Трудотой партии Кореи leaves Кореи as
    it is and stays (it had been dropped with every candidate over the confirmed name)."""
    text = ("Посылаю краткое сообщение о пленуме ЦК Трудотой партии Кореи, состоявшемся в декабре 1950 года.\n"
            "С докладом выступил Ким Ир Сен.")
    en = ("I send a brief report on the plenum of the CC of the Workers' Party of Korea, held in December 1950. "
          "Kim Il Sung delivered the report.")
    fixes = {(s.original, s.replacement) for s in run_pipeline(text, en).suggestions}
    assert ("Трудотой партии Кореи", "Трудовой партии Кореи") in fixes


@pytest.mark.parametrize("text, en, original, without_english", [
    # товарищу Бещеву: a minister the gazetteer lacks; the English says Beshchev, so the names
    # stage's Белову (two letters away) is dropped
    ("СЕКРЕТНО\nМинистру путей сообщения СССР товарищу Бещеву\nДОКЛАДНАЯ ЗАПИСКА\n"
     "о работе Китайской Чанчуньской железной дороги в 1950 году",
     "SECRET\nTo the USSR Minister of Railways Comrade Beshchev\nREPORT\n"
     "on the work of the Chinese Changchun Railway in 1950", "Бещеву", "Белову"),
    # генерал КОЛСОН: the English Colson, said kolson, writes it as the OCR reads it, so the
    # names stage's КОКСАН (a place two letters away) is dropped
    ("Новый комендант лагерей генерал КОЛСОН подписал заявление. В заявлении КОЛСОН признал, "
     "что в лагере были случаи насилия.",
     "The new camp commandant General Colson signed a statement. In the statement Colson admitted "
     "that there had been cases of violence in the camp.", "КОЛСОН", "КОКСАН"),
])
def test_the_english_writing_a_name_as_read_keeps_it(text, en, original, without_english):
    """A name the gazetteer lacks, written right: the English writes it as the OCR reads it, so
    the names stage's fix (offered without the English) is dropped."""
    assert not over(text, en, original)
    assert [s.replacement for s in over(text, "", original)] == [without_english]


def test_an_english_name_with_the_same_consonants_writes_the_word_as_read():
    """СИБОЛД, Sebald: the vowels differ (sibold, sebald), the consonants do not; a name the
    gazetteer lacks, written right, is left alone."""
    from pipeline.translation_stage import _written_as_read
    assert _written_as_read("the chairman of the council, Sebald, demanded", "СИБОЛД", ["Хабаровск"])
    assert not _written_as_read("the chairman of the council, Sebald, demanded", "ХАБОРОВСК", ["Хабаровск"])


def test_an_initial_is_no_name_span():
    """товарища Молотова В. М. с Премьером ... КНР: the initial М was paired with the English PRC
    as the only name between two paired ones, and 'fixed' to КНР."""
    text = ("ЗАПИСЬ БЕСЕДЫ\nтоварища Молотова В. М. с Премьером Государственного\nадминистративного совета "
            "КНР Чжоу Энь-лаем\nМосква, Кремль, 20 августа 1952 года")
    en = ("RECORD OF CONVERSATION\nof Comrade Molotov V. M. with the Premier of the Government Administration "
          "Council of the PRC Zhou Enlai\nMoscow, the Kremlin, 20 August 1952")
    assert not over(text, en, "М")


def test_the_english_base_form_decides_a_name_the_gazetteer_lacks():
    """Коно (a Japanese minister the gazetteer lacks) is one letter from Коноэ: the English says
    Kono, which the OCR word matches fully and Konoe only in part — the fix is dropped."""
    text = ("В ходе переговоров Хатояма и Коно несколько раз встречались с Хрущевым.\n"
            "Коно настаивал на передаче Японии островов.")
    en = ("During the negotiations Hatoyama and Kono met Khrushchev several times. "
          "Kono insisted on the transfer of the islands to Japan.")
    assert not over(text, en, "Коно")


def test_the_english_read_back_as_a_korean_name_keeps_a_place_the_gazetteer_lacks():
    """Тэчхон is no gazetteer place; Кэчхон is one letter away.  The English Taechon, read back as
    a Korean name (Тэчон), is nearer the OCR word than the proposed name: no fix."""
    text = "Не перебазировать корейские истребители до окончания строительства аэродромов в Намси и Тэчхоне."
    en = ("Not to move the Korean fighters until the construction of the airfields at Namsi and "
          "Taechon is completed.")
    assert not over(text, en, "Тэчхоне")
    assert [s.replacement for s in over(text, "", "Тэчхоне")] == ["Кэчхоне"]


def test_a_fix_over_a_confirmed_name_may_read_a_glued_mark_as_a_letter():
    """МИД .ССР: the English confirms МИД (MFA); the fix to МИД СССР changes only the word with a
    stop glued to its start, read as the lost С."""
    text = "ШИФРТЕЛЕГРАММА\nМОСКВА, МИД .ССР\nТоварищу ВЫШИНСКОМУ\nДокладываю об итогах конференции."
    en = "CIPHERED TELEGRAM\nMOSCOW, MFA USSR\nTo Comrade VYSHINSKY\nI report on the results of the conference."
    assert [s.replacement for s in over(text, en, "МИД .ССР")] == ["МИД СССР"]


def test_a_list_takes_the_case_of_its_correct_names():
    """Разослано: a dative list; БУЛГАНИНХ lost its ending: the other names say dative."""
    text = ("Прошу указаний.\nРОЩИН\n"
            "Разослано: т.т. СТАЛИНУ, МОЛОТОВУ, МАЛЕНКОВУ, БУЛГАНИНХ, МИКОЯНУ.")
    en = "I request instructions.\nROSHCHIN\nDistributed to: Cdes. STALIN, MOLOTOV, MALENKOV, BULGANIN, MIKOYAN."
    sugg = over(text, en, "БУЛГАНИНХ")
    assert [s.replacement for s in sugg] == ["БУЛГАНИНУ"]
    assert any("like the other names of the list" in e for e in sugg[0].evidence)


def test_a_name_period_documents_left_undeclined_goes_to_review_in_a_dative_list():
    """БЕРИЯ was often left undeclined in a dative list: БЕРИИ and БЕРИЯ are both dative forms of
    the gazetteer's name, so a garbled БЕРИК is not fixed automatically."""
    text = "Разослано: т.т. СТАЛИНУ, МОЛОТОВУ, МАЛЕНКОВУ, БЕРИК, МИКОЯНУ."
    en = "Distributed to: Cdes. STALIN, MOLOTOV, MALENKOV, BERIA, MIKOYAN."
    sugg = over(text, en, "БЕРИК")
    assert sugg and all(s.status == "review" for s in sugg)


def test_an_yo_in_a_text_that_writes_none_is_a_misread_letter():
    """Typescripts had no ё: Аньдунё is Аньдун with a misread ending (genitive after районе), not
    the prepositional Аньдуне; in a text that writes ё (её, ещё) it would be a spelling."""
    text = "Армия общей численностью 260.000 человек сосредоточена в районе Аньдунё и начнет переправу."
    en = "An army of 260,000 men is concentrated in the region of Andong and will begin the crossing."
    assert [s.replacement for s in over(text, en, "Аньдунё")] == ["Аньдуна"]


def test_korean_spellings_of_one_sound_compare_alike():
    """Хичхон (Huichon) is no gazetteer place: the English read back (Хыйчон) and the OCR word
    differ only in spellings of one sound (ый/и, чх/ч), so the fix to Кэчхон is dropped."""
    text = "Часть министерств и типографию разместить в Хичхоне и Манпо."
    en = "To place part of the ministries and the printing house in Huichon and Manpo."
    assert not over(text, en, "Хичхоне")


def test_a_known_abbreviation_is_no_name_by_list_position():
    """бюро ЦК: ЦК stands where the English has Canton between two paired names, but it is a
    known abbreviation with nothing of Canton's letters: no fix."""
    text = ("МАО ЦЗЭ-ДУН в апреле поручил направить в Кантон рабочую группу ЦК и закончить раздел земли "
            "в Гуандуне до осени.")
    en = ("In April Mao Zedong instructed that a working group of the CC be sent to Canton and that the "
          "division of land in Guangdong be completed by autumn.")
    assert not over(text, en, "ЦК")


def test_union_of_ssr_is_a_name_of_the_ussr():
    """Военному министру Союза ССР: ССР is right here (Союз ССР), whatever the English USSR says."""
    text = "Совершенно секретно\nВоенному министру Союза ССР товарищу ВАСИЛЕВСКОМУ\nДокладываю об итогах боев."
    en = "Top secret\nTo the Minister of War of the USSR Comrade VASILEVSKY\nI report on the results of the fighting."
    assert not over(text, en, "ССР")


def test_english_names_with_small_hyphenated_parts():
    """Korean romanisation writes the parts of a name after a hyphen in small letters: Pak
    Chang-ok, Kunu-ri are names of the gazetteer, and the English evidence finds them."""
    from pipeline.gazetteer import gazetteer
    from pipeline.translation_stage import english_names
    got = [(en, ent.id) for _, _, en, ent in english_names("Pak Chang-ok withdrew to Kunu-ri.", gazetteer())]
    assert got == [("Pak Chang-ok", "pak_chang_ok"), ("Kunu-ri", "kunuri")]
    text = ("ШИФРТЕЛЕГРАММА\nСовершенно секретно\n\nПАК ЧОН ОК заявил, что вопрос будет решен в ближайшее "
            "время.\n\nПрошу ваших указаний.")
    en = ("CIPHERED TELEGRAM\nTop secret\n\nPak Chang-ok stated that the question would be settled shortly.\n\n"
          "I request your instructions.")
    assert [s.replacement for s in over(text, en, "ПАК ЧОН ОК")] == ["ПАК ЧАН ОК"]


def test_korean_english_o_does_not_choose_the_russian_vowel():
    """Pak Hon-yong: the English o stands for ŏ as well, so it does not pick the variant Хон over
    the period Хен the gazetteer gives first."""
    text = "Сегодня вечером я имел беседу с КИМ ИР СЕНОМ и ПАК ХСН ЕНОМ."
    en = "This evening I had a conversation with Kim Il Sung and Pak Hon-yong."
    assert [s.replacement for s in over(text, en, "ПАК ХСН ЕНОМ")] == ["ПАК ХЕН ЕНОМ"]


def test_a_known_word_the_english_translates_as_written_is_not_changed_automatically():
    """посла (of the ambassador) read as после: the English says Ambassador, of which посла is a
    form, so the real-word fix waits for a person."""
    text = ("ЗАПИСЬ БЕСЕДЫ\nпосла СССР в КНДР т. РАЗУВАЕВА с Председателем Кабинета Министров КНДР "
            "КИМ ИР СЕНОМ\n10 июня 1952 г.")
    en = ("RECORD OF CONVERSATION\nof the USSR Ambassador to the DPRK Cde. Razuvaev with the Chairman of the "
          "Cabinet of Ministers of the DPRK Kim Il Sung\n10 June 1952")
    assert all(s.status == "review" for s in over(text, en, "посла"))


def test_a_signature_alone_on_its_line_near_a_name():
    """МОЛОТОЕ alone on its line (a signature the lexicon reads as молотое) is the name; the
    signature's run does not go on into the next line."""
    text = "Прошу ваших указаний.\nМОЛОТОЕ\nРазослано: т.т. СТАЛИНУ, МАЛЕНКОВУ."
    en = "I request your instructions.\nMOLOTOV\nDistributed to: Cdes. STALIN, MALENKOV."
    assert [s.replacement for s in over(text, en, "МОЛОТОЕ")] == ["МОЛОТОВ"]


def test_a_name_paired_by_its_place_is_dropped_where_the_english_writes_the_word_as_read():
    """Кашгаром stands between two paired names where the English has Guomindang, but the
    English also writes Kashgar, as the OCR reads: no fix (the gazetteer lacks Kashgar)."""
    text = "По словам ВАН ЧЖЭНЯ, на дорогах между Кашгаром и Урумчи еще действуют отряды гоминьдановских офицеров."
    en = ("According to Wang Zhen, detachments of former Guomindang officers are still active on the roads "
          "between Kashgar and Urumqi.")
    assert not over(text, en, "Кашгаром")


def test_a_name_the_english_gives_read_in_a_word_in_small_letters():
    """в хорее (the English: in Korea) — no capitalised word stands for Korea; the one word one
    letter from a form of it, its first letter the lost capital, is offered for review; a
    sentence with no such word gets nothing."""
    from pipeline.model import Document
    from pipeline.stages import Pipeline
    doc = Document(id="t", text="Обстановка в хорее остается напряженной.\n",
                   translation="The situation in Korea remains tense.\n")
    Pipeline().run(doc)
    assert [(s.replacement, s.status) for s in doc.suggestions if s.original == "хорее"] == [("Корее", "review")]
    doc = Document(id="t", text="Обстановка в стране остается напряженной.\n",
                   translation="The situation in Korea remains tense.\n")
    Pipeline().run(doc)
    assert not [s for s in doc.suggestions if s.kind == "name"]


@pytest.mark.parametrize("text, en", [
    ("войска будут выведены из Порт Артура не позднее конца 1952 г.\n",
     "the troops will be withdrawn from Port Arthur not later than the end of 1952.\n"),
    ("присутствовали ЛЮ ШАО-ЦИ, ЧЖОУ ЭНЬ-ЛАЙ, ДЭН СЯО-ПИН и ПЭН дЭ-\nХУАЙ, а с нашей стороны\n",
     "present were Liu Shaoqi, Zhou Enlai, Deng Xiaoping and Peng Dehuai, and on our side\n"),
])
def test_a_name_fix_writes_no_word_the_text_has_beside_it(text, en):
    """Порт Артура (a space for the hyphen), ПЭН дЭ- / ХУАЙ (split by the line): no fix of one
    word that adds the name's other words, which stand right beside it."""
    assert not [s for s in run_pipeline(text, en).suggestions if s.kind == "name"]


def test_a_name_in_small_letters_one_misreading_further_off_is_left_for_a_person():
    """в цихотан (the English: Shikotan): the capital lost and one cheap misreading more
    (х for к) — an unsure fix a person sees, not applied."""
    doc = run_pipeline("Он был в цихотан вчера.\n", "He was in Shikotan yesterday.\n")
    assert not [s for s in doc.suggestions if s.original == "цихотан" and s.status == "auto"]
    assert any("Шикотан" in r for f in doc.flags if f.original == "цихотан" for r in f.reasons) or \
        [s.replacement for s in doc.suggestions if s.original == "цихотан"] == ["Шикотан"]


def test_two_names_side_by_side_in_one_run_of_capitalised_words():
    """``в КНОР Штыхов``: an abbreviation in capitals and a surname in small letters are two
    names; ``в Гослтане КНПР``: a garbled word before the name; each pairs with its own English
    name (DPRK, Shtykov), where the whole run paired with one and КНОР went to КНР."""
    text = "Прошу указаний о порядке встречи.\nПосол СССР в КНОР Штыхов\n"
    en = "I request instructions on the arrangements for the meeting.\nAmbassador of the USSR in the DPRK Shtykov\n"
    assert [s.replacement for s in over(text, en, "КНОР")] == ["КНДР"]
    assert [s.replacement for s in over(text, en, "Штыхов")] == ["Штыков"]
    text = "Считаю, что нашим советникам в Гослтане КНПР следует учитывать китайские поставки.\n"
    en = "I consider that our advisers in the State Planning Commission of the DPRK should take the Chinese deliveries into account.\n"
    assert [s.replacement for s in over(text, en, "КНПР")] == ["КНДР"]
    # a part written right is no second name: ЦЕ КПК is the garbled ЦК КПК as a whole
    text = "Об этом сообщили в ЦЕ КПК вчера.\n"
    en = "The CC CPC was informed of this yesterday.\n"
    assert not [s for s in over(text, en, "КПК") if s.original == "КПК"]


def test_a_place_after_a_noun_of_a_person_is_in_the_genitive():
    """Представитель Индих (the English: the representative of India): Индии, not the
    nominative of an apposition to Представитель."""
    text = "Представитель Индих поддержал предложение о выслушании корейцев.\n"
    en = "The representative of India supported the proposal to hear the Koreans.\n"
    assert [s.replacement for s in over(text, en, "Индих")] == ["Индии"]


def test_a_name_paired_by_its_letters_between_two_paired_names_is_placed_too():
    """Индии, Въурмы, Индонезии (India, Burma, Indonesia): the letters pair Въурмы with Burma
    only loosely, but it also stands between the two paired neighbours on both sides — a
    suggestion for review; where the names stage reads the span itself, its place adds nothing."""
    text = ("В Богоре соберутся премьер-министры Индии, Въурмы, Индонезии, Гондураса и Никарагуа, чтобы "
            "подготовить конференцию стран.\n")  # (the last two no names of the gazetteer)
    en = ("The prime ministers of India, Burma, Indonesia, Honduras and Nicaragua will meet in Bogor to prepare "
          "a conference of countries.\n")
    got = over(text, en, "Въурмы")
    assert [s.replacement for s in got] == ["Бирмы"]
    assert "between 'India' and 'Indonesia'" in got[0].evidence[0]


def test_a_garbled_adjective_of_a_name_is_no_name_of_its_own():
    """Китайск-й Народной Республики: the adjective with a letter of its ending read as a mark is
    not the name China (Китая), and agrees with the adjective after it (Китайской)."""
    text = "Громыко добавил, что без участия Китайск-й Народной Республики вопрос не решить.\n"
    en = "Gromyko added that without the participation of the People's Republic of China the question cannot be solved.\n"
    assert [s.replacement for s in over(text, en, "Китайск-й")] == ["Китайской"]


def test_a_heading_preposition_in_capitals_stands_between_two_names():
    """ПОСОЛЬСТВО СССР В КНЕР (EMBASSY OF THE USSR IN THE DPRK): В ends the run, so КНЕР pairs
    with the DPRK on its own (it went to КНР, one letter dropped)."""
    text = "СЕКРЕТНО\nПОСОЛЬСТВО СССР В КНЕР\nг. Пхеньян, 9 ноября 1954 г.\n"
    en = "SECRET\nEMBASSY OF THE USSR IN THE DPRK\nPyongyang, 9 November 1954\n"
    assert [s.replacement for s in over(text, en, "КНЕР")] == ["КНДР"]


def test_letters_before_glued_marks_and_capitals_are_no_name_alone():
    """ШТЫКО:-А (SHTYKOV): the name's last letter stands after the marks; ШТЫКО alone → ШТЫКОВ
    would leave :-А behind, so the translation stage offers nothing for the piece."""
    text = "ИЗ ДНЕВНИКА ПОСЛА СССР В КНДР ШТЫКО:-А Т.Ф.\nЗапись беседы с министром иностранных дел.\n"
    en = "FROM THE DIARY OF THE USSR AMBASSADOR TO THE DPRK T.F. SHTYKOV\nRecord of a conversation with the Minister of Foreign Affairs.\n"
    assert not [s for s in over(text, en, "ШТЫКО") if s.original == "ШТЫКО"]


def test_the_english_writing_one_word_of_a_longer_name_as_read_keeps_it():
    """ЧЭНЬ ДЭНОМ → ЧЭНЬ ЧЭНОМ (Chen Cheng), but the English says CHEN DENG: the one word the
    fix changes is written as read — a name the gazetteer lacks, left alone."""
    text = "Об этом сообщил заместитель командующего ЧЭНЬ ДЭНОМ, прибывший из Кореи.\n"
    en = "This was reported by the Deputy Commander CHEN DENG, who arrived from Korea.\n"
    assert not [s for s in over(text, en, "ЧЭНЬ ДЭНОМ") if s.kind == "name"]


def test_a_place_after_a_noun_of_a_person_in_apposition_does_not_break_the_stage():
    """A case the apposition rule reads from the dictionary is compared with the case after в/на
    safely (the stage once failed on this document)."""
    text = "Член Политбюро ЦК КПЯ Сига Ёсио выступил в парламенте.\n"
    en = "Member of the Politburo of the CC JCP Shiga Yoshio spoke in parliament.\n"
    doc = run_pipeline(text, en)
    assert not [s for s in doc.suggestions if s.kind == "name"]


def test_an_english_word_read_as_the_other_same_word_of_the_name():
    """ЦОЙ ЕН ЕН → ЦОЙ ЕН ГЕН: the English (Choe Yong-geon) writes Yong, read as ЕН, but that is
    the name's other ЕН, which the fix leaves; the changed word is not written as read."""
    text = ("КИМ ИР СЕН и ЦОЙ ЕН ЕН настаивают на скорейшем перебазировании корейской авиации на свою "
            "территорию, считая это делом большого политического значения.\n")
    en = ("Kim Il Sung and Choe Yong-geon insist on the earliest possible transfer of the Korean air force "
          "to their own territory, considering it a matter of great political importance.\n")
    got = [(s.original, s.replacement) for s in run_pipeline(text, en).suggestions if s.kind == "name"]
    assert ("ЦОЙ ЕН ЕН", "ЦОЙ ЕН ГЕН") in got


def test_a_spelling_the_document_repeats_is_not_changed_to_the_gazetteers_by_the_english():
    """Енампо three times, the gazetteer's Енампхо never: the cable's own spelling of the place
    the English names (Yongampo), not a garble; written once, the English may still correct it."""
    text = ("Из Енампо сообщают о митинге. Рабочие Енампо поддержали студентов.\n"
            "Порт Енампо закрыт до особого распоряжения.\n")
    en = ("Yongampo reports a rally. The workers of Yongampo supported the students.\n"
          "The port of Yongampo is closed until further notice.\n")
    assert not [s for s in run_pipeline(text, en).suggestions if s.original == "Енампо"]
    from pipeline.translation_stage import _written_alike_often, _writes_entity
    from pipeline.gazetteer import gazetteer
    assert _written_alike_often(text, "Енампо") and not _writes_entity(text, "yongampo", gazetteer())
    assert _writes_entity(text.replace("Рабочие Енампо", "Рабочие Енампхо"), "yongampo", gazetteer())


def test_a_name_spelled_from_its_english_romanisation_is_its_own_spelling():
    """ПЕЙПИНА is PEIPING read into Russian with a case ending, not ПЕКИНА garbled; Аньдунг is
    no reading of Andong plus an ending."""
    from pipeline.translation_stage import _spelled_from_english
    assert _spelled_from_english("PEIPING", "ПЕЙПИНА", "ПЕКИНА")
    assert _spelled_from_english("Peiping", "Пейпин", "Пекин")
    assert _spelled_from_english("PEIPING", "ПЕЙПИНОЙ", "ПЕКИНА")  # an ending with й, compared coarsely
    assert not _spelled_from_english("Andong", "Аньдунг", "Аньдуна")
    assert not _spelled_from_english("Peiping", "Бэйпина", "Бэйпина")  # the form itself reads so
    assert not _spelled_from_english("Port Arthur", "Порт-Артуга", "Порт-Артура")  # two words


def test_a_hyphenated_compound_is_not_cut_to_the_name_it_starts_with():
    """Пхеньан-Намдо (South Pyongan) stands between Hwanghae and Hamgyong where the English says
    Pyongan, but it is no garbled Пхенан; КОВ-ЛЕВ (КОВАЛЕВ with a letter read as a hyphen) keeps
    its letters in the fix and may be fixed."""
    from pipeline.translation_stage import _drops_compound_part
    assert _drops_compound_part("Пхеньан-Намдо", "Пхенаном")
    assert not _drops_compound_part("КОВ-ЛЕВ", "КОВАЛЕВ")
    assert not _drops_compound_part("Порт-Артуга", "Порт-Артура")
    text = ("Комитеты созданы в Хванхэ, Пхеньан-Намдо и Хамген-Намдо.\n")
    en = "Committees have been set up in Hwanghae, Pyongan and Hamgyong.\n"
    assert not [s for s in run_pipeline(text, en).suggestions if s.original == "Пхеньан-Намдо"]


@pytest.mark.parametrize("text,en,original,fix", [
    ("МОСКВА, МИД „ССР\nТоварищу МОЛОТОВУ\n", "MOSCOW, USSR MFA\nTo Comrade MOLOTOV\n", "МИД „ССР", "МИД СССР"),
    ("Вне очереди\nЦК «КПСС\nТоварищам МАЛЕНКОВУ\n", "Top priority\nCC CPSU\nTo Comrades MALENKOV\n",
     "ЦК «КПСС", "ЦК КПСС"),
])
def test_a_mark_the_names_stage_reads_beside_a_confirmed_abbreviation_is_mended(text, en, original, fix):
    """The English confirms МИД (MFA) or ЦК (CC); the names stage's fix keeps it and reads the
    mark beside it (a speck, or a letter): the fix stands, and USSR is no ССР written as read."""
    assert [s.replacement for s in over(text, en, original)] == [fix]


def test_an_enumeration_pairs_with_the_english_list_its_right_names_agree_with():
    """Two lists of five in one sentence, the English North list missing a name it does not
    know: the Russian North list, whose Манпхо and Хыннаме stand where the South list has Pusan
    and Kunsan, does not pair with the South list by position (Синйджу is no Inchon)."""
    text = ("Инспекционные группы размещены в Синйджу, Манпхо, Чхонджине, Хыннаме и Синанджу на Севере и "
            "в Инчоне, Пусане, Тэгу, Кунсане и Канныне на Юге.\n")
    en = ("The inspection teams have been stationed in Sinuiju, Manpo, Chongjin, Hungnam and Sinanju in the "
          "North and in Inchon, Pusan, Taegu, Kunsan and Kangnung in the South.\n")
    assert not [s for s in over(text, en, "Синйджу") if s.replacement.startswith("Инчон")]


@pytest.mark.parametrize("text,en", [
    # a preposition glued to the name by a mark is no letter of it: the name is written right
    ("На Северо-Западе. С'Ван Чжэнем он просил меня встретиться в Урумчи.",
     "In the Northwest. With Wang Zhen he asked me to meet in Urumqi."),
    ("ШИФРТЕЛЕГРАММА № 512\nИз`ПХЕНЬЯНА. Отправлено 16 мая 1950 г.",
     "CIPHER TELEGRAM No. 512\nFrom PYONGYANG. Sent 16 May 1950."),
])
def test_a_glued_preposition_is_not_dropped_with_the_name(text, en):
    doc = run_pipeline(text, en)
    assert not [s for s in doc.suggestions if s.kind == "name"]


def test_a_bracketed_gloss_is_a_name_of_its_own():
    """Мукден (Шэньян): the bracket opens a second name; no fix spans both."""
    text = "после окончания боев за\nЦзиньчжоу, Чанчунь и Мукден (Шэоньян).\n1. Наступление началось."
    en = "after the end of the battles for\nJinzhou, Changchun and Mukden (Shenyang).\n1. The offensive began."
    doc = run_pipeline(text, en)
    assert not [c for c in doc.candidates if c.kind == "name" and "(" in c.original]
    assert [s.replacement for s in doc.suggestions if s.original == "Шэоньян"] == ["Шэньян"]


def test_a_capital_the_ocr_broke_off_its_word_is_no_name():
    """П:›едседателем: the first letter of a word, not the DPRK the English names there."""
    text = "ЗАПИСЬ БЕСЕДЫ\nпосла СССР в Корее т. ШТЫКОВА с П:›едседателем Кабинета\nМинистров КНДР КИМ ИР СЕНОМ\n"
    en = "RECORD OF CONVERSATION\nof the USSR Ambassador to Korea Cde. SHTYKOV with the Chairman of the Cabinet\n" \
         "of Ministers of the DPRK KIM IL SUNG\n"
    doc = run_pipeline(text, en)
    assert not [c for c in doc.candidates if c.kind == "name" and c.original == "П"]


@pytest.mark.parametrize("english,original,proposed", [
    ("The units crossed the Yalu at Ji'an.", "Цзиань", ["Цзинань"]),     # pinyin's syllable mark
    ("The enemy landed near Kangnung.", "Каннына", ["Кайфына"]),        # ŭ written u: Каннын
    ("Tokuda and Yoshio Shiga spoke.", "Иосио", ["Иосидой"]),            # the period's Ио for Yo
    ("Ri Sung-yop reported on the south.", "Епом", ["Маном"]),            # a hyphenated name's part
])
def test_the_english_writes_a_name_the_gazetteer_lacks_as_the_ocr_reads_it(english, original, proposed):
    from pipeline.translation_stage import _written_as_read
    assert _written_as_read(english, original, proposed)


@pytest.mark.parametrize("english,original,proposed", [
    ("Syngman Rhee said that the army was ready.", "Мапом", ["Маном"]),
    ("The units crossed the Yalu at Ji'an.", "Цзинань", ["Цзиань"]),
])
def test_the_english_read_back_does_not_keep_a_garble(english, original, proposed):
    from pipeline.translation_stage import _written_as_read
    assert not _written_as_read(english, original, proposed)


def test_a_far_name_fix_the_english_never_names_is_only_flagged():
    """Чжанчжоу (a town the gazetteer lacks) is a letter from Чжэнчжоу; where the English
    translation never names Zhengzhou the fix goes, and the span is flagged with the proposal;
    where it does, the fix stays."""
    text = "Войска вышли к городу Чжанчжоу вчера.\n"
    doc = run_pipeline(text, "The troops reached the town yesterday.\n")
    assert not [s for s in doc.suggestions if s.original == "Чжанчжоу"]
    assert any(f.original == "Чжанчжоу" and "never names it" in f.reasons[0] for f in doc.flags)
    doc = run_pipeline(text, "The troops reached Zhengzhou yesterday.\n")
    assert [s.replacement for s in doc.suggestions if s.original == "Чжанчжоу"] == ["Чжэнчжоу"]


def test_an_abbreviation_glued_to_a_name_by_a_mark_stays_a_word():
    """в КНР`т. Юдин: the mark stands for the space before т. (товарищ); the fix keeps the
    abbreviation, it does not drop it as a garbled letter of the name."""
    doc = run_pipeline("Присутствовали посол СССР в КНР`т. Юдин, Председатель Госплана КНР Ли Фу-чунь.\n",
                       "Present were the USSR Ambassador to the PRC Comrade Yudin, Chairman of the State "
                       "Planning Committee of the PRC Li Fuchun.\n")
    assert not [s for s in doc.suggestions if s.original.startswith("КНР") and s.replacement == "КНР"]


def test_a_name_in_a_passage_left_unpaired_is_read_against_the_whole_translation():
    """A heading the alignment pairs with nothing (Из ЧЖАНЧЖОУ): a word anywhere in the English
    that reads as the OCR does (ZHANGZHOU), and is no gazetteer name, keeps the name from a fix to
    another (Чжэнчжоу); with no such word the fix may stand."""
    from pipeline.model import Candidate
    from pipeline.stages import get_resource
    from pipeline.translation_stage import _english_as_read

    class Unpaired:
        def english_for(self, start, end):
            return []

    text = "Из ЧЖАНЧЖОУ. Отправлено 21 октября.\n"
    c = Candidate(3, 11, "ЧЖАНЧЖОУ", "ЧЖЭНЧЖОУ", 0.7, "names@20", [], kind="name")
    gaz = get_resource("gazetteer")
    doc = Document(id="t", text=text, tokens=tokenize(text), translation="From ZHANGZHOU. Sent 21 October.\n")
    assert _english_as_read(doc, Unpaired(), gaz, c, "zhengzhou")
    doc = Document(id="t", text=text, tokens=tokenize(text), translation="Sent 21 October.\n")
    assert not _english_as_read(doc, Unpaired(), gaz, c, "zhengzhou")


def test_a_names_part_before_its_hyphen_in_small_letters_joins_the_fix():
    """порт-Артура, paired with Port Arthur between two paired names: the fix covers порт- too
    (Порт-Артура), not only Артура (порт-Порт-Артура)."""
    doc = run_pipeline("Затем Чжо; Энь-плай коснулол порт-Артура и ХГальнего. Он просил, чтобы советские "
                       "специалисты остались.\n",
                       "Then Zhou Enlai touched on Port Arthur and Dalny. He asked that the Soviet specialists "
                       "stay.\n")
    got = [(s.original, s.replacement) for s in doc.suggestions if s.replacement.endswith("Артура")]
    assert got == [("порт-Артура", "Порт-Артура")]


def test_a_name_written_right_and_the_word_a_mark_glued_to_it_are_two_words():
    """``в Пхеньян`пссла т. Иванова``: Пхеньян is a name written right, the glued word is
    посла; no suggestion replaces the pair by the name alone (losing the word) or changes the
    name."""
    doc = run_pipeline("Ким Ир Сен сказал, что культ личности осуждается. Полагаю целесообразным ускорить "
                       "возвращение в Пхеньян`пссла т. Иванова и проинформировать о положении ЦК КПК.\n",
                       "Kim Il Sung said that the cult of personality is condemned. I consider it advisable to "
                       "hasten the return to Pyongyang of Ambassador Comrade Ivanov and to inform the CC CPC of "
                       "the situation.\n")
    assert not [c for c in doc.candidates if "Пхеньян" in c.original]
    assert any(c.original == "пссла" and c.replacement == "посла" for c in doc.candidates)
    assert [(n["text"], n["status"]) for n in doc.annotations["names"] if n["text"].startswith("Пхеньян")] \
        == [("Пхеньян", "known")]


def test_a_name_and_an_abbreviation_a_hyphen_joins_are_two_names():
    """В Ухане и Баотоу-ЦК хотел: Баотоу, then ЦК; the English Paotow takes no word with it."""
    doc = run_pipeline("Центр строительства будет перенесен в Ухань, Баотоу, Ланьчжоу и Сиань. В Ухане и Баотоу-ЦК "
                       "хотел\nбы с помощью СССР построить 2 новых металлургических комбината.\n",
                       "The center of construction will be moved to Wuhan, Paotow, Lanchow and Sian. In Wuhan and "
                       "Paotow the CC would like to build 2 new metallurgical combines with the help of the USSR.\n")
    assert not [c for c in doc.candidates if "Баотоу-ЦК" in c.original]


def test_a_name_wrapped_by_a_doubled_hyphen_is_left_to_the_names_stage():
    """Ян Шан--/кунь: the OCR read the wrapping hyphen twice; Ян Шан is no name to complete."""
    doc = run_pipeline("В состав делегации входили Сун Цин-лин, Пэн Дэ-хуай, Ли Сянь-нянь, Уланьфу, Го Мо-жо, "
                       "Ян Шан--\nкунь, Ху Цяо-му, Лу Дин-и и Чэнь Бо-да.\n",
                       "The delegation included Soong Ching-ling, Peng Dehuai, Li Xiannian, Ulanhu, Guo Moruo, "
                       "Yang Shangkun, Hu Qiaomu, Lu Dingyi and Chen Boda.\n")
    assert not [c for c in doc.candidates if c.original.startswith("Ян Шан")]


def test_a_word_a_mark_broke_or_a_designation_is_no_name_that_lost_its_ending():
    """Чанчун:сксй (Чанчуньской) and Ялтин:ким (Ялтинским) are adjectives a mark broke, МиГ-15 an
    aircraft's designation: none is a name with its ending lost (Чанчуне, Ялты, Андона), and the
    piece before the mark gets no spelling fix of its own (Танцуй)."""
    cases = [
        ("ДОКЛАДНАЯ ЗАПИСКА\nо работе Китайской Чанчун:сксй железной дороги в 1950 году\n1. За 1950 год дорога "
         "перевезла 18 млн. тонн.\n", "REPORT\non the work of the Chinese Changchun Railway in 1950\n1. In 1950 "
         "the railway carried 18 million tons.\n", "Чанчун"),
        ("1. Из Мукдена перегнано 36 самолетов МиГ-15 для корейской\nистребительной дивизии; из них 12 находятся "
         "в вньлуне.\n", "1. 36 MiG-15 aircraft were ferried from Mukden for the Korean fighter division; of them "
         "12 are in Andong.\n", "МиГ"),
        ("Я ответил, что вопрос о Южном Сахалине и Курильских островах\nрешен Ялтин:ким соглашением 1945 г., а "
         "Потсдамская декларация ограничила суверенитет Японии.\n", "I replied that the question of South "
         "Sakhalin and the Kuril Islands was settled by the Yalta agreement of 1945, and the Potsdam Declaration "
         "limited the sovereignty of Japan.\n", "Ялтин"),
    ]
    for ru, en, word in cases:
        doc = run_pipeline(ru, en)
        assert not [c for c in doc.candidates if c.original == word], word


@pytest.mark.parametrize("ru,en,original,fix", [
    ("Газеты Токио пишут о близком восстановлении японской армии.\nГРОМЫК О\nРазослано: т.т. СТАЛИНУ, МОЛОТОВУ\n",
     "Tokyo newspapers write about the imminent restoration of the Japanese army.\nGROMYKO\nSent to: Cdes. STALIN, "
     "MOLOTOV\n", "ГРОМЫК О", "ГРОМЫКО"),
    ("ВЫШИНСКИЙ\nРазослано: т.т. СТАЛИНУ, МОЛОТОВУ, МАЛЕНКОВУ, БУЛГАНИНУ,\nМИКОЯ НУ.\n",
     "VYSHINSKY\nSent to: Cdes. Stalin, Molotov, Malenkov, Bulganin, Mikoyan.\n", "МИКОЯ НУ", "МИКОЯНУ"),
])
def test_a_names_last_letters_after_a_space_go_into_the_fix(ru, en, original, fix):
    """ГРОМЫК О: the letters after the space the OCR put inside the word are the name's; the fix
    covers them (not ГРОМЫКО О), whichever stage offers it, and only one does."""
    got = [(s.original, s.replacement) for s in run_pipeline(ru, en).suggestions
           if s.status in ("auto", "review") and s.original.startswith(original.split()[0])]
    assert got == [(original, fix)]


def test_a_name_the_cable_spelled_from_the_english_is_no_garble_for_the_names_stage():
    """Из ПЕЙПИНА, From PEIPING: the heading spells the city from its romanisation; the names
    stage's ПЕКИНА goes.  A garble of the gazetteer's spelling (ПЕКПИНА, From PEKING) is still fixed."""
    head = "ШИФРТЕЛЕГРАММА № 2296\nИз {}. Отправлено 31 мая 1949 г. в 22.35.\nВне очереди\nТоварищу ВЫШИНСКОМУ\n" \
           "Наши войска заняли Шанхай.\n"
    en = "CIPHERED TELEGRAM No. 2296\nFrom {}. Sent 31 May 1949 at 22:35.\nOut of turn\nTo Comrade VYSHINSKY\n" \
         "Our troops have taken Shanghai.\n"
    assert not over(head.format("ПЕЙПИНА"), en.format("PEIPING"), "ПЕЙПИНА")
    assert [s.replacement for s in over(head.format("ПЕКПИНА"), en.format("PEKING"), "ПЕКПИНА")] == ["ПЕКИНА"]


def test_a_short_real_word_is_no_far_garbled_name():
    """на Юге (in the South): the English Korea pairs with no three-letter word two letters off."""
    ru = ("Пак Хен Ен предлагает провести выборы в Верховное Народное\nСобрание по всей Коре-, а на Юге "
          "организовать их нелегально,. с\nтех чтобы делегаты Юга собрались з Хэджу.\n")
    en = ("Pak Heon-yeong proposes to hold elections to the Supreme People's Assembly throughout Korea, and to "
          "organize them illegally in the South, so that the delegates of the South would gather in Haeju.\n")
    assert not over(ru, en, "Юге")


def test_a_name_written_right_and_a_letter_a_hyphen_glued_is_left():
    ru = "увольнения работников на\nпредприятиях Осаки, Иокогамы-х Кобе для их увольнения.\n"
    en = "dismissal of workers at enterprises in Osaka, Yokohama and Kobe for their dismissal.\n"
    assert not over(ru, en, "Иокогамы-х")


def test_after_в_with_no_motion_the_prepositional_is_likelier():
    """в Аньдунг: Аньдуне and Аньдун are each one letter off; with no verb of motion the
    prepositional; в Тяньцзине и Шанхаг: the list's name written right says it too."""
    ru = "Прошу разрешения организовать совместную подготовку\nкорейских и советских летчиков в Аньдунг.\n"
    en = "I request permission to organize joint training of Korean and Soviet pilots in Andong.\n"
    assert [s.replacement for s in over(ru, en, "Аньдунг")] == ["Аньдуне"]
    ru = "такие же операции проведены в Тяньцзине и\nШанхаг, где в конце апреля задержано около 8.000\nчеловек.\n"
    en = ("the same operations were carried out in Tianjin and Shanghai, where at the end of April about 8,000 "
          "people were detained.\n")
    assert [s.replacement for s in over(ru, en, "Шанхаг")] == ["Шанхае"]


def test_with_no_case_the_likelier_form_of_those_the_letters_fit_alike():
    """Японик: Япония and Японии are each one letter off; a place stands in the genitive, dative
    or prepositional (Японии) far more often than in the nominative."""
    ru = ("ИОСИДА утверждал в прениях, что договор возвращае? Японик\nнезависимость, а американские "
          "войска нужны ей.\n")
    en = "Yoshida asserted in the debate that the treaty returns independence to Japan, and American troops are needed.\n"
    assert [s.replacement for s in over(ru, en, "Японик")] == ["Японии"]


def test_an_adjective_of_the_english_name_is_its_counterpart():
    """Republic of China: Китайской Республ,.ки — the adjective writes China; the run between
    the two paired names (Республ) is no garbled Китай."""
    ru = ("тов. СТАЛИНА И.В. с Председателем Исполнительного Юаня\n"
          "Китайской Республ,.ки СУН ЦЗЫ-ВЭНЕМ\n9 июля 1945 г.")
    en = "of Comrade J.V. STALIN with the President of the Executive Yuan of the Republic of China SONG ZIWEN\n9 July 1945"
    assert not [s for s in run_pipeline(ru, en).suggestions if s.kind == "name" and s.original == "Республ"]


def test_ch_for_a_korean_chh_is_no_garble_the_english_names():
    """у Чорвона, English Chorwon: Чхорвон written with ч for чх, a spelling of its own."""
    ru = "Орденами награждены командиры армий, воевавших под Кэсоном и у Чорвона.\n"
    en = "The commanders of the armies that fought near Kaesong and at Chorwon have been awarded orders.\n"
    assert not [s for s in run_pipeline(ru, en).suggestions if s.original == "Чорвона"]


def test_a_hyphened_name_s_last_piece_after_a_space_goes_into_the_fix():
    """Чжоу Энь- лай: the fix covers the piece after the hyphen and the space (no Энь-лай- лай)."""
    text = "Он сказал, что Мао Цзэ-дун и Чжоу Энь- лай,\nнаходящиеся в Москве, обсудят этот вопрос."
    en = "He said that Mao Zedong and Zhou Enlai, who are in Moscow, would discuss the question."
    doc = run_pipeline(text, en)
    fixes = [s for s in doc.suggestions if s.start < text.index("лай,") + 3 and text.index("Чжоу") < s.end]
    assert fixes and all(text[:s.start] + s.replacement + text[s.end:] ==
                         text.replace("Энь- лай", "Энь-лай") for s in fixes)


def test_a_name_in_a_romanisation_of_its_own_is_left_by_every_stage():
    """Кимпо, a port's -по for -пхо (Кимпхо): no names stage fix, and no spelling stage's Кино."""
    text = "ШИФРТЕЛЕГРАММА\n\nСегодня Кимпо подвергся сильной бомбардировке.\n"
    en = "CIPHERED TELEGRAM\n\nToday Gimpo was subjected to heavy bombing.\n"
    assert over(text, en, "Кимпо") == []
