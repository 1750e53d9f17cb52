"""Conventions of task tables met in a fourth fresh set (tests/heldout_tables4), each on a short
table written here with its expectation by hand (codebook §1, §5).

The tables are built on the table model (:class:`~pipeline.types.Table`) as every reader makes it,
and run through the stages; ``tests/test_table_model.py`` has the helpers and the older conventions.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.io.readers import read_input
from pipeline.io.table_text import render
from pipeline.run.document import process
from pipeline.run.resources import Resources
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS
from pipeline.types import Decoded, Table, TextBlock
from tests.test_table_model import _rows, _table


def _process(resources: Resources, blocks: list[TextBlock | Table]):
    r = render(blocks, resources.lexicon)
    return process(Decoded("t", "t.xlsx", "", "xlsx", r.text, r.warnings, r.cells, r.ocr_spans, r.row_spans), resources)


def _measures(result) -> list[tuple[str, str]]:
    col = {c: k for k, c in enumerate(MEASURE_COLUMNS)}
    return [(m[col["path"]], m[col["text"]]) for m in result.measure_rows]


def test_a_task_cell_merged_over_numbered_rows_heads_them_as_a_section(resources: Resources) -> None:
    """重点任务 | 具体措施, the 重点任务 cell over its rows and each row numbered (running on): the
    merged cell is a section (1, 2 by its place), the rows keep their numbers (2.3)."""
    table = _table(
        [["序号", "重点任务", "具体措施", "牵头单位"],
         ["1", "深化审批制度改革", "推行企业开办全程网办。", "市行政审批服务局"],
         ["2", "", "建成工程建设项目审批管理系统。", "市住建局"],
         ["3", "提升监管效能", "开展双随机抽查。", "市市场监管局"]],
        merges={(1, 1): (2, 1)},
    )  # fmt: skip
    assert _rows(resources, table) == [
        ("1.1", "市行政审批服务局", "lead"), ("1.2", "市住建局", "lead"), ("2.3", "市市场监管局", "lead")]  # fmt: skip


def test_short_labels_in_one_cell(resources: Resources) -> None:
    """牵头：A；配合：B、C in a 责任单位 cell: the labels decide (roles.csv 牵头：, 配合：)."""
    table = _table([["序号", "工作任务", "责任单位"], ["1", "推进医养结合发展。", "牵头：民政部；配合：财政部、国家卫生计生委"]])
    assert _rows(resources, table) == [("1", "民政部", "lead"), ("1", "财政部", "participant"),
                                       ("1", "国家卫生计生委", "participant")]  # fmt: skip


def test_a_note_under_the_table_states_the_first_listed_convention_for_it(resources: Resources) -> None:
    """注： / 1.责任单位中排在首位的为牵头单位… in rows merged across under the table: a note, no
    section and no unit, and its convention holds for every row above it."""
    table = _table(
        [["序号", "重点任务", "责任单位"],
         ["1", "推进重大项目建设。", "区发改局、区财政局"],
         ["2", "发展楼宇经济。", "区商务局、区税务局"],
         ["注：", "", ""],
         ["1.责任单位中排在首位的为牵头单位，其他为配合单位。", "", ""]],
        merges={(3, 0): (1, 3), (4, 0): (1, 3)},
    )  # fmt: skip
    assert _rows(resources, table) == [("1", "区发改局", "lead"), ("1", "区财政局", "participant"),
                                       ("2", "区商务局", "lead"), ("2", "区税务局", "participant")]  # fmt: skip


def test_a_note_above_the_table_states_it_too(resources: Resources) -> None:
    table = _table([["序号", "重点任务", "责任单位"], ["1", "发展夜间经济。", "省商务厅、省文旅厅"]])
    before = "某省2021年促进消费重点任务分工方案\n说明：责任单位栏中排在首位的为牵头单位，其余为配合单位。"
    assert _rows(resources, table, before) == [("1", "省商务厅", "lead"), ("1", "省文旅厅", "participant")]


def test_a_table_ordered_by_body_gives_each_row_its_bodies(resources: Resources) -> None:
    """责任单位 | 工作任务 (the bodies column first, merged over its tasks): each task's measures
    are the list's, though written after it."""
    table = _table([["责任单位", "序号", "工作任务"], ["市发改委", "1", "推进重大项目建设。"], ["", "2", "深化投融资体制改革。"]],
                   merges={(1, 0): (2, 1)})  # fmt: skip
    result = _process(resources, [table])
    col = {c: k for k, c in enumerate(ASSIGNMENT_COLUMNS)}
    assert [(a[col["path"]], a[col["raw"]], bool(a[col["measure_id"]])) for a in result.assignment_rows] == [
        ("1", "市发改委", True), ("2", "市发改委", True)]  # fmt: skip


def test_numbered_items_in_a_task_cell_are_sub_units_under_its_lead_in(resources: Resources) -> None:
    """推进…建设。 1.加快…。 2.建设…。 on one line of a task cell (a PDF's text): items 1.1 and 1.2,
    the first sentence their unit's title, and the row's bodies cover both."""
    table = _table([["序号", "工作任务", "责任单位"],
                    ["1", "推进数据基础设施建设。 1.加快5G网络部署。 2.建设城市算力中心。", "市数据局牵头，市财政局配合"]])  # fmt: skip
    result = _process(resources, [table])
    assert _measures(result) == [("1.1", "加快5G网络部署"), ("1.2", "建设城市算力中心")]
    assert _rows(resources, table) == [("1.1", "市数据局", "lead"), ("1.1", "市财政局", "participant"),
                                       ("1.2", "市数据局", "lead"), ("1.2", "市财政局", "participant")]  # fmt: skip


def test_a_person_in_brackets_after_a_body_is_no_part_of_its_name(resources: Resources) -> None:
    """责任单位及责任人: 市数据局（王建国）牵头 — the bracket names the body's person
    (document_words.csv surname); a place or a unit in brackets stays (各乡镇（街道）)."""
    table = _table([["序号", "工作任务", "责任单位及责任人"],
                    ["1", "推进公共数据开放共享。", "市数据局（王建国）牵头，市统计局（郑华）、各乡镇（街道）配合"]])  # fmt: skip
    assert _rows(resources, table) == [("1", "市数据局", "lead"), ("1", "市统计局", "participant"),
                                       ("1", "各乡镇（街道）", "participant")]  # fmt: skip


def test_a_ledgers_form_line_gives_issuer_and_date(resources: Resources) -> None:
    """填报单位：… 填报时间：… in cells of their own above the heading (page_fields.csv)."""
    table = _table([["某区2022年重点工作推进计划表", "", ""], ["填报单位：某区发展和改革局", "", "填报时间：2022年3月10日"],
                    ["序号", "重点任务", "责任单位"], ["1", "推进重大项目建设。", "区发改局"]],
                   merges={(0, 0): (1, 3)})  # fmt: skip
    document = _process(resources, [table]).document
    assert (document["title"], document["issuer"], document["date"]) == (
        "某区2022年重点工作推进计划表", "某区发展和改革局", "2022-03-10")  # fmt: skip


def test_numbered_instructions_before_the_ledgers_title_are_header(resources: Resources) -> None:
    """A workbook's 填报说明 sheet (numbered points, a signature), then the task sheet under the
    same title: the title written again resets the outline, so the rows are 1 and 2, not 3.1."""
    cover = _table([["某省2020年数字经济重点任务推进工作台账"], ["填报说明"], ["1.本台账由各牵头单位每月更新。"],
                    ["2.联系人如有变动请及时告知。"], ["某省大数据局"], ["2020年2月26日"]], "sheet 说明", sheet=True)  # fmt: skip
    tasks = _table([["某省2020年数字经济重点任务推进工作台账", "", ""], ["序号", "重点任务", "牵头单位"],
                    ["1", "加快5G网络建设。", "省通信管理局"], ["2", "推进数据中心集聚发展。", "省大数据局"]],
                   "sheet 任务台账", {(0, 0): (1, 3)}, sheet=True)  # fmt: skip
    result = _process(resources, [cover, tasks])
    assert _measures(result) == [("1", "加快5G网络建设"), ("2", "推进数据中心集聚发展")]
    assert result.document["title"] == "某省2020年数字经济重点任务推进工作台账"


def test_a_station_is_a_body(resources: Resources) -> None:
    """…总站 (全国畜牧总站, a ministry's public institution) is an organ name (body_patterns.csv)."""
    table = _table([["序号", "工作任务", "牵头单位", "参与单位"], ["1", "制定畜禽养殖标准。", "畜牧兽医局", "全国畜牧总站"]])
    assert ("1", "全国畜牧总站", "participant") in _rows(resources, table)


def test_a_cms_pages_metadata_in_divs_gives_the_document_number(tmp_path: Path) -> None:
    """<div>发文字号：…</div> outside the article's own block is the page's metadata block too."""
    page = ("<html><body><div class='metainfo'><div>发文机关：某省人民政府办公厅</div>"
            "<div>发文字号：某政办函〔2021〕18号</div><div>成文日期：2021年04月02日</div></div>"
            "<div class='article'><h1>某省2021年促进消费重点任务分工方案</h1>"
            "<p>一、发展夜间经济。培育夜间经济示范街区。（省商务厅负责）</p></div></body></html>")  # fmt: skip
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    decoded = read_input(path)
    assert "发文字号：某政办函〔2021〕18号" in decoded.text
