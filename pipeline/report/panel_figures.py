"""The figures of the panels across places and years: lead share by function and level
(``functions_by_level.csv``) and persistence in plan series (``measure_links.csv``)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ..report import figure_labels as L
from ..report.figures import english_labels

LEVEL_ORDER = ("national", "province", "city", "county", "district", "township", "unknown")
FATE_COLORS = {"same": "#2e86c1", "revised": "#f39c12", "new": "#27ae60", "dropped": "#c0392b"}


def lead_share_table(panel: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """Functions (rows, most measures first) × levels (columns): the share of measures they lead.

    Args:
        panel: ``functions_by_level.csv`` (function, level, role, n_measures …).
        top: how many functions to keep.
    Returns:
        Shares in [0, 1]; NaN where a function has no measure at a level.
    """
    df = panel.assign(n_measures=pd.to_numeric(panel["n_measures"]))
    df = df[df["function"] != "government"]  # a government leads by office, not by function
    if df.empty:
        return pd.DataFrame()
    total = df.pivot_table(index="function", columns="level", values="n_measures", aggfunc="sum")
    lead = df[df["role"] == "lead"].pivot_table(index="function", columns="level", values="n_measures", aggfunc="sum")
    share = lead.reindex_like(total).fillna(0) / total
    order = total.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]
    levels = [lv for lv in LEVEL_ORDER if lv in share.columns]
    return share.loc[order, levels]


def plot_lead_share(panel: pd.DataFrame, english: bool = False, top: int = 20) -> Figure:
    """Heat map of :func:`lead_share_table`: the share of each function's measures it leads, by level."""
    english = english_labels(english)
    table = lead_share_table(panel, top) if not panel.empty else pd.DataFrame()
    fig = Figure(figsize=(6 + 0.8 * max(len(table.columns), 1), 2 + 0.3 * max(len(table), 1)), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(L.text("lead_share_title", english))
    if table.empty:
        return fig
    im = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="Reds", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(range(len(table.columns)), [L.level(c, english) for c in table.columns])
    ax.set_yticks(range(len(table.index)), list(table.index))
    ax.set_xlabel(L.text("level", english))
    fig.colorbar(im, ax=ax, label=L.text("lead_share", english))
    return fig


def persistence_table(links: pd.DataFrame, fates: pd.DataFrame) -> pd.DataFrame:
    """Years (rows) × same / revised / new / dropped: measures of each fate.

    A plan's measures are same, revised or new by their link to the plan before; the earlier
    plan's measures no later one takes count as dropped in the later plan's year.
    """
    if links.empty:
        return pd.DataFrame()
    linked = links[links["prev_year"].astype(str) != ""]  # a series' first plan has nothing to keep
    counts = linked.groupby(["year", "kind"]).size().unstack(fill_value=0)
    later_year = dict(zip(linked["prev_year"].astype(str), linked["year"].astype(str), strict=True))
    dropped = fates[fates["fate"] == "dropped"].assign(year=lambda d: d["year"].astype(str).map(later_year))
    counts.index = counts.index.astype(str)
    counts["dropped"] = dropped.groupby("year").size().reindex(counts.index, fill_value=0)
    return counts.reindex(columns=list(FATE_COLORS), fill_value=0)


def plot_persistence(links: pd.DataFrame, fates: pd.DataFrame, english: bool = False) -> Figure:
    """Stacked bars of :func:`persistence_table`: kept, revised, new and dropped measures per year."""
    english = english_labels(english)
    table = persistence_table(links, fates)
    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(L.text("persistence_title", english))
    if table.empty:
        return fig
    bottom = pd.Series(0, index=table.index)
    for fate, color in FATE_COLORS.items():
        ax.bar(table.index, table[fate], bottom=bottom, color=color, label=L.fate(fate, english))
        bottom = bottom + table[fate]
    ax.set_xlabel(L.text("year", english))
    ax.set_ylabel(L.text("measures", english))
    ax.legend(title=L.text("fate", english))
    return fig
