"""The HTML test pages: a city government's page with its layout tables (t06), a provincial
bureau's page with two task tables (t07), a long national table made to be printed (t11, and t12
as its PDF) and the short plan printed and scanned (t15)."""

from __future__ import annotations

import html

from . import content as c
from . import content_more as m
from .writers import html_table

_STYLE = """<style>
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 15px; }
table.task { border-collapse: collapse; width: 100%; }
table.task th, table.task td { border: 1px solid #333; padding: 4px 6px; vertical-align: middle; }
table.task tr { page-break-inside: avoid; }
</style>"""


def _p(lines: tuple[str, ...] | list[str]) -> str:
    """Each line as a ``<p>``."""
    return "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)


def _page(title: str, body: str) -> str:
    """A whole HTML page titled ``title`` around ``body``."""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"{_STYLE}\n</head>\n<body>\n{body}\n</body>\n</html>\n")  # fmt: skip


def t06_page() -> str:
    """A 济南市人民政府 page: a menu table, a breadcrumb, the 索引号 metadata table, and a frame
    table around the notice and the task table (rowspan on a lead cell, colspan section rows)."""
    menu = ("首页", "政务公开", "政务服务", "互动交流", "走进泉城")
    nav = '<table class="menu" width="100%"><tr>' + "".join(f'<td><a href="#">{x}</a></td>' for x in menu) + "</tr></table>"
    meta_rows = []
    for k1, v1, k2, v2 in c.T06_META:
        if k2:
            meta_rows.append(f"<tr><th>{k1}</th><td>{html.escape(v1)}</td><th>{k2}</th><td>{html.escape(v2)}</td></tr>")
        else:
            meta_rows.append(f'<tr><th>{k1}</th><td colspan="3">{html.escape(v1)}</td></tr>')
    meta = '<table class="xxgk" border="1" cellspacing="0">\n' + "\n".join(meta_rows) + "\n</table>"
    notice = _p(c.T06_NOTICE)
    frame = (f'<table class="frame" width="100%"><tr><td class="article">\n<div class="zoom">\n{notice}\n'
             f"{html_table(c.T06)}\n</div>\n</td></tr></table>")  # fmt: skip
    body = (f'<div class="top">{nav}</div>\n<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府文件 &gt; 市政府办公厅文件</div>\n'
            f"{meta}\n{frame}\n"
            '<div class="footer"><p>【打印本页】【关闭窗口】</p><p>主办单位：济南市人民政府办公厅　网站标识码：3701000002</p></div>')  # fmt: skip
    return _page(c.T06_NOTICE[0] + "_济南市人民政府", body)


def t07_page() -> str:
    """A 江苏省市场监督管理局 page: a menu list, the plan's title and preamble, then two prose
    headings, each with its task table (the second has no 序号 column)."""
    nav = '<ul class="nav"><li>首页</li><li>机构概况</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul>'
    title, lead = c.T07_BEFORE
    body = (f'{nav}\n<div class="article">\n<h1>{html.escape(title)}</h1>\n<p>{html.escape(lead)}</p>\n'
            f"<h3>{c.T07_HEAD1}</h3>\n{html_table(c.T07_A)}\n<h3>{c.T07_HEAD2}</h3>\n{html_table(c.T07_B)}\n</div>\n"
            '<div class="footer">版权所有：江苏省市场监督管理局</div>')  # fmt: skip
    return _page(title, body)


def t11_page() -> str:
    """The long national table (18 rows, the heading in ``<thead>``), made to be printed on A4."""
    widths = "".join(f"table.task th:nth-child({i}) {{ width: {w}%; }}\n" for i, w in enumerate((6, 44, 15, 22, 13), 1))
    body = (f"<style>\n{widths}</style>\n"
            f'<h2 style="text-align:center">{m.T11_TITLE}</h2>\n<p>{html.escape(m.T11_LEAD)}</p>\n'
            f"{html_table(m.T11)}")  # fmt: skip
    return _page(m.T11_TITLE, body)


def t15_page() -> str:
    """The short district plan set in a Song-style serif (as official documents are), to be
    printed and scanned; Tesseract reads 一、 in it (in the sans font it drops that stroke)."""
    title, *rest = m.T15_LINES
    body = (f'<div style="font-family: \'Noto Serif CJK SC\', serif; font-size:18px; line-height:1.9; margin:30px 40px">\n'
            f'<h2 style="text-align:center">{html.escape(title)}</h2>\n{_p(rest)}\n</div>')
    return _page(title, body)
