"""Benchmark of the analyst service (`make bench-api`): p50/p95 of the main API queries on a big store.

    python benchmarks/api_bench.py                     # 1,000,000 events (built once, then reused)
    python benchmarks/api_bench.py --events 100000     # a smaller store
    python benchmarks/api_bench.py --rebuild           # build the store again

The store is built by benchmarks/synthetic.py through the store API (`Store.ingest_many`), so every
table, index and migration is the real one; it is cached in $TMPDIR (shared with benchmarks/store_bench.py)
and reused while the requested size matches. The queries go over HTTP to a real uvicorn server on 127.0.0.1, as a browser
or a notebook would send them; "first view" is every request the web UI sends when it opens.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import synthetic  # noqa: E402

from eventwire.store import open_store  # noqa: E402

EVENT_QUERIES = {
    "no filter": {},
    "type": {"type": "ASSAULT"},
    "type + country + since": {"type": "ASSAULT", "country": "SDN", "since": "2025-01-01"},
    "quad class + factuality": {"quad_class": 4, "factuality": "planned"},
    "actor name (Kataib Hezbollah)": {"actor": "Kataib Hezbollah"},
    "actor country + recipient country": {"actor_country": "SYR", "recipient_country": "TUR"},
    "bounding box": {"bbox": "20,0,40,20"},
    "min confidence + text": {"min_confidence": 0.9, "q": "attacked"},
    "date range (one month)": {"since": "2024-06-01", "until": "2024-06-30"},
    "incident": {"incident": None},  # the store's incident with most reports (filled in by measure)
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
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    busiest = conn.execute("SELECT incident_id FROM incident_members WHERE rowid % 97 = 0"
                           " GROUP BY incident_id ORDER BY count(*) DESC, incident_id LIMIT 1").fetchone()
    conn.close()
    queries = {name: {**q, "incident": busiest[0] if busiest else "none"} if "incident" in q else q
               for name, q in EVENT_QUERIES.items()}
    proc, base = _serve(path, cache_entries=0)
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            client.get("/events", params={"limit": 1})  # open the connection and the database
            for name, params in queries.items():
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
    path = synthetic.store_path(args.events)
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        synthetic.build_store(path, args.events)
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
