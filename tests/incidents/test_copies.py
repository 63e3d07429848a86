"""Copies: re-published and reworded versions of one text are linked to their original in the store,
never dropped, and independent reports of the same event are not copies (real SQLite file)."""

from __future__ import annotations

import itertools

import pytest

from eventwire.incidents.copies import canonical_url
from eventwire.model import Article, CodedArticle
import eventwire.store.copies as store_copies
from eventwire.store.sqlite import Store
from tests.support import count_calls
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


@pytest.fixture
def counted_compares(monkeypatch) -> list[int]:
    """How many article pairs the real copy test compares."""
    return count_calls(monkeypatch, store_copies, "compare")


def _syndicated(n: int, day: int, exact: bool) -> CodedArticle:
    # one wire text re-published by many outlets; a near copy gets its own opening sentence
    lead = "" if exact else f"Outlet {n} carried this report from the wire service on its front page. "
    article = Article(id=f"copy{n:04d}", text=lead + stories.WIRE, title=f"copy {n}", source=f"outlet {n}",
                      url=f"https://outlet{n}.example.org/story", published=f"2025-03-{day:02d}")
    return CodedArticle(article=article)


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "near"])
def test_copies_a_text_syndicated_hundreds_of_times_costs_bounded_work(tmp_path, counted_compares, exact) -> None:
    with Store(tmp_path / "syndicated.db") as store:
        store.ingest(coded("wire"))  # the original, published first
        for n in range(300):
            store.ingest(_syndicated(n, 4 + n % 20, exact))
        groups = copies_of(store)
        links = store.conn.execute("SELECT count(*) FROM copy_links").fetchone()[0]
    assert groups == {f"copy{n:04d}": "wire" for n in range(300)}  # one group, the first publication its original
    # all pairs would be 45,150 comparisons; bounded, an exact copy needs none and a near copy 20 at most
    bound = 0 if exact else 300 * store.options.copies.max_candidates
    assert counted_compares[0] <= bound
    assert links <= 300 * (1 if exact else store.options.copies.max_candidates)


def test_copies_an_earlier_publication_arriving_late_becomes_the_original(tmp_path) -> None:
    with Store(tmp_path / "late.db") as store:
        for n in range(5):
            store.ingest(_syndicated(n, 10 + n, exact=False))
        store.ingest(_syndicated(99, 2, exact=False))  # published before all of them, stored last
        assert copies_of(store) == {f"copy{n:04d}": "copy0099" for n in range(5)}
        store.ingest(coded("wire"))  # 3 March: after copy0099 (2 March), so it joins as a copy
        assert copies_of(store) == {**{f"copy{n:04d}": "copy0099" for n in range(5)}, "wire": "copy0099"}
