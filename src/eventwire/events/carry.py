"""What an event takes from elsewhere in its article: the last phase of the event stage.

A report names the place and the day of its incident once, usually in the headline or the lead, and
tells the rest of it in sentences that name neither ("Boko Haram kills 6 in Kijimatari" ... "the
insurgents also abducted ..."). Coded one sentence at a time, those events have no location (or only the
country or province) and fall back to the publication date. As ACLED codes an event at the most specific
place and day its report gives, such an event takes them from the article:

- **location**: an asserted event of at most a week with no place, or only a country, takes the nearest
  town before it in the text (else the first after it): with no place, a town of the article's home
  country where the article puts another event of its quad class; with a country, a town of that country
  that is not only the place of other kinds of events ("the minister travelled to Paris" gives Paris to
  no attack); never a dateline's place (where the reporter filed from);
- **date**: an asserted event with no date words takes the date of the nearest event of its type that
  has some.

Each carried field is recorded on the event as a `Decision(field, value, "article", 0.5)`, so a reader
sees it came from another sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

from eventwire.model import QUAD_CLASS, Decision, Event, EventDate, Place

FINE = ("site", "city", "admin2")  # a town or a district: as specific as a report's place usually gets
COARSE = ("country", "region")  # a place too wide to map an incident at, when the article names its town
CARRIED_SCORE = 0.5
LONGEST_INCIDENT = 7  # days: an act dated over a longer span is a campaign, not an incident at one town  # a carried field is less sure than one read in the event's own sentence


def in_dateline(place: Place, text: str) -> bool:
    """A place written in capitals at the start of a paragraph ("BAMAKO - ...", "KINSHASA: ...")."""
    return place.text.isupper() and (place.start == 0 or text[place.start - 1] == "\n")


def _contains(area: Place, place: Place) -> bool:
    if area.country is None or place.country != area.country:
        return False
    return area.feature in COARSE


def _nearest(ordered: list, starts: list[int], at: int, before_only: bool = True):
    """The item of `ordered` (sorted by start, `starts` their starts) nearest before `at` (else the first
    after it); with `before_only` False, the nearest on either side (the earlier on a tie)."""
    i = bisect_left(starts, at)
    if before_only:
        return ordered[i - 1] if i > 0 else ordered[0]
    sides = [j for j in (i - 1, i) if 0 <= j < len(ordered)]
    return min((ordered[j] for j in sides), key=lambda e: (abs(e.start - at), e.start))


def carry_locations(events: list[Event], places: list[Place], text: str, home_country: str | None) -> None:
    """Give each event with no town of its own the article's town for it. The towns that fit depend on
    the event's quad class and country only, so they are found once per such pair: linear work in long
    documents."""
    quads: dict[tuple[int, int], set[int | None]] = {}  # the quad classes of the events at each town
    for e in events:
        if e.location is not None:
            quads.setdefault((e.location.start, e.location.end), set()).add(QUAD_CLASS.get(e.type))
    towns = sorted((p for p in places if p.role == "location" and p.feature in FINE and p.lat is not None
                    and not in_dateline(p, text)), key=lambda p: p.start)
    found: dict[tuple, tuple[list[Place], list[int]]] = {}
    for event in events:
        own, quad = event.location, QUAD_CLASS.get(event.type)
        if event.factuality != "asserted" or (event.date is not None and _days(event.date) > LONGEST_INCIDENT):
            continue  # background, plans, denials and years-long acts are not the incident's
        if own is None:  # only a town where the article puts another event of its quad class
            key = (quad, None)
            if key not in found:
                fits = [t for t in towns if quad in quads.get((t.start, t.end), ())
                        and home_country is not None and t.country == home_country]
                found[key] = (fits, [t.start for t in fits])
        elif own.feature in COARSE:  # a town in it, unless the town is the place of other kinds of events only
            key = (quad, own.country, own.feature)
            if key not in found:
                fits = [t for t in towns if quad in quads.get((t.start, t.end), {quad}) and _contains(own, t)]
                found[key] = (fits, [t.start for t in fits])
        else:
            continue
        fits, starts = found[key]
        if not fits:
            continue
        chosen = _nearest(fits, starts, event.start)
        event.location = chosen
        event.decisions.append(Decision("location", chosen.name or chosen.text, "article", CARRIED_SCORE))


def carry_dates(events: list[Event]) -> None:
    """Give each asserted event with no date words the day of the nearest event of its type with one."""
    by_type: dict[str, list[Event]] = {}
    for e in events:
        if e.date is not None and e.date.text and _days(e.date) <= 1:
            by_type.setdefault(e.type, []).append(e)
    starts = {t: [e.start for e in sorted(es, key=lambda e: e.start)] for t, es in by_type.items()}
    ordered = {t: sorted(es, key=lambda e: e.start) for t, es in by_type.items()}
    for event in events:
        if (event.date is not None and event.date.text) or event.factuality != "asserted":
            continue
        if event.type not in ordered:
            continue
        chosen = _nearest(ordered[event.type], starts[event.type], event.start, before_only=False)
        event.date = chosen.date
        event.decisions.append(Decision("date", chosen.date.text or "", "article", CARRIED_SCORE))


def _days(when: EventDate) -> int:
    try:
        return (date.fromisoformat(when.end[:10]) - date.fromisoformat(when.start[:10])).days
    except ValueError:
        return 99
