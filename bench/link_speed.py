"""Linking speed for ``make bench``: ``fengong link`` on a series of 20 annual plans of 300 measures.

The run folder is made on each run from the measures of the project's own plans (``corpus/``,
extracted once): each plan of the series keeps most of the year before's measures, rewords some
(a clause dropped or two swapped), drops some and adds new ones drawn from the pool, with a fixed
seed, so the solver meets the mix a real series has. ``fengong link`` is timed as a whole process
(its start included), the fastest of ``ROUNDS``. Also the page's section on it.

    .venv/bin/python bench/phases.py links DIR     # the numbers as JSON (run.py calls it)
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from extract_command import fengong
from goals import LINK_S, verdict
from paths import ROOT
from timers import run_command

PLANS = 20
MEASURES = 300
ROUNDS = 3


def _pool(work: Path) -> list[str]:
    """The measure texts of the project's corpus, extracted once into ``work``."""
    out = work / "pool"
    run_command([*fengong(), "extract", str(ROOT / "corpus"), "--out", str(out), "--no-excel", "--quiet", "--force"],
                ok=None)  # fmt: skip
    with (out / "measures.csv").open(encoding="utf-8-sig", newline="") as fh:
        return sorted({r["text_simplified"] for r in csv.DictReader(fh) if r["text_simplified"]})


def _reword(text: str, rng: random.Random) -> str:
    """A drafter's rewording: two comma clauses swapped, or one dropped, or a word added."""
    clauses = text.split("，")
    if len(clauses) > 2 and rng.random() < 0.5:
        k = rng.randrange(len(clauses) - 1)
        clauses[k], clauses[k + 1] = clauses[k + 1], clauses[k]
        return "，".join(clauses)
    if len(clauses) > 1:
        clauses.pop(rng.randrange(len(clauses)))
        return "，".join(clauses)
    return "进一步" + text


def make_series(folder: Path, pool: list[str], plans: int = PLANS, measures: int = MEASURES) -> int:
    """Write documents.csv, measures.csv and assignments.csv of one series into ``folder``.

    Args:
        folder: where the series goes (made if need be).
        pool: the measure texts new measures are drawn from.
        plans: plans in the series, one a year.
        measures: measures in each plan.

    Returns:
        The number of measures written.
    """
    rng = random.Random(2013)
    folder.mkdir(parents=True, exist_ok=True)
    current = [rng.choice(pool) for _ in range(measures)]
    docs, rows, leads = [], [], []
    for k in range(plans):
        year = 2005 + k
        doc_id = f"bench_{year}_quality_plan"
        docs.append((doc_id, year, f"贯彻实施质量发展纲要{year}年行动计划", "国务院办公厅"))
        for n, text in enumerate(current, 1):
            uid = f"{doc_id}:m{n:04d}"
            rows.append((doc_id, uid, f"{n // 10 + 1}.{n % 10 + 1}", text))
            leads.append((doc_id, uid, rng.choice(("质检总局", "工业和信息化部", "商务部")), "lead"))
        # the next year: 60% kept, 20% reworded, 20% dropped and replaced by new ones
        nxt = []
        for text in current:
            draw = rng.random()
            nxt.append(text if draw < 0.6 else _reword(text, rng) if draw < 0.8 else rng.choice(pool))
        current = nxt
    _write(folder / "documents.csv", ("doc_id", "year", "title", "issuer"), docs)
    _write(folder / "measures.csv", ("doc_id", "uid", "path", "text_simplified"), rows)
    _write(folder / "assignments.csv", ("doc_id", "uid", "body", "role"), leads)
    return len(rows)


def _write(path: Path, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Write ``rows`` under the header ``columns`` as a UTF-8 CSV file ``path``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)


def phase(work: Path) -> dict[str, Any]:
    """Time ``fengong link`` on the bench series, made in ``work``; the fastest of ``ROUNDS`` whole-process runs.

    Returns:
        ``plans``, ``measures``, ``link_s`` and ``linked`` (measures linked to a predecessor).
    """
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "series"
    n = make_series(folder, _pool(work))
    best = min(run_command([*fengong(), "link", str(folder)])["wall_s"] for _ in range(ROUNDS))
    with (folder / "measure_links.csv").open(encoding="utf-8-sig", newline="") as fh:
        kinds = [r["kind"] for r in csv.DictReader(fh)]
    return {"plans": PLANS, "measures": n, "link_s": best, "linked": sum(k in ("same", "revised") for k in kinds)}


def report_lines(r: dict[str, Any] | None) -> list[str]:
    """The section of docs/benchmarks.md on linking a series, from :func:`phase`'s numbers ``r``."""
    if not r:
        return []
    return [
        "## Linking a plan series (issue 25)",
        "",
        f"`fengong link` on a made series of {r['plans']} annual plans of {r['measures'] // r['plans']} measures "
        f"each ({r['measures']:,} measures; each year keeps, rewords, drops and adds measures of the corpus): "
        f"**{r['link_s']:.2f} s** as a whole process, start included, the fastest of {ROUNDS} runs; "
        f"{r['linked']:,} measures linked to a predecessor. Goal: seconds, not minutes (≤ {LINK_S:.0f} s): "
        f"{verdict(r['link_s'] <= LINK_S)}.",
        "",
    ]


if __name__ == "__main__":
    import sys

    print(phase(Path(sys.argv[1])))
