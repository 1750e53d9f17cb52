"""The two engines of jieba's algorithm the segmenter can cut with: jieba-rs and jieba.

Both cut with HMM off over one dictionary: jieba's ``dict.txt`` plus the lexicon's user words
at the frequencies jieba gives them. ``rjieba`` (jieba-rs, the Rust port) is the default, about
15 times faster; jieba (Python) is the reference (``--segmenter jieba``). ``tests/test_segmenters.py``
cuts every text the project has with both and requires the same tokens.

jieba-rs scores a route as jieba does (``log(freq) - log(total)`` summed, ties to the longer
word), so the same words, frequencies and total give the same tokens. Two things differ and are
undone here (``docs/benchmarks.md``, "Segmenters"):

* the total. jieba adds every ``dict.txt`` line and every ``add_word`` to its total, even for a
  word it already has (B超 is in ``dict.txt`` twice; most lexicon words are in it already);
  jieba-rs replaces the old frequency. The difference is given to a word no text can match.
* the Han characters. jieba's block regex takes U+4E00..U+9FD5; jieba-rs also takes the CJK
  extensions and the compatibility ideographs. jieba gives each such character alone, so the
  text is cut apart at them first. A lone surrogate (which rjieba refuses) is given alone too.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    import jieba

Engine = Literal["rjieba", "jieba"]
ENGINES: tuple[Engine, ...] = ("rjieba", "jieba")
DEFAULT_ENGINE: Engine = "rjieba"
MIN_USER_FREQ = 1000  # a frequency high enough that jieba keeps a lexicon word whole

# Characters jieba gives alone and jieba-rs would not: those jieba-rs puts in a Han block and
# jieba's re_han_default does not, and lone surrogates, which rjieba cannot encode.
CUT_APART = re.compile(
    "[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\ud800-\udfff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U0002f800-\U0002fa1f]"
)
# Carries the part of jieba's total that jieba-rs does not count. U+FFFF is in no Han block of
# either engine, and only Han blocks are looked up in the dictionary.
TOTAL_FILLER = "\uffff"
# The user words rjieba's default instance was given in this process (RjiebaCutter), if any.
_DEFAULT_INSTANCE_WORDS: UserWords | None = None


class WordCutter(Protocol):
    """What the segmenter needs of an engine."""

    def cut(self, text: str) -> list[str]:
        """The words of ``text``, every character included (whitespace too)."""

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is a dictionary word (not just the start of one)."""


@dataclass(frozen=True)
class UserWords:
    """The lexicon's words as jieba adds them, and what jieba-rs needs to score as jieba does.

    ``words`` are (word, frequency) in the order jieba added them: a word's frequency depends
    on the words before it, so it can only be had by running jieba (:func:`user_words`).
    ``filler`` is jieba's total less the sum of its distinct words' frequencies.
    """

    words: tuple[tuple[str, int], ...]
    filler: int


def user_words(tokenizer: jieba.Tokenizer, words: list[str]) -> UserWords:
    """Add ``words`` to an initialized jieba ``tokenizer``, as the jieba engine does.

    Args:
        tokenizer: a private, initialized ``jieba.Tokenizer`` on jieba's ``dict.txt``.
        words: the lexicon's user words, in the lexicon's order.
    Returns:
        The words with their frequencies, and the total's filler for jieba-rs.
    """
    added = []
    for word in words:
        freq = max(tokenizer.suggest_freq(word, tune=False), MIN_USER_FREQ)
        tokenizer.add_word(word, freq=freq)
        added.append((word, freq))
    return UserWords(tuple(added), tokenizer.total - sum(tokenizer.FREQ.values()))


class JiebaCutter:
    """jieba's ``Tokenizer.cut(text, HMM=False)`` over a tokenizer with the user words added."""

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        jieba_logger = logging.getLogger("jieba")
        jieba_logger.setLevel(logging.WARNING)
        self.tokenizer = tokenizer

    def cut(self, text: str) -> list[str]:
        return list(self.tokenizer.cut(text, HMM=False))

    def is_word(self, word: str) -> bool:
        return self.tokenizer.FREQ.get(word, 0) > 0


class RjiebaCutter:
    """jieba-rs with HMM off: rjieba's built-in dictionary (jieba's ``dict.txt``) and the user words.

    rjieba's public API cannot load a dictionary file, and building one from ``dict.txt`` word by
    word takes 0.8 s; its built-in dictionary is jieba's ``dict.txt`` and takes 0.1 s. The parity
    test is what shows the two dictionaries cut alike, and is to be rerun on every rjieba upgrade.

    rjieba builds a default instance when it is imported (0.1 s) and a private one costs as
    much again. A process that is fengong's own (the command, a batch's worker process) takes
    the default instance, through rjieba's module functions (``rjieba.add_word``, ``rjieba.cut``),
    and saves the second build; a user's process (a notebook) gets a private instance, so its own
    ``rjieba.cut`` never sees the lexicon's words. The default instance takes one set of user
    words per process: a second, different set gets a private instance too.
    """

    def __init__(self, words: UserWords, own_process: bool = False) -> None:
        """Build the cutter.

        Args:
            words: the lexicon's words at jieba's frequencies (:func:`user_words`).
            own_process: whether the process is fengong's own, so rjieba's default instance may
                take the words.
        """
        import rjieba  # here: the jieba engine does not need it

        global _DEFAULT_INSTANCE_WORDS
        if own_process and _DEFAULT_INSTANCE_WORDS in (None, words):
            self.jieba = rjieba  # the module's functions are its default instance's methods
            if _DEFAULT_INSTANCE_WORDS is not None:
                return  # the words are in it already
            _DEFAULT_INSTANCE_WORDS = words
        else:
            self.jieba = rjieba.Jieba()
        add = self.jieba.add_word
        for word, freq in words.words:
            add(word, freq, None)
        if words.filler:
            add(TOTAL_FILLER, words.filler, None)

    def cut(self, text: str) -> list[str]:
        cut = self.jieba.cut
        if not CUT_APART.search(text):
            return cut(text, False)
        out: list[str] = []
        pos = 0
        for m in CUT_APART.finditer(text):
            if m.start() > pos:
                out += cut(text[pos : m.start()], False)
            out.append(m.group())
            pos = m.end()
        if pos < len(text):
            out += cut(text[pos:], False)
        return out

    def is_word(self, word: str) -> bool:
        return word != TOTAL_FILLER and self.jieba.has_word(word)
