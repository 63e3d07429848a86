"""The one path from inputs to stored articles.

    read -> clean -> content-hash check (before coding) -> code -> store (copies, incidents, alerts)

Inputs are any stream of `Article` or `Failure` records (the readers in `read`, and whatever reader comes
next: feeds, URLs, web archives). An article whose content hash is already stored is not coded again, so a
re-run costs only the reading. Every document that cannot be read, coded or stored becomes one `Failure`
naming its stage, recorded in the store's failures table; the batch goes on. Each article is stored whole
or not at all (coded articles are written `write_batch` to a transaction, each under its own savepoint), so
a crash loses at most the batch not yet committed, and running the same command again resumes: the store is
the progress journal, and what is stored is skipped by its hash before coding (by its url before fetching).

The CLI, the benchmarks and the evaluation call this; an HTTP API or a distributed executor supplies its own
`coder` (anything with `code_many`) and reuses the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from eventwire.errors import EventwireError
from eventwire.model import Article, CodedArticle, Failure
from eventwire.read import Metadata, read_paths
from eventwire.store.sqlite import IngestResult, Store


class ArticleCoder(Protocol):
    """What ingest needs of a coder: `Coder`, or a pool of them on other processes or machines."""

    def code_many(self, articles: Iterable[Article], batch_size: int | None = None,
                  n_process: int | None = None) -> Iterator[CodedArticle | Failure]: ...


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: counts by outcome, and every failure in input order."""

    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.inserted + self.replaced + self.unchanged + len(self.failures)

    def count(self, result: IngestResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)


Progress = Callable[[CodedArticle | Failure | IngestResult], None]


def ingest(inputs: Iterable[Article | Failure], store: Store, coder: ArticleCoder | Callable[[], ArticleCoder],
           *, n_process: int | None = None, force: bool = False, progress: Progress | None = None,
           write_batch: int = 32) -> IngestReport:
    """Store every readable, codable article of `inputs`; record every other one as a Failure.

    `coder`: a coder, or a function that builds one; it is built only if some article needs coding.
    `force`: code and store again articles whose content is already stored under the same id.
    `progress`: called once per input with its outcome (an IngestResult, or a Failure).
    `write_batch`: coded articles written per store transaction (each article still whole or not at
    all; a crash loses at most the batch being coded, which the next run codes again).
    """
    report = IngestReport()
    notify = progress or (lambda _outcome: None)
    # Events stored by an older eventwire (before incidents) join theirs before the new ones arrive.
    store.update_incidents()

    def record(failure: Failure) -> None:
        store.record_failure(failure.origin, failure.error, failure.stage)
        report.failures.append(failure)
        notify(failure)

    def to_code() -> Iterator[Article]:
        for item in inputs:
            if isinstance(item, Failure):
                record(item)
                continue
            digest = item.content_hash()
            stored = store.stored_hash(digest)
            if stored is not None and not (force and stored == item.id):
                result = IngestResult(item.id, "unchanged", digest, 0, stored if stored != item.id else None)
                report.count(result)
                notify(result)
                continue
            yield item

    def flush(batch: list[CodedArticle]) -> None:
        for coded, result in zip(batch, store.ingest_many(batch, force=force), strict=True):
            if isinstance(result, EventwireError):
                record(Failure(coded.article.origin or coded.article.id, str(result), stage="store"))
            else:
                report.count(result)
                notify(result)
        batch.clear()

    pending = to_code()
    first = next(pending, None)
    if first is None:
        return report
    working = coder if hasattr(coder, "code_many") else coder()
    batch: list[CodedArticle] = []
    for coded in working.code_many(_chain(first, pending), n_process=n_process):
        if isinstance(coded, Failure):
            record(coded)
            continue
        batch.append(coded)
        if len(batch) >= max(1, write_batch):
            flush(batch)
    if batch:
        flush(batch)
    _deliver_alerts(store)
    return report


def _deliver_alerts(store: Store) -> None:
    """One try for each webhook delivery that is due: a receiver that is down keeps its alerts in the outbox
    for `eventwire alerts --deliver` (which retries with backoff) or the next ingest; ingest never waits."""
    from eventwire.alerts.deliver import deliver

    if store.outbox_due("9999"):
        deliver(store, store.options.alerts, retries=1)


def ingest_paths(paths: Iterable[str | Path], store: Store, coder: ArticleCoder | Callable[[], ArticleCoder],
                 metadata: Metadata | None = None, **options) -> IngestReport:
    """`ingest` over the files and directories in `paths` (text, HTML, JSON Lines)."""
    return ingest(read_paths(list(paths), metadata), store, coder, **options)


def _chain(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest

