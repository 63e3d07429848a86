"""The PLOVER event coder: triggers from the lexicon, arguments from the dependency parse.

For each sentence: find trigger words (verbs and nominalisations in `plover_lexicon.jsonl`), take the
actor from the subject (or the "by" agent of a passive, the possessor of a noun, the subject of a
light verb: "launched an attack"), the recipient from the slots the entry names, then link a place and
a date that the syntax attaches to the trigger, and judge factuality. Nothing crosses sentences except
through the actors stage's coreference, so actor, act and place cannot come from unrelated clauses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from eventwire.events.arguments import (
    FIRST_PERSON,
    LOCATED_TYPES,
    Coding,
    DocIndex,
    actors_at_tokens,
    antecedent_doers,
    argument_tokens,
    country_of,
    direct_objects,
    first_person,
    has_country,
    implied_governments,
    implied_domestic_target,
    implied_home_target,
    implied_state_forces,
    implied_target_state,
    implied_unnamed_doer,
    is_actor_place,
    is_armed,
    is_capital,
    localised,
    noun_actors,
    object_owners,
    possessor_antecedent,
    refused,
    restates_nominal,
    same,
    unique,
    verb_actors,
)
from eventwire.events.candidates import Candidate, DEFAULT_TYPERS, EventTyper
from eventwire.events.codebook import COMPLEMENT_TARGETS, codebook_reading, complement_of, complement_recipients, elaborates, vows_a_threat
from eventwire.events.carry import carry_dates, carry_locations
from eventwire.events.link import MATERIAL_TYPES, claimant, confidence_of, continued_date, event_date, event_locations, mode_of, place_of_part
from eventwire.events.merge import (
    deduplicated, definite_triggers, is_headline, merged_incidents, restates, retelling_key, retold,
)
from eventwire.events.magnitudes import carry_magnitudes, magnitudes_of
from eventwire.events.factuality import factuality, historical, reporting_verb
from eventwire.events.lexicon import Lexicon, Trigger
from eventwire.vocabulary import AGENT_SUBJECT_DEPS, STATE_SECTORS
from eventwire.budget import checkpoint
from eventwire.model import Decision, Entity, Event, Place, Quote, TimeExpr




# Acts whose target is the state of a place in their own phrase when no actor is named.
PLACE_TARGETED_TYPES = {"AID", "RETREAT", "SANCTION", "AGREE", "CONCEDE", "ACCUSE"}


def extract_events(
    doc: Doc,
    actors: list[Entity],
    places: list[Place],
    times: list[TimeExpr],
    quotes: list[Quote],
    lexicon: Lexicon,
    published: str | None = None,
    resolve: Callable[[str], Entity | None] | None = None,
    capitals: frozenset[int] = frozenset(),
    typers: Sequence[EventTyper] | None = None,
    max_candidates: int = 0,
    warn: Callable[[str], None] | None = None,
) -> list[Event]:
    """All events in `doc`, in text order, with ids e1, e2, ...

    `resolve` turns a phrase the actors stage left alone ("Russian" in "Russian airstrikes", "Syrian
    rebel" in "the Syrian rebel offensive") into an Entity; the pipeline passes the knowledge base's.
    `capitals`: GeoNames ids of national capitals, which stand for their state in some slots.
    `typers`: who proposes and types the candidate events (default: the trigger-lexicon rules).
    `max_candidates` (0: no limit): candidates past the first so many in the document are dropped, and
    `warn` is told how many.
    """
    typers = DEFAULT_TYPERS if typers is None else typers
    coding = Coding(DocIndex(doc, actors, places, times, resolve, capitals), quotes, lexicon, published, resolve,
                     lexicon.cue("light_verbs"))
    coding.candidates_left = max_candidates or None
    events: list[Event] = []
    coding.earlier = events
    headline: int | None = None
    by_key: dict[tuple, list[Event]] = {}  # the events so far by merge.retelling_key
    retelling = lexicon.cue("retelling_determiners")
    for number, sentence in enumerate(doc.sents):
        checkpoint()
        found = [event for group in _sentence_events(sentence, number, coding, typers) for event in group]
        headline = 0 if is_headline(sentence, number) else headline
        definite = definite_triggers(sentence, retelling)
        for event in deduplicated(merged_incidents(found)):
            if restates(event, events):
                continue
            told = retold(event, by_key, event.trigger in definite, headline)
            if told is None:
                events.append(event)
                by_key.setdefault(retelling_key(event), []).append(event)
            elif told.sentence == headline:  # the lead tells the headline's event in full: it replaces it
                events[events.index(told)] = event
                same_key = by_key[retelling_key(event)]
                same_key[same_key.index(told)] = event
    if coding.candidates_dropped and warn is not None:
        warn(f"{max_candidates + coding.candidates_dropped} event candidates found, the first {max_candidates} "
             "coded ([limits] max_candidates)")
    carry_magnitudes(events, doc)
    carry_locations(events, places, doc.text, coding.index.home_country)
    carry_dates(events)
    for n, event in enumerate(events, 1):
        event.id = f"e{n}"
    return events










def _sentence_events(sentence: Span, number: int, coding: Coding,
                     typers: Sequence[EventTyper] = DEFAULT_TYPERS) -> Iterable[list[Event]]:
    """Candidates (from the typers, in order), then the arguments and links of each."""
    candidates: list[Candidate] = []
    coding.sentence_number = number
    for typer in typers:
        candidates = typer.propose(sentence, coding, candidates)
    if coding.candidates_left is not None:
        kept = candidates[:coding.candidates_left]
        coding.candidates_dropped += len(candidates) - len(kept)
        coding.candidates_left -= len(kept)
        candidates = kept
    coding.trigger_tokens = frozenset(c.token.i for c in candidates)
    coding.trigger_types = {c.token.i: c.trigger.type_for(c.token.lemma_.lower()) for c in candidates}
    coding.trigger_at = {c.token.i: c.trigger for c in candidates}
    for candidate in candidates:
        yield [_decided(event, candidate) for event in
               _build_events(candidate.trigger, candidate.token, sentence, number, coding)]
    yield _obligations(sentence, number, coding)


def _decided(event: Event, candidate: Candidate) -> Event:
    """Record who decided the type and factuality of `event` (the rules, the learned typer, or both);
    a typer's confident factuality replaces the rules' reading."""
    trigger_type = candidate.trigger.type_for(candidate.token.lemma_.lower())
    if candidate.typer == "rules":
        decisions = [Decision("type", trigger_type, "rules", 1.0)]
        if candidate.model_score is not None:  # the learned typer saw it and kept it
            decisions.append(Decision("type", trigger_type, "learned", candidate.model_score))
    else:
        decisions = [Decision("type", candidate.rule_type, "rules", 1.0)] if candidate.rule_type else []
        decisions.append(Decision("type", trigger_type, candidate.typer, candidate.score))
    decisions.append(Decision("factuality", event.factuality, "rules", 1.0))
    if candidate.factuality is not None:
        value, score = candidate.factuality
        decisions.append(Decision("factuality", value, "learned", score))
        if value != event.factuality:
            event.factuality = value
            if value == "historical" and event.date is not None and event.date.text is None:
                event.date = None  # background: not on the publication date, and the text gives none
    event.decisions = decisions
    return event


def _obligations(sentence: Span, number: int, coding: Coding) -> list[Event]:
    """A reported obligation is a demand (PLOVER REQUEST): "Moscow says Israel must halt its strikes"
    -> REQUEST, Russia -> Israel (the obligation's own act is coded as hypothetical)."""
    out = []
    for modal in (t for t in sentence if t.dep_ == "aux" and t.lower_ in coding.lexicon.cue("obligation_auxiliaries")):
        clause = modal.head
        verb = reporting_verb(clause, coding.lexicon)
        if verb is None or clause.dep_ != "ccomp" or clause.head.i != verb.i:
            continue
        speakers = [e for e in (first_person(e, clause, coding) for e in verb_actors(verb, coding)) if e]
        addressees = actors_at_tokens([c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")],
                                      coding.index)
        addressees = [a for a in addressees if a.text.lower() not in FIRST_PERSON  # "we must": no demand
                      and not any(same(a, s) for s in speakers)]
        if not speakers or not addressees:
            continue
        out.append(_sentence_event(
            sentence, number, type="REQUEST", mode=None, actors=speakers, recipients=addressees, location=None,
            date=event_date(verb, sentence, coding, "asserted"), factuality="asserted", claimed_by=None,
            confidence=0.6, cameo="100", trigger=modal.text,
        ))
    return out


def _sentence_event(sentence: Span, number: int, **fields) -> Event:
    """An Event found in `sentence` (number `number`); ids are given once the document is done."""
    return Event(id="", contexts=[], sentence=number, start=sentence.start_char, end=sentence.end_char,
                 text=sentence.text.strip(), **fields)






def _purpose_without_target(token: Token, unresolved: list[Token]) -> bool:
    """"joined forces with Germany to fight piracy": an infinitive of purpose whose object names no
    actor states an aim, not an act; the main verb's partner is not its target."""
    return token.dep_ == "advcl" and bool(unresolved) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    ) and not any(c.dep_ in AGENT_SUBJECT_DEPS for c in token.children)




def _build_events(trigger: Trigger, token: Token, sentence: Span, number: int, coding: Coding) -> list[Event]:
    """The event of one trigger; one copy per place when it happened in several ("captured A, B and C")."""
    index = coding.index
    is_noun = token.pos_ in ("NOUN", "PROPN")
    actors = noun_actors(token, trigger, coding) if is_noun else verb_actors(token, coding)
    actors = [a for a in (first_person(a, token, coding) for a in actors) if a is not None]
    recipient_tokens, location_tokens = argument_tokens(trigger, token)
    if trigger.actor_prep:  # "the camp fell to the RSF": the doer follows the preposition
        doers = [p for c in token.children if c.dep_ == "prep" and c.lower_ == trigger.actor_prep
                 for p in c.children if p.dep_ == "pobj"]
        actors = actors_at_tokens(doers, index)
        recipient_tokens = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    recipients, unresolved, took_place = _slot_recipients(trigger, token, recipient_tokens, location_tokens,
                                                          actors, coding)
    if not recipients:
        recipients = _unnamed_recipients(trigger, token, actors, unresolved, location_tokens, coding)
    if complement_of(token, coding):
        return []  # "protested, demanding that X resign", "threatened to strike X": one event, aimed at X
    if trigger.reciprocal and not (actors and recipients):
        # "talks with X were held": the partner is a co-participant; with a named subject
        # ("A held talks with B") the direction is kept, as hand coders do.
        actors, recipients = actors + recipients, []
    actors = unique(actors)
    recipients = [r for r in unique(recipients) if not any(same(r, a) for a in actors)]
    if not recipients and len(actors) >= 2 and _coordinated_subject(token) \
            and token.lemma_.lower() in coding.lexicon.cue("coordinated_subject_partner"):
        # "India and Pakistan agreed to a ceasefire": the first party agrees with the others (a
        # joint subject in one phrase, "Japanese and Australian troops agreed", stays joint)
        actors, recipients = actors[:1], actors[1:]

    if not actors and token.tag_ == "VBN" and trigger.type == "ASSAULT":
        actors = _doers_of_means(token, coding)
    if not actors and token.tag_ == "VBN" and not trigger.needs_actor:
        actors, recipients = _agentless_passive(trigger, token, recipients, index)
    if not actors and (trigger.needs_actor or token.pos_ == "VERB" and trigger.type != "ASSAULT"):
        return []
    if trigger.needs_recipient and not recipients and not trigger.reciprocal and not (
        len(actors) >= 2 and token.lemma_.lower() in coding.lexicon.cue("plural_subject_reciprocal")
    ):
        return []  # "Iran and Iraq met in Baghdad": a coordinated subject meets itself
    if trigger.reciprocal and len(actors) + len(recipients) < 2:
        return []
    if trigger.armed_subject and not any(is_armed(a) for a in actors):
        return []

    event_type = trigger.type_for(token.lemma_.lower())
    if elaborates(token, event_type, coding) or vows_a_threat(token, coding):
        return []
    refusable = coding.lexicon.cue("refused_as_reject")
    if event_type == "REJECT" and any(refused(c, coding) and coding.trigger_types.get(c.i) in refusable
                                      for c in token.children):
        return []  # "refused to meet X": the refused act, coded as REJECT below, carries the event
    mode = mode_of(trigger, token, sentence)
    if event_type == "COERCE" and mode == "seize" and took_place and not recipients:
        event_type, mode = "ASSAULT", None  # PLOVER: taking territory by force is an assault
    event_type, mode, status = codebook_reading(token, event_type, mode, factuality(token, coding.lexicon),
                                                 actors, coding)
    date = event_date(token, sentence, coding, status)
    if date is not None and date.text is None and token.tag_ == "VBD" and event_type in MATERIAL_TYPES:
        date = continued_date(event_type, actors + recipients, coding) or date
    if status == "asserted" and historical(date, coding.published, coding.lexicon, token,
                                              material=event_type in MATERIAL_TYPES):
        status = "historical"
        if date is not None and date.text is None:
            date = None  # "had previously fought": not on the publication date, and the text gives none
    locations = event_locations(token, sentence, coding, location_tokens, actors + recipients)
    if event_type == "MOBILIZE" and _assistance_abroad(sentence, actors, locations, coding):
        # PLOVER manual, AID: "military and police assistance including ... personnel"
        event_type, mode = "AID", "military"
        recipients = recipients or implied_target_state(locations)
    if not recipients and event_type in ("ASSAULT", "COERCE"):
        if _purpose_without_target(token, unresolved):
            return []
        recipients = (implied_state_forces(actors, locations) or implied_target_state(locations)
                      or (implied_home_target(actors, coding.index.home_country) if not locations else []))
    elif not recipients and event_type in PLACE_TARGETED_TYPES:
        recipients = _state_of_own_place(token, actors, locations)
    elif not recipients and event_type == "PROTEST":
        # Hand coders' convention: a protest with no named target is aimed at the government where it
        # happens ("protests against alleged electoral fraud" in Harare -> Zimbabwe's government).
        recipients = implied_governments(locations or [], coding.index.home_country)
    home_here = (locations[0] if locations else None)
    if event_type == "ASSAULT" and not actors and (
        is_noun or not has_country(localised(recipients, home_here, coding.index.home_country))
        or restates_nominal(token, coding)
    ):
        return []  # "the war", "the strike", "nine were killed": background or a restatement
    claimed_by = claimant(token, coding)
    confidence = confidence_of(is_noun, actors, recipients, trigger)
    home = coding.index.home_country
    if not actors and event_type in coding.lexicon.cue("implied_doer_types"):
        actors = implied_unnamed_doer(locations, home)
    if not recipients and event_type in coding.lexicon.cue("implied_target_types"):
        # the doers as they will be coded: "police" in a story from Haiti are Haiti's police
        placed = localised(actors, locations[0] if locations else None, home)
        if not locations:
            recipients = implied_domestic_target(placed, home)
        elif event_type in coding.lexicon.cue("implied_target_located_types"):
            here = next((p.country for p in locations if p.country), None)
            recipients = implied_domestic_target(placed, here or home)
    return [
        _sentence_event(
            sentence, number, type=event_type, mode=mode, actors=localised(actors, location, home),
            recipients=localised(recipients, location, home), location=location, date=date,
            factuality=status, claimed_by=claimed_by, confidence=confidence, cameo=trigger.cameo,
            trigger=token.text, magnitudes=magnitudes_of(token, sentence, coding),
        )
        for location in (locations or [None])
    ]


def _slot_recipients(trigger: Trigger, token: Token, tokens: list[Token], location_tokens: list[Token],
                     actors: list[Entity], coding: Coding) -> tuple[list[Entity], list[Token], bool]:
    """The recipients the entry's slots name; places among them go to `location_tokens`. Also returns
    the objects that name no actor (for `_unnamed_recipients`) and whether an object was a place."""
    index = coding.index
    recipients: list[Entity] = []
    took_place = False  # the object is a place: "seized the airport" is a capture, not a confiscation
    unresolved = [o for o in direct_objects(token) if o.lemma_.lower() in trigger.objects]
    for tok in tokens:
        resolved = actors_at_tokens([tok], index) or possessor_antecedent(tok, actors, index)
        place = index.place_at(tok) or place_of_part(tok, index)
        if resolved and not (place and place.role == "location" and not is_actor_place(resolved)):
            recipients.extend(resolved)
        elif place is not None and place.feature == "country" and trigger.type not in LOCATED_TYPES:
            recipients.append(country_of(place))  # "blamed the US and Israel": states, not places
        elif place is not None and place.country and is_capital(place, index) \
                and trigger.type in coding.lexicon.cue("capital_as_state_types"):
            recipients.append(country_of(place))  # "an ultimatum to Damascus": the government there
        elif place is not None:
            location_tokens.append(tok)
            took_place = True
        else:
            unresolved.append(tok)
    return recipients, unresolved, took_place


def _unnamed_recipients(trigger: Trigger, token: Token, actors: list[Entity], unresolved: list[Token],
                        location_tokens: list[Token], coding: Coding) -> list[Entity]:
    """Recipients the slots do not name, in order of directness (docs/events.md, point 9)."""
    found: list[Entity] = []
    if not trigger.reciprocal and "none" not in trigger.recipient_slots:
        # "rejected a request from Belgium", "turned down an offer made by Togo": the object's author
        # (the doer's own state is no author: "expressed Egypt's support for ...")
        found = [r for r in object_owners(unresolved, coding.index) if not any(
            same(r, a) or (r.kind == "country" and r.country == a.country) for a in actors)]
    if not found and not trigger.reciprocal:
        found = antecedent_doers(token, actors, coding)
    if not found and trigger.type == "CONSULT":
        found = _host_state(location_tokens, actors, coding.index)
    if not found and trigger.type in COMPLEMENT_TARGETS:
        found = complement_recipients(token, COMPLEMENT_TARGETS[trigger.type], coding)
    return found




def _state_of_own_place(token: Token, actors: list[Entity], locations: list[Place]) -> list[Entity]:
    """"sent aid into Gaza", "withdrew its troops from Niger": the country of a place in the act's own
    phrase (not the doer's: "Iran's ministry condemned the attack in Quetta"), when foreign to the doer."""
    phrase = [t for c in token.children if c.dep_ not in AGENT_SUBJECT_DEPS | {"poss", "agent"} for t in c.subtree]
    own = [p for p in locations if any(p.start <= t.idx < p.end for t in phrase)]
    return [r for r in implied_target_state(own) if not any(a.country == r.country for a in actors)]


def _host_state(tokens: list[Token], actors: list[Entity], index: DocIndex) -> list[Entity]:
    """An official's visit to a foreign place meets that place's government ("Modi visited Kabul",
    "Blinken travelled to Cairo"): the host state, inferred (empty text, score 0.5)."""
    if not actors or any(a.sector not in STATE_SECTORS for a in actors):
        return []
    places = [p for t in tokens if (p := index.place_at(t) or place_of_part(t, index)) is not None]
    foreign = [p for p in places if p.country and all(a.country and a.country != p.country for a in actors)]
    return implied_target_state(foreign)








def _assistance_abroad(sentence: Span, actors: list[Entity], locations: list[Place], coding: Coding) -> bool:
    """Forces sent into another country to help it ("arrived in Haiti to reinforce the mission"):
    the destination is abroad and the sentence says the deployment is assistance."""
    if not actors or any(a.sector not in STATE_SECTORS for a in actors):
        return False  # militias sent to fight beside a government mobilise; states send assistance
    homes = {a.country for a in actors if a.country}
    if not homes or not locations or any(p.country is None or p.country in homes for p in locations):
        return False
    cues = coding.lexicon.cue("assistance_words")
    return any(t.lemma_.lower() in cues or t.lower_ in cues for t in sentence)










def _agentless_passive(trigger: Trigger, token: Token, recipients: list[Entity],
                       index: DocIndex) -> tuple[list[Entity], list[Entity]]:
    """Passives that name no doer but still report an act of the state: "40 people were arrested"
    (by the authorities: an inferred police actor, empty text, score 0.4, country from the place);
    "troops were deployed in the old city" (the forces moved are the ones mobilised)."""
    if trigger.type == "COERCE" and trigger.mode == "arrest" and recipients:
        return [Entity(name="police", text="", sector="COP", kind="generic", score=0.4)], recipients
    if trigger.type == "MOBILIZE":
        moved = [e for e in actors_at_tokens([c for c in token.children if c.dep_ == "nsubjpass"], index)
                 if is_armed(e)]
        return moved, []
    return [], recipients


def _doers_of_means(token: Token, coding: Coding) -> list[Entity]:
    """"two civilians were killed in shelling by Russian forces", "died in an Israeli airstrike": a
    passive toll with no agent of its own takes the doer of the attack it names as its means."""
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "during")):
        for means in (p for p in prep.children if p.dep_ in ("pobj", "pcomp")):
            entries = [e for form in (means.lemma_, means.lower_) for e in coding.lexicon.lookup(form, "NOUN")
                       if e.type == "ASSAULT"]
            if not entries:
                continue
            found = noun_actors(means, entries[0], coding)
            if not found:  # "in shelling by Russian forces" (a gerund the parser leaves outside noun phrases)
                agents = [o for c in means.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"
                          for o in c.children if o.dep_ == "pobj"]
                found = actors_at_tokens(agents, coding.index)
            if found:
                return found
    return []


def _coordinated_subject(token: Token) -> bool:
    """Whether the trigger's subject is a coordination of noun phrases ("Chile and Peru agreed"),
    also the subject it inherits ("Chile and Peru failed to reach a deal")."""
    clause = token
    while not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) and clause.dep_ == "xcomp":
        clause = clause.head
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.conjuncts for c in clause.children)


# --- mode, place, date, attribution ------------------------------------------------------------


































