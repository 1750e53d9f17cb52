"""Legacy office files (.doc, .wps, .rtf, .xls, .et) converted by LibreOffice (pipeline/io/convert.py).

The inputs are made here: a .docx (python-docx) and an .xlsx (xlsxwriter) with merged cells,
saved by soffice itself as .doc, .rtf and .xls; a .doc renamed .wps and an .xls renamed .et
stand for WPS Office's files (Word-97- and BIFF8-like compound files). Converted back, the
paragraphs, cells and merged ranges written here must survive.
"""

from __future__ import annotations

import io
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from pipeline.errors import FengongError
from pipeline.io import convert as convert_module
from pipeline.io.convert import ConvertOptions, convert, soffice_available

from .conftest import ROOT

needs_soffice = pytest.mark.skipif(
    soffice_available() is not None, reason=f"LibreOffice is not installed: {soffice_available()}"
)

PARAGRAPHS = ["关于印发行动计划的通知", "一、加强组织领导。", "各地区各部门要高度重视。"]
# The table as written: 3 x 3, the first column's last two cells merged down, the first row's
# last two merged across.
GRID = [["序号", "牵头单位", "牵头单位"], ["1", "省发展改革委", "省财政厅"], ["1", "省教育厅", "省科技厅"]]
SHEET = "任务分工"
ROWS = [("序号", "重点任务", "牵头单位"), ("1", "推进数字政府建设", "省政务服务数据管理局"), (None, "完善统计制度", None)]


def _docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph(PARAGRAPHS[0])
    doc.add_paragraph(PARAGRAPHS[1])
    table = doc.add_table(rows=3, cols=3)
    for r, c, text in [(1, 1, "省发展改革委"), (1, 2, "省财政厅"), (2, 1, "省教育厅"), (2, 2, "省科技厅")]:
        table.cell(r, c).text = text
    table.cell(0, 0).text = "序号"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "牵头单位"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
    doc.add_paragraph(PARAGRAPHS[2])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(SHEET)
    sheet.write_row(0, 0, ROWS[0])
    sheet.merge_range(1, 0, 2, 0, "1")  # A2:A3
    sheet.write(1, 1, ROWS[1][1])
    sheet.write(2, 1, ROWS[2][1])
    sheet.merge_range(1, 2, 2, 2, ROWS[1][2])  # C2:C3
    book.close()
    return out.getvalue()


def _soffice_save(data: bytes, suffix: str, fmt: str, folder: Path) -> bytes:
    """A file saved as ``fmt`` by soffice itself (the test's inputs), in a profile of its own."""
    src = folder / f"made{suffix}"
    src.write_bytes(data)
    profile = (folder / f"profile-{fmt}").as_uri()
    cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir", str(folder), str(src)]
    subprocess.run(cmd, capture_output=True, timeout=180, check=True)
    return (folder / f"made.{fmt}").read_bytes()


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The test inputs by suffix: .doc, .rtf, .xls, and .wps/.et (a .doc and an .xls renamed)."""
    if soffice_available() is not None:
        pytest.skip(f"LibreOffice is not installed: {soffice_available()}")
    folder = tmp_path_factory.mktemp("legacy")
    word, book = _docx(), _xlsx()
    files = {
        ".doc": _soffice_save(word, ".docx", "doc", folder),
        ".rtf": _soffice_save(word, ".docx", "rtf", folder),
        ".xls": _soffice_save(book, ".xlsx", "xls", folder),
    }
    assert files[".doc"].startswith(b"\xd0\xcf\x11\xe0") and files[".xls"].startswith(b"\xd0\xcf\x11\xe0")
    assert files[".rtf"].startswith(b"{\\rtf")
    return files | {".wps": files[".doc"], ".et": files[".xls"]}


def _grid(data: bytes) -> tuple[list[str], list[list[str]], set[tuple[int, int, int, int]]]:
    """A .docx's paragraphs, its one table's cell texts by grid place, and its merged cells as
    (row, col, rowspan, colspan) of each cell that spans more than one place."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    (table,) = doc.tables
    texts = [[table.cell(r, c).text for c in range(3)] for r in range(3)]
    spans = set()
    for r in range(3):
        for c in range(3):
            tc = table.cell(r, c)._tc
            places = [(rr, cc) for rr in range(3) for cc in range(3) if table.cell(rr, cc)._tc is tc]
            if len(places) > 1 and places[0] == (r, c):
                rows, cols = {p[0] for p in places}, {p[1] for p in places}
                spans.add((r, c, len(rows), len(cols)))
    return [p.text for p in doc.paragraphs if p.text], texts, spans


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".wps"])
def test_word_files_keep_paragraphs_cells_and_merges(legacy, suffix, tmp_path):
    paragraphs, texts, spans = _grid(convert(legacy[suffix], suffix, f"in/plan{suffix}", "docx", ConvertOptions(cache_dir=tmp_path)))
    assert paragraphs == PARAGRAPHS
    assert texts == GRID
    assert spans == {(0, 1, 1, 2), (1, 0, 2, 1)}


@needs_soffice
@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_workbooks_keep_cells_and_merged_ranges(legacy, suffix, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(convert(legacy[suffix], suffix, f"in/tasks{suffix}", "xlsx", ConvertOptions(cache_dir=tmp_path))))
    assert book.sheetnames == [SHEET]
    sheet = book[SHEET]
    assert [tuple(c.value for c in row) for row in sheet.iter_rows(max_col=3)] == ROWS
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A2:A3", "C2:C3"}


@needs_soffice
def test_html_saved_as_doc_is_converted_too(tmp_path):
    # Sites serve HTML pages as .doc; opened as HTML, LibreOffice has no default .docx export.
    html = "<html><body><p>一、加强组织领导。</p><table><tr><td>牵头单位</td><td>省财政厅</td></tr></table></body></html>"
    from docx import Document

    doc = Document(io.BytesIO(convert(html.encode("utf-8"), ".doc", "page.doc", "docx", ConvertOptions(cache_dir=tmp_path))))
    assert "一、加强组织领导。" in [p.text for p in doc.paragraphs]
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["牵头单位", "省财政厅"]


class _Recorder:
    """subprocess.Popen, counting the runs and keeping their commands."""

    def __init__(self) -> None:
        self.commands: list[list[str]] = []
        self.pids: list[int] = []
        self.lock = threading.Lock()
        self.real = subprocess.Popen

    def __call__(self, command: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        proc = self.real(command, **kwargs)
        with self.lock:
            self.commands.append(command)
            self.pids.append(proc.pid)
        return proc


@needs_soffice
def test_second_conversion_comes_from_the_cache(legacy, tmp_path, monkeypatch):
    runs = _Recorder()
    monkeypatch.setattr(convert_module.subprocess, "Popen", runs)
    first = convert(legacy[".doc"], ".doc", "a.doc", "docx", ConvertOptions(cache_dir=tmp_path))
    assert len(runs.commands) == 1
    start = time.monotonic()
    assert convert(legacy[".doc"], ".doc", "b.doc", "docx", ConvertOptions(cache_dir=tmp_path)) == first
    assert len(runs.commands) == 1 and time.monotonic() - start < 0.5
    # Written atomically: one file under its final name, no temporary file left.
    files = [p.name for p in (tmp_path / f"converted-{convert_module.CONVERT_FORMAT}").iterdir()]
    assert len(files) == 1 and files[0].endswith(".doc.docx") and not files[0].startswith(".")
    # The same bytes under another suffix, or for another target, are other entries.
    made: list[tuple[str, str]] = []
    monkeypatch.setattr(convert_module, "_run", lambda _s, job, _t: made.append((job.suffix, job.target)) or b"x")
    convert(legacy[".doc"], ".wps", "c.wps", "docx", ConvertOptions(cache_dir=tmp_path))
    convert(legacy[".doc"], ".doc", "d.doc", "xlsx", ConvertOptions(cache_dir=tmp_path))
    assert made == [(".wps", "docx"), (".doc", "xlsx")]


def test_default_cache_folder_follows_fengong_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FENGONG_CACHE", str(tmp_path / "fc"))
    assert convert_module.cache_root() == tmp_path / "fc"
    monkeypatch.delenv("FENGONG_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert convert_module.cache_root() == tmp_path / "xdg" / "fengong"


@needs_soffice
def test_timeout_kills_the_conversion(legacy, tmp_path, monkeypatch):
    runs = _Recorder()
    monkeypatch.setattr(convert_module.subprocess, "Popen", runs)
    with pytest.raises(FengongError) as err:
        convert(legacy[".doc"], ".doc", "in/slow.doc", "docx", ConvertOptions(timeout=0.05, cache_dir=tmp_path))
    assert err.value.code == "E020"
    assert str(err.value) == "in/slow.doc: [E020] LibreOffice did not finish converting it in 0.05 s"
    with pytest.raises(ProcessLookupError):  # the whole process group is gone, soffice.bin too
        os.killpg(runs.pids[0], 0)
    assert not (tmp_path / f"converted-{convert_module.CONVERT_FORMAT}").exists() or not any(
        (tmp_path / f"converted-{convert_module.CONVERT_FORMAT}").iterdir()
    )


@needs_soffice
def test_two_conversions_at_once_use_separate_profiles(legacy, tmp_path, monkeypatch):
    runs = _Recorder()
    monkeypatch.setattr(convert_module.subprocess, "Popen", runs)
    results: dict[str, bytes] = {}

    def work(suffix: str, target: str) -> None:
        results[suffix] = convert(legacy[suffix], suffix, f"p{suffix}", target, ConvertOptions(cache_dir=tmp_path))  # type: ignore[arg-type]

    threads = [threading.Thread(target=work, args=a) for a in ((".rtf", "docx"), (".et", "xlsx"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    profiles = {arg for command in runs.commands for arg in command if arg.startswith("-env:UserInstallation=")}
    assert len(runs.commands) == 2 and len(profiles) == 2
    assert _grid(results[".rtf"])[1] == GRID
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(results[".et"]))[SHEET]["B3"].value == "完善统计制度"


@needs_soffice
def test_a_damaged_file_is_one_line_error(legacy, tmp_path):
    with pytest.raises(FengongError) as err:
        convert(legacy[".doc"][:10000], ".doc", "in/cut.doc", "docx", ConvertOptions(cache_dir=tmp_path))
    assert err.value.code == "E021" and str(err.value).startswith("in/cut.doc: [E021] LibreOffice could not convert it")
    assert "\n" not in str(err.value)


def test_without_soffice_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui" in (soffice_available() or "")
    with pytest.raises(FengongError) as err:
        convert(b"\xd0\xcf\x11\xe0 a doc", ".wps", "in/plan.wps", "docx", ConvertOptions(cache_dir=tmp_path))
    assert err.value.code == "E019"
    line = str(err.value)
    assert line.startswith("in/plan.wps: [E019] .wps is read through LibreOffice") and "\n" not in line
    assert line.endswith("install LibreOffice: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")


def test_install_script_is_in_make_install_and_quick_when_installed():
    dry = subprocess.run(["make", "-n", "-B", "-C", str(ROOT), "install"], capture_output=True, text=True).stdout
    assert "sh scripts/install_system_tools.sh" in dry
    script = ROOT / "scripts" / "install_system_tools.sh"
    for package in ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "tesseract-ocr-chi-sim", "tesseract-ocr-chi-tra"):
        assert package in script.read_text(encoding="utf-8")
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split() if _has("tesseract") else []
    if soffice_available() is not None or not {"chi_sim", "chi_tra"} <= set(langs):
        pytest.skip("LibreOffice or Tesseract's Chinese models are not installed: the script would install them")
    start = time.monotonic()
    done = subprocess.run(["sh", str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == done.stderr == ""
    assert time.monotonic() - start < 5  # no apt-get when all is there


def _has(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None
