"""Figures over the tables of a run: roles per body, the collaboration network, verbs, bodies by year.

Every function takes DataFrames (the columns of :mod:`pipeline.emit`) and returns a matplotlib
:class:`~matplotlib.figure.Figure` or a networkx graph; nothing is drawn through pyplot's global
state. Chinese labels need a CJK font: :func:`use_cjk_font` finds one (Noto Sans CJK SC from
``scripts/install_fonts.sh`` at best); without one, figures fall back to English labels.
"""

from __future__ import annotations

import itertools
import warnings
from collections import defaultdict
from pathlib import Path

import matplotlib as mpl
import networkx as nx
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .errors import FengongError

ROLES = ("lead", "participant", "responsible")
ROLE_COLORS = {"lead": "#c0392b", "participant": "#f39c12", "responsible": "#2e86c1"}
CJK_FONT_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "Source Han")
KIND_COLORS = {"ministry": "#2e86c1", "directly_under": "#27ae60", "special": "#8e44ad",
               "coordination": "#d35400", "party": "#c0392b", "bureau": "#b7950b",
               "local": "#7f8c8d", "generic": "#bdc3c7"}  # fmt: skip
FIGURES = ("role_counts", "collaboration", "verb_mix", "bodies_by_year")


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


def _english(english: bool) -> bool:
    """Whether to label in English: asked for, or forced by a missing CJK font (with a warning)."""
    if english or use_cjk_font():
        return english
    warnings.warn("no CJK font installed (run scripts/install_fonts.sh for fonts-noto-cjk); "
                  "figures use English labels", stacklevel=3)  # fmt: skip
    return True


def _key(df: pd.DataFrame) -> pd.Series:
    """A body's key: its lexicon id, or its name when the lexicon lacks it."""
    return df["body_id"].where(df["body_id"].fillna("") != "", df["body"])


def _label_en(body: str, body_en: str, body_id: str) -> str:
    return body_en or body_id or body


def _short(label: str, width: int = 42) -> str:
    """An English label cut to ``width`` characters; a Chinese one (a body the lexicon lacks, so with
    neither English name nor id) becomes "(not in lexicon)" when no CJK font could draw it."""
    if (
        any("\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in label)
        and cjk_font_name() is None
    ):
        return "(not in lexicon)"
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


# --- roles per body ---------------------------------------------------------------------------


def role_counts(assignments: pd.DataFrame) -> pd.DataFrame:
    """Per body, the number of distinct measures it leads, takes part in and is responsible for.

    Columns ``body_id, body, body_en, lead, participant, responsible, total``, most measures first.
    """
    cols = ["body_id", "body", "body_en", *ROLES, "total"]
    if assignments.empty:
        return pd.DataFrame(columns=cols)
    df = assignments.fillna("").assign(key=lambda d: _key(d))
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
    english = _english(english)
    rc = role_counts(assignments).head(top).iloc[::-1]
    labels = [
        _short(_label_en(b, e, i)) if english else b
        for b, e, i in zip(rc["body"], rc["body_en"], rc["body_id"], strict=True)
    ]
    fig = Figure(figsize=(9, 1.5 + 0.3 * max(len(rc), 1)), layout="constrained")
    ax = fig.add_subplot()
    rows, left = range(len(rc)), pd.Series(0, index=rc.index)  # positions: equal labels stay apart
    for role in ROLES:
        ax.barh(rows, rc[role], left=left, color=ROLE_COLORS[role], label=role)
        left = left + rc[role]
    ax.set_yticks(rows, labels)
    ax.set_xlabel("measures")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Measures per body and role" if english else "各部门承担措施数（按角色）")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


# --- the collaboration network ----------------------------------------------------------------


def collaboration_graph(assignments: pd.DataFrame) -> nx.Graph:
    """Bodies linked by the measures they share.

    A lead is linked to each participant of its measure; the co-responsible bodies of a measure
    (and the co-leads) are linked to each other. ``weight`` counts the distinct measures behind an
    edge, ``lead_participant`` and ``co_responsible`` split it. Nodes carry ``name``, ``name_en``,
    ``kind`` and ``n_measures``; every attribute is a str or int, so ``nx.write_graphml`` works.
    """
    g = nx.Graph()
    if assignments.empty:
        return g
    df = assignments.fillna("").assign(key=lambda d: _key(d))
    for key, grp in df.groupby("key", sort=True):
        first = grp.iloc[0]
        g.add_node(str(key), name=str(first["body"]), name_en=_label_en(first["body"], first["body_en"], first["body_id"]),
                   kind=str(first["body_kind"]), n_measures=int(grp[["doc_id", "measure_id"]].drop_duplicates().shape[0]))  # fmt: skip
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
    """Connected bodies by a spring layout on a circle's area; bodies without a link in a row below."""
    linked = [n for n in graph.nodes if graph.degree(n) > 0]
    alone = [n for n in graph.nodes if graph.degree(n) == 0]
    pos: dict[str, tuple[float, float]] = {}
    if linked:
        sub = graph.subgraph(linked)
        start = nx.circular_layout(sub)
        k = 2.5 / max(len(linked), 1) ** 0.5
        pos.update(
            {n: tuple(p) for n, p in nx.spring_layout(sub, pos=start, k=k, weight=None, seed=seed).items()}
        )
    for i, n in enumerate(alone):
        pos[n] = (-1.0 + 2.0 * (i + 0.5) / len(alone), -1.3)
    return pos


def plot_network(graph: nx.Graph, english: bool = False, seed: int = 7) -> Figure:
    """The collaboration network: node size by measures, colour by kind, edge width by weight."""
    english = _english(english)
    fig = Figure(figsize=(11, 9), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(
        "Collaboration between bodies (shared measures)" if english else "部门协作网络（共同承担的措施数）"
    )
    if graph.number_of_nodes() == 0:
        return fig
    pos = _layout(graph, seed)
    ax.margins(0.12)  # room for the labels of the outermost nodes
    weights = [d["weight"] for _, _, d in graph.edges(data=True)]
    top = max(weights, default=1)
    nx.draw_networkx_edges(
        graph, pos, ax=ax, width=[0.4 + 3.5 * w / top for w in weights], alpha=0.35, edge_color="#555"
    )
    nodes = list(graph.nodes)
    most = max(graph.nodes[n].get("n_measures", 1) for n in nodes) or 1
    sizes = [60 + 900 * graph.nodes[n].get("n_measures", 1) / most for n in nodes]
    colors = [KIND_COLORS.get(graph.nodes[n].get("kind", ""), "#95a5a6") for n in nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=nodes, node_size=sizes, node_color=colors, alpha=0.9)
    labels = {n: _short(graph.nodes[n].get("name_en" if english else "name", n) or n, 30) for n in nodes}
    nx.draw_networkx_labels(graph, pos, labels=labels, ax=ax, font_size=8)
    kinds = sorted({graph.nodes[n].get("kind", "") for n in nodes})
    handles = [
        Line2D([], [], marker="o", ls="", color=KIND_COLORS.get(k, "#95a5a6"), label=k or "?") for k in kinds
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1), fontsize=8, title="kind")
    return fig


# --- verbs per section ------------------------------------------------------------------------


def _section_labels(measures: pd.DataFrame, english: bool) -> pd.Series:
    top = measures["path"].fillna("").astype(str).str.split(".").str[0]
    title = measures["section_title"].fillna("")
    label = top.map(lambda p: f"§{p}" if p else "(unnumbered)")
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


def plot_verb_mix(measures: pd.DataFrame, english: bool = False) -> Figure:
    """Horizontal stacked bars: each section's measures by the category of their main verb."""
    english = _english(english)
    table = verb_mix(measures, english).iloc[::-1]
    fig = Figure(figsize=(10, 1.5 + 0.35 * max(len(table), 1)), layout="constrained")
    ax = fig.add_subplot()
    cmap = mpl.colormaps["tab10"]
    left = pd.Series(0, index=table.index)
    rows = range(len(table))
    for i, cat in enumerate(table.columns):
        ax.barh(rows, table[cat], left=left, color=cmap(i % 10), label=cat)
        left = left + table[cat]
    ax.set_yticks(rows, list(table.index))
    ax.set_xlabel("measures")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Verb categories per section" if english else "各部分措施的动词类别")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="verb category")
    return fig


# --- bodies by year ---------------------------------------------------------------------------


def plot_bodies_by_year(panel: pd.DataFrame, english: bool = False, top: int = 30,
                        names_en: dict[str, str] | None = None) -> Figure:  # fmt: skip
    """Heat map of the bodies-by-year panel (``bodies_by_year.csv``): measures per body and year.

    ``names_en`` maps body_id to an English name; without it English labels are the body_ids.
    """
    english = _english(english)
    rows = min(top, max(panel["body_id"].nunique(), 1))
    fig = Figure(figsize=(6 + 0.8 * panel["year"].nunique(), 2 + 0.3 * rows), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Measures per body and year" if english else "各部门各年度承担措施数")
    if panel.empty:
        return fig
    df = panel.assign(n_measures=pd.to_numeric(panel["n_measures"]), year=panel["year"].astype(str))
    table = df.pivot_table(index="body_id", columns="year", values="n_measures", aggfunc="sum", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    names = df.drop_duplicates("body_id").set_index("body_id")["body"]
    labels = [_short((names_en or {}).get(i) or i) if english else names.get(i, i) for i in table.index]
    im = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues")
    ax.set_xticks(range(len(table.columns)), list(table.columns))
    ax.set_yticks(range(len(table.index)), labels)
    high = table.to_numpy().max() or 1
    for (r, c), v in pd.DataFrame(table.to_numpy()).stack().items():
        shade = "white" if v > high / 2 else "black"
        if v:
            ax.text(c, r, str(int(v)), ha="center", va="center", fontsize=7, color=shade)
    fig.colorbar(im, ax=ax, label="measures (summed over roles)")
    return fig


# --- a run folder -----------------------------------------------------------------------------


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def load_tables(out_dir: Path | str) -> dict[str, pd.DataFrame]:
    """The measures, assignments and bodies-by-year tables of a run folder (``fengong extract``)."""
    from .emit import bodies_by_year

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


def write_figures(out_dir: Path | str, english: bool = False) -> list[Path]:
    """Draw every figure of the run in ``out_dir`` into ``out_dir/figures/`` as PNG and SVG.

    Also writes the network as ``collaboration.graphml``. Returns the paths written.
    """
    tables = load_tables(out_dir)
    english = _english(english)  # one warning, not one per figure, when no CJK font is installed
    folder = Path(out_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    a, m = tables["assignments"], tables["measures"]
    graph = collaboration_graph(a)
    labels = [_label_en(*r) for r in zip(a["body"], a["body_en"], a["body_id"], strict=True)]
    names_en = dict(zip(_key(a), labels, strict=True))
    figs = {"role_counts": plot_role_counts(a, english), "collaboration": plot_network(graph, english),
            "verb_mix": plot_verb_mix(m, english)}  # fmt: skip
    if "bodies_by_year" in tables:
        figs["bodies_by_year"] = plot_bodies_by_year(tables["bodies_by_year"], english, names_en=names_en)
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
