"""The PLOVER event coder: triggers from the lexicon, arguments from the dependency parse.

For each sentence: find trigger words (verbs and nominalisations in `plover_lexicon.jsonl`), take the
actor from the subject (or the "by" agent of a passive, the possessor of a noun, the subject of a
light verb: "launched an attack"), the recipient from the slots the entry names, then link a place and
a date that the syntax attaches to the trigger, and judge factuality. Nothing crosses sentences except
through the actors stage's coreference, so actor, act and place cannot come from unrelated clauses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from eventwire.events.arguments import (
    FIRST_PERSON,
    LOCATED_TYPES,
    STATE_SECTORS,
    SUBJECT_DEPS,
    Coding,
    DocIndex,
    actors_at_tokens,
    antecedent_doers,
    argument_tokens,
    country_of,
    direct_objects,
    first_person,
    governing_verb,
    has_country,
    implied_home_target,
    implied_state_forces,
    implied_target_state,
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
from eventwire.events.factuality import factuality, historical, reporting_verb
from eventwire.events.lexicon import Lexicon, Trigger
from eventwire.model import QUAD_CLASS, Entity, Event, EventDate, Place, Quote, TimeExpr
from eventwire.quotes.extract import quote_at


# Events aimed at whoever their complement act is aimed at, and the complement types that say so.
COMPLEMENT_TARGETS = {"PROTEST": frozenset({"REQUEST"}),
                      "THREATEN": frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})}
COMPLEMENT_DEPS = ("advcl", "xcomp", "ccomp", "conj")


# How many sentences after a named group's attack an unnamed attacker's attack retells it.
RESTATEMENT_WINDOW = 2
# Acts whose target is the state of a place in their own phrase when no actor is named.
PLACE_TARGETED_TYPES = {"AID", "RETREAT", "SANCTION", "AGREE", "CONCEDE", "ACCUSE"}
# Acts that go on in an incident; statements (verbal acts) are dated by their own sentence.
MATERIAL_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "AID", "RETREAT"}
# How many of the latest events an undated past act may take its date from.
CONTINUATION_EVENTS = 4


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
) -> list[Event]:
    """All events in `doc`, in text order, with ids e1, e2, ...

    `resolve` turns a phrase the actors stage left alone ("Russian" in "Russian airstrikes", "Syrian
    rebel" in "the Syrian rebel offensive") into an Entity; the pipeline passes the knowledge base's.
    `capitals`: GeoNames ids of national capitals, which stand for their state in some slots.
    `typers`: who proposes and types the candidate events (default: the trigger-lexicon rules).
    """
    typers = DEFAULT_TYPERS if typers is None else typers
    coding = Coding(DocIndex(doc, actors, places, times, resolve, capitals), quotes, lexicon, published, resolve,
                     lexicon.cue("light_verbs"))
    events: list[Event] = []
    coding.earlier = events
    for number, sentence in enumerate(doc.sents):
        found = [event for group in _sentence_events(sentence, number, coding, typers) for event in group]
        events.extend(e for e in _dedupe(_merge_incidents(found)) if not _restates(e, events))
    for n, event in enumerate(events, 1):
        event.id = f"e{n}"
    return events


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed event: the token that reports it, the lexicon-style entry that types it (category, mode
    and argument slots), which typer proposed it and how sure it was."""

    token: Token
    trigger: Trigger
    typer: str
    score: float = 1.0


class EventTyper(Protocol):
    """Proposes and types the events of one sentence. The rule typer reads the trigger lexicon; a learned
    typer may propose events the lexicon has no trigger for, or retype and drop the rules' candidates
    (it sees them in `proposed`). Typers run in order; the last one's list is what gets coded."""

    name: str

    def propose(self, sentence: Span, coding: Coding, proposed: list[Candidate]) -> list[Candidate]: ...


class RuleTyper:
    """Today's rules: a token whose lemma has an entry in the PLOVER trigger lexicon whose conditions hold."""

    name = "rules"

    def propose(self, sentence: Span, coding: Coding, proposed: list[Candidate]) -> list[Candidate]:
        words = {t.lower_ for t in sentence} | {t.lemma_.lower() for t in sentence}
        found = list(proposed)
        for token in sentence:
            pos = "NOUN" if token.pos_ in ("NOUN", "PROPN") else token.pos_
            entries = coding.lexicon.lookup(token.lemma_, pos) or coding.lexicon.lookup(token.lower_, pos)
            if entries and token.lemma_.lower() in coding.lexicon.cue("name_calling_verbs"):
                entries = _name_calling_senses(entries, token)
            trigger = next((t for t in entries if _applies(t, token, words)), None)
            if trigger is not None:
                found.append(Candidate(token, trigger, self.name))
        return found


DEFAULT_TYPERS: tuple[EventTyper, ...] = (RuleTyper(),)


def _sentence_events(sentence: Span, number: int, coding: Coding,
                     typers: Sequence[EventTyper] = DEFAULT_TYPERS) -> Iterable[list[Event]]:
    """Candidates (from the typers, in order), then the arguments and links of each."""
    candidates: list[Candidate] = []
    for typer in typers:
        candidates = typer.propose(sentence, coding, candidates)
    coding.trigger_tokens = frozenset(c.token.i for c in candidates)
    coding.trigger_types = {c.token.i: c.trigger.type_for(c.token.lemma_.lower()) for c in candidates}
    coding.trigger_at = {c.token.i: c.trigger for c in candidates}
    for candidate in candidates:
        yield _build_events(candidate.trigger, candidate.token, sentence, number, coding)
    yield _obligations(sentence, number, coding)


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
            date=_event_date(verb, sentence, coding, "asserted"), factuality="asserted", claimed_by=None,
            confidence=0.6, cameo="100", trigger=modal.text,
        ))
    return out


def _sentence_event(sentence: Span, number: int, **fields) -> Event:
    """An Event found in `sentence` (number `number`); ids are given once the document is done."""
    return Event(id="", contexts=[], sentence=number, start=sentence.start_char, end=sentence.end_char,
                 text=sentence.text.strip(), **fields)


def _applies(trigger: Trigger, token: Token, words: set[str]) -> bool:
    if trigger.requires_words and not (trigger.requires_words & _other_words(token)):
        return False  # the cue must be another word: "called on X to" is no phone call
    if trigger.not_with_words & words:
        return False
    if trigger.requires_object and not any(c.dep_ == "dobj" for c in token.children):
        return False
    if trigger.objects or trigger.not_objects:
        objects = {o.lemma_.lower() for o in direct_objects(token)} | {o.lower_ for o in direct_objects(token)}
        if trigger.objects and not objects & trigger.objects or objects & trigger.not_objects:
            return False
    if trigger.requires_prep and not any(
        c.dep_ == "prep" and c.lower_ in trigger.requires_prep for c in token.children
    ):
        return False
    particle = trigger.particles.get(token.lemma_.lower())
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
        return False
    if trigger.governors and governing_verb(token).lemma_.lower() not in trigger.governors:
        return False
    if token.pos_ == "VERB" and token.dep_ == "amod":
        return False  # "the attacked convoy" describes, it does not report an act
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("compound", "amod"):
        return False  # "a drone attack": the modifier gives the mode of the head's event
    return True


def _name_calling_senses(entries: list[Trigger], token: Token) -> list[Trigger]:
    """"called the envoy a fool", "branded the sanctions illegal": with an object predicate the verb
    judges its object (ACCUSE); without one, its other senses ("called the president": a phone call)."""
    deps = {c.dep_ for c in token.children}
    judged = "oprd" in deps and "dobj" in deps  # a lone oprd is the parser's object ("called President X")
    return [t for t in entries if (t.type == "ACCUSE") == judged]


def _purpose_without_target(token: Token, unresolved: list[Token]) -> bool:
    """"joined forces with Germany to fight piracy": an infinitive of purpose whose object names no
    actor states an aim, not an act; the main verb's partner is not its target."""
    return token.dep_ == "advcl" and bool(unresolved) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    ) and not any(c.dep_ in SUBJECT_DEPS for c in token.children)


def _other_words(token: Token) -> set[str]:
    """The sentence's words and lemmas, leaving out the token itself."""
    return {form for t in token.sent if t.i != token.i for form in (t.lower_, t.lemma_.lower())}


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
    if _complement_of(token, coding):
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
    if _elaborates(token, event_type, coding) or _vows_a_threat(token, coding):
        return []
    refusable = coding.lexicon.cue("refused_as_reject")
    if event_type == "REJECT" and any(refused(c, coding) and coding.trigger_types.get(c.i) in refusable
                                      for c in token.children):
        return []  # "refused to meet X": the refused act, coded as REJECT below, carries the event
    mode = _mode(trigger, token, sentence)
    if event_type == "COERCE" and mode == "seize" and took_place and not recipients:
        event_type, mode = "ASSAULT", None  # PLOVER: taking territory by force is an assault
    event_type, mode, status = _codebook_reading(token, event_type, mode, factuality(token, coding.lexicon),
                                                 actors, coding)
    date = _event_date(token, sentence, coding, status)
    if date is not None and date.text is None and token.tag_ == "VBD" and event_type in MATERIAL_TYPES:
        date = _continued_date(event_type, actors + recipients, coding) or date
    if status == "asserted" and historical(date, coding.published, coding.lexicon, token):
        status = "historical"
        if date is not None and date.text is None:
            date = None  # "had previously fought": not on the publication date, and the text gives none
    locations = _event_locations(token, sentence, coding, location_tokens, actors + recipients)
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
    if event_type == "ASSAULT" and not actors and (
        is_noun or not has_country(recipients) or restates_nominal(token, coding)
    ):
        return []  # "the war", "the strike", "nine were killed": background or a restatement
    claimed_by = _claimed_by(token, coding)
    confidence = _confidence(is_noun, actors, recipients, trigger)
    home = coding.index.home_country
    return [
        _sentence_event(
            sentence, number, type=event_type, mode=mode, actors=localised(actors, location, home),
            recipients=localised(recipients, location, home), location=location, date=date,
            factuality=status, claimed_by=claimed_by, confidence=confidence, cameo=trigger.cameo,
            trigger=token.text,
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
        place = index.place_at(tok) or _place_of_part(tok, index)
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
        found = _complement_recipients(token, COMPLEMENT_TARGETS[trigger.type], coding)
    return found


def _codebook_reading(token: Token, event_type: str, mode: str | None, status: str, actors: list[Entity],
                      coding: Coding) -> tuple[str, str | None, str]:
    """(type, mode, factuality) after the PLOVER manual's rules for promises, vows and refusals."""
    cue = coding.lexicon.cue
    if status == "planned" and event_type in cue("promised_as_agree"):
        # PLOVER manual, AGREE: a promised cooperative act is an agreement, not the act itself.
        return "AGREE", None, "asserted"
    if status == "planned" and event_type in cue("threat_types") and _vowed(token, actors, coding):
        # PLOVER manual, THREATEN: "vowed to hunt down the attackers", "said it would strike back"
        return "THREATEN", mode, "asserted"
    if status == "negated" and event_type in cue("vowed_refusal_types") and _will_not(token, coding):
        # PLOVER manual, REJECT ("all rejections and refusals"): "said it will not lift the ban"
        return "REJECT", None, "asserted"
    if event_type in cue("refused_as_reject") and refused(token, coding):
        # PLOVER manual, REJECT: refusing a cooperative act ("refused to meet", "failed to reach a deal").
        return "REJECT", None, "asserted"
    return event_type, mode, status


def _state_of_own_place(token: Token, actors: list[Entity], locations: list[Place]) -> list[Entity]:
    """"sent aid into Gaza", "withdrew its troops from Niger": the country of a place in the act's own
    phrase (not the doer's: "Iran's ministry condemned the attack in Quetta"), when foreign to the doer."""
    phrase = [t for c in token.children if c.dep_ not in SUBJECT_DEPS | {"poss", "agent"} for t in c.subtree]
    own = [p for p in locations if any(p.start <= t.idx < p.end for t in phrase)]
    return [r for r in implied_target_state(own) if not any(a.country == r.country for a in actors)]


def _host_state(tokens: list[Token], actors: list[Entity], index: DocIndex) -> list[Entity]:
    """An official's visit to a foreign place meets that place's government ("Modi visited Kabul",
    "Blinken travelled to Cairo"): the host state, inferred (empty text, score 0.5)."""
    if not actors or any(a.sector not in STATE_SECTORS for a in actors):
        return []
    places = [p for t in tokens if (p := index.place_at(t) or _place_of_part(t, index)) is not None]
    foreign = [p for p in places if p.country and all(a.country and a.country != p.country for a in actors)]
    return implied_target_state(foreign)


def _complement_recipients(token: Token, kinds: frozenset[str], coding: Coding) -> list[Entity]:
    """Whom a protest or a threat is aimed at, from the act that goes with it: "rallied, demanding
    that the minister resign", "threatened to strike targets in Iraq" (a place gives its country)."""
    for child in token.children:
        if child.dep_ in COMPLEMENT_DEPS and coding.trigger_types.get(child.i) in kinds:
            tokens, _ = argument_tokens(coding.trigger_at[child.i], child)
            found = actors_at_tokens(tokens, coding.index)
            span = child.doc[child.left_edge.i : child.right_edge.i + 1]
            located = [p for p in coding.index.places_in(span) if p.role == "location"]
            if found or located:
                return found or implied_target_state(located)
    return []


def _complement_of(token: Token, coding: Coding) -> bool:
    """Whether the trigger is the demand of a protest or the threatened act of a threat."""
    host = coding.trigger_types.get(token.head.i)
    return token.dep_ in COMPLEMENT_DEPS and host in COMPLEMENT_TARGETS and \
        coding.trigger_types.get(token.i) in COMPLEMENT_TARGETS[host]


def _elaborates(token: Token, event_type: str, coding: Coding) -> bool:
    """A participle that spells out the act of its clause ("adopted sanctions, banning imports",
    "released the hostages, handing them to the Red Cross") is the same event, not another one:
    so when the clause's own trigger is of the same quad class."""
    if token.tag_ != "VBG" or token.dep_ not in ("advcl", "xcomp") or event_type == "ASSAULT":
        return False  # ASSAULT participles merge as one incident (see _merge_incidents)
    head = token.head
    hosts = [i for i in coding.trigger_tokens if i == head.i or governing_verb(head.doc[i]).i == head.i]
    return any(QUAD_CLASS.get(coding.trigger_types.get(i)) == QUAD_CLASS.get(event_type)
               for i in hosts if i != token.i)


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


def _will_not(token: Token, coding: Coding) -> bool:
    """A future act announced as not going to happen: "will not withdraw", "would not end the strike"."""
    future = coding.lexicon.cue("planned_auxiliaries") | coding.lexicon.cue("reported_future_auxiliaries")
    children = list(token.children)
    return any(c.dep_ == "neg" for c in children) and any(c.dep_ == "aux" and c.lower_ in future for c in children)


def _vow_above(token: Token, coding: Coding) -> Token | None:
    """The vow verb whose complement holds the trigger: "vowed to [continue its offensive]"."""
    current = token
    for _ in range(3):
        if current.dep_ not in ("xcomp", "ccomp", "dobj") or current.head is current:
            return None
        current = current.head
        if current.lemma_.lower() in coding.lexicon.cue("threat_governors"):
            return current
    return None


def _vows_a_threat(token: Token, coding: Coding) -> bool:
    """A vow verb whose complement is an act of conflict: the complement is coded (as THREATEN)."""
    threats = coding.lexicon.cue("threat_types")
    return token.lemma_.lower() in coding.lexicon.cue("threat_governors") and any(
        coding.trigger_types.get(t.i) in threats and getattr(_vow_above(t, coding), "i", None) == token.i
        for t in token.subtree)


def _vowed(token: Token, actors: list[Entity], coding: Coding) -> bool:
    """Whether a planned act is its doer's own promise: under a vow verb ("vowed to continue its
    offensive"), or reported by the doer itself ("the army said it would hunt down the attackers")."""
    if _vow_above(token, coding) is not None:
        return True
    reporter = reporting_verb(token, coding.lexicon)
    if reporter is None or not actors:
        return False
    speakers = verb_actors(reporter, coding)
    return any(same(a, s) or (a.country and a.country == s.country and a.sector == s.sector)
               for a in actors for s in speakers)


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


def _coordinated_subject(token: Token) -> bool:
    """Whether the trigger's subject is a coordination of noun phrases ("Chile and Peru agreed"),
    also the subject it inherits ("Chile and Peru failed to reach a deal")."""
    clause = token
    while not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) and clause.dep_ == "xcomp":
        clause = clause.head
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.conjuncts for c in clause.children)


# --- mode, place, date, attribution ------------------------------------------------------------


def _mode(trigger: Trigger, token: Token, sentence: Span) -> str | None:
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


def _event_locations(
    token: Token, sentence: Span, coding: Coding, preferred: list[Token], participants: list[Entity]
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


def _event_date(token: Token, sentence: Span, coding: Coding, status: str) -> EventDate | None:
    """The time expression attached to the trigger's clause; else, for an asserted event, the
    nearest past one in the sentence (a background sentence dates all its clauses: "began fighting
    in 2012 ..., withdrawing between 2018 and 2019 as ... regained control"); else, for asserted
    events, the publication date (with `text: None` to say so)."""
    for scope in _scopes(token, sentence, coding.light_verbs):
        nearest = _nearest_time(scope, sentence, token, coding)
        if nearest is not None:
            return nearest
    if status == "asserted":  # a length of time elsewhere in the sentence ("held for 471 days") dates nothing
        nearest = _nearest_time(sentence, sentence, token, coding, points_only=True)
        if nearest is not None and (coding.published is None or nearest.end < coding.published):
            return nearest
    if coding.published and status == "asserted":
        return EventDate(start=coding.published, end=coding.published, text=None)
    return None


def _continued_date(event_type: str, participants: list[Entity], coding: Coding) -> EventDate | None:
    """A past act whose sentence gives no date ("Security forces killed three attackers") happened
    when the same participants' (or the same incident's) act just before it did."""
    for event in reversed(coding.earlier[-CONTINUATION_EVENTS:]):
        if event.date is None or event.date.text is None or event.factuality != "asserted":
            continue
        shared = any(same(p, q) for p in participants for q in event.actors + event.recipients if p.country)
        if shared or (event_type == event.type == "ASSAULT"):
            return event.date
    return None


def _nearest_time(scope: Span, sentence: Span, token: Token, coding: Coding,
                  points_only: bool = False) -> EventDate | None:
    candidates = [
        t for t in coding.index.times_in(scope)
        if t.value is not None and not (points_only and t.duration)
        and not _nested_elsewhere(sentence, t.start, t.end, token, coding)
    ]
    if not candidates:
        return None
    points = [t for t in candidates if not t.duration]  # "for 471 days on Sunday": Sunday dates it
    best = min(points or candidates, key=lambda t: abs(t.start - token.idx))
    return EventDate(start=best.value.start, end=best.value.end, text=best.text)


def _nested_elsewhere(sentence: Span, start: int, end: int, trigger: Token, coding: Coding) -> bool:
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


def _claimed_by(token: Token, coding: Coding) -> Entity | None:
    """Who says it happened: the speaker of the quote around the trigger, or the reporting subject."""
    quote = quote_at(coding.quotes, token.idx, token.idx + len(token))
    if quote is not None and quote.speaker is not None:
        return quote.speaker
    accuser = _accuser(token, coding)
    if accuser is not None:
        return accuser
    verb = reporting_verb(token, coding.lexicon)
    if verb is not None:
        speakers = verb_actors(verb, coding, climb_past_unresolved=True)
        found = [e for e in (first_person(e, token, coding) for e in speakers) if e]
        if found:
            return found[0]
    return None


def _accuser(token: Token, coding: Coding) -> Entity | None:
    """The party whose accusation reports the act ("Kyiv accused Moscow of shelling Kherson"):
    docs/annotation.md codes the accused act as a claim, asserted, claimed by the accuser."""
    if token.dep_ not in ("pcomp", "pobj") or token.head.lower_ not in ("of", "for"):
        return None
    verb = token.head.head
    if coding.trigger_types.get(verb.i) != "ACCUSE" or verb.pos_ != "VERB":
        return None
    return next(iter(verb_actors(verb, coding)), None)


def _confidence(is_noun: bool, actors: list[Entity], recipients: list[Entity], trigger: Trigger) -> float:
    score = 0.55 if is_noun else 0.7
    if actors:
        score += 0.15 * min(1.0, sum(a.score for a in actors) / len(actors))
    if recipients or "none" in trigger.recipient_slots:
        score += 0.1
    return round(min(score, 0.95), 2)


def _restates(event: Event, earlier: list[Event]) -> bool:
    """An attack by an unnamed description ("gunmen stormed the building") just after an attack by a
    named group of the same country, at the same place or none, retells that attack: one incident,
    one event (GDELT's duplicates are the field's complaint)."""
    if event.type != "ASSAULT" or event.factuality != "asserted" or not event.actors \
            or any(a.kb_id or a.kind not in ("generic", "group") for a in event.actors):
        return False
    countries = {a.country for a in event.actors}
    for before in reversed(earlier):
        if event.sentence - before.sentence > RESTATEMENT_WINDOW:
            return False
        if before.type == "ASSAULT" and before.factuality == "asserted" and any(a.kb_id for a in before.actors) \
                and countries <= {a.country for a in before.actors} and (
                event.location is None or before.location is None or event.location.name == before.location.name):
            return True
    return False


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
    # "imposed a curfew": the verb's event has the participants, the noun's alone adds nothing
    return [
        e for e in kept.values()
        if e.actors or e.recipients or not any(o.type == e.type and (o.actors or o.recipients) for o in kept.values())
    ]


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
    return any(same(x, y) or x.start == y.start or (x.country and x.country == y.country)
               for x in a.actors for y in b.actors)


def _merged(a: Event, b: Event) -> Event:
    """The better-attested event (actors first, then confidence), completed from the other."""
    best, other = (a, b) if (bool(a.actors), a.confidence) >= (bool(b.actors), b.confidence) else (b, a)
    stated = [r for r in best.recipients + other.recipients if r.text]
    recipients = unique(stated) if stated else best.recipients or other.recipients
    recipients = [r for r in recipients if not any(same(r, x) for x in best.actors)]
    return replace(
        best,
        actors=best.actors or other.actors,
        recipients=recipients,
        location=best.location or other.location,
        date=best.date if best.date is not None and (best.date.text or other.date is None) else other.date,
        mode=best.mode or other.mode,
    )
