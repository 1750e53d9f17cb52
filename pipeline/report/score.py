"""Scoring a run's output folder against hand-labelled gold files (docs/gold-format.md).

The numbers are the team's reference scorer's: assignment F1 over distinct (path, body, role)
triples (a gold body: a name or a list of alternatives); measure F1 with fuzzy text matching;
measure-level assignment F1; canonical-name, verb and metadata accuracy. The gold files are
read by :mod:`pipeline.report.gold`.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pandas as pd

from ..lexicon.script import to_simplified
from ..report.gold import gold_files, load_gold

_PUNCT = re.compile(r"[\s，,。．.；;：:（）()“”\"'‘’、《》〈〉!！?？\-—…·]")
MATCH_MIN = 0.6  # similarity at which a predicted measure matches a gold one
OPTIONAL_MIN = 0.8  # similarity at which a predicted measure is an optional clause (not counted)

#: The columns of :func:`score_frame`, one row per gold document. Counts are tp/fp/fn; a
#: measure column is NaN where the gold has ``measures_scored: false``, ``meta_acc`` where it
#: labels no metadata. ``*_acc`` are fractions of the matched items (canonical: assignments,
#: verb: measures) or of the labelled metadata fields.
SCORE_COLUMNS = [
    "doc", "missing_outputs",
    "assign_p", "assign_r", "assign_f1", "assign_tp", "assign_fp", "assign_fn",
    "body_recall", "canonical_acc",
    "measure_p", "measure_r", "measure_f1", "measure_tp", "measure_fp", "measure_fn", "verb_acc",
    "measure_assign_p", "measure_assign_r", "measure_assign_f1",
    "measure_assign_tp", "measure_assign_fp", "measure_assign_fn", "meta_acc",
]  # fmt: skip

Names = frozenset[str]
Row = dict[str, Any]


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the reference's P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); with nothing predicted, 1.0 if nothing was missed, else 0.0."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when the gold is empty."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0.0 if both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocScore:
    """The scores of one document.

    ``doc`` its doc_id; ``missing_outputs`` whether its measures.csv or assignments.csv is absent;
    ``assign`` the assignment counts, ``body_recall`` and ``canonical_ok`` as in _score_assignments;
    ``measures``, ``verb_ok``, ``measure_assign`` as in _score_measures (None where the gold has
    ``measures_scored: false``); ``meta_ok`` of ``meta_n`` labelled metadata fields right.
    """

    doc: str
    missing_outputs: bool
    assign: Counts
    body_recall: float
    canonical_ok: int
    measures: Counts | None = None
    verb_ok: int = 0
    measure_assign: Counts | None = None
    meta_ok: int = 0
    meta_n: int = 0

    @property
    def canonical_acc(self) -> float:
        """Matched assignments whose canonical ``body`` is one of the gold names."""
        return self.canonical_ok / self.assign.tp if self.assign.tp else 0.0

    @property
    def verb_acc(self) -> float | None:
        """Matched measures whose ``verb`` is one of the gold verbs (None if not scored)."""
        m = self.measures
        return None if m is None else self.verb_ok / m.tp if m.tp else 0.0

    @property
    def meta_acc(self) -> float | None:
        """Labelled metadata fields that document.json has right (None if none labelled)."""
        return self.meta_ok / self.meta_n if self.meta_n else None


@dataclass
class RunScore:
    """The ``docs``' scores (DocScore, in the order of the gold files) and their micro-averaged totals."""

    docs: list[DocScore] = field(default_factory=list)

    def total(self, name: str) -> Counts:
        """The summed counts of ``name`` (assign, measures or measure_assign) over the documents."""
        return sum((c for d in self.docs if (c := getattr(d, name)) is not None), Counts())

    def summary(self) -> dict[str, float | int | None]:
        """The totals, rounded to 4 places: the reference scorer's keys, then the accuracies."""
        tp = sum(d.assign.tp for d in self.docs)
        meta_n = sum(d.meta_n for d in self.docs)
        return {
            "assign_f1": round(self.total("assign").f1, 4),
            "measure_f1": round(self.total("measures").f1, 4),
            "measure_assign_f1": round(self.total("measure_assign").f1, 4),
            "docs": len(self.docs),
            "canonical_acc": round(sum(d.canonical_ok for d in self.docs) / tp, 4) if tp else 0.0,
            "meta_acc": round(sum(d.meta_ok for d in self.docs) / meta_n, 4) if meta_n else None,
        }


def norm_text(text: str | None) -> str:
    """``text`` in simplified script without whitespace and punctuation (for measure texts)."""
    return _PUNCT.sub("", to_simplified(text or ""))


def norm_body(name: str | None) -> str:
    """``name`` in simplified script, without whitespace or a leading 中华人民共和国."""
    return re.sub(r"\s", "", to_simplified(name or "")).removeprefix("中华人民共和国")


def similar(gold: str, pred: str) -> float:
    """How alike two normalized texts are: 0.9–1.0 if one holds the other and is at least
    half its length, else difflib's ratio; 0.0 if either is empty."""
    if not gold or not pred:
        return 0.0
    if gold in pred or pred in gold:
        short, long_ = sorted((len(gold), len(pred)))
        if short / long_ >= 0.5:
            return 0.9 + 0.1 * short / long_
    return SequenceMatcher(None, gold, pred).ratio()


def _alts(name: str | list[str]) -> Names:
    """The normalized alternatives of a gold body ``name`` (a name or a list of names)."""
    return frozenset(norm_body(n) for n in (name if isinstance(name, list) else [name]))


def _row_names(row: Row) -> Names:
    """The normalized ``body`` and ``raw`` names of an assignments.csv ``row``."""
    return frozenset({norm_body(row.get("body", "")), norm_body(row.get("raw", ""))} - {""})


def _cell(row: Row, column: str) -> str:
    """The stripped value of ``column`` in a CSV ``row`` ('' if absent)."""
    return (row.get(column) or "").strip()


def _read_csv(path: Path) -> list[Row]:
    """The rows of the CSV file at ``path`` as dicts; [] if it does not exist."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _score_assignments(gold: dict[str, Any], assigns: list[Row]) -> tuple[Counts, float, int]:
    """Match the distinct (path, names, role) of ``assigns`` to the gold's scopes, greedily.

    Args: ``gold`` the gold labels; ``assigns`` the rows of assignments.csv.
    Returns the counts, the body recall (gold bodies found at their path, whatever the role)
    and the number of matches whose canonical ``body`` is a gold name.
    """
    wanted = list(dict.fromkeys((sc["path"], _alts(n), r) for sc in gold["scopes"] for n, r in sc["bodies"]))
    skip = set(gold.get("optional_paths", []))
    canon: dict[tuple[str, Names, str], str] = {}  # in order of first appearance; the last row's body
    for row in assigns:
        if _cell(row, "path") not in skip:
            canon[(_cell(row, "path"), _row_names(row), _cell(row, "role"))] = norm_body(row.get("body", ""))
    matched: set[tuple[str, Names, str]] = set()
    canon_ok = found = 0
    for path, alts, role in wanted:
        free = (t for t in canon if t not in matched and t[0] == path and t[2] == role and t[1] & alts)
        hit = next(free, None)
        if hit:
            matched.add(hit)
            canon_ok += canon[hit] in alts
        found += any(t[0] == path and t[1] & alts for t in canon)
    counts = Counts(len(matched), len(canon) - len(matched), len(wanted) - len(matched))
    return counts, found / len(wanted) if wanted else 1.0, canon_ok


def _gold_measures(gold: dict[str, Any]) -> list[tuple[str, set[str], str, set[tuple[Names, str]]]]:
    """The gold's measures as (path, simplified verbs, normalized text, the scope's bodies)."""
    out = []
    for sc in gold["scopes"]:
        bodies = {(_alts(n), r) for n, r in sc["bodies"]}
        for verbs, text in sc["measures"]:
            out.append((sc["path"], {to_simplified(v) for v in verbs}, norm_text(text), bodies))
    return out


def _counted_measures(gold: dict[str, Any], measures: list[Row]) -> list[Row]:
    """The rows of ``measures`` that count: not at an optional path, not an optional clause."""
    skip = set(gold.get("optional_paths", []))
    optional = [norm_text(t) for sc in gold["scopes"] for t in sc.get("optional_measures", [])]
    rows = [m for m in measures if _cell(m, "path") not in skip]
    is_optional = lambda m: any(similar(o, norm_text(m.get("text", ""))) >= OPTIONAL_MIN for o in optional)
    return [m for m in rows if not is_optional(m)]


def _best_match(path: str, text: str, preds: list[Row], used: set[int]) -> int | None:
    """The index of the unused prediction at ``path`` most like ``text`` (first on ties), if
    at least MATCH_MIN alike."""
    best, best_s = None, 0.0
    for i, p in enumerate(preds):
        if i in used or _cell(p, "path") != path:
            continue
        s = similar(text, norm_text(p.get("text", "")))
        if s > best_s:
            best, best_s = i, s
    return best if best is not None and best_s >= MATCH_MIN else None


def _score_measures(gold: dict[str, Any], measures: list[Row], assigns: list[Row]
                    ) -> tuple[Counts, int, Counts]:  # fmt: skip
    """Match the measures in text order of the gold, and score each match's own assignments.

    Args: ``gold`` the gold labels; ``measures``, ``assigns`` the rows of the two CSV files.
    Returns the measure counts, the number of matches with a gold verb, and the
    measure-level assignment counts (an unmatched gold measure misses all its bodies).
    """
    preds = _counted_measures(gold, measures)
    by_mid: dict[str, set[tuple[Names, str]]] = {}
    for row in assigns:
        by_mid.setdefault(row.get("measure_id", ""), set()).add((_row_names(row), _cell(row, "role")))
    used: set[int] = set()
    verb_ok = 0
    pairs = Counts()
    for path, verbs, text, bodies in _gold_measures(gold):
        best = _best_match(path, text, preds, used)
        if best is None:
            pairs += Counts(fn=len(bodies))
            continue
        used.add(best)
        verb_ok += to_simplified(_cell(preds[best], "verb")) in verbs
        got = by_mid.get(preds[best].get("measure_id", ""), set())
        hit = sum(any(r == role and names & alts for names, r in got) for alts, role in bodies)
        pairs += Counts(hit, max(0, len(got) - hit), len(bodies) - hit)
    n_gold = sum(len(sc["measures"]) for sc in gold["scopes"])
    return Counts(len(used), len(preds) - len(used), n_gold - len(used)), verb_ok, pairs


def _score_metadata(gold: dict[str, Any], folder: Path) -> tuple[int, int]:
    """(fields right, fields labelled) of the gold's non-empty metadata in folder/document.json.

    A title matches if either normalized title holds the other; other fields match as names.
    """
    wanted = {k: v for k, v in gold.get("metadata", {}).items() if v}
    if not wanted:
        return 0, 0
    try:
        meta = json.loads((folder / "document.json").read_text(encoding="utf-8"))
        meta = meta if isinstance(meta, dict) else {}
    except Exception:  # absent or unreadable: no field is right
        meta = {}
    ok = 0
    for key, value in wanted.items():
        got = meta.get(key)
        if isinstance(got, str) and key == "title":
            a, b = norm_text(got), norm_text(value)
            ok += bool(a) and (a in b or b in a)
        elif isinstance(got, str):
            ok += norm_body(got) == norm_body(value)
    return ok, len(wanted)


def score_doc(outdir: Path, gold: dict[str, Any]) -> DocScore:
    """Score outdir/<gold["doc"]>/ against ``gold``.

    Args: ``outdir`` a folder written by ``fengong extract``; ``gold`` labels as :func:`load_gold`
    returns them. Returns the DocScore; missing output files count as empty.
    """
    folder = Path(outdir) / gold["doc"]
    measures, assigns = _read_csv(folder / "measures.csv"), _read_csv(folder / "assignments.csv")
    missing = not (folder / "measures.csv").exists() or not (folder / "assignments.csv").exists()
    counts, body_recall, canon_ok = _score_assignments(gold, assigns)
    score = DocScore(gold["doc"], missing, counts, body_recall, canon_ok)
    if gold.get("measures_scored", True):
        score.measures, score.verb_ok, score.measure_assign = _score_measures(gold, measures, assigns)
    score.meta_ok, score.meta_n = _score_metadata(gold, folder)
    return score


def score_run(outdir: Path, golds: list[str | Path]) -> RunScore:
    """Score the run in ``outdir`` against the gold files or folders ``golds``.

    Returns the RunScore, in the order of the gold files; raises
    :class:`~pipeline.report.gold.GoldError` for a bad gold file.
    """
    return RunScore([score_doc(Path(outdir), load_gold(p)) for p in gold_files(golds)])


def _counts_cols(prefix: str, c: Counts | None) -> dict[str, float | int | None]:
    """P, R, F1, tp, fp, fn of ``c`` as columns named ``prefix_*`` (None when ``c`` is None)."""
    values = (None,) * 6 if c is None else (c.precision, c.recall, c.f1, c.tp, c.fp, c.fn)
    return {f"{prefix}_{k}": v for k, v in zip(("p", "r", "f1", "tp", "fp", "fn"), values)}


def doc_record(d: DocScore) -> dict[str, Any]:
    """The numbers of ``d`` keyed by SCORE_COLUMNS (None where not scored)."""
    rec: dict[str, Any] = {"doc": d.doc, "missing_outputs": d.missing_outputs,
                           **_counts_cols("assign", d.assign), "body_recall": d.body_recall,
                           "canonical_acc": d.canonical_acc, **_counts_cols("measure", d.measures),
                           "verb_acc": d.verb_acc, **_counts_cols("measure_assign", d.measure_assign),
                           "meta_acc": d.meta_acc}  # fmt: skip
    return {k: rec[k] for k in SCORE_COLUMNS}


def score_frame(run: RunScore) -> pd.DataFrame:
    """One row per document with the columns SCORE_COLUMNS: ``doc`` text, ``missing_outputs``
    bool, the ``*_tp/fp/fn`` counts Int64 and the rest float64 (<NA>/NaN where not scored)."""
    frame = pd.DataFrame([doc_record(d) for d in run.docs], columns=SCORE_COLUMNS)
    counts = [c for c in SCORE_COLUMNS if c.endswith(("_tp", "_fp", "_fn"))]
    rates = [c for c in SCORE_COLUMNS[2:] if c not in counts]
    types = {"missing_outputs": bool, **dict.fromkeys(counts, "Int64"), **dict.fromkeys(rates, "float64")}
    return frame.astype(types)


def doc_line(d: DocScore) -> str:
    """The one-line report of ``d``, as the reference scorer prints it."""
    a = d.assign
    line = f"{d.doc:32s} assign F1 {a.f1:.3f} (tp/fp/fn {(a.tp, a.fp, a.fn)}) canon {d.canonical_acc:.2f}"
    if d.measures is not None and d.measure_assign is not None:
        m = d.measures
        line += (f" | measures F1 {m.f1:.3f} {(m.tp, m.fp, m.fn)} verb {d.verb_acc:.2f}"
                 f" | m-assign F1 {d.measure_assign.f1:.3f}")  # fmt: skip
    if d.meta_acc is not None:
        line += f" | meta {d.meta_acc:.2f}"
    return line + (" | OUTPUTS MISSING" if d.missing_outputs else "")


def total_line(run: RunScore) -> str:
    """The TOTAL line: ``TOTAL assign_f1=… measure_f1=… measure_assign_f1=… docs=… …``."""
    return "TOTAL " + " ".join(f"{k}={v}" for k, v in run.summary().items())


def run_json(run: RunScore) -> dict[str, Any]:
    """``{"summary": RunScore.summary(), "docs": [doc_record(d), ...]}``, ready for json.dumps."""
    return {"summary": run.summary(), "docs": [doc_record(d) for d in run.docs]}


def below(run: RunScore, minima: dict[str, float | None]) -> list[str]:
    """The totals under their thresholds, as ``"assign_f1=0.5238 < 0.95"``.

    Args: ``run`` the scores; ``minima`` a threshold per summary key (None: no threshold),
    compared with the rounded totals that the TOTAL line shows.
    """
    summary = run.summary()
    low = {k: v for k, v in minima.items() if v is not None and float(summary[k] or 0) < v}
    return [f"{k}={summary[k]} < {v}" for k, v in low.items()]
