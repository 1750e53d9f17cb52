"""Running many inputs: collect files, process them (in worker processes), keep a manifest.

A failing input never costs the others: it is recorded in the manifest with status
``error`` and a one-line reason. Results are gathered in input order, so the output is
the same whatever the number of workers. A rerun skips an input whose sha256, pipeline
version and lexicon version match its existing ``document.json`` (``force`` redoes it).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corpus import CorpusWriter
from .emit import COUNT_FIELDS, MANIFEST_COLUMNS, Row, csv_lines, read_csv_body, rows_of_csv, write_document
from .errors import FengongError
from .readers import DEFAULT_MAX_BYTES, SUPPORTED, read_input, safe_doc_id
from .run import load_resources, process
from .workbook import SheetRows, render_rows


@dataclass
class Job:
    """One input to process."""

    source: str
    doc_id: str
    error: str = ""


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
    excel: bool = True


def collect(paths: list[str]) -> list[Job]:
    """Every input file under ``paths`` (folders recursively), with unique, safe doc_ids."""
    jobs: list[Job] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                           and not f.name.startswith("."))  # fmt: skip
            files = [f for f in files if f.suffix or _looks_text(f)]
            if not files:
                jobs.append(Job(given, safe_doc_id(p.name), FengongError("E002", given).line()))
            jobs += [Job(str(f), safe_doc_id(f.stem)) for f in files]
        elif p.is_file():
            jobs.append(Job(given, safe_doc_id(p.stem)))
        else:
            jobs.append(Job(given, safe_doc_id(p.stem), FengongError("E001", given).line()))
    seen: dict[str, int] = {}
    for job in jobs:
        seen[job.doc_id] = seen.get(job.doc_id, 0) + 1
    for job in jobs:
        if seen[job.doc_id] > 1:
            job.doc_id = f"{job.doc_id}-{hashlib.sha256(job.source.encode()).hexdigest()[:6]}"
    return jobs


def _looks_text(path: Path) -> bool:
    return path.name.lower() not in {"readme", "license", "makefile"}


def _unchanged(opts: RunOptions, doc_id: str, sha: str, versions: tuple[str, str]) -> dict | None:
    path = opts.out / doc_id / "document.json"
    if opts.force or not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same = (record.get("sha256"), record.get("pipeline_version"), record.get("lexicon_version"))
    return record if same == (sha, *versions) else None


def run_one(job: Job, opts: RunOptions) -> Outcome:
    """Process one input and write its per-document files; expected faults become an outcome."""
    if job.error:
        return Outcome(job.source, job.doc_id, "error", job.error)
    try:
        res = load_resources(opts.lexicon_dir)
        decoded = read_input(job.source, opts.max_bytes)
        decoded.doc_id = job.doc_id
        old = _unchanged(opts, job.doc_id, decoded.sha256, res.versions)
        if old is not None:
            folder = opts.out / job.doc_id
            m_csv, a_csv = read_csv_body(folder / "measures.csv"), read_csv_body(folder / "assignments.csv")
            rows = (rows_of_csv(m_csv), rows_of_csv(a_csv)) if opts.excel else None
            return Outcome(job.source, job.doc_id, "skipped", "unchanged since the last run",
                           decoded.sha256, *_sheets(rows), old, m_csv, a_csv)  # fmt: skip
        result = process(decoded, res)
        m, a = result.measure_rows, result.assignment_rows
        m_csv, a_csv = csv_lines(m), csv_lines(a)
        write_document(opts.out, m_csv, a_csv, result.document)
        sheets = _sheets((m, a) if opts.excel else None)
        return Outcome(job.source, job.doc_id, "ok", "", decoded.sha256, *sheets, result.document, m_csv, a_csv)
    except FengongError as err:
        return Outcome(job.source, job.doc_id, "error", err.line())
    except Exception as err:  # an unexpected fault still costs only this input
        detail = traceback.format_exc() if opts.debug else f"{type(err).__name__}: {err}"
        return Outcome(job.source, job.doc_id, "error", f"{job.source}: [E999] internal error: {detail}")


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


def run_batch(paths: list[str], opts: RunOptions) -> pd.DataFrame:
    """Process every input under ``paths`` into ``opts.out``; return the manifest."""
    jobs = collect(paths)
    opts.out.mkdir(parents=True, exist_ok=True)
    show = not opts.quiet and sys.stderr.isatty()
    # The combined tables are filled while the documents arrive: their writing overlaps the workers'.
    corpus = CorpusWriter(opts.out, excel=opts.excel)
    try:
        results = _collect_outcomes(jobs, opts, corpus, show)
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
    return manifest


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
