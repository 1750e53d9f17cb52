"""Places and functions on whole local plans (tests/local, tests/heldout_local; labelled by hand; codebook §6).

Each label file names every local body of its text's lists with the place and national
counterpart a person gave it (tests/local/README.md). A place matches with or without its unit
word (兰州 = 兰州市), and a merged bureau's function matches when the run names every labelled id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import api

LOCAL = Path(__file__).parent / "local"
HELDOUT = Path(__file__).parent / "heldout_local"  # first scored once (function 0.947, place 0.965), then a dev set
UNIT_WORDS = "省市县区州盟旗"


def _cases() -> list[Path]:
    return sorted(LOCAL.glob("l*.json")) + sorted(HELDOUT.glob("l*.json"))


def _bare(place: str) -> str:
    return place[:-1] if len(place) > 2 and place[-1] in UNIT_WORDS else place


@pytest.mark.parametrize("label_path", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_local_plan(label_path: Path) -> None:
    label = json.loads(label_path.read_text(encoding="utf-8"))
    table = api.extract(label_path.with_suffix(".txt")).assignments
    first = table.drop_duplicates("body").set_index("body")
    misses = []
    for body in label["bodies"]:
        if body["raw"] not in first.index:
            misses.append(f"{body['raw']}: not read")
            continue
        row = first.loc[body["raw"]]
        if _bare(row["place"]) != _bare(body["place"]):
            misses.append(f"{body['raw']}: place {row['place']!r}, labelled {body['place']!r}")
        want = set(filter(None, body["function"].split("|")))
        got = set(filter(None, row["function"].split("|")))
        if not want <= got or (not want and got):
            misses.append(f"{body['raw']}: function {row['function']!r}, labelled {body['function']!r}")
    assert not misses, misses


def test_no_place_anywhere_is_flagged() -> None:
    table = api.extract(LOCAL / "l10_2022_no_place.txt").assignments
    local = table[table["level"] != "national"]
    assert len(local) and local["flags"].str.contains("unknown_place").all()
