"""Issue 16, item 7: figures read well: the label language, no overlapping labels, groups, years."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl

mpl.use("Agg")

import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from pipeline.report import figure_files, figures  # noqa: E402
from pipeline.report.figure_labels import short_en  # noqa: E402
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS  # noqa: E402


@pytest.fixture(autouse=True)
def _restore_rcparams():
    with mpl.rc_context():
        yield


@dataclass(frozen=True)
class Body:
    """A body as an assignments row names it."""

    name: str
    id: str
    kind: str
    en: str = ""


MOF = Body("财政部", "mof", "ministry", "Ministry of Finance")
MOFCOM = Body("商务部", "mofcom", "ministry", "Ministry of Commerce")


def _row(measure: str, body: Body, role: str) -> dict:
    row = dict.fromkeys(ASSIGNMENT_COLUMNS, "")
    row.update(doc_id="d", measure_id=measure, path="1", body=body.name, body_id=body.id, body_en=body.en,
               body_kind=body.kind, role=role, start=0, end=0)  # fmt: skip
    return row


def _assignments() -> pd.DataFrame:
    rows = [_row("m1", MOF, "lead"),
            _row("m1", MOFCOM, "participant"),
            _row("m1", Body("各地区", "", "generic"), "participant"),
            _row("m2", Body("省发改委", "", "local"), "responsible"),
            _row("m2", MOF, "responsible")]  # fmt: skip
    return pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)


def _texts(fig) -> list[str]:
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    legend = ax.get_legend()
    out = [ax.get_title(), ax.get_xlabel()]
    if legend is not None:
        out += [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
    return out


def test_generic_and_local_groups_left_out_unless_asked():
    a = _assignments()
    assert set(figures.collaboration_graph(a).nodes) == {"mof", "mofcom"}
    assert set(figures.collaboration_graph(a, groups=True).nodes) == {"mof", "mofcom", "各地区", "省发改委"}


def test_role_legend_and_axis_follow_the_language():
    if figures.cjk_font_name() is None:
        pytest.skip("no CJK font installed")
    zh = _texts(figures.plot_role_counts(_assignments()))
    assert {"牵头", "参加", "负责", "措施数"} <= set(zh) and "lead" not in zh and "measures" not in zh
    en = _texts(figures.plot_role_counts(_assignments(), english=True))
    assert {"lead", "participant", "responsible", "measures"} <= set(en) and "牵头" not in en


def test_network_legend_follows_the_language():
    if figures.cjk_font_name() is None:
        pytest.skip("no CJK font installed")
    g = figures.collaboration_graph(_assignments())
    assert "国务院组成部门" in _texts(figures.plot_network(g)) and "ministry" not in _texts(figures.plot_network(g))
    assert "ministry" in _texts(figures.plot_network(g, english=True))


def _star(n: int) -> nx.Graph:
    g = nx.Graph()
    for i in range(n):
        g.add_node(f"b{i}", name=f"国家第{i}测试管理总局", name_en=f"National Testing Administration No. {i}",
                   kind="ministry", n_measures=n - i)  # fmt: skip
    for i in range(1, n):
        g.add_edge("b0", f"b{i}", weight=1, lead_participant=1, co_responsible=0)
        g.add_edge(f"b{i}", f"b{(i % (n - 1)) + 1}", weight=1, lead_participant=0, co_responsible=1)
    return g


@pytest.mark.parametrize("english", [True, False])
def test_network_labels_do_not_overlap_and_only_the_largest_are_labelled(english):
    fig = figures.plot_network(_star(60), english=english)
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text()]
    assert 0 < len(labels) <= figures.NETWORK_LABELS
    boxes = [t.get_window_extent() for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert any("0" in t.get_text() for t in labels)  # the largest body is labelled


def test_year_axis_is_proportional_to_time():
    panel = pd.DataFrame({"body_id": ["mof", "mof", "mofcom"], "body": ["财政部", "财政部", "商务部"],
                          "year": ["2013", "2020", "2016"], "role": ["lead"] * 3, "n_measures": ["3", "2", "1"],
                          "n_documents": ["1"] * 3})  # fmt: skip
    table = figures.year_table(panel)
    assert list(table.columns) == list(range(2013, 2021))  # every year, with or without a plan
    assert table.loc["mof", 2013] == 3 and table.loc["mof", 2020] == 2 and pd.isna(table.loc["mof", 2015])
    fig = figures.plot_bodies_by_year(panel, english=True)
    FigureCanvasAgg(fig).draw()
    ticks = {t.get_text(): t.get_position()[0] for t in fig.axes[0].get_xticklabels()}
    assert {y: ticks[str(y)] - ticks["2013"] for y in (2016, 2020)} == {2016: 3, 2020: 7}  # one width a year


def test_short_english_names_are_not_cut_inside_a_word():
    assert short_en("Ministry of Finance") == "Ministry of Finance"
    assert short_en("General Administration of Quality Supervision, Inspection and Quarantine", 40, "aqsiq") == "AQSIQ"
    assert short_en("Ministry of Industry and Information Technology", 40, "miit") == "Ministry of Industry & Information Tech."
    long = short_en("Office of the State Council Leading Group for Revitalizing Northeast China", 30, "northeast-office")
    assert len(long) <= 30 and long.endswith("…")
    whole = set("Office of the State Council Leading Group for Revitalizing Northeast China Off. LG (State Council)".split())
    assert set(long[:-1].split()) <= whole  # whole words and abbreviations only


def test_english_names_come_from_the_lexicon(tmp_path):
    from pipeline.io.tables import write_csv

    a = _assignments().assign(body_en="")  # an older run's table without English names
    write_csv(a, tmp_path / "assignments.csv")
    write_csv(pd.DataFrame(columns=["doc_id", "measure_id", "path", "section_title", "verb_category", "start"]),
              tmp_path / "measures.csv")
    assert figure_files._with_lexicon_names(a, None).set_index("body_id").loc["mof", "body_en"].iloc[0] == "Ministry of Finance"
    assert any(p.name == "collaboration.png" for p in figure_files.write_figures(tmp_path, english=True))


def test_kind_and_category_labels_come_from_the_lexicon(tmp_path):
    """The legends' kinds and verb categories are labels.csv rows: an edited row shows in the figure."""
    import shutil

    from pipeline.lexicon.model import LEXICON_DIR, load_lexicon
    from pipeline.report import figure_labels

    assert figure_labels.kind("ministry", False) == "国务院组成部门" and figure_labels.kind("ministry", True) == "ministry"
    assert figure_labels.kind("", False) == "？" and figure_labels.kind("", True) == "?"
    assert figure_labels.kind("no_such_kind", False) == "no_such_kind"  # a code with no row shows as itself
    assert figure_labels.category("regulate", False) == "规制执法" and figure_labels.category("(none)", True) == "(none)"
    folder = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, folder)
    path = folder / "labels.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind,ministry,国务院组成部门,ministry,", "kind,ministry,国务院部委,State Council ministry,"),
                    encoding="utf-8")  # fmt: skip
    labels = load_lexicon(folder).labels
    g = figures.collaboration_graph(_assignments())
    assert "State Council ministry" in _texts(figures.plot_network(g, english=True, labels=labels))
    if figures.cjk_font_name() is not None:
        assert "国务院部委" in _texts(figures.plot_network(g, labels=labels))
    measures = pd.DataFrame({"doc_id": ["d"], "measure_id": ["m1"], "path": ["1"], "section_title": ["监管"],
                             "verb_category": ["regulate"], "start": [0]})  # fmt: skip
    assert "regulate" in _texts(figures.plot_verb_mix(measures, english=True, labels=labels))
