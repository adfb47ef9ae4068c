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


def have_tesseract() -> bool:
    """True when the tesseract binary and its Russian data are installed."""
    import shutil
    if not shutil.which("tesseract"):
        return False
    try:
        import pytesseract
        return "rus" in pytesseract.get_languages(config="")
    except Exception:  # noqa: BLE001 - any failure means "not usable here"
        return False


requires_tesseract = pytest.mark.skipif(not have_tesseract(), reason="tesseract with Russian data is not installed")

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def have_browser() -> bool:
    import shutil
    return bool((shutil.which("chromium") or Path(CHROMIUM).exists())
                and (shutil.which("chromedriver") or Path(CHROMEDRIVER).exists()))


def start_chromium(user_dir: str, window: str = "1300,1000", console_log: bool = False):
    """Debian's headless Chromium through selenium, with the flags this machine needs."""
    import shutil
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={user_dir}", f"--window-size={window}"):
        opts.add_argument(arg)
    if console_log:
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or CHROMEDRIVER), options=opts)
