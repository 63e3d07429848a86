"""Factuality and attribution of an event trigger: did it happen, per whom?

Reads the dependency path from the trigger up to its clause root: auxiliaries ("will", "could"),
negation, governing cue words ("plans to", "denied", "do not rule out", "if ..."), stopping at a
reporting verb ("he said that ..."), whose subject becomes the event's `claimed_by`.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from eventwire.events.lexicon import Lexicon
from eventwire.model import EventDate

_CLAUSE_STOP = {"ROOT"}
_DEFINITE_DETS = {"the", "this", "that", "these", "those"}


def factuality(trigger: Token, lexicon: Lexicon) -> str:
    """asserted | planned | hypothetical | negated, from the trigger and its governors."""
    found = _own_marks(trigger, lexicon)
    if found in ("negated", "hypothetical"):
        return found
    for governor in _governors(trigger, lexicon):
        mark = _governor_mark(governor, lexicon)
        if mark == "negated" and found == "planned":
            return "hypothetical"  # "did not plan to ..." is not a fact either way
        if mark in ("negated", "hypothetical"):
            return mark
        if mark == "planned" and found is None:
            found = "planned"
    return found or "asserted"


def historical(date: EventDate | None, published: str | None, lexicon: Lexicon, trigger: Token,
               material: bool = False) -> bool:
    """An event dated well before publication, or cued as past ("previously fought"); a material act
    (`material`) also when it is told as a campaign summary (see `_background`)."""
    if any(t.lower_ in lexicon.cue("historical_cues") for t in trigger.children):
        return True
    if material and _background(trigger, lexicon):
        return True
    if date is None or not published:
        return False
    limit = dt.date.fromisoformat(published) - dt.timedelta(days=int(lexicon.cues.get("historical_days", 365)))
    return dt.date.fromisoformat(date.start) < limit


def _background(trigger: Token, lexicon: Lexicon) -> bool:
    """A campaign summary rather than an occurrence (docs/annotation.md §9.1): a habitual material act
    ("clashes regularly with the army", "mount increasingly deadly attacks") or one spanning years ("has
    killed thousands over six years", "have been staging attacks for more than 15 years"). Statements
    ("has repeatedly warned") and acts told in the past perfect of reported speech are left alone."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head if trigger.head.pos_ == "VERB" else trigger
    if any(c.lower_ == "had" for c in verb.children if c.dep_ == "aux"):
        return False
    habitual = any(c.lower_ in lexicon.cue("habitual_cues") for t in (trigger, verb) for c in t.children
                   if c.dep_ == "advmod")
    if habitual and verb.lemma_.lower() not in lexicon.cue("reporting_verbs") and \
            verb.lemma_.lower() not in lexicon.cue("threat_governors"):
        return True
    units = lexicon.cue("span_units")
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "over") and any(t.lower_ in units for t in prep.subtree):
            return True
    return False


def reporting_verb(trigger: Token, lexicon: Lexicon) -> Token | None:
    """The reporting verb that governs the trigger ("X said that rebels attacked" -> said)."""
    reporting = lexicon.cue("reporting_verbs")
    for governor in _ancestors(trigger):
        if governor.lemma_.lower() in reporting and governor.pos_ == "VERB":
            return governor
    return None


def _own_marks(token: Token, lexicon: Lexicon) -> str | None:
    mark = None
    for child in token.children:
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and word in ("no", "neither")):
            return "negated"
        if child.dep_ in ("aux", "auxpass"):
            if word in lexicon.cue("reported_future_auxiliaries") and _reported(token, lexicon):
                mark = mark or "planned"  # "Hamas said it would free ...": future in the past
            elif word in lexicon.cue("hypothetical_auxiliaries"):
                mark = "hypothetical"
            elif word in lexicon.cue("planned_auxiliaries") and mark is None:
                mark = "planned"
        if child.dep_ == "advmod" and word in lexicon.cue("hypothetical_governors"):
            mark = "hypothetical"
        if child.dep_ == "mark" and word in lexicon.cue("conditional_marks"):
            mark = "hypothetical"
        if child.dep_ == "prep" and word == "without":
            return "negated"
    if mark is None and token.dep_ == "xcomp" and token.head.lemma_ == "be" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    ):
        mark = "planned"  # "troops are to withdraw": an arrangement for the future
    if mark is None and token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in lexicon.cue("conditional_marks") for c in token.children
    ):
        mark = "hypothetical"
    return mark


def _reported(token: Token, lexicon: Lexicon) -> bool:
    """The clause is the complement of a reporting verb ("said it would ...")."""
    head = token.head
    return token.dep_ == "ccomp" and head.pos_ == "VERB" and head.lemma_.lower() in lexicon.cue("reporting_verbs")


def _governor_mark(governor: Token, lexicon: Lexicon) -> str | None:
    lemma = governor.lemma_.lower()
    negated = any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in governor.children)
    if lemma in lexicon.cue("rule_out_governors") and any(c.lower_ == "out" for c in governor.children):
        return "hypothetical" if negated else "negated"
    if lemma in lexicon.cue("negating_governors"):
        return "hypothetical" if negated else "negated"
    if lemma in lexicon.cue("hypothetical_governors"):
        return "hypothetical"
    own = _own_marks(governor, lexicon)
    if own == "negated" and governor.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
        return "negated"
    if own == "hypothetical":
        return "hypothetical"
    if lemma in lexicon.cue("planned_governors") or own == "planned":
        return "planned"
    if any(c.dep_ == "dobj" and c.lemma_.lower() in lexicon.cue("planned_governors") for c in governor.children):
        return "planned"  # "expressed readiness to provide", "announced plans to send"
    return None


def _governors(token: Token, lexicon: Lexicon):
    """Governing words up to the clause that reports the event. A reporting verb ends the climb, and
    so does a background preposition or conjunction: "ready to help, following the capture of X"
    does not make the capture a plan."""
    reporting = lexicon.cue("reporting_verbs")
    barriers = lexicon.cue("scope_barriers")
    previous = token
    for governor in _ancestors(token):
        if governor.lemma_.lower() in reporting and governor.pos_ == "VERB":
            return
        if previous.lower_ in barriers or any(
            c.dep_ == "mark" and c.lower_ in barriers for c in previous.children
        ):
            return
        if previous.dep_ == "pobj" and governor.lower_ in barriers:
            return
        if previous.dep_ in ("pobj", "pcomp") and governor.dep_ == "prep" and _definite(previous) and (
            governor.head.pos_ == "NOUN" or governor.lower_ in lexicon.cue("topic_prepositions")
        ):
            return  # "demanded a probe into the police firing": the firing is the probe's topic, a fact
        yield governor
        previous = governor


def _definite(noun: Token) -> bool:
    """A noun already known to the reader: "the"/"this" or a possessor ("the killing", "its raid")."""
    first = noun.left_edge  # "the police shooting": the parser may hang "the" on the modifier
    return (first.dep_ == "det" and first.lower_ in _DEFINITE_DETS) or any(c.dep_ == "poss" for c in noun.children)


def _ancestors(token: Token, limit: int = 6):
    current = token
    for _ in range(limit):
        if current.dep_ in _CLAUSE_STOP or current.head is current:
            return
        current = current.head
        yield current
