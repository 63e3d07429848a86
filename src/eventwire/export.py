"""Export formats for event rows (from `Store.events()` or `store.event_rows(coded)`).

- `to_plover_jsonl`: one PLOVER event record per line, PLOVER field names, Mordecai3-shape
  `event_loc`; eventwire's own fields (`factuality`, `claimed_by`, `cameo`, `confidence`,
  `article_id`) are extensions a PLOVER reader can ignore.
- `to_csv`: one row per event; lists (actors, contexts) joined with ';', position-aligned so the
  i-th actor name, country and sector belong together.
- `to_geojson` / `write_geojson`: a FeatureCollection of the events that have coordinates; the rest are
  counted. `write_geojson` streams it, feature by feature.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TextIO

import pycountry

from eventwire import __version__

CODEBOOK = "PLOVER manual (16 categories)"
LIST_SEP = ";"

# Our place feature kinds -> GeoNames feature class/code and Mordecai3's resolution scale
# (5 sub-city ... 1 country). "region" (e.g. "the Middle East") has no admin level.
_FEATURES: dict[str, tuple[str, str, int | None]] = {
    "country": ("A", "PCLI", 1),
    "admin1": ("A", "ADM1", 2),
    "admin2": ("A", "ADM2", 3),
    "city": ("P", "PPL", 4),
    "site": ("S", "", 5),
    "region": ("L", "RGN", None),
}

Row = dict[str, Any]


# --- PLOVER -------------------------------------------------------------------------------------


def _plover_entity(ent: dict[str, Any]) -> dict[str, Any]:
    """PLOVER actor object: country/IGO code, sector, text as written, Wikidata id and name."""
    return {
        "code": ent.get("country"),
        "sector": ent.get("sector"),
        "entity_text": ent.get("text"),
        "identifier_id": ent.get("wikidata"),
        "identifier_text": ent.get("name"),
    }


@lru_cache(maxsize=512)
def country_name(iso3: str | None) -> str | None:
    """English short name of an ISO3 code (None for IGO/NGO codes pycountry does not know)."""
    if not iso3:
        return None
    found = pycountry.countries.get(alpha_3=iso3.upper())
    return found.name if found else None


def event_loc(row: Row) -> dict[str, Any] | None:
    """Mordecai3-shape location object of an event row, or None when it has no location."""
    if row.get("location_text") is None and row.get("location_name") is None:
        return None
    feature = row.get("location_feature") or ""
    fclass, fcode, resolution = _FEATURES.get(feature, (None, None, None))
    name = row.get("location_name")
    return {
        "extracted_place": row.get("location_text"),
        "resolved_place": name,
        "geonameid": row.get("location_geonameid"),
        "lat": row.get("location_lat"),
        "lon": row.get("location_lon"),
        "city": name if feature in ("city", "site") else None,
        "district": name if feature == "admin2" else None,
        "province": name if feature == "admin1" else row.get("location_admin1"),
        "country": country_name(row.get("location_country")),
        "country_code": row.get("location_country"),
        "feature_class": fclass,
        "feature_code": fcode or None,
        "resolution": resolution,
    }


def _claimant(row: Row) -> dict[str, Any] | None:
    if not row.get("claimed_by_name"):
        return None
    return {
        "name": row["claimed_by_name"], "entity_text": row.get("claimed_by_text"),
        "code": row.get("claimed_by_country"), "sector": row.get("claimed_by_sector"),
        "identifier_id": row.get("claimed_by_wikidata"),
    }


def event_date(row: Row) -> tuple[str | None, str | None]:
    """(date, enddate) of an event: its own interval, else the article's publication date."""
    start = row.get("date_start") or row.get("article_published")
    end = row.get("date_end") or start
    return start, end


def plover_record(row: Row) -> dict[str, Any]:
    """One event row as a PLOVER event record (PLOVER field names, plus eventwire extensions)."""
    start, end = event_date(row)
    record: dict[str, Any] = {
        "id": row["id"],
        "date": start,
        # PLOVER: enddate only for events spanning more than one day
        **({"enddate": end} if end and end != start else {}),
        "actor": [_plover_entity(e) for e in row.get("actors", [])],
        "recipient": [_plover_entity(e) for e in row.get("recipients", [])],
        "event": [row["type"]],
        "mode": [row["mode"]] if row.get("mode") else [],
        "context": list(row.get("contexts") or []),
        "event_loc": event_loc(row),
        "quad_code": row.get("quad_class"),
        "event_text": row.get("text"),
        "text_info": {"start": row.get("start"), "end": row.get("end"),
                      "sentence": row.get("sentence")},
        "cite_info": {
            "publication": row.get("article_source"), "url": row.get("article_url"),
            "title": row.get("article_title"), "codebook": CODEBOOK,
            "coder": f"eventwire {row.get('article_version') or __version__}",
        },
        # eventwire extensions
        "factuality": row.get("factuality"),
        "claimed_by": _claimant(row),
        "cameo": row.get("cameo"),
        "confidence": row.get("confidence"),
        "article_id": row.get("article_id"),
        "copy_of": row.get("copy_of"),  # the original article when this report's article is a copy
        "incident": row.get("incident_id"),  # the real-world incident the report belongs to
        "magnitudes": {kind: {"min": m.get("min"), "max": m.get("max"), "text": m.get("text")}
                       for kind, m in (row.get("magnitudes") or {}).items()},
    }
    if row.get("article_coded_at"):
        record["coded_date"] = str(row["article_coded_at"])[:10]
    return record


def to_plover_jsonl(rows: Iterable[Row]) -> str:
    """PLOVER JSON Lines text, one event per line (empty string for no events)."""
    return "".join(json.dumps(plover_record(r), ensure_ascii=False) + "\n" for r in rows)


def write_plover_jsonl(rows: Iterable[Row], file: TextIO) -> int:
    """Stream PLOVER JSON Lines to an open text file; returns the number of records written."""
    count = 0
    for row in rows:
        file.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
        count += 1
    return count


# --- CSV ----------------------------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "date", "enddate", "type", "mode", "contexts", "quad_class", "factuality",
    "actor", "actor_country", "actor_sector", "actor_wikidata",
    "recipient", "recipient_country", "recipient_sector", "recipient_wikidata",
    "location", "location_text", "geonameid", "lat", "lon", "location_country",
    "claimed_by", "confidence", "cameo", "text", "sentence", "start", "end",
    "title", "url", "source", "published", "copy_of", "incident",
)


def _joined(entities: list[dict[str, Any]], key: str) -> str:
    return LIST_SEP.join(str(e.get(key) or "") for e in entities)


def csv_row(row: Row) -> dict[str, Any]:
    """One event row flattened to the CSV columns (None becomes an empty cell)."""
    start, end = event_date(row)
    out: dict[str, Any] = {
        "id": row["id"], "article_id": row.get("article_id"), "date": start, "enddate": end,
        "type": row["type"], "mode": row.get("mode"),
        "contexts": LIST_SEP.join(row.get("contexts") or []),
        "quad_class": row.get("quad_class"), "factuality": row.get("factuality"),
        "location": row.get("location_name"), "location_text": row.get("location_text"),
        "geonameid": row.get("location_geonameid"), "lat": row.get("location_lat"),
        "lon": row.get("location_lon"), "location_country": row.get("location_country"),
        "claimed_by": row.get("claimed_by_name"), "confidence": row.get("confidence"),
        "cameo": row.get("cameo"), "text": row.get("text"), "sentence": row.get("sentence"),
        "start": row.get("start"), "end": row.get("end"), "title": row.get("article_title"),
        "url": row.get("article_url"), "source": row.get("article_source"),
        "published": row.get("article_published"), "copy_of": row.get("copy_of"),
        "incident": row.get("incident_id"),
    }
    for role in ("actor", "recipient"):
        ents = row.get(f"{role}s") or []
        out[role] = _joined(ents, "name")
        for key in ("country", "sector", "wikidata"):
            out[f"{role}_{key}"] = _joined(ents, key)
    return out


def to_csv(rows: Iterable[Row], file: TextIO) -> int:
    """Write events as CSV (header first) to an open text file; returns the number of rows.

    Open the file with newline="" as the csv module asks.
    """
    writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(csv_row(row))
        count += 1
    return count


# --- GeoJSON ------------------------------------------------------------------------------------


def _feature(row: Row) -> dict[str, Any]:
    start, end = event_date(row)
    props = {
        "id": row["id"], "type": row["type"], "date": start, "enddate": end,
        "quad_class": row.get("quad_class"), "factuality": row.get("factuality"),
        "actors": [e.get("name") for e in row.get("actors") or []],
        "recipients": [e.get("name") for e in row.get("recipients") or []],
        "location": row.get("location_name"), "geonameid": row.get("location_geonameid"),
        "country_code": row.get("location_country"), "text": row.get("text"),
        "title": row.get("article_title"), "url": row.get("article_url"),
        "copy_of": row.get("copy_of"), "incident": row.get("incident_id"),
    }
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["location_lon"], row["location_lat"]]},
        "properties": props,
    }


def write_geojson(rows: Iterable[Row], file: TextIO) -> tuple[int, int]:
    """Stream the FeatureCollection of `to_geojson` to an open text file, one feature at a time (the
    foreign member `eventwire` comes last, when the counts are known); returns (events, without_coordinates)."""
    file.write('{"type": "FeatureCollection", "features": [')
    events = skipped = 0
    for row in rows:
        events += 1
        if row.get("location_lat") is None or row.get("location_lon") is None:
            skipped += 1
            continue
        file.write(("\n" if events - skipped == 1 else ",\n") + json.dumps(_feature(row), ensure_ascii=False))
    counts = {"events": events, "without_coordinates": skipped}
    file.write(f'], "eventwire": {json.dumps(counts)}}}\n')
    return events, skipped


def to_geojson(rows: Iterable[Row]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946: [lon, lat]) of the events that have coordinates.

    Events without coordinates are left out and counted in the foreign member `eventwire`.
    """
    features, skipped = [], 0
    for row in rows:
        if row.get("location_lat") is None or row.get("location_lon") is None:
            skipped += 1
            continue
        features.append(_feature(row))
    return {
        "type": "FeatureCollection",
        "features": features,
        "eventwire": {"events": len(features) + skipped, "without_coordinates": skipped},
    }
