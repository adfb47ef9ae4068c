"""The detect stage: flag tokens and spans that look wrong, with the reasons.

A word is flagged when it is not a known form of the Russian lexicon (with the improbable
letter sequences it contains as further evidence), when its OCR confidence is low (scans),
when it mixes scripts, or when it looks like two words run together; two neighbouring
words are flagged as one span when together they make a known word that was split.

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

from .model import Document, Flag, Token
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
    global _CHARMODEL
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


def hyphenated_halves(text: str, tokens, words: list[int], known) -> set[int]:
    """Indices of word tokens that are halves of a known word broken by a hyphen at a line end
    (across blank lines and a page number between them, too)."""
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
        if a.text[-1:].isalpha() and b.text[:1].isalpha() and known(a.text + b.text):
            out.update((i, words[k + 1]))
    return out


def detect_flags(doc: Document, lexicon, gazetteer, ident: str, config: dict) -> list[Flag]:
    tokens = doc.tokens or tokenize(doc.text)
    cm = char_model(lexicon)
    flags: list[Flag] = []
    known_cache: dict[str, bool] = {}

    def known(w: str) -> bool:
        if w not in known_cache:
            known_cache[w] = lexicon.is_known(w)
        return known_cache[w]

    words = [i for i, t in enumerate(tokens) if is_word(t.text)]
    whole = hyphenated_halves(doc.text, tokens, words, known)
    unknown: set[int] = set()
    for i in words:
        tok = tokens[i]
        if i in whole:
            continue  # half of a known word hyphenated at a line end (государ-/ства)
        w = tok.text
        reasons: list[str] = []
        kind = "spelling"
        script = script_of(w)
        if script == "mixed":
            flags.append(Flag(tok.start, tok.end, w, ["mixed scripts: Latin letters inside a Cyrillic word"],
                              ident, "spelling"))
            continue
        if script != "cyrillic" or lexicon.is_abbreviation(w):
            continue
        low = tok.conf is not None and 0 < tok.conf < config["min_conf"]  # 0: Tesseract gave none
        if known(w):
            if tok.conf is not None and 0 < tok.conf < config["known_min_conf"]:
                flags.append(Flag(tok.start, tok.end, w, [f"low OCR confidence ({tok.conf:.0f})"], ident))
            continue
        if gazetteer is not None and _known_name(gazetteer, w):
            continue
        unknown.add(i)
        letters = sum(c.isalpha() for c in w)
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
    return sorted(flags, key=lambda f: (f.start, f.end))


def _known_name(gazetteer, w: str) -> bool:
    try:
        return bool(gazetteer.is_known_name(w))
    except Exception:  # noqa: BLE001 - a gazetteer without the method
        return False


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
        if min(len(ta.text), len(tb.text)) < 2 or len(joined) < 5:
            continue  # single letters are letter-spacing (normalize) or real one-letter words
        if CYRILLIC.search(joined) and not LATIN.search(joined) and lexicon.is_known(joined):
            out.append(Flag(ta.start, tb.end, doc.text[ta.start:tb.end],
                            [f"looks like one word split by a space ('{joined}')"], ident, "spelling"))
    return out


@register
class Detect(Stage):
    name = "detect"
    version = "2"
    order = 20
    requires = frozenset({"tokens"})
    provides = frozenset({"flags"})
    resources = ("lexicon",)
    description = ("Flag unknown word forms, improbable letter sequences, low OCR confidence, mixed scripts, "
                   "run-together and split words; name-like capitals go to the names stage.")
    params = {
        "min_conf": Param(float, 40.0, "OCR word confidence (1..100, scans) below which an unknown word's "
                                       "flag says so"),
        "known_min_conf": Param(float, 0.0, "OCR word confidence below which even a known word is flagged "
                                            "(0: never; on the labelled renders only 15% of known words "
                                            "below 40 were wrong, at every level of confidence)"),
        "min_letters": Param(int, 2, "shortest word (letters) flagged as unknown"),
        "min_run_together": Param(int, 8, "shortest unknown word checked for two words run together"),
        "splits": Param(bool, True, "flag neighbouring words that make one known word"),
    }

    def process(self, doc: Document) -> None:
        lexicon = get_resource("lexicon")
        doc.flags += detect_flags(doc, lexicon, optional_gazetteer(), self.ident, self.config)
