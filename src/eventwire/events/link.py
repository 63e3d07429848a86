"""Phase 3 of the events stage: links. Mode, event location, event date, who claims the event and how
sure the coder is, each taken only from the clause that reports the event.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from eventwire.events.arguments import (
    Coding,
    DocIndex,
    direct_objects,
    first_person,
    same,
    verb_actors,
)
from eventwire.events.factuality import reporting_verb
from eventwire.events.lexicon import Trigger
from eventwire.model import Entity, EventDate, Place
from eventwire.quotes.extract import quote_at

# Acts that go on in an incident; statements (verbal acts) are dated by their own sentence.
MATERIAL_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "AID", "RETREAT"}


# How many of the latest events an undated past act may take its date from.
CONTINUATION_EVENTS = 4


def mode_of(trigger: Trigger, token: Token, sentence: Span) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in trigger.mode_by_lemma:
        return trigger.mode_by_lemma[lemma]
    for modifier in token.children:
        if modifier.dep_ in ("compound", "amod") and modifier.lemma_.lower() in trigger.mode_by_lemma:
            return trigger.mode_by_lemma[modifier.lemma_.lower()]
    for obj in direct_objects(token):
        mode = trigger.mode_by_object.get(obj.lower_) or trigger.mode_by_object.get(obj.lemma_.lower())
        if mode:
            return mode
    text = sentence.text.lower()
    for cue, mode in trigger.mode_by_words.items():
        if cue in text:
            return mode
    if trigger.type == "CONSULT" and any(t.lower_ in ("phone", "telephone", "call") for t in sentence):
        return "phone"
    return trigger.mode


def event_locations(
    token: Token, sentence: Span, coding: Coding, preferred: list[Token], participants: list[Entity]
) -> list[Place]:
    """Where it happened: the places in the trigger's own objects (all of a coordination: "captured A,
    B and C"), else the nearest place in its clause. A place naming a participant ("Russia launched
    ...") is not where the event happened."""
    index = coding.index
    taken = [(e.start, e.end) for e in participants if e.start is not None]
    own: list[Place] = []
    for tok in preferred:
        place = index.place_at(tok) or place_of_part(tok, index)
        if place and place.role == "location" and all(place.name != p.name for p in own):
            own.append(place)
    if own:
        return own
    for scope in scopes_of(token, sentence, coding.light_verbs):
        candidates = [
            p for p in index.places_in(scope)
            if p.role == "location" and not any(s <= p.start and p.end <= e for s, e in taken)
            and not nested_elsewhere(sentence, p.start, p.end, token, coding)
        ]
        if candidates:
            return [min(candidates, key=lambda p: abs(p.start - token.idx))]
    return []


def place_of_part(token: Token, index: DocIndex) -> Place | None:
    """"parts of Hama", "the outskirts of Gao": the place inside an "of" phrase."""
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            place = index.place_at(obj)
            if place is not None:
                return place
    return None


def event_date(token: Token, sentence: Span, coding: Coding, status: str) -> EventDate | None:
    """The time expression attached to the trigger's clause; else, for an asserted event, the
    nearest past one in the sentence (a background sentence dates all its clauses: "began fighting
    in 2012 ..., withdrawing between 2018 and 2019 as ... regained control"); else, for asserted
    events, the publication date (with `text: None` to say so)."""
    for scope in scopes_of(token, sentence, coding.light_verbs):
        nearest = nearest_time(scope, sentence, token, coding)
        if nearest is not None:
            return nearest
    if status == "asserted":  # a length of time elsewhere in the sentence ("held for 471 days") dates nothing
        nearest = nearest_time(sentence, sentence, token, coding, points_only=True)
        if nearest is not None and (coding.published is None or nearest.end < coding.published):
            return nearest
    if coding.published and status == "asserted":
        return EventDate(start=coding.published, end=coding.published, text=None)
    return None


def continued_date(event_type: str, participants: list[Entity], coding: Coding) -> EventDate | None:
    """A past act whose sentence gives no date ("Security forces killed three attackers") happened
    when the same participants' (or the same incident's) act just before it did."""
    for event in reversed(coding.earlier[-CONTINUATION_EVENTS:]):
        if event.date is None or event.date.text is None or event.factuality != "asserted":
            continue
        shared = any(same(p, q) for p in participants for q in event.actors + event.recipients if p.country)
        if shared or (event_type == event.type == "ASSAULT"):
            return event.date
    return None


def nearest_time(scope: Span, sentence: Span, token: Token, coding: Coding,
                  points_only: bool = False) -> EventDate | None:
    candidates = [
        t for t in coding.index.times_in(scope)
        if t.value is not None and not (points_only and t.duration)
        and not nested_elsewhere(sentence, t.start, t.end, token, coding)
    ]
    if not candidates:
        return None
    points = [t for t in candidates if not t.duration]  # "for 471 days on Sunday": Sunday dates it
    best = min(points or candidates, key=lambda t: abs(t.start - token.idx))
    return EventDate(start=best.value.start, end=best.value.end, text=best.text)


def nested_elsewhere(sentence: Span, start: int, end: int, trigger: Token, coding: Coding) -> bool:
    """Whether the phrase at start:end belongs to another trigger nested under this one: in "ready to
    help, following the capture of Aleppo on Sunday", Aleppo and Sunday are the capture's."""
    span = sentence.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    met_other = False
    for ancestor in (span.root, *span.root.ancestors):
        if ancestor.i == trigger.i:
            return met_other
        if ancestor.i in coding.trigger_tokens:
            met_other = True
    return False


# Links through which a governing clause shares the trigger's time and place ("began fighting in
# Syria in 2012", "launched an attack on Monday"); a reporting or evaluating verb does not.
_SHARED_SCOPE_DEPS = {"xcomp", "conj", "advcl", "pcomp", "acl"}


_OBJECT_DEPS = {"dobj", "pobj", "prep"}


def scopes_of(token: Token, sentence: Span, light_verbs: frozenset[str]) -> Iterable[Span]:
    """The trigger's own subtree, then the subtrees of the clauses it is bound into."""
    current = token
    for _ in range(4):
        yield sentence.doc[current.left_edge.i : current.right_edge.i + 1]
        head = current.head
        if head is current:
            return
        shared = current.dep_ in _SHARED_SCOPE_DEPS or (
            current.dep_ in _OBJECT_DEPS and (head.dep_ == "prep" or head.lemma_.lower() in light_verbs)
        )
        if not shared:
            return
        current = head


def claimant(token: Token, coding: Coding) -> Entity | None:
    """Who says it happened: the speaker of the quote around the trigger, or the reporting subject."""
    quote = quote_at(coding.quote_index, token.idx, token.idx + len(token))
    if quote is not None and quote.speaker is not None:
        return quote.speaker
    accuser = accuser_of(token, coding)
    if accuser is not None:
        return accuser
    verb = reporting_verb(token, coding.lexicon)
    if verb is not None:
        speakers = verb_actors(verb, coding, climb_past_unresolved=True)
        found = [e for e in (first_person(e, token, coding) for e in speakers) if e]
        if found:
            return found[0]
    return None


def accuser_of(token: Token, coding: Coding) -> Entity | None:
    """The party whose accusation reports the act ("Kyiv accused Moscow of shelling Kherson"):
    docs/annotation.md codes the accused act as a claim, asserted, claimed by the accuser."""
    if token.dep_ not in ("pcomp", "pobj") or token.head.lower_ not in ("of", "for"):
        return None
    verb = token.head.head
    if coding.trigger_types.get(verb.i) != "ACCUSE" or verb.pos_ != "VERB":
        return None
    return next(iter(verb_actors(verb, coding)), None)


def confidence_of(is_noun: bool, actors: list[Entity], recipients: list[Entity], trigger: Trigger) -> float:
    score = 0.55 if is_noun else 0.7
    if actors:
        score += 0.15 * min(1.0, sum(a.score for a in actors) / len(actors))
    if recipients or "none" in trigger.recipient_slots:
        score += 0.1
    return round(min(score, 0.95), 2)
