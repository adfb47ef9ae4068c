"""Garbled gazetteer names in templated cable sentences: how often the whole pipeline puts a
name right, and how often it puts it wrong automatically.

The labelled documents name a few dozen people and places; the gazetteer has several hundred.
This benchmark takes every person and place of the gazetteer that none of the ``test`` split's
documents names (the held-out test stays unseen), writes each into short cable sentences
in one case each (nominative, genitive, dative, instrumental, prepositional; the Russian
in capitals for people, as cables typed them), with an English sentence that names it, garbles
the Russian name (``--kinds``: one letter read as a look-alike, :data:`LOOK_ALIKE`; two; a
mark for a letter; a lost letter; a seeded random position, never the first letter) and runs
the whole pipeline.  Kind ``correct`` writes the name right instead, in every Russian spelling the
gazetteer gives, people both in capitals and in the period's mixed case (ЧЖОУ ЭНЬ-ЛАЙ, Чжоу
Энь-лай): any suggestion over it is a change to a correct name (``changed auto`` or ``changed
review``; else ``kept``); kind ``beside`` does the same with the words on either side of the name
garbled (a look-alike letter, a mark for a letter or a lost letter, drawn at random), and often a
speck glued to the name's end. Kind ``wording`` writes the name right in the sentences of
:data:`WORDING`, kind ``wrapped`` in those of ``correct`` broken across two lines at each space or
hyphen inside it.  Each garbled case
counts as: ``right auto`` (an automatic fix makes the name right), ``right review`` (the right
form is offered for review), ``wrong auto`` (an automatic fix makes it something else — the
damage that matters), ``wrong review``, or ``none``.

    .venv/bin/python benchmarks/names_gazetteer.py [--seed N] [--limit N] [--show wrong]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.cli import correct_text  # noqa: E402
from pipeline.gazetteer import gazetteer  # noqa: E402
from pipeline.inflect import case_forms  # noqa: E402
from pipeline.labelled import labelled_texts  # noqa: E402

#: letters a worn typescript is read as (the confusions of the spelling stages' model that
#: are most common between Cyrillic letters)
LOOK_ALIKE = {"о": "сае", "н": "ип", "и": "нп", "е": "сэо", "э": "зе", "а": "зо", "м": "ни", "ш": "щ",
              "щ": "ш", "ы": "ь", "й": "и", "л": "п", "п": "лн", "к": "х", "в": "з", "г": "т", "т": "г",
              "я": "к", "у": "ц", "с": "о", "д": "л", "ж": "х", "ю": "о", "р": "п", "ч": "ц", "ц": "щ",
              "з": "э", "х": "ж"}

PERSON = {
    "nomn": ("{n} заявил, что вопрос будет решен в ближайшее время.",
             "{e} stated that the question would be settled shortly."),
    "gent": ("По мнению {n}, положение на фронте за последние дни улучшилось.",
             "In the opinion of {e}, the situation at the front has improved in recent days."),
    "datv": ("Я передал {n} содержание вашей телеграммы.",
             "I conveyed the contents of your telegram to {e}."),
    "ablt": ("Вчера состоялась моя беседа с {n}.",
             "Yesterday I had a conversation with {e}."),
    "loct": ("Советник сообщил новые сведения о {n}.",
             "The adviser reported new information about {e}."),
}
PLACE = {
    "nomn": ("Сегодня {n} подвергся сильной бомбардировке.",
             "Today {e} was subjected to heavy bombing."),
    "gent": ("Противник отошел из района {n} на юг.",
             "The enemy withdrew from the area of {e} to the south."),
    "datv": ("Колонна подошла к {n} ночью.",
             "The column approached {e} at night."),
    "loct": ("Наши части находятся в {n} и готовы к обороне.",
             "Our units are in {e} and ready for defence."),
}
#: more sentences for the kinds that write the name right (``correct``, ``beside``): a title
#: before a name, the accusative, a place after a noun or between prepositions
MORE = {
    "person": [
        ("nomn", "Как сообщил мне тов. {n}, переговоры прошли успешно.",
         "As Cde. {e} told me, the talks went well."),
        ("gent", "Прошу передать просьбу тов. {n} в ЦК.", "Please pass the request of Cde. {e} to the CC."),
        ("datv", "Телеграмма была вручена тов. {n} лично.", "The telegram was handed to Cde. {e} in person."),
        ("ablt", "Переговоры с тов. {n} продолжались до вечера.",
         "The talks with Cde. {e} went on until the evening."),
        ("accs", "Вчера я посетил {n} и передал ему письмо.",
         "Yesterday I visited {e} and gave him the letter."),
        ("loct", "В газетах много пишут о {n} и его поездке.",
         "The newspapers write much about {e} and his trip."),
        ("nomn", "На это ответил {n}, что вопрос еще не решен.",
         "To this {e} replied that the question was not yet settled."),
        ("nomn", "Мне сообщил {n} о решении правительства.", "{e} informed me of the government's decision."),
        ("datv", "Я сказал {n}, что ответ будет дан позже.", "I told {e} that the answer would be given later."),
        ("gent", "По поручению {n} к нам прибыл его секретарь.", "On the instructions of {e} his secretary came to us."),
        ("ablt", "ЗАПИСЬ БЕСЕДЫ С {n}", "RECORD OF A CONVERSATION WITH {e}"),
    ],
    "place": [
        ("gent", "Из {n} сообщают о новых арестах.", "New arrests are reported from {e}."),
        ("accs", "Делегация прибыла в {n} вчера вечером.", "The delegation arrived in {e} yesterday evening."),
        ("gent", "Положение в районе {n} остается напряженным.",
         "The situation in the area of {e} remains tense."),
        ("ablt", "Связь между {n} и Москвой прервана.", "The link between {e} and Moscow is cut."),
    ],
}
#: the wordings of kind ``wording``: a name written right where cables put names and the other
#: kinds do not — an addressee and a signature on lines of their own, a title or post before the
#: name, a post after it, a list, a number or a date beside it, a preposition of place or time,
#: a place in apposition to город or порт, the name at a line's end or start, two names together
#: (``{m}``: the next entity of the type); each also typed all in capitals, as some cables are
WORDING = {
    "person": [
        ("datv", "МОСКВА\nтов. {n}\n\nДокладываю о ходе переговоров.",
         "MOSCOW\nTo Cde. {e}\n\nI report on the course of the talks."),
        ("nomn", "Подробности сообщу дополнительно.\n\n{n}\n25.VI.50",
         "I will report details later.\n\n{e}\n25.VI.50"),
        ("nomn", "Председатель правительства {n} выступил с речью.",
         "The head of the government, {e}, made a speech."),
        ("nomn", "Министр иностранных дел {n} вручил ноту послу.",
         "Foreign Minister {e} handed the note to the ambassador."),
        ("gent", "Заявление министра иностранных дел {n} опубликовано сегодня.",
         "The statement of Foreign Minister {e} was published today."),
        ("nomn", "{n} - заместитель председателя Военного совета.",
         "{e} is the deputy chairman of the Military Council."),
        ("nomn", "Присутствовали {n}, его заместитель и секретарь ЦК.",
         "Present were {e}, his deputy and the secretary of the CC."),
        ("nomn", "В 12 часов {n} принял меня в своем кабинете.",
         "At 12 o'clock {e} received me in his office."),
        ("nomn", "В беседе со мной {n} сообщил, что войска готовы.",
         "In a talk with me {e} said that the troops were ready."),
        ("gent", "Получена телеграмма от {n} с просьбой о помощи.",
         "A telegram has come from {e} asking for help."),
        ("gent", "Вечером у {n} состоялось совещание.", "In the evening a meeting was held at {e}'s."),
        ("gent", "По словам {n}, противник отходит.", "According to {e}, the enemy is withdrawing."),
        ("datv", "Я направился к {n} для беседы.", "I went to {e} for a talk."),
        ("datv", "Сегодня 3 июля 1950 года я был у председателя и вручил {n} письмо.",
         "Today, 3 July 1950, I was with the chairman and handed {e} the letter."),
        ("ablt", "Между {n} и послом достигнута договоренность.",
         "An agreement was reached between {e} and the ambassador."),
        ("ablt", "Я встретился с {n} 5 августа.", "I met {e} on 5 August."),
        ("loct", "При {n} состоит советник из Москвы.", "An adviser from Moscow is attached to {e}."),
        ("accs", "Прошу разрешить принять {n} в Москве.", "Please allow {e} to be received in Moscow."),
        ("nomn", "Сообщаю, что вчера\n{n} выехал в провинцию.",
         "I report that yesterday\n{e} left for the provinces."),
        ("gent", "Прошу сообщить мнение {n}\nпо этому вопросу.",
         "Please report the opinion of {e}\non this question."),
        ("nomn", "1. {n} просит ускорить отправку оружия.",
         "1. {e} asks for the dispatch of arms to be speeded up."),
        ("nomn", "Генерал {n} (командующий фронтом) прибыл в штаб.",
         "General {e} (the front commander) arrived at headquarters."),
        ("nomn", "На совещании присутствовали тт. {n}, {m} и другие.",
         "Present at the meeting were Cdes. {e}, {f} and others."),
        ("datv", "Копии направлены тт. {n} и {m}.", "Copies have been sent to Cdes. {e} and {f}."),
        ("ablt", "Я беседовал с {n} и {m} в течение двух часов.", "I talked with {e} and {f} for two hours."),
        ("gent", "Прошу сообщить мнение {m} и {n}.", "Please report the opinion of {f} and {e}."),
    ],
    "place": [
        ("gent", "В 30 км севернее {n} идут бои.", "Fighting is going on 30 km north of {e}."),
        ("gent", "В направлении {n} наступают две дивизии.", "Two divisions are advancing towards {e}."),
        ("accs", "Наступление на {n} началось утром.", "The offensive on {e} began in the morning."),
        ("ablt", "Бои под {n} продолжаются.", "The fighting near {e} goes on."),
        ("nomn", "{n} занят нашими войсками.", "{e} has been taken by our troops."),
        ("nomn", "В городе {n} спокойно.", "All is quiet in the city of {e}."),
        ("loct", "В городе {n} спокойно.", "All is quiet in the city of {e}."),
        ("nomn", "В порту {n} стоят три транспорта.", "Three transports are in the port of {e}."),
        ("gent", "Эвакуация из {n}\nзакончена.", "The evacuation from {e}\nis over."),
        ("loct", "Положение в {n}\nостается тяжелым.", "The situation in {e}\nremains grave."),
        ("nomn", "{n}, 25 июня.\nСегодня утром противник перешел в наступление.",
         "{e}, 25 June.\nThis morning the enemy went over to the offensive."),
        ("accs", "Через {n} прошли 2 полка.", "Two regiments passed through {e}."),
        ("gent", "Вблизи {n} сбит самолет противника.", "An enemy plane was shot down near {e}."),
        ("loct", "Наше посольство в {n} сообщает:", "Our embassy in {e} reports:"),
        ("ablt", "Над {n} появились самолеты противника.", "Enemy planes appeared over {e}."),
        ("gent", "1. Части отошли до {n}.", "1. The units withdrew as far as {e}."),
        ("loct", "Бои идут в {n} и {m}.", "Fighting is going on in {e} and {f}."),
        ("gent", "Противник отошел из {m}, {n} и других пунктов.",
         "The enemy withdrew from {f}, {e} and other points."),
    ],
}
HEAD = ("ШИФРТЕЛЕГРАММА\nСовершенно секретно\n\n", "CIPHERED TELEGRAM\nTop secret\n\n")
TAIL = ("\n\nПрошу ваших указаний.", "\n\nI request your instructions.")


def named_in_test(gaz) -> set[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from names import gold_mentions
    out = set()
    for t in labelled_texts("test"):
        out |= {eid for _, _, eid in gold_mentions(t.gold, gaz)}
    return out


#: marks a worn typescript leaves for a letter it could not read
MARKS = ".,:;'\"`»’"
KINDS = ("letter", "two", "mark", "lost", "correct", "beside", "wording", "wrapped")


def garble(word: str, rnd: random.Random, kind: str = "letter") -> str | None:
    """One look-alike letter (``letter``), two (``two``), a mark for a letter (``mark``) or a
    lost letter (``lost``), never the first letter."""
    if kind == "two":
        once = garble(word, rnd)
        return garble(once, rnd) if once else None
    spots = [i for i, ch in enumerate(word) if i > 0 and (ch.lower() in LOOK_ALIKE if kind == "letter" else ch.isalpha())]
    if not spots:
        return None
    i = rnd.choice(spots)
    if kind == "mark":
        return word[:i] + rnd.choice(MARKS) + word[i + 1:]
    if kind == "lost":
        return word[:i] + word[i + 1:]
    ch = rnd.choice(LOOK_ALIKE[word[i].lower()])
    return word[:i] + (ch.upper() if word[i].isupper() else ch) + word[i + 1:]


def cases(gaz, skip: set[str], rnd: random.Random, limit: int | None, kind: str = "letter"):
    ents = [e for e in gaz.entities.values() if e.type in ("person", "place") and e.id not in skip and e.en
            and e.ru and not any(ch.isdigit() for ch in e.ru[0])]
    ents.sort(key=lambda e: e.id)
    if limit:
        ents = ents[:limit]
    for e in ents:
        templates = PERSON if e.type == "person" else PLACE
        gender = e.gender.split("|")[0]
        forms = case_forms(e.ru[0], type=e.type, lang=e.lang, gender=gender)
        if kind in ("correct", "beside", "wording"):
            same = [x for x in ents if x.type == e.type]
            partner = same[(same.index(e) + 1) % len(same)]
            yield from correct_cases(e, templates, rnd if kind == "beside" else None,
                                     partner=partner if kind == "wording" else None)
            continue
        if kind == "wrapped":
            yield from wrapped_cases(e, templates)
            continue
        for case, (ru_t, en_t) in templates.items():
            right = forms[case].replace("ё", "е")  # period texts write no ё
            # any spelling of the name and any of its declensions in the case is right (в Хунане,
            # в Хунани; Канвон, Канвондо)
            ok = {case_forms(b, type=e.type, lang=e.lang, gender=g)[case].replace("ё", "е")
                  for b in e.ru for g in e.gender.split("|")}
            if e.type == "person":
                right, ok = right.upper(), {x.upper() for x in ok}
            bad = garble(right, rnd, kind)
            if bad is None or bad == right:
                continue
            ru = HEAD[0] + ru_t.format(n=bad) + TAIL[0]
            en = HEAD[1] + en_t.format(e=e.en[0]) + TAIL[1]
            at = ru.index(bad)
            yield e, case, ok, bad, ru, en, at


def _garble_beside(sentence: str, name: str, rnd: random.Random) -> str:
    """``sentence`` with the word before and the word after ``name`` garbled (words of three
    letters or more), and often a speck glued to the name's end."""
    at = sentence.index(name)
    head, tail = sentence[:at], sentence[at + len(name):]
    def swap(text: str, last: bool) -> str:
        words = list(re.finditer(r"\w{3,}", text))
        if not words:
            return text
        m = words[-1] if last else words[0]
        bad = garble(m.group(), rnd, rnd.choice(("letter", "mark", "lost")))
        return text[:m.start()] + (bad or m.group()) + text[m.end():]
    speck = rnd.choice(("", "", ".", ",", "'", "`", ":"))  # a speck glued to the name's end, often
    return swap(head, True) + name + speck + swap(tail, False)


def correct_cases(e, templates, rnd: random.Random | None = None, partner=None):
    """Every Russian spelling of ``e`` in every case, written right: people in capitals and in
    mixed case, places as the gazetteer writes them; with ``rnd``, the words beside the name
    garbled; with a ``partner`` entity, in the sentences of :data:`WORDING` instead, the partner
    named beside it where a sentence has two names, and each sentence in capitals too."""
    seen = set()
    kind = "person" if templates is PERSON else "place"
    sentences = WORDING[kind] if partner else [(c, r, n) for c, (r, n) in templates.items()] + MORE[kind]
    for b in e.ru:
        if any(ch.isdigit() for ch in b):
            continue
        for g in e.gender.split("|"):
            forms = case_forms(b, type=e.type, lang=e.lang, gender=g)
            for case, ru_t, en_t in sentences:
                form = forms[case].replace("ё", "е")
                other = case_forms(partner.ru[0], type=partner.type, lang=partner.lang,
                                   gender=partner.gender.split("|")[0])[case].replace("ё", "е") if partner else ""
                for name, m, caps in ((form.upper(), other.upper(), False), (form, other, False),
                                      (form.upper(), other.upper(), True)) if e.type == "person" else \
                        ((form, other, False), (form.upper(), other.upper(), True)):
                    if caps and not partner or (name, ru_t, caps) in seen:
                        continue
                    seen.add((name, ru_t, caps))
                    sentence = ru_t.format(n=name, m=m)
                    if caps:  # the whole cable in capitals
                        sentence = ru_t.upper().replace("{N}", name).replace("{M}", m)
                    if rnd is not None:
                        sentence = _garble_beside(sentence, name, rnd)
                    head, tail = (HEAD[0].upper(), TAIL[0].upper()) if caps else (HEAD[0], TAIL[0])
                    ru = head + sentence + tail
                    en = HEAD[1] + en_t.format(e=e.en[0], f=partner.en[0] if partner else "") + TAIL[1]
                    yield e, case, {name}, name, ru, en, ru.index(name, len(head))


def wrapped_cases(e, templates):
    """The sentences of kind ``correct`` with the name broken across two lines at each space or
    hyphen inside it (``ЧЖОУ ЭНЬ-`` / ``ЛАЕМ``, ``КИМ ИР`` / ``СЕНОМ``), as a typescript's lines
    break a name."""
    for ent, case, _, name, ru, en, at in correct_cases(e, templates):
        for k, ch in enumerate(name):
            if ch in " -" and 0 < k < len(name) - 1:
                wrapped = name[:k + 1] + "\n" + name[k + 1:] if ch == "-" else name[:k] + "\n" + name[k + 1:]
                yield ent, case, {wrapped}, wrapped, ru[:at] + wrapped + ru[at + len(name):], en, at


def _same_but_lines(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` the same text but for how a line break inside it is written (a
    suggestion that only joins a name's lines keeps it)?"""
    def flat(s: str) -> str:
        return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", s))
    return flat(a) == flat(b)


def outcome(result: dict, ru: str, at: int, bad: str, right: set[str], correct: bool = False) -> str:
    """The most confident automatic suggestion over the name, else the most confident one for
    review, applied to the text: does the name read as one of the ``right`` forms?"""
    sugg = [s for s in result["suggestions"] if s["start"] < at + len(bad) and at < s["end"]]
    if correct:  # a correct name: any suggestion over it changes it, unless it only
        # drops a speck glued to it (ПАК ЧОН Э` → ПАК ЧОН Э)
        sugg = [s for s in sugg if not (lambda new: new[at:at + len(bad)] == bad and not new[at + len(bad):][:1].isalpha())(
            ru[:s["start"]] + s["replacement"] + ru[s["end"]:]) and not _same_but_lines(s["original"], s["replacement"])]
        status = {s["status"] for s in sugg}
        return "changed auto" if "auto" in status else "changed review" if status else "kept"
    for status in ("auto", "review"):
        for s in sorted((s for s in sugg if s["status"] == status), key=lambda s: -s["confidence"]):
            new = ru[:s["start"]] + s["replacement"] + ru[s["end"]:]
            ok = any(new[at:at + len(r)] == r and not new[at + len(r):at + len(r) + 1].isalpha() for r in right)
            return f"{'right' if ok else 'wrong'} {status}"
    return "none"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None, help="first N entities only")
    ap.add_argument("--show", default="wrong auto", help="outcomes to list (comma-separated)")
    ap.add_argument("--kinds", default="letter", help=f"garbles: {', '.join(KINDS)} (comma-separated)")
    args = ap.parse_args()
    gaz = gazetteer()
    skip = named_in_test(gaz)
    rnd = random.Random(args.seed)
    t0 = time.perf_counter()
    stats: dict = defaultdict(Counter)
    shown = []
    show = {x.strip() for x in args.show.split(",") if x.strip()}
    kinds = [k for k in args.kinds.split(",") if k]
    for e, case, right, bad, ru, en, at, kind in ((*c, k) for k in kinds for c in cases(gaz, skip, rnd, args.limit, k)):
        r = correct_text(ru, en)
        o = outcome(r, ru, at, bad, right, correct=kind in ("correct", "beside", "wording", "wrapped"))
        stats[e.type][o] += 1
        stats[kind][o] += 1
        stats["all"][o] += 1
        if o in show:
            got = [(s["original"], s["replacement"], s["status"], s["stage"]) for s in r["suggestions"]
                   if s["start"] < at + len(bad) and at < s["end"]]
            shown.append((e.id, case, bad, "/".join(sorted(right)), got) + ((ru.split("\n")[3],) if kind == "beside" else ()))
    print(f"entities left out as named in the test split: {len(skip)}; seed {args.seed}; "
          f"{time.perf_counter() - t0:.0f} s")
    cols = ("right auto", "right review", "wrong auto", "wrong review", "none")
    if {"correct", "beside", "wording", "wrapped"} & set(kinds):
        cols += ("kept", "changed auto", "changed review")
    print(f"{'type':8} {'cases':>6} " + " ".join(f"{c:>12}" for c in cols))
    for typ in ("person", "place", *(kinds if len(kinds) > 1 else ()), "all"):
        n = sum(stats[typ].values())
        print(f"{typ:8} {n:>6} " + " ".join(f"{stats[typ][c]:>12}" for c in cols))
    for row in shown:
        print("  ", *row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
