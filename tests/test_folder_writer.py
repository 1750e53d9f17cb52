"""The document folders of a run: written by a process of their own, a thread or in place; the same
files each way, and a fault writing one is raised, not lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.run.folders import FolderWriter

MEASURES = "d1,m0001,d1:m0001,1,推进质量提升,推进质量提升,推进,,0,6\n"  # a row as csv_lines writes it
ASSIGNMENTS = "d1,m0001,d1:m0001,1,质检总局,质检总局,lead,0,4\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("kind", ["here", "thread", "process"])
def test_a_folder_holds_the_two_tables_and_the_record(tmp_path: Path, kind: str) -> None:
    writer = FolderWriter(tmp_path, kind)
    writer.write(MEASURES, ASSIGNMENTS, {"doc_id": "d1", "title": "计划"})
    writer.close()
    folder = tmp_path / "d1"
    assert sorted(p.name for p in folder.iterdir()) == ["assignments.csv", "document.json", "measures.csv"]
    assert json.loads((folder / "document.json").read_text(encoding="utf-8")) == {"doc_id": "d1", "title": "计划"}
    assert (folder / "measures.csv").read_text(encoding="utf-8-sig").splitlines()[1] == MEASURES.strip()


def test_the_writer_process_writes_what_writing_in_place_writes(tmp_path: Path) -> None:
    for name in ("here", "thread", "process"):
        writer = FolderWriter(tmp_path / name, name)
        for i in range(150):  # more than the writer may fall behind by: the bound is met
            writer.write(MEASURES, ASSIGNMENTS, {"doc_id": f"d{i:03d}"})
        writer.close()
    here = sorted((tmp_path / "here").iterdir())
    assert len(here) == 150
    for name in ("thread", "process"):
        there = sorted((tmp_path / name).iterdir())
        assert [p.name for p in here] == [p.name for p in there]
        assert all(_files(a) == _files(b) for a, b in zip(here, there))


@pytest.mark.parametrize("kind", ["here", "thread", "process"])
def test_a_folder_that_cannot_be_written_is_an_error(tmp_path: Path, kind: str) -> None:
    (tmp_path / "d1").write_text("a file where the folder should be", encoding="utf-8")
    writer = FolderWriter(tmp_path, kind)
    with pytest.raises(OSError):
        writer.write(MEASURES, ASSIGNMENTS, {"doc_id": "d1"})
        writer.close()
    writer.abort()


def test_a_writer_process_only_where_a_core_is_free() -> None:
    from pipeline.run.folders import usable_cores, writer_kind

    cores = usable_cores()
    assert writer_kind(1, 1) == "here"  # one document: no process or thread to start
    assert writer_kind(400, cores) == "thread"  # the workers take every core
    if cores > 1:
        assert writer_kind(400, cores - 1) == "process"


ROWS = {"measures": [("d1", "m0001", "d1:m0001", "1", "推进质量提升", "推进质量提升", "推进", "", 0, 6)],
        "assignments": [("d1", "m0001", "d1:m0001", "1", "质检总局", "质检总局", "lead", 0, 4)]}  # fmt: skip


@pytest.mark.parametrize("kind", ["here", "thread", "process"])
def test_rows_rendered_by_the_writer_are_the_text_a_worker_renders(tmp_path: Path, kind: str) -> None:
    # A run whose only worker is its main process leaves the CSV text to the writer (a process of its
    # own on a free core): the folder and the text it returns are those of rows rendered beforehand.
    writer = FolderWriter(tmp_path / "rendered", kind)
    text = writer.render(ROWS["measures"], ROWS["assignments"], {"doc_id": "d1"}).result()
    writer.close()
    assert text == (MEASURES, ASSIGNMENTS)
    here = FolderWriter(tmp_path / "written", "here")
    here.write(MEASURES, ASSIGNMENTS, {"doc_id": "d1"})
    assert _files(tmp_path / "rendered" / "d1") == _files(tmp_path / "written" / "d1")


def test_documents_rendered_by_the_writer_keep_their_order_in_the_combined_tables(tmp_path: Path) -> None:
    # Documents whose text comes back from the writer process and documents whose text the worker
    # rendered (kept from an earlier run) join the combined tables in the order they were added.
    from pipeline.io.corpus_tables import RowTable
    from pipeline.io.tables import MANIFEST_COLUMNS, csv_lines
    from pipeline.run.corpus import CorpusWriter
    from pipeline.run.worker import Outcome
    from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS

    def row(columns: list[str], doc_id: str) -> tuple:
        return tuple(doc_id if c == "doc_id" else 0 if c in ("start", "end") else "" for c in columns)

    def outcome(k: int, rendered: bool) -> Outcome:
        doc_id = f"d{k:03d}"
        m, a = [row(MEASURE_COLUMNS, doc_id)], [row(ASSIGNMENT_COLUMNS, doc_id)]
        text = (csv_lines(m), csv_lines(a)) if rendered else (None, None)
        return Outcome(f"{doc_id}.txt", doc_id, "kept" if rendered else "ok", "", "", m, a, {"doc_id": doc_id}, *text)

    corpus = CorpusWriter(tmp_path, ("csv",), "process", documents=120)
    for k in range(120):  # more than may wait to be appended: the bound is met too
        corpus.add(outcome(k, rendered=k % 7 == 3))
    corpus.close(RowTable(MANIFEST_COLUMNS, []))
    for name in ("measures", "assignments", "documents"):
        lines = (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
        assert [line.split(",")[0] for line in lines] == [f"d{k:03d}" for k in range(120)], name
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert written == [f"d{k:03d}" for k in range(120) if k % 7 != 3]  # a kept document's folder is left as it is
