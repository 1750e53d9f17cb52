"""Spreadsheets and CSV files as tables: each sheet of a workbook (.xlsx, .xlsm, .xls, .ods)
read by calamine with its merged ranges, a CSV file's rows as one table.

A workbook's sheets are parts of one document, in sheet order; each sheet is a :class:`Table`
cited as a sheet (``sheet 任务分工!C7``). Values are written as a reader sees them: a whole
number without ``.0``, a date as 2023年6月30日.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, BinaryIO

from ..errors import FengongError
from ..types import Block, Table, TableCell

SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".et"}
MAX_ODS_XML = 200 << 20  # an .ods sheet XML read for its merged ranges, at most (without --max-bytes)
MAX_CELLS = 2_000_000  # a sheet past this many places is a data dump, not a plan (checked before reading)


def _value(value: Any) -> str:
    """A cell's value as its text."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日" + (f"{value:%H:%M}" if value.time() != dt.time() else "")
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def sheet_blocks(fh: BinaryIO, source: str, max_bytes: int | None = None) -> list[Block]:
    """Every sheet of a workbook as a :class:`Table` (empty sheets left out).

    Raises:
        FengongError: [E004] for a file calamine cannot open as a workbook, [E014] for a
            sheet whose text passes ``max_bytes``.
    """
    from python_calamine import CalamineWorkbook

    from .formats import check_unpacked
    from .ods_spans import ods_merged_ranges

    try:
        book = CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine raises its own errors for each format's faults
        raise FengongError("E004", source, detail=f"not a workbook ({type(exc).__name__}: {str(exc)[:80]})") from exc
    blocks: list[Block] = []
    size = 0
    ods: dict[str, list] | None = None  # an .ods file's merged ranges, which calamine does not give
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            if sheet.total_height * sheet.total_width > MAX_CELLS:
                raise FengongError("E014", source, detail=f"sheet {name}, {sheet.total_height} rows,",
                                   limit=f"{MAX_CELLS:,} cells")  # fmt: skip
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges
            if merged is None:
                ods = ods_merged_ranges(fh, max_bytes or MAX_ODS_XML) if ods is None else ods
                merged = ods.get(name, [])
        except FengongError:
            raise
        except Exception as exc:
            raise FengongError("E005", source, detail=f"sheet {name} unreadable ({type(exc).__name__})") from exc
        table = _sheet_table(name, rows, merged)
        size += sum(len(c.text.encode("utf-8")) for c in table.cells)
        check_unpacked(size, source, max_bytes, f"its text (by sheet {name})")
        if table.cells:
            blocks.append(table)
    return blocks


def _sheet_table(name: str, rows: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> Table:
    """A sheet's cells: each merged range one cell (its top-left value), every other non-empty
    value a cell of its own."""
    covered: set[tuple[int, int]] = set()
    cells: list[TableCell] = []
    for (r0, c0), (r1, c1) in merged:
        text = _value(rows[r0][c0]) if r0 < len(rows) and c0 < len(rows[r0]) else ""
        cells.append(TableCell(r0, c0, text, r1 - r0 + 1, c1 - c0 + 1))
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = _value(value)
            if text.strip() and (r, c) not in covered:
                cells.append(TableCell(r, c, text))
    return Table(name, sorted(cells, key=lambda c: (c.row, c.col)), sheet=True)


def csv_blocks(text: str, name: str = "table 1") -> list[Block]:
    """A CSV file's rows (comma, tab or semicolon between cells, as the file shows) as one table."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    cells = [TableCell(r, c, value) for r, row in enumerate(rows) for c, value in enumerate(row) if value.strip()]
    return [Table(name, cells)] if cells else []
