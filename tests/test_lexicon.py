"""The lexicons: validation, time-aware lookups in both scripts, and coverage of the corpus.

The expected answers below are written from knowledge of the bodies and their reforms
(2008, 2013, 2018, 2023), not from the pipeline's output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from pipeline.io.readers import read_input
from pipeline.lexicon.model import load_lexicon
from pipeline.lexicon.validate import validate
from pipeline.run.document import process

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
    from pipeline.run.batch import RunOptions, run_batch

    plan = tmp_path / "plan.txt"
    plan.write_text("2015年测试计划\n一、开展专项整治。（质检总局、国家测试协调委员会负责）\n"
                    "二、加强监管。（国家测试协调委员会牵头，商务部参加）", encoding="utf-8")
    run_batch([str(plan)], RunOptions(out=tmp_path / "out", jobs=1, quiet=True))
    import pandas as pd

    gaps = pd.read_csv(tmp_path / "out" / "lexicon_gaps.csv", encoding="utf-8-sig")
    assert list(gaps.columns) == ["name", "count", "documents", "example"]
    row = gaps.set_index("name").loc["国家测试协调委员会"]
    assert row["count"] == 2 and row["documents"] == "plan" and "开展专项整治" in row["example"]


# The corrections of the lexicon issue (2008/2013/2018/2023 reforms), written from knowledge of the
# bodies: (written name, year, (official name, kind, id of the administering body or "")).
@pytest.mark.parametrize(("name", "year", "expected"), [
    ("高法院", 2016, ("最高人民法院", "judicial", "")),
    ("高检院", 2016, ("最高人民检察院", "judicial", "")),
    ("国管局", 2016, ("国家机关事务管理局", "directly_under", "")),
    ("国务院机关事务管理局", 2010, ("国家机关事务管理局", "directly_under", "")),
    ("国家信访局", 2016, ("国家信访局", "bureau", "gosc")),
    ("信访局", 2022, ("国家信访局", "bureau", "gosc")),
    ("国家信访局", 2024, ("国家信访局", "directly_under", "")),
    ("国家知识产权局", 2016, ("国家知识产权局", "directly_under", "")),
    ("知识产权局", 2019, ("国家知识产权局", "bureau", "samr")),
    ("国家知识产权局", 2022, ("国家知识产权局", "bureau", "samr")),
    ("国家知识产权局", 2023, ("国家知识产权局", "directly_under", "")),
    ("国家邮政局", 2005, ("国家邮政局", "bureau", "mii")),
    ("邮政局", 2016, ("国家邮政局", "bureau", "mot")),
    ("国家公务员局", 2012, ("国家公务员局", "bureau", "mohrss")),
    ("国家公务员局", 2019, ("国家公务员局", "bureau", "cpc-org")),
    ("国家标准委", 2010, ("国家标准化管理委员会", "bureau", "aqsiq")),
    ("国家标准委", 2019, ("国家标准化管理委员会", "bureau", "samr")),
    ("认监委", 2015, ("国家认证认可监督管理委员会", "bureau", "aqsiq")),
    ("国家认监委", 2020, ("国家认证认可监督管理委员会", "bureau", "samr")),
    ("国家海洋局", 2010, ("国家海洋局", "bureau", "mlr")),
    ("海洋局", 2019, ("国家海洋局", "bureau", "mnr")),
    ("国家宗教局", 2016, ("国家宗教事务局", "directly_under", "")),
    ("国家宗教事务局", 2019, ("国家宗教事务局", "bureau", "cpc-uf")),
    ("版权局", 2016, ("国家版权局", "directly_under", "")),
    ("国家版权局", 2019, ("国家版权局", "bureau", "cpc-pub")),
    ("新闻出版广电总局（版权局）", 2016, ("国家新闻出版广电总局", "directly_under", "")),
    ("医改办", 2015, ("国务院深化医药卫生体制改革领导小组办公室", "coordination", "")),
    ("国务院医改领导小组秘书处", 2019, ("国务院深化医药卫生体制改革领导小组秘书处", "coordination", "")),
    ("国务院知识产权战略实施工作部际联席会议", 2016, ("国务院知识产权战略实施工作部际联席会议", "coordination", "")),
    ("国务院知识产权战略实施工作部际联席会议办公室", 2016, ("国务院知识产权战略实施工作部际联席会议办公室",
                                                          "coordination", "")),
    ("国务院食品安全委员会", 2016, ("国务院食品安全委员会", "coordination", "")),
    ("国务院食品安全委员会办公室", 2016, ("国务院食品安全委员会办公室", "coordination", "")),
    ("国务院食安办", 2019, ("国务院食品安全委员会办公室", "coordination", "")),
    ("证监会", 2016, ("中国证券监督管理委员会", "institution", "")),
    ("证监会", 2023, ("中国证券监督管理委员会", "directly_under", "")),
    ("食品药品监管局", 2005, ("国家食品药品监督管理局", "directly_under", "")),
    ("食品药品监管局", 2010, ("国家食品药品监督管理局", "bureau", "moh")),
])  # fmt: skip
def test_issue_corrections(lex, name, year, expected):
    res = lex.resolve(name, year)
    assert res.body is not None, name
    assert (res.body.name, res.body.kind, res.body.parent) == expected
    assert res.warning == ""


@pytest.mark.parametrize("name", ["国务院相关部门", "国务院有关部门", "各有关部门", "有关部门", "各部门"])
def test_generic_groups(lex, name):
    res = lex.resolve(name, 2016)
    assert res.body is not None and res.body.kind == "generic" and res.warning == ""


def test_food_safety_commission_and_its_office_are_two_bodies(lex):
    commission = lex.resolve("国务院食品安全委员会", 2016).body
    office = lex.resolve("国务院食品安全委员会办公室", 2016).body
    assert commission.id != office.id


def test_health_reform_office_became_the_secretariat_in_2018(lex):
    res = lex.resolve("国务院医改办", 2020)
    assert res.body.name == "国务院深化医药卫生体制改革领导小组办公室"
    assert "国务院深化医药卫生体制改革领导小组秘书处" in res.warning


def test_one_body_per_period_is_one_lineage(lex):
    # the same name in each period, each row succeeded by the next; the latest keeps the plain id
    ids = [lex.resolve("国家知识产权局", y).body.id for y in (2010, 2020, 2024)]
    assert len(set(ids)) == 3 and ids[-1] == "cnipa"
    assert lex.bodies[ids[0]].successors == (ids[1],) and lex.bodies[ids[1]].successors == (ids[2],)
    # 人事部 (to 2008) passed its civil-service functions to the 国家公务员局 of 2008, under MOHRSS
    succ = lex.successors_in(lex.bodies["mop"], 2010)
    assert {b.name for b in succ} == {"人力资源和社会保障部", "国家公务员局"}
    assert all(b.alive(2010) for b in succ)


@pytest.mark.parametrize(("name", "year", "expected", "kind"), [
    ("国家卫生健康委", 2019, "国家卫生健康委员会", "ministry"),
    ("卫生计生委", 2016, "国家卫生和计划生育委员会", "ministry"),
    ("国家医保局", 2019, "国家医疗保障局", "directly_under"),
    ("人力资源社会保障部", 2016, "人力资源和社会保障部", "ministry"),
    ("中央军委装备发展部", 2016, "中央军委装备发展部", "state_org"),
    ("国防科工局", 2016, "国家国防科技工业局", "bureau"),
    ("新闻出版广电总局", 2014, "国家新闻出版广电总局", "directly_under"),
    ("中央网信办", 2016, "国家互联网信息办公室", "party"),
    ("网信办", 2016, "国家互联网信息办公室", "party"),
    ("国家网信办", 2020, "国家互联网信息办公室", "party"),
    ("林草局", 2019, "国家林业和草原局", "bureau"),
    ("国家林草局", 2019, "国家林业和草原局", "bureau"),
    ("银保监会", 2022, "中国银行保险监督管理委员会", "institution"),
    ("银监会", 2016, "中国银行业监督管理委员会", "institution"),
    ("保监会", 2016, "中国保险监督管理委员会", "institution"),
    ("药监局", 2021, "国家药品监督管理局", "bureau"),
    ("市场监管总局", 2019, "国家市场监督管理总局", "directly_under"),
    ("工商总局", 2016, "国家工商行政管理总局", "directly_under"),
    ("食品药品监管总局", 2016, "国家食品药品监督管理总局", "directly_under"),
    ("供销合作总社", 2016, "中华全国供销合作总社", "people_org"),
    ("国家粮食和物资储备局", 2019, "国家粮食和物资储备局", "bureau"),
    ("退役军人事务部", 2019, "退役军人事务部", "ministry"),
    ("林业局", 2016, "国家林业局", "directly_under"),
    ("农业部", 2016, "农业部", "ministry"),
    ("环境保护部", 2016, "环境保护部", "ministry"),
    ("中央编办", 2016, "中央机构编制委员会办公室", "party"),
    ("中央综治办", 2016, "中央社会治安综合治理委员会办公室", "party"),
    ("外汇局", 2016, "国家外汇管理局", "bureau"),
    ("中国科协", 2016, "中国科学技术协会", "people_org"),
    ("法制办", 2016, "国务院法制办公室", "office"),
    ("质检总局", 2016, "国家质量监督检验检疫总局", "directly_under"),
    ("文化和旅游部", 2019, "文化和旅游部", "ministry"),
    ("人民银行", 2016, "中国人民银行", "ministry"),
    ("地方各级人民政府", 2016, "地方各级人民政府", "local"),
])  # fmt: skip
def test_national_names_of_real_plans(lex, name, year, expected, kind):
    res = lex.resolve(name, year)
    assert res.body is not None and (res.body.name, res.body.kind) == (expected, kind)
    assert res.warning == ""


def test_no_local_body_in_the_lexicon(lex):
    # local bodies stay local: the lexicon holds no name of one local body
    local_names = ("省发改委", "市残联", "郑州铁路局", "人行武汉分行", "县扶贫办", "省卫生健康委", "市市场监管局")
    for name in local_names:
        res = lex.resolve(name, 2016)
        assert res.body is None or res.body.kind == "local", name
    for body in lex.bodies.values():
        if body.kind != "local":
            assert not any(re.match("(?:省|县|区|市(?!场))", a) for a in (body.name, *body.aliases)), body.id


def test_local_names_in_a_list_stay_local(run_text):
    # 发改委 and 扶贫办 are aliases of national bodies; with a level prefix they name local ones
    result = run_text("2016年测试计划\n一、开展整治。（省发改委、县扶贫办、公安部负责）\n")
    a = result.assignments_df.set_index("raw")
    for raw in ("省发改委", "县扶贫办"):
        assert a.loc[raw, "body"] == raw and a.loc[raw, "body_id"] == ""
    assert a.loc["公安部", "body_id"] == "mps"


def test_a_second_name_in_brackets_is_one_body(run_text):
    result = run_text("2016年测试计划\n一、加强版权保护。（新闻出版广电总局（版权局）、公安部负责）\n")
    a = result.assignments_df
    assert list(a["body"]) == ["国家新闻出版广电总局", "公安部"]


def test_ip_power_joint_conference_and_its_office_resolve():
    """Issue 12's list: 国家知识产权强国建设工作部际联席会议 (and its office) are bodies of the lexicon."""
    from pipeline.lexicon.model import load_lexicon

    lex = load_lexicon()
    conf = lex.resolve("国家知识产权强国建设工作部际联席会议", 2023).body
    office = lex.resolve("知识产权强国建设工作部际联席会议办公室", 2023).body
    assert conf is not None and office is not None and conf.id != office.id
    assert conf.kind == office.kind == "coordination"


def test_longest_matches_are_leftmost_longest_and_do_not_overlap():
    """At each place the longest key wins, and the search goes on after it: ABCD → ABC, D."""
    from pipeline.lexicon.matching import automaton, longest_matches

    auto = automaton(["AB", "ABC", "CD", "D"])
    assert longest_matches(auto, "ABCD") == [(0, 3, "ABC"), (3, 4, "D")]
    assert longest_matches(auto, "xCDx") == [(1, 3, "CD")]
    assert longest_matches(automaton([]), "ABCD") == []


# ---------------------------------------------------------------------------------------------
# page_fields.csv, page_classes.csv, document_words.csv (issue 14: knowledge in data).

NEW_FILES = ("page_fields.csv", "page_classes.csv", "document_words.csv")


def _lexicon_copy(tmp_path, file: str, row: str):
    """A copy of the project's lexicons with one row added to ``file``."""
    import shutil

    from pipeline.lexicon.model import LEXICON_DIR

    folder = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, folder)
    path = folder / file
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + row + "\n", encoding="utf-8")
    return load_lexicon(folder)


def test_the_new_lexicon_files_load(lex):
    assert lex.fields_giving("doc_number")[0] == "发文字号"
    assert "成文日期" in lex.fields_giving("signed") and "发布日期" in lex.fields_giving("published")
    assert lex.fields_giving("notice_title") == ("标题",)
    assert "索引号" in lex.page_field_names and "时效" in lex.page_field_names
    assert lex.page_class_names("content")[0] == "ucap-content" and "nav" in lex.page_class_names("noise")
    w = lex.words
    assert set(w.copy_label) == {"抄送", "抄报", "分送"} and w.printed == ("印发",)
    assert {"通知", "意见", "函", "批复"} <= set(w.notice_type) and "办公厅" in w.org_end
    assert {"和", "与"} <= set(w.inside_running_name) <= set(w.inside_name)
    assert "的" in w.noun_marker and w.joint == ("共同",)
    assert all(getattr(w, use) for use in w._fields), "every use has at least one word"


@pytest.mark.parametrize(("file", "row", "column"), [
    ("page_fields.csv", "发布部门,publisher,", "gives"),
    ("page_classes.csv", "main-text,contents,", "use"),
    ("document_words.csv", "主送,copy_lable,", "use"),
])  # fmt: skip
def test_an_unknown_use_in_a_new_file_is_a_problem(tmp_path, file, row, column):
    problems = validate(_lexicon_copy(tmp_path, file, row))
    bad = row.split(",")[1]
    assert [p for p in problems if p.startswith(file) and f"unknown {column} {bad!r}" in p], problems
    assert len(problems) == 1, problems


def test_a_row_added_to_the_new_files_changes_what_is_read(tmp_path):
    from pipeline.io.readers import decode_text
    from pipeline.stages.normalize.working_text import normalize
    from pipeline.stages.structure.outline import structure

    def outline(lexicon, text):
        norm = normalize(decode_text(text), lexicon)
        return structure(norm, lexicon)

    text = "一、加强监管\n（一）开展专项检查。（商务部负责）\n抄呈：某某\n（二）开展抽查。（商务部负责）\n"
    assert [u.path for u in outline(load_lexicon(), text).units] == ["1", "1.1", "1.2"]
    ended = _lexicon_copy(tmp_path / "a", "document_words.csv", "抄呈,copy_label,")
    assert [u.path for u in outline(ended, text).units] == ["1", "1.1"]  # 抄呈： now ends the text
    page = "发布部门：某某市人民政府办公室\n测试工作方案\n" + text
    assert outline(load_lexicon(), page).header.issuer == ""
    issuer = _lexicon_copy(tmp_path / "b", "page_fields.csv", "发布部门,issuer,")
    assert outline(issuer, page).header.issuer == "某某市人民政府办公室"


# ---------------------------------------------------------------------------------------------
# labels.csv: the Chinese and English labels of body kinds and verb categories (issue 23, item 6).


def _labels_edited(tmp_path, drop: str = "", add: str = ""):
    """A copy of the project's lexicons with the labels.csv rows starting ``drop`` left out and ``add`` added."""
    import shutil

    from pipeline.lexicon.model import LEXICON_DIR

    folder = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, folder)
    path = folder / "labels.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not (drop and line.startswith(drop))]
    path.write_text("\n".join([*lines, *([add] if add else [])]) + "\n", encoding="utf-8")
    return load_lexicon(folder)


def test_every_kind_and_verb_category_has_its_labels(lex):
    from pipeline.lexicon.model import KINDS, VERB_CATEGORIES

    assert lex.labels.label("kind", "ministry", english=False) == "国务院组成部门"
    assert lex.labels.label("kind", "ministry", english=True) == "ministry"
    assert lex.labels.label("verb_category", "regulate", english=False) == "规制执法"
    assert lex.labels.label("kind", "regulate", english=False) is None  # a code of another set
    assert set(lex.labels.values("kind")) == KINDS
    assert set(lex.labels.values("verb_category")) == VERB_CATEGORIES
    used = {b.kind for b in lex.bodies.values()} | {k for _, k in lex.body_patterns}
    assert all(lex.labels.label("kind", k, english=False) for k in used)
    assert all(lex.labels.label("verb_category", v.category, english=False) for v in lex.verbs.values())


def test_a_kind_or_category_without_a_label_is_a_problem(tmp_path):
    problems = validate(_labels_edited(tmp_path / "a", drop="kind,ministry,"))
    assert problems == ["labels.csv: kind 'ministry' has no label (used in agencies.csv): "
                        "add a row kind,ministry,<Chinese>,<English>"]  # fmt: skip
    problems = validate(_labels_edited(tmp_path / "b", drop="verb_category,ensure,"))
    assert problems == ["labels.csv: verb_category 'ensure' has no label (used in verbs.csv): "
                        "add a row verb_category,ensure,<Chinese>,<English>"]  # fmt: skip
    problems = validate(_labels_edited(tmp_path / "c", drop="kind,unknown,"))
    assert problems == ["labels.csv: kind 'unknown' has no label (used in body_patterns.csv): "
                        "add a row kind,unknown,<Chinese>,<English>"]  # fmt: skip


@pytest.mark.parametrize(("drop", "row", "problem"), [
    ("", "kinds,ministry,国务院组成部门,ministry,", "unknown set 'kinds' (one of kind, verb_category)"),
    ("", "kind,minstry,国务院组成部门,ministry,", "'minstry' is no kind fengong knows"),
    ("", "kind,ministry,部门,ministry,", "kind ministry labelled twice"),
    ("verb_category,regulate,", "verb_category,regulate,,regulate,", "verb_category regulate: empty zh label"),
])  # fmt: skip
def test_a_bad_label_row_is_a_problem(tmp_path, drop, row, problem):
    lexicon = _labels_edited(tmp_path, drop=drop, add=row)
    line = len(lexicon.labels.rows) + 1  # the row added is the file's last line
    problems = validate(lexicon)
    assert len(problems) == 1 and problems[0].startswith(f"labels.csv: line {line}: {problem}"), problems
    assert lexicon.labels.label("kind", "ministry", english=False) == "国务院组成部门"  # the first row of a code wins
    assert lexicon.labels.label("verb_category", "regulate", english=False) == (None if drop else "规制执法")


def test_labels_csv_is_part_of_the_lexicon_version(tmp_path):
    assert _labels_edited(tmp_path, add="kind,ministry,部门,ministry,").version != load_lexicon().version


def test_validate_names_a_missing_label_on_the_command_line(tmp_path):
    _labels_edited(tmp_path, drop="kind,bureau,")
    out = subprocess.run([sys.executable, "-m", "pipeline", "lexicon", "validate", "--lexicons", str(tmp_path / "lexicons")],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert out.returncode == 1, out
    assert "labels.csv: kind 'bureau' has no label (used in agencies.csv)" in out.stdout + out.stderr
