"""The corpus tables written while documents arrive, jieba's dictionary cache, and the
order-independence that parallel workers rely on."""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.lexicon.cache import cache_dir
from pipeline.lexicon.cutters import _jieba_tokenizer
from pipeline.lexicon.model import load_lexicon
from pipeline.run import batch
from pipeline.run.batch import RunOptions, run_batch
from pipeline.stages.assign.measures import usable_verbs
from pipeline.types import Clause, Span

from .conftest import CORPUS

TABLES = ["measures.csv", "assignments.csv", "documents.csv", "measures.parquet",
          "assignments.parquet", "documents.parquet", "lexicon_gaps.csv", "bodies_by_year.csv",
          "manifest.csv", "plans.xlsx"]  # fmt: skip


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for path in sorted(CORPUS.rglob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ref")
    run_batch([str(inputs)], RunOptions(out=out, quiet=True))
    return out


def test_combined_tables_are_the_documents_tables(tmp_path: Path) -> None:
    """The combined CSV and Parquet tables hold each document's rows, in input order, typed.

    The plans are hard-wrapped, so measure texts in the original script hold line breaks:
    the combined CSV, read back for the Parquet file, must keep them inside their field.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(CORPUS.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        wrapped = "\n".join(line[i : i + 30] for line in text.split("\n") for i in range(0, max(len(line), 1), 30))
        (folder / path.name).write_text(wrapped, encoding="utf-8")
    out = tmp_path / "out"
    run_batch([str(folder)], RunOptions(out=out, quiet=True, excel=False))
    manifest = pd.read_csv(out / "manifest.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert set(manifest["status"]) == {"ok"}
    for name in ("measures", "assignments"):
        parts = [pd.read_csv(out / doc / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
                 for doc in manifest["doc_id"]]  # fmt: skip
        expected = pd.concat(parts, ignore_index=True).astype({"start": "int64", "end": "int64"})
        combined = pd.read_parquet(out / f"{name}.parquet")
        assert list(combined.dtypes.astype(str)) == list(expected.dtypes.astype(str))
        pd.testing.assert_frame_equal(combined, expected)
        lines = (out / f"{name}.csv").read_text(encoding="utf-8-sig")
        bodies = [(out / doc / f"{name}.csv").read_text(encoding="utf-8-sig").split("\n", 1)[1] for doc in manifest["doc_id"]]
        assert lines.split("\n", 1)[1] == "".join(bodies)
    texts = pd.read_parquet(out / "measures.parquet")["text"]
    assert texts.str.contains("\n").any()  # the case the reader must handle did occur


def test_interrupted_run_keeps_the_previous_tables(
    inputs: Path, reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run stopped half-way leaves the last complete tables and no temporary file."""
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    before = {name: (out / name).read_bytes() for name in TABLES}
    calls = {"n": 0}
    real = batch.run_one

    def stop_at_second(job: batch.Job, opts: RunOptions) -> batch.Outcome:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(job, opts)

    monkeypatch.setattr(batch, "run_one", stop_at_second)
    with pytest.raises(KeyboardInterrupt):
        run_batch([str(inputs)], RunOptions(out=out, quiet=True, force=True))
    assert {name: (out / name).read_bytes() for name in TABLES} == before
    assert not [p for p in out.rglob(".*")]


def test_damaged_user_word_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user words' frequencies are read from the user cache; a damaged file is rebuilt, same cuts."""
    monkeypatch.setenv("FENGONG_CACHE", str(tmp_path))
    lexicon = load_lexicon()
    text = "质检总局牵头，工业和信息化部、住房城乡建设部参加，深入推进质量强国建设。"
    expected = ["质检总局", "牵头", "，", "工业和信息化部", "、", "住房城乡建设部", "参加", "，",
                "深入", "推进", "质量", "强国", "建设", "。"]  # fmt: skip  (深入, 推进: lexicon words)
    assert _jieba_tokenizer(lexicon).lcut(text, HMM=False) == expected  # builds the cache
    (cache,) = tmp_path.glob("userwords-*.marshal")
    words, filler = marshal.loads(cache.read_bytes())
    assert "住房城乡建设部" in {word for word, _ in words}  # the lexicon's words, with their frequencies
    assert _jieba_tokenizer(lexicon).lcut(text, HMM=False) == expected  # read from the cache
    cache.write_bytes(cache.read_bytes()[:100])
    assert _jieba_tokenizer(lexicon).lcut(text, HMM=False) == expected
    assert marshal.loads(cache.read_bytes())[1] == filler


def test_unwritable_cache_folder_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be made costs the cache's place, not the run."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FENGONG_CACHE", str(blocker / "cache"))
    folder = cache_dir()
    assert folder != blocker / "cache" and os.access(folder, os.W_OK)


def test_longest_adverb_is_skipped_whatever_the_set_order() -> None:
    """依法依规 is one adverb: the noun-like verb after it is the clause's head.

    Adverbs are a set, whose order changes from one process to another; the head must not.
    """
    lexicon = load_lexicon()
    assert {"依法", "依法依规"} <= lexicon.adverbs and lexicon.verbs["监督"][1] == "head"  # a noun-like verb
    text = "依法依规监督企业"
    verb = Span("VERB", 4, 6, "监督", "regulate")
    assert usable_verbs(lexicon, text, Clause(0, len(text), ""), [verb]) == [verb]
