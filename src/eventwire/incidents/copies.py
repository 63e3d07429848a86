"""Copies: re-published, cut and rewritten versions of one article's text.

    fp = fingerprint(article.text, article.url, options.copies)
    verdict = compare(fp, text, other_fp, other_text, options.copies)   # Verdict("aligned", 0.82) or None

Three tests, cheapest first: the same body (case, spacing and punctuation aside), the same canonical url
(tracking parameters, `www.`, the fragment and a trailing slash aside), then a near copy. A near copy is
found in two steps so that a store of 100,000 articles is never compared all-pairs: a MinHash signature of
the article's content words, cut into LSH bands, gives the few stored articles that share a band (a likely
overlap); their estimated word overlap must reach `min_word_jaccard`; then the shorter text's sentences
are aligned to the longer's, and the share of them met *in order* (a longest increasing run of matched
positions) must reach `min_aligned`. Independent reports of one event share names and facts, so their word
sets overlap, but not their sentence order; a wire text cut, re-edited or machine-reworded keeps it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from eventwire.incidents.knowledge import load_knowledge
from eventwire.incidents.text import content_words, jaccard, longest_increasing, sentences
from eventwire.options import Copies

_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    body_hash: str
    url_key: str | None
    signature: np.ndarray  # uint64 MinHash values of the content words
    words: int  # distinct content words
    sentences: int

    def bands(self, rows: int) -> list[tuple[int, int]]:
        """(band number, key) per LSH band; the key is a signed 63-bit int so SQLite stores it as is."""
        out = []
        for band, start in enumerate(range(0, len(self.signature) - rows + 1, rows)):
            digest = hashlib.blake2b(self.signature[start:start + rows].tobytes(), digest_size=8).digest()
            out.append((band, int.from_bytes(digest, "little") >> 1))
        return out


@dataclass(frozen=True, slots=True)
class Verdict:
    method: str  # "body" (same text), "url" (same canonical url), "aligned" (a near copy)
    similarity: float  # 1.0 for body and url; the aligned share of sentences for a near copy


def _permutations(n: int) -> tuple[np.ndarray, np.ndarray]:
    # Fixed seed: signatures must be the same in every process and every release that keeps `permutations`.
    rng = np.random.RandomState(12)
    a = rng.randint(1, int(_PRIME), size=n, dtype=np.uint64)
    b = rng.randint(0, int(_PRIME), size=n, dtype=np.uint64)
    return a, b


_PERMUTATIONS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def minhash(words: set[str], n: int) -> np.ndarray:
    """The MinHash signature (n values) of a set of words: universal hashing of a 32-bit word hash."""
    if n not in _PERMUTATIONS:
        _PERMUTATIONS[n] = _permutations(n)
    a, b = _PERMUTATIONS[n]
    if not words:
        return np.full(n, int(_MAX_HASH), dtype=np.uint64)
    hashed = np.fromiter((int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=4).digest(), "little")
                          for w in sorted(words)), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):  # the products wrap modulo 2**64 by design, as in datasketch
        values = (np.outer(hashed, a) + b) % _PRIME & _MAX_HASH
    return values.min(axis=0)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a) if len(a) else 0.0


def body(text: str) -> str:
    """The text without its first line (copies retitle: the headline is the line most often rewritten),
    case-folded, with runs of non-word characters as one space."""
    stripped = text.strip()
    head, newline, rest = stripped.partition("\n")
    return _NON_WORD.sub(" ", (rest if newline and rest.strip() else head).casefold()).strip()


def canonical_url(url: str | None, tracking: str) -> str | None:
    """host/path?query without scheme, `www.`, fragment, trailing slash and tracking parameters."""
    if not url or "://" not in url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").casefold()
    if not host:
        return None
    host = host[4:] if host.startswith("www.") else host
    prefixes = tuple(p.strip().casefold() for p in tracking.split(",") if p.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.casefold().startswith(prefixes)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, urlencode(sorted(query)), "")).lstrip("/")


def fingerprint(text: str, url: str | None, options: Copies) -> Fingerprint:
    stopwords = load_knowledge().stopwords
    words = content_words(text, stopwords)
    return Fingerprint(
        body_hash=hashlib.sha256(body(text).encode("utf-8")).hexdigest(),
        url_key=canonical_url(url, options.tracking_params),
        signature=minhash(words, options.permutations),
        words=len(words),
        sentences=len(_sentence_words(text, stopwords)),
    )


def _sentence_words(text: str, stopwords: frozenset[str]) -> list[set[str]]:
    # Sentences of fewer than four content words (datelines, bylines, "Source link") align with anything.
    return [w for w in (content_words(s, stopwords) for s in sentences(text)) if len(w) >= 4]


def aligned_share(text_a: str, text_b: str, sentence_jaccard: float) -> float:
    """Share of the shorter text's sentences that have a counterpart in the other, in the same order."""
    stopwords = load_knowledge().stopwords
    a, b = _sentence_words(text_a, stopwords), _sentence_words(text_b, stopwords)
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return 0.0
    positions = []
    for words in a:
        best, where = 0.0, -1
        for j, other in enumerate(b):
            score = jaccard(words, other)
            if score > best:
                best, where = score, j
        if best >= sentence_jaccard:
            positions.append(where)
    return longest_increasing(positions) / len(a)


def compare(fp: Fingerprint, text: str, other: Fingerprint, other_text: str, options: Copies) -> Verdict | None:
    """Whether two articles are copies of one text, and by which test."""
    if fp.body_hash == other.body_hash:
        return Verdict("body", 1.0)
    if fp.url_key is not None and fp.url_key == other.url_key:
        return Verdict("url", 1.0)
    if min(fp.sentences, other.sentences) < options.min_sentences:
        return None
    if estimated_jaccard(fp.signature, other.signature) < options.min_word_jaccard:
        return None
    share = aligned_share(text, other_text, options.sentence_jaccard)
    return Verdict("aligned", round(share, 3)) if share >= options.min_aligned else None
