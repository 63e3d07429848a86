"""The hostile corpus (issue #14, scripts/hostile_corpus.py) through the real `eventwire` command: `ingest` of
every case in a few batches, each batch mixed with valid articles, and `code` on a sample, each subprocess
under a CPU-time and memory cap. Whatever the input: exit status 0 or 1, no traceback, every error line
names its input, the valid articles of the batch stored exactly once, the store sound.

The corpus is generated at a tenth of the issue's sizes so that this stays a few minutes on 2 cores;
`make bench-hostile` runs it at full size with timings (docs/limits.md).
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support import check_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts import hostile_corpus  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.hostile]

EVENTWIRE = Path(sys.executable).with_name("eventwire")
SCALE = 0.1
CPU_SECONDS = 400  # per subprocess (a batch of about 90 cases, most refused or tiny)
MEMORY_BYTES = 4 * 2**30  # address space: the loaded coder maps about 2 GB, a runaway document more
WALL_SECONDS = 900
# The batches: kinds of case coded together in one `eventwire ingest`.
BATCHES = {
    "shapes": {"sentence", "nesting", "places", "coordination", "sentences", "size", "dates", "at-limit"},
    "bytes": {"encoding", "binary", "html", "jsonl", "special", "small"},
    "marks": {"quotes", "characters"},
}
VALID = ("{place}, May {day} - Rebels shelled an army base near {place} on Sunday, killing {n} soldiers, the "
         "army said. The defence ministry condemned the attack and vowed to respond.")
PLACES = ["El Fasher", "Nyala", "Kassala", "Geneina", "Goma", "Bukavu", "Kharkiv", "Idlib"]


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(EVENTWIRE), *args], capture_output=True, text=True, errors="replace",
                          timeout=WALL_SECONDS, preexec_fn=_capped)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("hostile")
    return out, hostile_corpus.write(out, SCALE)


def _valid_articles(folder: Path, batch: str) -> list[str]:
    """A JSONL file and two text files of ordinary reports, their ids unique to the batch."""
    ids, lines = [], []
    for n, place in enumerate(PLACES):
        ids.append(f"{batch}-valid-{n}")
        lines.append(json.dumps({"id": ids[-1], "published": f"2025-05-{n + 4:02d}",
                                 "text": VALID.format(place=place, day=n + 3, n=n + 2)}))
    (folder / f"{batch}-valid.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for n in (0, 1):
        ids.append(f"{batch}-text-{n}")
        (folder / f"{batch}-valid-{n}.txt").write_text(
            f"ID: {ids[-1]}\nPublished: 2025-06-0{n + 1}\n\n" + VALID.format(place=PLACES[n], day=9, n=n + 11),
            encoding="utf-8")
    return ids


def _failure_lines(stderr: str) -> list[str]:
    return [line.strip()[2:] for line in stderr.splitlines() if line.strip().startswith("x ")]


def _names_an_input(line: str, inputs: set[str]) -> bool:
    origin = line.split(": ", 1)[0]
    return origin in inputs or origin.rsplit(":", 1)[0] in inputs  # a file, or file:line of a JSONL file


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_hostile_ingest_batch_stores_the_valid_articles_once_and_names_every_failure(corpus, tmp_path, batch):
    folder, manifest = corpus
    cases = [entry for entry in manifest if entry["kind"] in BATCHES[batch]]
    assert cases, batch
    inputs = [str(folder / entry["file"]) for entry in cases]
    valid = _valid_articles(tmp_path, batch)
    inputs += [str(p) for p in sorted(tmp_path.glob(f"{batch}-valid*"))]
    db = tmp_path / "store.db"

    done = run("ingest", *inputs, "--db", str(db), "--quiet")

    output = done.stdout + done.stderr
    assert done.returncode in (0, 1), output[-2000:]
    assert "Traceback" not in output and "internal error" not in output, output[-3000:]
    failures = _failure_lines(done.stderr)
    unnamed = [line for line in failures if not _names_an_input(line, set(inputs))]
    assert not unnamed, unnamed[:5]
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute(
            f"SELECT id, count(*) FROM articles WHERE id IN ({','.join('?' * len(valid))}) GROUP BY id", valid))
        recorded = conn.execute("SELECT origin, stage, error FROM failures").fetchall()
    assert stored == {article_id: 1 for article_id in valid}
    assert len(recorded) == len(failures)  # each failure printed is a row of the failures table
    assert all(_names_an_input(origin, set(inputs)) and stage and error for origin, stage, error in recorded)
    check_store(db)


# A sample for `eventwire code` (no store, no language filter: every readable case reaches the coder).
CODE_SAMPLE = ["fifo-no-writer", "dev-zero", "jsonl-huge-field", "jsonl-deep-nesting", "jsonl-huge-int",
               "date-jsonl-2024-02-30", "over-max-length", "word-sentence-at-limit", "place-list-at-limit",
               "quote-marks-at-limit", "ctl-nel-at-limit", "nested-said-that", "html-entities",
               "emoji-zwj-sequences", "bin-random", "enc-utf-16", "q-every-paragraph-opens", "zalgo",
               "ctl-escape-sequences", "jsonl-lone-surrogate"]


def test_hostile_code_sample_prints_documents_or_one_line_per_failure(corpus):
    folder, manifest = corpus
    by_name = {entry["name"]: entry for entry in manifest}
    paths = [str(folder / by_name[name]["file"]) for name in CODE_SAMPLE]

    done = run("code", *paths, "--format", "jsonl")

    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr and "internal error" not in done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error ")]
    assert all(_names_an_input(line[len("error "):], set(paths)) for line in errors), errors
    named = {line[len("error "):].split(": ", 1)[0].rsplit(":", 1)[0] for line in errors} | {
        line[len("error "):].split(": ", 1)[0] for line in errors}
    for name in ("fifo-no-writer", "dev-zero", "over-max-length", "jsonl-deep-nesting", "date-jsonl-2024-02-30"):
        assert str(folder / by_name[name]["file"]) in named, name
    assert len(documents) >= 8  # the readable ones were coded (the pathological texts at the limits too)
    assert all(d["article"]["text"] for d in documents)
