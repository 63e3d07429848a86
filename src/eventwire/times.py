"""Time expressions: find them in a parsed article and resolve them to calendar intervals.

Two public functions:

* `extract_times(doc, published)` finds spans with our own regular expressions (built from the word
  lists in data/time_expressions.json) plus spaCy's DATE/TIME entities, then resolves each span
  against the publication date, in text order, so that "the next day" follows the last resolved day.
* `resolve_expression(text, anchor, previous)` resolves one span that is already known to be a time
  expression (a gold span in evaluation, or a span from `extract_times`).

Values are inclusive intervals of ISO dates (`DateValue`) with a granularity: day, week, month, year,
interval, decade or time. Our rules handle what news uses most; dateparser is the fallback for odd
formats on a short span only (it mis-reads many news idioms and its `search_dates` finds modal "may"
as a month, see REFERENCE.md section 5). Rules and their choices are documented in docs/times.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .parse import cached_ents
from .model import DateValue, TimeExpr
from .resources import data_files, read_json

Result = tuple[DateValue | None, str]
UNRESOLVED_GRANULARITY = "interval"


# ---------------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The merged word lists: the packaged file, then a user's file of the same name over it."""
    merged: dict[str, Any] = {}
    for path in data_files("time_expressions.json"):
        for key, value in read_json(path, "time_expressions").items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged[key] = list(dict.fromkeys([*merged.get(key, []), *value]))
            else:
                merged[key] = value
    return merged


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that 'Sept.' wins over 'Sep'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Words:
    """Regex fragments built once from the lexicon."""

    weekday: str  # case-sensitive forms
    month: str
    month_full: str
    pod: str
    daymod: str
    number: str
    unit: str
    past: str
    future: str
    vague: str
    deictic: str
    anaphoric: str
    approx: str
    clock: str
    season: str
    cues: str
    parts: str


@functools.lru_cache(maxsize=1)
def _words() -> _Words:
    lex = lexicon()
    longest: dict[int, str] = {}
    for form, number in lex["months"].items():  # the full name is the longest form of each month
        if len(form) > len(longest.get(number, "")):
            longest[number] = form
    full_months = longest.values()
    suffixes = _alt(lex["clock_suffixes"])
    return _Words(
        weekday=_alt(lex["weekdays"]),
        month=_alt(lex["months"]),
        month_full=_alt(full_months),
        pod=_alt(lex["parts_of_day"]),
        daymod=_alt(lex["day_modifiers"]),
        number=_alt(lex["number_words"]) + r"|\d{1,3}",
        unit=_alt(lex["units"]),
        past=_alt(lex["past_words"]),
        future=_alt(lex["future_words"]),
        vague=_alt(lex["vague_past_words"]),
        deictic=_alt(lex["deictic"]),
        anaphoric=_alt(lex["anaphoric"]),
        approx=_alt(lex["approximators"]),
        clock=rf"\b\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:{suffixes})(?:\s(?:{suffixes}))*(?![A-Za-z])",
        season=_alt(lex["seasons"]),
        cues=_alt(lex["bare_month_cues"]),
        parts=_alt(lex["period_parts"]),
    )


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------------------------


def _interval(first: dt.date, last: dt.date) -> DateValue:
    return DateValue(first.isoformat(), last.isoformat())


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """Move `day` by `amount` units; hours move by whole days (rounded towards zero)."""
    if unit == "hour":
        return day + dt.timedelta(days=int(amount / 24))
    if unit in ("day", "week"):
        return day + dt.timedelta(days=amount * (7 if unit == "week" else 1))
    return _add_months(day, amount * {"month": 1, "year": 12, "decade": 120}[unit])


def _period(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The calendar day, week (Monday-Sunday), month, year or decade containing `day`."""
    if unit in ("day", "hour"):
        return day, day
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    first = day.year // 10 * 10
    return dt.date(first, 1, 1), dt.date(first + 9, 12, 31)


def _part_of(first: dt.date, last: dt.date, part: str, unit: str) -> tuple[dt.date, dt.date]:
    """'early'/'mid'/'late' part of a month (by days), year (by months) or decade (by years)."""
    index, count = lexicon()["period_parts"][part]
    if unit == "month":
        days = (last - first).days + 1
        lo, hi = index * days // count, (index + 1) * days // count - 1
        return first + dt.timedelta(days=lo), first + dt.timedelta(days=hi)
    steps = 12 if unit == "year" else 10
    lo, hi = index * steps // count, (index + 1) * steps // count - 1
    if unit == "year":
        return _period(dt.date(first.year, lo + 1, 1), "month")[0], _period(dt.date(first.year, hi + 1, 1), "month")[1]
    return dt.date(first.year + lo, 1, 1), dt.date(first.year + hi, 12, 31)


def _number(word: str | None) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else lexicon()["number_words"].get(word, 1)


@functools.lru_cache(maxsize=None)
def _table(section: str) -> dict[str, Any]:
    """A lexicon section keyed by lower-case word (resolution works on lower-cased text)."""
    return {key.lower(): value for key, value in lexicon()[section].items()}


def _unit(word: str) -> str:
    return _table("units")[word]


# ---------------------------------------------------------------------------------------------
# Resolution of one span
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    anchor: dt.date | None
    previous: DateValue | None

    def base(self, forward: bool) -> dt.date | None:
        """The day anaphora count from: the last resolved date, else the anchor."""
        if self.previous is None:
            return self.anchor
        return dt.date.fromisoformat(self.previous.end if forward else self.previous.start)


_LEADING = re.compile(r"^(?:(?:on|in|at|during|over|for|by|until|till|within|throughout|of)\s+)+")


def _normalise(text: str) -> str:
    """Lower case, single spaces, no leading preposition or trailing sentence punctuation."""
    text = " ".join(text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").split())
    text = _LEADING.sub("", text.strip(" ,;:()\"'"))
    if re.search(r"(?:\w{4,}|\d)\.$", text):
        text = text[:-1]
    return text


def resolve_expression(
    text: str, anchor: dt.date | None, previous: DateValue | None = None
) -> tuple[DateValue | None, str]:
    """Resolve a time expression to (inclusive ISO interval, granularity).

    `anchor` is the publication date; relative expressions ("on Sunday", "last month") resolve
    against it and get value None when it is None. `previous` is the last resolved date in the text,
    for anaphora ("the next day"); without it they count from the anchor. An expression we cannot
    resolve gives (None, granularity guess).
    """
    return _resolve(text, _Context(anchor, previous))


def _resolve(text: str, ctx: _Context) -> Result:
    norm = _normalise(text)
    for pattern, handler in _resolvers():
        match = pattern.fullmatch(norm)
        if match:
            result = handler(match, ctx)
            if result is not None:
                return result
    return _dateparser_fallback(norm, ctx) or (None, UNRESOLVED_GRANULARITY)


def _r_range(m: re.Match, ctx: _Context) -> Result | None:
    a_text, b_text = m["a"], m["b"]
    year = re.search(r"\b(\d{4})$", b_text)
    if year and not re.search(r"\d{4}", a_text):  # "from March to May 2024"
        a_text = f"{a_text} {year[1]}"
    a, a_gran = _resolve(a_text, ctx)
    if a is None:
        return None, "interval"
    first = dt.date.fromisoformat(a.start)
    if re.fullmatch(r"\d{2}", b_text) and a_gran == "year":  # "2018-19"
        b = _period(dt.date(first.year // 100 * 100 + int(b_text), 1, 1), "year")[1]
    elif re.fullmatch(r"\d{1,2}", b_text) and a_gran == "day":  # "Nov. 28 to 30"
        try:
            b = first.replace(day=int(b_text))
        except ValueError:
            return None
    else:
        b_value, _ = _resolve(b_text, ctx)
        if b_value is None:
            return None, "interval"
        b = dt.date.fromisoformat(b_value.end)
    return (_interval(first, b), "interval") if b >= first else (None, "interval")


def _r_since(m: re.Match, ctx: _Context) -> Result | None:
    value, gran = _resolve(m["x"], ctx)
    if value is None or ctx.anchor is None or value.start > ctx.anchor.isoformat():
        return value, gran  # without an anchor we only know where the interval starts
    return DateValue(value.start, ctx.anchor.isoformat()), "interval"


def _r_approx(m: re.Match, ctx: _Context) -> Result | None:
    return _resolve(m["x"], ctx)


def _r_clock(m: re.Match, ctx: _Context) -> Result | None:
    """A clock time: the day around it ('Saturday at 10 p.m.'), else the anchor day."""
    rest = " ".join(re.sub(r"\b(?:at|on)\b|,", " ", f"{m['a']} {m['b']}").split())
    if not rest:
        return (_interval(ctx.anchor, ctx.anchor) if ctx.anchor else None), "time"
    value, gran = _resolve(rest, ctx)
    return (value, "time") if gran == "day" else None


def _r_iso(m: re.Match, ctx: _Context) -> Result | None:
    return _explicit_day(ctx, int(m["m"]), int(m["d"]), m["y"])


def _r_day(m: re.Match, ctx: _Context) -> Result | None:
    return _explicit_day(ctx, _month(m["mon"]), int(m["d"]), m["y"])


def _month(word: str) -> int:
    return _table("months")[word]


def _explicit_day(ctx: _Context, month: int, day: int, year: str | None) -> Result | None:
    """A calendar day; without a year, the one nearest the anchor ('April 7' written in March)."""
    if year:
        try:
            return _interval(*[dt.date(int(year), month, day)] * 2), "day"
        except ValueError:
            return None
    if ctx.anchor is None:
        return None, "day"
    candidates = []
    for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1):
        try:
            candidates.append(dt.date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    best = min(candidates, key=lambda d: abs((d - ctx.anchor).days))
    return _interval(best, best), "day"


def _r_month_year(m: re.Match, ctx: _Context) -> Result | None:
    first, last = _period(dt.date(int(m["y"]), _month(m["mon"]), 1), "month")
    if m["part"]:
        return _interval(*_part_of(first, last, m["part"], "month")), "interval"
    return _interval(first, last), "month"


def _r_month(m: re.Match, ctx: _Context) -> Result | None:
    """A bare month: the most recent on or before the anchor, unless 'last'/'this'/'next' says."""
    if ctx.anchor is None:
        return None, "month"
    month, a = _month(m["mon"]), ctx.anchor
    year = {
        "this": a.year,
        "next": a.year if month > a.month else a.year + 1,
        "last": a.year if month < a.month else a.year - 1,
    }.get(m["rel"] or "", a.year if month <= a.month else a.year - 1)
    first, last = _period(dt.date(year, month, 1), "month")
    if m["part"]:
        return _interval(*_part_of(first, last, m["part"], "month")), "interval"
    return _interval(first, last), "month"


def _r_year(m: re.Match, ctx: _Context) -> Result | None:
    year = int(m["y"])
    if not 1000 <= year <= 2199:
        return None
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m["part"]:
        return _interval(*_part_of(first, last, m["part"], "year")), "interval"
    return _interval(first, last), "year"


def _r_decade(m: re.Match, ctx: _Context) -> Result | None:
    if m["full"]:
        start = int(m["full"]) * 10
    else:  # "the '90s": the latest such decade not after the anchor's
        current = (ctx.anchor or dt.date(1999, 12, 31)).year
        start = current // 100 * 100 + int(m["short"]) * 10
        start -= 100 if start > current else 0
    first, last = dt.date(start, 1, 1), dt.date(start + 9, 12, 31)
    if m["part"]:
        return _interval(*_part_of(first, last, m["part"], "decade")), "interval"
    return _interval(first, last), "decade"


def _season(year: int, season: str) -> tuple[dt.date, dt.date]:
    """A season starting in `year` (winter runs into the next year)."""
    first_month, last_month = lexicon()["seasons"][season]
    last_year = year + (1 if last_month < first_month else 0)
    return dt.date(year, first_month, 1), _period(dt.date(last_year, last_month, 1), "month")[1]


def _r_season(m: re.Match, ctx: _Context) -> Result | None:
    """'summer 2014'; 'last summer' = the latest one over before the anchor; 'this'/'next' likewise."""
    season, rel = m["season"], m["rel"]
    if m["y"]:
        return _interval(*_season(int(m["y"]), season)), "interval"
    if ctx.anchor is None:
        return None, "interval"
    years = range(ctx.anchor.year + 1, ctx.anchor.year - 3, -1)
    if rel == "last":
        year = next(y for y in years if _season(y, season)[1] < ctx.anchor)
    elif rel == "next":
        year = min(y for y in years if _season(y, season)[0] > ctx.anchor)
    else:  # this: the one under way, else the one of the anchor's year
        year = next((y for y in years if _season(y, season)[0] <= ctx.anchor <= _season(y, season)[1]), ctx.anchor.year)
    return _interval(*_season(year, season)), "interval"


def _r_weekday(m: re.Match, ctx: _Context) -> Result | None:
    """A weekday in news: the most recent such day on or before the anchor (same day = anchor)."""
    if ctx.anchor is None:
        return None, "day"
    weekday = _table("weekdays")[m["wd"]]
    back = (ctx.anchor.weekday() - weekday) % 7
    if m["rel"] == "last":
        back = back or 7
    elif m["rel"] in ("next", "this"):
        ahead = (weekday - ctx.anchor.weekday()) % 7
        back = -(ahead or (7 if m["rel"] == "next" else 0))
    day = ctx.anchor - dt.timedelta(days=back)
    return _interval(day, day), "day"


def _offsets(value: list[int], base: dt.date | None) -> Result:
    lo, hi = value
    gran = "day" if lo == hi else "interval"
    if base is None:
        return None, gran
    return _interval(base + dt.timedelta(days=lo), base + dt.timedelta(days=hi)), gran


def _r_deictic(m: re.Match, ctx: _Context) -> Result | None:
    return _offsets(lexicon()["deictic"][m["w"]], ctx.anchor)


def _r_anaphoric(m: re.Match, ctx: _Context) -> Result | None:
    offsets = lexicon()["anaphoric"][m["w"]]
    return _offsets(offsets, ctx.base(forward=offsets[1] > 0))


def _r_counted(m: re.Match, ctx: _Context) -> Result | None:
    """'two days ago' (from the anchor), 'three days later' (from the last resolved date)."""
    unit, amount = _unit(m["u"]), _number(m["n"])
    direction = m["dir"]
    base = ctx.anchor if direction == "ago" else ctx.base(forward=direction in ("later", "after"))
    sign = 1 if direction in ("later", "after") else -1
    gran = "day" if unit == "hour" else unit
    if base is None:
        return None, gran
    return _interval(*_period(_shift(base, sign * amount, unit), unit)), gran


def _r_window(m: re.Match, ctx: _Context, future: bool = False) -> Result | None:
    """'the past two days' = [anchor - 2 days, anchor]; 'last month' = the previous calendar month;
    'the next two weeks' = the window after the anchor; 'recent years', 'the coming days' = a vague
    window sized in the data file."""
    unit, plural = _unit(m["u"]), m["u"].endswith("s")
    calendar_period = not m["the"] and not m["n"] and not plural and m["w"] in ("last", "next")
    gran = unit if calendar_period else "interval"
    if ctx.anchor is None:
        return None, gran
    if calendar_period:
        return _interval(*_period(_shift(ctx.anchor, 1 if future else -1, unit), unit)), unit
    sign = 1 if future else -1
    if m["n"] or not plural:
        amount = _number(m["n"])
        if unit == "hour":  # "the past 24 hours": whole days, at least one
            far = ctx.anchor + dt.timedelta(days=sign * max(1, -(-amount // 24)))
        else:
            far = _shift(ctx.anchor, sign * amount, unit)
    else:
        far = ctx.anchor + dt.timedelta(days=sign * lexicon()["vague_window_days"][unit])
    if future:
        return _interval(ctx.anchor + dt.timedelta(days=1), far), "interval"
    return _interval(far, ctx.anchor), "interval"


def _r_calendar(m: re.Match, ctx: _Context) -> Result | None:
    """'this week' = the calendar week of the anchor; 'earlier this month' = [month start, anchor]."""
    unit = m["u"]
    if ctx.anchor is None:
        return None, unit if not m["mod"] else "interval"
    first, last = _period(ctx.anchor, unit)
    if m["mod"] in ("earlier", "early"):
        return _interval(first, ctx.anchor), "interval"
    if m["mod"] in ("later", "late"):
        return _interval(ctx.anchor, last), "interval"
    return _interval(first, last), unit


def _r_weekend(m: re.Match, ctx: _Context) -> Result | None:
    """'the weekend' = the latest Saturday-Sunday starting on or before the anchor."""
    if ctx.anchor is None:
        return None, "interval"
    in_weekend = ctx.anchor.weekday() >= 5
    saturday = ctx.anchor - dt.timedelta(days=(ctx.anchor.weekday() - 5) % 7)
    step = {"last": -7 if in_weekend else 0, "next": 7, "this": 0 if in_weekend else 7}.get(m["rel"] or "", 0)
    saturday += dt.timedelta(days=step)
    return _interval(saturday, saturday + dt.timedelta(days=1)), "interval"


@functools.lru_cache(maxsize=1)
def _resolvers() -> tuple[tuple[re.Pattern, Callable[[re.Match, _Context], Result | None]], ...]:
    """(pattern, handler) in priority order; patterns match a whole normalised span."""
    w = _words()
    lower = {name: getattr(w, name).lower() for name in ("weekday", "month", "season")}
    mon, wd, part = lower["month"], lower["weekday"], rf"(?:(?P<part>{w.parts})[- ]?)?"
    year = r"(?P<y>\d{4})"
    future_window = functools.partial(_r_window, future=True)
    table: list[tuple[str, Callable]] = [
        (r"(?P<a>\d{4})\s?[-/]\s?(?P<b>\d{4}|\d{2})", _r_range),
        (r"(?:between|from) (?P<a>.+?) (?:and|to|until|till|through|-) (?P<b>.+)", _r_range),
        (r"(?:since|as early as|as far back as) (?:(?:" + w.approx + r") )?(?P<x>.+)", _r_since),
        (r"(?:" + w.approx + r") (?P<x>.+)", _r_approx),
        (r"(?P<a>.*?)(?P<clock>" + w.clock.lower() + r")(?P<b>.*)", _r_clock),
        (r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", _r_iso),
        (rf"(?:(?:{wd}),? )?(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mon>{mon})(?:,? {year})?", _r_day),
        (rf"(?:(?:{wd}),? )?(?P<mon>{mon}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? {year})?", _r_day),
        (rf"{part}(?P<mon>{mon}),? (?:of )?{year}", _r_month_year),
        (rf"(?:(?P<rel>last|this|next) )?{part}(?P<mon>{mon})", _r_month),
        (rf"{part}(?P<rel>last|this|next) (?P<mon>{mon})", _r_month),  # "late last July"
        (rf"(?:the year )?{part}{year}", _r_year),
        (rf"(?:the )?{part}(?:(?P<full>\d{{3}})0|'(?P<short>\d)0)'?s", _r_decade),
        (rf"(?:(?P<rel>last|this|next) |the )?(?P<season>{lower['season']})(?:,? (?:of )?{year})?", _r_season),
        (rf"(?:(?:{w.daymod})(?: on| in the day)? )?(?:(?P<rel>last|this|next) )?(?P<wd>{wd})(?: (?:{w.pod}))?", _r_weekday),
        (rf"(?:the )?(?:(?:early|late|small) )?(?:{w.pod}) of (?:(?P<rel>last|this|next) )?(?P<wd>{wd})", _r_weekday),
        (rf"(?:(?:{w.daymod}) )?(?P<w>{w.deictic})(?: (?:{w.pod}))?", _r_deictic),
        (rf"(?P<w>{w.anaphoric})", _r_anaphoric),
        (rf"(?P<n>{w.number}) (?P<u>{w.unit}) (?P<dir>ago|earlier|later|before|after|previously)", _r_counted),
        (rf"(?P<the>the )?(?P<w>{w.past}|{w.vague}) (?:(?P<n>{w.number}) )?(?P<u>{w.unit})", _r_window),
        (rf"(?P<the>the )?(?P<w>{w.future}) (?:(?P<n>{w.number}) )?(?P<u>{w.unit})", future_window),
        (rf"(?P<the>the )(?P<w>)(?:(?P<n>{w.number}) )?(?P<u>{w.unit}) ahead", future_window),
        (r"(?:(?P<mod>earlier|later|early|late) (?:in )?)?(?:this|the current) (?P<u>week|month|year)", _r_calendar),
        (r"(?P<mod>earlier|later) in the (?P<u>week|month|year)", _r_calendar),
        (r"(?:(?P<rel>last|next|this|the) |over the )?weekend", _r_weekend),
    ]
    return tuple((re.compile(p), h) for p, h in table)


@functools.lru_cache(maxsize=64)
def _date_parser(anchor: dt.date | None) -> Any:
    """One dateparser parser per anchor (building settings per call is the slow part)."""
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(anchor or dt.date(2000, 1, 1), dt.time(12))
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period", "RETURN_TIME_AS_PERIOD": True},
    )


def _dateparser_fallback(norm: str, ctx: _Context) -> Result | None:
    """dateparser on a short span with a digit or month name, for formats our rules do not cover."""
    has_month = re.search(rf"\b(?:{_words().month.lower()})", norm)
    if len(norm) > 40 or not (re.search(r"\d", norm) or has_month):
        return None
    if ctx.anchor is None and not re.search(r"\d{4}", norm):
        return None  # relative to a date we do not have
    data = _date_parser(ctx.anchor).get_date_data(norm)
    unit = {"day": "day", "week": "week", "month": "month", "year": "year"}.get(data.period or "")
    if data.date_obj is None or unit is None:
        return None
    return _interval(*_period(data.date_obj.date(), unit)), unit


# ---------------------------------------------------------------------------------------------
# Finding spans in a document
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str  # which rule found it ("year" spans get the number guard; "ent" came from spaCy)


@functools.lru_cache(maxsize=1)
def _detectors() -> tuple[tuple[str, re.Pattern], ...]:
    """(kind, pattern) over the raw text. Month and weekday names are case-sensitive (so 'may' the
    modal and 'a protest march' never match); a bare month also needs a preposition before it. The
    group `t`, when present, is the span (the cue word before it is not)."""
    w = _words()
    wd, mon, full = f"(?-i:{w.weekday})", f"(?-i:{w.month})(?![A-Za-z])", f"(?-i:{w.month_full})(?![\\w-])"
    year = r"(?<![\w$£€.,-])(?:1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)"
    part = rf"(?:(?:{w.parts})[- ])"
    num, unit = rf"(?:{w.number})", rf"(?:{w.unit})"
    table = {
        "iso": r"\b\d{4}-\d{2}-\d{2}\b",
        "day_month": rf"\b(?:{wd},? )?(?:the )?\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{mon}(?:,? {year})?",
        "month_day": rf"\b(?:{wd},? )?{mon} \d{{1,2}}(?:st|nd|rd|th)?(?![\d:])(?:,? {year})?",
        "month_year": rf"\b{part}?{mon},? (?:of )?{year}",
        "month_cued": rf"\b(?:{w.cues}) (?:the )?(?P<t>{part}?{full})",
        "month_modified": rf"\b(?:{part}(?:(?:last|this|next) )?|(?:last|this|next) ){full}",
        "year": rf"(?:\b{part})?{year}",
        "year_range": rf"{year}\s?[-\u2013\u2014/]\s?(?:{year}|\d\d(?!\d))",
        "decade": rf"\b(?:the )?{part}?(?:(?:1[89]|20)\d0|'\d0)'?s\b",
        "weekday": rf"\b(?:(?:{w.daymod})(?: on)? |(?:last|this|next) )?{wd}\b(?: (?:{w.pod})\b)?",
        "pod_of_weekday": rf"\b(?:the )?(?:(?:early|late|small) )?(?:{w.pod}) of {wd}\b",
        "deictic": rf"\b(?:(?:{w.daymod}) )?(?:{w.deictic})(?: (?:{w.pod}))?\b",
        "anaphoric": rf"\b(?:{w.anaphoric})\b",
        "counted": rf"\b{num} {unit} (?:ago|earlier|later)\b",
        "window": rf"\b(?:the )?(?:{w.past}|{w.future}|{w.vague}) {num} {unit}\b",
        "window_bare": rf"\b(?:the )?(?:{w.past}|{w.future}|{w.vague}) {unit}\b(?! of\b)",
        "ahead": rf"\bthe (?:{num} )?{unit} ahead\b",
        "calendar": r"\b(?:(?:earlier|later) (?:in )?)?(?:this|the current) (?:week|month|year)\b",
        "calendar_in": r"\b(?:earlier|later) in the (?:week|month|year)\b",
        "weekend": r"\b(?:last|next|this|the) weekend\b",
        "season": rf"\b(?:(?:last|this|next) (?:{w.season})\b|(?:the )?(?:{w.season}),? (?:of )?{year})",
        "clock": w.clock,
    }
    return tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in table.items())


def _candidates(text: str) -> list[_Span]:
    spans = []
    for kind, pattern in _detectors():
        for match in pattern.finditer(text):
            group = "t" if "t" in pattern.groupindex else 0
            spans.append(_Span(match.start(group), match.end(group), kind))
    return spans


def _select(spans: Iterable[_Span], taken: list[_Span] | None = None) -> list[_Span]:
    """Longest first, then leftmost; drop anything overlapping a span already chosen."""
    chosen = list(taken or [])
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _token_at(doc: Any, char: int) -> Any | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _is_count(doc: Any, span: _Span) -> bool:
    """'2000 troops', '1990 people': a number modifying a plural noun is a count, not a year
    (unless a determiner makes it a year: 'the 2014 elections')."""
    token = _token_at(doc, span.end - 1)
    if token is None or not token.like_num:
        return False
    head = token.head
    determined = token.i > 0 and doc[token.i - 1].tag_ in ("DT", "PRP$", "POS")
    return token.dep_ == "nummod" and head.i > token.i and head.tag_ == "NNS" and not determined


# Words that, just before a weekday, show it is a date and not part of a name.
_DATE_CUES = {"on", "late", "early", "earlier", "later", "last", "this", "next", "since", "by", "until",
              "from", "between", "and", "to", "or", "before", "after", "every", "each", "of"}


def _in_name(doc: Any, span: _Span) -> bool:
    """A weekday inside a name: 'The Sunday Times', 'Bloody Sunday', 'Good Friday Agreement'."""
    text = doc.text
    for ent in cached_ents(doc):
        if ent.label_ not in ("DATE", "TIME") and ent.start_char < span.end and span.start < ent.end_char:
            return True
    if text[span.start:span.end] not in lexicon()["weekdays"]:
        return False  # 'late on Saturday', 'Saturday night': a date for sure
    window = max(0, span.start - 40)
    before = re.search(r"(\w+)\W*$", text[window:span.start])
    previous = before[1] if before else ""
    if previous.lower() in _DATE_CUES:
        return False
    prefix = text[: window + before.start()] if before else ""
    head_of_sentence = re.search(r"(?:^|[.!?\n\"\u201c]\s*)$", prefix) is not None
    if previous[:1].isupper() and not head_of_sentence:
        return True
    after = re.match(r" ([A-Z][a-z]+)", text[span.end:])
    lex = lexicon()
    return bool(after and after[1] not in lex["months"] and after[1] not in lex["weekdays"])


def _plausible(doc: Any, span: _Span) -> bool:
    """False-positive guards for the ambiguous kinds of span."""
    if span.kind in ("year", "ent") and _is_count(doc, span):
        return False
    words = doc.text[span.start:span.end]
    if span.kind == "ent" and words in lexicon()["months"]:
        return _month_cued(doc.text, span.start)  # 'a March organiser', 'May God protect us'
    if span.kind == "ent" and doc.text.startswith(" of ", span.end) and not re.search(r"\d", words):
        return False  # 'the last days of the regime', 'the early years of the war'
    return not (span.kind in ("weekday", "ent") and _in_name(doc, span))


def _month_cued(text: str, start: int) -> bool:
    before = re.search(r"(\w+)\s+(?:the\s+)?$", text[max(0, start - 30):start])
    return bool(before) and before[1].lower() in {*lexicon()["bare_month_cues"], "last", "this", "next"}


def _entity_spans(doc: Any) -> list[_Span]:
    """spaCy DATE/TIME entities that carry a time word or a number we would read as a year."""
    w = _words()
    cue = re.compile(
        rf"\d|(?-i:{w.weekday}|{w.month})|\b(?:{w.unit}|{w.pod}|{w.deictic}|{w.season}|weekend)\b", re.IGNORECASE
    )
    spans = []
    for ent in cached_ents(doc):
        if ent.label_ not in ("DATE", "TIME") or not cue.search(ent.text):
            continue
        if re.fullmatch(r"[\d,.]+", ent.text) and not re.fullmatch(r"1[89]\d\d|20\d\d", ent.text):
            continue  # a bare number that cannot be a year
        spans.append(_Span(ent.start_char, ent.end_char, "ent"))
    return spans


_RANGE_OPENER = re.compile(r"\b(between|from)\s+$", re.IGNORECASE)
_RANGE_GAP = {
    "between": re.compile(r"\s+and\s+", re.IGNORECASE),
    "from": re.compile(r"\s*[-\u2013\u2014]\s*|\s+(?:to|until|till|through)\s+", re.IGNORECASE),
    "": re.compile(r"\s*[-\u2013\u2014]\s*"),
}
_CLOCK_GAP = re.compile(r",?\s+(?:(?:at|on)\s+)?", re.IGNORECASE)


def _combine(text: str, spans: list[_Span]) -> list[_Span]:
    """Join neighbours into ranges ('between 2018 and 2019', 'from March to May') and clock times
    onto their day ('Saturday at 10 p.m.')."""
    out: list[_Span] = []
    for span in spans:
        last = out[-1] if out else None
        if last is not None:
            gap = text[last.end:span.start]
            opener = _RANGE_OPENER.search(text[: last.start])
            word = opener[1].lower() if opener else ""
            if _RANGE_GAP[word].fullmatch(gap) and (word or _is_year_pair(text, last, span)):
                out[-1] = _Span(opener.start() if opener else last.start, span.end, "range")
                continue
            if "clock" in (last.kind, span.kind) and last.kind != span.kind and _CLOCK_GAP.fullmatch(gap):
                out[-1] = _Span(last.start, span.end, "clock")
                continue
        out.append(span)
    return out


def _is_year_pair(text: str, a: _Span, b: _Span) -> bool:
    return all(re.fullmatch(r"\d{4}", text[s.start:s.end]) for s in (a, b))


@functools.lru_cache(maxsize=1)
def _prefix_patterns() -> tuple[re.Pattern, re.Pattern]:
    approx = _words().approx
    since = re.compile(rf"\b(?:since|as early as|as far back as)\s+(?:(?:{approx})\s+)?$", re.IGNORECASE)
    return since, re.compile(rf"\b(?:{approx})\s+$", re.IGNORECASE)


def _extend(text: str, spans: list[_Span]) -> list[_Span]:
    """Take 'since' (it changes the value) and, before a number, 'around' (it does not) into the span."""
    since, approx = _prefix_patterns()
    out = []
    for span in spans:
        head = text[max(0, span.start - 40):span.start]
        match = since.search(head) or (approx.search(head) if text[span.start].isdigit() else None)
        start = span.start - (len(head) - match.start()) if match else span.start
        out.append(_Span(start, span.end, span.kind))
    return out


def _anchor_date(published: str | dt.date | None) -> dt.date | None:
    if published is None or isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def extract_times(doc: Any, published: str | dt.date | None) -> list[TimeExpr]:
    """Find the time expressions in a parsed article and resolve them against `published`
    ("YYYY-MM-DD"; None leaves relative expressions unresolved). Offsets are into `doc.text`."""
    text = doc.text
    ours = _select(s for s in _candidates(text) if _plausible(doc, s))
    spans = _select((s for s in _entity_spans(doc) if _plausible(doc, s)), taken=ours)
    spans = _extend(text, _combine(text, spans))
    return _resolve_spans(text, spans, _anchor_date(published))


def _resolve_spans(text: str, spans: list[_Span], anchor: dt.date | None) -> list[TimeExpr]:
    """Resolve in text order; each resolved day becomes the reference for later anaphora."""
    times, previous = [], None
    for span in spans:
        words = text[span.start:span.end]
        value, granularity = _resolve(words, _Context(anchor, previous))
        times.append(TimeExpr(text=words, start=span.start, end=span.end, value=value, granularity=granularity))
        if value is not None and granularity in ("day", "time"):
            previous = value
    return times


def reload_lexicon() -> None:
    """Forget the cached word lists and patterns (after editing a data file or $EVENTWIRE_DATA_DIR)."""
    for cached in (lexicon, _words, _table, _resolvers, _detectors, _prefix_patterns, _date_parser):
        cached.cache_clear()
