"""Bare jieba as a user's script runs it, for the goals of issue 26: a whole process, timed from outside.

``python -c "import jieba; …"`` over UTF-8 copies of the bench corpus (decoded once, beforehand,
by the pipeline's reader, so both sides read the same characters): the interpreter's start, the
import and the dictionary load (its cache warm, as on a user's second run) are in its time, as
they are in ``fengong extract``'s.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

SCRIPT = (
    "import sys, jieba\n"
    "for p in sys.argv[1:]:\n"
    "    jieba.lcut(open(p, encoding='utf-8').read())\n"
)


def utf8_copies(paths: list[Path], folder: Path) -> list[Path]:
    """``paths`` decoded (:func:`pipeline.io.readers.read_input`) and written as UTF-8 into ``folder``."""
    from pipeline.io.readers import read_input

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for p in paths:
        target = folder / p.name
        target.write_text(read_input(p).text, encoding="utf-8")
        out.append(target)
    return out


def jieba_process_s(paths: list[Path]) -> float:
    """Wall time of one whole bare-jieba process over ``paths``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", SCRIPT, *map(str, paths)], check=True, capture_output=True)
    return time.perf_counter() - started


def report_lines(r: dict) -> list[str]:
    """The goals of issue 26 (docs/benchmarks.md), from the numbers of a bench run."""
    g = r.get("issue26")
    if not g or "cli1n" not in r:
        return []
    rerun = r.get("rerun") or {}

    def ratio(jieba_s: float, ours_s: float, goal: float) -> str:
        x = jieba_s / ours_s
        return f"{x:.2f}× ({ours_s:.2f} s against {jieba_s:.2f} s) {'**met**' if x >= goal else '**not met**'}"

    lines = [
        "## Goals (issue 26)",
        "",
        "Each command timed as a whole process (bare jieba's time includes its start and dictionary load, its",
        "cache warm), the fastest of the rounds; a ratio is jieba's time over fengong's.",
        "",
        "| goal | target | measured |",
        "| --- | --- | --- |",
        f"| `extract --jobs 1 --no-excel` ÷ bare jieba, page-beginnings | ≥ 1.0× | "
        f"{ratio(g['jieba_process_s'], r['cli1n']['wall_s'], 1.0)} |",
        f"| the same over {g['whole_plans']} whole plans (the 2013 plan) | ≥ 1.2× | "
        f"{ratio(g['jieba_process_whole_s'], g['cli1n_whole'], 1.2)} |",
        f"| the default run (no flags: above 50 documents no plans.xlsx, a worker per core) ÷ bare jieba, "
        f"page-beginnings | ≥ 0.9× | {ratio(g['jieba_process_s'], g.get('cli_default', r['cli1']['wall_s']), 0.9)} |",
        f"| … the same with `--jobs 1 --excel` (the workbook asked for) | (reference) | "
        f"{ratio(g['jieba_process_s'], r['cli1']['wall_s'], 0.0).replace(' **met**', '')} |",
    ]
    if rerun:
        share = rerun["rerun_s"] / rerun["first_s"]
        ok = share <= 0.25 and rerun["untouched"]
        lines.append(f"| a rerun with nothing changed ÷ the first run, nothing rewritten | ≤ 0.25× | {share:.2f}× "
                     f"({'nothing' if rerun['untouched'] else 'files'} rewritten) {'**met**' if ok else '**not met**'} |")
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
