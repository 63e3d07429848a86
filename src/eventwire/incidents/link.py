"""The link rule: when two reported events (of different articles) are one real-world incident.

A `Report` is what the rule needs of a stored event row. Two reports link when every hard condition holds
and their agreement reaches `Incidents.min_score` (docs/incidents.md, "The link rule"):

- hard: different articles (or one of the two is the article's headline or lead, which restates a later
  sentence); compatible types (the same, or a pair of `data/incidents.json`); a country in
  common (of the location or of a participant); effective dates at most `date_window_days` apart (an
  undated event counts from `undated_lag_days` before its report's publication to the publication); no
  conflict of participants (both name some, none in common); no conflict of place (both located, farther
  apart than `near_km` and not in one admin1 area, neither a whole country or region);
- score: type (1 same, 0.5 compatible) + participants (1 KB id, 0.75 country and sector or two organs of
  one state, 0.5 country with a sector unknown) + place (1 same
  or near, 0.75 within `near_km`, 0.5 same admin1, 0.25 one within the other's country) + date (1 the
  same explicit day, 0.5 within the window, 0.25 inferred from publication) + `text_weight` times the
  overlap of the evidence texts' content words, + 1 for two copies of one text (whose country, participant
  and place conflicts are then the coder's noise, not a different event).

`keys` and `probe_keys` are the blocking keys (type, country, date bucket): every report that could link to
a report is filed under one of its probe keys (a compatible type, a shared country, a bucket within the
window, or the bucket of reports with no date at all), so a new event is compared with a few stored ones,
never all (a report with no date at all and no publication date is the exception: it reads every report of
its types and countries).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eventwire.incidents.knowledge import IncidentKnowledge, load_knowledge
from eventwire.incidents.text import content_words, jaccard
from eventwire.model import QUAD_CLASS
from eventwire.options import Incidents
from eventwire.vocabulary import STATE_SECTORS

# Place precision, finest first (the consensus picks the finest location).
FEATURE_RANK = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5}
_COARSE = ("country", "region")
_LONGEST_SPAN = 7  # days: a longer interval ("since May") is placed at its last week for linking


@dataclass(frozen=True, slots=True)
class Report:
    event_id: str
    article_id: str
    headline: bool  # the event is told in the article's first sentence (its headline or lead)
    root: str  # the article's original when it is a copy, else the article itself
    source: str | None
    published: str | None
    type: str
    factuality: str
    start: int  # effective interval, as proleptic ordinals (date.toordinal)
    end: int
    dated: bool  # the interval comes from the text, not from the publication date
    date_start: str | None
    date_end: str | None
    lat: float | None
    lon: float | None
    country: str | None  # of the location
    admin1: str | None
    geonameid: int | None
    feature: str | None
    location_name: str | None
    countries: tuple[str, ...]  # of the location and every participant
    participants: tuple[tuple[str | None, str | None, str | None, str], ...]  # (kb_id, country, sector, name)
    words: frozenset[str]

    @property
    def quad_class(self) -> int | None:
        return QUAD_CLASS.get(self.type)

    def to_json(self) -> dict[str, Any]:
        return {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in
                ((f, getattr(self, f)) for f in self.__slots__)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        data = dict(data)
        data["countries"] = tuple(data["countries"])
        data["participants"] = tuple(tuple(p) for p in data["participants"])
        data["words"] = frozenset(data["words"])
        return cls(**data)


def _ordinal(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def report_from_row(row: dict[str, Any], options: Incidents, root: str | None = None,
                    knowledge: IncidentKnowledge | None = None) -> Report:
    """A Report of one event row (the shape of `Store.events`)."""
    knowledge = knowledge or load_knowledge()
    start, end = _ordinal(row.get("date_start")), _ordinal(row.get("date_end"))
    dated = bool(row.get("date_text")) and start is not None
    if start is None or end is None or not dated:
        published = _ordinal(row.get("article_published"))
        if start is None or end is None:
            if published is None:  # no date at all: it links by place and participants, on any day
                start = end = 0
            else:
                start, end = published - options.undated_lag_days, published
    if end - start > _LONGEST_SPAN:
        start = end - _LONGEST_SPAN
    people = [*row.get("actors", ()), *row.get("recipients", ())]
    participants = tuple(sorted({(p.get("kb_id"), p.get("country"), p.get("sector"), p.get("name") or "")
                                 for p in people if p.get("kb_id") or p.get("country")}, key=str))
    countries = {p[1] for p in participants if p[1]}
    if row.get("location_country"):
        countries.add(row["location_country"])
    text = " ".join(x for x in (row.get("text"), row.get("trigger")) if x)
    return Report(
        event_id=row["id"], article_id=row["article_id"], headline=row.get("sentence") == 0, root=root or row.get("copy_of") or row["article_id"],
        source=row.get("article_source"), published=row.get("article_published"), type=row["type"],
        factuality=row.get("factuality") or "asserted", start=start, end=end, dated=dated,
        date_start=row.get("date_start"), date_end=row.get("date_end"),
        lat=row.get("location_lat"), lon=row.get("location_lon"), country=row.get("location_country"),
        admin1=row.get("location_admin1"), geonameid=row.get("location_geonameid"),
        feature=row.get("location_feature"), location_name=row.get("location_name"),
        countries=tuple(sorted(countries)), participants=participants,
        words=frozenset(content_words(text, knowledge.stopwords)),
    )


# --- blocking -------------------------------------------------------------------------------------


def bucket_size(options: Incidents) -> int:
    return options.date_window_days + 1


UNDATED = "?"  # the bucket of a report with no date and no publication date


def keys(report: Report, options: Incidents) -> list[str]:
    """The keys a report is filed under: its type x each of its countries x each date bucket it touches
    (the `?` bucket when it has no date at all)."""
    size = bucket_size(options)
    buckets = [UNDATED] if report.end == 0 else range(report.start // size, report.end // size + 1)
    return [f"{report.type}|{c}|{b}" for c in (report.countries or ("-",)) for b in buckets]


def probe_keys(report: Report, options: Incidents,
               knowledge: IncidentKnowledge | None = None) -> tuple[list[str], list[str]]:
    """What to look up for a report's possible partners: (keys, key prefixes). Keys: the compatible types x
    its countries x the buckets within the window of its interval, and their `?` buckets. A report with no
    date at all may be one incident with any dated one: it looks up whole prefixes (type and country), the
    one case that reads more than a window."""
    knowledge = knowledge or load_knowledge()
    size, window = bucket_size(options), options.date_window_days
    pairs = [(t, c) for t in knowledge.partners(report.type) for c in (report.countries or ("-",))]
    if report.end == 0:
        return [], [f"{t}|{c}|" for t, c in pairs]
    buckets = [*range((report.start - window) // size, (report.end + window) // size + 1), UNDATED]
    return [f"{t}|{c}|{b}" for t, c in pairs for b in buckets], []


# --- the rule --------------------------------------------------------------------------------------


def distance_km(a: Report, b: Report) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_participant(p: tuple, q: tuple) -> float:
    """1 the same KB actor; 0.75 one country and sector, or two organs of one state ("Russia" and "Russian
    forces": outlets name a state's army and its government for one act); 0.5 one country, a sector unknown."""
    if p[0] and q[0] and p[0] == q[0]:
        return 1.0
    if not p[1] or p[1] != q[1]:
        return 0.0
    if p[2] and q[2]:
        return 0.75 if p[2] == q[2] or (p[2] in STATE_SECTORS and q[2] in STATE_SECTORS) else 0.0
    return 0.5


def _participants(a: Report, b: Report) -> float | None:
    """Best agreement of two reports' participants; None when both name some and none agree."""
    if not a.participants or not b.participants:
        return 0.0
    best = max(_same_participant(p, q) for p in a.participants for q in b.participants)
    return best if best > 0 else None


def _place(a: Report, b: Report, options: Incidents) -> float | None:
    if a.country is None or b.country is None:
        return 0.0
    if a.geonameid is not None and a.geonameid == b.geonameid and a.feature not in _COARSE:
        return 1.0
    if a.feature in _COARSE or b.feature in _COARSE:
        return 0.25 if a.country == b.country else None
    km = distance_km(a, b)
    if km is not None and km <= options.near_km / 5:
        return 1.0
    if km is not None and km <= options.near_km:
        return 0.75
    # Two points far apart are two places, even in one province; a province (or district) as the place
    # of one report contains the other's town when both name the same admin1.
    areas = a.feature in ("admin1", "admin2") or b.feature in ("admin1", "admin2") or km is None
    if areas and a.admin1 and a.country == b.country and a.admin1 == b.admin1:
        return 0.5
    return None


def _dates(a: Report, b: Report, options: Incidents) -> float | None:
    if a.end == 0 or b.end == 0:  # no date and no publication date: nothing to agree or disagree on
        return 0.0
    gap = max(a.start - b.end, b.start - a.end, 0)
    if gap > options.date_window_days:
        return None
    if a.dated and b.dated:
        return 1.0 if (a.start, a.end) == (b.start, b.end) and a.end - a.start <= 1 else 0.5
    return 0.25


def link_score(a: Report, b: Report, options: Incidents, knowledge: IncidentKnowledge | None = None) -> float | None:
    """How strongly two reports are one incident, or None when they cannot be."""
    knowledge = knowledge or load_knowledge()
    same_text = a.root == b.root  # copies of one text: their coding differs by the coder's noise only
    if a.article_id == b.article_id and not (a.headline or b.headline):
        return None
    if not knowledge.types_compatible(a.type, b.type):
        return None
    if (a.factuality == "historical") != (b.factuality == "historical"):  # background is another, older event
        return None
    if not set(a.countries) & set(b.countries) and (a.countries or b.countries) and not same_text:
        return None
    dates = _dates(a, b, options)
    if dates is None:
        return None
    people = _participants(a, b)
    place = _place(a, b, options)
    if (people is None or place is None) and not same_text:
        return None
    score = (1.0 if a.type == b.type else 0.5) + (people or 0.0) + (place or 0.0) + dates + same_text
    score += options.text_weight * jaccard(set(a.words), set(b.words))
    return round(score, 4) if score >= options.min_score else None


def effective_day(report: Report) -> date | None:
    return date.fromordinal(report.end) if report.end > 0 else None


def day_iso(ordinal: int) -> str | None:
    return (date.min + timedelta(days=ordinal - 1)).isoformat() if ordinal > 0 else None
