"""Feeds, URL lists, the polite HTTP client and language detection, against a real loopback server."""

from __future__ import annotations

from eventwire.inputs.feeds import read_feed
from eventwire.inputs.http import DEFAULT_USER_AGENT, Fetcher
from eventwire.inputs.language import detect_language, keep_language
from eventwire.inputs.urls import read_url_list, read_urls
from eventwire.model import Article, Failure
from eventwire.options import Fetch


def test_fetch_names_eventwire_and_obeys_robots(site, fast_fetch):
    fetcher = Fetcher(fast_fetch)
    assert fetcher.get(site.base + "/news/sake").status == 200
    assert not fetcher.allowed(site.base + "/private/secret")
    assert all("eventwire/" in headers["User-Agent"] for _, headers in site.hits)
    assert DEFAULT_USER_AGENT.startswith("eventwire/")
    assert [path for path, _ in site.hits] == ["/robots.txt", "/news/sake"]  # robots.txt once per host


def test_fetch_conditional_get_sends_the_etag_back(site, fast_fetch):
    fetcher = Fetcher(fast_fetch)
    assert fetcher.get(site.base + "/feed.xml").status == 200
    again = fetcher.get(site.base + "/feed.xml")
    assert again.not_modified and again.body == b""
    assert site.hits[-1][1]["If-None-Match"] == '"v1"'


def test_fetch_retries_a_503_then_succeeds(site, fast_fetch):
    site.flaky = 2
    assert Fetcher(fast_fetch).get(site.base + "/news/flaky").status == 200
    assert [p for p, _ in site.hits].count("/news/flaky") == 3


def test_fetch_waits_between_requests_to_one_host(site):
    now = [100.0]
    waits: list[float] = []
    fetcher = Fetcher(Fetch(per_host_interval=2.0, backoff=0.0), clock=lambda: now[0], sleep=waits.append)
    fetcher.get(site.base + "/news/sake")
    fetcher.get(site.base + "/news/minova")
    assert waits == [2.0, 2.0]  # before the page after robots.txt, and before the next page


def test_feed_entries_keep_the_feed_title_and_date(site, fast_fetch):
    items = list(read_feed(site.base + "/feed.xml", Fetcher(fast_fetch)))
    articles = [i for i in items if isinstance(i, Article)]
    failures = {f.origin.rsplit("/", 1)[-1]: f for f in items if isinstance(f, Failure)}
    assert [(a.title, a.published, a.source) for a in articles] == [
        ("Rebels take Sake", "2025-03-09", "Kivu Wire"), ("Rebels take Minova", "2025-03-09", "Kivu Wire")]
    assert articles[0].url == site.base + "/news/sake" and "Sake" in articles[0].text
    assert "robots.txt" in failures["secret"].error and failures["secret"].stage == "fetch"
    assert "HTTP 404" in failures["gone"].error


def test_feed_skips_links_already_stored(site, fast_fetch):
    stored = {site.base + "/news/sake"}
    items = list(read_feed(site.base + "/feed.xml", Fetcher(fast_fetch), skip=stored.__contains__))
    assert "/news/sake" not in [p for p, _ in site.hits]
    assert [i.title for i in items if isinstance(i, Article)] == ["Rebels take Minova"]


def test_urls_file_and_language_skip(site, fast_fetch, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# a comment\n{site.base}/news/sake\n\n{site.base}/news/french\n", encoding="utf-8")
    items = list(keep_language(read_urls(read_url_list(listing), Fetcher(fast_fetch))))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Failure) and items[1].stage == "language" and "'fr'" in items[1].error


def test_language_detection_is_offline_and_sure():
    assert detect_language("The army said rebels shelled the camp overnight, killing two civilians.")[0] == "en"
    assert detect_language("Les rebelles ont bombardé le camp pendant la nuit, tuant deux civils.")[0] == "fr"
