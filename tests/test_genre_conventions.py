"""Hand-labelled tests of the conventions of real local and State Council plans (codebook §1, §5, §6).

Every text here is invented for its test; every expected result is read off the codebook by hand,
not copied from the pipeline's output. National bodies are given their official names for the
text's year as `fengong lexicon lookup` states them; local names keep their written form.
"""

from __future__ import annotations

import pytest

from pipeline.run.batch import RunOptions, run_batch

from .conftest import triples

NATIONAL_KINDS = {"ministry", "special", "directly_under", "office", "institution", "bureau",
                  "coordination", "party", "people_org", "judicial", "state_org", "enterprise"}  # fmt: skip


def column(result, name: str) -> dict[str, str]:
    """body → the value of one column, for a result where each body has one value of it."""
    a = result.assignments_df
    pairs = set(zip(a["body"], a[name]))
    assert len(pairs) == len({b for b, _ in pairs}), f"a body has several {name} values: {pairs}"
    return dict(pairs)


# These texts name local bodies and show no place, so their rows are also flagged unknown_place
# (codebook §6, Places and functions; tests/test_places.py): the flags of list reading are what
# this module checks.
NO_PLACE = "unknown_place"


def flags_of(value) -> set[str]:
    return set(value.split("|")) - {NO_PLACE} if isinstance(value, str) and value else set()


def reading_flags(values) -> set[str]:
    """The distinct flag strings of a column, unknown_place left out."""
    return {"|".join(f for f in v.split("|") if f != NO_PLACE) for v in values}


def measures(result) -> list[tuple[str, str]]:
    m = result.measures_df
    return list(zip(m["path"], m["text_simplified"]))


# ---------------------------------------------------------------------------------------------
# 1. Lists with no role word made of local bodies; pieces that cannot be read are flagged.


def test_list_of_local_bodies_without_role_word(run_text):
    """Convention 1: a bracket of local bodies and no role word is a list; each body responsible."""
    r = run_text("2021年XX县测试工作方案\n一、推进农业现代化\n1.治理低产农田，建设高标准农田。"
                 "（县农业农村局、县财政局）")
    assert measures(r) == [("1.1", "治理低产农田"), ("1.1", "建设高标准农田")]
    assert triples(r) == {("1.1", "县农业农村局", "responsible"), ("1.1", "县财政局", "responsible")}
    assert set(r.assignments_df["body_kind"]) == {"local"}
    assert column(r, "level") == {"县农业农村局": "county", "县财政局": "county"}
    assert reading_flags(r.assignments_df["flags"]) == {""}


def test_list_of_pieces_ending_in_organ_suffixes(run_text):
    """Convention 1: pieces ending in an organ suffix (公司 街道 集团 管委会 支行 …) read as body names."""
    r = run_text("2021年XX县测试工作方案\n一、完善基础设施\n1.推进城乡电网改造。"
                 "（县供电公司、城关街道、县城投集团、县经开区管委会、县农商银行城关支行）")
    assert triples(r) == {
        ("1.1", "县供电公司", "responsible"), ("1.1", "城关街道", "responsible"),
        ("1.1", "县城投集团", "responsible"), ("1.1", "县经开区管委会", "responsible"),
        ("1.1", "县农商银行城关支行", "responsible"),
    }
    assert not any("partial_list" in flags_of(f) for f in r.assignments_df["flags"])


def test_unreadable_piece_is_flagged_not_a_reason_to_drop_the_list(run_text):
    """Convention 1 and Never silent: most pieces are bodies, so it is a list; the odd piece is flagged."""
    r = run_text("2021年XX县测试工作方案\n一、总体要求\n加强统筹推进。（县发改局负责）\n二、重点任务\n"
                 "（一）治理低产农田。（县农业农村局负责）\n（二）建设冷链设施。（县商务局负责）\n"
                 "（三）培育特色产业。（县农业农村局、县财政局、重点企业）")
    assert triples(r) == {
        ("1", "县发改局", "responsible"), ("2.1", "县农业农村局", "responsible"),
        ("2.2", "县商务局", "responsible"), ("2.3", "县农业农村局", "responsible"),
        ("2.3", "县财政局", "responsible"),
    }
    a = r.assignments_df
    assert all("partial_list" in flags_of(f) for f in a[a["path"] == "2.3"]["flags"])
    assert reading_flags(a[a["path"] != "2.3"]["flags"]) == {""}
    assert not any("重点企业" in b for b in a["body"])
    assert any("2.3" in w and "重点企业" in w for w in r.document["warnings"])
    assert "培育特色产业" in set(r.measures_df["text_simplified"])


# ---------------------------------------------------------------------------------------------
# 2. A label and role words in one list; labels in every kind of bracket and on their own line.


def test_label_and_role_words_in_one_list(run_text):
    """Convention 2: 责任单位：A牵头，B、C配合 → A lead, B and C participants."""
    r = run_text("2021年XX市测试实施方案\n一、促进教育公平\n1.实施学生营养改善计划。"
                 "（责任单位：市教育局牵头，市人社局、市财政局配合）")
    assert triples(r) == {
        ("1.1", "市教育局", "lead"), ("1.1", "市人社局", "participant"), ("1.1", "市财政局", "participant"),
    }


def test_labels_in_brackets_and_on_lines(run_text):
    """Convention 2: label lists in 〔〕 [ ] ［］, after the item on its line, or on the next line."""
    r = run_text("2021年XX县测试实施方案\n一、重点任务\n"
                 "1.改善办学条件。〔牵头单位：县教育局；责任单位：县住建局〕\n"
                 "2.扩大托育服务供给。[部门分工：县卫健局牵头，县妇联配合]\n"
                 "3.提升养老服务水平。［责任单位：县民政局］\n"
                 "4.建设残疾人康复中心。责任单位：县残联\n"
                 "5.完善社会救助制度。\n配合单位：县财政局；牵头单位：县民政局")
    assert measures(r) == [
        ("1.1", "改善办学条件"), ("1.2", "扩大托育服务供给"), ("1.3", "提升养老服务水平"),
        ("1.4", "建设残疾人康复中心"), ("1.5", "完善社会救助制度"),
    ]
    assert triples(r) == {
        ("1.1", "县教育局", "lead"), ("1.1", "县住建局", "participant"),
        ("1.2", "县卫健局", "lead"), ("1.2", "县妇联", "participant"),
        ("1.3", "县民政局", "responsible"),
        ("1.4", "县残联", "responsible"),
        ("1.5", "县民政局", "lead"), ("1.5", "县财政局", "participant"),
    }


# ---------------------------------------------------------------------------------------------
# 3. First listed is lead, in its many wordings, carried on by 下同.


@pytest.mark.parametrize("convention", [
    "。列第一位者为牵头单位，下同", "。排在首位的为牵头单位，下同", "，排在首位为牵头单位，下同",
    "，排在第一位的为牵头单位，下同", "。第一个单位为牵头单位，下同",
], ids=["liediyiwei", "paizaishouwei-de", "paizaishouwei", "paizaidiyiwei-de", "diyige"])  # fmt: skip
def test_first_listed_is_lead_wordings(run_text, convention):
    """Convention 3: after the roles, 排在首位的为牵头单位 (…为牵头单位) with 下同 holds for later lists."""
    r = run_text("2021年XX市测试工作要点\n一、优化政务服务\n"
                 f"（一）推进政务服务一网通办。（市政务服务中心、市大数据局负责{convention}）\n"
                 "（二）压缩工程建设审批时限。（市住建局、市自然资源局、市发改委）\n"
                 "二、加强效能监督\n（一）开展政务服务效能督查。（市政府办公室、市政务服务中心负责）")
    assert triples(r) == {
        ("1.1", "市政务服务中心", "lead"), ("1.1", "市大数据局", "participant"),
        ("1.2", "市住建局", "lead"), ("1.2", "市自然资源局", "participant"),
        ("1.2", "市发改委", "participant"),
        ("2.1", "市政府办公室", "lead"), ("2.1", "市政务服务中心", "participant"),
    }
    assert set(r.assignments_df["source"]) == {"convention"}


# ---------------------------------------------------------------------------------------------
# 4. 等 / 等部门 / 等有关部门 / 等单位 in mid-list.


def test_deng_bumen_closes_a_run_not_the_list(run_text):
    """Convention 4: 等有关部门 mid-list closes a run of names; 配合 applies back to 牵头."""
    r = run_text("2021年XX市测试行动方案\n一、促进消费升级\n1.举办城市消费季活动。"
                 "（市文旅局牵头，市财政局、市商务局等有关部门，市文投集团、各区人民政府配合）\n"
                 "2.完善社区医疗服务。（区卫健局、区医保局等，区财政局负责）\n"
                 "3.建设便民服务网点。（市粮食和物资储备局等单位，市邮政公司负责）")
    assert triples(r) == {
        ("1.1", "市文旅局", "lead"), ("1.1", "市财政局", "participant"),
        ("1.1", "市商务局", "participant"), ("1.1", "市文投集团", "participant"),
        ("1.1", "各区人民政府", "participant"),
        ("1.2", "区卫健局", "responsible"), ("1.2", "区医保局", "responsible"),
        ("1.2", "区财政局", "responsible"),
        ("1.3", "市粮食和物资储备局", "responsible"), ("1.3", "市邮政公司", "responsible"),
    }
    assert not any("等" in b for b in r.assignments_df["body"])


# ---------------------------------------------------------------------------------------------
# 5. Rarer role verbs; an unknown verb after the bodies.


@pytest.mark.parametrize("verb, role", [
    ("落实", "responsible"), ("负责落实", "responsible"), ("分别负责落实", "responsible"),
    ("组织实施", "responsible"), ("共同负责", "responsible"),
    ("牵头落实", "lead"), ("分别牵头落实", "lead"),
], ids=["luoshi", "fuze-luoshi", "fenbie-fuze-luoshi", "zuzhi-shishi", "gongtong-fuze",
        "qiantou-luoshi", "fenbie-qiantou-luoshi"])  # fmt: skip
def test_rarer_role_verbs(run_text, verb, role):
    """Convention 5: 落实, 负责落实, 分别负责落实, 组织实施, 共同负责 (responsible); 牵头落实, 分别牵头落实 (lead)."""
    r = run_text(f"2021年XX县测试工作方案\n一、改善人居环境\n1.开展村庄清洁行动。（县住建局、县城管局{verb}）")
    assert triples(r) == {("1.1", "县住建局", role), ("1.1", "县城管局", role)}
    assert reading_flags(r.assignments_df["flags"]) == {""}


def test_xietong_is_participant(run_text):
    """Convention 5: 协同 gives participant; with 分别牵头落实 before it, two leads."""
    r = run_text("2021年XX县测试工作方案\n一、改善人居环境\n1.推进农村厕所改造。"
                 "（县农业农村局、县卫健局分别牵头落实，县财政局协同）\n"
                 "2.治理农村生活污水。（县生态环境分局组织实施，各乡镇人民政府协同）")
    assert triples(r) == {
        ("1.1", "县农业农村局", "lead"), ("1.1", "县卫健局", "lead"), ("1.1", "县财政局", "participant"),
        ("1.2", "县生态环境分局", "responsible"), ("1.2", "各乡镇人民政府", "participant"),
    }


def test_unknown_role_verb_still_makes_a_list(run_text):
    """Convention 5: an unknown verb after bodies: the bodies are responsible, flagged, and warned."""
    r = run_text("2021年XX市测试工作方案\n一、提升城市品质\n（一）推进背街小巷整治。（市住建局、市城管局统筹推进）")
    assert triples(r) == {("1.1", "市住建局", "responsible"), ("1.1", "市城管局", "responsible")}
    assert [flags_of(f) for f in r.assignments_df["flags"]] == [{"unknown_role_verb"}] * 2
    assert any("统筹推进" in w for w in r.document["warnings"])
    assert measures(r) == [("1.1", "推进背街小巷整治")]


# ---------------------------------------------------------------------------------------------
# 6. Several leads; 会同 with two bodies before it.


def test_several_leads_and_huitong_with_two_bodies(run_text):
    """Convention 6: A、B牵头 → two leads; A、B会同C负责 → A and B lead, C participant."""
    r = run_text("2021年XX县测试工作方案\n一、推动产业升级\n1.培育规模以上工业企业。"
                 "（县发改局、县工信局牵头，县财政局配合）\n二、守牢安全底线\n"
                 "1.开展高层建筑消防隐患排查。（县应急局、县住建局会同县公安局负责）")
    assert triples(r) == {
        ("1.1", "县发改局", "lead"), ("1.1", "县工信局", "lead"), ("1.1", "县财政局", "participant"),
        ("2.1", "县应急局", "lead"), ("2.1", "县住建局", "lead"), ("2.1", "县公安局", "participant"),
    }


# ---------------------------------------------------------------------------------------------
# 7. Generic local groups; parentheses inside names; shared endings.


def test_generic_local_groups_and_parentheses_inside_names(run_text):
    """Convention 7: local groups kept as written; a parenthesis inside a name is part of it."""
    r = run_text("2021年XX县测试工作方案\n一、推进乡村振兴\n1.开展村庄清洁行动。（各乡镇（街道）负责）\n"
                 "2.完善粮食储备体系。（县发改局（粮食局）牵头，县直各有关部门、县乡村振兴领导小组成员单位配合）\n"
                 "3.推进农村道路建设。（各县（市、区）人民政府负责）")
    assert triples(r) == {
        ("1.1", "各乡镇（街道）", "responsible"),
        ("1.2", "县发改局（粮食局）", "lead"), ("1.2", "县直各有关部门", "participant"),
        ("1.2", "县乡村振兴领导小组成员单位", "participant"),
        ("1.3", "各县（市、区）人民政府", "responsible"),
    }
    assert column(r, "body_kind") == {
        "各乡镇（街道）": "local", "县发改局（粮食局）": "local", "县直各有关部门": "generic",
        "县乡村振兴领导小组成员单位": "generic", "各县（市、区）人民政府": "local",
    }
    assert column(r, "level") == {
        "各乡镇（街道）": "township", "县发改局（粮食局）": "county", "县直各有关部门": "county",
        "县乡村振兴领导小组成员单位": "county", "各县（市、区）人民政府": "county",
    }
    assert "国家粮食局" not in set(r.assignments_df["body"])


def test_generic_groups_of_other_levels(run_text):
    """Convention 7: 各地…部门, 各省级…主管部门, 州直相关单位 are generic groups, kept as written."""
    r = run_text("2021年测试工作方案\n一、推进数字化转型\n1.建设工业互联网平台。（各省级工业和信息化主管部门负责）\n"
                 "2.推进智慧教育。（各地教育行政部门负责）\n3.建设民族文化街区。（州直相关单位负责）")
    assert triples(r) == {
        ("1.1", "各省级工业和信息化主管部门", "responsible"),
        ("1.2", "各地教育行政部门", "responsible"), ("1.3", "州直相关单位", "responsible"),
    }
    assert set(r.assignments_df["body_kind"]) == {"generic"}
    assert column(r, "level") == {
        "各省级工业和信息化主管部门": "province", "各地教育行政部门": "unknown", "州直相关单位": "city",
    }


def test_shared_endings(run_text):
    """Convention 7: a place name or level word alone takes the ending of the last piece of its run."""
    r = run_text("2021年XX省测试工作方案\n一、推进口岸建设\n1.提升口岸通关效率。（东山、西岭、南湖市政府负责）\n"
                 "2.完善边境贸易设施。（相关市、县政府牵头，省商务厅配合）\n"
                 "3.建设边民互市贸易点。（各县、区人民政府负责）")
    assert triples(r) == {
        ("1.1", "东山市政府", "responsible"), ("1.1", "西岭市政府", "responsible"),
        ("1.1", "南湖市政府", "responsible"),
        ("1.2", "相关市政府", "lead"), ("1.2", "相关县政府", "lead"), ("1.2", "省商务厅", "participant"),
        ("1.3", "各县人民政府", "responsible"), ("1.3", "各区人民政府", "responsible"),
    }
    a = r.assignments_df
    raw = dict(zip(a["body"], a["raw"]))
    assert (raw["东山市政府"], raw["西岭市政府"], raw["南湖市政府"]) == ("东山", "西岭", "南湖市政府")
    assert column(r, "level") == {
        "东山市政府": "city", "西岭市政府": "city", "南湖市政府": "city", "相关市政府": "city",
        "相关县政府": "county", "省商务厅": "province", "各县人民政府": "county", "各区人民政府": "district",
    }


# ---------------------------------------------------------------------------------------------
# 8. Document-wide rules inside a list: bodies that join every later list.


def test_bodies_named_for_every_later_list(run_text):
    """Convention 8: 以下…均需X落实，不再列出 → X joins every later list (convention), not this one."""
    r = run_text("2021年XX县测试工作方案\n一、发展农村电商\n1.推进电子商务进农村。"
                 "（县商务局负责。以下各项均需各乡镇人民政府落实，不再列出）\n"
                 "2.建设农村物流配送站点。（县交通运输局负责）\n"
                 "3.培育农村电商带头人。（县人社局牵头，县妇联配合）")
    assert triples(r) == {
        ("1.1", "县商务局", "responsible"),
        ("1.2", "县交通运输局", "responsible"), ("1.2", "各乡镇人民政府", "responsible"),
        ("1.3", "县人社局", "lead"), ("1.3", "县妇联", "participant"),
        ("1.3", "各乡镇人民政府", "participant"),
    }
    a = r.assignments_df
    assert set(a[a["body"] == "各乡镇人民政府"]["source"]) == {"convention"}
    assert "convention" not in set(a[a["body"] != "各乡镇人民政府"]["source"])


def test_bodies_for_later_lists_other_wordings(run_text):
    """Convention 8: 不再单独列出 and 不再做分工，下同 name bodies for every later list as well."""
    r = run_text("2021年XX区测试工作方案\n一、优化营商环境\n1.推行企业开办一日办结。"
                 "（区市场监管局负责；以下任务各街道均需落实，不再单独列出）\n"
                 "2.推进政务服务下沉。（区政务服务中心负责）\n二、加强社区治理\n"
                 "1.完善网格化管理。（区委政法委负责；以下任务区直各有关部门均需落实，不再做分工，下同）\n"
                 "2.开展矛盾纠纷排查。（区司法局负责）")
    assert triples(r) == {
        ("1.1", "区市场监管局", "responsible"),
        ("1.2", "区政务服务中心", "responsible"), ("1.2", "各街道", "responsible"),
        ("2.1", "区委政法委", "responsible"), ("2.1", "各街道", "responsible"),
        ("2.2", "区司法局", "responsible"), ("2.2", "各街道", "responsible"),
        ("2.2", "区直各有关部门", "responsible"),
    }


# ---------------------------------------------------------------------------------------------
# 9. Outline shapes.


def test_numbered_covering_notice_is_header(run_text):
    """Convention 9: a covering notice numbered 一、二、 before the plan title is header; the title resets."""
    r = run_text("XX县人民政府办公室关于印发XX县2021年测试工作方案的通知\n各乡镇人民政府，县直各部门：\n"
                 "现将《XX县2021年测试工作方案》印发给你们，并就有关事项通知如下：\n"
                 "一、高度重视。各乡镇要认真组织实施，加强督促检查。\n"
                 "二、按时报送。请于2021年6月底前报送工作进展情况。\n"
                 "XX县人民政府办公室\n2021年3月1日\nXX县2021年测试工作方案\n"
                 "一、重点任务\n1.开展农田整治。（县农业农村局负责）\n二、保障措施\n加强资金保障。（县财政局负责）")
    assert r.document["title"] == "XX县2021年测试工作方案"
    assert measures(r) == [("1.1", "开展农田整治"), ("2", "加强资金保障")]
    assert triples(r) == {("1.1", "县农业农村局", "responsible"), ("2", "县财政局", "responsible")}


def test_attachment_lines_are_header(run_text):
    """Convention 9: 附件：1.… 2.… lines in the header are not units."""
    r = run_text("XX市人民政府办公室关于印发XX市2021年测试实施方案的通知\n各区人民政府，市政府各部门：\n"
                 "现将《XX市2021年测试实施方案》印发给你们，请认真贯彻执行。\n"
                 "附件：1.XX市2021年测试实施方案\n2.XX市2021年测试重点任务清单\n"
                 "XX市人民政府办公室\n2021年4月2日\nXX市2021年测试实施方案\n"
                 "一、重点任务\n1.建设城市大数据平台。（市大数据局负责）\n2.完善数据共享标准。（市市场监管局负责）")
    assert measures(r) == [("1.1", "建设城市大数据平台"), ("1.2", "完善数据共享标准")]
    assert triples(r) == {("1.1", "市大数据局", "responsible"), ("1.2", "市市场监管局", "responsible")}


def test_heading_that_lost_its_marker(run_text):
    """Convention 9: the first section's heading without 一、 is still unit 1 when 二、 follows."""
    r = run_text("2021年XX区测试工作方案\n重点任务\n（一）推进老旧小区改造。（区住建局负责）\n"
                 "（二）完善社区服务设施。（区民政局负责）\n二、保障措施\n（一）加强资金保障。（区财政局负责）")
    assert measures(r) == [("1.1", "推进老旧小区改造"), ("1.2", "完善社区服务设施"), ("2.1", "加强资金保障")]
    assert triples(r) == {
        ("1.1", "区住建局", "responsible"), ("1.2", "区民政局", "responsible"), ("2.1", "区财政局", "responsible"),
    }
    m = r.measures_df.set_index("path")
    assert m.loc["1.1", "section_title"] == "重点任务" and m.loc["2.1", "section_title"] == "保障措施"


def test_arabic_numbers_that_run_on_across_sections(run_text):
    """Convention 9: the number written is the path component: 3. under 二、 is 2.3."""
    r = run_text("2021年XX县测试行动方案\n一、完善基础设施\n1.建设农村公路。（县交通运输局负责）\n"
                 "2.建设农村供水工程。（县水利局负责）\n二、提升公共服务\n3.建设农村养老设施。（县民政局负责）\n"
                 "4.改善乡村学校办学条件。（县教育局负责）")
    assert triples(r) == {
        ("1.1", "县交通运输局", "responsible"), ("1.2", "县水利局", "responsible"),
        ("2.3", "县民政局", "responsible"), ("2.4", "县教育局", "responsible"),
    }


def test_label_lines_after_a_one_sentence_item(run_text):
    """Convention 9: label lines after a one-sentence item belong to it; the sentence is a measure."""
    r = run_text("2021年XX县测试实施方案\n一、主要任务\n（一）开展人居环境整治\n责任单位：县住建局、县城管局\n"
                 "（二）推进农村厕所改造。\n牵头单位：县农业农村局\n配合单位：县卫健局")
    assert measures(r) == [("1.1", "开展人居环境整治"), ("1.2", "推进农村厕所改造")]
    assert triples(r) == {
        ("1.1", "县住建局", "responsible"), ("1.1", "县城管局", "responsible"),
        ("1.2", "县农业农村局", "lead"), ("1.2", "县卫健局", "participant"),
    }


def test_flattened_table_responsibility_line(run_text):
    """Convention 9: a bare line of bodies and a role word is the list of the paragraphs above it."""
    r = run_text("2021年XX市测试任务分解表\n一、优化营商环境\n1.压减企业开办时间，推行企业开办全程网上办理。\n"
                 "强化开办服务保障。\n"
                 "市市场监管局牵头落实\n2.降低企业用电成本。\n市发改委、市供电公司负责")
    assert measures(r) == [
        ("1.1", "压减企业开办时间"), ("1.1", "推行企业开办全程网上办理"), ("1.1", "强化开办服务保障"),
        ("1.2", "降低企业用电成本"),
    ]
    assert triples(r) == {
        ("1.1", "市市场监管局", "lead"),
        ("1.2", "市发改委", "responsible"), ("1.2", "市供电公司", "responsible"),
    }


# ---------------------------------------------------------------------------------------------
# 10. Copies: run-in headings, stray spaces, compatibility characters, pinyin, news leads, persons.


def test_headings_run_into_the_text(run_text):
    """Convention 10: markers in mid-line are read after a sentence end (PDF copy)."""
    r = run_text("2021年XX市测试工作方案\n为推进减负工作，制定本方案。一、工作措施（一）降低企业成本。"
                 "1.严格落实减税政策。（市税务局负责）2.清理规范涉企收费。（市发改委负责）"
                 "二、保障措施（一）加强组织领导。（市政府办公室负责）")
    assert measures(r) == [
        ("1.1.1", "严格落实减税政策"), ("1.1.2", "清理规范涉企收费"), ("2.1", "加强组织领导"),
    ]
    assert triples(r) == {
        ("1.1.1", "市税务局", "responsible"), ("1.1.2", "市发改委", "responsible"),
        ("2.1", "市政府办公室", "responsible"),
    }


def test_stray_spaces_inside_names_and_role_words(run_text):
    """Convention 10: spaces inside body names and role words are removed."""
    r = run_text("2021年XX县测试工作方案\n一、建设高标准农田。（县农业 农村局牵 头，县财 政局配合）")
    assert triples(r) == {("1", "县农业农村局", "lead"), ("1", "县财政局", "participant")}


def test_kangxi_radicals_are_normalized(run_text):
    """Convention 10: Kangxi radicals (⼀ ⼈ ⽉ ⾏) read as the ordinary characters (NFKC)."""
    r = run_text("2021年XX县测试工作方案\n\u2f00、加强\u2f08才培养，2021年6\u2f49底前完成。（县\u2f08社局负责）\n"
                 "二、推进\u2f8f政审批改革。（县\u2f8f政审批局负责）")
    assert measures(r) == [("1", "加强人才培养"), ("2", "推进行政审批改革")]
    assert r.measures_df.set_index("path").loc["1", "deadline"] == "2021年6月底前完成"
    assert triples(r) == {("1", "县人社局", "responsible"), ("2", "县行政审批局", "responsible")}


def test_pinyin_readings_are_removed(run_text):
    """Convention 10: pinyin a site inserts after a character, even inside a body name, is removed."""
    r = run_text("2021年测试工作方案\n一、开展卫(wèi)生城市创建。（国家卫(wèi)生健康委、财政部负责）")
    assert measures(r) == [("1", "开展卫生城市创建")]
    assert triples(r) == {("1", "国家卫生健康委员会", "responsible"), ("1", "财政部", "responsible")}


def test_news_lead_is_header(run_text):
    """Convention 10: a news lead before 全文如下 is header; the plan title follows it."""
    r = run_text("2021年4月8日 来源：XX日报\n近日，XX市人民政府办公室印发《XX市2021年稳就业行动方案》，"
                 "从稳岗位、促创业两方面提出具体措施。全文如下：\nXX市2021年稳就业行动方案\n"
                 "一、稳定就业岗位\n1.落实援企稳岗政策。（市人社局负责）\n"
                 "二、促进创业带动就业\n1.建设创业孵化基地。（市人社局、市财政局负责）")
    assert r.document["title"] == "XX市2021年稳就业行动方案"
    assert measures(r) == [("1.1", "落实援企稳岗政策"), ("2.1", "建设创业孵化基地")]
    assert triples(r) == {
        ("1.1", "市人社局", "responsible"), ("2.1", "市人社局", "responsible"), ("2.1", "市财政局", "responsible"),
    }


def test_labels_that_name_a_person_hold_no_body(run_text):
    """Convention 10: 分管领导：张三 holds no body and does not end the list's scope."""
    r = run_text("2021年XX县测试实施方案\n一、重点任务\n1.推进高标准农田建设。\n分管领导：张三\n责任单位：县农业农村局\n"
                 "2.完善农田灌溉设施。\n分管县领导：李四\n牵头单位：县水利局；配合单位：县财政局")
    assert triples(r) == {
        ("1.1", "县农业农村局", "responsible"),
        ("1.2", "县水利局", "lead"), ("1.2", "县财政局", "participant"),
    }
    assert not any(w for w in r.document["warnings"] if "张三" in w or "李四" in w)


# ---------------------------------------------------------------------------------------------
# 11. Local names stay local; level; flags.


def test_local_names_are_never_resolved_to_national_bodies(run_text):
    """Convention 11: 省发改委, 人行武汉分行, 郑州铁路局 … keep their written form, kind local."""
    r = run_text("2021年XX省测试工作方案\n一、强化要素保障\n1.保障重点项目用地。（省发改委、省自然资源厅负责）\n"
                 "2.加大重点项目信贷支持。（人行武汉分行负责）\n3.保障重点物资运输。（郑州铁路局负责）\n"
                 "4.落实残疾人就业扶持政策。（市残联、区医保局、市税务局负责）")
    assert triples(r) == {
        ("1.1", "省发改委", "responsible"), ("1.1", "省自然资源厅", "responsible"),
        ("1.2", "人行武汉分行", "responsible"), ("1.3", "郑州铁路局", "responsible"),
        ("1.4", "市残联", "responsible"), ("1.4", "区医保局", "responsible"),
        ("1.4", "市税务局", "responsible"),
    }
    assert set(r.assignments_df["body_kind"]) == {"local"}
    assert column(r, "level") == {
        "省发改委": "province", "省自然资源厅": "province", "人行武汉分行": "unknown",
        "郑州铁路局": "unknown", "市残联": "city", "区医保局": "district", "市税务局": "city",
    }


def test_level_of_every_row(run_text):
    """Convention 11: level is national for national bodies and groups, the prefix's for local names."""
    r = run_text("2021年测试工作方案\n一、加大财政支持。（财政部、国务院有关部门负责）\n"
                 "二、完善基层服务。（自治区民政厅、县税务局、镇人民政府、城关街道办事处、旗教育局、盟行政公署负责）\n"
                 "三、强化督促落实。（各有关部门负责）")
    assert column(r, "level") == {
        "财政部": "national", "国务院有关部门": "national", "自治区民政厅": "province",
        "县税务局": "county", "镇人民政府": "township", "城关街道办事处": "township",
        "旗教育局": "county", "盟行政公署": "city", "各有关部门": "unknown",
    }
    kinds = column(r, "body_kind")
    assert kinds["财政部"] == "ministry" and kinds["国务院有关部门"] == "generic"
    assert not any(kinds[b] in NATIONAL_KINDS for b in kinds if b not in {"财政部"})


def test_unknown_body_flag(run_text):
    """Convention 11: a name no lexicon entry or local/generic pattern reads is flagged unknown_body."""
    r = run_text("2021年XX县测试工作方案\n一、开展乡村文化活动。（县文旅局、光明测试促进会负责）")
    assert triples(r) == {("1", "县文旅局", "responsible"), ("1", "光明测试促进会", "responsible")}
    a = r.assignments_df.set_index("body")
    assert a.loc["光明测试促进会", "body_kind"] == "unknown"
    assert flags_of(a.loc["光明测试促进会", "flags"]) == {"unknown_body"}
    assert reading_flags([a.loc["县文旅局", "flags"]]) == {""} and a.loc["光明测试促进会", "level"] == "unknown"
    assert any("光明测试促进会" in w for w in r.document["warnings"])


def test_flags_are_joined_in_order(run_text):
    """Convention 11: several flags on one row are joined by | in the codebook's order."""
    r = run_text("2021年XX县测试工作方案\n一、开展乡村文化活动。（县文旅局、光明测试促进会统筹推进）")
    a = r.assignments_df.set_index("body")
    assert reading_flags([a.loc["光明测试促进会", "flags"]]) == {"unknown_role_verb|unknown_body"}
    assert reading_flags([a.loc["县文旅局", "flags"]]) == {"unknown_role_verb"}


# ---------------------------------------------------------------------------------------------
# Never silent: the manifest counts a document's doubts.


def test_manifest_counts_warnings_and_flagged_rows(tmp_path):
    """Never silent: the manifest row of a document counts its warnings and its flagged rows."""
    src = tmp_path / "in" / "doubt.txt"
    src.parent.mkdir()
    src.write_text("2021年嘉鱼县测试工作方案\n一、治理低产农田。（县农业农村局、县财政局、重点企业）\n"
                   "二、建设冷链设施。（县商务局负责）\n", encoding="utf-8")
    manifest = run_batch([str(src.parent)], RunOptions(out=tmp_path / "out", quiet=True, excel=False))
    # By hand: one list read in part (重点企业, one warning) whose two bureaus are flagged rows.
    row = manifest.iloc[0]
    assert row[["status", "n_warnings", "n_flagged", "n_flagged_lists", "n_unassigned"]].tolist() == ["ok", 1, 2, 1, 0]


# ---------------------------------------------------------------------------------------------
# Further readings of the same conventions (codebook §5, §6), written for the list reader.


def test_rule_for_every_task_holds_in_its_own_list(run_text):
    """Convention 8: a rule about every task (均涉及…，不再做分工，下同), not about the items below,
    gives its bodies to the list it stands in as well as to every later one."""
    r = run_text("2022年XX省测试实施方案\n一、建设现代物流体系\n（一）完善物流枢纽布局。"
                 "〔责任单位：省发展改革委、省交通运输厅按职责分工负责。具体任务均涉及相关市（州）人民政府，"
                 "不再做分工，下同。〕\n（二）发展冷链物流。〔责任单位：省商务厅〕")
    assert triples(r) == {
        ("1.1", "省发展改革委", "responsible"), ("1.1", "省交通运输厅", "responsible"),
        ("1.1", "相关市（州）人民政府", "responsible"),
        ("1.2", "省商务厅", "responsible"), ("1.2", "相关市（州）人民政府", "responsible"),
    }
    a = r.assignments_df
    assert set(a[(a["path"] == "1.2") & (a["body"] == "相关市（州）人民政府")]["source"]) == {"convention"}
    assert set(a["level"]) == {"province", "city"}


def test_parenthesis_after_a_shared_ending_qualifies_the_last_unit(run_text):
    """Convention 7: 各县、区人民政府（管委会） → 各县人民政府 and 各区人民政府（管委会）."""
    r = run_text("2019年XX市测试实施方案\n一、治理扬尘污染\n1.开展施工工地扬尘专项检查。"
                 "（市住建局牵头，各县、区人民政府（管委会）参与）")
    assert triples(r) == {
        ("1.1", "市住建局", "lead"), ("1.1", "各县人民政府", "participant"),
        ("1.1", "各区人民政府（管委会）", "participant"),
    }
    assert column(r, "raw")["各县人民政府"] == "各县"
    assert column(r, "level") == {"市住建局": "city", "各县人民政府": "county", "各区人民政府（管委会）": "district"}


def test_names_of_a_taiwan_phrase_copy_resolve(run_text):
    """Codebook §6: 工業和資訊化部 (a gateway's Taiwan phrasing) is 工业和信息化部."""
    r = run_text("2016年測試行動計劃\n一、提升製造業水準\n（一）開展智慧製造試點。（工業和資訊化部、科技部按職責分工負責）")
    assert triples(r) == {("1.1", "工业和信息化部", "responsible"), ("1.1", "科学技术部", "responsible")}
    assert set(r.assignments_df["level"]) == {"national"} and set(r.assignments_df["flags"]) == {""}


def test_list_of_an_item_without_a_measure_is_still_emitted(run_text):
    """Never silent: items that are targets (no action verb) keep their lists, flagged no_measure."""
    r = run_text("2023年XX区测试任务分解方案\n一、主要预期目标\n1.地区生产总值增长6%左右。\n"
                 "牵头单位：区发改局\n责任单位：各街道、区直各部门\n2.一般公共预算收入增长5%。\n牵头单位：区财政局")
    assert r.measures_df.empty
    assert triples(r) == {
        ("1.1", "区发改局", "lead"), ("1.1", "各街道", "participant"), ("1.1", "区直各部门", "participant"),
        ("1.2", "区财政局", "lead"),
    }
    a = r.assignments_df
    assert set(a["measure_id"]) == {""} and all("no_measure" in flags_of(f) for f in a["flags"])


def test_table_cell_line_is_not_joined_to_the_next_paragraph(run_text):
    """Convention 9: a cell line ending in a role word stands alone, even without punctuation."""
    r = run_text("2017年XX市测试工作要点实施方案\n一、推进政务公开\n（一）加强政策解读\n"
                 "围绕年度重点工作，加强政策信息公开，及时回应社会关切\n市政府办公室、市发改委分别牵头落实\n"
                 "加强财政信息公开，按月公开财政收支情况\n市财政局牵头落实")
    assert triples(r) == {
        ("1.1", "市政府办公室", "lead"), ("1.1", "市发改委", "lead"), ("1.1", "市财政局", "lead"),
    }
    by_body = r.assignments_df.groupby("body")["measure_id"].apply(set).to_dict()
    assert len(by_body["市财政局"]) == 2 and not by_body["市财政局"] & by_body["市发改委"]


def test_a_connective_inside_a_name_does_not_split_it(run_text):
    """Codebook §5: 和 / 与 / 及 separate names only after a whole name (工业和信息化局 is one)."""
    r = run_text("2020年XX市测试行动方案\n一、培育数字经济\n1.建设工业互联网平台。（市工业和信息化局及市科技局负责）")
    assert triples(r) == {("1.1", "市工业和信息化局", "responsible"), ("1.1", "市科技局", "responsible")}


def test_agent_clauses_assign_the_measure_and_are_not_its_text(run_text):
    """Codebook §4, §5: 由A牵头，B配合， says who does the next clause: not a measure, not its text."""
    r = run_text("2021年测试工作要点\n一、推进乡村建设\n（一）补齐短板。由农业农村部牵头，财政部配合，"
                 "加快补齐农村基础设施短板。建立长效管护机制，由住房城乡建设部负责。")
    assert measures(r) == [("1.1", "加快补齐农村基础设施短板"), ("1.1", "建立长效管护机制")]
    assert triples(r) == {
        ("1.1", "农业农村部", "lead"), ("1.1", "财政部", "participant"),
        ("1.1", "住房和城乡建设部", "responsible"),
    }


def test_numbering_that_does_not_start_again_is_not_a_lost_heading(run_text):
    """Convention 9: only an outline whose first numbering starts again under a 二、 lost its 一、."""
    r = run_text("2021年XX县测试工作方案\n（一）加强组织领导，压实工作责任。（县政府办负责）\n"
                 "1.建立工作专班。（县发改局负责）\n2.完善调度机制。（县发改局负责）")
    assert [p for p, _ in measures(r)] == ["1", "1", "1.1", "1.2"]


def test_label_run_on_after_a_sentence_with_a_lead_in_brackets(run_text):
    """Convention 2: 责任单位：A（牵头）、B after the item's sentence: A lead, B participant."""
    r = run_text("2021年XX市测试实施方案\n一、重点任务\n1.推进产业园区建设。责任单位：市发展改革委（牵头）、市财政局")
    assert triples(r) == {("1.1", "市发展改革委", "lead"), ("1.1", "市财政局", "participant")}


def test_running_text_agents_with_local_names(run_text):
    """Codebook §5: 由A牵头，B、C配合 in running text, with local names the lexicon lacks."""
    r = run_text("2024年XX区测试实施方案\n一、重点任务\n（一）健全回收体系。推进回收网点建设。（区商务局负责）\n"
                 "二、强化组织保障\n建立工作专班，由区商务局牵头，区发改委、区财政局配合，统筹协调全区相关工作。")
    assert {t for t in triples(r) if t[0] == "2"} == {
        ("2", "区商务局", "lead"), ("2", "区发改委", "participant"), ("2", "区财政局", "participant"),
    }
    assert set(r.assignments_df[r.assignments_df["path"] == "2"]["source"]) == {"running text"}


def test_main_and_supporting_unit_labels(run_text):
    """Convention 2: 主要责任单位：A then 协同单位：B on the lines after an item: A lead, B participant."""
    r = run_text("2015年XX市测试责任分解\n一、稳增长\n1.推进工业技术改造。\n主要责任单位：市经信委\n协同单位：市财政局、市供销合作社")
    assert triples(r) == {
        ("1.1", "市经信委", "lead"), ("1.1", "市财政局", "participant"), ("1.1", "市供销合作社", "participant"),
    }


def test_shared_ending_when_the_last_unit_has_its_own_parenthesis(run_text):
    """Convention 7: 各设区市、县（市、区）人民政府 → 各设区市人民政府, 各县（市、区）人民政府."""
    r = run_text("2021年XX省测试实施方案\n一、重点任务\n（一）加强人才培训。实施电商人才培训工程。"
                 "（责任单位：省商务厅，各设区市、县（市、区）人民政府）")
    assert triples(r) == {
        ("1.1", "省商务厅", "responsible"), ("1.1", "各设区市人民政府", "responsible"),
        ("1.1", "各县（市、区）人民政府", "responsible"),
    }


def test_flattened_task_table_with_row_numbers(run_text):
    """Convention 9: a task table flattened one cell per line after its heading row (序号 / 工作任务 /
    责任单位 / 完成时限): bare numbers are its rows, a cell of names alone is a list, a deadline
    cell is that list's deadline."""
    r = run_text("XX市2020年测试重点任务分工表\n序号\n工作任务\n责任单位\n完成时限\n一、稳就业\n1\n"
                 "落实稳岗返还政策，扩大受益范围。\n市人社局牵头，市财政局配合\n2020年12月底前\n2\n"
                 "拓宽高校毕业生就业渠道。\n市人社局、市教育局\n持续推进\n二、保民生\n3\n加强民生商品保供稳价。\n"
                 "市发改委、市商务局按职责分工负责\n长期坚持")
    assert measures(r) == [
        ("1.1", "落实稳岗返还政策"), ("1.1", "扩大受益范围"), ("1.2", "拓宽高校毕业生就业渠道"),
        ("2.3", "加强民生商品保供稳价"),
    ]
    assert triples(r) == {
        ("1.1", "市人社局", "lead"), ("1.1", "市财政局", "participant"),
        ("1.2", "市人社局", "responsible"), ("1.2", "市教育局", "responsible"),
        ("2.3", "市发改委", "responsible"), ("2.3", "市商务局", "responsible"),
    }
    deadlines = dict(zip(r.measures_df["text_simplified"], r.measures_df["deadline"]))
    assert deadlines["扩大受益范围"] == "2020年12月底前" and deadlines["拓宽高校毕业生就业渠道"] == "持续推进"


def test_bare_numbers_outside_a_table_are_page_numbers(run_text):
    """Codebook §1: without a table heading row, a line holding only a number is a page number."""
    r = run_text("2021年XX县测试工作方案\n一、重点任务\n1.开展农田整治，\n2\n完善灌溉设施。（县农业农村局负责）")
    assert measures(r) == [("1.1", "开展农田整治"), ("1.1", "完善灌溉设施")]


def test_labels_and_their_values_on_lines_of_their_own(run_text):
    """Convention 2: a form flattened one field per line: 牵头单位： / 市商务局 / 配合单位： / …."""
    r = run_text("2023年XX市测试分工方案\n一、稳定大宗消费\n（一）促进汽车消费。开展新能源汽车下乡活动。\n牵头单位：\n市商务局\n"
                 "配合单位：\n市财政局、市公安局\n责任领导：\n王××\n完成时限：\n2023年12月底前")
    assert triples(r) == {("1.1", "市商务局", "lead"), ("1.1", "市财政局", "participant"), ("1.1", "市公安局", "participant")}
    assert set(r.measures_df["deadline"]) == {"2023年12月底前"}


def test_table_with_lead_and_supporting_columns(run_text):
    """Convention 9: a table's 牵头单位 and 配合单位 columns give their names those roles."""
    r = run_text("XX省2022年测试重点任务清单\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n1\n推行企业开办一网通办。\n"
                 "省市场监管局\n省公安厅、省税务局\n2022年6月底前\n2\n开展普惠金融行动。\n人行成都分行\n各市（州）人民政府\n持续推进")
    assert triples(r) == {
        ("1", "省市场监管局", "lead"), ("1", "省公安厅", "participant"), ("1", "省税务局", "participant"),
        ("2", "人行成都分行", "lead"), ("2", "各市（州）人民政府", "participant"),
    }


def test_document_wide_rule_in_the_preamble(run_text):
    """Convention 8: 以下各项任务均需各区政府落实，不再列出 in the preamble holds for every list."""
    r = run_text("2015年XX市测试工作安排\n为做好测试工作，现将重点工作安排如下。以下各项任务均需各区政府落实，不再列出。\n"
                 "一、加强监管\n（一）开展专项检查。〔市市场监管局负责〕\n（二）完善追溯体系。〔市商务局牵头，市农业农村局配合〕")
    assert triples(r) == {
        ("1.1", "市市场监管局", "responsible"), ("1.1", "各区政府", "responsible"),
        ("1.2", "市商务局", "lead"), ("1.2", "市农业农村局", "participant"), ("1.2", "各区政府", "participant"),
    }
    assert measures(r) == [("1.1", "开展专项检查"), ("1.2", "完善追溯体系")]


def test_flattened_plan_with_items_numbered_on_across_sections(run_text):
    """Convention 10: 二、提升管理水平（三）开展… in one paragraph: （三） continues the numbering."""
    r = run_text("2017年XX市测试方案 为做好测试工作，制定本方案。一、完善设施（一）实施道路工程。[责任单位：市住建委]"
                 "二、提升管理水平（二）开展环境整治。[责任单位：市城管局牵头，市公安局配合]（三）加快智慧城市建设。[责任单位：市发展改革委]")
    assert measures(r) == [("1.1", "实施道路工程"), ("2.2", "开展环境整治"), ("2.3", "加快智慧城市建设")]


def test_city_and_county_governments_written_together_are_two_bodies(run_text):
    """Convention 7: 各市、县人民政府 → 各市人民政府 and 各县人民政府."""
    r = run_text("2018年XX省测试方案\n一、重点任务\n1.推进企业上市。\n责任单位：各市、县人民政府")
    assert triples(r) == {("1.1", "各市人民政府", "responsible"), ("1.1", "各县人民政府", "responsible")}


def test_joint_responsibility_overrides_a_first_listed_convention_carried_on(run_text):
    """Convention 3: 排在第一位的为牵头部门，下同 gives way to 共同负责 in a later list."""
    r = run_text("2015年XX市测试工作安排\n一、重点任务\n（一）开展专项整治。〔市食药监局、市公安局负责，排在第一位的为牵头部门，下同〕\n"
                 "（二）加强校园周边管理。〔市教育局、市食药监局共同负责〕\n（三）开展宣传活动。〔市委宣传部、市食安委各成员单位〕")
    assert triples(r) == {
        ("1.1", "市食药监局", "lead"), ("1.1", "市公安局", "participant"),
        ("1.2", "市教育局", "responsible"), ("1.2", "市食药监局", "responsible"),
        ("1.3", "市委宣传部", "lead"), ("1.3", "市食安委各成员单位", "participant"),
    }


def test_units_in_brackets_after_a_name_are_not_a_list(run_text):
    """Codebook §5: 镇（街道） names the units the name covers; （街道） is not a list."""
    r = run_text("2014年XX区测试工作安排\n一、健全监管体系\n（一）完善基层机构。完成镇（街道）监管所组建工作。〔区编办负责〕")
    assert measures(r) == [("1.1", "完成镇（街道）监管所组建工作")]
    assert triples(r) == {("1.1", "区编办", "responsible")}


def test_conventions_in_the_preamble_hold_for_every_list(run_text):
    """Convention 3 and 8: （列第一位的为牵头单位，下同；以下各项任务均需…负责落实，不再列出） before the outline."""
    r = run_text("2015年XX省测试分工方案\n为推进简政放权，现将重点工作任务分工如下（列第一位的为牵头单位，下同；"
                 "以下各项任务均需各市、州、县人民政府负责落实，不再列出）：\n一、深化审批改革\n（一）取消一批行政审批事项。"
                 "（省编办、省政府法制办）")
    assert triples(r) == {
        ("1.1", "省编办", "lead"), ("1.1", "省政府法制办", "participant"),
        ("1.1", "各市人民政府", "participant"), ("1.1", "各州人民政府", "participant"),
        ("1.1", "各县人民政府", "participant"),
    }


def test_a_convention_on_a_line_of_its_own_with_words_around_it(run_text):
    """Convention 3: （各项任务责任单位中，排在首位的为牵头部门，下同） alone on its line."""
    r = run_text("2020年XX县测试实施方案\n一、重点任务\n（各项任务责任单位中，排在首位的为牵头部门，下同）\n"
                 "1.推进光网建设。（县经信局、县委网信办）\n2.推进电网改造。（县供电公司、各乡镇（街道））")
    assert triples(r) == {
        ("1.1", "县经信局", "lead"), ("1.1", "县委网信办", "participant"),
        ("1.2", "县供电公司", "lead"), ("1.2", "各乡镇（街道）", "participant"),
    }
    assert not any("read in part" in w for w in r.document["warnings"])  # the convention's words are no doubt


def test_one_department_in_brackets_after_a_sentence_is_its_list(run_text):
    """Convention 1: a ministry's 工作要点 names one of its departments after each item: （法规司）."""
    r = run_text("2020年农业农村法治工作要点\n一、加强重点领域立法\n1.推动种子法修改。（法规司）\n2.加快动物防疫法修订。（畜牧兽医局）\n"
                 "3.推进园区（管委会）建设。（办公厅）")
    assert triples(r) == {("1.1", "法规司", "responsible"), ("1.2", "畜牧兽医局", "responsible"), ("1.3", "办公厅", "responsible")}


def test_lead_and_assisting_unit_labels(run_text):
    """Convention 2: 【主责单位：A；协办单位：B、C】 before the item's text."""
    r = run_text("2024年XX区测试方案\n一、优化政务服务\n1.【主责单位：区数据局；协办单位：区司法局、区级各行政执法部门】推进一网通办。")
    assert triples(r) == {
        ("1.1", "区数据局", "lead"), ("1.1", "区司法局", "participant"), ("1.1", "区级各行政执法部门", "participant"),
    }


def test_simplified_radicals_of_a_pdf_are_characters(run_text):
    """Convention 10: ⻔ (CJK radical C-simplified gate) in a PDF copy is 门."""
    r = run_text("2018年测试计划\n一、保障措施\n（一）加强组织协调。（工业和信息化部牵头，各有关部⻔按职责分工负责）")
    assert triples(r) == {("1.1", "工业和信息化部", "lead"), ("1.1", "各有关部门", "participant")}


def test_task_table_copied_with_tabs(run_text):
    """Convention 9: a table copied with tabs, a row a line (序号\\t工作任务\\t具体措施\\t责任单位\\t时间进度)."""
    r = run_text("2020年XX市测试任务分解表\n序号\t工作任务\t具体措施\t责任单位\t时间进度\n"
                 "1\t优化营商环境\t推行企业开办一网通办。\t市市场监管局牵头，市公安局配合\t2020年6月底前\n"
                 "2\t提升审批效率\t压缩工程建设项目审批时限。\t市住建局\t2020年9月底前")
    assert measures(r) == [("1", "推行企业开办一网通办"), ("2", "压缩工程建设项目审批时限")]
    assert triples(r) == {("1", "市市场监管局", "lead"), ("1", "市公安局", "participant"), ("2", "市住建局", "responsible")}


def test_a_group_prefix_shared_by_kinds_of_department(run_text):
    """Convention 7: 各省级教育行政部门、人力资源社会保障部门 → two groups, 各省级 shared; 各高校 a group."""
    r = run_text("2023年测试工作通知\n一、重点任务\n（一）拓宽就业渠道。（各省级教育行政部门、人力资源社会保障部门负责）\n"
                 "（二）开展就业指导。（各地教育部门、各高校负责）")
    assert triples(r) == {
        ("1.1", "各省级教育行政部门", "responsible"), ("1.1", "各省级人力资源社会保障部门", "responsible"),
        ("1.2", "各地教育部门", "responsible"), ("1.2", "各高校", "responsible"),
    }
