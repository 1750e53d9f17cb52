"""Measures from clauses, by the codebook (docs/codebook.md §4).

A verb-led clause is a measure; a framing clause (以…为重点, 在…中, 结合… before another
clause) and a verbless clause at a sentence's start join the clause after them; a verbless
clause later in a sentence joins the measure before it; a clause that is only a deadline
(年内完成) gives the measure before it its deadline.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import ahocorasick

from ...lexicon.matching import automaton
from ...lexicon.model import Lexicon
from ...types import Clause, Outline, Sentence, Span, TextSlice
from ..lists.running import scan_names


@dataclass
class Draft:
    """A measure being built: its clauses, which of them lead it, and its deadline."""

    path: str
    paragraph: int
    clauses: list[Clause] = field(default_factory=list)
    head: int = 0  # index of the verb-led clause in ``clauses``
    deadline: str = ""
    agents: list[Clause] = field(default_factory=list)  # 由A牵头，B配合，: who does it (not its text)

    @property
    def start(self) -> int:
        return self.clauses[0].start

    @property
    def end(self) -> int:
        return self.clauses[-1].end


def is_framing(lexicon: Lexicon, text: str, final: bool) -> bool:
    """Whether a clause only frames the next one (codebook §4)."""
    for f in lexicon.framing:
        if not text.startswith(f.prefix) or len(text) <= len(f.prefix):
            continue
        if f.position == "any" and f.suffixes and text.endswith(f.suffixes):
            return True
        if f.position == "nonfinal" and not final:
            return True
        if f.position == "nonfinal_noun" and not final and not _verb_at(lexicon, text, len(f.prefix)):
            return True
        if f.position == "nonfinal_verb" and not final and (
                _verb_at(lexicon, text, len(f.prefix)) or _adverb_at(lexicon, text, len(f.prefix))):  # fmt: skip
            return True
    return False


def _adverb_at(lexicon: Lexicon, text: str, i: int, end: int | None = None) -> int:
    """The length of the longest adverb of the lexicon at ``text[i]`` (为|进一步加快) that leaves
    something before ``end``, or 0."""
    end = len(text) + 1 if end is None else end
    return next((k for k in lexicon.adverb_lengths if i + k < end and text[i : i + k] in lexicon.adverbs), 0)


def _verb_at(lexicon: Lexicon, text: str, i: int) -> bool:
    """Whether a verb of the lexicon begins at ``text[i]`` (突出|抓好)."""
    return text.startswith(lexicon.verb_openings, i)


def agent_words(lexicon: Lexicon) -> tuple[str, ...]:
    """The role words that open an agent clause (roles.csv ``agent``: 由), longest first."""
    return tuple(sorted((p for p, w in lexicon.roles.items() if w.applies == "agent"), key=len, reverse=True))


def assigning_words(lexicon: Lexicon) -> ahocorasick.Automaton:
    """The role words an agent clause ends with (roles.csv ``preceding`` and ``cohost``: 负责, 会同)."""
    return automaton(sorted(p for p, w in lexicon.roles.items() if w.applies in {"preceding", "cohost"}))


def is_agent_clause(lexicon: Lexicon, text: str) -> bool:
    """Whether a clause only says who acts: 由A牵头 / 由A会同B负责 / (after it) B、C配合.

    The whole clause must read as bodies and role words (codebook §4: it joins the measure it
    assigns; §5 gives the roles).
    """
    # Most clauses hold no role word at all, and so cannot end in one: no need to read their names.
    ends = lexicon.derived(assigning_words)
    if not len(ends) or next(ends.iter(text), None) is None:
        return False
    agent = text.startswith(lexicon.derived(agent_words))
    items = scan_names(lexicon, TextSlice(text, 1 if agent else 0, len(text)))
    if not items or not any(it.kind == "body" for it in items):
        return False
    last = next((it for it in reversed(items) if it.kind != "separator"), None)
    return last is not None and last.kind in {"role", "cohost"} and (agent or len(items) <= MAX_AGENT_ITEMS)


MAX_AGENT_ITEMS = 12  # a clause of bodies and a role word without 由 is short: 财政部、商务部配合


def deadline_of(lexicon: Lexicon, text: str, whole: bool) -> str:
    """A deadline filling ``text`` (``whole``) or opening it, else ''."""
    if whole:
        pattern = lexicon.deadline_whole
        return text if pattern is not None and pattern.fullmatch(text) else ""
    pattern = lexicon.deadline_opening
    m = pattern.match(text) if pattern is not None else None
    return m.group(0) if m else ""


def usable_verbs(lexicon: Lexicon, text: str, clause: Clause, verbs: list[Span]) -> list[Span]:
    """The verb spans of a clause that can lead it: noun-like verbs only at its head.

    The head is the clause's first word after any adverbs (深入, 大力 …): 建设 leads
    "建设…体系" but not "…体系建设"; a noun-like verb followed by 的 or a conjunction is a noun
    (document_words.csv noun_marker).
    """
    head = clause.start
    while head < clause.end and text[head].isspace():
        head += 1
    # The longest adverb first: 依法依规 is one adverb, not 依法 and a head 依规.
    while k := _adverb_at(lexicon, text, head, clause.end):
        head += k
    out = []
    for v in verbs:
        if not (clause.start <= v.start and v.end <= clause.end):
            continue
        if (v.text in lexicon.verbs and lexicon.verbs[v.text].position == "head") and (
            v.start != head or text.startswith(lexicon.words.noun_marker, v.end)
        ):
            continue
        out.append(v)
    return out


def primary_verb(lexicon: Lexicon, verbs: list[Span]) -> Span | None:
    """The first verb of a chain; an adverb-verb (严格, 坚定) only when no verb follows it directly."""
    for i, v in enumerate(verbs):
        nxt = verbs[i + 1] if i + 1 < len(verbs) else None
        if v.text in lexicon.adverbs and nxt is not None and nxt.start == v.end:
            continue
        return v
    return verbs[0] if verbs else None


def sentence_drafts(lexicon: Lexicon, text: str, sent: Sentence, verbs: list[Span]) -> list[Draft]:
    """Group a sentence's clauses into measures."""
    drafts: list[Draft] = []
    pending: list[Clause] = []
    agents: list[Clause] = []
    pending_deadline = ""
    n = len(sent.clauses)
    # Each clause is tested against its own verbs only (found by bisection), not the sentence's;
    # the verbs come in text order, as detected.
    starts = [v.start for v in verbs]
    for i, clause in enumerate(sent.clauses):
        own = verbs[bisect_left(starts, clause.start) : bisect_left(starts, clause.end)]
        ctext = text[clause.start : clause.end].strip()
        final = i == n - 1
        if deadline_of(lexicon, ctext, whole=True):
            if drafts and not pending:
                drafts[-1].deadline = drafts[-1].deadline or ctext
            else:
                pending_deadline = ctext
            continue
        if is_framing(lexicon, ctext, final):
            pending.append(clause)
            continue
        if is_agent_clause(lexicon, ctext):  # 由A牵头，B配合，加快…: who does it, not an action
            agents.append(clause)
            continue
        if usable_verbs(lexicon, text, clause, own):
            d = Draft(sent.path, sent.paragraph, [*pending, clause], head=len(pending), agents=agents)
            d.deadline = pending_deadline or deadline_of(lexicon, ctext, whole=False)
            drafts.append(d)
            pending, pending_deadline, agents = [], "", []
        elif drafts and not pending:
            drafts[-1].clauses.append(clause)
        else:
            pending.append(clause)
    if pending and drafts:
        drafts[-1].clauses.extend(pending)
    if agents and drafts:  # 建立…机制，由A负责。: the agents of the measure before them
        drafts[-1].agents.extend(agents)
    return drafts


def draft_measures(lexicon: Lexicon, text: str, outline: Outline, spans: list[Span]) -> list[Draft]:
    """All measure drafts of a document, in order: sentences of units and closing text."""
    verbs = [s for s in spans if s.label == "VERB"]
    out: list[Draft] = []
    vi = 0
    for sent in outline.sentences:
        if sent.is_title:
            continue
        while vi < len(verbs) and verbs[vi].end <= sent.start:
            vi += 1
        local = []
        j = vi
        while j < len(verbs) and verbs[j].start < sent.end:
            local.append(verbs[j])
            j += 1
        out.extend(sentence_drafts(lexicon, text, sent, local))
    return out
