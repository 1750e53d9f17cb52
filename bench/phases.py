"""The measurements that run in an interpreter of their own, so that memory and caches do not leak
between them: each phase prints its numbers as one JSON line, and :func:`run_phase` reads it.

    .venv/bin/python bench/phases.py NAME [ARGS …]    # run.py calls it
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from paths import ROOT

# The standard-library modules the bench's single script (bench/run.py before its split) had loaded
# before a phase began: loaded here too, so that a phase's numbers stay what they were (the batch phase's
# import_s times the pipeline's own imports, not these; its RSS holds them as before).
PRELOADED = ("argparse", "compileall", "csv", "gc", "json", "os", "platform", "re", "resource", "shutil",
             "subprocess", "sys", "tempfile", "threading", "time", "collections.abc", "datetime",
             "importlib.metadata", "pathlib", "typing")  # fmt: skip


def _call(module: str, *args: Any) -> dict[str, Any]:
    """``module.phase(*args)``, the module imported only now (in the phase's own interpreter)."""
    return importlib.import_module(module).phase(*args)


# name → how its arguments (strings) become the call of the module's ``phase``
PHASES: dict[str, Callable[[list[str]], dict[str, Any]]] = {
    "batch": lambda a: _call("in_process", int(a[0]), Path(a[1]), a[2] == "excel"),  # jobs, OUT, excel|no-excel
    "ceiling": lambda a: _call("jieba_ceiling"),
    "engines": lambda a: _call("segmenter_speed"),
    "long": lambda a: _call("long_plan", Path(a[0]), Path(a[1])),  # PLAN, OUT
    "pdf": lambda a: _call("pdf_speed", Path(a[0])),  # DIR
    "links": lambda a: _call("link_speed", Path(a[0])),  # DIR
    "profile": lambda a: _call("profiling", Path(a[0]), Path(a[1])),  # OUT, PROF
}


def run_phase(*args: str) -> dict[str, Any]:
    """Run ``phases.py ARGS`` in a fresh interpreter (the bench ends if it fails).

    Args:
        args: the phase's name (a key of ``PHASES``) and its arguments.

    Returns:
        The phase's numbers (its JSON line).
    """
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip
    if proc.returncode != 0:
        sys.exit(f"phase {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    """Command line: ``phases.py NAME [ARGS …]``; prints the phase's numbers as one JSON line."""
    for name in PRELOADED:
        importlib.import_module(name)
    kind, *rest = sys.argv[1:]
    print(json.dumps(PHASES[kind](rest)))


if __name__ == "__main__":
    main()
