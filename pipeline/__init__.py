"""fengong (分工): who leads, takes part in and is responsible for each measure of a plan.

>>> from pipeline import extract
>>> x = extract("corpus/2013-quality-action-plan.txt")
>>> x.measures.head(), x.assignments.head(), x.document["title"]
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Extraction, extract  # noqa: E402

__all__ = ["Extraction", "extract", "__version__"]
