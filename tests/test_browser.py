"""A real browser (Debian's chromium + chromedriver through selenium) reviews with the
keyboard: approve one suggestion, edit another; both decisions are in the store and in
``ocrfix apply``'s output."""
from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from test_store import store_path  # noqa: F401  (fixture)

from conftest import have_browser, start_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_browser(), reason="needs Debian's chromium and chromium-driver"),
]


def start_browser(user_dir: str):
    return start_chromium(user_dir, "1300,1000")


@pytest.fixture
def served(store_path):  # noqa: F811
    from pipeline.web.server import make_server
    srv = make_server(store_path, "127.0.0.1", 0, "browser-reviewer")
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", store_path
    srv.shutdown()
    srv.server_close()


def test_keyboard_review_reaches_store_and_apply(served, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    base, store = served
    user_dir = tempfile.mkdtemp(prefix="ocrfix-chromium-")
    driver = start_browser(user_dir)
    try:
        driver.get(base + "/queue?doc=cable-a")
        wait = WebDriverWait(driver, 20)
        first = driver.find_element(By.CSS_SELECTOR, "#queue .card.current")
        first_id, first_orig = first.get_attribute("data-id"), first.find_element(By.CSS_SELECTOR, "mark").text
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("a")
        wait.until(lambda d: first.get_attribute("data-status") == "approved")
        second = driver.find_element(By.CSS_SELECTOR, "#queue .card.current")
        second_id = second.get_attribute("data-id")
        assert second_id != first_id
        driver.find_element(By.TAG_NAME, "body").send_keys("e")
        box = second.find_element(By.CSS_SELECTOR, "form.editor input")
        wait.until(lambda d: d.switch_to.active_element == box)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys("ИСПРАВЛЕНО", Keys.ENTER)
        wait.until(lambda d: second.get_attribute("data-status") == "edited")
        assert driver.find_element(By.CSS_SELECTOR, '[data-count="approved"]').text == "1"
        assert "<script>" not in driver.execute_script("return document.title")
    finally:
        driver.quit()
        shutil.rmtree(user_dir, ignore_errors=True)

    from pipeline.export_xml import apply_store
    from pipeline.store import open_store
    with open_store(store) as st:
        a, b = st.item("cable-a", first_id), st.item("cable-a", second_id)
        assert a.status == "approved" and a.reviewer == "browser-reviewer"
        assert b.status == "edited" and b.effective == "ИСПРАВЛЕНО"
        apply_store(st, tmp_path / "reviewed")
    text = (tmp_path / "reviewed" / "cable-a" / "corrected.txt").read_text("utf-8")
    log = (tmp_path / "reviewed" / "cable-a" / "changes.csv").read_text("utf-8")
    assert "ИСПРАВЛЕНО" in text and first_orig not in text.replace(a.effective, "")
    assert first_id in log and second_id in log and "browser-reviewer" in log
    assert Path(tmp_path / "reviewed" / "cable-a" / "alto.xml").read_text("utf-8").count("ИСПРАВЛЕНО") == 1
