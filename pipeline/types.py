"""Typed data passed between the stages.

bytes → :class:`NormalizedText` → :class:`Outline` → :class:`Segmentation` →
:class:`Detection` → :class:`Assignments` → tables. Offsets (``start``, ``end``) are
always into the *working* text (``NormalizedText.text``) unless named ``orig_*``; the
working text maps back to the original input through ``NormalizedText.offsets``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter
from typing import Literal

ItemKind = Literal[
    "body", "role", "following", "cohost", "first_listed", "persist", "close", "separator",
    "deadline_label", "deadline", "agent", "subject", "document_rule", "person_label", "unread", "cell_end",
]  # fmt: skip
"""What one element of a responsibility list is (``lexicons/roles.csv`` ``applies`` and more).

``following`` is a label (责任单位：) whose role goes to the bodies after it; ``document_rule``
a sentence whose bodies join every later list (以下…不再列出); ``unread`` a piece the reader
could not place (kept, and flagged); ``cell_end`` the end of a table cell whose names took its
column's role (牵头单位: the names of the next cell are not that label's)."""
Level = Literal["national", "province", "city", "county", "district", "township", "unknown"]

@dataclass(frozen=True)
class TextSlice:
    """``text[start:end]``: a span to read, with the working text it lies in (offsets stay the text's)."""

    text: str
    start: int
    end: int

    @property
    def segment(self) -> str:
        """The characters of the slice."""
        return self.text[self.start : self.end]


class ListContext(Enum):
    """Where a responsibility list stands, which decides how much it must read as names (codebook §5).

    ``BRACKET``: a bracket after a word, or a line opened by a label (园区（管委会） is text there);
    ``AFTER_SENTENCE``: a bracket after a sentence's end (…修订。（法规司）): one name the lexicon
    lacks is a list; ``LINE``: a line of its own with no bracket and no label (a flattened table
    cell, 市发改委牵头落实): it must read whole and carry a role word; ``CELL``: a line in a table's
    bodies column: names alone do.
    """

    BRACKET = "bracket"
    AFTER_SENTENCE = "after_sentence"
    LINE = "line"
    CELL = "cell"


ColumnKind = Literal["number", "task", "bodies", "deadline", "note", "section", "title", "other"]
"""What a task table's cell holds, by its column (``lexicons/table_columns.csv`` ``column``):
``section`` a row merged across the table (一、…), ``title`` a later table's title above its
heading row (a second sheet's 任务清单（民生保障）: it names the table), ``other`` a column no heading names."""


@dataclass(frozen=True)
class TableCell:
    """One cell of a table as read: its top-left place on the grid (0-based) and the rows and
    columns it spans (a vertical merge in Word, ``rowspan`` in HTML, a merged range in a sheet)."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A table as read from a file (Word, HTML, a spreadsheet, a ruled PDF page).

    ``name`` is how a row cites it: ``table 2`` (cells as ``table 2, row 5, column 3``) or,
    with ``sheet``, a sheet's name (cells as ``sheet 任务分工!C7``).
    """

    name: str
    cells: list[TableCell]
    sheet: bool = False


@dataclass
class TextBlock:
    """Running text as read (lines joined by ``\n``); ``ocr``: recognised from a page image, and
    ``notes``: what recognition repaired or doubted there (pipeline/io/ocr.py), one line each."""

    text: str
    ocr: bool = False
    notes: tuple[str, ...] = ()


Block = TextBlock | Table
"""A document as a reader gives it: text and tables in reading order."""


@dataclass(frozen=True)
class CellSpan:
    """Where a task table's cell stands in the decoded text (``[start, end)``), and what it holds.

    ``ref`` cites it (``table 2, row 5, column 3``, ``sheet 任务分工!C7``); ``role`` is the role
    of a bodies column (牵头单位: lead; ``first_listed`` when its heading says the first name
    leads: 责任单位（排在第一位的为牵头单位）); ``table`` numbers the task tables of the document from
    1, ``row`` is the cell's row on the grid (0-based; cells of one row share it) and ``unit`` the
    row that opened the row's unit (rows under one merged 序号 or task cell share it).
    """

    start: int
    end: int
    ref: str
    column: ColumnKind
    role: str
    table: int
    row: int
    unit: int


_cell_start = attrgetter("start")


def cell_at(cells: tuple[CellSpan, ...], pos: int) -> CellSpan | None:
    """The cell of ``cells`` (in text order) that offset ``pos`` of the decoded text lies in, or None."""
    at = bisect_right(cells, pos, key=_cell_start) - 1
    return cells[at] if at >= 0 and pos < cells[at].end else None


@dataclass
class Decoded:
    """An input's text as decoded, before any normalization.

    For a file with task tables, ``cells`` says where each of their cells stands in ``text``,
    and ``row_spans`` where their rows written as text stand (a title row, a form line, a note:
    each a line of its own, never a wrapped line); ``ocr_spans`` are the parts of ``text``
    recognised from page images (``--ocr``).
    """

    doc_id: str
    source: str
    sha256: str
    encoding: str
    text: str
    warnings: list[str] = field(default_factory=list)
    cells: tuple[CellSpan, ...] = ()
    ocr_spans: tuple[tuple[int, int], ...] = ()
    row_spans: tuple[tuple[int, int], ...] = ()


@dataclass
class NormalizedText:
    """Stage 1: the decoded input and its simplified working text.

    ``offsets[i]`` is the index in ``original`` of working character ``i``; one more
    entry maps the end of the text, so a half-open span ``[s, e)`` maps to
    ``[offsets[s], offsets[e - 1] + 1)``.
    """

    doc_id: str
    source: str
    sha256: str
    encoding: str
    script: str
    original: str
    text: str
    offsets: list[int]
    warnings: list[str] = field(default_factory=list)
    # Where a flattened table's rows begin (after its heading row: 序号 / 工作任务 / 责任单位),
    # in the working text; from there each line is a cell.
    table_start: int | None = None
    table_headings: tuple[str, ...] = ()  # that table's column headings, in order (simplified)
    # A file read as tables: where each task-table cell stands in ``original`` (Decoded.cells),
    # and the parts of ``original`` recognised from page images.
    cells: tuple[CellSpan, ...] = ()
    ocr_spans: tuple[tuple[int, int], ...] = ()

    def cell_at(self, start: int) -> CellSpan | None:
        """The task-table cell that working offset ``start`` lies in, or None."""
        if not self.cells or start >= len(self.offsets):
            return None
        return cell_at(self.cells, self.offsets[start])

    def in_ocr(self, pos: int) -> bool:
        """Whether offset ``pos`` of ``original`` was recognised from a page image."""
        return any(s <= pos < e for s, e in self.ocr_spans)


    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original input of the working span ``[start, end)``."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def orig_text(self, start: int, end: int) -> str:
        """The original-script text of the working span ``[start, end)``."""
        s, e = self.orig_span(start, end)
        return self.original[s:e]


@dataclass
class Header:
    """Metadata read from the document's header."""

    title: str = ""
    notice_title: str = ""
    doc_number: str = ""
    issuer: str = ""
    date: str = ""
    addressees: str = ""
    year: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    title_spans: list[tuple[int, int]] = field(default_factory=list)  # the title's lines in the working text


@dataclass
class Unit:
    """A numbered unit of the outline (一、 / （一） / 1. / （1） / ①)."""

    path: str
    level: int
    marker: str
    number: int
    start: int
    end: int
    title: str = ""


@dataclass
class Clause:
    """A clause: text up to ，；： or the end of its sentence (terminator excluded)."""

    start: int
    end: int
    terminator: str


@dataclass
class Sentence:
    """A sentence of a unit's text, split into clauses."""

    path: str
    paragraph: int
    start: int
    end: int
    clauses: list[Clause]
    is_title: bool = False


@dataclass
class ListItem:
    """One element of a responsibility list, in the order written.

    For a body, ``name`` is the name to resolve when it differs from the written ``text``
    (a shared ending distributed: 哈尔滨 of 哈尔滨、黑河市政府 → 哈尔滨市政府), ``name_kind`` the
    kind a name the lexicon lacks looks like (``body_patterns.csv``; empty for a lexicon
    name), and ``persists`` marks a body of a document-wide rule (以下…不再列出).
    """

    kind: ItemKind
    start: int
    end: int
    text: str
    role: str = ""
    name: str = ""
    name_kind: str = ""
    persists: bool = False
    flags: tuple[str, ...] = ()


@dataclass
class RespList:
    """A parenthesis made of body names and role words.

    ``scope`` is the unit whose measures it covers: its own unit, or for a list standing on
    a line of its own inside a sub-unit, the parent unit (a list closing a group of items).
    """

    path: str
    paragraph: int
    start: int
    end: int
    items: list[ListItem]
    scope: str = ""
    flags: tuple[str, ...] = ()  # partial_list: some pieces could not be read
    unread: tuple[str, ...] = ()  # those pieces, as written in the working text


@dataclass
class Outline:
    """Stage 2: header metadata, numbered units, sentences and responsibility lists."""

    doc_id: str
    header: Header
    units: list[Unit]
    sentences: list[Sentence]
    lists: list[RespList]
    body_start: int
    closing_start: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Token:
    """A token of the working text."""

    text: str
    start: int
    end: int


@dataclass
class Segmentation:
    """Stage 3: the working text cut into tokens by jieba inside spaCy.

    Token ``i`` is ``text[starts[i]:ends[i]]`` (whitespace is not a token); the offsets are
    kept as two lists because a plan has tens of thousands of tokens and the later stages
    need only their boundaries. :attr:`tokens` gives them as :class:`Token` objects.
    """

    doc_id: str
    text: str = field(repr=False)
    starts: list[int] = field(repr=False)
    ends: list[int] = field(repr=False)

    @property
    def tokens(self) -> list[Token]:
        """The tokens, in text order."""
        return [Token(self.text[s:e], s, e) for s, e in zip(self.starts, self.ends)]


@dataclass
class Span:
    """A detected span: a body name (BODY) or an action verb (VERB)."""

    label: str
    start: int
    end: int
    text: str
    kb_id: str = ""


@dataclass
class Detection:
    """Stage 4: body and verb spans aligned to token boundaries."""

    doc_id: str
    spans: list[Span]


@dataclass
class Measure:
    """A clause (or framing + clause) stating one action."""

    measure_id: str
    path: str
    section_title: str
    item_title: str
    start: int
    end: int
    text_simplified: str
    verb: str
    verbs: list[str]
    verb_category: str
    deadline: str = ""


@dataclass
class Assignment:
    """One (measure, body, role) row."""

    measure_id: str
    path: str
    body: str
    body_id: str
    body_en: str
    body_kind: str
    role: str
    raw: str
    marker: str
    source: str
    deadline: str
    start: int
    end: int
    level: str = "unknown"
    place: str = ""  # the administrative unit a local body belongs to (stage counterparts)
    function: str = ""  # |-joined body_ids of the national bodies it mirrors, or "government"
    flags: str = ""  # |-joined codes: partial_list, unknown_role_verb, unknown_body, no_measure


@dataclass
class Assignments:
    """Stage 5: the measures and who is responsible for them."""

    doc_id: str
    measures: list[Measure]
    assignments: list[Assignment]
    warnings: list[str] = field(default_factory=list)
    n_flagged_lists: int = 0  # lists read only in part, or with an unknown role verb
    n_unassigned: int = 0  # measures with no body
    place: str = ""  # the document's own place (stage counterparts), '' when it shows none
    place_level: str = ""  # its tier: national, province, city, county, district, unknown
