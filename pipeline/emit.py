"""Stage 6, emit: pandas tables of measures, assignments and documents, and their files.

The column names below are a public contract (README, tests). Offsets ``start``/``end``
are character offsets into the original input; ``text`` and ``raw`` are in the original
script. CSV files are UTF-8 with a BOM so that Excel opens them; every file is written to
a temporary name first and then renamed, so an interrupted run leaves no half-written table.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .types import Assignments, NormalizedText, Outline

MEASURE_COLUMNS = ["doc_id", "measure_id", "path", "section_title", "item_title", "text",
                   "text_simplified", "verb", "verbs", "verb_category", "deadline", "start", "end"]  # fmt: skip
ASSIGNMENT_COLUMNS = ["doc_id", "measure_id", "path", "body", "body_id", "body_en", "body_kind",
                      "role", "raw", "marker", "source", "deadline", "start", "end"]  # fmt: skip
DOCUMENT_FIELDS = ["doc_id", "source", "sha256", "title", "notice_title", "doc_number", "issuer",
                   "date", "year", "addressees", "script", "encoding", "n_measures",
                   "n_assignments", "warnings", "pipeline_version", "lexicon_version"]  # fmt: skip
MANIFEST_COLUMNS = ["source", "doc_id", "status", "message", "sha256", "n_measures", "n_assignments"]


def measures_frame(norm: NormalizedText, result: Assignments) -> pd.DataFrame:
    """One row per measure, columns :data:`MEASURE_COLUMNS`."""
    rows = []
    for m in result.measures:
        start, end = norm.orig_span(m.start, m.end)
        rows.append({
            "doc_id": norm.doc_id, "measure_id": m.measure_id, "path": m.path,
            "section_title": m.section_title, "item_title": m.item_title,
            "text": norm.original[start:end], "text_simplified": m.text_simplified,
            "verb": m.verb, "verbs": "|".join(m.verbs), "verb_category": m.verb_category,
            "deadline": m.deadline, "start": start, "end": end,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def assignments_frame(norm: NormalizedText, result: Assignments) -> pd.DataFrame:
    """One row per (measure, body), columns :data:`ASSIGNMENT_COLUMNS`."""
    rows = [{"doc_id": norm.doc_id, **vars(a)} for a in result.assignments]
    return pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)


def document_record(
    norm: NormalizedText, outline: Outline, result: Assignments, versions: tuple[str, str]
) -> dict[str, object]:
    """The document's metadata, counts and warnings (``document.json``)."""
    h = outline.header
    warnings = list(dict.fromkeys([*norm.warnings, *outline.warnings, *result.warnings]))
    return {
        "doc_id": norm.doc_id, "source": norm.source, "sha256": norm.sha256, "title": h.title,
        "notice_title": h.notice_title, "doc_number": h.doc_number, "issuer": h.issuer,
        "date": h.date, "year": h.year, "addressees": h.addressees, "script": norm.script,
        "encoding": norm.encoding, "n_measures": len(result.measures),
        "n_assignments": len(result.assignments), "warnings": warnings,
        "pipeline_version": versions[0], "lexicon_version": versions[1],
    }  # fmt: skip


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Write through ``write(tmp_path)`` to a temporary file, then rename it onto ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; outputs are for sharing
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with a BOM, LF line ends."""
    atomic_write(path, lambda tmp: df.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n"))


def write_json(obj: object, path: Path) -> None:
    """Pretty, key-ordered JSON in UTF-8."""
    payload = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, lambda tmp: Path(tmp).write_text(payload, encoding="utf-8"))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Parquet through pyarrow."""
    atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False, engine="pyarrow"))


def write_excel(sheets: dict[str, pd.DataFrame], path: Path) -> str:
    """One workbook, a sheet per table; a warning instead, when a table is too long for Excel."""
    from .workbook import WorkbookStream

    stream = WorkbookStream(path, {name: list(df.columns) for name, df in sheets.items()})
    for name, df in sheets.items():
        stream.add(name, df)
    return stream.close()


def write_document(out: Path, measures: pd.DataFrame, assignments: pd.DataFrame, record: dict) -> None:
    """``DIR/<doc_id>/measures.csv``, ``assignments.csv`` and ``document.json``."""
    folder = out / str(record["doc_id"])
    write_csv(measures, folder / "measures.csv")
    write_csv(assignments, folder / "assignments.csv")
    write_json(record, folder / "document.json")


def documents_frame(records: list[dict]) -> pd.DataFrame:
    """One row per document; warnings joined by ' | '."""
    rows = [{**r, "warnings": " | ".join(r.get("warnings", []))} for r in records]
    return pd.DataFrame(rows, columns=DOCUMENT_FIELDS)


def lexicon_gaps(assignments: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Names in lists the lexicon lacks: name, count, documents, an example."""
    gaps = assignments[assignments["body_kind"] == "unknown"]
    if gaps.empty:
        return pd.DataFrame(columns=["name", "count", "documents", "example"])
    texts = measures.set_index(["doc_id", "measure_id"])["text_simplified"].to_dict()
    rows = []
    for name, grp in gaps.groupby("body", sort=True):
        first = grp.iloc[0]
        docs = sorted(grp["doc_id"].unique())
        rows.append({"name": name, "count": len(grp), "documents": "|".join(docs),
                     "example": f"{first['doc_id']}: {texts.get((first['doc_id'], first['measure_id']), '')}"})  # fmt: skip
    return pd.DataFrame(rows).sort_values(["count", "name"], ascending=[False, True])


def bodies_by_year(assignments: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The panel: one row per (body_id, year, role) with the number of measures."""
    cols = ["body_id", "body", "year", "role", "n_measures", "n_documents"]
    if assignments.empty:
        return pd.DataFrame(columns=cols)
    years = documents.set_index("doc_id")["year"]
    df = assignments[["doc_id", "measure_id", "body_id", "body", "role"]].copy()
    df["year"] = df["doc_id"].map(years).astype("Int64")
    df["body_id"] = df["body_id"].where(df["body_id"] != "", df["body"])
    df = df.drop_duplicates(["doc_id", "measure_id", "body_id", "role"])
    panel = (
        df.groupby(["body_id", "year", "role"], dropna=False, sort=True)
        .agg(body=("body", "first"), n_measures=("measure_id", "size"), n_documents=("doc_id", "nunique"))
        .reset_index()
    )
    return panel[cols]


def warn(out: Path, warning: str) -> None:
    """A run-level warning, one line on stderr."""
    if warning:
        print(f"{out}: {warning}", file=sys.stderr)


def write_corpus(out: Path, measures: pd.DataFrame, assignments: pd.DataFrame,
                 documents: pd.DataFrame, manifest: pd.DataFrame, excel: bool = True) -> None:  # fmt: skip
    """The tables over all inputs: CSV, Parquet, one Excel workbook, gaps, panel, manifest."""
    tables = {"measures": measures, "assignments": assignments, "documents": documents}
    for name, df in tables.items():
        write_csv(df, out / f"{name}.csv")
        write_parquet(df, out / f"{name}.parquet")
    if excel:  # the slowest file by far on a large corpus: --no-excel skips it
        warn(out, write_excel(tables, out / "plans.xlsx"))
    write_csv(lexicon_gaps(assignments, measures), out / "lexicon_gaps.csv")
    write_csv(bodies_by_year(assignments, documents), out / "bodies_by_year.csv")
    write_csv(manifest[MANIFEST_COLUMNS], out / "manifest.csv")
