"""Incident linking stays bounded in dense blocks: thousands of events of one type, country and day (a
hostile or repetitive feed) cost work and links linear in the events, not quadratic; and the bounds
([incidents] max_candidates, max_links) leave ordinary linking as it is (real SQLite file, real link rule)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

import eventwire.store.incidents as store_incidents
from eventwire.incidents.link import bucket_size
from eventwire.model import Article, CodedArticle, Entity, Event, EventDate, Place
from eventwire.options import Incidents, Options
from eventwire.store.sqlite import Store
from tests.support import count_calls

START = date(2025, 4, 1)


def _article(article_id: str, source: str, day: date, events: int, site: int = 0) -> CodedArticle:
    """An invented article with `events` alike attacks (a repetitive page) at one site on one day."""
    name = f"Site {site}"
    text = f"Northern Front fighters attacked a post near {name}. " * events
    who = Entity(name="Northern Front", text="Northern Front", kb_id="northern-front", country="XKX",
                 sector="REB", kind="group")
    where = Place(text=name, start=0, end=len(name), name=name, geonameid=9000 + site, lat=10.0 + site * 0.8,
                  lon=20.0, country="XKX", admin1="North", feature="city")
    sentence = len("Northern Front fighters attacked a post near ") + len(name) + 2
    made = [Event(id=f"{article_id}-e{n + 1}", type="ASSAULT", mode=None, contexts=[], actors=[who], recipients=[],
                  location=where, date=EventDate(day.isoformat(), day.isoformat(), "on Sunday"),
                  factuality="asserted", claimed_by=None, sentence=n, start=n * sentence,
                  end=(n + 1) * sentence - 1, text=text[n * sentence:(n + 1) * sentence - 1], confidence=0.9)
            for n in range(events)]
    return CodedArticle(article=Article(id=article_id, text=text, title=article_id, source=source,
                                        published=day.isoformat(), url=f"https://example.org/{article_id}"),
                        events=made)


def _options(**incidents) -> Options:
    return dataclasses.replace(Options(), incidents=dataclasses.replace(Incidents(), **incidents))


@pytest.fixture
def counted_scores(monkeypatch) -> list[int]:
    """How many pairs the real link rule scores."""
    return count_calls(monkeypatch, store_incidents, "link_score")


def test_incidents_dense_block_work_and_links_stay_linear(tmp_path, counted_scores) -> None:
    options = Incidents()
    # one page of 400 alike events, then 20 outlets' pages of 30 each: 1,000 events of one key
    batch = [_article("long", "Desert Wire", START, 400)]
    batch += [_article(f"page{n}", f"Outlet {n}", START, 30) for n in range(20)]
    with Store(tmp_path / "dense.db") as store:
        store.ingest_many(batch)
        events = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        links = store.conn.execute("SELECT count(*) FROM incident_links").fetchone()[0]
        per_event = store.conn.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM incident_links GROUP BY a)").fetchone()[0]
        members = store.conn.execute("SELECT count(*) FROM incident_members").fetchone()[0]
    assert events == 1000 and members == 1000
    # pairwise, the block would score ~500,000 pairs and keep ~300,000 links (every cross-article pair)
    assert counted_scores[0] <= events * options.max_candidates
    assert links <= events * options.max_links
    assert per_event is not None and per_event > 1  # the alike cross-article events do link


def test_incidents_own_article_body_events_are_not_compared(tmp_path, counted_scores) -> None:
    with Store(tmp_path / "own.db") as store:
        store.ingest(_article("long", "Desert Wire", START, 200))
        # only the headline event is compared with the body (199 pairs), never body with body
        assert counted_scores[0] <= 2 * 200
        incidents = store.conn.execute("SELECT count(DISTINCT incident_id) FROM incident_members").fetchone()[0]
    assert incidents >= 199  # an article's body events stay distinct incidents


def _incidents(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for event_id, incident_id in store.conn.execute("SELECT event_id, incident_id FROM incident_members"):
        groups.setdefault(incident_id, set()).add(event_id)
    return {frozenset(g) for g in groups.values()}


def test_incidents_bounds_leave_ordinary_linking_unchanged(tmp_path) -> None:
    # ten sites on ten days a week apart, each event reported by three outlets: blocks of a few events
    batch = [_article(f"s{site}-d{day}-{outlet}", f"Outlet {outlet}", START + timedelta(days=day), 1, site)
             for site in range(10) for day in range(0, 60, 6) for outlet in range(3)]
    unbounded = _options(max_candidates=10**9, max_links=10**9)
    with Store(tmp_path / "default.db") as bounded_store, Store(tmp_path / "open.db", options=unbounded) as open_store:
        for start in range(0, len(batch), 25):
            bounded_store.ingest_many(batch[start:start + 25])
            open_store.ingest_many(batch[start:start + 25])
        assert _incidents(bounded_store) == _incidents(open_store)
        assert len(_incidents(bounded_store)) == 100  # one incident per site and day, three reports each
        links = lambda s: s.conn.execute("SELECT a, b, score FROM incident_links ORDER BY a, b").fetchall()  # noqa: E731
        assert links(bounded_store) == links(open_store)


def _partners(store: Store, event_id: str) -> set[str]:
    return {row[0] for row in store.conn.execute(
        "SELECT CASE WHEN a = ? THEN b ELSE a END FROM incident_links WHERE ? IN (a, b)", (event_id,) * 2)}


@pytest.mark.parametrize("max_candidates", [2, 10**9])
def test_incidents_candidates_nearest_in_time_win_past_the_bound(tmp_path, max_candidates) -> None:
    # outlets report one site on four days; the late report has room for two candidates: those of its own
    # date bucket (31 days with a 30-day window), not the earlier bucket's
    options = _options(max_candidates=max_candidates, date_window_days=30)
    size = bucket_size(options.incidents)
    base = date.fromordinal((START.toordinal() // size + 1) * size)  # the first day of a bucket
    with Store(tmp_path / "near.db", options=options) as store:
        for day in (-12, -8, 5, 10):
            store.ingest(_article(f"d{day}", f"Outlet {day}", base + timedelta(days=day), 1))
        store.ingest(_article("late", "Late Wire", base + timedelta(days=20), 1))
        partners = _partners(store, "late-e1")
    if max_candidates == 2:
        assert partners == {"d5-e1", "d10-e1"}
    else:
        assert partners == {"d-8-e1", "d5-e1", "d10-e1"}  # day -12 is over the window
