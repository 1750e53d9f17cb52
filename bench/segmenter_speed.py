"""The segmenters: ``process()`` with each engine (rjieba, jieba), each segmenter alone
(``make_segmenter(engine=…).words``) over the normalized texts, and bare ``jieba.lcut``, on the bench
corpus (the engines phase); and the page's section on them."""

from __future__ import annotations

import gc
import time
from typing import Any

from corpora import decoded_corpus
from in_process import process_each
from timers import fastest

SEGMENTERS = ("rjieba", "jieba")


def phase() -> dict[str, Any]:
    """``process()`` with each segmenter, each segmenter alone, and bare jieba, on the corpus.

    Returns:
        Characters (decoded and normalized), each engine's resource load and ``process()`` time,
        each segmenter's time alone, how many texts both cut alike, and bare jieba's times (on the
        decoded texts; on the normalized ones, HMM on and off).
    """
    from pipeline.run.resources import load_resources, make_segmenter
    from pipeline.stages.normalize.working_text import normalize

    decoded = decoded_corpus()
    result: dict[str, Any] = {"chars": sum(len(d.text) for d in decoded)}
    res = None
    for engine in SEGMENTERS:
        t = time.perf_counter()
        res = load_resources(None, engine)
        result[f"load_{engine}_s"] = time.perf_counter() - t
        gc.collect()
        gc.freeze()  # as a worker does (run.worker.prepare_worker)
        result[f"process_{engine}_s"] = fastest(lambda res=res: process_each(decoded, res), rounds=2)
    lexicon = res.lexicon
    norm = [normalize(d, lexicon).text for d in decoded]
    result["norm_chars"] = sum(map(len, norm))
    cuts = {}
    for engine in SEGMENTERS:
        words = make_segmenter(engine=engine).words
        result[f"words_{engine}_s"] = fastest(lambda words=words: [words(text) for text in norm])
        cuts[engine] = [words(text) for text in norm]
    result["same_cuts"] = sum(a == b for a, b in zip(cuts["rjieba"], cuts["jieba"]))
    del cuts
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [d.text for d in decoded]
    result["jieba_s"] = fastest(lambda: [jieba.lcut(text) for text in texts])
    result["jieba_norm_s"] = fastest(lambda: [jieba.lcut(text) for text in norm])
    result["jieba_nohmm_norm_s"] = fastest(lambda: [jieba.lcut(text, HMM=False) for text in norm])
    return result


def report_lines(r: dict[str, Any]) -> list[str]:
    """The section of docs/benchmarks.md on the segmenters, from a bench run's numbers ``r``."""
    e, n = r["engines"], r["n_docs"]
    mchars = e["norm_chars"] / 1e6

    def row(label: str, seconds: float) -> str:
        return f"| {label} | {seconds:.2f} s | {mchars / seconds:.2f} | {e['jieba_norm_s'] / seconds:.2f} |"

    return [
        "## Segmenters",
        "",
        "Stage 3 cuts with jieba's algorithm, HMM off, over jieba's `dict.txt` plus the lexicon's words at the",
        "frequencies jieba gives them; `rjieba` (jieba-rs, the Rust port) is the default engine and jieba (Python)",
        "the reference (`extract --segmenter jieba`). jieba-rs scores a route as jieba does, so the same words,",
        "frequencies and total give the same tokens. Two things differ and are undone in",
        "`pipeline/lexicon/engines.py`:",
        "",
        "* **the total.** jieba adds every `dict.txt` line and every `add_word` to its total, even for a word it",
        "  already has (B超 is in `dict.txt` twice; most lexicon words are in it already); jieba-rs replaces the",
        "  old frequency. The difference is given to a word no text can match (U+FFFF).",
        "* **the Han characters.** jieba's block regex takes U+4E00..U+9FD5; jieba-rs also takes the CJK",
        "  extensions and the compatibility ideographs. jieba gives each such character alone, so the text is",
        "  cut apart at them first. A lone surrogate (which rjieba refuses) is given alone too.",
        "",
        f"On this run's {n} normalized texts the two engines gave the same tokens for {e['same_cuts']} "
        f"({'all' if e['same_cuts'] == n else 'not all'}); `tests/test_segmenters.py` checks every text the "
        f"project has. Times over the normalized texts ({e['norm_chars']:,} characters), best of three:",
        "",
        "| what | time | M characters/s | ÷ bare `jieba.lcut` on the same texts |",
        "| --- | --- | --- | --- |",
        row("`make_segmenter(engine=\"rjieba\").words(text)`", e["words_rjieba_s"]),
        row("`make_segmenter(engine=\"jieba\").words(text)`", e["words_jieba_s"]),
        row("bare `jieba.lcut(text)` (HMM on)", e["jieba_norm_s"]),
        row("bare `jieba.lcut(text, HMM=False)`", e["jieba_nohmm_norm_s"]),
        "",
        f"rjieba cuts {e['words_jieba_s'] / e['words_rjieba_s']:.1f}× as fast as the jieba engine here. With each "
        f"engine, `process()` over the decoded texts takes {e['process_rjieba_s']:.2f} s (rjieba) and "
        f"{e['process_jieba_s']:.2f} s (jieba), against {e['jieba_s']:.2f} s for bare `jieba.lcut` on the same "
        f"decoded texts in that process (ratios {e['jieba_s'] / e['process_rjieba_s']:.2f} and "
        f"{e['jieba_s'] / e['process_jieba_s']:.2f}); the resources load in {e['load_rjieba_s']:.2f} s and "
        f"{e['load_jieba_s']:.2f} s.",
        "",
    ]
