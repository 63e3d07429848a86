"""The SQLite store: idempotent, transactional ingest and the event queries (on a real file)."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.model import Article, CodedArticle, Entity, Event, EventDate, Place, Quote
from eventwire.store.sqlite import (
    MIGRATIONS,
    DB_ENV, DatabaseLockedError, NotADatabaseError, ReadOnlyDatabaseError, Store, StoreFileError,
    content_hash, default_path, open_store,
)

SEED = Path(__file__).resolve().parents[3] / "shared/samples/seed-article.txt"

# Invented wire-style reports (not taken from any source).
TEXT_A = ("Turkish drones struck a fuel depot near Qamishli on Tuesday, the Syrian Observatory for "
          "Human Rights said.\nLeaders of the Nujaba militia threatened to send fighters into Syria.")
TEXT_B = ("Ukrainian officials accused Russia of shelling Kharkiv overnight.\n"
          "Zelensky's office said talks with Ankara were planned for next week.\n"
          "\"We will not be intimidated,\" the mayor told Suspilne.")


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def ent(text: str, phrase: str, name: str, country: str | None, sector: str | None,
        wikidata: str | None = None, kind: str = "organization") -> Entity:
    start, end = span(text, phrase)
    return Entity(name=name, text=phrase, kb_id=name.lower().replace(" ", "_"), wikidata=wikidata,
                  country=country, sector=sector, kind=kind, start=start, end=end)


def place(text: str, phrase: str, country: str, lat: float, lon: float, gid: int) -> Place:
    start, end = span(text, phrase)
    return Place(text=phrase, start=start, end=end, name=phrase, geonameid=gid, lat=lat, lon=lon,
                 country=country, feature="city")


def event(text: str, eid: str, type_: str, evidence: str, actors: list[Entity],
          recipients: list[Entity], factuality: str = "asserted", loc: Place | None = None,
          date: EventDate | None = None, claimed_by: Entity | None = None,
          confidence: float = 0.8) -> Event:
    start, end = span(text, evidence)
    return Event(id=eid, type=type_, mode=None, contexts=[], actors=actors, recipients=recipients,
                 location=loc, date=date, factuality=factuality, claimed_by=claimed_by,
                 sentence=text[:start].count("\n"), start=start, end=end, text=evidence,
                 confidence=confidence)


def article_a(text: str = TEXT_A) -> CodedArticle:
    turkey = ent(text, "Turkish", "Turkey", "TUR", "MIL", "Q43", "country")
    sohr = ent(text, "Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights",
               "GBR", "NGO")
    nujaba = ent(text, "Nujaba militia", "Harakat al-Nujaba", "IRQ", "REB", "Q3156469", "group")
    qamishli = place(text, "Qamishli", "SYR", 37.05, 41.23, 173576)
    events = [
        event(text, "e1", "ASSAULT", "Turkish drones struck a fuel depot near Qamishli", [turkey],
              [], loc=qamishli, date=EventDate("2024-11-19", "2024-11-19", "on Tuesday"),
              claimed_by=sohr),
        event(text, "e2", "THREATEN", "threatened to send fighters into Syria", [nujaba], [],
              factuality="planned"),
    ]
    art = Article(id="levant-0001", text=text, title="Drones hit depot", url="https://example.org/a",
                  source="Levant Wire", published="2024-11-20", origin="a.txt")
    return CodedArticle(article=art, events=events, places=[qamishli], actors=[turkey, nujaba])


def article_b() -> CodedArticle:
    text = TEXT_B
    ukraine = ent(text, "Ukrainian officials", "Ukraine", "UKR", "GOV", "Q212", "country")
    russia = ent(text, "Russia", "Russia", "RUS", "MIL", "Q159", "country")
    office = ent(text, "Zelensky's office", "Office of the President of Ukraine", "UKR", "GOV")
    turkey = ent(text, "Ankara", "Turkey", "TUR", "GOV", "Q43", "country")
    mayor = ent(text, "the mayor", "Ihor Terekhov", "UKR", "GOV", kind="person")
    kharkiv = place(text, "Kharkiv", "UKR", 49.98, 36.25, 706483)
    events = [
        event(text, "e1", "ASSAULT", "shelling Kharkiv overnight", [russia], [ukraine],
              loc=kharkiv, date=EventDate("2024-11-30", "2024-11-30", "overnight"),
              claimed_by=ukraine),
        event(text, "e2", "CONSULT", "talks with Ankara were planned for next week", [office],
              [turkey], factuality="planned",
              date=EventDate("2024-12-02", "2024-12-08", "next week")),
        event(text, "e3", "ACCUSE", "Ukrainian officials accused Russia", [ukraine], [russia]),
    ]
    qs, qe = span(text, "\"We will not be intimidated,\"")
    quote = Quote(id="q1", text=text[qs:qe], start=qs, end=qe, kind="direct", speaker=mayor,
                  medium="Suspilne")
    art = Article(id="kyiv-0042", text=text, title="Kharkiv shelled", url="https://example.org/b",
                  source="Dnipro Daily", published="2024-12-01")
    return CodedArticle(article=art, events=events, quotes=[quote], places=[kharkiv],
                        actors=[ukraine, russia, office, turkey, mayor])


@pytest.fixture
def db(tmp_path: Path) -> Store:
    store = Store(tmp_path / "events.db")
    yield store
    store.close()


@pytest.fixture
def filled(db: Store) -> Store:
    db.ingest(article_a())
    db.ingest(article_b())
    return db


def count(store: Store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- ingest ---------------------------------------------------------------------------------------


def test_store_ingest_stores_every_table(db: Store) -> None:
    result = db.ingest(article_b())
    assert (result.status, result.article_id, result.events) == ("inserted", "kyiv-0042", 3)
    stats = db.stats()
    assert {k: stats[k] for k in ("articles", "events", "event_actors", "quotes", "places")} == {
        "articles": 1, "events": 3, "event_actors": 6, "quotes": 1, "places": 1}
    assert stats["events_by_type"] == {"ACCUSE": 1, "ASSAULT": 1, "CONSULT": 1}
    quote = dict(db.conn.execute("SELECT * FROM quotes").fetchone())
    assert (quote["speaker_name"], quote["medium"], quote["id"]) == (
        "Ihor Terekhov", "Suspilne", "kyiv-0042-q1")


def test_store_ingest_twice_is_unchanged(db: Store) -> None:
    first = db.ingest(article_a())
    coded_at = db.articles()[0]["coded_at"]
    second = db.ingest(article_a())
    assert (first.status, second.status) == ("inserted", "unchanged")
    assert first.content_hash == second.content_hash
    assert (count(db, "articles"), count(db, "events"), count(db, "event_actors")) == (1, 2, 2)
    assert db.articles()[0]["coded_at"] == coded_at


def test_store_ingest_changed_text_replaces(filled: Store) -> None:
    changed = article_a(TEXT_A.replace("Leaders of", "Commanders of"))
    changed.events = changed.events[1:]  # the recoded article has only the threat
    result = filled.ingest(changed)
    assert result.status == "replaced"
    ids = [r["id"] for r in filled.events(article_id="levant-0001")]
    assert ids == ["levant-0001-e2"]
    assert "Commanders of" in filled.conn.execute("SELECT text FROM articles WHERE id = ?",
                                               ("levant-0001",)).fetchone()[0]
    assert count(filled, "articles") == 2 and len(filled.events(article_id="kyiv-0042")) == 3
    orphans = filled.conn.execute("SELECT count(*) FROM event_actors WHERE event_id NOT IN "
                                  "(SELECT id FROM events)").fetchone()[0]
    assert orphans == 0


@pytest.mark.parametrize("field, value, status", [
    ("url", "https://mirror.example.net/a", "unchanged"),  # url does not affect coding
    ("origin", "elsewhere.jsonl:7", "unchanged"),
    ("published", "2024-11-21", "replaced"),  # relative dates resolve differently
    ("title", "Drone strike on depot", "replaced"),
    ("source", "Other Wire", "replaced"),
])
def test_store_ingest_hash_covers_coding_metadata(db: Store, field: str, value: str,
                                                  status: str) -> None:
    db.ingest(article_a())
    coded = article_a()
    setattr(coded.article, field, value)
    assert db.ingest(coded).status == status


def test_store_content_hash_is_the_articles_hash() -> None:
    coded = article_b()
    assert content_hash(coded) == coded.article.content_hash() == content_hash(coded.article)
    assert content_hash(coded) != content_hash(article_a())


def test_store_ingest_same_content_under_other_id_is_duplicate(db: Store) -> None:
    db.ingest(article_a())
    copy = article_a()
    copy.article = dataclasses.replace(copy.article, id="levant-0001-copy")
    result = db.ingest(copy)
    assert (result.status, result.duplicate_of) == ("unchanged", "levant-0001")
    assert count(db, "articles") == 1


def test_store_ingest_force_recodes_same_content(db: Store) -> None:
    db.ingest(article_a())
    recoded = article_a()
    recoded.events[0].confidence = 0.95
    assert db.ingest(recoded).status == "unchanged"
    assert db.ingest(recoded, force=True).status == "replaced"
    assert db.events(type="ASSAULT")[0]["confidence"] == 0.95


def test_store_event_ids_unique_across_articles(filled: Store) -> None:
    ids = [r["id"] for r in filled.events()]
    assert len(ids) == len(set(ids)) == 5
    assert "levant-0001-e1" in ids and "kyiv-0042-e1" in ids


# --- transactions ---------------------------------------------------------------------------------


def test_store_ingest_bad_value_stores_nothing(db: Store) -> None:
    db.ingest(article_a())
    broken = article_b()
    broken.events[2].confidence = 7.0  # violates CHECK (confidence BETWEEN 0 AND 1), 3rd event
    with pytest.raises(StoreError, match="events.db"):
        db.ingest(broken)
    assert [a["id"] for a in db.articles()] == ["levant-0001"]
    assert count(db, "events") == 2 and count(db, "quotes") == 0
    assert db.conn.execute("SELECT count(*) FROM event_actors WHERE event_id LIKE 'kyiv%'"
                           ).fetchone()[0] == 0


def test_store_ingest_failure_in_last_step_rolls_back(db: Store, monkeypatch) -> None:
    db.ingest(article_a())

    def explode(self: Store, coded: CodedArticle) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_places", explode)  # after article, events and quotes
    with pytest.raises(RuntimeError, match="disk on fire"):
        db.ingest(article_b())
    assert count(db, "articles") == 1 and count(db, "events") == 2 and count(db, "quotes") == 0
    assert not db.conn.in_transaction


def test_store_failed_replace_keeps_previous_version(db: Store) -> None:
    db.ingest(article_a())
    changed = article_a(TEXT_A.replace("Tuesday", "Monday"))
    changed.events[1].id = "e1"  # PRIMARY KEY clash on the second event insert
    with pytest.raises(StoreError):
        db.ingest(changed)
    assert "Tuesday" in db.conn.execute("SELECT text FROM articles").fetchone()[0]
    assert [r["id"] for r in db.events()] == ["levant-0001-e1", "levant-0001-e2"]


# --- queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("filters, expected", [
    ({}, {"levant-0001-e1", "levant-0001-e2", "kyiv-0042-e1", "kyiv-0042-e2", "kyiv-0042-e3"}),
    ({"type": "assault"}, {"levant-0001-e1", "kyiv-0042-e1"}),
    ({"type": ["CONSULT", "THREATEN"]}, {"kyiv-0042-e2", "levant-0001-e2"}),
    ({"actor": "russia"}, {"kyiv-0042-e1", "kyiv-0042-e3"}),  # either side by default
    ({"actor": "russia", "role": "actor"}, {"kyiv-0042-e1"}),  # what Russia did
    ({"actor": "Russia", "role": "recipient"}, {"kyiv-0042-e3"}),  # what was done to Russia
    ({"actor": "NUJABA"}, {"levant-0001-e2"}),  # canonical-name substring, any case
    ({"actor": "zelensky's"}, {"kyiv-0042-e2"}),  # text as written
    ({"actor": "office_of_the"}, {"kyiv-0042-e2"}),  # kb_id
    ({"actor": "harakat al-nujaba", "role": "recipient"}, set()),
    ({"country": "tur"}, {"levant-0001-e1", "kyiv-0042-e2"}),  # actor or recipient country
    ({"country": "SYR"}, {"levant-0001-e1"}),  # location country only
    ({"since": "2024-12-01"}, {"kyiv-0042-e2", "kyiv-0042-e3"}),  # e3: published date
    ({"until": "2024-11-19"}, {"levant-0001-e1"}),
    ({"since": "2024-11-20", "until": "2024-11-30"}, {"levant-0001-e2", "kyiv-0042-e1"}),
    ({"since": "2024-12-05", "until": "2024-12-05"}, {"kyiv-0042-e2"}),  # inside 'next week'
    ({"factuality": "planned"}, {"levant-0001-e2", "kyiv-0042-e2"}),
    ({"factuality": ["negated", "hypothetical"]}, set()),
    ({"type": "ASSAULT", "country": "UKR", "since": "2024-11-01"}, {"kyiv-0042-e1"}),
])
def test_store_events_filters(filled: Store, filters: dict, expected: set[str]) -> None:
    assert {r["id"] for r in filled.events(**filters)} == expected


def test_store_events_rejects_unknown_role(filled: Store) -> None:
    with pytest.raises(ValueError, match="role must be one of"):
        filled.events(actor="Russia", role="target")  # type: ignore[arg-type]


def test_store_events_accepts_date_objects(filled: Store) -> None:
    import datetime as dt
    assert {r["id"] for r in filled.events(until=dt.date(2024, 11, 19))} == {"levant-0001-e1"}


def test_store_events_rows_carry_participants_and_article(filled: Store) -> None:
    row = filled.events(type="CONSULT")[0]
    assert [a["name"] for a in row["actors"]] == ["Office of the President of Ukraine"]
    assert [(r["name"], r["country"], r["wikidata"]) for r in row["recipients"]] == [
        ("Turkey", "TUR", "Q43")]
    assert (row["date_start"], row["date_end"], row["date_text"]) == (
        "2024-12-02", "2024-12-08", "next week")
    assert (row["quad_class"], row["article_source"], row["article_published"]) == (
        1, "Dnipro Daily", "2024-12-01")
    assert TEXT_B[row["start"]:row["end"]] == row["text"]


def test_store_events_limit_and_order(filled: Store) -> None:
    rows = filled.events(limit=3)
    assert [r["id"] for r in rows] == ["levant-0001-e1", "levant-0001-e2", "kyiv-0042-e1"]


def test_store_articles_and_document(filled: Store) -> None:
    listing = filled.articles()
    assert [(a["id"], a["events"]) for a in listing] == [("levant-0001", 2), ("kyiv-0042", 3)]
    assert filled.document("kyiv-0042") == article_b().to_dict()
    assert filled.document("missing") is None


def test_store_failures_are_recorded(db: Store) -> None:
    db.record_failure("inbox/broken.html", ValueError("no article body"))
    db.record_failure("inbox/feed.jsonl:12", "empty text")
    failures = db.failures()
    assert [(f["origin"], f["error"]) for f in failures] == [
        ("inbox/broken.html", "ValueError: no article body"), ("inbox/feed.jsonl:12", "empty text")]
    assert all(f["at"] for f in failures) and db.stats()["failures"] == 2


# --- the database file ----------------------------------------------------------------------------


def test_store_uses_wal_and_foreign_keys(db: Store) -> None:
    assert db.journal_mode == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_store_migrations_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    Store(path).close()
    with Store(path) as store:
        rows = store.conn.execute("SELECT version, name FROM schema_migrations").fetchall()
        assert [tuple(r) for r in rows] == [(n, name) for n, name, _ in MIGRATIONS]
        assert store.schema_version == MIGRATIONS[-1][0]


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store(path) as store:
        store.conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
    with pytest.raises(StoreFileError, match="newer"):
        Store(path)


def test_store_path_from_env_then_explicit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)
    assert default_path() == Path("eventwire.db")
    monkeypatch.setenv(DB_ENV, str(tmp_path / "from-env.db"))
    with open_store() as store:
        store.ingest(article_a())
    assert (tmp_path / "from-env.db").is_file() and not (tmp_path / "eventwire.db").exists()
    with open_store(tmp_path / "explicit.db") as store:
        assert store.path == str(tmp_path / "explicit.db") and store.stats()["articles"] == 0


@pytest.mark.parametrize("content", [b"this is a CSV file,\nnot a database\n" * 40, b"\x00\xff" * 600])
def test_store_rejects_non_database_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(NotADatabaseError, match="notes.db: not an SQLite database") as info:
        Store(path)
    assert isinstance(info.value, StoreError) and info.value.path == str(path)


def test_store_rejects_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    with pytest.raises(NotADatabaseError, match="not an eventwire store"):
        Store(path)
    with sqlite3.connect(path) as conn:  # left exactly as it was: not switched to WAL, no tables
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]
    conn.close()


def test_store_locked_database_names_problem(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with Store(path, timeout=0.05) as store:
            with pytest.raises(DatabaseLockedError, match="busy.db: database is locked"):
                store.ingest(article_a())
            assert store.stats()["articles"] == 0  # WAL: reading still works meanwhile
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_store_read_only_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with Store(path) as store:
        store.ingest(article_a())
    with Store(path, read_only=True) as store:
        assert len(store.events()) == 2
        with pytest.raises(ReadOnlyDatabaseError, match="ro.db: database is read-only"):
            store.ingest(article_b())


def test_store_missing_directory_is_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no-such-dir"):
        Store(tmp_path / "no-such-dir" / "x.db")


def test_store_keeps_seed_article_text_exactly(db: Store) -> None:
    if not SEED.is_file():
        pytest.skip("example article not available")
    text = SEED.read_text(encoding="utf-8")
    coded = CodedArticle(article=Article(id="seed", text=text, published="2024-12-01"))
    assert db.ingest(coded).content_hash == content_hash(coded)
    stored = db.conn.execute("SELECT text FROM articles WHERE id = 'seed'").fetchone()[0]
    assert stored == text and db.ingest(coded).status == "unchanged"


def test_store_migration_2_gives_old_stores_the_stable_ids(tmp_path: Path) -> None:
    """A store written before migration 2 ("<article>:<article>-e1") gets the ids of the JSON output."""
    import sqlite3

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    MIGRATIONS[0][2](conn)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'initial', '2026-01-01')")
    conn.execute("INSERT INTO articles (id, content_hash, text, document, coded_at, eventwire_version) "
                 "VALUES ('a1', 'h', 't', '{}', 'now', '0.1.0')")
    conn.execute("INSERT INTO events (id, article_id, seq, type, factuality) VALUES ('a1:a1-e1', 'a1', 0, 'ASSAULT', 'asserted')")
    conn.execute("INSERT INTO events (id, article_id, seq, type, factuality) VALUES ('a1:e2', 'a1', 1, 'ACCUSE', 'asserted')")
    conn.execute("INSERT INTO event_actors (event_id, role, seq, name) VALUES ('a1:a1-e1', 'actor', 0, 'RSF')")
    conn.execute("INSERT INTO quotes (id, article_id, text) VALUES ('a1:q1', 'a1', 'x')")
    conn.execute("INSERT INTO failures (origin, error, at) VALUES ('f.txt', 'empty', 'now')")
    conn.close()
    with Store(path) as store:
        assert sorted(r["id"] for r in store.events()) == ["a1-e1", "a1-e2"]
        assert [a["name"] for r in store.events() if r["id"] == "a1-e1" for a in r["actors"]] == ["RSF"]
        assert [r[0] for r in store.conn.execute("SELECT id FROM quotes")] == ["a1-q1"]
        assert store.failures()[0]["stage"] is None
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
