"""Header metadata of bad copies (tests/metadata, codebook §1): each hand-labelled text's title,
notice title, issuer, date and document number, as its JSON gives them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "metadata"
HELDOUT = Path(__file__).resolve().parent / "heldout_meta"  # first contact 0.983 (its README)
FIELDS = ("title", "notice_title", "issuer", "date", "doc_number")


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.json")) + sorted(HELDOUT.glob("*.json"))


def _read(case: Path, run_text) -> tuple[dict, dict]:
    expected = json.loads(case.read_text(encoding="utf-8"))
    text = case.with_suffix(".txt").read_text(encoding="utf-8")
    return expected, run_text(text, expected["doc"]).document


def test_every_case_has_its_text_and_fields():
    assert len(_cases()) >= 6
    for case in _cases():
        expected = json.loads(case.read_text(encoding="utf-8"))
        assert case.with_suffix(".txt").exists() and set(FIELDS) <= set(expected), case.name


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.parent.name}-{c.stem[:3]}")
def test_header_fields_of_a_bad_copy(case, run_text):
    expected, document = _read(case, run_text)
    for field in FIELDS:  # an empty notice_title too: the text has no covering notice
        assert document[field] == expected[field], f"{case.stem} {field}: {expected['why']}"


def test_an_issuer_and_date_line_closing_the_text(run_text):
    # The closing signature on one line (某市人民政府办公室 2021年3月8日) gives issuer and date too.
    r = run_text("某某市测试工作方案\n为做好测试工作，制定本方案。\n一、加强监管\n（一）开展专项检查。（质检总局负责）\n"
                 "二、保障措施\n各地要加强组织领导，确保各项任务落实。\n某某市人民政府办公室 2021年3月8日\n")
    assert (r.document["issuer"], r.document["date"]) == ("某某市人民政府办公室", "2021-03-08")


def test_a_column_word_stays_when_no_name_follows_it(run_text):
    # 政策文件 is the site's column only before a place or an organisation: here it is the title's own.
    r = run_text("政策文件解读工作方案\n为做好解读工作，制定本方案。\n一、加强监管\n（一）开展专项检查。（质检总局负责）\n")
    assert r.document["title"] == "政策文件解读工作方案"
