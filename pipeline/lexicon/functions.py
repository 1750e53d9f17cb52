"""A local department's national counterpart in a year: the stem of ``functions.csv`` it holds,
its bodies moved along agencies.csv's successors to those of the year (codebook §6)."""

from __future__ import annotations

import re

from ..lexicon.model import Lexicon
from ..lexicon.places import FunctionStem

_TRAILING_PAREN = re.compile(r"[（(][^（）()]{1,12}[）)]$")  # 县发改局（粮食局）: one body's second name


def local_function(lexicon: Lexicon, name: str, year: int | None) -> tuple[FunctionStem | None, list[str]]:
    """The ``functions.csv`` row a local name matches and its functions valid in ``year``.

    Args:
        lexicon: the lexicons (functions.csv, and agencies.csv for the years of each body).
        name: the body as written, in simplified script (县农业农村局).
        year: the document's year, or None.
    Returns:
        (the matched stem row or None, its body_ids each moved to the national body valid in
        ``year``: a 2019 市环保局 mirrors mee, not mep).
    """
    stems = lexicon.functions
    row = stems.match(_TRAILING_PAREN.sub("", name), year) or stems.match(name, year)
    if row is None:
        return None, []
    return row, list(dict.fromkeys(function_in_year(lexicon, f, year) for f in row.functions))


def function_in_year(lexicon: Lexicon, function: str, year: int | None) -> str:
    """``function``, or the national body that carried it on (or before) in ``year``."""
    body = lexicon.bodies.get(function)
    if body is None or year is None or body.alive(year):
        return function
    if body.valid_to is not None and year > body.valid_to:
        later = lexicon.successors_in(body, year)
        return later[0].id if later else function
    earlier = lexicon.predecessors_in(body, year)
    return earlier[0].id if earlier else function
