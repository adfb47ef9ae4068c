"""Names benchmark: garbled-name correction and protection on labelled documents, and
transliteration accuracy on gazetteer pairs.

    .venv/bin/python benchmarks/names.py                 # archive OCR of the seeds (gold.txt)
    .venv/bin/python benchmarks/names.py --levels medium,heavy   # + rendered scans (slow the first time)

Labelled name cases: every gazetteer form found in a gold text (windows of up to four tokens)
is mapped to the OCR text by character alignment.  Where the OCR differs, it is a garbled
name: right when the best name candidate over that span gives exactly the gold text (same
entity, same case; capitals and hyphens compared loosely).  Where the OCR is the same, it is a
correct name: any candidate overlapping it counts as a change to a correct name.  Where the
alignment lost its way (the OCR span is empty, or neither 20 characters of context before nor
after it resemble the gold context: texts with repeated drafts, blocks the OCR read out of
order) the mention is counted as ``unaligned`` and left out of both.

Errors not tuned on, on train texts: ``--levels medium@2,heavy@2`` renders the same texts again
with other random draws (cached like the three levels).  Names the gazetteer lacks:
``--hold-out 5`` drops every fifth entity (by a hash of its id; ``5:0`` … ``5:4`` each fifth in
turn) from a copy of the dictionaries,
so their correct mentions count as other text and a change to one as an offer over correct text
(how the pipeline treats a name it does not know).

Transliteration: each Chinese or Korean entity's English spellings are transliterated and
compared with its Russian forms (letters only).  Entities whose id hashes to 0 mod 3 are held
back (never looked at while writing the tables); the rest were used while writing them.
"""
from __future__ import annotations

import argparse
import re
import sys
import zlib
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.gazetteer import gazetteer, name_key  # noqa: E402
from pipeline.labelled import CharAlignment, load_labelled  # noqa: E402
from pipeline.stages import Pipeline  # noqa: E402
from pipeline.tokens import is_word, tokenize  # noqa: E402


def gold_mentions(gold: str, gaz) -> list[tuple[int, int, str]]:
    toks = [t for t in tokenize(gold) if is_word(t.text)]
    out, i = [], 0
    while i < len(toks):
        for j in range(min(len(toks), i + 4), i, -1):
            s, e = toks[i].start, toks[j - 1].end
            if gold[s:e].count("\n") <= 1 and gaz.lookup(gold[s:e]):  # a name may wrap once
                out.append((s, e, gaz.lookup(gold[s:e])[0].entity))
                i = j - 1
                break
        i += 1
    return out


CONTEXT = 20
EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def edge_stripped(ocr: str) -> str:
    """The OCR span without stray punctuation at its edges (``.Харбина``, ``ГАО ГАН.``): the
    name itself is written correctly when what remains is."""
    return EDGE.sub("", ocr)


def aligned(gold: str, gs: int, ge: int, ocr: str, os_: int, oe: int) -> bool:
    """Does the OCR span stand where the gold mention stands (see the module docstring)?"""
    from rapidfuzz import fuzz
    if oe <= os_:
        return False
    left = fuzz.ratio(gold[max(0, gs - CONTEXT):gs], ocr[max(0, os_ - CONTEXT):os_])
    right = fuzz.ratio(gold[ge:ge + CONTEXT], ocr[oe:oe + CONTEXT])
    return max(left, right) >= 40 or gs == 0 and ge == len(gold)


def failure_kind(doc, os_: int, oe: int, eid: str, truth: str, runs, best=None) -> str:
    """Why a garbled name was not put right: ``junk`` (a character that is not a letter,
    space or hyphen inside the OCR span), ``no span`` (no name run covers it), ``below
    threshold`` (a run, no candidate), ``span`` (the candidate covers other text), ``case``
    (right entity, wrong form), ``entity`` (another entity)."""
    ocr = doc.text[os_:oe]
    if best is None:
        if any(not (ch.isalpha() or ch in " -\n") for ch in ocr.strip()):
            return "junk"
        return "below threshold" if any(r[0].start < oe and os_ < r[-1].end for r in runs) else "no span"
    note = next((n for n in doc.annotations.get("names", []) if n["start"] == best.start and n["end"] == best.end
                 and n["status"] == "garbled"), None)
    if note is None or note["entity"] != eid:
        return "junk" if any(not (ch.isalpha() or ch in " -") for ch in ocr.strip()) else "entity"
    if best.start > os_ or best.end < oe:
        return "junk" if any(not (ch.isalpha() or ch in " -") for ch in ocr.strip()) else "span"
    return "case"


class Applied:
    """What the whole pipeline offers a person over one span: its auto and review suggestions,
    the most confident of overlapping ones, applied together (an organisation's name may be
    put right word by word by the spelling stages)."""

    def __init__(self, start: int, end: int, original: str, replacement: str, score: float):
        self.start, self.end, self.original, self.replacement, self.score = start, end, original, replacement, score


def offered(doc, os_: int, oe: int) -> list:
    sugg = sorted((x for x in doc.suggestions if x.status in ("auto", "review") and x.start < oe and os_ < x.end),
                  key=lambda x: -x.confidence)
    chosen = []
    for x in sugg:
        if not any(x.start < c.end and c.start < x.end for c in chosen):
            chosen.append(x)
    if not chosen:
        return []
    chosen.sort(key=lambda x: x.start)
    a, b = min(chosen[0].start, os_), max(chosen[-1].end, oe)
    out, pos = [], a
    for x in chosen:
        out.append(doc.text[pos:x.start] + x.replacement)
        pos = x.end
    out.append(doc.text[pos:b])
    return [Applied(a, b, doc.text[a:b], "".join(out), min(x.confidence for x in chosen))]


FIELDS = ("garbled", "right", "correct", "changed", "unaligned")


def evaluate(docs, gaz, stages: tuple[str, ...] = ("names",), per_doc: list | None = None) -> tuple[dict, list]:
    """``stages``: the name candidates of these stages count; ``("all",)``: the whole pipeline's
    auto and review suggestions, of every kind, count (what a reviewer is offered).
    ``per_doc``, when given, receives ``(doc, {field: count})`` for each document."""
    from pipeline.names_stage import name_runs
    stats: dict = defaultdict(lambda: defaultdict(int))
    misses = []
    whole = stages == ("all",)
    pipe = Pipeline() if whole else Pipeline(list(stages))
    for doc in docs:
        before = {k: sum(r[k] for r in stats.values()) for k in FIELDS}
        pipe.run(doc)
        if whole:
            doc.candidates = []
        else:
            doc.candidates = [c for c in doc.candidates if c.kind == "name"]
        runs = name_runs(doc, gaz)
        mention_spans = []
        back = CharAlignment(doc.gold, doc.text)  # gold → OCR
        fwd_truth = CharAlignment(doc.text, doc.gold).gold_text  # OCR span → its truth
        for gs, ge, eid in gold_mentions(doc.gold, gaz):
            typ = gaz.entities[eid].type
            os_, oe = back.gold_span(gs, ge)
            mention_spans.append((os_, oe))
            ocr, truth = doc.text[os_:oe], doc.gold[gs:ge]
            over = offered(doc, os_, oe) if whole else [c for c in doc.candidates if c.start < oe and os_ < c.end]
            row = stats[typ]
            if not aligned(doc.gold, gs, ge, doc.text, os_, oe):
                row["unaligned"] += 1
                continue
            if name_key(edge_stripped(ocr)) == name_key(truth):
                # a candidate that keeps the name as it is and only puts back a lost space after
                # it (Тэгуи → Тэгу и) does not change it
                # nor does one that makes it the truth (Кореё → Корее: the name key reads ё as е, the
                # text writes no ё; Цой Чан ИК`и → Цой Чан ИК и: the mark read for the space, the
                # letters compared as for a correct name, by the name key)
                over = [c for c in over if not (
                    c.start == os_ and c.replacement.startswith(ocr)
                    and c.replacement[len(ocr):].replace(" ", "") == doc.text[oe:c.end].replace(" ", "")
                    or name_key(edge_stripped(doc.text[min(os_, c.start):c.start] + c.replacement
                                              + doc.text[c.end:max(oe, c.end)]))
                    == name_key(edge_stripped(fwd_truth(min(os_, c.start), max(oe, c.end)))))]
                row["correct"] += 1
                row["changed"] += bool(over)
                if over:
                    misses.append((doc.id, "changed", ocr, over[0].replacement))
                continue
            row["garbled"] += 1
            if not over:
                misses.append((doc.id, failure_kind(doc, os_, oe, eid, truth, runs), ocr, truth))
                continue
            c = max(over, key=lambda c: c.score)
            if c.start < os_ or c.end > oe:  # a suggestion reaching beyond the mention: compare
                fixed = c.replacement  # with the truth of the same stretch
                truth_here = CharAlignment(doc.text, doc.gold).gold_text(min(c.start, os_), max(c.end, oe))
            else:
                fixed, truth_here = doc.text[os_:c.start] + c.replacement + doc.text[c.end:oe], truth
            # stray marks the OCR span has at its edges and the fix keeps (``Чанчун`.`` → Чанчунь.,
            # the full stop a speck) are outside the name, as for correct names (edge_stripped)
            ok = name_key(fixed) == name_key(truth_here) or \
                name_key(edge_stripped(fixed)) == name_key(edge_stripped(truth_here))
            row["right"] += ok
            if not ok:
                misses.append((doc.id, failure_kind(doc, os_, oe, eid, truth, runs, c), ocr,
                               f"{c.replacement} (gold {truth})"))
        # name candidates over text the OCR read right that is no gold name (running text)
        fwd = CharAlignment(doc.text, doc.gold)
        others = [x for x in doc.suggestions if x.kind == "name" and x.status in ("auto", "review")] if whole \
            else doc.candidates
        for c in others:
            if any(c.start < e and s < c.end for s, e in mention_spans):
                continue
            if name_key(c.original) == name_key(fwd.gold_text(c.start, c.end)):
                stats["(other text)"]["changed"] += 1
                misses.append((doc.id, "changed other", c.original, c.replacement))
        if per_doc is not None:
            per_doc.append((doc, {k: sum(r[k] for r in stats.values()) - before[k] for k in FIELDS}))
    return stats, misses


def breakdown(per_doc: list) -> None:
    """Totals by level and, for test texts, by batch of ``samples/split.tsv`` (``1``: the first
    seven held-out texts, ``2``: texts 125–142), so that figures stay comparable with results
    measured before the later batch joined."""
    groups: dict = defaultdict(lambda: defaultdict(int))
    for doc, counts in per_doc:
        level, split, batch = doc.meta.get("level", "?"), doc.meta.get("split", "?"), doc.meta.get("batch", "")
        keys = [f"{split} {level}", f"{split} all levels"]
        if batch:
            keys += [f"{split} batch {batch} {level}", f"{split} batch {batch} all levels"]
        for key in keys:
            for k, v in counts.items():
                groups[key][k] += v
    print(f"\n{'by level and batch':32} {'garbled':>8} {'top-1 right':>12} {'share':>7} {'correct':>8} {'changed':>8}")
    for key in sorted(groups):
        r = groups[key]
        g = r["garbled"]
        print(f"{key:32} {g:8d} {r['right']:12d} {r['right'] / g if g else 0:7.2f} {r['correct']:8d} {r['changed']:8d}")


def translit_accuracy(gaz) -> dict:
    from pipeline.translit import japanese_reading, looks_wade_giles, to_russian

    def compact(s: str) -> str:
        return "".join(ch for ch in name_key(s) if ch.isalpha())

    res: dict = defaultdict(lambda: [0, 0])
    for e in gaz.entities.values():
        if e.lang not in ("zh", "ko") or not e.en:
            continue
        part = "held-back" if zlib.crc32(e.id.encode()) % 3 == 0 else "dev"
        targets = {compact(r) for r in e.ru}
        for en in e.en:
            if not any(c.islower() for c in en):  # period capitals (GENZAN) are Japanese readings
                continue
            if e.lang == "zh":
                system = "Wade-Giles→Palladius" if looks_wade_giles(en) else "pinyin→Palladius"
            elif japanese_reading(en, e.type):
                system = "Japanese-era reading→Russian"
            else:
                system = "Korean→Russian"
            got = compact(to_russian(en, e.lang, e.type))
            key = (system, part)
            res[key][0] += got in targets
            res[key][1] += 1
    return res


def hold_out_entities(spec: str) -> None:
    """Point the run at a copy of the dictionaries without the gazetteer entities whose id's
    CRC-32 is ``r`` modulo ``n`` (``spec``: ``n`` or ``n:r``; ``r`` is 1 unless given, so that
    ``5:0`` … ``5:4`` leave out each fifth in turn)."""
    n, _, r = spec.partition(":")
    n, r = int(n), int(r or 1)
    if n < 2 or not 0 <= r < n:
        raise SystemExit(f"--hold-out {spec}: N must be at least 2 and R between 0 and N-1")
    import atexit
    import os
    import shutil
    import tempfile
    from pipeline.resources import dictionaries_dir
    folder = Path(tempfile.mkdtemp(prefix="ocrfix-hold-out-")) / "dictionaries"
    atexit.register(shutil.rmtree, folder.parent, True)
    shutil.copytree(dictionaries_dir(), folder)
    for path in folder.glob("gazetteer*.tsv"):
        kept = [line for line in path.read_text("utf-8").split("\n")
                if line.startswith("#") or "\t" not in line or line.split("\t")[0] == "id"
                or zlib.crc32(line.split("\t")[0].encode()) % n != r]
        path.write_text("\n".join(kept), "utf-8")
    os.environ["OCRFIX_DICTIONARIES"] = str(folder)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", default="", help="rendered levels to add (clean,medium,heavy; heavy@2: the same "
                    "texts rendered again with other random draws, errors not tuned on)")
    ap.add_argument("--split", default="all")
    ap.add_argument("--texts", default="", help="only labelled texts whose name matches this regular "
                    "expression (a new batch measured as unseen text: '^1(4[3-9]|5[0-4])-')")
    ap.add_argument("--no-misses", action="store_true",
                    help="print counts only, not the names that were not put right (for the test "
                         "split: what is not tuned on is better not read)")
    ap.add_argument("--stages", default="names",
                    help="stages whose name candidates count: 'names' (this stage alone) or "
                         "'names,translation' (with the English translation's evidence); 'all': the "
                         "whole pipeline's auto and review suggestions of every kind")
    ap.add_argument("--hold-out", default="", metavar="N[:R]",
                    help="leave out every N-th gazetteer entity (those whose id hashes to R mod N, R=1 "
                         "unless given): names the gazetteer lacks")
    args = ap.parse_args()
    if args.hold_out:
        hold_out_entities(args.hold_out)
    gaz = gazetteer()
    levels = tuple(x for x in args.levels.split(",") if x)
    docs = load_labelled(args.split, levels, seeds=True, rendered=bool(levels), only=args.texts)
    per_doc: list = []
    stats, misses = evaluate(docs, gaz, tuple(x for x in args.stages.split(",") if x), per_doc)
    print(f"documents: {len(docs)} ({', '.join(sorted({d.meta.get('level', '?') for d in docs}))}); "
          f"name candidates of: {args.stages}\n")
    print(f"{'type':8} {'garbled':>8} {'top-1 right':>12} {'share':>7} {'correct':>8} {'changed':>8} "
          f"{'unaligned':>9}")
    tot = defaultdict(int)
    for typ in ("person", "place", "org", "(other text)"):
        r = stats.get(typ, {})
        for k in ("garbled", "right", "correct", "changed", "unaligned"):
            tot[k] += r.get(k, 0)
        g = r.get("garbled", 0)
        print(f"{typ[:8]:8} {g:8d} {r.get('right', 0):12d} {r.get('right', 0) / g if g else 0:7.2f} "
              f"{r.get('correct', 0):8d} {r.get('changed', 0):8d} {r.get('unaligned', 0):9d}")
    g = tot["garbled"]
    print(f"{'all':8} {g:8d} {tot['right']:12d} {tot['right'] / g if g else 0:7.2f} {tot['correct']:8d} "
          f"{tot['changed']:8d} {tot['unaligned']:9d}")
    kinds = defaultdict(int)
    for m in misses:
        kinds[m[1]] += 1
    print("\nnot right, by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda x: -x[1])))
    if not args.no_misses:
        for m in sorted(misses, key=lambda m: m[1]):
            print("  ", *m)
    breakdown(per_doc)
    print(f"\n{'transliteration':29} {'part':10} {'right':>6} {'pairs':>6} {'share':>6}")
    for (system, part), (ok, n) in sorted(translit_accuracy(gaz).items()):
        print(f"{system:29} {part:10} {ok:6d} {n:6d} {ok / n if n else 0:6.2f}")


if __name__ == "__main__":
    main()
