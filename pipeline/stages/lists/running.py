"""Reading a run of body names and role words in running text: 由A负责 and paragraph subjects.

A strict scan: it reads only names, role words and separators (a responsibility list, which
may hold pieces it cannot read, is read by :mod:`pipeline.stages.lists.grammar`). Everything it
recognizes comes from the lexicons.
"""

from __future__ import annotations

from ...lexicon.matching import longest_matches
from ...lexicon.model import Lexicon
from ...types import ListItem
from .pieces import MAX_PREFIX, MIN_NAME

# Longest name the lexicon lacks that running text (由区商务局牵头) is read for: a local
# department's name (区市场监督管理局, 人民银行潍坊市中心支行) is shorter.
MAX_RUNNING_NAME = 16
# A subject the lexicon lacks (市政府办公室要…, 各地区、各部门要…) opens its sentence: its subject
# word stands within this many characters of the start.
SUBJECT_WINDOW = 40
# The first window a scan that stops early reads (it grows fourfold as needed; the result does
# not depend on it): a run of names after 由 is mostly shorter.
FIRST_SCAN_WINDOW = 64


def _deadline_kind(lexicon: Lexicon, text: str, edge: set[str]) -> bool:
    """Whether ``text`` is wholly a deadline of a ``deadlines.csv`` pattern whose edge is in ``edge``."""
    return any(p.fullmatch(text) for p, e in lexicon.deadlines if e in edge)


_Hit = tuple[int, str]  # a lexicon word found at an offset of the segment: (its end, the word)


class _NameScan:
    """One scan of ``text[start:end]``: the items read so far and the text not yet read.

    ``i`` is the offset in the segment where reading goes on; ``pending`` the text since
    ``pending_start`` that is no lexicon word (a name the lexicon lacks, or not a name).
    """

    def __init__(self, lexicon: Lexicon, text: str, start: int, end: int) -> None:
        self.lexicon = lexicon
        self.start = start
        self.segment = text[start:end]
        self.bodies = {s: (e, k) for s, e, k in longest_matches(lexicon.body_automaton, self.segment)}
        self.roles = {s: (e, k) for s, e, k in longest_matches(lexicon.role_automaton, self.segment)}
        self.items: list[ListItem] = []
        self.pending = ""
        self.pending_start = 0
        self.i = 0

    def read(self, stop_at_text: bool) -> bool:
        """Read the whole segment; False where a piece is no name, role word or deadline.

        With ``stop_at_text`` such a piece ends the scan instead (``i`` is where it began), and
        the result is True.
        """
        while self.i < len(self.segment):
            going = self._step(stop_at_text)
            if going is None:
                return False
            if not going:
                break
        if not self._flush(len(self.segment)):
            if not stop_at_text:
                return False
            self.i = self.pending_start
        return True

    def _step(self, stop_at_text: bool) -> bool | None:
        """Read what stands at ``i``: a name, a role word or a character of ``pending``.

        Returns True to read on, False where the run ended (only with ``stop_at_text``), None
        where the text is not made of names and roles.
        """
        i, segment = self.i, self.segment
        body, role = self.bodies.get(i), self.roles.get(i)
        if body and self._inside_longer_name(body):
            # A known name inside a longer one: 市 + 发展改革委, 领导小组 + 各成员单位.
            self.pending += segment[i : body[0]]
            self.i = body[0]
        elif body and (not role or body[0] >= role[0]):
            if not self._flush(i):
                return self._ended(stop_at_text)
            self.items.append(ListItem("body", self.start + i, self.start + body[0], segment[i : body[0]]))
            self.i = body[0]
        elif role and not self._separator_inside_name(role):
            if not self._flush(i):
                # With stop_at_text: the text before the role word is not a name, the run ended there.
                return self._ended(stop_at_text)
            self._take_role(role)
        elif stop_at_text and len(self.pending) >= MAX_RUNNING_NAME:
            self.i = self.pending_start  # too long for a name the lexicon lacks: the run ended before it
            self.pending = ""
            return False
        else:
            if not self.pending:
                self.pending_start = i
            self.pending += segment[i]
            self.i += 1
        return True

    def _inside_longer_name(self, body: _Hit) -> bool:
        """Whether the lexicon name ``body`` at ``i`` ends a longer name begun in ``pending``."""
        prefix = self.pending.strip()
        return 0 < len(prefix) <= MAX_PREFIX and bool(
            self.lexicon.kind_of_unknown(prefix + self.segment[self.i : body[0]])
        )

    def _separator_inside_name(self, role: _Hit) -> bool:
        """Whether the role word ``role`` is a separator that stands inside a name being read."""
        phrase, lexicon = role[1], self.lexicon
        return bool(self.pending) and (
            lexicon.roles[phrase].applies == "separator" and phrase in lexicon.words.inside_running_name
        )

    def _ended(self, stop_at_text: bool) -> bool | None:
        """A piece that is no name before ``i``: the run ended at it (False), or the scan fails (None)."""
        if stop_at_text:
            self.i = self.pending_start
            return False
        return None

    def _take_role(self, role: _Hit) -> None:
        """Read the role word ``role`` at ``i``, and after a deadline label (完成时限：) the
        deadline up to the next ；."""
        i, phrase = self.i, role[1]
        role_name, applies = self.lexicon.roles[phrase]
        kind = "role" if applies == "preceding" else applies
        self.items.append(ListItem(kind, self.start + i, self.start + role[0], phrase, role=role_name))
        self.i = role[0]
        if kind == "deadline_label":
            stop = self.segment.find("；", self.i)
            stop = len(self.segment) if stop < 0 else stop
            if self.segment[self.i : stop].strip():
                deadline = self.segment[self.i : stop].strip()
                self.items.append(ListItem("deadline", self.start + self.i, self.start + stop, deadline))
            self.i = stop

    def _flush(self, at: int) -> bool:
        """Read ``pending`` (ending at ``at``) as a deadline or a name the lexicon lacks, and empty it.

        Returns False when it is neither (nothing pending: True).
        """
        piece = self.pending.strip()
        self.pending = ""
        if not piece:
            return True
        abs_start = self.start + self.pending_start
        if _deadline_kind(self.lexicon, piece, {"any", "list", "start"}):
            self.items.append(ListItem("deadline", abs_start, self.start + at, piece))
            return True
        kind = self.lexicon.kind_of_unknown(piece)
        if kind is None or len(piece) < 2:
            return False
        self.items.append(ListItem("body", abs_start, self.start + at, piece, name_kind=kind))
        return True


def scan_names(
    lexicon: Lexicon,
    text: str,
    start: int,
    end: int,
    stop_at_text: bool = False,
    reached: list[int] | None = None,
) -> list[ListItem] | None:
    """Split ``text[start:end]`` into body names, role words, separators and deadlines.

    Returns None when a piece is neither (the text is not made of names and roles); with
    ``stop_at_text`` the scan instead ends there and returns what it read so far.
    ``reached`` (internal) receives the offset where the scan ended.
    """
    if stop_at_text and reached is None:
        return _scan_prefix(lexicon, text, start, end)
    scan = _NameScan(lexicon, text, start, end)
    if not scan.read(stop_at_text):
        return None
    if reached is not None:
        reached.append(start + scan.i)
    return scan.items


def _scan_prefix(lexicon: Lexicon, text: str, start: int, end: int) -> list[ListItem] | None:
    """``scan_names(..., stop_at_text=True)`` reading only a window that grows as needed.

    A scan that stops early needs only the text up to where it stopped plus the longest
    lexicon word, so a run of names is read in time proportional to the run, not to the
    rest of ``text[start:end]`` (which a 由 in a long measure would read again and again).
    The result is that of a scan of the whole span.
    """
    reach = lexicon.longest_word
    window = FIRST_SCAN_WINDOW
    while True:
        limit = min(end, start + window)
        reached: list[int] = []
        items = scan_names(lexicon, text, start, limit, True, reached)
        if limit == end or (reached and reached[0] + reach <= limit):
            return items
        window *= 4


def subject_end(lexicon: Lexicon, text: str, start: int, limit: int) -> tuple[int, list[ListItem]] | None:
    """If ``text[start:]`` opens with bodies followed by a subject word (要, 应 …), say where.

    Returns the offset after the subject word and the body items, else None.
    """
    pos = start
    found: list[ListItem] = []
    bodies = longest_matches(lexicon.body_automaton, text[start:limit])
    by_start = {s + start: (e + start, k) for s, e, k in bodies}
    while pos < limit:
        hit = by_start.get(pos)
        if hit:
            found.append(ListItem("body", pos, hit[0], text[pos : hit[0]]))
            pos = hit[0]
            continue
        if found and text[pos] in lexicon.roles and lexicon.roles[text[pos]].applies == "separator" and text[pos] not in "。；":
            pos += 1
            continue
        break
    words = lexicon.subject_words
    for phrase in words if found else []:
        if text.startswith(phrase, pos):
            return pos + len(phrase), found
    # Names the lexicon lacks, alone or after known ones: 市政府办公室要…, 各地区、各部门要…
    return _unlisted_subject(lexicon, text, start, limit, words)


def _unlisted_subject(
    lexicon: Lexicon, text: str, start: int, limit: int, words: list[str]
) -> tuple[int, list[ListItem]] | None:
    """A subject the lexicon lacks but whose names look like bodies (市政府办公室要…)."""
    window = text[start : min(limit, start + SUBJECT_WINDOW)]
    hits = [(window.find(w), w) for w in words if MIN_NAME <= window.find(w)]
    if not hits:
        return None
    at, word = min(hits, key=lambda h: (h[0], -len(h[1])))
    items = scan_names(lexicon, text, start, start + at) or []
    bodies = [it for it in items if it.kind == "body"]
    # Separators alone (、、要…) name nobody: a subject needs a body.
    if not bodies or any(it.kind not in {"body", "separator"} for it in items):
        return None
    return start + at + len(word), bodies
