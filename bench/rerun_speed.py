"""Rerun cost for ``make bench``: ``fengong extract`` on the bench corpus, then again with nothing changed.

The first run is the default one (every table, plans.xlsx too, one worker); the rerun asks the
same of the same folder. Both are timed as whole processes, the fastest of ``ROUNDS`` pairs, and
the rerun's folder is checked file by file: a rerun with nothing changed writes nothing (issue 26).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

ROUNDS = 3
GOAL = 0.25  # a rerun with nothing changed costs at most this share of the first run


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def _timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True)
    return time.perf_counter() - started


def measure(fengong: list[str], corpus: Path, work: Path) -> dict[str, Any]:
    """The first run's and the rerun's wall times, and whether the rerun left every file as it was."""
    out = work / "rerun"
    cmd = [*fengong, "extract", str(corpus), "--out", str(out), "--jobs", "1", "--excel", "--quiet"]
    first = again = float("inf")
    untouched = True
    for _ in range(ROUNDS):
        shutil.rmtree(out, ignore_errors=True)
        first = min(first, _timed(cmd))
        before = _stamps(out)
        again = min(again, _timed(cmd))
        untouched = untouched and _stamps(out) == before
    shutil.rmtree(out, ignore_errors=True)
    return {"first_s": first, "rerun_s": again, "untouched": untouched}


def report_lines(r: dict[str, Any] | None) -> list[str]:
    """The section of docs/benchmarks.md on reruns."""
    if not r:
        return []
    share = r["rerun_s"] / r["first_s"]
    ok = share <= GOAL and r["untouched"]
    return [
        "## A rerun with nothing changed (issue 26)",
        "",
        f"`fengong extract CORPUS --out OUT --jobs 1 --excel` (every table, plans.xlsx too): the first run "
        f"{r['first_s']:.2f} s, the same command again {r['rerun_s']:.2f} s = **{share:.2f}×** the first "
        f"run's time; {'no file of the folder was written again' if r['untouched'] else '**files were written again**'} "
        f"(sizes and modification times compared). Goal: ≤ {GOAL}× and nothing rewritten: "
        f"{'**met**' if ok else '**not met**'}. The rerun hashes every input and compares the "
        "record of `run_state.json` (`pipeline/run/rerun.py`); it starts no worker and loads no lexicon.",
        "",
    ]
