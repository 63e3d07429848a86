"""Copies in the store: each article's fingerprint and LSH bands, the copy links found between articles,
and per copy the original it belongs to (`article_copies.copy_of`). Nothing is dropped: a copy keeps all
of its rows and is marked as such in every output.

Copy groups are the connected components of the links; a group's original is its earliest-published
article (then the smallest id), so the same articles give the same originals in any ingest order.
Everything here runs inside the caller's write transaction (`Store._write`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import numpy as np

from eventwire.incidents.copies import Fingerprint, compare, fingerprint
from eventwire.model import CodedArticle
from eventwire.options import Copies

SCHEMA = """
CREATE TABLE article_fingerprints (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    body_hash TEXT NOT NULL, url_key TEXT,
    signature BLOB NOT NULL,                  -- uint64 MinHash values (eventwire.incidents.copies)
    words INTEGER NOT NULL, sentences INTEGER NOT NULL
);
CREATE INDEX idx_fingerprints_body ON article_fingerprints(body_hash);
CREATE INDEX idx_fingerprints_url ON article_fingerprints(url_key);
CREATE TABLE article_bands (
    band INTEGER NOT NULL, key INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, article_id)
) WITHOUT ROWID;
CREATE INDEX idx_article_bands_article ON article_bands(article_id);
CREATE TABLE copy_links (                     -- one row per linked pair, article_id < other_id
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    method TEXT NOT NULL, similarity REAL NOT NULL,
    PRIMARY KEY (article_id, other_id)
);
CREATE INDEX idx_copy_links_other ON copy_links(other_id);
CREATE TABLE article_copies (                 -- only copies have a row; an original has none
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    copy_of TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    method TEXT NOT NULL, similarity REAL NOT NULL
);
CREATE INDEX idx_article_copies_of ON article_copies(copy_of);
"""


def group_of(conn: sqlite3.Connection, article_ids: Iterable[str]) -> set[str]:
    """The articles linked to any of `article_ids` through copy links (themselves included)."""
    seen, frontier = set(article_ids), list(article_ids)
    while frontier:
        marks = ", ".join("?" * len(frontier))
        rows = conn.execute(f"SELECT article_id, other_id FROM copy_links WHERE article_id IN ({marks})"
                            f" OR other_id IN ({marks})", [*frontier, *frontier]).fetchall()
        frontier = [x for r in rows for x in (r[0], r[1]) if x not in seen]
        seen.update(frontier)
    return seen


def link_copies(conn: sqlite3.Connection, coded: CodedArticle, options: Copies) -> set[str]:
    """Fingerprint a just-written article, link it to the stored articles it copies (or that copy it),
    and re-derive the originals of its copy group, which is returned."""
    art = coded.article
    return _link(conn, art.id, art.text, art.url, options)


def fingerprint_stored(conn: sqlite3.Connection, article_id: str, options: Copies) -> set[str]:
    """`link_copies` for an article stored before fingerprints existed (migration 5)."""
    text, url = conn.execute("SELECT text, url FROM articles WHERE id = ?", (article_id,)).fetchone()
    return _link(conn, article_id, text, url, options)


def _link(conn: sqlite3.Connection, article_id: str, text: str, url: str | None, options: Copies) -> set[str]:
    fp = fingerprint(text, url, options)
    conn.execute("INSERT INTO article_fingerprints VALUES (?, ?, ?, ?, ?, ?)",
                 (article_id, fp.body_hash, fp.url_key, fp.signature.tobytes(), fp.words, fp.sentences))
    bands = fp.bands(options.band_rows)
    conn.executemany("INSERT OR IGNORE INTO article_bands VALUES (?, ?, ?)", [(b, k, article_id) for b, k in bands])
    for other_id, verdict in _matches(conn, article_id, text, fp, bands, options):
        low, high = sorted((article_id, other_id))
        conn.execute("INSERT OR REPLACE INTO copy_links VALUES (?, ?, ?, ?)",
                     (low, high, verdict.method, verdict.similarity))
    return regroup(conn, [article_id])


def _matches(conn: sqlite3.Connection, article_id: str, text: str, fp: Fingerprint,
             bands: list[tuple[int, int]], options: Copies):
    candidates: set[str] = set()
    for row in conn.execute("SELECT article_id FROM article_fingerprints WHERE (body_hash = ? OR url_key = ?)"
                            " AND article_id != ?", (fp.body_hash, fp.url_key, article_id)):
        candidates.add(row[0])
    for start in range(0, len(bands), 200):  # stay under SQLite's bound-parameter limit
        chunk = bands[start:start + 200]
        clause = " OR ".join("(band = ? AND key = ?)" for _ in chunk)
        args = [v for pair in chunk for v in pair]
        for row in conn.execute(f"SELECT DISTINCT article_id FROM article_bands WHERE ({clause})"
                                " AND article_id != ?", [*args, article_id]):
            candidates.add(row[0])
    for other_id in sorted(candidates):
        row = conn.execute("SELECT f.body_hash, f.url_key, f.signature, f.words, f.sentences, a.text"
                           " FROM article_fingerprints f JOIN articles a ON a.id = f.article_id"
                           " WHERE f.article_id = ?", (other_id,)).fetchone()
        other = Fingerprint(row[0], row[1], np.frombuffer(row[2], dtype=np.uint64), row[3], row[4])
        verdict = compare(fp, text, other, row[5], options)
        if verdict is not None:
            yield other_id, verdict


def regroup(conn: sqlite3.Connection, seeds: Iterable[str]) -> set[str]:
    """Re-derive `article_copies` for the copy group(s) of `seeds`: the earliest-published member is the
    original, every other member a copy of it, with its strongest link's method and similarity."""
    members = group_of(conn, [s for s in seeds])
    marks = ", ".join("?" * len(members))
    conn.execute(f"DELETE FROM article_copies WHERE article_id IN ({marks})", list(members))
    present = conn.execute(f"SELECT id, published FROM articles WHERE id IN ({marks})", list(members)).fetchall()
    if len(present) < 2:
        return members
    links = conn.execute(f"SELECT article_id, other_id, method, similarity FROM copy_links"
                         f" WHERE article_id IN ({marks})", list(members)).fetchall()
    # Components again: a deleted article may have split the group.
    parent = {row[0]: row[0] for row in present}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _, _ in links:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    published = {row[0]: row[1] for row in present}
    components: dict[str, list[str]] = {}
    for member in parent:
        components.setdefault(find(member), []).append(member)
    best: dict[str, tuple[float, str]] = {}
    for a, b, method, similarity in links:
        for x in (a, b):
            if similarity > best.get(x, (-1.0, ""))[0]:
                best[x] = (similarity, method)
    for group in components.values():
        if len(group) < 2:
            continue
        original = min(group, key=lambda i: (published[i] is None, published[i] or "", i))
        conn.executemany("INSERT INTO article_copies VALUES (?, ?, ?, ?)",
                         [(m, original, best[m][1], best[m][0]) for m in sorted(group) if m != original])
    return members
