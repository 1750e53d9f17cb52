"""The one scanner of body names and role words, with the strictness each reader needs.

A scan reads a slice of the working text left to right: a lexicon name, a role word (and after a
deadline label, 完成时限：, its deadline), or a piece between them, which is a deadline, a name the
lexicon lacks (``lexicons/body_patterns.csv``) or neither. What *neither* does is the strictness:

- ``LIST``: a responsibility list (:mod:`pipeline.stages.lists.grammar`) keeps it as an
  ``unread`` item, flagged later, never dropped; it also reads nested brackets as part of a name
  (县发改局（粮食局）) and a known name's place written after it (人民银行|潍坊市中心支行);
- ``RUNNING``: a run of names in running text (:mod:`pipeline.stages.lists.running`: a paragraph's
  subject) must be names and role words only, so the scan fails;
- ``RUN_OF_NAMES``: the names after 由 in a measure end at it: the scan stops and returns what
  it read (由A、B负责开展… → A, B, 负责).

Everything it recognizes comes from the lexicons (both automata, ``kind_of_unknown``,
``deadlines.csv``, document_words.csv ``inside_name`` and ``inside_running_name``).
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from ...lexicon.matching import longest_matches
from ...lexicon.model import Lexicon
from ...types import ItemKind, ListItem, TextSlice
from .pieces import MAX_NAME, MAX_PREFIX, MIN_NAME

# Nested brackets inside a list belong to the name they follow: 县发改局（粮食局）, 各县（市、区）人民政府.
PAIRS = {"（": "）", "〔": "〕", "[": "]", "【": "】", "“": "”", "《": "》"}
# Longest name the lexicon lacks that running text (由区商务局牵头) is read for: a local
# department's name (区市场监督管理局, 人民银行潍坊市中心支行) is shorter.
MAX_RUNNING_NAME = 16
PLACE_UNITS = "省市州盟县区旗乡镇村"  # a bracket ending so is a place (高新区), not a person
DEADLINE_EDGES = frozenset({"any", "list", "start"})  # deadlines.csv edges a list's piece may be


class Strictness(Enum):
    """What a scan does with a piece that is no name, role word or deadline (module docstring)."""

    LIST = "list"
    RUNNING = "running"
    RUN_OF_NAMES = "run_of_names"


def close_of(seg: str, i: int) -> int:
    """The offset after the bracket opened at ``seg[i]`` (nested ones included), or the end."""
    depth = 0
    opener, closer = seg[i], PAIRS[seg[i]]
    for j in range(i, len(seg)):
        if seg[j] == opener:
            depth += 1
        elif seg[j] == closer:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(seg)


class _Failed(Exception):
    """A strict scan met a piece that is no name: it fails (``RUNNING``) or stops (``RUN_OF_NAMES``)."""


class NameScanner:
    """One scan of a slice: the items read so far, and the piece not yet read.

    ``i`` is the offset in the segment where reading goes on; ``pending`` where the piece that is
    no lexicon word began (None: no such piece); ``merged`` that the piece holds a lexicon name
    inside a longer one (a list's 市 + 发展改革委).
    """

    def __init__(self, lexicon: Lexicon, where: TextSlice, strictness: Strictness) -> None:
        self.lexicon, self.strictness, self.base = lexicon, strictness, where.start
        self.seg = where.segment
        self.bodies = {s: (e, k) for s, e, k in longest_matches(lexicon.body_automaton, self.seg)}
        self.roles = {s: (e, k) for s, e, k in longest_matches(lexicon.role_automaton, self.seg)}
        self.lenient = strictness is Strictness.LIST
        self.items: list[ListItem] = []
        self.pending: int | None = None
        self.merged = False
        self.i = 0

    def scan(self) -> list[ListItem] | None:
        """Read the whole slice: its items, or None where a ``RUNNING`` scan met a piece that is no name."""
        try:
            while self.i < len(self.seg):
                self._step()
            self._flush(len(self.seg))
        except _Failed:
            if self.strictness is Strictness.RUNNING:
                return None
        return self.items

    @property
    def end(self) -> int:
        """Where the scan ended, in the working text (a stopped scan: before the piece it stopped at)."""
        return self.base + self.i

    def _step(self) -> None:
        """Read what stands at ``i``: a bracket, a name, a role word or a character of the pending piece."""
        seg, i = self.seg, self.i
        body, role = self.bodies.get(i), self.roles.get(i)
        if self.lenient and seg[i] in PAIRS and not role:
            self.i = self._bracket(i)
        elif body and self.pending is not None and self._joins_prefix(i, body[0]):
            self.i, self.merged = body[0], True  # 市 + 发展改革委, 哈尔滨 + 铁路局: one local name
        elif body and (not role or body[0] >= role[0]):
            ext = self._extension(body[0]) if self.lenient else body[0]
            if ext > body[0] and self._name_like(i, ext):
                self.pending = i if self.pending is None else self.pending
                self.i, self.merged = ext, True
                return
            self._flush(i)
            self.items.append(self._item("body", i, body[0]))
            self.i = body[0]
        elif role and not self._inside_name(i, role[1]):
            self._flush(i)
            self.i = self._role_word(i, role)
        elif (self.strictness is Strictness.RUN_OF_NAMES and self.pending is not None
              and i - self.pending >= MAX_RUNNING_NAME):  # fmt: skip
            self._stop()  # too long for a name the lexicon lacks: the run ended before it
        else:
            self.pending = i if self.pending is None else self.pending
            self.i += 1

    def _stop(self) -> None:
        """End a strict scan at the pending piece: it fails, or (``RUN_OF_NAMES``) ends before it."""
        if self.pending is not None:
            self.i, self.pending = self.pending, None
        raise _Failed

    def _item(self, kind: ItemKind, s: int, e: int, **kw: object) -> ListItem:
        """An item of ``seg[s:e]``, at its offsets in the working text."""
        return ListItem(kind, self.base + s, self.base + e, self.seg[s:e], **kw)

    def _flush(self, at: int) -> None:
        """Read the pending piece (ending at ``at``): a deadline, a name the lexicon lacks, or
        neither (an ``unread`` item in a list; a strict scan stops)."""
        if self.pending is None:
            return
        s = self.pending
        while s < at and self.seg[s].isspace():
            s += 1
        e = at
        while e > s and self.seg[e - 1].isspace():
            e -= 1
        if e <= s:
            self.pending = None
            return
        piece = self.seg[s:e]
        if any(p.fullmatch(piece) for p, edge in self.lexicon.deadlines if edge in DEADLINE_EDGES):
            self.pending = None
            self.items.append(self._item("deadline", s, e))
            return
        kind = self.lexicon.kind_of_unknown(piece) if len(piece) >= MIN_NAME else None
        if kind == "unknown" and self.merged and self.lenient:
            kind = "local"  # a lexicon name with a place or a level around it: 郑州铁路局, 市残联
        self.merged = False
        if kind is None and not self.lenient:
            self._stop()
        self.pending = None
        self.items.append(self._item("body", s, e, name_kind=kind) if kind else self._item("unread", s, e))

    def _name_like(self, s: int, e: int) -> bool:
        return MIN_NAME <= e - s <= MAX_NAME and self.lexicon.kind_of_unknown(self.seg[s:e].strip()) is not None

    def _extension(self, e: int) -> int:
        """Where the name characters after a known name end (人民银行|潍坊市中心支行)."""
        j = e
        while j < len(self.seg) and "\u4e00" <= self.seg[j] <= "\u9fff" and j not in self.roles:
            j += 1
        return j

    def _bracket(self, i: int) -> int:
        """A nested bracket in a list: part of the name before it, or the start of a piece."""
        close = close_of(self.seg, i)
        last = self.items[-1] if self.items else None
        if self.seg[i] == "（" and self._person(self.seg[i + 1 : close - 1]):
            self._flush(i)  # 市数据局（王建国）: the body's person, no part of its name
            return close
        if self.pending is None and last is not None and last.kind == "body" and last.end == self.base + i:
            # 新闻出版广电总局（版权局）: the body's second name, written with it.
            self.items[-1] = replace(last, end=self.base + close, text=self.seg[last.start - self.base : close],
                                     name=last.name or last.text)  # fmt: skip
        elif self.pending is None:
            self.pending = i
        return close

    def _person(self, inner: str) -> bool:
        """Whether a bracket's text names a person (王建国): two or three Han characters opening with
        a surname (document_words.csv surname), and no name, place or unit of the lexicon."""
        lexicon = self.lexicon
        if not 2 <= len(inner) <= 3 or inner[0] not in lexicon.words.surname or inner[-1] in PLACE_UNITS:
            return False
        if not all("\u4e00" <= ch <= "\u9fff" for ch in inner) or inner in lexicon.alias_index:
            return False
        return lexicon.kind_of_unknown(inner) is None and not lexicon.places.find(inner)

    def _joins_prefix(self, i: int, body_end: int) -> bool:
        """Whether the piece before a known name makes one local name with it (in a list, also a
        place or level word before it: 市 + 残联)."""
        prefix = self.seg[self.pending : i].strip()
        if not prefix or len(prefix) > MAX_PREFIX:
            return False
        if self.lexicon.kind_of_unknown(prefix + self.seg[i:body_end]) is not None:
            return True
        return self.lenient and self.lexicon.level_of(prefix) != "unknown"

    def _inside_name(self, i: int, word: str) -> bool:
        """Whether a role word stands inside a name being read, so it does not split it.

        In a list, a word of document_words.csv ``inside_name`` (和 与 及 由 等) splits only after a
        whole name (工业和信息化局, 自由贸易区管委会), and a label's word (责任单位) ends a name when
        the piece before it is none (各责任单位配合: a generic name, no label); in running text a
        separator of ``inside_running_name`` (和 与) never splits a name begun before it.
        """
        if self.pending is None:
            return False
        words = self.lexicon.words
        if self.lenient:
            if word in words.inside_name:
                return not self._name_like(self.pending, i)
            return (self.lexicon.roles[word].applies == "following" and not self._name_like(self.pending, i)
                    and self._name_like(self.pending, i + len(word)))  # fmt: skip
        return self.lexicon.roles[word].applies == "separator" and word in words.inside_running_name

    def _role_word(self, i: int, role: tuple[int, str]) -> int:
        """Read the role word at ``i``; after a deadline label (完成时限：) the rest up to ； is its
        deadline. Returns where reading goes on."""
        end, phrase = role
        role_name, applies = self.lexicon.roles[phrase]
        kind = "role" if applies == "preceding" else applies
        self.items.append(self._item(kind, i, end, role=role_name))
        if kind != "deadline_label":
            return end
        stop = self.seg.find("；", end)
        stop = len(self.seg) if stop < 0 else stop
        if self.seg[end:stop].strip():
            self.items.append(self._item("deadline", end, stop))
        return stop
