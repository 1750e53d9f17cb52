"""Plans published as task tables: Word, legacy Word, HTML, Excel, legacy Excel, CSV, a printed PDF
and a scan, each built by tests/tables/build.py and read by ``fengong extract``, must give the
rows their hand labels (tests/tables/expected/<doc_id>.json, written from the table rules and the
codebook) say: every (path, body, role) and nearly every measure.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.report.score import doc_line, score_run

from .conftest import ROOT
from .tables.build import DOCUMENTS, SCANNED, build_all

EXPECTED = Path(__file__).resolve().parent / "tables" / "expected"
ASSIGN_F1, MEASURE_F1 = 1.0, 0.95  # a table says who does what outright: nothing may be missed
SCAN_ASSIGN_F1 = 0.8  # a scan is read through Tesseract's errors
#: Paths whose lists stand in prose, not in a table (their rows cite no cell).
PROSE = {"t05_docx_prose_outline": ("3.",)}
WORKBOOKS = {"t08_xlsx_two_sheets", "t14_xls_two_sheets"}
TABLE_CELL = re.compile(r"table \d+, row \d+, column \d+")
SHEET_CELL = re.compile(r"sheet .+![A-Z]+\d+")
#: Cells worked out by hand: (doc_id, path, body as written, role) → the cell its row cites. Rows
#: and columns count from 1 on the table's grid, heading rows included; a merged cell is cited by
#: its top-left place (the 牵头单位 cell of t03 spans grid rows 4–6, of t08's first sheet C4:C6).
CELLS = {
    ("t01_docx_simple_table", "4", "市发展改革委", "lead"): "table 1, row 5, column 3",
    ("t01_docx_simple_table", "4", "市财政局", "participant"): "table 1, row 5, column 4",
    ("t03_docx_merged_heading", "1.2", "省发展改革委", "lead"): "table 1, row 4, column 3",
    ("t03_docx_merged_heading", "2.5", "省科技厅", "participant"): "table 1, row 9, column 4",
    ("t07_html_two_tables", "2.2", "省药监局", "participant"): "table 2, row 3, column 3",
    ("t08_xlsx_two_sheets", "1.3", "市发展改革委", "lead"): "sheet 重点任务（一）!C4",
    ("t08_xlsx_two_sheets", "3.8", "市水利局", "participant"): "sheet 重点任务（二）!D4",
}


@dataclass
class Built:
    """The built documents: ``docs`` (read as they are) and ``scans`` (read with --ocr), and
    ``skipped``: {doc_id: why it could not be built here}."""

    docs: Path
    scans: Path
    skipped: dict[str, str]


@dataclass
class Run:
    """One ``fengong extract`` run: its output folder, exit code and stderr."""

    out: Path
    returncode: int
    stderr: str


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Every test document, built once into a temporary folder."""
    root = tmp_path_factory.mktemp("tables")
    docs, scans = root / "docs", root / "scans"
    return Built(docs, scans, build_all(docs, scans, root / "work"))


def _extract(inputs: Path, out: Path, *options: str) -> Run:
    """Run ``python -m pipeline extract INPUTS --out OUT --no-excel --quiet OPTIONS``."""
    cmd = [sys.executable, "-m", "pipeline", "extract", str(inputs), "--out", str(out), "--no-excel", "--quiet", *options]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1200)
    return Run(out, proc.returncode, proc.stderr)


@pytest.fixture(scope="session")
def runs(built: Built) -> dict[str, Run]:
    """The runs over the built documents: {"docs": …, "scans": … (with --ocr, if any was built)}."""
    done = {"docs": _extract(built.docs, built.docs.parent / "out")}
    if any(built.scans.iterdir()):
        done["scans"] = _extract(built.scans, built.docs.parent / "out-ocr", "--ocr")
    return done


def _need(built: Built, doc: str) -> None:
    """Skip the test when ``doc`` could not be built here, saying which tool is missing."""
    if doc in built.skipped:
        pytest.skip(f"{doc} not built: {built.skipped[doc]}")


def _rows(out: Path, doc: str) -> list[dict[str, str]]:
    """The rows of ``out/doc/assignments.csv``."""
    with open(out / doc / "assignments.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_each_document_has_its_expectation() -> None:
    """One hand-labelled file per document, named and keyed by its doc_id, with every list labelled."""
    assert sorted(p.stem for p in EXPECTED.glob("*.json")) == sorted(DOCUMENTS)
    for stem in DOCUMENTS:
        gold = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
        assert gold["doc"] == stem and gold["measures_scored"] is True
        assert gold["scopes"] and all(sc["bodies"] and sc["measures"] for sc in gold["scopes"]), stem


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_document_reads_as_labelled(built: Built, runs: dict[str, Run], doc: str) -> None:
    """Every (path, body, role) of the labels and ≥ 95 % of the measures (F1); a scan ≥ 0.8."""
    _need(built, doc)
    run = runs["scans" if doc in SCANNED else "docs"]
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    score = score_run(run.out, [EXPECTED / f"{doc}.json"]).docs[0]
    print(f"\n{doc_line(score)}")
    assert not score.missing_outputs, f"{doc}: no output (exit {run.returncode}): {run.stderr[-500:]}"
    if doc in SCANNED:
        assert score.assign.f1 >= SCAN_ASSIGN_F1, doc_line(score)
        return
    assert score.assign.f1 == ASSIGN_F1, doc_line(score)
    assert score.measures is not None and score.measures.f1 >= MEASURE_F1, doc_line(score)


def test_manifest_lists_every_file_ok(built: Built, runs: dict[str, Run]) -> None:
    """Each built file is in its run's manifest, with status ok."""
    for name, run in runs.items():
        folder = built.scans if name == "scans" else built.docs
        with open(run.out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
            status = {Path(r["source"]).name: (r["status"], r["message"]) for r in csv.DictReader(f)}
        files = sorted(p.name for p in folder.iterdir())
        assert sorted(status) == files, (name, sorted(status), files)
        bad = {k: v for k, v in status.items() if v[0] != "ok"}
        assert not bad, bad


@pytest.mark.parametrize("doc", sorted(set(DOCUMENTS) - SCANNED))
def test_table_rows_cite_their_cell(built: Built, runs: dict[str, Run], doc: str) -> None:
    """Each assignment row read from a table names its cell: ``table N, row R, column C`` in a
    Word, HTML, PDF or CSV table, ``sheet NAME!C7`` in a workbook."""
    _need(built, doc)
    rows = [r for r in _rows(runs["docs"].out, doc) if not r["path"].startswith(PROSE.get(doc, ("\0",)))]
    assert rows, f"{doc}: no assignment rows from its table"
    form = SHEET_CELL if doc in WORKBOOKS else TABLE_CELL
    if doc.startswith(("t09", "t10")):  # a CSV file: either form
        form = re.compile(f"{TABLE_CELL.pattern}|{SHEET_CELL.pattern}")
    wrong = [(r["path"], r["raw"], r.get("cell", "<no cell column>")) for r in rows
             if not form.fullmatch(r.get("cell") or "")]  # fmt: skip
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("key", sorted(CELLS), ids=lambda k: f"{k[0][:3]}-{k[1]}-{k[2]}")
def test_cells_worked_out_by_hand(built: Built, runs: dict[str, Run], key: tuple[str, str, str, str]) -> None:
    """The rows of a few bodies cite the very cell the hand count gives."""
    doc, path, raw, role = key
    _need(built, doc)
    cells = {r.get("cell", "") for r in _rows(runs["docs"].out, doc)
             if (r["path"], r["raw"], r["role"]) == (path, raw, role)}  # fmt: skip
    assert cells == {CELLS[key]}, (key, cells)


# ---- the documents hold what they were written to hold (no pipeline needed) -------------------


def test_word_merges_are_real_merges(built: Built) -> None:
    """t03: a two-row heading (责任单位 over two columns), the 牵头单位 cell merged down over three
    rows (w:vMerge) and section rows spanning the whole table (w:gridSpan)."""
    table = docx.Document(str(built.docs / "t03_docx_merged_heading.docx")).tables[0]
    first = table.rows[0]._tr.tc_lst
    assert [tc.grid_span for tc in first] == [1, 1, 2, 1]
    lead = [table.rows[r]._tr.tc_lst[2].tcPr.vMerge.val for r in (3, 4, 5)]
    assert lead == ["restart", "continue", "continue"]
    assert table.rows[2]._tr.tc_lst[0].grid_span == 5 and table.cell(2, 0).text == "一、提升现代物流服务能力"


def test_workbook_merges(built: Built) -> None:
    """t08: the title row and section rows merged across, the lead cell merged over C4:C6; the
    second sheet opens with its heading row."""
    book = openpyxl.load_workbook(built.docs / "t08_xlsx_two_sheets.xlsx")
    first, second = book.worksheets
    assert {str(r) for r in first.merged_cells.ranges} == {"A1:E1", "A3:E3", "C4:C6", "A7:E7"}
    assert second["A1"].value == "序号" and second["A2"].value == "三、提升城市功能"


def test_csv_encodings(built: Built) -> None:
    """t09 is UTF-8 with a BOM, t10 GBK (not UTF-8)."""
    assert (built.docs / "t09_csv_utf8_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    raw = (built.docs / "t10_csv_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("gbk").startswith("序号,重点任务")


def test_printed_table_runs_over_two_pages(built: Built) -> None:
    """t12: Chromium printed the table over two pages or more, the heading row on each."""
    _need(built, "t12_pdf_long_table")
    import pdfplumber

    with pdfplumber.open(built.docs / "t12_pdf_long_table.pdf") as pdf:
        tables = [t for page in pdf.pages for t in page.extract_tables()]
    assert len(tables) >= 2 and all(t[0][:3] == ["序号", "重点任务", "牵头单位"] for t in tables)
    assert sum(len(t) - 1 for t in tables) == 18


def test_scan_has_no_text_layer(built: Built) -> None:
    """t15 is images only: without --ocr there is no text to read."""
    _need(built, "t15_scan_text_plan")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(built.scans / "t15_scan_text_plan.pdf"))
    try:
        assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))
    finally:
        pdf.close()
