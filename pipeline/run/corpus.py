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
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.corpus_tables import RowTable, read_csv_table, write_table_csv
from ..io.out_formats import DEFAULT_FORMATS, stale_files
from ..io.streamed_csv import StreamedCsv
from ..io.tables import INT_COLUMNS, csv_lines, frame, publish, warn
from ..io.workbook import IN_MEMORY_DOCUMENTS, WorkbookStream
from ..run.corpus_wide import CorpusTablesJob, CorpusTablesProcess
from ..run.folders import MAX_PENDING_FOLDERS, FolderWriter, WriterKind
from ..stages.emit.rows import ASSIGNMENT_COLUMNS, DOCUMENT_FIELDS, MEASURE_COLUMNS, Row, document_row

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ..run.worker import Outcome

STREAMED = {"measures": MEASURE_COLUMNS, "assignments": ASSIGNMENT_COLUMNS}  # the outcomes' CSV texts


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
        documents: how many documents the run has (None: not known), for the workbook's mode.
    """

    def __init__(self, out: Path, formats: tuple[str, ...] = DEFAULT_FORMATS, folders: WriterKind = "thread",
                 documents: int | None = None) -> None:  # fmt: skip
        self.out = out
        self.formats = formats
        self._folders = FolderWriter(out, folders)  # first: its process forks before the book's
        self._tables = CorpusTablesProcess(out, formats)  # imports pyarrow, then reads the tables as they grow
        self.years: dict[str, int | None] = {}  # each document's year, for the panels
        sheets = {**STREAMED, "documents": DOCUMENT_FIELDS}
        self._files = {name: StreamedCsv(out / f"{name}.csv", columns) for name, columns in sheets.items()}
        # The SQLite and Stata files take whole tables (pandas): only then are the document rows kept.
        self._document_rows: list[Row] | None = [] if set(formats) & {"sqlite", "dta"} else None
        in_memory = documents is not None and documents <= IN_MEMORY_DOCUMENTS
        self.book = WorkbookStream(out / "plans.xlsx", sheets, in_memory) if "xlsx" in formats else None
        # Documents added and not yet appended: their text (or its rendering), workbook rows and record.
        self._arriving: deque[tuple[Future[tuple[str, str]] | tuple[str, str], dict[str, list[Row]], dict]] = deque()

    def add(self, outcome: Outcome) -> None:
        """Append one document's rows (call in input order: the tables keep that order), and
        write its folder when it was made in this run.

        An outcome whose rows are not rendered yet (``measures_csv`` None) has them rendered by
        the folder writer, which writes the folder too; its rows join the tables when their text
        comes back, and those of the documents after it wait for them, so the order stays.
        """
        text: Future[tuple[str, str]] | tuple[str, str] = (outcome.measures_csv or "", outcome.assignments_csv or "")
        if outcome.status == "ok" and outcome.document:  # made in this run: its folder is written
            if outcome.measures_csv is None:
                text = self._folders.render(outcome.measures or [], outcome.assignments or [], outcome.document)
            else:
                self._folders.write(*text, outcome.document)
        sheets = {"measures": outcome.measures or [], "assignments": outcome.assignments or []} if self.book is not None else {}
        self._arriving.append((text, sheets, outcome.document or {}))
        self._take_arrived(wait=len(self._arriving) > MAX_PENDING_FOLDERS)

    def _take_arrived(self, wait: bool = False) -> None:
        """Append the documents whose text is ready, in order (``wait``: at least the first, even
        if its text is still being rendered; the writer then holds fewer documents' rows)."""
        while self._arriving:
            text, sheets, record = self._arriving[0]
            if isinstance(text, Future):
                if not (wait or text.done()):
                    return
                text = text.result()
            wait = False
            self._arriving.popleft()
            self._append(text, sheets, record)

    def _append(self, text: tuple[str, str], sheets: dict[str, list[Row]], record: dict) -> None:
        """Append one document to the combined tables: its rows as CSV ``text``, its workbook ``sheets``."""
        for name, body in zip(STREAMED, text):
            self._files[name].write(body)
            if self.book is not None:
                self.book.add(name, sheets[name])  # rendered by the worker
        self.years[record.get("doc_id")] = record.get("year")
        self._tables.added(record.get("doc_id"), record.get("year"), self._files)
        row = document_row(record)
        self._files["documents"].write(csv_lines([row]))
        if self._document_rows is not None:
            self._document_rows.append(row)
        if self.book is not None:
            self.book.add("documents", [row])

    def close(self, manifest: RowTable) -> None:
        """Finish the streamed files and write the tables that need the whole corpus."""
        while self._arriving:
            self._take_arrived(wait=True)
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

        The Parquet files and the counted tables come from the process that has pyarrow
        (:mod:`pipeline.run.corpus_wide`); no pandas, unless SQLite or Stata files are asked for.
        """
        tables = {name: table.written() for name, table in self._files.items()}
        counted = self._tables.write(CorpusTablesJob(self.out, self.formats, tables, self.years))
        if sheets is not None:
            sheets.set_result({"manifest": manifest, "bodies_by_year": counted.panel,
                               "functions_by_level": counted.functions})  # fmt: skip
        if set(self.formats) & {"sqlite", "dta"}:
            documents_rows = RowTable(DOCUMENT_FIELDS, self._document_rows or [], {"year": "Int64"})
            self._write_full_formats({"documents": documents_rows, "manifest": manifest, "lexicon_gaps": counted.gaps,
                                      "bodies_by_year": counted.panel, "functions_by_level": counted.functions})  # fmt: skip
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
        self._arriving.clear()
        self._folders.abort()
        self._tables.abort()
        for table in self._files.values():
            table.discard()
        self._files = {}
        if self.book is not None:
            self.book.abort()


def _frame(table: pa.Table, columns: list[str]) -> pd.DataFrame:
    """A table read by :func:`read_csv_table` as a DataFrame of :func:`~pipeline.io.tables.frame`'s types."""
    return frame([], columns) if table.num_rows == 0 else table.to_pandas()
