"""Speed and memory of ocrfix, with plain symspellpy lookups as the yardstick.

Prints a Markdown table and writes ``benchmarks/results/speed-DATE.{md,json}``:

- correction throughput (words/s after load, one core) of the correction stages (normalize
  → decide: what finds and proposes fixes) and of the whole chain with the quality figures
  (a report on the result, computed once a document), and plain symspellpy lookups of every
  word over a Russian frequency list;
- load times of the resources: cold (index built from scratch in an empty cache) and warm
  (cached), each in a fresh process;
- peak resident memory of a process that loads everything and corrects the samples;
- scans end to end: pages per second (OCR included) with 1 and 2 workers, the share of
  time that is ocrfix's own work versus Tesseract's, and the time of a heavily degraded page;
- Dask: the same scan batch on a LocalCluster with 1 and 2 workers (scaling ratio);
- a batch of 1,000 generated documents: resident memory sampled as it goes (flat or not).

Run: ``.venv/bin/python benchmarks/speed.py [--quick]``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PY = sys.executable
sys.path.insert(0, str(REPO / "benchmarks"))
from results_io import machine, write_results  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def in_fresh_process(code: str, env: dict | None = None) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON object as its last line."""
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, **(env or {})}, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def sample_texts() -> list[str]:
    return [(p / "ocr.txt").read_text("utf-8") for p in sorted((REPO / "samples").glob("seed-*"))]


LOAD_CODE = r"""
import json, time, resource
t0 = time.perf_counter()
from pipeline.stages import Pipeline, get_resource
p = Pipeline()
t1 = time.perf_counter()
times = {}
for r in p.resource_names:
    s = time.perf_counter(); get_resource(r); times[r] = round(time.perf_counter() - s, 3)
total = time.perf_counter() - t0
print(json.dumps({"import_s": round(t1 - t0, 3), "resources": times, "total_s": round(total, 3),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""

CORRECT_CODE = r"""
import collections, json, time, resource
from pathlib import Path
from pipeline.model import Document
from pipeline.stages import Pipeline
from pipeline.tokens import tokenize, is_word
# every distinct sample text with its translation: the seeds' archive OCR and the labelled texts
docs = [(p.joinpath('ocr.txt').read_text(), p.joinpath('translation.en.txt').read_text())
        for p in sorted(Path('samples').glob('seed-*'))]
for ru in sorted(Path('samples/texts').glob('*.ru.txt')):
    en = ru.with_name(ru.name[:-len('.ru.txt')] + '.en.txt')
    docs.append((ru.read_text(), en.read_text() if en.exists() else ''))
p = Pipeline(skip=SKIP)
p.warm_up()

def one_pass():
    words, spent = 0, collections.Counter()
    t0 = time.process_time()
    for i, (t, e) in enumerate(docs):
        doc = Document(id=f"d{i}", text=t, translation=e, tokens=tokenize(t))
        for st in p.stages:
            s = time.process_time(); st(doc); spent[st.name] += time.process_time() - s
        words += sum(is_word(tok.text) for tok in doc.tokens)
    return words, time.process_time() - t0, spent

w1, s1, st1 = one_pass()          # first sight of every word: per-word caches fill
rounds, w2, s2, st2 = 0, 0, 0.0, collections.Counter()
while s2 < SECONDS or rounds < 1:  # the same documents again: the steady state of a long batch
    w, s, st = one_pass(); w2 += w; s2 += s; st2.update(st); rounds += 1
# the correction stages are every stage but the quality figures (a report on the result)
c1, c2 = s1 - st1["quality"], s2 - st2["quality"]
print(json.dumps({"documents": len(docs), "words": w1,
                  "first_pass_words_per_s": round(w1 / s1), "words_per_s": round(w2 / s2),
                  "first_pass_correction_words_per_s": round(w1 / c1),
                  "correction_words_per_s": round(w2 / c2),
                  "seconds": round(s1 + s2, 3),
                  "stage_share_warm": {k: round(v / s2, 3) for k, v in st2.most_common()},
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""

SYMSPELL_CODE = r"""
import json, time, resource
from pathlib import Path
from symspellpy import SymSpell, Verbosity
from wordfreq import top_n_list, word_frequency
from pipeline.tokens import tokenize, is_word
t0 = time.perf_counter()
sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
for w in top_n_list('ru', N):
    sym.create_dictionary_entry(w, max(1, int(word_frequency(w, 'ru') * 1e9)))
build = time.perf_counter() - t0
texts = [p.joinpath('ocr.txt').read_text() for p in sorted(Path('samples').glob('seed-*'))]
words = [t.text.lower() for x in texts for t in tokenize(x) if is_word(t.text)]
t0 = time.perf_counter(); n = 0
while time.perf_counter() - t0 < SECONDS or n == 0:
    for w in words:
        sym.lookup(w, Verbosity.TOP, max_edit_distance=2)
    n += len(words)
el = time.perf_counter() - t0
print(json.dumps({"dictionary_words": N, "build_s": round(build, 1), "words_per_s": round(n / el),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def bench_correction(seconds: float) -> dict:
    code = CORRECT_CODE.replace("SECONDS", str(seconds)).replace("SKIP", "[]")
    return in_fresh_process(code, {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})


def bench_symspell(seconds: float, n: int) -> dict:
    return in_fresh_process(SYMSPELL_CODE.replace("SECONDS", str(seconds)).replace("N", str(n)))


def bench_load(cold_build: bool = True) -> dict:
    cold = {"total_s": "not measured (--no-cold)", "resources": {}}
    if cold_build:
        cold_cache = tempfile.mkdtemp(prefix="ocrfix-cold-")
        try:
            cold = in_fresh_process(LOAD_CODE, {"OCRFIX_CACHE": cold_cache})
        finally:
            shutil.rmtree(cold_cache, ignore_errors=True)
    warm = in_fresh_process(LOAD_CODE)
    warm = in_fresh_process(LOAD_CODE)  # the second warm start: OS file cache filled too
    return {"cold": cold, "warm": warm}


def render_pages(folder: Path, n: int, level: str) -> list[Path]:
    from pipeline.render import render_text
    text = (REPO / "samples" / "seed-001" / "ocr.txt").read_text("utf-8")
    paths = []
    for i in range(n):
        bundle = folder / f"page-{level}-{i:02d}"
        paths += render_text(text[:1800], bundle, level, seed=i)[:1]
        for extra in sorted(bundle.glob("scan-*.png"))[1:]:
            extra.unlink()
        (bundle / "gold.txt").unlink()
    return paths


def bench_scans(n_pages: int) -> dict:
    from pipeline.batch import Progress, RunOptions, run_batch
    work = Path(tempfile.mkdtemp(prefix="ocrfix-scans-"))
    try:
        render_pages(work / "in", n_pages, "medium")
        res: dict = {"pages": n_pages}
        for workers in (1, 2):
            out = work / f"out-{workers}"
            t0 = time.perf_counter()
            summary = run_batch([work / "in"], RunOptions(out, workers=workers), Progress(n_pages, quiet=True))
            wall = time.perf_counter() - t0
            ocr_s = own_s = 0.0
            per_doc = []
            for d in summary.documents:
                doc = json.loads((Path(d.folder) / "document.json").read_text())
                ocr = sum(p.get("ocr_seconds") or 0 for p in doc["pages"])
                ocr_s += ocr
                own_s += d.seconds - ocr
                per_doc.append((d.seconds - ocr, ocr))
            # the first document a worker takes also loads the resources (once per worker);
            # the share after it is what a long batch sees
            later = sorted(per_doc)[:-workers] if len(per_doc) > workers else per_doc
            own_l, ocr_l = sum(x for x, _ in later), sum(y for _, y in later)
            res[f"workers_{workers}"] = {"seconds": round(wall, 2), "pages_per_s": round(n_pages / wall, 3),
                                         "tesseract_s": round(ocr_s, 2), "ocrfix_s": round(own_s, 2),
                                         "ocrfix_share": round(own_s / max(1e-9, own_s + ocr_s), 3),
                                         "ocrfix_share_after_load": round(own_l / max(1e-9, own_l + ocr_l), 3)}
        for workers in (1, 2):
            t0 = time.perf_counter()
            run_batch([work / "in"], RunOptions(work / f"dask-{workers}", scheduler=f"local:{workers}"),
                      Progress(n_pages, quiet=True))
            res[f"dask_{workers}"] = {"seconds": round(time.perf_counter() - t0, 2)}
        res["dask_scaling"] = round(res["dask_1"]["seconds"] / res["dask_2"]["seconds"], 2)
        heavy = render_pages(work / "heavy", 1, "heavy")[0]
        from pipeline.ingest.scan import ocr_document
        t0 = time.perf_counter()
        doc = ocr_document(heavy, doc_id="heavy")
        res["heavy_page_s"] = round(time.perf_counter() - t0, 2)
        res["heavy_page_chars"] = len(doc.text)
        return res
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_large_batch(n_docs: int) -> dict:
    """Memory over a batch of generated documents (sentences shuffled from the samples)."""
    from pipeline.batch import RunOptions, run_batch
    rng = random.Random(7)
    sentences = [s.strip() for t in sample_texts() for s in t.replace("\n", " ").split(". ") if len(s) > 30]
    work = Path(tempfile.mkdtemp(prefix="ocrfix-batch-"))
    try:
        src = work / "in"
        src.mkdir()
        for i in range(n_docs):
            (src / f"doc-{i:04d}.txt").write_text(". ".join(rng.sample(sentences, 12)) + ".\n", "utf-8")
        samples: list[tuple[int, float]] = []
        count = [0]

        def progress(res) -> None:
            count[0] += 1
            if count[0] % max(1, n_docs // 10) == 0:
                samples.append((count[0], round(rss_mb(), 1)))

        t0 = time.perf_counter()
        summary = run_batch([src], RunOptions(work / "out", workers=1), progress)
        el = time.perf_counter() - t0
        ok = sum(d.status == "ok" for d in summary.documents)
        growth = samples[-1][1] - samples[0][1] if len(samples) > 1 else 0.0
        return {"documents": n_docs, "ok": ok, "seconds": round(el, 1), "docs_per_s": round(n_docs / el, 1),
                "rss_mb_by_documents_done": samples, "rss_growth_mb_first_to_last": round(growth, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def to_markdown(r: dict) -> str:
    c, s = r["correction"], r["symspell"]
    L = r["load"]
    lines = [f"# ocrfix speed and memory ({r['machine']['date']}, {r['machine']['cpus']} cores, "
             f"{r['machine']['system']})", "",
             "| figure | ocrfix | plain symspellpy | target |", "|---|---|---|---|",
             f"| correction stages words/s (normalize → decide, one core, after load; per-word caches "
             f"warm) | {c['correction_words_per_s']:,} | {s['words_per_s']:,} (ratio "
             f"{c['correction_words_per_s'] / max(1, s['words_per_s']):.2f}) | ≥ 20,000 |",
             f"| … the whole chain, quality figures included | {c['words_per_s']:,} | | |",
             f"| … first sight of each text (per-word caches filling): correction stages / whole chain | "
             f"{c.get('first_pass_correction_words_per_s', 0):,} / {c.get('first_pass_words_per_s', 0):,} | | |",
             f"| load: cold (build) s | {L['cold']['total_s']} | {s['build_s']} (dictionary build) | |",
             f"| load: warm (cached) s | {L['warm']['total_s']} | – | ≤ 3 |",
             f"| peak memory MB (load + correct) | {c['peak_rss_mb']} | {s['peak_rss_mb']} | ≤ 1,500 |"]
    if "scans" in r:
        sc = r["scans"]
        lines += [f"| scans end to end, pages/s (1 worker / 2 workers) | {sc['workers_1']['pages_per_s']} / "
                  f"{sc['workers_2']['pages_per_s']} | | |",
                  f"| ocrfix's own share of end-to-end time on scans (all pages / after each worker's "
                  f"resource load) | {sc['workers_1']['ocrfix_share']:.1%} / "
                  f"{sc['workers_1'].get('ocrfix_share_after_load', float('nan')):.1%} | | ≤ 15% |",
                  f"| heavily degraded page OCR s | {sc['heavy_page_s']} | | well under 30 |",
                  f"| Dask LocalCluster 1 → 2 workers speed-up | {sc['dask_scaling']}× | | |"]
    if "large_batch" in r:
        lb = r["large_batch"]
        lines += [f"| batch of {lb['documents']} documents: docs/s | {lb['docs_per_s']} | | |",
                  f"| … resident memory growth, first → last sample | {lb['rss_growth_mb_first_to_last']} MB "
                  f"({lb['rss_mb_by_documents_done']}) | | flat |"]
    lines += ["", f"Correction measured on {c.get('documents', '?')} distinct sample documents ({c['words']:,} words, "
              "CPU time of one process); share of the warm time by stage: "
              + ", ".join(f"{k} {v:.0%}" for k, v in c.get("stage_share_warm", {}).items()),
              "Resource load times (warm): " + ", ".join(f"{k} {v}s" for k, v in L["warm"]["resources"].items()),
              "Resource load times (cold): " + ", ".join(f"{k} {v}s" for k, v in L["cold"]["resources"].items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer pages and documents")
    ap.add_argument("--no-scans", action="store_true")
    ap.add_argument("--no-cold", action="store_true", help="skip building every index from scratch (minutes)")
    a = ap.parse_args()
    r: dict = {"machine": machine()}
    r["load"] = bench_load(not a.no_cold)
    r["correction"] = bench_correction(3 if a.quick else 10)
    r["symspell"] = bench_symspell(3 if a.quick else 10, 100_000 if a.quick else 500_000)
    if not a.no_scans:
        r["scans"] = bench_scans(2 if a.quick else 6)
    r["large_batch"] = bench_large_batch(200 if a.quick else 1000)
    write_results("speed", r, to_markdown(r))


if __name__ == "__main__":
    main()
