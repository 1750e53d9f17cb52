"""Where a plan starts: its first numbered paragraph, its title line and a heading that lost its
marker (codebook §1). Part of stage 2, structure: it reads the paragraphs and their markers.
"""

from __future__ import annotations

import re

from ...lexicon.model import Lexicon
from ...lexicon.words import alternation
from ...types import Header, NormalizedText
from ..normalize.markers import ATTACHMENT
from .header import ABOUT
from .plan_title import BOOK_TITLE, MAX_TITLE, MIN_TITLE

# An attachment line naming the plan: 附件：1.XX任务清单.
_ATTACHMENT = re.compile(rf"^{ATTACHMENT}\s*[：:]?\s*(?:\d{{1,2}}[\.．、]?)?\s*(.{{{MIN_TITLE},{MAX_TITLE}}})$")
_TITLE_NOISE = re.compile(r"[\s《》〈〉“”]")


def as_written(norm: NormalizedText, header: Header) -> str:
    """The title with the ASCII punctuation it was written with ((2019-2020年), not （2019-2020年）)."""
    if not header.title_spans:
        return header.title
    out = []
    for s, e in header.title_spans:
        for p in range(s, e):
            ch, orig = norm.text[p], norm.original[norm.offsets[p]]
            out.append(orig if orig.isascii() and not orig.isalnum() and ch != orig and not orig.isspace() else ch)
    return "".join(out)


def _notice_of(lexicon: Lexicon) -> re.Pattern[str]:
    """关于印发X的通知 (document_words.csv cover_verb, cover_notice): X is the plan's title."""
    w = lexicon.words
    title = rf"(.{{{MIN_TITLE},{MAX_TITLE}}}?)"
    return re.compile(rf"{ABOUT}(?:{alternation(w.cover_verb)}){title}的(?:{alternation(w.cover_notice)})")


def plan_start(
    lexicon: Lexicon, text: str, paras: list[tuple[int, int]], markers: list
) -> tuple[int | None, int | None]:
    """The paragraph index of the plan's first marker (codebook §1).

    The plan's own title, when a line repeats the title a notice or an attachment line
    names (现将《X》印发…, 关于印发X的通知, 附件：1.X), or the text's first line when that is a
    title (it ends like one: …工作台账, …分工方案), resets the outline: numbered points of a
    covering notice, of a ledger's 填报说明 and attachment lines before it are header.
    """
    first = next((i for i, m in enumerate(markers) if m), None)
    if first is None:
        return None, None
    names: set[str] = set()
    lines = [text[s:e].strip() for s, e in paras]
    notice_of, announces = lexicon.derived(_notice_of), lexicon.words.announces
    for line in lines:
        found = [*notice_of.findall(line), *(_ATTACHMENT.findall(line) if line.startswith(ATTACHMENT) else [])]
        if any(word in line for word in announces):
            found += BOOK_TITLE.findall(line)
        names.update(_TITLE_NOISE.sub("", n) for n in found)
    names.discard("")
    # The first line's title resets the outline only (it is the header's title already).
    resets = names | _opening_titles(lexicon, lines[0] if lines and not markers[0] else "")
    for j in range(first + 1, len(paras)):
        if not markers[j] and _TITLE_NOISE.sub("", lines[j]) in resets:
            return next((i for i in range(j + 1, len(markers)) if markers[i]), first), j
    title_at = next((j for j in range(first) if not markers[j] and _TITLE_NOISE.sub("", lines[j]) in names), None)
    return first, title_at


def _opening_titles(lexicon: Lexicon, opening: str) -> set[str]:
    """The titles the text's first line may be (贵州省…工作台账, also when a wrapped line joined the
    next to it: …工作台账填报说明): each of its beginnings that ends like a title. Not a notice's line
    (关于印发X的通知 names X itself) nor a news headline (江宁区印发…方案: document_words.csv reports)."""
    words = lexicon.words
    if not opening or lexicon.derived(_notice_of).search(opening) or any(word in opening for word in words.reports):
        return set()
    ends = [m.end() for w in words.title_end for m in re.finditer(re.escape(w), opening)]
    return {_TITLE_NOISE.sub("", opening[:e]) for e in ends if MIN_TITLE <= e <= MAX_TITLE and
            not opening[:e].endswith(words.notice_type)}  # fmt: skip


def restore_lost_heading(text: str, paras: list[tuple[int, int]], markers: list, first: int) -> int:
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


