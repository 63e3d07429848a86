"""Exports from a real store: memory does not grow with the number of events (every format streams), the
streamed GeoJSON is the GeoJSON, and magnitudes travel from the coder to the store to Parquet and ACLED."""

from __future__ import annotations

import csv
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from eventwire import export
from eventwire.formats import acled, parquet, phoenix
from eventwire.model import Article
from eventwire.store import query, summary
from eventwire.store.sqlite import Store
from varied import varied_store

SMALL, LARGE = 600, 2_400  # events; the large store holds four times as many
CHUNK = 100  # rows per chunk while measuring, so that both sizes are many chunks and the test is quick


def _grow(store: Store, events: int) -> None:
    """Copy the store's articles under new ids (SQL, one transaction) until it holds about `events` events,
    then recount: a big real store in a second, where coding or linking that many would take minutes."""
    seed = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    tables = {t: [r[1] for r in store.conn.execute(f"PRAGMA table_info({t})")]
              for t in ("articles", "events", "event_actors", "event_magnitudes")}
    renamed = {"articles": {"id", "content_hash"}, "events": {"id", "article_id"},
               "event_actors": {"event_id"}, "event_magnitudes": {"event_id"}}
    store.conn.execute("BEGIN")
    for copy in range(1, -(-events // seed)):
        for table, columns in tables.items():
            values = ", ".join(f'"{c}" || \'~{copy}\'' if c in renamed[table] else f'"{c}"' for c in columns)
            names = ", ".join(f'"{c}"' for c in columns)
            store.conn.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table}"
                               f" WHERE {'id' if table in ('articles', 'events') else 'event_id'} NOT LIKE '%~%'")
    summary.rebuild(store.conn)
    store.conn.execute("COMMIT")


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[int, Store]:
    out = {}
    for size in (SMALL, LARGE):
        store = varied_store(tmp_path_factory.mktemp(f"export{size}") / "store.db", n_articles=40)
        _grow(store, size)
        out[size] = store
    yield out
    for store in out.values():
        store.close()


def _plover(store, out):
    export.write_plover_jsonl(store.iter_events(), out)


def _csv(store, out):
    export.to_csv(store.iter_events(), out)


def _geojson(store, out):
    export.write_geojson(store.iter_events(), out)


def _acled(store, out):
    acled.write_acled_csv(store.iter_events(), out)


def _phoenix(store, out):
    phoenix.write_phoenix_tsv(store.iter_events(), out)


def _parquet(store, out):
    parquet.write_parquet(store.iter_events(), out.directory, store=store)


class _Sink(io.TextIOBase):
    """A text file that keeps nothing (what was written must not count as memory)."""

    directory: Path

    def write(self, text: str) -> int:
        return len(text)


def _peak(store: Store, write, directory: Path, monkeypatch) -> int:
    monkeypatch.setattr(query, "CHUNK", CHUNK)
    monkeypatch.setattr(parquet, "CHUNK", CHUNK)
    sink = _Sink()
    sink.directory = directory
    tracemalloc.start()
    try:
        write(store, sink)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("write", [_plover, _csv, _geojson, _acled, _phoenix, _parquet],
                         ids=["plover-jsonl", "csv", "geojson", "acled-csv", "phoenix-tsv", "parquet"])
def test_export_memory_does_not_grow_with_the_store(stores, write, tmp_path: Path, monkeypatch) -> None:
    counts = {size: s.conn.execute("SELECT count(*) FROM events").fetchone()[0] for size, s in stores.items()}
    assert counts[LARGE] >= 3.5 * counts[SMALL]
    small = _peak(stores[SMALL], write, tmp_path / "small", monkeypatch)
    large = _peak(stores[LARGE], write, tmp_path / "large", monkeypatch)
    # Proportional memory would be 4x; a stream holds one chunk of rows whatever the size.
    assert large < small * 1.25 + 100_000, (small, large)


def test_export_streamed_geojson_is_the_geojson(stores) -> None:
    store = stores[SMALL]
    out = io.StringIO()
    events, skipped = export.write_geojson(store.iter_events(), out)
    assert json.loads(out.getvalue()) == export.to_geojson(store.iter_events())
    assert events == len(store.events()) and 0 < skipped < events
    empty = io.StringIO()
    export.write_geojson([], empty)
    assert json.loads(empty.getvalue()) == export.to_geojson([])


def test_export_parquet_carries_magnitudes(stores, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    store = stores[SMALL]
    parquet.write_parquet(store.iter_events(type="ASSAULT"), tmp_path, store=store)
    table = pq.read_table(tmp_path / "events.parquet").to_pylist()
    rows = {r["id"]: r for r in store.iter_events(type="ASSAULT")}
    killed = [r for r in table if rows[r["id"]]["magnitudes"].get("killed")]
    assert killed and all(r["killed_min"] == rows[r["id"]]["magnitudes"]["killed"]["min"] for r in killed)
    assert all(r["killed_min"] is None and r["injured_min"] is None for r in table if r not in killed)


def test_export_acled_fatalities_from_a_coded_text(coder, tmp_path: Path) -> None:
    """Coded, stored, exported: "at least 20 people were killed" is 20 fatalities; no count, no figure."""
    text = ("Gunmen attacked a village in Zamfara state in northern Nigeria on Sunday, and at least 20 people were "
            "killed, police said.\nSeparately, soldiers attacked a rebel camp near Gusau on Monday.")
    with Store(tmp_path / "coded.db") as store:
        store.ingest(coder.code(Article(id="zamfara-1", text=text, published="2025-03-04")))
        stored = store.events(type="ASSAULT")
        assert any(r["magnitudes"].get("killed", {}).get("min") == 20 for r in stored)
        out = io.StringIO()
        acled.write_acled_csv(store.iter_events(), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    tolls = {r["eventwire_id"]: r["fatalities"] for r in rows}
    assert tolls and set(tolls.values()) <= {"20", ""}
    assert any(v == "20" for v in tolls.values())
    assert all(tolls[r["id"]] == ("20" if r["magnitudes"].get("killed") else "") for r in stored if r["id"] in tolls)


def test_export_rss_of_a_real_export_command(stores, tmp_path: Path) -> None:
    """The CLI export of the large store in a child process: its peak RSS (VmHWM, read by the child itself:
    a forked child's rusage counts its parent's pages) is far below what holding the rows would take (a
    sanity bound; the benchmark measures 1,000,000 events)."""
    import subprocess
    import sys

    store = stores[LARGE]
    out = tmp_path / "events.jsonl"
    code = ("import atexit, sys; atexit.register(lambda: sys.stderr.write(next(line for line in"
            " open('/proc/self/status') if line.startswith('VmHWM')))); from eventwire.cli import run; run()")
    done = subprocess.run([sys.executable, "-c", code, "export", "--db", store.path, "-f", "plover-jsonl",
                           "-o", str(out)], capture_output=True, text=True, check=True)
    peak_kb = int(done.stderr.rsplit("VmHWM:", 1)[1].split()[0])
    assert sum(1 for _ in out.open(encoding="utf-8")) == store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert peak_kb * 1024 < 250 * 2**20, peak_kb
