"""`SpanIndex`: which records overlap a stretch of text, by binary search instead of a scan of all of them.

A stage that asks "which actors overlap this mention?" of every mention, by looking at every actor, is
quadratic in the length of the document (a list of 5,000 places, 20,000 short sentences). An index over
the records' (start, end) answers in O(log n + k), for records that may overlap one another:

    index = SpanIndex(actors, lambda a: (a.start, a.end))
    index.overlapping(start, end)      # the actors sharing a character with [start, end), in input order
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int | None, int | None]]):
        entries = []
        for order, item in enumerate(items):
            start, end = span(item)
            if start is not None and end is not None:
                entries.append((start, end, order, item))
        entries.sort(key=lambda e: (e[0], e[2]))
        self._starts = [e[0] for e in entries]
        self._entries = entries
        # The longest record bounds how far before `start` an overlapping record may begin.
        self._longest = max((e[1] - e[0] for e in entries), default=0)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The records with record.start < end and start < record.end, in the order they were given."""
        low = bisect.bisect_right(self._starts, start - self._longest)
        high = bisect.bisect_left(self._starts, end)
        found = [e for e in self._entries[max(0, low - 1):high] if e[1] > start and e[0] < end]
        return [e[3] for e in sorted(found, key=lambda e: e[2])]

    def __len__(self) -> int:
        return len(self._entries)
