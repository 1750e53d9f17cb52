"""The signature block of a circular: the issuers' names written above the date it was signed.

GB/T 9704 puts the issuer's name (发文机关署名) and the date (成文日期) after the text; a covering
notice has them after its own text, before the plan. Joint issuers are written side by side,
spaces between them, or over several lines (工业和信息化部 教育部 / 人力资源社会保障部 市场监管总局);
the working text has lost those spaces, so the names are split where the original has them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...types import NormalizedText

MAX_ISSUER = 30  # an issuer line is a name: 国务院知识产权战略实施工作部际联席会议办公室
MAX_SIGNATURE_LINES = 4  # joint issuers over more lines than this are a list, not a signature
SEAL = re.compile(r"（[^（）]{1,30}）")  # （国家知识产权局代章）, （此件公开发布）: between signature and date
_CLAUSE = re.compile("[，。：]")
_NOT_A_NAME = re.compile("[，。：；、（）()]")
# A line opening with a list number or 附件 (附件：1.X / 2.Y above the date) lists attachments: never a signature.
_LISTED = re.compile(r"(?:附件|\d{1,2}\s*[.．、]|[（(]\d{1,2}[)）])")


def names_written(norm: NormalizedText, start: int, end: int) -> list[str]:
    """The names a line writes side by side: its working text split where the original has spaces.

    A line typeset with a space between every two characters (工 业 和 信 息 化 部　　科 技 部) is
    split only at its wider gaps.

    Args:
        norm: the normalized text (its offsets map each working character to the original).
        start: the line's first character in the working text.
        end: the end of the line in the working text.
    Returns:
        The pieces of ``norm.text[start:end]`` between the original's spaces.
    """
    widths = [_gap_width(norm.original[norm.offsets[k - 1] + 1 : norm.offsets[k]]) for k in range(start + 1, end)]
    spaced = [w for w in widths if w]
    if not spaced:
        return [norm.text[start:end]] if end > start else []
    # Letter-spaced: most characters stand apart, so a name ends only where the gap is wider.
    least = min(spaced) if len(spaced) >= LETTER_SPACED * len(widths) else 0
    names: list[str] = []
    piece_start = start
    for k, width in zip(range(start + 1, end), widths):
        if width > least:
            names.append(norm.text[piece_start:k])
            piece_start = k
    names.append(norm.text[piece_start:end])
    return [n for n in names if n]


LETTER_SPACED = 0.6  # share of a line's character gaps that are spaces when it is letter-spaced


def _gap_width(gap: str) -> int:
    """The width of the spaces between two characters of the original (an ideographic space is two)."""
    return sum(2 if ch == "\u3000" else 1 for ch in gap if ch.isspace())


@dataclass(frozen=True)
class Lines:
    """Lines of the working text: each stripped, and its (start, end) there; ``norm`` keeps the
    original's spaces between the names a line writes side by side."""

    norm: NormalizedText
    texts: Sequence[str]
    spans: Sequence[tuple[int, int]]


def signature_above(page: Lines, date_at: int, org_end: re.Pattern[str], names_only: bool = False) -> str:
    """The issuers signed above the date line ``date_at``, joined by 、, else ''.

    The line above the date (past seal lines) is the signature; the lines above it join it while
    each names organisations only (every name ends like one, ``org_end``).

    Args:
        page: the lines read, with their spans and the normalized text.
        date_at: the index of the date line.
        org_end: the pattern of a name's organisation ending (document_words.csv ``org_end``).
        names_only: whether the line above the date must name organisations too (else any short
            line without clause punctuation is taken as written).
    Returns:
        The issuer or issuers, 、 between them.
    """
    lines = page.texts
    k = date_at - 1
    while k >= 0 and SEAL.fullmatch(lines[k]):
        k -= 1
    if k < 0 or not lines[k] or len(lines[k]) > MAX_ISSUER or _CLAUSE.search(lines[k]) or _LISTED.match(lines[k]):
        return ""
    if not _names_only(page, k, org_end):
        return "" if names_only else lines[k]  # one line, as written: whatever stands above the date
    block = [k]
    while len(block) < MAX_SIGNATURE_LINES and k >= 1 and _names_only(page, k - 1, org_end):
        k -= 1
        block.insert(0, k)
    return "、".join(name for j in block for name in names_written(page.norm, *page.spans[j]))


def _names_only(page: Lines, k: int, org_end: re.Pattern[str]) -> bool:
    line = page.texts[k]
    if not line or len(line) > MAX_ISSUER or _NOT_A_NAME.search(line):
        return False
    return all(org_end.search(name) for name in names_written(page.norm, *page.spans[k]))
