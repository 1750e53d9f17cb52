"""Whole plans of other shapes, written for these tests: a local plan with 责任单位 headings,
a leading group's plan with a multi-paragraph last section, and a hard-wrapped PDF copy."""

from __future__ import annotations

import pytest

from .conftest import triples

LOCAL = """XX市人民政府办公室关于印发XX市2019年质量提升行动实施方案的通知
X政办发〔2019〕12号
各县市区人民政府，市政府各部门：
《XX市2019年质量提升行动实施方案》已经市政府同意，现印发给你们，请认真组织实施。
XX市人民政府办公室
二〇一九年三月五日
XX市2019年质量提升行动实施方案
为深入贯彻落实全省质量工作会议精神，制定本方案。
一、主要任务
（一）提升产品质量。
1.开展质量提升行动。在重点行业推行先进质量管理方法，培育一批质量标杆企业。（责任单位：市市场监管局、市工信局，列第一位者为牵头单位，下同）
2.加强标准化建设。制定地方标准10项以上，2019年底前完成。（责任单位：市市场监管局、各县市区政府）
（二）提升服务质量。
1.推进服务业标准化试点。（牵头单位：市商务局；配合单位：市文旅局、市交通局）
二、保障措施
（一）加强组织领导。
各县市区政府要加强组织领导，建立工作机制。
市政府办公室要加强督查，定期通报进展情况。
"""


def test_local_plan(run_text):
    r = run_text(LOCAL)
    doc = r.document
    assert (doc["issuer"], doc["date"], doc["year"]) == ("XX市人民政府办公室", "2019-03-05", 2019)
    assert doc["title"] == "XX市2019年质量提升行动实施方案"
    m = r.measures_df
    assert list(zip(m["path"], m["text_simplified"])) == [
        ("1.1.1", "在重点行业推行先进质量管理方法"), ("1.1.1", "培育一批质量标杆企业"),
        ("1.1.2", "制定地方标准10项以上"), ("1.2.1", "推进服务业标准化试点"),
        ("2.1", "各县市区政府要加强组织领导"), ("2.1", "建立工作机制"),
        ("2.1", "市政府办公室要加强督查"), ("2.1", "定期通报进展情况"),
    ]
    assert m.set_index("text_simplified").loc["制定地方标准10项以上", "deadline"] == "2019年底前完成"
    assert triples(r) == {
        ("1.1.1", "市市场监管局", "lead"), ("1.1.1", "市工信局", "participant"),
        ("1.1.2", "市市场监管局", "lead"), ("1.1.2", "各县市区政府", "participant"),
        ("1.2.1", "市商务局", "lead"), ("1.2.1", "市文旅局", "participant"),
        ("1.2.1", "市交通局", "participant"),
        ("2.1", "各县市区政府", "responsible"), ("2.1", "市政府办公室", "responsible"),
    }
    assert set(r.assignments_df["body_kind"]) == {"local"}


GROUP = """全国打击侵犯知识产权和制售假冒伪劣商品工作领导小组关于印发2015年工作要点的通知
各省、自治区、直辖市打击侵犯知识产权和制售假冒伪劣商品工作领导小组，领导小组各成员单位：
现将《2015年全国打击侵犯知识产权和制售假冒伪劣商品工作要点》印发给你们，请认真贯彻落实。
全国打击侵犯知识产权和制售假冒伪劣商品工作领导小组
2015年4月2日
一、深入推进重点领域治理
（一）网络领域。开展打击网络侵权盗版专项行动，加强对电子商务平台的监管。（版权局、网信办、工业和信息化部、公安部负责，列第一位者为牵头部门）
（二）农村和城乡结合部市场。由农业部会同工商总局、质检总局等部门负责，开展农资打假专项治理。
二、加强组织实施
各地区、各有关部门要加强组织领导，层层落实责任。
领导小组各成员单位要按照职责分工，抓好工作落实。
"""


def test_leading_group_plan(run_text):
    r = run_text(GROUP)
    doc = r.document
    assert doc["issuer"] == "全国打击侵犯知识产权和制售假冒伪劣商品工作领导小组"
    assert doc["date"] == "2015-04-02"
    assert doc["title"] == "2015年全国打击侵犯知识产权和制售假冒伪劣商品工作要点"
    got = triples(r)
    assert {("1.1", "国家版权局", "lead"), ("1.1", "国家互联网信息办公室", "participant"),
            ("1.1", "公安部", "participant")} <= got
    assert {("1.2", "农业部", "lead"), ("1.2", "国家工商行政管理总局", "participant"),
            ("1.2", "国家质量监督检验检疫总局", "participant")} <= got
    # The last section's paragraphs stay in it (no list closed it) and their subjects are responsible.
    assert {("2", "各地区", "responsible"), ("2", "各有关部门", "responsible"),
            ("2", "领导小组各成员单位", "responsible")} <= got
    kinds = dict(zip(r.assignments_df["body"], r.assignments_df["body_kind"]))
    assert kinds["各有关部门"] == "generic" and kinds["领导小组各成员单位"] == "generic"


PDF_COPY = """国务院办公厅关于印发2014年测试行动计划的通知
国办发〔2014〕9号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
《2014年测试行动计划》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2014年2月10日
2014年测试行动计划
一、加强食品安全监管。以婴幼儿配方乳粉为重点，开展专项整治，严厉打击违法添加
非食用物质行为。完善食品安全标准体系，推进食品安全追溯体系建设。（食品药品监
管总局牵头，农业部、工商总局、质检总局等参加）

— 2 —

二、推进质量诚信体系建设。建立企业质量信用档案，开展质量信用评价试点。
（发展改革委、质检总局负责）
"""


def test_hard_wrapped_pdf_copy(run_text):
    r = run_text(PDF_COPY)
    assert r.document["doc_number"] == "国办发〔2014〕9号"
    m = r.measures_df
    assert list(zip(m["path"], m["text_simplified"])) == [
        ("1", "以婴幼儿配方乳粉为重点，开展专项整治"), ("1", "严厉打击违法添加非食用物质行为"),
        ("1", "完善食品安全标准体系"), ("1", "推进食品安全追溯体系建设"),
        ("2", "建立企业质量信用档案"), ("2", "开展质量信用评价试点"),
    ]
    assert triples(r) == {
        ("1", "国家食品药品监督管理总局", "lead"), ("1", "农业部", "participant"),
        ("1", "国家工商行政管理总局", "participant"), ("1", "国家质量监督检验检疫总局", "participant"),
        ("2", "国家发展和改革委员会", "responsible"), ("2", "国家质量监督检验检疫总局", "responsible"),
    }
    raw = set(r.assignments_df["raw"])
    assert "食品药品监\n管总局" in raw  # the name as written, line break and all


LABELS = """2019年测试实施方案
一、重点任务
1.开展质量提升行动，培育一批质量标杆企业。
责任单位：市市场监管局、市工信局
完成时限：2019年12月底前
2.加强标准化建设。
完成时限：长期坚持
牵头单位：市市场监管局；配合单位：市财政局
"""


def test_lists_on_their_own_labelled_lines(run_text):
    r = run_text(LABELS)
    m = r.measures_df
    assert list(zip(m["path"], m["text_simplified"], m["deadline"])) == [
        ("1.1", "开展质量提升行动", "2019年12月底前"), ("1.1", "培育一批质量标杆企业", "2019年12月底前"),
        ("1.2", "加强标准化建设", "长期坚持"),
    ]
    assert triples(r) == {
        ("1.1", "市市场监管局", "responsible"), ("1.1", "市工信局", "responsible"),
        ("1.2", "市市场监管局", "lead"), ("1.2", "市财政局", "participant"),
    }
    assert set(r.assignments_df[r.assignments_df["path"] == "1.1"]["deadline"]) == {"2019年12月底前"}


FOOTER = """2014年测试工作要点
一、加强质量监管。开展产品质量抽查。（质检总局负责）
二、完善标准体系。制定国家标准。（质检总局、工业和信息化部负责）
各地区要结合实际，认真组织实施。
附件：重点任务分工表
国务院办公厅
2014年3月5日
（此件公开发布）
抄送：党中央各部门，全国人大常委会办公厅。
国务院办公厅秘书局2014年3月6日印发
"""


def test_signature_and_end_matter_are_not_measures(run_text):
    r = run_text(FOOTER)
    assert list(zip(r.measures_df["path"], r.measures_df["text_simplified"])) == [
        ("1", "开展产品质量抽查"), ("2", "制定国家标准"), ("", "各地区要结合实际，认真组织实施")]
    assert ("", "各地区", "responsible") in triples(r)


def test_a_list_on_its_own_line_closes_a_group_of_items(run_text):
    r = run_text("2017年测试要点\n一、加强监管\n（一）强化执法\n1.开展专项抽查。\n2.加强执法检查。\n（质检总局、公安部负责）\n"
                 "（二）完善制度\n1.建立追溯制度。\n（商务部负责）\n2.健全标准体系。\n（质检总局负责）")
    got = triples(r)
    assert {("1.1.1", "国家质量监督检验检疫总局", "responsible"), ("1.1.2", "公安部", "responsible")} <= got
    assert ("1.2.1", "商务部", "responsible") in got and ("1.2.2", "商务部", "responsible") not in got
    assert ("1.2.2", "国家质量监督检验检疫总局", "responsible") in got
    assert ("1.2.1", "国家质量监督检验检疫总局", "responsible") not in got


def test_a_list_inside_the_first_sentence_does_not_make_a_title(run_text):
    # §3: the first sentence of 1. runs on past its list (…行动（…），力争…), so it holds a comma and
    # is not the item's title: the clause before the list is a measure, covered by that list.
    r = run_text("一、加大信贷投放\n1.实施民营企业首贷拓展行动（主责单位：市金融办；协办单位：市经信局），力争全年新增首贷户"
                 "3000户以上，推动银行机构单列信贷计划。\n2.开展银企对接。定期举办对接活动。（市经信局负责）\n")
    m = r.measures_df
    assert list(m.loc[m["path"] == "1.1", "text"]) == ["实施民营企业首贷拓展行动", "力争全年新增首贷户3000户以上", "推动银行机构单列信贷计划"]
    assert set(m.loc[m["path"] == "1.1", "item_title"]) == {""}
    assert set(m.loc[m["path"] == "1.2", "item_title"]) == {"开展银企对接"}
    a = r.assignments_df
    first = a[a["measure_id"] == m.loc[m["path"] == "1.1", "measure_id"].iloc[0]]
    assert set(zip(first["body"], first["role"])) == {("市金融办", "lead"), ("市经信局", "participant")}



def test_a_web_page_footer_ends_the_text(run_text):
    # A copy saved from a site keeps its footer: print and close buttons, then the site's 主办单位
    # (the office that runs the site), which is not a list.
    r = run_text("一、加强治理\n（一）严控扬尘污染。落实施工工地要求，推行机械化清扫。（责任单位：市城市管理局）\n\n"
                 "【打印本页】　【关闭窗口】\n扫一扫在手机打开当前页\n主办单位：某市人民政府办公室\n")
    assert list(r.measures_df["text"]) == ["落实施工工地要求", "推行机械化清扫"]
    assert triples(r) == {("1.1", "市城市管理局", "responsible")}


def test_a_clause_saying_by_what_means_frames_the_next(run_text):
    # §4: 通过…等方式 states no action of its own; it joins the clause after it.
    r = run_text("一、加强政策解读\n（一）做好金融政策解读。通过政策通报会、银企对接会等方式，加大金融政策的宣传，"
                 "主动解释收支运行中的热点问题。（市金融办负责）\n")
    assert list(r.measures_df["text"]) == ["通过政策通报会、银企对接会等方式，加大金融政策的宣传", "主动解释收支运行中的热点问题"]


def test_a_verb_with_a_one_character_suffix_is_a_noun(run_text):
    # 增加值, 服务型, 发布会: a verb and a one-character suffix make a noun, which leads no clause
    # (§4): the target clause has no verb and joins the clause after it.
    r = run_text("一、发展服务业\n（一）扩大有效投资。规模以上工业增加值增长8%，加快发展服务型制造，召开新闻发布会。（市发改委负责）\n")
    m = r.measures_df
    assert list(zip(m["text"], m["verbs"])) == [("规模以上工业增加值增长8%，加快发展服务型制造", "加快|发展"),
                                                ("召开新闻发布会", "召开")]  # fmt: skip


# §4: one measure per verb-led clause. 运用/利用/采用 and 更新 lead a clause at its head only (资源综合
# 利用, 设备更新 are nouns); 发放, 延长, 给予, 列入 are action verbs wherever they stand.
VERB_LED = [
    ("（一）改革完善信贷机制。适时运用存款准备金率、利率等手段，引导金融机构扩大信贷投放。推进资源综合利用。"
     "利用专项资金支持重点项目。（人民银行负责）",
     [("适时运用存款准备金率、利率等手段", "运用"), ("引导金融机构扩大信贷投放", "引导"),
      ("推进资源综合利用", "推进"), ("利用专项资金支持重点项目", "利用")]),
    ("（一）激发消费活力。发放文旅消费券，延长重点商业街区营业时间，对成功上市企业按规定给予奖励。（区商务局负责）",
     [("发放文旅消费券", "发放"), ("延长重点商业街区营业时间", "延长"), ("对成功上市企业按规定给予奖励", "给予")]),
    ("（一）落实工作经费。将工作经费列入区财政预算，保障基层执法装备投入。（区财政局负责）\n"
     "（二）推进设备更新。更新改造老旧电梯，推进燃气管网设备更新。（区住建局负责）",
     [("将工作经费列入区财政预算", "列入"), ("保障基层执法装备投入", "保障"),
      ("更新改造老旧电梯", "更新"), ("推进燃气管网设备更新", "推进")]),
]  # fmt: skip


@pytest.mark.parametrize(("items", "expected"), VERB_LED, ids=["using-a-tool", "giving-and-extending", "budget-and-renewal"])
def test_action_verbs_lead_their_clauses(run_text, items, expected):
    m = run_text("一、加强工作\n" + items + "\n").measures_df
    assert list(zip(m["text"], m["verb"])) == expected


# A PDF copy (or a scan) whose list in 〔〕 wraps onto the next line: the bracket is open, so the
# line goes on (codebook §1, hard line breaks), as for （）.
WRAPPED_SQUARE = """某省2022年流通体系建设方案
一、深化流通改革
（一）加强市场体系建设。〔责任单位：省发展改革委、省大数据
中心按职责分工负责〕
（二）优化市场准入环境。〔责任单位：省市场监管局〕
"""


def test_a_list_in_square_brackets_wrapped_over_lines_is_one_list(run_text):
    r = run_text(WRAPPED_SQUARE)
    a = r.assignments_df
    assert ("1.1", "省大数据\n中心", "responsible") in set(zip(a["path"], a["raw"], a["role"]))  # as written
