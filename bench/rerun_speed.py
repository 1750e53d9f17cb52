"""Rerun cost for ``make bench``: ``fengong extract`` on the bench corpus, then again with nothing changed;
and the page's section on it.

The first run writes every table, plans.xlsx too, with one worker; the rerun asks the same of the
same folder. Both are timed as whole processes, the fastest of ``ROUNDS`` pairs, and the rerun's
folder is checked file by file: a rerun with nothing changed writes nothing (issue 26).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from extract_command import fengong
from goals import RERUN_SHARE, verdict
from timers import run_command

ROUNDS = 3


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``out``: its size and modification time (ns), by path relative to ``out``."""
    return {str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def measure(corpus: Path, work: Path) -> dict[str, Any]:
    """Extract ``corpus`` into a folder of ``work``, then again: the fastest first run, the fastest rerun.

    Returns:
        ``first_s``, ``rerun_s`` and ``untouched`` (whether every rerun left every file as it was).
    """
    out = work / "rerun"
    cmd = [*fengong(), "extract", str(corpus), "--out", str(out), "--jobs", "1", "--excel", "--quiet"]
    first = again = float("inf")
    untouched = True
    for _ in range(ROUNDS):
        shutil.rmtree(out, ignore_errors=True)
        first = min(first, run_command(cmd, ok=None)["wall_s"])
        before = _stamps(out)
        again = min(again, run_command(cmd, ok=None)["wall_s"])
        untouched = untouched and _stamps(out) == before
    shutil.rmtree(out, ignore_errors=True)
    return {"first_s": first, "rerun_s": again, "untouched": untouched}


def report_lines(r: dict[str, Any] | None) -> list[str]:
    """The section of docs/benchmarks.md on reruns, from :func:`measure`'s numbers ``r``."""
    if not r:
        return []
    share = r["rerun_s"] / r["first_s"]
    ok = share <= RERUN_SHARE and r["untouched"]
    return [
        "## A rerun with nothing changed (issue 26)",
        "",
        f"`fengong extract CORPUS --out OUT --jobs 1 --excel` (every table, plans.xlsx too): the first run "
        f"{r['first_s']:.2f} s, the same command again {r['rerun_s']:.2f} s = **{share:.2f}×** the first "
        f"run's time; {'no file of the folder was written again' if r['untouched'] else '**files were written again**'} "
        f"(sizes and modification times compared). Goal: ≤ {RERUN_SHARE}× and nothing rewritten: "
        f"{verdict(ok)}. The rerun hashes every input and compares the "
        "record of `run_state.json` (`pipeline/run/rerun.py`); it starts no worker and loads no lexicon.",
        "",
    ]
