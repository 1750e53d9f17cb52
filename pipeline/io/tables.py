"""Stage 6, emit: pandas tables of measures, assignments and documents, and their files.

The column names below are a public contract (README, tests). Offsets ``start``/``end``
are character offsets into the original input; ``text`` and ``raw`` are in the original
script. CSV files are UTF-8 with a BOM so that Excel opens them; every file is written to
a temporary name first and then renamed, so an interrupted run leaves no half-written table.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..types import Assignments, NormalizedText, Outline, cell_at

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: a run needs none
    import pandas as pd

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
INT_COLUMNS = {"start", "end"}
MANIFEST_COLUMNS = ["source", "doc_id", "status", "message", "sha256", "n_measures", "n_assignments",
                    "n_flagged", "n_flagged_lists", "n_unassigned", "n_warnings"]  # fmt: skip
# What the manifest and the terminal summary count, per document (never silent, codebook §5).
COUNT_FIELDS = ("n_flagged", "n_flagged_lists", "n_unassigned", "n_warnings")


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


def frame(rows: list[Row], columns: list[str]) -> pd.DataFrame:
    """A table's rows as a DataFrame: text columns as strings, ``start``/``end`` as int64."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=columns)
    return df.astype({c: ("int64" if c in INT_COLUMNS else "str") for c in columns})


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


def temp_path(path: Path) -> str:
    """A new temporary file beside ``path``, to be moved onto it by :func:`publish`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    return tmp


def publish(tmp: str, path: Path) -> None:
    """Move a finished temporary file onto ``path`` (one rename: never half-written)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; outputs are for sharing
    os.replace(tmp, path)


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Write through ``write(tmp_path)`` to a temporary file, then rename it onto ``path``.

    The temporary file is named for this process (two processes never write one output
    file), so it is made by ``write`` itself with the usual permissions: four system calls
    a file instead of about ten with ``mkstemp`` and ``chmod``, which a run pays three times
    per document.
    """
    tmp = str(path.with_name(f".{path.stem}.{os.getpid()}{path.suffix}"))
    if os.path.lexists(tmp):  # left by a killed process of the same number: never written into
        os.unlink(tmp)
    try:
        try:
            write(tmp)
        except FileNotFoundError:  # a new folder: made once, not checked before every file
            path.parent.mkdir(parents=True, exist_ok=True)
            write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with a BOM, LF line ends."""
    atomic_write(path, lambda tmp: df.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n"))


def open_csv(path: str | Path) -> TextIO:
    """A new CSV file in UTF-8 with a BOM, as :func:`write_csv` writes them.

    The BOM is written by hand: Python's ``utf-8-sig`` codec encodes through Python-level
    code on every write, which made writing a large table row by row several times slower.
    """
    fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - the caller closes it
    fh.write("\ufeff")
    return fh


def csv_lines(rows: Iterable[Row]) -> str:
    """Rows as CSV text, in the format of every CSV file fengong writes (no header, no BOM)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def write_csv_text(columns: list[str], body: str, path: Path) -> None:
    """A CSV file from its column names and its rows already as text (:func:`csv_lines`)."""

    def write(tmp: str) -> None:
        with open_csv(tmp) as fh:
            fh.write(csv_lines([columns]))
            fh.write(body)

    atomic_write(path, write)


def write_json(obj: object, path: Path) -> None:
    """Pretty, key-ordered JSON in UTF-8."""
    payload = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, lambda tmp: Path(tmp).write_text(payload, encoding="utf-8"))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Parquet through pyarrow."""
    atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False, engine="pyarrow"))


def write_excel(sheets: dict[str, pd.DataFrame], path: Path) -> str:
    """One workbook, a sheet per table; a warning instead, when a table is too long for Excel."""
    from ..io.workbook import WorkbookStream

    stream = WorkbookStream(path, {name: list(df.columns) for name, df in sheets.items()})
    for name, df in sheets.items():
        stream.add(name, list(df.itertuples(index=False, name=None)))
    return stream.close()


def write_document(out: Path, measures_csv: str, assignments_csv: str, record: dict) -> None:
    """``DIR/<doc_id>/measures.csv``, ``assignments.csv`` and ``document.json``.

    The tables come as CSV text (:func:`csv_lines`): a batch renders them once, for these
    files and for the combined tables.
    """
    folder = out / str(record["doc_id"])
    write_csv_text(MEASURE_COLUMNS, measures_csv, folder / "measures.csv")
    write_csv_text(ASSIGNMENT_COLUMNS, assignments_csv, folder / "assignments.csv")
    write_json(record, folder / "document.json")


def read_csv_body(path: Path) -> str:
    """The rows of a CSV file fengong wrote, as text: the file without its BOM and header."""
    text = path.read_text(encoding="utf-8-sig")
    return text[text.index("\n") + 1 :] if "\n" in text else ""


def rows_of_csv(body: str) -> list[Row]:
    """The rows of CSV text (:func:`csv_lines`, or :func:`read_csv_body`), ``start``/``end`` as ints.

    Only tables whose last two columns are ``start`` and ``end`` (measures, assignments).
    """
    return [(*row[:-2], int(row[-2]), int(row[-1])) for row in csv.reader(io.StringIO(body, newline=""))]


def document_row(record: dict) -> Row:
    """A document record as a row of :data:`DOCUMENT_FIELDS`; warnings joined by ' | '."""
    row = {**record, "warnings": " | ".join(record.get("warnings", []))}
    return tuple(row.get(f) for f in DOCUMENT_FIELDS)


def warn(out: Path, warning: str) -> None:
    """A run-level warning, one line on stderr."""
    if warning:
        print(f"{out}: {warning}", file=sys.stderr)
