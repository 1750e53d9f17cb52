"""A PDF file → blocks: its text layer read by PDFium, its ruled tables found by pdfplumber.

PDFium (pypdfium2) reads a page's text several times faster than pypdf's ``extract_text``, and
gives the characters a font means (人 where pypdf gives the Kangxi radical ⼈). Its text is made
to look as pypdf's did, on which the normalize stage was tuned: LF line breaks, a hyphen that
ends a line kept with its break, no control characters. Line breaks and page numbers stay. A
line whose characters the file draws out of order (LibreOffice draws “ ” of a Latin font after
the rest of their line, and pypdf reads them there too) is put in order by their places.

On a page that draws paths (ruling lines, cell borders), pdfplumber's table finder looks for
tables among them (:mod:`pipeline.io.pdf_tables`). Each table found is a :class:`~pipeline.types.Table` on its
grid, its cells' text read from PDFium's characters; the page's other text stays text around
it, top to bottom. A table that runs on over the next page is one table. A page with no text
layer is given to ``ocr`` (``--ocr``) as an image.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import FengongError
from ..types import Block, TextBlock
from .formats import check_unpacked
from .pdf_rows import split_unruled_rows
from .pdf_tables import Assembly, Char, Part, cell_lines, cell_text, display_space, find_tables, line_text

if TYPE_CHECKING:
    from PIL.Image import Image

OCR_DPI = 300  # a page is rendered at this resolution for the recogniser
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and line feed stay, as pypdf gives them


def clean_text(text: str) -> str:
    """PDFium's text as pypdf gave it: LF breaks, a line-end hyphen with its break, no controls.

    PDFium ends lines with CRLF and joins a word hyphenated at a line's end, marking the hyphen
    U+FFFE (``get_text_range``) or U+0002 (``get_text_bounded``); pypdf keeps ``-`` and the break.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text.replace("\ufffe", "-\n").replace("\x02", "-\n"))


def _utf16(text: str) -> str:
    """Text whose characters beyond the BMP (𠮷) PDFium gave as two surrogate halves, joined."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _damaged(source: str, exc: Exception, where: str = "") -> FengongError:
    detail = " ".join(f"damaged PDF{where} ({type(exc).__name__}: {str(exc)[:80]})".split())
    return FengongError("E005", source, detail=detail)


def _open(data: bytes, source: str) -> Any:  # noqa: ANN401 - a pypdfium2 PdfDocument
    """The document opened by PDFium with an empty password (an owner password alone does not
    stop reading); E005 when it is damaged or a user password locks it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise FengongError("E005", source, detail="PDF is encrypted") from exc
        raise _damaged(source, exc) from exc


def _chars(page: Any, textpage: Any) -> list[Char]:  # noqa: ANN401
    """The page's characters in PDFium's order, with the spaces and line breaks it generates;
    each real one with its place (its loose box: the font's height and the glyph's advance)."""
    import pypdfium2.raw as raw

    ax, bx, cx, ay, by, cy = display_space(page)
    box = raw.FS_RECTF()
    handle = textpage.raw
    unicode, generated, loose = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, raw.FPDFText_GetLooseCharBox
    made = {ch: Char(ch, True) for ch in " \r\n"}  # what PDFium generates: spaces and line breaks
    out: list[Char] = []
    for i in range(textpage.count_chars()):
        ch = chr(unicode(handle, i))
        if ch in made and generated(handle, i) == 1:
            out.append(made[ch])
            continue
        loose(handle, i, box)  # by the font's size and the glyph's advance, not its ink
        x0, y0 = ax * box.left + bx * box.bottom + cx, ay * box.left + by * box.bottom + cy
        x1, y1 = ax * box.right + bx * box.top + cx, ay * box.right + by * box.top + cy
        left, right = (x0, x1) if x0 < x1 else (x1, x0)
        out.append(Char(ch, False, (x0 + x1) / 2, (y0 + y1) / 2, max(abs(y1 - y0), 1.0), left, right))
    return out


_HYPHENS = ("\ufffe", "\x02")  # PDFium's mark of a hyphen ending a line, the next line joined on


def _ordered(chars: list[Char]) -> str:
    """Characters as text, each line left to right (:func:`line_text`); a line-end hyphen ends
    its line."""
    lines: list[str] = []
    line: list[Char] = []
    for ch in chars:
        if ch.text in _HYPHENS:
            line.append(Char("-", False, ch.x, ch.y, ch.height, ch.left, ch.right))
        elif ch.text != "\n":
            if ch.text != "\r":
                line.append(ch)
            continue
        lines.append(line_text(line) if any(not c.generated for c in line) else "".join(c.text for c in line))
        line = []
    lines.append(line_text(line) if any(not c.generated for c in line) else "".join(c.text for c in line))
    return "\n".join(lines)


def _page_text(textpage: Any, chars: list[Char]) -> str:  # noqa: ANN401
    """The page's text, a line drawn out of order put in order (PDFium's text as it is where its
    list of characters does not spell its text, which it rarely fails to)."""
    text = textpage.get_text_range()
    if _utf16("".join(c.text for c in chars)).replace("\x02", "\ufffe") != text.replace("\x02", "\ufffe"):
        return clean_text(text)
    return clean_text(_utf16(_ordered(chars)))


def _table_page(chars: list[Char], found: list[Any], number: int, height: float) -> list[str | Part] | None:
    """A ruled page's items top to bottom: its tables on their grids (each cell's text from
    PDFium's characters), and its text above, between and below them (None: no table)."""
    parts = sorted((Part(t, number, height, cut) for t, cut in found), key=lambda p: p.top)
    parts = [p for p in parts if p.n_cols >= 2 and p.cells]  # a frame around text is text
    if not parts:
        return None
    regions: list[list[Char]] = [[] for _ in range(len(parts) + 1)]
    in_cell: dict[int, list[Char]] = {}
    last: object = None  # where the previous real character went
    gap = False  # PDFium generated a space since it
    for ch in chars:
        if ch.generated:
            gap = gap or ch.text == " "
            if isinstance(last, int):
                regions[last].append(ch)
            continue
        cell = next((c for p in parts if (c := p.cell_at(ch.x, ch.y)) is not None), None)
        if cell is not None:
            seq = in_cell.setdefault(id(cell), [])
            if last is cell and gap and seq[-1].text.isascii() and ch.text.isascii():  # two words apart
                seq.append(Char(" ", True, ch.x, ch.y, ch.height, ch.left, ch.left))
            seq.append(Char("-", False, ch.x, ch.y, ch.height, ch.left, ch.right) if ch.text in _HYPHENS else ch)
            last = cell
        else:
            k = sum(p.bottom <= ch.y for p in parts)
            region = regions[k]
            if last != k and region:  # the region goes on after text elsewhere: on a new line
                while region and region[-1].generated:
                    region.pop()
                region.append(Char("\n", True))
            region.append(ch)
            last = k
        gap = False
    for part in parts:
        split_unruled_rows(part, in_cell)  # rows ruled only at their section's border
        for cell in part.cells:
            lines, ended = cell_lines(in_cell.get(id(cell), []), part.xs[cell.col], part.xs[cell.col + cell.colspan])
            cell.text = _utf16(cell_text(lines, ended))
            cell.ends_short = bool(ended) and ended[-1]
    items: list[str | Part] = []
    for k, region in enumerate(regions):
        text = clean_text(_utf16(_ordered(region))).strip("\n ")
        if text.strip():
            items.append(text)
        if k < len(parts):
            items.append(parts[k])
    return items


def _size(items: list[str | Part | TextBlock]) -> int:
    """The UTF-8 bytes of a page's text and cells."""
    texts = [i if isinstance(i, str) else i.text for i in items if not isinstance(i, Part)]
    texts += [c.text for i in items if isinstance(i, Part) for c in i.cells]
    return sum(len(t.encode("utf-8")) for t in texts)


def _read_page(doc: Any, index: int,  # noqa: ANN401 - a pypdfium2 PdfDocument
               ocr: Callable[[Image], TextBlock] | None) -> list[str | Part] | list[Image]:  # fmt: skip
    """Page ``index``'s items: its text, or its tables and the text around them; a page without
    text, its image at OCR_DPI when there is an ``ocr`` to read it."""
    page = doc[index]
    try:
        textpage = page.get_textpage()
        chars = _chars(page, textpage)
        if all(c.generated or c.text.isspace() for c in chars):  # no text layer
            return [""] if ocr is None else [page.render(scale=OCR_DPI / 72).to_pil()]
        found = find_tables(page)
        items = _table_page(chars, found, index + 1, page.get_size()[1]) if found else None
        return items or [_page_text(textpage, chars)]
    finally:
        page.close()


def pdf_to_text(fh: BinaryIO, source: str, max_bytes: int | None = None) -> str:
    """A PDF's text as decoded (:func:`pdf_blocks` written out, tables a cell a line)."""
    from ..lexicon.model import load_lexicon
    from .table_text import render

    return render(pdf_blocks(fh, source, max_bytes), load_lexicon()).text


def pdf_blocks(fh: BinaryIO, source: str, max_bytes: int | None = None,
               ocr: Callable[[Image], TextBlock] | None = None) -> list[Block]:  # fmt: skip
    """A PDF's text and ruled tables in reading order.

    Args:
        fh: the file, opened in binary mode.
        source: its name, for the errors.
        max_bytes: the most text (UTF-8) read before E014; None: no limit.
        ocr: recognises a page image (``--ocr``) as a ``TextBlock(text, ocr=True, notes)``; each page
            without text is given to it.

    Returns:
        The pages' text as :class:`TextBlock` runs (pages joined by a line break, as pypdf's
        text was), each ruled table as a :class:`~pipeline.types.Table` (``table 1``, ``table 2`` … through the
        file), and each recognised page as ``TextBlock(text, ocr=True)``.

    Raises:
        FengongError: E004 not a PDF, or no text layer (and no ``ocr``); E005 damaged or
        encrypted; E014 text past ``max_bytes``.
    """
    data = fh.read()
    if b"%PDF" not in data[:1024]:
        raise FengongError("E004", source, detail="not a PDF file")
    doc = _open(data, source)
    pages: list[list[str | Part | TextBlock]] = []
    size = 0
    try:
        for index in range(len(doc)):
            try:
                items = _read_page(doc, index, ocr)
            except Exception as exc:  # a PdfiumError, or a broken page object
                raise _damaged(source, exc, f", page {index + 1}") from exc
            if ocr is not None and items and not isinstance(items[0], str | Part):  # the page's image
                items = [ocr(items[0])]  # a TextBlock(ocr=True); the recogniser's own errors are its own
            pages.append(items)
            size += _size(pages[-1])
            check_unpacked(size, source, max_bytes, f"its text layer (by page {index + 1})")
    finally:
        doc.close()
    if not any(isinstance(i, Part) or (i if isinstance(i, str) else i.text).strip() for p in pages for i in p):
        detail = "PDF has no text layer (scanned?); run with --ocr to recognise its pages"
        if ocr is not None:
            detail = "PDF has no text layer, and OCR recognised no text on its pages"
        raise FengongError("E004", source, detail=detail)
    return _blocks(pages)


def _blocks(pages: list[list[str | Part | TextBlock]]) -> list[Block]:
    """The pages' items as blocks: runs of text joined, a table's pieces on following pages one
    table (the furniture between them, a page number, after it)."""
    blocks: list[Block] = []
    run: list[str] = []  # text since the last table
    held: list[str] = []  # text after the open table
    table: Assembly | None = None
    count = 0

    def close() -> None:
        nonlocal table, count, held
        if table is not None:
            count += 1
            blocks.append(table.table(f"table {count}"))
            run.extend(held)
            table, held = None, []

    def flush() -> None:
        if any(t.strip() for t in run):
            blocks.append(TextBlock("\n".join(run)))
        run.clear()

    for items in pages:
        for item in items:
            if isinstance(item, str):
                (held if table is not None else run).append(item)
            elif isinstance(item, TextBlock):
                close()
                flush()
                if item.text.strip():
                    blocks.append(item)
            elif table is not None and table.goes_on(item, held):
                table.add(item)
            else:
                close()
                flush()
                table = Assembly(item)
    close()
    flush()
    return blocks
