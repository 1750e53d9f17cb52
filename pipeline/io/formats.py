"""Text out of HTML pages, Word documents and PDF files, for the readers.

Each function returns the document's text as lines (one block, paragraph or table row per
line) and leaves every repair of that text (page markers, hard-wrapped lines, widths,
script) to the normalize stage. Every failure is a :class:`FengongError`.

What a page's HTML is read by comes from the lexicon: the field names of its metadata table
(``lexicons/page_fields.csv``) and the class names of a site's text block and of its navigation
(``lexicons/page_classes.csv``). An input is read before any stage, so a caller without a
lexicon at hand gets the project's (:func:`~pipeline.lexicon.model.load_lexicon`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from bs4 import BeautifulSoup, Tag
from bs4.dammit import EncodingDetector

from ..errors import FengongError
from ..lexicon.words import alternation
from ..types import Block, Table, TableCell, TextBlock

if TYPE_CHECKING:
    from ..lexicon.model import Lexicon

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")  # ASCII whitespace and nbsp; full-width space stays
_BREAK = "\x00"  # line-break sentinel placed in the tree; NULs are removed from the input first
_GBK_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "x-euc-cn", "hz-gb-2312"}
_NOISE_TAGS = ["script", "style", "nav", "header", "footer", "noscript", "form", "iframe",
               "template", "button", "select"]  # fmt: skip
_BLOCKS = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
           "dl", "dt", "dd", "section", "article", "main", "blockquote", "pre", "center",
           "caption", "address", "figure", "figcaption"]  # fmt: skip
# An element marked as navigation or furniture is noise unless it holds more than this share
# of the page's Chinese text (a site that puts its text in a "content-nav" block).
MAX_NOISE_SHARE = 0.5
# A content block of a known class is the text only when it holds at least this share of the
# Chinese of the best <p> parent and of the whole page (not an empty or a teaser block).
MIN_CONTAINER_OF_BEST, MIN_CONTAINER_OF_PAGE = 0.5, 0.3
# A page with less Chinese than this share of its characters is not a Chinese document (as
# readers.MIN_CHINESE_SHARE for decoded text).
MIN_CHINESE_SHARE = 0.05


class _Page(NamedTuple):
    """One lexicon's words for reading a page, built once per lexicon."""

    meta_cell: re.Pattern[str]  # a metadata cell: 发文字号 or 发文字号：…, on text without spaces
    containers: tuple[str, ...]  # page_classes.csv content, the first that holds the text winning
    noise: tuple[str, ...]  # page_classes.csv noise


def _page(lexicon: Lexicon) -> _Page:
    meta_cell = re.compile(rf"^({alternation(lexicon.page_field_names)})(?:[:：](.*))?$")
    return _Page(meta_cell, lexicon.page_class_names("content"), lexicon.page_class_names("noise"))


def _cjk(text: str) -> int:
    return len(_CJK.findall(text))


def _compact(text: str) -> str:
    """Text without any whitespace (ASCII, nbsp or full-width): for comparing lines."""
    return re.sub(r"\s+", "", text)


def _decode_html(data: bytes, source: str) -> str:
    """Decode a page by its BOM, else as utf-8, else by its declared charset, else by a guess."""
    data, bom = EncodingDetector.strip_byte_order_mark(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise FengongError("E005", source, detail=f"bytes after its {bom} BOM are not {bom}") from exc
    if b"\x00" in data[:4096]:
        raise FengongError("E004", source, detail="binary data (NUL bytes)")
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    # UTF-8 first: a page mislabelled gb2312 would otherwise decode to mojibake without an error.
    for enc in ("utf-8", declared):
        enc = "gb18030" if enc and enc.lower() in _GBK_FAMILY else enc
        if not enc:
            continue
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best() or from_bytes(data).best()
    if best is None:
        raise FengongError("E005", source, detail=f"HTML fits neither utf-8 nor {declared or 'a guess'}")
    return str(best)


def _classes(el: Tag) -> str:
    if el.attrs is None:
        return ""
    cls = el.get("class") or []
    cls = " ".join(cls) if isinstance(cls, list) else str(cls)
    return f"{cls} {el.get('id') or ''}".lower()


def _metadata(soup: BeautifulSoup, meta_cell: re.Pattern[str]) -> list[str]:
    """The metadata block's "key：value" lines (each key once, in page order); cells removed.

    The block is a table (索引号 | … cells), a list, or leaf ``<div>``/``<span>``/``<p>`` elements of a
    CMS page (``<div>发文字号：鄂政办函〔2021〕18号</div>``), often outside the text's own block."""
    found: dict[str, str] = {}
    used: list[Tag] = []
    for cell in soup.find_all(["td", "th", "dt", "li", "div", "span", "p"]):
        if cell.decomposed or cell.find(["td", "th", "table", "li", "div", "p"]):
            continue
        m = meta_cell.match(_compact(cell.get_text()))
        if not m or m.group(1) in found:
            continue
        value_cell = None
        if m.group(2):  # "key：value" in one cell: the value is what follows the first colon
            value = re.split("[:：]", _SPACES.sub(" ", cell.get_text()), maxsplit=1)[1]
        else:  # the value is the next cell
            value_cell = cell.find_next_sibling(["td", "th", "dd", "span", "div"])
            value = _SPACES.sub(" ", value_cell.get_text()) if value_cell else ""
        if value.strip():
            found[m.group(1)] = value.strip()
            used += [cell] + ([value_cell] if value_cell else [])
    for el in used:
        el.decompose()
    return [f"{k}：{v}" for k, v in found.items()]


def _drop_noise(soup: BeautifulSoup, noise: tuple[str, ...]) -> None:
    """Remove scripts, navigation, headers, footers and the like, unless they hold the text."""
    for el in soup.find_all(_NOISE_TAGS):
        if not el.decomposed:  # not inside one removed before
            el.decompose()
    total = _cjk(soup.get_text())
    for el in soup.find_all(True):
        if el.decomposed or el.name in ("html", "body"):
            continue
        names = _classes(el)
        if any(n in names for n in noise) and _cjk(el.get_text()) <= MAX_NOISE_SHARE * total:
            el.decompose()


def _main(soup: BeautifulSoup, containers: tuple[str, ...]) -> Tag:
    """The main text: a known government container, else the parent of the most Chinese <p> text."""
    by_parent: dict[int, tuple[Tag, int]] = {}
    for p in soup.find_all("p"):
        if p.parent is not None:
            tag, n = by_parent.get(id(p.parent), (p.parent, 0))
            by_parent[id(p.parent)] = (tag, n + _cjk(p.get_text()))
    body = soup.body or soup
    best = max(by_parent.values(), key=lambda t: t[1], default=(body, 0))
    floor = max(MIN_CONTAINER_OF_BEST * best[1], MIN_CONTAINER_OF_PAGE * _cjk(body.get_text()), 1)
    for marker in containers:
        hits = [el for el in soup.find_all(True) if marker in _classes(el)]
        hits = [(el, _cjk(el.get_text())) for el in hits]
        hits = [h for h in hits if h[1] >= floor]
        if hits:
            return max(hits, key=lambda t: t[1])[0]
    return best[0] if best[1] else body


def _lines(root: Tag) -> list[str]:
    """The element's text with one line per block element or <br>, whitespace collapsed."""
    for br in root.find_all("br"):
        br.replace_with(_BREAK)
    for cell in root.find_all(["td", "th"]):
        cell.insert_before(" ")
    for el in root.find_all(_BLOCKS):
        el.insert_before(_BREAK)
        el.append(_BREAK)
    lines = (_SPACES.sub(" ", part).strip(" ") for part in root.get_text().split(_BREAK))
    return [line for line in lines if line.strip()]


def _title(soup: BeautifulSoup) -> str:
    """The page's first <h1>, else its <title> without the site name after "_" or "|"."""
    h1 = next((h for h in soup.find_all("h1") if h.get_text(strip=True)), None)
    if h1 is not None:
        return _SPACES.sub(" ", h1.get_text()).strip()
    if soup.title and soup.title.string:
        parts = re.split(r"_|\||\s[-–—]\s", soup.title.string)
        return _SPACES.sub(" ", parts[0]).strip()
    return ""


def html_blocks(data: bytes, source: str, lexicon: Lexicon | None = None) -> list[Block]:
    """An HTML page's title, metadata table and main text as lines, and its task tables.

    A ``<table>`` of the main text whose heading row names task-table columns
    (:func:`~pipeline.io.table_text.find_columns`) is a :class:`Table` on its grid (``rowspan``,
    ``colspan``); any other (a frame, a layout table) is text, a row a line.
    ``lexicon`` gives the page's field and class names (None: the project's lexicons).
    """
    lexicon = default_lexicon(lexicon)
    page = lexicon.derived(_page)
    text = _decode_html(data, source).replace(_BREAK, "").replace(_TABLE, "")
    soup = BeautifulSoup(text, "lxml")
    meta = _metadata(soup, page.meta_cell)
    _drop_noise(soup, page.noise)
    title = _title(soup)
    tables = task_tables(soup, lexicon)
    main = _main(soup, page.containers)
    for _, el in tables:  # the main text chosen inside a table's cell: the table's place instead
        if el is main or main in el.descendants:
            main = el.parent or main
    found: list[Table] = []
    for table, el in tables:
        if el is main or main in el.descendants or el not in main.descendants:
            continue
        el.replace_with(f"{_BREAK}{_TABLE}{len(found)}{_TABLE}{_BREAK}")
        found.append(table)
    lines = _lines(main)
    if title and (not lines or _compact(lines[0]) != _compact(title)):
        lines.insert(0, title)
    lines = [lines[0]] + meta + lines[1:] if title and lines else meta + lines
    text_lines = [line for line in lines if not line.startswith(_TABLE)]
    if not "".join(text_lines).strip() and not found:
        raise FengongError("E003", source)
    all_text = "".join(text_lines) + "".join(c.text for t in found for c in t.cells)
    if _cjk(all_text) < MIN_CHINESE_SHARE * len(_compact(all_text)):
        raise FengongError("E004", source, detail="HTML page holds no Chinese text")
    blocks: list[Block] = []
    run: list[str] = []
    for line in lines:
        if line.startswith(_TABLE) and line.endswith(_TABLE):
            if run:
                blocks.append(TextBlock("\n".join(run)))
                run = []
            blocks.append(found[int(line.strip(_TABLE))])
        else:
            run.append(line)
    if run:
        blocks.append(TextBlock("\n".join(run)))
    return blocks


_TABLE = "\x01"  # a task table's place among the page's lines; removed from the input first


def default_lexicon(lexicon: Lexicon | None) -> Lexicon:
    """``lexicon``, or the project's lexicons when None (a reader is called before any stage)."""
    if lexicon is not None:
        return lexicon
    from ..lexicon.model import load_lexicon

    return load_lexicon()


def html_to_text(data: bytes, source: str, lexicon: Lexicon | None = None) -> str:
    """An HTML page's decoded text: :func:`html_blocks` written out, task tables a cell a line."""
    from .table_text import render

    return render(html_blocks(data, source, lexicon), default_lexicon(lexicon)).text


def docx_to_text(fh: BinaryIO, source: str, max_bytes: int | None = None, lexicon: Lexicon | None = None) -> str:
    """A Word document's decoded text: :func:`docx_blocks` written out, task tables a cell a line."""
    from .table_text import render

    return render(docx_blocks(fh, source, max_bytes), default_lexicon(lexicon)).text


def task_tables(soup: BeautifulSoup, lexicon: Lexicon) -> list[tuple[Table, Tag]]:
    """The page's task tables on their grids, each with its element (outermost first; a table
    inside a task table is that table's text)."""
    from .table_heading import Grid, find_columns

    out: list[tuple[Table, Tag]] = []
    for el in soup.find_all("table"):
        if any(el in chosen.descendants for _, chosen in out):
            continue
        table = _html_table(el, f"table {len(out) + 1}")
        if table.cells and find_columns(Grid.of(table), lexicon) is not None:
            out.append((table, el))
    for k, (table, _) in enumerate(out, 1):
        table.name = f"table {k}"
    return out


MAX_SPAN = 500  # a rowspan or colspan past this is a page's error, not a table's shape


def _span(el: Tag, attr: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(el.get(attr) or "1").strip())))
    except ValueError:
        return 1


def _html_table(el: Tag, name: str) -> Table:
    """A ``<table>`` on its grid, by the HTML table model: each cell takes the first free place
    of its row and covers ``rowspan`` × ``colspan`` places."""
    import copy

    rows = [tr for tr in el.find_all("tr") if tr.find_parent("table") is el]
    taken: set[tuple[int, int]] = set()
    cells: list[TableCell] = []
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in taken:
                c += 1
            rowspan = min(_span(td, "rowspan"), len(rows) - r)
            colspan = _span(td, "colspan")
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            text = "\n".join(_lines(copy.copy(td)))
            cells.append(TableCell(r, c, text, rowspan, colspan))
            c += colspan
    return Table(name, cells)


def check_unpacked(size: int, source: str, max_bytes: int | None, what: str) -> None:
    """E014 when ``size`` bytes unpacked from an input pass the limit ``max_bytes``."""
    if max_bytes is not None and size > max_bytes:
        from ..errors import megabytes

        raise FengongError("E014", source, detail=f"{what}, {megabytes(size)},", limit=megabytes(max_bytes))


def docx_blocks(fh: BinaryIO, source: str, max_bytes: int | None = None) -> list[Block]:
    """A Word document's paragraphs and tables in document order.

    A package whose parts unpack to more than ``max_bytes`` is refused before it is read.
    """
    import zipfile

    from docx import Document

    if not zipfile.is_zipfile(fh):
        ole = fh.seek(0) == 0 and fh.read(4) == b"\xd0\xcf\x11\xe0"  # an old .doc, or encrypted
        detail = "not a Word document" + (" (an old .doc saved as .docx?)" if ole else "")
        raise FengongError("E004", source, detail=detail)
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FengongError("E004", source, detail=f"not a Word document ({type(exc).__name__})") from exc
    check_unpacked(unpacked, source, max_bytes, "its parts")
    fh.seek(0)
    try:
        doc = Document(fh)
    except Exception as exc:  # python-docx raises KeyError, ValueError, PackageNotFoundError …
        raise FengongError("E004", source, detail=f"not a Word document ({type(exc).__name__})") from exc
    return _docx_blocks(doc, [0])


def _docx_blocks(container: Any, count: list[int]) -> list[Block]:
    """The blocks of a document or a frame's cell: runs of paragraphs as text, and each table on
    its grid (``count``: the tables named so far, so a table is cited by its place in the file)."""
    from docx.table import Table as DocxTable

    blocks: list[Block] = []
    lines: list[str] = []
    for block in container.iter_inner_content():
        if not isinstance(block, DocxTable):
            lines += block.text.split("\n")
            continue
        rows = [list({id(c._tc): c for c in row.cells}.values()) for row in block.rows]  # merged cells repeat
        if all(len(r) == 1 for r in rows):  # a frame around text (one cell a row): its content as it is
            inner = [b for r in rows for b in _docx_blocks(r[0], count)]
        else:
            count[0] += 1
            inner = [_docx_table(block, f"table {count[0]}")]
        if lines:
            blocks.append(TextBlock("\n".join(line for line in lines if line.strip())))
            lines = []
        blocks += inner
    if any(line.strip() for line in lines):
        blocks.append(TextBlock("\n".join(line for line in lines if line.strip())))
    return blocks


def _docx_table(table: Any, name: str) -> Table:
    """A Word table on its grid: a cell merged across columns (gridSpan) or down rows (vMerge)
    is one :class:`TableCell` spanning them."""
    places: dict[int, list[tuple[int, int]]] = {}
    cells: dict[int, Any] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            places.setdefault(id(cell._tc), []).append((r, c))
            cells[id(cell._tc)] = cell
    out = []
    for key, spots in places.items():
        rows = [r for r, _ in spots]
        cols = [c for _, c in spots]
        text = "\n".join(line for line in _docx_cell_lines(cells[key]) if line.strip())
        out.append(TableCell(min(rows), min(cols), text, max(rows) - min(rows) + 1, max(cols) - min(cols) + 1))
    return Table(name, sorted(out, key=lambda c: (c.row, c.col)))


def _docx_cell_lines(container: Any) -> list[str]:
    """A cell's lines: its paragraphs, and a table inside it a row a line."""
    from docx.table import Table as DocxTable

    out: list[str] = []
    for block in container.iter_inner_content():
        if not isinstance(block, DocxTable):
            out += block.text.split("\n")
            continue
        for row in block.rows:
            cells = list({id(c._tc): c for c in row.cells}.values())
            out.append("　".join(" ".join(_docx_cell_lines(c)).strip() for c in cells).strip("　"))
    return out
