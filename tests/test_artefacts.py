"""Text as copied from web pages and PDFs: metadata blocks, line breaks, page markers, spaces."""

from __future__ import annotations

import pytest

from pipeline.io.readers import decode_text
from pipeline.stages.normalize import normalize

from .conftest import triples

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


def test_web_page_copy(run_text):
    r = run_text(WEB)
    doc = r.document
    assert doc["date"] == "2014-05-10"
    assert doc["doc_number"] == "国办发〔2014〕18号"
    assert doc["issuer"] == "国务院办公厅"
    assert doc["title"] == "2014年测试工作要点"
    assert doc["notice_title"] == "国务院办公厅关于印发2014年测试工作要点的通知"
    assert list(r.measures_df["text_simplified"]) == ["开展产品质量监督抽查", "加强执法检查"]
    assert triples(r) == {("1", "国家质量监督检验检疫总局", "responsible"),
                          ("1", "国家工商行政管理总局", "responsible")}


def test_offsets_survive_repairs(run_text):
    r = run_text(WEB)
    for row in r.measures_df.itertuples():
        assert WEB[row.start : row.end].replace("\n", "").replace(" ", "").replace("— 2 —", "") \
            == row.text.replace("\n", "").replace(" ", "").replace("— 2 —", "")


def test_width_and_script_are_unified():
    n = normalize(decode_text("一、加強質量監管(試行),開展抽查;ＡＢＣ１２３"))
    assert n.text == "一、加强质量监管（试行），开展抽查；ABC123"
    assert len(n.offsets) == len(n.text) + 1


def test_digits_keep_their_separators():
    n = normalize(decode_text("投入1,000万元，时间10:30。"))
    assert n.text == "投入1,000万元，时间10:30。"


def test_page_markers_and_spaces_go():
    n = normalize(decode_text("一、加强监管。开展 专项\n- 3 -\n整治，加强执法。\n第4页\n二、完善制度。"))
    assert n.text == "一、加强监管。开展专项整治，加强执法。\n二、完善制度。"


def test_a_heading_alone_on_its_line_stays_alone():
    n = normalize(decode_text("一、加强组织实施\n各地区要加强组织领导，层层落实责任。"))
    assert n.text == "一、加强组织实施\n各地区要加强组织领导，层层落实责任。"


def _pdf_like(text: str, width: int) -> str:
    """The text hard-wrapped at ``width`` characters with a page marker every 25 lines."""
    lines = [p[k : k + width] for p in text.split("\n") if p.strip() for k in range(0, len(p.strip()), width)]
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i % 25 == 24:
            out += ["", f"— {i // 25 + 2} —", ""]
    return "\n".join(out)


@pytest.mark.parametrize("width", [24, 30, 41])
def test_a_hard_wrapped_copy_gives_the_same_tables(run_text, width):
    from .conftest import CORPUS

    text = (CORPUS / "2013-quality-action-plan.txt").read_text(encoding="utf-8")
    plain, wrapped = run_text(text), run_text(_pdf_like(text, width))
    key = lambda r: list(zip(r.measures_df["path"], r.measures_df["text_simplified"]))  # noqa: E731
    assert key(wrapped) == key(plain)
    assert triples(wrapped) == triples(plain)
    assert wrapped.document["title"] == plain.document["title"]


def test_the_same_plan_in_simplified_script_gives_the_same_tables(run_text):
    from pipeline.lexicon.script import to_simplified

    from .conftest import CORPUS

    text = (CORPUS / "2013-quality-action-plan.txt").read_text(encoding="utf-8")
    trad, simp = run_text(text), run_text(to_simplified(text))
    assert simp.document["script"] == "simplified" and trad.document["script"] == "traditional"
    assert list(simp.measures_df["text_simplified"]) == list(trad.measures_df["text_simplified"])
    assert triples(simp) == triples(trad)
