"""Running many inputs: collect files, process them (in worker processes), keep a manifest.

A failing input never costs the others: it is recorded in the manifest with status
``error`` and a one-line reason. Results are gathered in input order, so the output is
the same whatever the number of workers. A rerun skips an input whose sha256, pipeline
version and lexicon version match its existing ``document.json`` (``force`` redoes it).
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corpus import CorpusWriter
from .corrections import correct_document, run_report, write_reports
from .emit import (
    ASSIGNMENT_COLUMNS,
    COUNT_FIELDS,
    MANIFEST_COLUMNS,
    MEASURE_COLUMNS,
    Row,
    csv_lines,
    rows_of_csv,
    write_document,
)
from .errors import FengongError
from .inputs import Job, collect
from .out_formats import DEFAULT_FORMATS, with_excel
from .outdir import clean, document_folders, drop_document, read_record, read_table
from .readers import DEFAULT_MAX_BYTES, read_input
from .run import load_resources, process
from .workbook import SheetRows, render_rows


@dataclass
class Outcome:
    """What became of one input."""

    source: str
    doc_id: str
    status: str
    message: str = ""
    sha256: str = ""
    measures: SheetRows | None = None  # the per-document tables' rows, rendered for the workbook
    assignments: SheetRows | None = None
    document: dict | None = None
    measures_csv: str = ""  # the same rows as CSV text, rendered once for every file
    assignments_csv: str = ""
    corrections: list[Row] | None = None  # the report of this document's corrections (pipeline/corrections.py)


@dataclass
class RunOptions:
    """Options of a batch run."""

    out: Path
    jobs: int = 1
    force: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    debug: bool = False
    quiet: bool = False
    lexicon_dir: str | None = None
    executor: str = "process"
    scheduler: str | None = None
    excel: bool = True  # False: leave xlsx out of ``formats`` (``--no-excel``)
    year: int | None = None  # the year of an input whose header shows none (``extract --year``)
    clean: bool = False  # empty ``out`` first (``extract --clean``)
    corrections: dict[str, list] | None = None  # a filled review's corrections by sha256 (``--corrections``)
    corrections_file: str = ""  # the review they come from, for the terminal
    formats: tuple[str, ...] = DEFAULT_FORMATS  # of the combined tables (``extract --formats``)

    def __post_init__(self) -> None:
        """Make ``excel`` and ``formats`` agree: ``excel=False`` removes xlsx from the formats."""
        self.formats = with_excel(tuple(self.formats), None if self.excel else False)
        self.excel = "xlsx" in self.formats


def _unchanged(opts: RunOptions, earlier: dict | None, job: Job, sha: str, versions: tuple[str, str]) -> bool:
    """Whether the folder holds this input's document as this version makes it (same bytes, same format)."""
    if opts.force or earlier is None or Path(str(earlier.get("source"))).suffix.lower() != Path(job.source).suffix.lower():
        return False
    if (opts.corrections and sha in opts.corrections) or "n_corrections" in earlier:  # corrected: made again
        return False
    # An undated document made without --year, or with another one, is made again with this one.
    if opts.year is not None and not earlier.get("date") and earlier.get("year") != opts.year:
        return False
    return (earlier.get("sha256"), earlier.get("pipeline_version"), earlier.get("lexicon_version")) == (sha, *versions)


def _tables(folder: Path, excel: bool) -> tuple[SheetRows | None, SheetRows | None, str, str]:
    """A document folder's tables as the workbook's rows and as CSV text, in today's columns."""
    m_csv = read_table(folder / "measures.csv", MEASURE_COLUMNS)
    a_csv = read_table(folder / "assignments.csv", ASSIGNMENT_COLUMNS)
    return (*_sheets((rows_of_csv(m_csv), rows_of_csv(a_csv)) if excel else None), m_csv, a_csv)


def _replaces(earlier: dict | None, job: Job, sha: str) -> str:
    """The message of an input whose doc_id held another file's document until now."""
    if earlier is None or earlier.get("sha256") == sha or earlier.get("source") in (None, job.source):
        return ""
    return f"replaces the document of {earlier['source']} (same doc_id)"


def run_one(job: Job, opts: RunOptions) -> Outcome:
    """Process one input and write its per-document files; expected faults become an outcome.

    An input that fails here has its earlier per-document files removed (see :mod:`.outdir`).
    """
    if job.skip:
        return Outcome(job.source, job.doc_id, "skipped", job.skip)
    if job.error:
        return Outcome(job.source, job.doc_id, "error", job.error)
    try:
        res = load_resources(opts.lexicon_dir)
        decoded = read_input(job.source, opts.max_bytes, job.doc_id)
        earlier = read_record(opts.out / job.doc_id)
        if _unchanged(opts, earlier, job, decoded.sha256, res.versions):
            m_rows, a_rows, m_csv, a_csv = _tables(opts.out / job.doc_id, opts.excel)
            return Outcome(job.source, job.doc_id, "skipped", "unchanged since the last run",
                           decoded.sha256, m_rows, a_rows, earlier, m_csv, a_csv)  # fmt: skip
        result = process(decoded, res, year=opts.year)
        m, a, record, report = result.measure_rows, result.assignment_rows, result.document, None
        if opts.corrections and decoded.sha256 in opts.corrections:
            m, a, record, report = correct_document(m, a, record, opts.corrections[decoded.sha256], res.lexicon)
        m_csv, a_csv = csv_lines(m), csv_lines(a)
        write_document(opts.out, m_csv, a_csv, record)
        sheets = _sheets((m, a) if opts.excel else None)
        message = _replaces(earlier, job, decoded.sha256)
        return Outcome(job.source, job.doc_id, "ok", message, decoded.sha256, *sheets, record, m_csv, a_csv, report)
    except FengongError as err:
        drop_document(opts.out, job.doc_id)
        return Outcome(job.source, job.doc_id, "error", err.line())
    except Exception as err:  # an unexpected fault still costs only this input
        drop_document(opts.out, job.doc_id)
        detail = traceback.format_exc() if opts.debug else f"{type(err).__name__}: {err}"
        return Outcome(job.source, job.doc_id, "error", f"{job.source}: [E999] internal error: {detail}")


def kept_outcome(out: Path, doc_id: str, excel: bool) -> Outcome | None:
    """A document of an earlier run that is not an input of this one, re-read from its folder."""
    folder = out / doc_id
    record = read_record(folder)
    if record is None or not (folder / "measures.csv").is_file() or not (folder / "assignments.csv").is_file():
        return None
    m_rows, a_rows, m_csv, a_csv = _tables(folder, excel)
    return Outcome(str(record.get("source", "")), doc_id, "kept", "from an earlier run; not an input of this one",
                   str(record.get("sha256", "")), m_rows, a_rows, record, m_csv, a_csv)  # fmt: skip


def _sheets(tables: tuple[list[Row], list[Row]] | None) -> tuple[SheetRows | None, SheetRows | None]:
    """The measures and assignments rendered for the workbook, in the worker: all the per-cell
    work of ``plans.xlsx`` is done in parallel, and the main process only numbers the rows."""
    if tables is None:
        return None, None
    templates: dict = {}
    return render_rows(tables[0], templates), render_rows(tables[1], templates)


def prepare_worker(lexicon_dir: str | None) -> None:
    """Load a worker's resources before its first document and exempt them from GC scans.

    The lexicon automata, jieba's dictionary and the spaCy pipeline are hundreds of thousands
    of long-lived objects; every full collection of the cyclic garbage collector walked them
    all again, about a tenth of the per-document time. Frozen, they are still freed by
    reference counting, only no longer scanned. A lexicon that fails to load is reported by
    each document's :func:`run_one`, so the failure is not raised here.
    """
    try:
        load_resources(lexicon_dir)
    except Exception:  # noqa: BLE001 - reported per input by run_one
        return
    gc.collect()
    gc.freeze()


def _run_star(args: tuple[Job, RunOptions]) -> Outcome:
    return run_one(*args)


def outcomes(jobs: list[Job], opts: RunOptions) -> Iterator[Outcome]:
    """Process ``jobs`` with ``opts.jobs`` workers, yielding outcomes in input order."""
    if opts.executor == "dask":
        from .distributed import dask_outcomes

        yield from dask_outcomes(jobs, opts)
        return
    if opts.jobs <= 1 or len(jobs) <= 1:
        if len(jobs) > 1:  # one document gains nothing, and its cold start would pay the collection
            prepare_worker(opts.lexicon_dir)
        for job in jobs:
            yield run_one(job, opts)
        return
    with ProcessPoolExecutor(max_workers=opts.jobs, initializer=prepare_worker,
                             initargs=(opts.lexicon_dir,)) as pool:  # fmt: skip
        yield from pool.map(_run_star, [(job, opts) for job in jobs], chunksize=1)


def _collect_outcomes(jobs: list[Job], opts: RunOptions, corpus: CorpusWriter, show: bool) -> list[Outcome]:
    """Gather the outcomes in input order, reporting errors and adding documents as they come."""
    from tqdm import tqdm

    results: list[Outcome] = []
    bar = tqdm(total=len(jobs), unit="doc", disable=not show, file=sys.stderr)
    for outcome in outcomes(jobs, opts):
        results.append(outcome)
        if outcome.document:
            corpus.add(outcome)
            outcome.measures = outcome.assignments = None  # written: the manifest needs only the rest
            outcome.measures_csv = outcome.assignments_csv = ""
        if outcome.status == "error":
            print(outcome.message.splitlines()[0] if not opts.debug else outcome.message,
                  file=sys.stderr)  # fmt: skip
        bar.update(1)
    bar.close()
    return results


def _add_kept(opts: RunOptions, doc_ids: list[str], corpus: CorpusWriter) -> list[Outcome]:
    """Add the documents of earlier runs to the tables, in doc_id order."""
    kept = []
    for doc_id in doc_ids:
        outcome = kept_outcome(opts.out, doc_id, opts.excel)
        if outcome is not None:
            corpus.add(outcome)
            outcome.measures = outcome.assignments = None
            outcome.measures_csv = outcome.assignments_csv = ""
            kept.append(outcome)
    return kept


def run_batch(paths: list[str], opts: RunOptions) -> pd.DataFrame:
    """Process every input under ``paths`` into ``opts.out``; return the manifest.

    The tables and the manifest cover every document folder of ``opts.out``: this run's
    inputs, then those of earlier runs (:mod:`.outdir`).
    """
    if opts.clean:
        clean(opts.out, paths)
    jobs = collect(paths)
    opts.out.mkdir(parents=True, exist_ok=True)
    inputs = {job.doc_id for job in jobs if job.is_document}
    earlier = [doc_id for doc_id in document_folders(opts.out) if doc_id not in inputs]
    show = not opts.quiet and sys.stderr.isatty()
    # The combined tables are filled while the documents arrive: their writing overlaps the workers'.
    corpus = CorpusWriter(opts.out, opts.formats)
    try:
        results = _collect_outcomes(jobs, opts, corpus, show)
        results += _add_kept(opts, earlier, corpus)
        manifest = pd.DataFrame([{
            "source": o.source, "doc_id": o.doc_id, "status": o.status, "message": o.message,
            "sha256": o.sha256,
            "n_measures": (o.document or {}).get("n_measures", ""),
            "n_assignments": (o.document or {}).get("n_assignments", ""),
            **{k: (o.document or {}).get(k, "") for k in COUNT_FIELDS},
        } for o in results], columns=MANIFEST_COLUMNS)  # fmt: skip
        corpus.close(manifest)
    except BaseException:
        corpus.abort()
        raise
    write_reports(opts.out, run_report(opts.corrections, results), opts.corrections_file, opts.quiet)
    return manifest


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
