"""More ways out: ``extract --formats`` (csv, parquet, xlsx, sqlite, dta), plans.sqlite and the .dta files.

Runs of ``fengong extract`` on the corpus happen once per module, as subprocesses of this
interpreter (the code under test is this checkout's); the tests read their output folders.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from pandas.io.stata import StataReader

from pipeline.io.out_formats import DEFAULT_FORMATS, FILES, parse_formats, with_excel
from pipeline.io.sqlite_out import is_integer
from pipeline.io.stata_out import MAX_NAME, stata_names, write_dta
from pipeline.io.tables import MANIFEST_COLUMNS
from pipeline.run.batch import RunOptions
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS, DOCUMENT_FIELDS, MEASURE_COLUMNS

from .conftest import CORPUS, ROOT

ALL = "csv,parquet,xlsx,sqlite,dta"
TABLES = ("measures", "assignments", "documents", "manifest", "lexicon_gaps", "bodies_by_year", "functions_by_level")
CSV_READ = {"dtype": str, "keep_default_na": False, "encoding": "utf-8-sig"}


def extract(out: Path, *args: str) -> subprocess.CompletedProcess:
    """``fengong extract ARGS --out OUT --quiet`` as a subprocess."""
    cmd = [sys.executable, "-m", "pipeline", "extract", *args, "--out", str(out), "--quiet"]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The corpus with every format, by one worker and by two."""
    root = tmp_path_factory.mktemp("formats")
    for jobs in ("1", "2"):
        proc = extract(root / f"jobs{jobs}", str(CORPUS), "--formats", ALL, "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
    return {"jobs1": root / "jobs1", "jobs2": root / "jobs2"}


@pytest.fixture(scope="module")
def db(runs: dict[str, Path]) -> sqlite3.Connection:
    con = sqlite3.connect(f"file:{runs['jobs1'] / 'plans.sqlite'}?mode=ro", uri=True)
    yield con
    con.close()


def csv(run: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run / f"{name}.csv", **CSV_READ)


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Every value as the CSV writes it: integers without a decimal point, missing as ''."""

    def cell(v: object) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

    return df.astype(object).map(cell).reset_index(drop=True)


# --- the SQLite database ----------------------------------------------------------------------


def test_the_database_holds_every_table_of_the_run(db: sqlite3.Connection) -> None:
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == set(TABLES)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize(("table", "columns", "key"), [
    ("measures", MEASURE_COLUMNS, ["doc_id", "measure_id"]),
    ("assignments", ["row_id", *ASSIGNMENT_COLUMNS], ["row_id"]),
    ("documents", DOCUMENT_FIELDS, ["doc_id"]),
    ("manifest", ["row_id", *MANIFEST_COLUMNS], ["row_id"]),
    ("lexicon_gaps", ["name", "count", "documents", "example"], ["name"]),
    ("bodies_by_year", ["body_id", "body", "place", "function", "year", "role", "n_measures", "n_documents"],
     ["body_id", "place", "year", "role"]),
    ("functions_by_level", ["function", "level", "year", "role", "n_measures", "n_documents", "n_places"],
     ["function", "level", "year", "role"]),
])  # fmt: skip
def test_columns_are_typed_and_keyed(db: sqlite3.Connection, table: str, columns: list[str], key: list[str]) -> None:
    info = db.execute(f"PRAGMA table_info({table})").fetchall()  # cid, name, type, notnull, default, pk
    assert [row[1] for row in info] == columns
    for _, name, kind, *_ in info:
        assert kind == ("INTEGER" if is_integer(name) or name == "row_id" else "TEXT"), name
    assert [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])] == key
    assert is_integer("start") and is_integer("n_measures") and not is_integer("body")


def _indexes(db: sqlite3.Connection, table: str) -> list[tuple[str, ...]]:
    """The column lists of ``table``'s indexes (those of its primary key included)."""
    found = []
    for _, name, *_ in db.execute(f"PRAGMA index_list({table})"):
        found.append(tuple(row[2] for row in db.execute(f"PRAGMA index_info('{name}')")))
    return found


def test_indexes_on_doc_measure_and_body(db: sqlite3.Connection) -> None:
    assert ("doc_id", "measure_id") in _indexes(db, "measures")  # its primary key
    assert {("doc_id", "measure_id"), ("body_id",), ("uid",)} <= set(_indexes(db, "assignments"))
    assert any(index[0] == "body_id" for index in _indexes(db, "bodies_by_year"))
    plan = " ".join(str(r) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM assignments WHERE body_id = 'ndrc'"))
    assert "USING INDEX" in plan


@pytest.mark.parametrize("table", TABLES)
def test_rows_equal_the_csv(db: sqlite3.Connection, runs: dict[str, Path], table: str) -> None:
    expected = csv(runs["jobs1"], table)
    got = pd.read_sql(f"SELECT * FROM {table}", db)
    if "row_id" in got:
        assert got.pop("row_id").tolist() == list(range(1, len(expected) + 1))
    assert len(got) == len(expected) and len(got) > 0 or table == "lexicon_gaps"
    pd.testing.assert_frame_equal(as_text(got), expected.astype(object), check_dtype=False)


def test_integers_are_stored_as_integers(db: sqlite3.Connection) -> None:
    kinds = db.execute('SELECT DISTINCT typeof("start"), typeof("end") FROM assignments').fetchall()
    assert kinds == [("integer", "integer")]
    assert db.execute("SELECT typeof(year), typeof(body) FROM bodies_by_year LIMIT 1").fetchone() == ("integer", "text")


def test_a_join_on_doc_id_and_measure_id(db: sqlite3.Connection, runs: dict[str, Path]) -> None:
    joined = pd.read_sql("SELECT a.doc_id, a.measure_id, a.body, m.text_simplified FROM assignments a "
                         "JOIN measures m ON m.doc_id = a.doc_id AND m.measure_id = a.measure_id", db)  # fmt: skip
    a, m = csv(runs["jobs1"], "assignments"), csv(runs["jobs1"], "measures")
    expected = a.merge(m, on=["doc_id", "measure_id"], suffixes=("", "_m"))
    assert len(joined) == len(expected) == (a["measure_id"] != "").sum() > 0
    assert sorted(zip(joined["measure_id"], joined["body"], joined["text_simplified"], strict=True)) == sorted(
        zip(expected["measure_id"], expected["body"], expected["text_simplified"], strict=True)
    )
    by_uid = db.execute("SELECT count(*) FROM assignments a JOIN measures m USING (uid)").fetchone()[0]
    assert by_uid == len(joined)


# --- the Stata files ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["measures", "assignments", "documents"])
def test_dta_reads_back_as_the_csv(runs: dict[str, Path], table: str) -> None:
    got = pd.read_stata(runs["jobs1"] / f"{table}.dta")
    assert "end_" in got or table == "documents"  # `end` is reserved for pandas' Stata writer
    got = got.rename(columns={"end_": "end", "function_": "function"})  # Stata keywords
    expected = csv(runs["jobs1"], table)
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(as_text(got), expected.astype(object), check_dtype=False)


def test_dta_is_stata_118_with_a_time_stamp_from_the_data(runs: dict[str, Path]) -> None:
    documents = csv(runs["jobs1"], "documents")
    newest = max(d for d in documents["date"] if d)
    path = runs["jobs1"] / "measures.dta"
    assert path.read_bytes().startswith(b"<stata_dta><header><release>118</release>")
    with StataReader(path) as reader:
        assert reader.time_stamp == datetime.strptime(newest, "%Y-%m-%d").strftime("%d %b %Y 00:00")
        assert reader.data_label.startswith("fengong ") and reader.data_label.endswith(": measures")


def test_dta_handles_stata_limits(tmp_path: Path) -> None:
    long_name = "a_column_name_much_longer_than_stata_allows"
    df = pd.DataFrame({
        "doc_id": ["a", None, "c"], long_name: ["x", "y", "z"], f"{long_name}_2": ["1", "2", "3"],
        "end": [1, 2, 3], "year": [2013, None, 2015], "text": ["长" * 1000, "", "short"],
    })  # fmt: skip
    names = stata_names(list(df.columns))
    assert all(len(n) <= MAX_NAME for n in names.values()) and len(set(names.values())) == len(names)
    assert names["end"] == "end_" and names["doc_id"] == "doc_id"
    write_dta(df, tmp_path / "t.dta", "label", datetime(2000, 1, 1))
    back = pd.read_stata(tmp_path / "t.dta")
    assert list(back.columns) == list(names.values())
    assert back["doc_id"].tolist() == ["a", "", "c"]  # no missing value in a string variable
    assert back["text"].tolist() == ["长" * 1000, "", "short"]  # 3000 bytes: a strL
    assert back["year"].isna().tolist() == [False, True, False] and back["end_"].tolist() == [1, 2, 3]


# --- choosing the formats ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["csv", "parquet", "sqlite", "dta"])
def test_the_same_bytes_with_one_worker_or_two(runs: dict[str, Path], name: str) -> None:
    for file in FILES[name]:
        one, two = runs["jobs1"] / file, runs["jobs2"] / file
        assert one.read_bytes() == two.read_bytes(), file


def test_formats_csv_writes_no_other_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = extract(out, str(CORPUS / "2013-quality-action-plan.txt"), "--formats", "csv")
    assert proc.returncode == 0, proc.stderr
    combined = {p.name for p in out.iterdir() if p.is_file()}
    assert combined == {*FILES["csv"], "manifest.csv", "run_state.json"}
    folder = out / "2013-quality-action-plan"
    assert {p.name for p in folder.iterdir()} == {"measures.csv", "assignments.csv", "document.json"}


def test_without_csv_the_folders_and_manifest_stay(tmp_path: Path, runs: dict[str, Path]) -> None:
    out = tmp_path / "out"
    proc = extract(out, str(CORPUS), "--formats", "sqlite", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir() if p.is_file()} == {"plans.sqlite", "manifest.csv", "run_state.json"}
    assert not list(out.glob(".*"))  # no temporary file left behind
    assert (out / "2013-quality-action-plan" / "measures.csv").is_file()
    with sqlite3.connect(out / "plans.sqlite") as con:
        assert con.execute("SELECT count(*) FROM assignments").fetchone()[0] == len(csv(runs["jobs1"], "assignments"))


def test_files_of_formats_left_out_are_named(tmp_path: Path, runs: dict[str, Path]) -> None:
    out = tmp_path / "out"
    shutil.copytree(runs["jobs1"], out)
    proc = extract(out, str(CORPUS), "--formats", "csv", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    line = next(line for line in proc.stderr.splitlines() if "not in --formats" in line)
    assert "plans.sqlite" in line and "measures.dta" in line and "measures.csv" not in line


@pytest.mark.parametrize("given", ["xls", "csv,sql", "", " , "])
def test_an_unknown_format_is_one_line(tmp_path: Path, given: str) -> None:
    proc = extract(tmp_path / "out", str(CORPUS), "--formats", given)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("--formats: ")
    assert "csv, parquet, xlsx, sqlite, dta" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_parse_formats() -> None:
    assert parse_formats("dta, CSV,sqlite,csv") == ("csv", "sqlite", "dta")
    assert parse_formats(",".join(DEFAULT_FORMATS)) == DEFAULT_FORMATS == ("csv", "parquet", "xlsx")
    with pytest.raises(ValueError, match="unknown format 'stata'"):
        parse_formats("csv,stata")


def test_excel_is_a_synonym_for_xlsx_in_the_formats() -> None:
    assert with_excel(("csv", "sqlite"), True) == ("csv", "xlsx", "sqlite")
    assert with_excel(DEFAULT_FORMATS, False) == ("csv", "parquet")
    assert with_excel(("csv",), None) == ("csv",)
    assert RunOptions(out=Path("o"), excel=False).formats == ("csv", "parquet")
    assert not RunOptions(out=Path("o"), formats=("csv",)).excel
    assert RunOptions(out=Path("o")).formats == DEFAULT_FORMATS and RunOptions(out=Path("o")).excel
