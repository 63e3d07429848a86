"""Conventions of hand-coded real reporting (docs/annotation.md §9), on invented wire-style sentences:
who is blamed for a nominal attack, whom an untargeted protest is aimed at, crowd control with tear gas,
and the country of a titled person the knowledge base does not know."""

from __future__ import annotations

import pytest
from support import countries, only

pytestmark = pytest.mark.slow

PUBLISHED = "2025-03-11"


def test_attack_blamed_on_a_group_has_that_group_as_actor(code) -> None:
    event = only(code("At least 10 soldiers were killed in an attack on their camp in northern Mali blamed on "
                      "jihadists.").events, "ASSAULT")
    assert countries(event.actors) == {"MLI"} and event.actors[0].sector == "REB"
    assert countries(event.recipients) == {"MLI"}


def test_protest_with_no_named_target_is_aimed_at_the_government_where_it_happens(code) -> None:
    event = only(code("Thousands of people protested in Harare against alleged electoral fraud on Monday.").events,
                 "PROTEST")
    assert [(r.country, r.sector, r.text) for r in event.recipients] == [("ZWE", "GOV", "")]


def test_protest_with_a_named_target_keeps_it(code) -> None:
    event = only(code("Farmers protested outside the Indian embassy in Kathmandu against India on Monday.").events,
                 "PROTEST")
    assert "IND" in countries(event.recipients)


def test_dispersing_a_crowd_with_tear_gas_is_one_crowd_control_assault(code) -> None:
    events = code("Police in Nairobi fired tear gas to disperse the crowds on Tuesday.").events
    assert [(e.type, countries(e.actors), countries(e.recipients)) for e in events] == [
        ("ASSAULT", {"KEN"}, {"KEN"})]
    assert not [e for e in code("Police dispersed the crowd in Nairobi on Tuesday.").events if e.type == "ASSAULT"]


def test_titled_person_outside_the_knowledge_base_takes_the_country_of_the_event(code) -> None:
    event = only(code("Soldiers detained President Mohamed Bazoum in Niamey on Wednesday.").events, "COERCE")
    assert [(r.name, r.country) for r in event.recipients] == [("Mohamed Bazoum", "NER")]


def test_supporters_are_civilians(code) -> None:
    event = only(code("The opposition leader called on his supporters to rally in Caracas on Wednesday.").events,
                 "REQUEST")
    assert [r.sector for r in event.recipients] == ["CVL"]


def test_headline_and_lead_telling_one_attack_are_one_event(code) -> None:
    events = code("Islamist militants kill 12 soldiers in northern Mali\n\n"
                  "Islamist militants killed 12 Malian soldiers in an attack on an army post near Gao on Sunday, "
                  "the army said.").events
    assert [(e.type, countries(e.actors), countries(e.recipients), e.sentence) for e in events] == [
        ("ASSAULT", {"MLI"}, {"MLI"}, 1)]  # the lead's report, with its date and place, is the one kept


def test_a_definite_noun_later_in_the_story_retells_the_protest(code) -> None:
    events = code("Thousands of students protested in Nairobi on Monday against a new tax.\n\n"
                  "Shops were closed across the city. Traders said sales had fallen. The finance minister is "
                  "abroad.\n\nThe protest ended peacefully in the evening, police said.").events
    assert [e.trigger for e in events if e.type == "PROTEST"] == ["protested"]


def test_a_second_attack_further_on_is_its_own_event(code) -> None:
    events = code("Islamist militants killed 12 Malian soldiers near Gao on Sunday, the army said.\n\n"
                  "The region has seen fighting for a decade. Residents fled to the nearby towns. Aid groups "
                  "said food was short.\n\nMilitants also killed four Malian soldiers near Timbuktu last "
                  "week.").events
    assert len([e for e in events if e.type == "ASSAULT"]) == 2


def test_a_condemnation_at_a_place_with_no_named_party_is_aimed_at_that_country(code) -> None:
    event = only(code("Officials in Kisumu condemned the violence on Tuesday.").events, "ACCUSE")
    assert countries(event.actors) == {"KEN"} and countries(event.recipients) == {"KEN"}
    assert all(r.text == "" for r in event.recipients)  # inferred, marked as such


def test_a_demand_by_unnamed_authorities_is_made_of_their_own_country(code) -> None:
    event = only(code("Authorities in Nairobi called for an investigation on Tuesday.").events, "REQUEST")
    assert countries(event.recipients) == {"KEN"}


def test_a_refusal_at_a_place_takes_no_inferred_target(code) -> None:
    events = code("Protesters in Kisumu refused to leave the square on Tuesday.").events
    assert all(not e.recipients or e.type != "REJECT" for e in events)
