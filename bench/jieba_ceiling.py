"""The reference of every throughput ratio: bare ``jieba.lcut`` over the bench corpus in one process,
and the machine's own parallel ceiling, the same texts split over two processes."""

from __future__ import annotations

from typing import Any

from corpora import decoded_corpus
from timers import fastest


def _jieba_part(texts: list[str]) -> int:
    """Cut ``texts`` with bare ``jieba.lcut``; return how many."""
    import jieba

    jieba.setLogLevel(60)
    for text in texts:
        jieba.lcut(text)
    return len(texts)


def phase() -> dict[str, Any]:
    """Bare ``jieba.lcut`` over the corpus in one process, and split over two (best of three each).

    The first is the reference throughput of every ratio; the speed-up of the second over it is
    the machine's own ceiling: perfectly parallel, CPU-bound Python with no pipeline in it
    reaches no more on these cores (virtual cores may share a physical one).

    Returns:
        ``one_s`` and ``two_s``, in seconds.
    """
    from concurrent.futures import ProcessPoolExecutor

    texts = [doc.text for doc in decoded_corpus()]
    _jieba_part(texts[:1])  # the dictionary is loaded before the pool forks
    one = fastest(lambda: _jieba_part(texts))
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_jieba_part, [texts[:1], texts[1:2]]))
        two = fastest(lambda: list(pool.map(_jieba_part, [texts[0::2], texts[1::2]])))
    return {"one_s": one, "two_s": two}
