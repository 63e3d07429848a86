"""Benchmark of the store at scale (`make bench-store`): exports and filtered queries at 10k, 100k and 1M events.

    python benchmarks/store_bench.py                          # 10,000, 100,000 and 1,000,000 events
    python benchmarks/store_bench.py --sizes 10000 100000     # some sizes
    python benchmarks/store_bench.py --formats plover-jsonl   # fewer exports (each is a pass over the store)
    python benchmarks/store_bench.py --no-http --json out.json

Each size's store is built once by benchmarks/synthetic.py through `Store.ingest_many` (copies and incidents
linked in each batch's transaction, as at ingest) and cached in $TMPDIR. Then, per size:
- every export format, as `eventwire export` in a child process: wall time and peak RSS (the child's VmHWM);
- `eventwire events --type ASSAULT --country SDN --since 2025-01-01` as a table and as CSV (wall time,
  Python's start included);
- p50/p95 of the main filtered queries through the store API (`Store.select`, first 50 rows in the store's
  order) with the plan each one took, and the time to read every match;
- over HTTP (benchmarks/api_bench.py): p50/p95 of /events pages, /stats and the UI's first view.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import api_bench  # noqa: E402
import synthetic  # noqa: E402

from eventwire.store import open_store, query  # noqa: E402
from eventwire.store.query import EventFilter  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
FORMATS = ("plover-jsonl", "csv", "geojson", "parquet", "acled-csv", "phoenix-tsv")
CLI_QUERY = ["--type", "ASSAULT", "--country", "SDN", "--since", "2025-01-01"]
# The child reports its own peak RSS: a forked child's rusage also counts the pages of its parent.
PEAK = ("import atexit, sys; atexit.register(lambda: sys.stderr.write(next(line for line in"
        " open('/proc/self/status') if line.startswith('VmHWM')))); from eventwire.cli import run; run()")


def queries(path: Path) -> dict[str, EventFilter]:
    """The main filters, with an actor, incident and month that exist in this store."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    incident = conn.execute("SELECT incident_id FROM incident_members WHERE rowid % 97 = 0"
                            " GROUP BY incident_id ORDER BY count(*) DESC, incident_id LIMIT 1").fetchone()
    conn.close()
    return {
        "type + country + since": EventFilter(type=("ASSAULT",), country="SDN", since="2025-01-01"),
        "actor name (Kataib Hezbollah)": EventFilter(actor="Kataib Hezbollah"),
        "actor country + recipient country": EventFilter(actor_country="SYR", recipient_country="TUR"),
        "date range (one month)": EventFilter(since="2024-06-01", until="2024-06-30"),
        "bounding box": EventFilter(bbox=(20.0, 0.0, 40.0, 20.0)),
        "text + min confidence": EventFilter(q="attacked", min_confidence=0.9),
        "incident": EventFilter(incident=incident[0] if incident else "none"),
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _child(args: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, stderr) of one `eventwire` command."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=True)
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.rsplit("VmHWM:", 1)[1].split()[0])
    return seconds, round(peak_kb / 1024), done.stderr


def bench_exports(path: Path, formats: tuple[str, ...]) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            target = Path(tmp) / fmt
            seconds, peak, _ = _child(["export", "--db", str(path), "-f", fmt, "-o", str(target)])
            size = sum(f.stat().st_size for f in target.iterdir()) if target.is_dir() else target.stat().st_size
            out.append({"format": fmt, "seconds": round(seconds, 1), "peak_rss_mb": peak, "bytes": size})
            print(f"  export {fmt:13} {seconds:8.1f} s  peak RSS {peak:5} MB  {size / 2**20:8.0f} MiB", file=sys.stderr)
            if target.is_file():  # a 1,000,000-event export is gigabytes: one at a time on disk
                target.unlink()
    return out


def bench_cli(path: Path, repeat: int = 3) -> list[dict]:
    out = []
    for fmt in ("table", "csv"):
        runs = [_child(["events", "--db", str(path), *CLI_QUERY, "--format", fmt]) for _ in range(repeat)]
        best = min(r[0] for r in runs)
        out.append({"command": f"eventwire events {' '.join(CLI_QUERY)} --format {fmt}", "best_seconds": round(best, 2),
                    "peak_rss_mb": max(r[1] for r in runs)})
        print(f"  events --format {fmt:5} best of {repeat}: {best:.2f} s (Python's start included)", file=sys.stderr)
    return out


def bench_store_queries(path: Path, repeat: int) -> list[dict]:
    out = []
    with open_store(path) as store:
        for name, flt in queries(path).items():
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                rows = list(store.select(flt, limit=50))
                times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            matches = sum(1 for _ in store.select(flt))
            every = time.perf_counter() - started
            strategy = query.plan_events(store.conn, flt, 50).strategy
            row = {"query": name, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(_pct(times, 0.95), 1),
                   "plan": strategy, "matches": matches, "all_matches_s": round(every, 2), "first_rows": len(rows)}
            out.append(row)
            print(f"  store {name:36} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  [{strategy}]"
                  f"  {matches:,} matches read in {every:.2f} s", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each store query")
    parser.add_argument("--http-repeat", type=int, default=20, help="requests per HTTP event query")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures: dict = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "sizes": {}}
    for size in args.sizes:
        path = synthetic.store_path(size)
        if not path.exists():
            synthetic.build_store(path, size)
        with open_store(path) as store:  # migrates an older cached store before anything is timed
            counts = store.conn.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles),"
                                        " (SELECT count(*) FROM incidents)").fetchone()
        print(f"store: {counts[0]:,} events, {counts[1]:,} articles, {counts[2]:,} incidents,"
              f" {os.path.getsize(path) / 2**30:.2f} GiB ({path})", file=sys.stderr)
        result: dict = {"events": counts[0], "articles": counts[1], "incidents": counts[2],
                        "bytes": os.path.getsize(path)}
        result["store_queries"] = bench_store_queries(path, args.repeat)
        result["cli"] = bench_cli(path)
        if not args.no_export:
            result["exports"] = bench_exports(path, tuple(args.formats))
        if not args.no_http:
            result["http"] = api_bench.measure(path, args.http_repeat)
        figures["sizes"][size] = result
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
