"""The names stage: find name spans in the OCR text, protect the correct ones, propose the
gazetteer name a garbled one stands for, in the case its context requires.

1. **Spans.**  Runs of capitalised words on one line that look like names: a token of a
   gazetteer form, a word the Russian lexicon (pymorphy3) does not know, or a word in capitals
   inside running lower-case text (cables type names in capitals).  Commas end a span (lists of
   comrades are several spans that share one case).
2. **Known names.**  Windows of up to four tokens that are exactly a gazetteer form (any case,
   capitals, hyphens) are annotated ``known`` and never changed.
3. **Garbled names.**  Windows holding a token not covered by a known name are matched against
   all inflected gazetteer forms: rapidfuzz shortlists, the OCR confusion model
   (:func:`pipeline.confusion.weighted_distance`, or :func:`fallback_distance`) ranks.  The
   case the context requires (:func:`required_case`) is a penalty on forms of other cases:
   strong after a preposition or an agreeing title (``с тов.`` → instrumental, ``товарищу`` →
   dative), weak after a governing noun (genitive) or ``река``/``порт`` (nominative).
   Windows may grow over neighbouring tokens or shrink, so ``КИМ ИР СКИОМ`` becomes
   ``КИМ ИР СЕНОМ`` rather than ``КИМ ИР`` plus a stray word.
4. **Output.**  ``doc.annotations["names"]``: ``{start, end, text, entity, form, case,
   status}``; ``Candidate`` s of kind ``name`` in the document's own style (capitals stay
   capitals, hyphens stay hyphens) with evidence naming the gazetteer entry and the case rule.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .detect import _VOWELS, JUNK, MARK_COST, ONE_LETTER_WORDS, unmatched_close
from .gazetteer import VARIANT_LANGS, Form, Gazetteer, name_key
from .memo import Memo
from .inflect import CASE_NAMES
from .model import Candidate, Document, Flag, Token
from .stages import Param, Stage, get_resource, register
from .tokens import CYRILLIC

try:  # the shared OCR confusion model, when installed
    from .confusion import explain as _explain
    from .confusion import WILD
    from .confusion import weighted_distance as _shared_distance
    from .confusion import wildcard_distance as _shared_wild
except ImportError:  # pragma: no cover
    _shared_distance = _shared_wild = None
    _explain = None
    WILD = "\ue000"

#: typewriter confusions for the fallback distance (pairs read for one another)
FALLBACK_PAIRS = ("ес", "ин", "ип", "нп", "ос", "оа", "са", "кх", "лп", "шщ", "ьы", "иц", "эе", "ий", "ею")
PREP_CASES = {
    "с": {"ablt"}, "со": {"ablt"}, "между": {"ablt"}, "над": {"ablt"}, "под": {"ablt"}, "перед": {"ablt"},
    "из": {"gent"}, "от": {"gent"}, "у": {"gent"}, "для": {"gent"}, "до": {"gent"}, "без": {"gent"},
    "после": {"gent"}, "против": {"gent"}, "около": {"gent"}, "из-за": {"gent"}, "из-под": {"gent"}, "близ": {"gent"},
    "вблизи": {"gent"}, "возле": {"gent"}, "вдоль": {"gent"}, "вокруг": {"gent"}, "среди": {"gent"},
    "кроме": {"gent"}, "вместо": {"gent"}, "внутри": {"gent"},
    "к": {"datv"}, "ко": {"datv"}, "по": {"datv", "loct"}, "о": {"loct"}, "об": {"loct"}, "при": {"loct"},
    "через": {"accs"}, "про": {"accs"}, "в": {"loct", "accs"}, "во": {"loct", "accs"},
    "на": {"loct", "accs"}, "за": {"ablt", "accs"},
    **{w: {"gent"} for w in ("южнее", "севернее", "западнее", "восточнее", "юго-западнее", "юго-восточнее",
                             "северо-западнее", "северо-восточнее")},
}
#: the comparatives of the four quarters, which a military report puts before a place (южнее
#: Саривона; train texts: 21 of 21 declinable places after them in the genitive): a garbled name
#: after one takes the genitive, but a name written right after one is left as it is (южнее
#: СЯРИИН: a Japanese-era reading a cable left undeclined)
QUARTER_COMPARATIVES = frozenset(w for w in PREP_CASES if w.endswith("нее"))
#: abbreviated titles that stand between a governing word and a name without a case of their own
ABBREVIATED = {"т", "тов", "т.т", "тт", "cde", "г", "гг", "ген", "м-р"}
TITLE_STEMS = ("товарищ", "премьер", "генерал", "маршал", "посол", "посла", "послу", "послом", "председател",
               "министр", "полковник", "адмирал", "командующ", "президент", "господин", "мистер")
GENITIVE_NOUNS = ("район", "присутстви", "имени", "письм", "приказ", "бесед")
#: verbs of telling whose person is in the dative (Я сообщил КИМ ИР СЕНУ, мы ответили
#: ЧЖОУ ЭНЬ-ЛАЮ) when their subject stands before them: after the verb alone the name may be the
#: subject (ответил ЧЖОУ ЭНЬ-ЛАЙ)
DATIVE_VERBS = frozenset({"сообщить", "ответить", "сказать", "доложить", "написать", "поручить",
                          "посоветовать", "обещать", "разрешить", "вручить", "телеграфировать", "заявить",
                          "объяснить", "напомнить", "рассказать", "пообещать", "выразить", "высказать",
                          "изложить", "передать", "предоставить",
                          # and their imperfectives (отвечать ГАО ГАНУ)
                          "сообщать", "отвечать", "говорить", "докладывать", "писать", "поручать",
                          "советовать", "разрешать", "вручать", "заявлять", "объяснять", "напоминать",
                          "рассказывать", "выражать", "высказывать", "излагать", "передавать", "предоставлять"})
#: (передать, предоставить: a name right after them is their addressee, train texts 16 of 16
#: where its case shows; not предложить, after which its subject follows as often — предложил
#: КИМ ИР СЕН; nor направить, отправить, послать, whose object may be the person sent —
#: направили ЛЕБЕДЕВА в Пхеньян)
SUBJECT_PRONOUNS = frozenset({"я", "мы", "он", "она", "они"})
PERSONAL_PRONOUNS = frozenset({"я", "ты", "он", "она", "оно", "мы", "вы", "они"})
#: words before a verb of saying after which its subject may follow it (как сказал ЛЮ ШАО-ЦИ, мне
#: сообщили ГАО ГАН): no dative is implied for the name after the verb
INVERSION_WORDS = frozenset({"как", "мне", "нам", "ему", "ей", "им", "вам", "тебе"})
NOMINATIVE_NOUNS = ("река", "реки", "реке", "реку", "рекой", "порт", "порта", "порту", "портом",
                    "провинци", "остров", "пункт", "станци", "линии", "линия")
STRONG, WEAK = 0.8, 0.3
#: the months: a date (12 июля, like в прошлом году) governs no genitive of the name after it
MONTHS = frozenset({"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
                    "октябрь", "ноябрь", "декабрь"})


def _date_word(word: str) -> bool:
    """Is ``word`` a month or год (its last piece, where a mark glued two words: прошлом.году)?"""
    pieces = re.findall(r"[а-яё]+", word.lower())
    return bool(pieces) and any(p.normal_form in MONTHS or p.normal_form == "год" for p in _morph().parse(pieces[-1])[:1])


#: в/на take the accusative after a word of motion or direction (приехать в Москву, вторжение в
#: Корею); the stems are matched against the dictionary form
DIRECTION_PREPS = {"в", "во", "на"}
DIRECTION_STEMS = ("приех", "приезд", "прибы", "прилет", "прилёт", "вылет", "выех", "выезд", "уех", "отъезд",
                   "поех", "поездк", "ехать", "лететь", "вернуть", "возвращ", "направ", "отправ", "посла",
                   "посыл", "перебро", "перебрас", "вторж", "вторг", "ввести", "ввод", "войти", "вход",
                   "вступ", "перейти", "переход", "двинуть", "двигать", "наступ", "отступ", "достав", "пропуск",
                   "бежа", "убежа", "сбежа", "бегств", "переех", "переезд", "переезж", "выезж", "приезж",
                   "уезж", "въех", "въезд", "въезж")


def fallback_distance(ocr: str, truth: str) -> float:
    """Weighted edit distance with cheap typewriter confusions (0.4) and cheap separators (0.3);
    used when :mod:`pipeline.confusion` is not installed."""
    a, b = ocr.lower().replace("ё", "е"), truth.lower().replace("ё", "е")
    cheap = {frozenset(p) for p in FALLBACK_PAIRS}
    prev = [j * 1.0 for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [i * 1.0] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            x, y = a[i - 1], b[j - 1]
            sub = 0.0 if x == y else 0.4 if frozenset((x, y)) in cheap else 0.3 if {x, y} <= {" ", "-"} else 1.0
            cur[j] = min(prev[j - 1] + sub, prev[j] + (0.3 if x in " -" else 1.0),
                         cur[j - 1] + (0.3 if y in " -" else 1.0))
        prev = cur
    return prev[-1]


def _wild_distance(ocr: str, truth: str) -> float:
    """:func:`distance` with each :data:`WILD` of ``ocr`` read as any letter or none, free (the
    fallback without the shared model: the marks dropped)."""
    if _shared_wild is not None:
        try:
            return _shared_wild(ocr, truth)
        except Exception:  # noqa: BLE001 - the shared model's table missing
            pass
    return fallback_distance(ocr.replace(WILD, ""), truth)


def distance(ocr: str, truth: str) -> float:
    if _shared_distance is not None:
        try:
            return _shared_distance(ocr, truth)
        except Exception:  # the shared model's table missing: fall back, still a general mechanism
            pass
    return fallback_distance(ocr, truth)


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def lexicon_knows(word: str) -> bool:
    return _morph().word_is_known(word.lower())


#: a word at least this frequent (wordfreq Zipf) is a word before it is a garbled name
COMMON_WORD_ZIPF = 3.0


#: abbreviated titles before a person's name, with or without their full stop: the abbreviations
#: above but г., гг., ген. (a year, a city, a gene are no persons), and т-щ
PERSON_ABBREVIATIONS = (ABBREVIATED - {"г", "гг", "ген"}) | {"т-щ"}


def _misread_title(word: str) -> bool:
    """A short word with a stop that is likeliest ``тов.`` misread (``то.``, ``тв.``, ``тоз.``:
    one letter lost or changed), not a sentence's end."""
    low = word.lower()
    return (low.endswith(".") and 2 <= len(low) - 1 <= 3 and low[0] == "т" and low[:-1].isalpha()
            and Levenshtein.distance(low[:-1], "тов") == 1)


#: the normal forms of titles (the first part of a compound: генерал-полковник, премьер-министр)
TITLE_LEMMAS = frozenset({"товарищ", "премьер", "генерал", "маршал", "посол", "председатель", "министр",
                          "полковник", "адмирал", "командующий", "президент", "господин", "мистер"})
_INITIALS = re.compile(r"(?:[А-ЯЁA-Z]\.)+")


def titled(text: str, start: int) -> bool:
    """Does a title stand before ``start``, initials allowed between (тов. ГРОМЫКО, т. А.А.
    ГРОМЫКО, тов ГРОМЫКО, товарищу, маршала, генерал-полковник)?  Words that merely begin like
    a title (генеральный, посольство) are not titles."""
    for w in _words_before(text, start, 4):
        if _INITIALS.fullmatch(w):
            continue
        low = w.lower()
        if low.rstrip(".") in PERSON_ABBREVIATIONS:
            return True
        return any(p.tag.POS == "NOUN" and p.normal_form.split("-")[0] in TITLE_LEMMAS
                   for p in _morph().parse(low.rstrip(".")))
    return False


#: an everyday word this common (Zipf) that begins a sentence owes its capital to the sentence:
#: the names stage reads no name in it (the translation stage may, when the English names one)
SENTENCE_START_ZIPF = 4.5


#: the largest OCR-weighted distance from a run of everyday words (:func:`_common_words`) to a
#: name: the OCR made other real words of a name only by a letter or so (МИР for МНР, ГРОМКО
#: for ГРОМЫКО), and a name further off is a stretch (делегация Красного Креста → Краснова)
LEXICAL_MAX_DISTANCE = 1.3


def _common_words(run) -> bool:
    """Are all words of ``run`` everyday Russian words (Zipf at least :data:`COMMON_WORD_ZIPF`),
    one of them of five letters or more (not pieces such as Мук цене)?"""
    lx = get_resource("lexicon")
    words = [p for t in run for p in t.text.lower().split("-") if p]
    return any(len(w) >= 5 for w in words) and all(lx.zipf(w) >= COMMON_WORD_ZIPF for w in words)


def common_word_zipf(text: str, gaz: Gazetteer) -> float:
    """The Zipf frequency of ``text`` when it is one correctly written common Russian word that
    no gazetteer name spells (``МИР`` in ``за прочный МИР``, ``ГРОМКО``), else 0.  A name match
    over such a word is a real-word correction: the letters alone cannot tell it from emphasis.
    (Words that are also parts of gazetteer names, such as сон or сын, are names' words and
    are protected as such.)"""
    if not text.isalpha() or len(text) < 2 or gaz.is_known_name(text):
        return 0.0
    low = text.lower()
    if not lexicon_knows(low):
        return 0.0
    z = get_resource("lexicon").zipf(low)
    return z if z >= COMMON_WORD_ZIPF else 0.0


@dataclass(frozen=True)
class Case:
    cases: frozenset[str] | None  # acceptable cases; None: the context says nothing
    weight: float  # penalty for a form of another case
    rule: str  # in words, for the evidence
    type: str | None = None  # person | place when the context says which
    title: bool = False  # the case comes from a title the name stands beside (Товарищу ...)
    title_word: str = ""  # ... that title, in small letters (товарищу)
    places_in: frozenset = frozenset()  # cases in which the name is a place (в Тонкине: no man)
    listed: bool = False  # the case of the other names of an enumeration (:func:`list_cases`)
    odd: bool = False  # ... given to its one correctly written name in another case
    no_preposition: bool = False  # no preposition before it: the prepositional case is unlikely
    saying: bool = False  # the weak dative after a verb of saying (:func:`required_case` reads its line)
    subject: bool = False  # a sentence's subject before its verb (:func:`_subject_case`)
    where: bool = False  # after в with no verb of motion: a place is likelier in the prepositional


NO_CASE = Case(None, 0.0, "")
#: a fix whose case no context rule gave (or gave otherwise) is a guess when a form of the same
#: name in another case is this close in cost (ПО МНЕНИЮ РАЗУВАЕВА И МАЛИКЛ: МАЛИК or МАЛИКА);
#: it goes to review (``case_unsure``, see ``decide``)
CASE_MARGIN = 0.05
#: a fix with another name this close in cost (КН„Р: КНДР or КНР, the mark a letter or a speck)
#: is a guess between two names; it goes to review (``entity_unsure``, see ``decide``)
ENTITY_MARGIN = 0.01
TYPE_PENALTY = 0.15
#: one-letter words OCR may join to a name when it loses the space (Тэгуи = Тэгу и)
LOST_SPACE_WORDS = {"и", "в", "с", "к", "у", "о", "а"}
#: marks the OCR reads for the space before a one-letter word (``Бирму‘и``, ``Пекин`-и``): no
#: sentence punctuation, no hyphen or dash alone
_SPACE_MARK = r"(?:[^\w\s.,;:!?\-–—]+-?|-[^\w\s.,;:!?\-–—]+)"
#: such marks or a full stop and a small letter after them, the rest of a span after a name
#: (``‘и``, ``.и``: no sentence goes on in small letters)
MARKED_LETTER = re.compile(r"(?:" + _SPACE_MARK + r"|\.)([а-яё])")
#: a word and one of :data:`LOST_SPACE_WORDS` glued to it by such marks or a full stop (``Харбнн‘и``,
#: ``Сеном.и``: no sentence goes on in small letters)
GLUED_WORD = re.compile(r"(.*[^\W\d_])(?:" + _SPACE_MARK + r"|\.)([" + "".join(sorted(LOST_SPACE_WORDS)) + "])")

#: a one-letter word in capitals a mark glues to a word in capitals (``КОНСУЛ СССР`В УРУМЧИ``)
_GLUED_CAPITAL_WORD = re.compile(r"(.*[^\W\d_])" + _SPACE_MARK + r"([" + "".join(sorted(LOST_SPACE_WORDS)).upper() + "])")

#: a one-letter word a hyphen glues to a word (``Кэсона-в 300 метрах``): a name only where the
#: gazetteer does not know the whole as one
HYPHEN_WORD = re.compile(r"(.*[^\W\d_])-([" + "".join(sorted(LOST_SPACE_WORDS)) + "])")

#: short words of running text a mark may glue to a name before them (``Мосхве‘не``,
#: ``Мосхвы‘он``): pronouns, particles, prepositions and conjunctions of two or three letters
GLUED_FUNCTION_WORDS = frozenset({
    "не", "ни", "но", "да", "же", "ли", "бы", "то", "он", "мы", "вы", "их", "ее", "её", "его", "она",
    "оно", "они", "на", "по", "из", "от", "до", "за", "со", "во", "ко", "об", "обо", "при", "для",
    "без", "под", "над", "как", "что", "так", "уже", "еще", "ещё", "или", "это", "все", "всё"})
#: a name and the abbreviation т. (товарищ) or г. (город, год) glued to it by a mark read for the
#: space (``в КНР`т. Юдин``); the abbreviation's full stop follows
GLUED_ABBREVIATION = re.compile(r"(.*[^\W\d_])" + _SPACE_MARK + r"([тг])(?=\.)")
_GLUED_FUNCTION = re.compile(r"(.*[^\W\d_])(?:" + _SPACE_MARK + r"|\.)([а-яё]{2,3})")


def glued_function_word(span: str, name: str) -> tuple[str, str] | None:
    """``span`` before the mark and the short word of running text (:data:`GLUED_FUNCTION_WORDS`)
    that a mark or a full stop glues to its end (``в Мосхве‘не`` → Мосхве, не; ``Союза.не``), when the name ``name`` is closer
    to the letters before the mark than to all of them (not ``Кор‘ее``: Корее is all its
    letters); else None."""
    words = span.split()
    m = _GLUED_FUNCTION.fullmatch(words[-1]) if words else None
    if not m or m.group(2) not in GLUED_FUNCTION_WORDS:
        return None
    head, word = span[:len(span) - len(words[-1])] + m.group(1), m.group(2)
    key = name_key(name)
    if Levenshtein.distance(name_key(head), key) >= Levenshtein.distance(name_key(head + word), key):
        return None
    return head, word


def before_preposition(text: str, end: int) -> bool:
    """Is the next word after ``end`` a preposition or a verb, which no preposition governs
    (``ЛЕБЕДЕВК в Пхеньян``, ``в Мукденк продолжается``: the к is no preposition that lost its
    space; a conjunction may stand there: Тэгуи с рубежа)?"""
    m = re.match(r"\s+([а-яё]+)\b", text[end:end + 30])
    if not m:
        return False
    if m.group(1) in PREP_CASES:
        return True
    parses = _morph().parse(m.group(1))
    return bool(parses) and parses[0].is_known and parses[0].tag.POS in ("VERB", "INFN")


def word_may_follow(text: str, end: int, word: str) -> bool:
    """May the one-letter ``word`` (a conjunction or a preposition) stand before ``text[end:]``?
    A space must follow, then a word or an opening quotation mark: no conjunction stands before
    punctuation or a bracket (``в Мукдени (Шэньян)``) nor before itself (``заняла Мунсани и к``),
    and no preposition before another preposition or a verb (:func:`before_preposition`)."""
    if not text[end:end + 1].isspace() or word.lower() in PREP_CASES and before_preposition(text, end):
        return False
    nxt = re.match(r"\s+([^\W_]+|\S)", text[end:end + 30])
    return bool(nxt) and nxt.group(1).lower() != word.lower() and (nxt.group(1)[0].isalnum() or nxt.group(1) in "«„\"“")


def lost_space_word(text: str, end: int, tail: str, form: Form, gaz: Gazetteer) -> bool:
    """Is ``tail``, left after a name at ``end`` (``Тэгуи`` = Тэгу + и), a one-letter word that
    lost its space (:func:`word_may_follow`: not before punctuation, ``в Сеули.``), and
    not when the name with it begins another form of the same name (``За Хангано``: Ханганом
    with its м lost)."""
    if tail.lower() not in LOST_SPACE_WORDS or not word_may_follow(text, end, tail):
        return False
    start = name_key(form.text + tail)
    return not any(name_key(f.text).startswith(start) and len(f.text) > len(form.text) + len(tail)
                   for f in gaz.forms_of(form.entity))


def _written_before_glued_word(text: str, run: list, i: int, j: int, gaz: Gazetteer) -> bool:
    """Does the window ``run[i:j]`` end in a one-letter word glued to its last word by a mark
    (``Нам Ир.и``, ``Нам Ир'к``, ``Москве`и’``; in capitals, ``СССР`В``) while the words before the mark, from the window's
    first word or up to three before it, are a name the gazetteer knows as written?  Then the name is written right and only the mark is
    wrong, even in a case the context seems to rule out (вернулся после бесед в Москве`и’ встречи:
    the OCR glues words, it does not decline them), and no window ending there is another name
    (``Сен.и`` is no Чэнь И)."""
    last = run[j - 1]
    glued = GLUED_WORD.match(last.text) or (hyphen := HYPHEN_WORD.fullmatch(last.text)) and not gaz.is_known_name(
        text[run[i].start:last.end]) and hyphen or (caps := _GLUED_CAPITAL_WORD.fullmatch(last.text)) and \
        caps.group(1).isupper() and caps
    if not glued or re.search(r"\w", last.text[glued.end():]):
        return False
    end = last.start + len(glued.group(1))
    return any(gaz.lookup(text[run[k].start:end]) for k in range(i, max(-1, i - 4), -1))


def _glued_small_word(span: str, rep: str) -> bool:
    """Does ``span``, a name in capitals, end in a small one-letter word glued to its last word
    (``ИЛ Уи``: ИЛ У и), or any name in one glued by a mark read for the space (``Харбнн‘и``),
    that the replacement ``rep`` would drop?  A small letter after capitals
    is no letter of the name (the OCR reads a capital's size well); a replacement that ends in
    the same letter reads it as the name's own ending (``СЕНа`` → СЕНА), not as a word."""
    last = span.split()[-1] if span.split() else ""
    if GLUED_WORD.fullmatch(last):
        return rep[-1:].lower() != last[-1]  # Харбнн‘и: a mark read for the space before it
    return (len(last) >= 2 and last[-1] in LOST_SPACE_WORDS and last[:-1].replace("-", "").isupper()
            and rep[-1:].lower() != last[-1] and rep.split()[-1].isupper())


#: largest distance per letter of a window that crosses a mark between name words
CROSSING_NORM = 0.12
#: cost of a junk character (``Ф.шуня``) taken for a lost letter or dropped (the detect
#: stage's cost of a stray mark in a broken word)
JUNK_COST = MARK_COST


def _words_before(text: str, start: int, n: int = 4) -> list[str]:
    """Up to ``n`` words before ``start`` on the same line and sentence, nearest first
    (abbreviation dots kept, e.g. ``тов.``)."""
    line_start = text.rfind("\n", 0, start) + 1
    if not re.search(r"\w", text[line_start:start]) and line_start > 1 and text[line_start - 2] != "\n":
        # the name begins a line, perhaps after a speck (в / . совете Безопасности): the line before
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    chunk = re.sub(r"\S+", lambda m: _mended(m.group()) if _mark_broken(m.group()) else m.group(),
                   text[line_start:start])
    if (speck := _SPECK_AFTER_MOTION.search(chunk)) and _direction_word(speck.group(1)):
        # прибыл: в Калган, прибыла. в Гонконг: a mark glued to a word of motion before its
        # preposition is a speck or a lost letter, not punctuation (no sentence ends before a small в)
        chunk = chunk[:speck.start()] + speck.group(1) + speck.group(2)
    # (a number is a word: на 1953 г. / ЧЖОУ ЭНЬ-ЛАК изложил — на governs the year, not the name)
    words = re.findall(_WORD_BEFORE, chunk)
    if words and (glued := _GLUED_PREPOSITION.fullmatch(words[-1])) and glued.group(2) in PREP_CASES:
        words[-1:] = [glued.group(1), glued.group(2)]  # разместили их.в Пекинс: в lost its space to a stop
    last = chunk.split()[-1] if chunk.split() else ""
    if (broken := _BROKEN_SHORT_WORD.fullmatch(last)) and broken.group(2) in PREP_CASES:
        # ч:о Газ ‚Ган: a letter, a mark and a preposition's letters glued are one word the OCR
        # broke (что), no preposition
        words[-len(re.findall(_WORD_BEFORE, last)):] = [re.sub(r"[^\w]", "", last)]
    return list(reversed(words))[:n]


#: a word (abbreviation dots kept), a number or a mark that matters (a dash between spaces
#: too: с китайской - ЛИ ФУ-ЧУНЬ; :data:`UNREAD` for a broken word), before a name
#: (:func:`_words_before`)
_WORD_BEFORE = re.compile(r"[^\W\d_]+(?:[.-][^\W\d_]+)*\.?|\d+|[,;:()\"«»…]|(?<!\S)[-–—](?!\S)")
#: a word one or two marks broke (``Сег’дня``, ``рай'на``, ``т;в.``): letters, marks, letters,
#: perhaps an abbreviation's stop
_MARK_BROKEN = re.compile(r"([^\W\d_]+)[^\w\s-]{1,2}([^\W\d_]+)(\.?)")
#: a word, a mark glued to it and a preposition of direction right before a name
_SPECK_AFTER_MOTION = re.compile(r"([^\W\d_]{4,})[.,:;\"»](\s+(?:в|во|на)\s+)$")
#: the frequency (Zipf) a mended word needs, and its lead over the next reading
MENDED_ZIPF, MENDED_LEAD = 3.0, 1.0


def _mark_broken(token: str) -> bool:
    """Is ``token`` a word a mark broke (four letters or more, or an abbreviation such as
    ``т;в.``), not an abbreviation written with its stops (``т.т.``), a short one (``т.е.``) or
    the short broken word ``ч:о`` (:data:`_BROKEN_SHORT_WORD`)?"""
    m = _MARK_BROKEN.fullmatch(token)
    if not m or token.lower().rstrip(".") in ABBREVIATED or _BROKEN_SHORT_WORD.fullmatch(token):
        return False
    return len(m.group(1)) + len(m.group(2)) >= 4 or _mended(token).lower().rstrip(".") in ABBREVIATED


#: what :func:`_mended` gives for a broken word it cannot read: no word, no case
UNREAD = "…"


@lru_cache(maxsize=20_000)
def _mended(token: str) -> str:
    """The word a token a mark broke is read as: the marks read as one letter or none, an
    abbreviation (``т;в.`` → тов.), the one everyday word well ahead of the other readings
    (``Сег’дня`` → Сегодня, ``рай'на`` → района) or the likeliest of close readings that are all
    one part of speech (``пор`у``: порту, пору); else :data:`UNREAD`, a word not read, which
    governs no case (not ``дня`` from ``Сег’дня``, nor the preposition ``на`` from ``рай'на``)."""
    m = _MARK_BROKEN.fullmatch(token)
    head, tail, stop = m.groups()
    upper = tail.isupper() and len(tail) > 1
    readings = [head + (f.upper() if upper else f) + tail for f in _FILLS if f != "ё"]
    if stop:
        for w in readings:
            if w.lower() in ABBREVIATED:
                return w + stop
    lx = get_resource("lexicon")
    scored = sorted(((lx.zipf(w.lower()), w) for w in readings), reverse=True)
    z1, w1 = scored[0]
    close = [w for z, w in scored if z >= MENDED_ZIPF and z1 - z < MENDED_LEAD]
    if z1 < MENDED_ZIPF or len({_morph().parse(w.lower())[0].tag.POS for w in close}) > 1:
        return UNREAD
    return w1 + stop  # one reading well ahead, or close readings of one part of speech (пор`у:
    # порту or пору, a noun either way)


#: one letter, one or two marks and one or two letters (``ч:о``): a short word the OCR broke
_BROKEN_SHORT_WORD = re.compile(r"([а-яё])[^\w\s]{1,2}([а-яё]{1,2})")
#: a word and a preposition of one or two letters a full stop glues to it (``их.в``)
_GLUED_PREPOSITION = re.compile(r"([а-яё]{2,})\.([а-яё]{1,2})")


#: a letter alone in small letters that no word is, read as the preposition it is likeliest a
#: misreading of (``з Гуандун®``: в), when the OCR confusions make it that cheap
MISREAD_PREPOSITION_COST = 0.6
#: how much cheaper the likeliest reading of a two-letter word as a preposition must be than the next
MISREAD_PREPOSITION_LEAD = 0.3


@lru_cache(maxsize=512)
def misread_preposition(word: str) -> str | None:
    """The preposition of one or two letters ``word`` (no word of its own) is likeliest a
    misreading of (``з``: в; ``Йз``: из), or None: the cheapest under the OCR confusions, within
    :data:`MISREAD_PREPOSITION_COST` and, for two letters, well ahead of the next (``ло``: по or
    до, neither)."""
    if word in PREP_CASES or _shared_distance is None or len(word) == 2 and lexicon_knows(word):
        return None
    try:
        costs = sorted((_shared_distance(word, p), p) for p in PREP_CASES if len(p) == len(word))
    except Exception:  # noqa: BLE001 - no confusion table
        return None
    if len(word) == 2 and len(costs) > 1 and costs[1][0] - costs[0][0] < MISREAD_PREPOSITION_LEAD:
        return None
    return costs[0][1] if costs and costs[0][0] <= MISREAD_PREPOSITION_COST else None


def _misread_short_preposition(tok: str) -> bool:
    """Is ``tok`` two letters, a capital and a small one, that read as a preposition (``Йз
    МОСКВЧ``: Из)?  A window after it takes its case from it."""
    return len(tok) == 2 and tok.isalpha() and tok[0].isupper() and tok[1].islower() \
        and misread_preposition(tok.lower()) is not None


@lru_cache(maxsize=20_000)
def _direction_word(word: str) -> bool:
    """A verb or noun of motion or direction (приехать, вторжения, направить), or a word no
    dictionary knows whose likeliest readings one letter off include one (``ппибыла``,
    ``прибла``: прибыла, as likely as пришла; ``этправку``: отправку; not ``воводов``, far
    likelier выводов than вводов)?"""
    low = word.lower().rstrip(".")
    parses = _morph().parse(low)
    if not parses:
        return False
    if not _garbled_word(low):
        return _direction_parse(parses[0])
    if not any(Levenshtein.distance(low[:k], stem) <= 1 for stem in DIRECTION_STEMS
               for k in (len(stem) - 1, len(stem), len(stem) + 1)):
        return False  # no stem within a letter of its head: no reading one letter off is one
    return any(_direction_parse(p) for p in _likely_readings(low))


def _garbled_word(low: str) -> bool:
    """Is ``low`` (small letters) a word no dictionary knows, five letters or more and letters
    only: one read through its likeliest readings one letter off (:func:`_likely_readings`)?"""
    parses = _morph().parse(low)
    return bool(parses) and not parses[0].is_known and len(low) >= 5 and low.isalpha()


@lru_cache(maxsize=20_000)
def _likely_readings(low: str) -> tuple:
    """The pymorphy3 parses of the likeliest words one letter off ``low`` (a letter changed, lost
    or added), those within :data:`MENDED_LEAD` of the commonest (воводов: выводов before
    вводов; этправку: отправку; ответпл: ответил)."""
    edits = {low[:k] + f + low[k + 1:] for k in range(len(low)) for f in _FILLS} | \
        {low[:k] + f + low[k:] for k in range(1, len(low)) for f in _FILLS if f}
    lx = get_resource("lexicon")
    known = [(lx.zipf(w), p) for w in edits - {low} if (p := _morph().parse(w)[0]).is_known]
    top = max(z for z, _ in known) if known else 0.0
    return tuple(p for z, p in known if z >= top - MENDED_LEAD)


def _unread_or_verb(low: str) -> bool:
    """Is ``low`` (small letters) a word no dictionary knows that no reading one letter off makes
    a word (``гекезал``: unread, governing nothing) or that is likeliest a verb one letter off
    (``ответпл``, ``сообщип``, ``отвегил``: ответил, сообщил) — no noun asking for the genitive?"""
    if not _garbled_word(low):
        return False
    readings = _likely_readings(low)
    return not readings or any(p.tag.POS in ("VERB", "INFN", "GRND", "PRTS") for p in readings)


def _direction_parse(p) -> bool:
    return p.tag.POS in ("VERB", "INFN", "NOUN", "PRTF", "PRTS", "GRND") and p.normal_form.startswith(DIRECTION_STEMS)


def _common_noun(tok: str) -> bool:
    """Is ``tok`` a common noun in the nominative (``Штаб ПЭН ДЭ-ХУАЯ находится``: the subject is
    the noun, the name its genitive), no name pymorphy3 knows (Москва)?"""
    return _noun(tok, nominative=True)


def _noun(tok: str, nominative: bool = False) -> bool:
    """Is ``tok`` a common noun pymorphy3 knows, in any case or in the nominative only (no
    name: Кабинета, not Москвы)?"""
    p = _morph().parse(letters(tok).lower())[0]
    return p.is_known and p.tag.POS == "NOUN" and (not nominative or p.tag.case == "nomn") and \
        not {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & p.tag.grammemes


def _saying_verb(word: str) -> bool:
    """Is ``word`` (small letters) a form of a verb of saying, whose person is its dative
    (:data:`DATIVE_VERBS`)?"""
    return any(p.tag.POS in ("VERB", "INFN") and p.normal_form in DATIVE_VERBS for p in _morph().parse(word)[:2])


def _inverted(words) -> bool:
    """Do ``words`` (before a verb) leave room for its subject after it (как сказал ЛЮ ШАО-ЦИ, о
    котором доложит Пак Хен Ен, мне сообщили ГАО ГАН)?"""
    return any(x.lower() in INVERSION_WORDS or x.lower().startswith("котор") for x in words)


#: verbs of handing over whose passive (переданные, поручено, передается) takes the receiver in
#: the dative
TRANSFER_VERBS = frozenset({"передать", "передавать", "поручить", "поручать", "предоставить", "предоставлять",
                            "вручить", "вручать", "навязать", "навязывать", "сообщить", "сообщать"})


def _transfer_passive(word: str) -> bool:
    """Is ``word`` (small letters) a passive form of one of :data:`TRANSFER_VERBS`: a passive
    participle or a verb in -ся (передается)?"""
    for p in _morph().parse(word)[:1]:
        if p.tag.POS in ("PRTF", "PRTS") and "pssv" in p.tag.grammemes:
            return p.normal_form in TRANSFER_VERBS
        if p.tag.POS == "VERB" and p.normal_form.endswith(("ся", "сь")):
            return p.normal_form[:-2] in TRANSFER_VERBS
    return False


def _impersonal_passive_after(text: str, end: int) -> bool:
    """Is the word after ``end`` (past marks, or было) the neuter short passive of a verb of
    telling or giving (``ЧЭНЬ ГЭНУ поручено``, ``КИМ ИР СЕНУ было сообщено``), whose person is
    in the dative?"""
    m = re.match(r"[^\w\s]{0,2}\s+(?:было\s+)?([а-яё]{4,})\b", text[end:end + 40])
    if not m:
        return False
    return any(p.tag.POS == "PRTS" and "neut" in p.tag.grammemes
               and (p.normal_form in TRANSFER_VERBS or p.normal_form in DATIVE_VERBS)
               for p in _morph().parse(m.group(1))[:2])


def _infinitive(word: str) -> bool:
    """Is ``word`` (small letters) an infinitive?"""
    return any(p.tag.POS == "INFN" for p in _morph().parse(word)[:1])


def _subject_earlier(words: tuple[str, ...], verb: str) -> bool:
    """Has the verb of saying ``verb`` (with ``words`` before it, nearest first) no room for a
    subject after it: an infinitive (предлагаем поручить), a second verb of a clause whose subject
    came earlier (``и поручил``, ``, доложил``, ``что направил``, ``соглашается передать``,
    ``который сказал``), or a subject among the words before (:func:`_subject_before`)?"""
    if _infinitive(verb):
        return True
    if words and (words[0].lower() in ("и", ",", "что", "который", "которая", "которые")
                  or any(p.tag.POS == "VERB" for p in _morph().parse(words[0].lower())[:1])):
        return True
    return _subject_before(words)


def _dative_before(words: tuple[str, ...]) -> bool:
    """Is there a noun or pronoun that can only be a dative among ``words`` (before a verb,
    nearest first, up to punctuation: ``посольству выразили``), the verb's person already named?"""
    for w in words:
        if not w[:1].isalpha():
            return False
        parses = _morph().parse(w.lower())[:2]
        if parses and parses[0].is_known and all(p.tag.POS in ("NOUN", "NPRO") and p.tag.case == "datv" for p in parses):
            return True
    return False


def _subject_before(words: tuple[str, ...]) -> bool:
    """Is there a word that may be a verb's subject among ``words`` (before the verb, nearest
    first, up to punctuation): a name word in capitals or capitalised but not the sentence's
    first, or a noun or pronoun in the nominative (правительство, который, он)?"""
    for k, w in enumerate(words):
        if not w[:1].isalpha():
            return False
        if w[:1].isupper() and (k + 1 < len(words) or w.isupper()) and get_resource("gazetteer").is_known_name(w):
            return True
        if any(p.tag.POS in ("NOUN", "NPRO", "ADJF") and p.tag.case == "nomn" and p.normal_form != "это"
               for p in _morph().parse(w.lower())[:1]):
            return True
    return False


def _name_subject(word: str) -> bool:
    """Is ``word`` (before a verb of saying, before a name) the last word of a name that is the
    verb's subject (``НЕРУ сказал ЧЖОУ ЭНЬ-ЛАЮ``: the name after is the dative, as after он
    сказал; train texts 9 of 9)?"""
    gaz = get_resource("gazetteer")
    # a whole name in the nominative, or the last word of one (ЭНЬ-ЛАЙ; not ЭНЬ-ЛАЕМ)
    return word[:1].isupper() and (any(f.case == "nomn" for f in gaz.lookup(word))
                                   or name_key(word).split(" ")[-1] in _nominative_ends(gaz))


_NOMINATIVE_ENDS = Memo(8)


def _nominative_ends(gaz: Gazetteer) -> frozenset:
    """Last words (name keys) of the gazetteer's nominative forms of people's names."""
    return _NOMINATIVE_ENDS.get_or(gaz.checksum, lambda: frozenset(
        name_key(f.text).split(" ")[-1] for f in gaz.forms
        if f.case == "nomn" and gaz.entities[f.entity].type == "person"))


def _context_case(text: str, start: int, end: int) -> Case:
    """:func:`required_case` of a name at ``start``, or, where the words before say nothing, the
    nominative of a subject before its verb (:func:`_subject_case`; the name ends by ``end``)."""
    case = required_case(text, start)
    if case.cases is None and _title_signature(text, start, end):
        return SIGNER  # Посол СССР в КНДР РАЗУВАЕВЗ
    return (_subject_case(text, start, end) or case) if case.cases is None else case


def _motion_before(words: tuple[str, ...], i: int) -> str | None:
    """A verb or noun of motion among the three words before the preposition ``words[i]``, with
    no punctuation between (``перебросить две дивизии в``, ``Переброска войск в``): after one a
    place takes the accusative (train texts: 67 accusatives, 1 prepositional, against 304 and
    70 after в with none)."""
    before = words[i + 1:i + 4]
    # из Гензана в Хамхын, из Владивостока в Чхонджин: a way from one place to another (train
    # texts: 19 accusatives, no prepositional, after из and one or two capitalised words)
    for k in (1, 2):
        if len(before) > k and before[k].lower() == "из" and all(
                w[:1].isupper() and w.replace("-", "").isalpha() for w in before[:k]):
            return "из"
    for w in before:
        if not w[:1].isalpha() or w.endswith("."):
            return None  # punctuation, the sentence before (посол выехал. Мы были в Кэсони), an abbreviation
        if _direction_word(w):
            return w
    return None


def required_case(text: str, start: int) -> Case:
    """The case the words before a name at ``start`` require (see the module docstring)."""
    words = tuple(_words_before(text, start, 5))
    case = _case_after(words)
    if case.saying and not _infinitive(words[0].lower()):  # (как отвечать ГАО ГАНУ: no subject after an infinitive)
        verb = text.rfind(words[0], 0, start)  # the verb may begin its line: the words before it
        if _inverted(_words_before(text, verb, 3)):
            case = NO_CASE  # (о котором 12 мая мне / сообщили ГАО ГАН: the subject after the verb)
    if "loct" not in (case.cases or ()) and _no_preposition(words):
        case = replace(case, no_preposition=True)
    return case


@lru_cache(maxsize=50_000)
def _no_preposition(words: tuple[str, ...]) -> bool:
    """Do the words before a name (nearest first) leave no room for a preposition to govern it
    (поручили Ли Фу-чуно: a verb stands between; the prepositional case only ever follows a
    preposition; комиссии ЧОН ЧЖУН ТХЭК: a noun that takes no apposition stands between; и что МАО
    ЦЗЭ-ДУН: a clause begins)?  Not when a list may go on from further back (a comma, и)."""
    if words and words[0].lower() == "а":
        return True  # добровольцев, а ХЭ ПУЁЕ посетил: а opens a clause (train texts: no name after а
        # in the prepositional alone, 28 after it)
    for w in words:
        lw = w.lower().rstrip(".")
        if w in _LIST_MARKS or lw in PREP_CASES:
            return False
        if len(lw) <= 2 and w.isalpha() and w.islower() and lw not in CLAUSE_WORDS:
            return False  # (зв Мукд:не, га Цз ньмэне: a short word may be a misread preposition)
        if any(p.tag.POS in ("VERB", "INFN", "GRND") for p in _morph().parse(lw)[:1]) or lw in CLAUSE_WORDS:
            return True
        if _noun(w) and not lw.startswith(TITLE_STEMS) and _morph().parse(lw)[0].normal_form not in APPOSITION_HEADS:
            return True  # комиссии ЧОН ЧЖУН ТХЭК: the name is the noun's, no preposition's (not в городе Сеуле)
    return len(words) < 5  # all the words of its sentence before it seen (five: more may stand further back)


#: words before a name that may continue a list from further back
_LIST_MARKS = frozenset({",", ";", "и", "или", "а"})


def _stem_noun(low: str, stems: tuple[str, ...]) -> bool:
    """Does ``low`` begin with one of ``stems`` as a form of that noun, not of a longer word the
    stem begins (портретов, приказал, беседовал)?  A word no dictionary knows (garbled) goes by
    the stem alone."""
    if not low.startswith(stems):
        return False
    parses = _morph().parse(low)
    return not parses or not parses[0].is_known or any(
        p.tag.POS == "NOUN" and any(low.startswith(s) and p.normal_form.startswith(s[:max(2, len(s) - 3)])
                                    and len(p.normal_form) <= len(s) + 2 for s in stems)
        for p in parses[:3])  # (имени: имя; беседы: беседа; not портретов: портрет)


@lru_cache(maxsize=50_000)
def _case_after(words: tuple[str, ...]) -> Case:
    """:func:`required_case` from the words before the name (nearest first)."""
    morph = _morph()
    for i, w in enumerate(words):
        lw = w.lower().rstrip(".")
        if w.endswith(".") and lw in ABBREVIATED or lw in ABBREVIATED and i == 0 or _misread_title(w):
            continue  # тов., т.т., Cde. (то., тв.: тов. misread)
        if len(lw) == 1 and w[:1].isupper() and w.endswith("."):
            continue  # an initial (Н. С. ХРУЩЕВ), not a preposition
        if not w[:1].isalpha() or w.endswith(".") and len(lw) > 3:
            return NO_CASE  # punctuation or a sentence end (Нанкин.) between the name and the word
        if i == 0 and (len(w) == 1 and w.islower() and lw not in ONE_LETTER_WORDS
                       or len(w) == 2 and w.isalpha() and w[1:].islower()):
            if read := misread_preposition(lw):
                cases = {"accs"} if read in DIRECTION_PREPS and _motion_before(words, i) else PREP_CASES[read]
                return Case(frozenset(cases), WEAK, f"after '{w}', read as the preposition '{read}'",
                            places_in=frozenset({"loct", "accs"}) if read == "в" else frozenset(), where=read == "в")
        if lw in PREP_CASES:
            cases = PREP_CASES[lw]
            motion = _motion_before(words, i) if lw in DIRECTION_PREPS else None
            if motion:
                return Case(frozenset({"accs"}), STRONG, f"accusative after '{motion} … {w}'" if motion != words[i + 1]
                            else f"accusative after '{motion} {w}'")
            return Case(frozenset(cases), STRONG, f"after the preposition '{w}'",
                        places_in=frozenset({"loct", "accs"}) if lw in ("в", "во") else
                        frozenset({"loct"}) if lw == "на" else frozenset(), where=lw in ("в", "во"))
        if lw.startswith(TITLE_STEMS) and not (
                w[:1].isupper() and i + 1 < len(words) and words[i + 1][:1].isupper() and words[i + 1][1:].islower()
                and all("plur" in p.tag.grammemes for p in morph.parse(lw) if p.tag.POS == "NOUN")):
            # (Председателя Кабинета Министров Цой Чан Ик: the word of an organisation's name in
            # capitals after another, no title the name agrees with)
            cases = {p.tag.case for p in morph.parse(lw) if p.tag.POS == "NOUN" and p.tag.case}
            if cases:
                names = "/".join(CASE_NAMES[c] for c in sorted(cases) if c in CASE_NAMES)
                return Case(frozenset(cases), STRONG, f"{names}, agreeing with '{w}'", "person", title=True,
                            title_word=lw)
        if _stem_noun(lw, NOMINATIVE_NOUNS):
            return Case(frozenset({"nomn"}), WEAK, f"a name after '{w}' stays in the nominative", "place")
        if _stem_noun(lw, GENITIVE_NOUNS):
            return Case(frozenset({"gent"}), STRONG if i == 0 else WEAK, f"genitive after '{w}'",
                        "place" if lw.startswith("район") else None)
        if i == 0 and i + 1 < len(words) and (words[1].lower() in SUBJECT_PRONOUNS or _name_subject(words[1])) \
                and _saying_verb(lw):
            return Case(frozenset({"datv"}), STRONG, f"dative after '{words[1]} {w}'", "person")
        if i == 0 and lw in ("и", ",") and i + 1 < len(words):
            # поручил ему и Ли Фу-чуню: a name joined to a personal pronoun takes its case
            cases = {_CASE_OF.get(str(p.tag.case), str(p.tag.case)) for p in morph.parse(words[1].lower())
                     if p.tag.POS == "NPRO" and p.normal_form in PERSONAL_PRONOUNS}
            if cases and len(cases) <= 2:
                names = "/".join(CASE_NAMES[c] for c in sorted(cases) if c in CASE_NAMES)
                return Case(frozenset(cases), WEAK, f"{names}, like '{words[1]}' it is joined to", "person")
        if i == 0 and _saying_verb(lw) and (_infinitive(lw) or not _inverted(words[1:4])) \
                and not _dative_before(words[1:4]) and _subject_earlier(words[1:4], lw):
            # сессия поручила КИМ ДУ БОНУ, и поручил ЧЖОУ ЭНЬ-ЛАЮ, согласие предоставить Китаю: the
            # person a verb of saying turns to (train texts: all 81 declinable names after such a
            # verb this rule finds are datives); not where the subject may follow the verb (На это
            # ответил ЧЖОУ ЭНЬ-ЛАЙ, как сказал ЛЮ ШАО-ЦИ, мне сообщили ГАО ГАН, посольству выразили
            # КИМ ДУ БОН: its dative before it)
            return Case(frozenset({"datv"}), WEAK, f"dative after '{w}'", "person", saying=True)
        if i == 0 and lw == "числе" and i + 1 < len(words) and words[1].lower() == "том":
            return NO_CASE  # в том числе ХАТОЯМА: the case of what it counts in, not of числе
        if i == 0 and _transfer_passive(lw):
            # переданные Китаю, поручено ЛО ЖУН-ХУАНЮ: the receiver of a thing handed over (train
            # texts 9 of 9; the agent of изложенного Чжоу Эн-лаем is no receiver)
            return Case(frozenset({"datv"}), WEAK, f"dative after '{w}'")
        inside_name = w[:1].isupper() and i + 1 < len(words) and words[i + 1][:1].isalpha() \
            and not words[i + 1].endswith(".")  # Китайской Народной Республики МАО: a word of a name
        parses = morph.parse(lw)
        if i == 0 and parses and parses[0].is_known and all(p.tag.POS == "ADJF" for p in parses[:3]) \
                and not lw.startswith(TITLE_STEMS):
            # Северо-Восточного Китач: the name agrees with the adjective before it (an inanimate
            # accusative is the nominative's form, not the adjective's -ого)
            cases = {_CASE_OF.get(str(p.tag.case), str(p.tag.case)) for p in parses
                     if p.tag.POS == "ADJF" and not (p.tag.case == "accs" and "anim" in p.tag.grammemes)}
            if cases:
                names = "/".join(CASE_NAMES[c] for c in sorted(cases) if c in CASE_NAMES)
                return Case(frozenset(cases), WEAK, f"{names}, agreeing with the adjective '{w}'")
        if i == 0 and not (w.isupper() and len(w) > 1) and not inside_name and not w.endswith(".") and any(
                p.tag.POS == "NOUN" and not {"Name", "Surn", "Patr"} & p.tag.grammemes for p in parses[:1]) \
                and not any(p.tag.POS == "VERB" for p in parses[:3]) \
                and not _date_word(lw) and not _unread_or_verb(lw):  # Прибыли КИМ ИР СЕН: a verb too; В ночь на 12
            # июля КИМ ИР СЕН собрал, в прошлом.году Монголия: a date, the name its sentence's subject
            # (not after a name: ФИЛИППОВУ on a heading line governs nothing on the next; nor an
            # abbreviation, Тв. for Тов.; nor a verb misread, На это ответпл Ленин', nor a word
            # not read, генерал as гекезал)
            return Case(frozenset({"gent"}), WEAK, f"genitive after the noun '{w}'")
        return NO_CASE
    return NO_CASE


# -- spans ---------------------------------------------------------------------------------------
#: junk inside or at the edge of a name word: the spelling stages' junk and signs a typescript
#: never has (``ПА®``); not the low quotes „ ‚, which open a quotation in Russian
NAME_JUNK = JUNK + "®©°№"  # (№ glued to letters, №ИД: a misread М; before a number it stands apart)
_J = re.escape(NAME_JUNK)
#: a name word: letters with up to three junk, digit or punctuation characters between letter
#: groups (``Ф.шуня``, ``Г^Н``, ``Маньчж.'"рию``, ``ЭНЬ-Л»Й``), up to two junk characters at
#: either edge (``<илипгов``, ``БЯ_``, ``Гензан>``); a digit that looks like a capital (3 З,
#: 4 Ч, 0 О, 5 Б or Э, 8 В, 2 Д, 7 Т, 6 Б, 9 Э) glued to the start of a word is junk of the word
#: (``3/ЛХАРОВУ``, ``4жоу``, ``5нь-лая``, ``7ибета``, ``539-ДУНОМ``), and so is a list number
#: (``1МОЛОТОВУ``)
LEAD_DIGITS = "3401582769"
#: marks inside a name word: up to three junk, digit or punctuation characters, a comma beside
#: a junk character (``ЭН`,-ЛАЙ``) or after only one or two letters before a small one
#: (``Ма,ана``; elsewhere a comma ends a word that lost its space: СТАЛИНУ,МОЛОТОВУ, ХО ГА
#: И,ПАК ЧАН ОК, Пекин,сказал),
#: or a closing bracket between capitals, or a low quote between letters (``КН„Р``, ``Им‚жингана``:
#: a quotation opens before a word, never inside one)
_INNER = (rf"[{_J}\d.:;'\"?!»«-]{{1,3}}|[{_J}],[{_J}\d.:;'\"?!»«-]?|[{_J}\d.:;'\"?!»«-]?,[{_J}]"
          r"|(?<![^\W\d_]{3}),(?=[а-яё])|(?<=[А-ЯЁ])\)(?=[А-ЯЁ])|(?<=[^\W\d_])[„‚](?=[^\W\d_])")
#: a name word: see above; a question or exclamation mark glued before it (``?еспублихи``,
#: ``!:орт-Артура``: no sentence ends there); up to three look-alike digits glued before it (``35Э-ДУНА``), and
#: one glued after a word in capitals (``И2 СЕН``, ``ЛЭБЕДЕВ7``: 7 for У; a 1 only before another
#: word in capitals, ``ПЭ1 ДЭ-ХУАЙ``: elsewhere it is a footnote number) or one after a word in
#: small letters (``Сувон2``, ``Ким Ир Се7``; a footnote after a name written right is dropped below)
NAME_WORD = re.compile(rf"(?:(?<!\S)\.(?=[А-ЯЁ]{{2}}))?(?:(?<!\S)[?!]:?(?=[^\W\d_]))?(?:(?<!\S)[„‚](?=[а-яё]{{3}}))?"
                       rf"(?:(?<=[А-ЯЁ] )\"(?=[А-ЯЁ]{{2}}))?"
                       rf"(?:(?<!\w)[{LEAD_DIGITS}]{{1,3}}(?:-(?=[А-ЯЁ]{{2}}))?(?=[{_J}]?[^\W\d_]))?"
                       rf"[{_J}]{{0,2}}[^\W\d_]+(?:(?:{_INNER})[^\W\d_]+)*"
                       rf"(?:(?<=[А-ЯЁ])(?:[0234578]|\d(?= [А-ЯЁ]))(?!\w)|(?<=[а-яё]{{2}})[02345678](?=[\s,.;:]))?[{_J}]{{0,2}}")
#: ordinary punctuation OCR may leave glued to a name word inside a name (КИ: ИР СЕН)
SOFT_MARKS = ".:;»«"
ADJECTIVE_END = re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|ых|ым|ыми|ые)$", re.I)


#: one to three letters after a space (the end of a word the OCR split: ГРОМЫК О, МИКОЯ НУ)
SPLIT_END = re.compile(r" ([^\W\d_]{1,3})(?![^\W\d_])")


def letters(tok: str) -> str:
    """The letters and hyphens of a name word (junk dropped)."""
    if tok.isalpha():
        return tok
    return "".join(ch for ch in tok if ch.isalpha() or ch == "-")


def has_junk(tok: str) -> bool:
    return not tok.isalpha() and any(not (ch.isalpha() or ch == "-") for ch in tok)


def name_tokens(text: str, line0: int = 0) -> list[Token]:
    """Name words of ``text`` with offsets: like :func:`pipeline.tokens.tokenize`, but a word
    keeps the junk characters OCR left inside it or at its edges."""
    out = []
    spans = []
    for m in NAME_WORD.finditer(text):
        s, e = m.start(), m.end()
        # a lower-case letter, a mark, a capital: two words without their space (на.Генеральной)
        for b in re.finditer(r"(?<=[а-яё])[^\w\s]+(?=[А-ЯЁ][^\W\d_])|(?<=^[А-ЯЁа-яё])[^\w\s]+(?=[А-ЯЁ][а-яё]{2})"
                             r"|(?<=^[А-ЯЁа-яё]{2})[^\w\s]+(?=[А-ЯЁ][а-яё]{2})", m.group()):  # (Нарохн`Й: one letter)
            if b.group() == "-":
                continue  # a hyphenated name: Порт-Артура, Сан-Франциско
            head = m.group()[:b.start()]
            if not head[-1].islower() and not glued_preposition(head) and not (
                    head.lower() in ABBREVIATED and b.group().startswith(".")):
                continue  # С`Ван: a preposition glued by a mark (not a name word; not В^СИЛЕВСКОМУ,
                # a capital before words in capitals is their first letter); Т.`Ковалев: a title's
                # abbreviation and its full stop
            spans.append((s, m.start() + b.start()))
            s = m.start() + b.end()
        if glued := name_glued_to_word(text[s:e]):
            spans.append((s, s + glued[0]))
            s += glued[1]
        spans.append((s, e))
    line, counted = line0, 0  # line breaks before ``counted``, counted as the words go
    for s, e in spans:
        quote = False
        if _glued_mark(text, e) and e - s >= 3 and not get_resource("gazetteer").is_known_name(text[s:e]):
            e += 1  # a mark before another one (Москв;,) is no punctuation of its own: junk
        elif text[e:e + 1] in ("»", '"') and e - s >= 3 and text[s:s + 1].isupper() and \
                not text[e + 1:e + 2].isalnum() and unmatched_close(text, e):
            e += 1  # a closing quote nothing opened (Кита» не): a misread letter, not punctuation
            quote = True
        if text[s:s + 1] == "." and not (_after_capitals(text, s) and not get_resource("gazetteer").stands_alone(
                text[s + 1:e].rstrip(".:;'\"-"))):
            s += 1  # a stop the OCR moved (т .МАО, вчера .КИМ): only after a word in capitals and
            # before no name (nor a person's name word) is it a letter (МИД .ССР: ССР is only a
            # word of Союз ССР)
        if text[s:s + 1] == '"' and '"' in text[e:text.find("\n", e) if "\n" in text[e:] else len(text)]:
            s += 1  # "НОДОН СИНМУН": a quotation opens there (ПИ СЫН "АНА: no quote closes, a misread letter)
        w = text[s:e]
        while e > s and w[-1] in ".:;'\"-" and not (w[-1] == '"' and quote):  # ordinary punctuation after the word is not part of it
            if _glued_mark(text, e - 1) and len(letters(w)) >= 3 and not get_resource("gazetteer").is_known_name(w[:-1]):
                break  # a mark before another one (Москв;,) is no punctuation of its own: junk
            w, e = w[:-1], e - 1
        if w[-1:].isdigit() and len(letters(w)) >= 2 and get_resource("gazetteer").is_known_name(w[:-1]) \
                and not _digit_is_letter(w[:-1], text[e:e + 30]):
            w, e = w[:-1], e - 1  # ЧЖОУ ЭНЬ-ЛАЙ3, МОЛОТОВ4: a footnote number after a name word
        core = w.lstrip(LEAD_DIGITS).strip(JUNK) if w[:1] in LEAD_DIGITS else w.strip(JUNK)  # 1МОЛОТОВУ: a list number
        if core != w and not has_junk(core) and len(core) >= 2 and get_resource("gazetteer").is_known_name(core):
            s += w.index(core)  # a correct word beside a stray mark (`ЧЕНЬ): the mark is no part of it
            w, e = core, s + len(core)
        line += text.count("\n", counted, s)
        counted = max(counted, s)
        out.append(Token(s, e, w, line))
    return out


_NEXT_WORD = re.compile(r" ([А-ЯЁ][^\W\d_]*)")


def glued_preposition(word: str) -> bool:
    """Is ``word`` (before a mark glued to a capitalised word) a preposition or a one-letter word
    of running text, and no name word of the gazetteer (``С`Ван Чжэнем``; not ``У`Сю-цюань``)?"""
    low = word.lower()
    return (low in PREP_CASES or low in LOST_SPACE_WORDS) and not get_resource("gazetteer").is_known_name(word)


def _digit_is_letter(word: str, after: str) -> bool:
    """Is the digit after the name word ``word`` a misread letter of it rather than a footnote
    number: does ``word``, one letter more and the next word make a gazetteer name (``ЧЭН5 И``:
    ЧЭНЬ И)?"""
    m = _NEXT_WORD.match(after)
    return bool(m) and _name_with_a_letter(word, " " + m.group(1), get_resource("gazetteer"))


_NAME_MARK_WORD = re.compile(r"(?<=[а-яё])[^\w\s-]+(?=[а-яё]{2,}$)")


def name_glued_to_word(word: str) -> tuple[int, int] | None:
    """Where a name written right ends and the small word a mark glued to it starts (``в
    Пхеньян`пссла т. Иванова``: the word after the name lost its space to the mark; the name
    has no junk of its own), as offsets into ``word``; None if ``word`` is no such pair, or the
    marks read as a letter or nothing make one name of it (``Кун:мин``, ``Ман`.чжурия``), or a
    name word of two or three letters is glued to more than a short function word (``Нам Ир‘от``
    is two words, ``Ген:сна`` a garbled Гензана)."""
    glued = _NAME_MARK_WORD.search(word)
    if not (glued and word[:1].isupper() and glued.start() >= 2):
        return None
    head, tail = word[:glued.start()], word[glued.end():]
    if len(head) < 4 and tail not in GLUED_FUNCTION_WORDS or glued.group() == "." and tail in GLUED_FUNCTION_WORDS:
        return None  # (Союза.не: the names stage offers the name and the word, the stop read as the space)
    gaz = get_resource("gazetteer")
    if not gaz.is_known_name(head) or any(gaz.is_known_name(head + f + tail) for f in _FILLS):
        return None
    return glued.start(), glued.end()


def _glued_mark(text: str, i: int) -> bool:
    """Is the mark at ``i`` followed by another one (``Москв;,``, ``Кита:.``, ``ЦЗЭ-ДУН?,``): no
    punctuation of its own but a letter OCR misread?  (An ellipsis is punctuation.)"""
    return text[i:i + 1] in (".", ":", ";", "?", "!") and text[i + 1:i + 2] in (",", ".", ";", ":") and \
        text[i:i + 2] != ".."


def _known_word(word: str) -> bool:
    gaz = get_resource("gazetteer")
    return gaz.is_known_name(word) or all(lexicon_knows(p) for p in word.split("-") if p)


def _line_has_lower(text: str, pos: int) -> bool:
    a, b = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    return bool(re.search(r"[а-яё]{2,}", text[a:b if b >= 0 else len(text)]))


#: a line shorter than this share of the text's full lines ends where the typist ended it (a
#: heading, an address, a signature): no name wraps from it to the next line
SHORT_LINE = 0.6


def full_line_length(text: str) -> int:
    """The length of the text's full lines: the 90th percentile of its line lengths (a
    typescript's lines end near the right margin; headings and last lines of paragraphs are
    shorter)."""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def _mid_sentence(text: str, pos: int) -> bool:
    """Does a lower-case word or a comma stand right before ``pos`` (not a sentence start)?"""
    before = text[max(0, pos - 40):pos].rstrip()
    return bool(re.search(r"(?:\b[а-яё]{2,}|,)$", before))


_INITIALS = re.compile(r"(?:[А-ЯЁ]\.)+[А-ЯЁ]\.?")


def name_like(tok: str, gaz: Gazetteer, caps_in_text: bool, before_dot: bool = False) -> bool:
    """Could ``tok`` be (part of) a name?  Abbreviations (``Тов.``, ``Экз.``) and titles are not
    (initials are no name word either: :func:`_token_flag`)."""
    core = tok.lstrip(NAME_JUNK + LEAD_DIGITS)  # junk, and a digit for a capital, before the word
    lead = len(core) < len(tok)
    if lead:
        core = core.lstrip("-")  # 30-ЧЭНУ: digits for the first part of a hyphenated name word
    word = letters(tok).lstrip("-")
    if len(word) < (1 if has_junk(tok) and tok.isupper() else 2) or not CYRILLIC.match(word) or not (core[:1].isupper() or lead and core[:1].isalpha()):
        return False
    low = word.lower()
    if low in ABBREVIATED and (before_dot and not (tok.isupper() and len(tok) > 1 and gaz.is_known_name(tok))
                               or not gaz.is_known_name(tok)) or is_title(low):
        return False  # ген. is an abbreviation, ГЕН (Цой Ен Ген, also before a full stop) a name word
    if not has_junk(tok) and gaz.is_known_name(tok):
        return True
    if before_dot and len(tok) <= 4 and not (tok.isupper() and len(tok) >= 3 and _near_abbreviation(tok, gaz)):
        return False  # an abbreviation: ОСОБ., Расш. (not one letter from a name's: СЩА. for США)
    if has_junk(tok):
        return (len(word) >= 3 or tok.isupper() and caps_in_text) and not lexicon_knows(word)
    if tok.isupper() and caps_in_text:
        return True
    parts = [p for p in tok.split("-") if p]
    if len(parts) >= 2 and all(p[:1].isupper() and p[1:].islower() for p in parts):
        return True  # Порт-Арт!!: capitals after a hyphen begin the parts of a name (Порт-Артур), not of a word
    return not all(lexicon_knows(p) for p in tok.split("-") if p)


def _near_abbreviation(tok: str, gaz: Gazetteer) -> bool:
    """Is ``tok`` (in capitals) one letter from a gazetteer abbreviation as long (СЩА: США)?"""
    by_len = _ABBREVIATIONS.get_or(gaz.checksum, lambda: _abbreviations_by_length(gaz))
    return any(sum(a != b for a, b in zip(tok, k)) == 1 for k in by_len.get(len(tok), ()))


def _abbreviations_by_length(gaz: Gazetteer) -> dict[int, set[str]]:
    by_len: dict[int, set[str]] = {}
    for f in gaz.forms:
        if f.base.isupper() and f.text.isupper() and " " not in f.text and "-" not in f.text:
            by_len.setdefault(len(f.text), set()).add(f.text)
    return by_len


_ABBREVIATIONS = Memo(8)  # the gazetteer's abbreviations by length


def is_title(low: str) -> bool:
    """A title (товарищу, генерала, послом), not a name word such as Генеральной (Ассамблеи)."""
    if not low.startswith(TITLE_STEMS):
        return False
    parses = _morph().parse(low)
    if parses and not parses[0].is_known:
        return False  # Генеральзой: a garbled word, perhaps of a name (Генеральной Ассамблеи)
    return not parses or parses[0].tag.POS == "NOUN" or parses[0].normal_form.startswith("командующ")


_ONE_LETTER = Memo(8)


def _whole_name_before(text: str, toks: list, flags: list, k: int, gaz: Gazetteer) -> bool:
    """Do the words right before token ``k``, as far back as they would join one run (flagged,
    a space or a line break apart), end with a whole name as written?"""
    first = k - 1
    while first > 0 and flags[first - 1] and text[toks[first - 1].end:toks[first].start] in (" ", "\n"):
        first -= 1
    return k > 0 and bool(flags[k - 1]) and _name_ends_at(text, toks, k, gaz, first)


def _small_piece(text: str, prev: Token, t: Token, gaz: Gazetteer) -> bool:
    """Is ``t``, in small letters after the capitalised ``prev``, a piece of one name word with
    it?  Across a plain space where the pieces make a form of a gazetteer name and ``prev`` is
    no word of its own (``Вышинск ому``); across a mark and a space standing for a lost letter
    where the glued pieces read a gazetteer name closely, ``t`` is no word of its own (or the
    mark read as a letter makes a name exactly: ``Ко; ее``) and ``prev`` no whole name (``Ок;
    наве``; not ``Молотов: мы``, ``Пак: она``)."""
    if not (t.text.isalpha() and t.text.islower() and letters(prev.text)[:1].isupper()):
        return False
    gap = text[prev.end:t.start]
    if _capital_before_piece(text, prev, t, gaz):
        return True  # и К рея (Корея)
    if gap == " " and t.text in ("ь", "ъ"):
        # Фу-чу ь: no word begins with a soft or hard sign (the space stands for a lost letter);
        # after a name written right it is a misread word of its own (Макартура ь: и)
        return not gaz.lookup(prev.text)
    if gap == " " and any(gaz.lookup(text[s0:t.end]) for s0 in _words_ending_at(text, t.end, 4)[1:]):
        return True  # Жао Шу ши: the name's last part, its hyphen read for a space
    if gap == " " and 2 <= len(t.text) <= 4 and not _known_word(t.text) and _hyphen_tail(letters(prev.text), t.text, gaz):
        return True  # Лю Шаб ци: the last syllable of a hyphened name word, the word before one letter off
    if gap == " ":  # Вышинск ому; Инд незии: the space for a lost letter where one letter makes the name
        return _SPACED_PIECES.get_or((gaz.checksum, letters(prev.text), t.text),
                                     lambda: _spaced_piece(letters(prev.text), t.text, gaz))
    if not (_PIECE_GAP.fullmatch(gap) and letters(prev.text).lower() not in ABBREVIATED
            and not gaz.lookup(letters(prev.text))):
        return False
    if gap[0] in "»'’”" and not unmatched_close(text, prev.end):
        return False  # «Молот» в: the quotation's closing mark, no lost letter
    glued = prev.text + gap[0] + t.text
    # a word of its own after the mark (Ко; ее, Му. ден, Хрущ: в) is a piece only where the mark
    # read as one letter makes the name exactly (Корее, Мукден, Хрущев); a one-letter word only
    # after a rare one (Хрущ: в, not Иван: в Пекине, Захар: в ответ)
    if len(t.text) < 2:
        return get_resource("lexicon").zipf(letters(prev.text).lower()) < 2.5 and junk_reads_name(glued, gaz)
    if _known_word(t.text):
        return junk_reads_name(glued, gaz)
    return _reads_name(glued, gaz)


def _hyphen_tail(head: str, tail: str, gaz: Gazetteer) -> bool:
    """Is ``tail`` the part after the hyphen of a gazetteer name word (Шао-ци: ци) whose part
    before it is ``head`` or one letter from it (Шаб), three letters or more?"""
    index = _HYPHEN_TAILS.get_or(gaz.checksum, lambda: _hyphen_tails(gaz))
    h = name_key(head)
    return len(h) >= 3 and any(Levenshtein.distance(h, a, score_cutoff=1) <= 1 for a in index.get(name_key(tail), ()))


def _hyphen_tails(gaz: Gazetteer) -> dict[str, set[str]]:
    """The parts after the hyphen of the gazetteer's name words, each with the parts before it."""
    index: dict[str, set[str]] = {}
    for f in gaz.forms:
        for word in f.text.split():
            a, _, b = word.rpartition("-")
            if a and b and "-" not in a:
                index.setdefault(name_key(b), set()).add(name_key(a))
    return index


_HYPHEN_TAILS = Memo(8)  # the gazetteer's hyphen tails (gazetteer checksum → tail → heads)


def _capital_before_piece(text: str, t: Token, nxt: Token, gaz: Gazetteer) -> bool:
    """Is ``t`` a capital letter alone mid-sentence (no preposition: it would be small; no
    initial: it has no stop) before the rest of its word in small letters, a space for the
    letter lost between them, together a gazetteer name (``и К рея``, ``из К реи``)?"""
    return len(t.text) == 1 and t.text.isupper() and t.text.isalpha() and text[t.end:nxt.start] == " " \
        and nxt.text.isalpha() and nxt.text.islower() and len(nxt.text) >= 2 \
        and bool(re.search(r"[а-яё,]$", text[max(0, t.start - 40):t.start].rstrip())) \
        and _name_with_a_letter(t.text, nxt.text, gaz)


def _written_alike(t: Token, caps: bool) -> bool:
    """Is ``t`` a word of letters (a hyphen between parts) written as a name beside it is:
    in capitals (``caps``), or with a capital first?"""
    w = t.text
    return len(letters(w)) >= 2 and w.replace("-", "").isalpha() and w[:1].isupper() and caps == w.isupper()


def _unknown_name_word(text: str, t: Token, caps: bool, gaz: Gazetteer) -> bool:
    """Is ``t``, written as the match beside it is, a word of a Chinese or Korean name the
    gazetteer lacks: no gazetteer name word, reading as name syllables
    (:func:`pipeline.translit.name_syllables_word`), and no Russian word unless it stands in
    capitals in a line of small letters (КИМ ДАЛ САМ: дал, сам)?"""
    from .translit import name_syllables_word
    w = t.text
    if not _written_alike(t, caps) or gaz.is_known_name(w) or gaz.lookup(w) or not name_syllables_word(w):
        return False
    return not _known_word(w) or w.isupper() and _line_has_lower(text, t.start)


def _orphans_a_word(text: str, run: list, i: int, j: int, form: Form, gaz: Gazetteer) -> bool:
    """Would a match over ``run[i:j]`` leave a word of the same name beside it, a space apart
    and written alike: one that reads as the syllables of a name the gazetteer lacks (ТАО
    ЧЖИ-ЮЭ is no ТАСС ЧЖИ-ЮЭ, КИМ ИК РЕЛЬ no КИМ ИР РЕЛЬ, КИМ ДАЛ САМ no КИМ ДАЛ СИАМ), or,
    before it, in capitals, two such words or words of people's names in the gazetteer with no
    whole name ending there (КИМ ИК РЕЛЕМ is no КИМ ИК КРЕМЛЕМ, ЮН ХА ЕНОМ no ЮН ХА ИДЕНОМ; в
    Кэсоне Ли Кэ-нун, Во Владивостоке, КИМ ИР СЕН ПАК ХЕН ЕН stay; in small letters a garbled
    name before a name reads the same, С хо Ги Мином Мзо Цзэ-дун)?  Such a match takes a name
    the gazetteer does not know for one it does."""
    caps = all(t.text.isupper() for t in run[i:j])

    def spaced(k: int) -> bool:  # run[k] and run[k + 1] one space apart
        return 0 <= k < len(run) - 1 and text[run[k].end:run[k + 1].start] == " "
    if j < len(run) and spaced(j - 1) and _unknown_name_word(text, run[j], caps, gaz):
        return True
    if i == 0 or not spaced(i - 1):
        return False
    if _unknown_name_word(text, run[i - 1], caps, gaz) and (caps or not _sentence_start(text, run[i - 1].start)):
        return True  # (a capital first at a sentence's start tells nothing: Дапее Чжоу Энь-пай)
    return caps and i >= 2 and spaced(i - 2) and all(
        _written_alike(t, caps) and (t.text.lower().replace("ё", "е") in gaz.person_tokens
                                     or _unknown_name_word(text, t, caps, gaz)) for t in run[i - 2:i]) \
        and not any(gaz.lookup(text[run[a].start:run[i - 1].end]) for a in range(max(0, i - 4), i))


def _changes_an_abbreviation(tokens: list, form: Form) -> bool:
    """Would ``form`` change a word of ``tokens`` that is an abbreviation of the period of three
    capitals or more (``dictionaries/abbreviations.tsv``): МПС СССР is no МИД СССР?  (Two
    letters are too easily another word misread: ЛИНЬ ВО is ЛИНЬ БЯО.)"""
    words = set(name_key(form.text).split())
    lexicon = get_resource("lexicon")
    return any(t.text.isupper() and len(t.text) >= 3 and lexicon.is_abbreviation(t.text)
               and name_key(t.text) not in words for t in tokens)


def _spaced_piece(a: str, b: str, gaz: Gazetteer) -> bool:
    """Do the pieces ``a`` and ``b`` a space apart make a gazetteer name as one word, or with
    one letter put between them (see :func:`_small_piece`)?"""
    if gaz.lookup(a + b):  # (Хаб аровска: one piece may be a word)
        return not _known_word(a) or not _known_word(b)
    # the second piece may be a word (Кэс н, Мик яна, Ялуц яне) where the first is none, nor a
    # name word
    return (not _known_word(b) or not _known_word(a) and not gaz.is_known_name(a)) and _name_with_a_letter(a, b, gaz)


_SPACED_PIECES = Memo(50_000)


def _reads_name(glued: str, gaz: Gazetteer) -> bool:
    """Do two pieces glued at the mark between them (``Ко;ее``) read a gazetteer name closely,
    the mark a lost letter?"""
    ranked = match_window(glued, gaz, NO_CASE)
    return bool(ranked) and ranked[0][2] <= CROSSING_NORM


def _abbreviation(words: str) -> bool:
    """Is ``words`` one word in capitals the lexicon knows as an abbreviation (ЦК, МИД)?"""
    if " " in words or not words.isupper():
        return False
    try:
        return bool(get_resource("lexicon").is_abbreviation(words))
    except Exception:  # noqa: BLE001 - no lexicon installed: no abbreviations known
        return False


def _name_part(gaz: Gazetteer, word: str) -> bool:
    """Is ``word`` a word of some name, or a part of one between hyphens (чуню of Ли Фу-чуню)?"""
    if gaz.is_known_name(word):
        return True
    parts = _NAME_PARTS.get_or(gaz.checksum, lambda: frozenset(
        p for t in gaz.tokens for p in t.split("-") if p))
    low = word.lower().replace("ё", "е")
    return all(p in parts for p in low.split("-") if p)


#: gazetteer checksum -> the parts between hyphens of its names' words
_NAME_PARTS = Memo(4)


def _one_letter_words(gaz: Gazetteer) -> frozenset:
    """Capital letters that are a word of some name of the gazetteer (Пак Ил У, Е Цзянь-ин)."""
    return _ONE_LETTER.get_or(gaz.checksum, lambda: frozenset(
        w.upper() for e in gaz.entities.values() for f in gaz.forms_of(e.id) for w in f.text.split()
        if len(w) == 1 and w.isalpha()))


def _capitalised(tok: str) -> bool:
    """A word with a capital first letter, or in capitals but the first letter (``зУ-ЧУНЬ``: the
    OCR read the capital's size wrong; not a one-letter word glued to a word in capitals, вКНДР)."""
    w = letters(tok)
    first = w[:1].isupper() or len(w) >= 3 and w[1:].isupper() and w[:1] not in LOST_SPACE_WORDS
    return len(w) >= 2 and bool(CYRILLIC.match(w)) and first and w.lower() not in ABBREVIATED \
        and not is_title(w.lower())


def _phrase_words(gaz: Gazetteer) -> tuple[frozenset, list[str]]:
    """Lower-case words of the gazetteer's multi-word names (армия, партии, Республики is
    capitalised): a garbled one may continue a name (``Корейской Народной армик``)."""
    got = _PHRASE_WORDS.get(gaz.checksum)
    if got is None:
        words = {w.lower() for f in gaz.forms if " " in f.text for w in f.text.split()
                 if not w.isupper() and len(w) >= 3}
        got = _PHRASE_WORDS[gaz.checksum] = (frozenset(words), sorted(words))
    return got


_PHRASE_WORDS: dict[str, tuple[frozenset, list[str]]] = {}


def phrase_word(tok: str, gaz: Gazetteer) -> str:
    """``exact`` for a lower-case word of a gazetteer phrase, ``close`` for a word the lexicon
    does not know one or two letters away from one, else ``""``."""
    from rapidfuzz import process
    w = letters(tok)
    if not w or not w[:1].islower() or not CYRILLIC.match(w):
        return ""
    exact, words = _phrase_words(gaz)
    if w in exact:
        return "exact"
    if len(w) < 4:
        return ""
    def close() -> str:
        cutoff = 1 if lexicon_knows(w) else max(1, len(w) // 4)  # армик is a word too, but rarely
        hit = process.extractOne(w, words, scorer=Levenshtein.distance, score_cutoff=cutoff)
        return "close" if hit else ""
    return _PHRASE_SEEN.get_or((gaz.checksum, w), close)


_PHRASE_SEEN = Memo(100_000)


def lower_name(tok: str, gaz: Gazetteer) -> bool:
    """A word the lexicon does not know, all in small letters, one edit (two from ten letters)
    from a one-word gazetteer name: a name whose capital the OCR read as a small letter
    (``чемульло`` for Чемульпо; typewriter capitals look like their small letters), unless a
    common word is as near."""
    w = letters(tok)
    if len(w) < 5 or not w.islower() or "-" in w or not CYRILLIC.match(w) or lexicon_knows(w):
        return False
    return near_one_word_name(w, gaz) and not _near_common_word(w)


def _near_common_word(w: str) -> bool:
    """Is a common word (Zipf 3 or more) one OCR-weighted edit from ``w``?  Then ``w`` is that
    word misread (сталн: стали) rather than a name with its capital lost."""
    from .lexicon_stage import _speller
    sp = _speller(get_resource("lexicon"), get_resource("confusions"), 2.5, 4)
    gaz = get_resource("gazetteer")
    return any(d <= 1.0 and z >= 3.0 and not gaz.is_known_name(f) for f, d, z in sp.lookup(w))


def rare_capitalised_name(tok: str, gaz: Gazetteer, max_zipf: float = 2.5) -> bool:
    """A capitalised word the lexicon knows only as a rare form (``Корен``, Zipf 2.3; under
    ``max_zipf``), one edit from a one-word gazetteer name (Кореи): more likely the name
    misread than the rare word capitalised."""
    w = letters(tok)
    if len(w) < 5 or not w[:1].isupper() or not w[1:].islower() or "-" in w or not CYRILLIC.match(w):
        return False
    if gaz.is_known_name(w) or get_resource("lexicon").zipf(w) >= max_zipf:
        return False
    return near_one_word_name(w, gaz)


def near_one_word_name(w: str, gaz: Gazetteer) -> bool:
    """Is ``w`` one edit (two from ten letters) from a one-word gazetteer name?"""
    from rapidfuzz import process

    def near() -> bool:
        by_len = _SINGLE_KEYS.get(gaz.checksum)
        if by_len is None:
            by_len = {}
            for k in sorted({k for k in gaz.by_key if " " not in k and len(k) >= 4}):
                by_len.setdefault(len(k), []).append(k)
            _SINGLE_KEYS[gaz.checksum] = by_len
        cutoff = 1 if len(w) < 10 else 2
        key = name_key(w)
        return any(process.extractOne(key, by_len.get(n, ()), scorer=Levenshtein.distance, score_cutoff=cutoff)
                   for n in range(len(w) - cutoff, len(w) + cutoff + 1))
    return _LOWER_SEEN.get_or((gaz.checksum, w.lower()), near)


_LOWER_SEEN = Memo(100_000)
_SINGLE_KEYS: dict[str, dict[int, list[str]]] = {}  # one-word name keys by length


_FILLS = [""] + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def _name_with_a_letter(head: str, tail: str, gaz: Gazetteer) -> bool:
    """Is ``head``, one letter and ``tail`` a gazetteer name (letter case aside: lookups
    compare name keys)?"""
    return any(gaz.lookup(head + f + tail) for f in _FILLS[1:])


def junk_reads_name(tok: str, gaz: Gazetteer) -> bool:
    """Does the one junk mark of a capitalised word, read as a letter or as nothing, make a
    gazetteer name (``Кита”`` → Китая, a known word with a mark for its lost ending)?"""
    spots = [i for i, ch in enumerate(tok) if not (ch.isalpha() or ch == "-")]
    if len(spots) != 1:
        return False
    i = spots[0]
    upper = tok[:i].isupper() and len(tok[:i]) > 1
    return any(gaz.is_known_name(tok[:i] + (f.upper() if upper else f) + tok[i + 1:]) for f in _FILLS)


def _mark_is_last_letter(a: str, b: str, gaz: Gazetteer) -> bool:
    """Do the name words ``a`` and ``b`` make a gazetteer name when one letter is put after
    ``a`` (``Ка`` ``Гона``: Кан Гона), and is ``a`` no name word as it stands?"""
    return not gaz.is_known_name(a) and _name_with_a_letter(a, " " + b, gaz)


_GHOST = re.compile(r"[а-яё][А-ЯЁ][а-яё]{3,}")


def _ghost_letter(tok: str, gaz: Gazetteer) -> bool:
    """Is ``tok`` a name with a stray small letter glued before its capital (``чЧемульпо``; not
    ``вКитае``: a preposition that lost its space)?"""
    return bool(_GHOST.fullmatch(tok)) and tok[0] not in LOST_SPACE_WORDS and gaz.is_known_name(tok[1:])


def _mark_for_capital(tok: str, gaz: Gazetteer) -> bool:
    """Is ``tok`` a mark and small letters where the mark stands for the capital of a gazetteer
    name (``$им``, ``„талину``: a low quote opens no quotation before a word that is none)?"""
    return len(tok) >= 3 and not tok[0].isalpha() and tok[1:].isalpha() and tok[1:].islower() \
        and junk_reads_name(tok, gaz)


def _initial_is_a_piece(letter: str, word: str, gaz: Gazetteer) -> bool:
    """Is the capital ``letter`` before a stop the first letter of ``word`` in capitals, which no
    name has alone, the stop standing for a letter between (``М. ЛОТОВУ``: МОЛОТОВУ)?"""
    return len(letter) == 1 and word.isupper() and len(word) >= 4 and word.isalpha() \
        and not gaz.is_known_name(word) and _name_with_a_letter(letter, word, gaz)


def _lost_letter_piece(text: str, prev: Token, t: Token, nxt: Token, gaz: Gazetteer) -> bool:
    """Is the one small letter ``t`` between the name words ``prev`` and ``nxt`` a name word
    that lost a letter: with one letter put before it, do the three make a gazetteer name
    (``Ким р Сен``: Ким Ир Сен)?"""
    if not (len(t.text) == 1 and t.text.isalpha() and t.text.islower() and nxt.text[:1].isupper()
            and text[prev.end:t.start] == " " and text[t.end:nxt.start] == " "):
        return False
    a, b = letters(prev.text), letters(nxt.text)
    if not (gaz.is_known_name(a) and gaz.is_known_name(b)):
        return False  # (the words around it are a name's own)
    return _LETTER_PIECES.get_or((gaz.checksum, a, t.text, b),
                                 lambda: _name_with_a_letter(a + " ", f"{t.text} {b}", gaz))


_LETTER_PIECES = Memo(20_000)


_PREPOSITION_BEFORE = re.compile(r"(?:^|[\s(])(" + "|".join(sorted(set(PREP_CASES) - QUARTER_COMPARATIVES, key=len,
                                                                     reverse=True)) + r")\s+$", re.IGNORECASE)


def _nominative_after_preposition(text: str, start: int, forms: list[Form], gaz: Gazetteer) -> bool:
    """Is the place name at ``start``, written in the nominative only (no other case has that
    form: Лхаса, Корея; not Пекин, Токио), right after a preposition, which never takes the
    nominative?"""
    return bool(forms) and all(f.case == "nomn" and gaz.entities[f.entity].type == "place"
                               and gaz.entities[f.entity].lang != "ja" for f in forms) \
        and bool(_PREPOSITION_BEFORE.search(text[max(0, start - 12):start]))  # (в Осака: often undeclined)


def _case_ruled_out(text: str, start: int, forms: list[Form], case: Case, gaz: Gazetteer) -> bool:
    """Is the place name at ``start``, written as its bare nominative or accusative, right after a
    preposition that rules both out, and is its form in the preposition's case that and one
    letter more (``из-под Сайгон``, ``из Сайгон``: Сайгона)?  The OCR lost the ending.  (Not
    another case's ending read as a third's: в Тибете, к Пекине — a misread preposition is as
    likely; nor Japanese places, often left undeclined, nor persons, which period texts
    sometimes leave so too.)"""
    return bool(forms) and case.cases is not None and case.weight >= STRONG and not case.listed \
        and all(f.case in ("nomn", "accs") for f in forms) and not any(f.case in case.cases for f in forms) \
        and _one_letter_longer(text[start:start + len(forms[0].text)], gaz, case) \
        and all(gaz.entities[f.entity].type == "place" and gaz.entities[f.entity].lang != "ja" for f in forms) \
        and bool(_PREPOSITION_BEFORE.search(text[max(0, start - 12):start]))


#: nouns a place name stands beside in apposition, in their case (город Пхеньян, в провинции
#: Хэбэй): after them the nominative may be right
APPOSITION_HEADS = frozenset({
    "город", "столица", "порт", "провинция", "уезд", "район", "округ", "область", "край", "остров",
    "полуостров", "река", "озеро", "залив", "пролив", "гора", "хребет", "перевал", "высота", "деревня",
    "село", "поселок", "посёлок", "станция", "пункт", "страна", "государство", "республика", "база",
    "аэродром", "гавань", "бухта", "рейд", "плато", "долина", "местность", "населенный", "пост",
    "газета", "журнал", "агентство", "лагерь", "фронт", "направление", "сектор", "участок"})


def _nominative_after_noun(text: str, start: int, end: int, forms: list[Form], case: Case, gaz: Gazetteer) -> bool:
    """Is the place name at ``start``, in a form only the nominative has (``Корея``), right after
    a noun on its line that takes no apposition, where the context asks for the genitive and no
    verb follows the name (``восстановление Корея своим делом``: Кореи)?  Not after ``город``
    and the like (город Пхеньян), nor a subject (предложение Корея отвергла)."""
    if {f.case for f in forms} != {"nomn"} or case.cases != frozenset({"gent"}) or case.listed \
            or not all(gaz.entities[f.entity].type == "place" for f in forms):
        return False
    before = re.search(r"(?<![\w\"-])([^\W\d_]{3,}) $", text[max(0, start - 40):start])
    if not before:
        return False
    parses = [p for p in _morph().parse(before.group(1).lower()) if p.is_known]
    if not parses or parses[0].tag.POS != "NOUN" or parses[0].normal_form in APPOSITION_HEADS \
            or parses[0].tag.case == "ablt":
        return False  # (Тем временем Корея: a noun used as an adverb)
    if re.match(r"\s*(?:,|и\b|или\b|а\b)", text[end:end + 6]):
        return False  # (Корея и США вели переговоры: a subject of two names)
    after = re.match(r"\s+([а-яё]+)", text[end:end + 30])
    if after:
        nxt = _morph().parse(after.group(1))
        if nxt and nxt[0].tag.POS in ("VERB", "INFN", "PRTS"):
            return False
    return True


def _prepositional_without_preposition(text: str, start: int, forms: list[Form], case: Case) -> bool:
    """Is the name at ``start``, written in a form only the prepositional has (``Пекине``, ``Ким
    Ир Сене``), right after a word that is no preposition, where the context asks for another
    case (``По словам Ким Ир Сене``, ``раз"яснения Пекине``: the genitive after a noun)?  No
    prepositional stands without a preposition: the OCR misread the ending as another real
    one.  (In a list the preposition may stand further back: ``в Москве, Пекине`` has no case
    of its own here.)"""
    if {f.case for f in forms} != {"loct"} or case.cases is None or "loct" in case.cases or case.listed:
        return False
    before = re.search(r"(?<![\w\"-])([^\W\d_]+(?:\"[^\W\d_]+)?)[ \n]$", text[max(0, start - 40):start])
    if not before:
        return False
    # a noun the name follows, in no prepositional itself (в городе Сеуле: an apposition; связи р
    # Кэсоне, у которого Бэйпине, в Тибете и Синьцзяне: the OCR lost the preposition, or it stands
    # further back)
    parses = [p for p in _morph().parse(before.group(1).lower().replace('"', "ъ")) if p.is_known] \
        if len(before.group(1)) >= 3 else []  # (раз"яснения: the typewriter's " for ъ)
    return bool(parses) and parses[0].tag.POS == "NOUN" and not any(p.tag.case == "loct" for p in parses)


#: a word in small letters at least this frequent (wordfreq Zipf) is no misread syllable of a
#: name (из, их, там, то; not пах, гой)
SYLLABLE_WORD_ZIPF = 4.0


def _adjective_of(span: str, base: str) -> bool:
    """Is the last word of ``span`` an adjective made from the last word of the name ``base``
    (``Онджинском`` of Онджин, ``Корейской`` of Корея): its stem, then ``ск`` and an
    adjective's ending?"""
    word, name = letters(span.split()[-1]).lower(), base.split()[-1].lower()
    stem = name.rstrip("аяьйеиоу") or name
    # (or its stem and ск with the ending cut off by marks: Аньшаньск-. го комбината)
    return (bool(ADJECTIVE_END.search(word)) or word.endswith(("ск", "цк")) and len(word) <= len(name) + 3) \
        and len(stem) >= 3 and word.startswith(stem) \
        and not name.endswith(("ск", "цк")) and not ADJECTIVE_END.search(name)  # (not Красовский)


def _doubtful_context(text: str, start: int, gaz: Gazetteer) -> bool:
    """Is the context before a name written right at ``start`` too doubtful to offer it in
    another case: a one-letter preposition right after another name (``в Ленинград к
    Свердловск``: the к a misread и), or marks glued together before it (``по предаохени;. Мао
    Цзэ-дуна``: no sentence ends there), or a word a mark broke right before it that reads as
    no word (``С’гдня Ялта``: no noun дня governs it)?"""
    head = text[max(0, start - 40):start]
    last = head.split()[-1] if head[-1:].isspace() and head.split() else ""
    if _mark_broken(last) and _mended(last) == UNREAD:
        return True
    words = _words_before(text, start, 2)
    if len(words) == 2 and len(words[0]) == 1 and words[0].lower() in PREP_CASES and gaz.lookup(words[1]):
        return True
    if words and words[0].lower() in _O_PREPOSITIONS and _opens_with_a_syllable(text[start:start + 2]):
        return True  # ко Сеул: no ко before a consonant and a vowel (к Сеулу) — a misread но
    return bool(re.search(r"[^\w\s]{2}\s*$", text[max(0, start - 6):start]))


#: prepositions with the -о Russian adds before a cluster of consonants (ко всем, со Сталиным, во
#: Вьетнаме), not before a consonant and a vowel (к Сеулу, с Ким Ир Сеном)
_O_PREPOSITIONS = frozenset({"ко", "со", "во", "обо", "ото", "подо", "надо", "передо"})


def _opens_with_a_syllable(head: str) -> bool:
    """Do the two letters ``head`` open a word with a consonant and a vowel (Се of Сеул)?"""
    head = head.lower()
    return len(head) == 2 and head.isalpha() and head[0] not in _VOWELS and head[1] in _VOWELS


def _name_candidate_over(doc: Document, start: int, end: int) -> bool:
    """Does a name candidate of ``doc`` already cover some of ``doc.text[start:end]``?"""
    return any(c.kind == "name" and c.start < end and start < c.end for c in doc.candidates)


def _displace_weaker(doc: Document, start: int, end: int, score: float) -> bool:
    """Make room for a name candidate of ``score`` over ``doc.text[start:end]``: the name
    candidates inside the stretch that score lower go (``хи Фу-чунем``: the window ``Фу-чунем`` →
    Ли Фу-чунем, which kept хи, gives way to the whole name); False where one reaches beyond
    it or scores as high."""
    over = [c for c in doc.candidates if c.kind == "name" and c.start < end and start < c.end]
    if any(c.start < start or c.end > end or c.score >= score for c in over):
        return False
    doc.candidates = [c for c in doc.candidates if not any(c is o for o in over)]
    return True


def _capitalised_name_word(gaz: Gazetteer, word: str) -> bool:
    """Is ``word`` capitalised as written and a word of some name (Ким, ЧАН; not нам, ли)?"""
    return word[:1].isupper() and _name_part(gaz, word)


def _one_edit(word: str) -> set[str]:
    """The words one letter changed, dropped or put in away from ``word`` (small letters)."""
    out = set()
    for i in range(len(word) + 1):
        for ch in _CYRILLIC_LETTERS:
            out.add(word[:i] + ch + word[i:])
            if i < len(word):
                out.add(word[:i] + ch + word[i + 1:])
        if i < len(word):
            out.add(word[:i] + word[i + 1:])
    out.discard(word)
    return out


#: words that open a clause whose subject may follow them (и что МАО ЦЗЭ-ДУН просил, а ГАО ГАН
#: сказал, как ЛИ ЛИ-САНЬ писал; train texts: 50 of 50 names before a verb in the singular after
#: them are nominatives); not и, after which a list's last name may stand before the verb
CLAUSE_WORDS = frozenset({"что", "а", "как", "но"})


def _clause_start(text: str, pos: int) -> bool:
    """Does a clause begin at ``pos``: a sentence's start, or after a comma or one of
    :data:`CLAUSE_WORDS`?"""
    if _sentence_start(text, pos):
        return True
    before = text[max(0, pos - 30):pos].rstrip()
    m = re.search(r"(?:^|\s)([^\W\d_]+)$", before)
    return before.endswith(",") or bool(m) and m.group(1).lower() in CLAUSE_WORDS


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40):pos].rstrip()
    return not before or before[-1] in ".!?" or "\f" in text[max(0, pos - 3):pos]


def _lost_capital_word(text: str, t: Token, nxt: Token, gaz: Gazetteer) -> bool:
    """Is ``t`` a short word in small letters that no dictionary knows, at a sentence start,
    right before a capitalised word of a person's name (``ци Сянь-нянь``: Ли)?  A sentence
    starts with a capital: the OCR read it small, and the word is a name word."""
    w = t.text
    return 2 <= len(w) <= 3 and w.isalpha() and w.islower() and text[t.end:nxt.start] == " " \
        and nxt.text[:1].isupper() and gaz.is_known_name(nxt.text) and not lexicon_knows(w) \
        and _sentence_start(text, t.start)


def _noun_follows(text: str, t: Token, nxt: Token) -> bool:
    """Is ``t`` followed by a lower-case noun, or an adjective and a noun (Онгжинском
    полуострове, Синьцзянским военным округом: an adjective made from a name; ВЫШИНСКОМУ
    передать: a surname)?"""
    if text[t.end:nxt.start].strip() or not nxt.text[:1].islower():
        return False
    parses = _morph().parse(nxt.text.lower())
    if not parses:
        return False
    noun = nxt.text.lower()
    if parses[0].tag.POS == "ADJF":
        after = re.match(r"\s+([а-яё]+)", text[nxt.end:nxt.end + 40])
        if not (after and any(p.tag.POS == "NOUN" for p in _morph().parse(after.group(1))[:1])):
            return False
        noun = after.group(1)
    elif parses[0].tag.POS != "NOUN":
        return False
    if not (parses[0].is_known and _morph().parse(noun)[0].is_known) or text[nxt.end:nxt.end + 1] not in " \n,.;:":
        return True  # a garbled word (попитехничесхом, институ:е): its parse is a guess
    return _may_agree(letters(t.text).lower(), noun)


#: pymorphy3's second genitive, locative and accusative (чаю, в лесу) are the cases they vary
_CASE_OF = {"gen2": "gent", "loc2": "loct", "acc2": "accs"}


@lru_cache(maxsize=20_000)
def _may_agree(adjective: str, noun: str) -> bool:
    """Can ``adjective`` stand before ``noun`` in one of their cases (маршалом
    Малыновским выполнение: the instrumental before a nominative is no adjective of it, but a
    surname)?  Yes when either is not parsed as such."""
    def forms(word: str, pos: tuple[str, ...]) -> set:  # cases only: two adjectives of one plural
        return {_CASE_OF.get(str(p.tag.case), str(p.tag.case))  # noun are singular (в Харбинском и
                for p in _morph().parse(word) if p.tag.POS in pos}  # Мукденском районах)
    a, n = forms(adjective, ("ADJF", "PRTF")), forms(noun, ("NOUN",))
    return not a or not n or bool(a & n)


def _token_flag(tok: str, gaz: Gazetteer, caps_in_text: bool, before_dot: bool, adjective: bool) -> str:
    """What a name word is to :func:`name_runs` (``name``, ``cap``, ``phrase``,
    ``garbled-phrase`` or ""), from its text and the few facts of its place that matter."""
    if _INITIALS.fullmatch(tok):
        return ""  # С.М: initials
    if lead := re.match(rf"[{LEAD_DIGITS}]{{1,3}}-(?=[А-ЯЁ]{{2}})", tok):
        # 539-ДУНОМ: digits for a name word's first letters, glued by its hyphen — the word after
        # says what it is
        return _token_flag(tok[lead.end():], gaz, caps_in_text, before_dot, adjective)
    if _ghost_letter(tok, gaz):
        return "name"  # чЧемульпо: a stray small letter before a name
    if _garbled_common_word(tok, gaz):
        return ""  # Пред::едателя, М-нистров: a word of running text the OCR broke, no name
    if _mark_for_capital(tok, gaz):
        # a rare word (талину) reads the name; a common one (им) only beside other name words
        return "name" if get_resource("lexicon").zipf(letters(tok)) < 2.5 else "cap"
    if not adjective and name_like(tok, gaz, caps_in_text, before_dot):
        return "name"
    if _capitalised(tok) and (not adjective or gaz.is_known_name(tok)):
        return "name" if not adjective and (rare_capitalised_name(tok, gaz) or junk_reads_name(tok, gaz)) else "cap"
    if len(letters(tok)) == 1 and has_junk(tok) and tok.isupper():
        return "cap"  # one capital and junk (М” ЧЖОНА): a garbled name word
    if lower_name(tok, gaz):
        return "name"
    ph = phrase_word(tok, gaz)
    return "garbled-phrase" if ph == "close" else "phrase" if ph else ""


#: a word of running text this frequent (wordfreq Zipf) one letter from a broken capitalised word
#: makes it that word, not a name (:func:`_garbled_common_word`)
BROKEN_WORD_ZIPF = 3.5


def _garbled_common_word(tok: str, gaz: Gazetteer) -> bool:
    """Is ``tok``, a capitalised word with one run of marks inside or a hyphen after its first
    letter (``Пред::едателя``, ``М-нистров``), a frequent word of running text with those marks
    read as one letter or none (Председателя, Министров), and near no name nor a word of one?
    Then it is that word broken, and no name word to open a run (whose case would be read from
    the words before it).  (Not Гром.жо, Мосхт?ы: names, their marks no letter of a word;
    not Советск.м Союзом: a name's word.)"""
    m = re.fullmatch(r"([А-ЯЁ][а-яё]*)([^\w\s]{1,2})([а-яё]{2,})", tok) or \
        re.fullmatch(r"([А-ЯЁ])(-)([а-яё]{3,})", tok)
    if not m or len(m.group(1)) + len(m.group(3)) < 5:
        return False
    head, tail = m.group(1).lower(), m.group(3)
    if near_one_word_name(head + tail, gaz):
        return False
    lex, phrase = get_resource("lexicon"), _phrase_words(gaz)[0]
    return any(lex.zipf(x) >= BROKEN_WORD_ZIPF and x not in phrase
               for x in [head + tail] + [head + ch + tail for ch in _CYRILLIC_LETTERS])


#: (gazetteer, word, capitals in lower-case text, full stop after, adjective before a noun) -> flag
_TOKEN_FLAGS = Memo(100_000)


def name_runs(doc: Document, gaz: Gazetteer) -> list[list]:
    """Runs of name-like words separated by spaces or one line break (a name wrapped at the end
    of a line, ``Чжоу Эн-`` / ``лаем``).  Capitalised words and the lower-case words of
    gazetteer phrases join a run (``Кии Ир Сен``, ``Чжоу Эн-паем``: the lexicon knows кии and
    паем, the neighbours say name; ``Корейской Народной армик``).  A run needs a name-like word
    or a garbled phrase word.  A word broken at a line end (``Наро-`` / ``дной``) is a
    fragment, not a name; so is an adjective in ``-ский`` (``Онгжинском``)."""
    text = doc.text
    toks = name_tokens(text)
    flags = []
    for k, t in enumerate(toks):
        nxt = text[t.end:t.end + 2]
        if nxt.startswith("-\n") and k + 1 < len(toks) and not _capitalised(toks[k + 1].text) and \
                _known_word(letters(t.text) + letters(toks[k + 1].text)) and \
                not gaz.is_known_name(letters(t.text) + "-" + letters(toks[k + 1].text)):
            flags.append("")  # Наро- / дной: a word broken at the line end
            continue
        if k and flags[k - 1] and text[toks[k - 1].end:t.start] in ("-", "-\n") and (
                t.text[:1].islower() or t.text.isupper() and toks[k - 1].text.isupper()):
            flags.append("cap")  # the part after the hyphen of a name: Эн- / лаем, ДУН БИ- / У (a
            # one-letter part in capitals is no preposition there)
            continue
        if k and flags[k - 1] in ("name", "cap") and _small_piece(text, toks[k - 1], t, gaz):
            flags.append("piece")  # Ок; наве, Вышинск ому: a piece of one name word
            continue
        if k and flags[k - 1] in ("name", "cap") and text[toks[k - 1].end:t.start] == " " and \
                t.text[:1].isupper() and letters(t.text).lower() in ABBREVIATED and gaz.is_known_name(t.text):
            flags.append("name")  # Цой Ен Ген.: an abbreviated title stands before a name, not after one
            continue
        if (t.text in _one_letter_words(gaz) or len(t.text) == 1 and t.text.isupper()
                and text[t.end:t.end + 1] in (",", ";", ":")) and (
                k and flags[k - 1] == "name" and text[toks[k - 1].end:t.start] in (" ", "\n")
                and not _whole_name_before(text, toks, flags, k, gaz)
                or t.text.lower() not in LOST_SPACE_WORDS and k + 1 < len(toks)
                and text[t.end:toks[k + 1].start] == " " and _capitalised(toks[k + 1].text)):
            # Пах Ир У., Е ЦЗЯНЬ-ИН, ЧЭНЬ А, (a capital before a comma is no initial, no
            # conjunction): a one-letter word of a name — not after a whole name (ПЭН
            # ЧЖЭНЬ И ЧЖОУ: the conjunction), not the preposition or conjunction before one (У
            # ШТЫКОВА), not an initial (it has its full stop)
            flags.append("cap")
            continue
        if has_junk(t.text) and len(letters(t.text)) <= 2 and not t.text[:1].isalpha() and k and k + 1 < len(toks) \
                and flags[k - 1] in ("name", "cap") and text[toks[k - 1].end:t.start] == " " \
                and text[t.end:toks[k + 1].start] == " " and _capitalised(toks[k + 1].text):
            flags.append("cap")  # Ким [р Сену: a junk mark for the capital of a short name word
            continue
        if t.text.isupper() and len(t.text) >= 5 and t.text.isalpha() and _alone_on_line(text, t.start, t.end) \
                and not gaz.is_known_name(t.text) and lexicon_knows(t.text) \
                and get_resource("lexicon").zipf(t.text.lower()) < COMMON_WORD_ZIPF and near_one_word_name(t.text, gaz):
            flags.append("name")  # a signature alone on its line, a rare word one letter from a name
            # (МОЛОТОЕ; not КОНЕЦ, ГОТОВ)
            continue
        if len(t.text) == 1 and t.text.isupper() and text[t.end:t.end + 2] == ". " and k + 1 < len(toks) \
                and toks[k + 1].start == t.end + 2 and _initial_is_a_piece(t.text, toks[k + 1].text, gaz):
            flags.append("cap")  # М. ЛОТОВУ: no initial, the first letter of МОЛОТОВУ, a stop for the second
            continue
        if len(t.text) == 1 and k and k + 1 < len(toks) and flags[k - 1] \
                and _lost_letter_piece(text, toks[k - 1], t, toks[k + 1], gaz):
            flags.append("cap")  # Ким р Сен: a name word that lost its capital letter
            continue
        if k + 1 < len(toks) and _capital_before_piece(text, t, toks[k + 1], gaz):
            flags.append("cap")  # и К рея: a capital alone mid-sentence, the rest of its word after a lost letter
            continue
        if len(t.text) <= 3 and k + 1 < len(toks) and _lost_capital_word(text, t, toks[k + 1], gaz):
            flags.append("cap")  # ци Сянь-нянь: the first word of a name, its capital read small
            continue
        adjective = bool(ADJECTIVE_END.search(t.text)) and k + 1 < len(toks) and _noun_follows(text, t, toks[k + 1])
        caps = t.text.isupper() and _line_has_lower(text, t.start)
        dot = text[t.end:t.end + 1] == "."
        flags.append(_TOKEN_FLAGS.get_or((gaz.checksum, t.text, caps, dot, adjective),
                                         lambda: _token_flag(t.text, gaz, caps, dot, adjective)))

    for k, t in enumerate(toks):
        if flags[k] == "cap" and t.text.isupper() and len(letters(t.text)) >= 4 and any(
                0 <= n < len(toks) and flags[n] == "name" and gaz.lookup(toks[n].text)
                and re.fullmatch(r",\s*", text[toks[min(n, k)].end:toks[max(n, k)].start]) for n in (k - 1, k + 1)):
            flags[k] = "name"  # МИКОЯНУ,\nГАГАНОВИЧУ, БУЛГАНИНУ: a word in capitals in a list of names is one
            # (on a line all in capitals, where a word in capitals alone says nothing)

    full = full_line_length(text)

    def joined(k: int) -> bool:
        a, b = toks[k - 1], toks[k]
        gap = text[a.end:b.start]
        if gap.count("\n") > 1 or "\n" in gap and _alone_on_line(text, a.start, a.end):
            return False  # (a word alone on its line, a signature, ends its run there)
        if "\n" in gap and b.text.isupper() and len(b.text) > 1 and (not a.text.isupper() or "." in gap) \
                and len(letters(a.text)) >= 3 and _alone_on_line(text, b.start, b.end) \
                and (gaz.lookup(b.text) or near_one_word_name(b.text, gaz)):
            return False  # через Аньдунъ / СТЫКОВ, генерала ЗАХАРОВА. / ШТЫКОВ: a word in capitals
            # alone on the next line that reads a name of one word is a signature, not the rest of a
            # name in small letters or of a sentence that ended (not Ли’ / ФУ-ЧУНЬ: capitals the
            # OCR read small)
        if "\n" in gap and "-" not in gap and not a.text.endswith("-") and gaz.lookup(a.text) and \
                len(text[text.rfind("\n", 0, a.end) + 1:a.end].rstrip()) < SHORT_LINE * full:
            # Товарищу МИКОЯНУ / Сегодзя ГАО ГАЗ: a short line that ends in a whole name is a
            # heading or an address, its name complete; a name broken at a hyphen (МАО ЦЗЭ- /
            # ДУНОМ) goes on whatever the line's length
            return False
        if flags[k] == "piece":
            return True
        marks = gap.strip()
        if gap[:1] == " " and 1 <= len(marks) <= 3 and gap.endswith(marks) \
                and not any(ch.isalpha() or ch in ",.;" for ch in marks) \
                and gaz.is_known_name(a.text) and not gaz.is_known_name(letters(b.text)) \
                and not ("(" in marks and ")" in text[b.end:b.end + 3]) \
                and (a.text.isupper() == letters(b.text).isupper() or a.text[1:].islower() and b.text[:1].islower()):
            return True  # МАО :3Э-ДУН, МАО (3Э-ДУНОМ, Мао :зэ-дун: marks glued before the next word of a
            # name written right are its lost first letters (not Мукден (Шэньян), Порт-Артура (ЛюРшуна):
            # a name of its own in brackets)
        if marks and marks == gap and marks != "-" and glued_preposition(a.text):
            return False  # Из`ПХЕНЬЯНА: a preposition glued to the name by a mark is none of it
        if marks in ("", "-") or len(marks) <= 2 and not marks.strip(JUNK + "'‚") and not (
                "'" in marks and "'" in text[b.end:b.end + 80].split("\n")[0]):
            return True  # a space, a hyphen, a stray mark (Чжоу ‘Эн-, Мао 'Цзэ-дуном; not ЛИ 'Сын Ман')
        if gap in (".", ":", ";") and letters(a.text)[:1].isupper() and letters(b.text)[:1].isupper() \
                and flags[k - 1] == "name" and (flags[k] == "name" or flags[k] == "cap" and get_resource("lexicon").zipf(letters(b.text).lower()) < 2.5):
            return True  # Ким Ир.Сен, Ким Ир.Сед: a mark glued between two name words for their lost space
        if marks in (".", ":", ";") and gap[:1] not in " \n" and letters(b.text)[:1].isupper() \
                and gaz.lookup(letters(a.text) + " " + letters(b.text)):
            return True  # Советского. Союза: a mark glued inside a name of two words
        if gap == " ." and letters(b.text)[:1].isupper() and any(
                gaz.lookup(" ".join(letters(t.text) for t in [a] + toks[k:k + n]))
                for n in range(1, 3) if all(text[t.end:u.start] == " " for t, u in zip(toks[k:k + n], toks[k + 1:k + n]))):
            return True  # Чан .Кай-ши, Пак .Хен Ена: a stop glued before the second word of a name
        if gap in (": ", "; ") and letters(a.text)[:1].isupper() and letters(b.text)[:1].isupper() \
                and _mark_is_last_letter(letters(a.text), letters(b.text), gaz):
            return True  # Ка: Гона: the mark glued to a name word is its lost last letter (Кан Гона)
        if gap in (". ", ": ", "; ") and letters(a.text)[:1].isupper() and letters(b.text)[:1].isupper() \
                and flags[k - 1] in ("name", "cap") and flags[k] in ("name", "cap") \
                and any(r[2] <= CROSSING_NORM and len(r[3].text.split()) >= 2
                        for r in match_window(text[a.start:b.end], gaz, NO_CASE)[:1]):
            return True  # Ли; ШАО-ЦИ: a mark after a name word and a space before the next, the
            # two together close to a name of two words or more (ЛЮ ШАО-ЦИ); not Пекине. МАО
        if gap in (". ", ": ", "; ") and a.text.isupper() and b.text.isupper() and _line_has_lower(text, a.start) \
                and (len(a.text) >= 2 and len(b.text) >= 2 and not gaz.is_known_name(a.text)
                     and _name_with_a_letter(a.text, b.text, gaz) or gap == ". " and _initial_is_a_piece(a.text, b.text, gaz)):
            return True  # заявили ХАТ. ЯМЕ: capitals in running text, the mark a letter and the space
            # none of the name (ХАТОЯМЕ)
        # a mark glued between words in capitals (КИ: ИР СЕН, ЦК. КПК, ЦЗ»-ДУН): the run may
        # cross it; a window over it pays the junk cost and must match a name closely
        # (find_matches).  Commas end a run; so does a sentence end before a capitalised word.
        return (len(marks) <= 2 and not marks.strip(SOFT_MARKS + "?-") and gap[:1] not in " \n"
                and letters(a.text).isupper() and letters(b.text).isupper()
                and (len(letters(a.text)) >= 2 or marks == "?")  # (КИМ И? СЕН: no initial has a ?)
                and ("." not in marks or not _common_word(a.text, gaz) and not _common_word(b.text, gaz))
                and flags[k - 1] in ("name", "cap") and flags[k] in ("name", "cap"))

    runs, cur = [], []
    for k, t in enumerate(toks):
        f = flags[k]
        if cur and f and cur[-1] == k - 1 and joined(k):
            cur.append(k)
            continue
        if cur:
            runs.append(cur)
        cur = [k] if f else []
    if cur:
        runs.append(cur)
    out = []
    for r in runs:  # capitalised words alone are no name: a sentence start, a title
        if any(flags[k] in ("name", "garbled-phrase", "piece") for k in r):
            out.append([toks[k] for k in r])
    return out


# -- matching ------------------------------------------------------------------------------------
@dataclass
class Match:
    start: int
    end: int
    text: str
    form: Form
    replacement: str
    dist: float
    norm: float
    cost: float
    case_ok: bool
    n_tokens: int
    margin: float = 1.0
    case: Case | None = None  # the case rule the window was matched under
    case_margin: float = 1.0  # how much dearer the nearest form of the same name in another case is
    variant_margin: float = 1.0  # how much dearer another spelling of the same name in this case is
    name_words: bool = False  # its words are all correctly spelled name words (Ким Ир Гена)
    other_margin: float = 1.0  # how much dearer the nearest other name written otherwise is


def _loose(name: str) -> str:
    """A name's letters with е for э and no soft sign: variant spellings of one name agree."""
    return re.sub(r"[\sЬ-]+", "", name_key(name).replace("Э", "Е"))


_NAME_WORDS = re.compile(r"[^\W\d_]+")


def _variant_words(form: str, written: str) -> dict[str, str]:
    """The words of a gazetteer form the document writes with е for э (``Мао Цзэ-дун`` written
    ``МАО ЦЗЕ-ДУН``: цзэ → цзе), in small letters."""
    a, b = _NAME_WORDS.findall(form.lower()), _NAME_WORDS.findall(written.lower())
    if len(a) != len(b):
        return {}
    return {x: y for x, y in zip(a, b) if x != y and len(x) == len(y)
            and all(p == q or {p, q} == {"е", "э"} for p, q in zip(x, y))}


def _romanisation_variant(span: str, gaz: Gazetteer) -> bool:
    """Is ``span``, letters only, a gazetteer form with ч written for a Korean чх (Чорвона for
    Чхорвона, Чонджин for Чхонджин), or a port's -по for -пхо (Енампо, Нампо, Мокпо)?  Cables
    wrote ㅊ and the ㅍ of 浦 both ways: a spelling of its own, no misreading, and no other name
    to change it to (not Чанджин)."""
    if not span.replace("-", "").replace(" ", "").isalpha() or gaz.lookup(span):
        return False
    spots = [k for k in range(len(span)) if span[k] in "чЧ" and span[k + 1:k + 2].lower() != "х"
             or span[k] in "пП" and span[k + 1:k + 2].lower() == "о" and not span[k + 2:k + 3].isalpha()]
    return 0 < len(spots) <= 2 and any(gaz.lookup(span[:k + 1] + ("Х" if span[k].isupper() else "х") + span[k + 1:])
                                       for k in spots)


def _letter_count(s: str) -> int:
    return sum(ch.isalpha() for ch in s)


def _spelling_variant(a: str, b: str) -> bool:
    """Are two base forms of one entity spellings of one name (Пэн Дэ-хуай, Пын Дэ-хуай: the
    same words, a letter or two apart), not two names of it (Шэньян, Мукден)?"""
    x, y = name_key(a), name_key(b)
    return x.count(" ") == y.count(" ") and Levenshtein.distance(x, y) <= 2


def _with_words(name: str, words: dict[str, str]) -> str:
    """``name`` with the words of ``words`` replaced, each in the letter case it has."""
    def swap(m: re.Match) -> str:
        w = m.group()
        new = words.get(w.lower())
        if new is None:
            return w
        return new.upper() if w.isupper() else new[:1].upper() + new[1:] if w[:1].isupper() else new
    return _NAME_WORDS.sub(swap, name)


def _separators(name: str) -> tuple[str, ...]:
    return tuple("-" if "-" in sep else " " for sep in re.findall(r"[\s-]+", name.strip()))


def _written_pattern(text: str, forms: list[Form], gaz: Gazetteer) -> list[Form]:
    """Of the spellings ``forms`` of one name (Энь-лая, Эньлая), those whose hyphens and spaces
    are the ones the document writes the name with elsewhere, in any case (Чжоу Энь-лай):
    its own style, which the OCR may have lost (``Эньтлая``)."""
    if len({_separators(f.text) for f in forms}) < 2:
        return []
    entity = forms[0].entity
    seen = _SEPARATORS_SEEN.get_or((id(gaz), gaz.checksum, text, entity), lambda: _separators_seen(text, entity, gaz))
    return [f for f in forms if _separators(f.text) in seen]


def _separators_seen(text: str, entity: str, gaz: Gazetteer) -> frozenset:
    """The hyphen/space patterns of the entity's spellings the document writes somewhere."""
    low = text.lower()
    return frozenset(_separators(f.text) for f in gaz.forms_of(entity)
                     if len(f.text) >= 4 and re.search(r"(?<!\w)" + re.escape(f.text.lower()) + r"(?!\w)", low))


#: (gazetteer, document text, entity) -> the patterns :func:`_written_pattern` finds (a name recurs
#: in a document, and each window matched to it would search the text again); emptied for each
#: document (:meth:`Names.process`), so a document seen again is searched again
_SEPARATORS_SEEN = Memo(2048)


def _person_capitals(written: str, forms: list[Form], gaz: Gazetteer) -> str:
    """``written`` with the capital put back on each word of a person's name the OCR read small
    (``Цой чан Ика``: Ч and ч differ in size only); a place's or an organisation's words keep
    theirs (корейской Народной армии)."""
    if gaz.entities[forms[0].entity].type != "person":
        return written
    words = re.split(r"(\s+)", written)
    model = next((re.split(r"(\s+)", f.text) for f in forms if len(re.split(r"(\s+)", f.text)) == len(words)), None)
    if model is None:
        return written
    return "".join(w[:1].upper() + w[1:] if w[:1].islower() and g[:1].isupper() else w for w, g in zip(words, model))


def restyle(original: str, forms: list[Form]) -> str:
    """The form written the way the document writes: capitals and hyphen/space pattern.  A
    word in capitals with a letter the OCR made small (ПХЕНЬЯгА) is still in capitals; a name
    with a word in small letters (Мао ЦЗЭ-ЛУН) is not."""
    def mostly_caps(word: str) -> bool:
        lt = [ch for ch in word if ch.isalpha()]
        return bool(lt) and (word.isupper() or len(lt) >= 4 and sum(ch.isupper() for ch in lt) >= 0.75 * len(lt))
    caps = original.isupper() or all(mostly_caps(w) for w in re.split(r"[\s-]+", original.strip()) if w)
    seps = re.findall(r"[\s-]+", original.strip())
    pattern = ["-" if "-" in s else " " for s in seps]
    # a mark between two letters (ПЭН ДЭ.ХУАЙ) stands where the name has a hyphen or a space:
    # a form with one there fits the OCR better than one that runs the letters together
    slots = ["-" if "-" in s else " " if s.isspace() else "?"
             for s in re.findall(r"[\s-]+|(?<=[^\W\d_])[^\w\s-](?=[^\W\d_])", original.strip())]
    best = None
    for f in forms:
        fp = ["-" if "-" in s else " " for s in re.findall(r"[\s-]+", f.text)]
        # (not МАК:РТУР: where the form has a letter more, the mark is that letter, МАКАРТУР)
        fits = "?" in slots and len(fp) == len(slots) and all(w in ("?", x) for w, x in zip(slots, fp)) \
            and _letter_count(f.text) == _letter_count(original)
        score = (f.text.isupper() == caps) * 2 + (1.2 if fits else fp == pattern) \
            + (f.style in ("as-written", "caps")) * 0.5
        if best is None or score > best[0]:
            best = (score, f.text)
    text = best[1].upper() if caps else best[1]
    # keep the document's line breaks and the letter case of each word's first letter
    words, seps_t = re.split(r"[\s-]+", text), re.findall(r"[\s-]+", text)
    owords = re.split(r"[\s-]+", original.strip())
    if len(seps_t) == len(seps):
        seps_t = [o if "\n" in o else t for o, t in zip(seps, seps_t)]
    if not caps and len(owords) == len(words):
        # the document's small first letter stays (корейской Народной армии), unless the name is
        # one word, all small, and the name's is a capital (чемульло → Чемульпо: the OCR lost it);
        # a word the document writes in capitals stays in capitals (Мао ЦЗЭ-ЛУН → Мао ЦЗЭ-ДУН)
        lost_capital = len(owords) == 1 and (owords[0].islower() or _GHOST.fullmatch(owords[0])) \
            and words[0][:1].isupper()  # (чЧемульпо: a stray small letter before the capital)
        words = [w.upper() if mostly_caps(o) and len(o) > 1 else
                 o[:1] + w[1:] if o[:1].lower() == w[:1].lower() and not lost_capital else w
                 for o, w in zip(owords, words)]
    return "".join(w + (seps_t[i] if i < len(seps_t) else "") for i, w in enumerate(words))


_WINDOWS = Memo(50_000)


def match_window(text: str, gaz: Gazetteer, case: Case, limit: int = 25) -> list[tuple[float, float, float, Form, bool]]:
    """Ranked (cost, distance, norm, form, case_ok) of gazetteer forms for one window
    (remembered per gazetteer, text, case and limit: the same names recur from cable to cable;
    callers must not change the list)."""
    key = (id(gaz), gaz.checksum, text, case.cases, case.weight, case.type, case.places_in, case.no_preposition,
           case.where, limit)
    return _WINDOWS.get_or(key, lambda: _match_window(text, gaz, case, limit))


#: a hyphen beside a lone consonant or sign (К-М ИР СЕН, МАО Ц-Э-ДУН, Ли Ся-ь-нянь): no name has
#: a part of one consonant, so the hyphen is what the OCR made of a letter; it is read as a junk mark
_LOST_LETTER_HYPHEN = re.compile(r"(?<![^\W\d_])([бвгджзклмнпрстфхцчшщьъ])-|-([бвгджзклмнпрстфхцчшщьъ])(?![^\W\d_])",
                                 re.IGNORECASE)


_TRAILING_HYPHEN = re.compile(r"(?<=[^\W\d_])-$")


#: one or two letters and one or two marks (no comma) glued before a name's window, after a
#: space or a line's start (``Ц.Й ЕН ГЕН``, ``г:НШТАБ``): perhaps its first letters
_GLUED_HEAD_PIECE = re.compile(r"(?:(?<=\s)|^)[^\W\d_]{1,2}[^\w\s,]{1,2}\Z", re.M)


#: a word of one to three characters and a space before a name's window, on its line
_SHORT_WORD_BEFORE = re.compile(r"(?:(?<=\s)|^)[^\s]{1,3} \Z", re.M)


def glued_head(text: str, start: int, span: str, rep: str) -> int:
    """Where the fix ``rep`` of the window ``span`` at ``start`` begins: before one or two letters
    and a mark glued to the window (:data:`_GLUED_HEAD_PIECE`) when with them the window is
    nearer the fix (``Ц.Й ЕН ГЕН``: the name's first letters, read as an initial,
    go into the fix — not Ц.ЦОЙ ЕН ГЕН), else at ``start``."""
    head = _GLUED_HEAD_PIECE.search(text, max(0, start - 6), start)
    if not head and len(rep.split()) > len(span.split()):
        # ›ю Шло-ци → Лю Шао-ци, КИМ Иг.СЕН → КИМ ИР СЕН: a word the fix has one more of stands
        # before the window, itself short and garbled or the fix's own
        head = _SHORT_WORD_BEFORE.search(text, max(0, start - 5), start)
    if head and distance(name_key(_junk_free(head.group() + span)), name_key(rep)) < \
            distance(name_key(_junk_free(span)), name_key(rep)):
        return head.start()
    return start


def _junk_free(s: str) -> str:
    """``s`` with the marks that are no letters, spaces or hyphens read as nothing."""
    return re.sub(r"[^\w\s-]|\d|_", "", s)


def _drops_a_head(span: str, rep: str) -> bool:
    """Would ``rep`` for ``span`` drop two or more letters the span begins with (``Чго’ советский
    Союз`` → Советский Союз: the word что, its mark read for a lost letter)?  Such a window has a
    word before the name; the window without it is matched on its own."""
    a = re.sub(r"[^\w ]|\d|_", "", span.lower())
    b = re.sub(r"[^\w ]|\d|_", "", rep.lower())
    ops = Levenshtein.opcodes(a, b)
    return bool(ops) and ops[0].tag == "delete" and len(a[ops[0].src_start:ops[0].src_end].strip()) >= 2 \
        or _drops_a_preposition(span, rep)


#: a one-letter preposition glued by a mark to the word after it (``В.КНДР``)
_GLUED_ONE_LETTER_PREPOSITION = re.compile(r"([вксуоВКСУО])[.,:;'`’](?=[^\W\d_])")


def _drops_a_preposition(span: str, rep: str) -> bool:
    """Would ``rep`` drop a one-letter preposition a mark glues to the name (``ПОСЛА СССР В.КНДР``
    → КНДР: the в lost, not a speck)?"""
    m = _GLUED_ONE_LETTER_PREPOSITION.match(span)
    return bool(m) and rep[:1].lower() != m.group(1).lower()


def _match_window(text: str, gaz: Gazetteer, case: Case, limit: int) -> list[tuple[float, float, float, Form, bool]]:
    from rapidfuzz import fuzz, process
    text = _LOST_LETTER_HYPHEN.sub(lambda m: (m.group(1) + "¤") if m.group(1) else ("¤" + m.group(2)), text)
    text = _TRAILING_HYPHEN.sub("¤", text)  # Шэньян- before a bracket (see _junk_ending): a lost letter
    key = name_key(text)
    clean = name_key(" ".join(letters(w) for w in key.split(" ")))  # junk characters dropped
    n_words = key.count(" ")
    n_junk = len(key.replace(" ", "")) - len(clean.replace(" ", ""))
    n_inner = len(re.findall(r"(?<=\w)[^\w\s-](?=\w)", key))  # ГАО`ГАНУ: ГАО ГАНУ
    out = []
    for cand, _score, _ in process.extract(clean, gaz.keys, scorer=fuzz.ratio, limit=limit, score_cutoff=45):
        if not n_words <= cand.count(" ") <= n_words + n_inner:
            continue  # names keep their number of parts (a junk mark inside may be a lost space)  # names keep their number of parts: no joining or dropping words
        d = distance(key, cand)
        if n_junk:  # a junk character stands for a letter or for nothing: at most a cheap edit
            d = min(d, junk_distance(key, cand, n_junk))
        norm = d / max(len(key), len(cand))
        for f in gaz.by_key[cand]:
            if f.base.isupper() and len(f.base) > 1 and not text.isupper():
                continue  # an abbreviation (НАТО, ООН) is typed in capitals: Наро is no НАТО
            if "feminine" in f.style:
                continue  # в Фушуни is correct as written, but a fix writes the gazetteer's own Фушуне
            ok = case.cases is None or f.case in case.cases
            cost = norm + (0 if ok else case.weight / max(4, len(cand)))
            if case.no_preposition and f.case == "loct":
                # no preposition can govern it (train texts: no name in the prepositional alone of
                # 3,552 where the words before leave no room for one)
                cost += STRONG / max(4, len(cand))
            if case.cases is None:
                cost += CASE_PRIOR_WEIGHT * case_prior(gaz, f) / max(4, len(cand))  # (Японик: Японии)
            if case.where and f.case == "accs" and "loct" in case.cases:
                cost += WHERE_ACCUSATIVE / max(4, len(cand))  # (в Шанхаё, в Аньдунг: Шанхае, Аньдуне)
            if case.type and gaz.entities[f.entity].type != case.type or \
                    f.case in case.places_in and gaz.entities[f.entity].type == "person":
                cost += TYPE_PENALTY
            out.append((cost, d, norm, f, ok))
    # at equal cost the form as written, then a form of the entity's standard name (Корея
    # before its variant Корё)
    out.sort(key=lambda x: (x[0], x[3].style != "as-written", x[3].base != gaz.entities[x[3].entity].ru[0]))
    return out


#: how often a name of each type stands in each case (train texts: 2,663 place and 2,586 person
#: mentions in a declined form, each form's share spread over the cases it may be by these
#: rates until they settle); indeclinable names left out
CASE_SHARES = {
    "place": {"nomn": 0.126, "gent": 0.308, "datv": 0.035, "accs": 0.211, "ablt": 0.042, "loct": 0.279},
    "person": {"nomn": 0.464, "gent": 0.165, "datv": 0.23, "accs": 0.044, "ablt": 0.092, "loct": 0.004},
    "org": {"nomn": 0.152, "gent": 0.489, "datv": 0.059, "accs": 0.114, "ablt": 0.067, "loct": 0.119},
}
#: OCR edits per nat of a form's case prior (:func:`case_prior`), where no context gives a case:
#: enough to choose between forms the OCR's letters fit alike (Японик: Японии, which three cases
#: share, before Япония), never to outweigh a letter
CASE_PRIOR_WEIGHT = 0.05


_CASE_PRIORS = Memo(200_000)


def case_prior(gaz: Gazetteer, form: Form) -> float:
    """−ln of how often a name of the form's type stands in the cases its text may be
    (:data:`CASE_SHARES`): 0 for a form all cases share."""
    def compute() -> float:
        shares = CASE_SHARES.get(gaz.entities[form.entity].type, CASE_SHARES["place"])
        cases = {f.case for f in gaz.forms_of(form.entity) if f.text == form.text}
        return -math.log(max(1e-3, min(1.0, sum(shares.get(c, 0.0) for c in cases))))
    return _CASE_PRIORS.get_or((gaz.checksum, form.entity, form.text), compute)


#: after в with no verb of motion before it a place is in the prepositional about three times
#: as often as in the accusative (train texts: 305 and 86): its accusative form costs this much
#: more (in OCR edits), enough to choose between two forms the OCR's letters fit about alike
#: (г read for е or for й), never to outweigh a letter
WHERE_ACCUSATIVE = 0.15
#: an ё of a text that writes none, in a window (:func:`find_matches`): a junk mark for which
#: е and й (the letters with a mark above, read as ё about equally often in the labelled
#: renders) cost :data:`YO_OTHER` less than any other reading
YO_MARK = "¥"
YO_READS = ("Е", "Й")
YO_OTHER = 0.05
#: a junk mark between two letters read as nothing costs this little more than read as a letter: a
#: mark where a letter stood is the likelier misreading there (КН„Р: КНДР before КНР); at a
#: word's edge a speck is as likely
JUNK_NOTHING = 0.02


def junk_distance(key: str, cand: str, n_junk: int) -> float:
    """Distance of a key with ``n_junk`` junk characters (anything but letters, spaces and
    hyphens) to ``cand``: each junk character stands for nothing or for any one letter at the
    same cost (:data:`JUNK_COST`), so which letter it hid (Кита” = Китай or Китая) is left to
    the context's case, not to the confusion model."""
    best = INF = float("inf")
    spots = [i for i, ch in enumerate(key) if not (ch.isalpha() or ch in " -")]
    if len(spots) > 2:  # (МАО :13Э-ДУН: each mark any letter or none, its letter left open)
        return _wild_distance("".join(WILD if i in spots else ch for i, ch in enumerate(key)), cand) \
            + JUNK_COST * n_junk
    options = [""] + sorted({ch for ch in cand if ch.isalpha()}) + ([" "] if " " in cand else []) \
        + (["-"] if "-" in cand else [])  # (ПЭН ДЭ.ХУАЙ: the stop for the hyphen)
    inner = {i for i in spots if 0 < i < len(key) - 1 and key[i - 1].isalpha() and key[i + 1].isalpha()}
    for fill in _fills(len(spots), options):
        k = list(key)
        for i, f in zip(spots, fill):
            k[i] = f
        d = distance("".join(k), cand) + YO_OTHER * sum(key[i] == YO_MARK and f not in YO_READS for i, f in zip(spots, fill)) \
            + JUNK_NOTHING * sum(f == "" and i in inner for i, f in zip(spots, fill))
        if d < best:
            best = d
    return best + JUNK_COST * n_junk if best < INF else best


def _fills(n: int, options: list[str]):
    if n == 0:
        yield ()
        return
    for o in options:
        for rest in _fills(n - 1, options):
            yield (o,) + rest


def _common_word(tok: str, gaz: Gazetteer) -> bool:
    """A word of running text (the lexicon knows it, no gazetteer name word)."""
    w = letters(tok)
    return bool(w) and not has_junk(tok) and not gaz.is_known_name(w) and \
        all(lexicon_knows(p) for p in w.split("-") if p)


def max_edits(n_letters: int, cued: bool = False) -> int:
    """Most plain edits (whatever their OCR weight) a garbled name may have: a third of its
    letters (half after a cue), at least two.  Cheap confusions add up: Чередикина is no
    Царапкина though each of its five edits is a common misreading."""
    return max(2, round(n_letters / (2 if cued else 3)))


def _within_edits(tokens: list, form: Form, cued: bool) -> bool:
    """Are the letters of ``tokens`` at most :func:`max_edits` plain edits from ``form``?"""
    key = name_key(" ".join(letters(t.text) for t in tokens)).replace(" ", "")
    return Levenshtein.distance(key, name_key(form.text).replace(" ", "")) <= max_edits(len(key), cued)


#: a mark and one space between two pieces of a name word (``ХРУ: ЕВЫМ`` for ХРУЩЕВЫМ,
#: ``ФЕДОР’ НКО``): the OCR read a letter as the mark; such a window is also matched with the
#: space dropped, the mark standing for a letter or for nothing (:func:`junk_distance`).  A comma
#: separates the names of a list and a full stop ends a sentence (ПАК. ХОН МЕН ХИ): they are left
#: alone, and so are pieces that are all name words of their own; a question mark is a lost
#: letter too (КИМ И? СЕН), and so is a stop between capitals where the run crossed it
#: (``ХАТ. ЯМЕ``: only when one letter for it makes a gazetteer name, see :func:`name_runs`).
_LOST_LETTER_GAP = re.compile(rf"(?<=[^\W\d_])([{_J}:;’”»'?]|\.(?= [а-яё])|(?<=[А-ЯЁ])\.(?= [А-ЯЁ])) (?=[^\W\d_])")
#: the gap of a piece of a word in small letters after a capitalised piece (``Ко; ее``, ``Му.
#: ден``): one mark and one space; a full stop before a small letter ends no sentence
_PIECE_GAP = re.compile(r"[:;’”»'.] ")


#: a hyphen between two letters of one name word: matched also as a junk mark standing for a
#: letter (``$У-ЦЕВОЙ`` for ФУРЦЕВОЙ), beside the reading as two parts of a name
_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


#: largest distance per letter of a name made of two pieces of a word split by a space
SPLIT_NORM = 0.15
#: two pieces glued with no letter lost between, where the space may also stand for one
#: (:func:`find_matches`: ФИЛИППО ВУ): matched within :data:`SPLIT_NORM` and one letter
JOINED = -1.0
#: a word in capitals but its first letter (``зУ-ЧУНЬ``, see :func:`_capitalised`)
_SMALL_FIRST = re.compile(r"(?<![^\W\d_])[а-яё](?=[А-ЯЁ][А-ЯЁ-])[А-ЯЁ-]+")
#: the distance of one letter read as another (the confusion model's costs are at most 1)
ONE_LETTER = 1.0
#: a hyphen between a junk mark and a letter inside a word (``Харби:-е``, ``Генз-.не``)
_JUNK_HYPHEN = re.compile(r"(?<=[^\w\s-])-(?=[^\W\d_])|(?<=[^\W\d_])-(?=[^\w\s-])")
#: letters a Russian case ending ends in
VOWEL_ENDINGS = frozenset("аеиоуыэюя")
#: how much dearer a form of the same name as long as a span may be than the form that drops the
#: span's last letter, when that letter is no word that lost its space (:func:`find_matches`)
TAIL_MARGIN = 0.1


def _styled_form(text: str, styled: str, form: Form, gaz: Gazetteer) -> str:
    """``form`` written as the window ``styled`` is (capitals, hyphens), in the pattern the
    document writes the name in, if any (merged, hyphenated or spaced)."""
    joined = name_key(form.text).replace(" ", "")
    same = [f for f in gaz.forms_of(form.entity) if f.case == form.case
            and name_key(f.text).replace(" ", "") == joined]  # merged, hyphenated, spaced
    return restyle(styled, _written_pattern(text, same, gaz) or same or [form])


def _given_name_after_surname(text: str, run: list, i: int, gaz: Gazetteer) -> bool:
    """Is ``run[i]`` a hyphenated word (a Chinese or Korean given name: ДЭ-ХУАЯ) right after a
    short name word written right in the same style (ПЭН), a space between?"""
    if not i or not _INNER_HYPHEN.search(run[i].text) or text[run[i - 1].end:run[i].start] != " ":
        return False
    prev, word = letters(run[i - 1].text), letters(run[i].text)
    same = prev.isupper() == word.split("-")[0].isupper()
    return same and 1 < len(prev) <= 4 and prev[:1].isupper() and gaz.is_known_name(prev) \
        and not gaz.lookup(prev)  # (a name word of a person, no name of its own: КНДР, ЦК)


def find_matches(doc: Document, run: list, gaz: Gazetteer, case: Case, max_norm: float,
                 max_tokens: int = 4, cued: bool = False) -> tuple[list[Match], list[tuple[int, int, list[Form]]]]:
    """Known names and garbled-name matches inside one run of tokens."""
    text = doc.text
    n = len(run)
    # a window after a common word of the run (внутренние дела Кита”, УПРАВЛЕНИЯ ГЕНШТАБА) takes
    # its case from the words right before it, not from the start of the run; so does a window
    # after a whole name of the run (в КНДР Разувае»: в governs КНДР, not the signature's name)
    cases = [case] + [_context_case(text, run[k].start, run[-1].end)
                      if _common_word(run[k - 1].text, gaz) or _name_ends_at(text, run, k, gaz)
                      or len(letters(run[k - 1].text)) == 1 or _garbled_name_ends_at(text, run, k, gaz)
                      or _misread_short_preposition(run[k - 1].text) else case
                      for k in range(1, n)]
    # a text that never writes ё (typescripts had none): an ё of the OCR is a misread letter,
    # most often е or й (в Гуандунё., СУ ЮЁ), but not always (в районе Аньдунё: Аньдуна): never
    # a correctly written name, matched as a junk mark that reads as е or й a little cheaper
    # than as another letter (:data:`YO_MARK`), so the context's case decides
    yo_junk = _yo_is_junk(text)

    def window(s: str) -> str:
        return _YO.sub(YO_MARK, s) if yo_junk else s
    known: list[tuple[int, int, list[Form]]] = []
    covered = [False] * n
    i = 0
    while i < n:  # longest exact forms first
        for j in range(min(n, i + max_tokens), i, -1):
            if yo_junk and _YO.search(text[run[i].start:run[j - 1].end]):
                continue
            forms = gaz.lookup(text[run[i].start:run[j - 1].end])
            if forms:
                known.append((i, j, forms))
                for k in range(i, j):
                    covered[k] = True
                i = j - 1
                break
        i += 1
    # gaps holding a mark glued between name words (КИ: ИР, ЦК. КПК): see name_runs
    soft = [any(ch in SOFT_MARKS for ch in text[run[k].end:run[k + 1].start]) for k in range(n - 1)]
    matches: list[Match] = []
    for i in range(n):
        if _after_glued_hyphen(text, run[i].start) and not (i and run[i - 1].end == run[i].start - 1):
            continue  # ЛЮ 30-ЧЭНУ: the second part of a hyphenated word is no name of its own
        for j in range(i + 1, min(n, i + max_tokens) + 1):
            crossing = any(soft[i:j - 1])
            if all(covered[i:j]) and not (crossing and gaz.lookup(
                    " ".join(letters(t.text) for t in run[i:j]))):
                continue
            if all(t.text[:1].islower() for t in run[i:j]) and \
                    all(lexicon_knows(p) for t in run[i:j] for p in t.text.split("-") if p):
                continue  # a name has a capital: lower-case words (стали, хода) only continue one
            if j - i > 1 and all(covered[i + 1:j]) and (
                    (head := letters(run[i].text).lower()) in PREP_CASES or head in ABBREVIATED):
                continue  # Из* ПХЕНЬЯНА, Т.`Ковалев: a preposition or an abbreviated title before a
                # name written right is no word of it
            span = text[run[i].start:run[j - 1].end]
            ranked = match_window(window(span), gaz, cases[i])
            if j - i == 1 and _given_name_after_surname(text, run, i, gaz):
                # ПЭН ДЭ-ХУАЯ with Peng Dehuai unknown: the hyphenated word after a surname is the
                # given name, no whole name of two words (ДЭН ХУА)
                ranked = [r for r in ranked if " " not in r[3].text.strip()]
            styled = _SMALL_FIRST.sub(lambda m: m.group().upper(), span)  # зУ-ЧУНЬ: capitals (ФУ-ЧУНЬ)
            piece = any(_PIECE_GAP.fullmatch(text[run[k].end:run[k + 1].start]) and run[k + 1].text[:1].islower()
                        for k in range(i, j - 1))  # Му. ден: a piece in small letters, whatever its letters
            glued = _LOST_LETTER_GAP.sub(r"\1", span) if j - i > 1 and (piece or not all(
                gaz.is_known_name(letters(t.text)) for t in run[i:j])) else span
            for k in range(j - 2, i - 1, -1) if glued == span else ():  # right to left: offsets hold
                if text[run[k].end:run[k + 1].start] == " " and run[k + 1].text.islower() and \
                        gaz.lookup(letters(run[k].text) + run[k + 1].text):
                    cut = run[k].end - run[i].start  # Вышинск ому: the space inside one name word goes
                    glued = glued[:cut] + glued[cut + 1:]
            if glued == span and j - i == 2 and text[run[i].end:run[i + 1].start] == " " and (any(
                    len(letters(t.text)) <= 2 and letters(t.text)[:1].isupper() and not gaz.is_known_name(t.text)
                    for t in run[i:j]) and any(len(letters(t.text)) >= 4 and not gaz.is_known_name(t.text)
                                               for t in run[i:j])
                    or run[i + 1].text.isalpha() and run[i + 1].text.islower() and not _known_word(run[i + 1].text)):
                # ЗАХАР ВА, Инд незии: a piece of one or two capitals that is no name word beside one
                # of four or more that is none either (not ПУ АН, СУ ОН: Korean syllables), or a piece
                # in small letters that is no word, the space between for a lost letter (ЗАХАРОВА,
                # Индонезии)
                cut = run[i].end - run[i].start
                glued = span[:cut] + "¤" + span[cut + 1:]
            # the pieces of one word read together (ХРУ: ЕВЫМ), a mark ¤ for a lost letter, each
            # matched no further than its largest distance per letter
            gluings = [(glued, float("inf"))] if glued != span else []
            if glued != span and "¤" in glued and j - i == 2:
                # ФИЛИППО ВУ: the space may also be only a space the OCR put in (ФИЛИППОВУ, not
                # ФИЛИППОВЫМ with a letter for it, ФА ЛИППОВУ) — where the pieces glued are one
                # letter from the name at most (not СН НМАНОМ: Синмаком, two letters off)
                gluings.append((span[:cut] + span[cut + 1:], JOINED))
            head_piece = letters(run[i].text)
            if glued == span and j - i == 2 and text[run[i].end:run[i + 1].start] == " " and \
                    not gaz.is_known_name(head_piece) and (not gaz.is_known_name(letters(run[i + 1].text)) or len(
                        head_piece) >= 4 and len(letters(run[i + 1].text)) <= 2 and run[i + 1].text.isupper()) and \
                    (run[i + 1].text.islower() and len(letters(span)) >= 7
                     or run[i].text.isupper() and run[i + 1].text.isupper() and len(letters(span)) >= 9
                     or len(letters(span)) >= 6
                     and _name_with_a_letter(letters(run[i].text), letters(run[i + 1].text), gaz)):
                # Мук цене, КАГАН ВИЧУ: two pieces, neither a name word, the second in small letters
                # or both in capitals: one word split by a space the OCR put in, perhaps where it
                # lost a letter; only a close name joins them (not short syllables of a name the
                # gazetteer lacks: ХАН АН is no Ханган), or one letter for the space makes a name
                # of seven letters or more exactly (МИК ЯНУ: МИКОЯНУ); the short piece after a long one
                # may be a syllable some name has (ВАСИЛЕВСК МУ: ВАСИЛЕВСКОМУ)
                cut = run[i].end - run[i].start
                gluings = [(span[:cut] + span[cut + 1:], SPLIT_NORM), (span[:cut] + "¤" + span[cut + 1:], SPLIT_NORM)]
            if glued == span and j - i == 2 and _capital_before_piece(text, run[i], run[i + 1], gaz):
                gluings.append((span[:1] + "¤" + span[2:], CROSSING_NORM))  # и К рея: Корея
            signs = [run[k].end - run[i].start for k in range(i, j - 1)
                     if text[run[k].end:run[k + 1].start] == " " and run[k + 1].text in ("ь", "ъ")]
            if len(signs) == 1 and glued == span:
                # Фу-чу ь: no word begins with a soft or hard sign; the space stands for a lost letter
                # (only a close name: a lone ъ may also be a misread в, Советский Союз ъ сентябре)
                gluings.append((span[:signs[0]] + "¤" + span[signs[0] + 1:], CROSSING_NORM))
            for g, most in gluings:
                # a letter stands at ¤: the name is longer than the pieces
                alt = [r for r in match_window(window(g), gaz, cases[i]) if (
                    r[2] <= most if most != JOINED else r[2] <= SPLIT_NORM and Levenshtein.distance(
                        name_key(g).replace(" ", ""), name_key(r[3].text).replace(" ", "")) <= 1) and (
                    "¤" not in g or len(letters(r[3].text.replace(" ", ""))) > len(letters(span.replace(" ", ""))))]
                if alt and (not ranked or alt[0][0] < ranked[0][0]):
                    ranked, styled = alt, g
            if j - i == 1 and _INNER_HYPHEN.search(span) and not gaz.is_known_name(letters(run[i].text)) \
                    and not gaz.is_known_name(_INNER_HYPHEN.sub("", letters(run[i].text))) \
                    and not (ranked and ranked[0][2] <= max_norm and _within_edits(run[i:j], ranked[0][3], cued)):
                # $У-ЦЕВОЙ — a hyphen for a lost letter, when the word read as two parts matches no
                # name (not in a known hyphenated name word, ДЭ-ХУАЙ); the hyphen must stand for a
                # letter: a name that only drops it is the period spelling (Тянь-цзинь = Тяньцзинь)
                plain = name_key(_INNER_HYPHEN.sub("", span)).replace(" ", "")
                alt = [r for r in match_window(_INNER_HYPHEN.sub("¤", span), gaz, cases[i])
                       if len(name_key(r[3].text).replace(" ", "").replace("-", "")) > len(plain)]
                if alt and (not ranked or alt[0][0] < ranked[0][0]):
                    ranked, styled = alt, _INNER_HYPHEN.sub("", span)
            if _JUNK_HYPHEN.search(span):
                # Харби:-е, Генз-.не: a hyphen beside a junk mark is junk too (the marks of a lost
                # letter or two), not the hyphen of two name parts; but marks before a one-letter
                # word may be its lost space (Пекин`-и: the name is the letters before them)
                last = span.split()[-1]
                glued_word = GLUED_WORD.fullmatch(last)
                target = span[:len(span) - len(last)] + glued_word.group(1) if glued_word else span
                alt = match_window(window(_JUNK_HYPHEN.sub("¤", target)), gaz, cases[i])
                if alt and (not ranked or alt[0][0] < ranked[0][0]):
                    ranked, styled = alt, _JUNK_HYPHEN.sub("", target)
            if not ranked:
                continue
            cost, d, norm, form, ok = ranked[0]
            if j - i == 1 and form.text[:1].isupper() and run[i].text[:1].islower() and not lower_name(run[i].text, gaz) \
                    and not _ghost_letter(run[i].text, gaz):
                continue  # one word in small letters: a garbled common word (сталн: стали), unless a name lost its capital
            lexical = all(lexicon_knows(p) for t in run[i:j] for p in t.text.split("-") if p)
            junk_between = any(ch in NAME_JUNK for ch in span)  # ЛИ СЫН’ МАНА (a full stop may end a sentence)
            name_words = lexical and not (yo_junk and _YO.search(span)) and \
                all(gaz.is_known_name(t.text) or all(gaz.is_known_name(p) for p in t.text.split("-") if p)
                    for t in run[i:j]) and not (crossing and d <= JUNK_COST * 2) and not junk_between
            if name_words and not (j - i >= 3 and d <= ONE_LETTER and ok):
                # correctly spelled name words in an unusual combination: leave them, unless three
                # or more of them are one letter from a name (Ким Ир Гена: Сена, a word of ЦОЙ ЕН ГЕН),
                # which a person decides (a name the gazetteer lacks looks the same: Ким Вон Бом)
                continue
            limit = min(max_norm, 0.2) if lexical else max_norm
            if lexical and d > LEXICAL_MAX_DISTANCE and _common_words(run[i:j]):
                continue  # Красного → Краснова, Генеральный план → штаб: a stretch over everyday words
            if crossing:
                limit = min(limit, CROSSING_NORM)  # only a close match crosses a mark
            if norm > limit:
                continue
            if not _within_edits(run[i:j], form, cued):
                continue
            if _orphans_a_word(text, run, i, j, form, gaz) or _changes_an_abbreviation(run[i:j], form):
                continue
            other = next((r for r in ranked if r[3].entity != form.entity), None)
            # (the town Ворошилов is no other fix for ВОРОШИЛ ВУ than the marshal)
            unlike = next((r for r in ranked if r[3].entity != form.entity and name_key(r[3].text) != name_key(form.text)), None)
            rep = _styled_form(text, styled, form, gaz)
            if rep == span or _words_already_before(text, run[i].start, rep, span) or _drops_a_head(span, rep):
                continue
            if _written_before_glued_word(text, run, i, j, gaz):
                continue  # Нам Ир.и: the name is written right; the mark is a speck (Names._stray_marks)
            # a one-letter word after the name that lost its space: Тэгуи (the name and a
            # conjunction), ЛАК\nИЛ Уи (a garbled name in capitals and a conjunction glued to it)
            if span[:len(rep)].lower() == rep.lower():
                rest = span[len(rep):]
                if re.fullmatch(r"-[а-яё]", rest):
                    continue  # Иокогамы-х Кобе: the name written right, a one-letter word (и) a hyphen glued
                marked = MARKED_LETTER.fullmatch(rest)  # Бирму‘и: a mark read for the space
                rest = marked.group(1) if marked else rest
                tail = rest if rest.lower() in LOST_SPACE_WORDS else ""
            else:
                tail = span[-1] if _glued_small_word(span, rep) else ""
                glued_last = GLUED_WORD.fullmatch(span.split()[-1]) if tail else None
                if glued_last:
                    # КИМ ИР С=Н.и ЦОЙ: the name is read without the mark and the word (КИМ ИР СЕН и),
                    # not with the mark taken for letters (КИМ ИР СЕНОМ и)
                    inner = span[:len(span) - len(span.split()[-1])] + glued_last.group(1)
                    again = [r for r in match_window(window(inner), gaz, cases[i]) if r[3].entity == form.entity]
                    if again and again[0][0] <= cost:
                        cost, d, norm, form, ok = again[0]
                        rep = _styled_form(text, _SMALL_FIRST.sub(lambda m: m.group().upper(), inner), form, gaz)
            if tail and not lost_space_word(text, run[j - 1].end, tail, form, gaz):
                # в Кэсони.: no conjunction there, so the letter is the OCR's: a vowel is a garbled
                # ending, read as the form of the same name as long as the span (Кэсоне) if one
                # is about as close; else the letter is dropped (ЛЮ ШАО-ЦИИ, an extra letter
                # before a comma; в Мукденк продолжается, a consonant no ending has)
                tail = ""
                size = len(letters(name_key(span)).replace(" ", ""))
                alts = [r for r in ranked[1:] if r[3].entity == form.entity and r[0] <= cost + TAIL_MARGIN
                        and len(letters(name_key(r[3].text)).replace(" ", "")) == size] \
                    if span[-1:].lower() in VOWEL_ENDINGS else []
                if cases[i].cases is None and len({r[3].case for r in alts}) > 1:
                    continue  # передан Ким Ир Сени.: Сена or Сену, nothing tells which
                alt = alts[0] if alts else None
                if alt is not None:
                    cost, d, norm, form, ok = alt
                    rep = _styled_form(text, styled, form, gaz)
            if tail:
                rep = rep + " " + tail
            elif glued_word := glued_function_word(span, rep):
                rep = rep + " " + glued_word[1]  # в Мосхве‘не решены: the mark stands for the space before не
            start = run[i].start
            start = glued_head(text, start, span, rep)  # (Ц.Й ЕН ГЕН)
            lead = text[start - 1:start] if start else ""
            if lead and (lead in NAME_JUNK or lead == "‚" and not re.search("[‘’]", text[start:].split("\n\n")[0])) \
                    and (start < 2 or text[start - 2].isspace()):
                # в `Москзе, ‚ПА® ХЕН ЕН: a junk mark glued before the name goes too (a low single
                # quote no quotation in its paragraph closes: typescripts quote with „ “ or « »); a
                # full stop stays (the OCR moves stops: т .МАО, вчера .КИМ)
                start -= 1
            rival = [r[0] for r in ranked if r[3].entity == form.entity and r[3].case != form.case
                     and name_key(r[3].text) != name_key(form.text)]
            # the same name in the same case declined otherwise (БЕРИИ and БЕРИЯ, a name period
            # documents also left undeclined; в Фуцзяне and в Фуцзяни)
            variant = [r[0] for r in ranked if r[3].base == form.base and r[3].case == form.case
                       and letters(name_key(r[3].text)).replace("-", "") != letters(name_key(form.text)).replace("-", "")]
            end = run[j - 1].end
            split = SPLIT_END.match(text, end)
            if split and (text[start:end] + split.group(1)).lower() == rep.lower():
                end = split.end()  # ГРОМЫК О: the word's last letters after a space the OCR put inside it
            matches.append(Match(start, end, text[start:end], form, rep, d, norm, cost, ok,
                                 j - i, (other[0] - cost) if other else 1.0, cases[i],
                                 (min(rival) - cost) if rival else 1.0, (min(variant) - cost) if variant else 1.0,
                                 name_words, (unlike[0] - cost) if unlike else 1.0))
    # keep the cheapest non-overlapping matches; a match may swallow a known neighbour
    matches.sort(key=lambda m: (m.cost - 0.02 * m.n_tokens, m.start))
    chosen: list[Match] = []
    for m in matches:
        if any(m.start < c.end and c.start < m.end for c in chosen):
            continue
        chosen.append(m)
    for m in chosen:
        known = [(a, b, f) for a, b, f in known if not (run[a].start < m.end and m.start < run[b - 1].end)]
    return chosen, known


def _garbled_name_ends_at(text: str, words: list, k: int, gaz: Gazetteer) -> bool:
    """Is the word before ``k`` a garbled name of one word (one edit from one the gazetteer
    knows, itself none) and ``k`` the first word of a name written right (``О Сталипе Мао Цзз-дун
    говорил``)?  The preposition governs the first name; the second stands on its own (train
    texts: of 38 names right after a name a preposition governs, 26 are in another case, and the
    12 forms that fit its case are indeclinable: Ли Сан Чо, КНДР)."""
    prev, word = letters(words[k - 1].text), letters(words[k].text)
    return text[words[k - 1].end:words[k].start] == " " and len(prev) >= 4 and prev[:1].isupper() \
        and not gaz.is_known_name(prev) and near_one_word_name(prev, gaz) \
        and gaz.is_known_name(word) and not gaz.lookup(prev + " " + word)


def _name_ends_at(text: str, words: list, k: int, gaz: Gazetteer, first: int = 0) -> bool:
    """Do the words before ``k`` (from ``first`` on, at most four) end with a whole name the
    gazetteer knows as written?"""
    return any(gaz.lookup(text[words[j].start:words[k - 1].end]) for j in range(max(first, k - 4), k))


def _words_already_before(text: str, start: int, rep: str, span: str) -> bool:
    """Does ``rep`` put words before ``span`` that already stand there (``Е ЦЗЯНЬ-ИН``: the run
    began after the one-letter Е, and the fix of ``ЦЗЯНЬ-ИН`` would write it twice)?"""
    extra = len(rep.split()) - len(span.split())
    if extra <= 0:
        # (Е ЦЗЯНЬ-И А → Е ЦЗЯНЬ-ИНА over ЦЗЯНЬ-И А: as many words, but the first is the one before)
        before = text[max(0, start - 60):start].split()[-1:]
        first = rep.split()[:1]
        return bool(before and first) and before[0].lower() == first[0].lower() \
            and span.split()[0].lower() != first[0].lower()
    before = text[max(0, start - 60):start].split()[-extra:]
    return [w.lower() for w in before] == [w.lower() for w in rep.split()[:extra]]


def _after_glued_hyphen(text: str, i: int) -> bool:
    """Does a hyphen glued to a letter or digit stand right before ``i`` (``30-ЧЭНУ``: the word
    at ``i`` is the second part of a hyphenated word)?"""
    return i >= 2 and text[i - 1] == "-" and text[i - 2].isalnum()


def _after_capitals(text: str, i: int) -> bool:
    """Does a word in capitals, no abbreviation, stand before the space before ``i`` (``МИД
    .ССР``)?"""
    m = re.search(r"([^\W\d_]+)\s$", text[max(0, i - 30):i])
    return bool(m) and m.group(1).isupper() and len(m.group(1)) > 1 and m.group(1).lower() not in ABBREVIATED


def _junk_ending(text: str, run: list, gaz: Gazetteer, case: Case) -> list:
    """A known name followed by a junk mark in a case the context rules out (``из Гензан>``):
    the mark is its lost ending, so it joins the name's last word (see :func:`junk_distance`)."""
    t = run[-1]
    nxt = text[t.end:t.end + 1]
    after = text[t.end + 1:t.end + 2]
    glued = re.match(r"[^\w\s-]+[а-яё]{2,}(?![^\W\d_])", text[t.end:t.end + 30])
    if glued and name_glued_to_word(t.text + glued.group()):
        return run  # в Сеул`из Пхеньяна: the mark stands for the space before из, no lost ending
    # the name after the run's last common word (Просьбы Ким Ир Сен‹: a capital of the sentence)
    first = next((k + 1 for k in range(len(run) - 2, -1, -1) if _common_word(run[k].text, gaz)), 0)
    whole = text[run[first].start:t.end]

    def one_longer(c: Case) -> bool:  # the last word, or the whole run (КИМ ИР СЕН), one letter short
        return _one_letter_longer(t.text, gaz, c) or _one_letter_longer(whole, gaz, c)
    if first:
        case = required_case(text, run[first].start)  # the name after a common word of its run takes its case
    soft = nxt == "-" and after != "" and after in ")».,;:"  # (Шэньян-): a mark no word ends with
    # Товарищу МОЛОТОВ: (or ФИЛИППОВ?) at a line end: an addressee takes the title's case and no colon
    # nor question mark
    soft = soft or nxt in ":?" and case.title and after in ("\n", "") and _colon_ending(text, t, gaz, case)
    # товарищу Суслов; М. А.: no punctuation stands between a name and its initials; a
    # semicolon, a colon or an apostrophe glued after a name in a case a preposition or a verb
    # rules out (Я передал ОСТИН; содержание) is its lost last letter when the right form is
    # one letter longer
    soft = soft or nxt in ":;" and case.title and bool(re.match(r" [А-ЯЁ]\.", text[t.end + 1:t.end + 4])) \
        and _colon_ending(text, t, gaz, case)
    soft = soft or nxt in ";:'’" and not case.title and not case.listed and case.weight >= STRONG \
        and after in (" ", "") and _one_letter_longer(whole, gaz, case)
    # войска Ли Сын Ман. пока: a stop before a word in small letters ends no sentence (nor is it
    # a lost letter before an abbreviated word: Ким Ир Сен. ун-та)
    nxt_word = re.match(r" ([а-яё]{2,}|и(?= [А-ЯЁ]))(?![.\w-])", text[t.end + 1:t.end + 30])  # (КИМ ИР СЕН. и ПАК)
    stop = nxt == "." and bool(nxt_word) and one_longer(case) and not (
        _morph().parse(nxt_word.group(1))[0].tag.POS == "NOUN")  # (в Хабаровск. крае: an abbreviated adjective)
    # БУЛГАНИН?, in a list, Из ПЕКИН?. in a heading: no question ends before a comma or a stop
    soft = soft or nxt == "?" and (after in (",", ".", ";", ":") or bool(re.match(r"\s[^\w\s]?[а-яё]", text[t.end + 1:t.end + 4]))
                                   or case.listed and after == "\n") \
        and _one_letter_longer(whole, gaz, case)  # (Из ПЕКИН?., к Сунчхон? и: no question goes on in small letters;
    # в Пекине, Шанхае, Ухане и Мукден? / (Шэньяне): a list's last name)
    # a case the context only leans to (Оборону Пхеньян&: genitive after a noun) takes a junk
    # mark for the lost ending only where that form is the name and one letter more
    # (not before a number or a dash: Аньдун’ 2 .86 in a table's row, рубеже Кэсон’`- 38
    # параллель, a name standing alone)
    # two marks in a row, which no typescript writes (т.т. СТАЛИН:, МОЛОТОВУ; товарищам Хрущев!,
    # Булганину; По мнению Мао Цзэ-дун.,), or a digit glued after the name (МАЛЕНКОВ7,, Лаос8.):
    # the first mark is a misread last letter
    doubled = (nxt in ":;!.'’" and after in (",", ".", ";", ":") and not nxt == after == "."
               or nxt in DIGIT_LETTERS and after in (",", ".", ";", ":", " ", "\n", "")
               and (_one_letter_longer(t.text, gaz, case, DIGIT_LETTERS[nxt])
                    or _one_letter_longer(whole, gaz, case, DIGIT_LETTERS[nxt])))  # (not ПАК ХЕН ЕН2: a footnote)
    leaned = case.cases is not None and (nxt in JUNK or stop or doubled or nxt == "?" and (
        after == "," or bool(re.match(r"\s[^\w\s]?[а-яё]", text[t.end + 1:t.end + 4])))) and one_longer(case) \
        and not re.match(r"[^\w\s]*\s*[\d\-–—]", text[t.end + 1:t.end + 6])
    # (Переговоры МАЛИК? с МАЦУМОТО: no question goes on in small letters)
    if not nxt or (nxt not in JUNK and not soft and not stop and not doubled) or case.cases is None \
            or case.weight < STRONG and not case.listed and not leaned or has_junk(t.text):
        return run
    forms = gaz.lookup(t.text) or gaz.lookup(whole)  # ГЕНЗАН, or КИМ ИР СЕН whole
    if not forms:
        return run
    if any(f.case in case.cases for f in forms) and not (
            case.where and {f.case for f in forms} <= {"nomn", "accs"}
            and _one_letter_longer(whole, gaz, replace(case, cases=frozenset({"loct"})))):
        # (в Хыннам. выделено: after в with no verb of motion the mark is the prepositional's
        # lost ending, Хыннаме, not the accusative's speck)
        return run
    return run[:-1] + [Token(t.start, t.end + 1, text[t.start:t.end + 1], t.line)]


def _one_letter_longer(name: str, gaz: Gazetteer, case: Case, letters_: str = "") -> bool:
    """Is a form of the known ``name`` in one of ``case``'s cases ``name`` and one letter more
    (one of ``letters_``, small, when given)?"""
    forms = gaz.lookup(name)
    return bool(forms) and case.cases is not None and any(
        f.case in case.cases and len(f.text) == len(name) + 1 and f.text.lower().startswith(name.lower())
        and (not letters_ or f.text[-1].lower() in letters_)
        for f in gaz.forms_of(forms[0].entity))


#: the letters a digit glued after a word may be a misreading of, by their shapes (7 and Т or У
#: share the bar or the diagonal, 3 and З, 0 and О): a footnote number stands there as often
DIGIT_LETTERS = {"0": "о", "3": "зэ", "4": "ч", "5": "бэ", "6": "б", "7": "ту", "8": "в", "2": "д"}


def _colon_ending(text: str, t: Token, gaz: Gazetteer, case: Case) -> bool:
    """May the colon after the addressee ``t`` (at a line end) be its lost last letter?  A form
    of the name in the title's case is ``t`` and one letter more (МОЛОТОВ: → МОЛОТОВУ; not
    БЕРИЯ:, whose dative is no longer by one letter), and the next line does not go on in small
    letters (``Генералу ВАСИЛЬЕВ:`` / ``доложить ...``: a colon that introduces the order)."""
    return not re.match(r"\s*[а-яё]", text[t.end + 1:t.end + 12]) and _one_letter_longer(t.text, gaz, case)


def as_typed(replacement: str, text: str) -> str:
    """``replacement`` written as ``text`` writes: е for ё where it writes none, the typewriter's
    " for ъ where it types it so (:func:`without_yo`, :func:`typed_hard_sign`)."""
    return typed_hard_sign(without_yo(replacement, text), text)


def typed_hard_sign(replacement: str, text: str) -> str:
    """``replacement`` with ъ typed as the typewriter's " when ``text`` writes it so
    (Об"единенных) and has no ъ."""
    if "ъ" not in replacement.lower() or "ъ" in text.lower() or not _TYPED_HARD_SIGN.search(text):
        return replacement
    return replacement.replace("ъ", '"').replace("Ъ", '"')


_TYPED_HARD_SIGN = re.compile(r'[^\W\d_]"[^\W\d_]')


def without_yo(replacement: str, text: str) -> str:
    """``replacement`` with ё written е when the document never writes ё in a word that has
    it (typescripts of the period did not: ХРУЩЕВЫМ, not ХРУЩЁВЫМ; an ё the OCR made of noise,
    воённо, does not count)."""
    if "ё" not in replacement.lower() or writes_yo(text):
        return replacement
    return replacement.replace("ё", "е").replace("Ё", "Е")


_YO_WORD = re.compile(r"[а-яё]*ё[а-яё]*", re.IGNORECASE)


_YO = re.compile("[ёЁ]")


@lru_cache(maxsize=64)
def _yo_is_junk(text: str) -> bool:
    """Is an ё of this OCR text a misread letter (the text writes no word with ё)?"""
    return bool(_YO.search(text)) and not writes_yo(text)


def writes_yo(text: str) -> bool:
    """Does ``text`` write ё in a word the dictionary spells with it (её, ещё, идёт)?"""
    return any(_morph().word_is_known(m.group().lower(), strict=True) for m in _YO_WORD.finditer(text))


def _bracket_case(case: Case, known: list, end: int) -> tuple[Case, str] | None:
    """The case a name in brackets right after this run takes (``в Мукдене (Шэньяне)``, ``из
    Порт-Артура (Люйшуня)``: another name of the same place, in apposition): the one case of
    the known name (or the garbled name's match) that ends the run, within what the context
    allows, with that name's entity (the case holds only for a match of the same entity);
    None if not one."""
    last = next((forms for s, e, forms in known if e == end), None)
    if not last or len({f.entity for f in last}) != 1:
        return None
    cases = {f.case for f in last} & (set(case.cases) if case.cases else set(CASE_NAMES))
    if len(cases) != 1:
        return None
    (only,) = cases
    return (Case(frozenset(cases), STRONG, f"{CASE_NAMES[only]}, as the name before the brackets", case.type),
            last[0].entity)


#: the weight of an enumeration's case (its correctly written names say it)
LIST_WEIGHT = 0.8
#: what stands between two names of an enumeration
LIST_GAP = rf"[\s{_J}?]*([:!]?,|и|and)\s*"  # (a stray mark may stand before it: КИМ ИР СЕН” и ПАК ХЕН ЕНУ,
# БУЛГАНИН?, СТАЛИН:, — two marks in a row, the first a misread letter)
#: an enumeration takes the case its correctly written names share when it has at least this
#: many of them that decline
LIST_CASE_NAMES = 1


ALONE_ON_LINE = Case(frozenset({"nomn"}), WEAK, "nominative: a signature alone on its line")
SIGNER = Case(frozenset({"nomn"}), WEAK, "nominative: the signer, after the title that opens the line")


#: the small word after a name (not a word's head a mark broke off: продолжал:сь)
_NEXT_SMALL_WORD = re.compile(r"[ \n]{1,2}([а-яё]{2,})\b(?![^\w\s]{1,2}[^\W\d_])")


#: the same, after a speck glued to the name (``ЧЭНЬ ГЭН. считает``)
_NEXT_SMALL_WORD_AFTER_SPECK = re.compile(r"[.,:;'`’]?" + _NEXT_SMALL_WORD.pattern)


def _singular_verb(word: str) -> bool:
    """Is ``word`` a verb in the singular that may have a name for its subject (past, not
    neuter, or third person; not impersonal)?"""
    p = _morph().parse(word)[0]
    return p.is_known and _singular_verb_parse(p)


def _singular_verb_parse(p) -> bool:
    return p.tag.POS == "VERB" and "sing" in p.tag.grammemes and "Impe" not in p.tag.grammemes \
        and ("past" in p.tag.grammemes and "neut" not in p.tag.grammemes or "3per" in p.tag.grammemes)


def _singular_verb_after(text: str, end: int) -> str | None:
    """The verb in the singular (:func:`_singular_verb`) right after ``end``, a speck glued to
    the name allowed (``ЧЭНЬ ГЭН. считает``), or a word no dictionary knows that is likeliest
    one one letter off (``Кем Ир Сен схазал``: сказал), or None."""
    m = _NEXT_SMALL_WORD_AFTER_SPECK.match(text, end)
    if not m:
        return None
    word = m.group(1)
    return word if _singular_verb(word) or _garbled_word(word) and any(
        _singular_verb_parse(p) for p in _likely_readings(word)) else None


def _subject_case(text: str, start: int, end: int) -> Case | None:
    """The nominative for a name that begins a sentence right before a verb in the singular
    (``ПЭН ДЭ-ХУАЙ считает``, ``Москва относится``; after up to two adverbs, ``Одновременно ПЭН
    ДЭ-ХУАЙ направит``): the verb's subject.  On the train texts every one of 253 such names is
    in the nominative, and of 23 after an adverb.  Not after an abbreviation's stop (``тов.``,
    an initial), nor before a verb in the neuter or an impersonal one (``КИМ ИР СЕНУ было
    сообщено``: a dative), nor when a word that may be a nominative follows the verb (``МАО
    ЦЗЭ-ДУНА беспокоит положение``: the object comes first)."""
    for _ in range(2):  # up to two adverbs may open the sentence (Одновременно ПЭН ДЭ-ХУАЙ направит)
        if _clause_start(text, start):
            break
        m = re.search(r"([^\W\d_]+)[ \n]+$", text[max(0, start - 30):start])
        if not m or _morph().parse(m.group(1).lower())[0].tag.POS != "ADVB":
            return None
        start -= len(m.group(0))
    else:
        if not _clause_start(text, start):
            return None
    before = text[max(0, start - 40):start].rstrip()
    last = re.search(r"(\S+)$", before)
    if last and last.group(1).endswith(".") and (
            last.group(1).lower().rstrip(".") in ABBREVIATED or len(letters(last.group(1))) == 1
            or _misread_title(last.group(1))):
        return None
    if _impersonal_passive_after(text, end):
        return Case(frozenset({"datv"}), WEAK, "dative before an impersonal passive", "person")  # ЧЭНЬ ГЭН? поручено
    m = _NEXT_SMALL_WORD.match(text, end)
    if not m:
        return None
    if not _singular_verb(m.group(1)):
        return None
    after = _NEXT_SMALL_WORD.match(text, m.end())
    if after and any(q.tag.POS in ("NOUN", "ADJF", "NPRO") and q.tag.case == "nomn" for q in _morph().parse(after.group(1))[:3]):
        return None  # the subject may follow the verb (МАО ЦЗЭ-ДУНА беспокоит положение: an object first)
    return Case(frozenset({"nomn"}), WEAK, f"nominative: the subject of '{m.group(1)}' at the sentence's start",
                subject=True)


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Is text[start:end] all the letters of its line (marks and a page's form feed aside)?"""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return not re.search(r"[^\W\d_]", text[a:start] + text[end:len(text) if b < 0 else b])


def _signature(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a signature: alone on its line, after a line that ends a sentence (not
    an address block or a list one name a line: ``Копии:`` / ``МОЛОТОВУ``)?"""
    if not _alone_on_line(text, start, end):
        return _title_signature(text, start, end)
    before = text[:text.rfind("\n", 0, start) + 1].rstrip()
    return not before or before[-1] in ".!?" or bool(_CLOSING_FORMULA.search(before))


def _title_signature(text: str, start: int, end: int) -> bool:
    """Is text[start:end] the name that ends a signature line opened by a title in the nominative
    (``Посол СССР в КНДР РАЗУВАЕВЗ``), the cable's last line or one before a blank line or the
    distribution list?  The title and the name are the signer's: the nominative."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    first = re.match(r"\s*([А-ЯЁ][а-яё]+)\s", text[a:start])
    if not first or re.search(r"[^\W\d_]", text[end:b]) or not first.group(1).lower().startswith(TITLE_STEMS):
        return False
    if not any(p.tag.case == "nomn" and p.tag.POS == "NOUN" for p in _morph().parse(first.group(1).lower())[:2]):
        return False
    after = text[b:].lstrip(" \t\f")
    return not after.strip() or after.startswith("\n\n") or bool(re.match(r"\n\s*(?:Разослано|Копии|\f)", after))


#: a letter's closing words on the line before its signature (Привет / Филиппов; С
#: коммунистическим приветом / ...): they govern no genitive of the name
_CLOSING_FORMULA = re.compile(r"(?:^|\n)\s*(?:[Сс]\s+[\w ]{0,30})?(?:[Пп]ривет(?:ом)?|уважением)[\s,!]*$")


def _list_goes_on(text: str, gap: str, a: list, b: list, gaz: Gazetteer) -> bool:
    """Do the runs ``a`` and ``b``, ``gap`` between them, stand in one enumeration: the gap is
    :data:`LIST_GAP`, and they are not the names of a person and of a place (``Хамхына, Гензана
    и Циннампо,`` / ``СУЗДАЛЕВ``: the list ends with its line, the comma a misread stop, and the
    signature is no name of it; ``в Сеуле, КИМ ГУ и КИМ ГЮ СИК``: a parenthesis ends)?"""
    if not re.fullmatch(LIST_GAP, gap):
        return False
    kinds = [{gaz.entities[f.entity].type for f in gaz.lookup(text[r[0].start:r[-1].end])} for r in (a, b)]
    return not (kinds[0] and kinds[1] and not kinds[0] & kinds[1] and {"person", "place"} <= kinds[0] | kinds[1])


def list_cases(text: str, runs: list[list], gaz: Gazetteer) -> dict[int, Case]:
    """The case of the names of an enumeration whose words before say none (``Разослано: т.т.
    СТАЛИНУ, МОЛОТОВУ, МАЛЕНКОВУ, БУЛГАНИНХ`` → dative; ``ответил КИМ ИР СЕН” и ПАК ХЕН ЕНУ``):
    the one case its correctly written, declinable names share (an indeclinable name, МАО or
    ГРОМЫКО, or a form of several cases says nothing), from at least :data:`LIST_CASE_NAMES` of
    them.  Keys: indices of ``runs``."""
    groups: list[list[int]] = []
    for i, run in enumerate(runs):
        gap = text[runs[i - 1][-1].end:run[0].start] if i else ""
        if i and (_list_goes_on(text, gap, runs[i - 1], run, gaz)
                  or gap.count("\n") == 1 and not gap.strip()
                  and _alone_on_line(text, runs[i - 1][0].start, runs[i - 1][-1].end)
                  and _alone_on_line(text, run[0].start, run[-1].end)):
            groups[-1].append(i)  # (or one name a line: Разослано: / СТАЛИНУ / МОЛОТОВХ)
        else:
            groups.append([i])
    out: dict[int, Case] = {}
    for g in groups:
        if len(g) < 2:
            continue
        if len(g) == 2 and "," in text[runs[g[0]][-1].end:runs[g[1]][0].start] and "\n" not in \
                text[runs[g[0]][-1].end:runs[g[1]][0].start] and not _LIST_CUE.search(
                    text[max(0, runs[g[0]][0].start - 20):runs[g[0]][0].start]):
            continue  # two names a comma apart are no enumeration without a cue (По мнению Мао
            # Цзэ-дуна, Даллес угрожал: the comma closes a parenthesis)
        named: list[tuple[int, set[str]]] = []
        for i in g:
            if text[runs[i][-1].end:runs[i][-1].end + 1] in JUNK + "?":
                continue  # a mark glued after the name may be its lost ending (КИМ ИР СЕН”, БУЛГАНИН?,)
            # the run's name: the whole run, or its last words after a capitalised word of running
            # text (Представители Ким Ир Сена и Пэн Дэ-хуаи)
            end = runs[i][-1].end
            forms = next((f for k in range(len(runs[i])) if (f := gaz.lookup(text[runs[i][k].start:end]))), [])
            if not forms and text[end - 1:end] in LOST_SPACE_WORDS and word_may_follow(text, end, text[end - 1]):
                # the name written right and a one-letter word that lost its space (Цой Чан Их и Пак
                # Чан Оки несколько: Пак Чан Ок и)
                forms = next((f for k in range(len(runs[i])) if runs[i][k].start < end - 2 and (
                    f := gaz.lookup(text[runs[i][k].start:end - 1]))), [])
            cases = {f.case for f in forms}
            if not forms or len(cases) > 3:
                continue  # no name, or a form of many cases (indeclinable, or two names that differ;
                # Швеции, of three cases, still tells the genitive of Польши from Чехословакию)
            named.append((i, cases))
        if len(named) < LIST_CASE_NAMES:
            continue
        counts = Counter(c for _, cases in named for c in cases)
        top = max(counts.values())
        shared = {c for c, k in counts.items() if k == top}
        distribution = "datv" in counts and bool(_DISTRIBUTION_CUE.search(
            text[max(0, runs[g[0]][0].start - 30):runs[g[0]][0].start]))
        if distribution:
            shared = {"datv"}  # Разослано: Хрущеву, Микоян, Суслов:: a distribution list's names are
            # its addressees, in the dative (train texts: all 377 declinable names after Разослано),
            # one written so is enough; the others lost their ending
        if not (len(shared) == 1 or shared in ({"gent", "accs"}, {"datv", "loct"})):
            continue  # (one form of two cases: Сталина, Токуде)
        odd = [i for i, cases in named if not cases & shared]
        if odd and not distribution and not (top >= DISSENT_NAMES and len(odd) == 1 and top == len(named) - 1
                        and (odd[0] != g[0] or _LIST_CUE.search(text[max(0, runs[g[0]][0].start - 20):runs[g[0]][0].start]))):
            continue  # the names disagree (or the odd one opens the list after no list cue: сообщил
            # СТАЛИН, МОЛОТОВУ и ВЫШИНСКОМУ поручено — two parts of a sentence): no case of the list
        names = "/".join(CASE_NAMES[c] for c in sorted(shared))
        case = Case(frozenset(shared), LIST_WEIGHT, f"{names}, like the other names of the list", listed=True)
        for i in g:
            out[i] = replace(case, odd=True) if i in odd else case
    return out


#: the word that opens a distribution list (Разослано: т.т. СТАЛИНУ, ...)
_DISTRIBUTION_CUE = re.compile(r"[Рр]азослано:?\s*(?:т\.\s?т\.|тт\.|т\.\W?\.)?\s*$")
#: words that open a list of names (Разослано: т.т. ВОРОШИЛОВ, БУЛГАНИНУ, ...)
_LIST_CUE = re.compile(r"(?:т\.\s?т\.|тт\.|[Рр]азослано:?|[Кк]опии:?|товарищам)\s*$")


#: correctly written names of a list in one case, at least, for a name of it written in
#: another case to be offered in theirs (:meth:`Names.process`: ``т.т. ВОРОШИЛОВ, БУЛГАНИНУ,
#: КАГАНОВИЧУ``)
DISSENT_NAMES = 2


#: a span the document writes exactly so this many times is a name of its own, not a misreading
#: (the OCR seldom misreads one word the same way thrice), unless the document also writes the
#: candidate's name right
REPEATS = 3

#: one or two marks (no letter, digit, space, hyphen or bracket) between two letters, with at
#: most a space or line break on either side: a speck between two words of a name (``Нам 'Ир``)
_STRAY_MARK = re.compile(r"(?<=[^\W\d_])(\s?)([^\w\s\-–—()\[\]{}]{1,2})(\s?)(?=[^\W\d_])")
#: an opening quotation mark and the marks that close it
_CLOSING = {"«": "»", "„": "“”", "“": "”", '"': '"', "'": "'"}
#: a closing quotation mark and the marks that open it
_OPENING = {"»": "«", "”": "“„", "“": "„"}
_CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
#: a word of one to three letters standing alone, followed by a space and a capitalised word: the
#: rest of a name's first word whose first letter was lost (К КПК, ак Чан Оку)
_SHORT_WORD = re.compile(r"(?<![\w-])[^\W\d_]{1,3}(?= [А-ЯЁ])")
#: a mark (or a full stop) glued between a word and one of :data:`LOST_SPACE_WORDS` that ends
#: the word there (``Ир.и``, ``Москве`и’``, ``Пекин`-и``; a hyphen alone only where the name
#: with the letter is no name: ``Кэсона-в 300 метрах``)
_GLUED_SMALL_WORD = re.compile(r"(?<=[^\W\d_])(" + _SPACE_MARK + r"|\.|-)([" + "".join(sorted(LOST_SPACE_WORDS))
                               + r"])(?=[^\w\s]*(?:\s|$))")
#: a word of two to five capitals and a mark glued after it before a space (``КНД?``, ``КНД-``)
_ABBREVIATION_MARK = re.compile(r"(?<![\w-])([А-ЯЁ]{2,5})([?!:\-])(?=\s)")
#: a word of one to three letters (a syllable of a name)
_SYLLABLE = re.compile(r"(?<![\w-])[^\W\d_]{1,3}(?![\w-])")
#: a word of two to five small letters before a word in capitals (``цк КПСС``): perhaps an
#: abbreviation the OCR read small
_SMALL_ABBREVIATION = re.compile(r"(?<![\w-])[а-яё]{2,5}(?= [А-ЯЁ]{2,})")
_LAST_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*$")
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _words_ending_at(text: str, end: int, n: int = 3) -> list[int]:
    """Starts of the stretches of one to ``n`` words (letters and hyphens) that end at ``end``,
    one space apart on one line, nearest first."""
    out, pos = [], end
    for _ in range(n):
        m = _LAST_WORD.search(text, max(0, pos - 40), pos)
        if not m:
            break
        out.append(m.start())
        if m.start() < 2 or text[m.start() - 1] != " " or not text[m.start() - 2].isalpha():
            break
        pos = m.start() - 1
    return out


def _words_starting_at(text: str, start: int, n: int = 3) -> list[int]:
    """Ends of the stretches of one to ``n`` words that start at ``start``, one space apart on
    one line, nearest first."""
    out, pos = [], start
    for _ in range(n):
        m = _FIRST_WORD.match(text, pos)
        if not m:
            break
        out.append(m.end())
        if text[m.end():m.end() + 1] != " " or not text[m.end() + 1:m.end() + 2].isalpha():
            break
        pos = m.end() + 1
    return out


#: endings an adjective made from a name ends with (Нактонганс, ого: Нактонганского)
_ADJECTIVE_PIECES = frozenset({"ого", "ому", "ой", "ий", "ый", "ая", "ое", "ие", "ые", "их", "ых", "им", "ым", "ую", "й"})
#: the end of an adjective in -ский, -цкий (нский, ского): a piece after a mark that no word
#: begins with, the tail of an adjective whose first letters stand before the mark
_SK_ADJECTIVE_TAIL = re.compile(r"[а-яё]{0,2}[сц]к(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)")


def _broken_word_piece(text: str, span: str, end: int, gaz: Gazetteer) -> bool:
    """Is ``span`` the first piece of a word the OCR cut by a mark or a space, its rest a piece in
    small letters that is no word of its own (``Това ‘ищу``: Товарищу, ``Китайск й``:
    Китайской, ``Нактонганс, ого``: Нактонганского, ``америк. нский``: американский)?  The two pieces make a word the dictionary
    knows, one letter lost or misread at most, or an adjective (…с or …ск and an adjective's
    ending).  A word of some name before the piece is no first piece (Ким Ир Сену я)."""
    m = re.match(r"(?: ?[^\w\s]{1,2} ?| )([а-яё]{1,6})(?![\w-])", text[end:end + 11])
    if not m:
        return False
    piece = m.group(1)
    if len(piece) > 3 and lexicon_knows(piece):
        return False  # a longer piece is one only where it is no word (америк. нский: американский)
    if piece in LOST_SPACE_WORDS or piece in GLUED_FUNCTION_WORDS or piece in PREP_CASES:
        return False
    last = span.split()[-1].lower() if span.split() else ""
    if not last.isalpha() or _name_part(gaz, last):
        return False  # (Ким Ир Сену я: a name's word, then a word)
    if piece in _ADJECTIVE_PIECES and re.search(r"(?:ск|с)$", last):
        return True
    if _SK_ADJECTIVE_TAIL.fullmatch(piece):
        return True  # (Онгж: нский: Онгжинский — a letter lost with the mark, the piece an adjective's end)
    joined = last + piece
    return lexicon_knows(joined) or any(lexicon_knows(w) for w in _one_edit(joined))


#: letters a word the OCR cut short may have lost at its end, one or two (:func:`_truncated_word`)
_LOST_END = "аеийлмоуюяьты"
_LOST_ENDS = tuple(_LOST_END) + tuple(a + b for a in _LOST_END for b in _LOST_END)


def _truncated_word(text: str, m, gaz: Gazetteer) -> bool:
    """Is the match ``m`` one word at a sentence's start, not in capitals, that an everyday word
    begins with, one or two letters short (``Счита,.,``: Считаю), while the name would change its
    letters, not only add to them (Чита)?  The word's capital is the sentence's; its end is lost."""
    w = m.text
    if not w.isalpha() or w.isupper() or len(w) < 4 or not _sentence_start(text, m.start):
        return False
    if name_key(m.replacement).startswith(name_key(w)):
        return False  # (Мукд: Мукден — the name only adds letters)
    low = w.lower()
    lx = get_resource("lexicon")
    return any(lx.zipf(low + t) >= SENTENCE_START_ZIPF and not gaz.is_known_name(low + t) for t in _LOST_ENDS)


def _written_alike_often(text: str, span: str) -> bool:
    """Does ``text`` write ``span`` exactly so (a whole word or words) :data:`REPEATS` times?  A
    line break is a space, and a hyphen may end a line (``ЮЙ ГУАН-\\nШЭНА`` and ``ЮЙ ГУАН-ШЭНА``
    are written alike)."""
    if len(span) < 3:
        return False
    plain = re.sub(r"\s+", " ", re.sub(r"-\s+", "-", span.strip()))
    pattern = "".join(r"-\s*" if ch == "-" else r"\s+" if ch == " " else re.escape(ch) for ch in plain)
    return len(re.findall(rf"(?<![^\W\d_]){pattern}(?![^\W\d_])", text)) >= REPEATS


#: a name the document declines (:func:`_declined_elsewhere`) is its own where the nearest
#: gazetteer form is at least this far (an OCR that misreads one letter the same way in each
#: place, Эн-пая and Эн-паем for Эн-лая, Эн-лаем, still gets its fix)
DECLINED_DISTANCE = 1.5
#: case endings of a declined name word (Аньцин, Аньцина, Аньцином; Ван Чжэнь, Ван Чжэня)
_CASE_ENDINGS = ("", "а", "у", "ом", "е", "я", "ю", "ем", "и", "ы", "ой", "ей", "ь")


def _declined_elsewhere(text: str, span: str) -> bool:
    """Does ``text`` write ``span`` again with its last word in another case (``Аньцин`` and
    ``Аньцина``, ``ЮЙ ГУАН-ШЭН`` and ``ЮЙ ГУАН-ШЭНА``)?  Two forms of one declension are the
    writer's: the OCR garbles each place its own way, it does not decline its misreadings."""
    plain = re.sub(r"\s+", " ", re.sub(r"-\s+", "-", span.strip()))
    last = plain.split(" ")[-1]
    if len(last) < 4 or not re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", last):
        return False
    ends = "|".join(sorted({e.upper() if last.isupper() else e for e in _CASE_ENDINGS if e}, key=len, reverse=True))
    for ending in _CASE_ENDINGS:
        if not last.lower().endswith(ending) or len(last) - len(ending) < 3:
            continue
        stem = plain[:len(plain) - len(ending)]
        head = "".join(r"-\s*" if ch == "-" else r"\s+" if ch == " " else re.escape(ch) for ch in stem)
        for m in re.finditer(rf"(?<![^\W\d_]){head}({ends})?(?![^\W\d_])", text):
            if (m.group(1) or "").lower() != ending:
                return True
    return False


def _in_document(score: float, m: Match, seen: dict, ev: list) -> float:
    """A name the document writes correctly elsewhere is likelier where the OCR garbled one."""
    if m.form.entity not in seen:
        return score
    ev.append("the document writes this name correctly elsewhere")
    return round(1 - (1 - score) * DOCUMENT_PRIOR, 4)


#: the share of a garbled name's doubt left when the document writes the name correctly elsewhere
DOCUMENT_PRIOR = 0.6


def score_of(m: Match, case: Case) -> float:
    s = math.exp(-4.0 * m.norm) * (1.0 if m.case_ok else 1.0 - 0.4 * case.weight) * (
        0.6 + 0.4 * min(1.0, m.margin * 10))
    return round(max(0.01, min(0.97, s)), 4)


@register
class Names(Stage):
    name = "names"
    version = "44"
    order = 30
    requires = frozenset({"tokens"})
    provides = frozenset({"names", "candidates"})
    resources = ("gazetteer",)
    description = "Name spans: protect correct gazetteer names, propose the name a garbled span stands for."
    params = {
        "max_norm": Param(float, 0.3, "largest confusion-weighted distance per letter for a name candidate"),
        "max_norm_cued": Param(float, 0.5, "the same after a cue (тов., товарищу, a list of comrades)"),
        "max_tokens": Param(int, 4, "longest name window in tokens"),
    }

    def process(self, doc: Document) -> None:
        gaz: Gazetteer = get_resource("gazetteer")
        text = doc.text
        _SEPARATORS_SEEN.clear()
        notes: list[dict] = []
        seen_bases: dict[str, set[str]] = {}  # entity → base forms the document writes correctly
        own_words: dict[str, dict[str, str]] = {}  # entity → its words the document writes with е for э
        exact: set[str] = set()  # entities the document writes as the gazetteer does, somewhere
        variants: list[tuple[int, int, list[Form]]] = []  # names written with е for э or э for е
        pending: list[tuple[Match, Case, bool, int]] = []
        prev_end, prev_case, prev_title_at = -1, NO_CASE, 0
        prev_name_case: tuple[Case, str] | None = None  # case and entity of the name ending the previous run
        runs = name_runs(doc, gaz)
        by_list = list_cases(text, runs, gaz)
        for r_i, run in enumerate(runs):
            start = run[0].start
            between = text[prev_end:start] if prev_end >= 0 else ""
            if prev_end >= 0 and _list_goes_on(text, between, runs[r_i - 1], run, gaz):
                case, title_at = prev_case, prev_title_at  # a list shares its case and its title
            elif prev_end >= 0 and prev_name_case is not None and re.fullmatch(r"\s*\(\s*", between):
                case, title_at = prev_name_case[0], start  # из Порт-Артура (Люйшуня): the other name's case
            else:
                case, title_at = required_case(text, start), start
            # a title agrees with the word after it; a run opened by a common noun (Председателя
            # Кабинета …икистрев Цой Чан Их: the title's complement) leaves its names to the list
            governs_noun = case.title and not gaz.is_known_name(run[0].text) and _noun(run[0].text)
            if r_i in by_list and (case.cases is None or (case.weight < STRONG or governs_noun) and not case.listed
                                   and not by_list[r_i].odd) or case.listed and r_i in by_list and by_list[r_i].odd:
                case = by_list[r_i]  # (the one name of a list in another case is marked so; the case of
                # the list's names written right outweighs a weak one of the words before: заместители
                # Председателя Кабинета Министров Цой Чан Ик и Пак Чан Оки)
            elif r_i in by_list and by_list[r_i].odd and case.cases is not None and by_list[r_i].cases <= case.cases:
                case = by_list[r_i]  # (представителей Швеции, Польши и Чехословакию: the context's case
                # is the list's, and the one name in another is marked so)
            elif r_i in by_list and case.cases is not None and by_list[r_i].cases < case.cases:
                # в Тяньцзине и Шанхаг: of the cases в allows, the one its names written right share
                case = replace(case, cases=by_list[r_i].cases, rule=by_list[r_i].rule, listed=True)
            if (case.cases is None or case.weight <= WEAK and not case.listed) and _signature(text, start, run[-1].end):
                case = ALONE_ON_LINE  # a signature (ЮДИН): the nominative, whatever a word of the
                # line before seemed to govern (Привет / Филиппов‘)
            if case.cases is None and not _common_noun(run[0].text):
                # ПЭН ДЭ-ХУАЙ считает (not Штаб ПЭН ДЭ-ХУАЯ находится: the subject is the common
                # word; a window after it takes its own context's case, :func:`find_matches`)
                case = _subject_case(text, start, run[-1].end) or case
            elif case.rule.startswith("genitive after") and case.type != "place" \
                    and (verb := _singular_verb_after(text, run[-1].end)):
                # в зимней обороне ЧЭНЬ ГЭН. считает: the noun's genitive or the verb's subject
                # (train texts, a person between such a noun and verb: 47 nominatives, 28 genitives;
                # after беседы, присутствии, имени: 2 and 3 — В конце беседы Ким Ир Сен сказал)
                case = replace(case, cases=frozenset({"gent", "nomn"}),
                               rule=f"{case.rule} or the nominative, the subject of '{verb}'")
            bare = run
            run = _junk_ending(text, bare, gaz, case)
            cued = case.type == "person" and case.weight >= STRONG
            limit = self.config["max_norm_cued"] if cued else self.config["max_norm"]
            matches, known = find_matches(doc, run, gaz, case, limit, self.config["max_tokens"], cued)
            if prev_name_case is not None and case is prev_name_case[0] and any(
                    m.form.entity != prev_name_case[1] for m in matches):
                # the name in brackets is not the same place under another name (Москва after a
                # person, a country after a city): the context's own case
                case = required_case(text, start)
                run = _junk_ending(text, bare, gaz, case)
                matches, known = find_matches(doc, run, gaz, case, limit, self.config["max_tokens"], cued)
            for a, b, forms in known:
                s, e = run[a].start, run[b - 1].end
                f = next((f for f in forms if case.cases and f.case in case.cases), forms[0])
                notes.append({"start": s, "end": e, "text": text[s:e], "entity": f.entity, "form": f.base,
                              "case": f.case, "status": "known"})
                for fl in doc.flags:
                    if fl.start < e and s < fl.end and not fl.confirmed:
                        doc.flags.append(Flag(s, e, text[s:e], [f"gazetteer: {gaz.entities[f.entity].describe()}"],
                                              self.ident, kind="name", confirmed=True))
                        break
            for a, b, forms in known:
                for f in forms:
                    seen_bases.setdefault(f.entity, set()).add(f.base)
                written = text[run[a].start:run[b - 1].end]
                if name_key(written) not in gaz.by_key:  # found as a variant spelling (ЦЗЕ-ДУН)
                    own_words.setdefault(forms[0].entity, {}).update(_variant_words(forms[0].text, written))
                    variants.append((run[a].start, run[b - 1].end, forms))
                else:
                    exact.update(f.entity for f in forms)
                if a == 0 and _doubtful_context(text, run[0].start, gaz):
                    continue  # (в Ленинград к Свердловск, по предаохени;. Мао Цзэ-дуна решил)
                real = case if case.odd and a == 0 or case.subject and a == 0 else \
                    _subject_case(text, run[a].start, run[-1].end) if a and (case.cases is None or case.subject) else None
                if real and b == len(run) and not any(f.case in real.cases for f in forms):  # (Одновременно ПЭН ...)
                    self._list_case(doc, run[a].start, run[b - 1].end, forms, real, gaz)
                elif a == 0 and _nominative_after_preposition(text, run[a].start, forms, gaz):
                    self._prep_case(doc, run[a].start, run[b - 1].end, forms, gaz)
                elif a == 0 and _case_ruled_out(text, run[a].start, forms, case, gaz):
                    self._list_case(doc, run[a].start, run[b - 1].end, forms, case, gaz)
                elif a == 0 and _prepositional_without_preposition(text, run[a].start, forms, case):
                    self._list_case(doc, run[a].start, run[b - 1].end, forms, case, gaz)
                elif a == 0 and b == len(run) and _nominative_after_noun(text, run[a].start, run[b - 1].end, forms, case, gaz):
                    self._list_case(doc, run[a].start, run[b - 1].end, forms, case, gaz)
            pending += [(m, m.case or case, cued, title_at) for m in matches]
            prev_end, prev_case, prev_title_at = run[-1].end, case, title_at
            prev_name_case = _bracket_case(case, [(run[a].start, run[b - 1].end, forms) for a, b, forms in known]
                                           + [(m.start, m.end, [m.form]) for m in matches], run[-1].end)
        for s_, e_, forms in variants:
            if len({f.entity for f in forms}) == 1 and forms[0].entity in exact and sum(
                    name_key(text[a:b]) == name_key(text[s_:e_]) for a, b, _ in variants) == 1:
                self._own_spelling(doc, s_, e_, forms, gaz)
        yo_junk = _yo_is_junk(text)
        # the document types э in the names that have it, and no е for one (ЧЖОУ ЭНЬ-ЛАЙ, ЦЗЭ-ДУН): a
        # fix of such a name whose letters say neither (ЧОНЬ И) takes the э spelling too
        types_e = not own_words and any("э" in n["text"].lower() and gaz.entities[n["entity"]].lang in VARIANT_LANGS
                                        for n in notes if n["status"] == "known")
        for m, mcase, cued, title_at in pending:
            if m.form.entity not in seen_bases and _written_alike_often(text, m.text) or \
                    m.dist >= DECLINED_DISTANCE and _declined_elsewhere(text, m.text):
                continue  # (Енампо three times, the gazetteer's Енампхо never; Аньцин and Аньцина,
                # far from Наньцзин: a name of its own, written right)
            if _adjective_of(m.text, m.form.base):
                continue  # (Онджинском полуостро-е: the adjective of Онджин, its noun garbled)
            if _broken_word_piece(text, m.text, m.end, gaz):
                continue  # (Това ‘ищу: Товарищу; Китайск й: Китайской — no name, a word cut by a mark)
            if _truncated_word(text, m, gaz):
                continue  # (Счита,., что: Считаю — a sentence's first word, its end lost; no Чита)
            if _romanisation_variant(m.text, gaz):
                # (под Кэсоном и у Чорвона: Чхорвон written ч for чх, as some cables did; Кимпо):
                # the name in a spelling of its own, which the spelling stages leave alone too
                notes.append({"start": m.start, "end": m.end, "text": m.text, "entity": m.form.entity,
                              "form": m.form.base, "case": m.form.case, "status": "variant"})
                continue
            common = common_word_zipf(m.text, gaz)
            if not m.text.isupper() and _sentence_start(text, m.start) and common >= SENTENCE_START_ZIPF \
                    and not titled(text, title_at):
                continue  # Сам ЛЯО ЯО-СЯН: an everyday word, its capital the sentence's (not Сиам)
            own = {b for b in seen_bases.get(m.form.entity, ())
                   if _loose(b) == _loose(m.form.base) or _spelling_variant(b, m.form.base)}
            if own and m.form.base not in own:
                # the document writes this name elsewhere, correctly, in a variant spelling (Цзе-дун
                # for Цзэ-дун, Эн-лай for Энь-лай): the replacement follows the document
                alt = [f for f in gaz.forms_of(m.form.entity) if f.base in own and f.case == m.form.case]
                rep = restyle(m.text, alt) if alt else m.replacement
                # (an ё in a text that writes none is a misread letter: it says neither е nor э,
                # Мао Цзё-дун after Мао Цзэ-дун)
                ocr = name_key(re.sub("[ёЁ]", "*", m.text) if yo_junk else m.text)
                if rep != m.text and Levenshtein.distance(name_key(rep), ocr) <= Levenshtein.distance(
                        name_key(m.replacement), ocr):  # unless the OCR's own letters say otherwise
                    m.replacement = rep
            if m.form.entity in own_words:
                # the document writes this name elsewhere, correctly, with е for э (МАО ЦЗЕ-ДУН):
                # so does the fix, unless the OCR's own letters say э (ЦЗ»-ДУН → ЦЗЕ-ДУН)
                rep = _with_words(m.replacement, own_words[m.form.entity])
                if Levenshtein.distance(name_key(rep), name_key(m.text)) <= Levenshtein.distance(
                        name_key(m.replacement), name_key(m.text)):
                    m.replacement = rep
            # an э the OCR read where the name has a variant with it (НЭ ЖУН-ЧЖЗНЯ: the fix keeps
            # НЭ, not the gazetteer's first spelling НЕ); not an е, the letter a misread э becomes
            # (Чень Во-да: Чэнь Бо-да)
            kept = _with_words(m.replacement, {x: y for x, y in _variant_words(m.replacement, m.text).items()
                                               if all(p == q or q == "э" for p, q in zip(x, y))})
            if kept != m.replacement and any(f.entity == m.form.entity and f.case == m.form.case
                                             for f in gaz.lookup(kept)):
                m.replacement = kept
            std = gaz.entities[m.form.entity].ru[0]
            if types_e and m.form.base != std and "э" in std.lower() and "э" not in m.form.base.lower() \
                    and _spelling_variant(m.form.base, std):
                alt = [f for f in gaz.forms_of(m.form.entity) if f.base == std and f.case == m.form.case]
                rep = restyle(m.text, alt) if alt else m.replacement
                if Levenshtein.distance(name_key(rep), name_key(m.text)) <= \
                        Levenshtein.distance(name_key(m.replacement), name_key(m.text)):
                    m.replacement = rep  # (ЧОНЬ И → ЧЭНЬ И; ЧЕНЬ И, the OCR's е, stays)
            m.replacement = as_typed(m.replacement, text)
            ent = gaz.entities[m.form.entity]
            ev = [f"gazetteer: {ent.describe()}, form '{m.form.base}' → {CASE_NAMES[m.form.case]} "
                  f"'{m.replacement}'",
                  f"OCR confusions: weighted distance {m.dist:.2f} over {len(m.replacement)} letters"
                  + (f" ({', '.join(_explain(m.text, m.replacement))})" if _explain else "")]
            if mcase.rule:
                ev.append(f"case: {mcase.rule}" + ("" if m.case_ok else " — the closest form is in another case"))
            if common and mcase.cases is not None and not m.case_ok:
                continue  # Красной Армии → Краснов: an everyday word, and the name not in the case there
            run_titled = bool(common) and titled(text, title_at)  # (where the run or its list begins)
            if common:
                ev.append(f"'{m.text}' is itself a common word (Zipf {common:.1f}): made a name automatically "
                          f"only after a title or when the aligned English names it"
                          + (" (a title stands before it)" if run_titled else ""))
            doc.candidates.append(Candidate(
                m.start, m.end, m.text, m.replacement, _in_document(score_of(m, mcase), m, seen_bases, ev), self.ident,
                ev, kind="name",
                features={"distance": m.dist, "norm_distance": round(m.norm, 4), "length": float(len(m.text)),
                          "case_match": float(m.case_ok), "case_known": float(mcase.cases is not None),
                          "n_tokens": float(m.n_tokens), "margin": round(min(m.margin, 1.0), 4),
                          "cued": float(cued),
                          **({"case_unsure": 1.0} if (mcase.cases is None or not m.case_ok)
                             and m.case_margin < CASE_MARGIN or m.variant_margin < CASE_MARGIN else {}),
                          **({"real_word": 1.0, "titled": float(run_titled)} if common else {}),
                          **({"name_words": 1.0} if m.name_words else {}),
                          **({"entity_unsure": 1.0} if m.other_margin < ENTITY_MARGIN else {})}))
            notes.append({"start": m.start, "end": m.end, "text": m.text, "entity": ent.id,
                          "form": m.form.base, "case": m.form.case, "status": "garbled",
                          **({"list_case": True} if mcase.listed and m.case_ok
                             and m.variant_margin >= CASE_MARGIN else {})})
        notes += self._stray_marks(doc, gaz)
        notes += self._lost_first_letter(doc, gaz)
        notes += self._small_abbreviation(doc, gaz)
        notes += self._garbled_short_word(doc, gaz)
        notes += self._mark_for_last_letter(doc, gaz)
        notes += self._glued_small_words(doc, gaz)
        doc.annotations["names"] = sorted(notes, key=lambda n: (n["start"], n["end"]))

    def _stray_marks(self, doc: Document, gaz: Gazetteer) -> list[dict]:
        """Names with a speck read as a mark between two of their words (``Нам 'Ир``, ``ЦК,ТПК``,
        ``Советский. Союз``, ``Ким Ир`` / ``.Сеном``): where the words around the mark, the mark
        dropped (and read as a space where none stands beside it), are a gazetteer form exactly,
        that form is offered — the longest such stretch, each side of the mark up to three words
        of its line.  A quotation mark closed later on its line is a quotation, not a speck."""
        text, notes = doc.text, []
        for m in _STRAY_MARK.finditer(text):
            mark = m.group(2)
            line_end = text.find("\n", m.end())
            line_start = text.rfind("\n", 0, m.start()) + 1
            closing, opening = _CLOSING.get(mark[:1]), _OPENING.get(mark[-1:])
            if closing and re.search(rf"[^\W\d_][{closing}](?![^\W\d_])",
                                     text[m.end():line_end if line_end >= 0 else len(text)]):
                continue  # «Правда», 'Ир': a quotation closed later on the line
            if opening and re.search(rf"(?<![^\W\d_])[{opening}][^\W\d_]", text[line_start:m.start()]):
                continue  # орган «Трудовой партии» Кореи: the quotation opened earlier on the line
            starts = _words_ending_at(text, m.start())
            ends = _words_starting_at(text, m.end())
            if not starts or not ends:
                continue
            last, first = text[starts[0]:m.start()], text[m.end():ends[0]]
            if set(mark) <= set(".,;:") and m.group(3):
                # punctuation where it stands in text (Носака, Сандзо; ЦК, КПСС и ...): a speck
                # only after words that are no name or abbreviation by themselves (Трудовой
                # партии. Кореи, Л, Шао-ци, Га. / гана)
                starts = [s0 for s0 in starts if not (
                    gaz.lookup(text[s0:m.start()]) or _abbreviation(text[s0:m.start()]))]
            gap = m.group(1) or m.group(3) or " "
            best = None
            # (the words beside the mark are words of some name, or no window can be one)
            for s0 in starts if _name_part(gaz, last) and _name_part(gaz, first) else ():
                for e0 in ends:
                    written = text[s0:m.start()] + gap + text[m.end():e0]
                    forms = gaz.lookup(written)
                    if forms and (best is None or e0 - s0 > best[1] - best[0]):
                        best = (s0, e0, written, forms)
            read_as = ""
            if best is None and len(mark) == 1 and bool(m.group(1)) != bool(m.group(3)):
                # the mark glued to one word is a letter of it (Л, Шао-ци: Лю; МИД „ССР: СССР),
                # which makes it a word of some name
                letters_ = [x for x in _CYRILLIC_LETTERS if (
                    _name_part(gaz, x + first) and _name_part(gaz, last) if m.group(1)
                    else _name_part(gaz, last + x) and _name_part(gaz, first))]
                for letter in letters_:
                    for s0 in starts:
                        for e0 in ends:
                            head, tail = text[s0:m.start()], text[m.end():e0]
                            if m.group(1):  # the first letter of the word after: a capital
                                written = head + gap + letter.upper() + tail
                            else:  # the last letter of the word before, in its letters' case (of
                                # the words after when it is one letter: Л, Шао-ци)
                                ref = head.split()[-1] if len(head.split()[-1]) > 1 else tail
                                written = head + (letter.upper() if ref.replace("-", "").isupper() else letter) \
                                    + gap + tail
                            forms = gaz.lookup(written)
                            if forms and (best is None or e0 - s0 > best[1] - best[0]):
                                best, read_as = (s0, e0, written, forms), letter
            if best is None:
                continue
            s0, e0, written, forms = best
            if _name_candidate_over(doc, s0, e0):
                continue
            rep = as_typed(restyle(written, forms), text)
            if rep == text[s0:e0]:
                continue
            why = (f"a mark '{mark}' read for the letter '{read_as}' of the name: with it the text writes the "
                   f"name exactly" if read_as else
                   f"a stray mark '{mark}' between the name's words: without it the text writes the name exactly")
            notes.append(self._exact_form(doc, s0, e0, rep, forms[0], 0.9, why, float(len(mark)), written, gaz,
                                          {"mark_read": 1.0}))
        return notes

    def _lost_first_letter(self, doc: Document, gaz: Gazetteer) -> list[dict]:
        """Names of two to four words whose first letter the OCR lost (``К КПК`` for ЦК КПК, ``ак
        Чан Оку`` for Пак Чан Оку): where one letter put before the first word makes the words a
        gazetteer form exactly, that form is offered.  A first word the dictionary knows must be
        capitalised on a line in small letters, not at a sentence's start (к КПК, К КПК opening a
        sentence, ПЕРЕДАНО К ТПК: the preposition and a name)."""
        text, notes = doc.text, []
        for m in _SHORT_WORD.finditer(text):
            word = m.group()
            known = lexicon_knows(word)
            if known and not (word[:1].isupper() and not _sentence_start(text, m.start())
                              and _line_has_lower(text, m.start())):
                continue  # (к КПК, К КПК at a sentence's start, ПЕРЕДАНО К ТПК in capitals: the preposition)
            ends = _words_starting_at(text, m.start(), 4)[1:]
            if not ends or any(gaz.lookup(text[m.start():e0]) for e0 in ends):
                continue  # (Е Ун Хен: a name as it is written)
            nxt = text[m.end() + 1:ends[0]]
            # a one-letter word is a capital of a word in small letters unless the name is in capitals
            # (К КПК → ЦК; Е Ун Хен would be Ле)
            body = word.lower() if len(word) == 1 and not nxt.replace("-", "").isupper() else word
            best = None
            for letter in _CYRILLIC_LETTERS:
                lead = letter.upper()  # a name's first letter is a capital
                if not _name_part(gaz, lead + body):
                    continue  # (the word with its letter back is a word of some name)
                for e0 in ends:
                    forms = gaz.lookup(lead + body + text[m.end():e0])
                    if forms and (best is None or e0 > best[0]):
                        best = (e0, lead, forms)
            if best is None:
                continue
            e0, lead, forms = best
            s0 = m.start()
            if _name_candidate_over(doc, s0, e0):
                continue
            rep = as_typed(restyle(lead + body + text[m.end():e0], forms), text)
            notes.append(self._exact_form(
                doc, s0, e0, rep, forms[0], 0.85,
                f"the name's first letter lost: with '{lead}' before it the text writes the name exactly", 1.0, rep,
                gaz))
        return notes

    def _mark_for_last_letter(self, doc: Document, gaz: Gazetteer) -> list[dict]:
        """Abbreviations whose last letter the OCR read as a mark (``правительство КНД? готовит``,
        ``КНД: считает``, ``в КНД- Т. ШТЫКОВ``): a question or exclamation mark or a colon before
        a word in small letters ends nothing, nor does a hyphen before a space; where the
        abbreviation and one capital letter more are another abbreviation of the gazetteer
        (КНДР), and only one, that is offered for review (КНД, the Chinese volunteers, is a name
        as written too: ``as_written``).  Only an abbreviation the same in every case: a declined
        word in capitals before a closing quote or a colon is no abbreviation (ВОЙНА В КОРЕЕ»)."""
        text, notes = doc.text, []
        for m in _ABBREVIATION_MARK.finditer(text):
            word, mark = m.group(1), m.group(2)
            after = text[m.end():m.end() + 3]
            if mark in "?!:" and not re.match(r"\s[а-яё]", after):
                continue  # (a question, a heading's colon)
            if len({f.case for f in gaz.lookup(word) if f.text == word}) < 5:
                continue  # an abbreviation, the same in every case (КНД; not КОРЕЕ: ВОЙНА В КОРЕЕ»)
            longer = {word + ch.upper(): forms for ch in _CYRILLIC_LETTERS
                      if (forms := [f for f in gaz.lookup(word + ch.upper()) if f.text == word + ch.upper()])}
            if len(longer) != 1 or _name_candidate_over(doc, m.start(), m.end()):
                continue
            rep, forms = next(iter(longer.items()))
            notes.append(self._exact_form(
                doc, m.start(), m.end(), rep, forms[0], 0.8,
                f"a mark '{mark}' where no punctuation stands, read for the abbreviation's last letter "
                f"'{rep[-1]}': the text writes the name exactly", 1.0, rep, gaz,
                {"mark_read": 1.0, "as_written": 1.0}))  # (КНД is a name as written: a person decides)
        return notes

    def _garbled_short_word(self, doc: Document, gaz: Gazetteer) -> list[dict]:
        """Names of two to four words one of which, a short syllable, the OCR misread by one letter
        and read small (``зой Ен Ген`` for Цой Ен Ген, ``Ким зу Бон`` for Ким Ду Бон, ``Лл Шао-ци``
        for Лю Шао-ци): where one letter changed, dropped or put in, and the syllable capitalised,
        make the words a gazetteer form exactly — the other words as written — that form is
        offered.  The syllable must be no word of a name as written; a capitalised word the
        dictionary knows only inside a sentence in small letters (Чэнь Я → Чэнь И: no pronoun is
        capitalised there); one reading only."""
        text, notes = doc.text, []
        for m in _SYLLABLE.finditer(text):
            word, s_w, e_w = m.group(), m.start(), m.end()
            if (gaz.is_known_name(word) or len(word) > 1 and _name_part(gaz, word)) and not word.islower() \
                    or word.islower() and get_resource("lexicon").zipf(word) >= SYLLABLE_WORD_ZIPF:
                continue  # (нам из Пекина, ли там: everyday words in small letters; хи Фу-чунем: a
                # name's syllable in small letters is not written as a name writes it; a letter
                # that is a name's part only before its hyphen, Я of Лю Я-лоу, is no word of one)
            befores = [s0 for s0 in _words_ending_at(text, s_w - 1, 3) if text[s_w - 1:s_w] == " "] \
                if s_w and text[s_w - 1] == " " else []
            afters = [e0 for e0 in _words_starting_at(text, e_w + 1, 3)] if text[e_w:e_w + 1] == " " else []
            if not befores and not afters:
                continue
            # the words beside it are words of some name (or no stretch can be one)
            if not (befores and _capitalised_name_word(gaz, text[befores[0]:s_w - 1])
                    or afters and _capitalised_name_word(gaz, text[e_w + 1:afters[0]])) \
                    or _name_candidate_over(doc, s_w, e_w):
                continue
            caps = any(text[a:b].replace("-", "").isupper() and len(text[a:b]) > 1
                       for a, b in ([(befores[0], s_w - 1)] if befores else []) + ([(e_w + 1, afters[0])] if afters else []))
            if word[:1].isupper() and lexicon_knows(word) and (caps or word.isupper() and len(word) > 1
                                                                or _sentence_start(text, s_w)):
                continue  # (И in a line of capitals, a sentence's first word: the everyday word; a
                # capital И or Я inside a sentence of small letters is no conjunction or pronoun)
            found: dict[tuple[int, int], dict[str, tuple]] = {}
            # (in capitals alone only where the name has the word on its own, capitalised: not
            # Жао Шу ши, which writes the syllable after the hyphen small, as a name may)
            for new in [word.lower()] + list(_one_edit(word.lower())):
                if not new or found and new != word.lower() and any(
                        r[2].lower() == word.lower() for rs in found.values() for r in rs.values()):
                    continue  # (в Корее: no word dropped; ЧЖУ дэ: the capitals alone make the name
                    # ЧЖУ ДЭ, so no edit is tried, not ДЕ)
                new = new.upper() if caps else new[:1].upper() + new[1:]
                if not _name_part(gaz, new):
                    continue
                for s0 in [s_w] + befores:
                    for e0 in [e_w] + afters:
                        if s0 == s_w and e0 == e_w:
                            continue
                        if not all(w[:1].isupper() for w in (text[s0:s_w] + text[e_w:e0]).split()):
                            continue  # the name's other words as a name writes them
                        written = text[s0:s_w] + new + text[e_w:e0]
                        forms = gaz.lookup(written)
                        if forms and (caps or new.lower() != word.lower() or any(
                                new in f.text.split() for f in forms)):
                            found.setdefault((s0, e0), {})[name_key(written)] = (written, forms, new)
            if not found:
                continue
            # the longest stretch, read one way only (Ким зу Бон: Ким Ду Бон, no other name)
            (s0, e0), readings = max(found.items(), key=lambda kv: kv[0][1] - kv[0][0])
            if len(readings) != 1 or not _displace_weaker(doc, s0, e0, 0.85):
                continue
            written, forms, new = next(iter(readings.values()))
            rep = as_typed(restyle(written, forms), text)
            if rep == text[s0:e0]:
                continue
            same = new.lower() == word.lower()
            notes.append(self._exact_form(
                doc, s0, e0, rep, forms[0], 0.85,
                f"the syllable '{word}' read in small letters: as '{new}' the text writes the name exactly" if same
                else f"the syllable '{word}' misread by one letter: as '{new}' the text writes the name exactly",
                0.3 if same else 1.0, written, gaz))
        return notes

    def _glued_small_words(self, doc: Document, gaz: Gazetteer) -> list[dict]:
        """Names a mark glued to a one-letter word after them (``Нам Ир.и``, ``Москве`и’``,
        ``Пекин`-и``: a conjunction or a preposition in small letters): where the words before
        the mark are a gazetteer form exactly, the mark is read for the space and the name and
        the letter stay as written (the suggestion covers the name and the mark, not the letter:
        the OCR may have misread it too)."""
        text, notes = doc.text, []
        for m in _GLUED_SMALL_WORD.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if re.search(r"[)\]}»”]", m.group(1)) or re.search(r"[\"'’]", m.group(1)) and re.search(
                    r"(?<![^\W\d_])[\"'‘„“«][^\W\d_]", text[line_start:m.start()]):
                continue  # Мукден (Шэньян)и, «Жэньминь жибао»и, 'Правда'и: a closing bracket or quote stays
            starts = _words_ending_at(text, m.start(), 4)
            found = next(((s0, forms) for s0 in reversed(starts) if (forms := gaz.lookup(text[s0:m.start()]))), None)
            if found is None:
                continue
            s0, forms = found
            e0 = m.start() + len(m.group(1))
            if _name_candidate_over(doc, s0, e0) or m.group(1) == "-" and gaz.is_known_name(text[s0:m.end()]):
                continue
            written = text[s0:m.start()]
            notes.append(self._exact_form(
                doc, s0, e0, _person_capitals(written, forms, gaz) + " ", forms[0], 0.9,
                f"a mark '{m.group(1)}' glued the word '{m.group(2)}' to the name: read for the space, the "
                f"text writes the name exactly", float(len(m.group(1))), written, gaz))
        return notes

    def _small_abbreviation(self, doc: Document, gaz: Gazetteer) -> list[dict]:
        """Names that open with an abbreviation the OCR read in small letters before a word in
        capitals (``цк КПСС`` for ЦК КПСС): where the abbreviation in capitals and the words after
        it are a gazetteer form exactly as written, that form is offered (and the name is no
        everyday word for the lexicon to change: цк → к)."""
        text, notes = doc.text, []
        for m in _SMALL_ABBREVIATION.finditer(text):
            word = m.group()
            if not _abbreviation(word.upper()):
                continue
            s0 = m.start()
            best = None
            for e0 in _words_starting_at(text, s0, 4)[1:]:
                rep = word.upper() + text[m.end():e0]
                forms = [f for f in gaz.lookup(rep) if f.text.replace("\n", " ") == rep.replace("\n", " ")]
                if forms:
                    best = (e0, rep, forms)
            if best is None:
                continue
            e0, rep, forms = best
            if _name_candidate_over(doc, s0, e0):
                continue
            notes.append(self._exact_form(
                doc, s0, e0, rep, forms[0], 0.9,
                f"the abbreviation '{word}' read in small letters: in capitals the text writes the name exactly",
                0.5, rep, gaz))
        return notes

    def _exact_form(self, doc: Document, s: int, e: int, rep: str, form: Form, score: float, why: str,
                    distance: float, words: str, gaz: Gazetteer, extra: dict[str, float] | None = None) -> dict:
        """Offer ``rep``, a gazetteer form the text writes exactly once a mark or a lost letter is
        mended (:meth:`_stray_marks`, :meth:`_lost_first_letter`; ``words``: the name's words as
        mended, which the ``n_tokens`` feature counts; ``extra``: more features, ``mark_read`` where
        the fix reads a stray mark); its note for the names annotation."""
        ent = gaz.entities[form.entity]
        original = doc.text[s:e]
        doc.candidates.append(Candidate(
            s, e, original, rep, score, self.ident,
            [f"gazetteer: {ent.describe()}, form '{form.base}' → {CASE_NAMES[form.case]} '{rep}'", why],
            kind="name", features={"distance": distance, "norm_distance": round(distance / (e - s), 4),
                                   "length": float(e - s), "case_match": 1.0, "case_known": 1.0,
                                   "n_tokens": float(len(words.split())), "margin": 1.0, "cued": 0.0,
                                   **(extra or {})}))
        return {"start": s, "end": e, "text": original, "entity": form.entity, "form": form.base,
                "case": form.case, "status": "garbled"}

    def _own_spelling(self, doc: Document, s: int, e: int, forms: list[Form], gaz: Gazetteer) -> None:
        """A name written once with е for э or э for е (``Пхэньян``), which the document writes
        elsewhere as the gazetteer does (``Пхеньян``): a variant period texts used, or the OCR's
        misreading; the document's own spelling is offered for review."""
        self._offer(doc, s, e, forms[0], forms[0].case, as_typed(restyle(doc.text[s:e], forms), doc.text), 1.0,
                    "the document writes this name elsewhere with the gazetteer's е or э; here it is the only "
                    "time with the other", "own_spelling", gaz)

    def _prep_case(self, doc: Document, s: int, e: int, forms: list[Form], gaz: Gazetteer) -> None:
        """A place right after a preposition written in the nominative, a case no preposition
        takes (``в Лхаса``, ``из Корея``): the same name in the preposition's case (в, на: the
        prepositional unless a verb of motion asks for the accusative), for review."""
        case = required_case(doc.text, s)
        cases = case.cases or frozenset()
        if cases == {"loct", "accs"}:
            cases = frozenset({"loct"})  # в Лхаса согласится: where, not whither (that is the accusative rule's)
        if cases:
            self._list_case(doc, s, e, forms, replace(case, cases=cases), gaz)

    def _list_case(self, doc: Document, s: int, e: int, forms: list[Form], case: Case, gaz: Gazetteer) -> None:
        """A correctly written name of a list in another case than the other names (``т.т.
        ВОРОШИЛОВ, БУЛГАНИНУ, КАГАНОВИЧУ``): the same name in theirs, for a person to decide
        (the OCR misread the ending as another real one, or the document wrote it so)."""
        text = doc.text
        f = forms[0]
        same = [x for g in forms for x in gaz.forms_of(g.entity) if x.base == g.base and x.case in case.cases]
        if len({re.sub(r"[\s-]+", "", name_key(x.text)) for x in same}) != 1:
            return  # no form, or several (a choice the list does not make; Дэ-хуай or Дэхуай is the
            # document's to make, :func:`restyle`)
        rep = as_typed(restyle(text[s:e], same), text)
        self._offer(doc, s, e, f, same[0].case, rep, float(Levenshtein.distance(name_key(rep), name_key(text[s:e]))),
                    f"case: {case.rule}; written as the {CASE_NAMES[f.case]}, a real form of the name", "real_case", gaz)

    def _offer(self, doc: Document, s: int, e: int, form: Form, case: str, rep: str, d: float, why: str,
               feature: str, gaz: Gazetteer) -> None:
        """A correctly written name offered in another real form ``rep`` (in ``case``), ``d``
        letters away, for review only (``feature``: real_case or own_spelling, see decide)."""
        text = doc.text
        if name_key(rep) == name_key(text[s:e]):
            return
        ent = gaz.entities[form.entity]
        doc.candidates.append(Candidate(
            s, e, text[s:e], rep, 0.5, self.ident,
            [f"gazetteer: {ent.describe()}, form '{form.base}' → {CASE_NAMES[case]} '{rep}'", why], kind="name",
            features={"distance": d, "norm_distance": round(d / max(1, e - s), 4), "length": float(e - s),
                      "case_match": 1.0, "case_known": 1.0, "n_tokens": float(len(text[s:e].split())),
                      "margin": 1.0, "cued": 0.0, feature: 1.0}))
