"""Synthetic stores for the store and API benchmarks: coded articles that look like wire news to the store.

    from synthetic import build_store
    build_store(Path("bench.db"), 100_000)    # 10,200 articles, written through Store.ingest_many

Nothing is coded: the articles are made of the knowledge base's actors (canonical names, and the aliases a
report would write, "Kataib Hezbollah" for "Kata'ib Hezbollah"), generic actors per country, places per
country, event types and factuality drawn with the weights of `data/synthetic_store.json`, countries with
Zipf weights (a few countries make most of the news), dates over two years with some undated, week-long and
year-long events, and death tolls on some attacks. About three events in ten re-report an incident another
article told (same type, day, place and doer), so incidents link as they would in news. Seeded: the same
store every run. Past the first 100,000 events the store is written through the bulk path (incident linking
left for later, see `build_store`).
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from eventwire.datafiles import data_files
from eventwire.model import Article, CodedArticle, Entity, Event, EventDate, Magnitude, Place
from eventwire.store import open_store

SHAPE = json.loads((Path(__file__).parent / "data" / "synthetic_store.json").read_text(encoding="utf-8"))
ARTICLES_PER_EVENT = 0.102  # 102,000 articles at 1,000,000 events, as in issue #14's measurements
WRITE_BATCH = 500
VERBS = {"ASSAULT": "attacked", "CONSULT": "met", "ACCUSE": "accused", "COERCE": "detained", "SUPPORT": "backed",
         "REQUEST": "asked", "THREATEN": "threatened", "AGREE": "agreed with", "PROTEST": "protested against",
         "REJECT": "rejected", "COOPERATE": "worked with", "AID": "sent aid to", "MOBILIZE": "deployed against",
         "SANCTION": "sanctioned", "CONCEDE": "yielded to", "RETREAT": "withdrew from"}
# Invented words for the rest of each report, so that no two reports look like copies of each other.
_SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]
WORDS = sorted({"".join(random.Random(n).choices(_SYLLABLES, k=3)) for n in range(6000)})


def _jsonl(name: str) -> list[dict]:
    lines = data_files(name)[0].read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


class Picker:
    """Weighted choice by bisection over cumulative weights (random.choices re-sums them every call)."""

    def __init__(self, items: list, weights: list[float]):
        self.items, self.cumulative = items, list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _zipf(items: list, s: float) -> Picker:
    return Picker(items, [1 / (rank + 1) ** s for rank in range(len(items))])


class World:
    """The fixed pools every article draws from."""

    def __init__(self, seed: int = 14):
        rng = self.rng = random.Random(seed)
        countries = {c["iso3"]: c["name"] for c in _jsonl("countries.jsonl")}
        rest = sorted(set(countries) - set(SHAPE["hot_countries"]))
        rng.shuffle(rest)
        order = [c for c in SHAPE["hot_countries"] if c in countries] + rest
        self.country = _zipf(order, SHAPE["country_zipf"])
        self.type = Picker(list(SHAPE["types"]), list(SHAPE["types"].values()))
        self.factuality = Picker(list(SHAPE["factuality"]), list(SHAPE["factuality"].values()))
        self.first_day = date.fromisoformat(SHAPE["first_day"])
        # Actors: the KB's, then generic ones of each country ("Sudanese police"), most frequent first.
        kb = [(a["name"], [a["name"], *a.get("aliases", [])], a["id"], a.get("wikidata"), a.get("country"),
               a.get("sector"), a.get("kind", "group")) for a in _jsonl("actors.jsonl")]
        rng.shuffle(kb)
        generic = [(f"{countries[c]} {sector}", [f"{countries[c]} {sector}"], None, None, c, sector, "generic")
                   for c in order[:80] for sector in SHAPE["sectors"][:SHAPE["generic_actors_per_country"]]]
        pool = [a for pair in itertools.zip_longest(kb, generic) for a in pair if a]
        self.actor = _zipf(pool, SHAPE["actor_zipf"])
        self.by_country: dict[str, list] = {}
        for actor in pool:
            if actor[4]:
                self.by_country.setdefault(actor[4], []).append(actor)
        # Places: a fixed set of towns per country, scattered around a point of the country.
        self.places: dict[str, list[tuple]] = {}
        for n, iso3 in enumerate(order):
            lat0, lon0 = rng.uniform(-35, 60), rng.uniform(-110, 140)
            self.places[iso3] = [(f"{countries[iso3]} town {i}", 1_000_000 + n * 1000 + i,
                                  round(lat0 + rng.uniform(-4, 4), 4), round(lon0 + rng.uniform(-4, 4), 4),
                                  iso3, rng.choice(["city"] * 6 + ["site", "site", "admin1", "admin2"]))
                                 for i in range(SHAPE["places_per_country"])]
        self.pending: list[dict] = []  # incidents waiting for another report

    def incident(self) -> dict:
        rng = self.rng
        country = self.country(rng)
        local = self.by_country.get(country)
        doer = rng.choice(local) if local and rng.random() < 0.5 else self.actor(rng)
        target = self.actor(rng) if rng.random() < SHAPE["recipient"] else None
        return {"type": self.type(rng), "country": country, "doer": doer, "target": target,
                "place": rng.choice(self.places[country]) if rng.random() < SHAPE["located"] else None,
                "day": rng.randrange(SHAPE["days"]), "killed": rng.randrange(1, 60)}

    def next_incident(self, published_day: int) -> dict:
        """A pending incident near this day (another report of it), else a new one."""
        rng = self.rng
        if self.pending and rng.random() < 0.3:
            incident = self.pending.pop(rng.randrange(len(self.pending)))
            incident["day"] = min(incident["day"], published_day)
            return incident
        incident = self.incident()
        incident["day"] = published_day - rng.randrange(3)
        if len(self.pending) < 2000:
            self.pending.extend([incident] * rng.randrange(0, 3))
        return incident


def _entity(actor: tuple, rng: random.Random, offset: int) -> Entity:
    name, spellings, kb_id, wikidata, country, sector, kind = actor
    text = rng.choice(spellings)
    return Entity(name=name, text=text, kb_id=kb_id, wikidata=wikidata, country=country, sector=sector,
                  kind=kind, start=offset, end=offset + len(text), score=1.0)


def _date(world: World, day: int) -> EventDate | None:
    rng = world.rng
    roll = rng.random()
    if roll < SHAPE["undated"]:
        return None
    first = world.first_day + timedelta(days=max(0, day))
    if roll < SHAPE["undated"] + SHAPE["year_long"]:
        return EventDate(str(first - timedelta(days=364)), str(first), "over the past year")
    if roll < SHAPE["undated"] + SHAPE["year_long"] + SHAPE["week_long"]:
        return EventDate(str(first - timedelta(days=6)), str(first), "last week")
    return EventDate(str(first), str(first), "on Sunday")


def synthetic_article(world: World, number: int, n_events: int) -> CodedArticle:
    rng = world.rng
    day = rng.randrange(SHAPE["days"])
    published = str(world.first_day + timedelta(days=day))
    art_id = f"syn-{number}"
    sentences = [f"Synthetic wire report {number}: " + " ".join(rng.sample(WORDS, 14)) + "."]
    events = []
    for n in range(n_events):
        incident = world.next_incident(day)
        offset = sum(len(s) + 1 for s in sentences)
        doer = _entity(incident["doer"], rng, offset)
        actors = [doer]
        if rng.random() < SHAPE["second_actor"]:
            actors.append(_entity(world.actor(rng), rng, offset))
        recipients = [_entity(incident["target"], rng, offset + len(doer.text) + 1)] if incident["target"] else []
        place = incident["place"]
        where = f" in {place[0]}" if place else ""
        sentence = (f"{doer.text} {VERBS[incident['type']]} {recipients[0].text if recipients else 'them'}{where}"
                    f" on Sunday, " + " ".join(rng.sample(WORDS, 8)) + ".")
        magnitudes = {}
        if incident["type"] == "ASSAULT" and rng.random() < SHAPE["killed"]:
            toll = f"at least {incident['killed']} people were killed"
            sentence = sentence[:-1] + f", and {toll}."
            start = offset + sentence.index(toll)
            magnitudes["killed"] = Magnitude(min=incident["killed"], max=None, text=toll, start=start,
                                             end=start + len(toll))
        sentences.append(sentence)
        location = None
        if place:
            name, geonameid, lat, lon, country, feature = place
            location = Place(text=name, start=offset, end=offset + len(name), name=name, geonameid=geonameid,
                             lat=lat, lon=lon, country=country, feature=feature)
        events.append(Event(
            id=f"{art_id}-e{n + 1}", type=incident["type"], mode=None, contexts=[], actors=actors,
            recipients=recipients, location=location, date=_date(world, incident["day"]),
            factuality=world.factuality(rng), claimed_by=None, sentence=n + 1, start=offset,
            end=offset + len(sentence), text=sentence, confidence=round(rng.uniform(0.3, 1.0), 2),
            trigger=VERBS[incident["type"]].split()[0], magnitudes=magnitudes,
        ))
    article = Article(id=art_id, text=" ".join(sentences), title=f"Synthetic wire report {number}",
                      source=f"Wire {number % 60}", url=f"https://news.example/{art_id}", published=published)
    return CodedArticle(article=article, events=events)


def event_counts(n_events: int, rng: random.Random) -> list[int]:
    """Events per article: ARTICLES_PER_EVENT articles per event, 1 to 20 each, summing to n_events."""
    n_articles = max(1, round(n_events * ARTICLES_PER_EVENT))
    low, high = SHAPE["events_per_article"]
    counts = [1] * n_articles
    left = n_events - n_articles
    while left > 0:
        i = rng.randrange(n_articles)
        if counts[i] < high:
            counts[i] += 1
            left -= 1
    return counts


def articles(n_events: int, seed: int = 14) -> Iterator[CodedArticle]:
    world = World(seed)
    for number, count in enumerate(event_counts(n_events, random.Random(seed))):
        yield synthetic_article(world, number, count)


def store_path(n_events: int) -> Path:
    """Where the benchmarks keep the synthetic store of n_events (built once, then reused)."""
    return Path(tempfile.gettempdir()) / f"eventwire-store-bench-{n_events}.db"


def build_store(path: Path, n_events: int, linked: int = 100_000, log=sys.stderr) -> float:
    """Write a synthetic store of n_events through `Store.ingest_many`; returns the seconds it took.

    The first `linked` events are written as at ingest (copies and incidents linked in each batch's
    transaction); the rest through the bulk path (`link=False`: the events wait in the incident journal),
    since linking a million synthetic events one batch at a time takes hours on the 2-core machine."""
    started = time.perf_counter()
    written = 0
    with open_store(path) as store:
        store.conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable enough for a benchmark
        stream = articles(n_events)
        while batch := list(itertools.islice(stream, WRITE_BATCH)):
            store.ingest_many(batch, link=written < linked)
            events = sum(len(c.events) for c in batch)
            written += events
            if written % 100_000 < events:
                rate = written / (time.perf_counter() - started)
                print(f"  {written:,} events ({rate:,.0f}/s)", file=log)
        store.conn.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"built {written:,} events in {seconds:.0f} s -> {path}", file=log)
    return seconds
