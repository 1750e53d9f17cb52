"""Stage 4, detect: BODY and VERB spans from the lexicons' automata (``spans``), and the same
inside spaCy as registered components (``spacy_components``, for notebooks and displaCy)."""

from .spans import detect

__all__ = ["detect"]
