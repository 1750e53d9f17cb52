"""A plan of over 1,100,000 characters: ``fengong extract`` on it (peak RSS and time, with and without
the workbook), the same run in process with each step's time and memory (the long phase), and the
page's section on it."""

from __future__ import annotations

import resource
import shutil
from pathlib import Path
from typing import Any

from corpora import long_plan
from extract_command import extract
from in_process import watched_batch
from memory import rss_mb, rss_now_mb
from paths import PLAN_2013
from phases import run_phase
from timers import traced

# The in-process steps of the long plan's run (phase) → label, in call order.
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


def phase(path: Path, out: Path) -> dict[str, Any]:
    """``run_batch`` on the plan ``path`` into ``out``, in this process: each step's time and memory.

    Returns:
        ``batch_s``, ``rss_before_mb`` (after the imports), ``steps`` (by :func:`timers.traced`, in
        call order), the main process's ``peak_mb``, the workbook writer's and the largest child's.
    """
    from pipeline.io.workbook import WorkbookStream
    from pipeline.run import document, folders, worker
    from pipeline.run.corpus import CorpusWriter

    log: dict[str, dict[str, float]] = {}
    base = rss_now_mb()
    for name in ("load_resources", "read_input", "csv_lines"):
        traced(worker, name, log)
    traced(folders, "write_document", log)  # the one document's folder, written in place
    for name in ("normalize", "structure", "segment", "detect", "assign", "measure_rows", "assignment_rows"):
        traced(document, name, log)
    traced(CorpusWriter, "add", log, "corpus_add")
    traced(CorpusWriter, "_write_corpus_tables", log, "corpus_tables")
    traced(WorkbookStream, "close", log, "book_close")
    traced(CorpusWriter, "close", log, "corpus_close")
    run = watched_batch([str(path)], worker.RunOptions(out=out, jobs=1, force=True, quiet=True))
    return {"batch_s": run.seconds, "rss_before_mb": base, "steps": log,
            "peak_mb": rss_mb(resource.RUSAGE_SELF), "rss_writer_mb": run.children.largest(writer=True),
            "rss_children_mb": rss_mb(resource.RUSAGE_CHILDREN)}  # fmt: skip


def measure(work: Path) -> dict[str, Any]:
    """``fengong extract`` (every default table) on a plan of over 1,100,000 characters written in ``work``.

    Returns:
        The plan's ``chars`` and ``bytes``, :func:`extract_command.extract`'s numbers with the workbook,
        ``no_excel`` those without, and ``in_process`` the long phase's.
    """
    path = work / "long-plan.txt"
    result: dict[str, Any] = {"chars": long_plan(path), "bytes": path.stat().st_size}
    result.update(extract(work / "long", 1, True, path))
    result["no_excel"] = extract(work / "long", 1, False, path)
    result["in_process"] = run_phase("long", str(path), str(work / "long"))  # where the time and memory go
    shutil.rmtree(work / "long", ignore_errors=True)
    path.unlink()
    return result


def report_lines(r: dict[str, Any]) -> list[str]:
    """The section of docs/benchmarks.md on the long plan, from a bench run's numbers ``r``."""
    long = r["long"]
    inproc = long.get("in_process") or {}
    steps = inproc.get("steps", {})
    out = [
        "## A plan of over a million characters",
        "",
        f"`corpus/{PLAN_2013.name}`'s header once, then its text from the first 一、 repeated: "
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
