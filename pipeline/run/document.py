"""Chaining the stages: one document from decoded text to tables, or up to one named stage."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..errors import FengongError
from ..io.tables import frame
from ..stages.assign.counterparts import counterparts
from ..stages.assign.roles import assign
from ..stages.detect.spans import detect
from ..stages.emit.rows import (
    ASSIGNMENT_COLUMNS,
    MEASURE_COLUMNS,
    Row,
    assignment_rows,
    document_record,
    measure_rows,
)
from ..stages.normalize.working_text import normalize
from ..stages.segment.segmenter import segment
from ..stages.structure.outline import structure
from ..types import Assignments, Decoded, Detection, NormalizedText, Outline, Segmentation
from .resources import Resources

if TYPE_CHECKING:  # the DataFrames are made on demand: a run needs no pandas
    import pandas as pd

STAGES = ("normalize", "structure", "segment", "detect", "assign", "emit")


@dataclass
class DocumentResult:
    """Every stage's output for one document, and its tables (rows, and DataFrames on demand)."""

    normalized: NormalizedText
    outline: Outline
    segmentation: Segmentation
    detection: Detection
    assignments: Assignments
    measure_rows: list[Row]
    assignment_rows: list[Row]
    document: dict[str, Any]

    @cached_property
    def measures_df(self) -> pd.DataFrame:
        """The measures table (columns :data:`~pipeline.stages.emit.rows.MEASURE_COLUMNS`)."""
        return frame(self.measure_rows, MEASURE_COLUMNS)

    @cached_property
    def assignments_df(self) -> pd.DataFrame:
        """The assignments table (columns :data:`~pipeline.stages.emit.rows.ASSIGNMENT_COLUMNS`)."""
        return frame(self.assignment_rows, ASSIGNMENT_COLUMNS)


def process(decoded: Decoded, resources: Resources, until: str = "emit", year: int | None = None) -> Any:
    """Run the stages on one decoded input, stopping after stage ``until``.

    Args:
        decoded: the input as read (:func:`pipeline.io.readers.read_input` or ``decode_text``).
        resources: the lexicons and the segmenter, from :func:`~pipeline.run.resources.load_resources`.
        until: the last stage to run, one of :data:`STAGES`.
        year: the year of a text whose header shows none (``extract --year``): names are
            resolved for it, and a warning says so; an undated text without it warns that its
            names were resolved without a year.
    Returns:
        The stage's output: :class:`~pipeline.types.NormalizedText`, ``Outline``,
        ``Segmentation``, ``Detection``, ``Assignments``, or for ``"emit"`` a
        :class:`DocumentResult` with every stage's output and the tables.
    Raises:
        FengongError: [E011] for an unknown stage, [E007] for a text with no numbered structure.
    """
    if until not in STAGES:
        raise FengongError("E011", decoded.source, name=until, choices=", ".join(STAGES))
    lexicon = resources.lexicon
    norm = normalize(decoded, lexicon)
    if until == "normalize":
        return norm
    outline = structure(norm, resources.lexicon)
    apply_default_year(outline, year)
    if until == "structure":
        return outline
    if not outline.units:
        raise FengongError("E007", decoded.source)
    seg = segment(norm, resources.segmenter)
    if until == "segment":
        return seg
    det = detect(seg, norm.text, resources.lexicon)
    if until == "detect":
        return det
    result = counterparts(assign(norm, outline, det, lexicon), outline, norm.text, lexicon)
    if until == "assign":
        return result
    record = document_record(norm, outline, result, resources.versions)
    return DocumentResult(
        norm, outline, seg, det, result,
        measure_rows(norm, result), assignment_rows(norm, result), record,
    )  # fmt: skip


def apply_default_year(outline: Outline, year: int | None) -> None:
    """Give an undated outline the default ``year`` (or a warning that it has none)."""
    if outline.header.year is not None:
        return
    if year is not None:
        outline.header.year = year
        outline.warnings.append(f"undated: assumed year {year} (--year)")
    else:
        outline.warnings.append("undated: names resolved without a year, each to its latest body "
                                "(give --year YYYY)")  # fmt: skip


def stage_json(obj: Any) -> Any:
    """A stage's output as plain JSON data (DataFrames as records)."""
    if isinstance(obj, DocumentResult):
        return {
            "document": obj.document,
            "measures": obj.measures_df.to_dict(orient="records"),
            "assignments": obj.assignments_df.to_dict(orient="records"),
        }
    if isinstance(obj, Segmentation):
        return {"doc_id": obj.doc_id, "tokens": [dataclasses.asdict(t) for t in obj.tokens]}
    return dataclasses.asdict(obj)
