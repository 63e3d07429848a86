"""The analyst service: an HTTP API and a web UI over one event store (`eventwire serve`).

    from eventwire.api import Settings, create_app, serve
    serve(Settings(db="events.db", token="a-long-secret"), port=8000)    # or: eventwire serve --db events.db

Modules: `settings` (configuration), `app` (the FastAPI application, security middleware, static UI),
`routes` (one function per route), `queries` (filtered, keyset-paged and aggregated SQL), `coding` (the
lazily loaded Coder), `kb` (knowledge-base search, versions), `problems` (errors as problem details).
"""

from __future__ import annotations

from eventwire.api.app import create_app
from eventwire.api.problems import ApiProblem
from eventwire.api.queries import EventFilter, Reader
from eventwire.api.settings import Settings

__all__ = ["ApiProblem", "EventFilter", "Reader", "Settings", "create_app", "serve"]


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Run the service on uvicorn until interrupted (loopback unless `host` says otherwise)."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level,
                timeout_keep_alive=5, limit_concurrency=64, server_header=False)
