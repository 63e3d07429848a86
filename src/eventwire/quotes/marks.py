"""Quote marks: pair straight, curly and guillemet quotes per paragraph (characters only, no parse).

Wire copy has one paragraph per line. Double quotes may be left open (the quote then runs to the end of its
paragraph) and continue in the next paragraph when that one opens with a quote mark. Single quotes count only
when they pair up, and a mark between two letters is an apostrophe (Kata'ib, Assad’s). See docs/quotes.md.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

__all__ = ["ALL_MARKS", "DOUBLE_MARKS", "SINGLE_MARKS", "QuoteSpan", "find_quote_spans", "paragraphs"]

# Quote characters and the direction their glyph suggests ("either" for straight marks).
DOUBLE_MARKS = {'"': "either", "\u201c": "open", "\u201d": "close", "\u201e": "open",
                "\u00ab": "open", "\u00bb": "close"}
SINGLE_MARKS = {"'": "either", "\u2018": "open", "\u2019": "close", "\u201a": "open",
                "\u2039": "open", "\u203a": "close"}
ALL_MARKS = {**DOUBLE_MARKS, **SINGLE_MARKS}
_OPEN_BEFORE = "([{\u2014\u2013-/:"  # characters after which a mark opens a quote
_CLOSE_AFTER = ".,;:!?)]}\u2014\u2013-\u2026"  # characters before which a mark closes one


@dataclass(slots=True)
class QuoteSpan:
    """A quoted stretch of text: `start`/`end` exclude the marks, `open_at`/`close_at` are the marks."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # None: unclosed, runs to the end of the paragraph
    paragraph: int
    continues: bool = False  # continues the unclosed quote of the previous paragraph


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line: wire copy has one paragraph per line."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _mark_roles(text: str, i: int, start: int, end: int) -> set[str]:
    """Which roles ("open", "close") the mark at i can play, judged from its neighbours."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if text[i] in SINGLE_MARKS and before.isalnum() and after.isalnum():
        return set()  # an apostrophe inside a word: Kata'ib, Assad’s
    roles = set()
    if before.isspace() or before in _OPEN_BEFORE or before in ALL_MARKS:
        if not after.isspace() or text[i] == "\u00ab":
            roles.add("open")
    if not before.isspace() or text[i] == "\u00bb":
        if after.isspace() or after in _CLOSE_AFTER or after in ALL_MARKS:
            roles.add("close")
    glyph = ALL_MARKS[text[i]]
    if glyph != "either" and (glyph in roles or not roles):
        return {glyph}  # a curly mark says which way it faces unless the context says otherwise
    return roles


def _pair_paragraph(text: str, start: int, end: int, number: int) -> list[QuoteSpan]:
    """Pair the marks of one paragraph; one level deep (marks of the other family inside are text)."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    family: dict[str, str] | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in ALL_MARKS:
            continue
        roles = _mark_roles(text, i, start, end)
        if open_at is None:
            if "open" in roles:
                open_at, family = i, DOUBLE_MARKS if ch in DOUBLE_MARKS else SINGLE_MARKS
        elif ch in family and "close" in roles:
            spans.append(QuoteSpan(open_at + 1, i, open_at, i, number))
            open_at = None
    if open_at is not None and family is DOUBLE_MARKS:
        spans.append(QuoteSpan(open_at + 1, end, open_at, None, number))
    return spans


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All quoted stretches of `text`, in order, trimmed of spaces and the comma before a closing mark."""
    spans: list[QuoteSpan] = []
    previous_open = False
    for number, (start, end) in enumerate(paragraphs(text)):
        found = _pair_paragraph(text, start, end, number)
        first = start + len(text[start:end]) - len(text[start:end].lstrip())
        if found and previous_open and found[0].open_at == first and text[first] in DOUBLE_MARKS:
            found[0].continues = True
        previous_open = bool(found) and found[-1].close_at is None
        spans.extend(s for s in map(lambda s: _trim(text, s), found) if s.end > s.start)
    return spans


def _trim(text: str, span: QuoteSpan) -> QuoteSpan:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return dataclasses.replace(span, start=start, end=end)
