"""The benchmark behind ``make bench``: throughput, scaling, memory, cold start and a profile.

On the synthetic corpus of ``bench/make_corpus.py`` (generated when missing) it measures

* end-to-end throughput: ``run_batch`` with ``jobs=1`` and ``jobs=2`` (read, process, write
  every per-document and combined table), each with and without ``plans.xlsx``, in
  documents/s and MB/s of input, one resource load per worker included; also ``process()``
  alone;
* bare ``jieba.lcut`` over the same decoded texts in the same process, and the ratio of
  end-to-end to bare-jieba throughput (goal ≥ 0.8);
* the speed-up of ``jobs=2`` over ``jobs=1`` (goal ≥ 1.7);
* peak RSS per worker (goal < 400 MB): the largest worker process of the ``jobs=2`` runs,
  and the main processes;
* cold start of ``fengong extract`` on one plan as a subprocess (goal < 2 s), with jieba's
  dictionary cache in place;
* a cProfile of the ``jobs=1`` run, summarised by stage and by module.

Every measurement runs in a fresh interpreter (``run.py --phase …``) so that memory and
caches do not leak between them. The numbers and the machine's details are written to
``docs/benchmarks.md``; nothing is tuned or retried to look better.

    .venv/bin/python bench/run.py [--n 400] [--seed 2013] [--skip-profile]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
DOC = ROOT / "docs" / "benchmarks.md"
COLD_PLAN = ROOT / "corpus" / "2013-quality-action-plan.txt"
RUNS = 2  # runs of each batch configuration; the faster counts
GOALS = {"ratio": 0.8, "speedup": 1.7, "rss_mb": 400.0, "cold_s": 2.0}
# Stage entry points: (module file, function) → label, for the profile summary.
STAGES = [
    ("readers.py", "read_input", "read + decode input"),
    ("batch.py", "_unchanged", "rerun check"),
    ("normalize.py", "normalize", "1 normalize"),
    ("structure.py", "structure", "2 structure"),
    ("segment.py", "segment", "3 segment (jieba in spaCy)"),
    ("detect.py", "detect", "4 detect"),
    ("assign.py", "assign", "5 assign"),
    ("emit.py", "measure_rows", "6 emit: measure rows"),
    ("emit.py", "assignment_rows", "6 emit: assignment rows"),
    ("emit.py", "document_record", "6 emit: document record"),
    ("emit.py", "write_document", "write per-document files"),
    ("corpus.py", "add", "combined tables: rows added as documents arrive"),
    ("workbook.py", "add", "  of which plans.xlsx rows"),
    ("corpus.py", "close", "combined tables: the rest, at the end"),
    ("workbook.py", "close", "  of which finishing plans.xlsx"),
    ("corpus.py", "csv_to_parquet", "  of which Parquet of measures and assignments"),
]


# Phases: each runs in its own interpreter and prints one JSON object -----------------------


def _rss_mb(who: int) -> float:
    """Peak resident set size in MB of this process (RUSAGE_SELF) or its reaped children."""
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _timed(module: Any, name: str, sink: dict[str, float]) -> None:
    """Wrap ``module.name`` so that the seconds spent in it add up in ``sink[name]``."""
    inner: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            sink[name] = sink.get(name, 0.0) + time.perf_counter() - t

    setattr(module, name, wrapper)


def phase_batch(jobs: int, out: Path, excel: bool) -> dict[str, Any]:
    """``run_batch`` over the corpus with ``jobs`` workers; with one (and the workbook), also
    ``process()`` and bare jieba alone."""
    t0 = time.perf_counter()
    from pipeline import batch
    from pipeline.corpus import CorpusWriter
    from pipeline.readers import read_input
    from pipeline.run import load_resources, process
    from pipeline.workbook import WorkbookStream

    result: dict[str, Any] = {"jobs": jobs, "excel": excel, "import_s": time.perf_counter() - t0}
    if jobs == 1:  # the worker is this process: load once, outside the timed run
        t = time.perf_counter()
        res = load_resources()
        result["load_s"] = time.perf_counter() - t
    spent: dict[str, float] = {}
    _timed(CorpusWriter, "close", spent)
    _timed(WorkbookStream, "add", spent)
    opts = batch.RunOptions(out=out, jobs=jobs, force=True, quiet=True, excel=excel)
    t = time.perf_counter()
    manifest = batch.run_batch([str(CORPUS)], opts)
    result["batch_s"] = time.perf_counter() - t
    result["corpus_close_s"] = spent.get("close", 0.0)  # CorpusWriter.close, the workbook's close included
    result["write_excel_s"] = spent.get("add", 0.0)
    result["rss_self_mb"] = _rss_mb(resource.RUSAGE_SELF)
    result["rss_children_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
    result["status"] = manifest["status"].value_counts().to_dict()
    ok = manifest[manifest["status"] == "ok"]
    result["n_measures"] = int(ok["n_measures"].astype(int).sum())
    result["n_assignments"] = int(ok["n_assignments"].astype(int).sum())
    if jobs != 1 or not excel:
        return result
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    decoded = [read_input(p) for p in paths]
    result["chars"] = sum(len(d.text) for d in decoded)
    result["process_s"] = _best_of(2, lambda: [process(d, res) for d in decoded])
    import jieba

    jieba.initialize()
    result["jieba_s"] = _best_of(2, lambda: [jieba.lcut(d.text) for d in decoded])
    result["jieba_nohmm_s"] = _best_of(2, lambda: [jieba.lcut(d.text, HMM=False) for d in decoded])
    return result


def _jieba_part(texts: list[str]) -> int:
    import jieba

    jieba.setLogLevel(60)
    for text in texts:
        jieba.lcut(text)
    return len(texts)


def phase_ceiling() -> dict[str, Any]:
    """The machine's own parallel ceiling: bare ``jieba.lcut`` over the corpus, 1 vs 2 processes.

    Perfectly parallel, CPU-bound Python with no pipeline in it: the speed-up it reaches is what
    the two cores give at all (virtual cores may share a physical one).
    """
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.readers import read_input

    texts = [read_input(p).text for p in sorted(p for p in CORPUS.rglob("*") if p.is_file())]
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


def phase_profile(out: Path, prof: Path) -> dict[str, Any]:
    """cProfiles of ``run_batch`` with one worker and of ``process()`` alone (resources loaded first).

    The first goes to ``prof``, the second to ``prof`` with the suffix ``.process``.
    """
    import cProfile

    from pipeline import batch
    from pipeline.readers import read_input
    from pipeline.run import load_resources, process

    res = load_resources()
    opts = batch.RunOptions(out=out, jobs=1, force=True, quiet=True)
    profiler = cProfile.Profile()
    profiler.runcall(batch.run_batch, [str(CORPUS)], opts)
    profiler.dump_stats(str(prof))
    decoded = [read_input(p) for p in sorted(p for p in CORPUS.rglob("*") if p.is_file())]
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [process(d, res) for d in decoded])
    profiler.dump_stats(str(prof) + ".process")
    return {}


# The orchestration --------------------------------------------------------------------------


def run_phase(*args: str) -> tuple[dict[str, Any], float]:
    """Run ``run.py --phase ARGS`` in a fresh interpreter; its JSON result and wall time."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--phase", *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"phase {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def cold_start(out: Path, runs: int = 7) -> list[float]:
    """Wall times of ``fengong extract PLAN`` as a subprocess, after one run that warms the caches."""
    script = Path(sys.executable).with_name("fengong")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    cmd += ["extract", str(COLD_PLAN), "--out", str(out), "--force", "--quiet"]
    times = []
    for k in range(runs + 1):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        if k:
            times.append(time.perf_counter() - t)
    return times


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
    for pkg in ("jieba", "spacy", "pandas", "pyarrow", "XlsxWriter", "openpyxl", "OpenCC", "pyahocorasick"):
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


def summarise_profile(prof: Path) -> dict[str, Any]:
    """Stage times, self time by module, and per pipeline module its top functions by cumulative time."""
    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in stats.values())
    stages = []
    for file, func, label in STAGES:
        ct = sum(v[3] for (f, _, fn), v in stats.items() if f.endswith(f"pipeline/{file}") and fn == func)
        stages.append((label, ct))
    by_module: dict[str, float] = defaultdict(float)
    for (file, _, func), (_, _, tt, _, _) in stats.items():
        by_module[_module_of(file, func)] += tt
    grouped: dict[str, list[tuple[float, float, int, str]]] = defaultdict(list)
    for (file, line, func), (_, nc, tt, ct, _) in stats.items():
        module = _module_of(file, func)
        if module.startswith("pipeline/") and not func.startswith("<"):
            grouped[module].append((ct, tt, nc, f"{func}:{line}"))
    top = {mod: sorted(fs, reverse=True)[:4] for mod, fs in grouped.items()}
    order = sorted(top, key=lambda mod: -top[mod][0][0])
    return {"total": total, "stages": stages, "modules": sorted(by_module.items(), key=lambda kv: -kv[1]),
            "top": [(mod, top[mod]) for mod in order]}  # fmt: skip


def _module_of(file: str, func: str) -> str:
    """A profile entry's group: ``pipeline/<module>``, a third-party package, or the interpreter."""
    if "/pipeline/" in file and "site-packages/" not in file:
        return "pipeline/" + file.rsplit("/", 1)[1]
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if file == "~":
        name = func.strip("<>{}")
        for pkg in ("jieba", "opencc", "ahocorasick", "spacy", "lxml", "pyarrow", "zlib", "re.Pattern"):
            if pkg in name:
                return f"built-in ({pkg})"
        return "built-in (other)"
    return "python stdlib"


def _load(avg: tuple[float, float, float]) -> str:
    return ", ".join(f"{x:.2f}" for x in avg)


def verdict(ok: bool) -> str:
    """How a goal is reported."""
    return "**met**" if ok else "**not met**"


def write_report(r: dict[str, Any]) -> str:
    """The Markdown of ``docs/benchmarks.md`` from the collected numbers."""
    b1, b2, n1, n2, m = r["batch1"], r["batch2"], r["batch1n"], r["batch2n"], r["machine"]
    mb = r["corpus_bytes"] / 1e6
    n = r["n_docs"]
    jieba_s = b1["jieba_s"]
    # Each run counts one resource load per worker: jobs 1 loads in-process before the timer.
    one, one_n = b1["load_s"] + b1["batch_s"], n1["load_s"] + n1["batch_s"]
    ratio, ratio_n, ratio_proc = jieba_s / one, jieba_s / one_n, jieba_s / b1["process_s"]
    ratio2, ratio2_n = jieba_s / b2["batch_s"], jieba_s / n2["batch_s"]
    speedup, speedup_n = one / b2["batch_s"], one_n / n2["batch_s"]
    rss_worker = max(b2["rss_children_mb"], n2["rss_children_mb"])
    ceiling = r["ceiling"]["one_s"] / r["ceiling"]["two_s"]
    cold = r["cold"]
    cold_med = statistics.median(cold)
    g = GOALS

    def rate(seconds: float) -> str:
        return f"{seconds:.1f} s | {n / seconds:.1f} | {mb / seconds:.3f}"

    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`.venv/bin/python bench/run.py`) on {r['date']}; the corpus is",
        f"`bench/make_corpus.py --n {n} --seed {r['seed']}`. Rerun to refresh every number on this page;",
        "nothing here is edited by hand.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in m.items()],
        f"| fengong | pipeline {r['versions'][0]}, lexicons {r['versions'][1]} |",
        f"| load average (1, 5, 15 min) | before {_load(r['load_before'])}; after {_load(r['load_after'])} |",
        "",
        "## Corpus",
        "",
        f"{n} synthetic plans, {mb:.2f} MB on disk, {b1['chars']:,} characters "
        f"(mean {r['corpus_bytes'] / n / 1024:.1f} KiB, largest {r['largest'] / 1024:.1f} KiB); "
        f"{r['n_traditional']} in traditional script, {r['n_gb18030']} in GB18030. One run extracts "
        f"{b1['n_measures']:,} measures and {b1['n_assignments']:,} assignment rows "
        f"(statuses: {', '.join(f'{v} {k}' for k, v in sorted(b1['status'].items()))}).",
        "",
        "## Goals",
        "",
        "A default run writes every table, `plans.xlsx` included; `--no-excel` leaves the workbook out",
        f"(the CSV and Parquet files hold the same tables). Both are measured, each {RUNS} times in turn in",
        "fresh interpreters; the faster run counts.",
        "",
        "| measure | goal | default run | `--no-excel` |",
        "| --- | --- | --- | --- |",
        f"| end-to-end ÷ bare-jieba throughput, jobs 1 | ≥ {g['ratio']} | {ratio:.2f} {verdict(ratio >= g['ratio'])} | "
        f"{ratio_n:.2f} {verdict(ratio_n >= g['ratio'])} |",
        f"| … the same with jobs 2 (the default on this machine) | ≥ {g['ratio']} | {ratio2:.2f} "
        f"{verdict(ratio2 >= g['ratio'])} | {ratio2_n:.2f} {verdict(ratio2_n >= g['ratio'])} |",
        f"| speed-up of jobs 2 over jobs 1 | ≥ {g['speedup']} | {speedup:.2f}× {verdict(speedup >= g['speedup'])} | "
        f"{speedup_n:.2f}× {verdict(speedup_n >= g['speedup'])} |",
        f"| … for reference: bare jieba, 2 processes over 1 (the machine's ceiling) | | {ceiling:.2f}× | |",
        f"| peak RSS per worker (largest worker process of jobs 2) | < {g['rss_mb']:.0f} MB | "
        f"{b2['rss_children_mb']:.0f} MB {verdict(b2['rss_children_mb'] < g['rss_mb'])} | "
        f"{n2['rss_children_mb']:.0f} MB {verdict(n2['rss_children_mb'] < g['rss_mb'])} |",
        f"| cold start, `fengong extract` on one plan | < {g['cold_s']:.0f} s | {cold_med:.2f} s (median) "
        f"{verdict(cold_med < g['cold_s'])} | |",
        "",
        "## Throughput",
        "",
        "| what | time | documents/s | MB/s |",
        "| --- | --- | --- | --- |",
        f"| end to end, jobs 1: `run_batch`, reading, processing and writing every table, one resource load | {rate(one)} |",
        f"| … the same with `--no-excel` | {rate(one_n)} |",
        f"| end to end, jobs 2 | {rate(b2['batch_s'])} |",
        f"| … the same with `--no-excel` | {rate(n2['batch_s'])} |",
        f"| `process()` alone on decoded texts (no files), one process | {rate(b1['process_s'])} |",
        f"| bare `jieba.lcut` (default, HMM on), one process | {rate(jieba_s)} |",
        f"| bare `jieba.lcut(HMM=False)` (as the pipeline cuts) | {rate(b1['jieba_nohmm_s'])} |",
        "",
        f"Ratio to bare jieba: `process()` alone {ratio_proc:.2f}. Resources (lexicons, spaCy, jieba) load "
        f"once per worker in {b1['load_s']:.2f} s; importing the pipeline takes {b1['import_s']:.2f} s.",
        "",
        "Where a jobs-1 run's time goes (outside `process()`):",
        "",
        "| | default | `--no-excel` |",
        "| --- | --- | --- |",
        f"| `plans.xlsx` rows, added as each document arrives | {b1['write_excel_s']:.1f} s | — |",
        f"| the tables written at the end (Parquet, documents, gaps, panel, manifest; closing the workbook) | "
        f"{b1['corpus_close_s']:.1f} s | {n1['corpus_close_s']:.1f} s |",
        "",
        "## Scaling and memory",
        "",
        "| | jobs 1 | jobs 2 | jobs 1, `--no-excel` | jobs 2, `--no-excel` |",
        "| --- | --- | --- | --- | --- |",
        f"| wall time, one resource load per worker included | {one:.1f} s | {b2['batch_s']:.1f} s | "
        f"{one_n:.1f} s | {n2['batch_s']:.1f} s |",
        f"| … of which the tables written at the end (serial, main process) | {b1['corpus_close_s']:.1f} s | "
        f"{b2['corpus_close_s']:.1f} s | {n1['corpus_close_s']:.1f} s | {n2['corpus_close_s']:.1f} s |",
        f"| peak RSS of the largest worker process | (the main process) | {b2['rss_children_mb']:.0f} MB | "
        f"(the main process) | {n2['rss_children_mb']:.0f} MB |",
        f"| peak RSS of the main process | {b1['rss_self_mb']:.0f} MB | {b2['rss_self_mb']:.0f} MB | "
        f"{n1['rss_self_mb']:.0f} MB | {n2['rss_self_mb']:.0f} MB |",
        "",
        f"Speed-up {speedup:.2f}× for a default run, {speedup_n:.2f}× with `--no-excel`. The machine has {m['cores']}; "
        f"on it, bare `jieba.lcut` over the same texts, perfectly parallel with no pipeline at all, runs "
        f"{ceiling:.2f}× as fast in two processes as in one (best of three each: {r['ceiling']['one_s']:.2f} s "
        f"and {r['ceiling']['two_s']:.2f} s). That is the ceiling two processes reach here.",
        "",
        "## Cold start",
        "",
        f"`fengong extract corpus/{COLD_PLAN.name} --out TMP --force --quiet` as a subprocess, "
        f"{len(cold)} runs after one warm-up (jieba's cache in `~/.cache/fengong`): median "
        f"{cold_med:.2f} s, min {min(cold):.2f} s, max {max(cold):.2f} s.",
        "",
    ]
    lines += _profile_section(r.get("profile"), r.get("profile_process"))
    lines += _notes(r, ratio, speedup, speedup_n, rss_worker, cold_med)
    return "\n".join(lines) + "\n"


def _profile_section(p: dict[str, Any] | None, q: dict[str, Any] | None) -> list[str]:
    """The profile summaries: the whole jobs-1 run (``p``) and ``process()`` alone (``q``)."""
    if not p or not q:
        return ["## Where the time goes", "", "(skipped: `--skip-profile`)", ""]
    out = [
        "## Where the time goes (cProfile, jobs 1)",
        "",
        "Profiling slows Python-level code more than C code: read the shares, not the seconds.",
        "",
        f"### The whole run (`run_batch`, {p['total']:.1f} s profiled)",
        "",
        "| stage | cumulative s | share |",
        "| --- | --- | --- |",
    ]
    out += [f"| {label} | {ct:.2f} | {100 * ct / p['total']:.1f}% |" for label, ct in p["stages"]]
    out += ["", "Self time by module (a partition of the run):", "", "| module | self s | share |",
            "| --- | --- | --- |"]  # fmt: skip
    out += [f"| {mod} | {tt:.2f} | {100 * tt / p['total']:.1f}% |" for mod, tt in p["modules"][:12]]
    out += [
        "",
        f"### The per-document work (`process()` alone, {q['total']:.1f} s profiled)",
        "",
        "| stage | cumulative s | share |",
        "| --- | --- | --- |",
    ]
    out += [f"| {label} | {ct:.2f} | {100 * ct / q['total']:.1f}% |" for label, ct in q["stages"][2:10]]
    out += ["", "Self time by module:", "", "| module | self s | share |", "| --- | --- | --- |"]
    out += [f"| {mod} | {tt:.2f} | {100 * tt / q['total']:.1f}% |" for mod, tt in q["modules"][:15]]
    out += ["", "Top functions by cumulative time, grouped by stage module:", "",
            "| module | function | cumulative s | self s | calls |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for mod, funcs in q["top"]:
        for k, (ct, tt, nc, name) in enumerate(funcs):
            out.append(f"| {mod if k == 0 else ''} | `{name}` | {ct:.2f} | {tt:.2f} | {nc:,} |")
    return [*out, ""]


def _notes(r: dict[str, Any], ratio: float, speedup: float, speedup_n: float, rss: float, cold: float) -> list[str]:
    """Plain statements of what the numbers mean, derived from the numbers themselves."""
    b1, b2 = r["batch1"], r["batch2"]
    ceiling = r["ceiling"]["one_s"] / r["ceiling"]["two_s"]
    one = b1["load_s"] + b1["batch_s"]
    share_xlsx = b1["write_excel_s"] / one
    seg = next((ct for label, ct in (r.get("profile_process") or {}).get("stages", []) if label.startswith("3 ")), None)
    total = (r.get("profile_process") or {}).get("total")
    out = ["## Reading the numbers", ""]
    seg_share = f" (segmentation is {100 * seg / total:.0f}% of its profile)" if seg and total else ""
    out.append(
        f"* **Throughput vs jieba ({'met' if ratio >= GOALS['ratio'] else 'not met'}).** "
        f"`plans.xlsx` takes {100 * share_xlsx:.0f}% of a default jobs-1 run: xlsxwriter makes one "
        "Python call per cell, a few microseconds each, for every cell of the measures and "
        f"assignments sheets. Without any file, `process()` runs at {b1['jieba_s'] / b1['process_s']:.2f}× "
        f"bare jieba{seg_share}: jieba itself (with the lexicon as user words), building the spaCy Doc, "
        "then normalize, structure, detect and assign, all in Python."
    )
    out.append(
        f"* **Speed-up ({'met' if speedup >= GOALS['speedup'] else 'not met'}; "
        f"{'met' if speedup_n >= GOALS['speedup'] else 'not met'} with `--no-excel`).** The main process "
        "adds each document to the combined CSVs and the workbook as it arrives, in input order, while "
        "the workers go on. The workbook is one serial stream of per-cell work in the main process "
        f"({b1['write_excel_s']:.1f} s of rows plus its closing, against "
        f"{b1['process_s']:.1f} s of `process()` for all documents), so it is the critical path of a "
        f"jobs-2 run and bounds its speed-up. Without it, jobs 2 reaches {speedup_n:.2f}× where bare jieba, "
        f"perfectly parallel, reaches {ceiling:.2f}× on this machine; the rest is serial at both ends: "
        f"loading the resources ({b1['load_s']:.2f} s, once per worker, in parallel) and the tables "
        f"written at the end ({r['batch2n']['corpus_close_s']:.1f} s)."
    )
    out.append(
        f"* **Memory ({'met' if rss < GOALS['rss_mb'] else 'not met'} per worker).** A worker holds the "
        f"imported libraries (spaCy, pandas with pyarrow: about 190 MB), jieba's dictionary, the spaCy "
        f"pipeline and the lexicon automata, plus one document ({rss:.0f} MB at most). During a run the "
        "main process holds no rows: it appends each document's CSV text to the combined files (and its "
        "rows to the workbook, which xlsxwriter streams to disk). At the end it converts the combined "
        "CSVs to Parquet block by block and reads back only the columns the gaps and the panel need; "
        f"that is its peak ({b2['rss_self_mb']:.0f} MB with jobs 2). With jobs 1 the one process is "
        f"worker and writer at once ({b1['rss_self_mb']:.0f} MB)."
    )
    out.append(
        f"* **Cold start ({'met' if cold < GOALS['cold_s'] else 'not met'}).** Most of it is importing "
        "spaCy and pandas and reading jieba's prefix dictionary, with the lexicon's words already added, "
        "from `~/.cache/fengong` (`marshal.loads` over the file's bytes, about 0.25 s; jieba's own "
        "`marshal.load` from the file object took 0.6 s); the plan itself takes a few tens of milliseconds."
    )
    return [*out, ""]


def corpus_facts() -> dict[str, Any]:
    """Size, count, script and encoding facts of the benchmark corpus."""
    from pipeline.script import detect_script

    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file())
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
    return {"n_docs": len(paths), "corpus_bytes": sum(sizes), "largest": max(sizes),
            "n_gb18030": n_gb, "n_traditional": n_trad}  # fmt: skip


def main() -> None:
    """Command line: run every measurement, or one ``--phase`` (internal)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="plans in the corpus (default 400)")
    ap.add_argument("--seed", type=int, default=2013, help="corpus seed (default 2013)")
    ap.add_argument("--skip-profile", action="store_true", help="no cProfile run")
    ap.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        kind, *rest = args.phase
        if kind == "ceiling":
            result = phase_ceiling()
        elif kind == "batch":
            result = phase_batch(int(rest[0]), Path(rest[1]), rest[2] == "excel")
        else:
            result = phase_profile(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
        return

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import make_corpus

    from pipeline import __version__
    from pipeline.lexicon import load_lexicon

    if len([p for p in CORPUS.glob("*.txt")]) != args.n:
        print(f"generating {args.n} plans into {CORPUS} …", file=sys.stderr)
        make_corpus(CORPUS, args.n, args.seed)
    report: dict[str, Any] = {"seed": args.seed, "machine": machine(), **corpus_facts()}
    report["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["load_before"] = os.getloadavg()
    report["versions"] = (__version__, load_lexicon().version)
    with tempfile.TemporaryDirectory(prefix="fengong-bench-") as tmp:
        work = Path(tmp)
        steps = [
            ("batch1", ("batch", "1", str(work / "jobs1"), "excel")),
            ("batch2", ("batch", "2", str(work / "jobs2"), "excel")),
            ("batch1n", ("batch", "1", str(work / "jobs1n"), "no-excel")),
            ("batch2n", ("batch", "2", str(work / "jobs2n"), "no-excel")),
        ]
        # Each configuration runs twice, interleaved, and the faster run counts (as timeit
        # takes the minimum): a neighbour's load on a shared machine only ever adds time.
        for _ in range(RUNS):
            for key, phase in steps:
                print(f"{key} …", file=sys.stderr)
                result, _ = run_phase(*phase)
                if key not in report or result["batch_s"] < report[key]["batch_s"]:
                    report[key] = result
                shutil.rmtree(work / phase[2], ignore_errors=True)
        print("ceiling …", file=sys.stderr)
        report["ceiling"], _ = run_phase("ceiling")
        print("cold start …", file=sys.stderr)
        report["cold"] = cold_start(work / "cold")
        if not args.skip_profile:
            print("profile …", file=sys.stderr)
            prof = work / "run.prof"
            run_phase("profile", str(work / "prof"), str(prof))
            report["profile"] = summarise_profile(prof)
            report["profile_process"] = summarise_profile(Path(str(prof) + ".process"))
    report["load_after"] = os.getloadavg()
    DOC.write_text(write_report(report), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
    print(DOC.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
