"""The throughput and scaling sections of docs/benchmarks.md (issue 13): each configuration's time,
documents and MB a second, where a jobs-1 run's time goes, each process's CPU time and peak RSS, and
every round's times with the signs of a disturbed run."""

from __future__ import annotations

from typing import Any

from issue13_goals import Numbers

DISTURBED = 1.15  # rounds of one configuration further apart than this: the machine was busy
LOW_CEILING = 1.2  # on two cores: two processes of bare jieba less than this much faster than one, a core was busy


def throughput_lines(x: Numbers) -> list[str]:
    """The Throughput section: every configuration's rate, and where a jobs-1 run's time goes."""
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
        f"| the per-document files (handing them to their writer process) | {part(b1, 'write_document'):.2f} s | {part(b1n, 'write_document'):.2f} s |",
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


def scaling_lines(x: Numbers) -> list[str]:
    """The Scaling and memory section: each configuration's times, CPU and peaks, and every round's."""
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
