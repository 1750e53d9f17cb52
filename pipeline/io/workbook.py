"""``plans.xlsx``, written row by row while a run's documents arrive.

xlsxwriter's constant-memory mode keeps only the current row of each sheet in memory, so the
workbook costs the same memory for ten plans or ten thousand, and a batch can add each
document's rows as soon as its worker returns them instead of writing the whole workbook at
the end. The file is written under a temporary name and renamed into place when closed.

xlsxwriter writes a cell through half a dozen Python calls, several microseconds, and a
corpus's workbook has millions of cells. So the rows' XML is rendered here, in the workers
(:func:`render_rows`), as xlsxwriter would write it, and appended to the sheet's row file
(:meth:`WorkbookStream.add`); xlsxwriter still makes the rest of the file. That uses a few
of its private names (``_write_single_row``, ``_check_dimensions``, ``fh``,
``previous_row``; and, to copy the rows into the sheet as bytes when the file is closed,
``_write_optimized_sheet_data``, ``row_data_fh`` and ``row_data_filename``): the version is
pinned, and ``tests/test_workbook.py`` checks that the file is byte for byte the one
xlsxwriter's own ``write_string``/``write_number`` make.
"""

from __future__ import annotations

import math
import numbers
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

EXCEL_ROWS = 1_048_576  # rows in a sheet, header included
EPOCH = datetime(2000, 1, 1)  # the workbook's creation date: the same input gives the same bytes
# Text stays text: a cell starting with = or http is not made a formula or a link.
OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False}  # fmt: skip
_STRMAX = 32767  # characters (UTF-16 units) in a cell
_XLS_COLUMNS = 16_384  # columns in a sheet
_SIMPLE = frozenset({str, int, type(None)})  # the kinds of cell a row template holds
_SEPARATOR = "\ufffd"  # joins a row's cells for one check of them all (printable, rare)


class WorkbookStream:
    """A workbook with one sheet per table, filled by :meth:`add` and finished by :meth:`close`."""

    def __init__(self, path: Path, sheets: dict[str, list[str]]) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        import xlsxwriter  # here, not at import: a run without the workbook does not load it

        self.book = xlsxwriter.Workbook(self.tmp, OPTIONS)
        self.book.set_properties({"created": EPOCH})
        self.sheets = {}
        self.rows: dict[str, int] = {}
        self.columns: dict[str, list[str]] = {}
        for name, columns in sheets.items():
            self.add_sheet(name, columns)
        self.too_long: list[str] = []
        self._templates: dict = {}  # row templates, shared by the sheets (see render_rows)

    def add_sheet(self, name: str, columns: list[str]) -> None:
        """Add a sheet (after the others) with its header row; fill it with :meth:`add`."""
        sheet = self.sheets[name] = self.book.add_worksheet(name)
        sheet.write_row(0, 0, columns)
        sheet._write_optimized_sheet_data = partial(_copy_row_file, sheet, sheet._write_optimized_sheet_data)
        self.rows[name] = 1
        self.columns[name] = list(columns)

    def add_frame(self, name: str, df: pd.DataFrame) -> None:
        """Add a sheet holding a whole DataFrame (the manifest, the bodies-by-year panel)."""
        self.add_sheet(name, [str(c) for c in df.columns])
        self.add(name, list(df.itertuples(index=False, name=None)))

    def add(self, name: str, rows: list[tuple] | SheetRows) -> None:
        """Append rows to sheet ``name``: values in the sheet's column order, or rendered."""
        piece = rows if isinstance(rows, SheetRows) else render_rows(rows, self._templates)
        start = self.rows[name]
        self.rows[name] = start + piece.count
        if self.rows[name] > EXCEL_ROWS:
            self.too_long.append(name)
            return
        if piece.first < 0:  # no cell to write
            return
        sheet = self.sheets[name]
        sheet._write_single_row(start)  # flush a row still pending from xlsxwriter's own writes
        sheet._check_dimensions(start + piece.first, piece.left)
        sheet._check_dimensions(start + piece.last, piece.right)
        sheet.fh.write(piece.xml.format(*range(start + 1, start + 1 + piece.count)))  # XML rows count from 1
        sheet.previous_row = start + piece.last

    def abort(self) -> None:
        """Drop the unfinished file (a run that did not finish leaves no half-written workbook)."""
        if not self.book.fileclosed:
            self.book.close()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)

    def close(self) -> str:
        """Finish the file and move it into place; or, past Excel's row limit, say so and drop it.

        Every sheet gets its layout first (:func:`lay_out`: frozen header, filters, widths)."""
        for name, sheet in self.sheets.items():
            lay_out(sheet, self.columns[name], min(self.rows[name], EXCEL_ROWS))
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


# Column widths in characters (a CJK character counts about two): long texts wide, codes narrow.
WIDTHS = {"text": 60, "text_simplified": 60, "raw": 16, "body": 28, "body_en": 36, "section_title": 30,
          "item_title": 30, "source": 40, "message": 60, "warnings": 60, "title": 40, "notice_title": 40,
          "issuer": 20, "addressees": 40, "doc_id": 30, "path": 8, "sha256": 16, "flags": 16, "marker": 10,
          "verbs": 16, "deadline": 16, "role": 12, "date": 11}  # fmt: skip


def lay_out(sheet: Any, columns: list[str], n_rows: int) -> None:
    """A sheet's layout, by xlsxwriter's public API: the header row frozen, a filter on every
    column of the ``n_rows`` rows (header included), and widths by column name."""
    if not columns:
        return
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n_rows - 1, 0), len(columns) - 1)
    for c, name in enumerate(columns):
        sheet.set_column(c, c, WIDTHS.get(name, max(len(name) + 4, 10)))


def _copy_row_file(sheet: Any, copy: Callable[[], None]) -> None:
    """Copy a sheet's rows from its row file into the sheet's XML as bytes.

    xlsxwriter copies them through text files, decoding and encoding every character: about
    120 MB for the 400-plan benchmark, at the serial end of a run. The bytes are the same.
    """
    if sheet.dim_rowmin is None:  # no rows: xlsxwriter's own empty element
        copy()
        return
    sheet._xml_start_tag("sheetData")
    sheet.row_data_fh.close()  # flushed; xlsxwriter's own copy closes it here too
    sheet.fh.flush()
    with open(sheet.row_data_filename, "rb") as rows:
        shutil.copyfileobj(rows, sheet.fh.buffer, 1 << 20)
    os.unlink(sheet.row_data_filename)
    sheet._xml_end_tag("sheetData")


@dataclass(frozen=True)
class SheetRows:
    """Rows rendered as sheet XML before their place in the sheet is known.

    ``xml`` is a format string whose field ``{i}`` stands for the number of row ``i``: a
    worker renders its document's rows, the only per-cell work, and the process writing the
    workbook numbers them with one ``str.format`` call when the document's turn comes.
    """

    xml: str
    count: int  # rows, empty ones included
    first: int = -1  # the first and last rows with a cell (-1: none)
    last: int = -1
    left: int = -1  # the first and last columns with one
    right: int = -1


def render_rows(rows: list[tuple], templates: dict | None = None) -> SheetRows:
    """Render ``rows`` (values in column order) as xlsxwriter writes them in constant-memory mode.

    The XML is xlsxwriter's own for the same cells (``tests/test_workbook.py`` compares the
    two byte for byte): its ``write_string`` makes half a dozen Python calls per cell, and a
    corpus's workbook has millions of cells. A row of plain text and integers is one
    ``str.format`` call over a template made once per shape of row (which cells are text,
    numbers or empty), kept in ``templates``.
    """
    from xlsxwriter.utility import xl_col_to_name

    names = [xl_col_to_name(c) for c in range(max(map(len, rows), default=0))]
    templates = {} if templates is None else templates
    out: list[str] = []
    first = last = -1  # the first and last rows with a cell
    lo, hi = _XLS_COLUMNS, -1  # the first and last columns with one
    for i, row in enumerate(rows):
        joined = _SEPARATOR.join(map(str, row))
        plain = len(joined) <= _STRMAX // 2 and not _may_need_escaping(joined)
        kinds = tuple(map(type, row))
        if plain and _SIMPLE.issuperset(kinds):
            shape = (kinds, tuple(map(bool, row)))
            if shape not in templates:
                templates[shape] = _template(shape, names)
            template, left, right = templates[shape]
            # Braces in a value are doubled (a text with one is never plain), so that the
            # XML of every row is a format string again, with {i} for the row's number.
            xml = template.format(f"{{{i}}}", *row) if template else ""
        else:
            cells, left, right = _cells(row, f"{{{i}}}", names)
            xml = f'<row r="{{{i}}}">{"".join(cells)}</row>' if cells else ""
        if xml:
            out.append(xml)
            first, last = (i if first < 0 else first), i
            lo, hi = min(lo, left), max(hi, right)
    if first < 0:
        return SheetRows("", len(rows))
    return SheetRows("".join(out), len(rows), first, last, lo, hi)


def _may_need_escaping(joined: str) -> bool:
    """Whether a cell (or a cell of a row, the cells joined by ``_SEPARATOR``) may need more
    than copying.

    True for every cell xlsxwriter would change (and for a few it would not): XML characters;
    control characters, non-characters and every whitespace but the space (none of them
    printable); a literal ``_xHHHH_``; a space at either end of a cell. Also for a brace,
    which the row's format string must double. Checked with string methods, several times
    faster than one regular expression.
    """
    return (not joined.isprintable() or "&" in joined or "<" in joined or ">" in joined
            or "_x" in joined or "{" in joined or "}" in joined
            or _SEPARATOR + " " in joined or " " + _SEPARATOR in joined
            or joined[:1] == " " or joined[-1:] == " ")  # fmt: skip


def _template(shape: tuple[tuple[type, ...], tuple[bool, ...]], names: list[str]) -> tuple[str, int, int]:
    """The XML of a row of ``shape`` as a format string (``{0}`` the row number, ``{c+1}``
    column c's value), and its first and last columns with a cell; ``""`` for no cell."""
    cells: list[str] = []
    columns: list[int] = []
    for c, (kind, truth) in enumerate(zip(*shape)):
        if kind is int:
            cells.append(f'<c r="{names[c]}{{0}}"><v>{{{c + 1}:.16G}}</v></c>')
        elif kind is str and truth:
            cells.append(f'<c r="{names[c]}{{0}}" t="inlineStr"><is><t>{{{c + 1}}}</t></is></c>')
        else:  # an empty text, or None
            continue
        columns.append(c)
    if not cells:
        return "", -1, -1
    return '<row r="{0}">' + "".join(cells) + "</row>", columns[0], columns[-1]


def _cells(row: tuple, r: str, names: list[str]) -> tuple[list[str], int, int]:
    """The ``<c>`` elements of XML row ``r``, any values, and its first and last columns with a cell."""
    cells: list[str] = []
    left = right = -1
    for c, value in enumerate(row):
        kind = type(value)
        if kind is not str and kind is not int:
            value = _plain(value)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            space = ""
            if len(value) > _STRMAX // 2 or _may_need_escaping(value):
                value, space = _escaped(value)
            cells.append(f'<c r="{names[c]}{r}" t="inlineStr"><is><t{space}>{value}</t></is></c>')
        else:
            cells.append(f'<c r="{names[c]}{r}"><v>{value:.16G}</v></c>')
        if left < 0:
            left = c
        right = c
    return cells, left, right


def _plain(value: object) -> str | int | float | None:
    """A cell's value as xlsxwriter would write it: text, a number, or nothing (empty, NaN)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) else None
    return str(value)


def _escaped(value: str) -> tuple[str, str]:
    """xlsxwriter's escaping of a string cell, and its whitespace-preserving attribute.

    One difference: a text that looks like rich-string XML (``<r>…</r>``) is escaped like
    any other, where xlsxwriter would copy it into the file unescaped. Braces are doubled
    for the format string of :class:`SheetRows`.
    """
    from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate
    from xlsxwriter.worksheet import Worksheet

    if len(value) > _STRMAX // 2 and _utf16_len(value) > _STRMAX:
        value = _utf16_truncate(value, _STRMAX)
    value = Worksheet._escape_control_characters(value)
    space = ' xml:space="preserve"' if _preserve_whitespace(value) else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("{", "{{").replace("}", "}}"), space
