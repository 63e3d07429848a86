"""`PlaceWeights`: the toponym ranker's weights and thresholds (see `resolve.rank` and `resolve.support`).

They are settings, tuned on the even documents of GeoWebNews, TR-News and LGL: the defaults below equal the
packaged `data/options.toml` [places] section (a test checks it), and a user options file may change any of
them without touching the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _feature_prior() -> dict[str, float]:
    return {"country": 6.5, "admin1": 3.2, "admin2": 1.2, "site": 3.0, "region": 4.5}


@dataclass(frozen=True, slots=True)
class PlaceWeights:
    # -- the prior of a reading (`_score`); cities use log10(population) / population_divisor --
    population_divisor: float = 2.0
    feature_prior: dict[str, float] = field(default_factory=_feature_prior)
    context_weight: float = 3.0  # times the share of the article's mentions of the reading's country
    mentioned_bonus: float = 0.5  # the reading's country is mentioned at all
    hint_bonus: float = 3.0  # a type word agrees with the feature ("Idlib province" -> admin1)
    name_bonus: float = 0.3  # the reading's primary name is the written one
    country_name_bonus: float = 5.0  # "Iraq" written is the country, not a city with "Iraq" among old names
    seat_penalty: float = 1.5  # an admin area whose own town of that name is also a candidate
    state_town_penalty: float = 3.0  # a town named like a state of its own country, below seat_min_population
    seat_min_population: int = 100_000  # a town reached by an alternate name is a seat only if this big
    capital_bonus: float = 1.0  # news means the capital more often than its namesakes ("Washington")
    skeleton_penalty: float = 1.0  # matched only as a transliteration variant
    suffix_penalty: float = 1.0  # "Delaware" written, "Delaware County" found
    # -- distance to the article's other places --
    near_km: float = 150.0
    near_bonus: float = 1.0
    far_km: float = 400.0
    far_bonus: float = 0.5
    container_km: float = 100.0  # a place "in" a city lies within this distance of its point
    # -- support from the article's other names (`support`, `locality`) --
    support_weight: float = 1.5  # per other name with a likely reading nearby / in the same admin1
    max_support: float = 3.0
    locality_weight: float = 2.0  # times the share of other names that resolve in the reading's country
    locality_min_names: int = 1  # the locality prior needs at least this many other distinct names
    state_name_bonus: float = 7.0  # a state named like a country ("Georgia") amid names mostly in its country
    state_name_share: float = 0.5  # ... given this share of the votes
    state_name_min_names: int = 2  # ... of at least so many other names
    state_list_min: int = 3  # other names that are admin1 areas of one country make a list of states
    support_rounds: int = 3  # re-rank with the previous round's readings this many times
    relative_support: float = 0.5  # weight of a reading's share relative to its name's best one
    support_top: int = 8  # readings of each other name that can lend support
    co_state_share: float = 0.5  # a town in the same admin1 supports half as much as the admin1 itself
    admin_support: float = 0.5  # admin areas take this share of the support a town takes
    namesake_ratio: float = 20.0  # a town this many times smaller than a same-name big city is its namesake
    namesake_penalty: float = 3.5  # ... and loses this much unless a named place lies near it or in its state
    namesake_min_support: float = 0.2  # ... giving at least this much support
    # -- the document's home, scores and acceptance --
    home_country_weight: float = 0.5  # a mention of its country counts this much towards a document home
    home_score: float = 0.2  # Place.score of a name placed at the document's home
    container_score: float = 0.5  # Place.score of a name placed at the place it is said to be in
    softmax_scale: float = 2.0  # turns score margins into Place.score (2 points ahead of one rival -> 0.98)
    minor_population: int = 100_000  # an unsupported town below this in an unnamed country is a weak reading
    min_city_population: int = 15_000  # a gazetteer-only match (no NER, no context) must be this big


DEFAULT_WEIGHTS = PlaceWeights()
