"""Speakers of quotes: who the subject of a reporting verb is, as an Entity.

Part of the quotes stage (`quotes.py` finds the verbs; this module reads their subjects). A speaker is an
overlapping actor from the actors stage when there is one, else built from the parse: names without
titles, organisations, descriptions. A description gives way to a name beside it, an unnamed
spokesperson to the organisation, an anonymous source to a `generic` Entity named by its description; pronouns and surnames go back to earlier
mentions. The rules, with examples, are in docs/quotes.md.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.model import Entity
from eventwire.vocabulary import SUBJECT_DEPS
from eventwire.parse import cached_ents, sentence_bounds, sentence_of
from eventwire.datafiles import data_files, read_json
from eventwire.spans import SpanIndex

__all__ = ["QuoteLexicon", "load_lexicon"]

_RELATIVE = {"who", "which", "that", "whom"}
_PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_GROUP_PRONOUNS = {"they", "it", "we"}
_ENT_KIND = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "country"}
_NAME_ENTS = {"PERSON", "ORG", "WORK_OF_ART"}  # entity types whose mis-tagged words still belong to a name
_NOT_NAMES = {"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "NORP", "MONEY", "QUANTITY"}
_INDEFINITE = {"a", "an", "another", "one", "some", "several", "many", "few"}  # "a resident": anonymous


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
    spokesperson_nouns: frozenset[str] = frozenset()
    anonymous_nouns: frozenset[str] = frozenset()
    anonymity_phrases: frozenset[str] = frozenset()


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
    fields = {f.name: words.get(f.name, frozenset()) for f in dataclasses.fields(QuoteLexicon)}
    fields["source_phrases"] = tuple(tuple(p.split()) for p in sorted(fields["source_phrases"]))
    return QuoteLexicon(**fields)


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> QuoteLexicon:
    return load_lexicon(data_files("reporting_verbs.json"))


# ------------------------------------------------------------------------------------ doc context
@dataclass
class _Mention:
    """A named actor mention outside quotes, a candidate antecedent for pronouns and surnames."""

    entity: Entity
    start: int
    end: int
    sentence: int
    subject: bool
    anonymous: bool = False  # an unnamed source: a pronoun that goes back to it names nobody
    order: int = 0  # when it was added to the context


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
    frames: object = None  # quotes.extract._Frames: each quote's sentence frame
    # Indexes, so that each speaker costs a lookup rather than a scan of every actor and mention:
    actor_index: SpanIndex[Entity] = field(init=False)
    initials: dict[str, Entity] = field(init=False)  # "WFP" -> the first organisation of those initials
    sorted_mentions: bool = False  # `mentions` is in text order (from the end of `_collect_mentions` on)
    surnames: dict[tuple[str, ...], list[tuple[int, _Mention]]] = field(default_factory=dict)
    dropped: set[int] = field(default_factory=set)  # ids of mentions an anonymous source replaced
    longest_mention: int = 0
    added: int = 0  # mentions added so far (their order of addition breaks ties of `start`)

    def __post_init__(self) -> None:
        self.actor_index = SpanIndex(self.actors, lambda a: (a.start, a.end))
        self.initials = {}
        for actor in self.actors:
            if actor.kind in {"organization", "group"}:
                words = [w for w in re.split(r"[\s\-]+", actor.name) if w[:1].isupper()]
                self.initials.setdefault("".join(w[0] for w in words), actor)

    def outside(self, token: Token) -> bool:
        return not self.quoted[token.i]

    def add_mention(self, mention: _Mention) -> None:
        """Add a mention, keeping `mentions` in text order once it is (as a stable sort would)."""
        if self.sorted_mentions:
            bisect.insort_right(self.mentions, mention, key=lambda m: m.start)
        else:
            self.mentions.append(mention)
        mention.order = self.added
        self.added += 1
        self.longest_mention = max(self.longest_mention, mention.end - mention.start)
        if mention.entity.kind == "person":
            full = tuple(_norm_name(mention.entity.name, self.lex))
            for cut in range(1, len(full)):  # every shorter ending of the name: what a surname can be
                self.surnames.setdefault(full[cut:], []).append((mention.order, mention))

    def sort_mentions(self) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self.sorted_mentions = True

    def drop_mentions(self, start: int, end: int) -> None:
        """Forget the mentions that start in [start, end) (`mentions` is in text order by then)."""
        low = bisect.bisect_left(self.mentions, start, key=lambda m: m.start)
        high = bisect.bisect_left(self.mentions, end, key=lambda m: m.start)
        self.dropped.update(id(m) for m in self.mentions[low:high])
        del self.mentions[low:high]



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


def _entity_for_span(span: Span, ctx: _Context, enclosing: bool = True) -> Entity:
    """An Entity for a speaker or mention span: an overlapping actor (with `enclosing`, also one that
    runs past the span), else an actor the span abbreviates, else one built from the parse."""
    if enclosing:
        actor = _overlapping_actor(span.start_char, span.end_char, ctx.actor_index, span.root.idx)
    else:
        actor = _actor_within(span.start_char, span.end_char, span.root.idx, ctx.actor_index)
    actor = actor or _abbreviated(span.text, ctx)
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


def _abbreviated(text: str, ctx: _Context) -> Entity | None:
    """The organisation actor whose initials `text` is ('WFP' -> World Food Programme)."""
    if not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()):
        return None
    return ctx.initials.get(text)


def _looks_like_person(span: Span, ctx: _Context) -> bool:
    """Two to four capitalised words, none of them an organisation word ('Nadia Rahim')."""
    words = [t for t in span if t.is_alpha and t.lower_ not in ctx.lex.name_particles]
    return 2 <= len(words) <= 4 and all(t.is_title and t.lower_ not in ctx.lex.org_words for t in words)


def _overlapping_actor(start: int, end: int, actors: SpanIndex[Entity], head: int | None = None
                       ) -> Entity | None:
    """The longest actor over [start, end) that holds the head character `head` (so that "Syrian" in
    "a senior Syrian military source" does not make Syria the speaker)."""
    head = start if head is None else head
    best = None
    for actor in actors.overlapping(start, end):
        if actor.start <= head < actor.end:
            if best is None or (actor.end - actor.start) > (best.end - best.start):
                best = actor
    return best


def _link_surname(text: str, at: int, ctx: _Context) -> Entity | None:
    """The person whose full name ends with `text` (a surname mention): the last one mentioned before
    `at`, else the first one mentioned."""
    short = _norm_name(text, ctx.lex)
    if not short:
        return None
    named = [m for _, m in ctx.surnames.get(tuple(short), ()) if id(m) not in ctx.dropped]
    if not named:
        return None
    # the order of `ctx.mentions`: by start once sorted (a stable sort: ties in order of addition)
    place = (lambda m: (m.start, m.order)) if ctx.sorted_mentions else (lambda m: m.order)
    before = [m for m in named if m.start < at]
    return (max(before, key=place) if before else min(named, key=place)).entity


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
        ctx.add_mention(_Mention(actor, actor.start, actor.end, _sentence_index(span.root),
                                 span.root.dep_ in SUBJECT_DEPS))
        taken.append((actor.start, actor.end))
    taken_index = SpanIndex(taken, lambda span: span)
    for ent in cached_ents(doc):
        if ent.label_ not in {"PERSON", "ORG", "NORP"} or not ctx.outside(ent.root):
            continue
        if taken_index.overlapping(ent.start_char, ent.end_char):
            continue
        if ent.label_ == "PERSON" and ent.start > 0 and doc[ent.start - 1].lower_ == "the":
            continue  # "the Sayyida Zainab": a place or building, not a person
        span = _name_span(ent.root, ctx) if ent.root.pos_ == "PROPN" else ent
        if span.root.tag_ == "POS" or not span.text.strip():
            continue
        entity = _entity_for_span(span, ctx)
        ctx.add_mention(_Mention(entity, span.start_char, span.end_char, _sentence_index(ent.root),
                                 ent.root.dep_ in SUBJECT_DEPS))
    ctx.sort_mentions()


def _add_mention(ctx: _Context, entity: Entity, token: Token) -> None:
    if entity.start is None:
        return
    at = bisect.bisect_left(ctx.mentions, entity.start, key=lambda m: m.start)
    if at < len(ctx.mentions) and ctx.mentions[at].start == entity.start:
        return
    ctx.add_mention(_Mention(entity, entity.start, entity.end or entity.start, _sentence_index(token), True))


def _add_anonymous(ctx: _Context, token: Token) -> Entity:
    """Record an unnamed source ('a resident') in place of any mention of its words. It is a
    `generic` Entity named by its description: who spoke is unknown, what kind of source is not."""
    span = _phrase_span(token, ctx)
    words = span.text.split()
    name = " ".join(words[1:]) if len(words) > 1 and words[0].lower() in _INDEFINITE | {"the", "two", "three"} else span.text
    entity = Entity(name=name, text=span.text, kind="generic", start=span.start_char, end=span.end_char, score=0.5)
    ctx.drop_mentions(span.start_char, span.end_char)
    ctx.add_mention(_Mention(entity, span.start_char, span.end_char, _sentence_index(token), True, True))
    return entity


def _resolve_pronoun(pronoun: Token, ctx: _Context) -> Entity | None:
    """The antecedent of a speaker pronoun: in the nearest earlier sentence with a compatible mention
    (up to three paragraphs back), its subject mention, else its first one."""
    word = pronoun.lower_
    wants_person = word in _PERSON_PRONOUNS
    gender = _PERSON_PRONOUNS.get(word)
    lowest_paragraph = _paragraph_of(pronoun.idx, ctx) - 3
    lowest = ctx.paragraph_starts[lowest_paragraph] if lowest_paragraph >= 0 else -1
    by_sentence: dict[int, list[_Mention]] = {}
    # Backwards from the pronoun, and only until the sentence of the nearest compatible mention is passed
    # by more than any mention is long: no earlier mention can belong to a later sentence.
    stop = -1
    for index in range(bisect.bisect_left(ctx.mentions, pronoun.idx, key=lambda m: m.start) - 1, -1, -1):
        mention = ctx.mentions[index]
        if mention.start < max(lowest, stop):
            break
        if any(s <= mention.start < e for s, e in ctx.media):
            continue  # the outlet in "told Al-Araby" is not who speaks next
        is_person = mention.entity.kind == "person" or (mention.anonymous and mention.entity.kind == "generic")
        if is_person != wants_person:
            continue
        if gender and ctx.genders.get(mention.entity.name, gender) != gender:
            continue
        by_sentence.setdefault(mention.sentence, []).insert(0, mention)
        if stop < 0:
            stop = ctx.doc[mention.sentence].idx - ctx.longest_mention
    if not by_sentence:
        return None
    nearest = by_sentence[max(by_sentence)]
    chosen = next((m for m in nearest if m.subject), nearest[0])
    if gender:
        ctx.genders[chosen.entity.name] = gender
    return chosen.entity  # an anonymous source stays the same anonymous (generic) source


def _paragraph_of(offset: int, ctx: _Context) -> int:
    return bisect.bisect_right(ctx.paragraph_starts, offset) - 1


# ------------------------------------------------------------------------------------- speakers
def _run_end(token: Token, ctx: _Context) -> Token:
    """The last token of the name or compound run starting at `token` ('Khaing Min Naing' -> 'Naing')."""
    doc, last = token.doc, token
    while last.i + 1 < len(doc):
        nxt = doc[last.i + 1]
        same_name = nxt.pos_ == "PROPN" or nxt.ent_iob_ == "I" and nxt.is_title
        joiner = nxt.tag_ == "HYPH" or nxt.text == "-" or nxt.lower_ in ctx.lex.name_particles
        if not ctx.outside(nxt) or "\n" in last.whitespace_ or not (same_name or joiner
                                                                    or last.pos_ == nxt.pos_ == "NOUN"):
            break
        last = nxt
    while last.i > token.i and (last.tag_ == "HYPH" or last.text == "-"
                                or last.lower_ in ctx.lex.name_particles):
        last = last.doc[last.i - 1]
    return last


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
    if token.pos_ != "PROPN":
        return _description_speaker(token, ctx)
    span = _name_span(token, ctx)
    entity = _entity_for_span(span if len(span) else _phrase_span(token, ctx), ctx)
    appositions = [c for t in span for c in t.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    entity = _affiliated(entity, appositions, ctx)  # "Khaing Min Naing, a spokesman for the Arakan Army"
    _add_mention(ctx, entity, token)
    return entity


def _description_speaker(token: Token, ctx: _Context) -> Entity | None:
    """A common-noun subject: the person it names ('army spokesman Eli Ben-David', 'a senior diplomat,
    Marta Lindqvist'), the organisation an unnamed spokesperson speaks for ('a WFP spokeswoman'), a
    generic Entity for an anonymous source ('a resident', 'two military sources'), else the description itself
    ('the town's deputy mayor')."""
    name = _apposed_name(token, ctx)
    if name is not None:
        entity = _affiliated(_entity_for_span(_name_span(name, ctx), ctx), [token], ctx)
        _add_mention(ctx, entity, name)
        return entity
    if token.lemma_.lower() in ctx.lex.spokesperson_nouns or token.lower_ in ctx.lex.spokesperson_nouns:
        organisation = _spoken_for(token, ctx)
        if organisation is not None:
            return organisation
    if _anonymous(token, ctx):
        return _add_anonymous(ctx, token)
    entity = _role_of(token, ctx) or _entity_for_span(_phrase_span(token, ctx), ctx)
    _add_mention(ctx, entity, token)
    return entity


def _role_of(token: Token, ctx: _Context) -> Entity | None:
    """'the town's deputy mayor' -> 'deputy mayor of Kenscoff': a role whose owner is a definite
    description, named after the owner's antecedent (the actors stage's, or the place last described
    with that noun)."""
    doc = token.doc
    owner = next((c for c in token.lefts if c.dep_ == "poss" and c.pos_ == "NOUN"), None)
    if owner is None or not any(c.lower_ == "the" for c in owner.children) or not ctx.outside(owner):
        return None
    span = _phrase_span(token, ctx)
    known = _overlapping_actor(span.start_char, span.end_char, ctx.actor_index, token.idx)
    if known is not None and known.kb_id is not None:
        return None  # the actors stage knows who it is ("Ukraine's foreign minister")
    actor = _actor_within(owner.left_edge.idx, owner.idx + len(owner), owner.idx, ctx.actor_index)
    name = actor.name if actor is not None else _described(owner, ctx)
    role = doc[owner.right_edge.i + 1:token.i + 1].text
    if name is None or not role:
        return None
    return Entity(name=f"{role} of {name}", text=span.text, kind="person", start=span.start_char,
                  end=span.end_char, country=actor.country if actor else None,
                  sector=actor.sector if actor else None, score=0.7)


def _described(noun: Token, ctx: _Context) -> str | None:
    """The name last given with `noun` before it: 'Russia's Bryansk region', 'Kenscoff, a hillside town'."""
    doc, lowest = noun.doc, ctx.paragraph_starts[max(0, _paragraph_of(noun.idx, ctx) - 3)]
    for token in reversed(doc[:noun.i]):
        if token.idx < lowest:
            break
        if token.lemma_ != noun.lemma_ or not ctx.outside(token):
            continue
        names = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            return doc[names[0].i:token.i + 1].text
        if token.dep_ in {"appos", "attr"} and token.head.pos_ == "PROPN":
            return _name_span(token.head, ctx).text
        named = _apposed_to(token)
        if named is not None:
            return _name_span(named, ctx).text
    return None


def _apposed_to(noun: Token) -> Token | None:
    """The name before ', a hillside town' read from the words (the parse often misses it)."""
    doc, j = noun.doc, noun.i - 1
    while j > noun.i - 5 and j >= 0 and doc[j].pos_ in {"DET", "ADJ", "NOUN"} and doc[j].dep_ != "appos":
        j -= 1
    if j > 0 and doc[j].text == "," and doc[j - 1].pos_ == "PROPN" and doc[j + 1].pos_ == "DET":
        return doc[j - 1]
    return None


def _apposed_name(token: Token, ctx: _Context) -> Token | None:
    """The last token of a personal name standing beside a description: right after it ('army spokesman
    Eli Ben-David') or in apposition ('a spokeswoman for the headquarters, Olena Kravets')."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    candidates = [following] if following is not None and "\n" not in token.whitespace_ else []
    candidates += [c for c in token.rights if c.dep_ == "appos"]
    for candidate in candidates:
        if candidate.pos_ == "PROPN" and ctx.outside(candidate) and candidate.ent_type_ not in _NOT_NAMES:
            return _run_end(candidate, ctx)
    return None


def _spoken_for(token: Token, ctx: _Context) -> Entity | None:
    """Who a spokesperson speaks for: 'for/of X', 'X's spokesman', 'a WFP spokeswoman'."""
    doc = token.doc
    owners = [_pobj(c) for c in token.rights if c.dep_ == "prep" and c.lower_ in {"for", "of", "from"}]
    owners += [c for c in token.lefts if c.dep_ == "poss"]
    owners += [c for c in sorted(token.lefts, key=lambda t: -t.i)
               if c.dep_ in {"compound", "nmod", "npadvmod"}]
    for owner in owners:
        if owner is None or not ctx.outside(owner):
            continue
        if owner.pos_ == "PRON":
            return _pronoun_speaker(owner, ctx)
        first = min(c.left_edge.i for c in [owner] + [c for c in owner.lefts if c.dep_ != "det"])
        if owner.dep_ in {"compound", "nmod", "npadvmod"}:  # "Israeli army spokesman": the words before it
            first = min([first] + [c.i for c in token.lefts if c.dep_ == "amod" and c.i < owner.i])
        span = doc[first:owner.i + 1]
        actor = _actor_within(span.start_char, span.end_char, owner.idx, ctx.actor_index)
        if actor is not None:
            return dataclasses.replace(actor, text=span.text, start=span.start_char, end=span.end_char)
        span = _name_span(owner, ctx) if owner.pos_ == "PROPN" else _phrase_span(owner, ctx)
        return _entity_for_span(span, ctx, enclosing=False)
    return None


def _actor_within(start: int, end: int, head: int, actors: SpanIndex[Entity]) -> Entity | None:
    """The longest actor inside [start, end) that holds the head character (not 'WFP spokeswoman')."""
    inside = [a for a in actors.overlapping(start, end) if start <= a.start <= head < a.end <= end]
    return max(inside, key=lambda a: a.end - a.start, default=None)


def _affiliated(entity: Entity, descriptions: Sequence[Token], ctx: _Context) -> Entity:
    """A person with no country takes the country and sector of the group a description names
    ('a spokesman for the Arakan Army') or of the description itself ('a senior EU diplomat')."""
    if entity.country is not None:
        return entity
    for description in descriptions:
        span = _phrase_span(description, ctx)
        group = _actor_within(span.start_char, span.end_char, description.idx, ctx.actor_index) \
            or _spoken_for(description, ctx)
        if group is not None and group.country is not None:
            return dataclasses.replace(entity, country=group.country, sector=entity.sector or group.sector)
    return entity


def _anonymous(token: Token, ctx: _Context) -> bool:
    """An unnamed source: a source noun, an indefinite or counted description ('a resident', 'two
    officers'), a bare plural ('officials'), or one who asked not to be named."""
    lex, lemma = ctx.lex, token.lemma_.lower()
    if token.lower_ in lex.anonymous_nouns or lemma in lex.anonymous_nouns:
        return True
    frame = " ".join(t.lower_ for t in sentence_of(token) if ctx.outside(t))
    if any(phrase in frame for phrase in lex.anonymity_phrases):
        return True
    determiners = [c for c in token.children if c.dep_ in {"det", "nummod", "poss"}]
    if any(c.dep_ == "nummod" or c.lower_ in _INDEFINITE for c in determiners):
        return True
    common = token.is_lower or (token.i == sentence_bounds(token.doc)[token.i][0] and not token.ent_type_)
    return not determiners and token.tag_ == "NNS" and common and lemma not in lex.org_words \
        and token.lower_ not in lex.org_words  # "Houthis" is a name, "officials" is nobody in particular


def _pronoun_speaker(token: Token, ctx: _Context) -> Entity | None:
    end = token.idx + len(token.text)
    actor = _overlapping_actor(token.idx, end, ctx.actor_index)
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


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)
