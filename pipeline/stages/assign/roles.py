"""Stage 5, assign: measures and (measure, body, role) rows, by the codebook (§4–§6).

Responsibility lists cover the measures of their unit since the previous list there;
a list's role words, 会同 and the 列第一位者为牵头 convention give each body its role;
由A负责 in running text and a paragraph's subject (地方各级人民政府要…) assign the
measures that no list covers.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import NamedTuple

from ...lexicon.model import Lexicon
from ...lexicon.script import taiwan_to_mainland, to_simplified
from ...types import (
    Assignment,
    Assignments,
    CellSpan,
    Detection,
    ListItem,
    Measure,
    NormalizedText,
    Outline,
    RespList,
    TextSlice,
)
from ..lists.running import scan_names, subject_end
from .measures import Draft, agent_words, draft_measures, primary_verb, usable_verbs

SOURCES = ("parenthesis", "table", "running text", "convention")
# The flags a row may carry, in the order they are written (codebook §6, Flags).
FLAGS = ("unknown_role_verb", "partial_list", "unknown_body", "unknown_place", "ocr", "no_measure")


class RowFields(NamedTuple):
    """What a row takes from its list item: the resolved body, its place and its flags."""

    body: str
    body_id: str
    body_en: str
    kind: str
    level: str
    start: int
    end: int
    raw: str
    marker: str
    flags: str


@dataclass
class Role:
    """A body item of a list with the role it was given."""

    item: ListItem
    role: str
    marker: ListItem | None  # the role words that gave the role, where written
    source: str



def _shown(text: str) -> str:
    """``text`` quoted for a warning, its line breaks as spaces (a list may run over two lines)."""
    return repr(" ".join(text.split("\n")))

def list_roles(items: list[ListItem], first_is_lead: bool, source: str) -> list[Role]:
    """Give every body of a list its role (codebook §5, Roles).

    Args:
        items: the list's items in text order (bodies of a document-wide rule are skipped:
            :meth:`_Assigner.rule_roles` places them).
        first_is_lead: a 列第一位者为牵头部门 convention holds for this list.
        source: the ``source`` of the rows (parenthesis, running text).
    Returns:
        One :class:`Role` per body, in text order.
    """
    roles: list[Role] = []
    pending: list[ListItem] = []  # bodies waiting for their role word
    followers: list[ListItem] = []  # bodies after 会同
    cohost: ListItem | None = None
    label: ListItem | None = None  # 牵头单位： / 责任单位：: the role of the bodies after it with no role word

    def settle() -> None:
        nonlocal pending, followers, cohost
        roles.extend(Role(b, label.role if label else "responsible", label, source) for b in pending)
        roles.extend(Role(b, "participant", cohost, source) for b in followers)
        pending, followers, cohost = [], [], None

    for it in items:
        if it.kind == "body" and not it.persists:
            (followers if cohost else pending).append(it)
        elif it.kind == "following":
            settle()
            label = it
        elif it.kind == "cohost":
            roles.extend(Role(b, "lead", it, source) for b in pending)
            pending, cohost = [], it
        elif it.kind == "role":
            roles.extend(Role(b, it.role, it, source) for b in pending)
            roles.extend(Role(b, "participant", cohost, source) for b in followers)
            pending, followers, cohost = [], [], None
        elif it.kind == "cell_end":  # a table cell's names took its column's role, settled here
            settle()
            label = None
        elif it.kind == "separator" and it.text in "；。" and label is not None:
            settle()  # a label's group ends at ；
    settle()
    has_lead = any(r.role == "lead" for r in roles)
    if first_is_lead and not has_lead:
        written = {id(r.item): r.marker for r in roles}
        bodies = [it for it in items if it.kind == "body" and not it.persists]
        return [
            Role(b, "lead" if k == 0 else "participant", written.get(id(b)), "convention")
            for k, b in enumerate(bodies)
        ]
    if has_lead:
        roles = [r if r.role == "lead" else Role(r.item, "participant", r.marker, r.source) for r in roles]
    order = {id(it): k for k, it in enumerate(items)}
    return sorted(roles, key=lambda r: order[id(r.item)])


def body_key(item: ListItem) -> str:
    """The name a list item stands for, in simplified script (to tell two mentions apart)."""
    return to_simplified(item.name or item.text)


def _in_unit(path: str, unit: str) -> bool:
    return path == unit if unit == "" else (path == unit or path.startswith(unit + "."))


def _units_of(path: str) -> list[str]:
    """Every ``unit`` with ``_in_unit(path, unit)``: the path and its dotted prefixes."""
    parts = path.split(".")
    return [".".join(parts[: k + 1]) for k in range(len(parts))] if path else [""]


def _between(starts: list[int], items: list, lo: int, hi: int) -> list:
    """The ``items`` (in text order, ``starts`` their offsets) that start in ``[lo, hi)``."""
    return items[bisect_left(starts, lo) : bisect_left(starts, hi)]


def _agent_scan(lexicon: Lexicon) -> tuple[re.Pattern[str] | None, bool]:
    """The agent words' pattern, and whether a later 由 may be skipped (computed once per lexicon).

    A later 由 read as a word by a failed 由-scan only repeats that scan's tail, unless a body
    name holds 由 inside it (then every 由 is scanned).
    """
    agents = agent_words(lexicon)
    pattern = re.compile("|".join(map(re.escape, agents))) if agents else None
    return pattern, not any(a in name[1:-1] for a in agents for name in lexicon.alias_index)


class _Assigner:
    """Builds the rows of one document; holds only that document's state."""

    def __init__(self, norm: NormalizedText, outline: Outline, det: Detection, lexicon: Lexicon):
        self.norm, self.outline, self.lexicon = norm, outline, lexicon
        self.year = outline.header.year
        self.spans = det.spans
        self.warnings: list[str] = []
        self.rows: list[Assignment] = []
        # Computed once per document, not once per measure (keeps a document linear).
        self.verbs = [s for s in self.spans if s.label == "VERB"]  # in text order, as detected
        self.verb_starts = [v.start for v in self.verbs]
        self.titles = {u.path: u.title for u in outline.units}
        self.fields: dict[tuple[str, str, str], tuple[tuple[str, str, str, str, str], list[str]]] = {}
        # Original-script offsets and text of list items and markers, by working-text span.
        self.places: dict[tuple[int, ...], tuple[int, int, str, str]] = {}
        self.agent_re, self.skip_agents = lexicon.derived(_agent_scan)

    def measure(self, k: int, d: Draft) -> Measure:
        text = self.norm.text
        verbs = _between(self.verb_starts, self.verbs, d.start, d.end)
        head = d.clauses[d.head]
        lead = primary_verb(self.lexicon, usable_verbs(self.lexicon, text, head, verbs))
        verb = lead.text if lead else ""
        titles = self.titles
        section = d.path.split(".")[0] if d.path else ""
        item = titles.get(d.path, "") if "." in d.path else ""
        return Measure(
            measure_id=f"m{k:04d}", path=d.path, section_title=titles.get(section, ""),
            item_title=item, start=d.start, end=d.end, text_simplified=text[d.start : d.end],
            verb=verb, verbs=[v.text for v in verbs],
            verb_category=self.lexicon.verbs[verb].category if verb in self.lexicon.verbs else "", deadline=d.deadline,
        )  # fmt: skip

    def body_fields(self, item: ListItem) -> tuple[str, str, str, str, str]:
        """(body, body_id, body_en, body_kind, level) of a list item; its warnings are added each time."""
        key = (item.text, item.name, item.name_kind)
        hit = self.fields.get(key)
        if hit is None:  # a list's bodies recur for each of its measures: resolve each name once
            mark = len(self.warnings)
            fields = self._body_fields(item)
            self.fields[key] = (fields, self.warnings[mark:])
            return fields
        self.warnings.extend(hit[1])
        return hit[0]

    def _body_fields(self, item: ListItem) -> tuple[str, str, str, str, str]:
        written = body_key(item)
        level = self.lexicon.level_of(written)
        if item.name_kind == "unknown":  # a Taiwan-phrase copy may still name a lexicon body
            mainland = taiwan_to_mainland(self.norm.orig_text(item.start, item.end))
            if mainland != written and self.lexicon.resolve(mainland, self.year).body is not None:
                return self._body_fields(replace(item, name=mainland, name_kind=""))
        if item.name_kind:  # a name the lexicon lacks: local names stay local (codebook §6)
            if item.name_kind == "unknown":
                self.warnings.append(f"unknown body {_shown(written)} (not in the lexicon)")
            return written, "", "", item.name_kind, level
        resolution = self.lexicon.resolve(written, self.year)
        if resolution.body is None and written.endswith("）"):  # 新闻出版广电总局（版权局）: its first name
            resolution = self.lexicon.resolve(written[: written.rindex("（")], self.year)
        if resolution.body is None:
            self.warnings.append(f"unknown body {_shown(written)} (not in the lexicon)")
            return written, "", "", "unknown", level
        if resolution.warning:
            self.warnings.append(resolution.warning)
        b = resolution.body
        if b.kind in {"generic", "local"}:
            return written, b.id, b.name_en, b.kind, level
        return b.name, b.id, b.name_en, b.kind, "national"

    def item_fields(self, role: Role, list_flags: tuple[str, ...] = ()) -> RowFields:
        """What a row takes from its list item and role; resolving the body adds its warnings.

        The original-script place is computed once per item.
        """
        item, mark = role.item, role.marker
        key = (item.start, item.end, mark.start, mark.end) if mark else (item.start, item.end)
        where = self.places.get(key)
        if where is None:
            s, e = self.norm.orig_span(item.start, item.end)
            marker = self.norm.orig_text(mark.start, mark.end) if mark else ""
            where = self.places[key] = (s, e, self.norm.orig_text(item.start, item.end), marker)
        body, body_id, body_en, kind, level = self.body_fields(item)
        flags = {*list_flags, *item.flags, *(mark.flags if mark else ())}
        if kind == "unknown":
            flags.add("unknown_body")
        if self.norm.ocr_spans and self.norm.in_ocr(where[0]):
            flags.add("ocr")  # recognised from a page image (--ocr): a name may hold a misread character
        return RowFields(body, body_id, body_en, kind, level, *where, "|".join(f for f in FLAGS if f in flags))

    def add(self, m: Measure | None, path: str, role: Role, deadline: str, f: RowFields) -> None:
        """One row: ``m`` None for a list whose unit holds no measure (flag ``no_measure``)."""
        flags = f.flags if m is not None else "|".join(filter(None, (f.flags, "no_measure")))  # last in FLAGS
        self.rows.append(Assignment(
            measure_id=m.measure_id if m else "", path=path, body=f.body, body_id=f.body_id,
            body_en=f.body_en, body_kind=f.kind, role=role.role, raw=f.raw, marker=f.marker,
            source=role.source, deadline=deadline or (m.deadline if m else ""), start=f.start,
            end=f.end, level=f.level, flags=flags,
        ))  # fmt: skip

    def rule_roles(self, roles: list[Role], rule: list[ListItem], source: str) -> list[Role]:
        """The bodies of document-wide rules (以下…不再列出) that ``roles`` lack (codebook §5).

        Each is responsible, or a participant when the list names a lead.
        """
        named = {body_key(r.item) for r in roles}
        role = "participant" if any(r.role == "lead" for r in roles) else "responsible"
        extra: dict[str, Role] = {}
        for b in rule:
            if body_key(b) not in named:
                extra.setdefault(body_key(b), Role(b, role, None, source))
        return list(extra.values())

    def list_warnings(self, lst: RespList, roles: list[Role]) -> None:
        where = lst.path or "(no unit)"
        written = self.norm.text[lst.start : lst.end]
        if lst.unread:
            self.warnings.append(f"{where}: list {_shown(written)} read in part; not read: {', '.join(lst.unread)}")
        for verb in dict.fromkeys(r.marker.text for r in roles if r.marker and "unknown_role_verb" in r.marker.flags):
            self.warnings.append(f"{where}: unknown role verb {verb!r} in list {_shown(written)}, read as responsible")

    def same_row(self, cell: CellSpan, ks: list[int], measures: list, after: int) -> list[int]:
        """The measures ``ks`` (after offset ``after``) of the table row of a bodies ``cell``: its
        list covers its row's task, written after it when the bodies column comes first (a table
        ordered by body: 责任单位 | 工作任务 | 完成时限)."""
        out = []
        for k in ks:
            task = self.norm.cell_at(measures[k].start)
            if measures[k].start > after and task is not None and (task.table, task.row) == (cell.table, cell.row):
                out.append(k)
        return out

    def run(self) -> Assignments:
        text = self.norm.text
        drafts = draft_measures(self.lexicon, text, self.outline, self.spans)
        measures = [self.measure(k + 1, d) for k, d in enumerate(drafts)]
        covered: set[str] = set()
        first_is_lead_always = False
        rule_bodies: list[ListItem] = []  # named by 以下…不再列出: in every later list
        n_flagged = 0
        # Per unit path: the measures in it (sorted by start) and the end of its last list.
        in_unit: dict[str, list[int]] = {}
        for k, m in enumerate(measures):
            for unit in _units_of(m.path):
                in_unit.setdefault(unit, []).append(k)
        # Measures come in text order, so each unit's list is in text order too.
        unit_starts = {u: [measures[k].start for k in ks] for u, ks in in_unit.items()}
        done_end: dict[str, int] = {}
        for lst in self.outline.lists:
            kinds = {it.kind for it in lst.items}
            here = "first_listed" in kinds
            # 下同 carries the convention on; so does the preamble's bracket of conventions alone,
            # before the outline (…分工表（责任部门排在第一位的为牵头单位）): it names nobody of its own.
            if here and ("persist" in kinds or (not lst.path and "body" not in kinds)):
                first_is_lead_always = True
            unit = lst.scope or lst.path
            prev_end = done_end.get(unit, -1)
            ks = _between(unit_starts.get(unit, []), in_unit.get(unit, []), prev_end, lst.start)
            if not ks and (cell := self.norm.cell_at(lst.start)) is not None:
                ks = self.same_row(cell, in_unit.get(unit, []), measures, prev_end)
            scope = [measures[k] for k in ks]
            # A deadline cell of two lines (6月底前：形成初稿 / 12月底前：印发实施): both, in order.
            deadline = "；".join(dict.fromkeys(
                " ".join(to_simplified(it.text).split()) for it in lst.items if it.kind == "deadline"))  # fmt: skip
            # 共同负责 in a later list says its bodies stand together: a 下同 convention gives way
            # (document_words.csv joint).
            joint = any(it.kind == "role" and it.text.startswith(self.lexicon.words.joint) for it in lst.items)
            # A list in a task table's cell (牵头单位 column) is read as one in a parenthesis.
            source = "table" if self.norm.cell_at(lst.start) is not None else "parenthesis"
            roles = list_roles(lst.items, here or (first_is_lead_always and not joint), source)
            own_rule = [it for it in lst.items if it.kind == "body" and it.persists]
            later_only = any(it.kind == "document_rule" and it.role == "later" for it in lst.items)
            if own_rule and not later_only:
                roles += self.rule_roles(roles, own_rule, source)
            if roles:  # a list of only a convention, a rule or a deadline does not end a scope
                roles += self.rule_roles(roles, rule_bodies, "convention")
                for inner in _units_of(lst.path):
                    done_end[inner] = max(done_end.get(inner, -1), lst.end)
            rule_bodies += own_rule
            self.list_warnings(lst, roles)
            n_flagged += bool(lst.unread or any(r.marker and r.marker.flags for r in roles))
            # A list's items are the same for every measure of its scope: resolved once.
            fields = [self.item_fields(r, lst.flags) for r in roles]
            if roles and not scope:  # a list whose unit states no action (a target): still emitted
                for r, f in zip(roles, fields):
                    self.add(None, unit, r, deadline, f)
            for m in scope:
                if roles:
                    covered.add(m.measure_id)
                if deadline and not m.deadline:
                    m.deadline = deadline
                for r, f in zip(roles, fields):
                    self.add(m, m.path, r, deadline, f)
        self.running_text(measures, drafts, covered)
        assigned = {a.measure_id for a in self.rows}
        n_unassigned = sum(m.measure_id not in assigned for m in measures)
        return Assignments(self.norm.doc_id, measures, self.rows, self.warnings, n_flagged, n_unassigned)

    def running_text(self, measures: list[Measure], drafts: list[Draft], covered: set[str]) -> None:
        """由A（会同B）负责 inside a measure; else the subject of its paragraph (codebook §5)."""
        subjects = self._subjects()  # per paragraph, in text order
        subject_starts = {p: [start for start, _ in found] for p, found in subjects.items()}
        for m, d in zip(measures, drafts):
            if m.measure_id in covered:
                continue
            roles = self._agent_clause_roles(d) or self._agent_roles(m)
            if not roles:
                n_earlier = bisect_right(subject_starts.get(d.paragraph, []), m.start)
                roles = subjects[d.paragraph][n_earlier - 1][1] if n_earlier else []
            for r in roles:
                self.add(m, m.path, r, "", self.item_fields(r))

    def _agent_clause_roles(self, d: Draft) -> list[Role]:
        """The roles its agent clauses give a measure: 由A牵头，B配合，… (codebook §4, §5)."""
        items: list[ListItem] = []
        text = self.norm.text
        for clause in d.agents:
            start = clause.start
            while start < clause.end and text[start].isspace():
                start += 1
            hit = self.agent_re.match(text, start) if self.agent_re is not None else None
            items += scan_names(self.lexicon, TextSlice(text, hit.end() if hit else start, clause.end)) or []
        return [r for r in list_roles(items, False, "running text") if r.item.kind == "body"]

    def _agent_roles(self, m: Measure) -> list[Role]:
        """由A（会同B）负责 inside a measure: the bodies after an agent word (roles.csv)."""
        if self.agent_re is None:
            return []
        text = self.norm.text
        repeats: set[int] = set()  # agent words whose scan would repeat the tail of a failed one
        for hit in self.agent_re.finditer(text, m.start, m.end):
            if hit.start() in repeats:
                continue
            items = scan_names(self.lexicon, TextSlice(text, hit.end(), m.end), stop_at_text=True)
            if items and any(it.kind in {"role", "cohost"} for it in items):
                return [r for r in list_roles(items, False, "running text") if r.item.kind == "body"]
            if self.skip_agents:
                repeats.update(it.start for it in items or [] if it.kind == "agent")
        return []

    def _subjects(self) -> dict[int, list[tuple[int, list[Role]]]]:
        """Per paragraph, the sentences that open with a body or group as subject (…要…)."""
        text = self.norm.text
        out: dict[int, list[tuple[int, list[Role]]]] = {}
        for sent in self.outline.sentences:
            found = subject_end(self.lexicon, text, sent.start, sent.end)
            if found:
                end, bodies = found
                word = ListItem("subject", bodies[-1].end, end, text[bodies[-1].end : end])
                roles = [Role(b, "responsible", word, "running text") for b in bodies]
                out.setdefault(sent.paragraph, []).append((sent.start, roles))
        return out


def assign(norm: NormalizedText, outline: Outline, det: Detection, lexicon: Lexicon) -> Assignments:
    """Build the measures of a document and assign bodies and roles to them.

    Args:
        norm: the normalized text.
        outline: its outline (units, sentences, responsibility lists).
        det: the BODY and VERB spans found in it.
        lexicon: the lexicons the names are resolved with.
    Returns:
        The :class:`~pipeline.types.Assignments`: measures, (measure, body, role) rows, counts
        of what was flagged, and warnings.
    """
    return _Assigner(norm, outline, det, lexicon).run()
