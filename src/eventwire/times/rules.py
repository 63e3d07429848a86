"""Resolution rules for time expressions: one span of text -> an inclusive calendar interval.

`times.py` finds the spans; this module says what they mean.

* `resolve_expression(text, anchor, previous, tense)` resolves a span already known to be a time
  expression against the publication date (`anchor`) and the last resolved day (`previous`, for
  anaphora such as "the next day"); `tense="future"` (from the clause, see `times.py`) turns a bare
  month or weekday forwards ("talks will resume in June").
* `duration_of(text)` gives the length a span measures as an ISO 8601 duration ("three years" ->
  "P3Y", "the past several months" -> "PXM"), or None for spans that are not lengths of time.

Values are inclusive intervals of ISO dates (`DateValue`) with a granularity: day, week, month, year,
interval, decade or time. Our rules handle what news uses most; dateparser is the fallback for odd
formats on a short span only (it mis-reads many news idioms, see REFERENCE.md section 5). The rules
and their choices are documented in docs/times.md; every word they use is in
data/time_expressions.json.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from eventwire.model import DateValue
from eventwire.datafiles import data_files, read_json

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


def alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that 'Sept.' wins over 'Sep'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Words:
    """Regex fragments built once from the lexicon (shared with the span finder in times.py)."""

    weekday: str  # case-sensitive forms
    month: str
    month_full: str
    pod: str
    daymod: str
    number: str
    vague_number: str
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
    edges: str
    ordinal: str
    qualifier: str


@functools.lru_cache(maxsize=1)
def words() -> Words:
    lex = lexicon()
    longest: dict[int, str] = {}
    for form, number in lex["months"].items():  # the full name is the longest form of each month
        if len(form) > len(longest.get(number, "")):
            longest[number] = form
    suffixes = alt(lex["clock_suffixes"])
    return Words(
        weekday=alt(lex["weekdays"]),
        month=alt(lex["months"]),
        month_full=alt(longest.values()),
        pod=alt(lex["parts_of_day"]),
        daymod=alt(lex["day_modifiers"]),
        number=alt(lex["number_words"]) + r"|\d{1,3}",
        vague_number=alt(lex["vague_numbers"]),
        unit=alt(lex["units"]),
        past=alt(lex["past_words"]),
        future=alt(lex["future_words"]),
        vague=alt(lex["vague_past_words"]),
        deictic=alt(lex["deictic"]),
        anaphoric=alt(lex["anaphoric"]),
        approx=alt(lex["approximators"]),
        clock=rf"\b\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:{suffixes})(?:\s(?:{suffixes}))*(?![A-Za-z])",
        season=alt(lex["seasons"]),
        cues=alt(lex["bare_month_cues"]),
        parts=alt(lex["period_parts"]),
        edges=alt(lex["period_edges"]),
        ordinal=alt(lex["ordinals"]) + r"|\d{1,2}(?:st|nd|rd|th)",
        qualifier=alt(lex["year_qualifiers"]),
    )


@functools.lru_cache(maxsize=None)
def table(section: str) -> dict[str, Any]:
    """A lexicon section keyed by lower-case word (resolution works on lower-cased text)."""
    return {key.lower(): value for key, value in lexicon()[section].items()}


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
    """Move `day` by `amount` units; hours and minutes move by whole days (rounded towards zero)."""
    if unit in ("hour", "minute"):
        return day + dt.timedelta(days=int(amount / (24 if unit == "hour" else 1440)))
    if unit in ("day", "week"):
        return day + dt.timedelta(days=amount * (7 if unit == "week" else 1))
    return _add_months(day, amount * {"month": 1, "year": 12, "decade": 120, "century": 1200}[unit])


def _period(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The calendar day, week (Monday-Sunday), month, year, decade or century containing `day`."""
    if unit in ("day", "hour", "minute"):
        return day, day
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    size = 100 if unit == "century" else 10
    first = day.year // size * size
    return dt.date(max(first, 1), 1, 1), dt.date(first + size - 1, 12, 31)


def _number(word: str | None) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else lexicon()["number_words"].get(word, 1)


def _unit(word: str) -> str:
    return table("units")[word]


# ---------------------------------------------------------------------------------------------
# Resolution of one span
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    anchor: dt.date | None
    previous: DateValue | None
    tense: str | None = None  # "future" turns bare months and weekdays forwards

    def base(self, forward: bool) -> dt.date | None:
        """The day anaphora count from: the last resolved date, else the anchor."""
        if self.previous is None:
            return self.anchor
        return dt.date.fromisoformat(self.previous.end if forward else self.previous.start)


_LEADING = re.compile(r"^(?:(?:on|in|at|during|over|for|by|until|till|within|throughout|of)\s+)+")


def _normalise(text: str) -> str:
    """Lower case, single spaces, no leading preposition, trailing sentence punctuation or
    year qualifier ('this fiscal year' is read as the calendar year)."""
    text = " ".join(text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").split())
    text = _LEADING.sub("", text.strip(" ,;:()\"").rstrip("'"))
    text = text if re.match(r"'\d", text) else text.lstrip("'")  # "'58" keeps its apostrophe
    text = re.sub(rf"\b(?:{words().qualifier}) (?=year\b|\d{{4}}\b)", "", text)
    if re.search(r"(?:\w{4,}|\d)\.$", text):
        text = text[:-1]
    return text


def resolve_expression(
    text: str, anchor: dt.date | None, previous: DateValue | None = None, tense: str | None = None
) -> tuple[DateValue | None, str]:
    """Resolve a time expression to (inclusive ISO interval, granularity).

    `anchor` is the publication date; relative expressions ("on Sunday", "last month") resolve
    against it and get value None when it is None. `previous` is the last resolved date in the text,
    for anaphora ("the next day"); without it they count from the anchor. `tense="future"` says the
    clause speaks of the future, so a bare month or weekday is the next one, not the last. An
    expression we cannot resolve gives (None, granularity guess).
    """
    return _resolve(text, _Context(anchor, previous, tense))


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
    if re.fullmatch(r"'?\d{2}", b_text) and a_gran == "year":  # "2018-19", "1954 to '58"
        b = _period(dt.date(first.year // 100 * 100 + int(b_text[-2:]), 1, 1), "year")[1]
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
    if b < first and re.fullmatch(r"(?:[a-z.]+)", b_text) and a_gran in ("month", "day"):
        b = _add_months(b, 12)  # "from November to February": the end is in the next year
    return (_interval(first, b), "interval") if b >= first else (None, "interval")


def _r_since(m: re.Match, ctx: _Context) -> Result | None:
    value, gran = _resolve(m["x"], ctx)
    if value is None or ctx.anchor is None or value.start > ctx.anchor.isoformat():
        return value, gran  # without an anchor we only know where the interval starts
    return DateValue(value.start, ctx.anchor.isoformat()), "interval"


def _r_approx(m: re.Match, ctx: _Context) -> Result | None:
    return _resolve(m["x"], ctx)


def _r_eve(m: re.Match, ctx: _Context) -> Result | None:
    """'the eve of Sunday's vote': the day before the day it names."""
    value, gran = _resolve(m["x"], ctx)
    if value is None or gran not in ("day", "time"):
        return None
    day = dt.date.fromisoformat(value.start) - dt.timedelta(days=1)
    return _interval(day, day), "day"


def _r_edge(m: re.Match, ctx: _Context) -> Result | None:
    """'the end of 2028' = its last month, 'the beginning of the year' = January; the edge of a
    month or shorter period is the period itself (where it ends would be a guess)."""
    inner = m["x"]
    if re.fullmatch(r"(?:the )?(?:week|month|year)", inner):
        inner = "this " + inner.split()[-1]
    value, gran = _resolve(inner, ctx)
    if value is None:
        return None
    if gran != "year":
        return value, gran
    first = table("period_edges")[m["edge"]] == "first"
    year = int(value.start[:4])
    return _interval(*_period(dt.date(year, 1 if first else 12, 1), "month")), "month"


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
    return table("months")[word]


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
    """'March 2022', 'late March 2022': the month ('early', 'late' do not narrow it, as in TimeML)."""
    return _interval(*_period(dt.date(int(m["y"]), _month(m["mon"]), 1), "month")), "month"


def _r_month(m: re.Match, ctx: _Context) -> Result | None:
    """A bare month: the most recent on or before the anchor month, or in a future-tense clause
    the next on or after it, unless 'last'/'this'/'next' says."""
    if ctx.anchor is None:
        return None, "month"
    month, a = _month(m["mon"]), ctx.anchor
    if ctx.tense == "future":
        default = a.year if month >= a.month else a.year + 1
    else:
        default = a.year if month <= a.month else a.year - 1
    year = {
        "this": a.year,
        "next": a.year if month > a.month else a.year + 1,
        "last": a.year if month < a.month else a.year - 1,
    }.get(m["rel"] or "", default)
    return _interval(*_period(dt.date(year, month, 1), "month")), "month"


def _r_year(m: re.Match, ctx: _Context) -> Result | None:
    year = int(m["y"])
    if not 1000 <= year <= 2199:
        return None
    return _interval(dt.date(year, 1, 1), dt.date(year, 12, 31)), "year"


def _r_short_year(m: re.Match, ctx: _Context) -> Result | None:
    """"'58": the year of that number not more than `two_digit_year_ahead` years after the anchor."""
    if ctx.anchor is None:
        return None, "year"
    limit = ctx.anchor.year + lexicon()["two_digit_year_ahead"]
    year = limit // 100 * 100 + int(m["yy"])
    year -= 100 if year > limit else 0
    return _interval(dt.date(year, 1, 1), dt.date(year, 12, 31)), "year"


def _r_decade(m: re.Match, ctx: _Context) -> Result | None:
    if m["full"]:
        start = int(m["full"]) * 10
    else:  # "the '90s": the latest such decade not after the anchor's
        current = (ctx.anchor or dt.date(1999, 12, 31)).year
        start = current // 100 * 100 + int(m["short"]) * 10
        start -= 100 if start > current else 0
    return _interval(dt.date(start, 1, 1), dt.date(start + 9, 12, 31)), "decade"


def _r_century(m: re.Match, ctx: _Context) -> Result | None:
    """'the 20th century' = 1900-1999 (the usage of news and of TimeML, not 1901-2000)."""
    word = m["ord"]
    number = int(word[:-2]) if word[0].isdigit() else table("ordinals")[word]
    if not 1 <= number <= 22:
        return None
    first = (number - 1) * 100
    return _interval(dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31)), "interval"


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
    """A weekday in news: the most recent such day on or before the anchor (same day = anchor);
    in a future-tense clause the next on or after it."""
    if ctx.anchor is None:
        return None, "day"
    weekday = table("weekdays")[m["wd"]]
    back = (ctx.anchor.weekday() - weekday) % 7
    rel = m["rel"] or ("this" if ctx.tense == "future" else None)
    if rel == "last":
        back = back or 7
    elif rel in ("next", "this"):
        ahead = (weekday - ctx.anchor.weekday()) % 7
        back = -(ahead or (7 if rel == "next" else 0))
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
    """'two days ago', 'two years from now' (from the anchor), 'three days later' (from the last
    resolved date)."""
    unit, amount = _unit(m["u"]), _number(m["n"])
    direction = m["dir"]
    from_anchor = direction in ("ago", "from now", "from today", "hence")
    base = ctx.anchor if from_anchor else ctx.base(forward=direction in ("later", "after"))
    sign = 1 if direction in ("later", "after", "from now", "from today", "hence") else -1
    gran = "day" if unit in ("hour", "minute") else "interval" if unit == "century" else unit
    if base is None:
        return None, gran
    return _interval(*_period(_shift(base, sign * amount, unit), unit)), gran


def _r_window(m: re.Match, ctx: _Context, future: bool = False) -> Result | None:
    """'the past two days' = [anchor - 2 days, anchor]; 'last month' = the previous calendar month;
    'the next two weeks' = the window after the anchor; 'recent years', 'the coming days' = a vague
    window sized in the data file."""
    unit, plural = _unit(m["u"]), m["u"].endswith("s")
    calendar_period = not m["the"] and not m["n"] and not plural and m["w"] in ("last", "next")
    gran = unit if calendar_period and unit not in ("century", "minute") else "interval"
    if ctx.anchor is None:
        return None, gran
    if calendar_period:
        return _interval(*_period(_shift(ctx.anchor, 1 if future else -1, unit), unit)), gran
    sign = 1 if future else -1
    vague = m["n"] and m["n"] not in lexicon()["number_words"]  # "many": no count to go by
    if (m["n"] and not vague) or not plural:
        amount = _number(m["n"])
        if unit in ("hour", "minute"):  # "the past 24 hours": whole days, at least one
            far = ctx.anchor + dt.timedelta(days=sign * max(1, -(-amount // (24 if unit == "hour" else 1440))))
        else:
            far = _shift(ctx.anchor, sign * amount, unit)
    else:
        far = ctx.anchor + dt.timedelta(days=sign * lexicon()["vague_window_days"][unit])
    if future:
        return _interval(ctx.anchor + dt.timedelta(days=1), far), "interval"
    return _interval(far, ctx.anchor), "interval"


def _r_calendar(m: re.Match, ctx: _Context) -> Result | None:
    """'this week' = the calendar week of the anchor; 'earlier this month' = [month start, anchor];
    'early this year' = the year (as 'early March' is March)."""
    unit = m["u"]
    if ctx.anchor is None:
        return None, unit if m["mod"] in (None, "early", "late") else "interval"
    first, last = _period(ctx.anchor, unit)
    if m["mod"] == "earlier":
        return _interval(first, ctx.anchor), "interval"
    if m["mod"] == "later":
        return _interval(ctx.anchor, last), "interval"
    return _interval(first, last), unit


def _r_weekend(m: re.Match, ctx: _Context) -> Result | None:
    """'the weekend' = the latest Saturday-Sunday starting on or before the anchor; in a
    future-tense clause the coming one."""
    if ctx.anchor is None:
        return None, "interval"
    in_weekend = ctx.anchor.weekday() >= 5
    saturday = ctx.anchor - dt.timedelta(days=(ctx.anchor.weekday() - 5) % 7)
    rel = m["rel"] if m["rel"] != "the" else None
    rel = rel or ("this" if ctx.tense == "future" else None)
    step = {"last": -7 if in_weekend else 0, "next": 7, "this": 0 if in_weekend else 7}.get(rel or "", 0)
    saturday += dt.timedelta(days=step)
    return _interval(saturday, saturday + dt.timedelta(days=1)), "interval"


Handler = Callable[[re.Match, _Context], Result | None]


@functools.lru_cache(maxsize=1)
def _resolvers() -> tuple[tuple[re.Pattern, Handler], ...]:
    """(pattern, handler) in priority order; patterns match a whole normalised span."""
    w = words()
    lower = {name: getattr(w, name).lower() for name in ("weekday", "month", "season")}
    mon, wd, part = lower["month"], lower["weekday"], rf"(?:(?:{w.parts})[- ]?)?"
    year = r"(?P<y>\d{4})"
    future_window = functools.partial(_r_window, future=True)
    counted_dirs = "ago|earlier|later|before|after|previously|from now|from today|hence"
    table_: list[tuple[str, Handler]] = [
        (r"(?P<a>\d{4})\s?[-/]\s?(?P<b>\d{4}|\d{2})", _r_range),
        (r"(?:between|from) (?P<a>.+?) (?:and|to|until|till|through|-) (?P<b>.+)", _r_range),
        (r"(?:since|as early as|as far back as) (?:(?:" + w.approx + r") )?(?P<x>.+)", _r_since),
        (r"(?:" + w.approx + r") (?P<x>.+)", _r_approx),
        (r"the eve of (?P<x>.+?)(?:'s)?", _r_eve),
        (rf"(?:the |at the |by the )?(?P<edge>{w.edges}) of (?P<x>.+)", _r_edge),
        (r"(?P<a>.*?)(?P<clock>" + w.clock.lower() + r")(?P<b>.*)", _r_clock),
        (r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", _r_iso),
        (rf"(?:(?:{wd}),? )?(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<mon>{mon})(?:,? {year})?", _r_day),
        (rf"(?:(?:{wd}),? )?(?P<mon>{mon}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? {year})?", _r_day),
        (rf"{part}(?P<mon>{mon}),? (?:of )?{year}", _r_month_year),
        (rf"(?:(?P<rel>last|this|next) )?{part}(?P<mon>{mon})", _r_month),
        (rf"{part}(?P<rel>last|this|next) (?P<mon>{mon})", _r_month),  # "late last July"
        (rf"(?:the year )?{part}{year}", _r_year),
        (r"'(?P<yy>\d\d)", _r_short_year),
        (rf"(?:the )?{part}(?:(?P<full>\d{{3}})0|'(?P<short>\d)0)'?s", _r_decade),
        (rf"(?:the )?{part}(?P<ord>{w.ordinal}) century", _r_century),
        (rf"(?:(?P<rel>last|this|next) |the )?(?P<season>{lower['season']})(?:,? (?:of )?{year})?", _r_season),
        (rf"(?:(?:{w.daymod})(?: on| in the day)? )?(?:(?P<rel>last|this|next) )?(?P<wd>{wd})(?: (?:{w.pod}))?", _r_weekday),
        (rf"(?:the )?(?:(?:early|late|small) )?(?:{w.pod}) (?:of|on) (?:(?P<rel>last|this|next) )?(?P<wd>{wd})", _r_weekday),
        (rf"(?:{w.parts})[- ](?P<x>(?:last|this|next) (?:week|month|year|decade))", _r_approx),  # "late last year"
        (rf"(?:(?:{w.daymod}) )?(?P<w>{w.deictic})(?: (?:{w.pod}))?", _r_deictic),
        (rf"(?P<w>{w.anaphoric})", _r_anaphoric),
        (rf"(?P<n>{w.number}) (?P<u>{w.unit}) (?P<dir>{counted_dirs})", _r_counted),
        (rf"(?P<the>the )?(?P<w>{w.past}|{w.vague}) (?:(?P<n>{w.number}|{w.vague_number}) )?(?P<u>{w.unit})", _r_window),
        (rf"(?P<the>the )?(?P<w>{w.future}) (?:(?P<n>{w.number}|{w.vague_number}) )?(?P<u>{w.unit})", future_window),
        (rf"(?P<the>the )(?P<w>)(?:(?P<n>{w.number}) )?(?P<u>{w.unit}) ahead", future_window),
        (r"(?:(?P<mod>earlier|later|early|late) (?:in )?)?(?:this|the current) (?P<u>week|month|year)", _r_calendar),
        (r"(?P<mod>earlier|later) in the (?P<u>week|month|year)", _r_calendar),
        (r"(?:(?P<rel>last|next|this|the) |over the )?weekend", _r_weekend),
    ]
    return tuple((re.compile(p), h) for p, h in table_)


# ---------------------------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _duration_pattern() -> re.Pattern:
    w = words()
    lead = rf"(?:(?P<the>the|a|an) )?(?:(?P<w>{w.past}|{w.future}|{w.vague}|first|final|following) )?"
    mods = r"(?:(?:almost|nearly|more than|less than|over|under|at least|up to|just|only|" + w.approx + r") )?"
    amount = rf"(?:(?P<n>{w.vague_number}|{w.number}|\d[\d,.]*)[ -])?"
    return re.compile(rf"{mods}{lead}{mods}{amount}(?P<u>{w.unit})(?:-long|'s|')?")


def duration_of(text: str) -> str | None:
    """The length of time a span measures, as an ISO 8601 duration: "three years" -> "P3Y",
    "90 days" -> "P90D", "a decade" -> "P10Y", "the past two weeks" -> "P2W", "several days" and
    "recent weeks" -> "PXD" / "PXW" (X: an unknown number, as in TimeML). None for anything else,
    including calendar periods ("last week", "next year") and dates ("two days ago")."""
    m = _duration_pattern().fullmatch(_normalise(text))
    if m is None:
        return None
    unit, plural, n = _unit(m["u"]), m["u"].endswith("s"), m["n"]
    if not m["the"] and not n and not plural and m["w"] in ("last", "next", "this"):
        return None  # "last week" is a calendar week, not a length
    if n and re.fullmatch(words().vague_number, n) or (not n and plural):
        amount: str | int = "X"
    else:
        amount = _number(n) if n and not n[0].isdigit() else int(float(n.replace(",", ""))) if n else 1
    code = lexicon()["duration_codes"][unit]
    factor, letter = re.fullmatch(r"(\d*)(T?[A-Z])", code).groups()
    if factor and amount != "X":
        amount = int(amount) * int(factor)
    elif factor:
        letter = {"10Y": "DE", "100Y": "CE"}.get(code, letter)
    prefix = "PT" if letter.startswith("T") else "P"
    return f"{prefix}{amount}{letter.lstrip('T')}"


# ---------------------------------------------------------------------------------------------
# dateparser, for formats our rules do not cover
# ---------------------------------------------------------------------------------------------


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
    has_month = re.search(rf"\b(?:{words().month.lower()})", norm)
    if len(norm) > 40 or not (re.search(r"\d", norm) or has_month):
        return None
    if ctx.anchor is None and not re.search(r"\d{4}", norm):
        return None  # relative to a date we do not have
    data = _date_parser(ctx.anchor).get_date_data(norm)
    unit = {"day": "day", "week": "week", "month": "month", "year": "year"}.get(data.period or "")
    if data.date_obj is None or unit is None:
        return None
    return _interval(*_period(data.date_obj.date(), unit)), unit


def clear_caches() -> None:
    """Forget the cached word lists and patterns (after editing a data file)."""
    for cached in (lexicon, words, table, _resolvers, _duration_pattern, _date_parser):
        cached.cache_clear()
