"""The lexicons: bodies (time-aware), verbs, adverbs, role words, framing and deadline patterns,
the word lists of a document's furniture and its lists (:mod:`pipeline.lexicon.words`) and the
labels of body kinds and verb categories (:mod:`pipeline.lexicon.labels`).

Every piece of knowledge the pipeline uses lives in ``lexicons/*.csv``; this module reads
those rows, builds Aho-Corasick automata over them (:mod:`pipeline.lexicon.matching`) and
resolves a body name for a year; :mod:`pipeline.lexicon.validate` checks the tables. Names
are stored in simplified script only: traditional forms resolve because every lookup goes
through OpenCC first.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

import ahocorasick

from ..errors import FengongError
from ..lexicon.cache import cache_dir, read_pickle, write_pickle
from ..lexicon.files import compiled as _compiled
from ..lexicon.files import read as _read
from ..lexicon.labels import Labels, read_labels
from ..lexicon.matching import automaton, first_match
from ..lexicon.places import FunctionStems, Gazetteer, read_functions, read_places
from ..lexicon.script import to_simplified, to_traditional
from ..lexicon.words import (
    DocumentWords,
    PageClass,
    PageField,
    WordLookups,
    WordRow,
    read_document_words,
    read_page_classes,
    read_page_fields,
)
from ..version import __version__

LEXICON_DIR = Path(__file__).resolve().parents[2] / "lexicons"
FILES = (
    "agencies.csv",
    "verbs.csv",
    "adverbs.csv",
    "roles.csv",
    "framing.csv",
    "deadlines.csv",
    "body_patterns.csv",
    "list_conventions.csv",
    "levels.csv",
    "table_columns.csv",
    "page_fields.csv",
    "page_classes.csv",
    "document_words.csv",
    "places.csv",
    "functions.csv",
    "labels.csv",
)
# The kinds and verb categories fengong knows; labels.csv gives each its Chinese and English label.
KINDS = {
    "ministry", "special", "directly_under", "office", "institution", "bureau",
    "coordination", "party", "people_org", "judicial", "state_org", "enterprise",
    "generic", "local", "unknown",
}  # fmt: skip
ROLES = {"lead", "participant", "responsible"}
# verbs.csv position: any (the verb leads a measure wherever it stands) or head (a noun-like verb:
# it leads only at the head of its clause, 建设…体系 but not …体系建设).
VERB_POSITIONS = {"any", "head"}
FRAMING_POSITIONS = {"any", "nonfinal", "nonfinal_noun", "nonfinal_verb"}
CONVENTION_KINDS = {"first_listed", "persist", "document_rule", "person_label", "rule_lead", "rule_later"}
TABLE_COLUMNS = {"number", "task", "bodies", "deadline", "note"}
LEVELS = {"national", "province", "city", "county", "district", "township", "unknown"}
APPLIES = {"preceding", "following", "deadline_label", "cohost", "first_listed", "persist", "close", "separator", "agent", "subject"}
VERB_CATEGORIES = {
    "regulate", "institution", "planning", "promote", "organize", "research",
    "publicity", "monitoring", "funding", "coordination", "ensure",
}  # fmt: skip


@dataclass(frozen=True)
class Body:
    """One row of ``agencies.csv``: a body under one name for one life span."""

    id: str
    name: str
    aliases: tuple[str, ...]
    name_en: str
    kind: str
    parent: str
    valid_from: int | None
    valid_to: int | None
    successors: tuple[str, ...]
    notes: str = ""

    def alive(self, year: int) -> bool:
        """Whether the body existed under this name in ``year``."""
        lo = self.valid_from if self.valid_from is not None else -10_000
        hi = self.valid_to if self.valid_to is not None else 10_000
        return lo <= year <= hi

    def distance(self, year: int) -> int:
        """Years between ``year`` and the body's life (0 when alive)."""
        if self.valid_from is not None and year < self.valid_from:
            return self.valid_from - year
        if self.valid_to is not None and year > self.valid_to:
            return year - self.valid_to
        return 0


@dataclass(frozen=True)
class Resolution:
    """The body a name resolves to in a year, with a warning when it did not exist then."""

    name: str
    body: Body | None
    warning: str = ""


class VerbEntry(NamedTuple):
    """A row of ``verbs.csv``: the verb's category and where in a measure it may stand."""

    category: str
    position: Literal["any", "head"]  # head: only as a measure's first verb


class RoleWord(NamedTuple):
    """A row of ``roles.csv``: the role a phrase gives and how it applies (preceding, following…)."""

    role: str
    applies: str


@dataclass(frozen=True)
class Framing:
    """A framing pattern: a clause opened by ``prefix`` (and closed by a ``suffixes``)."""

    prefix: str
    suffixes: tuple[str, ...]
    # any: a clause that matches frames; nonfinal: only when another clause follows in its sentence;
    # nonfinal_noun: as nonfinal, and only when no verb follows the prefix (突出重点商品，… frames;
    # in 突出抓好… 突出 is an adverb and 抓好 leads the clause); nonfinal_verb: as nonfinal, and only
    # when a verb or an adverb follows the prefix (为加快…，… states a purpose; in 为全区学生开展…
    # 为 names who benefits and 开展 leads the clause)
    position: Literal["any", "nonfinal", "nonfinal_noun", "nonfinal_verb"]


_T = TypeVar("_T")


@dataclass
class Lexicon(WordLookups):
    """All lexicons, loaded and indexed (the lookups over page fields and words: :class:`WordLookups`)."""

    bodies: dict[str, Body]
    alias_index: dict[str, list[Body]]
    verbs: dict[str, VerbEntry]
    adverbs: set[str]
    adverb_lengths: tuple[int, ...]  # the adverbs' lengths, longest first
    roles: dict[str, RoleWord]
    framing: list[Framing]
    deadlines: list[tuple[re.Pattern[str], str]]
    body_patterns: list[tuple[re.Pattern[str], str]]
    conventions: list[tuple[re.Pattern[str], str]]  # list_conventions.csv: (pattern, kind)
    levels: list[tuple[re.Pattern[str], str]]  # levels.csv: (pattern, level), first match wins
    table_columns: dict[str, str]  # table_columns.csv: column heading → number, task, bodies, deadline, note
    table_roles: dict[str, str]  # table_columns.csv: a bodies column's heading → the role of its names
    page_fields: tuple[PageField, ...]  # page_fields.csv: (field, gives), in file order
    page_classes: tuple[PageClass, ...]  # page_classes.csv: (name, use), in file order
    word_rows: tuple[WordRow, ...]  # document_words.csv as read (validate checks every use)
    words: DocumentWords  # document_words.csv by use
    places: Gazetteer  # places.csv: provinces, cities, counties, districts
    functions: FunctionStems  # functions.csv: a local department's stem → the national bodies it mirrors
    labels: Labels  # labels.csv: the zh/en labels of body kinds and verb categories
    version: str
    duplicate_ids: tuple[str, ...]
    longest_word: int  # the longest body name or role word, in characters
    body_automaton: ahocorasick.Automaton = field(repr=False)
    verb_automaton: ahocorasick.Automaton = field(repr=False)
    role_automaton: ahocorasick.Automaton = field(repr=False)
    _derived: dict[Callable[[Any], Any], Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, build: Callable[[Lexicon], _T]) -> _T:
        """``build(self)``, computed once per Lexicon: a stage's patterns made of these words."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]

    def resolve(self, name: str, year: int | None = None) -> Resolution:
        """Resolve a written body name (either script) to the body of ``year``."""
        key = to_simplified(name.strip())
        candidates = self.alias_index.get(key, [])
        if not candidates:
            return Resolution(key, None)
        if year is None:
            return Resolution(key, max(candidates, key=lambda b: b.valid_to or 10_000))
        alive = [b for b in candidates if b.alive(year)]
        if alive:
            return Resolution(key, alive[0])
        body = min(candidates, key=lambda b: (b.distance(year), -(b.valid_to or 10_000)))
        life = f"{body.valid_from or ''}–{body.valid_to or ''}"
        shown = key if key == body.name else f"{key} ({body.name})"
        if body.valid_from is not None and year < body.valid_from:
            pred = self.predecessors_in(body, year)
            other = f"; its predecessor: {', '.join(p.name for p in pred)}" if pred else ""
        else:
            succ = self.successors_in(body, year)
            other = f"; its successor: {', '.join(s.name for s in succ)}" if succ else ""
        return Resolution(key, body, f"{shown} existed {life}, not in {year}{other}")

    def predecessors_in(self, body: Body, year: int) -> list[Body]:
        """The bodies whose functions ``body`` took over, as of ``year`` where possible."""
        before = lambda b: [p for p in self.bodies.values() if b.id in p.successors]  # noqa: E731
        out: list[Body] = []
        seen = {body.id}
        frontier = before(body)
        while frontier:
            pred = frontier.pop(0)
            if pred.id in seen:
                continue
            seen.add(pred.id)
            earlier = before(pred)
            if pred.alive(year) or not earlier:
                out.append(pred)
            else:
                frontier.extend(earlier)
        return out

    def successors_in(self, body: Body, year: int) -> list[Body]:
        """The bodies that carried on ``body``'s functions, as of ``year`` where possible."""
        out: list[Body] = []
        seen = {body.id}
        frontier = list(body.successors)
        while frontier:
            sid = frontier.pop(0)
            if sid in seen or sid not in self.bodies:
                continue
            seen.add(sid)
            succ = self.bodies[sid]
            if succ.alive(year) or not succ.successors:
                out.append(succ)
            else:
                frontier.extend(succ.successors)
        return out

    def kind_of_unknown(self, name: str) -> str | None:
        """The kind a name the lexicon lacks looks like (by ``body_patterns.csv``), else None.

        A parenthesis closing the name is its second name, not its shape: 县发改局（粮食局）
        is read as 县发改局, 各县（市、区） as 各县（市、区） (a parenthesis inside stays).
        """
        known = self.derived(_name_cache)  # the same names come back in every list of a plan
        if name not in known:
            known[name] = self._kind_by_pattern(name)
        return known[name]

    def _kind_by_pattern(self, name: str) -> str | None:
        bare = _TRAILING_PAREN.sub("", name) if name.endswith("）") else name
        for candidate in dict.fromkeys((bare, name)):
            for pattern, kind in self.body_patterns:
                if pattern.search(candidate):
                    return kind
        return None

    def level_of(self, name: str) -> str:
        """The government level a local name shows by its prefix (``levels.csv``), else unknown."""
        for pattern, level in self.levels:
            if pattern.search(name):
                return level
        return "unknown"

    def conventions_in(self, text: str) -> list[tuple[re.Match[str], str]]:
        """The convention phrases of ``text`` (``list_conventions.csv``) as (match, kind), in order."""
        hits = [(m, kind) for pattern, kind in self.conventions for m in pattern.finditer(text)]
        return sorted(hits, key=lambda h: h[0].start())

    @cached_property
    def deadline_whole(self) -> re.Pattern[str] | None:
        """Any deadline pattern, as one regex (its ``fullmatch`` tries them all at once)."""
        return first_match([p for p, _ in self.deadlines])

    @cached_property
    def deadline_opening(self) -> re.Pattern[str] | None:
        """The deadline patterns that may open a clause, in file order: ``match`` takes the first that fits."""
        return first_match([p for p, edge in self.deadlines if edge in {"start", "any"}])

    @cached_property
    def verb_openings(self) -> tuple[str, ...]:
        """The verbs of two or more characters, for ``str.startswith`` (a name never opens with one)."""
        return tuple(v for v in self.verbs if len(v) >= 2)

    @cached_property
    def verbs_and_adverbs(self) -> frozenset[str]:
        """Every verb and adverb: the words a chain such as 统筹推进 or 抓紧落实 is made of."""
        return frozenset(self.verbs) | frozenset(self.adverbs)

    @cached_property
    def list_ends(self) -> tuple[str, ...]:
        """Role words that end a list (负责, 牵头落实), in simplified and traditional script."""
        words = [p for p, w in self.roles.items() if w.applies == "preceding" and len(p) >= 2]
        return tuple(sorted({*words, *map(to_traditional, words)}, key=len, reverse=True))

    @cached_property
    def list_labels(self) -> tuple[str, ...]:
        """The labels with their colon that open a list on its line (责任单位：), in both scripts."""
        labels = [p for p, w in self.roles.items() if w.applies == "following" and p.endswith("：")]
        return tuple(sorted({*labels, *map(to_traditional, labels)}, key=len, reverse=True))

    @cached_property
    def run_in_label(self) -> re.Pattern[str] | None:
        """A label with its colon written after a sentence of the same line (…。责任单位：A)."""
        labels = [p for p in self.list_labels if p in self.roles]  # the simplified ones, longest first
        return re.compile("(?<=[。；])(?:" + "|".join(map(re.escape, labels)) + ")") if labels else None

    @cached_property
    def line_label(self) -> re.Pattern[str]:
        """A label or deadline label opening a line (责任单位：, 完成时限：)."""
        labels = sorted((p for p, w in self.roles.items() if w.applies in {"following", "deadline_label"}), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, labels)) if labels else "(?!)")

    @cached_property
    def subject_words(self) -> list[str]:
        """The subject words (要, 应 …) of roles.csv, longest first."""
        return sorted((p for p, w in self.roles.items() if w.applies == "subject"), key=len, reverse=True)

    def user_words(self) -> list[str]:
        """Every name, alias, verb, role word and segment word: jieba user words that must stay whole."""
        words = set(self.alias_index) | set(self.verbs) | set(self.adverbs) | set(self.words.segment_word)
        words |= {p for p, w in self.roles.items() if w.applies not in {"separator", "subject"}}
        # A role word that ends in an action verb (组织实施, 具体落实) is left to jieba: in running
        # text it is a verb chain, and lists match role words on the text, not on tokens.
        ends_in_verb = {p for p in self.roles if p not in self.verbs and any(
            p.endswith(v) and len(v) < len(p) for v in self.verbs)}  # fmt: skip
        return sorted(w for w in words - ends_in_verb if len(w) > 1)


_TRAILING_PAREN = re.compile(r"（[^（）]{1,12}）$")


def _name_cache(lexicon: Lexicon) -> dict[str, str | None]:
    """An empty memo of :meth:`Lexicon.kind_of_unknown`, one per lexicon."""
    return {}


def _year(value: str) -> int | None:
    return int(value[:4]) if value else None


def load_lexicon(directory: str | Path | None = None) -> Lexicon:
    """Read and index the lexicons of ``directory`` (default: the project's ``lexicons/``)."""
    return _load(str(Path(directory or LEXICON_DIR).resolve()))


def lexicon_version(directory: str | Path | None = None) -> str:
    """The version of the lexicons of ``directory``: the first 12 hex digits of the sha256 of its
    files' bytes, in ``FILES`` order (what a rerun compares; building them is not needed)."""
    root = Path(directory or LEXICON_DIR)
    digest = hashlib.sha256()
    for name in FILES:
        if not (root / name).is_file():
            raise FengongError("E010", str(root / name), detail="no such lexicon file")
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=4)
def _load(directory: str) -> Lexicon:
    """The lexicon of ``directory``, from the user cache when this code built it from these files."""
    root = Path(directory)
    version = lexicon_version(root)
    cache = cache_dir() / f"lexicon-{version}-{_code_version()}.pickle"
    cached = read_pickle(cache)
    if isinstance(cached, Lexicon) and cached.version == version:
        return cached
    lexicon = _build(root, version)
    for name in dir(Lexicon):  # its derived words and patterns, kept with it
        if isinstance(getattr(Lexicon, name, None), cached_property):
            getattr(lexicon, name)
    derived, lexicon._derived = lexicon._derived, {}  # the stages' own memo: built by each process
    write_pickle(cache, lexicon)
    lexicon._derived = derived
    return lexicon


def _code_version() -> str:
    """The code that builds a lexicon and whose classes it holds (pipeline/lexicon/, pipeline/types.py):
    a cached lexicon is used only by the code that made it."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")) + [Path(__file__).parents[1] / "types.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _build(root: Path, version: str) -> Lexicon:
    bodies: dict[str, Body] = {}
    duplicates: list[str] = []
    alias_index: dict[str, list[Body]] = {}
    for row in _read(root / "agencies.csv"):
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        body = Body(
            id=row["id"], name=row["name"], aliases=aliases, name_en=row["name_en"],
            kind=row["kind"], parent=row["parent"], valid_from=_year(row["valid_from"]),
            valid_to=_year(row["valid_to"]),
            successors=tuple(s for s in row["successors"].split("|") if s),
            notes=row.get("notes", ""),
        )  # fmt: skip
        if body.id in bodies:
            duplicates.append(body.id)
        bodies[body.id] = body
        for alias in {body.name, *aliases}:
            alias_index.setdefault(to_simplified(alias), []).append(body)
    verbs = {r["verb"]: VerbEntry(r["category"], r.get("position") or "any") for r in _read(root / "verbs.csv")}
    adverbs = {r["adverb"] for r in _read(root / "adverbs.csv")}
    roles = {r["phrase"]: RoleWord(r["role"], r["applies"]) for r in _read(root / "roles.csv")}
    framing = [
        Framing(r["prefix"], tuple(s for s in r["suffix"].split("|") if s), r["position"])
        for r in _read(root / "framing.csv")
    ]
    deadlines = _compiled(root / "deadlines.csv", _read(root / "deadlines.csv"), "edge")
    patterns = _compiled(root / "body_patterns.csv", _read(root / "body_patterns.csv"), "kind")
    conventions = _compiled(root / "list_conventions.csv", _read(root / "list_conventions.csv"), "kind")
    levels = _compiled(root / "levels.csv", _read(root / "levels.csv"), "level")
    table_rows = _read(root / "table_columns.csv")
    table_columns = {r["header"]: r["column"] for r in table_rows}
    table_roles = {r["header"]: r["role"] for r in table_rows if r.get("role")}
    word_rows, words = read_document_words(root / "document_words.csv")
    role_keys = [p for p, w in roles.items() if w.applies not in {"subject"}]
    return Lexicon(
        bodies=bodies, alias_index=alias_index, verbs=verbs, adverbs=adverbs, roles=roles,
        adverb_lengths=tuple(sorted({len(a) for a in adverbs}, reverse=True)),
        framing=framing, deadlines=deadlines, body_patterns=patterns,
        conventions=conventions, levels=levels, table_columns=table_columns, table_roles=table_roles,
        page_fields=read_page_fields(root / "page_fields.csv"),
        page_classes=read_page_classes(root / "page_classes.csv"), word_rows=word_rows, words=words,
        places=read_places(root / "places.csv", words.not_place), functions=read_functions(root / "functions.csv"),
        labels=read_labels(root / "labels.csv"),
        version=version, duplicate_ids=tuple(duplicates),
        longest_word=max(map(len, [*alias_index, *role_keys]), default=0),
        body_automaton=automaton(sorted(alias_index)),
        verb_automaton=automaton(sorted(set(verbs) | adverbs)),
        role_automaton=automaton(sorted(role_keys)),
    )  # fmt: skip
