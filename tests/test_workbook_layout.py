"""Issue 16, item 9: plans.xlsx reads well: a frozen header, filters, widths, manifest and panel sheets."""

from __future__ import annotations

import openpyxl
import pandas as pd

from pipeline.io.tables import MANIFEST_COLUMNS
from pipeline.run.batch import RunOptions, run_batch

from .conftest import CORPUS


def test_workbook_layout_and_sheets(tmp_path):
    run_batch([str(CORPUS / "2013-quality-action-plan.txt")], RunOptions(out=tmp_path, quiet=True))
    book = openpyxl.load_workbook(tmp_path / "plans.xlsx")
    assert book.sheetnames == ["measures", "assignments", "documents", "manifest", "bodies_by_year", "functions_by_level"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title  # the header row stays in view
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        last = sheet.auto_filter.ref.split(":")[1]
        assert int("".join(ch for ch in last if ch.isdigit())) == sheet.max_row, sheet.title  # every row
    header = [c.value for c in book["measures"][1]]
    widths = {name: book["measures"].column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
              for i, name in enumerate(header)}  # fmt: skip
    assert widths["text"] > 40 and widths["path"] < 15  # long texts wide, codes narrow
    manifest = pd.read_csv(tmp_path / "manifest.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows = list(book["manifest"].values)
    assert list(rows[0]) == MANIFEST_COLUMNS and len(rows) == len(manifest) + 1
    assert rows[1][MANIFEST_COLUMNS.index("status")] == "ok"
    panel = pd.read_csv(tmp_path / "bodies_by_year.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    sheet_panel = list(book["bodies_by_year"].values)
    assert list(sheet_panel[0]) == list(panel.columns) and len(sheet_panel) == len(panel) + 1
    assert {r[0] for r in sheet_panel[1:]} == set(panel["body_id"])
