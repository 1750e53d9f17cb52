"""The table model's rules (codebook §1, a table read as a table), on tables written here by hand:
which table is a task table, its heading rows, sections, merged cells, 序号 and the cells cited."""

from __future__ import annotations

import pytest

from pipeline.io.readers import ReadOptions, decode
from pipeline.io.table_heading import Grid, find_columns, heading_key
from pipeline.io.table_text import render
from pipeline.run.document import process
from pipeline.run.resources import Resources
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS
from pipeline.stages.structure.table_units import row_numbers
from pipeline.types import Decoded, Table, TableCell


def _table(rows: list[list[str]], name: str = "table 1", merges: dict[tuple[int, int], tuple[int, int]] | None = None,
           sheet: bool = False) -> Table:  # fmt: skip
    """A table from its rows; ``merges`` (row, col) → (rowspan, colspan) of a merged cell."""
    merges = merges or {}
    covered = {(r + i, c + j) for (r, c), (rs, cs) in merges.items() for i in range(rs) for j in range(cs)
               if (i, j) != (0, 0)}  # fmt: skip
    cells = [TableCell(r, c, text, *merges.get((r, c), (1, 1))) for r, row in enumerate(rows)
             for c, text in enumerate(row) if (r, c) not in covered]  # fmt: skip
    return Table(name, cells, sheet)


def _rows(resources: Resources, table: Table, before: str = "") -> list[tuple[str, str, str]]:
    """(path, body as written, role) of each assignment the table gives."""
    from pipeline.types import TextBlock

    blocks = ([TextBlock(before)] if before else []) + [table]
    r = render(blocks, resources.lexicon)
    decoded = Decoded("t", "t.docx", "", "docx", r.text, r.warnings, r.cells, r.ocr_spans, r.row_spans)
    result = process(decoded, resources)
    col = {c: k for k, c in enumerate(ASSIGNMENT_COLUMNS)}
    return [(a[col["path"]], a[col["raw"]], a[col["role"]]) for a in result.assignment_rows]


@pytest.mark.parametrize(
    ("written", "heading"),
    [("序号", "序号"), ("序 号", "序号"), ("牵头单位（部门）", "牵头单位"), ("市级牵头单位", "牵头单位"),
     ("責任單位", "责任单位"), ("本地区经济增长情况说明", "")],
)  # fmt: skip
def test_a_heading_is_named_by_table_columns(resources: Resources, written: str, heading: str) -> None:
    assert heading_key(written, resources.lexicon.table_columns) == heading


@pytest.mark.parametrize(
    ("written", "numbers"),
    [("1", [1]), ("12.", [12]), ("3、", [3]), ("（一）", [1]), ("二", [2]), ("1.2", [1, 2]), ("2-3", [2, 3]),
     ("★", []), ("重点", [])],
)  # fmt: skip
def test_a_row_number_is_the_path_written(written: str, numbers: list[int]) -> None:
    assert row_numbers(written) == numbers


def test_a_table_without_a_bodies_column_is_not_a_task_table(resources: Resources) -> None:
    figures = _table([["序号", "指标", "2022年"], ["1", "地区生产总值", "6%"]])
    assert find_columns(Grid.of(figures), resources.lexicon) is None


def test_two_heading_rows_the_lower_ones_decide(resources: Resources) -> None:
    table = _table(
        [["序号", "重点任务", "责任单位", "", "完成时限"], ["", "", "牵头单位", "配合单位", ""],
         ["1", "推进企业开办全程网办。", "市市场监管局", "市税务局", "2023年底前"]],
        merges={(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2), (0, 4): (2, 1)},
    )  # fmt: skip
    cols = find_columns(Grid.of(table), resources.lexicon)
    assert cols is not None and list(cols.heading_rows) == [0, 1]
    assert cols.kinds == ["number", "task", "bodies", "bodies", "deadline"]
    assert cols.roles[2:4] == ["lead", "participant"]


def test_rows_sections_and_a_lead_merged_over_rows(resources: Resources) -> None:
    table = _table(
        [["序号", "重点任务", "牵头单位", "配合单位"],
         ["一、优化政务服务", "", "", ""],
         ["1", "推进政务服务事项全程网办。", "市政务服务中心", "市财政局"],
         ["2", "完善帮办代办制度。", "", "市司法局"],
         ["二、加强市场监管", "", "", ""],
         ["3", "开展双随机抽查。", "市市场监管局牵头，市商务局配合", ""]],
        merges={(1, 0): (1, 4), (2, 2): (2, 1), (4, 0): (1, 4)},
    )  # fmt: skip
    assert _rows(resources, table) == [
        ("1.1", "市政务服务中心", "lead"), ("1.1", "市财政局", "participant"),
        ("1.2", "市政务服务中心", "lead"), ("1.2", "市司法局", "participant"),
        ("2.3", "市市场监管局", "lead"), ("2.3", "市商务局", "participant"),
    ]  # fmt: skip


def test_a_repeated_heading_row_is_no_row_and_unnumbered_rows_count(resources: Resources) -> None:
    table = _table(
        [["重点任务", "责任单位"], ["建立企业诉求响应机制。", "市工商联"], ["重点任务", "责任单位"],
         ["开展营商环境评价。", "市发展改革委"]],
    )  # fmt: skip
    assert _rows(resources, table) == [("1", "市工商联", "responsible"), ("2", "市发展改革委", "responsible")]


def test_a_table_under_a_heading_of_the_text_nests_under_it(resources: Resources) -> None:
    table = _table([["序号", "工作任务", "牵头单位"], ["1", "推进一网通办。", "县行政审批局"], ["2", "优化审批流程。", "县住建局"]])
    before = "某县2023年工作方案\n一、总体要求\n坚持问题导向，推进改革。\n二、重点任务"
    assert _rows(resources, table, before) == [("2.1", "县行政审批局", "lead"), ("2.2", "县住建局", "lead")]


def test_a_sheet_cites_its_cells_and_a_csv_section_row_needs_no_merge(resources: Resources) -> None:
    text = "序号,重点任务,牵头单位\n一、优化服务,,\n1,推进一网通办。,市政务服务中心\n".encode()
    decoded = decode(text, "t.csv", "t", ".csv", ReadOptions(lexicon=resources.lexicon))
    result = process(decoded, resources)
    assert [(a[3], a[ASSIGNMENT_COLUMNS.index("raw")], a[ASSIGNMENT_COLUMNS.index("cell")]) for a in result.assignment_rows] == [("1.1", "市政务服务中心", "table 1, row 3, column 3")]
    sheet = _table([["序号", "重点任务", "牵头单位"], ["1", "推进一网通办。", "市政务服务中心"]], "任务分工", sheet=True)
    r = render([sheet], resources.lexicon)
    assert [c.ref for c in r.cells] == ["sheet 任务分工!A2", "sheet 任务分工!B2", "sheet 任务分工!C2"]


def test_an_unnamed_table_holding_role_words_is_warned_about(resources: Resources) -> None:
    table = _table([["推进一网通办", "市政务服务中心牵头"], ["优化审批流程", "市住建局负责"]])
    r = render([table], resources.lexicon)
    assert not r.cells and any("no heading row names its columns" in w for w in r.warnings)


def test_a_heading_stating_the_first_listed_convention_gives_the_first_name_the_lead(resources: Resources) -> None:
    table = _table([["序号", "工作任务", "责任单位（排在第一位的为牵头单位）"], ["1", "推进企业开办全程网办。", "市发改委、市财政局"]])
    assert _rows(resources, table) == [("1", "市发改委", "lead"), ("1", "市财政局", "participant")]


@pytest.mark.parametrize(("number", "path"), [("2.1", "2.1"), ("1.1", "2.1.1")])
def test_a_dotted_number_under_a_section_restates_it_or_nests(resources: Resources, number: str, path: str) -> None:
    table = _table(
        [["序号", "重点任务", "牵头单位"], ["二、工作任务", "", ""], [number, "推进燃煤锅炉整治。", "市生态环境局"]],
        merges={(1, 0): (1, 3)},
    )  # fmt: skip
    assert _rows(resources, table) == [(path, "市生态环境局", "lead")]


def test_a_section_row_that_ends_in_a_heading_word_is_no_heading_row(resources: Resources) -> None:
    table = _table([["序号", "重点任务", "牵头单位"], ["一、工作任务", "", ""], ["1", "推进锅炉整治。", "市生态环境局"]],
                   merges={(1, 0): (1, 3)})  # fmt: skip
    assert _rows(resources, table) == [("1.1", "市生态环境局", "lead")]


def test_a_task_cell_is_a_title_only_before_another_task_cell_of_its_row(resources: Resources) -> None:
    def measures(table: Table) -> list[str]:
        r = render([table], resources.lexicon)
        decoded = Decoded("t", "t.docx", "", "docx", r.text, r.warnings, r.cells, r.ocr_spans, r.row_spans)
        return [m[6] for m in process(decoded, resources).measure_rows]

    merged = _table([["序号", "重点任务", "牵头单位"], ["1", "推进政务公开", "市政府办"], ["", "完善信息发布制度。", "市委宣传部"]],
                    merges={(1, 0): (2, 1)})  # fmt: skip
    assert measures(merged) == ["推进政务公开", "完善信息发布制度"]
    two = _table([["序号", "重点任务", "具体措施", "牵头单位"], ["1", "优化政务服务", "推进一网通办。", "市政务服务中心"]])
    assert measures(two) == ["推进一网通办"]


def test_a_section_row_split_over_its_number_and_task_cells(tmp_path) -> None:
    """（一） in the 序号 cell, the heading in the task cell, the rest empty: a section (codebook §1),
    its rows nested under it with their numbers restarting."""
    from pipeline import api

    for first, second in (("（一）", "（二）"), ("一", "二")):  # a bare numeral in a 序号 column too
        sheet = tmp_path / "分解表.csv"
        sheet.write_text("序号,重点任务,责任领导,责任单位,完成时限\n"
                         f"{first},稳定经济增长,,,\n"
                         "1,实施重大项目建设攻坚行动。,张三,县发改局,2019年12月\n"
                         "2,加大招商引资力度。,李四,县商务局,2019年12月\n"
                         f"{second},优化营商环境,,,\n"
                         "1,压缩企业开办时间。,王五,县市场监管局,2019年6月\n", encoding="utf-8")  # fmt: skip
        table = api.extract(sheet).assignments
        paths = list(zip(table["path"], table["body"]))
        assert paths == [("1.1", "县发改局"), ("1.2", "县商务局"), ("2.1", "县市场监管局")], first


def test_a_later_sheets_title_row_names_its_table_and_is_no_measure(resources: Resources) -> None:
    """Two sheets of one plan, each a title row above its heading: the second title is not the text
    of the first sheet's last row (it names the table, codebook §1)."""
    first = _table([["某县重点工作任务清单（产业发展）", "", ""], ["序号", "重点任务", "牵头单位"],
                    ["1", "推进工业技术改造。", "县经信局"]], "产业发展", {(0, 0): (1, 3)}, sheet=True)  # fmt: skip
    second = _table([["某县重点工作任务清单（民生保障）", "", ""], ["序号", "重点任务", "牵头单位"],
                     ["2", "扩大城乡就业。", "县人社局"]], "民生保障", {(0, 0): (1, 3)}, sheet=True)  # fmt: skip
    r = render([first, second], resources.lexicon)
    decoded = Decoded("t", "t.xlsx", "", "xlsx", r.text, r.warnings, r.cells, r.ocr_spans, r.row_spans)
    result = process(decoded, resources)
    assert [(m.path, m.text_simplified) for m in result.assignments.measures] == [
        ("1", "推进工业技术改造"), ("2", "扩大城乡就业")]
    assert "某县重点工作任务清单（民生保障）" in r.text  # still in the text, cited as its cell
    assert any(c.column == "title" and c.ref == "sheet 民生保障!A1" for c in r.cells)


def test_a_role_word_in_the_next_cell_is_not_the_lead_columns(resources: Resources) -> None:
    """牵头单位 | 配合单位 with 各省级商务主管部门负责 in the second: the first cell's names lead (their
    column's role ends with the cell), and …负责 after a named lead is a participant's (§5)."""
    table = _table([["序号", "重点任务", "牵头单位", "配合单位"],
                    ["1", "推进县域商业数字化改造。", "商务部", "各省级商务主管部门负责"],
                    ["2", "完善县乡村物流配送体系。", "交通运输部", "国家邮政局、商务部"]])  # fmt: skip
    assert sorted(set(_rows(resources, table))) == [
        ("1", "各省级商务主管部门", "participant"), ("1", "商务部", "lead"),
        ("2", "交通运输部", "lead"), ("2", "商务部", "participant"), ("2", "国家邮政局", "participant")]


def test_an_ods_sheets_merged_ranges_are_read() -> None:
    """calamine gives no merged ranges for .ods: they come from the sheet's XML (tests/heldout_tables3/README:
    w1's title and section rows merged across A:D, its 目标任务 cells merged over two or three rows)."""
    from pathlib import Path

    from pipeline.io.ods_spans import ods_merged_ranges

    path = Path(__file__).resolve().parent / "heldout_tables3" / "w1_2016_province_jiangxi_huanjing.ods"
    with path.open("rb") as fh:
        ranges = ods_merged_ranges(fh, 1 << 24)
    across = [r for r in ranges["目标任务分解"] if r[0][1] == 0 and r[1][1] == 3]
    down = [r for r in ranges["目标任务分解"] if r[1][0] > r[0][0]]
    assert [r[0][0] for r in across] == [0, 2, 6, 12]  # the title row, then 一、 二、 三、
    assert [r[1][0] - r[0][0] + 1 for r in down] == [2, 3, 2, 2]  # 1.1, 2.1, 2.2, 3.2: rows of one unit
    assert all(r[0][1] == r[1][1] == 0 for r in down)  # in the 目标任务 column
