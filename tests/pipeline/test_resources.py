"""One `Resources` object reaches every stage: a Coder built with a custom gazetteer and a custom lexicon
uses both in the actors, places and events stages (and the default Coder knows neither)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.pipeline import Coder
from eventwire.read import Metadata, article_from_text
from eventwire.resources import Resources

pytestmark = pytest.mark.slow

# An invented town and an invented use of a verb the packaged lexicon does not know.
TEXT = ("Police in Zarqaville said the rebels strafed a convoy of the Chadian army near Zarqaville on Sunday.\n\n"
        "Officials gave no toll.")
TOWN = {"name": "Zarqaville", "lat": 12.25, "lon": 17.75, "country": "TCD", "admin1": "Batha", "feature": "city",
        "population": 250000, "source": "test fixture: an invented town"}
TRIGGER = {"lemmas": ["strafe"], "pos": ["VERB"], "type": "ASSAULT", "mode": "aerial", "cameo": "195",
           "recipient": "dobj"}


@pytest.fixture(scope="module")
def custom_coder(tmp_path_factory) -> Coder:
    folder = tmp_path_factory.mktemp("resources")
    places, lexicon = folder / "places.jsonl", folder / "plover_lexicon.jsonl"
    places.write_text(json.dumps(TOWN) + "\n", encoding="utf-8")
    lexicon.write_text(json.dumps(TRIGGER) + "\n", encoding="utf-8")
    return Coder(resources=Resources.load(gazetteer_files=[places], lexicon_files=[lexicon]))


def code(coder: Coder):
    return coder.code(article_from_text(TEXT, "zarq", Metadata(published="2025-03-10"), headers=False))


def test_custom_gazetteer_reaches_the_places_stage(custom_coder) -> None:
    places = {p.text: p for p in code(custom_coder).places}
    assert places["Zarqaville"].country == "TCD" and places["Zarqaville"].lat == pytest.approx(12.25)


def test_custom_gazetteer_reaches_the_actors_stage(custom_coder) -> None:
    police = [a for a in code(custom_coder).actors if a.text == "Police"]
    assert police and police[0].country == "TCD"  # the town in "Police in Zarqaville" gives the country


def test_custom_lexicon_and_gazetteer_reach_the_events_stage(custom_coder) -> None:
    events = code(custom_coder).events
    assert [(e.type, e.mode, e.trigger) for e in events] == [("ASSAULT", "aerial", "strafed")]
    assert events[0].location is not None and events[0].location.name == "Zarqaville"
    assert [r.country for r in events[0].recipients] == ["TCD"]


def test_default_coder_knows_neither(coder) -> None:
    coded = code(coder)
    assert not [e for e in coded.events if e.trigger == "strafed"]
    assert all(p.lat != pytest.approx(12.25) for p in coded.places)
