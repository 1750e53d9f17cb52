"""PDF reading speed for ``make bench``: ``pdf_blocks`` (PDFium, pipeline/io/pdf.py) against pypdf's
``extract_text`` (what ``formats.pdf_to_text`` did) on the same files, in pages per second.

The files are made on each run from the project's own plans (``corpus/**/*.txt``): a long plan
printed by headless Chromium (the texts cycled until it has at least ``MIN_PAGES`` pages), and a
task table of the same texts converted from Word by LibreOffice (ruled, merged cells, its heading
row repeated on every page). A tool that is missing leaves its file out, and the report says so.
Each reader runs ``ROUNDS`` times; the fastest run counts. The cheap look for ruling lines is
timed apart: PDFium's path objects (what pdf.py does) against pdfplumber's ``page.lines`` and
``page.rects`` (what it would cost to ask pdfplumber). Also the page's section on it.

    .venv/bin/python bench/phases.py pdf DIR     # the numbers as JSON (run.py calls it)
"""

from __future__ import annotations

import html
import io
import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from goals import PDF_SHARE, verdict
from paths import ROOT
from timers import best_of

MIN_PAGES = 16
ROUNDS = 5
FONT = "Noto Serif CJK SC"


def _texts() -> list[str]:
    """The texts of the project's own plans (``corpus/**/*.txt``)."""
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))]


def _chromium(html_text: str, work: Path) -> Path | None:
    """``html_text`` printed to PDF by headless Chromium, or None without Chromium."""
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if exe is None:
        return None
    page, out = work / "plan.html", work / "plan.pdf"
    page.write_text(html_text, encoding="utf-8")
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={work / 'chromium'}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                    str(page)], check=True, capture_output=True, timeout=300)  # fmt: skip
    return out


def text_pdf(work: Path) -> Path | None:
    """A long plan of the corpus's texts (whole paragraphs, page numbers at each page's foot by
    CSS), printed by Chromium with at least MIN_PAGES pages; None without Chromium."""
    import pypdfium2 as pdfium

    lines = [line.strip() for text in _texts() for line in text.splitlines() if line.strip()]
    style = f"body{{font-family:'{FONT}';font-size:16pt;line-height:1.6}} p{{text-indent:2em;margin:0}}"
    for copies in range(1, 20):
        body = "".join(f"<p>{html.escape(line)}</p>" for line in lines * copies)
        out = _chromium(f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{style}</style></head>"
                        f"<body>{body}</body></html>", work)  # fmt: skip
        if out is None or len(pdfium.PdfDocument(out)) >= MIN_PAGES:
            return out
    return out


def table_pdf(work: Path) -> Path | None:
    """The corpus's paragraphs as a task table (序号 / 重点任务 / 牵头单位 / 配合单位, a 牵头单位
    merged down every third pair of rows, the heading row repeated), converted from Word by
    LibreOffice; None without LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    from docx import Document
    from docx.oxml import OxmlElement

    paras = [line.strip() for text in _texts() for line in text.splitlines() if len(line.strip()) > 20]
    doc = Document()
    doc.add_paragraph("重点任务分工表")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for c, heading in enumerate(["序号", "重点任务", "牵头单位", "配合单位"]):
        table.cell(0, c).text = heading
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for i, para in enumerate(paras[:90], 1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = str(i), para[:160], "市场监管局", "各区人民政府"
    for r in range(1, len(table.rows) - 1, 6):
        table.cell(r, 2).merge(table.cell(r + 1, 2)).text = "市发展改革委"
    src = work / "tasks.docx"
    doc.save(src)
    subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(work), str(src)], check=True, capture_output=True, timeout=600)  # fmt: skip
    return work / "tasks.pdf"


def measure(path: Path) -> dict[str, Any]:
    """Pages per second of pypdf's extract_text and of pdf_blocks on ``path``, their ratio, what
    pdf_blocks found, and the cost a page of looking for ruling lines each way."""
    import pdfplumber
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    from pipeline.io.pdf import pdf_blocks
    from pipeline.io.pdf_tables import ruling_edges
    from pipeline.types import Table

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns of every font it cannot measure
    data = path.read_bytes()
    n = len(pdfium.PdfDocument(data))
    pypdf_s, ours_s = best_of(lambda: [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages],
                              lambda: pdf_blocks(io.BytesIO(data), path.name), rounds=ROUNDS, warm_up=True)
    blocks = pdf_blocks(io.BytesIO(data), path.name)

    doc = pdfium.PdfDocument(data)
    pages = [doc[i] for i in range(n)]  # loaded once: pdf_blocks has the page loaded already

    def pdfium_look() -> None:
        for page in pages:
            ruling_edges(page)

    def pdfplumber_look() -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                _ = page.lines, page.rects

    look = best_of(pdfium_look, pdfplumber_look, rounds=2, warm_up=True)
    return {"file": path.name, "pages": n, "bytes": len(data), "pypdf_s": pypdf_s, "pdfium_s": ours_s,
            "pypdf_pages_per_s": n / pypdf_s, "pdfium_pages_per_s": n / ours_s, "ratio": ours_s / pypdf_s,
            "tables": sum(isinstance(b, Table) for b in blocks),
            "cells": sum(len(b.cells) for b in blocks if isinstance(b, Table)),
            "look_pdfium_ms": 1000 * look[0] / n, "look_pdfplumber_ms": 1000 * look[1] / n}  # fmt: skip


def phase(work: Path) -> dict[str, Any]:
    """Make the PDFs in ``work`` and measure each: ``{"files": [...], "missing": [...]}``."""
    sys.path.insert(0, str(ROOT))
    work.mkdir(parents=True, exist_ok=True)
    files, missing = [], []
    for label, make in (("text", text_pdf), ("table", table_pdf)):
        path = make(work)
        if path is None:
            missing.append(label)
        else:
            files.append({"kind": label, **measure(path)})
    return {"files": files, "missing": missing, "goal": PDF_SHARE}


def report_lines(pdf: dict[str, Any] | None) -> list[str]:
    """The Markdown section of ``docs/benchmarks.md`` on reading PDFs."""
    out = ["## Reading PDFs", ""]
    if not pdf:
        return [*out, "(not measured in this run)", ""]
    out += [
        f"`pdf_blocks` (PDFium, pipeline/io/pdf.py) against pypdf's `extract_text` on the same files, made "
        f"from `corpus/` on this run; the fastest of {ROUNDS} runs. Goal: reading costs at most {pdf['goal']}× "
        "what pypdf's `extract_text` costs, on a plan of 16 pages or more (the text file). The last column is "
        "the cost of the look for ruling lines on a page already loaded, as pdf.py does it (PDFium's path "
        "objects) and as pdfplumber would (`page.lines`, `page.rects`: pdfminer interprets the whole page).",
        "",
        "| file | pages | pypdf pages/s | pdf_blocks pages/s | cost ÷ pypdf's | goal | tables (cells) "
        "| looking for ruling lines, PDFium / pdfplumber (ms a page) |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for f in pdf["files"]:
        out.append(f"| {f['kind']} ({f['file']}) | {f['pages']} | {f['pypdf_pages_per_s']:.1f} | "
                   f"{f['pdfium_pages_per_s']:.1f} | {f['ratio']:.3f} | {verdict(f['ratio'] <= pdf['goal'])} | {f['tables']} ({f['cells']}) | "
                   f"{f['look_pdfium_ms']:.2f} / {f['look_pdfplumber_ms']:.1f} |")  # fmt: skip
    if pdf["missing"]:
        out += ["", f"Not made (tool missing: Chromium for text, LibreOffice for table): {', '.join(pdf['missing'])}."]
    return [*out, ""]


if __name__ == "__main__":
    import json
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fengong-pdf-") as tmp:
        print(json.dumps(phase(Path(tmp)), indent=1))
