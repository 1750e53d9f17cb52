"""The loaded lexicon is cached in the user cache folder (issue 26: resources built once): the cached
one reads every text as the one built from the files, and a damaged cache is built again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# In a fresh interpreter (the lexicon is also cached per process): the tables of one plan, as text.
RUN = """
import sys
from pipeline.io.readers import read_input
from pipeline.io.tables import csv_lines
from pipeline.run.document import process
from pipeline.run.resources import load_resources
result = process(read_input("corpus/2013-quality-action-plan.txt"), load_resources())
sys.stdout.write(csv_lines(result.measure_rows) + csv_lines(result.assignment_rows))
"""


def _run(cache: Path) -> str:
    env = {**os.environ, "FENGONG_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", RUN], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_cached_lexicon_gives_the_same_tables_and_a_damaged_one_is_rebuilt(tmp_path: Path) -> None:
    built = _run(tmp_path)  # no cache yet: built from the files, then cached
    caches = list(tmp_path.glob("lexicon-*.pickle"))
    assert len(caches) == 1
    assert _run(tmp_path) == built  # read from the cache
    caches[0].write_bytes(b"not a pickle")
    assert _run(tmp_path) == built  # damaged: built again, and cached anew
    assert caches[0].read_bytes() != b"not a pickle"
