"""Time expressions: find them in a parsed article and resolve them to calendar intervals.

* `extract_times(doc, published)` finds spans with our own regular expressions (built from the word
  lists in data/time_expressions.json) plus spaCy's DATE/TIME entities, reads the tense of the clause
  each span sits in, then resolves the spans against the publication date in text order, so that
  "the next day" follows the last resolved day.
* `resolve_expression(text, anchor, previous, tense)` and `duration_of(text)` (from
  `time_rules.py`, which holds the resolution rules) work on one span already known to be a time
  expression.

Detection is here, resolution in `time_rules.py`; docs/times.md documents both.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eventwire.budget import checkpoint
from eventwire.model import TimeExpr
from eventwire.parse import cached_ents, cached_text
from eventwire.times.rules import clear_caches, duration_of, lexicon, resolve_expression, words

__all__ = ["extract_times", "resolve_expression", "duration_of", "lexicon", "reload_lexicon"]


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
    w = words()
    wd, mon, full = f"(?-i:{w.weekday})", f"(?-i:{w.month})(?![A-Za-z])", f"(?-i:{w.month_full})(?![\\w-])"
    year = r"(?<![\w$£€.,-])(?:1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)"
    part = rf"(?:(?:{w.parts})[- ])"
    num, unit, qual = rf"(?:{w.number})", rf"(?:{w.unit})", rf"(?:(?:{w.qualifier}) )?"
    table = {
        "iso": r"\b\d{4}-\d{2}-\d{2}\b",
        "day_month": rf"\b(?:{wd},? )?(?:the )?\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{mon}(?:,? {year})?",
        "month_day": rf"\b(?:{wd},? )?{mon} \d{{1,2}}(?:st|nd|rd|th)?(?![\d:])(?:,? {year})?",
        "month_year": rf"\b{part}?{mon},? (?:of )?{year}",
        "month_cued": rf"\b(?:{w.cues}) (?:the )?(?P<t>{part}?{full})",
        "month_modified": rf"\b(?:{part}(?:(?:last|this|next) )?|(?:last|this|next) ){full}",
        "year": rf"(?:\b{part})?{year}",
        "short_year": rf"\b(?:{w.cues}) (?P<t>['\u2019]\d\d)(?![\w'\u2019])",
        "year_range": rf"{year}\s?[-\u2013\u2014/]\s?(?:{year}|\d\d(?!\d))",
        "decade": rf"\b(?:the )?{part}?(?:(?:1[89]|20)\d0|'\d0)'?s\b",
        "century": rf"\bthe {part}?(?:{w.ordinal}) century\b",
        "edge": rf"\bthe (?:{w.edges}) of (?:(?:the|this|last|next) )?{qual}(?:year|{full}(?:,? {year})?|{year})\b",
        "weekday": rf"\b(?:(?:{w.daymod})(?: on)? |(?:last|this|next) )?{wd}\b(?: (?:{w.pod})\b)?",
        "pod_of_weekday": rf"\b(?:the )?(?:(?:early|late|small) )?(?:{w.pod}) (?:of|on) {wd}\b",
        "deictic": rf"\b(?:(?:{w.daymod}) )?(?:{w.deictic})(?: (?:{w.pod}))?\b(?!-)",
        "anaphoric": rf"\b(?:{w.anaphoric})\b(?! of\b)",  # 'the eve of the talks': a date we do not know
        "counted": rf"\b{num} {unit} (?:ago|earlier|later|from now|from today|hence)\b",
        "window": rf"\b(?:the )?(?:{w.past}|{w.future}|{w.vague}) (?:{num}|{w.vague_number}) {unit}\b",
        "window_bare": rf"\b(?:{part}(?=last|next))?(?:the )?(?:{w.past}|{w.future}|{w.vague}) {qual}{unit}\b(?! of\b)",
        "ahead": rf"\bthe (?:{num} )?{unit} ahead\b",
        "calendar": rf"\b(?:(?:earlier|later|early|late) (?:in )?)?(?:this|the current) {qual}(?:week|month|year)\b",
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
    chosen = _Disjoint()
    for span in taken or ():
        chosen.add(span)
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if not chosen.overlaps(span.start, span.end):
            chosen.add(span)
    return sorted(chosen.added, key=lambda s: s.start)


class _Disjoint:
    """Non-overlapping spans kept sorted, so that an overlap test is a binary search, not a scan of all
    (a text of 5,000 dates made `_select` quadratic)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.added: list[_Span] = []

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self.starts, end)  # chosen spans starting before `end` are at [0, at)
        return at > 0 and self.ends[at - 1] > start

    def add(self, span: _Span) -> None:
        at = bisect.bisect_left(self.starts, span.start)
        self.starts.insert(at, span.start)
        self.ends.insert(at, span.end)
        self.added.append(span)


# ---------------------------------------------------------------------------------------------
# False-positive guards
# ---------------------------------------------------------------------------------------------


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
    text = cached_text(doc)
    if _names(doc).overlaps(span.start, span.end):
        return True
    if text[span.start:span.end] not in lexicon()["weekdays"]:
        return False  # 'late on Saturday', 'Saturday night': a date for sure
    window = max(0, span.start - 40)
    before = re.search(r"(\w+)\W*$", text[window:span.start])
    previous = before[1] if before else ""
    if previous.lower() in _DATE_CUES or previous.lower() in _clock_words():
        return False  # 'on Sunday', '15:00 GMT Saturday' 
    head_of_sentence = _after_sentence_break(text, window + before.start() if before else 0)
    if previous[:1].isupper() and not head_of_sentence:
        return True
    after = re.match(r" ([A-Z][a-z]+)", text[span.end:])
    lex = lexicon()
    return bool(after and after[1] not in lex["months"] and after[1] not in lex["weekdays"])


_NAMES_KEY = ("eventwire", "time_names")


def _names(doc: Any) -> _Disjoint:
    """The character spans of the Doc's entities other than dates and times (spaCy's are disjoint),
    indexed once per Doc."""
    if _NAMES_KEY not in doc.user_data:
        names = _Disjoint()
        for ent in cached_ents(doc):
            if ent.label_ not in ("DATE", "TIME"):
                names.add(_Span(ent.start_char, ent.end_char, "ent"))
        doc.user_data[_NAMES_KEY] = names
    return doc.user_data[_NAMES_KEY]


def _after_sentence_break(text: str, end: int) -> bool:
    """Whether `text[:end]` is empty or ends a sentence or a line (a full stop, a quote mark, a line break,
    then spaces): read backwards from `end`, never the whole prefix."""
    i = end
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] == "\n":
            return True
        i -= 1
    return end == 0 if i == 0 else text[i - 1] in '.!?"\u201c'


@functools.lru_cache(maxsize=1)
def _clock_words() -> frozenset[str]:
    return frozenset(w.lower() for suffix in lexicon()["clock_suffixes"] for w in suffix.split())


def _is_age(text: str, span: _Span) -> bool:
    """'a 22-year-old son', 'children aged 6 months': an age, not a time."""
    age = "|".join(map(re.escape, lexicon()["age_words"]))
    after = re.match(rf"[- ](?:{age})\b", text[span.end:span.end + 8], re.IGNORECASE)
    inside = re.search(rf"-(?:{age})$|^(?:{age})\b", text[span.start:span.end], re.IGNORECASE)
    before = re.search(rf"\b(?:{age})\s+$", text[max(0, span.start - 8):span.start], re.IGNORECASE)
    return bool(after or inside or before)


def _plausible(doc: Any, span: _Span) -> bool:
    """False-positive guards for the ambiguous kinds of span."""
    if span.kind in ("year", "ent") and _is_count(doc, span):
        return False
    words_ = cached_text(doc)[span.start:span.end]
    if span.kind == "ent" and words_ in lexicon()["months"]:
        return _month_cued(cached_text(doc), span.start)  # 'a March organiser', 'May God protect us'
    if span.kind == "ent" and cached_text(doc).startswith(" of ", span.end) and not re.search(r"\d", words_):
        return False  # 'the last days of the regime', 'the early years of the war'
    if span.kind == "ent" and _is_age(cached_text(doc), span):
        return False
    return not (span.kind in ("weekday", "ent") and _in_name(doc, span))


def _month_cued(text: str, start: int) -> bool:
    before = re.search(r"(\w+)\s+(?:the\s+)?$", text[max(0, start - 30):start])
    return bool(before) and before[1].lower() in {*lexicon()["bare_month_cues"], "last", "this", "next"}


def _entity_spans(doc: Any) -> list[_Span]:
    """spaCy DATE/TIME entities that carry a time word or a number we would read as a year."""
    w = words()
    cue = re.compile(
        rf"\d|(?-i:{w.weekday}|{w.month})|\b(?:{w.unit}|{w.pod}|{w.deictic}|{w.season}|weekend)\b", re.IGNORECASE
    )
    spans = []
    for ent in cached_ents(doc):
        if ent.label_ not in ("DATE", "TIME") or not cue.search(ent.text):
            continue
        if re.fullmatch(r"[\d,.]+", ent.text) and not re.fullmatch(r"1[89]\d\d|20\d\d", ent.text):
            continue  # a bare number that cannot be a year
        if re.fullmatch(rf"the (?:{w.unit})", ent.text, re.IGNORECASE) and not ent.text.endswith("s"):
            continue  # 'foresee the day when': no date in it
        spans.append(_Span(ent.start_char, ent.end_char, "ent"))
    return spans


# ---------------------------------------------------------------------------------------------
# Joining and extending spans
# ---------------------------------------------------------------------------------------------


_RANGE_OPENER = re.compile(r"\b(between|from)\s+$", re.IGNORECASE)
_RANGE_GAP = {
    "between": re.compile(r"\s+and\s+", re.IGNORECASE),
    "from": re.compile(r"\s*[-\u2013\u2014]\s*|\s+(?:to|until|till|through)\s+", re.IGNORECASE),
    "": re.compile(r"\s*[-\u2013\u2014]\s*"),
}
_CLOCK_GAP = re.compile(r",?\s+(?:(?:at|on)\s+)?", re.IGNORECASE)


def _combine(text: str, spans: list[_Span]) -> list[_Span]:
    """Join neighbours into ranges ('between 2018 and 2019', 'from March to May') and clock times
    onto their day ('Saturday at 10 p.m.', '15:00 GMT Saturday')."""
    out: list[_Span] = []
    for span in spans:
        last = out[-1] if out else None
        if last is not None:
            gap = text[last.end:span.start]
            opener, opener_at = _range_opener(text, last.start)
            word = opener[1].lower() if opener else ""
            if _RANGE_GAP[word].fullmatch(gap) and (word or _is_year_pair(text, last, span)):
                out[-1] = _Span(opener_at if opener else last.start, span.end, "range")
                continue
            if "clock" in (last.kind, span.kind) and last.kind != span.kind and _CLOCK_GAP.fullmatch(gap):
                out[-1] = _Span(last.start, span.end, "clock")
                continue
        out.append(span)
    return out


def _range_opener(text: str, start: int) -> tuple[re.Match | None, int]:
    """'between' or 'from' just before `start`, and where it begins; searched in the 40 characters before
    (the whole prefix, searched once per span, made a text of 5,000 dates quadratic)."""
    match = _RANGE_OPENER.search(text, max(0, start - 40), start)  # `\b` still sees the text before
    return (match, match.start()) if match else (None, start)


def _is_year_pair(text: str, a: _Span, b: _Span) -> bool:
    return all(re.fullmatch(r"\d{4}", text[s.start:s.end]) for s in (a, b))


@functools.lru_cache(maxsize=1)
def _prefix_patterns() -> tuple[re.Pattern, re.Pattern]:
    approx = words().approx
    changes = re.compile(rf"\b(?:(?:since|as early as|as far back as)\s+(?:(?:{approx})\s+)?|the eve of\s+)$",
                         re.IGNORECASE)
    return changes, re.compile(rf"\b(?:{approx})\s+$", re.IGNORECASE)


def _extend(text: str, spans: list[_Span]) -> list[_Span]:
    """Take 'since' and 'the eve of' (they change the value) and, before a number, 'around' (it
    does not) into the span."""
    changes, approx = _prefix_patterns()
    out = []
    for span in spans:
        head = text[max(0, span.start - 40):span.start]
        match = changes.search(head) or (approx.search(head) if text[span.start].isdigit() else None)
        start = span.start - (len(head) - match.start()) if match else span.start
        out.append(_Span(start, span.end, span.kind))
    return _select(out)  # 'the eve of Sunday' swallows the span 'the eve' 


# ---------------------------------------------------------------------------------------------
# Tense of the clause
# ---------------------------------------------------------------------------------------------


def _clause_tense(doc: Any, span: _Span) -> str | None:
    """"future" when the verb the span hangs on is future ("will resume in June", "are due to meet
    on Monday", "a programme to run through June", "vowed to retake it by June"); else None (the
    news default: the past)."""
    words_ = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words_ is None or not len(words_):
        return None
    verb = words_.root
    for _ in range(4):  # "in June" -> "in" -> the verb
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lex = lexicon()
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in lex["future_markers"] for a in aux):
        return "future"
    if verb.tag_ == "VB" and "to" in aux:  # an infinitive: future unless a past event governs it
        governor = verb.head
        return None if _is_past(governor) and governor.lemma_ not in lex["intent_verbs"] else "future"
    return None


def _is_past(verb: Any) -> bool:
    """Simple past or pluperfect/passive past ('fled', 'had fled', 'were forced'); the present
    perfect ('has identified') is not."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.lower_ in ("had", "was", "were") for c in verb.children)


# ---------------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------------


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
    text = cached_text(doc)
    ours = _select(s for s in _candidates(text) if _plausible(doc, s))
    spans = _select((s for s in _entity_spans(doc) if _plausible(doc, s)), taken=ours)
    spans = _extend(text, _combine(text, spans))
    return _resolve_spans(doc, spans, _anchor_date(published))


def _resolve_spans(doc: Any, spans: list[_Span], anchor: dt.date | None) -> list[TimeExpr]:
    """Resolve in text order; each resolved day becomes the reference for later anaphora."""
    times, previous = [], None
    for span in spans:
        checkpoint()
        words_ = cached_text(doc)[span.start:span.end]
        value, granularity = resolve_expression(words_, anchor, previous, _clause_tense(doc, span))
        times.append(TimeExpr(text=words_, start=span.start, end=span.end, value=value, granularity=granularity,
                              duration=duration_of(words_)))
        if value is not None and granularity in ("day", "time"):
            previous = value
    return times


def reload_lexicon() -> None:
    """Forget the cached word lists and patterns (after editing a data file or $EVENTWIRE_DATA_DIR)."""
    clear_caches()
    for cached in (_detectors, _prefix_patterns, _clock_words):
        cached.cache_clear()
