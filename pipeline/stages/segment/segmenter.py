"""Stage 3, segment: the working text cut into words, every lexicon name kept whole.

A :class:`Segmenter` cuts with jieba's algorithm — jieba-rs through ``rjieba`` by default,
jieba itself as the reference (:mod:`pipeline.stages.segment.engines`) — over a private dictionary:
jieba's own ``dict.txt`` with every body name, alias, verb and role word added as a user word;
no global jieba state is touched. jieba's HMM guessing of new words is off: it glues a verb to
the next word (推广先进, 通报情况), while a run it does not know is better left in characters.
The user words' frequencies are cached in the user cache directory, so jieba-rs starts without
importing jieba.

This stage needs no spaCy: :mod:`pipeline.stages.detect.spacy_components` builds spaCy's tokenizer on the same
:class:`Segmenter`, so a Doc's tokens are this stage's tokens.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from importlib import metadata
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import FengongError
from ...lexicon.model import LEXICON_DIR, Lexicon, load_lexicon
from ...types import NormalizedText, Segmentation
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

if TYPE_CHECKING:
    import jieba


def cache_dir() -> Path:
    """Where jieba's dictionary cache lives: ``$FENGONG_CACHE`` or ``~/.cache/fengong``.

    A home that cannot be written (a locked-down account, a read-only container) falls back
    to the system's temporary folder: the cache saves time, never changes a result.
    """
    base = os.environ.get("FENGONG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fengong"
    )
    user = os.getuid() if hasattr(os, "getuid") else "user"
    for path in (Path(base), Path(tempfile.gettempdir()) / f"fengong-{user}"):
        try:
            path.mkdir(parents=True, exist_ok=True)
            if os.access(path, os.W_OK):
                return path
        except OSError:
            continue
    return Path(tempfile.gettempdir())


CACHE_FORMAT = 2  # bump when the way user words are added, or what the caches hold, changes
KEEP_CACHES = 4  # the user words of this many lexicon versions stay cached


def _cache_file(kind: str, lexicon: Lexicon) -> Path:
    # jieba's version from its metadata: reading it does not import jieba (0.15 s).
    return cache_dir() / f"{kind}-{metadata.version('jieba')}-{CACHE_FORMAT}-{lexicon.version}.marshal"


def _read_cache(path: Path) -> object | None:
    """A cache's value, or None when it is missing or damaged (it is then built again).

    Read with ``marshal.loads`` over the file's bytes: ``marshal.load(file)`` reads object by
    object through the file and takes about 2.5 times as long.
    """
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


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
    cached = _read_cache(_cache_file("userwords", lexicon))
    if isinstance(cached, tuple) and len(cached) == 2:
        return UserWords(tuple(map(tuple, cached[0])), cached[1])
    return None


def _save_user_words(lexicon: Lexicon, words: UserWords) -> None:
    _write_cache(_cache_file("userwords", lexicon), (words.words, words.filler))


def _write_cache(path: Path, value: object) -> None:
    """Replace ``path`` atomically (parallel workers may build it at once); drop the oldest versions."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(value, f)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        kind = path.name.split("-", 1)[0]
        cached = sorted(path.parent.glob(f"{kind}-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in cached[KEEP_CACHES:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only cache directory costs speed, not results
        pass


def make_cutter(lexicon: Lexicon, engine: Engine = DEFAULT_ENGINE) -> WordCutter:
    """The word cutter of ``engine`` over jieba's dictionary and the lexicon's words.

    Args:
        lexicon: the lexicon whose user words are added.
        engine: ``"rjieba"`` (jieba-rs, the default) or ``"jieba"`` (the reference).
    Returns:
        A :class:`~pipeline.stages.segment.engines.WordCutter`.
    """
    if engine == "jieba":
        return JiebaCutter(_jieba_tokenizer(lexicon))
    if engine == "rjieba":
        return RjiebaCutter(_user_words(lexicon))
    raise FengongError("E017", "--segmenter", name=engine, choices=", ".join(ENGINES))


MIN_REST = 2  # what a verb is cut from: a word of its own (推广|先进), never a suffix (服务|业)


class Segmenter:
    """Cuts a text into words: jieba's algorithm, HMM off, verbs cut from their objects.

    jieba's dictionary holds verb-object phrases and chains (推广先进, 通报情况, 贯彻实施,
    深入推进); such a word is cut after its leading lexicon verb or adverb when the rest is a
    word too and not a name's ending (建设部 stays whole). Lexicon words are never cut.
    """

    def __init__(self, cutter: WordCutter, lexicon: Lexicon) -> None:
        self.cutter = cutter
        self.lexicon = lexicon
        self.keep = set(lexicon.user_words())
        self.heads = {w for w in (*lexicon.verbs, *lexicon.adverbs) if len(w) >= 2}

    def words(self, text: str) -> list[str]:
        """The words of ``text``, every character included (whitespace too)."""
        keep, split = self.keep, self._split
        out: list[str] = []
        for word in self.cutter.cut(text):
            if len(word) < 2 + MIN_REST or word in keep:  # most words: nothing to split
                out.append(word)
            else:
                out.extend(split(word))
        return out

    def _split(self, word: str) -> Iterator[str]:
        if len(word) >= 2 + MIN_REST and word not in self.keep:
            # The rest is a word of two characters or more: a verb with a one-character suffix
            # (服务业, 普及率, 修订版, 发布会, 合作社) is a noun, not a verb and its object.
            for k in range(min(4, len(word) - MIN_REST), 1, -1):
                head, rest = word[:k], word[k:]
                known = rest in self.keep or self.cutter.is_word(rest)
                if head in self.heads and known and self.lexicon.kind_of_unknown(rest) is None:
                    yield head
                    yield from self._split(rest)
                    return
        yield word


def make_segmenter(lexicon_dir: str | Path | None = None, engine: Engine = DEFAULT_ENGINE) -> Segmenter:
    """The segmenter over the lexicon in ``lexicon_dir`` (the project's lexicons by default).

    Args:
        lexicon_dir: the folder of lexicon CSV files.
        engine: ``"rjieba"`` (jieba-rs, the default) or ``"jieba"`` (the reference engine).
    Returns:
        A :class:`Segmenter`, built once per folder, engine and process.
    """
    return _make_segmenter(str(Path(lexicon_dir or LEXICON_DIR).resolve()), engine)


@lru_cache(maxsize=4)
def _make_segmenter(lexicon_dir: str, engine: Engine) -> Segmenter:
    lexicon = load_lexicon(lexicon_dir)
    return Segmenter(make_cutter(lexicon, engine), lexicon)


def segment(norm: NormalizedText, segmenter: Segmenter) -> Segmentation:
    """Cut the working text into tokens (whitespace and line breaks are not tokens).

    Args:
        norm: the normalized text.
        segmenter: the segmenter, from :func:`make_segmenter`.
    Returns:
        The :class:`~pipeline.types.Segmentation` of ``norm.text``.
    """
    words = segmenter.words(norm.text)
    ends_all = list(accumulate(map(len, words)))  # every word's end: the words are the text
    kept = [i for i, word in enumerate(words) if not word.isspace()]
    return Segmentation(norm.doc_id, norm.text, [ends_all[i] - len(words[i]) for i in kept], [ends_all[i] for i in kept])
