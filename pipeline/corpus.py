"""The tables over all inputs of a run, written while the documents arrive.

The combined ``measures.csv`` and ``assignments.csv`` and the workbook ``plans.xlsx`` are
filled document by document, in input order, as the outcomes come back from the workers,
so that their writing overlaps the workers' work instead of following it. Each goes to a
temporary file renamed into place by :meth:`CorpusWriter.close`, so an interrupted run
leaves no half-written table. ``close`` then writes what needs the whole corpus: the
Parquet files, the documents table, the lexicon gaps, the bodies-by-year panel and the
manifest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from .emit import (
    ASSIGNMENT_COLUMNS,
    DOCUMENT_FIELDS,
    MANIFEST_COLUMNS,
    MEASURE_COLUMNS,
    Row,
    bodies_by_year,
    csv_lines,
    document_row,
    documents_frame,
    frame,
    lexicon_gaps,
    open_csv,
    publish,
    temp_path,
    warn,
    write_csv,
    write_parquet,
)
from .workbook import WorkbookStream

if TYPE_CHECKING:
    from .batch import Outcome

STREAMED = {"measures": MEASURE_COLUMNS, "assignments": ASSIGNMENT_COLUMNS}
CHUNK_ROWS = 20_000  # rows kept as Python tuples before they are packed into a DataFrame


class CorpusWriter:
    """Collects a run's documents into the combined tables under ``out``."""

    def __init__(self, out: Path, excel: bool = True) -> None:
        self.out = out
        # Rows wait as tuples, then are packed CHUNK_ROWS at a time into DataFrames, whose
        # Arrow-backed strings take a fraction of the memory: the corpus stays in memory for
        # the Parquet files, the gaps and the panel, but compactly.
        self.rows: dict[str, list[Row]] = {name: [] for name in STREAMED}
        self.parts: dict[str, list[pd.DataFrame]] = {name: [] for name in STREAMED}
        self.records: list[dict[str, Any]] = []
        self._files: dict[str, tuple[IO[str], str]] = {}
        for name, columns in STREAMED.items():
            tmp = temp_path(out / f"{name}.csv")
            fh = open_csv(tmp)  # closed by close or abort
            fh.write(csv_lines([columns]))
            self._files[name] = (fh, tmp)
        sheets = {**STREAMED, "documents": DOCUMENT_FIELDS}
        self.book = WorkbookStream(out / "plans.xlsx", sheets) if excel else None

    def add(self, outcome: Outcome) -> None:
        """Append one document's rows (call in input order: the tables keep that order)."""
        for name in STREAMED:
            rows = getattr(outcome, name) or []
            self._files[name][0].write(getattr(outcome, f"{name}_csv"))  # rendered by the worker
            self.rows[name].extend(rows)
            if len(self.rows[name]) >= CHUNK_ROWS:
                self.parts[name].append(frame(self.rows[name], STREAMED[name]))
                self.rows[name] = []
            if self.book is not None:
                self.book.add(name, rows)
        self.records.append(outcome.document or {})
        if self.book is not None:
            self.book.add("documents", [document_row(outcome.document or {})])

    def close(self, manifest: pd.DataFrame) -> None:
        """Finish the streamed files and write the tables that need the whole corpus."""
        for name, (fh, tmp) in self._files.items():
            fh.close()
            publish(tmp, self.out / f"{name}.csv")
        self._files = {}
        measures, assignments = (self._table(name) for name in STREAMED)
        documents = documents_frame(self.records)
        write_csv(documents, self.out / "documents.csv")
        for name, df in (("measures", measures), ("assignments", assignments), ("documents", documents)):
            write_parquet(df, self.out / f"{name}.parquet")
        write_csv(lexicon_gaps(assignments, measures), self.out / "lexicon_gaps.csv")
        write_csv(bodies_by_year(assignments, documents), self.out / "bodies_by_year.csv")
        write_csv(manifest[MANIFEST_COLUMNS], self.out / "manifest.csv")
        if self.book is not None:
            warn(self.out, self.book.close())

    def _table(self, name: str) -> pd.DataFrame:
        """All rows of a streamed table as one DataFrame."""
        parts = [*self.parts[name], frame(self.rows[name], STREAMED[name])]
        self.parts[name], self.rows[name] = [], []
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def abort(self) -> None:
        """Drop every unfinished file: a run that did not finish leaves the old tables as they were."""
        for fh, tmp in self._files.values():
            fh.close()
            if os.path.exists(tmp):
                os.unlink(tmp)
        self._files = {}
        if self.book is not None:
            self.book.abort()
