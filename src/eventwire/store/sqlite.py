"""The store: coded articles in one SQLite file, queryable by event type, actor, country and date.

    store = open_store("events.db")          # or $EVENTWIRE_DB, or ./eventwire.db
    store.ingest(coded)                      # IngestResult(status="inserted", ...)
    store.ingest(coded)                      # IngestResult(status="unchanged", ...): idempotent
    store.events(type="ASSAULT", country="SYR", since="2024-11-01")

Design notes (why it looks like this):
- One article is stored whole or not at all: every write runs in one `BEGIN IMMEDIATE` transaction.
- The article's content hash (cleaned text + the metadata that affects coding) decides whether a
  re-ingest writes anything; a new hash for a known article id replaces all of that article's rows.
- The schema evolves through numbered migrations recorded in `schema_migrations` (sqlite-utils style),
  so an old database is upgraded in place when a newer eventwire opens it.
- Query rows are plain dicts of one shape (see `event_row`), the same whether they come from the
  database or straight from a `CodedArticle`, so the exporters in export.py work on both.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal

from eventwire import __version__
from eventwire.errors import (  # noqa: F401  (re-exported: callers catch them from here too)
    DatabaseLockedError, NotADatabaseError, ReadOnlyDatabaseError, StoreError, StoreFileError,
)
from eventwire.model import QUAD_CLASS, Article, CodedArticle, Entity, Event, Magnitude, Place, Quote
from eventwire.normalize import name_key
from eventwire.options import Options
from eventwire.store import copies, incidents, query, summary

DEFAULT_DB = "eventwire.db"
DB_ENV = "EVENTWIRE_DB"
EVENT_ID_SEP = "-"  # event and quote ids are "<article id>-e<n>" / "<article id>-q<n>" in every output

Status = Literal["inserted", "unchanged", "replaced"]
Role = Literal["any", "actor", "recipient"]
ROLES: tuple[str, ...] = ("any", "actor", "recipient")


# --- errors -------------------------------------------------------------------------------------


def _store_error(path: str, exc: sqlite3.Error) -> StoreFileError:
    """Translate an sqlite3 error into the named StoreError that says what to do about it."""
    message = str(exc)
    lowered = message.lower()
    if "not a database" in lowered:
        return NotADatabaseError(path, f"not an SQLite database ({message})")
    if "malformed" in lowered:
        return NotADatabaseError(path, f"database file is corrupt ({message})")
    if "locked" in lowered or "busy" in lowered:
        return DatabaseLockedError(path, f"database is locked by another process ({message})")
    if "readonly" in lowered or "read-only" in lowered:
        return ReadOnlyDatabaseError(path, f"database is read-only ({message})")
    if "unable to open" in lowered:
        return StoreFileError(path, f"cannot open the database file ({message}); "
                                    "does its directory exist?")
    return StoreFileError(path, message)


# --- migrations ---------------------------------------------------------------------------------


def _m001_initial(conn: sqlite3.Connection) -> None:
    """Articles, events with their actors, quotes, places, and the failure log."""
    run_script(
        conn,
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT, url TEXT, source TEXT, published TEXT, origin TEXT,
            text TEXT NOT NULL,
            warnings TEXT NOT NULL DEFAULT '[]',      -- JSON list of Warning dicts
            document TEXT NOT NULL,                   -- JSON: the full CodedArticle.to_dict()
            coded_at TEXT NOT NULL,
            eventwire_version TEXT NOT NULL
        );
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,                     -- position in the article's event list
            type TEXT NOT NULL, mode TEXT,
            contexts TEXT NOT NULL DEFAULT '[]',      -- JSON list
            factuality TEXT NOT NULL,
            date_start TEXT, date_end TEXT, date_text TEXT,
            location_name TEXT, location_text TEXT, location_geonameid INTEGER,
            location_lat REAL, location_lon REAL, location_country TEXT,
            location_admin1 TEXT, location_feature TEXT,
            claimed_by_name TEXT, claimed_by_text TEXT, claimed_by_kb_id TEXT,
            claimed_by_wikidata TEXT, claimed_by_country TEXT, claimed_by_sector TEXT,
            sentence INTEGER, start INTEGER, "end" INTEGER, text TEXT,
            confidence REAL CHECK (confidence BETWEEN 0 AND 1),
            cameo TEXT, quad_class INTEGER CHECK (quad_class BETWEEN 1 AND 4), trigger TEXT
        );
        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
            seq INTEGER NOT NULL,
            name TEXT NOT NULL, text TEXT, kb_id TEXT, wikidata TEXT,
            country TEXT, sector TEXT, kind TEXT, start INTEGER, "end" INTEGER, score REAL,
            PRIMARY KEY (event_id, role, seq)
        );
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL, start INTEGER, "end" INTEGER, kind TEXT,
            speaker_name TEXT, speaker_text TEXT, speaker_kb_id TEXT, speaker_wikidata TEXT,
            speaker_country TEXT, speaker_sector TEXT, speaker_kind TEXT,
            medium TEXT
        );
        CREATE TABLE places (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL, start INTEGER, "end" INTEGER, name TEXT, geonameid INTEGER,
            lat REAL, lon REAL, country TEXT, admin1 TEXT, feature TEXT, role TEXT, score REAL
        );
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            error TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_articles_published ON articles(published);
        CREATE INDEX idx_events_article ON events(article_id, seq);
        CREATE INDEX idx_events_type ON events(type);
        CREATE INDEX idx_events_factuality ON events(factuality);
        CREATE INDEX idx_events_date ON events(date_start, date_end);
        CREATE INDEX idx_events_location_country ON events(location_country);
        CREATE INDEX idx_event_actors_country ON event_actors(country);
        CREATE INDEX idx_quotes_article ON quotes(article_id);
        CREATE INDEX idx_places_article ON places(article_id);
        CREATE INDEX idx_places_geonameid ON places(geonameid);
        """
    )


def _m002_stable_ids_failure_stage(conn: sqlite3.Connection) -> None:
    """One id scheme (the JSON output's "<article>-e<n>", no longer "<article>:<article>-e<n>" in the
    store), and the stage at which a failed document failed."""
    conn.execute("PRAGMA defer_foreign_keys = ON")  # event_actors follow their event within the transaction
    new_id = """CASE WHEN substr({col}, 1, length(article_id) + 1) = article_id || ':' THEN
                    CASE WHEN substr({col}, length(article_id) + 2, length(article_id) + 1) = article_id || '-'
                         THEN substr({col}, length(article_id) + 2)
                         ELSE article_id || '-' || substr({col}, length(article_id) + 2) END
                ELSE {col} END"""
    conn.execute(f"""UPDATE event_actors SET event_id = (SELECT {new_id.format(col='e.id')}
                     FROM events e WHERE e.id = event_actors.event_id)""".replace("article_id", "e.article_id"))
    conn.execute(f"UPDATE events SET id = {new_id.format(col='id')}")
    conn.execute(f"UPDATE quotes SET id = {new_id.format(col='id')}")
    conn.execute("ALTER TABLE failures ADD COLUMN stage TEXT")


def _m003_query_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for the analyst service's filters and its keyset pages (eventwire.api.queries): pages in
    publication order read articles by (published, id) and stop early, and an event's publication date
    is read without the article's row (id, published); participant filters look up
    names, KB ids, texts and (role, country, sector); places by GeoNames id; stats by day and quad class."""
    run_script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS idx_articles_published_key ON articles(coalesce(published, ''), id);
        CREATE INDEX IF NOT EXISTS idx_articles_id_published ON articles(id, published);
        CREATE INDEX IF NOT EXISTS idx_events_quad_type ON events(quad_class, type);
        CREATE INDEX IF NOT EXISTS idx_events_day ON events(date_start, quad_class, type, date_end, article_id, seq);
        CREATE INDEX IF NOT EXISTS idx_events_type_factuality ON events(type, factuality);
        CREATE INDEX IF NOT EXISTS idx_events_geonameid ON events(location_geonameid);
        CREATE INDEX IF NOT EXISTS idx_event_actors_name ON event_actors(name);
        CREATE INDEX IF NOT EXISTS idx_event_actors_kb_id ON event_actors(kb_id);
        CREATE INDEX IF NOT EXISTS idx_event_actors_text ON event_actors(text);
        CREATE INDEX IF NOT EXISTS idx_event_actors_role_country ON event_actors(role, country, sector);
        """
    )


def _m004_article_url_index(conn: sqlite3.Connection) -> None:
    """Feeds and URL lists ask whether a url is stored before fetching it (`Store.stored_url`)."""
    conn.execute("CREATE INDEX IF NOT EXISTS idx_articles_url ON articles(url)")


def _m005_copies(conn: sqlite3.Connection) -> None:
    """Copies (#12): fingerprints and LSH bands of every article, copy links, each copy's original.
    Articles stored before this migration get theirs on `eventwire incidents rebuild`."""
    from eventwire.store.copies import SCHEMA

    run_script(conn, SCHEMA)


def _m006_incidents(conn: sqlite3.Connection) -> None:
    """Incidents (#12): linking records, blocking keys, links, members and consensus records; the events
    already stored are filed as pending, to be linked by the next write or `eventwire incidents rebuild`."""
    from eventwire.store.incidents import SCHEMA

    run_script(conn, SCHEMA)
    conn.execute("INSERT INTO incident_pending SELECT id FROM events")


def _m007_watchlists_alerts(conn: sqlite3.Connection) -> None:
    """Watchlists, alerts (each fires once: a unique key) and the webhook outbox (#12)."""
    from eventwire.store.alerts import SCHEMA

    run_script(conn, SCHEMA)


def _m008_filter_keys(conn: sqlite3.Connection) -> None:
    """Keys the filters read as they are stored, indexes in the shape of the queries, event magnitudes and
    the kept counts (#14, #11, #13). Country and sector codes are upper-cased once here (and on every write)
    instead of `upper(...)` in every query; each event carries its article's publication date as its sort
    key (`published_key`, '' for none) and its filter interval (`day_start`/`day_end`: its own dates, else
    the publication date; `long_span` for intervals longer than LONG_SPAN_DAYS); each participant carries
    the coder's name key of its name and text (normalize.name_key). Magnitudes are read back from the stored
    documents; the counts of store/summary.py are counted from the rows."""
    conn.create_function("name_key", 1, _name_key, deterministic=True)
    run_script(conn, f"""
        ALTER TABLE events ADD COLUMN published_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE events ADD COLUMN day_start TEXT;
        ALTER TABLE events ADD COLUMN day_end TEXT;
        ALTER TABLE events ADD COLUMN long_span INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE event_actors ADD COLUMN name_key TEXT;
        ALTER TABLE event_actors ADD COLUMN text_key TEXT;
        UPDATE events SET location_country = upper(location_country) WHERE location_country != upper(location_country);
        UPDATE events SET claimed_by_country = upper(claimed_by_country) WHERE claimed_by_country != upper(claimed_by_country);
        UPDATE event_actors SET country = upper(country) WHERE country != upper(country);
        UPDATE event_actors SET sector = upper(sector) WHERE sector != upper(sector);
        UPDATE events SET published_key = coalesce((SELECT a.published FROM articles a WHERE a.id = events.article_id), '');
        UPDATE events SET day_start = coalesce(date_start, date_end, nullif(published_key, '')),
                          day_end = coalesce(date_end, date_start, nullif(published_key, ''));
        UPDATE events SET long_span = 1 WHERE day_start IS NOT NULL AND
            coalesce(julianday(substr(day_end, 1, 10)) - julianday(substr(day_start, 1, 10)) <= {LONG_SPAN_DAYS}, 0) = 0;
        UPDATE event_actors SET name_key = name_key(name), text_key = name_key(text);
        {MAGNITUDES_SCHEMA}
        INSERT OR IGNORE INTO event_magnitudes (event_id, kind, min, max, text, start, "end")
            SELECT e.id, m.key, json_extract(m.value, '$.min'), json_extract(m.value, '$.max'),
                   json_extract(m.value, '$.text'), json_extract(m.value, '$.start'), json_extract(m.value, '$.end')
            FROM articles a, json_each(a.document, '$.events') v, json_each(v.value, '$.magnitudes') m
            JOIN events e ON e.article_id = a.id AND e.id = CASE
                WHEN substr(json_extract(v.value, '$.id'), 1, length(a.id) + 1) = a.id || '-'
                THEN json_extract(v.value, '$.id') ELSE a.id || '-' || json_extract(v.value, '$.id') END;
        DROP INDEX IF EXISTS idx_events_type;
        DROP INDEX IF EXISTS idx_events_location_country;
        DROP INDEX IF EXISTS idx_events_day;
        DROP INDEX IF EXISTS idx_event_actors_country;
        DROP INDEX IF EXISTS idx_event_actors_name;
        DROP INDEX IF EXISTS idx_event_actors_text;
        DROP INDEX IF EXISTS idx_event_actors_kb_id;
        DROP INDEX IF EXISTS idx_event_actors_role_country;
        {query.INDEXES}
        {summary.SCHEMA}
    """)
    summary.rebuild(conn)


# Append-only: never edit or reorder a released migration, add a new numbered one.
MIGRATIONS: list[tuple[int, str, Callable[[sqlite3.Connection], None]]] = [
    (1, "initial", _m001_initial),
    (2, "stable ids, failure stage", _m002_stable_ids_failure_stage),
    (3, "query indexes", _m003_query_indexes),
    (4, "article url index", _m004_article_url_index),
    (5, "copies", _m005_copies),
    (6, "incidents", _m006_incidents),
    (7, "watchlists and alerts", _m007_watchlists_alerts),
    (8, "filter keys, query indexes, magnitudes, kept counts", _m008_filter_keys),
]
LONG_SPAN_DAYS = query.LONG_SPAN_DAYS
MAGNITUDES_SCHEMA = """
CREATE TABLE event_magnitudes (             -- an event's counts by kind (model.MAGNITUDE_KINDS)
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, min INTEGER, max INTEGER, text TEXT, start INTEGER, "end" INTEGER,
    PRIMARY KEY (event_id, kind)
) WITHOUT ROWID;
"""


# --- records -> rows ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What `Store.ingest` did. `duplicate_of` names the stored article when the same content was
    already stored under another id (then nothing is written and status is 'unchanged')."""

    article_id: str
    status: Status
    content_hash: str
    events: int
    duplicate_of: str | None = None


def content_hash(coded: CodedArticle | Article) -> str:
    """The article's content hash (`Article.content_hash`): what decides whether to re-store it."""
    art = coded.article if isinstance(coded, CodedArticle) else coded
    return art.content_hash()


def store_event_id(article_id: str, event_id: str) -> str:
    """Event ids unique across articles: prefixed with the article id (once). The pipeline already
    writes them so, and then the id is the same in the JSON output, the store and every export."""
    prefix = f"{article_id}{EVENT_ID_SEP}"
    return event_id if event_id.startswith(prefix) else prefix + event_id


def _entity_dict(entity: Entity) -> dict[str, Any]:
    return {
        "name": entity.name, "text": entity.text, "kb_id": entity.kb_id, "wikidata": entity.wikidata,
        "country": entity.country, "sector": entity.sector, "kind": entity.kind,
        "start": entity.start, "end": entity.end, "score": entity.score,
    }


def _place_columns(place: Place | None) -> dict[str, Any]:
    p = place
    return {
        "location_name": p.name if p else None, "location_text": p.text if p else None,
        "location_geonameid": p.geonameid if p else None, "location_lat": p.lat if p else None,
        "location_lon": p.lon if p else None, "location_country": p.country if p else None,
        "location_admin1": p.admin1 if p else None, "location_feature": p.feature if p else None,
    }


def _claimant_columns(who: Entity | None) -> dict[str, Any]:
    return {
        f"claimed_by_{key}": getattr(who, key) if who else None
        for key in ("name", "text", "kb_id", "wikidata", "country", "sector")
    }


def event_row(coded: CodedArticle, event: Event, seq: int = 0,
              coded_at: str | None = None, version: str = __version__) -> dict[str, Any]:
    """One event as a flat dict (the row shape `Store.events` returns and export.py consumes).

    Event columns, location_* / claimed_by_* columns, article_* columns, and `actors` /
    `recipients` as lists of entity dicts.
    """
    art = coded.article
    date_ = event.date
    row: dict[str, Any] = {
        "id": store_event_id(art.id, event.id), "article_id": art.id, "seq": seq,
        "type": event.type, "mode": event.mode, "contexts": list(event.contexts),
        "factuality": event.factuality,
        "date_start": date_.start if date_ else None, "date_end": date_.end if date_ else None,
        "date_text": date_.text if date_ else None,
        **_place_columns(event.location), **_claimant_columns(event.claimed_by),
        "sentence": event.sentence, "start": event.start, "end": event.end, "text": event.text,
        "confidence": event.confidence, "cameo": event.cameo,
        "quad_class": QUAD_CLASS.get(event.type), "trigger": event.trigger,
        "article_title": art.title, "article_url": art.url, "article_source": art.source,
        "article_published": art.published, "article_coded_at": coded_at,
        "article_version": version, "copy_of": None, "incident_id": None,
        "actors": [_entity_dict(e) for e in event.actors],
        "recipients": [_entity_dict(e) for e in event.recipients],
        "magnitudes": {kind: _magnitude_dict(m) for kind, m in event.magnitudes.items()},
    }
    return row


def _magnitude_dict(magnitude: Magnitude) -> dict[str, Any]:
    return {"min": magnitude.min, "max": magnitude.max, "text": magnitude.text,
            "start": magnitude.start, "end": magnitude.end}


def _code(value: str | None) -> str | None:
    """Country and sector codes are stored upper-case, so that filters compare them as they are."""
    return value.upper() if value else value


def filter_columns(row: dict[str, Any]) -> dict[str, Any]:
    """The columns the filters read (migration 8): the sort key and the filter interval of an event row."""
    published = row.get("article_published") or ""
    start = row.get("date_start") or row.get("date_end") or published or None
    end = row.get("date_end") or row.get("date_start") or published or None
    return {"published_key": published, "day_start": start, "day_end": end,
            "long_span": int(start is not None and query.long_span(start, end))}


def event_rows(coded: CodedArticle) -> list[dict[str, Any]]:
    """All events of a coded article as rows, without a database (e.g. to export fresh output)."""
    return [event_row(coded, ev, seq) for seq, ev in enumerate(coded.events)]


def _quote_row(article_id: str, quote: Quote) -> dict[str, Any]:
    who = quote.speaker
    row = {
        "id": store_event_id(article_id, quote.id), "article_id": article_id, "text": quote.text,
        "start": quote.start, "end": quote.end, "kind": quote.kind, "medium": quote.medium,
    }
    for key in ("name", "text", "kb_id", "wikidata", "country", "sector", "kind"):
        row[f"speaker_{key}"] = getattr(who, key) if who else None
    return row


def _place_row(article_id: str, place: Place) -> dict[str, Any]:
    return {"article_id": article_id, **place.to_dict()}


def _article_row(coded: CodedArticle, digest: str) -> dict[str, Any]:
    art = coded.article
    return {
        "id": art.id, "content_hash": digest, "title": art.title, "url": art.url,
        "source": art.source, "published": art.published, "origin": art.origin,
        "text": art.text, "warnings": _json([w.to_dict() for w in art.warnings]),
        "document": _json(coded.to_dict()), "coded_at": _now(), "eventwire_version": __version__,
    }


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# Column lists of the row dicts that map 1:1 onto table columns.
_EVENT_COLUMNS = (
    "id", "article_id", "seq", "type", "mode", "contexts", "factuality", "date_start", "date_end",
    "date_text", "location_name", "location_text", "location_geonameid", "location_lat",
    "location_lon", "location_country", "location_admin1", "location_feature", "claimed_by_name",
    "claimed_by_text", "claimed_by_kb_id", "claimed_by_wikidata", "claimed_by_country",
    "claimed_by_sector", "sentence", "start", "end", "text", "confidence", "cameo", "quad_class",
    "trigger", "published_key", "day_start", "day_end", "long_span",
)
_ACTOR_COLUMNS = ("event_id", "role", "seq", "name", "text", "kb_id", "wikidata", "country",
                  "sector", "kind", "start", "end", "score", "name_key", "text_key")
_MAGNITUDE_COLUMNS = ("event_id", "kind", "min", "max", "text", "start", "end")
_ARTICLE_COLUMNS = ("id", "content_hash", "title", "url", "source", "published", "origin", "text",
                    "warnings", "document", "coded_at", "eventwire_version")


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"


# --- the store ----------------------------------------------------------------------------------


def default_path(path: str | os.PathLike | None = None) -> Path:
    """The database to use: explicit `path`, else $EVENTWIRE_DB, else ./eventwire.db."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def open_store(path: str | os.PathLike | None = None, **options: Any) -> Store:
    """Open (creating and migrating if needed) the store at `default_path(path)`."""
    return Store(default_path(path), **options)


class Store:
    """Coded articles in one SQLite file. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | os.PathLike, *, timeout: float = 5.0, read_only: bool = False,
                 options: Options | None = None):
        self.path = str(path)
        self.read_only = read_only
        self.options = options if options is not None else Options.load()
        try:
            self.conn = self._connect(timeout)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                self._migrate()
            self._check_version()
            if not read_only:
                # WAL (set once we know the file is ours): readers never block an ingest, nor it them.
                self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            self._close_quietly()
            raise _store_error(self.path, exc) from exc
        except StoreError:
            self._close_quietly()
            raise

    # connection and schema -------------------------------------------------------------------

    def _connect(self, timeout: float) -> sqlite3.Connection:
        if self.read_only:
            uri = f"{Path(self.path).resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        else:
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA cache_size = -{query.CACHE_KB}")  # a filter's index walk revisits pages
        # SQLite's lower() folds ASCII only; actor names are not ASCII-only.
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        conn.create_function("name_key", 1, _name_key, deterministic=True)
        return conn

    def _applied(self) -> set[int]:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        if not exists:
            return set()
        return {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}

    def _migrate(self) -> None:
        """Apply pending migrations in one transaction, recording each one."""
        if {n for n, _, _ in MIGRATIONS} <= self._applied():
            return
        with self._transaction():
            # Decide under the write lock: another process may have just created or migrated it.
            done = self._applied()
            if not done and self._has_foreign_tables():
                raise NotADatabaseError(self.path, "an SQLite database, but not an eventwire store")
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            for number, name, apply in MIGRATIONS:
                if number not in done:
                    apply(self.conn)
                    self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                                      (number, name, _now()))

    def _has_foreign_tables(self) -> bool:
        return self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0] > 0

    def _check_version(self) -> None:
        applied = self._applied()
        if not applied:
            raise NotADatabaseError(self.path, "not an eventwire store (no schema_migrations table)")
        newest = max(n for n, _, _ in MIGRATIONS)
        if max(applied) > newest:
            raise StoreFileError(
                self.path, f"schema version {max(applied)} is newer than this eventwire "
                           f"({__version__}) understands ({newest}); upgrade eventwire")

    @property
    def schema_version(self) -> int:
        """Highest migration number applied to this database."""
        return max(self._applied(), default=0)

    @property
    def journal_mode(self) -> str:
        return self.conn.execute("PRAGMA journal_mode").fetchone()[0]

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (the exception propagates)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # some errors (e.g. disk full) already rolled back
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn sqlite3 errors into StoreErrors that name this database."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    def close(self) -> None:
        self.conn.close()

    def _close_quietly(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    # writing ---------------------------------------------------------------------------------

    def ingest(self, coded: CodedArticle, *, force: bool = False) -> IngestResult:
        """Store one coded article, whole or not at all.

        Same content hash as stored -> nothing written ('unchanged'); same article id with a new
        hash (or `force=True`) -> all of its rows replaced ('replaced'); else 'inserted'.
        """
        digest = content_hash(coded)
        article = _article_row(coded, digest)  # serialise before taking the write lock
        with self._errors(), self._transaction():
            result = self._write(coded, digest, article, force)
            self._link_incidents()
        return result

    def ingest_many(self, batch: Sequence[CodedArticle], *, force: bool = False,
                    link: bool = True) -> list[IngestResult | StoreError]:
        """Store several coded articles in one transaction (one commit, one fsync), each one whole or
        not at all: an article SQLite rejects is rolled back to its savepoint and comes back as its
        StoreError in the result list, the others are written. A crash loses the uncommitted batch only.

        `link=False` is the bulk path (loading a big archive at once): copy detection and incident linking
        are left for later. The events wait in the incident journal, linked by the next write that links or
        by `rebuild_incidents` (`eventwire incidents rebuild`, which also fingerprints the articles for copy
        detection); everything else, the kept counts included, is written as usual."""
        prepared = [(coded, content_hash(coded)) for coded in batch]
        prepared = [(coded, digest, _article_row(coded, digest)) for coded, digest in prepared]
        out: list[IngestResult | StoreError] = []
        with self._errors(), self._transaction():
            for coded, digest, article in prepared:
                self.conn.execute("SAVEPOINT article")
                try:
                    out.append(self._write(coded, digest, article, force, link))
                except sqlite3.Error as exc:
                    self.conn.execute("ROLLBACK TO article")
                    out.append(_store_error(self.path, exc))
                self.conn.execute("RELEASE article")
            if link:
                self._link_incidents()
        return out

    def _link_incidents(self) -> incidents.Update:
        """The written articles' events join incidents, and the watchlists see the incidents that changed,
        in the write's own transaction: an article is never stored without them."""
        from eventwire.alerts.evaluate import evaluate

        update = incidents.update(self.conn, self.options.incidents)
        if update.created or update.changed:
            evaluate(self.conn, update, self.options.alerts)
        return update

    def update_incidents(self) -> incidents.Update:
        """Link any events still pending (stored before migration 6, or by an older eventwire)."""
        with self._errors(), self._transaction():
            return self._link_incidents()

    def rebuild_incidents(self) -> incidents.Update:
        """Recluster the whole store (`eventwire incidents rebuild`): fingerprint the articles that have
        none, then link every event again; the same store always gives the same incidents."""
        with self._errors(), self._transaction():
            missing = [r[0] for r in self.conn.execute(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_fingerprints) ORDER BY id")]
            for article_id in missing:
                copies.fingerprint_stored(self.conn, article_id, self.options.copies)
            incidents.reset(self.conn)
            return self._link_incidents()

    def _write(self, coded: CodedArticle, digest: str, article: dict[str, Any], force: bool,
               link: bool = True) -> IngestResult:
        """The rows of one article, inside the caller's transaction (`link`: see `ingest_many`)."""
        art_id = coded.article.id
        by_hash = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
        if by_hash and not (force and by_hash["id"] == art_id):
            dup = by_hash["id"] if by_hash["id"] != art_id else None
            return IngestResult(art_id, "unchanged", digest, len(coded.events), dup)
        old_group = copies.group_of(self.conn, [art_id]) - {art_id}
        incidents.mark_dirty_articles(self.conn, [art_id])  # its events leave their incidents
        summary.remove(self.conn, art_id)  # ... and the kept counts
        deleted = self.conn.execute("DELETE FROM articles WHERE id = ?", (art_id,)).rowcount
        self.conn.execute(_insert_sql("articles", _ARTICLE_COLUMNS), article)
        self._insert_events(coded)
        self._insert_quotes(coded)
        self._insert_places(coded)
        group = copies.link_copies(self.conn, coded, self.options.copies) if link else set()
        if old_group:  # the replaced text may no longer be a copy of its old group
            copies.regroup(self.conn, old_group)
        # A new copy link changes its group's independent sources: their incidents are counted again.
        incidents.mark_dirty_articles(self.conn, sorted((group | old_group) - {art_id}))
        status: Status = "replaced" if deleted else "inserted"
        return IngestResult(art_id, status, digest, len(coded.events))

    def _insert_events(self, coded: CodedArticle) -> None:
        rows = event_rows(coded)
        events, actors, magnitudes = [], [], []
        for row in rows:
            row["location_country"], row["claimed_by_country"] = (_code(row["location_country"]),
                                                                  _code(row["claimed_by_country"]))
            row.update(filter_columns(row))
            events.append({**{c: row[c] for c in _EVENT_COLUMNS}, "contexts": _json(row["contexts"])})
            for role in ("actor", "recipient"):
                for seq, ent in enumerate(row[f"{role}s"]):
                    ent.update(country=_code(ent["country"]), sector=_code(ent["sector"]), **summary.keys_of(ent))
                    actors.append({"event_id": row["id"], "role": role, "seq": seq, **ent})
            magnitudes += [{"event_id": row["id"], "kind": kind, **m} for kind, m in row["magnitudes"].items()]
        self.conn.executemany(_insert_sql("events", _EVENT_COLUMNS), events)
        self.conn.executemany(_insert_sql("event_actors", _ACTOR_COLUMNS), actors)
        self.conn.executemany(_insert_sql("event_magnitudes", _MAGNITUDE_COLUMNS), magnitudes)
        summary.add(self.conn, rows)
        incidents.mark_pending(self.conn, [row["id"] for row in rows])

    def _insert_quotes(self, coded: CodedArticle) -> None:
        rows = [_quote_row(coded.article.id, q) for q in coded.quotes]
        if rows:
            self.conn.executemany(_insert_sql("quotes", list(rows[0])), rows)

    def _insert_places(self, coded: CodedArticle) -> None:
        rows = [_place_row(coded.article.id, p) for p in coded.places]
        if rows:
            self.conn.executemany(_insert_sql("places", list(rows[0])), rows)

    def record_failure(self, origin: str, error: str | BaseException, stage: str | None = None) -> int:
        """Log a document a batch could not read, code or store (and at which stage); returns its id."""
        if isinstance(error, BaseException):
            error = f"{type(error).__name__}: {error}"
        with self._errors(), self._transaction():
            cur = self.conn.execute("INSERT INTO failures (origin, error, at, stage) VALUES (?, ?, ?, ?)",
                                    (str(origin), error, _now(), stage))
        return int(cur.lastrowid or 0)

    def stored_hash(self, content_hash: str) -> str | None:
        """The id of the stored article with this content hash, if any (checked before coding)."""
        with self._errors():
            row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row["id"] if row else None

    def stored_url(self, url: str) -> str | None:
        """The id of a stored article read from `url`, if any (feeds and URL lists skip re-fetching it)."""
        with self._errors():
            row = self.conn.execute("SELECT id FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone()
        return row["id"] if row else None

    # reading ---------------------------------------------------------------------------------

    def events(self, type: str | Iterable[str] | None = None, actor: str | None = None,
               country: str | None = None, since: str | date | None = None,
               until: str | date | None = None, factuality: str | Iterable[str] | None = None,
               limit: int | None = None, *, role: Role = "any",
               article_id: str | None = None, incident: str | None = None) -> list[dict[str, Any]]:
        """Events matching every given filter, in article (published) order, with their actors.

        `actor`: case-insensitive substring of a participant's name, text or kb_id, on either side
        unless `role` is 'actor' (what X did) or 'recipient' (what was done to X). `country`: ISO3
        of any actor, recipient or the event location. `since` / `until`: ISO dates; an event
        matches when its date interval (else the article's published date) overlaps [since, until].
        `type` / `factuality`: one value or several. `incident`: the reports of one incident.
        """
        return list(self.iter_events(type, actor, country, since, until, factuality, limit,
                                     role=role, article_id=article_id, incident=incident))

    def iter_events(self, type: str | Iterable[str] | None = None, actor: str | None = None,
                    country: str | None = None, since: str | date | None = None,
                    until: str | date | None = None, factuality: str | Iterable[str] | None = None,
                    limit: int | None = None, *, role: Role = "any", article_id: str | None = None,
                    incident: str | None = None) -> Iterator[dict[str, Any]]:
        """`events` as a stream: rows are read and completed `chunk` at a time (exports run in constant
        memory), through the plan `query.plan_events` picks for the filters."""
        flt = self.event_filter(type, actor, country, since, until, factuality, role=role,
                                article_id=article_id, incident=incident)
        with self._errors():
            yield from query.read_events(self.conn, flt, order="asc", limit=limit, undated_last=True)

    def select(self, flt: query.EventFilter, limit: int | None = None, order: str = "asc") -> Iterator[dict[str, Any]]:
        """The events matching an `EventFilter` (every filter of the API: participants' countries and
        sectors, place, box, text, confidence...), streamed like `iter_events`."""
        with self._errors():
            yield from query.read_events(self.conn, flt, order=order, limit=limit, undated_last=True)

    @staticmethod
    def event_filter(type: str | Iterable[str] | None = None, actor: str | None = None,
                     country: str | None = None, since: str | date | None = None,
                     until: str | date | None = None, factuality: str | Iterable[str] | None = None, *,
                     role: Role = "any", article_id: str | None = None,
                     incident: str | None = None) -> query.EventFilter:
        """The arguments of `events` as the query module's EventFilter."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        return query.EventFilter(
            type=tuple(t.upper() for t in _values(type)) if type is not None else (),
            factuality=tuple(f.lower() for f in _values(factuality)) if factuality is not None else (),
            actor=actor or None, actor_role=role, country=country or None,
            since=_iso(since) if since is not None else None, until=_iso(until) if until is not None else None,
            article_id=article_id, incident=incident)

    def article_rows(self, table: Literal["quotes", "places"], article_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """The quote or place rows of the given articles, as stored (exports of the articles an event
        query matched)."""
        ids = list(dict.fromkeys(article_ids))
        with self._errors():
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                sql = (f"SELECT * FROM {table} WHERE article_id IN ({', '.join('?' * len(chunk))})"
                       " ORDER BY article_id, rowid")
                yield from (dict(r) for r in self.conn.execute(sql, chunk))

    def articles(self) -> list[dict[str, Any]]:
        """Stored articles (metadata, no text) with their event counts, in published order."""
        sql = ("SELECT a.id, a.title, a.url, a.source, a.published, a.origin, a.content_hash,"
               " a.coded_at, a.eventwire_version,"
               " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events"
               " FROM articles a ORDER BY a.published IS NULL, a.published, a.id")
        with self._errors():
            return [dict(r) for r in self.conn.execute(sql)]

    def document(self, article_id: str) -> dict[str, Any] | None:
        """The stored JSON document (CodedArticle.to_dict()) of one article, or None."""
        with self._errors():
            row = self.conn.execute("SELECT document FROM articles WHERE id = ?",
                                    (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def stats(self) -> dict[str, Any]:
        """Row counts per table, and events per PLOVER type and per factuality."""
        out: dict[str, Any] = {}
        with self._errors():
            for table in ("articles", "events", "event_actors", "quotes", "places", "failures", "incidents",
                          "article_copies"):
                out[table] = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for column in ("type", "factuality"):
                sql = f"SELECT {column}, count(*) FROM events GROUP BY {column} ORDER BY 2 DESC, 1"
                out[f"events_by_{column}"] = {r[0]: r[1] for r in self.conn.execute(sql)}
        return out

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident's consensus record (eventwire.incidents.consensus) with its `reports`: every
        supporting event row, each naming its article (and `copy_of` for a copy)."""
        with self._errors():
            row = self.conn.execute("SELECT record FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            return None
        record = json.loads(row[0])
        record["reports"] = self.events(incident=incident_id)
        return record

    def iter_incidents(self, type: str | Iterable[str] | None = None, actor: str | None = None,
                       country: str | None = None, since: str | date | None = None,
                       until: str | date | None = None, factuality: str | Iterable[str] | None = None,
                       limit: int | None = None, *, role: Role = "any") -> Iterator[dict[str, Any]]:
        """The filters of `events`, counting incidents instead of reports: one row per incident that has a
        matching report, in the order of its first matching report. The row has the event-row shape (so
        every export renders it): the consensus type, date, place and factuality over the first matching
        report's participants and article, `id` = the incident id, `event_id` = that report, and
        `reports`, `independent_sources`, `sources`, `first_report`, `latest_report`."""
        seen: set[str] = set()
        for row in self.iter_events(type, actor, country, since, until, factuality, role=role):
            key = row.get("incident_id") or row["id"]
            if key in seen:
                continue
            seen.add(key)
            yield self._incident_row(row) if row.get("incident_id") else {**row, "event_id": row["id"],
                                                                            "reports": 1, "independent_sources": 1}
            if limit is not None and len(seen) >= limit:
                return

    def _incident_row(self, row: dict[str, Any]) -> dict[str, Any]:
        from eventwire.incidents.consensus import incident_row

        found = self.conn.execute("SELECT record FROM incidents WHERE id = ?", (row["incident_id"],)).fetchone()
        return incident_row(row, json.loads(found[0]) if found else {"id": row["incident_id"]})

    def inflation(self) -> dict[str, list[dict[str, Any]]]:
        """Reports per incident by source and by type: how much counting reports inflates the counts."""
        out: dict[str, list[dict[str, Any]]] = {}
        queries = {
            "by_source": "SELECT coalesce(a.source, '(none)') AS value, count(*) AS reports,"
                         " count(DISTINCT m.incident_id) AS incidents FROM events e"
                         " JOIN articles a ON a.id = e.article_id JOIN incident_members m ON m.event_id = e.id"
                         " GROUP BY value ORDER BY reports DESC, value",
            "by_type": "SELECT i.type AS value, sum(i.reports) AS reports, count(*) AS incidents"
                       " FROM incidents i GROUP BY i.type ORDER BY reports DESC, value",
        }
        with self._errors():
            for name, sql in queries.items():
                out[name] = [{**dict(r), "per_incident": round(r["reports"] / r["incidents"], 2)}
                             for r in self.conn.execute(sql)]
        return out

    # watchlists and alerts ------------------------------------------------------------------

    def save_watchlist(self, watchlist) -> None:
        """Add or replace a watchlist (eventwire.alerts.watchlists.Watchlist); it sees incidents from now on."""
        from eventwire.store.alerts import save_watchlist

        with self._errors(), self._transaction():
            save_watchlist(self.conn, watchlist)

    def remove_watchlist(self, name: str) -> bool:
        from eventwire.store.alerts import remove_watchlist

        with self._errors(), self._transaction():
            return remove_watchlist(self.conn, name)

    def watchlists(self) -> list:
        from eventwire.store.alerts import watchlists

        with self._errors():
            return watchlists(self.conn)

    def alerts(self, watchlist: str | None = None, kind: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Stored alerts, newest first, with their delivery state per webhook."""
        sql = ("SELECT * FROM alerts WHERE (? IS NULL OR watchlist = ?) AND (? IS NULL OR kind = ?)"
               " ORDER BY id DESC LIMIT ?")
        params = [watchlist, watchlist, kind, kind, -1 if limit is None else int(limit)]
        with self._errors():
            rows = [dict(r) for r in self.conn.execute(sql, params)]
            for row in rows:
                row["payload"] = json.loads(row["payload"])
                row["deliveries"] = [dict(d) for d in self.conn.execute(
                    "SELECT url, attempts, delivered_at, last_error, next_at FROM alert_outbox WHERE alert_id = ?"
                    " ORDER BY url", (row["id"],))]
        return rows

    def outbox_due(self, now: str) -> list[tuple[int, str, int, dict[str, Any]]]:
        """(alert id, url, attempts so far, payload) of the webhook deliveries due at `now` (UTC ISO)."""
        with self._errors():
            rows = self.conn.execute(
                "SELECT o.alert_id, o.url, o.attempts, a.payload FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id"
                " WHERE o.delivered_at IS NULL AND o.next_at <= ? ORDER BY o.alert_id, o.url", (now,)).fetchall()
        return [(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    def record_delivery(self, alert_id: int, url: str, attempts: int, *, delivered_at: str | None = None,
                        error: str | None = None, next_at: str | None = None) -> int:
        """Note one delivery's outcome; returns the deliveries still waiting in the outbox."""
        with self._errors(), self._transaction():
            if delivered_at is not None:
                self.conn.execute("UPDATE alert_outbox SET attempts = ?, delivered_at = ?, last_error = NULL"
                                  " WHERE alert_id = ? AND url = ?", (attempts, delivered_at, alert_id, url))
            else:
                self.conn.execute("UPDATE alert_outbox SET attempts = ?, last_error = ?, next_at = ?"
                                  " WHERE alert_id = ? AND url = ?", (attempts, error, next_at, alert_id, url))
            return self.conn.execute("SELECT count(*) FROM alert_outbox WHERE delivered_at IS NULL").fetchone()[0]

    def failures(self) -> list[dict[str, Any]]:
        """Logged failures, oldest first."""
        with self._errors():
            return [dict(r) for r in self.conn.execute("SELECT * FROM failures ORDER BY id")]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run an SQL script inside the caller's open transaction, statement by statement.

    (`Connection.executescript` would COMMIT first, breaking the all-or-nothing migration.)
    """
    for statement in _statements(script):
        conn.execute(statement)


def _statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (sqlite3.complete_statement knows quoting)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


# --- query helpers ------------------------------------------------------------------------------

def _values(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _iso(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _casefold(value: Any) -> str | None:
    return None if value is None else str(value).casefold()


def _name_key(value: Any) -> str | None:
    return None if value is None else name_key(str(value))
