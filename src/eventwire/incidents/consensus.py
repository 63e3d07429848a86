"""The consensus record of an incident: what its reports agree on, and how many independent sources say so.

- `independent_sources`: distinct original articles (a copy counts with its original);
- date: the narrowest interval given in the text by any report (ties: the most reports, then the earliest),
  else the publication-based interval, with `date_precision` ("day", "N days", "publication");
- location: the finest feature any report gives (site < city < admin2 < admin1 < region < country; ties:
  the most reports, then the name);
- factuality: one vote per independent source; "contested" when some assert the event and others deny
  it, else the value most sources give ("asserted by A and B, denied by C" -> contested);
- `first_report` / `latest_report`: the earliest and latest publication dates of its articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from eventwire.incidents.link import FEATURE_RANK, Report, day_iso
from eventwire.model import QUAD_CLASS

CONTESTED = "contested"
_DENIED = ("negated",)


def consensus(incident_id: str, reports: Sequence[Report]) -> dict[str, Any]:
    reports = sorted(reports, key=lambda r: r.event_id)
    types = Counter(r.type for r in reports)
    type_ = min(types, key=lambda t: (-types[t], t))
    roots = sorted({r.root for r in reports})
    published = sorted(r.published for r in reports if r.published)
    record: dict[str, Any] = {
        "id": incident_id, "type": type_, "quad_class": QUAD_CLASS.get(type_),
        "types": dict(sorted(types.items())), "reports": len(reports),
        "articles": len({r.article_id for r in reports}), "independent_sources": len(roots),
        "sources": sorted({r.source for r in reports if r.source}),
        "first_report": published[0] if published else None,
        "latest_report": published[-1] if published else None,
        **_date(reports), **_location(reports), **_factuality(reports),
        "countries": sorted({c for r in reports for c in r.countries}),
        "participants": sorted({p[3] for r in reports for p in r.participants if p[3]}),
        "participant_ids": sorted({p[0] for r in reports for p in r.participants if p[0]}),
        "events": [r.event_id for r in reports],
    }
    return record


def _date(reports: Sequence[Report]) -> dict[str, Any]:
    dated = [r for r in reports if r.dated]
    pool = dated or list(reports)
    spans = Counter((r.start, r.end) for r in pool if r.end > 0)
    if not spans:
        return {"date_start": None, "date_end": None, "date_precision": None}
    start, end = min(spans, key=lambda s: (s[1] - s[0], -spans[s], s))
    days = end - start + 1
    precision = ("day" if days == 1 else f"{days} days") if dated else "publication"
    return {"date_start": day_iso(start), "date_end": day_iso(end), "date_precision": precision}


def _location(reports: Sequence[Report]) -> dict[str, Any]:
    located = [r for r in reports if r.location_name or r.country]
    if not located:
        return {"location_name": None, "location_lat": None, "location_lon": None, "location_country": None,
                "location_admin1": None, "location_feature": None}
    counts = Counter((r.location_name, r.geonameid) for r in located)
    best = min(located, key=lambda r: (FEATURE_RANK.get(r.feature or "", 9), -counts[(r.location_name, r.geonameid)],
                                       r.location_name or "", r.event_id))
    return {"location_name": best.location_name, "location_lat": best.lat, "location_lon": best.lon,
            "location_country": best.country, "location_admin1": best.admin1, "location_feature": best.feature}


def _factuality(reports: Sequence[Report]) -> dict[str, Any]:
    """One vote per independent source: the value its reports give most (asserted first on a tie)."""
    by_root: dict[str, Counter] = {}
    for r in reports:
        by_root.setdefault(r.root, Counter())[r.factuality] += 1
    votes = {root: min(c, key=lambda f: (f != "asserted", -c[f], f)) for root, c in by_root.items()}
    tally = Counter(votes.values())
    asserted = sorted(root for root, v in votes.items() if v == "asserted")
    denied = sorted(root for root, v in votes.items() if v in _DENIED)
    if asserted and denied:
        value = CONTESTED
    else:
        value = min(tally, key=lambda f: (-tally[f], f != "asserted", f))
    sources = {r.root: r.source or r.root for r in reports}
    return {"factuality": value, "factuality_votes": dict(sorted(tally.items())),
            "asserted_by": [sources[x] for x in asserted], "denied_by": [sources[x] for x in denied]}


# Consensus fields an incident row takes over from its report's row (Store.iter_incidents, GET /events?count=incidents).
_ROW_FIELDS = ("type", "quad_class", "factuality", "date_start", "date_end", "date_precision", "location_name",
               "location_lat", "location_lon", "location_country", "location_admin1", "location_feature", "reports",
               "independent_sources", "sources", "first_report", "latest_report", "asserted_by", "denied_by")


def incident_row(event_row: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """An incident in the event-row shape (so every export renders it): the consensus over one report's
    participants and article; `id` is the incident's, `event_id` the report's."""
    out = {**event_row, "id": record.get("id", event_row.get("incident_id")), "event_id": event_row["id"]}
    out.update({key: record[key] for key in _ROW_FIELDS if key in record})
    if out.get("location_name") != event_row.get("location_name"):
        out["location_geonameid"] = None  # the report's place id does not name the consensus place
    return out
