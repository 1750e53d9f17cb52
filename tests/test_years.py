"""Issue 16, item 5: years. An undated text takes ``--year``; lookups name predecessors and successors."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.io.readers import decode_text
from pipeline.run.document import process

from .conftest import ROOT

# No date, no document number, no year in the title: the header shows no year.
UNDATED = "卫生工作方案\n一、加强卫生工作\n1.完善公共卫生服务体系。（卫计委负责）\n"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT)


def test_default_year_is_used_and_said(resources):
    r = process(decode_text(UNDATED, "u"), resources, year=2015)
    assert r.document["year"] == 2015
    assert "undated: assumed year 2015 (--year)" in r.document["warnings"]
    # 卫计委 existed 2013–2018: in 2015 it resolves without a warning of its life.
    assert set(r.assignments_df["body"]) == {"国家卫生和计划生育委员会"}
    assert not [w for w in r.document["warnings"] if "existed" in w]


def test_default_year_decides_the_resolution(resources):
    r = process(decode_text(UNDATED, "u"), resources, year=2020)
    assert any("existed" in w and "国家卫生健康委员会" in w for w in r.document["warnings"])


def test_undated_without_year_warns(resources):
    r = process(decode_text(UNDATED, "u"), resources)
    assert r.document["year"] is None
    assert any(w.startswith("undated:") and "without a year" in w for w in r.document["warnings"])


def test_a_dated_text_ignores_the_default(resources):
    r = process(decode_text("2016年卫生工作方案\n" + UNDATED.split("\n", 1)[1], "d"), resources, year=2020)
    assert r.document["year"] == 2016
    assert not [w for w in r.document["warnings"] if w.startswith("undated")]


def test_extract_year_option(tmp_path):
    plan = tmp_path / "undated.txt"
    plan.write_text(UNDATED, encoding="utf-8")
    out = _cli("extract", str(plan), "--out", str(tmp_path / "out"), "--year", "2015", "--no-excel", "--quiet")
    assert out.returncode == 0, out.stderr
    doc = json.loads((tmp_path / "out" / "undated" / "document.json").read_text(encoding="utf-8"))
    assert doc["year"] == 2015 and "undated: assumed year 2015 (--year)" in doc["warnings"]
    # A rerun with another --year makes the undated document again; with the same one it skips it.
    _cli("extract", str(plan), "--out", str(tmp_path / "out"), "--year", "2012", "--no-excel", "--quiet")
    doc = json.loads((tmp_path / "out" / "undated" / "document.json").read_text(encoding="utf-8"))
    assert doc["year"] == 2012
    _cli("extract", str(plan), "--out", str(tmp_path / "out"), "--year", "2012", "--no-excel", "--quiet")
    manifest = (tmp_path / "out" / "manifest.csv").read_text(encoding="utf-8-sig")
    assert "unchanged" in manifest


def test_lookup_before_the_body_existed_names_its_predecessor():
    out = _cli("lexicon", "lookup", "卫健委", "--year", "2015")
    assert out.returncode == 0
    assert "predecessor" in out.stderr and "国家卫生和计划生育委员会" in out.stderr
    obj = json.loads(_cli("lexicon", "lookup", "国家卫生健康委员会", "--year", "2010", "--json").stdout)
    assert "卫生部" in obj["warning"] and "国家人口和计划生育委员会" in obj["warning"]
    assert "successor" not in obj["warning"]


def test_lookup_after_the_body_ended_names_its_successor():
    obj = json.loads(_cli("lexicon", "lookup", "卫生部", "--year", "2019", "--json").stdout)
    assert "successor" in obj["warning"] and "国家卫生健康委员会" in obj["warning"]
    assert "predecessor" not in obj["warning"]


def test_a_name_written_as_its_official_name_is_shown_once(resources):
    warning = resources.lexicon.resolve("卫生部", 2019).warning
    assert warning.startswith("卫生部 existed") and "卫生部 (卫生部)" not in warning
    assert resources.lexicon.resolve("卫计委", 2019).warning.startswith("卫计委 (国家卫生和计划生育委员会) existed")
