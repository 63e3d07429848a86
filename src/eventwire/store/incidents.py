"""Incidents in the store: every event's linking record and blocking keys, the links between events, and
each event's incident with the incident's consensus record (eventwire.incidents).

The work is a journal: `Store._write` files each new event in `incident_pending`, and marks the incidents
of a replaced article (or of a changed copy group) in `incident_dirty`; `update` takes both in one
transaction. A crash between the two loses nothing: the next `update` (at the next ingest, or
`eventwire incidents rebuild`) finds the journal as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from eventwire.incidents.cluster import cluster
from eventwire.incidents.consensus import consensus
from eventwire.incidents.knowledge import load_knowledge
from eventwire.incidents.link import UNDATED, Report, bucket_size, keys, link_score, probe_keys, report_from_row
from eventwire.options import Incidents

SCHEMA = """
CREATE TABLE incident_pending (event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE);
CREATE TABLE incident_dirty (incident_id TEXT PRIMARY KEY);
CREATE TABLE incident_reports (             -- what the link rule reads of an event (incidents.link.Report)
    event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
CREATE TABLE incident_keys (
    key TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (key, event_id)
) WITHOUT ROWID;
CREATE INDEX idx_incident_keys_event ON incident_keys(event_id);
CREATE TABLE incident_links (               -- one row per linked pair, a < b
    a TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX idx_incident_links_b ON incident_links(b);
CREATE TABLE incident_members (
    event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    incident_id TEXT NOT NULL
);
CREATE INDEX idx_incident_members_incident ON incident_members(incident_id);
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL, quad_class INTEGER, factuality TEXT NOT NULL,
    date_start TEXT, date_end TEXT, date_precision TEXT,
    location_name TEXT, location_lat REAL, location_lon REAL, location_country TEXT,
    location_admin1 TEXT, location_feature TEXT,
    reports INTEGER NOT NULL, articles INTEGER NOT NULL, independent_sources INTEGER NOT NULL,
    first_report TEXT, latest_report TEXT,
    record TEXT NOT NULL,                   -- JSON: the whole consensus record (incidents.consensus)
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX idx_incidents_type_date ON incidents(type, date_start);
CREATE INDEX idx_incidents_country_date ON incidents(location_country, date_start);
"""

_COLUMNS = ("id", "type", "quad_class", "factuality", "date_start", "date_end", "date_precision",
            "location_name", "location_lat", "location_lon", "location_country", "location_admin1",
            "location_feature", "reports", "articles", "independent_sources", "first_report", "latest_report")
_PARTICIPANT_FIELDS = ("name", "kb_id", "country", "sector")
_CACHE_REPORTS = 50_000  # parsed reports one update keeps (a few KB each)
_FAR = 1 << 30  # the time distance of an undated candidate: after every dated one


@dataclass(slots=True)
class Update:
    """What one `update` changed: incidents created, changed (new reports, or reclustered) and removed."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    events: int = 0  # events linked


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))


def mark_pending(conn: sqlite3.Connection, event_ids: Iterable[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO incident_pending VALUES (?)", [(e,) for e in event_ids])


def mark_dirty_articles(conn: sqlite3.Connection, article_ids: Iterable[str]) -> None:
    """The incidents of these articles' events need their clustering and consensus done again."""
    ids = list(article_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        conn.execute("INSERT OR IGNORE INTO incident_dirty SELECT DISTINCT m.incident_id FROM incident_members m"
                     f" JOIN events e ON e.id = m.event_id WHERE e.article_id IN ({_marks(chunk)})", chunk)


def _event_rows(conn: sqlite3.Connection, event_ids: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i:i + 500]
        found = {r["id"]: {**dict(r), "actors": [], "recipients": []} for r in conn.execute(
            "SELECT e.id, e.article_id, e.type, e.factuality, e.date_start, e.date_end, e.date_text,"
            " e.location_name, e.location_lat, e.location_lon, e.location_country, e.location_admin1,"
            " e.location_geonameid, e.location_feature, e.text, e.trigger, e.sentence,"
            " a.published AS article_published, a.source AS article_source,"
            " (SELECT c.copy_of FROM article_copies c WHERE c.article_id = e.article_id) AS copy_of"
            f" FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id IN ({_marks(chunk)})", chunk)}
        for r in conn.execute(f"SELECT event_id, role, {', '.join(_PARTICIPANT_FIELDS)} FROM event_actors"
                              f" WHERE event_id IN ({_marks(chunk)}) ORDER BY event_id, role, seq", chunk):
            found[r["event_id"]][f"{r['role']}s"].append({k: r[k] for k in _PARTICIPANT_FIELDS})
        rows += [found[e] for e in chunk if e in found]
    return rows


def _reports(conn: sqlite3.Connection, event_ids: list[str],
             cache: dict[str, Report] | None = None) -> dict[str, Report]:
    """Stored reports, with the article's original read afresh (copy groups change after filing).
    `cache` (one update's) keeps what was parsed, so a report is read once per update, not once per
    report it is compared with."""
    out: dict[str, Report] = {}
    missing = event_ids if cache is None else [e for e in event_ids if e not in cache]
    if cache is not None:
        out.update((e, cache[e]) for e in event_ids if e in cache)
    for i in range(0, len(missing), 500):
        chunk = missing[i:i + 500]
        for event_id, data, root in conn.execute(
                "SELECT r.event_id, r.data, coalesce(c.copy_of, e.article_id) FROM incident_reports r"
                " JOIN events e ON e.id = r.event_id LEFT JOIN article_copies c ON c.article_id = e.article_id"
                f" WHERE r.event_id IN ({_marks(chunk)})", chunk):
            record = json.loads(data)
            record["root"] = root
            out[event_id] = Report.from_json(record)
    if cache is not None:
        if len(cache) > _CACHE_REPORTS:
            cache.clear()
        cache.update((e, out[e]) for e in missing if e in out)
    return out


def _file(conn: sqlite3.Connection, rows: list[dict[str, Any]], options: Incidents) -> list[Report]:
    knowledge = load_knowledge()
    reports = [report_from_row(row, options, knowledge=knowledge) for row in rows]
    conn.executemany("INSERT OR REPLACE INTO incident_reports VALUES (?, ?)",
                     [(r.event_id, json.dumps(r.to_json(), ensure_ascii=False)) for r in reports])
    conn.executemany("INSERT OR IGNORE INTO incident_keys VALUES (?, ?)",
                     [(k, r.event_id) for r in reports for k in keys(r, options)])
    return reports


def _candidates(conn: sqlite3.Connection, report: Report, options: Incidents) -> list[str]:
    """The stored events a report may link to, at most `max_candidates`: those nearest in time (by their
    date buckets; undated last), ties by event id. Events of the report's own article are left out unless
    one of the two is a headline or lead, as the link rule would refuse them anyway: an article's events
    are filed together, and one long article's thousand events must not be compared pairwise."""
    exact, prefixes = probe_keys(report, options)
    # Each candidate's key, for its distance in time; the SQL keeps out the own article's body events.
    own = "" if report.headline else " AND (e.article_id != ? OR e.sentence = 0)"
    own_args = [] if report.headline else [report.article_id]
    query = ("SELECT k.event_id, k.key FROM incident_keys k JOIN events e ON e.id = k.event_id WHERE {}" + own)
    found: dict[str, int] = {}
    here = report.start // bucket_size(options) if report.end else None

    def distance(key: str) -> int:
        bucket = key.rsplit("|", 1)[-1]
        if bucket == UNDATED or here is None:
            return _FAR
        return abs(int(bucket) - here)

    rows: list[tuple[str, str]] = []
    if exact:
        rows += conn.execute(query.format(f"k.key IN ({_marks(exact)})"), [*exact, *own_args]).fetchall()
    for prefix in prefixes:  # a range of the key index: every bucket of one type and country
        rows += conn.execute(query.format("k.key >= ? AND k.key < ?"),
                             [prefix, prefix + "\U0010ffff", *own_args]).fetchall()
    for event_id, key in rows:
        if event_id != report.event_id:
            found[event_id] = min(found.get(event_id, _FAR), distance(key))
    ranked = sorted(found, key=lambda e: (found[e], e))
    return sorted(ranked[:options.max_candidates])


def _link(conn: sqlite3.Connection, report: Report, options: Incidents, cache: dict[str, Report]) -> None:
    knowledge = load_knowledge()
    links = []
    for other in _reports(conn, _candidates(conn, report, options), cache).values():
        score = link_score(report, other, options, knowledge)
        if score is not None:
            a, b = sorted((report.event_id, other.event_id))
            links.append((a, b, score))
    # A report's strongest links decide its incident (cluster.py joins in decreasing score); past
    # `max_links` the weakest are not kept, so a dense block stores links linear in its events.
    links.sort(key=lambda link: (-link[2], link[0], link[1]))
    conn.executemany("INSERT OR REPLACE INTO incident_links VALUES (?, ?, ?)", links[:options.max_links])


def _region(conn: sqlite3.Connection, seeds: set[str]) -> tuple[set[str], list[tuple[str, str, float]]]:
    """The events linked to `seeds` (transitively), and their links."""
    seen, frontier, links = set(seeds), sorted(seeds), {}
    while frontier:
        next_frontier: set[str] = set()
        for i in range(0, len(frontier), 400):
            chunk = frontier[i:i + 400]
            for a, b, score in conn.execute(f"SELECT a, b, score FROM incident_links WHERE a IN ({_marks(chunk)})"
                                            f" UNION SELECT a, b, score FROM incident_links WHERE b IN ({_marks(chunk)})",
                                            [*chunk, *chunk]):
                links[(a, b)] = score
                next_frontier.update(x for x in (a, b) if x not in seen)
        seen |= next_frontier
        frontier = sorted(next_frontier)
    return seen, [(a, b, s) for (a, b), s in links.items()]


def update(conn: sqlite3.Connection, options: Incidents) -> Update:
    """Link the pending events, recluster the regions they and the dirty incidents touch, and rewrite
    those regions' incidents. Runs inside the caller's transaction."""
    result = Update()
    pending = [r[0] for r in conn.execute("SELECT event_id FROM incident_pending ORDER BY event_id")]
    dirty = [r[0] for r in conn.execute("SELECT incident_id FROM incident_dirty ORDER BY incident_id")]
    if not pending and not dirty:
        return result
    reports = _file(conn, _event_rows(conn, pending), options)  # all filed first: a batch links within itself
    cache = {r.event_id: r for r in reports}
    for report in reports:
        _link(conn, report, options, cache)
    result.events = len(reports)
    seeds = set(pending)
    for i in range(0, len(dirty), 500):
        chunk = dirty[i:i + 500]
        seeds |= {r[0] for r in conn.execute(
            f"SELECT event_id FROM incident_members WHERE incident_id IN ({_marks(chunk)})", chunk)}
    region, links = _region(conn, seeds)
    region_reports = _reports(conn, sorted(region), cache)
    before: dict[str, str] = {}
    ids = sorted(region)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        before.update(conn.execute(f"SELECT event_id, incident_id FROM incident_members WHERE event_id IN"
                                   f" ({_marks(chunk)})", chunk).fetchall())
    slots = {e: f"{r.article_id}#head" if r.headline else r.article_id for e, r in region_reports.items()}
    assignment = cluster(slots, links)
    _write(conn, assignment, region_reports, before, set(dirty), result)
    conn.execute("DELETE FROM incident_pending")
    conn.execute("DELETE FROM incident_dirty")
    return result


def _write(conn: sqlite3.Connection, assignment: dict[str, str], reports: dict[str, Report],
           before: dict[str, str], dirty: set[str], result: Update) -> None:
    groups: dict[str, list[Report]] = {}
    for event_id, incident_id in assignment.items():
        groups.setdefault(incident_id, []).append(reports[event_id])
    old_ids = sorted(set(before.values()) | dirty)
    existing: dict[str, tuple[str, int]] = {}
    for i in range(0, len(old_ids) + len(groups), 500):
        chunk = (old_ids + sorted(groups))[i:i + 500]
        existing.update((r[0], (r[1], r[2])) for r in conn.execute(
            f"SELECT id, created_at, reports FROM incidents WHERE id IN ({_marks(chunk)})", chunk))
    previous_members: dict[str, set[str]] = {}
    for event_id, incident_id in before.items():
        previous_members.setdefault(incident_id, set()).add(event_id)
    for i in range(0, len(old_ids), 500):
        chunk = old_ids[i:i + 500]
        conn.execute(f"DELETE FROM incidents WHERE id IN ({_marks(chunk)})", chunk)
    ids = sorted(assignment)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        conn.execute(f"DELETE FROM incident_members WHERE event_id IN ({_marks(chunk)})", chunk)
    conn.executemany("INSERT INTO incident_members VALUES (?, ?)", sorted(assignment.items()))
    now = _now()
    for incident_id in sorted(groups):
        record = consensus(incident_id, groups[incident_id])
        created = existing.get(incident_id, (now, 0))[0]
        values = [record[c] for c in _COLUMNS]
        conn.execute(f"INSERT OR REPLACE INTO incidents ({', '.join(_COLUMNS)}, record, created_at, updated_at)"
                     f" VALUES ({_marks(values)}, ?, ?, ?)",
                     [*values, json.dumps(record, ensure_ascii=False), created, now])
        members = {r.event_id for r in groups[incident_id]}
        if incident_id not in existing:
            result.created.append(incident_id)
        elif members != previous_members.get(incident_id, set()) or incident_id in dirty:
            result.changed.append(incident_id)
    result.removed = sorted(set(old_ids) - set(groups))


def reset(conn: sqlite3.Connection) -> None:
    """Forget every incident and link, and file every event again (`eventwire incidents rebuild`)."""
    for table in ("incident_links", "incident_keys", "incident_reports", "incident_members", "incidents",
                  "incident_dirty", "incident_pending"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("INSERT INTO incident_pending SELECT id FROM events")
