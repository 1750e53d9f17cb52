"""The marks the reader finds in a text: outline markers (一、 （一） 1. （1） ①) and the numbers
they carry, document numbers and dates, and the fixed words of an official document's form
(附件, 此件). Every stage takes these shapes from here.

The field names of a web page's metadata block are rows of ``lexicons/page_fields.csv``."""

from __future__ import annotations

import re

# Fixed words of the form of an official document (GB/T 9704), not lists a researcher extends:
# the label of its attachments (附件：1.…) and the opening of its publication note (（此件公开发布）;
# the notes themselves are document_words.csv public_note).
ATTACHMENT = "附件"
THIS_DOCUMENT = "此件"
# A date line's shape as the working text writes it (2016年4月4日): digits, not words.
DATE_SHAPE = r"\d{4}年\d{1,2}月\d{1,2}日"
# A date as a header or signature writes it, spaces allowed (2016年 4月 4日): year, month, day.
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_YEAR = "〇零一二三四五六七八九"
# A date in Chinese numerals (二〇一九年三月五日), as a signature may write it.
DATE_CN = re.compile(rf"([{CN_YEAR}]{{4}})年([{CN_YEAR}十]{{1,3}})月([{CN_YEAR}十]{{1,3}})日")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")  # a web page's field (发布日期：2019-03-05)
YEAR = re.compile(r"((?:19|20)\d{2})年")
# A document number (发文字号, GB/T 9704): the issuer's code, the year in 〔〕 (or the bracket a copy
# puts for it), the serial and 号 (號 before the script is converted): 国办发〔2016〕18号.
_YEAR_OPEN, _YEAR_CLOSE = r"〔\[［（(﹝【", r"〕\]］）)﹞】"
DOC_NUMBER_SHAPE = rf"[\u4e00-\u9fffA-Za-z]{{1,10}}[{_YEAR_OPEN}]\s*\d{{4}}\s*[{_YEAR_CLOSE}]\s*\d{{1,4}}\s*[号號]"
DOC_NUMBER = re.compile(DOC_NUMBER_SHAPE)
DOC_NUMBER_YEAR = re.compile(rf"[{_YEAR_OPEN}]\s*(\d{{4}})\s*[{_YEAR_CLOSE}]")  # the year a number carries

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN = "一二三四五六七八九十百零〇"

# (kind, pattern) in the order they are tried; each pattern matches at a paragraph start.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 第一部分 重点改革任务: a part, above 一、 (a plan of parts, each with its table or its sections)
    ("part", re.compile(rf"第([{_CN}]{{1,4}}|\d{{1,2}})部分[、：:\s]*")),
    ("cn", re.compile(rf"([{_CN}]{{1,4}})、")),
    ("cn_paren", re.compile(rf"（([{_CN}]{{1,4}})）")),
    ("arabic_paren", re.compile(r"（(\d{1,3})）")),
    # A bare number alone on its line is a table's row (normalize drops page numbers).
    ("arabic", re.compile(r"(\d{1,3})(?:[\.．、](?!\d)|(?=\n)|$|\s)")),
    ("circled", re.compile(r"([\u2460-\u2473])")),
)


# The same markers as shapes to look for inside a line (a run-in marker, one after a lost line
# break): the top level and those under it, and those under it alone (after a heading run in).
SUB_MARKER_SHAPE = r"（[一二三四五六七八九十]{1,3}）|（\d{1,2}）|\d{1,2}[\.．、](?!\d)"
MARKER_SHAPE = rf"[一二三四五六七八九十]{{1,3}}、|{SUB_MARKER_SHAPE}"

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
        if kind in ("cn", "cn_paren") or kind == "part" and not raw.isdigit():
            number = cn_number(raw)
        elif kind == "circled":
            number = ord(raw) - 0x2460 + 1
        else:
            number = int(raw)
        if number <= 0:
            continue
        return kind, number, m.end()
    return None


# A date as a PDF or OCR copy garbles it (２０２０年l月1５日): full-width digits, and a letter l, I
# or O standing alone among the digits, which is the digit it looks like.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGIT_LOOKALIKES = str.maketrans("lIO", "110")
_GARBLED_DATE = re.compile(r"([\dlIO]{4})\s*年\s*([\dlIO]{1,2})\s*月\s*([\dlIO]{1,2})\s*日")
_LETTERS_TOGETHER = re.compile(r"[lIO]{2}")  # two letters side by side are a word, not a misread digit


def iso_date(match: re.Match[str], chinese: bool = False) -> str:
    """The ISO date (2019-03-05) of a match of :data:`DATE`, or with ``chinese`` of :data:`DATE_CN`."""
    y, m, d = match.groups()
    if chinese:
        y = "".join(str(max(0, CN_YEAR.index(c) - 1)) for c in y)
        m, d = str(cn_number(m)), str(cn_number(d))
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def find_date(line: str) -> str:
    """The ISO date a line is made of (2019年3月5日, 二〇一九年三月五日, ２０２０年l月1５日), else ''."""
    line = line.translate(_FULL_WIDTH_DIGITS)
    m = DATE.fullmatch(line)
    if m:
        return iso_date(m)
    m = DATE_CN.fullmatch(line)
    if m:
        return iso_date(m, chinese=True)
    m = _GARBLED_DATE.fullmatch(line)
    if not m or _LETTERS_TOGETHER.search(line) or not re.search(r"\d", line):
        return ""
    y, mo, d = (int(g.translate(_DIGIT_LOOKALIKES)) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""
