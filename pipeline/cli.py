"""The ``ocrfix`` command.  Commands are thin wrappers over plain functions."""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import OcrfixError

#: commands that live in their own modules, imported only when used: name -> (module, attribute)
EXTRA_COMMANDS = {
    "samples": ("pipeline.render", "samples_group"),
    "dictionaries": ("pipeline.lexicon", "dictionaries_group"),
    "confusions": ("pipeline.confusion", "confusions_command"),
    "names": ("pipeline.names", "names_group"),
    "align": ("pipeline.align", "align_command"),
    "review": ("pipeline.review_cli", "review_group"),
    "apply": ("pipeline.review_cli", "apply_command"),
    "report": ("pipeline.report", "report_command"),
}


class LazyGroup(click.Group):
    """A group whose extra commands are imported on first use (start-up stays fast)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(EXTRA_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        cmd = super().get_command(ctx, name)
        if cmd is not None or name not in EXTRA_COMMANDS:
            return cmd
        mod_name, attr = EXTRA_COMMANDS[name]
        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError as exc:
            if exc.name == mod_name:
                return None
            raise
        return getattr(mod, attr, None)


def _fail(exc: OcrfixError) -> None:
    click.echo(f"ocrfix: error {exc}", err=True)
    sys.exit(2)


def _params(pairs: tuple[str, ...]) -> dict:
    from .stages import parse_stage_params
    return parse_stage_params(list(pairs))


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="ocrfix")
def cli() -> None:
    """ocrfix: find and fix OCR errors in Russian archival typescripts, with evidence."""


@cli.command("run")
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--workers", type=int, default=0, show_default=True, help="Parallel documents (0: all cores).")
@click.option("--force", is_flag=True, help="Redo documents already done with the same input and configuration.")
@click.option("--on-error", type=click.Choice(["abort", "skip"]), default="skip", show_default=True,
              help="What a stage failure does to the batch (bad input is always skipped and listed).")
@click.option("--stages", "stage_list", default=None, help="Comma-separated stages to run (default: all).")
@click.option("--skip-stage", multiple=True, help="Leave out a stage (repeatable).")
@click.option("--param", "-p", multiple=True, help="Stage parameter STAGE.NAME=VALUE (repeatable).")
@click.option("--ocr", "ocr_opts", multiple=True, help="Scan/OCR option NAME=VALUE (see `ocrfix stages`).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786) to run the batch on.")
@click.option("--store", "store", default="ocrfix.sqlite", show_default=True,
              help="Review store the suggestions are imported into ('' to skip).")
@click.option("--no-report", is_flag=True, help="Do not write the QA report.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def run_cmd(sources, out, workers, force, on_error, stage_list, skip_stage, param, ocr_opts, scheduler, store,
            no_report, quiet) -> None:
    """Ingest SOURCES (bundles, folders, exports, scans, hOCR/ALTO), correct, write outputs to OUT."""
    from .batch import Progress, RunOptions, expand_sources, format_summary, run_batch
    try:
        opts = RunOptions(Path(out), stage_list.split(",") if stage_list else None, list(skip_stage),
                          _params(param), workers, force, on_error, _params_flat(ocr_opts), scheduler)
        summary = run_batch(list(sources), opts, Progress(len(expand_sources(list(sources))), quiet=quiet))
    except OcrfixError as exc:
        _fail(exc)
    click.echo(format_summary(summary))
    _after_run(Path(out), store, no_report)
    if summary.aborted:
        sys.exit(1)


def _after_run(out: Path, store: str, no_report: bool) -> None:
    """Import into the review store and write the QA report, where those parts are installed."""
    if store:
        try:
            mod = importlib.import_module("pipeline.store")
        except ModuleNotFoundError:
            mod = None
        if mod is not None:
            n = mod.import_run(out, store)
            click.echo(f"review store {store}: {n}")
    if not no_report:
        try:
            rep = importlib.import_module("pipeline.report")
        except ModuleNotFoundError:
            rep = None
        if rep is not None:
            paths = rep.write_reports(out, store=store or None)
            click.echo(f"QA report: {paths[0] if paths else out}")


def _params_flat(pairs: tuple[str, ...]) -> dict:
    out = {}
    for pair in pairs:
        k, sep, v = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}")
        try:
            out[k] = json.loads(v)
        except json.JSONDecodeError:
            out[k] = v
    return out


def correct_text(text: str, translation: str = "", stage_list: list[str] | None = None,
                 params: dict | None = None, doc_id: str = "stdin") -> dict:
    """The JSON contract of ``ocrfix correct`` (see DESIGN.md)."""
    from .model import Document
    from .stages import Pipeline
    from .tokens import tokenize
    doc = Document(id=doc_id, text=text, translation=translation, tokens=tokenize(text))
    Pipeline(stage_list, params).run(doc)
    keys = ("id", "start", "end", "original", "replacement", "confidence", "status", "stage", "evidence",
            "kind", "alternatives")
    return {
        "text": doc.text,
        "corrected": doc.corrected(),
        "suggestions": [{k: s.to_dict()[k] for k in keys} for s in doc.suggestions],
        "flags": [f.to_dict() for f in doc.flags],
        "quality": doc.quality,
        "stamp": doc.stamp.to_dict() if doc.stamp else None,
    }


@cli.command("correct")
@click.option("--text", "text_file", required=True, help="OCR text file, or - for standard input.")
@click.option("--translation", "translation_file", default=None, help="English translation file.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON result (the default output is the corrected text).")
@click.option("--stages", "stage_list", default=None, help="Comma-separated stages to run (default: all).")
@click.option("--param", "-p", multiple=True, help="Stage parameter STAGE.NAME=VALUE (repeatable).")
def correct_cmd(text_file, translation_file, as_json, stage_list, param) -> None:
    """Correct one OCR text and print the corrected text or the JSON result."""
    from .textio import decode_bytes, read_text
    try:
        if text_file == "-":
            text, _ = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            text = text.replace("\r\n", "\n")
        else:
            text, _ = read_text(text_file)
        translation = read_text(translation_file, allow_empty=True)[0] if translation_file else ""
        result = correct_text(text, translation, stage_list.split(",") if stage_list else None, _params(param))
    except OcrfixError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(result["corrected"], nl=False)


@cli.command("import")
@click.argument("exports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, help="Folder for the bundles.")
@click.option("--name", "names", multiple=True, help="Bundle folder name for each export, in order (default: file stem).")
def import_cmd(exports, out, names) -> None:
    """Split archive text EXPORTS into document bundles (ocr.txt, translation.en.txt, meta.json)."""
    from .bundle import write_bundle
    from .ingest.export import split_export
    from .textio import read_text
    failed = 0
    for i, path in enumerate(exports):
        p = Path(path)
        name = names[i] if i < len(names) else p.stem
        try:
            text, _ = read_text(p)
            parts = split_export(text)
            folder = write_bundle(parts, Path(out) / name, source=p.name)
        except OcrfixError as exc:
            failed += 1
            click.echo(f"ocrfix: {p}: {exc}", err=True)
            continue
        click.echo(f"{p} → {folder} (Russian {len(parts.russian)} chars, English {len(parts.english)} chars, "
                   f"{parts.order}, {len(parts.notes)} notes)")
    if failed:
        sys.exit(1)


@cli.command("stages")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stages_cmd(as_json) -> None:
    """List the stages, what they need and add, and their parameters."""
    from .stages import default_stage_names, registry
    reg = registry()
    default = default_stage_names()
    rows = []
    for cls in sorted(reg.values(), key=lambda c: (c.order, c.name)):
        rows.append({"name": cls.name, "version": cls.version, "default": cls.name in default,
                     "requires": sorted(cls.requires), "provides": sorted(cls.provides),
                     "description": cls.description,
                     "params": {k: {"type": p.type.__name__, "default": p.default, "description": p.description}
                                for k, p in cls.params.items()}})
    try:
        from .ingest.scan import SCAN_PARAMS
        ocr = {k: {"type": t.__name__, "default": d, "description": desc}
               for k, (t, d, desc) in SCAN_PARAMS.items()}
    except ImportError:  # pragma: no cover
        ocr = {}
    if as_json:
        click.echo(json.dumps({"stages": rows, "ocr": ocr}, ensure_ascii=False, indent=1))
        return
    for r in rows:
        click.echo(f"{r['name']}@{r['version']}{'' if r['default'] else ' (not in the default pipeline)'}"
                   f" — {r['description']}")
        click.echo(f"    requires: {', '.join(r['requires']) or '-'}; provides: {', '.join(r['provides']) or '-'}")
        for k, p in r["params"].items():
            click.echo(f"    {r['name']}.{k} ({p['type']}, default {p['default']!r}): {p['description']}")
    if ocr:
        click.echo("scan / OCR options (ocrfix run --ocr NAME=VALUE):")
        for k, p in ocr.items():
            click.echo(f"    {k} ({p['type']}, default {p['default']!r}): {p['description']}")


def main() -> None:  # pragma: no cover - console script
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
