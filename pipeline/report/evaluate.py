"""Scoring extracted tables against hand-labelled ones (codebook §7)."""

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
