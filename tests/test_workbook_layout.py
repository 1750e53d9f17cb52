"""Issue 16, item 9: plans.xlsx reads well: a frozen header, filters, widths, manifest and panel sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline.io.tables import MANIFEST_COLUMNS
from pipeline.run.batch import RunOptions, run_batch

from .conftest import CORPUS


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, openpyxl.Workbook]:
    """A run on the 2013 plan: its folder and its plans.xlsx."""
    out = tmp_path_factory.mktemp("workbook")
    run_batch([str(CORPUS / "2013-quality-action-plan.txt")], RunOptions(out=out, quiet=True))
    return out, openpyxl.load_workbook(out / "plans.xlsx")


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_the_workbooks_sheets(run):
    _, book = run
    assert book.sheetnames == ["measures", "assignments", "documents", "manifest", "bodies_by_year", "functions_by_level"]


def test_every_sheet_keeps_its_header_in_view_and_filters_every_row(run):
    _, book = run
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        last = sheet.auto_filter.ref.split(":")[1]
        assert int("".join(ch for ch in last if ch.isdigit())) == sheet.max_row, sheet.title


def test_long_texts_are_wide_and_codes_narrow(run):
    _, book = run
    header = [c.value for c in book["measures"][1]]
    widths = {name: book["measures"].column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
              for i, name in enumerate(header)}  # fmt: skip
    assert widths["text"] > 40 and widths["path"] < 15


def test_the_manifest_sheet_is_the_manifest(run):
    out, book = run
    rows = list(book["manifest"].values)
    assert list(rows[0]) == MANIFEST_COLUMNS and len(rows) == len(_csv(out / "manifest.csv")) + 1 == 2
    assert rows[1][MANIFEST_COLUMNS.index("status")] == "ok"


def test_the_panel_sheet_is_the_panel(run):
    out, book = run
    panel, sheet = _csv(out / "bodies_by_year.csv"), list(book["bodies_by_year"].values)
    assert list(sheet[0]) == list(panel.columns) and len(sheet) == len(panel) + 1
    assert {r[0] for r in sheet[1:]} == set(panel["body_id"])
