"""The file formats of a run's combined tables (``fengong extract --formats``).

A run always writes its per-document folders (``measures.csv``, ``assignments.csv``,
``document.json``: reruns read them) and ``manifest.csv`` (the index of the output folder,
which ``--clean`` looks for). ``--formats`` chooses how the combined tables come out:

* ``csv``: measures, assignments, documents, lexicon_gaps, bodies_by_year and functions_by_level ``.csv``;
* ``parquet``: measures, assignments and documents ``.parquet``;
* ``xlsx``: ``plans.xlsx``, a sheet per table;
* ``sqlite``: ``plans.sqlite``, every table of the run (:mod:`.sqlite_out`);
* ``dta``: measures, assignments and documents ``.dta``, Stata 118 (:mod:`.stata_out`).
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("csv", "parquet", "xlsx", "sqlite", "dta")
DEFAULT_FORMATS = ("csv", "parquet", "xlsx")
# The combined files each format writes, besides manifest.csv (always written).
FILES = {
    "csv": ("measures.csv", "assignments.csv", "documents.csv", "lexicon_gaps.csv", "bodies_by_year.csv",
            "functions_by_level.csv"),
    "parquet": ("measures.parquet", "assignments.parquet", "documents.parquet"),
    "xlsx": ("plans.xlsx",),
    "sqlite": ("plans.sqlite",),
    "dta": ("measures.dta", "assignments.dta", "documents.dta"),
}


def parse_formats(text: str) -> tuple[str, ...]:
    """The formats named in ``text`` (comma-separated, any case), in the order of :data:`FORMATS`.

    Raises ``ValueError`` with a one-line message for an unknown name or an empty list.
    """
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ValueError(f"--formats: unknown format {unknown[0]!r}; choose among {', '.join(FORMATS)}")
    if not names:
        raise ValueError(f"--formats: no format given; choose among {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in names)


def with_excel(formats: tuple[str, ...], excel: bool | None) -> tuple[str, ...]:
    """``formats`` with xlsx added (``excel`` true) or removed (false); unchanged for None."""
    if excel is None:
        return formats
    chosen = set(formats) | {"xlsx"} if excel else set(formats) - {"xlsx"}
    return tuple(f for f in FORMATS if f in chosen)


def stale_files(out: Path, formats: tuple[str, ...]) -> list[str]:
    """The combined files in ``out`` of formats this run does not write (left from an earlier run)."""
    return [name for f in FORMATS if f not in formats for name in FILES[f] if (out / name).is_file()]
