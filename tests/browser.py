"""Headless Chromium for the tests that look at pages: Debian's chromium and chromium-driver
(scripts/install_chromium.sh, run by ``make install`` as root), driven by Selenium."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")  # fmt: skip


def chromium_missing() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        return "chromium is not installed (scripts/install_chromium.sh, run by `make install` as root)"
    if not CHROMEDRIVER.exists():
        return "chromium-driver is not installed (/usr/bin/chromedriver; scripts/install_chromium.sh)"
    return ""


def chromium(profile: Path, width: int = 1440, height: int = 900):  # noqa: ANN201 - a selenium WebDriver
    """A headless Chromium with its own profile folder, logging the console for the tests."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
