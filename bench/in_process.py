"""The pipeline in process, where a run's time goes: ``run_batch`` over the bench corpus with each part
timed (the batch phase), ``run_batch`` watched (time, CPU, the children's peaks), and ``process()``
over decoded texts."""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any, NamedTuple

from memory import ChildPeaks, rss_mb
from paths import CORPUS
from timers import cpu_s, timed


class WatchedRun(NamedTuple):
    """What :func:`watched_batch` saw."""

    manifest: Any  # run_batch's manifest
    seconds: float  # its wall time
    cpu_self_s: float  # the main process's CPU time during it
    children: ChildPeaks  # the peak RSS of each child process


def watched_batch(inputs: list[str], opts: Any) -> WatchedRun:
    """``run_batch(inputs, opts)`` in this process, timed, its child processes' peaks sampled.

    Args:
        inputs: files and folders, as the command takes them.
        opts: the run's ``pipeline.run.worker.RunOptions``.
    """
    from pipeline.io.workbook import WorkbookStream
    from pipeline.run import batch

    children = ChildPeaks()
    children.watch_writer(WorkbookStream)
    cpu = cpu_s(resource.RUSAGE_SELF)
    t = time.perf_counter()
    with children:
        manifest = batch.run_batch(inputs, opts)
    seconds = time.perf_counter() - t
    return WatchedRun(manifest, seconds, cpu_s(resource.RUSAGE_SELF) - cpu, children)


def process_each(decoded: list[Any], res: Any) -> None:
    """``process()`` over every text, each result dropped as a worker drops it once sent.

    Keeping all 400 results alive would make every full garbage collection walk them all
    again, a cost no run pays.

    Args:
        decoded: the decoded texts.
        res: the loaded resources (``pipeline.run.document.load_resources``).
    """
    from pipeline.run.document import process

    for doc in decoded:
        process(doc, res)


def batch_seconds(result: dict[str, Any]) -> float:
    """An in-process batch's time (:func:`phase`'s ``result``), its one resource load (jobs 1, timed apart) included."""
    return result["batch_s"] + result.get("load_s", 0.0)


def phase(jobs: int, out: Path, excel: bool) -> dict[str, Any]:
    """``run_batch`` over the bench corpus with ``jobs`` workers into ``out``, in this process, its parts timed.

    Returns:
        The imports' and (jobs 1) the resources' seconds, the batch's, each step's (``spent``), CPU
        times, the peak RSS of the main process, of the largest worker and of the workbook's writer,
        the manifest's statuses and the rows extracted.
    """
    t0 = time.perf_counter()
    from pipeline.io.workbook import WorkbookStream
    from pipeline.run import batch, corpus, worker  # noqa: F401  (batch: its import timed too)
    from pipeline.run.corpus import CorpusWriter
    from pipeline.run.folders import FolderWriter
    from pipeline.run.resources import load_resources

    result: dict[str, Any] = {"jobs": jobs, "excel": excel, "import_s": time.perf_counter() - t0}
    if jobs == 1:  # the worker is this process: its load is timed apart (the run counts it)
        t = time.perf_counter()
        load_resources()
        result["load_s"] = time.perf_counter() - t
    spent: dict[str, float] = {}
    # The worker's steps run in this process only with jobs 1 (with jobs 2, in the workers).
    timed(worker, "read_input", spent)
    timed(worker, "process", spent)
    # the per-document folders: handed to their writer process (written in place for one document)
    timed(FolderWriter, "write", spent, "write_document")
    timed(CorpusWriter, "add", spent, "corpus_add")  # each document appended as it arrives
    timed(CorpusWriter, "close", spent, "corpus_close")  # the tables at the end, workbook included
    timed(CorpusWriter, "_write_corpus_tables", spent, "corpus_tables")  # … Parquet, documents, gaps, panel
    timed(WorkbookStream, "add", spent, "book_add")  # rows handed to the workbook's writer process
    timed(WorkbookStream, "close", spent, "book_close")  # waiting for it to finish (a thread of close)
    opts = worker.RunOptions(out=out, jobs=jobs, force=True, quiet=True, excel=excel)
    run = watched_batch([str(CORPUS)], opts)
    result["batch_s"] = run.seconds
    result["rss_workers_mb"] = run.children.largest(writer=False)  # sampled: the largest worker process
    result["rss_writer_mb"] = run.children.largest(writer=True)  # sampled: plans.xlsx's writer process
    result["cpu_self_s"] = run.cpu_self_s  # the main process's CPU time
    result["cpu_children_s"] = cpu_s(resource.RUSAGE_CHILDREN)  # the workers', reaped at the end
    result["spent"] = spent
    result["rss_self_mb"] = rss_mb(resource.RUSAGE_SELF)
    result["rss_children_mb"] = rss_mb(resource.RUSAGE_CHILDREN)  # the largest child, whichever
    manifest = run.manifest
    result["status"] = manifest["status"].value_counts().to_dict()
    ok = manifest[manifest["status"] == "ok"]
    result["n_measures"] = int(ok["n_measures"].astype(int).sum())
    result["n_assignments"] = int(ok["n_assignments"].astype(int).sum())
    return result
