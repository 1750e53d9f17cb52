"""Conventions of plans met on fresh task tables (tests/heldout_tables2): a first-listed note before
the outline holds for every list (codebook §5); a department's divisions are bodies. Expectations
written by hand from the codebook."""

from __future__ import annotations

from .conftest import triples

TITLE_NOTE = (
    "某市2016年食品安全重点工作任务分工表（责任部门排在第一位的为牵头单位）\n"
    "一、开展食品安全城市创建工作。（市食安办、市食品药品监管局、各县区政府）\n"
    "二、加强农药兽药使用监管。（市农业局、市畜牧兽医局）\n"
)


def test_a_first_listed_note_in_the_title_holds_for_every_list(run_text) -> None:
    """The bracket names nobody of its own: without 下同 it still states the convention for the plan."""
    assert triples(run_text(TITLE_NOTE)) == {
        ("1", "市食安办", "lead"), ("1", "市食品药品监管局", "participant"), ("1", "各县区政府", "participant"),
        ("2", "市农业局", "lead"), ("2", "市畜牧兽医局", "participant"),
    }  # fmt: skip


def test_a_first_listed_note_inside_one_list_holds_for_that_list_alone(run_text) -> None:
    text = ("一、开展创建工作。（市食安办、市公安局负责，排在首位的为牵头单位）\n"
            "二、加强监管。（市农业局、市畜牧兽医局负责）\n")  # fmt: skip
    assert triples(run_text(text)) == {
        ("1", "市食安办", "lead"), ("1", "市公安局", "participant"),
        ("2", "市农业局", "responsible"), ("2", "市畜牧兽医局", "responsible"),
    }  # fmt: skip


def test_a_departments_own_divisions_are_bodies(run_text) -> None:
    """A department's plan names its divisions (…处, …处室) and units (…馆): bodies the lexicon
    lacks, kept and flagged unknown_body, never dropped (lexicons/body_patterns.csv)."""
    text = ("一、推进课程思政建设。（思想政治工作处牵头，基础教育处、省电化教育馆配合）\n"
            "二、加强经费保障。（财务处、厅机关各处室、各市（州）教育行政部门按职责分工负责）\n")  # fmt: skip
    assert triples(run_text(text)) == {
        ("1", "思想政治工作处", "lead"), ("1", "基础教育处", "participant"), ("1", "省电化教育馆", "participant"),
        ("2", "财务处", "responsible"), ("2", "厅机关各处室", "responsible"),
        ("2", "各市（州）教育行政部门", "responsible"),
    }  # fmt: skip


def test_a_word_ending_in_chu_is_no_body(run_text) -> None:
    result = run_text("一、加强监管，此处从略。（市市场监管局负责）\n")
    assert triples(result) == {("1", "市市场监管局", "responsible")}
