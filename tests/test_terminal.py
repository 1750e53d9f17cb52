"""What reaches the terminal (warnings by kind, --verbose, plurals, --version, stage on a
folder) and the small things of issue 16 (lexicon_gaps counts mentions, the summary's roles)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from pipeline.io.corpus_tables import lexicon_gaps
from pipeline.report.terminal import plural, summary_lines, warning_kind

from .conftest import CORPUS, ROOT

UNKNOWN = "国家测试协调委员会"  # a name no lexicon holds
PLAN_WITH_GAP = (f"2015年测试计划\n一、开展专项整治。（质检总局、{UNKNOWN}负责）\n"
                 f"二、加强监管。（{UNKNOWN}牵头，商务部参加）\n")  # fmt: skip


def _fengong(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=240)  # fmt: skip


# the kinds of warnings, from the wording of the stages ---------------------------------


@pytest.mark.parametrize(("warning", "kind"), [
    ("unknown body '商务厅' (not in the lexicon)", "unknown body"),
    ("质检总局 (国家质量监督检验检疫总局) existed 2001–2018, not in 2020; its successor: 国家市场监督管理总局",
     "name outside its years"),
    ("no responsibility lists found", "document with no lists"),
    ("1.2: list '发展改革委、财政部等' read in part; not read: 等", "list read in part"),
    ("3: unknown role verb '统筹' in list '教育部统筹', read as responsible", "unknown role verb"),
    ("undated: names resolved without a year, each to its latest body (give --year YYYY)", "undated document"),
    ("something new", "other warning"),
])  # fmt: skip
def test_warning_kinds(warning: str, kind: str) -> None:
    assert warning_kind(warning)[0] == kind


def test_plural_forms() -> None:
    assert plural(1, "input") == "1 input" and plural(2, "input") == "2 inputs" and plural(0, "input") == "0 inputs"
    assert plural(1, "unknown body", "unknown bodies") == "1 unknown body"
    assert plural(3, "unknown body", "unknown bodies") == "3 unknown bodies"


def _folder_with_warnings(out: Path) -> pd.DataFrame:
    warnings = {"a": ["unknown body 'X局' (not in the lexicon)", "unknown body 'Y局' (not in the lexicon)",
                      "no responsibility lists found"],
                "b": ["质检总局 existed 2001–2018, not in 2020"]}  # fmt: skip
    rows = []
    for doc_id, ws in warnings.items():
        (out / doc_id).mkdir(parents=True)
        (out / doc_id / "document.json").write_text(json.dumps({"warnings": ws}), encoding="utf-8")
        rows.append({"source": f"{doc_id}.txt", "doc_id": doc_id, "status": "ok", "n_measures": "2",
                     "n_assignments": "1", "n_flagged": "1", "n_flagged_lists": "0", "n_unassigned": "0",
                     "n_warnings": str(len(ws))})  # fmt: skip
    return pd.DataFrame(rows)


def test_the_summary_counts_warnings_by_kind(tmp_path: Path) -> None:
    lines = summary_lines(_folder_with_warnings(tmp_path), tmp_path)
    assert lines[0].startswith("2 inputs (2 ok): 4 measures, 2 assignments")
    (check,) = [ln for ln in lines if ln.startswith("to check:")]
    assert "2 flagged rows" in check and "4 warnings" in check
    assert "2 unknown bodies" in check and "1 document with no lists" in check
    assert "1 name outside its years" in check and "--verbose" in check
    verbose = summary_lines(_folder_with_warnings(tmp_path / "v"), tmp_path / "v", verbose=True)
    assert "a: unknown body 'X局' (not in the lexicon)" in verbose
    assert "b: 质检总局 existed 2001–2018, not in 2020" in verbose


def test_a_clean_run_says_nothing_to_check(tmp_path: Path) -> None:
    manifest = _folder_with_warnings(tmp_path)
    manifest[["n_flagged", "n_warnings"]] = "0"
    for doc_id in ("a", "b"):
        (tmp_path / doc_id / "document.json").write_text('{"warnings": []}', encoding="utf-8")
    lines = summary_lines(manifest.iloc[:1], tmp_path)
    assert lines == [f"1 input (1 ok): 2 measures, 1 assignment → {tmp_path}/"]


def test_extract_names_the_warnings_and_verbose_lists_them(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN_WITH_GAP, encoding="utf-8")
    res = _fengong("extract", str(tmp_path / "plan.txt"), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert "1 input (1 ok)" in res.stderr
    (check,) = [ln for ln in res.stderr.splitlines() if ln.startswith("to check:")]
    assert "1 unknown body" in check
    res = _fengong("extract", str(tmp_path / "plan.txt"), "--out", str(tmp_path / "out"), "--jobs", "1", "--verbose")
    assert f"plan: unknown body '{UNKNOWN}' (not in the lexicon)" in res.stderr.splitlines()


def test_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    res = _fengong("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"fengong {version}"


def test_stage_on_a_folder_runs_each_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (CORPUS / "dev").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    res = _fengong("stage", "structure", str(folder), "--out", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    for path in (CORPUS / "dev").glob("*.txt"):
        assert (tmp_path / "out" / path.stem / "stages" / "structure.json").is_file()
    (tmp_path / "empty").mkdir()
    res = _fengong("stage", "structure", str(tmp_path / "empty"))
    assert res.returncode != 0 and "[E002]" in res.stderr and "Traceback" not in res.stderr


# lexicon_gaps.count: mentions, not rows -------------------------------------------------


def test_gaps_count_mentions_not_rows() -> None:
    rows = [("d", f"m{i}", UNKNOWN, "unknown", 40, 49) for i in range(8)]  # one mention, 8 measures
    rows += [("d", "m9", UNKNOWN, "unknown", 90, 99), ("e", "m1", UNKNOWN, "unknown", 40, 49)]
    assignments = pd.DataFrame(rows, columns=["doc_id", "measure_id", "body", "body_kind", "start", "end"])
    measures = pd.DataFrame({"doc_id": ["d"], "measure_id": ["m0"], "text_simplified": ["开展整治"]})
    (row,) = lexicon_gaps(assignments, measures).to_dict(orient="records")
    assert row["count"] == 3 and row["documents"] == "d|e"


def test_gaps_count_in_a_run(tmp_path: Path) -> None:
    from pipeline.run.batch import RunOptions, run_batch

    # one mention before a list of three measures
    (tmp_path / "plan.txt").write_text(f"2015年测试计划\n一、开展专项整治，加强质量监管，推进标准建设。（{UNKNOWN}负责）\n",
                                       encoding="utf-8")  # fmt: skip
    run_batch([str(tmp_path / "plan.txt")], RunOptions(out=tmp_path / "out", quiet=True))
    read = {"dtype": str, "keep_default_na": False, "encoding": "utf-8-sig"}
    a = pd.read_csv(tmp_path / "out" / "assignments.csv", **read)
    assert (a["body"] == UNKNOWN).sum() >= 2  # the premise: several rows
    gaps = pd.read_csv(tmp_path / "out" / "lexicon_gaps.csv", **read).set_index("name")
    assert gaps.loc[UNKNOWN, "count"] == "1"


def test_the_summary_says_what_its_roles_count(tmp_path: Path) -> None:
    from pipeline.report.summary import summarize
    from pipeline.run.batch import RunOptions, run_batch

    run_batch([str(CORPUS / "dev" / "2016-ipr-enforcement-points.txt")], RunOptions(out=tmp_path, quiet=True))
    text = summarize(tmp_path)
    (note,) = [ln for ln in text.splitlines() if ln.startswith("roles:")]
    assert "(path, body)" in note and "once" in note
