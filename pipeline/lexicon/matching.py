"""The matchers built from lexicon words: Aho-Corasick automata searched leftmost-longest, and
regular expressions that try several patterns in order.
"""

from __future__ import annotations

import re

import ahocorasick


def automaton(keys: list[str]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton over ``keys``, each stored with the value ``(len(key), key)``
    that :func:`longest_matches` reads; an empty one (never made) when there are no keys."""
    auto = ahocorasick.Automaton()
    for key in keys:
        auto.add_word(key, (len(key), key))
    if keys:
        auto.make_automaton()
    return auto


def longest_matches(auto: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping matches of an automaton as ``(start, end, key)``.

    pyahocorasick's ``iter_long`` does the search; the automaton's values are ``(len, key)``.
    """
    if not len(auto):
        return []
    return [(end - length + 1, end + 1, key) for end, (length, key) in auto.iter_long(text)]


def first_match(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """``patterns`` as one regex of alternatives (None when there are none).

    Alternatives are tried in order, so the first pattern that matches wins, as in a loop.
    """
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if patterns else None
