"""Watchlists, alerts and the webhook outbox in the store.

An alert has a `key` that names what it is about (kind, watchlist and incident, window or actor), and the
key is unique: an alert fires once, however often the articles behind it are ingested again or the store
is rebuilt. Each alert is put in the outbox once per webhook of its watchlist, in the same transaction as
the alert itself, and leaves the outbox only when a receiver has answered 2xx: nothing is lost while a
receiver is down.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from typing import Any

from eventwire.alerts.watchlists import Watchlist

SCHEMA = """
CREATE TABLE watchlists (
    name TEXT PRIMARY KEY,
    definition TEXT NOT NULL,                 -- JSON: the Watchlist fields but its name
    created_at TEXT NOT NULL
);
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,                 -- kind|watchlist|subject: fires once
    watchlist TEXT NOT NULL, kind TEXT NOT NULL,
    incident_id TEXT, day TEXT,
    title TEXT NOT NULL,
    payload TEXT NOT NULL,                    -- JSON: what the webhook receives
    created_at TEXT NOT NULL
);
CREATE INDEX idx_alerts_watchlist ON alerts(watchlist, id);
CREATE TABLE alert_outbox (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,                    -- not tried again before this time (UTC ISO)
    delivered_at TEXT, last_error TEXT,
    PRIMARY KEY (alert_id, url)
);
CREATE INDEX idx_alert_outbox_pending ON alert_outbox(delivered_at, next_at);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def watchlists(conn: sqlite3.Connection) -> list[Watchlist]:
    return [Watchlist.from_dict(r[0], json.loads(r[1]))
            for r in conn.execute("SELECT name, definition FROM watchlists ORDER BY name")]


def save_watchlist(conn: sqlite3.Connection, watchlist: Watchlist) -> None:
    conn.execute("INSERT INTO watchlists VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET definition = excluded.definition",
                 (watchlist.name, watchlist.to_json(), now()))


def remove_watchlist(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("DELETE FROM watchlists WHERE name = ?", (name,)).rowcount > 0


def fire(conn: sqlite3.Connection, watchlist: Watchlist, kind: str, subject: str, title: str,
         payload: dict[str, Any], incident_id: str | None = None, day: str | None = None) -> int | None:
    """Store an alert unless its key was stored before; queue it for the watchlist's webhooks.
    Returns the new alert's id, or None when it had fired already."""
    key = f"{kind}|{watchlist.name}|{subject}"
    stamp = now()
    body = {"alert": kind, "watchlist": watchlist.name, "key": key, "title": title, "incident": incident_id,
            "day": day, "created_at": stamp, **payload}
    cursor = conn.execute("INSERT OR IGNORE INTO alerts (key, watchlist, kind, incident_id, day, title, payload,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          (key, watchlist.name, kind, incident_id, day, title, json.dumps(body, ensure_ascii=False),
                           stamp))
    if cursor.rowcount == 0:
        return None
    alert_id = int(cursor.lastrowid)
    conn.executemany("INSERT INTO alert_outbox (alert_id, url, next_at) VALUES (?, ?, ?)",
                     [(alert_id, url, stamp) for url in watchlist.webhooks])
    body["id"] = alert_id
    conn.execute("UPDATE alerts SET payload = ? WHERE id = ?", (json.dumps(body, ensure_ascii=False), alert_id))
    return alert_id
