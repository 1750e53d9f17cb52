"""The tables a run writes from its whole corpus: Parquet, lexicon gaps, bodies by year, functions by level.

Each streamed CSV (:mod:`pipeline.io.streamed_csv`) is read back once, a piece at a time: written as
Parquet, and the columns the gaps and the panels use counted. This is pyarrow's work, and pyarrow
(with numpy) takes about 0.12 s to import, a sixth of a one-plan run. So a run hands it to a process of
its own (:class:`CorpusTablesProcess`), forked when the run starts, which imports pyarrow while the
main process reads the documents, and is given the finished files at the end; the main process never
imports pyarrow. Where a process cannot be had, :func:`write_corpus_tables` is called in place.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.corpus_tables import (
    DOCUMENT_INTS,
    FUNCTION_PANEL_COLUMNS,
    GAP_COLUMNS,
    PANEL_COLUMNS,
    RowTable,
    write_table_csv,
)
from ..io.streamed_csv import WrittenCsv
from ..io.table_counters import FunctionPanelCounter, GapCounter, PanelCounter
from ..io.tables import INT_COLUMNS, atomic_write

if TYPE_CHECKING:
    import pyarrow as pa

# The assignments' columns the counters read (gaps, bodies by year, functions by level).
COUNTED = ["doc_id", "measure_id", "body", "body_id", "body_kind", "level", "place", "function", "role", "start", "end"]
ROW_GROUP = 20_000  # rows per Parquet row group


@dataclass(frozen=True)
class CorpusTablesJob:
    """What the corpus-wide tables are made from.

    Attributes:
        out: the run's output folder.
        formats: the formats of the combined tables (``parquet`` and ``csv`` matter here).
        tables: the streamed ``measures``, ``assignments`` and ``documents`` CSVs, as written.
        years: each document's year, for the panels.
    """

    out: Path
    formats: tuple[str, ...]
    tables: Mapping[str, WrittenCsv]
    years: Mapping[str, int | None]


@dataclass(frozen=True)
class CorpusTables:
    """The counted tables, which the workbook shows as sheets too."""

    gaps: RowTable
    panel: RowTable
    functions: RowTable


def write_corpus_tables(job: CorpusTablesJob) -> CorpusTables:
    """Write the Parquet files and the counted tables of ``job`` (those of its formats).

    Args:
        job: the streamed tables, the years and the formats.
    Returns:
        The lexicon gaps, bodies by year and functions by level, written as CSV when ``csv`` is a format.
    """
    parquet = "parquet" in job.formats
    gaps_count, panel_count, function_count = GapCounter(), PanelCounter(job.years), FunctionPanelCounter(job.years)

    def count(batch: dict[str, list]) -> None:
        for counter in (gaps_count, panel_count, function_count):
            counter.add(batch)

    texts: dict[tuple[str, str], str] = {}
    stream_table(job.tables["assignments"], COUNTED, job.out / "assignments.parquet" if parquet else None, count)
    wanted = gaps_count.wanted()  # the examples' measures, known once every assignment is counted

    def example_texts(batch: dict[str, list]) -> None:
        for key in zip(batch["doc_id"], batch["measure_id"], batch["text_simplified"]):
            if key[:2] in wanted:
                texts[key[:2]] = key[2]

    stream_table(job.tables["measures"], ["doc_id", "measure_id", "text_simplified"],
                 job.out / "measures.parquet" if parquet else None, example_texts)  # fmt: skip
    counted = CorpusTables(RowTable(GAP_COLUMNS, gaps_count.rows(texts)),
                           RowTable(PANEL_COLUMNS, panel_count.rows(), {"year": "Int64"}),
                           RowTable(FUNCTION_PANEL_COLUMNS, function_count.rows(), {"year": "Int64"}))  # fmt: skip
    if "csv" in job.formats:  # documents.csv is the streamed file, published by the run
        write_table_csv(counted.gaps, job.out / "lexicon_gaps.csv")
        write_table_csv(counted.panel, job.out / "bodies_by_year.csv")
        write_table_csv(counted.functions, job.out / "functions_by_level.csv")
    if parquet:  # its counts and year int64, the rest text, as the streamed tables
        from pyarrow import parquet as pq

        documents = job.tables["documents"].table(DOCUMENT_INTS)
        atomic_write(job.out / "documents.parquet", lambda tmp: pq.write_table(documents, tmp))
    return counted


def stream_table(table: WrittenCsv, keep: list[str], parquet: Path | None,
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


def _import_pyarrow() -> None:
    """The process's first work: import what :func:`write_corpus_tables` needs, while the run goes on."""
    import pyarrow.csv  # noqa: F401
    import pyarrow.parquet  # noqa: F401


class CorpusTablesProcess:
    """A process that imports pyarrow when the run starts and writes the corpus-wide tables at its end.

    Forked (where the system can fork) before the run's workers and threads exist, so the child holds
    no lock of theirs; elsewhere spawned. If no process can be started, the tables are written in place.
    """

    def __init__(self) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._pool: ProcessPoolExecutor | None
        try:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method))
            self._warm = self._pool.submit(_import_pyarrow)  # forks the process now
        except OSError:  # no process to be had (a limit on processes): the main process does it
            self._pool = None

    def write(self, job: CorpusTablesJob) -> CorpusTables:
        """Write the tables of ``job`` (:func:`write_corpus_tables`); a fault doing so is raised here."""
        if self._pool is None:
            return write_corpus_tables(job)
        try:
            return self._pool.submit(write_corpus_tables, job).result()
        finally:
            self.abort()

    def abort(self) -> None:
        """Stop the process (what it has not written is not written)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
