"""Header metadata of a circular: titles, document number, issuer, date, addressees.

Reads the paragraphs before the first numbered unit, including a government web page's
metadata block (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期 …: ``lexicons/page_fields.csv``).
The words of a notice's form (通知, 意见, 办公厅, （此件公开发布）, 方案 …) are rows of
``lexicons/document_words.csv``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..lexicon.model import Lexicon
from ..lexicon.words import DocumentWords, alternation
from ..stages.markers import THIS_DOCUMENT, cn_number
from ..types import Header

# Every notice title is issuer + 关于 + subject + 的 + kind (GB/T 9704): one fixed word, not a list.
ABOUT = "关于"
MIN_TITLE = 4  # a title names at least a subject and a kind (安全方案); a shorter line is a label
MAX_TITLE = 80  # a longer line is text: the longest title of the corpora has 45 characters
# A plan's title quoted in 《》 (现将《X》印发…).
BOOK_TITLE = re.compile(rf"《([^《》]{{{MIN_TITLE},{MAX_TITLE}}})》")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|wps|txt|html?)$", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,10}[〔\[［（(﹝【]\s*(\d{4})\s*[〕\]］）)﹞】]\s*\d{1,4}\s*号")
_CN_YEAR = "〇零一二三四五六七八九"
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CN = re.compile(rf"([{_CN_YEAR}]{{4}})年([{_CN_YEAR}十]{{1,3}})月([{_CN_YEAR}十]{{1,3}})日")
_YEAR = re.compile(r"((?:19|20)\d{2})年")


class _Header(NamedTuple):
    """One lexicon's patterns and page fields for the header, built once (:meth:`Lexicon.derived`)."""

    words: DocumentWords
    meta: re.Pattern[str]  # key：value, or a flattened table's key | value |
    org_end: re.Pattern[str]  # a name that ends like an organisation (…办公厅, …局)
    notice: re.Pattern[str]  # a notice title: 关于…的通知 (（韶府〔2019〕31号）)
    public: re.Pattern[str]  # （此件公开发布）
    # Which fields give which header field, the first present winning (page_fields.csv ``gives``).
    number_keys: tuple[str, ...]
    issuer_keys: tuple[str, ...]
    signed_keys: tuple[str, ...]  # the date the text was signed
    published_keys: tuple[str, ...]  # a web date: only when the text shows no other
    title_keys: tuple[str, ...]


def _header_patterns(lexicon: Lexicon) -> _Header:
    w = lexicon.words
    return _Header(
        w,
        re.compile(rf"({alternation(lexicon.page_field_names)})\s*[：|｜]\s*"),
        re.compile(rf"(?:{alternation(w.org_end)})$"),
        re.compile(rf"{ABOUT}.+的(?:{alternation(w.notice_type)})(?:[（(][^（）()]{{2,20}}号[）)])?$"),
        re.compile(rf"^[（(]{THIS_DOCUMENT}(?:{alternation(w.public_note)})[）)]$"),
        *(lexicon.fields_giving(g) for g in ("doc_number", "issuer", "signed", "published", "notice_title")),
    )


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


def _meta_block(lines: list[str], pattern: re.Pattern[str]) -> tuple[dict[str, str], set[int]]:
    meta: dict[str, str] = {}
    used: set[int] = set()
    for i, line in enumerate(lines):
        hits = list(pattern.finditer(line))
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


def parse_header(
    lexicon: Lexicon, text: str, paras: list[tuple[int, int]], stop: int, title_at: int | None = None
) -> Header:
    """Header metadata from the paragraphs before paragraph index ``stop``.

    Args:
        lexicon: the loaded lexicons (page fields, the words of a notice's form).
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
    p = lexicon.derived(_header_patterns)
    meta, used = _meta_block(lines, p.meta)
    h = Header(meta=meta)
    h.doc_number = next((meta[k] for k in p.number_keys if _DOC_NUMBER.search(meta.get(k, ""))), "")
    h.notice_title = next((meta[k] for k in p.title_keys if k in meta), "")
    h.issuer = next((meta[k] for k in p.issuer_keys if p.org_end.search(meta.get(k, ""))), "")
    h.date = _meta_date(meta, p.signed_keys)
    date_line = None
    for i, line in enumerate(lines):
        if i in used:
            continue
        notice = bool(p.notice.search(line)) and not re.search("[，。：]", line)
        if not h.doc_number and (number := _doc_number(line, notice)):
            h.doc_number = number
        if not h.notice_title and notice:
            h.notice_title = line
        elif not h.addressees and line.endswith("：") and line.startswith(p.words.addressees):
            h.addressees = line.rstrip("：")
        elif date_line is None and (iso := _find_date(line)):
            date_line = i
            h.date = h.date or iso
            h.issuer = h.issuer or _signature(lines, i)
    if not h.issuer and h.notice_title and ABOUT in h.notice_title:
        h.issuer = h.notice_title.split(ABOUT, 1)[0]
    if not h.issuer and lines and p.org_end.search(lines[0]) and len(lines[0]) <= MAX_ISSUER and not re.search("[，。：；]", lines[0]):
        h.issuer = lines[0]  # a plan that opens with its issuing office alone
    h.date = h.date or _meta_date(meta, p.published_keys)
    h.title, parts = _plan_title(p, lines, used, date_line, h, title_at)
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


def _title_from(p: _Header, lines: list[str], i: int, h: Header) -> tuple[str, list[int]]:
    """The title starting at line ``i``, with the lines it was broken over (…和 / 制售…工作要点),
    and the indexes of those lines."""
    parts = [lines[i]]
    k = i + 1
    while k < len(lines) and len("".join(parts)) < MAX_TITLE and _bare(lines[k]) and not _find_date(lines[k]):
        nxt = lines[k]
        if nxt in {h.issuer, h.doc_number} or p.org_end.search(nxt) or p.public.match(nxt):
            break
        # A title ends with the kind of document it is (document_words.csv title_end); only a title
        # broken before that goes on (…工作要点 is whole; …和 / 制售…工作要点 is one title), and a
        # （2019—2020年） line joins any.
        if parts[-1].endswith(p.words.title_end) and not re.fullmatch(r"（[^（）]{2,20}）", nxt):
            break
        parts.append(nxt)
        k += 1
    title = "".join(parts)
    if title.startswith("《"):  # 《“十三五”…规划》重点任务分工方案: the marks quote, they are not the title's
        return title.replace("《", "").replace("》", ""), []
    return title, list(range(i, k))


def _plan_title(
    p: _Header, lines: list[str], used: set[int], date_line: int | None, h: Header, title_at: int | None
) -> tuple[str, list[int]]:
    """The plan's own title and the indexes of its lines (none when it is quoted from a line):
    the line the outline found, a bare line after the issuer and date, else 《…》 of the notice."""
    if title_at is not None and title_at < len(lines):
        return _title_from(p, lines, title_at, h)
    skip = {h.doc_number, h.notice_title, h.issuer}
    start = (date_line + 1) if date_line is not None else 0
    for i in range(start, len(lines)):
        line = lines[i]
        if i in used or line in skip or p.public.match(line) or _find_date(line):
            continue
        if _bare(line) and MIN_TITLE <= len(line) <= MAX_TITLE:
            return _title_from(p, lines, i, h)
        if date_line is not None:
            break
    for line in lines:
        said = BOOK_TITLE.sub("", line)  # 现将《X》印发…, 《X》已经…同意 — not a 印发 inside a quoted title
        if any(word in said for word in p.words.announces):
            m = BOOK_TITLE.search(line)
            if m:
                return m.group(1), []
    return h.notice_title, []
