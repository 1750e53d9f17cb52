"""The Markdown of ``docs/benchmarks.md``: goals, throughput, scaling, memory, cold start and
where the time goes, from the numbers ``run.py`` collects. Every sentence is derived from them."""

from __future__ import annotations

import pstats
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COLD_PLAN = ROOT / "corpus" / "2013-quality-action-plan.txt"
RUNS = 3  # runs of each batch configuration; the fastest counts
GOALS = {"ratio": 0.8, "speedup": 1.7, "rss_mb": 400.0, "cold_s": 2.0}
DISTURBED = 1.15  # rounds of one configuration further apart than this: the machine was busy
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
    ("batch.py", "_sheets", "plans.xlsx rows rendered (by the worker)"),
    ("corpus.py", "add", "combined tables: rows added as documents arrive"),
    ("workbook.py", "add", "  of which plans.xlsx rows numbered and appended"),
    ("corpus.py", "close", "combined tables: the rest, at the end"),
    ("corpus.py", "_write_corpus_tables", "  of which Parquet, documents, gaps, panel, manifest"),
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


def _rounds_table(rounds: list[dict[str, float]]) -> list[str]:
    """Every round's wall times and speed-ups: how much a shared machine moves the numbers."""
    if not rounds:
        return []
    lines = [
        "Each round, in the order run (wall seconds, jobs 1 with its resource load; the ceiling is",
        "measured at the end of the round, under the same load):",
        "",
        "| round | jobs 1 | jobs 2 | speed-up | jobs 1, `--no-excel` | jobs 2, `--no-excel` | speed-up | ceiling |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for k, t in enumerate(rounds, 1):
        lines.append(
            f"| {k} | {t['batch1']:.1f} | {t['batch2']:.1f} | {t['batch1'] / t['batch2']:.2f}× | "
            f"{t['batch1n']:.1f} | {t['batch2n']:.1f} | {t['batch1n'] / t['batch2n']:.2f}× | "
            f"{t['one_s'] / t['two_s']:.2f}× |"
        )
    lines.append("")
    ones = [t["batch1"] for t in rounds]
    ceilings = [t["one_s"] / t["two_s"] for t in rounds]
    signs = []
    if max(ones) > DISTURBED * min(ones):
        signs.append(f"the same jobs-1 run took {min(ones):.1f} to {max(ones):.1f} s over the rounds")
    if max(ceilings) > 2:
        signs.append(f"two processes ran bare jieba up to {max(ceilings):.2f}× as fast as one, more than two "
                     "cores can")  # fmt: skip
    if signs:
        lines += [
            f"**This run was disturbed:** {' and '.join(signs)}. A neighbour on the machine slowed some "
            "runs. The speed-ups above pair the fastest runs; compare them with a rerun before drawing "
            "conclusions.",
            "",
        ]
    return lines


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
        "fresh interpreters; the fastest run counts.",
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
        f"| `plans.xlsx` rows rendered as XML (in the worker) | {b1['render_excel_s']:.1f} s | — |",
        f"| … numbered and appended to the workbook as each document arrives (main process) | "
        f"{b1['write_excel_s']:.1f} s | — |",
        f"| the tables written at the end (Parquet, documents, gaps, panel, manifest; closing the workbook) | "
        f"{b1['corpus_close_s']:.1f} s | {n1['corpus_close_s']:.1f} s |",
        f"| … of which closing the workbook (compressing its sheets; in a thread, beside the rest) | "
        f"{b1['close_excel_s']:.1f} s | — |",
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
        f"{ceiling:.2f}× as fast in two processes as in one (the fastest of every round's best of three: "
        f"{r['ceiling']['one_s']:.2f} s and {r['ceiling']['two_s']:.2f} s). That is the ceiling two processes "
        "reach here.",
        "",
        *_rounds_table(r.get("rounds", [])),
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
    out += ["", "Closing `plans.xlsx` runs in a thread beside the other tables at the end; cProfile does not",
            "follow threads, so its time shows only as the main thread waiting for it in \"the rest, at the end\"."]  # fmt: skip
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
    xlsx = b1["render_excel_s"] + b1["write_excel_s"] + b1["close_excel_s"]
    bound = (one - b1["corpus_close_s"]) / 2 + b1["corpus_close_s"]  # Amdahl: the end stays serial
    share_xlsx = xlsx / one
    seg = next((ct for label, ct in (r.get("profile_process") or {}).get("stages", []) if label.startswith("3 ")), None)
    total = (r.get("profile_process") or {}).get("total")
    out = ["## Reading the numbers", ""]
    seg_share = f" (segmentation is {100 * seg / total:.0f}% of its profile)" if seg and total else ""
    out.append(
        f"* **Throughput vs jieba ({'met' if ratio >= GOALS['ratio'] else 'not met'}).** "
        f"`plans.xlsx` takes {100 * share_xlsx:.0f}% of a default jobs-1 run ({xlsx:.1f} s: rendering "
        f"its rows, appending them and compressing about two million cells of XML). Without any file, "
        f"`process()` runs at {b1['jieba_s'] / b1['process_s']:.2f}× "
        f"bare jieba{seg_share}: jieba itself (with the lexicon as user words), building the spaCy Doc, "
        "then normalize, structure, detect and assign, all in Python."
    )
    out.append(
        f"* **Speed-up ({'met' if speedup >= GOALS['speedup'] else 'not met'}; "
        f"{'met' if speedup_n >= GOALS['speedup'] else 'not met'} with `--no-excel`).** The main process "
        "adds each document to the combined CSVs and the workbook as it arrives, in input order, while "
        "the workers go on; the workers render the workbook's rows, so the main process only numbers "
        f"and appends them ({b1['write_excel_s']:.1f} s for the corpus). What stays serial is the end: "
        f"the tables that need the whole corpus, and finishing the workbook ({b1['close_excel_s']:.1f} s, "
        "most of it zlib compressing about 120 MB of sheet XML), in a thread beside them "
        f"({b2['corpus_close_s']:.1f} s in all with jobs 2). That end bounds the speed-up: were all "
        f"the rest of a jobs-1 run ({one - b1['corpus_close_s']:.1f} s) perfectly parallel, jobs 2 "
        f"would take {bound:.1f} s, {one / bound:.2f}× as fast. Without the workbook, jobs 2 reaches "
        f"{speedup_n:.2f}× where bare jieba, "
        f"perfectly parallel, reaches {ceiling:.2f}× on this machine; the rest is serial at both ends: "
        f"loading the resources ({b1['load_s']:.2f} s, once per worker, in parallel) and the tables "
        f"written at the end ({r['batch2n']['corpus_close_s']:.1f} s)."
    )
    if "cpu_self_s" in b2:
        n1, n2 = r["batch1n"], r["batch2n"]
        cpu1, cpu1n = b1["cpu_self_s"] + b1["load_s"], n1["cpu_self_s"] + n1["load_s"]  # its load, as a worker's
        cpu2, cpu2n = b2["cpu_self_s"] + b2["cpu_children_s"], n2["cpu_self_s"] + n2["cpu_children_s"]
        one_n = n1["load_s"] + n1["batch_s"]
        out.append(
            f"* **The work a parallel run adds.** Jobs 2 used {cpu2:.1f} s of CPU in all (main process "
            f"{b2['cpu_self_s']:.1f} s, workers {b2['cpu_children_s']:.1f} s) where jobs 1 used {cpu1:.1f} s "
            f"({cpu2n:.1f} s against {cpu1n:.1f} s with `--no-excel`): each worker loads the resources, "
            "every document's rows are pickled to the main process, and two busy processes on two virtual "
            f"cores slow each other. On two cores that work takes at least {cpu2 / 2:.1f} s "
            f"({cpu2n / 2:.1f} s), a speed-up of at most {one / (cpu2 / 2):.2f}× ({one_n / (cpu2n / 2):.2f}×)."
        )
    out.append(
        f"* **Memory ({'met' if rss < GOALS['rss_mb'] else 'not met'} per worker).** A worker holds the "
        f"imported libraries (spaCy, pandas with pyarrow: about 190 MB), jieba's dictionary, the spaCy "
        f"pipeline and the lexicon automata, plus one document ({rss:.0f} MB at most). During a run the "
        "main process holds no rows: it appends each document's CSV text to the combined files (and its "
        "rendered rows to the workbook's sheet files on disk). At the end it reads each combined CSV "
        "back once with pyarrow, writes it as Parquet and keeps only the columns the gaps and the panel "
        f"need; that is its peak ({b2['rss_self_mb']:.0f} MB with jobs 2). With jobs 1 the one process is "
        f"worker and writer at once ({b1['rss_self_mb']:.0f} MB)."
    )
    out.append(
        f"* **Cold start ({'met' if cold < GOALS['cold_s'] else 'not met'}).** Most of it is importing "
        "spaCy and pandas and reading jieba's prefix dictionary, with the lexicon's words already added, "
        "from `~/.cache/fengong` (`marshal.loads` over the file's bytes, about 0.25 s; jieba's own "
        "`marshal.load` from the file object took 0.6 s); the plan itself takes a few tens of milliseconds."
    )
    return [*out, ""]
