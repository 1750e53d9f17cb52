"""A plan longer than spaCy's ``max_length`` (1,000,000 characters) is read whole.

The stages need no spaCy Doc, so a long text is processed like a short one; only the displaCy
view (``Extraction.doc``) is refused, with a clear code, never ``[E999] internal error``.
Peak memory on such a text is measured by ``make bench``, not here.
"""

from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.errors import FengongError
from pipeline.io.readers import decode_text
from pipeline.report.evaluate import read_gold
from pipeline.run.document import process

from .conftest import CORPUS, GOLD

PLAN = "2013-quality-action-plan"


@pytest.fixture(scope="module")
def long_plan() -> tuple[str, int]:
    """The 2013 plan's body repeated past a million characters, under its own header."""
    text = (CORPUS / f"{PLAN}.txt").read_text(encoding="utf-8")
    head, body = text[: text.index("一、")], text[text.index("一、") :]
    copies = 1_000_000 // len(body) + 2
    return head + body * copies, copies


def test_a_long_plan_is_read_whole(long_plan: tuple[str, int], resources) -> None:
    text, copies = long_plan
    assert len(text) > 1_000_000
    result = process(decode_text(text, "long"), resources)
    gold_measures, gold_assignments = read_gold(GOLD / PLAN)
    # Every copy of the plan's sections gives the hand-labelled measures and triples again.
    assert len(result.measure_rows) == copies * len(gold_measures)
    a = result.assignments_df
    assert set(zip(a["path"], a["body"], a["role"])) == set(
        zip(gold_assignments["path"], gold_assignments["body"], gold_assignments["role"])
    )
    # Offsets still slice the original text.
    for start, end, raw in zip(a["start"][:50], a["end"][:50], a["raw"][:50]):
        assert text[start:end] == raw


def test_the_doc_of_a_long_plan_is_refused_with_a_code(long_plan: tuple[str, int]) -> None:
    text, _ = long_plan
    x = extract(text)
    assert len(x.measures) > 85
    with pytest.raises(FengongError) as err:
        x.doc  # noqa: B018 - the property is what is tested
    assert err.value.code == "E018" and "max_length" in str(err.value)
