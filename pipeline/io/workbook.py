"""``plans.xlsx``, written row by row while a run's documents arrive, in a process of its own.

xlsxwriter's constant-memory mode keeps only the current row of each sheet in memory, so the
workbook costs the same memory for ten plans or ten thousand. Its public ``write_string`` and
``write_number`` take several microseconds a cell, and a corpus's workbook has hundreds of
thousands of cells; so the sheets are written by a child process, fed each document's rows
through a queue as soon as its worker returns them. The workbook then overlaps the run (on a
core of its own when the run has one worker) instead of following it, and the main process only
sends rows. The file is written under a temporary name and renamed into place when closed.
"""

from __future__ import annotations

import math
import multiprocessing
import numbers
import os
import queue
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

EXCEL_ROWS = 1_048_576  # rows in a sheet, header included
EPOCH = datetime(2000, 1, 1)  # the workbook's creation date: the same input gives the same bytes
# Text stays text: a cell starting with = or http is not made a formula or a link.
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
# Up to this many documents the workbook is held whole until closed (xlsxwriter's default mode): its
# cells cost a third of what they cost in constant-memory mode, and a few plans' rows fit in a few
# MB. A larger run streams its rows (constant memory), so that memory stays flat.
IN_MEMORY_DOCUMENTS = 10
BACKLOG = 256  # row batches the writer may fall behind before the run waits for it (bounds memory)
POLL_S = 0.5  # how often a wait on the writer checks that it is still alive

# Column widths in characters (a CJK character counts about two): long texts wide, codes narrow.
WIDTHS = {"text": 60, "text_simplified": 60, "raw": 16, "body": 28, "body_en": 36, "section_title": 30,
          "item_title": 30, "source": 40, "message": 60, "warnings": 60, "title": 40, "notice_title": 40,
          "issuer": 20, "addressees": 40, "doc_id": 30, "path": 8, "sha256": 16, "flags": 16, "marker": 10,
          "verbs": 16, "deadline": 16, "role": 12, "date": 11}  # fmt: skip


class WorkbookStream:
    """A workbook with one sheet per table, filled by :meth:`add` and finished by :meth:`close`.

    Args:
        path: where the workbook goes (written under a temporary name beside it first).
        sheets: the first sheets, in order: name → column names (the header row).
        in_memory: hold the whole workbook until it is closed (few rows: faster), rather than
            stream each row to disk as it is complete (constant memory).
    """

    def __init__(self, path: Path, sheets: dict[str, list[str]], in_memory: bool = False) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        self.rows: dict[str, int] = {}
        self.columns: dict[str, list[str]] = {}
        self.too_long: list[str] = []
        methods = multiprocessing.get_all_start_methods()
        # fork: the writer needs nothing imported again (spawn where there is no fork).
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._queue = context.Queue(BACKLOG)
        self._result = context.Queue(1)
        self._writer = context.Process(target=_write_book, args=(self.tmp, self._queue, self._result, in_memory),
                                       name="fengong-workbook", daemon=True)  # fmt: skip
        self._writer.start()
        for name, columns in sheets.items():
            self.add_sheet(name, columns)

    def add_sheet(self, name: str, columns: list[str]) -> None:
        """Add a sheet (after the others) with its header row; fill it with :meth:`add`."""
        self.rows[name] = 1
        self.columns[name] = list(columns)
        self._send(("sheet", name, list(columns)))

    def add(self, name: str, rows: list[tuple]) -> None:
        """Append ``rows`` (values in the sheet's column order) to sheet ``name``."""
        start = self.rows[name]
        self.rows[name] = start + len(rows)
        if self.rows[name] > EXCEL_ROWS:
            self.too_long.append(name)
            return
        if rows:
            self._send(("rows", name, start, rows))

    def _send(self, message: tuple) -> None:
        """Queue a message for the writer; waits while it is behind, never on a writer that died."""
        while self._writer.is_alive():
            try:
                self._queue.put(message, timeout=POLL_S)
                return
            except queue.Full:
                continue

    def _finished(self) -> str:
        """The writer's last word: "" when the file is complete, else what went wrong."""
        while True:
            try:
                return self._result.get(timeout=POLL_S)
            except queue.Empty:
                if not self._writer.is_alive():
                    return f"the writer process ended early (exit code {self._writer.exitcode})"

    def abort(self) -> None:
        """Drop the unfinished file (a run that did not finish leaves no half-written workbook)."""
        if self._writer.is_alive():
            self._writer.terminate()
        self._writer.join()
        self._let_go()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)

    def _let_go(self) -> None:
        """Close the queues without waiting to flush rows no writer will read (at exit, the
        queue's feeder thread would otherwise block on a pipe nobody empties)."""
        for q in (self._queue, self._result):
            q.cancel_join_thread()
            q.close()

    def close(self) -> str:
        """Finish the file and move it into place; or, past Excel's row limit, say so and drop it.

        Every sheet gets its layout first (:func:`lay_out`: frozen header, filters, widths).
        Returns:
            ``""``, or the warning of a workbook not written (too many rows, or a writer that
            failed), which the run shows and keeps in its folder; the other tables are written.
        """
        if self.too_long:
            self.abort()
            if self.path.exists():
                self.path.unlink()
            sizes = ", ".join(f"{n} has {self.rows[n] - 1:,} rows" for n in dict.fromkeys(self.too_long))
            return f"{self.path.name} not written: {sizes}, over Excel's {EXCEL_ROWS - 1:,}"
        self._send(("close", {n: min(r, EXCEL_ROWS) for n, r in self.rows.items()}))
        error = self._finished()
        self._writer.join()
        self._let_go()
        if error:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)
            return f"{self.path.name} not written: {error}"
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)
        os.replace(self.tmp, self.path)
        return ""


def _write_book(path: str, inbox: Any, result: Any, in_memory: bool) -> None:
    """The writer process: sheets and rows from ``inbox`` into the workbook at ``path``."""
    try:
        import xlsxwriter

        book = xlsxwriter.Workbook(path, {**OPTIONS, "constant_memory": not in_memory})
        book.set_properties({"created": EPOCH})
        sheets: dict[str, Any] = {}
        columns: dict[str, list[str]] = {}
        parent = multiprocessing.parent_process()
        while True:
            try:
                message = inbox.get(timeout=POLL_S)
            except queue.Empty:
                if parent is not None and not parent.is_alive():  # the run was killed: no orphan
                    return
                continue
            if message[0] == "sheet":
                _, name, header = message
                sheets[name] = book.add_worksheet(name)
                sheets[name].write_row(0, 0, header)
                columns[name] = header
            elif message[0] == "rows":
                _, name, start, rows = message
                write_rows(sheets[name], start, rows)
            else:
                for name, sheet in sheets.items():
                    lay_out(sheet, columns[name], message[1][name])
                book.close()
                result.put("")
                return
    except Exception as err:  # noqa: BLE001 - sent back to the run, which reports it
        result.put(f"{type(err).__name__}: {err}")


def write_rows(sheet: Any, start: int, rows: Iterable[tuple]) -> None:
    """Write ``rows`` from row ``start`` on, by xlsxwriter's public ``write_string``/``write_number``.

    Text is written as text, numbers as numbers; an empty text, None, NaN or an infinity leaves
    the cell empty, and any other value is written as its ``str``. A text shaped like the XML
    of rich text (``<r>…</r>``), which ``write_string`` would copy into the file unescaped, is
    written as three plain fragments of rich text: the same characters, escaped.
    """
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, row in enumerate(rows, start):
        for c, value in enumerate(row):
            kind = type(value)
            if kind is not str and kind is not int:
                value = _plain(value)
            if value is None or value == "":
                continue
            if isinstance(value, str):
                if value.startswith("<r>") and value.endswith("</r>"):
                    sheet.write_rich_string(r, c, value[:1], value[1:-1], value[-1:])
                else:
                    write_string(r, c, value)
            else:
                write_number(r, c, value)


def _plain(value: object) -> str | int | float | None:
    """A cell's value as it is written: text, a number, or nothing (empty, NaN, infinite)."""
    if value is None or type(value).__name__ == "NAType":  # pandas.NA, without importing pandas
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) else None
    return str(value)


def lay_out(sheet: Any, columns: list[str], n_rows: int) -> None:
    """A sheet's layout, by xlsxwriter's public API: the header row frozen, a filter on every
    column of the ``n_rows`` rows (header included), and widths by column name."""
    if not columns:
        return
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n_rows - 1, 0), len(columns) - 1)
    for c, name in enumerate(columns):
        sheet.set_column(c, c, WIDTHS.get(name, max(len(name) + 4, 10)))
