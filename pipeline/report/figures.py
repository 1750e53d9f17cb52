"""Figures over the tables of a run: roles per body, the collaboration network, verbs, bodies by year.

Every function takes DataFrames (the columns of :mod:`pipeline.stages.emit.rows`) and returns a matplotlib
:class:`~matplotlib.figure.Figure` or a networkx graph; nothing is drawn through pyplot's global
state. Chinese labels need a CJK font: :func:`use_cjk_font` finds one (Noto Sans CJK SC from
``scripts/install_fonts.sh`` at best); without one, figures fall back to English labels.
:mod:`pipeline.report.figure_files` draws them all for a run folder and writes them there.
"""

from __future__ import annotations

import itertools
import warnings
from collections import defaultdict
from typing import TYPE_CHECKING

import matplotlib as mpl
import networkx as nx
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..report import figure_labels as L

if TYPE_CHECKING:
    from ..lexicon.labels import Labels

ROLES = ("lead", "participant", "responsible")
ROLE_COLORS = {"lead": "#c0392b", "participant": "#f39c12", "responsible": "#2e86c1"}
CJK_FONT_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "Source Han")
# The network's colour and marker per body kind (docs/codebook.md §6, figure_labels.KINDS), every
# kind its own colour from two colour-blind-safe palettes: Okabe & Ito's for the organs of the
# State Council (circles), Paul Tol's "muted" for the others (squares), the two told apart by
# their shape too; unknown is Tol's grey (a diamond).
KIND_STYLES = {  # kind: (colour, marker)
    "ministry": ("#0072B2", "o"), "directly_under": ("#009E73", "o"), "bureau": ("#56B4E9", "o"),
    "coordination": ("#E69F00", "o"), "special": ("#CC79A7", "o"), "office": ("#D55E00", "o"),
    "institution": ("#F0E442", "o"),
    "party": ("#CC6677", "s"), "people_org": ("#AA4499", "s"), "judicial": ("#332288", "s"),
    "state_org": ("#882255", "s"), "enterprise": ("#999933", "s"), "generic": ("#DDCC77", "s"),
    "local": ("#44AA99", "s"),
    "unknown": ("#BBBBBB", "D"),
}  # fmt: skip
# For a kind the table lacks (a lexicon of one's own): the rest of Tol's muted and bright, in turn.
SPARE_STYLES = (("#117733", "^"), ("#88CCEE", "^"), ("#EE6677", "^"), ("#4477AA", "^"), ("#000000", "^"))
KIND_COLORS = {kind: color for kind, (color, _) in KIND_STYLES.items()}
GROUP_KINDS = {"generic", "local"}  # left out of the network unless asked for (``--groups``)
# Levels below the nation: a body of one (兰州海关 of a city, 团县委) is local, whatever its kind.
LOCAL_LEVELS = {"province", "city", "county", "district", "township"}
NETWORK_LABELS = 20  # the network labels at most this many of its largest bodies


# --- fonts and labels -------------------------------------------------------------------------


def cjk_font_name() -> str | None:
    """The name of an installed CJK font matplotlib can use, Simplified Chinese sans-serif first."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    found = [n for n in names if any(h.lower() in n.lower() for h in CJK_FONT_HINTS)]
    if not found:
        return None
    # Prefer SC over the other regions, sans over serif, proportional over mono.
    return min(found, key=lambda n: ("SC" not in n.split() and "CN" not in n, "Serif" in n, "Mono" in n, n))


def use_cjk_font() -> bool:
    """Make a CJK font matplotlib's first sans-serif font; False if none is installed."""
    name = cjk_font_name()
    if name is None:
        return False
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != name]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [name, *rest]
    mpl.rcParams["axes.unicode_minus"] = False
    return True


def english_labels(english: bool) -> bool:
    """Whether to label in English: asked for, or forced by a missing CJK font (with a warning).

    The CJK font is made the first one in English too, when installed: a body the lexicon lacks
    keeps its Chinese name as its English label, which DejaVu Sans cannot draw.

    Args:
        english: English labels asked for (``--english``).
    Returns:
        Whether the figures label in English.
    """
    if use_cjk_font() or english:
        return english
    warnings.warn("no CJK font installed (run scripts/install_fonts.sh for fonts-noto-cjk); "
                  "figures use English labels", stacklevel=3)  # fmt: skip
    return True


def body_key(df: pd.DataFrame) -> pd.Series:
    """A body's key: its lexicon id, or its name when the lexicon lacks it."""
    return df["body_id"].where(df["body_id"].fillna("") != "", df["body"])


def label_en(body: str, body_en: str, body_id: str) -> str:
    """A body's English label: its English name, else its lexicon id, else its name."""
    return body_en or body_id or body


def _has_cjk(label: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in label)


def _short(label: str, width: int = 40, body_id: str = "") -> str:
    """An English label shortened sensibly to ``width`` (:func:`~pipeline.report.figure_labels.short_en`);
    a Chinese one (a body the lexicon lacks, so with neither English name nor id) becomes
    "(not in lexicon)" when no CJK font could draw it."""
    if _has_cjk(label):
        return "(not in lexicon)" if cjk_font_name() is None else label
    return L.short_en(label, width, body_id)


# --- roles per body ---------------------------------------------------------------------------


def role_counts(assignments: pd.DataFrame) -> pd.DataFrame:
    """Per body, the number of distinct measures it leads, takes part in and is responsible for.

    Columns ``body_id, body, body_en, lead, participant, responsible, total``, most measures first.
    """
    cols = ["body_id", "body", "body_en", *ROLES, "total"]
    if assignments.empty:
        return pd.DataFrame(columns=cols)
    df = assignments.fillna("").assign(key=lambda d: body_key(d))
    df = df.drop_duplicates(["key", "doc_id", "measure_id", "role"])
    counts = pd.crosstab(df["key"], df["role"]).reindex(columns=list(ROLES), fill_value=0)
    names = df.drop_duplicates("key").set_index("key")[["body_id", "body", "body_en"]]
    out = names.join(counts).fillna(0)
    out[list(ROLES)] = out[list(ROLES)].astype(int)
    out["total"] = df.drop_duplicates(["key", "doc_id", "measure_id"]).groupby("key").size()
    out = out.sort_values(["total", "lead", "body"], ascending=[False, False, True])
    return out.reset_index(drop=True)[cols]


def plot_role_counts(assignments: pd.DataFrame, english: bool = False, top: int = 30) -> Figure:
    """Horizontal stacked bars: each body's measures as lead, participant and responsible."""
    english = english_labels(english)
    rc = role_counts(assignments).head(top).iloc[::-1]
    labels = [
        _short(label_en(b, e, i), 40, i) if english else b
        for b, e, i in zip(rc["body"], rc["body_en"], rc["body_id"], strict=True)
    ]
    fig = Figure(figsize=(9, 1.5 + 0.3 * max(len(rc), 1)), layout="constrained")
    ax = fig.add_subplot()
    rows, left = range(len(rc)), pd.Series(0, index=rc.index)  # positions: equal labels stay apart
    for role in ROLES:
        ax.barh(rows, rc[role], left=left, color=ROLE_COLORS[role], label=L.role(role, english))
        left = left + rc[role]
    ax.set_yticks(rows, labels)
    ax.set_xlabel(L.text("measures", english))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(L.text("role_title", english))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), title=L.text("role", english))
    return fig


# --- the collaboration network ----------------------------------------------------------------


def is_group(assignments: pd.DataFrame) -> pd.Series:
    """Which rows name a generic or local group rather than one national body.

    Args:
        assignments: rows of assignments.csv (``body_kind``; ``level`` and ``place`` when given).
    Returns:
        A boolean Series: ``body_kind`` generic or local (各地区, 省发改委), or a level below the
        nation (:data:`LOCAL_LEVELS`: 省国贸集团), or a place (兰州海关 of 兰州市, 各开发区管委会 of
        酒泉市: a name the lexicon lacks, local all the same; national bodies have none).
    """
    empty = pd.Series("", index=assignments.index)
    level, place = (assignments.get(c, empty).fillna("").astype(str) for c in ("level", "place"))
    return assignments["body_kind"].isin(GROUP_KINDS) | level.isin(LOCAL_LEVELS) | (place != "")


def collaboration_graph(assignments: pd.DataFrame, groups: bool = False) -> nx.Graph:
    """Bodies linked by the measures they share.

    Generic and local groups (:func:`is_group`: 各地区, 省发改委, 兰州海关) are left out unless
    ``groups``: they are not one body each, and would crowd the national ones. The graph's
    ``groups`` attribute says whether they were kept, and each node's ``group`` whether it is one.

    A lead is linked to each participant of its measure; the co-responsible bodies of a measure
    (and the co-leads) are linked to each other. ``weight`` counts the distinct measures behind an
    edge, ``lead_participant`` and ``co_responsible`` split it. Nodes carry ``name``, ``name_en``,
    ``kind``, ``n_measures`` and ``group``; every attribute is a str, int or bool, so
    ``nx.write_graphml`` works.

    Args:
        assignments: rows of assignments.csv, of one document or many.
        groups: keep generic and local groups (``fengong figures --groups``).
    Returns:
        The graph, keyed by :func:`body_key`.
    """
    g = nx.Graph(groups=bool(groups))
    if assignments.empty:
        return g
    assignments = assignments.assign(group=is_group(assignments))
    if not groups:
        assignments = assignments[~assignments["group"]]
    if assignments.empty:
        return g
    df = assignments.fillna("").assign(key=lambda d: body_key(d))
    for key, grp in df.groupby("key", sort=True):
        first = grp.iloc[0]
        g.add_node(str(key), name=str(first["body"]), name_en=label_en(first["body"], first["body_en"], first["body_id"]),
                   kind=str(first["body_kind"]), n_measures=int(grp[["doc_id", "measure_id"]].drop_duplicates().shape[0]),
                   group=bool(grp["group"].any()))  # fmt: skip
    links: dict[tuple[str, str], dict[str, set]] = defaultdict(
        lambda: {"lead_participant": set(), "co_responsible": set()}
    )
    for measure, grp in df.groupby(["doc_id", "measure_id"], sort=False):
        by_role = {r: sorted(set(grp.loc[grp["role"] == r, "key"])) for r in ROLES}
        for a, b in itertools.product(by_role["lead"], by_role["participant"]):
            if a != b:
                links[tuple(sorted((a, b)))]["lead_participant"].add(measure)
        for group in (by_role["responsible"], by_role["lead"]):
            for a, b in itertools.combinations(group, 2):
                links[(a, b)]["co_responsible"].add(measure)
    for (a, b), kinds in sorted(links.items()):
        g.add_edge(a, b, weight=len(kinds["lead_participant"] | kinds["co_responsible"]),
                   lead_participant=len(kinds["lead_participant"]), co_responsible=len(kinds["co_responsible"]))  # fmt: skip
    return g


def _layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Connected bodies spread by a spring layout (strong repulsion, many iterations, so that
    nodes keep apart); bodies without a link in a row below."""
    linked = [n for n in graph.nodes if graph.degree(n) > 0]
    alone = [n for n in graph.nodes if graph.degree(n) == 0]
    pos: dict[str, tuple[float, float]] = {}
    if linked:
        sub = graph.subgraph(linked)
        k = 4.0 / max(len(linked), 1) ** 0.5
        spread = nx.spring_layout(sub, pos=nx.circular_layout(sub), k=k, weight=None, iterations=300, seed=seed)
        pos.update(nx.rescale_layout_dict(spread, scale=1.0))
    for i, n in enumerate(alone):
        pos[n] = (-1.0 + 2.0 * (i + 0.5) / len(alone), -1.3)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def kind_styles(kinds: list[str]) -> dict[str, tuple[str, str]]:
    """The colour and marker of each body kind of a figure: :data:`KIND_STYLES`, and for a kind
    it lacks a spare style no other kind of the figure has (:data:`SPARE_STYLES`, in turn).

    Args:
        kinds: the kinds drawn, in legend order.
    Returns:
        ``{kind: (colour, marker)}``, a distinct colour per kind (while the spares last).
    """
    styles = {k: KIND_STYLES[k] for k in kinds if k in KIND_STYLES}
    spare = iter(st for st in SPARE_STYLES if st[0] not in {c for c, _ in styles.values()})
    for k in kinds:
        if k not in styles:
            styles[k] = next(spare, SPARE_STYLES[-1])
    return styles


def _label_largest(ax: Axes, graph: nx.Graph, pos: dict[str, tuple[float, float]], english: bool,
                   sizes: dict[str, float]) -> list[str]:  # fmt: skip
    """Label the largest nodes (most measures first, :data:`NETWORK_LABELS` at most) whose label
    overlaps no label already placed; a group (a node's ``group``) only in a graph that kept
    groups (its ``groups``, ``--groups``).

    Args:
        ax: the network's axes, drawn once (the labels' extents are measured on it).
        graph: the graph drawn (:func:`collaboration_graph`).
        pos: each node's place.
        english: English labels (``name_en``), else the names.
        sizes: each node's marker size (points²): a label sits just above its node.
    Returns:
        The labelled nodes. Labels are drawn above their node, on a light box.
    """
    renderer = ax.figure.canvas.get_renderer()
    with_groups = bool(graph.graph.get("groups"))
    order = sorted((n for n in graph.nodes if with_groups or not graph.nodes[n].get("group")),
                   key=lambda n: (-graph.nodes[n].get("n_measures", 0), n))  # fmt: skip
    placed, done = [], []
    for n in order[:NETWORK_LABELS]:
        data = graph.nodes[n]
        label = _short(data.get("name_en") or n, 28, n) if english else _short(data.get("name") or n)
        t = ax.annotate(label, pos[n], xytext=(0, sizes[n] ** 0.5 / 2 + 1), textcoords="offset points", ha="center", va="bottom",
                        fontsize=8, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
        box = t.get_window_extent(renderer)
        if any(box.overlaps(other) for other in placed):
            t.remove()
            continue
        placed.append(box)
        done.append(n)
    return done


def plot_network(graph: nx.Graph, english: bool = False, seed: int = 7,
                 labels: Labels | None = None) -> Figure:  # fmt: skip
    """The collaboration network: node size by measures, colour and marker by kind
    (:func:`kind_styles`, a legend entry each), edge width by weight.

    Only the largest bodies are labelled, and no two labels overlap (:func:`_label_largest`);
    groups are labelled only when the graph kept them (``collaboration_graph(..., groups=True)``).

    Args:
        graph: a graph of :func:`collaboration_graph`.
        english: English labels and legend.
        seed: the layout's seed (the same graph, the same picture).
        labels: the labels of the kinds in the legend (default: the project's ``lexicons/labels.csv``).
    Returns:
        The figure.
    """
    english = english_labels(english)
    fig = Figure(figsize=(12, 10), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(L.text("network_title", english))
    if graph.number_of_nodes() == 0:
        return fig
    pos = _layout(graph, seed)
    ax.margins(0.08)
    weights = [d["weight"] for _, _, d in graph.edges(data=True)]
    top = max(weights, default=1)
    nx.draw_networkx_edges(
        graph, pos, ax=ax, width=[0.3 + 3.0 * w / top for w in weights], alpha=0.25, edge_color="#555"
    )
    nodes = list(graph.nodes)
    most = max(graph.nodes[n].get("n_measures", 1) for n in nodes) or 1
    sizes = {n: 40 + 900 * graph.nodes[n].get("n_measures", 1) / most for n in nodes}
    kinds = sorted({graph.nodes[n].get("kind", "") for n in nodes})
    styles = kind_styles(kinds)
    for kind in kinds:  # one marker per call
        these = [n for n in nodes if graph.nodes[n].get("kind", "") == kind]
        color, marker = styles[kind]
        nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=these, node_size=[sizes[n] for n in these],
                               node_color=color, node_shape=marker, alpha=0.9, edgecolors="white", linewidths=0.5)  # fmt: skip
    handles = [Line2D([], [], marker=styles[k][1], ls="", color=styles[k][0], markeredgecolor="white",
                      label=L.kind(k, english, labels)) for k in kinds]  # fmt: skip
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1), fontsize=8, title=L.text("kind", english))
    FigureCanvasAgg(fig).draw()  # the layout settles before the labels' places are measured
    _label_largest(ax, graph, pos, english, sizes)
    return fig


# --- verbs per section ------------------------------------------------------------------------


def _section_labels(measures: pd.DataFrame, english: bool) -> pd.Series:
    top = measures["path"].fillna("").astype(str).str.split(".").str[0]
    title = measures["section_title"].fillna("")
    label = top.map(lambda p: f"§{p}" if p else L.text("unnumbered", english))
    if not english:
        label = (label + " " + title).str.strip()
    if measures["doc_id"].nunique() > 1:
        label = measures["doc_id"].astype(str) + " · " + label
    return label


def verb_mix(measures: pd.DataFrame, english: bool = False) -> pd.DataFrame:
    """Sections (rows, in document order) × verb categories (columns): the number of measures."""
    if measures.empty:
        return pd.DataFrame()
    df = measures.fillna("").assign(section=_section_labels(measures, english),
                                    category=lambda d: d["verb_category"].replace("", "(none)"))  # fmt: skip
    order = list(dict.fromkeys(df.sort_values(["doc_id", "start"], kind="stable")["section"]))
    table = pd.crosstab(df["section"], df["category"]).reindex(order)
    table.index.name, table.columns.name = "section", "verb_category"
    return table


def plot_verb_mix(measures: pd.DataFrame, english: bool = False, labels: Labels | None = None) -> Figure:
    """Horizontal stacked bars: each section's measures by the category of their main verb.

    Args:
        measures: the measures table.
        english: label in English (forced when no CJK font is installed).
        labels: the labels of the categories in the legend (default: the project's ``lexicons/labels.csv``).

    Returns:
        The figure.
    """
    english = english_labels(english)
    table = verb_mix(measures, english).iloc[::-1]
    fig = Figure(figsize=(10, 1.5 + 0.35 * max(len(table), 1)), layout="constrained")
    ax = fig.add_subplot()
    cmap = mpl.colormaps["tab10"]
    left = pd.Series(0, index=table.index)
    rows = range(len(table))
    for i, cat in enumerate(table.columns):
        ax.barh(rows, table[cat], left=left, color=cmap(i % 10), label=L.category(cat, english, labels))
        left = left + table[cat]
    ax.set_yticks(rows, list(table.index))
    ax.set_xlabel(L.text("measures", english))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(L.text("verb_title", english))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title=L.text("verb_category", english))
    return fig


# --- bodies by year ---------------------------------------------------------------------------


def year_table(panel: pd.DataFrame, top: int = 30) -> pd.DataFrame:
    """Bodies (rows, most measures first) × every year from the first to the last (columns):
    measures summed over roles; a year with no document is a column of NaN, so the year axis
    is proportional to time."""
    df = panel.assign(n_measures=pd.to_numeric(panel["n_measures"]),
                      year=pd.to_numeric(panel["year"], errors="coerce")).dropna(subset=["year"])  # fmt: skip
    if df.empty:
        return pd.DataFrame()
    df["year"] = df["year"].astype(int)
    table = df.pivot_table(index="body_id", columns="year", values="n_measures", aggfunc="sum", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    years = range(int(df["year"].min()), int(df["year"].max()) + 1)
    return table.reindex(columns=list(years)).astype(float)


def plot_bodies_by_year(panel: pd.DataFrame, english: bool = False, top: int = 30,
                        names_en: dict[str, str] | None = None) -> Figure:  # fmt: skip
    """Heat map of the bodies-by-year panel (``bodies_by_year.csv``): measures per body and year.

    Every year of the span has a column of the same width (years without a plan are blank), so
    distances along the axis are proportional to time. ``names_en`` maps body_id to an English
    name; without it English labels are the body_ids.
    """
    english = english_labels(english)
    table = year_table(panel, top) if not panel.empty else pd.DataFrame()
    rows = max(len(table), 1)
    fig = Figure(figsize=(6 + min(0.45 * len(table.columns), 14), 2 + 0.3 * rows), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(L.text("year_title", english))
    if table.empty:
        return fig
    names = panel.drop_duplicates("body_id").set_index("body_id")["body"]
    labels = [_short((names_en or {}).get(i) or i, 40, i) if english else names.get(i, i) for i in table.index]
    values = table.to_numpy()
    cmap = mpl.colormaps["Blues"].with_extremes(bad="#e5e5e5")  # grey: a year without a plan
    im = ax.imshow(values, aspect="auto", cmap=cmap, interpolation="nearest")
    years = list(table.columns)
    step = 1 if len(years) <= 16 else 2 if len(years) <= 32 else 5
    ticks = [i for i, y in enumerate(years) if (y - years[0]) % step == 0]
    ax.set_xticks(ticks, [str(years[i]) for i in ticks])
    ax.set_xlabel(L.text("year", english))
    ax.set_yticks(range(len(table.index)), labels)
    high = pd.Series(values.ravel()).max() or 1
    for (r, c), v in pd.DataFrame(values).stack().items():
        if v == v and v:  # not NaN (a year without a plan), not 0
            ax.text(c, r, str(int(v)), ha="center", va="center", fontsize=7, color="white" if v > high / 2 else "black")
    fig.colorbar(im, ax=ax, label=L.text("measures_summed", english))
    return fig
