"""Legacy and Chinese office files converted by LibreOffice to the formats fengong reads.

Government sites publish .doc, .wps (WPS Writer), .rtf, .et (WPS Spreadsheets) and old .xls
attachments; fengong reads .docx and .xlsx itself, so the others go through
``soffice --headless --convert-to`` first. What LibreOffice 7.4 does with them (checked by
``tests/test_convert.py``):

- .wps is in the extension list of LibreOffice's ``writer_MS_Word_97`` type (as well as
  MS Works' and Mac Works'), and WPS Writer saves .wps as a Word-97-like compound file, so a
  .doc renamed .wps (the test's stand-in, no WPS-saved file being at hand) converts like the .doc;
- .et is in the extension list of ``calc_MS_Excel_97`` (WPS Spreadsheets saves a BIFF8-like
  compound file): an .xls renamed .et converts like the .xls;
- the type is found from the content, so an RTF or HTML page saved under .doc converts too
  (the export filter is named, because a page opened as HTML has no default .docx export);
- a damaged compound file fails to load (E021), but bytes that are no office format at all
  are imported as plain text, as LibreOffice does.

Each call has its own LibreOffice profile, so two workers convert at once, each in its own
soffice (with one profile, a second soffice hands its file to the running one, which may be
exiting), and its result is cached by the input's sha256, suffix and target.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import FengongError
from ..lexicon.cache import cache_dir

Target = Literal["docx", "xlsx"]

# The export filter by target, named so that any import (Word, RTF, HTML…) has one.
EXPORT_FILTERS: dict[str, str] = {"docx": "MS Word 2007 XML", "xlsx": "Calc Office Open XML"}
INSTALL = "install LibreOffice: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
CONVERT_FORMAT = 1  # bump when what a conversion gives changes (the filters, the options)


@dataclass(frozen=True)
class ConvertOptions:
    """How LibreOffice converts a file.

    Attributes:
        timeout: seconds LibreOffice may take; past them its process group is killed.
        cache_dir: the cache's folder; None for fengong's (:func:`cache_root`).
    """

    timeout: float = 120.0
    cache_dir: Path | None = None


DEFAULT_CONVERT = ConvertOptions()


@dataclass(frozen=True)
class _Conversion:
    """One file to convert.

    Attributes:
        data: the file's bytes.
        suffix: its suffix, lower case, or "" when it is no plain suffix.
        source: the file's name, for messages.
        target: ``"docx"`` or ``"xlsx"``.
    """

    data: bytes
    suffix: str
    source: str
    target: Target


def soffice_available() -> str | None:
    """Whether LibreOffice can convert here.

    Returns:
        None when ``soffice`` is on PATH, else the reason and what to install.
    """
    return None if shutil.which("soffice") else f"no soffice on PATH ({INSTALL})"


def cache_root() -> Path:
    """fengong's cache folder (``$FENGONG_CACHE``, else ``$XDG_CACHE_HOME/fengong`` or
    ``~/.cache/fengong``), the one the segmenter's caches use: :func:`pipeline.lexicon.cache.cache_dir`."""
    return cache_dir()


def convert(
    data: bytes,
    suffix: str,
    source: str,
    target: Target,
    options: ConvertOptions = DEFAULT_CONVERT,
) -> bytes:
    """An office file converted by LibreOffice to .docx or .xlsx.

    Args:
        data: the file's bytes.
        suffix: its suffix (``.doc``, ``.wps``…), which LibreOffice's type detection tries first.
        source: the file's name, for messages.
        target: ``"docx"`` or ``"xlsx"``.
        options: the timeout and the cache's folder (:class:`ConvertOptions`; by default
            120 seconds and fengong's cache).

    Returns:
        The converted file's bytes, from the cache when this input was converted before.

    Raises:
        FengongError: E019 without soffice, E020 past the timeout, E021 when LibreOffice
        cannot load or convert the file.
    """
    if target not in EXPORT_FILTERS:
        raise ValueError(f"target must be one of {sorted(EXPORT_FILTERS)}, not {target!r}")
    suffix = suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix) else ""
    digest = hashlib.sha256(data).hexdigest()
    folder = (options.cache_dir or cache_root()) / f"converted-{CONVERT_FORMAT}"
    cached = folder / f"{digest}{suffix}.{target}"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    soffice = shutil.which("soffice")
    if soffice is None:
        raise FengongError("E019", source, detail=suffix or "this file")
    result = _run(soffice, _Conversion(data, suffix, source, target), options.timeout)
    _store(cached, result)
    return result


def _run(soffice: str, job: _Conversion, timeout: float) -> bytes:
    """One soffice conversion in a temporary folder holding the input, the output and the profile.

    Args:
        soffice: the path of LibreOffice's ``soffice``.
        job: the file to convert and its target.
        timeout: seconds soffice may take; past them its process group is killed (E020).

    Returns:
        The converted file's bytes.

    Raises:
        FengongError: E020 past the timeout, E021 when soffice wrote no file.
    """
    with tempfile.TemporaryDirectory(prefix="fengong-convert-") as tmp:
        folder = Path(tmp)
        infile, outdir = folder / f"input{job.suffix}", folder / "out"
        infile.write_bytes(job.data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
            "--convert-to", f"{job.target}:{EXPORT_FILTERS[job.target]}",
            "--outdir", str(outdir), str(infile),
        ]  # fmt: skip
        # Its own session, so that a timeout kills soffice.bin too, not only the launcher.
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise FengongError("E020", job.source, seconds=timeout) from None
        except BaseException:  # interrupted (Ctrl-C, a worker stopped): leave no soffice behind
            _kill(proc)
            raise
        result = outdir / f"input.{job.target}"
        # soffice exits 0 when it cannot load a file: only the output tells.
        if not result.is_file() or result.stat().st_size == 0:
            detail = _reason(output.decode("utf-8", "replace"), proc.returncode)
            raise FengongError("E021", job.source, target=job.target, detail=detail)
        return result.read_bytes()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill a conversion's whole process group and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()
    # Children killed with the group are reaped by init: wait briefly, so none outlives the call.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)


def _reason(output: str, returncode: int) -> str:
    """Why soffice made no file, from its ``Error:`` lines (javaldx's warning is noise)."""
    errors = [
        line.removeprefix("Error:").strip() for line in output.splitlines() if line.startswith("Error:")
    ]
    if any("could not be loaded" in line for line in errors):
        return "it could not be loaded (damaged, password-protected, or not that format?)"
    if errors:
        return "; ".join(dict.fromkeys(errors))
    return f"soffice exited with status {returncode} and wrote no file"


def _store(path: Path, data: bytes) -> None:
    """Write a cache file atomically (a temporary file renamed): a reader never sees half of one.

    A cache that cannot be written is skipped: it saves time, never changes a result.
    """
    part: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(part, path)
        part = None
    except OSError:
        pass
    finally:
        if part is not None:
            Path(part).unlink(missing_ok=True)
