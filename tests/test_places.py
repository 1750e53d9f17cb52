"""Places and functions of local bodies (codebook §6, Places and functions), by hand-written expectations."""

from __future__ import annotations

import pytest

from pipeline.lexicon.functions import local_function
from pipeline.lexicon.model import load_lexicon
from pipeline.stages.assign.counterparts import body_place, document_place, name_place
from pipeline.types import Header


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def _place(lex, name: str):
    return lex.places.by_name[name]


@pytest.mark.parametrize(("name", "doc", "want"), [
    ("郑州铁路局", None, "郑州市"),  # a city's short form in the name
    ("人行武汉分行", None, "武汉市"),  # after the prefix of a vertical body
    ("人民银行潍坊市中心支行", "潍坊市", "潍坊市"),
    ("国家税务总局嘉鱼县税务局", "嘉鱼县", "嘉鱼县"),
    ("哈尔滨市政府", "黑龙江省", "哈尔滨市"),
    ("市发改委", "兰州市", "兰州市"),  # nothing in the name: the document's place
    ("区医保局", "城关区", "城关区"),
    ("市科技局", "滕州市", "滕州市"),  # a county-level city's 市 is itself
    ("市财政局", "嘉鱼县", "咸宁市"),  # a county plan's 市 bureau is its city's
    ("各县（市、区）人民政府", "兰州市", "兰州市"),  # a plural group: the unit containing them
    ("市中小企业局", "济南市", "济南市"),  # 市中 is no place here: 市 is the document's city
    ("市生态环境局榆中分局", "兰州市", "榆中县"),  # a branch: the place written before 分局
    ("国家税务总局甘肃省税务局", None, "甘肃省"),  # a full name after a vertical body's prefix
    ("市规划自然资源局渝北区分局", "渝北区", "渝北区"),  # 资源 (a county's short form) is no place here
    ("国网重庆市电力公司渝北供电分公司", None, "渝北区"),  # two nested places: the inner one
    ("莲花镇人民政府", "恭城瑶族自治县", "莲花镇"),  # a town's government: the town, by its name
    ("乡镇人民政府", "恭城瑶族自治县", "恭城瑶族自治县"),  # the unit word alone names no town
])  # fmt: skip
def test_body_place(lex, name: str, doc: str | None, want: str) -> None:
    place = body_place(name, _place(lex, doc) if doc else None, lex)
    assert place is not None and place.name == want


def test_a_county_short_form_counts_only_inside_the_document(lex) -> None:
    # 东方 is a county-level city of Hainan: in a Beijing plan, 东方红卫星公司 names no place.
    assert body_place("东方红卫星公司", _place(lex, "北京市"), lex).name == "北京市"


def test_a_shared_name_is_told_apart_by_the_city_the_text_names(lex) -> None:
    place = document_place(Header(title="城关区2021年工作要点"), "为建设兰州市中心城区，", lex.places)
    assert place is not None and place.parent == "兰州市"
    alone = document_place(Header(title="城关区2021年工作要点"), "", lex.places)
    assert alone is not None and (alone.name, alone.parent) == ("城关区", "")


def test_a_national_bodys_branch_is_local(lex) -> None:
    assert name_place("国家税务总局", None, lex) is None
    assert name_place("国家税务总局兰州市税务局", None, lex).level == "city"


def test_no_place_anywhere(lex) -> None:
    assert body_place("市发改委", None, lex) is None


@pytest.mark.parametrize(("header", "opening", "want"), [
    (Header(issuer="兰州市人民政府办公室"), "", "兰州市"),
    (Header(notice_title="关于印发宁乡市2020年政务公开工作要点的通知"), "", "宁乡市"),
    (Header(title="兰州市城关区2021年优化营商环境工作要点"), "", "城关区"),  # the most specific of a run
    (Header(issuer="湘西自治州人民政府"), "", "湘西土家族苗族自治州"),
    (Header(title="关于进一步帮助市场主体纾困解难的具体实施细则"), "结合淮安实际，制定如下实施细则。", "淮安市"),
    (Header(title="2022年优化营商环境工作要点"), "为优化营商环境，制定本要点。", None),
    # 城关区 is a district of 兰州 and of 拉萨: the city the text names tells them apart ...
    (Header(title="城关区2021年工作要点"), "城关区2021年工作要点\n为建设兰州市中心城区，", "城关区"),
    # ... and with none, the district is kept by its name
    (Header(title="城关区2021年工作要点"), "城关区2021年工作要点\n", "城关区"),
    # the country's name holds 共和 (共和县's short form) and names no place (document_words.csv not_place)
    (Header(title="某省2019年政务公开工作要点"), "全面贯彻新修订的《中华人民共和国政府信息公开条例》。", None),
    (Header(title="2021年工作要点"), "以优异成绩庆祝共和国成立72周年。", None),
    (Header(issuer="共和县人民政府办公室"), "全面贯彻《中华人民共和国政府信息公开条例》。", "共和县"),
])  # fmt: skip
def test_document_place(lex, header: Header, opening: str, want: str | None) -> None:
    place = document_place(header, opening, lex.places)
    assert (place.name if place else None) == want


@pytest.mark.parametrize(("name", "year", "want"), [
    ("市发改委", 2020, ["ndrc"]),
    ("县发展和改革局", 2020, ["ndrc"]),
    ("县发改局（粮食局）", 2021, ["ndrc"]),  # the bracket is the same body's second name
    ("市环保局", 2016, ["mep"]),
    ("市环保局", 2019, ["mee"]),  # not yet renamed locally: the national successor of its year
    ("市生态环境局", 2019, ["mee"]),
    ("县农业农村局", 2019, ["mara"]),
    ("市食药监局", 2016, ["cfda"]),
    ("市市场监管局", 2020, ["samr"]),
    ("县教体局", 2021, ["moe", "gas"]),
    ("县人民政府办公室", 2021, ["government"]),
    ("市委宣传部", 2020, ["cpc-pub"]),
    ("县总工会", 2020, ["acftu"]),
    ("市残联", 2021, ["cdpf"]),
    ("市工信委", 2016, ["miit"]),
    ("县文体广电和旅游局", 2022, ["mct", "nrta", "gas"]),  # a bureau mirroring three
    ("市委督查室", 2019, ["cpc-general-office"]),
    ("市政府督查室", 2019, ["government"]),
    ("区公安分局", 2020, ["mps"]),
    ("区经济信息委", 2020, ["miit"]),
    ("恭城供电局", 2019, ["csg"]),  # a Southern Grid bureau; State Grid's are 供电公司
    ("各镇街", 2020, ["government"]),
])  # fmt: skip
def test_local_function(lex, name: str, year: int, want: list[str]) -> None:
    assert local_function(lex, name, year)[1] == want


@pytest.mark.parametrize("name", ["各有关部门", "市重大项目办", "州行政审批服务局", "全区经济运行各专班"])
def test_no_counterpart(lex, name: str) -> None:
    assert local_function(lex, name, 2020)[1] == []
