"""Places stage: the offline gazetteer (`gazetteer`: GeoNames cities500 plus curated additions) and the
toponym resolver (`resolve`).

Reads: the Doc and the actors stage's entities (a known actor is not a place). Writes: `Place` records with
coordinates, country, feature and role (location, or actor for metonymy)."""

from eventwire.places.gazetteer import Candidate, Gazetteer, load_gazetteer
from eventwire.places.resolve import extract_places, resolve_toponym, ruler_patterns

__all__ = ["Candidate", "Gazetteer", "extract_places", "load_gazetteer", "resolve_toponym", "ruler_patterns"]
