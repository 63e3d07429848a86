"""Assertion helpers shared by the tests: events, and the soundness of a store after a crash or abuse."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def only(events, type_):
    """The first event of `type_` (failing with the types found when there is none)."""
    found = [e for e in events if e.type == type_]
    assert found, f"no {type_} in {[(e.type, e.trigger) for e in events]}"
    return found[0]


def countries(entities):
    return {e.country for e in entities}


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def check_store(db: Path) -> tuple[int, int]:
    """Integrity, no orphan rows, and each article's rows match its own document; (articles, events)."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for article_id, document in conn.execute("SELECT id, document FROM articles"):
        doc = json.loads(document)
        events = conn.execute("SELECT count(*) FROM events WHERE article_id = ?", (article_id,)).fetchone()[0]
        quotes = conn.execute("SELECT count(*) FROM quotes WHERE article_id = ?", (article_id,)).fetchone()[0]
        assert (events, quotes) == (len(doc["events"]), len(doc["quotes"])), article_id
    counts = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT id) FROM articles),"
                          " (SELECT count(*) FROM events)").fetchone()
    conn.close()
    assert counts[0] == counts[1]
    return counts[0], counts[2]


def count_calls(monkeypatch, module, name: str) -> list[int]:
    """Count the calls of `module.name` (a counter around the real function, not a stand-in): how much
    work a path does, for tests that bound it. The count is element 0 of the list returned."""
    calls = [0]
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls
