"""Phase 5 of the events stage: within-article merge. One incident told twice (a restatement, the same
attack by an unnamed attacker right after a named group's) is one event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Span

from eventwire.events.arguments import same, unique
from eventwire.model import Event

# How many sentences after a named group's attack an unnamed attacker's attack retells it.
RESTATEMENT_WINDOW = 2


def restates(event: Event, earlier: list[Event]) -> bool:
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


# How many earlier events of the same key a definite noun is compared with (bounded work on long texts).
RETOLD_LOOKBACK = 20


def retold(event: Event, earlier: dict[tuple, list[Event]], definite: bool,
           headline: int | None = None) -> Event | None:
    """The earlier event that `event` reports a second time, if any: one with the same type, factuality
    and actor and recipient countries in the headline just before it (the lead retells the headline;
    `headline` is the headline's sentence number, if the text has one), or in an earlier sentence when
    this one is a definite noun ("the attack", "Sunday's raid"); never at two different places. Only
    events whose actors have a country: without one, two acts cannot be told to be the same.
    `earlier`: the article's events so far by `retelling_key`."""
    lead = headline is not None and event.sentence == headline + 1
    key = retelling_key(event)
    if not key[2] or not (definite or lead):
        return None
    return next((before for before in reversed(earlier.get(key, [])[-RETOLD_LOOKBACK:])
                 if (event.location is None or before.location is None
                     or event.location.name == before.location.name)
                 and (definite and before.sentence < event.sentence or lead and before.sentence == headline)),
                None)


def retelling_key(event: Event) -> tuple:
    """What two reports of one occurrence share: type, factuality and both sides' countries."""
    return (event.type, event.factuality, frozenset(a.country for a in event.actors if a.country),
            frozenset(r.country for r in event.recipients if r.country))


def is_headline(sentence: Span, number: int) -> bool:
    """The text's first sentence with no closing punctuation: a headline ("Militants kill 12 in Mali")."""
    text = sentence.text.rstrip()
    return number == 0 and bool(text) and text[-1] not in HEADLINE_ENDINGS


HEADLINE_ENDINGS = ".!?:;\"'\u201d\u2019)"


def definite_triggers(sentence: Span, determiners: Iterable[str]) -> frozenset[str]:
    """The nouns of `sentence` with a definite determiner or a day's possessive ("the attack", "Sunday's
    raid"): occurrences the reader already knows of. An event whose trigger is one of them is definite."""
    wanted = frozenset(determiners)
    return frozenset(t.text for t in sentence if t.pos_ in ("NOUN", "PROPN")
                     and any(c.dep_ in ("det", "poss") and c.lower_ in wanted for c in t.children))


def deduplicated(events: list[Event]) -> list[Event]:
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


def merged_incidents(events: list[Event]) -> list[Event]:
    """One ASSAULT per incident in a sentence: "stormed the camp after two days of shelling, killing
    dozens" is one attack, reported by three triggers. Events merge when their factuality agrees,
    their actors are compatible and they do not happen at different places ("captured A and B")."""
    out: list[Event] = []
    for event in events:
        host = next((i for i, kept in enumerate(out) if same_incident(kept, event)), None)
        if host is None:
            out.append(event)
        else:
            out[host] = merged(out[host], event)
    return out


def same_incident(a: Event, b: Event) -> bool:
    if a.type != "ASSAULT" or b.type != "ASSAULT" or a.factuality != b.factuality:
        return False
    if a.location and b.location and a.location.name != b.location.name:
        return False
    if not a.actors or not b.actors:
        return True
    return any(same(x, y) or x.start == y.start or (x.country and x.country == y.country)
               for x in a.actors for y in b.actors)


def merged(a: Event, b: Event) -> Event:
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
        magnitudes={**other.magnitudes, **best.magnitudes},
    )
