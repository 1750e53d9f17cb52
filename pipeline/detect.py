"""Stage 4, detect: body names and action verbs as spaCy spans (labels BODY and VERB).

Aho-Corasick automata over the lexicons find every candidate; a candidate counts only when
it starts and ends on token boundaries (a verb inside a longer word is not a verb; the
segmenter already cuts verb chains such as 贯彻实施 into their verbs). Among aligned
candidates the leftmost-longest win, and a verb never overlaps a body. The two components are spaCy factories, so displaCy can show their spans
(``doc.spans["fengong"]`` and ``doc.ents``).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from .lexicon import Lexicon, load_lexicon
from .segment import token_offsets
from .types import Detection, Segmentation, Span

SPAN_KEY = "fengong"
for _ext in ("chars", "orig_start", "orig_end"):
    if not SpacySpan.has_extension(_ext):
        SpacySpan.set_extension(_ext, default=None)
ROLE_LABELS = {role: f"BODY·{role}" for role in ("lead", "participant", "responsible")}
# displaCy's options, a colour per label: ``displacy.render(doc, style="span",
# options=DISPLACY_OPTIONS)`` (or ``style="ent"``).
LABEL_COLORS = {"BODY": "#d5dbdb", "BODY·lead": "#f1948a", "BODY·participant": "#f8c471",
                "BODY·responsible": "#85c1e9", "VERB": "#82e0aa"}  # fmt: skip
DISPLACY_OPTIONS = {"spans_key": SPAN_KEY, "colors": LABEL_COLORS, "ents": list(LABEL_COLORS)}


def aligned_matches(
    auto: ahocorasick.Automaton, text: str, bounds: set[int], taken: set[int] | None = None
) -> list[tuple[int, int, str]]:
    """Leftmost-longest automaton matches that start and end on ``bounds``."""
    if not len(auto):
        return []
    best: dict[int, tuple[int, str]] = {}
    for last, (length, key) in auto.iter(text):
        start, end = last - length + 1, last + 1
        if start in bounds and end in bounds and (start not in best or best[start][0] < end):
            best[start] = (end, key)
    out, pos = [], 0
    for start in sorted(best):
        end, key = best[start]
        if start < pos or (taken and any(i in taken for i in range(start, end))):
            continue
        out.append((start, end, key))
        pos = end
    return out


def find_spans(lexicon: Lexicon, text: str, bounds: set[int]) -> list[Span]:
    """BODY and VERB spans of ``text``, starting and ending on token ``bounds``."""
    spans: list[Span] = []
    taken: set[int] = set()
    for s, e, key in aligned_matches(lexicon.body_automaton, text, bounds):
        body_id = lexicon.alias_index[key][0].id
        spans.append(Span("BODY", s, e, text[s:e], body_id))
        taken.update(range(s, e))
    for s, e, key in aligned_matches(lexicon.verb_automaton, text, bounds, taken):
        if key in lexicon.verbs:
            spans.append(Span("VERB", s, e, text[s:e], lexicon.verbs[key][0]))
    spans.sort(key=lambda sp: (sp.start, sp.end))
    return spans


class _Component:
    """A spaCy component adding one label's spans to ``doc.spans["fengong"]``."""

    def __init__(self, lexicon: Lexicon, label: str) -> None:
        self.lexicon = lexicon
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        starts, ends = token_offsets(doc)
        bounds = {*starts, *ends}
        existing = list(doc.spans.get(SPAN_KEY, []))
        for found in find_spans(self.lexicon, doc.text, bounds):
            if found.label != self.label:
                continue
            span = doc.char_span(found.start, found.end, label=found.label,
                                 kb_id=found.kb_id, alignment_mode="expand")  # fmt: skip
            if span is not None:
                span._.chars = (found.start, found.end)
                existing.append(span)
        doc.spans[SPAN_KEY] = sorted(existing, key=lambda s: (s.start, s.end))
        doc.ents = filter_spans(doc.spans[SPAN_KEY])
        return doc


@Language.factory("fengong_bodies", default_config={"lexicon_dir": ""})
def make_bodies(nlp: Language, name: str, lexicon_dir: str) -> _Component:
    """Mark body names (label BODY, kb_id = body id)."""
    return _Component(load_lexicon(lexicon_dir or None), "BODY")


@Language.factory("fengong_verbs", default_config={"lexicon_dir": ""})
def make_verbs(nlp: Language, name: str, lexicon_dir: str) -> _Component:
    """Mark action verbs (label VERB, kb_id = verb category)."""
    return _Component(load_lexicon(lexicon_dir or None), "VERB")


def to_doc(text: str, nlp: Language, result: Any = None) -> Doc:
    """A spaCy Doc of the working text with BODY and VERB spans, for displaCy.

    The Doc is built over the *working* text (simplified script, normalized), so a span's
    ``start_char``/``end_char`` are offsets into that text, not into the original input as the
    tables' ``start``/``end`` are. With ``result`` (a :class:`~pipeline.run.DocumentResult`),
    every span also has ``span._.orig_start`` and ``span._.orig_end``, its offsets into the
    original input: for a body of a list they equal its row's ``start``/``end`` in
    assignments.csv. ``result`` also gives the marks the extraction's reading: a verb is marked
    only inside a measure (not in the header, preamble or titles), and a body of a list is
    labelled with its role (``BODY·lead``, ``BODY·participant``, ``BODY·responsible``), a body
    named elsewhere ``BODY``.
    """
    doc = nlp(text)
    if result is None:
        return doc
    norm, found = result.normalized, result.assignments
    roles: dict[tuple[int, int], tuple[str, int, int]] = {}  # working span: (role, original span)
    for a in found.assignments:  # their start/end are into the original: mapped back
        s, e = bisect_left(norm.offsets, a.start), bisect_left(norm.offsets, a.end)
        roles.setdefault((s, e), (a.role, a.start, a.end))
    ranges = sorted((m.start, m.end) for m in found.measures)
    spans: list[SpacySpan] = []
    for span in doc.spans.get(SPAN_KEY, []):
        s, e = span._.chars or (span.start_char, span.end_char)
        if span.label_ == "VERB" and not any(lo <= s and e <= hi for lo, hi in ranges):
            continue
        if span.label_ == "BODY" and any(lo < e and s < hi and (lo, hi) != (s, e) for lo, hi in roles):
            continue  # the list reader read another extent here: its span is marked below
        if span.label_ == "BODY" and (s, e) in roles:
            continue
        spans.append(span)
    for span in spans:
        span._.orig_start, span._.orig_end = norm.orig_span(*(span._.chars or (span.start_char, span.end_char)))
    for (s, e), (role, orig_start, orig_end) in roles.items():
        span = doc.char_span(s, e, label=ROLE_LABELS.get(role, "BODY"), alignment_mode="expand")
        if span is not None:
            span._.chars, span._.orig_start, span._.orig_end = (s, e), orig_start, orig_end
            spans.append(span)
    doc.spans[SPAN_KEY] = sorted(spans, key=lambda sp: (sp.start, sp.end))
    doc.ents = filter_spans(doc.spans[SPAN_KEY])
    return doc


def detect(seg: Segmentation, text: str, lexicon: Lexicon) -> Detection:
    """Find the BODY and VERB spans of the working ``text`` given its tokens."""
    bounds = set(seg.starts)
    bounds.update(seg.ends)
    return Detection(seg.doc_id, find_spans(lexicon, text, bounds))
