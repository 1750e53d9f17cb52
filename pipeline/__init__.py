"""fengong (分工): who leads, takes part in and is responsible for each measure of a plan.

>>> from pipeline import extract
>>> x = extract("corpus/2013-quality-action-plan.txt")
>>> x.measures.head(), x.assignments.head(), x.document["title"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

__all__ = ["Extraction", "extract", "__version__"]

if TYPE_CHECKING:
    from .api import Extraction, extract


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `fengong lexicon …` starts without loading spaCy.
    if name in {"Extraction", "extract"}:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
