"""The main job: ingest sources, run the stages, write one folder per document.

Each document is processed independently (in a process pool by default) and its outputs
are written as soon as it finishes, ``document.json`` last, so an interrupted run resumes:
a document whose ``document.json`` carries the same resume key (content hash of the source
+ pipeline configuration) is skipped unless ``force``.  Bad input never stops a batch; a
stage failure follows the ``on_error`` policy (``abort`` or ``skip``).
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import hashlib
import json
import os
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from .errors import OcrfixError, OcrUnavailable, StageError
from .ingest import Source, expand_sources, load_source
from .model import Document, Suggestion, apply_suggestions
from .stages import Pipeline


@dataclass
class RunOptions:
    out: Path
    stages: list[str] | None = None
    skip_stages: list[str] | None = None
    params: dict = field(default_factory=dict)
    workers: int = 0  # 0: all cores
    force: bool = False
    on_error: str = "skip"  # abort | skip
    ocr_options: dict = field(default_factory=dict)
    scheduler: str | None = None  # Dask scheduler address

    def spec(self) -> dict:
        return {"stages": self.stages, "skip": self.skip_stages, "params": self.params}


@dataclass
class DocResult:
    name: str
    source: str
    status: str  # ok | skipped | failed
    seconds: float = 0.0
    reason: str = ""
    code: str = ""
    suggestions: int = 0
    auto: int = 0
    review: int = 0
    flags: int = 0
    cer: list[dict] = field(default_factory=list)  # per page: {page, cer_ocr, cer_corrected}
    folder: str = ""


_PIPELINES: dict[str, Pipeline] = {}


def get_pipeline(spec: dict) -> Pipeline:
    """One configured pipeline per process and configuration (resources stay loaded)."""
    key = json.dumps(spec, sort_keys=True, default=str)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(spec.get("stages"), spec.get("params"), spec.get("skip"))
    return _PIPELINES[key]


def resume_key(src: Source, pipeline: Pipeline, ocr_options: dict) -> str:
    ocr = hashlib.sha256(json.dumps(ocr_options, sort_keys=True).encode()).hexdigest()[:8]
    return f"{src.key()}-{pipeline.config_hash()}-{ocr}"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def write_outputs(doc: Document, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(folder / "suggestions.jsonl",
                  "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in doc.suggestions))
    _write_atomic(folder / "corrected.txt", doc.corrected())
    _write_atomic(folder / "document.json", json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))


def page_cer(doc: Document) -> list[dict]:
    """CER of the OCR text and of the corrected text against gold: per page when the
    document has scanned pages and gold has as many pages, else for the whole document."""
    if doc.gold is None:
        return []
    from .ingest.layout import PAGE_SEPARATOR
    from .metrics import cer
    auto = [s for s in doc.suggestions if s.status == "auto"]
    gold_pages = doc.gold.split(PAGE_SEPARATOR)
    spans = [(p.start, p.end) for p in doc.pages if p.end > p.start or len(doc.pages) > 1]
    if len(spans) < 2 or len(spans) != len(gold_pages):
        spans, gold_pages = [(0, len(doc.text))], [doc.gold]
    rows = []
    for i, ((start, end), gold) in enumerate(zip(spans, gold_pages)):
        inside = [Suggestion.from_dict({**s.to_dict(), "start": s.start - start, "end": s.end - start})
                  for s in auto if start <= s.start and s.end <= end]
        ocr = doc.text[start:end]
        rows.append({"page": i + 1 if len(spans) > 1 else "all", "cer_ocr": round(cer(ocr, gold), 4),
                     "cer_corrected": round(cer(apply_suggestions(ocr, inside), gold), 4), "chars": len(gold)})
    return rows


def process_source(src: Source, out: Path, spec: dict, ocr_options: dict, force: bool) -> DocResult:
    """Process one source end to end; never raises for bad input (returns ``failed``)."""
    t0 = time.perf_counter()
    folder = out / src.name
    res = DocResult(src.name, str(src.path), "ok", folder=str(folder))
    try:
        pipeline = get_pipeline(spec)
        key = resume_key(src, pipeline, ocr_options) if src.kind != "missing" else ""
        done = folder / "document.json"
        if not force and key and done.exists():
            try:
                old = json.loads(done.read_text("utf-8"))
            except (OSError, json.JSONDecodeError):
                old = {}
            if (old.get("stamp") or {}).get("key") == key:
                res.status = "skipped"
                res.reason = "already done with the same input and configuration"
                return res
        doc = load_source(src, ocr_options)
        pipeline.run(doc)
        doc.stamp.key = key
        write_outputs(doc, folder)
        res.suggestions = len(doc.suggestions)
        res.auto = sum(s.status == "auto" for s in doc.suggestions)
        res.review = sum(s.status == "review" for s in doc.suggestions)
        res.flags = len(doc.flags)
        res.cer = page_cer(doc)
    except StageError as exc:
        res.status, res.reason, res.code = "failed", str(exc), exc.code
        res.reason += "\n" + "".join(traceback.format_exception(exc.cause)).rstrip()[-2000:]
    except OcrfixError as exc:
        res.status, res.reason, res.code = "failed", str(exc), exc.code
    except Exception as exc:  # an unexpected failure is still reported per document
        res.status, res.reason, res.code = "failed", f"{type(exc).__name__}: {exc}", "E999"
    finally:
        res.seconds = round(time.perf_counter() - t0, 3)
    return res


@dataclass
class RunSummary:
    out: str
    started: str
    finished: str = ""
    seconds: float = 0.0
    config: dict = field(default_factory=dict)
    documents: list[DocResult] = field(default_factory=list)
    aborted: str = ""

    @property
    def failed(self) -> list[DocResult]:
        return [d for d in self.documents if d.status == "failed"]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["counts"] = {s: sum(r.status == s for r in self.documents) for s in ("ok", "skipped", "failed")}
        return d


class Progress:
    """Prints documents done, failed and the estimated time left (to stderr)."""

    def __init__(self, total: int, stream=sys.stderr, quiet: bool = False):
        self.total, self.done, self.failed, self.t0 = total, 0, 0, time.perf_counter()
        self.stream, self.quiet = stream, quiet

    def __call__(self, res: DocResult) -> None:
        self.done += 1
        self.failed += res.status == "failed"
        elapsed = time.perf_counter() - self.t0
        eta = elapsed / self.done * (self.total - self.done)
        if self.quiet:
            return
        what = res.status if res.status != "failed" else f"FAILED ({res.reason.splitlines()[0][:100]})"
        print(f"[{self.done}/{self.total}] {res.name}: {what} {res.seconds:.1f}s · failed {self.failed}"
              f" · about {eta:.0f}s left", file=self.stream, flush=True)


def _needs_ocr(src: Source) -> bool:
    """True when reading ``src`` means running Tesseract (a scan, or a bundle of scans only)."""
    from .bundle import OCR_FILES
    return src.kind == "scan" or (src.kind == "bundle" and not any((src.path / f).exists() for f in OCR_FILES))


def _check_ocr(sources: list[Source]) -> None:
    """Fail early (for the scan sources only) when Tesseract is missing."""
    if not any(_needs_ocr(s) for s in sources):
        return
    try:
        from .ingest.scan import check_tesseract
    except ImportError:  # pragma: no cover
        return
    check_tesseract()


def run_batch(paths: list[str | Path], opts: RunOptions,
              progress: Callable[[DocResult], None] | None = None) -> RunSummary:
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    sources = expand_sources(paths)
    pipeline = get_pipeline(opts.spec())  # validates the configuration before any work
    summary = RunSummary(str(out), _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                         config={"stages": [s.ident for s in pipeline.stages], "parameters": pipeline.parameters,
                                 "ocr": opts.ocr_options, "config_hash": pipeline.config_hash()})
    progress = progress or Progress(len(sources))
    t0 = time.perf_counter()
    ocr_missing: OcrUnavailable | None = None
    try:
        _check_ocr(sources)
    except OcrUnavailable as exc:
        ocr_missing = exc
    todo = []
    for src in sources:
        if ocr_missing and _needs_ocr(src):
            res = DocResult(src.name, str(src.path), "failed", reason=str(ocr_missing), code=ocr_missing.code)
            summary.documents.append(res)
            progress(res)
        else:
            todo.append(src)
    workers = opts.workers or os.cpu_count() or 1
    args = (out, opts.spec(), opts.ocr_options, opts.force)
    if opts.scheduler:
        from .distributed import run_on_dask
        results = run_on_dask(todo, args, opts.scheduler, progress, opts.on_error)
        summary.documents += results
        broken = [r for r in results if r.status == "failed" and r.code.startswith("E4")]
        if broken and opts.on_error == "abort":
            summary.aborted = f"aborted after {broken[0].name}: {broken[0].reason.splitlines()[0]}"
    elif workers == 1 or len(todo) <= 1:
        pipeline.warm_up()
        for src in todo:
            res = process_source(src, *args)
            summary.documents.append(res)
            progress(res)
            if res.status == "failed" and res.code.startswith("E4") and opts.on_error == "abort":
                summary.aborted = f"aborted after {res.name}: {res.reason.splitlines()[0]}"
                break
    else:
        pipeline.warm_up()  # loaded once here; forked workers share it
        with cf.ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
            futures = {pool.submit(process_source, src, *args): src for src in todo}
            for fut in cf.as_completed(futures):
                res = fut.result()
                summary.documents.append(res)
                progress(res)
                if res.status == "failed" and res.code.startswith("E4") and opts.on_error == "abort":
                    summary.aborted = f"aborted after {res.name}: {res.reason.splitlines()[0]}"
                    for f in futures:
                        f.cancel()
                    break
    order = {s.name: i for i, s in enumerate(sources)}
    summary.documents.sort(key=lambda r: order.get(r.name, 0))
    summary.seconds = round(time.perf_counter() - t0, 2)
    summary.finished = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    (out / "run.json").write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    return summary


def format_summary(summary: RunSummary) -> str:
    counts = summary.to_dict()["counts"]
    lines = [f"ocrfix run: {counts['ok']} processed, {counts['skipped']} skipped (already done), "
             f"{counts['failed']} failed in {summary.seconds:.1f}s → {summary.out}"]
    if summary.aborted:
        lines.append(summary.aborted)
    for r in summary.documents:
        for c in r.cer:
            where = f"page {c['page']}" if c["page"] != "all" else "whole text"
            lines.append(f"  {r.name} {where}: CER {c['cer_ocr']:.4f} OCR → "
                         f"{c['cer_corrected']:.4f} corrected ({c['chars']} chars)")
    for r in summary.failed:
        lines.append(f"  FAILED {r.name} ({r.source}): {r.reason.splitlines()[0]}")
    return "\n".join(lines)
