"""`create_app(settings)`: the FastAPI application (API, web UI, OpenAPI docs) over one store file.

    from eventwire.api import Settings, create_app
    app = create_app(Settings(db="events.db"))          # then: uvicorn.run(app, host="127.0.0.1")

Security, in one place: request bodies over `max_body_bytes` get 413 before they are read; every
response carries a Content-Security-Policy (scripts and styles only from this origin, no framing, no
plugins) and nosniff; CORS headers only for the origins configured; errors are problem details.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.api.problems import install_handlers, problem_response
from eventwire.api.queries import Reader
from eventwire.api.routes import router
from eventwire.api.settings import Settings
from eventwire.store.sqlite import open_store

WEB_DIR = Path(str(files("eventwire") / "web"))
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class _Security:
    """ASGI middleware: refuse oversized bodies (413, by Content-Length or while streaming) and add
    the security headers to every response."""

    def __init__(self, app, max_body_bytes: int):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.max_body_bytes
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await self._too_large(scope, receive, send, limit)
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def secured_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", ())}
                message["headers"] = list(message.get("headers", ())) + [
                    h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _BodyTooLarge:
            if not started:
                await self._too_large(scope, receive, send, limit)

    async def _too_large(self, scope, receive, send, limit: int):
        response = problem_response(413, "Content Too Large",
                                    f"request body is over the limit of {limit} bytes", scope.get("path"),
                                    limit=limit)
        response.headers["connection"] = "close"
        response.headers["content-security-policy"] = CSP
        await response(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service over `settings.db` (created and migrated if missing)."""
    settings = settings or Settings.from_env()
    try:
        open_store(settings.db).close()  # create / migrate now, so reads can use read-only connections
    except Exception:
        if not settings.db.exists():
            raise
    app = FastAPI(
        title="eventwire analyst service",
        version=__version__,
        description="PLOVER events coded from news, with their evidence: filter, page, aggregate, export, code.",
        docs_url=None, redoc_url=None,
    )
    app.state.settings = settings
    app.state.reader = Reader(settings.db, cache_entries=settings.cache_entries,
                              timeout=settings.request_timeout)
    install_handlers(app)
    app.include_router(router)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(_Security, max_body_bytes=settings.max_body_bytes)
    _mount_web(app)
    return app


def _mount_web(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/ui/", status_code=307)

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(WEB_DIR / "docs.html", media_type="text/html")

    app.mount("/ui", StaticFiles(directory=WEB_DIR, html=True), name="ui")
