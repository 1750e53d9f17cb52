"""The word cutters of the segment stage: jieba's dictionary plus the lexicon's words, per engine.

The user words' frequencies are cached in the user cache folder (:mod:`pipeline.lexicon.cache`),
so jieba-rs starts without importing jieba.
"""

from __future__ import annotations

import logging
import os
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FengongError
from .cache import cache_dir, read_cache, write_cache
from .engines import (
    DEFAULT_ENGINE,
    ENGINES,
    Engine,
    JiebaCutter,
    RjiebaCutter,
    UserWords,
    WordCutter,
    user_words,
)
from .model import Lexicon

if TYPE_CHECKING:
    import jieba

CACHE_FORMAT = 2  # bump when the way user words are added, or what the caches hold, changes


def _cache_file(kind: str, lexicon: Lexicon) -> Path:
    return cache_dir() / f"{kind}-{_jieba_dictionary_key()}-{CACHE_FORMAT}-{lexicon.version}.marshal"


def _jieba_dictionary_key() -> str:
    """What the user words' frequencies depend on: jieba's ``dict.txt``, by its size and time, found
    without importing jieba (0.15 s) or importlib.metadata (10 ms of a one-plan run)."""
    spec = find_spec("jieba")
    if spec is None or spec.origin is None:
        return "no-jieba"
    try:
        info = os.stat(Path(spec.origin).parent / "dict.txt")
    except OSError:
        return "no-dict"
    return f"{info.st_size:x}{info.st_mtime_ns:x}"


def _fresh_jieba() -> jieba.Tokenizer:
    """A private jieba on its own ``dict.txt``, through its public constructor (jieba caches the
    dictionary it parses in the user cache directory)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    tokenizer.initialize()
    return tokenizer


def _jieba_tokenizer(lexicon: Lexicon) -> jieba.Tokenizer:
    """A private jieba with the lexicon's words added at their cached frequencies."""
    cached = _cached_user_words(lexicon)
    if cached is None:
        tokenizer = _fresh_jieba()
        _save_user_words(lexicon, user_words(tokenizer, lexicon.user_words()))
        return tokenizer
    tokenizer = _fresh_jieba()
    for word, freq in cached.words:
        tokenizer.add_word(word, freq=freq)
    return tokenizer


def _user_words(lexicon: Lexicon) -> UserWords:
    """The lexicon's words at jieba's frequencies, from the user cache when it is there.

    Only jieba can give the frequencies (each depends on the words added before it); once
    cached, the jieba-rs engine starts without importing jieba.
    """
    cached = _cached_user_words(lexicon)
    if cached is None:
        cached = user_words(_fresh_jieba(), lexicon.user_words())
        _save_user_words(lexicon, cached)
    return cached


def _cached_user_words(lexicon: Lexicon) -> UserWords | None:
    cached = read_cache(_cache_file("userwords", lexicon))
    if isinstance(cached, tuple) and len(cached) == 2:
        return UserWords(tuple(map(tuple, cached[0])), cached[1])
    return None


def _save_user_words(lexicon: Lexicon, words: UserWords) -> None:
    write_cache(_cache_file("userwords", lexicon), (words.words, words.filler))


def make_cutter(lexicon: Lexicon, engine: Engine = DEFAULT_ENGINE, own_process: bool = False) -> WordCutter:
    """The word cutter of ``engine`` over jieba's dictionary and the lexicon's words.

    Args:
        lexicon: the lexicon whose user words are added.
        engine: ``"rjieba"`` (jieba-rs, the default) or ``"jieba"`` (the reference).
        own_process: whether the process is fengong's own (the command, a batch's worker), so
            rjieba's default instance may take the words (:class:`~pipeline.lexicon.engines.RjiebaCutter`).
    Returns:
        A :class:`~pipeline.lexicon.engines.WordCutter`.
    """
    if engine == "jieba":
        return JiebaCutter(_jieba_tokenizer(lexicon))
    if engine == "rjieba":
        return RjiebaCutter(_user_words(lexicon), own_process)
    raise FengongError("E017", "--segmenter", name=engine, choices=", ".join(ENGINES))


