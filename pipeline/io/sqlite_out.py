"""``plans.sqlite``: every table of a run in one SQLite database (``--formats sqlite``).

Written with the standard library's :mod:`sqlite3`, so R (DBI/RSQLite), Stata (``odbc``),
DuckDB (``ATTACH``) and Python read it with no fengong code. The tables and their columns
are those of the CSV files, in the same row order; their column lists come from
:mod:`pipeline.stages.emit.rows`, so a column added there is a column here. Columns are typed: ``start``,
``end``, ``year``, ``count`` and the ``n_…`` counts are INTEGER (NULL where the CSV cell
is empty), every other column TEXT ('' where the CSV cell is empty, as in the CSV).

Keys: measures (doc_id, measure_id), documents (doc_id), lexicon_gaps (name) and
bodies_by_year (body_id, place, year, role) and functions_by_level (function, level, year, role)
have their natural primary key; assignments and
manifest, whose rows have none, an INTEGER PRIMARY KEY ``row_id`` (the row's number in
the CSV, from 1). Indexes on (doc_id, measure_id), uid, body_id and doc_id where a table
has them. The file is written to a temporary name and renamed, and its bytes depend only
on the tables: the same run gives the same file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..io.tables import atomic_write

NATURAL_KEYS = {
    "measures": ("doc_id", "measure_id"),
    "documents": ("doc_id",),
    "lexicon_gaps": ("name",),
    "bodies_by_year": ("body_id", "place", "year", "role"),
    "functions_by_level": ("function", "level", "year", "role"),
}
ROW_ID = "row_id"  # the key of a table whose rows have no natural one
INDEXES = (("doc_id", "measure_id"), ("uid",), ("body_id",), ("doc_id",))
INTEGER_NAMES = {"start", "end", "year", "count"}
BATCH = 50_000  # rows per executemany


def is_integer(column: str) -> bool:
    """Whether ``column`` holds integers: offsets, years and counts."""
    return column in INTEGER_NAMES or column.startswith("n_")


def quote(name: str) -> str:
    """An SQL identifier, double-quoted (``end`` is an SQL keyword)."""
    return '"' + name.replace('"', '""') + '"'


def table_sql(name: str, columns: list[str]) -> tuple[str, list[str]]:
    """``CREATE TABLE`` for ``name`` and the columns its rows are inserted into."""
    key = NATURAL_KEYS.get(name)
    cols = list(columns) if key else [ROW_ID, *columns]
    defs = [f"{quote(ROW_ID)} INTEGER PRIMARY KEY"] if not key else []
    defs += [f"{quote(c)} {'INTEGER' if is_integer(c) else 'TEXT'}" for c in columns]
    if key:
        defs.append(f"PRIMARY KEY ({', '.join(quote(c) for c in key)})")
    return f"CREATE TABLE {quote(name)} ({', '.join(defs)})", cols


def index_sql(name: str, columns: list[str]) -> list[str]:
    """``CREATE INDEX`` statements for the indexed columns ``name`` has (its key aside)."""
    key = NATURAL_KEYS.get(name, ())
    statements = []
    for index in INDEXES:
        covered = tuple(key[: len(index)]) == index  # the primary key's index serves it
        if index == ("doc_id",) and {"doc_id", "measure_id"} <= set(columns):
            covered = True  # so does the (doc_id, measure_id) index
        if set(index) <= set(columns) and not covered:
            on = ", ".join(quote(c) for c in index)
            statements.append(f"CREATE INDEX {quote(name + '_' + '_'.join(index))} ON {quote(name)} ({on})")
    return statements


def column_values(values: pd.Series, integer: bool) -> list:
    """A column as SQLite stores it: ints and None in an INTEGER column, strings in a TEXT one."""
    if integer:
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")  # '' and None: NaN
        return [None if v != v else int(v) for v in numbers.tolist()]  # NaN != NaN: missing
    return values.astype(object).where(values.notna(), "").astype(str).tolist()


def rows(df: pd.DataFrame, with_row_id: bool) -> Iterator[tuple]:
    """The rows of ``df`` as tuples of SQLite values (numbered from 1 when ``with_row_id``)."""
    columns = [column_values(df[c], is_integer(c)) for c in df.columns]
    if with_row_id:
        columns.insert(0, list(range(1, len(df) + 1)))
    return zip(*columns, strict=True)


def _insert(con: sqlite3.Connection, name: str, df: pd.DataFrame) -> None:
    """Create table ``name`` and fill it with ``df``'s rows, then its indexes."""
    create, cols = table_sql(name, list(df.columns))
    con.execute(create)
    insert = f"INSERT INTO {quote(name)} ({', '.join(quote(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
    batch: list[tuple] = []
    for row in rows(df, name not in NATURAL_KEYS):
        batch.append(row)
        if len(batch) >= BATCH:
            con.executemany(insert, batch)
            batch = []
    con.executemany(insert, batch)
    for statement in index_sql(name, list(df.columns)):
        con.execute(statement)


def write_sqlite(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Write ``tables`` (name → DataFrame, in the order given) to the database ``path``."""

    def write(tmp: str) -> None:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode = OFF")  # a temporary file: nothing to roll back to
            con.execute("PRAGMA synchronous = OFF")
            with con:
                for name, df in tables.items():
                    _insert(con, name, df)
        finally:
            con.close()

    atomic_write(path, write)
