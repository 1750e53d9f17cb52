"""``pipeline.report.score`` and ``fengong score``: hand-worked numbers, the reference scorer's, the CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.report.gold import GoldError
from pipeline.report.score import SCORE_COLUMNS, Counts, norm_body, score_frame, score_run
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "tools" / "score.py"
REAL = SHARED / "corpus" / "real"
NDRC, TAX, TAX_CITY = "国家发展和改革委员会", "国家税务总局安徽省税务局", "省税务局"

GOLD_T1 = {
    "doc": "t1",
    "metadata": {"title": "测试方案", "issuer": "国务院办公厅", "date": "2020-01-01", "doc_number": ""},
    "measures_scored": True,
    "scopes": [
        {"path": "1", "bodies": [[NDRC, "lead"], [[TAX_CITY, TAX], "participant"]],
         "measures": [[["完善"], "完善标准体系"], [["加强"], "加强市场监管"]],
         "optional_measures": ["做好宣传工作"]},
        {"path": "2", "bodies": [["中华人民共和国商务部", "responsible"]],
         "measures": [[["推进"], "推进 电子商务发展"]]},
    ],
}  # fmt: skip
GOLD_T2 = {"doc": "t2", "measures_scored": False,
           "scopes": [{"path": "1", "bodies": [["财政部", "responsible"]], "measures": []}]}  # fmt: skip
GOLD_T3 = {"doc": "t3", "scopes": [{"path": "1", "bodies": [["财政部", "lead"], ["商务部", "participant"]],
                                    "measures": [[["开展"], "开展检查"]]}]}  # fmt: skip

# t1's output: the tax bureau found by its raw name only (traditional script), 商务部 written with
# spaces against the gold's 中华人民共和国商务部, one extra body, one optional and one extra measure.
MEASURES_T1 = [  # measure_id, path, text, verb
    ("m0001", "1", "完善標準體系", "完善"),
    ("m0002", "1", "加强市场监管工作", "强化"),
    ("m0003", "1", "做好宣传工作", "做好"),
    ("m0004", "1", "开展培训", "开展"),
    ("m0005", "2", "推进电子商务发展", "推进"),
]
ASSIGNS_T1 = [  # measure_id, path, body, raw, role
    ("m0001", "1", NDRC, "发展改革委", "lead"),
    ("m0001", "1", "安徽省税务局", "國家稅務總局安徽省稅務局", "participant"),
    ("m0002", "1", NDRC, "发展改革委", "lead"),
    ("m0002", "1", "安徽省税务局", "國家稅務總局安徽省稅務局", "participant"),
    ("m0005", "2", "商务部", "商 务 部", "responsible"),
    ("m0005", "2", "财政部", "财政部", "responsible"),
]
ASSIGNS_T2 = [("m0001", "1", "财政部", "财政部", "lead")]


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, restval="")
        w.writeheader()
        w.writerows(rows)


def _write_doc(out: Path, doc: str, measures: list[tuple], assigns: list[tuple], meta: dict) -> None:
    m = [dict(zip(["measure_id", "path", "text", "verb"], r), doc_id=doc) for r in measures]
    a = [dict(zip(["measure_id", "path", "body", "raw", "role"], r), doc_id=doc) for r in assigns]
    _write_csv(out / doc / "measures.csv", MEASURE_COLUMNS, m)
    _write_csv(out / doc / "assignments.csv", ASSIGNMENT_COLUMNS, a)
    (out / doc / "document.json").write_text(json.dumps({"doc_id": doc, **meta}, ensure_ascii=False), "utf-8")


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    """A run folder (t1, t2; t3 missing) and a gold folder (t1, t2, t3)."""
    out, gold = tmp_path / "out", tmp_path / "gold"
    gold.mkdir()
    for g in (GOLD_T1, GOLD_T2, GOLD_T3):
        (gold / f"{g['doc']}.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    meta = {"title": "关于印发测试方案的通知", "issuer": "国务院办公厅", "date": "2020-01-02"}
    _write_doc(out, "t1", MEASURES_T1, ASSIGNS_T1, meta)
    _write_doc(out, "t2", [("m0001", "1", "落实资金", "落实")], ASSIGNS_T2, {})
    return out, gold


def test_normalization_of_body_names():
    assert norm_body("中华人民共和国 商務部") == "商务部"
    assert norm_body(" 國家稅務總局\u3000安徽省稅務局\n") == TAX
    assert norm_body(None) == "" and norm_body("中国人民银行") == "中国人民银行"


def test_counts_conventions():
    assert (Counts(0, 0, 0).precision, Counts(0, 0, 0).f1) == (1.0, 1.0)  # nothing to find, nothing found
    assert (Counts(0, 0, 2).precision, Counts(0, 0, 2).recall, Counts(0, 0, 2).f1) == (0.0, 0.0, 0.0)
    assert Counts(1, 2, 3) + Counts(1, 1, 1) == Counts(2, 3, 4)


def test_hand_worked_document(tiny):
    out, gold = tiny
    t1 = score_run(out, [gold / "t1.json"]).docs[0]
    # Assignments, distinct triples predicted: (1, NDRC, lead), (1, tax, participant) — matched
    # through raw after t2s, its body 安徽省税务局 not a gold name —, (2, 商务部, responsible) —
    # gold prefix 中华人民共和国 dropped, raw's spaces removed —, (2, 财政部, responsible) extra.
    # tp 3, fp 1, fn 0: P = 3/4, R = 1, F1 = 2·0.75/1.75 = 6/7; canonical 2 of 3 hits.
    assert t1.assign == Counts(3, 1, 0) and t1.assign.f1 == pytest.approx(6 / 7)
    assert t1.canonical_acc == pytest.approx(2 / 3) and t1.body_recall == 1.0
    # Measures: m0003 is the optional clause (not counted); m0001 matches after t2s (1.0), m0002
    # holds the gold text (6/8 ≥ 0.5: 0.975), m0005 after whitespace removal; m0004 is extra.
    # tp 3, fp 1, fn 0: F1 = 6/7; verbs right: m0001 完善, m0005 推进 (m0002 强化 ≠ 加强) = 2/3.
    assert t1.measures == Counts(3, 1, 0) and t1.verb_acc == pytest.approx(2 / 3)
    # Measure-level: gold m1 and m2 (2 bodies each) hit 2 + 2; gold m3 (商务部) hits 1 of m0005's
    # two rows, 财政部 a false positive. tp 5, fp 1, fn 0: F1 = 2·5/(2·5+1) = 10/11.
    assert t1.measure_assign == Counts(5, 1, 0) and t1.measure_assign.f1 == pytest.approx(10 / 11)
    # Metadata: the title holds 测试方案, the issuer is right, the date is not; doc_number "" unscored.
    assert (t1.meta_ok, t1.meta_n) == (2, 3) and not t1.missing_outputs


def test_measures_not_scored_and_missing_outputs(tiny):
    out, gold = tiny
    run = score_run(out, [gold])
    t2, t3 = run.docs[1], run.docs[2]
    # t2: 财政部 found at its path but as lead, not responsible: tp 0, fp 1, fn 1; body recall 1.
    assert t2.assign == Counts(0, 1, 1) and t2.body_recall == 1.0
    assert t2.measures is None and t2.measure_assign is None and t2.verb_acc is None and t2.meta_acc is None
    # t3: no output folder: everything missed (P 0 since fn > 0), its two bodies missed per measure.
    assert t3.missing_outputs and t3.assign == Counts(0, 0, 2) and t3.assign.f1 == 0.0
    assert t3.measures == Counts(0, 0, 1) and t3.measure_assign == Counts(0, 0, 2)


def test_micro_averaged_totals(tiny):
    out, gold = tiny
    run = score_run(out, [gold])
    # assign (3,1,0)+(0,1,1)+(0,0,2) = (3,2,3): P 3/5, R 3/6, F1 = 2·3/(2·3+2+3) = 6/11 = 0.5455
    # measures (3,1,0)+(0,0,1) = (3,1,1): F1 = 6/8 = 0.75 (t2 not scored)
    # measure_assign (5,1,0)+(0,0,2) = (5,1,2): F1 = 10/13 = 0.7692
    # canonical 2 hits right of 3; metadata 2 fields right of 3 (t2, t3 label none)
    assert run.summary() == {"assign_f1": 0.5455, "measure_f1": 0.75, "measure_assign_f1": 0.7692,
                             "docs": 3, "canonical_acc": 0.6667, "meta_acc": 0.6667}  # fmt: skip
    frame = score_frame(run)
    assert list(frame.columns) == SCORE_COLUMNS and list(frame["doc"]) == ["t1", "t2", "t3"]
    assert frame["measure_f1"].isna().tolist() == [False, True, False]
    assert frame.loc[2, "missing_outputs"] and frame.loc[0, "assign_f1"] == pytest.approx(6 / 7)


def test_bad_gold_files(tmp_path):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"title": "x"}', encoding="utf-8")
    (tmp_path / "scope.json").write_text('{"doc": "x", "scopes": [{"path": "1"}]}', encoding="utf-8")
    cases = (("nope.json", "no such"), ("broken.json", "unreadable"), ("other.json", "not a gold"),
             ("scope.json", "scope 1 .1.: .bodies. and .measures. must be lists of pairs"))  # fmt: skip
    for name, words in cases:
        with pytest.raises(GoldError, match=words) as err:
            score_run(tmp_path, [tmp_path / name])
        assert str(err.value).startswith(str(tmp_path / name)) and "\n" not in str(err.value)


# --- against the reference scorer ------------------------------------------------------------

needs_reference = pytest.mark.skipif(
    not REFERENCE.exists() or not (REAL / "gold").is_dir(),
    reason=f"the reference scorer (tools/score.py) or corpus/real/gold not found under {SHARED}",
)


def _reference(out: Path, golds: list[Path]) -> dict:
    res = subprocess.run([sys.executable, str(REFERENCE), str(out), *map(str, golds), "--json"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(res.stdout.strip().splitlines()[-1])


def _assert_same(ours, ref: dict) -> None:
    summary = ours.summary()
    assert {k: summary[k] for k in ref["summary"]} == ref["summary"]
    for d, r in zip(ours.docs, ref["docs"], strict=True):
        assert d.doc == r["doc"] and d.missing_outputs == r["missing_outputs"]
        assert [d.assign.tp, d.assign.fp, d.assign.fn] == list(r["assign_counts"])
        assert d.canonical_acc == pytest.approx(r["canonical_acc"])
        assert d.body_recall == pytest.approx(r["body_recall"])
        if "measure_counts" in r:
            assert [d.measures.tp, d.measures.fp, d.measures.fn] == list(r["measure_counts"])
            ma = d.measure_assign
            assert [ma.tp, ma.fp, ma.fn] == list(r["measure_assign_counts"])
            assert d.verb_acc == pytest.approx(r["verb_acc"])
        else:
            assert d.measures is None
        assert d.meta_acc == pytest.approx(r.get("meta_acc"))


@needs_reference
def test_tiny_run_as_the_reference_scores_it(tiny):
    out, gold = tiny
    golds = sorted(gold.glob("*.json"))
    _assert_same(score_run(out, golds), _reference(out, golds))


@needs_reference
def test_real_plans_as_the_reference_scores_them(tmp_path):
    out = tmp_path / "real"
    res = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(REAL), "--out", str(out),
                          "--no-excel", "--quiet"], capture_output=True, text=True)  # fmt: skip
    assert res.returncode in (0, 1), res.stderr  # 1: an input failed; it still scores (as zero)
    golds = sorted((REAL / "gold").glob("*.json"))
    _assert_same(score_run(out, [REAL / "gold"]), _reference(out, golds))


# --- the command line ------------------------------------------------------------------------


def _score_cli(*args: str | Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pipeline", "score", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_cli_table_json_and_thresholds(tiny):
    out, gold = tiny
    res = _score_cli(out, gold)
    lines = res.stdout.splitlines()
    assert res.returncode == 0 and len(lines) == 4 and lines[2].endswith("OUTPUTS MISSING")
    assert lines[-1].startswith("TOTAL assign_f1=0.5455 measure_f1=0.75 measure_assign_f1=0.7692 docs=3")
    res = _score_cli(out, gold / "t1.json", gold / "t2.json", "--json")
    assert res.returncode == 0 and json.loads(res.stdout)["summary"]["docs"] == 2
    res = _score_cli(out, gold, "--min-assign", "0.5", "--min-measure", "0.75", "--min-measure-assign", "0.7")
    assert res.returncode == 0 and res.stderr == ""
    res = _score_cli(out, gold, "--min-assign", "0.6", "--min-measure", "0.7", "--json")
    assert res.returncode == 1 and res.stderr == "score below threshold: assign_f1=0.5455 < 0.6\n"
    assert json.loads(res.stdout)["summary"]["assign_f1"] == 0.5455


def test_cli_missing_gold_file_is_one_line(tiny):
    out, gold = tiny
    res = _score_cli(out, gold / "t1.json", gold / "absent.json")
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.strip() == f"{gold / 'absent.json'}: no such gold file or folder"
    res = _score_cli(out.parent / "no-run", gold)
    assert res.returncode == 2 and "Traceback" not in res.stderr and len(res.stderr.splitlines()) == 1


def test_gold_with_measures_not_scored_needs_no_measures(tmp_path):
    from pipeline.report.gold import load_gold

    path = tmp_path / "lists.json"
    path.write_text('{"doc": "x", "measures_scored": false, "scopes": [{"path": "1", "bodies": [["商务部", "lead"]]}]}',
                    encoding="utf-8")  # fmt: skip
    assert load_gold(path)["scopes"][0]["bodies"] == [["商务部", "lead"]]
    bad = tmp_path / "bad.json"
    bad.write_text('{"doc": "x", "measures_scored": false, "scopes": [{"path": "1"}]}', encoding="utf-8")
    with pytest.raises(GoldError, match='"bodies" must be lists of pairs'):
        load_gold(bad)
