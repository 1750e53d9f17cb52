"""The dask executor: ``fengong extract --executor dask [--scheduler ADDR]``.

Every input is one task running :func:`pipeline.run.worker.run_one` on a dask.distributed
worker. Without a scheduler address a :class:`distributed.LocalCluster` of ``opts.jobs``
single-threaded worker processes is started for the run and closed after it; with one,
the run joins that cluster (whose workers must see the inputs and ``opts.out`` at the
same paths, since each worker writes its documents' files itself). Outcomes are yielded
in input order, so the combined tables equal those of the process executor.

dask is an optional dependency (``pip install ".[dask]"``) and is imported only here,
only when this executor is chosen.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import FengongError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..run.worker import Job, Outcome, RunOptions


def _import_distributed() -> tuple[Any, Any]:
    """``(Client, LocalCluster)`` from dask.distributed, or E013 when dask is not installed."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise FengongError("E013") from err
    return Client, LocalCluster


def _lost(job: Job, err: BaseException) -> Outcome:
    """The outcome of a task that did not return (its worker died, the scheduler went away)."""
    from ..run.worker import Outcome

    reason = f"{type(err).__name__}: {err}".splitlines()[0] if str(err) else type(err).__name__
    return Outcome(job.source, job.doc_id, "error", f"{job.source}: [E999] internal error: {reason}")


def dask_outcomes(jobs: list[Job], opts: RunOptions) -> Iterator[Outcome]:
    """Run :func:`~pipeline.run.worker.run_one` for every job on dask, yielding outcomes in input order.

    Connects to ``opts.scheduler`` when given, else starts a local cluster of ``opts.jobs``
    worker processes with one thread each; whatever this function opened it closes, also
    when the caller stops iterating early.
    """
    from ..run.worker import run_one

    if not jobs:
        return
    Client, LocalCluster = _import_distributed()
    cluster = None
    if opts.scheduler:
        client = Client(opts.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, opts.jobs),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # A worker's heartbeat to the scheduler may fail while the cluster closes, and dask
            # logs that with a traceback at ERROR; what a task did is reported as its outcome.
            silence_logs=logging.CRITICAL,
        )
        client = Client(cluster)
    try:
        # pure=False: a task per job even if two jobs pickle alike; key order = input order.
        futures = client.map(run_one, jobs, opts=opts, pure=False)
        for job, future in zip(jobs, futures):
            try:
                outcome = future.result()
            except Exception as err:  # a lost worker costs only its input
                outcome = _lost(job, err)
            future.release()
            yield outcome
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
