"""`kill -9` a real `eventwire ingest` at random points, run the same command again: the store is sound
(PRAGMA integrity_check), every article is stored once and whole, and nothing is missing."""

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


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def check_store(db: Path) -> tuple[int, int]:
    """Integrity, no orphan rows, and each article's rows match its own document; (articles, events)."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for article_id, document in conn.execute("SELECT id, document FROM articles"):
        doc = json.loads(document)
        events = conn.execute("SELECT count(*) FROM events WHERE article_id = ?", (article_id,)).fetchone()[0]
        quotes = conn.execute("SELECT count(*) FROM quotes WHERE article_id = ?", (article_id,)).fetchone()[0]
        assert (events, quotes) == (len(doc["events"]), len(doc["quotes"])), article_id
    counts = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT id) FROM articles),"
                          " (SELECT count(*) FROM events)").fetchone()
    conn.close()
    assert counts[0] == counts[1]
    return counts[0], counts[2]


@pytest.mark.slow
def test_ingest_killed_at_random_points_resumes_without_duplicates(tmp_path):
    corpus, db, options = tmp_path / "news.jsonl", tmp_path / "events.db", tmp_path / "options.toml"
    expected = write_corpus(corpus, copies=8)
    options.write_text("[ingest]\nwrite_batch = 3\n[pipeline]\nbatch_size = 2\n", encoding="utf-8")
    command = [str(EVENTWIRE), "--options", str(options), "ingest", str(corpus), "--db", str(db), "--quiet"]
    rng = random.Random(13)
    kills = 0
    for _ in range(2):  # two interrupted runs, each killed a random moment after it began storing
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = stored_articles(db)
        deadline = time.monotonic() + 60
        while process.poll() is None and stored_articles(db) <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.6))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        done, _ = check_store(db)
        assert before <= done <= expected
    assert kills >= 1
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    articles, events = check_store(db)
    assert articles == expected and events > expected
