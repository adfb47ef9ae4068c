"""Shared fixtures: paths and small documents."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path, monkeypatch):
    """Every test runs in its own folder, so a default ocrfix.sqlite lands there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OCRFIX_REVIEWER", "tester")
