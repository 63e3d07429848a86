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

from eventwire.incidents.copies import Fingerprint, Verdict, compare, fingerprint
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
    linked = list(_matches(conn, article_id, text, fp, bands, options))
    for other_id, verdict in linked:
        low, high = sorted((article_id, other_id))
        conn.execute("INSERT OR REPLACE INTO copy_links VALUES (?, ?, ?, ?)",
                     (low, high, verdict.method, verdict.similarity))
    if not linked:
        return {article_id}
    return _join(conn, article_id, linked) or regroup(conn, [article_id])


def _matches(conn: sqlite3.Connection, article_id: str, text: str, fp: Fingerprint,
             bands: list[tuple[int, int]], options: Copies):
    """The stored articles this one copies, compared with at most `max_candidates` of them. An exact copy
    needs one link to join its group (every other copy of the text is already in it), so a text
    syndicated ten thousand times costs one comparison, not ten thousand."""
    same_body = conn.execute("SELECT article_id FROM article_fingerprints WHERE body_hash = ? AND article_id != ?"
                             " LIMIT 1", (fp.body_hash, article_id)).fetchone()
    if same_body:
        yield same_body[0], Verdict("body", 1.0)
        return
    found: dict[str, int] = {}
    if fp.url_key is not None:
        for row in conn.execute("SELECT article_id FROM article_fingerprints WHERE url_key = ? AND article_id != ?"
                                " LIMIT ?", (fp.url_key, article_id, options.max_candidates)):
            found[row[0]] = len(bands) + 1  # before any band candidate
    # Each band's first `max_candidates` articles (by id): a band shared by a huge copy group is read in
    # bounded rows; candidates sharing more bands come first.
    for band, key in bands:
        for row in conn.execute("SELECT article_id FROM article_bands WHERE band = ? AND key = ? AND article_id != ?"
                                " LIMIT ?", (band, key, article_id, options.max_candidates)):
            found[row[0]] = found.get(row[0], 0) + 1
    ranked = sorted(found, key=lambda other: (-found[other], other))[:options.max_candidates]
    for other_id in sorted(ranked):
        row = conn.execute("SELECT f.body_hash, f.url_key, f.signature, f.words, f.sentences, a.text"
                           " FROM article_fingerprints f JOIN articles a ON a.id = f.article_id"
                           " WHERE f.article_id = ?", (other_id,)).fetchone()
        other = Fingerprint(row[0], row[1], np.frombuffer(row[2], dtype=np.uint64), row[3], row[4])
        verdict = compare(fp, text, other, row[5], options)
        if verdict is not None:
            yield other_id, verdict


def _order(published: str | None, article_id: str) -> tuple:
    """Which of a group is its original: the earliest published (undated last), then the smallest id."""
    return (published is None, published or "", article_id)


def _stronger(link: tuple[float, str], than: tuple[float, str] | None) -> bool:
    """A member's copy record is its strongest link: higher similarity, ties by method name."""
    return than is None or link > than


def _join(conn: sqlite3.Connection, article_id: str, linked: list[tuple[str, Verdict]]) -> set[str] | None:
    """The common case, in constant work: a new article whose links all reach one group, and which is not
    earlier than that group's original, becomes one more copy of it. Returns None when the group's
    original changes or groups merge; `regroup` then derives the groups again."""
    roots = set()
    for other_id, _ in linked:
        row = conn.execute("SELECT copy_of FROM article_copies WHERE article_id = ?", (other_id,)).fetchone()
        roots.add(row[0] if row else other_id)
    if len(roots) != 1:
        return None
    root = roots.pop()
    published = dict(conn.execute("SELECT id, published FROM articles WHERE id IN (?, ?)", (root, article_id)))
    if _order(published.get(article_id), article_id) < _order(published.get(root), root):
        return None
    best: tuple[float, str] | None = None
    for other_id, verdict in linked:
        link = (verdict.similarity, verdict.method)
        best = link if _stronger(link, best) else best
        # the linked copies' own records may now have a stronger link
        row = conn.execute("SELECT similarity, method FROM article_copies WHERE article_id = ?", (other_id,)).fetchone()
        if row and _stronger(link, (row[0], row[1])):
            conn.execute("UPDATE article_copies SET method = ?, similarity = ? WHERE article_id = ?",
                         (verdict.method, verdict.similarity, other_id))
    assert best is not None
    conn.execute("INSERT INTO article_copies VALUES (?, ?, ?, ?)", (article_id, root, best[1], best[0]))
    return {article_id}


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
            if _stronger((similarity, method), best.get(x)):
                best[x] = (similarity, method)
    for group in components.values():
        if len(group) < 2:
            continue
        original = min(group, key=lambda i: _order(published[i], i))
        conn.executemany("INSERT INTO article_copies VALUES (?, ?, ?, ?)",
                         [(m, original, best[m][1], best[m][0]) for m in sorted(group) if m != original])
    return members
