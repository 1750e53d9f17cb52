"""The Markdown of ``docs/benchmarks.md``: issue 13's goals, throughput, scaling, memory, cold
start, the segmenters, a long plan and where the time goes, from the numbers ``run.py`` collects.
Every number and verdict on the page is derived from them."""

from __future__ import annotations

import pstats
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from growth import report_lines as growth_section
from jieba_process import report_lines as issue26_goals
from link_speed import report_lines as links_section
from pdf_speed import report_lines as pdf_section
from rerun_speed import report_lines as rerun_section

ROOT = Path(__file__).resolve().parent.parent
COLD_PLAN = ROOT / "corpus" / "2013-quality-action-plan.txt"
RUNS = 3  # rounds of every batch configuration and of the ceiling; the fastest run counts
# Issue 13's goals (ratios are throughputs: bare jieba's time over fengong's).
GOALS = {
    "ratio": 1.0,  # `fengong extract DIR` jobs 1 ÷ bare jieba.lcut, at least
    "of_ceiling": 0.90,  # jobs-2 speed-up ÷ the machine's ceiling, at least
    "speedup": 1.7,  # jobs-2 speed-up, at least, where the ceiling is `high_ceiling` or more
    "high_ceiling": 1.9,
    "cold": 0.8,  # cold start ÷ bare jieba's, at most
    "worker_mb": 300.0,  # peak RSS of a worker, under
    "main_mb": 400.0,  # peak RSS of a jobs-1 run's (only) process, under
    "long_mb": 1024.0,  # peak RSS on a plan over a million characters, under (1 GB)
}
DISTURBED = 1.15  # rounds of one configuration further apart than this: the machine was busy
LOW_CEILING = 1.2  # on two cores: two processes of bare jieba less than this much faster than one, a core was busy
# Stage entry points: (file under pipeline/, function) → label, for the profile summary.
# Labels starting with a digit are the stages of process(), shown for process() alone too.
STAGES = [
    ("io/readers.py", "read_input", "read + decode input"),
    ("run/worker.py", "_unchanged", "rerun check"),
    ("stages/normalize/working_text.py", "normalize", "1 normalize"),
    ("stages/structure/outline.py", "structure", "2 structure"),
    ("stages/segment/segmenter.py", "segment", "3 segment (rjieba)"),
    ("stages/detect/spans.py", "detect", "4 detect"),
    ("stages/assign/roles.py", "assign", "5 assign"),
    ("io/tables.py", "measure_rows", "6 emit: measure rows"),
    ("io/tables.py", "assignment_rows", "6 emit: assignment rows"),
    ("io/tables.py", "document_record", "6 emit: document record"),
    ("io/tables.py", "csv_lines", "rows rendered as CSV text (by the worker)"),
    ("io/tables.py", "write_document", "write per-document files"),
    ("run/corpus.py", "add", "combined tables: rows added as documents arrive"),
    ("io/workbook.py", "add", "  of which plans.xlsx rows handed to its writer process"),
    ("run/corpus.py", "close", "combined tables: the rest, at the end"),
    ("run/corpus.py", "_write_corpus_tables", "  of which Parquet, documents, gaps, panel, manifest"),
]
# The in-process steps of the long plan's run (run.py, phase_long) → label, in call order.
LONG_STEPS = [
    ("load_resources", "resources loaded"),
    ("read_input", "read + decode"),
    ("normalize", "1 normalize"),
    ("structure", "2 structure"),
    ("segment", "3 segment"),
    ("detect", "4 detect"),
    ("assign", "5 assign"),
    ("measure_rows", "6 emit: measure rows"),
    ("assignment_rows", "6 emit: assignment rows"),
    ("csv_lines", "rows as CSV text"),
    ("write_document", "per-document files"),
    ("corpus_add", "rows added to the combined tables and the workbook"),
    ("corpus_tables", "Parquet, documents, gaps, panel, manifest"),
    ("book_close", "waiting for plans.xlsx's writer process (in a thread)"),
    ("corpus_close", "the tables at the end, in all"),
]


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
    functions = sorted(((tt, ct, nc, _function_name(key, callers))
                        for key, (_, nc, tt, ct, callers) in stats.items()), reverse=True)[:12]  # fmt: skip
    return {"total": total, "stages": stages, "modules": sorted(by_module.items(), key=lambda kv: -kv[1]),
            "top": [(mod, top[mod]) for mod in order], "self": functions}  # fmt: skip


def _function_name(key: tuple[str, int, str], callers: dict) -> str:
    """``module:function:line``; for a built-in, also the caller that spent the most time in it."""
    file, line, func = key
    name = f"{_module_of(file, func)}:{func}:{line}" if file != "~" else f"{_module_of(file, func)}:{func}"
    if file == "~" and callers:
        (c_file, c_line, c_func), _ = max(callers.items(), key=lambda kv: kv[1][3])
        name += f" ← {_module_of(c_file, c_func)}:{c_func}:{c_line}"
    return name


def _module_of(file: str, func: str) -> str:
    """A profile entry's group: ``pipeline/<folder>/<module>``, a third-party package, or the interpreter."""
    if "/pipeline/" in file and "site-packages/" not in file:
        return "pipeline/" + file.rsplit("/pipeline/", 1)[1]
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if file == "~":
        name = func.strip("<>{}")
        if "Jieba" in name:  # rjieba's class is builtins.Jieba
            return "built-in (rjieba)"
        for pkg in ("jieba", "opencc", "ahocorasick", "lxml", "pyarrow", "zlib", "re.Pattern", "marshal"):
            if pkg in name:
                return f"built-in ({pkg})"
        return "built-in (other)"
    return "python stdlib"


def _load(avg: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in avg)


def verdict(ok: bool) -> str:
    """How a goal is reported."""
    return "**met**" if ok else "**not met**"


class Numbers:
    """The derived numbers every section uses."""

    def __init__(self, r: dict[str, Any]) -> None:
        self.r = r
        self.n = r["n_docs"]
        self.mb = r["corpus_bytes"] / 1e6
        self.jieba_s = r["ceiling"]["one_s"]  # bare jieba.lcut over the corpus, one process
        self.ceiling = r["ceiling"]["one_s"] / r["ceiling"]["two_s"]
        c1, c2, c1n, c2n = (r[k]["wall_s"] for k in ("cli1", "cli2", "cli1n", "cli2n"))
        self.cli = {"1": c1, "2": c2, "1n": c1n, "2n": c2n}
        self.ratio, self.ratio_n = self.jieba_s / c1, self.jieba_s / c1n
        self.speedup, self.speedup_n = c1 / c2, c1n / c2n
        b = {k: r[f"batch{k}"] for k in ("1", "2", "1n", "2n")}
        self.batch = b
        # In process: a jobs-1 run counts its one resource load (done before the timer).
        self.inproc = {k: b[k]["batch_s"] + b[k].get("load_s", 0.0) for k in b}
        self.speedup_in = self.inproc["1"] / self.inproc["2"]
        self.speedup_in_n = self.inproc["1n"] / self.inproc["2n"]
        rounds = r.get("rounds", [])
        # Peak RSS: the largest over every round (memory does not get better with a quiet machine).
        self.worker_mb = max(t[f"batch{k}_workers_mb"] for t in rounds for k in ("2",))
        self.worker_mb_n = max(t[f"batch{k}_workers_mb"] for t in rounds for k in ("2n",))
        self.main_mb = max(t["batch1_rss_mb"] for t in rounds)
        self.main_mb_n = max(t["batch1n_rss_mb"] for t in rounds)
        self.cmd_mb = {k: max(t[f"cli{k}_rss_mb"] for t in rounds) for k in ("1", "2", "1n", "2n")}
        cold = r["cold"]
        self.cold_ours, self.cold_jieba = statistics.median(cold["fengong"]), statistics.median(cold["jieba"])
        self.cold = self.cold_ours / self.cold_jieba
        self.long_mb = r["long"]["rss_mb"]

    def speed_ok(self, speedup: float) -> bool:
        """The jobs-2 goal: 90% of the ceiling, and 1.7× where the ceiling is 1.9 or more."""
        g = GOALS
        return speedup >= g["of_ceiling"] * self.ceiling and (self.ceiling < g["high_ceiling"] or speedup >= g["speedup"])

    def rate(self, seconds: float) -> str:
        """time | documents/s | MB/s | throughput ÷ bare jieba's."""
        return f"{seconds:.2f} s | {self.n / seconds:.1f} | {self.mb / seconds:.3f} | {self.jieba_s / seconds:.2f}"


def write_report(r: dict[str, Any]) -> str:
    """The Markdown of ``docs/benchmarks.md`` from the collected numbers."""
    x = Numbers(r)
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`.venv/bin/python bench/run.py`) on {r['date']}, in "
        f"{r.get('bench_s', 0) / 60:.1f} minutes. Rerun to refresh every number on this page; nothing here "
        "is edited by hand (the numbers are in `docs/benchmarks.json`).",
        "",
        *_machine(r),
        *_corpus(r),
        *_goals(x),
        *issue26_goals(r),
        *_throughput(x),
        *_scaling(x),
        *_segmenters(x),
        *_cold(x),
        *_long(x),
        *pdf_section(r.get("pdf")),
        *links_section(r.get("links")),
        *rerun_section(r.get("rerun")),
        *growth_section(r.get("growth")),
        *_profile_section(r.get("profile"), r.get("profile_process")),
        *_notes(x),
    ]
    return "\n".join(lines) + "\n"


def _machine(r: dict[str, Any]) -> list[str]:
    return [
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in r["machine"].items()],
        f"| fengong | pipeline {r['versions'][0]}, lexicons {r['versions'][1]} |",
        f"| load average (1, 5, 15 min) | before {_load(r['load_before'])}; after {_load(r['load_after'])} |",
        "",
        "The machine may be shared with other work while the benchmark runs: a neighbour's load only ever",
        "adds time, which is why every configuration runs several times and the fastest run counts, and why",
        "the load averages are shown. Compare numbers of one run with each other rather than across runs.",
        "",
    ]


def _corpus(r: dict[str, Any]) -> list[str]:
    b1 = r["batch1"]
    chars = r["engines"]["chars"]
    origins = ", ".join(f"{k} in `{where}`" for where, k in r["origins"].items())
    return [
        "## Corpus",
        "",
        f"{r['n_docs']} files copied, cycled, from the {r['n_sources']} real plans the project can read "
        f"({origins}) into `bench/corpus-real/` (`0001-<stem>.txt` …; git-ignored, rebuilt by every run: "
        f"`bench/make_corpus.py --real`). {r['corpus_bytes'] / 1e6:.2f} MB on disk, {chars:,} characters "
        f"(mean {r['corpus_bytes'] / r['n_docs'] / 1024:.1f} KiB, smallest {r['smallest'] / 1024:.1f} KiB, "
        f"largest {r['largest'] / 1024:.1f} KiB); {r['n_traditional']} in traditional script, "
        f"{r['n_gb18030']} not in UTF-8. One run extracts {b1['n_measures']:,} measures and "
        f"{b1['n_assignments']:,} assignment rows "
        f"(statuses: {', '.join(f'{v} {k}' for k, v in sorted(b1['status'].items()))}).",
        "",
        "Every measurement below is on these texts, except the cold start (one plan) and the long plan.",
        "",
    ]


def _goals(x: Numbers) -> list[str]:
    r, g = x.r, GOALS
    high = x.ceiling >= g["high_ceiling"]
    speed_goal = (f"≥ {g['of_ceiling']:.0%} of the ceiling" + (f" and ≥ {g['speedup']}×" if high else
                  f" (≥ {g['speedup']}× only where the ceiling is ≥ {g['high_ceiling']}; here {x.ceiling:.2f}×)"))  # fmt: skip
    long = r["long"]
    return [
        "## Goals (issue 13)",
        "",
        "Throughputs are compared with bare `jieba.lcut(text)` (jieba's default call, HMM on, as a user",
        f"writes it) over the same decoded texts in one process, dictionary loaded: {x.jieba_s:.2f} s, the",
        f"fastest of {r['runs']} rounds of best-of-3. A ratio is fengong's throughput over jieba's, i.e. jieba's time",
        "over fengong's. `fengong extract DIR --out OUT` is timed as a user runs it: a subprocess, interpreter",
        "start, imports and resource load included, every default table written (`plans.xlsx` too); the",
        f"fastest of {r['runs']} rounds, interleaved.",
        "",
        "| goal | target | default run | `--no-excel` |",
        "| --- | --- | --- | --- |",
        f"| `fengong extract DIR --out OUT --jobs 1` ÷ bare `jieba.lcut` throughput | ≥ {g['ratio']:.1f} | "
        f"{x.ratio:.2f} ({x.cli['1']:.2f} s) {verdict(x.ratio >= g['ratio'])} | "
        f"{x.ratio_n:.2f} ({x.cli['1n']:.2f} s) {verdict(x.ratio_n >= g['ratio'])} |",
        f"| `--jobs 2` speed-up over `--jobs 1` | {speed_goal} | {x.speedup:.2f}× = {x.speedup / x.ceiling:.0%} of "
        f"{x.ceiling:.2f}× {verdict(x.speed_ok(x.speedup))} | {x.speedup_n:.2f}× = {x.speedup_n / x.ceiling:.0%} "
        f"{verdict(x.speed_ok(x.speedup_n))} |",
        f"| … the ceiling: bare `jieba.lcut`, 2 processes over 1, same run | (reference) | {x.ceiling:.2f}× | |",
        f"| cold start of `fengong extract PLAN --out DIR` ÷ `python -c \"import jieba; jieba.lcut(open(F).read())\"`"
        f" (medians of {len(r['cold']['fengong'])}) | ≤ {g['cold']} | {x.cold:.2f} ({x.cold_ours:.2f} s ÷ "
        f"{x.cold_jieba:.2f} s) {verdict(x.cold <= g['cold'])} | |",
        f"| peak RSS per worker (largest worker process of `--jobs 2`, largest of {r['runs']} runs) | "
        f"< {g['worker_mb']:.0f} MB | {x.worker_mb:.0f} MB {verdict(x.worker_mb < g['worker_mb'])} | "
        f"{x.worker_mb_n:.0f} MB {verdict(x.worker_mb_n < g['worker_mb'])} |",
        f"| peak RSS of a `--jobs 1` run's main process (largest of {r['runs']} runs) | < {g['main_mb']:.0f} MB | "
        f"{x.main_mb:.0f} MB {verdict(x.main_mb < g['main_mb'])} | {x.main_mb_n:.0f} MB "
        f"{verdict(x.main_mb_n < g['main_mb'])} |",
        f"| peak RSS of `fengong extract` on a plan of {long['chars']:,} characters | < 1 GB | "
        f"{x.long_mb:.0f} MB in {long['wall_s']:.1f} s {verdict(x.long_mb < g['long_mb'])} | "
        f"{long['no_excel']['rss_mb']:.0f} MB in {long['no_excel']['wall_s']:.1f} s "
        f"{verdict(long['no_excel']['rss_mb'] < g['long_mb'])} |",
        "",
        "For reference, the same batches in process (`run_batch` in a fresh interpreter, imports outside the",
        "timer, one resource load per worker inside it), so without the fixed cost of starting the command:",
        "",
        "| | default run | `--no-excel` |",
        "| --- | --- | --- |",
        f"| jobs 1 ÷ bare `jieba.lcut` throughput | {x.jieba_s / x.inproc['1']:.2f} ({x.inproc['1']:.2f} s) | "
        f"{x.jieba_s / x.inproc['1n']:.2f} ({x.inproc['1n']:.2f} s) |",
        f"| jobs 2 speed-up over jobs 1, and its share of the ceiling | {x.speedup_in:.2f}× = "
        f"{x.speedup_in / x.ceiling:.0%} | {x.speedup_in_n:.2f}× = {x.speedup_in_n / x.ceiling:.0%} |",
        "",
        "MB are 2^20 bytes; 1 GB is 1024 MB. The main process's peak is its `ru_maxrss` in the in-process",
        "batch (the command's own `os.wait4` peak is that of its largest process, which may be the workbook's",
        "writer: see Scaling and memory); a worker's is its `VmHWM`, sampled every 50 ms while it runs. The",
        "long plan's is the command's `os.wait4` peak, the largest of its processes.",
        "",
    ]


def _throughput(x: Numbers) -> list[str]:
    r, b1, b1n = x.r, x.batch["1"], x.batch["1n"]
    e = r["engines"]
    def part(b: dict[str, Any], key: str) -> float:
        return b["spent"].get(key, 0.0)

    def rest(b: dict[str, Any]) -> float:
        keys = ("read_input", "process", "write_document", "corpus_add", "corpus_close")
        return b["batch_s"] - sum(part(b, k) for k in keys)

    return [
        "## Throughput",
        "",
        "| what | time | documents/s | MB/s | ÷ bare jieba |",
        "| --- | --- | --- | --- | --- |",
        f"| `fengong extract DIR --out OUT --jobs 1` (the command: start, imports, load, every table) | {x.rate(x.cli['1'])} |",
        f"| … with `--no-excel` | {x.rate(x.cli['1n'])} |",
        f"| `fengong extract DIR --out OUT --jobs 2` | {x.rate(x.cli['2'])} |",
        f"| … with `--no-excel` | {x.rate(x.cli['2n'])} |",
        f"| `run_batch` in process, jobs 1, one resource load | {x.rate(x.inproc['1'])} |",
        f"| … with `--no-excel` | {x.rate(x.inproc['1n'])} |",
        f"| `run_batch` in process, jobs 2 | {x.rate(x.inproc['2'])} |",
        f"| … with `--no-excel` | {x.rate(x.inproc['2n'])} |",
        f"| `process()` alone on decoded texts (no files), rjieba, one process | {x.rate(e['process_rjieba_s'])} |",
        f"| `process()` alone, `--segmenter jieba` | {x.rate(e['process_jieba_s'])} |",
        f"| bare `jieba.lcut` (HMM on), one process: the reference | {x.rate(x.jieba_s)} |",
        f"| bare `jieba.lcut`, the texts split over two processes | {x.rate(r['ceiling']['two_s'])} |",
        "",
        f"Importing the pipeline takes {b1['import_s']:.2f} s in the batch phase (outside its timer; the command "
        f"pays it, and the interpreter's start); the resources (lexicons and the rjieba segmenter) load in "
        f"{b1['load_s']:.2f} s.",
        "",
        "Where a jobs-1 run's time goes, in process (timers around each step; the fastest run):",
        "",
        "| step | default | `--no-excel` |",
        "| --- | --- | --- |",
        f"| loading the resources, once | {b1['load_s']:.2f} s | {b1n['load_s']:.2f} s |",
        f"| reading and decoding the inputs | {part(b1, 'read_input'):.2f} s | {part(b1n, 'read_input'):.2f} s |",
        f"| `process()`: the stages | {part(b1, 'process'):.2f} s | {part(b1n, 'process'):.2f} s |",
        f"| the per-document files | {part(b1, 'write_document'):.2f} s | {part(b1n, 'write_document'):.2f} s |",
        f"| each document added to the combined tables as it arrives | {part(b1, 'corpus_add'):.2f} s | "
        f"{part(b1n, 'corpus_add'):.2f} s |",
        f"| … of which its rows handed to the workbook's writer process | {part(b1, 'book_add'):.2f} s | — |",
        f"| the tables written at the end, workbook included | {part(b1, 'corpus_close'):.2f} s | "
        f"{part(b1n, 'corpus_close'):.2f} s |",
        f"| … of which Parquet, documents, gaps, panel, manifest | {part(b1, 'corpus_tables'):.2f} s | "
        f"{part(b1n, 'corpus_tables'):.2f} s |",
        f"| … of which waiting for the workbook's writer to finish (in a thread, beside the rest) | "
        f"{part(b1, 'book_close'):.2f} s | — |",
        f"| the rest (collecting inputs, CSV text of the rows, the worker's glue, the manifest) | {rest(b1):.2f} s | "
        f"{rest(b1n):.2f} s |",
        "",
        "`plans.xlsx` is written by a process of its own (`pipeline/io/workbook.py`), fed each document's rows",
        "through a queue, so even a jobs-1 run uses a second core for it; its work shows here only where the",
        "main process waits for it.",
        "",
    ]


def _rounds_table(x: Numbers) -> list[str]:
    """Every round's wall times and speed-ups: how much a shared machine moves the numbers."""
    rounds = x.r.get("rounds", [])
    if not rounds:
        return []
    lines = [
        "Each round, in the order run (wall seconds of the command; the ceiling and bare jieba are measured",
        "at the end of the round, under the same load):",
        "",
        "| round | jobs 1 | jobs 2 | speed-up | jobs 1, `--no-excel` | jobs 2, `--no-excel` | speed-up | bare jieba | "
        "ceiling | jobs 1 ÷ jieba |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for k, t in enumerate(rounds, 1):
        lines.append(
            f"| {k} | {t['cli1']:.2f} | {t['cli2']:.2f} | {t['cli1'] / t['cli2']:.2f}× | "
            f"{t['cli1n']:.2f} | {t['cli2n']:.2f} | {t['cli1n'] / t['cli2n']:.2f}× | {t['one_s']:.2f} | "
            f"{t['one_s'] / t['two_s']:.2f}× | {t['one_s'] / t['cli1']:.2f} |"
        )
    lines.append("")
    ones = [t["cli1"] for t in rounds]
    jiebas = [t["one_s"] for t in rounds]
    ceilings = [t["one_s"] / t["two_s"] for t in rounds]
    signs = []
    if max(ones) > DISTURBED * min(ones):
        signs.append(f"the same jobs-1 command took {min(ones):.2f} to {max(ones):.2f} s over the rounds")
    if max(jiebas) > DISTURBED * min(jiebas):
        signs.append(f"bare jieba took {min(jiebas):.2f} to {max(jiebas):.2f} s")
    if min(ceilings) < LOW_CEILING:
        signs.append(f"two processes ran bare jieba only {min(ceilings):.2f}× as fast as one in a round: the "
                     "second core was busy with other work")  # fmt: skip
    if max(ceilings) > 2:
        signs.append(f"two processes ran bare jieba up to {max(ceilings):.2f}× as fast as one, more than two "
                     "cores can")  # fmt: skip
    if signs:
        lines += [
            f"**This run was disturbed:** {'; '.join(signs)}. A neighbour on the machine slowed some runs. "
            "The numbers above pair the fastest runs; compare them with a rerun before drawing conclusions.",
            "",
        ]
    return lines


def _scaling(x: Numbers) -> list[str]:
    r, b = x.r, x.batch
    c = {k: r[f"cli{k}"] for k in ("1", "2", "1n", "2n")}
    return [
        "## Scaling and memory",
        "",
        "| | jobs 1 | jobs 2 | jobs 1, `--no-excel` | jobs 2, `--no-excel` |",
        "| --- | --- | --- | --- | --- |",
        f"| the command's wall time | {x.cli['1']:.2f} s | {x.cli['2']:.2f} s | {x.cli['1n']:.2f} s | {x.cli['2n']:.2f} s |",
        f"| … its CPU time, every process | {c['1']['cpu_s']:.2f} s | {c['2']['cpu_s']:.2f} s | "
        f"{c['1n']['cpu_s']:.2f} s | {c['2n']['cpu_s']:.2f} s |",
        f"| … its peak RSS, largest process (`os.wait4`; largest of the runs) | {x.cmd_mb['1']:.0f} MB | "
        f"{x.cmd_mb['2']:.0f} MB | {x.cmd_mb['1n']:.0f} MB | {x.cmd_mb['2n']:.0f} MB |",
        f"| in process: wall time, one resource load per worker included | {x.inproc['1']:.2f} s | "
        f"{x.inproc['2']:.2f} s | {x.inproc['1n']:.2f} s | {x.inproc['2n']:.2f} s |",
        "| … of which the tables written at the end (serial, main process) | "
        + " | ".join(f"{b[k]['spent'].get('corpus_close', 0.0):.2f} s" for k in ("1", "2", "1n", "2n")) + " |",
        f"| … CPU time: main process, workers | {b['1']['cpu_self_s']:.2f} s | {b['2']['cpu_self_s']:.2f} s, "
        f"{b['2']['cpu_children_s']:.2f} s | {b['1n']['cpu_self_s']:.2f} s | {b['2n']['cpu_self_s']:.2f} s, "
        f"{b['2n']['cpu_children_s']:.2f} s |",
        f"| … peak RSS of the largest worker process | (the main process) | {b['2']['rss_workers_mb']:.0f} MB | "
        f"(the main process) | {b['2n']['rss_workers_mb']:.0f} MB |",
        f"| … peak RSS of the workbook's writer process | {b['1']['rss_writer_mb']:.0f} MB | "
        f"{b['2']['rss_writer_mb']:.0f} MB | — | — |",
        f"| … peak RSS of the main process | {b['1']['rss_self_mb']:.0f} MB | {b['2']['rss_self_mb']:.0f} MB | "
        f"{b['1n']['rss_self_mb']:.0f} MB | {b['2n']['rss_self_mb']:.0f} MB |",
        "",
        f"Speed-up of the command: {x.speedup:.2f}× for a default run, {x.speedup_n:.2f}× with `--no-excel`; in "
        f"process {x.speedup_in:.2f}× and {x.speedup_in_n:.2f}×. The machine has {r['machine']['cores']}; on it, "
        f"bare `jieba.lcut` over the same texts, perfectly parallel with no pipeline at all, runs {x.ceiling:.2f}× "
        f"as fast in two processes as in one (the fastest of every round's best of three: "
        f"{r['ceiling']['one_s']:.2f} s and {r['ceiling']['two_s']:.2f} s). That is the ceiling two processes "
        "reach here.",
        "",
        *_rounds_table(x),
    ]


def _segmenters(x: Numbers) -> list[str]:
    e = x.r["engines"]
    mchars = e["norm_chars"] / 1e6

    def row(label: str, seconds: float) -> str:
        return f"| {label} | {seconds:.2f} s | {mchars / seconds:.2f} | {e['jieba_norm_s'] / seconds:.2f} |"

    return [
        "## Segmenters",
        "",
        "Stage 3 cuts with jieba's algorithm, HMM off, over jieba's `dict.txt` plus the lexicon's words at the",
        "frequencies jieba gives them; `rjieba` (jieba-rs, the Rust port) is the default engine and jieba (Python)",
        "the reference (`extract --segmenter jieba`). jieba-rs scores a route as jieba does, so the same words,",
        "frequencies and total give the same tokens. Two things differ and are undone in",
        "`pipeline/stages/segment/engines.py`:",
        "",
        "* **the total.** jieba adds every `dict.txt` line and every `add_word` to its total, even for a word it",
        "  already has (B超 is in `dict.txt` twice; most lexicon words are in it already); jieba-rs replaces the",
        "  old frequency. The difference is given to a word no text can match (U+FFFF).",
        "* **the Han characters.** jieba's block regex takes U+4E00..U+9FD5; jieba-rs also takes the CJK",
        "  extensions and the compatibility ideographs. jieba gives each such character alone, so the text is",
        "  cut apart at them first. A lone surrogate (which rjieba refuses) is given alone too.",
        "",
        f"On this run's {x.n} normalized texts the two engines gave the same tokens for {e['same_cuts']} "
        f"({'all' if e['same_cuts'] == x.n else 'not all'}); `tests/test_segmenters.py` checks every text the "
        f"project has. Times over the normalized texts ({e['norm_chars']:,} characters), best of three:",
        "",
        "| what | time | M characters/s | ÷ bare `jieba.lcut` on the same texts |",
        "| --- | --- | --- | --- |",
        row("`make_segmenter(engine=\"rjieba\").words(text)`", e["words_rjieba_s"]),
        row("`make_segmenter(engine=\"jieba\").words(text)`", e["words_jieba_s"]),
        row("bare `jieba.lcut(text)` (HMM on)", e["jieba_norm_s"]),
        row("bare `jieba.lcut(text, HMM=False)`", e["jieba_nohmm_norm_s"]),
        "",
        f"rjieba cuts {e['words_jieba_s'] / e['words_rjieba_s']:.1f}× as fast as the jieba engine here. With each "
        f"engine, `process()` over the decoded texts takes {e['process_rjieba_s']:.2f} s (rjieba) and "
        f"{e['process_jieba_s']:.2f} s (jieba), against {e['jieba_s']:.2f} s for bare `jieba.lcut` on the same "
        f"decoded texts in that process (ratios {e['jieba_s'] / e['process_rjieba_s']:.2f} and "
        f"{e['jieba_s'] / e['process_jieba_s']:.2f}); the resources load in {e['load_rjieba_s']:.2f} s and "
        f"{e['load_jieba_s']:.2f} s.",
        "",
    ]


def _cold(x: Numbers) -> list[str]:
    cold = x.r["cold"]
    return [
        "## Cold start",
        "",
        f"`fengong extract corpus/{COLD_PLAN.name} --out DIR` (a fresh DIR each time) against",
        "`python -c \"import jieba; jieba.lcut(open(F).read())\"` on the same plan, as subprocesses: one warm-up",
        f"run of each (jieba's `/tmp/jieba.cache`, fengong's `~/.cache/fengong`, the file cache), then "
        f"{len(cold['fengong'])} of each, alternating. The package's modules are byte-compiled first, as pip does",
        "on install (where `PYTHONDONTWRITEBYTECODE` is set, an editable install would compile them at every start).",
        "The command imports neither pandas nor a CLI framework, nor spaCy (`tests/test_corpus_tables.py`).",
        "",
        "| | median | min | max | runs |",
        "| --- | --- | --- | --- | --- |",
        f"| `fengong extract` | {x.cold_ours:.2f} s | {min(cold['fengong']):.2f} s | {max(cold['fengong']):.2f} s | "
        f"{', '.join(f'{t:.2f}' for t in cold['fengong'])} |",
        f"| bare jieba | {x.cold_jieba:.2f} s | {min(cold['jieba']):.2f} s | {max(cold['jieba']):.2f} s | "
        f"{', '.join(f'{t:.2f}' for t in cold['jieba'])} |",
        "",
        f"Ratio of the medians: {x.cold:.2f}.",
        "",
        *_imports(x.r.get("cold_imports")),
    ]


def _imports(imports: dict[str, Any] | None) -> list[str]:
    """What the cold start imports (``python -X importtime``), its largest top-level imports."""
    if not imports:
        return []
    rows = [f"| `{name}` | {seconds * 1000:.0f} ms |" for name, seconds in list(imports["top"].items())[:10]]
    return [
        f"`python -X importtime -m pipeline extract PLAN --out DIR --no-excel`: {imports['total_s']:.2f} s of imports "
        f"in all; of the heavy libraries it loads {', '.join(imports['modules']) or 'none'} "
        "(pyarrow, with numpy, for the Parquet files; jieba only to fill the user words' cache on a first run).",
        "",
        "| top-level import | cumulative |",
        "| --- | --- |",
        *rows,
        "",
    ]


def _long(x: Numbers) -> list[str]:
    long = x.r["long"]
    inproc = long.get("in_process") or {}
    steps = inproc.get("steps", {})
    out = [
        "## A plan of over a million characters",
        "",
        f"`corpus/{COLD_PLAN.name}`'s header once, then its text from the first 一、 repeated: "
        f"{long['chars']:,} characters ({long['bytes'] / 1e6:.2f} MB). `fengong extract PLAN --out DIR --jobs 1` "
        f"took {long['wall_s']:.1f} s with a peak RSS of {long['rss_mb']:.0f} MB "
        f"({long['no_excel']['wall_s']:.1f} s and {long['no_excel']['rss_mb']:.0f} MB with `--no-excel`); it "
        f"extracted {long['n_measures']:,} measures and {long['n_assignments']:,} assignment rows "
        f"(status: {', '.join(f'{v} {k}' for k, v in long['status'].items())}).",
        "",
    ]
    if steps:
        out += [
            f"The same run in process, step by step (RSS {inproc['rss_before_mb']:.0f} MB after the imports; "
            f"{inproc['batch_s']:.1f} s; the main process's peak {inproc['peak_mb']:.0f} MB, the workbook's "
            f"writer process's {inproc.get('rss_writer_mb', 0.0):.0f} MB):",
            "",
            "| step | s | RSS after it | peak so far |",
            "| --- | --- | --- | --- |",
        ]
        out += [f"| {label} | {steps[key]['s']:.2f} | {steps[key]['rss_after_mb']:.0f} MB | "
                f"{steps[key]['peak_mb']:.0f} MB |" for key, label in LONG_STEPS if key in steps]  # fmt: skip
        out.append("")
    return out


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
    out += ["", "`plans.xlsx` is written by a process of its own, which cProfile does not follow: its time shows",
            "only where the main process waits for it (its queue full, or its end in \"the rest, at the end\")."]  # fmt: skip
    out += ["", "Self time by module (a partition of the run):", "", "| module | self s | share |",
            "| --- | --- | --- |"]  # fmt: skip
    out += [f"| {mod} | {tt:.2f} | {100 * tt / p['total']:.1f}% |" for mod, tt in p["modules"][:12]]
    out += ["", "The functions with the most self time (a built-in with the caller that spent the most in it):", "",
            "| function | self s | cumulative s | calls |", "| --- | --- | --- | --- |"]  # fmt: skip
    out += [f"| `{name}` | {tt:.2f} | {ct:.2f} | {nc:,} |" for tt, ct, nc, name in p.get("self", [])]
    out += [
        "",
        f"### The per-document work (`process()` alone, {q['total']:.1f} s profiled)",
        "",
        "| stage | cumulative s | share |",
        "| --- | --- | --- |",
    ]
    out += [f"| {label} | {ct:.2f} | {100 * ct / q['total']:.1f}% |" for label, ct in q["stages"] if label[0].isdigit()]
    out += ["", "Self time by module:", "", "| module | self s | share |", "| --- | --- | --- |"]
    out += [f"| {mod} | {tt:.2f} | {100 * tt / q['total']:.1f}% |" for mod, tt in q["modules"][:15]]
    out += ["", "The functions with the most self time:", "", "| function | self s | cumulative s | calls |",
            "| --- | --- | --- | --- |"]  # fmt: skip
    out += [f"| `{name}` | {tt:.2f} | {ct:.2f} | {nc:,} |" for tt, ct, nc, name in q.get("self", [])]
    out += ["", "Top functions by cumulative time, grouped by module:", "",
            "| module | function | cumulative s | self s | calls |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for mod, funcs in q["top"]:
        for k, (ct, tt, nc, name) in enumerate(funcs):
            out.append(f"| {mod if k == 0 else ''} | `{name}` | {ct:.2f} | {tt:.2f} | {nc:,} |")
    return [*out, ""]


def _notes(x: Numbers) -> list[str]:
    """Plain statements of what the numbers mean, derived from the numbers themselves."""
    r, g, b1 = x.r, GOALS, x.batch["1"]
    e = r["engines"]
    out = ["## Reading the numbers", ""]
    q = r.get("profile_process") or {}
    process_s = b1["spent"].get("process", 0.0)
    where = ""
    if q:
        stages = sorted(((ct, label) for label, ct in q["stages"] if label[0].isdigit()), reverse=True)
        top = ", ".join(f"{label[2:]} {100 * ct / q['total']:.0f}%" for ct, label in stages[:3])
        seg = next((ct for label, ct in q["stages"] if label.startswith("3 ")), 0.0)
        funcs = "; ".join(f"`{name}` {100 * tt / q['total']:.0f}%" for tt, _, _, name in q["self"][:3])
        where = (f" In the profile of `process()` the largest stages are {top} (segmentation "
                 f"{100 * seg / q['total']:.0f}%); the functions with the most self time are {funcs}.")  # fmt: skip
    labels = {"load_s": "loading the resources", "write_document": "the per-document files",
              "corpus_close": "the tables at the end", "corpus_add": "adding each document to the combined tables",
              "read_input": "reading the inputs"}  # fmt: skip
    parts = [(b1.get("load_s", 0.0), labels["load_s"])]
    parts += [(b1["spent"].get(k, 0.0), label) for k, label in labels.items() if k != "load_s"]
    outside = ", ".join(f"{label} ({t:.2f} s)" for t, label in sorted(parts, reverse=True)[:3])
    out.append(
        f"* **Throughput ({verdict(x.ratio >= g['ratio'])[2:-2]}; {verdict(x.ratio_n >= g['ratio'])[2:-2]} "
        f"with `--no-excel`).** The command takes {x.cli['1']:.2f} s where bare jieba takes {x.jieba_s:.2f} s. "
        f"Of a jobs-1 run in process ({x.inproc['1']:.2f} s), `process()` is {process_s:.2f} s "
        f"({100 * process_s / x.inproc['1']:.0f}%). Alone on decoded texts `process()` runs at "
        f"{e['jieba_s'] / e['process_rjieba_s']:.2f}× bare jieba, while the rjieba segmenter alone cuts "
        f"{e['jieba_norm_s'] / e['words_rjieba_s']:.1f}× as fast as bare jieba: the time is in the other "
        f"stages.{where} Outside `process()`, the largest parts of the jobs-1 run are {outside}."
    )
    out.append(
        f"* **Speed-up ({verdict(x.speed_ok(x.speedup))[2:-2]}; {verdict(x.speed_ok(x.speedup_n))[2:-2]} with "
        f"`--no-excel`).** Jobs 2 makes the command {x.speedup:.2f}× as fast ({x.speedup_n:.2f}× without the "
        f"workbook) where bare jieba reaches {x.ceiling:.2f}× on this machine. What stays serial: starting the "
        f"command (the same in both), each worker's resource load, and the tables written at the end "
        f"({x.batch['2']['spent'].get('corpus_close', 0.0):.2f} s with jobs 2, "
        f"{x.batch['2n']['spent'].get('corpus_close', 0.0):.2f} s without the workbook); and a jobs-1 run "
        f"already has a second process, the workbook's writer, on the other core. In process, without the "
        f"start, jobs 2 reaches {x.speedup_in:.2f}× ({x.speedup_in_n:.2f}×)."
    )
    out.append(
        f"* **Cold start ({verdict(x.cold <= g['cold'])[2:-2]}).** `fengong extract` on one plan takes "
        f"{x.cold_ours:.2f} s (median) against {x.cold_jieba:.2f} s for importing jieba and cutting the plan "
        f"(ratio {x.cold:.2f}, goal ≤ {g['cold']}). In the batch phase the pipeline's imports take "
        f"{b1['import_s']:.2f} s and its resources {b1['load_s']:.2f} s; jieba's start is mostly loading its "
        "dictionary from its cache."
    )
    out.append(
        f"* **Memory ({verdict(max(x.worker_mb, x.worker_mb_n) < g['worker_mb'])[2:-2]} per worker, "
        f"{verdict(max(x.main_mb, x.main_mb_n) < g['main_mb'])[2:-2]} for a jobs-1 run's main process).** A "
        f"worker holds the imported libraries, the lexicon automata and the rjieba dictionary, plus one document "
        f"({max(x.worker_mb, x.worker_mb_n):.0f} MB at most). The main process holds no rows during a run: it "
        "appends each document's CSV text to the combined files and hands its rows to the workbook's writer "
        "process; at the end it reads each combined CSV back once with pyarrow for the Parquet files, the gaps "
        f"and the panel. With jobs 1 it is also the worker: {x.main_mb:.0f} MB ({x.main_mb_n:.0f} MB with "
        f"`--no-excel`); with jobs 2, {x.batch['2']['rss_self_mb']:.0f} MB."
    )
    long = r["long"]
    inproc = long.get("in_process") or {}
    steps = inproc.get("steps", {})
    if steps:
        jumps = []
        prev = inproc.get("rss_before_mb", 0.0)
        for key, label in LONG_STEPS:
            if key in steps and key != "corpus_close":
                jumps.append((steps[key]["peak_mb"] - prev, label))
                prev = max(prev, steps[key]["peak_mb"])
        big = ", ".join(f"{label} (+{mb:.0f} MB)" for mb, label in sorted(jumps, reverse=True)[:3] if mb > 0)
        slow = sorted(((steps[k]["s"], label) for k, label in LONG_STEPS if k in steps and k != "corpus_close"),
                      reverse=True)[:3]  # fmt: skip
        out.append(
            f"* **The long plan ({verdict(x.long_mb < g['long_mb'])[2:-2]}; "
            f"{verdict(long['no_excel']['rss_mb'] < g['long_mb'])[2:-2]} with `--no-excel`).** One document of "
            f"{long['chars']:,} characters peaks at {x.long_mb:.0f} MB ({long['no_excel']['rss_mb']:.0f} MB "
            f"without the workbook; in process the main process peaks at {inproc['peak_mb']:.0f} MB and the "
            f"workbook's writer at {inproc.get('rss_writer_mb', 0.0):.0f} MB). The steps that raise the main "
            f"process's peak most: {big}. The slowest: {', '.join(f'{lb} ({t:.1f} s)' for t, lb in slow)}."
        )
    return [*out, ""]
