"""The corpus tables written while documents arrive, jieba's dictionary cache, and the
order-independence that parallel workers rely on."""

from __future__ import annotations

import filecmp
import marshal
import shutil
from pathlib import Path

import pytest

from pipeline import batch, corpus
from pipeline.batch import RunOptions, run_batch
from pipeline.lexicon import load_lexicon
from pipeline.measures import usable_verbs
from pipeline.segment import _jieba_tokenizer
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


def test_packing_rows_in_chunks_changes_nothing(
    inputs: Path, reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows packed into DataFrames every few rows give byte-identical tables."""
    monkeypatch.setattr(corpus, "CHUNK_ROWS", 7)
    run_batch([str(inputs)], RunOptions(out=tmp_path, quiet=True))
    for name in TABLES:
        assert filecmp.cmp(reference / name, tmp_path / name, shallow=False), name


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


def test_damaged_dictionary_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """jieba's prefix dictionary is read from the user cache; a damaged file is rebuilt, same cuts."""
    monkeypatch.setenv("FENGONG_CACHE", str(tmp_path))
    lexicon = load_lexicon()
    text = "质检总局牵头，工业和信息化部、住房城乡建设部参加，深入推进质量强国建设。"
    built = list(_jieba_tokenizer(lexicon).cut(text, HMM=False))
    (cache,) = tmp_path.glob("jieba-*.marshal")
    freq, total = marshal.loads(cache.read_bytes())
    assert "住房城乡建设部" in freq  # the lexicon's words are in the cached dictionary
    assert list(_jieba_tokenizer(lexicon).cut(text, HMM=False)) == built  # read from the cache
    cache.write_bytes(cache.read_bytes()[:1000])
    assert list(_jieba_tokenizer(lexicon).cut(text, HMM=False)) == built
    assert marshal.loads(cache.read_bytes())[1] == total


def test_longest_adverb_is_skipped_whatever_the_set_order() -> None:
    """依法依规 is one adverb: the noun-like verb after it is the clause's head.

    Adverbs are a set, whose order changes from one process to another; the head must not.
    """
    lexicon = load_lexicon()
    assert {"依法", "依法依规"} <= lexicon.adverbs and "noun-like" in lexicon.verbs["监督"][1]
    text = "依法依规监督企业"
    verb = Span("VERB", 4, 6, "监督", "regulate")
    assert usable_verbs(lexicon, text, Clause(0, len(text), ""), [verb]) == [verb]
