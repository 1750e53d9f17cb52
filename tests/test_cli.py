"""The output contract of ``fengong extract`` and ``fengong stage``, and the Python API."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import extract
from pipeline.io.tables import MANIFEST_COLUMNS
from pipeline.report.evaluate import gold_measure_assignments, read_gold
from pipeline.stages.assign.roles import SOURCES
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS

from .conftest import CORPUS, GOLD

PLAN = CORPUS / "2013-quality-action-plan.txt"
DOC_FIELDS = {"doc_id", "source", "sha256", "title", "notice_title", "doc_number", "issuer", "date",
              "addressees", "script", "n_measures", "n_assignments", "warnings"}  # fmt: skip


def _fengong(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("fengong")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    res = _fengong("extract", str(PLAN), "--out", str(out), "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return out


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


# The hand labels of the plan (tests/gold/2013-quality-action-plan, from the text and the
# codebook): its 85 measures and 64 (path, body, role) triples.
GOLD_M, GOLD_A = read_gold(GOLD / "2013-quality-action-plan")
GOLD_KEYS = [(p, re.sub(r"\s+", "", t)) for p, t in zip(GOLD_M["path"], GOLD_M["text_simplified"])]
GOLD_TRIPLES = set(zip(GOLD_A["path"], GOLD_A["body"], GOLD_A["role"]))
#: Counted by hand in the gold's NOTES.md ("Counts"): the measures of each path, and the
#: (body, role) pairs of each path's list (the closing paragraph's: its subject).
MEASURES_PER_PATH = {"1": 9, "2": 7, "3": 6, "4": 6, "5": 10, "6": 5, "7": 9, "8": 8, "9": 9, "10": 10, "": 6}
PAIRS_PER_PATH = {"1": 8, "2": 3, "3": 9, "4": 9, "5": 10, "6": 6, "7": 4, "8": 7, "9": 3, "10": 4, "": 1}
#: Each section's list covers all of its measures: 9·8 + 7·3 + 6·9 + 6·9 + 10·10 + 5·6 + 9·4 + 8·7
#: + 9·3 + 10·4 + 6·1 (measure, body) rows.
ROWS = 496
#: The ten sections' titles: the first sentence after each marker of the text (codebook §3).
TITLES = ["强化惠民生产品和服务的质量监管", "加强服务“三农”产品质量安全监管", "加强重点工程和重大设备质量安全监管",
          "探索建立“中国精品”培育机制", "加强质量安全风险排查整治和监测评估", "组织开展“质检利剑行动”",
          "落实企业质量安全社会责任", "加快质量诚信体系建设", "开展全国“质量月”等系列主题活动", "强化质量工作考核激励"]  # fmt: skip
#: What the header of the text shows.
HEADER = {"title": "贯彻实施质量发展纲要2013年行动计划", "issuer": "国务院办公厅", "date": "2013-02-27",
          "addressees": "各省、自治区、直辖市人民政府，国务院各部委、各直属机构", "notice_title": "",
          "doc_number": ""}  # fmt: skip


def _keys(rows) -> list[tuple[str, str]]:
    """(path, text_simplified without whitespace) of measure rows (a DataFrame or dicts)."""
    rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    return [(r["path"], re.sub(r"\s+", "", r["text_simplified"])) for r in rows]


def _triples(rows) -> set[tuple[str, str, str]]:
    rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    return {(r["path"], r["body"], r["role"]) for r in rows}


def test_measures_and_list_pairs_per_section_are_the_hand_counts(run_dir):
    folder = run_dir / "2013-quality-action-plan"
    measures, assignments = _csv(folder / "measures.csv"), _csv(folder / "assignments.csv")
    assert measures["path"].value_counts().to_dict() == MEASURES_PER_PATH
    pairs = assignments.drop_duplicates(["path", "body", "role"])["path"].value_counts().to_dict()
    assert pairs == PAIRS_PER_PATH


def test_every_measure_gets_its_sections_whole_list(run_dir):
    folder = run_dir / "2013-quality-action-plan"
    measures, assignments = _csv(folder / "measures.csv"), _csv(folder / "assignments.csv")
    per_measure = assignments.groupby("measure_id").size().to_dict()
    assert {m: per_measure.get(m, 0) for m in measures["measure_id"]} == {
        m: PAIRS_PER_PATH[p] for m, p in zip(measures["measure_id"], measures["path"])
    }


def test_per_document_files(run_dir):
    folder = run_dir / "2013-quality-action-plan"
    measures, assignments = _csv(folder / "measures.csv"), _csv(folder / "assignments.csv")
    assert list(measures.columns) == MEASURE_COLUMNS
    assert list(assignments.columns) == ASSIGNMENT_COLUMNS
    assert _keys(measures) == GOLD_KEYS
    assert _triples(assignments) == GOLD_TRIPLES and len(assignments) == ROWS
    doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert DOC_FIELDS <= set(doc)
    assert {k: doc[k] for k in HEADER} == HEADER
    assert (doc["doc_id"], doc["year"], doc["script"]) == ("2013-quality-action-plan", 2013, "traditional")
    assert (doc["n_measures"], doc["n_assignments"], doc["n_unassigned"]) == (85, ROWS, 0)
    assert doc["source"] == str(PLAN) and doc["warnings"] == []


def test_corpus_tables_in_csv_and_parquet(run_dir):
    for name in ("measures", "assignments", "documents"):
        assert (run_dir / f"{name}.csv").exists() and (run_dir / f"{name}.parquet").exists()


def test_manifest_row_of_the_plan(run_dir):
    manifest = _csv(run_dir / "manifest.csv")
    assert list(manifest.columns) == MANIFEST_COLUMNS
    # The README's manifest row for this plan: ok, 85 measures, 496 rows, none flagged or unassigned.
    row = manifest[["source", "doc_id", "status", "message", "n_measures", "n_assignments", "n_flagged",
                    "n_unassigned"]].values.tolist()  # fmt: skip
    assert row == [[str(PLAN), "2013-quality-action-plan", "ok", "", "85", "496", "0", "0"]]


def test_combined_tables_hold_the_hand_labels(run_dir):
    assert _keys(_csv(run_dir / "measures.csv")) == GOLD_KEYS
    assert _triples(_csv(run_dir / "assignments.csv")) == GOLD_TRIPLES


def test_documents_table_row(run_dir):
    documents = _csv(run_dir / "documents.csv")
    assert documents[["doc_id", "title", "date", "year"]].values.tolist() == [
        ["2013-quality-action-plan", "贯彻实施质量发展纲要2013年行动计划", "2013-02-27", "2013"]]  # fmt: skip


def test_workbook_sheets_and_their_rows(run_dir):
    sheets = pd.read_excel(run_dir / "plans.xlsx", sheet_name=None)
    assert set(sheets) == {"measures", "assignments", "documents", "manifest", "bodies_by_year", "functions_by_level"}
    assert (len(sheets["measures"]), len(sheets["assignments"]), len(sheets["documents"])) == (85, ROWS, 1)


def test_assignments_parquet_holds_the_hand_labels(run_dir):
    parquet = pd.read_parquet(run_dir / "assignments.parquet")
    assert list(parquet.columns) == ASSIGNMENT_COLUMNS
    assert _triples(parquet.astype({"path": str})) == GOLD_TRIPLES and len(parquet) == ROWS


def test_no_lexicon_gaps(run_dir):
    """Every body of the gold is a lexicon body or group, resolved to its name."""
    gaps = _csv(run_dir / "lexicon_gaps.csv")
    assert list(gaps.columns) == ["name", "count", "documents", "example"] and gaps.empty


def test_bodies_by_year_panel_counts_the_hand_labelled_measures(run_dir):
    panel = _csv(run_dir / "bodies_by_year.csv")
    rows = set(map(tuple, panel[["body", "year", "role", "n_measures", "n_documents"]].values.tolist()))
    # Each gold measure has its section's (body, role) pairs (NOTES.md): a (body, role) counts them.
    pairs = gold_measure_assignments(GOLD_M, GOLD_A)
    assert rows == {(b, "2013", r, str(n), "1") for (b, r), n in pairs.groupby(["body", "role"]).size().items()}


def test_bodies_by_year_panel_rows_of_the_readme(run_dir):
    panel = _csv(run_dir / "bodies_by_year.csv")
    rows = set(map(tuple, panel[["body", "year", "role", "n_measures", "n_documents"]].values.tolist()))
    # By hand: 质检总局 leads sections 3, 6 and 9 (6 + 5 + 9 measures) and is responsible in the
    # seven others (9 + 7 + 6 + 10 + 9 + 8 + 10); 地方各级人民政府 for the 6 closing measures.
    assert ("国家质量监督检验检疫总局", "2013", "lead", "20", "1") in rows
    assert ("国家质量监督检验检疫总局", "2013", "responsible", "59", "1") in rows
    assert ("地方各级人民政府", "2013", "responsible", "6", "1") in rows


def test_csv_has_bom_for_excel(run_dir):
    found = sorted(str(p.relative_to(run_dir)) for p in run_dir.rglob("*.csv"))
    assert found == ["2013-quality-action-plan/assignments.csv", "2013-quality-action-plan/measures.csv",
                     "assignments.csv", "bodies_by_year.csv", "documents.csv", "functions_by_level.csv",
                     "lexicon_gaps.csv",
                     "manifest.csv", "measures.csv"]  # fmt: skip
    for name in found:
        assert (run_dir / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def test_roles_and_sources_are_from_the_contract(run_dir):
    a = _csv(run_dir / "assignments.csv")
    assert set(a["role"]) <= {"lead", "participant", "responsible"}
    assert set(a["source"]) <= set(SOURCES)
    # By the gold NOTES: every role occurs (leads in 3, 6, 9); the sections' rows come from their
    # parenthesised lists, the closing paragraph's (path "") from its subject in running text.
    assert set(a["role"]) == {"lead", "participant", "responsible"}
    assert set(zip(a["path"] == "", a["source"])) == {(False, "parenthesis"), (True, "running text")}
    assert set(a.loc[a["path"] == "", "body"]) == {"地方各级人民政府"}


def _stage(tmp_path: Path, name: str) -> dict:
    res = _fengong("stage", name, str(PLAN), "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    return json.loads((tmp_path / "2013-quality-action-plan" / "stages" / f"{name}.json").read_text())


STAGES = ("normalize", "structure", "segment", "detect", "assign", "emit")


@pytest.fixture(scope="module")
def stages(tmp_path_factory) -> dict[str, dict]:
    """``fengong stage NAME`` on the plan for every stage, once for the module: the JSON of each."""
    out = tmp_path_factory.mktemp("stages")
    return {name: _stage(out, name) for name in STAGES}


def test_every_stage_json_names_the_document(stages):
    assert {name: stages[name]["doc_id"] for name in STAGES[:-1]} == dict.fromkeys(STAGES[:-1], "2013-quality-action-plan")
    assert stages["emit"]["document"]["doc_id"] == "2013-quality-action-plan"


def test_normalize_keeps_the_original_read_as_traditional_utf8(stages):
    norm = stages["normalize"]
    assert norm["original"] == PLAN.read_text(encoding="utf-8")
    assert (norm["encoding"], norm["script"], norm["warnings"]) == ("utf-8", "traditional", [])


def test_normalize_working_text_is_simplified_with_an_offset_per_character(stages):
    norm = stages["normalize"]
    assert "\n贯彻实施质量发展纲要2013年行动计划\n" in norm["text"] and "質" not in norm["text"]
    assert len(norm["offsets"]) == len(norm["text"]) + 1


def test_structure_reads_the_header(stages):
    header = stages["structure"]["header"]
    assert {k: header[k] for k in HEADER} == HEADER and header["year"] == 2013


def test_structure_units_are_the_ten_sections_and_their_titles(stages):
    st = stages["structure"]
    assert [(u["path"], u["title"]) for u in st["units"]] == [(str(i), t) for i, t in enumerate(TITLES, 1)]
    assert [sent["path"] for sent in st["sentences"] if sent["is_title"]] == [str(i) for i in range(1, 11)]


def test_structure_lists_lead_in_sections_3_6_and_9(stages):
    lists = stages["structure"]["lists"]
    roles = [(lst["path"], sorted({i["role"] for i in lst["items"] if i["kind"] == "role"})) for lst in lists]
    assert roles == [(str(i), ["lead", "participant"] if i in (3, 6, 9) else ["responsible"]) for i in range(1, 11)]


def test_structure_closing_text_starts_at_its_subject(stages):
    st, text = stages["structure"], stages["normalize"]["text"]
    assert text[st["closing_start"] :].startswith("地方各级人民政府要加强对质量工作的组织领导")


def test_segment_tokens_slice_the_text_and_keep_lexicon_names_whole(stages):
    tokens, text = stages["segment"]["tokens"], stages["normalize"]["text"]
    assert all(text[t["start"] : t["end"]] == t["text"] for t in tokens)
    assert {"质检总局", "工业和信息化部", "发展改革委"} <= {t["text"] for t in tokens}


def test_detect_spans_slice_the_text_and_carry_body_ids(stages):
    spans, text = stages["detect"]["spans"], stages["normalize"]["text"]
    assert {s["label"] for s in spans} == {"BODY", "VERB"}
    assert all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert {s["kb_id"] for s in spans if s["text"] == "质检总局"} == {"aqsiq"}


def test_detect_finds_every_hand_labelled_verb(stages):
    assert set(GOLD_M["verb"]) <= {s["text"] for s in stages["detect"]["spans"] if s["label"] == "VERB"}


def test_assign_gives_the_hand_labelled_measures_and_triples(stages):
    a = stages["assign"]
    assert _keys(a["measures"]) == GOLD_KEYS
    assert _triples(a["assignments"]) == GOLD_TRIPLES and len(a["assignments"]) == ROWS


def test_assign_has_no_warning_doubtful_list_or_unassigned_measure(stages):
    a = stages["assign"]
    assert (a["warnings"], a["n_flagged_lists"], a["n_unassigned"]) == ([], 0, 0)


def test_emit_document_has_the_header_and_the_counts(stages):
    document = stages["emit"]["document"]
    assert {k: document[k] for k in HEADER} == HEADER
    assert (document["n_measures"], document["n_assignments"]) == (85, ROWS)


def test_emit_rows_are_the_hand_labelled_tables(stages):
    e = stages["emit"]
    assert _keys(e["measures"]) == GOLD_KEYS and _triples(e["assignments"]) == GOLD_TRIPLES


def test_stage_unknown_name_is_one_line(tmp_path):
    res = _fengong("stage", "nope", str(PLAN), "--out", str(tmp_path))
    assert res.returncode != 0 and "Traceback" not in res.stderr
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("[E011] unknown stage 'nope'")
    assert all(name in line for name in ("normalize", "structure", "segment", "detect", "assign", "emit"))


def test_bad_inputs_do_not_cost_the_others(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(PLAN, inputs / "plan.txt")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "out"
    missing = tmp_path / "missing.txt"
    res = _fengong("extract", str(inputs), str(missing), "--out", str(out), "--quiet")
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    # one line per bad input: its file, then its E-code (README: missing, empty, not text)
    assert sorted(lines) == sorted([f"{inputs / 'empty.txt'}: [E003] empty file",
                                    f"{inputs / 'image.txt'}: [E004] not text: binary data (NUL bytes)",
                                    f"{missing}: [E001] no such file or folder"])  # fmt: skip
    manifest = _csv(out / "manifest.csv").set_index("doc_id")
    assert len(manifest) == 4
    assert manifest.loc["plan", ["status", "n_measures", "n_assignments"]].tolist() == ["ok", "85", str(ROWS)]
    for doc_id, code in (("empty", "E003"), ("image", "E004"), ("missing", "E001")):
        assert manifest.loc[doc_id, "status"] == "error" and f"[{code}]" in manifest.loc[doc_id, "message"]
    assert _keys(_csv(out / "plan" / "measures.csv")) == GOLD_KEYS


def test_python_api():
    x = extract(PLAN)
    assert list(x.measures.columns) == MEASURE_COLUMNS
    assert list(x.assignments.columns) == ASSIGNMENT_COLUMNS
    assert x.document["title"] == "贯彻实施质量发展纲要2013年行动计划"
    assert _keys(x.measures) == GOLD_KEYS and _triples(x.assignments) == GOLD_TRIPLES
    labels = {s.label_ for s in x.doc.spans["fengong"]}
    assert labels == {"BODY", "LEAD", "PART", "RESP", "VERB"}  # roles (issue 16), short (issue 23)
    from_text = extract(PLAN.read_text(encoding="utf-8"))
    assert _keys(from_text.measures) == GOLD_KEYS and _triples(from_text.assignments) == GOLD_TRIPLES


def test_workbook_is_not_written_past_excels_row_limit(tmp_path, monkeypatch):
    import pipeline.io.tables as emit
    import pipeline.io.workbook as workbook

    monkeypatch.setattr(workbook, "EXCEL_ROWS", 5)
    warning = emit.write_excel({"assignments": pd.DataFrame({"x": range(10)})}, tmp_path / "plans.xlsx")
    assert "not written" in warning and not (tmp_path / "plans.xlsx").exists()
    assert emit.write_excel({"a": pd.DataFrame({"x": range(3)})}, tmp_path / "plans.xlsx") == ""
    assert pd.read_excel(tmp_path / "plans.xlsx")["x"].tolist() == [0, 1, 2]


@pytest.mark.parametrize(("raised", "status", "stderr"), [(0, 0, ""), (None, 0, ""), (1, 1, ""), ("E009 bad", 1, "E009 bad\n")])
def test_the_console_command_exits_with_mains_status(monkeypatch, capsys, raised, status, stderr) -> None:
    """``command()`` (the ``fengong`` script) exits as ``sys.exit`` would, without the heap's teardown."""
    import pipeline.cli as cli

    def fake_main() -> None:
        raise SystemExit(raised)

    exits: list[int] = []
    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(cli.os, "_exit", exits.append)
    cli.command()
    assert exits == [status]
    assert capsys.readouterr().err == stderr


def test_the_console_command_exits_as_usual_while_a_thread_runs(monkeypatch) -> None:
    """A thread still alive (an interrupted run's): the interpreter's own exit, which waits for it."""
    import threading

    import pipeline.cli as cli

    def fake_main() -> None:
        raise SystemExit(1)

    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(cli.os, "_exit", lambda status: pytest.fail("os._exit while a thread runs"))
    try:
        with pytest.raises(SystemExit) as done:
            cli.command()
        assert done.value.code == 1
    finally:
        release.set()
        thread.join()
