"""Benchmark of the translation evidence: alignment accuracy and the gain in corrections.

Prints two tables:

1. alignment — share of labelled Russian segments aligned to the right English sentence, on the
   seeds (``samples/seed-*/align.tsv``, offsets) and the labelled texts
   (``samples/texts/*.align.tsv``, sentence texts);
2. corrections — on every seed with a ``gold.txt``, the pipeline with and without the
   ``translation`` stage: OCR errors whose top suggestion is the gold text (names / other words),
   and wrong changes (a suggestion on text that was right).

Usage: ``.venv/bin/python benchmarks/translation.py [--no-corrections]``
"""
from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.align import align_texts, read_labels, score_alignment  # noqa: E402
from pipeline.bundle import read_bundle  # noqa: E402


def text_labels(ru_text: str, en_text: str, path: Path) -> list[dict]:
    """Rows of a ``ru_sentence / en_sentence`` alignment file turned into character spans."""
    import csv
    rows, rpos, epos = [], 0, 0
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
            rs = ru_text.find(r["ru_sentence"].strip(), rpos) if r.get("ru_sentence", "").strip() else -1
            if rs < 0:
                continue
            rpos = rs + len(r["ru_sentence"].strip())
            en = None
            if r.get("en_sentence", "").strip():
                es = en_text.find(r["en_sentence"].strip(), max(0, epos - 2000))
                if es >= 0:
                    en = (es, es + len(r["en_sentence"].strip()))
                    epos = en[1]
            rows.append({"ru": (rs, rpos), "en": en})
    return rows


def alignment_table() -> None:
    print("## Alignment (share of Russian segments aligned to the right English sentence)\n")
    print("| text | segments | right | accuracy |")
    print("|---|---:|---:|---:|")
    total = right = 0
    for tsv in sorted(REPO.glob("samples/seed-*/align.tsv")):
        d = read_bundle(tsv.parent)
        s = score_alignment(align_texts(d.text, d.translation, d.notes), read_labels(tsv))
        total, right = total + s["segments"], right + s["right"]
        print(f"| {tsv.parent.name} | {s['segments']} | {s['right']} | {s['accuracy']:.3f} |")
    for tsv in sorted(REPO.glob("samples/texts/*.align.tsv")):
        stem = tsv.name[: -len(".align.tsv")]
        ru = (tsv.parent / f"{stem}.ru.txt").read_text("utf-8")
        en = (tsv.parent / f"{stem}.en.txt").read_text("utf-8")
        labels = text_labels(ru, en, tsv)
        s = score_alignment(align_texts(ru, en), labels)
        total, right = total + s["segments"], right + s["right"]
        print(f"| {stem} | {s['segments']} | {s['right']} | {s['accuracy']:.3f} |")
    print(f"| **all** | {total} | {right} | {right / max(total, 1):.3f} |\n")


def gold_map(ocr: str, gold: str):
    """For an OCR span, the gold text at the same place (character alignment)."""
    sm = difflib.SequenceMatcher(None, ocr, gold, autojunk=False)
    blocks = sm.get_opcodes()

    def at(pos: int) -> int:
        for tag, i1, i2, j1, j2 in blocks:
            if i1 <= pos < i2 or (pos == i2 == i1):
                return j1 + (pos - i1 if tag == "equal" else 0)
        return len(gold)

    def span(s: int, e: int) -> str:
        gs = at(s)
        ge = at(e) if e < len(ocr) else len(gold)
        for tag, i1, i2, j1, j2 in blocks:  # a replaced block ending at e maps to its gold end
            if tag != "equal" and i1 < e <= i2:
                ge = j2 if e == i2 else ge
        return gold[gs:ge]
    return span


def corrections(skip: list[str]) -> dict:
    from pipeline.stages import Pipeline
    out = {"name_fixed": 0, "word_fixed": 0, "wrong": 0, "suggestions": 0, "seconds": 0.0}
    pipe = Pipeline(skip=skip)
    for bundle in sorted(REPO.glob("samples/seed-*")):
        if not (bundle / "gold.txt").exists():
            continue
        d = read_bundle(bundle)
        t0 = time.perf_counter()
        pipe.run(d)
        out["seconds"] += time.perf_counter() - t0
        span = gold_map(d.text, d.gold)
        for s in d.suggestions:
            out["suggestions"] += 1
            g = span(s.start, s.end)
            if g == s.original:
                out["wrong"] += 1
            elif " ".join(g.split()) == " ".join(s.replacement.split()):
                out["name_fixed" if s.kind == "name" else "word_fixed"] += 1
    return out


def corrections_table() -> None:
    print("## Corrections on the seeds with gold.txt (top suggestion = gold)\n")
    print("| pipeline | suggestions | names fixed | other words fixed | wrong changes | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, skip in (("without translation", ["translation"]), ("with translation", [])):
        r = corrections(skip)
        print(f"| {label} | {r['suggestions']} | {r['name_fixed']} | {r['word_fixed']} | {r['wrong']} | "
              f"{r['seconds']:.1f} |")
    print()


def acceptance() -> None:
    """The cases the translation stage was built for (seed 002 and 004)."""
    from pipeline.stages import Pipeline
    print("## Named cases (top candidate of the translation stage)\n")
    print("| seed | OCR | gold | translation stage proposes | right |")
    print("|---|---|---|---|---|")
    pipe = Pipeline(["normalize", "translation"])
    for name in ("seed-002", "seed-004"):
        d = read_bundle(REPO / "samples" / name)
        pipe.run(d)
        span = gold_map(d.text, d.gold)
        best: dict[tuple[int, int], object] = {}
        for c in d.candidates:
            if c.stage.startswith("translation") and (c.start, c.end) not in best:
                best[(c.start, c.end)] = c
        for (s, e), c in sorted(best.items()):
            g = span(s, e)
            if g != c.original:
                print(f"| {name} | {c.original} | {g} | {c.replacement} | {'yes' if g == c.replacement else 'no'} |")
    print()


if __name__ == "__main__":
    alignment_table()
    acceptance()
    if "--no-corrections" not in sys.argv:
        corrections_table()
