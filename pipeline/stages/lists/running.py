"""Reading a run of body names and role words in running text: 由A负责 and paragraph subjects.

A strict scan: it reads only names, role words and separators (a responsibility list, which
may hold pieces it cannot read, is read by :mod:`pipeline.stages.lists.grammar`). Everything it
recognizes comes from the lexicons.
"""

from __future__ import annotations

from ...lexicon.matching import longest_matches
from ...lexicon.model import Lexicon
from ...types import ListItem, TextSlice
from .pieces import MIN_NAME
from .scanner import NameScanner, Strictness

# A subject the lexicon lacks (市政府办公室要…, 各地区、各部门要…) opens its sentence: its subject
# word stands within this many characters of the start.
SUBJECT_WINDOW = 40
# The first window a scan that stops early reads (it grows fourfold as needed; the result does
# not depend on it): a run of names after 由 is mostly shorter.
FIRST_SCAN_WINDOW = 64


def scan_names(lexicon: Lexicon, where: TextSlice, stop_at_text: bool = False) -> list[ListItem] | None:
    """Split ``where`` into body names, role words, separators and deadlines.

    Args:
        lexicon: the loaded lexicons.
        where: the span of the working text to read.
        stop_at_text: end the scan at the first piece that is no name or role word and return
            what was read before it (a run of names in running text: 由A、B负责…).
    Returns:
        The items, or None when a piece is neither a name nor a role word (without ``stop_at_text``).
    """
    if stop_at_text:
        return _scan_prefix(lexicon, where)
    return scan_whole(lexicon, where, stop_at_text)[0]


def scan_whole(lexicon: Lexicon, where: TextSlice, stop_at_text: bool) -> tuple[list[ListItem] | None, int]:
    """One scan of all of ``where``: its items (None where it fails) and the offset where it ended."""
    scan = NameScanner(lexicon, where, Strictness.RUN_OF_NAMES if stop_at_text else Strictness.RUNNING)
    return scan.scan(), scan.end


def _scan_prefix(lexicon: Lexicon, where: TextSlice) -> list[ListItem] | None:
    """``scan_names(..., stop_at_text=True)`` reading only a window that grows as needed.

    A scan that stops early needs only the text up to where it stopped plus the longest
    lexicon word, so a run of names is read in time proportional to the run, not to the
    rest of the span (which a 由 in a long measure would read again and again). The result is
    that of a scan of the whole span.
    """
    reach = lexicon.longest_word
    window = FIRST_SCAN_WINDOW
    while True:
        limit = min(where.end, where.start + window)
        items, reached = scan_whole(lexicon, TextSlice(where.text, where.start, limit), True)
        if limit == where.end or (items is not None and reached + reach <= limit):
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
    items = scan_names(lexicon, TextSlice(text, start, start + at)) or []
    bodies = [it for it in items if it.kind == "body"]
    # Separators alone (、、要…) name nobody: a subject needs a body.
    if not bodies or any(it.kind not in {"body", "separator"} for it in items):
        return None
    return start + at + len(word), bodies
