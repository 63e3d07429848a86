"""Phase 1 of the events stage: candidates. Typers propose the events of a sentence: the rule typer
reads the trigger lexicon; other typers (a learned one) may add, retype or drop candidates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Span, Token

from eventwire.events.arguments import Coding, direct_objects, governing_verb
from eventwire.events.lexicon import Trigger
from eventwire.parse import sentence_bounds


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed event: the token that reports it, the lexicon-style entry that types it (category, mode
    and argument slots), which typer proposed it and how sure it was."""

    token: Token
    trigger: Trigger
    typer: str
    score: float = 1.0
    rule_type: str | None = None  # the rules' type of a candidate another typer retyped
    model_score: float | None = None  # the learned typer's probability for a rule candidate it kept
    factuality: tuple[str, float] | None = None  # a typer's factuality and its score, when it is sure


class EventTyper(Protocol):
    """Proposes and types the events of one sentence. The rule typer reads the trigger lexicon; a learned
    typer may propose events the lexicon has no trigger for, or retype and drop the rules' candidates
    (it sees them in `proposed`). Typers run in order; the last one's list is what gets coded."""

    name: str

    def propose(self, sentence: Span, coding: Coding, proposed: list[Candidate]) -> list[Candidate]: ...


class RuleTyper:
    """Today's rules: a token whose lemma has an entry in the PLOVER trigger lexicon whose conditions hold."""

    name = "rules"

    def propose(self, sentence: Span, coding: Coding, proposed: list[Candidate]) -> list[Candidate]:
        words = {t.lower_ for t in sentence} | {t.lemma_.lower() for t in sentence}
        found = list(proposed)
        for token in sentence:
            pos = "NOUN" if token.pos_ in ("NOUN", "PROPN") else token.pos_
            entries = coding.lexicon.lookup(token.lemma_, pos) or coding.lexicon.lookup(token.lower_, pos)
            if entries and token.lemma_.lower() in coding.lexicon.cue("name_calling_verbs"):
                entries = name_calling_senses(entries, token)
            trigger = next((t for t in entries if applies(t, token, words)), None)
            if trigger is not None:
                found.append(Candidate(token, trigger, self.name))
        return found


DEFAULT_TYPERS: tuple[EventTyper, ...] = (RuleTyper(),)


def applies(trigger: Trigger, token: Token, words: set[str]) -> bool:
    if trigger.requires_words and not other_words_have(token, trigger.requires_words):
        return False  # the cue must be another word: "called on X to" is no phone call
    if trigger.not_with_words & words:
        return False
    if trigger.requires_object and not any(c.dep_ == "dobj" for c in token.children):
        return False
    if trigger.objects or trigger.not_objects:
        objects = {o.lemma_.lower() for o in direct_objects(token)} | {o.lower_ for o in direct_objects(token)}
        if trigger.objects and not objects & trigger.objects or objects & trigger.not_objects:
            return False
    if trigger.requires_prep and not any(
        c.dep_ == "prep" and c.lower_ in trigger.requires_prep for c in token.children
    ):
        return False
    particle = trigger.particles.get(token.lemma_.lower())
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
        return False
    if trigger.governors and governing_verb(token).lemma_.lower() not in trigger.governors:
        return False
    if token.pos_ == "VERB" and token.dep_ == "amod":
        return False  # "the attacked convoy" describes, it does not report an act
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("compound", "amod"):
        return False  # "a drone attack": the modifier gives the mode of the head's event
    return True


def name_calling_senses(entries: list[Trigger], token: Token) -> list[Trigger]:
    """"called the envoy a fool", "branded the sanctions illegal": with an object predicate the verb
    judges its object (ACCUSE); without one, its other senses ("called the president": a phone call)."""
    deps = {c.dep_ for c in token.children}
    judged = "oprd" in deps and "dobj" in deps  # a lone oprd is the parser's object ("called President X")
    return [t for t in entries if (t.type == "ACCUSE") == judged]


def other_words_have(token: Token, wanted: frozenset[str] | set[str]) -> bool:
    """Whether a word or lemma of `token`'s sentence other than the token itself is in `wanted`. The
    sentence's forms are counted once per sentence (a set per token was quadratic in a long sentence)."""
    counts = _sentence_forms(token)
    own = Counter((token.lower_, token.lemma_.lower()))
    return any(counts.get(word, 0) > own.get(word, 0) for word in wanted)


_FORMS_KEY = ("eventwire", "sentence_forms")


def _sentence_forms(token: Token) -> Counter:
    doc = token.doc
    start, end = sentence_bounds(doc)[token.i]
    cache = doc.user_data.setdefault(_FORMS_KEY, {})
    if start not in cache:
        cache[start] = Counter(form for t in doc[start:end] for form in (t.lower_, t.lemma_.lower()))
    return cache[start]
