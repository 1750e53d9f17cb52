"""Every goal the benchmark checks, and how a verdict on one is written on the page."""

from __future__ import annotations

# Issue 13 (ratios are throughputs: bare jieba's time over fengong's).
ISSUE13 = {
    "ratio": 1.0,  # `fengong extract DIR` jobs 1 ÷ bare jieba.lcut, at least
    "of_ceiling": 0.90,  # jobs-2 speed-up ÷ the machine's ceiling, at least
    "speedup": 1.7,  # jobs-2 speed-up, at least, where the ceiling is `high_ceiling` or more
    "high_ceiling": 1.9,
    "cold": 0.8,  # cold start ÷ bare jieba's, at most
    "worker_mb": 300.0,  # peak RSS of a worker, under
    "main_mb": 400.0,  # peak RSS of a jobs-1 run's (only) process, under
    "long_mb": 1024.0,  # peak RSS on a plan over a million characters, under (1 GB)
}
# Issue 26: bare jieba's time as a whole process over fengong's, at least.
ISSUE26 = {
    "page_beginnings": 1.0,  # `extract --jobs 1 --no-excel` over the bench corpus
    "whole_plans": 1.2,  # the same over whole plans
    "default_run": 0.9,  # a run with no flags over the bench corpus
    "cold": 0.6,  # cold start of a one-plan run ÷ bare jieba's, at most (a time ratio: lower is better)
}
RERUN_SHARE = 0.25  # a rerun with nothing changed costs at most this share of the first run (issue 26)
LINK_S = 10.0  # linking a series of 20 plans: "seconds, not minutes" (issue 25)
PDF_SHARE = 0.3  # reading a PDF costs at most this share of pypdf's extract_text


def verdict(ok: bool) -> str:
    """How a goal is reported.

    Args:
        ok: whether the goal is met.

    Returns:
        ``**met**`` or ``**not met**``.
    """
    return "**met**" if ok else "**not met**"
