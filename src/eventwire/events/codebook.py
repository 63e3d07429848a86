"""Phase 4 of the events stage: codebook readings. The PLOVER manual's rules that turn one reading of
an act into another (a promise of help is AGREE, a vow of violence THREATEN, a refusal REJECT), and the
acts that are part of another act (a protest's demand, a participle that spells out its clause).
The rules are a table (data/codebook_rewrites.json); each row names its condition, registered in
`CONDITIONS`.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from eventwire.events.arguments import (
    Coding,
    actors_at_tokens,
    argument_tokens,
    governing_verb,
    implied_target_state,
    refused,
    same,
    verb_actors,
)
from eventwire.events.factuality import reporting_verb
from eventwire.errors import DataFileError
from eventwire.model import QUAD_CLASS, Entity

# Events aimed at whoever their complement act is aimed at, and the complement types that say so.
COMPLEMENT_TARGETS = {"PROTEST": frozenset({"REQUEST"}),
                      "THREATEN": frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})}


COMPLEMENT_DEPS = ("advcl", "xcomp", "ccomp", "conj")


# Conditions a rewrite row may name (`when`), registered by name so the table stays data.
Condition = Callable[[Token, list[Entity], Coding], bool]
CONDITIONS: dict[str, Condition] = {
    "always": lambda token, actors, coding: True,
    "vowed": lambda token, actors, coding: vowed(token, actors, coding),
    "will_not": lambda token, actors, coding: will_not(token, coding),
    "refused": lambda token, actors, coding: refused(token, coding),
}


def codebook_reading(token: Token, event_type: str, mode: str | None, status: str, actors: list[Entity],
                     coding: Coding) -> tuple[str, str | None, str]:
    """(type, mode, factuality) after the first row of the rewrite table that applies, if any."""
    for row in coding.lexicon.rewrites:
        if row.factuality is not None and row.factuality != status:
            continue
        if event_type not in coding.lexicon.cue(row.types_cue):
            continue
        condition = CONDITIONS.get(row.when)
        if condition is None:
            raise DataFileError(row.source, f"rewrite {row.rule!r}: unknown condition {row.when!r} "
                                            f"(known: {', '.join(CONDITIONS)})")
        if condition(token, actors, coding):
            return row.type, mode if row.keep_mode else None, row.to_factuality
    return event_type, mode, status


def complement_recipients(token: Token, kinds: frozenset[str], coding: Coding) -> list[Entity]:
    """Whom a protest or a threat is aimed at, from the act that goes with it: "rallied, demanding
    that the minister resign", "threatened to strike targets in Iraq" (a place gives its country)."""
    for child in token.children:
        if child.dep_ in COMPLEMENT_DEPS and coding.trigger_types.get(child.i) in kinds:
            tokens, _ = argument_tokens(coding.trigger_at[child.i], child)
            found = actors_at_tokens(tokens, coding.index)
            span = child.doc[child.left_edge.i : child.right_edge.i + 1]
            located = [p for p in coding.index.places_in(span) if p.role == "location"]
            if found or located:
                return found or implied_target_state(located)
    return []


def complement_of(token: Token, coding: Coding) -> bool:
    """Whether the trigger is the demand of a protest or the threatened act of a threat."""
    host = coding.trigger_types.get(token.head.i)
    return token.dep_ in COMPLEMENT_DEPS and host in COMPLEMENT_TARGETS and \
        coding.trigger_types.get(token.i) in COMPLEMENT_TARGETS[host]


def elaborates(token: Token, event_type: str, coding: Coding) -> bool:
    """A participle that spells out the act of its clause ("adopted sanctions, banning imports",
    "released the hostages, handing them to the Red Cross") is the same event, not another one:
    so when the clause's own trigger is of the same quad class."""
    if token.tag_ != "VBG" or token.dep_ not in ("advcl", "xcomp") or event_type == "ASSAULT":
        return False  # ASSAULT participles merge as one incident (see merged_incidents)
    head = token.head
    hosts = [i for i in coding.trigger_tokens if i == head.i or governing_verb(head.doc[i]).i == head.i]
    return any(QUAD_CLASS.get(coding.trigger_types.get(i)) == QUAD_CLASS.get(event_type)
               for i in hosts if i != token.i)


def will_not(token: Token, coding: Coding) -> bool:
    """A future act announced as not going to happen: "will not withdraw", "would not end the strike"."""
    future = coding.lexicon.cue("planned_auxiliaries") | coding.lexicon.cue("reported_future_auxiliaries")
    children = list(token.children)
    return any(c.dep_ == "neg" for c in children) and any(c.dep_ == "aux" and c.lower_ in future for c in children)


def vow_above(token: Token, coding: Coding) -> Token | None:
    """The vow verb whose complement holds the trigger: "vowed to [continue its offensive]"."""
    current = token
    for _ in range(3):
        if current.dep_ not in ("xcomp", "ccomp", "dobj") or current.head is current:
            return None
        current = current.head
        if current.lemma_.lower() in coding.lexicon.cue("threat_governors"):
            return current
    return None


def vows_a_threat(token: Token, coding: Coding) -> bool:
    """A vow verb whose complement is an act of conflict: the complement is coded (as THREATEN)."""
    threats = coding.lexicon.cue("threat_types")
    return token.lemma_.lower() in coding.lexicon.cue("threat_governors") and any(
        coding.trigger_types.get(t.i) in threats and getattr(vow_above(t, coding), "i", None) == token.i
        for t in token.subtree)


def vowed(token: Token, actors: list[Entity], coding: Coding) -> bool:
    """Whether a planned act is its doer's own promise: under a vow verb ("vowed to continue its
    offensive"), or reported by the doer itself ("the army said it would hunt down the attackers")."""
    if vow_above(token, coding) is not None:
        return True
    reporter = reporting_verb(token, coding.lexicon)
    if reporter is None or not actors:
        return False
    speakers = verb_actors(reporter, coding)
    return any(same(a, s) or (a.country and a.country == s.country and a.sector == s.sector)
               for a in actors for s in speakers)
