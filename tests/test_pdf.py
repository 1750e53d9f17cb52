"""Reading PDFs with PDFium and their ruled tables (pipeline/io/pdf.py, pipeline/io/pdf_tables.py).

Every PDF is made in the test: Chromium prints an HTML page written here, LibreOffice converts a
python-docx document built here. Each expectation is written by hand: the lines of the page, the
cells put in the table. pypdf's text of the same file is the reference the rest of the pipeline
was tuned on: the text read here must hold the same characters in the same line order.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from pipeline.errors import FengongError
from pipeline.io.pdf import clean_text, pdf_blocks
from pipeline.types import Table, TableCell, TextBlock

from .test_formats import build_pdf, cjk_font, encrypted_pdf

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
SOFFICE = shutil.which("soffice")
FONT = "Noto Serif CJK SC"


def chromium_pdf(html: str, tmp: Path) -> bytes:
    """``html`` printed to PDF by headless Chromium (no header or footer lines)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/install_chromium.sh, run by `make install` as root)")
    cjk_font()
    page = tmp / "page.html"
    page.write_text(html, encoding="utf-8")
    out = tmp / "page.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                    str(page)], check=True, capture_output=True, timeout=120)  # fmt: skip
    return out.read_bytes()


def soffice_pdf(doc, tmp: Path) -> bytes:  # noqa: ANN001 - a python-docx Document
    """A python-docx document converted to PDF by LibreOffice (a profile of its own, so that a
    LibreOffice already running elsewhere does not take the job)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (no soffice on PATH; apt-get install libreoffice-writer)")
    cjk_font()
    src = tmp / "doc.docx"
    doc.save(src)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=240)  # fmt: skip
    return (tmp / "doc.pdf").read_bytes()


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def same_as_pypdf(ours: str, data: bytes) -> None:
    """Our text and pypdf's: the same lines with the same characters, whitespace and compatibility
    forms aside. Where they differ, pypdf has a radical (⺠ of a font's cmap) where PDFium has the
    character (民); and a line's characters may stand in another order (pypdf reads them as
    drawn, LibreOffice draws “ ” after the rest of the line; here they are put in place)."""
    from pipeline.stages.normalize.working_text import _COMPAT, _nfkc_char

    def lines(text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", _COMPAT.sub(_nfkc_char, text))
        return [s for s in ("".join(line.split()) for line in text.split("\n")) if s]

    theirs, mine = lines(pypdf_text(data)), lines(ours)
    assert len(theirs) == len(mine)
    for a, b in zip(theirs, mine, strict=True):
        radicals = [x for x in a if "\u2e80" <= x <= "\u2fdf"]
        rest = sorted(x for x in a if x not in radicals)
        assert len(a) == len(b) and all(x in b for x in rest), (a, b)
        assert sorted(b) == sorted(rest + [y for y in b if y not in rest])  # what is left: radicals' characters


def texts(blocks: list) -> list[str]:
    return [line for b in blocks if isinstance(b, TextBlock) for line in b.text.split("\n") if line.strip()]


# ---------------------------------------------------------------- text (Chromium)

PLAN = [
    "某某市人民政府办公室关于印发优化营商环境行动方案的通知",
    "各区人民政府，市政府各部门：",
    "现将《某某市优化营商环境行动方案》印发给你们，请认真贯彻落实。",
    "一、深化“放管服”改革",
    "（一）推进政务服务“一网通办”，实现90%以上事项全程网办。",
    "（市政务服务局牵头，市发展改革委、市司法局配合）",
    "（二）压缩企业开办时间至1个工作日以内。（市市场监管局负责）",
    "二、强化要素保障",
    "1.加强用地保障；2.落实减税降费政策。（市财政局、市税务局负责）",
]


def plan_html(pages: list[list[str]], after: str = "") -> str:
    """A page a list of lines (a <p> each); ``after``: HTML after the last line."""
    style = (f"body{{font-family:'{FONT}';font-size:14pt}} p{{margin:0 0 6pt 0}} .page{{break-after:page}} "
             "table{border-collapse:collapse;width:100%} td{border:1px solid #000;padding:4px}")  # fmt: skip
    body = "".join("<div class='page'>" + "".join(f"<p>{line}</p>" for line in page) + "</div>" for page in pages)
    body = body[: -len("</div>")] + after + "</div>"
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{style}</style></head><body>{body}</body></html>"


def html_table(cells: list[TableCell], style: str = "") -> str:
    """The cells as an HTML table, row by row (rowspan, colspan as given)."""
    rows = ["".join(f"<td rowspan='{c.rowspan}' colspan='{c.colspan}'>{c.text.replace(chr(10), '<br>')}</td>"
                    for c in cells if c.row == r) for r in range(max(c.row for c in cells) + 1)]  # fmt: skip
    return f"<table style='{style}'>" + "".join(f"<tr>{row}</tr>" for row in rows) + "</table>"


def test_chromium_text_lines_and_pages(tmp_path):
    pages = [PLAN[:5] + ["— 1 —"], PLAN[5:] + ["— 2 —"]]
    data = chromium_pdf(plan_html(pages), tmp_path)
    blocks = pdf_blocks(io.BytesIO(data), "plan.pdf")
    assert [type(b) for b in blocks] == [TextBlock]  # both pages, one run of text
    assert texts(blocks) == pages[0] + pages[1]  # 人民 as written: no radicals, no CR, no spaces added
    same_as_pypdf(blocks[0].text, data)


TASKS = [
    TableCell(0, 0, "序号"), TableCell(0, 1, "重点任务"), TableCell(0, 2, "牵头单位"), TableCell(0, 3, "配合单位"),
    TableCell(1, 0, "1"),
    TableCell(1, 1, "推进政务服务“一网通办”，实现90%以上事项全程网办，持续压缩审批时限，全面推行告知承诺制。"),
    TableCell(1, 2, "市政务服务局", rowspan=2), TableCell(1, 3, "市发展改革委"),
    TableCell(2, 0, "2"), TableCell(2, 1, "优化营商环境。（1）清理证明事项；（2）推行电子证照。"),
    TableCell(2, 3, "市司法局、市财政局"),
    TableCell(3, 0, "二、强化要素保障", colspan=4),
    TableCell(4, 0, "3"), TableCell(4, 1, "加强用地保障"), TableCell(4, 2, "市自然资源局"),
    TableCell(4, 3, "各区人民政府"),
]  # fmt: skip


def test_chromium_ruled_table_with_merged_cells(tmp_path):
    after = html_table(TASKS) + "<p>本表由市政府办公室负责解释。</p>"
    blocks = pdf_blocks(io.BytesIO(chromium_pdf(plan_html([["附件", "重点任务分工表"]], after), tmp_path)), "t.pdf")
    assert blocks == [TextBlock("附件\n重点任务分工表"), Table("table 1", TASKS), TextBlock("本表由市政府办公室负责解释。")]


def test_a_cell_keeps_a_break_before_an_outline_marker_only(tmp_path):
    """Lines of a cell join, except before one that opens with an outline marker; a long line
    that wraps in the cell (at 60% of the page) is one line."""
    text = "落实各项任务，推进减证便民、优化审批流程、压缩办理时限：\n（1）清理证明事项；\n（2）推行电子证照；\n①试点；②推广。"
    cells = [TableCell(0, 0, "序号"), TableCell(0, 1, "任务"), TableCell(1, 0, "1"), TableCell(1, 1, text)]
    after = html_table(cells, "width:60%")
    blocks = pdf_blocks(io.BytesIO(chromium_pdf(plan_html([["附表"]], after), tmp_path)), "cell.pdf")
    assert blocks == [TextBlock("附表"), Table("table 1", cells)]


def test_a_chromium_table_cut_by_the_page_is_one_table(tmp_path):
    """Chromium repeats a <thead> on the next page and draws no border where the page cuts a row:
    the cut row (14) is one row, the 序号 merged down over it and the break (13–15) one cell."""
    items = [f"（{k}）开展第{k}轮质量安全专项整治行动。" for k in range(1, 10)]
    cells = [TableCell(0, 0, "序号"), TableCell(0, 1, "重点任务"), TableCell(0, 2, "牵头单位")]
    for i in range(1, 13):
        cells += [TableCell(i, 0, str(i)), TableCell(i, 1, f"第{i}项任务"), TableCell(i, 2, "市场监管局")]
    cells += [TableCell(13, 0, "13", rowspan=3), TableCell(13, 1, "第13项任务"), TableCell(13, 2, "市场监管局"),
              TableCell(14, 1, "\n".join(items)), TableCell(14, 2, "市司法局"),
              TableCell(15, 1, "第15项任务"), TableCell(15, 2, "市财政局")]  # fmt: skip
    body = html_table(cells).replace("<tr>", "<tr style='height:60px'>")
    body = body.replace("<table style=''><tr style='height:60px'>", "<table><thead><tr>", 1).replace("</tr>", "</tr></thead>", 1)
    data = chromium_pdf(plan_html([["附件"]], body), tmp_path)
    assert pages(data) == 2
    assert pdf_blocks(io.BytesIO(data), "cut.pdf") == [TextBlock("附件"), Table("table 1", cells)]


# ---------------------------------------------------------------- tables (LibreOffice from Word)


def docx_with_tables():  # noqa: ANN201 - a python-docx Document
    """A plan with a task table (a cell merged down two rows, a section row merged across),
    then on a page of its own a table of 30 exact-height rows whose heading row repeats on the
    next page, one of its cells merged down over the page break."""
    from docx import Document
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc.add_paragraph("质量提升行动任务分工方案")
    doc.add_paragraph("为贯彻落实质量发展纲要，现将重点任务分工如下。")
    rows = [["序号", "工作任务", "牵头单位", "参加单位"],
            ["1", "加强重点产品质量监督抽查，扩大抽查覆盖面，依法公开抽查结果。", "质检总局", "工业和信息化部、商务部"],
            ["2", "完善缺陷产品召回制度。", "质检总局", "商务部"],
            ["二、夯实质量发展基础", "", "", ""],
            ["3", "加快完善国家标准体系。", "标准委", "工业和信息化部"]]  # fmt: skip
    t = doc.add_table(rows=len(rows), cols=4)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(1, 2).merge(t.cell(2, 2)).text = "质检总局"
    t.cell(3, 0).merge(t.cell(3, 3)).text = "二、夯实质量发展基础"
    doc.add_paragraph("各地区、各部门要加强组织领导。")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    long = doc.add_table(rows=1, cols=3)
    long.style = "Table Grid"
    for c, text in enumerate(["序号", "工作任务", "责任单位"]):
        long.cell(0, c).text = text
    long.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    for i in range(1, 31):
        cells = long.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), f"第{i}项任务：开展质量安全专项整治。", "市场监管总局"
    long.cell(16, 2).merge(long.cell(21, 2)).text = "省公安厅"  # rows 16–21: over the page break
    for row in long.rows:
        row.height, row.height_rule = Pt(34), WD_ROW_HEIGHT_RULE.EXACTLY
    doc.add_paragraph("本方案自印发之日起施行。")
    return doc


WORD_TASKS = [
    TableCell(0, 0, "序号"), TableCell(0, 1, "工作任务"), TableCell(0, 2, "牵头单位"), TableCell(0, 3, "参加单位"),
    TableCell(1, 0, "1"), TableCell(1, 1, "加强重点产品质量监督抽查，扩大抽查覆盖面，依法公开抽查结果。"),
    TableCell(1, 2, "质检总局", rowspan=2), TableCell(1, 3, "工业和信息化部、商务部"),
    TableCell(2, 0, "2"), TableCell(2, 1, "完善缺陷产品召回制度。"), TableCell(2, 3, "商务部"),
    TableCell(3, 0, "二、夯实质量发展基础", colspan=4),
    TableCell(4, 0, "3"), TableCell(4, 1, "加快完善国家标准体系。"), TableCell(4, 2, "标准委"),
    TableCell(4, 3, "工业和信息化部"),
]  # fmt: skip
"""The first table of :func:`docx_with_tables`, as written there."""


def pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def word_pdf(tmp_path_factory) -> bytes:
    return soffice_pdf(docx_with_tables(), tmp_path_factory.mktemp("lo"))


def test_libreoffice_table_with_merged_cells(word_pdf):
    blocks = pdf_blocks(io.BytesIO(word_pdf), "plan.pdf")
    assert [type(b) for b in blocks][:3] == [TextBlock, Table, TextBlock]
    assert blocks[0].text == "质量提升行动任务分工方案\n为贯彻落实质量发展纲要，现将重点任务分工如下。"
    assert blocks[1] == Table("table 1", WORD_TASKS)
    assert blocks[2].text == "各地区、各部门要加强组织领导。"


def test_a_table_over_two_pages_is_one_table_without_its_repeated_heading(word_pdf):
    assert pages(word_pdf) == 3  # the long table on pages 2 and 3
    blocks = pdf_blocks(io.BytesIO(word_pdf), "plan.pdf")
    assert [type(b) for b in blocks] == [TextBlock, Table, TextBlock, Table, TextBlock]
    assert blocks[4].text == "本方案自印发之日起施行。"
    expected = [TableCell(0, 0, "序号"), TableCell(0, 1, "工作任务"), TableCell(0, 2, "责任单位")]
    for i in range(1, 31):
        expected += [TableCell(i, 0, str(i)), TableCell(i, 1, f"第{i}项任务：开展质量安全专项整治。")]
        if i == 16:
            expected.append(TableCell(16, 2, "省公安厅", rowspan=6))
        elif not 16 < i <= 21:
            expected.append(TableCell(i, 2, "市场监管总局"))
    assert blocks[3] == Table("table 2", sorted(expected, key=lambda c: (c.row, c.col)))


def test_libreoffice_text_is_pypdfs(tmp_path):
    """A text-only Word document: the lines written, and pypdf's lines."""
    from docx import Document

    doc = Document()
    for line in PLAN:
        doc.add_paragraph(line)
    data = soffice_pdf(doc, tmp_path)
    blocks = pdf_blocks(io.BytesIO(data), "plain.pdf")
    # “ ” in place (LibreOffice draws them, in a Latin font, after the rest of their line); a
    # space where the font changes (实现 90%), as pypdf has one (至1 个)
    assert [line.replace(" ", "") for line in texts(blocks)] == PLAN
    same_as_pypdf(blocks[0].text, data)


def test_a_row_broken_by_the_page_is_one_row(tmp_path):
    """A row whose lines run on over the page break (LibreOffice lets a row split) is one row."""
    from docx import Document
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Pt

    doc = Document()
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text, t.cell(0, 1).text = "序号", "工作任务"
    for i in range(1, 17):
        cells = t.add_row().cells
        cells[0].text, cells[1].text = str(i), f"第{i}项任务"
        t.rows[-1].height, t.rows[-1].height_rule = Pt(36), WD_ROW_HEIGHT_RULE.EXACTLY
    cells = t.add_row().cells
    cells[0].text = "17"
    items = [f"（{k}）开展第{k}轮质量安全专项整治行动。" for k in range(1, 9)]
    cells[1].text = items[0]
    for item in items[1:]:
        cells[1].add_paragraph(item)
    data = soffice_pdf(doc, tmp_path)
    assert pages(data) == 2  # row 17 starts on page 1 and ends on page 2
    blocks = pdf_blocks(io.BytesIO(data), "split.pdf")
    assert [type(b) for b in blocks] == [Table]
    cells_17 = [c for c in blocks[0].cells if c.row == 17]
    assert cells_17 == [TableCell(17, 0, "17"), TableCell(17, 1, "\n".join(items))]
    assert max(c.row for c in blocks[0].cells) == 17


def test_a_turned_page_reads_as_the_upright_one(word_pdf):
    """Content drawn sideways on a page that /Rotate turns upright: the same blocks."""
    from pypdf import PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=io.BytesIO(word_pdf))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().rotate(90).translate(tx=height, ty=0))
        page.mediabox = page.cropbox = RectangleObject([0, 0, height, width])
        page.rotate(90)
    buf = io.BytesIO()
    writer.write(buf)
    assert pdf_blocks(io.BytesIO(buf.getvalue()), "turned.pdf") == pdf_blocks(io.BytesIO(word_pdf), "plan.pdf")


# ---------------------------------------------------------------- OCR, errors, the text's form


def test_a_page_without_text_goes_to_ocr():
    data = build_pdf([["Quality plan 2015"], []])  # page 2: no text layer
    seen = []

    def ocr(image) -> TextBlock:  # noqa: ANN001 - a PIL image
        seen.append(image.size)
        return TextBlock("一、加强质量监管", ocr=True)

    blocks = pdf_blocks(io.BytesIO(data), "scan.pdf", ocr=ocr)
    assert blocks == [TextBlock("Quality plan 2015"), TextBlock("一、加强质量监管", ocr=True)]
    assert [(round(w / 300, 2), round(h / 300, 2)) for w, h in seen] == [(8.27, 11.69)]  # A4 at 300 dpi


def test_no_text_layer_asks_for_ocr():
    data = build_pdf([[]])
    with pytest.raises(FengongError) as caught:
        pdf_blocks(io.BytesIO(data), "scan.pdf")
    assert caught.value.code == "E004" and "run with --ocr" in str(caught.value)
    with pytest.raises(FengongError) as caught:
        pdf_blocks(io.BytesIO(data), "scan.pdf", ocr=lambda image: "")
    assert caught.value.code == "E004" and "OCR recognised no text" in str(caught.value)


@pytest.mark.parametrize(("data", "code", "words"), [
    (b"\x89PNG\r\n\x1a\n not a pdf", "E004", "not a PDF"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage", "E005", "damaged PDF (PdfiumError"),
    (None, "E005", "PDF is encrypted"),
], ids=["not-a-pdf", "damaged", "encrypted"])  # fmt: skip
def test_errors(data, code, words):
    with pytest.raises(FengongError) as caught:
        pdf_blocks(io.BytesIO(data if data is not None else encrypted_pdf()), "bad.pdf")
    assert caught.value.code == code and words in str(caught.value) and "\n" not in str(caught.value)


def test_text_over_the_limit_is_refused():
    line = "质量提升专项行动计划质量提升专项行动计划"
    data = build_pdf([[line] * 25 for _ in range(6)], cjk_font())
    size = len(pdf_blocks(io.BytesIO(data), "big.pdf")[0].text.encode("utf-8"))
    with pytest.raises(FengongError) as caught:
        pdf_blocks(io.BytesIO(data), "big.pdf", max_bytes=size // 2)
    assert caught.value.code == "E014" and "by page 4" in str(caught.value)


def test_matplotlib_pdfs_of_the_suite_read_as_pypdf_reads_them():
    from .test_formats import plan_pdf_pages

    data = build_pdf(plan_pdf_pages(), cjk_font())
    blocks = pdf_blocks(io.BytesIO(data), "p.pdf")
    assert blocks == [TextBlock(pypdf_text(data))]  # the very same text


def test_clean_text_gives_pypdfs_form():
    assert clean_text("第一行\r\n第二行\rco\ufffeoperation well\x02known\x0c\x01\t制表") == (
        "第一行\n第二行\nco-\noperation well-\nknown\t制表")


def test_rows_with_no_line_between_them_are_rows(tmp_path):
    """A table that rules its columns and its sections' borders but not the rows inside a section:
    where the finder sees one tall row, its 序号 cell writes 2 and 3 on lines of their own, and the
    grid row is two rows (pdf_rows.py)."""
    tasks = [("建设人工智能创新中心，引进高水平研发团队10个。", "高新区创新发展局牵头，高新区人力资源局、高新区财政局配合"),
             ("支持龙头企业建设行业大模型，发布人工智能应用场景清单。", "高新区创新发展局、高新区经济发展局牵头，高新区数据局配合"),
             ("布局建设智能算力中心，推动算力资源统筹调度和开放共享。", "高新区经济发展局牵头，高新区规划和自然资源局、高新区数据局配合"),
             ("实施关键核心技术攻关项目，给予最高500万元资金支持。", "高新区创新发展局、高新区财政局按职责分工负责")]  # fmt: skip
    cells = [TableCell(0, 0, "序号"), TableCell(0, 1, "重点任务"), TableCell(0, 2, "责任单位"), TableCell(0, 3, "完成时限"),
             TableCell(1, 0, "一、强化创新策源", colspan=4)]  # fmt: skip
    body = "<tr class='sec'><td colspan='4'>一、强化创新策源</td></tr>"
    for k, (task, bodies) in enumerate(tasks, 1):
        cells += [TableCell(k + 1, 0, str(k)), TableCell(k + 1, 1, task), TableCell(k + 1, 2, bodies),
                  TableCell(k + 1, 3, "2025年12月底前")]  # fmt: skip
        body += f"<tr><td>{k}</td><td>{task}</td><td>{bodies}</td><td>2025年12月底前</td></tr>"
    style = ("<style>table.open{border-collapse:collapse;width:100%;font-size:13.5px;border:1.2px solid #000}"
             "table.open thead th{border:1px solid #000;padding:6px 4px;font-weight:bold}"
             "table.open td{border-left:1px solid #000;border-right:1px solid #000;border-top:none;"
             "border-bottom:none;padding:5px 6px;vertical-align:top}"
             "table.open tr.sec td{border-top:1px solid #000;border-bottom:1px solid #000;background:#eee}</style>")  # fmt: skip
    head = "<thead><tr><th>序号</th><th>重点任务</th><th>责任单位</th><th>完成时限</th></tr></thead>"
    after = style + f"<table class='open'>{head}<tbody>{body}</tbody></table>"
    blocks = pdf_blocks(io.BytesIO(chromium_pdf(plan_html([["附件"]], after), tmp_path)), "open.pdf")
    assert blocks == [TextBlock("附件"), Table("table 1", cells)]
