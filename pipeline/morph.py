"""Morphological fit of a candidate word with its neighbours (pymorphy3).

Two general rules of Russian grammar, checked on every parse of the candidate:

- after a preposition a noun, adjective or pronoun is not in the nominative case;
- the prepositional (locative) case occurs only after a preposition, directly or with
  agreeing words (adjectives, participles, numerals) between; a noun or verb between them
  ends the preposition's reach ("на сторону американских войск": "на" governs "сторону");
- an adjective (or participle) and the noun next to it agree in case and number (in gender
  in the singular, and in animacy where the accusative marks it: "американских" is an
  animate accusative, so it cannot agree with the inanimate "войска").

:func:`fit` returns +1 (a parse agrees with a neighbour), -1 (every parse breaks a rule) or
0 (nothing to check), and a sentence for the evidence.
"""
from __future__ import annotations

from functools import lru_cache

NOMINAL = {"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"}
#: what :func:`fit` is given as the next word when the sentence ends right after the candidate
SENTENCE_END = "."
AGREEING = {"ADJF", "PRTF"}


@lru_cache(maxsize=1)
def analyzer():
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    """(POS, case, number, gender, animacy) of each dictionary parse of ``word``."""
    out = []
    for p in analyzer().parse(word.lower()):
        if p.score < 0.01:
            continue
        t = p.tag
        # plain strings (pymorphy3's grammeme objects compare through Python-level __eq__)
        out.append(tuple(None if g is None else str(g) for g in (t.POS, t.case, t.number, t.gender, t.animacy)))
    return tuple(out)


#: OpenCorpora marks (pymorphy3) of forms a cable of 1945–1960 does not use: interjections,
#: slang, obscenities.  Web-text frequencies (wordfreq) rate some of them as common words (бля,
#: ха), which no cable is made of.  (Infr, Dist and Erro are left out: they also mark variant
#: spellings the period wrote, such as придти, and standard forms such as движется.)
INFORMAL = frozenset({"INTJ", "Slng", "Obsc"})


@lru_cache(maxsize=50_000)
def informal_share(word: str) -> float:
    """The share of ``word``'s parses, by pymorphy3's scores, that are :data:`INFORMAL`."""
    ps = analyzer().parse(word.lower())
    total = sum(p.score for p in ps)
    if total <= 0:
        return 0.0
    return sum(p.score for p in ps if p.tag.grammemes & INFORMAL) / total


def _agree(a: tuple, b: tuple) -> bool:
    """An adjective parse ``a`` agrees with a noun parse ``b``."""
    if a[1] != b[1] or a[2] != b[2]:
        return False
    if a[4] and b[4] and a[4] != b[4]:
        return False
    return a[2] == "plur" or not a[3] or not b[3] or a[3] == b[3]


def _is_prep(word: str | None) -> bool:
    pp = parses(word) if word else ()
    return bool(pp) and any(p[0] == "PREP" for p in pp)


#: parts of speech that may stand between a preposition and the noun it governs
BETWEEN = AGREEING | {"NUMR", "ADVB", "CONJ"}


def _governed_by_preposition(before: tuple[str, ...]) -> bool:
    """Whether a preposition governs the word after ``before`` (nearest last): walking back
    over agreeing words only, at most four; after a conjunction also over a coordinated noun
    in the prepositional case ("в городах и сёлах")."""
    coordinated = False
    for w in reversed(before[-4:]):
        pp = parses(w)
        if not pp:
            return False
        if any(p[0] == "PREP" for p in pp):
            return True
        if any(p[0] == "CONJ" for p in pp):
            coordinated = True
            continue
        if coordinated and any(p[0] in NOMINAL and p[1] in ("loct", "loc2") for p in pp):
            continue
        if not any(p[0] in BETWEEN or p[0] == "NPRO" for p in pp):
            return False  # a word that can only be a noun, verb... ends the reach (новом, этом can agree)
    return False


def fit(candidate: str, prev: str | None, nxt: str | None, before: tuple[str, ...] = ()) -> tuple[int, str]:
    """How well ``candidate`` fits between the words ``prev`` and ``nxt`` (:data:`SENTENCE_END`
    when a full stop, ``!``, ``?`` or ``;`` follows, or the text ends); ``before`` are the words
    of the clause before it (nearest last)."""
    cand = parses(candidate)
    if not cand:
        return 0, ""
    if nxt == SENTENCE_END and all(c[0] == "PREP" for c in cand):
        return -1, f"a preposition ('{candidate}') cannot end a sentence"
    nominal = [c for c in cand if c[0] in NOMINAL]
    if nominal and all(c[1] in ("loct", "loc2") for c in nominal):
        if not _governed_by_preposition(before or ((prev,) if prev else ())):
            return -1, "case: the prepositional case needs a preposition before it"
    if prev:
        pp = parses(prev)
        if pp and all(p[0] == "PREP" for p in pp):
            nominal = [c for c in cand if c[0] in NOMINAL]
            if nominal:
                if all(c[1] == "nomn" for c in nominal):
                    return -1, f"case: nominative cannot follow the preposition '{prev}'"
                return 1, f"case: a case governed by a preposition after '{prev}'"
    for other, where, mine, theirs in ((prev, "before", "NOUN", AGREEING), (nxt, "after", AGREEING, {"NOUN"})):
        if not other:
            continue
        op = parses(other)
        pairs = [(c, o) for c in cand for o in op
                 if (c[0] in mine if isinstance(mine, set) else c[0] == mine) and o[0] in theirs]
        if not pairs:
            continue
        for c, o in pairs:
            a, n = (c, o) if c[0] in AGREEING else (o, c)
            if _agree(a, n):
                return 1, f"agreement: {c[1] or ''} {c[2] or ''} like '{other}' {where} it".replace("  ", " ")
        return -1, f"agreement: no form agrees with '{other}' {where} it"
    if nxt and any(c[0] in AGREEING for c in cand):
        # an adjective before an adjective (Китайской Народной Республики): both agree with the
        # noun after them, so with each other
        op = parses(nxt)
        if op and all(o[0] == "ADJF" for o in op):
            for c in cand:
                if c[0] not in AGREEING:
                    continue
                for o in op:
                    if _agree(c, o) and (c[2] == "plur" or c[3] == o[3]):
                        return 1, f"agreement: {c[1] or ''} {c[2] or ''} like '{nxt}' after it".replace("  ", " ")
            # no penalty otherwise: a participle or an adjective may govern the adjective after it
            # (выделенные Советским правительством, дружественные Советскому Союзу), and a noun
            # made of an adjective is a noun (Рабочие китайских заводов)
    return 0, ""
