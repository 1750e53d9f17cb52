"""Responsibility lists (codebook §5), read for ``structure`` and ``assign``.

``grammar`` reads a bracket or a line of names, role words and conventions; ``pieces`` holds the
passes over a list's tokens (shared endings, group prefixes, distributed roles); ``running``
reads a run of names in running text (由A负责, a paragraph's subject).
"""

from .grammar import read_list

__all__ = ["read_list"]
