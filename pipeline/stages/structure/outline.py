"""Stage 2, structure: header metadata and the outline of numbered units.

The outline gives every numbered unit (一、 （一） 1. （1） ①) its path, splits the text of
the units into sentences and clauses, marks titles by the codebook's rule, and picks out
the parentheses that are responsibility lists. Nesting is read from the order in which
marker kinds first appear, so any nesting of the five kinds works.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ...lexicon.model import Lexicon
from ...lexicon.words import alternation
from ...types import (
    CellSpan,
    Clause,
    ListContext,
    ListItem,
    NormalizedText,
    Outline,
    RespList,
    Sentence,
    TextSlice,
    Unit,
)
from ..lists.grammar import ListReading, is_person_line, read_list, running_rule
from ..lists.pieces import ROLE_ITEMS
from ..lists.running import subject_end
from ..normalize.markers import ATTACHMENT, DATE_SHAPE, THIS_DOCUMENT, match_marker
from .header import HeaderBounds, parse_header
from .plan_start import as_written, plan_start, restore_lost_heading
from .signature import MAX_ISSUER
from .table_units import ROW_KIND, cell_reading, table_markers, table_titles

_OPEN = {"（": "）", "“": "”", "《": "》", "‘": "’", "「": "」", "【": "】"}
_CLOSERS = frozenset(_OPEN.values())
_SENTENCE_END = frozenset("。！？")
_CLAUSE_END = frozenset("，；：")
MAX_NOTE = 10  # the words of a publication note after 此件: （此件公开发布）, （此件不公开）


def _furniture(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line that ends the text (the copy list 抄送：…, the printing line …2016年4月4日印发, a web
    page's footer 【打印本页】【关闭窗口】), and
    a line of furniture that is not text (（此件公开发布）, 附件：…, a date, a signature such as
    国务院办公厅), from ``document_words.csv``; built once per lexicon."""
    w = lexicon.words
    end_matter = (rf"^(?:{alternation(w.copy_label)})：|^[^，。]{{0,{MAX_ISSUER}}}{DATE_SHAPE}(?:{alternation(w.printed)})$"
                  + (rf"|{alternation(w.page_end)}" if w.page_end else ""))  # fmt: skip
    not_text = (rf"^（{THIS_DOCUMENT}[^）]{{0,{MAX_NOTE}}}）$|^{ATTACHMENT}[：:\d\s]|^{ATTACHMENT}$|^{DATE_SHAPE}$"
                rf"|^[^，。；：]{{2,{MAX_ISSUER}}}(?:{alternation(w.signature_end)})$")  # fmt: skip
    return re.compile(end_matter), re.compile(not_text)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# The brackets a responsibility list is written in: （…）, 〔…〕, […] (［］ after normalize), 【…】.
_BRACKETS = {"（": "）", "〔": "〕", "[": "]", "【": "】"}
_BRACKET_MARKS = re.compile("[" + re.escape("".join(_BRACKETS) + "".join(_BRACKETS.values())) + "]")
MAX_BARE_LIST = 120  # a table cell flattened into a line (市发改委牵头落实) is short
# How far back from a paragraph's end its closing list is looked for: a list that closes a
# paragraph is shorter (the longest list of the corpora has under 100 characters), and a long
# paragraph is not scanned whole for every paragraph after the last unit.
MAX_CLOSING_LIST = 400


def _top_parens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost bracket pairs in ``text[start:end]`` as (open, close+1); brackets nest."""
    out: list[tuple[int, int]] = []
    stack: list[str] = []
    opened = 0
    for m in _BRACKET_MARKS.finditer(text, start, end):  # only the brackets, not every character
        i, ch = m.start(), m.group()
        if ch in _BRACKETS:
            if not stack:
                opened = i
            stack.append(_BRACKETS[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                out.append((opened, i + 1))
    return out


def _marks(stops: frozenset[str]) -> re.Pattern[str]:
    """The characters :func:`_pieces` acts on: brackets and quotes, and the ``stops``."""
    return re.compile("[" + re.escape("".join(sorted({*_OPEN, *_OPEN.values(), *stops}))) + "]")


_SENTENCE_MARKS, _CLAUSE_MARKS = _marks(_SENTENCE_END), _marks(_CLAUSE_END)


def _pieces(text: str, start: int, end: int, marks: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """Split ``text[start:end]`` at the stops of ``marks`` outside quotes, book titles and parentheses."""
    out: list[tuple[int, int, str]] = []
    stack: list[str] = []
    begin = start
    for m in marks.finditer(text, start, end):  # only the marks, not every character
        i = m.start()
        ch = text[i]
        if ch in _OPEN and not (ch == "“" and stack and stack[-1] == "”"):
            stack.append(_OPEN[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif not stack and ch not in _CLOSERS:
            out.append((begin, i, ch))
            begin = i + 1
    if begin < end:
        out.append((begin, end, ""))
    return [(s, e, t) for s, e, t in out if text[s:e].strip()]


def _sentences(text: str, path: str, para: int, start: int, end: int) -> list[Sentence]:
    out = []
    for s, e, _ in _pieces(text, start, end, _SENTENCE_MARKS):
        clauses = [Clause(cs, ce, t) for cs, ce, t in _pieces(text, s, e, _CLAUSE_MARKS)]
        if clauses:
            out.append(Sentence(path, para, s, e, clauses))
    return out


def _text_or_rules(lexicon: Lexicon, where: TextSlice, path: str, para: int) -> tuple[list[Sentence], list[RespList]]:
    """The sentences of ``where``, and the lists it states: a sentence that states a document-wide
    rule (以下各项任务均需各区政府落实，不再列出) is not a measure's sentence but a list of its own."""
    sentences, rules = [], []
    for sent in _sentences(where.text, path, para, where.start, where.end):
        items = running_rule(lexicon, TextSlice(where.text, sent.start, sent.end))
        if items is None:
            sentences.append(sent)
        else:
            rules.append(RespList(path, para, sent.start, sent.end, items, path))
    return sentences, rules


def _preamble_rules(lexicon: Lexicon, text: str, paras: list[tuple[int, int]], first: int) -> list[RespList]:
    """Document-wide rules and conventions stated before the outline: …制定本方案。以下各项任务均需…，
    不再列出。 or …分工如下（列第一位的为牵头单位，下同；以下各项任务均需…，不再列出）："""
    lists: list[RespList] = []
    for i in range(first):
        start, end = paras[i]
        pos = start
        for o_start, o_end in _top_parens(text, start, end):
            reading = read_list(lexicon, TextSlice(text, o_start + 1, o_end - 1))
            kinds = {it.kind for it in reading.items} if reading else set()
            if reading is None or not kinds & {"first_listed", "persist", "document_rule"}:
                continue
            lists += _text_or_rules(lexicon, TextSlice(text, pos, o_start), "", i)[1]
            rule_only = [it for it in reading.items if it.kind != "body" or it.persists]  # no list of its own
            lists.append(RespList("", i, o_start, o_end, rule_only, ""))
            pos = o_end
        lists += _text_or_rules(lexicon, TextSlice(text, pos, end), "", i)[1]
    return lists


def _note_label(lexicon: Lexicon) -> re.Pattern[str] | None:
    """注：, 说明： opening a line (document_words.csv note_label)."""
    return re.compile(f"^(?:{alternation(lexicon.words.note_label)})[：:]") if lexicon.words.note_label else None


def note_lines(lexicon: Lexicon, text: str, paras: list[tuple[int, int]], markers: list, cells: list) -> set[int]:
    """The paragraphs of notes (document_words.csv note_label): a line opening with 注：/说明：, and
    when the label stands alone (注： / 1.… / 2.… under a table), the numbered lines after it. They
    are notes on the table or the lists, not units: their numbers open none."""
    label = lexicon.derived(_note_label)
    found: set[int] = set()
    alone = False  # after a label on its own line (注：), its numbered lines are the note's
    for i, (start, end) in enumerate(paras):
        line = text[start:end].strip()
        opens = cells[i] is None and label is not None and label.match(line) is not None
        if opens or (alone and markers[i] and cells[i] is None):
            found.add(i)
            alone = (opens and label.match(line).end() == len(line)) or (alone and not opens)
        else:
            alone = False
    return found


def _convention_notes(lexicon: Lexicon, text: str, paras: list[tuple[int, int]], first: int,
                      notes: set[int]) -> list[RespList]:  # fmt: skip
    """The first-listed convention stated for the whole document outside any list: a sentence of
    the preamble, or a note anywhere (document_words.csv note_label: 注：…, 说明：…), that says the
    first body listed leads (说明：责任单位栏中排在首位的为牵头单位，其余为配合单位。 above a table,
    注：1.责任单位中排在首位的为牵头单位… under it). Each is a list of the convention alone, put
    before every list: it holds for all of them, wherever the note stands."""
    found: list[RespList] = []
    for i, (start, end) in enumerate(paras):
        line = text[start:end].strip()
        if not (i < first or i in notes) or "（" in line or "(" in line:
            continue  # a bracket of conventions is read as a list (_preamble_rules)
        for m, kind in lexicon.conventions_in(line):
            if kind == "first_listed":
                at = text.index(line, start) + m.start()
                item = ListItem("first_listed", at, at + len(m.group()), m.group())
                found.append(RespList("", i, item.start, item.end, [item], ""))
                break
    return found


def _group_scope(path: str) -> str:
    """The unit a list on a line of its own covers: the parent of a sub-unit, else its unit."""
    return path.rsplit(".", 1)[0] if "." in path else path


def _line_list(lexicon: Lexicon, text: str, start: int, end: int, cell: bool = False) -> ListReading | None:
    """A paragraph that is a list: opened by a label (责任单位：, 牵头单位：, 完成时限：), or a
    short line made only of names and a role word (a table's 责任单位 column: 市发改委牵头落实).

    ``cell``: the line is a cell of a flattened table (``NormalizedText.table_start``): names
    alone make a list there (市人社局、市教育局), and a deadline alone (持续推进) is the deadline
    of the list before it.
    """
    line_end = end
    while end > start and text[end - 1] in "。；":
        end -= 1
    if lexicon.line_label.match(text, start):
        reading = read_list(lexicon, TextSlice(text, start, end))
        if reading and reading.items[0].kind in {"following", "deadline_label"}:
            return reading
    if cell and text[end:line_end].strip():
        cell = False  # a cell ending in 。 is a sentence: the task, not its names
    if cell and lexicon.deadline_whole is not None and lexicon.deadline_whole.fullmatch(text, start, end):
        return ListReading([ListItem("deadline", start, end, text[start:end])])
    if end - start <= MAX_BARE_LIST and (cell or text.endswith(lexicon.list_ends, start, end)):
        return read_list(lexicon, TextSlice(text, start, end), ListContext.CELL if cell else ListContext.LINE)
    return None


def _in_column(reading: ListReading, column_roles: list[str], k: int) -> ListReading:
    """A table cell of names without a role word takes the role of its column (the k-th bodies column)."""
    kinds = {it.kind for it in reading.items}
    if k >= len(column_roles) or not column_roles[k] or "body" not in kinds or kinds & ROLE_ITEMS:
        return reading
    first = reading.items[0]
    label = ListItem("following", first.start, first.start, "", role=column_roles[k])
    return ListReading([label, *reading.items], reading.unread)


def _run_in_label(lexicon: Lexicon, text: str, start: int, end: int) -> tuple[int, ListReading] | None:
    """A label list run on after a sentence of the line: where it starts, and its reading."""
    pattern = lexicon.run_in_label
    m = pattern.search(text, start, end) if pattern is not None else None
    while m is not None and any(o < m.start() < c for o, c in _top_parens(text, start, end)):
        m = pattern.search(text, m.end(), end)  # a label inside a bracket belongs to that list
    if m is None:
        return None
    stop = end
    while stop > m.start() and text[stop - 1] in "。；":
        stop -= 1
    reading = read_list(lexicon, TextSlice(text, m.start(), stop))
    return (m.start(), reading) if reading is not None and reading.items[0].kind == "following" else None


def _ends_with_list(text: str, para: tuple[int, int], lexicon: Lexicon) -> bool:
    """Whether a paragraph ends with a responsibility list (which closes its unit's text)."""
    end = para[1]
    while end > para[0] and text[end - 1] in "。；":
        end -= 1
    parens = _top_parens(text, max(para[0], end - MAX_CLOSING_LIST), end)
    return bool(parens) and parens[-1][1] == end and read_list(lexicon, TextSlice(text, parens[-1][0] + 1, end - 1)) is not None


class _Reader:
    """Builds one document's outline paragraph by paragraph; holds only that document's state."""

    def __init__(self, norm: NormalizedText, lexicon: Lexicon, paras: list[tuple[int, int]], first: int,
                 notes: set[int]) -> None:  # fmt: skip
        self.norm, self.lexicon, self.text, self.paras = norm, lexicon, norm.text, paras
        self.units: list[Unit] = []
        self.stack: list[tuple[str, int]] = []  # (marker kind, number) of the open units
        self.open_units: list[Unit] = []
        self.sentences: list[Sentence] = []
        self.lists: list[RespList] = [*_convention_notes(lexicon, norm.text, paras, first, notes),
                                      *_preamble_rules(lexicon, norm.text, paras, first)]  # fmt: skip
        # A flattened table's bodies columns in order (牵头单位, 配合单位): the role of a row's k-th
        # cell of names that carries no role word.
        self.column_roles = [lexicon.table_roles.get(h, "") for h in norm.table_headings
                             if lexicon.table_columns.get(h) == "bodies"]  # fmt: skip
        self.body_cells = 0

    @property
    def path(self) -> str:
        return ".".join(str(n) for _, n in self.stack)

    def close_all(self, at: int) -> None:
        """The closing text begins at ``at``: every open unit ends there."""
        for u in self.open_units:
            u.end = min(u.end, at)
        self.stack, self.open_units = [], []

    def open_unit(self, p_start: int, marker: tuple[str, int, int]) -> int:
        """A numbered paragraph opens a unit (closing those of its kind and inside it); returns
        where its text begins."""
        kind, number, content = marker
        kinds = [k for k, _ in self.stack]
        if kind in kinds:
            depth = kinds.index(kind)
            for u in self.open_units[depth:]:
                u.end = p_start
            del self.stack[depth:], self.open_units[depth:]
        self.stack.append((kind, number))
        unit = Unit(self.path, len(self.stack), self.text[p_start:content], number, p_start, len(self.text))
        self.units.append(unit)
        self.open_units.append(unit)
        return content

    def line_list(self, i: int, cell: bool, numbered: bool) -> bool:
        """Paragraph ``i`` as a list of its own (a label line, a table cell); whether it was one."""
        p_start, p_end = self.paras[i]
        label = None if numbered else _line_list(self.lexicon, self.text, p_start, p_end, cell)
        if numbered or (cell and label is None):
            self.body_cells = 0  # a new row: its number, or its task
        if label is None:
            return False
        if cell:
            label = _in_column(label, self.column_roles, self.body_cells)
            self.body_cells += any(it.kind == "body" for it in label.items)
        self.add_list(i, label)
        return True

    def add_list(self, i: int, reading: ListReading, scope: str | None = None) -> None:
        """Paragraph ``i``, a list of its own, joins the list before it, or starts one (covering
        ``scope``, the current unit by default)."""
        p_start, p_end = self.paras[i]
        prev = self.lists[-1] if self.lists else None
        # Label lines run on into the list before them unless text stands between (a person's
        # line, 责任领导：王××, does not count: it was skipped).
        if prev and prev.path == self.path and not (self.sentences and self.sentences[-1].start > prev.start):
            prev.items += reading.items
            prev.end = p_end
            prev.unread += reading.unread
            prev.flags = tuple(dict.fromkeys(prev.flags + reading.flags))
        else:
            self.lists.append(RespList(self.path, i, p_start, p_end, reading.items, scope or self.path,
                                       reading.flags, reading.unread))  # fmt: skip

    def table_cell(self, i: int, cell: CellSpan, content: int) -> None:
        """Paragraph ``i``, in a task table's cell: a section's title or a row's task is text,
        a cell of bodies or a deadline a list of the row (codebook §1); the rest gives nothing."""
        if cell.column in ("section", "task"):
            self.running_text(i, content)
        elif cell.column in ("bodies", "deadline") and self.stack:
            # A row's bodies cover its task cell's numbered items too (1.加快… 2.建设…: 1.1, 1.2).
            rows = [k for k, (kind, _) in enumerate(self.stack) if kind.startswith(ROW_KIND)]
            row_path = ".".join(str(n) for _, n in self.stack[: rows[-1] + 1]) if rows else self.path
            self.add_list(i, cell_reading(self.lexicon, self.text, content, self.paras[i][1], cell), row_path)

    def running_text(self, i: int, content: int) -> None:
        """The sentences of paragraph ``i`` from ``content`` on, and the lists in its brackets or
        run on after its last sentence (4.建设康复中心。责任单位：县残联)."""
        text, lexicon, path = self.text, self.lexicon, self.path
        p_start, p_end = self.paras[i]
        pos, stop = content, p_end
        tail = _run_in_label(lexicon, text, content, p_end)
        after = []
        if tail is not None:
            stop, reading = tail
            after = [RespList(path, i, stop, p_end, reading.items, path, reading.flags, reading.unread)]
        for o_start, o_end in _top_parens(text, content, stop):
            context = ListContext.AFTER_SENTENCE if o_start > p_start and text[o_start - 1] in "。；！？" else ListContext.BRACKET
            reading = read_list(lexicon, TextSlice(text, o_start + 1, o_end - 1), context)
            if reading is None:
                continue
            sentences, rules = _text_or_rules(lexicon, TextSlice(text, pos, o_start), path, i)
            self.sentences += sentences
            self.lists += rules
            alone = not text[p_start:o_start].strip() and not text[o_end:p_end].strip("。； ")
            scope = _group_scope(path) if alone else path
            self.lists.append(RespList(path, i, o_start, o_end, reading.items, scope, reading.flags, reading.unread))
            pos = o_end
        sentences, rules = _text_or_rules(lexicon, TextSlice(text, pos, stop), path, i)
        self.sentences += sentences
        self.lists += rules
        self.lists += after


def _closing(text: str, paras: list[tuple[int, int]], markers: list, lexicon: Lexicon) -> int | None:
    """The paragraph where the closing text begins (a subject after the last unit's list), or None."""
    last_marker = max(i for i, m in enumerate(markers) if m)
    for i in range(last_marker + 1, len(paras)):
        if _ends_with_list(text, paras[i - 1], lexicon) and subject_end(lexicon, text, *paras[i]):
            return i
    return None


def structure(norm: NormalizedText, lexicon: Lexicon) -> Outline:
    """Read the header and the outline of a normalized document.

    Args:
        norm: the normalized document (stage 1).
        lexicon: the loaded lexicons.
    Returns:
        The outline: header, numbered units, sentences and responsibility lists.
    """
    text = norm.text
    paras = _paragraphs(text)
    markers = [match_marker(text, s) for s, _ in paras]
    cells = [norm.cell_at(s) for s, _ in paras]
    extra = table_markers(text, paras, cells, markers) if norm.cells else {}
    first, title_at = plan_start(lexicon, text, paras, markers)
    if first is None:
        header = parse_header(lexicon, norm, paras, HeaderBounds(len(paras)))
        return Outline(norm.doc_id, header, [], [], [], len(text), None, ["no numbered units"])
    first = restore_lost_heading(text, paras, markers, first)
    end_matter, not_text = lexicon.derived(_furniture)
    # The text ends at the copy list, the printing line or a page's footer: the closing signature
    # is read just before it, and the outline stops there.
    end = next((i for i in range(first, len(paras)) if end_matter.search(text[slice(*paras[i])].strip())), len(paras))
    header = parse_header(lexicon, norm, paras, HeaderBounds(first, title_at, end))
    header.title = as_written(norm, header)
    closing = _closing(text, paras, markers, lexicon)
    notes = note_lines(lexicon, text, paras, markers, cells)
    reader = _Reader(norm, lexicon, paras, first, notes)
    for i in range(first, end):
        p_start, p_end = paras[i]
        if cells[i] is not None:
            content = p_start
            if (m := markers[i]) and (closing is None or i < closing):
                for opening in [m, *extra.get(i, ())]:
                    content = reader.open_unit(p_start, opening)
            reader.table_cell(i, cells[i], content)
            continue
        if i in notes:
            continue  # 注：… under a table: what it says of the lists is read before them (_convention_notes)
        line = text[p_start:p_end].strip()
        in_table = norm.table_start is not None and p_start >= norm.table_start
        if not markers[i] and (not_text.search(line) and not in_table or is_person_line(lexicon, line)):
            continue  # a signature, a date, （此件公开发布）, an attachment line, 分管领导：张三 (a table's
            # cell of names, 各市（州）人民政府, is not a signature)
        m = markers[i] if closing is None or i < closing else None
        content = p_start
        if closing is not None and i >= closing:
            reader.close_all(p_start)
        elif m:
            content = reader.open_unit(p_start, m)
        if not reader.line_list(i, in_table, bool(m)):
            reader.running_text(i, content)
    _mark_titles(text, reader.units, reader.sentences)
    if norm.cells:
        table_titles(norm, reader.units, reader.sentences)
    warnings = [] if reader.lists else ["no responsibility lists found"]
    closing_start = paras[closing][0] if closing is not None else None
    return Outline(
        norm.doc_id, header, reader.units, reader.sentences, reader.lists, paras[first][0], closing_start, warnings
    )


def _runs_on_past_list(text: str, end: int, unit_end: int) -> bool:
    """Whether the sentence piece ending at ``end`` goes on after a list set inside it
    (1.实施首贷拓展行动（主责单位：…），力争…): the piece is a clause of that sentence, not a title."""
    parens = _top_parens(text, end, unit_end)
    if not parens or parens[0][0] != end:
        return False
    close = parens[0][1]
    return close < len(text) and text[close] in "，、"


def _mark_titles(text: str, units: list[Unit], sentences: list[Sentence]) -> None:
    """Apply the title rule: a unit's comma-free first sentence, when more sentences follow."""
    # The sentences inside a unit by bisection over their starts (linear, not units × sentences).
    order = sorted(range(len(sentences)), key=lambda k: sentences[k].start)
    starts = [sentences[k].start for k in order]
    for unit in units:
        lo, hi = bisect_left(starts, unit.start), bisect_left(starts, unit.end)
        if lo >= hi or sentences[order[lo]].path != unit.path:
            continue  # no sentence, or the first one belongs to a sub-unit
        first = sentences[order[lo]]
        if hi - lo > 1 and "，" not in text[first.start : first.end] and not _runs_on_past_list(text, first.end, unit.end):
            first.is_title = True
            unit.title = re.sub(r"\s+", "", text[first.start : first.end])
