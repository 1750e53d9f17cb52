"""The Python API's edges (pipeline.api.extract): paths and texts."""

from __future__ import annotations

import pytest

from pipeline import api
from pipeline.errors import FengongError


def test_a_missing_path_is_an_error_not_a_text() -> None:
    """extract("wrong/path.txt") names the file (E001); a text given as text= is read as one."""
    with pytest.raises(FengongError, match="E001"):
        api.extract("wrong/path.txt")
    table = api.extract(text="一、总则\n1.开展工作。（市发改委负责）").assignments
    assert list(table["body"]) == ["市发改委"]
