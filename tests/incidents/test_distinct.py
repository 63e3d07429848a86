"""Distinct events of one type, on one day, in one country must never be merged: a test set of invented
pairs, each stored as two reports from two outlets (real SQLite file, the real link rule), and the link
rule's hard conditions one by one."""

from __future__ import annotations

import pytest

from eventwire.incidents.link import link_score, report_from_row
from eventwire.model import Article, CodedArticle, Entity, Event, EventDate, Place
from eventwire.options import Incidents
from eventwire.store.sqlite import Store


def _actor(name: str, country: str, sector: str, kb: bool = True) -> Entity:
    return Entity(name=name, text=name, kb_id=name.lower().replace(" ", "-") if kb else None, country=country,
                  sector=sector, kind="group" if kb else "generic")


def _place(name: str, lat: float, lon: float, country: str, admin1: str, gid: int, feature: str = "city") -> Place:
    return Place(text=name, start=0, end=len(name), name=name, geonameid=gid, lat=lat, lon=lon, country=country,
                 admin1=admin1, feature=feature)


# (why they differ, type, day, (actor, place, evidence) of the first, ... of the second); invented events.
IDLIB = _place("Idlib", 35.93, 36.63, "SYR", "Idlib", 1)
DEIR = _place("Deir ez-Zor", 35.34, 40.14, "SYR", "Deir ez-Zor", 2)
NAIROBI = _place("Nairobi", -1.29, 36.82, "KEN", "Nairobi", 3)
MOMBASA = _place("Mombasa", -4.04, 39.67, "KEN", "Mombasa", 4)
BAGHDAD = _place("Baghdad", 33.31, 44.36, "IRQ", "Baghdad", 5)
MAIDUGURI = _place("Maiduguri", 11.85, 13.16, "NGA", "Borno", 6)
BAMA = _place("Bama", 11.52, 13.69, "NGA", "Borno", 7)
ADDIS = _place("Addis Ababa", 9.02, 38.75, "ETH", "Addis Ababa", 8)
GONDAR = _place("Gondar", 12.6, 37.47, "ETH", "Amhara", 9)
PAIRS = [
    ("far apart in one country", "ASSAULT", "2025-03-02",
     (_actor("Russian Air Force", "RUS", "MIL"), IDLIB, "Russian jets bombed a market in Idlib"),
     (_actor("Islamic State", "IRQ", "REB"), DEIR, "Islamic State fighters attacked an army post near Deir ez-Zor")),
    ("two cities, one movement", "PROTEST", "2025-06-25",
     (_actor("protesters", "KEN", "CVL", kb=False), NAIROBI, "Thousands of protesters marched in Nairobi"),
     (_actor("protesters", "KEN", "CVL", kb=False), MOMBASA, "Hundreds of protesters blocked roads in Mombasa")),
    ("one city, two attackers", "ASSAULT", "2025-01-20",
     (_actor("Islamic State", "IRQ", "REB"), BAGHDAD, "A suicide bomber of Islamic State struck a Baghdad market"),
     (_actor("Kataib Hezbollah", "IRQ", "PRM"), BAGHDAD, "Kataib Hezbollah fired rockets at the US embassy in Baghdad")),
    ("one state, two towns 70 km apart", "ASSAULT", "2024-09-01",
     (_actor("Boko Haram", "NGA", "REB"), MAIDUGURI, "Boko Haram fighters attacked the outskirts of Maiduguri"),
     (_actor("Boko Haram", "NGA", "REB"), BAMA, "Boko Haram fighters raided a camp in Bama")),
    ("two organs of one state, two cities", "COERCE", "2025-02-10",
     (_actor("Ethiopian police", "ETH", "COP", kb=False), ADDIS, "Police arrested a journalist in Addis Ababa"),
     (_actor("Ethiopian National Defense Force", "ETH", "MIL"), GONDAR, "Soldiers detained Fano fighters in Gondar")),
]


def _coded(article_id: str, source: str, type_: str, day: str, side) -> CodedArticle:
    actor, place, evidence = side
    text = f"{evidence} on Sunday, {source} reported. Officials gave no further details."
    event = Event(id=f"{article_id}-e1", type=type_, mode=None, contexts=[], actors=[actor], recipients=[],
                  location=place, date=EventDate(day, day, "on Sunday"), factuality="asserted", claimed_by=None,
                  sentence=1, start=0, end=len(evidence), text=evidence, confidence=0.9)
    return CodedArticle(article=Article(id=article_id, text=text, title=article_id, source=source, published=day),
                        events=[event])


@pytest.mark.parametrize("why, type_, day, first, second", PAIRS, ids=[p[0] for p in PAIRS])
def test_distinct_same_type_same_day_same_country_never_merged(tmp_path, why, type_, day, first, second) -> None:
    with Store(tmp_path / "distinct.db") as store:
        store.ingest(_coded("one", "Outlet One", type_, day, first))
        store.ingest(_coded("two", "Outlet Two", type_, day, second))
        incidents = {r[0] for r in store.conn.execute("SELECT incident_id FROM incident_members")}
        assert len(incidents) == 2, why


def _row(**fields) -> dict:
    base = {"id": "a-e1", "article_id": "a", "type": "ASSAULT", "factuality": "asserted", "date_start": "2025-03-02",
            "date_end": "2025-03-02", "date_text": "on Sunday", "article_published": "2025-03-03",
            "location_name": "Idlib", "location_lat": 35.93, "location_lon": 36.63, "location_country": "SYR",
            "location_admin1": "Idlib", "location_geonameid": 1, "location_feature": "city", "sentence": 2,
            "text": "jets bombed a market in Idlib", "trigger": "bombed",
            "actors": [{"kb_id": "russian-air-force", "country": "RUS", "sector": "MIL", "name": "Russian Air Force"}],
            "recipients": []}
    return {**base, **fields}


OPTIONS = Incidents()


def test_link_rule_same_report_in_two_outlets_links() -> None:
    a = report_from_row(_row(), OPTIONS)
    b = report_from_row(_row(id="b-e1", article_id="b"), OPTIONS)
    assert link_score(a, b, OPTIONS) is not None


@pytest.mark.parametrize("change, why", [
    ({"type": "AGREE"}, "incompatible types"),
    ({"date_start": "2025-03-09", "date_end": "2025-03-09"}, "a week apart"),
    ({"location_lat": 36.9, "location_lon": 38.0, "location_geonameid": 9}, "points 160 km apart"),
    ({"actors": [{"kb_id": "hts", "country": "SYR", "sector": "REB", "name": "HTS"}]}, "different actors"),
    ({"article_id": "a", "id": "a-e2"}, "two events of one article's body"),
])
def test_link_rule_hard_conditions(change, why) -> None:
    a = report_from_row(_row(), OPTIONS)
    b = report_from_row(_row(**{"id": "b-e1", "article_id": "b", **change}), OPTIONS)
    assert link_score(a, b, OPTIONS) is None, why


def test_link_rule_reports_with_no_date_at_all_still_meet_dated_ones(tmp_path) -> None:
    """An undated event in an article with no publication date is filed under the `?` bucket and looks up
    every bucket of its types and countries, so it joins the dated report of the same raid."""
    side = (_actor("Boko Haram", "NGA", "REB"), BAMA, "Boko Haram fighters raided a camp in Bama")
    dated = _coded("dated", "Outlet One", "ASSAULT", "2024-09-01", side)
    undated = _coded("undated", "Outlet Two", "ASSAULT", "2024-09-01", side)
    undated.article.published = None
    undated.events[0].date = None
    with Store(tmp_path / "undated.db") as store:
        store.ingest(undated)
        store.ingest(dated)
        assert len({r[0] for r in store.conn.execute("SELECT incident_id FROM incident_members")}) == 1
        keys = {r[0] for r in store.conn.execute("SELECT key FROM incident_keys WHERE event_id = 'undated-e1'")}
        assert keys == {"ASSAULT|NGA|?"}
