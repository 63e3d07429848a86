"""Recipients named through the object: the author of a rejected or accepted request, coordinated signatories
and negotiators, datives of deadlines, and capitals standing for their governments. Invented
sentences."""

from __future__ import annotations

import pytest

from support import countries, only

PUBLISHED = "2025-03-10"


@pytest.mark.parametrize(
    "text, type_, actor, recipient",
    [
        # the author of the rejected object: "from", "by", "made by", "lodged by"
        ("The Hungarian government refused to accept a request from Slovakia on Tuesday.", "REJECT", "HUN", "SVK"),
        ("Ghana rejected every proposal made by the Togolese president.", "REJECT", "GHA", "TGO"),
        ("Kenya rejected an appeal lodged by Tanzania against the tribunal's ruling.", "REJECT", "KEN", "TZA"),
        ("The Chilean government rejected a plea by Bolivia for access to the sea.", "REJECT", "CHL", "BOL"),
        # a capital's possession: the government's
        ("Japan pledged full support for Seoul's efforts to rebuild the talks.", "SUPPORT", "JPN", "KOR"),
    ],
)
def test_author_of_the_object_is_the_recipient(code, text, type_, actor, recipient):
    event = only(code(text).events, type_)
    assert actor in countries(event.actors)
    assert recipient in countries(event.recipients)


def test_own_state_is_not_the_author(code):
    """"expressed Egypt's support": the possessor is the doer's own state, no recipient."""
    event = only(code("The Egyptian foreign ministry expressed Egypt's full support on Sunday.").events, "SUPPORT")
    assert "EGY" not in countries(event.recipients)


@pytest.mark.parametrize(
    "text, type_, actor, partner",
    [
        ("Peru and Chile failed to reach an agreement on the fishing quota.", "REJECT", "PER", "CHL"),
        ("Brazil and Argentina signed a trade agreement in Brasilia on Monday.", "SUPPORT", "BRA", "ARG"),
    ],
)
def test_coordinated_signatories_are_partners(code, text, type_, actor, partner):
    """The first of a coordinated subject acts, the others receive, also through "failed to"."""
    event = only(code(text).events, type_)
    assert countries(event.actors) == {actor}
    assert countries(event.recipients) == {partner}


def test_deadline_given_to_a_dative(code):
    event = only(code("Chile gave Bolivia a two-week deadline to remove the trucks.").events, "THREATEN")
    assert countries(event.recipients) == {"BOL"}


def test_capital_as_government_in_an_ultimatum(code):
    event = only(code("Turkey issued an ultimatum to Damascus on Monday.").events, "THREATEN")
    assert countries(event.recipients) == {"SYR"}


def test_capital_stays_a_place_for_an_attack(code):
    """A shelled capital is where it happened; the target state is inferred from it."""
    event = only(code("Russian forces shelled Kyiv on Monday.").events, "ASSAULT")
    assert event.location is not None and event.location.country == "UKR"


def test_other_party_to_a_refused_deal(code):
    """"rejected any cooperation with X", "backed out of an accord with X": X is the one rejected."""
    event = only(code("Venezuela rejected any cooperation with Colombia on the border.").events, "REJECT")
    assert countries(event.recipients) == {"COL"}


def test_refused_complement_names_the_recipient(code):
    """A refusal whose complement is no event of its own: the complement's partner is rejected."""
    event = only(code("Belarus refused to respond to a request from Lithuania for the flight records.").events,
                 "REJECT")
    assert countries(event.recipients) == {"LTU"}


def test_condemned_act_in_a_country_targets_it(code):
    """The act's own phrase places it in another state, whose government is accused."""
    event = only(code("Kenya denounced the misuse of funds in Tanzania.").events, "ACCUSE")
    assert countries(event.recipients) == {"TZA"}


def test_place_in_the_doers_phrase_is_no_target(code):
    """"Peru's foreign ministry condemned ...": Peru is the doer's, not where the condemned act was."""
    events = code("Peru's foreign ministry condemned the ruling on Monday.").events
    event = only(events, "ACCUSE")
    # An inferred target (empty text: docs/events.md, implied parties) may be the home country; the
    # doer's own "Peru's" is never read as a stated one.
    assert not [r for r in event.recipients if r.country == "PER" and r.text], event.recipients
