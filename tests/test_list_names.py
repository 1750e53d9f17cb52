"""Hand-labelled tests of how the names of a list are read (codebook §5, §6): a list that a label
opens, offices named …室, and enterprises that share one branch.

Every text is invented for its test; the expected rows are read off the codebook by hand.
"""

from __future__ import annotations

from .conftest import triples


def test_a_label_makes_a_list_even_when_its_names_cannot_be_read(run_text):
    # Two of the three names are unknown shapes; the label still says this is a list, so it is
    # never a measure, and what it could not read is flagged and warned about.
    r = run_text("一、加强督查\n（一）加强督查考核。纳入年度综合考核，定期通报进展。（责任单位：市考绩办、XX、YY）\n")
    assert set(r.measures_df["text"]) == {"纳入年度综合考核", "定期通报进展"}
    assert triples(r) == {("1.1", "市考绩办", "responsible")}
    assert {f.replace("|unknown_place", "") for f in r.assignments_df["flags"]} == {"partial_list"}  # no place shown
    assert any("not read: XX, YY" in w for w in r.document["warnings"])


def test_offices_named_shi_are_local_bodies(run_text):
    r = run_text("一、加强督查\n（一）加强督查考核。定期通报进展。（责任单位：市委督查室、市政府督查室、市考绩办）\n")
    assert triples(r) == {("1.1", "市委督查室", "responsible"), ("1.1", "市政府督查室", "responsible"),
                          ("1.1", "市考绩办", "responsible")}  # fmt: skip
    assert set(r.assignments_df["body_kind"]) == {"local"}


def test_enterprises_named_before_one_branch_share_it(run_text):
    r = run_text("一、加快网络建设\n（一）推进基站建设。新建5G基站100个。【牵头单位：市通信管理办；"
                 "配合单位：中国移动、中国联通、中国电信洛阳分公司】\n"
                 "（二）推进光纤入户。提升宽带速率。（县经信局、中国移动、中国电信）\n")
    a = r.assignments_df
    first = a[a["path"] == "1.1"]
    assert list(zip(first["raw"], first["body"], first["role"])) == [
        ("市通信管理办", "市通信管理办", "lead"),
        ("中国移动", "中国移动洛阳分公司", "participant"),
        ("中国联通", "中国联通洛阳分公司", "participant"),
        ("中国电信洛阳分公司", "中国电信洛阳分公司", "participant"),
    ]
    # Without a branch after them the names are the groups themselves.
    second = a[a["path"] == "1.2"]
    assert set(second["body"]) == {"县经信局", "中国移动通信集团有限公司", "中国电信集团有限公司"}
