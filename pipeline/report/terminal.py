"""What ``fengong extract`` tells the terminal at the end of a run.

One line of counts (inputs by status, documents kept from earlier runs, measures and
assignments), then, when anything is doubtful, one ``to check:`` line: flagged rows, lists
read in part, measures with no body, and the warnings counted by kind. ``--verbose`` then
lists every warning as ``doc_id: warning``. A run is never summed up as clean when it is not.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from ..io.corpus_tables import RowTable

if TYPE_CHECKING:
    import pandas as pd

# A manifest: the run's rows (``run_inputs``), the DataFrame ``run_batch`` returns, or its records.
Manifest = Union[RowTable, "pd.DataFrame", Sequence[Mapping[str, Any]]]
Records = list[Mapping[str, Any]]

# The kinds of the warnings the stages write into document.json, by their wording, with a
# noun in the singular and the plural. The first pattern that matches decides.
WARNING_KINDS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^unknown body "), "unknown body", "unknown bodies"),
    (re.compile(r" existed .*, not in \d{4}"), "name outside its years", "names outside their years"),
    (re.compile(r"^no responsibility lists"), "document with no lists", "documents with no lists"),
    (re.compile(r": list .* read in part"), "list read in part", "lists read in part"),
    (re.compile(r": unknown role verb "), "unknown role verb", "unknown role verbs"),
    (re.compile(r"^undated"), "undated document", "undated documents"),
    (re.compile(r"^correction unmatched"), "unmatched correction", "unmatched corrections"),  # --corrections
]
OTHER = ("other warning", "other warnings")
DOCUMENT_STATUSES = ("ok", "unchanged", "kept")  # the rows of the manifest that have a document


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``1 input``, ``2 inputs``; ``plural_form`` when adding an s is not the plural."""
    return f"{n} {singular if n == 1 else plural_form or singular + 's'}"


def warning_kind(warning: str) -> tuple[str, str]:
    """The kind of a warning as (singular, plural) nouns."""
    for pattern, one, many in WARNING_KINDS:
        if pattern.search(warning):
            return one, many
    return OTHER


def _records(manifest: Manifest) -> Records:
    """A manifest's rows as mappings, column name → value, whatever form it came in."""
    if isinstance(manifest, RowTable):
        return manifest.records()
    if hasattr(manifest, "to_dict"):  # a DataFrame
        return manifest.to_dict(orient="records")
    return list(manifest)


def _total(rows: Records, column: str) -> int:
    return sum(int(x) for x in (r[column] for r in rows) if str(x) not in ("", "nan", "None"))


def _documents(rows: Records) -> Records:
    return [r for r in rows if r["status"] in DOCUMENT_STATUSES]


def document_warnings(out: Path, manifest: Manifest) -> list[tuple[str, str]]:
    """(doc_id, warning) of every document of the manifest, from its document.json."""
    found = []
    for row in _documents(_records(manifest)):
        if not row["doc_id"]:
            continue
        try:
            record = json.loads((out / row["doc_id"] / "document.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found += [(row["doc_id"], w) for w in record.get("warnings", [])]
    return found


def doubts(manifest: Manifest, warnings: list[tuple[str, str]]) -> str:
    """What a run could not read fully, over its documents ('' when nothing)."""
    docs = _documents(_records(manifest))
    parts = [
        plural(_total(docs, "n_flagged"), "flagged row"),
        plural(_total(docs, "n_flagged_lists"), "list read in part or with an unknown role verb",
               "lists read in part or with an unknown role verb"),
        plural(_total(docs, "n_unassigned"), "measure with no body", "measures with no body"),
    ]  # fmt: skip
    parts = [p for p in parts if not p.startswith("0 ")]
    n_warnings = max(_total(docs, "n_warnings"), len(warnings))
    if n_warnings:
        kinds = Counter(warning_kind(w) for _, w in warnings)
        by_kind = ", ".join(plural(n, *kind) for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        parts.append(plural(n_warnings, "warning") + (f" ({by_kind})" if by_kind else ""))
    return ", ".join(parts)


def summary_lines(manifest: Manifest, out: Path, verbose: bool = False) -> list[str]:
    """The lines ``fengong extract`` prints on stderr at the end of a run.

    Args:
        manifest: the run's manifest (rows, a DataFrame or records; columns ``MANIFEST_COLUMNS``).
        out: the run's output folder (its documents' warnings are read from there).
        verbose: also list every warning, as ``doc_id: warning``.
    Returns:
        The lines, without line ends.
    """
    rows = _records(manifest)
    inputs = [r for r in rows if r["status"] != "kept"]
    statuses = ", ".join(f"{n} {k}" for k, n in sorted(Counter(r["status"] for r in inputs).items()))
    docs = _documents(rows)
    kept = len(rows) - len(inputs)
    head = plural(len(inputs), "input") + (f" ({statuses})" if statuses else "")
    if kept:
        head += f" and {plural(kept, 'document')} kept from earlier runs"
    lines = [f"{head}: {plural(_total(docs, 'n_measures'), 'measure')}, "
             f"{plural(_total(docs, 'n_assignments'), 'assignment')} → {out}/"]  # fmt: skip
    warnings = document_warnings(out, rows)
    doubt = doubts(rows, warnings)
    if doubt:
        hint = "" if verbose or not warnings else "; --verbose lists the warnings"
        lines.append(f"to check: {doubt} (flags column of assignments.csv, warnings in document.json{hint})")
    if verbose:
        lines += [f"{doc_id}: {warning}" for doc_id, warning in warnings]
    return lines
