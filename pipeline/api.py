"""The Python API: ``extract(path_or_text)`` → DataFrames, metadata and a spaCy Doc."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FengongError
from .io.readers import SUPPORTED, decode_text, read_input
from .lexicon.engines import DEFAULT_ENGINE, Engine
from .run.document import DocumentResult, process
from .run.resources import load_resources

MAX_PATH = 1024  # a longer one-line string is text

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
        """One row per measure (see docs/output.md, measures.csv)."""
        return self.result.measures_df

    @property
    def assignments(self) -> pd.DataFrame:
        """One row per (measure, body) with its role (see docs/output.md, assignments.csv)."""
        return self.result.assignments_df

    @property
    def document(self) -> dict[str, Any]:
        """Metadata, counts and warnings (see docs/output.md, document.json)."""
        return self.result.document

    @cached_property
    def doc(self) -> Doc:
        """The working text as a spaCy Doc with the extraction's spans, for ``displacy.render``.

        Spans (``doc.spans["fengong"]``, and ``doc.ents``) are labelled ``LEAD``, ``PART``,
        ``RESP`` (bodies of lists, by their role: lead, participant, responsible, in full in
        ``span._.role``), ``BODY`` (a body named elsewhere) and ``VERB`` (verbs of measures
        only): labels of four letters at most, so that displaCy's labels of a list's names do
        not run over each other (:attr:`displacy_legend` says what they mean). The Doc is over the
        working text (simplified script): ``span.start_char`` indexes that text, while
        ``span._.orig_start``/``span._.orig_end`` are offsets into the original input, the
        ``start``/``end`` of the tables. See :func:`pipeline.nlp.to_doc`.

        Raises:
            FengongError: [E018] for a text longer than spaCy's ``max_length`` (1,000,000
                characters); its tables are made all the same.
        """
        from .nlp import make_nlp, to_doc

        nlp, text = make_nlp(self.lexicon_dir, self.segmenter), self.result.normalized.text
        if len(text) > nlp.max_length:  # the tables do not need a Doc: only this view is refused
            raise FengongError("E018", self.result.normalized.source, length=len(text), limit=nlp.max_length)
        return to_doc(text, nlp, self.result)

    @property
    def displacy_options(self) -> dict[str, Any]:
        """displaCy options giving each label its own colour: ``displacy.render(x.doc,
        style="span", options=x.displacy_options)``."""
        from .nlp import DISPLACY_OPTIONS

        return {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in DISPLACY_OPTIONS.items()}

    @property
    def displacy_legend(self) -> str:
        """An HTML legend of the labels of :attr:`doc` (LEAD = lead, PART = participant …), each in
        its displaCy colour: ``x.displacy_legend + displacy.render(x.doc, style="span", ...)``."""
        from .nlp import legend_html

        return legend_html()


def _is_path(value: str | Path) -> bool:
    """Whether ``extract``'s argument names a file: a Path, an existing file, or one line ending
    in a suffix fengong reads (a plan's text has line breaks or no such ending)."""
    if isinstance(value, Path):
        return True
    if "\n" in value or len(value) >= MAX_PATH:
        return False
    return Path(value).exists() or Path(value).suffix.lower() in SUPPORTED - {""}


def extract(
    path_or_text: str | Path | None = None, lexicon_dir: str | Path | None = None,
    segmenter: Engine = DEFAULT_ENGINE, ocr: bool = False, *, text: str | None = None,
) -> Extraction:
    """Extract measures and assignments from a file path or from the text of a plan.

    Args:
        path_or_text: a path to a file of a format fengong reads (text, HTML, Word, WPS,
            spreadsheet, CSV, PDF), or the text itself. A one-line string ending in a suffix
            fengong reads (``plans/2016.txt``) is a path, and one that does not exist is an
            error (E001), not a text.
        lexicon_dir: the folder of lexicon CSV files (the project's lexicons by default).
        segmenter: the engine of jieba's algorithm, ``"rjieba"`` (default) or ``"jieba"``;
            both give the same tables.
        ocr: recognise the pages of a scanned PDF with Tesseract (rows flagged ``ocr``).
        text: the plan's text, given explicitly (instead of ``path_or_text``).
    Returns:
        An :class:`Extraction`: the measures and assignments as DataFrames, the document's
        metadata, and (on demand) a spaCy Doc for displaCy.
    Raises:
        FengongError: an input that cannot be read or holds no numbered structure (one line
            with its code, e.g. ``[E007]``).
    """
    if (text is None) == (path_or_text is None):
        raise TypeError("extract() takes a path or text, and text= only without one")
    resources = load_resources(lexicon_dir, segmenter)
    if text is None and _is_path(path_or_text):  # type: ignore[arg-type]
        if not Path(path_or_text).exists():  # type: ignore[arg-type]
            raise FengongError("E001", str(path_or_text))
        decoded = read_input(path_or_text, lexicon=resources.lexicon, ocr=ocr)  # type: ignore[arg-type]
    else:
        decoded = decode_text(str(text if text is not None else path_or_text))
    return Extraction(process(decoded, resources), lexicon_dir, segmenter)
