"""Batch runs through the command line: bad inputs, determinism, reruns, doc_ids, executors.

The ``fengong extract`` runs happen once per module (they take a few seconds each) and the
tests read their output folders. Every run is a subprocess of this interpreter running
``python -m pipeline`` in the repository, so the code under test is this checkout's.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import FengongError
from pipeline.report.evaluate import gold_measure_assignments, read_gold
from pipeline.run.batch import RunOptions, collect, run_batch

from .conftest import CORPUS, GOLD, ROOT

PLAN_2013 = "2013-quality-action-plan"
GOOD = sorted(CORPUS.rglob("*.txt"))
CSV_READ = {"dtype": str, "keep_default_na": False, "encoding": "utf-8-sig"}


@dataclass
class Run:
    """One ``fengong extract`` run: its output folder and what it said."""

    out: Path
    code: int
    stdout: str
    stderr: str

    def csv(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.out / name, **CSV_READ)


def extract(out: Path, *args: str) -> Run:
    """Run ``fengong extract ARGS --out OUT --quiet`` as a subprocess."""
    cmd = [sys.executable, "-m", "pipeline", "extract", *args, "--out", str(out), "--quiet"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=240)
    return Run(out, proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Copies of the corpus in ``good/`` and one of each kind of bad input beside it."""
    root = tmp_path_factory.mktemp("inputs")
    good = root / "good"
    for src in GOOD:
        (good / src.relative_to(CORPUS)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, good / src.relative_to(CORPUS))
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (bad / "huge.txt").write_text("一、加强质量监管。（质检总局负责）\n" * 40_000, encoding="utf-8")
    nothing = bad / "nothing_readable"
    nothing.mkdir()
    (nothing / "picture.png").write_bytes(b"\x89PNG\r\n")
    return {
        "good": good,
        "missing": bad / "missing.txt",
        "empty": bad / "empty.txt",
        "binary": bad / "binary.txt",
        "huge": bad / "huge.txt",
        "nothing": nothing,
    }


def _args(inputs: dict[str, Path]) -> list[str]:
    return [str(p) for p in inputs.values()] + ["--max-size", "0.5"]


@pytest.fixture(scope="module")
def run1(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Good and bad inputs, one worker."""
    return extract(tmp_path_factory.mktemp("jobs1"), *_args(inputs), "--jobs", "1")


@pytest.fixture(scope="module")
def run2(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The same inputs, two worker processes."""
    return extract(tmp_path_factory.mktemp("jobs2"), *_args(inputs), "--jobs", "2")


def _same_tables(a: Path, b: Path) -> None:
    """Every file byte-identical: CSV, JSON, Parquet and the workbook."""
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for name in names:
        assert filecmp.cmp(a / name, b / name, shallow=False), f"{name} differs"


def _sheets_but_manifest(path: Path) -> list[list[tuple]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return [list(sheet.values) for sheet in book.worksheets if sheet.title != "manifest"]


def _no_temp_files(out: Path) -> None:
    leftovers = [p for p in out.rglob(".*")]
    assert not leftovers, leftovers


# (a) bad inputs -------------------------------------------------------------------------


def test_bad_inputs_exit_1_without_traceback(run1: Run, inputs: dict[str, Path]) -> None:
    assert run1.code == 1, run1.stderr
    assert "Traceback" not in run1.stderr
    lines = run1.stderr.splitlines()
    for key in ("missing", "empty", "binary", "huge", "nothing"):
        naming = [ln for ln in lines if str(inputs[key]) in ln]
        assert len(naming) == 1, (key, lines)
    codes = {key: code for key, code in [("missing", "E001"), ("empty", "E003"), ("binary", "E004"),
                                         ("huge", "E006"), ("nothing", "E002")]}  # fmt: skip
    for key, code in codes.items():
        assert any(str(inputs[key]) in ln and f"[{code}]" in ln for ln in lines), (key, lines)


def test_manifest_lists_every_input(run1: Run, inputs: dict[str, Path]) -> None:
    manifest = run1.csv("manifest.csv")
    good = {str(inputs["good"] / p.relative_to(CORPUS)) for p in GOOD}
    bad = {str(inputs[k]) for k in ("missing", "empty", "binary", "huge", "nothing")}
    picture = str(inputs["nothing"] / "picture.png")  # under a folder: listed, not read
    assert set(manifest["source"]) == good | bad | {picture}
    assert len(manifest) == len(good | bad) + 1
    status = dict(zip(manifest["source"], manifest["status"]))
    assert {s for s, v in status.items() if v == "ok"} == good
    assert {s for s, v in status.items() if v == "error"} == bad
    assert status[picture] == "skipped"
    for row in manifest.itertuples():
        assert "\n" not in row.message and "\r" not in row.message
        assert bool(row.message) == (row.status != "ok")
        if row.status == "ok":  # the counts of the document's hand labels in tests/gold
            gold_m, gold_a = read_gold(GOLD / row.doc_id)
            assert len(row.sha256) == 64 and int(row.n_measures) == len(gold_m)
            assert int(row.n_assignments) == len(gold_measure_assignments(gold_m, gold_a))


def test_good_inputs_tables_written(run1: Run) -> None:
    ids = sorted(p.stem for p in GOOD)
    for doc_id in ids:
        for name in ("measures.csv", "assignments.csv", "document.json"):
            assert (run1.out / doc_id / name).is_file(), (doc_id, name)
    for name in ("measures", "assignments", "documents"):
        assert (run1.out / f"{name}.csv").is_file() and (run1.out / f"{name}.parquet").is_file()
    assert (run1.out / "plans.xlsx").is_file()
    assert sorted(run1.csv("documents.csv")["doc_id"]) == ids
    assert sorted(run1.csv("measures.csv")["doc_id"].unique()) == ids
    per_doc = pd.read_csv(run1.out / PLAN_2013 / "measures.csv", **CSV_READ)
    combined = run1.csv("measures.csv")
    assert len(per_doc) == (combined["doc_id"] == PLAN_2013).sum()


# (b) determinism ------------------------------------------------------------------------


def test_jobs_1_and_2_give_identical_outputs(run1: Run, run2: Run) -> None:
    assert run2.code == run1.code == 1
    assert run1.stderr == run2.stderr
    _same_tables(run1.out, run2.out)


# (c) reruns -----------------------------------------------------------------------------


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Every file of a run folder: (size, modification time in ns)."""
    return {str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def test_rerun_with_nothing_changed_rewrites_nothing(run1: Run, inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "rerun"
    shutil.copytree(run1.out, out)
    before = _stamps(out)
    cmd = [sys.executable, "-m", "pipeline", "extract", *_args(inputs), "--jobs", "1", "--out", str(out)]
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert again.returncode == 1 and "Traceback" not in again.stderr  # the bad inputs still fail
    assert "nothing changed since the last run" in again.stderr
    assert _stamps(out) == before  # no table, no document folder, no workbook written again
    _same_tables(run1.out, out)


def test_rerun_skips_unchanged_and_force_redoes(run1: Run, inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "rerun"
    shutil.copytree(run1.out, out)
    added = tmp_path / "added"
    added.mkdir()
    shutil.copyfile(CORPUS / "dev" / "2016-ipr-enforcement-points.txt", added / "another-plan.txt")
    again = extract(out, str(added), *_args(inputs), "--jobs", "1")  # one input more: the tables change
    assert again.code == 1 and "Traceback" not in again.stderr
    manifest = again.csv("manifest.csv")
    ok_before = set(run1.csv("manifest.csv").query("status == 'ok'")["source"])
    unchanged = manifest.query("status == 'unchanged' and message == 'unchanged since the last run'")
    assert set(unchanged["source"]) == ok_before
    assert set(manifest.query("status == 'ok'")["source"]) == {str(added / "another-plan.txt")}
    for name in ok_before:  # the unchanged documents' files are not written again
        doc_id = manifest.set_index("source").loc[name, "doc_id"]
        assert filecmp.cmp(run1.out / doc_id / "measures.csv", out / doc_id / "measures.csv", shallow=False)
        assert (out / doc_id / "measures.csv").stat().st_mtime_ns == (run1.out / doc_id / "measures.csv").stat().st_mtime_ns
    shutil.rmtree(out / "another-plan")
    forced = extract(out, *_args(inputs), "--jobs", "1", "--force")
    assert forced.code == 1
    assert set(forced.csv("manifest.csv").query("status == 'ok'")["source"]) == ok_before
    _same_tables(run1.out, out)
    _no_temp_files(out)


def test_changed_input_is_redone(tmp_path: Path) -> None:
    src = tmp_path / "in" / "plan.txt"
    src.parent.mkdir()
    shutil.copyfile(CORPUS / "dev" / "2016-ipr-enforcement-points.txt", src)
    opts = RunOptions(out=tmp_path / "out", quiet=True)
    assert list(run_batch([str(src)], opts)["status"]) == ["ok"]
    assert list(run_batch([str(src)], opts)["status"]) == ["unchanged"]
    src.write_text(src.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert list(run_batch([str(src)], opts)["status"]) == ["ok"]


# (d) doc_ids ----------------------------------------------------------------------------


def test_same_stem_in_two_folders_is_one_doc_id_and_an_error(tmp_path: Path) -> None:
    """A doc_id comes from the input alone: a/plan.txt and b/plan.txt are both 'plan', so the
    second of one run is refused with E015 naming the first, and the first is processed."""
    plan = CORPUS / "dev" / "2016-ipr-enforcement-points.txt"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copyfile(plan, tmp_path / folder / "plan.txt")
    jobs = collect([str(tmp_path / "a"), str(tmp_path / "b")])
    assert [j.doc_id for j in jobs] == ["plan", "plan"]
    assert jobs[0].error == "" and "[E015]" in jobs[1].error and str(tmp_path / "a" / "plan.txt") in jobs[1].error
    manifest = run_batch(
        [str(tmp_path / "a"), str(tmp_path / "b")], RunOptions(out=tmp_path / "out", quiet=True)
    )
    assert list(manifest["status"]) == ["ok", "error"]
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", **CSV_READ)
    assert list(documents["source"]) == [str(tmp_path / "a" / "plan.txt")]


@pytest.mark.parametrize("name", ["a b..c.txt", "..txt", "../x.txt", "计划 (2016)：要点.txt", "a/b\\c.txt",
                                  "-rf.txt", "=cmd|' calc'!A0.txt", "con.txt", "x" * 200 + ".txt"])  # fmt: skip
def test_odd_names_give_safe_ids(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("一、加强监管。", encoding="utf-8")
    (job,) = collect([str(path)])
    doc_id = job.doc_id
    assert doc_id and len(doc_id) <= 120
    assert "/" not in doc_id and "\\" not in doc_id and ".." not in doc_id and " " not in doc_id
    assert not doc_id.startswith((".", "=", "+", "@")), doc_id
    assert all(c.isalnum() or c in "_-." for c in doc_id), doc_id
    assert (tmp_path / doc_id).resolve().parent == tmp_path.resolve()


def test_odd_name_runs_end_to_end(tmp_path: Path) -> None:
    src = tmp_path / "in" / "a b..c.txt"
    src.parent.mkdir()
    shutil.copyfile(CORPUS / "dev" / "2016-ipr-enforcement-points.txt", src)
    manifest = run_batch([str(src)], RunOptions(out=tmp_path / "out", quiet=True))
    (doc_id,) = manifest["doc_id"]
    assert doc_id == "a_b.c"
    assert (tmp_path / "out" / doc_id / "document.json").is_file()


# (e) atomic writes ----------------------------------------------------------------------


def test_no_temp_files_left(run1: Run, run2: Run) -> None:
    _no_temp_files(run1.out)
    _no_temp_files(run2.out)


def test_output_files_are_readable_by_others(run1: Run) -> None:
    """Files written through a temporary name get the usual permissions (not mkstemp's 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    for path in [run1.out / "measures.csv", run1.out / "plans.xlsx", run1.out / PLAN_2013 / "document.json"]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, oct(path.stat().st_mode)


# (f) the dask executor ------------------------------------------------------------------


def test_dask_executor_matches_jobs_1(run1: Run, inputs: dict[str, Path], tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    run = extract(tmp_path / "dask", *_args(inputs), "--jobs", "2", "--executor", "dask")
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    _same_tables(run1.out, run.out)
    _no_temp_files(run.out)


def test_dask_missing_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pipeline.run import distributed

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    opts = RunOptions(out=tmp_path, executor="dask")
    with pytest.raises(FengongError) as info:
        list(distributed.dask_outcomes(collect([str(CORPUS / PLAN_2013) + ".txt"]), opts))
    assert info.value.code == "E013"
    assert 'pip install ".[dask]"' in info.value.line()


# (g) the panel --------------------------------------------------------------------------

#: The year each corpus plan's text shows (its date line, or its document number 国发〔2020〕6号).
GOLD_YEARS = {PLAN_2013: "2013", "2016-ipr-enforcement-points": "2016",
              "2020-government-work-report-division": "2020"}  # fmt: skip


def _panel_from_gold() -> pd.DataFrame:
    """The bodies-by-year panel as the hand labels of tests/gold give it: each gold measure has
    the (body, role) pairs of its path's list; a (body, year, role) counts its distinct measures
    and the documents they are in."""
    rows = []
    for doc_id, year in GOLD_YEARS.items():
        gold_m, gold_a = read_gold(GOLD / doc_id)
        pairs = gold_measure_assignments(gold_m, gold_a)
        rows += [(doc_id, year, i, body, role) for i, body, role in zip(pairs["gold_row"], pairs["body"], pairs["role"])]
    df = pd.DataFrame(rows, columns=["doc_id", "year", "gold_row", "body", "role"])
    df["measure"] = df["doc_id"] + ":" + df["gold_row"].astype(str)
    panel = df.groupby(["body", "year", "role"]).agg(n_measures=("measure", "nunique"), n_documents=("doc_id", "nunique"))
    return panel.reset_index().astype(str).sort_values(["body", "year", "role"], ignore_index=True)


def test_bodies_by_year_panel_columns(run1: Run) -> None:
    panel = run1.csv("bodies_by_year.csv")
    assert list(panel.columns) == ["body_id", "body", "place", "function", "year", "role", "n_measures", "n_documents"]


def test_bodies_by_year_panel_is_the_panel_of_the_gold(run1: Run) -> None:
    """The corpus is the three gold plans: its panel is the one their hand labels give."""
    assert set(GOLD_YEARS) == {p.stem for p in GOOD}
    panel = run1.csv("bodies_by_year.csv")
    got = panel[["body", "year", "role", "n_measures", "n_documents"]].sort_values(["body", "year", "role"], ignore_index=True)
    assert got.to_dict("records") == _panel_from_gold().to_dict("records")


def test_bodies_by_year_panel_rows_stated_by_hand(run1: Run) -> None:
    """From the gold NOTES: 质检总局 leads sections 3, 6 and 9 (6 + 5 + 9 measures) of the 2013
    plan; 国务院各部门 is responsible for all 15 measures of the 2020 plan."""
    panel = run1.csv("bodies_by_year.csv")
    row = panel[(panel["body_id"] == "aqsiq") & (panel["year"] == "2013") & (panel["role"] == "lead")]
    assert row[["body", "n_measures", "n_documents"]].values.tolist() == [["国家质量监督检验检疫总局", "20", "1"]]
    row = panel[(panel["body"] == "国务院各部门") & (panel["year"] == "2020")]
    assert row[["role", "n_measures", "n_documents"]].values.tolist() == [["responsible", "15", "1"]]


def test_the_2013_plan_has_20_measures_in_its_led_sections(run1: Run) -> None:
    """The measures the panel's lead row counts: sections 3, 6 and 9 of the run's 2013 plan."""
    plan = run1.csv("measures.csv").query(f"doc_id == '{PLAN_2013}'")
    assert int(plan["path"].str.split(".").str[0].isin({"3", "6", "9"}).sum()) == 20
    assert json.loads((run1.out / PLAN_2013 / "document.json").read_text(encoding="utf-8"))["year"] == 2013


def test_panel_of_a_text_written_by_hand(tmp_path: Path) -> None:
    """Two short plans of two years whose panel rows are stated here by hand."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "2014年测试工作要点\n一、加强质量监管。开展产品质量监督抽查，加强执法检查。（质检总局牵头，公安部参加）\n"
        "二、完善制度。健全质量追溯体系。（公安部负责）\n", encoding="utf-8")  # fmt: skip
    (src / "b.txt").write_text("2015年测试工作要点\n一、加强监管。开展专项整治。（公安部负责）\n", encoding="utf-8")
    run_batch([str(src)], RunOptions(out=tmp_path / "out", quiet=True))
    panel = pd.read_csv(tmp_path / "out" / "bodies_by_year.csv", **CSV_READ)
    assert panel.values.tolist() == [
        ["aqsiq", "国家质量监督检验检疫总局", "", "aqsiq", "2014", "lead", "2", "1"],
        ["mps", "公安部", "", "mps", "2014", "participant", "2", "1"],
        ["mps", "公安部", "", "mps", "2014", "responsible", "1", "1"],
        ["mps", "公安部", "", "mps", "2015", "responsible", "1", "1"],
    ]


def test_the_workbooks_writer_takes_a_core_of_the_default_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 0: one worker per core, one core fewer when plans.xlsx's writer process runs too."""
    from pipeline.run import batch

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert (batch.default_jobs(), batch.default_jobs(workbook=True)) == (4, 3)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert batch.default_jobs(workbook=True) == 1


def test_a_large_run_with_no_format_flags_writes_no_workbook(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Above the limit (the CLI's WORKBOOK_DEFAULT_MAX, 2 here) plans.xlsx becomes a choice, said in one line."""
    opts = RunOptions(out=tmp_path / "big", workbook_limit=2, jobs=0)
    manifest = run_batch([str(p) for p in GOOD], opts)
    assert len(manifest) == len(GOOD) > 2
    assert not (tmp_path / "big" / "plans.xlsx").exists() and (tmp_path / "big" / "measures.parquet").exists()
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "--excel writes it" in said[0]
    small = RunOptions(out=tmp_path / "small", workbook_limit=len(GOOD), quiet=True)
    run_batch([str(p) for p in GOOD], small)
    assert (tmp_path / "small" / "plans.xlsx").exists()


def test_format_flags_keep_the_workbook_asked_for() -> None:
    from pipeline.cli import COMMANDS, _asked_for_formats
    from pipeline.cli_parser import make_parser

    parse = make_parser(COMMANDS).parse_args
    assert not _asked_for_formats(parse(["extract", "in", "--out", "o"]))
    assert _asked_for_formats(parse(["extract", "in", "--out", "o", "--excel"]))
    assert _asked_for_formats(parse(["extract", "in", "--out", "o", "--formats", "csv,xlsx"]))
