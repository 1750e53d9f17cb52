"""Issue 15, review round trip: ``fengong review``, ``extract --corrections``, ``score --review``.

The expectations are worked out by hand from the plan below: four measures, 测试总局 (a body the
project's lexicon lacks) and 财政部 responsible for 1.1, 教育部 lead and 科技部 participant for
1.2, no body for 1.3, 统计局 responsible for 1.4.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.io.tables import rows_of_csv
from pipeline.lexicon.model import LEXICON_DIR
from pipeline.review.agreement import cohen_kappa, review_agreement
from pipeline.review.corrections import (
    KEY_COLUMNS,
    ReviewError,
    apply_corrections,
    corrections_by_document,
    read_review,
)
from pipeline.review.sheet import REVIEW_COLUMNS
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS, CORRECTION_COLUMNS

PLAN = ("2020年测试工作方案\n一、加强测试\n1.完善测试标准体系。（测试总局、财政部负责）\n"
        "2.开展质量提升行动。（教育部牵头，科技部参与）\n3.加强宣传引导工作。\n4.做好统计监测。（统计局负责）\n")  # fmt: skip
NEW_BODY = "testbureau,国家测试总局,测试总局,National Testing Administration,bureau,,2015,,,added in a test\n"
# (verdict, correct_body, correct_role) by the review's rows: 1.1 测试总局, 1.1 财政部, 1.2 教育部,
# 1.2 科技部, 1.3 (no body), 1.4 统计局.
VERDICTS = [("wrong role", "", "lead"), ("ok", "", ""), ("ok", "", ""), ("wrong body", "工业和信息化部", ""),
            ("missing body", "发展改革委", "responsible"), ("not a measure", "", "")]  # fmt: skip


def _fengong(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("fengong")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True)


def _table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, Path]:
    """A run on the plan, and its review.xlsx filled in by hand (openpyxl, as a reviewer's Excel)."""
    tmp = tmp_path_factory.mktemp("review")
    plan, out = tmp / "plan.txt", tmp / "out"
    plan.write_text(PLAN, encoding="utf-8")
    res = _fengong("extract", str(plan), "--out", str(out), "--formats", "csv", "-q")
    assert res.returncode == 0, res.stderr
    res = _fengong("review", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == str(out / "review.xlsx")
    return plan, out


def _fill(review: Path, target: Path, extra: list[dict] | None = None) -> None:
    """Fill the review's rows with VERDICTS; CSV targets also get the ``extra`` rows."""
    book = load_workbook(review)
    sheet = book["review"]
    for r, (verdict, body, role) in enumerate(VERDICTS, start=2):
        for c, value in zip(("verdict", "correct_body", "correct_role"), (verdict, body, role), strict=True):
            sheet.cell(r, REVIEW_COLUMNS.index(c) + 1, value or None)
    if target.suffix == ".xlsx":
        book.save(target)
        return
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=len(VERDICTS) + 1)]
    with open(target, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(REVIEW_COLUMNS)
        w.writerows([["" if v is None else v for v in row] for row in rows])
        w.writerows([[e.get(c, "") for c in REVIEW_COLUMNS] for e in extra or []])


def test_review_workbook(run):
    _, out = run
    sheet = load_workbook(out / "review.xlsx")["review"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == REVIEW_COLUMNS and set(KEY_COLUMNS) <= set(REVIEW_COLUMNS)
    col = {name: i for i, name in enumerate(REVIEW_COLUMNS)}
    got = [(r[col["path"]], r[col["raw"]], r[col["role"]], r[col["text_simplified"]]) for r in rows[1:]]
    assert got == [("1.1", "测试总局", "responsible", "完善测试标准体系"), ("1.1", "财政部", "responsible", "完善测试标准体系"),
                   ("1.2", "教育部", "lead", "开展质量提升行动"), ("1.2", "科技部", "participant", "开展质量提升行动"),
                   ("1.3", None, None, "加强宣传引导工作"), ("1.4", "统计局", "responsible", "做好统计监测")]  # fmt: skip
    assert len(rows[1][col["sha256"]]) == 64 and rows[5][col["measure_id"]] == "m0003"
    assert (rows[5][col["start"]], rows[5][col["end"]]) == (70, 78)  # a measure with no body: its offsets
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:S7"  # 19 columns: scope added (issue 23)
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"A2:A507": '"ok,wrong role,wrong body,not a measure,missing body"',
                     "C2:C507": '"lead,participant,responsible"', "D2:D507": '"measure,list"'}  # fmt: skip


def _corrected_run(run, tmp: Path, *args: str) -> tuple[Path, str]:
    """A copy of the run's folder, extracted again with ``args``: the folder and what stderr said."""
    plan, out = run
    copy = tmp / "out"
    shutil.copytree(out, copy)
    res = _fengong("extract", str(plan), "--out", str(copy), "--formats", "csv", *args)
    assert res.returncode == 0, res.stderr
    return copy, res.stderr


@pytest.fixture(scope="module")
def applied(run, tmp_path_factory) -> tuple[Path, str, Path]:
    """The plan extracted again with the review filled in by hand (VERDICTS), as an xlsx."""
    tmp = tmp_path_factory.mktemp("applied")
    filled = tmp / "filled.xlsx"
    _fill(run[1] / "review.xlsx", filled)
    out, stderr = _corrected_run(run, tmp, "--corrections", str(filled))
    return out, stderr, filled


def test_corrections_from_xlsx_are_counted_in_one_line(applied):
    _, stderr, filled = applied
    assert f"corrections from {filled}: 4 applied, 0 already in the tables, 0 superseded (measure removed), 0 unmatched" in stderr


def test_a_not_a_measure_verdict_removes_the_measure(applied):
    out, _, _ = applied
    assert list(_table(out / "plan" / "measures.csv")["measure_id"]) == ["m0001", "m0002", "m0003"]  # 1.4 goes
    removed = _table(out / "corrections_applied.csv").query("verdict == 'not a measure'")
    assert list(removed["detail"]) == ["removed m0004 and 1 assignment row(s)"]


def test_corrected_rows_say_the_machines_body_and_role(applied):
    out, _, _ = applied
    a = _table(out / "plan" / "assignments.csv")
    assert list(a.columns) == ASSIGNMENT_COLUMNS and ASSIGNMENT_COLUMNS[-4:] == [*CORRECTION_COLUMNS, "start", "end"]
    got = [tuple(r) for r in a[["measure_id", "body", "body_id", "role", "raw", "source", "machine_body",
                                 "machine_role"]].itertuples(index=False)]  # fmt: skip
    assert got == [
        ("m0001", "测试总局", "", "lead", "测试总局", "correction", "测试总局", "responsible"),
        ("m0001", "财政部", "mof", "responsible", "财政部", "parenthesis", "", ""),
        ("m0002", "教育部", "moe", "lead", "教育部", "parenthesis", "", ""),
        ("m0002", "工业和信息化部", "miit", "participant", "科技部", "correction", "科学技术部", "participant"),
        ("m0003", "国家发展和改革委员会", "ndrc", "responsible", "", "correction", "", ""),
    ]


def test_a_missing_body_takes_its_measures_offsets_and_the_bodys_level(applied):
    out, _, _ = applied
    a = _table(out / "plan" / "assignments.csv")
    assert list(a["start"])[-1] == "70" and list(a["level"])[-1] == "national"


def test_the_combined_table_is_corrected_too(applied):
    out, _, _ = applied
    assert _table(out / "assignments.csv").equals(_table(out / "plan" / "assignments.csv"))


def test_the_document_counts_the_corrected_tables(applied):
    out, _, _ = applied
    doc = pd.read_json(out / "plan" / "document.json", typ="series")
    assert (doc["n_measures"], doc["n_assignments"], doc["n_unassigned"], doc["n_corrections"]) == (3, 5, 0, 4)
    assert _table(out / "corrections_unmatched.csv").empty


@pytest.fixture(scope="module")
def relexed(run, tmp_path_factory) -> tuple[Path, str]:
    """The plan extracted again after 测试总局 joined a copy of the lexicons, with the filled review
    and two rows more that match nothing: 商务部 (not written in 1.1) and a document now gone."""
    plan, out = run
    tmp = tmp_path_factory.mktemp("relexed")
    lexicons = tmp / "lexicons"
    shutil.copytree(LEXICON_DIR, lexicons)
    with open(lexicons / "agencies.csv", "a", encoding="utf-8") as fh:
        fh.write(NEW_BODY)
    sha = pd.read_json(out / "plan" / "document.json", typ="series")["sha256"]
    extra = [{"verdict": "wrong role", "correct_role": "lead", "doc_id": "plan", "path": "1.1", "raw": "商务部",
              "text_simplified": "完善测试标准体系", "sha256": sha},
             {"verdict": "not a measure", "doc_id": "gone", "path": "2", "text_simplified": "别的文件", "sha256": "0" * 64}]  # fmt: skip
    filled = tmp / "filled.csv"
    _fill(out / "review.xlsx", filled, extra)
    return _corrected_run(run, tmp, "--lexicons", str(lexicons), "--corrections", str(filled))


def test_a_correction_keyed_by_the_written_name_holds_after_a_lexicon_change(relexed):
    out, _ = relexed
    first = _table(out / "plan" / "assignments.csv").iloc[0]  # 测试总局 is now a lexicon body
    assert (first["body"], first["body_id"], first["role"], first["source"]) == ("国家测试总局", "testbureau", "lead",
                                                                                  "correction")  # fmt: skip
    assert (first["machine_body"], first["machine_role"]) == ("国家测试总局", "responsible")


def test_the_other_corrections_hold_after_a_lexicon_change(relexed):
    out, _ = relexed
    assert len(_table(out / "plan" / "assignments.csv")) == 5
    assert "m0004" not in set(_table(out / "plan" / "measures.csv")["measure_id"])


def test_unmatched_corrections_are_written_with_their_review_rows(relexed):
    out, _ = relexed
    unmatched = _table(out / "corrections_unmatched.csv")
    assert list(unmatched["raw"]) == ["商务部", ""] and list(unmatched["review_row"]) == ["8", "9"]
    assert "no input of this run has this sha256" in unmatched["detail"].iloc[1]


def test_unmatched_corrections_are_said_on_stderr(relexed):
    _, stderr = relexed
    assert "row 8: correction unmatched: plan path 1.1 '商务部' (wrong role)" in stderr
    assert "row 9: correction unmatched" in stderr and "2 unmatched" in stderr
    assert "1 unmatched correction" in stderr  # the document's warning, in the to check: line


def test_an_unmatched_correction_is_a_warning_of_its_document(relexed):
    out, _ = relexed
    warnings = pd.read_json(out / "plan" / "document.json", typ="series")["warnings"]
    assert any(w.startswith("correction unmatched: review row 8, path 1.1, '商务部'") for w in warnings)


def test_without_corrections_the_tables_are_the_machines_again(run, relexed, tmp_path):
    plan, _ = run
    again = tmp_path / "again"
    shutil.copytree(relexed[0], again)
    res = _fengong("extract", str(plan), "--out", str(again), "--formats", "csv", "-q")
    assert res.returncode == 0, res.stderr
    a = _table(again / "plan" / "assignments.csv")
    assert set(a["source"]) == {"parenthesis"} and set(a["machine_body"]) == {""} and len(a) == 5
    assert not (again / "corrections_unmatched.csv").exists()  # and the reports go


def test_invalid_review_rows_are_refused(run, tmp_path):
    plan, out = run
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(REVIEW_COLUMNS) + "\nwrong role,,,,plan,1.1\nmaybe,,,,plan,1.2\n", encoding="utf-8")
    res = _fengong("extract", str(plan), "--out", str(out), "--corrections", str(bad))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "row 2: wrong role needs a correct_role" in res.stderr and "row 3: verdict 'maybe'" in res.stderr
    with pytest.raises(ReviewError, match="not a review"):
        (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        read_review(tmp_path / "x.csv")


def test_apply_corrections_is_pure_and_idempotent(run_text):
    res = run_text(PLAN, "plan")
    sha = res.document["sha256"]
    measures, rows = res.measure_rows, res.assignment_rows
    review = tmp_review(sha)
    m, a, report = apply_corrections(measures, rows, corrections_by_document(review)[sha], sha)
    assert (len(m), len(a)) == (3, 5) and rows == res.assignment_rows  # the inputs are left alone
    assert [r[8] for r in report] == ["applied"] * 4
    flags = ASSIGNMENT_COLUMNS.index("flags")
    before = next(r for r in rows if r[4] == "测试总局")
    after = next(r for r in a if r[4] == "测试总局")  # its role corrected: the reader's doubt is settled
    assert "unknown_body" in before[flags] and "unknown_body" not in after[flags]
    again = apply_corrections(m, a, corrections_by_document(review)[sha], sha)  # on corrected rows
    assert again[1] == a and [r[8] for r in again[2]] == ["unmatched", "already", "already", "already"]
    assert rows_of_csv("plan,m1,plan:m1,1,x,,,unknown,unknown,,,lead,x,,correction,,,y,participant,3,5\n")[0][-4:] == (
        "y", "participant", 3, 5)  # fmt: skip


def tmp_review(sha: str) -> list:
    """The filled review of the plan, as read_review gives it (no resolver: names kept as written)."""
    from pipeline.review.corrections import ReviewRow

    keys = [("1.1", "完善测试标准体系", "测试总局", "测试总局", "responsible"),
            ("1.1", "完善测试标准体系", "财政部", "财政部", "responsible"),
            ("1.2", "开展质量提升行动", "教育部", "教育部", "lead"),
            ("1.2", "开展质量提升行动", "科技部", "科学技术部", "participant"),
            ("1.3", "加强宣传引导工作", "", "", ""), ("1.4", "做好统计监测", "统计局", "国家统计局", "responsible")]  # fmt: skip
    return [ReviewRow(n, v, cb, cr, sha, path, text, raw, "plan", body, role)
            for n, ((v, cb, cr), (path, text, raw, body, role)) in enumerate(zip(VERDICTS, keys, strict=True), 2)]


def test_cohen_kappa_by_hand():
    # 50 items: both yes 20, yes/no 5, no/yes 10, both no 15: p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    # Three roles, ten rows: p_o = 0.8; marginals L 4/3, P 3/5, R 3/2: p_e = 33/100; (0.8 - 0.33) / 0.67.
    roles = [("L", "L")] * 3 + [("P", "P")] * 3 + [("R", "R")] * 2 + [("L", "P"), ("R", "P")]
    assert cohen_kappa(roles) == pytest.approx(47 / 67)
    assert cohen_kappa([]) is None and cohen_kappa([("L", "L")] * 4) is None
    assert cohen_kappa([("L", "P"), ("P", "L")]) == pytest.approx(-1.0)


def test_agreement_by_hand():
    plan = tmp_review("a" * 64)
    other = [("ok", "", "", "1", "加强监管", "商务部", "lead"), ("ok", "", "", "1", "加强监管", "财政部", "participant"),
             ("", "", "", "2", "完善制度", "教育部", "lead"), ("not a measure", "", "", "3", "总体目标", "民政部", "lead"),
             ("", "", "", "3", "总体目标", "科技部", "participant")]  # fmt: skip
    from pipeline.review.corrections import ReviewRow

    rows = plan + [ReviewRow(n, v, cb, cr, "b" * 64, p, t, raw, "other", raw, role)
                   for n, (v, cb, cr, p, t, raw, role) in enumerate(other, 2)]  # fmt: skip
    docs, total = review_agreement(rows)
    other_doc, plan_doc = docs
    c = plan_doc.counts  # tp: 财政部, 教育部; fp+fn: 测试总局 (role), 科技部 (body); fn: 1.3; fp: 统计局
    assert (c.tp, c.fp, c.fn) == (2, 3, 3) and c.f1 == pytest.approx(0.4)
    assert plan_doc.kappa == pytest.approx(0.4)  # (resp, lead), (resp, resp), (lead, lead): (2/3 - 4/9) / (5/9)
    assert (plan_doc.n_measures, plan_doc.n_not_measures, plan_doc.measure_p) == (4, 1, 0.75)
    c = other_doc.counts  # both rows of 总体目标 are false positives, the unmarked one too
    assert (c.tp, c.fp, c.fn, other_doc.n_unreviewed, other_doc.kappa) == (2, 2, 0, 1, 1.0)
    assert (total.counts.tp, total.counts.fp, total.counts.fn) == (4, 5, 3) and total.counts.f1 == pytest.approx(0.5)
    assert total.kappa == pytest.approx((0.8 - 9 / 25) / (1 - 9 / 25))


def test_score_review_command(run, tmp_path):
    _, out = run
    filled = tmp_path / "filled.xlsx"
    _fill(out / "review.xlsx", filled)
    res = _fengong("score", str(out), "--review", str(filled))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("plan") and lines[-1].startswith("TOTAL")
    assert lines[-1] == "TOTAL assign_f1=0.4 assign_p=0.4 assign_r=0.4 kappa=0.4 measure_p=0.75 unreviewed=0 rows=6"
    assert "assign F1 0.400 (tp/fp/fn (2, 3, 3)) P 0.400 R 0.400 | kappa 0.400 (n 3) | measures 3/4" in lines[0]
    res = _fengong("score", str(out), "--review", str(filled), "--json", "--min-assign", "0.5")
    summary = json.loads(res.stdout)["summary"]
    assert res.returncode == 1 and summary["kappa"] == pytest.approx(0.4) and summary["measure_p"] == 0.75
    assert _fengong("score", str(out)).returncode == 2


def test_a_document_nobody_reviewed_scores_na():
    from pipeline.review.agreement import agreement_line
    from pipeline.review.corrections import ReviewRow

    rows = [ReviewRow(2, "", "", "", "c" * 64, "1", "加强监管", "商务部", "unread", "商务部", "lead")]
    docs, total = review_agreement(rows)
    assert not total.reviewed and total.record()["f1"] is None
    assert "assign F1 n/a" in agreement_line(docs[0]) and "assign_f1=n/a" in agreement_line(total)
