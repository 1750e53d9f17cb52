"""The passes over a list's tokens: shared endings and group prefixes given to the pieces of a
run (哈尔滨、黑河、绥芬河市政府; 各省级教育行政部门、人力资源社会保障部门), and verbs that roles.csv lacks
read as role words (市住建局、市城管局统筹推进). Used by :mod:`pipeline.stages.lists.grammar`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from ...lexicon.model import Lexicon
from ...lexicon.script import to_simplified
from ...lexicon.words import alternation
from ...types import ListItem

MIN_NAME = 2  # a one-character piece (场, 区) is never a body
MAX_NAME = 60  # no body name is longer: a longer piece is text (and is not searched for names)
MAX_PREFIX = 40  # longest text before a known name that can make one name with it (lists, list_reader)
ROLE_ITEMS = frozenset({"role", "following", "cohost", "first_listed"})
# The verbs and adverbs a verb chain (统筹推进, 抓紧落实) is read from have 2 to 4 characters (the
# longest of verbs.csv and adverbs.csv: 依法依规): a one-character verb (稳, 保) stands inside too
# many names to make a piece a chain.
MIN_CHAIN_WORD, MAX_CHAIN_WORD = 2, 4


class _Pieces(NamedTuple):
    """One lexicon's words of runs and groups (document_words.csv), built once per lexicon."""

    # A shared ending: 哈尔滨、黑河、绥芬河市政府; 相关市、县政府; 各县、区人民政府（管委会）.
    # A parenthesis after the ending qualifies the last unit only: 各县、区人民政府（管委会） →
    # 各县人民政府, 各区人民政府（管委会）.
    # The unit may carry its own parenthesis: 各设区市、县（市、区）人民政府 → 各设区市人民政府.
    shared_end: re.Pattern[str]
    units: tuple[str, ...]  # shared_unit: a piece ending in one takes the ending alone
    distributed: tuple[str, ...]  # distributed_prefix, in file order
    group_prefix: tuple[str, ...]  # the longest first
    group_end: re.Pattern[str]
    own_prefix: tuple[str, ...]
    firms: frozenset[str]  # the names and aliases of the lexicon's enterprises (中国移动, 国家电网)
    # A branch of one of them (中国电信洛阳分公司), which the enterprises before it share.
    branch: re.Pattern[str] | None


def _pieces(lexicon: Lexicon) -> _Pieces:
    w = lexicon.words
    shared_end = re.compile(rf"^(?P<head>.*?)(?P<unit>{alternation(w.shared_unit)})(?:（[^（）]{{1,8}}）)?"
                            rf"(?P<end>{alternation(w.shared_end)})(?:（[^（）]{{1,12}}）)?$")  # fmt: skip
    firms = frozenset(n for n, bodies in lexicon.alias_index.items() if any(b.kind == ENTERPRISE for b in bodies))
    branch = (re.compile(rf"^(?P<firm>{alternation(sorted(firms))})(?P<end>[\u4e00-\u9fff]{{1,{MAX_BRANCH_PLACE}}}?"
                         rf"(?:{alternation(w.branch_end)}))$") if firms and w.branch_end else None)  # fmt: skip
    return _Pieces(
        shared_end, w.shared_unit, w.distributed_prefix, tuple(sorted(w.group_prefix, key=len, reverse=True)),
        re.compile(rf"(?:{alternation(w.group_end)})$"), w.own_prefix, firms, branch,
    )  # fmt: skip


ENTERPRISE = "enterprise"  # agencies.csv kind of a state-owned company (中国移动, 国家电网)
MAX_BRANCH_PLACE = 8  # the place a branch is named for: 洛阳, 安吉, 洛阳市, 黔东南州


def share_branch(lexicon: Lexicon, items: list[ListItem]) -> list[ListItem]:
    """Enterprises named before one branch share it (codebook §6): 中国移动、中国联通、中国电信洛阳分公司
    → 中国移动洛阳分公司, 中国联通洛阳分公司, 中国电信洛阳分公司 (``raw`` keeps 中国移动)."""
    words = lexicon.derived(_pieces)
    run_separator = lexicon.words.run_separator
    if words.branch is None:
        return items
    out = list(items)
    for k, last in enumerate(items):
        m = words.branch.match(last.text) if last.kind == "body" else None
        j = k - 1
        while (m and j >= 1 and items[j].kind == "separator" and items[j].text in run_separator and items[j - 1].kind == "body"
               and to_simplified(items[j - 1].text) in words.firms):  # fmt: skip
            out[j - 1] = replace(items[j - 1], name=items[j - 1].text + m["end"], name_kind="local")
            j -= 2
    return out



def share_group_prefix(lexicon: Lexicon, items: list[ListItem]) -> list[ListItem]:
    """A group prefix shared by a run joined by 、: 各省级教育行政部门、人力资源社会保障部门 →
    各省级人力资源社会保障部门 (codebook §6: the second piece is a kind of department, no body alone)."""
    words = lexicon.derived(_pieces)
    run_separator = lexicon.words.run_separator
    out = list(items)
    prefix = ""
    for k, it in enumerate(items):
        opening = next((p for p in words.group_prefix if it.text.startswith(p)), "") if it.kind == "body" else ""
        if opening and words.group_end.search(it.text):
            prefix = opening
        elif it.kind == "separator" and it.text in run_separator:
            continue
        elif (prefix and it.kind in {"body", "unread"} and words.group_end.search(it.text)
              and not it.text.startswith(words.own_prefix)):  # fmt: skip
            out[k] = replace(it, kind="body", name=prefix + it.text, name_kind="generic")
        else:
            prefix = ""
    return out


def distribute(lexicon: Lexicon, items: list[ListItem]) -> list[ListItem]:
    """Give the pieces of a run joined by 、 the ending they share (codebook §6)."""
    words = lexicon.derived(_pieces)
    run_separator = lexicon.words.run_separator
    out = list(items)
    for k, last in enumerate(items):
        m = words.shared_end.match(last.text) if last.kind == "body" else None
        if not m:
            continue
        run: list[int] = []
        j = k - 1
        while j >= 1 and items[j].kind == "separator" and items[j].text in run_separator and items[j - 1].kind in {"body", "unread"}:
            piece = items[j - 1]
            if not (piece.text.endswith(words.units) or (piece.kind == "unread" and m["head"])):
                break
            run.append(j - 1)
            j -= 2
        if not run:
            continue
        prefix = next((p for p in words.distributed if items[run[-1]].text.startswith(p)), "")
        for idx in run:
            piece = items[idx]
            name = piece.text + (m["end"] if piece.text.endswith(words.units) else m["unit"] + m["end"])
            name = name if name.startswith(prefix) else prefix + name  # 各市、州、县… → 各州人民政府
            out[idx] = replace(piece, kind="body", name=name, name_kind="local")
        if prefix and not last.text.startswith(prefix):
            out[k] = replace(last, name=prefix + last.text)
    return out


def mark_unknown_verbs(lexicon: Lexicon, items: list[ListItem]) -> list[ListItem]:
    """A verb roles.csv lacks after bodies (市住建局统筹推进): a role word, responsible, flagged.

    The verb may stand alone after the bodies or be written on to the last name.
    """
    out: list[ListItem] = []
    since_role = False
    for it in items:
        if it.kind == "unread":
            if since_role and _verb_chain(lexicon, it.text):
                out.append(replace(it, kind="role", role="responsible", flags=("unknown_role_verb",)))
                since_role = False
                continue
            k = _name_then_verb(lexicon, it.text)
            if k:
                out.append(replace(it, kind="body", end=it.start + k, text=it.text[:k],
                                   name_kind=lexicon.kind_of_unknown(it.text[:k]) or "unknown"))  # fmt: skip
                out.append(replace(it, kind="role", start=it.start + k, text=it.text[k:], role="responsible",
                                   flags=("unknown_role_verb",)))  # fmt: skip
                since_role = False
                continue
        if it.kind == "body":
            since_role = True
        elif it.kind in ROLE_ITEMS:
            since_role = False
        out.append(it)
    return out


def _verb_chain(lexicon: Lexicon, piece: str) -> bool:
    """Whether ``piece`` is made only of verbs and adverbs (统筹推进, 抓紧落实)."""
    if len(piece) > MAX_NAME:
        return False
    words = lexicon.verbs_and_adverbs
    ok = [True] + [False] * len(piece)
    for i in range(len(piece)):
        if ok[i]:
            for n in range(MIN_CHAIN_WORD, min(MAX_CHAIN_WORD + 1, len(piece) - i + 1)):
                if piece[i : i + n] in words:
                    ok[i + n] = True
    return len(piece) >= MIN_CHAIN_WORD and ok[len(piece)]


def _name_then_verb(lexicon: Lexicon, piece: str) -> int:
    """Where the name of ``piece`` ends when it is a name followed by a verb chain, else 0."""
    if len(piece) > MAX_NAME or starts_with_verb(lexicon, piece):
        return 0  # 强化开办服务保障 is a clause, not 强化开办 + 服务保障
    for k in range(MIN_NAME, len(piece) - 1):
        if _verb_chain(lexicon, piece[k:]) and lexicon.kind_of_unknown(piece[:k]):
            return k
    return 0


def starts_with_verb(lexicon: Lexicon, piece: str) -> bool:
    """Whether ``piece`` opens with an action verb of two or more characters (推行…, 强化…)."""
    return piece.startswith(lexicon.verb_openings)
