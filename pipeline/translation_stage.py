"""The translation stage: the English translation as evidence for the Russian OCR text.

After aligning the two texts (:mod:`pipeline.align`), in each aligned passage:

- **names** — English names found in the gazetteer ("Chen Yun", "KIM IL SUNG's") are paired
  with the Russian name-like spans of the passage in order (an enumeration of n Russian
  names against n English names pairs them by list position).  A span that is a correct
  form is *confirmed* (a ``name`` flag with ``confirmed=True``); a garbled one gets the
  entity's form in the case the context asks for (the noun it stands in apposition to,
  "товарищей" → genitive; a governing preposition, "с" → instrumental; else the case whose
  ending the garbled span keeps) and in the span's own style (capitals, hyphens);
- **numbers and dates** that agree are confirmed; a Russian number one digit away from an
  unmatched English number becomes a suggestion;
- **ordinary words** — a Russian word the lexicon does not know gets the closest form of the
  Russian translations of the passage's English words (confusion-model distance);
- **missing and extra text** — Russian passages with no English counterpart opposite English
  passages with none (a line OCR invented in place of another) are flagged ``extra``; English
  passages with no Russian counterpart are flagged ``missing`` at their place.

Candidates carry ``features["translation"] = 1`` and evidence quoting the English; when
another stage proposed the same fix, ``decide`` pools the evidence.  Nothing is deleted.
"""
from __future__ import annotations

import functools
import re

from rapidfuzz.distance import Levenshtein

from . import bilingual, gazetteer  # noqa: F401 - register the resources "bilingual" and "gazetteer"
from .align import Alignment, Bead, abbreviations, align_document, romanize
from .memo import Memo
from .bilingual import common_suffix, distance, word_evidence
from .detect import EDGE_JUNK, WORD_GOES_ON
from .model import Candidate, Document, Flag
from .names_stage import (_YO, ADJECTIVE_END, CASE_PRIOR_WEIGHT, GLUED_ABBREVIATION, GLUED_FUNCTION_WORDS, GLUED_WORD,
                          HYPHEN_WORD, LOST_SPACE_WORDS, MARKED_LETTER, SPLIT_END, WHERE_ACCUSATIVE, _abbreviation,
                          _adjective_of, _line_has_lower, _romanisation_variant, _signature, _written_alike_often,
                          _yo_is_junk, as_typed,
                          case_prior, glued_function_word, glued_head, glued_preposition, name_glued_to_word,
                          required_case, word_may_follow)
from .numbers import compare_numbers, digits_of
from .stages import Param, Stage, get_resource, register

CASE_NAMES = {"nomn": "nominative", "gent": "genitive", "datv": "dative", "accs": "accusative",
              "ablt": "instrumental", "loct": "prepositional"}
#: a word that begins with a capital — at a word's start: a capital after a small letter (лЮ БО-ЧЭН,
#: the Л read small) begins no name of its own, and a fix from it would leave the small letter
#: the OCR's stray quote or junk mark inside it (Х»нань) stays in the word
RU_NAME_TOKEN = re.compile(r"(?<![^\W\d_])[А-ЯЁ][А-ЯЁа-яё]*(?:(?:[-»«\"'’‘`^*]|(?<![^\W\d_]{3}),(?=[а-яё]))[А-ЯЁа-яё]+)*")
#: a run of capitalised English words, ``of`` and ``of the`` inside one (the Central Committee
#: of the Communist Party of China, CC of the CPC), a word's parts after a hyphen in small
#: letters (Pak Heon-yeong, Ho Ka-i, Kunu-ri: Korean romanisation)
_EN_WORD = r"[A-Z][A-Za-z'’]*(?:-[a-z][a-z'’]*)*"
#: a preposition or one-letter word a mark glues to the name after it (``С'Ван Чжэнем``,
#: ``Из`ПХЕНЬЯНА``): the word is no letter of the name (a capital alone before words in capitals
#: is their first letter: ``К"ДЕГ``, ``В^СИЛЕВСКОМУ``)
_GLUED_HEAD = re.compile(r"([А-ЯЁа-яё]{1,2})[^\w\s-]+-?(?=[А-ЯЁ]([А-ЯЁа-яё]{2}))")
EN_NAME_RUN = re.compile(rf"{_EN_WORD}(?:(?:[ -]| of (?:the )?){_EN_WORD})*")


# --- names ----------------------------------------------------------------------------------

def english_names(text: str, gaz) -> list[tuple[int, int, str, object]]:
    """(start, end, English text, entity) of gazetteer names in an English passage, longest first."""
    out = []
    for m in EN_NAME_RUN.finditer(text):
        words = [(w.start(), w.end()) for w in re.finditer(r"[A-Za-z'’]+", m.group())]
        k = 0
        while k < len(words):
            for j in range(len(words), k, -1):
                s, e = m.start() + words[k][0], m.start() + words[j - 1][1]
                ents = gaz.entities_for_english(text[s:e])
                if ents:
                    out.append((s, e, text[s:e], ents[0]))
                    k = j
                    break
            else:
                k += 1
    return out


def names_in_translation(translation: str, gaz) -> list[tuple[int, int, str, object]]:
    """:func:`english_names` of a whole translation (remembered: several rules ask for each
    document's; callers must not change the list)."""
    return _TRANSLATION_NAMES.get_or((id(gaz), gaz.checksum, translation), lambda: english_names(translation, gaz))


_TRANSLATION_NAMES = Memo(8)


def russian_name_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of capitalised words in text[start:end] (names, garbled or not); titles and
    common words at the edges are dropped, and so are runs that are a piece of a word hyphenated
    at a line end (``МАО ЦЗ-`` / ``ДУН``, ``Порт-`` / ``Артуре``): the letters of such a piece are
    not the name, and the names stage reads the wrapped name whole."""
    spans: list[tuple[int, int]] = []
    toks = [(m.start(), m.end(), m.group()) for m in RU_NAME_TOKEN.finditer(text, start, end)]
    run: list[tuple[int, int, str]] = []

    def plain(tok: tuple[int, int, str]) -> bool:
        """A common word, and not one in capitals in running text alone or a word of a name
        (ОК of ПАК ЧАН ОК)."""
        return _common_word(tok[2]) and not (
            (len(run) == 1 or gazetteer.is_known_name(tok[2])) and written_in_capitals(tok[2])
            and _line_has_lower(text, tok[0]))

    def close() -> None:
        if run and (head := _GLUED_HEAD.match(run[0][2])) and glued_preposition(head.group(1)) and (
                not head.group(1).isupper() or head.group(2).islower()):
            run[0] = (run[0][0] + head.end(), run[0][1], run[0][2][head.end():])
        while run and plain(run[0]):
            run.pop(0)
        while run and plain(run[-1]):
            run.pop()
        if run and not (_LINE_END_HYPHEN.match(text, run[-1][1]) or _AFTER_LINE_HYPHEN.search(text, 0, run[0][0])):
            spans.append((run[0][0], run[-1][1]))
        run.clear()
    for s, e, w in toks:
        if run and (text[run[-1][1]:s].strip() or "\n" in text[run[-1][1]:s] or _styles_differ(run[-1][2], w)):
            close()
        if len(w) == 1 and text[e:e + 1] == ".":
            continue  # an initial (В. М.): no name of its own
        if len(w) <= 2 and re.match(r"[^\w\s.,;]{1,3}[а-яё]{2}", text[e:e + 6]):
            close()  # П:›едседателем: the first letters of a word the OCR broke with marks
            continue
        if _MODEL_NUMBER.match(text, e) or (more := WORD_GOES_ON.match(text, e)) \
                and more.group(1) not in GLUED_FUNCTION_WORDS:
            close()  # МиГ-15: an aircraft's designation; Ялтин:ким, Чанчун:сксй: a word (an adjective
            continue  # made from a name) a mark broke, no name that lost its ending
        if w in ("В", "ВО") and run:
            close()  # ПОСОЛЬСТВО СССР В КНЕР: a heading's preposition stands between two names
            continue
        if glued := name_glued_to_word(w):
            run.append((s, s + glued[0], w[:glued[0]]))
            close()  # в Пхеньян`пссла: the name, then a word of the sentence
            continue
        pair = _HYPHENED_STYLES.fullmatch(w)
        if pair and gazetteer.is_known_name(pair.group(1)) and gazetteer.is_known_name(pair.group(2)):
            run.append((s, s + pair.end(1), pair.group(1)))
            close()  # в Баотоу-ЦК хотел: two names a hyphen joins, each in its own style
            s, w = s + pair.start(2), pair.group(2)
        run.append((s, e, w))
    close()
    return spans


def _styles_differ(a: str, b: str) -> bool:
    """Is one of two neighbouring words written in capitals and the other with small letters
    (``КНДР Штыков``, ``ЦК КПК Мао``)?  A name keeps one style, so they are two names."""
    def caps(w: str) -> bool:
        letters = [c for c in w if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    def small(w: str) -> bool:
        return any(c.islower() for c in w)
    return caps(a) and small(b) or small(a) and caps(b)


#: a hyphen and a number after a word: a model's designation (МиГ-15, Ил-28, Т-34)
_MODEL_NUMBER = re.compile(r"-\d")
#: a name in small letters and one in capitals a hyphen joins (``Баотоу-ЦК``): two names
_HYPHENED_STYLES = re.compile(r"([А-ЯЁ][а-яё]+)-([А-ЯЁ]{2,})")
#: a hyphen that wraps a word at a line end (doubled where the OCR read it twice: Ян Шан--), and
#: the start of the line after one
_LINE_END_HYPHEN = re.compile(r"[-¬]{1,2}[ \t]*\n")
_AFTER_LINE_HYPHEN = re.compile(r"[-¬]{1,2}[ \t]*\n[ \t]*\Z")


#: least similarity of a short real word (:func:`_short_word`) to the name it is read as
SHORT_WORD_SIMILARITY = 0.6


def _short_word(w: str) -> bool:
    """Is ``w`` one word of three letters or fewer that pymorphy3 knows (Юге, Сад), no name?
    Such a word is kept apart from names (Ким, Пак, Сон are words too), so it pairs with an
    English name only where they are alike."""
    from .bilingual import morph
    letters_ = re.sub(r"[^\w]|\d|_", "", w)
    if not letters_ or len(letters_) > 3 or letters_ != w.strip() or gazetteer.is_known_name(letters_):
        return False
    p = morph().parse(letters_.lower())
    return bool(p) and p[0].is_known


@functools.lru_cache(maxsize=100_000)
def _common_word(w: str) -> bool:
    """A title or ordinary word (Товарищу, Премьер, Тов) rather than part of a name."""
    if w.lower().rstrip(".") in abbreviations():
        return True
    from .bilingual import morph
    p = morph().parse(w.lower())
    if not p or not p[0].is_known:
        return False
    if len(w) <= 3:
        return p[0].tag.POS in ("PREP", "CONJ", "PRCL", "NPRO")
    if p[0].tag.POS in ("ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS", "ADVB"):
        return True
    return not ({"Name", "Surn", "Geox", "Orgn"} & set(p[0].tag.grammemes))


def context_case(text: str, start: int, government: dict[str, str], person: bool = True) -> tuple[str | None, str]:
    """The case a name at ``start`` takes from the words before it: first the names stage's
    rules (:func:`pipeline.names_stage.required_case`, when they are sure: a preposition, a title,
    a word of motion before в/на), else a noun it stands in apposition to ("товарищей" → gent)
    or a governing preposition of the government table (several cases joined by ``|``).  Only a word
    of the same sentence counts: one ending with a full stop (``ДУНОМ.``), or a full stop,
    colon or semicolon between it and the name (``свше 1.203. КИМ``, ``Разослано: т.т.``), and
    there is none; nor does a word the dictionary does not know (a garbled one, ``перез``).
    ``person=False`` (a place or an organisation): after a noun of a person the name is in the
    genitive (``Представитель Индии``), not in apposition."""
    from .bilingual import morph
    from .names_stage import STRONG
    rule = required_case(text, start)
    if rule.cases and rule.weight >= STRONG:
        if not person and rule.title_word.startswith(WHOSE_TITLES):
            return "gent", "genitive: a place after a person's title"  # Премьер-министры Индии
        if rule.where and rule.cases == {"loct", "accs"}:
            return WHERE_CASES, rule.rule  # (the prepositional first: see _best_form)
        return "|".join(sorted(rule.cases)), rule.rule
    lo = max(0, start - 80)
    words = list(re.finditer(r"[^\W\d_]+\.?", text[lo:start]))
    gap_end = start - lo
    for m in reversed(words[-4:]):
        w = m.group()
        bare = w.rstrip(".").lower()
        if _title_or_initial(w):
            gap_end = m.start()
            continue
        if w.endswith(".") or _SENTENCE_GAP.search(text[lo + m.end():lo + gap_end]):
            return None, ""
        if bare in government:
            return government[bare], f"after the preposition '{w}'"
        if written_in_capitals(w) and len(bare) > 1:
            return None, ""  # a name (ФИЛИППОВУ on the heading line before): no apposition
        for p in morph().parse(bare)[:2]:
            if p.tag.POS == "NOUN" and p.tag.animacy == "anim" and p.tag.case and p.is_known \
                    and not {"Name", "Surn", "Patr"} & p.tag.grammemes:
                if not person:  # a place or body after a representative: whose (Представитель Индии)
                    if bare.startswith(WHOSE_TITLES):
                        return "gent", f"genitive after '{w}'"
                    return None, ""
                return str(p.tag.case), f"in apposition to '{w}'"
        return None, ""
    return None, ""


#: a line shorter than this before a name is a heading (Товарищу ФИЛИППОВУ), not running text
#: wrapped (typescript lines run to 60 characters and more)
HEADING_LINE = 40


def subject_case(text: str, start: int, end: int) -> tuple[str | None, str]:
    """The nominative of a name that begins a sentence and is followed by a verb (``ЧЖОУ
    ЭНЬ-ЛАИ сообщил``: the subject), else nothing."""
    from .bilingual import morph
    before = text[max(0, start - 3):start].rstrip(" \t")
    if before and not before.endswith(("\n", ".", "!", "?")):
        return None, ""
    line = text[text.rfind("\n", 0, max(0, start - 1)) + 1:start].strip()
    if before.endswith("\n") and not re.search(r"[.!?:]$", line) and len(line) >= HEADING_LINE:
        return None, ""  # a line break inside a running sentence (a heading line is shorter)
    m = re.match(r"\s+([а-яё]+)(?:\s+([а-яё]+))?", text[end:end + 60])
    if not m:
        return None, ""
    p = morph().parse(m.group(1))[0]
    if p.tag.POS != "VERB" or p.tag.number != "sing":
        return None, ""  # no verb, or one that does not agree with one man (назначили)
    if p.tag.tense == "past" and p.tag.gender != "masc":
        return None, ""  # интересовало: the name is no subject
    if p.tag.tense != "past" and (p.tag.person != "3per" or m.group(2) and any(
            q.tag.POS == "NOUN" and q.tag.case == "nomn" for q in morph().parse(m.group(2))[:1])):
        return None, ""  # беспокоит положение: the subject follows the verb
    return "nomn", f"the subject of '{m.group(1)}'"


def weak_case(text: str, start: int) -> str | None:
    """The cases the names stage's rules only lean to at ``start`` (genitive after a noun:
    ``предложениями МАО ЦЗЭ-ДУНА``), joined by ``|``; None when they say nothing or are sure."""
    from .names_stage import STRONG
    rule = required_case(text, start)
    return "|".join(sorted(rule.cases)) if rule.cases and rule.weight < STRONG else None


def _title_or_initial(word: str) -> bool:
    """An abbreviated title (тов., т.т.) or an initial (the С. of Н. С. ХРУЩЕВ, no preposition):
    words that stand between a name and the word that gives its case."""
    bare = word.rstrip(".").lower()
    return bare in abbreviations() or len(bare) == 1 and word[:1].isupper() and word.endswith(".")


def _word_before(text: str, start: int) -> str:
    """The word before ``start``, titles and initials skipped, in small letters."""
    for m in reversed(list(re.finditer(r"[^\W\d_]+\.?", text[max(0, start - 40):start]))):
        if not _title_or_initial(m.group()):
            return m.group().rstrip(".").lower()
    return ""


#: marks that end a sentence or a heading between a word and the name after it
_SENTENCE_GAP = re.compile(r"[.!?:;]")


def written_in_capitals(text: str) -> bool:
    """Is ``text`` written in capitals, a letter or two the OCR read small aside (``ХО ШИ
    МИНОмМ``)?"""
    caps = [c.isupper() for c in text if c.isalpha()]
    return bool(caps) and sum(caps) >= 0.75 * len(caps)


def _letters(s: str) -> str:
    return "".join(c for c in s.lower().replace("ё", "е") if c.isalpha())


def variant_costs(entity, english: str) -> dict[str, float]:
    """For each Russian spelling of a Chinese or Korean entity, how far it is from the
    transliteration of the translator's English spelling (Zhou Enlai → Чжоу Эньлай, so
    Чжоу Энь-лай 0, Чжоу Эн-ляй 2): the English says which romanisation it was, and the
    Russian spelling that transcribes it is the likelier one.  Empty when there is nothing to
    compare (other languages, an English form without lower-case letters)."""
    if entity.lang not in ("zh", "ko") or not english or not any(c.islower() for c in english):
        return {}
    from rapidfuzz.distance import Levenshtein
    from .translit import to_russian
    try:
        target = _letters(to_russian(english, entity.lang, entity.type))
    except Exception:  # noqa: BLE001 - a spelling the tables cannot read: no evidence
        return {}
    if not target:
        return {}
    if entity.lang == "ko":  # English texts write ŏ as o: Hon-yong cannot choose Хен or Хон
        return {base: float(Levenshtein.distance(_letters(base).replace("о", "е"), target.replace("о", "е")))
                for base in entity.ru}
    return {base: float(Levenshtein.distance(_letters(base), target)) for base in entity.ru}


_BEST = Memo(100_000)
#: what a form of another case than the one the context leans to costs (in OCR edits)
PREFER_COST = 1.0
#: the most a spelling loses for being far from the translator's romanisation: enough to choose
#: between transcriptions of the same name (Эньлай / Эн-ляй), not to prefer a short form to the
#: spelling the OCR letters show (Ялу for Ялуцзан, where the English says Yalu)
VARIANT_MAX = 2.0


#: the cases after в with no verb of motion before it, the likelier first (see
#: :data:`pipeline.names_stage.WHERE_ACCUSATIVE`)
WHERE_CASES = "loct|accs"


def best_form(gaz, entity, original: str, case: str | None, english: str = "",
              prefer: str | None = None) -> tuple[str, str, float]:
    """The entity's form closest to ``original`` in ``case`` (several joined by ``|``: the one
    of them whose ending ``original`` keeps), or without a case in ``prefer`` (a case the
    context leans to, :data:`PREFER_COST` against the others), or else in any case whose ending
    ``original`` keeps; written in ``original``'s letter case: (form, case, distance).  Of
    several spellings, the one nearer the transliteration of ``english`` (the translator's
    spelling) is preferred, one OCR edit per letter of difference up to :data:`VARIANT_MAX`.
    Remembered per gazetteer, entity, text, cases and English spelling."""
    key = (id(gaz), getattr(gaz, "checksum", ""), entity.id, original, case, english, prefer)
    return _BEST.get_or(key, lambda: _best_form(gaz, entity, original, case, english, prefer))


def _best_form(gaz, entity, original: str, case: str | None, english: str = "",
               prefer: str | None = None) -> tuple[str, str, float]:
    best = None
    variants = variant_costs(entity, english)
    if variants:
        # a word the OCR kept intact says more than the translator's romanisation: when the
        # spellings differ in how many OCR words they match exactly, the OCR decides
        words = [_letters(w) for w in original.split()]
        exact: dict[str, int] = {}
        for f in gaz.forms_of(entity.id):
            if not case or f.case in case.split("|"):
                hits = sum(a == b for a, b in zip(words, (_letters(w) for w in f.text.split())))
                exact[f.base] = max(exact.get(f.base, 0), hits)
        most = max(exact.values(), default=0)
        # spellings with fewer intact OCR words come last; among those with the most, the
        # English still chooses (ПВ ДЭ-ХУАЙ: Пэн, not Пен, Дэ-хуай)
        variants = {b: c if exact.get(b, 0) == most else float("inf") for b, c in variants.items()}
    nearest = min(variants.values(), default=0.0)  # at least one spelling has the most intact words
    caps = written_in_capitals(original)
    for f in gaz.forms_of(entity.id):
        if case and f.case not in case.split("|"):
            continue
        if f.text.isupper() != caps:
            continue
        kept = common_suffix(original, f.text)  # the ending the OCR kept; with a lean, two letters or more
        extra = -(0 if case and "|" not in case or prefer and kept < 2 else 0.5 * kept)
        extra += 0.0 if f.style in ("as-written", "caps") else 1.0  # the gazetteer's own spelling first
        extra += 0.0 if f.base == entity.ru[0] else 0.2
        if prefer and not case and f.case not in prefer.split("|"):
            extra += PREFER_COST  # a case the context only leans to
        if not case:
            extra += CASE_PRIOR_WEIGHT * case_prior(gaz, f)  # (Японик, no case said: Японии)
        if case == WHERE_CASES and f.case == "accs":
            extra += WHERE_ACCUSATIVE  # в Аньдунг, no verb of motion: Аньдуне before Аньдун
        extra += min(VARIANT_MAX, variants.get(f.base, nearest) - nearest)
        # forms that cannot beat the best so far are cut short
        d = distance(original, f.text, limit=None if best is None else best[0] - extra + 1e-9)
        if d == float("inf"):
            continue
        key = d + extra
        if best is None or key < best[0]:
            best = (key, f.text, f.case, d)
    if best is None:
        return "", "", 99.0
    return best[1], best[2], best[3]


def _writes_entity(text: str, entity: str, gaz) -> bool:
    """Does ``text`` write any of the gazetteer's forms of ``entity`` (a whole word or words; ё
    read as е)?"""
    low = text.lower().replace("ё", "е")
    forms = {f.text.lower().replace("ё", "е") for f in gaz.forms_of(entity) if len(f.text) >= 3}
    return any(re.search(r"(?<![^\W\d_])" + re.escape(f) + r"(?![^\W\d_])", low) for f in forms)


#: case endings a name read from its English spelling may carry (ПЕЙПИН-А)
_READ_BACK_ENDINGS = frozenset({"", "а", "я", "у", "ю", "е", "и", "ы", "ом", "ем", "ой", "ей", "ью"})


def _spelled_from_english(english: str, original: str, form: str) -> bool:
    """Is ``original``, one word, the English name ``english`` (one word) read into Russian
    (:func:`_english_read_back`, compared coarsely) with perhaps a case ending, where the
    gazetteer's ``form`` reads otherwise (PEIPING: ПЕЙПИНА, not ПЕКИНА)?  A cable spelled the name
    from its romanisation; the OCR did not garble the gazetteer's spelling into it."""
    if not (original.isalpha() and " " not in english.strip() and "-" not in english):
        return False
    low, proposed = _coarse(original), _coarse(_letters(form))
    endings = {_coarse(e) for e in _READ_BACK_ENDINGS}  # (compared coarsely too: ой as ои)
    return any(len(rb) >= 4 and low.startswith(rb) and low[len(rb):] in endings
               and not proposed.startswith(rb) for rb in map(_coarse, _english_read_back(english.strip())))


def _drops_compound_part(original: str, form: str) -> bool:
    """Is ``original`` a compound of capitalised words joined by hyphens, each of three letters
    or more (Пхеньан-Намдо), of which ``form`` keeps only part (four letters or more fewer):
    a compound naming something of its own, the gazetteer's entity only part of it?"""
    parts = original.split("-")
    return len(parts) >= 2 and all(len(p) >= 3 and p.isalpha() and p[:1].isupper() for p in parts) \
        and len(_letters(form)) <= len(_letters(original)) - 4


def junk_glued(text: str, start: int, end: int) -> bool:
    """Is a mark that is no punctuation and no quote (``=``, ``>``, ``%``) glued to either end
    of ``text[start:end]``?  Then the letters there are likely only part of the word
    (``Мукден=`` for Мукдена), and the span is not confirmed as written.  (A stray quote after
    a word is as often a speck beside a right word as a lost letter: it does not count.)"""
    after, before = text[end:end + 1], text[start - 1:start] if start else ""
    return bool(after) and after in GLUED_JUNK or bool(before) and before in GLUED_JUNK


#: marks no typescript or transcription glues to a word: the junk the detect stage reads at a
#: word's edge but brackets, an asterisk, a slash and a plus (an editor's or a footnote's:
#: [Пекине], Мукден*)
GLUED_JUNK = EDGE_JUNK - set("[]*/+")


def names_reads_more(doc: Document, start: int, end: int, entity: str) -> bool:
    """Has the names stage read the same entity over ``start:end`` and a mark glued to it (taken
    for a lost ending: ``в Мукдене (Шэньян-)`` → Шэньяне)?  Then the letters alone are not
    confirmed as written.  (A longer reading over letters or spaces does not count: there the
    confirmation stands.)"""
    def glued(a: int, b: int) -> bool:  # only marks, no letters, digits or spaces
        return all(not (ch.isalnum() or ch.isspace()) for ch in doc.text[a:b])
    return any(n.get("status") == "garbled" and n.get("entity") == entity and n["start"] <= start
               and end <= n["end"] and (n["start"], n["end"]) != (start, end)
               and glued(n["start"], start) and glued(end, n["end"])
               for n in doc.annotations.get("names", []) or [])


def inside_longer_name(doc: Document, start: int, end: int) -> bool:
    """Is ``start:end`` part of a longer name the names stage read (known or garbled: ``ЦЗ`` of
    ``МАО ЦЗ»-ДУН``, ``КОВЫМ`` of ``ШТЫ?КОВЫМ``)?  A fix of the piece alone would write the
    name's other letters twice."""
    return any(n["start"] <= start and end <= n["end"] and n["end"] - n["start"] > end - start
               for n in doc.annotations.get("names", []) or [])


#: what may stand between two pieces of one name the OCR broke apart (``МАО ЦЗ? -ДУН``): marks
#: and spaces, no letters, digits, commas or blank lines
_PIECE_GAP = re.compile(r"[^\w,\n]{1,4}")


def _piece_gap(text: str, start: int, end: int) -> bool:
    """May ``text[start:end]`` stand between two pieces of one name?  Not a bracket that opens
    a gloss closed on the line after it, or closes one opened before it (``Мукден (Шэньян)``:
    two names; ``МА) ЦЗЭ-ДУНА``: a misread letter)."""
    gap = text[start:end]
    if not _PIECE_GAP.fullmatch(gap or "x"):
        return False
    line_end = text.find("\n", end)
    after = text[end:line_end if line_end >= 0 else len(text)]
    before = text[text.rfind("\n", 0, start) + 1:start]
    return not ("(" in gap and ")" in after or ")" in gap and "(" in before)


#: one or two capitals glued after a name by marks (``ШТЫКО:-А``)
_GLUED_TAIL = re.compile(r"[^\w\s,]{1,3}([А-ЯЁ]{1,2})(?![^\W\d_])")


def _merge_pieces(text: str, pairs: list) -> list:
    """Pairs of Russian spans and English names where two neighbouring spans went to the same
    entity across a gap of marks (``МАО ЦЗ`` and ``ДУН`` of ``МАО ЦЗ? -ДУН``, both Mao Zedong):
    one span, the whole name, so the fix does not write the name twice."""
    out: list = []
    for (s, e), en, pos in sorted(pairs, key=lambda p: p[0]):
        if out:
            (ps, pe), pen, ppos = out[-1]
            if pen[3].id == en[3].id and _piece_gap(text, pe, s):
                out[-1] = ((ps, e), pen, ppos)
                continue
        out.append(((s, e), en, pos))
    return out


def _grow_pieces(text: str, pairs: list, ru_spans, gaz) -> list:
    """A paired span grows over an unpaired neighbouring span across a gap of marks when the
    two together are more like the entity's name (``МО. РИСОН``, Morrison: the pair was РИСОН
    alone, and its fix wrote МО twice)."""
    paired = {span for span, _, _ in pairs}
    out = []
    for (s, e), en, pos in pairs:
        ent = en[3]

        def likeness(a: int, b: int) -> float:
            form, _, d = best_form(gaz, ent, text[a:b], None)
            letters = sum(ch.isalpha() for ch in text[a:b])
            return 1 - d / max(letters, len(form), 1) if form else 0.0
        best = likeness(s, e)
        for a, b in ru_spans:
            if (a, b) in paired or not (b <= s and _piece_gap(text, b, s) or e <= a and _piece_gap(text, e, a)):
                continue
            grown = (min(a, s), max(b, e))
            score = likeness(*grown)
            if score > best:
                best, (s, e) = score, grown
        out.append(((s, e), en, pos))
    return out


def name_evidence(doc: Document, al: Alignment, gaz, government: dict[str, str], stage: str,
                  min_similarity: float) -> tuple[list[Candidate], list[Flag]]:
    cands, flags = [], []
    doc.annotations["english_names"] = []  # spans paired by likeness with an English name
    for b, in_gap in [(b, False) for b in al.beads] + [(b, True) for b in gap_beads(al)]:
        if not (b.ru and b.en):
            continue
        rs, re_ = al.ru[b.ru[0]].start, al.ru[b.ru[-1]].end
        es, ee = al.en[b.en[0]].start, al.en[b.en[-1]].end
        en_names = english_names(doc.translation[es:ee], gaz)
        ru_spans = russian_name_spans(doc.text, rs, re_)
        if not en_names:
            continue
        pairs = []
        if ru_spans:  # opposite an unaligned passage only names that look alike pair: no list positions
            pairs = _merge_pieces(doc.text, pair_names(doc.text, ru_spans, en_names, gaz, doc.translation[es:ee],
                                                       by_position=not in_gap))
            pairs = _grow_pieces(doc.text, pairs, ru_spans, gaz)
        sent = b.en[0] + 1
        if not in_gap:
            cands += small_letter_names(doc, rs, re_, ru_spans, [n for n in en_names if not any(
                n is p[1] for p in pairs)], gaz, government, stage, sent)
        for (s, e), (en_s, _, en_text, ent), pos in pairs:
            original = doc.text[s:e]
            alternatives = gaz.entities_for_english(en_text)
            if len(alternatives) > 1:  # Andong: Аньдун in China or Андон in Korea — the nearer to the OCR
                ent = min(alternatives, key=lambda x: best_form(gaz, x, original, None)[2])
            forms = {f.text for f in gaz.forms_of(ent.id)}
            quote = f"English: '{en_text}', sentence {sent}" + (
                " (the unaligned passage opposite)" if in_gap else "")
            if pos and pos[-1] == "letters" and any(c.kind == "name" and c.start < e and s < c.end
                                                    for c in doc.candidates):
                pos = None  # its place backs a pair of letters only where the names stage read nothing
            between = bool(pos) and pos[0] == "between"
            if between:
                quote += f"; the only name between '{pos[1]}' and '{pos[2]}' on both sides"
            elif pos:
                quote += f"; list position {pos[0]} of {pos[1]}"
            # an ё in a text that writes none is a misread letter (Аньдунё): no confirmation
            misread_yo = _yo_is_junk(doc.text) and bool(_YO.search(original))
            if original in forms or not misread_yo and original.replace("Ё", "Е").replace("ё", "е") in {
                    x.replace("Ё", "Е").replace("ё", "е") for x in forms}:
                if junk_glued(doc.text, s, e) or names_reads_more(doc, s, e, ent.id):
                    continue  # Мукден=, Шэньян- — the mark may be its lost ending; the names stage decides
                flags.append(Flag(s, e, original, [f"{quote} confirms the name ({ent.describe()})"], stage,
                                  kind="name", confirmed=True))
                continue
            if inside_longer_name(doc, s, e):
                continue  # a piece of a name the names stage read whole across a mark (МАО ЦЗ»-ДУН)
            if (hyphened := re.fullmatch(r"(.+)-[а-яё]", original)) and hyphened.group(1) in forms:
                continue  # Иокогамы-х Кобе: the name written right, a one-letter word (и) a hyphen glued
            if _GLUED_TAIL.match(doc.text, e):
                continue  # ШТЫКО:-А: its last letters stand after the marks; the letters alone are no name
            # the name's words, marks dropped (МАО ЦЗ? -ДУН: two words, МАО and ЦЗ-ДУН)
            words = re.sub(r"\s+-", "-", re.sub(r"[^\w\s-]", "", original)).split()
            if not misread_yo and any(gaz.lookup(" ".join(words[i:])) for i in range(len(words))):
                continue  # a correct name (of something else, or part of a longer name): not a garble
            # an ordinary Russian word is no garbled name, unless written in capitals in running
            # text, as cables wrote names (встречи с ВЕРУ: the English says Nehru); then one
            # letter may differ, no more
            common = len(words) == 1 and _common_word(original)
            if common and not (written_in_capitals(original) and _line_has_lower(doc.text, s)):
                continue
            abbreviation = len(words) == 1 and get_resource("lexicon").is_abbreviation(original)
            if len(words) == 1 and _adjective_like(original):
                continue  # an adjective made from the name (Онгжинском, Чанчуньской), not the name
            if len(words) == 1 and any(_adjective_of(original, base) for base in ent.ru):
                continue  # для Аньшаньск-. го комбината: an adjective's stem, its ending after the marks
            if _romanisation_variant(original, gaz):
                continue  # у Чорвона, Chorwon: Чхорвон with ч for чх, a spelling of its own
            if _written_alike_often(doc.text, original) and not _writes_entity(doc.text, ent.id, gaz):
                continue  # Енампо three times, the gazetteer's Енампхо never: the document's own spelling
            list_start = pos[2] if pos and not between else s
            case, why = context_case(doc.text, list_start, government, ent.type == "person")
            prep = _word_before(doc.text, list_start) if case == "ablt" else ""
            if prep in ("с", "со") and re.search(r"\b(?:from|off)\s+(?:the\s+)?$", doc.translation[es:es + en_s], re.I):
                case, why = "gent", f"after '{prep}', where the English says 'from'"
            if not case:
                listed = next((n for n in doc.annotations.get("names", []) or []
                               if n.get("list_case") and n["start"] == s and n["end"] == e and n["entity"] == ent.id),
                              None)
                if listed:  # the names stage's case of the enumeration's correctly written names
                    case, why = listed["case"], "like the other names of the list"
            if not case:
                case, why = subject_case(doc.text, list_start, e)
            if not case and _signature(doc.text, s, e):
                case, why = "nomn", "a signature alone on its line"
            prefer = None if case else weak_case(doc.text, list_start)
            if not case and not prefer and required_case(doc.text, list_start).no_preposition:
                prefer = NOT_PREPOSITIONAL  # поручил ему и Чзнь Юно: no preposition, no prepositional case
            # a one-letter word glued to the name by a mark read for the space (Харбнн‘и Гирин):
            # the name is read without it, and the word is kept
            glued = GLUED_WORD.fullmatch(original) or (
                (abbr := GLUED_ABBREVIATION.match(doc.text, s, e + 1)) and abbr.end() == e and abbr) or (
                (hyphened := HYPHEN_WORD.fullmatch(original)) and hyphened.group(1) in forms and hyphened)
            form, fcase, d = best_form(gaz, ent, glued.group(1) if glued else original, case, en_text, prefer)
            if glued and form:
                form = f"{form} {glued.group(2)}"
            elif form and (glued_word := glued_function_word(original, form)):
                # (из Мосхвы‘он вместе: the pronoun after the mark stays)
                head, word = glued_word
                form, fcase, d = best_form(gaz, ent, head, case, en_text, prefer)
                form = f"{form} {word}" if form else form
            if not form or form == original or form.endswith(" " + original):
                continue
            if _spelled_from_english(en_text, original, form):
                continue  # the English name read into Russian (ПЕЙПИНА, PEIPING): a spelling made
                # from that romanisation, not the gazetteer's form garbled (ПЕКИНА)
            if _drops_compound_part(original, form):
                continue  # Пхеньан-Намдо (Pyongan, South) is no garbled Пхенан
            broken = bool(re.search(r"[^\w\s-]\s+\w", original))  # pieces across a mark: МО. РИСОН
            if not (pos and not between) and len(form.split()) != len(words) and not broken:
                continue  # outside an enumeration the name must keep its number of words
            if common and Levenshtein.distance(_letters(original), _letters(form)) > 1:
                continue
            tail = original[len(form):]
            marked = MARKED_LETTER.fullmatch(tail)  # Бирму‘и: a mark read for the space
            if marked:
                tail = marked.group(1)
            if original[:len(form)].lower() == form.lower() and tail and tail.lower() in LOST_SPACE_WORDS:
                longer = [f.text for f in gaz.forms_of(ent.id) if f.text.isupper() == form.isupper()
                          and (not case or f.case in case.split("|")) and len(f.text) > len(original)
                          and f.text.lower().startswith(original.lower())] if not marked else []
                # Хангано: Ханганом with its м lost, when such a form fits; else Тэгуи: the name
                # and a conjunction without their space; before punctuation (в Кэсони.) neither,
                # and dropping the letter is no reading
                if longer:
                    form = min(longer, key=len)
                elif word_may_follow(doc.text, e, tail):
                    form = form + " " + tail
                else:
                    continue
            sim = 1 - d / max(len(original), len(form))
            if not pos and sim < SHORT_WORD_SIMILARITY and _short_word(original):
                continue  # на Юге (in the South) is no garbled Корее: a short real word, two letters off
            if sim < min_similarity and (not pos or abbreviation) or pos and _written_as_read(
                    doc.translation[es:ee], original, [form] + list(ent.ru), [(a, z) for a, z, _, _ in en_names]):
                continue  # (a known abbreviation, ЦК, is no garbled name by its place in a list alone;
                # nor is a word the English writes as the OCR reads it: Кашгаром, Kashgar)
            # no case from the context and no ending the OCR kept: a guess, whatever the context
            # leans to
            unsure = not case and common_suffix(original, form) == 0 and declinable(gaz, ent, form)
            cname = CASE_NAMES.get(fcase, fcase)
            ev = [quote, f"gazetteer: {ent.describe()}",
                  (why if why.startswith(cname) else f"{cname} {why}") if why else
                  f"{cname}: a guess, the OCR text lost the ending" if unsure else
                  f"{cname}: the ending the OCR text keeps"]
            score = min(0.95, 0.55 + 0.3 * max(0.0, sim) + (0.1 if pos else 0.0))
            head = form[:len(form) - len(original)] if len(form) > len(original) and form.lower().endswith(
                original.lower()) else ""
            if head.endswith("-") and doc.text[max(0, s - len(head)):s].lower() == head.lower():
                # the part before the hyphen, in small letters, outside the span (порт-Артура:
                # Порт-Артура, not порт-Порт-Артура)
                s, original = s - len(head), doc.text[s - len(head):e]
            if (glued_start := glued_head(doc.text, s, original, form)) < s:
                s, original = glued_start, doc.text[glued_start:e]  # Ц.Й ЕН ГЕН: ЦОЙ ЕН ГЕН, not Ц.ЦОЙ
            split = SPLIT_END.match(doc.text, e)
            if split and (original + split.group(1)).lower() == form.lower():
                # ГРОМЫК О, МИКОЯ НУ: the fix is the word with its last letters after a space the
                # OCR put inside it; the letters go into the fix, not after it (ГРОМЫКО О)
                e, original = split.end(), doc.text[s:split.end()]
            elif (split := HYPHEN_SPLIT_END.match(doc.text, e)) and \
                    re.sub(r"[\s-]", "", original + split.group(1)).lower() == re.sub(r"[\s-]", "", form).lower():
                # Чжоу Энь- лай: the hyphened name's last piece after a space is in the fix, not
                # after it (Чжоу Энь-лай- лай)
                e, original = split.end(), doc.text[s:split.end()]
            cands.append(Candidate(s, e, original, as_typed(form, doc.text), round(score, 3), stage, ev, kind="name",
                                   features={"translation": 1.0, "distance": d, "similarity": round(sim, 3),
                                             "list_position": float(pos[0]) if pos and not between else 0.0,
                                             "between": float(between), "gap": float(in_gap),
                                             **({"case_unsure": 1.0} if unsure else {}),
                                             **({"common_word": 1.0} if common else {})}))
            if sim >= min_similarity:
                doc.annotations.setdefault("english_names", []).append(
                    {"start": s, "end": e, "entity": ent.id, "english": en_text})
    return cands, flags


#: a hyphen, a space and a syllable after a name span: the hyphened name's last piece
HYPHEN_SPLIT_END = re.compile(r"-\s+([^\W\d_]{1,4})(?![^\W\d_])")


#: a word in small letters: the name the English names and the Russian lacks, its capital
#: misread (``в хорее``: Korea; ``геру``: Nehru)
_SMALL_WORD = re.compile(r"(?<![^\W\d_])[а-яё]{4,}(?![^\W\d_])")
#: a small-letter word this common (Zipf) is a word of its own, not a name with its capital lost
SMALL_NAME_ZIPF = 2.5
#: weighted OCR edits the rest of such a word may be from the name's (one cheap misreading)
SMALL_REST_DISTANCE = 0.6


def small_letter_names(doc: Document, rs: int, re_: int, ru_spans, unpaired, gaz, government: dict[str, str],
                       stage: str, sent: int) -> list[Candidate]:
    """Names of the aligned English that no Russian name span of the sentence pairs with, read
    in a word in small letters one letter from one of the name's one-word forms, its first
    letter the capital the OCR misread (``в хорее``: Корее, the English says Korea), and the word
    rare (under :data:`SMALL_NAME_ZIPF`; not ``в хаосе``, ``меру``, ``один``: the Russian says
    it otherwise).  Only when exactly one such word stands in the sentence; for review."""
    out = []
    text = doc.text
    taken = {(c_s, c_e) for c_s, c_e in ru_spans}
    for _, _, en_text, ent in unpaired:
        forms = [f for f in gaz.forms_of(ent.id) if " " not in f.text and "-" not in f.text and f.text[:1].isupper()
                 and not f.text.isupper()]
        if not forms:
            continue
        hits = []
        for m in _SMALL_WORD.finditer(text, rs, re_):
            if any(a <= m.start() < b for a, b in taken):
                continue
            w = m.group()
            if get_resource("lexicon").zipf(w) >= SMALL_NAME_ZIPF:
                continue  # a word of its own (в хаосе, меру, один): the Russian says it otherwise
            # the rest of the word as written, or one cheap misreading off (``цихотан``: Шикотан)
            near = [(d, f) for f in forms if abs(len(f.text) - len(w)) <= 1 and w[0] != f.text[0].lower()
                    and (d := 0.0 if w[1:] == f.text[1:].lower() else
                         distance(w[1:], f.text[1:].lower(), limit=SMALL_REST_DISTANCE)) <= SMALL_REST_DISTANCE]
            if near:
                least = min(d for d, _ in near)
                hits.append((m.start(), m.end(), [f for d, f in near if d <= least + 0.05], least))
        if len(hits) != 1:
            continue
        s, e, near, off = hits[0]
        case, why = context_case(text, s, government, ent.type == "person")
        fit = [f for f in near if case and f.case in case.split("|")] or near
        if len({f.text for f in fit}) != 1:
            continue  # the letters allow several cases and the context chooses none
        f = fit[0]
        cname = CASE_NAMES.get(f.case, f.case)
        ev = [f"English: '{en_text}', sentence {sent}; no capitalised word of the Russian sentence stands for it",
              f"gazetteer: {ent.describe()}", (why if why.startswith(cname) else f"{cname} {why}") if why
              else f"{cname}: the ending the OCR text keeps",
              f"'{text[s:e]}' read with its first letter as the capital the OCR lost"
              + (f", the rest {off:.2f} OCR edits off" if off else "")]
        out.append(Candidate(s, e, text[s:e], as_typed(f.text, text), 0.6, stage, ev, kind="name",
                             features={"translation": 1.0, "distance": 1.0 + off,
                                       "similarity": round(1 - 1 / len(f.text), 3), "list_position": 0.0,
                                       "between": 0.0, "gap": 0.0, "common_word": 1.0}))
    return out


#: weighted OCR edits (the names stage's ``distance``) from which a fix to a name the English
#: translation never names is taken for a name the gazetteer lacks (train texts, clean renders
#: with a fifth of the gazetteer left out: 44 of 45 such changes of correct names went; all
#: levels with the whole gazetteer: 16 of 3,600 right fixes went with them, and 55 wrong ones)
NEVER_NAMED_DISTANCE = 1.0


def english_never_names(doc: Document, gaz, stage: str) -> list[Flag]:
    """Drop the names stage's fixes at least :data:`NEVER_NAMED_DISTANCE` from the OCR to an
    person or place the English translation names nowhere (by any of its English forms): a far
    fix to a name the translator never wrote is likelier a name the gazetteer lacks (``реки
    Ханган`` → Хамген, ``Ли Сын Ман`` → Ли Сын Еп with Han River and Syngman Rhee left out of
    it).  Organisations are left alone: translators name them too variously (ЦК КПК: the CCP
    Central Committee, the Central Committee of the Communist Party of China).  The span is
    flagged for a person with the proposal in its evidence."""
    entity = _annotated_entities(doc)
    if not entity:
        return []
    named = {ent.id for _, _, _, ent in names_in_translation(doc.translation, gaz)}
    english = doc.translation.lower()
    flags, keep = [], []
    for c in doc.candidates:
        eid = entity.get((c.start, c.end)) if c.kind == "name" and c.stage.startswith("names") else None
        ent = gaz.entities.get(eid) if eid else None
        if ent is not None and ent.type != "org" and eid not in named \
                and (c.features or {}).get("distance", 0.0) >= NEVER_NAMED_DISTANCE \
                and not any(re.search(r"(?<![a-z])" + re.escape(en.lower()) + r"(?![a-z])", english) for en in ent.en):
            flags.append(Flag(c.start, c.end, c.original, [
                f"'{c.replacement}' ({ent.describe()}) is {c.features['distance']:.2f} OCR edits away and the "
                "English translation never names it: perhaps a name the gazetteer lacks"], stage, kind="name"))
            continue
        keep.append(c)
    doc.candidates = keep
    return flags


def english_names_other(doc: Document) -> None:
    """Drop the names stage's fixes over a span the translation stage paired, by likeness, with
    an English name of another entity (``Х»нань`` → Хэнань where the English says Hunan: the
    translator's name decides, and the translation stage's own fix stands)."""
    english = doc.annotations.get("english_names") or []
    if not english:
        return
    entity = _annotated_entities(doc)
    keep = []
    for c in doc.candidates:
        eid = entity.get((c.start, c.end)) if c.kind == "name" and c.stage.startswith("names") else None
        if eid and any(p["start"] < c.end and c.start < p["end"] and p["entity"] != eid for p in english) \
                and not any(p["start"] < c.end and c.start < p["end"] and p["entity"] == eid for p in english):
            continue
        keep.append(c)
    doc.candidates = keep


def declinable(gaz, entity, form: str) -> bool:
    """Do the forms of ``form``'s spelling differ from case to case (Ким Ир Сен, not Мао)?"""
    bases = {(f.base, f.style) for f in gaz.forms_of(entity.id) if f.text == form}
    return len({f.text for f in gaz.forms_of(entity.id) if (f.base, f.style) in bases}) > 1


#: most segments on either side of a gap between aligned passages read as one passage
GAP_SEGMENTS = 3


def gap_beads(al: Alignment) -> list[Bead]:
    """Unaligned Russian and English segments facing each other between the same aligned
    neighbours (or before the first, after the last), up to :data:`GAP_SEGMENTS` on each side:
    read as one passage (score 0) for names.  A heading or signature the OCR garbled past
    recognition (``Из МОСКЕН.``, ``НОТОТСВ``) is left unaligned, but the English opposite is
    still its translation."""
    out = []
    aligned = [k for k, b in enumerate(al.beads) if b.ru and b.en]
    for a, c in zip([-1] + aligned, aligned + [len(al.beads)]):
        gap = al.beads[a + 1:c]
        ru = sorted(i for b in gap for i in b.ru if not b.en)
        en = sorted(j for b in gap for j in b.en if not b.ru)
        if ru and en and len(ru) <= GAP_SEGMENTS and len(en) <= GAP_SEGMENTS:
            out.append(Bead(ru, en, 0.0))
    return out


def _adjective_like(word: str) -> bool:
    """Does ``word`` end as an adjective does (Онгжинском), also with one letter of its ending
    read as a mark or a mark put in (Китайск-й, Корейск.ой)?"""
    if ADJECTIVE_END.search(word):
        return True
    m = re.fullmatch(r"(.*(?:ск|цк)[а-яё]?)[^\w\s]([а-яё]{0,2})", word, re.I)
    return bool(m) and any(ADJECTIVE_END.search(m.group(1) + v + m.group(2)) for v in ("", *"оиыая"))


#: nouns of a person that represents a place or body, which stands after them in the genitive
#: (Представитель Индии, посол Китая, премьер-министры Индии; not товарищи, which take a name
#: in apposition and leave a place to the verb: Китайские товарищи Москву ... не информировали)
WHOSE_TITLES = ("посол", "посл", "представител", "министр", "премьер", "председател", "делегат", "консул",
                "генерал", "маршал", "адмирал", "командующ", "советник", "атташе", "президент", "полпред")


#: every case but the prepositional, which only follows a preposition
NOT_PREPOSITIONAL = "nomn|gent|datv|accs|ablt"


#: a pair of letters this alike (1 − distance per letter) or more is backed by its place between
#: two paired neighbours (:func:`pair_names`)
PLACED_LIKENESS = 0.5


def pair_names(text: str, ru_spans, en_names, gaz, en_text: str = "", by_position: bool = True):
    """Pair Russian spans with English names: an enumeration of equal length by position,
    otherwise in order by similarity (a monotone alignment); ``by_position=False``: by
    similarity only."""
    ru_lists = _lists(text, ru_spans) if by_position else []
    out = []
    used_ru: set[int] = set()
    en_lists = _en_lists(en_text, en_names)

    def disagree(rl: list[int], el: list[int]) -> bool:
        """Does a name of the Russian enumeration written as the gazetteer writes it stand where
        the English one names another entity (в Синйджу, Манпхо, … against Inchon, Pusan, …: the
        sentence's other list)?"""
        for ri, ej in zip(rl, el):
            forms = gaz.lookup(text[ru_spans[ri][0]:ru_spans[ri][1]])
            if forms and not {e.id for e in gaz.entities_for_english(en_names[ej][2]) or [en_names[ej][3]]} \
                    & {f.entity for f in forms}:
                return True
        return False
    for rl in ru_lists:
        for el in en_lists:
            if len(rl) == len(el) >= 3 and not disagree(rl, el):
                for p, (ri, ej) in enumerate(zip(rl, el)):
                    out.append((ru_spans[ri], en_names[ej], (p + 1, len(rl), ru_spans[rl[0]][0])))
                    used_ru.add(ri)
                en_lists.remove(el)
                break
    # the rest: monotone DP on similarity
    rest = [i for i in range(len(ru_spans)) if i not in used_ru]
    scores, chosen = {}, {}
    for i in rest:
        for j, (_, _, _, ent) in enumerate(en_names):
            scores[i, j], chosen[i, j] = _likest_part(text, ru_spans[i], ent, gaz)
    best: dict[tuple[int, int], tuple[float, list]] = {(0, 0): (0.0, [])}
    for a in range(len(rest) + 1):
        for j in range(len(en_names) + 1):
            if (a, j) not in best:
                continue
            val, path = best[(a, j)]
            for na, nj, add, pair in ((a + 1, j, 0.0, None), (a, j + 1, 0.0, None),
                                      (a + 1, j + 1, scores.get((rest[a], j), 0) - 0.45 if a < len(rest) and
                                       j < len(en_names) else -9, (a, j))):
                if na > len(rest) or nj > len(en_names):
                    continue
                cand = (val + add, path + ([pair] if pair else []))
                if (na, nj) not in best or cand[0] > best[(na, nj)][0]:
                    best[(na, nj)] = cand
    dp_pairs = best[(len(rest), len(en_names))][1]
    partner = {rest[a]: j for a, j in dp_pairs}
    for a, j in dp_pairs:
        i = rest[a]
        # paired by its letters, and also the one name between two paired neighbours on both
        # sides (Индии, Въурмы, Индонезии: India, Burma, Indonesia): its place says so too
        placed = by_position and 0 < j < len(en_names) - 1 and partner.get(i - 1) == j - 1 \
            and partner.get(i + 1) == j + 1 and scores[i, j] >= PLACED_LIKENESS
        out.append((chosen[i, j], en_names[j],
                    ("between", en_names[j - 1][2], en_names[j + 1][2], "letters") if placed else None))
    # one unpaired Russian span and one unpaired English name between two paired ones: a pair
    anchors = [(-1, -1)] + sorted((rest[a], j) for a, j in dp_pairs) + [(len(ru_spans), len(en_names))]
    paired_ru = used_ru | {rest[a] for a, _ in dp_pairs}
    paired_en = {j for _, j in dp_pairs} | {en_names.index(p[1]) for p in out if p[2]}
    for (r0, e0), (r1, e1) in zip(anchors, anchors[1:]):
        rs = [i for i in range(r0 + 1, r1) if i not in paired_ru]
        es = [j for j in range(e0 + 1, e1) if j not in paired_en]
        if by_position and len(rs) == 1 and len(es) == 1 and -1 < r0 and r1 < len(ru_spans) \
                and not _adjective_between(text, ru_spans[r0][1], ru_spans[r1][0], en_names[es[0]][3]):
            out.append((ru_spans[rs[0]], en_names[es[0]], ("between", en_names[e0][2], en_names[e1][2])))
    return out


def _adjective_between(text: str, a: int, b: int, ent) -> bool:
    """Does the Russian between two paired names write the English name's entity as an
    adjective (``Китайской Республ,.ки`` for Republic of China, ``Восточно-Китайского бюро`` for
    East China Bureau)?  Then the English name has its counterpart; the one unpaired run between
    is something else."""
    words = re.findall(r"[А-Яа-яЁё]+", text[a:b])
    return any(_adjective_of(w, base) for w in words for base in ent.ru)


#: how much more alike (share of letters) a run's first or last word alone must be to an English
#: name than the whole run, to pair alone
PART_GAIN = 0.2


def _likest_part(text: str, span: tuple[int, int], ent, gaz) -> tuple[float, tuple[int, int]]:
    """How alike (1 − distance per letter) the Russian run ``span`` is to the entity's name,
    and the part of the run that is: the whole run, or, when two names stand side by side in
    one run of capitalised words (``в Гослтане КНПР``: Госплан and the DPRK; ``в КНОР Штыхов``),
    the run without its first or its last word, if that is :data:`PART_GAIN` more alike and
    itself garbled (``ЦЕ КПК``: CPC names the whole run, not the correct КПК alone)."""
    def likeness(a: int, b: int) -> float:
        form, _, d = best_form(gaz, ent, text[a:b], None)
        return 1 - d / max(len(form), b - a, 1) if form else 0.0
    s, e = span
    best = (likeness(s, e), span)
    words = [m.span() for m in re.finditer(r"\S+", text[s:e])]
    if len(words) == 2 and best[0] < 1.0 - PART_GAIN:  # (else no part can be that much more alike)
        for a, b in ((s + words[1][0], e), (s, s + words[0][1])):
            score = likeness(a, b)
            if score >= best[0] + PART_GAIN and 0.5 < score < 1.0:  # (a part written right: the whole is one name)
                best = (score, (a, b))
    return best


def _enumerations(text: str, spans, joiner: str, min_len: int) -> list[list[int]]:
    """Indices of consecutive spans separated only by ``joiner`` (an enumeration), in groups
    of at least ``min_len``."""
    groups, cur = [], [0] if spans else []
    for i in range(1, len(spans)):
        if re.fullmatch(joiner, text[spans[i - 1][1]:spans[i][0]]):
            cur.append(i)
        else:
            groups.append(cur)
            cur = [i]
    if cur:
        groups.append(cur)
    return [g for g in groups if len(g) >= min_len]


def _lists(text: str, spans) -> list[list[int]]:
    """Russian spans joined by ', ' or ' и '."""
    return _enumerations(text, spans, r"\s*(,|и|,\s*и)\s*", 2)


def _en_lists(text: str, names) -> list[list[int]]:
    """English names joined by ', ', ' and ', ', and '."""
    return _enumerations(text, names, r"\s*(,|and|,\s*and)\s*", 3)


# --- numbers --------------------------------------------------------------------------------

def number_evidence(doc: Document, al: Alignment, stage: str) -> tuple[list[Candidate], list[Flag]]:
    cands, flags = [], []
    for b in al.beads:
        if not (b.ru and b.en):
            continue
        ru = [n for i in b.ru for n in al.ru[i].numbers]
        en = [n for j in b.en for n in al.en[j].numbers]
        base_r = al.ru[b.ru[0]].start
        pairs, ru_left, en_left = compare_numbers(ru, en)
        for r, e in pairs:
            s = doc.text.find(r.text, base_r)
            if s >= 0:
                flags.append(Flag(s, s + len(r.text), r.text, [f"English: '{e.text}', sentence {b.en[0] + 1} "
                                                              f"agrees"], stage, kind="number", confirmed=True))
        for r in ru_left:
            dr = digits_of(r)
            for e in en_left:
                de = digits_of(e)
                if len(dr) == len(de) >= 3 and sum(x != y for x, y in zip(dr, de)) == 1 and r.text.isdigit():
                    s = doc.text.find(r.text, base_r)
                    if s >= 0:
                        cands.append(Candidate(s, s + len(r.text), r.text, de, 0.5, stage,
                                               [f"English: '{e.text}', sentence {b.en[0] + 1}: one digit differs"],
                                               kind="number", features={"translation": 1.0, "distance": 1.0}))
                    break
    return cands, flags


# --- missing and extra text -----------------------------------------------------------------

def gap_flags(doc: Document, al: Alignment, stage: str) -> list[Flag]:
    """``extra`` for Russian passages facing an unaligned English passage between the same
    aligned neighbours; ``missing`` (zero-width, at the place) for English passages with no
    Russian counterpart between aligned neighbours."""
    flags = []
    beads = al.beads
    aligned = [k for k, b in enumerate(beads) if b.ru and b.en]
    for a, c in zip(aligned, aligned[1:]):
        gap = beads[a + 1:c]
        ru = [al.ru[i] for b in gap for i in b.ru if not b.en]
        en = [al.en[j] for b in gap for j in b.en if not b.ru]
        en_words = [s for s in en if len(re.findall(r"[A-Za-z]{2,}", s.text)) >= 1]
        quoted = " / ".join(" ".join(s.text.split()) for s in en_words)
        if ru and en_words and len(ru) <= 3 and len(en_words) <= 3:
            for seg in ru:
                if len(re.findall(r"[^\W\d_]{3,}", seg.text)) >= 1:
                    flags.append(Flag(seg.start, seg.end, seg.text,
                                      [f"no counterpart in the English, which has '{quoted}' here: "
                                       "possibly a line the OCR invented in place of another"], stage, kind="extra"))
        elif en_words and not ru and len(en_words) <= 3:
            pos = al.ru[beads[c].ru[0]].start
            flags.append(Flag(pos, pos, "", [f"English '{quoted}' (sentence {en_words[0].index + 1}) has no "
                                            "Russian counterpart: possibly a lost line"], stage, kind="missing"))
    return flags


@register
class TranslationStage(Stage):
    name = "translation"
    version = "24"
    order = 50
    requires = frozenset({"text", "translation"})
    provides = frozenset({"alignment", "candidates", "flags"})
    resources = ("bilingual", "gazetteer")
    description = ("Align with the English translation; names, numbers and words it confirms or suggests; "
                   "missing and extra text.")
    params = {
        "names": Param(bool, True, "propose and confirm names through the gazetteer"),
        "words": Param(bool, True, "propose ordinary words from the translation of the aligned English"),
        "numbers": Param(bool, True, "compare numbers and dates"),
        "gaps": Param(bool, True, "flag Russian passages with no English counterpart and the reverse"),
        "name_min_similarity": Param(float, 0.25, "least similarity of a garbled name to its proposed form "
                                                  "(outside enumerations)"),
        "word_max_distance": Param(float, 0.25, "largest edit distance of a word candidate, relative to its length"),
    }

    def process(self, doc: Document) -> None:
        if not doc.translation.strip() or not doc.text.strip():
            return
        al = align_document(doc)
        doc.annotations["alignment"] = al.records()
        doc.annotations["alignment_unaligned"] = {
            "ru": [[s.start, s.end] for s in al.unaligned("ru")], "en": [[s.start, s.end] for s in al.unaligned("en")]}
        cands: list[Candidate] = []
        flags: list[Flag] = []
        if self.config["names"]:
            try:
                gaz = get_resource("gazetteer")
            except Exception:  # noqa: BLE001 - no gazetteer: no name evidence
                gaz = None
            if gaz is not None:
                c, f = name_evidence(doc, al, gaz, government(), self.ident, self.config["name_min_similarity"])
                cands += c
                flags += f
                english_names_real_words(doc, al, gaz)
                english_writes_as_read(doc, al, gaz)
                english_names_other(doc)
                flags += english_never_names(doc, gaz, self.ident)
        if self.config["words"]:
            english_has_word_as_written(doc, al, get_resource("bilingual"))
        if self.config["numbers"]:
            c, f = number_evidence(doc, al, self.ident)
            cands += c
            flags += f
        confirmed = [(f.start, f.end) for f in flags if f.confirmed]
        names = [(c.start, c.end) for c in cands if c.kind == "name"] + [
            (n["start"], n["end"]) for n in doc.annotations.get("names", [])]
        if self.config["words"]:
            cands += word_evidence(doc, al, get_resource("bilingual"), self.ident, confirmed + names,
                                   self.config["word_max_distance"],
                                   gaz.is_known_name if self.config["names"] and gaz is not None else None)
        if self.config["gaps"]:
            flags += gap_flags(doc, al, self.ident)
        if confirmed:  # a span the translation confirms is never changed (but for the case or the
            # е/э of a name, which the English does not show: the names stage's real_case, own_spelling)
            named = _english_names_own(doc, al, gaz) if self.config["names"] and gaz is not None else set()
            doc.candidates = [c for c in doc.candidates
                              if any((c.features or {}).get(k) for k in ("real_case", "own_spelling"))
                              or not any(c.start < e and s < c.end and not keeps(doc, c, s, e, id(c) in named)
                                         for s, e in confirmed)]
        doc.candidates += [c for c in cands if not (c.kind == "name" and repeats_neighbour(doc.text, c))]
        doc.flags += flags


def repeats_neighbour(text: str, cand: Candidate) -> bool:
    """Does a name fix only add words the text already has right beside the span (``из Порт
    Артура``: Артура → Порт-Артура; ``ПЭН дЭ-`` / ``ХУАЙ``: ПЭН → ПЭН ДЕ-ХУАЙ)?  The name is
    written there, in a spelling of the document's own or split by a line; the fix would write
    its words twice.  Letters compared in small letters, е for э, one letter in four may differ."""
    def fold(s: str) -> str:
        return _letters(s).replace("э", "е")
    orig, rep = fold(cand.original), fold(cand.replacement)
    if not orig or len(rep) <= len(orig):
        return False
    if rep.startswith(orig):
        added = rep[len(orig):]
        beside = fold(text[cand.end:cand.end + 3 * len(added) + 10])[:len(added)]
    elif rep.endswith(orig):
        added = rep[:len(rep) - len(orig)]
        beside = fold(text[max(0, cand.start - 3 * len(added) - 10):cand.start])[-len(added):]
    else:
        return False
    return len(added) >= 3 and Levenshtein.distance(added, beside) <= len(added) // 4


def keeps(doc: Document, cand: Candidate, start: int, end: int, named: bool = False) -> bool:
    """Does ``cand`` leave doc.text[start:end] as it is and change only damaged text beside it:
    a word the detect stage flagged (``Трудотой партии Кореи`` → Трудовой партии Кореи: Кореи,
    which the English confirms, stays; Трудотой is no known word), a mark glued to the start of
    a word or inside one that the fix reads as a letter, dropping none (``МИД .ССР`` → МИД
    СССР), a mark the names stage read as a speck or a letter (``mark_read``: ``МИД „ССР``),
    or — ``named``: the aligned English names the fix's own entity — only marks between its
    words (``ЦК. КПК`` → ЦК КПК where the English says CC CPC: the letters stay)?"""
    if not (cand.start <= start and end <= cand.end):
        return False
    text = doc.text
    head, kept, tail = text[cand.start:start], text[start:end], text[end:cand.end]

    def damaged(a: int, b: int, new: str) -> bool:
        if a >= b:
            return False
        old, new_letters = text[a:b], _letters_only(new)
        if any(f.kind == "spelling" and a <= f.start and f.end <= b for f in doc.flags):
            return True
        if _GLUED_MARK.search(old) and len(new_letters) > len(_letters_only(old)):
            return True
        if (cand.features or {}).get("mark_read") and re.search(r"[^\w\s-]", old):
            return True  # МИД „ССР: the names stage read the mark (no quotation closed on its line)
        return named and _letters_only(old) == new_letters
    rep = cand.replacement
    return rep.endswith(kept + tail) and damaged(cand.start, start, rep[:len(rep) - len(kept + tail)]) \
        or rep.startswith(head + kept) and damaged(end, cand.end, rep[len(head + kept):])


def _english_names_own(doc: Document, al: Alignment, gaz) -> set[int]:
    """ids of the names stage's candidates whose entity the aligned English names."""
    entity = _annotated_entities(doc)
    out = set()
    for c in doc.candidates:
        eid = entity.get((c.start, c.end)) if c.kind == "name" else None
        if eid and any(ent.id == eid for _, seg in al.english_for(c.start, c.end)
                       for _, _, _, ent in english_names(doc.translation[seg.start:seg.end], gaz)):
            out.add(id(c))
    return out


#: a mark at the start of a word or inside one (not a hyphen): OCR damage, not punctuation
_GLUED_MARK = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\w))[^\w\s«„“\"'(\[-]+(?=\w)")


def _letters_only(s: str) -> str:
    return "".join(ch for ch in s if ch.isalpha())


def english_has_word_as_written(doc: Document, al: Alignment, bil) -> None:
    """A real-word fix (a known word read as another: ``посла`` → после) whose original the
    aligned English translates as written (``Ambassador``: посла is a form of посол) gets
    ``as_written``: the English does not ask for the change, so a person decides (see
    ``decide``)."""
    for c in doc.candidates:
        if c.kind != "real-word" or (c.features or {}).get("as_written"):
            continue
        low = c.original.lower()
        for _, seg in al.english_for(c.start, c.end):
            if any(low in bil.russian_forms(w) for w in re.findall(r"[A-Za-z]{3,}", doc.translation[seg.start:seg.end])
                   if not bil.is_function_word(w)):
                c.features["as_written"] = 1.0
                c.evidence.append("the aligned English translates the word as it is written")
                break


def _annotated_entities(doc: Document, garbled_only: bool = True) -> dict[tuple[int, int], str]:
    """(start, end) → entity of the names stage's annotations (only its garbled names, or all)."""
    return {(n["start"], n["end"]): n["entity"] for n in doc.annotations.get("names", []) or []
            if not garbled_only or n.get("status") == "garbled"}


def english_names_real_words(doc: Document, al: Alignment, gaz) -> None:
    """The names stage's candidates over a common word (``real_word``: ГРОМКО → ГРОМЫКО) get
    ``english_name`` and a line of evidence when the English aligned with them names the same
    gazetteer entity (then they may be applied automatically; see ``decide``)."""
    entity = _annotated_entities(doc)
    for c in doc.candidates:
        if c.kind != "name" or not (c.features or {}).get("real_word") or (c.start, c.end) not in entity:
            continue
        for _, seg in al.english_for(c.start, c.end):
            hit = next((en for _, _, en, ent in english_names(doc.translation[seg.start:seg.end], gaz)
                        if ent.id == entity[(c.start, c.end)]), None)
            if hit:
                c.features["english_name"] = 1.0
                c.evidence.append(f"English: '{hit}' in the aligned sentence names the same entity")
                break


#: how alike the romanized OCR word and an English word must be for the English to write the
#: word as the OCR reads it, and by how much more than the proposed name
AS_READ_SIMILARITY, AS_READ_MARGIN = 85, 10


def english_writes_as_read(doc: Document, al: Alignment, gaz) -> None:
    """Drop the names stage's candidates where the aligned English writes the word as the OCR
    reads it and does not name the proposed entity (``товарищу Бещеву`` → Белову, the English
    says Beshchev; ``в Тонкине`` → Нанкине, the English says Tonkin; of a name of several words
    the one word changed: ``ЧЭНЬ ГЭНОМ`` → ЧЭНЬ ЧЭНОМ, the English says CHEN GENG): a name the
    gazetteer lacks, written right."""
    entity = _annotated_entities(doc, garbled_only=False)
    keep = []
    for c in doc.candidates:
        if c.kind == "name" and c.stage.startswith("names") and (c.start, c.end) in entity \
                and _english_as_read(doc, al, gaz, c, entity[(c.start, c.end)]):
            continue
        keep.append(c)
    doc.candidates = keep


#: English spellings of sounds the romanization of Russian writes otherwise (Colson: kolson;
#: Phillips: fillips)
_ENGLISH_SOUNDS = ((r"ck", "k"), (r"c(?=[eiy])", "s"), (r"c", "k"), (r"ph", "f"), (r"qu", "kv"), (r"x", "ks"),
                   (r"w", "u"))


def _consonants(roman: str) -> str:
    """A romanized word's consonants (its skeleton): y, w and the soft sign's apostrophe count as
    vowels."""
    return re.sub(r"[^bcdfghjklmnpqrstvxz]", "", roman.lower())


def _english_sound(word: str) -> str:
    """An English name's letters as the romanization of its Russian rendering would write them
    (c before e, i, y as s, else k; ph f; w u): Colson → kolson, against КОЛСОН's kolson."""
    out = word.lower()
    for a, b in _ENGLISH_SOUNDS:
        out = re.sub(a, b, out)
    return out


def _written_as_read(english: str, original: str, proposed: list[str], named=()) -> bool:
    """Does ``english`` write a word as ``original`` reads (romanized, or read back into Russian
    as a Korean, Chinese or Japanese name and compared with spellings of one sound alike: Taechon
    → Тэчон for the OCR's Тэчхоне), more like it than like any of the ``proposed`` spellings (the
    OCR word up to the English length, with or without a case ending)?  Words inside the
    ``named`` spans (the gazetteer's names in ``english``) are no such evidence: they name
    someone (Chen of Chen Yun)."""
    from rapidfuzz import fuzz
    read, ru_read = romanize(_letters(original)), _coarse(_letters(original))
    roman = [romanize(_letters(p)) for p in proposed]
    coarse = [_coarse(_letters(p)) for p in proposed]
    # (also the small-letter part of a hyphenated Korean name: Ri Sung-yop, Епом for no Маном)
    for m in re.finditer(r"\b[A-Z][a-z]*[aeiou]['’][a-z]+\b|\b[A-Z][a-z]{3,}\b|\b[A-Z]{4,}\b"
                         r"|(?<=[A-Z][a-z]-)[a-z]{3,}\b|(?<=[A-Z][a-z]{2}-)[a-z]{3,}\b|(?<=[A-Z][a-z]{3}-)[a-z]{3,}\b",
                         english):
        if any(s <= m.start() < e for s, e in named):
            continue
        w = m.group()
        said = _english_sound(w)
        spellings = {w.lower(), said}  # (Colson as written and as said: kolson)
        as_read = max(fuzz.ratio(read[:len(x)], x) for x in spellings)
        if as_read >= AS_READ_SIMILARITY and as_read >= max(fuzz.ratio(p, x) for p in roman for x in spellings) \
                + AS_READ_MARGIN:
            return True
        # the same consonants in the same order, vowels aside (Sebald: СИБОЛД, sbld), which no
        # proposed spelling has: English vowels are rendered too variously to compare
        skeleton = _consonants(said)
        if len(skeleton) >= 3 and _consonants(read) == skeleton and all(_consonants(p) != skeleton for p in roman):
            return True
        for ru in map(_coarse, _english_read_back(w)):
            n = len(ru)
            got = max(fuzz.ratio(ru_read[:k], ru) for k in range(max(1, n - 1), n + 3))
            other = max(fuzz.ratio(p[:k], ru) for p in coarse for k in range(max(1, n - 1), n + 3))
            if got >= AS_READ_SIMILARITY and (got >= other + AS_READ_MARGIN or got == 100 > other):
                return True  # (the OCR word read back exactly, the proposal not: Ji'an is Цзиань, no Цзинань)
    return False


def _english_as_read(doc: Document, al: Alignment, gaz, c: Candidate, entity_id: str) -> bool:
    pairs = al.english_for(c.start, c.end)
    segs = [doc.translation[seg.start:seg.end] for _, seg in pairs]
    # the gazetteer's names in the paired English (in the whole translation where none is paired)
    found = [n for en in segs for n in english_names(en, gaz)] if segs else \
        names_in_translation(doc.translation, gaz)
    if not gaz.lookup(c.original) and any(ent.id == entity_id and _spelled_from_english(en_text, c.original,
                                                                                         c.replacement)
                                          for _, _, en_text, ent in found):
        return True  # Из ПЕЙПИНА, From PEIPING: the name spelled from the English the cable had
        # (not a known form whose case the fix changes: Камчатка, Kamchatka)
    if not segs:
        # a passage the alignment left unpaired (a heading: Из ПХЕНЬЯНА, From PYONGYANG): any
        # word of the translation that is no name of the gazetteer, as the OCR reads it
        return _written_as_read(doc.translation, c.original, list(gaz.entities[entity_id].ru) or [c.replacement],
                                [(a, z) for a, z, _, _ in found])
    named = sum(ent.id == entity_id for _, _, _, ent in found)
    if named and pairs:
        # an English mention the Russian of the same passage already writes correctly (Nanking:
        # в Нанкин) does not speak for the fix (Аньцин → Наньцзин)
        bead = al.beads[pairs[0][0]]
        rs, re_ = al.ru[bead.ru[0]].start, al.ru[bead.ru[-1]].end
        named -= sum(1 for n in doc.annotations.get("names", []) or []
                     if n.get("status") == "known" and n.get("entity") == entity_id and rs <= n["start"] < re_)
    if not segs or named > 0:
        return False
    # the English writes a name in its base form: the fix's name is compared as such (Коноэ, not
    # an inflected form whose ending the English lacks)
    proposed = list(gaz.entities[entity_id].ru) or [c.replacement]
    original = c.original
    words, fixed = c.original.split(), c.replacement.split()
    if len(words) > 1:
        # a name of several words, one of them changed (ЧЭНЬ ГЭНОМ → ЧЭНЬ ЧЭНОМ): that word
        # as read against the same word of the entity's names (CHEN GENG, not Chen Cheng)
        changed = [k for k, (a, b) in enumerate(zip(words, fixed)) if a.lower() != b.lower()]
        if len(words) != len(fixed) or len(changed) != 1:
            return False
        k = changed[0]
        original = words[k]
        if any(w.lower() == original.lower() for j, w in enumerate(words) if j != k):
            return False  # ЦОЙ ЕН ЕН → ЦОЙ ЕН ГЕН: the English word read as ЕН is the other ЕН's
        proposed = [p.split()[k] for p in proposed if len(p.split()) == len(words)] or [fixed[k]]
        if _abbreviation(fixed[k]):
            return False  # МИД „ССР → МИД СССР, the English says USSR MFA: an abbreviation is
            # translated, not read into English (USSR is no СССР written as read, ССР)
    return any(_written_as_read(en, original, proposed) for en in segs)


#: spellings Russian renderings of one Korean or Chinese sound differ in (ㅊ чх or ч, ㅢ ый or
#: и, э or е): compared alike
_COARSE = (("чх", "ч"), ("ый", "и"), ("ы", "и"), ("й", "и"), ("э", "е"), ("ь", ""))


def _coarse(ru: str) -> str:
    # a Japanese yo written then ио, now ё or е (Иосио, Ёсио, Есио: Yoshio)
    ru = re.sub(r"^[иеё]?о|^ё", "е", ru.lower().replace("ё", "е")) if re.match(r"[иеё]о|ё", ru.lower()) else ru.lower()
    for a, b in _COARSE:
        ru = ru.replace(a, b)
    return ru


@functools.lru_cache(maxsize=20000)
def _english_read_back(word: str) -> tuple[str, ...]:
    """Russian readings of an English name word as a Korean, Chinese or Japanese name (those
    that are Cyrillic: a word no system reads stays Latin)."""
    from .translit import to_russian
    out: list[str] = []

    def read(parts: list[str], lang: str) -> None:
        try:
            ru = "".join(to_russian(p, lang, "place") for p in parts).lower()
        except (ValueError, KeyError):
            return
        if ru and not re.search("[a-z]", ru) and ru not in out:
            out.append(ru)
    if re.search(r"[aeiou]['’]", word):  # Ji'an: pinyin's mark between syllables, read each part
        for lang in ("zh", "ko"):
            read(re.split(r"(?<=[aeiou])['’]", word), lang)
        return tuple(out)
    # a Korean ŭ the English writes u without its breve (Kangnung: Каннын), as eu
    spellings = [word] + ([re.sub(r"u", "eu", word)] if 0 < word.count("u") <= 2 and "eu" not in word else [])
    for lang in ("ko", "zh", "ja"):
        for w in spellings if lang == "ko" else spellings[:1]:
            read([w], lang)
    return tuple(out)


def government() -> dict[str, str]:
    """Prepositions and the case of a name they govern (``bilingual_extra.tsv``, kind
    ``government``): one case, or several joined by ``|`` (``с`` + instrumental or genitive)."""
    from .errors import ResourceError
    from .resources import read_table
    try:
        rows = read_table("bilingual_extra.tsv", ("en", "ru", "kind", "source"), warn=False).rows
    except ResourceError:
        return {}
    return {r["ru"]: r["value"] for r in rows if r["kind"] == "government"}
