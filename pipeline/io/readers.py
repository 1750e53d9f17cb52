"""Reading inputs: bytes of a text, HTML, Word, spreadsheet, CSV or PDF file → decoded text.

The decoded text is the "original input" that every row's offsets point into: for a text
file it is the file's characters; for the other formats it is the text extracted from them,
their task tables written a cell a line (:mod:`pipeline.io.table_text`). Legacy and Chinese
office files (.doc, .wps, .rtf, .et, and .xls that calamine cannot open) are converted by
LibreOffice first (:mod:`pipeline.io.convert`).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FengongError, megabytes
from ..types import Block, Decoded, TextBlock
from .sheets import csv_blocks, sheet_blocks

if TYPE_CHECKING:
    from ..lexicon.model import Lexicon

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".et"}
WORD_SUFFIXES = {".docx", ".docm"}
CONVERTED = {".doc", ".wps", ".rtf", ".odt"}  # read as Word once LibreOffice converts them to .docx
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | WORD_SUFFIXES | SHEET_SUFFIXES | {".pdf", ".csv", ".ofd"} | CONVERTED
# What an unsupported-format message lists, in the order a user looks for them.
READ_FORMATS = "txt, html, htm, docx, doc, wps, rtf, odt, xlsx, xlsm, xls, et, ods, csv, pdf, ofd"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Decoded text with less Chinese than this share of its characters is not a Chinese document
# (bytes decoded by chance); the same share as formats.MIN_CHINESE_SHARE for a web page.
MIN_CHINESE_SHARE = 0.05
# Text decoded as UTF-16 by guess is that only when nearly all of it is Chinese or printable ASCII.
MIN_READABLE_SHARE = 0.9
# When charset-normalizer finds no fit: tried in this order (GB18030 first: it is what mainland
# sites and PDFs use; a Big5 text is nearly always found by the detector).
GUESSED_ENCODINGS = ("gb18030", "big5")


@dataclass(frozen=True)
class ReadOptions:
    """How an input is read.

    Attributes:
        max_bytes: the size limit of the file, and of the text unpacked from a Word, PDF, HTML
            or spreadsheet file (its UTF-8 bytes): past it the input is refused (E006, E014).
        lexicon: the lexicons an HTML page's field and class names and a task table's column
            headings are read by; None for the project's.
        ocr: recognise a PDF's pages without a text layer by Tesseract (else such a PDF is
            refused, E004).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    lexicon: Lexicon | None = None
    ocr: bool = False


DEFAULT_READ = ReadOptions()


def safe_doc_id(stem: str) -> str:
    """A doc_id from a file stem: no separators, no '..', nothing a shell or Excel trips on."""
    cleaned = re.sub(r"[^\w\-.]+", "_", stem, flags=re.UNICODE).strip("._-") or "document"
    return re.sub(r"\.{2,}", ".", cleaned)[:120]


def doc_id_of(path: str | Path, stems: dict[str, int] | None = None) -> str:
    """The doc_id of an input file, from its own path and its siblings alone.

    The file stem, made safe; plus ``-`` and the extension (lower case) when another file
    fengong reads (not hidden) in the same folder has the same stem: ``plan.pdf`` and
    ``plan.docx`` → ``plan-pdf``, ``plan-docx``. ``stems`` (stem → files) saves listing a
    folder again for each of its files.
    """
    p = Path(path)
    if stems is None:
        stems = folder_stems(p.parent)
    stem = p.stem
    if p.suffix and stems.get(stem, 0) > 1:
        stem = f"{stem}-{p.suffix.lower().lstrip('.')}"
    return safe_doc_id(stem)


def folder_stems(folder: Path) -> dict[str, int]:
    """How many files fengong reads (not hidden) each stem names in ``folder``."""
    counts: dict[str, int] = {}
    try:
        names = [f.name for f in folder.iterdir() if f.is_file()]
    except OSError:
        return counts
    for name in names:
        f = Path(name)
        if not name.startswith(".") and f.suffix.lower() in SUPPORTED:
            counts[f.stem] = counts.get(f.stem, 0) + 1
    return counts


def _looks_chinese(text: str) -> bool:
    """Whether decoded text reads as Chinese prose rather than bytes decoded by chance."""
    if not text:
        return False
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    plain = sum(1 for ch in text if ch.isascii() and (ch.isprintable() or ch in "\r\n\t"))
    return cjk >= MIN_CHINESE_SHARE * len(text) and (cjk + plain) >= MIN_READABLE_SHARE * len(text)


def _decode_text(data: bytes, source: str) -> tuple[str, str, str]:
    """The text of a text file, its encoding, and a warning when the encoding is a guess."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", ""), ""
    if b"\x00" in data:
        # UTF-16 without a byte-order mark, or binary data.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_chinese(text):
                return text, "utf-16", ""
        raise FengongError("E004", source, detail="binary data (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        # charset-normalizer finds no fit for some real Chinese texts (PDF copies holding Kangxi
        # radicals ⼀ ⼯, four-byte sequences in GB18030): the first Chinese encoding whose
        # strict decoding gives Chinese text is taken, and the guess is said.
        for encoding in GUESSED_ENCODINGS:
            try:
                text = data.decode(encoding, errors="strict")
            except UnicodeDecodeError:
                continue
            if _looks_chinese(text):
                return text, encoding, f"encoding guessed: {encoding} (no detector fit); check the text"
        raise FengongError("E005", source, detail="no encoding fits its bytes")
    encoding = best.encoding
    if encoding in {"gb2312", "gbk"}:
        encoding = "gb18030"
    text = data.decode(encoding, errors="strict")
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < MIN_CHINESE_SHARE * max(1, len(text.strip())):
        raise FengongError("E004", source, detail=f"decoded as {encoding} but holds no Chinese")
    return text, encoding, ""


def decode(
    data: bytes, source: str = "<text>", doc_id: str | None = None, suffix: str = "",
    options: ReadOptions = DEFAULT_READ,
) -> Decoded:  # fmt: skip
    """Decode an input's bytes by its format (``suffix``) into text.

    The size limit ``options.max_bytes`` also holds for the text unpacked from Word, PDF, HTML
    and spreadsheet files (UTF-8 bytes): a small zip bomb or a PDF with a huge text layer is
    refused (E014).

    Args:
        data: the input's bytes.
        source: its name, for messages and the decoded input's ``source``.
        doc_id: its doc_id; None for one made from ``source``'s stem (:func:`safe_doc_id`).
        suffix: its suffix (``.txt``, ``.docx``…), which names its format.
        options: the size limit, the lexicons and whether to recognise scanned PDF pages
            (:class:`ReadOptions`; by default 20 MiB, the project's lexicons, no OCR).

    Returns:
        The decoded input: its doc_id, source, sha256, encoding (the format, for a file that is
        not plain text), text and warnings, and where its task tables' cells and the parts read
        by OCR stand in the text.

    Raises:
        FengongError: E003 for an empty input, E004 or E005 for bytes that are no Chinese
        text, E008 for a format fengong does not read, E014 past the size limit, and the
        errors of each format's reader.
    """
    suffix = suffix.lower()
    if not data.strip():
        raise FengongError("E003", source)
    sha = hashlib.sha256(data).hexdigest()
    encoding = suffix.lstrip(".") or "text"
    if suffix in TEXT_SUFFIXES:
        text, encoding, guess = _decode_text(data, source)
        if not text.strip():
            raise FengongError("E003", source)
        return Decoded(doc_id or safe_doc_id(Path(source).stem), source, sha, encoding, text, [guess] if guess else [])
    from . import formats
    from .table_text import render

    lexicon = formats.default_lexicon(options.lexicon)
    blocks = _blocks(data, source, suffix, replace(options, lexicon=lexicon))
    rendered = render(blocks, lexicon)
    if not rendered.text.strip():
        raise FengongError("E003", source)
    formats.check_unpacked(len(rendered.text.encode("utf-8")), source, options.max_bytes, "its text")
    return Decoded(doc_id or safe_doc_id(Path(source).stem), source, sha, encoding, rendered.text,
                   rendered.warnings, rendered.cells, rendered.ocr_spans, rendered.row_spans)  # fmt: skip


def _blocks(data: bytes, source: str, suffix: str, options: ReadOptions) -> list[Block]:
    """The blocks (text and tables) of a file that is not plain text, by its format.

    Args:
        data: the file's bytes.
        source: its name, for messages.
        suffix: its suffix, lower case.
        options: the size limit, the lexicons (None for the project's) and whether to
            recognise scanned PDF pages.

    Returns:
        The file's blocks, in reading order.
    """
    from . import formats

    max_bytes, lexicon = options.max_bytes, formats.default_lexicon(options.lexicon)
    if suffix in HTML_SUFFIXES:
        return formats.html_blocks(data, source, lexicon)
    if suffix in WORD_SUFFIXES:
        return formats.docx_blocks(io.BytesIO(data), source, max_bytes)
    if suffix == ".pdf":
        from .pdf import pdf_blocks

        recogniser = _recogniser(source, lexicon) if options.ocr else None
        return pdf_blocks(io.BytesIO(data), source, max_bytes, recogniser)
    if suffix == ".ofd":  # GB/T 33190: its text layer, page by page (pipeline/io/ofd.py)
        from .ofd import ofd_text

        return [TextBlock(ofd_text(data, source, max_bytes))]
    if suffix == ".csv":
        text, _, _ = _decode_text(data, source)
        return csv_blocks(text)
    if suffix in SHEET_SUFFIXES:
        try:
            return sheet_blocks(io.BytesIO(data), source, max_bytes)
        except FengongError as exc:
            if suffix not in {".xls", ".et"} or exc.code != "E004":
                raise
        # An old or WPS workbook calamine cannot open: LibreOffice converts it to .xlsx.
        from .convert import convert

        return sheet_blocks(io.BytesIO(convert(data, suffix, source, "xlsx")), source, max_bytes)
    if suffix in CONVERTED:
        from .convert import convert

        return formats.docx_blocks(io.BytesIO(convert(data, suffix, source, "docx")), source, max_bytes)
    raise FengongError("E008", source, detail=f"{suffix or 'no extension'} (fengong reads {READ_FORMATS})")


def _ocr_words(lexicon: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names a misread character is mended to, and the role words that may follow a name,
    in both scripts (a scanned page is read in its own script)."""
    from ..lexicon.script import to_traditional

    names = set(lexicon.alias_index)
    follow = set(lexicon.roles)
    return (tuple(sorted(names | {to_traditional(n) for n in names})),
            tuple(sorted(follow | {to_traditional(w) for w in follow})))  # fmt: skip


MAX_BEFORE_ROLE = 16  # the longest local name read before a role word (县科技经信局, 区市场监督管理局)


def _name_before(lexicon: Lexicon) -> Callable[[str, int], bool]:
    """Whether a body's name ends at an offset of a recognised text: one of the lexicon's names in
    either script, or a name its patterns accept (县科经局, 市文广新旅局: body_patterns.csv)."""
    from ..lexicon.script import to_simplified

    names, _ = lexicon.derived(_ocr_words)
    known = frozenset(names)

    def name_before(text: str, at: int) -> bool:
        for k in range(2, min(at, MAX_BEFORE_ROLE) + 1):
            piece = text[at - k : at]
            if not piece.isalnum():  # punctuation: no name runs on before it
                break
            if piece in known or lexicon.kind_of_unknown(to_simplified(piece)) not in (None, "unknown"):
                return True
        return False

    return name_before


def _is_word(lexicon: Lexicon) -> Callable[[str], bool]:
    """Whether a run is a word of jieba's dictionary (负担, 编办): such a run is no misread role word."""
    import rjieba

    from ..lexicon.script import to_simplified

    jieba = rjieba.Jieba()
    return lambda run: jieba.has_word(to_simplified(run))


def _recogniser(source: str, lexicon: Lexicon) -> Callable[[Any], TextBlock]:
    """``--ocr``: a page image → its text, recognised by Tesseract, its markers and punctuation
    repaired (:mod:`pipeline.io.ocr`) and a name misread in one character mended to the
    lexicon's (:mod:`pipeline.io.ocr_names`). E022 when Tesseract or its Chinese data is missing."""
    from .ocr import available, read_page
    from .ocr_names import repair_names, repair_role_words

    reason = available()
    if reason:
        raise FengongError("E022", source, detail=reason)
    names, followers = lexicon.derived(_ocr_words)
    name_before, is_word = _name_before(lexicon), _is_word(lexicon)

    script: list[str | None] = [None]  # the script of the document's pages so far

    def read(image: Any) -> TextBlock:
        try:
            page = read_page(image, prior=script[0])
        except FengongError as exc:  # Tesseract's own failure, named for this file
            raise FengongError(exc.code, source, detail=exc.reason.removeprefix("not text: ")) from exc
        script[0] = page.script or script[0]
        text, named = repair_names(page.text, names, followers)
        text, worded = repair_role_words(text, followers, name_before, is_word)
        return TextBlock(text, ocr=True, notes=(*page.notes, *named, *worded))

    return read


def read_input(
    path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, doc_id: str | None = None, lexicon: Lexicon | None = None,
    ocr: bool = False,
) -> Decoded:  # fmt: skip
    """Read one input file and decode it.

    Args:
        path: the file.
        max_bytes: the size limit of the file and of the text unpacked from it (E006, E014).
        doc_id: its doc_id; None for :func:`doc_id_of`'s.
        lexicon: the lexicons an HTML page and a task table are read by; None for the project's.
        ocr: recognise a PDF's scanned pages by Tesseract.

    Returns:
        The decoded input (:func:`decode`).

    Raises:
        FengongError: E001 when there is no such file, E006 past the size limit, and
        :func:`decode`'s errors.
    """
    p = Path(path)
    if not p.is_file():
        raise FengongError("E001", str(path))
    size = p.stat().st_size
    if size > max_bytes:
        raise FengongError("E006", str(path), size=megabytes(size), limit=megabytes(max_bytes))
    options = ReadOptions(max_bytes, lexicon, ocr)
    return decode(p.read_bytes(), str(path), doc_id or doc_id_of(p), p.suffix, options)


def decode_text(text: str, doc_id: str = "text") -> Decoded:
    """Wrap a string given directly (the Python API) as a decoded input."""
    if not text.strip():
        raise FengongError("E003", "<text>")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Decoded(doc_id, "<text>", sha, "str", text)
