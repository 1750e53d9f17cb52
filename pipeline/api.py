"""The Python API: ``extract(path_or_text)`` → DataFrames, metadata and a spaCy Doc."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from .readers import decode_text, read_input
from .run import DocumentResult, load_resources, process


@dataclass
class Extraction:
    """The result of :func:`extract` for one document."""

    result: DocumentResult

    @property
    def measures(self) -> pd.DataFrame:
        """One row per measure (see README, measures.csv)."""
        return self.result.measures_df

    @property
    def assignments(self) -> pd.DataFrame:
        """One row per (measure, body) with its role (see README, assignments.csv)."""
        return self.result.assignments_df

    @property
    def document(self) -> dict[str, Any]:
        """Metadata, counts and warnings (see README, document.json)."""
        return self.result.document

    @cached_property
    def doc(self) -> Doc:
        """The working text as a spaCy Doc with BODY and VERB spans, for ``displacy.render``."""
        from .detect import to_doc
        from .segment import make_nlp

        return to_doc(self.result.normalized.text, make_nlp())


def extract(path_or_text: str | Path, lexicon_dir: str | Path | None = None) -> Extraction:
    """Extract measures and assignments from a file path or from the text of a plan."""
    res = load_resources(lexicon_dir)
    is_path = isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and len(path_or_text) < 1024 and Path(path_or_text).exists()
    )
    decoded = read_input(path_or_text) if is_path else decode_text(str(path_or_text))
    return Extraction(process(decoded, res))
