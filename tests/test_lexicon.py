"""The lexicons: validation, time-aware lookups in both scripts, and coverage of the corpus.

The expected answers below are written from knowledge of the bodies and their reforms
(2008, 2013, 2018, 2023), not from the pipeline's output.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.lexicon import load_lexicon, validate
from pipeline.readers import read_input
from pipeline.run import process

from .conftest import CORPUS


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def test_lexicons_validate(lex):
    assert validate(lex) == []


def test_sizes(lex):
    assert len(lex.bodies) >= 200
    assert len(lex.verbs) >= 200
    kinds = {b.kind for b in lex.bodies.values()}
    assert {"ministry", "bureau", "party", "people_org", "judicial", "coordination", "generic"} <= kinds


@pytest.mark.parametrize(("name", "year", "expected"), [
    ("质检总局", 2013, "国家质量监督检验检疫总局"),
    ("質檢總局", 2013, "国家质量监督检验检疫总局"),
    ("工商总局", 2016, "国家工商行政管理总局"),
    ("市场监管总局", 2019, "国家市场监督管理总局"),
    ("卫生部", 2012, "卫生部"),
    ("卫生计生委", 2015, "国家卫生和计划生育委员会"),
    ("衛生計生委", 2015, "国家卫生和计划生育委员会"),
    ("国家卫健委", 2020, "国家卫生健康委员会"),
    ("发改委", 2020, "国家发展和改革委员会"),
    ("國家發展改革委", 2010, "国家发展和改革委员会"),
    ("工信部", 2014, "工业和信息化部"),
    ("人社部", 2016, "人力资源和社会保障部"),
    ("住建部", 2017, "住房和城乡建设部"),
    ("环境保护部", 2015, "环境保护部"),
    ("生态环境部", 2019, "生态环境部"),
    ("农业部", 2013, "农业部"),
    ("农业农村部", 2019, "农业农村部"),
    ("食品药品监管局", 2010, "国家食品药品监督管理局"),
    ("食品药品监管总局", 2016, "国家食品药品监督管理总局"),
    ("铁道部", 2012, "铁道部"),
    ("能源局", 2013, "国家能源局"),
    ("南水北调办", 2013, "国务院南水北调工程建设委员会办公室"),
    ("中央宣传部", 2013, "中共中央宣传部"),
    ("中宣部", 2020, "中共中央宣传部"),
    ("中央组织部", 2013, "中共中央组织部"),
    ("全国妇联", 2018, "中华全国妇女联合会"),
    ("共青团中央", 2016, "中国共产主义青年团中央委员会"),
    ("最高人民法院", 2015, "最高人民法院"),
    ("银保监会", 2020, "中国银行保险监督管理委员会"),
    ("人民银行", 2014, "中国人民银行"),
    ("海关总署", 2016, "海关总署"),
])  # fmt: skip
def test_lookup(lex, name, year, expected):
    res = lex.resolve(name, year)
    assert res.body is not None and res.body.name == expected
    assert res.warning == ""


def test_named_outside_its_life_warns_with_successor(lex):
    res = lex.resolve("质检总局", 2019)
    assert res.body.id == "aqsiq"
    assert "国家市场监督管理总局" in res.warning
    res = lex.resolve("卫生部", 2016)
    assert "国家卫生和计划生育委员会" in res.warning


def test_unknown_name(lex):
    assert lex.resolve("不存在的部门", 2015).body is None


def test_lineage(lex):
    assert "nhfpc" in lex.bodies["moh"].successors
    assert "nhc" in lex.bodies["nhfpc"].successors
    assert "samr" in lex.bodies["aqsiq"].successors


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True)


def test_cli_lookup_json():
    out = _cli("lexicon", "lookup", "質檢總局", "--year", "2019", "--json")
    assert out.returncode == 0
    obj = json.loads(out.stdout)
    assert obj["id"] == "aqsiq" and obj["valid_to"] == 2018 and "samr" in obj["successors"]
    assert "国家市场监督管理总局" in obj["warning"]
    assert set(obj) == {"id", "name", "name_en", "kind", "valid_from", "valid_to", "successors", "warning"}


def test_cli_lookup_unknown():
    out = _cli("lexicon", "lookup", "不存在的部门", "--json")
    assert out.returncode == 1 and json.loads(out.stdout) == {"name": None}


def test_cli_validate():
    out = _cli("lexicon", "validate")
    assert out.returncode == 0, out.stderr
    assert "ok" in out.stdout


def test_every_body_of_the_corpus_resolves(resources):
    for path in sorted(CORPUS.rglob("*.txt")):
        result = process(read_input(path), resources)
        a = result.assignments_df
        assert not a.empty, path
        assert (a["body_kind"] != "unknown").all(), (path, set(a[a["body_kind"] == "unknown"]["raw"]))
        named = a[~a["body_kind"].isin(["generic", "local"])]
        assert (named["body_id"] != "").all()
        assert not [w for w in result.document["warnings"] if "unknown body" in w], path


def test_the_year_decides_between_bodies_sharing_an_alias(lex):
    # 广电总局: the State Administration of Radio, Film and Television until 2013 and the
    # National Radio and Television Administration from 2018.
    assert lex.resolve("广电总局", 2010).body.name == "国家广播电影电视总局"
    assert lex.resolve("廣電總局", 2020).body.name == "国家广播电视总局"
    assert lex.resolve("新闻出版广电总局", 2016).body.name == "国家新闻出版广电总局"


def test_lexicon_gaps_table(tmp_path):
    from pipeline.batch import RunOptions, run_batch

    plan = tmp_path / "plan.txt"
    plan.write_text("2015年测试计划\n一、开展专项整治。（质检总局、国家测试协调委员会负责）\n"
                    "二、加强监管。（国家测试协调委员会牵头，商务部参加）", encoding="utf-8")
    run_batch([str(plan)], RunOptions(out=tmp_path / "out", jobs=1, quiet=True))
    import pandas as pd

    gaps = pd.read_csv(tmp_path / "out" / "lexicon_gaps.csv", encoding="utf-8-sig")
    assert list(gaps.columns) == ["name", "count", "documents", "example"]
    row = gaps.set_index("name").loc["国家测试协调委员会"]
    assert row["count"] == 2 and row["documents"] == "plan" and "开展专项整治" in row["example"]
