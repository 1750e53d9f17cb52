"""Names in a bodies cell separated by spaces alone (codebook §1): 市住建委 市规划局 市国土资源局.

A space between Chinese characters is stray elsewhere and goes (normalize), so the names would run
together into one. In a cell of a bodies column a space between two whole names separates them as
、 would; a space inside one name (国网德阳 供电公司, a web page's &nbsp;) stays inside it, and so does
one between a known name and its branch (中国人民银行 南昌中心支行, 国家税务总局 南昌市税务局).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lexicon.model import Lexicon

_SPACES = re.compile(r"[ \u3000\xa0]+")
_SEPARATORS = "、，；,;："
_OPENERS, _CLOSERS = "（(", "）)"
# What opens a name of its own rather than a branch of the name before it: a level (市财政局,
# 县政府) or a group (各街道办事处); a branch opens with its place (南昌中心支行).
_OWN_OPENINGS = ("省", "市", "县", "区", "州", "盟", "旗", "乡", "镇", "各", "有关", "相关")


def _pieces(text: str) -> list[str]:
    """``text`` cut after each separator outside brackets (各县（市、区）政府 stays whole)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in _OPENERS) - (ch in _CLOSERS)
        if depth <= 0 and ch in _SEPARATORS:
            out.append(text[start : i + 1])
            start = i + 1
    out.append(text[start:])
    return out


def _is_name(piece: str, lexicon: Lexicon) -> bool:
    """Whether ``piece`` is a whole body name, a role word after it allowed (市文物局牵头)."""
    for word in lexicon.list_ends:
        if piece.endswith(word) and len(piece) > len(word):
            piece = piece[: -len(word)]
            break
    return bool(piece) and (lexicon.resolve(piece).body is not None or lexicon.kind_of_unknown(piece) is not None)


def _branch(before: str, after: str, lexicon: Lexicon) -> bool:
    """Whether ``after`` is a branch of the known name ``before`` (中国人民银行 | 南昌中心支行)."""
    return (lexicon.resolve(before).body is not None and lexicon.resolve(after).body is None
            and not after.startswith(_OWN_OPENINGS) and lexicon.kind_of_unknown(before + after) is not None)  # fmt: skip


def _names_apart(piece: str, lexicon: Lexicon) -> str:
    """A piece between separators, its spaces made line breaks where they part whole names: the
    cut into the most names (each run of words between breaks a name), or none if no cut is one."""
    words: list[str] = []
    for word in _SPACES.split(piece.strip()):
        if words and _branch(words[-1].replace(" ", ""), word, lexicon):
            words[-1] += " " + word  # one name: the space inside it stays
        else:
            words.append(word)
    if len(words) < 2:
        return " ".join(words)
    best: list[list[int] | None] = [[]] + [None] * len(words)  # best[i]: the breaks of words[:i]
    for i in range(1, len(words) + 1):
        for j in range(i):
            if best[j] is not None and _is_name("".join(words[j:i]).replace(" ", ""), lexicon):
                cut = [*best[j], j] if j else []  # type: ignore[misc]
                if best[i] is None or len(cut) > len(best[i]):  # type: ignore[arg-type]
                    best[i] = cut
    breaks = best[-1]
    if not breaks:
        return piece
    return "".join(("\n" if k in breaks else " " if k else "") + w for k, w in enumerate(words))


def names_on_lines(text: str, lexicon: Lexicon) -> str:
    """A bodies cell's text with each space that parts two whole names made a line break (a
    separator of the list grammar); any other space is left as written.

    Args:
        text: the cell's text, a line a paragraph of the cell.
        lexicon: the names (``resolve``), the shapes of names it lacks (``kind_of_unknown``)
            and the role words that may close a name's piece (``list_ends``).
    Returns:
        The text, each such space replaced by a line break.
    """
    if not _SPACES.search(text):
        return text
    return "\n".join("".join(_names_apart(p, lexicon) if _SPACES.search(p) else p for p in _pieces(line))
                     for line in text.split("\n"))  # fmt: skip
