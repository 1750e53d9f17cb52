"""Stage 4, detect: body names and action verbs found in the working text.

Aho-Corasick automata over the lexicons find every candidate; a candidate counts only when
it starts and ends on token boundaries (a verb inside a longer word is not a verb; the
segmenter already cuts verb chains such as 贯彻实施 into their verbs). Among aligned
candidates the leftmost-longest win, and a verb never overlaps a body. The same spans mark
a spaCy Doc for displaCy (:mod:`pipeline.nlp`).
"""

from __future__ import annotations

import ahocorasick

from ...lexicon.model import Lexicon
from ...types import Detection, Segmentation, Span


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
            spans.append(Span("VERB", s, e, text[s:e], lexicon.verbs[key].category))
    spans.sort(key=lambda sp: (sp.start, sp.end))
    return spans


def detect(seg: Segmentation, text: str, lexicon: Lexicon) -> Detection:
    """Find the BODY and VERB spans of the working ``text`` given its tokens.

    Args:
        seg: the text's tokens; a span must start and end on their boundaries.
        text: the working text (``NormalizedText.text``).
        lexicon: the lexicons whose automata find the candidates.
    Returns:
        The :class:`~pipeline.types.Detection`, spans in text order.
    """
    bounds = set(seg.starts)
    bounds.update(seg.ends)
    return Detection(seg.doc_id, find_spans(lexicon, text, bounds))
