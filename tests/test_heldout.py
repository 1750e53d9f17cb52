"""The held-out plans of tests/heldout: written and labelled by hand apart from the pipeline
(see tests/heldout/README.md), scored with the real plans' scorer and the same thresholds."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.readers import read_input
from pipeline.run import Resources, process
from pipeline.score import below, score_run, total_line

HELDOUT = Path(__file__).resolve().parent / "heldout"
MINIMA = {"assign_f1": 0.95, "measure_assign_f1": 0.93, "measure_f1": 0.92}  # issue 12's goals


def test_heldout_plans_reach_the_goals(resources: Resources, tmp_path: Path) -> None:
    texts = sorted(HELDOUT.glob("*.txt"))
    assert len(texts) >= 12
    for text in texts:
        result = process(read_input(text), resources)
        folder = tmp_path / text.stem
        folder.mkdir()
        result.measures_df.to_csv(folder / "measures.csv", index=False)
        result.assignments_df.to_csv(folder / "assignments.csv", index=False)
        (folder / "document.json").write_text(json.dumps(result.document, ensure_ascii=False), encoding="utf-8")
    run = score_run(tmp_path, [HELDOUT / "gold"])
    print(f"\n[heldout] {total_line(run)}")
    assert len(run.docs) == len(texts)
    assert not below(run, MINIMA), below(run, MINIMA)
