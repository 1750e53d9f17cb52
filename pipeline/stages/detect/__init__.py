"""Stage 4, detect: BODY and VERB spans from the lexicons' automata (``spans``). The same spans
are put inside spaCy as registered components by :mod:`pipeline.nlp`, for notebooks and displaCy."""

from .spans import detect

__all__ = ["detect"]
