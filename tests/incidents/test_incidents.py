"""Incidents: reports of one real-world event from several outlets become one incident with a consensus
record; distinct events stay apart; the same input in any order gives the same incidents (real coder,
real SQLite file)."""

from __future__ import annotations

import itertools

import pytest

from eventwire.ingest import ingest
from eventwire.read import Metadata, article_from_text
from eventwire.store.sqlite import Store
from tests.incidents import stories

# (id, text, outlet, publication date): the seed-style story of a militia crossing and its reports.
STORY = [
    ("wire", stories.WIRE, "Levant Wire", "2025-03-03"),
    ("republished", stories.REPUBLISHED, "Aggregator Daily", "2025-03-04"),
    ("reworded", stories.REWORDED, "Rewrite Times", "2025-03-04"),
    ("denial", stories.DENIAL, "Tigris Post", "2025-03-04"),
    ("independent", stories.INDEPENDENT, "Euphrates Monitor", "2025-03-04"),
    ("afrin", stories.OTHER_CROSSING, "Levant Wire", "2025-03-03"),
]


def articles(order=None):
    rows = STORY if order is None else [STORY[i] for i in order]
    return [article_from_text(text, key, Metadata(id=key, source=outlet, published=published), headers=False)
            for key, text, outlet, published in rows]


def stored_story(tmp_path, coder, order=None, name="story.db") -> Store:
    store = Store(tmp_path / name)
    ingest(articles(order), store, coder, write_batch=2)
    return store


def crossing(store: Store) -> dict:
    """The incident of the Albu Kamal crossing: the one holding the wire's report of it."""
    row = store.conn.execute(
        "SELECT m.incident_id FROM incident_members m JOIN events e ON e.id = m.event_id"
        " WHERE e.article_id = 'wire' AND e.type = 'MOBILIZE' AND e.sentence > 0").fetchone()
    return store.incident(row[0])


def test_incidents_militia_crossing_is_one_contested_incident(tmp_path, coder) -> None:
    with stored_story(tmp_path, coder) as store:
        incident = crossing(store)
        reported_by = {e["article_id"] for e in incident["reports"]}
        assert reported_by == {"wire", "republished", "reworded", "denial", "independent"}
        assert incident["factuality"] == "contested"
        assert incident["denied_by"] == ["Tigris Post"]
        # wire, republished and reworded are one text: three independent sources, not five
        assert incident["independent_sources"] == 3
        assert incident["first_report"] == "2025-03-03" and incident["latest_report"] == "2025-03-04"
        assert incident["date_start"] == "2025-03-02" and incident["date_precision"] == "day"


def test_incidents_distinct_crossing_same_day_same_country_stays_apart(tmp_path, coder) -> None:
    with stored_story(tmp_path, coder) as store:
        incident = crossing(store)
        afrin = {r[0] for r in store.conn.execute(
            "SELECT m.incident_id FROM incident_members m JOIN events e ON e.id = m.event_id"
            " WHERE e.article_id = 'afrin'")}
        assert incident["id"] not in afrin


def _incidents(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for event_id, incident_id in store.conn.execute("SELECT event_id, incident_id FROM incident_members"):
        groups.setdefault(incident_id, set()).add(event_id)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("order", [(5, 4, 3, 2, 1, 0), (3, 0, 5, 1, 4, 2), (1, 2, 0, 4, 3, 5)])
def test_incidents_same_input_any_order_same_incidents(tmp_path, coder, order) -> None:
    with stored_story(tmp_path, coder, name="a.db") as first, stored_story(tmp_path, coder, order, "b.db") as second:
        assert _incidents(first) == _incidents(second)
        ids = lambda s: sorted(r[0] for r in s.conn.execute("SELECT id FROM incidents"))  # noqa: E731
        assert ids(first) == ids(second)


def test_incidents_rebuild_gives_the_same_incidents(tmp_path, coder) -> None:
    with stored_story(tmp_path, coder) as store:
        before = _incidents(store)
        store.rebuild_incidents()
        assert _incidents(store) == before


def test_incidents_reingest_changes_nothing(tmp_path, coder) -> None:
    with stored_story(tmp_path, coder) as store:
        before = _incidents(store)
        report = ingest(articles(), store, coder)
        assert report.unchanged == len(STORY) and _incidents(store) == before
