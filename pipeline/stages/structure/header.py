"""Header metadata of a circular: titles, document number, issuer, date, addressees.

Reads the paragraphs before the first numbered unit, including a government web page's
metadata block (索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期 …: ``lexicons/page_fields.csv``).
The words of a notice's form (通知, 意见, 办公厅, （此件公开发布）, 方案 …) are rows of
``lexicons/document_words.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ...lexicon.model import Lexicon
from ...lexicon.words import DocumentWords, alternation
from ...types import Header, NormalizedText
from ..normalize.markers import (
    CN_YEAR,
    DATE,
    DOC_NUMBER,
    DOC_NUMBER_SHAPE,
    DOC_NUMBER_YEAR,
    ISO_DATE,
    THIS_DOCUMENT,
    YEAR,
    find_date,
    iso_date,
)
from .plan_title import MAX_TITLE, MIN_TITLE, TitleClues, bare, plan_title, reported_lead
from .signature import MAX_ISSUER, SEAL, Lines, names_written, signature_above

# Every notice title is issuer + 关于 + subject + 的 + kind (GB/T 9704): one fixed word, not a list.
ABOUT = "关于"
# The first character of a date written after a name on the same line (…办公室 2019年3月5日).
_DATE_OPENS = rf"[\d０-９lIO{CN_YEAR}]"


class _Header(NamedTuple):
    """One lexicon's patterns and page fields for the header, built once (:meth:`Lexicon.derived`)."""

    words: DocumentWords
    meta: re.Pattern[str]  # key：value, or a flattened table's key | value |
    org_end: re.Pattern[str]  # a name that ends like an organisation (…办公厅, …局)
    notice: re.Pattern[str]  # a notice title: 关于…的通知 (（韶府〔2019〕31号）)
    public: re.Pattern[str]  # （此件公开发布）
    # A news page's lead reporting the plan: 近日，国务院发布关于…的意见， / 省政府印发了《X》，
    reported: re.Pattern[str]
    # A copy flattened into one paragraph: …的通知洛政办〔2017〕36号各县…, …执行。洛阳市人民政府办公室2017年4月20日…
    glued_number: re.Pattern[str]
    glued_signature: re.Pattern[str]
    # A line of an organisation's name and a date (绵阳市人民政府办公室 2019年3月5日): issuer and date.
    issuer_date: re.Pattern[str]
    # The red header (版头): an organisation's name + 文件 (常德市人民政府办公室文件), never the title.
    masthead: re.Pattern[str]
    # A browser's title bar copied with the page: the title, then the site's name (X_某市人民政府门户网站).
    title_bar: re.Pattern[str]
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
        re.compile(rf"{ABOUT}.+的(?:{alternation(w.notice_type)})(?:[（(]{DOC_NUMBER_SHAPE}[）)])?$"),
        re.compile(rf"^[（(]{THIS_DOCUMENT}(?:{alternation(w.public_note)})[）)]$"),
        re.compile(
            rf"(?:^|[，。；！？])(?P<who>[^，。；：！？]{{0,{MAX_ISSUER}}}?)(?:{alternation(w.reports)})了?"
            rf"(?:《(?P<quoted>[^《》]{{{MIN_TITLE},{MAX_TITLE}}})》"
            rf"|(?P<about>{ABOUT}[^，。；：！？]{{2,{MAX_TITLE}}}?的(?:{alternation(w.notice_type)})))"
            rf"(?:[（(](?P<number>{DOC_NUMBER.pattern})[）)])?(?=[，。；：！？]|$)"
        ),
        re.compile(rf"的(?:{alternation(w.notice_type)})({DOC_NUMBER.pattern})"),
        re.compile(rf"[。！？](?P<who>[^，。；：！？、（）]{{2,{MAX_ISSUER}}}?(?:{alternation(w.org_end)}))(?P<date>{DATE.pattern})"),
        re.compile(rf"(?P<who>[^，。；：！？、（）《》\d]{{1,{MAX_ISSUER}}}?(?:{alternation(w.org_end)}))(?P<date>{_DATE_OPENS}.*日)"),
        re.compile(rf"(?P<who>[^，。；：！？、（）《》]{{1,{MAX_ISSUER}}}?(?:{alternation(w.org_end)}))(?:{alternation(w.masthead_end)})"),
        re.compile(rf"\S\s*[_＿|｜—－-]\s*[^_＿|｜—－\-，。；：]{{1,{MAX_ISSUER}}}(?:{alternation(w.site_name_end)})$"),
        *(lexicon.fields_giving(g) for g in ("doc_number", "issuer", "signed", "published", "notice_title")),
    )


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
        if m := DATE.search(value):
            return iso_date(m)
        if m := ISO_DATE.search(value):
            return iso_date(m)
    return ""


def _doc_number(line: str, is_notice: bool) -> str:
    """The document number a header line states: the line itself, opening it (国办发〔2016〕18号各省…),
    or closing a notice title (…的通知（韶府〔2019〕31号）)."""
    if m := DOC_NUMBER.match(line):
        return m.group(0)
    if is_notice and (m := re.search(rf"[（(]({DOC_NUMBER.pattern})[）)]$", line)):
        return m.group(1)
    return ""


@dataclass(frozen=True)
class HeaderBounds:
    """Where a header lies among the paragraphs: before index ``stop`` (the plan's first numbered
    paragraph); ``title_at`` the plan's title line when the outline found it (the line that
    repeats the title a notice or an attachment line names); ``end`` the paragraph where the text
    ends (the copy list, the printing line), None for the document's end: the closing signature
    is read just before it."""

    stop: int
    title_at: int | None = None
    end: int | None = None


def parse_header(lexicon: Lexicon, norm: NormalizedText, paras: list[tuple[int, int]], bounds: HeaderBounds) -> Header:
    """Header metadata from the paragraphs before ``bounds.stop``, and from the signature block
    that closes the text (issuer and date) where the header lacks them.

    Args:
        lexicon: the loaded lexicons (page fields, the words of a notice's form).
        norm: the normalized text (its working text, and the original's spaces between joint issuers).
        paras: the (start, end) of every paragraph.
        bounds: where the header, the plan's title line and the text's end are.
    Returns:
        The header; ``meta`` holds the web page's key：value block.
    """
    stop, title_at, end = bounds.stop, bounds.title_at, bounds.end
    text = norm.text
    lines = [text[s:e].strip() for s, e in paras[:stop]]
    spans = [_stripped(text, s, e) for s, e in paras[:stop]]
    p = lexicon.derived(_header_patterns)
    meta, used = _meta_block(lines, p.meta)
    h = Header(meta=meta)
    h.doc_number = next((meta[k] for k in p.number_keys if DOC_NUMBER.search(meta.get(k, ""))), "")
    # A value shaped like a document number is the number whatever field holds it (发文机关：宜府办发〔2020〕12号).
    h.doc_number = h.doc_number or next((v for v in meta.values() if DOC_NUMBER.fullmatch(v)), "")
    h.notice_title = next((meta[k] for k in p.title_keys if k in meta), "")
    h.issuer = next((meta[k] for k in p.issuer_keys if p.org_end.search(meta.get(k, ""))), "")
    h.date = _meta_date(meta, p.signed_keys)
    date_line = None
    furniture = set(used)  # lines that are never the title: the page's fields, a masthead, a byline
    masthead_issuer = ""
    continued: set[int] = set()  # the later lines of a notice title printed over several
    for i, line in enumerate(lines):
        if i in used or i in continued:
            continue
        if p.words.site_nav and line.startswith(p.words.site_nav):  # 首页 政务公开 …: the page's menu
            furniture.add(i)
            continue
        if p.title_bar.search(line):  # X_某市人民政府门户网站: the browser's title bar, the page repeats X
            furniture.add(i)
            continue
        notice = bool(p.notice.search(line)) and not re.search("[，。：]", line)
        if not h.doc_number and (number := _doc_number(line, notice)):
            h.doc_number = number
        if (m := p.masthead.fullmatch(line)) and ABOUT not in line:
            furniture.add(i)
            masthead_issuer = masthead_issuer or _names(norm, spans[i], m.group("who"))
            continue
        who, iso = _issuer_date(p, line)
        if iso:  # 绵阳市人民政府办公室 2019年3月5日: an issuer-and-date line, under the title or the notice
            furniture.add(i)
            h.date = h.date or iso
            h.issuer = h.issuer or _names(norm, spans[i], who)
            continue
        if not h.notice_title and not notice and (more := _notice_continued(p, lines, i)):
            notice, line = True, "".join(lines[i : i + 1 + more])
            continued.update(range(i + 1, i + 1 + more))
            furniture.update(range(i, i + 1 + more))
        if not h.notice_title and notice:
            h.notice_title = line
        elif not h.addressees and line.endswith("：") and line.startswith(p.words.addressees):
            h.addressees = line.rstrip("：")
        elif date_line is None and (iso := find_date(line)):
            date_line = i
            h.date = h.date or iso
            h.issuer = h.issuer or signature_above(Lines(norm, lines, spans), i, p.org_end)
    if not h.doc_number:
        h.doc_number = next((m.group(1) for line in lines if (m := p.glued_number.search(line))), "")
    if date_line is None and not h.date and (glued := next(filter(None, map(p.glued_signature.search, lines)), None)):
        h.date = iso_date(DATE.search(glued.group("date")))
        h.issuer = h.issuer or glued.group("who")
    closing_issuer, closing_date = _closing_signature(p, norm, paras, stop, len(paras) if end is None else end)
    h.date = h.date or closing_date
    notice_issuer = h.notice_title.split(ABOUT, 1)[0] if ABOUT in h.notice_title else ""
    # The closing signature names the issuers one by one; a notice title that runs them together
    # (教育部办公厅人力资源社会保障部办公厅关于…) names the same ones.
    if not h.issuer and closing_issuer and (not notice_issuer or closing_issuer.replace("、", "") == notice_issuer):
        h.issuer = closing_issuer
    if not h.issuer and notice_issuer:
        h.issuer = notice_issuer
    if not h.issuer and lines and p.org_end.search(lines[0]) and len(lines[0]) <= MAX_ISSUER and bare(lines[0]):
        h.issuer = lines[0]  # a plan that opens with its issuing office alone
    h.issuer = h.issuer or masthead_issuer
    h.date = h.date or _meta_date(meta, p.published_keys)
    reported = reported_lead(p, lexicon, lines)
    h.title, parts = plan_title(p, lines, furniture, h, TitleClues(date_line, title_at, reported))
    if reported and h.title == reported.title:  # 国务院发布关于…的意见: the body the page says issued it
        h.issuer = h.issuer or reported.issuer
        h.doc_number = h.doc_number or reported.doc_number
    h.title_spans = [spans[k] for k in parts]
    if column := _site_column(p, lexicon, h.title):  # 政策文件漳州市…方案: the page's column, then the title
        h.title = h.title[len(column) :]
        if h.title_spans:
            h.title_spans[0] = (h.title_spans[0][0] + len(column), h.title_spans[0][1])
    if h.date:
        h.year = int(h.date[:4])
    elif m := DOC_NUMBER_YEAR.search(h.doc_number):
        h.year = int(m.group(1))
    elif m := YEAR.search(h.title) or YEAR.search(h.notice_title):
        h.year = int(m.group(1))
    return h


MAX_NOTICE_LINES = 4  # a notice title printed over more lines than this is not one
MAX_NOTICE_TITLE = 120  # 关于印发 + a title + 的通知, its issuer before


def _notice_continued(p: _Header, lines: list[str], i: int) -> int:
    """How many lines after ``lines[i]`` complete the notice title it opens (县人民政府办公室关于 /
    对…确定的2021年 / …的通知: a title broken over lines, as a red-header copy prints it), else 0."""
    if ABOUT not in lines[i] or not bare(lines[i]):
        return 0
    joined = lines[i]
    for more in range(1, MAX_NOTICE_LINES):
        if i + more >= len(lines) or not bare(lines[i + more]) or find_date(lines[i + more]):
            return 0
        joined += lines[i + more]
        if len(joined) > MAX_NOTICE_TITLE:
            return 0
        if p.notice.search(joined):
            return more
    return 0


def _issuer_date(p: _Header, line: str) -> tuple[str, str]:
    """(the name, the ISO date) of an issuer-and-date line (绵阳市人民政府办公室 2019年3月5日), else ('', '')."""
    m = p.issuer_date.fullmatch(line)
    iso = find_date(m.group("date")) if m and ABOUT not in line else ""
    return (m.group("who"), iso) if m and iso else ("", "")


def _names(norm: NormalizedText, span: tuple[int, int], who: str) -> str:
    """The issuers written at the start of a line (the ``who`` of span ``span``), 、 between joint ones."""
    return "、".join(names_written(norm, span[0], span[0] + len(who)))


def _site_column(p: _Header, lexicon: Lexicon, title: str) -> str:
    """The site's column name glued before a title (政策文件 of 政策文件漳州市…方案) when a place or an
    organisation follows it, else ''."""
    for word in sorted(p.words.site_column, key=len, reverse=True):
        rest = title[len(word) :]
        if title.startswith(word) and len(rest) >= MIN_TITLE and _opens_with_name(lexicon, rest):
            return word
    return ""


def _opens_with_name(lexicon: Lexicon, text: str) -> bool:
    """Whether ``text`` opens with a place written in full (漳州市) or a body of the lexicon (国务院)."""
    if any(hit.start == 0 and hit.full for hit in lexicon.places.find(text)):
        return True
    return any(text[:k] in lexicon.alias_index for k in range(2, min(len(text), MAX_ISSUER) + 1))


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a paragraph without its leading and trailing spaces."""
    line = text[start:end]
    return start + len(line) - len(line.lstrip()), end - len(line) + len(line.rstrip())


TAIL_LINES = 8  # the closing signature is among the last lines: seal and public notes, date, names


def _closing_signature(p: _Header, norm: NormalizedText, paras: list[tuple[int, int]], stop: int, end: int) -> tuple[str, str]:
    """(issuers, ISO date) of the signature block closing the text (…各地要抓好落实。/ 某市人民政府 /
    2021年3月8日 / （此件公开发布）), else ('', ''): a date line last, organisations' names above it."""
    lo = max(stop, end - TAIL_LINES)
    lines = [norm.text[s:e].strip() for s, e in paras[lo:end]]
    spans = [_stripped(norm.text, s, e) for s, e in paras[lo:end]]
    k = len(lines) - 1
    while k >= 0 and SEAL.fullmatch(lines[k]):
        k -= 1
    who, iso = _issuer_date(p, lines[k]) if k >= 0 else ("", "")
    if iso:  # 某市人民政府办公室 2021年3月8日 on one line
        return _names(norm, spans[k], who), iso
    if k < 1 or not (iso := find_date(lines[k])):
        return "", ""
    issuer = signature_above(Lines(norm, lines, spans), k, p.org_end, names_only=True)
    return (issuer, iso) if issuer else ("", "")
