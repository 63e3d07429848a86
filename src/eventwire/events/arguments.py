"""Arguments of an event trigger: who did it, to whom, found in the dependency parse.

The events stage's helpers: `DocIndex` maps tokens to the earlier stages' records by character
offset; `Coding` carries what one document's coding needs; the functions find the actor (subject,
passive agent, possessor, light-verb subject, object control), the recipients (the lexicon entry's
slots, with conjuncts), and normalise them (first-person speakers, implied state forces, nationality
from the event's place).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from eventwire.events.factuality import reporting_verb
from eventwire.events.lexicon import Lexicon, Trigger
from eventwire.model import Entity, Event, Place, Quote, TimeExpr
from eventwire.vocabulary import AGENT_SUBJECT_DEPS, ARMED_SECTORS, STATE_SECTORS
from eventwire.spans import SpanIndex
from eventwire.parse import cached_ents, sentence_numbers
from eventwire.quotes.extract import quote_at

# Named-entity labels that can stand for an actor the actors stage could not resolve, and the kind given.
NAMED_KINDS = {"ORG": "organization", "PERSON": "person", "NORP": "group", "GPE": "country"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis"}
# Prepositions that name the partner of a promised act ("agreed to share data with Iran").
COMPLEMENT_PREPS = {"to", "with", "for"}
# Events that happen at a place: a country in their object slot is where, not whom ("fighting in Syria").
LOCATED_TYPES = {"MOBILIZE", "PROTEST"}
QUANTITY_NOUNS = {"dozen", "hundred", "thousand", "million", "score", "number", "group", "batch", "some",
                  "many", "several", "all", "most", "part", "handful"}
OWNER_PRONOUNS = {"its", "their", "his", "her"}
# How many sentences back the owner of "their positions" may be named.
OWNER_WINDOW = 1
# Prepositions on a trigger's object that name the recipient ("sanctions on Iran", "aid to Gaza").
OBJECT_RECIPIENT_PREPS = {"on", "against", "to", "with", "toward", "towards"}
# Prepositions that name the author of a request, offer or appeal ("a request from Belgium") or
# the other party to a deal or talks ("reneged on an accord with Iran").
OWNER_PREPS = {"by", "from", "with"}
# Determiners that make an event noun refer back ("the attack", "these measures").
ANAPHOR_DETS = {"the", "this", "that", "these", "those", "such"}
# How many sentences back "the attack" may find the attack it refers to.
ANTECEDENT_WINDOW = 3
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
    capitals: frozenset[int] = frozenset()  # GeoNames ids of national capitals (from the gazetteer)
    _actor_at: dict[int, list[Entity]] = field(default_factory=dict)
    _named_at: dict[int, Span] = field(default_factory=dict)
    _home: str | None = None
    _first_token: dict[tuple[int, int], int] = field(default_factory=dict)  # actor (start, end) -> token
    _place_index: SpanIndex[Place] = field(init=False)
    _time_index: SpanIndex[TimeExpr] = field(init=False)

    def __post_init__(self) -> None:
        # by character span: asked per token and argument, a scan of all places was quadratic
        self._place_index = SpanIndex(self.places, lambda p: (p.start, p.end))
        self._time_index = SpanIndex(self.times, lambda t: (t.start, t.end))
        for entity in self.actors:
            if entity.start is None or entity.end is None:
                continue
            span = self.doc.char_span(entity.start, entity.end, alignment_mode="expand")
            for token in span or ():
                self._actor_at.setdefault(token.i, []).append(entity)
            if span:
                self._first_token[(entity.start, entity.end)] = span.start
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
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ not in AGENT_SUBJECT_DEPS or token.i in self._actor_at:
            return None
        parts = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        start = min([token.i] + [p.i for p in parts])
        return Span(self.doc, start, token.i + 1, label="ORG")

    @property
    def home_country(self) -> str | None:
        """The country most of the article's located places are in (the first named on a tie): the
        default nationality of "the government" or "security forces" in an event with no place."""
        if self._home is None:
            counts: dict[str, int] = {}
            for place in self.places:
                if place.role == "location" and place.country:
                    counts[place.country] = counts.get(place.country, 0) + 1
            self._home = max(counts, key=counts.__getitem__) if counts else ""
        return self._home or None

    def sentence_number(self, token: Token) -> int:
        return sentence_numbers(self.doc)[token.i]

    def actor_sentence(self, entity: Entity) -> int | None:
        """The sentence number of an actor mention of the actors stage (None for an inferred one)."""
        first = self._first_token.get((entity.start, entity.end))
        return None if first is None else sentence_numbers(self.doc)[first]

    def place_at(self, token: Token) -> Place | None:
        return next(iter(self._place_index.overlapping(token.idx, token.idx + 1)), None)

    def places_in(self, span: Span) -> list[Place]:
        return [p for p in self._place_index.overlapping(span.start_char, span.end_char)
                if span.start_char <= p.start and p.end <= span.end_char]

    def times_in(self, span: Span) -> list[TimeExpr]:
        return [t for t in self._time_index.overlapping(span.start_char, span.end_char)
                if span.start_char <= t.start and t.end <= span.end_char]


@dataclass(slots=True)
class Coding:
    """What every step of coding one document needs, passed as one object."""

    index: DocIndex
    quotes: list[Quote]
    lexicon: Lexicon
    published: str | None
    resolve: Callable[[str], Entity | None] | None
    light_verbs: frozenset[str] = frozenset()
    trigger_tokens: frozenset[int] = frozenset()  # the current sentence's triggers
    trigger_types: dict[int, str] = field(default_factory=dict)  # their event types, by token
    trigger_at: dict[int, Trigger] = field(default_factory=dict)  # their lexicon entries, by token
    earlier: list[Event] = field(default_factory=list)  # the events of the sentences before
    sentence_number: int = 0  # of the sentence being coded
    candidates_left: int | None = None  # candidates the document may still have ([limits] max_candidates)
    candidates_dropped: int = 0  # ... and those dropped past it
    nearest_triggers: dict = field(default_factory=dict)  # (sentence, count, kinds) -> nearest trigger token
    quote_index: SpanIndex[Quote] = field(init=False)

    def __post_init__(self) -> None:
        self.quote_index = SpanIndex(self.quotes, lambda q: (q.start, q.end))


# --- arguments -------------------------------------------------------------------------------


def direct_objects(token: Token) -> list[Token]:
    """Direct objects with their conjuncts, looking through quantities ("dozens of prisoners")."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for prt in (c for c in token.children if c.dep_ == "prt"):
        objects.extend(c for c in prt.children if c.dep_ == "pobj")
    for obj in list(objects):
        if obj.like_num or obj.lemma_.lower() in QUANTITY_NOUNS:
            objects.extend(p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                           for p in c.children if p.dep_ == "pobj")
    return [o for obj in objects for o in (obj, *obj.conjuncts)]


def verb_actors(verb: Token, coding: Coding, climb_past_unresolved: bool = False) -> list[Entity]:
    """The doer: subject, passive agent, or the subject inherited from a governing clause.
    `climb_past_unresolved` keeps climbing when a subject is no actor (for speakers: "he confirmed
    that the situation was stable, declaring ...", where the parser hangs "declaring" low)."""
    index = coding.index
    current = verb
    for _ in range(5):
        subjects = [c for c in current.children if c.dep_ in AGENT_SUBJECT_DEPS]
        if len(subjects) > 1:
            # two subjects of one verb is a parser slip ("Sudan's paramilitary Rapid Support Forces
            # said": "paramilitary" and "Forces"); the one next to the verb heads the phrase
            subjects = [max((s for s in subjects if s.i < current.i), key=lambda s: s.i, default=subjects[0])]
        if subjects:
            found = actors_at_tokens(_with_conjuncts(subjects), index)
            pronoun = all(s.lower_ in THIRD_PERSON for s in subjects)
            if found or not (climb_past_unresolved or pronoun):
                return found
            climb_past_unresolved = True  # "Hamas said it would ...": "it" is the reporting subject
        agents = [p for c in current.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return actors_at_tokens(_with_conjuncts(agents), index)
        if current is verb and current.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in current.children):
            return []  # "a resident whose flat was destroyed": the noun it describes did not do it
        if current.dep_ == "acl" and current.tag_ in ("VBG", "VBN") and current.head.pos_ in ("NOUN", "PROPN"):
            # "an alliance advancing on the city" names the doer; "fighters killed in strikes" the victim
            return actors_at_tokens([current.head], index) if current.tag_ == "VBG" else []
        if current.head is current or current.dep_ == "ROOT":
            break
        controlled = actors_at_tokens(_with_conjuncts(_object_controller(current)), index)
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
    objects = [c for c in governor.children if c.dep_ == "dobj"]
    if not objects and clause.dep_ == "xcomp":  # "called on the M23 to withdraw", "appealed to Kyiv to"
        objects = [p for c in governor.children if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to")
                   for p in c.children if p.dep_ == "pobj"]
    return objects


def noun_actors(noun: Token, trigger: Trigger, coding: Coding) -> list[Entity]:
    """The doer of a nominal event: "Russia's attack", "the capture of X by Y", "the deployment of
    X" (intransitive nominals), "the Syrian rebel offensive", "launched an attack"."""
    owners = _noun_owner(noun, coding)
    if owners:
        return owners
    if trigger.of_is_actor:
        of_objects = [p for c in _shared_children(noun) if c.dep_ == "prep" and c.lower_ in ("of", "from")
                      for p in c.children if p.dep_ == "pobj"]
        found = actors_at_tokens(_with_conjuncts(of_objects), coding.index)
        if found:
            return found
    verb = governing_verb(noun)
    if verb is not noun and (verb.lemma_.lower() in coding.light_verbs or trigger.governors):
        return verb_actors(verb, coding)
    return []


def _noun_owner(noun: Token, coding: Coding) -> list[Entity]:
    """Possessor, "by" agent, or an actor among the noun's pre-modifiers."""
    index = coding.index
    possessors = [c for c in noun.children if c.dep_ == "poss"]
    if possessors:
        found = actors_at_tokens(_with_conjuncts(possessors), index)
        if found or not all(p.pos_ == "PRON" for p in possessors):
            return found  # an unresolved "its" ("expressed its rejection") leaves it to the verb's subject
    for child in _phrase_tokens(noun):
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objects = [p for p in child.children if p.dep_ == "pobj"]
            if objects:
                return actors_at_tokens(_with_conjuncts(objects), index)
    blamed = _blamed_on(noun, coding)
    if blamed:
        return blamed
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i]
    leaders = [c for m in modifiers if m.lower_ == "led" for c in m.children if c.dep_ in ("npadvmod", "compound")]
    if leaders and coding.resolve is not None:  # "a Saudi-led strike": the leader's
        found = [_with_span(e, noun.doc[t.i : t.i + 1]) for t in leaders
                 if (e := coding.resolve(t.text)) is not None and e.country]
        if found:
            return found
    found = actors_at_tokens(modifiers, index, named=False)  # "Israeli strikes": the resolver below knows it
    named = [m for m in modifiers if m.ent_type_ or m.pos_ in ("PROPN", "NOUN")]
    if found or not named or coding.resolve is None:
        return found
    phrase = noun.doc[min(m.left_edge.i for m in named) : noun.i]
    entity = coding.resolve(phrase.text)
    if entity is None or entity.kind == "generic" and not entity.country and not entity.sector:
        return []
    return [_with_span(entity, phrase)]


def _blamed_on(noun: Token, coding: Coding) -> list[Entity]:
    """Whom the report blames for a nominal act: "an attack blamed on jihadists", "a bombing claimed by
    the group", "a raid attributed to bandits" (a participle clause on the noun names the doer)."""
    verbs = coding.lexicon.cue("blame_participles")
    for clause in noun.children:
        if clause.dep_ == "acl" and clause.tag_ == "VBN" and clause.lemma_.lower() in verbs:
            objects = [p for c in clause.children if c.dep_ in ("prep", "agent") and c.lower_ in ("on", "to", "by")
                       for p in c.children if p.dep_ == "pobj"]
            found = actors_at_tokens(_with_conjuncts(objects), coding.index)
            if found:
                return found
    return []


def _phrase_tokens(noun: Token) -> Iterable[Token]:
    """The noun's phrase without its clauses: "the capture of A, B and parts of C by the rebels"."""
    stack = [noun]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS or c.dep_ == "conj")


def governing_verb(token: Token) -> Token:
    """The verb a noun is the object of, through prepositions ("took part in the fighting")."""
    current = token
    for _ in range(4):
        if current.dep_ not in ("dobj", "pobj", "prep", "attr", "nsubjpass") or current.head is current:
            break
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return token


def first_person(entity: Entity, trigger: Token, coding: Coding) -> Entity | None:
    """"we" is the speaker's side: the speaker of the quote around it, else the subject of the
    reporting verb that governs it (who carries his group's country); else nobody we can name."""
    if entity.kb_id is not None or entity.text.lower() not in FIRST_PERSON:
        return entity
    quote = quote_at(coding.quote_index, trigger.idx, trigger.idx + len(trigger))
    speaker = quote.speaker if quote is not None else None
    if speaker is None:  # "We do not rule out ..., the commander said": the reporting subject
        verb = reporting_verb(trigger, coding.lexicon)
        speakers = verb_actors(verb, coding) if verb is not None else []
        speaker = next((s for s in speakers if s.text.lower() not in FIRST_PERSON), None)
    if speaker is None:
        return None
    return replace(speaker, text=entity.text, start=entity.start, end=entity.end, score=0.8)


def _with_span(entity: Entity, span: Span) -> Entity:
    return replace(entity, text=span.text, start=span.start_char, end=span.end_char)


def country_of(place: Place) -> Entity:
    return Entity(name=place.name or place.text, text=place.text, country=place.country, kind="country",
                  start=place.start, end=place.end)


def localised(entities: list[Entity], location: Place | None, home: str | None = None) -> list[Entity]:
    """Actors with no nationality ("police", "rebels", "gunmen", an unknown party leader) take the
    country where the event happened, the convention of hand-coded datasets, at a lower score; with
    no place, the article's home country (`DocIndex.home_country`), at a lower score still."""
    if location is not None and location.country:
        country, factor = location.country, 0.8
    elif home:
        country, factor = home, 0.6
    else:
        return entities
    return [
        replace(e, country=country, score=round(e.score * factor, 2)) if _unplaced_generic(e) else e
        for e in entities
    ]


def _unplaced_generic(entity: Entity) -> bool:
    # Any actor the knowledge base does not know ("Venancio Mondlane", "Ansar al-Sharia", "gunmen"): hand
    # coders of real reports give it the country the story is in (eval/news train: aligned F1 +0.02).
    return entity.country is None and entity.kb_id is None


def refused(token: Token, coding: Coding) -> bool:
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in coding.lexicon.cue("refusal_verbs")


def restates_nominal(verb: Token, coding: Coding) -> bool:
    """Whether a verb's subject is a nominal trigger ("the war has killed", "the strike hit"), or the
    verb sits in a relative clause on one ("a strike that killed 12", "strikes, which it said killed"):
    the noun carries the event; the verb only tells its toll."""
    if any(c.dep_ in AGENT_SUBJECT_DEPS and c.i in coding.trigger_tokens for c in verb.children):
        return True
    current = verb
    for _ in range(3):
        if current.dep_ == "relcl":
            return current.head.i in coding.trigger_tokens
        if current.dep_ not in ("ccomp", "conj") or current.head is current:
            return False
        current = current.head
    return False


def implied_state_forces(actors: list[Entity], locations: list[Place]) -> list[Entity]:
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


def implied_target_state(locations: list[Place]) -> list[Entity]:
    """An attack on a place is an attack on its country ("Russia struck Kyiv" -> Ukraine), the
    convention of hand-coded datasets; inferred (empty text, low score)."""
    countries = {p.country for p in locations if p.country}
    if len(countries) != 1:
        return []
    country = countries.pop()
    name = next((p.name for p in locations if p.feature == "country" and p.name), None) or country
    return [Entity(name=name, text="", country=country, kind="country", score=0.5)]


def implied_governments(locations: list[Place], home: str | None) -> list[Entity]:
    """The government of the one country the event's places are in (`implied_target_state`), else of
    the article's home country when the event has no place; inferred (empty text, low score)."""
    states = implied_target_state(locations) if locations else \
        [Entity(name=home, text="", country=home, kind="country")] if home else []
    return [replace(s, name=f"government of {s.country}", sector="GOV", kind="generic", score=0.4) for s in states]


def antecedent_doers(token: Token, actors: list[Entity], coding: Coding) -> list[Entity]:
    """"condemned the attack", "welcomed the move", "protested against the strikes": the recipient is
    whoever did the act referred back to, the actors of the latest earlier event of that kind a few
    sentences back (not the speaker itself); inferred (empty text, lower score)."""
    cue = coding.lexicon.cue
    nouns = cue("event_anaphor_nouns")
    objects = direct_objects(token) + [p for c in _preps(token) if c.lower_ in ("against", "over", "for")
                                       for p in c.children if p.dep_ == "pobj"]
    noun = next((o for o in objects if o.lemma_.lower() in nouns
                 and any(d.dep_ == "det" and d.lower_ in ANAPHOR_DETS for d in o.children)), None)
    if noun is None:
        return []
    lemma = noun.lemma_.lower()
    kinds = ({"ASSAULT"} if lemma in cue("attack_nouns") else
             cue("deal_types") if lemma in cue("deal_nouns") else cue("decision_types"))
    here = coding.index.sentence_number(token)
    recent = [e for e in reversed(coding.earlier) if here - e.sentence <= ANTECEDENT_WINDOW]
    if kinds == {"ASSAULT"}:  # "condemned the attack": the attack the story leads with, not a reprisal
        recent = [e for e in coding.earlier if e.type == "ASSAULT"][:1] + recent
    for event in recent:
        if event.type not in kinds:
            continue
        doers = [a for a in event.actors if a.country and not any(same(a, b) for b in actors)]
        if doers:
            return [replace(a, text="", start=None, end=None, score=round(a.score * 0.6, 2)) for a in doers]
    return []


def implied_home_target(actors: list[Entity], home: str | None) -> list[Entity]:
    """An attack with no target or place named, by actors from elsewhere, hits the country the
    article is about ("Moscow said its forces struck energy sites" in a story from Ukraine);
    inferred (empty text, lower score still)."""
    countries = {a.country for a in actors if a.country}
    if not home or not countries or home in countries:
        return []
    return [Entity(name=home, text="", country=home, kind="country", score=0.4)]


def implied_unnamed_doer(locations: list[Place], home: str | None) -> list[Entity]:
    """"Twelve people were killed", "a curfew was imposed": no doer named. Hand coders (ACLED's
    "Unidentified Armed Group (Mali)") give the act to an unidentified party of the country where it
    happened, else of the article's home country; inferred (empty text, low score), so analysts can
    filter it out (eval/news train+dev: aligned F1 +0.025)."""
    country = next((p.country for p in locations if p.country), None) or home
    if not country:
        return []
    return [Entity(name=f"unidentified actor ({country})", text="", country=country, kind="generic", score=0.3)]


def implied_domestic_target(actors: list[Entity], home: str | None) -> list[Entity]:
    """An attack or arrest with no target or place named, by actors of the article's home country,
    is aimed at that country ("Police opened fire, killing 10" in a story from Haiti); with actors
    from elsewhere, `implied_home_target`. Inferred (empty text, low score)."""
    if not home or not any(a.country == home for a in actors):
        return implied_home_target(actors, home)
    return [Entity(name=home, text="", country=home, kind="country", score=0.3)]


def possessor_antecedent(token: Token, actors: list[Entity], index: DocIndex) -> list[Entity]:
    """"struck their positions", "attacked its convoy": the target belongs to the latest group (or,
    for his/her, person) named before the pronoun in this or the previous sentences, not the doer."""
    pronoun = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS), None)
    if pronoun is None:
        return []
    wanted = ("person",) if pronoun.lower_ in ("his", "her") else ("group", "organization", "country")
    here = index.sentence_number(pronoun)
    for entity in reversed(index.actors):
        sentence = index.actor_sentence(entity)
        if sentence is None or entity.start >= pronoun.idx:
            continue
        if here - sentence > OWNER_WINDOW:
            break
        if entity.kind in wanted and entity.country and not any(same(entity, a) for a in actors):
            return [replace(entity, text=pronoun.text, start=pronoun.idx, end=pronoun.idx + len(pronoun),
                            score=round(entity.score * 0.7, 2))]
    return []


def has_country(entities: list[Entity]) -> bool:
    return any(e.country for e in entities)


def argument_tokens(trigger: Trigger, token: Token) -> tuple[list[Token], list[Token]]:
    """Recipients (and place objects found on the way) from the slots the lexicon entry names."""
    found: list[Token] = []
    for slot in trigger.recipient_slots:
        if slot == "none":
            break
        if slot == "dobj":
            found.extend(
                c for c in token.children
                if c.dep_ in ("dobj", "nsubjpass") and not {c.lemma_.lower(), c.lower_} & trigger.objects
            )
        elif slot == "object":  # "summoned the ambassador": the listed object is the recipient
            found.extend(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))
        elif slot == "dative":
            found.extend(c for c in token.children if c.dep_ == "dative")
        elif slot == "comp":
            found.extend(complement_recipients(token, trigger))
        elif slot == "clause_subject":  # "demanded that the minister resign"
            found.extend(s for c in token.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in AGENT_SUBJECT_DEPS)
        elif slot.startswith("prep:"):
            for prep in slot[5:].split(","):
                found.extend(
                    p for c in _preps(token) if c.lower_ == prep for p in c.children if p.dep_ == "pobj"
                )
    if not found and "none" not in trigger.recipient_slots:
        # "lifted sanctions on Iran", "issued an ultimatum to Sudan": the object's own phrase names
        # whom; for an entry defined by its object ("reduced aid to X") the verb's phrase does too
        heads = [obj for obj in token.children if obj.dep_ == "dobj"] + ([token] if trigger.objects else [])
        found = [p for head in heads for c in head.children
                 if c.dep_ == "prep" and c.lower_ in OBJECT_RECIPIENT_PREPS for p in c.children if p.dep_ == "pobj"]
    location_tokens: list[Token] = []
    if "none" in trigger.recipient_slots or not found:
        location_tokens = [
            p for c in _preps(token) if c.lower_ in ("to", "into", "in", "toward", "towards", "at", "of")
            for p in c.children if p.dep_ == "pobj"
        ]
    return _with_conjuncts(found, appositions=True), _with_conjuncts(location_tokens, appositions=True)


def is_capital(place: Place, index: DocIndex) -> bool:
    """A national capital, which in a message's or a measure's recipient slot stands for its
    government ("issued an ultimatum to Damascus", "sanctions on Moscow")."""
    return place.geonameid is not None and place.geonameid in index.capitals


def object_owners(tokens: list[Token], index: DocIndex) -> list[Entity]:
    """Whose the act's object is, when the object itself is no actor: "rejected a request from
    Belgium", "rejected an appeal lodged by the lawyers of X", "accepted Peru's demands"; or the
    other party to it: "refused direct talks with the government". A country
    named there stands for its state (a bare place in these phrases is never where the act happened)."""
    found: list[Entity] = []
    for token in tokens:
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in OWNER_PREPS:
                owners.extend(p for p in child.children if p.dep_ == "pobj")
            elif child.dep_ == "acl" and child.tag_ == "VBN":  # "an offer made by X"
                owners.extend(p for a in child.children if a.dep_ == "agent" or a.lower_ == "by"
                              for p in a.children if p.dep_ == "pobj")
        for owner in _with_conjuncts(owners):
            hits = actors_at_tokens([owner], index)
            place = None if hits else index.place_at(owner)
            if hits:
                found.extend(hits)
            elif place is not None and place.country and (place.feature == "country" or is_capital(place, index)):
                found.append(country_of(place))  # "Seoul's efforts": the government's
    return found


def complement_recipients(token: Token, trigger: Trigger) -> list[Token]:
    """Whom a promised act is done to ("agreed to release the prisoners", "pledged to work with
    China", "agreed to allow access of UN workers"): the complement's objects, datives and
    to/with/for phrases, one complement deeper if it has none."""
    clause = next((c for c in token.children if c.dep_ == "xcomp"), None)
    for _ in range(2):
        if clause is None:
            return []
        found = [c for c in clause.children if c.dep_ in ("dobj", "dative") and c.lemma_.lower() not in trigger.objects]
        found.extend(p for c in _preps(clause) if c.lower_ in COMPLEMENT_PREPS for p in c.children if p.dep_ == "pobj")
        if found:
            return found
        clause = next((c for c in clause.children if c.dep_ in ("xcomp", "ccomp")), None)
    return []


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


def actors_at_tokens(tokens: list[Token], index: DocIndex, named: bool = True) -> list[Entity]:
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
            found.extend(e for e in _companions(token, index) if not any(same(e, f) for f in found))
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
            out.append(country_of(place))
    return out


def _pronoun_placeholder(token: Token) -> Entity | None:
    """"we" has no actor mention of its own; `first_person` swaps it for the quote's speaker."""
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


def is_actor_place(entities: list[Entity]) -> bool:
    return any(e.kind != "country" for e in entities)


def is_armed(entity: Entity) -> bool:
    return (entity.sector or "") in ARMED_SECTORS or entity.kind == "group"


def same(a: Entity, b: Entity) -> bool:
    return (a.kb_id and a.kb_id == b.kb_id) or (a.name == b.name and a.country == b.country)


def unique(entities: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for entity in entities:
        if not any(same(entity, seen) for seen in out):
            out.append(entity)
    return out
