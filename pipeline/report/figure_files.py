"""A run folder's figures as files: its tables read, every figure drawn, PNG and SVG written.

The figures themselves are drawn by :mod:`pipeline.report.figures` from DataFrames; this
module reads them from a folder written by ``fengong extract`` and writes ``figures/`` into it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import FengongError
from ..report.figures import (
    body_key,
    collaboration_graph,
    english_labels,
    label_en,
    plot_bodies_by_year,
    plot_network,
    plot_role_counts,
    plot_verb_mix,
)
from ..report.panel_figures import plot_lead_share, plot_persistence

FIGURES = ("role_counts", "collaboration", "verb_mix", "bodies_by_year", "lead_share", "persistence")  # by file name


def _read(path: Path) -> pd.DataFrame:
    """The CSV table at ``path`` with every cell as text ('' where empty)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def load_tables(out_dir: Path | str) -> dict[str, pd.DataFrame]:
    """The measures, assignments and bodies-by-year tables of a run folder (``fengong extract``)."""
    from ..io.corpus_tables import bodies_by_year

    out = Path(out_dir)
    if not out.is_dir():
        raise FengongError("E001", str(out))
    if not (out / "measures.csv").is_file() or not (out / "assignments.csv").is_file():
        raise FengongError("E012", detail=str(out))
    tables = {"measures": _read(out / "measures.csv"), "assignments": _read(out / "assignments.csv")}
    for name in ("measures", "assignments"):
        tables[name]["start"] = pd.to_numeric(tables[name]["start"], errors="coerce")
    if (out / "bodies_by_year.csv").is_file():
        tables["bodies_by_year"] = _read(out / "bodies_by_year.csv")
    elif (out / "documents.csv").is_file():
        tables["bodies_by_year"] = bodies_by_year(tables["assignments"], _read(out / "documents.csv"))
    return tables


def _with_lexicon_names(assignments: pd.DataFrame, lexicon_dir: str | Path | None) -> pd.DataFrame:
    """The assignments with ``body_en`` as agencies.csv's ``name_en`` (of ``lexicon_dir``) where it has one."""
    from ..lexicon.model import load_lexicon

    bodies = load_lexicon(lexicon_dir).bodies
    official = assignments["body_id"].map(lambda i: bodies[i].name_en if i in bodies else "")
    return assignments.assign(body_en=official.where(official != "", assignments["body_en"]))


def write_figures(out_dir: Path | str, english: bool = False, groups: bool = False,
                  lexicon_dir: str | Path | None = None) -> list[Path]:  # fmt: skip
    """Draw every figure of the run in ``out_dir`` into ``out_dir/figures/`` as PNG and SVG.

    Also writes the network as ``collaboration.graphml``; generic and local groups are in it only
    with ``groups``.

    Args:
        out_dir: a run folder written by ``fengong extract``.
        english: label in English (forced when no CJK font is installed).
        groups: keep generic and local groups in the network.
        lexicon_dir: the lexicons whose ``name_en`` names the bodies in English and whose
            ``labels.csv`` labels body kinds and verb categories (default: the project's).

    Returns:
        The paths written.
    """
    from ..lexicon.model import load_lexicon

    tables = load_tables(out_dir)
    english = english_labels(english)  # one warning, not one per figure, when no CJK font is installed
    folder = Path(out_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    a, m = _with_lexicon_names(tables["assignments"], lexicon_dir), tables["measures"]
    graph = collaboration_graph(a, groups=groups)
    labels = [label_en(*r) for r in zip(a["body"], a["body_en"], a["body_id"], strict=True)]
    names_en = dict(zip(body_key(a), labels, strict=True))
    codes = load_lexicon(lexicon_dir).labels  # the labels of body kinds and verb categories
    figs = {"role_counts": plot_role_counts(a, english), "collaboration": plot_network(graph, english, labels=codes),
            "verb_mix": plot_verb_mix(m, english, codes)}  # fmt: skip
    if "bodies_by_year" in tables:
        figs["bodies_by_year"] = plot_bodies_by_year(tables["bodies_by_year"], english, names_en=names_en)
    out = Path(out_dir)
    if (out / "functions_by_level.csv").is_file():
        figs["lead_share"] = plot_lead_share(_read(out / "functions_by_level.csv"), english)
    if (out / "measure_links.csv").is_file() and (out / "measure_fates.csv").is_file():  # after fengong link
        figs["persistence"] = plot_persistence(_read(out / "measure_links.csv"), _read(out / "measure_fates.csv"),
                                               english)  # fmt: skip
    written: list[Path] = []
    for name, fig in figs.items():
        for ext in ("png", "svg"):
            path = folder / f"{name}.{ext}"
            fig.savefig(path, dpi=150 if ext == "png" else "figure")
            written.append(path)
    path = folder / "collaboration.graphml"
    nx.write_graphml(graph, path)
    written.append(path)
    return written
