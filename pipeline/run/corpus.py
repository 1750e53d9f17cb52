"""The tables over all inputs of a run, written while the documents arrive.

The combined ``measures.csv``, ``assignments.csv`` and ``documents.csv`` and the workbook
``plans.xlsx`` are filled document by document, in input order, as the outcomes come back
from the workers, so that their writing overlaps the workers' work instead of following it.
Each goes to a temporary file renamed into place by :meth:`CorpusWriter.close`, so an
interrupted run leaves no half-written table. ``close`` then writes what needs the whole
corpus: the Parquet files, the lexicon gaps, the bodies-by-year panel, the SQLite database
and the Stata files (those of the formats chosen, :mod:`pipeline.io.out_formats`) and the
manifest. Without ``csv`` among the formats, the streamed CSVs are still written to their
temporary files (the other formats are read from them) and then removed.

What the writer holds grows with the corpus only by each document's year (for the panels; and
by its documents' rows for the SQLite and Stata files, which take whole tables): the rows go to
disk as they come, and are read back a piece at a time (:mod:`pipeline.io.streamed_csv`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.corpus_tables import (
    DOCUMENT_INTS,
    FUNCTION_PANEL_COLUMNS,
    GAP_COLUMNS,
    PANEL_COLUMNS,
    RowTable,
    read_csv_table,
    write_table_csv,
)
from ..io.out_formats import DEFAULT_FORMATS, stale_files
from ..io.streamed_csv import StreamedCsv
from ..io.table_counters import FunctionPanelCounter, GapCounter, PanelCounter
from ..io.tables import (
    INT_COLUMNS,
    atomic_write,
    csv_lines,
    frame,
    publish,
    warn,
)
from ..io.workbook import WorkbookStream
from ..run.folders import FolderWriter, WriterKind
from ..stages.emit.rows import ASSIGNMENT_COLUMNS, DOCUMENT_FIELDS, MEASURE_COLUMNS, Row, document_row

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ..run.worker import Outcome

STREAMED = {"measures": MEASURE_COLUMNS, "assignments": ASSIGNMENT_COLUMNS}  # the outcomes' CSV texts
# The assignments' columns the counters read (gaps, bodies by year, functions by level).
COUNTED = ["doc_id", "measure_id", "body", "body_id", "body_kind", "level", "place", "function", "role", "start", "end"]
ROW_GROUP = 20_000  # rows per Parquet row group


class CorpusWriter:
    """Collects a run's documents into the combined tables under ``out``.

    Each document's rows arrive as CSV text rendered by its worker (and, for the workbook,
    as sheet XML whose rows are numbered here): the main process only appends them, so it
    keeps up with the workers and holds none of the corpus's rows. At the end the combined
    CSVs are read back, a piece at a time, by pyarrow, for the Parquet files, the gaps and
    the panel; the workbook is finished beside them.

    Args:
        out: the run's output folder.
        formats: the formats of the combined tables (:mod:`pipeline.io.out_formats`).
        folders: how the document folders are written (:func:`~pipeline.run.folders.writer_kind`).
    """

    def __init__(self, out: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, folders: WriterKind = "thread") -> None:
        self.out = out
        self.formats = formats
        self._folders = FolderWriter(out, folders)  # first: its process forks before the book's
        self.years: dict[str, int | None] = {}  # each document's year, for the panels
        sheets = {**STREAMED, "documents": DOCUMENT_FIELDS}
        self._files = {name: StreamedCsv(out / f"{name}.csv", columns) for name, columns in sheets.items()}
        # The SQLite and Stata files take whole tables (pandas): only then are the document rows kept.
        self._document_rows: list[Row] | None = [] if set(formats) & {"sqlite", "dta"} else None
        self.book = WorkbookStream(out / "plans.xlsx", sheets) if "xlsx" in formats else None

    def add(self, outcome: Outcome) -> None:
        """Append one document's rows (call in input order: the tables keep that order), and
        write its folder when it was made in this run."""
        if outcome.status == "ok" and outcome.document:
            self._folders.write(outcome.measures_csv, outcome.assignments_csv, outcome.document)
        for name in STREAMED:
            self._files[name].write(getattr(outcome, f"{name}_csv"))
            if self.book is not None:
                self.book.add(name, getattr(outcome, name) or [])  # rendered by the worker
        record = outcome.document or {}
        self.years[record.get("doc_id")] = record.get("year")
        row = document_row(record)
        self._files["documents"].write(csv_lines([row]))
        if self._document_rows is not None:
            self._document_rows.append(row)
        if self.book is not None:
            self.book.add("documents", [row])

    def close(self, manifest: RowTable) -> None:
        """Finish the streamed files and write the tables that need the whole corpus."""
        self._folders.close()
        for table in self._files.values():
            table.close()
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
        for name, table in self._files.items():
            if "csv" in self.formats:
                publish(table.tmp, self.out / f"{name}.csv")
            else:
                os.unlink(table.tmp)
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

        Each streamed CSV is read back once by pyarrow, a piece at a time: written as Parquet, and
        the columns the gaps and the panel use counted (every column, for the SQLite and Stata files). No pandas,
        unless SQLite or Stata files are asked for.
        """
        chosen = set(self.formats)
        full = bool(chosen & {"sqlite", "dta"})
        parquet = "parquet" in chosen
        gaps_count, panel_count = GapCounter(), PanelCounter(self.years)
        function_count = FunctionPanelCounter(self.years)

        def count(batch: dict[str, list]) -> None:
            for counter in (gaps_count, panel_count, function_count):
                counter.add(batch)

        wanted: set[tuple[str, str]] = set()
        texts: dict[tuple[str, str], str] = {}

        def example_texts(batch: dict[str, list]) -> None:
            for key in zip(batch["doc_id"], batch["measure_id"], batch["text_simplified"]):
                if key[:2] in wanted:
                    texts[key[:2]] = key[2]

        # Each streamed CSV is read back once, in pieces: to Parquet, and through the counters.
        stream_table(self._files["assignments"], COUNTED, self.out / "assignments.parquet" if parquet else None,
                     count)  # fmt: skip
        wanted = gaps_count.wanted()
        stream_table(self._files["measures"], ["doc_id", "measure_id", "text_simplified"],
                     self.out / "measures.parquet" if parquet else None, example_texts)  # fmt: skip
        gaps = RowTable(GAP_COLUMNS, gaps_count.rows(texts))
        panel = RowTable(PANEL_COLUMNS, panel_count.rows(), {"year": "Int64"})
        functions = RowTable(FUNCTION_PANEL_COLUMNS, function_count.rows(), {"year": "Int64"})
        if sheets is not None:
            sheets.set_result({"manifest": manifest, "bodies_by_year": panel, "functions_by_level": functions})
        if "csv" in chosen:  # documents.csv is the streamed file, published by close
            write_table_csv(gaps, self.out / "lexicon_gaps.csv")
            write_table_csv(panel, self.out / "bodies_by_year.csv")
            write_table_csv(functions, self.out / "functions_by_level.csv")
        if "parquet" in chosen:  # its counts and year int64, the rest text, as the streamed tables
            from pyarrow import parquet as pq

            documents = self._files["documents"].table(DOCUMENT_INTS)
            atomic_write(self.out / "documents.parquet", lambda tmp: pq.write_table(documents, tmp))
        if full:
            documents_rows = RowTable(DOCUMENT_FIELDS, self._document_rows or [], {"year": "Int64"})
            self._write_full_formats({"documents": documents_rows, "manifest": manifest, "lexicon_gaps": gaps,
                                      "bodies_by_year": panel, "functions_by_level": functions})  # fmt: skip
        write_table_csv(manifest, self.out / "manifest.csv")

    def _write_full_formats(self, tables: dict[str, RowTable]) -> None:
        """The SQLite database and the Stata files of the chosen formats, from DataFrames (these
        import pandas). They take whole tables: the streamed CSVs are read once more, in full.

        Args:
            tables: the corpus-wide tables by their names in the database: ``documents``,
                ``manifest``, ``lexicon_gaps``, ``bodies_by_year``, ``functions_by_level``.
        """
        measures = read_csv_table(self._files["measures"].tmp, MEASURE_COLUMNS, INT_COLUMNS)
        assignments = read_csv_table(self._files["assignments"].tmp, ASSIGNMENT_COLUMNS, INT_COLUMNS)
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
        self._folders.abort()
        for table in self._files.values():
            table.discard()
        self._files = {}
        if self.book is not None:
            self.book.abort()


def stream_table(table: StreamedCsv, keep: list[str], parquet: Path | None,
                 consume: Callable[[dict[str, list]], None]) -> None:  # fmt: skip
    """Read a streamed CSV table a piece at a time: each piece's columns ``keep`` to ``consume``
    (as lists), and every column to ``parquet`` if given, in row groups of ``ROW_GROUP`` rows (the
    row groups a whole table written at once would have: memory holds one of them at most)."""
    from pyarrow import parquet as pq

    pieces = table.pieces(INT_COLUMNS)
    if parquet is None:
        for piece in pieces:
            consume(piece.select(keep).to_pydict())
        return
    schema = table.schema(INT_COLUMNS)

    def write(tmp: str) -> None:
        import pyarrow as pa

        pending: list[pa.RecordBatch] = []
        held, groups = 0, 0
        with pq.ParquetWriter(tmp, schema) as writer:
            for piece in pieces:
                consume(piece.select(keep).to_pydict())
                pending += piece.to_batches()
                held += piece.num_rows
                while held >= ROW_GROUP:
                    group, pending = _split(pending, schema)
                    writer.write_table(group, row_group_size=ROW_GROUP)
                    held, groups = held - ROW_GROUP, groups + 1
                    del group  # before the next pieces come: one row group's copy at a time
                    # pyarrow's allocator (mimalloc) keeps the pages a row group freed, and the next
                    # one's buffers of other sizes take new ones: measured, a run's peak memory grew
                    # by some 30 MB over its first dozen row groups. Returned once a row group (a
                    # few milliseconds), it stays at one row group's.
                    pa.default_memory_pool().release_unused()
            if held or not groups:  # the last row group (an empty table: one of no rows, as write_table)
                writer.write_table(pa.Table.from_batches(pending, schema).combine_chunks(),
                                   row_group_size=ROW_GROUP)  # fmt: skip

    atomic_write(parquet, write)


def _split(pending: list[pa.RecordBatch], schema: pa.Schema) -> tuple[pa.Table, list[pa.RecordBatch]]:
    """The first ``ROW_GROUP`` rows of ``pending`` as one chunk a column (as the writer sees a row
    group of a whole table), and the rest, still the pieces' rows (no copy).

    The pieces the row group used up are let go before it is written: memory holds the row
    group's copy and what is left of one piece, not the pieces too.
    """
    import pyarrow as pa

    rows = pa.Table.from_batches(pending, schema)
    return rows.slice(0, ROW_GROUP).combine_chunks(), rows.slice(ROW_GROUP).to_batches()


def _frame(table: pa.Table, columns: list[str]) -> pd.DataFrame:
    """A table read by :func:`read_csv_table` as a DataFrame of :func:`~pipeline.io.tables.frame`'s types."""
    return frame([], columns) if table.num_rows == 0 else table.to_pandas()
