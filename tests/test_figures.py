"""Figures: role counts, the collaboration graph, verb mix, fonts, and a run folder's figure files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

mpl = pytest.importorskip("matplotlib")
nx = pytest.importorskip("networkx")

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from pipeline.errors import FengongError  # noqa: E402
from pipeline.report import figure_files, figures  # noqa: E402
from pipeline.run.batch import RunOptions, run_batch  # noqa: E402
from pipeline.stages.emit.rows import ASSIGNMENT_COLUMNS, MEASURE_COLUMNS  # noqa: E402

from .conftest import CORPUS, ROOT  # noqa: E402

BODIES = {  # body_id: (name, English name, kind)
    "aqsiq": ("国家质量监督检验检疫总局", "General Administration of Quality Supervision", "directly_under"),
    "saic": ("国家工商行政管理总局", "State Administration for Industry and Commerce", "directly_under"),
    "mof": ("财政部", "Ministry of Finance", "ministry"),
    "mofcom": ("商务部", "", "ministry"),  # no English name: labels fall back to the id
}


def assignment(doc: str, measure: str, body_id: str, role: str, path: str = "1") -> dict[str, object]:
    """One assignments row; an unknown body_id is an unlisted body (empty id, kind unknown)."""
    name, name_en, kind = BODIES.get(body_id, (body_id, "", "unknown"))
    known = body_id in BODIES
    row: dict[str, object] = dict.fromkeys(ASSIGNMENT_COLUMNS, "")
    row.update(doc_id=doc, measure_id=measure, path=path, body=name, body_id=body_id if known else "",
               body_en=name_en, body_kind=kind, role=role, start=0, end=0)  # fmt: skip
    return row


@pytest.fixture
def assignments() -> pd.DataFrame:
    """m1: aqsiq leads, saic and mof take part; m2: aqsiq, saic, mofcom co-responsible;
    m3: aqsiq leads alone; d2/m1: saic and an unlisted body co-responsible (twice listed)."""
    rows = [
        assignment("d1", "m1", "aqsiq", "lead"),
        assignment("d1", "m1", "saic", "participant"),
        assignment("d1", "m1", "mof", "participant"),
        assignment("d1", "m2", "aqsiq", "responsible", "2"),
        assignment("d1", "m2", "saic", "responsible", "2"),
        assignment("d1", "m2", "mofcom", "responsible", "2"),
        assignment("d1", "m3", "aqsiq", "lead", "2"),
        assignment("d2", "m1", "saic", "responsible"),
        assignment("d2", "m1", "某某办公室", "responsible"),
        assignment("d2", "m1", "某某办公室", "responsible"),
    ]
    return pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)


@pytest.fixture
def measures() -> pd.DataFrame:
    rows = [("d1", "m1", "1", "加强监管", "promote", 10), ("d1", "m2", "2", "完善制度", "institution", 20),
            ("d1", "m3", "2", "完善制度", "institution", 30), ("d1", "m4", "2", "完善制度", "regulate", 40),
            ("d1", "m5", "", "", "", 50)]  # fmt: skip
    df = pd.DataFrame([dict.fromkeys(MEASURE_COLUMNS, "") for _ in rows], columns=MEASURE_COLUMNS)
    df[["doc_id", "measure_id", "path", "section_title", "verb_category", "start"]] = rows
    return df


@pytest.fixture(autouse=True)
def _restore_rcparams():
    """use_cjk_font changes matplotlib's global rcParams: undo it after each test."""
    with mpl.rc_context():
        yield


def test_role_counts(assignments):
    rc = figures.role_counts(assignments).set_index("body")
    assert list(rc.columns) == ["body_id", "body_en", "lead", "participant", "responsible", "total"]
    aqsiq = rc.loc["国家质量监督检验检疫总局"]
    assert (aqsiq["lead"], aqsiq["participant"], aqsiq["responsible"], aqsiq["total"]) == (2, 0, 1, 3)
    saic = rc.loc["国家工商行政管理总局"]
    assert (saic["lead"], saic["participant"], saic["responsible"], saic["total"]) == (0, 1, 2, 3)
    assert rc.loc["某某办公室", "responsible"] == 1  # listed twice in one measure, counted once
    assert rc.index[0] == "国家质量监督检验检疫总局"  # most measures (and most leads) first


def test_graph_edges_and_weights(assignments):
    g = figures.collaboration_graph(assignments)
    assert set(g.nodes) == {"aqsiq", "saic", "mof", "mofcom", "某某办公室"}
    edges = {frozenset(e): d for *e, d in g.edges(data=True)}
    assert set(edges) == {
        frozenset({"aqsiq", "saic"}), frozenset({"aqsiq", "mof"}),  # lead → participants of m1
        frozenset({"aqsiq", "mofcom"}), frozenset({"saic", "mofcom"}),  # co-responsible in m2
        frozenset({"saic", "某某办公室"}),  # co-responsible in d2/m1
    }  # fmt: skip
    assert not g.has_edge("saic", "mof")  # two participants are not linked to each other
    assert edges[frozenset({"aqsiq", "saic"})] == {"weight": 2, "lead_participant": 1, "co_responsible": 1}
    assert edges[frozenset({"aqsiq", "mof"})]["weight"] == 1
    assert g.nodes["aqsiq"]["kind"] == "directly_under"
    assert g.nodes["aqsiq"]["n_measures"] == 3
    assert g.nodes["mof"]["name_en"] == "Ministry of Finance"
    assert g.nodes["mofcom"]["name_en"] == "mofcom"  # no English name: the id
    assert g.nodes["某某办公室"]["kind"] == "unknown"


def test_co_leads_are_linked():
    df = pd.DataFrame([assignment("d", "m", "aqsiq", "lead"), assignment("d", "m", "saic", "lead"),
                       assignment("d", "m", "mof", "participant")], columns=ASSIGNMENT_COLUMNS)  # fmt: skip
    g = figures.collaboration_graph(df)
    assert g["aqsiq"]["saic"]["weight"] == 1
    assert g.has_edge("aqsiq", "mof") and g.has_edge("saic", "mof")


def test_graphml_round_trip(assignments, tmp_path):
    g = figures.collaboration_graph(assignments)
    path = tmp_path / "g.graphml"
    nx.write_graphml(g, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(g.nodes)
    assert {frozenset(e): d["weight"] for *e, d in back.edges(data=True)} == {
        frozenset(e): d["weight"] for *e, d in g.edges(data=True)
    }
    assert back.nodes["aqsiq"]["name"] == "国家质量监督检验检疫总局"
    assert back.nodes["saic"]["name_en"] == "State Administration for Industry and Commerce"


def test_empty_inputs():
    empty = pd.DataFrame(columns=ASSIGNMENT_COLUMNS)
    assert figures.role_counts(empty).empty
    assert figures.collaboration_graph(empty).number_of_nodes() == 0
    assert isinstance(figures.plot_network(nx.Graph(), english=True), Figure)


def test_verb_mix(measures):
    vm = figures.verb_mix(measures)
    assert list(vm.index) == ["§1 加强监管", "§2 完善制度", "（未编号）"]  # the label language (issue 16)
    assert vm.loc["§2 完善制度", "institution"] == 2
    assert vm.loc["§2 完善制度", "regulate"] == 1
    assert vm.loc["（未编号）", "(none)"] == 1
    assert int(vm.to_numpy().sum()) == len(measures)
    assert list(figures.verb_mix(measures, english=True).index) == ["§1", "§2", "(unnumbered)"]


def _ytick_labels(fig: Figure) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def test_plot_labels_english_and_chinese(assignments):
    en = _ytick_labels(figures.plot_role_counts(assignments, english=True))
    assert "Ministry of Finance" in en and "mofcom" in en
    assert en[-1] == "General Admin. of Quality Supervision"  # most measures on top, shortened (issue 16)
    if figures.cjk_font_name() is None:
        pytest.skip("no CJK font installed")
    assert "某某办公室" in en  # not in the lexicon: its Chinese name, since a CJK font can draw it
    zh = _ytick_labels(figures.plot_role_counts(assignments))
    assert "财政部" in zh and "国家质量监督检验检疫总局" in zh


def test_without_cjk_font_english_labels_and_a_warning(assignments, monkeypatch):
    monkeypatch.setattr(figures, "cjk_font_name", lambda: None)
    assert figures.use_cjk_font() is False
    with pytest.warns(UserWarning, match="CJK font"):
        labels = _ytick_labels(figures.plot_role_counts(assignments))
    assert "Ministry of Finance" in labels and "财政部" not in labels
    assert "(not in lexicon)" in labels and "某某办公室" not in labels  # no glyphs to draw it with


def test_use_cjk_font_sets_rcparams():
    name = figures.cjk_font_name()
    if name is None:
        pytest.skip("no CJK font installed (scripts/install_fonts.sh installs one)")
    assert figures.use_cjk_font() is True
    assert mpl.rcParams["font.sans-serif"][0] == name
    assert mpl.rcParams["axes.unicode_minus"] is False


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A real run folder: the corpus through the batch runner."""
    out = tmp_path_factory.mktemp("run")
    run_batch([str(CORPUS)], RunOptions(out=out, quiet=True))
    return out


def test_write_figures_on_a_run_folder(run_dir):
    written = figure_files.write_figures(run_dir)
    folder = run_dir / "figures"
    for name in (n for n in figure_files.FIGURES if n != "persistence"):  # persistence: after fengong link
        png, svg = folder / f"{name}.png", folder / f"{name}.svg"
        assert png in written and svg in written
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in svg.read_text(encoding="utf-8")[:2000]
    g = nx.read_graphml(folder / "collaboration.graphml")
    assert "aqsiq" in g and g.number_of_edges() > 10


def test_write_figures_without_panel_or_font(assignments, measures, tmp_path, monkeypatch):
    from pipeline.io.tables import write_csv

    write_csv(assignments, tmp_path / "assignments.csv")
    write_csv(measures, tmp_path / "measures.csv")
    monkeypatch.setattr(figures, "cjk_font_name", lambda: None)
    with pytest.warns(UserWarning, match="CJK font") as caught:
        written = figure_files.write_figures(tmp_path)
    assert len([w for w in caught if "CJK font" in str(w.message)]) == 1  # once, not once per figure
    assert sorted(p.name for p in written) == sorted(
        [f"{n}.{e}" for n in figure_files.FIGURES if n not in {"bodies_by_year", "lead_share", "persistence"}
         for e in ("png", "svg")]
        + ["collaboration.graphml"]
    )


def test_write_figures_errors(tmp_path):
    with pytest.raises(FengongError) as err:
        figure_files.write_figures(tmp_path / "missing")
    assert err.value.code == "E001"
    with pytest.raises(FengongError) as err:
        figure_files.write_figures(tmp_path)
    assert err.value.code == "E012"


def test_cli_figures(run_dir):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    ok = subprocess.run([sys.executable, "-m", "pipeline", "figures", str(run_dir), "--english"], cwd=ROOT,
                        env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert str(run_dir / "figures" / "collaboration.graphml") in ok.stdout.splitlines()


@pytest.mark.parametrize("code", ["E001", "E012"])
def test_cli_figures_errors(code, tmp_path, capsys):
    from pipeline.cli import main

    folder = tmp_path / "missing" if code == "E001" else tmp_path
    with pytest.raises(SystemExit) as exit_:
        main(["figures", str(folder)])
    assert exit_.value.code == 2
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1 and f"[{code}]" in stderr
    assert "Traceback" not in stderr
