"""Places: find place names in a parsed article and resolve them to gazetteer entries.

Recognition combines spaCy's GPE/LOC/FAC entities with gazetteer matching of capitalised n-grams
(the small English model misses many Middle Eastern places, tags Aleppo as NORP and Sayyida Zainab as
PERSON) and a few context rules: "X province", "the town of X", "X countryside", "north of X",
"the X-Y road", "the X-Y border" (a region). Known non-place actors and demonyms are kept out.

Resolution ranks a name's candidates (see `rank`) by feature kind and population, the countries the
article talks about, a type word ("Idlib province" -> admin1) and distance to the other places
resolved in the article. A name the gazetteer does not know is read as the place inside it ("Bank of
Japan", see `embedded_name`) or else placed at the article's home (`document_home`), with a low
score. A country or capital that is the subject of a verb ("Iraq will be",
"Washington warned") gets role "actor" (metonymy), other places role "location".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from eventwire.budget import checkpoint
from eventwire.places.gazetteer import (ARTICLES, TYPE_SUFFIXES, Candidate, Gazetteer, candidates, fold, is_abbreviation, normalize,
                        split_suffix)
from eventwire.parse import cached_ents, cached_text, dateline_sources, ents_overlapping
from eventwire.spans import SpanIndex
from eventwire.places.weights import DEFAULT_WEIGHTS, PlaceWeights
from eventwire.model import Entity, Place

__all__ = ["extract_places", "resolve_toponym", "resolve_document", "rank", "ruler_patterns", "candidates",
           "country_context", "support", "locality", "embedded_name", "document_home"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"PERSON", "ORG"})
NON_PLACE_ACTORS = frozenset({"person", "organization", "group"})
MAX_NGRAM = 6
# Lower-case words inside multi-word place names ("Norte de Santander", "Valle del Cauca", "Isle of Man").
NAME_CONNECTORS = frozenset("de del da do dos das di la le of".split())
# Words that turn the preceding / following name into a place mention (grammar, not knowledge).
SITE_WORDS = frozenset("crossing camp airport base airbase border corridor port strait dam hospital".split())
DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest northern southern "
                       "eastern western central outskirts northeastern northwestern southeastern southwestern "
                       "north-east north-west south-east south-west north-eastern north-western "
                       "south-eastern south-western".split())
LOCATIVE_PREPS = frozenset("in near outside across at into toward towards from around inside".split())
# After these a capitalised agent noun or surname is still a place ("sailed to Police", "the port of Santos").
MAP_PREPS = LOCATIVE_PREPS | {"to", "of"}
# Verbs whose subject is still a location, not a metonymic actor ("Damascus lies ...").
LOCATIVE_VERBS = frozenset("locate situate lie sit border stretch neighbour neighbor overlook".split())
BORDER_RE = re.compile(r"\b([A-Z][\w'’]+)\s?[-–]\s?([A-Z][\w'’]+)\s+(?:border|borders|frontier|boundary)\b")
ROUTE_RE = re.compile(r"\b([A-Z][\w'’]+)\s?[-–]\s?([A-Z][\w'’]+)\s+(?:road|highway|motorway|railway|route)\b")
NOT_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# Nouns a person's name modifies ("the Obama administration", "the Trump campaign"): that name is no place.
POLITY_WORDS = frozenset("administration government campaign presidency cabinet regime era".split())
CAPITAL_RE = re.compile(r"\b[Tt]he ([A-Z][a-z]+) capital\b(?!\s+(?:city\s+)?(?:of|[A-Z]))")

# The ranking weights are settings: places/weights.py, [places] in data/options.toml.
# How fine a feature is (a finer reading of one name wins a tie).
FINENESS = {"region": 0, "country": 1, "admin1": 2, "admin2": 3, "city": 4, "site": 4}


@dataclass(slots=True)
class Mention:
    """A candidate place span before resolution."""

    start: int  # token offsets into the doc
    end: int
    query: str  # what is looked up ("Idlib" for "Idlib countryside")
    hint: str | None = None  # admin1 | admin2 | city
    evidence: str = "gazetteer"  # ner | context | gazetteer | border
    place: Place | None = None  # ready-made (borders)


# ---------------------------------------------------------------------------------------------------
# Public API


def extract_places(doc: Doc, gazetteer: Gazetteer, actors: list[Entity] | None = None, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[Place]:
    """All place mentions in `doc`, resolved, in text order. `actors` that are persons, organisations
    or groups block overlapping spans (a newspaper or militia named after a place is not a place)."""
    mentions = _select(_border_mentions(doc, gazetteer) + _capital_mentions(doc, gazetteer, w=w)
                       + _route_mentions(doc, gazetteer)
                       + _ner_mentions(doc) + _gazetteer_mentions(doc, gazetteer))
    mentions = [_with_context(doc, m, gazetteer) for m in mentions]
    sources = dateline_sources(cached_text(doc))
    actors = actors or []
    surnames = frozenset(a.text.split()[-1] for a in actors if a.kind == "person" and len(a.text.split()) > 1)
    blocking = SpanIndex((a for a in actors if a.kind in NON_PLACE_ACTORS), lambda a: (a.start, a.end))
    mentions = _select(m for m in mentions if not _blocked(doc, m, blocking, gazetteer, surnames)
                       and not _demonym(doc, m, gazetteer) and not _person_modifier(doc, m)
                       and not _in_dateline_source(doc, m, sources))
    mentions = _coordinated(doc, mentions, gazetteer, w=w)
    context = country_context(doc, gazetteer)
    places = _resolve_all(doc, mentions, gazetteer, context, w=w)
    return sorted(places, key=lambda p: p.start)


def resolve_toponym(gazetteer: Gazetteer, name: str, context_countries: Iterable[str] = (), *, w: PlaceWeights = DEFAULT_WEIGHTS) -> Place | None:
    """Resolve a bare place name (e.g. a gold span) given the ISO3 codes of the article's countries.
    A type word in `name` ("Hama governorate", "Aleppo city") steers the feature kind; a demonym
    ("Syrian", "European") resolves to its country or region, as gold sets annotate them."""
    return resolve_document(gazetteer, [name], [list(context_countries)], w=w)[0]


def resolve_document(gazetteer: Gazetteer, names: Sequence[str],
                     contexts: Sequence[Iterable[str]] = (), *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[Place | None]:
    """Resolve the place names of one document together: each name's readings are ranked with its
    context countries (`contexts[i]`, ISO3 codes, one per country mention) and the support of the
    document's other names (see `support`). None for a name the gazetteer does not know."""
    found, shares, queries = [], [], []
    known = {normalize(name) for name in names}
    for i, name in enumerate(names):
        demonym = gazetteer.demonym_place(name)
        query = name if demonym else embedded_name(gazetteer, name, known) or name
        demonym = demonym or gazetteer.demonym_place(query)
        found.append([demonym] if demonym else candidates(gazetteer, query))
        queries.append(query)
        counts = Counter(contexts[i] if i < len(contexts) else ())
        total = sum(counts.values()) or 1
        shares.append({c: n / total for c, n in counts.items()})
    keys = [normalize(q) for q in queries]  # "Suffolk County" and "Suffolk" are one name
    hints = _shared_hints(keys, [split_suffix(q)[1] or _dateline_hint(q, found[i], w=w) for i, q in enumerate(queries)])
    ranked = [rank(f, shares[i], hints[i], queries[i], w=w) for i, f in enumerate(found)]
    for _ in range(w.support_rounds):
        lend = support(ranked, keys, w=w)
        ranked = [rank(found[i], shares[i], hints[i], q, bonus=lend(i), w=w) if found[i] else []
                  for i, q in enumerate(queries)]
    tops = [r[0][1] if r else None for r in ranked]
    weak = {i for i, top in enumerate(tops)
            if top is not None and _unsupported_minor(top, shares[i], keys[i], keys, tops, w=w)}
    # an adjective ("French settlers") says little about where the story is
    placed = [i for i, (q, r) in enumerate(zip(queries, ranked)) if r and not gazetteer.demonym_place(q)]
    strong_home = document_home([tops[i] for i in placed if i not in weak], w=w)
    home = strong_home or document_home([tops[i] for i in placed], w=w)
    # a spelling-only match to a far-away hamlet: the home the other names agree on is likelier, unless
    # the weak name is the one the article repeats most (its own topic: "Laconia", named six times)
    mentions = Counter(keys)
    most = max((mentions[keys[i]] for i in placed if i not in weak), default=0)
    for i in weak if strong_home else ():
        if mentions[keys[i]] <= most:
            ranked[i] = []
    for i, name in enumerate(names):
        embedded_country = queries[i] != name and ranked[i] and ranked[i][0][1].feature == "country"
        if embedded_country and home and home.feature != "country" and home.country == ranked[i][0][1].country:
            ranked[i] = []  # "Stade de France" in a Paris story: Paris, not the middle of France
    return [_place(name, 0, len(name), ranked[i], w=w) if ranked[i] else _at_home(name, 0, len(name), home, w=w) if home
            else None for i, name in enumerate(names)]


def _unsupported_minor(best: Candidate, context: Mapping[str, float], key: str, keys: Sequence[str],
                       tops: Sequence[Candidate | None], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> bool:
    """A reading with no evidence but its spelling: a transliteration-only match, or a small uncurated
    town in a country the article does not name, with no other name of the article near it."""
    if best.curated or best.feature not in ("city", "admin2"):
        return False
    weak = best.match == "skeleton" or (best.feature == "city" and best.population < w.minor_population
                                        and best.country not in context)
    if not weak:
        return False
    return not any(other is not None and k != key and other.feature not in ("country", "region")
                   and other.country == best.country
                   and ((other.admin1 and other.admin1 == best.admin1)
                        or _km(other.lat, other.lon, best.lat, best.lon) <= w.near_km)
                   for k, other in zip(keys, tops))


def _dateline_hint(written: str, found: Sequence[Candidate], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> str | None:
    """A name in capitals ("WASHINGTON", "SAN DIEGO") is mostly a dateline, and datelines name towns:
    the capital, not the state, even amid a list of states. Only when a big city bears the name, since
    headings in capitals name states and countries too ("NEW JERSEY", "WALES")."""
    letters = [c for c in written if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters) or "." in written:
        return None
    key = fold(written)
    big = any(c.feature == "city" and fold(c.name) == key and c.population >= w.seat_min_population for c in found)
    return "city" if big else None


def _shared_hints(keys: Sequence[str], hints: Sequence[str | None]) -> list[str | None]:
    """A bare name takes the admin type word the document writes elsewhere: after "Suffolk County",
    a later "Suffolk" is the county too."""
    admin = {k: h for k, h in zip(keys, hints) if h in ("admin1", "admin2")}
    return [h or admin.get(k) for k, h in zip(keys, hints)]


def embedded_name(gazetteer: Gazetteer, name: str, known: Iterable[str] = ()) -> str | None:
    """The place inside a longer name the gazetteer does not know: "Bank of Japan" -> "Japan", "Dubai
    World Cup" -> "Dubai", "British Embassy" -> "British". Gold sets resolve such organisation, venue
    and estate names to the place they carry. Longest capitalised run of words first; it must be
    another name of the document (`known`, normalised keys), a demonym, or a country or continent:
    "Trump Tower" must not land in a hamlet called Trump, nor "West Wing" in a province called West.
    None when `name` itself is known."""
    words = name.split()
    if len(words) < 2 or gazetteer.has_name(name):
        return None
    known = set(known)
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = words[start:start + size]
            if not all(w[:1].isupper() for w in part) or (size == 1 and fold(part[0]) in DIRECTIONS):
                continue
            sub = " ".join(part)
            if normalize(sub) in known or gazetteer.demonym_place(sub) or _prominent(gazetteer, sub):
                return sub
    return None


def _prominent(gazetteer: Gazetteer, name: str) -> bool:
    """A country or continent by its own name or a short form ("US"), not by a foreign spelling
    ("Island", Icelandic for Iceland, in "Fire Island")."""
    key, short = fold(name), is_abbreviation(name)
    return any(c.feature in ("country", "region") and (short or fold(c.name) == key)
               for c in candidates(gazetteer, name))


def document_home(resolved: Sequence[Candidate], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> Candidate | None:
    """The place a document is about, for its names no gazetteer knows (a street, a church, a
    stadium): a point in the right city or state is a better answer for them than none. Each
    resolved reading scores one point per name resolved to it or to another place in its admin1, and
    HOME_COUNTRY_WEIGHT per mention of its country; the best wins, the finer one on a tie (a town
    named with its state beats the state)."""
    best, best_key = None, (-1.0, -1)
    for c in resolved:
        if c.feature == "region":
            continue
        votes = 0.0
        for other in resolved:
            if other.id == c.id or (c.admin1 and other.country == c.country and other.admin1 == c.admin1
                                    and other.feature != "country"):
                votes += 1.0
            elif other.feature == "country" and other.country == c.country:
                votes += w.home_country_weight
        key = (votes, FINENESS[c.feature])
        if key > best_key:
            best, best_key = c, key
    return best


def support(first: Sequence[Sequence[tuple[float, Candidate]]], keys: Sequence[str], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> Callable[[int], Callable]:
    """Document coherence. Each name's top readings, weighted by their share in the previous ranking
    (blended with their share relative to the name's best reading, RELATIVE_SUPPORT: ten equally
    likely "Henry County" readings each still vouch for their state), lend support to the readings
    of *other* names (a different written key, so "Paris" cannot vouch for Paris)
    that lie within about 150 km (same or next one-degree cell) or in the same admin1 (a state
    supports its towns, and its towns it and each other). `support(first, keys)(i)` is the bonus
    function for name i: candidate -> SUPPORT_WEIGHT x min(total support, MAX_SUPPORT), plus the
    document locality prior (`locality`), which also applies to countries."""
    cells: dict[tuple[int, int], dict[str, float]] = {}
    admins: dict[tuple[str | None, str | None], dict[str, float]] = {}
    home = locality(first, keys, w=w)
    for key, ranked in zip(keys, first):
        shares = _shares(ranked, w=w)[:w.support_top]
        for share, c in shares:
            share += w.relative_support * (share / shares[0][0] - share)
            if c.feature in ("country", "region"):
                continue
            if c.feature != "admin1":
                _lend(cells, _cell(c.lat, c.lon), key, share)
            if c.admin1:
                _lend(admins, (c.country, c.admin1), key, share if c.feature == "admin1" else share * w.co_state_share)

    def bonus_for(i: int) -> Callable[[Candidate], float]:
        states_named = frozenset(c.country for _, c in first[i] if c.feature == "admin1")
        is_country = any(c.feature == "country" for _, c in first[i])
        biggest = max((c.population for _, c in first[i] if c.feature == "city"), default=0)

        def bonus(c: Candidate) -> float:
            prior = home(keys[i], c.country, c.feature, states_named, is_country)
            if c.feature in ("country", "region"):
                return prior
            near: dict[str, float] = {}
            if c.feature != "admin1":
                y, x = _cell(c.lat, c.lon)
                for dy in (-1, 0, 1):
                    for dx in (-1, 0, 1):
                        for k, v in cells.get((y + dy, x + dx), {}).items():
                            near[k] = max(near.get(k, 0.0), v)
            for k, v in admins.get((c.country, c.admin1), {}).items():
                near[k] = max(near.get(k, 0.0), v)
            total = min(sum(v for k, v in near.items() if k != keys[i]), w.max_support)
            # a big city's small namesake ("London", Ohio) needs a named neighbour or its state: the
            # country alone is weak evidence against a city NAMESAKE_RATIO times bigger. A big city is
            # no one's small namesake ("London", Ontario, is what Canadian news means)
            if (c.feature == "city" and c.population < w.seat_min_population <= biggest
                    and c.population * w.namesake_ratio <= biggest and total < w.namesake_min_support):
                prior -= w.namesake_penalty
            # an admin area is big and its namesakes many ("Delaware County" near Indianapolis)
            return prior + w.support_weight * total * (w.admin_support if c.feature in ("admin1", "admin2") else 1.0)
        return bonus

    return bonus_for


def locality(first: Sequence[Sequence[tuple[float, Candidate]]], keys: Sequence[str], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> Callable[..., float]:
    """Document locality prior: the country the article's *other* names are in. Each distinct name
    votes for the country of its first-pass best reading with that reading's share; `locality(...)(key,
    iso3)` is LOCALITY_WEIGHT x the share of the votes of names other than `key` that go to `iso3`,
    when at least LOCALITY_MIN_NAMES other names voted: "Paris" amid Iowa and Wisconsin towns leans to
    a US Paris even when no country is named. Country names vote too (they also feed `context`).
    The weight is modest: alone it cannot outweigh a country's name bonus (a list of states can, see
    below: "Georgia" amid Ohio, Texas and Arizona) or a national capital ("London" in an Ontario story)."""
    votes: dict[str, tuple[str | None, float]] = {}
    states: dict[str | None, set[str]] = {}  # country -> names that are clearly its admin1 areas
    for key, ranked in zip(keys, first):
        shares = _shares(ranked, w=w)
        if shares and (key not in votes or shares[0][0] > votes[key][1]):
            votes[key] = (shares[0][1].country, shares[0][0])
        if shares and shares[0][1].feature == "admin1" and shares[0][0] >= 0.5:
            states.setdefault(shares[0][1].country, set()).add(key)
    listed = {iso for iso, names in states.items() if len(names) >= w.state_list_min}
    totals: Counter[str | None] = Counter()
    for iso, share in votes.values():
        totals[iso] += share
    mass = sum(totals.values())

    def prior(key: str, iso: str | None, feature: str = "city", states_named: frozenset = frozenset(),
              is_country: bool = False) -> float:
        own_iso, own = votes.get(key, (None, 0.0))
        others = len(votes) - (key in votes)
        rest = mass - own
        if iso is None or others < w.locality_min_names or rest <= 0:
            return 0.0
        share = (totals[iso] - (own if own_iso == iso else 0.0)) / rest
        # A list of states ("Florida, Louisiana, Nevada ... Georgia"): a state among them weighs as much
        # as a country's name, and a foreign country that shares its name with one of the listed
        # country's states (`states_named`: the countries whose admin1 this name can be) loses that edge.
        # Likewise a state that shares its name with a country ("Georgia") amid names that are mostly in
        # the state's country: the article is local.
        if feature == "admin1" and len(states.get(iso, set()) - {key}) >= w.state_list_min:
            share += w.country_name_bonus / w.locality_weight
        elif feature == "admin1" and is_country and share >= w.state_name_share and others >= w.state_name_min_names:
            share += w.state_name_bonus / w.locality_weight
        elif feature == "country" and (listed & states_named) - {iso} and not states.get(iso):
            share -= w.country_name_bonus / w.locality_weight
        return w.locality_weight * share

    return prior


def _shares(ranked: Sequence[tuple[float, Candidate]], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[tuple[float, Candidate]]:
    """Softmax shares of a ranked list (the same scale as Place.score)."""
    if not ranked:
        return []
    top = ranked[0][0]
    weights = [math.exp(w.softmax_scale * (s - top)) for s, _ in ranked]
    total = sum(weights)
    return [(w / total, c) for w, (_, c) in zip(weights, ranked)]


def _lend(index: dict, where: Any, key: str, share: float) -> None:
    slot = index.setdefault(where, {})
    slot[key] = max(slot.get(key, 0.0), share)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat), math.floor(lon)


def rank(found: Sequence[Candidate], context: Mapping[str, float], hint: str | None = None, written: str = "",
         anchors: Sequence[tuple[float, float]] = (),
         bonus: Callable[[Candidate], float] | None = None, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[tuple[float, Candidate]]:
    """Candidates with scores, best first. `context` maps ISO3 -> share of the article's country
    mentions; `hint` the feature a type word asks for; `anchors` points of the article's other places;
    `bonus` extra points per candidate (document support, see `support`)."""
    key = fold(written)
    # a seat bears the name itself or is a big city known by it ("Basra" for Basrah); a small town that
    # merely lists the name ("Montana City", alternate name "Montana") is no seat of Montana
    seats = {(c.country, c.admin1) for c in found
             if c.feature == "city" and (fold(c.name) == key or c.population >= w.seat_min_population)}
    # a small town that shares its name with a state of its country is rarely what news means by the name
    states = {c.country for c in found if c.feature == "admin1" and fold(c.name) == key}
    # a capital known by an old name ("Philadelphia" for Amman) yields to a big city that bears the name
    rival = any(c.feature == "city" and fold(c.name) == key and c.population >= w.seat_min_population for c in found)
    scored = [(_score(c, context, hint, key, anchors, seats, rival, w=w) + (bonus(c) if bonus else 0.0)
               - (w.state_town_penalty if c.feature == "city" and c.country in states
                  and c.population < w.seat_min_population else 0.0), c) for c in found]
    scored.sort(key=lambda sc: (-sc[0], -sc[1].population, sc[1].id))
    return scored


def _score(c: Candidate, context: Mapping[str, float], hint: str | None, key: str,
           anchors: Sequence[tuple[float, float]], seats: set, rival: bool = False, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> float:
    if c.feature == "city":
        score = max(math.log10(c.population + 1) / w.population_divisor, w.feature_prior["site"] if c.curated else 0.0)
    else:
        score = w.feature_prior[c.feature]
    if c.country in context:
        score += w.context_weight * context[c.country] + w.mentioned_bonus
    elif c.country is None and c.feature == "region" and context:  # a sea or continent is foreign to no one
        score += w.context_weight * max(context.values()) + w.mentioned_bonus
    named = bool(key) and fold(c.name) == key
    if hint and (c.feature == hint or (hint == "city" and c.feature == "site")):  # "Idlib province" -> admin1
        score += w.hint_bonus
    elif hint in ("admin1", "admin2") and c.feature in ("admin1", "admin2"):
        score += w.hint_bonus / 2
    elif hint == "city" and c.feature in ("admin1", "admin2"):
        score -= w.hint_bonus  # "Aleppo city", a dateline "WASHINGTON": not the state, even amid a list of states
    elif c.feature in ("admin1", "admin2") and (c.country, c.admin1) in seats:
        score -= w.seat_penalty  # bare "Aleppo": the city, not the governorate named after it
    if named:
        score += w.name_bonus
        if c.feature == "country":
            score += w.country_name_bonus
    if c.capital and (named or not rival):
        score += w.capital_bonus
    if c.match == "skeleton":
        score -= w.skeleton_penalty
    if c.feature == "admin2" and split_suffix(c.name)[1] and not split_suffix(key)[1]:
        score -= w.suffix_penalty
    return score + _proximity(c, anchors, w=w)


def country_context(doc: Doc, gazetteer: Gazetteer) -> dict[str, float]:
    """ISO3 -> share of the article's country mentions: GPE/LOC entities that are country names,
    and demonyms ("Iraqi", "Syrians")."""
    counts: Counter[str] = Counter()
    for ent in cached_ents(doc):
        if ent.label_ in PLACE_LABELS:
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            iso = _country_named(gazetteer, text)
            if iso:
                counts[iso] += 1
    for token in doc:
        iso = gazetteer.demonym_country(token.text) if token.text[:1].isupper() else None
        if iso and token.ent_type_ not in PLACE_LABELS:
            counts[iso] += 1
    total = sum(counts.values())
    return {iso: n / total for iso, n in counts.items()} if total else {}


def ruler_patterns(gazetteer: Gazetteer) -> list[dict]:
    """Entity-ruler patterns for the curated additions, so spaCy's NER does not take "Sayyida Zainab"
    for a PERSON. Sites are FAC, regions LOC, the rest GPE; each with a lower-case-article variant."""
    labels = {"site": "FAC", "region": "LOC"}
    patterns, seen = [], set()
    for surface, feature in gazetteer.surfaces:  # which surfaces get one: `_apply_addition`
        for variant in _case_variants(surface):
            if variant not in seen:
                seen.add(variant)
                patterns.append({"label": labels.get(feature, "GPE"), "pattern": variant, "id": "eventwire-place"})
    return patterns


# ---------------------------------------------------------------------------------------------------
# Recognition


def _ner_mentions(doc: Doc) -> list[Mention]:
    out = []
    for ent in cached_ents(doc):
        if ent.label_ in PLACE_LABELS:
            start = ent.start
            # "the", "northeast" in "northeast Democratic Republic of Congo": where in the place, not its name
            while start < ent.end - 1 and (doc[start].lower_ == "the" or doc[start].text in DIRECTIONS):
                start += 1
            out.append(Mention(start, ent.end, doc[start:ent.end].text, evidence="ner"))
    return out


def _gazetteer_mentions(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """Longest capitalised n-grams that are gazetteer names. Inside a non-place entity (PERSON, ORG,
    NORP...) only a match covering the whole entity counts ("Aleppo" tagged NORP, not "Badr" in
    "Badr Organisation")."""
    out, i = [], 0
    while i < len(doc):
        match = None
        if (_capitalised(doc[i]) and doc[i].lower_ != "the") or _article_prefix(doc, i):
            for j in range(min(len(doc), i + MAX_NGRAM), i, -1):
                span = doc[i:j]
                if _capitalised(doc[j - 1]) and _well_formed(span) and gazetteer.has_name(span.text):
                    match = span
                    break
        if match is not None and _fits_entity(match, gazetteer) and _plausible(match):
            out.append(Mention(match.start, match.end, match.text))
            i = match.end
        else:
            i += 1
    return out


def _border_mentions(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """'the Iraq-Syria border' -> one region mention (the two countries are not separate places)."""
    out = []
    for m in BORDER_RE.finditer(cached_text(doc)):
        first, second = (_as_country(gazetteer, m.group(k)) for k in (1, 2))
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if first and second and span is not None:
            out.append(Mention(span.start, span.end, m.group(0), evidence="border",
                               place=_border_place(gazetteer, m.group(0), m.start(), m.end(), first, second)))
    return out


def _capital_mentions(doc: Doc, gazetteer: Gazetteer, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[Mention]:
    """'the Syrian capital' -> the capital of the country the demonym names (Damascus)."""
    out = []
    for m in CAPITAL_RE.finditer(cached_text(doc)):
        iso3 = gazetteer.demonym_country(m.group(1))
        capital = gazetteer.capital(iso3) if iso3 else None
        span = doc.char_span(m.start(1), m.end(), alignment_mode="expand")
        if capital is not None and span is not None:
            place = _place(span.text, span.start_char, span.end_char, [(1.0, capital)], w=w)
            out.append(Mention(span.start, span.end, capital.name, "city", "context", place=place))
    return out


def _route_mentions(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """'the Damascus-Beirut highway' -> both ends are places (context evidence)."""
    out = []
    for m in ROUTE_RE.finditer(cached_text(doc)):
        for k in (1, 2):
            name = m.group(k)
            span = doc.char_span(m.start(k), m.end(k), alignment_mode="expand")
            if span is not None and fold(name) not in ARTICLES and gazetteer.has_name(name):
                out.append(Mention(span.start, span.end, name, evidence="context"))
    return out


def _with_context(doc: Doc, m: Mention, gazetteer: Gazetteer) -> Mention:
    """Apply the type-word and preposition rules around a mention."""
    if m.place is not None:
        return m
    if m.hint is None:
        m.hint = split_suffix(m.query)[1]  # an entity that already ends in "province", "city"...
    after = doc[m.end] if m.end < len(doc) else None
    if after is not None and after.lower_ in SITE_WORDS | set(TYPE_SUFFIXES) | {"countryside"}:
        joined = doc[m.start:m.end + 1].text
        if gazetteer.has_name(joined) and after.lower_ not in TYPE_SUFFIXES:
            return Mention(m.start, m.end + 1, joined, None, "context")  # "Rafah crossing", "Damascus countryside"
        if after.lower_ in TYPE_SUFFIXES or after.lower_ == "countryside":
            hint = TYPE_SUFFIXES.get(after.lower_, "admin1")
            return Mention(m.start, m.end + 1, m.query, hint, "context")
    before = [t.lower_ for t in doc[max(0, m.start - 2):m.start]]
    if len(before) == 2 and before[1] == "of" and before[0] in TYPE_SUFFIXES:
        return Mention(m.start, m.end, m.query, TYPE_SUFFIXES[before[0]], "context")  # "the town of X"
    directional = len(before) == 2 and before[1] == "of" and before[0] in DIRECTIONS  # "north of X"
    if directional or (before and before[-1] in LOCATIVE_PREPS):  # "in X", "near X"
        return Mention(m.start, m.end, m.query, m.hint, "context" if m.evidence == "gazetteer" else m.evidence)
    return m


def _coordinated(doc: Doc, mentions: list[Mention], gazetteer: Gazetteer, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[Mention]:
    """A bare gazetteer match in a list with a firm place is a place too: "Kidal, Tessalit and
    Aguelhok" (small towns the NER misses)."""
    firm = {
        doc[m.start:m.end].root.i for m in mentions
        if m.evidence != "gazetteer" or any(_accept(m, [(0.0, c)], w=w) for c in candidates(gazetteer, m.query))
    }
    firm_in_list = Counter(head for head, member in map(lambda i: _list_of(doc[i]), firm) if member)
    for m in mentions:
        if m.evidence == "gazetteer":
            root = doc[m.start:m.end].root
            head, member = _list_of(root)
            if firm_in_list[head] > (member and root.i in firm):  # a firm place other than this one
                m.evidence = "context"
    return mentions


_LISTS_KEY = ("eventwire", "conjunct_lists")


def _list_of(token) -> tuple[int, bool]:
    """The first conjunct of the list `token` is in, and whether spaCy counts `token` among that list's
    `conjuncts` (only right-hand "conj" children are). Found for every token of the Doc at once, each arc
    walked once: a list of 5,000 places is a chain of 5,000 "conj" arcs."""
    doc = token.doc
    if _LISTS_KEY not in doc.user_data:
        lists: dict[int, tuple[int, bool]] = {}
        for start in doc:
            path, current = [], start
            while current.i not in lists and current.dep_ == "conj" and current.head.i != current.i:
                path.append(current)
                current = current.head
            head, member = lists.get(current.i, (current.i, True))
            lists[current.i] = (head, member)
            for step in reversed(path):  # nearest the head first
                member = member and step.i > step.head.i
                lists[step.i] = (head, member)
        doc.user_data[_LISTS_KEY] = lists
    return doc.user_data[_LISTS_KEY][token.i]


def _select(mentions: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: borders first, then context/NER, then longer spans."""
    rank_of = {"border": 3, "context": 2, "ner": 1, "gazetteer": 0}
    chosen: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(mentions, key=lambda m: (-rank_of[m.evidence], -(m.end - m.start), m.start)):
        if taken.isdisjoint(range(m.start, m.end)):
            chosen.append(m)
            taken.update(range(m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


def _blocked(doc: Doc, m: Mention, actors: SpanIndex[Entity], gazetteer: Gazetteer,
             surnames: frozenset[str] = frozenset()) -> bool:
    """A known actor (a newspaper, a militia) is not a place. An organisation or person that only
    the NER proposed, unknown to the knowledge base, does not block a name the gazetteer knows:
    the small model tags many Sahel and Middle Eastern towns as ORG or PERSON, and a generic phrase
    ("police in Wyoming", "a court in Istanbul") contains its place. Nor is a capitalised agent noun
    read as an actor ("(Reuters) - Police detained": not Police, Poland), a part of a person's full
    name ("Juan Manuel Santos": not Santos, Brazil) or, after no preposition, a bare surname among
    `surnames` (the last names of the people the article names in full)."""
    start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
    near = actors.overlapping(start, end)
    if any(a.kind == "person" and a.start <= start and end <= a.end and a.end - a.start > end - start for a in near):
        return True
    if (doc[m.start - 1].lower_ if m.start > 0 else "") not in MAP_PREPS and (
            any(a.kind == "group" and a.kb_id is None and (a.start, a.end) == (start, end) for a in near)
            or (m.end - m.start == 1 and doc[m.start].text in surnames)):
        return True
    known_place = m.place is not None or gazetteer.has_name(m.query)
    return any(not (known_place and a.kb_id is None) for a in near)


def _person_modifier(doc: Doc, m: Mention) -> bool:
    """A person's name before "administration", "government", "campaign"...: "the Obama
    administration" does not mention Obama, Japan."""
    after = doc[m.end].lower_ if m.end < len(doc) else ""
    return m.place is None and after in POLITY_WORDS and all(t.ent_type_ == "PERSON" for t in doc[m.start:m.end])


def _in_dateline_source(doc: Doc, m: Mention, sources: Sequence[tuple[int, int]]) -> bool:
    """Inside the bracketed source of a dateline ("(Horn Desk)"): an agency, not the town Horn."""
    start = doc[m.start].idx
    return any(a <= start < b for a, b in sources)


def is_unresolved(actor: Entity) -> bool:
    """An actor mention with no knowledge-base entry and no country: only the NER vouches for it."""
    return actor.kb_id is None and actor.country is None


def _demonym(doc: Doc, m: Mention, gazetteer: Gazetteer) -> bool:
    return m.place is None and gazetteer.demonym_place(doc[m.start:m.end].text) is not None


def _article_prefix(doc: Doc, i: int) -> bool:
    """A lower-case Arabic article glued to a capitalised name: "al-Qaim", "el-Fasher"."""
    return (doc[i].lower_ in ARTICLES and doc[i].lower_ != "the" and i + 2 < len(doc) and doc[i + 1].text in "-–"
            and not doc[i].whitespace_ and not doc[i + 1].whitespace_ and _capitalised(doc[i + 2]))


def _capitalised(token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def _well_formed(span: Span) -> bool:
    """Inner tokens of a multi-word name: capitalised words, articles ("al"), glued hyphens."""
    for token in span[1:-1]:
        glued = token.text in "-–" and not token.whitespace_ and not token.nbor(-1).whitespace_
        if not (_capitalised(token) or token.lower_ in ARTICLES or token.lower_ in NAME_CONNECTORS or glued):
            return False
    return all(not t.is_sent_start for t in span[1:]) and "\n" not in span.text


def _plausible(span: Span) -> bool:
    """A proper noun, a whole entity of any label, or a name before a type word ("Aleppo city",
    where the tagger calls "Aleppo" an adjective)."""
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if any(t.ent_type_ in NOT_PLACE_LABELS for t in span):
        return False  # "Thursday" is a day before it is Thursday Island
    return (any(t.pos_ == "PROPN" for t in span)
            or any((e.start, e.end) == (span.start, span.end) for e in ents_overlapping(span.doc, span.start, span.end))
            or after in SITE_WORDS or after in TYPE_SUFFIXES or after == "countryside")


def _fits_entity(span: Span, gazetteer: Gazetteer) -> bool:
    """True when `span` is not a fragment of a non-place entity."""
    for ent in ents_overlapping(span.doc, span.start, span.end):
        if ent.label_ in PLACE_LABELS:
            continue
        start = ent.start + 1 if ent[0].lower_ == "the" and len(ent) > 1 else ent.start
        if (start, ent.end) != (span.start, span.end) and not _one_conjunct(ent, start, span, gazetteer):
            return False
    return True


def _one_conjunct(ent: Span, start: int, span: Span, gazetteer: Gazetteer) -> bool:
    """`span` is one whole side of "X and Y" inside an entity whose every side is a gazetteer name:
    the small model tags "Cucuta and Tibu" as one ORG. "Seattle Fire and Police" is no list of places."""
    cuts = [t.i for t in ent if t.lower_ in ("and", "or")]
    if not cuts:
        return False
    bounds = [start, *cuts, ent.end]
    parts = [(a if a == start else a + 1, b) for a, b in zip(bounds, bounds[1:])]
    return (span.start, span.end) in parts and all(a < b and gazetteer.has_name(ent.doc[a:b].text) for a, b in parts)


def _as_country(gazetteer: Gazetteer, word: str) -> str | None:
    iso = gazetteer.demonym_country(word)
    if iso:
        return iso
    return _country_named(gazetteer, word)


def _country_named(gazetteer: Gazetteer, name: str) -> str | None:
    """The country a name says, the most populous when it names two (wire style's bare "Congo" is
    the DRC, "Republic of Congo" the other)."""
    states = [c for c in candidates(gazetteer, name) if c.feature == "country"]
    return max(states, key=lambda c: c.population).country if states else None


def _case_variants(surface: str) -> list[str]:
    variants = [surface]
    for article in ("Al", "El", "As", "Ad", "At", "Ar", "An", "Ash", "Az"):
        if surface.startswith(article + "-"):
            variants.append(article.lower() + surface[len(article):])
        elif surface.startswith(article.lower() + "-"):
            variants.append(article + surface[len(article):])
    return variants


# ---------------------------------------------------------------------------------------------------
# Resolution


def _resolve_all(doc: Doc, mentions: list[Mention], gazetteer: Gazetteer, context: dict[str, float], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[Place]:
    """Rank each mention alone, then SUPPORT_ROUNDS times with the support of the other mentions'
    readings (`support`), the last time with admin containment ("Gainesville, Fla."). A mention the
    gazetteer does not know is read as the place inside it (`embedded_name`) or placed at the
    article's home (`document_home`)."""
    known = {normalize(m.query) for m in mentions}
    by_key = {id(m): m for m in mentions}
    found, queries = {}, {}
    for m in mentions:
        if m.place is None:
            found[id(m)] = candidates(gazetteer, m.query)
            embedded = None if found[id(m)] or m.evidence == "gazetteer" else embedded_name(gazetteer, m.query, known)
            if embedded:  # "Dubai World Trade Centre" -> Dubai; a demonym inside resolves to its country
                demonym = gazetteer.demonym_place(embedded)
                found[id(m)] = [demonym] if demonym else candidates(gazetteer, embedded)
            queries[id(m)] = embedded or m.query
    first = {k: rank(c, context, m.hint, queries[k], w=w) for m in mentions if (k := id(m)) in found and (c := found[k])}
    order = list(first)
    keys = [normalize(queries[k]) for k in order]
    for _ in range(w.support_rounds - 1):
        lend = support([first[k] for k in order], keys, w=w)
        first = {k: rank(found[k], context, by_key[k].hint, queries[k], bonus=lend(n), w=w) for n, k in enumerate(order)}
    lend = support([first[k] for k in order], keys, w=w)
    slot = {k: n for n, k in enumerate(order)}
    ranked_at = _ranked_at(mentions, first)
    places, unknown = [], set()  # indexes of places with no reading
    for m in mentions:
        checkpoint()
        if m.place is not None:
            places.append(m.place)
            continue
        bonus = lend(slot[id(m)]) if id(m) in slot else None
        container, stated = _container(doc, m, ranked_at, first)
        inside = _contained(found[id(m)], container, w=w)
        ranked = rank(inside, context, m.hint, queries[id(m)], bonus=bonus, w=w)
        if m.evidence == "gazetteer" and _named_actor_span(doc[m.start:m.end]):
            ranked = _by_own_name(ranked, m.query, context)
        if not _accept(m, ranked, w=w):
            continue
        span = doc[m.start:m.end]
        if container is not None and (not ranked or (stated and inside is found[id(m)]
                                                      and _minor_reading(ranked, context, w=w))):
            # "Lido beach in Mogadishu": a name with no reading, or whose only readings are small towns
            # far away (Lido Beach, New York), is placed at the place it is said to be in
            place = _place(span.text, span.start_char, span.end_char, [(0.0, container)], w=w)
            place.score = w.container_score
            place.role = "location"
            places.append(place)
            continue
        place = _place(span.text, span.start_char, span.end_char, ranked, w=w)
        place.role = _role(span, ranked[0][1] if ranked else None)
        if not ranked:
            unknown.add(len(places))
        places.append(place)
    home = document_home([first[k][0][1] for k in order if first[k]], w=w) if unknown else None
    for i in sorted(unknown) if home else ():  # a street, church or stadium no gazetteer knows
        old = places[i]
        places[i] = _at_home(old.text, old.start, old.end, home, w=w)
        places[i].role = old.role
    return places


def _at_home(text: str, start: int, end: int, home: Candidate, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> Place:
    """A name resolved to the document's home (see `document_home`), with a low score."""
    place = _place(text, start, end, [(0.0, home)], w=w)
    place.score = w.home_score
    return place


def _ranked_at(mentions: list[Mention], first: dict) -> tuple[dict[int, Mention], dict[int, Mention]]:
    """The mentions with a first-pass reading by start and by end token, for `_container` (built once per
    document: built per mention, they made a list of 5,000 places quadratic)."""
    return ({m.start: m for m in mentions if id(m) in first}, {m.end: m for m in mentions if id(m) in first})


def _container(doc: Doc, m: Mention, ranked_at: tuple[dict, dict], first: dict) -> tuple[Candidate | None, bool]:
    """The place `m` is said to lie in (first-pass winner), and whether the text states it outright:
    - "<m>, Y" with Y an admin1 or a country ("Palmyra, Pennsylvania"), or a city in apposition or
      when `m` itself is unknown to the gazetteer. Stated only for an apposition ("Lido beach,
      Mogadishu"): a comma also makes lists ("Kidal, Gao and Timbuktu");
    - "<m> in Y" and "Y's <m>" ("Mogadishu's Lido beach"): stated. "Y's capital Z" after "in" means Z
      ("in Somalia's capital Mogadishu"). The parser often hangs "in Y" on the verb, so its attachment
      is not asked; `_minor_reading` keeps the damage of a wrong reading small.
    Not for a mention that is itself a country or region: "Lebanon, Iraq, Iran" is a list, not Iraq
    in Iran."""
    mine = first.get(id(m))
    if mine and mine[0][1].feature in ("country", "region"):
        return None, False
    starts, ends = ranked_at

    def best(other: Mention) -> Candidate:
        return first[id(other)][0][1]

    after = doc[m.end] if m.end < len(doc) else None
    other = starts.get(m.end + 1)
    if after is not None and other is not None and after.text == ",":
        c, root = best(other), doc[other.start:other.end].root
        apposition = root.dep_ == "appos" and m.start <= root.head.i < m.end
        if c.feature in ("admin1", "country") or (c.feature == "city" and (apposition or not mine)):
            return c, apposition
        return None, False
    if after is not None and other is not None and after.lower_ == "in":
        # "in Somalia's capital Mogadishu": the place after the possessive phrase is the container
        later = next((starts[j] for j in range(other.end + 1, min(other.end + 4, len(doc)))
                      if j in starts and doc[other.end].lower_ in ("'s", "’s")), None)
        c = best(later or other)
        return (c, True) if c.feature in ("city", "admin1", "admin2", "country", "region") else (None, False)
    before = ends.get(m.start - 1)
    if before is not None and doc[m.start - 1].lower_ in ("'s", "’s") and best(before).feature != "region":
        return best(before), True
    return None, False


def _contained(found: list[Candidate], container: Candidate | None, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> list[Candidate]:
    """Containment: with "Palmyra, Pennsylvania" keep only the candidates inside Pennsylvania. The
    list itself when none is inside (the caller then decides; see `_minor_reading`)."""
    inside = [c for c in found if container is not None and c.id != container.id and _inside(c, container, w=w)]
    return inside or found


def _minor_reading(ranked: list[tuple[float, Candidate]], context: Mapping[str, float], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> bool:
    """The best reading is a small, uncurated town in a country the article does not name: a stated
    container it is not in beats it ("Lido Beach", New York, for a beach in Mogadishu), while
    "refugees from Kidal in Niger" keeps Kidal in Mali when the article names Mali."""
    best = ranked[0][1]
    return (best.feature in ("city", "admin2") and not best.curated and not best.capital
            and best.population < w.seat_min_population and best.country not in context)


def _named_actor_span(span: Span) -> bool:
    """The NER took the whole span for a person or organisation ("Turner said", "Palmyra" as PERSON)."""
    return all(t.ent_type_ in ACTOR_LABELS for t in span)


def _by_own_name(ranked: list[tuple[float, Candidate]], written: str,
                 context: Mapping[str, float]) -> list[tuple[float, Candidate]]:
    """Readings whose own (primary) name is the one written, that are curated, or that lie in a country
    the article names: a person's name that is only an alternate name of a town ("Turner" for West
    Chicago) is no place without such a cue, while "Palmyra" (GeoNames: Tadmur) in a Syria story is."""
    key = fold(written)
    return [(s, c) for s, c in ranked if c.curated or fold(c.name) == key or c.country in context]


def _accept(m: Mention, ranked: list[tuple[float, Candidate]], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> bool:
    """NER and context mentions are places even unresolved; a bare gazetteer match must be strong."""
    if m.evidence != "gazetteer":
        return True
    if not ranked:
        return False
    best = ranked[0][1]
    return best.curated or best.feature not in ("city", "admin2") or best.population >= w.min_city_population


def _place(text: str, start: int, end: int, ranked: list[tuple[float, Candidate]], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> Place:
    if not ranked:
        return Place(text=text, start=start, end=end, score=0.0)
    top, best = ranked[0]
    share = 1.0 / sum(math.exp(w.softmax_scale * (s - top)) for s, _ in ranked)  # softmax share of the winner
    if best.match == "skeleton":
        share *= 0.8
    return Place(text=text, start=start, end=end, name=best.name, geonameid=best.geonameid, lat=best.lat,
                 lon=best.lon, country=best.country, admin1=best.admin1, feature=best.feature,
                 score=round(share, 3))


def _border_place(gazetteer: Gazetteer, text: str, start: int, end: int, first: str, second: str) -> Place:
    """A border region: the curated record when there is one, else the midpoint of the two countries.
    Its country is the first one written ("Iraq-Syria border" -> IRQ)."""
    curated = [c for c in candidates(gazetteer, text) if c.feature == "region"]
    if curated:
        c = curated[0]
        return Place(text=text, start=start, end=end, name=c.name, geonameid=c.geonameid, lat=c.lat, lon=c.lon,
                     country=first, admin1=None, feature="region", score=1.0)
    a, b = gazetteer.country(first), gazetteer.country(second)
    if a is None or b is None:
        return Place(text=text, start=start, end=end, country=first, feature="region", score=0.0)
    return Place(text=text, start=start, end=end, name=f"{a.name}-{b.name} border", lat=(a.lat + b.lat) / 2,
                 lon=(a.lon + b.lon) / 2, country=first, feature="region", score=0.5)


def _role(span: Span, best: Candidate | None) -> str:
    """'actor' for a country or capital that is the subject of a verb (metonymy), else 'location'."""
    if best is None or not (best.feature == "country" or best.capital):
        return "location"
    token = span.root
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX") and token.head.lemma_ not in LOCATIVE_VERBS:
        return "actor"
    return "location"


def _inside(c: Candidate, container: Candidate, *, w: PlaceWeights = DEFAULT_WEIGHTS) -> bool:
    if container.feature == "country":
        return c.country == container.country
    if container.feature in ("city", "site", "admin2", "region"):  # no bounds known: near its point
        return c.country == container.country and _km(c.lat, c.lon, container.lat, container.lon) <= w.container_km
    return container.feature == "admin1" and c.country == container.country and c.admin1 == container.admin1


def _proximity(c: Candidate, anchors: Sequence[tuple[float, float]], *, w: PlaceWeights = DEFAULT_WEIGHTS) -> float:
    if c.feature in ("country", "region") or not anchors:
        return 0.0
    nearest = min(_km(c.lat, c.lon, lat, lon) for lat, lon in anchors)
    return w.near_bonus if nearest <= w.near_km else w.far_bonus if nearest <= w.far_km else 0.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))
