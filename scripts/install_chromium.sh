#!/bin/sh
# Headless Chromium and its driver, for the browser test of the HTML report (tests/test_html_report_browser.py).
# Installed from Debian's chromium and chromium-driver when run as root; skipped quietly otherwise
# or when both are already there (the test then skips, saying chromium is not installed).
if command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromedriver ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != "0" ]; then exit 0; fi
apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } \
  || echo "note: could not install chromium and chromium-driver; the report's browser test will be skipped" >&2
exit 0
