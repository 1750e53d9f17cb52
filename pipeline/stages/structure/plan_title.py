"""The plan's own title among the header's lines, and what a news page's lead reports of the plan.

The title is the line the outline found, else a bare line after the issuer and date, else the title a
news lead reports (近日，国务院发布关于…的意见), else 《…》 of the notice; a title printed over several
lines is joined (codebook §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from ...lexicon.model import Lexicon
from ...lexicon.script import to_simplified
from ...lexicon.words import DocumentWords
from ...types import Header
from ..normalize.markers import find_date

MIN_TITLE = 4  # a title names at least a subject and a kind (安全方案); a shorter line is a label
MAX_TITLE = 80  # a longer line is text: the longest title of the corpora has 45 characters
# A plan's title quoted in 《》 (现将《X》印发…).
BOOK_TITLE = re.compile(rf"《([^《》]{{{MIN_TITLE},{MAX_TITLE}}})》")
FILE_NAME = re.compile(r"\.(?:docx?|pdf|wps|txt|html?)$", re.IGNORECASE)
# A site's breadcrumb (首页 > 新闻中心 > 政策解读): navigation, never a title or an issuer.
_BREADCRUMB = re.compile(r"[>＞»›]")


class TitlePatterns(Protocol):
    """What the title's reading needs of the header's patterns (``header._Header`` has them)."""

    words: DocumentWords
    org_end: re.Pattern[str]  # a name that ends like an organisation: never a title's second line
    public: re.Pattern[str]  # （此件公开发布）
    reported: re.Pattern[str]  # a news page's lead reporting the plan


def bare(line: str) -> bool:
    """A line that can be (part of) a title: no clause punctuation, not a file name, not a breadcrumb."""
    return not re.search("[，。：；]", line) and not FILE_NAME.search(line) and not _BREADCRUMB.search(line)


class Reported(NamedTuple):
    """What a news lead says of the plan: 近日，A、B联合印发《X》（A联〔2016〕215号）。"""

    title: str
    issuer: str  # the bodies, 、 between them
    doc_number: str


def reported_lead(p: TitlePatterns, lexicon: Lexicon, lines: list[str]) -> Reported | None:
    """The plan's title, issuer and number from the first lead in which named bodies release the
    plan (近日，国务院发布关于…的意见，…: a news page's repost), else None."""
    for line in lines:
        for m in p.reported.finditer(line):
            who = m.group("who").strip()
            if all(_names_one_body(lexicon, name) for name in who.split("、")):
                return Reported(m.group("quoted") or m.group("about"), who, m.group("number") or "")
    return None


def _names_one_body(lexicon: Lexicon, text: str) -> bool:
    """Whether ``text`` is a body's name (a lexicon name, or shaped like one by body_patterns.csv),
    not a group (有关部门) nor a framing clause ending in one (根据国务院, 为落实国务院)."""
    if to_simplified(text) in lexicon.alias_index:
        return True
    kind = lexicon.kind_of_unknown(text)
    return kind is not None and kind != "generic" and not any(text.startswith(f.prefix) for f in lexicon.framing)


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def _fuller_title(lines: list[str], i: int, used: set[int]) -> int | None:
    """The index of the next title-like line after ``i`` when it is a fuller form of line ``i``
    (某市测试工作方案 → 某市2019年测试工作方案: every character of it, in order), else None."""
    k = next((k for k in range(i + 1, len(lines)) if k not in used), None)
    if k is None or not bare(lines[k]) or not len(lines[i]) < len(lines[k]) <= MAX_TITLE:
        return None
    return k if _is_subsequence(lines[i], lines[k]) else None


def title_from(p: TitlePatterns, lines: list[str], i: int, h: Header, furniture: set[int]) -> tuple[str, list[int]]:
    """The title starting at line ``i``, with the lines it was broken over (…和 / 制售…工作要点),
    and the indexes of those lines (never a line of ``furniture``: a masthead, a byline)."""
    parts = [lines[i]]
    k = i + 1
    while k < len(lines) and k not in furniture and len("".join(parts)) < MAX_TITLE and bare(lines[k]) and not find_date(lines[k]):
        nxt = lines[k]
        if nxt in {h.issuer, h.doc_number} or p.org_end.search(nxt) or p.public.match(nxt):
            break
        # A title ends with the kind of document it is (document_words.csv title_end); only a title
        # broken before that goes on (…工作要点 is whole; …和 / 制售…工作要点 is one title), and a
        # （2019—2020年） line joins any.
        if parts[-1].endswith(p.words.title_end) and not re.fullmatch(r"（[^（）]{2,20}）", nxt):
            break
        parts.append(nxt)
        k += 1
    title = "".join(parts)
    if title.startswith("《"):  # 《“十三五”…规划》重点任务分工方案: the marks quote, they are not the title's
        return title.replace("《", "").replace("》", ""), []
    return title, list(range(i, k))


@dataclass(frozen=True)
class TitleClues:
    """Where the plan's title may be told: the date line's index, the title line the outline
    found, and the title a news lead reports."""

    date_line: int | None
    title_at: int | None
    reported: Reported | None


def plan_title(
    p: TitlePatterns,
    lines: list[str],
    used: set[int],  # lines that are never the title: the page's fields, a masthead, a byline
    h: Header,
    clues: TitleClues,
) -> tuple[str, list[int]]:
    """The plan's own title and the indexes of its lines (none when it is quoted from a line):
    the line the outline found, a bare line after the issuer and date, the title a news lead
    reports, else 《…》 of the notice.

    A document-sharing page heads the text with its upload's file name (X.docx, then X): a
    fuller form of X on the next line is the text's own title. A bare line after a paragraph of
    text is a heading of the plan, not its title, when a lead reports another title."""
    date_line, title_at, reported = clues.date_line, clues.title_at, clues.reported
    if title_at is not None and title_at < len(lines):
        return title_from(p, lines, title_at, h, used)
    skip = {h.doc_number, h.notice_title, h.issuer}
    stems = {FILE_NAME.sub("", line) for line in lines if FILE_NAME.search(line)}
    start = (date_line + 1) if date_line is not None else 0
    after_text = False
    for i in range(start, len(lines)):
        line = lines[i]
        if i in used or line in skip or p.public.match(line) or find_date(line):
            continue
        if bare(line) and MIN_TITLE <= len(line) <= MAX_TITLE:
            if line in stems and (fuller := _fuller_title(lines, i, used)) is not None:
                return title_from(p, lines, fuller, h, used)
            if after_text and reported and reported.title != line:
                return reported.title, []
            return title_from(p, lines, i, h, used)
        if date_line is not None:
            break
        after_text = after_text or "。" in line
    if reported:
        return reported.title, []
    for line in lines:
        said = BOOK_TITLE.sub("", line)  # 现将《X》印发…, 《X》已经…同意 — not a 印发 inside a quoted title
        if any(word in said for word in p.words.announces):
            m = BOOK_TITLE.search(line)
            if m:
                return m.group(1), []
    return h.notice_title, []
