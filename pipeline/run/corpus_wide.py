"""The tables a run writes from its whole corpus: Parquet, lexicon gaps, bodies by year, functions by level.

Each streamed CSV (:mod:`pipeline.io.streamed_csv`) is read back once, a piece at a time: written as
Parquet, and the columns the gaps and the panels use counted (:class:`CorpusStreams`). This is
pyarrow's work, and pyarrow (with numpy) takes about 0.12 s to import, a sixth of a one-plan run. So a
run hands it to a process of its own (:class:`CorpusTablesProcess`), forked when the run starts: it
imports pyarrow while the main process reads the documents, reads each piece of the tables as soon
as the piece is whole, and finishes the files when the run ends; the main process never imports
pyarrow. Where no process can be had, the same :class:`CorpusStreams` reads every piece at the end.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io.corpus_tables import (
    DOCUMENT_INTS,
    FUNCTION_PANEL_COLUMNS,
    GAP_COLUMNS,
    PANEL_COLUMNS,
    RowTable,
    write_table_csv,
)
from ..io.streamed_csv import StreamedCsv, WrittenCsv
from ..io.table_counters import FunctionPanelCounter, GapCounter, PanelCounter
from ..io.tables import INT_COLUMNS, atomic_write

if TYPE_CHECKING:
    import pyarrow as pa

# The assignments' columns the counters read (gaps, bodies by year, functions by level).
COUNTED = ["doc_id", "measure_id", "body", "body_id", "body_kind", "level", "place", "function", "role", "start", "end"]
ROW_GROUP = 20_000  # rows per Parquet row group
STREAMED = ("assignments", "measures")  # read piece by piece; documents.csv is read whole at the end


@dataclass(frozen=True)
class CorpusTablesJob:
    """What the corpus-wide tables are made from.

    Attributes:
        out: the run's output folder.
        formats: the formats of the combined tables (``parquet`` and ``csv`` matter here).
        tables: the streamed ``measures``, ``assignments`` and ``documents`` CSVs, as written.
        years: each document's year, for the panels, in the order the documents were added.
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
    """Write the Parquet files and the counted tables of ``job`` (those of its formats), in place.

    Args:
        job: the streamed tables, the years and the formats.
    Returns:
        The lexicon gaps, bodies by year and functions by level, written as CSV when ``csv`` is a format.
    """
    streams = CorpusStreams(job.out, job.formats)
    streams.add_years(list(job.years.items()))
    return streams.finish(job)


class CorpusStreams:
    """The streamed tables read back a piece at a time, as their pieces become whole.

    The assignments are counted as they come; a measure's text, which a gap's example shows, is kept
    only until the assignments of its document are counted (then it is known whether a gap's first
    row points at it), so memory holds about a piece of it.

    Args:
        out: the run's output folder.
        formats: the formats of the combined tables.
    """

    def __init__(self, out: Path, formats: tuple[str, ...]) -> None:
        self.out, self.formats = out, formats
        self.years: dict[str, int | None] = {}
        self.order: dict[str, int] = {}  # doc_id → its place in the tables
        self.gaps, self.panel = GapCounter(), PanelCounter(self.years)
        self.functions = FunctionPanelCounter(self.years)
        self.read = dict.fromkeys(STREAMED, 0)  # pieces read so far, per table
        parquet = "parquet" in formats
        self.sinks = {name: _ParquetSink(out / f"{name}.parquet") if parquet else None for name in STREAMED}
        self.counted_through = -1  # the place of the last document whose assignments are all counted
        self.held: list[tuple[int, str, str, str]] = []  # (place, doc, measure, text) not yet settled
        self.texts: dict[tuple[str, str], str] = {}  # the examples' measure texts

    def add_years(self, years: list[tuple[str, int | None]]) -> None:
        """The years of the documents added since the last call, in the order they were added."""
        for doc, year in years:
            self.order.setdefault(doc, len(self.order))
            self.years[doc] = year

    def grow(self, tables: Mapping[str, WrittenCsv], stop_at_last_cut: bool = True) -> None:
        """Read the pieces of ``tables`` not read yet: the whole ones (or all, at the end)."""
        for name in STREAMED:
            table = tables[name]
            stop = table.complete if stop_at_last_cut else table.count
            schema = table.schema(INT_COLUMNS) if stop > self.read[name] else None
            for piece in table.pieces(INT_COLUMNS, self.read[name], stop):
                self._piece(name, piece, schema)
                self.read[name] += 1

    def _piece(self, name: str, piece: pa.Table, schema: pa.Schema) -> None:
        sink = self.sinks[name]
        if sink is not None:
            sink.add(piece, schema)
        if name == "assignments":
            batch = piece.select(COUNTED).to_pydict()
            for counter in (self.gaps, self.panel, self.functions):
                counter.add(batch)
            if batch["doc_id"]:
                self.counted_through = self.order.get(batch["doc_id"][-1], self.counted_through)
        else:
            batch = piece.select(["doc_id", "measure_id", "text_simplified"]).to_pydict()
            self.held += [(self.order.get(d, -1), d, m, t) for d, m, t in
                          zip(batch["doc_id"], batch["measure_id"], batch["text_simplified"])]  # fmt: skip
        self._settle(self.counted_through)

    def _settle(self, through: int) -> None:
        """Keep the texts the gaps' examples show among the held measures of documents up to ``through``."""
        if not self.held or self.held[0][0] > through:
            return
        wanted = self.gaps.wanted()
        keep = []
        for place, doc, measure, text in self.held:
            if place > through:
                keep.append((place, doc, measure, text))
            elif (doc, measure) in wanted:
                self.texts[(doc, measure)] = text
        self.held = keep

    def finish(self, job: CorpusTablesJob) -> CorpusTables:
        """Read the rest, finish the Parquet files and write the counted tables (see :func:`write_corpus_tables`)."""
        self.add_years([(doc, year) for doc, year in job.years.items() if doc not in self.order])
        self.grow(job.tables, stop_at_last_cut=False)
        self._settle(len(self.order) + len(self.held))  # every document's assignments are counted now
        for name in STREAMED:
            if (sink := self.sinks[name]) is not None:
                sink.finish(job.tables[name].schema(INT_COLUMNS))
        counted = CorpusTables(RowTable(GAP_COLUMNS, self.gaps.rows(self.texts)),
                               RowTable(PANEL_COLUMNS, self.panel.rows(), {"year": "Int64"}),
                               RowTable(FUNCTION_PANEL_COLUMNS, self.functions.rows(), {"year": "Int64"}))  # fmt: skip
        if "csv" in job.formats:  # documents.csv is the streamed file, published by the run
            write_table_csv(counted.gaps, job.out / "lexicon_gaps.csv")
            write_table_csv(counted.panel, job.out / "bodies_by_year.csv")
            write_table_csv(counted.functions, job.out / "functions_by_level.csv")
        if "parquet" in job.formats:  # its counts and year int64, the rest text, as the streamed tables
            from pyarrow import parquet as pq

            documents = job.tables["documents"].table(DOCUMENT_INTS)
            atomic_write(job.out / "documents.parquet", lambda tmp: pq.write_table(documents, tmp))
        return counted

    def abort(self) -> None:
        """Drop the unfinished Parquet files."""
        for sink in self.sinks.values():
            if sink is not None:
                sink.abort()


class _ParquetSink:
    """A Parquet file written a piece at a time, in row groups of ``ROW_GROUP`` rows (the row groups a
    whole table written at once would have: memory holds one of them at most), renamed into place
    when finished."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = str(path.with_name(f".{path.stem}.{os.getpid()}{path.suffix}"))
        self.writer: Any = None
        self.pending: list[pa.RecordBatch] = []
        self.held = self.groups = 0

    def add(self, piece: pa.Table, schema: pa.Schema) -> None:
        """Take a piece of the table (of the table's ``schema``)."""
        import pyarrow as pa

        self._open(schema)
        self.pending += piece.to_batches()
        self.held += piece.num_rows
        while self.held >= ROW_GROUP:
            group, self.pending = _split(self.pending, schema)
            self.writer.write_table(group, row_group_size=ROW_GROUP)
            self.held, self.groups = self.held - ROW_GROUP, self.groups + 1
            del group  # before the next pieces come: one row group's copy at a time
            # pyarrow's allocator (mimalloc) keeps the pages a row group freed, and the next
            # one's buffers of other sizes take new ones: measured, a run's peak memory grew
            # by some 30 MB over its first dozen row groups. Returned once a row group (a
            # few milliseconds), it stays at one row group's.
            pa.default_memory_pool().release_unused()

    def finish(self, schema: pa.Schema) -> None:
        """Write the last row group (for an empty table, one of no rows, as ``write_table``) and publish."""
        import pyarrow as pa

        self._open(schema)
        if self.held or not self.groups:
            self.writer.write_table(pa.Table.from_batches(self.pending, schema).combine_chunks(),
                                    row_group_size=ROW_GROUP)  # fmt: skip
        self.writer.close()
        self.writer = None
        os.replace(self.tmp, self.path)

    def _open(self, schema: pa.Schema) -> None:
        from pyarrow import parquet as pq

        if self.writer is None:
            if os.path.lexists(self.tmp):  # left by a killed process of the same number
                os.unlink(self.tmp)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(self.tmp, schema)

    def abort(self) -> None:
        """Close and remove the unfinished file."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


def _split(pending: list[pa.RecordBatch], schema: pa.Schema) -> tuple[pa.Table, list[pa.RecordBatch]]:
    """The first ``ROW_GROUP`` rows of ``pending`` as one chunk a column (as the writer sees a row
    group of a whole table), and the rest, still the pieces' rows (no copy).

    The pieces the row group used up are let go before it is written: memory holds the row
    group's copy and what is left of one piece, not the pieces too.
    """
    import pyarrow as pa

    rows = pa.Table.from_batches(pending, schema)
    return rows.slice(0, ROW_GROUP).combine_chunks(), rows.slice(ROW_GROUP).to_batches()


def _serve(conn: Any, out: Path, formats: tuple[str, ...]) -> None:
    """The process's loop: pyarrow imported first, then each message of the run (see :class:`CorpusTablesProcess`)."""
    import pyarrow.csv  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    streams = CorpusStreams(out, formats)
    failed: BaseException | None = None
    try:
        while True:
            kind, *args = conn.recv()
            if kind == "abort":
                streams.abort()
                return
            try:
                if kind == "grow" and failed is None:
                    streams.add_years(args[1])
                    streams.grow(args[0])
                elif kind == "finish":
                    if failed is not None:
                        raise failed
                    conn.send(("done", streams.finish(args[0])))
                    return
            except Exception as err:  # noqa: BLE001 - told to the main process at the end
                if kind == "finish":
                    streams.abort()
                    conn.send(("failed", err))
                    return
                failed = err
    except EOFError:  # the main process is gone
        streams.abort()


class CorpusTablesProcess:
    """A process that imports pyarrow when the run starts, reads each whole piece of the streamed
    tables as the run goes, and finishes the corpus-wide tables at its end.

    Forked (where the system can fork) before the run's workers and threads exist, so the child holds
    no lock of theirs; elsewhere spawned. If no process can be started, the tables are written in place.

    Args:
        out: the run's output folder.
        formats: the formats of the combined tables.
    """

    def __init__(self, out: Path, formats: tuple[str, ...]) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self._conn: Any = None
        self._pieces = dict.fromkeys(STREAMED, 0)  # whole pieces told to the process, per table
        self._years: list[tuple[str, int | None]] = []  # documents added since the last message
        try:
            self._conn, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child, out, formats), daemon=True)
            self._process.start()
            child.close()
        except OSError:  # no process to be had (a limit on processes): the main process does it
            self._conn = None

    def added(self, doc_id: str, year: int | None, files: Mapping[str, StreamedCsv]) -> None:
        """A document was added to the streamed ``files``: hand the process the pieces that became whole."""
        if self._conn is None:
            return
        self._years.append((doc_id, year))
        if all(files[name].whole == self._pieces[name] for name in STREAMED):
            return
        self._conn.send(("grow", {name: files[name].written() for name in STREAMED}, self._years))
        self._pieces = {name: files[name].whole for name in STREAMED}
        self._years = []

    def write(self, job: CorpusTablesJob) -> CorpusTables:
        """Finish the tables of ``job`` (:func:`write_corpus_tables`); a fault doing so is raised here."""
        if self._conn is None:
            return write_corpus_tables(job)
        try:
            self._conn.send(("finish", job))
            kind, value = self._conn.recv()
        except EOFError as err:
            raise RuntimeError("the process writing the Parquet files ended unexpectedly") from err
        finally:
            self._stop()
        if kind == "failed":
            raise value
        return value

    def abort(self) -> None:
        """Stop the process (what it has not written is not written)."""
        if self._conn is not None:
            try:
                self._conn.send(("abort",))
            except OSError:
                pass
            self._stop()

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._process.join()
