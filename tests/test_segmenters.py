"""jieba-rs (the default engine) and jieba (the reference) cut every text the project has alike.

Both engines load jieba's dictionary plus the lexicon's words at jieba's frequencies
(:mod:`pipeline.lexicon.engines`); any token they disagree on fails here. The texts: corpus/,
every text file under tests/, a synthetic benchmark corpus, and ``../shared/corpus/real``
when it is beside the project — each as read and as normalized, since the stage cuts the
normalized text. Also: a batch run's tokens (the segmenter, no spaCy) are a Doc's tokens.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.io.readers import read_input
from pipeline.lexicon.engines import CUT_APART
from pipeline.nlp import make_nlp, token_offsets
from pipeline.run.resources import load_resources, make_segmenter
from pipeline.stages.normalize.working_text import normalize
from pipeline.stages.segment.segmenter import segment
from pipeline.types import Decoded

ROOT = Path(__file__).resolve().parents[1]
SHARED_REAL = ROOT.parent / "shared" / "corpus" / "real"


def _project_texts() -> list[Path]:
    texts = sorted((ROOT / "corpus").rglob("*.txt")) + sorted((ROOT / "tests").rglob("*.txt"))
    if SHARED_REAL.is_dir():
        texts += sorted(SHARED_REAL.glob("*.txt"))
    return texts


@pytest.fixture(scope="module")
def bench_texts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A synthetic benchmark corpus (``bench/make_corpus.py``, its default seed)."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module.make_corpus(tmp_path_factory.mktemp("bench"), n=60)


@pytest.fixture(scope="module")
def engines() -> tuple:
    return make_segmenter(engine="rjieba"), make_segmenter(engine="jieba")


def _texts_of(paths: list[Path]) -> list[tuple[str, str]]:
    lexicon = load_resources().lexicon
    out = []
    for path in paths:
        decoded = read_input(path)
        out.append((f"{path.name} (as read)", decoded.text))
        out.append((f"{path.name} (normalized)", normalize(decoded, lexicon).text))
    return out


def _first_difference(a: list[str], b: list[str]) -> str:
    i = next(k for k in range(min(len(a), len(b)) + 1) if k == min(len(a), len(b)) or a[k] != b[k])
    return f"token {i}: rjieba {a[i:i + 5]} | jieba {b[i:i + 5]}"


def _assert_same_cuts(engines: tuple, texts: list[tuple[str, str]]) -> None:
    rjieba, jieba = engines
    differ = []
    for name, text in texts:
        ours, reference = rjieba.words(text), jieba.words(text)
        if ours != reference:
            differ.append(f"{name}: {_first_difference(ours, reference)}")
    assert not differ, "\n".join(differ)


def test_project_texts_cut_alike(engines: tuple) -> None:
    paths = _project_texts()
    assert len(paths) >= 40  # corpus/, the held-out sets and their peers
    _assert_same_cuts(engines, _texts_of(paths))


def test_bench_corpus_cuts_alike(engines: tuple, bench_texts: list[Path]) -> None:
    _assert_same_cuts(engines, _texts_of(bench_texts))


EDGE_TEXTS = [
    "",
    "\n\n  \t\u3000质检总局牵头\r\n工业和信息化部参加。",
    "中\u3400国家标准委、\U00020000商务部（2023年）ABC-12.5%牵头",  # CJK extensions: alone in jieba
    "服务外包等认证",  # depends on jieba's total (a word added twice counts twice)
    "省政府各厅委、各直属机构",
    "a\ud800b国务院",  # a lone surrogate, which jieba-rs cannot take
    "\x0b\x1c\x85\u2028 国家发展改革委　牵头",
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_edge_texts_cut_alike(engines: tuple, text: str) -> None:
    _assert_same_cuts(engines, [(repr(text), text)])


def test_every_character_is_kept(engines: tuple) -> None:
    """The words are the text: whitespace and line breaks are words, nothing is dropped."""
    for text in EDGE_TEXTS:
        for engine in engines:
            assert "".join(engine.words(text)) == text


def test_characters_jieba_gives_alone_are_alone(engines: tuple) -> None:
    words = engines[0].words(EDGE_TEXTS[2])
    assert [w for w in words if CUT_APART.search(w)] == ["\u3400", "\U00020000"]


@pytest.mark.parametrize("engine", ["rjieba", "jieba"])
def test_batch_tokens_are_the_docs_tokens(engine: str) -> None:
    """A batch run cuts with the segmenter and builds no Doc: its tokens must be the Doc's."""
    segmenter, nlp = make_segmenter(engine=engine), make_nlp(engine=engine)
    lexicon = load_resources().lexicon
    for path in _project_texts():
        norm = normalize(read_input(path), lexicon)
        seg = segment(norm, segmenter)
        assert (seg.starts, seg.ends) == token_offsets(nlp.make_doc(norm.text)), path.name


def test_the_tables_are_the_same_with_either_engine() -> None:
    from pipeline.run.document import process

    text = (ROOT / "corpus" / "2013-quality-action-plan.txt").read_text(encoding="utf-8")
    results = [process(Decoded("t", "t.txt", "", "utf-8", text), load_resources(segmenter=e)) for e in ("rjieba", "jieba")]
    assert results[0].measure_rows == results[1].measure_rows
    assert results[0].assignment_rows == results[1].assignment_rows
    assert len(results[0].measure_rows) == 85  # the hand-labelled count (tests/gold)


_OWN_PROCESS_CHECK = """
import rjieba
from pipeline.run.resources import make_segmenter
text = "三峡办严把质量关，中共中央政策研究室和市场监管总局牵头。"
private = make_segmenter(engine="rjieba")
assert not rjieba.has_word("三峡办"), "a user's process: rjieba's default instance untouched"
own = make_segmenter(engine="rjieba", own_process=True)
assert rjieba.has_word("三峡办"), "fengong's own process: the default instance takes the words"
assert own.words(text) == private.words(text)
print("ok")
"""


def test_only_fengongs_own_process_gives_its_words_to_rjiebas_default_instance() -> None:
    """The command and its workers save a second dictionary build by using rjieba's default instance;
    from the Python API (a notebook) that instance stays as the user has it. Either way the tokens
    are the same. In a fresh interpreter, since the default instance lives as long as the process."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _OWN_PROCESS_CHECK], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "ok", done.stderr
