"""The detect stage: flag tokens and spans that look wrong, with the reasons.

A word is flagged when it is not a known form of the Russian lexicon (with the improbable
letter sequences it contains as further evidence), when its OCR confidence is low (scans),
when it mixes scripts, or when it looks like two words run together; two neighbouring
words are flagged as one span when together they make a known word that was split.

A *known* word is flagged as a possible real-word error (the OCR made another word:
"ках" for "как", "сигами" for "силами") when a neighbour under the OCR confusion model is so
much more probable a priori that the noisy channel prefers it: ``ln P(v) − ln P(w) −
5·cost(w | v) > margin`` (frequencies as wordfreq Zipf, a cost of 1 ≈ e^-5, the same scale as
the lexicon stage's ranking), with the word's own grammatical fit with its neighbours and its
other occurrences in the document (a cache: a word the document repeats is less likely an
OCR slip) counting for it.  See :class:`RealWords`.

Left alone: numbers, dates and reference codes (№ 600308/ш), abbreviations
(``dictionaries/abbreviations.tsv``), names the gazetteer knows, words in Latin script, and
the period orthography (об"яснить, all-caps headers of known words).  Unknown name-like runs
of capitals are flagged with kind ``name`` for the names stage.
"""
from __future__ import annotations

import re

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import norm
from .memo import Memo
from .model import Document, Flag, Token
from .spans import SpanSet
from .stages import Param, Stage, get_resource, register
from .tokens import CYRILLIC, LATIN, is_word, script_of, tokenize

SENTENCE_END = set(".!?:;\"«»()")


@dataclass
class CharModel:
    """Letter trigram counts of frequent lexicon forms (with ^ and $ for the word edges)."""

    tri: dict
    bi: dict

    def logprob(self, word: str) -> tuple[float, list[str]]:
        """Mean log10 P(c | two before) and the unseen trigrams of ``word``."""
        w = f"^{word.lower().replace('ё', 'е')}$"
        if len(w) < 3:
            return 0.0, []
        total, unseen = 0.0, []
        for i in range(len(w) - 2):
            t = w[i:i + 3]
            c3, c2 = self.tri.get(t, 0), self.bi.get(t[:2], 0)
            if c3 == 0:
                unseen.append(t.strip("^$"))
            total += math.log10((c3 + 0.1) / (c2 + 3.3))
        return total / (len(w) - 2), unseen


_CHARMODEL: CharModel | None = None
_CHARMODEL_KEY = ""


def char_model(lexicon, min_zipf: float = 2.5) -> CharModel:
    """Trigram model of the forms with Zipf ≥ ``min_zipf``: counted once (a few seconds) and
    cached beside the lexicon index (``cache_dir()/charmodel-<lexicon checksum>.pkl``)."""
    if _CHARMODEL is not None and _CHARMODEL_KEY == lexicon.checksum:
        return _CHARMODEL
    import pickle
    from .resources import cache_dir
    path = cache_dir() / f"charmodel-{lexicon.checksum}-{min_zipf}.pkl"
    if path.exists():
        tri, bi = pickle.loads(path.read_bytes())
    else:
        import numpy as np
        ids = np.nonzero(np.asarray(lexicon.zipf_arr) >= int(min_zipf * 10))[0]
        tri, bi = Counter(), Counter()
        for w in lexicon.words(ids):
            w = f"^{w}$"
            tri.update(w[k:k + 3] for k in range(len(w) - 2))
            bi.update(w[k:k + 2] for k in range(len(w) - 2))
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps((dict(tri), dict(bi))))
        tmp.replace(path)
    _set_model(CharModel(tri, bi), lexicon.checksum)
    return _CHARMODEL


def _set_model(model: CharModel, key: str) -> None:
    global _CHARMODEL, _CHARMODEL_KEY
    _CHARMODEL, _CHARMODEL_KEY = model, key


def optional_gazetteer():
    """The gazetteer resource when it is installed, else None."""
    try:
        return get_resource("gazetteer")
    except Exception:  # noqa: BLE001 - the names part may not be installed
        return None


def _sentence_start(tokens: list[Token], i: int) -> bool:
    if i == 0:
        return True
    prev = tokens[i - 1]
    return prev.line != tokens[i].line or prev.text in SENTENCE_END or prev.text == "-"


def name_like(word: str) -> bool:
    """All capitals (two letters or more): a header word or a name in a cable."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def split_run_together(word: str, lexicon, min_part: int = 3) -> tuple[str, str] | None:
    """Two known words (each ≥ ``min_part`` letters, both used) that ``word`` could be."""
    best = None
    for k in range(min_part, len(word) - min_part + 1):
        a, b = word[:k], word[k:]
        if lexicon.is_known(a) and lexicon.is_known(b):
            score = lexicon.zipf(a) + lexicon.zipf(b)
            if score >= 4.0 and (best is None or score > best[0]):
                best = (score, a, b)
    return (best[1], best[2]) if best else None


#: a line with no letters: a page number ("- 3 -") or other furniture between two halves
_NO_LETTERS = re.compile(r"[^\w\n]*\d*[^\w\n]*")


def hyphenated_halves(text: str, tokens, words: list[int], known, name=None) -> set[int]:
    """Indices of word tokens that are halves of a known word, or of a known name (``name``:
    ЭНЬ-/ЛАЙ), broken by a hyphen at a line end (across blank lines and a page number between
    them, too)."""
    out: set[int] = set()
    for k, i in enumerate(words[:-1]):
        a = tokens[i]
        if not text.startswith("-", a.end):
            continue
        rest = text[a.end + 1:tokens[words[k + 1]].start]
        lines = rest.split("\n")
        if len(lines) < 2 or lines[0].strip() or not all(_NO_LETTERS.fullmatch(ln.strip()) for ln in lines):
            continue
        b = tokens[words[k + 1]]
        if a.text[-1:].isalpha() and b.text[:1].isalpha() and (
                known(a.text + b.text) or name is not None and name(a.text + "-" + b.text)):
            out.update((i, words[k + 1]))
    return out


#: how the reason of a word broken by stray marks begins (the lexicon stage looks for it)
BROKEN_REASON = "a word broken by a stray mark"
#: characters OCR puts in place of a letter that are no ordinary punctuation of a typescript
#: (the names stage reads them the same way inside names)
JUNK = "`‘’“”<>‹›[]^_=&|/\\*#$%~+@{}"
#: marks OCR leaves inside a typed word for a letter it could not read, or for nothing
MARKS = set(JUNK) | set(".,:;'\"»«!?")
_PUNCT = set(".,:;!?")
#: cost of a mark read as one letter, or dropped (the names stage's cost of its junk, too)
MARK_COST = 0.3
_LETTERS = "абвгдежзийклмнопрстуфхцчшщыьэюя"


@dataclass
class Broken:
    """Word tokens joined by stray marks, with the known words they can be read as."""

    start: int
    end: int
    tokens: list[int]
    readings: list[tuple[str, float]]  # (form, cost of the marks' reading), cheapest first


_READINGS = Memo(20_000)  # (pieces, gaps, lexicon) -> readings: detect and the lexicon stage ask alike


def mark_readings(pieces: list[str], gaps: list[str], lexicon, limit: int = 8) -> list[tuple[str, float]]:
    """Known words that ``pieces`` make when each gap stands for nothing or for as many letters
    as it has characters (a typewriter cell is one letter; a space counts as a mark; two letters
    only when the word has a single gap): all the strings are made, then looked up at once."""
    key = (tuple(pieces), tuple(gaps), getattr(lexicon, "checksum", id(lexicon)), limit)
    return _READINGS.get_or(key, lambda: _mark_readings(pieces, gaps, lexicon, limit))


def _mark_readings(pieces: list[str], gaps: list[str], lexicon, limit: int) -> list[tuple[str, float]]:
    per_gap = []
    for gap in gaps:
        cost = MARK_COST * len(gap)
        opts = [("", cost)] + [(c, cost) for c in _LETTERS]
        if len(gap) >= 2 and len(gaps) == 1:
            opts += [(a + b, cost) for a in _LETTERS for b in _LETTERS]
        per_gap.append(opts)
    lower = [norm(p) for p in pieces]
    made: dict[str, float] = {}

    def walk(k: int, acc: str, cost: float) -> None:
        if k == len(per_gap):
            if cost < made.get(acc, 99.0):
                made[acc] = cost
            return
        for fill, c in per_gap[k]:
            walk(k + 1, acc + fill + lower[k + 1], cost + c)
    walk(0, lower[0], 0.0)
    found = lexicon.known_among(list(made))
    return sorted(((f, made[f]) for f in found), key=lambda x: (x[1], x[0]))[:limit]


def split_marks(span: str) -> tuple[list[str], list[str]]:
    """The letter pieces of a broken word and the marks between them."""
    parts = re.split(r"([^\W\d_]+)", span)  # lead, piece, gap, piece, ..., trail
    pieces, gaps = parts[1::2], parts[2:-1:2]
    if parts[0]:  # marks before the first piece: an empty piece before them
        pieces, gaps = [""] + pieces, [parts[0]] + gaps
    if len(parts) > 1 and parts[-1]:
        pieces, gaps = pieces + [""], gaps + [parts[-1]]
    return pieces, gaps


#: Zipf frequency from which a piece beside a mark counts as a word of its own (rarer known
#: forms, such as "ейская" or "рытое", are more likely pieces of a broken word)
WORD_PIECE_ZIPF = 2.5


def broken_words(text: str, tokens: list[Token], words: list[int], known, lexicon) -> list[Broken]:
    """Runs of word tokens glued by one or two stray marks ("специалис”ов", "урег.лировании"),
    perhaps with a space after a junk mark when a piece is no word ("ко’ орых"), that
    read as a known word when the marks (and the space) stand for letters or for nothing.  Left alone:
    abbreviations ("с.г.", "т.Сталину"), two common words after a mark of punctuation (a lost
    space).  Of the pieces from one word on, the longest run (up to three) with a reading wins."""
    def word(p: str) -> bool:
        return known(p) and lexicon.zipf(p) >= WORD_PIECE_ZIPF

    def joinable(a: Token, b: Token, gap: str) -> bool:
        marks = gap.replace(" ", "", 1)
        if len(marks) > 2 or not all(c in MARKS for c in marks):
            return False
        if " " in gap and ((marks and (gap.startswith(" ") or set(marks) & _PUNCT))
                           or word(b.text) or (not marks and word(a.text))):
            return False  # punctuation and a space end a word; a junk mark and a space do not
            # when what follows is no word, a bare space only when neither piece is one
        if "." in gap and (b.text[:1].isupper() or len(b.text) <= 2 or word(b.text)) and (
                lexicon.is_abbreviation(a.text) or len(a.text) <= 3):
            return False  # an abbreviation's full stop (тов.Сталину, г.Пхеньян, т.е., тов.маршал)
        if set(gap) <= _PUNCT and len(a.text) >= 2 and word(a.text) and word(b.text):
            return False  # punctuation before a lost space
        return True

    out: list[Broken] = []
    k = 0
    while k < len(words):
        # the longest run from word k (up to three pieces; a bare space only between two)
        chain, gaps = [words[k]], []
        while len(chain) < 3 and k + len(chain) < len(words):
            a, b = tokens[chain[-1]], tokens[words[k + len(chain)]]
            gap = text[a.end:b.start]
            if not joinable(a, b, gap) or (gap == " " and len(chain) > 1) or " " in gaps:
                break
            chain.append(words[k + len(chain)])
            gaps.append(gap)
        found = None
        while len(chain) >= 2 and found is None:
            pieces = [tokens[i].text for i in chain]
            if sum(len(p) for p in pieces) >= 3 and all(CYRILLIC.search(p) and not LATIN.search(p)
                                                        for p in pieces):
                readings = mark_readings(pieces, gaps, lexicon)
                if " " in gaps:  # a bare space: only a longer word is worth the doubt
                    readings = [r for r in readings if len(r[0]) >= 5]
                if readings:
                    found = Broken(tokens[chain[0]].start, tokens[chain[-1]].end, chain, readings)
                    break
            chain, gaps = chain[:-1], gaps[:-1]
        if found is None:
            found = _edge_broken(text, tokens[words[k]], words[k], word, lexicon)
        if found is None:
            k += 1
            continue
        out.append(found)
        k += len(found.tokens)
    return out


#: junk that is no punctuation at a word's edge either (quotes may close a word)
EDGE_JUNK = set(JUNK) - set("‘’“”")


#: closing quotes and the opening quotes that match them
_OPENERS = {"”": "“„\"", "»": "«", "’": "‘", "\"": "\"“„"}


#: how far back (characters) an opening quote is looked for: a quotation may run over
#: paragraphs (one of the seeds quotes 2,000 characters), but one stray mark must not decide
#: for the rest of a long document
QUOTE_WINDOW = 3_000


def unmatched_close(text: str, pos: int) -> bool:
    """Is the character at ``pos`` a closing quote that no opening quote in the
    :data:`QUOTE_WINDOW` characters before it left open?  Such a quote is no punctuation but a
    misread letter (``Кита”.`` for Китая., ``бригад»`` for бригады)."""
    ch = text[pos:pos + 1]
    if ch not in _OPENERS:
        return False
    before = text[max(0, pos - QUOTE_WINDOW):pos]
    if ch == "\"":  # the same mark opens and closes: an even count before it means it opens
        # (a " between letters is the typewriter's hard sign, об"явил: no quote)
        quotes = len(re.findall(r'(?<![^\W\d_])"|"(?![^\W\d_])', before))
        return quotes % 2 == 0 and not any(o in before for o in "“„")
    opened = sum(before.count(o) for o in _OPENERS[ch])
    closed = before.count(ch)
    return opened <= closed


def _edge_broken(text: str, tok: Token, index: int, word, lexicon) -> Broken | None:
    """An uncommon word with a junk mark glued to its end or start ("Гензан>", "сказан>") that
    reads as a known word when the mark stands for a letter: the mark is its lost letter."""
    if len(tok.text) < 3 or not CYRILLIC.search(tok.text) or LATIN.search(tok.text):
        return None
    after = text[tok.end:tok.end + 1]
    stray = unmatched_close(text, tok.end)  # a quote nothing opened: no punctuation, even after a common word
    if word(tok.text) and not stray:
        return None
    if (after in EDGE_JUNK or stray) and not text[tok.end + 1:tok.end + 2].isalnum():
        start, end, pieces, gaps = tok.start, tok.end + 1, [tok.text, ""], [after]
    else:
        before = text[tok.start - 1:tok.start] if tok.start else ""
        if before not in EDGE_JUNK or (tok.start > 1 and text[tok.start - 2].isalnum()):
            return None
        start, end, pieces, gaps = tok.start - 1, tok.end, ["", tok.text], [before]
    readings = [r for r in mark_readings(pieces, gaps, lexicon) if len(r[0]) > len(tok.text)]
    return Broken(start, end, [index], readings) if readings else None


#: how the reason of a suspected real-word error begins (the lexicon stage looks for it)
REAL_WORD_REASON = "known word, but"
#: ranking scale shared with the lexicon stage: natural-log units, a cost of 1 ≈ e^-5, one Zipf
#: unit = ln 10; forms wordfreq never saw count as Zipf 1
W_DIST, W_FREQ, W_MORPH, ZIPF_FLOOR = 5.0, 2.3, 1.2, 1.0
#: characters that may stand right before a word (else it is a fragment: "сес:ии", "15-ти")
_WORD_OPENERS = set(" \n\t\r\f«\"„“(")
#: what may follow a word before the next space (else a fragment: "сказан>", "Эн-")
_WORD_CLOSERS = re.compile(r"[.,;:!?)»”\"…]*(?:\s|$)")


#: how much rarer (Zipf units) an informal form (:data:`pipeline.morph.INFORMAL`) counts in
#: the cables than on the web text wordfreq counted
INFORMAL_DISCOUNT = 2.0


def period_zipf(lexicon, word: str) -> float:
    """``word``'s Zipf with its informal readings (бля, ха: interjections, slang) counted
    :data:`INFORMAL_DISCOUNT` Zipf units rarer, in proportion to their share of its parses."""
    from .morph import informal_share
    z = lexicon.zipf(word)
    s = informal_share(norm(word)) if z > 0 else 0.0
    if s <= 0:
        return z
    return math.log10(10 ** z * (1 - s) + 10 ** (z - INFORMAL_DISCOUNT) * s)


class RealWords:
    """Noisy-channel check of known words (real-word OCR errors).

    For a known word ``w`` and each neighbour ``v`` within ``max_cost`` under the confusion
    model (the lexicon stage's lookup), the log-odds of ``v`` over ``w`` are
    ``W_FREQ·(zipf(v) − zipf(w)) − W_DIST·cost(w | v)``; ``w`` is a suspect when the best of
    them exceeds ``margin``.  ``zipf(w)`` counts the word's other occurrences in the document
    (``cache`` times their share of the document's words, added to the wordfreq frequency);
    ``w``'s grammatical fit with its neighbours (:func:`pipeline.morph.fit`) adds ``W_MORPH``
    when it agrees and subtracts it when every parse breaks a rule.  Neighbours are looked up
    once per word form (per process)."""

    def __init__(self, lexicon, confusions, max_cost: float = 1.0, margin: float = 1.5, cache: float = 1.0):
        from .lexicon_stage import _speller
        self.lex, self.max_cost, self.margin, self.cache = lexicon, max_cost, margin, cache
        self.speller = _speller(lexicon, confusions, 2.5, 4)
        self._neighbours = Memo(100_000)  # word form -> its neighbours

    def neighbours(self, word: str) -> list[tuple[str, float, float]]:
        """(form, cost, zipf) of the forms ``word`` may be a misreading of: more frequent than
        it, at most ``max_cost`` away, no proper-only forms; only those that could beat the word
        by ``margin`` (with the most the grammar and the cache can add) are costed."""
        n = norm(word)
        return self._neighbours.get_or(n, lambda: self._find_neighbours(n))

    def _find_neighbours(self, n: str) -> list[tuple[str, float, float]]:
        from .confusion import weighted_distance
        from .lexicon_stage import proper_only
        lex, sp = self.lex, self.speller
        zw = max(period_zipf(lex, n), ZIPF_FLOOR)
        key = lex.key(n)
        got = []
        floor = zw + max(0.0, (self.margin - W_MORPH) / W_FREQ)  # rarer forms can never win
        for f, z in lex.near.lookup(key, sp.alphabet, len(key) >= 6, len(n), min_zipf=floor):
            if f == n:
                continue
            room = min(self.max_cost, (W_FREQ * (z - zw) + W_MORPH - self.margin) / W_DIST)
            if room < 0:
                continue
            d = weighted_distance(n, f, sp.conf, limit=room)
            if d <= room and not proper_only(f):
                got.append((f, d, z))
        got.sort(key=lambda o: (W_DIST * o[1] - W_FREQ * o[2], o[0]))
        return got

    def own_zipf(self, word: str, repeats: int, doc_words: int) -> float:
        """The word's Zipf in the cables' register (:func:`period_zipf`), raised by its other
        occurrences in the document."""
        z = max(period_zipf(self.lex, word), ZIPF_FLOOR)
        if self.cache > 0 and repeats > 0 and doc_words > 0:
            z = math.log10(10 ** z + self.cache * repeats / doc_words * 1e9)
        return z

    def suspect(self, doc: Document, tok: Token, repeats: int,
                doc_words: int) -> tuple[float, str, float, float, str] | None:
        """(log-odds, best neighbour, its cost, its zipf, grammar note) when ``tok`` is a suspect."""
        opts = self.neighbours(tok.text)
        if not opts:
            return None
        zw = self.own_zipf(tok.text, repeats, doc_words)
        best = max(opts, key=lambda o: (W_FREQ * (o[2] - zw) - W_DIST * o[1], o[0]))
        odds = W_FREQ * (best[2] - zw) - W_DIST * best[1]
        if odds + W_MORPH <= self.margin:
            return None
        from .lexicon_stage import _neighbours
        from .morph import fit
        prev, nxt, before = _neighbours(doc, tok.start, tok.end)
        m, why = fit(norm(tok.text), prev, nxt, before)
        odds -= W_MORPH if m > 0 else -W_MORPH if m < 0 else 0.0
        if odds > self.margin and fit(best[0], prev, nxt, before)[0] < 0:
            odds -= W_MORPH  # the neighbour breaks a rule where the word stands (своих баз. — без.)
        if odds <= self.margin:
            return None
        return odds, best[0], best[1], best[2], why if m < 0 else ""


def fragment(text: str, tok: Token) -> bool:
    """Part of a longer written unit rather than a word by itself: glued to junk or a hyphen
    ("сес:ии", "Эн-\nлаем", "15-ти"), a letter in brackets (ВКП(б)) or a list mark ("б)")."""
    before = text[tok.start - 1] if tok.start > 0 else " "
    after = text[tok.end:tok.end + 1]
    if before not in _WORD_OPENERS or after == "-":
        return True
    if before == "(" and after == ")":
        return True
    if not _WORD_CLOSERS.match(text, tok.end):
        return True
    return after == ")" and sum(c.isalpha() for c in tok.text) == 1


def abbreviation_like(text: str, tok: Token) -> bool:
    """A short word with a dot that reads as an abbreviation: capitalised (Оп., Эк., Тов.),
    followed by more text without a space (т.т., г.Пхеньян), or a letter after another
    letter's full stop (т. е.)."""
    if text[tok.end:tok.end + 1] != "." or sum(c.isalpha() for c in tok.text) > 3:
        return False
    if len(tok.text) == 1 and _ABBREVIATION_BEFORE.search(text[max(0, tok.start - 6):tok.start]):
        return True  # the second letter of a spaced abbreviation: т. е., и т. д.
    nxt = text[tok.end + 1:tok.end + 2]
    return tok.text[:1].isupper() or (nxt != "" and not nxt.isspace())


#: a single letter and its full stop right before a position (the first half of т. е.)
_ABBREVIATION_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_]\.\s*$")


def real_word_flag(doc: Document, tok: Token, rw: RealWords, gazetteer, repeats: int, doc_words: int,
                   ident: str) -> Flag | None:
    """A flag for a known word the noisy channel reads as another word, or None."""
    w = tok.text
    if w.isupper() and sum(c.isalpha() for c in w) == 1:
        return None  # an initial or a list letter
    if w[:1].isupper() and gazetteer is not None and _known_name(gazetteer, w):
        return None
    if gazetteer is not None and _abbreviation_read_small(doc.text, tok, gazetteer):
        return None
    if fragment(doc.text, tok) or abbreviation_like(doc.text, tok) or hyphenated_abbreviation(w):
        return None
    got = rw.suspect(doc, tok, repeats, doc_words)
    if got is None:
        return None
    odds, form, cost, zipf, why = got
    own = period_zipf(rw.lex, w)
    ratio = 10 ** (zipf - max(own, ZIPF_FLOOR))
    reasons = [f"{REAL_WORD_REASON} '{form}' is {_times(ratio)} more frequent and {cost:.2f} edits away "
               f"(odds e^{odds:.1f} for it)"]
    if own < rw.lex.zipf(w) - 0.3:
        reasons.append(f"'{w}' is mostly an interjection or slang, rare in official cables")
    if repeats:
        reasons.append(f"the document has '{w}' {repeats} more time{'s' if repeats > 1 else ''}")
    if why:
        reasons.append(why)
    return Flag(tok.start, tok.end, w, reasons, ident, "spelling")


#: an abbreviation in capitals right before a word (``ЦК\nтпк``)
_CAPITALS_BEFORE = re.compile(r"(?<![^\W\d_])[А-ЯЁ]{2,}[ \t]*\n?[ \t]*\Z")


def _abbreviation_read_small(text: str, tok: Token, gazetteer) -> bool:
    """Is ``tok`` an abbreviation the gazetteer names something by, with letters the OCR read
    small: a capital after a small one (``передачу кНА участков``: КНА), or all small right after
    another abbreviation (``пленуму ЦК тпк``: ТПК)?  Then it is no other word misread."""
    w = tok.text
    if not (2 <= len(w) <= 5 and w.isalpha() and not w.isupper()):
        return False
    try:
        forms = gazetteer.lookup(w)
        entities = gazetteer.entities
    except Exception:  # noqa: BLE001 - a gazetteer without lookups
        return False
    if not any(w.upper() in entities[f.entity].ru for f in forms if f.entity in entities):
        return False
    return any(ch.isupper() for ch in w[1:]) or bool(_CAPITALS_BEFORE.search(text, max(0, tok.start - 16), tok.start))


def hyphenated_abbreviation(word: str) -> bool:
    """The shape of a hyphenated abbreviation: a first part without a vowel (пр-во, гр-н, р-не,
    с-д, ж-д, н-ка), not a misread word."""
    first, _, rest = word.partition("-")
    return bool(rest) and bool(first) and not set(first.lower()) & _VOWELS


def _times(ratio: float) -> str:
    if ratio >= 100:
        return f"{float(f'{ratio:.2g}'):,.0f}x"
    return f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def detect_flags(doc: Document, lexicon, gazetteer, ident: str, config: dict, confusions=None) -> list[Flag]:
    tokens = doc.tokens or tokenize(doc.text)
    cm = char_model(lexicon)
    flags: list[Flag] = []
    known_cache: dict[str, bool] = {}

    def known(w: str) -> bool:
        if w not in known_cache:
            known_cache[w] = lexicon.is_known(w)
        return known_cache[w]

    words = [i for i, t in enumerate(tokens) if is_word(t.text)]
    whole = hyphenated_halves(doc.text, tokens, words, known,
                              None if gazetteer is None else lambda w: _known_name(gazetteer, w))
    if config["broken"]:
        for b in broken_words(doc.text, tokens, words, known, lexicon):
            whole.update(b.tokens)  # the pieces are not flagged one by one
            reads = ", ".join(f"'{f}'" for f, _ in b.readings[:3])
            flags.append(Flag(b.start, b.end, doc.text[b.start:b.end],
                              [f"{BROKEN_REASON}: the marks read as letters or nothing give {reads}"],
                              ident, "spelling"))
    rw = None
    if config.get("real_word") and confusions is not None:
        rw = _real_words(lexicon, confusions, config)
        counts = Counter(norm(tokens[i].text) for i in words)
    unknown: set[int] = set()
    for i in words:
        tok = tokens[i]
        if i in whole:
            continue  # half of a known word hyphenated at a line end (государ-/ства), or a piece
            # of a word broken by stray marks (flagged as a whole above)
        w = tok.text
        if number_sign(doc.text, tokens, i):
            flags.append(Flag(tok.start, tok.end, w, [NUMBER_SIGN_REASON], ident, "spelling"))
            continue
        reasons: list[str] = []
        kind = "spelling"
        script = script_of(w)
        if script == "mixed":
            flags.append(Flag(tok.start, tok.end, w, ["mixed scripts: Latin letters inside a Cyrillic word"],
                              ident, "spelling"))
            continue
        if script == "cyrillic" and known(w) and abbreviation_alone(doc.text, tokens, i) \
                and not (w.islower() and lexicon.is_abbreviation(w.upper())):  # (цк кпсс: ЦК read small)
            flags.append(Flag(tok.start, tok.end, w, [ABBR_ALONE_REASON], ident, "spelling"))
            continue
        if script != "cyrillic" or lexicon.is_abbreviation(w):
            continue
        low = tok.conf is not None and 0 < tok.conf < config["min_conf"]  # 0: Tesseract gave none
        if known(w):
            joined = hyphen_inside(w, lexicon)
            if joined:
                flags.append(Flag(tok.start, tok.end, w, [f"{HYPHEN_REASON} '{joined}'"], ident, "spelling"))
                continue
            if tok.conf is not None and 0 < tok.conf < config["known_min_conf"]:
                flags.append(Flag(tok.start, tok.end, w, [f"low OCR confidence ({tok.conf:.0f})"], ident))
            elif rw is not None:
                f = real_word_flag(doc, tok, rw, gazetteer, counts[norm(w)] - 1, len(words), ident)
                if f is not None:
                    flags.append(f)
            continue
        if gazetteer is not None and (_known_name(gazetteer, w) or place_adjective(gazetteer, w)
                                      or _name_before_spaced_hyphen(doc.text, tok, gazetteer)):
            continue
        unknown.add(i)
        letters = sum(c.isalpha() for c in w)
        if letters == 1 and lone_letter(doc.text, tokens, i):
            flags.append(Flag(tok.start, tok.end, w, [LETTER_REASON], ident, "spelling"))
            continue
        if letters < config["min_letters"]:
            continue
        if name_like(w):
            kind = "name"
            reasons.append("name-like capitals, not in the lexicon")
        else:
            reasons.append("not a known word form")
            if w[:1].isupper() and not _sentence_start(tokens, i):
                reasons.append("capitalised inside a sentence: may be a name")
        lp, unseen = cm.logprob(w)
        if unseen:
            reasons.append("improbable letter sequence " + ", ".join(f"'{u}'" for u in unseen[:3]))
        if low:
            reasons.append(f"low OCR confidence ({tok.conf:.0f})")
        if kind == "spelling" and letters >= config["min_run_together"]:
            parts = split_run_together(w.lower(), lexicon)
            if parts:
                reasons.append(f"looks like two words run together ('{parts[0]} {parts[1]}')")
        flags.append(Flag(tok.start, tok.end, w, reasons, ident, kind))
    if config["splits"]:
        flags += split_flags(doc, tokens, words, unknown, lexicon, ident)
        flags += lost_letter_flags(doc.text, tokens, words, flags, lexicon, ident)
    if config.get("glued", True):
        flags += glued_flags(doc.text, tokens, words, flags, known, lexicon, gazetteer, ident)
    return sorted(flags, key=lambda f: (f.start, f.end))


#: marks that do not belong between two letters of a typed word (a hyphen, a full stop of an
#: abbreviation, a slash and the quote that stands for ъ do)
GLUE = (set(JUNK) - {"/"}) | set(":;»«!?,")
_HARD_SIGN_VOWELS = "еёюяЕЁЮЯ"
#: the one-letter words of Russian (prepositions, conjunctions, particles, я); other letters
#: alone beside a mark are pieces of a word
ONE_LETTER_WORDS = set("авжикосуя")


def glued_flags(text: str, tokens: list[Token], words: list[int], flags: list[Flag], known, lexicon,
                gazetteer, ident: str) -> list[Flag]:
    """Letters glued to letters by a stray mark ("вой:жа", "бат=льснов", "п:озивником") that no
    other flag covers and that no reading as a known word explained: the letters around the mark
    are not a word, or not both words, so the mark stands for a lost letter or space.  Flagged
    for review without a suggestion.  Left alone: two words a mark joins ("и_хотел": a lost
    space, both pieces right), the period ъ (об"явить), names."""
    covered = [(f.start, f.end) for f in flags]

    def word(w: str) -> bool:
        if len(w) == 1:
            return w.lower() in ONE_LETTER_WORDS
        return (known(w) and lexicon.zipf(w) >= WORD_PIECE_ZIPF) or (
            gazetteer is not None and _known_name(gazetteer, w))

    out: list[Flag] = []
    for a, b in zip(words, words[1:]):
        ta, tb = tokens[a], tokens[b]
        gap = text[ta.end:tb.start]
        if not gap or len(gap) > 2 or not set(gap) <= GLUE:
            continue
        if set(gap) <= set("'\"’”`") and tb.text[:1] in _HARD_SIGN_VOWELS:
            continue  # об"явить, об’явить: the period spelling of ъ
        if not (CYRILLIC.search(ta.text) and CYRILLIC.search(tb.text)):
            continue
        if word(ta.text) and word(tb.text):
            continue
        if any(s <= ta.start and tb.end <= e for s, e in covered):
            continue  # a flag holds both pieces already (a word one piece's flag covers is not)
        out.append(Flag(ta.start, tb.end, text[ta.start:tb.end],
                        [f"{GLUE_REASON} '{gap}' inside a word: a lost letter or space"], ident, "spelling"))
        covered.append((ta.start, tb.end))
    return out


_REAL_WORDS: dict[tuple, RealWords] = {}


def _real_words(lexicon, confusions, config: dict) -> RealWords:
    """One checker (and its neighbour cache) per process and configuration."""
    key = (id(lexicon), id(confusions), config["real_word_max_cost"], config["real_word_margin"],
           config["real_word_cache"])
    if key not in _REAL_WORDS:
        _REAL_WORDS[key] = RealWords(lexicon, confusions, *key[2:])
    return _REAL_WORDS[key]


#: a hyphen with a space on one side or both, then a word (``Е Цзи -чжуаном``)
_SPACED_HYPHEN_WORD = re.compile(r"(?: -\s?|- )([^\W\d_]+)")


def _name_before_spaced_hyphen(text: str, tok: Token, gazetteer) -> bool:
    """Is ``tok``, capitalised, the first part of a hyphenated name whose hyphen the OCR spaced
    (``Е Цзи -чжуаном``: Цзи-чжуаном)?  Then it is no misspelling of a word."""
    m = _SPACED_HYPHEN_WORD.match(text, tok.end)
    return bool(m) and tok.text[:1].isupper() and _known_name(gazetteer, f"{tok.text}-{m.group(1)}")


def _known_name(gazetteer, w: str) -> bool:
    try:
        return bool(gazetteer.is_known_name(w))
    except Exception:  # noqa: BLE001 - a gazetteer without the method
        return False


_PLACE_ADJECTIVE = re.compile(r"(.{3,}?)ск(?:ий|ая|ое|ие|ого|ому|им|ом|ой|ую|ими|их)")


def place_adjective(gazetteer, w: str) -> str | None:
    """The gazetteer name an adjective in -ский is made from (Аньшаньский: Аньшань, Сеульский:
    Сеул, Гензанского: Гензан), or None: such adjectives are right even when no dictionary has
    them."""
    m = _PLACE_ADJECTIVE.fullmatch(w.lower().replace("ё", "е"))
    if gazetteer is None or not m:
        return None
    stem = m.group(1)
    if stem[-1] in "аеиоуыэюя":
        return None  # such adjectives join -ск- to a consonant, ь or й (китаеское is not one)
    for base in (stem, stem[:-1] if stem.endswith("ь") else "", stem[:-1] + "я" if stem.endswith("й") else "",
                 stem + "ия"):
        if base and _known_name(gazetteer, base):
            return base
    return None


def _alone_before_a_word(text: str, tokens: list[Token], i: int) -> tuple[Token | None, Token] | None:
    """(previous token or None, next token) when token ``i`` stands between spaces with a word
    of two letters or more after it; None otherwise (a mark glued to it, a number or a single
    letter after it: letter spacing)."""
    tok = tokens[i]
    if text[tok.end:tok.end + 1] not in (" ", "\n") or (tok.start and not text[tok.start - 1].isspace()):
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or not nxt.text[:1].isalpha() or len(nxt.text) < 2:
        return None
    return (tokens[i - 1] if i else None), nxt


#: the reason of a flag on a letter that stands alone and is no Russian word
LETTER_REASON = "a letter alone that is no Russian word"


def lone_letter(text: str, tokens: list[Token], i: int) -> bool:
    """Is token ``i`` a single letter standing alone in running text (``х Сеулу``, ``з
    интересах``) that no Russian word is?  Not: one-letter words, list marks and abbreviations
    (``а)``, ``г.``), letters of a letter-spaced word (``М А Я``), a capital at a sentence start."""
    w = tokens[i].text
    if len(w) != 1 or not CYRILLIC.search(w) or w.lower() in ONE_LETTER_WORDS:
        return False
    around = _alone_before_a_word(text, tokens, i)
    if around is None:
        return False
    prev, nxt = around
    if prev is not None and len(prev.text) == 1 and prev.text.isalpha():
        return False
    if w.isupper() and (w == "Х" or prev is None or not prev.text[:1].islower() or not nxt.text[:1].islower()):
        return False  # a capital: an initial, a sentence start, a heading, Х for the Roman ten
    return True


#: abbreviations written without a full stop: units of measure and of counting (км, кг, млн);
#: not one-letter units and га, which after a word are nearly always misread в, на (г Сеуле)
_NO_STOP_ABBREVIATIONS = {"км", "кг", "см", "мм", "дм", "мг", "млн", "млрд", "тыс", "руб", "коп", "кв", "сек",
                          "мин"}

#: the reason of a flag on a short abbreviation without its full stop (starts like a real-word
#: flag's reason, so the lexicon stage proposes the more frequent neighbours)
ABBR_ALONE_REASON = "known word, but only as an abbreviation, which takes a full stop"


@lru_cache(maxsize=20_000)
def _abbreviation_only(word: str) -> bool:
    """Is a short word known only as an abbreviation (ст, ч, вс, егэ) or a letter's name (го, ти)?"""
    from .morph import analyzer
    parses = [p for p in analyzer().parse(word) if p.score >= 0.01]
    return bool(parses) and all("Abbr" in p.tag or ("Fixd" in p.tag and len(word) <= 2 and p.tag.POS == "NOUN")
                                for p in parses)


def abbreviation_alone(text: str, tokens: list[Token], i: int) -> bool:
    """``ст Москвы``, ``ч Сеулу``: a word of up to three small letters the dictionaries know only
    as an abbreviation (or a letter's name), with no full stop after it, inside running
    lower-case text: a misread short word (от, и, во, его)."""
    w = tokens[i].text
    if not (2 <= len(w) <= 3 or len(w) == 1) or not w.islower() or w in ONE_LETTER_WORDS:
        return False
    if "-" in w or w in _NO_STOP_ABBREVIATIONS:
        return False
    around = _alone_before_a_word(text, tokens, i)
    if around is None:
        return False
    prev, _ = around
    if prev is None or not prev.text[:1].isalpha() or (len(prev.text) == 1 and prev.text not in ONE_LETTER_WORDS):
        return False  # a list, a heading, letter spacing
    return _abbreviation_only(w.lower())


#: the reason of a flag on a capital standing for the number sign
NUMBER_SIGN_REASON = "a capital alone before a number, where a cable has the number sign №"
#: capitals a typewriter's № comes out of OCR as (Cyrillic М, Latin N; not Н or Ж, which name
#: squares and heights: квадрат Н 12)
_NUMBER_SIGN_LOOKALIKES = {"М", "N"}


def number_sign(text: str, tokens: list[Token], i: int) -> bool:
    """``Экземпляр М 2``, ``Экз. М 3``, ``приказу М 15``: a capital that looks like № alone
    between a word (or a line start) and a number.  (A square or a height named М before its
    number is flagged too: the suggestion says why, a person decides.)"""
    tok = tokens[i]
    if tok.text not in _NUMBER_SIGN_LOOKALIKES or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if not nxt.text[:1].isdigit() or text[tok.end:nxt.start] != " ":
        return False
    prev = tokens[i - 1] if i else None
    return prev is None or not prev.text[:1].isdigit()


#: how the reasons of the two flags below begin (the lexicon stage reads the marks of both as
#: it reads a broken word's)
HYPHEN_REASON = "a hyphen inside the word"
GLUE_REASON = "a stray mark"
#: a colon or semicolon inside a word, small letters after it (Ялтин:ким, Чанчун:сксй): the word
#: goes on, the letters before the mark are no word of their own
WORD_GOES_ON = re.compile(r"[:;]{1,2}([а-яё]{2,})")


#: a piece below this Zipf frequency may be half of a word whose letter the OCR read as a space
#: (``диви ия``: both are "words" of web text, rarely of a cable)
RARE_PIECE_ZIPF = 2.5
#: the least Zipf frequency of the whole word the two pieces make
LOST_LETTER_WORD_ZIPF = 3.0


def lost_letter_flags(text: str, tokens: list[Token], words: list[int], flags: list[Flag], lexicon,
                      ident: str) -> list[Flag]:
    """Two neighbours on one line, one of them rare or unknown, that make a common word when the
    space between them, or a mark of punctuation and the space after it, is read as one letter
    (``диви ия`` → дивизия, ``товар щам`` → товарищам, ``цел ю`` → целью; ``обо; оне`` →
    обороне, ``ком. ндование`` → командование): the OCR read a faint letter as a space, or as a
    mark and a space.  Flagged as a word broken by a mark (the space), so the lexicon stage
    reads it as it reads such words."""
    covered = SpanSet((f.start, f.end) for f in flags)
    out: list[Flag] = []
    for a, b in zip(words, words[1:]):
        ta, tb = tokens[a], tokens[b]
        gap = text[ta.end:tb.start]
        if gap not in _LOST_LETTER_GAPS or ta.line != tb.line:
            continue
        wa, wb = ta.text, tb.text
        if not (CYRILLIC.fullmatch(wa[:1]) and wb[:1].islower() and wb.isalpha() and wa.isalpha()):
            continue
        if wb in ONE_LETTER_WORDS or (gap == ". " and lexicon.is_abbreviation(wa)):
            continue  # a word and a one-letter word after it (спекулянт в его ..., спекулянт, в ...); см. сл.
        if len(wa) + len(wb) < 4 or covered.covers(ta.start, tb.end):
            continue
        za, zb = lexicon.zipf(wa), lexicon.zipf(wb)
        if min(za, zb) >= RARE_PIECE_ZIPF:
            continue
        best = _LOST_LETTER.get_or((wa, wb, getattr(lexicon, "checksum", id(lexicon))),
                                   lambda: _lost_letter_word(wa, wb, min(za, zb), lexicon))
        if not best:
            continue
        what = "the space" if gap == " " else f"'{gap[0]}' and the space after it"
        out.append(Flag(ta.start, tb.end, text[ta.start:tb.end],
                        [f"{BROKEN_REASON}: {what} read as a lost letter, giving '{best}'"], ident, "spelling"))
    return out


#: what may stand for a lost letter between two pieces of a word: a space, or a mark of
#: punctuation with its space (chosen on train: 8 such joins, all right, none in the true texts)
_LOST_LETTER_GAPS = {" ", "; ", ": ", ". ", ", "}
_LOST_LETTER = Memo(50_000)  # (left piece, right piece, lexicon) -> the word they make, or ""


def _lost_letter_word(wa: str, wb: str, piece_zipf: float, lexicon) -> str:
    """The commonest word ``wa`` + one letter + ``wb`` makes, at least as common as the rarer
    piece and :data:`LOST_LETTER_WORD_ZIPF`; "" when there is none (remembered too)."""
    made = [norm(wa) + c + norm(wb) for c in _LETTERS]
    found = [f for f in lexicon.known_among(made) if lexicon.zipf(f) >= max(LOST_LETTER_WORD_ZIPF, piece_zipf)]
    return max(found, key=lexicon.zipf) if found else ""


_VOWELS = set("аеёиоуыэюя")


def hyphen_inside(word: str, lexicon, min_zipf: float = 2.0, letter_zipf: float = 3.0) -> str | None:
    """The word a hyphenated token makes without its hyphen, or with a letter for it, when that
    is a common word and the token is no real compound (не-медленным: the OCR read a mark as a
    hyphen; н-довольны, Корей-кий: a hyphen for a lost letter).  Left alone: hyphenated words
    the dictionaries hold as they are; joined without a letter, a first part of three letters
    or more that is a word or a linking form of its own (блок-пост, северо-восточный, кое-как)
    and пол- (пол-литра); capitals after the first letter (ЦЗЭ-ДУН, Ким Ир-Сен: names).  A
    letter reading must be a word at least ``letter_zipf`` common (a real compound whose
    hyphen is replaced by a letter is no word: северо?восточный), and is not tried on the
    shapes of abbreviations: a second part under three letters, or a first part of two
    letters or more without a vowel (пр-во, гр-н, р-н, с-де, н-ка)."""
    parts = word.split("-")
    if len(parts) != 2 or not all(parts):
        return None
    first, second = parts
    if not (first[1:].islower() or len(first) == 1) or not second.islower():
        return None  # capitals after the first letter are names' (ЦЗЭ-ДУН, И-БО): the names stage's
    if lexicon.known_among([norm(word)]):
        return None  # the dictionaries have the hyphenated word itself (блок-пост, пол-литра)
    low = first.lower()
    own = (len(low) > 2 and lexicon.is_known(low) and low != "пол") or (
        low == "пол" and (second[:1] in "аеёиоуыэюял"))  # блок-пост, кое-, северо-; пол-литра
    if word.islower() and not own:
        joined = first + second
        if lexicon.is_known(joined) and lexicon.zipf(joined) >= min_zipf:
            return joined
    if len(second) < 3 or (len(first) >= 2 and hyphenated_abbreviation(word)):
        return None  # abbreviations: пр-во, гр-н, р-н, с-де, н-ка (a letter in them makes words)
    size = len(first) + len(second) + 1
    lettered = [(lexicon.zipf(f), f) for f, _ in mark_readings([first, second], ["-"], lexicon)
                if len(f) == size]
    best = max(lettered, default=(0.0, ""))
    if best[0] < letter_zipf:
        return None
    return first[:1] + best[1][1:] if first[:1].isupper() else best[1]


def split_flags(doc: Document, tokens: list[Token], words: list[int], unknown: set[int], lexicon,
                ident: str) -> list[Flag]:
    """Neighbouring words on one line, one of them unknown, that make a known word together."""
    out = []
    for a, b in zip(words, words[1:]):
        if b != a + 1 or (a not in unknown and b not in unknown):
            continue
        ta, tb = tokens[a], tokens[b]
        gap = doc.text[ta.end:tb.start]
        if gap != " " or ta.line != tb.line:
            continue
        joined = ta.text + tb.text
        if "-" in joined:
            continue  # a hyphenated word is whole (the compound rule would accept a garbled first part)
        if min(len(ta.text), len(tb.text)) < 2 or len(joined) < 5:
            continue  # single letters are letter-spacing (normalize) or real one-letter words
        if CYRILLIC.search(joined) and not LATIN.search(joined) and lexicon.is_known(joined):
            out.append(Flag(ta.start, tb.end, doc.text[ta.start:tb.end],
                            [f"looks like one word split by a space ('{joined}')"], ident, "spelling"))
    return out


@register
class Detect(Stage):
    name = "detect"
    version = "14"
    order = 20
    requires = frozenset({"tokens"})
    provides = frozenset({"flags"})
    resources = ("lexicon", "confusions")
    description = ("Flag unknown word forms, improbable letter sequences, low OCR confidence, mixed scripts, "
                   "run-together and split words, and known words the OCR noisy channel reads as a much "
                   "more frequent neighbour; name-like capitals go to the names stage.")
    params = {
        "min_conf": Param(float, 40.0, "OCR word confidence (1..100, scans) below which an unknown word's "
                                       "flag says so"),
        "known_min_conf": Param(float, 0.0, "OCR word confidence below which even a known word is flagged "
                                            "(0: never; on the labelled renders only 15% of known words "
                                            "below 40 were wrong, at every level of confidence)"),
        "min_letters": Param(int, 2, "shortest word (letters) flagged as unknown"),
        "min_run_together": Param(int, 8, "shortest unknown word checked for two words run together"),
        "splits": Param(bool, True, "flag neighbouring words that make one known word"),
        "broken": Param(bool, True, "flag words broken by stray marks (специалис”ов) as one span when "
                                    "the marks read as letters or nothing give a known word"),
        "glued": Param(bool, True, "flag letters glued to letters by a stray mark (вой:жа) that no reading "
                                   "explained, for review without a suggestion"),
        "real_word": Param(bool, True, "flag known words that are likely misreadings of a much more "
                                       "frequent neighbour (real-word OCR errors)"),
        "real_word_margin": Param(float, 1.5, "log-odds (natural log) by which a neighbour must beat the "
                                              "word itself to flag it (chosen by cross-validation on train)"),
        "real_word_max_cost": Param(float, 1.0, "largest OCR-weighted distance of a neighbour considered"),
        "real_word_cache": Param(float, 1.0, "weight of the word's other occurrences in the document "
                                             "(0: wordfreq alone)"),
    }

    def process(self, doc: Document) -> None:
        lexicon = get_resource("lexicon")
        confusions = get_resource("confusions") if self.config["real_word"] else None
        doc.flags += detect_flags(doc, lexicon, optional_gazetteer(), self.ident, self.config, confusions)
