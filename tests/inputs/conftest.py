"""A real HTTP server on 127.0.0.1 serving pages, a feed and a robots.txt that the tests write."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

REPORT = (
    "M23 rebels captured the town of Sake on Sunday after heavy fighting with the Congolese army, "
    "residents said. The army denied withdrawing from the town and said it would retake it."
)
FRENCH = (
    "Les rebelles du M23 ont pris la ville de Sake dimanche après de violents combats avec l'armée "
    "congolaise, selon des habitants. L'armée a démenti s'être retirée de la ville."
)


def page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{body}</p></article></body></html>").encode("utf-8")


def feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Sun, 09 Mar 2025 10:00:00 GMT</pubDate></item>"
        for title, path in (("Rebels take Sake", "/news/sake"), ("Rebels take Minova", "/news/minova"),
                            ("Private", "/private/secret"), ("Gone", "/news/gone")))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kivu Wire</title>'
            f"<link>{base}</link><description>test</description>{items}</channel></rss>").encode("utf-8")


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: list[tuple[str, dict]] = []
        self.flaky = 1  # /news/flaky answers 503 this many times first

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        site: Site = self.server  # type: ignore[assignment]
        site.hits.append((self.path, dict(self.headers)))
        base = site.base
        if self.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304, b"", None)
            return self._send(200, feed(base), "application/rss+xml", {"ETag": '"v1"'})
        if self.path == "/news/sake":
            return self._send(200, page("Rebels take Sake", REPORT), "text/html; charset=utf-8")
        if self.path == "/news/minova":
            return self._send(200, page("Rebels take Minova", REPORT.replace("Sake", "Minova")), "text/html")
        if self.path == "/news/french":
            return self._send(200, page("Sake", FRENCH), "text/html")
        if self.path == "/news/flaky":
            if site.flaky > 0:
                site.flaky -= 1
                return self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
            return self._send(200, page("Flaky", REPORT.replace("Sake", "Rubaya")), "text/html")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status, body, kind, headers=None):
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def site():
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture()
def fast_fetch():
    """Fetch settings for a loopback server: no waiting between requests or before retries."""
    from eventwire.options import Fetch

    return Fetch(per_host_interval=0.0, backoff=0.0, timeout=5.0, retries=2)
