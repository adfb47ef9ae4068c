"""The OCR confusion model: how typewritten Russian letters get misread, and what it costs.

A table of edits (``dictionaries/confusions.tsv``: ``ocr``, ``truth``, ``count``, ``weight``,
``source``) says how cheap each misreading is: a substitution (``с`` read for ``е``), an
insertion (a stray character, truth ``∅``), a deletion (a lost character, ocr ``∅``), a merge
(two true characters read as one: truth ``ни``, ocr ``м``) and a split (one true character
read as two: truth ``ы``, ocr ``ьі``).  ``weight`` is a cost in (0, 1]; an edit not in the table
costs 1.  Prior rows describe the typewriter confusions measured on rendered pages; learned
rows come from aligned (OCR, truth) pairs of the ``train`` split (:func:`learn`).

:func:`weighted_distance` is a Damerau–Levenshtein distance with those costs (a noisy-channel
cost of reading ``truth`` as ``ocr``): ranking by it prefers "войсках" for "войскак"
(к/х is cheap) over words at the same plain edit distance.
"""
from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable

import click

from .resources import dictionaries_dir, read_table
from .stages import get_resource, resource

EMPTY = "∅"
TABLE = "confusions.tsv"
#: cost of an edit the table does not list
DEFAULT_COST = 1.0
#: cost of swapping two neighbouring characters
TRANSPOSE_COST = 0.8
#: cost of a letter differing only by case or ё/е (folded before comparing)
MIN_COST = 0.05
#: learned rows need this many observations
MIN_COUNT = 2
#: a prior weight counts as this many observations when blended with learned counts
PRIOR_STRENGTH = 20


def unescape(cell: str) -> str:
    """A table cell: ``U+0022`` stands for a character the TSV reader would take as quoting."""
    return re.sub(r"U\+([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), cell)


def escape(s: str) -> str:
    return "".join(f"U+{ord(c):04X}" if c in "\"'\t " else c for c in s)


def fold(s: str) -> str:
    """Lower case, ё→е: the spelling differences that are not OCR errors."""
    return s.lower().replace("ё", "е")


@dataclass
class Confusions:
    """Edit costs: ``sub[(ocr, truth)]``, ``ins[ocr]``, ``dele[truth]``, ``merge``/``split``."""

    sub: dict[tuple[str, str], float] = field(default_factory=dict)
    ins: dict[str, float] = field(default_factory=dict)
    dele: dict[str, float] = field(default_factory=dict)
    merge: dict[tuple[str, str], float] = field(default_factory=dict)  # (ocr 1 char, truth 2 chars)
    split: dict[tuple[str, str], float] = field(default_factory=dict)  # (ocr 2 chars, truth 1 char)
    checksum: str = ""
    rows: int = 0
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    #: pairs known to cost more than a limit: (ocr, truth) → the largest such limit
    exceeds: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def compiled(self):
        """The table as arrays for the compiled DP, or None without numba."""
        from . import fastdp
        return fastdp.Compiled(self, DEFAULT_COST, TRANSPOSE_COST) if fastdp.numba is not None else None

    @cached_property
    def merge_ocr(self) -> set[str]:
        return {o for o, _ in self.merge}

    @cached_property
    def split_truth(self) -> set[str]:
        return {t for _, t in self.split}

    def add(self, ocr: str, truth: str, weight: float) -> None:
        o = "" if ocr == EMPTY else fold(unescape(ocr))
        t = "" if truth == EMPTY else fold(unescape(truth))
        w = max(MIN_COST, min(DEFAULT_COST, weight))
        if len(o) == 1 and len(t) == 1:
            self.sub[(o, t)] = w
        elif len(o) == 1 and not t:
            self.ins[o] = w
        elif not o and len(t) == 1:
            self.dele[t] = w
        elif len(o) == 1 and len(t) == 2:
            self.merge[(o, t)] = w
        elif len(o) == 2 and len(t) == 1:
            self.split[(o, t)] = w
        else:
            return
        self.rows += 1
        for derived in ("compiled", "merge_ocr", "split_truth"):  # built from the rows so far
            self.__dict__.pop(derived, None)
        self.cache.clear()  # costs worked out with the old rows
        self.exceeds.clear()

    def cheap_pairs(self, max_cost: float = 0.6) -> list[tuple[str, str]]:
        """Substitution pairs at or below ``max_cost`` (for the lexicon's OCR-key classes)."""
        return sorted(p for p, w in self.sub.items() if w <= max_cost)


@resource("confusions")
def load_confusions(path: str | Path | None = None) -> Confusions:
    """The confusion table from ``dictionaries/confusions.tsv``."""
    table = read_table(path or TABLE, ("ocr", "truth", "weight", "source"))
    conf = Confusions(checksum=table.checksum)
    for row in table.rows:
        try:
            conf.add(row["ocr"], row["truth"], float(row["weight"]))
        except ValueError:
            table.malformed.append((0, f"bad weight {row['weight']!r}"))
    if conf.compiled is not None:  # compile or load the compiled distance with the resources
        edit_cost("а", "б", conf)
    return conf


def _model(conf: Confusions | None) -> Confusions:
    return conf if conf is not None else get_resource("confusions")


def weighted_distance(ocr: str, truth: str, conf: Confusions | None = None, limit: float | None = None) -> float:
    """The cost of reading ``truth`` as ``ocr`` under the confusion model (0 = same word).

    Case and ё/е are folded first.  Edits: substitution, insertion, deletion, transposition of
    neighbours, merge (2 true characters → 1) and split (1 → 2), each with its table cost.
    With ``limit``, a cost certain to exceed it may come back as ``inf`` (the computation stops
    early); a cost at or below it is exact.
    """
    model = _model(conf)
    o, t = fold(ocr), fold(truth)
    cache = model.cache
    key = (o, t)
    d = cache.get(key)
    if d is not None:
        return d
    if limit is not None:
        if abs(len(o) - len(t)) * MIN_COST > limit or model.exceeds.get(key, -1.0) >= limit:
            return INF  # known to cost more than the limit
    if len(cache) + len(model.exceeds) > 500_000:
        cache.clear()
        model.exceeds.clear()
    d = edit_cost(o, t, model, INF if limit is None else limit)
    if d == INF:
        model.exceeds[key] = limit
    else:
        cache[key] = d
    return d


INF = float("inf")

#: a character of an OCR string that reads as any one character or as none, free
#: (:func:`wildcard_distance`)
WILD = "\ue000"


class _FreeForWild(dict):
    """An edit cost table in which every edit of :data:`WILD` costs nothing."""

    def get(self, key, default=None):
        return 0.0 if key == WILD or key[:1] == (WILD,) else dict.get(self, key, default)


def wildcard_distance(ocr: str, truth: str, conf: Confusions | None = None) -> float:
    """:func:`weighted_distance` where each :data:`WILD` of ``ocr`` stands for any one
    character or for none at no cost (junk marks whose letters the caller leaves open)."""
    model = _model(conf)
    wild = model.__dict__.get("_wild")
    if wild is None:
        wild = Confusions(sub=_FreeForWild(model.sub), ins=_FreeForWild(model.ins), dele=model.dele,
                          merge=model.merge, split=model.split)
        model.__dict__["_wild"] = wild
    return edit_cost_py(fold(ocr), fold(truth), wild)


def edit_cost(o: str, t: str, conf: Confusions, limit: float = INF) -> float:
    """:func:`edit_cost_py`, compiled (:mod:`pipeline.fastdp`) when numba is installed."""
    if o == t:
        return 0.0
    compiled = conf.compiled
    if compiled is None:
        return edit_cost_py(o, t, conf, limit)
    return round(compiled.cost(o, t, limit), 4)


def edit_cost_py(o: str, t: str, conf: Confusions, limit: float = INF) -> float:
    """The weighted Damerau–Levenshtein DP over folded strings (no caching), in a band
    around the diagonal wide enough for the length difference plus three edits.  Returns
    ``inf`` as soon as two consecutive rows are above ``limit`` (costs are never negative and no
    edit spans more than two rows, so the total cannot come back under it)."""
    if o == t:
        return 0.0
    sub, ins, dele, merge, split = conf.sub, conf.ins, conf.dele, conf.merge, conf.split
    merge_o = conf.merge_ocr
    split_t = conf.split_truth
    n, m = len(o), len(t)
    band = abs(n - m) + 3
    inf = float("inf")
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    row0 = d[0]
    row0[0] = 0.0
    for j in range(1, min(m, band) + 1):
        row0[j] = row0[j - 1] + dele.get(t[j - 1], DEFAULT_COST)
    for i in range(1, n + 1):
        oi = o[i - 1]
        prev, cur = d[i - 1], d[i]
        if i <= band:
            cur[0] = prev[0] + ins.get(oi, DEFAULT_COST)
        c_ins = ins.get(oi, DEFAULT_COST)
        for j in range(max(1, i - band), min(m, i + band) + 1):
            tj = t[j - 1]
            best = prev[j - 1] + (0.0 if oi == tj else sub.get((oi, tj), DEFAULT_COST))
            v = prev[j] + c_ins
            if v < best:
                best = v
            v = cur[j - 1] + dele.get(tj, DEFAULT_COST)
            if v < best:
                best = v
            if j > 1:
                if i > 1 and oi == t[j - 2] and o[i - 2] == tj and oi != tj:
                    v = d[i - 2][j - 2] + TRANSPOSE_COST
                    if v < best:
                        best = v
                if oi in merge_o:
                    c = merge.get((oi, t[j - 2:j]))
                    if c is not None and prev[j - 2] + c < best:
                        best = prev[j - 2] + c
            if i > 1:
                if tj in split_t:
                    c = split.get((o[i - 2:i], tj))
                    if c is not None and d[i - 2][j - 1] + c < best:
                        best = d[i - 2][j - 1] + c
            cur[j] = best
        if limit < INF and min(cur) > limit + 1e-9 and min(prev) > limit + 1e-9:
            return INF
    return round(d[n][m], 4)


def explain(ocr: str, truth: str, conf: Confusions | None = None, limit: int = 3) -> list[str]:
    """Up to ``limit`` edits in words ("с→е") for a candidate's evidence."""
    from rapidfuzz.distance import Levenshtein
    o, t = fold(ocr), fold(truth)
    out = []
    for op in Levenshtein.opcodes(o, t):
        if op.tag == "equal":
            continue
        out.append(f"{o[op.src_start:op.src_end] or EMPTY}→{t[op.dest_start:op.dest_end] or EMPTY}".replace(" ", "␣"))
    return out[:limit]


# --- learning from aligned pairs -------------------------------------------------------------

WORDISH = re.compile(r"\S+|\s+")


def align_edits(ocr: str, truth: str) -> tuple[Counter, Counter]:
    """Edits between an OCR text and its truth: (edit counts keyed (ocr, truth), truth char counts).

    Texts are aligned word by word first (difflib over tokens), then each differing block
    character by character; a block that differs too much (a hallucinated or lost line) is
    not counted as character confusions.
    """
    a, b = WORDISH.findall(ocr), WORDISH.findall(truth)
    edits: Counter = Counter()
    seen: Counter = Counter(fold(ch) for ch in truth if not ch.isspace())
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        o, t = fold("".join(a[i1:i2])), fold("".join(b[j1:j2]))
        if not o or not t or max(len(o), len(t)) > 40 or \
                difflib.SequenceMatcher(None, o, t, autojunk=False).ratio() < 0.5:
            continue
        for cop, k1, k2, l1, l2 in difflib.SequenceMatcher(None, o, t, autojunk=False).get_opcodes():
            if cop == "equal":
                continue
            so, st = o[k1:k2], t[l1:l2]
            if len(so) == len(st):
                for x, y in zip(so, st):
                    edits[(x, y)] += 1
            elif len(so) <= 2 and len(st) <= 2:
                edits[(so or EMPTY, st or EMPTY)] += 1
            else:  # a longer block: count its first characters as substitutions, the rest as ins/del
                k = min(len(so), len(st))
                for x, y in zip(so[:k], st[:k]):
                    edits[(x, y)] += 1
                for x in so[k:]:
                    edits[(x, EMPTY)] += 1
                for y in st[k:]:
                    edits[(EMPTY, y)] += 1
    return edits, seen


def weights_from_counts(edits: Counter, seen: Counter, smoothing: float = 5.0) -> dict[tuple[str, str], float]:
    """Cost of each edit from its relative frequency: ``-log10(p) / 3`` clipped to (MIN_COST, 1]."""
    out = {}
    total = sum(seen.values()) or 1
    for (o, t), c in edits.items():
        base = seen.get(t[0], 0) if t != EMPTY else total / 30
        p = c / (base + smoothing)
        out[(o, t)] = round(max(MIN_COST, min(DEFAULT_COST, -math.log10(max(p, 1e-9)) / 3)), 3)
    return out


def learn(pairs: Iterable[tuple[str, str]], priors: Path | None = None) -> list[dict[str, str]]:
    """Rows of a new confusion table: the prior rows, overridden by edits learned from ``pairs``."""
    edits: Counter = Counter()
    seen: Counter = Counter()
    for ocr, truth in pairs:
        e, s = align_edits(ocr, truth)
        edits += e
        seen += s
    weights = weights_from_counts(edits, seen)
    rows: dict[tuple, dict[str, str]] = {}  # prior rows stay (they define the OCR-key classes);
    # a learned row for the same edit comes after its prior and overrides it when loaded
    prior_w: dict[tuple[str, str], float] = {}
    for row in read_table(priors or TABLE, ("ocr", "truth", "weight", "source")).rows:
        if row["source"].startswith("learned"):
            continue
        rows[(row["ocr"], row["truth"])] = row
        prior_w[(unescape(row["ocr"]), unescape(row["truth"]))] = float(row["weight"])
    for key, c in edits.most_common():
        o, t = key
        shape_ok = (len(o) == 1 and len(t) == 1) or EMPTY in key or (len(o), len(t)) in ((1, 2), (2, 1))
        if c < MIN_COUNT or o == t or not shape_ok or any(ch in "\n\r\t" for ch in o + t):
            continue
        w = weights[key]
        if key in prior_w:  # a prior counts as PRIOR_STRENGTH observations
            w = round((prior_w[key] * PRIOR_STRENGTH + w * c) / (PRIOR_STRENGTH + c), 3)
        rows[("learned", escape(o), escape(t))] = {"ocr": o, "truth": t, "count": str(c), "weight": str(w),
                                        "source": "learned: aligned OCR and gold of the train split"
                                                  + (" (blended with the prior)" if key in prior_w else "")}
    return sorted(rows.values(), key=lambda r: (r["source"].startswith("learned"), r["truth"], r["ocr"]))


def write_table(rows: list[dict[str, str]], path: Path) -> None:
    header = "# OCR confusion costs: ocr read for truth; weight = cost in (0,1], 1 for edits not listed.\n"
    lines = ["ocr\ttruth\tcount\tweight\tsource"]
    for r in rows:
        lines.append("\t".join([escape(r["ocr"]), escape(r["truth"]), r.get("count", "0") or "0", r["weight"], r["source"]]))
    path.write_text(header + "\n".join(lines) + "\n", "utf-8")


def training_pairs(levels: tuple[str, ...] = ("clean", "medium", "heavy")) -> list[tuple[str, str]]:
    """(OCR, gold) pairs of the ``train`` split: seed archive OCR and rendered-scan OCR."""
    try:
        from .labelled import load_labelled
    except ImportError:
        return []
    return [(d.text, d.gold) for d in load_labelled("train", levels) if d.gold]


@click.group("confusions")
def confusions_command() -> None:
    """The OCR confusion model (dictionaries/confusions.tsv)."""


@confusions_command.command("learn")
@click.option("--levels", default="clean,medium,heavy", show_default=True,
              help="Rendered-scan levels to learn from (comma-separated).")
@click.option("--out", "out", default=None, help="Where to write the table (default: dictionaries/confusions.tsv).")
def learn_cmd(levels: str, out: str | None) -> None:
    """Learn edit costs from the train split's (OCR, gold) pairs."""
    pairs = training_pairs(tuple(x for x in levels.split(",") if x))
    rows = learn(pairs)
    path = Path(out) if out else dictionaries_dir() / TABLE
    write_table(rows, path)
    learned = sum(r["source"].startswith("learned") for r in rows)
    click.echo(f"{len(pairs)} train pairs; {learned} learned rows, {len(rows) - learned} prior rows → {path}")


@confusions_command.command("show")
@click.argument("ocr")
@click.argument("truth")
def show_cmd(ocr: str, truth: str) -> None:
    """Print the weighted distance of reading TRUTH as OCR."""
    click.echo(f"{weighted_distance(ocr, truth):.3f}  ({', '.join(explain(ocr, truth)) or 'same'})")
