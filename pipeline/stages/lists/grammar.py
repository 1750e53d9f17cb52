"""Reading a responsibility list: a bracket or a line of body names, role words and conventions.

The grammar (docs/codebook.md §5), over the working text::

    list     := sentence (。 sentence)*
    sentence := document_rule | group (；group)*
    group    := [label] names (role | 等…)* [convention] [deadline]
    names    := name (separator name)*

A name is a lexicon body, a generic or local pattern, or a piece that ends in an organ suffix
(``lexicons/body_patterns.csv``); 等 / 等部门 close a run of names, not the list. Conventions
(列第一位者为牵头部门, 下同, 以下…不再列出) are the rows of ``lexicons/list_conventions.csv``. What
the grammar cannot place is kept as an ``unread`` item: a bracket is a list when most of its
pieces read as names and role words, and a list read only in part is flagged, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...lexicon.matching import longest_matches
from ...lexicon.model import Lexicon
from ...lexicon.words import alternation
from ...types import ItemKind, ListContext, ListItem, TextSlice
from .pieces import (
    MAX_NAME,
    MAX_PREFIX,
    MIN_NAME,
    ROLE_ITEMS,
    distribute,
    mark_unknown_verbs,
    share_branch,
    share_group_prefix,
    starts_with_verb,
)

# Nested brackets inside a list belong to the name they follow: 县发改局（粮食局）, 各县（市、区）人民政府.
_PAIRS = {"（": "）", "〔": "〕", "[": "]", "【": "】", "“": "”", "《": "》"}


def _bare_unit(lexicon: Lexicon) -> re.Pattern[str]:
    """A bracket of bare administrative units qualifies the name before it: 镇（街道）, 县（市、区）
    (document_words.csv bare_unit, bare_unit_prefix)."""
    w = lexicon.words
    return re.compile(rf"(?:{alternation(w.bare_unit_prefix)})?(?:{alternation(w.bare_unit)})+")


@dataclass(frozen=True)
class ListReading:
    """A list read by :func:`read_list`: its items in order, and what could not be read."""

    items: list[ListItem]
    unread: tuple[str, ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        """``partial_list`` when some pieces could not be read."""
        return ("partial_list",) if self.unread else ()


def _close(seg: str, i: int) -> int:
    """The offset after the bracket opened at ``seg[i]`` (nested ones included), or the end."""
    depth = 0
    opener, closer = seg[i], _PAIRS[seg[i]]
    for j in range(i, len(seg)):
        if seg[j] == opener:
            depth += 1
        elif seg[j] == closer:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(seg)


class _Tokenizer:
    """Splits ``text[start:end]`` into list items, left to right; one instance per span."""

    def __init__(self, lexicon: Lexicon, text: str, start: int, end: int):
        self.lexicon, self.text, self.base = lexicon, text, start
        self.seg = text[start:end]
        self.bodies = {s: (e, k) for s, e, k in longest_matches(lexicon.body_automaton, self.seg)}
        self.roles = {s: (e, k) for s, e, k in longest_matches(lexicon.role_automaton, self.seg)}
        self.items: list[ListItem] = []
        self.pending: int | None = None  # where the piece being read began
        self.merged = False  # the piece holds a lexicon name inside a longer one

    def item(self, kind: ItemKind, s: int, e: int, **kw: object) -> ListItem:
        """A list item of ``seg[s:e]``, at its offsets in the working text."""
        return ListItem(kind, self.base + s, self.base + e, self.seg[s:e], **kw)

    def flush(self, at: int) -> None:
        """Classify the piece read since ``self.pending``: deadline, name or unread."""
        if self.pending is None:
            return
        s, self.pending = self.pending, None
        while s < at and self.seg[s].isspace():
            s += 1
        e = at
        while e > s and self.seg[e - 1].isspace():
            e -= 1
        if e <= s:
            return
        piece = self.seg[s:e]
        if any(p.fullmatch(piece) for p, edge in self.lexicon.deadlines if edge in {"any", "list", "start"}):
            self.items.append(self.item("deadline", s, e))
            return
        kind = self.lexicon.kind_of_unknown(piece) if len(piece) >= MIN_NAME else None
        if kind == "unknown" and self.merged:
            kind = "local"  # a lexicon name with a place or a level around it: 郑州铁路局, 市残联
        self.merged = False
        self.items.append(self.item("body", s, e, name_kind=kind) if kind else self.item("unread", s, e))

    def name_like(self, s: int, e: int) -> bool:
        return MIN_NAME <= e - s <= MAX_NAME and self.lexicon.kind_of_unknown(self.seg[s:e].strip()) is not None

    def extension(self, e: int) -> int:
        """Where the name characters after a known name end (人民银行|潍坊市中心支行)."""
        j = e
        while j < len(self.seg) and "\u4e00" <= self.seg[j] <= "\u9fff" and j not in self.roles:
            j += 1
        return j

    def run(self) -> list[ListItem]:
        seg, i = self.seg, 0
        while i < len(seg):
            body, role = self.bodies.get(i), self.roles.get(i)
            if seg[i] in _PAIRS and not role:
                i = self.bracket(i)
            elif body and self.pending is not None and self.joins_prefix(i, body[0]):
                i, self.merged = body[0], True  # 市 + 发展改革委, 哈尔滨 + 铁路局: one local name
            elif body and (not role or body[0] >= role[0]):
                ext = self.extension(body[0])
                if ext > body[0] and self.name_like(i, ext):
                    self.pending = i if self.pending is None else self.pending
                    i, self.merged = ext, True
                    continue
                self.flush(i)
                self.items.append(self.item("body", i, body[0]))
                i = body[0]
            elif role and not self.inside_name(i, role[1]):
                self.flush(i)
                i = self.role_word(i, role)
            else:
                self.pending = i if self.pending is None else self.pending
                i += 1
        self.flush(len(seg))
        return self.items

    def bracket(self, i: int) -> int:
        """A nested bracket: part of the name before it, or the start of a piece."""
        close = _close(self.seg, i)
        last = self.items[-1] if self.items else None
        if self.pending is None and last is not None and last.kind == "body" and last.end == self.base + i:
            # 新闻出版广电总局（版权局）: the body's second name, written with it.
            self.items[-1] = replace(last, end=self.base + close, text=self.seg[last.start - self.base : close],
                                     name=last.name or last.text)  # fmt: skip
        elif self.pending is None:
            self.pending = i
        return close

    def joins_prefix(self, i: int, body_end: int) -> bool:
        """Whether the piece before a known name makes one local name with it."""
        prefix = self.seg[self.pending : i].strip()
        if not prefix or len(prefix) > MAX_PREFIX:
            return False
        whole = prefix + self.seg[i:body_end]
        return self.lexicon.kind_of_unknown(whole) is not None or self.lexicon.level_of(prefix) != "unknown"

    def inside_name(self, i: int, word: str) -> bool:
        """A word that also occurs inside names (document_words.csv inside_name: 和 与 及 由 等) in
        a name being read (工业和信息化局, 自由贸易区管委会): it splits only after a whole name."""
        if word not in self.lexicon.words.inside_name or self.pending is None:
            return False
        return not self.name_like(self.pending, i)

    def role_word(self, i: int, role: tuple[int, str]) -> int:
        end, phrase = role
        role_name, applies = self.lexicon.roles[phrase]
        kind = "role" if applies == "preceding" else applies
        self.items.append(self.item(kind, i, end, role=role_name))
        if kind != "deadline_label":
            return end
        stop = self.seg.find("；", end)  # 完成时限：…: the rest, up to ；, is the deadline
        stop = len(self.seg) if stop < 0 else stop
        if self.seg[end:stop].strip():
            self.items.append(self.item("deadline", end, stop))
        return stop


def tokenize(lexicon: Lexicon, text: str, start: int, end: int) -> list[ListItem]:
    """The items of ``text[start:end]``: names, role words, separators, deadlines, unread pieces."""
    items = _Tokenizer(lexicon, text, start, end).run()
    return mark_unknown_verbs(lexicon, share_branch(lexicon, share_group_prefix(lexicon, distribute(lexicon, items))))


def _sentences(seg: str) -> list[tuple[int, int]]:
    """Spans of ``seg`` split at 。 outside nested brackets."""
    out, begin, i = [], 0, 0
    while i < len(seg):
        if seg[i] in _PAIRS:
            i = _close(seg, i)
            continue
        if seg[i] == "。":
            out.append((begin, i))
            begin = i + 1
        i += 1
    out.append((begin, len(seg)))
    return [(s, e) for s, e in out if seg[s:e].strip()]


def rule_items(lexicon: Lexicon, text: str, start: int, end: int, hits: list) -> list[ListItem]:
    """The items of a document-wide rule (以下…均需A、B落实，不再列出): the rule, and its bodies
    marked ``persists``. ``hits``: the sentence's conventions (for its 下同).

    The rule's own words (以下任务, 均需, 落实, 不再列出) are not names: the text between them is
    read for bodies, and its role words do not count.
    """
    seg = text[start:end]
    cuts = [(m.start(), m.end()) for m, kind in lexicon.conventions_in(seg) if kind in {"rule_lead", "document_rule"}]
    later = any(kind == "rule_later" for _, kind in lexicon.conventions_in(seg))
    items = [ListItem("document_rule", start, end, seg, role="later" if later else "")]
    pos = 0
    for a, b in [*sorted(cuts), (len(seg), len(seg))]:
        if a > pos:
            items += [replace(it, persists=True) for it in tokenize(lexicon, text, start + pos, start + a)
                      if it.kind == "body"]  # fmt: skip
        pos = max(pos, b)
    persist = next((m for m, kind in hits if kind == "persist"), None)
    if persist is not None:  # 下同 (list_conventions.csv persist): the rule holds for every later list
        items.append(ListItem("persist", start, end, persist.group(0)))
    return items


def _rule_start(seg: str, s: int, at: int) -> int:
    """Where the group of a rule found at ``at`` begins: after the last ； before it, or ``s``."""
    cut = seg.rfind("；", s, at)
    return s if cut < 0 else cut + 1


def read_items(lexicon: Lexicon, text: str, start: int, end: int) -> list[ListItem]:
    """All items of ``text[start:end]``, conventions and document-wide rules included."""
    items: list[ListItem] = []
    seg = text[start:end]
    for s, e in _sentences(seg):
        hits = lexicon.conventions_in(seg[s:e])
        rule_at = next((s + m.start() for m, kind in hits if kind == "document_rule"), None)
        stop = e if rule_at is None else _rule_start(seg, s, rule_at)
        pos = s
        for m, kind in hits:
            a, b = s + m.start(), s + m.end()
            if a < pos or b > stop or kind in {"rule_lead", "rule_later", "document_rule"}:
                continue
            items += tokenize(lexicon, text, start + pos, start + a)
            if kind == "person_label":  # 分管领导：张三 — no body up to the next ；
                cut = seg.find("；", b, stop)
                b = stop if cut < 0 else cut
            items.append(ListItem(kind, start + a, start + b, seg[a:b]))
            pos = b
        items += tokenize(lexicon, text, start + pos, start + stop)
        if rule_at is not None:
            items += rule_items(lexicon, text, start + stop, start + e, hits)
        items.append(ListItem("separator", start + e, start + e, "。"))
    return items[:-1] if items and items[-1].text == "。" and items[-1].start == items[-1].end else items


def read_list(lexicon: Lexicon, where: TextSlice, context: ListContext = ListContext.BRACKET) -> ListReading | None:
    """``where`` read as a responsibility list, or None when it is not one.

    Args:
        lexicon: the loaded lexicons.
        where: the span to read (a bracket's content, or a line) in the working text.
        context: where the list stands (:class:`~pipeline.types.ListContext`): a line of its own
            (``LINE``, ``CELL``) must read whole; after a sentence's end one unknown name is a list.
    Returns:
        The reading, or None when too few of its pieces are names and role words.
    """
    text, start, end = where.text, where.start, where.end
    bare = context in (ListContext.LINE, ListContext.CELL)
    cell = context is ListContext.CELL
    after_sentence = context is ListContext.AFTER_SENTENCE
    items = read_items(lexicon, text, start, end)
    kinds = {it.kind for it in items}
    bodies = [it for it in items if it.kind == "body"]
    unread = [it for it in items if it.kind == "unread"]
    if kinds & {"agent", "subject"}:
        return None
    if not bare and items and items[0].kind == "following" and (bodies or unread):
        # A label opens it (（责任单位：市委督查室、市考绩办）): a list whatever its names read as;
        # the pieces that are not names are kept and flagged, never read as text.
        return ListReading(items, tuple(it.text for it in unread))
    if not bodies:
        if kinds & {"first_listed", "persist"} and (not unread or "first_listed" in kinds):
            # A convention stated on its own: （列第一位者为牵头部门，下同）, （各项任务责任单位中，
            # 排在首位的为牵头部门，下同）: its words around the convention are not a doubt.
            return ListReading(items)
        if items and items[0].kind == "deadline_label":
            return ListReading(items)  # 完成时限：2019年底前
        return None
    known = any(not b.name_kind for b in bodies)
    has_role = bool(kinds & ROLE_ITEMS)
    written_role = any(it.kind in ROLE_ITEMS and not it.flags for it in items)
    if bare and (unread or not (written_role or cell) or items[0].kind != "body"):
        return None  # a line of its own must read whole, with a role word of roles.csv
    local = any(lexicon.level_of(b.name or b.text) != "unknown" for b in bodies)
    if not (known or has_role or len(bodies) >= 2 or local or cell or after_sentence):
        return None  # one name the lexicon lacks, alone in a bracket (（管委会）): text, not a list
    bare_unit = lexicon.derived(_bare_unit)
    if not has_role and not known and all(bare_unit.fullmatch(b.text) for b in bodies):
        return None  # 镇（街道）, 县（市、区）: the units a name covers, not a list
    if cell and not has_role and any(starts_with_verb(lexicon, b.text) for b in bodies if b.name_kind):
        return None  # 推行企业开办一网通办 ends like a name (…办) but is a task
    if len(unread) > len(bodies):
        return None  # mostly text that is not names: a parenthesis of the running text
    return ListReading(items, tuple(it.text for it in unread))


def _document_rules(lexicon: Lexicon) -> list[re.Pattern[str]]:
    """The patterns of list_conventions.csv that state a document-wide rule (``document_rule``)."""
    return [p for p, kind in lexicon.conventions if kind == "document_rule"]


def running_rule(lexicon: Lexicon, where: TextSlice) -> list[ListItem] | None:
    """A sentence of running text that is a document-wide rule (以下各项任务均需各区政府落实，不再
    列出): its items, the rule holding for the lists after it only; else None."""
    text, start, end = where.text, where.start, where.end
    segment = where.segment
    if not any(p.search(segment) for p in lexicon.derived(_document_rules)):  # most sentences: no rule
        return None
    items = rule_items(lexicon, text, start, end, lexicon.conventions_in(segment))
    if not any(it.kind == "body" for it in items):
        return None
    items[0] = replace(items[0], role="later")
    return items


def is_person_line(lexicon: Lexicon, line: str) -> bool:
    """Whether a line is a label naming a person (分管领导：张三): it holds no body."""
    return any(kind == "person_label" and m.start() == 0 for m, kind in lexicon.conventions_in(line))
