"""Peak memory: of this process or its reaped children (``getrusage``), now (``/proc/self/statm``),
and of each live child process apart (:class:`ChildPeaks`, sampling ``/proc/PID/status``)."""

from __future__ import annotations

import os
import resource
import threading
from pathlib import Path
from typing import Any


def rss_mb(who: int) -> float:
    """Peak resident set size in MB.

    Args:
        who: ``resource.RUSAGE_SELF`` (this process) or ``resource.RUSAGE_CHILDREN`` (its largest reaped child).
    """
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def rss_now_mb() -> float:
    """The resident set size of this process now, in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _child_pids() -> list[int]:
    """The pids of this process's children (from ``/proc``: every pid's parent)."""
    me, out = os.getpid(), []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(b")", 1)[1].split()[1]) == me:
                out.append(int(name))
    return out


def _peak_of(pid: int) -> float:
    """A live process's peak resident set size so far in MB (``VmHWM``), or 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class ChildPeaks:
    """Samples the peak RSS of each child process while a run goes on (a thread, every ``every`` seconds).

    ``getrusage(RUSAGE_CHILDREN)`` gives only the largest child; this tells the workers from the
    workbook's writer process (its pid recorded by a wrapper around ``WorkbookStream.__init__``).
    """

    def __init__(self, every: float = 0.05) -> None:
        self.every = every
        self.peaks: dict[int, float] = {}
        self.writers: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.enabled = Path("/proc/self/status").is_file()

    def watch_writer(self, stream_class: Any) -> None:
        """Record the pid of every workbook writer process ``stream_class`` starts."""
        init = stream_class.__init__
        writers = self.writers

        def wrapper(stream: Any, *args: Any, **kwargs: Any) -> None:
            init(stream, *args, **kwargs)
            writer = getattr(stream, "_writer", None)
            if getattr(writer, "pid", None):
                writers.add(writer.pid)

        stream_class.__init__ = wrapper

    def __enter__(self) -> ChildPeaks:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._stop.set()
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            for pid in _child_pids():
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), _peak_of(pid))

    def largest(self, writer: bool) -> float:
        """The largest peak in MB among the workbook writers (``writer``) or among the other children."""
        return max([mb for pid, mb in self.peaks.items() if (pid in self.writers) == writer] or [0.0])
