"""The tables' files: the rows of :mod:`pipeline.stages.emit.rows` as CSV, JSON, Parquet and xlsx.

CSV files are UTF-8 with a BOM so that Excel opens them; every file is written to
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
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS, Row

if TYPE_CHECKING:  # pandas is imported where a DataFrame is made: a run needs none
    import pandas as pd

INT_COLUMNS = {"start", "end"}
MANIFEST_COLUMNS = ["source", "doc_id", "status", "message", "sha256", "n_measures", "n_assignments",
                    "n_flagged", "n_flagged_lists", "n_unassigned", "n_warnings"]  # fmt: skip
# What the manifest and the terminal summary count, per document (never silent, codebook §5).
COUNT_FIELDS = ("n_flagged", "n_flagged_lists", "n_unassigned", "n_warnings")


def frame(rows: list[Row], columns: list[str]) -> pd.DataFrame:
    """A table's rows as a DataFrame: text columns as strings, ``start``/``end`` as int64."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=columns)
    return df.astype({c: ("int64" if c in INT_COLUMNS else "str") for c in columns})


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


def render_document(out: Path, measures: list[Row], assignments: list[Row], record: dict) -> tuple[str, str]:
    """:func:`write_document` from the rows: render them as CSV text, write the folder, return the text.

    What a run's folder writer process does for a worker that left the rendering to it (the
    combined tables are then appended with the text it returns).

    Returns:
        The measures' and the assignments' rows as CSV text (:func:`csv_lines`).
    """
    measures_csv, assignments_csv = csv_lines(measures), csv_lines(assignments)
    write_document(out, measures_csv, assignments_csv, record)
    return measures_csv, assignments_csv


def read_csv_body(path: Path) -> str:
    """The rows of a CSV file fengong wrote, as text: the file without its BOM and header."""
    text = path.read_text(encoding="utf-8-sig")
    return text[text.index("\n") + 1 :] if "\n" in text else ""


def rows_of_csv(body: str) -> list[Row]:
    """The rows of CSV text (:func:`csv_lines`, or :func:`read_csv_body`), ``start``/``end`` as ints.

    Only tables whose last two columns are ``start`` and ``end`` (measures, assignments).
    """
    return [(*row[:-2], int(row[-2]), int(row[-1])) for row in csv.reader(io.StringIO(body, newline=""))]


def warn(out: Path, warning: str) -> None:
    """A run-level warning, one line on stderr."""
    if warning:
        print(f"{out}: {warning}", file=sys.stderr)
