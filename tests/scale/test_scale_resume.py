"""Crash safety (issue #14, item 6): `kill -9` a real `eventwire ingest` at random points, run the same
command again: the store is sound (PRAGMA integrity_check), every article is stored once and whole, and
nothing is missing; two ingests writing one store at the same time lose nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import check_store, stored_articles

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EVENTWIRE = Path(sys.executable).with_name("eventwire")


def write_corpus(path: Path, copies: int) -> int:
    """`copies` variants of each sample wire report (another id and day, so another content hash)."""
    records = [json.loads(line) for line in (SAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines()]
    with path.open("w", encoding="utf-8") as fh:
        for n in range(copies):
            for record in records:
                fh.write(json.dumps({**record, "id": f"{record['id']}-{n}",
                                     "published": f"2025-05-{n + 1:02d}"}) + "\n")
    return copies * len(records)


def _sound_if_begun(db: Path) -> int:
    """Articles in the store; a store killed before its schema was written holds nothing to check."""
    if stored_articles(db) == 0:
        return 0
    return check_store(db)[0]


@pytest.mark.slow
def test_ingest_killed_at_random_points_resumes_without_duplicates(tmp_path):
    corpus, db, options = tmp_path / "news.jsonl", tmp_path / "events.db", tmp_path / "options.toml"
    expected = write_corpus(corpus, copies=8)
    options.write_text("[ingest]\nwrite_batch = 3\n[pipeline]\nbatch_size = 2\n", encoding="utf-8")
    command = [str(EVENTWIRE), "--options", str(options), "ingest", str(corpus), "--db", str(db), "--quiet"]
    rng = random.Random(13)
    kills = 0
    # Three interrupted runs: one killed at a random moment of its start (loading, reading, the first batch,
    # perhaps its first commit), two a random moment after they began storing.
    for moment in ("start", "storing", "storing"):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = stored_articles(db)
        if moment == "start":
            time.sleep(rng.uniform(0.5, 4.0))
        else:
            deadline = time.monotonic() + 60
            while process.poll() is None and stored_articles(db) <= before and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.6))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        assert before <= _sound_if_begun(db) <= expected  # whole articles only, none twice
    assert kills >= 2
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    articles, events = check_store(db)
    assert articles == expected and events > expected
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0


@pytest.mark.slow
def test_two_ingests_into_one_store_at_the_same_time_lose_nothing(tmp_path):
    """Two `eventwire ingest` processes write one store at once (small write batches, so their
    transactions interleave), on inputs that overlap: every article is stored once, none is lost."""
    first, second, db = tmp_path / "first.jsonl", tmp_path / "second.jsonl", tmp_path / "events.db"
    records = [json.loads(line) for line in (SAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines()]
    variants = {n: [{**r, "id": f"{r['id']}-{n}", "published": f"2025-06-{n + 1:02d}"} for r in records]
                for n in range(9)}
    for path, copies in ((first, range(0, 6)), (second, range(3, 9))):  # copies 3-5 in both
        path.write_text("".join(json.dumps(r) + "\n" for n in copies for r in variants[n]), encoding="utf-8")
    options = tmp_path / "options.toml"
    options.write_text("[ingest]\nwrite_batch = 2\n[pipeline]\nbatch_size = 2\n", encoding="utf-8")
    commands = [[str(EVENTWIRE), "--options", str(options), "ingest", str(path), "--db", str(db), "--quiet"]
                for path in (first, second)]
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (_, err) in zip(processes, outputs):
        assert process.returncode == 0, err
        assert " 0 failed" in err and "Traceback" not in err, err
    articles, _ = check_store(db)
    assert articles == 9 * len(records)
    with sqlite3.connect(db) as conn:
        ids = {row[0] for row in conn.execute("SELECT id FROM articles")}
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    assert ids == {r["id"] for rs in variants.values() for r in rs}
