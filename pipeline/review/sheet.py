"""``fengong review OUTDIR``: a workbook to check a run by hand, ``OUTDIR/review.xlsx``.

One row per assignment and one per measure with no body, with the measure's text, in the
order of the tables. The reviewer fills ``verdict`` (a drop-down: ok, wrong role, wrong body,
not a measure, missing body), ``correct_body``, ``correct_role`` (a drop-down), ``scope`` (a
drop-down: empty or measure for the row's measure, list for every measure its list covers) and ``note``;
the other columns are the machine's and the keys that apply the review to a later run
(``extract --corrections``, pipeline/corrections.py) or score the machine against it
(``score --review``, pipeline/agreement.py): the document's sha256, the path, the measure's
text (``text_simplified``) and the body as written (``raw``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..errors import FengongError
from ..io.outdir import document_folders, read_record
from ..review.corrections import ROLES, SCOPES, VERDICTS

REVIEW_COLUMNS = ["verdict", "correct_body", "correct_role", "scope", "note", "doc_id", "path", "text", "raw",
                  "body", "role", "marker", "source", "flags", "measure_id", "start", "end", "sha256",
                  "text_simplified"]  # fmt: skip
INPUT_COLUMNS = ("verdict", "correct_body", "correct_role", "scope", "note")
WIDTHS = {"verdict": 14, "correct_body": 22, "correct_role": 13, "scope": 9, "note": 24, "doc_id": 22, "path": 8,
          "text": 60, "raw": 18, "body": 24, "role": 12, "marker": 8, "source": 12, "flags": 12, "measure_id": 10,
          "start": 8, "end": 8, "sha256": 14, "text_simplified": 30}  # fmt: skip
SPARE_ROWS = 500  # rows below the table that keep the drop-downs, for rows a reviewer adds
HELP = [
    "One row per assignment (a measure and a body) and per measure with no body. Fill the first five columns.",
    "verdict: ok (right as it is) · wrong role (give correct_role) · wrong body (give correct_body, and "
    "correct_role if it differs) · not a measure (the measure and all its rows go) · missing body "
    "(give correct_body and correct_role; several names: 教育部|财政部).",
    "A measure with bodies that lacks one more: copy one of its rows, set verdict to missing body and fill "
    "correct_body and correct_role.",
    "scope: empty (or measure) for the row's own measure; list for every measure its list covers: a list "
    "(牵头单位：…) over four measures gives four rows per body, and one of them with scope list corrects all four "
    "(wrong role, wrong body, or missing body on a copied row). A row of one measure still has the last word there.",
    "Leave verdict empty for a row you did not check: it is neither applied nor scored.",
    "Do not change the columns from doc_id on: sha256, path, text_simplified and raw find the row again in later runs.",
    "Apply: fengong extract FILES --out OUTDIR --corrections review.xlsx. "
    "Agreement: fengong score OUTDIR --review review.xlsx.",
]


def _read(path: Path) -> list[dict[str, str]]:
    """A per-document table fengong wrote, as dicts (missing columns read as empty)."""
    if not path.is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def document_rows(folder: Path) -> list[dict[str, Any]]:
    """The review rows of one document folder: its assignments, and its measures with no body,
    each after the rows of the measure before it."""
    record = read_record(folder) or {}
    measures, assignments = _read(folder / "measures.csv"), _read(folder / "assignments.csv")
    by_id = {m["measure_id"]: m for m in measures}
    rows_of: dict[str, list[dict[str, str]]] = {}
    for a in assignments:
        rows_of.setdefault(a.get("measure_id", ""), []).append(a)
    doc = {"doc_id": record.get("doc_id", folder.name), "sha256": record.get("sha256", "")}
    out: list[dict[str, Any]] = []
    for a in rows_of.pop("", []):  # lists whose unit holds no measure (targets): first, as in no measure
        out.append({**doc, **_assignment(a, {})})
    for m in measures:
        rows = rows_of.pop(m["measure_id"], [])
        if not rows:
            out.append({**doc, **_measure(m)})
        out += [{**doc, **_assignment(a, m)} for a in rows]
    for mid, rows in rows_of.items():  # rows of a measure the measures table lacks (should not happen)
        out += [{**doc, **_assignment(a, by_id.get(mid, {}))} for a in rows]
    return out


def _measure(m: dict[str, str]) -> dict[str, Any]:
    return {"path": m.get("path", ""), "text": m.get("text", ""), "text_simplified": m.get("text_simplified", ""),
            "measure_id": m.get("measure_id", ""), "start": _int(m.get("start")), "end": _int(m.get("end"))}  # fmt: skip


def _assignment(a: dict[str, str], m: dict[str, str]) -> dict[str, Any]:
    row = {c: a.get(c, "") for c in ("path", "raw", "body", "role", "marker", "source", "flags", "measure_id")}
    return {**row, "text": m.get("text", ""), "text_simplified": m.get("text_simplified", ""),
            "start": _int(a.get("start")), "end": _int(a.get("end"))}  # fmt: skip


def _int(value: str | None) -> int | str:
    try:
        return int(value or "")
    except ValueError:
        return value or ""


def review_rows(out: Path) -> list[dict[str, Any]]:
    """The review rows of every document folder of ``out``, in doc_id order."""
    docs = document_folders(out)
    if not docs:
        raise FengongError("E012", detail=str(out))
    return [row for doc_id in docs for row in document_rows(out / doc_id)]


def write_review(out: Path, path: Path | None = None) -> Path:
    """Write the review workbook of the run in ``out`` (default ``out/review.xlsx``)."""
    import xlsxwriter

    from ..io.tables import atomic_write

    rows = review_rows(out)
    target = path or out / "review.xlsx"

    def write(tmp: str) -> None:
        book = xlsxwriter.Workbook(tmp, {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})  # fmt: skip
        _review_sheet(book, rows)
        notes = book.add_worksheet("how to")
        notes.set_column(0, 0, 120)
        for r, line in enumerate(HELP):
            notes.write_string(r, 0, line)
        book.close()

    atomic_write(target, write)
    return target


def _review_sheet(book: Any, rows: list[dict[str, Any]]) -> None:
    """The ``review`` sheet: header, rows, drop-downs, frozen header, filters, widths."""
    sheet = book.add_worksheet("review")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    fill = book.add_format({"bold": True, "bg_color": "#FFF2CC", "border": 1})
    for c, name in enumerate(REVIEW_COLUMNS):
        sheet.write_string(0, c, name, fill if name in INPUT_COLUMNS else head)
        sheet.set_column(c, c, WIDTHS.get(name, 12))
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(REVIEW_COLUMNS):
            value = row.get(name, "")
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, str(value))
    last = len(rows) + SPARE_ROWS
    col = REVIEW_COLUMNS.index
    sheet.data_validation(1, col("verdict"), last, col("verdict"), {
        "validate": "list", "source": list(VERDICTS), "error_title": "verdict",
        "error_message": "One of: " + ", ".join(VERDICTS)})  # fmt: skip
    sheet.data_validation(1, col("correct_role"), last, col("correct_role"), {
        "validate": "list", "source": list(ROLES), "error_title": "correct_role",
        "error_message": "One of: " + ", ".join(ROLES)})  # fmt: skip
    sheet.data_validation(1, col("scope"), last, col("scope"), {
        "validate": "list", "source": list(SCOPES), "error_title": "scope",
        "error_message": "One of: " + ", ".join(SCOPES) + " (empty: measure)"})  # fmt: skip
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(REVIEW_COLUMNS) - 1)
