"""Stage 1, normalize: decoded text → simplified working text with a map back to the input.

What it repairs, in order: full-width letters and digits become ASCII and ASCII punctuation
becomes full-width Chinese punctuation; stray spaces between Chinese characters go; page
markers (— 2 —, - 3 -, 第3页) go; lines broken inside a sentence, a word or a parenthesis
are joined, also across blank lines; finally OpenCC turns the text into simplified script,
one character for one. Every working character keeps the index of the original character
it came from, so any span maps back to the original input.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ...lexicon.model import Lexicon
from ...lexicon.script import detect_script, to_simplified, to_simplified_aligned
from ...lexicon.words import alternation
from ...types import CellSpan, Decoded, NormalizedText, cell_at
from .markers import (
    DATE_SHAPE,
    DOC_NUMBER_SHAPE,
    THIS_DOCUMENT,
    match_marker,
)
from .run_ins import LOST_BREAKS, break_run_ins

_PUNCT = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？",
          "．": ".", "［": "[", "］": "]", "\u3000": " ", "\t": " "}  # fmt: skip
_PAGE_MARKER = re.compile(
    r"^\s*(?:[—–\-－~]+\s*\d{1,4}\s*[—–\-－~]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})\s*$"
)
TERMINAL = set("。！？；：）")
_CONTINUES = set("，、（“《—")
_OPENS_NEXT = set("，。；、）”》：")
_CLAUSE_MARKS = set("，；。、")


@lru_cache(maxsize=8)
def _header_line(page_fields: tuple[str, ...]) -> re.Pattern[str]:
    """Lines of a header that stand alone even in hard-wrapped text: a page's field (发文字号：…,
    ``page_fields.csv``), a document number (浙政辦發〔2018〕45號 too: lines are joined before the
    script is converted), a date, a publication note (（此件公开发布）)."""
    return re.compile(
        rf"^(?:{alternation(page_fields)})："
        rf"|^{DOC_NUMBER_SHAPE}$|^{DATE_SHAPE}$|^（{THIS_DOCUMENT}"
    )


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.-+/")


# One character for one: full-width letters and digits → ASCII, ASCII punctuation → full-width.
_WIDTH = str.maketrans({
    **{chr(c): chr(c - 0xFEE0) for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
       for c in range(r[0], r[1] + 1)},
    **_PUNCT,
})  # fmt: skip
_DIGIT_SEP = re.compile(r"(?<=\d)[，：](?=\d)")
_SPACE = re.compile(r"\s+")
# Kangxi radicals, CJK radicals and compatibility ideographs that PDFs put for ordinary
# characters (⼀ ⼈ ⽉ ⾏): NFKC gives the ordinary character, one for one.
_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
# A Mandarin reading a mirror site glued after a character: 卫(wèi), 开区(qū). A tone mark is
# required, so (PM2.5), (AQI) and (de) stay text.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])（[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*(?: [a-zü{_TONED}]+)*）")


# The simplified radicals of the CJK Radicals Supplement that are whole characters have no NFKC
# mapping; PDFs of mainland documents put them for the character (各有关部⻔ for 各有关部门).
_RADICALS = dict(zip("⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳", "见角贝车长门韦页风飞马鱼鸟卤麦黄黾齐齿龙龟"))


def _nfkc_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _RADICALS:
        return _RADICALS[ch]
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


def _drop(chars: str, offs: list[int], spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``chars`` and ``offs`` without the characters of ``spans`` (sorted, disjoint)."""
    keep_c: list[str] = []
    keep_o: list[int] = []
    pos = 0
    for s, e in spans:
        keep_c.append(chars[pos:s])
        keep_o.extend(offs[pos:s])
        pos = e
    keep_c.append(chars[pos:])
    keep_o.extend(offs[pos:])
    return "".join(keep_c), keep_o


def _clean_line(line: str, base: int) -> tuple[list[str], list[int]]:
    """Width-normalize one line and drop spaces that do not separate ASCII words."""
    mapped = _DIGIT_SEP.sub(lambda m: "," if m.group() == "，" else ":", line.translate(_WIDTH))
    mapped = _COMPAT.sub(_nfkc_char, mapped)
    offsets = list(range(base, base + len(mapped)))
    if "（" in mapped:
        readings = [m.span() for m in _PINYIN.finditer(mapped)]
        if readings:
            mapped, offsets = _drop(mapped, offsets, readings)
    if not _SPACE.search(mapped):
        return list(mapped), offsets
    chars: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _SPACE.finditer(mapped):
        chars.extend(mapped[pos : m.start()])
        offs.extend(offsets[pos : m.start()])
        nxt = mapped[m.end() : m.end() + 1]
        if chars and _is_ascii_word(chars[-1]) and nxt and _is_ascii_word(nxt):
            chars.append(" ")
            offs.append(offsets[m.start()])
        pos = m.end()
    chars.extend(mapped[pos:])
    offs.extend(offsets[pos:])
    return chars, offs


class _Paragraph:
    """What the joining rule needs to know of the paragraph read so far, kept in O(1)."""

    def __init__(self) -> None:
        self.last_line = ""
        self.depth = 0  # open （ and “ not yet closed
        self.running = False  # holds clause punctuation: running text, not a header line
        self.labelled = False  # opened by a list's label (主责单位：…): its line end ends the list

    def add(self, line: str) -> None:
        self.last_line = line
        self.depth += line.count("（") - line.count("）") + line.count("“") - line.count("”") + line.count("〔") - line.count("〕")
        marker = match_marker(line)
        body = line[marker[2] :] if marker else line  # the 、 of 一、 is not punctuation of the text
        self.running = self.running or any(ch in _CLAUSE_MARKS for ch in body)


MAX_CELL_LINE = 120  # a table cell flattened into a line is short (as structure.MAX_BARE_LIST)
MAX_LABEL_LINE = 8  # a label alone on its line: 牵头单位：, 完成时限：, 责任领导：


def _is_cell(line: str, list_ends: tuple[str, ...]) -> bool:
    """A short line ending in a role word, with no sentence punctuation (市发改委牵头落实)."""
    return line.endswith(list_ends) and len(line) <= MAX_CELL_LINE and not _SENTENCE_PUNCT.search(line)


_SENTENCE_PUNCT = re.compile("[，。；：]")


# Hard-wrapped text: a page or a PDF broke every line at one width (the wrap width), whatever
# the sentence. A line at least WRAP_SHARE of that width long was broken by the page, not ended
# by its writer (a line ended by its writer stops short, mid-width).
WRAP_SHARE = 0.8
MIN_WRAP_WIDTH = 15  # narrower "wrapping" is a column of short lines (a table, a list of names), not prose
MIN_MEASURED_LINE = 10  # the wrap width is read from lines of at least this length (not titles, labels)
MIN_MEASURED_LINES = 5  # fewer such lines give no wrap width
WRAP_DECILES = 10  # the wrap width is the 9th decile of their lengths: near the longest, not one outlier
# Only a block of near-equal lines is hard-wrapped: at least this share of the measured lines
# reach WRAP_SHARE of the width (in text with its own line ends they scatter).
MIN_WRAPPED_SHARE = 0.3


def _joins(para: _Paragraph, nxt: str, rules: _JoinRules) -> bool:
    """Whether line ``nxt`` continues the sentence of the paragraph so far (a hard line break).

    ``rules.header_line``: a header line, which stands alone. ``rules.list_ends``: role words that
    end a responsibility list (负责, 牵头落实): a short line ending in one, with no sentence
    punctuation, is a table's 责任单位 cell and stands alone.
    """
    wrap_width, header_line, list_ends = rules.wrap, rules.header_line, rules.list_ends
    prev = para.last_line
    if not prev or not nxt or match_marker(nxt) or header_line.match(nxt) or header_line.match(prev):
        return False
    if prev.endswith("：") and len(prev) <= MAX_LABEL_LINE and not match_marker(prev):
        return True  # 牵头单位： / 市商务局 — a label and its value on two lines (a form, a table)
    if nxt.endswith("：") and len(nxt) <= MAX_LABEL_LINE:
        return False  # the next label of such a form starts its own line
    if list_ends and _is_cell(prev, list_ends):
        return False
    if list_ends and _is_cell(nxt, list_ends) and not (wrap_width and len(nxt) >= WRAP_SHARE * wrap_width):
        return False  # the cell after a paragraph that lost its 。; a full wrapped line is not one
    if prev[-1] in TERMINAL and para.depth <= 0:
        return False
    wrapped = wrap_width >= MIN_WRAP_WIDTH and len(prev) >= WRAP_SHARE * wrap_width
    if para.labelled and para.depth <= 0 and prev[-1] not in _CONTINUES and not wrapped:
        return False  # 主责单位：A；协办单位：B / 以上各项任务…: a label line ends at its line end
    return (
        prev[-1] in _CONTINUES
        or nxt[0] in _OPENS_NEXT
        or para.depth > 0
        or para.running
        or wrapped
    )


MIN_TABLE_COLUMNS = 3  # a flattened table's heading row: 序号 / 工作任务 / 责任单位 (/ 完成时限)
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")


def _table_start(raws: list[str], columns: Mapping[str, str]) -> tuple[int, bool, tuple[str, ...]] | None:
    """The line after a flattened table's heading row, whether the table numbers its rows, and
    its headings in order.

    A heading row is MIN_TABLE_COLUMNS or more consecutive lines that are each a column heading
    of ``table_columns.csv`` (blank lines between them allowed).
    """
    run: list[str] = []
    for k, raw in enumerate(raws):
        cell = raw.strip()
        if not cell:
            continue
        heading = to_simplified(cell) if len(cell) <= MAX_HEADING_CELL else ""
        if heading in columns:
            run.append(heading)
            continue
        if len(run) >= MIN_TABLE_COLUMNS:
            return k, any(columns[h] == "number" for h in run), tuple(run)
        run = []
    return None


MAX_HEADING_CELL = 6  # 序号, 工作任务, 责任单位, 完成时限


def _tab_heading_row(raws: list[str], columns: Mapping[str, str]) -> bool:
    """Whether a line is a table's heading row written with tabs (序号\t工作任务\t责任单位…)."""
    for raw in raws:
        if raw.count("\t") >= MIN_TABLE_COLUMNS - 1:
            cells = [to_simplified(c.strip()) for c in raw.split("\t") if c.strip()]
            if sum(c in columns for c in cells) >= MIN_TABLE_COLUMNS:
                return True
    return False


Line = tuple[list[str], list[int]]  # a cleaned line: its characters and their offsets in the input


def _clean_lines(raws: list[str], numbered_from: int | None, cells: frozenset[int] = frozenset()) -> list[Line]:
    """Each of ``raws`` cleaned (:func:`_clean_line`), a page marker as an empty line; from line
    ``numbered_from`` on (a table that numbers its rows) a bare number is a row number, kept, and
    so is a line of a task table's cell (``cells``: their indices; a 序号 of 1 is no page number)."""
    lines: list[Line] = []
    pos = 0
    for k, raw in enumerate(raws):
        row_number = numbered_from is not None and k >= numbered_from and _ROW_NUMBER.match(raw)
        if row_number or k in cells or not _PAGE_MARKER.match(raw):
            lines.append(_clean_line(raw.rstrip("\r"), pos))
        else:
            lines.append(([], []))
        pos += len(raw) + 1
    return lines


def _wrap_width(lines: list[Line]) -> float:
    """The width a page or PDF hard-wrapped ``lines`` at, or 0.0 if they are not hard-wrapped."""
    lengths = [len(c) for c, _ in lines if len(c) >= MIN_MEASURED_LINE]
    wrap = statistics.quantiles(lengths, n=WRAP_DECILES)[-1] if len(lengths) >= MIN_MEASURED_LINES else 0.0
    if lengths and sum(1 for n in lengths if n >= WRAP_SHARE * wrap) < MIN_WRAPPED_SHARE * len(lengths):
        wrap = 0.0
    return wrap


@dataclass(frozen=True)
class _JoinRules:
    """What decides whether a line goes on the line before it: the wrap width (:func:`_wrap_width`),
    the header lines that stand alone (:func:`_header_line`), the role words that end a line of
    names (``list_ends``) and the labels that open a list on its line (``list_labels``)."""

    wrap: float
    header_line: re.Pattern[str]
    list_ends: tuple[str, ...]
    list_labels: tuple[str, ...]


_INDENT = re.compile(r"^(?:\u3000| {2})")  # a paragraph's first-line indent (首行缩进): an ideographic or two spaces


def _indented(raws: list[str]) -> frozenset[int]:
    """The lines that open with a paragraph indent where the line before them does not: the first
    line of a paragraph (a wrapped line never has one). Where every line is indented, none counts."""
    out, before = set(), True
    for k, raw in enumerate(raws):
        if not raw.strip():
            continue
        now = bool(_INDENT.match(raw))
        if now and not before:
            out.add(k)
        before = now
    return frozenset(out)


def _join_lines(
    lines: list[Line], rules: _JoinRules, table_line: int | None, cells: frozenset[int] = frozenset(),
    indented: frozenset[int] = frozenset(),
) -> tuple[list[str], list[int], int | None]:
    """The non-empty ``lines`` joined into paragraphs where :func:`_joins` says a line goes on;
    from line ``table_line`` on (a flattened table) every line stands alone, and so does each line
    of a task table's cell (``cells``: their indices), as does the line after one. Returns the characters,
    their offsets (a break: the offset after the previous character) and where the table's first
    cell starts in the characters (None without a table). A line in ``indented`` opens a paragraph."""
    text: list[str] = []
    offsets: list[int] = []
    para = _Paragraph()
    table_at: int | None = None
    after_cell = False
    for k, (chars, offs) in enumerate(lines):
        if not chars:
            continue
        line = "".join(chars)
        in_table = table_line is not None and k >= table_line
        alone = in_table or k in cells or after_cell
        after_cell = k in cells
        if text and (alone or k in indented or not _joins(para, line, rules)):
            text.append("\n")
            offsets.append(offsets[-1] + 1 if offsets else 0)
            para = _Paragraph()
        if in_table and table_at is None:
            table_at = len(text)
        text.extend(chars)
        offsets.extend(offs)
        if not para.last_line:
            para.labelled = bool(rules.list_labels) and line.startswith(rules.list_labels)
        para.add(line)
    return text, offsets, table_at


def normalize(decoded: Decoded, lexicon: Lexicon) -> NormalizedText:
    """Turn a decoded input into the simplified working text with its offset map.

    The lexicon gives the words that decide where lines join:

    - ``list_ends``: role words that may end a line made only of a list (the ``preceding`` role
      words), in either script; such a line is not joined to the next.
    - ``table_columns``: column headings of task tables (``table_columns.csv``): after a row of
      them a flattened table follows, one cell per line, so no line is joined and bare row
      numbers (1, 2, 3) are kept (elsewhere a bare number is a page number).
    - ``page_field_names``: the field names of a web page's metadata block: a line opening
      with one and ： stands alone.
    - ``list_labels``: the labels that open a list on its line (责任单位：, 主责单位：), in either
      script: such a line ends at its line end, unless it is a full line of hard-wrapped text
      or ends in 、 or ，.

    Args:
        decoded: the input, decoded to text.
        lexicon: the lexicon whose words are named above.
    Returns:
        The working text, its offset map into ``decoded.text`` and the script.
    """
    table_columns = lexicon.table_columns
    original = decoded.text
    raws = original.split("\n")
    cells = _cell_lines(raws, decoded.cells, decoded.row_spans)
    # A file read as tables (decoded.cells) says where its tables are: no table is looked for in its lines.
    if table_columns and not decoded.cells and "\t" in original and _tab_heading_row(raws, table_columns):
        raws = re.split("[\n\t]", original)  # a table copied with tabs: one cell per line (a tab is one character, as a break)
    table = _table_start(raws, table_columns) if table_columns and not decoded.cells else None
    table_line = table[0] if table is not None else None
    lines = _clean_lines(raws, table_line if table is not None and table[1] else None, cells)
    rules = _JoinRules(_wrap_width(lines), _header_line(lexicon.page_field_names), lexicon.list_ends, lexicon.list_labels)
    text, offsets, table_at = _join_lines(lines, rules, table_line, cells, _indented(raws))
    joined, table_at, pasted = break_run_ins(text, offsets, original, table_at)
    working = to_simplified_aligned(joined)
    offsets.append(len(original))
    return NormalizedText(
        doc_id=decoded.doc_id,
        source=decoded.source,
        sha256=decoded.sha256,
        encoding=decoded.encoding,
        script=detect_script(joined, working),
        original=original,
        text=working,
        offsets=offsets,
        warnings=[*decoded.warnings, *([LOST_BREAKS.format(n=pasted)] if pasted else [])],
        table_start=table_at,
        table_headings=table[2] if table is not None else (),
        cells=decoded.cells,
        ocr_spans=decoded.ocr_spans,
    )


def _cell_lines(raws: list[str], spans: tuple[CellSpan, ...], rows: tuple[tuple[int, int], ...] = ()) -> frozenset[int]:
    """The indices of the lines of ``raws`` that lie in a task table's cell, or in one of its
    rows written as text (``rows``: a title row, a form line, which no wrap joins either)."""
    if not spans:
        return frozenset()
    out: set[int] = set()
    pos = 0
    for k, raw in enumerate(raws):
        if cell_at(spans, pos) is not None or any(s <= pos < e for s, e in rows):
            out.add(k)
        pos += len(raw) + 1
    return frozenset(out)
