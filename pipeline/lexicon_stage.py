"""The lexicon stage: spelling candidates for flagged words, ranked by an OCR noisy channel.

For each word the detect stage flagged (kind ``spelling``; never inside a name span of the
names stage, never on a confirmed span):

1. **lookup**: forms whose OCR key (letters replaced by their typewriter look-alike class) is
   within one edit of the word's key, or two deletions (stray letters) — all found by hashed
   probes of the lexicon index;
2. **ranking** by the confusion-weighted distance (:func:`pipeline.confusion.weighted_distance`),
   the form's frequency and its morphological fit with the neighbours (:mod:`pipeline.morph`);
3. **segmentation** of run-together words (a known word + a looked-up word), **joining** of
   split words flagged by detect, and **broken words** ("специалис”ов"): the known words the
   stray marks make when read as letters or nothing;
4. **real-word errors**: a known word that detect suspects ("known word, but ...") gets its
   more frequent neighbours as candidates of kind ``real-word``, ranked together with the word
   itself (so the share says how much they beat it); the word itself is not proposed.

Every candidate says why in words and carries the numbers calibration needs in ``features``.
"""
from __future__ import annotations

import functools
import math
import re

from .confusion import explain, weighted_distance
from .detect import (BROKEN_REASON, HYPHEN_REASON, LETTER_REASON, MARK_COST, NUMBER_SIGN_REASON, ONE_LETTER_WORDS,
                     REAL_WORD_REASON, WORD_GOES_ON, mark_readings, split_marks)
from .gazetteer import is_known_name
from .lexicon import norm
from .model import Candidate, Document, Flag
from .morph import SENTENCE_END, fit
from .stages import Param, Stage, get_resource, register
from .tokens import is_word

#: weights of the ranking score: -DIST·distance + FREQ·zipf + MORPH·fit
#: (a noisy channel: cost 1 ≈ e^-5; one Zipf unit = ln 10; forms wordfreq never saw count as Zipf 1)
W_DIST, W_FREQ, W_MORPH, W_BAD = 5.0, 2.3, 1.2, -6.0
ZIPF_FLOOR = 1.0
#: forms that get the exact weighted distance (the nearest by plain edit distance and frequency)
PRELIM = 20


def key_probes(key: str, alphabet: str, deletes2: bool) -> list[str]:
    """OCR keys within one edit of ``key`` (and two deletions when ``deletes2``)."""
    out = {key}
    n = len(key)
    for i in range(n):
        out.add(key[:i] + key[i + 1:])
        for c in alphabet:
            out.add(key[:i] + c + key[i + 1:])
        if i + 1 < n:
            out.add(key[:i] + key[i + 1] + key[i] + key[i + 2:])
    for i in range(n + 1):
        for c in alphabet:
            out.add(key[:i] + c + key[i:])
    if deletes2:
        for i in range(n):
            for j in range(i + 1, n):
                out.add(key[:i] + key[i + 1:j] + key[j + 1:])
    return list(out)


def restore_case(model: str, word: str) -> str:
    """``word`` in the letter case of ``model`` (all caps, capitalised or lower); words the
    reading split at a mark, each in the case of its own piece (``КНДР’установить`` → КНДР
    установить)."""
    if " " in word:
        pieces, parts = re.findall(r"[^\W\d_]+", model), word.split(" ")
        if len(pieces) == len(parts) > 1:
            return " ".join(restore_case(p, w) for p, w in zip(pieces, parts))
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


class Speller:
    """Candidate lookup over the lexicon, with a per-process cache."""

    def __init__(self, lexicon, confusions, max_cost: float = 2.5, keep: int = 5):
        self.lex, self.conf = lexicon, confusions
        self.max_cost, self.keep = max_cost, keep
        self.alphabet = "".join(sorted(set(lexicon.classes.get(c, c) for c in "абвгдежзийклмнопрстуфхцчшщъыьэюя")))
        self._cache: dict[str, list[tuple[str, float, float]]] = {}

    def lookup(self, word: str) -> list[tuple[str, float, float]]:
        """(form, weighted distance, zipf) of the nearest forms, cheapest first."""
        n = norm(word)
        if n in self._cache:
            return self._cache[n]
        key = self.lex.key(n)
        prelim = [(f, z) for _, f, z in self.nearest_rough(n, key)]
        scored = []
        for f, z in prelim:
            d = weighted_distance(n, f, self.conf)
            if d <= self.max_cost:
                scored.append((f, d, z))
        scored.sort(key=lambda x: (x[1] * W_DIST - max(x[2], ZIPF_FLOOR) * W_FREQ, x[0]))
        out = scored[: self.keep * 3]
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[n] = out
        return out


    def nearest_rough(self, n: str, key: str) -> list[tuple[float, str, float]]:
        """The ``PRELIM`` forms one key edit from ``key`` (not ``n`` itself) first in a rough
        order, (rough, form, zipf) with rough = key distance + ½ plain edit distance − 0.3 Zipf:
        the forms that get the exact weighted distance.  The plain distance is at least the key
        distance (a key maps letters to classes), so forms are read in order of the bound
        1.5 key distance − 0.3 Zipf, and reading stops once no unread form can enter."""
        import bisect

        from rapidfuzz.distance import Levenshtein
        lex = self.lex
        ids, zipf10, kd = lex.one_edit_ids(key, self.alphabet, len(key) >= 6, len(n))
        if not len(ids):
            return []
        z = zipf10 / 10
        bound = 1.5 * kd - 0.3 * z
        best: list[tuple[float, str, float]] = []
        for k in bound.argsort(kind="stable").tolist():
            if len(best) >= PRELIM and bound[k] > best[PRELIM - 1][0]:
                break
            f = lex.word(int(ids[k]))
            if f == n:
                continue
            zk = float(zipf10[k]) / 10
            row = (int(kd[k]) + 0.5 * Levenshtein.distance(n, f) - 0.3 * zk, f, zk)
            if len(best) < PRELIM or row < best[-1]:
                bisect.insort(best, row)
                del best[PRELIM:]
        return best


_SPELLERS: dict[tuple, Speller] = {}


def _speller(lex, conf, max_cost: float, keep: int) -> Speller:
    """One speller (and its lookup cache) per process and configuration."""
    key = (id(lex), id(conf), max_cost, keep)
    if key not in _SPELLERS:
        _SPELLERS[key] = Speller(lex, conf, max_cost, keep)
    return _SPELLERS[key]


def _neighbours(doc: Document, start: int, end: int) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The word before and the word after a span, and the words of the clause before it."""
    head = re.split(r"[.,;:!?()\n]", doc.text[max(0, start - 80):start])[-1].split()
    after = doc.text[end:end + 40].split()
    prev = head[-1] if head and is_word(head[-1]) else None
    nxt = after[0] if after and is_word(after[0]) else None
    if nxt is None:
        rest = doc.text[end:end + 20].lstrip(" \t")
        if rest[:1] in (".", "!", "?", ";") or (not rest and end + 20 >= len(doc.text)):
            nxt = SENTENCE_END  # (an abbreviation's stop belongs to its token: this is a sentence end)
    return prev, nxt, tuple(w for w in head if is_word(w))


def rank(doc: Document, flag: Flag, options: list[tuple[str, float, float]], ident: str, keep: int,
         kind: str = "spelling", extra: str = "") -> list[Candidate]:
    """Candidates from looked-up forms: score by distance, frequency and morphological fit."""
    prev, nxt, before = _neighbours(doc, flag.start, flag.end)
    rows = []
    for form, dist, zipf in options:
        last = form.split()[-1]
        first = form.split()[0]
        m1, why1 = fit(first, prev, None if " " in form else nxt, before)
        m2, why2 = fit(last, None, nxt) if " " in form else (0, "")
        morph = m1 + m2
        score = (-W_DIST * dist + W_FREQ * max(zipf, ZIPF_FLOOR)
                 + sum(W_MORPH if m > 0 else W_BAD if m < 0 else 0 for m in (m1, m2)))
        rows.append((score, form, dist, zipf, morph, "; ".join(w for w in (why1, why2) if w)))
    rows.sort(key=lambda r: (-r[0], r[1]))
    if not rows:
        return []
    z = sum(math.exp(r[0] - rows[0][0]) for r in rows)
    out = []
    for k, (score, form, dist, zipf, morph, why) in enumerate(rows[:keep]):
        kind_k = "segmentation" if " " in form else kind
        extra_k = extra or ("; two words run together" if " " in form else "")
        share = math.exp(score - rows[0][0]) / z
        margin = score - rows[k + 1][0] if k + 1 < len(rows) else 5.0
        rep = restore_case(flag.original, form)
        edits = ", ".join(explain(flag.original, form)) or "same letters"
        evidence = [f"lexicon: {edits}; OCR-weighted cost {dist:.2f}; frequency Zipf {zipf:.1f}" + extra_k]
        if why:
            evidence.append(why)
        belief = share * math.exp(-rows[0][2])  # the posterior share, scaled by the best form's cost
        out.append(Candidate(flag.start, flag.end, flag.original, rep, round(belief, 4), ident, evidence, kind_k,
                             {"distance": dist, "log_freq": zipf, "n_candidates": float(len(rows)),
                              "margin": round(min(margin, 5.0), 3), "morph": float(morph), "rank": float(k),
                              "share": round(share, 4), "length": float(len(flag.original))}))
    return out


PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}


@functools.lru_cache(maxsize=100_000)
def proper_only(form: str) -> bool:
    """Every dictionary reading of ``form`` is a proper name (those come from the gazetteer;
    remembered per form)."""
    from .morph import analyzer
    ps = [p for p in analyzer().parse(form) if p.score >= 0.01] or analyzer().parse(form)[:1]
    return bool(ps) and all(PROPER & set(p.tag.grammemes) for p in ps)


def segmentations(speller: Speller, word: str, max_cost: float) -> list[tuple[str, float, float]]:
    """Two-word readings of a run-together word: a known left part and a looked-up right part."""
    n = norm(word)
    lex = speller.lex
    out = []
    for k in range(4, len(n) - 3):
        left, right = n[:k], n[k:]
        if not lex.is_known(left) or lex.zipf(left) < 3.5:
            continue
        rights = [(right, 0.0, lex.zipf(right))] if lex.is_known(right) else \
            [r for r in speller.lookup(right)[:3] if r[1] <= 1.2]
        for form, d, z in rights:
            cost = d + speller.conf.dele.get(" ", 0.5)
            if cost <= max_cost:
                out.append((f"{left} {form}", round(cost, 3), min(lex.zipf(left), z)))
    out.sort(key=lambda x: (x[1] * W_DIST - max(x[2], ZIPF_FLOOR) * W_FREQ, x[0]))
    return out[:5]


def real_word_candidates(doc: Document, flag: Flag, speller: Speller, ident: str, keep: int,
                         max_cost: float) -> list[Candidate]:
    """Candidates for a known word detect suspects: its more frequent neighbours within
    ``max_cost`` (the same cached lookup detect made), ranked beside the word itself, which
    is then left out."""
    lex = speller.lex
    n = norm(flag.original)
    zw = max(lex.zipf(n), ZIPF_FLOOR)
    options = [(f, d, z) for f, d, z in speller.lookup(n)
               if d <= max_cost and z > zw and " " not in f and not proper_only(f)]
    if not options:
        return []
    options.append((n, 0.0, zw))
    out = rank(doc, flag, options, ident, keep + 1, "real-word", f"; '{flag.original}' is a known word, "
               f"Zipf {lex.zipf(n):.1f}")
    return [c for c in out if norm(c.replacement) != n][:keep]


#: adjective endings a compound's linking form stands for (корейско- ← корейский)
_LINKING_ADJECTIVE = ("ий", "ый", "ой")


def _adjective(word: str) -> bool:
    """A full adjective in the masculine nominative (корейский; not the noun Ниной)."""
    from .morph import analyzer
    return any(p.tag.POS == "ADJF" and {"masc", "sing", "nomn"} <= p.tag.grammemes for p in analyzer().parse(word))


def compound_options(speller: Speller, word: str) -> list[tuple[str, float, float]]:
    """Readings of a hyphenated compound whose last part is a known word and whose first part
    is no linking form (``горейсхо-китайская``): the first part read as the linking form of
    the nearest adjective (корейско- from корейский), the rest kept; (form, distance, zipf of
    the adjective)."""
    parts = norm(word).split("-")
    lex = speller.lex
    if len(parts) != 2 or not all(parts) or len(parts[0]) < 4 or parts[0][-1] not in "ое" \
            or not lex.is_known(parts[1]):
        return []
    first, rest = parts
    out: dict[str, tuple[float, float]] = {}
    for ending in _LINKING_ADJECTIVE:
        for form, d, z in speller.lookup(first[:-1] + ending):
            if form.endswith(_LINKING_ADJECTIVE) and len(form) > 4 and _adjective(form):
                joined = f"{form[:-2]}{first[-1]}-{rest}"
                if lex.is_known(joined) and d < out.get(joined, (99.0, 0.0))[0]:
                    out[joined] = (d, z)
    return sorted(((f, d, z) for f, (d, z) in out.items()), key=lambda o: (o[1], -o[2]))[:3]


def glued_pair(word: str, lex) -> str | None:
    """``и'Курильских``: a word in small letters, one mark, a capitalised word, both known (the
    second perhaps a name); or ``У’сказал``: a word of a name, one mark, a known word in small
    letters: the two words, the mark read as the space between them."""
    pieces, gaps = split_marks(word)
    if len(pieces) != 2 or len(gaps) != 1 or gaps[0].isspace():
        return None
    if pieces[0][:1].islower() and pieces[1][:1].isupper() and lex.is_known(pieces[0]) \
            and (lex.is_known(pieces[1]) or is_known_name(pieces[1])):
        return f"{pieces[0]} {pieces[1]}"
    if pieces[0][:1].isupper() and is_known_name(pieces[0]) and pieces[1].islower() and len(pieces[1]) >= 3 \
            and lex.is_known(pieces[1]):
        return f"{pieces[0]} {pieces[1]}"  # Пак Ил У’сказал: a name's last word and the verb after it
    return None


def broken_candidates(doc: Document, flag: Flag, speller: Speller, ident: str, keep: int,
                      max_cost: float) -> list[Candidate]:
    """Candidates for a word broken by stray marks: the known words its marks make when read
    as letters or nothing, and the nearest forms of its letters run together (when a piece
    has an error of its own too), each costing the marks' reading plus the lookup's distance."""
    lex = speller.lex
    pieces, gaps = split_marks(flag.original)
    if len(pieces) < 2 or len(gaps) != len(pieces) - 1:
        return []
    options = {form: cost for form, cost in mark_readings(pieces, gaps, lex)}
    marks = MARK_COST * sum(len(g) for g in gaps)
    for form, dist, _ in speller.lookup("".join(pieces)):
        if " " not in form and marks + dist < options.get(form, max_cost + 1e-9):
            options[form] = round(marks + dist, 3)
    pair = glued_pair(flag.original, lex)
    if pair:
        options[pair] = marks
    if pieces[-1] == "" and gaps[-1] and set(gaps[-1]) <= set("”»’"):
        # a closing quote after a word: a lost letter, never just dropped (it may close a
        # quotation the OCR text opened elsewhere)
        options.pop(norm("".join(pieces)), None)
    rows = [(f, c, lex.zipf(f)) for f, c in options.items() if c <= max_cost and not proper_only(f)]
    return rank(doc, flag, rows, ident, keep, "spelling", "; the stray marks read as letters or nothing")


def _blocked(doc: Document) -> list[tuple[int, int]]:
    spans = [(int(a["start"]), int(a["end"])) for a in doc.annotations.get("names", []) or []]
    spans += [(f.start, f.end) for f in doc.flags if f.confirmed]
    return spans


@register
class LexiconStage(Stage):
    name = "lexicon"
    version = "11"
    order = 40
    requires = frozenset({"flags"})
    provides = frozenset({"candidates"})
    resources = ("lexicon", "confusions")
    description = ("Spelling candidates for flagged words (never proper names: the names stage proposes "
                   "those): OCR-key lookups in the lexicon ranked by "
                   "confusion-weighted distance, frequency and morphology; run-together and split words.")
    params = {
        "max_cost": Param(float, 2.5, "largest OCR-weighted distance of a candidate"),
        "keep": Param(int, 4, "candidates kept per flagged word"),
        "segment": Param(bool, True, "propose two-word readings of run-together words"),
        "join": Param(bool, True, "propose joining words split by a space"),
        "real_word_max_cost": Param(float, 1.0, "largest OCR-weighted distance of a candidate for a known "
                                                "word detect suspects (a real-word error)"),
    }

    def process(self, doc: Document) -> None:
        lex, conf = get_resource("lexicon"), get_resource("confusions")
        speller = _speller(lex, conf, self.config["max_cost"], self.config["keep"])
        blocked = _blocked(doc)
        for flag in list(doc.flags):
            if flag.kind != "spelling" or flag.confirmed or not flag.stage.startswith("detect"):
                continue
            over = [s for s, e in blocked if flag.start < e and s < flag.end]
            if over and not ((pair := glued_pair(flag.original, lex))
                             and min(over) >= flag.end - len(pair.split(" ", 1)[1])):
                continue  # (и'Курильских островов: a name's words after the mark stay as they are)
            if flag.original[:1].isupper() and is_word(flag.original) and WORD_GOES_ON.match(doc.text, flag.end):
                continue  # Чанчун of Чанчун:сксй (Чанчуньской): a piece of a word a mark broke
            if any("mixed scripts" in r for r in flag.reasons):
                continue  # the normalize stage proposes the look-alike fix
            if any("one word split" in r for r in flag.reasons):
                if self.config["join"]:
                    joined = flag.original.replace(" ", "")
                    doc.candidates += rank(doc, flag, [(norm(joined), conf.dele.get(" ", 0.5), lex.zipf(joined))],
                                           self.ident, 1, "segmentation", "; joins a word split by a space")
                continue
            if NUMBER_SIGN_REASON in flag.reasons:
                doc.candidates += rank(doc, flag, [("№", 1.0, 0.0)], self.ident, 1, "spelling",
                                       "; the number sign before a number")
                continue
            if LETTER_REASON in flag.reasons:
                options = [(o, d, lex.zipf(o)) for o in sorted(ONE_LETTER_WORDS)
                           if (d := weighted_distance(flag.original.lower(), o, conf)) <= self.config["real_word_max_cost"]]
                doc.candidates += rank(doc, flag, options, self.ident, self.config["keep"], "spelling",
                                       "; a letter alone read as a one-letter word")
                continue
            if any(r.startswith((BROKEN_REASON, HYPHEN_REASON)) for r in flag.reasons):
                doc.candidates += broken_candidates(doc, flag, speller, self.ident, self.config["keep"],
                                                    self.config["max_cost"])
                continue
            if is_word(flag.original) and any(r.startswith(REAL_WORD_REASON) for r in flag.reasons):
                doc.candidates += real_word_candidates(doc, flag, speller, self.ident, self.config["keep"],
                                                       self.config["real_word_max_cost"])
                continue
            if not is_word(flag.original) or "not a known word form" not in flag.reasons:
                continue
            options = [o for o in speller.lookup(flag.original) if not proper_only(o[0])]
            pair = glued_pair(flag.original, lex)
            if pair:
                options.append((pair, MARK_COST * len(split_marks(flag.original)[1][0]), lex.zipf(pair.split()[-1])))
            linking = set()
            if "-" in flag.original and (not options or options[0][1] > 1.0):
                compound = compound_options(speller, flag.original)
                linking = {f for f, _, _ in compound}
                options += compound
            if self.config["segment"] and len(flag.original) >= 8 and (not options or options[0][1] > 1.2):
                options += segmentations(speller, flag.original, self.config["max_cost"])[:2]
            ranked = rank(doc, flag, options, self.ident, self.config["keep"])
            for c in ranked:
                if norm(c.replacement) in linking:
                    c.features["linking"] = 1.0  # a guessed linking form: for a person to confirm
            doc.candidates += ranked
