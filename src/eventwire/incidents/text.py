"""Text comparison shared by copy detection and incident linking: content words and sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"\w+")
# Sentence ends: . ! ? (and a closing quote after them), or a paragraph break.
_SENTENCE_END = re.compile(r"(?<=[.!?\"”’])\s+(?=[\"“‘(]?[A-Z0-9])|\n+")


def content_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """Case-folded words of `text` without stopwords, digits-only tokens kept (counts matter)."""
    return {w for w in _WORD.findall(text.casefold()) if w not in stopwords and (len(w) > 1 or w.isdigit())}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def longest_increasing(values: Iterable[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    for value in values:
        i = bisect.bisect_left(tails, value)
        if i == len(tails):
            tails.append(value)
        else:
            tails[i] = value
    return len(tails)
