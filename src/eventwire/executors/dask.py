"""Code articles on a Dask cluster: one `Coder` per worker, batches of articles out, coded articles back.

    with DaskCoder(workers=2) as coder:                       # a LocalCluster of 2 worker processes
        ingest(read_paths(["news/"]), store, coder)           # the client writes, in batched transactions
    DaskCoder(scheduler="tcp://10.0.0.5:8786")                # or an existing cluster

A worker plugin builds the worker's `Coder` once when the worker starts (spaCy, the knowledge base and the
gazetteer load once per worker, not per task). The client sends batches of `Article` records, keeps a few
batches in flight per worker, and yields the results in input order, so the output is the same as one
process's: the stages are deterministic and each article is coded on its own.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

import dask
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from eventwire.model import Article, CodedArticle, Failure
from eventwire.options import Options

PLUGIN_NAME = "eventwire-coder"


class CoderPlugin(WorkerPlugin):
    """Builds one `Coder` on each worker at start-up, with the client's options."""

    name = PLUGIN_NAME

    def __init__(self, options: Options):
        self.options = options
        self.coder = None

    def setup(self, worker) -> None:
        from eventwire.pipeline import Coder

        self.coder = Coder(options=self.options)


def code_batch(articles: list[Article]) -> list[CodedArticle | Failure]:
    """The task: code a batch with this worker's Coder (one process; Dask gives the parallelism)."""
    coder = get_worker().plugins[PLUGIN_NAME].coder
    return list(coder.code_many(articles, n_process=1))


class DaskCoder:
    """An `ArticleCoder` over a Dask cluster. Close it (or use `with`) to stop a cluster it started."""

    def __init__(self, *, scheduler: str | None = None, workers: int | None = None,
                 batch_size: int | None = None, options: Options | None = None, in_flight: int = 2):
        """`scheduler`: address of a running scheduler; else a LocalCluster of `workers` processes
        (default 2), one thread each. `batch_size`: articles per task (default [pipeline] batch_size).
        `in_flight`: batches queued per worker, so a worker never waits for the client."""
        self.options = options if options is not None else Options.load()
        self.batch_size = batch_size or self.options.batch_size
        self._cluster = None
        if scheduler is None:
            # Dask's statistical profiler samples every worker thread's stack each 10 ms: about a tenth of a
            # pure-Python coder's time. Off for the cluster we start (the nannies pass the config on).
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self._cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                             dashboard_address=None, host="127.0.0.1")
            self.client = Client(self._cluster)
        else:
            self.client = Client(scheduler)
        self.client.register_plugin(CoderPlugin(self.options))
        self.in_flight = in_flight

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def code_many(self, articles: Iterable[Article], batch_size: int | None = None,
                  n_process: int | None = None) -> Iterator[CodedArticle | Failure]:
        """Code a stream of articles on the cluster; results come back in input order. (`n_process`
        is ignored: the cluster's workers are the processes.)"""
        size = batch_size or self.batch_size
        stream = iter(articles)
        pending: deque = deque()
        limit = self.workers * self.in_flight
        while True:
            while len(pending) < limit and (batch := list(islice(stream, size))):
                pending.append(self.client.submit(code_batch, batch, pure=False))
            if not pending:
                return
            future = pending.popleft()
            yield from future.result()
            future.release()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskCoder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
