"""The machine a bench run ran on: CPU, cores, memory, OS, Python and the heavy dependencies' versions."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

LIBRARIES = ("jieba", "rjieba", "spacy", "pandas", "pyarrow", "XlsxWriter", "OpenCC", "pyahocorasick")


def _first_field(path: str, prefix: str) -> str | None:
    """The value after the colon of the first line of ``path`` that starts with ``prefix``, if any."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine() -> dict[str, str]:
    """The machine's facts, as the page's Machine table shows them.

    Returns:
        ``CPU``, ``cores``, ``RAM``, ``OS``, ``Python`` and ``libraries``.
    """
    cpu = _first_field("/proc/cpuinfo", "model name") or "unknown"
    mem = _first_field("/proc/meminfo", "MemTotal")
    ram = f"{int(mem.split()[0]) / 1024 / 1024:.1f} GiB" if mem else "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for pkg in LIBRARIES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (missing)")
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "libraries": ", ".join(versions),
    }
