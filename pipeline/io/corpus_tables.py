"""The tables over a whole run as plain rows: documents, lexicon gaps, bodies by year, the manifest.

They are computed from columns (name → values, as pyarrow's ``Table.to_pydict`` gives them)
and written by the csv module and pyarrow, so that a run imports no pandas: pandas alone took
a third of the cold start of ``fengong extract one-plan.txt``. The DataFrame functions at the
end (``lexicon_gaps``, ``bodies_by_year``, ``documents_frame``, for the Python API and the
figures) are these, framed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io.table_counters import Columns, FunctionPanelCounter, GapCounter, PanelCounter, by_document
from ..io.tables import atomic_write, csv_lines, open_csv
from ..stages.emit.rows import DOCUMENT_FIELDS, Row, document_row

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

GAP_COLUMNS = ["name", "count", "documents", "example"]
PANEL_COLUMNS = ["body_id", "body", "place", "function", "year", "role", "n_measures", "n_documents"]
FUNCTION_PANEL_COLUMNS = ["function", "level", "year", "role", "n_measures", "n_documents", "n_places"]
# The documents table's numeric columns; every other column is text.
DOCUMENT_INTS = {"year", "n_measures", "n_assignments", "n_flagged", "n_flagged_lists", "n_unassigned",
                 "n_warnings"}  # fmt: skip


@dataclass(frozen=True)
class RowTable:
    """A table as column names and rows (values in column order; None is a missing value).

    Attributes:
        columns: the column names, in order.
        rows: the rows.
        dtypes: pandas dtypes :meth:`to_frame` gives columns whose values alone do not say it
            (``year``, an integer that may be missing, is ``Int64``).
    """

    columns: list[str]
    rows: list[Row]
    dtypes: dict[str, str] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame (imports pandas)."""
        import pandas as pd

        df = pd.DataFrame(self.rows, columns=self.columns)
        return df.astype(self.dtypes) if self.dtypes else df

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts, column name → value."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def documents_table(records: Iterable[Mapping]) -> RowTable:
    """One row per document record (``document.json``); warnings joined by ' | '."""
    return RowTable(DOCUMENT_FIELDS, [document_row(r) for r in records], {"year": "Int64"})


def gaps_table(assignments: Columns, measures: Columns) -> RowTable:
    """Names in lists the lexicon lacks: name, count, documents, an example; most mentioned first.

    ``count`` counts mentions, each a distinct (doc_id, start, end) of the name as written:
    a name written once in a list covering 8 measures is 8 rows but 1 mention.

    Args:
        assignments: columns doc_id, measure_id, body, body_kind, start, end.
        measures: columns doc_id, measure_id, text_simplified (the example's text).
    """
    counter = GapCounter()
    counter.add(by_document(assignments))
    texts = dict(zip(zip(measures["doc_id"], measures["measure_id"]), measures["text_simplified"]))
    return RowTable(GAP_COLUMNS, counter.rows(texts))


def panel_table(assignments: Columns, years: Mapping[str, int | None]) -> RowTable:
    """The panel: one row per (body_id, place, year, role), with its numbers of measures and documents.

    A body with no id counts under its name, and a local body under its place too (the 市财政局 of
    ten cities are ten bodies); a (measure, body, role) listed twice counts once. Rows are sorted
    by body_id, place, year (a missing year last) and role; ``body`` and ``function`` are those
    of the group's first row (:class:`~pipeline.io.table_counters.PanelCounter`).

    Args:
        assignments: columns doc_id, measure_id, body_id, body, place, function, role.
        years: each document's year (None, or absent: not known).
    """
    counter = PanelCounter(years)
    counter.add(by_document(assignments))
    return RowTable(PANEL_COLUMNS, counter.rows(), {"year": "Int64"})


def function_panel_table(assignments: Columns, years: Mapping[str, int | None]) -> RowTable:
    """The panel by function: one row per (function, level, year, role) over every place.

    A body mirroring two functions (教体局: moe|gas) counts under each; rows with no function are
    left out. ``n_measures`` counts (document, measure) pairs, ``n_places`` the distinct places
    (a national body's place is empty and counts as one). Sorted by function, level, year, role.

    Args:
        assignments: columns doc_id, measure_id, level, place, function, role.
        years: each document's year.
    """
    counter = FunctionPanelCounter(years)
    counter.add(by_document(assignments))
    return RowTable(FUNCTION_PANEL_COLUMNS, counter.rows(), {"year": "Int64"})


def write_table_csv(table: RowTable, path: Path) -> None:
    """A table as CSV, in the format of every CSV file fengong writes (UTF-8 with a BOM, LF)."""

    def write(tmp: str) -> None:
        with open_csv(tmp) as fh:  # row by row: the table's text is never held whole
            writer = csv.writer(fh, lineterminator="\n")  # as csv_lines writes rows
            writer.writerow(table.columns)
            writer.writerows(table.rows)

    atomic_write(path, write)


def read_csv_table(source: str | Path | Any, columns: list[str], ints: set[str] | frozenset[str]) -> pa.Table:
    """A CSV table fengong wrote (a path, or a pyarrow buffer of its text) as a pyarrow table.

    Columns ``ints`` are int64 (an empty cell is null), the others text ('' where empty). One
    chunk per column, whatever the reader's threads did: the same table, the same Parquet bytes.
    """
    from pyarrow import csv as pacsv

    parse, convert = csv_options(columns, ints)
    return pacsv.read_csv(source, parse_options=parse, convert_options=convert).combine_chunks()


def csv_options(columns: list[str], ints: set[str] | frozenset[str]) -> tuple[Any, Any]:
    """pyarrow's parse and convert options for a CSV table fengong wrote (see :func:`read_csv_table`)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    types = {c: pa.int64() if c in ints else pa.string() for c in columns}
    parse = pacsv.ParseOptions(newlines_in_values=True)  # a measure's original text may span lines
    return parse, pacsv.ConvertOptions(column_types=types, strings_can_be_null=False)


def write_documents_parquet(table: RowTable, path: Path) -> None:
    """The documents table as Parquet: its CSV text read by :func:`read_csv_table`, as the streamed
    tables are (its counts and year int64, the rest text), so that pyarrow imports no pandas. (A run
    writes the same bytes from its streamed ``documents.csv``, :class:`~pipeline.io.streamed_csv.StreamedCsv`.)"""
    import pyarrow as pa
    from pyarrow import parquet as pq

    text = csv_lines([table.columns, *table.rows]).encode("utf-8")
    arrow = read_csv_table(pa.BufferReader(text), table.columns, DOCUMENT_INTS)
    atomic_write(path, lambda tmp: pq.write_table(arrow, tmp))


# The same tables from DataFrames, for the Python API and the figures ------------------------------


def _columns(df: pd.DataFrame, names: Iterable[str]) -> dict[str, list]:
    return {name: df[name].tolist() for name in names}


def table_year(value: object) -> int | None:
    """A year as read from a table (int, float, text, or missing) as an int or None."""
    if value is None or value == "" or value != value:  # None, '' or NaN
        return None
    try:
        return int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def documents_frame(records: Iterable[Mapping]) -> pd.DataFrame:
    """One row per document record, columns ``DOCUMENT_FIELDS``; warnings joined by ' | '."""
    return documents_table(records).to_frame()


def lexicon_gaps(assignments: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """:func:`gaps_table` of two DataFrames, as a DataFrame (columns ``GAP_COLUMNS``)."""
    a = _columns(assignments, ("doc_id", "measure_id", "body", "body_kind", "start", "end"))
    return gaps_table(a, _columns(measures, ("doc_id", "measure_id", "text_simplified"))).to_frame()


def _years(documents: pd.DataFrame) -> dict[str, int | None]:
    """Each document's year, from the documents DataFrame (text or integer years)."""
    return {doc_id: table_year(year) for doc_id, year in zip(documents["doc_id"], documents["year"], strict=True)}


def bodies_by_year(assignments: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """:func:`panel_table` of the assignments and documents DataFrames (columns ``PANEL_COLUMNS``)."""
    years = _years(documents)
    a = _columns(assignments, ("doc_id", "measure_id", "body_id", "body", "place", "function", "role"))
    return panel_table(a, years).to_frame()


def functions_by_level(assignments: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """:func:`function_panel_table` of two DataFrames (columns ``FUNCTION_PANEL_COLUMNS``)."""
    years = _years(documents)
    a = _columns(assignments, ("doc_id", "measure_id", "level", "place", "function", "role"))
    return function_panel_table(a, years).to_frame()
