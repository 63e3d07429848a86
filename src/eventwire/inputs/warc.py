"""Web archives (WARC and WARC.gz, e.g. Common Crawl's CC-NEWS) through warcio.

HTML `response` records with status 200 become articles, with the record's target URI as url and origin
and its WARC-Date as the fallback publication date (the page's own date wins). Every other record
(requests, metadata, images, PDFs, redirects) is skipped and counted in `WarcReader.skipped`, not coded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from eventwire.errors import InputError
from eventwire.model import Article, Failure
from eventwire.read import Metadata, article_from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcReader:
    """Iterate to get the archive's articles; `skipped` counts the records left out, by reason."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.skipped: Counter[str] = Counter()

    def __iter__(self) -> Iterator[Article | Failure]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        try:
            stream = open(self.path, "rb")
        except OSError as exc:
            yield Failure(str(self.path), f"cannot read: {exc.strerror}")
            return
        with stream:
            if not _starts_like_warc(stream):
                yield Failure(str(self.path), "not a WARC file (no WARC/1.x header at the start)")
                return
            try:
                for record in ArchiveIterator(stream):
                    item = self._article(record)
                    if item is not None:
                        yield item
            except ArchiveLoadFailed as exc:
                yield Failure(str(self.path), f"not a WARC file, or a damaged one ({exc})")

    def _article(self, record) -> Article | Failure | None:
        if record.rec_type != "response":
            self.skipped[f"{record.rec_type} record"] += 1
            return None
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            self.skipped["not HTTP 200"] += 1
            return None
        kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if kind not in HTML_TYPES:
            self.skipped[f"not HTML ({kind or 'no type'})"] += 1
            return None
        date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
        try:
            body = record.content_stream().read()
            return _with_fallback_date(article_from_html(body, uri, Metadata(url=uri)), date)
        except InputError as exc:
            return Failure(exc.origin, exc.problem)


def _starts_like_warc(stream) -> bool:
    """The first record's version line, looked at through gzip if the file is compressed."""
    head = stream.read(2)
    stream.seek(0)
    if head == b"\x1f\x8b":
        import gzip

        try:
            head = gzip.GzipFile(fileobj=stream).read(5)
        except OSError:
            head = b""
        stream.seek(0)
        return head == b"WARC/"
    head = stream.read(5)
    stream.seek(0)
    return head == b"WARC/"


def _with_fallback_date(article: Article, date: str | None) -> Article:
    """The crawl date stands in for a page that gives no date (then the id, from the hash, changes)."""
    if article.published is None and date:
        digest_id = article.id == article.content_hash()[:16]
        article.published = date
        if digest_id:
            article.id = article.content_hash()[:16]
    return article


def read_warc(path: str | Path) -> WarcReader:
    return WarcReader(path)
