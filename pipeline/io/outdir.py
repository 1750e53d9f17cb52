"""The output folder a run adds to: documents of earlier runs, tables of older versions, --clean.

A run's combined tables and manifest cover every document folder of ``--out`` (a folder
holding a ``document.json``): the documents of this run's inputs, then, in doc_id order,
those of earlier runs that are not inputs of this one, re-read from their folders
(status ``kept``). An input that now fails has its earlier per-document files removed, so
that no table shows a document its input no longer gives.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from ..errors import FengongError
from ..io.tables import csv_lines, read_csv_body
from ..stages.emit.rows import uid

DOCUMENT_FILES = ("measures.csv", "assignments.csv", "document.json")


def document_folders(out: Path) -> list[str]:
    """The doc_ids of the document folders in ``out``, sorted."""
    if not out.is_dir():
        return []
    return sorted(p.parent.name for p in out.glob("*/document.json") if p.is_file())


def read_record(folder: Path) -> dict | None:
    """A folder's ``document.json``, or None when it is missing or unreadable."""
    try:
        record = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def read_table(path: Path, columns: list[str]) -> str:
    """The rows of a per-document table as CSV text in ``columns``' order (:func:`csv_lines`).

    A table written by an older version (another set of columns) is re-read by column name:
    a missing ``uid`` is made from doc_id and measure_id, any other missing column is empty.
    """
    text = path.read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(text[: text.find("\n") + 1 or None])), [])
    if header == columns:
        return read_csv_body(path)
    rows = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        if "uid" not in row:
            row["uid"] = uid(row.get("doc_id", ""), row.get("measure_id", ""))
        rows.append(tuple(row.get(c) or ("0" if c in ("start", "end") else "") for c in columns))
    return csv_lines(rows)


def drop_document(out: Path, doc_id: str) -> None:
    """Remove the per-document files of ``doc_id`` (its stages/ and anything else stay)."""
    folder = out / doc_id
    for name in DOCUMENT_FILES:
        (folder / name).unlink(missing_ok=True)


def clean(out: Path, inputs: list[str]) -> None:
    """Empty ``out`` before a run (``--clean``), if it is a folder fengong wrote.

    Refused (E016) when ``out`` holds files but no ``manifest.csv`` (not a run folder: a
    mistyped ``--out`` must not cost anyone their files) or when an input lies inside it.
    """
    if not out.exists():
        return
    if not out.is_dir():
        raise FengongError("E016", str(out), detail="not a folder")
    children = list(out.iterdir())
    if children and not (out / "manifest.csv").is_file():
        raise FengongError("E016", str(out), detail="holds no manifest.csv, so it is not a fengong output folder")
    root = out.resolve()
    for given in inputs:
        path = Path(given).resolve()
        if path == root or root in path.parents:
            raise FengongError("E016", str(out), detail=f"the input {given} lies inside it")
    for child in children:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
