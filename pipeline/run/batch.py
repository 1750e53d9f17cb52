"""Running many inputs: collect files, process them (in worker processes), keep a manifest.

A failing input never costs the others: it is recorded in the manifest with status
``error`` and a one-line reason. Results are gathered in input order, so the output is
the same whatever the number of workers. A rerun skips an input whose sha256, pipeline
version and lexicon version match its existing ``document.json`` (``force`` redoes it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..errors import FengongError
from ..io.corpus_tables import RowTable
from ..io.inputs import Job, collect
from ..io.outdir import clean, document_folders
from ..io.tables import (
    COUNT_FIELDS,
    MANIFEST_COLUMNS,
)
from ..review.corrections import run_report, write_reports
from ..run.corpus import CorpusWriter
from ..run.folders import usable_cores, writer_kind
from ..run.rerun import input_hashes, run_state, save_state, unchanged_manifest
from ..run.worker import Outcome, RunOptions, kept_outcome, prepare_worker, run_one

if TYPE_CHECKING:
    import pandas as pd


def _run_star(args: tuple[Job, RunOptions]) -> Outcome:
    return run_one(*args)


def _in_this_process(jobs: list[Job], opts: RunOptions) -> bool:
    """Whether the documents are processed by this process (one worker, or one input), not by workers."""
    return opts.executor != "dask" and (opts.jobs <= 1 or len(jobs) <= 1)


def outcomes(jobs: list[Job], opts: RunOptions) -> Iterator[Outcome]:
    """Process ``jobs`` with ``opts.jobs`` workers, yielding outcomes in input order."""
    if opts.executor == "dask":
        from ..run.distributed import dask_outcomes

        yield from dask_outcomes(jobs, opts)
        return
    if _in_this_process(jobs, opts):
        if len(jobs) > 1:  # one document gains nothing, and its cold start would pay the collection
            prepare_worker(opts.lexicon_dir, opts.segmenter, opts.own_process)
        for job in jobs:
            yield run_one(job, opts)
        return
    worker_opts = replace(opts, own_process=True)  # a worker process is the batch's own
    with ProcessPoolExecutor(max_workers=opts.jobs, initializer=prepare_worker,
                             initargs=(opts.lexicon_dir, opts.segmenter, True)) as pool:  # fmt: skip
        yield from pool.map(_run_star, [(job, worker_opts) for job in jobs], chunksize=1)


@dataclass
class _Ledger:
    """What a run keeps of each outcome once its document is in the tables: not the document, which
    the tables hold now (so memory does not grow by a record a document), only its manifest row, the
    sha256 of the document it made or kept, and, for the report of a run with ``--corrections``, the
    outcome without its tables and record."""

    rows: list[tuple] = field(default_factory=list)
    made: dict[str, str] = field(default_factory=dict)  # doc_id → sha256 of each document now in the folder
    outcomes: list[Outcome] | None = None  # kept only for the corrections report

    def add(self, outcome: Outcome, corpus: CorpusWriter) -> None:
        """Add ``outcome``'s document to the tables (``corpus``, in input order) and note the rest."""
        if outcome.document:
            corpus.add(outcome)
            self.made[outcome.doc_id] = outcome.sha256
        self.rows.append(_manifest_row(outcome))
        if self.outcomes is not None:
            outcome.measures = outcome.assignments = outcome.document = None
            outcome.measures_csv = outcome.assignments_csv = ""
            self.outcomes.append(outcome)


def _collect_outcomes(jobs: list[Job], opts: RunOptions, corpus: CorpusWriter, show: bool) -> _Ledger:
    """Gather the outcomes in input order, reporting errors and adding documents as they come."""
    ledger = _Ledger(outcomes=[] if opts.corrections is not None else None)
    bar = None
    if show:  # imported only then: tqdm is a fiftieth of a one-plan run's start
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), unit="doc", file=sys.stderr)
    for outcome in outcomes(jobs, opts):
        ledger.add(outcome, corpus)
        if outcome.status == "error":
            print(outcome.message.splitlines()[0] if not opts.debug else outcome.message,
                  file=sys.stderr)  # fmt: skip
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return ledger


def _add_kept(opts: RunOptions, doc_ids: list[str], corpus: CorpusWriter, ledger: _Ledger) -> None:
    """Add the documents of earlier runs to the tables and to ``ledger``, in doc_id order."""
    for doc_id in doc_ids:
        outcome = kept_outcome(opts.out, doc_id, opts.excel)
        if outcome is not None:
            ledger.add(outcome, corpus)


def run_batch(paths: list[str], opts: RunOptions) -> pd.DataFrame:
    """Process every input under ``paths`` into ``opts.out``; return the manifest.

    The tables and the manifest cover every document folder of ``opts.out``: this run's
    inputs, then those of earlier runs (:mod:`pipeline.io.outdir`). An input that fails costs
    only itself: it is a manifest row with status ``error`` and a one-line message.

    Args:
        paths: files and folders (searched recursively).
        opts: the run's options (:class:`RunOptions`).
    Returns:
        The manifest, one row per input (columns ``MANIFEST_COLUMNS`` of
        :mod:`pipeline.io.tables`), also written as ``manifest.csv``.
    """
    return run_inputs(paths, opts).to_frame()


def run_inputs(paths: list[str], opts: RunOptions) -> RowTable:
    """:func:`run_batch`, its manifest as rows: what the command runs (it imports no pandas)."""
    if opts.clean:
        clean(opts.out, paths)
    jobs = collect(paths)
    opts = _without_large_workbook(opts, sum(job.is_document for job in jobs))
    if opts.jobs <= 0:  # once the workbook is settled: its writer takes a core
        opts = replace(opts, jobs=default_jobs(opts.excel))
    opts.out.mkdir(parents=True, exist_ok=True)
    inputs = {job.doc_id for job in jobs if job.is_document}
    earlier = [doc_id for doc_id in document_folders(opts.out) if doc_id not in inputs]
    show = not opts.quiet and sys.stderr.isatty()
    hashes = input_hashes(jobs)
    try:
        same = unchanged_manifest(opts.out, run_state(jobs, earlier, opts, hashes))
    except FengongError:  # a lexicon fault: every input reports it below
        same = None
    if same is not None:
        for row in same.records():  # a bad input is still named, as in the run that met it
            if row["status"] == "error":
                print(str(row["message"]).splitlines()[0], file=sys.stderr)
        if not opts.quiet:
            print(f"nothing changed since the last run into {opts.out}: its tables are left as they are "
                  "(--force makes them again)", file=sys.stderr)  # fmt: skip
        return same
    # The combined tables are filled while the documents arrive: their writing overlaps the workers'.
    # The workbook's writer process keeps a core busy, as a worker does.
    documents = sum(job.is_document for job in jobs)
    folders = writer_kind(documents, opts.jobs + (1 if "xlsx" in opts.formats else 0))
    corpus = CorpusWriter(opts.out, opts.formats, folders, documents + len(earlier))
    if folders == "process" and _in_this_process(jobs, opts):
        opts = replace(opts, render_csv=False)  # the only worker is this process: the writer renders the CSVs
    try:
        ledger = _collect_outcomes(jobs, opts, corpus, show)
        _add_kept(opts, earlier, corpus, ledger)
        manifest = RowTable(MANIFEST_COLUMNS, ledger.rows)
        corpus.close(manifest)
    except BaseException:
        corpus.abort()
        raise
    write_reports(opts.out, run_report(opts.corrections, ledger.outcomes or []), opts.corrections_file, opts.quiet)
    save_state(opts.out, run_state(jobs, earlier, opts, hashes, ledger.made))
    return manifest


def _without_large_workbook(opts: RunOptions, documents: int) -> RunOptions:
    """``opts`` without plans.xlsx when a run asked for no workbook explicitly and has more than
    ``opts.workbook_limit`` documents: writing it then costs more than the rest of the run
    (docs/benchmarks.md), so it becomes a choice, said in one line."""
    if opts.workbook_limit is None or not opts.excel or documents <= opts.workbook_limit:
        return opts
    if not opts.quiet:
        print(f"plans.xlsx is not written for {documents} documents (by default only up to {opts.workbook_limit}): "
              "--excel writes it, at about 2 to 35 ms more a document (docs/benchmarks.md)", file=sys.stderr)  # fmt: skip
    return replace(opts, formats=tuple(f for f in opts.formats if f != "xlsx"), excel=False)


def _manifest_row(outcome: Outcome) -> tuple:
    """An outcome's manifest row; the counts are empty for an input with no document."""
    document = outcome.document or {}
    counts = [document.get(k, "") for k in ("n_measures", "n_assignments", *COUNT_FIELDS)]
    return (outcome.source, outcome.doc_id, outcome.status, outcome.message, outcome.sha256, *counts)


def default_jobs(workbook: bool = False) -> int:
    """Worker processes for ``--jobs 0``: one per core this process may use.

    Args:
        workbook: whether the run writes ``plans.xlsx``, whose writer process keeps a core
            busy for most of a run; it then gets one of the cores (on two cores a second worker
            only took time from it: the run was slower than with one).
    Returns:
        The number of workers, at least one.
    """
    return max(1, usable_cores() - (1 if workbook else 0))
