"""Issue 23, item 9: the collaboration figure gives each kind of body its own colour, and shows
local groups (and their labels) only with ``--groups``."""

from __future__ import annotations

import csv

import matplotlib as mpl

mpl.use("Agg")

import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from pipeline.lexicon.model import KINDS, LEXICON_DIR  # noqa: E402
from pipeline.report import figures  # noqa: E402
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS  # noqa: E402

OLD_GREY = "#95a5a6"  # what every kind but eight was drawn in before


@pytest.fixture(autouse=True)
def _restore_rcparams():
    with mpl.rc_context():
        yield


def _frame(rows: list[tuple[str, ...]]) -> pd.DataFrame:
    """Assignments of one measure: (body, body_id, body_en, kind, role, level, place) each."""
    out = []
    for body, body_id, body_en, kind, role, level, place in rows:
        row = dict.fromkeys(ASSIGNMENT_COLUMNS, "")
        row.update(doc_id="d", measure_id="m1", path="1", body=body, body_id=body_id, body_en=body_en,
                   body_kind=kind, role=role, level=level, place=place, start=0, end=0)  # fmt: skip
        out.append(row)
    return pd.DataFrame(out, columns=ASSIGNMENT_COLUMNS)


# The six kinds that shared one grey (office, institution, people_org, judicial, state_org,
# enterprise), two that had a colour, and unknown: one lead and eight co-participants.
EIGHT_KINDS = _frame([
    ("财政部", "mof", "Ministry of Finance", "ministry", "lead", "national", ""),
    ("国务院办公厅", "gosc", "General Office of the State Council", "office", "participant", "national", ""),
    ("中国科学院", "cas", "Chinese Academy of Sciences", "institution", "participant", "national", ""),
    ("中华全国妇女联合会", "acwf", "All-China Women's Federation", "people_org", "participant", "national", ""),
    ("最高人民法院", "spc", "Supreme People's Court", "judicial", "participant", "national", ""),
    ("国家监察委员会", "nsc", "National Supervisory Commission", "state_org", "participant", "national", ""),
    ("中国移动通信集团有限公司", "china-mobile", "China Mobile", "enterprise", "participant", "national", ""),
    ("国家税务总局", "sat", "State Taxation Administration", "directly_under", "participant", "national", ""),
    ("某某办公室", "", "", "unknown", "participant", "unknown", ""),
])  # fmt: skip

# Two national bodies and five local groups: by kind (各地区 generic, 省发改委 local), by level
# (省国贸集团: province) and by place (兰州海关, 团县委: names the lexicon lacks, of a place).
WITH_GROUPS = _frame([
    ("财政部", "mof", "Ministry of Finance", "ministry", "lead", "national", ""),
    ("商务部", "mofcom", "Ministry of Commerce", "ministry", "participant", "national", ""),
    ("各地区", "local-regions", "all localities", "local", "participant", "unknown", ""),
    ("省发改委", "", "", "local", "participant", "province", "浙江省"),
    ("省国贸集团", "", "", "unknown", "participant", "province", "浙江省"),
    ("兰州海关", "", "", "unknown", "participant", "unknown", "兰州市"),
    ("团县委", "", "", "unknown", "participant", "unknown", "皋兰县"),
])  # fmt: skip
NATIONAL = {"Ministry of Finance", "Ministry of Commerce"}


def _legend(fig) -> dict[str, str]:
    """The network legend's entries: label → the colour of its marker."""
    FigureCanvasAgg(fig).draw()
    legend = fig.axes[0].get_legend()
    return {t.get_text(): to_hex(h.get_color()) for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}


def _labels(fig) -> set[str]:
    FigureCanvasAgg(fig).draw()
    return {t.get_text() for t in fig.axes[0].texts if t.get_text()}


def test_every_kind_has_a_colour_of_its_own():
    with open(LEXICON_DIR / "agencies.csv", encoding="utf-8") as fh:
        lexicon_kinds = {row["kind"] for row in csv.DictReader(fh)}
    assert lexicon_kinds | set(KINDS) <= set(figures.KIND_STYLES)  # the codebook's 15 kinds
    colours = [c.lower() for c, _ in figures.KIND_STYLES.values()]
    assert len(colours) == len(set(colours)) == 15 and OLD_GREY not in colours
    styles = figures.kind_styles(["ministry", "my_kind", "other_kind"])  # kinds of a lexicon of one's own
    assert styles["ministry"] == ("#0072B2", "o")
    assert len({c for c, _ in styles.values()}) == 3


def test_the_network_legend_has_a_distinct_colour_per_kind():
    fig = figures.plot_network(figures.collaboration_graph(EIGHT_KINDS), english=True)
    legend = _legend(fig)
    assert sorted(legend) == sorted(["ministry", "office", "institution", "people_org", "judicial", "state_org",
                                     "enterprise", "directly_under", "unknown"])  # fmt: skip
    assert len(set(legend.values())) == 9 and OLD_GREY not in legend.values()
    assert legend["office"] == "#d55e00" and legend["judicial"] == "#332288" and legend["unknown"] == "#bbbbbb"
    # the nodes are drawn in their legend's colours, one collection (one marker) per kind
    drawn = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert [len(c.get_offsets()) for c in drawn] == [1] * 9
    assert {to_hex(c.get_facecolor()[0], keep_alpha=False) for c in drawn} == set(legend.values())


def test_no_group_and_no_group_label_without_groups():
    g = figures.collaboration_graph(WITH_GROUPS)
    assert set(g.nodes) == {"mof", "mofcom"} and g.graph["groups"] is False
    assert _labels(figures.plot_network(g, english=True)) == NATIONAL
    kept = figures.collaboration_graph(WITH_GROUPS, groups=True)
    assert len(kept) == 7 and {n for n in kept if kept.nodes[n]["group"]} == {
        "local-regions", "省发改委", "省国贸集团", "兰州海关", "团县委"}  # fmt: skip
    labelled = _labels(figures.plot_network(kept, english=True))
    assert NATIONAL < labelled  # with --groups, the groups are labelled too
    # A graph holding groups that were not asked for (say, read from elsewhere) labels none of them.
    kept.graph["groups"] = False
    fig = figures.plot_network(kept, english=True)
    assert _labels(fig) == NATIONAL
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections if isinstance(c, PathCollection)) == 7


def test_group_attributes_survive_graphml(tmp_path):
    path = tmp_path / "g.graphml"
    nx.write_graphml(figures.collaboration_graph(WITH_GROUPS, groups=True), path)
    back = nx.read_graphml(path)
    assert back.graph["groups"] is True and back.nodes["兰州海关"]["group"] is True and back.nodes["mof"]["group"] is False
