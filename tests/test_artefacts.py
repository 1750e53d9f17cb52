"""Text as copied from web pages and PDFs: metadata blocks, line breaks, page markers, spaces,
widths, scripts and encodings.

Every test states its expected tables by hand: a short text written here with the artefact, and
the (path, body, role) triples, measures and verbs the codebook (docs/codebook.md) gives it; or
the 2013 plan altered by the artefact, checked against its hand labels in tests/gold.
"""

from __future__ import annotations

import pytest

from pipeline.io.readers import decode, decode_text
from pipeline.lexicon.model import load_lexicon
from pipeline.report.evaluate import mismatches, read_gold
from pipeline.stages.normalize.working_text import normalize

from .conftest import CORPUS, GOLD, triples

LEXICON = load_lexicon()

PLAN_2013 = "2013-quality-action-plan"
AQSIQ, SAIC = "国家质量监督检验检疫总局", "国家工商行政管理总局"  # 质检总局, 工商总局 in 2014 (codebook §6)

WEB = """索引号：000014349/2014-00041 主题分类：综合政务
发文机关：国务院办公厅 成文日期：2014年05月10日
标题：国务院办公厅关于印发2014年测试工作要点的通知
发文字号：国办发〔2014〕18号 发布日期：2014年05月20日
国务院办公厅关于印发2014年测试工作要点的通知
国办发〔2014〕18号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
《2014年测试工作要点》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2014年5月10日
（此件公开发布）
2014年测试工作要点
一、加强 质量 监管。开展产品质量
监督抽查，加强

— 2 —

执法检查。（质检总局、工商
总局负责）
"""

# A PDF copy: hard line breaks inside a sentence, a name and a role word; page markers of two
# kinds; stray spaces inside names; Kangxi radicals (⼀ ⼆ ⼯); pinyin readings inside a word and
# inside a body name.
PDF = """2014年测试行动计划
为提高产品质量，制定本计划。
⼀、加强质量监管
（⼀）开展产品抽查。组织开展重点⼯业产品质量监督抽查，严厉打击制售假冒伪劣
产品行为。（质检 总局牵头，工商总局、公安部参
加）

— 2 —

（⼆）提升卫(wèi)生水平。推进食品企业卫(wèi)生规范建设。（国家卫(wèi)生计生委负责）
第3页
二、完善质量制度。健全质量追溯体系。（商务部 负责）
"""
# By the codebook: header (title line) and preamble hold no measure (§1); 加强质量监管, 开展产品抽查,
# 提升卫生水平 and 完善质量制度 are titles (§3); 组织开展 is a chain with verb 组织, 严厉 an adverb (§4);
# 质检总局 leads, the others in its list take part (§5); 国家卫生计生委 is, in 2014, 国家卫生和计划生育委员会.
PDF_MEASURES = [("1.1", "组织开展重点工业产品质量监督抽查", "组织"), ("1.1", "严厉打击制售假冒伪劣产品行为", "打击"),
                ("1.2", "推进食品企业卫生规范建设", "推进"), ("2", "健全质量追溯体系", "健全")]  # fmt: skip
PDF_TRIPLES = {("1.1", AQSIQ, "lead"), ("1.1", SAIC, "participant"), ("1.1", "公安部", "participant"),
               ("1.2", "国家卫生和计划生育委员会", "responsible"), ("2", "商务部", "responsible")}  # fmt: skip

# A PDF copy whose line breaks were lost: headings run into the text (codebook §1, Copies).
RUN_IN = "2022年测试方案\n为降低成本，制定本方案。一、工作措施（一）降低成本。1.严格落实减税政策。（市税务局负责）2.清理违规收费。（市发改委负责）\n"
# 一、 and （一） are titles; 1. and 2. are one-sentence items, measures covered by their lists;
# 严格 is an adverb before the verb 落实; local names keep their written form (§6).
RUN_IN_MEASURES = [("1.1.1", "严格落实减税政策", "落实"), ("1.1.2", "清理违规收费", "清理")]
RUN_IN_TRIPLES = {("1.1.1", "市税务局", "responsible"), ("1.1.2", "市发改委", "responsible")}

# Half-width punctuation and full-width Latin letters.
WIDTH = "2014年测试工作要点\n一、加强质量监管。开展产品质量监督抽查,加强执法检查;推进ＡＢＣ认证。(质检总局、工商总局负责)\n"
WIDTH_MEASURES = [("1", "开展产品质量监督抽查", "开展"), ("1", "加强执法检查", "加强"), ("1", "推进ABC认证", "推进")]
WIDTH_TRIPLES = {("1", AQSIQ, "responsible"), ("1", SAIC, "responsible")}

# Traditional script, with the Taiwan phrasing 資訊 (信息) in a name (codebook §6).
TRAD = "2014年測試工作要點\n一、加強質量監管。開展產品質量監督抽查，加強執法檢查。（質檢總局牽頭，工業和資訊化部、工商總局參加）\n"
TRAD_MEASURES = [("1", "开展产品质量监督抽查", "开展"), ("1", "加强执法检查", "加强")]
TRAD_TRIPLES = {("1", AQSIQ, "lead"), ("1", "工业和信息化部", "participant"), ("1", SAIC, "participant")}

# Simplified and traditional characters mixed in one text.
MIXED = "2014年测试工作要点\n一、加强质量監管。開展产品质量监督抽查，加强执法檢查。（質檢總局、工商总局负责）\n"
MIXED_TRIPLES = {("1", AQSIQ, "responsible"), ("1", SAIC, "responsible")}


def _measures(r) -> list[tuple[str, str, str]]:
    m = r.measures_df
    return list(zip(m["path"], m["text_simplified"], m["verb"]))


def _squeeze(text: str, *artefacts: str) -> str:
    """``text`` without line breaks, spaces and the given artefacts."""
    for a in (*artefacts, "\n", " "):
        text = text.replace(a, "")
    return text


# Web pages ------------------------------------------------------------------------------


def test_web_page_copy(run_text):
    r = run_text(WEB)
    doc = r.document
    assert doc["date"] == "2014-05-10"
    assert doc["doc_number"] == "国办发〔2014〕18号"
    assert doc["issuer"] == "国务院办公厅"
    assert doc["title"] == "2014年测试工作要点"
    assert doc["notice_title"] == "国务院办公厅关于印发2014年测试工作要点的通知"
    assert _measures(r) == [("1", "开展产品质量监督抽查", "开展"), ("1", "加强执法检查", "加强")]
    assert triples(r) == {("1", AQSIQ, "responsible"), ("1", SAIC, "responsible")}
    assert sorted(r.assignments_df["raw"].map(_squeeze)) == ["工商总局", "工商总局", "质检总局", "质检总局"]


# A page copied whole: the site's name and menu above the metadata block, its footer below the text.
SITE_COPY = """测试省发展和改革委员会
首页 政务公开 政策文件 政务服务 互动交流
当前位置：首页 > 政务公开 > 政策文件
索引号：000000000/2022-11001
发文机关：测试省发展和改革委员会
成文日期：2022年10月18日
测试省现代流通体系建设实施方案
一、深化流通市场化改革
1.推进高标准市场体系建设；全面融入全国统一大市场。（省发展改革委负责）
主办：测试省发展和改革委员会 | 网站地图 | 联系我们 | 网站标识码：0000000000
"""


def test_a_site_menu_and_footer_are_not_the_plan(run_text):
    """The menu line (首页 …) is navigation, not the title; the footer (网站标识码) ends the text (§1)."""
    r = run_text(SITE_COPY)
    assert r.document["title"] == "测试省现代流通体系建设实施方案"
    assert r.document["issuer"] == "测试省发展和改革委员会"
    assert _measures(r) == [("1.1", "推进高标准市场体系建设", "推进"), ("1.1", "全面融入全国统一大市场", "融入")]
    assert triples(r) == {("1.1", "省发展改革委", "responsible")}


# A title line with no 。 and a preamble under it that opens with the first-line indent (首行缩进).
INDENTED = """测试省2025年数字经济重点任务分工方案
\u3000\u3000为深入实施数字经济创新提质工程，确保各项目标任务落到实处，现将重点任务分工如下。
一、夯实数字基础设施
1.加快5G网络规模部署。（省经信厅负责）
"""


def test_an_indented_line_opens_a_paragraph(run_text):
    """The indent is a paragraph's first line: the title above it is not joined to it (§1)."""
    r = run_text(INDENTED)
    assert r.document["title"] == "测试省2025年数字经济重点任务分工方案"
    assert _measures(r) == [("1.1", "加快5G网络规模部署", "加快")]


def test_offsets_survive_repairs(run_text):
    """Invariant: every row's offsets slice the original text, artefacts and all."""
    r = run_text(WEB)
    assert len(r.measures_df) == 2 and len(r.assignments_df) == 4  # 2 measures × 2 bodies, by hand
    for row in r.measures_df.itertuples():
        assert WEB[row.start : row.end] == row.text
        assert _squeeze(row.text, "— 2 —") == row.text_simplified
    for row in r.assignments_df.itertuples():
        assert WEB[row.start : row.end] == row.raw


# PDF copies -----------------------------------------------------------------------------


def test_pdf_copy(run_text):
    r = run_text(PDF)
    assert r.document["title"] == "2014年测试行动计划" and r.document["year"] == 2014
    assert _measures(r) == PDF_MEASURES
    assert triples(r) == PDF_TRIPLES
    # every measure of a unit gets its list: 2 × 3 rows in 1.1, 1 in 1.2, 1 in 2
    assert len(r.assignments_df) == 8 and set(r.assignments_df["flags"]) == {""}
    assert r.document["warnings"] == []


def test_pdf_copy_offsets_slice_the_original(run_text):
    """Invariant: the original keeps the artefacts the working text repaired."""
    r = run_text(PDF)
    texts = [PDF[row.start : row.end] for row in r.measures_df.itertuples()]
    assert texts == list(r.measures_df["text"])
    assert texts == ["组织开展重点⼯业产品质量监督抽查", "严厉打击制售假冒伪劣\n产品行为",
                     "推进食品企业卫(wèi)生规范建设", "健全质量追溯体系"]  # fmt: skip
    raws = {PDF[row.start : row.end] for row in r.assignments_df.itertuples()}
    assert raws == {"质检 总局", "工商总局", "公安部", "国家卫(wèi)生计生委", "商务部"}


def test_headings_run_into_the_text(run_text):
    r = run_text(RUN_IN)
    assert r.document["title"] == "2022年测试方案" and r.document["year"] == 2022
    assert _measures(r) == RUN_IN_MEASURES
    assert triples(r) == RUN_IN_TRIPLES
    assert set(r.assignments_df["body_kind"]) == {"local"} and set(r.assignments_df["level"]) == {"city"}


def test_page_markers_and_spaces_go():
    n = normalize(decode_text("一、加强监管。开展 专项\n- 3 -\n整治，加强执法。\n第4页\n二、完善制度。"), LEXICON)
    assert n.text == "一、加强监管。开展专项整治，加强执法。\n二、完善制度。"


def test_a_heading_alone_on_its_line_stays_alone():
    n = normalize(decode_text("一、加强组织实施\n各地区要加强组织领导，层层落实责任。"), LEXICON)
    assert n.text == "一、加强组织实施\n各地区要加强组织领导，层层落实责任。"


def test_compatibility_characters_and_pinyin_go():
    n = normalize(decode_text("⼀、加强⼈才培养。（国家卫(wèi)生健康委、县农业 农村局牵 头）"), LEXICON)
    assert n.text == "一、加强人才培养。（国家卫生健康委、县农业农村局牵头）"


def _pdf_like(text: str, width: int) -> str:
    """The text hard-wrapped at ``width`` characters with a page marker every 25 lines."""
    lines = [p[k : k + width] for p in text.split("\n") if p.strip() for k in range(0, len(p.strip()), width)]
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i % 25 == 24:
            out += ["", f"— {i // 25 + 2} —", ""]
    return "\n".join(out)


def _matches_the_2013_gold(r) -> None:
    """The run gives the hand labels of tests/gold/2013-quality-action-plan: its 85 measures
    (path and text, in order) and its 64 (path, body, role) triples."""
    gold_m, gold_a = read_gold(GOLD / PLAN_2013)
    got = [(p, _squeeze(t)) for p, t in zip(r.measures_df["path"], r.measures_df["text_simplified"])]
    assert got == [(p, _squeeze(t)) for p, t in zip(gold_m["path"], gold_m["text_simplified"])]
    assert mismatches(r.assignments_df, gold_a, ["path", "body", "role"]) == ([], [])
    assert r.document["title"] == "贯彻实施质量发展纲要2013年行动计划"
    assert r.document["date"] == "2013-02-27"


@pytest.mark.parametrize("width", [24, 30, 41])
def test_a_hard_wrapped_copy_of_the_2013_plan(run_text, width):
    text = (CORPUS / f"{PLAN_2013}.txt").read_text(encoding="utf-8")
    wrapped_text = _pdf_like(text, width)
    assert "— 2 —" in wrapped_text  # the copy has page markers to repair
    wrapped = run_text(wrapped_text)
    _matches_the_2013_gold(wrapped)
    for row in wrapped.measures_df.itertuples():  # invariant: offsets slice the wrapped original
        assert wrapped_text[row.start : row.end] == row.text


# Widths, scripts and encodings ----------------------------------------------------------


def test_width_and_script_are_unified():
    n = normalize(decode_text("一、加強質量監管(試行),開展抽查;ＡＢＣ１２３"), LEXICON)
    assert n.text == "一、加强质量监管（试行），开展抽查；ABC123"
    assert len(n.offsets) == len(n.text) + 1


def test_digits_keep_their_separators():
    n = normalize(decode_text("投入1,000万元，时间10:30。"), LEXICON)
    assert n.text == "投入1,000万元，时间10:30。"


def test_half_width_punctuation_and_full_width_letters(run_text):
    r = run_text(WIDTH)
    assert _measures(r) == WIDTH_MEASURES
    assert triples(r) == WIDTH_TRIPLES
    assert list(r.measures_df["text"]) == ["开展产品质量监督抽查", "加强执法检查", "推进ＡＢＣ认证"]  # as written


@pytest.mark.parametrize(("text", "script", "measures", "expected"), [
    (TRAD, "traditional", TRAD_MEASURES, TRAD_TRIPLES),
    (MIXED, "mixed", TRAD_MEASURES, MIXED_TRIPLES),
])  # fmt: skip
def test_traditional_and_mixed_script(run_text, text, script, measures, expected):
    r = run_text(text)
    assert r.document["script"] == script
    assert _measures(r) == measures
    assert triples(r) == expected
    assert r.document["warnings"] == []


def test_a_guessed_encoding_is_said() -> None:
    """GB18030 bytes no detector fits (Kangxi radicals ⼀ of a PDF copy) are read, with a warning."""
    decoded = decode(PDF.encode("gb18030"), "plan.txt", "t", ".txt")
    assert decoded.text == PDF
    assert decoded.warnings == ["encoding guessed: gb18030 (no detector fit); check the text"]


def test_the_2013_plan_in_simplified_script(run_text):
    from pipeline.lexicon.script import to_simplified

    text = (CORPUS / f"{PLAN_2013}.txt").read_text(encoding="utf-8")
    simp = run_text(to_simplified(text))
    assert simp.document["script"] == "simplified"
    _matches_the_2013_gold(simp)
    assert "质检总局" in set(simp.assignments_df["raw"])  # written 質檢總局 in the corpus copy


@pytest.mark.parametrize(("text", "encoding", "measures", "expected"), [
    (TRAD, "big5", TRAD_MEASURES, TRAD_TRIPLES),
    (TRAD, "utf-16", TRAD_MEASURES, TRAD_TRIPLES),
    (WIDTH, "gb18030", WIDTH_MEASURES, WIDTH_TRIPLES),
    (PDF.translate(str.maketrans("⼀⼆⼯", "一二工")), "gb18030", PDF_MEASURES, PDF_TRIPLES),
    (PDF, "gb18030", PDF_MEASURES, PDF_TRIPLES),  # Kangxi radicals: no detector fit, GB18030 guessed
])  # fmt: skip
def test_encodings(resources, text, encoding, measures, expected):
    from pipeline.run.document import process

    decoded = decode(text.encode(encoding), "plan.txt", "t", ".txt")
    assert decoded.encoding == encoding and decoded.text == text
    r = process(decoded, resources)
    assert r.document["encoding"] == encoding
    assert _measures(r) == measures
    assert triples(r) == expected


def test_a_label_line_ends_at_its_line_end() -> None:
    """主责单位：A；协办单位：B has no 。: the sentence under it is not the last label's value."""
    text = "主责单位：市科技局；协办单位：市政府督查室\n以上各项任务，主责单位要牵头制定推进方案。"
    assert normalize(decode_text(text), LEXICON).text.count("\n") == 1
    wrapped = "责任单位：市科技局、\n市统计局"  # a list wrapped after 、 goes on
    assert normalize(decode_text(wrapped), LEXICON).text.count("\n") == 0


# A plan pasted on one line (a web page copied whole into a form): only the spaces of its lost
# line breaks are left. Expected by hand from the text and codebook §1 and §5.
ONE_LINE = (
    "关于印发质量工作方案的通知 各部门：现将方案印发给你们，请认真贯彻执行。 质量工作方案 一、加强质量监管 "
    "（一）开展质量抽查。组织开展重点产品质量监督抽查。（质检总局牵头，工业和信息化部参加） "
    "（二）完善标准体系。加快制定重点领域标准。（国家标准委负责） 二、强化保障 "
    "（三）加强组织领导。各地区要加强组织领导。（各省级人民政府负责）"
)


def test_a_plan_pasted_on_one_line_keeps_its_outline_and_says_so(run_text) -> None:
    result = run_text(ONE_LINE)
    assert triples(result) == {
        ("1.1", "国家质量监督检验检疫总局", "lead"), ("1.1", "工业和信息化部", "participant"),
        ("1.2", "国家标准化管理委员会", "responsible"), ("2.3", "各省级人民政府", "responsible"),
    }  # fmt: skip
    assert [w for w in result.document["warnings"] if w.startswith("line breaks lost")] == [
        "line breaks lost (text pasted on one line?): 2 markers after spaces read as paragraph starts"
    ]


def test_a_marker_after_a_space_in_a_short_line_stays_text(run_text) -> None:
    """Only a long line is read as pasted whole: a 1. after a space in a short line is no paragraph start."""
    result = run_text("一、加强监管，开展抽查 1. 加大力度（质检总局负责）\n二、完善制度（国家标准委负责）")
    assert not any(w.startswith("line breaks lost") for w in result.document["warnings"])
    assert [u.path for u in result.outline.units] == ["1", "2"]
