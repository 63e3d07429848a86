"""Watchlists: saved queries over incidents, stored in the store's `watchlists` table.

    wl = Watchlist.from_dict("sahel", {"countries": ["MLI", "BFA"], "types": ["ASSAULT"], "min_sources": 2,
                                       "webhooks": ["https://hooks.example.org/eventwire"]})
    wl.matches(incident_record)          # a consensus record (eventwire.incidents.consensus)

Every given field must hold (AND); within a field any value may (OR). `actors`: a participant's name or KB
id (case-insensitive substring); `countries`: ISO3 of the location or a participant; `places`: location
name (substring); `bbox`: [west, south, east, north] in degrees; `types`; `quad_classes`; `min_sources`:
independent sources at least. `webhooks`: URLs that receive each alert as a JSON POST.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from eventwire.errors import WatchlistError
from eventwire.model import PLOVER_TYPES

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class Watchlist:
    name: str
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    types: tuple[str, ...] = ()
    quad_classes: tuple[int, ...] = ()
    min_sources: int = 1
    webhooks: tuple[str, ...] = ()

    @property
    def has_area(self) -> bool:
        """Whether the watchlist watches a place (countries, places or a box): new actors are told there."""
        return bool(self.countries or self.places or self.bbox)

    def matches(self, record: dict[str, Any], *, ignore_quad: bool = False) -> bool:
        """Whether an incident's consensus record satisfies every given field."""
        if record.get("independent_sources", 0) < self.min_sources:
            return False
        if self.types and record.get("type") not in self.types:
            return False
        if self.quad_classes and not ignore_quad and record.get("quad_class") not in self.quad_classes:
            return False
        if self.countries and not set(self.countries) & set(record.get("countries") or ()):
            return False
        if self.places:
            name = (record.get("location_name") or "").casefold()
            if not any(p.casefold() in name for p in self.places):
                return False
        if self.bbox:
            lat, lon = record.get("location_lat"), record.get("location_lon")
            west, south, east, north = self.bbox
            if lat is None or lon is None or not south <= lat <= north:
                return False
            if not (west <= lon <= east if west <= east else lon >= west or lon <= east):
                return False
        if self.actors:
            people = [p.casefold() for p in record.get("participants") or ()]
            people += [k.casefold() for k in record.get("participant_ids") or ()]
            if not any(a.casefold() in p for a in self.actors for p in people):
                return False
        return True

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if k != "name" and v not in ((), None)}
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> Watchlist:
        """A checked watchlist: an unknown field or a bad value is a WatchlistError naming it."""
        if not _NAME.match(name or ""):
            raise WatchlistError(name, "a name is letters, digits, '_', '.' or '-' (at most 64)")
        known = {"actors", "countries", "places", "bbox", "types", "quad_classes", "min_sources", "webhooks"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise WatchlistError(name, f"unknown field {unknown[0]!r} (known: {', '.join(sorted(known))})")

        def strings(field: str) -> tuple[str, ...]:
            value = data.get(field, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise WatchlistError(name, f"{field} must be a list of non-empty strings")
            return tuple(dict.fromkeys(v.strip() for v in value))

        countries = tuple(c.upper() for c in strings("countries"))
        bad = [c for c in countries if not _COUNTRY.match(c)]
        if bad:
            raise WatchlistError(name, f"countries: {bad[0]!r} is not an ISO 3166 alpha-3 code")
        types = tuple(t.upper() for t in strings("types"))
        bad = [t for t in types if t not in PLOVER_TYPES]
        if bad:
            raise WatchlistError(name, f"types: {bad[0]!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
        quads = data.get("quad_classes", [])
        if not isinstance(quads, list) or not all(isinstance(q, int) and not isinstance(q, bool) and 1 <= q <= 4
                                                  for q in quads):
            raise WatchlistError(name, "quad_classes must be a list of 1..4")
        bbox = data.get("bbox")
        if bbox is not None:
            if (not isinstance(bbox, list) or len(bbox) != 4
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in bbox)):
                raise WatchlistError(name, "bbox must be [west, south, east, north] in degrees")
            west, south, east, north = (float(v) for v in bbox)
            if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
                raise WatchlistError(name, "bbox: longitudes within -180..180, latitudes within -90..90, south <= north")
            bbox = (west, south, east, north)
        min_sources = data.get("min_sources", 1)
        if not isinstance(min_sources, int) or isinstance(min_sources, bool) or min_sources < 1:
            raise WatchlistError(name, f"min_sources must be a whole number >= 1, not {min_sources!r}")
        hooks = strings("webhooks")
        bad = [u for u in hooks if not re.match(r"^https?://[^\s/]+", u)]
        if bad:
            raise WatchlistError(name, f"webhooks: {bad[0]!r} is not an http(s) URL")
        return cls(name=name, actors=strings("actors"), countries=countries, places=strings("places"),
                   bbox=bbox, types=types, quad_classes=tuple(sorted(set(quads))), min_sources=min_sources,
                   webhooks=hooks)
