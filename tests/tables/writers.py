"""Writing a :class:`~tests.tables.content.TaskTable` as a Word table, an HTML table, a worksheet
or CSV rows, with its merges (a two-row heading, section rows merged across, cells merged down)."""

from __future__ import annotations

import html

from docx.document import Document as DocxDocument
from docx.table import Table as DocxTable

from .content import TaskTable


def covered(table: TaskTable) -> set[tuple[int, int]]:
    """The (row index, column) places of ``table.rows`` hidden under a cell merged down."""
    return {(r + k, c) for r, c, n in table.spans for k in range(1, n)}


def rowspan(table: TaskTable, r: int, c: int) -> int:
    """How many rows the cell at row index ``r``, column ``c`` of ``table.rows`` spans."""
    return next((n for rr, cc, n in table.spans if (rr, cc) == (r, c)), 1)


def docx_table(doc: DocxDocument, table: TaskTable) -> DocxTable:
    """Add ``table`` to ``doc`` as one Word table ("Table Grid"), merging its cells as written.

    Args: ``doc`` a python-docx Document; ``table`` the table. Returns the python-docx table.
    """
    top = 2 if table.group else 1
    width = len(table.heading)
    grid = doc.add_table(rows=top + len(table.rows), cols=width)
    grid.style = "Table Grid"
    if table.group:
        name, a, b = table.group
        for c, text in enumerate(table.heading):
            if a <= c <= b:
                grid.cell(1, c).text = text
            else:
                grid.cell(0, c).merge(grid.cell(1, c)).text = text  # merged down over both heading rows
        grid.cell(0, a).merge(grid.cell(0, b)).text = name
    else:
        for c, text in enumerate(table.heading):
            grid.cell(0, c).text = text
    hidden = covered(table)
    for r, row in enumerate(table.rows):
        if isinstance(row, str):
            grid.cell(top + r, 0).merge(grid.cell(top + r, width - 1)).text = row
            continue
        for c, text in enumerate(row):
            if (r, c) in hidden:
                continue
            cell = grid.cell(top + r, c)
            n = rowspan(table, r, c)
            if n > 1:
                cell = cell.merge(grid.cell(top + r + n - 1, c))  # a vertical merge (w:vMerge)
            cell.text = text
    return grid


def _cell(tag: str, text: str, **attrs: int) -> str:
    """An HTML cell ``tag`` holding ``text``, with the span ``attrs`` that are over 1."""
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items() if v > 1)
    return f"<{tag}{extra}>{html.escape(text)}</{tag}>"


def html_table(table: TaskTable, css: str = "task") -> str:
    """``table`` as an HTML ``<table>``: the heading in ``<thead>`` (Chromium repeats it on every
    printed page), section rows with ``colspan``, cells merged down with ``rowspan``.

    Args: ``table`` the table (a one-row heading); ``css`` its class. Returns the HTML.
    """
    width = len(table.heading)
    head = "<tr>" + "".join(_cell("th", h) for h in table.heading) + "</tr>"
    body, hidden = [], covered(table)
    for r, row in enumerate(table.rows):
        if isinstance(row, str):
            body.append("<tr>" + _cell("td", row, colspan=width) + "</tr>")
            continue
        cells = [_cell("td", t, rowspan=rowspan(table, r, c)) for c, t in enumerate(row) if (r, c) not in hidden]
        body.append("<tr>" + "".join(cells) + "</tr>")
    rows = "\n".join(body)
    return f'<table class="{css}" border="1" cellspacing="0">\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>'


def xlsx_sheet(book, name: str, table: TaskTable, title: str = "") -> None:  # noqa: ANN001 - xlsxwriter Workbook
    """Write ``table`` on a new sheet ``name`` of the xlsxwriter ``book``: an optional ``title``
    row merged across, the heading row, section rows merged across, cells merged down."""
    sheet = book.add_worksheet(name)
    wrap = book.add_format({"text_wrap": True, "valign": "vcenter", "border": 1})
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    width = len(table.heading)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, width - 1, 22)
    top = 0
    if title:
        sheet.merge_range(0, 0, 0, width - 1, title, bold)
        top = 1
    for c, text in enumerate(table.heading):
        sheet.write_string(top, c, text, bold)
    first = top + 1
    hidden = covered(table)
    for r, row in enumerate(table.rows):
        if isinstance(row, str):
            sheet.merge_range(first + r, 0, first + r, width - 1, row, bold)
            continue
        for c, text in enumerate(row):
            n = rowspan(table, r, c)
            if (r, c) in hidden:
                continue
            if n > 1:
                sheet.merge_range(first + r, c, first + r + n - 1, c, text, wrap)
            else:
                sheet.write_string(first + r, c, text, wrap)


def csv_rows(table: TaskTable) -> list[list[str]]:
    """The heading and the rows of a ``table`` without merges, as CSV rows."""
    return [list(table.heading), *(list(row) for row in table.rows if not isinstance(row, str))]
