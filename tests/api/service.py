"""A real service for the API and browser tests: an SQLite store coded from the bundled samples plus
two articles written for these tests, served by uvicorn on 127.0.0.1 (a free port) in a thread."""

from __future__ import annotations

import atexit
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from eventwire.api import Settings, create_app
from eventwire.model import Failure
from eventwire.read import Metadata, article_from_text, read_paths
from eventwire.store import open_store

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
TOKEN = "test-write-token-0123"

# An article whose text and title hold markup: the UI must show it as text and run none of it.
XSS_ID = "test-markup-article"
XSS_MARKERS = ("<script>", "onerror=", "onmouseover=")
XSS_TEXT = (
    'KADUGLI, March 3 (Test Wire) - Gunmen <script>window.__xss = "script"</script> attacked a police post '
    'in Kadugli on Monday, killing three officers, the army said.\n\n'
    'A statement titled <img src=x onerror="window.__xss = \'img\'"> said the fighters had withdrawn. '
    '"They came at night," a resident said, adding that <a href="javascript:window.__xss=1" '
    'onmouseover="window.__xss = \'attr\'">the attackers</a> fled toward the hills.'
)
EXTRA_TEXT = (
    "JUBA, March 4 (Test Wire) - South Sudan's government and rebel commanders met in Juba on Tuesday "
    "and agreed to a ceasefire, officials said.\n\nUganda sent troops to the border the same day."
)


def build_store(path: Path, coder) -> Path:
    """Code the samples and the two test articles into a new store at `path`."""
    articles = [a for a in read_paths([SAMPLES]) if not isinstance(a, Failure)]
    articles.append(article_from_text(XSS_TEXT, "test", Metadata(
        id=XSS_ID, title='Gunmen attack <b>police</b> post <script>window.__xss="title"</script>',
        source="Test Wire", published="2025-03-04"), headers=False))
    articles.append(article_from_text(EXTRA_TEXT, "test", Metadata(
        id="test-juba-ceasefire", title="Ceasefire agreed in Juba", source="Test Wire",
        published="2025-03-05"), headers=False))
    failures = []
    with open_store(path) as store:
        for coded in coder.code_many(articles):
            if isinstance(coded, Failure):
                failures.append(f"{coded.origin} ({coded.stage}): {coded.error}")
            else:
                store.ingest(coded)
    if failures:  # the fixture articles must code: a failure here is a pipeline bug, not an API one
        raise RuntimeError("the test articles did not code: " + "; ".join(failures))
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(settings: Settings):
    """Serve `settings` on a free loopback port until the block ends; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def client(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=60)


_shared: dict[str, object] = {}


def shared_service(coder, directory: Path) -> tuple[Path, str]:
    """One store and one server (with the write token, a 200 kB body limit and batches of 5) for the
    whole test session, shared by tests/api and tests/ui; stopped when the process exits."""
    if not _shared:
        from eventwire.api import coding

        coding.use_coder(coder)  # the service codes with the session's Coder instead of loading another
        db = build_store(directory / "events.db", coder)
        context = running(Settings(db=db, token=TOKEN, max_body_bytes=200_000, max_batch=5))
        base = context.__enter__()
        atexit.register(context.__exit__, None, None, None)
        _shared.update(db=db, base=base)
    return _shared["db"], _shared["base"]
