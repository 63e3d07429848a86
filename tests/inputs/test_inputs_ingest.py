"""Feeds and URLs all the way into the store: `eventwire ingest --feed/--url` and `watch`, on loopback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.inputs.http import Fetcher
from eventwire.store import open_store
from eventwire.watch import watch


@pytest.mark.slow
def test_cli_ingest_feed_and_url_store_articles_and_skip_french(site, tmp_path):
    options = tmp_path / "options.toml"
    options.write_text("[fetch]\nper_host_interval = 0.0\nbackoff = 0.0\n", encoding="utf-8")
    db = tmp_path / "events.db"
    result = CliRunner().invoke(app, ["--options", str(options), "ingest", "--db", str(db), "--quiet",
                                      "--feed", site.base + "/feed.xml", "--url", site.base + "/news/french"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        titles = sorted(a["title"] for a in store.articles())
        stages = sorted(f["stage"] for f in store.failures())
    assert titles == ["Rebels take Minova", "Rebels take Sake"]
    assert stages == ["fetch", "fetch", "language"]  # robots.txt, 404, French
    assert "language is 'fr'" in result.output


@pytest.mark.slow
def test_watch_polls_with_conditional_get_and_fetches_only_new_entries(site, fast_fetch, coder, tmp_path):
    with open_store(tmp_path / "events.db") as store:
        reports = watch([site.base + "/feed.xml"], store, coder, rounds=2, interval=0.0,
                        fetcher=Fetcher(fast_fetch), sleep=lambda _s: None)
    assert [r.inserted for r in reports] == [2, 0]
    paths = [path for path, _ in site.hits]
    assert paths.count("/news/sake") == 1 and paths.count("/feed.xml") == 2
    assert site.hits[-1][1].get("If-None-Match") == '"v1"'
