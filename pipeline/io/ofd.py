"""The text layer of an OFD file (GB/T 33190-2016), the fixed-layout format some sites publish.

An OFD file is a zip of XML: ``OFD.xml`` names each document's ``Document.xml``
(``DocBody/DocRoot``), which lists its pages (``Pages/Page@BaseLoc``) and page templates
(``CommonData/TemplatePage``); a page's ``Content.xml`` holds layers of ``TextObject``
elements (``Boundary="x y w h"`` in mm, ``Size`` the font size) whose ``TextCode`` children
carry the text, placed at ``X``/``Y`` inside the object's box (``DeltaX``: the advances).

Text is read in the order the file stores it (as a PDF's text layer is), page after page;
TextCodes on one baseline make one line, so a producer that writes one object per character
still gives whole lines. Tags are matched by local name, because producers use
``http://www.ofdspec.org/2016``, other namespace URIs, or none. Not read: text inside
``CompositeObject`` resources, annotations and attachments; a ``CTM`` on a text object
(rare for running text) is not applied when lines are grouped.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import NamedTuple

from lxml import etree

from ..errors import FengongError, megabytes

# Producers' XML never needs a DTD or entities: refusing them rules out entity expansion.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
# Runs on one line: baselines closer than this share of the font size. Pieces of one line
# farther apart than this many font sizes (cells of a table row) are joined with a space.
SAME_LINE, GAP = 0.5, 1.5
DEFAULT_SIZE = 3.5  # mm (10.5 pt, 五号), for a TextObject without Size


class _Run(NamedTuple):
    """One TextCode placed on its page (mm): its start, baseline, font size and estimated end."""

    text: str
    x: float
    y: float
    size: float
    end: float


def ofd_text(data: bytes, source: str, max_bytes: int | None = None) -> str:
    """An OFD file's text, page after page, one line per baseline.

    Args:
        data: the file's bytes.
        source: its name, for messages.
        max_bytes: the most its parts may unpack to (E014 past it); None for no limit.

    Returns:
        The text, lines joined by ``\\n``.

    Raises:
        FengongError: E004 for a file that is not an OFD package or has no text layer,
        E005 for one whose XML is damaged, E014 for one that unpacks too large.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FengongError("E004", source, detail="not an OFD file (not a zip)") from exc
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if max_bytes is not None and unpacked > max_bytes:
            raise FengongError(
                "E014", source, detail=f"its parts, {megabytes(unpacked)},", limit=megabytes(max_bytes)
            )
        package = _Package(archive, source)
        root = package.part("", "OFD.xml")
        if root is None or _local(root) != "OFD":
            raise FengongError("E004", source, detail="not an OFD file (no OFD.xml)")
        lines: list[str] = []
        for body in _children(root, "DocBody"):
            doc_path, document = package.need("", _child_text(body, "DocRoot"))
            lines.extend(_document_lines(package, doc_path, document))
    if not any(line.strip() for line in lines):
        raise FengongError("E004", source, detail="OFD has no text layer (scanned?)")
    return "\n".join(lines)


class _Package:
    """The parts of an OFD zip, found by the locations its XML gives."""

    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self.archive, self.source = archive, source
        # Names without case: producers write "Doc_0/Pages/page_0/content.xml" for "Page_0/Content.xml".
        self.names = {name.lstrip("/").lower(): name for name in archive.namelist()}

    def find(self, base: str, location: str | None) -> str | None:
        """The entry a location names: relative to ``base``'s folder, or (as producers also write
        it) to the root; None when there is none, or it points outside the package."""
        location = (location or "").strip().replace("\\", "/")
        if not location:
            return None
        candidates = (
            [location]
            if location.startswith("/")
            else [posixpath.join(posixpath.dirname(base), location), location]
        )
        for candidate in candidates:
            path = posixpath.normpath(candidate).lstrip("/")
            if path != ".." and not path.startswith("../") and path.lower() in self.names:
                return self.names[path.lower()]
        return None

    def part(self, base: str, location: str | None) -> etree._Element | None:
        """A part's parsed XML, None when the package lacks it."""
        name = self.find(base, location)
        return None if name is None else self._parse(name)

    def need(self, base: str, location: str | None) -> tuple[str, etree._Element]:
        """A part's entry name and parsed XML; E005 when the package lacks it."""
        name = self.find(base, location)
        if name is None:
            raise FengongError("E005", self.source, detail=f"OFD part {location or '(unnamed)'} is missing")
        return name, self._parse(name)

    def _parse(self, name: str) -> etree._Element:
        try:
            return etree.fromstring(self.archive.read(name), _PARSER)
        except (
            etree.XMLSyntaxError,
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
        ) as exc:
            raise FengongError(
                "E005", self.source, detail=f"OFD part {name} is damaged ({type(exc).__name__})"
            ) from exc


def _document_lines(package: _Package, doc_path: str, document: etree._Element) -> list[str]:
    """The lines of one document's pages in order, each page's templates around its own text."""
    templates = {
        (t.get("ID") or "").strip(): t.get("BaseLoc")
        for common in _children(document, "CommonData")
        for t in _children(common, "TemplatePage")
    }
    lines: list[str] = []
    for pages in _children(document, "Pages"):
        for page in _children(pages, "Page"):
            _, content = package.need(doc_path, page.get("BaseLoc"))
            below: list[_Run] = []
            above: list[_Run] = []
            for ref in _children(content, "Template"):
                template = package.part(doc_path, templates.get((ref.get("TemplateID") or "").strip()))
                if template is not None:  # a missing template loses decoration, not the page's text
                    (above if ref.get("ZOrder") == "Foreground" else below).extend(_runs(template))
            lines.extend(_lines(below) + _lines(_runs(content)) + _lines(above))
    return lines


def _runs(page: etree._Element) -> list[_Run]:
    """The TextCodes of a page (or template) in the order the file stores them."""
    runs: list[_Run] = []
    for content in _children(page, "Content"):
        for layer in _children(content, "Layer"):
            for obj in layer.iter():
                if isinstance(obj.tag, str) and _local(obj) == "TextObject":
                    runs.extend(_object_runs(obj))
    return runs


def _object_runs(obj: etree._Element) -> list[_Run]:
    """A TextObject's TextCodes placed on the page: its box's corner plus their X and Y."""
    box = _numbers(obj.get("Boundary"))
    left, top = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    size = _number(obj.get("Size")) or DEFAULT_SIZE
    runs: list[_Run] = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        text = "".join(code.itertext()).replace("\r", "").replace("\n", "")
        # A TextCode without X or Y keeps the previous one's (GB/T 33190, 11.2).
        x, y = _number(code.get("X"), x), _number(code.get("Y"), y)
        if text:
            advance = sum(_deltas(code.get("DeltaX"), len(text) - 1, size)) + size
            runs.append(_Run(text, left + x, top + y, size, left + x + advance))
    return runs


def _lines(runs: list[_Run]) -> list[str]:
    """Runs joined into lines: the next run on the same baseline, not far back, goes on the line."""
    lines: list[str] = []
    prev: _Run | None = None
    for run in runs:
        size = max(run.size, prev.size) if prev else run.size
        if prev and abs(run.y - prev.y) <= SAME_LINE * size and run.x >= prev.x - SAME_LINE * size:
            if run.text == prev.text and abs(run.x - prev.x) < SAME_LINE * size:
                continue  # drawn twice at one spot: fake bold
            lines[-1] += (" " if run.x - prev.end > GAP * size else "") + run.text
        else:
            lines.append(run.text)
        prev = run
    return lines


def _deltas(value: str | None, count: int, size: float) -> list[float]:
    """The ``count`` advances of a DeltaX, ``g N d`` standing for N times d (GB/T 33190, 11.3).

    Missing advances are taken as one font size (a CJK character's width).
    """
    tokens, out = (value or "").split(), []
    i = 0
    while i < len(tokens) and len(out) < count:
        if tokens[i] == "g" and i + 2 < len(tokens):
            repeat = min(max(int(_number(tokens[i + 1], 0)), 0), count - len(out))  # a huge N is no bomb
            out.extend([_number(tokens[i + 2], size)] * repeat)
            i += 3
        else:
            out.append(_number(tokens[i], size))
            i += 1
    return (out + [size] * count)[:count]


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and _local(c) == name]


def _child_text(el: etree._Element, name: str) -> str | None:
    found = _children(el, name)
    return (found[0].text or "").strip() if found else None


def _numbers(value: str | None) -> list[float]:
    try:
        return [float(v) for v in (value or "").split()]
    except ValueError:
        return []


def _number(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default
