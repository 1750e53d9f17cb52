"""Stage 3, segment: the working text cut into words by jieba's algorithm (``segmenter``, ``engines``)."""

from .segmenter import segment

__all__ = ["segment"]
