"""Issue 13's goals: the numbers every section derives from a bench run (:class:`Numbers`), the goals
table, and the plain statements of what the numbers mean ("Reading the numbers")."""

from __future__ import annotations

from typing import Any

from cold_start import medians
from goals import ISSUE13 as GOALS
from goals import verdict
from in_process import batch_seconds
from long_plan import LONG_STEPS


class Numbers:
    """The derived numbers of a bench run's numbers ``r`` that the sections of issue 13 use."""

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
        self.inproc = {k: batch_seconds(b[k]) for k in b}
        self.speedup_in = self.inproc["1"] / self.inproc["2"]
        self.speedup_in_n = self.inproc["1n"] / self.inproc["2n"]
        rounds = r.get("rounds", [])
        # Peak RSS: the largest over every round (memory does not get better with a quiet machine).
        self.worker_mb = max(t[f"batch{k}_workers_mb"] for t in rounds for k in ("2",))
        self.worker_mb_n = max(t[f"batch{k}_workers_mb"] for t in rounds for k in ("2n",))
        self.main_mb = max(t["batch1_rss_mb"] for t in rounds)
        self.main_mb_n = max(t["batch1n_rss_mb"] for t in rounds)
        self.cmd_mb = {k: max(t[f"cli{k}_rss_mb"] for t in rounds) for k in ("1", "2", "1n", "2n")}
        self.cold_ours, self.cold_jieba, self.cold = medians(r["cold"])
        self.long_mb = r["long"]["rss_mb"]

    def speed_ok(self, speedup: float) -> bool:
        """The jobs-2 goal: 90% of the ceiling, and 1.7× where the ceiling is 1.9 or more."""
        g = GOALS
        return speedup >= g["of_ceiling"] * self.ceiling and (self.ceiling < g["high_ceiling"] or speedup >= g["speedup"])

    def rate(self, seconds: float) -> str:
        """time | documents/s | MB/s | throughput ÷ bare jieba's."""
        return f"{seconds:.2f} s | {self.n / seconds:.1f} | {self.mb / seconds:.3f} | {self.jieba_s / seconds:.2f}"


def goals_lines(x: Numbers) -> list[str]:
    """The goals of issue 13 (docs/benchmarks.md): a table of each, and the same batches in process."""
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


def notes_lines(x: Numbers) -> list[str]:
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
    labels = {"load_s": "loading the resources", "write_document": "handing the per-document files to their writer",
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
