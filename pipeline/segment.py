"""Stage 3, segment: jieba inside spaCy, with every lexicon name kept whole.

``make_nlp`` builds ``spacy.blank("zh")`` with the jieba segmenter, gives the segmenter its
own ``jieba.Tokenizer`` (so no global jieba state is touched) with every body name, alias,
verb and role word as a user word, and adds the detection components of :mod:`.detect`.
jieba's dictionary cache is kept in the user cache directory so a cold start is quick.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import jieba
import spacy
from spacy.language import Language

from .lexicon import LEXICON_DIR, Lexicon, load_lexicon
from .types import NormalizedText, Segmentation, Token


def cache_dir() -> Path:
    """Where jieba's dictionary cache lives: ``$FENGONG_CACHE`` or ``~/.cache/fengong``."""
    base = os.environ.get("FENGONG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fengong"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _jieba_tokenizer(lexicon: Lexicon) -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(cache_dir())
    tk.initialize()
    for word in lexicon.user_words():
        # A frequency high enough that jieba keeps the word whole.
        tk.add_word(word, freq=max(tk.suggest_freq(word, tune=False), 1000))
    return tk


def make_nlp(lexicon_dir: str | Path | None = None) -> Language:
    """The spaCy pipeline: jieba segmenter plus the ``fengong_bodies``/``fengong_verbs`` components."""
    return _make_nlp(str(Path(lexicon_dir or LEXICON_DIR).resolve()))


@lru_cache(maxsize=2)
def _make_nlp(lexicon_dir: str) -> Language:
    from . import detect  # noqa: F401  (registers the factories)

    lexicon = load_lexicon(lexicon_dir)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer.jieba_seg = _jieba_tokenizer(lexicon)
    nlp.add_pipe("fengong_bodies", config={"lexicon_dir": lexicon_dir})
    nlp.add_pipe("fengong_verbs", config={"lexicon_dir": lexicon_dir})
    return nlp


def segment(norm: NormalizedText, nlp: Language) -> Segmentation:
    """Cut the working text into tokens (whitespace and line breaks are not tokens)."""
    doc = nlp.make_doc(norm.text)
    tokens = [Token(t.text, t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
    return Segmentation(norm.doc_id, tokens)
