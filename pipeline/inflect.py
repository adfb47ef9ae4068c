"""Russian case forms of names, and the spelling variants a typescript may use for them.

:func:`case_forms` gives the six case forms of one written name (``"Ким Ир Сен"`` →
``{"gent": "Ким Ир Сена", "ablt": "Ким Ир Сеном", ...}``); :func:`style_variants` gives the
ways a typist may have written one form (capitals, ``Ким Ир-Сен`` / ``КИМ-ИР-СЕН`` for Korean
names, ``Эньлай`` / ``Энь-лай`` / ``Энь-Лай`` for Chinese given names); :func:`all_forms`
combines both, each form labelled with its case and style.

Rules, in the order they apply:

- Chinese, Korean, Vietnamese and Japanese personal names decline only in their last word, and
  only when it ends in a consonant, ``-й`` or ``-ь`` (Мао Цзэдуна, Чэнь Юня, Ким Ир Сена); a
  final vowel makes the name indeclinable (Бо И-бо, Лю Шао-ци).  Women's names ending in a
  consonant do not decline.
- Russian names: pymorphy3 is asked first when it knows the word as a surname, first name or
  place (``Surn``, ``Name``, ``Patr``, ``Geox``); otherwise the rules for ``-ов/-ев/-ин``
  surnames (instrumental ``-ым``), adjectival ``-ский`` surnames, feminine ``-ова/-ина``, and
  the noun declensions apply.  Words ending in ``-о, -е, -э, -и, -ы, -у, -ю`` do not decline
  (Громыко, Чемульпо, Сочи), except Russian places in ``-ово, -ево, -ино, -ыно``, neuter nouns
  (Гродеково, в Гродекове).
- Places and organisations of several words are declined word by word through pymorphy3
  (Северная Корея → Северной Кореи) up to the first word that is not in the nominative
  (Трудовая партия Кореи → Трудовой партии Кореи); abbreviations (КНДР, ООН) do not decline.

The case labels are pymorphy3's: ``nomn gent datv accs ablt loct``.
"""
from __future__ import annotations

import re
from functools import lru_cache

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
CASE_NAMES = {"nomn": "nominative", "gent": "genitive", "datv": "dative", "accs": "accusative",
              "ablt": "instrumental", "loct": "prepositional"}
ASIAN = {"zh", "ko", "ja", "vi", "mn"}
VOWELS_INDECL = set("оеэиыуюё")
SIBILANT = set("жшчщц")
VELAR_SIB = set("гкхжшчщ")
WORD_SPLIT = re.compile(r"(\s+|-)")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # heavy: loaded on first use only
    return pymorphy3.MorphAnalyzer()


def _match_case(template: str, word: str) -> str:
    """Write ``word`` with the capitalisation of ``template`` (part by part for hyphenated
    words: Народно-Демократическая → Народно-Демократической)."""
    if "-" in template and template.count("-") == word.count("-"):
        return "-".join(_match_case(t, w) for t, w in zip(template.split("-"), word.split("-")))
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def _indeclinable(w: str) -> dict[str, str]:
    return {c: w for c in CASES}


def _chinese(word: str) -> bool:
    """Is ``word`` written in Palladius syllables (a Chinese word, indeclinable if it ends in a
    vowel), rather than a name of a Chinese place from another language (Формоза)?"""
    from .translit import palladius_word
    return palladius_word(word)


def _rule_forms(word: str, *, person: bool, gender: str, lang: str) -> dict[str, str]:
    """Case forms of one word by the declension rules (see the module docstring)."""
    lw = word.lower()
    if not lw or not lw[-1].isalpha() or word.isupper() and len(word) > 1 and not person:
        return _indeclinable(word)
    last = lw[-1]
    stem = word[:-1]
    fem = gender == "f"
    asian = lang in ASIAN
    if not person and lang == "ru" and lw.endswith(("ово", "ево", "ёво", "ино", "ыно")):
        # a Russian place named with a possessive suffix is a neuter noun (Гродеково, в Гродекове)
        return {"nomn": word, "gent": stem + "а", "datv": stem + "у", "accs": word, "ablt": stem + "ом",
                "loct": stem + "е"}
    if last in VOWELS_INDECL:
        return _indeclinable(word)
    if last in "ая":
        if asian and lang != "ja" and (lang != "zh" or _chinese(word)):
            return _indeclinable(word)  # Бо И-бо, Нинся; not Формоза, a name of Taiwan from elsewhere
        if fem and lw.endswith(("ова", "ева", "ёва", "ина", "ына")) and person:
            return {"nomn": word, "gent": stem + "ой", "datv": stem + "ой", "accs": stem + "у",
                    "ablt": stem + "ой", "loct": stem + "ой"}
        if lw.endswith(("ская", "цкая")):
            s = word[:-2]
            return {"nomn": word, "gent": s + "ой", "datv": s + "ой", "accs": s + "ую",
                    "ablt": s + "ой", "loct": s + "ой"}
        if last == "а":
            gen = stem + ("и" if lw[-2:-1] in VELAR_SIB else "ы")
            ins = stem + ("ей" if lw[-2:-1] in SIBILANT else "ой")
            return {"nomn": word, "gent": gen, "datv": stem + "е", "accs": stem + "у", "ablt": ins,
                    "loct": stem + "е"}
        if lw.endswith("ия"):
            return {"nomn": word, "gent": stem + "и", "datv": stem + "и", "accs": stem + "ю",
                    "ablt": stem + "ей", "loct": stem + "и"}
        return {"nomn": word, "gent": stem + "и", "datv": stem + "е", "accs": stem + "ю",
                "ablt": stem + "ей", "loct": stem + "е"}
    if fem and person:
        return _indeclinable(word)  # women's names ending in a consonant
    if fem and last == "ь":  # a feminine place in -ь (в Сычуани, Сычуанью)
        return {"nomn": word, "gent": stem + "и", "datv": stem + "и", "accs": word, "ablt": word + "ю",
                "loct": stem + "и"}
    acc_gen = person  # animate: accusative = genitive
    if person and lw.endswith(("ский", "цкий", "ской", "цкой")):
        s = word[:-2]
        return {"nomn": word, "gent": s + "ого", "datv": s + "ому", "accs": s + "ого", "ablt": s + "им",
                "loct": s + "ом"}
    if last in "йь":
        forms = {"nomn": word, "gent": stem + "я", "datv": stem + "ю", "ablt": stem + "ем",
                 "loct": stem + "е"}
        forms["accs"] = forms["gent"] if acc_gen else word
        return forms
    ins = word + ("ем" if last in SIBILANT else "ом")
    if person and lang == "ru" and lw.endswith(("ов", "ев", "ёв", "ин", "ын")):
        ins = word + "ым"
    forms = {"nomn": word, "gent": word + "а", "datv": word + "у", "ablt": ins, "loct": word + "е"}
    forms["accs"] = forms["gent"] if acc_gen else word
    return forms


def _morph_forms(word: str, *, person: bool) -> dict[str, str] | None:
    """Case forms from pymorphy3 when it knows ``word`` as a name or place; else ``None``."""
    morph = _morph()
    lw = word.lower().replace("ё", "е")
    wanted = {"Surn", "Name", "Patr"} if person else {"Geox"}
    if person and lw.endswith(("ов", "ев", "ин", "ын")):
        wanted = {"Surn"}  # Суздалев read as a first name declines as a noun (Суздалевом): a surname
    for p in morph.parse(lw):
        if p.normal_form.replace("ё", "е") != lw or "nomn" not in p.tag or not (wanted & p.tag.grammemes):
            continue
        out = {}
        for case in CASES:
            inf = p.inflect({case})
            if inf is None:
                return None
            out[case] = _match_case(word, inf.word)
        return out
    return None


def feminine_place(name: str) -> bool:
    """Is ``name``, one word in -ь, a place pymorphy3's dictionary knows as feminine (Фушунь,
    Сиань, Люйшунь, Аньшань: в Фушуни beside the masculine в Фушуне, which the rules give)?"""
    lw = name.lower().replace("ё", "е")
    return " " not in lw and lw.endswith("ь") and any(
        p.normal_form == lw and {"Geox", "femn"} <= p.tag.grammemes for p in _morph().parse(lw))


def chinese_soft_place(name: str) -> bool:
    """Is ``name`` one word ending in a Palladius syllable in -нь (Яньань, Тяньцзинь, Чанчунь)?
    Such Chinese places were declined both ways, masculine (в Тяньцзине) and feminine (в
    Тяньцзини, в Яньани), as pymorphy3's dictionary has it for the ones it knows (Фушунь,
    Сиань, Аньшань) and D. E. Rosenthal's guide for Сычуань and Юньнань: the feminine forms
    are accepted as correct, never written by a fix."""
    lw = name.lower().replace("ё", "е")
    return " " not in lw and "-" not in lw and len(lw) >= 4 and lw.endswith("нь")


def _adjective_forms(word: str) -> dict[str, str] | None:
    """Case forms of a one-word place name that is a Russian adjective in the masculine
    nominative (Дальний: Дальнего, Дальнему, Дальним, Дальнем; the accusative of a place is
    its nominative), by pymorphy3; ``None`` for any other word."""
    lw = word.lower().replace("ё", "е")
    if len(lw) < 5 or not lw.endswith(("ий", "ый", "ой")) or not _morph().word_is_known(lw):
        return None  # a dictionary word only, not a guess from its ending
    for p in _morph().parse(lw):
        t = p.tag
        if t.POS != "ADJF" or not {"nomn", "masc", "sing"} <= t.grammemes or p.word.replace("ё", "е") != lw:
            continue
        out = {}
        for case in CASES:
            inf = p.inflect({"masc", "sing", "inan" if case == "accs" else case, case} - {None})
            if inf is None:
                return None
            out[case] = _match_case(word, inf.word)
        return out
    return None


def _phrase_forms(words: list[str]) -> dict[str, str] | None:
    """Decline a multi-word common-noun phrase word by word (Северная Корея, Трудовая партия
    Кореи): words in the nominative agree, the rest stay."""
    morph = _morph()
    per_case: dict[str, list[str]] = {c: [] for c in CASES}
    declining = True
    for w in words:
        if declining and not w.isupper() and all(p.isalpha() for p in w.split("-")):
            parses = [p for p in morph.parse(w.lower()) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF")]
            if parses:
                p = parses[0]
                for c in CASES:
                    # a place or an organisation is inanimate: its adjective's accusative is the
                    # nominative (в Советский Союз, not Советского Союз)
                    want = {c, p.tag.number} | ({"inan", "masc"} if c == "accs" and p.tag.POS == "ADJF"
                                                and "masc" in p.tag.grammemes else set())
                    inf = p.inflect(want - {None}) or p.inflect({c})
                    per_case[c].append(_match_case(w, inf.word) if inf else w)
                if p.tag.POS == "NOUN":
                    declining = False  # the head noun; what follows is a dependent genitive
                continue
        declining = False
        for c in CASES:
            per_case[c].append(w)
    return {c: " ".join(ws) for c, ws in per_case.items()}


def case_forms(name: str, *, type: str = "person", lang: str = "ru", gender: str = "m") -> dict[str, str]:
    """The six case forms of a written name (keys: :data:`CASES`); ``gender="indecl"``: a name
    documents of the period leave undeclined whatever the grammar says (т.т. МАЛЕНКОВУ, БЕРИЯ)."""
    if gender == "indecl":
        return _indeclinable(name)
    person = type == "person"
    parts = WORD_SPLIT.split(name.strip())
    words = parts[0::2]
    if not words or not words[-1]:
        return _indeclinable(name)
    if type == "org" or (not person and len(words) > 1 and " " in name):
        if lang != "ru" or all(w.isupper() for w in words if w.isalpha()) or "(" in name:
            return _indeclinable(name)
        return _phrase_forms(name.split()) or _indeclinable(name)

    def decline(word: str) -> dict[str, str]:
        if lang == "ru" and not word.isupper():
            got = _morph_forms(word, person=person)
            if got:
                return got
        if not person and not word.isupper():
            got = _adjective_forms(word)  # Дальний (Dalian) is a Russian name whatever its place
            if got:
                return got
        return _rule_forms(word, person=person, gender=gender, lang=lang)

    if person and lang == "ru":
        # every full word declines (Иосиф Виссарионович Сталин); initials stay
        declined = [decline(w) if len(w) > 1 and not w.endswith(".") else _indeclinable(w) for w in words]
    else:
        declined = [_indeclinable(w) for w in words[:-1]] + [decline(words[-1])]
    out = {}
    for case in CASES:
        pieces = list(parts)
        for i, forms in enumerate(declined):
            pieces[2 * i] = forms[case]
        out[case] = "".join(pieces)
    return out


def style_variants(form: str, *, type: str = "person", lang: str = "ru") -> list[tuple[str, str]]:
    """Ways a typist may have written ``form``: ``[(text, style), ...]``, the form itself first.

    Styles: ``as-written``; ``caps``; for Korean names ``hyphen-given`` (Ким Ир-Сен) and
    ``hyphen-all`` (Ким-Ир-Сен); for Chinese given names ``merged`` (Эньлай) and
    ``hyphen-capital`` (Энь-Лай); each also in capitals (``caps+merged``, ...).
    """
    base: list[tuple[str, str]] = [(form, "as-written")]
    if "(" in form:  # ВКП(б): also without the bracketed part, which tokenizers split off
        short = re.sub(r"\s*\([^)]*\)", "", form).strip()
        if short:
            base.append((short, "short"))
    words = form.split(" ")
    if type == "person" and lang == "ko" and len(words) >= 2:
        if len(words) >= 3:
            base.append((words[0] + " " + "-".join(words[1:]), "hyphen-given"))
        base.append(("-".join(words), "hyphen-all"))
    if type == "person" and lang == "zh" and any("-" in w for w in words[1:]):
        merged = " ".join([words[0]] + [w.replace("-", "") for w in words[1:]])
        capital = " ".join([words[0]] + ["-".join(s[:1].upper() + s[1:] for s in w.split("-"))
                                         for w in words[1:]])
        base += [(merged, "merged"), (capital, "hyphen-capital")]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for text, style in base:
        for t, s in ((text, style), (text.upper(), "caps" if style == "as-written" else f"caps+{style}")):
            if t not in seen:
                seen.add(t)
                out.append((t, s))
    return out


def all_forms(name: str, *, type: str = "person", lang: str = "ru",
              gender: str = "m") -> list[tuple[str, str, str]]:
    """Every case form of ``name`` in every style: ``[(text, case, style), ...]``."""
    out: list[tuple[str, str, str]] = []
    for case, form in case_forms(name, type=type, lang=lang, gender=gender).items():
        for text, style in style_variants(form, type=type, lang=lang):
            out.append((text, case, style))
    return out
