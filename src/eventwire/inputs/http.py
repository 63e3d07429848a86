"""The one HTTP client eventwire fetches with: polite by construction.

    fetcher = Fetcher(Options.load().fetch)
    response = fetcher.get("https://example.org/feed.xml")   # Response(status=200, body=b"...")
    fetcher.get("https://example.org/feed.xml").not_modified  # True: ETag / Last-Modified sent back

- a User-Agent that names eventwire (and where to read about it);
- at most one request per `per_host_interval` seconds to each host (the wait is a sleep, not an error);
- a timeout on every request; retries after timeouts, connection errors, 429 and 5xx, with exponential
  backoff (a Retry-After header wins);
- conditional GET: the ETag and Last-Modified of the last 200 of each URL are sent back, and a 304 comes
  back as `Response.not_modified` with an empty body;
- robots.txt of each host is fetched once (through this same client) and obeyed; a missing robots.txt
  (4xx) allows everything, an unreachable one (5xx, timeout) disallows the host for this run.

Anything that cannot be fetched raises `FetchError` naming the URL; readers turn it into a `Failure`.
Only the standard library is used (urllib), so it runs wherever eventwire does.
"""

from __future__ import annotations

import email.utils
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from eventwire import __version__
from eventwire.errors import FetchError
from eventwire.options import Fetch

DEFAULT_USER_AGENT = f"eventwire/{__version__} (+https://github.com/eventwire/eventwire)"
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Fetcher:
    """Fetches URLs politely (see the module docstring); one instance per run, shared by all readers."""

    def __init__(self, options: Fetch | None = None, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.options = options if options is not None else Fetch()
        self.user_agent = self.options.user_agent or DEFAULT_USER_AGENT
        self.validators: dict[str, dict[str, str]] = {}  # url -> If-None-Match / If-Modified-Since
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}  # host -> time of its last request
        self._clock, self._sleep = clock, sleep
        self._opener = urllib.request.build_opener()  # no proxies from the environment are special-cased

    def get(self, url: str, *, conditional: bool = True) -> Response:
        """GET `url` (robots.txt permitting); a 304 is returned, any other non-2xx raises FetchError."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "not an http(s) URL")
        if self.options.respect_robots and not self.allowed(url):
            raise FetchError(url, f"robots.txt of {urlsplit(url).netloc} disallows it for {self.user_agent}")
        headers = dict(self.validators.get(url, {})) if conditional else {}
        response = self._request(url, headers)
        if response.status == 200:
            saved = {}
            if "etag" in response.headers:
                saved["If-None-Match"] = response.headers["etag"]
            if "last-modified" in response.headers:
                saved["If-Modified-Since"] = response.headers["last-modified"]
            if saved:
                self.validators[url] = saved
        return response

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets eventwire fetch `url` (fetched once per host)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._load_robots(root)
        parser = self._robots[root]
        return parser is not None and parser.can_fetch(self.user_agent, url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
        try:
            response = self._request(root + "/robots.txt", {})
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.parse([])  # no robots.txt: everything is allowed
                return parser
            return None  # unreachable: assume nothing is allowed (RFC 9309 §2.3.1.4)
        parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        opts = self.options
        delay = opts.backoff
        for attempt in range(opts.retries + 1):
            self._wait_for_host(url)
            request = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                           "Accept-Encoding": "identity", **headers})
            retry_after: float | None = None
            try:
                with self._opener.open(request, timeout=opts.timeout) as raw:
                    body = raw.read(opts.max_bytes + 1)
                    if len(body) > opts.max_bytes:
                        raise FetchError(url, f"response larger than [fetch] max_bytes ({opts.max_bytes})")
                    return Response(raw.geturl(), raw.status, body, _headers(raw.headers))
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    return Response(url, 304, b"", _headers(exc.headers))
                if exc.code not in _RETRY_STATUS or attempt == opts.retries:
                    raise FetchError(url, f"HTTP {exc.code} {exc.reason}", status=exc.code) from None
                retry_after = _retry_after(exc.headers.get("Retry-After"))
                problem = f"HTTP {exc.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                problem = f"cannot connect ({reason})"
                if attempt == opts.retries:
                    raise FetchError(url, f"{problem} after {opts.retries + 1} tries") from None
            self._sleep(retry_after if retry_after is not None else delay)
            delay *= 2
        raise FetchError(url, problem)  # pragma: no cover  (the loop returns or raises)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            wait = self.options.per_host_interval - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()


def _headers(message) -> dict[str, str]:
    return {k.lower(): v for k, v in message.items()} if message is not None else {}


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), capped at five minutes."""
    if not value:
        return None
    if value.strip().isdigit():
        return min(float(value), 300.0)
    when = email.utils.parsedate_to_datetime(value)
    if when is None:
        return None
    return max(0.0, min(when.timestamp() - time.time(), 300.0))
