"""``plans.xlsx``: the streamed workbook is the one xlsxwriter writes cell by cell, and it reads back."""

from __future__ import annotations

import math
import numbers
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from pipeline.io.workbook import EPOCH, EXCEL_ROWS, OPTIONS, WorkbookStream, lay_out

COLUMNS = ["text", "number", "other"]
ROWS = [
    ("质检总局牵头", 12, "工业和信息化部"),
    ("", None, np.nan),  # nothing in the row: no <row> element
    (" leading space", -3, "trailing space "),
    ("\t制表符", 0, "line\nbreak\n"),
    ("a & b < c > d \"quoted\"", 10**17, 1.5),
    ("\x01控制\x1f字符", np.int64(7), np.float64(2.25)),
    ("_x0041_ looks like an escape", True, pd.NA),
    ("non-characters \ufffe\uffff", math.inf, "=SUM(A1:A2)"),
    ("长" * 40_000, 1, "😀" * 20_000),  # past Excel's 32,767 units: truncated
    (None, None, "http://www.gov.cn"),
    ("only", None, None),
    ("中 ", " 间", "末\u3000"),  # whitespace at the ends of middle cells
    ("a", "a", "ab a"),
    ("{质检总局}", 2, "}{0}{"),  # braces: the rendered rows are a format string
]


def _reference(path: Path, rows: list[tuple], in_memory: bool = False) -> None:
    """The workbook as xlsxwriter's per-cell ``write_string``/``write_number`` writes it."""
    book = xlsxwriter.Workbook(path, {**OPTIONS, "constant_memory": not in_memory})
    book.set_properties({"created": EPOCH})
    sheet = book.add_worksheet("t")
    sheet.write_row(0, 0, COLUMNS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
                continue
            if isinstance(value, str):
                if value:
                    sheet.write_string(r, c, value)
            elif isinstance(value, numbers.Real) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    lay_out(sheet, COLUMNS, len(rows) + 1)  # frozen header, filters, widths: the same public calls
    book.close()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("in_memory", [False, True], ids=["streamed", "in_memory"])
def test_rows_are_written_as_xlsxwriter_writes_them(tmp_path: Path, in_memory: bool) -> None:
    ref = tmp_path / "reference.xlsx"
    _reference(ref, ROWS, in_memory)
    stream = WorkbookStream(tmp_path / "fast.xlsx", {"t": COLUMNS}, in_memory)
    stream.add("t", ROWS[:4])  # in pieces, as documents arrive
    stream.add("t", ROWS[4:9])
    stream.add("t", [])
    stream.add("t", ROWS[9:])
    assert stream.close() == ""
    fast, expected = _members(tmp_path / "fast.xlsx"), _members(ref)
    assert fast.keys() == expected.keys()
    for name in expected:
        assert fast[name] == expected[name], name
    assert (tmp_path / "fast.xlsx").read_bytes() == ref.read_bytes()


def test_workbook_reads_back(tmp_path: Path) -> None:
    stream = WorkbookStream(tmp_path / "plans.xlsx", {"t": COLUMNS, "empty": ["a"]})
    stream.add("t", ROWS[:3])
    stream.add("t", [])
    stream.add("t", [("<r>not rich text</r>", 5, "&amp;")])
    stream.close()
    sheets = pd.read_excel(tmp_path / "plans.xlsx", sheet_name=None, keep_default_na=False)
    table = sheets["t"]
    assert list(table.columns) == COLUMNS and list(sheets["empty"].columns) == ["a"]
    assert table["text"].tolist() == ["质检总局牵头", "", " leading space", "<r>not rich text</r>"]
    assert table["other"].tolist() == ["工业和信息化部", "", "trailing space ", "&amp;"]
    assert table["number"].tolist() == [12, "", -3, 5]


def test_too_many_rows_for_excel_leave_no_workbook(tmp_path: Path) -> None:
    """Past Excel's row limit the workbook is not written, and the warning says which sheet."""
    stream = WorkbookStream(tmp_path / "plans.xlsx", {"t": COLUMNS})
    stream.rows["t"] = EXCEL_ROWS - 1  # as if the sheet were full: two more rows do not fit
    stream.add("t", ROWS[:2])
    warning = stream.close()
    assert warning.startswith("plans.xlsx not written: t has 1,048,576 rows")
    assert not (tmp_path / "plans.xlsx").exists() and not list(tmp_path.glob(".plans.*"))


def test_an_aborted_workbook_leaves_nothing(tmp_path: Path) -> None:
    stream = WorkbookStream(tmp_path / "plans.xlsx", {"t": COLUMNS})
    stream.add("t", ROWS[:3])
    stream.abort()
    assert not list(tmp_path.iterdir())


def test_a_writer_that_dies_costs_the_workbook_not_the_run(tmp_path: Path) -> None:
    """A writer process killed mid-run: close says so in one line instead of hanging or raising."""
    stream = WorkbookStream(tmp_path / "plans.xlsx", {"t": COLUMNS})
    stream.add("t", ROWS[:3])
    stream._writer.kill()  # noqa: SLF001 - the failure under test
    stream._writer.join()  # noqa: SLF001
    stream.add("t", ROWS[3:5])
    warning = stream.close()
    assert warning.startswith("plans.xlsx not written: the writer process ended early")
    assert not (tmp_path / "plans.xlsx").exists() and not list(tmp_path.glob(".plans.*"))
