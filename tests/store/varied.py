"""A varied store for the query and export tests: invented reports with the shapes the filters must get right
(transliterated and accented names, several participants per side, undated events and articles without a
publication date, week- and year-long intervals, events planned after their report's date, places with and without coordinates, death tolls), and a
reference that filters the rows in plain Python."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from eventwire.model import PLOVER_TYPES, Article, CodedArticle, Entity, Event, EventDate, Magnitude, Place
from eventwire.normalize import name_key
from eventwire.store.sqlite import Store

# (canonical name, spellings as written, KB id, Wikidata id, country, sector)
ACTORS = [
    ("Kata'ib Hezbollah", ["Kataib Hezbollah", "Kata’ib Hizballah", "KATA'IB HEZBOLLAH"], "kataib-hezbollah",
     "Q1136063", "IRQ", "PRM"),
    ("Assimi Goïta", ["Assimi Goita", "Goïta"], "assimi-goita", None, "MLI", "GOV"),
    ("Rapid Support Forces", ["RSF", "the paramilitary RSF"], "rapid-support-forces", None, "SDN", "REB"),
    ("Sudanese Armed Forces", ["the army", "SAF"], "sudanese-armed-forces", None, "SDN", "MIL"),
    ("Turkey", ["Ankara", "Turkish"], None, "Q43", "TUR", "GOV"),
    ("Syria", ["Damascus", "Syrian"], None, "Q858", "SYR", "GOV"),
    ("Harakat al-Nujaba", ["Nujaba militia"], "harakat-al-nujaba", None, "IRQ", "REB"),
    ("police", ["police officers"], None, None, "ukr", "cop"),  # lower-case codes, as an old store may hold
    ("Médecins Sans Frontières", ["MSF", "Medecins Sans Frontieres"], "msf", None, "NGO", "NGO"),
    ("unidentified gunmen", ["gunmen"], None, None, None, None),
]
COUNTRIES = ["SDN", "SYR", "IRQ", "TUR", "UKR", "MLI"]


def coded_articles(n_articles: int, seed: int = 5, first: int = 0) -> list[CodedArticle]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    out = []
    for number in range(first, first + n_articles):
        day = start + timedelta(days=rng.randrange(500))
        published = None if number % 17 == 0 else day.isoformat()
        text = f"Report {number}. " + " ".join(f"w{rng.randrange(9000)}" for _ in range(30))
        events = []
        for n in range(rng.randrange(1, 6)):
            actors = [_entity(rng) for _ in range(rng.choice([1, 1, 1, 2]))]
            recipients = [_entity(rng) for _ in range(rng.choice([0, 1, 1, 2]))]
            place = None
            if rng.random() < 0.7:
                country = rng.choice(COUNTRIES)
                located = rng.random() < 0.9
                place = Place(text=f"{country} town", start=0, end=5, name=f"Town {country} {rng.randrange(5)}",
                              geonameid=100 + COUNTRIES.index(country), lat=rng.uniform(-10, 40) if located else None,
                              lon=rng.uniform(0, 60) if located else None, country=country.lower() if n == 3 else country,
                              feature="city")
            roll = rng.random()
            event_day = day - timedelta(days=rng.randrange(3))
            when = (None if roll < 0.15 else
                    EventDate(str(event_day - timedelta(days=6)), str(event_day), "last week") if roll < 0.25 else
                    EventDate(str(event_day - timedelta(days=200)), str(event_day), "this year") if roll < 0.3 else
                    EventDate(str(day + timedelta(days=2)), str(day + timedelta(days=8)), "next week") if roll < 0.38 else
                    EventDate(str(event_day), str(event_day), "on Sunday"))
            type_ = rng.choice(PLOVER_TYPES)
            magnitudes = {}
            if type_ == "ASSAULT" and rng.random() < 0.5:
                toll = rng.randrange(1, 40)
                magnitudes["killed"] = Magnitude(min=toll, max=None if rng.random() < 0.5 else toll,
                                                 text=f"at least {toll} killed", start=0, end=5)
            words = rng.choice(["fighters attacked the town", "officials met envoys", "Police detained protesters"])
            events.append(Event(
                id=f"r{number}-e{n + 1}", type=type_, mode=None, contexts=[], actors=actors,
                recipients=recipients, location=place, date=when,
                factuality=rng.choice(["asserted", "asserted", "planned", "negated"]), claimed_by=None,
                sentence=n, start=0, end=10, text=f"{words} {n}", confidence=round(rng.random(), 2),
                magnitudes=magnitudes))
        out.append(CodedArticle(article=Article(id=f"r{number}", text=text, title=f"Report {number}",
                                                source="Test Wire", published=published), events=events))
    return out


def _entity(rng: random.Random) -> Entity:
    name, spellings, kb_id, wikidata, country, sector = rng.choice(ACTORS)
    return Entity(name=name, text=rng.choice(spellings), kb_id=kb_id, wikidata=wikidata, country=country,
                  sector=sector, kind="group", start=0, end=3)


def varied_store(path: Path, n_articles: int = 120, seed: int = 5) -> Store:
    store = Store(path)
    for i in range(0, n_articles, 40):
        store.ingest_many(coded_articles(min(40, n_articles - i), seed=seed + i, first=i))
    store.conn.execute("ANALYZE")
    return store


# --- the reference: every filter in plain Python over all rows ------------------------------------------


def _interval(row: dict) -> tuple[str | None, str | None]:
    published = row.get("article_published")
    return (row["date_start"] or row["date_end"] or published, row["date_end"] or row["date_start"] or published)


def _participant_matches(ent: dict, needle: str) -> bool:
    key, low = name_key(needle), needle.casefold()
    return bool((key and (key in name_key(ent["name"]) or key in name_key(ent.get("text") or "")))
                or any(low in (ent.get(c) or "").casefold() for c in ("kb_id", "wikidata")))


def reference(rows: list[dict], **f) -> list[str]:
    """The ids of the rows matching the filters `f` (EventFilter's names), in the store's order."""
    out = []
    for row in rows:
        parts = {"actor": row["actors"], "recipient": row["recipients"]}
        everyone = row["actors"] + row["recipients"]
        start, end = _interval(row)
        checks = [
            not f.get("type") or row["type"] in f["type"],
            not f.get("factuality") or row["factuality"] in f["factuality"],
            not f.get("quad_class") or row["quad_class"] in f["quad_class"],
            not f.get("actor") or any(_participant_matches(e, f["actor"]) for e in
                                      (everyone if f.get("actor_role", "any") == "any" else parts[f["actor_role"]])),
            not f.get("country") or f["country"].upper() in
            {(row["location_country"] or "").upper(), *((e["country"] or "").upper() for e in everyone)},
            not f.get("since") or (end is not None and end >= f["since"]),
            not f.get("until") or (start is not None and start <= f["until"]),
            not f.get("q") or f["q"].casefold() in (row["text"] or "").casefold(),
            not f.get("min_confidence") or row["confidence"] >= f["min_confidence"],
            not f.get("incident") or row["incident_id"] == f["incident"],
            not f.get("bbox") or (row["location_lat"] is not None and
                                  f["bbox"][1] <= row["location_lat"] <= f["bbox"][3] and
                                  f["bbox"][0] <= row["location_lon"] <= f["bbox"][2]),
        ]
        for role in ("actor", "recipient"):
            country, sector = f.get(f"{role}_country"), f.get(f"{role}_sector")
            if country or sector:
                checks.append(any((not country or (e["country"] or "").upper() == country)
                                  and (not sector or (e["sector"] or "").upper() == sector) for e in parts[role]))
        if all(checks):
            out.append(row["id"])
    return out
