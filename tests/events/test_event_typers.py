"""The typer seam of the events stage: a typer other than the lexicon rules can propose an event the
lexicon has no trigger for, and retype or drop the rules' candidates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from eventwire.events.candidates import Candidate, RuleTyper
from eventwire.events.lexicon import Trigger
from eventwire.pipeline import Coder
from eventwire.read import Metadata, article_from_text

pytestmark = pytest.mark.slow

TEXT = "Rebels strafed a convoy near Kidal on Sunday. The army attacked their camp on Monday."


class StrafeTyper:
    """A stand-in for a learned typer: proposes ASSAULT for 'strafe' (no lexicon entry)."""

    name = "strafe"

    def propose(self, sentence, coding, proposed):
        extra = [Candidate(t, Trigger(type="ASSAULT", pos=frozenset({"VERB"}), mode="aerial"), self.name, 0.7)
                 for t in sentence if t.lemma_ == "strafe"]
        return proposed + extra


class RetypeTyper:
    """Turns the rules' ASSAULT candidates into COERCE, to show a later typer has the last word."""

    name = "retype"

    def propose(self, sentence, coding, proposed):
        return [replace(c, trigger=replace(c.trigger, type="COERCE"), typer=self.name) for c in proposed]


def code(coder: Coder):
    return coder.code(article_from_text(TEXT, "t", Metadata(published="2025-03-11"), headers=False))


@pytest.fixture(scope="module")
def resources(coder):
    return coder.resources


def test_rules_alone_miss_the_unlexiconed_verb(coder) -> None:
    assert [e.trigger for e in code(coder).events] == ["attacked"]


def test_a_second_typer_proposes_an_event_the_lexicon_lacks(resources) -> None:
    coder = Coder(resources=resources, typers=(RuleTyper(), StrafeTyper()))
    events = code(coder).events
    assert [(e.trigger, e.type) for e in events] == [("strafed", "ASSAULT"), ("attacked", "ASSAULT")]
    assert events[0].mode == "aerial"
    assert events[0].location is not None and events[0].location.name == "Kidal"  # arguments and links still run


def test_a_later_typer_retypes_the_rules_candidates(resources) -> None:
    coder = Coder(resources=resources, typers=(RuleTyper(), RetypeTyper()))
    assert [e.type for e in code(coder).events] == ["COERCE"]
