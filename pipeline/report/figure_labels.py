"""The words of the figures in Chinese and English, and short English names of bodies.

Every title, axis label, legend entry and legend title of :mod:`pipeline.report.figures` comes from
here, in the label language (Chinese by default, English with ``--english``). The labels of body
kinds and verb categories are lexicon rows (``lexicons/labels.csv``, :mod:`pipeline.lexicon.labels`);
the figures' own words, roles, levels and fates are named here. English body names are the
lexicon's official ``name_en``, shortened by common abbreviations when too long (and by the body's
acronym, or at a word, as a last resort), never cut inside a word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lexicon.labels import Labels

TEXT = {  # key: (Chinese, English)
    "role_title": ("各部门承担措施数（按角色）", "Measures per body and role"),
    "network_title": ("部门协作网络（共同承担的措施数）", "Collaboration between bodies (shared measures)"),
    "verb_title": ("各部分措施的动词类别", "Verb categories per section"),
    "year_title": ("各部门各年度承担措施数", "Measures per body and year"),
    "measures": ("措施数", "measures"),
    "measures_summed": ("措施数（各角色合计）", "measures (summed over roles)"),
    "year": ("年份", "year"),
    "role": ("角色", "role"),
    "kind": ("机构类型", "kind"),
    "verb_category": ("动词类别", "verb category"),
    "unnumbered": ("（未编号）", "(unnumbered)"),
    "no_verb": ("（无动词）", "(none)"),
    "lead_share_title": ("各职能各层级牵头占比", "Lead share by function and level"),
    "lead_share": ("牵头措施占比", "share of measures led"),
    "level": ("层级", "level"),
    "persistence_title": ("系列计划各年度措施延续情况", "Measures kept, revised, new and dropped per year"),
    "fate": ("延续情况", "fate"),
}
LEVELS = {"national": "中央", "province": "省级", "city": "市级", "county": "县级", "district": "区级",
          "township": "乡镇", "unknown": "未知"}  # fmt: skip
FATES = {"same": "延续", "revised": "调整", "new": "新增", "dropped": "删除"}
ROLES = {"lead": "牵头", "participant": "参加", "responsible": "负责"}
# Applied one after the other, only while the name is still too long.
ABBREVIATIONS = (
    (" and ", " & "), ("People's Republic of China", "PRC"), (" of the CPC Central Committee", " (CPC)"),
    (" of the State Council", " (State Council)"), ("Central Military Commission", "CMC"),
    ("Administration", "Admin."), ("National", "Natl."), ("Commission", "Comm."),
    ("Committee", "Cttee."), ("Department", "Dept."), ("Development", "Dev."),
    ("Technology", "Tech."), ("Information", "Info."), ("Supervision", "Superv."),
    ("Management", "Mgmt."), ("Association", "Assoc."), ("Federation", "Fed."),
    ("International", "Intl."), ("Construction", "Constr."), ("General", "Gen."),
    ("Ministry", "Min."), ("Leading Group", "LG"), ("Office", "Off."),
)  # fmt: skip
_ACRONYM = re.compile(r"[a-z]{2,8}")
_STOP = {"of", "for", "the", "on", "in", "to", "under", "&", "and", "against", "with"}


def text(key: str, english: bool) -> str:
    """A title, axis label or legend title in the label language."""
    zh, en = TEXT[key]
    return en if english else zh


def role(code: str, english: bool) -> str:
    """A role's legend entry: lead / 牵头 …"""
    return code if english else ROLES.get(code, code)


def project_labels() -> Labels:
    """The labels of the project's lexicons (``lexicons/labels.csv``), for a figure drawn without others.

    Returns:
        The :class:`~pipeline.lexicon.labels.Labels` of :func:`~pipeline.lexicon.model.load_lexicon`'s
        default lexicons (loaded once per process).
    """
    from ..lexicon.model import load_lexicon

    return load_lexicon().labels


def kind(code: str, english: bool, labels: Labels | None = None) -> str:
    """A body kind's legend entry: ministry / 国务院组成部门 …

    Args:
        code: the kind as ``assignments.csv`` writes it (``body_kind``; may be empty).
        english: the English label rather than the Chinese one.
        labels: the lexicons' labels (default: the project's, :func:`project_labels`).

    Returns:
        The kind's ``labels.csv`` label; the code itself when it has none, ``?`` (``？``) when empty.
    """
    if not code:
        return "?" if english else "？"
    return (labels if labels is not None else project_labels()).label("kind", code, english) or code


def category(code: str, english: bool, labels: Labels | None = None) -> str:
    """A verb category's legend entry (``(none)`` for measures without a verb).

    Args:
        code: the category as ``measures.csv`` writes it (``verb_category``), or ``(none)``.
        english: the English label rather than the Chinese one.
        labels: the lexicons' labels (default: the project's, :func:`project_labels`).

    Returns:
        The category's ``labels.csv`` label, the code itself when it has none.
    """
    if code == "(none)":
        return text("no_verb", english)
    return (labels if labels is not None else project_labels()).label("verb_category", code, english) or code


def level(code: str, english: bool) -> str:
    """A government level's legend entry: county / 县级 …"""
    return code if english else LEVELS.get(code, code)


def fate(code: str, english: bool) -> str:
    """A measure's fate in a series: revised / 调整 …"""
    return code if english else FATES.get(code, code)


def short_en(name: str, width: int = 40, body_id: str = "") -> str:
    """An English body name of at most ``width`` characters, shortened sensibly.

    Common words are abbreviated first (Administration → Admin., and → &); a name still too
    long becomes its acronym when the body's id is one (aqsiq → AQSIQ), else it is cut after
    a whole word with "…".
    """
    if len(name) <= width:
        return name
    for long, short in ABBREVIATIONS:
        name = name.replace(long, short)
        if len(name) <= width:
            return name
    if _ACRONYM.fullmatch(body_id):
        return body_id.upper()
    words = name[: width].split(" ")[:-1] or [name[: width - 1]]  # whole words only
    while len(words) > 1 and words[-1].rstrip(",") in _STOP:
        words.pop()
    return " ".join(words).rstrip(",.") + "…"
