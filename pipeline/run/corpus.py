"""The tables over all inputs of a run, written while the documents arrive.

The combined ``measures.csv`` and ``assignments.csv`` and the workbook ``plans.xlsx`` are
filled document by document, in input order, as the outcomes come back from the workers,
so that their writing overlaps the workers' work instead of following it. Each goes to a
temporary file renamed into place by :meth:`CorpusWriter.close`, so an interrupted run
leaves no half-written table. ``close`` then writes what needs the whole corpus: the
Parquet files, the documents table, the lexicon gaps, the bodies-by-year panel, the
SQLite database and the Stata files (those of the formats chosen, :mod:`pipeline.io.out_formats`)
and the manifest. Without ``csv`` among the formats, the streamed CSVs are still written
to their temporary files (the other formats are read from them) and then removed.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..io.corpus_tables import (
    FUNCTION_PANEL_COLUMNS,
    GAP_COLUMNS,
    PANEL_COLUMNS,
    RowTable,
    csv_batches,
    documents_table,
    read_csv_table,
    write_documents_parquet,
    write_table_csv,
)
from ..io.out_formats import DEFAULT_FORMATS, stale_files
from ..io.table_counters import FunctionPanelCounter, GapCounter, PanelCounter
from ..io.tables import (
    INT_COLUMNS,
    atomic_write,
    csv_lines,
    frame,
    open_csv,
    publish,
    temp_path,
    warn,
    write_document,
)
from ..io.workbook import WorkbookStream
from ..stages.emit.rows import ASSIGNMENT_COLUMNS, DOCUMENT_FIELDS, MEASURE_COLUMNS, document_row

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ..run.worker import Outcome

STREAMED = {"measures": MEASURE_COLUMNS, "assignments": ASSIGNMENT_COLUMNS}
# The assignments' columns the counters read (gaps, bodies by year, functions by level).
COUNTED = ["doc_id", "measure_id", "body", "body_id", "body_kind", "level", "place", "function", "role", "start", "end"]
MAX_PENDING_FOLDERS = 64  # document folders queued for the writer thread at most
ROW_GROUP = 20_000  # rows per Parquet row group


class CorpusWriter:
    """Collects a run's documents into the combined tables under ``out``.

    Each document's rows arrive as CSV text rendered by its worker (and, for the workbook,
    as sheet XML whose rows are numbered here): the main process only appends them, so it
    keeps up with the workers and holds none of the corpus's rows. At the end the combined
    CSVs are read back, by pyarrow's multithreaded reader, for the Parquet files, the gaps
    and the panel; the workbook is finished beside them.
    """

    def __init__(self, out: Path, formats: tuple[str, ...] = DEFAULT_FORMATS) -> None:
        self.out = out
        self.formats = formats
        self.records: list[dict[str, Any]] = []
        self._files: dict[str, tuple[IO[str], str]] = {}
        for name, columns in STREAMED.items():
            tmp = temp_path(out / f"{name}.csv")
            fh = open_csv(tmp)  # closed by close or abort
            fh.write(csv_lines([columns]))
            self._files[name] = (fh, tmp)
        sheets = {**STREAMED, "documents": DOCUMENT_FIELDS}
        self.book = WorkbookStream(out / "plans.xlsx", sheets) if "xlsx" in formats else None
        # The document folders are written by a thread: their cost is system calls (a folder and
        # three files each), which leave the GIL, so they overlap the documents' processing.
        self._folders = ThreadPoolExecutor(max_workers=1)
        self._pending: deque[Future[None]] = deque()

    def add(self, outcome: Outcome) -> None:
        """Append one document's rows (call in input order: the tables keep that order), and
        write its folder when it was made in this run."""
        if outcome.status == "ok" and outcome.document:
            if len(self._pending) >= MAX_PENDING_FOLDERS:  # the writer fell behind: memory stays bounded
                self._pending.popleft().result()
            self._pending.append(self._folders.submit(
                write_document, self.out, outcome.measures_csv, outcome.assignments_csv, outcome.document))
        for name in STREAMED:
            self._files[name][0].write(getattr(outcome, f"{name}_csv"))
            if self.book is not None:
                self.book.add(name, getattr(outcome, name) or [])  # rendered by the worker
        self.records.append(outcome.document or {})
        if self.book is not None:
            self.book.add("documents", [document_row(outcome.document or {})])

    def _folders_written(self) -> None:
        """Wait for the document folders; a fault writing one is raised here."""
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            self._folders.shutdown(wait=True, cancel_futures=True)

    def close(self, manifest: RowTable) -> None:
        """Finish the streamed files and write the tables that need the whole corpus."""
        self._folders_written()
        for fh, _ in self._files.values():
            fh.close()
        # The workbook is finished in a thread meanwhile: most of that is zlib compressing its
        # sheets, which runs outside the GIL, as pyarrow's reading and writing does.
        # The manifest and the panel are sheets too: the thread adds them when the panel is ready.
        sheets: Future[dict[str, RowTable]] = Future()
        with ThreadPoolExecutor(max_workers=1) as pool:
            book = pool.submit(self._finish_book, sheets) if self.book is not None else None
            try:
                self._write_corpus_tables(manifest, sheets)
            finally:
                if not sheets.done():
                    sheets.set_result({})
                warning = book.result() if book is not None else ""
                self.book = None
        for name, (_, tmp) in self._files.items():
            if "csv" in self.formats:
                publish(tmp, self.out / f"{name}.csv")
            else:
                os.unlink(tmp)
        self._files = {}
        warn(self.out, warning)
        stale = ", ".join(stale_files(self.out, self.formats))
        warn(self.out, f"not in --formats, so left as an earlier run wrote them: {stale}" if stale else "")

    def _finish_book(self, sheets: Future[dict[str, RowTable]]) -> str:
        """Add the corpus-wide sheets (manifest, bodies_by_year) once known, and close the workbook."""
        for name, table in sheets.result().items():
            self.book.add_sheet(name, table.columns)
            self.book.add(name, table.rows)
        return self.book.close()

    def _write_corpus_tables(self, manifest: RowTable, sheets: Future | None = None) -> None:
        """Write the tables of the chosen formats that need the whole corpus, and the manifest.

        Each streamed CSV is read back once by pyarrow: written as Parquet, and the columns the
        gaps and the panel use kept (every column, for the SQLite and Stata files). No pandas,
        unless SQLite or Stata files are asked for.
        """
        chosen = set(self.formats)
        full = bool(chosen & {"sqlite", "dta"})
        parquet = "parquet" in chosen
        documents = documents_table(self.records)
        years = {record.get("doc_id"): record.get("year") for record in self.records}
        gaps_count, panel_count, function_count = GapCounter(), PanelCounter(years), FunctionPanelCounter(years)

        def count(batch: dict[str, list]) -> None:
            for counter in (gaps_count, panel_count, function_count):
                counter.add(batch)

        wanted: set[tuple[str, str]] = set()
        texts: dict[tuple[str, str], str] = {}

        def example_texts(batch: dict[str, list]) -> None:
            for key in zip(batch["doc_id"], batch["measure_id"], batch["text_simplified"]):
                if key[:2] in wanted:
                    texts[key[:2]] = key[2]

        # Each streamed CSV is read back once, in batches: to Parquet, and through the counters.
        stream_table(self._files["assignments"][1], ASSIGNMENT_COLUMNS, COUNTED,
                     self.out / "assignments.parquet" if parquet else None, count)  # fmt: skip
        wanted = gaps_count.wanted()
        stream_table(self._files["measures"][1], MEASURE_COLUMNS, ["doc_id", "measure_id", "text_simplified"],
                     self.out / "measures.parquet" if parquet else None, example_texts)  # fmt: skip
        gaps = RowTable(GAP_COLUMNS, gaps_count.rows(texts))
        panel = RowTable(PANEL_COLUMNS, panel_count.rows(), {"year": "Int64"})
        functions = RowTable(FUNCTION_PANEL_COLUMNS, function_count.rows(), {"year": "Int64"})
        if sheets is not None:
            sheets.set_result({"manifest": manifest, "bodies_by_year": panel, "functions_by_level": functions})
        if "csv" in chosen:
            write_table_csv(documents, self.out / "documents.csv")
            write_table_csv(gaps, self.out / "lexicon_gaps.csv")
            write_table_csv(panel, self.out / "bodies_by_year.csv")
            write_table_csv(functions, self.out / "functions_by_level.csv")
        if "parquet" in chosen:
            write_documents_parquet(documents, self.out / "documents.parquet")
        if full:
            self._write_full_formats({"documents": documents, "manifest": manifest, "lexicon_gaps": gaps,
                                      "bodies_by_year": panel, "functions_by_level": functions})  # fmt: skip
        write_table_csv(manifest, self.out / "manifest.csv")

    def _write_full_formats(self, tables: dict[str, RowTable]) -> None:
        """The SQLite database and the Stata files of the chosen formats, from DataFrames (these
        import pandas). They take whole tables: the streamed CSVs are read once more, in full.

        Args:
            tables: the corpus-wide tables by their names in the database: ``documents``,
                ``manifest``, ``lexicon_gaps``, ``bodies_by_year``, ``functions_by_level``.
        """
        measures = read_csv_table(self._files["measures"][1], MEASURE_COLUMNS, INT_COLUMNS)
        assignments = read_csv_table(self._files["assignments"][1], ASSIGNMENT_COLUMNS, INT_COLUMNS)
        main = {"measures": _frame(measures, MEASURE_COLUMNS), "assignments": _frame(assignments, ASSIGNMENT_COLUMNS),
                "documents": tables["documents"].to_frame()}  # fmt: skip
        if "sqlite" in self.formats:
            from ..io.sqlite_out import write_sqlite

            others = {name: table.to_frame() for name, table in tables.items() if name != "documents"}
            write_sqlite({**main, **others}, self.out / "plans.sqlite")
        if "dta" in self.formats:
            from ..io.stata_out import write_stata_tables

            write_stata_tables(main, self.out)

    def abort(self) -> None:
        """Drop every unfinished file: a run that did not finish leaves the old tables as they were."""
        self._pending.clear()
        self._folders.shutdown(wait=True, cancel_futures=True)
        for fh, tmp in self._files.values():
            fh.close()
            if os.path.exists(tmp):
                os.unlink(tmp)
        self._files = {}
        if self.book is not None:
            self.book.abort()


def stream_table(path: str | Path, columns: list[str], keep: list[str], parquet: Path | None,
                 consume: Callable[[dict[str, list]], None]) -> None:  # fmt: skip
    """Read a streamed CSV table in batches: each batch's columns ``keep`` to ``consume`` (as
    lists), and every column to ``parquet`` if given, in row groups of ``ROW_GROUP`` rows (the
    row groups a whole table written at once would have: memory holds one of them at most)."""
    from pyarrow import parquet as pq

    reader = csv_batches(path, columns, INT_COLUMNS)
    if parquet is None:
        for batch in reader:
            consume(batch.select(keep).to_pydict())
        return

    def write(tmp: str) -> None:
        import pyarrow as pa

        pending: list[pa.RecordBatch] = []
        held, groups = 0, 0
        with pq.ParquetWriter(tmp, reader.schema) as writer:
            for batch in reader:
                consume(batch.select(keep).to_pydict())
                pending.append(batch)
                held += batch.num_rows
                while held >= ROW_GROUP:
                    table = pa.Table.from_batches(pending, reader.schema).combine_chunks()
                    writer.write_table(table.slice(0, ROW_GROUP), row_group_size=ROW_GROUP)
                    rest = table.slice(ROW_GROUP)
                    pending, held, groups = rest.to_batches(), rest.num_rows, groups + 1
            if held or not groups:  # the last row group (an empty table: one of no rows, as write_table)
                writer.write_table(pa.Table.from_batches(pending, reader.schema).combine_chunks(),
                                   row_group_size=ROW_GROUP)  # fmt: skip

    atomic_write(parquet, write)


def _frame(table: pa.Table, columns: list[str]) -> pd.DataFrame:
    """A table read by :func:`read_csv_table` as a DataFrame of :func:`~pipeline.io.tables.frame`'s types."""
    return frame([], columns) if table.num_rows == 0 else table.to_pandas()
