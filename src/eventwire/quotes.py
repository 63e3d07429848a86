"""Quotes stage: reported speech, who said it, and to which outlet.

Three passes over a parsed Doc:

1. **Marks** (`find_quote_spans`, characters only): pair quote marks per paragraph. Straight, curly and
   guillemet double quotes; single quotes only when they pair up and are not apostrophes (Kata'ib, Shia').
   An unclosed double quote runs to the end of its paragraph, and continues in the next paragraph when
   that one opens with a quote mark (the wire convention for multi-paragraph quotes).
2. **Attribution**: the reporting verb nearest the quote *outside* all quotes, in the same sentence frame
   ('"...," he said', 'X said: "..."', 'X said that ... "..."'); its subject is the speaker; the object
   of "told" / "in an interview with" is the medium.
3. **Indirect speech**: the clause of a reporting verb ('X said (that) ...') and 'according to X'.

Speakers are Entity records: an overlapping actor from the actors stage when there is one, else built
from the parse (PERSON/ORG/NORP entities, noun phrases). Pronouns go back to the last person mentioned
outside quotes (subjects first), surnames to the full name mentioned elsewhere. When nothing in the
paragraph says who speaks, the speaker is None.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .parse import cached_ents, sentence_bounds, sentence_of
from .model import Entity, Quote
from .resources import data_files, read_json

__all__ = ["QuoteLexicon", "QuoteSpan", "extract_quotes", "find_quote_spans", "load_lexicon", "paragraphs",
           "quote_at"]

# Quote characters and the direction their glyph suggests ("either" for straight marks).
DOUBLE_MARKS = {'"': "either", "\u201c": "open", "\u201d": "close", "\u201e": "open",
                "\u00ab": "open", "\u00bb": "close"}
SINGLE_MARKS = {"'": "either", "\u2018": "open", "\u2019": "close", "\u201a": "open",
                "\u2039": "open", "\u203a": "close"}
ALL_MARKS = {**DOUBLE_MARKS, **SINGLE_MARKS}
_OPEN_BEFORE = "([{\u2014\u2013-/:"  # characters after which a mark opens a quote
_CLOSE_AFTER = ".,;:!?)]}\u2014\u2013-\u2026"  # characters before which a mark closes one
_SENTENCE_END = {".", "!", "?"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_RELATIVE = {"who", "which", "that", "whom"}
_PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_GROUP_PRONOUNS = {"they", "it", "we"}
_MIN_DIRECT_WORDS = 8  # a quoted fragment this long is a quoted clause, not a scare-quoted phrase
_ENT_KIND = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "country"}


# --------------------------------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class QuoteLexicon:
    """The word lists of data/reporting_verbs.json (see its schema)."""

    verbs: frozenset[str]
    speech_nouns: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    audience_verbs: frozenset[str]
    address_verbs: frozenset[str]
    address_preps: frozenset[str]
    interview_nouns: frozenset[str]
    titles: frozenset[str]
    name_particles: frozenset[str]
    org_words: frozenset[str]


def load_lexicon(paths: Sequence[str | os.PathLike] | None = None) -> QuoteLexicon:
    """Read the quotes lexicon; later files (the user's) extend the lists and may `remove` words."""
    if paths is None:
        return _default_lexicon()
    lists: dict[str, set[str]] = {}
    removed: set[str] = set()
    for path in paths:
        document = read_json(path, "reporting_verbs")
        for key, words in document.items():
            if key == "remove":
                removed.update(w.lower() for w in words)
            elif isinstance(words, list):
                lists.setdefault(key, set()).update(w.lower() for w in words)
    words = {key: frozenset(values - removed) for key, values in lists.items()}
    get = lambda key: words.get(key, frozenset())  # noqa: E731
    return QuoteLexicon(
        verbs=get("verbs"), speech_nouns=get("speech_nouns"),
        source_phrases=tuple(tuple(p.split()) for p in sorted(get("source_phrases"))),
        audience_verbs=get("audience_verbs"), address_verbs=get("address_verbs"),
        address_preps=get("address_preps"), interview_nouns=get("interview_nouns"),
        titles=get("titles"), name_particles=get("name_particles"), org_words=get("org_words"),
    )


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> QuoteLexicon:
    return load_lexicon(data_files("reporting_verbs.json"))


# ----------------------------------------------------------------------------------- quote marks
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


# ------------------------------------------------------------------------------------ doc context
@dataclass
class _Mention:
    """A named actor mention outside quotes, a candidate antecedent for pronouns and surnames."""

    entity: Entity
    start: int
    end: int
    sentence: int
    subject: bool


@dataclass
class _Context:
    doc: Doc
    text: str
    lex: QuoteLexicon
    actors: list[Entity]
    quoted: list[bool]  # per token: inside quote marks (marks included)
    mentions: list[_Mention] = field(default_factory=list)
    media: list[tuple[int, int]] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    paragraph_bounds: list[tuple[int, int]] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    token_starts: list[int] = field(default_factory=list)

    def outside(self, token: Token) -> bool:
        return not self.quoted[token.i]


def _quoted_tokens(doc: Doc, spans: Iterable[QuoteSpan], text: str) -> list[bool]:
    flags = [False] * len(doc)
    para = paragraphs(text)
    for span in spans:
        stop = span.close_at + 1 if span.close_at is not None else para[span.paragraph][1]
        chars = doc.char_span(span.open_at, stop, alignment_mode="expand")
        for token in chars or ():
            flags[token.i] = True
    return flags


def _sentence_index(token: Token) -> int:
    return sentence_bounds(token.doc)[token.i][0]


# ------------------------------------------------------------------------------- names and spans
def _norm_name(name: str, lex: QuoteLexicon) -> list[str]:
    """Lower-case name words without particles: 'Al-Fartousi' -> ['fartousi']."""
    words = re.split(r"[\s\-\u2010\u2011'’]+", name.lower())
    return [w for w in words if w and w not in lex.name_particles]


def _is_title(token: Token, lex: QuoteLexicon) -> bool:
    return token.lower_ in lex.titles or token.lower_.rstrip(".") in lex.titles


def _name_span(token: Token, ctx: _Context) -> Span:
    """The proper-name run ending at `token` ('Colonel Saad Al-Hadithi' -> 'Saad Al-Hadithi'); a whole
    organisation entity when the token is in one ('the Syrian Observatory for Human Rights')."""
    doc, first = token.doc, token.i
    ent = _entity_around(token)
    if ent is not None and ent.label_ in {"ORG", "FAC", "GPE", "LOC"} and all(ctx.outside(t) for t in ent):
        first, last = ent.start, ent.end - 1
        while first < last and doc[first].pos_ == "DET":
            first += 1
        while last > first and doc[last].tag_ == "POS":
            last -= 1
        return doc[first:last + 1]
    while first > sentence_bounds(token.doc)[token.i][0]:
        prev = doc[first - 1]
        joins = prev.tag_ == "HYPH" or prev.text == "-" or prev.lower_ in ctx.lex.name_particles \
            or (prev.text in {"'", "\u2019"} and not doc[first - 2].whitespace_)  # Shia' Al Sudani
        if ctx.outside(prev) and (prev.pos_ == "PROPN" or joins) and "\n" not in prev.whitespace_:
            first -= 1
        else:
            break
    while first < token.i and (_is_title(doc[first], ctx.lex) or doc[first].tag_ == "HYPH"):
        first += 1
    return doc[first:token.i + 1]


def _entity_around(token: Token) -> Span | None:
    """The named-entity span holding `token` (found from the IOB tags: Doc.ents is rebuilt per call)."""
    if not token.ent_type_:
        return None
    doc, first, last = token.doc, token.i, token.i
    while doc[first].ent_iob_ == "I" and first > 0:
        first -= 1
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return Span(doc, first, last + 1, label=token.ent_type_)


def _phrase_span(token: Token, ctx: _Context,
                 preps: frozenset[str] = frozenset({"for", "of", "from", "at", "in", "with"})) -> Span:
    """A description noun phrase: modifiers on the left, 'for/of/from ...' on the right."""
    doc = token.doc
    left = token.i
    for child in sorted(token.lefts, key=lambda t: -t.i):
        if child.dep_ in {"det", "amod", "compound", "nmod", "nummod", "poss", "advmod", "case"} \
                and child.right_edge.i == left - 1 and ctx.outside(child.left_edge):
            left = child.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in preps \
                and child.i == right + 1 and all(ctx.outside(t) for t in child.subtree):
            right = child.right_edge.i
    return doc[left:right + 1]


def _entity_for_span(span: Span, ctx: _Context) -> Entity:
    """An Entity for a speaker or mention span: an overlapping actor, else one built from the parse."""
    actor = _overlapping_actor(span.start_char, span.end_char, ctx.actors, span.root.idx)
    linked = _link_surname(span.text, span.start_char, ctx)
    if actor is not None:
        if actor.kind == "person" and actor.kb_id is None and linked is not None:
            actor = dataclasses.replace(actor, name=linked.name)  # not in the KB: name it in full
        return dataclasses.replace(actor, text=span.text, start=span.start_char, end=span.end_char)
    head = span.root
    if linked is not None:
        return dataclasses.replace(linked, text=span.text, start=span.start_char, end=span.end_char)
    if head.pos_ == "PROPN":
        kind = _ENT_KIND.get(head.ent_type_, "person")
        if kind == "organization" and _looks_like_person(span, ctx):
            kind = "person"  # the small model tags many unfamiliar personal names ORG
        name = span.text
    else:
        kind = "generic"
        name = re.sub(r"^(the|a|an)\s+", "", span.text, flags=re.I)
    return Entity(name=name, text=span.text, kind=kind, start=span.start_char, end=span.end_char,
                  score=1.0 if head.ent_type_ else 0.8)


def _looks_like_person(span: Span, ctx: _Context) -> bool:
    """Two to four capitalised words, none of them an organisation word ('Nadia Rahim')."""
    words = [t for t in span if t.is_alpha and t.lower_ not in ctx.lex.name_particles]
    return 2 <= len(words) <= 4 and all(t.is_title and t.lower_ not in ctx.lex.org_words for t in words)


def _overlapping_actor(start: int, end: int, actors: Sequence[Entity], head: int | None = None
                       ) -> Entity | None:
    """The longest actor over [start, end) that holds the head character `head` (so that "Syrian" in
    "a senior Syrian military source" does not make Syria the speaker)."""
    head = start if head is None else head
    best = None
    for actor in actors:
        if actor.start is None or actor.end is None:
            continue
        if actor.start < end and start < actor.end and actor.start <= head < actor.end:
            if best is None or (actor.end - actor.start) > (best.end - best.start):
                best = actor
    return best


def _link_surname(text: str, at: int, ctx: _Context) -> Entity | None:
    """The person whose full name ends with `text` (a surname mention), preferring earlier mentions."""
    short = _norm_name(text, ctx.lex)
    if not short:
        return None
    found = None
    for mention in ctx.mentions:
        if mention.entity.kind != "person":
            continue
        full = _norm_name(mention.entity.name, ctx.lex)
        if len(full) > len(short) and full[-len(short):] == short:
            if found is None or mention.start < at:
                found = mention.entity
    return found


# ------------------------------------------------------------------------------------- mentions
def _collect_mentions(ctx: _Context) -> None:
    """Named persons and organisations outside quotes: actors first, then spaCy entities."""
    doc = ctx.doc
    taken: list[tuple[int, int]] = []
    for actor in ctx.actors:
        if actor.start is None or actor.end is None:
            continue
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        pronoun = actor.name.lower() in _PERSON_PRONOUNS or actor.name.lower() in _GROUP_PRONOUNS
        if span is None or not ctx.outside(span.root) or pronoun:  # unresolved pronouns name nobody
            continue
        ctx.mentions.append(_Mention(actor, actor.start, actor.end, _sentence_index(span.root),
                                     span.root.dep_ in _SUBJECT_DEPS))
        taken.append((actor.start, actor.end))
    for ent in cached_ents(doc):
        if ent.label_ not in {"PERSON", "ORG", "NORP"} or not ctx.outside(ent.root):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        if ent.label_ == "PERSON" and ent.start > 0 and doc[ent.start - 1].lower_ == "the":
            continue  # "the Sayyida Zainab": a place or building, not a person
        span = _name_span(ent.root, ctx) if ent.root.pos_ == "PROPN" else ent
        if span.root.tag_ == "POS" or not span.text.strip():
            continue
        entity = _entity_for_span(span, ctx)
        ctx.mentions.append(_Mention(entity, span.start_char, span.end_char, _sentence_index(ent.root),
                                     ent.root.dep_ in _SUBJECT_DEPS))
    ctx.mentions.sort(key=lambda m: m.start)


def _add_mention(ctx: _Context, entity: Entity, token: Token) -> None:
    if entity.start is None or any(m.start == entity.start for m in ctx.mentions):
        return
    ctx.mentions.append(_Mention(entity, entity.start, entity.end or entity.start,
                                 _sentence_index(token), True))
    ctx.mentions.sort(key=lambda m: m.start)


def _resolve_pronoun(pronoun: Token, ctx: _Context) -> Entity | None:
    """The antecedent of a speaker pronoun: in the nearest earlier sentence with a compatible mention
    (up to three paragraphs back), its subject mention, else its first one."""
    word = pronoun.lower_
    wants_person = word in _PERSON_PRONOUNS
    gender = _PERSON_PRONOUNS.get(word)
    lowest_paragraph = _paragraph_of(pronoun.idx, ctx) - 3
    by_sentence: dict[int, list[_Mention]] = {}
    for mention in ctx.mentions:
        if mention.start >= pronoun.idx or _paragraph_of(mention.start, ctx) < lowest_paragraph:
            continue
        if any(s <= mention.start < e for s, e in ctx.media):
            continue  # the outlet in "told Al-Araby" is not who speaks next
        is_person = mention.entity.kind == "person"
        if is_person != wants_person:
            continue
        if gender and ctx.genders.get(mention.entity.name, gender) != gender:
            continue
        by_sentence.setdefault(mention.sentence, []).append(mention)
    if not by_sentence:
        return None
    nearest = by_sentence[max(by_sentence)]
    chosen = next((m for m in nearest if m.subject), nearest[0])
    if gender:
        ctx.genders[chosen.entity.name] = gender
    return chosen.entity


def _paragraph_of(offset: int, ctx: _Context) -> int:
    return bisect.bisect_right(ctx.paragraph_starts, offset) - 1


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


def _window(span: QuoteSpan, ctx: _Context, direction: int) -> list[Token]:
    """Tokens outside quotes beside `span`, nearest first, up to the end of the sentence frame."""
    doc, out = ctx.doc, []
    para_start, para_end = ctx.paragraph_bounds[span.paragraph]
    if direction > 0:
        if span.close_at is None:
            return out
        i = bisect.bisect_left(ctx.token_starts, span.close_at + 1)
        indices = range(i, len(doc))
    else:
        i = bisect.bisect_left(ctx.token_starts, span.open_at) - 1
        indices = range(i, -1, -1)
    for index in indices:
        token = doc[index]
        if not para_start <= token.idx < para_end:
            break
        if ctx.quoted[index]:
            continue
        if token.text in _SENTENCE_END:
            break
        out.append(token)
    return out


def _starts_sentence(left: list[Token]) -> bool:
    """No words between the quote and the start of its sentence (its left window)."""
    return not any(t.is_alpha for t in left)


def _anchor(span: QuoteSpan, ctx: _Context) -> Token | None:
    """The reporting verb (or 'according' token) that introduces the quote, if any."""
    left, right = _window(span, ctx, -1), _window(span, ctx, +1)
    sides = (right, left) if _starts_sentence(left) else (left, right)
    for side in sides:
        for token in side:
            if _is_reporting(token, ctx) or _source_phrase_at(token, ctx):
                return token
    return None


def _quote_kind(span: QuoteSpan, ctx: _Context) -> str:
    """'direct' for a quoted sentence or clause, 'partial' for a short fragment inside a sentence."""
    if span.continues:
        return "direct"
    left = _window(span, ctx, -1)
    before = ctx.text[ctx.paragraph_starts[span.paragraph]:span.open_at].rstrip()
    if _starts_sentence(left) or before.endswith(":"):
        return "direct"
    inner = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    if inner is None:
        return "partial"
    words = [t for t in inner if t.is_alpha]
    if len(words) >= _MIN_DIRECT_WORDS or (before.endswith(",") and ctx.text[span.start].isupper()):
        return "direct"
    inside = range(inner.start, inner.end)
    for token in inner:
        if token.dep_ in _SUBJECT_DEPS | {"expl"} and token.head.i in inside and token.head.pos_ in {
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
        if child.dep_ in _SUBJECT_DEPS and ctx.outside(child):
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
    if subject is not None:
        return subject
    doc = anchor.doc  # parse gave no subject: '"...," he said' / '"...," said the minister'
    for index in (anchor.i - 1, anchor.i + 1):
        if 0 <= index < len(doc) and ctx.outside(doc[index]) and doc[index].pos_ in {"PRON", "PROPN", "NOUN"}:
            return doc[index]
    return None


def _speaker(token: Token, ctx: _Context, depth: int = 0) -> Entity | None:
    """The Entity who speaks, given the subject token of the reporting verb."""
    if token.pos_ == "PRON":
        return _pronoun_speaker(token, ctx)
    if token.lemma_.lower() in ctx.lex.speech_nouns and depth < 2:  # "a statement by X", "X's remarks"
        for child in token.children:
            if child.dep_ == "poss":
                return _speaker(child, ctx, depth + 1)
            if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return _speaker(objects[0], ctx, depth + 1)
        return None
    span = _name_span(token, ctx) if token.pos_ == "PROPN" else _phrase_span(token, ctx)
    if not len(span):
        span = _phrase_span(token, ctx)
    entity = _entity_for_span(span, ctx)
    _add_mention(ctx, entity, token)
    return entity


def _pronoun_speaker(token: Token, ctx: _Context) -> Entity | None:
    end = token.idx + len(token.text)
    actor = _overlapping_actor(token.idx, end, ctx.actors)
    if actor is not None and actor.name.lower() != token.lower_:
        return dataclasses.replace(actor, text=token.text, start=token.idx, end=end)
    if token.lower_ not in _PERSON_PRONOUNS and token.lower_ not in _GROUP_PRONOUNS:
        return None
    antecedent = _resolve_pronoun(token, ctx)
    if antecedent is None:
        return None
    entity = dataclasses.replace(antecedent, text=token.text, start=token.idx, end=end,
                                 score=round(antecedent.score * 0.9, 3))
    _add_mention(ctx, entity, token)
    return entity


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


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


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
    for child in clause.children:
        if child.dep_ in {"conj", "advcl"} and child.i > clause.i and _is_reporting(child, ctx):
            last = min(last, child.left_edge.i - 1)
    doc = clause.doc
    while first <= last and (doc[first].dep_ == "mark" and doc[first].lower_ == "that"):
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


def _indirect_candidates(ctx: _Context) -> list[tuple[Token, int, int]]:
    """(anchor, first token, last token) of every reported clause outside quotes."""
    found = []
    for token in ctx.doc:
        if _is_reporting(token, ctx):
            for child in token.children:
                if child.dep_ == "ccomp" and child.i > token.i and ctx.outside(child.left_edge):
                    bounds = _clause_bounds(child, ctx)
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
def extract_quotes(doc: Doc, actors: Sequence[Entity] = (), lexicon: QuoteLexicon | None = None
                   ) -> list[Quote]:
    """Direct, partial and indirect quotes of `doc` with speaker and medium, ids q1.. in text order.

    `actors` (the actors stage output) may be empty or partial: speakers are then built from the
    parse. Offsets are into `doc.text`; for every quote `doc.text[q.start:q.end] == q.text`.
    """
    text = doc.text  # Doc.text is rebuilt from the tokens on every access
    spans = find_quote_spans(text)
    ctx = _Context(doc=doc, text=text, lex=lexicon or _default_lexicon(), actors=list(actors),
                   quoted=_quoted_tokens(doc, spans, text))
    ctx.paragraph_bounds = paragraphs(text)
    ctx.paragraph_starts = [start for start, _ in ctx.paragraph_bounds]
    ctx.token_starts = [t.idx for t in doc]
    _collect_mentions(ctx)

    marked = [(span, _quote_kind(span, ctx)) for span in spans]
    anchors = _chain_anchors(spans, ctx)
    indirect = [(a, f, l) for a, f, l in _indirect_candidates(ctx) if not _mostly_quoted(f, l, ctx)]

    all_anchors = [a for a in anchors if a is not None] + [a for a, _, _ in indirect]
    media = {a.i: _medium(a, ctx) for a in all_anchors}
    speakers = _resolve_speakers(all_anchors, ctx)

    drafts: list[tuple[int, int, str, Token | None]] = []
    for (span, kind), anchor in zip(marked, anchors):
        drafts.append((span.start, span.end, kind, anchor))
    for anchor, first, last in indirect:
        drafts.append((doc[first].idx, doc[last].idx + len(doc[last].text), "indirect", anchor))
    drafts = _dedupe(sorted(drafts, key=lambda d: (d[0], -d[1])))
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
        by_token[subject.i] = _speaker(subject, ctx)
    return {i: (by_token.get(s.i) if s is not None else None) for i, s in subjects.items()}


def _dedupe(drafts: list[tuple[int, int, str, Token | None]]) -> list[tuple[int, int, str, Token | None]]:
    seen, out = set(), []
    for draft in drafts:
        if (draft[0], draft[1]) not in seen:
            seen.add((draft[0], draft[1]))
            out.append(draft)
    return out


def quote_at(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The innermost quote containing [start, end), preferring one whose speaker is known."""
    containing = sorted((q for q in quotes if q.start <= start and end <= q.end), key=lambda q: q.end - q.start)
    return next((q for q in containing if q.speaker is not None), containing[0] if containing else None)
