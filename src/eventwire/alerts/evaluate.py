"""Which alerts the incidents of one write fire, for every stored watchlist (Options [alerts]).

Run inside the write's transaction (`Store._link_incidents`) over the incidents it created or changed:

- `new`: an incident matches the watchlist (with at least `min_sources` independent sources);
- `surge`: the matching incidents of the `window_days` ending on its day outnumber the trailing
  `baseline_windows` windows: the Poisson probability of at least that many, at the baseline's mean rate,
  is below `surge_p` (and the count is at least `surge_min`); one alert per window of the calendar;
- `escalation`: a material-conflict incident (quad class 4) where the last `escalation_days` had verbal
  conflict (quad class 3) and no material conflict among the watchlist's incidents (its quad classes
  aside, so a watchlist of quad 4 still sees the verbal run-up);
- `new_actor`: a participant of a matching incident never seen in the watchlist's area in the trailing
  `window_days * baseline_windows` days, when that area had incidents then (the first incident of a
  quiet area tells nothing new).

Each alert's key (store/alerts.py) makes it fire once: re-ingesting, or rebuilding the incidents, finds
the key stored and adds nothing.
"""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import date, timedelta
from typing import Any

from eventwire.alerts.watchlists import Watchlist
from eventwire.options import Alerts
from eventwire.store import alerts as stored


def _records(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out += [json.loads(r[0]) for r in conn.execute(
            f"SELECT record FROM incidents WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY id", chunk)]
    return out


def day_of(record: dict[str, Any]) -> date | None:
    value = record.get("date_end") or record.get("first_report")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _between(conn: sqlite3.Connection, watchlist: Watchlist, first: date, last: date,
             ignore_quad: bool = False) -> list[dict[str, Any]]:
    """The watchlist's incidents whose day falls in [first, last]."""
    sql = ("SELECT record FROM incidents WHERE coalesce(date_end, first_report) BETWEEN ? AND ?")
    params: list[Any] = [first.isoformat(), last.isoformat()]
    if watchlist.types:
        sql += f" AND type IN ({', '.join('?' * len(watchlist.types))})"
        params += list(watchlist.types)
    rows = (json.loads(r[0]) for r in conn.execute(sql, params))
    return [r for r in rows if watchlist.matches(r, ignore_quad=ignore_quad)]


def poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean)."""
    if k <= 0:
        return 1.0
    term, below = math.exp(-mean), 0.0
    for i in range(k):
        below += term
        term *= mean / (i + 1)
    return max(0.0, 1.0 - below)


def evaluate(conn: sqlite3.Connection, update, options: Alerts) -> list[int]:
    """Fire the alerts the created and changed incidents call for; returns the new alert ids."""
    lists = stored.watchlists(conn)
    if not lists:
        return []
    records = _records(conn, sorted(set(update.created) | set(update.changed)))
    fired: list[int] = []
    for watchlist in lists:
        for record in records:
            fired += _for_incident(conn, watchlist, record, options)
    return fired


def _for_incident(conn: sqlite3.Connection, wl: Watchlist, record: dict[str, Any], options: Alerts) -> list[int]:
    out: list[int | None] = []
    day = day_of(record)
    escalated = day is not None and record.get("quad_class") == 4 and _escalation(conn, wl, record, day, options)
    if escalated and wl.matches(record, ignore_quad=True):
        out.append(stored.fire(conn, wl, "escalation", record["id"],
                               f"{wl.name}: verbal conflict turned material ({record['type']})",
                               {"record": record}, record["id"], day.isoformat()))
    if not wl.matches(record):
        return [a for a in out if a is not None]
    out.append(stored.fire(conn, wl, "new", record["id"], f"{wl.name}: {_describe(record)}",
                           {"record": record}, record["id"], day.isoformat() if day else None))
    if day is None:
        return [a for a in out if a is not None]
    out.append(_surge(conn, wl, record, day, options))
    if wl.has_area:
        out += _new_actors(conn, wl, record, day, options)
    return [a for a in out if a is not None]


def _describe(record: dict[str, Any]) -> str:
    where = record.get("location_name") or ", ".join(record.get("countries") or []) or "somewhere"
    when = record.get("date_start") or record.get("first_report") or "undated"
    return (f"{record['type']} at {where} on {when} ({record.get('independent_sources', 1)} independent sources,"
            f" {record.get('factuality')})")


def _surge(conn, wl: Watchlist, record, day: date, options: Alerts) -> int | None:
    window = options.window_days
    bucket = day.toordinal() // window  # calendar windows: one surge alert per window at most
    last = date.fromordinal((bucket + 1) * window - 1)
    first = date.fromordinal(bucket * window)
    history_start = first - timedelta(days=window * options.baseline_windows)
    incidents = _between(conn, wl, history_start, last)
    current = sum(1 for r in incidents if (d := day_of(r)) and d >= first)
    baseline = (len(incidents) - current) / options.baseline_windows
    # A quiet past is not silence: at least half an incident per window, so one incident is no surge.
    mean = max(baseline, 0.5)
    tail = poisson_tail(current, mean)
    if current < options.surge_min or tail >= options.surge_p:
        return None
    return stored.fire(conn, wl, "surge", f"{first.isoformat()}/{last.isoformat()}",
                       f"{wl.name}: {current} incidents from {first} to {last} against {baseline:.1f} a window before",
                       {"count": current, "baseline": round(baseline, 2), "p": tail, "from": first.isoformat(),
                        "to": last.isoformat()}, record["id"], last.isoformat())


def _escalation(conn, wl: Watchlist, record, day: date, options: Alerts) -> bool:
    earlier = [r for r in _between(conn, wl, day - timedelta(days=options.escalation_days), day, ignore_quad=True)
               if r["id"] != record["id"] and (day_of(r) or day) <= day]
    quads = {r.get("quad_class") for r in earlier}
    return 3 in quads and 4 not in quads


def _new_actors(conn, wl: Watchlist, record, day: date, options: Alerts) -> list[int | None]:
    lookback = day - timedelta(days=options.window_days * options.baseline_windows)
    before = [r for r in _between(conn, wl, lookback, day - timedelta(days=1), ignore_quad=True) if r["id"] != record["id"]]
    if not before:
        return []
    seen = {p for r in before for p in r.get("participants") or ()}
    out = []
    for actor in sorted(set(record.get("participants") or ()) - seen):
        out.append(stored.fire(conn, wl, "new_actor", actor, f"{wl.name}: {actor} appears ({_describe(record)})",
                               {"actor": actor, "record": record}, record["id"], day.isoformat()))
    return out
