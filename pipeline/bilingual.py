"""The English→Russian dictionary (resource ``bilingual``).

Built from two dictionaries Debian packages (both GPL):

- ``mueller7-dict``: V. K. Mueller's English-Russian Dictionary, 7th edition (1961), electronic
  version by S. Starostin and E. S. Cymbalyuk (``/usr/share/dictd/mueller7.dict.dz``);
- ``dict-freedict-eng-rus``: the FreeDict English-Russian dictionary
  (``/usr/share/dictd/freedict-eng-rus.dict.dz``);

plus ``dictionaries/bilingual_extra.tsv`` (month names, ordinal words, translators'
abbreviations).  Each English headword maps to Russian lemmas (single words, in the
dictionary's order) and its parts of speech; irregular English forms ("took", "men") map
to their headword through the dictionary's own "_p. от take" references.  The parsed
table is cached as JSON in :func:`~pipeline.resources.cache_dir` under the checksum of its
inputs (rebuilt when they change, ``ocrfix align --build-dictionary`` forces it);
inflected Russian forms come from pymorphy3 on demand.
"""
from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ResourceError
from .spans import SpanSet
from .memo import Memo
from .resources import cache_dir, read_table
from .stages import resource

CYR_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)

DICTD = Path(os.environ.get("OCRFIX_DICTD", "/usr/share/dictd"))
SOURCES = {"mueller7": "mueller7.dict.dz", "freedict-eng-rus": "freedict-eng-rus.dict.dz"}
PARSER_VERSION = "3"
CYR_WORD = re.compile(r"^[а-яё]+(?:-[а-яё]+)?$")
LATIN = re.compile(r"[A-Za-z]")
#: Mueller's part-of-speech labels → short tags
POS = {"_n.": "n", "_v.": "v", "_a.": "a", "_adv.": "adv", "_prep.": "prep", "_cj.": "cj", "_conj.": "cj",
       "_pron.": "pron", "_int.": "int", "_interj.": "int", "_num.": "num", "_n-ord.": "num",
       "_n-card.": "num", "_art.": "art", "_pl.": "n", "_p.": "v", "_p-p.": "v"}
FUNCTION_POS = {"prep", "cj", "pron", "art", "int"}
#: English auxiliary and modal verbs: a closed class, function words in most of their uses
#: (their dictionary entries list dozens of rare senses: "have" → обманывать)
AUXILIARIES = {"be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having",
               "do", "does", "did", "will", "would", "shall", "should", "may", "might", "can", "could",
               "must"}
#: added to the cost of a form that breaks the grammar of its neighbours
GRAMMAR_COST = 2.0
REFERENCE = re.compile(r"_(?:p|p-p|pl|pres-p|superl|comp)\.\s+(?:и\s+_p-p\.\s+)?от\s+([A-Za-z][A-Za-z'-]*)")


@functools.lru_cache(maxsize=1)
def morph():
    """The pymorphy3 analyser (imported on first use: it is a heavy import)."""
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


def _clean_body(body: str) -> str:
    body = re.sub(r"\[[^\]]*\]", " ", body)  # transcription
    body = re.sub(r"\([^()]*\)", " ", body)  # explanations (twice for nesting)
    body = re.sub(r"\([^()]*\)", " ", body)
    return body


def parse_body(body: str) -> tuple[list[str], list[str], str | None]:
    """(Russian single-word translations, parts of speech, referenced headword) of an entry."""
    ref = REFERENCE.search(body)
    pos = [POS[m] for m in re.findall(r"_[a-z-]+\.", body) if m in POS]
    words: list[str] = []
    for piece in re.split(r"[;,\n]|\d+[.)]|\b[а-я]\)", _clean_body(body)):
        piece = re.sub(r"_\S+", " ", piece).strip(" .:!?=~-")
        if not piece or LATIN.search(piece):
            continue  # an English example phrase with its translation
        tokens = piece.lower().split()
        if len(tokens) == 1 and CYR_WORD.match(tokens[0]):
            words.append(tokens[0])
        elif 1 < len(tokens) <= 3:  # "телефонная станция": keep the content words, after
            words += [t + "\x00" for t in tokens if CYR_WORD.match(t) and len(t) > 3]
    first = [w for w in words if not w.endswith("\x00")]
    rest = [w[:-1] for w in words if w.endswith("\x00")]
    return list(dict.fromkeys(first + rest)), list(dict.fromkeys(pos)), ref.group(1).lower() if ref else None


def parse_dictd(text: str) -> dict[str, dict]:
    """Entries of a dictd text (headword at the line start, body indented) → {word: {ru, pos, ref}}."""
    entries: dict[str, dict] = {}
    head, body = None, []

    def flush() -> None:
        if head and not head.startswith(("00-database", "_")):
            key = head.lower()
            ru, pos, ref = parse_body("\n".join(body))
            e = entries.setdefault(key, {"ru": [], "pos": [], "ref": None})
            e["ru"] = list(dict.fromkeys(e["ru"] + ru))
            e["pos"] = list(dict.fromkeys(e["pos"] + pos))
            e["ref"] = e["ref"] or ref
    for line in text.split("\n"):
        if line and not line[0].isspace():
            flush()
            head, body = line.strip(), []
            if " /" in head:  # FreeDict: "about /əbaut/"
                head = head.split(" /")[0].strip()
        else:
            body.append(line)
    flush()
    return entries


def source_paths() -> dict[str, Path]:
    return {name: DICTD / fn for name, fn in SOURCES.items() if (DICTD / fn).exists()}


def inputs_checksum(paths: dict[str, Path]) -> str:
    h = hashlib.sha256(PARSER_VERSION.encode())
    for name, p in sorted(paths.items()):
        h.update(name.encode())
        h.update(p.read_bytes())
    try:
        h.update(read_table("bilingual_extra.tsv", ("en", "ru", "kind", "source"), warn=False).checksum.encode())
    except ResourceError:
        pass
    return h.hexdigest()[:16]


def build_table(force: bool = False) -> tuple[dict[str, dict], str, Path]:
    """Parse the dictionaries (or load the cached parse); returns (entries, checksum, cache file)."""
    paths = source_paths()
    if not paths:
        raise ResourceError(f"no English-Russian dictionary under {DICTD}: install mueller7-dict or "
                            "dict-freedict-eng-rus", code="E501")
    checksum = inputs_checksum(paths)
    cache = cache_dir() / f"bilingual-{checksum}.json"
    if cache.exists() and not force:
        try:
            return json.loads(cache.read_text("utf-8")), checksum, cache
        except (json.JSONDecodeError, OSError):
            pass  # a broken cache is rebuilt
    entries: dict[str, dict] = {}
    for name, p in paths.items():
        for word, e in parse_dictd(gzip.open(p).read().decode("utf-8", "replace")).items():
            cur = entries.setdefault(word, {"ru": [], "pos": [], "ref": None, "src": name})
            cur["ru"] = list(dict.fromkeys(cur["ru"] + e["ru"]))
            cur["pos"] = list(dict.fromkeys(cur["pos"] + e["pos"]))
            cur["ref"] = cur["ref"] or e["ref"]
    try:
        for row in read_table("bilingual_extra.tsv", ("en", "ru", "kind", "source")).rows:
            cur = entries.setdefault(row["en"].lower(), {"ru": [], "pos": [], "ref": None, "src": "extra"})
            cur["ru"] = list(dict.fromkeys([row["ru"].lower()] + cur["ru"]))
    except ResourceError:
        pass
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps(entries, ensure_ascii=False), "utf-8")
    os.replace(tmp, cache)
    return entries, checksum, cache


def english_lemmas(word: str, known) -> list[str]:
    """Headwords an English word form may belong to (suffix rules; ``known(w)`` tests a headword)."""
    w = word.lower().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    cands = [w]
    rules = [("ically", "ic"), ("ically", "ical"), ("ily", "y"), ("ly", ""), ("ies", "y"), ("ied", "y"),
             ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"),
             ("ied", "y"), ("er", ""), ("est", ""), ("ization", "ize"), ("ation", "ate"), ("ment", "")]
    for suf, rep in rules:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: len(w) - len(suf)] + rep
            cands.append(stem)
            if suf in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2]:
                cands.append(stem[:-1])  # planned → plan
    return [c for c in dict.fromkeys(cands) if known(c)]


@dataclass(eq=False)
class Bilingual:
    """English word → Russian lemmas and their inflected forms."""

    entries: dict[str, dict]
    checksum: str
    sources: list[str] = field(default_factory=list)
    _forms: Memo = field(default_factory=lambda: Memo(20_000), repr=False)
    _function: Memo = field(default_factory=lambda: Memo(100_000), repr=False)
    _form_lists: Memo = field(default_factory=lambda: Memo(20_000), repr=False)

    def known(self, word: str) -> bool:
        e = self.entries.get(word)
        return bool(e and (e["ru"] or e["ref"]))

    def lemmas(self, word: str) -> list[str]:
        """English headwords of a word form (following irregular-form references)."""
        out = []
        for lem in english_lemmas(word, self.known):
            e = self.entries[lem]
            out.append(lem)
            if e["ref"] and e["ref"] in self.entries:
                out.append(e["ref"])
        return list(dict.fromkeys(out))

    def is_function_word(self, word: str) -> bool:
        return self._function.get_or(word, lambda: self._is_function_word(word))

    def _is_function_word(self, word: str) -> bool:
        if word in AUXILIARIES:  # lower case only: "May" is the month
            return True
        lems = self.lemmas(word)
        if not lems:
            return len(word) <= 2
        pos = set(self.entries[lems[0]]["pos"])
        return bool(pos) and pos <= FUNCTION_POS | {"v"} and bool(pos & FUNCTION_POS)

    @functools.lru_cache(maxsize=20000)
    def translations(self, word: str) -> tuple[str, ...]:
        """Russian lemmas for an English word form, best first; an adverb in -ly also gets
        the Russian adverbs derived from its adjective's translations (heroically →
        героически)."""
        out: list[str] = []
        w = word.lower()
        for lem in self.lemmas(w):
            ru = self.entries[lem]["ru"]
            out += ru
            if w.endswith("ly") and not lem.endswith("ly"):
                out += [a for r in ru for a in adverbs_of(r)]
        return tuple(dict.fromkeys(r.replace("ё", "е") for r in out))

    def form_list(self, word: str) -> list[str]:
        """The keys of :meth:`russian_forms` as a list (cached)."""
        return self._form_lists.get_or(word, lambda: list(self.russian_forms(word)))

    def russian_forms(self, word: str) -> dict[str, str]:
        """All inflected forms of the Russian translations of an English word: {form: lemma}
        (cached per word; the caller must not change the dictionary it gets)."""
        def make() -> dict[str, str]:
            out: dict[str, str] = {}
            for lemma in self.translations(word):
                for f in inflected_forms(lemma):
                    out.setdefault(f, lemma)
            return out
        return self._forms.get_or(word, make)


@functools.lru_cache(maxsize=50000)
def inflected_forms(lemma: str) -> tuple[str, ...]:
    """Every form of a Russian lemma (pymorphy3); a verb also gets its reflexive forms in -ся
    (an English passive is often a Russian reflexive: "are exchanged" → "обмениваться")."""
    m = morph()
    forms = {lemma}
    parses = [p for p in m.parse(lemma) if p.normal_form.replace("ё", "е") == lemma] or m.parse(lemma)[:1]
    for p in parses[:2]:
        forms |= {f.replace("ё", "е") for f in lexeme_words(p)}
        if p.tag.POS in ("INFN", "VERB") and not lemma.endswith(("ся", "сь")):
            refl = lemma + "ся"
            if m.word_is_known(refl):
                forms |= {f.replace("ё", "е") for f in lexeme_words(m.parse(refl)[0])}
    return tuple(sorted(forms))


def lexeme_words(parse) -> list[str]:
    """The words of ``parse.lexeme``.  For a dictionary word they are built straight from its
    paradigm (prefix + stem + suffix of each form), skipping the tags and parse objects that
    pymorphy3 makes for every form (most of the time of a translation's first look-up);
    other parses (hyphenated, predicted) go through ``parse.lexeme``."""
    stack = parse.methods_stack
    if len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer" and len(stack[0]) == 4:
        unit, fixed_word, para_id, idx = stack[0]
        d = unit.dict
        paradigm = d.paradigms[para_id]
        n = len(paradigm) // 3
        stem = d.build_stem(paradigm, idx, fixed_word)
        return [d.paradigm_prefixes[paradigm[2 * n + k]] + stem + d.suffixes[paradigm[k]] for k in range(n)]
    return [f.word for f in parse.lexeme]


@functools.lru_cache(maxsize=20000)
def adverbs_of(adjective: str) -> tuple[str, ...]:
    """Adverbs regularly derived from a Russian adjective (героический → героически,
    быстрый → быстро), kept only when pymorphy3 knows them as adverbs."""
    if not adjective.endswith(("ий", "ый", "ой")):
        return ()
    stem = adjective[:-2]
    m = morph()
    out = []
    for cand in (stem + "и", stem + "о", stem + "е"):
        if any(p.tag.POS == "ADVB" for p in m.parse(cand) if p.is_known):
            out.append(cand)
    return tuple(out)


@resource("bilingual")
def load_bilingual() -> Bilingual:
    entries, checksum, _ = build_table()
    return Bilingual(entries, checksum, sorted(source_paths()))


def distance(a: str, b: str, limit: float | None = None) -> float:
    """OCR confusion distance when the confusion model is installed, else Levenshtein (with
    ``limit``: a distance above it may come back as ``inf``)."""
    try:
        from .confusion import weighted_distance
        return weighted_distance(a, b, limit=limit)
    except Exception:  # noqa: BLE001 - no confusion table: plain edit distance
        from rapidfuzz.distance import Levenshtein
        return float(Levenshtein.distance(a.lower(), b.lower()))


def common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n].lower() == b[-1 - n].lower():
        n += 1
    return n


# --- evidence for ordinary words (used by the translation stage) -------------------------------------------------------------------------

def suspicious_words(doc, start: int, end: int, skip: list[tuple[int, int]],
                     known_name=None) -> list[tuple[int, int, str]]:
    """Words of text[start:end] flagged by earlier stages (or, without them, unknown to
    pymorphy3), not inside names or confirmed spans; with ``known_name`` (a test of one word),
    no capitalised word it knows for a name written right (``в Пхеньян`пссла``: the flag is the
    glued word's, Пхеньян is no misspelling of пение)."""
    flagged = [(f.start, f.end) for f in doc.flags if f.kind == "spelling" and not f.confirmed]
    skipped = SpanSet((a, b) for a, b in skip if a < end and start < b)
    if flagged:  # only the words inside a flagged span need looking at
        flagged = SpanSet((a, b) for a, b in flagged if a < end and start < b)
        if not flagged:
            return []
    out = []
    for m in CYR_WORD_RE.finditer(doc.text, start, end):
        s, e, w = m.start(), m.end(), m.group()
        if len(w) < 5 or w.isupper() or (flagged and not flagged.covers(s, e)) or skipped.overlaps(s, e):
            continue
        if re.search(r"-\s*\n\s*$", doc.text[max(0, s - 4):s]) or re.match(r"-\s*\n", doc.text[e:e + 3]):
            continue  # half of a word hyphenated across a line
        if known_name is not None and w[0].isupper() and known_name(w):
            continue
        if s > 1 and doc.text[s - 1] in "\"'’" and doc.text[s - 2].isalpha():
            continue  # об"яснить: the typist's hard sign, not a word of its own
        if "-" in w and all(morph().word_is_known(p.lower()) for p in w.split("-")):
            continue
        if flagged:
            out.append((s, e, w))
        elif not morph().word_is_known(w.lower()):
            out.append((s, e, w))
    return out


def word_evidence(doc, al, bil, stage: str, skip, max_relative: float, known_name=None) -> list:
    """Candidates for suspicious Russian words from the translations of the aligned English
    words (see docs/translation.md); ``known_name`` as for :func:`suspicious_words`."""
    from .lexicon_stage import _neighbours
    from .model import Candidate
    from .morph import fit
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein
    cands = []
    passage_words: dict[int, list[tuple[str, int]]] = {}
    aligned = [k for k, b in enumerate(al.beads) if b.ru and b.en]
    # the suspicious words of the whole text, found once; each passage takes those inside it
    every_target = suspicious_words(doc, 0, len(doc.text), skip, known_name) if any(b.ru for b in al.beads) else []
    target_starts = [t[0] for t in every_target]
    for k, b in enumerate(al.beads):
        if not b.ru:
            continue
        rs, re_ = al.ru[b.ru[0]].start, al.ru[b.ru[-1]].end
        targets = [t for t in every_target[bisect.bisect_left(target_starts, rs):
                                           bisect.bisect_left(target_starts, re_)] if t[1] <= re_]
        if not targets:
            continue
        # the aligned English, then the neighbouring aligned passages (a sentence cut by a page
        # break or a stamp may be aligned with its neighbour, or not at all)
        before = [x for x in aligned if x < k][-1:]
        after = [x for x in aligned if x > k][:1]
        sources = ([(b, 0.0)] if b.en else []) + [(al.beads[x], 0.5) for x in before + after]
        # the English content words of each source passage (found once a passage); their
        # Russian forms stay in the per-word cache, never merged into one big table
        source_words = []
        for nb, penalty in sources:
            key = id(nb)
            if key not in passage_words:
                words_here: list[tuple[str, int]] = []
                es, ee = al.en[nb.en[0]].start, al.en[nb.en[-1]].end
                for m in CYR_WORD_RE.finditer(doc.translation, es, ee):
                    w = m.group()
                    if len(w) < 3 or bil.is_function_word(w):
                        continue
                    sent = next((j for j in nb.en if al.en[j].start <= m.start() < al.en[j].end), nb.en[0]) + 1
                    words_here.append((w, sent))
                passage_words[key] = words_here
            source_words.append((passage_words[key], penalty))
        # the Russian forms of every English word of the sources, one after another, and the plain
        # edit distance of every target to each, in one call (the forms are read once a passage,
        # not once a target)
        choices: list[str] = []
        segments = []  # (start, end, penalty, English word, its forms, sentence)
        for words_here, penalty in source_words:
            for en_w, sent in words_here:
                forms = bil.russian_forms(en_w)
                if forms:
                    start = len(choices)
                    choices.extend(bil.form_list(en_w))
                    segments.append((start, len(choices), penalty, en_w, forms, sent))
        if not choices:
            continue  # no English word of the sources has a Russian form
        lows = [w.lower() for _, _, w in targets]
        cutoffs = [max(2, int(max_relative * len(low)) + 1) for low in lows]
        table = process.cdist(lows, choices, scorer=Levenshtein.distance, score_cutoff=max(cutoffs), workers=1,
                              dtype=np.int32)
        for (s, e, w), low, cutoff, dists in zip(targets, lows, cutoffs, table):
            ranked = []
            prev, nxt, before = _neighbours(doc, s, e)
            # shortlist by plain edit distance (fast), then rank by the confusion model; a form
            # keeps the first English word that gives it in the nearest passage; of each English
            # word its twelve nearest forms (at an equal distance, the first listed)
            near: dict[str, tuple[int, float, int, str, str, int]] = {}  # form -> (edits, penalty, order, ...)
            order = 0
            close = np.nonzero(dists <= cutoff)[0]
            for start, end, penalty, en_w, forms, sent in segments:
                lo, hi = np.searchsorted(close, start), np.searchsorted(close, end)
                if lo == hi:
                    continue
                hits = close[lo:hi]
                for i in hits[np.lexsort((hits, dists[hits]))][:12]:
                    form = choices[i]
                    order += 1
                    row = (int(dists[i]), penalty, order, en_w, forms[form], sent)
                    if form not in near or row[1:3] < near[form][1:3]:
                        near[form] = row
            best12 = sorted(near.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[1][2]))[:12 * max(1, len(sources))]
            shortlist = {form: (en_w, lemma, sent, penalty) for form, (_, penalty, _, en_w, lemma, sent) in best12}
            for form, (en_w, lemma, sent, penalty) in sorted(shortlist.items(), key=lambda kv: kv[1][3]):
                if abs(len(form) - len(low)) > max(2, len(low) // 4):
                    continue
                d = distance(low, form, limit=max_relative * len(low) + 3.0)
                if d == float("inf"):
                    continue
                # the form that fits the grammar of its neighbours (case after a preposition,
                # agreement with an adjective) before one that breaks it
                fits, why = fit(form, prev, nxt, before)
                penalty += GRAMMAR_COST if fits < 0 else 0.0
                # (at an equal cost the form that agrees with its neighbours: Китайской Народной)
                ranked.append((d + penalty - 0.3 * min(common_suffix(low, form), 4), -fits, d, form, en_w, lemma,
                               sent, why))
            if not ranked:
                continue
            ranked.sort()
            key, _, d, form, en_w, lemma, sent, why = ranked[0]
            if d > max_relative * len(low) or form == low:
                continue
            margin = (ranked[1][0] - key) if len(ranked) > 1 else 3.0
            head = low[: len(low) - len(form)]
            if low.endswith(form) and head:
                if not (len(head) <= 3 and morph_known(head)):
                    continue
                form = head + " " + form  # a lost space: "неторопясь" → "не торопясь"
            rep = form.capitalize() if w[0].isupper() else form
            score = max(0.3, min(0.9, 0.85 - 0.5 * d / len(low) + 0.05 * min(margin, 2)))
            cands.append(Candidate(s, e, w, rep, round(score, 3), stage,
                                   [f"English: '{en_w}', sentence {sent} → Russian '{lemma}' "
                                    f"(bilingual dictionary)", f"form '{rep}' is {d:.2f} edits from the OCR"]
                                   + ([why] if why else []),
                                   kind="spelling", features={"translation": 1.0, "distance": d,
                                                              "margin": margin, "n_candidates": float(len(ranked))}))
    return cands


def morph_known(word: str) -> bool:
    return morph().word_is_known(word)
