"""The PLOVER event coder: triggers from the lexicon, arguments from the dependency parse.

For each sentence: find trigger words (verbs and nominalisations in `plover_lexicon.jsonl`), take the
actor from the subject (or the "by" agent of a passive, the possessor of a noun, the subject of a
light verb: "launched an attack"), the recipient from the slots the entry names, then link a place and
a date that the syntax attaches to the trigger, and judge factuality. Nothing crosses sentences except
through the actors stage's coreference, so actor, act and place cannot come from unrelated clauses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from .factuality import factuality, historical, reporting_verb
from .lexicon import Lexicon, Trigger
from .model import Entity, Event, EventDate, Place, Quote, TimeExpr
from .parse import cached_ents
from .quotes import quote_at

ARMED_SECTORS = {"MIL", "REB", "UAF", "COP", "SPY", "PRM", "INS", "SEP"}
SUBJECT_DEPS = {"nsubj", "csubj"}
# Named-entity labels that can stand for an actor the actors stage could not resolve, and the kind given.
NAMED_KINDS = {"ORG": "organization", "PERSON": "person", "NORP": "group", "GPE": "country"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}
# Events that happen at a place: a country in their object slot is where, not whom ("fighting in Syria").
LOCATED_TYPES = {"MOBILIZE", "PROTEST"}
QUANTITY_NOUNS = {"dozen", "hundred", "thousand", "million", "score", "number", "group", "batch", "some",
                  "many", "several", "all", "most", "part", "handful"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
# Pronouns whose referent is the subject of the clause that reports them ("Hamas said it would ...").
THIRD_PERSON = {"it", "they", "he", "she"}
# Dependencies through which a clause inherits the subject of the clause it hangs on.
_INHERIT_DEPS = {"xcomp", "conj", "advcl", "acl", "pcomp", "dobj", "pobj", "prep", "relcl", "acomp"}


@dataclass(slots=True)
class DocIndex:
    """Character-offset lookups from tokens to the records of the earlier stages."""

    doc: Doc
    actors: list[Entity]
    places: list[Place]
    times: list[TimeExpr]
    resolve: Callable[[str], Entity | None] | None = None
    _actor_at: dict[int, list[Entity]] = field(default_factory=dict)
    _named_at: dict[int, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entity in self.actors:
            if entity.start is None or entity.end is None:
                continue
            span = self.doc.char_span(entity.start, entity.end, alignment_mode="expand")
            for token in span or ():
                self._actor_at.setdefault(token.i, []).append(entity)
        for ent in cached_ents(self.doc):
            if ent.label_ in NAMED_KINDS and not any(t.i in self._actor_at for t in ent):
                self._named_at.update((t.i, ent) for t in ent)

    def actors_at(self, token: Token) -> list[Entity]:
        return self._actor_at.get(token.i, [])

    def named_at(self, token: Token) -> Entity | None:
        """A named entity the actors stage left unresolved ("the NCB", "Pltavchenko"): an actor with
        no country, at a low score, so an event with a plainly named doer is not lost. Not a place."""
        ent = self._named_at.get(token.i) or self._bare_name(token)
        if ent is None or self.place_at(token) is not None:
            return None
        known = self.resolve(ent.text) if self.resolve is not None else None
        if known is not None and (known.country or known.sector):
            return replace(known, text=ent.text, start=ent.start_char, end=ent.end_char)
        return Entity(name=ent.text, text=ent.text, kind=NAMED_KINDS[ent.label_], start=ent.start_char,
                      end=ent.end_char, score=0.3)

    def _bare_name(self, token: Token) -> Span | None:
        """A proper-noun subject the NER missed ("Korvalenko cancelled ..."): the name with its
        compound parts, labelled as an organisation."""
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ not in SUBJECT_DEPS or token.i in self._actor_at:
            return None
        parts = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        start = min([token.i] + [p.i for p in parts])
        return Span(self.doc, start, token.i + 1, label="ORG")

    def place_at(self, token: Token) -> Place | None:
        for place in self.places:
            if place.start <= token.idx < place.end:
                return place
        return None

    def places_in(self, span: Span) -> list[Place]:
        return [p for p in self.places if span.start_char <= p.start and p.end <= span.end_char]

    def times_in(self, span: Span) -> list[TimeExpr]:
        return [t for t in self.times if span.start_char <= t.start and t.end <= span.end_char]


@dataclass(slots=True)
class _Coding:
    """What every step of coding one document needs, passed as one object."""

    index: DocIndex
    quotes: list[Quote]
    lexicon: Lexicon
    published: str | None
    resolve: Callable[[str], Entity | None] | None
    light_verbs: frozenset[str] = frozenset()
    trigger_tokens: frozenset[int] = frozenset()  # the current sentence's triggers
    trigger_types: dict[int, str] = field(default_factory=dict)  # their event types, by token


def extract_events(
    doc: Doc,
    actors: list[Entity],
    places: list[Place],
    times: list[TimeExpr],
    quotes: list[Quote],
    lexicon: Lexicon,
    published: str | None = None,
    resolve: Callable[[str], Entity | None] | None = None,
) -> list[Event]:
    """All events in `doc`, in text order, with ids e1, e2, ...

    `resolve` turns a phrase the actors stage left alone ("Russian" in "Russian airstrikes", "Syrian
    rebel" in "the Syrian rebel offensive") into an Entity; the pipeline passes the knowledge base's.
    """
    coding = _Coding(DocIndex(doc, actors, places, times, resolve), quotes, lexicon, published, resolve,
                     lexicon.cue("light_verbs"))
    events: list[Event] = []
    for number, sentence in enumerate(doc.sents):
        found = [event for group in _sentence_events(sentence, number, coding) for event in group]
        events.extend(_dedupe(_merge_incidents(found)))
    for n, event in enumerate(events, 1):
        event.id = f"e{n}"
    return events


def _sentence_events(sentence: Span, number: int, coding: _Coding) -> Iterable[list[Event]]:
    words = {t.lower_ for t in sentence} | {t.lemma_.lower() for t in sentence}
    found: list[tuple[Trigger, Token]] = []
    for token in sentence:
        pos = "NOUN" if token.pos_ in ("NOUN", "PROPN") else token.pos_
        entries = coding.lexicon.lookup(token.lemma_, pos) or coding.lexicon.lookup(token.lower_, pos)
        trigger = next((t for t in entries if _applies(t, token, words)), None)
        if trigger is not None:
            found.append((trigger, token))
    coding.trigger_tokens = frozenset(token.i for _, token in found)
    coding.trigger_types = {token.i: trigger.type_for(token.lemma_.lower()) for trigger, token in found}
    for trigger, token in found:
        yield _build_events(trigger, token, sentence, number, coding)


def _applies(trigger: Trigger, token: Token, words: set[str]) -> bool:
    if trigger.requires_words and not (trigger.requires_words & words):
        return False
    if trigger.not_with_words & words:
        return False
    if trigger.objects or trigger.not_objects:
        objects = {o.lemma_.lower() for o in _objects(token)} | {o.lower_ for o in _objects(token)}
        if trigger.objects and not objects & trigger.objects or objects & trigger.not_objects:
            return False
    if trigger.requires_prep and not any(
        c.dep_ == "prep" and c.lower_ in trigger.requires_prep for c in token.children
    ):
        return False
    particle = trigger.particles.get(token.lemma_.lower())
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
        return False
    if trigger.governors and _governing_verb(token).lemma_.lower() not in trigger.governors:
        return False
    if token.pos_ == "VERB" and token.dep_ == "amod":
        return False  # "the attacked convoy" describes, it does not report an act
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("compound", "amod"):
        return False  # "a drone attack": the modifier gives the mode of the head's event
    return True


def _build_events(trigger: Trigger, token: Token, sentence: Span, number: int, coding: _Coding) -> list[Event]:
    """The event of one trigger; one copy per place when it happened in several ("captured A, B and C")."""
    index = coding.index
    is_noun = token.pos_ in ("NOUN", "PROPN")
    actors = _noun_actors(token, trigger, coding) if is_noun else _verb_actors(token, coding)
    actors = [a for a in (_first_person(a, token, coding) for a in actors) if a is not None]
    recipient_tokens, location_tokens = _recipient_tokens(trigger, token)
    recipients: list[Entity] = []
    for tok in recipient_tokens:
        resolved = _entities([tok], index)
        place = index.place_at(tok) or _place_of_part(tok, index)
        if resolved and not (place and place.role == "location" and not _is_actor_place(resolved)):
            recipients.extend(resolved)
        elif place is not None and place.feature == "country" and trigger.type not in LOCATED_TYPES:
            recipients.append(_country_of(place))  # "blamed the US and Israel": states, not places
        elif place is not None:
            location_tokens.append(tok)
    if trigger.reciprocal and not (actors and recipients):
        # "talks with X were held": the partner is a co-participant; with a named subject
        # ("A held talks with B") the direction is kept, as hand coders do.
        actors, recipients = actors + recipients, []
    actors = _unique(actors)
    recipients = [r for r in _unique(recipients) if not any(_same(r, a) for a in actors)]

    if not actors and (trigger.needs_actor or token.pos_ == "VERB" and trigger.type != "ASSAULT"):
        return []
    if trigger.needs_recipient and not recipients and not trigger.reciprocal and not (
        len(actors) >= 2 and token.lemma_.lower() in coding.lexicon.cue("plural_subject_reciprocal")
    ):
        return []  # "Iran and Iraq met in Baghdad": a coordinated subject meets itself
    if trigger.reciprocal and len(actors) + len(recipients) < 2:
        return []
    if trigger.armed_subject and not any(_is_armed(a) for a in actors):
        return []

    event_type = trigger.type_for(token.lemma_.lower())
    refusable = coding.lexicon.cue("refused_as_reject")
    if event_type == "REJECT" and any(_refused(c, coding) and coding.trigger_types.get(c.i) in refusable
                                      for c in token.children):
        return []  # "refused to meet X": the refused act, coded as REJECT below, carries the event
    mode = _mode(trigger, token, sentence)
    status = factuality(token, coding.lexicon)
    if status == "planned" and event_type in coding.lexicon.cue("promised_as_agree"):
        # PLOVER manual, AGREE: a promised cooperative act is an agreement, not the act itself.
        event_type, mode, status = "AGREE", None, "asserted"
    elif event_type in coding.lexicon.cue("refused_as_reject") and _refused(token, coding):
        # PLOVER manual, REJECT: refusing a cooperative act ("refused to meet", "failed to reach a deal").
        event_type, mode, status = "REJECT", None, "asserted"
    date = _event_date(token, sentence, coding, status)
    if status == "asserted" and historical(date, coding.published, coding.lexicon, token):
        status = "historical"
        if date is not None and date.text is None:
            date = None  # "had previously fought": not on the publication date, and the text gives none
    locations = _event_locations(token, sentence, coding, location_tokens, actors + recipients)
    if not recipients and event_type in ("ASSAULT", "COERCE"):
        recipients = _implied_state_forces(actors, locations) or _implied_target_state(locations)
    if event_type == "ASSAULT" and not actors and (
        is_noun or not _has_country(recipients) or _restates_nominal(token, coding)
    ):
        return []  # "the war", "the strike", "nine were killed": background or a restatement
    claimed_by = _claimed_by(token, coding)
    confidence = _confidence(is_noun, actors, recipients, trigger)
    return [
        Event(
            id="",
            type=event_type,
            mode=mode,
            contexts=[],
            actors=_localised(actors, location),
            recipients=_localised(recipients, location),
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
        for location in (locations or [None])
    ]


# --- arguments -------------------------------------------------------------------------------


def _objects(token: Token) -> list[Token]:
    """Direct objects with their conjuncts, looking through quantities ("dozens of prisoners")."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for prt in (c for c in token.children if c.dep_ == "prt"):
        objects.extend(c for c in prt.children if c.dep_ == "pobj")
    for obj in list(objects):
        if obj.like_num or obj.lemma_.lower() in QUANTITY_NOUNS:
            objects.extend(p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if p.dep_ == "pobj")
    return [o for obj in objects for o in (obj, *obj.conjuncts)]


def _verb_actors(verb: Token, coding: _Coding, climb_past_unresolved: bool = False) -> list[Entity]:
    """The doer: subject, passive agent, or the subject inherited from a governing clause.
    `climb_past_unresolved` keeps climbing when a subject is no actor (for speakers: "he confirmed
    that the situation was stable, declaring ...", where the parser hangs "declaring" low)."""
    index = coding.index
    current = verb
    for _ in range(5):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            found = _entities(_with_conjuncts(subjects), index)
            pronoun = all(s.lower_ in THIRD_PERSON for s in subjects)
            if found or not (climb_past_unresolved or pronoun):
                return found
            climb_past_unresolved = True  # "Hamas said it would ...": "it" is the reporting subject
        agents = [p for c in current.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return _entities(_with_conjuncts(agents), index)
        if current is verb and current.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in current.children):
            return []  # "a resident whose flat was destroyed": the noun it describes did not do it
        if current.dep_ == "acl" and current.tag_ in ("VBG", "VBN") and current.head.pos_ in ("NOUN", "PROPN"):
            # "an alliance advancing on the city" names the doer; "fighters killed in strikes" the victim
            return _entities([current.head], index) if current.tag_ == "VBG" else []
        if current.head is current or current.dep_ == "ROOT":
            break
        controlled = _entities(_with_conjuncts(_object_controller(current)), index)
        if controlled:  # "expressed readiness to provide": no actor in the object, so climb on
            return controlled
        if current.dep_ not in _INHERIT_DEPS \
                and current.pos_ not in ("NOUN", "PROPN") and not (climb_past_unresolved and current.dep_ == "ccomp"):
            break
        current = current.head
        if current.pos_ in ("NOUN", "PROPN"):
            owners = _noun_owner(current, coding)
            if owners:
                return owners
    return []


def _object_controller(clause: Token) -> list[Token]:
    """The object that does the act of an object-control clause: "urged Iran to release" (Iran
    releases), "accused Ukraine of shelling" (Ukraine shells), "blamed Hamas for attacking"."""
    head = clause.head
    if clause.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX"):
        governor = head
    elif clause.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in ("of", "for"):
        governor = head.head
    else:
        return []
    return [c for c in governor.children if c.dep_ == "dobj"]


def _noun_actors(noun: Token, trigger: Trigger, coding: _Coding) -> list[Entity]:
    """The doer of a nominal event: "Russia's attack", "the capture of X by Y", "the deployment of
    X" (intransitive nominals), "the Syrian rebel offensive", "launched an attack"."""
    owners = _noun_owner(noun, coding)
    if owners:
        return owners
    if trigger.of_is_actor:
        of_objects = [p for c in _shared_children(noun) if c.dep_ == "prep" and c.lower_ in ("of", "from")
                      for p in c.children if p.dep_ == "pobj"]
        found = _entities(_with_conjuncts(of_objects), coding.index)
        if found:
            return found
    verb = _governing_verb(noun)
    if verb is not noun and (verb.lemma_.lower() in coding.light_verbs or trigger.governors):
        return _verb_actors(verb, coding)
    return []


def _noun_owner(noun: Token, coding: _Coding) -> list[Entity]:
    """Possessor, "by" agent, or an actor among the noun's pre-modifiers."""
    index = coding.index
    possessors = [c for c in noun.children if c.dep_ == "poss"]
    if possessors:
        found = _entities(_with_conjuncts(possessors), index)
        if found or not all(p.pos_ == "PRON" for p in possessors):
            return found  # an unresolved "its" ("expressed its rejection") leaves it to the verb's subject
    for child in _phrase_tokens(noun):
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objects = [p for p in child.children if p.dep_ == "pobj"]
            if objects:
                return _entities(_with_conjuncts(objects), index)
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i]
    found = _entities(modifiers, index, named=False)  # "Israeli strikes": the resolver below knows it
    named = [m for m in modifiers if m.ent_type_ or m.pos_ in ("PROPN", "NOUN")]
    if found or not named or coding.resolve is None:
        return found
    phrase = noun.doc[min(m.left_edge.i for m in named) : noun.i]
    entity = coding.resolve(phrase.text)
    if entity is None or entity.kind == "generic" and not entity.country and not entity.sector:
        return []
    return [_with_span(entity, phrase)]


def _phrase_tokens(noun: Token) -> Iterable[Token]:
    """The noun's phrase without its clauses: "the capture of A, B and parts of C by the rebels"."""
    stack = [noun]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS or c.dep_ == "conj")


def _governing_verb(token: Token) -> Token:
    """The verb a noun is the object of, through prepositions ("took part in the fighting")."""
    current = token
    for _ in range(4):
        if current.dep_ not in ("dobj", "pobj", "prep", "attr", "nsubjpass") or current.head is current:
            break
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return token


def _first_person(entity: Entity, trigger: Token, coding: _Coding) -> Entity | None:
    """"we" is the speaker's side: the speaker of the quote around it, else the subject of the
    reporting verb that governs it (who carries his group's country); else nobody we can name."""
    if entity.kb_id is not None or entity.text.lower() not in FIRST_PERSON:
        return entity
    quote = quote_at(coding.quotes, trigger.idx, trigger.idx + len(trigger))
    speaker = quote.speaker if quote is not None else None
    if speaker is None:  # "We do not rule out ..., the commander said": the reporting subject
        verb = reporting_verb(trigger, coding.lexicon)
        speakers = _verb_actors(verb, coding) if verb is not None else []
        speaker = next((s for s in speakers if s.text.lower() not in FIRST_PERSON), None)
    if speaker is None:
        return None
    return replace(speaker, text=entity.text, start=entity.start, end=entity.end, score=0.8)


def _with_span(entity: Entity, span: Span) -> Entity:
    return replace(entity, text=span.text, start=span.start_char, end=span.end_char)


def _country_of(place: Place) -> Entity:
    return Entity(name=place.name or place.text, text=place.text, country=place.country, kind="country",
                  start=place.start, end=place.end)


def _localised(entities: list[Entity], location: Place | None) -> list[Entity]:
    """Generic agents with no nationality ("police", "rebels", "gunmen") take the country where the
    event happened, the convention of hand-coded datasets, at a lower score."""
    if location is None or not location.country:
        return entities
    return [
        replace(e, country=location.country, score=round(e.score * 0.8, 2))
        if e.country is None and e.kb_id is None and e.kind in ("generic", "group") else e
        for e in entities
    ]


def _refused(token: Token, coding: _Coding) -> bool:
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in coding.lexicon.cue("refusal_verbs")


def _restates_nominal(verb: Token, coding: _Coding) -> bool:
    """Whether a verb's subject is a nominal trigger ("the war has killed", "the strike hit"), or the
    verb sits in a relative clause on one ("a strike that killed 12", "strikes, which it said killed"):
    the noun carries the event; the verb only tells its toll."""
    if any(c.dep_ in SUBJECT_DEPS and c.i in coding.trigger_tokens for c in verb.children):
        return True
    current = verb
    for _ in range(3):
        if current.dep_ == "relcl":
            return current.head.i in coding.trigger_tokens
        if current.dep_ not in ("ccomp", "conj") or current.head is current:
            return False
        current = current.head
    return False


def _implied_state_forces(actors: list[Entity], locations: list[Place]) -> list[Entity]:
    """Rebels taking a place in their own country take it from the state: an inferred recipient,
    marked by empty text and a low score so analysts can filter it out."""
    rebels = [a for a in actors if a.sector in ("REB", "INS") and a.country]
    if not rebels or not locations:
        return []
    country = rebels[0].country
    if not all(p.country == country for p in locations):
        return []
    return [Entity(name="government forces", text="", country=country, sector="MIL",
                   kind="generic", score=0.5)]


def _implied_target_state(locations: list[Place]) -> list[Entity]:
    """An attack on a place is an attack on its country ("Russia struck Kyiv" -> Ukraine), the
    convention of hand-coded datasets; inferred (empty text, low score)."""
    countries = {p.country for p in locations if p.country}
    if len(countries) != 1:
        return []
    country = countries.pop()
    return [Entity(name=country, text="", country=country, kind="country", score=0.5)]


def _has_country(entities: list[Entity]) -> bool:
    return any(e.country for e in entities)


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
    return _with_conjuncts(found, appositions=True), _with_conjuncts(location_tokens, appositions=True)


def _preps(token: Token) -> list[Token]:
    """Prepositions attached to the trigger, to its direct object ("send fighters to Syria"), or, for
    a noun, to the verb it is the object of ("launched an attack on Kyiv": the parser's choice)."""
    preps = [c for c in _shared_children(token) if c.dep_ in ("prep", "dative")]
    for obj in (c for c in token.children if c.dep_ == "dobj"):
        preps.extend(c for c in obj.children if c.dep_ == "prep")
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj":
        preps.extend(c for c in token.head.children if c.dep_ == "prep" and c.i > token.i)
    return preps


def _shared_children(token: Token) -> list[Token]:
    """The token's dependents, plus those a coordination hangs on its first conjunct after it: in
    "the presence and deployment of X to Y", "of X" and "to Y" belong to "deployment" too."""
    children = list(token.children)
    if token.dep_ == "conj":
        children.extend(c for c in token.head.children if c.i > token.i and c.dep_ in ("prep", "dative"))
    return children


def _with_conjuncts(tokens: list[Token], appositions: bool = False) -> list[Token]:
    """The tokens with their conjuncts, and with `appositions` their appositions too ("captured
    Aleppo city, the Idlib province and parts of Hama": the parser makes the list an apposition)."""
    out: list[Token] = []
    for token in tokens:
        for member in (token, *token.conjuncts):
            if member not in out:
                out.append(member)
            if appositions:
                for appos in (c for c in member.children if c.dep_ == "appos"):
                    out.extend(m for m in (appos, *appos.conjuncts) if m not in out)
    return out


def _entities(tokens: list[Token], index: DocIndex, named: bool = True) -> list[Entity]:
    """The actor mentions that stand for each argument token (the most specific one wins); with
    `named`, an unresolved named entity as a last resort."""
    found: list[Entity] = []
    for token in tokens:
        at = index.actors_at(token)
        if at:
            best = min(at, key=lambda e: (e.end - e.start))
            if best.kind == "generic" and not best.country:
                inner = _inner_entity(token, index)
                best = inner or best
            found.append(best)
            found.extend(e for e in _companions(token, index) if not any(_same(e, f) for f in found))
            continue
        inner = _inner_entity(token, index) or _pronoun_placeholder(token) or (named and _named_inner(token, index))
        if inner:
            found.append(inner)
    return found


def _companions(token: Token, index: DocIndex) -> list[Entity]:
    """Actors coordinated inside the argument's own phrase, which one mention cannot cover:
    "Hungarian and Romanian officials" (conjoined modifiers), "the ministers of Kenya, Uganda and
    Rwanda" (a list in the "of" phrase)."""
    members = [c for m in token.children if m.dep_ in ("amod", "compound", "nmod") and m.i < token.i
               for c in (m, *m.conjuncts) if m.conjuncts]
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        members.extend(c for p in prep.children if p.dep_ == "pobj" for c in p.conjuncts)
    out: list[Entity] = []
    for member in members:
        at = index.actors_at(member)
        place = None if at else index.place_at(member)
        if at:
            out.append(min(at, key=lambda e: e.end - e.start))
        elif place is not None and place.feature == "country" and place.country:
            out.append(_country_of(place))
    return out


def _pronoun_placeholder(token: Token) -> Entity | None:
    """"we" has no actor mention of its own; `_first_person` swaps it for the quote's speaker."""
    if token.lower_ in FIRST_PERSON:
        return Entity(name=token.text, text=token.text, kind="generic", start=token.idx,
                      end=token.idx + len(token), score=0.3)
    return None


def _inner_entity(token: Token, index: DocIndex) -> Entity | None:
    """An actor inside the argument's own phrase ("fighters from Iraqi factions"), not inside its
    clauses, appositions or a "by" agent that the parser hung on it."""
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ in ("conj", "appos", "cc", "punct"):
            continue
        if child.dep_ == "prep" and child.lower_ not in ("of", "from", "in"):
            continue
        for inner in child.subtree:
            hits = index.actors_at(inner)
            if hits:
                return max(hits, key=lambda e: (e.end - e.start))
    return None


def _named_inner(token: Token, index: DocIndex) -> Entity | None:
    """The unresolved named entity at the token or inside its own phrase ("a group of Saudi hackers")."""
    found = index.named_at(token)
    if found is not None:
        return found
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS or child.dep_ in ("conj", "appos", "cc", "punct") or (
            child.dep_ == "prep" and child.lower_ not in ("of", "from")
        ):
            continue
        for inner in child.subtree:
            found = index.named_at(inner)
            if found is not None:
                return found
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


def _event_locations(
    token: Token, sentence: Span, coding: _Coding, preferred: list[Token], participants: list[Entity]
) -> list[Place]:
    """Where it happened: the places in the trigger's own objects (all of a coordination: "captured A,
    B and C"), else the nearest place in its clause. A place naming a participant ("Russia launched
    ...") is not where the event happened."""
    index = coding.index
    taken = [(e.start, e.end) for e in participants if e.start is not None]
    own: list[Place] = []
    for tok in preferred:
        place = index.place_at(tok) or _place_of_part(tok, index)
        if place and place.role == "location" and all(place.name != p.name for p in own):
            own.append(place)
    if own:
        return own
    for scope in _scopes(token, sentence, coding.light_verbs):
        candidates = [
            p for p in index.places_in(scope)
            if p.role == "location" and not any(s <= p.start and p.end <= e for s, e in taken)
            and not _nested_elsewhere(sentence, p.start, p.end, token, coding)
        ]
        if candidates:
            return [min(candidates, key=lambda p: abs(p.start - token.idx))]
    return []


def _place_of_part(token: Token, index: DocIndex) -> Place | None:
    """"parts of Hama", "the outskirts of Gao": the place inside an "of" phrase."""
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            place = index.place_at(obj)
            if place is not None:
                return place
    return None


def _event_date(token: Token, sentence: Span, coding: _Coding, status: str) -> EventDate | None:
    """The time expression attached to the trigger's clause; else the nearest one in the sentence
    (a background sentence dates all its clauses); else, for asserted events, the
    publication date (with `text: None` to say so)."""
    for scope in (*_scopes(token, sentence, coding.light_verbs), sentence):
        nearest = _nearest_time(scope, sentence, token, coding)
        if nearest is not None:
            return nearest
    if coding.published and status == "asserted":
        return EventDate(start=coding.published, end=coding.published, text=None)
    return None


def _nearest_time(scope: Span, sentence: Span, token: Token, coding: _Coding) -> EventDate | None:
    candidates = [
        t for t in coding.index.times_in(scope)
        if t.value is not None and not _nested_elsewhere(sentence, t.start, t.end, token, coding)
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda t: abs(t.start - token.idx))
    return EventDate(start=best.value.start, end=best.value.end, text=best.text)


def _nested_elsewhere(sentence: Span, start: int, end: int, trigger: Token, coding: _Coding) -> bool:
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


def _claimed_by(token: Token, coding: _Coding) -> Entity | None:
    """Who says it happened: the speaker of the quote around the trigger, or the reporting subject."""
    quote = quote_at(coding.quotes, token.idx, token.idx + len(token))
    if quote is not None and quote.speaker is not None:
        return quote.speaker
    verb = reporting_verb(token, coding.lexicon)
    if verb is not None:
        speakers = _verb_actors(verb, coding, climb_past_unresolved=True)
        found = [e for e in (_first_person(e, token, coding) for e in speakers) if e]
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
            event.location.name if event.location else None,
        )
        if key not in kept or event.confidence > kept[key].confidence:
            kept[key] = event
    return list(kept.values())


def _merge_incidents(events: list[Event]) -> list[Event]:
    """One ASSAULT per incident in a sentence: "stormed the camp after two days of shelling, killing
    dozens" is one attack, reported by three triggers. Events merge when their factuality agrees,
    their actors are compatible and they do not happen at different places ("captured A and B")."""
    out: list[Event] = []
    for event in events:
        host = next((i for i, kept in enumerate(out) if _same_incident(kept, event)), None)
        if host is None:
            out.append(event)
        else:
            out[host] = _merged(out[host], event)
    return out


def _same_incident(a: Event, b: Event) -> bool:
    if a.type != "ASSAULT" or b.type != "ASSAULT" or a.factuality != b.factuality:
        return False
    if a.location and b.location and a.location.name != b.location.name:
        return False
    if not a.actors or not b.actors:
        return True
    return any(_same(x, y) or x.start == y.start or (x.country and x.country == y.country)
               for x in a.actors for y in b.actors)


def _merged(a: Event, b: Event) -> Event:
    """The better-attested event (actors first, then confidence), completed from the other."""
    best, other = (a, b) if (bool(a.actors), a.confidence) >= (bool(b.actors), b.confidence) else (b, a)
    stated = [r for r in best.recipients + other.recipients if r.text]
    recipients = _unique(stated) if stated else best.recipients or other.recipients
    recipients = [r for r in recipients if not any(_same(r, x) for x in best.actors)]
    return replace(
        best,
        actors=best.actors or other.actors,
        recipients=recipients,
        location=best.location or other.location,
        date=best.date if best.date is not None and (best.date.text or other.date is None) else other.date,
        mode=best.mode or other.mode,
    )
