"""Stage 5, assign: measures and (measure, body, role) rows, by the codebook (§4–§6).

Responsibility lists cover the measures of their unit since the previous list there;
a list's role words, 会同 and the 列第一位者为牵头 convention give each body its role;
由A负责 in running text and a paragraph's subject (地方各级人民政府要…) assign the
measures that no list covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Lexicon
from .lists import scan_names, subject_end
from .measures import Draft, draft_measures, primary_verb, usable_verbs
from .script import to_simplified
from .types import (
    Assignment,
    Assignments,
    Detection,
    ListItem,
    Measure,
    NormalizedText,
    Outline,
    RespList,
)

SOURCES = ("parenthesis", "running text", "convention")


@dataclass
class Role:
    """A body item of a list with the role it was given."""

    item: ListItem
    role: str
    marker: ListItem | None  # the role words that gave the role, where written
    source: str


def list_roles(items: list[ListItem], first_is_lead: bool, source: str) -> list[Role]:
    """Give every body of a list its role (codebook §5, Roles)."""
    roles: list[Role] = []
    pending: list[ListItem] = []  # bodies waiting for their role word
    followers: list[ListItem] = []  # bodies after 会同
    cohost: ListItem | None = None
    heading: ListItem | None = None  # a 牵头单位： / 责任单位： heading: its role for the bodies after it
    for it in items:
        if it.kind == "body" and heading is not None:
            roles.append(Role(it, heading.role, heading, source))
        elif it.kind == "body":
            (followers if cohost else pending).append(it)
        elif it.kind == "following":
            roles += [Role(b, "responsible", None, source) for b in pending]
            pending, heading = [], it
        elif it.kind == "cohost":
            roles += [Role(b, "lead", it, source) for b in pending]
            pending, cohost = [], it
        elif it.kind == "role":
            heading = None
            roles += [Role(b, it.role, it, source) for b in pending]
            roles += [Role(b, "participant", cohost, source) for b in followers]
            pending, followers, cohost = [], [], None
    roles += [Role(b, "participant", cohost, source) for b in followers]
    has_lead = any(r.role == "lead" for r in roles)
    if first_is_lead and not has_lead:
        written = {id(r.item): r.marker for r in roles}
        bodies = [it for it in items if it.kind == "body"]
        return [
            Role(b, "lead" if k == 0 else "participant", written.get(id(b)), "convention")
            for k, b in enumerate(bodies)
        ]
    roles += [Role(b, "responsible", None, source) for b in pending]
    if has_lead:
        roles = [r if r.role == "lead" else Role(r.item, "participant", r.marker, r.source) for r in roles]
    order = {id(it): k for k, it in enumerate(items)}
    return sorted(roles, key=lambda r: order[id(r.item)])


def _in_unit(path: str, unit: str) -> bool:
    return path == unit if unit == "" else (path == unit or path.startswith(unit + "."))


class _Assigner:
    """Builds the rows of one document; holds only that document's state."""

    def __init__(self, norm: NormalizedText, outline: Outline, det: Detection, lexicon: Lexicon):
        self.norm, self.outline, self.lexicon = norm, outline, lexicon
        self.year = outline.header.year
        self.spans = det.spans
        self.warnings: list[str] = []
        self.rows: list[Assignment] = []

    def measure(self, k: int, d: Draft) -> Measure:
        text = self.norm.text
        verbs = [s for s in self.spans if s.label == "VERB" and d.start <= s.start < d.end]
        head = d.clauses[d.head]
        lead = primary_verb(self.lexicon, usable_verbs(self.lexicon, text, head, verbs))
        verb = lead.text if lead else ""
        titles = {u.path: u.title for u in self.outline.units}
        section = d.path.split(".")[0] if d.path else ""
        item = titles.get(d.path, "") if "." in d.path else ""
        return Measure(
            measure_id=f"m{k:04d}", path=d.path, section_title=titles.get(section, ""),
            item_title=item, start=d.start, end=d.end, text_simplified=text[d.start : d.end],
            verb=verb, verbs=[v.text for v in verbs],
            verb_category=self.lexicon.verbs.get(verb, ("", ""))[0], deadline=d.deadline,
        )  # fmt: skip

    def body_fields(self, item: ListItem) -> tuple[str, str, str, str]:
        written = to_simplified(item.text)
        if item.role.startswith("?"):
            kind = item.role[1:]
            if kind == "unknown":
                self.warnings.append(f"unknown body {written!r} (not in the lexicon)")
            return written, "", "", kind
        res = self.lexicon.resolve(written, self.year)
        if res.body is None:
            return written, "", "", "unknown"
        if res.warning:
            self.warnings.append(res.warning)
        b = res.body
        name = written if b.kind in {"generic", "local"} else b.name
        return name, b.id, b.name_en, b.kind

    def add(self, m: Measure, role: Role, deadline: str) -> None:
        body, body_id, body_en, kind = self.body_fields(role.item)
        s, e = self.norm.orig_span(role.item.start, role.item.end)
        marker = self.norm.orig_text(role.marker.start, role.marker.end) if role.marker else ""
        self.rows.append(Assignment(
            measure_id=m.measure_id, path=m.path, body=body, body_id=body_id, body_en=body_en,
            body_kind=kind, role=role.role, raw=self.norm.orig_text(role.item.start, role.item.end),
            marker=marker, source=role.source, deadline=deadline or m.deadline, start=s, end=e,
        ))  # fmt: skip

    def run(self) -> Assignments:
        text = self.norm.text
        drafts = draft_measures(self.lexicon, text, self.outline, self.spans)
        measures = [self.measure(k + 1, d) for k, d in enumerate(drafts)]
        covered: set[str] = set()
        first_is_lead_always = False
        done: list[RespList] = []
        for lst in self.outline.lists:
            kinds = {it.kind for it in lst.items}
            here = "first_listed" in kinds
            if here and "persist" in kinds:
                first_is_lead_always = True
            prev_end = max((p.end for p in done if _in_unit(p.path, lst.path)), default=-1)
            scope = [m for m in measures if _in_unit(m.path, lst.path) and prev_end <= m.start < lst.start]
            deadline = next((to_simplified(it.text) for it in lst.items if it.kind == "deadline"), "")
            roles = list_roles(lst.items, here or first_is_lead_always, "parenthesis")
            if roles:  # a list of only a convention or a deadline does not end a scope
                done.append(lst)
            for m in scope:
                if roles:
                    covered.add(m.measure_id)
                if deadline and not m.deadline:
                    m.deadline = deadline
                for r in roles:
                    self.add(m, r, deadline)
        self.running_text(measures, drafts, covered)
        return Assignments(self.norm.doc_id, measures, self.rows, self.warnings)

    def running_text(self, measures: list[Measure], drafts: list[Draft], covered: set[str]) -> None:
        """由A（会同B）负责 inside a measure; else the subject of its paragraph (codebook §5)."""
        subjects = self._subjects()
        for m, d in zip(measures, drafts):
            if m.measure_id in covered:
                continue
            roles = self._agent_roles(m)
            if not roles:
                earlier = [r for start, r in subjects.get(d.paragraph, []) if start <= m.start]
                roles = earlier[-1] if earlier else []
            for r in roles:
                self.add(m, r, "")

    def _agent_roles(self, m: Measure) -> list[Role]:
        text = self.norm.text
        pos = text.find("由", m.start, m.end)
        while pos >= 0:
            items = scan_names(self.lexicon, text, pos + 1, m.end, stop_at_text=True)
            if items and any(it.kind in {"role", "cohost"} for it in items):
                return [r for r in list_roles(items, False, "running text") if r.item.kind == "body"]
            pos = text.find("由", pos + 1, m.end)
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
    """Build the measures of a document and assign bodies and roles to them."""
    return _Assigner(norm, outline, det, lexicon).run()
