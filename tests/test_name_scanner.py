"""The one scanner of names and role words (pipeline/stages/lists/scanner.py), at each strictness.

Expectations written by hand from codebook §5: the same slice read as a list keeps what is no
name as ``unread``; in running text the scan fails on it, or (a run of names after 由) stops there.
"""

from __future__ import annotations

import pytest

from pipeline.lexicon.model import load_lexicon
from pipeline.stages.lists.scanner import NameScanner, Strictness
from pipeline.types import TextSlice

LEXICON = load_lexicon()
SLICE = "质检总局、财政部负责开展监督"


def _scan(text: str, strictness: Strictness) -> tuple[list[tuple[str, str]] | None, int]:
    scanner = NameScanner(LEXICON, TextSlice(text, 0, len(text)), strictness)
    items = scanner.scan()
    return (None if items is None else [(it.kind, it.text) for it in items]), scanner.end


def test_a_list_keeps_the_piece_that_is_no_name_as_unread() -> None:
    items, _ = _scan(SLICE, Strictness.LIST)
    assert items == [("body", "质检总局"), ("separator", "、"), ("body", "财政部"), ("role", "负责"),
                     ("unread", "开展监督")]  # fmt: skip


def test_running_text_made_of_more_than_names_is_no_run() -> None:
    assert _scan(SLICE, Strictness.RUNNING)[0] is None


def test_a_run_of_names_stops_before_the_text_after_it() -> None:
    items, end = _scan(SLICE, Strictness.RUN_OF_NAMES)
    assert items == [("body", "质检总局"), ("separator", "、"), ("body", "财政部"), ("role", "负责")]
    assert end == len("质检总局、财政部负责")


@pytest.mark.parametrize("strictness", list(Strictness))
def test_a_slice_of_names_alone_reads_the_same_at_every_strictness(strictness: Strictness) -> None:
    items, end = _scan("市发展改革委牵头，市财政局配合", strictness)
    assert items == [("body", "市发展改革委"), ("role", "牵头"), ("separator", "，"), ("body", "市财政局"),
                     ("role", "配合")]  # fmt: skip
    assert end == len("市发展改革委牵头，市财政局配合")


def test_only_a_list_reads_a_bracket_as_the_name_s_second_name() -> None:
    text = "质检总局（国家认监委）牵头"
    assert _scan(text, Strictness.LIST)[0] == [("body", "质检总局（国家认监委）"), ("role", "牵头")]
    assert _scan(text, Strictness.RUNNING)[0] is None  # （ is no name: not a run of names
    assert _scan(text, Strictness.RUN_OF_NAMES) == ([("body", "质检总局")], len("质检总局"))


def test_a_deadline_label_takes_the_rest_up_to_the_semicolon() -> None:
    items, _ = _scan("市商务局负责；完成时限：2019年底前；", Strictness.RUNNING)
    assert items == [("body", "市商务局"), ("role", "负责"), ("separator", "；"), ("deadline_label", "完成时限："),
                     ("deadline", "2019年底前"), ("separator", "；")]  # fmt: skip
