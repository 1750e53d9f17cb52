"""Build the task-table test documents into a folder (no binary file is committed).

:func:`build_all` writes every document of :data:`DOCUMENTS` (file stem = doc_id) into ``docs``,
the scanned one into ``scans`` (it is read with ``--ocr``), and returns why any could not be built
(Chromium, LibreOffice or Tesseract absent). The words are in :mod:`tests.tables.content` and
:mod:`tests.tables.content_more`; the hand labels in ``tests/tables/expected/<stem>.json``.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import xlsxwriter
from docx.enum.text import WD_ALIGN_PARAGRAPH

from . import content as c
from . import content_more as m
from . import html_pages
from .content import TaskTable
from .writers import csv_rows, docx_table, xlsx_sheet

#: Each document's file name (its stem is its doc_id), in doc_id order.
DOCUMENTS = {
    "t01_docx_simple_table": ".docx",
    "t02_docx_notice_table": ".docx",
    "t03_docx_merged_heading": ".docx",
    "t04_docx_role_words": ".docx",
    "t05_docx_prose_outline": ".docx",
    "t06_html_gov_page": ".html",
    "t07_html_two_tables": ".html",
    "t08_xlsx_two_sheets": ".xlsx",
    "t09_csv_utf8_bom": ".csv",
    "t10_csv_gbk": ".csv",
    "t11_html_long_table": ".html",
    "t12_pdf_long_table": ".pdf",
    "t13_doc_merged_heading": ".doc",
    "t14_xls_two_sheets": ".xls",
    "t15_scan_text_plan": ".pdf",
}
SCANNED = {"t15_scan_text_plan"}  # read with --ocr
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer")  # fmt: skip
SCAN_DPI = 300


# ---- Word -------------------------------------------------------------------------------------


def _docx(path: Path, before: tuple[str, ...], table: TaskTable, after: tuple[str, ...] = (),
          centred: int = 1) -> Path:  # fmt: skip
    """Write a .docx at ``path``: the paragraphs ``before`` (the first ``centred`` centred, as a
    title), the table, then the paragraphs ``after``. Returns ``path``."""
    doc = docx.Document()
    for i, line in enumerate(before):
        para = doc.add_paragraph(line)
        if i < centred:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_table(doc, table)
    for line in after:
        doc.add_paragraph(line)
    doc.save(path)
    return path


def t01(folder: Path) -> Path:
    """A title paragraph, then one table 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 of 7 rows."""
    return _docx(folder / "t01_docx_simple_table.docx", (c.T01_TITLE,), c.T01)


def t02(folder: Path) -> Path:
    """A covering notice (title, number, addressees, 现将…印发给你们, signature, date), 附件, the
    plan's title and its table."""
    return _docx(folder / "t02_docx_notice_table.docx", c.T02_NOTICE, c.T02)


def t03(folder: Path) -> Path:
    """A two-row heading, a 牵头单位 cell merged down over three rows, section rows merged across
    with row numbers running on, and a 序号 merged over two rows."""
    return _docx(folder / "t03_docx_merged_heading.docx", (c.T03_TITLE,), c.T03)


def t04(folder: Path) -> Path:
    """One 责任单位 column (role words in some cells) and a 责任领导 column of people."""
    return _docx(folder / "t04_docx_role_words.docx", (c.T04_TITLE,), c.T04)


def t05(folder: Path) -> Path:
    """A prose outline (一、总体要求, 二、重点任务), the table under 二、, then 三、保障措施 in prose."""
    return _docx(folder / "t05_docx_prose_outline.docx", c.T05_BEFORE, c.T05, c.T05_AFTER)


# ---- HTML, workbook, CSV ----------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    """Write ``text`` at ``path`` in UTF-8; returns ``path``."""
    path.write_text(text, encoding="utf-8")
    return path


def t06(folder: Path) -> Path:
    """A government page: menu and metadata tables, a frame table around the notice and the task table."""
    return _write(folder / "t06_html_gov_page.html", html_pages.t06_page())


def t07(folder: Path) -> Path:
    """One page with two task tables under two prose headings."""
    return _write(folder / "t07_html_two_tables.html", html_pages.t07_page())


def t11(folder: Path) -> Path:
    """The long national table (18 rows), also printed to PDF as t12."""
    return _write(folder / "t11_html_long_table.html", html_pages.t11_page())


def t08(folder: Path) -> Path:
    """A workbook of two sheets: a title row merged across, the heading, section rows merged across,
    a lead cell merged over three rows (sheet 1, sections 一、二、) and sections 三、四、 (sheet 2)."""
    path = folder / "t08_xlsx_two_sheets.xlsx"
    book = xlsxwriter.Workbook(str(path))
    xlsx_sheet(book, c.T08_SHEET1, c.T08_A, title=c.T08_TITLE)
    xlsx_sheet(book, c.T08_SHEET2, c.T08_B)
    book.close()
    return path


def _csv(path: Path, table: TaskTable, encoding: str) -> Path:
    """Write ``table`` as CSV at ``path`` in ``encoding``; returns ``path``."""
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(csv_rows(table))
    return path


def t09(folder: Path) -> Path:
    """A simple task table as CSV in UTF-8 with a BOM (as Excel saves it)."""
    return _csv(folder / "t09_csv_utf8_bom.csv", m.T09, "utf-8-sig")


def t10(folder: Path) -> Path:
    """A task table with dotted 序号 as CSV in GBK (as a Chinese Windows Excel saves it)."""
    return _csv(folder / "t10_csv_gbk.csv", m.T10, "gbk")


# ---- Chromium, LibreOffice, scanning ----------------------------------------------------------


def chromium_path() -> str:
    """The Chromium executable, or "" when none is installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else "")


def print_pdf(page: Path, pdf: Path, work: Path) -> Path:
    """Print the HTML file ``page`` to ``pdf`` with headless Chromium (its own profile in ``work``).

    Returns ``pdf``; raises RuntimeError naming the page when Chromium writes nothing.
    """
    profile = work / "chromium-profile"
    cmd = [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"{page}: chromium printed no PDF (exit {proc.returncode}): {proc.stderr[-300:]}")
    return pdf


def soffice_path() -> str:
    """The LibreOffice executable, or "" when none is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice") or ""


def convert(src: Path, fmt: str, target: Path, work: Path) -> Path:
    """Convert ``src`` to ``fmt`` (odt, doc, xls) with headless LibreOffice and move it to ``target``.

    Returns ``target``; raises RuntimeError naming ``src`` when nothing is written.
    """
    out = work / f"soffice-{fmt}"
    out.mkdir(parents=True, exist_ok=True)
    cmd = [soffice_path(), f"-env:UserInstallation=file://{work}/soffice-profile", "--headless",
           "--convert-to", fmt, "--outdir", str(out), str(src)]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    made = out / f"{src.stem}.{fmt}"
    if not made.exists():
        raise RuntimeError(f"{src}: soffice wrote no .{fmt} (exit {proc.returncode}): {proc.stderr[-300:]}")
    shutil.move(made, target)
    return target


def scan(pdf: Path, target: Path, dpi: int = SCAN_DPI) -> Path:
    """Render each page of ``pdf`` at ``dpi`` with pypdfium2 and save the images, greyscale, as an
    image-only PDF at ``target`` with PIL (no text layer: a scan). Returns ``target``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        pages = [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()
    pages[0].save(target, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return target


def t12(folder: Path, work: Path) -> Path:
    """The long table t11 printed to PDF by Chromium (two pages or more, the heading on each)."""
    return print_pdf(t11(work), folder / "t12_pdf_long_table.pdf", work)


def t13(folder: Path, work: Path) -> Path:
    """t03 saved as a legacy Word .doc by LibreOffice, by way of ODT: LibreOffice 7.4 writes a
    python-docx table straight to .doc as bare paragraphs (its cells run together), but keeps
    the table, and its merges, from the ODT it saved itself."""
    odt = convert(t03(work), "odt", work / "t03_docx_merged_heading.odt", work)
    return convert(odt, "doc", folder / "t13_doc_merged_heading.doc", work)


def t14(folder: Path, work: Path) -> Path:
    """t08 saved as a legacy Excel .xls by LibreOffice."""
    return convert(t08(work), "xls", folder / "t14_xls_two_sheets.xls", work)


def t15(folder: Path, work: Path) -> Path:
    """The short district plan printed by Chromium, then scanned into an image-only PDF."""
    page = _write(work / "t15_page.html", html_pages.t15_page())
    printed = print_pdf(page, work / "t15_printed.pdf", work)
    return scan(printed, folder / "t15_scan_text_plan.pdf")


PLAIN: dict[str, Callable[[Path], Path]] = {"t01": t01, "t02": t02, "t03": t03, "t04": t04, "t05": t05,
                                            "t06": t06, "t07": t07, "t08": t08, "t09": t09, "t10": t10,
                                            "t11": t11}  # fmt: skip
TOOLED: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "t12": (t12, "chromium"), "t13": (t13, "soffice"), "t14": (t14, "soffice"), "t15": (t15, "chromium+tesseract"),
}  # fmt: skip


def missing_tools() -> dict[str, str]:
    """Why each tool the documents need is unusable here ({} when all are installed)."""
    why = {}
    if not chromium_path():
        why["chromium"] = "chromium is not installed (scripts/install_chromium.sh)"
    if not soffice_path():
        why["soffice"] = "LibreOffice (soffice) is not installed"
    if not shutil.which("tesseract"):
        why["tesseract"] = "tesseract-ocr is not installed"
    return why


def build_all(docs: Path, scans: Path, work: Path) -> dict[str, str]:
    """Write every document into ``docs`` (the scanned one into ``scans``), using ``work`` for the
    intermediate files and the browsers' and LibreOffice's profiles.

    Returns {doc_id: why it was not built} for the documents whose tools are absent.
    """
    for folder in (docs, scans, work):
        folder.mkdir(parents=True, exist_ok=True)
    for build in PLAIN.values():
        build(docs)
    absent, skipped = missing_tools(), {}
    for key, (build, tools) in TOOLED.items():
        stem = next(s for s in DOCUMENTS if s.startswith(key + "_"))
        lacking = [absent[t] for t in tools.split("+") if t in absent]
        if lacking:
            skipped[stem] = "; ".join(lacking)
            continue
        build(scans if stem in SCANNED else docs, work)
    return skipped
