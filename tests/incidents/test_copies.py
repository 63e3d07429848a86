"""Copies: re-published and reworded versions of one text are linked to their original in the store,
never dropped, and independent reports of the same event are not copies (real SQLite file)."""

from __future__ import annotations

import itertools

import pytest

from eventwire.incidents.copies import canonical_url
from eventwire.model import Article, CodedArticle
from eventwire.store.sqlite import Store
from tests.incidents import stories

PUBLISHED = {"wire": "2025-03-03", "republished": "2025-03-04", "reworded": "2025-03-04",
             "denial": "2025-03-04", "independent": "2025-03-04", "unrelated": "2025-03-03"}
TEXTS = {"wire": stories.WIRE, "republished": stories.REPUBLISHED, "reworded": stories.REWORDED,
         "denial": stories.DENIAL, "independent": stories.INDEPENDENT, "unrelated": stories.UNRELATED}


def coded(key: str, text: str | None = None, url: str | None = None, title: str | None = None) -> CodedArticle:
    text = TEXTS[key] if text is None else text
    article = Article(id=key, text=text, title=title or text.splitlines()[0], source=f"outlet {key}",
                      url=url or f"https://example.org/{key}", published=PUBLISHED.get(key, "2025-03-05"))
    return CodedArticle(article=article)


def copies_of(store: Store) -> dict[str, str]:
    return {r["article_id"]: r["copy_of"] for r in store.conn.execute("SELECT * FROM article_copies")}


def test_copies_republished_and_reworded_are_linked_to_the_original(tmp_path) -> None:
    with Store(tmp_path / "copies.db") as store:
        for key in TEXTS:
            store.ingest(coded(key))
        assert copies_of(store) == {"republished": "wire", "reworded": "wire"}
        assert store.stats()["articles"] == len(TEXTS)  # nothing dropped


@pytest.mark.parametrize("order", list(itertools.permutations(["wire", "republished", "reworded", "denial"]))[::5])
def test_copies_same_originals_in_any_ingest_order(tmp_path, order) -> None:
    with Store(tmp_path / "order.db") as store:
        for key in order:
            store.ingest(coded(key))
        assert copies_of(store) == {"republished": "wire", "reworded": "wire"}


def test_copies_same_body_under_another_title_is_a_copy(tmp_path) -> None:
    with Store(tmp_path / "body.db") as store:
        store.ingest(coded("wire"))
        store.ingest(coded("mirror", text=stories.WIRE, title="A mirror's own headline"))
        method = store.conn.execute("SELECT method FROM article_copies WHERE article_id = 'mirror'").fetchone()
        assert method is not None and method[0] == "body"


def test_copies_same_canonical_url_is_a_copy(tmp_path) -> None:
    with Store(tmp_path / "url.db") as store:
        store.ingest(coded("wire", url="https://www.example.org/chad/militia/?utm_source=feed"))
        store.ingest(coded("unrelated", url="http://example.org/chad/militia#top"))
        # Both published on 3 March: the smaller id is the original.
        assert copies_of(store) == {"wire": "unrelated"}


def test_copies_shown_on_every_event_row_and_export(tmp_path, coder) -> None:
    from eventwire.export import csv_row, plover_record
    from tests.incidents.test_incidents import stored_story

    store = stored_story(tmp_path, coder)
    rows = store.events()
    by_article = {r["article_id"]: r["copy_of"] for r in rows}
    assert by_article["republished"] == "wire" and by_article["wire"] is None
    row = next(r for r in rows if r["article_id"] == "republished")
    assert plover_record(row)["copy_of"] == "wire" and csv_row(row)["copy_of"] == "wire"
    store.close()


def test_copies_replacing_a_copy_with_new_text_unlinks_it(tmp_path) -> None:
    with Store(tmp_path / "replace.db") as store:
        store.ingest(coded("wire"))
        store.ingest(coded("republished"))
        store.ingest(coded("republished", text=stories.UNRELATED))
        assert copies_of(store) == {}


@pytest.mark.parametrize("url, expected", [
    ("https://www.Example.org/a/b/?utm_source=x&id=3#frag", "example.org/a/b?id=3"),
    ("http://example.org/a/b?id=3&fbclid=zz", "example.org/a/b?id=3"),
    ("not a url", None),
])
def test_copies_canonical_url(url, expected) -> None:
    assert canonical_url(url, "utm_,fbclid") == expected


def test_copies_rebuild_fingerprints_articles_stored_before_copies_existed(tmp_path) -> None:
    with Store(tmp_path / "old.db") as store:
        for key in ("wire", "republished", "denial"):
            store.ingest(coded(key))
        # what a store written before migration 5 holds: articles without fingerprints or links
        for table in ("article_copies", "copy_links", "article_bands", "article_fingerprints"):
            store.conn.execute(f"DELETE FROM {table}")
        store.rebuild_incidents()
        assert copies_of(store) == {"republished": "wire"}
        assert store.conn.execute("SELECT count(*) FROM article_fingerprints").fetchone()[0] == 3
