"""Markers run into a line: where a PDF, a flattened page or a paste lost the line breaks.

Part of stage 1, normalize: a line break goes before each marker that continues the outline
inside a line (…如下：一、工作目标…。二、…), and on a line pasted whole, before a marker after a
space of the input (the only trace of a lost break), which the document is then warned about.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .markers import ATTACHMENT, MARKER_SHAPE, SUB_MARKER_SHAPE, match_marker

# Where a marker may stand inside a line whose breaks were lost (PDF, a flattened page):
# after a sentence, a colon or a closing bracket (…如下：一、工作目标…。二、…, …负责）2.…), or right after the short
# heading of a marker run into it (二、工作措施（一）降低…).
_RUN_IN = re.compile(rf"(?<=[。！？；：）〕\]])(?={MARKER_SHAPE})")
# Text pasted on one line (a web page copied whole, a form's text field) keeps only the spaces of
# its lost line breaks: on a line this long, a marker after a space the input wrote also starts a
# paragraph (with the same sequence check), and the document is warned about it.
_MARKER_AHEAD = re.compile(rf"(?={MARKER_SHAPE})")
MIN_PASTED_LINE = 100  # a paragraph of a plan is seldom longer unbroken with markers after spaces
LOST_BREAKS = "line breaks lost (text pasted on one line?): {n} markers after spaces read as paragraph starts"
_RUN_IN_HEADING = re.compile(rf"[^，。；：（）]{{2,20}}(?={SUB_MARKER_SHAPE})")
MAX_HEADING = 20  # a heading run into its first sub-item is short: 工作措施, 降低企业税收负担


def run_in_breaks(text: str, after_space: Callable[[int], bool] | None = None) -> tuple[list[int], int]:
    """Offsets of markers run into a line that continue the outline (each gets a line break), and
    how many of them stood after a space on a line pasted whole (``after_space``: whether the input
    had whitespace before an offset of ``text``; see :data:`MIN_PASTED_LINE`).

    A marker counts only where its number continues its kind's sequence (the next number,
    or 1 opening a new run), so 。1.5亿元 or a stray 二、 inside a sentence stays text.
    """
    last: dict[str, int] = {}
    breaks: list[int] = []
    pasted = 0
    pos = 0
    for line in text.split("\n"):
        # 附件：1.…: an attachment list, not the outline (codebook §1).
        candidates = set() if line.startswith(ATTACHMENT) else {m.start() for m in _RUN_IN.finditer(line)}
        spaced: set[int] = set()
        if after_space and len(line) >= MIN_PASTED_LINE and not line.startswith(ATTACHMENT):
            spaced = {m.start() for m in _MARKER_AHEAD.finditer(line) if after_space(pos + m.start())} - candidates
        for at in [0, *sorted(candidates | spaced)]:
            found = match_marker(line, at)
            if found is None:
                continue
            kind, number, end = found
            if at and number not in (1, last.get(kind, 0) + 1):
                continue
            if at:
                breaks.append(pos + at)
                pasted += at in spaced
            last[kind] = number
            # 二、工作措施（一）…: a first sub-item right after a short heading.
            head = _RUN_IN_HEADING.match(line, end)
            if head and head.end() - end <= MAX_HEADING and (sub := match_marker(line, head.end())):
                if sub[1] in (1, last.get(sub[0], 0) + 1):  # （一）, or （三） numbered on across sections
                    breaks.append(pos + head.end())
                    last[sub[0]] = sub[1]
        pos += len(line) + 1
    return sorted(set(breaks)), pasted


def break_run_ins(
    text: list[str], offsets: list[int], original: str, table_at: int | None
) -> tuple[str, int | None, int]:
    """A line break before each marker run into a line (:func:`run_in_breaks`), in place; returns
    the text as a string, ``table_at`` moved past the breaks inserted before it, and how many
    breaks a line pasted whole needed (markers after spaces of the input)."""
    joined = "".join(text)

    def after_space(k: int) -> bool:
        return k > 0 and offsets[k] - offsets[k - 1] > 1 and original[offsets[k - 1] + 1 : offsets[k]].isspace()

    breaks, pasted = run_in_breaks(joined, after_space)
    if table_at is not None:
        table_at += sum(1 for at in breaks if at <= table_at)
    if breaks:
        for at in reversed(breaks):
            text.insert(at, "\n")
            offsets.insert(at, offsets[at])
        joined = "".join(text)
    return joined, table_at, pasted
