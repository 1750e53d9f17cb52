"""The output contract of ``fengong extract`` and ``fengong stage``, and the Python API."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import extract
from pipeline.io.tables import ASSIGNMENT_COLUMNS, MANIFEST_COLUMNS, MEASURE_COLUMNS
from pipeline.stages.assign import SOURCES

from .conftest import CORPUS

PLAN = CORPUS / "2013-quality-action-plan.txt"
DOC_FIELDS = {"doc_id", "source", "sha256", "title", "notice_title", "doc_number", "issuer", "date",
              "addressees", "script", "n_measures", "n_assignments", "warnings"}  # fmt: skip


def _fengong(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("fengong")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    res = _fengong("extract", str(PLAN), "--out", str(out), "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return out


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_per_document_files(run_dir):
    folder = run_dir / "2013-quality-action-plan"
    assert list(_csv(folder / "measures.csv").columns) == MEASURE_COLUMNS
    assert list(_csv(folder / "assignments.csv").columns) == ASSIGNMENT_COLUMNS
    doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert DOC_FIELDS <= set(doc)
    assert doc["date"] == "2013-02-27" and doc["n_measures"] == 85


def test_corpus_files(run_dir):
    for name in ("measures", "assignments", "documents"):
        assert (run_dir / f"{name}.csv").exists() and (run_dir / f"{name}.parquet").exists()
    assert list(_csv(run_dir / "manifest.csv").columns) == MANIFEST_COLUMNS
    sheets = pd.read_excel(run_dir / "plans.xlsx", sheet_name=None)
    assert set(sheets) == {"measures", "assignments", "documents", "manifest", "bodies_by_year"}
    assert (run_dir / "lexicon_gaps.csv").exists() and (run_dir / "bodies_by_year.csv").exists()
    parquet = pd.read_parquet(run_dir / "assignments.parquet")
    assert list(parquet.columns) == ASSIGNMENT_COLUMNS and len(parquet) == len(_csv(run_dir / "assignments.csv"))


def test_csv_has_bom_for_excel(run_dir):
    for path in run_dir.rglob("*.csv"):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path


def test_roles_and_sources_are_from_the_contract(run_dir):
    a = _csv(run_dir / "assignments.csv")
    assert set(a["role"]) <= {"lead", "participant", "responsible"}
    assert set(a["source"]) <= set(SOURCES)


def test_stage_command_writes_json(tmp_path):
    for name in ("normalize", "structure", "segment", "detect", "assign", "emit"):
        res = _fengong("stage", name, str(PLAN), "--out", str(tmp_path))
        assert res.returncode == 0, res.stderr
        data = json.loads((tmp_path / "2013-quality-action-plan" / "stages" / f"{name}.json").read_text())
        assert data
    detect = json.loads((tmp_path / "2013-quality-action-plan" / "stages" / "detect.json").read_text())
    assert {s["label"] for s in detect["spans"]} == {"BODY", "VERB"}


def test_stage_unknown_name_is_one_line(tmp_path):
    res = _fengong("stage", "nope", str(PLAN), "--out", str(tmp_path))
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "E011" in res.stderr


def test_bad_inputs_do_not_cost_the_others(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(PLAN, inputs / "plan.txt")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "out"
    res = _fengong("extract", str(inputs), str(tmp_path / "missing.txt"), "--out", str(out), "--quiet")
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 3
    assert any("missing.txt" in line for line in lines) and any("empty.txt" in line for line in lines)
    manifest = _csv(out / "manifest.csv").set_index("doc_id")
    assert manifest.loc["plan", "status"] == "ok"
    assert manifest.loc["empty", "status"] == "error" and manifest.loc["image", "status"] == "error"
    assert len(manifest) == 4


def test_python_api():
    x = extract(PLAN)
    assert list(x.measures.columns) == MEASURE_COLUMNS
    assert list(x.assignments.columns) == ASSIGNMENT_COLUMNS
    assert x.document["title"] == "贯彻实施质量发展纲要2013年行动计划"
    labels = {s.label_ for s in x.doc.spans["fengong"]}
    assert labels == {"BODY", "BODY·lead", "BODY·participant", "BODY·responsible", "VERB"}  # roles (issue 16)
    from_text = extract(PLAN.read_text(encoding="utf-8"))
    assert from_text.measures["text"].tolist() == x.measures["text"].tolist()


def test_workbook_is_not_written_past_excels_row_limit(tmp_path, monkeypatch):
    import pipeline.io.tables as emit
    import pipeline.io.workbook as workbook

    monkeypatch.setattr(workbook, "EXCEL_ROWS", 5)
    warning = emit.write_excel({"assignments": pd.DataFrame({"x": range(10)})}, tmp_path / "plans.xlsx")
    assert "not written" in warning and not (tmp_path / "plans.xlsx").exists()
    assert emit.write_excel({"a": pd.DataFrame({"x": range(3)})}, tmp_path / "plans.xlsx") == ""
    assert pd.read_excel(tmp_path / "plans.xlsx")["x"].tolist() == [0, 1, 2]
