"""Header metadata of real copies (codebook §1): titles broken over lines, numbers glued to the
next line, a portal's key：value block or a flattened table of it, seals under the issuer."""

from __future__ import annotations

BODY = "\n一、加强监管\n（一）开展专项检查。（质检总局负责）\n"


def test_title_broken_over_two_lines_is_one_title(run_text):
    r = run_text("关于印发2019年全国测试工作要点的通知\n各省、自治区、直辖市测试工作领导小组：\n"
                 "现将《2019年全国测试工作要点》印发给你们，请认真贯彻执行。\n2019年6月11日\n"
                 "2019年全国测试\n工作要点\n为做好测试工作，制定本要点。" + BODY)
    assert r.document["title"] == "2019年全国测试工作要点"


def test_a_complete_title_line_does_not_take_the_next_one(run_text):
    r = run_text("XX市测试工作方案\nXX市2020年测试工作方案（2020—2022年）\n为做好测试工作，制定本方案。" + BODY)
    assert r.document["title"] == "XX市测试工作方案"


def test_quoted_title_and_title_with_its_years_as_written(run_text):
    r = run_text("《关于进一步支持市场主体的具体实施细则》\n为支持市场主体，制定本细则。" + BODY)
    assert r.document["title"] == "关于进一步支持市场主体的具体实施细则"
    r = run_text("潮州市测试实施方案(2019-2020年)\n为做好测试工作，制定本方案。" + BODY)
    assert r.document["title"] == "潮州市测试实施方案(2019-2020年)"


def test_document_number_glued_to_the_addressees_or_closing_the_notice_title(run_text):
    r = run_text("国务院办公厅关于印发测试行动计划的通知\n国办发〔2016〕18号各省、自治区、直辖市人民政府：\n"
                 "《测试行动计划》已经国务院同意，现印发给你们。\n国务院办公厅\n2016年4月4日\n测试行动计划" + BODY)
    assert (r.document["doc_number"], r.document["issuer"], r.document["date"]) == ("国办发〔2016〕18号", "国务院办公厅", "2016-04-04")
    r = run_text("韶关市人民政府关于印发韶关市测试政策措施的通知（韶府〔2019〕31号）\n韶关市测试政策措施" + BODY)
    assert r.document["doc_number"] == "韶府〔2019〕31号" and r.document["issuer"] == "韶关市人民政府"


def test_portal_blocks_give_number_and_date(run_text):
    r = run_text("江门市人民政府办公室关于印发《江门市测试实施方案》的通知\n发布部门：信息补充中\n"
                 "发布时间：2018年11月30日\n政策文号：江府办〔2018〕30号\n为做好测试工作，制定本方案。" + BODY)
    assert (r.document["doc_number"], r.document["date"]) == ("江府办〔2018〕30号", "2018-11-30")
    assert r.document["issuer"] == "江门市人民政府办公室"  # 信息补充中 is not a name
    r = run_text("广东省人民政府关于印发测试分工方案的通知\n发布文号 | 粤府〔2021〕22号 |\n发布日期 | 2021-03-29 |\n"
                 "广东省人民政府\n2021年3月21日\n测试分工方案" + BODY)
    assert (r.document["doc_number"], r.document["date"]) == ("粤府〔2021〕22号", "2021-03-21")


def test_issuer_above_a_seal_line_and_an_office_opening_the_plan(run_text):
    r = run_text("XX联席会议办公室关于印发测试分工方案的通知\n现将《测试分工方案》印发给你们。\nXX联席会议办公室\n"
                 "（国家知识产权局代章）\n2017年8月17日\n测试分工方案" + BODY)
    assert r.document["issuer"] == "XX联席会议办公室"
    r = run_text("国务院测试工作部际联席会议办公室\n为贯彻测试精神，制定本计划。" + BODY)
    assert r.document["issuer"] == "国务院测试工作部际联席会议办公室"


def test_a_news_page_reporting_the_plan_names_its_title_and_issuer(run_text):
    # A site's repost: breadcrumb, a question headline, the page's 发表时间/来源/作者 line, then a
    # lead that reports the plan by its unquoted title; the plan's section heading comes after it.
    r = run_text("某某网   >   新闻中心   >   政策解读\n国务院发布测试工作任务分工意见，哪些部门牵头？\n"
                 "发表时间:2020-5-8 来源:某某网 作者:编辑部\n"
                 "近日，国务院发布关于做好测试工作的意见，明确各项任务的牵头部门。\n加强测试监管\n"
                 "（一）开展专项检查。（质检总局负责）\n")
    assert (r.document["title"], r.document["issuer"]) == ("关于做好测试工作的意见", "国务院")
    assert (r.document["date"], r.document["year"]) == ("2020-05-08", 2020)  # the page's date: no other
    r = run_text("某某网 > 政策解读\n近日，省政府办公厅印发了《测试工作实施方案》，明确了任务分工。" + BODY)
    assert (r.document["title"], r.document["issuer"]) == ("测试工作实施方案", "省政府办公厅")
    r = run_text("根据国务院印发《测试工作意见》，结合实际，制定本方案。\n总体要求\n" + BODY)
    assert r.document["issuer"] == ""  # a framing clause (根据…) names no issuer


def test_a_sharing_site_heading_gives_way_to_the_fuller_title_of_the_text(run_text):
    # A document-sharing page heads the text with its upload's file name; the text's own title follows.
    page = ("某市测试工作方案.docx\n- 文档编号:1234567\n- 上传时间:2023-01-05\n- 格式:DOCX\n某市测试工作方案.docx\n"
            "《某市测试工作方案.docx》由会员分享，可在线阅读。\n某市测试工作方案\n")
    r = run_text(page + "某市2019年测试工作方案\n为做好测试工作，制定本方案。" + BODY)
    assert (r.document["title"], r.document["year"]) == ("某市2019年测试工作方案", 2019)  # not the upload's date
    r = run_text(page + "为做好测试工作，制定本方案。" + BODY)
    assert r.document["title"] == "某市测试工作方案"  # no fuller title: the heading is the title


PLAN = "关于加快测试工作的实施意见\n为加快测试工作，提出如下意见。\n一、加强监管\n（一）开展专项检查。（质检总局负责）\n二、保障措施\n各地要加强组织领导，确保各项任务落实。\n"


def test_the_signature_closing_the_text_gives_issuer_and_date(run_text):
    # GB/T 9704: the issuer's name and the date the text was signed stand after the text.
    r = run_text(PLAN + "\n某某市人民政府办公室\n2021年3月8日\n（此件公开发布）\n")
    assert (r.document["issuer"], r.document["date"], r.document["year"]) == ("某某市人民政府办公室", "2021-03-08", 2021)
    r = run_text("发布日期：2016-11-08\n" + PLAN + "\n国务院办公厅\n2016年11月3日\n")
    assert r.document["date"] == "2016-11-03"  # the date it was signed, not the page's
    r = run_text(PLAN + "\n县人民政府办公室\n")
    assert (r.document["issuer"], r.document["date"]) == ("", "")  # no date line: no signature block


def test_joint_issuers_are_each_named(run_text):
    # Joint issuers are written side by side (spaces between them) or one a line above the date.
    r = run_text(PLAN + "\n工业和信息化部　　教育部\n人力资源社会保障部\n2018年10月16日\n")
    assert r.document["issuer"] == "工业和信息化部、教育部、人力资源社会保障部"
    r = run_text("教育部办公厅　人力资源社会保障部办公厅关于做好测试工作的通知\n为做好测试工作，现通知如下。\n"
                 "一、加强监管\n（一）开展专项检查。（质检总局负责）\n\n教育部办公厅　　人力资源社会保障部办公厅\n2023年1月9日\n")
    assert r.document["issuer"] == "教育部办公厅、人力资源社会保障部办公厅"
    r = run_text("关于印发测试方案的通知\n现将《测试方案》印发给你们，请认真贯彻落实。\n工业和信息化部 教育部\n"
                 "人力资源社会保障部 市场监管总局\n2018年10月16日\n测试方案\n" + BODY)
    assert r.document["issuer"] == "工业和信息化部、教育部、人力资源社会保障部、市场监管总局"
    assert r.document["date"] == "2018-10-16"


def test_letter_spaced_joint_signature(run_text):
    # A signature typeset with a space between the characters and wider gaps between the issuers.
    r = run_text("关于印发测试方案的通知\n现将《测试方案》印发给你们，请认真贯彻落实。\n"
                 "工 业 和 信 息 化 部　　国 家 发 展 改 革 委\n科 技 部　　财 政 部\n2021年6月8日\n测试方案\n" + BODY)
    assert r.document["issuer"] == "工业和信息化部、国家发展改革委、科技部、财政部"


def test_document_number_of_a_traditional_copy_and_glued_to_the_notice_title(run_text):
    r = run_text("浙江省人民政府辦公廳關於印發浙江省測試工作任務分工方案的通知\n浙政辦發〔2018〕45號\n"
                 "各市、縣（市、區）人民政府：\n《浙江省測試工作任務分工方案》已經省政府同意，現印發給你們。\n" + BODY)
    assert r.document["doc_number"] == "浙政办发〔2018〕45号"
    # A copy flattened into one paragraph, the lost line breaks left as spaces.
    r = run_text("洛阳市人民政府办公室关于印发洛阳市测试工作方案的通知 洛政办〔2017〕36号 各县（市、区）人民政府："
                 " 《洛阳市测试工作方案》已经市政府同意，现印发给你们，请认真贯彻执行。 洛阳市人民政府办公室 2017年4月20日"
                 " 洛阳市测试工作方案 为做好测试工作，制定本方案。 一、加强监管 （一）开展专项检查。（质检总局负责）\n")
    assert (r.document["doc_number"], r.document["issuer"], r.document["date"]) == ("洛政办〔2017〕36号", "洛阳市人民政府办公室", "2017-04-20")


def test_a_news_lead_naming_joint_issuers_and_the_document_number(run_text):
    r = run_text("三部门印发《测试行动计划（2016—2020年）》\n日前，工业和信息化部、国家发展改革委、质检总局联合印发"
                 "《测试行动计划（2016—2020年）》（工信部联节〔2016〕215号）。全文如下：\n测试行动计划（2016—2020年）\n"
                 "为做好测试工作，制定本行动计划。" + BODY)
    assert r.document["issuer"] == "工业和信息化部、国家发展改革委、质检总局"
    assert r.document["doc_number"] == "工信部联节〔2016〕215号"
