"""The Chinese and English labels of the lexicons' codes (``labels.csv``): body kinds, verb categories.

The tables write a body's kind (``ministry``) and a measure's verb category (``regulate``) as a
code; a figure's legend names it by its label in the label language (国务院组成部门 in Chinese,
``ministry`` in English). One row per code: ``set`` (:data:`LABEL_SETS`), ``value`` (the code),
``zh``, ``en`` and a ``note``. Rows are kept as read, in file order, so that ``validate`` can
report an unknown set, an empty label, a code labelled twice and a code with no label.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple, get_args

from ..errors import FengongError
from ..lexicon.files import read as _read

LabelSet = Literal["kind", "verb_category"]  # agencies.csv / body_patterns.csv kind, verbs.csv category
LABEL_SETS: frozenset[str] = frozenset(get_args(LabelSet))
COLUMNS = ("set", "value", "zh", "en")


class LabelRow(NamedTuple):
    """A row of ``labels.csv``: a code of one set and its Chinese and English labels."""

    set: str  # a LabelSet; validate reports any other
    value: str
    zh: str
    en: str


@dataclass(frozen=True)
class Labels:
    """The rows of ``labels.csv``, in file order, and the label of a code in either language."""

    rows: tuple[LabelRow, ...] = ()

    @cached_property
    def _index(self) -> dict[tuple[str, str], LabelRow]:
        index: dict[tuple[str, str], LabelRow] = {}
        for row in self.rows:
            index.setdefault((row.set, row.value), row)  # the first row of a code wins
        return index

    def label(self, of: str, value: str, english: bool) -> str | None:
        """The label of code ``value`` of set ``of`` (``kind``, ``verb_category``).

        Args:
            of: the set the code belongs to.
            value: the code as the tables write it (``ministry``).
            english: the English label rather than the Chinese one.

        Returns:
            The ``en`` or ``zh`` label, or None when ``labels.csv`` has no row (or an empty
            label) for the code.
        """
        row = self._index.get((of, value))
        if row is None:
            return None
        return (row.en if english else row.zh) or None

    def values(self, of: str) -> tuple[str, ...]:
        """The codes of one set that have a row, in file order.

        Args:
            of: the set (``kind``, ``verb_category``).

        Returns:
            Each code once, as first written.
        """
        return tuple(dict.fromkeys(row.value for row in self.rows if row.set == of))


def read_labels(path: Path) -> Labels:
    """The rows of ``labels.csv``.

    Args:
        path: the file.

    Returns:
        Its rows as :class:`Labels`, in file order.

    Raises:
        FengongError: E010 when the file is missing, unreadable or lacks one of :data:`COLUMNS`.
    """
    rows = _read(path)
    for column in COLUMNS:
        if rows and column not in rows[0]:
            raise FengongError("E010", str(path), detail=f"no column {column!r}")
    return Labels(tuple(LabelRow(*(r[c] for c in COLUMNS)) for r in rows))
