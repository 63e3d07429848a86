"""Pages by URL: each fetched through the polite client (`inputs.http`) and read like an HTML file.

A URL whose article is already stored is not fetched again (`skip`), so re-running a list resumes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from eventwire.errors import FetchError, InputError
from eventwire.inputs.http import Fetcher, Response
from eventwire.model import Article, Failure
from eventwire.read import Metadata, article_from_html, article_from_text, decode_bytes

SkipUrl = Callable[[str], bool]


def read_url_list(path: str | Path) -> list[str]:
    """The URLs of a text file, one a line; blank lines and lines starting with '#' are ignored."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the URL list: {exc.strerror}") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_urls(urls: Iterable[str], fetcher: Fetcher, *, skip: SkipUrl | None = None,
              meta: Callable[[str], Metadata] | None = None) -> Iterator[Article | Failure]:
    """One article (or Failure) per URL, in order; `meta(url)` supplies what a feed knows about it."""
    for url in urls:
        if skip is not None and skip(url):
            continue
        try:
            yield article_from_response(fetcher.get(url, conditional=False), url,
                                        meta(url) if meta else Metadata(url=url))
        except FetchError as exc:
            yield Failure(exc.origin, exc.problem, stage="fetch")
        except InputError as exc:
            yield Failure(exc.origin, exc.problem)


def article_from_response(response: Response, url: str, meta: Metadata) -> Article:
    """An article from a fetched page: HTML through trafilatura, text/plain as text."""
    meta.url = meta.url or url
    if response.content_type == "text/plain":
        return article_from_text(decode_bytes(response.body, url), url, meta, headers=False)
    return article_from_html(response.body, url, meta)
