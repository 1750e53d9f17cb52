"""A filled review (``review.xlsx``, or the same as CSV) read and applied to a document's tables.

A correction is keyed by content, never by row number or measure_id: the document's sha256,
the path, the measure's text (``text_simplified``) and the body as written (``raw``). So a
correction survives a rerun, a new pipeline version or a lexicon change, and one that no
longer matches anything is reported (a warning in document.json, a line on the terminal, a
row of ``corrections_unmatched.csv``), never dropped silently.

What each verdict does to the tables (``fengong extract … --corrections FILE``):

- ``ok``: nothing.
- ``wrong role`` / ``wrong body``: the row takes ``correct_role`` / ``correct_body`` (resolved
  for the document's year, as the machine resolves names); the machine's body and role are kept
  in ``machine_body``/``machine_role`` and ``source`` becomes ``correction``.
- ``missing body``: a row is added for each name of ``correct_body`` (``|`` or ``、`` between
  names) with ``correct_role``, ``source`` = ``correction``, empty ``raw``, the measure's offsets.
- ``not a measure``: the measure leaves ``measures.csv`` and its rows leave ``assignments.csv``;
  ``corrections_applied.csv`` lists what was removed.

``scope`` says how far a row reaches: empty or ``measure``, its own measure; ``list``, every
measure its list covers. A list-scoped row (wrong role, wrong body, missing body) finds its row
in its measure as any row does (path, text, raw), then reaches every row read from that same
name at that same place in the text (its ``start``/``end`` in this run): one row of a list over
four measures corrects all four. List-scoped rows are applied before measure-scoped ones, so a
row about one measure of the list has the last word there.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.tables import csv_lines, write_csv_text
from ..stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS, Row

if TYPE_CHECKING:
    from ..lexicon.model import Lexicon

VERDICTS = ("ok", "wrong role", "wrong body", "not a measure", "missing body")
ROLES = ("lead", "participant", "responsible")
#: How far a review row reaches (column ``scope``; empty = ``measure``).
SCOPES = ("measure", "list")
LIST_VERDICTS = ("ok", "wrong role", "wrong body", "missing body")  # the verdicts a list-scoped row may give
#: The columns a filled review must have (``review.xlsx`` has more, for the reader).
KEY_COLUMNS = ["verdict", "correct_body", "correct_role", "sha256", "path", "text_simplified", "raw"]
REPORT_COLUMNS = ["doc_id", "sha256", "path", "text_simplified", "raw", "verdict", "correct_body",
                  "correct_role", "status", "detail", "review_row", "scope"]  # fmt: skip
UNMATCHED_FILE, APPLIED_FILE = "corrections_unmatched.csv", "corrections_applied.csv"
_NAME_SEP = re.compile(r"\s*[|、；;，,]\s*")
_M = {c: i for i, c in enumerate(MEASURE_COLUMNS)}
_A = {c: i for i, c in enumerate(ASSIGNMENT_COLUMNS)}

#: (body, body_id, body_en, body_kind, level) of a name a reviewer wrote.
Resolver = Callable[[str], tuple[str, ...]]  # body, body_id, body_en, body_kind, level, place, function


class ReviewError(Exception):
    """A review file that cannot be read or holds invalid rows (every problem, one per line)."""


@dataclass(frozen=True)
class ReviewRow:
    """One row of a filled review, its values as text (``row``: its row number in the file;
    ``scope``: '' or ``measure`` for its measure, ``list`` for every measure its list covers;
    ``start``/``end``: the name's offsets as the review shows them, used by ``score --review``)."""

    row: int
    verdict: str
    correct_body: str
    correct_role: str
    sha256: str
    path: str
    text_simplified: str
    raw: str
    doc_id: str = ""
    body: str = ""
    role: str = ""
    note: str = ""
    scope: str = ""
    start: str = ""
    end: str = ""

    @property
    def whole_list(self) -> bool:
        """Whether the row reaches every measure its list covers (``scope`` list)."""
        return self.scope == "list"

    def names(self) -> list[str]:
        """The names of ``correct_body`` (a missing body may name several)."""
        return [n for n in _NAME_SEP.split(self.correct_body.strip()) if n]


SETTLED_FLAGS = frozenset({"partial_list", "unknown_body", "unknown_role_verb"})  # a corrected row drops them


def _text(value: object) -> str:
    """A cell as text: None empty, a whole float without its ``.0`` (Excel's numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(path: Path) -> list[dict[str, str]]:
    """The rows of a review file (xlsx: its first sheet; csv: UTF-8, with or without a BOM)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        cells = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    elif path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            cells = [[c.strip() for c in row] for row in csv.reader(fh)]
    else:
        raise ReviewError(f"{path}: a review is an .xlsx or .csv file")
    if not cells:
        raise ReviewError(f"{path}: empty")
    header = cells[0]
    missing = [c for c in KEY_COLUMNS if c not in header]
    if missing:
        raise ReviewError(f"{path}: not a review (no column {', '.join(missing)}): write one with fengong review")
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in cells[1:]]


def normal_verdict(value: str) -> str:
    """``Wrong_Role``, ``wrong-role``, `` wrong  role`` → ``wrong role``."""
    return " ".join(value.lower().replace("_", " ").replace("-", " ").split())


def normal_scope(value: str) -> str:
    """`` List ``, ``LIST`` → ``list``; ``measure`` (the default) → ''.

    Args:
        value: the ``scope`` cell as written.
    Returns:
        ``list``, '' for a row about its measure alone, or the value lowered (refused later).
    """
    scope = value.strip().lower()
    return "" if scope == "measure" else scope


def _problem(r: ReviewRow) -> str:
    """What makes a row unusable ('' when it is fine).

    Args:
        r: a row of the review, as read.
    Returns:
        The problem in a few words, or '' for a usable row.
    """
    if r.verdict not in ("", *VERDICTS):
        return f"verdict {r.verdict!r} is none of {', '.join(VERDICTS)}"
    if r.scope not in ("", *SCOPES):
        return f"scope {r.scope!r} is none of {', '.join(SCOPES)} (empty: measure)"
    if r.whole_list and r.verdict and r.verdict not in LIST_VERDICTS:
        return f"scope list is for {', '.join(LIST_VERDICTS[1:])}: {r.verdict} is about one measure"
    if r.whole_list and r.verdict and not r.raw:
        return "scope list needs a row of the list (its raw names one of the list's bodies)"
    if r.correct_role and r.correct_role not in ROLES:
        return f"correct_role {r.correct_role!r} is none of {', '.join(ROLES)}"
    if r.verdict == "wrong role" and not r.correct_role:
        return "wrong role needs a correct_role"
    if r.verdict in ("wrong body", "missing body") and not r.names():
        return f"{r.verdict} needs a correct_body"
    if r.verdict == "missing body" and not r.correct_role:
        return "missing body needs a correct_role"
    return ""


def read_review(path: str | Path) -> list[ReviewRow]:
    """Every row of a filled review; a ReviewError names each invalid row (its row number)."""
    path = Path(path)
    if not path.is_file():
        raise ReviewError(f"{path}: no such file")
    rows, problems = [], []
    for n, cells in enumerate(_table(path), start=2):
        if not any(cells.values()):
            continue
        r = ReviewRow(n, normal_verdict(cells["verdict"]), cells["correct_body"], cells["correct_role"].lower(),
                      cells["sha256"], cells["path"], cells["text_simplified"], cells["raw"],
                      cells.get("doc_id", ""), cells.get("body", ""), cells.get("role", ""),
                      cells.get("note", ""), normal_scope(cells.get("scope", "")),
                      cells.get("start", ""), cells.get("end", ""))  # fmt: skip
        problem = _problem(r)
        if problem:
            problems.append(f"{path}: row {n}: {problem}")
        rows.append(r)
    if problems:
        raise ReviewError("\n".join(problems))
    return rows


def corrections_by_document(rows: list[ReviewRow]) -> dict[str, list[ReviewRow]]:
    """The rows that change something (a verdict other than ok), by document sha256."""
    by_doc: dict[str, list[ReviewRow]] = {}
    for r in rows:
        if r.verdict not in ("", "ok"):
            by_doc.setdefault(r.sha256, []).append(r)
    return by_doc


def report_row(c: ReviewRow, status: str, detail: str = "", doc_id: str = "") -> Row:
    """One row of the corrections report (:data:`REPORT_COLUMNS`)."""
    return (doc_id or c.doc_id, c.sha256, c.path, c.text_simplified, c.raw, c.verdict, c.correct_body,
            c.correct_role, status, detail, c.row, c.scope or "measure")  # fmt: skip


class _Doc:
    """One document's rows while corrections are applied to them."""

    def __init__(self, measures: list[Row], assignments: list[Row], resolve: Resolver | None) -> None:
        self.measures = [list(m) for m in measures]
        self.rows = [list(a) for a in assignments]
        self.machine = [tuple(a) for a in assignments]  # as read, before any correction: where lists are
        self.resolve = resolve or (lambda name: (name, "", "", "unknown", "unknown", "", ""))
        self.text_of = {m[_M["measure_id"]]: m[_M["text_simplified"]] for m in self.measures}
        self.removed: set[tuple[str, str]] = set()

    def in_measure(self, rows: list, path: str, text: str) -> list:
        """The ``rows`` (assignment rows) of the measure (path, text)."""
        return [a for a in rows if (a[_A["path"]], self.text_of.get(a[_A["measure_id"]], "")) == (path, text)]

    def of_measure(self, path: str, text: str) -> tuple[list[list], list[list]]:
        """The measure rows and the assignment rows of the measure (path, text)."""
        ms = [m for m in self.measures if (m[_M["path"]], m[_M["text_simplified"]]) == (path, text)]
        return ms, self.in_measure(self.rows, path, text)

    @staticmethod
    def as_seen(rows: list, c: ReviewRow) -> list:
        """``rows`` narrowed to the machine's body and role as the reviewer saw them (all of them
        when none is so: the reviewer's row shows no body, or the lexicon changed)."""
        seen = [a for a in rows if ((a[_A["machine_body"]] or a[_A["body"]]), (a[_A["machine_role"]] or a[_A["role"]]))
                == (c.body, c.role)]  # fmt: skip
        return seen or rows

    def matching(self, c: ReviewRow) -> list[list]:
        """The rows a correction is about: in its measure, the rows of its raw name (narrowed by
        :meth:`as_seen`); with scope list, every row read from that name at that place in the
        text, in whichever measure (:meth:`of_list`)."""
        if c.whole_list:
            return self.of_list(c)
        rows = [a for a in self.of_measure(c.path, c.text_simplified)[1] if a[_A["raw"]] == c.raw]
        return self.as_seen(rows, c)

    def of_list(self, c: ReviewRow) -> list[list]:
        """The rows of a list-scoped correction: its name's rows in its measure as the machine
        read them (found even when that measure was removed), then every current row with the
        same raw name at the same offsets (the same piece of the same list), over all measures.

        Args:
            c: a review row with scope list.
        Returns:
            The assignment rows (the live lists of this document) the correction applies to.
        """
        anchors = [a for a in self.in_measure(self.machine, c.path, c.text_simplified) if a[_A["raw"]] == c.raw]
        spans = {(a[_A["raw"]], a[_A["start"]], a[_A["end"]]) for a in self.as_seen(anchors, c)}
        return self.as_seen([a for a in self.rows if (a[_A["raw"]], a[_A["start"]], a[_A["end"]]) in spans], c)

    def measures_of(self, rows: list) -> str:
        """' over N measures' for the rows of a list-scoped correction ('' for a single measure)."""
        n = len({a[_A["measure_id"]] for a in rows})
        return f" over {n} measures" if n > 1 else ""

    def remove(self, c: ReviewRow) -> str:
        """Remove a measure and its rows (not a measure); what was removed, '' if nothing matched."""
        ms, rows = self.of_measure(c.path, c.text_simplified)
        if not ms and not rows:
            return ""
        self.removed.add((c.path, c.text_simplified))
        self.measures = [m for m in self.measures if all(m is not x for x in ms)]
        self.rows = [a for a in self.rows if all(a is not x for x in rows)]
        ids = ", ".join(m[_M["measure_id"]] for m in ms) or "rows with no measure"
        return f"removed {ids} and {len(rows)} assignment row(s)"

    def correct(self, c: ReviewRow) -> tuple[str, str]:
        """Apply a wrong role / wrong body correction: (status, detail)."""
        rows = self.matching(c)
        if not rows and c.whole_list and (c.path, c.text_simplified) in self.removed:
            return "superseded", "its measure was removed (not a measure), and no other measure of its list is left"
        if not rows:
            where = "its list" if c.whole_list else "the measure"
            return "unmatched", f"no row of {where} names {c.raw!r} any more"
        fields = self.resolve(c.names()[0]) if c.verdict == "wrong body" else None
        changed = 0
        for a in rows:
            new = list(a)
            if fields is not None:
                new[_A["body"] : _A["function"] + 1] = fields
            if c.correct_role:
                new[_A["role"]] = c.correct_role
            if new == a:
                continue
            if not a[_A["machine_body"]] and not a[_A["machine_role"]]:
                new[_A["machine_body"]], new[_A["machine_role"]] = a[_A["body"]], a[_A["role"]]
            new[_A["source"]] = "correction"
            # A person has read this row: the reader's doubts about it are settled (not its provenance, ocr).
            new[_A["flags"]] = "|".join(f for f in new[_A["flags"]].split("|") if f and f not in SETTLED_FLAGS)
            a[:] = new
            changed += 1
        if not changed:
            return "already", "the machine's rows say so"
        return "applied", f"{changed} row(s) changed" + (self.measures_of(rows) if c.whole_list else "")

    def add(self, c: ReviewRow) -> tuple[str, str]:
        """Apply a missing body: a row per name for each matching measure (with scope list, for
        each measure the list covers); (status, detail)."""
        if c.whole_list:
            ids = {a[_A["measure_id"]] for a in self.of_list(c)}
            ms = [m for m in self.measures if m[_M["measure_id"]] in ids]
            if not ms:
                return "unmatched", f"no measure of the list naming {c.raw!r} any more"
        else:
            ms = self.of_measure(c.path, c.text_simplified)[0]
        if not ms:
            return "unmatched", "no measure with this path and text any more"
        added = 0
        for m in ms:
            mid = m[_M["measure_id"]]
            for name in c.names():
                fields = self.resolve(name)
                if any(a[_A["measure_id"]] == mid and a[_A["body"]] == fields[0] and a[_A["role"]] == c.correct_role
                       for a in self.rows):  # fmt: skip
                    continue
                self.insert(mid, [m[_M["doc_id"]], mid, m[_M["uid"]], m[_M["path"]], *fields, c.correct_role, "", "",
                                  "correction", m[_M["deadline"]], "", m[_M["cell"]], "", "", m[_M["start"]],
                                  m[_M["end"]]])  # fmt: skip
                added += 1
        if not added:
            return "already", "the machine's rows name the body"
        return "applied", f"{added} row(s) added" + (f" over {len(ms)} measures" if len(ms) > 1 else "")

    def insert(self, measure_id: str, row: list) -> None:
        """Insert a row after the measure's last row, else before the rows of later measures."""
        at = [i for i, a in enumerate(self.rows) if a[_A["measure_id"]] == measure_id]
        if not at:
            at = [i - 1 for i, a in enumerate(self.rows) if a[_A["measure_id"]] > measure_id][:1] or [len(self.rows) - 1]
        self.rows.insert(at[-1] + 1, row)


def apply_corrections(
    measure_rows: list[Row], assignment_rows: list[Row], corrections: list[ReviewRow], sha256: str,
    resolve: Resolver | None = None,
) -> tuple[list[Row], list[Row], list[Row]]:
    """A document's rows with the corrections for its ``sha256`` applied, and the report
    (:data:`REPORT_COLUMNS`: status applied, already, superseded or unmatched per correction).

    Removals come first, so a correction of a removed measure's row is ``superseded`` (a
    list-scoped one still applies to the list's other measures); then list-scoped corrections,
    then those of one measure, which so have the last word on their measure; missing bodies last.

    Args:
        measure_rows: the document's measures.csv rows (:data:`MEASURE_COLUMNS`).
        assignment_rows: its assignments.csv rows (:data:`ASSIGNMENT_COLUMNS`).
        corrections: review rows (those of other documents are left out by ``sha256``).
        sha256: the document's sha256.
        resolve: the names' resolver (:func:`lexicon_resolver`); None keeps names as written.
    Returns:
        (measure rows, assignment rows, report rows); the inputs are left unchanged.
    """
    doc = _Doc(measure_rows, assignment_rows, resolve)
    doc_id = str(measure_rows[0][0]) if measure_rows else (str(assignment_rows[0][0]) if assignment_rows else "")
    mine = [c for c in corrections if c.sha256 == sha256]
    order = {"not a measure": 0, "wrong role": 2, "wrong body": 2, "missing body": 3}
    report = []
    for c in sorted(mine, key=lambda c: order.get(c.verdict, 4) - (c.whole_list and c.verdict != "missing body")):
        if c.verdict == "not a measure" and (c.path, c.text_simplified) in doc.removed:
            status, detail = "already", "removed already"
        elif c.verdict == "not a measure":
            detail = doc.remove(c)
            status, detail = ("applied", detail) if detail else ("unmatched", "no measure with this path and text any more")
        elif (c.path, c.text_simplified) in doc.removed and not c.whole_list:
            status, detail = "superseded", "its measure was removed (not a measure)"
        elif c.verdict == "missing body":
            status, detail = doc.add(c)
        elif c.verdict in ("wrong role", "wrong body"):
            status, detail = doc.correct(c)
        else:
            continue
        report.append(report_row(c, status, detail, doc_id))
    return [tuple(m) for m in doc.measures], [tuple(a) for a in doc.rows], report


def corrected_record(record: dict, measures: list[Row], assignments: list[Row], report: list[Row]) -> dict:
    """``document.json`` after corrections: counts of the corrected tables, ``n_corrections``,
    and a warning per correction that matched nothing."""
    i = REPORT_COLUMNS.index
    unmatched = [f"correction unmatched: review row {r[i('review_row')]}, path {r[i('path')]}, "
                 f"{r[i('raw')] or r[i('text_simplified')][:20]!r} ({r[i('verdict')]}): {r[i('detail')]}"
                 for r in report if r[i("status")] == "unmatched"]  # fmt: skip
    warnings = [*record.get("warnings", []), *unmatched]
    with_body = {a[_A["measure_id"]] for a in assignments}
    return {**record, "n_measures": len(measures), "n_assignments": len(assignments),
            "n_flagged": sum(bool(a[_A["flags"]]) for a in assignments),
            "n_unassigned": sum(m[_M["measure_id"]] not in with_body for m in measures),
            "n_warnings": len(warnings), "warnings": warnings,
            "n_corrections": sum(r[i("status")] == "applied" for r in report)}  # fmt: skip


def unmatched_documents(corrections: dict[str, list[ReviewRow]], processed: set[str], kept: set[str]) -> list[Row]:
    """Report rows for the corrections of documents this run did not process."""
    rows = []
    for sha, cs in corrections.items():
        if sha in processed:
            continue
        why = ("its document was kept from an earlier run: give its file as an input" if sha in kept
               else "no input of this run has this sha256 (the file changed, or was not given)")  # fmt: skip
        rows += [report_row(c, "unmatched", why) for c in cs]
    return rows


def write_reports(out: Path, report: list[Row] | None, source: str = "", quiet: bool = False) -> None:
    """``corrections_applied.csv`` and ``corrections_unmatched.csv`` in ``out``, and the terminal
    lines (every unmatched correction, even when quiet). ``report`` None: no ``--corrections``
    this run, so the files of an earlier run are removed."""
    paths = out / APPLIED_FILE, out / UNMATCHED_FILE
    if report is None:
        for p in paths:
            p.unlink(missing_ok=True)
        return
    i = REPORT_COLUMNS.index
    status = i("status")
    unmatched = [r for r in report if r[status] == "unmatched"]
    write_csv_text(REPORT_COLUMNS, csv_lines([r for r in report if r[status] != "unmatched"]), paths[0])
    write_csv_text(REPORT_COLUMNS, csv_lines(unmatched), paths[1])
    for r in unmatched:
        print(f"{source}: row {r[i('review_row')]}: correction unmatched: {r[0] or r[1][:12]} path {r[2]} "
              f"{r[4] or r[3][:20]!r} ({r[5]}): {r[i('detail')]}", file=sys.stderr)  # fmt: skip
    if not quiet or unmatched:
        counts = {s: sum(r[status] == s for r in report) for s in ("applied", "already", "superseded")}
        print(f"corrections from {source}: {counts['applied']} applied, {counts['already']} already in the tables, "
              f"{counts['superseded']} superseded (measure removed), {len(unmatched)} unmatched "
              f"→ {paths[0]}, {paths[1].name}", file=sys.stderr)  # fmt: skip


def lexicon_resolver(lexicon: Lexicon, year: int | None, place: str = "") -> Resolver:
    """Resolve a reviewer's name as the machine does: a lexicon body's official name for the year
    (national level), a generic or local body or an unknown name as written, its level by prefix,
    and its place (the document's ``place`` where the name shows none) and function."""
    from ..stages.assign.counterparts import body_function, body_place
    from ..types import Assignment

    doc_place = lexicon.places.by_name.get(place)

    def resolve(name: str) -> tuple[str, ...]:
        level = lexicon.level_of(name)
        b = lexicon.resolve(name, year).body
        if b is None:
            fields = (name, "", "", "unknown", level)
        elif b.kind in {"generic", "local"}:
            fields = (name, b.id, b.name_en, b.kind, level)
        else:
            fields = (b.name, b.id, b.name_en, b.kind, "national")
        row = Assignment(measure_id="", path="", body=fields[0], body_id=fields[1], body_en=fields[2],
                         body_kind=fields[3], role="", raw=name, marker="", source="", deadline="", start=0,
                         end=0, level=fields[4])  # fmt: skip
        where = body_place(fields[0], doc_place, lexicon) if fields[4] != "national" else None
        return (*fields, where.name if where else "", body_function(row, year, lexicon))

    return resolve


def correct_document(
    measures: list[Row], assignments: list[Row], record: dict, corrections: list[ReviewRow], lexicon: Lexicon
) -> tuple[list[Row], list[Row], dict, list[Row]]:
    """One document's rows and record with its corrections applied, and the report rows."""
    resolve = lexicon_resolver(lexicon, record.get("year"), str(record.get("place") or ""))  # type: ignore[arg-type]
    m, a, report = apply_corrections(measures, assignments, corrections, str(record.get("sha256", "")), resolve)
    return m, a, corrected_record(record, m, a, report), report


def run_report(corrections: dict[str, list[ReviewRow]] | None, outcomes: list) -> list[Row] | None:
    """The report of a run's corrections (None without ``--corrections``): the documents' rows,
    then the corrections of documents the run did not process (:func:`unmatched_documents`)."""
    if corrections is None:
        return None
    report = [r for o in outcomes for r in (o.corrections or [])]
    processed = {o.sha256 for o in outcomes if o.corrections is not None}
    kept = {o.sha256 for o in outcomes if o.status == "kept"}
    return report + unmatched_documents(corrections, processed, kept)
