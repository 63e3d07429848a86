"""All of one command's inputs as one stream for `ingest`: files, feeds, URLs and web archives, each
article checked for its language.

    sources = Sources(paths=["news/"], feeds=["https://example.org/rss"], warcs=["cc-news.warc.gz"])
    ingest(sources.items(store), store, coder)
    sources.skipped        # Counter of WARC records left out, by reason
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.inputs.language import keep_language
from eventwire.model import Article, Failure
from eventwire.options import Options
from eventwire.read import Metadata, read_paths
from eventwire.store.sqlite import Store


@dataclass(slots=True)
class Sources:
    paths: Sequence[str | Path] = ()
    feeds: Sequence[str] = ()
    urls: Sequence[str] = ()  # URLs, or files of URLs (one a line)
    warcs: Sequence[str | Path] = ()
    metadata: Metadata | None = None
    options: Options = field(default_factory=Options)
    skipped: Counter = field(default_factory=Counter)

    @property
    def needs_network(self) -> bool:
        return bool(self.feeds or self.urls)

    def items(self, store: Store | None = None) -> Iterator[Article | Failure]:
        """Every input's articles (and failures), in the order files, WARCs, URLs, feeds. With a
        `store`, pages whose url is already stored are not fetched again."""
        return keep_language(self._raw(store), self.options.ingest.language)

    def _raw(self, store: Store | None) -> Iterator[Article | Failure]:
        if self.paths:
            yield from read_paths(list(self.paths), self.metadata, self.options.limits)
        for archive in self.warcs:
            from eventwire.inputs.warc import WarcReader

            reader = WarcReader(archive)
            yield from reader
            self.skipped.update(reader.skipped)
        if not self.needs_network:
            return
        from eventwire.inputs.feeds import read_feed
        from eventwire.inputs.http import Fetcher
        from eventwire.inputs.urls import read_url_list, read_urls

        fetcher = Fetcher(self.options.fetch)
        skip = (lambda url: store.stored_url(url) is not None) if store is not None else None
        urls = [u for entry in self.urls for u in (read_url_list(entry) if Path(entry).is_file() else [entry])]
        yield from read_urls(urls, fetcher, skip=skip)
        for feed in self.feeds:
            yield from read_feed(feed, fetcher, skip=skip)
