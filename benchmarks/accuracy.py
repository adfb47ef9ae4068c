"""Accuracy of ocrfix against raw OCR and the tools a user would otherwise reach for.

On every labelled set — the archive OCR of the seeds (our gold transcriptions) and the
rendered typescript scans at each degradation level — split into train and test
(``samples/split.tsv``; nothing is tuned on test), in one run:

- ``raw OCR``: no change;
- ``ocrfix auto``: the default pipeline, auto suggestions applied;
- ``ocrfix auto+review``: every review suggestion accepted as well;
- ``ocrfix no translation``: auto, without the translation stage;
- ``pyspellchecker``: pyspellchecker's Russian list (edit distance 1: at its default of 2 one
  cable takes over ten minutes), unknown words replaced by its correction;
- ``hunspell``: Debian's hunspell with hunspell-ru, misspelled words replaced by the first
  suggestion;
- ``symspellpy``: plain symspellpy over wordfreq's Russian list (300,000 words), words it does
  not know replaced by its closest word.

Figures: CER and WER before/after (length-weighted over the set), share of wrong words fixed,
share of right words broken, garbled names fixed, and suggestions a reviewer must look at per
1,000 words.  Every system's output is a list of suggestions over the OCR text, scored the
same way: each span a system changed (widened to whole words) and every other word is a
unit; a unit is *wrong* when the OCR differs from the truth at that span (character
alignment), *fixed* when the output equals the truth, *broken* when a right unit changed.

Writes ``benchmarks/results/accuracy-DATE.{md,json,png}``.  Run:
``.venv/bin/python benchmarks/accuracy.py [--levels clean,medium,heavy] [--no-baselines]``.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from pipeline.labelled import CharAlignment, load_labelled  # noqa: E402
from pipeline.metrics import char_errors  # noqa: E402
from pipeline.model import Document, Suggestion, choose_non_overlapping  # noqa: E402
from pipeline.stages import Pipeline  # noqa: E402
from pipeline.tokens import is_word, tokenize  # noqa: E402
from results_io import machine, write_results  # noqa: E402

CYR_WORD = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё\-]*$")
_SPACE = re.compile(r"\s+")


def match_case(src: str, rep: str) -> str:
    if src.isupper() and len(src) > 1:
        return rep.upper()
    if src[:1].isupper():
        return rep[:1].upper() + rep[1:]
    return rep


def word_tokens(doc: Document):
    return [t for t in (doc.tokens or tokenize(doc.text)) if is_word(t.text) and CYR_WORD.match(t.text)]


# --- the other tools -------------------------------------------------------------------

class PySpell:
    name = "pyspellchecker"

    def __init__(self):
        from spellchecker import SpellChecker
        # distance 2 (its default) takes over ten minutes for one cable: long Russian words
        # have too many edits; distance 1 is how it can be used on such text at all
        self.sp = SpellChecker(language="ru", distance=1)

    def suggest(self, doc: Document) -> list[Suggestion]:
        out = []
        for t in word_tokens(doc):
            w = t.text.lower()
            if len(w) < 2 or w in self.sp:
                continue
            rep = self.sp.correction(w)
            if rep and rep != w:
                out.append(Suggestion(t.start, t.end, t.text, match_case(t.text, rep), 1.0, "auto", self.name, []))
        return out


class Hunspell:
    name = "hunspell"

    def __init__(self):
        if not shutil.which("hunspell"):
            raise RuntimeError("hunspell is not installed")

    def suggest(self, doc: Document) -> list[Suggestion]:
        toks = word_tokens(doc)
        if not toks:
            return []
        words = "\n".join(t.text for t in toks) + "\n"
        res = subprocess.run(["hunspell", "-d", "ru_RU", "-a", "-i", "utf-8"], input=words, capture_output=True,
                             text=True, timeout=3600)
        answers = [ln for ln in res.stdout.splitlines()[1:]]
        # one answer block (lines, then an empty line) per input line
        blocks, cur = [], []
        for ln in answers:
            if ln == "":
                blocks.append(cur)
                cur = []
            else:
                cur.append(ln)
        out = []
        for t, block in zip(toks, blocks):
            bad = [ln for ln in block if ln.startswith("&")]
            if bad:
                sugg = bad[0].split(":", 1)[1].split(",")[0].strip()
                if sugg and sugg != t.text:
                    out.append(Suggestion(t.start, t.end, t.text, sugg, 1.0, "auto", self.name, []))
        return out


class SymSpellPlain:
    name = "symspellpy"

    def __init__(self, n: int = 300_000):
        from symspellpy import SymSpell
        from wordfreq import top_n_list, word_frequency
        self.sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for w in top_n_list("ru", n):
            if CYR_WORD.match(w):
                self.sym.create_dictionary_entry(w, max(1, int(word_frequency(w, "ru") * 1e9)))

    def suggest(self, doc: Document) -> list[Suggestion]:
        from symspellpy import Verbosity
        out = []
        for t in word_tokens(doc):
            w = t.text.lower()
            if len(w) < 2 or w in self.sym.words:
                continue
            hits = self.sym.lookup(w, Verbosity.TOP, max_edit_distance=2)
            if hits and hits[0].term != w:
                out.append(Suggestion(t.start, t.end, t.text, match_case(t.text, hits[0].term), 1.0, "auto",
                                      self.name, []))
        return out


# --- ocrfix ------------------------------------------------------------------------------

def ocrfix_runs(docs: list[Document]) -> dict[str, list[list[Suggestion]]]:
    full, no_tr = Pipeline(), Pipeline(skip=["translation"])
    runs: dict[str, list[list[Suggestion]]] = defaultdict(list)
    review_counts: dict[str, list[int]] = defaultdict(list)
    for d in docs:
        a = Document(id=d.id, text=d.text, translation=d.translation, tokens=list(d.tokens) or tokenize(d.text),
                     pages=d.pages)
        full.run(a)
        runs["ocrfix auto"].append([s for s in a.suggestions if s.status == "auto"])
        runs["ocrfix auto+review"].append([s for s in a.suggestions if s.status in ("auto", "review")])
        review_counts["ocrfix auto"].append(sum(s.status == "review" for s in a.suggestions))
        review_counts["ocrfix auto+review"] = review_counts["ocrfix auto"]
        b = Document(id=d.id, text=d.text, translation=d.translation, tokens=list(d.tokens) or tokenize(d.text),
                     pages=d.pages)
        no_tr.run(b)
        runs["ocrfix no translation"].append([s for s in b.suggestions if s.status == "auto"])
        review_counts["ocrfix no translation"].append(sum(s.status == "review" for s in b.suggestions))
    runs["_review"] = review_counts  # type: ignore[assignment]
    return runs


# --- scoring -----------------------------------------------------------------------------

def _norm(s: str) -> str:
    return _SPACE.sub(" ", s).strip()


def score_doc(doc: Document, suggestions: list[Suggestion], gazetteer) -> dict:
    """Counts for one document and one system (see the module docstring)."""
    text, gold = doc.text, doc.gold or ""
    chosen = choose_non_overlapping(suggestions)
    corrected, pos = [], 0
    for s in chosen:
        corrected.append(text[pos:s.start])
        corrected.append(s.replacement)
        pos = s.end
    corrected.append(text[pos:])
    out_text = "".join(corrected)
    al = CharAlignment(text, gold)
    words = word_tokens(doc)
    units: list[tuple[int, int, str]] = []  # (start, end, output text)
    covered = set()
    for s in chosen:
        toks = [t for t in words if t.start < s.end and s.start < t.end]
        start = min([s.start] + [t.start for t in toks])
        end = max([s.end] + [t.end for t in toks])
        out = text[start:s.start] + s.replacement + text[s.end:end]
        units.append((start, end, out))
        covered |= {id(t) for t in toks}
    units += [(t.start, t.end, t.text) for t in words if id(t) not in covered]
    c = defaultdict(int)
    for start, end, out in units:
        ocr, truth = _norm(text[start:end]), _norm(al.gold_text(start, end))
        n = max(1, sum(1 for t in words if start <= t.start and t.end <= end))
        is_name = any(gazetteer and gazetteer.is_known_name(w) for w in re.findall(r"[А-ЯЁа-яё\-]{2,}", truth)
                      if w[:1].isupper())
        if ocr != truth:
            c["wrong"] += n
            c["fixed"] += n * (_norm(out) == truth)
            if is_name:
                c["names_wrong"] += 1
                c["names_fixed"] += _norm(out) == truth
        else:
            c["right"] += n
            c["broken"] += n * (_norm(out) != truth)
    c["words"] = len(words)
    c["chars"] = len(gold)
    c["cer_before"] = char_errors(text, gold)
    c["cer_after"] = char_errors(out_text, gold)
    gw, ow, cw = gold.split(), text.split(), out_text.split()
    from rapidfuzz.distance import Levenshtein
    c["gold_words"] = len(gw)
    c["wer_before"] = Levenshtein.distance(ow, gw)
    c["wer_after"] = Levenshtein.distance(cw, gw)
    c["changes"] = len(chosen)
    return dict(c)


def summarise(rows: list[dict], review: int = 0) -> dict:
    t = defaultdict(int)
    for r in rows:
        for k, v in r.items():
            t[k] += v
    div = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {"docs": len(rows), "words": t["words"], "cer_before": div(t["cer_before"], t["chars"]),
            "cer_after": div(t["cer_after"], t["chars"]), "wer_before": div(t["wer_before"], t["gold_words"]),
            "wer_after": div(t["wer_after"], t["gold_words"]), "wrong_words": t["wrong"],
            "fixed_share": div(t["fixed"], t["wrong"]), "broken_share": div(t["broken"], t["right"]),
            "names_wrong": t["names_wrong"], "names_fixed": div(t["names_fixed"], t["names_wrong"]),
            "review_per_1000_words": div(1000 * review, t["words"]) if review else 0.0}


def set_name(doc: Document) -> str:
    lv = doc.meta.get("level", "archive")
    return ("archive OCR (seeds)" if lv == "archive" else f"rendered {lv}") + f" / {doc.meta.get('split')}"


def to_markdown(res: dict) -> str:
    lines = [f"# ocrfix accuracy against raw OCR and other tools ({res['machine']['date']})", "",
             "Length-weighted over each set. fixed = share of wrong words made right; broken = share of right "
             "words made wrong; names = share of garbled names made right; review/1k = suggestions a reviewer "
             "must look at per 1,000 words.", ""]
    for set_, systems in res["sets"].items():
        lines += [f"## {set_}", "",
                  "| system | CER before → after | WER before → after | fixed | broken | names | review/1k |",
                  "|---|---|---|---|---|---|---|"]
        for name, s in systems.items():
            f = lambda v: "–" if v is None else f"{v:.1%}" if isinstance(v, float) and v <= 1 else str(v)  # noqa
            lines.append(f"| {name} | {s['cer_before']:.4f} → {s['cer_after']:.4f} | {s['wer_before']:.3f} → "
                         f"{s['wer_after']:.3f} | {f(s['fixed_share'])} | {f(s['broken_share'])} | "
                         f"{f(s['names_fixed'])} ({s['names_wrong']}) | {s['review_per_1000_words']} |")
        lines.append("")
    lines.append(f"Documents: {res['documents']}; run time {res['seconds']} s.")
    return "\n".join(lines) + "\n"


def plot(res: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    sets = list(res["sets"])
    systems = [s for s in next(iter(res["sets"].values())) if s != "raw OCR"]
    fig, axes = plt.subplots(1, 2, figsize=(13, 0.5 * len(sets) * len(systems) / 2 + 3))
    for ax, key, title in ((axes[0], "fixed_share", "wrong words fixed (higher is better)"),
                           (axes[1], "broken_share", "right words broken (lower is better)")):
        labels, vals = [], []
        for st in sets:
            for sy in systems:
                labels.append(f"{st} · {sy}")
                vals.append(res["sets"][st][sy][key] or 0)
        ax.barh(range(len(vals)), vals, color=["#2a7" if "ocrfix" in lb else "#999" for lb in labels])
        ax.set_yticks(range(len(vals)), labels, fontsize=6)
        ax.invert_yaxis()
        ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", default="clean,medium,heavy")
    ap.add_argument("--no-baselines", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    levels = tuple(x for x in a.levels.split(",") if x)
    docs = load_labelled("all", levels)
    from pipeline.stages import get_resource
    try:
        gaz = get_resource("gazetteer")
    except Exception:  # noqa: BLE001 - the names part may be absent
        gaz = None
    systems: dict[str, list[list[Suggestion]]] = {"raw OCR": [[] for _ in docs]}
    runs = ocrfix_runs(docs)
    review = runs.pop("_review")
    systems.update(runs)
    if not a.no_baselines:
        for tool in (PySpell, Hunspell, SymSpellPlain):
            try:
                inst = tool()
            except Exception as exc:  # noqa: BLE001 - a missing tool is reported, not fatal
                print(f"skipping {tool.name}: {exc}", file=sys.stderr)
                continue
            systems[tool.name] = [inst.suggest(d) for d in docs]
    by_set: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        by_set[set_name(d)].append(i)
        if d.meta.get("batch"):  # test texts also by batch: 1 = the first seven, 2 = texts 125–142
            by_set[f"{set_name(d)} batch {d.meta['batch']}"].append(i)
    res = {"machine": machine(), "documents": len(docs), "sets": {}}
    for st in sorted(by_set):
        idx = by_set[st]
        res["sets"][st] = {}
        for name, sugg in systems.items():
            rows = [score_doc(docs[i], sugg[i], gaz) for i in idx]
            rv = sum(review[name][i] for i in idx) if name in review else 0
            res["sets"][st][name] = summarise(rows, rv)
    res["seconds"] = round(time.perf_counter() - t0, 1)
    stem = write_results("accuracy", res, to_markdown(res))
    plot(res, stem.with_suffix(".png"))


if __name__ == "__main__":
    main()
