"""The inputs of a run: every file under the paths given, each with its doc_id or the reason
it is not read.

Every file under a folder becomes a job, so that the manifest lists it: a file fengong
reads is processed; any other (an image, a spreadsheet, a hidden file, a README) is
``skipped`` with the reason. A doc_id depends only on the input's own path and its sibling
files (:func:`pipeline.io.readers.doc_id_of`), never on the other inputs of the run; two
inputs of one run that would share one are an error for the later one (E015).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import FengongError
from ..io.readers import READ_FORMATS, SUPPORTED, doc_id_of, folder_stems, safe_doc_id

NOT_PLANS = {"readme", "license", "licence", "makefile", "changelog", "copying"}


@dataclass
class Job:
    """One input to process (``error``: refused already; ``skip``: not read, and why)."""

    source: str
    doc_id: str
    error: str = ""
    skip: str = ""

    @property
    def is_document(self) -> bool:
        """Whether this input is to be read as a document (its doc_id names a folder of OUT)."""
        return not self.error and not self.skip


def skip_reason(path: Path, root: Path) -> str:
    """Why a file found under the folder ``root`` is not read ('' when it is)."""
    if any(part.startswith(".") for part in path.relative_to(root).parts):
        return "hidden file"
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        return f"[E008] unsupported format: {suffix or 'no extension'} (fengong reads {READ_FORMATS})"
    if not suffix and path.name.lower() in NOT_PLANS:
        return "not a plan (a README, LICENSE or Makefile)"
    return ""


def _folder_jobs(given: str, folder: Path) -> list[Job]:
    files = sorted(f for f in folder.rglob("*") if f.is_file())
    stems: dict[Path, dict[str, int]] = {}
    jobs = []
    for f in files:
        reason = skip_reason(f, folder)
        if reason:
            jobs.append(Job(str(f), "", skip=reason))
            continue
        if f.parent not in stems:
            stems[f.parent] = folder_stems(f.parent)
        jobs.append(Job(str(f), doc_id_of(f, stems[f.parent])))
    if not any(j.is_document for j in jobs):
        jobs.insert(0, Job(given, safe_doc_id(folder.name), FengongError("E002", given).line()))
    return jobs


def collect(paths: list[str]) -> list[Job]:
    """Every file under ``paths`` (folders recursively), each once, with its doc_id."""
    jobs: list[Job] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            jobs += _folder_jobs(given, p)
        elif p.is_file():
            jobs.append(Job(given, doc_id_of(p)))
        else:
            jobs.append(Job(given, safe_doc_id(p.stem), FengongError("E001", given).line()))
    return _unique(jobs)


class _SeenFiles:
    """The files named so far, by resolved path. A path is resolved (a system call a component, nine
    a file of a corpus) only when its device and inode (one call) are those of a file seen before:
    two names of one file always share them (a hard link shares them too, and stays a file of its own)."""

    def __init__(self) -> None:
        self._by_inode: dict[tuple[int, int], list[str]] = {}
        self._resolved: set[Path] = set()

    def add(self, source: str) -> bool:
        """Note ``source``; return whether it names a file seen before."""
        try:
            info = os.stat(source)
        except OSError:
            return self._seen_resolved(source)
        key = (info.st_dev, info.st_ino)
        if key not in self._by_inode:
            self._by_inode[key] = [source]
            return False
        pending = self._by_inode[key]  # another name of this inode: compare resolved paths from now on
        self._resolved.update(Path(s).resolve() for s in pending)
        pending.clear()
        return self._seen_resolved(source)

    def _seen_resolved(self, source: str) -> bool:
        path = Path(source).resolve()
        seen = path in self._resolved
        self._resolved.add(path)
        return seen


def _unique(jobs: list[Job]) -> list[Job]:
    """Each file once (the first time it is named); a doc_id taken already is an error (E015)."""
    seen = _SeenFiles()
    owner: dict[str, str] = {}
    out = []
    for job in jobs:
        if (job.is_document or job.skip) and seen.add(job.source):
            continue
        if job.is_document:
            if job.doc_id in owner:
                job.error = FengongError("E015", job.source, doc_id=job.doc_id, other=owner[job.doc_id]).line()
            else:
                owner[job.doc_id] = job.source
        out.append(job)
    return out
