"""Stage 3, segment: the working text cut into words, every lexicon name kept whole.

A :class:`Segmenter` cuts with jieba's algorithm over a private dictionary: jieba's own
``dict.txt`` with every body name, alias, verb and role word added as a user word — no global
jieba state is touched. jieba's HMM guessing of new words is off: it glues a verb to the next
word (推广先进, 通报情况), while a run it does not know is better left in characters. jieba's
dictionary cache is kept in the user cache directory so a cold start is quick.

This stage needs no spaCy: :mod:`pipeline.stages.nlp` builds spaCy's tokenizer on the same
:class:`Segmenter`, so a Doc's tokens are this stage's tokens.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import jieba

from ..lexicon.model import LEXICON_DIR, Lexicon, load_lexicon
from ..types import NormalizedText, Segmentation


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


CACHE_FORMAT = 1  # bump when the way user words are added changes


def _jieba_tokenizer(lexicon: Lexicon) -> jieba.Tokenizer:
    """A private jieba with the lexicon's words, from the user cache when it is there.

    The cache holds jieba's prefix dictionary with the user words already added, keyed by
    jieba's and the lexicon's versions. It is read with ``marshal.loads`` over the file's
    bytes: jieba's own ``marshal.load(file)`` reads object by object through the file and
    takes about 2.5 times as long, the largest part of a cold start.
    """
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    cache = cache_dir() / f"jieba-{jieba.__version__}-{CACHE_FORMAT}-{lexicon.version}.marshal"
    try:
        tk.FREQ, tk.total = marshal.loads(cache.read_bytes())
        tk.initialized = True
        return tk
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache yet, or a damaged one: build it
    tk.tmp_dir = str(cache.parent)
    tk.initialize()
    for word in lexicon.user_words():
        # A frequency high enough that jieba keeps the word whole.
        tk.add_word(word, freq=max(tk.suggest_freq(word, tune=False), 1000))
    _write_cache(cache, (tk.FREQ, tk.total))
    return tk


KEEP_CACHES = 4  # dictionaries of this many lexicon versions stay cached (9 MB each)


def _write_cache(path: Path, value: object) -> None:
    """Replace ``path`` atomically (parallel workers may build it at once); drop the oldest versions."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".jieba-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(value, f)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        cached = sorted(path.parent.glob("jieba-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in cached[KEEP_CACHES:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only cache directory costs speed, not results
        pass


class Segmenter:
    """Cuts a text into words: jieba's algorithm, HMM off, verbs cut from their objects.

    jieba's dictionary holds verb-object phrases and chains (推广先进, 通报情况, 贯彻实施,
    深入推进); such a word is cut after its leading lexicon verb or adverb when the rest is a
    word too and not a name's ending (建设部 stays whole). Lexicon words are never cut.
    """

    def __init__(self, tokenizer: jieba.Tokenizer, lexicon: Lexicon) -> None:
        self.tokenizer = tokenizer
        self.lexicon = lexicon
        self.keep = set(lexicon.user_words())
        self.heads = {w for w in (*lexicon.verbs, *lexicon.adverbs) if len(w) >= 2}

    def words(self, text: str) -> list[str]:
        """The words of ``text``, every character included (whitespace too)."""
        keep, split = self.keep, self._split
        out: list[str] = []
        for word in self.tokenizer.cut(text, HMM=False):
            if len(word) < 3 or word in keep:  # most words: nothing to split
                out.append(word)
            else:
                out.extend(split(word))
        return out

    def _split(self, word: str) -> Iterator[str]:
        if len(word) >= 3 and word not in self.keep:
            for k in range(min(4, len(word) - 1), 1, -1):
                head, rest = word[:k], word[k:]
                known = rest in self.keep or self.tokenizer.FREQ.get(rest, 0) > 0
                if head in self.heads and known and self.lexicon.kind_of_unknown(rest) is None:
                    yield head
                    yield from self._split(rest)
                    return
        yield word



def make_segmenter(lexicon_dir: str | Path | None = None) -> Segmenter:
    """The segmenter over the lexicon in ``lexicon_dir`` (the project's lexicons by default).

    Args:
        lexicon_dir: the folder of lexicon CSV files.
    Returns:
        A :class:`Segmenter`, built once per folder and process.
    """
    return _make_segmenter(str(Path(lexicon_dir or LEXICON_DIR).resolve()))


@lru_cache(maxsize=2)
def _make_segmenter(lexicon_dir: str) -> Segmenter:
    lexicon = load_lexicon(lexicon_dir)
    return Segmenter(_jieba_tokenizer(lexicon), lexicon)


def segment(norm: NormalizedText, segmenter: Segmenter) -> Segmentation:
    """Cut the working text into tokens (whitespace and line breaks are not tokens).

    Args:
        norm: the normalized text.
        segmenter: the segmenter, from :func:`make_segmenter`.
    Returns:
        The :class:`~pipeline.types.Segmentation` of ``norm.text``.
    """
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for word in segmenter.words(norm.text):
        end = pos + len(word)
        if not word.isspace():
            starts.append(pos)
            ends.append(end)
        pos = end
    return Segmentation(norm.doc_id, norm.text, starts, ends)
