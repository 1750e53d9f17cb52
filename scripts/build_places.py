#!/usr/bin/env python3
"""Build ``lexicons/places.csv``, the gazetteer of China's provinces, cities and counties.

The names and codes come from the administrative-division table (GB/T 2260 codes) that the
MIT-licensed package cpca 0.5.5 ships as ``cpca/resources/adcodes.csv``
(https://github.com/DQinYuan/chinese_province_city_area_mapper). Run once, by hand::

    pip download --no-deps cpca==0.5.5 && unzip -o cpca-0.5.5-py3-none-any.whl 'cpca/resources/*'
    python scripts/build_places.py cpca/resources > lexicons/places.csv

The output is data a researcher edits like the other lexicons (a renamed county, a new
district): this script only records where the first version came from.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京, 天津, 上海, 重庆: provincial level
# Unit endings removed to give the short form a text may write (湘西, 嘉鱼, 哈尔滨); longest first.
ENDINGS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区", "省", "市", "州", "盟", "县", "区", "旗")


def level_of(code: str, name: str) -> str:
    """The tier of a six-digit division code: province, city, county or district."""
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "district" if name.endswith("区") and not name.endswith("林区") else "county"


def short_form(name: str, nations: list[str]) -> str:
    """The name without its unit ending and the nationalities of an autonomous unit (湘西土家族苗族自治州 → 湘西)."""
    for ending in ENDINGS:
        if name.endswith(ending) and len(name) > len(ending) + 1:
            stem = name[: -len(ending)]
            break
    else:
        return ""
    if ending.startswith("自治"):
        pattern = "(?:" + "|".join(map(re.escape, sorted(nations, key=len, reverse=True))) + ")+$"
        stem = re.sub(pattern, "", stem) or stem
    return stem if len(stem) >= 2 else ""


def main(resources: str) -> int:
    root = Path(resources)
    nations = [n.strip() for n in (root / "56_nations.csv").read_text(encoding="utf-8").split() if n.strip()]
    rows = list(csv.DictReader((root / "adcodes.csv").open(encoding="utf-8")))
    names = {r["adcode"][:6]: r["name"] for r in rows if r["name"] not in PLACEHOLDERS}
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "short", "level", "parent", "code"])
    for code in sorted(names):
        name = names[code]
        level = level_of(code, name)
        if code[:2] in MUNICIPALITIES and level == "city":
            continue  # a municipality's 市辖区 row: its districts hang on the municipality
        parent = ""
        if level in {"city", "county", "district"}:
            parent = names.get(code[:4] + "00", "") if level != "city" else ""
            parent = parent or names.get(code[:2] + "0000", "")
        out.writerow([name, short_form(name, nations), level, parent, code])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "cpca/resources"))
