"""Runs for the HTML report's tests: the corpus, a plan with markup in its text, a 200-measure plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS

HEADER = """国务院办公厅关于印发{title}的通知
国办发〔2019〕{number}号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
《{title}》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2019年3月1日
{title}
"""
# Markup in a plan's text is data: it must show as text and never run.
EVIL = HEADER.format(title="测试行动计划", number=3) + """一、加强<script>window.__pwned=1</script>质量监管。开展<img src=x onerror="window.__pwned=2">专项整治。（质检总局牵头，工业和信息化部、火星开发委员会参加）
二、完善统计制度。建立"<b>加粗</b>"监测体系。
三、推进标准化建设。（发展改革委、财政部负责，2019年底前完成）
"""
NUMERALS = "一二三四五六七八九十"
VERBS = ("加强", "推进", "完善", "建立", "开展")


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十."""
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


def big_plan(sections: int = 20, per_section: int = 10) -> str:
    """A plan of ``sections × per_section`` measures, each section ending with a list of four bodies."""
    lines = [HEADER.format(title="大型测试行动计划", number=4)]
    for s in range(1, sections + 1):
        measures = "".join(f"{VERBS[(s + i) % len(VERBS)]}第{s}组第{i}类重点产品质量工作。" for i in range(1, per_section + 1))
        lines.append(f"{numeral(s)}、强化第{s}组质量监管。{measures}（质检总局牵头，工业和信息化部、财政部、商务部参加）\n")
    return "".join(lines)


def fengong(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the command line as a user would."""
    exe = Path(sys.executable).with_name("fengong")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=cwd)


def report_run(tmp: Path, *, big: bool = False) -> Path:
    """``fengong extract`` on the corpus and the plan with markup (and the big plan) ``--report``."""
    inputs = tmp / "inputs"
    inputs.mkdir()
    (inputs / "evil.txt").write_text(EVIL, encoding="utf-8")
    if big:
        (inputs / "big.txt").write_text(big_plan(), encoding="utf-8")
    out = tmp / "run"
    res = fengong("extract", str(CORPUS), str(inputs), "--out", str(out), "--jobs", "1", "--no-excel", "--report")
    assert res.returncode == 0, res.stderr
    assert (out / "report" / "index.html").is_file(), res.stderr
    return out
