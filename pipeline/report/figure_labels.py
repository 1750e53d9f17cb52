"""The words of the figures in Chinese and English, and short English names of bodies.

Every title, axis label, legend entry and legend title of :mod:`pipeline.report.figures` comes from
here, in the label language (Chinese by default, English with ``--english``). English body
names are the lexicon's official ``name_en``, shortened by common abbreviations when too long
(and by the body's acronym, or at a word, as a last resort), never cut inside a word.
"""

from __future__ import annotations

import re

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
KINDS = {
    "ministry": "国务院组成部门", "special": "直属特设机构", "directly_under": "直属机构",
    "office": "办事机构", "institution": "直属事业单位", "bureau": "部委管理的国家局",
    "coordination": "议事协调机构", "party": "党中央部门", "people_org": "人民团体",
    "judicial": "司法机关", "state_org": "国家机关", "enterprise": "企业",
    "generic": "泛称", "local": "地方机构", "unknown": "未知",
}  # fmt: skip
CATEGORIES = {
    "regulate": "规制执法", "institution": "制度建设", "planning": "规划标准", "promote": "推动激励",
    "organize": "组织实施", "research": "研究试点", "publicity": "宣传教育", "monitoring": "监测评估",
    "funding": "资金投入", "coordination": "协调合作", "ensure": "保障",
}  # fmt: skip
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


def kind(code: str, english: bool) -> str:
    """A body kind's legend entry: ministry / 国务院组成部门 …"""
    return (code or "?") if english else KINDS.get(code, code or "？")


def category(code: str, english: bool) -> str:
    """A verb category's legend entry (``(none)`` for measures without a verb)."""
    if code == "(none)":
        return text("no_verb", english)
    return code if english else CATEGORIES.get(code, code)


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
