"""A short summary of a run's output folder: ``python -m pipeline.summary outputs``."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROLES_NOTE = ("roles: per role, the distinct (path, body) pairs: a body named for a unit counts once, "
              "however many measures the unit holds (assignments counts a row per measure)")


def summarize(out: Path) -> str:
    """Per document: status, measures, assignments and the roles of the bodies.

    A document's ``roles`` count, per role, its distinct (path, body) pairs: the bodies of
    each responsibility list, once each, not the rows of assignments.csv (one per measure).
    """
    read = lambda name: pd.read_csv(out / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")  # noqa: E731
    manifest, assignments = read("manifest.csv"), read("assignments.csv")
    lines = [f"{'document':<42} {'status':<8} {'measures':>8} {'assignments':>11}  roles"]
    for row in manifest.itertuples():
        a = assignments[assignments["doc_id"] == row.doc_id] if row.status != "error" else assignments[:0]
        roles = ", ".join(f"{k} {v}" for k, v in a.drop_duplicates(["path", "body", "role"])["role"]
                          .value_counts().sort_index().items())  # fmt: skip
        name = row.doc_id or Path(row.source).name  # a file not read has no doc_id
        lines.append(f"{name[:42]:<42} {row.status:<8} {row.n_measures:>8} {row.n_assignments:>11}  {roles}")
        if row.status == "error" or (row.status == "skipped" and not row.doc_id):
            lines.append(f"    {row.message}")
    lines.append(ROLES_NOTE)
    lines.append(f"tables: {out}/measures.csv, assignments.csv, documents.csv (+ .parquet), plans.xlsx, manifest.csv")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarize(Path(sys.argv[1] if len(sys.argv) > 1 else "outputs")))
