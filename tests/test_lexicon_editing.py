"""Issue 16, item 4: lexicons edited in a spreadsheet, and ``--lexicons DIR`` on every command.

Excel saves a CSV as UTF-8 with a byte-order mark ("CSV UTF-8") or in the system's code page
(GBK on a Chinese Windows): both must be read. A file in neither encoding, or a pattern that is
not a regular expression, must be refused in one line naming the file and the line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import FengongError
from pipeline.lexicon.model import LEXICON_DIR, load_lexicon

from .conftest import ROOT

NEW_BODY = "testbureau,国家测试总局,测试总局,National Testing Administration,bureau,,2015,,,added in a test\n"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, folder)
    return folder


def _with_new_body(folder: Path, encoding: str) -> None:
    path = folder / "agencies.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_bytes(text.replace("\r\n", "\n").encode(encoding) + NEW_BODY.encode(encoding.replace("-sig", "")))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_a_body_added_in_excel_is_read(tmp_path, encoding):
    folder = _copy(tmp_path)
    try:
        _with_new_body(folder, encoding)
    except UnicodeEncodeError:
        pytest.skip(f"agencies.csv has a name {encoding} cannot write")
    lex = load_lexicon(folder)
    assert lex.resolve("测试总局", 2020).body.id == "testbureau"
    assert len(lex.bodies) == len(load_lexicon().bodies) + 1


def test_every_lexicon_file_may_have_a_bom(tmp_path):
    folder = _copy(tmp_path)
    for path in folder.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    assert load_lexicon(folder).version != ""
    assert len(load_lexicon(folder).roles) == len(load_lexicon().roles)


def test_undecodable_lexicon_names_file_and_line(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "verbs.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = b"\xff\xfe\xff" + lines[3]  # line 4 of the file: neither UTF-8 nor GB18030
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(FengongError) as err:
        load_lexicon(folder)
    assert "verbs.csv" in err.value.line() and "line 4" in err.value.line()


@pytest.mark.parametrize(("name", "column"), [("body_patterns.csv", "kind"), ("levels.csv", "level"),
                                              ("list_conventions.csv", "kind"), ("deadlines.csv", "edge")])
def test_bad_regular_expression_names_file_and_line(tmp_path, name, column):
    folder = _copy(tmp_path)
    path = folder / name
    text = path.read_text(encoding="utf-8-sig").rstrip("\n")
    n_lines = text.count("\n") + 1
    header = text.split("\n")[0].split(",")
    row = ["" for _ in header]
    row[header.index("pattern")], row[header.index(column)] = "(省", "x"
    path.write_text(text + "\n" + ",".join(row) + "\n", encoding="utf-8")
    with pytest.raises(FengongError) as err:
        load_lexicon(folder)
    line = err.value.line()
    assert name in line and f"line {n_lines + 1}" in line and "\n" not in line
    out = _cli("lexicon", "validate", "--lexicons", str(folder))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and name in out.stderr and f"line {n_lines + 1}" in out.stderr


def test_missing_lexicon_file_is_one_line(tmp_path):
    folder = _copy(tmp_path)
    (folder / "levels.csv").unlink()
    out = _cli("lexicon", "lookup", "质检总局", "--lexicons", str(folder))
    assert out.returncode == 2 and "Traceback" not in out.stderr and "levels.csv" in out.stderr


def test_lexicons_option_on_every_command(tmp_path):
    folder = _copy(tmp_path)
    _with_new_body(folder, "utf-8")
    assert _cli("lexicon", "lookup", "测试总局").returncode == 1  # the project's lexicons lack it
    found = _cli("lexicon", "lookup", "测试总局", "--lexicons", str(folder))
    assert found.returncode == 0 and "国家测试总局" in found.stdout
    valid = _cli("lexicon", "validate", "--lexicons", str(folder))
    assert valid.returncode == 0 and f"{len(load_lexicon().bodies) + 1} bodies" in valid.stdout
    plan = tmp_path / "plan.txt"
    plan.write_text("2020年测试工作方案\n一、加强测试\n1.完善测试标准体系。（测试总局负责）\n", encoding="utf-8")
    out = tmp_path / "out"
    staged = _cli("stage", "assign", str(plan), "--out", str(out), "--lexicons", str(folder))
    assert staged.returncode == 0, staged.stderr
    assert "国家测试总局" in (out / "plan" / "stages" / "assign.json").read_text(encoding="utf-8")
    for command in ("figures", "stage"):
        assert "--lexicons" in _cli(command, "--help").stdout


def test_a_run_separator_must_be_a_separator_of_roles_csv(tmp_path):
    """document_words.csv run_separator names the separator runs of names share endings over (、);
    one that roles.csv does not declare a separator is reported."""
    from pipeline.lexicon.validate import validate

    folder = _copy(tmp_path)
    with (folder / "document_words.csv").open("a", encoding="utf-8") as f:
        f.write("\n·,run_separator,\n")
    assert validate(load_lexicon(folder)) == ["document_words.csv: run_separator '·' is no separator of roles.csv"]


def test_a_framing_position_must_be_known(tmp_path):
    """framing.csv's position is any, nonfinal or nonfinal_noun; a typo is reported, not read as any."""
    from pipeline.lexicon.validate import validate

    folder = _copy(tmp_path)
    with (folder / "framing.csv").open("a", encoding="utf-8") as f:
        f.write("借助,,nonfinl,\n")
    assert validate(load_lexicon(folder)) == [
        "framing.csv: 借助: unknown position 'nonfinl' (any, nonfinal, nonfinal_noun, nonfinal_verb)"]
