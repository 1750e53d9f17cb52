"""A rerun with nothing changed: the tables are left as they are, at the cost of hashing the inputs.

After every complete run, ``run_state.json`` in the output folder records what its combined
tables were made from (each input's source, doc_id and sha256; the documents kept from earlier
runs; the pipeline and lexicon versions; the formats and the options that change rows) and the
sha256 of each table file. A later run of the same inputs compares the two before it
starts any worker: when they agree and no table file was changed since, nothing is made again or
rewritten (same bytes, same modification time; the manifest on disk too).

Anything else (an input added, changed or gone, ``--force``, ``--clean``, ``--corrections``,
``--year``, another lexicon or version, a table deleted or edited) runs as before, and a document
whose input is unchanged is still skipped one by one (:func:`pipeline.run.worker.run_one`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..io.corpus_tables import RowTable
from ..io.inputs import Job
from ..io.outdir import read_record
from ..io.tables import MANIFEST_COLUMNS, atomic_write
from ..lexicon.model import lexicon_version
from ..run.worker import UNCHANGED, RunOptions
from ..version import __version__

STATE_FILE = "run_state.json"  # not a table: left out of the files it records


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(jobs: list[Job]) -> dict[str, str] | None:
    """The sha256 of every document input's bytes by source; None when one cannot be read."""
    try:
        return {job.source: _sha256(job.source) for job in jobs if job.is_document}
    except OSError:
        return None


def run_state(
    jobs: list[Job], kept: list[str], opts: RunOptions, hashes: dict[str, str] | None,
    made: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:  # fmt: skip
    """What the tables of ``opts.out`` are made from by a run of ``jobs``.

    Args:
        jobs: the run's inputs.
        kept: the doc_ids of documents of earlier runs that are not inputs of this one.
        opts: the run's options.
        hashes: the inputs' hashes (:func:`input_hashes`).
        made: once the run is over, the sha256 of each document it made or kept, by doc_id (a
            forced or cleaned run's state is recorded, not compared); None: before the run, the
            documents are those of the folder's ``document.json`` files.
    Returns:
        The state as a JSON-ready dict; None for a run whose rows depend on more than its inputs
        (``--corrections``, ``--year``), one that must make its documents again (``--force``,
        ``--clean``) before it is over, or one whose inputs could not be read.
    """
    before = made is None
    if hashes is None or opts.corrections or opts.year is not None or (before and (opts.force or opts.clean)):
        return None

    def document_sha(doc_id: str) -> str:
        if made is not None:
            return made.get(doc_id, "")
        return str((read_record(opts.out / doc_id) or {}).get("sha256", ""))

    inputs = []
    for job in jobs:
        sha = hashes.get(job.source, "")
        inputs.append([job.source, job.doc_id, sha, document_sha(job.doc_id) if sha else "", job.skip or "",
                       job.error or ""])  # fmt: skip
    earlier = [[doc_id, document_sha(doc_id)] for doc_id in kept]
    return {
        "pipeline_version": __version__,
        "lexicon_version": lexicon_version(opts.lexicon_dir),
        "formats": list(opts.formats),
        "ocr": opts.ocr,
        "max_bytes": opts.max_bytes,
        "inputs": inputs,
        "kept": earlier,
    }


def _files(out: Path) -> dict[str, str]:
    """The run's table files directly under ``out``: name → sha256 of its bytes (a content hash,
    not a time, so that the record is the same bytes whatever the number of workers)."""
    return {
        entry.name: _sha256(entry.path)
        for entry in sorted(os.scandir(out), key=lambda e: e.name)
        if entry.is_file() and not entry.name.startswith(".") and entry.name != STATE_FILE
    }


def unchanged_manifest(out: Path, state: dict[str, Any] | None) -> RowTable | None:
    """This run's manifest when ``state`` is the one the tables of ``out`` were made from, and no
    table was touched since; else None (the run goes on).

    The manifest on disk is left as it is (the workbook holds it too); the one returned says what
    this run did: every document ``unchanged``, the errors and kept documents as before.
    """
    if state is None:
        return None
    try:
        saved = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("state") != state or saved.get("files") != _files(out):
        return None
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        if next(reader, None) != MANIFEST_COLUMNS:
            return None
        rows = [_rerun_row(dict(zip(MANIFEST_COLUMNS, row, strict=True))) for row in reader]
    return RowTable(list(MANIFEST_COLUMNS), rows)


def _rerun_row(row: dict[str, str]) -> tuple:
    """A manifest row of the last run as this run's: a document made then is unchanged now."""
    if row["status"] in ("ok", "unchanged") and row["sha256"]:
        row["status"], row["message"] = "unchanged", UNCHANGED
    return tuple(int(row[c]) if c.startswith("n_") and row[c].isdigit() else row[c] for c in MANIFEST_COLUMNS)


def save_state(out: Path, state: dict[str, Any] | None) -> None:
    """Record what the tables now in ``out`` were made from (nothing for a run with no state)."""
    path = out / STATE_FILE
    if state is None:
        path.unlink(missing_ok=True)
        return
    text = json.dumps({"state": state, "files": _files(out)}, ensure_ascii=False, indent=1) + "\n"
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
