"""Export formats: PLOVER JSON Lines, CSV and GeoJSON, from rows a real SQLite store returned."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from eventwire import __version__
from eventwire.export import (
    CODEBOOK, CSV_COLUMNS, plover_record, to_csv, to_geojson, to_plover_jsonl, write_plover_jsonl,
)
from eventwire.model import PLOVER_TYPES, Article, CodedArticle, Entity, Event, EventDate, Place
from eventwire.store.sqlite import Store, event_rows

# An invented report (not taken from any source).
TEXT = ("Protesters marched through Bamako on Friday demanding the withdrawal of foreign fighters, "
        "organisers said.\nThe junta said it would meet ECOWAS envoys in Abuja next month.\n"
        "Niger and Burkina Faso closed their borders with Benin, citing \"hostile\" bases.")

LOC_KEYS = {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "city", "district",
            "province", "country", "country_code", "feature_class", "feature_code", "resolution"}
ACTOR_KEYS = {"code", "sector", "entity_text", "identifier_id", "identifier_text"}


def who(phrase: str, name: str, country: str | None, sector: str, wikidata: str | None = None) -> Entity:
    start = TEXT.index(phrase)
    return Entity(name=name, text=phrase, wikidata=wikidata, country=country, sector=sector,
                  start=start, end=start + len(phrase))


def where(phrase: str, country: str, feature: str, coords: tuple[float, float] | None,
          gid: int | None) -> Place:
    start = TEXT.index(phrase)
    lat, lon = coords if coords else (None, None)
    return Place(text=phrase, start=start, end=start + len(phrase), name=phrase, geonameid=gid,
                 lat=lat, lon=lon, country=country, feature=feature)


def ev(eid: str, type_: str, evidence: str, **fields) -> Event:
    start = TEXT.index(evidence)
    base = dict(mode=None, contexts=[], actors=[], recipients=[], location=None, date=None,
                factuality="asserted", claimed_by=None, confidence=0.7)
    base.update(fields)
    return Event(id=eid, type=type_, sentence=TEXT[:start].count("\n"), start=start,
                 end=start + len(evidence), text=evidence, **base)


def coded() -> CodedArticle:
    events = [
        ev("e1", "PROTEST", "Protesters marched through Bamako on Friday", mode="demonstrate",
           contexts=["political"], actors=[who("Protesters", "Protesters", "MLI", "CVL")],
           location=where("Bamako", "MLI", "city", (12.65, -8.0), 2460596),
           date=EventDate("2024-03-01", "2024-03-01", "on Friday"),
           claimed_by=who("organisers", "organisers", "MLI", "CVL")),
        ev("e2", "CONSULT", "meet ECOWAS envoys in Abuja next month", factuality="planned",
           actors=[who("The junta", "Government of Mali", "MLI", "GOV", "Q912")],
           recipients=[who("ECOWAS", "Economic Community of West African States", "WAF", "GOV",
                           "Q161549")],
           location=where("Abuja", "NGA", "city", (9.06, 7.49), 2352778),
           date=EventDate("2024-04-01", "2024-04-30", "next month")),
        ev("e3", "SANCTION", "closed their borders with Benin",
           actors=[who("Niger", "Niger", "NER", "GOV", "Q1032"),
                   who("Burkina Faso", "Burkina Faso", "BFA", "GOV", None)],
           recipients=[who("Benin", "Benin", "BEN", "GOV", "Q962")],
           location=where("Benin", "BEN", "country", None, 2395170)),
    ]
    art = Article(id="sahel-7", text=TEXT, title="Bamako march, border closures",
                  url="https://example.org/sahel-7", source="Sahel Monitor", published="2024-03-03")
    return CodedArticle(article=art, events=events)


@pytest.fixture
def rows(tmp_path: Path) -> list[dict]:
    with Store(tmp_path / "export.db") as store:
        store.ingest(coded())
        return store.events()


def plover(rows: list[dict]) -> dict[str, dict]:
    lines = to_plover_jsonl(rows).splitlines()
    records = [json.loads(line) for line in lines]
    return {r["id"]: r for r in records}


# --- PLOVER JSON Lines ----------------------------------------------------------------------------


def test_export_plover_records_have_plover_fields(rows: list[dict]) -> None:
    records = plover(rows)
    assert len(records) == 3
    for rec in records.values():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["date"])
        assert rec["event"][0] in PLOVER_TYPES and len(rec["event"]) == 1
        assert isinstance(rec["mode"], list) and isinstance(rec["context"], list)
        assert rec["quad_code"] in (1, 2, 3, 4)
        assert all(set(a) == ACTOR_KEYS for a in rec["actor"] + rec["recipient"])
        assert TEXT[rec["text_info"]["start"]:rec["text_info"]["end"]] == rec["event_text"]
        assert rec["cite_info"] == {
            "publication": "Sahel Monitor", "url": "https://example.org/sahel-7",
            "title": "Bamako march, border closures", "codebook": CODEBOOK,
            "coder": f"eventwire {__version__}"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["coded_date"])


@pytest.mark.parametrize("eid, date, enddate, quad, mode, sentence", [
    ("sahel-7-e1", "2024-03-01", None, 4, ["demonstrate"], 0),
    ("sahel-7-e2", "2024-04-01", "2024-04-30", 1, [], 1),  # an interval gets an enddate
    ("sahel-7-e3", "2024-03-03", None, 4, [], 2),  # no event date: publication date
])
def test_export_plover_dates_and_codes(rows: list[dict], eid: str, date: str, enddate: str | None,
                                       quad: int, mode: list, sentence: int) -> None:
    rec = plover(rows)[eid]
    assert (rec["date"], rec.get("enddate"), rec["quad_code"], rec["mode"]) == (
        date, enddate, quad, mode)
    assert rec["text_info"]["sentence"] == sentence


def test_export_plover_actors_and_extensions(rows: list[dict]) -> None:
    recs = plover(rows)
    consult = recs["sahel-7-e2"]
    assert consult["actor"] == [{"code": "MLI", "sector": "GOV", "entity_text": "The junta",
                                 "identifier_id": "Q912", "identifier_text": "Government of Mali"}]
    assert consult["recipient"][0]["code"] == "WAF"
    assert consult["factuality"] == "planned" and consult["claimed_by"] is None
    protest = recs["sahel-7-e1"]
    assert protest["claimed_by"]["name"] == "organisers" and protest["context"] == ["political"]
    assert [a["identifier_text"] for a in recs["sahel-7-e3"]["actor"]] == ["Niger", "Burkina Faso"]


@pytest.mark.parametrize("eid, resolved, country, code, resolution, feature_code, has_coords", [
    ("sahel-7-e1", "Bamako", "Mali", "MLI", 4, "PPL", True),
    ("sahel-7-e2", "Abuja", "Nigeria", "NGA", 4, "PPL", True),
    ("sahel-7-e3", "Benin", "Benin", "BEN", 1, "PCLI", False),
])
def test_export_plover_event_loc_is_mordecai_shaped(rows: list[dict], eid: str, resolved: str,
                                                    country: str, code: str, resolution: int,
                                                    feature_code: str, has_coords: bool) -> None:
    loc = plover(rows)[eid]["event_loc"]
    assert set(loc) == LOC_KEYS
    assert (loc["resolved_place"], loc["country"], loc["country_code"]) == (resolved, country, code)
    assert (loc["resolution"], loc["feature_code"]) == (resolution, feature_code)
    assert (loc["lat"] is not None) == has_coords


def test_export_plover_same_from_store_and_from_document(rows: list[dict]) -> None:
    direct = {r["id"]: r for r in map(plover_record, event_rows(coded()))}
    for eid, rec in plover(rows).items():
        rec.pop("coded_date")
        # The store files every event in an incident (a fresh document has none yet).
        assert rec.pop("incident") == f"inc-{eid}" and direct[eid].pop("incident") is None
        assert rec == direct[eid]


def test_export_plover_streams_to_file(rows: list[dict]) -> None:
    buf = io.StringIO()
    assert write_plover_jsonl(rows, buf) == 3
    assert buf.getvalue() == to_plover_jsonl(rows)
    assert to_plover_jsonl([]) == ""


# --- CSV ------------------------------------------------------------------------------------------


def test_export_csv_header_and_rows(rows: list[dict]) -> None:
    buf = io.StringIO(newline="")
    assert to_csv(rows, buf) == 3
    buf.seek(0)
    reader = csv.DictReader(buf)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    table = {r["id"]: r for r in reader}
    border = table["sahel-7-e3"]
    assert (border["actor"], border["actor_country"], border["actor_wikidata"]) == (
        "Niger;Burkina Faso", "NER;BFA", "Q1032;")  # aligned: the 2nd actor has no Wikidata id
    assert (border["date"], border["lat"], border["location_country"]) == ("2024-03-03", "", "BEN")
    assert table["sahel-7-e2"]["enddate"] == "2024-04-30"
    assert table["sahel-7-e1"]["contexts"] == "political"


def test_export_csv_quotes_text_round_trip(rows: list[dict]) -> None:
    rows[2]["text"] = 'closed borders, citing "hostile" bases'  # comma and quotes in a cell
    buf = io.StringIO(newline="")
    to_csv(rows, buf)
    buf.seek(0)
    assert list(csv.DictReader(buf))[2]["text"] == 'closed borders, citing "hostile" bases'


def test_export_csv_no_rows_writes_header_only() -> None:
    buf = io.StringIO(newline="")
    assert to_csv([], buf) == 0
    assert buf.getvalue().strip() == ",".join(CSV_COLUMNS)


# --- GeoJSON --------------------------------------------------------------------------------------


def test_export_geojson_feature_collection(rows: list[dict]) -> None:
    gj = json.loads(json.dumps(to_geojson(rows)))  # JSON-serialisable as is
    assert gj["type"] == "FeatureCollection"
    assert gj["eventwire"] == {"events": 3, "without_coordinates": 1}
    feats = {f["id"]: f for f in gj["features"]}
    assert set(feats) == {"sahel-7-e1", "sahel-7-e2"}
    bamako = feats["sahel-7-e1"]
    assert bamako["type"] == "Feature"
    assert bamako["geometry"] == {"type": "Point", "coordinates": [-8.0, 12.65]}  # [lon, lat]
    props = bamako["properties"]
    assert (props["type"], props["actors"], props["date"], props["geonameid"]) == (
        "PROTEST", ["Protesters"], "2024-03-01", 2460596)


def test_export_geojson_empty() -> None:
    assert to_geojson([]) == {"type": "FeatureCollection", "features": [],
                              "eventwire": {"events": 0, "without_coordinates": 0}}
