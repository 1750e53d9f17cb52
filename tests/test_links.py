"""Plan series and measure links: three invented annual plans (tests/series), linked by hand.

The expectations are the hand labels of tests/series/links/*.json (every later measure with its
predecessor or none, its kind and whether its lead changed) and of the README there.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.report.links import PlanMeasure, link_plans
from pipeline.report.series import PlanDoc, group_series, issuer_family, title_key

from .conftest import ROOT

SERIES = ROOT / "tests" / "series"
PLANS = sorted(SERIES.glob("s*_*.txt"))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("series")
    cmd = [sys.executable, "-m", "pipeline", "extract", *map(str, PLANS), "--out", str(out), "--no-excel",
           "-q", "--link"]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=ROOT)
    return out


def test_title_key_takes_out_years_ordinals_and_numbers() -> None:
    assert title_key("贯彻实施质量发展纲要2013年行动计划") == "贯彻实施质量发展纲要{year}年行动计划"
    assert title_key("《某省2019年打击侵权假冒工作要点》") == "某省{year}年打击侵权假冒工作要点"
    assert title_key("潮州市打赢蓝天保卫战实施方案（2019-2020年）") == "潮州市打赢蓝天保卫战实施方案{year}年"
    assert title_key("二〇二一年政务公开工作要点") == "{year}年政务公开工作要点"
    assert title_key("第三批试点工作方案") == "第{n}试点工作方案"


def test_issuer_family() -> None:
    assert issuer_family("国务院办公厅") == "国务院"
    assert issuer_family("宜府办发〔2020〕12号") == ""  # a document number is no issuer


def test_one_title_two_issuers_are_two_series() -> None:
    docs = [PlanDoc("a", 2019, "2019年工作要点", "甲部", ""), PlanDoc("b", 2020, "2020年工作要点", "甲部", ""),
            PlanDoc("c", 2020, "2020年工作要点", "乙部", ""), PlanDoc("d", 2021, "2021年工作要点", "", "")]
    names = group_series(docs)
    assert names["a"] == names["b"] == names["d"] != names["c"]


def test_one_title_two_places_are_two_series() -> None:
    docs = [PlanDoc("a", 2019, "2019年政务公开工作要点", "", "兰州市"),
            PlanDoc("b", 2019, "2019年政务公开工作要点", "", "潍坊市")]
    names = group_series(docs)
    assert names["a"] != names["b"]


def test_a_taiwan_phrased_copy_joins_its_series() -> None:
    docs = [PlanDoc("a", 2013, "贯彻实施质量发展纲要2013年行动计划", "国务院办公厅", ""),
            PlanDoc("b", 2016, "贯彻实施品质发展纲要2016年行动计划", "国务院办公厅", "")]
    names = group_series(docs)
    assert names["a"] == names["b"]


def test_pairs_are_one_to_one_and_below_the_threshold_none() -> None:
    earlier = [PlanMeasure("e:1", "严厉打击网络侵权盗版行为", ()), PlanMeasure("e:2", "加强种子市场监管", ())]
    later = [PlanMeasure("l:1", "严厉打击网络侵权盗版违法行为", ()), PlanMeasure("l:2", "严厉打击网络侵权行为", ()),
             PlanMeasure("l:3", "推进政务公开标准化", ())]
    links = link_plans(later, earlier)
    prev = [link.prev_uid for link in links]
    assert prev[0] == "e:1" and prev[1] is None  # e:1 is taken once, by the closer text
    assert prev[2] is None


def test_series_file_and_tables(linked: Path) -> None:
    series = _rows(linked / "series.csv")
    assert [r["doc_id"] for r in series] == [p.stem for p in PLANS]
    assert len({r["series"] for r in series}) == 1
    assert [r["year"] for r in series] == ["2019", "2020", "2021"]
    assert list(_rows(linked / "measure_links.csv")[0]) == [
        "series", "uid", "year", "prev_uid", "prev_year", "similarity", "kind", "lead_changed", "leads_before",
        "leads_after"]  # fmt: skip


@pytest.mark.parametrize("pair", sorted((SERIES / "links").glob("*.json")), ids=lambda p: p.stem)
def test_links_match_the_hand_labels(linked: Path, pair: Path) -> None:
    gold = json.loads(pair.read_text(encoding="utf-8"))
    links = {r["uid"]: r for r in _rows(linked / "measure_links.csv")}
    later = {m["text_simplified"]: m["uid"] for m in _rows(linked / gold["later"] / "measures.csv")}
    earlier = {m["uid"]: m["text_simplified"] for m in _rows(linked / gold["earlier"] / "measures.csv")}
    agree = 0
    for g in gold["links"]:
        row = links[later[g["later_text"]]]
        got = earlier.get(row["prev_uid"]) if row["prev_uid"] else None
        agree += got == g["earlier_text"]
        if got is not None and got == g["earlier_text"] and g["lead_changed"] is not None:
            assert row["lead_changed"] == str(g["lead_changed"]).lower(), g["why"]
    # The README names one debatable link and one trap per pair; every other measure must agree.
    assert agree >= len(gold["links"]) - 1


def test_a_lead_handed_to_another_body_is_marked(linked: Path) -> None:
    rows = [r for r in _rows(linked / "measure_links.csv") if r["lead_changed"] == "true"]
    moves = {(r["leads_before"], r["leads_after"]) for r in rows}
    assert ("省商务厅", "省公安厅") in moves  # README: 2019 1.3 → 2020 3.2
    assert ("省委宣传部", "省知识产权局") in moves  # 2020 4.1 → 2021 4.1


@pytest.mark.parametrize("pair", sorted((SERIES / "links").glob("*.json")), ids=lambda p: p.stem)
def test_dropped_measures_are_in_the_fates(linked: Path, pair: Path) -> None:
    gold = json.loads(pair.read_text(encoding="utf-8"))
    fates = {r["uid"]: r["fate"] for r in _rows(linked / "measure_fates.csv")}
    assert set(fates.values()) <= {"kept", "revised", "dropped"}
    taken = {g["earlier_text"] for g in gold["links"] if g["earlier_text"]}
    earlier = _rows(linked / gold["earlier"] / "measures.csv")
    dropped = [m["uid"] for m in earlier if m["text_simplified"] not in taken]
    assert len(dropped) == 2  # README: two dropped each year
    # One of each pair's two is the trap the README names (a new task at a dropped task's path).
    assert sum(fates[uid] == "dropped" for uid in dropped) >= 1


def test_series_override(linked: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pipeline", "link", str(linked), "--series",
                    str(SERIES / "series_override.csv")], check=True, cwd=ROOT, capture_output=True)  # fmt: skip
    assert {r["series"] for r in _rows(linked / "series.csv")} == {"provincial-ipr-points"}
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "link", str(linked), "--series", str(bad)],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode != 0 and "E023" in done.stderr and "Traceback" not in done.stderr


def test_the_unit_title_tells_two_equal_texts_apart() -> None:
    earlier = [PlanMeasure("e:1", "开展专项检查", (), "加强校园食品安全"),
               PlanMeasure("e:2", "开展专项检查", (), "整治农村假冒伪劣食品")]  # fmt: skip
    later = [PlanMeasure("l:1", "开展专项检查行动", (), "整治农村假冒伪劣食品")]
    assert link_plans(later, earlier)[0].prev_uid == "e:2"


def test_the_unit_title_alone_makes_no_link() -> None:
    # Two tasks under one heading whose texts share only stock words (加强…保护: 0.15 alike, less
    # with these plans' IDF) are two tasks: the same heading would lift the pair over the link
    # threshold, but a heading breaks ties between similar texts, it is no evidence by itself.
    heading = "加强知识产权保护"
    common = ["开展打击商标侵权专项行动", "开展专利侵权纠纷专项行动", "开展版权保护专项行动", "开展打击假冒专利专项行动"]
    earlier = [PlanMeasure("e:0", "加强植物新品种权保护", (), heading),
               *(PlanMeasure(f"e:{k}", t, (), "打击侵权假冒") for k, t in enumerate(common, 1))]  # fmt: skip
    later = [PlanMeasure("l:0", "加强地理标志产品保护", (), heading),
             *(PlanMeasure(f"l:{k}", t, (), "打击侵权假冒") for k, t in enumerate(common, 1))]  # fmt: skip
    links = link_plans(later, earlier)
    assert [link.prev_uid for link in links] == [None, "e:1", "e:2", "e:3", "e:4"]


@pytest.fixture(scope="module", params=["heldout_links", "heldout_links2"])
def heldout_linked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A held-out set of hand-linked annual plans (its folder) and its linked run."""
    held = ROOT / "tests" / request.param
    out = tmp_path_factory.mktemp(request.param)
    plans = sorted(held.glob("*.txt"))
    subprocess.run([sys.executable, "-m", "pipeline", "extract", *map(str, plans), "--out", str(out), "--no-excel",
                    "-q", "--link", "--series", str(held / "series_override.csv")], check=True, cwd=ROOT)  # fmt: skip
    return held, out


def test_heldout_links_reach_the_goal(heldout_linked: tuple[Path, Path]) -> None:
    """Link F1 over the hand-linked pairs of tests/heldout_links and tests/heldout_links2 (their
    READMEs) is at least 0.85, the issue's goal, and lead_changed agrees on every right link."""
    held, run = heldout_linked
    links = {r["uid"]: r for r in _rows(run / "measure_links.csv")}
    tp = fp = fn = 0
    for pair in sorted((held / "links").glob("*.json")):
        gold = json.loads(pair.read_text(encoding="utf-8"))
        later = {m["text_simplified"]: m["uid"] for m in _rows(run / gold["later"] / "measures.csv")}
        earlier = {m["uid"]: m["text_simplified"] for m in _rows(run / gold["earlier"] / "measures.csv")}
        for g in gold["links"]:
            row = links[later[g["later_text"]]]
            got = earlier.get(row["prev_uid"]) if row["prev_uid"] else None
            if got is not None and got == g["earlier_text"]:
                tp += 1
                if g["lead_changed"] is not None:
                    assert row["lead_changed"] == str(g["lead_changed"]).lower(), g["why"]
            else:
                fp += got is not None
                fn += g["earlier_text"] is not None
    assert 2 * tp / (2 * tp + fp + fn) >= 0.85, (tp, fp, fn)
