"""Plan series: the annual plans of one title and one issuer, grouped from a run's documents.

贯彻实施质量发展纲要2013年行动计划 and its 2016 plan are one series: their titles are the same
once years, ordinals and numbers are taken out (贯彻实施质量发展纲要{year}年行动计划), and their
issuers are of one family (the same place, the same organ once 办公厅/办公室 is taken off). A
researcher's ``--series FILE`` (columns doc_id, series) overrides the grouping.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import FengongError
from ..lexicon.script import mainland_phrasing, to_simplified

SERIES_COLUMNS = ["series", "doc_id", "year", "title", "issuer"]
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}(?:\s*[-—–~至到]\s*(?:19|20)?\d{2,4})?\s*年?度?")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}年度?")
_ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇\d]+(?:次|批|期|届|号|轮|个)")
_NUMBER = re.compile(r"\d+")
_FURNITURE = re.compile(r"[\s《》〈〉“”\"'（）()【】\[\]，,、：:。.]")
_ORGAN_OFFICE = re.compile(r"(?:办公厅|办公室)$")


@dataclass(frozen=True)
class PlanDoc:
    """A document of a run as the series need it (a row of documents.csv)."""

    doc_id: str
    year: int | None
    title: str
    issuer: str
    place: str
    date: str = ""


def title_key(title: str) -> str:
    """A title with its years, ordinals and numbers taken out: the name of its series.

    Args:
        title: the plan's title as read (either script).
    Returns:
        ``贯彻实施质量发展纲要{year}年行动计划`` for 贯彻实施质量发展纲要2013年行动计划.
    """
    t = _FURNITURE.sub("", mainland_phrasing(title))
    t = _CN_YEAR.sub("{year}年", _YEAR_SPAN.sub(lambda m: "{year}年" if "年" in m.group() else "{year}", t))
    t = _ORDINAL.sub("第{n}", t)
    return _NUMBER.sub("{n}", t)


def issuer_family(issuer: str) -> str:
    """The organ an issuer line names, without 办公厅/办公室 (国务院办公厅 → 国务院); '' when unknown."""
    first = re.split(r"[\s、，,]+", to_simplified(issuer).strip())[0] if issuer.strip() else ""
    if not first or re.search(r"\d|〔", first):
        return ""  # a document number or date where the issuer should be: no family
    return _ORGAN_OFFICE.sub("", first)


def group_series(docs: list[PlanDoc], override: dict[str, str] | None = None) -> dict[str, str]:
    """Each document's series: by title key, place and issuer family, unless ``override`` names it.

    Documents of one title key and place whose issuers are known and of different families are
    different series; a document whose issuer is unknown joins the series of its key and place
    with the most plans. Two keys of one place and one known issuer family that differ by a word
    or two (:data:`KEY_SIMILARITY`: 质量发展纲要 and a Taiwan-phrased copy's 品质发展纲要) are one
    series. A name shared by several series gets its place or issuer after it.

    Args:
        docs: the run's documents.
        override: doc_id → series (``--series FILE``); those documents are not grouped.
    Returns:
        doc_id → series name, for every document with a title or an override.
    """
    override = override or {}
    groups: dict[tuple[str, str], dict[str, list[PlanDoc]]] = {}
    for d in docs:
        if d.doc_id in override or not d.title:
            continue
        by_family = groups.setdefault((title_key(d.title), d.place), {})
        by_family.setdefault(issuer_family(d.issuer), []).append(d)
    clusters: list[tuple[str, str, str, list[PlanDoc]]] = []  # (key, place, family, members)
    for (key, place), by_family in sorted(groups.items()):
        unknown = by_family.pop("", [])
        families = sorted(by_family.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if not families:
            families = [("", unknown)]
        else:
            families[0] = (families[0][0], families[0][1] + unknown)
        clusters += [(key, place, family, members) for family, members in families]
    clusters = _merge_near_keys(clusters)
    names: dict[str, str] = dict(override)
    keys = [c[0] for c in clusters]
    for key, place, family, members in clusters:
        name = key
        if keys.count(key) > 1:
            name = f"{key} ({place or family})" if (place or family) else key
        for d in members:
            names[d.doc_id] = name
    return names


KEY_SIMILARITY = 0.85  # difflib ratio of two title keys of one issuer that name one series


def _merge_near_keys(clusters: list[tuple[str, str, str, list[PlanDoc]]]) -> list[tuple[str, str, str, list[PlanDoc]]]:
    """Clusters of one place and known issuer family whose keys are near, merged (the larger key's name kept)."""
    from difflib import SequenceMatcher

    merged: list[tuple[str, str, str, list[PlanDoc]]] = []
    for key, place, family, members in clusters:
        for k, (key2, place2, family2, members2) in enumerate(merged):
            if family and family == family2 and place == place2 and \
                    SequenceMatcher(None, key, key2).ratio() >= KEY_SIMILARITY:  # fmt: skip
                keep = key2 if len(members2) >= len(members) else key
                merged[k] = (keep, place, family, members2 + members)
                break
        else:
            merged.append((key, place, family, list(members)))
    return merged


def read_series_file(path: str | Path) -> dict[str, str]:
    """A researcher's series file: a CSV with the columns doc_id and series.

    Raises:
        FengongError: [E023] when the file is missing or lacks those columns.
    """
    p = Path(path)
    if not p.is_file():
        raise FengongError("E023", str(p), detail="no such file")
    with p.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"doc_id", "series"} <= set(reader.fieldnames):
            raise FengongError("E023", str(p), detail="the columns doc_id and series are needed")
        return {r["doc_id"].strip(): r["series"].strip() for r in reader if r["doc_id"].strip() and r["series"].strip()}
