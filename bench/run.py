"""The benchmark behind ``make bench``: throughput, scaling, memory, cold start and a profile.

On the synthetic corpus of ``bench/make_corpus.py`` (generated when missing) it measures

* end-to-end throughput of one worker: ``run_batch`` with ``jobs=1`` (read, process, write
  every per-document and combined table), in documents/s and MB/s of input, with the
  lexicons and the spaCy pipeline already loaded; also ``process()`` alone;
* bare ``jieba.lcut`` over the same decoded texts in the same process, and the ratio of
  end-to-end to bare-jieba throughput (goal ≥ 0.8);
* the speed-up of ``jobs=2`` over ``jobs=1``, each counting one resource load per worker
  (goal ≥ 1.7);
* peak RSS per worker (goal < 400 MB): the ``jobs=1`` process itself, and the largest
  worker process of the ``jobs=2`` run;
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
    ("emit.py", "measures_frame", "6 emit: measures table"),
    ("emit.py", "assignments_frame", "6 emit: assignments table"),
    ("emit.py", "document_record", "6 emit: document record"),
    ("emit.py", "write_document", "write per-document files"),
    ("emit.py", "write_corpus", "write combined tables (all)"),
    ("workbook.py", "add", "plans.xlsx rows (added as documents arrive)"),
    ("emit.py", "write_parquet", "  of which Parquet"),
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


def phase_batch(jobs: int, out: Path) -> dict[str, Any]:
    """``run_batch`` over the corpus with ``jobs`` workers; with one, also process() and jieba alone."""
    t0 = time.perf_counter()
    from pipeline import batch
    from pipeline.readers import read_input
    from pipeline.run import load_resources, process

    result: dict[str, Any] = {"jobs": jobs, "import_s": time.perf_counter() - t0}
    if jobs == 1:  # the worker is this process: load once, outside the timed run
        t = time.perf_counter()
        res = load_resources()
        result["load_s"] = time.perf_counter() - t
    spent: dict[str, float] = {}
    _timed(batch, "write_corpus", spent)
    from pipeline.workbook import WorkbookStream

    _timed(WorkbookStream, "add", spent)
    _timed(WorkbookStream, "close", spent)
    opts = batch.RunOptions(out=out, jobs=jobs, force=True, quiet=True)
    t = time.perf_counter()
    manifest = batch.run_batch([str(CORPUS)], opts)
    result["batch_s"] = time.perf_counter() - t
    result["write_corpus_s"] = spent.get("write_corpus", 0.0)
    result["write_excel_s"] = spent.get("add", 0.0) + spent.get("close", 0.0)
    result["rss_self_mb"] = _rss_mb(resource.RUSAGE_SELF)
    result["rss_children_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
    result["status"] = manifest["status"].value_counts().to_dict()
    ok = manifest[manifest["status"] == "ok"]
    result["n_measures"] = int(ok["n_measures"].astype(int).sum())
    result["n_assignments"] = int(ok["n_assignments"].astype(int).sum())
    if jobs != 1:
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


def cold_start(out: Path, runs: int = 5) -> list[float]:
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
    b1, b2, m = r["batch1"], r["batch2"], r["machine"]
    mb = r["corpus_bytes"] / 1e6
    n = r["n_docs"]
    e2e_dps, e2e_mbs = n / b1["batch_s"], mb / b1["batch_s"]
    proc_dps, proc_mbs = n / b1["process_s"], mb / b1["process_s"]
    jieba_mbs = mb / b1["jieba_s"]
    ratio, ratio_proc = b1["jieba_s"] / b1["batch_s"], b1["jieba_s"] / b1["process_s"]
    one = b1["load_s"] + b1["batch_s"]
    speedup = one / b2["batch_s"]
    par1, par2 = one - b1["write_corpus_s"], b2["batch_s"] - b2["write_corpus_s"]
    rss_worker = b2["rss_children_mb"]
    cold = r["cold"]
    cold_med = statistics.median(cold)
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
        "| measure | goal | measured | |",
        "| --- | --- | --- | --- |",
        f"| end-to-end ÷ bare-jieba throughput (jobs 1) | ≥ {GOALS['ratio']} | {ratio:.2f} | "
        f"{verdict(ratio >= GOALS['ratio'])} |",
        f"| speed-up of jobs 2 over jobs 1 | ≥ {GOALS['speedup']} | {speedup:.2f}× | "
        f"{verdict(speedup >= GOALS['speedup'])} |",
        f"| peak RSS per worker (largest worker process of jobs 2) | < {GOALS['rss_mb']:.0f} MB | "
        f"{rss_worker:.0f} MB | {verdict(rss_worker < GOALS['rss_mb'])} |",
        f"| peak RSS of the single process of jobs 1 (worker and writer of the combined tables) | "
        f"< {GOALS['rss_mb']:.0f} MB | {b1['rss_self_mb']:.0f} MB | {verdict(b1['rss_self_mb'] < GOALS['rss_mb'])} |",
        f"| cold start, `fengong extract` on one plan | < {GOALS['cold_s']:.0f} s | {cold_med:.2f} s (median) | "
        f"{verdict(cold_med < GOALS['cold_s'])} |",
        "",
        "## Throughput (one worker)",
        "",
        "| what | time | documents/s | MB/s |",
        "| --- | --- | --- | --- |",
        f"| end to end: `run_batch(jobs=1)`, reading, processing and writing every table | "
        f"{b1['batch_s']:.1f} s | {e2e_dps:.1f} | {e2e_mbs:.3f} |",
        f"| … of which the combined CSV and Parquet tables (`write_corpus`) | {b1['write_corpus_s']:.1f} s | | |",
        f"| … of which `plans.xlsx` (rows added as each document arrives) | {b1['write_excel_s']:.1f} s | | |",
        f"| `process()` alone on decoded texts (no files) | {b1['process_s']:.1f} s | {proc_dps:.1f} | {proc_mbs:.3f} |",
        f"| bare `jieba.lcut` (default, HMM on) | {b1['jieba_s']:.1f} s | {n / b1['jieba_s']:.1f} | {jieba_mbs:.3f} |",
        f"| bare `jieba.lcut(HMM=False)` (as the pipeline cuts) | {b1['jieba_nohmm_s']:.1f} s | "
        f"{n / b1['jieba_nohmm_s']:.1f} | {mb / b1['jieba_nohmm_s']:.3f} |",
        "",
        f"Ratio to bare jieba: end to end {ratio:.2f}, `process()` alone {ratio_proc:.2f}. Resources "
        f"(lexicons, spaCy, jieba) load once per worker in {b1['load_s']:.2f} s, outside these times; "
        f"importing the pipeline takes {b1['import_s']:.2f} s.",
        "",
        "## Scaling and memory",
        "",
        "| | jobs 1 | jobs 2 |",
        "| --- | --- | --- |",
        f"| wall time, one resource load per worker included | {one:.1f} s | {b2['batch_s']:.1f} s |",
        f"| … without the combined tables (the parallel part) | {par1:.1f} s | {par2:.1f} s |",
        f"| combined CSV and Parquet tables (serial, in the main process) | {b1['write_corpus_s']:.1f} s | {b2['write_corpus_s']:.1f} s |",
        f"| peak RSS of a worker | {b1['rss_self_mb']:.0f} MB (the process itself) | "
        f"{b2['rss_children_mb']:.0f} MB (largest worker process) |",
        f"| peak RSS of the main process | {b1['rss_self_mb']:.0f} MB | {b2['rss_self_mb']:.0f} MB |",
        "",
        f"Speed-up {speedup:.2f}× end to end; {par1 / par2:.2f}× for the per-document part alone. "
        f"The machine has {m['cores']}.",
        "",
        "## Cold start",
        "",
        f"`fengong extract corpus/{COLD_PLAN.name} --out TMP --force --quiet` as a subprocess, "
        f"{len(cold)} runs after one warm-up (jieba's cache in `~/.cache/fengong`): median "
        f"{cold_med:.2f} s, min {min(cold):.2f} s, max {max(cold):.2f} s.",
        "",
    ]
    lines += _profile_section(r.get("profile"), r.get("profile_process"))
    lines += _notes(r, ratio, speedup, rss_worker, cold_med)
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


def _notes(r: dict[str, Any], ratio: float, speedup: float, rss: float, cold: float) -> list[str]:
    """Plain statements of what the numbers mean, derived from the numbers themselves."""
    b1, b2 = r["batch1"], r["batch2"]
    share_xlsx = b1["write_excel_s"] / b1["batch_s"]
    share_corpus = b1["write_corpus_s"] / b1["batch_s"]
    out = ["## Reading the numbers", ""]
    out.append(
        f"* **Throughput vs jieba ({'met' if ratio >= GOALS['ratio'] else 'not met'}).** "
        f"The combined tables take {100 * share_corpus:.0f}% of the end-to-end run, "
        f"`plans.xlsx` {100 * share_xlsx:.0f}% (one write call per cell; in a jobs-2 run the main process "
        "fills it while the workers process the next documents). "
        f"Even without any file, `process()` runs at {b1['jieba_s'] / b1['process_s']:.2f}× bare "
        "jieba: segmentation itself (jieba inside spaCy's tokenizer, plus building the Doc) is only "
        "part of the work; normalize, structure, detect, assign and the DataFrames add the rest "
        "(see the stage table)."
    )
    out.append(
        f"* **Speed-up ({'met' if speedup >= GOALS['speedup'] else 'not met'}).** The per-document part "
        f"scales {((b1['load_s'] + b1['batch_s'] - b1['write_corpus_s']) / (b2['batch_s'] - b2['write_corpus_s'])):.2f}×; "
        f"the combined tables are written once, serially, in the main process "
        f"({b2['write_corpus_s']:.1f} s), which bounds the end-to-end speed-up (Amdahl)."
    )
    out.append(
        f"* **Memory ({'met' if rss < GOALS['rss_mb'] else 'not met'} for a worker process).** A worker "
        f"holds jieba's dictionary, the spaCy pipeline and the lexicon automata plus one document "
        f"({rss:.0f} MB). The main process also holds every table of the corpus while it writes them "
        f"({b2['rss_self_mb']:.0f} MB with jobs 2, without the models); with jobs 1 the one process is "
        f"both and peaks at {b1['rss_self_mb']:.0f} MB. That part grows with the corpus, mostly in "
        "the Excel writer's in-memory workbook."
    )
    out.append(
        f"* **Cold start ({'met' if cold < GOALS['cold_s'] else 'not met'}).** Most of it is importing "
        "spaCy and pandas, loading jieba's cached dictionary (a 9 MB marshal file) and, for the output, "
        "importing the Excel writer and pyarrow; the plan itself takes a few tens of milliseconds."
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
        if kind == "batch":
            result = phase_batch(int(rest[0]), Path(rest[1]))
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
            ("batch1", ("batch", "1", str(work / "jobs1"))),
            ("batch2", ("batch", "2", str(work / "jobs2"))),
        ]
        for key, phase in steps:
            print(f"{key} …", file=sys.stderr)
            report[key], _ = run_phase(*phase)
            shutil.rmtree(work / phase[2], ignore_errors=True)
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
