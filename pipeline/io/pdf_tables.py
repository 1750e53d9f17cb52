"""The ruled tables of a PDF page (for :mod:`pipeline.io.pdf`): ruling lines from PDFium's path
objects, tables found among them by pdfplumber's table finder, cells placed on their grid, and a
table's pieces on following pages put together.

pdfplumber's own ``page.find_tables()`` first has pdfminer interpret the whole page, text and
all (about 40 to 130 ms a page, several times what PDFium takes to read the text), and on a page
turned by /Rotate it misses ruling lines. The finder here is pdfplumber's (``TableFinder``, lines
strategy, its default tolerances); only the ruling lines it is given come from PDFium, in the
same display space (rotation applied, origin top left) as the characters.
"""

from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass
from typing import Any

from ..stages.normalize.markers import match_marker
from ..types import Table, TableCell

MIN_RULING_PATHS = 3  # paths (not a background) a page draws before its tables are looked for
BACKGROUND_SHARE = 0.9  # a path this wide and this high (share of the page) is a background
STRAIGHT = 0.5  # points: a segment whose ends differ by less than this across is straight
MIN_EDGE = 1.0  # points: a shorter segment is no ruling (the end of a border drawn as a thin box;
# pdfplumber's edge_min_length_prefilter)
ORDER_SLACK = 2.0  # points: a character this far left of the one before is still in order
SPACE_GAP = 0.2  # a gap wider than this share of the height between two characters is a space
# A line of a cell that stops short of the cell's text width by more than this many character
# heights was ended by its writer (a name a line, a paragraph); a wrap fills its line.
WRAP_SLACK = 1.5
EDGE_TOLERANCE = 3.0  # points: two cell edges this close are one grid line (pdfplumber's snap)
# A table goes on over the next page when it ends low on its page, the next starts high on its
# page with the same columns, and no more than a page's furniture (a page number, a running
# head) stands between them.
LOW, HIGH = 0.6, 0.4  # shares of the page height
MAX_FURNITURE_LINES, MAX_FURNITURE_CHARS = 4, 40
_LATIN = re.compile(r"[A-Za-z]")
_SEPARATORS = re.compile(r"[、，,；;]")
_NO_LINE_START = frozenset("。，、；：？！）」』”’》〉】．,.;:?!)")  # marks a line may not open with (kinsoku)
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

Affine = tuple[float, float, float, float, float, float]


@dataclass(slots=True)
class Char:
    """A character as PDFium gives it; a real one with its place in display space (centre,
    left and right edges, height)."""

    text: str
    generated: bool
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0
    left: float = 0.0
    right: float = 0.0


def line_text(chars: list[Char]) -> str:
    """One line's characters as its text, left to right.

    A PDF may draw a line's characters out of order (LibreOffice draws the run of another font,
    “ ” of a Latin font, after the rest of the line, and both PDFium and pypdf read them where
    drawn): such a line is put in order by place, a space where two characters stand apart.
    """
    real = [c for c in chars if not c.generated]
    in_order = all(b.left >= a.left - ORDER_SLACK for a, b in zip(real, real[1:]))
    if in_order or max(c.y for c in real) - min(c.y for c in real) > 0.5 * max(c.height for c in real):
        return "".join(c.text for c in chars)  # in order, or not one line (a wrap PDFium did not see)
    out: list[str] = []
    prev: Char | None = None
    for c in sorted(real, key=lambda c: c.left):
        gap = prev is not None and c.left - prev.right > SPACE_GAP * max(c.height, prev.height)
        if gap and " " not in (c.text, out[-1]):
            out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def display_space(page: Any) -> Affine:  # noqa: ANN401 - a pypdfium2 PdfPage
    """Page space → the space of ``page`` as shown (its /Rotate applied, origin at the top left):
    ``(ax, bx, cx, ay, by, cy)`` for X = ax·x + bx·y + cx, Y = ay·x + by·y + cy."""
    left, bottom, right, top = page.get_mediabox()
    turns = (page.get_rotation() // 90) % 4
    if turns == 1:
        return (0.0, 1.0, -bottom, 1.0, 0.0, -left)
    if turns == 2:
        return (-1.0, 0.0, right, 0.0, 1.0, -bottom)
    if turns == 3:
        return (0.0, -1.0, top, -1.0, 0.0, right)
    return (1.0, 0.0, -left, 0.0, -1.0, top)


def _matrix(obj: Any, outer: tuple[float, ...]) -> tuple[float, ...]:  # noqa: ANN401
    """The object's matrix (a b c d e f) composed with that of the form holding it."""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    a, b, c, d, e, f = outer
    return (m.a * a + m.b * c, m.a * b + m.b * d, m.c * a + m.d * c, m.c * b + m.d * d,
            m.e * a + m.f * c + e, m.e * b + m.f * d + f)  # fmt: skip


def _segments(obj: Any, m: tuple[float, ...]) -> list[list[tuple[float, float]]]:  # noqa: ANN401
    """A path's subpaths as points in page space, a closed one ending where it began; the points
    of a curve are left out (a curve is no ruling)."""
    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[list[tuple[float, float]]] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        pt = (m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO or not out:
            out.append([pt])
        elif kind == raw.FPDF_SEGMENT_LINETO:
            out[-1].append(pt)
        else:  # a Bézier point: the straight run ends here
            out.append([pt])
        if raw.FPDFPathSegment_GetClose(seg) and len(out[-1]) > 1:
            out[-1].append(out[-1][0])
    return out


def ruling_edges(page: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - a pypdfium2 PdfPage
    """The page's straight horizontal and vertical path segments as pdfplumber's edges (display
    space), or none when it draws fewer than MIN_RULING_PATHS paths besides a background.

    Raw PDFium calls: a page of text holds a thousand text objects, and a Python object for
    each (``PdfPage.get_objects``) would cost about as much as reading its text.
    """
    import pypdfium2.raw as raw

    width, height = page.get_size()
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    paths: list[list[list[tuple[float, float]]]] = []
    lists = [(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, identity)]
    while lists:
        parent, count, get, outer = lists.pop()
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                lists.append((obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, _matrix(obj, outer)))
                continue
            if kind != raw.FPDF_PAGEOBJ_PATH:
                continue
            raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
            if not fill.value and not stroke.value:
                continue
            subpaths = _segments(obj, _matrix(obj, outer))
            xs = [p[0] for s in subpaths for p in s]
            ys = [p[1] for s in subpaths for p in s]
            if xs and (max(xs) - min(xs) < BACKGROUND_SHARE * width or max(ys) - min(ys) < BACKGROUND_SHARE * height):
                paths.append(subpaths)
    if len(paths) < MIN_RULING_PATHS:
        return []
    ax, bx, cx, ay, by, cy = display_space(page)
    edges: list[dict[str, Any]] = []
    for subpaths in paths:
        for points in subpaths:
            shown = [(ax * x + bx * y + cx, ay * x + by * y + cy) for x, y in points]
            for (x0, y0), (x1, y1) in zip(shown, shown[1:]):
                if abs(y1 - y0) < STRAIGHT and abs(x1 - x0) >= MIN_EDGE:
                    edges.append(_edge(min(x0, x1), max(x0, x1), (y0 + y1) / 2, (y0 + y1) / 2, "h"))
                elif abs(x1 - x0) < STRAIGHT and abs(y1 - y0) >= MIN_EDGE:
                    edges.append(_edge((x0 + x1) / 2, (x0 + x1) / 2, min(y0, y1), max(y0, y1), "v"))
    return edges


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation, "object_type": "line"}  # fmt: skip


class _Ruled:
    """What pdfplumber's TableFinder reads of a page, for the lines strategy: its edges."""

    def __init__(self, edges: list[dict[str, Any]], size: tuple[float, float]) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, *size)


def _clusters(edges: list[dict[str, Any]], key: str) -> list[list[dict[str, Any]]]:
    """Edges grouped by ``key``, each group's values within EDGE_TOLERANCE of the next."""
    groups: list[list[dict[str, Any]]] = []
    for e in sorted(edges, key=lambda e: e[key]):
        if groups and e[key] - groups[-1][-1][key] <= EDGE_TOLERANCE:
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


def _close_cut_ends(edges: list[dict[str, Any]]) -> list[float]:
    """Add a horizontal line where a table's vertical lines end together with no line across
    them, two or more of them meeting a horizontal line at their other end or across: where the
    page cuts a row, Chromium draws no border. Returns where lines were added at a table's foot
    (its last row goes on over the page)."""
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    tops = [h["top"] for h in hs]
    vs = [e for e in edges if e["orientation"] == "v"]
    tol = EDGE_TOLERANCE

    def lines(low: float, high: float) -> list[dict[str, Any]]:
        return hs[bisect.bisect_left(tops, low) : bisect.bisect_right(tops, high)]

    feet: list[float] = []
    for end in ("bottom", "top"):
        for group in _clusters(vs, end):
            y = max(e[end] for e in group) if end == "bottom" else min(e[end] for e in group)
            x0, x1 = min(v["x0"] for v in group), max(v["x0"] for v in group)
            if any(h["x1"] > x0 and h["x0"] < x1 and h["width"] > tol for h in lines(y - tol, y + tol)):
                continue  # a line there, if only in some columns (a cell merged down the others)
            lo, hi = (-tol, -tol) if end == "bottom" else (tol, tol)  # a line at its other end, or across it
            met = [v for v in group if any(h["x0"] - tol <= v["x0"] <= h["x1"] + tol
                                           for h in lines(v["top"] + lo, v["bottom"] + hi))]  # fmt: skip
            if len(_clusters(met, "x0")) < 2:
                continue
            edges.append(_edge(x0, x1, y, y, "h"))  # under all of them: a cell merged down meets none
            if end == "bottom":
                feet.append(y)
    return feet


def find_tables(page: Any) -> list[tuple[Any, bool]]:  # noqa: ANN401 - a pypdfium2 PdfPage
    """pdfplumber's tables (lines strategy) among the page's ruling lines, each with whether the
    page cut it in a row (its foot drawn by no line); [] for none."""
    edges = ruling_edges(page)
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
        return []
    feet = _close_cut_ends(edges)
    from pdfplumber.table import TableFinder

    tables = TableFinder(_Ruled(edges, page.get_size()), _SETTINGS).tables  # type: ignore[arg-type]
    return [(t, any(abs(t.bbox[3] - y) <= EDGE_TOLERANCE for y in feet)) for t in tables]


@dataclass(eq=False)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str = ""
    ends_short: bool = False  # its last line was ended by its writer, not wrapped


def _edges(values: list[float]) -> list[float]:
    """Grid lines: the values sorted, those within EDGE_TOLERANCE of the previous one dropped."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_TOLERANCE:
            out.append(v)
    return out


class Part:
    """A table's piece on one page: pdfplumber's cells placed on the grid of their edges."""

    def __init__(self, found: Any, page: int, height: float, cut: bool = False) -> None:  # noqa: ANN401
        boxes = found.cells  # of a pdfplumber Table
        self.page, self.height, self.cut = page, height, cut  # cut: its last row goes on over the page
        self.xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
        self.ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
        self.top, self.bottom = self.ys[0], self.ys[-1]
        self.n_rows, self.n_cols = len(self.ys) - 1, len(self.xs) - 1
        self.owner: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        self.cells: list[GridCell] = []
        for x0, top, x1, bottom in boxes:
            r0, r1 = self._line(self.ys, top), self._line(self.ys, bottom)
            c0, c1 = self._line(self.xs, x0), self._line(self.xs, x1)
            if r1 <= r0 or c1 <= c0 or any(self.owner[r][c] for r in range(r0, r1) for c in range(c0, c1)):
                continue
            cell = GridCell(r0, c0, r1 - r0, c1 - c0)
            self.cells.append(cell)
            for r in range(r0, r1):
                self.owner[r][c0:c1] = [cell] * (c1 - c0)

    @staticmethod
    def _line(lines: list[float], v: float) -> int:
        i = bisect.bisect_left(lines, v - EDGE_TOLERANCE)
        return min(i, len(lines) - 1)

    def cell_at(self, x: float, y: float) -> GridCell | None:
        """The cell whose box holds the point, or None (outside the table, or in no cell)."""
        if not (self.xs[0] <= x < self.xs[-1] and self.top <= y < self.bottom):
            return None
        return self.owner[bisect.bisect_right(self.ys, y) - 1][bisect.bisect_right(self.xs, x) - 1]


def cell_text(lines: list[str], ended: list[bool] | None = None) -> str:
    """A cell's lines as its text: a wrap inside a cell is no line break, so lines join with
    nothing (a space between Latin letters), except after a line its writer ended (``ended``:
    it stops short of the cell's width, as a name a line does) and before a line that opens
    with an outline marker (1. （1） ①, not a bare number a wrap left at a line's start)."""
    out = ""
    short = False  # the line before was ended by its writer
    for i, line in enumerate(s.strip() for s in lines):
        if not line:
            continue
        marker = match_marker(line)
        if out and (short or marker and (marker[0] != "arabic" or line[marker[2] - 1] in ".．、")):
            out += "\n"
        elif out and _LATIN.match(out[-1]) and _LATIN.match(line[0]):
            out += " "
        out += line
        short = bool(ended and ended[i])
    return out


def _pushed(line: str) -> bool:
    """Whether a line opens with what a wrap pushed down: a mark that may not open a line (。、）),
    or one character with such a mark after it (整治行|动。: the character went down with its mark)."""
    line = line.strip()
    return bool(line) and (line[0] in _NO_LINE_START or line[1:2] in _NO_LINE_START)


def char_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters (content order) as lines: a line ends where the next character stands lower,
    or higher, by over half a character's height."""
    lines: list[list[Char]] = []
    prev: Char | None = None
    for ch in chars:
        if prev is None or abs(ch.y - prev.y) > 0.5 * max(ch.height, prev.height):
            lines.append([])
        lines[-1].append(ch)
        prev = ch
    return lines


def cell_lines(chars: list[Char], left: float, right: float) -> tuple[list[str], list[bool]]:
    """A cell's characters (content order) as lines (:func:`char_lines`).

    Args:
        chars: the cell's characters.
        left, right: the cell's edges; its text width is taken as what lies between its widest
            line's left margin and the same margin on the right.
    Returns:
        The lines' texts, and for each whether its writer ended it (it stops short of the text
        width by over ``WRAP_SLACK`` characters, in a cell that writes no separator within a
        line, and the next line does not open with what a wrap pushed down) rather than the
        cell's width wrapping it.
    """
    lines = char_lines(chars)
    real = [[c for c in line if not c.generated] for line in lines]
    texts = [line_text(line) for line in lines]
    # A cell whose lines separate names or clauses within them (A、B、C) wraps its lines: a line
    # cut short there is a wrap that could not end on a separator (市场监管总|局、), not a name a line.
    if any(_SEPARATORS.search(t.strip()[:-1]) for t in texts):
        return texts, [False] * len(texts)
    margin = min((c.left for line in real for c in line), default=left) - left
    ended = [bool(line) and (right - margin) - max(c.right for c in line) > WRAP_SLACK * max(c.height for c in line)
             and not _pushed(texts[k + 1] if k + 1 < len(texts) else "") for k, line in enumerate(real)]  # fmt: skip
    return texts, ended


class Assembly:
    """A table being assembled from its pieces, page after page."""

    def __init__(self, part: Part) -> None:
        self.cells, self.n_rows, self.xs, self.last = list(part.cells), part.n_rows, part.xs, part
        self.heading = [self._row_text(part.owner, r) for r in range(part.n_rows)]

    @staticmethod
    def _row_text(owner: list[list[GridCell | None]], r: int) -> tuple[str, ...]:
        return tuple("".join((c.text if c else "").split()) for c in owner[r])

    def goes_on(self, part: Part, between: list[str]) -> bool:
        """Whether ``part``, first on the page after this table's last, continues it."""
        lines = [s for t in between for s in t.split("\n") if s.strip()]
        last = self.last
        return (part.page == last.page + 1 and len(part.xs) == len(self.xs)
                and all(abs(a - b) <= EDGE_TOLERANCE for a, b in zip(part.xs, self.xs, strict=True))
                and last.bottom >= LOW * last.height and part.top <= HIGH * part.height
                and len(lines) <= MAX_FURNITURE_LINES and all(len(s.strip()) <= MAX_FURNITURE_CHARS for s in lines))  # fmt: skip

    def add(self, part: Part) -> None:
        """Append ``part``'s rows: a repeated heading row left out, a row broken by the page and a
        cell merged down over the page break joined to their first piece."""
        skip = 0
        while (skip < min(part.n_rows - 1, len(self.heading)) and any(self.heading[skip])
               and self._row_text(part.owner, skip) == self.heading[skip]):  # fmt: skip
            skip += 1
        above = [self._owner_of_last(c) for c in range(len(self.xs) - 1)]
        first = [c for c in part.cells if c.row == skip]
        col0 = part.owner[skip][0] if skip < part.n_rows else None
        broken = self.last.cut or (col0 is not None and not col0.text.strip()
                                   and above[0] is not None and above[0].rowspan == 1)  # fmt: skip
        joined: set[int] = set()
        for cell in first:
            prev = above[cell.col]
            if prev is None or prev.col != cell.col or prev.colspan != cell.colspan:
                continue
            if broken:  # the row broken by the page: each piece's text goes on its first piece
                if cell.text.strip():
                    prev.text = cell_text([prev.text, cell.text], [prev.ends_short, False])
                    prev.ends_short = cell.ends_short
                prev.rowspan += cell.rowspan - 1
                joined.add(id(cell))
            elif not cell.text.strip() and prev.rowspan > 1:  # a merged cell going on
                prev.rowspan += cell.rowspan
                joined.add(id(cell))
        shift = self.n_rows - skip - (1 if broken else 0)
        for cell in part.cells:
            if cell.row < skip or id(cell) in joined:
                continue
            cell.row += shift
            self.cells.append(cell)
        self.n_rows = part.n_rows + shift
        self.last = part

    def _owner_of_last(self, col: int) -> GridCell | None:
        return next((c for c in self.cells if c.row + c.rowspan == self.n_rows
                     and c.col <= col < c.col + c.colspan), None)  # fmt: skip

    def table(self, name: str) -> Table:
        cells = sorted(self.cells, key=lambda c: (c.row, c.col))
        return Table(name, [TableCell(c.row, c.col, c.text, c.rowspan, c.colspan) for c in cells])
