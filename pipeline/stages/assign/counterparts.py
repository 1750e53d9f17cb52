"""Stage 5b, counterparts: each body's place and the national body it mirrors (codebook §6).

A local department is comparable across places and levels only through two values: the
administrative unit it belongs to (``place``: 兰州市 for a 市发改委 of a plan that 兰州市人民政府办公室
issued) and the national body whose work it does at its level (``function``: ndrc for any
发改委, 发改局 or 发展和改革局). The place comes from the name when the name says it (哈尔滨铁路局,
人民银行潍坊市中心支行), else from the document (issuer, notice title, title); the function from the
stems of ``functions.csv``, moved to the national body valid in the document's year.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ...lexicon.functions import local_function
from ...lexicon.model import Lexicon
from ...lexicon.places import WORD_NAMES, Gazetteer, Place, PlaceHit
from ...lexicon.words import alternation
from ...types import Assignment, Assignments, Header, Outline
from .roles import FLAGS

GOVERNMENT = "government"  # the function of a people's government, its office or a 管委会
NATIONAL_KINDS = frozenset({"generic", "local", "unknown", ""})  # body kinds that are not one national body
# A name opening with one of these names its unit relative to the document (市发改委, 区医保局).
RELATIVE_UNITS = "省市州盟县区旗"
PLURAL_OPENINGS = ("各", "相关", "有关", "全")
TOWNSHIP_GOVERNMENT = ("人民政府", "政府", "办事处", "党委")  # 莲花镇人民政府, 平安街道办事处
NATIONAL_ISSUERS = re.compile(r"^(?:国务院|中共中央|中央|全国|国家)")


def document_place(header: Header, opening: str, gazetteer: Gazetteer) -> Place | None:
    """The unit a plan is about: the first place written in full in its issuer, notice title or
    title; else the place its header and preamble name most often.

    Args:
        header: the document's header fields.
        opening: the working text before the first numbered unit (header and preamble).
        gazetteer: the places of ``places.csv``.
    Returns:
        The most specific place of the first run of places found (鞍山市立山区 → 立山区), or None;
        a place two units share (城关区) is told apart by the place the text names most, else
        returned by its name alone.
    """
    named = _most_named(opening, gazetteer)  # tells 兰州's 城关区 from 拉萨's when the text names 兰州
    for text in (header.issuer, header.notice_title, header.title, header.addressees):
        place = _first_run(text, gazetteer, named, full_only=True)[0]
        if place is not None:
            return place
    return named


def _most_named(text: str, gazetteer: Gazetteer) -> Place | None:
    """The place written most often in ``text`` (结合淮安实际, 涉及嘉鱼的), short forms included; ties: the first."""
    counts: dict[Place, int] = {}
    for hit in gazetteer.find(text):
        if hit.written in WORD_NAMES or hit.written[0] in RELATIVE_UNITS:
            continue
        place = gazetteer.pick(hit, None)
        if place is not None:
            counts[place] = counts.get(place, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _first_run(
    text: str, gazetteer: Gazetteer, context: Place | None, *, full_only: bool, at: int | None = None
) -> tuple[Place | None, PlaceHit | None]:
    """The most specific place of the first run of adjacent places in ``text`` (from offset ``at``
    if given), and the run's first hit (how its first place was written)."""
    found: Place | None = None
    first: PlaceHit | None = None
    end = at
    for hit in gazetteer.find(text):
        if at is not None and hit.start < at:
            continue  # a place inside the words before (规划自然资源局渝北区分局: 资源 is no place here)
        if end is not None and hit.start != end:
            if found is not None or at is not None:
                break
            continue
        usable = hit.full or not full_only
        if not usable or hit.written in WORD_NAMES:
            if found is not None:
                break
            continue
        place = gazetteer.pick(hit, context, found)
        if place is None:
            break
        found, end, first = place, hit.end, first or hit
    return found, first


def document_level(header: Header, place: Place | None, rows: list[Assignment]) -> str:
    """The tier of the issuing government: its place's level, ``national`` for a plan of the centre."""
    if place is not None:
        return place.level
    if NATIONAL_ISSUERS.match(header.issuer) or NATIONAL_ISSUERS.match(header.notice_title):
        return "national"
    national = sum(a.level == "national" for a in rows)
    return "national" if rows and national * 2 >= len(rows) else "unknown"


def body_place(name: str, doc_place: Place | None, lexicon: Lexicon) -> Place | None:
    """The unit a local body belongs to: from its name where it says so, else from the document.

    Args:
        name: the body as written (simplified script).
        doc_place: the document's place, or None.
        lexicon: the lexicons (places, the prefixes of vertical bodies).
    Returns:
        The place, or None when neither the name nor the document shows it.
    """
    place = name_place(name, doc_place, lexicon)
    if place is not None:
        return place
    unit = name[0] if name else ""
    if doc_place is not None and unit in RELATIVE_UNITS and not name.startswith(PLURAL_OPENINGS):
        # 市科技局 of a 滕州市 plan is 滕州's; 市财政局 named by a county plan is its city's.
        for candidate in (doc_place, *lexicon.places.ancestors(doc_place)):
            if candidate.name.endswith(unit):
                return candidate
    return doc_place


def name_place(name: str, doc_place: Place | None, lexicon: Lexicon) -> Place | None:
    """The place a body's own name writes, the most specific first: before a branch word
    (市生态环境局榆中分局 → 榆中), after a vertical body's prefix (国家税务总局甘肃省税务局 → 甘肃省),
    at its start (哈尔滨市政府); None when the name writes none.
    """
    gazetteer = lexicon.places
    branch_starts = [
        hit.start
        for word in lexicon.words.place_branch
        for at in _offsets(name, word)
        for hit in gazetteer.find(name[:at])
        if hit.end == at
    ]
    prefix_starts = sorted({len(p) for p in lexicon.words.place_prefix if name.startswith(p)}, reverse=True)
    for at in (*sorted(set(branch_starts), reverse=True), *prefix_starts, 0):
        place = _named_place(name, at, doc_place, gazetteer)
        if place is not None:
            return _inner_place(name, place, gazetteer)
    return _township(name, doc_place, lexicon)


def _inner_place(name: str, place: Place, gazetteer: Gazetteer) -> Place:
    """The last place the name writes inside ``place`` (国网重庆市电力公司渝北供电分公司 → 渝北区):
    a body named by two nested places is the inner one's."""
    inner = place
    for hit in gazetteer.find(name):
        if hit.written in WORD_NAMES or hit.written[0] in RELATIVE_UNITS:
            continue
        candidate = gazetteer.pick(hit, place)
        if candidate is not None and candidate != inner and gazetteer.within(candidate, inner):
            inner = candidate
    return inner


def _township(name: str, doc_place: Place | None, lexicon: Lexicon) -> Place | None:
    """A town or sub-district the name opens with (莲花镇人民政府 → 莲花镇), inside the document's
    place: towns are not in the gazetteer, so the town is known by its name alone."""
    m = _township_pattern(lexicon.words.township_unit).match(name)
    if m is None or name.startswith(PLURAL_OPENINGS) or not set(m.group(1)) - set("".join(lexicon.words.township_unit)):
        return None  # 乡镇人民政府, 街道办事处: the units, no town named
    rest = name[m.end() :]
    if not rest or not any(rest.startswith(g) for g in TOWNSHIP_GOVERNMENT):
        return None
    return Place(m.group(1), "", "township", doc_place.name if doc_place else "", "")  # type: ignore[arg-type]


def _offsets(text: str, word: str) -> list[int]:
    """Every offset at which ``word`` starts in ``text``."""
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


@lru_cache(maxsize=8)
def _township_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    """A town's name and unit at the start of a name (莲花镇, 平安街道)."""
    return re.compile(rf"([\u4e00-\u9fff]{{1,6}}?(?:{alternation(units)}))")


def _named_place(name: str, at: int, doc_place: Place | None, gazetteer: Gazetteer) -> Place | None:
    """A place the name writes at offset ``at``: a full name anywhere in the gazetteer; a bare
    short form (哈尔滨铁路局) only for a province or city, or inside the document's place."""
    place, hit = _first_run(name, gazetteer, doc_place, full_only=False, at=at)
    if place is None or hit is None:
        return None
    if hit.full:
        return place
    if hit.written[0] in RELATIVE_UNITS:
        return None  # 市中小企业局 is the city's, not 市中区's
    if place.level in {"province", "city"} or gazetteer.within(place, doc_place):
        return place
    return None


def body_function(a: Assignment, year: int | None, lexicon: Lexicon) -> str:
    """The body_ids of the national bodies a row's body mirrors, ``|``-joined ('' for none).

    A national body is its own function; a local name takes its ``functions.csv`` stem's ids,
    each moved to the national body valid in ``year`` (a 2019 市环保局 mirrors mee).
    """
    if a.level == "national" and a.body_id and a.body_kind not in NATIONAL_KINDS:
        return a.body_id
    if a.body_kind == "generic":
        return ""  # 各有关部门, 县政府各部门: a group of departments mirrors no one body
    if a.body_kind == "local" and a.body_id:
        return GOVERNMENT  # agencies.csv's local groups are governments: 各地区, 地方各级人民政府
    return "|".join(local_function(lexicon, a.body, year)[1])


def counterparts(result: Assignments, outline: Outline, text: str, lexicon: Lexicon) -> Assignments:
    """Give every row its place and function, and the document its place and level.

    Args:
        result: the document's assignments (stage assign).
        outline: its outline: the header (issuer, titles, year) and where the first unit starts.
        text: the working text.
        lexicon: the lexicons (places.csv, functions.csv, agencies.csv).
    Returns:
        The same :class:`~pipeline.types.Assignments` with ``place``/``function`` set on each row,
        ``unknown_place`` flagged where a local body's place shows nowhere, and the document's
        ``place`` and ``place_level``.
    """
    header = outline.header
    opening = text[: outline.units[0].start] if outline.units else text
    doc_place = document_place(header, opening, lexicon.places)
    level = document_level(header, doc_place, result.assignments)
    year = header.year
    memo: dict[tuple[str, str, str], tuple[str, str, bool, str]] = {}
    rows = []
    for a in result.assignments:
        key = (a.body, a.level, a.body_id)
        if key not in memo:
            function = body_function(a, year, lexicon)
            named = name_place(a.body, doc_place, lexicon) if a.level == "national" else None
            if named is not None:
                # 国家税务总局甘肃省税务局: a national body's branch, of the place its name writes
                memo[key] = (named.name, function, False, named.level)
            elif a.level == "national":
                memo[key] = ("", function, False, a.level)
            else:
                place = body_place(a.body, doc_place, lexicon)
                unknown = place is None and level != "national"
                memo[key] = (place.name if place else "", function, unknown, a.level)
        place_name, function, unknown, body_level = memo[key]
        flags = a.flags
        if unknown:
            flags = _with_flag(flags, "unknown_place")
        rows.append(_with(a, place=place_name, function=function, flags=flags, level=body_level))
    return replace(result, assignments=rows, place=doc_place.name if doc_place else "", place_level=level)


def _with(a: Assignment, **changes: str) -> Assignment:
    """A copy of row ``a`` with ``changes`` (``dataclasses.replace`` re-runs ``__init__``: a
    tenth of this stage, over every row)."""
    new = object.__new__(Assignment)
    new.__dict__ = {**a.__dict__, **changes}
    return new


def _with_flag(flags: str, flag: str) -> str:
    """``flags`` with ``flag`` added in the order of the flags table (assign.FLAGS)."""
    have = set(filter(None, flags.split("|"))) | {flag}
    return "|".join(f for f in FLAGS if f in have)
