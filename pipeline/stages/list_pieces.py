"""The passes over a list's tokens: shared endings and group prefixes given to the pieces of a
run (哈尔滨、黑河、绥芬河市政府; 各省级教育行政部门、人力资源社会保障部门), and verbs that roles.csv lacks
read as role words (市住建局、市城管局统筹推进). Used by :mod:`pipeline.list_reader`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon.model import Lexicon
from ..types import ListItem

MIN_NAME = 2  # a one-character piece (场, 区) is never a body
MAX_NAME = 60  # no body name is longer: a longer piece is text (and is not searched for names)
ROLE_ITEMS = frozenset({"role", "following", "cohost", "first_listed"})
# A shared ending: 哈尔滨、黑河、绥芬河市政府; 相关市、县政府; 各县、区人民政府（管委会）.
# A parenthesis after the ending qualifies the last unit only: 各县、区人民政府（管委会） →
# 各县人民政府, 各区人民政府（管委会）.
# The unit may carry its own parenthesis: 各设区市、县（市、区）人民政府 → 各设区市人民政府.
_SHARED_END = re.compile(
    r"^(?P<head>.*?)(?P<unit>[省市县区州盟旗乡镇])(?:（[^（）]{1,8}）)?(?P<end>(?:人民)?政府)(?:（[^（）]{1,12}）)?$"
)
_DISTRIBUTED_PREFIX = ("各", "相关", "有关")


def share_group_prefix(items: list[ListItem]) -> list[ListItem]:
    """A group prefix shared by a run joined by 、: 各省级教育行政部门、人力资源社会保障部门 →
    各省级人力资源社会保障部门 (codebook §6: the second piece is a kind of department, no body alone)."""
    out = list(items)
    prefix = ""
    for k, it in enumerate(items):
        if it.kind == "body" and (m := _GROUP_PREFIX.match(it.text)) and _GROUP_END.search(it.text):
            prefix = m.group()
        elif it.kind == "separator" and it.text == "、":
            continue
        elif prefix and it.kind in {"body", "unread"} and _GROUP_END.search(it.text) and not _OWN_PREFIX.match(it.text):
            out[k] = replace(it, kind="body", name=prefix + it.text, name_kind="generic")
        else:
            prefix = ""
    return out


_GROUP_PREFIX = re.compile(r"各(?:省级|市级|县级|区级|地|级)")
_GROUP_END = re.compile(r"(?:部门|机构)$")
_OWN_PREFIX = re.compile(r"(?:各|有关|相关|其他|国家|国务院|中央|[省市县区州乡镇])")


def distribute(items: list[ListItem]) -> list[ListItem]:
    """Give the pieces of a run joined by 、 the ending they share (codebook §6)."""
    out = list(items)
    for k, last in enumerate(items):
        m = _SHARED_END.match(last.text) if last.kind == "body" else None
        if not m:
            continue
        run: list[int] = []
        j = k - 1
        while j >= 1 and items[j].kind == "separator" and items[j].text == "、" and items[j - 1].kind in {"body", "unread"}:
            piece = items[j - 1]
            if not (piece.text[-1] in "省市县区州盟旗乡镇" or (piece.kind == "unread" and m["head"])):
                break
            run.append(j - 1)
            j -= 2
        if not run:
            continue
        prefix = next((p for p in _DISTRIBUTED_PREFIX if items[run[-1]].text.startswith(p)), "")
        for idx in run:
            piece = items[idx]
            name = piece.text + (m["end"] if piece.text[-1] in "省市县区州盟旗乡镇" else m["unit"] + m["end"])
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
            for n in range(2, min(5, len(piece) - i + 1)):
                if piece[i : i + n] in words:
                    ok[i + n] = True
    return len(piece) >= 2 and ok[len(piece)]


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
