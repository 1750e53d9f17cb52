"""The run-wide tables as plain rows (pipeline/io/corpus_tables.py), and a command that imports no pandas.

Expected values are written by hand from the rules in the docstrings: a (measure, body, role)
counts once, a body with no id counts under its name, a missing year sorts last, gaps count
mentions and come most-mentioned first.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.io.corpus_tables import (
    bodies_by_year,
    documents_table,
    function_panel_table,
    gaps_table,
    lexicon_gaps,
    panel_table,
    write_documents_parquet,
    write_table_csv,
)

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "corpus" / "2013-quality-action-plan.txt"


def _columns(rows: list[tuple], names: str) -> dict[str, list]:
    return {name: [row[i] for row in rows] for i, name in enumerate(names.split())}


PANEL_ROWS = [  # doc_id, measure_id, body_id, body, place, function, role
    ("d1", "1", "B02", "工业和信息化部", "", "B02", "participant"),
    ("d1", "1", "B01", "质检总局", "", "B01", "lead"),
    ("d1", "1", "B01", "质检总局", "", "B01", "lead"),  # the same (measure, body, role) twice: counts once
    ("d1", "2", "B01", "国家质检总局", "", "B01", "lead"),
    ("d2", "1", "B01", "质检总局", "", "B01", "lead"),  # d2 has no year: its own row, after the dated ones
    ("d3", "4", "", "某某协会", "", "", "participant"),  # no id: counted under its name
    ("d3", "4", "", "市财政局", "兰州市", "mof", "lead"),  # a local body counts per place
    ("d3", "5", "", "市财政局", "潍坊市", "mof", "lead"),
]
PANEL_NAMES = "doc_id measure_id body_id body place function role"


def test_panel_counts_each_measure_once_and_puts_a_missing_year_last() -> None:
    panel = panel_table(_columns(PANEL_ROWS, PANEL_NAMES), {"d1": 2013, "d2": None, "d3": 2015})
    assert panel.columns == ["body_id", "body", "place", "function", "year", "role", "n_measures", "n_documents"]
    assert panel.rows == [
        ("B01", "质检总局", "", "B01", 2013, "lead", 2, 1),
        ("B01", "质检总局", "", "B01", None, "lead", 1, 1),
        ("B02", "工业和信息化部", "", "B02", 2013, "participant", 1, 1),
        ("市财政局", "市财政局", "兰州市", "mof", 2015, "lead", 1, 1),
        ("市财政局", "市财政局", "潍坊市", "mof", 2015, "lead", 1, 1),
        ("某某协会", "某某协会", "", "", 2015, "participant", 1, 1),
    ]


def test_the_function_panel_counts_places_and_both_functions_of_a_merged_bureau() -> None:
    rows = [("d1", "1", "city", "兰州市", "mof", "lead"), ("d2", "1", "city", "潍坊市", "mof", "lead"),
            ("d2", "2", "county", "嘉鱼县", "moe|gas", "participant"), ("d2", "3", "national", "", "", "lead")]
    panel = function_panel_table(_columns(rows, "doc_id measure_id level place function role"), {"d1": 2020, "d2": 2020})
    assert panel.rows == [
        ("gas", "county", 2020, "participant", 1, 1, 1),
        ("moe", "county", 2020, "participant", 1, 1, 1),
        ("mof", "city", 2020, "lead", 2, 2, 2),
    ]


def test_the_panel_of_dataframes_is_the_same_with_an_integer_year() -> None:
    assignments = pd.DataFrame(PANEL_ROWS, columns=PANEL_NAMES.split())
    documents = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "year": ["2013", "", "2015"]})  # as read from CSV
    panel = bodies_by_year(assignments, documents)
    assert str(panel["year"].dtype) == "Int64"
    years = panel["year"].tolist()
    assert years[0] == 2013 and pd.isna(years[1]) and years[2:] == [2013, 2015, 2015, 2015]
    assert panel["n_measures"].tolist() == [2, 1, 1, 1, 1, 1]


GAP_ROWS = [  # doc_id, measure_id, body, body_kind, start, end
    ("d1", "1", "某某办", "unknown", 10, 13),
    ("d1", "2", "某某办", "unknown", 10, 13),  # one list covering two measures: one mention
    ("d2", "1", "某某办", "unknown", 50, 53),
    ("d1", "1", "甲委", "unknown", 20, 22),
    ("d1", "1", "质检总局", "ministry", 30, 34),  # known: not a gap
]


def test_gaps_count_mentions_and_come_most_mentioned_first() -> None:
    assignments = _columns(GAP_ROWS, "doc_id measure_id body body_kind start end")
    measures = {"doc_id": ["d1", "d1"], "measure_id": ["1", "2"], "text_simplified": ["开展整治", "加强监管"]}
    gaps = gaps_table(assignments, measures)
    assert gaps.rows == [("某某办", 2, "d1|d2", "d1: 开展整治"), ("甲委", 1, "d1", "d1: 开展整治")]
    frame = lexicon_gaps(pd.DataFrame(GAP_ROWS, columns="doc_id measure_id body body_kind start end".split()),
                         pd.DataFrame(measures))  # fmt: skip
    assert frame.to_dict(orient="records")[0] == {"name": "某某办", "count": 2, "documents": "d1|d2",
                                                  "example": "d1: 开展整治"}  # fmt: skip


RECORDS = [
    {"doc_id": "a", "title": "甲计划", "year": 2019, "n_measures": 3, "warnings": ["w1", "w2"]},
    {"doc_id": "b", "title": "乙方案", "year": None, "n_measures": 0, "warnings": []},
]


def test_the_documents_table_writes_a_year_as_an_integer_when_another_is_missing(tmp_path: Path) -> None:
    table = documents_table(RECORDS)
    write_table_csv(table, tmp_path / "documents.csv")
    text = (tmp_path / "documents.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeffdoc_id,source,sha256,title,")
    rows = text.splitlines()[1:]
    assert ",2019," in rows[0] and "2019.0" not in text
    assert rows[0].split(",")[table.columns.index("warnings")] == "w1 | w2"
    assert rows[1].split(",")[table.columns.index("year")] == ""
    write_documents_parquet(table, tmp_path / "documents.parquet")
    back = pd.read_parquet(tmp_path / "documents.parquet")
    assert back["year"].tolist()[0] == 2019 and pd.isna(back["year"].tolist()[1])
    assert back["n_measures"].tolist() == [3, 0] and back["title"].tolist() == ["甲计划", "乙方案"]


def test_extract_on_one_plan_imports_no_pandas_no_cli_framework_and_no_spacy(tmp_path: Path) -> None:
    """The command's start: only what a run uses (issue 13). The workbook's writer is a forked child,
    and so is the writer of the Parquet files (issue 26): the main process imports neither xlsxwriter
    nor pyarrow, which the children import while it reads the plan."""
    code = ("import sys\nfrom pipeline.cli import main\n"
            f"try:\n    main(['extract', {str(PLAN)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet'])\n"
            "except SystemExit as exit_:\n    status = exit_.code\n"
            "print(status, *sorted(m for m in ('pandas', 'typer', 'pydantic', 'spacy', 'tqdm', 'pyarrow', 'numpy', 'xlsxwriter') "
            "if m in sys.modules))\n")  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0"], proc.stdout
    assert (tmp_path / "out" / "documents.parquet").is_file() and (tmp_path / "out" / "plans.xlsx").is_file()
