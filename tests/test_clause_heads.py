"""Where a measure's clause begins (codebook §4): the verb after adverbs and time adverbials leads it.

The texts are invented; the measures are read off the codebook by hand.
"""

from __future__ import annotations

PLAN = """2015年测试市重点项目推进方案
一、推进基础设施建设
1.抓住国家加快铁路建设机遇，今明两年投资80亿元。续建测试至南港铁路。（市发展改革委负责）
2.加快农村公路建设；年内建成农村公路300公里；新开工测试至北山高速公路项目。（市交通运输局负责）
3.每年举办项目推介会，今年新建物流园区2个。（市商务局负责）
"""


def test_a_time_adverbial_before_the_verb_opens_its_clause(run_text) -> None:
    m = run_text(PLAN).measures_df
    texts = list(zip(m["path"], m["text"], m["verb"]))
    assert texts == [
        ("1.1", "抓住国家加快铁路建设机遇", "抓住"),
        ("1.1", "今明两年投资80亿元", "投资"),  # 投资, a noun-like verb, leads at the head after 今明两年
        ("1.1", "续建测试至南港铁路", "续建"),
        ("1.2", "加快农村公路建设", "加快"),
        ("1.2", "年内建成农村公路300公里", "建成"),
        ("1.2", "新开工测试至北山高速公路项目", "新开工"),  # one word for the segmenter: a verb of its own
        ("1.3", "每年举办项目推介会", "举办"),
        ("1.3", "今年新建物流园区2个", "新建"),
    ]


FRAMED = """2016年测试行动计划
一、提升产品品质
1.突出抓好出口商品品质提升；实施出口食品竞争力提升工程；依托“新药创制”专项，推进新药研发品质提升。（商务部负责）
2.突出重点商品，组织开展质量抽查。（市场监管总局负责）
"""


def test_a_framing_word_before_a_verb_is_an_adverb(run_text) -> None:
    m = run_text(FRAMED).measures_df
    assert list(zip(m["path"], m["text"], m["verb"])) == [
        ("1.1", "突出抓好出口商品品质提升", "抓好"),  # 突出 before a verb: an adverb, not framing
        ("1.1", "实施出口食品竞争力提升工程", "实施"),
        ("1.1", "依托“新药创制”专项，推进新药研发品质提升", "推进"),  # 依托…, framing, joins the next clause
        ("1.2", "突出重点商品，组织开展质量抽查", "组织"),  # 突出 before a noun frames
    ]
