"""Reading the lexicon CSVs as a spreadsheet saves them, with errors that name file and line.

Excel saves "CSV UTF-8" with a byte-order mark and plain "CSV" in the system's code page,
GBK on a Chinese Windows: both are read (GB18030, a superset of GBK). A file in neither, a
row with too many fields or a bad regular expression in a ``pattern`` column is refused
with one :class:`~pipeline.errors.FengongError` line naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..errors import FengongError


def read(path: Path) -> list[dict[str, str]]:
    """The rows of a lexicon CSV: UTF-8 (with or without the BOM Excel writes) or GB18030/GBK.

    A file in neither encoding, or a row with more fields than the header, is refused with
    a :class:`FengongError` naming the file and the line.
    """
    if not path.is_file():
        raise FengongError("E010", str(path), detail="no such lexicon file")
    text = decode(path, path.read_bytes())
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise FengongError("E010", str(path), detail=f"not a readable CSV ({err})") from None
    for n, row in enumerate(rows, start=2):
        if None in row:
            raise FengongError("E010", str(path), detail=f"line {n} has more fields than the header")
    return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in rows]


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (a BOM dropped), else GB18030 (a superset of GBK), else an error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = err
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as err:
        # UTF-8 text before the fault: a UTF-8 file with a bad byte; else a GBK one.
        at = bad.start if max(data[: bad.start], default=0) >= 0x80 else err.start
        line = data.count(b"\n", 0, at) + 1
        raise FengongError("E010", str(path), detail=f"line {line} is neither UTF-8 nor GBK/GB18030 text "
                           "(save the file as CSV UTF-8)") from None  # fmt: skip


def compiled(path: Path, rows: list[dict[str, str]], value: str) -> list[tuple[re.Pattern[str], str]]:
    """``(re.compile(row["pattern"]), row[value])`` per row; a bad expression names its file and line."""
    out = []
    for n, row in enumerate(rows, start=2):
        try:
            out.append((re.compile(row["pattern"]), row[value]))
        except re.error as err:
            raise FengongError("E010", str(path), detail=f"line {n}: bad regular expression "
                               f"{row['pattern']!r} ({err})") from None  # fmt: skip
        except KeyError as err:
            raise FengongError("E010", str(path), detail=f"no column {err.args[0]!r}") from None
    return out
