"""Issue 16, item 8: the displaCy view of an extraction (``x.doc``)."""

from __future__ import annotations

import pytest
from spacy import displacy

from pipeline import extract
from pipeline.nlp import DISPLACY_OPTIONS, SPAN_KEY

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
    labels = {s.text: s.label_ for s in _spans(x) if s.label_.startswith("BODY")}
    assert labels["质检总局"] == "BODY·lead"
    assert labels["财政部"] == labels["商务部"] == "BODY·participant"
    assert labels["工商总局"] == "BODY·responsible"
    assert labels["国务院办公厅"] == "BODY"  # the issuer: a body, in no list


def test_each_label_has_its_own_colour(x):
    colors = x.displacy_options["colors"]
    labels = {s.label_ for s in _spans(x)}
    assert labels <= set(colors)
    assert len(set(colors.values())) == len(colors)
    html = displacy.render(x.doc, style="span", options=x.displacy_options)
    assert "BODY·lead" in html and colors["BODY·lead"] in html
    assert DISPLACY_OPTIONS["colors"] == colors


def test_spans_map_to_the_tables_offsets():
    x = extract(str(CORPUS / "2013-quality-action-plan.txt"))  # traditional script: working ≠ original
    rows = set(zip(x.assignments["start"], x.assignments["end"], x.assignments["role"]))
    role_spans = [s for s in _spans(x) if "·" in s.label_]
    assert role_spans
    for s in role_spans:
        assert (s._.orig_start, s._.orig_end, s.label_.split("·")[1]) in rows
    original = x.result.normalized.original
    for s in _spans(x):  # every span's original text is the working text's in the original script
        assert s._.orig_start is not None and s._.orig_end > s._.orig_start
        assert len(original[s._.orig_start : s._.orig_end]) == len(s.text)
