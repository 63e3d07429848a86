"""`kill -9` a real `eventwire ingest` at random points, run the same command again: the store is sound
(PRAGMA integrity_check), every article is stored once and whole, and nothing is missing."""

from __future__ import annotations

import json
import os
import random
import signal
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
