"""GET /articles, /articles/{id}, /actors, /places, /stats, /network, /health, /version."""

from __future__ import annotations

from service import XSS_ID


def test_api_articles_list_newest_first_with_event_counts(http, store):
    body = http.get("/articles", params={"limit": 100}).json()
    stored = {a["id"]: a for a in store.articles()}
    assert {a["id"] for a in body["articles"]} == set(stored)
    assert all(a["events"] == stored[a["id"]]["events"] for a in body["articles"])
    published = [a["published"] or "" for a in body["articles"]]
    assert published == sorted(published, reverse=True)
    first, second = (http.get("/articles", params={"limit": 3, **c}).json()
                     for c in ({}, {"cursor": http.get("/articles", params={"limit": 3}).json()["next"]}))
    assert not {a["id"] for a in first["articles"]} & {a["id"] for a in second["articles"]}


def test_api_article_annotations_point_at_their_evidence(http, store):
    article_id = "sample-sudan-zamzam"
    body = http.get(f"/articles/{article_id}").json()
    text = body["article"]["text"]
    kinds = {a["kind"] for a in body["annotations"]}
    assert {"event", "actor", "place", "time", "quote"} <= kinds
    for ann in body["annotations"]:
        span = text[ann["start"]:ann["end"]]
        if ann["kind"] in ("actor", "place", "time") and ann["record"]["text"]:
            assert span == ann["record"]["text"], ann
        if ann["kind"] == "quote":
            assert ann["record"]["text"] in span or span in ann["record"]["text"]
    assert [e["id"] for e in body["events"]] == [e["id"] for e in store.events(article_id=article_id)]


def test_api_article_document_is_the_stored_cli_document(http, store):
    assert http.get(f"/articles/{XSS_ID}/document").json() == store.document(XSS_ID)
    assert http.get("/articles/nope/document").status_code == 404


def test_api_stats_counts_by_dimension(http, store):
    body = http.get("/stats", params={"by": ["type", "factuality", "day", "country", "actor"], "split": "quad_class"}).json()
    stats = store.stats()
    assert body["total"] == stats["events"]
    assert {t["value"]: t["n"] for t in body["by_type"]} == {
        k: v for k, v in list(stats["events_by_type"].items())[:20]}
    assert sum(d["total"] for d in body["by_day"]) == stats["events"]  # every event has a day (else published)
    assert all(sum(d["counts"].values()) == d["total"] for d in body["by_day"])
    assert body["by_actor"][0]["n"] >= body["by_actor"][-1]["n"]
    filtered = http.get("/stats", params={"type": "ASSAULT", "by": "type"}).json()
    assert filtered["by_type"] == [{"value": "ASSAULT", "n": filtered["total"]}]


def test_api_places_aggregate_event_locations(http, store):
    places = http.get("/places").json()["places"]
    located = [r for r in store.events() if r["location_lat"] is not None]
    assert sum(p["events"] for p in places) == len(located)
    assert all(sum(p["types"].values()) == p["events"] and p["feature"] for p in places)


def test_api_network_edges_join_the_busiest_participants(http):
    body = http.get("/network", params={"top": 10}).json()
    names = {n["name"] for n in body["nodes"]}
    assert len(names) <= 10 and body["edges"]
    for edge in body["edges"]:
        assert {edge["source"], edge["target"]} <= names
        assert edge["events"] == sum(edge["quad"].values()) and 1 <= edge["quad_class"] <= 4


def test_api_actors_search_the_store_and_the_kb(http):
    body = http.get("/actors", params={"q": "rapid support"}).json()
    stored = body["actors"][0]
    assert stored["name"] == "Rapid Support Forces" and stored["events"] == stored["as_actor"] + stored["as_recipient"]
    kb = {a["kb_id"]: a for a in body["kb"]}
    assert kb[stored["kb_id"]]["events"] == stored["events"]


def test_api_health_and_version(http):
    assert http.get("/health").json()["status"] == "ok"
    version = http.get("/version").json()
    assert version["eventwire"] and version["store_schema"] >= 3 and version["writable"] is True
    assert "actors.jsonl" in version["data_files"] and version["spacy"]
