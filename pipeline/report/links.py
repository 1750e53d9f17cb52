"""``fengong link``: each measure of a plan series linked to its predecessor in the previous plan.

Within a series (:mod:`pipeline.report.series`) every plan is compared with the latest earlier
plan. Measures are compared by the cosine of their character-bigram TF-IDF vectors (over the two
plans' measures, text in mainland simplified script), with a small weight on the titles of the
units that hold them (a reworded measure mostly stays under its unit's heading); the best
one-to-one pairs come from scipy's ``linear_sum_assignment``, and a pair below
:data:`LINK_THRESHOLD` is no link.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import FengongError
from ..io.corpus_tables import RowTable, table_year, write_table_csv
from ..lexicon.script import mainland_phrasing
from ..report.series import SERIES_COLUMNS, PlanDoc, group_series, read_series_file

# Chosen on the dev links (../shared/corpus/real/links, tests/series, tests/heldout_links;
# docs/codebook.md §7): below 0.25 a pair shares only the genre's stock words (加强, 推进…监管);
# at a text similarity of 0.75 and above the measure is the same task carried on with light
# rewording. The unit titles weigh 0.15 of the score where both measures have one.
LINK_THRESHOLD = 0.25
SAME_THRESHOLD = 0.75
HEADING_WEIGHT = 0.15
# The headings break ties; they never make a link alone: below this the texts share a stock word or
# two (开展…专项行动 under one heading), and the dev links hold one such pair to three that are none.
MIN_TEXT_SIMILARITY = 0.15
LINK_COLUMNS = ["series", "uid", "year", "prev_uid", "prev_year", "similarity", "kind", "lead_changed",
                "leads_before", "leads_after"]  # fmt: skip
FATE_COLUMNS = ["uid", "year", "fate"]


@dataclass(frozen=True)
class PlanMeasure:
    """A measure of a run (a row of measures.csv) with the bodies leading it."""

    uid: str
    text: str
    leads: tuple[str, ...]
    heading: str = ""  # the title of the unit that holds it (item title, else section title)


@dataclass(frozen=True)
class Link:
    """A measure and its predecessor (None: none)."""

    uid: str
    prev_uid: str | None
    similarity: float  # of the two texts
    score: float  # what the link was chosen on: the texts' similarity with the headings'


def _bigrams(text: str) -> Counter[str]:
    chars = [c for c in text if c.isalnum()]
    return Counter("".join(chars[k : k + 2]) for k in range(max(len(chars) - 1, 1)))


def similarity_matrix(later: list[str], earlier: list[str]) -> list[list[float]]:
    """Cosine similarities of character-bigram TF-IDF vectors, one row per later text.

    The IDF is computed over both lists, so the words every measure of the genre uses weigh little.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    grams = [_bigrams(mainland_phrasing(t)) for t in [*later, *earlier]]
    vocab: dict[str, int] = {}
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g.keys())
        for key in g:
            vocab.setdefault(key, len(vocab))
    n = len(grams)
    rows, cols, vals = [], [], []
    for r, g in enumerate(grams):
        weights = {vocab[k]: (1 + math.log(c)) * (math.log((n + 1) / (df[k] + 1)) + 1) for k, c in g.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for c, w in sorted(weights.items()):
            rows.append(r)
            cols.append(c)
            vals.append(w / norm)
    m = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    sims = (m[: len(later)] @ m[len(later) :].T).toarray() if later and earlier else np.zeros((len(later), len(earlier)))
    return sims.tolist()


def link_plans(later: list[PlanMeasure], earlier: list[PlanMeasure], threshold: float = LINK_THRESHOLD) -> list[Link]:
    """Each later measure's predecessor among ``earlier``: the best one-to-one pairs above ``threshold``.

    Args:
        later: the measures of a plan, in order.
        earlier: the measures of the plan before it in its series.
        threshold: the least similarity of a link.
    Returns:
        One :class:`Link` per later measure, in order.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not later or not earlier:
        return [Link(m.uid, None, 0.0, 0.0) for m in later]
    sims = np.array(similarity_matrix([m.text for m in later], [m.text for m in earlier]))
    headings = np.array(similarity_matrix([m.heading for m in later], [m.heading for m in earlier]))
    both = np.outer([bool(m.heading) for m in later], [bool(m.heading) for m in earlier])
    scores = np.where(both, (1 - HEADING_WEIGHT) * sims + HEADING_WEIGHT * headings, sims)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    chosen = {int(r): int(c) for r, c in zip(rows, cols) if scores[r, c] >= threshold and sims[r, c] >= MIN_TEXT_SIMILARITY}
    out = []
    for k, m in enumerate(later):
        c = chosen.get(k)
        if c is not None:
            out.append(Link(m.uid, earlier[c].uid, round(float(sims[k, c]), 4), round(float(scores[k, c]), 4)))
        else:
            best = int(np.argmax(scores[k]))
            out.append(Link(m.uid, None, round(float(sims[k, best]), 4), round(float(scores[k, best]), 4)))
    return out


def _lead_changed(before: tuple[str, ...], after: tuple[str, ...]) -> str:
    return "" if not before or not after else ("true" if set(before) != set(after) else "false")


def link_series(
    plans: list[PlanDoc], measures: dict[str, list[PlanMeasure]], series: str, threshold: float = LINK_THRESHOLD
) -> tuple[list[tuple], list[tuple]]:
    """The rows of measure_links.csv and measure_fates.csv for one series.

    Args:
        plans: the series' plans, in year order.
        measures: doc_id → its measures.
        series: the series' name.
        threshold: the least similarity of a link.
    Returns:
        (link rows in :data:`LINK_COLUMNS` order, fate rows in :data:`FATE_COLUMNS` order).
    """
    links: list[tuple] = []
    fates: list[tuple] = []
    for k, plan in enumerate(plans):
        later = measures.get(plan.doc_id, [])
        prev = plans[k - 1] if k else None
        if prev is None:
            links += [(series, m.uid, plan.year, "", None, "", "new", "", "|".join(m.leads), "|".join(m.leads))
                      for m in later]  # fmt: skip
            continue
        earlier = measures.get(prev.doc_id, [])
        found = link_plans(later, earlier, threshold)
        by_uid = {m.uid: m for m in earlier}
        taken: dict[str, str] = {}
        for m, link in zip(later, found):
            if link.prev_uid is None:
                links.append((series, m.uid, plan.year, "", prev.year, link.similarity, "new", "", "",
                              "|".join(m.leads)))  # fmt: skip
                continue
            kind = "same" if link.similarity >= SAME_THRESHOLD else "revised"
            before = by_uid[link.prev_uid].leads
            taken[link.prev_uid] = "kept" if kind == "same" else "revised"
            links.append((series, m.uid, plan.year, link.prev_uid, prev.year, link.similarity, kind,
                          _lead_changed(before, m.leads), "|".join(before), "|".join(m.leads)))  # fmt: skip
        fates += [(m.uid, prev.year, taken.get(m.uid, "dropped")) for m in earlier]
    return links, fates


def _read_rows(path: Path) -> list[dict[str, str]]:
    import csv

    if not path.is_file():
        raise FengongError("E024", str(path.parent), detail=f"no {path.name} (run fengong extract first)")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_run(out: Path) -> tuple[list[PlanDoc], dict[str, list[PlanMeasure]]]:
    """A run folder's documents and measures (with their leads), from its combined CSV tables."""
    docs = [PlanDoc(r["doc_id"], table_year(r.get("year", "")), r.get("title", ""), r.get("issuer", ""),
                    r.get("place", ""), r.get("date", "")) for r in _read_rows(out / "documents.csv")]  # fmt: skip
    leads: dict[str, list[str]] = {}
    for a in _read_rows(out / "assignments.csv"):
        if a.get("role") == "lead" and a.get("uid"):
            names = leads.setdefault(a["uid"], [])
            if a["body"] not in names:
                names.append(a["body"])
    measures: dict[str, list[PlanMeasure]] = {}
    for m in _read_rows(out / "measures.csv"):
        measures.setdefault(m["doc_id"], []).append(
            PlanMeasure(m["uid"], m.get("text_simplified") or m.get("text", ""), tuple(leads.get(m["uid"], ())),
                        m.get("item_title") or m.get("section_title") or ""))
    return docs, measures


def link_run(out: str | Path, series_file: str | Path | None = None, threshold: float = LINK_THRESHOLD) -> dict[str, Path]:
    """Write series.csv, measure_links.csv and measure_fates.csv into a run folder.

    Args:
        out: the folder ``fengong extract`` wrote.
        series_file: a CSV of doc_id, series that overrides the grouping (``--series``).
        threshold: the least similarity of a link.
    Returns:
        Table name → the file written.
    Raises:
        FengongError: [E024] when the folder lacks the run's tables, [E023] for a bad series file.
    """
    out = Path(out)
    docs, measures = read_run(out)
    names = group_series(docs, read_series_file(series_file) if series_file else None)
    members: dict[str, list[PlanDoc]] = {}
    for d in docs:
        if d.doc_id in names:
            members.setdefault(names[d.doc_id], []).append(d)
    series_rows, link_rows, fate_rows = [], [], []
    for name in sorted(members):
        plans = sorted(members[name], key=lambda d: (d.year is None, d.year or 0, d.date, d.doc_id))
        series_rows += [(name, d.doc_id, d.year, d.title, d.issuer) for d in plans]
        if len(plans) > 1:
            links, fates = link_series(plans, measures, name, threshold)
            link_rows += links
            fate_rows += fates
    paths = {"series": out / "series.csv", "measure_links": out / "measure_links.csv",
             "measure_fates": out / "measure_fates.csv"}  # fmt: skip
    write_table_csv(RowTable(SERIES_COLUMNS, series_rows), paths["series"])
    write_table_csv(RowTable(LINK_COLUMNS, link_rows), paths["measure_links"])
    write_table_csv(RowTable(FATE_COLUMNS, fate_rows), paths["measure_fates"])
    return paths
