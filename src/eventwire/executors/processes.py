"""Code whole articles in several processes on one machine: `eventwire ingest --processes N`.

    coder = ProcessCoder(Coder(), processes=2)
    ingest(items, store, coder)

The worker processes are forked from the one that loaded the `Coder`, so nothing is loaded again and the
loaded knowledge is shared copy-on-write (`Coder` freezes it out of the garbage collector, which would
otherwise touch and copy every page). Each worker runs every stage on its batch and sends back only the
`CodedArticle` records, a few KB each, instead of parsed Docs; results come back in input order. Where
fork is not available (Windows, macOS default spawn) it falls back to spaCy's `n_process`.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from eventwire.model import Article, CodedArticle, Failure

_CODER = None  # the Coder the workers inherit through fork


def _code_batch(articles: list[Article]) -> list[CodedArticle | Failure]:
    return list(_CODER.code_many(articles, n_process=1))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    stream = iter(articles)
    while batch := list(islice(stream, size)):
        yield batch


class ProcessCoder:
    """An `ArticleCoder` over `processes` forked copies of `coder`."""

    def __init__(self, coder, processes: int = 2, batch_size: int | None = None):
        self.coder = coder
        self.processes = processes
        self.batch_size = batch_size or coder.options.batch_size

    def code_many(self, articles: Iterable[Article], batch_size: int | None = None,
                  n_process: int | None = None) -> Iterator[CodedArticle | Failure]:
        """Code a stream of articles in `processes` workers (`n_process`, if given, overrides it)."""
        processes = n_process or self.processes
        if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from self.coder.code_many(articles, batch_size=batch_size, n_process=processes)
            return
        global _CODER
        _CODER = self.coder
        batches = _batches(articles, batch_size or self.batch_size)
        pending: deque = deque()
        # The inputs are read here, in this thread (they may query the store), and only a few batches
        # ahead of the workers, so a stream of any length stays in constant memory.
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            while True:
                while len(pending) < 2 * processes and (batch := next(batches, None)) is not None:
                    pending.append(pool.apply_async(_code_batch, (batch,)))
                if not pending:
                    return
                yield from pending.popleft().get()
