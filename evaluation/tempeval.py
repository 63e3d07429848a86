"""TempEval-3 platinum suite: time expressions (TIMEX3) in news, resolved against the document
creation time (DCT). Gold files are read in place, never copied.

eventwire resolves an expression to an inclusive calendar interval (`DateValue`), TimeML writes a
value string ("2013-03-22", "2013-W12", "PRESENT_REF", "2012-XX-XX", "P3Y"). `timex_interval` maps a
date value to the interval it denotes (table in docs/scoring.md, "Times"), and two intervals are
compared: equal (strict) or intersecting (lenient). A duration value ("P3Y", "PXD") is compared
with `times.duration_of` of the predicted span, as a string.

* gold spans: each DATE/TIME TIMEX3 text goes through `times.resolve_expression`, each DURATION
  through `times.duration_of` (SET is counted, not scored);
* end to end: `times.extract_times` on the document text; span P/R/F1 (strict = same offsets,
  relaxed = overlap) and TempEval-3's value F1 over the relaxed matches.

The first `DEV_FILES` documents in file-name order are the development part (rules may be tuned on
them); the others are reported separately as `held_out_*`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.model import DateValue
from . import Context, SuiteResult, suite
from .metrics import match_one_to_one, prf

ANCHOR = "HeidelTime, TempEval-3 Task A value F1 77.61 (UzZaman et al., SemEval 2013)"
SCORED_TYPES = frozenset({"DATE", "TIME"})
# TimeML season codes -> (first month, last month); winter runs from December into the next year,
# the convention of data/time_expressions.json.
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
MIN_DAY, MAX_DAY = dt.date.min.isoformat(), dt.date.max.isoformat()
DURATION_VALUE = re.compile(r"P(?:T?[\dX])")  # "P3Y", "PT2H", "PXD" (not "PRESENT_REF", "PAST_REF")
DEV_FILES = 10  # AP, CNN and WSJ files; the BBC and NYT files are held out


# ---------------------------------------------------------------------------------------------------
# Records and parsing


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 in the document text, with character offsets into `TimeDoc.text`."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str


@dataclass(slots=True)
class TimeDoc:
    id: str
    dct: dt.date
    text: str
    timexes: list[GoldTimex]


def parse_tml(xml: str, doc_id: str = "") -> TimeDoc:
    """A TimeML document: the DCT from `<DCT><TIMEX3 value>`, the plain text of `<TEXT>` (inline tags
    removed) and its TIMEX3s with offsets into that text."""
    root = ET.fromstring(xml)
    dct_value = root.find("DCT/TIMEX3").get("value", "")
    body = root.find("TEXT")
    parts: list[str] = []
    timexes: list[GoldTimex] = []

    def walk(node: ET.Element) -> None:
        parts.append(node.text or "")
        for child in node:
            start = sum(map(len, parts))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, parts))
                timexes.append(GoldTimex(start, end, "".join(parts)[start:end], child.get("type", ""),
                                         child.get("value", "")))
            parts.append(child.tail or "")

    walk(body)
    doc_id = doc_id or (root.findtext("DOCID") or "").strip()
    timexes.sort(key=lambda t: t.start)
    return TimeDoc(doc_id, dt.date.fromisoformat(dct_value[:10]), "".join(parts), timexes)


def read_tml_dir(folder: Path) -> list[TimeDoc]:
    return [parse_tml(path.read_text(encoding="utf-8"), path.stem) for path in sorted(folder.glob("*.tml"))]


# ---------------------------------------------------------------------------------------------------
# TIMEX3 value -> interval


@dataclass(frozen=True, slots=True)
class GoldValue:
    """What a TIMEX3 value denotes. `bounded`: a definite interval [start, end]. Otherwise vague
    (PAST_REF, FUTURE_REF, values with X): [start, end] is the envelope it must lie in, with open
    ends as None, and both None when nothing is known."""

    start: str | None
    end: str | None
    bounded: bool
    granularity: str


def _span(first: dt.date, last: dt.date, granularity: str) -> GoldValue:
    return GoldValue(first.isoformat(), last.isoformat(), True, granularity)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int, granularity: str) -> GoldValue:
    last_year = year + (1 if last < first else 0)
    return _span(dt.date(year, first, 1), _month_end(last_year, last), granularity)


def _iso_week(year: int, week: int, weekend: bool) -> GoldValue:
    monday = dt.date.fromisocalendar(year, week, 1)
    if weekend:
        return _span(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "weekend")
    return _span(monday, monday + dt.timedelta(days=6), "week")


def _calendar_value(value: str) -> GoldValue | None:
    """A fully specified calendar value (no X), or None."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(T.*)?", value)
    if m:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return _span(day, day, "time" if m[4] else "day")
    patterns: list[tuple[str, Callable[[re.Match], GoldValue]]] = [
        (r"(\d{4})-W(\d\d)(-WE)?", lambda m: _iso_week(int(m[1]), int(m[2]), bool(m[3]))),
        (r"(\d{4})-(\d\d)", lambda m: _months(int(m[1]), int(m[2]), int(m[2]), "month")),
        (r"(\d{4})-(SP|SU|FA|WI)", lambda m: _months(int(m[1]), *SEASONS[m[2]], "season")),
        (r"(\d{4})-Q([1-4])", lambda m: _months(int(m[1]), 3 * int(m[2]) - 2, 3 * int(m[2]), "quarter")),
        (r"(\d{4})-H([12])", lambda m: _months(int(m[1]), 6 * int(m[2]) - 5, 6 * int(m[2]), "half")),
        (r"(\d{4})", lambda m: _span(dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31), "year")),
        (r"(\d{3})", lambda m: _span(dt.date(int(m[1]) * 10, 1, 1), dt.date(int(m[1]) * 10 + 9, 12, 31), "decade")),
        (r"(\d\d)", lambda m: _span(dt.date(max(1, int(m[1]) * 100), 1, 1), dt.date(int(m[1]) * 100 + 99, 12, 31),
                                    "century")),
    ]
    for pattern, build in patterns:
        m = re.fullmatch(pattern, value)
        if m:
            return build(m)
    return None


def timex_interval(value: str, dct: dt.date) -> GoldValue | None:
    """The interval a TIMEX3 value denotes, or None for values that are not dates (durations "P1M",
    sets). PRESENT_REF is the DCT; PAST_REF/FUTURE_REF end/start at the DCT and are vague; a value
    with X is vague within the calendar period of its known prefix ("2012-XX-XX" -> 2012)."""
    if value == "PRESENT_REF":
        return GoldValue(dct.isoformat(), dct.isoformat(), True, "ref")
    if value == "PAST_REF":
        return GoldValue(None, dct.isoformat(), False, "ref")
    if value == "FUTURE_REF":
        return GoldValue(dct.isoformat(), None, False, "ref")
    if DURATION_VALUE.match(value):
        return None  # a duration: compared as a string (`duration_matches`)
    if "X" in value:
        prefix = re.match(r"(\d{4}(?:-\d\d(?!\d))?)", value)  # known year, or year and month
        known = _calendar_value(prefix[1]) if prefix else None
        return GoldValue(known.start if known else None, known.end if known else None, False, "underspecified")
    return _calendar_value(value)


# ---------------------------------------------------------------------------------------------------
# Comparing values


def value_matches(gold: GoldValue | None, predicted: DateValue | None) -> bool:
    """Strict: a bounded gold needs the same interval; a vague gold is matched by no value or by an
    interval inside its envelope (an envelope with both ends open takes only no value)."""
    if gold is None:
        return False
    if gold.bounded:
        return predicted is not None and (predicted.start, predicted.end) == (gold.start, gold.end)
    if predicted is None:
        return True
    if gold.start is None and gold.end is None:
        return False
    return (gold.start or MIN_DAY) <= predicted.start and predicted.end <= (gold.end or MAX_DAY)


def value_overlaps(gold: GoldValue | None, predicted: DateValue | None) -> bool:
    """Lenient: the intervals share at least one day (vague gold: as strict, or touching the envelope)."""
    if gold is None:
        return False
    if predicted is None:
        return not gold.bounded
    return (gold.start or MIN_DAY) <= predicted.end and predicted.start <= (gold.end or MAX_DAY)


def duration_key(value: str) -> str:
    """A duration value in one spelling: decades and centuries as years ("P1DE" = "P10Y")."""
    m = re.fullmatch(r"P(\d+)(DE|CE)", value)
    return f"P{int(m[1]) * (10 if m[2] == 'DE' else 100)}Y" if m else value


def duration_matches(gold_value: str, predicted: str | None) -> bool:
    return predicted is not None and duration_key(predicted) == duration_key(gold_value)


# ---------------------------------------------------------------------------------------------------
# Scoring


Resolve = Callable[[str, dt.date, DateValue | None], tuple[DateValue | None, str]]


def gold_span_scores(docs: Sequence[TimeDoc], resolve: Resolve,
                     duration: Callable[[str], str | None] | None = None) -> dict[str, Any]:
    """Resolve each DATE/TIME gold text in text order (the last resolved day is `previous` for
    anaphora, as in `extract_times`); strict and lenient value accuracy, overall and per gold
    granularity. With `duration`, DURATION gold texts are scored too (`duration_accuracy`)."""
    rows: list[tuple[GoldValue | None, bool, bool]] = []
    durations: list[bool] = []
    skipped = Counter()
    for doc in docs:
        previous = None
        for timex in doc.timexes:
            if timex.type == "DURATION" and duration is not None and DURATION_VALUE.match(timex.value):
                durations.append(duration_matches(timex.value, duration(timex.text)))
            if timex.type not in SCORED_TYPES:
                skipped[timex.type] += 1
                continue
            value, granularity = resolve(timex.text, doc.dct, previous)
            gold = timex_interval(timex.value, doc.dct)
            rows.append((gold, value_matches(gold, value), value_overlaps(gold, value)))
            if value is not None and granularity in ("day", "time"):
                previous = value
    out = _value_summary(rows) | {f"skipped_{t.lower()}": n for t, n in sorted(skipped.items())}
    if duration is not None:
        out |= {"duration_accuracy": _ratio(durations), "n_duration": len(durations)}
    return out


def _ratio(hits: Sequence[bool]) -> float | None:
    return round(sum(hits) / len(hits), 4) if hits else None


def _value_summary(rows: Sequence[tuple[GoldValue | None, bool, bool]]) -> dict[str, Any]:
    by_granularity: dict[str, list[bool]] = defaultdict(list)
    for gold, strict, _ in rows:
        by_granularity[gold.granularity if gold else "not-a-date"].append(strict)
    bounded = [strict for gold, strict, _ in rows if gold is not None and gold.bounded]
    return {
        "value_accuracy": _ratio([r[1] for r in rows]),
        "value_overlap": _ratio([r[2] for r in rows]),
        "value_accuracy_bounded": _ratio(bounded),
        "n": len(rows),
        "n_bounded": len(bounded),
        "by_granularity": {g: {"accuracy": _ratio(v), "n": len(v)} for g, v in sorted(by_granularity.items())},
    }


@dataclass(frozen=True, slots=True)
class PredictedTime:
    start: int
    end: int
    value: DateValue | None
    duration: str | None = None  # ISO 8601 ("P3Y"), when the span measures a length of time


def prediction_correct(gold: GoldTimex, predicted: PredictedTime, dct: dt.date) -> bool:
    """A duration gold value needs the same duration; any other the interval rule (`value_matches`)."""
    if DURATION_VALUE.match(gold.value):
        return duration_matches(gold.value, predicted.duration)
    return value_matches(timex_interval(gold.value, dct), predicted.value)


def _overlap(g: GoldTimex, p: PredictedTime) -> bool:
    return g.start < p.end and p.start < g.end


def _same(g: GoldTimex, p: PredictedTime) -> bool:
    return (g.start, g.end) == (p.start, p.end)


def end_to_end_scores(docs: Sequence[TimeDoc], predictions: Sequence[Sequence[PredictedTime]],
                      types: frozenset[str] | None = None) -> dict[str, Any]:
    """Span P/R/F1 (strict: same offsets; relaxed: one-to-one overlap) over the gold TIMEX3s of
    `types` (default all), and value P/R/F1: a relaxed match whose value matches strictly is correct;
    P = correct / predictions, R = correct / gold (TempEval-3's attribute F1). With `types`, a
    prediction that overlaps a gold TIMEX3 of another type is left out rather than counted wrong."""
    strict = relaxed = correct = n_gold = n_pred = 0
    for doc, preds in zip(docs, predictions):
        gold = [t for t in doc.timexes if types is None or t.type in types]
        others = [t for t in doc.timexes if types is not None and t.type not in types]
        preds = _kept(list(preds), gold, others)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(preds)
        strict += len(match_one_to_one(gold, preds, _same))
        pairs = match_one_to_one(gold, preds, _overlap)
        relaxed += len(pairs)
        correct += sum(prediction_correct(gold[g], preds[p], doc.dct) for g, p in pairs)
    out: dict[str, Any] = {}
    for name, hits in (("strict", strict), ("relaxed", relaxed), ("value", correct)):
        scores = prf(hits, n_pred - hits, n_gold - hits)
        out.update({f"{name}_{k}": v for k, v in scores.items()})
    return out | {"n_gold": n_gold, "n_predicted": n_pred, "relaxed_matches": relaxed, "value_correct": correct}


def _kept(preds: list[PredictedTime], gold: list[GoldTimex], others: list[GoldTimex]) -> list[PredictedTime]:
    """Predictions that do not sit on an excluded gold TIMEX3 (unless they also overlap a kept one)."""
    return [p for p in preds if any(_overlap(g, p) for g in gold) or not any(_overlap(o, p) for o in others)]


# ---------------------------------------------------------------------------------------------------
# The suite


def _predict(ctx: Context, docs: Sequence[TimeDoc]) -> list[list[PredictedTime]]:
    """The times of each text as the public pipeline gives them (`Coder.code_many`, dated by the DCT;
    the text goes in as it is, so offsets are the gold's). A document that fails predicts nothing."""
    from eventwire.model import Article, CodedArticle
    from eventwire.times.extract import duration_of

    articles = [Article(id=str(n), text=d.text, published=d.dct.isoformat()) for n, d in enumerate(docs)]
    out: list[list[PredictedTime]] = [[] for _ in docs]
    for coded in ctx.coder.code_many(articles):
        if isinstance(coded, CodedArticle):
            out[int(coded.article.id)] = [PredictedTime(t.start, t.end, t.value, duration_of(t.text))
                                          for t in coded.times]
    return out


def _part_metrics(docs: Sequence[TimeDoc], predictions: Sequence[Sequence[PredictedTime]]) -> dict[str, Any]:
    """Gold-span and end-to-end metrics of one set of documents (flat: no per-granularity table)."""
    from eventwire.times.extract import duration_of, resolve_expression

    gold = gold_span_scores(docs, resolve_expression, duration_of)
    e2e = end_to_end_scores(docs, predictions)
    e2e_dates = end_to_end_scores(docs, predictions, SCORED_TYPES)
    metrics = {k: v for k, v in gold.items() if not isinstance(v, dict)}
    metrics.update({f"e2e_{k}": v for k, v in e2e.items()})
    metrics.update({f"e2e_date_time_{k}": e2e_dates[k] for k in ("relaxed_f1", "value_f1")})
    return metrics


HELD_OUT_KEYS = ("value_accuracy", "duration_accuracy", "n", "e2e_relaxed_f1", "e2e_value_precision",
                 "e2e_value_recall", "e2e_value_f1", "e2e_n_gold", "e2e_date_time_value_f1")


@suite("tempeval3", "tempeval3-platinum")
def tempeval3(ctx: Context) -> SuiteResult:
    from eventwire.times.extract import resolve_expression

    docs = read_tml_dir(ctx.data)[: ctx.limit or None]
    clock = time.perf_counter()
    gold = gold_span_scores(docs, resolve_expression)
    gold_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    predictions = _predict(ctx, docs)
    metrics = _part_metrics(docs, predictions)
    if len(docs) > DEV_FILES:
        held = _part_metrics(docs[DEV_FILES:], predictions[DEV_FILES:])
        metrics.update({f"held_out_{k}": held[k] for k in HELD_OUT_KEYS})
    seconds = {"gold_spans": round(gold_seconds, 1), "end_to_end": round(time.perf_counter() - clock, 1)}
    return SuiteResult(
        suite="tempeval3", metrics=metrics, n=gold["n"], headline="e2e_value_f1", anchor=ANCHOR, limit=ctx.limit,
        details={"by_granularity": gold["by_granularity"], "seconds": seconds},
        notes=[f"{len(docs)} documents; value_* = gold spans (DATE/TIME), duration_accuracy = gold DURATION "
               "spans, e2e_* = extract_times on the text",
               "dates compared as calendar intervals, durations as ISO strings via times.duration_of "
               "(docs/scoring.md, Times); SET gets no value, so it counts as a value error in e2e_value_f1",
               f"the first {DEV_FILES} files (by name) are the tuning part; held_out_* = the others"])
