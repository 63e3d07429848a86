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
import math
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.api.problems import BadRequest, ServiceUnavailable
from eventwire.incidents.consensus import incident_row
from eventwire.model import QUAD_CLASS

_ACTOR_FIELDS = ("name", "text", "kb_id", "wikidata", "country", "sector", "kind", "start", "end", "score")
_ARTICLE_FIELDS = ("a.title AS article_title, a.url AS article_url, a.source AS article_source,"
                   " a.published AS article_published, a.coded_at AS article_coded_at,"
                   " a.eventwire_version AS article_version,"
                   " (SELECT c.copy_of FROM article_copies c WHERE c.article_id = e.article_id) AS copy_of,"
                   " (SELECT m.incident_id FROM incident_members m WHERE m.event_id = e.id) AS incident_id")
# The sort key: must match the expression index of migration 3 (idx_articles_published_key).
_PUBLISHED = "coalesce(a.published, '')"
_DAY = "coalesce(e.date_start, e.date_end, a.published)"
BROAD = 5000  # participants matching an actor filter above which a page tests rows in sort order
STAT_DIMENSIONS = ("day", "type", "quad_class", "factuality", "country", "actor", "recipient")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters of GET /events, /stats, /places and /network; all given ones must hold (AND).

    `actor`: case-insensitive substring of a participant's name, text or KB id (either side).
    `actor_country`/`actor_sector` hold for one participant on the actor side, `recipient_*` likewise.
    `country`: ISO3 of any participant or of the location. `place`: location name substring, or a
    GeoNames id. `bbox`: (west, south, east, north) in degrees. `since`/`until`: an event's interval
    (else its article's publication date) overlaps them. `q`: substring of the event's text.
    """

    type: tuple[str, ...] = ()
    quad_class: tuple[int, ...] = ()
    factuality: tuple[str, ...] = ()
    actor: str | None = None
    actor_country: str | None = None
    actor_sector: str | None = None
    recipient_country: str | None = None
    recipient_sector: str | None = None
    country: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None
    min_confidence: float | None = None
    article_id: str | None = None
    incident: str | None = None  # the reports of one incident

    @property
    def needs_article(self) -> bool:
        """Whether the condition reads the article (publication date as the fallback date)."""
        return bool(self.since or self.until)

    def where(self, ordered: bool = False, names: Callable[[str], dict[str, list[str]]] | None = None,
              many: Callable[[str, list[Any]], int] | None = None) -> tuple[str, list[Any]]:
        """The SQL condition over `events e JOIN articles a`, and its parameters.

        `ordered=True` is for a page in sort order: low-cardinality columns (type, quad class,
        factuality, location country, sector and country of a participant) are then tested row by row
        while the rows are read in sort order (SQLite's `+column` keeps it off their indexes), which
        finds the first page after a few thousand rows at most, instead of sorting every match.
        `names(needle)` gives the stored participant names, texts and KB ids containing `needle`, so
        the actor filter is an index lookup instead of a scan of every participant; `many(sql, args)`
        counts rows (up to BROAD) to tell a broad actor filter from a narrow one."""
        where: list[str] = []
        params: list[Any] = []
        plus = "+" if ordered else ""

        def one_of(column: str, values: tuple) -> None:
            where.append(f"{plus}{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)

        if self.type:
            one_of("e.type", tuple(t.upper() for t in self.type))
        if self.quad_class:
            one_of("e.quad_class", self.quad_class)
        if self.factuality:
            one_of("e.factuality", tuple(f.lower() for f in self.factuality))
        def participants(condition: str, args: list[Any], broad: bool) -> None:
            # A broad condition in a page: test each row read in sort order (EXISTS on the event's own
            # participants); else let SQLite drive from the (few) matching participants.
            if ordered and broad:
                where.append(f"EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND ({condition}))")
            else:
                where.append(f"e.id IN (SELECT event_id FROM event_actors x WHERE {condition})")
            params.extend(args)

        if self.actor and names is not None:
            found = names(self.actor.casefold())
            clauses = [f"x.{col} IN ({', '.join('?' * len(vals))})" for col, vals in found.items() if vals]
            args = [v for vals in found.values() for v in vals]
            if not clauses:
                where.append("0")
            else:
                condition = " OR ".join(clauses)
                broad = many is not None and many(
                    f"SELECT 1 FROM event_actors x WHERE {condition} LIMIT {BROAD}", args) >= BROAD
                participants(condition, args, broad)
        elif self.actor:
            needle = self.actor.casefold()
            participants("instr(casefold(x.name), ?) OR instr(casefold(coalesce(x.text, '')), ?)"
                         " OR instr(casefold(coalesce(x.kb_id, '')), ?)", [needle, needle, needle], True)
        for role in ("actor", "recipient"):
            country, sector = getattr(self, f"{role}_country"), getattr(self, f"{role}_sector")
            if country or sector:
                parts, args = ["x.role = ?"], [role]
                if country:
                    parts.append("x.country = ?")
                    args.append(country.upper())
                if sector:
                    parts.append("x.sector = ?")
                    args.append(sector.upper())
                participants(" AND ".join(parts), args, True)
        if self.country:
            code = self.country.upper()
            if ordered:
                where.append("(+e.location_country = ? OR EXISTS (SELECT 1 FROM event_actors x"
                             " WHERE x.event_id = e.id AND x.country = ?))")
            else:
                where.append("(e.location_country = ? OR e.id IN (SELECT event_id FROM event_actors WHERE country = ?))")
            params += [code, code]
        if self.place:
            if self.place.isdigit():
                where.append("e.location_geonameid = ?")
                params.append(int(self.place))
            else:
                where.append("instr(casefold(coalesce(e.location_name, '')), ?)")
                params.append(self.place.casefold())
        if self.bbox:
            west, south, east, north = self.bbox
            lon = "e.location_lon BETWEEN ? AND ?" if west <= east else "(e.location_lon >= ? OR e.location_lon <= ?)"
            where.append(f"e.location_lat BETWEEN ? AND ? AND {lon}")
            params += [south, north, west, east]
        if self.since:
            where.append("coalesce(e.date_end, e.date_start, a.published) >= ?")
            params.append(self.since)
        if self.until:
            where.append("coalesce(e.date_start, e.date_end, a.published) <= ?")
            params.append(self.until)
        if self.q:
            where.append("instr(casefold(coalesce(e.text, '')), ?)")
            params.append(self.q.casefold())
        if self.min_confidence is not None:
            where.append("e.confidence >= ?")
            params.append(self.min_confidence)
        if self.article_id:
            where.append("e.article_id = ?")
            params.append(self.article_id)
        if self.incident:
            where.append("e.id IN (SELECT event_id FROM incident_members WHERE incident_id = ?)")
            params.append(self.incident)
        return " AND ".join(where) or "1", params


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


def _join(flt: EventFilter) -> str:
    return " JOIN articles a ON a.id = e.article_id" if flt.needs_article else ""


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
        """One page of events matching `flt`, newest article first (or oldest with order='asc')."""
        op, direction = ("<", "DESC") if order == "desc" else (">", "ASC")
        dated = bool(flt.since or flt.until) and flt.article_id is None
        # A date filter reads its matches through the date indexes (see _date_branches) and sorts
        # them; any other page reads events in sort order and stops at the page's end.
        where, params = (replace(flt, since=None, until=None) if dated else flt).where(
            ordered=not dated and flt.article_id is None, names=self.names, many=self._rows)
        if cursor:
            published, article_id, seq = decode_cursor(cursor, 3)
            where += f" AND ({_PUBLISHED}, a.id, e.seq) {op} (?, ?, ?)"
            params += [published, article_id, seq]
        select = f"SELECT e.*, {_ARTICLE_FIELDS}, {_PUBLISHED} AS _key FROM events e JOIN articles a ON a.id = e.article_id"
        if dated:
            rows = self._dated_page(flt, where, params, direction, limit + 1, select)
        else:
            sql = (f"{select} WHERE {where}"
                   f" ORDER BY {_PUBLISHED} {direction}, a.id {direction}, e.seq {direction} LIMIT ?")
            rows = [dict(r) for r in self.conn.execute(sql, [*params, limit + 1])]
        more = len(rows) > limit
        rows = rows[:limit]
        keys = [r.pop("_key") for r in rows]
        next_cursor = encode_cursor([keys[-1], rows[-1]["article_id"], rows[-1]["seq"]]) if more else None
        for row in rows:
            row["contexts"] = json.loads(row["contexts"] or "[]")
        self._attach_actors(rows)
        return Page(rows, next_cursor, limit)

    def _dated_page(self, flt: EventFilter, where: str, params: list[Any], direction: str, limit: int,
                    select: str) -> list[dict[str, Any]]:
        """A page under a date filter: sort the matches' keys (read from the date index), then read
        only the page's rows."""
        keys_select = (f"SELECT e.rowid AS rid, {_PUBLISHED} AS _key, e.article_id AS article_id, e.seq AS seq"
                       " FROM events e JOIN articles a ON a.id = e.article_id")
        parts, args = [], []
        for condition, extra in self._date_branches(flt.since, flt.until):
            parts.append(f"{keys_select} WHERE {where} AND {condition}")
            args += [*params, *extra]
        sql = (" UNION ALL ".join(parts) +
               f" ORDER BY _key {direction}, article_id {direction}, seq {direction} LIMIT ?")
        rids = [r["rid"] for r in self.conn.execute(sql, [*args, limit])]
        if not rids:
            return []
        with_rid = select.replace("SELECT e.*", "SELECT e.rowid AS rid, e.*", 1)
        marks = ", ".join("?" * len(rids))
        found = {r["rid"]: dict(r) for r in self.conn.execute(f"{with_rid} WHERE e.rowid IN ({marks})", rids)}
        rows = [found[rid] for rid in rids]
        for row in rows:
            row.pop("rid")
        return rows

    def _date_branches(self, since: str | None, until: str | None) -> list[tuple[str, list[Any]]]:
        """The date filter (interval, else publication date, overlaps [since, until]) as three
        disjoint, index-friendly conditions: events with a start date (a range on date_start, from
        `since` less the longest stored event interval), with only an end date, and with none (by the
        article's publication date)."""
        longest = self.cached(("longest",), lambda: self.conn.execute(
            "SELECT coalesce(max(julianday(date_end) - julianday(date_start)), 0) FROM events"
            " WHERE date_start IS NOT NULL AND date_end IS NOT NULL").fetchone()[0])
        started, ended, undated = ["e.date_start IS NOT NULL"], ["e.date_start IS NULL AND e.date_end IS NOT NULL"], \
            ["e.date_start IS NULL AND e.date_end IS NULL"]
        args: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        if since:
            lowest = (date.fromisoformat(since) - timedelta(days=math.ceil(longest))).isoformat()
            started += ["e.date_start >= ?", "coalesce(e.date_end, e.date_start) >= ?"]
            args[0].extend([lowest, since])
            ended.append("e.date_end >= ?")
            args[1].append(since)
            undated.append("a.published >= ?")
            args[2].append(since)
        if until:
            started.append("e.date_start <= ?")
            args[0].append(until)
            ended.append("e.date_end <= ?")
            args[1].append(until)
            undated.append("a.published <= ?")
            args[2].append(until)
        return [(" AND ".join(c), a) for c, a in zip((started, ended, undated), args)]

    def _rows(self, sql: str, params: list[Any]) -> int:
        return self.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]

    def names(self, needle: str) -> dict[str, list[str]]:
        """Stored participant names, texts and KB ids that contain `needle` (already case-folded)."""
        def distinct():
            out = {}
            for column in ("name", "text", "kb_id"):
                sql = f"SELECT DISTINCT {column} FROM event_actors WHERE {column} IS NOT NULL"
                out[column] = [(v, v.casefold()) for (v,) in self.conn.execute(sql)]
            return out

        stamp = self._stamp()  # kept apart from the aggregate cache: every actor filter needs it
        with self._cache_lock:
            held = self._names
        if held is None or held[0] != stamp:
            held = (stamp, distinct())
            with self._cache_lock:
                self._names = held
        values = held[1]
        return {column: [v for v, folded in pairs if needle in folded][:500] for column, pairs in values.items()}

    def _attach_actors(self, rows: list[dict[str, Any]]) -> None:
        by_id = {}
        for row in rows:
            row["actors"], row["recipients"] = [], []
            by_id[row["id"]] = row
        ids = list(by_id)
        for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[i:i + 500]
            sql = (f"SELECT * FROM event_actors WHERE event_id IN ({', '.join('?' * len(chunk))})"
                   " ORDER BY event_id, role, seq")
            for r in self.conn.execute(sql, chunk):
                by_id[r["event_id"]][f"{r['role']}s"].append({k: r[k] for k in _ACTOR_FIELDS})

    def event(self, event_id: str) -> dict[str, Any] | None:
        sql = (f"SELECT e.*, {_ARTICLE_FIELDS} FROM events e JOIN articles a ON a.id = e.article_id"
               " WHERE e.id = ?")
        row = self.conn.execute(sql, (event_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["contexts"] = json.loads(out["contexts"] or "[]")
        self._attach_actors([out])
        return out

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
        where, params = flt.where(names=self.names)
        join = " JOIN articles a ON a.id = e.article_id" if flt.needs_article else ""
        return self.cached(("count", flt), lambda: self.conn.execute(
            f"SELECT count(*) FROM events e{join} WHERE {where}",
            params).fetchone()[0])

    def stats(self, flt: EventFilter, by: tuple[str, ...], split: str | None = None,
              top: int = 20) -> dict[str, Any]:
        """Event counts under `flt`: the total, and per dimension in `by` (day, type, quad_class,
        factuality, country = the location's, actor, recipient). `split` (type or quad_class) breaks
        each day's count down, for a stacked timeline."""
        for name in (*by, *([split] if split else [])):
            if name not in STAT_DIMENSIONS:
                raise BadRequest(f"by: unknown dimension {name!r}; use one of {', '.join(STAT_DIMENSIONS)}")
        return self.cached(("stats", flt, by, split, top), lambda: self._stats(flt, by, split, top))

    def _stats(self, flt: EventFilter, by: tuple[str, ...], split: str | None, top: int) -> dict[str, Any]:
        where, params = flt.where(names=self.names)
        join = " JOIN articles a ON a.id = e.article_id" if flt.needs_article else ""
        base = f"FROM events e{join} WHERE {where}"
        out: dict[str, Any] = {"total": self.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]}
        columns = {"type": "e.type", "quad_class": "e.quad_class", "factuality": "e.factuality",
                   "country": "e.location_country"}
        simple = [name for name in by if name in ("type", "quad_class", "factuality")]
        if len(simple) > 1:  # one pass over the (type, factuality) index gives all three
            out.update(self._type_factuality(base, params, simple, top))
        for name in by:
            if f"by_{name}" in out:
                continue
            if name == "day":
                inner = "e.type" if split == "type" else "e.quad_class" if split == "quad_class" else "''"
                days: dict[str, dict[str, int]] = {}
                for r in self._days(flt, where, params, base, inner):
                    counts = days.setdefault(r["day"], {})
                    counts[str(r["part"])] = counts.get(str(r["part"]), 0) + r["n"]
                days = dict(sorted(days.items()))
                out["by_day"] = [{"day": d, "total": sum(c.values()), **({"counts": c} if split else {})}
                                 for d, c in days.items()]
            elif name in ("actor", "recipient"):
                sql = ("SELECT x.name, x.kb_id, x.country, x.sector, count(*) AS n FROM event_actors x"
                       f" WHERE x.role = ? AND x.event_id IN (SELECT e.id {base})"
                       " GROUP BY x.name, x.kb_id, x.country, x.sector ORDER BY n DESC, x.name LIMIT ?")
                out[f"by_{name}"] = [dict(r) for r in self.conn.execute(sql, [name, *params, top])]
            else:
                col = columns[name]
                sql = (f"SELECT {col} AS value, count(*) AS n {base} AND {col} IS NOT NULL"
                       " GROUP BY value ORDER BY n DESC, value LIMIT ?")
                out[f"by_{name}"] = [{"value": r["value"], "n": r["n"]}
                                     for r in self.conn.execute(sql, [*params, top])]
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

    def _days(self, flt: EventFilter, where: str, params: list[Any], base: str, inner: str):
        """(day, part, n) rows. Without a date filter, the dated events are grouped on the
        (date_start, quad_class, type) index and only the undated ones look up their article."""
        if flt.needs_article:
            sql = (f"SELECT {_DAY} AS day, {inner} AS part, count(*) AS n {base}"
                   " AND day IS NOT NULL GROUP BY day, part")
            return list(self.conn.execute(sql, params))
        dated = (f"SELECT e.date_start AS day, {inner} AS part, count(*) AS n {base}"
                 " AND e.date_start IS NOT NULL GROUP BY e.date_start, part")
        undated = ("SELECT coalesce(x.date_end, a.published) AS day, x.part AS part, sum(x.n) AS n FROM"
                   f" (SELECT e.article_id, e.date_end, {inner} AS part, count(*) AS n {base}"
                   "   AND e.date_start IS NULL GROUP BY e.article_id, e.date_end, part) x"
                   " JOIN articles a ON a.id = x.article_id WHERE day IS NOT NULL GROUP BY day, x.part")
        return [*self.conn.execute(dated, params), *self.conn.execute(undated, params)]

    def places(self, flt: EventFilter, limit: int = 2000) -> list[dict[str, Any]]:
        """Event locations under `flt`, the most used first: coordinates, precision (feature), the
        number of events and their counts by type. Ranked in SQL; types are counted for the kept ones."""
        where, params = flt.where(names=self.names)
        base = f"FROM events e{_join(flt)} WHERE {where} AND e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL"

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
        where, params = flt.where(names=self.names)
        scoped = where != "1" or flt.needs_article
        events_sql = f"SELECT e.id FROM events e{_join(flt)} WHERE {where}"

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
                   f" JOIN events e ON e.id = s.event_id{_join(flt)}"
                   f" WHERE s.role = 'actor' AND s.name IN ({marks}) AND t.name IN ({marks})"
                   f" AND s.name != t.name AND {where} GROUP BY 1, 2, 3")
            edges: dict[tuple[str, str], dict[str, Any]] = {}
            degree: dict[str, int] = {}
            for r in self.conn.execute(sql, [*keep, *keep, *params]):
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
        if q:
            needle = q.casefold()
            where = ("instr(casefold(name), ?) OR instr(casefold(coalesce(text, '')), ?)"
                     " OR instr(casefold(coalesce(kb_id, '')), ?)")
            params = [needle, needle, needle]
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
        where, params = flt.where(names=self.names)
        having, args = "", []
        if cursor:
            key, incident_id = decode_cursor(cursor, 2)
            having = " HAVING (max(k), m.incident_id) < (?, ?)"
            args = [key, incident_id]
        # SQLite gives the bare columns (e.id) of the row that holds max(k): the latest matching report.
        sql = (f"SELECT m.incident_id AS incident_id, e.id AS event_id, max(k) AS key FROM"
               f" (SELECT e.id AS id, {_PUBLISHED} || ' ' || a.id || ' ' || printf('%08d', e.seq) AS k"
               f"  FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}) e"
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
        where, params = flt.where(names=self.names)
        base = (f"FROM incidents i WHERE i.id IN (SELECT m.incident_id FROM events e{_join(flt)}"
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
