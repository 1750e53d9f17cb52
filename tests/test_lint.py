"""ruff's checks, PLR0913 among them (at most 5 parameters a function), run by ``make test`` so CI
holds them: the rules are ``[tool.ruff.lint]`` in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_ruff_is_clean() -> None:
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "pipeline", "tests", "bench"], cwd=ROOT,
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


def test_long_parameter_lists_are_checked() -> None:
    probe = "def f(a, b, c, d, e, f):\n    return a\n"
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--stdin-filename", "probe.py", "-"], cwd=ROOT,
                         input=probe, capture_output=True, text=True)  # fmt: skip
    assert "PLR0913" in run.stdout
