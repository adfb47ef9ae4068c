"""The HTML report in headless Chromium: it renders, the main parts are there, no console
errors, and OCR text with <, & and quotes shows literally."""
from __future__ import annotations

import shutil
import tempfile

import pytest

from pipeline.report import write_reports
from test_report import NASTY, make_run

from conftest import have_browser, start_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    pytest.importorskip("selenium.webdriver")
    if not have_browser():
        pytest.skip("chromium or chromedriver missing")
    profile = tempfile.mkdtemp(prefix="ocrfix-chromium-")
    try:
        drv = start_chromium(profile, "1280,2000", console_log=True)
    except Exception as exc:  # noqa: BLE001 - no usable browser here
        pytest.skip(f"cannot start chromium: {exc}")
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_report_renders_in_chromium(driver, tmp_path):
    from selenium.webdriver.common.by import By
    run = make_run(tmp_path)
    html = write_reports(run)[0]
    driver.get(html.resolve().as_uri())
    assert driver.title == "ocrfix QA report"
    for element_id in ("summary", "overview", "plots", "doc-gold-doc", "doc-nasty-doc"):
        assert driver.find_element(By.ID, element_id).is_displayed()
    svgs = driver.find_elements(By.CSS_SELECTOR, "#plots svg")
    assert len(svgs) >= 3 and all(s.size["width"] > 100 and s.size["height"] > 50 for s in svgs)
    rows = driver.find_elements(By.CSS_SELECTOR, "#overview tr")
    assert len(rows) == 3  # header + two documents
    # no script ran from the document text: the literal text is on the page
    for d in driver.find_elements(By.TAG_NAME, "details"):
        driver.execute_script("arguments[0].open = true", d)
    body = driver.find_element(By.TAG_NAME, "body").text
    truth = NASTY.replace("кавычками", "кавычкой")
    assert truth in body
    assert driver.find_elements(By.CSS_SELECTOR, "section.doc script") == []
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
