"""Loading the data tables in ``dictionaries/`` and the cache of built indexes.

Loaders raise on a missing file and count malformed lines instead of silently skipping
them; the count and a checksum travel with the table.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ResourceError

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def dictionaries_dir() -> Path:
    """``$OCRFIX_DICTIONARIES`` or the repository's ``dictionaries/``."""
    return Path(os.environ.get("OCRFIX_DICTIONARIES", REPO_DIR / "dictionaries"))


def cache_dir() -> Path:
    """Where built indexes are cached: ``$OCRFIX_CACHE`` or ``~/.cache/ocrfix``."""
    p = Path(os.environ.get("OCRFIX_CACHE", Path.home() / ".cache" / "ocrfix"))
    p.mkdir(parents=True, exist_ok=True)
    return p


def file_checksum(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()[:16]


@dataclass
class Table:
    """Rows of a TSV/CSV data file, with provenance."""

    path: Path
    rows: list[dict[str, str]]
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    checksum: str = ""


def read_table(name: str | Path, required: tuple[str, ...] = (), *, delimiter: str | None = None,
               warn: bool = True) -> Table:
    """Read ``dictionaries/NAME`` (TSV or CSV by extension).  Lines starting with ``#`` are
    comments; the first other line is the header.  A row with a wrong number of cells or an
    empty required cell is counted as malformed and skipped (and reported on stderr)."""
    path = Path(name)
    if not path.is_absolute() and not path.exists():
        path = dictionaries_dir() / path
    if not path.exists():
        raise ResourceError(f"data file {path} is missing", code="E501")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ResourceError(f"{path}: not UTF-8 ({exc})", code="E502") from exc
    delim = delimiter or ("\t" if path.suffix in (".tsv", ".tab") else ",")
    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise ResourceError(f"{path}: no header line", code="E503")
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in lines)), delimiter=delim)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise ResourceError(f"{path}: missing column(s) {', '.join(missing)}", code="E504")
    rows, bad = [], []
    for (lineno, _), cells in zip(lines[1:], reader):
        if len(cells) != len(header):
            bad.append((lineno, f"{len(cells)} cells, expected {len(header)}"))
            continue
        row = {h: c.strip() for h, c in zip(header, cells)}
        empty = [c for c in required if not row.get(c)]
        if empty:
            bad.append((lineno, f"empty {', '.join(empty)}"))
            continue
        rows.append(row)
    if bad and warn:
        print(f"ocrfix: {path.name}: skipped {len(bad)} malformed line(s), first at line {bad[0][0]}: "
              f"{bad[0][1]}", file=sys.stderr)
    return Table(path, rows, bad, hashlib.sha256(raw).hexdigest()[:16])
