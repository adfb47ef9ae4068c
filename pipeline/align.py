"""Aligning the Russian OCR text with its English translation, sentence by sentence.

Both texts are cut into segments (paragraphs → lines that are not wrapped → sentences,
translators' bracketed notes left out).  Two segments are similar when English content
words have a Russian translation among the Russian segment's lemmas (bilingual dictionary
+ pymorphy3), when their numbers and dates agree (:mod:`pipeline.numbers`), and when a
capitalised English word sounds like a Russian one (a name: Zhou ↔ Чжоу).  A dynamic
programme then picks monotone beads (1–1, 1–2, 2–1, 2–2, 1–3, 3–1, or a segment left
alone) maximising similarity minus a threshold, with a Gale–Church-like length term.  A
segment with no counterpart is simply left unaligned: headers and stamps present on one
side, drafts repeated in the Russian, lines lost or invented by OCR.

``ocrfix align DOC`` prints the alignment for a person to check.
"""
from __future__ import annotations

import collections
import hashlib
import threading

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import click
import numpy as np

from .numbers import NumberIndex, NumberMention, find_numbers

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
#: Russian → Latin letters for comparing names across scripts (after GOST 7.79 / passport usage)
ROMAN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                 ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
                  "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
RU_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ"}
BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))


@dataclass
class Segment:
    """A sentence (or a header line) of one side, with what similarity needs; ``text`` is the
    original at ``start:end`` with translators' notes blanked out."""

    index: int
    start: int
    end: int
    text: str
    content: int = 0  # content words + numbers
    numbers: list[NumberMention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Bead:
    """Russian segments ``ru`` aligned with English segments ``en`` (either may be empty)."""

    ru: list[int]
    en: list[int]
    score: float


@dataclass
class Alignment:
    ru: list[Segment]
    en: list[Segment]
    beads: list[Bead]

    def records(self) -> list[dict]:
        """``doc.annotations["alignment"]``: aligned beads as character spans."""
        out = []
        for b in self.beads:
            if b.ru and b.en:
                out.append({"ru_start": self.ru[b.ru[0]].start, "ru_end": self.ru[b.ru[-1]].end,
                            "en_start": self.en[b.en[0]].start, "en_end": self.en[b.en[-1]].end,
                            "score": round(b.score, 3)})
        return out

    def restrict(self, start: int, end: int) -> "Alignment":
        """The alignment of ``text[start:end]`` (a page): the Russian segments inside it, with
        offsets from ``start``; beads reaching outside lose their Russian side."""
        keep = {s.index: k for k, s in enumerate(x for x in self.ru if start <= x.start and x.end <= end)}
        ru = [Segment(keep[s.index], s.start - start, s.end - start, s.text, s.content, s.numbers)
              for s in self.ru if s.index in keep]
        beads = []
        for b in self.beads:
            inside = [keep[i] for i in b.ru if i in keep]
            if inside or b.en:  # a bead across a page break keeps its part on this page
                beads.append(Bead(inside, list(b.en), b.score if inside else 0.0))
        return Alignment(ru, self.en, beads)

    def shifted(self, new_text: str, edits: list[tuple[int, int, str]]) -> "Alignment":
        """The alignment of ``new_text``, which is the aligned text with ``edits`` (sorted,
        non-overlapping ``(start, end, replacement)``) applied: the same beads, segment
        offsets moved by the edits before them (an edit is inside the segment it starts in)."""
        import bisect
        starts = [e[0] for e in edits]
        deltas = [0]
        for s, e, rep in edits:
            deltas.append(deltas[-1] + len(rep) - (e - s))

        def move(pos: int) -> int:
            """Moved by the edits before it; a position inside an edit goes to its replacement's end."""
            k = bisect.bisect_left(starts, pos)
            if k and pos < edits[k - 1][1]:  # inside the edit that starts before it
                s, _, rep = edits[k - 1]
                return s + deltas[k - 1] + len(rep)
            return pos + deltas[k]

        ru = []
        for s in self.ru:
            a = move(s.start)
            b = max(a, move(s.end))
            ru.append(Segment(s.index, a, b, new_text[a:b], s.content, s.numbers))
        return Alignment(ru, self.en, self.beads)

    def unaligned(self, side: str) -> list[Segment]:
        segs = self.ru if side == "ru" else self.en
        return [segs[i] for b in self.beads if not (b.ru and b.en) for i in (b.ru or b.en)
                if (side == "ru") == bool(b.ru)]

    def english_for(self, start: int, end: int) -> list[tuple[int, Segment]]:
        """English segments aligned with the bead covering Russian span start:end (with bead index)."""
        out = []
        for k, b in enumerate(self.beads):
            if b.ru and b.en and self.ru[b.ru[0]].start <= start and end <= self.ru[b.ru[-1]].end:
                out += [(k, self.en[j]) for j in b.en]
        return out


# --- segmentation ---------------------------------------------------------------------------

def _wrapped(line: str, width: int, n_lines: int) -> bool:
    """A line that runs on into the next: hyphenated at the end, or, in a paragraph of three
    or more lines, typed or printed to the margin without a closing stop."""
    s = line.rstrip()
    if re.search(r"[^\W\d_]-$", s):
        return True
    return n_lines >= 3 and width >= 50 and len(s) >= 0.75 * width and not s.endswith((".", "!", "?", ":", ";", '"', "»"))


#: the word ending a sentence with a full stop (an abbreviation such as "Cde." or "т." cut off)
_LAST_ABBREVIATION = re.compile(r"(?<![^\W\d_.])([^\W\d_]+(?:\.[^\W\d_]+)*)\.\s*$")
_ANY_WORD = re.compile(r"\w")


def segment_text(text: str, lang: str, exclude: list[tuple[int, int]] = ()) -> list[Segment]:
    """Sentences and header lines of ``text`` with offsets; spans in ``exclude`` (translators'
    notes) are left out."""
    import razdel
    masked_text = text
    for s, e in exclude:
        s, e = max(0, s), min(len(text), e)
        if s < e:
            masked_text = masked_text[:s] + " " * (e - s) + masked_text[e:]
    units: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"\n[ \t]*\n", masked_text):
        pstart = masked_text.index(para, pos) if para else pos
        pos = pstart + len(para)
        lines, lp = [], pstart
        for line in para.split("\n"):
            lines.append((lp, line))
            lp += len(line) + 1
        width = max((len(l.rstrip()) for _, l in lines), default=0)
        n_lines = sum(1 for _, l in lines if l.strip())  # a text's final line break adds no line
        ustart = None
        for k, (ls, line) in enumerate(lines):
            if ustart is None:
                ustart = ls
            if not (_wrapped(line, width, n_lines) and k + 1 < len(lines)):
                units.append((ustart, ls + len(line)))
                ustart = None
    segs: list[Segment] = []
    for us, ue in units:
        chunk = masked_text[us:ue]
        pending = None
        for s in razdel.sentenize(chunk):
            st, en = us + s.start, us + s.stop
            if pending is not None:
                st = pending
                pending = None
            body = masked_text[st:en]  # translators' notes blanked out
            last = _LAST_ABBREVIATION.search(body[-40:]) if en < ue and body.rstrip().endswith(".") else None
            if last and last.group(1).lower() in abbreviations():
                pending = st  # "Cde." or "т." cut off as a sentence: join with the next
                continue
            if _ANY_WORD.search(body):
                segs.append(Segment(len(segs), st, en, body))
        if pending is not None:
            segs.append(Segment(len(segs), pending, ue, masked_text[pending:ue]))
    return segs


@functools.lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Abbreviations whose full stop does not end a sentence (``bilingual_extra.tsv``)."""
    from .errors import ResourceError
    from .resources import read_table
    try:
        rows = read_table("bilingual_extra.tsv", ("en", "ru", "kind", "source"), warn=False).rows
    except ResourceError:
        return frozenset()
    return frozenset(w.lower() for r in rows if r["kind"] == "abbreviation" for w in (r["en"], r["ru"]) if w != "-")


# --- similarity -----------------------------------------------------------------------------

def romanize(word: str) -> str:
    return "".join(ROMAN.get(c, c) for c in word.lower())


@functools.lru_cache(maxsize=100000)
def ru_lemmas(word: str) -> tuple[tuple[str, ...], bool]:
    """(normal forms, is a function word) of a Russian word."""
    from .bilingual import morph
    parses = morph().parse(word.lower())[:3]
    lem = tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in parses))
    func = bool(parses) and parses[0].tag.POS in RU_FUNCTION_POS
    return lem, func


@functools.lru_cache(maxsize=200000)
def _norm_lemma(ru: str) -> str:
    """The normal form of a Russian word (cached: alignment asks for the same words often)."""
    from .bilingual import morph
    p = morph().parse(ru)
    return p[0].normal_form.replace("ё", "е") if p else ru


def _translation_keys(bil, word: str) -> tuple[str, ...]:
    """An English word's first fifteen Russian translations and their normal forms (what a
    Russian segment's lemma index is looked up with), remembered by the dictionary."""
    cache = bil.__dict__.setdefault("_alignment_keys", {})
    got = cache.get(word)
    if got is None:
        if len(cache) > 200000:
            cache.clear()
        got = cache[word] = tuple(dict.fromkeys(x for r in bil.translations(word)[:15]
                                               for x in (r, _norm_lemma(r))))
    return got


def _is_name_like(word: str) -> bool:
    return word[:1].isupper() and len(word) >= 3


def similarity_matrix(ru_text: str, ru: list[Segment], en_text: str, en: list[Segment], bil
                      ) -> dict[tuple[int, int], set[int]]:
    """For each (Russian, English) segment pair, the English items (content words, names;
    numbers as two items) that have a counterpart in the Russian segment."""
    from rapidfuzz import fuzz, process
    index: dict[str, set[int]] = {}
    ru_names: list[tuple[int, str]] = []
    for seg in ru:
        n = 0
        for m in WORD.finditer(seg.text):
            lem, func = ru_lemmas(m.group())
            if func or len(m.group()) < 2:
                continue
            n += 1
            for l in lem:
                index.setdefault(l, set()).add(seg.index)
            if _is_name_like(m.group()):
                ru_names.append((seg.index, romanize(m.group())))
        seg.numbers = find_numbers(seg.text, "ru")
        seg.content = n + len(seg.numbers)  # numbers count twice, once more below
    ru_numbers = NumberIndex()
    for seg in ru:
        for num in seg.numbers:
            ru_numbers.add(seg.index, num)
    names_only = [rn for _, rn in ru_names]
    sim: dict[tuple[int, int], set[int]] = {}
    item = 0
    name_cache: dict[str, set[int]] = {}
    for seg in en:
        seg.numbers = find_numbers(seg.text, "en")
        n = 0
        for m in WORD.finditer(seg.text):
            w = m.group()
            if bil.is_function_word(w) or len(w) < 2:
                continue
            n += 1
            hits: set[int] = set()
            for r in index.keys() & _translation_keys(bil, w):
                hits |= index[r]
            if _is_name_like(w) and (m.start() > 0 or w.isupper() or not bil.lemmas(w)):
                if w not in name_cache:
                    rw = w.lower()
                    name_cache[w] = {ru_names[k][0] for _, _, k in
                                     process.extract(rw, names_only, scorer=fuzz.ratio, score_cutoff=70, limit=None)}
                hits |= name_cache[w]
            item += 1
            for i in hits:
                sim.setdefault((i, seg.index), set()).add(item)
        seg.content = n + 2 * len(seg.numbers)
        for e_num in seg.numbers:
            item += 2  # a number counts twice
            for r in sorted(ru_numbers.agreeing(e_num)):
                sim.setdefault((r, seg.index), set()).update((item, item - 1))
    for seg in ru:
        seg.content += len(seg.numbers)
    return sim


# --- the dynamic programme ------------------------------------------------------------------

def align_segments(ru: list[Segment], en: list[Segment], sim: dict[tuple[int, int], set[int]], *,
                   threshold: float = 0.18, length_weight: float = 0.1, ratio: float = 1.1,
                   early: float = 0.05) -> list[Bead]:
    """Monotone beads maximising Σ (Dice similarity − threshold − length penalty) × √size,
    with a small preference (``early``) for earlier Russian segments: of several versions of
    one text, the translation is taken to follow the first.

    The English items shared by a Russian and an English segment become bit sets (one row per
    pair that shares any, as wide as one English segment's items), so the dynamic programme
    (:func:`_bead_programme`, compiled when numba is installed) counts the items of a bead's
    cells with a few machine words."""
    import numpy as np
    n, m = len(ru), len(en)
    pc_r = np.zeros(n + 1, dtype=np.int64)
    pl_r = np.zeros(n + 1, dtype=np.int64)
    pc_e = np.zeros(m + 1, dtype=np.int64)
    pl_e = np.zeros(m + 1, dtype=np.int64)
    for k, x in enumerate(ru):
        pc_r[k + 1] = pc_r[k] + x.content
        pl_r[k + 1] = pl_r[k] + len(x.text)
    for k, y in enumerate(en):
        pc_e[k + 1] = pc_e[k] + y.content
        pl_e[k + 1] = pl_e[k] + len(y.text)
    cells = sorted(c for c, items in sim.items() if items)
    # the items of an English segment are numbered one after another, so each pair's bits
    # start at the first item any pair of that English segment holds: a row is as wide as
    # one segment's items, not the whole document's
    base: dict[int, int] = {}
    for (_, y), got in ((c, sim[c]) for c in cells):
        base[y] = min(base.get(y, 1 << 62), min(got))
    owner, items = [], []
    for k, c in enumerate(cells):
        got = sim[c]
        owner += [k] * len(got)
        items += [v - base[c[1]] for v in got]
    it = np.array(items, dtype=np.int64)
    bits = np.zeros((len(cells), int(it.max(initial=0)) // 64 + 1), dtype=np.uint64)
    if items:
        np.bitwise_or.at(bits, (np.array(owner, dtype=np.int64), it // 64),
                         np.left_shift(np.uint64(1), (it % 64).astype(np.uint64)))
    xs = np.array([x for x, _ in cells], dtype=np.int64)
    cols = np.array([y for _, y in cells], dtype=np.int64)
    row_start = np.concatenate(([0], np.cumsum(np.bincount(xs, minlength=n)))).astype(np.int64)
    beads = np.array(BEADS, dtype=np.int64)
    args = (n, m, pc_r, pl_r, pc_e, pl_e, row_start, cols, bits, beads, threshold, length_weight, ratio, early)
    if _bead_programme_jit is not None:
        back = _bead_programme_jit(*args)
    else:
        with np.errstate(over="ignore"):  # the bit count multiplies modulo 2^64 on purpose
            back = _bead_programme(*args)
    out: list[Bead] = []
    i, j = n, m
    while i or j:
        a, b, gain = int(back[i, j, 0]), int(back[i, j, 1]), float(back[i, j, 2])
        out.append(Bead(list(range(i - a, i)), list(range(j - b, j)), gain))
        i, j = i - a, j - b
    return out[::-1]


def _popcount(v):
    v = v - ((v >> 1) & 0x5555555555555555)
    v = (v & 0x3333333333333333) + ((v >> 2) & 0x3333333333333333)
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0F
    return (v * 0x0101010101010101) >> 56


def _cell(row_start, cols, x, y):
    """Index of the (x, y) row of the bit sets, or -1 when the pair shares nothing."""
    lo, hi = row_start[x], row_start[x + 1]
    while lo < hi:
        mid = (lo + hi) // 2
        if cols[mid] < y:
            lo = mid + 1
        else:
            hi = mid
    if lo < row_start[x + 1] and cols[lo] == y:
        return lo
    return -1


def _bead_programme(n, m, pc_r, pl_r, pc_e, pl_e, row_start, cols, bits, beads, threshold, length_weight,
                    ratio, early):
    """The dynamic programme of :func:`align_segments`: for each cell, the bead that reaches
    it best, as (Russian segments, English segments, gain)."""
    neg = -1e18
    best = np.full((n + 1, m + 1), neg)
    back = np.zeros((n + 1, m + 1, 3))
    best[0, 0] = 0.0
    words = bits.shape[1]
    union = np.zeros(words, dtype=np.uint64)
    # near[i, j]: a bead from (i, j) can hold a shared item (some pair x, y with i <= x < i + 3,
    # j <= y < j + 3); elsewhere only the skip beads apply
    near = np.zeros((n + 1, m + 1), dtype=np.bool_)
    for i in range(n + 1):
        for x in range(i, min(n, i + 3)):
            for k in range(row_start[x], row_start[x + 1]):
                y = cols[k]
                for c in range(max(0, y - 2), y + 1):
                    near[i, c] = True
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i, j]
            if here == neg:
                continue
            for q in range(len(beads)):
                a, b = beads[q, 0], beads[q, 1]
                if a and b and not near[i, j]:
                    continue
                if i + a > n or j + b > m:
                    continue
                gain = 0.0
                if a and b:
                    # English segments hold different items: count each one's union apart
                    found = 0
                    n_items = 0
                    for y in range(j, j + b):
                        here_y = 0
                        for w in range(words):
                            union[w] = 0
                        for x in range(i, i + a):
                            k = _cell(row_start, cols, x, y)
                            if k >= 0:
                                here_y += 1
                                for w in range(words):
                                    union[w] |= bits[k, w]
                        if here_y:
                            found += here_y
                            for w in range(words):
                                n_items += _popcount(union[w])
                    if found == 0:
                        continue
                    cr = pc_r[i + a] - pc_r[i]
                    ce = pc_e[j + b] - pc_e[j]
                    dice = 2 * min(n_items, cr) / (cr + ce)
                    if dice <= threshold:
                        continue
                    lr = pl_r[i + a] - pl_r[i]
                    le = pl_e[j + b] - pl_e[j]
                    lpen = min(1.0, abs(math.log((lr + 20) / (ratio * le + 20))))
                    gain = (dice - threshold - length_weight * lpen) * math.sqrt(cr + ce)
                    if a + b > 2:
                        gain -= 0.05 * (a + b - 2)
                    gain += early * (1 - i / n)
                cand = here + gain
                if cand > best[i + a, j + b]:
                    best[i + a, j + b] = cand
                    back[i + a, j + b, 0] = a
                    back[i + a, j + b, 1] = b
                    back[i + a, j + b, 2] = gain
    return back


try:
    import numba as _numba
    _popcount = _numba.njit(cache=True)(_popcount)
    _cell = _numba.njit(cache=True)(_cell)
    _bead_programme_jit = _numba.njit(cache=True)(_bead_programme)
except ImportError:  # pragma: no cover - numba missing: the same programme in Python
    _bead_programme_jit = None


_RECENT: "collections.OrderedDict[tuple, Alignment]" = collections.OrderedDict()
_RECENT_LOCK = threading.Lock()


def align_texts(ru_text: str, en_text: str, notes: list[dict] = (), bil=None) -> Alignment:
    """Align a Russian text with its English translation (``notes``: translators' notes in
    the English, ``{start, end}``, left out).  The last few alignments are remembered (the
    translation stage and the quality figures ask for the same one); callers must not change
    the result."""
    from . import bilingual  # noqa: F401 - registers the resource
    from .stages import get_resource
    bil = bil or get_resource("bilingual")
    key = (hashlib.sha1(ru_text.encode()).digest(), hashlib.sha1(en_text.encode()).digest(),
           tuple((n["start"], n["end"]) for n in notes), getattr(bil, "checksum", id(bil)))
    with _RECENT_LOCK:
        got = _RECENT.get(key)
        if got is not None:
            _RECENT.move_to_end(key)
            return got
    al = _align_texts(ru_text, en_text, notes, bil)
    with _RECENT_LOCK:
        _RECENT[key] = al
        while len(_RECENT) > 8:
            _RECENT.popitem(last=False)
    return al


def _align_texts(ru_text: str, en_text: str, notes: list[dict], bil) -> Alignment:
    ru = segment_text(ru_text, "ru")
    en = segment_text(en_text, "en", [(n["start"], n["end"]) for n in notes
                                      if en_text[n["start"]:n["end"]] == n.get("text", en_text[n["start"]:n["end"]])])
    if not ru or not en:
        return Alignment(ru, en, [Bead([i], [], 0.0) for i in range(len(ru))] +
                         [Bead([], [j], 0.0) for j in range(len(en))])
    sim = similarity_matrix(ru_text, ru, en_text, en, bil)
    return Alignment(ru, en, align_segments(ru, en, sim))


def align_document(doc) -> Alignment:
    return align_texts(doc.text, doc.translation, doc.notes)


# --- evaluation against a labelled alignment ------------------------------------------------

def read_labels(path: Path) -> list[dict]:
    """Rows of an ``align.tsv``: ru_start, ru_end, en_start, en_end (empty: no counterpart)."""
    from .resources import read_table
    rows = []
    for r in read_table(Path(path), ("ru_start", "ru_end")).rows:
        rows.append({"ru": (int(r["ru_start"]), int(r["ru_end"])),
                     "en": (int(r["en_start"]), int(r["en_end"])) if r.get("en_start") else None})
    return rows


def score_alignment(al: Alignment, labels: list[dict]) -> dict:
    """Share of labelled Russian segments whose predicted English counterpart is right (it
    overlaps the labelled English span, or both say 'none')."""
    recs = al.records()
    right = 0
    for row in labels:
        s, e = row["ru"]
        pred = [(r["en_start"], r["en_end"]) for r in recs
                if min(e, r["ru_end"]) - max(s, r["ru_start"]) > 0.5 * (e - s)]
        if row["en"] is None:
            right += not pred
        else:
            gs, ge = row["en"]
            right += any(min(ge, pe) - max(gs, ps) > 0 for ps, pe in pred)
    return {"segments": len(labels), "right": right, "accuracy": right / len(labels) if labels else 1.0}


# --- printing -------------------------------------------------------------------------------

def format_alignment(al: Alignment, width: int = 60) -> str:
    def short(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) <= width else s[: width - 1] + "…"
    lines = []
    for b in al.beads:
        ru = " / ".join(short(al.ru[i].text) for i in b.ru) or "—"
        en = " / ".join(short(al.en[j].text) for j in b.en) or "—"
        tag = f"{b.score:5.2f}" if b.ru and b.en else ("  RU " if b.ru else "  EN ")
        lines.append(f"{tag} | {ru}\n      | {en}")
    return "\n".join(lines)


def load_doc(path: str):
    p = Path(path)
    from .model import Document
    if p.is_dir():
        from .bundle import read_bundle
        return read_bundle(p)
    return Document.from_dict(json.loads(p.read_text("utf-8")))


@click.command("align")
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print the alignment records as JSON.")
@click.option("--tsv", "as_tsv", is_flag=True, help="Print one row per Russian segment (the align.tsv format).")
def align_command(doc: str, as_json: bool, as_tsv: bool) -> None:
    """Print the alignment of DOC (a bundle folder or a run's document.json) with its translation."""
    d = load_doc(doc)
    if not d.translation.strip():
        click.echo("no English translation: nothing to align")
        return
    al = align_document(d)
    if as_json:
        click.echo(json.dumps(al.records(), indent=1))
    elif as_tsv:
        click.echo(alignment_tsv(al))
    else:
        click.echo(format_alignment(al))


def alignment_tsv(al: Alignment) -> str:
    rows = ["ru_start\tru_end\ten_start\ten_end\tru\ten"]
    for b in al.beads:
        en_txt = " / ".join(" ".join(al.en[j].text.split())[:70] for j in b.en)
        for i in b.ru:
            seg = al.ru[i]
            span = f"{al.en[b.en[0]].start}\t{al.en[b.en[-1]].end}" if b.en else "\t"
            rows.append(f"{seg.start}\t{seg.end}\t{span}\t{' '.join(seg.text.split())[:70]}\t{en_txt}")
    return "\n".join(rows)
