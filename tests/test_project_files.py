"""The files a researcher looks for: LICENSE, CITATION.cff, CHANGELOG.md."""

from __future__ import annotations

import re
import tomllib

import pytest

from .conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# The keys of CFF 1.2.0 (schema.json of citation-file-format 1.2.0).
CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
            "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
            "references", "repository", "repository-artifact", "repository-code", "title", "type",
            "url", "version"}  # fmt: skip


def test_license_is_mit_by_the_fengong_authors() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PROJECT["license"] == "MIT" and text.startswith("MIT License")
    assert re.search(r"Copyright \(c\) \d{4} the fengong authors", text)
    assert "Permission is hereby granted, free of charge" in text


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert set(cff) <= CFF_KEYS
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert cff["title"] == "fengong" and cff["license"] == "MIT" and cff["type"] in ("software", "dataset")
    assert str(cff["version"]) == PROJECT["version"]
    assert isinstance(cff["message"], str) and cff["message"]
    assert cff["authors"] and all(isinstance(a, dict) and ("name" in a or "family-names" in a) for a in cff["authors"])


def test_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog") and "keepachangelog.com" in text
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    sections = re.findall(r"^### (\w+)", unreleased, flags=re.M)
    assert sections and set(sections) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
