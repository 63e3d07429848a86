"""Benchmark of the analyst service (`make bench-api`): p50/p95 of the main API queries on a big store.

    python benchmarks/api_bench.py                     # 1,000,000 events (built once, then reused)
    python benchmarks/api_bench.py --events 100000     # a smaller store
    python benchmarks/api_bench.py --rebuild           # build the store again

The store is built from synthetic coded articles written through the store API (`Store.ingest`), so
every table, index and migration is the real one; it is cached in $TMPDIR and reused while the
requested size matches. The queries go over HTTP to a real uvicorn server on 127.0.0.1, as a browser
or a notebook would send them; "first view" is every request the web UI sends when it opens.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from eventwire.model import PLOVER_TYPES, Article, CodedArticle, Entity, Event, EventDate, Place
from eventwire.store import open_store

EVENTS_PER_ARTICLE = 20
COUNTRIES = ["SDN", "SYR", "IRQ", "UKR", "RUS", "MLI", "NGA", "COL", "YEM", "SOM", "AFG", "MMR",
             "ETH", "COD", "LBY", "ISR", "PSE", "LBN", "IRN", "TUR", "BFA", "NER", "MOZ", "HTI"]
SECTORS = ["GOV", "MIL", "REB", "COP", "PTY", "CVL", "IGO", "JRN"]
FACTUALITY = ["asserted"] * 7 + ["planned", "hypothetical", "negated", "historical"]


def _places(n: int = 5000) -> list[tuple]:
    """A fixed gazetteer of n places (name, GeoNames-like id, lat, lon, country, precision)."""
    rng = random.Random(7)
    features = ["city"] * 6 + ["site"] * 2 + ["admin1", "country"]
    return [(f"Town {i}", 100_000 + i, round(rng.uniform(-35, 60), 4), round(rng.uniform(-80, 120), 4),
             COUNTRIES[i % len(COUNTRIES)], rng.choice(features)) for i in range(n)]


PLACES = _places()


def _actor(rng: random.Random, n: int) -> Entity:
    country = COUNTRIES[n % len(COUNTRIES)]
    sector = SECTORS[(n // len(COUNTRIES)) % len(SECTORS)]
    name = f"{country} {sector} {n}"
    return Entity(name=name, text=name, kb_id=f"syn:{n}", country=country, sector=sector,
                  kind="group", start=0, end=5)


def synthetic_article(i: int, rng: random.Random, first_day: int) -> CodedArticle:
    """One article of EVENTS_PER_ARTICLE events over two years, 24 countries, 400 actors, 5,000 places."""
    day = first_day + rng.randrange(730)
    published = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
    text = f"Synthetic report {i}. " + "Fighters attacked the town and officials said talks would resume. " * 3
    art = Article(id=f"syn-{i}", text=text, title=f"Synthetic report {i}", source="Bench Wire",
                  published=published)
    events = []
    for n in range(EVENTS_PER_ARTICLE):
        actor, recipient = _actor(rng, rng.randrange(400)), _actor(rng, rng.randrange(400))
        place = None
        if rng.random() < 0.6:
            name, geonameid, lat, lon, country, feature = PLACES[rng.randrange(len(PLACES))]
            place = Place(text="the town", start=30, end=38, name=name, geonameid=geonameid, lat=lat, lon=lon,
                          country=country, feature=feature)
        event_day = day - rng.randrange(3)
        date = None if rng.random() < 0.1 else EventDate(
            start=time.strftime("%Y-%m-%d", time.gmtime(event_day * 86400)),
            end=time.strftime("%Y-%m-%d", time.gmtime(event_day * 86400)), text="on Sunday")
        events.append(Event(
            id=f"{art.id}-e{n + 1}", type=rng.choice(PLOVER_TYPES), mode=None, contexts=[],
            actors=[actor], recipients=[recipient], location=place, date=date,
            factuality=rng.choice(FACTUALITY), claimed_by=None, sentence=1, start=20, end=60,
            text=text[20:60], confidence=round(rng.uniform(0.3, 1.0), 2), trigger="attacked",
        ))
    return CodedArticle(article=art, events=events)


def build_store(path: Path, n_events: int) -> None:
    """Write n_events synthetic events (EVENTS_PER_ARTICLE per article) through Store.ingest."""
    rng = random.Random(11)
    first_day = 19723  # 2024-01-01
    n_articles = max(1, n_events // EVENTS_PER_ARTICLE)
    started = time.perf_counter()
    with open_store(path) as store:
        store.conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable enough for a benchmark
        for i in range(n_articles):
            store.ingest(synthetic_article(i, rng, first_day))
            if (i + 1) % 5000 == 0:
                rate = (i + 1) * EVENTS_PER_ARTICLE / (time.perf_counter() - started)
                print(f"  {(i + 1) * EVENTS_PER_ARTICLE:,} events ({rate:,.0f}/s)", file=sys.stderr)
        store.conn.execute("ANALYZE")
    print(f"built {n_articles * EVENTS_PER_ARTICLE:,} events in {time.perf_counter() - started:.0f} s -> {path}",
          file=sys.stderr)


def store_path(n_events: int) -> Path:
    return Path(tempfile.gettempdir()) / f"eventwire-bench-{n_events}.db"


EVENT_QUERIES = {
    "no filter": {},
    "type": {"type": "ASSAULT"},
    "type + country": {"type": "ASSAULT", "country": "SDN"},
    "quad class + factuality": {"quad_class": 4, "factuality": "planned"},
    "actor (name substring)": {"actor": "SDN REB 24"},
    "actor country + recipient country": {"actor_country": "SYR", "recipient_country": "TUR"},
    "bounding box": {"bbox": "20,0,40,20"},
    "min confidence + text": {"min_confidence": 0.9, "q": "attacked"},
    "date range (one month)": {"since": "2024-06-01", "until": "2024-06-30"},
}
STATS_QUERIES = {
    "stats: by type, quad class, factuality": ("/stats", {}),
    "stats: timeline (by day, split by quad class)": ("/stats", {"by": "day", "split": "quad_class"}),
    "stats: type, by day": ("/stats", {"type": "ASSAULT", "by": "day", "split": "quad_class"}),
    "stats: country, by type": ("/stats", {"country": "SDN", "by": "type"}),
    "places (map), type": ("/places", {"type": "ASSAULT"}),
}
# What the web UI requests when it opens (events view): the page, its scripts and styles, then data.
UI_ASSETS = ["/ui/", "/ui/app.js", "/ui/dom.js", "/ui/app.css", "/ui/views/table.js", "/ui/views/map.js",
             "/ui/views/timeline.js", "/ui/views/network.js", "/ui/views/article.js",
             "/ui/vendor/leaflet/leaflet.js", "/ui/vendor/leaflet/leaflet.css",
             "/ui/vendor/leaflet.markercluster/leaflet.markercluster.js",
             "/ui/vendor/topojson-client/topojson-client.min.js"]
UI_DATA = [("/stats", {"by": "type", "top": 3}), ("/events", {"limit": 50})]


def _serve(path: Path, cache_entries: int):
    """A uvicorn server over `path` in its own process; returns (process, base URL)."""
    import socket
    import subprocess

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = ("from eventwire.api import Settings, serve; "
            f"serve(Settings(db={str(path)!r}, cache_entries={cache_entries}), port={port}, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code])
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{base}/health", timeout=5)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the benchmark server did not start")


def _timed(client, path: str, params: dict, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, params=params)
        out.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _line(name: str, values: list[float]) -> dict:
    row = {"query": name, "p50_ms": round(statistics.median(values), 1), "p95_ms": round(_pct(values, 0.95), 1),
           "n": len(values)}
    print(f"{name:48} p50 {row['p50_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms", file=sys.stderr)
    return row


def measure(path: Path, repeat: int) -> dict:
    """p50/p95 over HTTP: event pages (first and second page) and stats with the aggregate cache off
    (every request computes), stats again with the cache on, and the UI's first view, cold."""
    import httpx

    results: dict = {"events": [], "stats_uncached": [], "stats_cached": [], "first_view": []}
    proc, base = _serve(path, cache_entries=0)
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            client.get("/events", params={"limit": 1})  # open the connection and the database
            for name, params in EVENT_QUERIES.items():
                query = {**params, "limit": 50}
                results["events"].append(_line(f"events page 1: {name}", _timed(client, "/events", query, repeat)))
                cursor = client.get("/events", params=query).json()["next"]
                if cursor:
                    results["events"].append(_line(f"events page 2: {name}",
                                                   _timed(client, "/events", {**query, "cursor": cursor}, repeat)))
            for name, (route, params) in STATS_QUERIES.items():
                results["stats_uncached"].append(_line(f"{name} (no cache)",
                                                       _timed(client, route, params, max(5, repeat // 4))))
            totals = []
            for _ in range(max(5, repeat // 4)):
                started = time.perf_counter()
                with httpx.Client(base_url=base, timeout=120) as fresh:  # a new browser: new connection
                    for asset in UI_ASSETS:
                        fresh.get(asset).raise_for_status()
                    for route, params in UI_DATA:
                        fresh.get(route, params=params).raise_for_status()
                totals.append((time.perf_counter() - started) * 1000)
            results["first_view"].append(_line("UI first view (assets + data, no cache)", totals))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    proc, base = _serve(path, cache_entries=256)
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            for name, (route, params) in STATS_QUERIES.items():
                client.get(route, params=params)  # fill the cache once
                results["stats_cached"].append(_line(f"{name} (cached)", _timed(client, route, params, repeat)))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=40, help="requests per event query (stats: a quarter)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    path = store_path(args.events)
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        build_store(path, args.events)
    with open_store(path) as store:  # migrate (indexes) before timing anything
        counts = store.conn.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles)").fetchone()
    print(f"store: {counts[0]:,} events in {counts[1]:,} articles ({path})", file=sys.stderr)
    if args.build_only:
        return 0
    results = measure(path, args.repeat)
    if args.json:
        args.json.write_text(json.dumps({"store_events": counts[0], **results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
