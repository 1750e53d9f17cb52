"""Conventions of task tables met in a sixth fresh set (tests/heldout_tables6), each on a short
table or text written here with its expectation by hand (codebook §1, §3, §4, §5).

The tables are built on the table model (:class:`~pipeline.types.Table`) as every reader makes it,
and run through the stages; ``tests/test_table_model.py`` has the helpers.
"""

from __future__ import annotations

from pipeline.run.resources import Resources
from pipeline.types import TextBlock
from tests.test_table_conventions import _measures, _process
from tests.test_table_model import _rows, _table


def test_a_bare_heading_alone_in_the_task_cell_is_a_section(resources: Resources) -> None:
    """A sheet's section row with no marker and no merge (| 提升政务服务效能 | | |) in a table that
    numbers its rows: a section numbered by its place, its rows under it (numbers restarting)."""
    table = _table(
        [["序号", "工作任务", "牵头单位"],
         ["", "提升政务服务效能", ""],
         ["1", "深化“不见面审批”改革。", "区政务办"],
         ["2", "推进“一窗受理”改革。", "区政务办"],
         ["", "降低企业经营成本", ""],
         ["1", "落实减税降费政策。", "区税务局"]],
    )  # fmt: skip
    assert _rows(resources, table) == [("1.1", "区政务办", "lead"), ("1.2", "区政务办", "lead"), ("2.1", "区税务局", "lead")]


def test_a_task_row_with_sentences_is_no_section(resources: Resources) -> None:
    """A row with only its task cell filled but a sentence in it (。) is a row, not a section."""
    table = _table([["序号", "工作任务", "牵头单位"], ["1", "深化审批改革。", "区政务办"], ["", "推行政务服务“一网通办”。", ""]])
    assert [path for path, _ in _measures(_process(resources, [table]))] == ["1", "2"]


def test_a_role_in_brackets_after_each_name(resources: Resources) -> None:
    """县环保局（牵头）、县经信委（配合）: each bracket gives the role of the name before it (roles.csv)."""
    table = _table([["序号", "工作任务", "责任单位"], ["1", "开展工业企业污染整治。", "县环保局（牵头）、县经信委（配合）、县质监局（配合）"]])
    assert _rows(resources, table) == [("1", "县环保局", "lead"), ("1", "县经信委", "participant"),
                                       ("1", "县质监局", "participant")]  # fmt: skip


def test_names_separated_by_a_slash(resources: Resources) -> None:
    """省商务厅/省文化和旅游厅 in a sheet's cell: "/" separates names as 、 does (roles.csv)."""
    table = _table([["序号", "重点任务", "牵头单位", "配合单位"],
                    ["1", "发展夜间经济。", "省商务厅/省文化和旅游厅", "省公安厅／省市场监管局"]])  # fmt: skip
    assert _rows(resources, table) == [("1", "省商务厅", "lead"), ("1", "省文化和旅游厅", "lead"),
                                       ("1", "省公安厅", "participant"), ("1", "省市场监管局", "participant")]  # fmt: skip


def test_joint_issuers_signed_on_lines_of_their_own(resources: Resources) -> None:
    """中央农办 / 农业农村部 / the date: two issuers, one a line, 办 ending an office's short name."""
    notice = ("中央农办农业农村部关于印发《2020年农村人居环境整治工作任务分工方案》的通知\n中农发〔2020〕4号\n"
              "各省、自治区、直辖市党委农办：\n现将方案印发给你们，请认真抓好落实。\n中央农办\n农业农村部\n2020年4月10日\n附件\n"
              "2020年农村人居环境整治工作任务分工方案")  # fmt: skip
    table = _table([["序号", "工作任务", "牵头单位"], ["1", "开展农村户厕问题摸排整改。", "农业农村部"]])
    document = _process(resources, [TextBlock(notice), table]).document
    assert (document["issuer"], document["date"]) == ("中央农办、农业农村部", "2020-04-10")


def test_a_verb_before_a_word_jieba_lacks_stays_whole(resources: Resources) -> None:
    """落实惠企政策，兑现…资金: 惠企 is one word (document_words.csv segment_word), so 落实 leads
    its clause and the two clauses are two measures."""
    table = _table([["序号", "工作任务", "牵头单位"], ["1", "落实惠企政策，兑现技改补贴等支持资金。", "市工信局"]])
    assert _measures(_process(resources, [table])) == [("1", "落实惠企政策"), ("1", "兑现技改补贴等支持资金")]


def test_a_task_cells_first_line_heads_the_lines_under_it(resources: Resources) -> None:
    """推进农村电商发展 / 建设…，开展…。 in one task cell: the comma-free first line is the row's
    title, the sentence under it its measures."""
    table = _table([["序号", "工作任务", "牵头单位"],
                    ["1", "推进农村电商发展\n建设镇级电商服务站20个，开展农村电商人才培训1000人次。", "县商务局"]])  # fmt: skip
    assert _measures(_process(resources, [table])) == [("1", "建设镇级电商服务站20个"), ("1", "开展农村电商人才培训1000人次")]


def test_a_goal_clause_stands_apart_from_the_measure_before_it(resources: Resources) -> None:
    """…，力争…达到… is a clause of its own (a goal, optional by codebook §4), not part of the
    measure before it; 配套建设 is led by 建设 (配套 an adverb)."""
    table = _table([["序号", "工作任务", "牵头单位"],
                    ["1", "开展软弱涣散村党组织集中整顿，力争村集体经济收入全部达到10万元以上。", "县委组织部"],
                    ["2", "建设集镇污水处理设施15处，配套建设污水收集管网。", "县住建局"]])  # fmt: skip
    assert _measures(_process(resources, [table])) == [
        ("1", "开展软弱涣散村党组织集中整顿"), ("1", "力争村集体经济收入全部达到10万元以上"),
        ("2", "建设集镇污水处理设施15处"), ("2", "配套建设污水收集管网")]  # fmt: skip


# Conventions of the seventh fresh set (tests/heldout_tables7).


def test_tables_under_part_headings_of_the_text_nest_under_them(resources: Resources) -> None:
    """第一部分 … / a table / 第二部分 … / a table, each numbering its rows from 1: the parts are
    the outermost units (第一部分, markers.py), so the rows are 1.1 … and 2.1 …, never merged."""
    first = _table([["序号", "工作任务", "牵头单位"], ["1", "深化数字化改革。", "区数据资源局"]])
    second = _table([["序号", "工作任务", "牵头单位"], ["1", "新建改扩建中小学。", "区教育局"]], "table 2")
    blocks = [TextBlock("某区2023年重点改革任务分工方案\n第一部分 重点改革任务"), first, TextBlock("第二部分 民生实事项目"), second]
    result = _process(resources, blocks)
    assert _measures(result) == [("1.1", "深化数字化改革"), ("2.1", "新建改扩建中小学")]


def test_a_requirements_column_holds_the_measures(resources: Resources) -> None:
    """工作任务 | 工作要求: the task is the row's title, the requirements its measures."""
    table = _table([["序号", "工作任务", "工作要求", "牵头单位"],
                    ["1", "深化数字化改革", "迭代升级综合应用，打造特色应用。", "区数据资源局"]])  # fmt: skip
    assert _measures(_process(resources, [table])) == [("1", "迭代升级综合应用"), ("1", "打造特色应用")]


def test_whole_numbers_over_dotted_rows_are_sections(resources: Resources) -> None:
    """1 | 提升旅游产品供给 (no bodies), then 1.1, 1.2: a section, whose heading is no measure."""
    table = _table([["序号", "工作任务", "责任单位"],
                    ["1", "提升旅游产品供给", ""],
                    ["1.1", "发展乡村民宿。", "县文广新旅局"],
                    ["2", "完善旅游基础设施", ""],
                    ["2.1", "建设景区旅游公路60公里。", "县交通运输局"]])  # fmt: skip
    assert _measures(_process(resources, [table])) == [("1.1", "发展乡村民宿"), ("2.1", "建设景区旅游公路60公里")]


def test_a_towns_villages_and_stations_are_bodies(resources: Resources) -> None:
    """各村（社区） (a town's villages as a group) and 周市派出所 (a town's police station) are local
    bodies (body_patterns.csv)."""
    table = _table([["序号", "工作任务", "牵头单位", "配合单位"], ["1", "开展违章搭建整治。", "镇综合行政执法局", "周市派出所、各村（社区）"]])
    assert _rows(resources, table) == [("1", "镇综合行政执法局", "lead"), ("1", "周市派出所", "participant"),
                                       ("1", "各村（社区）", "participant")]  # fmt: skip
