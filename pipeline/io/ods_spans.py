"""The merged ranges of an OpenDocument spreadsheet (.ods), which calamine reads without them.

calamine gives an .ods sheet's values but no merged ranges (it gives them for .xlsx and .xls
only), so a 牵头单位 or 目标任务 cell merged over several rows would read as one row's. The ranges
are in the sheet's XML (ODF 1.2, §9.1.4): a ``table:table-cell`` with
``table:number-rows-spanned`` / ``table:number-columns-spanned``; rows and cells repeated by
``table:number-rows-repeated`` / ``table:number-columns-repeated`` count as that many.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ROW, CELL, COVERED = f"{{{TABLE}}}table-row", f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"
SHEET, NAME = f"{{{TABLE}}}table", f"{{{TABLE}}}name"
ROWS_REPEATED, COLUMNS_REPEATED = f"{{{TABLE}}}number-rows-repeated", f"{{{TABLE}}}number-columns-repeated"
ROWS_SPANNED, COLUMNS_SPANNED = f"{{{TABLE}}}number-rows-spanned", f"{{{TABLE}}}number-columns-spanned"
HEADER_ROWS = f"{{{TABLE}}}table-header-rows"
ROW_GROUPS = {f"{{{TABLE}}}table-rows", f"{{{TABLE}}}table-row-group", HEADER_ROWS}

Range = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first column), (last row, last column)), as calamine's


def ods_merged_ranges(fh: BinaryIO, max_bytes: int) -> dict[str, list[Range]]:
    """Each sheet's merged ranges, by sheet name; empty for a file that is no readable .ods.

    Args:
        fh: the file, at any position (it is read from the start).
        max_bytes: the most the sheets' XML may hold unpacked (a larger one gives no ranges).
    Returns:
        sheet name → its merged ranges, in the file's order.
    """
    from lxml import etree

    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > max_bytes:
                return {}
            data = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return {}
    return {sheet.get(NAME, ""): _sheet_ranges(sheet) for sheet in root.iter(SHEET)}


def _rows(parent):  # noqa: ANN001, ANN202 - lxml elements
    """The sheet's rows in order, those inside header-row and row groups too."""
    for child in parent:
        if child.tag == ROW:
            yield child
        elif child.tag in ROW_GROUPS:
            yield from _rows(child)


def _sheet_ranges(sheet) -> list[Range]:  # noqa: ANN001 - an lxml element
    ranges: list[Range] = []
    r = 0
    for row in _rows(sheet):
        row_count = int(row.get(ROWS_REPEATED, "1"))
        c = 0
        for cell in row:
            if cell.tag not in (CELL, COVERED):
                continue
            repeat = int(cell.get(COLUMNS_REPEATED, "1"))
            down, across = int(cell.get(ROWS_SPANNED, "1")), int(cell.get(COLUMNS_SPANNED, "1"))
            if cell.tag == CELL and (down > 1 or across > 1):
                ranges.append(((r, c), (r + down - 1, c + across - 1)))
            c += repeat
        r += row_count
    return ranges
