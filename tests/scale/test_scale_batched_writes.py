"""Batched writes: several articles in one transaction, each whole or not at all (its own savepoint)."""

from __future__ import annotations

from eventwire.errors import StoreError
from eventwire.model import Article, CodedArticle, Entity, Event
from eventwire.store import open_store


def coded(n: int, confidence: float = 0.9) -> CodedArticle:
    article = Article(id=f"a{n}", text=f"Rebels attacked the town number {n} on Sunday.", published="2025-03-09")
    event = Event(id=f"a{n}-e1", type="ASSAULT", mode=None, contexts=[],
                  actors=[Entity(name="rebels", text="Rebels", sector="REB")], recipients=[], location=None,
                  date=None, factuality="asserted", claimed_by=None, sentence=0, start=0, end=14,
                  text="Rebels attacked", confidence=confidence)
    return CodedArticle(article=article, events=[event])


def test_store_ingest_many_writes_the_batch_and_rolls_back_only_the_bad_article(tmp_path):
    with open_store(tmp_path / "e.db") as store:
        results = store.ingest_many([coded(1), coded(2, confidence=7.0), coded(3), coded(1)])
        assert [getattr(r, "status", None) for r in results] == ["inserted", None, "inserted", "unchanged"]
        assert isinstance(results[1], StoreError)
        assert [a["id"] for a in store.articles()] == ["a1", "a3"]
        assert store.stats()["events"] == 2 and store.stats()["event_actors"] == 2
