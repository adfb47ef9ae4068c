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
import re
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
    """The cases the translation stage was built for (seed 002 and 004): the translation
    stage's top candidate, and what the whole pipeline suggests there (an unsure fix is shown
    to the reviewer with its flag, not applied)."""
    from pipeline.stages import Pipeline
    print("## Named cases (top candidate of the translation stage; the whole pipeline's suggestion)\n")
    print("| seed | OCR | gold | translation stage proposes | right | pipeline suggests | status (confidence) |")
    print("|---|---|---|---|---|---|---|")
    pipe = Pipeline()
    for name in ("seed-002", "seed-004"):
        d = read_bundle(REPO / "samples" / name)
        pipe.run(d)
        span = gold_map(d.text, d.gold)
        best: dict[tuple[int, int], object] = {}
        for c in sorted(d.candidates, key=lambda c: -c.score):
            if c.stage.startswith("translation") and (c.start, c.end) not in best:
                best[(c.start, c.end)] = c
        final = {(x.start, x.end): (x.replacement, f"{x.status} {x.confidence:.2f}") for x in d.suggestions}
        for f in d.flags:
            m = re.match(r"unsure fix '(.*)' \((\d\.\d+)\)", f.reasons[0] if f.reasons else "")
            if m:
                final.setdefault((f.start, f.end), (m.group(1), f"unsure flag {m.group(2)}"))
        for (s, e), c in sorted(best.items()):
            g = span(s, e)
            if g != c.original:
                rep, status = final.get((s, e), ("–", "–"))
                print(f"| {name} | {c.original} | {g} | {c.replacement} | {'yes' if g == c.replacement else 'no'} "
                      f"| {rep} | {status} |")
    print()


def translated_words_table() -> None:
    """Garbled common words whose right form the English translates: of the OCR words that
    differ from the gold, are not names, and whose gold lemma is a dictionary translation of a
    content word in the aligned English passage (or its aligned neighbours), the share whose
    top suggestion of the whole pipeline is the gold word."""
    from pipeline.align import align_document
    from rapidfuzz import fuzz
    from pipeline.bilingual import CYR_WORD_RE
    from pipeline.labelled import word_truth
    from pipeline.stages import Pipeline, get_resource
    from pipeline.tokens import tokenize
    bil = get_resource("bilingual")
    gaz = get_resource("gazetteer")
    print("## Garbled common words the English translates (top suggestion of the whole pipeline)\n")
    print("| seed | split | OCR | gold | English | top suggestion | status (confidence) | right |")
    print("|---|---|---|---|---|---|---|---|")
    pipe = Pipeline()
    split = {}
    for line in (REPO / "samples" / "split.tsv").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and not line.startswith("#"):
            split[parts[0]] = parts[1]
    totals: dict[str, list[int]] = {}
    for bundle in sorted(REPO.glob("samples/seed-*")):
        if not (bundle / "gold.txt").exists():
            continue
        d = read_bundle(bundle)
        d.tokens = d.tokens or tokenize(d.text)
        al = align_document(d)
        pipe.run(d)
        top = {(s.start, s.end): (s.replacement, s.status) for s in d.suggestions}
        for f in d.flags:  # an unsure fix is shown to the reviewer with the flag, not applied
            m = re.match(r"unsure fix '(.*)' \((\d\.\d+)\)", f.reasons[0] if f.reasons else "")
            if m and (f.start, f.end) not in top:
                top[(f.start, f.end)] = (m.group(1), f"flag {m.group(2)}")
        aligned = [k for k, b in enumerate(al.beads) if b.ru and b.en]
        for s, e, w, g in word_truth(d):
            g = g.strip()
            if g == w or not g or not re.fullmatch(r"[а-яё]+", g) or g.lower() != g:
                continue  # only lower-case common words (names and numbers are measured elsewhere)
            if fuzz.ratio(w.lower(), g) < 50:
                continue  # a line replaced by other words, not a garbled word
            if gaz.lookup(g):
                continue
            k = next((k for k, b in enumerate(al.beads) if b.ru and al.ru[b.ru[0]].start <= s < al.ru[b.ru[-1]].end),
                     None)
            if k is None:
                continue
            near = [k] + [x for x in aligned if x < k][-1:] + [x for x in aligned if x > k][:1]
            form = g.replace("ё", "е")
            hit = None
            for x in near:
                b = al.beads[x]
                if not b.en:
                    continue
                es, ee = al.en[b.en[0]].start, al.en[b.en[-1]].end
                for m in CYR_WORD_RE.finditer(d.translation, es, ee):
                    if form in bil.russian_forms(m.group()):
                        hit = m.group()
                        break
                if hit:
                    break
            if not hit:
                continue
            sug, status = top.get((s, e), ("", ""))
            ok = sug.lower() == g.lower()
            t = totals.setdefault(split.get(bundle.name, "?"), [0, 0, 0])
            t[0] += 1
            t[1] += ok
            t[2] += ok and not status.startswith("flag")
            print(f"| {bundle.name} | {split.get(bundle.name, '?')} | {w} | {g} | {hit} | {sug or '–'} | "
                  f"{status or '–'} | {'yes' if ok else 'no'} |")
    print()
    totals["all seeds"] = [sum(t[k] for t in list(totals.values())) for k in range(3)]
    for sp, (n, r, sure) in sorted(totals.items()):
        print(f"- {sp}: top suggestion right for {r} of {n} ({r / max(n, 1):.0%}); "
              f"{sure} of them confident enough for review or auto ({sure / max(n, 1):.0%})")
    print()


if __name__ == "__main__":
    alignment_table()
    acceptance()
    translated_words_table()
    if "--no-corrections" not in sys.argv:
        corrections_table()
