"""Stage 7, emit: the rows of the measures, assignments and documents tables, by their columns.

The column names below are a public contract (docs/output.md, tests). ``start``/``end`` are
character offsets into the original input; ``text`` and ``raw`` are in the original script. The
rows are tuples in their table's column order; ``pipeline.io.tables`` writes them to files.
"""

from __future__ import annotations

from operator import attrgetter

from ...types import Assignments, NormalizedText, Outline, cell_at

MEASURE_COLUMNS = ["doc_id", "measure_id", "uid", "path", "section_title", "item_title", "text",
                   "text_simplified", "verb", "verbs", "verb_category", "deadline", "cell", "start", "end"]  # fmt: skip
# The machine's values of a row a reviewer corrected (``extract --corrections``, pipeline/corrections.py);
# empty in every other row. Before start/end: rows_of_csv needs those last.
CORRECTION_COLUMNS = ["machine_body", "machine_role"]
ASSIGNMENT_COLUMNS = ["doc_id", "measure_id", "uid", "path", "body", "body_id", "body_en", "body_kind",
                      "level", "place", "function", "role", "raw", "marker", "source", "deadline", "flags", "cell",
                      *CORRECTION_COLUMNS, "start", "end"]  # fmt: skip
DOCUMENT_FIELDS = ["doc_id", "source", "sha256", "title", "notice_title", "doc_number", "issuer",
                   "date", "year", "place", "level", "addressees", "script", "encoding", "n_measures",
                   "n_assignments", "n_flagged", "n_flagged_lists", "n_unassigned", "n_warnings",
                   "warnings", "pipeline_version", "lexicon_version"]  # fmt: skip


Row = tuple  # one table row, values in the order of its columns


def uid(doc_id: str, measure_id: str) -> str:
    """A measure's id over all documents, ``doc_id:measure_id`` ('' for a row with no measure):
    the combined tables join on it alone."""
    return f"{doc_id}:{measure_id}" if measure_id else ""


def measure_rows(norm: NormalizedText, result: Assignments) -> list[Row]:
    """One row per measure, values in the order of :data:`MEASURE_COLUMNS`."""
    rows = []
    for m in result.measures:
        start, end = norm.orig_span(m.start, m.end)
        rows.append((norm.doc_id, m.measure_id, uid(norm.doc_id, m.measure_id), m.path, m.section_title, m.item_title,
                     norm.original[start:end], m.text_simplified, m.verb, "|".join(m.verbs),
                     m.verb_category, m.deadline, cell_ref(norm, start), start, end))  # fmt: skip
    return rows


_ASSIGNMENT_FIELDS = attrgetter(*ASSIGNMENT_COLUMNS[3:-5])  # after doc_id, measure_id, uid; up to flags
_UNCORRECTED = ("",) * len(CORRECTION_COLUMNS)


def assignment_rows(norm: NormalizedText, result: Assignments) -> list[Row]:
    """One row per (measure, body), values in the order of :data:`ASSIGNMENT_COLUMNS`."""
    doc_id = norm.doc_id
    return [(doc_id, a.measure_id, uid(doc_id, a.measure_id), *_ASSIGNMENT_FIELDS(a), cell_ref(norm, a.start),
             *_UNCORRECTED, a.start, a.end) for a in result.assignments]  # fmt: skip


def cell_ref(norm: NormalizedText, pos: int) -> str:
    """The task-table cell that offset ``pos`` of the original input lies in (``table 2, row 5,
    column 3``, ``sheet 任务分工!C7``), or '' for running text."""
    cell = cell_at(norm.cells, pos) if norm.cells else None
    return cell.ref if cell is not None else ""


def document_record(
    norm: NormalizedText, outline: Outline, result: Assignments, versions: tuple[str, str]
) -> dict[str, object]:
    """The document's metadata, counts and warnings (``document.json``)."""
    h = outline.header
    warnings = list(dict.fromkeys([*norm.warnings, *outline.warnings, *result.warnings]))
    return {
        "doc_id": norm.doc_id, "source": norm.source, "sha256": norm.sha256, "title": h.title,
        "notice_title": h.notice_title, "doc_number": h.doc_number, "issuer": h.issuer,
        "date": h.date, "year": h.year, "place": result.place, "level": result.place_level,
        "addressees": h.addressees, "script": norm.script,
        "encoding": norm.encoding, "n_measures": len(result.measures),
        "n_assignments": len(result.assignments),
        "n_flagged": sum(bool(a.flags) for a in result.assignments),
        "n_flagged_lists": result.n_flagged_lists, "n_unassigned": result.n_unassigned,
        "n_warnings": len(warnings), "warnings": warnings,
        "pipeline_version": versions[0], "lexicon_version": versions[1],
    }  # fmt: skip


def document_row(record: dict) -> Row:
    """A document record as a row of :data:`DOCUMENT_FIELDS`; warnings joined by ' | '."""
    row = {**record, "warnings": " | ".join(record.get("warnings", []))}
    return tuple(row.get(f) for f in DOCUMENT_FIELDS)
