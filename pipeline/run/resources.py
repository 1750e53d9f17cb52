"""The resources every document of a run shares: the lexicon and the segmenter built on it.

Built here, once per process, and handed to the stages, which read no file themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..lexicon.cutters import make_cutter
from ..lexicon.engines import DEFAULT_ENGINE, Engine
from ..lexicon.model import LEXICON_DIR, Lexicon, load_lexicon
from ..stages.segment.segmenter import Segmenter
from ..version import __version__


@dataclass
class Resources:
    """What every document needs: the lexicons and the segmenter built on them."""

    lexicon: Lexicon
    segmenter: Segmenter

    @property
    def versions(self) -> tuple[str, str]:
        """(pipeline version, lexicon version): what a rerun compares to skip an input."""
        return __version__, self.lexicon.version


def load_resources(lexicon_dir: str | Path | None = None, segmenter: Engine = DEFAULT_ENGINE,
                   own_process: bool = False) -> Resources:
    """Load the lexicons and build the segmenter (cached per lexicon folder and engine).

    Args:
        lexicon_dir: the folder of lexicon CSV files (the project's lexicons by default).
        segmenter: the engine of jieba's algorithm, ``"rjieba"`` (default) or ``"jieba"``.
        own_process: whether the process is fengong's own (the command, a batch's worker process),
            so the segmenter may use rjieba's default instance (see :func:`make_segmenter`).
    Returns:
        The :class:`Resources` every document of a run shares.
    """
    return Resources(load_lexicon(lexicon_dir), make_segmenter(lexicon_dir, segmenter, own_process))




def make_segmenter(lexicon_dir: str | Path | None = None, engine: Engine = DEFAULT_ENGINE,
                   own_process: bool = False) -> Segmenter:
    """The segmenter over the lexicon in ``lexicon_dir`` (the project's lexicons by default).

    Args:
        lexicon_dir: the folder of lexicon CSV files.
        engine: ``"rjieba"`` (jieba-rs, the default) or ``"jieba"`` (the reference engine).
        own_process: whether the process is fengong's own (the command, a batch's worker process):
            then rjieba's default instance takes the lexicon's words, which saves building a second
            dictionary (0.1 s); a user's process (a notebook) keeps rjieba's default instance as it was.
    Returns:
        A :class:`~pipeline.stages.segment.segmenter.Segmenter`, built once per folder, engine and process.
    """
    return _make_segmenter(str(Path(lexicon_dir or LEXICON_DIR).resolve()), engine, own_process)


@lru_cache(maxsize=4)
def _make_segmenter(lexicon_dir: str, engine: Engine, own_process: bool) -> Segmenter:
    lexicon = load_lexicon(lexicon_dir)
    return Segmenter(make_cutter(lexicon, engine, own_process), lexicon)
