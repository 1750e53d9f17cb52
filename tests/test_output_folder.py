"""A run adds to its output folder; doc_ids come from the input alone; the uid column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import FengongError
from pipeline.io.inputs import collect
from pipeline.io.readers import doc_id_of
from pipeline.run.batch import RunOptions, run_batch

from .conftest import CORPUS

CSV_READ = {"dtype": str, "keep_default_na": False, "encoding": "utf-8-sig"}
A = CORPUS / "dev" / "2016-ipr-enforcement-points.txt"
B = CORPUS / "dev" / "2020-government-work-report-division.txt"
IDS = {"2016-ipr-enforcement-points", "2020-government-work-report-division"}


def _csv(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, **CSV_READ)


def _run(out: Path, *paths: Path | str, **kw) -> pd.DataFrame:
    return run_batch([str(p) for p in paths], RunOptions(out=out, quiet=True, **kw))


def _rows(out: Path, name: str) -> list[tuple]:
    return sorted(_csv(out, name).itertuples(index=False, name=None))


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A then B into one folder; and A and B in one run, for comparison."""
    added, together = tmp_path_factory.mktemp("added"), tmp_path_factory.mktemp("together")
    _run(added, A)
    _run(added, B)
    _run(together, A, B)
    return added, together


def test_the_tables_cover_every_document_folder(two_runs: tuple[Path, Path]) -> None:
    out, _ = two_runs
    manifest = _csv(out, "manifest.csv")
    assert dict(zip(manifest["doc_id"], manifest["status"])) == {
        "2020-government-work-report-division": "ok", "2016-ipr-enforcement-points": "kept"}  # fmt: skip
    for name in ("measures.csv", "assignments.csv", "documents.csv"):
        assert set(_csv(out, name)["doc_id"]) == IDS, name
    for name in ("measures", "assignments", "documents"):
        assert set(pd.read_parquet(out / f"{name}.parquet")["doc_id"]) == IDS, name
    sheet = pd.read_excel(out / "plans.xlsx", sheet_name="documents")
    assert set(sheet["doc_id"]) == IDS
    assert {"2016", "2020"} <= set(_csv(out, "bodies_by_year.csv")["year"])


def test_adding_gives_the_rows_of_one_run_over_all(two_runs: tuple[Path, Path]) -> None:
    added, together = two_runs
    for name in ("measures.csv", "assignments.csv", "bodies_by_year.csv", "lexicon_gaps.csv"):
        assert _rows(added, name) == _rows(together, name), name


def test_a_rerun_still_skips_unchanged_inputs(tmp_path: Path) -> None:
    _run(tmp_path, A, B)
    again = _run(tmp_path, A, B)
    assert list(again["status"]) == ["unchanged", "unchanged"]
    assert set(_csv(tmp_path, "measures.csv")["doc_id"]) == IDS


def test_clean_empties_the_folder_first(tmp_path: Path) -> None:
    _run(tmp_path, A)
    (tmp_path / "figures").mkdir()
    manifest = _run(tmp_path, B, clean=True)
    assert list(manifest["doc_id"]) == ["2020-government-work-report-division"]
    assert not (tmp_path / "2016-ipr-enforcement-points").exists() and not (tmp_path / "figures").exists()
    assert set(_csv(tmp_path, "documents.csv")["doc_id"]) == {"2020-government-work-report-division"}


def test_clean_refuses_a_folder_fengong_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("mine", encoding="utf-8")
    with pytest.raises(FengongError) as info:
        _run(tmp_path, A, clean=True)
    assert info.value.code == "E016" and (tmp_path / "thesis.tex").exists()
    out = tmp_path / "out"
    _run(out, A)
    shutil.copy(B, out / "b.txt")
    with pytest.raises(FengongError) as info:
        _run(out, out / "b.txt", clean=True)
    assert info.value.code == "E016" and (out / "b.txt").exists()


def test_an_input_that_now_fails_leaves_the_tables(tmp_path: Path) -> None:
    src = tmp_path / "in" / "plan.txt"
    src.parent.mkdir()
    shutil.copy(A, src)
    out = tmp_path / "out"
    _run(out, src, B)
    src.write_bytes(b"")
    manifest = _run(out, src)
    assert dict(zip(manifest["doc_id"], manifest["status"])) == {
        "plan": "error", "2020-government-work-report-division": "kept"}  # fmt: skip
    assert not (out / "plan" / "document.json").exists()
    assert set(_csv(out, "measures.csv")["doc_id"]) == {"2020-government-work-report-division"}


def test_a_later_input_with_the_same_doc_id_says_whose_document_it_replaces(tmp_path: Path) -> None:
    for folder, plan in (("a", A), ("b", B)):
        (tmp_path / folder).mkdir()
        shutil.copy(plan, tmp_path / folder / "plan.txt")
    out = tmp_path / "out"
    _run(out, tmp_path / "a")
    manifest = _run(out, tmp_path / "b")
    assert list(manifest["status"]) == ["ok"]
    assert str(tmp_path / "a" / "plan.txt") in manifest["message"].iloc[0]
    record = json.loads((out / "plan" / "document.json").read_text(encoding="utf-8"))
    assert record["source"] == str(tmp_path / "b" / "plan.txt")


# doc_ids --------------------------------------------------------------------------------


def test_same_stem_in_one_folder_gets_the_extension(tmp_path: Path) -> None:
    for name in ("plan.pdf", "plan.docx", "other.txt", "plan.png", ".plan.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert doc_id_of(tmp_path / "plan.pdf") == "plan-pdf"
    assert doc_id_of(tmp_path / "plan.docx") == "plan-docx"
    assert doc_id_of(tmp_path / "other.txt") == "other"
    # the same whether the file comes alone or with its folder, whatever else the run holds
    alone = {j.source: j.doc_id for j in collect([str(tmp_path / "plan.pdf")])}
    folder = {j.source: j.doc_id for j in collect([str(tmp_path), str(CORPUS)]) if j.doc_id}
    assert alone[str(tmp_path / "plan.pdf")] == folder[str(tmp_path / "plan.pdf")] == "plan-pdf"
    (tmp_path / "plan.docx").unlink()
    assert doc_id_of(tmp_path / "plan.pdf") == "plan"  # an image of the same stem does not count


def test_the_api_and_stage_use_the_same_doc_id(tmp_path: Path) -> None:
    from pipeline.io.readers import read_input

    shutil.copy(A, tmp_path / "plan.txt")
    (tmp_path / "plan.html").write_text("<p>一、加强监管。</p>", encoding="utf-8")
    assert read_input(tmp_path / "plan.txt").doc_id == "plan-txt"


# uid ------------------------------------------------------------------------------------


def test_uid_joins_the_combined_tables_alone(two_runs: tuple[Path, Path]) -> None:
    out, _ = two_runs
    measures, assignments = _csv(out, "measures.csv"), _csv(out, "assignments.csv")
    assert list(measures["uid"]) == [f"{d}:{m}" for d, m in zip(measures["doc_id"], measures["measure_id"])]
    assert measures["uid"].is_unique and not measures["measure_id"].is_unique  # m0001 in each plan
    with_measure = assignments[assignments["measure_id"] != ""]
    assert (with_measure["uid"] == with_measure["doc_id"] + ":" + with_measure["measure_id"]).all()
    assert (assignments.loc[assignments["measure_id"] == "", "uid"] == "").all()
    by_uid = with_measure.merge(measures[["uid", "text"]], on="uid")
    by_pair = with_measure.merge(measures[["doc_id", "measure_id", "text"]], on=["doc_id", "measure_id"])
    assert len(by_uid) == len(by_pair) == len(with_measure)


def test_tables_of_an_older_version_without_uid_are_read_by_column(tmp_path: Path) -> None:
    _run(tmp_path, A)
    folder = tmp_path / "2016-ipr-enforcement-points"
    for name in ("measures.csv", "assignments.csv"):
        old = pd.read_csv(folder / name, **CSV_READ).drop(columns="uid")
        old.to_csv(folder / name, index=False, encoding="utf-8-sig")
    _run(tmp_path, B)
    measures = _csv(tmp_path, "measures.csv")
    plan = measures[measures["doc_id"] == "2016-ipr-enforcement-points"]
    assert len(plan) > 0 and (plan["uid"] == plan["doc_id"] + ":" + plan["measure_id"]).all()
