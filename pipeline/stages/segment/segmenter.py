"""Stage 3, segment: the working text cut into words, every lexicon name kept whole.

A :class:`Segmenter` cuts with jieba's algorithm — jieba-rs through ``rjieba`` by default,
jieba itself as the reference (:mod:`pipeline.lexicon.engines`) — over a private dictionary:
jieba's own ``dict.txt`` with every body name, alias, verb and role word added as a user word
(:func:`pipeline.lexicon.cutters.make_cutter` builds it; :func:`pipeline.run.resources.make_segmenter`
builds the segmenter once per run). jieba's HMM guessing of new words is off: it glues a verb to
the next word (推广先进, 通报情况), while a run it does not know is better left in characters.

This stage needs no spaCy: :mod:`pipeline.nlp` builds spaCy's tokenizer on the same
:class:`Segmenter`, so a Doc's tokens are this stage's tokens.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate

from ...lexicon.engines import WordCutter
from ...lexicon.model import Lexicon
from ...types import NormalizedText, Segmentation

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


def segment(norm: NormalizedText, segmenter: Segmenter) -> Segmentation:
    """Cut the working text into tokens (whitespace and line breaks are not tokens).

    Args:
        norm: the normalized text.
        segmenter: the segmenter, from :func:`pipeline.run.resources.make_segmenter`.
    Returns:
        The :class:`~pipeline.types.Segmentation` of ``norm.text``.
    """
    words = segmenter.words(norm.text)
    ends_all = list(accumulate(map(len, words)))  # every word's end: the words are the text
    kept = [i for i, word in enumerate(words) if not word.isspace()]
    return Segmentation(norm.doc_id, norm.text, [ends_all[i] - len(words[i]) for i in kept], [ends_all[i] for i in kept])
