"""GET /events?count=incidents, ?incident=, /stats?count=incidents and /incidents/{id} over a store of the
seed-style story (a real server on loopback, the real coder)."""

from __future__ import annotations

import pytest

from eventwire.api import Settings
from service import client, running


@pytest.fixture(scope="module")
def story_api(tmp_path_factory, coder):
    from tests.incidents.test_incidents import stored_story

    directory = tmp_path_factory.mktemp("story")
    stored_story(directory, coder).close()
    with running(Settings(db=directory / "story.db")) as base, client(base) as http:
        yield http


def test_api_events_count_incidents_counts_each_incident_once(story_api) -> None:
    reports = story_api.get("/events", params={"type": "MOBILIZE", "limit": 100}).json()["events"]
    incidents = story_api.get("/events", params={"type": "MOBILIZE", "count": "incidents", "limit": 100}).json()["events"]
    assert len({r["incident_id"] for r in reports}) == len(incidents) < len(reports)
    crossing = next(i for i in incidents if i["factuality"] == "contested")
    assert crossing["independent_sources"] == 3 and crossing["id"].startswith("inc-")
    own = story_api.get("/events", params={"incident": crossing["id"], "limit": 100}).json()["events"]
    assert {r["incident_id"] for r in own} == {crossing["id"]} and len(own) == crossing["reports"]
    assert {r["copy_of"] for r in own if r["article_id"] in ("republished", "reworded")} == {"wire"}


def test_api_events_count_incidents_pages_without_repeats(story_api) -> None:
    seen, cursor = [], None
    while True:
        params = {"count": "incidents", "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = story_api.get("/events", params=params).json()
        seen += [row["id"] for row in body["events"]]
        cursor = body["next"]
        if not cursor:
            break
    everything = story_api.get("/events", params={"count": "incidents", "limit": 1000}).json()["events"]
    assert seen == [row["id"] for row in everything] and len(seen) == len(set(seen))


def test_api_stats_count_incidents(story_api) -> None:
    reports = story_api.get("/stats", params={"type": "MOBILIZE"}).json()
    incidents = story_api.get("/stats", params={"type": "MOBILIZE", "count": "incidents", "by": "type,day"}).json()
    assert incidents["count"] == "incidents" and 0 < incidents["total"] < reports["total"]
    assert sum(d["total"] for d in incidents["by_day"]) == incidents["total"]


def test_api_incident_record_and_missing_one(story_api) -> None:
    incidents = story_api.get("/events", params={"count": "incidents", "type": "MOBILIZE"}).json()["events"]
    record = story_api.get(f"/incidents/{incidents[0]['id']}").json()
    assert record["id"] == incidents[0]["id"]
    assert len(record["reports"]) == incidents[0]["reports"]
    missing = story_api.get("/incidents/inc-none")
    assert missing.status_code == 404 and "inc-none" in missing.text
