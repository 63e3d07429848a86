"""GET /events and /events/{id} against a real server and store: filters, keyset pages, formats."""

from __future__ import annotations

import csv
import io

import pytest


def all_events(http, **params) -> list[dict]:
    """Every event under `params`, following the cursor."""
    rows, cursor = [], None
    while True:
        query = {**params, "limit": 7, **({"cursor": cursor} if cursor else {})}
        page = http.get("/events", params=query).json()
        rows += page["events"]
        cursor = page["next"]
        if not cursor:
            return rows


def test_api_events_rows_have_the_store_shape(http, store):
    page = http.get("/events", params={"limit": 3}).json()
    assert len(page["events"]) == 3 and page["limit"] == 3 and page["next"]
    stored = {r["id"]: r for r in store.events()}
    for row in page["events"]:
        assert row == stored[row["id"]]


@pytest.mark.parametrize("params, store_filter", [
    ({"type": "ASSAULT"}, {"type": "ASSAULT"}),
    ({"type": ["ASSAULT", "ACCUSE"]}, {"type": ["ASSAULT", "ACCUSE"]}),
    ({"country": "SDN"}, {"country": "SDN"}),
    ({"actor": "rapid support"}, {"actor": "rapid support"}),
    ({"actor": "Kataib Hezbollah"}, {"actor": "Kata'ib Hezbollah"}),  # read as the coder reads names
    ({"factuality": "planned"}, {"factuality": "planned"}),
    ({"since": "2025-04-13", "until": "2025-04-14"}, {"since": "2025-04-13", "until": "2025-04-14"}),
    ({"since": "2023-04-15", "until": "2023-04-16"}, {"since": "2023-04-15", "until": "2023-04-16"}),  # inside an interval
    ({"since": "2025-04-15", "until": "2025-04-15"}, {"since": "2025-04-15", "until": "2025-04-15"}),  # undated: published
    ({"since": "2025-04-14"}, {"since": "2025-04-14"}),
    ({"until": "2024-12-31", "type": "ASSAULT"}, {"until": "2024-12-31", "type": "ASSAULT"}),
    ({"type": "ASSAULT", "country": "SDN", "since": "2025-01-01"},
     {"type": "ASSAULT", "country": "SDN", "since": "2025-01-01"}),
])
def test_api_events_filters_match_the_store_query(http, store, params, store_filter):
    got = {r["id"] for r in all_events(http, **params)}
    expected = {r["id"] for r in store.events(**store_filter)}
    assert got == expected and got


def test_api_events_filters_beyond_the_store_query(http, store):
    rows = store.events()
    cases = {
        "quad_class": ({"quad_class": 4}, lambda r: r["quad_class"] == 4),
        "min_confidence": ({"min_confidence": 0.9}, lambda r: r["confidence"] >= 0.9),
        "place": ({"place": "zamzam"}, lambda r: "zamzam" in (r["location_name"] or "").lower()),
        "bbox": ({"bbox": "20,10,30,16"},
                 lambda r: r["location_lat"] is not None and 10 <= r["location_lat"] <= 16 and 20 <= r["location_lon"] <= 30),
        "text": ({"q": "captured"}, lambda r: "captured" in (r["text"] or "").lower()),
        "actor_country": ({"actor_country": "SDN", "actor_sector": "REB"},
                          lambda r: any(a["country"] == "SDN" and a["sector"] == "REB" for a in r["actors"])),
        "recipient_country": ({"recipient_country": "SDN"}, lambda r: any(a["country"] == "SDN" for a in r["recipients"])),
    }
    for name, (params, keep) in cases.items():
        got = {r["id"] for r in all_events(http, **params)}
        assert got == {r["id"] for r in rows if keep(r)} and got, name


def test_api_stats_from_kept_counts_equal_the_counted_stats(api_db):
    """/stats reads the kept counts when it can; they give what counting the events gives."""
    from eventwire.api.queries import EventFilter, Reader
    from eventwire.store import summary

    reader = Reader(api_db, cache_entries=0)
    for flt, by, split in [(EventFilter(), ("day", "type", "quad_class", "factuality", "country", "actor"), "type"),
                           (EventFilter(type=("ASSAULT",), since="2025-01-01"), ("day", "factuality"), "quad_class"),
                           (EventFilter(country="SDN"), ("type",), None)]:
        kept = summary.read_stats(reader.conn, flt, by, split, 20)
        assert kept is not None and kept == reader.counted_stats(flt, by, split, 20) and kept["total"]


def test_api_events_cursor_pages_cover_every_event_once_in_order(http):
    one_page = http.get("/events", params={"limit": 1000}).json()["events"]
    paged = all_events(http)
    assert [r["id"] for r in paged] == [r["id"] for r in one_page]
    published = [r["article_published"] or "" for r in paged]
    assert published == sorted(published, reverse=True)
    oldest_first = http.get("/events", params={"limit": 1000, "order": "asc"}).json()["events"]
    assert [r["id"] for r in oldest_first] == [r["id"] for r in reversed(one_page)]


def test_api_events_next_page_is_in_the_link_header(http):
    response = http.get("/events", params={"limit": 2, "type": "ASSAULT"})
    link = response.headers["link"]
    assert link.endswith('rel="next"') and "type=ASSAULT" in link and "cursor=" in link
    following = http.get(link[1:link.index(">")]).json()
    assert following["events"][0]["id"] not in {r["id"] for r in response.json()["events"]}


def test_api_events_csv_by_format_or_accept(http, store):
    by_format = http.get("/events", params={"format": "csv", "type": "ASSAULT", "limit": 1000})
    by_accept = http.get("/events", params={"type": "ASSAULT", "limit": 1000}, headers={"Accept": "text/csv"})
    assert by_format.headers["content-type"].startswith("text/csv")
    assert by_format.text == by_accept.text
    rows = list(csv.DictReader(io.StringIO(by_format.text)))
    assert {r["id"] for r in rows} == {r["id"] for r in store.events(type="ASSAULT")}


def test_api_events_geojson_has_only_located_events(http):
    body = http.get("/events", params={"limit": 1000}, headers={"Accept": "application/geo+json"}).json()
    assert body["type"] == "FeatureCollection" and body["features"]
    assert all(f["geometry"]["type"] == "Point" for f in body["features"])
    assert body["eventwire"]["events"] == len(body["features"]) + body["eventwire"]["without_coordinates"]


def test_api_event_detail_gives_evidence_and_linked_records(http, store):
    row = next(r for r in store.events() if r["location_name"] and r["actors"])
    body = http.get(f"/events/{row['id']}").json()
    article = http.get(f"/articles/{row['article_id']}").json()["article"]
    evidence = body["evidence"]
    assert evidence["text"] == article["text"][evidence["start"]:evidence["end"]]
    assert evidence["text"].strip() == row["text"].strip()  # (an event's end offset may take in the newline)
    assert evidence["article_id"] == row["article_id"] and evidence["sentence"] == row["sentence"]
    assert evidence["text"] in evidence["context"]["text"]
    assert body["event"] == row and body["coded"]["id"] == row["id"]
    assert body["article"]["id"] == row["article_id"]


def test_api_unknown_event_is_a_404_problem(http):
    response = http.get("/events/no-such-event")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "no event 'no-such-event'"


@pytest.mark.parametrize("params, detail", [
    ({"type": "BOMBING"}, "type: unknown PLOVER type 'BOMBING'"),
    ({"factuality": "rumoured"}, "factuality: unknown value 'rumoured'"),
    ({"since": "last week"}, "since:"),
    ({"limit": 0}, "limit:"),
    ({"bbox": "1,2,3"}, "bbox:"),
    ({"cursor": "not-a-cursor"}, "cursor:"),
])
def test_api_events_bad_parameters_are_400_problems_naming_them(http, params, detail):
    response = http.get("/events", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith(detail)
