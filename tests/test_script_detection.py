"""Script detection (document.json ``script``): traditional, simplified or mixed, judged on characters."""

from __future__ import annotations

import pytest

from pipeline.lexicon import script


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国务院办公厅关于印发质量发展纲要行动计划的通知。各地区、各部门要认真贯彻执行。", "simplified"),
        ("國務院辦公廳關於印發質量發展綱要行動計劃的通知。各地區、各部門要認真貫徹執行。", "traditional"),
        # a Big5 copy in which a gateway left every other sentence simplified
        ("國務院辦公廳關於印發質量發展綱要行動計劃的通知。各地区、各部门要认真贯彻执行。", "mixed"),
        ("若干干部制度的发展。", "simplified"),  # 干 and 制, each a traditional form too in these words
    ],
)
def test_a_text_is_said_to_be_in_the_script_it_is_written_in(text: str, expected: str) -> None:
    assert script.detect_script(text) == expected


def test_the_count_of_simplified_characters_needs_no_phrase_table() -> None:
    # s2t's phrase table takes 80 ms to load: a one-plan run of a traditional text does without it.
    script._converter.cache_clear()
    assert script.detect_script("國務院關於印發質量發展綱要的通知。各部门要执行。") in {"traditional", "mixed"}
    loaded = script._converter.cache_info().currsize
    assert script._character_converter() is not None
    assert loaded == 1  # t2s only
