"""The text layer of OFD files (pipeline/io/ofd.py), on packages written here by hand.

Their XML follows GB/T 33190-2016: OFD.xml → DocBody/DocRoot → Document.xml (CommonData,
Pages/Page@BaseLoc) → each page's Content.xml, Layer/TextObject/TextCode.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.errors import FengongError
from pipeline.io.ofd import ofd_text

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
OFD_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {NS} Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo><ofd:DocID>6f1c</ofd:DocID><ofd:Title>行动计划</ofd:Title></ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
  </ofd:DocBody>
</ofd:OFD>"""
DOCUMENT_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {NS}>
  <ofd:CommonData>
    <ofd:MaxUnitID>40</ofd:MaxUnitID>
    <ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
    <ofd:PublicRes>PublicRes.xml</ofd:PublicRes>
    <ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>
  </ofd:CommonData>
  <ofd:Pages>
    <ofd:Page ID="3" BaseLoc="Pages/Page_0/Content.xml"/>
    <ofd:Page ID="4" BaseLoc="Pages/Page_1/Content.xml"/>
  </ofd:Pages>
</ofd:Document>"""


def _text(id_: int, box: str, code: str, size: float = 5.6) -> str:
    return f'<ofd:TextObject ID="{id_}" Boundary="{box}" Font="9" Size="{size}">{code}</ofd:TextObject>'


def _page(*objects: str, template: str = "", encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<ofd:Page {NS}>{template}'
        f'<ofd:Content><ofd:Layer ID="10">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


# Page 1: a title in one TextCode; a line written one character per object (as some producers
# do); a table row of three cells on one baseline; two lines in one object (Y changes, X kept).
PAGE_0 = _page(
    _text(11, "40 30 130 10", '<ofd:TextCode X="0" Y="7" DeltaX="g 7 5.6">关于印发行动计划的通知</ofd:TextCode>'),
    *(_text(20 + i, f"{25 + 5.6 * i} 50 6 8", f'<ofd:TextCode X="0" Y="5">{ch}</ofd:TextCode>') for i, ch in enumerate("一、加强组织领导")),
    _text(30, "25 70 10 8", '<ofd:TextCode X="0" Y="5">1</ofd:TextCode>'),
    _text(31, "45 70 60 8", '<ofd:TextCode X="0" Y="5" DeltaX="5.6 5.6 5.6 5.6">推进数字政府</ofd:TextCode>'),
    _text(32, "120 70 50 8", '<ofd:TextCode X="0" Y="5">省发展改革委</ofd:TextCode>'),
    '<ofd:PageBlock ID="33">'
    + _text(34, "25 90 160 20", '<ofd:TextCode X="0" Y="5">（一）完善制度。</ofd:TextCode><ofd:TextCode Y="12">（二）强化保障。</ofd:TextCode>')
    + "</ofd:PageBlock>",
    template='<ofd:Template TemplateID="2" ZOrder="Background"/>',
)
TEMPLATE = _page(_text(12, "100 280 20 8", '<ofd:TextCode X="0" Y="5">内部资料</ofd:TextCode>', size=3.5))
# Page 2, as a Chinese producer may write it: GB2312, and drawn twice for bold.
PAGE_1 = _page(
    _text(40, "25 30 160 10", '<ofd:TextCode X="0" Y="7">各地区各部门要高度重视。</ofd:TextCode>'),
    _text(41, "25.1 30 160 10", '<ofd:TextCode X="0" Y="7">各地区各部门要高度重视。</ofd:TextCode>'),
    encoding="GB2312",
)
EXPECTED = [
    "内部资料",
    "关于印发行动计划的通知",
    "一、加强组织领导",
    "1 推进数字政府 省发展改革委",
    "（一）完善制度。",
    "（二）强化保障。",
    "各地区各部门要高度重视。",
]


def _ofd(parts: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()


def _parts(changes: dict[str, str | bytes | None] | None = None) -> dict[str, str | bytes]:
    """The package's parts, with ``changes`` (None: the part removed)."""
    parts: dict[str, str | bytes] = {
        "OFD.xml": OFD_XML,
        "Doc_0/Document.xml": DOCUMENT_XML,
        "Doc_0/Tpls/Tpl_0/Content.xml": TEMPLATE,
        "Doc_0/Pages/Page_0/Content.xml": PAGE_0,
        "Doc_0/Pages/Page_1/Content.xml": PAGE_1.encode("gb2312"),
    }
    for name, value in (changes or {}).items():
        if value is None:
            parts.pop(name)
        else:
            parts[name] = value
    return parts


def test_pages_and_lines_in_order():
    assert ofd_text(_ofd(_parts()), "plan.ofd").split("\n") == EXPECTED


def test_without_namespace_and_with_root_relative_locations():
    bare = {name: (c.decode("gb2312") if isinstance(c, bytes) else c).replace("ofd:", "").replace(f" {NS}", "") for name, c in _parts().items()}
    bare["Doc_0/Document.xml"] = bare["Doc_0/Document.xml"].replace('BaseLoc="Pages/', 'BaseLoc="/Doc_0/Pages/')
    bare["Doc_0/Pages/Page_1/Content.xml"] = bare["Doc_0/Pages/Page_1/Content.xml"].replace("GB2312", "UTF-8")
    assert ofd_text(_ofd(bare), "plan.ofd").split("\n") == EXPECTED


@pytest.mark.parametrize(
    ("data", "code", "detail"),
    [
        (b"PK not really", "E004", "not an OFD file (not a zip)"),
        (_ofd({"Doc_0/Document.xml": DOCUMENT_XML}), "E004", "not an OFD file (no OFD.xml)"),
        (_ofd(_parts({"Doc_0/Pages/Page_1/Content.xml": None})), "E005", "OFD part Pages/Page_1/Content.xml is missing"),
        (_ofd(_parts({"Doc_0/Document.xml": "<ofd:Document"})), "E005", "OFD part Doc_0/Document.xml is damaged"),
        (_ofd(_parts({"Doc_0/Pages/Page_0/Content.xml": _page(), "Doc_0/Pages/Page_1/Content.xml": _page(),
                     "Doc_0/Tpls/Tpl_0/Content.xml": _page()})), "E004", "OFD has no text layer (scanned?)"),  # fmt: skip
    ],
)
def test_errors_are_one_line(data, code, detail):
    with pytest.raises(FengongError) as err:
        ofd_text(data, "in/plan.ofd")
    assert err.value.code == code and detail in str(err.value) and "\n" not in str(err.value)


def test_a_missing_template_loses_only_its_text():
    lines = ofd_text(_ofd(_parts({"Doc_0/Tpls/Tpl_0/Content.xml": None})), "plan.ofd").split("\n")
    assert lines == EXPECTED[1:]


def test_unpacked_size_limit():
    data = _ofd(_parts({"Doc_0/Pages/Page_1/Content.xml": (PAGE_1 + " " * 200_000).encode("gb2312")}))
    with pytest.raises(FengongError) as err:
        ofd_text(data, "in/big.ofd", max_bytes=100_000)
    assert err.value.code == "E014"
    assert ofd_text(data, "in/big.ofd", max_bytes=1_000_000).endswith("各地区各部门要高度重视。")


def test_entities_are_not_expanded():
    bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "计划计划计划计划">]>' + PAGE_1.split("?>", 1)[1].replace("各地区", "&a;")
    text = ofd_text(_ofd(_parts({"Doc_0/Pages/Page_1/Content.xml": bomb})), "plan.ofd")
    assert "计划计划" not in text
