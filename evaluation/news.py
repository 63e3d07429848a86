"""`news`: real news reports (eval/news/gold.jsonl over ../shared/external/news-pages/articles.jsonl).

The texts belong to their publishers and stay in the shared folder; the gold keeps offsets and each text's
sha256 (scripts/news_gold.py, docs/annotation.md §9). A gold record whose sha256 does not match the text
is skipped and reported. Annotation is under way, so a missing or half-written gold file is not an error:
unreadable lines are skipped and counted.

Headline `aligned_event_f1` on the test split: a predicted event matches a gold event when the PLOVER type
agrees, the actor countries overlap, the recipient countries overlap (empty matches only empty), and the
predicted event's sentence overlaps the gold evidence or one of its mentions; one-to-one, micro P/R/F1.
Events with factuality `historical` are left out on both sides (§9.1). Definitions of the other figures
and of the agreement between the two annotations: docs/scoring.md ("Real news").
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import Context, SuiteResult, default_external_dir, missing, suite
from .dev import names_match
from .metrics import haversine_km, match_one_to_one, prf
from .plover_gsr import INTERNATIONAL, primary_code, top_confusions

SPLITS = ("train", "dev", "test")
HEADLINE_SPLIT = "test"
ACC_KM = 161.0
MAGNITUDES = ("killed", "injured", "arrested", "displaced", "abducted")
# Continental and regional bodies that the knowledge base writes by a CAMEO root of their own.
IGO_LIKE = ("UNO", "EUR", "AFR", "AFU", "NAT", "ARL", "ASN", "OAS", "WBK", "IMF", "OPC", "WTO", "ASA", "WST")
TEXTS = Path("news-pages") / "articles.jsonl"

Span = tuple[int, int]


# --- records --------------------------------------------------------------------------------------


def country_code(code: str | None) -> str | None:
    """Primary code with every international body as its family (`UNO`, `EUR`, `IGOUNO` -> `IGO`)."""
    if not code:
        return None
    if code.strip().upper()[:3] in IGO_LIKE:
        return "IGO"
    primary = primary_code(code)
    if primary is None:
        return None
    return primary[:3] if primary[:3] in INTERNATIONAL else primary


def countries(parties: Iterable[Any]) -> frozenset[str]:
    """The codes of gold parties (dicts) or predicted entities (objects with `.country`)."""
    codes = (country_code(p.get("country") if isinstance(p, dict) else getattr(p, "country", None)) for p in parties)
    return frozenset(c for c in codes if c)


@dataclass(frozen=True, slots=True)
class NewsEvent:
    """One event reduced to what the news metrics compare (gold or predicted alike). `spans` are the
    gold evidence and mentions, or the predicted event's sentence."""

    type: str
    actors: frozenset[str]
    recipients: frozenset[str]
    spans: tuple[Span, ...]
    factuality: str = "asserted"
    has_recipient: bool = False
    date: tuple[str, str] | None = None
    location: tuple[float, float] | None = None
    magnitudes: dict[str, tuple[int | None, int | None]] | None = None  # None: the coder gives none


def gold_event(record: dict) -> NewsEvent:
    spans = [tuple(s) for s in [record.get("evidence"), *(record.get("mentions") or [])] if s]
    date, location = record.get("date"), record.get("location") or {}
    return NewsEvent(
        type=record["type"], actors=countries(record.get("actors") or []),
        recipients=countries(record.get("recipients") or []), spans=tuple(spans),
        factuality=record.get("factuality") or "asserted", has_recipient=bool(record.get("recipients")),
        date=(date["start"], date["end"]) if date else None,
        location=(location["lat"], location["lon"]) if location.get("lat") is not None else None,
        magnitudes={k: (v.get("min"), v.get("max")) for k, v in (record.get("magnitudes") or {}).items()})


def predicted_event(event: Any) -> NewsEvent:
    """An `eventwire.model.Event`. Its magnitudes as (min, max) by kind."""
    location = event.location
    magnitudes = {kind: (m.min, m.max) for kind, m in event.magnitudes.items()}
    return NewsEvent(
        type=event.type, actors=countries(event.actors), recipients=countries(event.recipients),
        spans=((event.start, event.end),), factuality=event.factuality, has_recipient=bool(event.recipients),
        date=(event.date.start, event.date.end) if event.date else None,
        location=(location.lat, location.lon) if location is not None and location.lat is not None else None,
        magnitudes=magnitudes)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def same_sentence(gold: NewsEvent, predicted: NewsEvent) -> bool:
    return any(_overlap(g, p) for g in gold.spans for p in predicted.spans)


def _sides(gold: frozenset[str], predicted: frozenset[str]) -> bool:
    """Set overlap; an empty side agrees only with an empty side."""
    if not gold or not predicted:
        return not gold and not predicted
    return bool(gold & predicted)


def tuple_agrees(gold: NewsEvent, predicted: NewsEvent) -> bool:
    """Type, actor countries and recipient countries (the event_f1 rule)."""
    return (gold.type == predicted.type and _sides(gold.actors, predicted.actors)
            and _sides(gold.recipients, predicted.recipients))


def aligned_agrees(gold: NewsEvent, predicted: NewsEvent) -> bool:
    """The headline rule: the tuple agrees and the predicted sentence overlaps the evidence or a mention."""
    return tuple_agrees(gold, predicted) and same_sentence(gold, predicted)


def type_agrees(gold: NewsEvent, predicted: NewsEvent) -> bool:
    """Type only, in the right sentence."""
    return gold.type == predicted.type and same_sentence(gold, predicted)


def full_tuple_agrees(gold: NewsEvent, predicted: NewsEvent) -> bool:
    """Type, both sides' countries and factuality (annotator agreement)."""
    return tuple_agrees(gold, predicted) and gold.factuality == predicted.factuality


def current(events: Iterable[NewsEvent]) -> list[NewsEvent]:
    """Without background (`historical`), left out on both sides of the event metrics."""
    return [e for e in events if e.factuality != "historical"]


# --- per-article comparison -----------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """What the news metrics are computed from, summed over articles (one split or all)."""

    articles: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    aligned_tp: int = 0
    event_tp: int = 0
    type_tp: int = 0
    factuality: list[bool] = field(default_factory=list)
    factuality_non_asserted: list[bool] = field(default_factory=list)
    recipient_present: list[bool] = field(default_factory=list)
    magnitudes: list[bool] = field(default_factory=list)
    magnitudes_predicted: bool = False
    date_exact: list[bool] = field(default_factory=list)
    location_hit: list[bool] = field(default_factory=list)
    quotes: list[int] = field(default_factory=lambda: [0, 0, 0])  # matched, predicted, gold
    speakers: list[bool] = field(default_factory=list)
    places: list[int] = field(default_factory=lambda: [0, 0, 0])
    place_hit: list[bool] = field(default_factory=list)
    type_pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for f in dataclasses.fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name in ("quotes", "places"):
                setattr(self, f.name, [a + b for a, b in zip(mine, theirs)])
            elif isinstance(mine, bool):
                setattr(self, f.name, mine or theirs)
            else:
                setattr(self, f.name, mine + theirs)


def _pairs(gold: Sequence[NewsEvent], predicted: Sequence[NewsEvent],
           rule: Callable[[NewsEvent, NewsEvent], bool]) -> list[tuple[int, int]]:
    return match_one_to_one(list(gold), list(predicted), rule)


def score_events(gold_all: Sequence[NewsEvent], predicted_all: Sequence[NewsEvent], counts: Counts) -> None:
    """Add one article's event comparisons to `counts`."""
    gold, predicted = current(gold_all), current(predicted_all)
    counts.gold_events += len(gold)
    counts.predicted_events += len(predicted)
    aligned = _pairs(gold, predicted, aligned_agrees)
    counts.aligned_tp += len(aligned)
    counts.event_tp += len(_pairs(gold, predicted, tuple_agrees))
    typed = _pairs(gold, predicted, type_agrees)
    counts.type_tp += len(typed)
    for gi, pi in typed:
        if gold[gi].has_recipient:
            counts.recipient_present.append(predicted[pi].has_recipient)
    for gi, pi in aligned:
        g, p = gold[gi], predicted[pi]
        if g.date is not None:
            counts.date_exact.append(p.date == g.date)
        if g.location is not None:
            counts.location_hit.append(p.location is not None and haversine_km(*g.location, *p.location) <= ACC_KM)
        if g.magnitudes and p.magnitudes is not None:
            counts.magnitudes_predicted = True
            counts.magnitudes += [p.magnitudes.get(kind) == value for kind, value in g.magnitudes.items()]
    # Factuality is compared on every event, background included (a coder must tell it apart).
    for gi, pi in _pairs(gold_all, predicted_all, aligned_agrees):
        right = gold_all[gi].factuality == predicted_all[pi].factuality
        counts.factuality.append(right)
        if gold_all[gi].factuality != "asserted":
            counts.factuality_non_asserted.append(right)
    counts.type_pairs += type_confusions(gold, predicted, typed)


def type_confusions(gold: Sequence[NewsEvent], predicted: Sequence[NewsEvent],
                    typed: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """Error-analysis pairs: type-matched pairs, then leftovers in the same sentence, the rest against NONE."""
    pairs = [(gold[g].type, predicted[p].type) for g, p in typed]
    gold_left = [gold[i] for i in range(len(gold)) if i not in {g for g, _ in typed}]
    pred_left = [predicted[i] for i in range(len(predicted)) if i not in {p for _, p in typed}]
    near = _pairs(gold_left, pred_left, same_sentence)
    pairs += [(gold_left[g].type, pred_left[p].type) for g, p in near]
    pairs += [(g.type, "NONE") for i, g in enumerate(gold_left) if i not in {a for a, _ in near}]
    return pairs + [("NONE", p.type) for i, p in enumerate(pred_left) if i not in {b for _, b in near}]


def score_spans(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    return match_one_to_one(list(gold), list(predicted), _overlap)


def score_article(gold: dict, coded: Any, counts: Counts) -> None:
    """One gold record against one `CodedArticle` (or None: nothing predicted)."""
    counts.articles += 1
    events = [predicted_event(e) for e in coded.events] if coded is not None else []
    score_events([gold_event(e) for e in gold.get("events") or [] if e.get("type")], events, counts)
    quotes = [q for q in gold.get("quotes") or [] if q.get("span")]
    ours = list(coded.quotes) if coded is not None else []
    pairs = score_spans([tuple(q["span"]) for q in quotes], [(q.start, q.end) for q in ours])
    counts.quotes = [counts.quotes[0] + len(pairs), counts.quotes[1] + len(ours), counts.quotes[2] + len(quotes)]
    for gi, pi in pairs:
        if quotes[gi].get("kind") == "direct":
            counts.speakers.append(names_match(quotes[gi].get("speaker"), ours[pi].speaker))
    places = [p for p in gold.get("places") or [] if p.get("span")]
    found = list(coded.places) if coded is not None else []
    pairs = score_spans([tuple(p["span"]) for p in places], [(p.start, p.end) for p in found])
    counts.places = [counts.places[0] + len(pairs), counts.places[1] + len(found), counts.places[2] + len(places)]
    for gi, pi in pairs:
        g, p = places[gi], found[pi]
        if g.get("lat") is not None:
            counts.place_hit.append(p.lat is not None and haversine_km(g["lat"], g["lon"], p.lat, p.lon) <= ACC_KM)


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _f1(tp: int, predicted: int, gold: int) -> dict[str, float]:
    return prf(tp, predicted - tp, gold - tp)


def news_metrics(c: Counts) -> dict[str, float | int | None]:
    aligned = _f1(c.aligned_tp, c.predicted_events, c.gold_events)
    quotes, places = _f1(*c.quotes), _f1(*c.places)
    return {
        "aligned_event_f1": aligned["f1"], "aligned_event_precision": aligned["precision"],
        "aligned_event_recall": aligned["recall"],
        "event_f1": _f1(c.event_tp, c.predicted_events, c.gold_events)["f1"],
        "type_f1": _f1(c.type_tp, c.predicted_events, c.gold_events)["f1"],
        "factuality_accuracy": _share(c.factuality),
        "factuality_accuracy_non_asserted": _share(c.factuality_non_asserted),
        "recipient_present": _share(c.recipient_present),
        "magnitudes_exact": _share(c.magnitudes) if c.magnitudes_predicted else None,
        "date_exact": _share(c.date_exact),
        "location_acc@161": _share(c.location_hit),
        "speaker_accuracy": _share(c.speakers),
        "quote_span_f1": quotes["f1"],
        "place_span_f1": places["f1"],
        "place_acc@161": _share(c.place_hit),
        "gold_events": c.gold_events, "predicted_events": c.predicted_events, "articles": c.articles,
    }


# --- agreement between the two annotations --------------------------------------------------------


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two label sequences given as (first, second) pairs."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    labels = {x for pair in pairs for x in pair}
    expected = sum((sum(a == label for a, _ in pairs) / n) * (sum(b == label for _, b in pairs) / n)
                   for label in labels)
    return round((observed - expected) / (1 - expected), 4) if expected < 1 else 1.0


def agreement(first: dict[str, dict], second: dict[str, dict]) -> dict[str, Any]:
    """Agreement on the articles both annotations cover (same text sha256): kappa on event type over
    evidence-aligned pairs (unpaired events against 'none'), F1 of the second against the first on the
    full tuple (type, actor and recipient countries, factuality), and on the aligned (headline) rule."""
    common = sorted(i for i in set(first) & set(second) if first[i].get("sha256") == second[i].get("sha256"))
    labels: list[tuple[str, str]] = []
    tuple_tp = aligned_tp = n_a = n_b = n_a_current = n_b_current = 0
    for aid in common:
        a = [gold_event(e) for e in first[aid].get("events") or [] if e.get("type")]
        b = [gold_event(e) for e in second[aid].get("events") or [] if e.get("type")]
        same = _pairs(a, b, type_agrees)  # pair same-type events first, then any in the same sentence
        a_left = [i for i in range(len(a)) if i not in {x for x, _ in same}]
        b_left = [i for i in range(len(b)) if i not in {y for _, y in same}]
        rest = [(a_left[x], b_left[y]) for x, y in _pairs([a[i] for i in a_left], [b[i] for i in b_left], same_sentence)]
        paired = same + rest
        labels += [(a[x].type, b[y].type) for x, y in paired]
        labels += [(a[i].type, "none") for i in range(len(a)) if i not in {x for x, _ in paired}]
        labels += [("none", b[i].type) for i in range(len(b)) if i not in {y for _, y in paired}]
        tuple_tp += len(_pairs(a, b, full_tuple_agrees))
        n_a, n_b = n_a + len(a), n_b + len(b)
        ca, cb = current(a), current(b)
        aligned_tp += len(_pairs(ca, cb, aligned_agrees))
        n_a_current, n_b_current = n_a_current + len(ca), n_b_current + len(cb)
    return {
        "articles": len(common), "events_first": n_a, "events_second": n_b,
        "type_kappa": cohen_kappa(labels),
        "full_tuple_f1": _f1(tuple_tp, n_b, n_a)["f1"] if common else None,
        "aligned_event_f1": _f1(aligned_tp, n_b_current, n_a_current)["f1"] if common else None,
    }


# --- reading --------------------------------------------------------------------------------------


def read_gold(path: Path) -> tuple[dict[str, dict], int]:
    """Gold records by id, and the number of lines that could not be read (a file being written)."""
    if not path.is_file():
        return {}, 0
    records, bad = {}, 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                record = json.loads(line)
                records[record["id"]] = record
            except (json.JSONDecodeError, KeyError, TypeError):
                bad += 1
    return records, bad


def read_texts(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as handle:
        return {r["id"]: r for r in map(json.loads, filter(str.strip, handle))}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verified(gold: dict[str, dict], texts: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Ids whose sha256 matches the text, and one problem line per record skipped."""
    ok, problems = [], []
    for aid, record in sorted(gold.items()):
        if aid not in texts:
            problems.append(f"{aid}: no such article in the corpus")
        elif record.get("sha256") != sha256(texts[aid]["text"]):
            problems.append(f"{aid}: sha256 of the text differs from the gold's (text changed?)")
        else:
            ok.append(aid)
    return ok, problems


def texts_path(ctx: Context) -> Path:
    """The corpus: `articles.jsonl` beside the gold when present (test fixtures), else shared/external."""
    local = ctx.data / "articles.jsonl"
    return local if local.is_file() else default_external_dir() / TEXTS


def code_articles(coder, ids: Sequence[str], texts: dict[str, dict]) -> dict[str, Any]:
    """Code the texts as they are (offsets must stay the gold's) through `Coder.code_many`."""
    from eventwire.model import CodedArticle

    return {c.article.id: c for c in coder.code_many(news_articles(ids, texts)) if isinstance(c, CodedArticle)}


def news_articles(ids: Sequence[str], texts: dict[str, dict]) -> list[Any]:
    """The corpus records as `Article`s, texts untouched (offsets must stay the gold's)."""
    from eventwire.model import Article

    return [Article(id=aid, text=texts[aid]["text"], published=texts[aid].get("published"),
                    source=texts[aid].get("outlet"), url=texts[aid].get("url"), origin=f"news-pages:{aid}")
            for aid in ids]


@suite("news", "news")
def score_news(ctx: Context) -> SuiteResult:
    gold_path, corpus = ctx.data / "gold.jsonl", texts_path(ctx)
    if not gold_path.is_file():
        return missing("news", gold_path)
    if not corpus.is_file():
        return missing("news", corpus)
    gold, unreadable = read_gold(gold_path)
    texts = read_texts(corpus)
    ids, problems = verified(gold, texts)
    ids = ids[: ctx.limit] if ctx.limit else ids
    coded = code_articles(ctx.coder, ids, texts)
    by_split = {name: Counts() for name in SPLITS}
    overall = Counts()
    for aid in ids:
        counts = Counts()
        score_article(gold[aid], coded.get(aid), counts)
        split = gold[aid].get("split")
        if split in by_split:
            by_split[split].add(counts)
        overall.add(counts)
    tables = {name: news_metrics(c) for name, c in by_split.items()} | {"all": news_metrics(overall)}
    test = tables[HEADLINE_SPLIT]
    metrics: dict[str, Any] = dict(test)
    for name in ("train", "dev", "all"):
        for key in ("aligned_event_f1", "event_f1", "factuality_accuracy"):
            metrics[f"{name}_{key}"] = tables[name][key]
    metrics["coding_failures"] = len(ids) - len(coded)
    metrics["skipped_records"] = len(problems)
    second, _ = read_gold(ctx.data / "gold-second.jsonl")
    agree = agreement({i: gold[i] for i in ids}, second) if second else {}
    metrics.update({f"agreement_{k}": v for k, v in agree.items() if k in ("type_kappa", "full_tuple_f1",
                                                                          "aligned_event_f1")})
    notes = [f"{len(ids)} annotated articles (test {tables['test']['articles']}, dev {tables['dev']['articles']}, "
             f"train {tables['train']['articles']}); unprefixed figures are the test split's",
             "aligned: type + actor/recipient countries + the event's sentence overlaps the gold evidence or a "
             "mention; historical events left out on both sides (docs/scoring.md, Real news)"]
    if test["magnitudes_exact"] is None:
        notes.append("magnitudes_exact n/a: no aligned event carries a gold magnitude")
    if problems:
        notes.append(f"{len(problems)} gold records skipped: " + "; ".join(problems[:5]))
    if unreadable:
        notes.append(f"{unreadable} unreadable lines in gold.jsonl skipped (file being written?)")
    details: dict[str, Any] = {"by_split": tables, "confusions": top_confusions(overall.type_pairs)}
    if agree:
        details["agreement"] = {"gold vs gold-second": agree}
    if problems:
        details["skipped"] = [[p] for p in problems]
    return SuiteResult(suite="news", metrics=metrics, n=len(ids), headline="aligned_event_f1", limit=ctx.limit,
                       notes=notes, details=details)
