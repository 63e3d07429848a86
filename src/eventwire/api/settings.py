"""`Settings`: everything the service is configured with, from arguments or the environment.

    Settings(db="events.db")                       # read-only: no token, so every write is refused
    Settings(db="events.db", token="s3cret")        # writes need `Authorization: Bearer s3cret`
    Settings.from_env(db="events.db")               # EVENTWIRE_TOKEN, EVENTWIRE_CORS_ORIGINS, ...
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.store.sqlite import default_path

TOKEN_ENV = "EVENTWIRE_TOKEN"
CORS_ENV = "EVENTWIRE_CORS_ORIGINS"  # comma-separated origins; unset = no CORS headers at all


@dataclass(frozen=True, slots=True)
class Settings:
    """Service settings. `token=None` makes the service read-only (POST /articles answers 403).

    `max_body_bytes`: larger request bodies get 413; `max_batch`: most articles in one POST /articles;
    `max_page`: the largest `limit` of a paged route; `request_timeout`: seconds a request may take
    before it is answered with 503 (its work is abandoned, not killed).
    """

    db: Path = field(default_factory=lambda: default_path(None))
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 2_000_000
    max_batch: int = 100
    max_page: int = 1000
    request_timeout: float = 30.0
    cache_entries: int = 256

    def __post_init__(self) -> None:
        object.__setattr__(self, "db", Path(self.db))
        if self.token is not None and len(self.token) < 8:
            raise ValueError("the write token must be at least 8 characters (EVENTWIRE_TOKEN)")
        for name in ("max_body_bytes", "max_batch", "max_page"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)!r}")

    @classmethod
    def from_env(cls, db: str | os.PathLike | None = None, **overrides) -> Settings:
        """Settings from $EVENTWIRE_DB, $EVENTWIRE_TOKEN and $EVENTWIRE_CORS_ORIGINS, then `overrides`."""
        origins = tuple(o.strip() for o in os.environ.get(CORS_ENV, "").split(",") if o.strip())
        values = {"db": default_path(db), "token": os.environ.get(TOKEN_ENV) or None, "cors_origins": origins}
        values.update(overrides)
        return cls(**values)

    @property
    def writable(self) -> bool:
        return self.token is not None
