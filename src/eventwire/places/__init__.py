"""Places stage: the offline gazetteer (`gazetteer`: GeoNames cities500 plus curated additions) and the
toponym resolver (`resolve`).

Reads: the Doc and the actors stage's entities (a known actor is not a place). Writes: `Place` records with
coordinates, country, feature and role (location, or actor for metonymy)."""

from importlib import import_module

__all__ = ["Candidate", "Gazetteer", "extract_places", "load_gazetteer", "resolve_toponym", "ruler_patterns"]
_HOME = {"Candidate": "gazetteer", "Gazetteer": "gazetteer", "load_gazetteer": "gazetteer",
         "extract_places": "resolve", "resolve_toponym": "resolve", "ruler_patterns": "resolve"}


def __getattr__(name: str):
    # Imported on first use: `eventwire.options` reads `places.weights`, and opening a store (eventwire
    # events, export, the API) must not load spaCy, which `resolve` needs (1.6 s of a command's start).
    if name in _HOME:
        return getattr(import_module(f"eventwire.places.{_HOME[name]}"), name)
    raise AttributeError(f"module 'eventwire.places' has no attribute {name!r}")
