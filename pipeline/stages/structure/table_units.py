"""Task tables read as tables (codebook §1): their rows as units of the outline, their cells of
bodies as responsibility lists.

A file read as tables says where each cell of a task table stands (``NormalizedText.cells``,
:mod:`pipeline.io.table_text`). A row merged across the table is a section; every other row is
a unit numbered by its 序号 as written (1, （一）, 1.2), or by its place among its section's rows
when it has none. These markers stand in for the outline markers a text would show, so the
outline, the plan's start and the closing text are read from them as from any text.
"""

from __future__ import annotations

import re

from ...lexicon.model import Lexicon
from ...types import CellSpan, ListItem, NormalizedText, Sentence, Unit
from ..lists.grammar import ListReading, read_items
from ..lists.pieces import ROLE_ITEMS
from ..normalize.markers import cn_number, match_marker

Marker = tuple[str, int, int]  # (kind, number, where the unit's own text begins)

# Marker kinds of table rows, apart from the text's own kinds (一、 （一） 1. …), so a table's
# rows nest under the heading of the text they stand under.
SECTION_KIND, PART_KIND, ROW_KIND = "table_section", "table_part", "table_row"
_PART = re.compile(r"第([一二三四五六七八九十百零〇]{1,4}|\d{1,3})(?:部分|章|篇|节)")
_DOTTED = re.compile(r"(\d{1,3}(?:[\.．\-－]\d{1,3})*)[\.．、]?")
_CN_NUMBER = re.compile(r"[（(]?([一二三四五六七八九十百]{1,4})[）)、．.]?")


def row_numbers(text: str) -> list[int]:
    """The path components a 序号 cell writes (1 → [1], （一） → [1], 1.2 → [1, 2]), or [] when
    it holds no number (★, 重点)."""
    text = re.sub(r"\s+", "", text)
    if m := _DOTTED.fullmatch(text):
        return [int(n) for n in re.split(r"[\.．\-－]", m.group(1))]
    if m := _CN_NUMBER.fullmatch(text):
        return [cn_number(m.group(1))]
    if (found := match_marker(text)) and found[2] == len(text):
        return [found[1]]
    return []


def _section_marker(text: str, p_start: int, ordinal: int) -> Marker:
    """A section row's marker: its own (一、 （一） 第一部分), else its place among the sections."""
    found = match_marker(text, p_start)
    if found and found[0] in ("cn", "cn_paren"):
        return found
    if m := _PART.match(text, p_start):
        n = m.group(1)
        return PART_KIND, int(n) if n.isdigit() else cn_number(n), m.end()
    return SECTION_KIND, ordinal, p_start


CELL_ITEM_KINDS = frozenset({"arabic", "arabic_paren"})  # a task cell's own numbered items: 1. / （1）


def table_markers(
    text: str, paras: list[tuple[int, int]], cells: list[CellSpan | None], markers: list[Marker | None]
) -> dict[int, list[Marker]]:
    """Set the markers of the paragraphs that are task tables' cells, in place.

    Args:
        text: the working text.
        paras: its paragraphs (start, end).
        cells: the cell each paragraph lies in (None: not in a task table).
        markers: each paragraph's outline marker, as read from its text; a cell's is replaced by
            its row's (a section, a 序号, the first cell of an unnumbered row) or None.
    Returns:
        The further units a paragraph opens after its marker's: a dotted 序号 (1.2) opens the
        row 1 and then 2 inside it.
    """
    extra: dict[int, list[Marker]] = {}
    numbered = {(c.table, c.unit) for c, (s, e) in zip(cells, paras)
                if c is not None and c.column == "number" and row_numbers(text[s:e])}  # fmt: skip
    opened: set[tuple[int, int]] = set()
    sections = rows = 0
    table = 0
    section_number: int | None = None  # the number of the section the rows stand in
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        own, markers[i] = markers[i], None
        if cell.column == "task" and i > 0 and cells[i - 1] is cell and own and own[0] in CELL_ITEM_KINDS:
            markers[i] = own  # 1.加快… on a line of a task cell after its first: an item of the row (1.1)
            continue
        if cell.table != table:
            table, sections, rows, section_number = cell.table, 0, 0, None
        key = (cell.table, cell.unit)
        p_start, p_end = paras[i]
        if cell.column == "section":
            sections += 1
            rows = 0
            markers[i] = _section_marker(text, p_start, sections)
            section_number = markers[i][1]
            continue
        if key in opened or cell.column in ("note", "title", "other"):
            continue
        if cell.column == "number":
            numbers = row_numbers(text[p_start:p_end])
            if not numbers:
                continue
            if len(numbers) > 1 and numbers[0] == section_number:
                numbers = numbers[1:]  # 2.1 under 二、: the number restates its section (path 2.1)
            opened.add(key)
            rows += 1
            markers[i] = (ROW_KIND, numbers[0], p_end)
            extra[i] = [(f"{ROW_KIND}{depth}", n, p_end) for depth, n in enumerate(numbers[1:], 2)]
        elif key not in numbered:
            opened.add(key)
            rows += 1
            markers[i] = (ROW_KIND, rows, p_start)
    return extra


def cell_reading(lexicon: Lexicon, text: str, start: int, end: int, cell: CellSpan) -> ListReading:
    """A bodies or deadline cell as a list: role words in it decide (市发改委牵头，市财政局配合);
    names alone take the role of its column (牵头单位: lead). Pieces that are not names are
    kept and flagged, as in a list a label opens. A column whose heading states the first-listed
    convention (role ``first_listed``) gives its first name the lead."""
    if cell.column == "deadline":
        return ListReading([ListItem("deadline", start, end, text[start:end])])
    items = read_items(lexicon, text, start, end)
    if cell.role and not any(it.kind in ROLE_ITEMS for it in items):
        # 责任单位（排在第一位的为牵头单位）: the heading's convention, as if written in the cell.
        label = ListItem("first_listed", start, start, "") if cell.role == "first_listed" else ListItem(
            "following", start, start, "", role=cell.role)  # fmt: skip
        # The cell ends the column's role: a role word in the next cell of the row (配合单位: …负责)
        # is not this cell's (商务部 | 各省级商务主管部门负责: 商务部 leads).
        items = [label, *items, ListItem("cell_end", end, end, "")]
    return ListReading(items, tuple(it.text for it in items if it.kind == "unread"))


def table_titles(norm: NormalizedText, units: list[Unit], sentences: list[Sentence]) -> None:
    """Apply the title rule to task tables (codebook §1), in place: a task cell is a title only
    when a later task cell of its row holds the row's measures (重点任务 | 具体措施), or its first
    line is a heading over the lines after it (推进农村电商发展 / 建设…。); a row's task under a 序号
    merged over several rows is a task of its own, never the unit's title."""
    later: set[tuple[int, int]] = set()  # (table, row) of rows with two task cells
    seen: dict[tuple[int, int], int] = {}
    for cell in norm.cells:
        if cell.column == "task":
            key = (cell.table, cell.row)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                later.add(key)
    by_path = {u.path: u for u in units}
    for sentence in sentences:
        if not sentence.is_title:
            continue
        cell = norm.cell_at(sentence.start)
        if cell is None or cell.column != "task" or (cell.table, cell.row) in later:
            continue
        if _heading_line(norm, sentence, cell):
            continue
        sentence.is_title = False
        if (unit := by_path.get(sentence.path)) is not None:
            unit.title = ""
    _lead_in_titles(norm, by_path, sentences)


def _heading_line(norm: NormalizedText, sentence: Sentence, cell: CellSpan) -> bool:
    """Whether a title-like sentence is its task cell's first line and heads more lines of it."""
    text = norm.text
    if "，" in text[sentence.start : sentence.end]:
        return False
    before = sentence.start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    after = sentence.end
    while after < len(text) and text[after].isspace():
        after += 1
    first = before < 0 or norm.cell_at(before) is not cell
    return first and "\n" in text[sentence.end : after] and after < len(text) and norm.cell_at(after) is cell


def _lead_in_titles(norm: NormalizedText, by_path: dict[str, Unit], sentences: list[Sentence]) -> None:
    """A task cell whose numbered items follow a first sentence (推进数据基础设施建设。 1.加快… 2.建设…):
    that sentence, comma-free and its row's only one, heads the items as a title does (codebook §1)."""
    by_unit: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_unit.setdefault(sentence.path, []).append(sentence)
    for path, own in by_unit.items():
        if len(own) != 1 or own[0].is_title or (unit := by_path.get(path)) is None:
            continue
        first = own[0]
        cell = norm.cell_at(first.start)
        text = norm.text[first.start : first.end]
        if cell is None or cell.column != "task" or "，" in text:
            continue
        items = [s for p, ss in by_unit.items() if p.startswith(path + ".") for s in ss]
        if items and all(norm.cell_at(s.start) is cell for s in items):
            first.is_title = True
            unit.title = re.sub(r"\s+", "", text)
