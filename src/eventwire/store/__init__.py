"""The embedded store: one SQLite file (WAL, migrations), idempotent and transactional writes, queries
and streaming exports (`sqlite`)."""

from eventwire.store.sqlite import Store, content_hash, open_store

__all__ = ["Store", "content_hash", "open_store"]
