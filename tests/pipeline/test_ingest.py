"""The ingest path (read -> hash check -> code -> store) on a real Coder and a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.ingest import ingest, ingest_paths
from eventwire.model import Failure
from eventwire.read import Metadata, article_from_text
from eventwire.store import open_store

pytestmark = pytest.mark.slow

REPORT = ("Rebels attacked an army base near Kidal on Sunday, killing four soldiers, the army said.\n\n"
          "The defence ministry condemned the attack.")


def article(text: str = REPORT, id: str = "mali-1"):
    return article_from_text(text, id, Metadata(published="2025-03-10", id=id), headers=False)


class CountingCoder:
    """The real coder, counting what it is asked to code (ingest must not re-code stored content)."""

    def __init__(self, coder):
        self.coder, self.coded = coder, []

    def code_many(self, articles, batch_size=None, n_process=None):
        def seen(stream):
            for a in stream:
                self.coded.append(a.id)
                yield a
        return self.coder.code_many(seen(articles), batch_size=batch_size, n_process=n_process)


def test_ingest_stores_then_skips_stored_content_before_coding(coder, tmp_path: Path) -> None:
    counting = CountingCoder(coder)
    with open_store(tmp_path / "e.db") as store:
        first = ingest([article(), article(REPORT.replace("four", "five"), "mali-2")], store, counting)
        again = ingest([article(), article(REPORT.replace("four", "five"), "mali-2")], store, counting)
        assert (first.inserted, first.unchanged, first.failures) == (2, 0, [])
        assert (again.inserted, again.unchanged) == (0, 2)
        assert counting.coded == ["mali-1", "mali-2"]  # the second run coded nothing
        assert store.stats()["articles"] == 2


def test_ingest_builds_the_coder_only_when_something_needs_coding(coder, tmp_path: Path) -> None:
    built = []

    def factory():
        built.append(1)
        return coder

    with open_store(tmp_path / "e.db") as store:
        ingest([article()], store, factory)
        ingest([article()], store, factory)
    assert built == [1]


def test_ingest_records_failures_with_their_stage_and_goes_on(coder, tmp_path: Path) -> None:
    bad = Failure("feed.jsonl:3", "not JSON: Expecting value (column 1)")
    with open_store(tmp_path / "e.db") as store:
        report = ingest([bad, article()], store, coder)
        rows = store.failures()
    assert report.inserted == 1 and report.failures == [bad]
    assert [(r["origin"], r["stage"]) for r in rows] == [("feed.jsonl:3", "read")]


def test_ingest_a_coding_failure_names_its_stage(coder, tmp_path: Path) -> None:
    class Broken:
        """A coder whose events stage fails on one article, as a bug would."""

        def code_many(self, articles, batch_size=None, n_process=None):
            for a in articles:
                yield Failure(a.id, "internal error: boom", stage="events") if a.id == "bad" else coder.code(a)

    with open_store(tmp_path / "e.db") as store:
        report = ingest([article(id="bad"), article(REPORT + " More.", "good")], store, Broken())
        assert report.inserted == 1
        assert [(f.origin, f.stage) for f in report.failures] == [("bad", "events")]
        assert store.failures()[0]["stage"] == "events"


def test_ingest_paths_reads_files_and_event_ids_match_the_json_output(coder, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "mali-1", "published": "2025-03-10", "text": REPORT}) + "\nnot json\n",
                   encoding="utf-8")
    with open_store(tmp_path / "e.db") as store:
        report = ingest_paths([src], store, coder)
        stored = [r["id"] for r in store.events()]
    assert report.inserted == 1 and len(report.failures) == 1 and report.failures[0].origin.endswith("in.jsonl:2")
    json_ids = [e.id for e in coder.code(article()).events]
    assert stored == json_ids and stored and all(i.startswith("mali-1-e") for i in stored)
