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

from ...lexicon.model import Lexicon
from ...lexicon.words import alternation
from ...types import ListContext, ListItem, TextSlice
from .pieces import (
    ROLE_ITEMS,
    distribute,
    mark_unknown_verbs,
    share_branch,
    share_group_prefix,
    starts_with_verb,
)
from .scanner import PAIRS, NameScanner, Strictness, close_of


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


def tokenize(lexicon: Lexicon, text: str, start: int, end: int) -> list[ListItem]:
    """The items of ``text[start:end]``: names, role words, separators, deadlines, unread pieces."""
    items = NameScanner(lexicon, TextSlice(text, start, end), Strictness.LIST).scan() or []
    return mark_unknown_verbs(lexicon, share_branch(lexicon, share_group_prefix(lexicon, distribute(lexicon, items))))


def _sentences(seg: str) -> list[tuple[int, int]]:
    """Spans of ``seg`` split at 。 outside nested brackets."""
    out, begin, i = [], 0, 0
    while i < len(seg):
        if seg[i] in PAIRS:
            i = close_of(seg, i)
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
