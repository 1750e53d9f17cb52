"""Stage 3, segment: jieba inside spaCy, with every lexicon name kept whole.

``make_nlp`` builds ``spacy.blank("zh")`` whose tokenizer (registered as
``fengong.jieba_tokenizer.v1``) is spaCy's Chinese tokenizer in jieba mode, given its own
``jieba.Tokenizer`` — no global jieba state is touched — with every body name, alias, verb
and role word as a user word. jieba's HMM guessing of new words is off: it glues a verb to
the next word (推广先进, 通报情况), while a run it does not know is better left in characters.
jieba's dictionary cache is kept in the user cache directory so a cold start is quick.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import jieba
import spacy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.util import registry

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


class _LexiconJieba:
    """The ``cut`` that spaCy's Chinese tokenizer calls: jieba, HMM off, verbs cut from objects.

    jieba's dictionary holds verb-object phrases and chains (推广先进, 通报情况, 贯彻实施,
    深入推进); such a word is cut after its leading lexicon verb or adverb when the rest is a
    word too and not a name's ending (建设部 stays whole). Lexicon words are never cut.
    """

    def __init__(self, tokenizer: jieba.Tokenizer, lexicon: Lexicon) -> None:
        self.tokenizer = tokenizer
        self.lexicon = lexicon
        self.keep = set(lexicon.user_words())
        self.heads = {w for w in (*lexicon.verbs, *lexicon.adverbs) if len(w) >= 2}

    def cut(self, text: str, cut_all: bool = False) -> Iterator[str]:
        for word in self.tokenizer.cut(text, cut_all=cut_all, HMM=False):
            yield from self._split(word)

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


@registry.tokenizers("fengong.jieba_tokenizer.v1")
def create_tokenizer(lexicon_dir: str = ""):  # noqa: ANN201 - spaCy's factory protocol
    """spaCy's Chinese tokenizer in jieba mode over a private, lexicon-aware jieba."""

    def factory(nlp: Language) -> ChineseTokenizer:
        tokenizer = ChineseTokenizer(nlp.vocab, segmenter=Segmenter.char)
        tokenizer.segmenter = Segmenter.jieba
        lexicon = load_lexicon(lexicon_dir or None)
        tokenizer.jieba_seg = _LexiconJieba(_jieba_tokenizer(lexicon), lexicon)
        return tokenizer

    return factory


def make_nlp(lexicon_dir: str | Path | None = None) -> Language:
    """The spaCy pipeline: jieba segmenter plus the ``fengong_bodies``/``fengong_verbs`` components."""
    return _make_nlp(str(Path(lexicon_dir or LEXICON_DIR).resolve()))


@lru_cache(maxsize=2)
def _make_nlp(lexicon_dir: str) -> Language:
    from . import detect  # noqa: F401  (registers the factories)

    tokenizer = {"@tokenizers": "fengong.jieba_tokenizer.v1", "lexicon_dir": lexicon_dir}
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
    nlp.add_pipe("fengong_bodies", config={"lexicon_dir": lexicon_dir})
    nlp.add_pipe("fengong_verbs", config={"lexicon_dir": lexicon_dir})
    return nlp


def segment(norm: NormalizedText, nlp: Language) -> Segmentation:
    """Cut the working text into tokens (whitespace and line breaks are not tokens)."""
    doc = nlp.make_doc(norm.text)
    tokens = [Token(t.text, t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
    return Segmentation(norm.doc_id, tokens)
