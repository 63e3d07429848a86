"""Incidents from links: a canonical, order-free clustering of one linked region.

The links are pairwise and symmetric, and blocking finds every possible link (link.py), so the link graph
of a store does not depend on the order its articles came in. A region (a connected component of that
graph) is clustered by the same rule every time: links in decreasing score (ties by event ids) join two
clusters unless that would put two events of one article's body together, or two dated reports further apart
than the link rule's date window (the coder already merged an
article's restatements, so two of its events are two incidents; only the headline or lead, a restatement
the coder keeps apart, may join a body event of its article). An incident's id is `inc-` + its smallest event id.
The same reports and links give the same incidents, whatever the ingest order.
"""

from __future__ import annotations

from collections.abc import Iterable


def cluster(articles: dict[str, str], links: Iterable[tuple[str, str, float]],
            spans: dict[str, tuple[int, int]] | None = None, max_gap: int | None = None) -> dict[str, str]:
    """Incident id per event. `articles`: event id -> its slot (the article id, or the article id with
    "#head" for a headline event) for every event of the region; `links`: (event, event, score).
    `spans` (event id -> effective (start, end) ordinals, 0 when undated) with `max_gap`: no incident holds
    two dated reports more than `max_gap` days apart, as no link does; without it, reports linked day
    after day (a campaign reported daily) would chain into one incident of months."""
    parent = {e: e for e in articles}
    members = {e: {articles[e]} for e in articles}
    # per cluster: (latest start, earliest end) of its dated reports, or None when it has none
    bounds: dict[str, tuple[int, int] | None] = {
        e: (spans[e] if spans and e in spans and spans[e][1] > 0 else None) for e in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def joined(p: tuple[int, int] | None, q: tuple[int, int] | None) -> tuple[int, int] | None:
        if p is None or q is None:
            return p or q
        return max(p[0], q[0]), min(p[1], q[1])

    for a, b, _ in sorted(links, key=lambda link: (-link[2], min(link[0], link[1]), max(link[0], link[1]))):
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra == rb or members[ra] & members[rb]:
            continue
        span = joined(bounds[ra], bounds[rb])
        if max_gap is not None and span is not None and span[0] - span[1] > max_gap:
            continue
        keep, drop = (ra, rb) if ra < rb else (rb, ra)
        parent[drop] = keep
        members[keep] |= members.pop(drop)
        bounds[keep] = span
    groups: dict[str, list[str]] = {}
    for event in articles:
        groups.setdefault(find(event), []).append(event)
    return {event: f"inc-{min(group)}" for group in groups.values() for event in group}
