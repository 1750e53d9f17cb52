"""Timers: a whole process from outside (wall time, peak RSS and CPU time by ``os.wait4``), the
fastest of interleaved rounds of calls, and wrappers that time (and trace) a function in process."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from memory import rss_mb, rss_now_mb
from paths import ROOT


def cpu_s(who: int) -> float:
    """User plus system CPU seconds of this process (``resource.RUSAGE_SELF``) or of its reaped
    children (``resource.RUSAGE_CHILDREN``)."""
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime


def run_command(cmd: list[str], ok: tuple[int, ...] | None = (0,)) -> dict[str, float]:
    """Run ``cmd`` as a subprocess in the project's folder, its output dropped.

    Args:
        cmd: the command and its arguments.
        ok: the exit statuses that are not fatal (None: any); another ends the bench with the command's stderr.

    Returns:
        ``wall_s``, ``rss_mb`` (the peak of the process or of its largest descendant, whichever is
        larger), ``cpu_s`` (every process's) and ``rc``, the exit status.
    """
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, use = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if ok is not None and proc.returncode not in ok:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.read().decode(errors='replace')[-3000:]}")
    return {"wall_s": wall, "rss_mb": use.ru_maxrss / 1024, "cpu_s": use.ru_utime + use.ru_stime,
            "rc": proc.returncode}  # fmt: skip


def best_of(*works: Callable[[], object], rounds: int = 3, warm_up: bool = False) -> list[float]:
    """The fastest of ``rounds`` timings of each of ``works``, in seconds (as ``timeit`` takes the minimum).

    The works take turns in every round, so that a neighbour's load on the machine falls on them alike.

    Args:
        works: the calls to time.
        rounds: how many times each runs.
        warm_up: run each once, untimed, first.

    Returns:
        One time a work, in the order given.
    """
    if warm_up:
        for work in works:
            work()
    times: list[list[float]] = [[] for _ in works]
    for _ in range(rounds):
        for work, spent in zip(works, times, strict=True):
            t = time.perf_counter()
            work()
            spent.append(time.perf_counter() - t)
    return [min(spent) for spent in times]


def fastest(work: Callable[[], object], rounds: int = 3) -> float:
    """The shortest of ``rounds`` timings of ``work()``, in seconds (:func:`best_of` of one work)."""
    return best_of(work, rounds=rounds)[0]


def _wrap(owner: Any, name: str, done: Callable[[float], None], what: str) -> None:
    """Wrap ``owner.name`` so that ``done(seconds)`` is called after every call of it.

    Args:
        owner: the module or class that holds the function.
        name: the function's name; if the pipeline no longer has it, a line on stderr says so.
        done: called with each call's seconds.
        what: how the function is observed, for that line ("timed", "traced").
    """
    inner: Callable[..., Any] | None = getattr(owner, name, None)
    if inner is None:  # renamed in the pipeline: say so, and measure the rest
        print(f"bench: {getattr(owner, '__name__', owner)}.{name} not found, not {what}", file=sys.stderr)
        return

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            done(time.perf_counter() - t)

    setattr(owner, name, wrapper)


def timed(owner: Any, name: str, sink: dict[str, float], key: str = "") -> None:
    """Wrap ``owner.name`` so that the seconds spent in it add up in ``sink[key or name]``."""
    key = key or name

    def add(seconds: float) -> None:
        sink[key] = sink.get(key, 0.0) + seconds

    _wrap(owner, name, add, "timed")


def traced(owner: Any, name: str, log: dict[str, dict[str, float]], key: str = "") -> None:
    """Wrap ``owner.name`` so that ``log[key or name]`` sums its seconds and calls, keeps the largest
    resident set size after a call (``rss_after_mb``) and the peak so far (``peak_mb``, ``ru_maxrss``)."""
    key = key or name

    def record(seconds: float) -> None:
        step = log.setdefault(key, {"s": 0.0, "calls": 0, "rss_after_mb": 0.0, "peak_mb": 0.0})
        step["s"] += seconds
        step["calls"] += 1
        step["rss_after_mb"] = max(step["rss_after_mb"], rss_now_mb())
        step["peak_mb"] = rss_mb(resource.RUSAGE_SELF)

    _wrap(owner, name, record, "traced")
