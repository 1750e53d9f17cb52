"""The texts ``make bench`` runs on: the real plans cycled to the bench corpus (page-beginnings, most of
them), whole plans (copies of the 2013 plan), a plan of over a million characters, and their facts.

The real plans are every ``.txt`` under ``corpus/`` and ``../shared/corpus/real/*.txt`` when it is beside
the project, copied, cycled, to ``bench/corpus-real/0001-<stem>.txt`` … (git-ignored: the shared texts
must never enter the repository; ``bench/make_corpus.py --real`` makes it by hand).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from paths import CORPUS, PLAN_2013, ROOT, SHARED_REAL


def real_sources() -> list[Path]:
    """The real plans the project can read: ``corpus/**/*.txt``, then ``../shared/corpus/real/*.txt``."""
    own = sorted(p for p in (ROOT / "corpus").rglob("*.txt") if p.is_file())
    shared = sorted(SHARED_REAL.glob("*.txt")) if SHARED_REAL.is_dir() else []
    return own + shared


def real_corpus(out: Path = CORPUS, n: int = 400) -> list[Path]:
    """Copy the real plans, cycled, to ``n`` files ``out/0001-<stem>.txt`` … (``out`` emptied first).

    The bytes are copied as they are, so every file is read as its original is.

    Returns:
        The paths written, in order.
    """
    sources = real_sources()
    if not sources:
        raise SystemExit("no real plans found under corpus/ or ../shared/corpus/real")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paths = []
    for k in range(n):
        source = sources[k % len(sources)]
        path = out / f"{k + 1:04d}-{source.stem}.txt"
        shutil.copyfile(source, path)
        paths.append(path)
    return paths


def whole_plans(folder: Path, copies: int) -> Path:
    """Write ``copies`` copies of the 2013 plan into ``folder`` (made here), ``001-plan.txt`` …; return ``folder``."""
    folder.mkdir()
    for k in range(copies):
        shutil.copyfile(PLAN_2013, folder / f"{k + 1:03d}-plan.txt")
    return folder


def long_plan(path: Path, min_chars: int = 1_100_000, source: Path = PLAN_2013) -> int:
    """Write a plan of more than ``min_chars`` characters to ``path``; return its length.

    The source plan's header (everything before its first ``一、``) once, then its text from
    there repeated until the plan is longer than ``min_chars``.
    """
    text = source.read_text(encoding="utf-8")
    start = text.index("一、")
    head, body = text[:start], text[start:]
    copies = (min_chars - len(head)) // len(body) + 1
    plan = head + body * copies
    path.write_text(plan, encoding="utf-8")
    return len(plan)


def utf8_copies(paths: list[Path], folder: Path) -> list[Path]:
    """``paths`` decoded (:func:`pipeline.io.readers.read_input`) and written as UTF-8 into ``folder``.

    Returns:
        The copies' paths, in the order of ``paths``.
    """
    from pipeline.io.readers import read_input

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for p in paths:
        target = folder / p.name
        target.write_text(read_input(p).text, encoding="utf-8")
        out.append(target)
    return out


def corpus_paths() -> list[Path]:
    """Every file of the bench corpus, sorted."""
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def decoded_corpus() -> list[Any]:
    """The bench corpus read as a run reads it (:func:`pipeline.io.readers.read_input`): one ``Decoded`` a file."""
    from pipeline.io.readers import read_input

    return [read_input(p) for p in corpus_paths()]


def corpus_facts(sources: list[Path]) -> dict[str, Any]:
    """Size, count, sources, script and encoding facts of the bench corpus.

    Args:
        sources: the real plans it was cycled from (:func:`real_sources`).

    Returns:
        ``n_docs``, ``corpus_bytes``, ``largest``, ``smallest``, ``n_gb18030``, ``n_traditional``,
        ``n_sources`` and ``origins`` (plans by folder, as seen from the project).
    """
    from pipeline.lexicon.script import detect_script

    paths = corpus_paths()
    sizes = [p.stat().st_size for p in paths]
    n_gb, n_trad = 0, 0
    for p in paths:
        data = p.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            n_gb += 1
            text = data.decode("gb18030")
        n_trad += detect_script(text) == "traditional"
    origins: dict[str, int] = {}
    for source in sources:  # the folders the plans come from, as seen from the project
        folder = source.parent.resolve()
        where = os.path.relpath(folder, ROOT) if ROOT.parent in folder.parents else str(folder)
        origins[where] = origins.get(where, 0) + 1
    return {"n_docs": len(paths), "corpus_bytes": sum(sizes), "largest": max(sizes), "smallest": min(sizes),
            "n_gb18030": n_gb, "n_traditional": n_trad, "n_sources": len(sources),
            "origins": origins}  # fmt: skip
