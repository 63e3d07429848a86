"""Read queries of the analyst service: filtered, keyset-paged and aggregated, never a full-table load.

    db = Reader("events.db")
    page = db.events(EventFilter(type=("ASSAULT",), country="SDN"), limit=50)
    page.rows, page.next            # rows in the store's row shape; an opaque cursor or None
    db.stats(EventFilter(), by=("day", "type"))

Rows have the shape of `Store.events` (so `eventwire.export` renders them). Pages are ordered by the
article's publication date (newest first by default), then article id, then position in the article,
which is a total order, so a cursor (the last row's key) pages stably while events are being added.
Connections are read-only (SQLite `mode=ro`) and one per thread; writes go through `Store`.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.api.problems import BadRequest, ServiceUnavailable
from eventwire.incidents.consensus import incident_row
from eventwire.model import QUAD_CLASS
from eventwire.normalize import name_key
from eventwire.store import query, summary
from eventwire.store.query import EventFilter

__all__ = ["STAT_DIMENSIONS", "EventFilter", "Page", "Reader"]
STAT_DIMENSIONS = ("day", "type", "quad_class", "factuality", "country", "actor", "recipient")
# Articles are paged by this key: must match the expression index of migration 3 (idx_articles_published_key).
_PUBLISHED = "coalesce(a.published, '')"
_DAY = "e.day_start"


@dataclass(slots=True)
class Page:
    rows: list[dict[str, Any]]
    next: str | None
    limit: int
    extra: dict[str, Any] = field(default_factory=dict)


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The key a cursor holds; a cursor that was not made by this service is a 400, not a 500."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest("cursor: not a cursor this service returned") from None
    if not isinstance(key, list) or len(key) != size or not all(isinstance(k, (str, int)) for k in key):
        raise BadRequest("cursor: not a cursor this service returned")
    return key


def _casefold(value: Any) -> str | None:
    return None if value is None else str(value).casefold()


class Reader:
    """Read-only access to one store file: one SQLite connection per thread, and a small cache of
    aggregates that is dropped whenever the file changes (checked by its and its WAL's stat)."""

    def __init__(self, path: str | os.PathLike, cache_entries: int = 256, timeout: float = 30.0):
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_entries = cache_entries
        self._cache_lock = threading.Lock()
        self._names: tuple[tuple, dict] | None = None

    # connections ---------------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=5.0, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.create_function("casefold", 1, _casefold, deterministic=True)
            conn.execute("PRAGMA query_only = ON")
            conn.execute(f"PRAGMA cache_size = -{query.CACHE_KB // 2}")  # one per worker thread
            conn.set_progress_handler(self._over_time, 20_000)  # a query past its budget is interrupted
            self._local.conn = conn
        return conn

    def _over_time(self) -> int:
        deadline = getattr(self._local, "deadline", None)
        return 1 if deadline is not None and time.monotonic() > deadline else 0

    @contextmanager
    def budget(self) -> Iterator[None]:
        """Run the queries inside within `timeout` seconds: a slower query is interrupted and
        reported as 503 (ServiceUnavailable) rather than holding a worker thread indefinitely."""
        outer = getattr(self._local, "deadline", None)
        if outer is None:
            self._local.deadline = time.monotonic() + self.timeout
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise ServiceUnavailable(f"the query took longer than {self.timeout:g} s; narrow the filters") from None
            raise ServiceUnavailable("the event store cannot be read right now") from exc
        finally:
            if outer is None:
                self._local.deadline = None

    def _stamp(self) -> tuple:
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.path}{suffix}")
                out += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

    def cached(self, key: tuple, compute):
        """compute() once per `key` while the store file is unchanged."""
        full_key = (self._stamp(), *key)
        with self._cache_lock:
            if full_key in self._cache:
                self._cache.move_to_end(full_key)
                return self._cache[full_key]
        value = compute()
        with self._cache_lock:
            self._cache[full_key] = value
            while len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)
        return value

    # events --------------------------------------------------------------------------------------

    def events(self, flt: EventFilter, limit: int = 50, cursor: str | None = None,
               order: str = "desc") -> Page:
        """One page of events matching `flt`, newest article first (or oldest with order='asc'), read
        through the plan `query.plan_events` picks (an index walk in sort order, or a selective set)."""
        after = tuple(decode_cursor(cursor, 3)) if cursor else None
        rows = list(query.read_events(self.conn, flt, order=order, limit=limit + 1, after=after,
                                      undated_last=False))
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1] if rows else None
        next_cursor = (encode_cursor([self._key(last), last["article_id"], last["seq"]]) if more else None)
        return Page(rows, next_cursor, limit)

    def _key(self, row: dict[str, Any]) -> str:
        return row.get("article_published") or ""

    def plan(self, flt: EventFilter, limit: int | None = 50) -> query.Plan:
        """The plan a page of `flt` is read by (tests and the benchmark look at it)."""
        return query.plan_events(self.conn, flt, limit)

    def event(self, event_id: str) -> dict[str, Any] | None:
        columns = ", ".join(f'e."{c}"' for c in query.EVENT_FIELDS)
        row = self.conn.execute(f"SELECT {columns} FROM events e WHERE e.id = ?", (event_id,)).fetchone()
        return query.complete(self.conn, [dict(row)])[0] if row else None

    # articles ------------------------------------------------------------------------------------

    def articles(self, limit: int = 50, cursor: str | None = None, q: str | None = None,
                 source: str | None = None, since: str | None = None, until: str | None = None) -> Page:
        """Article metadata (no text) with event counts, newest first, keyset-paged."""
        where, params = ["1"], []
        if q:
            where.append("instr(casefold(coalesce(a.title, '') || ' ' || a.id), ?)")
            params.append(q.casefold())
        if source:
            where.append("a.source = ?")
            params.append(source)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("a.published <= ?")
            params.append(until)
        if cursor:
            published, article_id = decode_cursor(cursor, 2)
            where.append(f"({_PUBLISHED}, a.id) < (?, ?)")
            params += [published, article_id]
        sql = ("SELECT a.id, a.title, a.url, a.source, a.published, a.coded_at, a.eventwire_version,"
               " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,"
               f" {_PUBLISHED} AS _key FROM articles a WHERE {' AND '.join(where)}"
               f" ORDER BY {_PUBLISHED} DESC, a.id DESC LIMIT ?")
        rows = [dict(r) for r in self.conn.execute(sql, [*params, limit + 1])]
        more = len(rows) > limit
        rows = rows[:limit]
        keys = [r.pop("_key") for r in rows]
        return Page(rows, encode_cursor([keys[-1], rows[-1]["id"]]) if more else None, limit)

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT id, title, url, source, published, text, warnings, document, coded_at, eventwire_version"
            " FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["warnings"] = json.loads(out["warnings"] or "[]")
        out["document"] = json.loads(out["document"])
        return out

    # aggregates ----------------------------------------------------------------------------------

    def count(self, flt: EventFilter) -> int:
        def compute():
            source, where, params = query.matching(self.conn, flt)
            return self.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]

        return self.cached(("count", flt), compute)

    def stats(self, flt: EventFilter, by: tuple[str, ...], split: str | None = None,
              top: int = 20) -> dict[str, Any]:
        """Event counts under `flt`: the total, and per dimension in `by` (day, type, quad_class,
        factuality, country = the location's, actor, recipient). `split` (type or quad_class) breaks
        each day's count down, for a stacked timeline. Read from the kept counts (store/summary.py)
        when they are kept by the filters and dimensions asked for, else counted from the events."""
        for name in (*by, *([split] if split else [])):
            if name not in STAT_DIMENSIONS:
                raise BadRequest(f"by: unknown dimension {name!r}; use one of {', '.join(STAT_DIMENSIONS)}")
        return self.cached(("stats", flt, by, split, top), lambda: summary.read_stats(
            self.conn, flt, by, split, top) or self.counted_stats(flt, by, split, top))

    def counted_stats(self, flt: EventFilter, by: tuple[str, ...], split: str | None, top: int) -> dict[str, Any]:
        """`stats` counted from the matching events."""
        source, where, params = query.matching(self.conn, flt)
        base = f"FROM {source} WHERE {where}"
        out: dict[str, Any] = {"total": self.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]}
        simple = [name for name in by if name in ("type", "quad_class", "factuality")]
        if simple:  # one pass over type and factuality gives all three
            out.update(self._type_factuality(base, params, simple, top))
        for name in by:
            if f"by_{name}" in out:
                continue
            if name == "day":
                inner = "e.type" if split == "type" else "e.quad_class" if split == "quad_class" else "''"
                days: dict[str, dict[str, int]] = {}
                sql = f"SELECT {_DAY} AS day, {inner} AS part, count(*) AS n {base} AND day IS NOT NULL GROUP BY day, part"
                for r in self.conn.execute(sql, params):
                    counts = days.setdefault(r["day"], {})
                    counts[str(r["part"])] = counts.get(str(r["part"]), 0) + r["n"]
                out["by_day"] = [{"day": d, "total": sum(c.values()), **({"counts": c} if split else {})}
                                 for d, c in sorted(days.items())]
            elif name in ("actor", "recipient"):
                sql = ("SELECT x.name, x.kb_id, x.country, x.sector, count(*) AS n FROM event_actors x"
                       f" WHERE x.role = ? AND x.event_id IN (SELECT e.id {base})"
                       " GROUP BY x.name, x.kb_id, x.country, x.sector"
                       " ORDER BY n DESC, x.name, x.kb_id, x.country, x.sector LIMIT ?")
                out[f"by_{name}"] = [dict(r) for r in self.conn.execute(sql, [name, *params, top])]
            else:  # country: the location's
                sql = (f"SELECT e.location_country AS value, count(*) AS n {base} AND e.location_country IS NOT NULL"
                       " GROUP BY value ORDER BY n DESC, value LIMIT ?")
                out["by_country"] = [{"value": r["value"], "n": r["n"]} for r in self.conn.execute(sql, [*params, top])]
        return out

    def _type_factuality(self, base: str, params: list[Any], names: list[str], top: int) -> dict[str, Any]:
        counts: dict[str, dict[Any, int]] = {"type": {}, "quad_class": {}, "factuality": {}}
        sql = f"SELECT e.type AS type, e.factuality AS factuality, count(*) AS n {base} GROUP BY e.type, e.factuality"
        for r in self.conn.execute(sql, params):
            for name, value in (("type", r["type"]), ("quad_class", QUAD_CLASS.get(r["type"])),
                                ("factuality", r["factuality"])):
                if value is not None:
                    counts[name][value] = counts[name].get(value, 0) + r["n"]
        return {f"by_{name}": [{"value": v, "n": n} for v, n in
                               sorted(counts[name].items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]]
                for name in names}

    def places(self, flt: EventFilter, limit: int = 2000) -> list[dict[str, Any]]:
        """Event locations under `flt`, the most used first: coordinates, precision (feature), the
        number of events and their counts by type. Ranked in SQL; types are counted for the kept ones."""
        source, where, params = query.matching(self.conn, flt)
        base = f"FROM {source} WHERE {where} AND e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL"

        def compute():
            sql = ("SELECT e.location_geonameid AS geonameid, e.location_name AS name, min(e.location_lat) AS lat,"
                   " min(e.location_lon) AS lon, min(e.location_country) AS country,"
                   f" min(e.location_feature) AS feature, count(*) AS n {base}"
                   " GROUP BY e.location_geonameid, e.location_name ORDER BY n DESC, name LIMIT ?")
            places = {(r["geonameid"], r["name"]): {
                "name": r["name"], "geonameid": r["geonameid"], "lat": r["lat"], "lon": r["lon"],
                "country": r["country"], "feature": r["feature"], "events": r["n"], "types": {}}
                for r in self.conn.execute(sql, [*params, limit])}
            ids = [g for g, _ in places if g is not None]
            unnamed = [n for g, n in places if g is None and n is not None]
            for i in range(0, max(len(ids), len(unnamed)), 400):
                ids_part, names_part = ids[i:i + 400], unnamed[i:i + 400]
                keep = " OR ".join(filter(None, [
                    f"e.location_geonameid IN ({', '.join('?' * len(ids_part))})" if ids_part else "",
                    f"(e.location_geonameid IS NULL AND e.location_name IN ({', '.join('?' * len(names_part))}))"
                    if names_part else ""]))
                sql = (f"SELECT e.location_geonameid AS geonameid, e.location_name AS name, e.type AS type,"
                       f" count(*) AS n {base} AND ({keep}) GROUP BY 1, 2, 3")
                for r in self.conn.execute(sql, [*params, *ids_part, *names_part]):
                    place = places.get((r["geonameid"], r["name"]))
                    if place is not None:
                        place["types"][r["type"]] = r["n"]
            return list(places.values())

        return self.cached(("places", flt, limit), compute)

    def network(self, flt: EventFilter, top: int = 40) -> dict[str, Any]:
        """Who acts on whom: edges actor -> recipient weighted by events, with counts per quad class,
        among the `top` participants in most events under `flt`."""
        source, where, params = query.matching(self.conn, flt)
        scoped = where != "1"
        events_sql = f"SELECT e.id FROM {source} WHERE {where}"

        def compute():
            busiest = ("SELECT x.name, count(*) AS n FROM event_actors x"
                       + (f" WHERE x.event_id IN ({events_sql})" if scoped else "")
                       + " GROUP BY x.name ORDER BY n DESC, x.name LIMIT ?")
            keep = [r["name"] for r in self.conn.execute(busiest, [*(params if scoped else []), top])]
            if not keep:
                return {"nodes": [], "edges": []}
            marks = ", ".join("?" * len(keep))
            sql = ("SELECT s.name AS source, t.name AS target, e.quad_class AS quad, count(*) AS n"
                   " FROM event_actors s"
                   " JOIN event_actors t ON t.event_id = s.event_id AND t.role = 'recipient'"
                   " JOIN events e ON e.id = s.event_id"
                   f" WHERE s.role = 'actor' AND s.name IN ({marks}) AND t.name IN ({marks})"
                   f" AND s.name != t.name{f' AND e.id IN ({events_sql})' if scoped else ''} GROUP BY 1, 2, 3")
            edges: dict[tuple[str, str], dict[str, Any]] = {}
            degree: dict[str, int] = {}
            for r in self.conn.execute(sql, [*keep, *keep, *(params if scoped else [])]):
                edge = edges.setdefault((r["source"], r["target"]),
                                        {"source": r["source"], "target": r["target"], "events": 0, "quad": {}})
                edge["events"] += r["n"]
                edge["quad"][str(r["quad"])] = r["n"]
                for name in (r["source"], r["target"]):
                    degree[name] = degree.get(name, 0) + r["n"]
            kept = sorted(edges.values(), key=lambda e: (-e["events"], e["source"], e["target"]))
            for edge in kept:
                edge["quad_class"] = int(max(edge["quad"], key=lambda q: (edge["quad"][q], q)))
            nodes = [{"name": n, "events": degree[n]} for n in sorted(degree, key=lambda n: (-degree[n], n))]
            return {"nodes": nodes, "edges": kept}

        return self.cached(("network", flt, top), compute)

    def actors(self, q: str | None, limit: int = 20) -> list[dict[str, Any]]:
        """Participants in the store whose name, text or KB id contains `q`, with their event counts
        as actor and as recipient, the most frequent first."""
        where, params = "1", []
        if q:  # the actor filter's keys (names read as the coder reads them), else each row tested
            keys = query.actor_keys(self.conn, q)
            if keys is None:
                needle = q.casefold()
                where = ("instr(name_key, ?) OR instr(coalesce(text_key, ''), ?)"
                         " OR instr(casefold(coalesce(kb_id, '')), ?)")
                params = [name_key(q) or needle, name_key(q) or needle, needle]
            else:
                parts = [f"{column} IN ({', '.join('?' * len(keys[kind]))})" for column, kind in
                         (("name_key", "name"), ("text_key", "text"), ("kb_id", "id"), ("wikidata", "id")) if keys[kind]]
                where = " OR ".join(parts) or "0"
                params = [v for column, kind in (("name_key", "name"), ("text_key", "text"), ("kb_id", "id"),
                                                 ("wikidata", "id")) if keys[kind] for v in keys[kind]]
        sql = ("SELECT name, kb_id, wikidata, country, sector, kind,"
               " sum(role = 'actor') AS as_actor, sum(role = 'recipient') AS as_recipient, count(*) AS events"
               f" FROM event_actors WHERE {where} GROUP BY name, kb_id, country, sector"
               " ORDER BY events DESC, name LIMIT ?")
        return self.cached(("actors", q, limit),
                           lambda: [dict(r) for r in self.conn.execute(sql, [*params, limit])])

    # incidents -----------------------------------------------------------------------------------

    def incidents(self, flt: EventFilter, limit: int = 50, cursor: str | None = None) -> Page:
        """One page of incidents with a report matching `flt`, the latest-reported first: each row is the
        incident's consensus over its latest matching report (`Store.iter_incidents`' shape)."""
        source, where, params = query.matching(self.conn, flt)
        having, args = "", []
        if cursor:
            key, incident_id = decode_cursor(cursor, 2)
            having = " HAVING (max(k), m.incident_id) < (?, ?)"
            args = [key, incident_id]
        # SQLite gives the bare columns (e.id) of the row that holds max(k): the latest matching report.
        sql = (f"SELECT m.incident_id AS incident_id, e.id AS event_id, max(k) AS key FROM"
               f" (SELECT e.id AS id, e.published_key || ' ' || e.article_id || ' ' || printf('%08d', e.seq) AS k"
               f"  FROM {source} WHERE {where}) e"
               " JOIN incident_members m ON m.event_id = e.id"
               f" GROUP BY m.incident_id{having} ORDER BY key DESC, incident_id DESC LIMIT ?")
        found = self.conn.execute(sql, [*params, *args, limit + 1]).fetchall()
        more = len(found) > limit
        found = found[:limit]
        rows = []
        for incident_id, event_id, _ in found:
            record = self.incident(incident_id) or {}
            event = self.event(event_id)
            if event is not None:
                rows.append(incident_row(event, record))
        next_cursor = encode_cursor([found[-1][2], found[-1][0]]) if more else None
        return Page(rows, next_cursor, limit)

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT record FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def incident_stats(self, flt: EventFilter, by: tuple[str, ...], top: int = 20) -> dict[str, Any]:
        """`stats` counting incidents: distinct incidents with a matching report, by their consensus type,
        quad class, factuality, location country and day; by participant for actor and recipient."""
        for name in by:
            if name not in STAT_DIMENSIONS:
                raise BadRequest(f"by: unknown dimension {name!r}; use one of {', '.join(STAT_DIMENSIONS)}")
        source, where, params = query.matching(self.conn, flt)
        base = (f"FROM incidents i WHERE i.id IN (SELECT m.incident_id FROM {source}"
                f" JOIN incident_members m ON m.event_id = e.id WHERE {where})")

        def compute():
            out: dict[str, Any] = {"count": "incidents",
                                   "total": self.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]}
            columns = {"type": "i.type", "quad_class": "i.quad_class", "factuality": "i.factuality",
                       "country": "i.location_country", "day": "coalesce(i.date_start, i.first_report)"}
            for name in by:
                if name in columns:
                    col = columns[name]
                    order = "value" if name == "day" else "n DESC, value"
                    sql = f"SELECT {col} AS value, count(*) AS n {base} AND {col} IS NOT NULL GROUP BY value ORDER BY {order}"
                    sql += "" if name == "day" else " LIMIT ?"
                    rows = self.conn.execute(sql, [*params, *([] if name == "day" else [top])])
                    key = "day" if name == "day" else "value"
                    out[f"by_{name}"] = [{key: r["value"], ("total" if name == "day" else "n"): r["n"]} for r in rows]
                else:
                    sql = ("SELECT x.name, x.kb_id, x.country, x.sector, count(DISTINCT m.incident_id) AS n"
                           " FROM event_actors x JOIN incident_members m ON m.event_id = x.event_id"
                           f" WHERE x.role = ? AND m.incident_id IN (SELECT i.id {base})"
                           " GROUP BY x.name, x.kb_id, x.country, x.sector ORDER BY n DESC, x.name LIMIT ?")
                    out[f"by_{name}"] = [dict(r) for r in self.conn.execute(sql, [name, *params, top])]
            return out

        return self.cached(("incident_stats", flt, by, top), compute)

    def quotes_overlapping(self, article_id: str, start: int, end: int) -> list[dict[str, Any]]:
        sql = ('SELECT * FROM quotes WHERE article_id = ? AND start < ? AND "end" > ? ORDER BY start')
        return [dict(r) for r in self.conn.execute(sql, (article_id, end, start))]
