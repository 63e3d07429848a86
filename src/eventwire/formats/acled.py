"""ACLED-style CSV: ACLED's column names, event types mapped from PLOVER by `data/acled_mapping.json`.

Only what ACLED would code is written: events whose PLOVER type (and mode, and recipients) maps to an ACLED
event type, and that are `asserted` (ACLED records events that happened, not plans or denials). The
others are counted in the returned `AcledReport`, by reason. `fatalities` is the event's killed magnitude
where the report gives one, its lower bound as ACLED takes the most conservative figure ("at least 20" -> 20,
"between 5 and 7" -> 5); empty where it gives none or gives no lower bound ("up to 10"). ACLED writes 0 for "no fatalities reported", but an
event without a count may still have had deaths that our reading missed, and an empty cell claims nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TextIO

import pycountry

from eventwire.datafiles import data_files, read_json
from eventwire.export import country_name, event_date

MAPPING_FILE = "acled_mapping.json"
COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    # eventwire's own columns, after ACLED's
    "eventwire_id", "article_id", "plover_type", "plover_mode", "factuality", "url",
)
_GEO_PRECISION = {"site": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}


@dataclass(frozen=True, slots=True)
class AcledMapping:
    version: int
    types: dict[str, dict[str, Any]]
    inter: dict[str, int]

    def target(self, row: dict[str, Any]) -> dict[str, str] | None:
        """The ACLED disorder/event/sub-event type of an event row, or None if ACLED would not code it."""
        rules = self.types.get(row.get("type") or "")
        if rules is None:
            return None
        mode = row.get("mode")
        if mode and mode in rules.get("modes", {}):
            return rules["modes"][mode]
        for entity in row.get("recipients") or []:
            if entity.get("sector") in rules.get("recipient_sectors", {}):
                return rules["recipient_sectors"][entity["sector"]]
        return rules["default"]

    def inter_code(self, entities: list[dict[str, Any]], event_type: str) -> int | None:
        if not entities:
            return None
        if event_type == "Protests":
            return 6
        if event_type == "Riots":
            return 5
        return self.inter.get(entities[0].get("sector") or "", 8)


@lru_cache(maxsize=4)
def load_mapping(path: str | None = None) -> AcledMapping:
    """The packaged mapping, or the user's `acled_mapping.json` in $EVENTWIRE_DATA_DIR, or `path`."""
    chosen = path or str(data_files(MAPPING_FILE)[-1])
    document = read_json(chosen, "acled_mapping")
    return AcledMapping(document["version"], document["types"], document["inter"])


@dataclass(slots=True)
class AcledReport:
    written: int = 0
    left_out: Counter = field(default_factory=Counter)  # reason -> events


def acled_row(row: dict[str, Any], mapping: AcledMapping) -> dict[str, Any] | None:
    target = mapping.target(row)
    if target is None:
        return None
    start, end = event_date(row)
    actors, recipients = row.get("actors") or [], row.get("recipients") or []
    inter1 = mapping.inter_code(actors, target["event_type"])
    inter2 = mapping.inter_code(recipients, "") if recipients else None
    iso3 = row.get("location_country") or next((e.get("country") for e in actors if e.get("country")), None)
    found = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    feature = row.get("location_feature")
    return {
        "event_id_cnty": row["id"], "event_date": start, "year": (start or "")[:4] or None,
        "time_precision": _time_precision(start, end), **target,
        "actor1": _name(actors[:1]), "assoc_actor_1": _name(actors[1:]), "inter1": inter1,
        "actor2": _name(recipients[:1]), "assoc_actor_2": _name(recipients[1:]), "inter2": inter2,
        "interaction": int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else inter1,
        "civilian_targeting": "Civilian targeting" if any(e.get("sector") == "CVL" for e in recipients) else "",
        "iso": int(found.numeric) if found else None, "region": None,
        "country": country_name(iso3), "admin1": row.get("location_admin1") if feature != "admin1" else row.get("location_name"),
        "admin2": row.get("location_name") if feature == "admin2" else None, "admin3": None,
        "location": row.get("location_name"), "latitude": row.get("location_lat"),
        "longitude": row.get("location_lon"), "geo_precision": _GEO_PRECISION.get(feature or ""),
        "source": row.get("article_source"), "source_scale": None, "notes": row.get("text"),
        "fatalities": fatalities(row), "tags": None, "timestamp": row.get("article_coded_at"),
        "eventwire_id": row["id"], "article_id": row.get("article_id"), "plover_type": row.get("type"),
        "plover_mode": row.get("mode"), "factuality": row.get("factuality"), "url": row.get("article_url"),
    }


def write_acled_csv(rows: Iterable[dict[str, Any]], file: TextIO, *, mapping: AcledMapping | None = None,
                    asserted_only: bool = True) -> AcledReport:
    """Write the ACLED-style CSV (header first) to a text file opened with newline=""."""
    mapping = mapping or load_mapping()
    writer = csv.DictWriter(file, fieldnames=COLUMNS)
    writer.writeheader()
    report = AcledReport()
    for row in rows:
        if asserted_only and row.get("factuality") != "asserted":
            report.left_out[f"{row.get('factuality')}, not asserted"] += 1
            continue
        out = acled_row(row, mapping)
        if out is None:
            report.left_out[f"{row.get('type')}: no ACLED event type"] += 1
            continue
        writer.writerow(out)
        report.written += 1
    return report


def fatalities(row: dict[str, Any]) -> int | None:
    """The lower bound of the event's killed count (see the module doc), or None."""
    return ((row.get("magnitudes") or {}).get("killed") or {}).get("min")


def _name(entities: list[dict[str, Any]]) -> str:
    return "; ".join(str(e.get("name")) for e in entities)


def _time_precision(start: str | None, end: str | None) -> int | None:
    """ACLED: 1 the day is known, 2 the week (or a few days), 3 only the month or longer."""
    if not start:
        return None
    if not end or end == start:
        return 1
    from datetime import date

    days = (date.fromisoformat(end) - date.fromisoformat(start)).days
    return 2 if days <= 7 else 3
