"""A combined table written to a temporary CSV file while the documents arrive, and read back in pieces.

The file is read back by pieces this writer cut, not by pyarrow's streaming reader
(``pyarrow.csv.open_csv``): that reader's input thread reads up to 32 blocks ahead of the
batches taken from it (Arrow's read-ahead, not an option), so with blocks of 1 MiB a run held
up to 32 MiB more of the file, and the memory of a run grew with its corpus until its tables
passed that size (issue 26). Smaller blocks are no cure: a row longer than a block cannot be
read. The writer knows where the rows it appends end, so it cuts the file there, into pieces
of about :data:`PIECE_BYTES`; each piece is parsed alone, as one block (so a long row is never
cut), and only one is held at a time. The rows, their order and their types are those a
reader of the whole file gives.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.corpus_tables import csv_options
from ..io.tables import csv_lines, temp_path

if TYPE_CHECKING:
    import pyarrow as pa

BOM = "\ufeff".encode()  # as open_csv writes it: Excel reads the file as UTF-8
PIECE_BYTES = 1 << 20  # CSV bytes of a piece read back (at least one document's rows: a piece ends between two)


class StreamedCsv:
    """A CSV table under a temporary name beside ``path``: a header, then rows as CSV text.

    Args:
        path: the table the file becomes (:func:`~pipeline.io.tables.publish` moves the temporary file, ``tmp``, there).
        columns: the column names, the header row.
    """

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.columns = columns
        self.tmp = temp_path(path)
        # A piece's worth of buffer: a document's rows are one write, not a system call each
        # (written() flushes before the file is read).
        self._fh = open(self.tmp, "wb", buffering=max(PIECE_BYTES, io.DEFAULT_BUFFER_SIZE))  # noqa: SIM115 - closed by close or discard
        head = BOM + csv_lines([columns]).encode("utf-8")
        self._fh.write(head)
        self._size = len(head)
        self._cuts = [self._size]  # byte offsets where a piece starts; the rows begin after the header
        self._quoted = False  # whether the text so far leaves a quoted field open (never, for rows csv wrote)

    def write(self, text: str) -> None:
        """Append rows given as CSV text (:func:`~pipeline.io.tables.csv_lines`)."""
        data = text.encode("utf-8")  # what a text file in UTF-8 writes: the same bytes
        self._fh.write(data)
        self._size += len(data)
        self._quoted ^= data.count(b'"') % 2 == 1  # a quote inside a field is doubled: pairs close
        # A piece ends only where a row does, so that each piece parses as the whole file would.
        if self._size - self._cuts[-1] >= PIECE_BYTES and data.endswith(b"\n") and not self._quoted:
            self._cuts.append(self._size)

    def close(self) -> None:
        """Finish the file (the pieces are read from it after)."""
        self._fh.close()

    def discard(self) -> None:
        """Close and remove the file (a run that did not finish)."""
        self._fh.close()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)

    @property
    def whole(self) -> int:
        """How many pieces are whole so far (they end at a cut)."""
        return len(self._cuts) - 1

    def written(self) -> WrittenCsv:
        """What is written so far, to be read back (picklable: another process may read it)."""
        if not self._fh.closed:
            self._fh.flush()
        return WrittenCsv(self.tmp, self.columns, tuple(self._cuts), self._size)


@dataclass(frozen=True)
class WrittenCsv:
    """A streamed CSV file as written: where its pieces start, read back a piece at a time.

    Attributes:
        tmp: the file.
        columns: its column names.
        cuts: the byte offsets where a piece starts (the first: where the rows begin).
        size: its size in bytes.
    """

    tmp: str
    columns: list[str]
    cuts: tuple[int, ...]
    size: int

    def schema(self, ints: set[str] | frozenset[str]) -> pa.Schema:
        """The table's types: columns ``ints`` int64, the others text (as :meth:`pieces` reads them)."""
        import pyarrow as pa

        return pa.schema([(c, pa.int64() if c in ints else pa.string()) for c in self.columns])

    @property
    def complete(self) -> int:
        """How many pieces are whole: those before the last cut (the rows after it may grow)."""
        return len(self.cuts) - 1

    @property
    def count(self) -> int:
        """How many pieces the file holds, the rows after the last cut included."""
        return self.complete + (self.size > self.cuts[-1])

    def pieces(self, ints: set[str] | frozenset[str], first: int = 0, stop: int | None = None) -> Iterator[pa.Table]:
        """The rows, one piece at a time, in order, typed as :meth:`schema` says (an empty cell of
        an int column is null, of a text column '').

        Args:
            ints: the int64 columns.
            first: the first piece to read (those before it were read already).
            stop: the piece to stop before (None: every piece, the rows after the last cut included).
        Returns:
            An iterator of pyarrow tables, one chunk per column each; none for a table with no rows.
        """
        import pyarrow as pa
        from pyarrow import csv as pacsv

        parse, convert = csv_options(self.columns, ints)
        bounds = [*self.cuts, self.size] if self.size > self.cuts[-1] else list(self.cuts)
        stop = len(bounds) - 1 if stop is None else stop
        with open(self.tmp, "rb") as fh:
            for k in range(first, stop):
                fh.seek(bounds[k])
                data = fh.read(bounds[k + 1] - bounds[k])
                # One block the size of the piece: no row straddles two blocks. One block is parsed
                # by one thread anyway; without the reader's thread pool its threads' allocations do
                # not add up piece after piece (measured: the memory then stays flat).
                read = pacsv.ReadOptions(column_names=self.columns, block_size=len(data) + 1, use_threads=False)
                yield pacsv.read_csv(pa.BufferReader(data), read_options=read, parse_options=parse,
                                     convert_options=convert).combine_chunks()  # fmt: skip

    def table(self, ints: set[str] | frozenset[str]) -> pa.Table:
        """The whole table (for a table that is read whole: the documents), one chunk per column."""
        import pyarrow as pa

        parts = list(self.pieces(ints))
        return pa.concat_tables(parts).combine_chunks() if parts else self.schema(ints).empty_table()

