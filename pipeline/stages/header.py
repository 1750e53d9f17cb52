"""Header metadata of a circular: titles, document number, issuer, date, addressees.

Reads the paragraphs before the first numbered unit, including a government web page's
metadata block (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期 …).
"""

from __future__ import annotations

import re

from ..stages.markers import META_KEYS, cn_number
from ..types import Header

# Which keys give which field, the first present winning (a policy portal's 政策文号, a table's 发布文号).
_NUMBER_KEYS = ("发文字号", "政策文号", "发布文号", "文号")
_ISSUER_KEYS = ("发文机关", "发布机构")
_SIGNED_KEYS = ("成文日期", "成文时间", "发文时间")  # the date the text was signed
_PUBLISHED_KEYS = ("发布日期", "发布时间")  # a web date: only when the text shows no other
# key：value, or a flattened table's key | value |
_META = re.compile(rf"({'|'.join(sorted(META_KEYS, key=len, reverse=True))})\s*[：|｜]\s*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ORG_END = re.compile(r"(?:人民政府|政府|办公厅|办公室|委员会|局|委|部|院|厅|署|会|组|中心)$")
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|wps|txt|html?)$", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,10}[〔\[［（(﹝【]\s*(\d{4})\s*[〕\]］）)﹞】]\s*\d{1,4}\s*号")
_CN_YEAR = "〇零一二三四五六七八九"
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CN = re.compile(rf"([{_CN_YEAR}]{{4}})年([{_CN_YEAR}十]{{1,3}})月([{_CN_YEAR}十]{{1,3}})日")
_NOTICE = re.compile(r"关于.+的(?:通知|(?:实施|指导)?意见|决定|通报|批复|函|复函)(?:[（(][^（）()]{2,20}号[）)])?$")
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
            meta.setdefault(hit.group(1), line[hit.end() : end].strip(" |｜"))
    return meta, used


def _meta_date(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = meta.get(key, "")
        if m := _DATE.search(value):
            return _iso(m)
        if m := _ISO_DATE.search(value):
            return _iso(m)
    return ""


def _doc_number(line: str, is_notice: bool) -> str:
    """The document number a header line states: the line itself, opening it (国办发〔2016〕18号各省…),
    or closing a notice title (…的通知（韶府〔2019〕31号）)."""
    if m := _DOC_NUMBER.match(line):
        return m.group(0)
    if is_notice and (m := re.search(rf"[（(]({_DOC_NUMBER.pattern})[）)]$", line)):
        return m.group(1)
    return ""


def parse_header(text: str, paras: list[tuple[int, int]], stop: int, title_at: int | None = None) -> Header:
    """Header metadata from the paragraphs before paragraph index ``stop``.

    Args:
        text: the working text.
        paras: the (start, end) of every paragraph.
        stop: the index of the plan's first numbered paragraph.
        title_at: the index of the plan's title line when the outline found it (the line that
            repeats the title a notice or an attachment line names), else None.
    Returns:
        The header; ``meta`` holds the web page's key：value block.
    """
    lines = [text[s:e].strip() for s, e in paras[:stop]]
    spans = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e - len(text[s:e]) + len(text[s:e].rstrip())) for s, e in paras[:stop]]
    meta, used = _meta_block(lines)
    h = Header(meta=meta)
    h.doc_number = next((meta[k] for k in _NUMBER_KEYS if _DOC_NUMBER.search(meta.get(k, ""))), "")
    h.notice_title = meta.get("标题", "")
    h.issuer = next((meta[k] for k in _ISSUER_KEYS if _ORG_END.search(meta.get(k, ""))), "")
    h.date = _meta_date(meta, _SIGNED_KEYS)
    date_line = None
    for i, line in enumerate(lines):
        if i in used:
            continue
        notice = bool(_NOTICE.search(line)) and not re.search("[，。：]", line)
        if not h.doc_number and (number := _doc_number(line, notice)):
            h.doc_number = number
        if not h.notice_title and notice:
            h.notice_title = line
        elif not h.addressees and line.endswith("：") and line.startswith("各"):
            h.addressees = line.rstrip("：")
        elif date_line is None and (iso := _find_date(line)):
            date_line = i
            h.date = h.date or iso
            h.issuer = h.issuer or _signature(lines, i)
    if not h.issuer and h.notice_title and "关于" in h.notice_title:
        h.issuer = h.notice_title.split("关于", 1)[0]
    if not h.issuer and lines and _ORG_END.search(lines[0]) and len(lines[0]) <= MAX_ISSUER and not re.search("[，。：；]", lines[0]):
        h.issuer = lines[0]  # a plan that opens with its issuing office alone
    h.date = h.date or _meta_date(meta, _PUBLISHED_KEYS)
    h.title, parts = _plan_title(lines, used, date_line, h, title_at)
    h.title_spans = [spans[k] for k in parts]
    if h.date:
        h.year = int(h.date[:4])
    elif m := re.search(r"[〔\[（(](\d{4})[〕\]）)]", h.doc_number):
        h.year = int(m.group(1))
    elif m := _YEAR.search(h.title) or _YEAR.search(h.notice_title):
        h.year = int(m.group(1))
    return h


MAX_ISSUER = 30  # an issuer line is a name: 国务院知识产权战略实施工作部际联席会议办公室


def _signature(lines: list[str], date_at: int) -> str:
    """The issuer written above a date line, past a seal line such as （国家知识产权局代章）."""
    k = date_at - 1
    while k >= 0 and re.fullmatch(r"（[^（）]{1,30}）", lines[k]):
        k -= 1
    prev = lines[k] if k >= 0 else ""
    return prev if prev and len(prev) <= MAX_ISSUER and not re.search("[，。：]", prev) else ""


def _bare(line: str) -> bool:
    """A line that can be (part of) a title: no clause punctuation, not a file name."""
    return not re.search("[，。：；]", line) and not _FILE_NAME.search(line)


def _title_from(lines: list[str], i: int, h: Header) -> tuple[str, list[int]]:
    """The title starting at line ``i``, with the lines it was broken over (…和 / 制售…工作要点),
    and the indexes of those lines."""
    parts = [lines[i]]
    k = i + 1
    while k < len(lines) and len("".join(parts)) < MAX_TITLE and _bare(lines[k]) and not _find_date(lines[k]):
        nxt = lines[k]
        if nxt in {h.issuer, h.doc_number} or _ORG_END.search(nxt) or _PUBLIC.match(nxt):
            break
        # A title ends with the kind of document it is; only a title broken before that goes on
        # (…工作要点 is whole; …和 / 制售…工作要点 is one title), and a （2019—2020年） line joins any.
        if parts[-1].endswith(TITLE_ENDS) and not re.fullmatch(r"（[^（）]{2,20}）", nxt):
            break
        parts.append(nxt)
        k += 1
    title = "".join(parts)
    if title.startswith("《"):  # 《“十三五”…规划》重点任务分工方案: the marks quote, they are not the title's
        return title.replace("《", "").replace("》", ""), []
    return title, list(range(i, k))


# The kinds of document a plan's title names last (a title line ending so is complete).
TITLE_ENDS = ("方案", "计划", "要点", "意见", "通知", "办法", "细则", "措施", "规划", "纲要", "清单", "分解",
              "分工", "规定", "决定", "任务", "报告", "条例", "指南")  # fmt: skip


MAX_TITLE = 80


def _plan_title(
    lines: list[str], used: set[int], date_line: int | None, h: Header, title_at: int | None
) -> tuple[str, list[int]]:
    """The plan's own title and the indexes of its lines (none when it is quoted from a line):
    the line the outline found, a bare line after the issuer and date, else 《…》 of the notice."""
    if title_at is not None and title_at < len(lines):
        return _title_from(lines, title_at, h)
    skip = {h.doc_number, h.notice_title, h.issuer}
    start = (date_line + 1) if date_line is not None else 0
    for i in range(start, len(lines)):
        line = lines[i]
        if i in used or line in skip or _PUBLIC.match(line) or _find_date(line):
            continue
        if _bare(line) and 4 <= len(line) <= MAX_TITLE:
            return _title_from(lines, i, h)
        if date_line is not None:
            break
    for line in lines:
        said = _BOOK.sub("", line)  # 现将《X》印发…, 《X》已经…同意 — not a 印发 inside a quoted title
        if "印发" in said or "已经" in said:
            m = _BOOK.search(line)
            if m:
                return m.group(1), []
    return h.notice_title, []
