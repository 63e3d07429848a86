"""Phoenix/CAMEO TSV: the column layout of the Phoenix event data sets (no header row in Phoenix; we write
one, `header=False` leaves it out), one row per actor-recipient dyad of an event.

CAMEO: an event keeps the CAMEO code of its trigger's lexicon entry; otherwise its PLOVER category's root
code from `data/plover_cameo.json`. Actor codes are Phoenix-style country + sector (`SYRMIL`, `SDNREB`).
GoldsteinScore and Issues are left empty: eventwire computes neither.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TextIO

from eventwire.datafiles import data_files, read_json
from eventwire.export import event_date

COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day",
    "SourceActorFull", "SourceActorEntity", "SourceActorRole", "SourceActorAttribute",
    "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "QuadClass", "GoldsteinScore", "Issues",
    "Lat", "Lon", "LocationName", "StateName", "CountryCode", "SentenceID", "URLs", "NewsSources",
)


@lru_cache(maxsize=2)
def cameo_roots(path: str | None = None) -> dict[str, str]:
    return read_json(path or str(data_files("plover_cameo.json")[-1]), "plover_cameo")["roots"]


def _actor(entity: dict[str, Any] | None) -> tuple[str, str, str, str]:
    if entity is None:
        return "", "", "", ""
    country, sector = entity.get("country") or "", entity.get("sector") or ""
    return country + sector, country, sector, ""


def phoenix_rows(row: dict[str, Any]) -> list[list[Any]]:
    """The TSV rows of one event row: one per (actor, recipient) pair, at least one."""
    start, _ = event_date(row)
    compact = (start or "").replace("-", "")
    code = row.get("cameo") or cameo_roots().get(row.get("type") or "", "")
    actors = row.get("actors") or [None]
    recipients = row.get("recipients") or [None]
    pairs = [(a, r) for a in actors for r in recipients]
    out = []
    for n, (actor, recipient) in enumerate(pairs):
        out.append([
            row["id"] if len(pairs) == 1 else f"{row['id']}.{n + 1}",
            compact, compact[:4], compact[4:6], compact[6:8],
            *_actor(actor), *_actor(recipient),
            code, code[:2], row.get("quad_class"), "", "",
            row.get("location_lat"), row.get("location_lon"), row.get("location_name"),
            row.get("location_admin1"), row.get("location_country"), row.get("sentence"),
            row.get("article_url"), row.get("article_source"),
        ])
    return out


def write_phoenix_tsv(rows: Iterable[dict[str, Any]], file: TextIO, *, header: bool = True) -> int:
    """Write Phoenix TSV to a text file opened with newline=""; returns the number of rows written."""
    writer = csv.writer(file, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        for line in phoenix_rows(row):
            writer.writerow(["" if v is None else v for v in line])
            count += 1
    return count
