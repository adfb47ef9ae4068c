"""What every benchmark that keeps its results shares: a description of the machine, and
writing ``benchmarks/results/NAME-DATE.{md,json}``."""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict:
    """Date, Python, processor, cores, system and Tesseract version of this run."""
    return {"date": dt.date.today().isoformat(), "python": platform.python_version(),
            "machine": platform.machine(), "cpus": os.cpu_count(), "system": platform.platform(),
            "tesseract": subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
            .stdout.splitlines()[0] if shutil.which("tesseract") else "missing"}


def write_results(name: str, result: dict, markdown: str) -> Path:
    """Print the Markdown and write it with the JSON as ``results/NAME-DATE.*``; returns the
    path without suffix (for further files such as a plot)."""
    print(markdown)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{name}-{result['machine']['date']}"
    stem.with_suffix(".md").write_text(markdown, "utf-8")
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1, ensure_ascii=False), "utf-8")
    return stem
