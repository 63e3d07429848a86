"""Quotes stage: reported speech, who said it, and to which outlet.

Three passes over a parsed Doc:

1. **Marks** (`quote_marks.find_quote_spans`, characters only): pair quote marks per paragraph.
   Straight, curly and guillemet double quotes; single quotes only when they pair up and are not apostrophes (Kata'ib, Shia').
   An unclosed double quote runs to the end of its paragraph, and continues in the next paragraph when
   that one opens with a quote mark (the wire convention for multi-paragraph quotes).
2. **Attribution**: the reporting verb nearest the quote *outside* all quotes, in the same sentence frame
   ('"...," he said', 'X said: "..."', 'X said that ... "..."'); its subject is the speaker (read by
   `quote_speakers`); the object of "told" / "in an interview with" is the medium.
3. **Indirect speech**: the clause of a reporting verb ('X said (that) ...') and 'according to X'.

Speakers are Entity records: an overlapping actor from the actors stage when there is one, else built
from the parse (PERSON/ORG/NORP entities, noun phrases). A description gives way to the name beside it
('a spokeswoman, Olena Kravets'); an unnamed spokesperson speaks for the organisation; an anonymous
source ('a resident', 'two military sources') gives None, as the annotation guidelines say. Pronouns go
back to the last person mentioned outside quotes (subjects first), surnames to the full name mentioned
elsewhere. When nothing in the paragraph says who speaks, the speaker is None.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Token

from eventwire.budget import checkpoint
from eventwire.model import Entity, Quote
from eventwire.spans import SpanIndex
from eventwire.vocabulary import SUBJECT_DEPS
from eventwire.parse import sentence_bounds, sentence_of
from eventwire.quotes.marks import QuoteSpan, find_quote_spans, paragraphs
from eventwire.quotes.speakers import (_NAME_ENTS, _RELATIVE, QuoteLexicon, _collect_mentions, _Context,
                             _default_lexicon, _name_span, _phrase_span, _pobj, _run_end, _speaker,
                             load_lexicon)

__all__ = ["QuoteLexicon", "QuoteSpan", "extract_quotes", "find_quote_spans", "load_lexicon", "paragraphs",
           "quote_at"]


_SENTENCE_END = {".", "!", "?"}
_MIN_DIRECT_WORDS = 8  # a quoted fragment this long is a quoted clause, not a scare-quoted phrase


def _quoted_tokens(doc: Doc, spans: Iterable[QuoteSpan], text: str) -> list[bool]:
    flags = [False] * len(doc)
    para = paragraphs(text)
    for span in spans:
        stop = span.close_at + 1 if span.close_at is not None else para[span.paragraph][1]
        chars = doc.char_span(span.open_at, stop, alignment_mode="expand")
        for token in chars or ():
            flags[token.i] = True
    return flags


# ---------------------------------------------------------------------------------- attribution
def _is_reporting(token: Token, ctx: _Context) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in ctx.lex.verbs and ctx.outside(token)


def _source_phrase_at(token: Token, ctx: _Context) -> bool:
    """True when `token` starts an 'according to'-style phrase outside quotes."""
    doc = token.doc
    for phrase in ctx.lex.source_phrases:
        words = [t.lower_ for t in doc[token.i:token.i + len(phrase)]]
        if tuple(words) == phrase and ctx.outside(token):
            return True
    return False


class _Frames:
    """Each quote's sentence frame, read off arrays computed once per Doc: the tokens outside quotes
    beside a quote, up to a full stop outside quotes or the end of the paragraph. Walking the frame token
    by token for each quote was quadratic in a paragraph of many quotes and no full stop."""

    def __init__(self, ctx: _Context):
        doc, n = ctx.doc, len(ctx.doc)
        outside = [not q for q in ctx.quoted]
        stop = [outside[i] and doc[i].text in _SENTENCE_END for i in range(n)]
        self.previous_stop, last = [0] * n, -1
        for i in range(n):
            last = i if stop[i] else last
            self.previous_stop[i] = last
        self.next_stop, last = [0] * n, n
        for i in range(n - 1, -1, -1):
            last = i if stop[i] else last
            self.next_stop[i] = last
        self.words_before = [0] * (n + 1)  # outside-quote words among tokens [0, i)
        for i in range(n):
            self.words_before[i + 1] = self.words_before[i] + (outside[i] and doc[i].is_alpha)
        # tokens that introduce a quote: a reporting verb or an "according to" phrase, outside quotes
        self.anchors = [t.i for t in doc if _is_reporting(t, ctx) or _source_phrase_at(t, ctx)]

    def side(self, span: QuoteSpan, ctx: _Context, direction: int) -> range:
        """The token indexes of the frame on one side of `span` (quoted tokens in it are not frame)."""
        para_start, para_end = ctx.paragraph_bounds[span.paragraph]
        first = bisect.bisect_left(ctx.token_starts, para_start)  # the paragraph's tokens
        last = bisect.bisect_left(ctx.token_starts, para_end)
        if direction > 0:
            if span.close_at is None:
                return range(0)
            i = max(first, bisect.bisect_left(ctx.token_starts, span.close_at + 1))
            return range(i, min(last, self.next_stop[i] if i < len(self.next_stop) else i))
        i = min(last, bisect.bisect_left(ctx.token_starts, span.open_at)) - 1
        if i < first:
            return range(0)
        return range(max(first, self.previous_stop[i] + 1), i + 1)

    def starts_sentence(self, left: range) -> bool:
        """No words between the quote and the start of its sentence (its left frame)."""
        return self.words_before[left.stop] == self.words_before[left.start] if left else True

    def nearest_anchor(self, frame: range, direction: int) -> int | None:
        if not frame:
            return None
        if direction > 0:
            at = bisect.bisect_left(self.anchors, frame.start)
            return self.anchors[at] if at < len(self.anchors) and self.anchors[at] < frame.stop else None
        at = bisect.bisect_left(self.anchors, frame.stop) - 1
        return self.anchors[at] if at >= 0 and self.anchors[at] >= frame.start else None


def _anchor(span: QuoteSpan, ctx: _Context) -> Token | None:
    """The reporting verb (or 'according' token) that introduces the quote, if any."""
    frames = ctx.frames
    left, right = frames.side(span, ctx, -1), frames.side(span, ctx, +1)
    sides = ((right, +1), (left, -1)) if frames.starts_sentence(left) else ((left, -1), (right, +1))
    for frame, direction in sides:
        found = frames.nearest_anchor(frame, direction)
        if found is not None:
            return ctx.doc[found]
    return None


def _quote_kind(span: QuoteSpan, ctx: _Context) -> str:
    """'direct' for a quoted sentence or clause, 'partial' for a short fragment inside a sentence."""
    if span.continues:
        return "direct"
    before = ctx.text[ctx.paragraph_starts[span.paragraph]:span.open_at].rstrip()
    if ctx.frames.starts_sentence(ctx.frames.side(span, ctx, -1)) or before.endswith(":"):
        return "direct"
    inner = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    if inner is None:
        return "partial"
    words = [t for t in inner if t.is_alpha]
    if len(words) >= _MIN_DIRECT_WORDS or (before.endswith(",") and ctx.text[span.start].isupper()):
        return "direct"
    inside = range(inner.start, inner.end)
    for token in inner:
        if token.dep_ in SUBJECT_DEPS | {"expl"} and token.head.i in inside and token.head.pos_ in {
                "VERB", "AUX"}:
            return "direct"  # a clause with its own subject: "the danger remains"
    return "partial"


def _climb(verb: Token, ctx: _Context) -> Token | None:
    """The verb whose subject `verb` shares: 'adding' -> 'told', 'assured' (conj) -> 'announced'."""
    ancestors = [a for a in list(verb.ancestors)[:3] if ctx.outside(a)]
    if verb.dep_ in {"conj", "ccomp"}:  # only up to a reporting verb: parses of "and" are unreliable
        return next((a for a in ancestors if _is_reporting(a, ctx)), None)
    if verb.tag_ in {"VBG", "VBN"} and verb.dep_ in {"advcl", "xcomp", "acl", "pcomp"}:
        return next((a for a in ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return None


def _own_subject(verb: Token, ctx: _Context) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and ctx.outside(child):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head  # "Al-Abbasi, who announced that ..."
            return child
    return None


def _chain(verb: Token, ctx: _Context) -> list[Token]:
    """`verb` and the verbs it borrows its subject from, ending with the one that has a subject."""
    chain = [verb]
    while len(chain) < 4 and _own_subject(chain[-1], ctx) is None:
        up = _climb(chain[-1], ctx)
        if up is None or up in chain:
            break
        chain.append(up)
    return chain


def _subject_token(anchor: Token, ctx: _Context) -> Token | None:
    """The speaker token of a reporting verb or of an 'according to' phrase."""
    if not _is_reporting(anchor, ctx):  # 'according to X': X, or who made the statement X
        to = anchor.doc[anchor.i + 1] if anchor.i + 1 < len(anchor.doc) else None
        objects = [c for c in (to.children if to is not None else ()) if c.dep_ == "pobj"]
        return objects[0] if objects else None
    subject = _own_subject(_chain(anchor, ctx)[-1], ctx)
    return subject if subject is not None else _nearby_subject(anchor, ctx)


def _nearby_subject(anchor: Token, ctx: _Context) -> Token | None:
    """When the parse gives the verb no subject: the first name or noun between the quote (or the
    sentence start) and the verb ('"...," Khaing Min Naing, a spokesman, told ...'), else the first
    one after it ('"...," said the minister')."""
    doc, start = anchor.doc, sentence_bounds(anchor.doc)[anchor.i][0]
    first = anchor.i
    while first > start and ctx.outside(doc[first - 1]) and doc[first - 1].text not in _SENTENCE_END:
        first -= 1
    after = []
    for token in doc[anchor.i + 1:min(len(doc), anchor.i + 5)]:
        if not ctx.outside(token) or token.is_punct:
            break
        after.append(token)
    for token in list(doc[first:anchor.i]) + after:
        if token.pos_ in {"PRON", "PROPN", "NOUN"} or (token.is_title and token.ent_type_ in _NAME_ENTS):
            return _run_end(token, ctx) if token.pos_ != "PRON" else token
    return None


def _medium(anchor: Token, ctx: _Context) -> str | None:
    """The outlet or audience: 'told Reuters', 'told reporters', 'in an interview with X'."""
    if not _is_reporting(anchor, ctx):
        return None
    lex = ctx.lex
    chain = _chain(anchor, ctx)
    speaking = [t for t in sentence_of(anchor) if t.i > anchor.i and ctx.outside(t)  # "..., speaking to X"
                and t.pos_ == "VERB" and t.lemma_.lower() in lex.address_verbs]
    for verb in chain + speaking:
        lemma = verb.lemma_.lower()
        for child in verb.children:
            if not ctx.outside(child):
                continue
            target = None
            if lemma in lex.audience_verbs and child.dep_ in {"dobj", "dative", "iobj"}:
                target = child
            elif child.dep_ == "prep" and lemma in lex.address_verbs and child.lower_ in lex.address_preps:
                target = _pobj(child)
            elif child.dep_ == "prep" and child.lower_ in {"in", "during"}:
                noun = _pobj(child)
                if noun is not None and noun.lemma_.lower() in lex.interview_nouns:
                    target = next((_pobj(p) for p in noun.children
                                   if p.dep_ == "prep" and p.lower_ in lex.address_preps), None)
            if target is not None and target.pos_ in {"PROPN", "NOUN"}:
                return _medium_text(target, ctx)
    return None


def _medium_text(token: Token, ctx: _Context) -> str:
    if token.pos_ == "PROPN":
        span = _name_span(token, ctx)
    else:  # "told a news conference in Geneva": the audience, not where it sat
        span = _phrase_span(token, ctx, frozenset({"of"}))
    if span[0].pos_ == "DET" and span[0].is_lower:
        span = span[1:]
    elif span.start > sentence_bounds(span.doc)[span.start][0] and span.doc[span.start - 1].text == "The":
        span = span.doc[span.start - 1:span.end]  # a title-cased article is part of the name: The National
    ctx.media.append((span.start_char, span.end_char))
    return span.text


# -------------------------------------------------------------------------------- indirect speech
_TRAILING = {",", ".", ";", ":", "and", "but", "or", "-", "\u2014", "\u2013"}


def _clause_bounds(clause: Token, ctx: _Context) -> tuple[int, int] | None:
    """Token range [first, last] of a reported clause, cut before a following reporting verb."""
    first, last = clause.left_edge.i, clause.right_edge.i
    if first < clause.head.i < clause.i:  # "that it said [had supplied ...]"
        first = clause.head.i + 1
    for child in clause.children:
        if child.dep_ in {"conj", "advcl"} and child.i > clause.i and _is_reporting(child, ctx):
            last = min(last, child.left_edge.i - 1)
    doc = clause.doc
    while first <= last and doc[first].lower_ == "that" and (doc[first].dep_ == "mark" or first < clause.i):
        first += 1
    while last >= first and (doc[last].lower_ in _TRAILING or doc[last].is_space):
        last -= 1
    return (first, last) if last >= first else None


def _according_bounds(anchor: Token, ctx: _Context) -> tuple[int, int] | None:
    """The clause an 'according to X' phrase attributes: the rest of its sentence."""
    sent, doc = sentence_of(anchor), anchor.doc
    phrase_end = anchor.right_edge.i
    if anchor.i > sent.start + 1:
        first, last = sent.start, anchor.i - 1
    else:
        first, last = phrase_end + 1, sent.end - 1
    while first <= last and doc[first].lower_ in _TRAILING:
        first += 1
    while last >= first and doc[last].lower_ in _TRAILING:
        last -= 1
    return (first, last) if last >= first else None


def _reported_clauses(verb: Token, ctx: _Context) -> list[Token]:
    """The clauses a reporting verb reports: 'said (that) ...', and 'said in a statement that ...' (the
    parse hangs that clause on the noun). A clause before the verb ('..., the ministry said') is the
    reporter's own sentence with a source; it is not listed (docs/quotes.md)."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i and ctx.outside(c.left_edge)
               and (c.left_edge.i > verb.i or _relative_subject(c, verb))]
    for prep in (c for c in verb.rights if c.dep_ == "prep"):
        noun = _pobj(prep)
        for clause in (noun.rights if noun is not None else ()):
            if clause.dep_ in {"relcl", "acl", "ccomp"} and _that_clause(noun, clause):
                clauses.append(clause)
    return clauses


def _relative_subject(clause: Token, verb: Token) -> bool:
    """'companies that it said [had supplied ...]': only a relative pronoun stands before the verb."""
    return all(t.lower_ in _RELATIVE for t in clause.subtree if t.i < verb.i)


def _that_clause(noun: Token, clause: Token) -> bool:
    """'in a statement that [his forces would ...]': 'that' right after the noun, and the clause has
    a subject of its own (not 'the message that was sent')."""
    doc = noun.doc
    that = doc[clause.left_edge.i]
    return that.lower_ == "that" and that.i == noun.i + 1 and any(
        c.dep_ in SUBJECT_DEPS and c.lower_ not in _RELATIVE for c in clause.children)


def _indirect_candidates(ctx: _Context) -> list[tuple[Token, int, int]]:
    """(anchor, first token, last token) of every reported clause outside quotes."""
    found = []
    for token in ctx.doc:
        if _is_reporting(token, ctx):
            for clause in _reported_clauses(token, ctx):
                bounds = _clause_bounds(clause, ctx)
                if bounds:
                    found.append((token, *bounds))
        elif _source_phrase_at(token, ctx):
            bounds = _according_bounds(token, ctx)
            if bounds:
                found.append((token, *bounds))
    return found


def _mostly_quoted(first: int, last: int, ctx: _Context) -> bool:
    quoted = sum(1 for i in range(first, last + 1) if ctx.quoted[i])
    return quoted * 2 >= last - first + 1


# ----------------------------------------------------------------------------------- public API
def extract_quotes(doc: Doc, actors: Sequence[Entity] = (), lexicon: QuoteLexicon | None = None,
                   max_quotes: int = 0, warn: Callable[[str], None] | None = None) -> list[Quote]:
    """Direct, partial and indirect quotes of `doc` with speaker and medium, ids q1.. in text order.

    `actors` (the actors stage output) may be empty or partial: speakers are then built from the
    parse. Offsets are into `doc.text`; for every quote `doc.text[q.start:q.end] == q.text`.
    `max_quotes` (0: no limit): the first so many quoted stretches and reported clauses are kept, and
    `warn` is told about the rest.
    """
    text = doc.text  # Doc.text is rebuilt from the tokens on every access
    spans = find_quote_spans(text)
    found = len(spans)
    if max_quotes and found > max_quotes:
        spans = spans[:max_quotes]
    ctx = _Context(doc=doc, text=text, lex=lexicon or _default_lexicon(), actors=list(actors),
                   quoted=_quoted_tokens(doc, spans, text))
    ctx.paragraph_bounds = paragraphs(text)
    ctx.paragraph_starts = [start for start, _ in ctx.paragraph_bounds]
    ctx.token_starts = [t.idx for t in doc]
    ctx.frames = _Frames(ctx)
    _collect_mentions(ctx)

    marked = [(span, _quote_kind(span, ctx)) for span in spans]
    anchors = _chain_anchors(spans, ctx)
    indirect = [(a, f, l) for a, f, l in _indirect_candidates(ctx) if not _mostly_quoted(f, l, ctx)]
    found += len(indirect)
    if max_quotes and len(indirect) > max_quotes:
        indirect = indirect[:max_quotes]

    all_anchors = [a for a in anchors if a is not None] + [a for a, _, _ in indirect]
    media = {a.i: _medium(a, ctx) for a in all_anchors}
    speakers = _resolve_speakers(all_anchors, ctx)

    drafts: list[tuple[int, int, str, Token | None]] = []
    for (span, kind), anchor in zip(marked, anchors):
        drafts.append((span.start, span.end, kind, anchor))
    for anchor, first, last in indirect:
        drafts.append((doc[first].idx, doc[last].idx + len(doc[last].text), "indirect", anchor))
    drafts = _dedupe(sorted(drafts, key=lambda d: (d[0], -d[1])))
    if max_quotes and found > max_quotes:
        drafts = drafts[:max_quotes]
        if warn is not None:
            warn(f"{found} quotes and reported clauses found, the first {max_quotes} kept ([limits] max_quotes)")
    return [
        Quote(id=f"q{n}", text=text[start:end], start=start, end=end, kind=kind,
              speaker=speakers.get(anchor.i) if anchor is not None else None,
              medium=media.get(anchor.i) if anchor is not None else None)
        for n, (start, end, kind, anchor) in enumerate(drafts, 1)
    ]


def _chain_anchors(spans: list[QuoteSpan], ctx: _Context) -> list[Token | None]:
    """Each quote's anchor; segments of a multi-paragraph quote without their own share the chain's."""
    own = [_anchor(span, ctx) for span in spans]
    for index in range(1, len(spans)):  # '"A," he said. "B."': B goes with the paragraph's speaker
        if own[index] is None and spans[index - 1].paragraph == spans[index].paragraph:
            own[index] = own[index - 1]
    result = list(own)
    chain: list[int] = []
    for index, span in enumerate(spans + [None]):
        if span is None or not span.continues:
            shared = next((own[i] for i in chain if own[i] is not None), None)
            for i in chain:
                result[i] = own[i] or shared
            chain = []
        if span is not None:
            chain.append(index)
    return result


def _resolve_speakers(anchors: list[Token], ctx: _Context) -> dict[int, Entity | None]:
    """Speaker per anchor token index, resolved in text order of the subject so that pronouns see
    every earlier speaker."""
    subjects = {a.i: _subject_token(a, ctx) for a in anchors}
    by_token: dict[int, Entity | None] = {}
    for subject in sorted({s for s in subjects.values() if s is not None}, key=lambda t: t.i):
        checkpoint()
        by_token[subject.i] = _speaker(subject, ctx)
    return {i: (by_token.get(s.i) if s is not None else None) for i, s in subjects.items()}


def _dedupe(drafts: list[tuple[int, int, str, Token | None]]) -> list[tuple[int, int, str, Token | None]]:
    seen, out = set(), []
    for draft in drafts:
        if (draft[0], draft[1]) not in seen:
            seen.add((draft[0], draft[1]))
            out.append(draft)
    return out


def quote_at(quotes: Sequence[Quote] | SpanIndex[Quote], start: int, end: int) -> Quote | None:
    """The innermost quote containing [start, end), preferring one whose speaker is known. Give a
    `SpanIndex` of the quotes when asking for many events."""
    near = quotes.overlapping(start, end) if isinstance(quotes, SpanIndex) else quotes
    containing = sorted((q for q in near if q.start <= start and end <= q.end), key=lambda q: q.end - q.start)
    return next((q for q in containing if q.speaker is not None), containing[0] if containing else None)
