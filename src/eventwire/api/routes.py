"""The HTTP routes: each parses its parameters, calls one `Reader` (or store / coder) method and
renders the result. Filters, paging and aggregation live in `queries.py`."""

from __future__ import annotations

import hmac
from datetime import date
import io
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from eventwire import __version__
from eventwire.api import coding
from eventwire.api.problems import BadRequest, NotFound, ReadOnly, Unauthorized, Unprocessable
from eventwire.api.queries import STAT_DIMENSIONS, EventFilter, Reader
from eventwire.api.settings import Settings
from eventwire.model import FACTUALITY_VALUES, PLOVER_TYPES, CodedArticle, Failure
from eventwire.store.sqlite import open_store

router = APIRouter()
_write_lock = threading.Lock()
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
CSV, GEOJSON = "text/csv", "application/geo+json"
Format = Literal["json", "csv", "geojson"]
Count = Literal["reports", "incidents"]


def reader(request: Request) -> Reader:
    return request.app.state.reader


def settings(request: Request) -> Settings:
    return request.app.state.settings


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise BadRequest("bbox: expected four numbers west,south,east,north (degrees)") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise BadRequest("bbox: longitudes within -180..180, latitudes within -90..90, south <= north")
    return west, south, east, north


def event_filter(
    type: Annotated[list[str], Query(description="PLOVER type(s), e.g. ASSAULT (repeat for several)")] = [],
    quad_class: Annotated[list[Annotated[int, Field(ge=1, le=4)]],
                          Query(description="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict")] = [],
    factuality: Annotated[list[str], Query(description=", ".join(FACTUALITY_VALUES))] = [],
    actor: Annotated[str | None, Query(max_length=200, description="name, text or KB id (substring), either side")] = None,
    actor_country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,4}$")] = None,
    actor_sector: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,4}$")] = None,
    recipient_country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,4}$")] = None,
    recipient_sector: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,4}$")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,4}$",
                                         description="ISO3 of any participant or the location")] = None,
    place: Annotated[str | None, Query(max_length=200, description="location name (substring) or GeoNames id")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    since: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    q: Annotated[str | None, Query(max_length=200, description="text of the event (substring)")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    article: Annotated[str | None, Query(max_length=500, description="article id")] = None,
    incident: Annotated[str | None, Query(max_length=600, description="an incident id: its reports")] = None,
) -> EventFilter:
    types = tuple(dict.fromkeys(t.strip().upper() for t in type if t.strip()))
    unknown = [t for t in types if t not in PLOVER_TYPES]
    if unknown:
        raise BadRequest(f"type: unknown PLOVER type {unknown[0]!r}; use one of {', '.join(PLOVER_TYPES)}")
    facts = tuple(dict.fromkeys(f.strip().lower() for f in factuality if f.strip()))
    bad = [f for f in facts if f not in FACTUALITY_VALUES]
    if bad:
        raise BadRequest(f"factuality: unknown value {bad[0]!r}; use one of {', '.join(FACTUALITY_VALUES)}")
    _check_dates(since=since, until=until)
    return EventFilter(
        type=types, quad_class=tuple(sorted(set(quad_class))), factuality=facts, actor=actor or None,
        actor_country=actor_country, actor_sector=actor_sector, recipient_country=recipient_country,
        recipient_sector=recipient_sector, country=country, place=place or None, bbox=_bbox(bbox),
        since=since, until=until, q=q or None, min_confidence=min_confidence, article_id=article or None,
        incident=incident or None,
    )


def _check_dates(**dates: str | None) -> None:
    for name, value in dates.items():
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise BadRequest(f"{name}: {value!r} is not a calendar date (YYYY-MM-DD)") from None


Filter = Annotated[EventFilter, Depends(event_filter)]
Db = Annotated[Reader, Depends(reader)]


def _format(request: Request, format: str | None) -> str:
    if format:
        return format
    accept = request.headers.get("accept", "")
    if CSV in accept:
        return "csv"
    if GEOJSON in accept:
        return "geojson"
    return "json"


def _next_link(request: Request, cursor: str | None) -> dict[str, str]:
    if not cursor:
        return {}
    url = request.url.include_query_params(cursor=cursor)
    return {"Link": f'<{url.path}?{url.query}>; rel="next"'}


# --- events --------------------------------------------------------------------------------------


@router.get("/events", tags=["events"], summary="Events matching the filters, one page")
def list_events(
    request: Request, db: Db, flt: Filter,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000, description="`next` of the previous page")] = None,
    order: Literal["desc", "asc"] = "desc",
    format: Annotated[Format | None, Query(description="else by Accept: text/csv, application/geo+json")] = None,
    count: Annotated[Count, Query(description="reports: one row per event; incidents: one per incident")] = "reports",
):
    """Events in publication order (newest first unless `order=asc`), keyset-paged: pass the
    response's `next` as `cursor` (also in the `Link` header) for the following page. Rows have the
    store's shape (`eventwire events --format json`); `format=csv` and `format=geojson` render the
    same page as eventwire's CSV and GeoJSON exports. `count=incidents` gives one row per incident
    (its consensus record over its latest matching report, latest first), so copies and re-reports
    of one real-world event count once; `incident=ID` lists one incident's reports."""
    with db.budget():
        if count == "incidents":
            page = db.incidents(flt, limit=limit, cursor=cursor)
        else:
            page = db.events(flt, limit=limit, cursor=cursor, order=order)
    headers = _next_link(request, page.next)
    fmt = _format(request, format)
    if fmt == "csv":
        from eventwire.export import to_csv

        buffer = io.StringIO()
        to_csv(page.rows, buffer)
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    if fmt == "geojson":
        from eventwire.export import to_geojson

        body = to_geojson(page.rows)
        body["next"] = page.next
        return JSONResponse(body, media_type=GEOJSON, headers=headers)
    return JSONResponse({"events": page.rows, "next": page.next, "limit": page.limit}, headers=headers)


@router.get("/events/{event_id}", tags=["events"], summary="One event with its evidence and linked records")
def get_event(db: Db, event_id: Annotated[str, Path(max_length=500)]):
    """The event row, its evidence (sentence number, character offsets into the article text, the
    text span and the sentence), the article's metadata, and the records it links: actors and
    recipients, location, claimant, the quotes it was reported in and the time expressions inside it."""
    with db.budget():
        row = db.event(event_id)
        if row is None:
            raise NotFound(f"no event {event_id!r}")
        article = db.article(row["article_id"])
        quotes = db.quotes_overlapping(row["article_id"], row["start"], row["end"])
    document = article["document"]
    start, end = row["start"], row["end"]
    text = article["text"]
    evidence = {
        "article_id": row["article_id"], "sentence": row["sentence"], "start": start, "end": end,
        "text": text[start:end], "context": _sentence_around(text, start, end),
    }
    times = [t for t in document.get("times", []) if t["start"] < end and t["end"] > start]
    coded = next((e for e in document.get("events", []) if e.get("id") == event_id), None)
    meta = {k: article[k] for k in ("id", "title", "url", "source", "published", "coded_at")}
    return {"event": row, "evidence": evidence, "article": meta, "coded": coded,
            "quotes": quotes, "times": times}


def _sentence_around(text: str, start: int, end: int) -> dict[str, Any]:
    """The paragraph-bounded sentence window around [start, end): what a reader checks the event on."""
    left = max(text.rfind("\n", 0, start), max(text.rfind(". ", 0, start) + 1, 0) - 1)
    left = max(left + 1, 0)
    right_candidates = [i for i in (text.find("\n", end), text.find(". ", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return {"start": left, "end": right, "text": text[left:right].strip()}


# --- articles ------------------------------------------------------------------------------------


@router.get("/articles", tags=["articles"], summary="Stored articles (no text), newest first")
def list_articles(
    request: Request, db: Db,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    q: Annotated[str | None, Query(max_length=200, description="title or id (substring)")] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
):
    _check_dates(since=since, until=until)
    with db.budget():
        page = db.articles(limit=limit, cursor=cursor, q=q, source=source, since=since, until=until)
    return JSONResponse({"articles": page.rows, "next": page.next, "limit": page.limit},
                        headers=_next_link(request, page.next))


@router.get("/articles/{article_id}", tags=["articles"], summary="An article's text with every annotation")
def get_article(db: Db, article_id: Annotated[str, Path(max_length=500)]):
    """The text, and every coded span in it (`annotations`: events, actors, places, times, quotes,
    warnings), each with `start`/`end` offsets into `article.text` and its coded record; `events`
    are the article's event rows. The stored document itself is at `/articles/{id}/document`."""
    with db.budget():
        article = db.article(article_id)
        if article is None:
            raise NotFound(f"no article {article_id!r}")
        rows = db.events(EventFilter(article_id=article_id), limit=10_000, order="asc").rows
    document = article.pop("document")
    return {"article": article, "annotations": annotations(document, article["warnings"]), "events": rows}


@router.get("/articles/{article_id}/document", tags=["articles"],
            summary="The stored document, as `eventwire code` prints it")
def get_document(db: Db, article_id: Annotated[str, Path(max_length=500)]):
    with db.budget():
        article = db.article(article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r}")
    return article["document"]


def annotations(document: dict[str, Any], warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every span of a coded document as {kind, id, start, end, label, record}, in text order."""
    out = []

    def add(kind: str, ident: str, record: dict[str, Any], label: str) -> None:
        if isinstance(record.get("start"), int) and isinstance(record.get("end"), int):
            out.append({"kind": kind, "id": ident, "start": record["start"], "end": record["end"],
                        "label": label, "record": record})

    for event in document.get("events", []):
        add("event", event["id"], event, f"{event['type']} ({event.get('factuality')})")
    for n, actor in enumerate(document.get("actors", [])):
        add("actor", f"actor-{n}", actor, actor.get("name") or actor.get("text") or "")
    for n, place in enumerate(document.get("places", [])):
        add("place", f"place-{n}", place, place.get("name") or place.get("text") or "")
    for n, time_ in enumerate(document.get("times", [])):
        value = time_.get("value") or {}
        add("time", f"time-{n}", time_, value.get("start") or time_.get("text") or "")
    for quote in document.get("quotes", []):
        speaker = (quote.get("speaker") or {}).get("name")
        add("quote", quote["id"], quote, f"quote ({speaker or 'unknown speaker'})")
    for n, warning in enumerate(warnings):
        add("warning", f"warning-{n}", warning, warning.get("kind") or "warning")
    out.sort(key=lambda a: (a["start"], -a["end"], a["kind"]))
    return out


# --- aggregates ----------------------------------------------------------------------------------


@router.get("/stats", tags=["aggregates"], summary="Event counts by day, type, country, actor ...")
def stats(
    db: Db, flt: Filter,
    by: Annotated[list[str], Query(description=", ".join(STAT_DIMENSIONS))] = ["type", "quad_class", "factuality"],
    split: Annotated[Literal["type", "quad_class"] | None, Query(description="break each day down")] = None,
    top: Annotated[int, Query(ge=1, le=200)] = 20,
    count: Annotated[Count, Query(description="reports (events) or incidents (distinct real-world events)")] = "reports",
):
    """`total` events under the filters, and `by_<dimension>` counts (`by=day&split=quad_class`
    gives the timeline: one entry per day with counts per quad class). country = the location's.
    `count=incidents` counts distinct incidents with a matching report instead (by their consensus type,
    quad class, factuality, country and day; `split` does not apply)."""
    dims = tuple(dict.fromkeys(b for part in by for b in part.split(",") if b))
    with db.budget():
        if count == "incidents":
            return db.incident_stats(flt, by=dims, top=top)
        return db.stats(flt, by=dims, split=split, top=top)


@router.get("/incidents/{incident_id}", tags=["events"], summary="One incident: consensus record and reports")
def get_incident(db: Db, incident_id: Annotated[str, Path(max_length=600)]):
    """The consensus record (type, best date and place with their precision, independent sources, first
    and latest report, factuality across reports) and every report behind it (event rows)."""
    with db.budget():
        record = db.incident(incident_id)
        if record is None:
            raise NotFound(f"no incident {incident_id!r}")
        record["reports"] = db.events(EventFilter(incident=incident_id), limit=1000, order="asc").rows
    return record


@router.get("/places", tags=["aggregates"], summary="Event locations with counts (for maps)")
def places(db: Db, flt: Filter, limit: Annotated[int, Query(ge=1, le=5000)] = 2000):
    """Locations of the events under the filters, most events first: name, GeoNames id, lat/lon,
    country, `feature` (the precision: site, city, admin2, admin1, country, region) and counts by type."""
    with db.budget():
        return {"places": db.places(flt, limit=limit)}


@router.get("/network", tags=["aggregates"], summary="Who acts on whom (actor -> recipient edges)")
def network(db: Db, flt: Filter, top: Annotated[int, Query(ge=2, le=200)] = 40):
    """Edges between the `top` busiest participants: `events` (weight), counts per quad class and
    the dominant `quad_class`."""
    with db.budget():
        return db.network(flt, top=top)


@router.get("/actors", tags=["aggregates"], summary="Search actors in the knowledge base and the store")
def actors(db: Db, q: Annotated[str | None, Query(max_length=200)] = None,
           limit: Annotated[int, Query(ge=1, le=200)] = 20):
    """Participants in stored events whose name, text or KB id contains `q`, with counts as actor
    and as recipient; `kb` lists knowledge-base actors matching `q` (with the same counts, 0 if none)."""
    with db.budget():
        stored = db.actors(q, limit=limit)
    return {"actors": stored, "kb": _kb_matches(q, limit, stored) if q else []}


def _kb_matches(q: str, limit: int, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from eventwire.api.kb import search_kb

    counts = {a["kb_id"]: a["events"] for a in stored if a.get("kb_id")}
    return [{**hit, "events": counts.get(hit["kb_id"], 0)} for hit in search_kb(q, limit)]


# --- coding and writing --------------------------------------------------------------------------


def _require_token(request: Request, conf: Settings) -> None:
    if conf.token is None:
        raise ReadOnly("this service is read-only: start it with EVENTWIRE_TOKEN set to accept writes")
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), conf.token.encode()):
        raise Unauthorized("send the write token as 'Authorization: Bearer <EVENTWIRE_TOKEN>'")


_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {
                "id": {"type": "string"}, "text": {"type": "string"}, "html": {"type": "string"},
                "title": {"type": "string"}, "source": {"type": "string"}, "url": {"type": "string"},
                "published": {"type": "string", "format": "date"}}}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "one JSON object per line"}},
        },
    }
}


@router.post("/code", tags=["coding"], summary="Code a text or HTML page without storing it",
             openapi_extra=_BODY)
async def code(request: Request):
    """Body: `{"text": ..., "published": "YYYY-MM-DD", "title", "source", "url", "id"}` (or `html`
    instead of `text`), a JSON array of them, or JSON Lines. Returns the document `eventwire code`
    prints (a list for several articles). Nothing is stored; no token needed."""
    conf: Settings = request.app.state.settings
    records, batch = coding.read_records(await request.body(), request.headers.get("content-type", ""),
                                         conf.max_batch)
    articles = coding.to_articles(records, "request")
    results = await run_in_threadpool(coding.code_articles, articles)
    failures = [r for r in results if isinstance(r, Failure)]
    if failures:
        raise Unprocessable(f"{len(failures)} of {len(results)} articles could not be coded",
                            failures=[f.to_dict() for f in failures])
    documents = [r.to_dict() for r in results]
    return documents if batch else documents[0]


@router.post("/articles", tags=["coding"], status_code=201, openapi_extra=_BODY,
             summary="Code and store one article or a JSON Lines batch (needs the token)")
async def post_articles(request: Request):
    """Codes every article and stores it (idempotent: same content -> `unchanged`). Needs
    `Authorization: Bearer <EVENTWIRE_TOKEN>`. Returns per article its `status` (inserted,
    replaced, unchanged), event count and `document` (the `eventwire code` shape); articles that
    could not be coded are listed in `failures` and logged in the store's failure table."""
    conf: Settings = request.app.state.settings
    _require_token(request, conf)
    records, _ = coding.read_records(await request.body(), request.headers.get("content-type", ""),
                                     conf.max_batch)
    articles = coding.to_articles(records, "request")
    results = await run_in_threadpool(coding.code_articles, articles)
    stored, failures = await run_in_threadpool(_store_results, conf, results)
    status = 201 if any(s["status"] != "unchanged" for s in stored) else 200
    return JSONResponse({"results": stored, "failures": failures}, status_code=status)


def _store_results(conf: Settings, results: list[CodedArticle | Failure]):
    stored, failures = [], []
    with _write_lock, open_store(conf.db) as store:
        for result in results:
            if isinstance(result, Failure):
                store.record_failure(result.origin, result.error, result.stage)
                failures.append(result.to_dict())
                continue
            outcome = store.ingest(result)
            stored.append({"article_id": outcome.article_id, "status": outcome.status,
                           "events": outcome.events, "duplicate_of": outcome.duplicate_of,
                           "document": result.to_dict()})
    return stored, failures


# --- service -------------------------------------------------------------------------------------


@router.get("/health", tags=["service"], summary="Liveness and the store's size")
def health(db: Db):
    with db.budget():
        has_articles = db.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None
    return {"status": "ok", "store": "readable", "has_articles": has_articles,
            "coder_loaded": coding.coder_loaded()}


@router.get("/version", tags=["service"], summary="Package, data file and model versions")
def version(request: Request, db: Db):
    from eventwire.api.kb import versions

    with db.budget():
        schema = db.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    conf: Settings = request.app.state.settings
    return {"eventwire": __version__, "store_schema": schema, "writable": conf.writable, **versions()}
