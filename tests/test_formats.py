"""Reading HTML, Word and PDF inputs (pipeline/formats.py), and every text encoding.

The same short plan is written in every form at test time (into tmp_path); each form must
give the same measures and the same (path, body, role) triples as the plain UTF-8 text.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline.errors import FengongError
from pipeline.io.formats import docx_to_text, html_to_text
from pipeline.io.pdf import pdf_to_text
from pipeline.io.readers import read_input
from pipeline.run.document import process

PLAN = """质量提升专项行动计划
2015年3月1日
为贯彻落实质量发展纲要，全面提升产品、工程和服务质量，推动经济发展提质增效，现提出如下行动计划。
一、强化质量安全监管
（一）加强重点产品质量监督抽查，扩大抽查覆盖面，依法公开抽查结果。（质检总局牵头，工业和信息化部、商务部参加）
（二）完善缺陷产品召回制度，推动建立消费品召回信息共享机制。（质检总局、商务部负责）
二、夯实质量发展基础
（一）加快完善国家标准体系，推进重点领域标准制修订工作。（质检总局、工业和信息化部负责）
（二）加大财政资金对质量基础设施建设的支持力度。（发展改革委、财政部等负责）
（三）健全质量统计分析制度，定期发布质量状况报告。（质检总局牵头，统计局参加）
三、加强组织实施
（一）建立质量工作考核制度，将考核结果作为综合评价的重要依据。（质检总局牵头，发展改革委、财政部参加）
（二）加强质量工作宣传，营造全社会重视质量的良好氛围。（质检总局、商务部负责）
"""
PLAN_LINES = PLAN.strip().split("\n")
META = {"索引号": "000014349/2015-00031", "主题分类": "质量监督", "发文机关": "国务院办公厅",
        "成文日期": "2015年03月01日", "标题": "国务院办公厅关于印发质量提升专项行动计划的通知",
        "发文字号": "国办发〔2015〕12号", "发布日期": "2015年03月05日"}  # fmt: skip
NOISE = [
    "首页导航菜单",
    "网站脚本文字",
    "版权所有页脚",
    "面包屑位置",
    "分享到微信",
    "侧栏热点新闻",
    "页眉标志",
]
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


# ---------------------------------------------------------------- builders of the forms


def build_html(lines: list[str], title: str | None = None, meta: dict[str, str] | None = None) -> str:
    """A government page: noise all round, a metadata table, an h1 and the text in <p>s."""
    title = title if title is not None else lines[0]
    rows = "".join(
        f"<tr><td><b>{'&nbsp;'.join(k)}：</b></td><td>{v}</td></tr>" for k, v in (meta or {}).items()
    )
    paras = "\n".join(f"<p style='text-indent:2em'>\u3000\u3000{line}</p>" for line in lines)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}_中国政府网</title>
<script>var s = "网站脚本文字";</script><style>.x{{font-family:"宋体"}}</style></head>
<body>
<div class="header"><img src="logo.png" alt="页眉标志">页眉标志</div>
<nav><ul><li><a href="/">首页导航菜单</a></li><li>政策</li></ul></nav>
<div id="breadcrumb-bar">面包屑位置 &gt; 政策 &gt; 文件</div>
<div class="policy-overview"><table class="bd1">{rows}</table></div>
<div class="article oneColumn">
  <h1>{title}</h1>
  <div class="share-box">分享到微信</div>
  <div id="UCAP-CONTENT" class="pages_content">
{paras}
  </div>
</div>
<div class="sidebar"><p>侧栏热点新闻：国务院常务会议部署推进质量提升工作，各地积极落实。</p></div>
<noscript>请启用脚本</noscript>
<footer>版权所有页脚 中国政府网</footer>
</body></html>"""


def build_docx(lines: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    for i, line in enumerate(lines):
        doc.add_paragraph(line)
        if i % 3 == 0:
            doc.add_paragraph("")  # empty paragraphs are skipped
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def wrap(lines: list[str], width: int = 30) -> list[str]:
    """Hard-wrap each line at ``width`` characters, as a PDF's text layer does."""
    return [line[i : i + width] for line in lines for i in range(0, len(line), width)]


def cjk_font() -> Path:
    if not CJK_FONT.exists():
        pytest.skip("no CJK font (scripts/install_fonts.sh installs fonts-noto-cjk)")
    return CJK_FONT


def build_pdf(pages: list[list[str]], font: Path | None = None) -> bytes:
    """A PDF with a real text layer (matplotlib, TrueType fonts embedded): one figure per page."""
    mpl = pytest.importorskip("matplotlib")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fp = FontProperties(fname=str(font)) if font else None
    buf = io.BytesIO()
    with mpl.rc_context({"pdf.fonttype": 42}), PdfPages(buf) as pdf:
        for page in pages:
            fig = Figure(figsize=(8.27, 11.69))
            for i, line in enumerate(page):
                fig.text(0.08, 0.95 - i * 0.035, line, fontproperties=fp, fontsize=13)
            pdf.savefig(fig)
    return buf.getvalue()


def plan_pdf_pages(per_page: int = 10) -> list[list[str]]:
    """The plan hard-wrapped at 30 characters, with "— n —" at the foot of every page."""
    lines = wrap(PLAN_LINES)
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    return [chunk + ["", f"— {n} —"] for n, chunk in enumerate(chunks, 1)]


FORMS = {
    "utf8-bom.txt": lambda: PLAN.encode("utf-8-sig"),
    "gb18030.txt": lambda: PLAN.encode("gb18030"),
    "big5.txt": lambda: __import__("opencc").OpenCC("s2tw").convert(PLAN).encode("big5"),
    "utf16.txt": lambda: PLAN.encode("utf-16"),
    "crlf.txt": lambda: PLAN.replace("\n", "\r\n").encode("utf-8"),
    "gbk-page.html": lambda: build_html(PLAN_LINES, meta=META).encode("gbk"),
    "plan.docx": lambda: build_docx(PLAN_LINES),
    "plan.pdf": lambda: build_pdf(plan_pdf_pages(), cjk_font()),
}


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def tables(result) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    m, a = result.measures_df, result.assignments_df
    return list(zip(m["path"], m["text_simplified"])), sorted(zip(a["path"], a["body"], a["role"]))


@pytest.fixture(scope="module")
def reference(resources, tmp_path_factory):
    path = write(tmp_path_factory.mktemp("ref"), "plan.txt", PLAN.encode("utf-8"))
    measures, triples = tables(process(read_input(path), resources))
    assert len(measures) >= 12 and len({p for p, _ in measures}) == 7
    assert ("2.2", "财政部", "responsible") in triples and ("1.1", "商务部", "participant") in triples
    return measures, triples


# ---------------------------------------------------------------- every form, same tables


ENCODINGS = {"utf8-bom.txt": "utf-8", "gb18030.txt": "gb18030", "big5.txt": "big5", "utf16.txt": "utf-16",
             "crlf.txt": "utf-8", "gbk-page.html": "html", "plan.docx": "docx", "plan.pdf": "pdf"}  # fmt: skip


@pytest.mark.parametrize("name", list(FORMS))
def test_every_form_gives_the_same_tables(name, reference, resources, tmp_path):
    path = write(tmp_path, name, FORMS[name]())
    decoded = read_input(path)
    assert decoded.encoding == ENCODINGS[name]
    measures, triples = tables(process(decoded, resources))
    assert measures == reference[0]
    assert triples == reference[1]


def test_pdf_text_keeps_wraps_and_page_markers(tmp_path):
    pages = plan_pdf_pages()
    assert len(pages) == 3 and pages[1][-3].endswith("。（质检")  # "— 2 —" splits a list in two
    text = pdf_to_text(io.BytesIO(build_pdf(pages, cjk_font())), "p.pdf")
    lines = [line for line in text.split("\n") if line.strip()]
    assert "— 2 —" in lines and max(len(line) for line in lines) <= 30
    assert [line for line in lines if not line.startswith("— ")] == wrap(PLAN_LINES)


def test_pdf_with_ascii_text(tmp_path):
    text = pdf_to_text(io.BytesIO(build_pdf([["Quality plan 2015", "1. Inspect products."]])), "a.pdf")
    assert text.split("\n")[:2] == ["Quality plan 2015", "1. Inspect products."]


# ---------------------------------------------------------------- HTML details


def test_html_metadata_title_and_noise():
    text = html_to_text(build_html(PLAN_LINES, meta=META).encode("gbk"), "p.html")
    lines = text.split("\n")
    assert lines[0] == "\u3000\u3000" + PLAN_LINES[0]  # the h1 is the text's first line: not repeated
    assert lines[1 : 1 + len(META)] == [f"{k}：{v}" for k, v in META.items()]
    assert [line.strip("\u3000") for line in lines[1 + len(META) :]] == PLAN_LINES[1:]
    assert lines[-1].startswith("\u3000\u3000")  # full-width indent kept
    assert not any(noise in text for noise in NOISE + ["请启用脚本", "font-family"])


def test_html_title_added_when_not_the_first_line():
    notice = "国务院办公厅关于印发质量提升专项行动计划的通知"
    text = html_to_text(build_html(PLAN_LINES, title=notice).encode("utf-8"), "p.html")
    assert text.split("\n")[:2] == [notice, "\u3000\u3000" + PLAN_LINES[0]]


def test_html_blocks_inline_and_whitespace():
    page = """<html><body><div class="main"><div>
      <p>一、加强<b>重点</b><a href="#">产品</a>抽查
         依法 公开</p><p>第一行<br>第二行<br/>第三行</p>
      <ul><li>（一）甲项</li><li>（二）乙项</li></ul>
      <table><tr><td>牵头单位</td><td>质检总局</td></tr></table>
      <h2>二、ＡＢＣ１２３全角</h2><div>分段<span>文字</span></div>
    </div></div></body></html>"""
    lines = html_to_text(page.encode("utf-8"), "p.html").split("\n")
    assert lines == ["一、加强重点产品抽查 依法 公开", "第一行", "第二行", "第三行", "（一）甲项",
                     "（二）乙项", "牵头单位 质检总局", "二、ＡＢＣ１２３全角", "分段文字"]  # fmt: skip


def test_html_main_text_without_known_container():
    body = "".join(f"<p>{line}</p>" for line in PLAN_LINES)
    page = f"""<html><head><title>计划 | 某省政府</title></head><body>
      <div class="links"><p>友情链接：国务院</p><p>省政府</p></div>
      <div class="wrap1"><div class="box">{body}</div></div></body></html>"""
    lines = html_to_text(page.encode("utf-8"), "p.html").split("\n")
    assert lines == ["计划"] + PLAN_LINES


def test_html_keeps_what_only_looks_like_noise_or_metadata():
    page = """<html><body><div id="main-header-wrap"><div class="zoom">字号：大</div><div class="text">
      <p>一、整治标题党和虚假信息传播行为，规范网络传播秩序。</p>
      <table><tr><td>标题党整治</td><td>网信办负责</td></tr></table>
      <p>二、加强网络内容管理，压实平台主体责任。</p></div></div></body></html>"""
    lines = html_to_text(page.encode("utf-8"), "p.html").split("\n")
    assert lines == ["一、整治标题党和虚假信息传播行为，规范网络传播秩序。", "标题党整治 网信办负责",
                     "二、加强网络内容管理，压实平台主体责任。"]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"<meta charset='gbk'><p>\xd6\xd0\xce\xc4\xb2\xe2\xca\xd4</p>", "meta charset"),
        (b"<p>" + "中文测试，国务院办公厅关于加强质量工作的通知。".encode("gbk") * 3 + b"</p>", "guessed"),
        ("\ufeff<meta charset='gbk'><p>中文测试</p>".encode(), "BOM beats meta"),
        ("<meta charset='gb2312'><p>中文测试</p>".encode(), "mislabelled utf-8"),
        ("<?xml version='1.0' encoding='gb2312'?><html><p>中文测试</p></html>".encode("gbk"), "xml"),
        ("<p>中文测试</p>".encode("utf-16"), "utf-16 BOM"),
    ],
)
def test_html_encodings(data, label):
    assert "中文测试" in html_to_text(data, "p.html"), label


def test_html_gb18030_only_characters():
    page = "<meta charset='gb2312'><p>𠀀䶮中文测试</p>".encode("gb18030")  # beyond GBK
    assert "𠀀䶮中文测试" in html_to_text(page, "p.html")


# ---------------------------------------------------------------- Word details


def test_docx_tables_in_document_order():
    from docx import Document

    doc = Document()
    doc.add_paragraph("一、总体要求")
    table = doc.add_table(rows=2, cols=3)
    for r, row in enumerate([["序号", "任务", "负责单位"], ["1", "加强抽查", "质检总局"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    frame = doc.add_table(rows=1, cols=2)
    frame.cell(0, 0).merge(frame.cell(0, 1))
    frame.cell(0, 0).text = "合并单元格第一段"
    frame.cell(0, 0).add_paragraph("合并单元格第二段")
    doc.add_paragraph("（此件公开发布）")
    buf = io.BytesIO()
    doc.save(buf)
    text = docx_to_text(io.BytesIO(buf.getvalue()), "t.docx")
    assert text.split("\n") == ["一、总体要求", "序号\u3000任务\u3000负责单位", "1\u3000加强抽查\u3000质检总局",
                                "合并单元格第一段", "合并单元格第二段", "（此件公开发布）"]  # fmt: skip


# ---------------------------------------------------------------- errors


def png_bytes() -> bytes:
    """A 64×64 PNG of noise: binary, with a few NUL bytes as real images have."""
    import random

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rng = random.Random(0)
    pixels = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(64)) for _ in range(64))
    ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "not a word document")
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf([["Secret plan"]]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


ERRORS = {
    "empty.txt": (lambda: b"", "E003", "empty file"),
    "blank.html": (lambda: b"  \n\t ", "E003", "empty file"),
    "image.txt": (png_bytes, "E004", "NUL bytes"),
    "image.html": (png_bytes, "E004", "NUL bytes"),
    "english.html": (
        lambda: b"<html><body><p>Quality plan, English only.</p></body></html>",
        "E004",
        "no Chinese",
    ),
    "tags-only.html": (
        lambda: b"<html><body><div><br></div><script>x()</script></body></html>",
        "E003",
        "empty",
    ),
    "bad-bom.html": (lambda: b"\xef\xbb\xbf<p>\xd6\xd0\xce\xc4</p>", "E005", "BOM"),
    "random.docx": (lambda: b"PK\x03\x04 this is not really a zip", "E004", "not a Word document"),
    "legacy.docx": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "E004",
        "not a Word document",
    ),
    "other-zip.docx": (zip_bytes, "E004", "not a Word document"),
    "truncated.docx": (lambda: build_docx(PLAN_LINES)[:700], "E004", "not a Word document"),
    "image.pdf": (png_bytes, "E004", "not a PDF"),
    "corrupt.pdf": (
        lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage",
        "E005",
        "damaged",
    ),
    "no-text.pdf": (lambda: build_pdf([[]]), "E004", "no text layer"),
    "encrypted.pdf": (encrypted_pdf, "E005", "encrypted"),
    "plan.pptx": (lambda: b"PK\x03\x04 slides", "E008", "unsupported format"),
    "broken.xlsx": (lambda: b"PK\x03\x04 not a workbook", "E004", "not a workbook"),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_name_the_file(name, tmp_path):
    build, code, words = ERRORS[name]
    path = write(tmp_path, name, build())
    with pytest.raises(FengongError) as caught:
        read_input(path)
    err = caught.value
    assert err.code == code and words in str(err), str(err)
    assert err.source == str(path) and str(err).startswith(f"{path}: [{code}]")
    assert "\n" not in str(err)
