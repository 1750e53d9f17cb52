"""Focused tests of the codebook's conventions, on short texts written for each one."""

from __future__ import annotations

from .conftest import triples

AQSIQ = "国家质量监督检验检疫总局"
SAIC = "国家工商行政管理总局"


def test_several_leads_and_participants(run_text):
    r = run_text("2015年测试行动计划\n一、推进质量提升。开展质量提升行动，加强标准体系建设。"
                 "（质检总局、发展改革委牵头负责，财政部、商务部参加）")
    assert list(r.measures_df["text_simplified"]) == ["开展质量提升行动", "加强标准体系建设"]
    assert triples(r) == {
        ("1", AQSIQ, "lead"), ("1", "国家发展和改革委员会", "lead"),
        ("1", "财政部", "participant"), ("1", "商务部", "participant"),
    }
    assert len(r.assignments_df) == 8  # one row per (measure, body)


def test_others_are_participants_when_a_lead_is_named(run_text):
    r = run_text("2015年测试行动计划\n一、推进质量提升。开展质量提升行动。（质检总局牵头，工商总局负责）")
    assert triples(r) == {("1", AQSIQ, "lead"), ("1", SAIC, "participant")}


def test_first_listed_is_lead_and_persists_with_xiatong(run_text):
    r = run_text("2015年测试工作要点\n一、加强监管\n（一）开展专项整治。（工商总局、质检总局、公安部负责，"
                 "列第一位者为牵头部门，下同）\n（二）完善标准体系。（质检总局、工业和信息化部）")
    got = triples(r)
    assert ("1.1", SAIC, "lead") in got and ("1.1", AQSIQ, "participant") in got
    assert ("1.1", "公安部", "participant") in got
    assert ("1.2", AQSIQ, "lead") in got and ("1.2", "工业和信息化部", "participant") in got
    assert set(r.assignments_df["source"]) == {"convention"}


def test_first_listed_without_xiatong_holds_for_its_list_only(run_text):
    r = run_text("2015年测试工作要点\n一、开展专项整治。（工商总局、质检总局负责，列第一位者为牵头部门）\n"
                 "二、完善标准体系。（质检总局、工业和信息化部负责）")
    got = triples(r)
    assert ("1", SAIC, "lead") in got and ("2", AQSIQ, "responsible") in got


def test_huitong_in_running_text_and_in_lists(run_text):
    r = run_text("2016年测试方案\n一、由公安部会同海关总署、质检总局等部门负责落实打击侵权行为。\n"
                 "二、建立追溯制度。（商务部会同工业和信息化部、农业部负责）")
    got = triples(r)
    assert {("1", "公安部", "lead"), ("1", "海关总署", "participant"), ("1", AQSIQ, "participant")} <= got
    assert {("2", "商务部", "lead"), ("2", "工业和信息化部", "participant"), ("2", "农业部", "participant")} <= got
    assert set(r.assignments_df[r.assignments_df["path"] == "1"]["source"]) == {"running text"}


def test_paragraph_subject_is_responsible(run_text):
    r = run_text("2014年测试计划\n一、各有关部门要加强协调配合，形成工作合力。\n"
                 "二、落实属地责任。地方各级人民政府要建立工作机制，加强督促检查。")
    got = triples(r)
    assert ("1", "各有关部门", "responsible") in got
    assert ("2", "地方各级人民政府", "responsible") in got
    kinds = dict(zip(r.assignments_df["body"], r.assignments_df["body_kind"]))
    assert kinds == {"各有关部门": "generic", "地方各级人民政府": "local"}


def test_separators_closers_and_deadlines(run_text):
    r = run_text("2020年测试要点\n一、稳定就业\n1.实施就业优先政策。（人力资源社会保障部、财政部及人民银行等部门负责，"
                 "2020年12月底前完成）\n2.扩大有效投资，年内完成。（发展改革委和财政部负责）")
    got = triples(r)
    assert {("1.1", "人力资源和社会保障部", "responsible"), ("1.1", "财政部", "responsible"),
            ("1.1", "中国人民银行", "responsible")} <= got
    assert {("1.2", "国家发展和改革委员会", "responsible"), ("1.2", "财政部", "responsible")} <= got
    m = r.measures_df.set_index("path")
    assert m.loc["1.1", "deadline"] == "2020年12月底前完成"
    assert m.loc["1.2", "text_simplified"] == "扩大有效投资" and m.loc["1.2", "deadline"] == "年内完成"
    assert not any("等" in b for b in r.assignments_df["body"])


def test_four_levels_and_circled_numbers(run_text):
    r = run_text("2018年测试计划\n一、总体要求\n（一）加强统筹。\n1.完善机制。\n（1）建立会商制度，定期通报情况。"
                 "（生态环境部负责）\n①开展专项检查。（应急部负责）")
    m = r.measures_df
    assert list(zip(m["path"], m["text_simplified"])) == [
        ("1.1.1.1", "建立会商制度"), ("1.1.1.1", "定期通报情况"), ("1.1.1.1.1", "开展专项检查")]
    assert triples(r) == {("1.1.1.1", "生态环境部", "responsible"), ("1.1.1.1.1", "应急管理部", "responsible")}
    assert set(m["section_title"]) == {"总体要求"}


def test_title_rule(run_text):
    # A comma-free first sentence followed by more is a title; alone, or with a comma, it is a measure.
    r = run_text("2015年测试计划\n一、加强监管。开展抽查。\n二、开展专项整治。\n三、加强监管，开展抽查。")
    assert list(zip(r.measures_df["path"], r.measures_df["text_simplified"])) == [
        ("1", "开展抽查"), ("2", "开展专项整治"), ("3", "加强监管"), ("3", "开展抽查")]


def test_parentheses_that_are_not_lists(run_text):
    r = run_text("2013年测试计划\n一、推进示范县（场、区）创建，制定《实施方案（试行）》，落实《纲要（2011-2020年）》。"
                 "（农业部负责）")
    assert list(r.measures_df["text_simplified"]) == [
        "推进示范县（场、区）创建", "制定《实施方案（试行）》", "落实《纲要（2011-2020年）》"]
    assert triples(r) == {("1", "农业部", "responsible")}


def test_framing_clauses_join_the_next(run_text):
    r = run_text("2013年测试计划\n一、以食品为重点，开展专项整治。在重点行业中，结合地方实际，推广先进方法。"
                 "为南水北调工程提供保障。（农业部负责）")
    assert list(r.measures_df["text_simplified"]) == [
        "以食品为重点，开展专项整治", "在重点行业中，结合地方实际，推广先进方法", "为南水北调工程提供保障"]


def test_unknown_body_in_a_list_is_kept_and_warned(run_text):
    r = run_text("2015年测试计划\n一、开展专项整治。（质检总局、国家测试协调委员会负责）")
    a = r.assignments_df.set_index("body")
    assert a.loc["国家测试协调委员会", "body_kind"] == "unknown"
    assert any("国家测试协调委员会" in w for w in r.document["warnings"])


def test_body_named_outside_its_life_is_warned(run_text):
    r = run_text("2019年测试计划\n一、开展专项整治。（质检总局负责）")
    assert any("国家市场监督管理总局" in w for w in r.document["warnings"])


def test_closing_text_after_the_last_list(run_text):
    r = run_text("2021年测试意见\n一、稳定经济\n1.保持货币供应量合理增长。（人民银行、银保监会等按职责分工负责）\n"
                 "各地区、各部门要切实增强“四个意识”，扎实做好各项工作。")
    got = triples(r)
    assert {("", "各地区", "responsible"), ("", "各部门", "responsible")} <= got
    assert ("1.1", "中国人民银行", "responsible") in got
    assert list(r.measures_df["path"]) == ["1.1", "", ""]


def test_noun_like_verbs_lead_only_at_the_head(run_text):
    r = run_text("2013年测试计划\n一、加快质量诚信体系建设，建设质量信用档案，深入推进品牌建设。（质检总局负责）")
    assert list(r.measures_df["verb"]) == ["加快", "建设", "推进"]
