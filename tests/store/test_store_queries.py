"""The query planner (store/query.py), the kept counts (store/summary.py) and migration 8, on real files:
every strategy returns what a plain Python filter returns, the main filters are read through an index,
names match as the coder matches them, and the counts stay exact through replaces."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from eventwire.store import query, summary
from eventwire.store.query import EventFilter
from eventwire.store.sqlite import MIGRATIONS, Store
from varied import coded_articles, reference, varied_store

FILTERS = [
    {"type": ("ASSAULT",), "country": "SDN", "since": "2024-06-01"},
    {"type": ("CONSULT",), "since": "2024-09-10"},
    {"actor": "Kataib Hezbollah"},
    {"actor": "KATAEB hizballah"},
    {"actor": "goita", "actor_role": "actor"},
    {"actor": "Medecins Sans Frontieres", "actor_role": "recipient"},
    {"actor": "rapid-support-forces"},
    {"actor": "q1136063"},
    {"actor_country": "SDN", "recipient_country": "TUR"},
    {"actor_country": "UKR", "actor_sector": "COP"},
    {"since": "2024-03-01", "until": "2024-03-31"},
    {"until": "2024-02-01"},
    {"bbox": (10.0, 0.0, 30.0, 20.0)},
    {"q": "DETAINED", "min_confidence": 0.5},
    {"country": "ukr", "factuality": ("planned", "negated")},
    {"type": ("CONSULT", "ACCUSE"), "quad_class": (1,)},
    {"actor": "no such actor anywhere"},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    s = varied_store(tmp_path_factory.mktemp("queries") / "varied.db")
    yield s
    s.close()


@pytest.fixture(scope="module")
def everything(store: Store) -> list[dict]:
    return store.events()


def test_query_store_holds_the_shapes_the_filters_need(everything: list[dict]) -> None:
    assert len(everything) > 300
    assert any(r["article_published"] is None for r in everything)
    assert any(r["date_start"] is None for r in everything)
    assert any(r["magnitudes"] for r in everything)
    assert any(r["date_end"] and r["article_published"] and r["date_end"] > r["article_published"] for r in everything)
    dated = [r["article_published"] for r in everything if r["article_published"]]
    assert dated == sorted(dated) and everything[-1]["article_published"] is None  # undated articles last


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(f))
def test_query_every_strategy_gives_the_reference_rows(store: Store, everything: list[dict], f: dict) -> None:
    flt = EventFilter(**f)
    expected = reference(everything, **f)
    for strategy in query.strategies(store.conn, flt):
        got = [r["id"] for r in query.read_events(store.conn, flt, strategy=strategy)]
        assert got == expected, strategy
        newest = [r["id"] for r in query.read_events(store.conn, flt, order="desc", limit=7,
                                                     undated_last=False, strategy=strategy)]
        by_key = sorted(everything, key=lambda r: (r["article_published"] or "", r["article_id"], r["seq"]),
                        reverse=True)
        assert newest == [r["id"] for r in by_key if r["id"] in set(expected)][:7], strategy


def test_query_kataib_hezbollah_as_the_readme_writes_it(store: Store) -> None:
    rows = store.events(actor="Kataib Hezbollah")
    assert rows and all(any(e["name"] == "Kata'ib Hezbollah" for e in r["actors"] + r["recipients"]) for r in rows)
    assert {r["id"] for r in store.events(actor="kataib-hezbollah")} == {r["id"] for r in rows}  # the KB id


def test_query_store_events_passes_the_role(store: Store, everything: list[dict]) -> None:
    assert [r["id"] for r in store.events(actor="Turkey", role="recipient")] == reference(
        everything, actor="Turkey", actor_role="recipient")


@pytest.mark.parametrize("f, strategy, index", [
    ({}, "walk", "idx_events_order"),
    ({"type": ("ASSAULT",)}, "walk type", "idx_events_type_order"),
    ({"actor": "Kataib Hezbollah"}, "set actor", "idx_event_actors_name_key"),
    ({"since": "2024-03-01", "until": "2024-03-31"}, "set dates", "idx_events_days"),
    ({"country": "SDN"}, "set country", "idx_event_actors_country_event"),
    ({"actor_country": "SDN", "recipient_country": "TUR"}, "intersect", "idx_event_actors_role_country_event"),
    ({"bbox": (10.0, 0.0, 20.0, 10.0)}, "set bbox", "idx_events_lat_lon"),
])
def test_query_plans_read_through_an_index(store: Store, f: dict, strategy: str, index: str) -> None:
    flt = EventFilter(**f)
    named = next(s for s in query.strategies(store.conn, flt) if s.startswith(strategy))
    plan = query.plan_events(store.conn, flt, 50, strategy=named)
    sql, args = query.select_sql(plan, order="desc", limit=50)[0]
    lines = query.explain(store.conn, sql, args)
    assert any(index in line for line in lines), lines
    scans = [line for line in lines if line.startswith("SCAN") and "USING" not in line
             and "subquery" not in line.lower()]  # a subquery's own rows, not a table
    assert not scans, lines  # no table is read whole
    if plan.ordered:
        assert not any("TEMP B-TREE FOR ORDER BY" in line for line in lines), lines


def test_query_limit_stops_early_and_cursor_continues(store: Store, everything: list[dict]) -> None:
    flt = EventFilter(type=("ASSAULT",))
    first = list(query.read_events(store.conn, flt, order="desc", limit=5, undated_last=False))
    last = first[-1]
    after = (last["article_published"] or "", last["article_id"], last["seq"])
    rest = list(query.read_events(store.conn, flt, order="desc", after=after, undated_last=False))
    ordered = sorted((r for r in everything if r["type"] == "ASSAULT"),
                     key=lambda r: (r["article_published"] or "", r["article_id"], r["seq"]), reverse=True)
    assert [r["id"] for r in first + rest] == [r["id"] for r in ordered]


# --- kept counts --------------------------------------------------------------------------------------------


def _recounted(store: Store) -> dict:
    kept = summary.snapshot(store.conn)
    store.conn.execute("BEGIN")
    summary.rebuild(store.conn)
    fresh = summary.snapshot(store.conn)
    store.conn.execute("ROLLBACK")
    return kept, fresh


def test_summary_counts_stay_exact_through_replaces(tmp_path: Path) -> None:
    store = varied_store(tmp_path / "counts.db", n_articles=40)
    kept, fresh = _recounted(store)
    assert kept == fresh and sum(n for *_, n in kept["stats_days"]) == len(store.events())
    again = coded_articles(10, seed=99)  # the same ids with other events: replaced
    store.ingest_many(again)
    store.ingest_many(coded_articles(5, seed=99), force=True)  # forced: the same rows written again
    kept, fresh = _recounted(store)
    assert kept == fresh
    store.close()


def test_summary_stats_equal_the_counted_stats(store: Store) -> None:
    from eventwire.api.queries import Reader

    reader = Reader(store.path, cache_entries=0)
    cases = [(EventFilter(), ("type", "quad_class", "factuality", "country", "actor", "recipient", "day"), "quad_class"),
             (EventFilter(type=("ASSAULT",)), ("day",), "type"),
             (EventFilter(since="2024-03-01", until="2024-04-15", factuality=("asserted",)), ("day", "type"), None),
             (EventFilter(country="SDN"), ("type", "factuality"), None),
             (EventFilter(quad_class=(4,)), ("actor",), None)]
    for flt, by, split in cases:
        kept = summary.read_stats(reader.conn, flt, by, split, 20)
        assert kept is not None, flt
        assert kept == reader.counted_stats(flt, by, split, 20), flt
    assert summary.read_stats(reader.conn, EventFilter(actor="RSF"), ("type",), None, 20) is None


# --- migration 8 ----------------------------------------------------------------------------------------------


def test_migration_8_upgrades_a_version_7_store_with_its_data(tmp_path: Path) -> None:
    """A store written by the previous eventwire (schema 7, upper-case-less codes, no keys) is migrated in
    place: nothing is lost, the keys and counts are filled, magnitudes come back from the documents."""
    path = tmp_path / "v7.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, name, apply in MIGRATIONS[:7]:
        apply(conn)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01')", (number, name))
    document = {"article": {"id": "old-1"}, "events": [
        {"id": "old-1-e1", "magnitudes": {"killed": {"min": 20, "max": None, "text": "at least 20 people were killed",
                                                     "start": 40, "end": 70}}},
        {"id": "old-1-e2", "magnitudes": {}}]}
    conn.execute("INSERT INTO articles (id, content_hash, text, published, document, coded_at, eventwire_version)"
                 " VALUES ('old-1', 'h1', 'text', '2025-02-03', ?, 'now', '0.1.0')", (json.dumps(document),))
    conn.execute("INSERT INTO events (id, article_id, seq, type, factuality, location_country, date_start, date_end)"
                 " VALUES ('old-1-e1', 'old-1', 0, 'ASSAULT', 'asserted', 'sdn', '2025-02-01', '2025-02-01')")
    conn.execute("INSERT INTO events (id, article_id, seq, type, factuality) VALUES ('old-1-e2', 'old-1', 1, 'ACCUSE', 'asserted')")
    conn.execute("INSERT INTO event_actors (event_id, role, seq, name, text, kb_id, country, sector)"
                 " VALUES ('old-1-e1', 'actor', 0, 'Kata''ib Hezbollah', 'Kata’ib Hezbollah', 'kataib-hezbollah', 'irq', 'prm')")
    conn.execute("INSERT INTO incident_pending VALUES ('old-1-e1')")
    conn.close()
    with Store(path) as store:
        assert store.schema_version == max(n for n, _, _ in MIGRATIONS) >= 8
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = {r["id"]: r for r in store.events()}
        assert set(rows) == {"old-1-e1", "old-1-e2"}
        assert rows["old-1-e1"]["magnitudes"]["killed"]["min"] == 20
        assert [r["id"] for r in store.events(actor="Kataib Hezbollah", country="IRQ")] == ["old-1-e1"]
        assert [r["id"] for r in store.events(country="sdn", since="2025-02-01", until="2025-02-01")] == ["old-1-e1"]
        assert [r["id"] for r in store.events(since="2025-02-03")] == ["old-1-e2"]  # the publication date
        kept, fresh = _recounted(store)
        assert kept == fresh and sorted(c for c, *_ in kept["stats_countries"]) == ["IRQ", "SDN"]


def test_store_bulk_path_leaves_linking_for_later(tmp_path: Path) -> None:
    """`ingest_many(link=False)` writes everything but copy detection and incident linking; the events wait
    in the incident journal, and `rebuild_incidents` (eventwire incidents rebuild) does the rest."""
    with Store(tmp_path / "bulk.db") as store:
        batch = coded_articles(12, seed=3)
        store.ingest_many(batch, link=False)
        events = sum(len(c.events) for c in batch)

        def count(table: str) -> int:
            return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

        assert (count("events"), count("incident_pending"), count("incident_members"),
                count("article_fingerprints")) == (events, events, 0, 0)
        assert len(store.events(type=batch[0].events[0].type)) >= 1  # queries and counts as usual
        store.rebuild_incidents()
        assert (count("incident_pending"), count("incident_members"), count("article_fingerprints")) == (0, events, 12)
        kept, fresh = _recounted(store)
        assert kept == fresh
