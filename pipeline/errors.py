"""Errors with a code and a one-line message, in the manner of spaCy's ``Errors``."""

from __future__ import annotations


class Errors:
    """Error codes: the message templates a user may meet."""

    E001 = "no such file or folder"
    E002 = "folder holds no readable input"
    E003 = "empty file"
    E004 = "not text: {detail}"
    E005 = "undecodable: {detail}"
    E006 = "too large: {size} bytes over the limit of {limit} bytes"
    E007 = "no numbered structure found"
    E008 = "unsupported format: {detail}"
    E010 = "lexicon invalid: {detail}"
    E011 = "unknown stage {name!r}; choose one of {choices}"
    E012 = "no tables in {detail}: run fengong extract first"
    E013 = 'the dask executor needs `pip install ".[dask]"`'


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
