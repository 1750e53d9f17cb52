"""The report's section on plan series (after ``fengong link``): each series' plans by year, and
each measure beside its predecessor, with lead changes marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV table of a run, as strings (none when the file is missing)."""
    import pandas as pd

    if not path.is_file():
        return []
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").to_dict("records")


def series_sections(outdir: Path, documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per series of ``series.csv``: its plans, and its linked measures (none before ``fengong link``).

    Args:
        outdir: the run folder.
        documents: doc_id → its record, with ``_page`` the report page of the document.
    Returns:
        Dicts with ``name``, ``plans`` (year, doc_id, title, page) and ``links`` (year, text,
        prev_text, kind, similarity, lead_changed, leads_before, leads_after, link).
    """
    series = read_table(outdir / "series.csv")
    if not series:
        return []
    texts = {m["uid"]: m.get("text_simplified", "") for m in read_table(outdir / "measures.csv")}
    links: dict[str, list[dict[str, str]]] = {}
    for r in read_table(outdir / "measure_links.csv"):
        if r.get("prev_year"):
            links.setdefault(r["series"], []).append(r)
    out = []
    for name in dict.fromkeys(r["series"] for r in series):
        plans = [{"year": r["year"], "doc_id": r["doc_id"], "title": r["title"],
                  "page": documents.get(r["doc_id"], {}).get("_page", "")} for r in series if r["series"] == name]  # fmt: skip
        if len(plans) < 2:
            continue
        rows = []
        for r in links.get(name, []):
            doc_id, _, measure_id = r["uid"].partition(":")
            page = documents.get(doc_id, {}).get("_page", "")
            rows.append({**{k: r.get(k, "") for k in ("year", "kind", "similarity", "lead_changed", "leads_before",
                                                      "leads_after")},
                         "text": texts.get(r["uid"], ""), "prev_text": texts.get(r.get("prev_uid", ""), ""),
                         "link": f"{page}#m-{measure_id}" if page else ""})  # fmt: skip
        out.append({"name": name, "plans": plans, "links": rows})
    return out
