"""Repairs of recognised text that the genre makes predictable (issue 22, scanned plans).

Each expectation is written by hand: the misreading is one Tesseract makes on plans printed and
scanned (a stroke of 二 lost and 、 read as x; a title's 》 lost; a list broken over the page; a
role word misread in one character), and the text a person reads on the page is the answer.
"""

from __future__ import annotations

import pytest

from pipeline.io.ocr import repair
from pipeline.io.ocr_names import _font, repair_role_words
from pipeline.io.readers import _is_word, _name_before, _ocr_words
from pipeline.lexicon.model import load_lexicon

needs_font = pytest.mark.skipif(_font() is None, reason="no CJK font (make install installs Noto CJK)")
LEXICON = load_lexicon()


def test_a_top_marker_with_a_lost_stroke_and_its_pause_read_as_x_is_the_next_number() -> None:
    text, notes = repair("一、总体目标\n以习近平新时代中国特色社会主义思想为指导。\n一x主要任务\n（一）推出消费惠民措施。")
    assert text.split("\n")[2] == "二、主要任务"
    assert any("一 → 二" in note for note in notes)


def test_a_repeated_number_is_kept_when_the_next_one_is_not_one_character_away() -> None:
    text, _ = repair("一、总体目标\n一、主要任务")  # 一 and 二 differ in one character: mended
    assert text.split("\n")[1] == "二、主要任务"
    text, _ = repair("九、保障措施\n九、附则")  # 九 and 十 differ in one character too: 十、
    assert text.split("\n")[1] == "十、附则"
    text, _ = repair("十九、保障措施\n十九、附则")  # 十九 and 二十 differ in two: left as written
    assert text.split("\n")[1] == "十九、附则"


def test_a_title_whose_closing_mark_was_lost_keeps_its_opening_mark() -> None:
    """《…。: a sentence ends inside, so it is a title, not a list's bracket read as 《; no ） is added."""
    text, _ = repair("为落实《广东省打赢蓝天保卫战实施方案，制定本方案。\n一、总体要求")
    assert text.split("\n")[0] == "为落实《广东省打赢蓝天保卫战实施方案，制定本方案。"
    text, _ = repair("8.制定出台《关于滥用知识产权的反垄断指南六 (商务部、发展改革委按职责分别负责)")  # 》。 read as 六
    assert text == "8.制定出台《关于滥用知识产权的反垄断指南六（商务部、发展改革委按职责分别负责）"  # the list after it is kept
    text, _ = repair("（二）改造管网。\n《区住建局负责\n（三）提升绿化。")  # a list's （ read as 《: mended
    assert text.split("\n")[1] == "（区住建局负责）"


def test_a_list_broken_over_the_page_is_not_closed_at_the_pages_end() -> None:
    text, _ = repair("（三）加大打击力度。（公安部、")
    assert text == "（三）加大打击力度。（公安部、"
    text, _ = repair("（三）加大打击力度。（公安部负责")  # its ） lost at the end of a line: closed
    assert text == "（三）加大打击力度。（公安部负责）"


def _mend(text: str) -> tuple[str, list[str]]:
    _, followers = LEXICON.derived(_ocr_words)
    return repair_role_words(text, followers, _name_before(LEXICON), _is_word(LEXICON))


@needs_font
@pytest.mark.parametrize(("read", "meant"), [
    ("（县财政局率头，县税务局配合）", "（县财政局牵头，县税务局配合）"),  # 率/牵 after a local name
    ("市发改委愉头落实", "市发改委牵头落实"),  # a table cell: the role word ends the line
    ("（南任單位：市稅務局）", "（責任單位：市稅務局）"),  # a label, traditional script
    ("（率頭單位：縣財政局；責任單位：各鎮人民政府）", "（牽頭單位：縣財政局；責任單位：各鎮人民政府）"),
])  # fmt: skip
def test_a_role_word_misread_in_one_character_is_mended(read: str, meant: str) -> None:
    text, notes = _mend(read)
    assert text == meant and len(notes) == 1


@needs_font
@pytest.mark.parametrize("text", [
    "所需经费由市财政局负担。",  # 负担 is a word of its own, not 负责 misread
    "各开发区，各街道办事处，各区直部门，各有关单位：",  # 各区直部门 is one name, not 各区 + 等部门
    "会同有关部门开展社会经济调查。",  # no name before 会经
])  # fmt: skip
def test_what_is_no_misread_role_word_is_left(text: str) -> None:
    assert _mend(text) == (text, [])


@needs_font
def test_no_correct_plan_of_the_project_has_a_role_word_mended() -> None:
    """Read as they are, the project's own texts (corpus/, the hand-labelled sets) need no mending."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    paths = sorted([*root.glob("corpus/*.txt"), *root.glob("tests/*/*.txt")])
    assert len(paths) > 50
    mended = {p.name: notes for p in paths if (notes := _mend(p.read_text(encoding="utf-8", errors="replace"))[1])}
    assert mended == {}


def test_a_document_number_broken_over_two_lines_takes_its_brackets() -> None:
    """【2017j⏎200号: the year's brackets misread and the number broken by the line's end."""
    text, _ = repair("按照《江门市方案》（江府函 【2017j\n200号）规定的税额标准执行。")
    assert text == "按照《江门市方案》（江府函〔2017〕\n200号）规定的税额标准执行。"


def test_a_later_page_keeps_the_documents_script_unless_it_strongly_says_otherwise(monkeypatch) -> None:
    """The pages of one document share a script: a weak reading of a later page (3.2 points for
    chi_tra on a simplified page) gives way to its earlier pages'; a strong one does not."""
    from PIL import Image

    from pipeline.io import ocr

    read_with: list[str] = []
    monkeypatch.setattr(ocr, "_tesseract", lambda image, languages, psm: (read_with.append(languages) or "", ""))
    page = Image.new("L", (10, 10), 255)
    for margin, prior, model in [(3.2, "simplified", "chi_sim"), (14.2, "simplified", "chi_tra"),
                                 (3.2, None, "chi_tra"), (-6.6, "traditional", "chi_sim")]:  # fmt: skip
        monkeypatch.setattr(ocr, "_script_margin", lambda image, read, m=margin: (
            "traditional" if m > 0 else "simplified", m))
        read_with.clear()
        assert ocr.read_page(page, prior=prior).script == ("traditional" if model == "chi_tra" else "simplified")
        assert read_with == [model]


def test_a_document_read_by_ocr_says_how_much_was_repaired_and_doubted() -> None:
    """Never silent: the document's warnings count the repairs and the words Tesseract doubted."""
    from pipeline.io.table_text import render
    from pipeline.types import TextBlock

    pages = [TextBlock("一、加强监管", ocr=True, notes=("line 1: (—) 加强 → （一）加强", "line 2: doubtful '率头' (confidence 41)")),
             TextBlock("二、保障措施", ocr=True, notes=("率头 → 牵头 at 12",))]  # fmt: skip
    warnings = render(pages, LEXICON).warnings
    assert warnings == ["recognised by OCR: 2 page(s), 2 repair(s), 1 word(s) Tesseract doubted (confidence < 60); "
                        "check names and markers"]  # fmt: skip
    assert render([TextBlock("一、加强监管")], LEXICON).warnings == []
