"""Issue 16, item 8: the displaCy view of an extraction (``x.doc``)."""

from __future__ import annotations

import re

import pytest
from spacy import displacy

from pipeline import extract
from pipeline.nlp import BODY_LABELS, DISPLACY_OPTIONS, SPAN_KEY

from .conftest import CORPUS

TEXT = ("国务院办公厅关于印发测试工作方案的通知\n各省、自治区、直辖市人民政府：\n"
        "经国务院同意，现印发《测试工作方案》，请认真贯彻执行。\n2015年3月1日\n"
        "测试工作方案\n一、加强质量监管\n（一）完善标准体系。（质检总局牵头，财政部、商务部参加）\n"
        "（二）加强市场监督检查。（工商总局负责）\n")  # fmt: skip


@pytest.fixture(scope="module")
def x():
    return extract(TEXT)


def _spans(x):
    return list(x.doc.spans[SPAN_KEY])


def test_no_verb_is_marked_outside_the_measures(x):
    measures = x.result.assignments.measures
    verbs = [s for s in _spans(x) if s.label_ == "VERB"]
    assert verbs and all(any(m.start <= s.start_char and s.end_char <= m.end for m in measures) for s in verbs)
    header_end = x.doc.text.index("一、")
    assert not [s for s in verbs if s.start_char < header_end]  # 印发, 贯彻, 执行 of the notice: not marked
    title = x.doc.text.index("加强质量监管")
    assert not [s for s in verbs if title <= s.start_char < title + 6]  # the title's 加强: not marked


def test_roles_show_in_span_labels(x):
    labels = {s.text: (s.label_, s._.role) for s in _spans(x) if s.label_ in BODY_LABELS}
    assert labels["质检总局"] == ("LEAD", "lead")
    assert labels["财政部"] == labels["商务部"] == ("PART", "participant")
    assert labels["工商总局"] == ("RESP", "responsible")
    assert labels["国务院办公厅"] == ("BODY", None)  # the issuer: a body, in no list


def test_each_label_has_its_own_colour(x):
    colors = x.displacy_options["colors"]
    labels = {s.label_ for s in _spans(x)}
    assert labels <= set(colors)
    assert len(set(colors.values())) == len(colors)
    html = displacy.render(x.doc, style="span", options=x.displacy_options)
    assert "LEAD" in html and colors["LEAD"] in html
    assert DISPLACY_OPTIONS["colors"] == colors


def test_spans_map_to_the_tables_offsets():
    x = extract(str(CORPUS / "2013-quality-action-plan.txt"))  # traditional script: working ≠ original
    rows = set(zip(x.assignments["start"], x.assignments["end"], x.assignments["role"]))
    role_spans = [s for s in _spans(x) if s._.role]
    assert role_spans
    for s in role_spans:
        assert (s._.orig_start, s._.orig_end, s._.role) in rows
    original = x.result.normalized.original
    for s in _spans(x):  # every span's original text is the working text's in the original script
        assert s._.orig_start is not None and s._.orig_end > s._.orig_start
        assert len(original[s._.orig_start : s._.orig_end]) == len(s.text)


# Issue 23, item 9: a list's labels ran over each other (BODY·participant over 财政部、商务部).
# displaCy's span style writes each label at 0.6em, bold, over the start of its span: four capitals
# (about 1.6em with their padding) stay within the two characters of the shortest name.
LIMIT = 4
LABEL = re.compile(r'<span style="background: (#[0-9a-f]{6}); z-index: 10;[^>]*>(.*?)</span>', re.S)


def _labels(html: str) -> list[tuple[str, str]]:
    """The (colour, text) of every label of displaCy's span style, the text as shown (a kb link too)."""
    return [(color, " ".join(re.sub(r"<[^>]+>", " ", inner).split())) for color, inner in LABEL.findall(html)]


def test_rendered_labels_are_short_and_every_role_still_shows(x):
    html = displacy.render(x.doc, style="span", options=x.displacy_options)
    labels = _labels(html)
    assert len(labels) == len(_spans(x)) and all(len(text) <= LIMIT for _, text in labels), labels
    colors = x.displacy_options["colors"]
    # 质检总局 lead; 财政部, 商务部 participants; 工商总局 responsible: each role by its label and colour
    assert {(colors["LEAD"], "LEAD"), (colors["PART"], "PART"), (colors["RESP"], "RESP")} <= set(labels)
    assert [text for _, text in labels].count("PART") == 2
    ents = displacy.render(x.doc, style="ent", options=x.displacy_options)  # the entity style: the same labels
    shown = re.findall(r'vertical-align: middle; margin-left: 0.5rem">(.*?)</span>', ents, flags=re.S)
    assert {"LEAD", "PART", "RESP"} <= set(shown) and all(len(t) <= LIMIT for t in shown)
    legend = x.displacy_legend  # what the four letters mean
    for label, role in (("LEAD", "lead"), ("PART", "participant"), ("RESP", "responsible")):
        assert f"background: {colors[label]}" in legend and f"<b>{label}</b> {role}" in legend


def test_labels_of_a_whole_plan_are_short():
    x = extract(str(CORPUS / "2013-quality-action-plan.txt"))
    html = displacy.render(x.doc, style="span", options=x.displacy_options)
    texts = {text for _, text in _labels(html)}
    assert texts == {"BODY", "LEAD", "PART", "RESP", "VERB"}  # no kb id after BODY or VERB


def test_the_kb_ids_are_kept_on_the_spans(x):
    kb = {(s.text, s.label_): s._.kb for s in _spans(x)}
    assert kb[("质检总局", "LEAD")] == "aqsiq" and kb[("国务院办公厅", "BODY")] == "gosc"
    assert kb[("完善", "VERB")] == "institution"
    assert not any(s.kb_id_ for s in _spans(x))


def test_no_two_labels_overlap_in_a_browser(tmp_path):
    """The labels' boxes as Chromium lays them out (900 px wide): before, 59 pairs of the 2013
    plan's 285 labels overlapped (BODY·responsible over BODY·responsible, VERB promote over VERB
    organize)."""
    from .browser import chromium, chromium_missing

    if chromium_missing():
        pytest.skip(chromium_missing())
    x = extract(str(CORPUS / "2013-quality-action-plan.txt"))
    page = tmp_path / "view.html"
    html = x.displacy_legend + displacy.render(x.doc, style="span", options=x.displacy_options)
    page.write_text(f"<html><meta charset=utf-8><body>{html}</body></html>", encoding="utf-8")
    driver = chromium(tmp_path / "profile", 900, 700)
    try:
        driver.get(page.as_uri())
        boxes = driver.execute_script(
            "return [...document.querySelectorAll('span[style*=\"z-index: 10\"]')].map(e => {"
            "const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.left, r.top, r.right, r.bottom];});"
        )
    finally:
        driver.quit()
    assert len(boxes) == len(_spans(x)) > 200
    overlaps = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
                if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]  # fmt: skip
    assert not overlaps
