"""Where the benchmark reads and writes: the project's folders and the files every measurement shares."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus-real"  # git-ignored: copies of ../shared's texts, rebuilt on every run
SHARED_REAL = ROOT.parent / "shared" / "corpus" / "real"
PLAN_2013 = ROOT / "corpus" / "2013-quality-action-plan.txt"  # the cold start's, the long plan's, the whole plans'
DOC = ROOT / "docs" / "benchmarks.md"
NUMBERS = ROOT / "docs" / "benchmarks.json"  # every number the page is made from
