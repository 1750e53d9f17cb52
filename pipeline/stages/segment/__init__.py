"""Stage 3, segment: the working text cut into words by jieba's algorithm (``segmenter``), over a
word cutter built outside the stage (:mod:`pipeline.lexicon.cutters`, :mod:`pipeline.run.resources`)."""

from .segmenter import segment

__all__ = ["segment"]
