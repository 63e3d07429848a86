"""The PLOVER event coder: triggers from the lexicon, arguments from the dependency parse.

For each sentence: find trigger words (verbs and nominalisations in `plover_lexicon.jsonl`), take the
actor from the subject (or the "by" agent of a passive, the possessor of a noun, the subject of a
light verb: "launched an attack"), the recipient from the slots the entry names, then link a place and
a date that the syntax attaches to the trigger, and judge factuality. Nothing crosses sentences except
through the actors stage's coreference, so actor, act and place cannot come from unrelated clauses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .factuality import factuality, historical, reporting_subject
from .lexicon import Lexicon, Trigger
from .model import Entity, Event, EventDate, Place, Quote, TimeExpr
from .quotes import quote_at

ARMED_SECTORS = {"MIL", "REB", "UAF", "COP", "SPY", "PRM", "INS", "SEP"}
# Cooperative acts that PLOVER codes as AGREE when they are only promised (manual, AGREE section).
PROMISED_AS_AGREE = {"SUPPORT", "AID", "COOPERATE", "CONSULT"}
SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}


@dataclass(slots=True)
class DocIndex:
    """Character-offset lookups from tokens to the records of the earlier stages."""

    doc: Doc
    actors: list[Entity]
    places: list[Place]
    times: list[TimeExpr]
    _actor_at: dict[int, list[Entity]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entity in self.actors:
            if entity.start is None or entity.end is None:
                continue
            span = self.doc.char_span(entity.start, entity.end, alignment_mode="expand")
            for token in span or ():
                self._actor_at.setdefault(token.i, []).append(entity)

    def actors_at(self, token: Token) -> list[Entity]:
        return self._actor_at.get(token.i, [])

    def place_at(self, token: Token) -> Place | None:
        for place in self.places:
            if place.start <= token.idx < place.end:
                return place
        return None

    def places_in(self, span: Span) -> list[Place]:
        return [p for p in self.places if span.start_char <= p.start and p.end <= span.end_char]

    def times_in(self, span: Span) -> list[TimeExpr]:
        return [t for t in self.times if span.start_char <= t.start and t.end <= span.end_char]


def extract_events(
    doc: Doc,
    actors: list[Entity],
    places: list[Place],
    times: list[TimeExpr],
    quotes: list[Quote],
    lexicon: Lexicon,
    published: str | None = None,
) -> list[Event]:
    """All events in `doc`, in text order, with ids e1, e2, ..."""
    index = DocIndex(doc, actors, places, times)
    events: list[Event] = []
    for number, sentence in enumerate(doc.sents):
        found = [e for e in _sentence_events(sentence, number, index, quotes, lexicon, published) if e]
        events.extend(_dedupe(found))
    for n, event in enumerate(events, 1):
        event.id = f"e{n}"
    return events


def _sentence_events(sentence, number, index, quotes, lexicon, published) -> Iterable[Event | None]:
    words = {t.lower_ for t in sentence} | {t.lemma_.lower() for t in sentence}
    for token in sentence:
        pos = "NOUN" if token.pos_ in ("NOUN", "PROPN") else token.pos_
        for trigger in lexicon.lookup(token.lemma_, pos):
            if _applies(trigger, token, words, index):
                yield _build_event(trigger, token, sentence, number, index, quotes, lexicon, published)
                break


def _applies(trigger: Trigger, token: Token, words: set[str], index: DocIndex) -> bool:
    if trigger.requires_words and not (trigger.requires_words & words):
        return False
    if trigger.not_with_words & words:
        return False
    if trigger.objects:
        objects = {o.lemma_.lower() for o in _objects(token)} | {o.lower_ for o in _objects(token)}
        if not objects & trigger.objects:
            return False
    if trigger.requires_prep and not any(
        c.dep_ == "prep" and c.lower_ in trigger.requires_prep for c in token.children
    ):
        return False
    particle = trigger.particles.get(token.lemma_.lower())
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
        return False
    if trigger.governors and token.head.lemma_.lower() not in trigger.governors:
        return False
    if token.pos_ == "VERB" and token.dep_ == "amod":
        return False  # "the attacked convoy" describes, it does not report an act
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("compound", "amod"):
        return False  # "a drone attack": the modifier gives the mode of the head's event
    return True


def _build_event(trigger, token, sentence, number, index, quotes, lexicon, published) -> Event | None:
    is_noun = token.pos_ in ("NOUN", "PROPN")
    light_verbs = lexicon.cue("light_verbs")
    actors = _noun_actors(token, index, light_verbs) if is_noun else _verb_actors(token, index, light_verbs)
    recipient_tokens, location_tokens = _recipient_tokens(trigger, token)
    recipients: list[Entity] = []
    for tok in recipient_tokens:
        resolved = _entities([tok], index)
        place = index.place_at(tok)
        if resolved and not (place and place.role == "location" and not _is_actor_place(resolved)):
            recipients.extend(resolved)
        elif place is not None:
            location_tokens.append(tok)
    if trigger.reciprocal:
        actors, recipients = actors + recipients, []
    actors = _unique(actors)
    recipients = [r for r in _unique(recipients) if not any(_same(r, a) for a in actors)]

    if not actors and (trigger.needs_actor or token.pos_ == "VERB" and trigger.type != "ASSAULT"):
        return None
    if trigger.needs_recipient and not recipients and not trigger.reciprocal:
        return None
    if trigger.reciprocal and len(actors) < 2:
        return None
    if trigger.armed_subject and not any(_is_armed(a) for a in actors):
        return None

    event_type = trigger.type_for(token.lemma_.lower())
    mode = _mode(trigger, token, sentence)
    status = factuality(token, lexicon)
    if status == "planned" and event_type in PROMISED_AS_AGREE:
        event_type, mode, status = "AGREE", None, "asserted"
    date = _event_date(token, sentence, index, status, published, light_verbs)
    if status == "asserted" and historical(date, published, lexicon, token):
        status = "historical"
    location = _event_location(token, sentence, index, location_tokens, actors + recipients, light_verbs)
    claimed_by = _claimed_by(token, index, quotes, lexicon)
    confidence = _confidence(is_noun, actors, recipients, trigger)
    return Event(
        id="",
        type=event_type,
        mode=mode,
        contexts=[],
        actors=actors,
        recipients=recipients,
        location=location,
        date=date,
        factuality=status,
        claimed_by=claimed_by,
        sentence=number,
        start=sentence.start_char,
        end=sentence.end_char,
        text=sentence.text.strip(),
        confidence=confidence,
        cameo=trigger.cameo,
        trigger=token.text,
    )


# --- arguments -------------------------------------------------------------------------------


def _objects(token: Token) -> list[Token]:
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for prt in (c for c in token.children if c.dep_ == "prt"):
        objects.extend(c for c in prt.children if c.dep_ == "pobj")
    return [o for obj in objects for o in (obj, *obj.conjuncts)]


def _verb_actors(verb: Token, index: DocIndex, light_verbs: frozenset[str]) -> list[Entity]:
    """The doer: subject, passive agent, or the subject inherited from a governing clause."""
    current = verb
    for _ in range(5):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return _entities(_with_conjuncts(subjects), index)
        agents = [p for c in current.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return _entities(_with_conjuncts(agents), index)
        if current.dep_ == "acl" and current.tag_ in ("VBG", "VBN") and current.head.pos_ in ("NOUN", "PROPN"):
            return _entities([current.head], index)  # "an alliance advancing on the city"
        if current.head is current or current.dep_ == "ROOT":
            break
        if current.dep_ not in ("xcomp", "conj", "advcl", "acl", "pcomp", "dobj", "pobj", "prep", "relcl") \
                and current.pos_ not in ("NOUN", "PROPN"):
            break
        current = current.head
        if current.pos_ in ("NOUN", "PROPN"):
            owners = _noun_actors(current, index, light_verbs, climb=False)
            if owners:
                return owners
    return []


def _noun_actors(noun: Token, index: DocIndex, light_verbs: frozenset[str], climb: bool = True) -> list[Entity]:
    """The doer of a nominal event: "Russia's attack", "the capture of X by Y", "launched an attack"."""
    possessors = [c for c in noun.children if c.dep_ == "poss"]
    if possessors:
        return _entities(_with_conjuncts(possessors), index)
    for child in noun.subtree:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objects = [p for p in child.children if p.dep_ == "pobj"]
            if objects:
                return _entities(_with_conjuncts(objects), index)
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i]
    found = _entities(modifiers, index)
    if found:
        return found
    if climb and noun.dep_ in ("dobj", "pobj", "attr", "nsubjpass"):
        head = noun.head.head if noun.head.dep_ == "prep" else noun.head
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in light_verbs:
            return _verb_actors(head, index, light_verbs)
    return []


def _recipient_tokens(trigger: Trigger, token: Token) -> tuple[list[Token], list[Token]]:
    """Recipients (and place objects found on the way) from the slots the lexicon entry names."""
    found: list[Token] = []
    for slot in trigger.recipient_slots:
        if slot == "none":
            break
        if slot == "dobj":
            found.extend(
                c for c in token.children
                if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() not in trigger.objects
            )
        elif slot == "dative":
            found.extend(c for c in token.children if c.dep_ == "dative")
        elif slot.startswith("prep:"):
            for prep in slot[5:].split(","):
                found.extend(
                    p for c in _preps(token) if c.lower_ == prep for p in c.children if p.dep_ == "pobj"
                )
    location_tokens: list[Token] = []
    if "none" in trigger.recipient_slots or not found:
        location_tokens = [
            p for c in _preps(token) if c.lower_ in ("to", "into", "in", "toward", "towards", "at", "of")
            for p in c.children if p.dep_ == "pobj"
        ]
    return _with_conjuncts(found), _with_conjuncts(location_tokens)


def _preps(token: Token) -> list[Token]:
    """Prepositions attached to the trigger, to its direct object ("send fighters to Syria"), or, for
    a noun, to the verb it is the object of ("launched an attack on Kyiv": the parser's choice)."""
    preps = [c for c in token.children if c.dep_ in ("prep", "dative")]
    for obj in (c for c in token.children if c.dep_ == "dobj"):
        preps.extend(c for c in obj.children if c.dep_ == "prep")
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj":
        preps.extend(c for c in token.head.children if c.dep_ == "prep" and c.i > token.i)
    return preps


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(token.conjuncts)
    return out


def _entities(tokens: list[Token], index: DocIndex) -> list[Entity]:
    """The actor mentions that stand for each argument token (the most specific one wins)."""
    found: list[Entity] = []
    for token in tokens:
        at = index.actors_at(token)
        if at:
            best = min(at, key=lambda e: (e.end - e.start))
            if best.kind == "generic" and not best.country:
                inner = _inner_entity(token, index)
                best = inner or best
            found.append(best)
            continue
        inner = _inner_entity(token, index)
        if inner:
            found.append(inner)
    return found


def _inner_entity(token: Token, index: DocIndex) -> Entity | None:
    """An actor inside the argument's phrase (not inside its relative or adverbial clauses)."""
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ == "conj":
            continue
        for inner in child.subtree:
            hits = index.actors_at(inner)
            if hits:
                return max(hits, key=lambda e: (e.end - e.start))
    return None


def _is_actor_place(entities: list[Entity]) -> bool:
    return any(e.kind != "country" for e in entities)


def _is_armed(entity: Entity) -> bool:
    return (entity.sector or "") in ARMED_SECTORS or entity.kind == "group"


def _same(a: Entity, b: Entity) -> bool:
    return (a.kb_id and a.kb_id == b.kb_id) or (a.name == b.name and a.country == b.country)


def _unique(entities: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for entity in entities:
        if not any(_same(entity, seen) for seen in out):
            out.append(entity)
    return out


# --- mode, place, date, attribution ------------------------------------------------------------


def _mode(trigger: Trigger, token: Token, sentence: Span) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in trigger.mode_by_lemma:
        return trigger.mode_by_lemma[lemma]
    for modifier in token.children:
        if modifier.dep_ in ("compound", "amod") and modifier.lemma_.lower() in trigger.mode_by_lemma:
            return trigger.mode_by_lemma[modifier.lemma_.lower()]
    for obj in _objects(token):
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


def _event_location(
    token: Token, sentence: Span, index: DocIndex, preferred: list[Token], participants: list[Entity],
    light_verbs: frozenset[str],
) -> Place | None:
    """The place the syntax attaches to the trigger: its own objects first, then its clause.
    A place that names a participant ("Russia launched ...") is not where the event happened."""
    taken = {(e.start, e.end) for e in participants}
    for tok in preferred:
        place = index.place_at(tok)
        if place and place.role == "location":
            return place
    for scope in _scopes(token, sentence, light_verbs):
        candidates = [
            p for p in index.places_in(scope)
            if p.role == "location" and not any(s <= p.start and p.end <= e for s, e in taken if s is not None)
        ]
        if candidates:
            return min(candidates, key=lambda p: abs(p.start - token.idx))
    return None


def _event_date(
    token: Token, sentence: Span, index: DocIndex, status: str, published: str | None,
    light_verbs: frozenset[str],
) -> EventDate | None:
    for scope in _scopes(token, sentence, light_verbs):
        candidates = [t for t in index.times_in(scope) if t.value is not None]
        if candidates:
            best = min(candidates, key=lambda t: abs(t.start - token.idx))
            return EventDate(start=best.value.start, end=best.value.end, text=best.text)
    if published and status == "asserted":
        return EventDate(start=published, end=published, text=None)
    return None


# Links through which a governing clause shares the trigger's time and place ("began fighting in
# Syria in 2012", "launched an attack on Monday"); a reporting or evaluating verb does not.
_SHARED_SCOPE_DEPS = {"xcomp", "conj", "advcl", "pcomp", "acl"}
_OBJECT_DEPS = {"dobj", "pobj", "prep"}


def _scopes(token: Token, sentence: Span, light_verbs: frozenset[str]) -> Iterable[Span]:
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


def _claimed_by(token: Token, index: DocIndex, quotes: list[Quote], lexicon: Lexicon) -> Entity | None:
    quote = quote_at(quotes, token.idx, token.idx + len(token))
    if quote is not None and quote.speaker is not None:
        return quote.speaker
    subject = reporting_subject(token, lexicon)
    if subject is not None:
        found = _entities([subject], index)
        if found:
            return found[0]
    return None


def _confidence(is_noun: bool, actors: list[Entity], recipients: list[Entity], trigger: Trigger) -> float:
    score = 0.55 if is_noun else 0.7
    if actors:
        score += 0.15 * min(1.0, sum(a.score for a in actors) / len(actors))
    if recipients or "none" in trigger.recipient_slots:
        score += 0.1
    return round(min(score, 0.95), 2)


def _dedupe(events: list[Event]) -> list[Event]:
    """One record per (type, actors, recipients) in a sentence: "attacked ... killing" is one event."""
    kept: dict[tuple, Event] = {}
    for event in events:
        key = (
            event.type,
            tuple(sorted(a.name for a in event.actors)),
            tuple(sorted(r.name for r in event.recipients)),
        )
        if key not in kept or event.confidence > kept[key].confidence:
            kept[key] = event
    return list(kept.values())
