"""One input in a worker: read it, process it, write its per-document files, report an outcome.

Everything a worker process needs is here, so that the batch (which hands inputs out) and the
Dask executor (which does the same on a cluster) share it without importing each other.
"""

from __future__ import annotations

import gc
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import FengongError
from ..io.inputs import Job
from ..io.out_formats import DEFAULT_FORMATS, with_excel
from ..io.outdir import drop_document, read_record, read_table
from ..io.readers import DEFAULT_MAX_BYTES, read_input
from ..io.tables import csv_lines, rows_of_csv
from ..lexicon.engines import DEFAULT_ENGINE, Engine
from ..review.corrections import correct_document
from ..run.document import process
from ..run.resources import load_resources
from ..stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS, Row


@dataclass
class Outcome:
    """What became of one input."""

    source: str
    doc_id: str
    status: str
    message: str = ""
    sha256: str = ""
    measures: list[Row] | None = None  # the per-document tables' rows, for the workbook (None: no workbook)
    assignments: list[Row] | None = None
    document: dict | None = None
    measures_csv: str | None = ""  # the same rows as CSV text, rendered once for every file
    assignments_csv: str | None = ""  # (None: not rendered yet; the rows are there, for the folder writer)
    corrections: list[Row] | None = None  # the report of this document's corrections (pipeline/corrections.py)


UNCHANGED = "unchanged since the last run"  # the manifest's message of an input skipped so


@dataclass
class RunOptions:
    """Options of a batch run."""

    out: Path
    jobs: int = 1  # 0: one per core, less the one the workbook's writer takes (batch.default_jobs)
    force: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    debug: bool = False
    quiet: bool = False
    lexicon_dir: str | None = None
    segmenter: Engine = DEFAULT_ENGINE  # the engine of jieba's algorithm (``extract --segmenter``)
    executor: str = "process"
    scheduler: str | None = None
    excel: bool = True  # False: leave xlsx out of ``formats`` (``--no-excel``)
    year: int | None = None  # the year of an input whose header shows none (``extract --year``)
    clean: bool = False  # empty ``out`` first (``extract --clean``)
    corrections: dict[str, list] | None = None  # a filled review's corrections by sha256 (``--corrections``)
    corrections_file: str = ""  # the review they come from, for the terminal
    formats: tuple[str, ...] = DEFAULT_FORMATS  # of the combined tables (``extract --formats``)
    ocr: bool = False  # recognise scanned PDF pages with Tesseract (``extract --ocr``)
    workbook_limit: int | None = None  # more document inputs than this: no plans.xlsx (the CLI's default)
    own_process: bool = False  # the process is fengong's own (the command): rjieba's default instance is ours
    render_csv: bool = True  # False: leave the rows' CSV text to the run's folder writer (FolderWriter.render)

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


def _tables(folder: Path, excel: bool) -> tuple[list[Row] | None, list[Row] | None, str, str]:
    """A document folder's tables as the workbook's rows and as CSV text, in today's columns."""
    m_csv = read_table(folder / "measures.csv", MEASURE_COLUMNS)
    a_csv = read_table(folder / "assignments.csv", ASSIGNMENT_COLUMNS)
    if not excel:
        return None, None, m_csv, a_csv
    return rows_of_csv(m_csv), rows_of_csv(a_csv), m_csv, a_csv


def _replaces(earlier: dict | None, job: Job, sha: str) -> str:
    """The message of an input whose doc_id held another file's document until now."""
    if earlier is None or earlier.get("sha256") == sha or earlier.get("source") in (None, job.source):
        return ""
    return f"replaces the document of {earlier['source']} (same doc_id)"


def run_one(job: Job, opts: RunOptions) -> Outcome:
    """Process one input; expected faults become an outcome.

    An ``ok`` outcome carries the document's files as text: the main process writes them
    (:meth:`pipeline.run.corpus.CorpusWriter.add`). An input that fails here has its earlier
    per-document files removed (see :mod:`pipeline.io.outdir`).
    """
    if job.skip:
        return Outcome(job.source, job.doc_id, "skipped", job.skip)
    if job.error:
        return Outcome(job.source, job.doc_id, "error", job.error)
    try:
        resources = load_resources(opts.lexicon_dir, opts.segmenter, opts.own_process)
        decoded = read_input(job.source, opts.max_bytes, job.doc_id, resources.lexicon, opts.ocr)
        earlier = read_record(opts.out / job.doc_id)
        if _unchanged(opts, earlier, job, decoded.sha256, resources.versions):
            m_rows, a_rows, m_csv, a_csv = _tables(opts.out / job.doc_id, opts.excel)
            return Outcome(job.source, job.doc_id, "unchanged", UNCHANGED,
                           decoded.sha256, m_rows, a_rows, earlier, m_csv, a_csv)  # fmt: skip
        result = process(decoded, resources, year=opts.year)
        m, a, record, report = result.measure_rows, result.assignment_rows, result.document, None
        if opts.corrections and decoded.sha256 in opts.corrections:
            m, a, record, report = correct_document(m, a, record, opts.corrections[decoded.sha256], resources.lexicon)
        # The folder is written by the main process (CorpusWriter.add), or a thread or process of its own.
        m_csv, a_csv = (csv_lines(m), csv_lines(a)) if opts.render_csv else (None, None)
        sheets = (m, a) if opts.excel or not opts.render_csv else (None, None)  # the workbook's rows, or to render
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


def prepare_worker(lexicon_dir: str | None, segmenter: Engine = DEFAULT_ENGINE, own_process: bool = False) -> None:
    """Load a worker's resources before its first document and exempt them from GC scans.

    The lexicon automata, jieba's dictionary and the spaCy pipeline are hundreds of thousands
    of long-lived objects; every full collection of the cyclic garbage collector walked them
    all again, about a tenth of the per-document time. Frozen, they are still freed by
    reference counting, only no longer scanned. A lexicon that fails to load is reported by
    each document's :func:`run_one`, so the failure is not raised here.
    """
    try:
        load_resources(lexicon_dir, segmenter, own_process)
    except Exception:  # noqa: BLE001 - reported per input by run_one
        return
    gc.collect()
    gc.freeze()
