"""The Dask engine: the runner mapped over partitions of a corpus on a dask.distributed cluster.

The client lists the input files, the workers count each file's lines, records or rows and cut it into
partitions, then run each partition through the same runner the local engine uses and write its rows
to the Parquet dataset (scale/dataset.py). Partitions already complete in the dataset are not run
again, so a rerun retries only the ones that failed.
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from distributed import WorkerPlugin

from ..errors import CommuniqueError, InputError
from ..pipeline import warm
from ..runner import run
from ..settings import PARTITION_SIZE, Settings
from ..sources.parts import Part, files, read_part, split
from ..store import Store
from . import dataset


@dataclass
class DaskSummary:
    """What one partitioned run did."""

    partitions: int = 0  # in the inputs
    ran: int = 0  # run (and complete) in this run
    reused: int = 0  # complete in the dataset before this run
    failed: list[tuple[str, str]] = field(default_factory=list)  # (partition, why), to rerun
    errors: list[InputError] = field(default_factory=list)  # inputs that name no readable file
    articles: int = 0
    skips: int = 0
    seconds: float = 0.0


def ingest_dask(inputs: Iterable[str], out: str, *, settings: Settings, scheduler: str | None = None,
                local_workers: int = 2, partition_size: int = PARTITION_SIZE, retries: int = 1,
                on_partition: Callable[[dict[str, Any] | None, str | None], None] | None = None,
                client: Any = None) -> DaskSummary:
    """Extract every article of `inputs` on a Dask cluster into the Parquet dataset at `out`.

    `scheduler` is a running scheduler's address (tcp://HOST:PORT); without one a LocalCluster of
    `local_workers` processes is started for the run (or pass a `client`). Inputs are files,
    folders, globs and fsspec URLs that every worker can read. `on_partition(marker, failure)` is
    called as each partition completes or fails. A failing partition is retried `retries` times,
    then reported in `failed`, never raised; rerunning the same command runs only what is missing.
    """
    started = time.perf_counter()
    summary = DaskSummary()
    names: list[str] = []
    for found in files(inputs):
        if isinstance(found, InputError):
            summary.errors.append(found)
        else:
            names.append(found)
    if not names:
        return summary
    with connect(scheduler, local_workers, settings, client=client) as dask:
        dask.register_plugin(Warm(settings), name="communique-warm")
        parts = [p for chunk in dask.gather(dask.map(split, names, size=partition_size, pure=False))
                 for p in chunk]
        summary.partitions = len(parts)
        complete = dataset.done(out)
        todo = [p for p in parts if p.id not in complete]
        summary.reused = len(parts) - len(todo)
        from distributed import as_completed

        futures = {dask.submit(run_partition, p, out, settings, retries=retries, pure=False,
                               key=f"partition-{p.id}"): p for p in todo}
        for future in as_completed(futures):
            part = futures[future]
            try:
                marker = future.result()
            except Exception as exc:  # the partition's task failed (after its retries)
                why = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
                summary.failed.append((str(part), why))
                if on_partition:
                    on_partition(None, f"{part}: {why}")
                continue
            summary.ran += 1
            summary.articles += marker["counts"]["articles"]
            summary.skips += marker["counts"]["skips"]
            if on_partition:
                on_partition(marker, None)
    summary.seconds = time.perf_counter() - started
    return summary


def run_partition(part: Part, out: str, settings: Settings) -> dict[str, Any]:
    """Run one partition through the runner into an in-memory store and write it to the dataset."""
    started = time.perf_counter()
    with Store(":memory:") as store:
        for result in run(read_part(part, settings), settings=settings):
            if result.document is not None:
                store.add(result.document, input_key=result.key, incidents=False)
            else:
                store.skip(result.error)  # type: ignore[arg-type]
        facts = {"seconds": round(time.perf_counter() - started, 3), "worker": f"{socket.gethostname()}:{os.getpid()}",
                 "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
        return dataset.write_partition(out, part, store, facts)


class Warm(WorkerPlugin):
    """A worker plugin: each worker process loads the model and every stage's data once, at start."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker: Any) -> None:
        warm(self.settings)


@contextmanager
def connect(scheduler: str | None, workers: int, settings: Settings, *, client: Any = None) -> Iterator[Any]:
    """A dask.distributed Client: `client` itself, or one to `scheduler`, or to a new local cluster."""
    if client is not None:
        yield client
        return
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            dask = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise CommuniqueError(scheduler, f"cannot reach the Dask scheduler: {exc}") from None
        with dask:
            yield dask
        return
    # One thread per worker process: the pipeline holds the GIL, so processes are what run in parallel.
    # The local workers are forked from this process once it has loaded the model and the data, as
    # `ingest --workers` forks its own, so they start in a second and share those pages; on a real
    # cluster each worker process loads them once, through the Warm plugin.
    warm(settings)
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                         silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client
