"""Traditional/simplified script: conversion through OpenCC and script detection."""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from operator import ne
from pathlib import Path

import opencc

from .cache import cache_dir, write_text_cache


@cache  # one per config (t2s, s2t, tw2sp): each takes ~30 ms to load
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


SHORT = 32  # names and role words: converted once each, then remembered


def to_simplified(text: str) -> str:
    """Convert ``text`` to simplified script, keeping its length where OpenCC allows."""
    if len(text) <= SHORT:
        return _short_simplified(text)
    return _converter("t2s").convert(text)


@lru_cache(maxsize=1 << 16)
def _short_simplified(text: str) -> str:
    """:func:`to_simplified` of a short string (a body name is converted once per run, not per row)."""
    return _converter("t2s").convert(text)


def taiwan_to_mainland(text: str) -> str:
    """Convert traditional text with Taiwan phrasing to mainland simplified (OpenCC tw2sp:
    資訊 → 信息, 品質 → 质量), for names a Taiwan-phrase gateway rewrote."""
    return _converter("tw2sp").convert(text)


def mainland_phrasing(text: str) -> str:
    """Text in either script and phrasing as mainland simplified (品质 and 品質 → 质量): the form two
    copies of one text share, whichever gateway converted them (series titles, measure links)."""
    return taiwan_to_mainland(to_traditional(text))


def to_traditional(text: str) -> str:
    """Convert ``text`` to traditional script (OpenCC s2t)."""
    return _converter("s2t").convert(text)


def to_simplified_aligned(text: str) -> str:
    """Convert to simplified script with exactly one output character per input character.

    OpenCC's phrase tables almost always keep the length; where they do not, the text
    is converted character by character so that the offset map stays exact.
    """
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    conv = _converter("t2s")
    chars = []
    for ch in text:
        c = conv.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


@cache
def _character_converter() -> opencc.OpenCC:
    """OpenCC's s2t by characters alone (its STCharacters dictionary, through a config of our own):
    whether a character is simplified is a property of the character; s2t's phrase table, which only
    chooses among traditional forms, takes 80 ms to load (an eighth of a one-plan run). Where the
    installed OpenCC keeps no STCharacters.ocd2 beside its configs, OpenCC's own s2t."""
    dictionary = Path(opencc.__file__).parent / "clib" / "share" / "opencc" / "STCharacters.ocd2"
    if not dictionary.is_file():
        return _converter("s2t")
    chars = {"type": "ocd2", "file": str(dictionary)}
    config = {"name": "s2t by characters (fengong)", "segmentation": {"type": "mmseg", "dict": chars},
              "conversion_chain": [{"dict": chars}]}  # fmt: skip
    text = json.dumps(config, ensure_ascii=False)
    path = cache_dir() / f"opencc-s2t-characters-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    try:
        if not path.is_file():
            write_text_cache(path, text)
        return opencc.OpenCC(str(path))
    except (OSError, RuntimeError):  # an unwritable cache, a dictionary OpenCC cannot read: its own s2t
        return _converter("s2t")


def detect_script(text: str, simplified: str | None = None) -> str:
    """Say whether ``text`` is written in traditional, simplified or mixed script.

    Its characters that t2s changes are traditional, those that s2t by characters changes simplified
    (:func:`_character_converter`); under a tenth of either, the text is of the other script.

    ``simplified``: ``to_simplified_aligned(text)`` when the caller has it already.
    """
    # map(ne, …) counts the changed characters without a Python-level loop.
    trad = sum(map(ne, text, simplified if simplified is not None else to_simplified_aligned(text)))
    if trad == 0:  # no traditional character: simplified, whatever s2t (the slower way) would say
        return "simplified"
    s2t = _character_converter().convert(text)
    simp = sum(map(ne, text, s2t)) if len(s2t) == len(text) else 0
    if trad / (trad + simp) < 0.1:
        return "simplified"
    if simp == 0 or trad / (trad + simp) > 0.9:
        return "traditional"
    return "mixed"
