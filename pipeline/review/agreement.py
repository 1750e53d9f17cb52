"""The machine's agreement with a reviewer: ``fengong score OUTDIR --review review.xlsx``.

Over the rows of a filled review (pipeline/review.py) that have a verdict:

- ``ok``: a true positive;
- ``wrong role`` or ``wrong body``: a false positive (the machine's row) and a false negative
  (the reviewer's);
- ``missing body``: a false negative per name of ``correct_body``;
- ``not a measure``: every assignment row of that measure is a false positive, whatever the
  verdicts of its other rows (a row with no body adds nothing).

P/R/F1 come per document and in total (micro-averaged, like ``fengong score``). Cohen's kappa
on roles is computed over the rows whose body the reviewer accepted (verdict ok or wrong role),
the machine's role against the reviewer's. ``measure_p`` is the share of the reviewed measures
that are measures. Rows with no verdict are not counted (``n_unreviewed``).

A row with ``scope`` list speaks for its whole list, as it does for ``extract --corrections``:
its verdict (ok, wrong role, wrong body) stands for every row of the sheet read from the same
name at the same place (``raw``, ``start``, ``end``, and the machine's body and role) that has no
verdict of its own, and a missing body with scope list is a false negative per name and per
measure of the list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..report.score import Counts
from ..review.corrections import ReviewRow


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two coders' labels, one (coder 1, coder 2) pair per item.

    kappa = (p_o - p_e) / (1 - p_e), p_o the observed agreement, p_e the agreement expected
    from each coder's label frequencies. None when undefined (no pairs, or p_e = 1: both
    coders used one and the same label throughout).
    """
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass
class Agreement:
    """The agreement over one document's review rows (``doc`` its doc_id, or TOTAL)."""

    doc: str
    counts: Counts = field(default_factory=Counts)
    role_pairs: list[tuple[str, str]] = field(default_factory=list)
    n_rows: int = 0
    n_unreviewed: int = 0
    n_measures: int = 0  # reviewed measures (a row of theirs has a verdict)
    n_not_measures: int = 0

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa on roles over the rows whose body the reviewer accepted."""
        return cohen_kappa(self.role_pairs)

    @property
    def measure_p(self) -> float | None:
        """The share of the reviewed measures that are measures (None when none reviewed)."""
        return (self.n_measures - self.n_not_measures) / self.n_measures if self.n_measures else None

    @property
    def reviewed(self) -> bool:
        """Whether any row has a verdict: with none, there is no score (n/a, not 1.000)."""
        c = self.counts
        return bool(c.tp + c.fp + c.fn)

    def scores(self) -> tuple[float | None, float | None, float | None]:
        """(precision, recall, F1), or Nones when nothing was reviewed."""
        c = self.counts
        return (c.precision, c.recall, c.f1) if self.reviewed else (None, None, None)

    def record(self) -> dict[str, Any]:
        """The scores as a flat dict (``--json``)."""
        c = self.counts
        p, r, f1 = self.scores()
        return {"doc": self.doc, "p": p, "r": r, "f1": f1, "tp": c.tp, "fp": c.fp, "fn": c.fn,
                "kappa": self.kappa, "n_kappa": len(self.role_pairs), "n_rows": self.n_rows,
                "n_unreviewed": self.n_unreviewed, "n_measures": self.n_measures,
                "n_not_measures": self.n_not_measures, "measure_p": self.measure_p}  # fmt: skip


def _is_assignment(r: ReviewRow) -> bool:
    """Whether a review row is a machine's assignment (not a measure with no body)."""
    return bool(r.raw or r.body)


def _piece(r: ReviewRow) -> tuple[str, ...] | None:
    """The piece of a list a review row was read from (the name, its place, the machine's body
    and role), or None when the sheet gives no place (an older review, a row typed in)."""
    return (r.raw, r.start, r.end, r.body, r.role) if r.raw and (r.start or r.end) else None


def with_list_verdicts(rows: list[ReviewRow]) -> list[ReviewRow]:
    """The rows of one document with each list-scoped verdict given to its list's other rows.

    Args:
        rows: the review rows of one document.
    Returns:
        The same rows, in order; a row with no verdict whose piece (:func:`_piece`) is that of a
        row with scope list and verdict ok, wrong role or wrong body takes that row's verdict,
        correct_body and correct_role (the first such row, when several).
    """
    given: dict[tuple[str, ...], ReviewRow] = {}
    for r in rows:
        piece = _piece(r)
        if r.whole_list and r.verdict in ("ok", "wrong role", "wrong body") and piece:
            given.setdefault(piece, r)
    out = []
    for r in rows:
        src = given.get(_piece(r) or ()) if not r.verdict else None
        out.append(replace(r, verdict=src.verdict, correct_body=src.correct_body, correct_role=src.correct_role)
                   if src else r)  # fmt: skip
    return out


def _list_measures(r: ReviewRow, rows: list[ReviewRow]) -> int:
    """How many measures a missing body reaches: with scope list, those of its list's rows."""
    piece = _piece(r)
    if not r.whole_list or piece is None:
        return 1
    return len({(x.path, x.text_simplified) for x in rows if _piece(x) == piece}) or 1


def doc_agreement(doc: str, rows: list[ReviewRow]) -> Agreement:
    """The agreement over the review rows of one document.

    Args:
        doc: the document's doc_id (its label in the report).
        rows: the document's review rows, list-scoped ones included.
    Returns:
        Its :class:`Agreement`.
    """
    key = lambda r: (r.path, r.text_simplified)  # noqa: E731 - a measure of the document
    rows = with_list_verdicts(rows)
    dropped = {key(r) for r in rows if r.verdict == "not a measure"}
    reviewed = {key(r) for r in rows if r.verdict and r.text_simplified}
    tp = fp = fn = 0
    pairs: list[tuple[str, str]] = []
    for r in rows:
        if key(r) in dropped:
            fp += _is_assignment(r)
        elif r.verdict == "ok":
            tp += _is_assignment(r)
            pairs += [(r.role, r.role)] if _is_assignment(r) else []
        elif r.verdict in ("wrong role", "wrong body"):
            fp, fn = fp + 1, fn + 1
            pairs += [(r.role, r.correct_role)] if r.verdict == "wrong role" else []
        elif r.verdict == "missing body":
            fn += len(r.names()) * _list_measures(r, rows)
    unreviewed = sum(not r.verdict and key(r) not in dropped for r in rows)
    n_measures = len({k for k in reviewed if k[1]})
    return Agreement(doc, Counts(tp, fp, fn), pairs, len(rows), unreviewed, n_measures, len(dropped & reviewed))


def review_agreement(rows: list[ReviewRow]) -> tuple[list[Agreement], Agreement]:
    """The agreement per document (by doc_id, else sha256) and in total."""
    by_doc: dict[str, list[ReviewRow]] = {}
    for r in rows:
        by_doc.setdefault(r.doc_id or r.sha256[:12], []).append(r)
    docs = [doc_agreement(doc, rs) for doc, rs in sorted(by_doc.items())]
    total = Agreement("TOTAL")
    for d in docs:
        total.counts += d.counts
        total.role_pairs += d.role_pairs
        total.n_rows += d.n_rows
        total.n_unreviewed += d.n_unreviewed
        total.n_measures += d.n_measures
        total.n_not_measures += d.n_not_measures
    return docs, total


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def agreement_line(a: Agreement) -> str:
    """One line of the agreement, in the style of ``fengong score`` against gold (report/score.py):
    a document's line with its counts, or ``TOTAL key=value …`` for the total."""
    c = a.counts
    p, r, f1 = a.scores()
    if a.doc == "TOTAL":
        values = {"assign_f1": f1, "assign_p": p, "assign_r": r, "kappa": a.kappa, "measure_p": a.measure_p}
        shown = " ".join(f"{k}={'n/a' if v is None else round(v, 4)}" for k, v in values.items())
        return f"TOTAL {shown} unreviewed={a.n_unreviewed} rows={a.n_rows}"
    return (f"{a.doc:32s} assign F1 {_num(f1)} (tp/fp/fn {(c.tp, c.fp, c.fn)}) P {_num(p)} R {_num(r)}"
            f" | kappa {_num(a.kappa)} (n {len(a.role_pairs)}) | measures {a.n_measures - a.n_not_measures}/{a.n_measures}"
            f" | unreviewed {a.n_unreviewed}/{a.n_rows}")  # fmt: skip
