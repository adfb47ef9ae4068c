"""Estimated character error rate: a small linear model over figures that need no truth.

A page's CER cannot be measured without its true transcription, but it shows in the text:
OCR errors make unknown word forms, garbage tokens (mixed scripts, case flipping inside a
word, runs of consonants), odd characters, and low OCR word confidences; where the document
has an English translation, the aligned English also tells how many letters an unknown word
lost (:func:`translation_counts`).  The model is

    estimated CER = clip(intercept + Σ coef[f] · feature[f], 0, 1)

over the figures of :func:`text_features`, fitted by least squares on labelled pages (the
``train`` split of :func:`pipeline.labelled.load_labelled`) with ``benchmarks/cer_estimate.py``,
which also measures it on ``test``.  The coefficients and the measured error live in
``dictionaries/cer_model.json``; the QA report shows the measured error beside every estimate.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .memo import Memo
from .resources import dictionaries_dir, file_checksum
from .tokens import CYRILLIC, LATIN, TOKEN_RE, WORD_RE

MODEL_FILE = "cer_model.json"
#: the figures the model may use (each in 0..1)
FEATURES = ("unknown_words", "unknown_chars", "unknown_density", "unknown_edits", "garbage", "odd_chars",
            "low_conf", "conf_gap", "lost_spaces", "lost_lines", "lost_marks", "space_marks",
            "tr_unmatched", "tr_en_unmatched", "tr_near",
            "spaced_letters", "odd_spaces", "short_lines", "real_words", "unknown_names", "suggested_edits")
#: figures that count characters the OCR lost or put in, per character: each such character is
#: one character edit, so the fit may take their coefficient as 1 instead of fitting it
#: (``fit(..., fixed=...)``): on train, the text with most lost spaces held out, a fitted
#: coefficient comes out negative and the figure is dropped
EDIT_COUNTS = ("lost_spaces", "lost_marks", "space_marks")
#: the figures that compare the text with its translation (:func:`translation_features`)
TRANSLATION_FEATURES = ("tr_unmatched", "tr_en_unmatched", "tr_near")
#: a translation figure is the text's share minus the share of clean text (the true texts of
#: the train split against their translations, ``benchmarks/cer_estimate.py --clean``), so a
#: text without a translation (figure 0) is taken to match its translation like clean text
CLEAN_SHARES = {"tr_unmatched": 0.225, "tr_en_unmatched": 0.46}
#: with fewer aligned Russian content words than this the translation figures stay 0
MIN_ALIGNED_WORDS = 10
#: letters wrong in an unknown word the translation explains nothing about (``unknown_edits``);
#: chosen by leave-one-text-out cross-validation on train (1, 1.5, 2, 2.5 tried), near the
#: 1.37 edits of the unknown words the translation does explain
UNKNOWN_EDITS = 1.5
#: letters wrong in an unknown word that reads as a Chinese, Korean or Japanese name
#: (``unknown_names``): most such words are names the gazetteer lacks, written right; chosen
#: by leave-one-text-out cross-validation on train with texts 143–154, which name many people
#: and places the gazetteer lacks (1.5: Spearman 0.956, 0.5: 0.959, 0: 0.960)
NAME_EDITS = 0.0
#: letters wrong in an unknown word the document writes the same way (in any case) at least
#: :data:`REPEAT_MIN` times: an OCR error seldom repeats letter for letter, a rare word or a
#: name the lexicon lacks does.  On the train renders 15% of unknown words written once are
#: right and 67–97% of those written twice or more; chosen by leave-one-text-out
#: cross-validation on train (1.5, as any unknown word: Spearman 0.958; 0.5: 0.960; 0: 0.961;
#: texts 155–166 0.948 → 0.967)
REPEAT_EDITS = 0.0
REPEAT_MIN = 2

VOWELS = set("аеёиоуыэюяaeiouy")
#: punctuation and signs of ordinary typescript text; any other non-letter, non-digit
#: character counts as odd
ORDINARY = set(".,;:!?-–—()\"'«»№%/+=*[]")
_CONSONANT_RUN = re.compile(r"[^аеёиоуыэюяйьъ\W\d_]{5,}", re.I)
_REPEAT = re.compile(r"([^\W\d_])\1\1")
_CASE_FLIP = re.compile(r"[a-zа-яё][A-ZА-ЯЁ]")
_SPACE_RUN = re.compile(r"\s+")
#: three or more single letters between spaces (П Р И К А З): a letter-spaced word read spaced
_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
#: a non-breaking or other unusual space, or two or more spaces in a row (line ends, carriage
#: returns and the form feed of the page separator are not odd)
_ODD_SPACE = re.compile(r"[^\S\n\r\f ]| {2,}")
#: a space before a closing mark (``МИКОЯНУ .``, ``по заявкам ,``): typists set the mark right
#: after the word, but on a monospaced page it fills a cell of its own, and OCR engines often
#: read the gap before it as a space; a letter-spaced word (``К р е м л ь .``) does not count
_SPACE_MARK = re.compile(r"(?<=\S\S) +[.,;:!?»)]")
#: words read with at least this OCR confidence place the layout (word and line boxes)
LAYOUT_CONF = 80.0
#: a line that starts at most this many columns right of the page's left margin lost a short
#: mark there (a list number "1. ", a dash "- "); deeper indents are layout (paragraph
#: indents, centred headings) and count as nothing
MARK_COLUMNS = 4


@lru_cache(maxsize=100000)
def is_garbage(token: str) -> bool:
    """A token no typist would have typed: mixed Latin and Cyrillic letters, a capital after
    a small letter inside the word, three equal letters in a row, five consonants in a row,
    a word of four letters or more without vowels (not in capitals), or a character outside ordinary text (| ~ ^ { } ...)."""
    if WORD_RE.match(token):
        if CYRILLIC.search(token) and LATIN.search(token):
            return True
        core = token.replace("-", "")
        if _CASE_FLIP.search(core) or _REPEAT.search(core) or _CONSONANT_RUN.search(core):
            return True
        # (abbreviations in capitals such as СССР, ЦК КПСС have no vowels)
        return len(core) >= 4 and not core.isupper() and not any(c.lower() in VOWELS for c in core)
    if len(token) == 1 and not token.isalnum():
        return token not in ORDINARY
    return False


def lost_spaces(tokens: Sequence, chars: int) -> float:
    """Spaces the OCR text lost, per character: OCR engines join the words of a line with
    one space, but a typescript is monospaced, so the distance between two words on a
    scanned line says how many characters (spaces) stood between them (table columns,
    indents), and a word whose box is much wider than its letters was letter-spaced.  The type pitch is the median distance per character between neighbours
    one space apart.  Only words read with confidence 80 or more count.  Needs word boxes
    (``Token.bbox``); 0 without them."""
    import statistics
    lines: dict[tuple, list] = {}
    for t in tokens:  # well-read words only: noise on a damaged page makes false gaps
        if getattr(t, "bbox", None) and t.text and (t.conf is None or t.conf >= LAYOUT_CONF):
            lines.setdefault((t.page, t.line), []).append(t)
    pairs = []
    for toks in lines.values():
        toks.sort(key=lambda t: t.start)
        pairs += [(a, b) for a, b in zip(toks, toks[1:]) if b.start > a.end and b.bbox[0] > a.bbox[0]]
    steps = [(b.bbox[0] - a.bbox[0]) / (b.start - a.start) for a, b in pairs if b.start - a.end == 1]
    if not steps or chars <= 0:
        return 0.0
    pitch = statistics.median(steps)
    if pitch <= 0:
        return 0.0
    lost = sum(max(0, round((b.bbox[0] - a.bbox[0]) / pitch) - (b.start - a.start)) for a, b in pairs)
    # a word whose box spans far more columns than it has letters was letter-spaced (М о с к в а)
    for toks in lines.values():
        for t in toks:
            extra = round((t.bbox[2] - t.bbox[0]) / pitch) - len(t.text)
            if extra >= 2 and len(t.text) >= 3:
                lost += extra
    return lost / chars


def lost_lines(tokens: Sequence) -> float:
    """Lines the OCR dropped, per line: a typescript's lines are evenly spaced, so a vertical
    gap of k line pitches between two OCR lines of a page (rows of underscores, faint lines)
    hides k − 1 lines.  Only words read with confidence 80 or more place a line.  Needs word
    boxes; 0 without them."""
    import statistics
    pages: dict = {}
    for t in tokens:
        if getattr(t, "bbox", None) and (t.conf is None or t.conf >= LAYOUT_CONF):
            pages.setdefault(t.page, {}).setdefault(t.line, []).append((t.bbox[1] + t.bbox[3]) / 2)
    lost = n_lines = 0
    for lines in pages.values():
        ys = sorted(statistics.median(v) for v in lines.values())
        n_lines += len(ys)
        if len(ys) < 3:
            continue
        gaps = [b - a for a, b in zip(ys, ys[1:])]
        pitch = statistics.median(gaps)
        if pitch > 0:
            lost += sum(max(0, round(g / pitch) - 1) for g in gaps)
    return lost / n_lines if n_lines else 0.0


def lost_marks(tokens: Sequence, chars: int) -> float:
    """Characters the OCR dropped at line starts, per character: a typescript's lines start
    at the left margin, so a line whose first word (read with confidence 80 or more) starts
    1–:data:`MARK_COLUMNS` columns right of it lost what stood there, typically a list number
    ("1. ") or a dash.  The margin is the 10th percentile of a page's line starts, the column
    width the median distance per character between neighbours one space apart.  Needs word
    boxes; 0 without them, and 0 for pages of fewer than three such lines."""
    import statistics
    pages: dict = {}
    for t in tokens:
        if getattr(t, "bbox", None) and t.text:
            pages.setdefault(t.page, {}).setdefault(t.line, []).append(t)
    lost = 0
    for lines in pages.values():
        steps, firsts = [], []
        for toks in lines.values():
            toks.sort(key=lambda t: t.start)
            good = [t for t in toks if t.conf is None or t.conf >= LAYOUT_CONF]
            steps += [(b.bbox[0] - a.bbox[0]) / (b.start - a.start) for a, b in zip(good, good[1:])
                      if b.start - a.end == 1 and b.bbox[0] > a.bbox[0]]
            if toks[0].conf is None or toks[0].conf >= LAYOUT_CONF:  # the line's own first word
                firsts.append(toks[0].bbox[0])
        if not steps or len(firsts) < 3:
            continue
        pitch = statistics.median(steps)
        if pitch <= 0:
            continue
        margin = sorted(firsts)[len(firsts) // 10]
        for x in firsts:
            cols = round((x - margin) / pitch)
            if 0 < cols <= MARK_COLUMNS:
                lost += cols
    return lost / chars if chars > 0 else 0.0


@lru_cache(maxsize=100_000)
def _foreign_name(word: str) -> bool:
    from .translit import foreign_name_word
    return foreign_name_word(word)


#: a document's word counts (lower case) for the repetition rule, kept for its pages: each page
#: passes the whole document as its context
_WORD_COUNTS = Memo(4)


def _word_counts(text: str) -> Counter:
    return _WORD_COUNTS.get_or(text, lambda: Counter(w.lower() for w in TOKEN_RE.findall(text)))


def text_features(text: str, is_known: Callable[[str], bool],
                  confs: Sequence[float] = (), tokens: Sequence = (), translation: str = "",
                  alignment=None, beads: dict | None = None, real_words: int = 0,
                  context: str = "", suggested_edits: float = 0.0) -> dict[str, float]:
    """The model's figures for a text (and the OCR confidences of its words, if any, and the
    English translation of the document it belongs to, if any; ``alignment``: the text's
    :class:`pipeline.align.Alignment` with it, if already made; ``context``: the whole
    document's text when ``text`` is one page of it, where its words' repetitions are counted):

    - ``unknown_words``: share of word tokens that are not known forms;
    - ``unknown_chars``: the same, weighted by length;
    - ``unknown_density``: unknown word tokens per character of the text (CER counts errors
      per character, and an unknown word usually holds one or two of them);
    - ``unknown_edits``: letters wrong in unknown words, per character: for one that reads as a
      foreign name (``unknown_names``) :data:`NAME_EDITS`; for one within a third of its
      letters of a Russian form of the English aligned with it, that edit distance
      (:func:`translation_counts`); for one the document writes alike at least
      :data:`REPEAT_MIN` times, :data:`REPEAT_EDITS` or that distance, whichever is less (an
      OCR error seldom repeats); for any other :data:`UNKNOWN_EDITS`;
    - ``unknown_names``: unknown words with a capital first that the translation explains
      nothing about and that read as the syllables of a Chinese, Korean or Japanese name
      (:func:`pipeline.translit.foreign_name_word`), per character: most are names the
      gazetteer lacks, written right;
    - ``tr_unmatched``, ``tr_en_unmatched``, ``tr_near``: :func:`translation_features`
      (0 without a translation);
    - ``garbage``: share of tokens (punctuation excluded) that :func:`is_garbage`;
    - ``odd_chars``: share of non-space characters that are neither letters, digits nor
      ordinary punctuation;
    - ``low_conf``: share of words with OCR confidence below 60 (0 without confidences);
    - ``conf_gap``: (100 − mean confidence) / 100 (0 without confidences);
    - ``lost_spaces``, ``lost_lines``, ``lost_marks``: :func:`lost_spaces`,
      :func:`lost_lines` and :func:`lost_marks` of the text's tokens with word boxes (scans);
    - ``spaced_letters``: letters of letter-spaced words read spaced (three or more single
      letters between spaces), per character;
    - ``space_marks``: spaces before a closing mark (:data:`_SPACE_MARK`), per character: each
      one a character the OCR put in;
    - ``odd_spaces``: non-breaking or other unusual spaces and runs of spaces, per character;
    - ``short_lines``: lines shorter than a third of the page's median line length, per
      character (headings, table rows, lines split apart);
    - ``real_words``: known words the detect stage suspects of being another word misread
      (its real-word flags, ``real_words`` of them in the text), per character: the errors the
      lexicon cannot see (0 when the detect stage did not run);
    - ``suggested_edits``: letters the pipeline's suggestions for the text would change (the
      edit distance of each one's original and replacement, ``suggested_edits`` of them in all;
      :func:`pipeline.quality.suggested_edits`), per character: what the correcting stages found
      wrong, each word with its own count of wrong letters (0 when they did not run).

    ``beads``: see :func:`translation_counts`.

    Whitespace counts only in those last four figures (elsewhere the characters of ``text``
    are its non-space characters plus one for each run of whitespace); the page separator (a
    form feed line, or a blank line in older renders) changes no figure.
    """
    counts = translation_counts(text, translation, is_known, alignment, beads) if translation.strip() else None
    explained = counts["edits"] if counts else {}
    n_words = n_unknown = chars = unknown_chars = n_tokens = n_garbage = n_names = 0
    edits = 0.0
    seen = _word_counts(context or text)
    for m in TOKEN_RE.finditer(text):
        tok = m.group()
        if WORD_RE.match(tok):
            n_words += 1
            chars += len(tok)
            if not is_known(tok):
                n_unknown += 1
                unknown_chars += len(tok)
                name = m.start() not in explained and tok[:1].isupper() and _foreign_name(tok)
                n_names += name
                if name:
                    edits += NAME_EDITS
                elif seen[tok.lower()] >= REPEAT_MIN:
                    edits += min(REPEAT_EDITS, explained.get(m.start(), UNKNOWN_EDITS))
                else:
                    edits += explained.get(m.start(), UNKNOWN_EDITS)
        if tok.isalnum() or WORD_RE.match(tok) or not (len(tok) == 1 and tok in ORDINARY):
            n_tokens += 1
            n_garbage += is_garbage(tok)
    visible = [c for c in text if not c.isspace()]
    n_chars = len(visible) + len(_SPACE_RUN.findall(text.strip()))
    odd = sum(1 for c in visible if not c.isalnum() and c not in ORDINARY)
    confs = [c for c in confs if c is not None and c >= 0]
    lengths = sorted(len(ln.strip()) for ln in text.split("\n") if ln.strip())
    median = lengths[len(lengths) // 2] if lengths else 0
    per_char = 1.0 / n_chars if n_chars else 0.0
    return {
        "unknown_words": n_unknown / n_words if n_words else 0.0,
        "unknown_chars": unknown_chars / chars if chars else 0.0,
        "unknown_density": n_unknown / n_chars if n_chars else 0.0,
        "unknown_edits": edits / n_chars if n_chars else 0.0,
        "unknown_names": n_names / n_chars if n_chars else 0.0,
        "garbage": n_garbage / n_tokens if n_tokens else 0.0,
        "odd_chars": odd / len(visible) if visible else 0.0,
        "low_conf": sum(c < 60 for c in confs) / len(confs) if confs else 0.0,
        "conf_gap": (100.0 - sum(confs) / len(confs)) / 100.0 if confs else 0.0,
        "lost_spaces": lost_spaces(tokens, n_chars),
        "lost_lines": lost_lines(tokens),
        "lost_marks": lost_marks(tokens, n_chars),
        "spaced_letters": sum(len(m.group()) // 2 + 1 for m in _SPACED.finditer(text)) * per_char,
        "odd_spaces": len(_ODD_SPACE.findall(text)) * per_char,
        "space_marks": len(_SPACE_MARK.findall(text)) * per_char,
        "short_lines": sum(1 for n in lengths if 3 * n < median) * per_char,
        "real_words": real_words * per_char,
        "suggested_edits": suggested_edits * per_char,
        **translation_features(counts, n_chars),
    }


@dataclass
class CerModel:
    """Linear estimate of CER; ``measured`` holds its error on labelled pages
    (``{"train": {"n", "spearman", "mae"}, "test": {...}}``)."""

    features: list[str]
    intercept: float
    coef: dict[str, float]
    measured: dict = field(default_factory=dict)
    source: str = ""
    checksum: str = ""
    #: the figures whose coefficient was set, not fitted (:data:`EDIT_COUNTS`)
    fixed: list[str] = field(default_factory=list)

    def predict(self, feats: dict[str, float]) -> float:
        y = self.intercept + sum(self.coef.get(f, 0.0) * feats.get(f, 0.0) for f in self.features)
        return min(1.0, max(0.0, y))

    def to_dict(self) -> dict:
        d = {"features": self.features, "intercept": self.intercept, "coef": self.coef,
             "measured": self.measured, "source": self.source}
        if self.fixed:
            d["fixed"] = self.fixed
        return d

    def save(self, path: Path | None = None) -> Path:
        path = path or dictionaries_dir() / MODEL_FILE
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.to_dict(), fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        return path


#: used when no fitted model is installed: unknown words roughly track errors
FALLBACK = CerModel(["unknown_chars", "garbage"], 0.0, {"unknown_chars": 0.25, "garbage": 0.3},
                    {}, "fallback (no fitted model): rough guess, error not measured")


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> CerModel:
    with open(path, encoding="utf-8") as fh:
        d = json.load(fh)
    return CerModel(list(d["features"]), float(d["intercept"]), {k: float(v) for k, v in d["coef"].items()},
                    d.get("measured", {}), d.get("source", ""), file_checksum(Path(path)), list(d.get("fixed", [])))


def load_model(path: Path | None = None) -> CerModel:
    """The fitted model from ``dictionaries/cer_model.json`` (:data:`FALLBACK` if absent)."""
    path = path or dictionaries_dir() / MODEL_FILE
    if not path.exists():
        return FALLBACK
    return _load(str(path), path.stat().st_mtime)


def fit(rows: Iterable[tuple[dict[str, float], float]], features: Sequence[str] = FEATURES,
        weights: Sequence[float] | None = None, source: str = "",
        fixed: dict[str, float] | None = None) -> CerModel:
    """Least-squares fit of ``(features, true CER)`` pairs (optionally weighted, e.g. by
    page length).  Features whose coefficient comes out negative are dropped and the fit
    repeated, so every figure can only raise the estimate.  ``fixed``: figures with a set
    coefficient (``{"lost_spaces": 1.0}``: each lost space one error), taken off the true CER
    before the fit and kept in the model as they are."""
    import numpy as np
    rows = list(rows)
    fixed = {k: v for k, v in (fixed or {}).items()}
    feats = [k for k in features if k not in fixed]
    w = np.sqrt(np.asarray(weights if weights is not None else [1.0] * len(rows), dtype=float))
    y = np.array([cer - sum(c * f.get(k, 0.0) for k, c in fixed.items()) for f, cer in rows], dtype=float)
    if not feats:
        beta = np.array([float(np.sum(w * w * y) / np.sum(w * w))])
    while feats:
        X = np.array([[1.0] + [f.get(k, 0.0) for k in feats] for f, _ in rows], dtype=float)
        beta, *_ = np.linalg.lstsq(X * w[:, None], y * w, rcond=None)
        neg = [k for k, b in zip(feats, beta[1:]) if b < 0]
        if not neg or len(feats) == 1:
            break
        feats = [k for k in feats if k not in neg]
    coef = {k: round(float(b), 6) for k, b in zip(feats, beta[1:])}
    coef.update({k: round(float(v), 6) for k, v in fixed.items()})
    return CerModel(feats + list(fixed), round(float(beta[0]), 6), coef, source=source, fixed=list(fixed))


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman rank correlation (average ranks for ties); nan for fewer than 3 pairs."""
    if len(a) < 3:
        return float("nan")

    def ranks(v: Sequence[float]) -> list[float]:
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2.0
            i = j + 1
        return r

    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def measure(model: CerModel, rows: Sequence[tuple[dict[str, float], float]]) -> dict:
    """``{n, spearman, mae}`` of the model's estimates against the true CERs."""
    est = [model.predict(f) for f, _ in rows]
    true = [c for _, c in rows]
    mae = sum(abs(e - t) for e, t in zip(est, true)) / len(rows) if rows else float("nan")
    return {"n": len(rows), "spearman": round(spearman(est, true), 4), "mae": round(mae, 4)}

# --- figures from the English translation -----------------------------------------------------

#: count near misses (``tr_near``): costly (a nearest-form search for every unmatched known
#: word), and the fitted model does not use them; the benchmark turns it on to offer the figure
NEAR_MISSES = False


def translation_counts(text: str, translation: str, is_known: Callable[[str], bool], alignment=None,
                       beads: dict | None = None) -> dict:
    """What the English translation says about the OCR text.  The text is aligned with the
    translation (:func:`pipeline.align.align_texts`; a page's text against the whole
    document's translation: the English of other pages stays unaligned); in every bead with
    both sides, a Russian content word (not a function word, three letters or more) is
    *matched* when its form is among the Russian forms of the bead's English content words
    (:meth:`pipeline.bilingual.Bilingual.russian_forms`) or one of its lemmas among their
    translations.  Unmatched capitalised words are left out (names match by sound).

    ``{"ru_words", "aligned", "unmatched", "en_words", "en_unmatched", "near", "edits"}``:
    Russian content words in all segments and in beads, those unmatched; English content words
    in beads and those whose translations are none of the bead's Russian lemmas; *near misses*
    (known unmatched words one letter from a translation form: мир read as мор when the
    English says "peace"); and ``edits``: for each unknown unmatched word within a third of its
    letters (at least one) of a translation form, ``{offset in text: edit distance}``."""
    from . import bilingual  # noqa: F401 - registers the resource
    from .align import WORD, align_texts, ru_lemmas
    from .stages import get_resource
    out: dict = {"ru_words": 0, "aligned": 0, "unmatched": 0, "en_words": 0, "en_unmatched": 0, "near": 0,
                 "edits": {}}
    if not translation.strip() or not text.strip():
        return out
    bil = get_resource("bilingual")
    al = alignment or align_texts(text, translation, bil=bil)
    for seg in al.ru:
        out["ru_words"] += sum(1 for m in WORD.finditer(seg.text)
                               if len(m.group()) >= 3 and not ru_lemmas(m.group())[1])
    for b in al.beads:
        if not (b.ru and b.en):
            continue
        key = (tuple(al.ru[i].text for i in b.ru), tuple(al.en[j].text for j in b.en))
        part = beads.get(key) if beads is not None else None
        if part is None:
            part = _bead_counts([al.ru[i].text for i in b.ru], [al.en[j].text for j in b.en], bil, is_known)
            if beads is not None:
                beads[key] = part
        counts, edits = part
        for k, v in counts.items():
            out[k] += v
        for k, offset, dist in edits:
            out["edits"][al.ru[b.ru[k]].start + offset] = dist
    return out


def _bead_counts(ru_texts: list[str], en_texts: list[str], bil, is_known) -> tuple[dict, list]:
    """:func:`translation_counts` of one bead: (counts, [(which Russian segment, offset in it,
    edit distance)])."""
    from .align import WORD, ru_lemmas
    out = {"aligned": 0, "unmatched": 0, "en_words": 0, "en_unmatched": 0, "near": 0}
    edits: list[tuple[int, int, int]] = []
    lemmas: set[str] = set()
    # each English word's Russian forms and their list (both cached by the dictionary)
    form_sets: list[tuple[dict[str, str], list[str]]] = []
    en_words = []
    for en_text in en_texts:
        for m in WORD.finditer(en_text):
            w = m.group()
            if bil.is_function_word(w) or len(w) < 2:
                continue
            tr = bil.translations(w)
            tl = _translation_lemmas(bil, w)
            en_words.append((w, tr, tl))
            lemmas |= tl
    forms = _AnyOf(form_sets)

    def fill_forms() -> None:
        """Every form of every translation (pymorphy3 lexemes: costly, so only when a word
        is not matched by its lemma and the figure needs it)."""
        if form_sets or not en_words:
            return
        for w, _, _ in en_words:
            fs = bil.russian_forms(w)
            if fs and all(fs is not x for x, _ in form_sets):
                form_sets.append((fs, bil.form_list(w)))

    ru_lems: set[str] = set()
    for k, ru_text in enumerate(ru_texts):
        for m in WORD.finditer(ru_text):
            w = m.group()
            lem, func = ru_lemmas(w)
            if func or len(w) < 3:
                continue
            low = w.lower().replace("ё", "е")
            ru_lems.update(lem)
            ru_lems.add(low)
            if any(x in lemmas for x in lem):
                out["aligned"] += 1
                continue
            known = is_known(w)
            if NEAR_MISSES or not (known or w[0].isupper()):
                # a reflexive or derived form matches by form only (known words: only
                # when every figure is wanted)
                fill_forms()
                if low in forms:
                    out["aligned"] += 1
                    continue
            if w[0].isupper():
                continue
            out["aligned"] += 1
            out["unmatched"] += 1
            if not forms:
                continue
            if known:
                if NEAR_MISSES and len(low) >= 4 and forms.nearest(low, 1) is not None:
                    out["near"] += 1
                continue
            best = forms.nearest(low, max(1, len(low) // 3))
            if best is not None:
                edits.append((k, m.start(), best[1]))
    for w, tr, tl in en_words:
        if w[0].isupper() and not tr:
            continue  # a name
        out["en_words"] += 1
        if tl.isdisjoint(ru_lems):
            out["en_unmatched"] += 1
    return out, edits


_TL = Memo(50_000)


def _translation_lemmas(bil, word: str) -> frozenset:
    """The Russian translations of an English word and their normal forms (cached)."""
    def make() -> frozenset:
        from .align import _norm_lemma
        tr = bil.translations(word)
        return frozenset(tr) | {_norm_lemma(r) for r in tr}
    return _TL.get_or((id(bil), word), make)


class _AnyOf:
    """The union of several form dictionaries without copying them: membership, and the
    nearest form by plain edit distance (rapidfuzz over each dictionary's cached key list,
    :meth:`pipeline.bilingual.Bilingual.form_list`)."""

    def __init__(self, parts: list[tuple[dict, list]]):
        self.parts = parts
        self._keys: list[str] | None = None

    def __contains__(self, form: str) -> bool:
        return any(form in p for p, _ in self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def nearest(self, word: str, cutoff: int):
        """(form, distance, index) of the nearest form within ``cutoff`` edits, or None; of equal
        ones the first part's first.  One look-up over all the parts' keys, joined once."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein
        if self._keys is None:
            self._keys = [k for _, keys in self.parts for k in keys]
        return process.extractOne(word, self._keys, scorer=Levenshtein.distance, score_cutoff=cutoff)


def translation_features(counts: dict | None, n_chars: int) -> dict[str, float]:
    """Figures from :func:`translation_counts` (all 0 without counts, or with fewer than
    :data:`MIN_ALIGNED_WORDS` aligned words):

    - ``tr_unmatched``: share of aligned Russian content words the English does not account
      for, minus that share in clean text (:data:`CLEAN_SHARES`);
    - ``tr_en_unmatched``: share of aligned English content words with no Russian counterpart,
      minus that share in clean text;
    - ``tr_near``: near misses (known words one letter from a translation form) per character.
    """
    zero = dict.fromkeys(TRANSLATION_FEATURES, 0.0)
    if not counts or counts["aligned"] < MIN_ALIGNED_WORDS:
        return zero
    return {
        "tr_unmatched": counts["unmatched"] / counts["aligned"] - CLEAN_SHARES["tr_unmatched"],
        "tr_en_unmatched": (counts["en_unmatched"] / counts["en_words"] - CLEAN_SHARES["tr_en_unmatched"]
                            if counts["en_words"] else 0.0),
        "tr_near": counts["near"] / n_chars if n_chars else 0.0,
    }
