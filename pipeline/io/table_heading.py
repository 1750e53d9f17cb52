"""The heading row of a task table (codebook §1): the columns it names, and what each holds.

A table is a **task table** when a row among its first names at least two columns with the
headings of ``lexicons/table_columns.csv``, one of them a bodies column (序号 | 重点任务 | 牵头单位 |
配合单位 | 完成时限). A heading may stand over a second row of headings (责任单位 over 牵头单位 |
配合单位, or over the bare role words 牵头 | 配合 of ``roles.csv``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon.script import to_simplified
from ..types import ColumnKind, Table, TableCell

if TYPE_CHECKING:
    from ..lexicon.model import Lexicon

MIN_HEADINGS = 2  # a task table's heading row names at least a bodies column and one other
MAX_HEADING_ROW = 6  # the heading row is among a table's first rows (a title or two above it)
MAX_HEADING = 12  # a heading is short: 序号, 重点任务, 市级牵头单位
MAX_QUALIFIER = 4  # 市级, 县区级: what may stand before a known heading
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
FIRST_LISTED = "first_listed"  # a bodies column whose heading says its first name leads
_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_SPACE = re.compile(r"\s+")


def heading_key(text: str, columns: Mapping[str, str]) -> str:
    """The heading of ``table_columns.csv`` a heading cell names, or ''.

    Whitespace and a bracketed note are left out (序 号, 牵头单位（部门）); a heading that ends
    in a known one names it (市级牵头单位, 省级责任单位 → 牵头单位, 责任单位).
    """
    key = to_simplified(_BRACKETED.sub("", _SPACE.sub("", text)))
    if not key or len(key) > MAX_HEADING:
        return ""
    if key in columns:
        return key
    # 市级牵头单位, 省级责任单位: a short qualifier before a known heading (二、工作任务 is a section).
    head = max((h for h in columns if len(h) >= 2 and key.endswith(h)), key=len, default="")
    qualifier = key[: len(key) - len(head)]
    return head if head and len(qualifier) <= MAX_QUALIFIER and _HAN_ONLY.fullmatch(qualifier) else ""


@dataclass
class Grid:
    """A table's cells on their grid: ``owner[r][c]`` is the cell covering row r, column c."""

    table: Table
    owner: list[list[TableCell | None]]

    @classmethod
    def of(cls, table: Table) -> Grid:
        n_rows = max((c.row + c.rowspan for c in table.cells), default=0)
        n_cols = max((c.col + c.colspan for c in table.cells), default=0)
        owner: list[list[TableCell | None]] = [[None] * n_cols for _ in range(n_rows)]
        for cell in table.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if owner[r][c] is None:
                        owner[r][c] = cell
        return cls(table, owner)

    @property
    def n_cols(self) -> int:
        return len(self.owner[0]) if self.owner else 0

    def row_cells(self, r: int) -> list[TableCell]:
        """The distinct cells of row ``r`` in column order."""
        seen: dict[int, TableCell] = {}
        for cell in self.owner[r]:
            if cell is not None and id(cell) not in seen:
                seen[id(cell)] = cell
        return list(seen.values())


@dataclass
class TableColumns:
    """What a task table's columns hold: the rows of its heading, each column's kind and role."""

    heading_rows: range
    kinds: list[ColumnKind]
    roles: list[str]
    keys: list[str]


def row_keys(grid: Grid, r: int, columns: Mapping[str, str]) -> list[str]:
    return [heading_key(cell.text, columns) if cell is not None else "" for cell in grid.owner[r]]


def is_heading(keys: list[str], columns: Mapping[str, str]) -> bool:
    named = set(keys) - {""}
    return len(named) >= MIN_HEADINGS and any(columns[k] == "bodies" for k in named)


def _role_subheadings(grid: Grid, r: int, keys: list[str], lexicon: Lexicon) -> dict[int, str]:
    """The columns under a bodies heading merged across several (责任单位 over 牵头 | 配合) whose
    cell in row ``r + 1`` is a role word of ``roles.csv`` alone: column → the role it gives."""
    found: dict[int, str] = {}
    for c, key in enumerate(keys):
        above, cell = grid.owner[r][c], grid.owner[r + 1][c]
        if not key or lexicon.table_columns.get(key) != "bodies" or above is None or above.colspan < 2:
            continue
        if cell is None or cell is above:
            continue
        word = lexicon.roles.get(to_simplified(_SPACE.sub("", cell.text)))
        if word is not None and word.role:
            found[c] = word.role
    return found


def find_columns(grid: Grid, lexicon: Lexicon) -> TableColumns | None:
    """The heading row of a task table (one row, or two when headings stand over others:
    责任单位 over 牵头单位 | 配合单位), or None for a table that is not one."""
    columns = lexicon.table_columns
    for r in range(min(MAX_HEADING_ROW, len(grid.owner))):
        keys = row_keys(grid, r, columns)
        if not is_heading(keys, columns):
            continue
        last = r
        role_words: dict[int, str] = {}
        if r + 1 < len(grid.owner):
            below = row_keys(grid, r + 1, columns)
            role_words = _role_subheadings(grid, r, keys, lexicon)
            # The row below is a heading row too when each of its cells is a heading, a role word
            # under a merged bodies heading, or the same cell as above (序号 merged over both rows).
            spans_all = len(grid.row_cells(r + 1)) == 1  # a row merged across: a section, never headings
            if not spans_all and (any(below) or role_words) and all(
                    k or c in role_words or grid.owner[r + 1][c] is grid.owner[r][c]
                    or grid.owner[r + 1][c] is None
                    for c, k in enumerate(below)):  # fmt: skip
                keys = [b or k for k, b in zip(keys, below)]
                last = r + 1
            else:
                role_words = {}
        kinds: list[ColumnKind] = [columns.get(k, "other") if k else "other" for k in keys]  # type: ignore[misc]
        roles = [role_words.get(c) or lexicon.table_roles.get(k, "") for c, k in enumerate(keys)]
        for c, kind in enumerate(kinds):  # 责任单位（排在第一位的为牵头单位）: the column's own convention
            heading = grid.owner[last][c] or grid.owner[r][c]
            if kind == "bodies" and heading is not None and any(
                    k == "first_listed" for _, k in lexicon.conventions_in(to_simplified(heading.text))):  # fmt: skip
                roles[c] = FIRST_LISTED
        return TableColumns(range(r, last + 1), kinds, roles, keys)
    return None

