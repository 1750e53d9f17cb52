"""Header metadata of a circular: titles, document number, issuer, date, addressees.

Reads the paragraphs before the first numbered unit, including a government web page's
metadata block (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期 …).
"""

from __future__ import annotations

import re

from .markers import cn_number
from .types import Header

# The metadata block of a government web page (key：value lines before the text).
META_KEYS = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "时效",
             "主题词", "公文种类", "发布机构", "生成日期")  # fmt: skip
_META = re.compile(rf"({'|'.join(META_KEYS)})\s*：\s*")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,10}[〔\[［（(﹝【]\s*(\d{4})\s*[〕\]］）)﹞】]\s*\d{1,4}\s*号")
_CN_YEAR = "〇零一二三四五六七八九"
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CN = re.compile(rf"([{_CN_YEAR}]{{4}})年([{_CN_YEAR}十]{{1,3}})月([{_CN_YEAR}十]{{1,3}})日")
_NOTICE = re.compile(r"关于.+的(?:通知|意见|决定|通报|批复|函|复函)$")
_PUBLIC = re.compile(r"^[（(]此件(?:公开发布|不公开|主动公开)[）)]$")
_BOOK = re.compile(r"《([^《》]{4,80})》")
_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _iso(match: re.Match[str], chinese: bool = False) -> str:
    y, m, d = match.groups()
    if chinese:
        y = "".join(str(max(0, _CN_YEAR.index(c) - 1)) for c in y)
        m, d = str(cn_number(m)), str(cn_number(d))
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _find_date(line: str) -> str:
    m = _DATE.fullmatch(line)
    if m:
        return _iso(m)
    m = _DATE_CN.fullmatch(line)
    return _iso(m, chinese=True) if m else ""


def _meta_block(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    meta: dict[str, str] = {}
    used: set[int] = set()
    for i, line in enumerate(lines):
        hits = list(_META.finditer(line))
        if not hits:
            continue
        used.add(i)
        for j, hit in enumerate(hits):
            end = hits[j + 1].start() if j + 1 < len(hits) else len(line)
            meta.setdefault(hit.group(1), line[hit.end() : end].strip())
    return meta, used


def parse_header(text: str, paras: list[tuple[int, int]], stop: int) -> Header:
    """Header metadata from the paragraphs before paragraph index ``stop``."""
    lines = [text[s:e].strip() for s, e in paras[:stop]]
    meta, used = _meta_block(lines)
    h = Header(meta=meta)
    h.doc_number = meta.get("发文字号", "")
    h.notice_title = meta.get("标题", "")
    h.issuer = meta.get("发文机关", "")
    if meta.get("成文日期"):
        m = _DATE.search(meta["成文日期"])
        h.date = _iso(m) if m else ""
    date_line = None
    for i, line in enumerate(lines):
        if i in used:
            continue
        if not h.doc_number and (m := _DOC_NUMBER.fullmatch(line)):
            h.doc_number = m.group(0)
        elif not h.notice_title and _NOTICE.search(line) and not re.search("[，。：]", line):
            h.notice_title = line
        elif not h.addressees and line.endswith("：") and line.startswith("各"):
            h.addressees = line.rstrip("：")
        elif date_line is None and (iso := _find_date(line)):
            date_line = i
            h.date = h.date or iso
            prev = lines[i - 1] if i else ""
            if not h.issuer and prev and len(prev) <= 30 and not re.search("[，。：]", prev):
                h.issuer = prev
    if not h.issuer and h.notice_title and "关于" in h.notice_title:
        h.issuer = h.notice_title.split("关于", 1)[0]
    h.title = _plan_title(lines, used, date_line, h)
    if h.date:
        h.year = int(h.date[:4])
    elif m := re.search(r"[〔\[（(](\d{4})[〕\]）)]", h.doc_number):
        h.year = int(m.group(1))
    elif m := _YEAR.search(h.title) or _YEAR.search(h.notice_title):
        h.year = int(m.group(1))
    return h


def _plan_title(lines: list[str], used: set[int], date_line: int | None, h: Header) -> str:
    """The plan's own title: a bare line after the issuer and date, else 《…》 of the notice."""
    skip = {h.doc_number, h.notice_title, h.issuer}
    start = (date_line + 1) if date_line is not None else 0
    for i in range(start, len(lines)):
        line = lines[i]
        if i in used or line in skip or _PUBLIC.match(line) or _find_date(line):
            continue
        if not re.search("[，。：；]", line) and 4 <= len(line) <= 80:
            return line
        if date_line is not None:
            break
    for line in lines:
        if "印发" in line or "已经" in line:
            m = _BOOK.search(line)
            if m:
                return m.group(1)
    return h.notice_title
