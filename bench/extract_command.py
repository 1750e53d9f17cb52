"""``fengong extract`` as a user runs it: the environment's command in a subprocess, timed from outside,
with the counts of its manifest."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path
from typing import Any

from timers import run_command


def fengong() -> list[str]:
    """The ``fengong`` command of this environment (the script beside the interpreter, else ``python -m pipeline``)."""
    script = Path(sys.executable).with_name("fengong")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def extract(out: Path, jobs: int | None, excel: bool | None, *inputs: Path) -> dict[str, Any]:
    """``fengong extract INPUTS --out OUT --jobs J --excel/--no-excel`` into a fresh OUT, removed after.

    Exit status 1 (an input failed) is recorded, not fatal: the statuses come from the manifest.

    Args:
        out: the output folder.
        jobs: ``--jobs``; None leaves the flag out, as in a run with no flags.
        excel: ``--excel`` or ``--no-excel``; None leaves the flag out.
        inputs: the files and folders to extract.

    Returns:
        :func:`timers.run_command`'s numbers, and the manifest's ``status`` counts, ``n_measures`` and
        ``n_assignments``.
    """
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*fengong(), "extract", *map(str, inputs), "--out", str(out), *(["--jobs", str(jobs)] if jobs else [])]
    flags = [] if excel is None else ["--excel" if excel else "--no-excel"]
    result: dict[str, Any] = run_command(cmd + flags, ok=(0, 1))
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    result["status"] = {s: sum(r["status"] == s for r in rows) for s in sorted({r["status"] for r in rows})}
    result["n_measures"] = sum(int(r["n_measures"] or 0) for r in rows)
    result["n_assignments"] = sum(int(r["n_assignments"] or 0) for r in rows)
    shutil.rmtree(out, ignore_errors=True)
    return result
