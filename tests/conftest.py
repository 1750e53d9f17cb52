"""Shared fixtures: the loaded resources and a helper that runs the pipeline on a short text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.io.readers import decode_text
from pipeline.run.document import DocumentResult, process
from pipeline.run.resources import Resources, load_resources

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def resources() -> Resources:
    return load_resources()


@pytest.fixture(scope="session")
def run_text(resources: Resources):
    """Run the whole pipeline on a text written in a test."""

    def run(text: str, doc_id: str = "t") -> DocumentResult:
        return process(decode_text(text, doc_id), resources)

    return run


def triples(result: DocumentResult) -> set[tuple[str, str, str]]:
    """The (path, body, role) triples of a result."""
    a = result.assignments_df
    return set(zip(a["path"], a["body"], a["role"]))
