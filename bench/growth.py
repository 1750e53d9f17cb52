"""Growth for ``make bench``: `extract --jobs 1 --no-excel` over 400, 1,000 and 4,000 documents (issue 26);
and the page's section on it.

The corpora are the real plans cycled (``corpora.real_corpus``), made in the bench's folder.
Each size runs once, as a whole process: its wall time and peak RSS (``os.wait4``). Time should
grow linearly with the corpus and memory stay flat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpora import real_corpus
from extract_command import extract

SIZES = (400, 1000, 4000)


def measure(work: Path, sizes: tuple[int, ...] = SIZES) -> list[dict[str, Any]]:
    """One run per size, its corpus and output in ``work``.

    Returns:
        Per size: ``documents``, ``wall_s`` and ``rss_mb`` (peak RSS in MB).
    """
    points = []
    for n in sizes:
        corpus = work / f"growth-{n}"
        real_corpus(corpus, n)
        result = extract(work / f"growth-out-{n}", 1, False, corpus)
        points.append({"documents": n, "wall_s": result["wall_s"], "rss_mb": result["rss_mb"]})
    return points


def report_lines(points: list[dict[str, Any]] | None) -> list[str]:
    """The section of docs/benchmarks.md on growth, from :func:`measure`'s ``points``."""
    if not points:
        return []
    base = points[0]
    lines = [
        "## Growth with the corpus (issue 26)",
        "",
        "`fengong extract CORPUS --out OUT --jobs 1 --no-excel` over the real plans cycled, once per size, as a",
        "whole process. Per document, the time should stay level (linear growth) and the memory flat.",
        "",
        "| documents | wall time | per document | peak RSS | × the first size's RSS |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in points:
        lines.append(f"| {p['documents']:,} | {p['wall_s']:.2f} s | {p['wall_s'] / p['documents'] * 1000:.1f} ms "
                     f"| {p['rss_mb']:.0f} MB | {p['rss_mb'] / base['rss_mb']:.2f}× |")
    return [*lines, ""]
