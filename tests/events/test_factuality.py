"""Factuality and attribution cues on the trigger's dependency path, on invented sentences."""

from __future__ import annotations

import pytest

from eventwire.events.factuality import factuality, historical, reporting_verb
from eventwire.model import EventDate


@pytest.fixture(scope="module")
def parsed(coder):
    def run(text: str, trigger: str):
        doc = coder.nlp(text)
        token = next(t for t in doc if t.text == trigger)
        return token, coder.lexicon

    return run


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        ("Rebels attacked the convoy on Sunday.", "attacked", "asserted"),
        ("The army will attack the town next week.", "attack", "planned"),
        ("The militia plans to send fighters to the border.", "send", "planned"),
        ("Under the deal, the troops are to withdraw within 60 days.", "withdraw", "planned"),
        ("The troops were withdrawn within 60 days.", "withdrawn", "asserted"),
        ("Hamas said it would free the hostages next week.", "free", "planned"),
        ("The rebels could attack the capital.", "attack", "hypothetical"),
        ("If talks fail, the army may attack the town.", "attack", "hypothetical"),
        ("Officials do not rule out striking the base.", "striking", "hypothetical"),
        ("The army did not attack the village.", "attack", "negated"),
        ("The militia denied sending fighters to Syria.", "sending", "negated"),
        ("The government refused to release the prisoners.", "release", "negated"),
    ],
)
def test_factuality_cues(parsed, text, trigger, expected):
    token, lexicon = parsed(text, trigger)
    assert factuality(token, lexicon) == expected


def test_factuality_reported_would_is_planned_only_under_a_reporting_verb(parsed):
    reported, lexicon = parsed("The minister said the army would deploy troops.", "deploy")
    bare, _ = parsed("The army would deploy troops if asked.", "deploy")
    assert factuality(reported, lexicon) == "planned"
    assert factuality(bare, lexicon) == "hypothetical"


@pytest.mark.parametrize(
    "start, published, expected",
    [
        ("2012-03-01", "2024-12-01", True),
        ("2024-11-30", "2024-12-01", False),
        ("2023-11-30", "2024-12-01", True),
    ],
)
def test_factuality_historical_by_date(parsed, start, published, expected):
    token, lexicon = parsed("Rebels attacked the town.", "attacked")
    assert historical(EventDate(start=start, end=start, text="then"), published, lexicon, token) is expected


def test_factuality_historical_by_cue_word(parsed):
    token, lexicon = parsed("The group had previously attacked the base.", "attacked")
    assert historical(None, "2024-12-01", lexicon, token)


@pytest.mark.parametrize(
    "text, trigger, verb",
    [
        ("Officials said rebels had attacked the town.", "attacked", "said"),
        ("The ministry confirmed that troops withdrew.", "withdrew", "confirmed"),
        ("Rebels attacked the town.", "attacked", None),
    ],
)
def test_factuality_reporting_verb(parsed, text, trigger, verb):
    token, lexicon = parsed(text, trigger)
    found = reporting_verb(token, lexicon)
    assert (found.text if found is not None else None) == verb
