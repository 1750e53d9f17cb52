"""A document's blocks (text and tables, as a reader gives them) → its decoded text, and where
each cell of a task table stands in it.

A **task table** is one whose heading row names its columns with the headings of
``lexicons/table_columns.csv`` (序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限, codebook §1).
Each of its cells is written on a line of its own and cited by a :class:`~pipeline.types.CellSpan`
saying what its column holds; the structure stage reads the rows from those. Its heading row
is not written (it is no title; the CellSpans say what it named). Any other table (a
page's frame, a metadata table, a table of figures) is written as it always was: a row a line,
its cells joined by a full-width space.

A cell merged over several rows belongs to every row it spans: a bodies, deadline or note cell
is written again in each of them (its ``ref`` stays its own top-left cell); a 序号 or task cell
only once, and the rows it spans are one unit (``CellSpan.unit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..stages.normalize.markers import match_marker
from ..stages.structure.table_units import row_numbers
from ..types import Block, CellSpan, ColumnKind, Table, TableCell, TextBlock
from .cell_names import names_on_lines
from .table_heading import Grid, TableColumns, find_columns, is_heading, row_keys

if TYPE_CHECKING:
    from ..lexicon.model import Lexicon

CELL_SEPARATOR = "　"  # the cells of a row of a table that is not a task table, on one line
# A section row's own marker that markers.py does not know: 第一部分, 第二章 (the others are
# outline markers: 一、, （一）).
_CN_NUMERAL = re.compile(r"[一二三四五六七八九十]{1,3}")
MAX_SECTION_HEADING = 40  # a section's heading is a short phrase, never a task's sentences
MAX_BARE_HEADING = 24  # a section's heading with no marker is shorter still
_PART = re.compile(r"第([一二三四五六七八九十百零〇\d]{1,4})(部分|章|篇|节)")
_SPACE = re.compile(r"\s+")
# A numbered item run on in a task cell after a sentence (…建设。 1.加快…。 2.建设…): PDF text and
# some sheets write a cell's items on one line.
_INLINE_ITEM = re.compile(r"(?<=[。；])[ \t\u3000]*(?=(\d{1,2})[.．、](?!\d))")



def _items_on_lines(text: str) -> str:
    """A task cell's numbered items each on a line of its own, when they run on after sentences
    and count 1, 2, 3 … (a cell written 推进…。 1.加快…。 2.建设…。): items, as its lines would be."""
    found = list(_INLINE_ITEM.finditer(text))
    if len(found) < 2 or [int(m.group(1)) for m in found] != list(range(1, len(found) + 1)):
        return text
    out, pos = [], 0
    for m in found:
        out.append(text[pos : m.start()])
        pos = m.end()
    out.append(text[pos:])
    return "\n".join(out)


def _cell_text(cell: TableCell) -> str:
    """A cell's text: its lines stripped, empty ones left out, tabs as spaces."""
    lines = (line.strip() for line in cell.text.replace("\t", " ").split("\n"))
    return "\n".join(line for line in lines if line)


def section_marker(text: str) -> bool:
    """Whether a row's one text opens with a section's marker (一、, （一）, 第一部分)."""
    return bool(_PART.match(text) or (m := match_marker(text)) and m[0] in ("cn", "cn_paren"))


def _is_section(grid: Grid, r: int, cols: TableColumns) -> TableCell | None:
    """The one cell of a row merged across the table (一、加强组织领导), or None."""
    cells = [c for c in grid.row_cells(r) if _cell_text(c)]
    if len(cells) != 1 or cells[0].row != r:
        return None
    cell = cells[0]
    if cell.colspan >= max(2, grid.n_cols - 1):
        return cell
    # A sheet or CSV without merges: the section's text alone in the row's first cells; or, in a
    # table that numbers its rows, a bare heading alone in the task cell (提升政务服务效能: no 序号,
    # no bodies, no sentence), a section numbered by its place.
    text = _cell_text(cell)
    if cell.col <= 1 and cols.kinds[cell.col] in ("number", "task", "other") and section_marker(text):
        return cell
    bare = cols.kinds[cell.col] == "task" and "number" in cols.kinds and len(text) <= MAX_BARE_HEADING
    return cell if bare and not any(mark in text for mark in "。；;，,\n") else None


def _marker_only(text: str) -> str | None:
    """The section marker a 序号 cell holds alone (（一）, 一、, a bare 一, 第一部分), as a marker; else None."""
    if _PART.fullmatch(text):
        return text
    if _CN_NUMERAL.fullmatch(text):
        return text + "、"  # a bare 一 in a 序号 column: the section 一、
    m = match_marker(text)
    return text if m and m[0] in ("cn", "cn_paren") and m[2] == len(text) else None


def _split_section(grid: Grid, r: int, cols: TableColumns) -> tuple[TableCell, str] | None:
    """A section row not merged across (a sheet's（一） | 稳定经济增长 | | |): its 序号 cell holds a
    section's marker alone, its task cell a heading (no 。), every other cell is empty. Returns the
    序号 cell and the section's text (marker and heading), or None."""
    cells = [c for c in grid.row_cells(r) if _cell_text(c) and c.row == r]
    if len(cells) != 2 or sorted(cols.kinds[c.col] for c in cells) != ["number", "task"]:
        return None
    number, task = sorted(cells, key=lambda c: cols.kinds[c.col] != "number")
    marker, heading = _marker_only(_cell_text(number)), _cell_text(task)
    if "。" in heading or "\n" in heading or len(heading) > MAX_SECTION_HEADING:
        return None
    if marker is None:  # 1 | 提升旅游产品供给, then rows 1.1, 1.2: a section numbered as its rows restate
        return (number, heading) if _restated_below(grid, r, cols, _cell_text(number)) else None
    return number, marker + heading


def _restated_below(grid: Grid, r: int, cols: TableColumns, number: str) -> bool:
    """Whether ``number`` (a bare 1) opens the dotted 序号 of the next numbered row (1.1)."""
    if not number.isdigit():
        return False
    for below in range(r + 1, len(grid.owner)):
        cell = next((c for c in grid.row_cells(below) if cols.kinds[c.col] == "number" and c.row == below
                     and _cell_text(c)), None)  # fmt: skip
        if cell is not None:
            below_numbers = row_numbers(_cell_text(cell))
            return len(below_numbers) == 2 and below_numbers[0] == int(number)
    return False


class _Writer:
    """The decoded text being written, with the spans of task tables' cells."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.cells: list[CellSpan] = []
        self.ocr: list[tuple[int, int]] = []
        self.rows: list[tuple[int, int]] = []  # a task table's rows written as text (its title, a form line)

    def line(self, text: str) -> tuple[int, int]:
        """Write ``text`` (one or more lines) on lines of its own; returns its span."""
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def cite(table: Table, cell: TableCell) -> str:
    """How a row cites a cell: ``table 2, row 5, column 3`` or ``sheet 任务分工!C7``."""
    if not table.sheet:
        return f"{table.name}, row {cell.row + 1}, column {cell.col + 1}"
    letters, n = "", cell.col + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"sheet {table.name}!{letters}{cell.row + 1}"


def _write_plain(writer: _Writer, grid: Grid, rows: range | None = None) -> None:
    """A table that is not a task table (or its ``rows`` only, kept in ``writer.rows``): a row a
    line (a one-cell row: its lines as they are)."""
    for r in rows if rows is not None else range(len(grid.owner)):
        cells = [c for c in grid.row_cells(r) if c.row == r or c.colspan > 1]
        texts = [_cell_text(c) for c in cells]
        span = None
        if len(cells) == 1 and texts[0]:
            span = writer.line(texts[0])
        elif any(texts):
            span = writer.line(CELL_SEPARATOR.join(" ".join(t.split("\n")) for t in texts).strip(CELL_SEPARATOR))
        if span is not None and rows is not None:
            writer.rows.append(span)


_ONCE: frozenset[str] = frozenset({"number", "task"})  # written in the first row they span only


def _grouping_column(grid: Grid, cols: TableColumns) -> int | None:
    """The first task column when it groups the rows (重点任务 | 具体措施, a 重点任务 cell merged over
    rows numbered one by one), else None: its cells head their rows as sections do (codebook §1).
    Merged with the 序号 over the same rows, it is one unit's title instead (the rows are one unit)."""
    tasks = [c for c, kind in enumerate(cols.kinds) if kind == "task"]
    numbers = [c for c, kind in enumerate(cols.kinds) if kind == "number"]
    if len(tasks) < 2 or len(numbers) != 1:
        return None
    first, number = tasks[0], numbers[0]
    for cell in grid.table.cells:
        if cell.col == first and cell.rowspan >= 2 and _cell_text(cell):
            below = grid.owner[cell.row + 1][number] if cell.row + 1 < len(grid.owner) else None
            if below is not None and below.row == cell.row + 1:  # the next row has a number of its own
                return first
    return None


MIN_ROWS_WARNED = 2  # a table of one row and a role word is a layout line, not a task table unread


def _holds_lists(grid: Grid, lexicon: Lexicon) -> bool:
    """Whether a table with no heading row looks like a task table all the same: two or more
    rows and columns, and a cell ending in a role word (市发改委牵头)."""
    if len(grid.owner) < MIN_ROWS_WARNED or grid.n_cols < 2:
        return False
    return any(_cell_text(c).endswith(lexicon.list_ends) for c in grid.table.cells)


def _write_task_table(writer: _Writer, grid: Grid, cols: TableColumns, number: int, lexicon: Lexicon) -> list[str]:
    """A task table: each cell on its own line(s), cited by a CellSpan. Returns warnings for
    the rows that give nothing to read (their cells all in columns no heading names).
    ``lexicon``: document_words.csv note_label (注, 说明: a row merged across opening so is a
    note) and the names that a space alone may separate in a bodies cell."""
    note_labels = lexicon.words.note_label
    warnings: list[str] = []
    table = grid.table
    known = writer_columns(cols)

    def put(cell: TableCell, kind: ColumnKind, role: str, row: int, unit: int) -> None:
        text = _cell_text(cell)
        if kind == "task":
            text = _items_on_lines(text)
        elif kind == "bodies":
            text = names_on_lines(text, lexicon)
        if text:
            start, end = writer.line(text)
            writer.cells.append(CellSpan(start, end, cite(table, cell), kind, role, number, row, unit))

    in_note = False
    group_col = _grouping_column(grid, cols)
    for r in range(len(grid.owner)):
        if r < cols.heading_rows.start:  # a title above the heading row
            if number == 1:  # the plan's title (or the 附件's), a form line (填报单位：…): text, which the header reads
                _write_plain(writer, grid, range(r, r + 1))
            else:  # a later table's (a second sheet's): it names the table, no unit's text
                for cell in grid.row_cells(r):
                    put(cell, "title", "", r, r)
            continue
        # The heading row, or the same headings again at the top of a later page: not text, and
        # not a title (what the columns hold is in each cell's CellSpan).
        if r in cols.heading_rows or (r >= cols.heading_rows.stop and is_heading(row_keys(grid, r, known), known)):
            continue
        section = _is_section(grid, r, cols)
        # 注：… merged across under the rows (and the rows of one cell after it): a note on the
        # table, text of its own and no section (the outline reads what it says of the lists).
        in_note = section is not None and (in_note or _cell_text(section).startswith(note_labels))
        if in_note:
            _write_plain(writer, grid, range(r, r + 1))
            continue
        if section is not None:
            put(section, "section", "", r, r)
            continue
        split = _split_section(grid, r, cols)
        if split is not None:  # its marker and heading in two cells: one section line, citing the 序号 cell
            start, end = writer.line(split[1])
            writer.cells.append(CellSpan(start, end, cite(table, split[0]), "section", "", number, r, r))
            continue
        cells = grid.row_cells(r)
        grouping = next((c for c in cells if c.col == group_col and c.row == r and _cell_text(c)), None)
        if grouping is not None:  # 重点任务 merged over rows numbered one by one: a section over them
            put(grouping, "section", "", r, r)
        cells = [c for c in cells if c.col != group_col]
        # The row's 序号 first: it opens the row's unit, whatever column a bodies cell stands in
        # (a table ordered by body: 责任单位 | 序号 | 工作任务).
        cells.sort(key=lambda c: cols.kinds[c.col] != "number")
        # The row whose 序号 (else task) cell this row's is: rows under one merged number are one unit.
        opener = next((c for c in cells if cols.kinds[c.col] == "number" and _cell_text(c)), None)
        opener = opener or next((c for c in cells if cols.kinds[c.col] == "task" and _cell_text(c)), None)
        unit = opener.row if opener is not None else r
        read = [c for c in cells if cols.kinds[c.col] not in ("note", "other") and _cell_text(c)]
        if not read and any(cols.kinds[c.col] == "other" and _cell_text(c) for c in cells):
            warnings.append(f"{table.name}, row {r + 1}: its text is in no column the reader knows; not read")
        for cell in cells:
            kind = cols.kinds[cell.col]
            if cell.row < r and kind in _ONCE:
                continue
            put(cell, kind, cols.roles[cell.col], r, unit)
    return warnings


def writer_columns(cols: TableColumns) -> dict[str, str]:
    """The column kinds a heading row repeated further down (on each page) is known by."""
    return {k: kind for k, kind in zip(cols.keys, cols.kinds) if k}


@dataclass
class Rendered:
    """A document's decoded text, its task tables' cells and its recognised (OCR) parts."""

    text: str
    cells: tuple[CellSpan, ...]
    ocr_spans: tuple[tuple[int, int], ...]
    warnings: list[str]
    row_spans: tuple[tuple[int, int], ...] = ()  # a task table's rows written as text: lines of their own


def render(blocks: list[Block], lexicon: Lexicon) -> Rendered:
    """The decoded text of a document read as blocks.

    Args:
        blocks: the document's text and tables in reading order.
        lexicon: gives the column headings of task tables (``table_columns.csv``).
    Returns:
        The text, the spans of its task tables' cells, the spans recognised from page images
        and warnings (a task table's column that no heading names, so not read).
    """
    writer = _Writer()
    warnings: list[str] = []
    n_task = 0
    for block in blocks:
        if isinstance(block, TextBlock):
            if block.text.strip():
                span = writer.line(block.text)
                if block.ocr:
                    writer.ocr.append(span)
            continue
        grid = Grid.of(block)
        cols = find_columns(grid, lexicon) if grid.owner else None
        if cols is None:
            _write_plain(writer, grid)
            if _holds_lists(grid, lexicon):
                warnings.append(f"{block.name}: no heading row names its columns (table_columns.csv), yet its "
                                "cells hold role words: read as text, a row a line")  # fmt: skip
            continue
        n_task += 1
        warnings += _write_task_table(writer, grid, cols, n_task, lexicon)
        unread = [grid.owner[cols.heading_rows.stop - 1][c] for c, k in enumerate(cols.kinds) if k == "other"]
        names = list(dict.fromkeys(_cell_text(c) for c in unread if c is not None and _cell_text(c)))
        if names:
            warnings.append(f"{block.name}: column(s) {'、'.join(names)} not read (no heading of table_columns.csv)")
    return Rendered(writer.text(), tuple(writer.cells), tuple(writer.ocr), _ocr_warnings(blocks) + warnings,
                    tuple(writer.rows))  # fmt: skip


def _ocr_warnings(blocks: list[Block]) -> list[str]:
    """One warning for a document read by OCR (never silent: its rows carry the ``ocr`` flag, and
    this says how much recognition repaired and doubted), else none."""
    pages = [b for b in blocks if isinstance(b, TextBlock) and b.ocr]
    if not pages:
        return []
    from .ocr import DOUBTFUL as OCR_DOUBTFUL

    doubted = sum(1 for b in pages for note in b.notes if ": doubtful " in note)
    repaired = sum(1 for b in pages for note in b.notes if ": doubtful " not in note)
    return [f"recognised by OCR: {len(pages)} page(s), {repaired} repair(s), {doubted} word(s) Tesseract doubted "
            f"(confidence < {OCR_DOUBTFUL}); check names and markers"]
