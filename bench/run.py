"""The benchmark behind ``make bench``: the goals of issues 13, 25 and 26, measured in one run on real plans.

The corpus is the real plans the project can read, cycled to 400 files in ``bench/corpus-real/``
(``corpora.py``: ``corpus/**/*.txt`` and ``../shared/corpus/real/*.txt``; git-ignored, rebuilt on
every run). On those texts, in one run, it measures

* ``fengong extract DIR --out OUT`` as a user runs it (``extract_command.py``: a subprocess,
  interpreter start, imports, resource load, every default table with ``plans.xlsx``), with
  ``--jobs 1`` and ``--jobs 2``, each also with ``--no-excel``: wall time, peak RSS (``os.wait4``)
  and CPU time (``interleaved_rounds.py``);
* bare ``jieba.lcut(text)`` (jieba's default call, HMM on) over the same decoded texts, in one
  process and split over two: the reference throughput, and the machine's own parallel ceiling
  (``jieba_ceiling.py``); and bare jieba as a whole process, on the corpus and on 100 whole plans,
  against the same commands (issue 26, ``jieba_process.py``);
* the same batches in process (``in_process.py``: ``run_batch``, imports outside the timer): where a
  run's time goes (reading, ``process()``, per-document files, the workbook's rows, the tables at the
  end), the main process's and the workers' peak RSS apart (``memory.py``);
* ``process()`` alone with each segmenter (rjieba, jieba), and the segmenter alone
  (``make_segmenter(engine=…).words``) over the normalized texts, against bare ``jieba.lcut``
  (``segmenter_speed.py``);
* the cold start of ``fengong extract PLAN --out DIR`` against ``python -c "import jieba;
  jieba.lcut(open(F).read())"`` on the same plan (medians of 5, after one warm-up run of each;
  ``cold_start.py``);
* ``fengong extract`` on a plan of over 1,100,000 characters (peak RSS and time), and the same
  run in process with each step's time and memory (``long_plan.py``);
* PDF pages a second against pypdf (``pdf_speed.py``), ``fengong link`` on a series of 20 plans
  (``link_speed.py``), a rerun with nothing changed (``rerun_speed.py``), and growth over 400, 1,000
  and 4,000 documents (``growth.py``);
* a cProfile of a jobs-1 ``run_batch`` and of ``process()`` alone, summarised by stage and module
  (``profiling.py``).

Every in-process measurement runs in a fresh interpreter (``phases.py``), and every command as a
subprocess (``timers.py``), so that memory and caches do not leak between them. The configurations
of issue 13 and the ceiling run ``--rounds`` times, interleaved, and the fastest run counts (as
``timeit`` takes the minimum). The numbers and the machine's details (``machine_facts.py``) are saved
in ``docs/benchmarks.json`` and written out as ``docs/benchmarks.md`` (``report.py``, with each goal's
module writing its section; the targets are in ``goals.py``). Nothing is tuned to the corpus.

    .venv/bin/python bench/run.py [--n 400] [--rounds 3] [--skip-profile] [--report-only]
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cold_start
import growth
import interleaved_rounds
import long_plan
import profiling
import rerun_speed
from corpora import corpus_facts, real_corpus, real_sources
from machine_facts import machine
from paths import CORPUS, DOC, NUMBERS, ROOT
from phases import run_phase
from report import rewrite_page, save


def _arguments() -> argparse.Namespace:
    """The command line's options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="files in the corpus (default 400)")
    ap.add_argument("--rounds", type=int, default=interleaved_rounds.ROUNDS,
                    help=f"rounds of every configuration (default {interleaved_rounds.ROUNDS})")  # fmt: skip
    ap.add_argument("--skip-profile", action="store_true", help="no cProfile run")
    ap.add_argument("--report-only", action="store_true",
                    help=f"only rewrite {DOC.name} from the numbers of the last run ({NUMBERS.name})")  # fmt: skip
    return ap.parse_args()


def _measure(work: Path, rounds: int, profile: bool) -> dict[str, Any]:
    """Every measurement after the run's facts, in order, with its folders in ``work``.

    Args:
        work: a temporary folder.
        rounds: rounds of issue 13's configurations.
        profile: whether to run the cProfiles.

    Returns:
        The numbers, by their key in ``docs/benchmarks.json``.
    """
    report = interleaved_rounds.measure(work, rounds)
    print("segmenters …", file=sys.stderr)
    report["engines"] = run_phase("engines")
    print("cold start …", file=sys.stderr)
    report["cold"] = cold_start.measure(work)
    report["cold_imports"] = cold_start.import_times(work)
    print("a plan of over a million characters …", file=sys.stderr)
    report["long"] = long_plan.measure(work)
    print("PDFs: pdf_blocks against pypdf …", file=sys.stderr)
    report["pdf"] = run_phase("pdf", str(work / "pdf"))
    print("a rerun with nothing changed …", file=sys.stderr)
    report["rerun"] = rerun_speed.measure(CORPUS, work)
    print("growth: 400, 1,000 and 4,000 documents …", file=sys.stderr)
    report["growth"] = growth.measure(work)
    print("linking a series of 20 plans …", file=sys.stderr)
    report["links"] = run_phase("links", str(work / "links"))
    if profile:
        print("profile …", file=sys.stderr)
        prof = work / "run.prof"
        run_phase("profile", str(work / "prof"), str(prof))
        report["profile"] = profiling.summarise_profile(prof)
        report["profile_process"] = profiling.summarise_profile(Path(str(prof) + ".process"))
    return report


def main() -> None:
    """Command line: run every measurement and write the report, or (``--report-only``) only the page."""
    args = _arguments()
    sys.path.insert(0, str(ROOT))
    from pipeline import __version__
    from pipeline.lexicon.model import load_lexicon

    if args.report_only:
        rewrite_page()
        return
    print(f"copying the real plans, cycled, to {args.n} files in {CORPUS} …", file=sys.stderr)
    real_corpus(CORPUS, args.n)
    # The package's bytecode, as pip writes it on install: under PYTHONDONTWRITEBYTECODE (set on
    # some machines) an editable install would otherwise compile every module at every start.
    compileall.compile_dir(ROOT / "pipeline", quiet=1)
    report: dict[str, Any] = {"machine": machine(), **corpus_facts(real_sources())}
    report["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["load_before"] = os.getloadavg()
    report["versions"] = (__version__, load_lexicon().version)
    report["runs"] = args.rounds
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fengong-bench-") as tmp:
        report.update(_measure(Path(tmp), args.rounds, not args.skip_profile))
    report["bench_s"] = time.perf_counter() - started
    report["load_after"] = os.getloadavg()
    print(save(report))


if __name__ == "__main__":
    main()
