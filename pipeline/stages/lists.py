"""Reading a run of body names and role words in running text: 由A负责 and paragraph subjects.

A strict scan: it reads only names, role words and separators (a responsibility list, which
may hold pieces it cannot read, is read by :mod:`pipeline.list_reader`). Everything it
recognizes comes from the lexicons.
"""

from __future__ import annotations

from ..lexicon.model import Lexicon, longest_matches
from ..stages.list_pieces import MAX_PREFIX, MIN_NAME
from ..types import ListItem

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
    return any(p.fullmatch(text) for p, e in lexicon.deadlines if e in edge)


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
    segment = text[start:end]
    bodies = {s: (e, k) for s, e, k in longest_matches(lexicon.body_automaton, segment)}
    roles = {s: (e, k) for s, e, k in longest_matches(lexicon.role_automaton, segment)}
    items: list[ListItem] = []
    pending = ""
    pending_start = 0

    def flush(at: int) -> bool:
        nonlocal pending
        piece = pending.strip()
        pending = ""
        if not piece:
            return True
        abs_start = start + pending_start
        if _deadline_kind(lexicon, piece, {"any", "list", "start"}):
            items.append(ListItem("deadline", abs_start, start + at, piece))
            return True
        kind = lexicon.kind_of_unknown(piece)
        if kind is None or len(piece) < 2:
            return False
        items.append(ListItem("body", abs_start, start + at, piece, name_kind=kind))
        return True

    i = 0
    while i < len(segment):
        body = bodies.get(i)
        role = roles.get(i)
        if (
            body
            and 0 < len(pending.strip()) <= MAX_PREFIX
            and lexicon.kind_of_unknown(pending.strip() + segment[i : body[0]])
        ):
            # A known name inside a longer one: 市 + 发展改革委, 领导小组 + 各成员单位.
            pending += segment[i : body[0]]
            i = body[0]
        elif body and (not role or body[0] >= role[0]):
            if not flush(i):
                if stop_at_text:
                    i = pending_start
                    break
                return None
            items.append(ListItem("body", start + i, start + body[0], segment[i : body[0]]))
            i = body[0]
        elif role and not (
            pending and lexicon.roles[role[1]].applies == "separator" and role[1] in lexicon.words.inside_running_name
        ):
            if not flush(i):
                if stop_at_text:  # the text before the role word is not a name: the run ended there
                    i = pending_start
                    break
                return None
            phrase = role[1]
            role_name, applies = lexicon.roles[phrase]
            kind = "role" if applies == "preceding" else applies
            items.append(ListItem(kind, start + i, start + role[0], phrase, role=role_name))
            i = role[0]
            if kind == "deadline_label":  # 完成时限：…: the rest, up to ；, is the deadline
                stop = segment.find("；", i)
                stop = len(segment) if stop < 0 else stop
                if segment[i:stop].strip():
                    items.append(ListItem("deadline", start + i, start + stop, segment[i:stop].strip()))
                i = stop
        elif stop_at_text and len(pending) >= MAX_RUNNING_NAME:
            i = pending_start  # too long for a name the lexicon lacks: the run ended before it
            pending = ""
            break
        else:
            if not pending:
                pending_start = i
            pending += segment[i]
            i += 1
    if not flush(len(segment)):
        if not stop_at_text:
            return None
        i = pending_start
    if reached is not None:
        reached.append(start + i)
    return items


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
