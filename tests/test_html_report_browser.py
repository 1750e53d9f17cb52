"""Issue 15: the HTML report in a real browser, headless Chromium from file://.

It checks what a person would see: the pages render with their marks and legend, a click on a
table row brings its measure into view (and a click on a measure its row), markup in a plan
shows as text and never runs, and the console stays free of errors. A screenshot of each page
is saved under the test's tmp folder; with ``FENGONG_README_SCREENSHOT=docs/report.png`` the
document page's screenshot is also written there, small, for the README.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import chromium, chromium_missing
from .report_runs import report_run

pytestmark = pytest.mark.skipif(bool(chromium_missing()), reason=chromium_missing() or "chromium is installed")

IN_VIEW = """const r = arguments[0].getBoundingClientRect();
return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;"""


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    return report_run(tmp_path_factory.mktemp("browser-report"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def _open(browser, page: Path) -> None:
    browser.get(page.resolve().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def _console_errors(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _in_view(browser, element) -> bool:
    return browser.execute_script(IN_VIEW, element)


def test_the_corpus_page_lists_the_documents(browser, run: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, run / "report" / "index.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.documents tbody tr")
    assert len(rows) == 4 and all(r.is_displayed() for r in rows)
    assert "贯彻实施质量发展纲要2013年行动计划" in browser.find_element(By.ID, "documents").text
    flagged = browser.find_element(By.CSS_SELECTOR, "table.flagged-rows tbody tr")
    assert "火星开发委员会" in flagged.text and "unknown_body" in flagged.text
    browser.save_screenshot(str(tmp_path / "index.png"))
    browser.find_element(By.LINK_TEXT, "贯彻实施质量发展纲要2013年行动计划").click()
    assert browser.current_url.endswith("/report/docs/2013-quality-action-plan.html")
    assert not _console_errors(browser)


def test_a_row_click_scrolls_its_measure_into_view(browser, run: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, run / "report" / "docs" / "2013-quality-action-plan.html")
    assert browser.find_element(By.ID, "legend").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#text .measure")) == 85
    font = browser.execute_script("return getComputedStyle(document.getElementById('text')).fontFamily")
    assert font.startswith('"Noto Sans CJK SC"')
    colours = browser.execute_script("""return ['lead', 'participant', 'responsible'].map(role =>
        getComputedStyle(document.querySelector('#text .body.role-' + role)).borderBottomColor)""")
    assert len(set(colours)) == 3  # each role in its own colour
    browser.save_screenshot(str(tmp_path / "document.png"))
    last = browser.find_element(By.ID, "m-m0085")
    assert not _in_view(browser, last)  # at the end of the text, out of sight before the click
    row = browser.find_element(By.ID, "r-m0085")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.click()
    assert _in_view(browser, last)
    assert "current" in last.get_attribute("class") and "current" in row.get_attribute("class")
    _check_measure_click(browser)
    browser.save_screenshot(str(tmp_path / "after-click.png"))
    assert not _console_errors(browser)
    _readme_screenshot(browser)


def _check_measure_click(browser) -> None:
    """A click on a measure in the text brings its table row into view."""
    from selenium.webdriver.common.by import By

    measure = browser.find_element(By.ID, "m-m0080")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", measure)
    row = browser.find_element(By.ID, "r-m0080")
    browser.execute_script("document.querySelector('.pane.table').scrollTop = 0")
    assert not _in_view(browser, row)
    measure.click()
    assert _in_view(browser, row) and "current" in row.get_attribute("class")


def test_markup_in_a_plan_never_runs(browser, run: Path, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    _open(browser, run / "report" / "docs" / "evil.html")
    assert browser.execute_script("return window.__pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - reading it is the check
    text = browser.find_element(By.ID, "text").text
    assert "<script>window.__pwned=1</script>" in text and 'onerror="window.__pwned=2"' in text
    assert not browser.find_elements(By.CSS_SELECTOR, "#text img, #text script, #text b")
    assert "flagged" in browser.find_element(By.ID, "m-m0001").get_attribute("class")
    assert "unassigned" in browser.find_element(By.ID, "m-m0002").get_attribute("class")
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(("file:", "data:")) for u in urls), urls  # nothing from the network
    browser.save_screenshot(str(tmp_path / "evil.png"))
    assert not _console_errors(browser)


def _readme_screenshot(browser) -> None:
    """With FENGONG_README_SCREENSHOT set, the document page as a small PNG for the README."""
    target = os.environ.get("FENGONG_README_SCREENSHOT")
    if not target:
        return
    import io

    from PIL import Image

    browser.execute_script("const row = document.getElementById('r-m0017');"
                           "row.scrollIntoView({block: 'start'}); row.click();")  # a lead and participants
    image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
