"""The gazetteer (``places.csv``) and the national counterparts of local departments (``functions.csv``).

A local body's *place* is the administrative unit it belongs to; its *function* is the national
body whose work it mirrors at its level (职责同构: a 市发改委 does at its level what 国家发展和改革委员会
does nationally). Both are read from lexicon rows a researcher edits; this module only indexes
them (codebook §6, Places and functions).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

import ahocorasick

from ..lexicon.files import read
from ..lexicon.matching import automaton, longest_matches

PlaceLevel = Literal["province", "city", "county", "district", "township"]  # a township: known by name only
# Full names that are also common words (老城区, 矿区): found only as a body's own prefix.
WORD_NAMES = frozenset({"城区", "矿区", "郊区", "新区", "市中区"})


class Place(NamedTuple):
    """A row of ``places.csv``: a province, city, county or district.

    A named tuple rather than a dataclass: the gazetteer holds some 9,000 of them, and the cached
    lexicon unpickles tuples in half the time (a fifth of a one-plan run's lexicon load).
    """

    name: str
    short: str
    level: PlaceLevel
    parent: str
    code: str


@dataclass(frozen=True)
class PlaceHit:
    """A place named in a string: where, how it was written, and the candidates it may be."""

    start: int
    end: int
    written: str
    places: tuple[Place, ...]
    full: bool  # written as the full name or short form + unit character, not the bare short form


class Gazetteer:
    """The places of ``places.csv`` indexed by their written forms.

    Args:
        places: the rows of ``places.csv``.
        not_places: words that hold a place's written form and name no place (中华人民共和国 holds
            共和, 共和县's short form): matched as words, they hide the place inside them.
    """

    def __init__(self, places: list[Place], not_places: tuple[str, ...] = ()):
        self.places = places
        self.by_name: dict[str, Place] = {}
        self.forms: dict[str, tuple[list[Place], bool]] = {}
        for p in places:
            self.by_name.setdefault(p.name, p)
            self._add(p.name, p, True)
            if p.short:
                self._add(p.short, p, False)
                if p.name.endswith(("自治州", "自治县")):  # 湘西州, 湘西自治州: the short form with its unit
                    self._add(p.short + p.name[-1], p, True)
                    self._add(p.short + p.name[-3:], p, True)
        # A county made a city or district (宁乡县 → 宁乡市, 2017) keeps its short form: the short form
        # with another unit word names it too, unless a place of that name exists.
        for p in places:
            if p.short and p.level != "province":
                for unit in "市区县":
                    if p.short + unit not in self.forms:  # named as written: 宁乡市, not the table's 宁乡县
                        self._add(p.short + unit, Place(p.short + unit, p.short, p.level, p.parent, p.code), True)
        for word in not_places:
            self.forms[word] = ([], False)  # leftmost-longest: the word takes its letters from any place in it
        self.automaton: ahocorasick.Automaton = automaton(sorted(self.forms))

    def _add(self, form: str, place: Place, full: bool) -> None:
        found, was_full = self.forms.get(form, ([], full))
        if place not in found:
            found.append(place)
        self.forms[form] = (found, was_full or full)

    def find(self, text: str) -> list[PlaceHit]:
        """The places written in ``text``, leftmost-longest, in text order."""
        hits = []
        for start, end, key in longest_matches(self.automaton, text):
            places, full = self.forms[key]
            if not places:  # a word that names no place (not_places)
                continue
            hits.append(PlaceHit(start, end, key, tuple(places), full))
        return hits

    def ancestors(self, place: Place) -> list[Place]:
        """The units containing ``place``, nearest first."""
        out: list[Place] = []
        while place.parent and place.parent in self.by_name and len(out) < 3:
            place = self.by_name[place.parent]
            out.append(place)
        return out

    def within(self, place: Place, container: Place | None) -> bool:
        """Whether ``place`` is ``container`` or lies inside it."""
        return container is not None and (place == container or container in self.ancestors(place))

    def pick(self, hit: PlaceHit, context: Place | None, previous: Place | None = None) -> Place | None:
        """The candidate of ``hit`` a document about ``context`` means (城关区 of 兰州 or of 拉萨).

        ``previous`` is a place written just before it (鞍山市立山区): its child is preferred.
        """
        for anchor in (previous, context):
            if anchor is None:
                continue
            near = [p for p in hit.places if self.within(p, anchor) or self.within(anchor, p)]
            if near:
                return near[0]
        ranked = sorted(hit.places, key=lambda p: ("province", "city", "county", "district").index(p.level))
        if len(ranked) > 1 and ranked[0].level == ranked[1].level:
            same = {p.name for p in ranked if p.level == ranked[0].level}
            if hit.full and len(same) == 1:
                # 城关区 of 兰州 or of 拉萨, and nothing to tell: the place as written, its parent unknown
                return Place(ranked[0].name, ranked[0].short, ranked[0].level, "", "")
            return None  # a short form several places share (朝阳): not a place the text shows
        return ranked[0]


def read_places(path: Path, not_places: tuple[str, ...] = ()) -> Gazetteer:
    """``places.csv`` as a :class:`Gazetteer`; ``not_places``: document_words.csv's ``not_place`` words."""
    rows = [Place(r["name"], r["short"], r["level"], r["parent"], r["code"]) for r in read(path)]  # type: ignore[arg-type]
    return Gazetteer(rows, not_places)


@dataclass(frozen=True)
class FunctionStem:
    """A row of ``functions.csv``: a department's name stem and the national bodies it mirrors."""

    stem: str
    functions: tuple[str, ...]  # body_ids of agencies.csv, or "government"
    valid_from: int | None
    valid_to: int | None
    notes: str = ""

    def valid(self, year: int | None) -> bool:
        """Whether the stem means these functions in ``year`` (any year when None)."""
        if year is None:
            return True
        return (self.valid_from is None or year >= self.valid_from) and (self.valid_to is None or year <= self.valid_to)


def _year(value: str) -> int | None:
    return int(value) if value else None


class FunctionStems:
    """The stems of ``functions.csv``, found in a name by the longest that fits the year."""

    def __init__(self, rows: list[FunctionStem]):
        self.rows = rows
        self.by_stem: dict[str, list[FunctionStem]] = {}
        for r in rows:
            self.by_stem.setdefault(r.stem, []).append(r)
        self.automaton: ahocorasick.Automaton = automaton(sorted(self.by_stem))

    def match(self, name: str, year: int | None) -> FunctionStem | None:
        """The stem row ``name`` holds for ``year``: the longest stem, then the one ending last."""
        if not len(self.automaton):
            return None
        best: tuple[int, int, FunctionStem] | None = None
        for end, (length, key) in self.automaton.iter(name):
            row = next((r for r in self.by_stem[key] if r.valid(year)), None)
            if row is not None and (best is None or (length, end) > best[:2]):
                best = (length, end, row)
        return best[2] if best else None


def read_functions(path: Path) -> FunctionStems:
    """``functions.csv`` as :class:`FunctionStems`."""
    return FunctionStems([
        FunctionStem(r["stem"], tuple(f for f in r["function"].split("|") if f),
                     _year(r.get("valid_from", "")), _year(r.get("valid_to", "")), r.get("notes", ""))
        for r in read(path)
    ])  # fmt: skip

