"""The Python API: ``extract(path_or_text)`` → DataFrames, metadata and a spaCy Doc."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .io.readers import decode_text, read_input
from .run.document import DocumentResult, load_resources, process
from .stages.engines import DEFAULT_ENGINE, Engine

if TYPE_CHECKING:  # imported when used: a run that makes no DataFrame or Doc does not load them
    import pandas as pd
    from spacy.tokens import Doc


@dataclass
class Extraction:
    """The result of :func:`extract` for one document."""

    result: DocumentResult
    lexicon_dir: str | Path | None = None
    segmenter: Engine = DEFAULT_ENGINE

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

        Raises:
            FengongError: [E018] for a text longer than spaCy's ``max_length`` (1,000,000
                characters); its tables are made all the same.
        """
        from .errors import FengongError
        from .stages.nlp import make_nlp, to_doc

        nlp, text = make_nlp(self.lexicon_dir, self.segmenter), self.result.normalized.text
        if len(text) > nlp.max_length:  # the tables do not need a Doc: only this view is refused
            raise FengongError("E018", self.result.normalized.source, length=len(text), limit=nlp.max_length)
        return to_doc(text, nlp, self.result)

    @property
    def displacy_options(self) -> dict[str, Any]:
        """displaCy options giving each label its own colour: ``displacy.render(x.doc,
        style="span", options=x.displacy_options)``."""
        from .stages.nlp import DISPLACY_OPTIONS

        return {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in DISPLACY_OPTIONS.items()}


def extract(
    path_or_text: str | Path, lexicon_dir: str | Path | None = None, segmenter: Engine = DEFAULT_ENGINE,
    ocr: bool = False,
) -> Extraction:
    """Extract measures and assignments from a file path or from the text of a plan.

    Args:
        path_or_text: a path to a file of a format fengong reads (text, HTML, Word, WPS,
            spreadsheet, CSV, PDF), or the text itself.
        lexicon_dir: the folder of lexicon CSV files (the project's lexicons by default).
        segmenter: the engine of jieba's algorithm, ``"rjieba"`` (default) or ``"jieba"``;
            both give the same tables.
        ocr: recognise the pages of a scanned PDF with Tesseract (rows flagged ``ocr``).
    Returns:
        An :class:`Extraction`: the measures and assignments as DataFrames, the document's
        metadata, and (on demand) a spaCy Doc for displaCy.
    Raises:
        FengongError: an input that cannot be read or holds no numbered structure (one line
            with its code, e.g. ``[E007]``).
    """
    resources = load_resources(lexicon_dir, segmenter)
    is_path = isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and len(path_or_text) < 1024 and Path(path_or_text).exists()
    )
    decoded = read_input(path_or_text, lexicon=resources.lexicon, ocr=ocr) if is_path else decode_text(str(path_or_text))
    return Extraction(process(decoded, resources), lexicon_dir, segmenter)
