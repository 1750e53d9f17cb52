"""Hostile and random inputs: every stage finishes, never crashes, and keeps its invariants.

The hostile inputs are 100,000-character texts (and one of 100,000 lines) built to hit the
pipeline's loops: runs of one punctuation mark, endless markers, lists and short lines. They
carry no timing asserts: an alarm stops any that runs for more than 30 s, which only a
super-linear loop would.
Hypothesis then fuzzes normalize, structure and the whole pipeline on random text and on
random mixes of plan fragments. The linear-time rewrites of the 由-scan (a window that grows,
由s a failed scan already read skipped) are checked on texts whose answers are written by hand.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import FengongError
from pipeline.io.readers import decode_text
from pipeline.lexicon.model import load_lexicon
from pipeline.run.document import DocumentResult, process
from pipeline.run.resources import Resources
from pipeline.stages.lists.running import scan_names, subject_end
from pipeline.stages.normalize.working_text import normalize
from pipeline.stages.structure.outline import structure
from pipeline.types import NormalizedText, Outline, TextSlice

N = 100_000
ROLES = {"lead", "participant", "responsible"}
OPENING = "一、开展工作，加强监管。\n"


def _repeat(piece: str, n: int = N) -> str:
    return (piece * (n // len(piece) + 1))[:n]


HOSTILE: dict[str, str] = {
    "open-parens": _repeat("（"),
    "close-parens": _repeat("）"),
    "enumeration-commas": _repeat("、"),
    "commas": _repeat("，"),
    "unclosed-lists": _repeat("（质检总局、"),
    "cn-markers-inline": _repeat("一、"),
    "cn-paren-markers-inline": _repeat("（一）"),
    "alternating-markers": "\n".join(["（一）开展工作", "（二）加强监管"] * (N // 14)),
    "marker-lines": "\n".join(["一、开展"] * (N // 5)),
    "short-lines": "\n".join(["开"] * N),  # 100,000 lines
    "agent-words": "一、开展" + _repeat("由"),
    "agent-then-role": "一、开展" + _repeat("由质检总局") + "，负责",
    "subjects": "一、" + _repeat("质检总局要开展工作。"),
    "lists-in-one-paragraph": "一、" + _repeat("开展工作（质检总局负责）。"),
    "units-with-lists": "\n".join(["（一）开展工作（质检总局负责）。"] * (N // 16)),
    "sentences": "一、" + _repeat("开展工作。"),
    "clauses": "一、" + _repeat("开展工作，"),
    "nested-parens": "一、开展" + _repeat("（", N // 2) + _repeat("）", N // 2),
    "open-quotes": "一、开展" + _repeat("“"),
    "ascii-run": "一、开展" + _repeat("abc1 "),
}
# The same runs after a real opening, so that they reach segment, detect and assign.
BARE = ["open-parens", "close-parens", "enumeration-commas", "commas", "unclosed-lists", "short-lines"]
HOSTILE.update({f"after-opening:{k}": OPENING + HOSTILE[k] for k in BARE})


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail a test that runs for more than 30 s (a stuck, super-linear loop)."""
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - not on POSIX
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError("still running after 30 s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check_normalized(norm: NormalizedText) -> None:
    """The offset map: one entry per working character plus the end, monotonic, in range."""
    assert len(norm.offsets) == len(norm.text) + 1
    assert all(a <= b for a, b in zip(norm.offsets, norm.offsets[1:]))
    assert all(0 <= o < len(norm.original) for o in norm.offsets[:-1])
    assert norm.offsets[-1] == len(norm.original)


def check_outline(outline: Outline, text: str) -> None:
    """Units, sentences, clauses and lists lie inside the text, in order."""
    n = len(text)
    for u in outline.units:
        assert 0 <= u.start <= u.end <= n
    for s in outline.sentences:
        assert 0 <= s.start < s.end <= n
        for c in s.clauses:
            assert s.start <= c.start < c.end <= s.end
    assert [s.start for s in outline.sentences] == sorted(s.start for s in outline.sentences)
    for lst in outline.lists:
        assert 0 <= lst.start < lst.end <= n
        for it in lst.items:
            assert lst.start <= it.start <= it.end <= lst.end


def check_result(result: DocumentResult) -> None:
    """Measures have non-empty spans in the original text; every role is a known one."""
    n = len(result.normalized.original)
    for m in result.assignments.measures:
        assert m.start < m.end
    for row in result.measures_df.itertuples():
        assert 0 <= row.start < row.end <= n
    assert set(result.assignments_df["role"]) <= ROLES
    for row in result.assignments_df.itertuples():
        assert 0 <= row.start <= row.end <= n


def run_all(text: str, resources: Resources) -> None:
    """normalize, structure and process() on ``text``; only a FengongError may come out."""
    decoded = decode_text(text)
    norm = normalize(decoded, LEXICON)
    check_normalized(norm)
    outline = structure(norm, resources.lexicon)
    check_outline(outline, norm.text)
    try:
        result = process(decoded, resources)
    except FengongError:
        return
    check_result(result)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_finishes(name: str, resources: Resources, alarm: None) -> None:
    run_all(HOSTILE[name], resources)


# Hypothesis --------------------------------------------------------------------------------

# FENGONG_FUZZ_EXAMPLES=5000 make test fuzzes deeper than the suite's default.
FUZZ = settings(max_examples=int(os.environ.get("FENGONG_FUZZ_EXAMPLES", "100")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip

# Characters that stress normalize: widths, scripts, spaces, breaks, page markers, digits.
NORMALIZE_CHARS = st.sampled_from(
    list("一二三四五六七八九十、（）()，,。.；;：:！？“”《》—-～~ 　\t\r\n0123456789０１２３ＡＢabc")
    + list("國務院質檢總局发展改革委开展加强监管第页共负责牵头参加由要等")
)
LEXICON = load_lexicon()
BODIES = sorted(LEXICON.alias_index)
ROLE_WORDS = sorted(p for p in LEXICON.roles if p.strip())
WORDS = (
    "加强 开展 推进 完善 建立 组织实施 贯彻实施 严格 质量 监管 工作 体系 由 要 会同 年内完成 2019年底前 下同 "
    "国務院 質檢總局 地方各级人民政府 有关部门 市场监管局 以质量为重点 在监管中"
).split()
FRAGMENTS = st.one_of(
    st.sampled_from(
        ["一、", "二、", "十二、", "（一）", "（二）", "1.", "2、", "（1）", "①", "②", "\n", "\n\n"]
    ),
    st.sampled_from(BODIES),
    st.sampled_from(ROLE_WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(list("，。；、：（）“”《》 ")),
    # Whole lists, 由A负责 and subjects, so that the mixes often assign something.
    st.builds(
        lambda names, sep, role, tail: f"（{sep.join(names)}{role}{tail}）",
        st.lists(st.sampled_from(BODIES), min_size=1, max_size=4),
        st.sampled_from(["、", "，", "和", "及", ""]),
        st.sampled_from([*ROLE_WORDS, ""]),
        st.sampled_from(["", "，列第一位者为牵头部门", "，下同", "，年内完成", "；完成时限：2019年底前"]),
    ),
    st.builds(lambda a, b: f"由{a}会同{b}负责", st.sampled_from(BODIES), st.sampled_from(BODIES)),
    st.builds(lambda a: f"\n{a}要", st.sampled_from(BODIES)),
)
PLANS = st.lists(FRAGMENTS, min_size=1, max_size=80).map("".join)


@FUZZ
@given(st.text(NORMALIZE_CHARS, min_size=1, max_size=300))
def test_normalize_offsets_map_back(text: str) -> None:
    try:
        decoded = decode_text(text)
    except FengongError:
        return  # blank input
    norm = normalize(decoded, LEXICON)
    check_normalized(norm)


@FUZZ
@given(st.one_of(st.text(NORMALIZE_CHARS, min_size=1, max_size=300), PLANS))
def test_structure_never_raises(text: str) -> None:
    try:
        decoded = decode_text(text)
    except FengongError:
        return
    norm = normalize(decoded, LEXICON)
    check_outline(structure(norm, LEXICON), norm.text)


@FUZZ
@given(text=PLANS)
def test_process_on_plan_fragments(text: str, resources: Resources) -> None:
    try:
        result = process(decode_text("一、" + text), resources)  # opens a unit: reaches assign
    except FengongError:
        return
    check_result(result)


# Ten names of 51 characters with their 、: a run of names that outgrows the scan's first window
# (FIRST_SCAN_WINDOW, 64 characters).
TEN = ["工业和信息化部", "住房城乡建设部", "国家发展改革委", "财政部", "商务部", "农业部", "教育部", "科技部", "公安部", "民政部"]


def _run(names: list[str]) -> list[tuple[str, str]]:
    """The items of ``names`` joined by 、, as a scan reads them: each name, then its separator."""
    items = [("body", names[0])]
    for name in names[1:]:
        items += [("separator", "、"), ("body", name)]
    return items


@pytest.mark.parametrize(("text", "expected"), [
    # A run of twelve names past the first window: read to its role word and the comma after it.
    ("、".join(TEN) + "、司法部、审计署负责，加强监管工作",
     [*_run([*TEN, "司法部", "审计署"]), ("role", "负责"), ("separator", "，")]),
    # A name the lexicon lacks across the window's edge (characters 60 to 66) is read whole.
    ("、".join(TEN) + "、司法部、县农业农村局负责，开展工作",
     [*_run([*TEN, "司法部", "县农业农村局"]), ("role", "负责"), ("separator", "，")]),
    # A deadline label across the edge (61 to 66): its deadline runs to the next ；.
    ("、".join(TEN) + "、市场监管总局负责；完成时限：2019年12月底前；加强监管",
     [*_run([*TEN, "市场监管总局"]), ("role", "负责"), ("separator", "；"), ("deadline_label", "完成时限："),
      ("deadline", "2019年12月底前"), ("separator", "；")]),
    # A short run ends long before the window does.
    ("质检总局牵头，" + "开展质量监督抽查" * 20, [("body", "质检总局"), ("role", "牵头"), ("separator", "，")]),
])  # fmt: skip
def test_a_scan_that_stops_at_text_reads_the_run_whole(text: str, expected: list[tuple[str, str]]) -> None:
    items = scan_names(LEXICON, TextSlice(text, 0, len(text)), stop_at_text=True)
    assert [(it.kind, it.text) for it in items] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("由质检总局会同财政部负责开展质量监管", [("质检总局", "lead"), ("财政部", "participant")]),  # §5, A会同B
    ("由质检总局和财政部开展，由商务部牵头，公安部配合", [("商务部", "lead"), ("公安部", "participant")]),
    ("开展工作，由财政部、商务部负责", [("财政部", "responsible"), ("商务部", "responsible")]),
    ("由质检总局开展工作", []),  # no role word after the bodies: not an agent clause
    ("由x由财政部牵头开展", [("财政部", "lead")]),  # the first 由 reads no name
    ("由由质检总局负责开展", [("质检总局", "responsible")]),
    # The first scan reads the second 由 and fails at 开展工作: that 由 is skipped, the third is read.
    ("由质检总局、由财政部开展工作，由工业和信息化部负责", [("工业和信息化部", "responsible")]),
])  # fmt: skip
def test_agent_roles_in_a_measure(text: str, expected: list[tuple[str, str]]) -> None:
    """由A负责 inside a measure (codebook §5, Running text), the 由s a failed scan read skipped."""
    from pipeline.stages.assign.roles import _Assigner
    from pipeline.types import Detection, Header, Measure

    norm = normalize(decode_text("一、" + text), LEXICON)
    assigner = _Assigner(norm, Outline("t", Header(), [], [], [], 0), Detection("t", []), LEXICON)
    m = Measure("m0001", "1", "", "", 2, len(norm.text), norm.text[2:], "", [], "")
    assert [(r.item.text, r.role) for r in assigner._agent_roles(m)] == expected


def test_separators_before_a_subject_word_name_nobody(resources: Resources) -> None:
    """、、要… opens with separators only: not a subject (hypothesis found it raising IndexError)."""
    result = process(decode_text("一、加强质量管理。、、要加强监督。"), resources)
    check_result(result)
    assert result.assignments.assignments == []
    assert subject_end(resources.lexicon, "、、要加强管理", 0, 7) is None
