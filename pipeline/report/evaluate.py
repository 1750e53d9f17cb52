"""Scoring extracted tables against hand-labelled ones (codebook §8)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass
class Score:
    """Precision, recall and F1 of one table against its gold standard."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"({self.tp} matched, {self.n_pred} extracted, {self.n_gold} gold)")  # fmt: skip


def _key_text(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def _score(pred: Counter, gold: Counter) -> Score:
    return Score(sum((pred & gold).values()), sum(pred.values()), sum(gold.values()))


def score_measures(pred: pd.DataFrame, gold: pd.DataFrame) -> Score:
    """Measures matched by (path, text_simplified)."""
    key = lambda df: Counter(zip(df["path"].astype(str), df["text_simplified"].map(_key_text)))  # noqa: E731
    return _score(key(pred), key(gold))


def score_assignments(pred: pd.DataFrame, gold: pd.DataFrame) -> Score:
    """Assignments as the set of distinct (path, body, role) triples."""
    key = lambda df: Counter(set(zip(df["path"].astype(str), df["body"], df["role"])))  # noqa: E731
    return _score(key(pred), key(gold))


def read_gold(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A gold folder's ``measures.csv`` and ``assignments.csv`` (all columns as text)."""
    folder = Path(folder)
    read = lambda name: pd.read_csv(folder / name, dtype=str, keep_default_na=False)  # noqa: E731
    return read("measures.csv"), read("assignments.csv")


def mismatches(pred: pd.DataFrame, gold: pd.DataFrame, cols: list[str]) -> tuple[list, list]:
    """Rows only extracted and rows only in gold, by ``cols`` — for a readable failure."""
    p = set(map(tuple, pred[cols].astype(str).map(_key_text).values.tolist()))
    g = set(map(tuple, gold[cols].astype(str).map(_key_text).values.tolist()))
    return sorted(p - g), sorted(g - p)


# Measure-level scoring ------------------------------------------------------------------
#
# The gold CSVs of tests/gold label assignments per path (one responsibility list per
# numbered unit, covering all of its measures: see each folder's NOTES.md), so a gold
# measure's own (body, role) pairs are the triples of its path.

#: The columns of :func:`match_measures`.
MATCH_COLUMNS = ["gold_row", "path", "text_simplified", "gold_verb", "measure_id", "verb"]
#: The columns of :func:`measure_pairs`.
PAIR_COLUMNS = ["path", "text_simplified", "gold_row", "measure_id", "body", "role", "in_gold", "in_pred"]


@dataclass
class Agreement:
    """How often the extracted primary verb is the gold's, over matched measures.

    ``agree``: matched measures whose ``verb`` is the gold verb; ``compared``: matched
    measures whose gold verb is labelled; ``excluded``: matched measures left out because
    their gold verb is empty; ``unmatched``: gold measures with no extracted measure.
    """

    agree: int
    compared: int
    excluded: int = 0
    unmatched: int = 0

    @property
    def rate(self) -> float:
        """agree / compared (1.0 when nothing is compared)."""
        return self.agree / self.compared if self.compared else 1.0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(self.agree + other.agree, self.compared + other.compared,
                         self.excluded + other.excluded, self.unmatched + other.unmatched)  # fmt: skip

    def __str__(self) -> str:
        extra = f", {self.excluded} without a gold verb left out" if self.excluded else ""
        extra += f", {self.unmatched} gold measures unmatched" if self.unmatched else ""
        return f"{self.rate:.3f} ({self.agree} of {self.compared} matched measures{extra})"


def match_measures(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Match each gold measure to an extracted measure by (path, text_simplified).

    Texts are compared without whitespace; a (path, text) written twice in the gold takes the
    extracted measures of that key in document order, one each.

    Args:
        pred: the extracted measures (``measures_df`` or a measures.csv): ``measure_id``,
            ``path``, ``text_simplified``, ``verb``.
        gold: the gold measures (``read_gold``): ``path``, ``text_simplified``, ``verb``
            (may be empty).

    Returns:
        One row per gold measure, in gold order, with the columns :data:`MATCH_COLUMNS`:
        ``gold_row`` (its position in ``gold``), its ``path``, ``text_simplified`` and
        ``gold_verb``, and the matched measure's ``measure_id`` and ``verb`` ("" for both when
        no extracted measure matches).
    """
    queues: dict[tuple[str, str], list[tuple[str, str]]] = {}
    verbs = pred["verb"] if "verb" in pred else pd.Series([""] * len(pred), index=pred.index)
    for path, text, mid, verb in zip(pred["path"].astype(str), pred["text_simplified"],
                                     pred["measure_id"].astype(str), verbs.astype(str)):  # fmt: skip
        queues.setdefault((path, _key_text(text)), []).append((mid, verb))
    gold_verbs = gold["verb"] if "verb" in gold else pd.Series([""] * len(gold), index=gold.index)
    rows = []
    for i, (path, text, gverb) in enumerate(zip(gold["path"].astype(str), gold["text_simplified"],
                                                gold_verbs.astype(str))):  # fmt: skip
        queue = queues.get((path, _key_text(text)), [])
        mid, verb = queue.pop(0) if queue else ("", "")
        rows.append((i, path, text, gverb, mid, verb))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def gold_measure_assignments(gold_measures: pd.DataFrame, gold_assignments: pd.DataFrame) -> pd.DataFrame:
    """Each gold measure's own (body, role) pairs: the distinct gold triples of its path.

    This reads the gold CSVs as their labellers wrote them: a path's list covers every measure
    of that path (tests/gold/*/NOTES.md). A gold path with no triples gives its measures none.

    Args:
        gold_measures: the gold measures (``path``, ``text_simplified``).
        gold_assignments: the gold assignments (``path``, ``body``, ``role``).

    Returns:
        One row per (gold measure, body, role), columns ``gold_row`` (the measure's position in
        ``gold_measures``), ``path``, ``text_simplified``, ``body``, ``role``; its length is the
        number of assignment rows (measure, body) the gold implies.
    """
    triples = gold_assignments[["path", "body", "role"]].astype(str).drop_duplicates()
    by_path: dict[str, list[tuple[str, str]]] = {}
    for path, body, role in triples.itertuples(index=False):
        by_path.setdefault(path, []).append((body, role))
    rows = [(i, path, text, body, role)
            for i, (path, text) in enumerate(zip(gold_measures["path"].astype(str), gold_measures["text_simplified"]))
            for body, role in by_path.get(path, [])]  # fmt: skip
    return pd.DataFrame(rows, columns=["gold_row", "path", "text_simplified", "body", "role"])


def measure_pairs(pred_measures: pd.DataFrame, pred_assignments: pd.DataFrame,
                  gold_measures: pd.DataFrame, gold_assignments: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """The per-measure (body, role) pairs of the gold and of the extraction, side by side.

    Gold measures are matched to extracted ones by :func:`match_measures`. A matched measure
    compares the gold pairs of :func:`gold_measure_assignments` with the distinct (body, role)
    of its own rows of ``pred_assignments`` (by ``measure_id``). An unmatched gold measure's
    pairs are all gold only; an extracted measure no gold measure matched gives its pairs as
    extracted only (stricter than ``pipeline.report.score``, which leaves them out). Rows with
    no measure (an empty ``measure_id``: flag ``no_measure``) are not measure-level pairs.

    Args:
        pred_measures: the extracted measures (``measure_id``, ``path``, ``text_simplified``).
        pred_assignments: the extracted assignments (``measure_id``, ``body``, ``role``).
        gold_measures: the gold measures (``path``, ``text_simplified``).
        gold_assignments: the gold assignments (``path``, ``body``, ``role``).

    Returns:
        One row per distinct (measure, body, role) of either side, columns
        :data:`PAIR_COLUMNS`: the measure's ``path`` and ``text_simplified``, ``gold_row`` (-1
        for an unmatched extracted measure), ``measure_id`` ("" for an unmatched gold measure),
        ``body``, ``role``, and booleans ``in_gold`` and ``in_pred``.
    """
    matches = match_measures(pred_measures, gold_measures)
    gold_pairs = gold_measure_assignments(gold_measures, gold_assignments)
    own: dict[str, set[tuple[str, str]]] = {}
    a = pred_assignments[pred_assignments["measure_id"].astype(str) != ""]
    for mid, body, role in zip(a["measure_id"].astype(str), a["body"].astype(str), a["role"].astype(str)):
        own.setdefault(mid, set()).add((body, role))
    wanted: dict[int, set[tuple[str, str]]] = {}
    for i, body, role in zip(gold_pairs["gold_row"], gold_pairs["body"], gold_pairs["role"]):
        wanted.setdefault(int(i), set()).add((body, role))
    rows = []
    for m in matches.itertuples(index=False):
        gold_set = wanted.get(int(m.gold_row), set())
        pred_set = own.get(m.measure_id, set()) if m.measure_id else set()
        for body, role in sorted(gold_set | pred_set):
            rows.append((m.path, m.text_simplified, int(m.gold_row), m.measure_id, body, role,
                         (body, role) in gold_set, (body, role) in pred_set))  # fmt: skip
    matched = set(matches["measure_id"]) - {""}
    for mid, path, text in zip(pred_measures["measure_id"].astype(str), pred_measures["path"].astype(str),
                               pred_measures["text_simplified"]):  # fmt: skip
        if mid not in matched:
            extra = sorted(own.get(mid, set()))
            rows += [(path, text, -1, mid, body, role, False, True) for body, role in extra]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def score_measure_assignments(pairs: pd.DataFrame) -> Score:
    """Precision, recall and F1 over per-measure (body, role) pairs.

    Args:
        pairs: the table of :func:`measure_pairs`.

    Returns:
        A :class:`Score`: ``tp`` the pairs on both sides, ``n_pred`` the extracted pairs,
        ``n_gold`` the gold pairs.
    """
    return Score(int((pairs["in_gold"] & pairs["in_pred"]).sum()), int(pairs["in_pred"].sum()),
                 int(pairs["in_gold"].sum()))  # fmt: skip


def verb_agreement(matches: pd.DataFrame) -> Agreement:
    """Agreement of the primary verb with the gold's over matched measures.

    Args:
        matches: the table of :func:`match_measures`.

    Returns:
        An :class:`Agreement`; a matched measure whose gold verb is empty is counted in
        ``excluded``, not compared.
    """
    matched = matches[matches["measure_id"] != ""]
    labelled = matched[matched["gold_verb"].str.strip() != ""]
    return Agreement(int((labelled["verb"] == labelled["gold_verb"]).sum()), len(labelled),
                     len(matched) - len(labelled), len(matches) - len(matched))  # fmt: skip


def verb_disagreements(matches: pd.DataFrame) -> pd.DataFrame:
    """The matched measures whose primary verb differs from a labelled gold verb.

    Args:
        matches: the table of :func:`match_measures`.

    Returns:
        The rows of ``matches`` (same columns) where both verbs are known and differ.
    """
    known = (matches["measure_id"] != "") & (matches["gold_verb"].str.strip() != "")
    return matches[known & (matches["verb"] != matches["gold_verb"])]
