"""Assertion helpers shared by the event tests."""

from __future__ import annotations


def only(events, type_):
    """The first event of `type_` (failing with the types found when there is none)."""
    found = [e for e in events if e.type == type_]
    assert found, f"no {type_} in {[(e.type, e.trigger) for e in events]}"
    return found[0]


def countries(entities):
    return {e.country for e in entities}
