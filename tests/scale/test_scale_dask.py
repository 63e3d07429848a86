"""The executors store byte-identical rows to the single-process path: Dask on a real LocalCluster (2 worker
processes), and forked whole-article processes (`--processes 2`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from eventwire.ingest import ingest
from eventwire.read import read_paths
from eventwire.store import open_store

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TABLES = {"events": "id", "event_actors": "event_id, role, seq", "quotes": "id", "places": "article_id, id"}


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every coded row, without the per-run columns (coded_at, autoincrement ids)."""
    conn = sqlite3.connect(path)
    out = {table: conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
           for table, order in TABLES.items()}
    out["places"] = [row[1:] for row in out["places"]]  # drop the INTEGER PRIMARY KEY
    out["documents"] = conn.execute("SELECT id, content_hash, document FROM articles ORDER BY id").fetchall()
    conn.close()
    return out


@pytest.mark.slow
def test_dask_executor_stores_the_same_events_as_one_process(coder, tmp_path):
    from eventwire.executors.dask import DaskCoder

    articles = [a for a in read_paths([SAMPLES]) if not hasattr(a, "error")]
    with open_store(tmp_path / "one.db") as store:
        single = ingest(articles, store, coder, write_batch=3)
    with DaskCoder(workers=2, batch_size=2, options=coder.options) as dask_coder, \
            open_store(tmp_path / "dask.db") as store:
        assert dask_coder.workers == 2
        distributed = ingest(articles, store, dask_coder, write_batch=3)
    assert single.inserted == distributed.inserted == len(articles) > 4
    one, many = dump(tmp_path / "one.db"), dump(tmp_path / "dask.db")
    assert len(one["events"]) > 10
    assert one == many


@pytest.mark.slow
def test_forked_processes_store_the_same_events_as_one_process(coder, tmp_path):
    from eventwire.executors.processes import ProcessCoder

    articles = [a for a in read_paths([SAMPLES]) if not hasattr(a, "error")]
    with open_store(tmp_path / "one.db") as store:
        ingest(articles, store, coder)
    with open_store(tmp_path / "two.db") as store:
        report = ingest(articles, store, ProcessCoder(coder, processes=2, batch_size=2))
    assert report.inserted == len(articles)
    assert dump(tmp_path / "one.db") == dump(tmp_path / "two.db")
