"""Issue 23, item 9: one review row corrects a whole list (``scope`` list).

The plan below, invented for the test and read by hand: the list of 1.1 (牵头单位：教育部；
责任单位：财政部、科技部) covers its four measures 1.1.1–1.1.4, so the machine gives each of
them three rows, 教育部 lead and 财政部, 科技部 participant (责任单位 after a lead: participants),
12 rows; 1.2.5 has a list of its own, 财政部 responsible. The review has 13 rows, in that order.
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.review.agreement import review_agreement
from pipeline.review.corrections import REPORT_COLUMNS, ReviewError, ReviewRow, apply_corrections, read_review
from pipeline.review.sheet import REVIEW_COLUMNS
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS

from .conftest import ROOT

PLAN = ("2021年测试工作方案\n一、加强测试能力\n（一）完善标准体系。\n1.完善测试标准体系。\n2.开展质量提升行动。\n"
        "3.加强宣传引导工作。\n4.做好统计监测。\n（牵头单位：教育部；责任单位：财政部、科技部）\n"
        "（二）强化保障。\n5.加强经费保障。（财政部负责）\n")  # fmt: skip
LIST = ["m0001", "m0002", "m0003", "m0004"]  # the measures the list of 1.1 covers
A = {c: i for i, c in enumerate(ASSIGNMENT_COLUMNS)}


def _fengong(*args: str) -> subprocess.CompletedProcess:
    """The command line of this checkout (``python -m pipeline`` from the repository root)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True)


def _table(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _rows(a: pd.DataFrame, raw: str) -> list[tuple[str, ...]]:
    cols = ["measure_id", "body", "role", "source", "machine_body", "machine_role"]
    return [tuple(r) for r in a.loc[a["raw"] == raw, cols].itertuples(index=False)]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scope")
    plan, out = tmp / "plan.txt", tmp / "out"
    plan.write_text(PLAN, encoding="utf-8")
    for args in (("extract", str(plan), "--out", str(out), "--formats", "csv", "-q"), ("review", str(out))):
        res = _fengong(*args)
        assert res.returncode == 0, res.stderr
    return plan, out


def test_the_plan_reads_as_worked_out(run):
    _, out = run
    sheet = load_workbook(out / "review.xlsx")["review"]
    col = {name: i for i, name in enumerate(REVIEW_COLUMNS)}
    got = [(r[col["path"]], r[col["raw"]], r[col["role"]], r[col["start"]]) for r in sheet.iter_rows(min_row=2, values_only=True)]
    per_measure = [("教育部", "lead", 84), ("财政部", "participant", 93), ("科技部", "participant", 97)]
    assert got == [(f"1.1.{n}", *row) for n in range(1, 5) for row in per_measure] + [("1.2.5", "财政部", "responsible", 121)]


def test_one_row_with_scope_list_corrects_all_four_measures(run, tmp_path):
    plan, out = run
    book = load_workbook(out / "review.xlsx")
    sheet = book["review"]
    # Row 6 is 财政部 of 1.1.2 (the second measure: any row of the list will do).
    for name, value in (("verdict", "wrong role"), ("correct_role", "responsible"), ("scope", "list")):
        sheet.cell(6, REVIEW_COLUMNS.index(name) + 1, value)
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    res = _fengong("extract", str(plan), "--out", str(out), "--formats", "csv", "--corrections", str(filled))
    assert res.returncode == 0, res.stderr
    assert "1 applied, 0 already in the tables, 0 superseded (measure removed), 0 unmatched" in res.stderr
    a = _table(out / "plan" / "assignments.csv")
    assert _rows(a, "财政部") == [*((m, "财政部", "responsible", "correction", "财政部", "participant") for m in LIST),
                                  ("m0005", "财政部", "responsible", "parenthesis", "", "")]  # its own list: untouched
    assert _rows(a, "科技部") == [(m, "科学技术部", "participant", "parenthesis", "", "") for m in LIST]
    assert _rows(a, "教育部") == [(m, "教育部", "lead", "parenthesis", "", "") for m in LIST]
    applied = _table(out / "corrections_applied.csv")
    assert list(applied.columns) == REPORT_COLUMNS
    assert applied[["scope", "status", "detail", "review_row"]].values.tolist() == [
        ["list", "applied", "4 row(s) changed over 4 measures", "6"]]
    # Without --corrections the tables are the machine's again.
    res = _fengong("extract", str(plan), "--out", str(out), "--formats", "csv", "-q")
    assert res.returncode == 0, res.stderr
    assert set(_table(out / "plan" / "assignments.csv")["source"]) == {"parenthesis"}


@pytest.fixture(scope="module")
def machine(run_text):
    res = run_text(PLAN, "plan")
    return res.measure_rows, res.assignment_rows, res.document["sha256"]


def _row(sha: str, n: int, verdict: str, seen: tuple[str, ...], **given: str) -> ReviewRow:
    """A review row of the plan: ``seen`` the machine's (path, text, raw, body, role), ``given``
    what the reviewer wrote (correct_body, correct_role, scope: list unless given)."""
    path, text, raw, body, role = seen
    return ReviewRow(n, verdict, given.get("correct_body", ""), given.get("correct_role", ""), sha, path, text, raw,
                     "plan", body, role, scope=given.get("scope", "list"))  # fmt: skip


def test_wrong_body_and_missing_body_over_the_list_and_a_measure_row_has_the_last_word(machine):
    measures, rows, sha = machine
    review = [
        _row(sha, 2, "wrong body", ("1.1.3", "加强宣传引导工作", "科技部", "科学技术部", "participant"),
             correct_body="工业和信息化部"),
        # a copied row of the list: one more body for each of its measures
        _row(sha, 3, "missing body", ("1.1.1", "完善测试标准体系", "教育部", "教育部", "lead"),
             correct_body="商务部", correct_role="participant"),
        # about 1.1.4 alone, and given before the list's row: still the last word on 1.1.4
        _row(sha, 4, "wrong role", ("1.1.4", "做好统计监测", "财政部", "财政部", "participant"), correct_role="lead",
             scope=""),
        _row(sha, 5, "wrong role", ("1.1.1", "完善测试标准体系", "财政部", "财政部", "participant"),
             correct_role="responsible"),
    ]  # fmt: skip
    m, a, report = apply_corrections(measures, rows, review, sha)
    assert len(m) == 5 and len(a) == 13 + 4
    by_measure = {mid: [(r[A["body"]], r[A["role"]], r[A["source"]]) for r in a if r[A["measure_id"]] == mid]
                  for mid in [*LIST, "m0005"]}  # fmt: skip
    for mid in LIST:
        fin = "lead" if mid == "m0004" else "responsible"
        assert by_measure[mid] == [("教育部", "lead", "parenthesis"), ("财政部", fin, "correction"),
                                   ("工业和信息化部", "participant", "correction"), ("商务部", "participant", "correction")]
    assert by_measure["m0005"] == [("财政部", "responsible", "parenthesis")]
    i = REPORT_COLUMNS.index
    assert [(r[i("review_row")], r[i("status")], r[i("detail")]) for r in report] == [
        (2, "applied", "4 row(s) changed over 4 measures"),  # list-scoped first
        (5, "applied", "4 row(s) changed over 4 measures"),
        (4, "applied", "1 row(s) changed"),  # then the measure's own row
        (3, "applied", "4 row(s) added over 4 measures"),  # missing bodies last
    ]


def test_a_list_row_reaches_the_rest_of_its_list_when_its_own_measure_is_removed(machine):
    measures, rows, sha = machine
    review = [_row(sha, 2, "not a measure", ("1.1.2", "开展质量提升行动", "", "", ""), scope=""),
              _row(sha, 3, "wrong role", ("1.1.2", "开展质量提升行动", "科技部", "科学技术部", "participant"),
                   correct_role="responsible")]  # fmt: skip
    m, a, report = apply_corrections(measures, rows, review, sha)
    assert [r[1] for r in m] == ["m0001", "m0003", "m0004", "m0005"]
    assert [(r[A["measure_id"]], r[A["role"]]) for r in a if r[A["raw"]] == "科技部"] == [
        ("m0001", "responsible"), ("m0003", "responsible"), ("m0004", "responsible")]
    assert report[1][REPORT_COLUMNS.index("detail")] == "3 row(s) changed over 3 measures"
    gone = apply_corrections(measures, rows, [review[1]], "x" * 64)  # another document's sha256: nothing to do
    assert gone[2] == []


def test_scope_is_checked_when_the_review_is_read(run, tmp_path):
    _, out = run
    sha = pd.read_json(out / "plan" / "document.json", typ="series")["sha256"]
    lines = [",".join(REVIEW_COLUMNS)]
    cells = [  # verdict, correct_body, correct_role, scope, … raw (index 8), …
        ("wrong role", "", "lead", "whole", "财政部"),
        ("not a measure", "", "", "list", "财政部"),
        ("wrong role", "", "lead", "list", ""),
        ("wrong role", "", "lead", " List ", "财政部"),  # fine: read as list
        ("wrong role", "", "lead", "measure", "财政部"),  # fine: read as ''
    ]
    for verdict, body, role, scope, raw in cells:
        row = dict.fromkeys(REVIEW_COLUMNS, "")
        row.update(verdict=verdict, correct_body=body, correct_role=role, scope=scope, raw=raw, sha256=sha,
                   path="1.1.1", text_simplified="完善测试标准体系")  # fmt: skip
        lines.append(",".join(row[c] for c in REVIEW_COLUMNS))
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReviewError) as err:
        read_review(bad)
    assert str(err.value).splitlines() == [
        f"{bad}: row 2: scope 'whole' is none of measure, list (empty: measure)",
        f"{bad}: row 3: scope list is for wrong role, wrong body, missing body: not a measure is about one measure",
        f"{bad}: row 4: scope list needs a row of the list (its raw names one of the list's bodies)",
    ]
    good = tmp_path / "good.csv"
    good.write_text("\n".join([lines[0], *lines[4:]]) + "\n", encoding="utf-8")
    assert [r.scope for r in read_review(good)] == ["list", ""]


def test_agreement_counts_a_list_row_for_each_measure_of_its_list():
    sha = "a" * 64

    def row(n: int, verdict: str, seen: tuple[str, str, str, str], **kw: str) -> ReviewRow:
        path, raw, role, start = seen  # the machine's, as the sheet shows them
        text = {"1.1.1": "完善测试标准体系", "1.1.2": "开展质量提升行动", "1.1.3": "加强宣传引导工作",
                "1.1.4": "做好统计监测", "1.2.5": "加强经费保障"}[path]  # fmt: skip
        return ReviewRow(n, verdict, kw.get("correct_body", ""), kw.get("correct_role", ""), sha, path, text, raw,
                         "plan", raw, role, scope=kw.get("scope", ""), start=start, end=str(int(start) + 3))  # fmt: skip

    pieces = [("教育部", "lead", "84"), ("财政部", "participant", "93"), ("科技部", "participant", "97")]
    sheet = [row(2 + 3 * i + j, "", (f"1.1.{i + 1}", *piece)) for i in range(4) for j, piece in enumerate(pieces)]
    sheet.append(row(14, "", ("1.2.5", "财政部", "responsible", "121")))
    sheet[4] = row(6, "wrong role", ("1.1.2", "财政部", "participant", "93"), correct_role="responsible", scope="list")
    sheet[0] = row(2, "ok", ("1.1.1", "教育部", "lead", "84"), scope="list")
    _, total = review_agreement(sheet)
    c = total.counts  # 教育部 ok ×4; 财政部 wrong role ×4; 科技部 ×4 and 1.2.5's 财政部 (its own list) unreviewed
    assert (c.tp, c.fp, c.fn, total.n_unreviewed, total.n_rows, total.n_measures) == (4, 4, 4, 5, 13, 4)
    assert c.f1 == pytest.approx(0.5)
    # pairs: (lead, lead) ×4, (participant, responsible) ×4: p_o 1/2, p_e 4·4/64 = 1/4, kappa (1/2 - 1/4) / (3/4)
    assert total.kappa == pytest.approx(1 / 3)
    copied = row(15, "missing body", ("1.1.1", "科技部", "participant", "97"), correct_body="商务部",
                 correct_role="participant", scope="list")  # fmt: skip
    _, total = review_agreement([*sheet, copied])
    assert (total.counts.tp, total.counts.fp, total.counts.fn) == (4, 4, 8)  # 商务部 missing from 4 measures
    assert total.counts.f1 == pytest.approx(0.4)  # P 1/2, R 1/3
