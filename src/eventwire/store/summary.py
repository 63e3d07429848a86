"""Counts kept beside the events, exact at every commit: what `/stats` and the actor filter read instead of
scanning a million rows.

- `stats_days`: events by filter interval (`day_start`, `day_end`), type and factuality; the timeline,
  totals and counts by type, quad class and factuality, under any type, quad class, factuality or date filter.
- `stats_timeline`: events by first day and type, the timeline without a date or factuality filter.
- `stats_places`: events by their location's country, type and factuality (`/stats?by=country`).
- `stats_countries`: events by every country they involve (location or a participant, each once), type and
  factuality: totals and counts by type under the `country` filter.
- `stats_participants`: participants by role, canonical name, KB id, country, sector and type (`by=actor`).
- `participant_keys`: every stored participant's name key, written-text key and KB / Wikidata id, with the
  number of participants that carry it: the actor filter looks its needle up here, then in the index.

`add` counts an article's rows as they are written; `remove` takes them off before the article's rows are
deleted (a replace, `--force`), both in the write's transaction. A count that falls to 0 stays as a 0 row
(readers skip it). `rebuild` recounts everything from the stored rows (migration 8 fills the tables so), and
a test compares the kept counts with a rebuild after inserts, replaces and forced re-ingests.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

from eventwire.normalize import name_key

SCHEMA = """
CREATE TABLE stats_days (                 -- keyed in the timeline's order: a day's types are adjacent
    day_start TEXT NOT NULL, type TEXT NOT NULL, day_end TEXT NOT NULL, factuality TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (day_start, type, day_end, factuality)
) WITHOUT ROWID;
CREATE TABLE stats_timeline (             -- stats_days without day_end and factuality: the UI's timeline
    day TEXT NOT NULL, type TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, type)
) WITHOUT ROWID;
CREATE TABLE stats_places (
    country TEXT NOT NULL, type TEXT NOT NULL, factuality TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (country, type, factuality)
) WITHOUT ROWID;
CREATE TABLE stats_countries (
    country TEXT NOT NULL, type TEXT NOT NULL, factuality TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (country, type, factuality)
) WITHOUT ROWID;
CREATE TABLE stats_participants (
    role TEXT NOT NULL, name TEXT NOT NULL, kb_id TEXT NOT NULL, country TEXT NOT NULL, sector TEXT NOT NULL,
    type TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (role, name, kb_id, country, sector, type)
) WITHOUT ROWID;
CREATE TABLE participant_keys (
    kind TEXT NOT NULL CHECK (kind IN ('name', 'text', 'id')), key TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (kind, key)
) WITHOUT ROWID;
"""
TABLES = ("stats_days", "stats_timeline", "stats_places", "stats_countries", "stats_participants", "participant_keys")
NONE = ""  # what stands for a missing value in a key column (SQLite's NULLs never compare equal in a key)

# The counts of stored rows, in SQL: `rebuild` runs them over the whole store, `remove` over one article's
# rows (with `{where}` naming them). Each yields (key columns..., n).
_COUNTS = {
    "stats_days": """SELECT coalesce(e.day_start, ''), coalesce(e.day_end, ''), e.type, e.factuality, count(*)
                     FROM events e WHERE {where} GROUP BY 1, 2, 3, 4""",
    "stats_timeline": """SELECT coalesce(e.day_start, ''), e.type, count(*) FROM events e WHERE {where}
                         GROUP BY 1, 2""",
    "stats_places": """SELECT coalesce(e.location_country, ''), e.type, e.factuality, count(*)
                       FROM events e WHERE {where} GROUP BY 1, 2, 3""",
    "stats_countries": """SELECT c.country, e.type, e.factuality, count(*) FROM (
                              SELECT e.id AS id, e.location_country AS country FROM events e
                              WHERE {where} AND e.location_country IS NOT NULL
                              UNION SELECT x.event_id, x.country FROM events e JOIN event_actors x ON x.event_id = e.id
                              WHERE {where} AND x.country IS NOT NULL) c
                          JOIN events e ON e.id = c.id GROUP BY 1, 2, 3""",
    "stats_participants": """SELECT x.role, x.name, coalesce(x.kb_id, ''), coalesce(x.country, ''),
                                    coalesce(x.sector, ''), e.type, count(*)
                             FROM events e JOIN event_actors x ON x.event_id = e.id WHERE {where}
                             GROUP BY 1, 2, 3, 4, 5, 6""",
    "participant_keys": """SELECT k.kind, k.key, count(*) FROM (
                               SELECT 'name' AS kind, x.name_key AS key FROM events e JOIN event_actors x ON x.event_id = e.id
                               WHERE {where} AND x.name_key IS NOT NULL AND x.name_key != ''
                               UNION ALL SELECT 'text', x.text_key FROM events e JOIN event_actors x ON x.event_id = e.id
                               WHERE {where} AND x.text_key IS NOT NULL AND x.text_key != ''
                               UNION ALL SELECT 'id', x.kb_id FROM events e JOIN event_actors x ON x.event_id = e.id
                               WHERE {where} AND x.kb_id IS NOT NULL
                               UNION ALL SELECT 'id', x.wikidata FROM events e JOIN event_actors x ON x.event_id = e.id
                               WHERE {where} AND x.wikidata IS NOT NULL AND x.wikidata IS NOT x.kb_id) k
                           GROUP BY 1, 2""",
}
_KEY_COLUMNS = {
    "stats_days": ("day_start", "day_end", "type", "factuality"),
    "stats_timeline": ("day", "type"),
    "stats_places": ("country", "type", "factuality"),
    "stats_countries": ("country", "type", "factuality"),
    "stats_participants": ("role", "name", "kb_id", "country", "sector", "type"),
    "participant_keys": ("kind", "key"),
}


def _upsert(table: str) -> str:
    columns = _KEY_COLUMNS[table]
    marks = ", ".join("?" * (len(columns) + 1))
    return (f"INSERT INTO {table} ({', '.join(columns)}, n) VALUES ({marks})"
            f" ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = n + excluded.n")


def participant_key_rows(entity: dict[str, Any]) -> list[tuple[str, str]]:
    """The (kind, key) pairs one participant adds to `participant_keys`."""
    out = []
    if entity.get("name_key"):
        out.append(("name", entity["name_key"]))
    if entity.get("text_key"):
        out.append(("text", entity["text_key"]))
    for column in ("kb_id", "wikidata"):
        value = entity.get(column)
        if value is not None and not (column == "wikidata" and value == entity.get("kb_id")):
            out.append(("id", value))
    return out


def keys_of(entity: dict[str, Any]) -> dict[str, str | None]:
    """The normalised key columns of a participant: the coder's name key (normalize.name_key) of its
    canonical name and of its text as written."""
    return {"name_key": name_key(entity["name"]) if entity.get("name") else None,
            "text_key": name_key(entity["text"]) if entity.get("text") else None}


def add(conn: sqlite3.Connection, events: Iterable[dict[str, Any]]) -> None:
    """Count the rows of events just written (event rows with `actors` / `recipients` holding the key
    columns, as `Store._insert_events` writes them)."""
    counts: dict[str, Counter] = {table: Counter() for table in TABLES}
    for row in events:
        type_, fact = row["type"], row["factuality"]
        counts["stats_days"][(row["day_start"] or NONE, row["day_end"] or NONE, type_, fact)] += 1
        counts["stats_timeline"][(row["day_start"] or NONE, type_)] += 1
        counts["stats_places"][(row["location_country"] or NONE, type_, fact)] += 1
        involved = {row["location_country"]} if row["location_country"] else set()
        for role in ("actor", "recipient"):
            for ent in row[f"{role}s"]:
                if ent.get("country"):
                    involved.add(ent["country"])
                counts["stats_participants"][(role, ent["name"], ent.get("kb_id") or NONE,
                                              ent.get("country") or NONE, ent.get("sector") or NONE, type_)] += 1
                for pair in participant_key_rows(ent):
                    counts["participant_keys"][pair] += 1
        for country in involved:
            counts["stats_countries"][(country, type_, fact)] += 1
    for table, counter in counts.items():
        if counter:
            conn.executemany(_upsert(table), [(*key, n) for key, n in counter.items()])


def remove(conn: sqlite3.Connection, article_id: str) -> None:
    """Take one stored article's rows off the counts (before they are deleted)."""
    for table, sql in _COUNTS.items():
        select = sql.format(where="e.article_id = ?")
        args = [article_id] * select.count("?")
        rows = [(*row[:-1], -row[-1]) for row in conn.execute(select, args)]
        if rows:
            conn.executemany(_upsert(table), rows)


def rebuild(conn: sqlite3.Connection) -> None:
    """Recount every table from the stored rows."""
    for table, sql in _COUNTS.items():
        conn.execute(f"DELETE FROM {table}")
        conn.execute(f"INSERT INTO {table} ({', '.join(_KEY_COLUMNS[table])}, n) {sql.format(where='1')}")


def snapshot(conn: sqlite3.Connection) -> dict[str, set[tuple]]:
    """Every non-zero count, per table (tests compare kept counts with a rebuild)."""
    return {table: set(conn.execute(f"SELECT * FROM {table} WHERE n != 0")) for table in TABLES}


# --- reading ---------------------------------------------------------------------------------------

_DAY_FILTERS = {"type", "quad_class", "factuality", "since", "until"}


def _given(flt) -> set[str]:
    return {name for name in flt.__dataclass_fields__ if name != "actor_role" and getattr(flt, name) not in (None, ())}


def _types(flt) -> list[str] | None:
    """The types a type and quad class filter leave (None: all)."""
    from eventwire.model import QUAD_CLASS

    types = {t.upper() for t in flt.type} if flt.type else set(QUAD_CLASS)
    if flt.quad_class:
        types &= {t for t, quad in QUAD_CLASS.items() if quad in flt.quad_class}
    return sorted(types) if (flt.type or flt.quad_class) else None


def _ranked(counts: dict[Any, int], top: int) -> list[dict[str, Any]]:
    kept = [(v, n) for v, n in counts.items() if n > 0]
    return [{"value": v, "n": n} for v, n in sorted(kept, key=lambda kv: (-kv[1], str(kv[0])))[:top]]


def read_stats(conn: sqlite3.Connection, flt, by: tuple[str, ...], split: str | None,
               top: int) -> dict[str, Any] | None:
    """`/stats` from the kept counts, exactly as counting the events would give it; None when a filter or a
    dimension asked for is not among what the counts are kept by (then the caller counts the events)."""
    from eventwire.model import QUAD_CLASS

    given = _given(flt)
    by_days = given <= _DAY_FILTERS
    by_country = given <= {"country", "type", "quad_class", "factuality"} and "country" in given
    dated = bool(flt.since or flt.until)
    types, facts = _types(flt), [f.lower() for f in flt.factuality] or None
    if not (by_days or by_country):
        return None
    if by_country and set(by) & {"day", "country", "actor", "recipient"}:
        return None
    if "country" in by and dated:
        return None
    if set(by) & {"actor", "recipient"} and (dated or facts is not None):
        return None
    where, args = ["n != 0"], []
    if types is not None:
        where.append(f"type IN ({', '.join('?' * len(types))})")
        args += types
    if facts is not None:
        where.append(f"factuality IN ({', '.join('?' * len(facts))})")
        args += facts
    if by_country:
        table, where, args = "stats_countries", ["country = ?", *where], [flt.country.upper(), *args]
    else:
        table = "stats_days"
        if flt.since:
            where.append("day_start != '' AND day_end >= ?")
            args.append(flt.since)
        if flt.until:
            where.append("day_start != '' AND day_start <= ?")
            args.append(flt.until)
    condition = " AND ".join(where)
    rows = conn.execute(f"SELECT type, factuality, sum(n) FROM {table} WHERE {condition} GROUP BY type, factuality",
                        args).fetchall()
    out: dict[str, Any] = {"total": sum(r[2] for r in rows)}
    per: dict[str, dict[Any, int]] = {"type": {}, "quad_class": {}, "factuality": {}}
    for type_, fact, n in rows:
        for name, value in (("type", type_), ("quad_class", QUAD_CLASS.get(type_)), ("factuality", fact)):
            if value is not None:
                per[name][value] = per[name].get(value, 0) + n
    for name in by:
        if name in per:
            out[f"by_{name}"] = _ranked(per[name], top)
        elif name == "day":
            timeline: dict[str, dict[str, int]] = {}
            if by_country or dated or facts is not None:
                days = (f"SELECT day_start, type, sum(n) FROM stats_days WHERE {condition}"
                        " AND day_start != '' GROUP BY day_start, type", args)
            else:  # types alone: the smaller table
                kept = where[1:2] if types is not None else []
                days = (f"SELECT day, type, n FROM stats_timeline WHERE {' AND '.join(['n != 0', *kept])}"
                        " AND day != ''", types or [])
            for day, type_, n in conn.execute(*days):
                part = type_ if split == "type" else str(QUAD_CLASS.get(type_)) if split == "quad_class" else ""
                counts = timeline.setdefault(day, {})
                counts[part] = counts.get(part, 0) + n
            out["by_day"] = [{"day": d, "total": sum(c.values()), **({"counts": c} if split else {})}
                             for d, c in sorted(timeline.items()) if sum(c.values())]
        elif name == "country":
            counts = {r[0]: r[1] for r in conn.execute(
                f"SELECT country, sum(n) FROM stats_places WHERE country != '' AND {condition} GROUP BY country", args)}
            out["by_country"] = _ranked(counts, top)
        else:
            sql = ("SELECT name, kb_id, country, sector, sum(n) AS n FROM stats_participants"
                   f" WHERE role = ? AND {condition} GROUP BY name, kb_id, country, sector"
                   " HAVING sum(n) > 0 ORDER BY n DESC, name, kb_id, country, sector LIMIT ?")
            out[f"by_{name}"] = [{"name": r[0], "kb_id": r[1] or None, "country": r[2] or None,
                                  "sector": r[3] or None, "n": r[4]} for r in conn.execute(sql, [name, *args, top])]
    return out
