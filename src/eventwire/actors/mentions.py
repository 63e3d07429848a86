"""The actors stage: every actor mention in a parsed article, resolved as far as the knowledge base allows.

`extract_actors(doc, kb, published)` returns `Entity` records in text order, each with character offsets
into `doc.text` and `text` as written. Five kinds of mention are found, in this order:

1. named actors: entity-ruler matches (KB id on the span) and NER PERSON/ORG/NORP/GPE spans looked up
   by name key, skeleton or fuzzy match (`ActorKB.lookup`);
2. generic agents from agents.jsonl ("Syrian rebels", "the Assad regime", "the Iraqi prime minister"),
   one Entity per noun phrase, the country taken from its modifiers or an "in/of/from X" phrase;
3. countries, capitals and demonyms used as actors ("Iraq will...", "Baghdad had..."), not as places;
4. people outside the KB, with country and sector from an apposition ("X, spokesperson for group Y"),
   their title ("Iraqi security expert Colonel X") or an earlier full name (bare surname "Al-Fartousi");
5. conservative coreference: he/she -> the last person, "his group" -> that person's group,
   "the group" -> the last group. The Entity keeps `text` as written and copies the antecedent.

The knowledge base itself lives in `actor_kb.py`; its public names are re-exported here.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from eventwire.budget import checkpoint
from eventwire.actors.kb import Actor, ActorKB, Agent, Match, load_kb, ruler_patterns
from eventwire.parse import cached_ents, sentence_bounds, sentence_numbers, sentence_of
from eventwire.model import Entity
from eventwire.vocabulary import ARMED_SECTORS, SUBJECT_DEPS
from eventwire.places.gazetteer import Gazetteer
from eventwire.normalize import name_key

__all__ = ["ActorKB", "extract_actors", "load_kb", "resolve_name", "ruler_patterns"]

# Grammatical function words (closed classes), not knowledge: kept in code.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
MODIFIER_DEPS = frozenset({"compound", "amod", "npadvmod", "nmod"})
# Prepositions after which a country is where something happens, not who acts.
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "into", "across", "throughout", "near", "within", "outside",
                            "from", "to", "toward", "towards", "between", "around", "via", "through", "along",
                            "of", "beyond", "onto", "over", "off"})
OWNER_PREPS = frozenset({"in", "of", "from"})  # "factions in Iraq", "government of Iraq", "officials from Hamas"
# "Iran-backed factions": the modifier names a sponsor, not the group's own country.
SPONSOR_WORDS = frozenset({"backed", "led", "aligned", "allied", "affiliated", "sponsored", "funded", "supported",
                           "linked", "controlled", "dominated", "based"})
STANCE_PREFIXES = frozenset({"pro", "anti"})
QUANTIFIERS = frozenset({"several", "many", "some", "other", "few", "all", "both", "two", "three", "dozens"})
# Sectors of armed groups outside the state, which "the militia" or "the rebel group" can refer back to.
NON_STATE_ARMED = frozenset({"REB", "PRM", "INS", "UAF", "SEP"})
ANAPHOR_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "his", "her", "its", "their"})
PERSON_PRONOUNS = frozenset({"he", "him", "she", "her"})
ARTICLE_WORDS = frozenset({"al", "el"})
BYLINE_WORDS = frozenset({"reporting", "writing", "editing"})
# How far back (in sentences) a pronoun or "the group" may look for its antecedent.
ANAPHORA_WINDOW = 4
# A city or state inside an actor phrase gives its country only when it is this populous (not a hamlet
# that shares a common word's name).
PLACE_MIN_POPULATION = 100_000


def place_country(gazetteer: Gazetteer, name: str) -> str | None:
    """The country of the most populous city/state/district called `name` ("Delhi" -> IND, "Wyoming" ->
    USA), or None when the name is a country (the KB handles those) or only names small places."""
    found = gazetteer.lookup(name)
    if not found or any(c.feature == "country" for c in found):
        return None
    best = max(found, key=lambda c: c.population)
    ok = best.feature in ("city", "admin1", "admin2") and best.population >= PLACE_MIN_POPULATION
    return best.country if ok else None


@dataclass
class Mention:
    """An actor mention under construction: token span [first, last) plus what it resolved to."""

    first: int
    last: int
    type: str  # actor | country | capital | demonym | person | org | agent | pronoun | anaphor
    entity: Entity | None = None
    actor: Actor | None = None
    agent: Agent | None = None
    affiliate: Mention | None = None
    mods: list[int] = field(default_factory=list)  # title/modifier tokens in front of a person's name
    appos: list[int] = field(default_factory=list)  # ", spokesperson for X," after it (title noun first)
    consumed: bool = False  # absorbed into a larger noun phrase ("Syrian" in "Syrian rebels")


# ---- entity builders ------------------------------------------------------------------------------
def _span_entity(doc: Doc, first: int, last: int, **fields) -> Entity:
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    # doc[first:last].text == doc.text[start:end]; Doc.text rebuilds the whole text on every call
    return Entity(text=doc[first:last].text, start=start, end=end, **fields)


def actor_entity(actor: Actor, date: str | None, score: float = 1.0) -> Entity:
    """A position-less Entity for a KB actor, with the country and sector of its office on `date`."""
    country, sector = actor.country_sector(date)
    return Entity(name=actor.name, text=actor.name, kb_id=actor.id, wikidata=actor.wikidata,
                  country=country, sector=sector, kind=actor.kind, score=score)


def _country_entity(kb: ActorKB, iso3: str, sector: str | None, score: float = 1.0) -> Entity:
    country = kb.countries[iso3]
    return Entity(name=country.name, text=country.name, kb_id=f"country:{iso3}", wikidata=country.wikidata,
                  country=iso3, sector=sector, kind="country", score=score)


def _place(entity: Entity, doc: Doc, first: int, last: int, score: float | None = None) -> Entity:
    """Copy `entity` onto the tokens [first, last) of `doc` (text as written there)."""
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    return dataclasses.replace(entity, text=doc[first:last].text, start=start, end=end,
                               score=entity.score if score is None else score)


# ---- 1. named mentions ----------------------------------------------------------------------------
def _trim(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing "'s"; take in a split-off article ("Al-" + "Alaraby")."""
    while first < last - 1 and doc[first].pos_ == "DET":
        first += 1
    while last > first + 1 and (doc[last - 1].tag_ == "POS" or doc[last - 1].is_punct):
        last -= 1
    if first >= 2 and doc[first - 1].text == "-" and doc[first - 2].lower_ in ARTICLE_WORDS \
            and not doc[first - 2].whitespace_ and not doc[first - 1].whitespace_:
        first -= 2
    return first, last


def _choose(matches: list[Match], label: str) -> Match | None:
    """Pick the reading of a name that fits the NER label (a GPE is a country before it is a group)."""
    def rank(m: Match) -> int:
        if label == "GPE" or label in ("LOC", "FAC"):
            return {"country": 0, "capital": 1, "actor": 2}.get(m.type, 9)
        if label == "NORP":
            return {"demonym": 0, "actor": 1, "country": 2}.get(m.type, 9)
        if label == "ANY":  # a bare string, no NER label to go by
            return {"actor": 0, "country": 1, "capital": 2, "demonym": 3}.get(m.type, 9)
        return {"actor": 0, "country": 3, "demonym": 4, "capital": 5}.get(m.type, 9)  # PERSON, ORG

    ranked = sorted((m for m in matches if rank(m) < 9), key=rank)
    return ranked[0] if ranked else None


def _named_mentions(doc: Doc, kb: ActorKB, date: str | None) -> list[Mention]:
    mentions = []
    for ent in cached_ents(doc):
        if ent.label_ not in NAME_LABELS:
            continue
        first, last = _trim(doc, ent.start, ent.end)
        longer = _longer_name(doc, kb, first, last)
        if longer is not None:  # "Kataeb [Hizbullah]": the whole name is a different actor
            first, actor, score = longer
            entity = _place(actor_entity(actor, date, score), doc, first, last)
            mentions.append(Mention(first, last, "actor", entity, actor=actor))
            continue
        if ent.ent_id_ in kb.actors:
            actor = kb.actors[ent.ent_id_]
            entity = _place(actor_entity(actor, date), doc, first, last)
            mentions.append(Mention(first, last, "actor", entity, actor=actor))
            continue
        match = _choose(kb.lookup(doc[first:last].text), ent.label_)
        if match and match.type == "actor":
            actor = kb.actors[match.key]
            if actor.kind == "person" and ent.label_ not in ("PERSON", "ORG"):
                continue
            entity = _place(actor_entity(actor, date, match.score), doc, first, last)
            mentions.append(Mention(first, last, "actor", entity, actor=actor))
        elif match:
            entity = _place(_country_entity(kb, match.key, None, match.score), doc, first, last)
            mentions.append(Mention(first, last, match.type, entity))
        elif ent.label_ == "PERSON":
            mentions.append(Mention(first, last, "person"))
        elif ent.label_ == "ORG":
            mentions.append(Mention(first, last, "org"))
    return mentions + _bare_surnames(doc, mentions)


def _longer_name(doc: Doc, kb: ActorKB, first: int, last: int) -> tuple[int, Actor, float] | None:
    """A KB actor named by the span extended left over capitalised name words the ruler or NER left out.

    The ruler matches literal spellings only, so "Kataeb Hizbullah" can match just "Hizbullah" (the
    Lebanese group); the key of the whole name finds the Iraqi one.
    """
    start, best = first, None
    while start > 0 and first - start < 3:
        token = doc[start - 1]
        if not (token.is_title or token.text in ("-", "'", "’")) or token.is_sent_start and token.pos_ != "PROPN":
            break
        start -= 1
        matches = [m for m in kb.lookup(doc[start:last].text, fuzzy=False) if m.type == "actor"]
        if matches:
            best = (start, kb.actors[matches[0].key], matches[0].score)
    return best


def _bare_surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Surnames of people named in the doc that the NER missed or mislabelled ("Jassim told...")."""
    people = [m for m in mentions if m.type == "person" or (m.type == "actor" and m.actor.kind == "person")]
    surnames = {name_key(doc[m.first:m.last].text).split()[-1] for m in people if m.last - m.first > 1}
    surnames.discard("")
    covered = {i for m in mentions for i in range(m.first, m.last)}
    found = []
    for token in doc:
        if token.i in covered or token.pos_ != "PROPN" or not token.is_title:
            continue
        first = token.i
        if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in ARTICLE_WORDS:
            first = token.i - 2  # "Al-Fartousi"
        if first not in covered and name_key(doc[first:token.i + 1].text) in surnames:
            found.append(Mention(first, token.i + 1, "person"))
    return found


def _person_modifiers(doc: Doc, mention: Mention, taken: set[int]) -> list[int]:
    """Title and modifier tokens right before a name: "Iraqi security expert Colonel [Saad Al-Hadithi]"."""
    mods, i = [], mention.first - 1
    sent_start = sentence_bounds(doc)[mention.first][0]
    while i >= sent_start and len(mods) < 8:
        token = doc[i]
        if token.pos_ not in ("PROPN", "NOUN", "ADJ") or token.ent_type_ == "PERSON" or i in taken:
            break
        if not (mention.first <= token.head.i < mention.last or token.head.i in mods):
            break  # not attached to the name: a different phrase ("showing [Muhannad ...]")
        mods.append(i)
        i -= 1
    return sorted(mods)


# ---- 2. generic agents ----------------------------------------------------------------------------
def _term_at(doc: Doc, head: int, kb: ActorKB, blocked: set[int]) -> tuple[int, Agent] | None:
    """The longest agents.jsonl term ending at token `head`, as (first token, agent)."""
    for size in range(min(kb.longest_term, head + 1), 0, -1):
        first = head - size + 1
        if any(i in blocked for i in range(first, head + 1)):
            continue
        agent = kb.terms.get(tuple(t.lower_ for t in doc[first:head + 1]))
        if agent:
            return first, agent
    return None


def _is_agent_head(token: Token) -> bool:
    """A noun that heads its phrase: not "rebel" in "rebel offensive", not the verb "forces"."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    modifies_next = token.dep_ in MODIFIER_DEPS and token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN")
    return not modifies_next


def _in_phrase(token: Token, head: Token, reach: int = 6) -> bool:
    """True when `token`'s chain of heads reaches `head` without leaving the phrase window in front of it
    ("Bashar al-Assad 's forces": "'s" hangs on "Assad", which hangs on "forces")."""
    low, current = max(token.i - reach, sentence_bounds(head.doc)[head.i][0]), token
    for _ in range(8):
        if current.i == head.i:
            return True
        if not low <= current.head.i <= head.i or current.head.i == current.i:
            return False
        current = current.head
    return current.i == head.i


def _np_modifiers(doc: Doc, first: int, head: int) -> list[int]:
    """Tokens left of a term that belong to its noun phrase, up to a determiner or quantifier."""
    mods, i = [], first - 1
    sent_start = sentence_bounds(doc)[head][0]
    root = doc[first:head + 1].root  # "head" in "head of state": the term's syntactic head
    while i >= sent_start:
        token = doc[i]
        if token.pos_ in ("DET", "PRON", "NUM", "ADP", "VERB", "AUX", "ADV") and token.lower_ not in SPONSOR_WORDS:
            break
        if token.lower_ in QUANTIFIERS or token.text in (",", ";", ":", "(", '"') or not _in_phrase(token, root):
            break
        mods.append(i)
        i -= 1
    return sorted(mods)


def _is_sponsor(doc: Doc, i: int) -> bool:
    """"Iran" in "Iran-backed" or "pro-Iranian": a sponsor or stance, not the group's country."""
    nxt = doc[i + 1:i + 3]
    if len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in SPONSOR_WORDS:
        return True
    prev = doc[max(i - 2, 0):i]
    return len(prev) == 2 and prev[1].text == "-" and prev[0].lower_ in STANCE_PREFIXES


class _Resolver:
    """State shared by the passes over one document."""

    def __init__(self, doc: Doc, kb: ActorKB, date: str | None, gazetteer: Gazetteer | None):
        self.doc, self.kb, self.date, self.gazetteer = doc, kb, date, gazetteer
        self._place_countries: dict[str, str | None] = {}
        self.mentions = _named_mentions(doc, kb, date)
        self.by_token: dict[int, Mention] = {i: m for m in self.mentions for i in range(m.first, m.last)}
        self.sentence = sentence_numbers(doc)  # token index -> sentence number
        self.agent_heads: dict[int, tuple[int, Agent]] = {}
        self.agent_done: dict[int, Mention | None] = {}
        self.extra: list[Mention | None] = []  # further countries of coordinated demonyms
        self.titles: dict[int, Entity] = {}  # office in front of a name outside the KB, by name start

    def place_country(self, name: str) -> str | None:
        """`place_country` in the pipeline's gazetteer (none given: no place gives a country)."""
        if self.gazetteer is None:
            return None
        if name not in self._place_countries:
            self._place_countries[name] = place_country(self.gazetteer, name)
        return self._place_countries[name]

    # -- owners and countries of generic noun phrases --
    def _owner_of(self, tokens: list[int]) -> tuple[Mention | None, str | None]:
        """The first named actor among `tokens`, and the first country (demonym/name) not a sponsor."""
        owner, country = None, None
        for i in tokens:
            mention = self.by_token.get(i)
            if mention is None and i in self.agent_heads:
                mention = self._agent_mention(i)
            if mention is not None and mention.type in ("actor", "agent") and owner is None:
                owner = mention
            elif country is None and not _is_sponsor(self.doc, i):
                if mention is not None and mention.type in ("country", "demonym", "capital"):
                    country = mention.entity.country
                elif self.doc[i].is_title or self.doc[i].is_upper:
                    country = self._country_words(i, tokens)
        return owner, country

    def _country_words(self, i: int, allowed: list[int] | range) -> str | None:
        """The country named by up to three capitalised words starting at token `i` ("Sri Lankan")."""
        doc, found = self.doc, None
        for size in (1, 2, 3):
            last = i + size - 1
            if last >= len(doc) or last not in allowed or not (doc[last].is_title or doc[last].is_upper):
                break
            found = self.kb.country_of_word(doc[i:last + 1].text) or found
        return found

    def _place_words(self, tokens: list[int]) -> str | None:
        """The country of a city or state named among `tokens` ("Delhi Police", "a court in Istanbul")."""
        doc = self.doc
        for i in tokens:
            named = self.by_token.get(i)
            if doc[i].pos_ != "PROPN" or not doc[i].is_title or (named is not None and named.type in ("actor", "person")):
                continue
            for size in (2, 1):  # "New York" before "York"
                last = i + size - 1
                if last < len(doc) and (size == 1 or last in tokens) and doc[last].pos_ == "PROPN":
                    found = self.place_country(doc[i:last + 1].text)
                    if found:
                        return found
        return None

    def _prep_objects(self, head: int, spokesperson: bool = False) -> list[int]:
        # "a spokesman for President X" speaks for X; "troops for Ukraine" are not Ukraine's
        preps = OWNER_PREPS | {"for"} if spokesperson else OWNER_PREPS
        out = []
        for prep in self.doc[head].children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                out.extend(t.i for t in prep.children if t.dep_ == "pobj")
        return out

    def _agent_mention(self, head: int) -> Mention | None:
        """Resolve the generic noun phrase headed by token `head` (memoised; owners resolve first)."""
        if head in self.agent_done:
            return self.agent_done[head]
        self.agent_done[head] = None  # guards against cycles in odd parses
        first, agent = self.agent_heads[head]
        mods = _np_modifiers(self.doc, first, head)
        following = self.by_token.get(head + 1)
        if following is not None and following.type == "actor" and following.actor.kind != "person":
            return None  # "the Iraqi paramilitary group Kata'ib Sayyid al-Shuhada": the name says it all
        owned_by = self.doc[first - 1].lower_ if first > 0 else ""
        leader = self._leader(mods) if agent.anaphor else None
        if leader is not None:  # "the US-led coalition", "a Saudi-led alliance": coded as the leader's
            mention = _place(leader, self.doc, mods[0], head + 1, score=round(leader.score * 0.8, 3))
            if leader.kind == "country":
                mention = dataclasses.replace(mention, sector="MIL")  # a coalition of states fights
            mention = Mention(mods[0], head + 1, "agent", mention, agent=agent)
        elif agent.anaphor:
            mention = self._anaphor_candidate(first, head, agent, mods)
        elif not mods and owned_by in ("its", "their", "his", "her") and (agent.sector in ARMED_SECTORS or agent.equipment):
            mention = Mention(first - 1, head + 1, "anaphor", agent=agent)  # "its fighters": the group's
        else:
            owner, country = self._owner_of(mods)
            if owner is None and country is None:
                owner, country = self._owner_of(self._prep_objects(head, spokesperson=agent.sector is None
                                                                    and agent.kind == "person"))
            if owner is None and country is None and not mods:
                owner = self._same_agent_before(first, head, agent) or self._named_group_before(first, head, agent)
            if owner is None and country is None:
                country = self._place_words(mods + self._prep_objects(head))  # "police in Wyoming"
            if agent.equipment:
                if owner is None and country is None:
                    self.agent_done[head] = None
                    return None  # "a helicopter", "the strike": no owner, no actor
                agent = self._security_modifier(mods) or agent  # "police helicopter" -> police
            mention = self._generic(agent, mods[0] if mods else first, head + 1, owner, country)
            if mention is not None and owner is None:
                mention = self._split_coordinated(mention, mods, agent, head)
            if mention is not None:
                for i in mods:  # the demonym and owner are now part of this phrase
                    if i in self.by_token:
                        self.by_token[i].consumed = True
        if mention is not None and mention.entity is not None and following is not None \
                and following.type == "person" and mention.entity.kind == "person":
            # "Mauritania's President Mohamed Ould Abdel Aziz": the title gives the named man his country
            self.titles[following.first] = mention.entity
            mention = None
        self.agent_done[head] = mention
        return mention

    def _security_modifier(self, mods: list[int]) -> Agent | None:
        """The agent noun among an equipment phrase's modifiers: "police" in "a Venezuelan police helicopter"."""
        for i in reversed(mods):
            agent = self.kb.terms.get((self.doc[i].lower_,))
            if agent is not None and agent.sector is not None and not agent.equipment and not agent.office:
                return agent
        return None

    def _split_coordinated(self, mention: Mention, mods: list[int], agent: Agent, head: int) -> Mention:
        """"Hungarian and Romanian officials": one actor per country. The phrase after the conjunction
        keeps the head noun; the demonyms before it become their own mentions (kept in `self.extra`)."""
        conj = [i for i in mods if self.doc[i].pos_ == "CCONJ" or self.doc[i].text == ","]
        if not conj:
            return mention
        mods = self._listed_demonyms(mods) + mods  # "French, German and Italian troops"
        conj = [i for i in mods if self.doc[i].pos_ == "CCONJ" or self.doc[i].text == ","]
        _, last_country = self._owner_of([i for i in mods if i > conj[-1]])
        if last_country is None:
            return mention
        bounds, split = [mods[0] - 1, *conj], []
        for left, right in zip(bounds, bounds[1:]):
            part = [i for i in mods if left < i < right]
            _, country = self._owner_of(part)
            if part and country and country != last_country:
                split.append(self._generic(agent, part[0], part[-1] + 1, None, country))
        if not split or None in split:
            return mention
        self.extra.extend(split)
        return self._generic(agent, conj[-1] + 1, head + 1, None, last_country) or mention

    def _listed_demonyms(self, mods: list[int]) -> list[int]:
        """Tokens of the ", Demonym" items in front of a coordinated modifier list, which the noun phrase
        stops at: "French ," in "French, German and Italian troops"."""
        doc, out, i = self.doc, [], mods[0] - 1
        while i >= 1 and doc[i].text == "," and (doc[i - 1].is_title or doc[i - 1].is_upper) \
                and self._country_words(i - 1, [i - 1]) and len(out) < 16:
            out[:0] = [i - 1, i]
            i -= 2
        return out

    def _same_agent_before(self, first: int, head: int, agent: Agent) -> Mention | None:
        """"these factions" after "Iraqi factions": a bare demonstrative/definite noun refers back."""
        det = self.doc[first - 1] if first > 0 else None
        if det is None or det.lower_ not in ("the", "these", "those", "this", "that"):
            return None
        for earlier in sorted((h for h in self.agent_done if h < head), reverse=True):
            mention = self.agent_done[earlier]
            if self.sentence[head] - self.sentence[earlier] >= ANAPHORA_WINDOW:
                break
            if mention is not None and mention.agent is agent and mention.entity is not None \
                    and mention.entity.country:
                return mention
        return None

    def _leader(self, mods: list[int]) -> Entity | None:
        """The actor before "-led" among a group noun's modifiers."""
        doc = self.doc
        for i in mods:
            if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ == "led":
                mention = self.by_token.get(i)
                if mention is not None and mention.entity is not None:
                    return mention.entity
                country = self.kb.country_of_word(doc[i].text)
                if country is not None:
                    return _country_entity(self.kb, country, "GOV")
        return None

    def _named_group_before(self, first: int, head: int, agent: Agent) -> Mention | None:
        """"the paramilitary group", "the militia" (definite, singular) after "the Rapid Support Forces":
        the last named non-state armed group in the window."""
        det = self.doc[first - 1] if first > 0 else None
        if det is None or det.lower_ not in ("the", "this") or self.doc[head].tag_ != "NN" \
                or agent.sector not in NON_STATE_ARMED:
            return None
        for mention in sorted(self.mentions, key=lambda m: -m.first):
            if mention.last > first:
                continue
            if self.sentence[head] - self.sentence[mention.first] >= ANAPHORA_WINDOW:
                break
            entity = mention.entity
            if mention.type == "actor" and entity is not None and entity.kind != "person" \
                    and entity.sector in NON_STATE_ARMED:
                return Mention(first - 1, head + 1, "agent", _place(entity, self.doc, first - 1, head + 1,
                                                                   score=round(entity.score * 0.9, 3)),
                               agent=agent)
        return None

    def _anaphor_candidate(self, first: int, head: int, agent: Agent, mods: list[int]) -> Mention | None:
        det = self.doc[first - 1] if first > 0 else None
        if mods or det is None or det.lower_ not in ANAPHOR_DETERMINERS:
            return None
        return Mention(det.i, head + 1, "anaphor", agent=agent)  # "the group", "his group"

    def _generic(self, agent: Agent, first: int, last: int, owner: Mention | None,
                 country: str | None) -> Mention | None:
        doc = self.doc
        owner_entity = owner.entity if owner else None
        if owner is not None and owner.agent is agent and owner.entity is not None:
            return Mention(first, last, "agent", _place(owner_entity, doc, first, last,
                                                        score=round(owner_entity.score * 0.9, 3)), agent=agent)
        if owner_entity is not None and owner_entity.kind != "person" and owner_entity.sector in ARMED_SECTORS \
                and agent.sector in ARMED_SECTORS:
            # "Hezbollah fighters", "HTS forces": the phrase names the group itself.
            return Mention(first, last, "agent", _place(owner_entity, doc, first, last), agent=agent)
        if owner_entity is not None and owner_entity.country:
            country = country or owner_entity.country
        if agent.office:
            holder = self._org_office_holder(owner.actor, agent.office) if owner and owner.actor else None
            holder = holder or self._office_holder(agent.office, country, first)
            if holder is not None:
                entity = _place(actor_entity(holder, self.date), doc, first, last, score=0.95)
                return Mention(first, last, "agent", entity, actor=holder, agent=agent)
        sector = agent.sector_for(country)
        if sector is None and agent.sector is None and owner_entity is not None:
            sector = owner_entity.sector  # "Hamas leaders", "the NATO chief": the organisation's sector
        if sector is None and country is None:
            return None
        name = f"{self.kb.countries[country].adjective} {agent.label}" if country in self.kb.countries else agent.label
        entity = _span_entity(doc, first, last, name=name, country=country, sector=sector, kind=agent.kind,
                              score=0.9 if country else 0.8)
        return Mention(first, last, "agent", entity, agent=agent)

    def _org_office_holder(self, org: Actor, office: str) -> Actor | None:
        """"the NATO chief": the holder of "<a name of the organisation> <office>" on the article's date."""
        names = {name_key(text) for text in (org.name, *org.aliases)}
        for key in self.kb.offices:
            prefix, _, rest = key.rpartition(" ")
            if rest == office and name_key(prefix) in names:
                holder = self.kb.office_holder(key, None, self.date)
                if holder is not None:
                    return holder
        return None

    def _office_holder(self, office: str, country: str | None, before: int) -> Actor | None:
        if country is not None:
            return self.kb.office_holder(office, country, self.date)
        for mention in sorted(self.mentions, key=lambda m: -m.first):  # "the prime minister" -> last one seen
            if mention.first < before and mention.actor is not None:
                role = mention.actor.role_on(self.date)
                if role is not None and role.office == office:
                    return mention.actor
        return None

    def find_agents(self) -> list[Mention]:
        """Pass 2: generic agents, after reserving the title words in front of people's names."""
        reserved: set[int] = set()
        for mention in self.mentions:
            if mention.type == "org" and self._titled(mention):
                mention.type = "person"  # "police commissioner K R Rao": the NER took the initials for an org
            if mention.type in ("person", "actor") and (mention.type == "person" or mention.actor.kind == "person"):
                mention.mods = _person_modifiers(self.doc, mention, reserved)
                mention.appos = self._apposition(mention)
                reserved.update(mention.mods)
                reserved.update(mention.appos[:1] if mention.appos else ())
                for i in mention.mods:  # "Iraqi" in "Iraqi Prime Minister X" belongs to X's phrase
                    other = self.by_token.get(i)
                    if other is not None and other.type in ("country", "demonym", "org"):
                        other.consumed = True
        blocked = reserved | {i for m in self.mentions if m.type in ("actor", "person", "org", "capital")
                              for i in range(m.first, m.last)}
        for token in self.doc:
            if token.i not in blocked and _is_agent_head(token):
                found = _term_at(self.doc, token.i, self.kb, blocked)
                if found:
                    self.agent_heads[token.i] = found
        agents = [self._agent_mention(head) for head in sorted(self.agent_heads)]
        return [m for m in agents + self.extra if m is not None]

    def _titled(self, mention: Mention) -> bool:
        """An office noun in lower case right in front of the name and attached to it: a person's title."""
        if mention.first == 0:
            return False
        title = self.doc[mention.first - 1]
        if title.pos_ != "NOUN" or not title.is_lower or not mention.first <= title.head.i < mention.last:
            return False
        found = _term_at(self.doc, title.i, self.kb, set())
        return found is not None and found[1].sector is not None and not found[1].anaphor

    # -- 3. countries, capitals and demonyms as actors --
    def country_sector(self, mention: Mention) -> tuple[bool, str | None]:
        """(is an actor?, sector): "Iraq will..." -> GOV; "in Syria" -> not an actor; "Iraq's" -> no sector."""
        root = self.doc[mention.first:mention.last].root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "blamed the US and Israel": Israel takes the role of "the US"
        dep, head = root.dep_, root.head
        agentive = dep in SUBJECT_DEPS or (dep == "pobj" and (head.dep_ == "agent" or head.lower_ == "by"))
        if mention.type == "capital":
            return agentive, "GOV" if agentive else None
        if mention.type == "demonym" and (root.pos_ not in ("NOUN", "PROPN") or dep in MODIFIER_DEPS):
            return False, None  # "Iraqi border", "Iranian decision": an adjective, not an actor
        if mention.type == "demonym" and _people_not_state(root):
            return True, "CVL"  # "Israelis protested", "a Palestinian was killed": people, not the state
        if agentive:
            return True, "GOV"
        if dep in MODIFIER_DEPS or (dep == "pobj" and head.lower_ in LOCATIVE_PREPS):
            return False, None
        if dep == "poss":
            return True, None
        return True, "GOV"

    # -- 4. people outside the knowledge base --
    def _apposition(self, mention: Mention) -> list[int]:
        """Tokens of "X, spokesperson for Y,", title noun first: the appositive's subtree, else the words
        up to the next comma or verb (the parser does not always attach the apposition)."""
        doc, root = self.doc, self.doc[mention.first:mention.last].root
        for child in root.children:
            if child.dep_ == "appos" and child.i >= mention.last:
                return [child.i] + [t.i for t in child.subtree if t.i != child.i]
        if mention.last >= len(doc) or doc[mention.last].text != ",":
            return []
        window = []
        for token in doc[mention.last + 1:min(mention.last + 14, sentence_bounds(doc)[mention.first][1])]:
            if token.text == "," or token.pos_ in ("VERB", "AUX"):
                break
            window.append(token.i)
        nouns = [i for i in window if doc[i].pos_ == "NOUN"]
        return nouns[:1] + [i for i in window if i not in nouns[:1]]

    def _affiliation(self, tokens: list[int]) -> tuple[Mention | None, str | None, str | None]:
        """(group spoken for, country, sector from a title) among modifier/appositive tokens."""
        owner, country = self._owner_of(tokens)
        sector = None
        for i in tokens:
            found = self.agent_heads.get(i) or _term_at(self.doc, i, self.kb, set())
            if found and found[1].sector and not found[1].anaphor:
                sector = found[1].sector
        return owner, country, sector

    def resolve_person(self, mention: Mention, history: _History) -> None:
        """Give an unknown name an identity: an earlier full name, else an affiliation."""
        doc = self.doc
        text = doc[mention.first:mention.last].text
        earlier = history.same_person(text)
        if earlier is not None:
            mention.entity = _place(earlier.entity, doc, mention.first, mention.last)
            mention.affiliate, mention.type = earlier.affiliate, "person"
            return
        if mention.type == "org":
            letters = sum(c.isascii() and c.isalpha() for c in text)
            if letters >= 2:  # skip mojibake and stray symbols tagged ORG
                country, sector = self._org_identity(mention)
                mention.entity = _span_entity(doc, mention.first, mention.last, name=text, kind="organization",
                                              country=country, sector=sector, score=0.6 if country else 0.5)
            return
        if mention.first > 0 and doc[mention.first - 1].lower_ == "the" or len(name_key(text)) < 3:
            return  # "the Sayyida Zainab": a place or shrine the NER took for a person
        owner, country, sector = self._affiliation(mention.mods + mention.appos)
        if owner is not None and owner.entity is not None:
            country = owner.entity.country or country
            sector = owner.entity.sector or sector
            mention.affiliate = owner
        title = self.titles.get(mention.first)
        if title is not None and country is None:
            country, sector = title.country, sector or title.sector
        if country is None:
            country = self._possessive_country(mention)
        if self._byline(mention):
            sector = "JRN"
        score = 0.8 if country or sector else 0.7
        mention.entity = _span_entity(doc, mention.first, mention.last, name=text, country=country,
                                      sector=sector, kind="person", score=score)

    def _possessive_country(self, mention: Mention) -> str | None:
        """"Chad's Foreign Minister Abakar Saleh": the country that owns the titled name."""
        root = self.doc[mention.first:mention.last].root
        owners = [c for t in (root, *root.children) if t.dep_ in ("compound", "nmod") or t is root
                  for c in t.children if c.dep_ == "poss"]
        for owner in owners:
            found = self.by_token.get(owner.i)
            if found is not None and found.type in ("country", "capital") and found.entity is not None:
                return found.entity.country
        return None

    def _org_identity(self, mention: Mention) -> tuple[str | None, str | None]:
        """(country, sector) of an organisation outside the KB from its own words: "The Nigerian Army"
        -> NGA MIL, "Government of India" -> IND GOV; the sector from the generic noun heading it."""
        span = range(mention.first, mention.last)
        country = next((c for i in span if not _is_sponsor(self.doc, i)
                        and (self.doc[i].is_title or self.doc[i].is_upper)
                        for c in [self._country_words(i, span)] if c), None)
        term = None
        for head in (self.doc[mention.first:mention.last].root.i, mention.last - 1):
            found = _term_at(self.doc, head, self.kb, set())
            if found and not found[1].anaphor and found[0] >= mention.first:
                term = (found[0], head, found[1])
                break
        if country is None:
            # "Delhi Police", "Lagos State Government"; never a word of the generic term itself ("Coast
            # Guard" is no force of Tanzania's Coast region)
            own = range(term[0], term[1] + 1) if term else range(0)
            country = self._place_words([i for i in span if i not in own])
        return country, term[2].sector_for(country) if term else None

    def _byline(self, mention: Mention) -> bool:
        """"(Reporting by X and Y in Baghdad)": the people named are journalists."""
        sent = sentence_of(self.doc[mention.first])
        words = [t.lower_ for t in sent[:4]]
        return any(w in BYLINE_WORDS for w in words) and "by" in words

    # -- 5. anaphora --
    def resolve_anaphor(self, mention: Mention, history: _History) -> None:
        here = self.sentence[mention.first]
        recent = history.recent(here, ANAPHORA_WINDOW)
        doc = self.doc
        if mention.type == "pronoun":
            target = next((m for m in recent if m.entity.kind == "person"), None)
        elif doc[mention.first].lower_ in ("his", "her"):
            person = next((m for m in recent if m.entity.kind == "person"), None)
            target = person.affiliate if person is not None else None
        elif doc[mention.first].lower_ in ("its", "their") and (owner := self._clause_subject(mention, recent)):
            target = owner  # "Moscow said its forces had struck": the owner is who speaks
        else:  # "the group": a named group first (the usual referent), else the last generic one
            groups = [m for m in recent if m.entity.kind in ("group", "organization")
                      and m.entity.sector not in (None, "JRN", "CVL")]  # "the group" is not the victims
            target = next((m for m in groups if m.entity.kb_id), groups[0] if groups else None)
        if target is not None and target.entity is not None:
            mention.entity = _place(target.entity, doc, mention.first, mention.last,
                                    score=round(target.entity.score * 0.9, 3))
            if mention.agent is not None and target.entity.kind == "country":
                # "Ukraine said its drones": Ukraine's forces, not its government
                sector = mention.agent.sector or ("MIL" if mention.agent.equipment else target.entity.sector)
                mention.entity = dataclasses.replace(mention.entity, sector=sector)
            mention.affiliate = target.affiliate


    def _clause_subject(self, mention: Mention, recent: list[Mention]) -> Mention | None:
        """The non-person subject of a clause above a possessive ("Ukraine said its drones ...",
        "the army, which said its units ..."): a possessive in a reported clause is the reporter's."""
        for ancestor in self.doc[mention.first].ancestors:
            for child in ancestor.children:
                if child.dep_ not in ("nsubj", "nsubjpass") or child.i >= mention.first:
                    continue
                owner = next((m for m in recent if m.first <= child.i < m.last), None)
                if owner is not None and owner.entity.kind != "person":
                    return owner
        return None


def _people_not_state(noun: Token) -> bool:
    """A demonym noun for people: a bare plural ("Israelis", "thousands of Iraqis") or one person
    ("a Palestinian"); "the Palestinians rejected the plan" stays the national leadership."""
    determiners = {c.lower_ for c in noun.children if c.dep_ == "det"}
    if determiners & {"a", "an"}:
        return True
    return noun.tag_ in ("NNS", "NNPS") and not determiners


def _pronouns(doc: Doc) -> list[Mention]:
    return [Mention(t.i, t.i + 1, "pronoun") for t in doc
            if t.lower_ in PERSON_PRONOUNS and t.pos_ == "PRON" and t.dep_ != "poss"]


def extract_actors(doc: Doc, kb: ActorKB, published: str | None = None, *,
                   gazetteer: Gazetteer | None = None) -> list[Entity]:
    """Every actor mention in `doc`, in text order (see the module docstring for what counts).

    `published` (YYYY-MM-DD) dates offices: "the Iraqi prime minister" in a 2024 article is al-Sudani.
    `gazetteer` gives generic actors the country of a city or state in their name ("Delhi Police").
    """
    resolver = _Resolver(doc, kb, published, gazetteer)
    agents = resolver.find_agents()
    pending = sorted(resolver.mentions + agents + _pronouns(doc), key=lambda m: (m.first, -m.last))
    history = _History(resolver.sentence)
    for mention in pending:
        checkpoint()
        if mention.consumed:
            continue
        if mention.type in ("country", "capital", "demonym"):
            is_actor, sector = resolver.country_sector(mention)
            if not is_actor:
                continue
            mention.entity = dataclasses.replace(mention.entity, sector=sector)
        elif mention.type in ("person", "org"):
            resolver.resolve_person(mention, history)
        elif mention.type in ("pronoun", "anaphor"):
            resolver.resolve_anaphor(mention, history)
        if mention.entity is not None and not mention.consumed:
            history.add(mention)
    return _without_overlaps([m.entity for m in history.mentions])


class _History:
    """The mentions resolved so far, in text order, indexed for the two questions asked of them per
    mention: the mentions of the last few sentences (anaphora), and the latest person whose name ends
    with a name (`same_person`). Scanning the whole history for each made a long document quadratic.
    A mention does not change once it is in the history."""

    def __init__(self, sentence: Sequence[int]):
        self.mentions: list[Mention] = []
        self._sentence = sentence  # token index -> sentence number
        self._sentences: list[int] = []  # of each mention, nondecreasing
        self._by_name_end: dict[str, Mention] = {}  # each word-final part of a person's name key -> latest

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self._sentences.append(self._sentence[mention.first])
        if mention.type in ("person", "actor") and mention.entity.kind == "person":
            for name in (mention.entity.text, mention.entity.name):
                words = name_key(name).split(" ")
                for i in range(len(words)):
                    self._by_name_end[" ".join(words[i:])] = mention

    def recent(self, sentence: int, window: int) -> list[Mention]:
        """The mentions of the `window` sentences up to `sentence`, latest first."""
        return self.mentions[bisect.bisect_right(self._sentences, sentence - window):][::-1]

    def same_person(self, text: str) -> Mention | None:
        """The latest earlier person whose name ends with `text` ("Al-Fartousi" -> "Kazem Al-Fartousi")."""
        key = name_key(text)
        return self._by_name_end.get(key) if len(key) >= 4 else None


def _without_overlaps(entities: list[Entity]) -> list[Entity]:
    """Text order; where two mentions overlap keep the longer (then the earlier) one."""
    ordered = sorted(entities, key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Entity] = []
    for entity in ordered:
        if kept and entity.start < kept[-1].end:
            continue
        kept.append(entity)
    return kept


def resolve_name(kb: ActorKB, text: str, published: str | None = None) -> Entity | None:
    """Resolve a bare string ("Kataib Hezbollah", "Iraqi officials", "Baghdad") without a parse.

    For callers that hold a string rather than a Doc (quote speakers, event arguments). The Entity has
    no offsets; `text` is the input.
    """
    matches = kb.lookup(text)
    match = _choose(matches, "ANY") if matches else None
    if match is not None and match.type == "actor":
        entity = actor_entity(kb.actors[match.key], published, match.score)
        return dataclasses.replace(entity, text=text)
    if match is not None:
        return dataclasses.replace(_country_entity(kb, match.key, "GOV", match.score), text=text)
    return _generic_from_words(kb, text, published)


def _generic_from_words(kb: ActorKB, text: str, published: str | None) -> Entity | None:
    """"Syrian rebels", "the Iraqi prime minister": a term at the end, a demonym before it."""
    words = [w for w in text.lower().replace("’", "'").split() if w not in ANAPHOR_DETERMINERS]
    for size in range(len(words), 0, -1):
        agent = kb.terms.get(tuple(words[-size:]))
        if agent is None:
            continue
        country = next((kb.country_of_word(w) for w in words[:-size] if kb.country_of_word(w)), None)
        if agent.office and country:
            holder = kb.office_holder(agent.office, country, published)
            if holder is not None:
                return dataclasses.replace(actor_entity(holder, published, 0.95), text=text)
        if agent.equipment and country is None:
            return None  # "drone" alone names no one
        sector = agent.sector_for(country)
        if sector is None and country is None:
            return None
        name = f"{kb.countries[country].adjective} {agent.label}" if country else agent.label
        return Entity(name=name, text=text, country=country, sector=sector, kind=agent.kind, score=0.9)
    return None
