"""The combined tables streamed to disk and read back in pieces (pipeline/io/streamed_csv.py): the
pieces give the rows a reader of the whole file gives, and a run's Parquet files are those of its
whole tables written at once, whatever the size of a piece (issue 26: memory flat with the corpus)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from pyarrow import parquet as pq

from pipeline.io import streamed_csv
from pipeline.io.corpus_tables import DOCUMENT_INTS, documents_table, read_csv_table, write_documents_parquet
from pipeline.io.streamed_csv import StreamedCsv
from pipeline.io.tables import INT_COLUMNS, csv_lines
from pipeline.run import corpus_wide
from pipeline.run.batch import RunOptions, run_batch
from pipeline.stages.emit.rows import DOCUMENT_FIELDS, MEASURE_COLUMNS

from .conftest import CORPUS

COLUMNS = ["doc_id", "text", "start", "end"]
DOCUMENTS = [  # each document's rows, appended at once as a run appends them
    [("d1", "一、加强监管", 0, 6), ("d1", "二、\n跨行的文字", 7, 14)],  # a line break inside a field
    [("d2", '带"引号"的文字', 0, 8)],
    [("d3", "长" * 400, 0, 400), ("d3", "", 401, 401)],  # a row longer than a piece
    [],  # a document with no rows
    [("d4", "最后", 3, 5)],
]


def _streamed(tmp_path: Path, documents: list[list[tuple]]) -> StreamedCsv:
    table = StreamedCsv(tmp_path / "t.csv", COLUMNS)
    for rows in documents:
        table.write(csv_lines(rows))
    table.close()
    return table


def test_pieces_end_between_documents_and_read_as_the_whole_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(streamed_csv, "PIECE_BYTES", 64)
    table = _streamed(tmp_path, DOCUMENTS)
    pieces = list(table.written().pieces(INT_COLUMNS))
    assert len(pieces) > 1
    docs = [set(p.column("doc_id").to_pylist()) for p in pieces]
    assert all(not a & b for a, b in zip(docs, docs[1:])), docs  # no document is cut
    whole = read_csv_table(table.tmp, COLUMNS, INT_COLUMNS)
    assert pa.concat_tables(pieces).combine_chunks().equals(whole)
    assert table.written().table(INT_COLUMNS).equals(whole)
    assert whole.column("text").to_pylist()[1] == "二、\n跨行的文字"
    text = Path(table.tmp).read_text(encoding="utf-8")
    assert text == "\ufeff" + csv_lines([COLUMNS, *[row for rows in DOCUMENTS for row in rows]])


def test_a_piece_never_ends_inside_an_open_quote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text that leaves a quoted field open (a hand-edited file of an earlier run) is not cut there."""
    monkeypatch.setattr(streamed_csv, "PIECE_BYTES", 1)
    table = StreamedCsv(tmp_path / "t.csv", COLUMNS)
    table.write('d1,"open\n')
    table.write('still open",0,1\n')
    table.write("d2,x,2,3\n")
    table.close()
    assert [p.num_rows for p in table.written().pieces(INT_COLUMNS)] == [1, 1]


def test_a_table_with_no_rows_has_no_pieces_and_its_types(tmp_path: Path) -> None:
    table = _streamed(tmp_path, [[], []])
    assert list(table.written().pieces(INT_COLUMNS)) == []
    assert table.written().table(INT_COLUMNS).schema == read_csv_table(table.tmp, COLUMNS, INT_COLUMNS).schema
    table.discard()
    assert not Path(table.tmp).exists()


def test_the_streamed_documents_table_is_the_documents_parquet(tmp_path: Path) -> None:
    records = [{"doc_id": "a", "title": "甲", "year": 2019, "n_measures": 3, "warnings": ["w1", "w2"]},
               {"doc_id": "b", "title": "乙", "year": None, "n_measures": 0, "warnings": []}]  # fmt: skip
    rows = documents_table(records)
    streamed = StreamedCsv(tmp_path / "documents.csv", DOCUMENT_FIELDS)
    for row in rows.rows:
        streamed.write(csv_lines([row]))
    streamed.close()
    write_documents_parquet(rows, tmp_path / "expected.parquet")
    pq.write_table(streamed.written().table(DOCUMENT_INTS), tmp_path / "streamed.parquet")
    assert (tmp_path / "streamed.parquet").read_bytes() == (tmp_path / "expected.parquet").read_bytes()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_runs_parquet_is_its_whole_table_written_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small pieces and row groups: the Parquet file still has the row groups, and the bytes, of the
    whole combined table written by one ``write_table``; and the tables are those of large pieces."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(CORPUS.rglob("*.txt")):
        shutil.copy(path, folder / path.name)
    run_batch([str(folder)], RunOptions(out=tmp_path / "large", quiet=True, excel=False))
    monkeypatch.setattr(streamed_csv, "PIECE_BYTES", 2000)
    monkeypatch.setattr(corpus_wide, "ROW_GROUP", 23)
    out = tmp_path / "small"
    run_batch([str(folder)], RunOptions(out=out, quiet=True, excel=False))
    whole = read_csv_table(out / "measures.csv", MEASURE_COLUMNS, INT_COLUMNS)
    assert whole.num_rows > 3 * 23
    pq.write_table(whole, tmp_path / "expected.parquet", row_group_size=23)
    assert _sha(out / "measures.parquet") == _sha(tmp_path / "expected.parquet")
    for name in ("measures.csv", "assignments.csv", "documents.csv", "documents.parquet", "lexicon_gaps.csv",
                 "bodies_by_year.csv", "functions_by_level.csv"):  # fmt: skip
        assert _sha(out / name) == _sha(tmp_path / "large" / name), name
