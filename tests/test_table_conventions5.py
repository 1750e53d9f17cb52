"""Conventions of task tables met in a fifth fresh set (tests/heldout_tables5), each on a short
table or cell written here with its expectation by hand (codebook §1, §4, §5).

The tables are built on the table model (:class:`~pipeline.types.Table`) as every reader makes it,
and run through the stages; ``tests/test_table_model.py`` has the helpers.
"""

from __future__ import annotations

from pipeline.io.pdf_tables import Char, cell_lines, cell_text
from pipeline.run.resources import Resources
from pipeline.stages.emit.rows import MEASURE_COLUMNS
from tests.test_table_conventions import _measures, _process
from tests.test_table_model import _rows, _table


def test_role_words_under_a_merged_bodies_heading_name_its_columns(resources: Resources) -> None:
    """责任单位 merged over two columns, the bare words 牵头 | 配合 under it (no 单位): the lower
    heading row, its role words giving each column's role; the rows below are tasks."""
    table = _table(
        [["序号", "工作任务", "责任单位", "", "完成时限"],
         ["", "", "牵头", "配合", ""],
         ["1", "加快增值税留抵退税进度。", "省税务局", "省财政厅", "2022年6月底前"]],
        merges={(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2), (0, 4): (2, 1)},
    )  # fmt: skip
    assert _rows(resources, table) == [("1", "省税务局", "lead"), ("1", "省财政厅", "participant")]
    assert _measures(_process(resources, [table])) == [("1", "加快增值税留抵退税进度")]


def test_a_projects_name_is_its_rows_title_and_its_contents_the_measures(resources: Resources) -> None:
    """项目名称 | 主要建设内容 (a 民生实事 table): the name is the row's title, the contents its measures."""
    table = _table([["序号", "项目名称", "主要建设内容", "牵头单位"],
                    ["1", "新建改扩建中小学幼儿园", "新建第二小学等3所学校，新增学位3600个。", "区教育局"]])  # fmt: skip
    result = _process(resources, [table])
    assert _measures(result) == [("1", "新建第二小学等3所学校"), ("1", "新增学位3600个")]


def test_a_participating_bodies_column(resources: Resources) -> None:
    """参加单位 names participants (table_columns.csv), as 配合单位 does."""
    table = _table([["序号", "重点任务", "牵头单位", "参加单位"], ["1", "推进多式联运发展。", "交通运输部", "国家铁路局、民航局"]])
    assert _rows(resources, table) == [("1", "交通运输部", "lead"), ("1", "国家铁路局", "participant"),
                                       ("1", "民航局", "participant")]  # fmt: skip


def test_names_separated_by_spaces_alone_are_each_a_body(resources: Resources) -> None:
    """市住建委 市规划局 (a space between whole names, as 、 would separate them); a space inside
    one name (国网某市 供电公司: 国网某市 is no name) stays inside it, as written in ``raw``, and so
    does one before a known name's branch (中国人民银行 南昌中心支行)."""
    table = _table([["序号", "工作任务", "责任单位"],
                    ["1", "实施主干道提升改造工程。", "市住建委 市规划局\u3000市国土资源局"],
                    ["2", "实施电网改造工程。", "市发展改革委\xa0\xa0国网某市\xa0供电公司"],
                    ["3", "加大信贷支持。", "中国人民银行 南昌中心支行 市财政局"]])  # fmt: skip
    assert _rows(resources, table) == [
        ("1", "市住建委", "responsible"), ("1", "市规划局", "responsible"), ("1", "市国土资源局", "responsible"),
        ("2", "市发展改革委", "responsible"), ("2", "国网某市 供电公司", "responsible"),
        ("3", "中国人民银行 南昌中心支行", "responsible"), ("3", "市财政局", "responsible")]  # fmt: skip


def test_each_responsible_unit_is_a_generic_body(resources: Resources) -> None:
    """…牵头，各责任单位配合: 各责任单位 is a name (a group of bodies), not 各 before a label."""
    table = _table([["序号", "工作任务", "责任单位"], ["1", "开展年度考核。", "市百城办牵头，各责任单位配合"]])
    assert _rows(resources, table) == [("1", "市百城办", "lead"), ("1", "各责任单位", "participant")]


def test_the_parks_of_a_zone_are_a_body(resources: Resources) -> None:
    """各产业园 (a development zone's parks, each run by its own body) in a bodies cell."""
    table = _table([["序号", "重点工作", "牵头部门", "配合部门"], ["1", "开展招商引资活动。", "投资促进局", "经济发展局、各产业园"]])
    assert ("1", "各产业园", "participant") in _rows(resources, table)


def _line(text: str, y: float, left: float = 10.0, size: float = 10.0) -> list[Char]:
    """A line of ``text`` set at ``y`` from ``left``, one character ``size`` points wide."""
    return [Char(ch, False, left + (k + 0.5) * size, y, size, left + k * size, left + (k + 1) * size)
            for k, ch in enumerate(text)]  # fmt: skip


def test_a_pdf_cell_with_a_name_a_line_keeps_its_line_breaks() -> None:
    """A cell 10 characters wide (and 5 points of padding a side) whose lines stop well short of
    its width: each was ended by its writer, so each name is a line of its own."""
    chars = _line("国家发展改革委", 20) + _line("交通运输部", 34) + _line("商务部", 48)
    lines, ended = cell_lines(chars, 5.0, 115.0)
    assert cell_text(lines, ended) == "国家发展改革委\n交通运输部\n商务部"


def test_a_pdf_cell_that_wraps_joins_its_lines() -> None:
    """Lines that fill the cell, or a cell that separates names within its lines with 、: wraps,
    joined with nothing, even where a line ends short (市场监管总 | 局、: 、 cannot open a line)."""
    full = _line("推进物流标准化，推广标准", 20) + _line("化托盘。", 34)
    assert cell_text(*cell_lines(full, 5.0, 135.0)) == "推进物流标准化，推广标准化托盘。"
    short = _line("交通运输部、市场监管总", 20) + _line("局、中国铁路总公司", 34)
    assert cell_text(*cell_lines(short, 5.0, 145.0)) == "交通运输部、市场监管总局、中国铁路总公司"
    pushed = _line("开展质量安全专项整治行", 20) + _line("动。", 34)  # 。 may not open a line: 动 went down with it
    assert cell_text(*cell_lines(pushed, 5.0, 145.0)) == "开展质量安全专项整治行动。"


def test_a_clause_for_someone_is_a_measure_one_for_a_purpose_frames(resources: Resources) -> None:
    """为全区学生开展… (为 names who benefits: a measure) against 为加快… (a purpose: it frames the
    clause after it, framing.csv position nonfinal_verb)."""
    table = _table([["序号", "工作任务", "牵头单位"],
                    ["1", "为全区中小学生免费开展视力筛查，建立学生屈光发育档案。", "区教育局"],
                    ["2", "为加快老旧小区改造，同步加装电梯30部。", "区住建局"]])  # fmt: skip
    assert _measures(_process(resources, [table])) == [
        ("1", "为全区中小学生免费开展视力筛查"), ("1", "建立学生屈光发育档案"), ("2", "为加快老旧小区改造，同步加装电梯30部")]  # fmt: skip


def test_a_deadline_cell_of_two_lines_gives_both(resources: Resources) -> None:
    """完成时限 written as two stages, a line each: the row's deadline is both, in order."""
    table = _table([["序号", "重点任务", "牵头单位", "完成时限"],
                    ["1", "制定标准体系建设规划。", "农业农村部", "2023年6月底前：形成初稿\n2023年12月底前：印发实施"]])  # fmt: skip
    row = _process(resources, [table]).measure_rows[0]
    assert row[MEASURE_COLUMNS.index("deadline")] == "2023年6月底前：形成初稿；2023年12月底前：印发实施"


def test_a_title_row_and_an_issuer_row_above_the_heading_stay_apart(resources: Resources) -> None:
    """The title merged across, then the issuer and date merged across (领导小组办公室　　2017年3月28日):
    two rows, so two lines, however long the table's lines are (no wrap joins a table's rows)."""
    rows = [["某市2017年百城建设提质工程工作任务分解表", "", ""], ["某市百城建设提质工程工作领导小组办公室　　2017年3月28日", "", ""],
            ["序号", "工作举措", "责任单位"]]  # fmt: skip
    rows += [[str(k), "实施城市主干道提升改造工程，打通断头路12条。", "市住建委、市规划局、市国土资源局、市环保局"] for k in range(1, 9)]
    document = _process(resources, [_table(rows, merges={(0, 0): (1, 3), (1, 0): (1, 3)})]).document
    assert (document["title"], document["issuer"], document["date"]) == (
        "某市2017年百城建设提质工程工作任务分解表", "某市百城建设提质工程工作领导小组办公室", "2017-03-28")  # fmt: skip
