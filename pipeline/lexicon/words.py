"""The word lists of a document's furniture and of its lists, and a web page's field names.

Three lexicon files, each row saying in a typed column what it is for:

- ``page_fields.csv``: a field name of a government web page's metadata block (发文字号, 成文日期)
  and which header field it ``gives`` (:data:`PAGE_FIELD_GIVES`);
- ``page_classes.csv``: a class or id name of a site's HTML and its ``use``, the block holding
  the text or navigation to drop (:data:`PAGE_CLASS_USES`);
- ``document_words.csv``: a word and its ``use`` (:data:`WORD_USES`, the fields of
  :class:`DocumentWords`): end-matter labels (抄送), notice kinds (通知, 意见), organisation
  endings (办公厅), the words that decide how names and lists are read (和, 与, 的) …

Rows are kept as read, in file order, so that ``validate`` can report an unknown ``use``; the
stages read the lists by use (``lexicon.words.copy_label``), never from a notes column.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple, get_args

from ..errors import FengongError
from ..lexicon.files import read as _read

PageFieldGives = Literal["doc_number", "issuer", "signed", "published", "notice_title", "other"]
PAGE_FIELD_GIVES: frozenset[str] = frozenset(get_args(PageFieldGives))
PageClassUse = Literal["content", "noise"]
PAGE_CLASS_USES: frozenset[str] = frozenset(get_args(PageClassUse))


class PageField(NamedTuple):
    """A row of ``page_fields.csv``: a metadata field name and the header field it gives."""

    field: str
    gives: str  # a PageFieldGives; validate reports any other


class PageClass(NamedTuple):
    """A row of ``page_classes.csv``: a class or id name of a page and what its element is."""

    name: str
    use: str  # a PageClassUse; validate reports any other


class WordRow(NamedTuple):
    """A row of ``document_words.csv``: a word and what it is used for."""

    word: str
    use: str  # one of WORD_USES; validate reports any other


class DocumentWords(NamedTuple):
    """The words of ``document_words.csv`` by use, each in file order (lexicons/README.md)."""

    # The furniture of a circular (stage structure: header, plan_start, the end matter).
    copy_label: tuple[str, ...] = ()  # 抄送：… opens the copy list: the text ends
    page_end: tuple[str, ...] = ()  # 【打印本页】【关闭窗口】: a web page's footer: the text ends
    printed: tuple[str, ...] = ()  # …2016年4月4日印发 is the printing line: the text ends
    signature_end: tuple[str, ...] = ()  # a short line ending so is a signature (国务院办公厅)
    org_end: tuple[str, ...] = ()  # a header line or issuer field ending so names an organisation
    notice_type: tuple[str, ...] = ()  # 关于…的通知: the kind a notice title names last
    cover_verb: tuple[str, ...] = ()  # 关于印发X的通知: X is the plan's title
    cover_notice: tuple[str, ...] = ()  # 关于印发X的通知 / 的函
    announces: tuple[str, ...] = ()  # 现将《X》印发…, 《X》已经…: the line names the plan in 《》
    reports: tuple[str, ...] = ()  # 近日，国务院发布关于…的意见: a news lead names the plan and its issuer
    public_note: tuple[str, ...] = ()  # （此件公开发布）
    addressees: tuple[str, ...] = ()  # 各…： opens the addressees
    title_end: tuple[str, ...] = ()  # the kind of document a plan's title names last (方案, 要点)
    site_column: tuple[str, ...] = ()  # 政策文件漳州市…方案: a site's column name glued before the title
    site_nav: tuple[str, ...] = ()  # 首页 政务公开 …, 当前位置：…: a line opening so is navigation, never the title
    site_name_end: tuple[str, ...] = ()  # X_某市人民政府门户网站: a line ending so is a browser's title bar
    masthead_end: tuple[str, ...] = ()  # XX市人民政府办公室文件: the red header (版头), not the title
    # Names and lists (lists, list_reader, list_pieces), measures and assign.
    inside_name: tuple[str, ...] = ()  # 和 与 及 由 等: in a list, split only after a whole name
    inside_running_name: tuple[str, ...] = ()  # 和 与: in running text, read on inside a name
    noun_marker: tuple[str, ...] = ()  # 建设的, 建设和: a noun-like verb before it is a noun
    joint: tuple[str, ...] = ()  # 共同负责: no first among the bodies
    run_separator: tuple[str, ...] = ()  # 、: the separator of a run whose pieces share an ending or prefix
    shared_unit: tuple[str, ...] = ()  # 哈尔滨、黑河、绥芬河市政府: the unit before a shared ending
    shared_end: tuple[str, ...] = ()  # (人民)政府: the ending such a run shares
    distributed_prefix: tuple[str, ...] = ()  # 各市、州、县人民政府: every piece takes 各
    group_prefix: tuple[str, ...] = ()  # 各省级教育行政部门、人力资源社会保障部门
    group_end: tuple[str, ...] = ()  # …部门, …机构: the pieces of such a group
    own_prefix: tuple[str, ...] = ()  # a piece opening so takes no group prefix
    branch_end: tuple[str, ...] = ()  # 中国移动、中国联通、中国电信洛阳分公司: the branch they share
    bare_unit: tuple[str, ...] = ()  # 镇（街道）, 县（市、区）: units, not a list
    bare_unit_prefix: tuple[str, ...] = ()  # （各市、县）
    # Places and functions (stage assign, counterparts): 人民银行潍坊市中心支行 names its place after it.
    place_prefix: tuple[str, ...] = ()
    place_branch: tuple[str, ...] = ()  # 市生态环境局榆中分局: the branch's place is written before it
    township_unit: tuple[str, ...] = ()  # 莲花镇人民政府: a town's government names its town
    note_label: tuple[str, ...] = ()  # 注：, 说明：: a note on the lists (排在首位的为牵头单位) for the whole document
    not_place: tuple[str, ...] = ()
    segment_word: tuple[str, ...] = ()  # 惠企: one word for the segmenter (落实|惠企|政策, not 落|实惠|企)
    surname: tuple[str, ...] = ()  # 王, 李: 市数据局（王建国）'s bracket names a person, not part of the name  # 中华人民共和国: holds a place's short form (共和) and names no place


WORD_USES: frozenset[str] = frozenset(DocumentWords._fields)


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """``words`` as a regular-expression alternation, the longest first (as a leftmost-longest
    match wants); one that matches nothing when there are none."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"


class WordLookups:
    """The lookups over these files that :class:`~pipeline.lexicon.model.Lexicon` offers."""

    page_fields: tuple[PageField, ...]
    page_classes: tuple[PageClass, ...]

    @cached_property
    def page_field_names(self) -> tuple[str, ...]:
        """Every field name of ``page_fields.csv``, in file order."""
        return tuple(dict.fromkeys(f.field for f in self.page_fields if f.field))

    def fields_giving(self, gives: str) -> tuple[str, ...]:
        """The field names that give one header field (doc_number, issuer …) in file order: the first present wins."""
        return tuple(f.field for f in self.page_fields if f.gives == gives and f.field)

    def page_class_names(self, use: str) -> tuple[str, ...]:
        """The class and id names of ``page_classes.csv`` of one use (content, noise), in file order."""
        return tuple(c.name for c in self.page_classes if c.use == use and c.name)


def _pairs(path: Path, key: str, value: str) -> list[tuple[str, str]]:
    """``(row[key], row[value])`` per row of a lexicon CSV; a missing column names the file."""
    rows = _read(path)
    for column in (key, value):
        if rows and column not in rows[0]:
            raise FengongError("E010", str(path), detail=f"no column {column!r}")
    return [(r[key], r[value]) for r in rows]


def read_page_fields(path: Path) -> tuple[PageField, ...]:
    """The rows of ``page_fields.csv``, in file order."""
    return tuple(PageField(*pair) for pair in _pairs(path, "field", "gives"))


def read_page_classes(path: Path) -> tuple[PageClass, ...]:
    """The rows of ``page_classes.csv``, in file order (the first content class that holds the text wins).

    Names are compared with a page's class and id attributes in lower case.
    """
    return tuple(PageClass(name.lower(), use) for name, use in _pairs(path, "class", "use"))


def read_document_words(path: Path) -> tuple[tuple[WordRow, ...], DocumentWords]:
    """The rows of ``document_words.csv`` and its words by use (rows of an unknown use are left out)."""
    rows = tuple(WordRow(*pair) for pair in _pairs(path, "word", "use"))
    by_use: dict[str, list[str]] = {use: [] for use in DocumentWords._fields}
    for word, use in rows:
        if use in by_use and word and word not in by_use[use]:
            by_use[use].append(word)
    return rows, DocumentWords(**{use: tuple(words) for use, words in by_use.items()})
