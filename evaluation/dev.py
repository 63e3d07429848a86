"""`dev`: our own development set (eval/dev/articles.jsonl + gold.jsonl, docs/annotation.md).

Gold spans are exact substrings of the article text, but an annotator does not list every
occurrence of a repeated name, so a gold item is matched by a prediction that overlaps *any*
whole-word occurrence of its text (one-to-one, gold order). Recall is matched gold / gold;
precision counts a prediction as right when it overlaps an occurrence of any gold text.

Events are matched one-to-one per article when the category is equal and the actor countries and
recipient countries agree: the gold set and the predicted set (countries that are known) are both
empty or share a code; a gold event with no recipient and actors from two or more countries is
reciprocal and compares all participants at once. A first pass also requires the prediction's
sentence to overlap the gold evidence, so diagnostics pair the right events; a second pass drops
that condition. Definitions of the diagnostics: docs/scoring.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.model import CodedArticle, Entity, Event
from . import Context, SuiteResult, missing, suite
from .metrics import distance_summary, haversine_km, match_one_to_one, prf
from .plover_gsr import code_agrees, primary_code, top_confusions

Span = tuple[int, int]


# --- spans ----------------------------------------------------------------------------------------


def find_all(text: str, needle: str) -> list[Span]:
    """Whole-word occurrences of `needle` in `text` (any occurrence if none is whole-word)."""
    if not needle:
        return []
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]
    whole = [(s, e) for s, e in spans if not _word_char(text, s - 1) and not _word_char(text, e)]
    return whole or spans


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(gold: Sequence[list[Span]], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one: each gold item (its occurrences) takes the first free prediction overlapping one."""
    return match_one_to_one(list(gold), list(predicted), lambda occ, p: any(_overlap(o, p) for o in occ))


@dataclass(slots=True)
class SpanCounts:
    """Counts for span P/R/F1 (see the module docstring for the precision rule)."""

    gold: int = 0
    matched: int = 0
    predicted: int = 0
    predicted_right: int = 0

    def add(self, gold: Sequence[list[Span]], predicted: Sequence[Span]) -> list[tuple[int, int]]:
        pairs = match_spans(gold, predicted)
        self.gold += len(gold)
        self.matched += len(pairs)
        self.predicted += len(predicted)
        self.predicted_right += sum(any(_overlap(o, p) for occ in gold for o in occ) for p in predicted)
        return pairs

    def scores(self) -> dict[str, float]:
        precision = self.predicted_right / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# --- names ----------------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Case-folded, without diacritics or punctuation, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


def names_match(gold: str | None, entity: Entity | None) -> bool:
    """Same speaker: both absent, or equal normalised names, or the same surname (last word). An
    anonymous source is null in the gold (docs/annotation.md) and a `generic` Entity named by its
    description in our output ("a senior military source"): those agree."""
    if gold is None:
        return entity is None or (entity.kind == "generic" and entity.kb_id is None and not entity.country)
    if entity is None:
        return False
    wanted = normalise_name(gold)
    for candidate in {normalise_name(entity.name), normalise_name(entity.text)} - {""}:
        if candidate == wanted or candidate.split()[-1] == wanted.split()[-1]:
            return True
    return False


# --- events ---------------------------------------------------------------------------------------


def _countries(actors: Sequence[dict | Entity]) -> set[str]:
    codes = (primary_code(a.get("country") if isinstance(a, dict) else a.country) for a in actors)
    return {c for c in codes if c}


def _agree(gold: set[str], predicted: set[str]) -> bool:
    if not gold or not predicted:
        return not gold and not predicted
    return any(code_agrees(g, p) for g in gold for p in predicted)


def events_agree(gold: dict, event: Event) -> bool:
    """Category equal and actor / recipient countries agree (the module docstring's rule)."""
    if gold["type"] != event.type:
        return False
    actors, recipients = _countries(gold["actors"]), _countries(gold["recipients"])
    if not recipients and len(actors) > 1:
        return _agree(actors, _countries(event.actors) | _countries(event.recipients))
    return _agree(actors, _countries(event.actors)) and _agree(recipients, _countries(event.recipients))


def match_events(gold: list[dict], events: list[Event], text: str) -> list[tuple[int, int]]:
    """Two passes: first with the evidence overlapping the event's sentence, then without."""

    def near(g: dict, e: Event) -> bool:
        return any(_overlap(s, (e.start, e.end)) for s in find_all(text, g.get("evidence") or ""))

    first = match_one_to_one(gold, events, lambda g, e: events_agree(g, e) and near(g, e))
    pairs = list(first)
    gold_left = [i for i in range(len(gold)) if i not in {g for g, _ in first}]
    pred_left = [i for i in range(len(events)) if i not in {p for _, p in first}]
    second = match_one_to_one([gold[i] for i in gold_left], [events[i] for i in pred_left], events_agree)
    pairs += [(gold_left[g], pred_left[p]) for g, p in second]
    return sorted(pairs)


# --- per-article accumulation ---------------------------------------------------------------------


@dataclass(slots=True)
class DevCounts:
    """Everything the dev metrics are computed from, summed over articles."""

    events_tp: int = 0
    events_gold: int = 0
    events_predicted: int = 0
    factuality: list[bool] = field(default_factory=list)
    location_km: list[float] = field(default_factory=list)
    date_exact: list[bool] = field(default_factory=list)
    date_within: list[bool] = field(default_factory=list)
    quotes: SpanCounts = field(default_factory=SpanCounts)
    speakers: list[bool] = field(default_factory=list)
    places: SpanCounts = field(default_factory=SpanCounts)
    place_km: list[float | None] = field(default_factory=list)
    times: SpanCounts = field(default_factory=SpanCounts)
    time_values: list[bool] = field(default_factory=list)
    type_pairs: list[tuple[str, str]] = field(default_factory=list)


def score_article(gold: dict, coded: CodedArticle, counts: DevCounts) -> None:
    """Add one article's comparisons to `counts`."""
    text = coded.article.text
    _score_events(gold.get("events", []), coded.events, text, counts)
    _score_quotes(gold.get("quotes", []), coded, text, counts)
    gold_places = [find_all(text, p["text"]) for p in gold.get("places", [])]
    pairs = counts.places.add(gold_places, [(p.start, p.end) for p in coded.places])
    for gi, pi in pairs:  # gold without coordinates is not scored; our unresolved place counts wrong
        g, p = gold["places"][gi], coded.places[pi]
        if g.get("lat") is not None:
            resolved = p.lat is not None and p.lon is not None
            counts.place_km.append(haversine_km(g["lat"], g["lon"], p.lat, p.lon) if resolved else None)
    gold_times = [find_all(text, t["text"]) for t in gold.get("times", [])]
    pairs = counts.times.add(gold_times, [(t.start, t.end) for t in coded.times])
    for gi, pi in pairs:
        g, value = gold["times"][gi], coded.times[pi].value
        counts.time_values.append(value is not None and (value.start, value.end) == (g["start"], g["end"]))


def _score_events(gold: list[dict], events: list[Event], text: str, counts: DevCounts) -> None:
    pairs = match_events(gold, events, text)
    counts.events_tp += len(pairs)
    counts.events_gold += len(gold)
    counts.events_predicted += len(events)
    for gi, pi in pairs:
        g, e = gold[gi], events[pi]
        counts.factuality.append(g["factuality"] == e.factuality)
        location = g.get("location") or {}
        if location.get("lat") is not None and e.location is not None and e.location.lat is not None:
            counts.location_km.append(haversine_km(location["lat"], location["lon"], e.location.lat, e.location.lon))
        if g.get("date"):
            got = (e.date.start, e.date.end) if e.date else None
            counts.date_exact.append(got == (g["date"]["start"], g["date"]["end"]))
            counts.date_within.append(got is not None and g["date"]["start"] <= got[0] <= got[1] <= g["date"]["end"])
    counts.type_pairs += [(gold[gi]["type"], events[pi].type) for gi, pi in pairs]
    counts.type_pairs += leftover_type_pairs(gold, events, pairs, text)


def leftover_type_pairs(
    gold: list[dict], events: list[Event], pairs: list[tuple[int, int]], text: str
) -> list[tuple[str, str]]:
    """Error-analysis pairs for unmatched events: a gold event and an unmatched prediction in the
    sentence of its evidence (the likely miscoding), else the gold against NONE; unmatched
    predictions left over against NONE."""
    free = [i for i in range(len(events)) if i not in {pi for _, pi in pairs}]
    out = []
    for gi in (i for i in range(len(gold)) if i not in {g for g, _ in pairs}):
        evidence = find_all(text, gold[gi].get("evidence") or "")
        near = next((pi for pi in free if any(_overlap(s, (events[pi].start, events[pi].end)) for s in evidence)), None)
        out.append((gold[gi]["type"], events[near].type if near is not None else "NONE"))
        if near is not None:
            free.remove(near)
    return out + [("NONE", events[pi].type) for pi in free]


def _score_quotes(gold: list[dict], coded: CodedArticle, text: str, counts: DevCounts) -> None:
    pairs = counts.quotes.add([find_all(text, q["text"]) for q in gold], [(q.start, q.end) for q in coded.quotes])
    for gi, pi in pairs:
        if gold[gi]["kind"] == "direct":
            counts.speakers.append(names_match(gold[gi].get("speaker"), coded.quotes[pi].speaker))


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def dev_metrics(counts: DevCounts) -> dict[str, float | int | None]:
    events = prf(counts.events_tp, counts.events_predicted - counts.events_tp, counts.events_gold - counts.events_tp)
    return {
        "event_f1": events["f1"],
        "event_precision": events["precision"],
        "event_recall": events["recall"],
        "factuality_accuracy": _share(counts.factuality),
        "location_acc@161": _share([km <= 161.0 for km in counts.location_km]),
        "location_pairs": len(counts.location_km),
        "date_exact": _share(counts.date_exact),
        "date_within": _share(counts.date_within),
        "quote_span_f1": counts.quotes.scores()["f1"],
        "speaker_accuracy": _share(counts.speakers),
        "place_span_f1": counts.places.scores()["f1"],
        "place_acc@161": distance_summary(counts.place_km, len(counts.place_km))["acc@161"],
        "time_span_f1": counts.times.scores()["f1"],
        "time_value_accuracy": _share(counts.time_values),
        "gold_events": counts.events_gold,
    }


# --- the suite ------------------------------------------------------------------------------------


def read_records(path: Path) -> list[dict]:
    """JSON Lines with `//` comment lines allowed."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip() and not line.lstrip().startswith("//")]


def is_held_out(article_id: str) -> bool:
    """Every fourth article (dev-004, dev-008, ...) is held out: rules are tuned on the others, and
    the held-out figures say whether the tuning generalises."""
    digits = "".join(ch for ch in article_id if ch.isdigit())
    return bool(digits) and int(digits) % 4 == 0


@suite("dev", "dev")
def score_dev(ctx: Context) -> SuiteResult:
    from eventwire.read import article_from_record

    articles_path, gold_path = ctx.data / "articles.jsonl", ctx.data / "gold.jsonl"
    for needed in (articles_path, gold_path):
        if not needed.is_file():
            return missing("dev", needed)
    gold = {record["id"]: record for record in read_records(gold_path)}
    records = [r for r in read_records(articles_path) if r["id"] in gold][: ctx.limit]
    articles = [article_from_record(r, f"{articles_path}:{r['id']}") for r in records]
    coded = {c.article.id: c for c in ctx.coder.code_many(articles) if isinstance(c, CodedArticle)}
    counts, held_out = DevCounts(), DevCounts()
    for article in articles:  # an article that failed to code counts with no output at all
        result = coded.get(article.id, CodedArticle(article=article))
        score_article(gold[article.id], result, counts)
        if is_held_out(article.id):
            score_article(gold[article.id], result, held_out)
    failures = len(articles) - len(coded)
    held = {f"held_out_{k}": v for k, v in dev_metrics(held_out).items()
            if k in ("event_f1", "factuality_accuracy", "speaker_accuracy", "quote_span_f1")}
    return SuiteResult(
        suite="dev",
        metrics={**dev_metrics(counts), **held, "coding_failures": failures},
        n=len(records),
        headline="event_f1",
        limit=ctx.limit,
        notes=["events: category + actor/recipient countries agree, one-to-one per article (docs/scoring.md)"],
        details={"confusions": top_confusions(counts.type_pairs)},
    )
