"""Bare jieba as a user's script runs it, for the goals of issue 26: a whole process, timed from outside;
and the page's section on those goals.

``python -c "import jieba; …"`` over UTF-8 copies of the bench corpus (decoded once, beforehand,
by the pipeline's reader, so both sides read the same characters): the interpreter's start, the
import and the dictionary load (its cache warm, as on a user's second run) are in its time, as
they are in ``fengong extract``'s.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

from goals import ISSUE26, RERUN_SHARE, verdict
from timers import run_command

SCRIPT = (
    "import sys, jieba\n"
    "for p in sys.argv[1:]:\n"
    "    jieba.lcut(open(p, encoding='utf-8').read())\n"
)


def jieba_process_s(paths: list[Path]) -> float:
    """Wall time in seconds of one whole bare-jieba process over the UTF-8 files ``paths``."""
    return run_command([sys.executable, "-c", SCRIPT, *map(str, paths)])["wall_s"]


def _ratio(jieba_s: float, ours_s: float, goal: float) -> str:
    """jieba's time over fengong's, both times, and whether it reaches ``goal``."""
    x = jieba_s / ours_s
    return f"{x:.2f}× ({ours_s:.2f} s against {jieba_s:.2f} s) {verdict(x >= goal)}"


def report_lines(r: dict[str, Any]) -> list[str]:
    """The goals of issue 26 (docs/benchmarks.md), from a bench run's numbers ``r``."""
    g = r.get("issue26")
    if not g or "cli1n" not in r:
        return []
    rerun = r.get("rerun") or {}
    lines = [
        "## Goals (issue 26)",
        "",
        "Each command timed as a whole process (bare jieba's time includes its start and dictionary load, its",
        "cache warm), the fastest of the rounds; a ratio is jieba's time over fengong's.",
        "",
        "| goal | target | measured |",
        "| --- | --- | --- |",
        f"| `extract --jobs 1 --no-excel` ÷ bare jieba, page-beginnings | ≥ {ISSUE26['page_beginnings']:.1f}× | "
        f"{_ratio(g['jieba_process_s'], r['cli1n']['wall_s'], ISSUE26['page_beginnings'])} |",
        f"| the same over {g['whole_plans']} whole plans (the 2013 plan) | ≥ {ISSUE26['whole_plans']:.1f}× | "
        f"{_ratio(g['jieba_process_whole_s'], g['cli1n_whole'], ISSUE26['whole_plans'])} |",
        f"| the default run (no flags: above 50 documents no plans.xlsx, a worker per core) ÷ bare jieba, "
        f"page-beginnings | ≥ {ISSUE26['default_run']:.1f}× | "
        f"{_ratio(g['jieba_process_s'], g.get('cli_default', r['cli1']['wall_s']), ISSUE26['default_run'])} |",
        f"| … the same with `--jobs 1 --excel` (the workbook asked for) | (reference) | "
        f"{_ratio(g['jieba_process_s'], r['cli1']['wall_s'], 0.0).replace(' **met**', '')} |",
    ]
    if r.get("cold"):
        ours, theirs = (statistics.median(r["cold"][k]) for k in ("fengong", "jieba"))
        lines.append(f"| cold start of a one-plan run ÷ bare jieba's (medians; see Cold start) | ≤ {ISSUE26['cold']}× | "
                     f"{ours / theirs:.2f}× ({ours:.2f} s against {theirs:.2f} s) {verdict(ours / theirs <= ISSUE26['cold'])} |")
    if rerun:
        share = rerun["rerun_s"] / rerun["first_s"]
        ok = share <= RERUN_SHARE and rerun["untouched"]
        lines.append(f"| a rerun with nothing changed ÷ the first run, nothing rewritten | ≤ {RERUN_SHARE}× | "
                     f"{share:.2f}× ({'nothing' if rerun['untouched'] else 'files'} rewritten) {verdict(ok)} |")
    n = sum(r["cli1n"].get("status", {}).values()) or 1
    book_ms = (r["cli1"]["wall_s"] - r["cli1n"]["wall_s"]) / n * 1000
    whole_book = g.get("whole_excel_ms")
    lines += [
        "",
        f"**Why no workbook above 50 documents by default.** Here plans.xlsx adds {book_ms:.1f} ms a "
        f"document over the page-beginnings (`--jobs 1 --excel` {r['cli1']['wall_s']:.2f} s against "
        f"`--no-excel` {r['cli1n']['wall_s']:.2f} s)"
        + (f" and {whole_book:.0f} ms a whole plan" if whole_book else "")
        + ": its cost follows the rows (xlsxwriter's cells), so a corpus of whole plans pays more for the "
        "workbook than for reading them. Up to 50 documents it adds at most about two seconds; above, a run "
        "with no format flags writes CSV and Parquet, uses a worker per core, and says in one line that "
        "`--excel` writes the workbook and what it would cost.",
    ]
    return [*lines, ""]
