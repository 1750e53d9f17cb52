"""The cold start: ``fengong extract PLAN --out DIR`` against ``python -c "import jieba;
jieba.lcut(open(F).read())"`` on the same plan (medians of ``COLD_RUNS``, after one warm-up run of
each), what the command imports (``python -X importtime``), and the page's section on them."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from extract_command import fengong
from paths import PLAN_2013, ROOT
from timers import run_command

COLD_RUNS = 5  # timed cold starts of each command, after one warm-up run of each


def measure(work: Path, runs: int = COLD_RUNS) -> dict[str, list[float]]:
    """Wall times of ``fengong extract PLAN --out DIR`` and of bare jieba on PLAN, as subprocesses.

    One warm-up run of each first (jieba's caches, the file cache); then the two alternate, so that
    a neighbour's load falls on both alike.

    Args:
        work: a folder for the runs' output.
        runs: timed runs of each.

    Returns:
        ``fengong`` and ``jieba``: each run's seconds.
    """
    ours = [*fengong(), "extract", str(PLAN_2013), "--out"]
    theirs = [sys.executable, "-c", f"import jieba; jieba.lcut(open({str(PLAN_2013)!r}).read())"]
    times: dict[str, list[float]] = {"fengong": [], "jieba": []}
    for k in range(runs + 1):
        out = work / f"cold-{k}"
        t_ours = run_command([*ours, str(out)])["wall_s"]
        shutil.rmtree(out, ignore_errors=True)
        t_theirs = run_command(theirs)["wall_s"]
        if k:  # run 0 is the warm-up
            times["fengong"].append(t_ours)
            times["jieba"].append(t_theirs)
    return times


def import_times(work: Path) -> dict[str, Any]:
    """``python -X importtime`` on the cold start's command: each top-level import's cumulative time.

    With ``--no-excel``, so that no forked writer adds its own imports to the same stderr (it
    imports xlsxwriter alone, on the other core).

    Returns:
        ``top`` (seconds by top-level import, largest first), ``total_s`` and ``modules`` (the
        heavy libraries it loads).
    """
    out = work / "cold-importtime"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "extract", str(PLAN_2013),
                           "--out", str(out), "--no-excel"], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    shutil.rmtree(out, ignore_errors=True)
    top: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|", 2)
        if name.startswith(" ") and not name.startswith("  ") and cumulative.strip().isdigit():  # depth 0
            top[name.strip()] = top.get(name.strip(), 0.0) + int(cumulative) / 1e6
    return {"top": dict(sorted(top.items(), key=lambda kv: -kv[1])), "total_s": sum(top.values()),
            "modules": sorted(m for m in ("pandas", "typer", "pydantic", "spacy", "jieba", "numpy", "pyarrow")
                              if re.search(rf"\| +{m}$", proc.stderr, flags=re.M))}  # fmt: skip


def medians(cold: dict[str, list[float]]) -> tuple[float, float, float]:
    """The median cold start of fengong's command and of bare jieba's, and their ratio.

    Args:
        cold: :func:`measure`'s times.
    """
    ours, jieba = statistics.median(cold["fengong"]), statistics.median(cold["jieba"])
    return ours, jieba, ours / jieba


def report_lines(r: dict[str, Any]) -> list[str]:
    """The section of docs/benchmarks.md on the cold start, from a bench run's numbers ``r``."""
    cold = r["cold"]
    ours, jieba, ratio = medians(cold)
    return [
        "## Cold start",
        "",
        f"`fengong extract corpus/{PLAN_2013.name} --out DIR` (a fresh DIR each time) against",
        "`python -c \"import jieba; jieba.lcut(open(F).read())\"` on the same plan, as subprocesses: one warm-up",
        f"run of each (jieba's `/tmp/jieba.cache`, fengong's `~/.cache/fengong`, the file cache), then "
        f"{len(cold['fengong'])} of each, alternating. The package's modules are byte-compiled first, as pip does",
        "on install (where `PYTHONDONTWRITEBYTECODE` is set, an editable install would compile them at every start).",
        "The command imports neither pandas nor a CLI framework, nor spaCy, and its main process neither "
        "pyarrow, numpy nor xlsxwriter: processes of their own write the Parquet files and the workbook "
        "(`tests/test_corpus_tables.py`).",
        "",
        "| | median | min | max | runs |",
        "| --- | --- | --- | --- | --- |",
        f"| `fengong extract` | {ours:.2f} s | {min(cold['fengong']):.2f} s | {max(cold['fengong']):.2f} s | "
        f"{', '.join(f'{t:.2f}' for t in cold['fengong'])} |",
        f"| bare jieba | {jieba:.2f} s | {min(cold['jieba']):.2f} s | {max(cold['jieba']):.2f} s | "
        f"{', '.join(f'{t:.2f}' for t in cold['jieba'])} |",
        "",
        f"Ratio of the medians: {ratio:.2f}.",
        "",
        *_imports(r.get("cold_imports")),
    ]


def _imports(imports: dict[str, Any] | None) -> list[str]:
    """What the cold start imports (``python -X importtime``), its largest top-level imports."""
    if not imports:
        return []
    rows = [f"| `{name}` | {seconds * 1000:.0f} ms |" for name, seconds in list(imports["top"].items())[:10]]
    return [
        f"`python -X importtime -m pipeline extract PLAN --out DIR --no-excel`: {imports['total_s']:.2f} s of imports "
        f"in all; of the heavy libraries it loads {', '.join(imports['modules']) or 'none'} "
        "(pyarrow, with numpy, for the Parquet files; jieba only to fill the user words' cache on a first run).",
        "",
        "| top-level import | cumulative |",
        "| --- | --- |",
        *rows,
        "",
    ]
