"""Readers of network and archive inputs, each yielding `Article | Failure` for `eventwire.ingest`:

- `http`: the one polite HTTP client (user agent, per-host rate limit, timeouts, retries with backoff,
  conditional GET, robots.txt), configured by the [fetch] options;
- `feeds`: RSS/Atom feeds (feedparser), each entry's page fetched and extracted;
- `urls`: lists of page URLs;
- `warc`: WARC / WARC.gz web archives (warcio), HTML response records only;
- `language`: language detection (py3langid, offline) that turns other-language texts into skips.

Files (text, HTML, JSONL) are read by `eventwire.read`.
"""
