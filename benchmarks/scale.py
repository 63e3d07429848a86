"""Scale: ingest generated articles one process, with `--processes 2`, and on Dask with 2 local workers;
and the store's write rate when it holds few and many articles.

    python benchmarks/scale.py [--articles 5000] [--small 1000] [--large 100000] [--json]

Articles are variants of the bundled samples (another id, date and closing sentence each, so every one has
its own content hash and is coded). Each mode ingests into a fresh store through `eventwire.ingest` with
the packaged options (write_batch 32). Reported per mode: articles/s over the ingest (loading excluded and
shown apart), articles per day at that rate, peak RSS per process (sampled every 0.2 s with psutil), and the
ratio to spaCy parse-only on the same texts. The growth test writes coded articles straight to a store that
already holds `--small`, then `--large`, articles (a feed of distinct articles, 137 a day in the order of
their days as a live feed has them, one in ten a re-publication), and reports both write rates.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import string
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import psutil

from eventwire import __version__
from eventwire.ingest import ingest
from eventwire.model import Article, CodedArticle, Failure
from eventwire.read import read_paths
from eventwire.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DAY = 86400
ARTICLES_PER_DAY = 137  # the growth feed's rate: 100,000 stored articles are two years of it


def generated(count: int) -> list[Article]:
    base = [a for a in read_paths([SAMPLES]) if not isinstance(a, Failure)]
    out = []
    for n in range(count):
        art = base[n % len(base)]
        text = f"{art.text}\n\nThis is report number {n} of the benchmark series."
        out.append(replace(art, id=f"{art.id}-{n}", text=text, warnings=list(art.warnings)))
    return out


class PeakRss:
    """Peak resident memory of this process and each descendant, sampled in a thread."""

    def __init__(self):
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = psutil.Process()
        while not self._stop.is_set():
            for proc in [me, *me.children(recursive=True)]:
                try:
                    self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), proc.memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self, main_pid: int) -> dict[str, float]:
        workers = [v for pid, v in self.peaks.items() if pid != main_pid]
        return {"main_mb": round(self.peaks.get(main_pid, 0) / 2**20),
                "worker_max_mb": round(max(workers) / 2**20) if workers else None}


def run_mode(name: str, articles: list[Article], make_coder) -> dict:
    with tempfile.TemporaryDirectory() as tmp, PeakRss() as rss:
        started = time.perf_counter()
        coder = make_coder()
        loaded = time.perf_counter() - started
        with open_store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            report = ingest(articles, store, coder)
            seconds = time.perf_counter() - t0
        if hasattr(coder, "close"):
            coder.close()
    rate = len(articles) / seconds
    return {"mode": name, "articles": len(articles), "inserted": report.inserted,
            "failures": len(report.failures), "load_s": round(loaded, 1), "seconds": round(seconds, 1),
            "articles_per_s": round(rate, 2), "articles_per_day": int(rate * DAY), **rss.summary(os.getpid())}


def parse_only(coder, articles: list[Article]) -> float:
    t0 = time.perf_counter()
    for _ in coder.nlp.pipe((a.text for a in articles), batch_size=coder.options.batch_size):
        pass
    return len(articles) / (time.perf_counter() - t0)


def _shift(value: str | None, days: int) -> str | None:
    """An ISO date (or year-month, or year) moved by `days`, at its own precision."""
    if not value or not value[:4].isdigit():
        return value
    written = value[:10]
    first_day = {4: f"{written}-01-01", 7: f"{written}-01"}.get(len(written), written)
    moved = date.fromisoformat(first_day) + timedelta(days=days)
    return moved.isoformat()[:len(written)] + value[10:]


def stream_variant(seeds: list[CodedArticle], n: int, rng: random.Random) -> CodedArticle:
    """Article n of a realistic stream made from coded seeds: its own words (the seed's letters
    permuted, so offsets hold and no two variants are copies), dates moved to its day of the feed (137
    articles a day, 50,000 a year: a store grows in time, not denser); one in
    ten re-publishes an earlier article of the stream word for word (syndication), under its own id."""
    variant = rng.randrange(n) if n >= 10 and rng.random() < 0.1 else n
    seed, own = seeds[variant % len(seeds)], random.Random(variant)
    letters = list(string.ascii_lowercase)
    own.shuffle(letters)
    scramble = str.maketrans(string.ascii_lowercase, "".join(letters))
    text = seed.article.text.translate(scramble)
    days = variant // ARTICLES_PER_DAY + own.randrange(2)
    art = replace(seed.article, id=f"g{n}", text=text, url=f"https://outlet{n % 97}.example.org/{n}",
                  published=_shift(seed.article.published or "2024-01-01", days))
    # each of the seed's towns becomes one of 5,000 sites of its country: the seeds' events do not recur
    # at one town day after day (countries and provinces do, as in real reporting)
    sites = {}
    for place in seed.places:
        if place.geonameid is not None and place.geonameid not in sites and place.feature in ("site", "city", "admin2"):
            k = own.randrange(5000)
            sites[place.geonameid] = {"geonameid": 10**8 + k, "name": f"Site {k}", "lat": (k % 100) * 0.9 - 45,
                                      "lon": (k // 100) * 3.5 - 85, "admin1": f"Area {k // 50}"}

    def moved(place):
        return replace(place, **sites[place.geonameid]) if place and place.geonameid in sites else place

    events = [replace(e, location=moved(e.location), text=e.text.translate(scramble),
                      date=e.date and replace(e.date, start=_shift(e.date.start, days), end=_shift(e.date.end, days)))
              for e in seed.events]
    return replace(seed, article=art, events=events, places=[moved(p) for p in seed.places])


def growth(coder, small: int, large: int, probe: int = 500) -> dict:
    """Write rate of `probe` coded articles into a store of `small`, then of `large`, articles, through
    `Store.ingest_many` with its copy detection and incident linking (a realistic stream: see
    `stream_variant`)."""
    seeds = list(coder.code_many(generated(16)))
    seeds = [s for s in seeds if not isinstance(s, Failure)]
    rng = random.Random(5)

    def stream(start: int, count: int):
        for n in range(start, start + count):
            yield stream_variant(seeds, n, rng)

    def timed_write(store, start: int) -> float:
        batch = list(stream(start, probe))
        t0 = time.perf_counter()
        for i in range(0, len(batch), 32):
            store.ingest_many(batch[i:i + 32])
        return probe / (time.perf_counter() - t0)

    out = {}
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "grow.db") as store:
        stored = 0
        for size in (small, large):
            while stored < size:  # fill without timing
                chunk = list(stream(stored, min(500, size - stored)))
                store.ingest_many(chunk)
                stored += len(chunk)
            out[f"writes_per_s_at_{size}"] = round(timed_write(store, stored), 1)
            stored += probe
        out["db_mb"] = round(os.path.getsize(Path(tmp) / "grow.db") / 2**20)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100000)
    parser.add_argument("--modes", default="single,processes,dask")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--growth-only", action="store_true", help="only the store's write rate as it grows")
    args = parser.parse_args()

    from eventwire.pipeline import Coder

    if args.growth_only:
        print("store writes/s:", growth(Coder(), args.small, args.large))
        return 0
    articles = generated(args.articles)
    modes = args.modes.split(",")
    results = []
    coder = None
    if "single" in modes or "processes" in modes:
        coder = Coder()
    if "single" in modes:
        results.append(run_mode("one process", articles, lambda: coder))
    if "processes" in modes:
        from eventwire.executors.processes import ProcessCoder

        results.append(run_mode("--processes 2", articles, lambda: ProcessCoder(coder, processes=2)))
    if "dask" in modes:
        from eventwire.executors.dask import DaskCoder

        results.append(run_mode("dask, 2 local workers", articles, lambda: DaskCoder(workers=2)))
    coder = coder or Coder()
    parse = parse_only(coder, articles[: min(len(articles), 1000)])
    for r in results:
        r["ratio_to_parse_only"] = round(r["articles_per_s"] / parse, 2)
    summary = {"eventwire": __version__, "python": platform.python_version(), "cpus": os.cpu_count(),
               "parse_only_articles_per_s": round(parse, 2), "modes": results,
               "growth": growth(coder, args.small, args.large)}
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    print(f"eventwire {__version__}, Python {summary['python']}, {summary['cpus']} CPUs; "
          f"spaCy parse only {parse:.1f} articles/s")
    print(f"{'mode':<24}{'art/s':>8}{'per day':>10}{'load s':>8}{'main MB':>9}{'worker MB':>10}{'vs parse':>9}")
    for r in results:
        print(f"{r['mode']:<24}{r['articles_per_s']:>8}{r['articles_per_day']:>10}{r['load_s']:>8}"
              f"{r['main_mb']:>9}{str(r['worker_max_mb'] or '-'):>10}{r['ratio_to_parse_only']:>9}")
    print("store writes/s:", summary["growth"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
