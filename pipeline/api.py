"""The Python API: ``extract(path_or_text)`` → DataFrames, metadata and a spaCy Doc."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from .io.readers import decode_text, read_input
from .run.document import DocumentResult, load_resources, process


@dataclass
class Extraction:
    """The result of :func:`extract` for one document."""

    result: DocumentResult
    lexicon_dir: str | Path | None = None

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
        """The working text as a spaCy Doc with the extraction's spans, for ``displacy.render``.

        Spans (``doc.spans["fengong"]``, and ``doc.ents``) are labelled ``BODY·lead``,
        ``BODY·participant``, ``BODY·responsible`` (bodies of lists, by their role), ``BODY``
        (a body named elsewhere) and ``VERB`` (verbs of measures only). The Doc is over the
        working text (simplified script): ``span.start_char`` indexes that text, while
        ``span._.orig_start``/``span._.orig_end`` are offsets into the original input, the
        ``start``/``end`` of the tables. See :func:`pipeline.stages.nlp.to_doc`.
        """
        from .stages.nlp import make_nlp, to_doc

        return to_doc(self.result.normalized.text, make_nlp(self.lexicon_dir), self.result)

    @property
    def displacy_options(self) -> dict[str, Any]:
        """displaCy options giving each label its own colour: ``displacy.render(x.doc,
        style="span", options=x.displacy_options)``."""
        from .stages.nlp import DISPLACY_OPTIONS

        return {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in DISPLACY_OPTIONS.items()}


def extract(path_or_text: str | Path, lexicon_dir: str | Path | None = None) -> Extraction:
    """Extract measures and assignments from a file path or from the text of a plan."""
    resources = load_resources(lexicon_dir)
    is_path = isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and len(path_or_text) < 1024 and Path(path_or_text).exists()
    )
    decoded = read_input(path_or_text) if is_path else decode_text(str(path_or_text))
    return Extraction(process(decoded, resources), lexicon_dir)
