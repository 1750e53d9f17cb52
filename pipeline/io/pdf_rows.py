"""Rows a PDF table draws no line between (for :mod:`pipeline.io.pdf`).

Some tables rule their columns and the border of each section but not the rows inside it, so the
table finder sees one tall row holding several tasks: its 序号 cell writes 2 and 3 on lines of
their own, its task and bodies cells the texts of both. Such a grid row is as many rows as the
numbers its first cell writes alone on lines, cut just above each number's line; every cell of
the row gives each piece the characters that stand between two cuts.
"""

from __future__ import annotations

import re

from .pdf_tables import Char, GridCell, Part, char_lines

_ROW_NUMBER = re.compile(r"\d{1,3}")  # a bare row number, as the 序号 column writes it


def _cuts(part: Part, r: int, in_cell: dict[int, list[Char]]) -> list[float]:
    """Where grid row ``r`` is cut into rows: the tops of its first cell's numbers after the first
    (2 / 3 on lines of their own: one cut, above the 3), or [] for a row of one number."""
    first = part.owner[r][0]
    cells = {id(c): c for c in part.owner[r] if c is not None}
    if first is None or any(c.row != r or c.rowspan != 1 for c in cells.values()):
        return []
    lines = char_lines([c for c in in_cell.get(id(first), []) if not c.generated])
    texts = ["".join(c.text for c in line).strip() for line in lines]
    if len(lines) < 2 or not all(_ROW_NUMBER.fullmatch(t) for t in texts):
        return []
    numbers = [int(t) for t in texts]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return []  # 2 / 3 / 4 count on; anything else is no run of rows
    return [min(c.y - c.height / 2 for c in line) for line in lines[1:]]


def split_unruled_rows(part: Part, in_cell: dict[int, list[Char]]) -> None:
    """Cut ``part``'s grid rows that hold several numbered rows (module docstring), in place:
    its cells, grid and row count, and ``in_cell`` (a cell's characters by ``id``) for the new cells.

    Args:
        part: a table's piece on a page, its characters already placed in its cells.
        in_cell: the characters of each cell, keyed by the cell's ``id``.
    """
    cuts = {r: found for r in range(part.n_rows) if (found := _cuts(part, r, in_cell))}
    if not cuts:
        return
    offset, row = [], 0
    for r in range(part.n_rows):
        offset.append(row)
        row += len(cuts.get(r, [])) + 1
    n_rows = row
    cells: list[GridCell] = []
    for cell in part.cells:
        start = offset[cell.row]
        end = offset[cell.row + cell.rowspan] if cell.row + cell.rowspan < part.n_rows else n_rows
        if cell.row not in cuts:
            cell.row, cell.rowspan = start, end - start
            cells.append(cell)
            continue
        bounds = [float("-inf"), *cuts[cell.row], float("inf")]
        chars = in_cell.pop(id(cell), [])
        for k in range(len(bounds) - 1):
            piece = GridCell(start + k, cell.col, 1, cell.colspan)
            in_cell[id(piece)] = [c for c in chars if bounds[k] <= c.y < bounds[k + 1]]
            cells.append(piece)
    part.cells, part.n_rows = cells, n_rows
    part.owner = [[None] * part.n_cols for _ in range(n_rows)]
    for cell in cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            part.owner[r][cell.col : cell.col + cell.colspan] = [cell] * cell.colspan
