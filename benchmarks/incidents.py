"""Incident assignment at ingest speed: a new event joins its incident in a store of 100,000 events.

    python benchmarks/incidents.py [--events 100000] [--new 200] [--json]

Builds a store of generated coded articles (5 events each, over 40 countries and 365 days, 1-4 reports per
real-world incident, participants from a pool of 400 knowledge-base actors, places near 600 sites), written
through `Store.ingest_many` so copies and incidents are linked exactly as at ingest. Then stores `--new`
further articles one at a time and reports, per new event, the time of the incident step alone
(`incidents.update`: filing, blocking-key lookups, the link rule, reclustering the affected region, the
consensus records) and of the whole write (with copy detection). Nothing is coded: the texts are generated
word lists, so the figure is the store's, not spaCy's.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from eventwire import __version__
from eventwire.model import PLOVER_TYPES, Article, CodedArticle, Entity, Event, EventDate, Place
from eventwire.store import incidents as store_incidents
from eventwire.store.sqlite import Store

EVENTS_PER_ARTICLE = 5
COUNTRIES = [f"C{n:02d}" for n in range(40)]
WORDS = [f"w{n}" for n in range(5000)]


class World:
    """Real-world incidents to report on, and the fixed pools they draw from (seeded: the same every run)."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.actors = [(f"kb-{n}", self.rng.choice(COUNTRIES), self.rng.choice(["MIL", "REB", "GOV", "COP"]))
                       for n in range(400)]
        self.sites = [(self.rng.choice(COUNTRIES), self.rng.uniform(-30, 50), self.rng.uniform(-20, 80), n)
                      for n in range(600)]
        self.start = date(2025, 1, 1)

    def incident(self) -> dict:
        rng = self.rng
        country, lat, lon, gid = rng.choice(self.sites)
        return {"type": rng.choice(PLOVER_TYPES), "actor": rng.choice(self.actors), "site": (country, lat, lon, gid),
                "day": self.start + timedelta(days=rng.randrange(365)),
                "words": rng.sample(WORDS, 12)}

    def event(self, incident: dict, eid: str, text: str) -> Event:
        kb, country, sector = incident["actor"]
        site_country, lat, lon, gid = incident["site"]
        actor = Entity(name=kb, text=kb, kb_id=kb, country=country, sector=sector, kind="group")
        place = Place(text=f"site {gid}", start=0, end=1, name=f"site {gid}", geonameid=gid, lat=lat, lon=lon,
                      country=site_country, feature="city")
        day = incident["day"].isoformat()
        evidence = " ".join(self.rng.sample(incident["words"], 8))
        return Event(id=eid, type=incident["type"], mode=None, contexts=[], actors=[actor], recipients=[],
                     location=place, date=EventDate(day, day, "on Sunday"), factuality="asserted",
                     claimed_by=None, sentence=1, start=0, end=len(text), text=evidence, confidence=0.9)

    def article(self, number: int, incidents: list[dict]) -> CodedArticle:
        art_id = f"bench-{number}"
        text = "\n".join(" ".join(self.rng.sample(WORDS, 14)) + "." for _ in range(6))
        events = [self.event(inc, f"{art_id}-e{i + 1}", text) for i, inc in enumerate(incidents)]
        published = max(inc["day"] for inc in incidents).isoformat()
        article = Article(id=art_id, text=text, title=f"report {number}", source=f"outlet {number % 50}",
                          url=f"https://example.org/{art_id}", published=published)
        return CodedArticle(article=article, events=events)


def articles(world: World, count: int, offset: int = 0) -> list[CodedArticle]:
    """Articles reporting incidents of which each is told by 1 to 4 of them."""
    pool: list[dict] = []
    out = []
    for n in range(count):
        chosen = []
        for _ in range(EVENTS_PER_ARTICLE):
            if pool and world.rng.random() < 0.55:
                chosen.append(pool.pop(world.rng.randrange(len(pool))))
            else:
                incident = world.incident()
                pool.extend([incident] * world.rng.randrange(0, 4))
                chosen.append(incident)
        out.append(world.article(offset + n, chosen))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=200, help="articles stored one at a time and timed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    world = World()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        started = time.perf_counter()
        batch = articles(world, args.events // EVENTS_PER_ARTICLE)
        for i in range(0, len(batch), 500):
            store.ingest_many(batch[i:i + 500])
        build = time.perf_counter() - started
        stored = store.stats()
        incident_ms, write_ms = [], []
        original_update = store_incidents.update

        def timed_update(conn, options):
            t = time.perf_counter()
            result = original_update(conn, options)
            incident_ms.append((time.perf_counter() - t) * 1000 / max(1, result.events))
            return result

        store_incidents.update = timed_update
        try:
            for coded in articles(world, args.new, offset=len(batch)):
                t = time.perf_counter()
                store.ingest(coded)
                write_ms.append((time.perf_counter() - t) * 1000 / EVENTS_PER_ARTICLE)
        finally:
            store_incidents.update = original_update
        store.close()
    result = {
        "eventwire": __version__, "python": platform.python_version(), "machine": platform.machine(),
        "stored_events": stored["events"], "stored_incidents": stored["incidents"],
        "build_seconds": round(build, 1),
        "incident_ms_per_event": {"median": round(statistics.median(incident_ms), 2),
                                  "p95": round(sorted(incident_ms)[int(0.95 * len(incident_ms)) - 1], 2)},
        "write_ms_per_event": {"median": round(statistics.median(write_ms), 2),
                               "p95": round(sorted(write_ms)[int(0.95 * len(write_ms)) - 1], 2)},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"store: {result['stored_events']} events, {result['stored_incidents']} incidents"
          f" (built in {result['build_seconds']} s)")
    for key in ("incident_ms_per_event", "write_ms_per_event"):
        figures = result[key]
        print(f"{key.replace('_', ' ')}: median {figures['median']} ms, p95 {figures['p95']} ms")


if __name__ == "__main__":
    main()
