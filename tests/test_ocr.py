"""Recognising scanned pages (pipeline/io/ocr.py) and mending what recognition garbles.

The scanned documents are made here: a short plan drawn with PIL in Noto Sans CJK, blurred
and speckled like a scan, saved as an image-only PDF; and a PDF with a text layer (made with
pypdfium2) rendered to an image and saved back as an image PDF, the way scanned plans are
made of plans the pipeline reads perfectly as text. The repair rules are tested on short
strings without Tesseract; the recognition tests skip only where Tesseract is absent.
"""

from __future__ import annotations

import ctypes
import difflib
import io
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.errors import FengongError
from pipeline.io import ocr
from pipeline.io.ocr_names import glyph_overlap, repair_names

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC, TC = 2, 3  # faces of the collection: simplified and traditional Chinese
DPI = 300
PT = 16  # 三号, the body size of an official document (GB/T 9704): 28 characters a line
LINE_WIDTH = 28 * PT  # points
NO_LINE_START = set("，。、；：？！）》”")  # typesetting moves these to the end of the line before

REASON = ocr.available()
needs_tesseract = pytest.mark.skipif(REASON is not None, reason=f"Tesseract absent, not tested: {REASON}")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="Noto Sans CJK (fonts-noto-cjk) absent")

PLAN = """某政办发〔2023〕12号
某市促进消费扩容提质行动方案
一、重点任务
（一）扩大汽车消费。鼓励各区开展汽车促销活动，落实新能源汽车购置补贴政策。（市发改委牵头，市财政局、市商务局配合）
（二）提升餐饮消费。支持老字号企业发展，培育夜间消费集聚区。（市商务局牵头，市市场监管局、市文化广电旅游局配合）
（三）加强消费市场监管。严厉打击假冒伪劣商品，维护消费者合法权益。（市市场监管局负责）
二、保障措施
（一）加强组织领导。建立工作协调机制，定期调度工作进展。（市政府办公室牵头，各区人民政府配合）"""

# What recognition must give back, written by hand: the lines that open with a marker, and
# the responsibility lists (which wrap onto the next line: read in the text without breaks).
MARKER_LINES = ("一、重点任务", "（一）扩大汽车消费。", "（二）提升餐饮消费。", "（三）加强消费市场监管。", "二、保障措施", "（一）加强组织领导。")
LISTS = (
    "（市发改委牵头，市财政局、市商务局配合）",
    "（市商务局牵头，市市场监管局、市文化广电旅游局配合）",
    "（市市场监管局负责）",
    "（市政府办公室牵头，各区人民政府配合）",
)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text``'s paragraphs broken into lines of ``width`` in ``font``, as a word processor."""
    lines = []
    for paragraph in text.splitlines():
        line = ""
        for ch in paragraph:
            if line and font.getlength(line + ch) > width and ch not in NO_LINE_START:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


def draw_page(text: str, face: int = SC) -> Image.Image:
    """An A4 page at 300 dpi with ``text`` typeset on it in Noto Sans CJK."""
    px = round(PT / 72 * DPI)
    font = ImageFont.truetype(str(FONT), px, index=face)
    page = Image.new("L", (round(8.27 * DPI), round(11.69 * DPI)), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(wrap(text, font, LINE_WIDTH / 72 * DPI)):
        draw.text((round(1.1 * DPI), round(1.0 * DPI) + i * round(px * 1.6)), line, font=font, fill=0)
    return page


def scan(page: Image.Image, seed: int = 0) -> Image.Image:
    """``page`` as a scanner gives it: a little rotated and blurred, with grain."""
    page = page.convert("L").rotate(0.3, resample=Image.Resampling.BICUBIC, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    grain = np.random.default_rng(seed).normal(0, 12, page.size[::-1])
    return Image.fromarray((np.asarray(page, dtype=np.float32) + grain).clip(0, 255).astype(np.uint8))


def image_pdf(page: Image.Image, path: Path) -> Path:
    """``page`` saved as a PDF holding only its image, as a scanner saves it."""
    page.save(path, format="PDF", resolution=DPI)
    return path


def text_pdf(text: str, path: Path, face: int = SC) -> Path:
    """A one-page PDF with ``text`` as a text layer (a printed plan), in Noto Sans CJK subset to
    the characters used: made with pypdfium2's PDFium calls."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    font = TTCollection(str(FONT)).fonts[face]
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(text=text)
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    raw = data.getvalue()
    pdf = pdfium.PdfDocument.new()
    buffer = (ctypes.c_uint8 * len(raw)).from_buffer_copy(raw)
    handle = pdfium_c.FPDFText_LoadFont(pdf.raw, buffer, len(raw), pdfium_c.FPDF_FONT_TRUETYPE, True)
    page = pdf.new_page(595, 842)
    measure = ImageFont.truetype(str(FONT), PT * 100, index=face)  # widths in 1/100 pt
    for i, line in enumerate(wrap(text, measure, LINE_WIDTH * 100)):
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, handle, PT)
        utf16 = (line + "\0").encode("utf-16-le")
        pdfium_c.FPDFText_SetText(obj, (ctypes.c_ushort * (len(utf16) // 2)).from_buffer_copy(utf16))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 79, 842 - 72 - PT - i * PT * 1.6)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(path)
    return path


def first_page(path: Path) -> tuple[str, Image.Image]:
    """The text layer of ``path``'s first page and the page rendered at 300 dpi (pdf.py's way)."""
    page = pdfium.PdfDocument(path)[0]
    return page.get_textpage().get_text_range(), page.render(scale=DPI / 72).to_pil()


def accuracy(expected: str, got: str) -> float:
    """difflib's ratio of the two texts without whitespace."""
    strip = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    return difflib.SequenceMatcher(None, strip(expected), strip(got), autojunk=False).ratio()


# --- recognition -----------------------------------------------------------------------------


@needs_tesseract
@needs_font
def test_a_scanned_plan_is_read_with_its_markers_and_lists(tmp_path: Path) -> None:
    layer, image = first_page(image_pdf(scan(draw_page(PLAN)), tmp_path / "scan.pdf"))
    assert not layer.strip()  # image only: what the PDF reader refuses today with E004
    result = ocr.read_page(image)
    text, lines = result.text, result.text.split("\n")
    # The document number, thin brackets and digits at the top, is where recognition fails
    # most: it comes back mended or flagged as doubtful, never silently wrong.
    assert lines[0] == "某政办发〔2023〕12号" or any(n.startswith("line 1: doubtful") for n in result.notes)
    assert lines[1] == "某市促进消费扩容提质行动方案"
    assert all(any(line.startswith(marker) for line in lines) for marker in MARKER_LINES)
    flat = "".join(lines)
    assert all(names in flat for names in LISTS), text
    assert accuracy(PLAN, text) > 0.95  # 0.969 measured: the document number and 沙实 for 落实


@needs_tesseract
@needs_font
def test_a_printed_plan_scanned_back_reads_as_its_text_layer(tmp_path: Path) -> None:
    printed, image = first_page(text_pdf(PLAN, tmp_path / "printed.pdf"))
    assert printed.replace("\r\n", "").startswith("某政办发〔2023〕12号某市促进消费")  # a real text layer
    layer, scanned = first_page(image_pdf(scan(image, seed=1), tmp_path / "scanned.pdf"))
    assert not layer.strip()
    result = ocr.read_page(scanned)
    assert accuracy(printed, result.text) > 0.98
    assert all(names in result.text.replace("\n", "") for names in LISTS), result.text
    assert all(any(line.startswith(m) for line in result.text.split("\n")) for m in MARKER_LINES)
    raw_accuracy = accuracy(printed, result.raw)
    assert raw_accuracy < accuracy(printed, result.text)  # the repairs count: (一) → （一）…


@needs_tesseract
@needs_font
def test_a_traditional_page_is_read_with_the_traditional_model() -> None:
    text = (
        "三、加強重點工程和重大設備質量安全監管。加強對裝備制造基礎設備、能源生產設備、石油化工設備、"
        "交通運輸設備質量監理，為南水北調、鐵路建設、西氣東輸等重點工程施工質量安全提供保障。"
        "組織開展工程質量通病治理專項行動，開展保障性安居工程質量督查。"
        "（質檢總局牽頭，工業和信息化部、住房城鄉建設部、交通運輸部、商務部、國資委等參加）"
    )
    image = scan(draw_page(text, face=TC), seed=2)
    assert ocr.page_script(image) == "traditional"
    got = ocr.recognise(image)
    assert accuracy(text, got) > 0.97
    assert "（質檢總局牽頭，" in got.replace("\n", "")


@needs_tesseract
def test_a_failing_tesseract_is_a_fengong_error() -> None:
    with pytest.raises(FengongError, match=r"\[E004\].*Tesseract failed"):
        ocr.read_page(Image.new("L", (200, 100), 255), "no_such_language")


@needs_tesseract
def test_available_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ocr.available() is None
    assert "tesseract-ocr-xx-yy" in (ocr.available("chi_sim+xx_yy") or "")
    monkeypatch.setenv("PATH", "/nonexistent")
    reason = ocr.available()
    assert reason is not None and ocr.INSTALL in reason and "\n" not in reason


def test_doubtful_words_are_noted_by_line() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t96.1\t加强", "5\t1\t1\t1\t2\t1\t0\t0\t9\t9\t41.7\t市發改委"]
    assert ocr._doubtful("\n".join([header, *rows])) == ["line 2: doubtful '市發改委' (confidence 42)"]


# --- repairs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("(—) 加强组织领导", "（一）加强组织领导"),
        ("(-)扩大汽车消费", "（一）扩大汽车消费"),
        ("（一 扩大汽车消费", "（一）扩大汽车消费"),  # the closing bracket lost
        ("(一)扩大", "（一）扩大"),
        ("[二]加强", "（二）加强"),
        ("(十—)提升", "（十一）提升"),
        ("(二十一) 加强", "（二十一）加强"),
        ("一. 重点任务", "一、重点任务"),
        ("一,重点任务", "一、重点任务"),
        ("—、重点任务", "一、重点任务"),
        ("l. 加强监管", "1.加强监管"),
        ("I.加强监管", "1.加强监管"),
        ("1l.加强监管", "11.加强监管"),
        ("(l) 加强监管", "（1）加强监管"),
        ("(1)加强监管", "（1）加强监管"),
        # no marker: left alone
        ("（一般性转移支付）", "（一般性转移支付）"),
        ("(十四五)规划", "（十四五）规划"),
        ("1.5倍以上", "1.5倍以上"),
        ("(O)加强", "（O）加强"),
    ],
)
def test_outline_markers_are_mended(read: str, meant: str) -> None:
    assert ocr.repair(read)[0] == meant


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("国办发(2013)10号", "国办发〔2013〕10号"),
        ("国办发 [2013] 10 号", "国办发〔2013〕10号"),
        ("浙政辦發【2018】45號", "浙政辦發〔2018〕45號"),
        ("浙政办发〔2018〕45号", "浙政办发〔2018〕45号"),
        ("ISO(2015)", "ISO(2015)"),  # no Chinese issuer: no document number
    ],
)
def test_document_numbers_take_their_brackets(read: str, meant: str) -> None:
    assert ocr.repair(read)[0] == meant


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("提质,推动:加强;好?", "提质，推动：加强；好？"),
        ("政策。 (市发改委牵头，市财政局配合)", "政策。（市发改委牵头，市财政局配合）"),
        ("《质量发展纲要(2011-2020年)》", "《质量发展纲要（2011-2020年）》"),
        ("细颗粒物(PM2.5)浓度", "细颗粒物（PM2.5）浓度"),
        ("配合)", "配合）"),  # its ( is on the line before
        ("1,000 元", "1,000元"),
        ("10:30 开会", "10:30开会"),
        ("ISO 9001 认证", "ISO 9001认证"),
    ],
)
def test_punctuation_of_chinese_text_is_full_width(read: str, meant: str) -> None:
    assert ocr.repair(read)[0] == meant


def test_spaces_go_between_chinese_characters_only() -> None:
    assert ocr.join_spaces("某 市 促进 消费 ， 2013 年 2 月") == "某市促进消费，2013年2月"
    assert ocr.join_spaces("ISO 9001 and 5 G") == "ISO 9001 and 5 G"


def test_repairs_are_noted_and_lines_kept() -> None:
    text, notes = ocr.repair("一, 重点任务\n(—) 扩大汽车消费。 (市发改委牵头)\n国办发(2013)10号")
    assert text == "一、重点任务\n（一）扩大汽车消费。（市发改委牵头）\n国办发〔2013〕10号"
    assert [n.split(":")[0] for n in notes] == ["line 1", "line 2", "line 3"]
    assert ocr.repair("(一) 扩大汽车消费,加强")[1] == []  # width and spaces only: no note


# --- names -----------------------------------------------------------------------------------

NAMES = ("发改委", "国家发展改革委", "商务部", "财政部", "国资委", "农业部", "工信部", "中国移动", "市场监管总局")
ROLE_WORDS = ("牵头", "负责", "配合", "参加", "等")


def same(a: str, b: str) -> bool:
    return True  # every pair of characters looks alike: the rules of position and boundary alone


def test_a_name_misread_in_one_character_is_mended() -> None:
    text, notes = repair_names("（市发政委牵头，市财政局、商务部配合）", NAMES, ROLE_WORDS, alike=same)
    assert text == "（市发改委牵头，市财政局、商务部配合）"
    assert notes == ["发政委 → 发改委 at 2"]
    assert repair_names("国家发展攻革委、市场监管总局等", NAMES, ROLE_WORDS, alike=same)[0] == "国家发展改革委、市场监管总局等"


@pytest.mark.parametrize(
    "text",
    [
        "市财政局、市商务局负责",  # the last character: 局, 部, 厅 name different bodies
        "林业部负责",  # the first of three characters
        "重点工作部署",  # 工作部 is one from 工信部, but 署 follows: no name ends there
        "健康中国行动的意见",  # 中国行动: 的 follows
        "商务部、农业部负责",  # written correctly
        "国资安负责",
    ],
)
def test_what_is_no_misread_name_is_left(text: str) -> None:
    assert repair_names(text, NAMES, ROLE_WORDS, alike=same) == (text, [])


def test_a_run_two_names_are_close_to_is_left() -> None:
    assert repair_names("发攻委负责", ("发改委", "发展委"), ROLE_WORDS, alike=same) == ("发攻委负责", [])


@needs_font
def test_only_characters_that_look_alike_are_mended() -> None:
    assert glyph_overlap("徹", "徽") > 0.8 and glyph_overlap("改", "政") > 0.7
    assert glyph_overlap("作", "信") < 0.6 and glyph_overlap("行", "移") < 0.6
    assert repair_names("市发政委牵头", NAMES, ROLE_WORDS)[0] == "市发改委牵头"  # 政/改 alike
    assert repair_names("中国行动（试行）", NAMES, ROLE_WORDS)[0] == "中国行动（试行）"  # 行/移 not


@needs_font
def test_the_lexicon_mends_no_correct_plan() -> None:
    from pipeline.lexicon.model import load_lexicon
    from pipeline.lexicon.script import to_traditional

    lexicon = load_lexicon()
    names = set(lexicon.alias_index) | {to_traditional(n) for n in lexicon.alias_index}
    followers = set(lexicon.roles) | {to_traditional(r) for r in lexicon.roles}
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    for path in sorted(corpus.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert repair_names(text, names, followers) == (text, []), path.name


def test_brackets_of_different_shapes_are_one_pair() -> None:
    from pipeline.io.ocr import repair_brackets

    text, notes = repair_brackets("编制工作。[市生态环境局牵头，市发展和改革局参与】按省的要求（粤府〔2018〕128号）")
    assert text == "编制工作。（市生态环境局牵头，市发展和改革局参与）按省的要求（粤府〔2018〕128号）"
    assert len(notes) == 1


def test_square_brackets_are_a_misread_of_the_genres_brackets() -> None:
    from pipeline.io.ocr import repair_brackets

    text, _ = repair_brackets("试点。 [责任单位：省发展改革委负责] 依据粤府[2018]128号")
    assert text == "试点。 （责任单位：省发展改革委负责） 依据粤府〔2018〕128号"


def test_a_sites_readings_without_their_tone_marks_are_dropped() -> None:
    from pipeline.io.ocr import drop_readings

    assert drop_readings("國家衛（Wwei）生健康委、國家發（fa）展改革委，醫（y1）療") == "國家衛生健康委、國家發展改革委，醫療"
    assert drop_readings("国内生产总值（GDP）增长，细颗粒物（PM2.5）浓度") == "国内生产总值（GDP）增长，细颗粒物（PM2.5）浓度"


def test_a_markers_misread_numeral_is_the_next_number() -> None:
    from pipeline.io.ocr import cn_numeral, repair_numerals

    assert [cn_numeral(n) for n in (1, 10, 12, 20, 25)] == ["一", "十", "十二", "二十", "二十五"]
    lines = ["（二十四）健全机制。", "（二二五）推进改革。", "（二十六）加强服务。"]
    notes = repair_numerals(lines)
    assert lines == ["（二十四）健全机制。", "（二十五）推进改革。", "（二十六）加强服务。"] and len(notes) == 1
    kept = ["一、总体目标", "三、保障措施"]  # a well-formed numeral is never changed
    assert not repair_numerals(kept) and kept == ["一、总体目标", "三、保障措施"]


def test_title_brackets_and_specks_misread_for_a_lists_bracket() -> None:
    from pipeline.io.ocr import repair

    text, _ = repair("（一）整治占道经营。\n《区城管局牵头，区市场监管局配合）\n（二）改造管网。\n《区住建局负责\n"
                     "（三）提升绿化。〈\\区公\n园城市局牵头）\n依据《某市方案》执行。")  # fmt: skip
    assert text.split("\n") == ["（一）整治占道经营。", "（区城管局牵头，区市场监管局配合）", "（二）改造管网。",
                                "（区住建局负责）", "（三）提升绿化。（区公", "园城市局牵头）", "依据《某市方案》执行。"]  # fmt: skip
