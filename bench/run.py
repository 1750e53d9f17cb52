"""The benchmark behind ``make bench``: issue 13's goals, measured in one run on real plans.

The corpus is the real plans the project can read, cycled to 400 files in ``bench/corpus-real/``
(``bench/make_corpus.py``: ``corpus/**/*.txt`` and ``../shared/corpus/real/*.txt``; git-ignored,
rebuilt on every run). On those texts, in one run, it measures

* ``fengong extract DIR --out OUT`` as a user runs it (a subprocess: interpreter start, imports,
  resource load, every default table with ``plans.xlsx``), with ``--jobs 1`` and ``--jobs 2``,
  each also with ``--no-excel``: wall time, peak RSS (``os.wait4``) and CPU time;
* bare ``jieba.lcut(text)`` (jieba's default call, HMM on) over the same decoded texts, in one
  process and split over two: the reference throughput, and the machine's own parallel ceiling;
* the same batches in process (``run_batch``, imports outside the timer): where a run's time
  goes (reading, ``process()``, per-document files, the workbook's rows, the tables at the end),
  the main process's and the workers' peak RSS apart;
* ``process()`` alone with each segmenter (rjieba, jieba), and the segmenter alone
  (``make_segmenter(engine=…).words``) over the normalized texts, against bare ``jieba.lcut``;
* the cold start of ``fengong extract PLAN --out DIR`` against ``python -c "import jieba;
  jieba.lcut(open(F).read())"`` on the same plan (medians of 5, after one warm-up run of each);
* ``fengong extract`` on a plan of over 1,100,000 characters (peak RSS and time), and the same
  run in process with each step's time and memory;
* a cProfile of a jobs-1 ``run_batch`` and of ``process()`` alone, summarised by stage and module.

Every measurement runs in a fresh interpreter (``run.py --phase …``, or the ``fengong`` script)
so that memory and caches do not leak between them. The batch configurations and the ceiling run
``RUNS`` times (report.py; ``--rounds``), interleaved, and the fastest run counts (as ``timeit`` takes the
minimum). The numbers and the machine's details are saved in ``docs/benchmarks.json`` and written
out as ``docs/benchmarks.md`` (by ``report.py``). Nothing is tuned to the corpus.

    .venv/bin/python bench/run.py [--n 400] [--rounds 3] [--skip-profile] [--report-only]
"""

from __future__ import annotations

import argparse
import compileall
import csv
import gc
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WHOLE_PLANS = 100  # copies of the 2013 plan: the whole-plans corpus of issue 26
CORPUS = ROOT / "bench" / "corpus-real"  # git-ignored: copies of ../shared's texts
DOC = ROOT / "docs" / "benchmarks.md"
NUMBERS = ROOT / "docs" / "benchmarks.json"  # every number the page is made from
COLD_PLAN = ROOT / "corpus" / "2013-quality-action-plan.txt"
COLD_RUNS = 5  # timed cold starts of each command, after one warm-up run of each
SEGMENTERS = ("rjieba", "jieba")


def _corpus_paths() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


# Phases: each runs in its own interpreter and prints one JSON object -----------------------


def _rss_mb(who: int) -> float:
    """Peak resident set size in MB of this process (RUSAGE_SELF) or its reaped children."""
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _cpu_s(who: int) -> float:
    """User plus system CPU seconds of this process (RUSAGE_SELF) or its reaped children."""
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime


def _wrap(owner: Any, name: str, done: Callable[[float], None], what: str) -> None:
    """Wrap ``owner.name`` so that ``done(seconds)`` is called after every call of it."""
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


def _timed(owner: Any, name: str, sink: dict[str, float], key: str = "") -> None:
    """Wrap ``owner.name`` so that the seconds spent in it add up in ``sink[key or name]``."""
    key = key or name

    def add(seconds: float) -> None:
        sink[key] = sink.get(key, 0.0) + seconds

    _wrap(owner, name, add, "timed")


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
    """Samples the peak RSS of each child process while a run goes on (a thread, every 50 ms).

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
        """The largest peak among the workbook writers (``writer``) or among the other children."""
        return max([mb for pid, mb in self.peaks.items() if (pid in self.writers) == writer] or [0.0])


def phase_batch(jobs: int, out: Path, excel: bool) -> dict[str, Any]:
    """``run_batch`` over the corpus with ``jobs`` workers, in this process, its parts timed."""
    t0 = time.perf_counter()
    from pipeline.io.workbook import WorkbookStream
    from pipeline.run import batch, worker
    from pipeline.run.corpus import CorpusWriter
    from pipeline.run.document import load_resources

    result: dict[str, Any] = {"jobs": jobs, "excel": excel, "import_s": time.perf_counter() - t0}
    if jobs == 1:  # the worker is this process: its load is timed apart (the run counts it)
        t = time.perf_counter()
        load_resources()
        result["load_s"] = time.perf_counter() - t
    spent: dict[str, float] = {}
    # The worker's steps run in this process only with jobs 1 (with jobs 2, in the workers).
    _timed(worker, "read_input", spent)
    _timed(worker, "process", spent)
    _timed(worker, "write_document", spent)  # the per-document files
    _timed(CorpusWriter, "add", spent, "corpus_add")  # each document appended as it arrives
    _timed(CorpusWriter, "close", spent, "corpus_close")  # the tables at the end, workbook included
    _timed(CorpusWriter, "_write_corpus_tables", spent, "corpus_tables")  # … Parquet, documents, gaps, panel
    _timed(WorkbookStream, "add", spent, "book_add")  # rows handed to the workbook's writer process
    _timed(WorkbookStream, "close", spent, "book_close")  # waiting for it to finish (a thread of close)
    opts = worker.RunOptions(out=out, jobs=jobs, force=True, quiet=True, excel=excel)
    children = ChildPeaks()
    children.watch_writer(WorkbookStream)
    cpu = _cpu_s(resource.RUSAGE_SELF)
    t = time.perf_counter()
    with children:
        manifest = batch.run_batch([str(CORPUS)], opts)
    result["batch_s"] = time.perf_counter() - t
    result["rss_workers_mb"] = children.largest(writer=False)  # sampled: the largest worker process
    result["rss_writer_mb"] = children.largest(writer=True)  # sampled: plans.xlsx's writer process
    result["cpu_self_s"] = _cpu_s(resource.RUSAGE_SELF) - cpu  # the main process's CPU time
    result["cpu_children_s"] = _cpu_s(resource.RUSAGE_CHILDREN)  # the workers', reaped at the end
    result["spent"] = spent
    result["rss_self_mb"] = _rss_mb(resource.RUSAGE_SELF)
    result["rss_children_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)  # the largest child, whichever
    result["status"] = manifest["status"].value_counts().to_dict()
    ok = manifest[manifest["status"] == "ok"]
    result["n_measures"] = int(ok["n_measures"].astype(int).sum())
    result["n_assignments"] = int(ok["n_assignments"].astype(int).sum())
    return result


def _rss_now_mb() -> float:
    """The resident set size of this process now, in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _traced(owner: Any, name: str, log: dict[str, dict[str, float]], key: str = "") -> None:
    """Wrap ``owner.name`` so that ``log[key or name]`` sums its seconds and keeps the largest
    resident set size after a call, and the peak so far (``ru_maxrss``)."""
    key = key or name

    def record(seconds: float) -> None:
        step = log.setdefault(key, {"s": 0.0, "calls": 0, "rss_after_mb": 0.0, "peak_mb": 0.0})
        step["s"] += seconds
        step["calls"] += 1
        step["rss_after_mb"] = max(step["rss_after_mb"], _rss_now_mb())
        step["peak_mb"] = _rss_mb(resource.RUSAGE_SELF)

    _wrap(owner, name, record, "traced")


def phase_long(path: Path, out: Path) -> dict[str, Any]:
    """``run_batch`` on one long plan, in this process: each step's time and memory, in call order."""
    from pipeline.io.workbook import WorkbookStream
    from pipeline.run import batch, document, worker
    from pipeline.run.corpus import CorpusWriter

    log: dict[str, dict[str, float]] = {}
    base = _rss_now_mb()
    for name in ("load_resources", "read_input", "write_document", "csv_lines"):
        _traced(worker, name, log)
    for name in ("normalize", "structure", "segment", "detect", "assign", "measure_rows", "assignment_rows"):
        _traced(document, name, log)
    _traced(CorpusWriter, "add", log, "corpus_add")
    _traced(CorpusWriter, "_write_corpus_tables", log, "corpus_tables")
    _traced(WorkbookStream, "close", log, "book_close")
    _traced(CorpusWriter, "close", log, "corpus_close")
    opts = worker.RunOptions(out=out, jobs=1, force=True, quiet=True)
    children = ChildPeaks()
    children.watch_writer(WorkbookStream)
    t = time.perf_counter()
    with children:
        batch.run_batch([str(path)], opts)
    return {"batch_s": time.perf_counter() - t, "rss_before_mb": base, "steps": log,
            "peak_mb": _rss_mb(resource.RUSAGE_SELF), "rss_writer_mb": children.largest(writer=True),
            "rss_children_mb": _rss_mb(resource.RUSAGE_CHILDREN)}  # fmt: skip


def _process_each(decoded: list[Any], res: Any) -> None:
    """``process()`` over every text, each result dropped as a worker drops it once sent.

    Keeping all 400 results alive would make every full garbage collection walk them all
    again, a cost no run pays.
    """
    from pipeline.run.document import process

    for doc in decoded:
        process(doc, res)


def phase_engines() -> dict[str, Any]:
    """``process()`` with each segmenter, each segmenter alone, and bare jieba, on the corpus."""
    from pipeline.io.readers import read_input
    from pipeline.run.document import load_resources
    from pipeline.stages.normalize.working_text import normalize
    from pipeline.stages.segment.segmenter import make_segmenter

    decoded = [read_input(p) for p in _corpus_paths()]
    result: dict[str, Any] = {"chars": sum(len(d.text) for d in decoded)}
    res = None
    for engine in SEGMENTERS:
        t = time.perf_counter()
        res = load_resources(None, engine)
        result[f"load_{engine}_s"] = time.perf_counter() - t
        gc.collect()
        gc.freeze()  # as a worker does (run.worker.prepare_worker)
        result[f"process_{engine}_s"] = _best_of(2, lambda res=res: _process_each(decoded, res))
    lexicon = res.lexicon
    norm = [normalize(d, lexicon.list_ends, lexicon.table_columns, lexicon.page_field_names).text for d in decoded]
    result["norm_chars"] = sum(map(len, norm))
    cuts = {}
    for engine in SEGMENTERS:
        words = make_segmenter(engine=engine).words
        result[f"words_{engine}_s"] = _best_of(3, lambda words=words: [words(text) for text in norm])
        cuts[engine] = [words(text) for text in norm]
    result["same_cuts"] = sum(a == b for a, b in zip(cuts["rjieba"], cuts["jieba"]))
    del cuts
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [d.text for d in decoded]
    result["jieba_s"] = _best_of(3, lambda: [jieba.lcut(text) for text in texts])
    result["jieba_norm_s"] = _best_of(3, lambda: [jieba.lcut(text) for text in norm])
    result["jieba_nohmm_norm_s"] = _best_of(3, lambda: [jieba.lcut(text, HMM=False) for text in norm])
    return result


def _jieba_part(texts: list[str]) -> int:
    import jieba

    jieba.setLogLevel(60)
    for text in texts:
        jieba.lcut(text)
    return len(texts)


def phase_ceiling() -> dict[str, Any]:
    """Bare ``jieba.lcut`` over the corpus in one process, and split over two.

    The first is the reference throughput of every ratio; the speed-up of the second over it is
    the machine's own ceiling: perfectly parallel, CPU-bound Python with no pipeline in it
    reaches no more on these cores (virtual cores may share a physical one).
    """
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.io.readers import read_input

    texts = [read_input(p).text for p in _corpus_paths()]
    _jieba_part(texts[:1])  # the dictionary is loaded before the pool forks
    one = _best_of(3, lambda: _jieba_part(texts))
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_jieba_part, [texts[:1], texts[1:2]]))
        two = _best_of(3, lambda: list(pool.map(_jieba_part, [texts[0::2], texts[1::2]])))
    return {"one_s": one, "two_s": two}


def _best_of(n: int, work: Callable[[], object]) -> float:
    """The shortest of ``n`` timings of ``work()`` in seconds."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        work()
        times.append(time.perf_counter() - t)
    return min(times)


def _unprofiled_writer() -> None:
    """Let the workbook's writer process run without the profiler it inherits by ``fork``.

    Profiled, the writer runs several times slower, the main process waits for it, and the
    profile shows waiting that an unprofiled run does not have.
    """
    import multiprocessing

    from pipeline.io import workbook

    inner = getattr(workbook, "_write_book", None)
    if inner is None or "fork" not in multiprocessing.get_all_start_methods():
        return

    def unprofiled(*args: Any) -> Any:
        sys.setprofile(None)
        return inner(*args)

    workbook._write_book = unprofiled


def phase_profile(out: Path, prof: Path) -> dict[str, Any]:
    """cProfiles of ``run_batch`` with one worker and of ``process()`` alone (resources loaded first).

    The first goes to ``prof``, the second to ``prof`` with the suffix ``.process``.
    """
    import cProfile

    from pipeline.io.readers import read_input
    from pipeline.run import batch, worker
    from pipeline.run.document import load_resources

    _unprofiled_writer()
    res = load_resources()
    opts = worker.RunOptions(out=out, jobs=1, force=True, quiet=True)
    profiler = cProfile.Profile()
    profiler.runcall(batch.run_batch, [str(CORPUS)], opts)
    profiler.dump_stats(str(prof))
    decoded = [read_input(p) for p in _corpus_paths()]
    profiler = cProfile.Profile()
    profiler.runcall(_process_each, decoded, res)
    profiler.dump_stats(str(prof) + ".process")
    return {}


# The orchestration --------------------------------------------------------------------------


def run_phase(*args: str) -> dict[str, Any]:
    """Run ``run.py --phase ARGS`` in a fresh interpreter; its JSON result."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--phase", *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip
    if proc.returncode != 0:
        sys.exit(f"phase {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fengong() -> list[str]:
    """The ``fengong`` command of this environment."""
    script = Path(sys.executable).with_name("fengong")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def run_command(cmd: list[str], ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Run ``cmd`` as a subprocess: its wall time, peak RSS and CPU time (``os.wait4``).

    The peak RSS is that of the process or of its largest descendant, whichever is larger.
    """
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, use = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.read().decode(errors='replace')[-3000:]}")
    return {"wall_s": wall, "rss_mb": use.ru_maxrss / 1024, "cpu_s": use.ru_utime + use.ru_stime,
            "rc": proc.returncode}  # fmt: skip


def extract(out: Path, jobs: int | None, excel: bool | None, *inputs: Path) -> dict[str, Any]:
    """``fengong extract INPUTS --out OUT --jobs J --excel/--no-excel`` into a fresh OUT, as a user
    runs it (``None``: the flag left out, as in a run with no flags).

    Exit status 1 (an input failed) is recorded, not fatal: the statuses come from the manifest.
    """
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*fengong(), "extract", *map(str, inputs), "--out", str(out), *(["--jobs", str(jobs)] if jobs else [])]
    flags = [] if excel is None else ["--excel" if excel else "--no-excel"]
    result: dict[str, Any] = run_command(cmd + flags, ok=(0, 1))
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    result["status"] = {s: sum(r["status"] == s for r in rows) for s in sorted({r["status"] for r in rows})}
    result["n_measures"] = sum(int(r["n_measures"] or 0) for r in rows)
    result["n_assignments"] = sum(int(r["n_assignments"] or 0) for r in rows)
    shutil.rmtree(out, ignore_errors=True)
    return result


def cold_start(work: Path, runs: int = COLD_RUNS) -> dict[str, list[float]]:
    """Wall times of ``fengong extract PLAN --out DIR`` and of bare jieba on PLAN, as subprocesses.

    One warm-up run of each first (jieba's caches, the file cache); then the two alternate, so that
    a neighbour's load falls on both alike.
    """
    ours = [*fengong(), "extract", str(COLD_PLAN), "--out"]
    theirs = [sys.executable, "-c", f"import jieba; jieba.lcut(open({str(COLD_PLAN)!r}).read())"]
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
    """
    out = work / "cold-importtime"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "extract", str(COLD_PLAN),
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


def long_plan_run(work: Path) -> dict[str, Any]:
    """``fengong extract`` (every default table) on a plan of over 1,100,000 characters."""
    from make_corpus import long_plan

    path = work / "long-plan.txt"
    result: dict[str, Any] = {"chars": long_plan(path), "bytes": path.stat().st_size}
    result.update(extract(work / "long", 1, True, path))
    result["no_excel"] = extract(work / "long", 1, False, path)
    result["in_process"] = run_phase("long", str(path), str(work / "long"))  # where the time and memory go
    shutil.rmtree(work / "long", ignore_errors=True)
    path.unlink()
    return result


def machine() -> dict[str, str]:
    """CPU model, cores, memory, OS, Python and the versions of the heavy dependencies."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for pkg in ("jieba", "rjieba", "spacy", "pandas", "pyarrow", "XlsxWriter", "OpenCC", "pyahocorasick"):
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


def corpus_facts(sources: list[Path]) -> dict[str, Any]:
    """Size, count, sources, script and encoding facts of the benchmark corpus."""
    from pipeline.lexicon.script import detect_script

    paths = _corpus_paths()
    sizes = [p.stat().st_size for p in paths]
    n_gb, n_trad = 0, 0
    for p in paths:
        data = p.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            n_gb += 1
            text = data.decode("gb18030")
        n_trad += detect_script(text) == "traditional"
    origins: dict[str, int] = {}
    for source in sources:  # the folders the plans come from, as seen from the project
        folder = source.parent.resolve()
        where = os.path.relpath(folder, ROOT) if ROOT.parent in folder.parents else str(folder)
        origins[where] = origins.get(where, 0) + 1
    return {"n_docs": len(paths), "corpus_bytes": sum(sizes), "largest": max(sizes), "smallest": min(sizes),
            "n_gb18030": n_gb, "n_traditional": n_trad, "n_sources": len(sources),
            "origins": origins}  # fmt: skip


def main() -> None:
    """Command line: run every measurement, or one ``--phase`` (internal)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="files in the corpus (default 400)")
    ap.add_argument("--rounds", type=int, help="rounds of every batch configuration (default: report.RUNS)")
    ap.add_argument("--skip-profile", action="store_true", help="no cProfile run")
    ap.add_argument("--report-only", action="store_true",
                    help=f"only rewrite {DOC.name} from the numbers of the last run ({NUMBERS.name})")  # fmt: skip
    ap.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        kind, *rest = args.phase
        if kind == "ceiling":
            result = phase_ceiling()
        elif kind == "batch":
            result = phase_batch(int(rest[0]), Path(rest[1]), rest[2] == "excel")
        elif kind == "engines":
            result = phase_engines()
        elif kind == "long":
            result = phase_long(Path(rest[0]), Path(rest[1]))
        elif kind == "pdf":
            from pdf_speed import phase as phase_pdf

            result = phase_pdf(Path(rest[0]))
        elif kind == "links":
            from link_speed import phase as phase_links

            result = phase_links(Path(rest[0]))
        else:
            result = phase_profile(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
        return

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import real_corpus, real_sources
    from report import RUNS, summarise_profile, write_report

    from pipeline import __version__
    from pipeline.lexicon.model import load_lexicon

    if args.report_only:
        DOC.write_text(write_report(json.loads(NUMBERS.read_text(encoding="utf-8"))), encoding="utf-8")
        print(f"wrote {DOC}", file=sys.stderr)
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
    rounds = args.rounds or RUNS
    report["runs"] = rounds
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fengong-bench-") as tmp:
        work = Path(tmp)
        commands = {  # key: (jobs, excel)
            "cli1": (1, True), "cli2": (2, True), "cli1n": (1, False), "cli2n": (2, False),
        }  # fmt: skip
        phases = {key.replace("cli", "batch"): (str(j), "excel" if x else "no-excel") for key, (j, x) in commands.items()}
        # Each configuration runs RUNS times, interleaved, and the fastest run counts (as timeit
        # takes the minimum): a neighbour's load on a shared machine only ever adds time. Bare
        # jieba and the machine's ceiling are measured in every round, under the same load.
        report["rounds"] = []
        # Issue 26's goals: against bare jieba as a whole process, over the page-beginnings and
        # over whole plans (copies of the 2013 plan).
        from jieba_process import jieba_process_s, utf8_copies

        whole = work / "whole"
        whole.mkdir()
        for k in range(WHOLE_PLANS):
            shutil.copyfile(ROOT / "corpus" / "2013-quality-action-plan.txt", whole / f"{k + 1:03d}-plan.txt")
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
            for key, (jobs, excel) in commands.items():
                print(f"round {k + 1}: {key} …", file=sys.stderr)
                result = extract(work / key, jobs, excel, CORPUS)
                times[key] = result["wall_s"]
                times[f"{key}_rss_mb"] = result["rss_mb"]
                if key not in report or result["wall_s"] < report[key]["wall_s"]:
                    report[key] = result
            for key, (jobs, excel) in phases.items():
                print(f"round {k + 1}: {key} …", file=sys.stderr)
                result = run_phase("batch", jobs, str(work / key), excel)
                times[key] = result["batch_s"] + result.get("load_s", 0.0)
                times[f"{key}_rss_mb"] = result["rss_self_mb"]  # the main process
                times[f"{key}_workers_mb"] = result["rss_workers_mb"]  # the largest worker (jobs 2)
                if key not in report or times[key] < report[key]["batch_s"] + report[key].get("load_s", 0.0):
                    report[key] = result
                shutil.rmtree(work / key, ignore_errors=True)
            print(f"round {k + 1}: ceiling …", file=sys.stderr)
            times.update(run_phase("ceiling"))
            report["rounds"].append(times)
        report["ceiling"] = {k: min(t[k] for t in report["rounds"]) for k in ("one_s", "two_s")}
        report["issue26"] = {k: min(t[k] for t in report["rounds"])
                             for k in ("jieba_process_s", "jieba_process_whole_s", "cli1n_whole", "cli_default")}  # fmt: skip
        report["issue26"]["whole_plans"] = WHOLE_PLANS
        report["issue26"]["whole_excel_ms"] = min(
            (t["cli1_whole"] - t["cli1n_whole"]) for t in report["rounds"]) / WHOLE_PLANS * 1000
        print("segmenters …", file=sys.stderr)
        report["engines"] = run_phase("engines")
        print("cold start …", file=sys.stderr)
        report["cold"] = cold_start(work)
        report["cold_imports"] = import_times(work)
        print("a plan of over a million characters …", file=sys.stderr)
        report["long"] = long_plan_run(work)
        print("PDFs: pdf_blocks against pypdf …", file=sys.stderr)
        report["pdf"] = run_phase("pdf", str(work / "pdf"))
        print("a rerun with nothing changed …", file=sys.stderr)
        from rerun_speed import measure as measure_rerun

        report["rerun"] = measure_rerun(fengong(), CORPUS, work)
        print("growth: 400, 1,000 and 4,000 documents …", file=sys.stderr)
        from growth import measure as measure_growth

        report["growth"] = measure_growth(extract, work)
        print("linking a series of 20 plans …", file=sys.stderr)
        report["links"] = run_phase("links", str(work / "links"))
        if not args.skip_profile:
            print("profile …", file=sys.stderr)
            prof = work / "run.prof"
            run_phase("profile", str(work / "prof"), str(prof))
            report["profile"] = summarise_profile(prof)
            report["profile_process"] = summarise_profile(Path(str(prof) + ".process"))
    report["bench_s"] = time.perf_counter() - started
    report["load_after"] = os.getloadavg()
    NUMBERS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    report = json.loads(NUMBERS.read_text(encoding="utf-8"))  # the page is made from the saved numbers
    DOC.write_text(write_report(report), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
    print(DOC.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
