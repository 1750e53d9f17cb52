"""Stage 2, structure: header metadata and the outline of numbered units.

The outline gives every numbered unit (一、 （一） 1. （1） ①) its path, splits the text of
the units into sentences and clauses, marks titles by the codebook's rule, and picks out
the parentheses that are responsibility lists. Nesting is read from the order in which
marker kinds first appear, so any nesting of the five kinds works.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .header import parse_header
from .lexicon import Lexicon
from .list_reader import ListReading, is_person_line, read_list, running_rule
from .lists import subject_end
from .markers import match_marker
from .types import Clause, Header, ListItem, NormalizedText, Outline, RespList, Sentence, Unit

_OPEN = {"（": "）", "“": "”", "《": "》", "‘": "’", "「": "」", "【": "】"}
_CLOSERS = frozenset(_OPEN.values())
_SENTENCE_END = frozenset("。！？")
# A circular's furniture after its text: attachments, the copy list, the printing line.
_END_MATTER = re.compile(r"^(?:抄送|抄报|分送)：|^[^，。]{0,30}\d{4}年\d{1,2}月\d{1,2}日印发$")
_NOT_TEXT = re.compile(
    r"^（此件[^）]{0,10}）$|^附件[：:\d\s]|^附件$|^\d{4}年\d{1,2}月\d{1,2}日$|^[^，。；：]{2,30}(?:办公厅|办公室|人民政府|国务院)$"
)
_CLAUSE_END = frozenset("，；：")


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


def _text_or_rules(
    lexicon: Lexicon, text: str, path: str, para: int, start: int, end: int, lists: list[RespList]
) -> list[Sentence]:
    """The sentences of ``text[start:end]``; one that states a document-wide rule (以下各项任务均需
    各区政府落实，不再列出) is not a measure's sentence but a list of its own, appended to ``lists``."""
    out = []
    for sent in _sentences(text, path, para, start, end):
        items = running_rule(lexicon, text, sent.start, sent.end)
        if items is None:
            out.append(sent)
        else:
            lists.append(RespList(path, para, sent.start, sent.end, items, path))
    return out


def _preamble_rules(lexicon: Lexicon, text: str, paras: list[tuple[int, int]], first: int) -> list[RespList]:
    """Document-wide rules stated before the outline (…制定本方案。以下各项任务均需…，不再列出。)."""
    lists: list[RespList] = []
    for i in range(first):
        _text_or_rules(lexicon, text, "", i, *paras[i], lists)
    return lists


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
        reading = read_list(lexicon, text, start, end)
        if reading and reading.items[0].kind in {"following", "deadline_label"}:
            return reading
    if cell and text[end:line_end].strip():
        cell = False  # a cell ending in 。 is a sentence: the task, not its names
    if cell and lexicon.deadline_whole is not None and lexicon.deadline_whole.fullmatch(text, start, end):
        return ListReading([ListItem("deadline", start, end, text[start:end])])
    if end - start <= MAX_BARE_LIST and (cell or text.endswith(lexicon.list_ends, start, end)):
        return read_list(lexicon, text, start, end, bare=True, cell=cell)
    return None


def _in_column(reading: ListReading, column_roles: list[str], k: int) -> ListReading:
    """A table cell of names without a role word takes the role of its column (the k-th bodies column)."""
    kinds = {it.kind for it in reading.items}
    if k >= len(column_roles) or not column_roles[k] or "body" not in kinds or kinds & _ROLE_KINDS:
        return reading
    first = reading.items[0]
    label = ListItem("following", first.start, first.start, "", role=column_roles[k])
    return ListReading([label, *reading.items], reading.unread)


_ROLE_KINDS = frozenset({"role", "following", "cohost", "first_listed"})


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
    reading = read_list(lexicon, text, m.start(), stop)
    return (m.start(), reading) if reading is not None and reading.items[0].kind == "following" else None


def _ends_with_list(text: str, para: tuple[int, int], lexicon: Lexicon) -> bool:
    """Whether a paragraph ends with a responsibility list (which closes its unit's text)."""
    end = para[1]
    while end > para[0] and text[end - 1] in "。；":
        end -= 1
    parens = _top_parens(text, max(para[0], end - 400), end)
    return bool(parens) and parens[-1][1] == end and read_list(lexicon, text, parens[-1][0] + 1, end - 1) is not None


_BOOK_TITLE = re.compile(r"《([^《》]{4,80})》")
_NOTICE_OF = re.compile(r"关于印发(.{4,80}?)的(?:通知|函)")
_ATTACHMENT = re.compile(r"^附件\s*[：:]?\s*(?:\d{1,2}[\.．、]?)?\s*(.{4,80})$")
_TITLE_NOISE = re.compile(r"[\s《》〈〉“”]")


def _as_written(norm: NormalizedText, header: Header) -> str:
    """The title with the ASCII punctuation it was written with ((2019-2020年), not （2019-2020年）)."""
    if not header.title_spans:
        return header.title
    out = []
    for s, e in header.title_spans:
        for p in range(s, e):
            ch, orig = norm.text[p], norm.original[norm.offsets[p]]
            out.append(orig if orig.isascii() and not orig.isalnum() and ch != orig and not orig.isspace() else ch)
    return "".join(out)


def _plan_start(text: str, paras: list[tuple[int, int]], markers: list) -> tuple[int | None, int | None]:
    """The paragraph index of the plan's first marker (codebook §1).

    The plan's own title, when a line repeats the title a notice or an attachment line
    names (现将《X》印发…, 关于印发X的通知, 附件：1.X), resets the outline: numbered points of
    a covering notice and attachment lines before it are header.
    """
    first = next((i for i, m in enumerate(markers) if m), None)
    if first is None:
        return None, None
    names: set[str] = set()
    lines = [text[s:e].strip() for s, e in paras]
    for line in lines:
        found = [*_NOTICE_OF.findall(line), *(_ATTACHMENT.findall(line) if line.startswith("附件") else [])]
        if "印发" in line or "已经" in line:
            found += _BOOK_TITLE.findall(line)
        names.update(_TITLE_NOISE.sub("", n) for n in found)
    names.discard("")
    for j in range(first + 1, len(paras)):
        if not markers[j] and _TITLE_NOISE.sub("", lines[j]) in names:
            return next((i for i in range(j + 1, len(markers)) if markers[i]), first), j
    title_at = next((j for j in range(first) if not markers[j] and _TITLE_NOISE.sub("", lines[j]) in names), None)
    return first, title_at


def _restore_lost_heading(text: str, paras: list[tuple[int, int]], markers: list, first: int) -> int:
    """A section heading that lost its 一、: the short line before the first marker, when the
    outermost numbering later starts at 2 (重点任务 / （一）… / 二、…), is unit 1 (its marker is
    put in ``markers``). Returns the index of the first marker."""
    if first == 0:
        return first
    kind = markers[first][0]
    at = next((k for k in range(first, len(markers)) if markers[k] and markers[k][0] != kind), None)
    outer = markers[at] if at is not None else None
    # The first kind must start again under the later one (（一）（二） 二、 （一）…): it is inner.
    if at is None or not any(m and m[0] == kind and m[1] == 1 for m in markers[at + 1 :]):
        return first
    line = text[paras[first - 1][0] : paras[first - 1][1]].strip()
    seen = {m[0] for m in markers[first:] if m}
    if outer is None or outer[1] != 2 or markers[first - 1] or not (2 <= len(line) <= MAX_LOST_HEADING):
        return first
    if re.search("[，。；：]", line) or any(m and m[0] == outer[0] and m[1] == 1 for m in markers[first:]) or len(seen) < 2:
        return first
    markers[first - 1] = (outer[0], 1, paras[first - 1][0])
    return first - 1


MAX_LOST_HEADING = 30  # a section heading is short: 重点任务, 保障措施


def structure(norm: NormalizedText, lexicon: Lexicon) -> Outline:
    """Read the header and the outline of a normalized document."""
    text = norm.text
    paras = _paragraphs(text)
    markers = [match_marker(text, s) for s, _ in paras]
    first, title_at = _plan_start(text, paras, markers)
    if first is not None:
        first = _restore_lost_heading(text, paras, markers, first)
    warnings: list[str] = []
    if first is None:
        header = parse_header(text, paras, len(paras))
        return Outline(norm.doc_id, header, [], [], [], len(text), None, ["no numbered units"])
    header = parse_header(text, paras, first, title_at)
    header.title = _as_written(norm, header)
    last_marker = max(i for i, m in enumerate(markers) if m)
    closing = None
    for i in range(last_marker + 1, len(paras)):
        if _ends_with_list(text, paras[i - 1], lexicon) and subject_end(lexicon, text, *paras[i]):
            closing = i
            break
    # A flattened table's bodies columns in order (牵头单位, 配合单位): the role of a row's k-th
    # cell of names that carries no role word.
    column_roles = [lexicon.table_roles.get(h, "") for h in norm.table_headings if lexicon.table_columns.get(h) == "bodies"]
    body_cells = 0
    units: list[Unit] = []
    stack: list[tuple[str, int]] = []  # (marker kind, number) of the open units
    open_units: list[Unit] = []
    sentences: list[Sentence] = []
    lists: list[RespList] = _preamble_rules(lexicon, text, paras, first)
    for i in range(first, len(paras)):
        p_start, p_end = paras[i]
        line = text[p_start:p_end].strip()
        if _END_MATTER.search(line):
            break
        in_table = norm.table_start is not None and p_start >= norm.table_start
        if not markers[i] and (_NOT_TEXT.search(line) and not in_table or is_person_line(lexicon, line)):
            continue  # a signature, a date, （此件公开发布）, an attachment line, 分管领导：张三 (a table's
            # cell of names, 各市（州）人民政府, is not a signature)
        m = markers[i] if closing is None or i < closing else None
        content = p_start
        if closing is not None and i >= closing:
            for u in open_units:
                u.end = min(u.end, p_start)
            stack, open_units, path = [], [], ""
        elif m:
            kind, number, content = m
            kinds = [k for k, _ in stack]
            if kind in kinds:
                depth = kinds.index(kind)
                for u in open_units[depth:]:
                    u.end = p_start
                del stack[depth:], open_units[depth:]
            stack.append((kind, number))
            path = ".".join(str(n) for _, n in stack)
            unit = Unit(path, len(stack), text[p_start:content], number, p_start, len(text))
            units.append(unit)
            open_units.append(unit)
        else:
            path = ".".join(str(n) for _, n in stack)
        cell = in_table
        label = None if m else _line_list(lexicon, text, p_start, p_end, cell)
        if m or (cell and label is None):
            body_cells = 0  # a new row: its number, or its task
        if label is not None and cell:
            label = _in_column(label, column_roles, body_cells)
            body_cells += any(it.kind == "body" for it in label.items)
        if label is not None:
            # 责任单位：… on its own line (or the next ones): a list without brackets, of its unit.
            prev = lists[-1] if lists else None
            # Label lines run on into the list before them unless text stands between (a person's
            # line, 责任领导：王××, does not count: it was skipped).
            if prev and prev.path == path and not (sentences and sentences[-1].start > prev.start):
                prev.items += label.items
                prev.end = p_end
                prev.unread += label.unread
                prev.flags = tuple(dict.fromkeys(prev.flags + label.flags))
            else:
                lists.append(RespList(path, i, p_start, p_end, label.items, path, label.flags, label.unread))
            continue
        pos, stop = content, p_end
        tail = _run_in_label(lexicon, text, content, p_end)
        if tail is not None:  # 4.建设康复中心。责任单位：县残联 — the rest of the line is its list
            stop, reading = tail
            lists_after = [RespList(path, i, stop, p_end, reading.items, path, reading.flags, reading.unread)]
        else:
            lists_after = []
        for o_start, o_end in _top_parens(text, content, stop):
            reading = read_list(lexicon, text, o_start + 1, o_end - 1)
            if reading is None:
                continue
            sentences += _text_or_rules(lexicon, text, path, i, pos, o_start, lists)
            alone = not text[p_start:o_start].strip() and not text[o_end:p_end].strip("。； ")
            scope = _group_scope(path) if alone else path
            lists.append(RespList(path, i, o_start, o_end, reading.items, scope, reading.flags, reading.unread))
            pos = o_end
        sentences += _text_or_rules(lexicon, text, path, i, pos, stop, lists)
        lists += lists_after
    _mark_titles(text, units, sentences)
    if not lists:
        warnings.append("no responsibility lists found")
    closing_start = paras[closing][0] if closing is not None else None
    return Outline(
        norm.doc_id, header, units, sentences, lists, paras[first][0], closing_start, warnings
    )


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
        if hi - lo > 1 and "，" not in text[first.start : first.end]:
            first.is_title = True
            unit.title = re.sub(r"\s+", "", text[first.start : first.end])
