"""RSS and Atom feeds (feedparser): each entry's page is fetched and extracted; the feed's title and
date for the entry win over what the page says about itself.

An entry without a link, or whose page cannot be fetched, but which carries its own content (Atom
`content`, RSS `description`) is read from that content instead.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import FetchError, InputError
from eventwire.inputs.http import Fetcher
from eventwire.inputs.urls import SkipUrl, article_from_response
from eventwire.model import Article, Failure
from eventwire.read import Metadata, article_from_html


@dataclass(slots=True)
class FeedEntry:
    link: str | None
    meta: Metadata
    content: str | None  # the entry's own HTML, if any


def parse_feed(data: bytes, origin: str) -> list[FeedEntry]:
    """The entries of an RSS/Atom document; a document that is no feed raises InputError."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise InputError(origin, f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
    source = parsed.feed.get("title")
    entries = []
    for entry in parsed.entries:
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        meta = Metadata(title=entry.get("title"), url=entry.get("link"), source=source,
                        published=time.strftime("%Y-%m-%d", when) if when else None)
        content = None
        if entry.get("content"):
            content = entry.content[0].get("value")
        elif entry.get("summary"):
            content = entry.summary
        entries.append(FeedEntry(entry.get("link"), meta, content))
    return entries


def read_feed(feed: str, fetcher: Fetcher, *, skip: SkipUrl | None = None,
              conditional: bool = False) -> Iterator[Article | Failure]:
    """Articles of a feed given as a URL or a file. `conditional`: a 304 (unchanged since the last
    fetch by this fetcher) yields nothing (what `watch` uses)."""
    try:
        if Path(feed).is_file():
            data = Path(feed).read_bytes()
        else:
            response = fetcher.get(feed, conditional=conditional)
            if response.not_modified:
                return
            data = response.body
        entries = parse_feed(data, feed)
    except InputError as exc:
        yield Failure(exc.origin, exc.problem, stage="fetch")
        return
    for entry in entries:
        if entry.link and skip is not None and skip(entry.link):
            continue
        yield _entry_article(entry, fetcher, feed)


def _entry_article(entry: FeedEntry, fetcher: Fetcher, feed: str) -> Article | Failure:
    origin = entry.link or f"{feed}#{entry.meta.title or '?'}"
    problem, stage = None, "read"
    if entry.link:
        try:
            return article_from_response(fetcher.get(entry.link, conditional=False), entry.link, entry.meta)
        except FetchError as exc:
            problem, stage = exc.problem, "fetch"
        except InputError as exc:
            problem, stage = exc.problem, "read"
    if entry.content:
        try:
            return article_from_html(entry.content.encode("utf-8"), origin, entry.meta)
        except InputError as exc:
            problem, stage = problem or exc.problem, stage if problem else "read"
    return Failure(origin, problem or "the entry has neither a link nor content", stage=stage)
