"""``measures.dta``, ``assignments.dta`` and ``documents.dta``: Stata 118 files (``--formats dta``).

Format 118 (Stata 14 and later) stores strings in UTF-8, so the Chinese text arrives intact;
``use measures.dta`` opens it. What Stata needs, done here rather than left to pandas:

* variable names: at most 32 characters of letters, digits and ``_``, no reserved word.
  ``end`` is one for pandas' writer (a Mata keyword), so it is ``end_`` in the .dta files (and
  ``function``, ``function_``);
  every other column keeps its CSV name;
* no missing value in a string variable: an empty cell is "" (as in the CSV);
* integers (``start``, ``end_``, ``year``, the ``n_…`` counts) as ``long``, or ``double``
  when a value is missing (``year`` of an undated document: Stata's ``.``) or too large;
* a string column with a value longer than 2045 bytes is a ``strL``, the others ``str#``.

The files are the same bytes for the same tables: the time stamp Stata shows in
``describe`` is not the time of the run but the date of the newest document of the run
(01 Jan 2000 when no document is dated), and the data label names the pipeline version.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.errors import InvalidColumnName, PossiblePrecisionLoss

from ..io.sqlite_out import is_integer
from ..io.tables import atomic_write

# The words pandas' Stata writer refuses as variable names (Stata's and Mata's reserved words).
_RESERVED_WORDS = """aggregate array boolean break byte case catch class colvector complex const
continue default delegate delete do double else eltypedef end enum explicit export external float
for friend function global goto if inline int local long NULL pragma protected quad rowvector short
typedef typename virtual _all _N _skip _b _pi str# in _pred strL _coef _rc using _cons _se with _n"""
RESERVED = frozenset(_RESERVED_WORDS.split())
MAX_NAME = 32
MAX_STR = 2045  # bytes of a str# variable in format 118; longer values need a strL
LONG = (-2_147_483_647, 2_147_483_620)  # the range of Stata's long
DEFAULT_STAMP = datetime(2000, 1, 1)


def stata_name(column: str, taken: set[str]) -> str:
    """A valid Stata variable name for ``column``, none of ``taken`` (which it joins)."""
    name = re.sub(r"\W", "_", column, flags=re.ASCII) or "_"
    if name[0].isdigit():
        name = "_" + name
    if name in RESERVED:
        name += "_"
    name = name[:MAX_NAME]
    base, n = name, 1
    while name in taken:
        suffix = f"_{n}"
        name, n = base[: MAX_NAME - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def stata_names(columns: list[str]) -> dict[str, str]:
    """Each column's Stata name (:func:`stata_name`), in order."""
    taken: set[str] = set()
    return {c: stata_name(c, taken) for c in columns}


def _integers(values: pd.Series) -> pd.Series:
    """A column of integers as ``long``, or as ``double`` when a value is missing or out of range."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    whole = numbers.notna().all() and numbers.between(*LONG).all()
    return numbers.astype(np.int32) if whole else numbers


def _strings(values: pd.Series) -> pd.Series:
    """A column of text with "" for every missing value, as Python strings."""
    return values.astype(object).where(values.notna(), "").astype(str).astype(object)


def needs_strl(values: pd.Series) -> bool:
    """Whether a column of strings holds one longer than :data:`MAX_STR` bytes in UTF-8."""
    if values.empty or values.str.len().max() * 4 <= MAX_STR:  # a character is at most 4 bytes
        return False
    return bool(values.map(lambda s: len(s.encode("utf-8"))).max() > MAX_STR)


def stata_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``df`` as Stata takes it (names, types, no missing strings), and its strL columns."""
    out = pd.DataFrame(index=range(len(df)))
    strls = []
    for column, name in stata_names(list(df.columns)).items():
        values = df[column].reset_index(drop=True)
        if is_integer(column):
            out[name] = _integers(values)
            continue
        out[name] = _strings(values)
        if needs_strl(out[name]):
            strls.append(name)
    return out, strls


def time_stamp(documents: pd.DataFrame) -> datetime:
    """The date of the newest document (``date``, YYYY-MM-DD); :data:`DEFAULT_STAMP` without one."""
    dates = pd.to_datetime(documents.get("date", pd.Series(dtype=object)), format="%Y-%m-%d", errors="coerce")
    newest = dates.max()
    return DEFAULT_STAMP if pd.isna(newest) else newest.to_pydatetime()


def write_dta(df: pd.DataFrame, path: Path, label: str, stamp: datetime) -> None:
    """Write ``df`` to ``path`` as a Stata 118 file with data label ``label`` and time stamp ``stamp``."""
    data, strls = stata_frame(df)

    def write(tmp: str) -> None:
        with warnings.catch_warnings():
            # A renamed column or a lost digit would be a bug here: fail rather than write it.
            warnings.simplefilter("error", InvalidColumnName)
            warnings.simplefilter("error", PossiblePrecisionLoss)
            data.to_stata(tmp, write_index=False, version=118, convert_strl=strls,
                          time_stamp=stamp, data_label=label[:80])  # fmt: skip

    atomic_write(path, write)


def write_stata_tables(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """``out/<name>.dta`` for each of ``tables`` (measures, assignments, documents)."""
    from ..version import __version__

    stamp = time_stamp(tables.get("documents", pd.DataFrame()))
    for name, df in tables.items():
        write_dta(df, out / f"{name}.dta", f"fengong {__version__}: {name}", stamp)
