"""Parquet files of the store, for pandas, Polars, R (arrow) and DuckDB as they are.

    write_parquet(store.iter_events(country="SDN"), out_dir, store=store)
    # out_dir/events.parquet, event_actors.parquet, places.parquet, quotes.parquet

`events.parquet` has one row per event: the event columns, location and claimant flattened, the article's
metadata, and each participant field as a list aligned by position (`actor_name[i]` and
`actor_country[i]` describe the same actor). `event_actors.parquet` is the same participants in long form
(one row per event, role and position). `places.parquet` and `quotes.parquet` hold the place mentions and
quotes of the articles the events come from. The schemas are the `*_SCHEMA` constants below, documented in
docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.export import event_date
from eventwire.model import MAGNITUDE_KINDS

CHUNK = 2000
_str, _int, _float = pa.string(), pa.int64(), pa.float64()
ENTITY_FIELDS = (("name", _str), ("text", _str), ("kb_id", _str), ("wikidata", _str), ("country", _str),
                 ("sector", _str), ("kind", _str), ("score", _float))

EVENTS_SCHEMA = pa.schema([
    ("id", _str), ("article_id", _str), ("seq", _int), ("date", _str), ("enddate", _str),
    ("type", _str), ("mode", _str), ("contexts", pa.list_(_str)), ("quad_class", _int), ("cameo", _str),
    ("factuality", _str), ("confidence", _float), ("trigger", _str),
    ("date_start", _str), ("date_end", _str), ("date_text", _str),
    ("location_name", _str), ("location_text", _str), ("location_geonameid", _int), ("location_lat", _float),
    ("location_lon", _float), ("location_country", _str), ("location_admin1", _str), ("location_feature", _str),
    ("claimed_by_name", _str), ("claimed_by_kb_id", _str), ("claimed_by_wikidata", _str),
    ("claimed_by_country", _str), ("claimed_by_sector", _str),
    *[(f"{role}_{key}", pa.list_(kind)) for role in ("actor", "recipient") for key, kind in ENTITY_FIELDS],
    ("sentence", _int), ("start", _int), ("end", _int), ("text", _str),
    ("article_title", _str), ("article_url", _str), ("article_source", _str), ("article_published", _str),
    ("article_coded_at", _str), ("article_version", _str),
    # magnitudes (model.MAGNITUDE_KINDS): the count as a range, null where the report gives none
    *[(f"{kind}_{key}", kind_type) for kind in MAGNITUDE_KINDS
      for key, kind_type in (("min", _int), ("max", _int), ("text", _str))],
])
ACTORS_SCHEMA = pa.schema([("event_id", _str), ("article_id", _str), ("role", _str), ("seq", _int),
                           *ENTITY_FIELDS, ("start", _int), ("end", _int)])
PLACES_SCHEMA = pa.schema([("article_id", _str), ("text", _str), ("start", _int), ("end", _int), ("name", _str),
                           ("geonameid", _int), ("lat", _float), ("lon", _float), ("country", _str),
                           ("admin1", _str), ("feature", _str), ("role", _str), ("score", _float)])
QUOTES_SCHEMA = pa.schema([("id", _str), ("article_id", _str), ("text", _str), ("start", _int), ("end", _int),
                           ("kind", _str), *[(f"speaker_{k}", _str) for k in
                                             ("name", "text", "kb_id", "wikidata", "country", "sector", "kind")],
                           ("medium", _str)])


def parquet_event(row: dict[str, Any]) -> dict[str, Any]:
    """One event row in the `EVENTS_SCHEMA` shape."""
    start, end = event_date(row)
    out = {name: row.get(name) for name in EVENTS_SCHEMA.names}
    out.update(date=start, enddate=end, contexts=list(row.get("contexts") or []))
    for role in ("actor", "recipient"):
        entities = row.get(f"{role}s") or []
        for key, _ in ENTITY_FIELDS:
            out[f"{role}_{key}"] = [e.get(key) for e in entities]
    magnitudes = row.get("magnitudes") or {}
    for kind in MAGNITUDE_KINDS:
        for key in ("min", "max", "text"):
            out[f"{kind}_{key}"] = (magnitudes.get(kind) or {}).get(key)
    return out


def actor_rows(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for role in ("actor", "recipient"):
        for seq, entity in enumerate(row.get(f"{role}s") or []):
            yield {"event_id": row["id"], "article_id": row.get("article_id"), "role": role, "seq": seq,
                   **{name: entity.get(name) for name in ACTORS_SCHEMA.names[4:]}}


def write_parquet(rows: Iterable[dict[str, Any]], directory: str | Path, *, store=None) -> dict[str, int]:
    """Write events.parquet and event_actors.parquet (and, with a `store`, places.parquet and
    quotes.parquet of the same articles) into `directory`; returns the rows written per file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    counts = {"events": 0, "event_actors": 0}
    articles: dict[str, None] = {}
    stream = iter(rows)
    with pq.ParquetWriter(directory / "events.parquet", EVENTS_SCHEMA) as events, \
            pq.ParquetWriter(directory / "event_actors.parquet", ACTORS_SCHEMA) as actors:
        while chunk := list(islice(stream, CHUNK)):
            events.write_table(pa.Table.from_pylist([parquet_event(r) for r in chunk], schema=EVENTS_SCHEMA))
            people = [a for r in chunk for a in actor_rows(r)]
            actors.write_table(pa.Table.from_pylist(people, schema=ACTORS_SCHEMA))
            counts["events"] += len(chunk)
            counts["event_actors"] += len(people)
            articles.update(dict.fromkeys(r["article_id"] for r in chunk))
    if store is not None:
        for table, schema in (("places", PLACES_SCHEMA), ("quotes", QUOTES_SCHEMA)):
            counts[table] = _write_stream(store.article_rows(table, articles), directory / f"{table}.parquet",
                                          schema)
    return counts


def _write_stream(rows: Iterable[dict[str, Any]], path: Path, schema: pa.Schema) -> int:
    count = 0
    stream = iter(rows)
    with pq.ParquetWriter(path, schema) as writer:
        while chunk := list(islice(stream, CHUNK)):
            writer.write_table(pa.Table.from_pylist([{n: r.get(n) for n in schema.names} for r in chunk],
                                                    schema=schema))
            count += len(chunk)
        if not count:
            writer.write_table(schema.empty_table())
    return count
