"""Spelling benchmark: detection, top-1 suggestions and damage, ours beside generic checkers.

    .venv/bin/python benchmarks/spelling.py [--levels clean,medium,heavy] [--no-render]
        [--tools ours,pyspellchecker,hunspell,symspellpy] [--max-words N]

On the labelled data (the seeds' archive OCR against gold.txt, and rendered scans of every
labelled text at the chosen levels), for the train and the test split separately, per error
class of the OCR words (``common``: the truth is a known word form; ``name``: capitalised
truth that is all capitals, unknown or rare; ``real-word``: the OCR word is itself a known
form; ``split/merge``: the truth has a different number of words; ``other``):

- detection precision / recall / F1 (a word is detected when a flag or suggestion covers it);
- top-1 right: share of misspelled common words whose top suggestion is the true word;
- damage: share of correct words changed by what the tool applies automatically (ours: auto
  suggestions; generic checkers replace every word they reject by their first suggestion).

Then the throughput of our stages after load (words/s, one process), the lexicon's warm load
time (in a fresh process) and the peak resident memory.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.labelled import CharAlignment, load_labelled  # noqa: E402
from pipeline.lexicon import norm  # noqa: E402
from pipeline.model import Document  # noqa: E402
from pipeline.stages import Pipeline, get_resource  # noqa: E402
from pipeline.tokens import is_word, tokenize  # noqa: E402

STAGES = ["normalize", "detect", "lexicon", "decide"]


def n(s: str) -> str:
    return " ".join(norm(s).split())


def word_rows(doc: Document) -> list[dict]:
    """Each word token of a labelled doc with its truth and error class."""
    lex = get_resource("lexicon")
    al = CharAlignment(doc.text, doc.gold or "")
    toks = doc.tokens or tokenize(doc.text)
    rows = []
    words = [t for t in toks if is_word(t.text)]
    for k, t in enumerate(words):
        truth = al.gold_text(t.start, t.end)
        ok = n(truth) == n(t.text)
        tr = truth.strip()
        broken = ok and (_broken_by_mark(doc.text, t.start, t.end, al)
                         or _one_word_with(doc.text, words, k, al))
        if broken:
            cls = "broken"  # right letters, but a mark glued to the word stands for lost ones
            tr = broken
        elif ok:
            cls = "correct"
        elif len(truth.split()) != 1:
            cls = "split/merge"
        elif not tr or not is_word(tr):
            cls = "other"
        elif lex.is_known(t.text):
            cls = "real-word"  # the OCR made another real word: the lexicon cannot see it
        elif tr[:1].isupper() and (tr.isupper() or not lex.is_known(tr) or lex.zipf(tr) < 3.0):
            cls = "name"
        elif lex.is_known(tr):
            cls = "common"
        else:
            cls = "other"
        rows.append({"start": t.start, "end": t.end, "ocr": t.text, "truth": tr, "cls": cls})
    return rows


def _broken_by_mark(text: str, start: int, end: int, al: CharAlignment) -> str:
    """The true word when the marks glued to the word at ``start:end`` (no space between)
    stand for letters the OCR lost ("специалис”ов", "Москв;" for специалистов, Москву): the
    word's own letters match the truth, yet it is part of a garbled word.  Empty otherwise."""
    a, b = start, end
    while a > 0 and not text[a - 1].isspace() and not text[a - 1].isalnum():
        a -= 1
    while b < len(text) and not text[b].isspace() and not text[b].isalnum():
        b += 1
    if (a, b) == (start, end):
        return ""
    truth = al.gold_text(a, b).strip()
    letters = "".join(c for c in truth if c.isalpha())
    return truth if norm(letters) != norm("".join(c for c in text[a:b] if c.isalpha())) else ""


def _one_word_with(text: str, words: list, k: int, al: CharAlignment) -> str:
    """The true word when word ``k`` and a neighbouring word are pieces of one true word: the
    OCR text between them stands for letters ("ко’ орых" for которых) or for nothing ("правитель
    ства").  Empty otherwise (a hyphen and line end the truth has too is no break)."""
    for a, b in ((k - 1, k), (k, k + 1)):
        if a < 0 or b >= len(words) or words[b].start - words[a].end > 3:
            continue
        gs, ge = al.gold_span(words[a].end, words[b].start)
        gap, gold_gap = text[words[a].end:words[b].start], al.gold[gs:ge]
        if any(c.isspace() for c in gold_gap) or any(c.isdigit() for c in gap + gold_gap):
            continue  # the truth has two words here
        if any(c.isalpha() for c in gold_gap) or any(c.isspace() for c in gap):
            return al.gold_text(words[a].start, words[b].end).strip()
    return ""


RELIABILITY: dict[str, list[tuple[float, bool]]] = defaultdict(list)
#: CPU seconds of the pipeline itself per document (not the benchmark's own alignment work)
STAGE_SECONDS: list[float] = []


def ours(doc: Document, pipe: Pipeline, split: str = "") -> tuple[set, dict, dict]:
    """(detected spans, top replacement per span start, auto replacement per span start)."""
    d = Document(id=doc.id, text=doc.text, tokens=doc.tokens or tokenize(doc.text))
    t = time.process_time()
    pipe.run(d)
    STAGE_SECONDS.append(time.process_time() - t)
    al = CharAlignment(doc.text, doc.gold or "")
    for s in d.suggestions:
        RELIABILITY[split].append((s.confidence, n(s.replacement) == n(al.gold_text(s.start, s.end))))
    spans = [(f.start, f.end) for f in d.flags] + [(s.start, s.end) for s in d.suggestions]
    top, auto = {}, {}
    for s in d.suggestions:
        top[(s.start, s.end)] = s.replacement
        if s.status == "auto":
            auto[(s.start, s.end)] = s.replacement
    for c in sorted(d.candidates, key=lambda c: c.score):
        top.setdefault((c.start, c.end), c.replacement)
    return set(spans), top, auto


class Generic:
    """A generic checker: ``check(words) -> {word: (known, first suggestion)}``."""

    name = ""

    def check(self, words: list[str]) -> dict[str, tuple[bool, str | None]]:
        raise NotImplementedError


class PySpell(Generic):
    name = "pyspellchecker"

    def __init__(self):
        from spellchecker import SpellChecker
        self.sp = SpellChecker(language="ru")  # edit distance 2 (its default)
        self.sp1 = SpellChecker(language="ru", distance=1)

    def check(self, words):
        out = {}
        for w in words:
            lw = w.lower()
            known = bool(self.sp.known([lw]))
            # distance 2 over a 33-letter alphabet takes seconds for a long word: use 1 there
            sp = self.sp if len(lw) <= 8 else self.sp1
            out[w] = (known, None if known else sp.correction(lw))
        return out


class Hunspell(Generic):
    name = "hunspell"

    def check(self, words):
        res = subprocess.run(["hunspell", "-d", "ru_RU", "-a"], input="\n".join(words) + "\n",
                             capture_output=True, text=True, encoding="utf-8", check=False)
        out, lines = {}, [ln for ln in res.stdout.splitlines()[1:]]
        k = 0
        for w in words:
            while k < len(lines) and not lines[k]:
                k += 1
            if k >= len(lines):
                out[w] = (True, None)
                continue
            ln = lines[k]
            k += 1
            if ln.startswith(("*", "+", "-")):
                out[w] = (True, None)
            elif ln.startswith("&"):
                out[w] = (False, ln.split(":", 1)[1].split(",")[0].strip())
            else:
                out[w] = (False, None)
            while k < len(lines) and lines[k]:
                k += 1
        return out


class SymSpellWF(Generic):
    name = "symspellpy"

    def __init__(self, top: int = 200_000):
        import wordfreq
        from symspellpy import SymSpell
        self.sym = SymSpell(max_dictionary_edit_distance=2)
        for i, w in enumerate(wordfreq.iter_wordlist("ru", "large")):
            if i >= top:
                break
            self.sym.create_dictionary_entry(w, int(wordfreq.word_frequency(w, "ru") * 1e9) + 1)

    def check(self, words):
        from symspellpy import Verbosity
        out = {}
        for w in words:
            lw = w.lower()
            s = self.sym.lookup(lw, Verbosity.TOP, 2)
            known = bool(s) and s[0].distance == 0
            out[w] = (known, None if known or not s else s[0].term)
        return out


def score(rows_by_doc, results_by_doc) -> dict:
    """Per-class detection P/R/F1, top-1 right on common words, damage."""
    tp = Counter()
    pos = Counter()
    flagged_total = flagged_wrong = 0
    common = right1 = correct = damaged = 0
    for doc_id, rows in rows_by_doc.items():
        detected, top, auto = results_by_doc[doc_id]
        for r in rows:
            hit = any(s < r["end"] and r["start"] < e for s, e in detected)
            wrong = r["cls"] != "correct"
            if hit:
                flagged_total += 1
                flagged_wrong += wrong
            if wrong:
                pos[r["cls"]] += 1
                tp[r["cls"]] += hit
            if r["cls"] == "common":
                common += 1
                rep = next((v for (s, e), v in top.items() if s <= r["start"] < e), None)
                right1 += rep is not None and n(rep) == n(r["truth"])
            if r["cls"] == "correct":
                correct += 1
                damaged += any(s < r["end"] and r["start"] < e and n(v) != n(r["ocr"])
                               for (s, e), v in auto.items())
    p = flagged_wrong / flagged_total if flagged_total else 0.0
    rec = sum(tp.values()) / max(1, sum(pos.values()))
    return {"precision": p, "recall": rec, "f1": 2 * p * rec / (p + rec) if p + rec else 0.0,
            "recall_by_class": {c: (tp[c], pos[c]) for c in pos}, "top1": right1 / max(1, common),
            "common": common, "damage": damaged / max(1, correct), "correct": correct}


def generic_results(tool: Generic, docs, rows_by_doc) -> dict:
    words = sorted({r["ocr"] for d in docs for r in rows_by_doc[d.id]})
    verdict = tool.check(words)
    out = {}
    for d in docs:
        det, top, auto = set(), {}, {}
        for r in rows_by_doc[d.id]:
            known, sug = verdict.get(r["ocr"], (True, None))
            if not known:
                det.add((r["start"], r["end"]))
                if sug:
                    top[(r["start"], r["end"])] = sug
                    auto[(r["start"], r["end"])] = sug
        out[d.id] = (det, top, auto)
    return out


def fmt(name: str, split: str, m: dict) -> str:
    by = ", ".join(f"{c} {a}/{b}" for c, (a, b) in sorted(m["recall_by_class"].items()))
    return (f"| {name} | {split} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | "
            f"{m['top1']:.3f} ({m['common']}) | {m['damage']:.4f} ({m['correct']}) | {by} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--levels", default="clean,medium,heavy")
    ap.add_argument("--no-render", action="store_true", help="seeds only (no rendered scans)")
    ap.add_argument("--tools", default="ours,pyspellchecker,hunspell,symspellpy")
    args = ap.parse_args()
    levels = tuple(x for x in args.levels.split(",") if x)
    tools = args.tools.split(",")
    t0 = time.time()
    get_resource("lexicon")
    load_s = time.time() - t0
    pipe = Pipeline(STAGES)
    pipe.warm_up()
    print("| tool | split | det. precision | det. recall | det. F1 | top-1 right (common) | damage (correct words) "
          "| recall by class |")
    print("|---|---|---|---|---|---|---|---|")
    speed = []
    for split in ("train", "test"):
        docs = load_labelled(split, levels, rendered=not args.no_render)
        rows_by_doc = {d.id: word_rows(d) for d in docs}
        for tool in tools:
            if tool == "ours":
                res = {}
                before = len(STAGE_SECONDS)
                for d in docs:
                    res[d.id] = ours(d, pipe, split)
                speed.append((sum(len(r) for r in rows_by_doc.values()), sum(STAGE_SECONDS[before:])))
            else:
                cls = {"pyspellchecker": PySpell, "hunspell": Hunspell, "symspellpy": SymSpellWF}[tool]
                res = generic_results(cls(), docs, rows_by_doc)
            print(fmt(tool, split, score(rows_by_doc, res)), flush=True)
    print()
    print("reliability of our suggestions (confidence bin: n, mean confidence, share right)")
    for split, pairs in RELIABILITY.items():
        cells = []
        for lo in (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95):
            hi = {0.0: 0.3, 0.3: 0.5, 0.5: 0.7, 0.7: 0.8, 0.8: 0.9, 0.9: 0.95, 0.95: 1.01}[lo]
            b = [(c, r) for c, r in pairs if lo <= c < hi]
            if b:
                cells.append(f"{lo:.2f}-{min(hi, 1):.2f}: {len(b)}, {sum(c for c, _ in b) / len(b):.2f}, "
                             f"{sum(r for _, r in b) / len(b):.2f}")
        print(f"  {split}: " + " | ".join(cells))
    words = sum(w for w, _ in speed)
    secs = sum(s for _, s in speed)
    warm_words = warm_secs = 0.0
    if "ours" in tools:  # the same texts again: every word form already seen (a long batch's steady state)
        for split in ("train", "test"):
            for d in load_labelled(split, levels, rendered=not args.no_render):
                doc = Document(id=d.id, text=d.text, tokens=d.tokens or tokenize(d.text))
                t = time.process_time()
                pipe.run(doc)
                warm_secs += time.process_time() - t
                warm_words += sum(is_word(tok.text) for tok in doc.tokens)
    warm = subprocess.run([sys.executable, "-c", "import time;t=time.time();from pipeline.stages import "
                           "get_resource;l=get_resource('lexicon');l.is_known('война');print(time.time()-t)"],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    print()
    print(f"throughput of {'+'.join(STAGES)} after load, first sight of every text: "
          f"{words / max(secs, 1e-9):,.0f} words/s ({words} words, {secs:.1f} s CPU)")
    if warm_secs:
        print(f"... the same texts again, per-word caches warm: {warm_words / warm_secs:,.0f} words/s "
              f"({warm_words:.0f} words, {warm_secs:.1f} s CPU)")
    print(f"lexicon load in this process: {load_s:.2f} s; warm load in a fresh process: {warm.stdout.strip()} s")
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"total {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
