"""Inputs: every file under a folder in the manifest, legacy .doc refused, the size limit on
the text unpacked from Word and PDF files, sizes in MB."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import FengongError
from pipeline.io.inputs import collect
from pipeline.io.pdf import pdf_to_text
from pipeline.io.readers import read_input
from pipeline.run.batch import RunOptions, run_batch

from .conftest import CORPUS, ROOT

PLAN = CORPUS / "dev" / "2016-ipr-enforcement-points.txt"


def test_every_file_under_a_folder_is_in_the_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub" / ".git").mkdir(parents=True)
    shutil.copy(PLAN, folder / "plan.txt")
    files = {"picture.png": b"\x89PNG", "slides.pptx": b"PK", ".DS_Store": b"x", "README": b"read me",
             "sub/.git/config": b"[core]", "sub/notes": b"\xff\xfe"}  # fmt: skip
    for name, data in files.items():
        (folder / name).write_bytes(data)
    manifest = run_batch([str(folder)], RunOptions(out=tmp_path / "out", quiet=True))
    rows = {Path(s).relative_to(folder).as_posix(): (st, msg) for s, st, msg in
            zip(manifest["source"], manifest["status"], manifest["message"])}  # fmt: skip
    assert set(rows) == {"plan.txt", *files}
    assert rows["plan.txt"][0] == "ok"
    for name in ("picture.png", "slides.pptx", ".DS_Store", "README", "sub/.git/config"):
        status, message = rows[name]
        assert status == "skipped" and message, name
    assert "unsupported format" in rows["picture.png"][1] and ".png" in rows["picture.png"][1]
    assert "hidden" in rows[".DS_Store"][1] and "hidden" in rows["sub/.git/config"][1]
    assert rows["sub/notes"][0] == "error"  # a file without extension is read as text, and refused
    skipped = manifest[manifest["status"] == "skipped"]
    assert (skipped["doc_id"] == "").all()  # a file not read names no document


def test_a_folder_of_nothing_readable_is_still_an_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "picture.png").write_bytes(b"\x89PNG")
    jobs = collect([str(tmp_path / "in")])
    assert "[E002]" in jobs[0].error and jobs[1].skip


def test_a_damaged_legacy_doc_is_one_error_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    # A .doc is converted by LibreOffice (pipeline/io/convert.py); one it cannot load is an error
    # for that file alone. tests/test_convert.py reads .doc files that convert.
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: make install installs it as root")
    doc = tmp_path / "in" / "plan.doc"
    doc.parent.mkdir()
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    shutil.copy(PLAN, doc.parent / "other.txt")
    with pytest.raises(FengongError) as info:
        read_input(doc)
    assert info.value.code == "E021" and "\n" not in str(info.value)
    manifest = run_batch([str(doc.parent)], RunOptions(out=tmp_path / "out", quiet=True))
    status = dict(zip(manifest["source"].map(lambda s: Path(s).name), manifest["status"]))
    assert status == {"plan.doc": "error", "other.txt": "ok"}


def _docx_bomb(unpacked: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * unpacked)
    return buf.getvalue()


def test_a_small_zip_bomb_is_refused_not_read(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_bomb(30 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(FengongError) as info:
        read_input(path)  # the default limit, 20 MB
    assert info.value.code == "E014" and "20 MB" in str(info.value)


def test_a_pdf_with_a_text_layer_over_the_limit_is_refused() -> None:
    from .test_formats import build_pdf

    line = "Measure " * 12
    data = build_pdf([[line] * 25 for _ in range(6)])
    text = pdf_to_text(io.BytesIO(data), "big.pdf")
    limit = len(text.encode("utf-8")) // 3
    with pytest.raises(FengongError) as info:
        pdf_to_text(io.BytesIO(data), "big.pdf", max_bytes=limit)
    assert info.value.code == "E014" and "text layer" in str(info.value)


def test_the_unpacked_text_of_word_is_held_to_the_limit(tmp_path: Path) -> None:
    from pipeline.io.readers import ReadOptions, decode

    from .test_formats import PLAN_LINES, build_docx

    data = build_docx(PLAN_LINES * 40)
    decoded = decode(data, "plan.docx", suffix=".docx")
    size = len(decoded.text.encode("utf-8"))
    with pytest.raises(FengongError) as info:
        decode(data, "plan.docx", suffix=".docx", options=ReadOptions(max_bytes=size - 1))
    assert info.value.code == "E014"


def test_size_errors_are_in_megabytes(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("一、加强质量监管。（质检总局负责）\n" * 40_000, encoding="utf-8")
    with pytest.raises(FengongError) as info:
        read_input(huge, max_bytes=512 * 1024)
    message = str(info.value)
    assert info.value.code == "E006" and "bytes" not in message
    assert "over the limit of 0.5 MB" in message and "1.98 MB" in message  # 2,080,000 bytes


def test_max_size_on_the_command_line_is_in_megabytes(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("一、加强质量监管。（质检总局负责）\n" * 40_000, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(huge), "--out", str(tmp_path / "o"),
                           "--max-size", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 1 and "limit of 1 MB" in proc.stderr and "bytes" not in proc.stderr
    manifest = pd.read_csv(tmp_path / "o" / "manifest.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "[E006]" in manifest["message"].iloc[0]


def test_a_file_named_twice_is_one_input(tmp_path: Path) -> None:
    # Named twice, or once through a symbolic link, a file is read once (the first name counts);
    # a hard link is a name of its own, as a copy is.
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PLAN, folder / "plan.txt")
    (tmp_path / "link.txt").symlink_to(folder / "plan.txt")
    (tmp_path / "hard.txt").hardlink_to(folder / "plan.txt")
    names = [str(folder / "plan.txt"), str(folder), str(tmp_path / "link.txt"), str(tmp_path / "hard.txt")]
    jobs = [job for job in collect(names) if job.is_document]
    assert [Path(job.source).name for job in jobs] == ["plan.txt", "hard.txt"]
