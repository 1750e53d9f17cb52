"""Writing the document folders of a run (``OUT/<doc_id>/``: two CSVs and ``document.json``).

A folder costs file creations and renames: system calls whose kernel time, on a run of small
documents, is about as much as reading them (docs/benchmarks.md). A batch whose workers leave a
core free (``--jobs 1`` on two cores) hands the folders to a writer process of its own, forked
before anything else starts, so that this time is spent on that core: a thread did not take it off
the main process, each of its system calls having to win the GIL back. When the workers take every
core, a writer process only competes with them, and a thread of the main process writes (measured:
the default run 0.73× bare jieba with the process, 0.99× with the thread). A run of one document
writes its folder in place.

The writer process also renders the tables as CSV text for a run whose only worker is the main
process (:meth:`FolderWriter.render`): a fifth of that worker's time outside the stages, spent on
the other core instead.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..io.tables import render_document, write_document

if TYPE_CHECKING:
    from ..stages.emit.rows import Row

MAX_PENDING_FOLDERS = 64  # folders handed to the writer and not yet written, at most


def _nothing() -> None:
    """The writer's first task: it makes the executor fork its process at once."""


WriterKind = Literal["process", "thread", "here"]


def writer_kind(documents: int, workers: int) -> WriterKind:
    """How a run of ``documents`` with ``workers`` busy processes (its workers, and the workbook's
    writer when there is one) writes its folders: ``"here"``, ``"process"`` or ``"thread"`` (see above)."""
    if documents <= 1:
        return "here"
    return "process" if workers < usable_cores() else "thread"


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity; all of them where that is unknown)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class FolderWriter:
    """Writes document folders under ``out``: in a process of its own, a thread, or in place.

    Args:
        out: the run's output folder.
        kind: ``"process"``, ``"thread"`` or ``"here"`` (:func:`writer_kind`).
    """

    def __init__(self, out: Path, kind: WriterKind) -> None:
        self.out = out
        self._pending: deque[Future[None]] = deque()
        self._pool: Executor | None = None
        if kind == "thread":
            self._pool = ThreadPoolExecutor(max_workers=1)
        elif kind == "process":
            # Forked now, before the workers and the threads of the run exist: the child holds no lock of theirs.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method))
            self._pending.append(self._pool.submit(_nothing))

    def write(self, measures_csv: str, assignments_csv: str, record: dict) -> None:
        """Write one document's folder (:func:`~pipeline.io.tables.write_document`), or hand it to the writer.

        Args:
            measures_csv: the document's measure rows as CSV text.
            assignments_csv: its assignment rows as CSV text.
            record: its ``document.json`` (``doc_id`` names the folder).
        """
        if self._pool is None:
            write_document(self.out, measures_csv, assignments_csv, record)
            return
        if len(self._pending) >= MAX_PENDING_FOLDERS:  # the writer fell behind: memory stays bounded
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(write_document, self.out, measures_csv, assignments_csv, record))

    def render(self, measures: list[Row], assignments: list[Row], record: dict) -> Future[tuple[str, str]]:
        """Render one document's rows as CSV text and write its folder (:func:`~pipeline.io.tables.render_document`):
        in the writer process when there is one, so that the rendering is off the run's main process.

        Returns:
            The CSV text of its measures and of its assignments, when they are written.
        """
        if not isinstance(self._pool, ProcessPoolExecutor):
            done: Future[tuple[str, str]] = Future()
            done.set_result(render_document(self.out, measures, assignments, record))
            return done
        return self._pool.submit(render_document, self.out, measures, assignments, record)

    def close(self) -> None:
        """Wait until every folder is written; a fault writing one is raised here."""
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            self.abort()

    def abort(self) -> None:
        """Stop the writer; folders not written yet are not written."""
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
