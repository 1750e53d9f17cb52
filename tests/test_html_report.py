"""Issue 15: the HTML report (``fengong report OUTDIR``, ``extract --report``), without a browser.

What a browser shows is tested in tests/test_html_report_browser.py; here, the pages' contents:
one per document, offline, the marks at the tables' offsets, markup in a plan shown as text.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.io.readers import read_input
from pipeline.report.html import Span, markup, write_report

from .report_runs import fengong, report_run


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    return report_run(tmp_path_factory.mktemp("report"))


def _page(run: Path, doc_id: str) -> BeautifulSoup:
    return BeautifulSoup((run / "report" / "docs" / f"{doc_id}.html").read_text(encoding="utf-8"), "html.parser")


def _rows(path: Path) -> list[dict[str, str]]:
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").to_dict("records")


def test_a_page_per_document_and_an_index_linking_them(run: Path) -> None:
    docs = sorted(p.parent.name for p in run.glob("*/document.json"))
    assert len(docs) == 4
    assert sorted(p.stem for p in (run / "report" / "docs").glob("*.html")) == docs
    index = BeautifulSoup((run / "report" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in index.select("table.documents a")}
    assert links == {f"docs/{d}.html" for d in docs}
    assert "2013-quality-action-plan" in index.get_text() and "贯彻实施质量发展纲要2013年行动计划" in index.get_text()


def test_the_pages_need_no_network(run: Path) -> None:
    for page in (run / "report").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select("script[src], link[rel=stylesheet], iframe, object, embed"), page
        refs = [t.get("src") or t.get("href") for t in soup.select("[src], [href]")]
        assert not [r for r in refs if re.match(r"^(https?:)?//", r or "")], page
        assert "@import" not in html and "url(http" not in html
        assert "Noto Sans CJK SC" in html  # the project's CJK font stack


PLAN = "2013-quality-action-plan"


def _original(run: Path) -> str:
    return read_input(json.loads((run / PLAN / "document.json").read_text(encoding="utf-8"))["source"]).text


def test_the_page_shows_the_original_text_whole(run: Path) -> None:
    assert _page(run, PLAN).select_one("#text").get_text() == _original(run)  # character for character


def test_each_measure_is_marked_at_its_offsets(run: Path) -> None:
    soup, text = _page(run, PLAN), _original(run)
    measures = _rows(run / PLAN / "measures.csv")
    assert len(soup.select("#text .measure")) == len(measures) == 85
    for m in measures:
        assert soup.select_one(f"#m-{m['measure_id']}").get_text() == text[int(m["start"]):int(m["end"])] == m["text"]


def test_each_body_is_marked_once_with_its_role(run: Path) -> None:
    bodies = _page(run, PLAN).select("#text .body")
    assignments = _rows(run / PLAN / "assignments.csv")
    assert len(bodies) == len({(a["start"], a["end"]) for a in assignments})  # a mark per name written
    raw = {a["raw"] for a in assignments}
    assert all(b.get_text() in raw for b in bodies)
    assert {c for b in bodies for c in b["class"] if c.startswith("role-")} == {"role-lead", "role-participant",
                                                                                 "role-responsible"}  # fmt: skip


def test_the_ten_lists_and_the_closing_subject_are_marked(run: Path) -> None:
    lists = [lst.get_text() for lst in _page(run, PLAN).select("#text .list")]
    parenthesised = [lst for lst in lists if lst[0] in "(（"]
    assert len(parenthesised) == 10 and all(lst[-1] in ")）" for lst in parenthesised)
    assert parenthesised[2].startswith("(質檢總局牽頭") and parenthesised[2].endswith("等參加)")
    assert "地方各級人民政府要" in lists  # the running-text list of every measure, with its role word


def test_the_measures_table_has_a_row_per_measure_linked_to_its_mark(run: Path) -> None:
    soup = _page(run, PLAN)
    assert len(soup.select("table.measures tbody tr")) == 85
    row = soup.select_one("#r-m0017")  # the first measure of section 3 (after 9 + 7): 质检总局 leads
    assert row["data-target"] == "m-m0017" and "lead" in row.get_text() and "国家质量监督检验检疫总局" in row.get_text()
    assert soup.select(".legend .role-lead, .legend .role-participant, .legend .role-responsible")


def test_markup_in_a_plan_is_shown_as_text(run: Path) -> None:
    html = (run / "report" / "docs" / "evil.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<b>加粗" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert len(soup.find_all("script")) == 1 and "__pwned" not in soup.find("script").get_text()
    assert not soup.select("#text img, #text b, #text script, table.measures img, table.measures b")
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    text = soup.select_one("#text").get_text()
    assert '开展<img src=x onerror="window.__pwned=2">专项整治' in text and "<script>" in text


def test_flagged_and_unassigned_measures_stand_out(run: Path) -> None:
    soup = _page(run, "evil")
    assert "flagged" in soup.select_one("#m-m0001")["class"] and "flagged" in soup.select_one("#r-m0001")["class"]
    assert "unassigned" in soup.select_one("#m-m0002")["class"] and "unassigned" in soup.select_one("#r-m0002")["class"]
    assert "unknown_body" in soup.select_one("#r-m0001").get_text()
    assert not {"flagged", "unassigned"} & set(soup.select_one("#m-m0003")["class"])
    assert "2019年底前完成" in soup.select_one("#r-m0003").get_text()  # the deadline
    unknown = [b for b in soup.select("#text .body") if b.get_text() == "火星开发委员会"]
    assert len(unknown) == 1 and "flagged" in unknown[0]["class"]
    index = BeautifulSoup((run / "report" / "index.html").read_text(encoding="utf-8"), "html.parser")
    flagged = index.select("table.flagged-rows tbody tr")
    assert len(flagged) == 1 and "unknown_body" in flagged[0].get_text()
    assert flagged[0].a["href"] == "docs/evil.html#m-m0001"
    assert "unknown body '火星开发委员会'" in index.get_text()  # the document's warnings


def test_figures_are_copied_into_the_report(run: Path) -> None:
    assert fengong("figures", str(run)).returncode == 0
    res = fengong("report", str(run))
    assert res.returncode == 0 and res.stdout.strip() == str(run / "report" / "index.html")
    figures = sorted(p.name for p in (run / "report" / "figures").glob("*.png"))
    assert figures == sorted(p.name for p in (run / "figures").glob("*.png")) and figures
    index = BeautifulSoup((run / "report" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert sorted(img["src"] for img in index.select("#figures img")) == [f"figures/{f}" for f in figures]


def test_a_source_changed_or_gone_is_said_and_the_table_still_shown(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text((Path(__file__).parent.parent / "corpus" / "2013-quality-action-plan.txt").read_text(encoding="utf-8"),
                    encoding="utf-8")  # fmt: skip
    out = tmp_path / "run"
    assert fengong("extract", str(plan), "--out", str(out), "--no-excel", "--quiet").returncode == 0
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    write_report(out)
    soup = _page(out, "plan")
    assert "has changed since the run" in soup.select_one("#note").get_text()
    assert len(soup.select("table.measures tbody tr")) == 85 and not soup.select("#text .measure")
    plan.unlink()
    write_report(out)
    assert "not found" in _page(out, "plan").select_one("#note").get_text()


def test_report_of_a_folder_that_is_no_run() -> None:
    res = fengong("report", "/nonexistent/run")
    assert res.returncode == 2 and "[E012]" in res.stderr and "Traceback" not in res.stderr


def test_markup_nests_and_cuts_crossing_spans() -> None:
    text = "abcdefghij"
    spans = [Span(0, 6, "measure", "m"), Span(2, 4, "body", "b"), Span(4, 8, "list", "l"), Span(5, 6, "body", "c")]
    events = markup(text, spans)
    assert "".join(item for kind, item in events if kind == "text") == text
    shape = "".join(item if kind == "text" else f"<{item.classes}>" if kind == "open" else "</>" for kind, item in events)
    assert shape == "<m>ab<b>cd</><l>e<c>f</></></>ghij"  # the list crossing the measure's end is cut there
    assert markup("", spans) == []


def test_a_200_measure_plan_is_written_fast(tmp_path: Path) -> None:
    out = report_run(tmp_path, big=True)
    assert len(_rows(out / "big" / "measures.csv")) == 200
    started = time.perf_counter()
    write_report(out)
    assert time.perf_counter() - started < 3.0
    soup = _page(out, "big")
    assert len(soup.select("#text .measure")) == 200 and len(soup.select("#text .list")) == 20
    assert len(soup.select("#text .body")) == 80


def test_make_install_installs_chromium_as_root() -> None:
    import subprocess

    from .conftest import ROOT

    dry = subprocess.run(["make", "-n", "-B", "-C", str(ROOT), "install"], capture_output=True, text=True).stdout
    assert "sh scripts/install_chromium.sh" in dry
    script = (ROOT / "scripts" / "install_chromium.sh").read_text(encoding="utf-8")
    assert "apt-get install -y -qq chromium chromium-driver" in script and "apt-get update" in script
    assert 'id -u)" != "0"' in script  # not root: skipped quietly
