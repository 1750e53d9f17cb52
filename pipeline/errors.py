"""Errors with a code and a one-line message, in the manner of spaCy's ``Errors``."""

from __future__ import annotations


class Errors:
    """Error codes: the message templates a user may meet."""

    E001 = "no such file or folder"
    E002 = "folder holds no readable input"
    E003 = "empty file"
    E004 = "not text: {detail}"
    E005 = "undecodable: {detail}"
    E006 = "too large: {size} over the limit of {limit} (--max-size)"
    E007 = "no numbered structure found"
    E008 = "unsupported format: {detail}"
    # E009 (a legacy .doc refused) is retired: LibreOffice converts it (pipeline/io/convert.py).
    E010 = "lexicon invalid: {detail}"
    E011 = "unknown stage {name!r}; choose one of {choices}"
    E012 = "no tables in {detail}: run fengong extract first"
    E013 = 'the dask executor needs `pip install ".[dask]"`'
    E014 = "too large once unpacked: {detail} over the limit of {limit} (--max-size)"
    E015 = "doc_id {doc_id!r} is also that of {other}: rename one of them"
    E016 = "--clean: {detail}; nothing was removed"
    E017 = "unknown segmenter {name!r}; choose one of {choices}"
    E018 = "too long for a spaCy Doc: {length:,} characters over spaCy's max_length of {limit:,}; the tables are made without one"
    E019 = "{detail} is read through LibreOffice, which is not installed (no soffice on PATH): install LibreOffice: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
    E020 = "LibreOffice did not finish converting it in {seconds:g} s"
    E021 = "LibreOffice could not convert it to .{target}: {detail}"
    E022 = "--ocr cannot recognise its scanned pages: {detail}"
    E023 = "not a series file: {detail}"
    E024 = "not a run folder fengong link can read: {detail}"


def megabytes(n: int) -> str:
    """A size in bytes as MB for a message: ``20 MB``, ``0.5 MB``, ``23.4 MB``."""
    mb = n / (1024 * 1024)
    return f"{mb:.2f}".rstrip("0").rstrip(".") + " MB" if mb < 10 else f"{mb:.1f}".removesuffix(".0") + " MB"


class FengongError(Exception):
    """An expected fault: reported in one line, never as a traceback."""

    def __init__(self, code: str, source: str = "", **kwargs: object) -> None:
        self.code = code
        self.source = source
        self.reason = getattr(Errors, code).format(**kwargs)
        super().__init__(self.line())

    def line(self) -> str:
        """The one-line message: ``file: [E003] empty file``."""
        prefix = f"{self.source}: " if self.source else ""
        return f"{prefix}[{self.code}] {self.reason}"
