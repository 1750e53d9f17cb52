"""The marks the reader finds in a text: outline markers (一、 （一） 1. （1） ①) and the numbers
they carry, and the field names of a government web page's metadata block."""

from __future__ import annotations

import re

# The metadata block of a government web page (key：value lines before the text).
META_KEYS = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "时效",
             "主题词", "公文种类", "发布机构", "生成日期", "发布时间", "政策文号", "发布文号", "文号",
             "成文时间", "发文时间")  # fmt: skip

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN = "一二三四五六七八九十百零〇"

# (kind, pattern) in the order they are tried; each pattern matches at a paragraph start.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(rf"([{_CN}]{{1,4}})、")),
    ("cn_paren", re.compile(rf"（([{_CN}]{{1,4}})）")),
    ("arabic_paren", re.compile(r"（(\d{1,3})）")),
    # A bare number alone on its line is a table's row (normalize drops page numbers).
    ("arabic", re.compile(r"(\d{1,3})(?:[\.．、](?!\d)|(?=\n)|$|\s)")),
    ("circled", re.compile(r"([\u2460-\u2473])")),
)


def cn_number(text: str) -> int:
    """The value of a Chinese numeral such as 十二 or 二十三."""
    total, current = 0, 0
    for ch in text:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = _CN_DIGITS.get(ch, 0)
    return total + current


def match_marker(text: str, pos: int = 0) -> tuple[str, int, int] | None:
    """The outline marker at ``text[pos:]`` as ``(kind, number, end)``, or None."""
    for kind, pattern in MARKERS:
        m = pattern.match(text, pos)
        if not m:
            continue
        raw = m.group(1)
        if kind in ("cn", "cn_paren"):
            number = cn_number(raw)
        elif kind == "circled":
            number = ord(raw) - 0x2460 + 1
        else:
            number = int(raw)
        if number <= 0:
            continue
        return kind, number, m.end()
    return None
