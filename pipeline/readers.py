"""Reading inputs: bytes of a .txt, .html, .docx or .pdf file → decoded text.

The decoded text is the "original input" that every row's offsets point into: for a text
file it is the file's characters; for HTML, Word and PDF it is the text extracted from them.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FengongError

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Decoded:
    """An input's text as decoded, before any normalization."""

    doc_id: str
    source: str
    sha256: str
    encoding: str
    text: str
    warnings: list[str] = field(default_factory=list)


def safe_doc_id(stem: str) -> str:
    """A doc_id from a file stem: no separators, no '..', nothing a shell or Excel trips on."""
    cleaned = re.sub(r"[^\w\-.]+", "_", stem, flags=re.UNICODE).strip("._-") or "document"
    return re.sub(r"\.{2,}", ".", cleaned)[:120]


def _looks_chinese(text: str) -> bool:
    """Whether decoded text reads as Chinese prose rather than bytes decoded by chance."""
    if not text:
        return False
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    plain = sum(1 for ch in text if ch.isascii() and (ch.isprintable() or ch in "\r\n\t"))
    return cjk >= 0.05 * len(text) and (cjk + plain) >= 0.9 * len(text)


def _decode_text(data: bytes, source: str) -> tuple[str, str]:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    if b"\x00" in data:
        # UTF-16 without a byte-order mark, or binary data.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_chinese(text):
                return text, "utf-16"
        raise FengongError("E004", source, detail="binary data (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise FengongError("E005", source, detail="no encoding fits its bytes")
    encoding = best.encoding
    if encoding in {"gb2312", "gbk"}:
        encoding = "gb18030"
    text = data.decode(encoding, errors="strict")
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < 0.05 * max(1, len(text.strip())):
        raise FengongError("E004", source, detail=f"decoded as {encoding} but holds no Chinese")
    return text, encoding


def _html_text(data: bytes, source: str) -> str:
    from .formats import html_to_text

    return html_to_text(data, source)


def _docx_text(data: bytes, source: str) -> str:
    from .formats import docx_to_text

    return docx_to_text(io.BytesIO(data), source)


def _pdf_text(data: bytes, source: str) -> str:
    from .formats import pdf_to_text

    return pdf_to_text(io.BytesIO(data), source)


def decode(data: bytes, source: str = "<text>", doc_id: str | None = None, suffix: str = "") -> Decoded:
    """Decode an input's bytes by its format (``suffix``) into text."""
    suffix = suffix.lower()
    if not data.strip():
        raise FengongError("E003", source)
    sha = hashlib.sha256(data).hexdigest()
    encoding = suffix.lstrip(".") or "text"
    if suffix in HTML_SUFFIXES:
        text = _html_text(data, source)
    elif suffix == ".docx":
        text = _docx_text(data, source)
    elif suffix == ".pdf":
        text = _pdf_text(data, source)
    elif suffix in TEXT_SUFFIXES:
        text, encoding = _decode_text(data, source)
    else:
        raise FengongError("E008", source, detail=suffix)
    if not text.strip():
        raise FengongError("E003", source)
    return Decoded(doc_id or safe_doc_id(Path(source).stem), source, sha, encoding, text)


def read_input(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read one input file and decode it."""
    p = Path(path)
    if not p.is_file():
        raise FengongError("E001", str(path))
    size = p.stat().st_size
    if size > max_bytes:
        raise FengongError("E006", str(path), size=size, limit=max_bytes)
    return decode(p.read_bytes(), str(path), suffix=p.suffix)


def decode_text(text: str, doc_id: str = "text") -> Decoded:
    """Wrap a string given directly (the Python API) as a decoded input."""
    if not text.strip():
        raise FengongError("E003", "<text>")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Decoded(doc_id, "<text>", sha, "str", text)
