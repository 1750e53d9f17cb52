"""The rounds of issue 13's and issue 26's configurations, interleaved: every ``fengong extract``
command, every in-process batch, bare jieba as a process and the machine's ceiling, once a round.

Each configuration runs ``ROUNDS`` times and the fastest run counts (as ``timeit`` takes the
minimum): a neighbour's load on a shared machine only ever adds time. Bare jieba and the ceiling
are measured in every round, under the same load.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from corpora import utf8_copies, whole_plans
from extract_command import extract
from in_process import batch_seconds
from jieba_process import jieba_process_s
from paths import CORPUS
from phases import run_phase

ROUNDS = 3  # rounds of every configuration and of the ceiling; the fastest run counts
WHOLE_PLANS = 100  # copies of the 2013 plan: the whole-plans corpus of issue 26
COMMANDS = {"cli1": (1, True), "cli2": (2, True), "cli1n": (1, False), "cli2n": (2, False)}  # key: (jobs, excel)


def measure(work: Path, rounds: int = ROUNDS) -> dict[str, Any]:
    """Every configuration ``rounds`` times, interleaved, in folders of ``work``.

    Returns:
        ``rounds`` (each round's times and peaks), the fastest run of each command (``cli1`` …,
        :func:`extract_command.extract`'s numbers) and of each in-process batch (``batch1`` …, the
        batch phase's), ``ceiling`` (the fastest ``one_s`` and ``two_s``) and ``issue26`` (the fastest
        bare-jieba processes and whole-plan runs, the workbook's cost a whole plan).
    """
    phases = {key.replace("cli", "batch"): (str(j), "excel" if x else "no-excel") for key, (j, x) in COMMANDS.items()}
    report: dict[str, Any] = {"rounds": []}
    whole = whole_plans(work / "whole", WHOLE_PLANS)
    plain = utf8_copies(sorted(CORPUS.glob("*.txt")), work / "utf8")
    plain_whole = utf8_copies(sorted(whole.glob("*.txt")), work / "utf8-whole")
    jieba_process_s(plain[:1])  # jieba's dictionary cache made, as on a user's second run
    for k in range(rounds):
        times: dict[str, Any] = {}
        print(f"round {k + 1}: bare jieba as a process, whole plans …", file=sys.stderr)
        times["jieba_process_s"] = jieba_process_s(plain)
        times["jieba_process_whole_s"] = jieba_process_s(plain_whole)
        times["cli1n_whole"] = extract(work / "cli1n_whole", 1, False, whole)["wall_s"]
        times["cli1_whole"] = extract(work / "cli1_whole", 1, True, whole)["wall_s"]
        times["cli_default"] = extract(work / "cli_default", None, None, CORPUS)["wall_s"]
        for key, (jobs, excel) in COMMANDS.items():
            print(f"round {k + 1}: {key} …", file=sys.stderr)
            result = extract(work / key, jobs, excel, CORPUS)
            times[key] = result["wall_s"]
            times[f"{key}_rss_mb"] = result["rss_mb"]
            if key not in report or result["wall_s"] < report[key]["wall_s"]:
                report[key] = result
        for key, (jobs, excel) in phases.items():
            print(f"round {k + 1}: {key} …", file=sys.stderr)
            result = run_phase("batch", jobs, str(work / key), excel)
            times[key] = batch_seconds(result)
            times[f"{key}_rss_mb"] = result["rss_self_mb"]  # the main process
            times[f"{key}_workers_mb"] = result["rss_workers_mb"]  # the largest worker (jobs 2)
            if key not in report or times[key] < batch_seconds(report[key]):
                report[key] = result
            shutil.rmtree(work / key, ignore_errors=True)
        print(f"round {k + 1}: ceiling …", file=sys.stderr)
        times.update(run_phase("ceiling"))
        report["rounds"].append(times)
    report["ceiling"] = _fastest(report["rounds"], "one_s", "two_s")
    report["issue26"] = _fastest(report["rounds"], "jieba_process_s", "jieba_process_whole_s", "cli1n_whole",
                                 "cli_default")  # fmt: skip
    report["issue26"]["whole_plans"] = WHOLE_PLANS
    report["issue26"]["whole_excel_ms"] = min(
        (t["cli1_whole"] - t["cli1n_whole"]) for t in report["rounds"]) / WHOLE_PLANS * 1000
    return report


def _fastest(rounds: list[dict[str, Any]], *keys: str) -> dict[str, float]:
    """The fastest time of each of ``keys`` over ``rounds``."""
    return {k: min(t[k] for t in rounds) for k in keys}
