"""Event queries, shared by the store (`Store.iter_events`: `eventwire events`, every export) and the analyst
service (`eventwire.api.queries`): one filter record, one planner, one row shape.

    flt = EventFilter(type=("ASSAULT",), country="SDN", since="2025-01-01")
    plan = plan_events(conn, flt, limit=50)       # how to read them: an index walk or a driving set
    rows = read_rows(conn, plan, order="desc", limit=50)

Why a planner of our own: SQLite chooses one index per table and cannot intersect two, and a participant
filter lives in another table (`event_actors`). So the planner estimates, from the kept counts
(store/summary.py) and counts capped at CAP, how many events each filter leaves, and reads either
- **walk**: the events in sort order along `idx_events_order` (or `idx_events_type_order` for one type),
  testing every filter on each row, which stops at the page's end: best when the filters leave many events;
- **set**: the events of one selective filter (an actor, a country, a date range, a place, a box, one
  incident or article) through its index, the other filters tested on those, then sorted: best when few;
- **intersect**: the event ids of two participant filters intersected (INTERSECT, index only), when each
  alone leaves many but both together few ("actor in Syria, recipient in Turkey").
Filters compare stored keys as they are: upper-case codes, the coder's name keys (normalize.name_key), the
filter interval and sort key each event carries (migration 8), so that every one is an index lookup.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from eventwire.model import QUAD_CLASS
from eventwire.normalize import name_key

LONG_SPAN_DAYS = 31  # an event interval longer than this is read apart by the date filters (`long_span`)
CAP = 100_000  # counts for estimates stop here
MAX_KEYS = 500  # participant keys an actor filter may name before it is tested row by row instead
CHUNK = 1000  # rows read and completed at a time
CACHE_KB = 32_768  # SQLite's page cache per connection (its default, 2 MB, rereads pages of a walk)
# The indexes of migration 8, in the shape of the queries below.
INDEXES = """
CREATE INDEX idx_events_order ON events(published_key, article_id, seq);
CREATE INDEX idx_events_type_order ON events(type, published_key, article_id, seq);
CREATE INDEX idx_events_country_order ON events(location_country, published_key, article_id, seq);
CREATE INDEX idx_events_days ON events(long_span, day_start, day_end, published_key, article_id, seq);
CREATE INDEX idx_events_lat_lon ON events(location_lat, location_lon);
CREATE INDEX idx_events_ahead ON events(published_key, article_id, seq) WHERE day_end > published_key;
CREATE INDEX idx_event_actors_country_event ON event_actors(country, event_id);
CREATE INDEX idx_event_actors_role_country_event ON event_actors(role, country, sector, event_id);
CREATE INDEX idx_event_actors_role_sector_event ON event_actors(role, sector, event_id);
CREATE INDEX idx_event_actors_name_key ON event_actors(name_key, role, event_id);
CREATE INDEX idx_event_actors_text_key ON event_actors(text_key, role, event_id);
CREATE INDEX idx_event_actors_kb_event ON event_actors(kb_id, role, event_id);
CREATE INDEX idx_event_actors_wikidata_event ON event_actors(wikidata, role, event_id);
"""
SORT = ("e.published_key", "e.article_id", "e.seq")
# The event columns of a row (not migration 8's keys, which are the store's business).
EVENT_FIELDS = (
    "id", "article_id", "seq", "type", "mode", "contexts", "factuality", "date_start", "date_end",
    "date_text", "location_name", "location_text", "location_geonameid", "location_lat",
    "location_lon", "location_country", "location_admin1", "location_feature", "claimed_by_name",
    "claimed_by_text", "claimed_by_kb_id", "claimed_by_wikidata", "claimed_by_country",
    "claimed_by_sector", "sentence", "start", "end", "text", "confidence", "cameo", "quad_class", "trigger",
)
ENTITY_FIELDS = ("name", "text", "kb_id", "wikidata", "country", "sector", "kind", "start", "end", "score")
MAGNITUDE_FIELDS = ("min", "max", "text", "start", "end")
_SELECT = ", ".join(f'e."{c}"' for c in EVENT_FIELDS)


def long_span(start: str, end: str | None) -> bool:
    """Whether a filter interval is longer than LONG_SPAN_DAYS (or unreadable: then it is kept with the long
    ones, which are read whole), as migration 8 computes it in SQL."""
    try:
        return (date.fromisoformat(str(end)[:10]) - date.fromisoformat(str(start)[:10])).days > LONG_SPAN_DAYS
    except ValueError:
        return True


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The filters of `eventwire events`, `Store.events` and GET /events, /stats, /places and /network;
    all given ones must hold (AND).

    `actor`: a participant whose name or text as written contains it once both are read as the coder reads
    names (normalize.name_key: case, diacritics, apostrophes, "al-", transliteration variants), or whose KB
    or Wikidata id contains it (case-insensitive); `actor_role` 'actor' or 'recipient' keeps one side.
    `actor_country`/`actor_sector` hold for one participant on the actor side, `recipient_*` likewise.
    `country`: ISO3 of any participant or of the location. `place`: location name substring, or a
    GeoNames id. `bbox`: (west, south, east, north) in degrees. `since`/`until`: an event's interval
    (else its article's publication date) overlaps them. `q`: substring of the event's text.
    """

    type: tuple[str, ...] = ()
    quad_class: tuple[int, ...] = ()
    factuality: tuple[str, ...] = ()
    actor: str | None = None
    actor_role: str = "any"
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
    def dated(self) -> bool:
        return bool(self.since or self.until)


# --- conditions --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Condition:
    """One filter: `test` (SQL over `events e`, tested on a row), and where an index can list its events,
    `ids` (SQL of their ids) or `rowids` (of their rowids, within the one statement that reads them) with
    `ids_args`, and an estimate of how many events it leaves."""

    name: str
    test: str
    args: list[Any]
    estimate: float | None = None  # events left; None: not known (then `selectivity` is a guess)
    selectivity: float = 1.0
    ids: str | None = None
    ids_args: list[Any] = field(default_factory=list)
    rowids: str | None = None
    probes: int = 0  # lookups of another table a row test makes
    # The share of a walk in each direction ("asc", "desc") read before a row can pass (a date bound:
    # the walk is in publication order, which follows the events' dates).
    skip: dict[str, float] = field(default_factory=dict)
    # The sort keys of its events through an index alone (rid, pk, aid, seq): a page of this filter alone
    # is then the index's first rows in sort order, no event row read but the page's.
    keys: str | None = None
    since: str | None = None  # a date filter's lower bound (an ascending walk starts there, see select_sql)


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" * len(list(values)))


def _capped(conn: sqlite3.Connection, sql: str, args: list[Any]) -> int:
    return conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {CAP})", args).fetchone()[0]


def actor_keys(conn: sqlite3.Connection, needle: str) -> dict[str, list[str]] | None:
    """The stored participant keys an actor filter names: name and text keys containing the needle's name
    key, ids containing the needle (case-insensitive); None when more than MAX_KEYS match."""
    key, low = name_key(needle), needle.casefold()
    out: dict[str, list[str]] = {"name": [], "text": [], "id": []}
    sql = ("SELECT kind, key FROM participant_keys WHERE n > 0 AND"
           " ((kind != 'id' AND instr(key, ?)) OR (kind = 'id' AND instr(casefold(key), ?))) LIMIT ?")
    found = conn.execute(sql, (key or low, low, MAX_KEYS * 3 + 1)).fetchall()
    if len(found) > MAX_KEYS * 3:
        return None
    for kind, value in found:
        out[kind].append(value)
    return out if max(map(len, out.values())) <= MAX_KEYS else None


def _participants(conn: sqlite3.Connection, name: str, condition: str, args: list[Any],
                  estimate: float | None = None) -> Condition:
    test = f"EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND {condition})"
    ids = f"SELECT x.event_id AS id FROM event_actors x WHERE {condition}"
    if estimate is None:
        estimate = _capped(conn, ids, args)
    return Condition(name, test, args, estimate, ids=ids, ids_args=args, probes=1)


def _actor(conn: sqlite3.Connection, flt: EventFilter) -> Condition:
    role = "" if flt.actor_role == "any" else " AND x.role = ?"
    role_args = [] if flt.actor_role == "any" else [flt.actor_role]
    keys = actor_keys(conn, flt.actor)
    if keys is None:  # a needle that is in almost every name: tested on each row
        needle, low = name_key(flt.actor) or flt.actor.casefold(), flt.actor.casefold()
        condition = ("(instr(x.name_key, ?) OR instr(coalesce(x.text_key, ''), ?)"
                     f" OR instr(casefold(coalesce(x.kb_id, '')), ?)){role}")
        return Condition("actor", f"EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND {condition})",
                         [needle, needle, low, *role_args], None, 0.5, probes=1)
    parts, args = [], []
    for column, kind in (("name_key", "name"), ("text_key", "text"), ("kb_id", "id"), ("wikidata", "id")):
        if keys[kind]:
            parts.append(f"x.{column} IN ({_marks(keys[kind])})")
            args += keys[kind]
    if not parts:
        return Condition("actor", "0", [], 0, ids="SELECT NULL AS id WHERE 0")
    every = [v for kind in ("name", "text", "id") for v in keys[kind]]
    counted = conn.execute(f"SELECT coalesce(sum(n), 0) FROM participant_keys WHERE key IN ({_marks(every)})",
                           every).fetchone()[0]
    return _participants(conn, "actor", f"({' OR '.join(parts)}){role}", [*args, *role_args], counted)


def _days(conn: sqlite3.Connection, since: str | None, until: str | None) -> Condition:
    """The date filter: the event's filter interval overlaps [since, until]. Short intervals are read by a
    range of `day_start` from `since` less LONG_SPAN_DAYS, long ones apart (they are few)."""
    test, args = [], []
    if since:
        test.append("e.day_end >= ?")
        args.append(since)
    if until:
        test.append("e.day_start <= ?")
        args.append(until)
    short, short_args = ["long_span = 0"], []
    long_, long_args = ["long_span = 1"], []
    if since:
        try:
            lowest = (date.fromisoformat(since[:10]) - timedelta(days=LONG_SPAN_DAYS)).isoformat()
        except ValueError:
            lowest = ""
        short += ["day_start >= ?", "day_end >= ?"]
        short_args += [lowest, since]
        long_.append("day_end >= ?")
        long_args.append(since)
    if until:
        short.append("day_start <= ?")
        short_args.append(until)
        long_.append("day_start <= ?")
        long_args.append(until)
    keys = " UNION ALL ".join(
        f"SELECT rowid AS rid, published_key AS pk, article_id AS aid, seq FROM events INDEXED BY idx_events_days"
        f" WHERE {' AND '.join(branch)}" for branch in (short, long_))
    rowids = f"SELECT rid FROM ({keys})"
    dated = "SELECT coalesce(sum(n), 0) FROM stats_days WHERE day_start != ''"
    total = conn.execute(dated).fetchone()[0] or 1
    after = conn.execute(dated + " AND day_end >= ?", [since]).fetchone()[0] if since else total
    before = conn.execute(dated + " AND day_start <= ?", [until]).fetchone()[0] if until else total
    both = conn.execute(dated + " AND day_end >= ? AND day_start <= ?", [since, until]).fetchone()[0] \
        if since and until else min(after, before)
    # An ascending walk starts at `since` (select_sql): nothing to skip; a descending one passes the events
    # published after `until` first.
    return Condition("dates", " AND ".join(test), args, both, rowids=rowids, ids_args=[*short_args, *long_args],
                     skip={"desc": 1 - before / total}, keys=keys, since=since)


def conditions(conn: sqlite3.Connection, flt: EventFilter) -> list[Condition]:
    """Every given filter of `flt` as a Condition, with its estimate."""
    out: list[Condition] = []
    if flt.type:
        types = [t.upper() for t in flt.type]
        counted = conn.execute(f"SELECT coalesce(sum(n), 0) FROM stats_days WHERE type IN ({_marks(types)})",
                               types).fetchone()[0]
        out.append(Condition("type", f"e.type IN ({_marks(types)})", types, counted))
    if flt.quad_class:
        types = [t for t, quad in QUAD_CLASS.items() if quad in flt.quad_class]
        out.append(Condition("quad_class", f"e.quad_class IN ({_marks(flt.quad_class)})", list(flt.quad_class),
                             selectivity=len(types) / len(QUAD_CLASS)))
    if flt.factuality:
        facts = [f.lower() for f in flt.factuality]
        out.append(Condition("factuality", f"e.factuality IN ({_marks(facts)})", facts, selectivity=0.5))
    if flt.actor:
        out.append(_actor(conn, flt))
    for role in ("actor", "recipient"):
        country, sector = getattr(flt, f"{role}_country"), getattr(flt, f"{role}_sector")
        if country or sector:
            parts, args = ["x.role = ?"], [role]
            if country:
                parts.append("x.country = ?")
                args.append(country.upper())
            if sector:
                parts.append("x.sector = ?")
                args.append(sector.upper())
            out.append(_participants(conn, f"{role}_country", " AND ".join(parts), args))
    if flt.country:
        code = flt.country.upper()
        counted = conn.execute("SELECT coalesce(sum(n), 0) FROM stats_countries WHERE country = ?",
                               (code,)).fetchone()[0]
        out.append(Condition(
            "country", "(e.location_country = ? OR EXISTS (SELECT 1 FROM event_actors x"
                       " WHERE x.event_id = e.id AND x.country = ?))", [code, code], counted,
            ids="SELECT id FROM events WHERE location_country = ?"
                " UNION SELECT event_id FROM event_actors WHERE country = ?", ids_args=[code, code], probes=1))
    if flt.place:
        if flt.place.isdigit():
            ids = "SELECT id FROM events WHERE location_geonameid = ?"
            args = [int(flt.place)]
            out.append(Condition("place", "e.location_geonameid = ?", args, _capped(conn, ids, args),
                                 ids=ids, ids_args=args))
        else:
            out.append(Condition("place", "instr(casefold(coalesce(e.location_name, '')), ?)",
                                 [flt.place.casefold()], selectivity=0.05))
    if flt.bbox:
        west, south, east, north = flt.bbox
        lon = "location_lon BETWEEN ? AND ?" if west <= east else "(location_lon >= ? OR location_lon <= ?)"
        inside = f"location_lat BETWEEN ? AND ? AND {lon}"
        args = [south, north, west, east]
        rowids = f"SELECT rowid AS rid FROM events INDEXED BY idx_events_lat_lon WHERE {inside}"
        out.append(Condition("bbox", inside.replace("location_", "e.location_"), args,
                             _capped(conn, rowids, args), rowids=rowids, ids_args=args))
    if flt.since or flt.until:
        out.append(_days(conn, flt.since, flt.until))
    if flt.q:
        out.append(Condition("q", "instr(casefold(coalesce(e.text, '')), ?)", [flt.q.casefold()], selectivity=0.1))
    if flt.min_confidence is not None:
        out.append(Condition("min_confidence", "e.confidence >= ?", [flt.min_confidence],
                             selectivity=max(0.01, 1 - flt.min_confidence)))
    if flt.article_id:
        out.append(Condition("article", "e.article_id = ?", [flt.article_id], 50,
                             ids="SELECT id FROM events WHERE article_id = ?", ids_args=[flt.article_id]))
    if flt.incident:
        ids = "SELECT event_id AS id FROM incident_members WHERE incident_id = ?"
        out.append(Condition("incident", f"e.id IN ({ids})", [flt.incident], _capped(conn, ids, [flt.incident]),
                             ids=ids, ids_args=[flt.incident]))
    return out


# --- plans --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    """How to read the events of a filter: `source` (the FROM clause, over `events e`), `where` and its
    `args`; `strategy` names it (walk, walk type, set <filter>, intersect <a> <b>); `ordered` when the source
    yields rows in sort order already (the walks)."""

    strategy: str
    source: str
    where: str
    args: list[Any]
    ordered: bool
    empty: bool = False
    keys: str | None = None  # a set read as its index's first rows (Condition.keys), with `args` for it
    early: str | None = None  # a walk's date filter's `since` (see select_sql)


def _where(conds: list[Condition], skip: Iterable[str] = ()) -> tuple[str, list[Any]]:
    kept = [c for c in conds if c.name not in skip]
    return " AND ".join(f"({c.test})" for c in kept) or "1", [a for c in kept for a in c.args]


def plan_events(conn: sqlite3.Connection, flt: EventFilter, limit: int | None = None,
                conds: list[Condition] | None = None, strategy: str | None = None, order: str = "desc") -> Plan:
    """Choose the cheapest way to read `limit` events (all, for None) matching `flt` in `order` (see the
    module doc); `strategy` forces one (the tests compare every strategy's rows)."""
    conds = conditions(conn, flt) if conds is None else conds
    total = max(1, conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0])
    if any(c.estimate == 0 for c in conds):
        return Plan("none", "events e", "0", [], True, empty=True)
    share = {c.name: min(1.0, c.estimate / total) if c.estimate is not None else c.selectivity for c in conds}
    matches = max(1.0, total * math.prod(share.values()))
    probes = sum(c.probes for c in conds)
    typed = next((c for c in conds if c.name == "type" and len(c.args) == 1), None)
    options: list[tuple[float, Plan]] = []
    # Walks: rows read in sort order until `limit` match.
    for index, among in (("idx_events_order", total), ("idx_events_type_order", typed.estimate if typed else None)):
        if among is None:
            continue
        skipped = max((c.skip.get(order, 0.0) for c in conds), default=0.0)
        walked = among if limit is None else min(among, limit * among / matches + among * skipped)
        where, args = _where(conds)
        name = "walk" if index == "idx_events_order" else "walk type"
        early = next((c.since for c in conds if c.since), None)
        options.append((walked * (1 + 0.5 * probes), Plan(name, f"events e INDEXED BY {index}", where, args, True,
                                                           early=early)))
    # Sets: the events of one selective filter, the others tested on them, then sorted.
    driving = [c for c in conds if (c.ids or c.rowids) and c.estimate is not None]
    for c in driving:
        where, args = _where(conds, skip=[c.name])
        member = f"e.rowid IN ({c.rowids})" if c.rowids else f"e.id IN ({c.ids})"
        cost = c.estimate * (2 + 0.5 * (probes - c.probes)) + 50
        if c.keys and limit is not None and len(conds) == 1:  # the page is the index's first keys
            options.append((0.3 * c.estimate + 50, Plan(f"set {c.name}", "events e", "1", list(c.ids_args),
                                                        False, keys=c.keys)))
            continue
        options.append((cost, Plan(f"set {c.name}", "events e", f"{member} AND {where}",
                                   [*c.ids_args, *args], False)))
    # Intersections of two id sets (index only), the others tested on what both leave.
    with_ids = [c for c in driving if c.ids]
    for i, a in enumerate(with_ids):
        for b in with_ids[i + 1:]:
            both = a.estimate * b.estimate / total
            where, args = _where(conds, skip=[a.name, b.name])
            cost = 0.3 * (a.estimate + b.estimate) + both * (2 + 0.5 * (probes - a.probes - b.probes)) + 50
            options.append((cost, Plan(f"intersect {a.name} {b.name}", "events e",
                                       f"e.id IN ({a.ids} INTERSECT {b.ids}) AND {where}",
                                       [*a.ids_args, *b.ids_args, *args], False)))
    if strategy is not None:
        options = [option for option in options if option[1].strategy == strategy]
        if not options:
            raise ValueError(f"no plan {strategy!r} for {flt}")
    return min(options, key=lambda option: option[0])[1]


def strategies(conn: sqlite3.Connection, flt: EventFilter) -> list[str]:
    """Every strategy `plan_events` can read `flt` by."""
    conds = conditions(conn, flt)
    if any(c.estimate == 0 for c in conds):
        return ["none"]
    names = ["walk"] + (["walk type"] if any(c.name == "type" and len(c.args) == 1 for c in conds) else [])
    driving = [c for c in conds if (c.ids or c.rowids) and c.estimate is not None]
    names += [f"set {c.name}" for c in driving]
    with_ids = [c for c in driving if c.ids]
    names += [f"intersect {a.name} {b.name}" for i, a in enumerate(with_ids) for b in with_ids[i + 1:]]
    return names


def select_sql(plan: Plan, *, order: str = "desc", limit: int | None = None,
               after: tuple | None = None, undated_last: bool = False, columns: str | None = None) -> list[tuple[str, list[Any]]]:
    """The statements that read a plan's rows in sort order (publication date, article, position), from
    after the key `after` on; `undated_last` puts events of articles without a publication date last in
    ascending order (the store's order) by reading them in a second statement of a walk."""
    direction = "DESC" if order == "desc" else "ASC"
    select = f"SELECT {columns or _SELECT}, e.published_key AS _key FROM {plan.source}"
    where, args = plan.where, list(plan.args)
    bound = f"{'<' if order == 'desc' else '>'} (?, ?, ?)"
    if plan.keys and limit is not None:
        first = f"pk = '', pk {direction}" if undated_last and order == "asc" else f"pk {direction}"
        page = (f"SELECT rid FROM ({plan.keys}){f' WHERE (pk, aid, seq) {bound}' if after is not None else ''}"
                f" ORDER BY {first}, aid {direction}, seq {direction} LIMIT {int(limit)}")
        where, args = f"e.rowid IN ({page})", [*args, *(after or ())]
    elif after is not None:
        where += f" AND ({', '.join(SORT)}) {bound}"
        args += list(after)
    # A set is sorted: "+" keeps SQLite from walking an order index instead of reading the set.
    by = ", ".join(f"{'' if plan.ordered else '+'}{c} {direction}" for c in SORT)
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    if not plan.ordered:
        first = "e.published_key = '', " if undated_last and order == "asc" else ""
        return [(f"{select} WHERE {where} ORDER BY {first}{by}{tail}", args)]
    if plan.early and order == "asc":
        # From `since` on, the walk; before it, only events dated after their publication can match: the
        # few of the partial index idx_events_ahead, in sort order. Undated articles ('' sorts first) come
        # first, or last with `undated_last`.
        since = plan.early
        undated = (f"{select} WHERE {where} AND e.published_key = '' ORDER BY {by}{tail}", args)
        phases = [
            (f"SELECT {columns or _SELECT}, e.published_key AS _key FROM events e INDEXED BY idx_events_ahead"
             f" WHERE e.day_end > e.published_key AND e.published_key > '' AND e.published_key < ? AND {where}"
             f" ORDER BY {by}{tail}", [since, *args]),
            (f"{select} WHERE e.published_key >= ? AND {where} ORDER BY {by}{tail}", [since, *args]),
        ]
        return [*phases, undated] if undated_last else [undated, *phases]
    if not (undated_last and order == "asc"):
        return [(f"{select} WHERE {where} ORDER BY {by}{tail}", args)]
    return [(f"{select} WHERE {where} AND e.published_key > '' ORDER BY {by}{tail}", args),
            (f"{select} WHERE {where} AND e.published_key = '' ORDER BY {by}{tail}", args)]


def explain(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[str]:
    """SQLite's query plan of a statement, one line per step (the tests read it)."""
    return [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", args)]


# --- rows -------------------------------------------------------------------------------------------


def read_events(conn: sqlite3.Connection, flt: EventFilter, *, order: str = "asc", limit: int | None = None,
                after: tuple | None = None, undated_last: bool = True,
                strategy: str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of the events matching `flt` in sort order, completed CHUNK at a time (constant memory)."""
    plan = plan_events(conn, flt, limit, strategy=strategy, order=order)
    if plan.empty:
        return
    left = limit
    for sql, args in select_sql(plan, order=order, limit=limit, after=after, undated_last=undated_last):
        cursor = conn.execute(sql, args)
        while batch := cursor.fetchmany(CHUNK if left is None else min(CHUNK, left)):
            rows = complete(conn, [dict(r) for r in batch])
            del batch
            if left is not None:
                left -= len(rows)
            rows.reverse()
            while rows:  # handed over and let go one by one: one chunk is held at a time, not two
                yield rows.pop()
            if left is not None and left <= 0:
                return


def complete(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows as the store returns them: contexts decoded, the article's fields, `copy_of`,
    `incident_id`, the participants and the magnitudes (each read once for the whole chunk)."""
    by_id: dict[str, dict[str, Any]] = {}
    for row in rows:
        row.pop("_key", None)
        row["contexts"] = json.loads(row["contexts"] or "[]")
        row["actors"], row["recipients"], row["magnitudes"] = [], [], {}
        by_id[row["id"]] = row
    articles = list({row["article_id"]: None for row in rows})
    ids = list(by_id)
    meta = {}
    for part in _parts(articles):
        for r in conn.execute(
                "SELECT a.id, a.title, a.url, a.source, a.published, a.coded_at, a.eventwire_version,"
                " c.copy_of FROM articles a LEFT JOIN article_copies c ON c.article_id = a.id"
                f" WHERE a.id IN ({_marks(part)})", part):
            meta[r[0]] = r
    for row in rows:
        m = meta.get(row["article_id"])
        row.update(article_title=m[1] if m else None, article_url=m[2] if m else None,
                   article_source=m[3] if m else None, article_published=m[4] if m else None,
                   article_coded_at=m[5] if m else None, article_version=m[6] if m else None,
                   copy_of=m[7] if m else None, incident_id=None)
    for part in _parts(ids):
        marks = _marks(part)
        for event_id, incident_id in conn.execute(
                f"SELECT event_id, incident_id FROM incident_members WHERE event_id IN ({marks})", part):
            by_id[event_id]["incident_id"] = incident_id
        for r in conn.execute(f"SELECT event_id, role, {', '.join(f'x.{c}' for c in ENTITY_FIELDS)}"
                              f" FROM event_actors x WHERE event_id IN ({marks}) ORDER BY event_id, role, seq", part):
            by_id[r[0]][f"{r[1]}s"].append(dict(zip(ENTITY_FIELDS, r[2:])))
        for r in conn.execute(f'SELECT event_id, kind, min, max, text, start, "end" FROM event_magnitudes'
                              f" WHERE event_id IN ({marks}) ORDER BY event_id, kind", part):
            by_id[r[0]]["magnitudes"][r[1]] = dict(zip(MAGNITUDE_FIELDS, r[2:]))
    return rows


def _parts(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """Slices that stay under SQLite's bound-parameter limit."""
    for i in range(0, len(values), size):
        yield values[i:i + size]


def matching(conn: sqlite3.Connection, flt: EventFilter) -> tuple[str, str, list[Any]]:
    """(FROM clause over `events e`, WHERE clause, arguments) of every event matching `flt`, for counts and
    aggregates: a set or an intersection when the filters are selective, else the events table as SQLite
    reads it best (no order is needed)."""
    conds = conditions(conn, flt)
    plan = plan_events(conn, flt, conds=conds)
    if plan.empty:
        return "events e", "0", []
    if plan.ordered:
        where, args = _where(conds)
        return "events e", where, args
    return plan.source, plan.where, plan.args
