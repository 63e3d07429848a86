"""Actors stage: the knowledge base (`kb`), actor mentions in a parsed document (`mentions`), and the
PETRARCH/Phoenix dictionary importer (`petrarch`).

Reads: the spaCy Doc (entities from the ruler and NER). Writes: `Entity` records with KB ids, country and
PLOVER sector."""

from eventwire.actors.kb import Actor, ActorKB, load_kb, ruler_patterns
from eventwire.actors.mentions import extract_actors, resolve_name

__all__ = ["Actor", "ActorKB", "extract_actors", "load_kb", "resolve_name", "ruler_patterns"]
