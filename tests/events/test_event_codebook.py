"""Codebook readings: name-calling is an accusation, a purpose clause is no attack on the partner, the
topic of a demanded probe keeps its factuality, titled names and spokespeople get their sector.
Invented sentences."""

from __future__ import annotations

import pytest

from support import countries, only

PUBLISHED = "2025-03-10"


def types(events):
    return [e.type for e in events]


def test_called_someone_something_is_an_accusation(code):
    events = code("The Chilean minister called the Bolivian ambassador a liar on Friday.").events
    event = only(events, "ACCUSE")
    assert "CHL" in countries(event.actors) and "BOL" in countries(event.recipients)
    assert "CONSULT" not in types(events)


def test_calling_someone_is_still_a_phone_call(code):
    event = only(code("The Chilean president called the Bolivian president on Friday.").events, "CONSULT")
    assert "BOL" in countries(event.recipients)


def test_purpose_clause_does_not_target_the_partner(code):
    events = code("Portugal will join forces with Spain to fight smuggling along the coast.").events
    assert not [e for e in events if e.type == "ASSAULT"], [(e.type, e.trigger) for e in events]


def test_a_purpose_clause_with_a_named_target_is_kept(code):
    events = code("Portugal sent warships to the coast to attack the pirates of Somalia.").events
    assert "ASSAULT" in types(events)


@pytest.mark.parametrize(
    "text, status",
    [
        # the shooting under inquiry happened; the demanded release has not
        ("Students demanded an inquiry into the police shooting in Lagos on Monday.", "asserted"),
        ("Students called for the release of the detained activists.", "hypothetical"),
    ],
)
def test_topic_of_a_demand_keeps_its_factuality(code, text, status):
    events = [e for e in code(text).events if e.type in ("ASSAULT", "RETREAT")]
    assert events and events[0].factuality == status, [(e.type, e.factuality) for e in events]


def test_title_in_front_of_initials_makes_a_police_officer(code):
    coded = code("Deputy police commissioner P K Menon said the suspects were arrested in Pune.")
    officer = [a for a in coded.actors if "Menon" in a.text]
    assert officer and officer[0].sector == "COP"


def test_spokesman_for_a_leader_speaks_for_the_government(code):
    event = only(code("A spokesman for President Ashraf Ghani disputed the findings of the report.").events,
                 "ACCUSE")
    assert "AFG" in countries(event.actors)


def test_troops_for_a_country_are_not_that_country(code):
    coded = code("Britain sent troops for Estonia on Monday.")
    troops = [a for a in coded.actors if a.text.endswith("troops")]
    assert not troops or troops[0].country != "EST"


def test_an_act_with_no_doer_goes_to_an_unidentified_actor_of_its_place(code):
    events = code("Twelve people were killed in an attack on a village near Gao, Mali, on Sunday.").events
    event = only(events, "ASSAULT")
    assert [(a.country, a.text) for a in event.actors] == [("MLI", "")]
    assert event.actors[0].score < 0.5 and event.actors[0].name.startswith("unidentified")


def test_a_home_force_with_no_target_named_acts_on_its_own_country(code):
    event = only(code("NAIROBI, March 9 (Reuters) - Kenyan police opened fire on Sunday, killing 10.").events,
                  "ASSAULT")
    assert "KEN" in countries(event.actors)
    assert [(r.country, r.text) for r in event.recipients] == [("KEN", "")]


def test_a_named_target_is_not_replaced_by_an_implied_one(code):
    event = only(code("NAIROBI, March 9 (Reuters) - Kenyan police arrested the opposition leader Raila "
                      "Odinga on Sunday.").events, "COERCE")
    assert all(r.text for r in event.recipients), [(r.name, r.text) for r in event.recipients]
