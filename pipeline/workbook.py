"""``plans.xlsx``, written row by row while a run's documents arrive.

xlsxwriter's constant-memory mode keeps only the current row of each sheet in memory, so the
workbook costs the same memory for ten plans or ten thousand, and a batch can add each
document's rows as soon as its worker returns them instead of writing the whole workbook at
the end. The file is written under a temporary name and renamed into place when closed.
"""

from __future__ import annotations

import numbers
import os
import tempfile
from datetime import datetime
from pathlib import Path

import pandas as pd

EXCEL_ROWS = 1_048_576  # rows in a sheet, header included
EPOCH = datetime(2000, 1, 1)  # the workbook's creation date: the same input gives the same bytes
# Text stays text: a cell starting with = or http is not made a formula or a link.
OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False}  # fmt: skip


class WorkbookStream:
    """A workbook with one sheet per table, filled by :meth:`add` and finished by :meth:`close`."""

    def __init__(self, path: Path, sheets: dict[str, list[str]]) -> None:
        import xlsxwriter

        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        self.book = xlsxwriter.Workbook(self.tmp, OPTIONS)
        self.book.set_properties({"created": EPOCH})
        self.sheets = {}
        self.rows: dict[str, int] = {}
        for name, columns in sheets.items():
            self.sheets[name] = self.book.add_worksheet(name)
            self.sheets[name].write_row(0, 0, columns)
            self.rows[name] = 1
        self.too_long: list[str] = []

    def add(self, name: str, rows: list[tuple]) -> None:
        """Append rows to sheet ``name`` (values in the sheet's column order)."""
        start = self.rows[name]
        self.rows[name] = start + len(rows)
        if self.rows[name] > EXCEL_ROWS:
            self.too_long.append(name)
            return
        sheet = self.sheets[name]
        text, number = sheet.write_string, sheet.write_number
        for r, row in enumerate(rows, start=start):
            for c, value in enumerate(row):
                kind = type(value)
                if kind is str:  # nearly every cell: tested first
                    if value:
                        text(r, c, value)
                elif kind is int:
                    number(r, c, value)
                elif value is None or value is pd.NA or value != value:  # empty, NaN
                    continue
                elif isinstance(value, numbers.Real) and not isinstance(value, bool):
                    number(r, c, value)
                else:
                    text(r, c, str(value))

    def abort(self) -> None:
        """Drop the unfinished file (a run that did not finish leaves no half-written workbook)."""
        self.book.close()
        os.unlink(self.tmp)

    def close(self) -> str:
        """Finish the file and move it into place; or, past Excel's row limit, say so and drop it."""
        self.book.close()
        if self.too_long:
            os.unlink(self.tmp)
            if self.path.exists():
                self.path.unlink()
            sizes = ", ".join(f"{n} has {self.rows[n] - 1:,} rows" for n in dict.fromkeys(self.too_long))
            return f"{self.path.name} not written: {sizes}, over Excel's {EXCEL_ROWS - 1:,}"
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)
        os.replace(self.tmp, self.path)
        return ""
