"""Actor-vs-place arbitration: one span, one reading.

The actors stage runs before the places stage (a known actor's name is never a place: "Hezbollah", "the
Kurdistan Workers' Party"). What the actors stage could only guess from spaCy's NER, with no KB entry,
yields to the places stage when that stage resolved the same words as places ("Tessalit"; "Cucuta and
Tibu": places joined by connectors)."""

from __future__ import annotations

from eventwire.model import Entity, Place
from eventwire.spans import SpanIndex

CONNECTORS = frozenset({"and", "or", "&"})


def without_shadowed(actors: list[Entity], places: list[Place]) -> list[Entity]:
    """The actors, less the NER-only mentions that are wholly resolved places."""
    spans = SpanIndex([(p.start, p.end) for p in places if p.name], lambda span: span)
    return [a for a in actors if not (_ner_only(a) and _only_places(a, spans))]


def _ner_only(actor: Entity) -> bool:
    """No KB entry, and no country or no sector: at most the country its own (place) words gave it."""
    return actor.kb_id is None and (actor.country is None or actor.sector is None)


def _only_places(actor: Entity, spans: SpanIndex[tuple[int, int]]) -> bool:
    if actor.start is None or actor.end is None:
        return False
    inside = [(max(s, actor.start), min(e, actor.end)) for s, e in spans.overlapping(actor.start, actor.end)]
    if not inside:
        return False
    rest = list(actor.text)
    for s, e in inside:
        rest[s - actor.start : e - actor.start] = " " * (e - s)
    return all(word.lower() in CONNECTORS for word in "".join(rest).replace(",", " ").split())
