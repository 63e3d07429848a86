"""Poll feeds and ingest what is new: `eventwire watch FEEDS.txt`.

Each round fetches every feed with a conditional GET (an unchanged feed costs a 304 and nothing else),
fetches only the entries whose url is not stored yet, and ingests them through `ingest.ingest`. One
`Fetcher` lives across rounds, so the ETag / Last-Modified validators, the per-host rate limit and the
robots.txt answers carry over. A round's failures are recorded in the store like any ingest's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence

from eventwire.ingest import ArticleCoder, IngestReport, ingest
from eventwire.inputs.feeds import read_feed
from eventwire.inputs.http import Fetcher
from eventwire.inputs.language import keep_language
from eventwire.model import Article, Failure
from eventwire.options import Options
from eventwire.store.sqlite import Store


def watch(feeds: Sequence[str], store: Store, coder: ArticleCoder | Callable[[], ArticleCoder], *,
          interval: float = 300.0, rounds: int | None = None, options: Options | None = None,
          fetcher: Fetcher | None = None, on_round: Callable[[int, IngestReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> list[IngestReport]:
    """Poll `feeds` every `interval` seconds, `rounds` times (None: until interrupted)."""
    options = options if options is not None else Options.load()
    fetcher = fetcher if fetcher is not None else Fetcher(options.fetch)
    built: list[ArticleCoder] = []

    def lazy_coder() -> ArticleCoder:  # built on the first new entry, then reused by every round
        if not built:
            built.append(coder if hasattr(coder, "code_many") else coder())
        return built[0]

    reports: list[IngestReport] = []
    number = 0
    while rounds is None or number < rounds:
        if number:
            sleep(interval)
        number += 1
        report = ingest(_round(feeds, fetcher, store, options.ingest.language), store,
                        lazy_coder, write_batch=options.ingest.write_batch)
        reports.append(report)
        if on_round is not None:
            on_round(number, report)
    return reports


def _round(feeds: Sequence[str], fetcher: Fetcher, store: Store, language: str) -> Iterator[Article | Failure]:
    def stored(url: str) -> bool:
        return store.stored_url(url) is not None

    for feed in feeds:
        yield from keep_language(read_feed(feed, fetcher, skip=stored, conditional=True), language)


def read_feed_list(path) -> list[str]:
    """FEEDS.txt: one feed URL or file a line; blank lines and '#' comments are ignored."""
    from eventwire.inputs.urls import read_url_list

    return read_url_list(path)
