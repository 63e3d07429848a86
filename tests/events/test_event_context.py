"""Participants that the sentence does not name but the article does: possessives in reported
clauses, "the militia", "condemned the attack", unmodified state agents, places as targets."""

from __future__ import annotations

import pytest

from support import countries

PUBLISHED = "2025-06-02"


def events_of(coded, type_):
    found = [e for e in coded.events if e.type == type_]
    assert found, f"no {type_} in {[(e.type, e.trigger) for e in coded.events]}"
    return found


@pytest.mark.parametrize(
    "text, owner",
    [
        ("Georgia said its border guards had shot at an Armenian patrol near the frontier.", "GEO"),
        ("Moscow said its forces had struck fuel depots across the region overnight.", "RUS"),
        ("Ethiopia insisted on Monday that its troops had shelled rebel positions in Tigray.", "ETH"),
    ],
)
def test_possessive_in_reported_clause_belongs_to_the_reporter(code, text, owner):
    (event,) = events_of(code(text), "ASSAULT")[:1]
    assert countries(event.actors) == {owner}


def test_definite_militia_refers_back_to_the_named_group(code):
    coded = code("Fighters of the Rapid Support Forces shelled the market in Omdurman on Friday. "
                 "A day later the town of Mellit was captured by the paramilitary group, residents said.")
    later = [e for e in events_of(coded, "ASSAULT") if e.trigger == "captured"]
    assert later and later[0].actors[0].name == "Rapid Support Forces"


def test_condemning_the_attack_targets_the_attacker(code):
    coded = code("Al-Shabaab militants attacked a police station in Beledweyne on Saturday. "
                 "The African Union condemned the attack and promised support to Somali forces.")
    accuse = events_of(coded, "ACCUSE")[0]
    assert countries(accuse.recipients) == {"SOM"}
    assert accuse.recipients[0].name == "al-Shabaab"
    assert accuse.recipients[0].text == ""  # inferred, not written in the sentence


def test_welcoming_a_move_targets_who_made_it(code):
    coded = code("Japan imposed sanctions on North Korea on Tuesday. South Korea welcomed the move.")
    support = events_of(coded, "SUPPORT")[0]
    assert countries(support.recipients) == {"JPN"}


def test_an_event_noun_with_no_earlier_event_gives_no_recipient(code):
    coded = code("South Korea welcomed the move on Tuesday.")
    support = events_of(coded, "SUPPORT")[0]
    assert support.recipients == []


def test_unmodified_government_takes_the_articles_country(code):
    coded = code("Gunmen killed nine villagers in Zamfara state on Sunday. "
                 "The government condemned the killings.")
    accuse = events_of(coded, "ACCUSE")[0]
    assert countries(accuse.actors) == {"NGA"}
    assert accuse.actors[0].score < 1.0


def test_seizing_a_place_is_an_assault_and_seizing_goods_is_not(code):
    taken = code("Rebels seized the town of Bunia on Sunday after a day of fighting.")
    assert any(e.trigger == "seized" for e in events_of(taken, "ASSAULT"))
    goods = code("Customs officers seized 40 rifles at the port of Mombasa on Sunday.")
    assert not any(e.trigger == "seized" and e.type == "ASSAULT" for e in goods.events)


@pytest.mark.parametrize(
    "text, type_, recipient",
    [
        ("France withdrew its last troops from Niger in December 2023.", "RETREAT", "NER"),
        ("Turkey sent medical aid into Syria on Monday.", "AID", "SYR"),
    ],
)
def test_the_place_an_act_is_done_to_names_the_recipient_country(code, text, type_, recipient):
    event = events_of(code(text), type_)[0]
    assert countries(event.recipients) == {recipient}


def test_central_asian_demonyms_give_a_country(code):
    coded = code("Police in Almaty detained a Kyrgyz journalist and two Uzbek activists on Friday.")
    assert {"KGZ", "UZB"} <= {a.country for a in coded.actors}


def test_condemning_the_attack_means_the_lead_attack_not_the_reprisal(code):
    coded = code("Militants of al-Shabaab attacked a hotel in Kismayo on Friday, killing 12 people. "
                 "Soldiers killed four of the attackers. "
                 "The African Union condemned the attack on Saturday.")
    accuse = events_of(coded, "ACCUSE")[0]
    assert [r.name for r in accuse.recipients] == ["al-Shabaab"]


def test_called_on_is_a_request_not_a_phone_call(code):
    coded = code("The Security Council called on the M23 to withdraw from Goma.")
    request = events_of(coded, "REQUEST")[0]
    assert countries(request.recipients) == {"COD"}
    assert not [e for e in coded.events if e.type == "CONSULT"]


def test_a_foreign_attack_with_no_target_named_hits_the_country_of_the_story(code):
    coded = code("Drones hit a power station in Kharkiv overnight, officials said. "
                 "Moscow said its forces had struck military industry sites.")
    struck = [e for e in events_of(coded, "ASSAULT") if e.trigger == "struck"][0]
    assert countries(struck.actors) == {"RUS"}
    assert countries(struck.recipients) == {"UKR"}
    assert struck.recipients[0].text == ""


def test_a_protest_with_a_demand_is_one_event_aimed_at_whom_it_demands_of(code):
    coded = code("Thousands of Serbians protested in Belgrade on Saturday, demanding that President "
                 "Aleksandar Vucic hold early elections.")
    protest = events_of(coded, "PROTEST")[0]
    assert [r.kind for r in protest.recipients] == ["person"]
    assert countries(protest.recipients) == {"SRB"}
    assert not [e for e in coded.events if e.type == "REQUEST" and e.trigger == "demanding"]


@pytest.mark.parametrize(
    "text, sector",
    [
        ("Thousands of Iraqis marched in Baghdad on Friday.", "CVL"),
        ("A Palestinian was shot dead near Hebron on Monday.", "CVL"),
        ("The Palestinians rejected the proposal on Monday.", "GOV"),
    ],
)
def test_demonym_nouns_are_people_unless_definite(code, text, sector):
    coded = code(text)
    demonyms = [a for a in coded.actors if a.kind == "country"]
    assert demonyms and demonyms[0].sector == sector


@pytest.mark.parametrize(
    "text, type_, recipient",
    [
        ("Japan lifted sanctions on Iran on Friday.", "CONCEDE", "IRN"),
        ("The United States issued an ultimatum to Sudan on Monday.", "THREATEN", "SDN"),
    ],
)
def test_the_objects_own_phrase_names_the_recipient(code, text, type_, recipient):
    event = events_of(code(text), type_)[0]
    assert countries(event.recipients) == {recipient}


def test_a_title_in_front_of_an_unknown_name_gives_its_country(code):
    coded = code("Kenya's Interior Minister Joseph Odhiambo Kariuki met police commanders in Nairobi.")
    person = [a for a in coded.actors if a.kind == "person"]
    assert [(p.text, p.country) for p in person] == [("Joseph Odhiambo Kariuki", "KEN")]


def test_a_possessive_pronoun_on_the_target_names_its_owner(code):
    coded = code("Fighters of Kata'ib Hezbollah buried their dead in Al-Qaim on Sunday, "
                 "two days after U.S. air strikes hit their positions.")
    hit = [e for e in events_of(coded, "ASSAULT") if e.trigger == "hit"][0]
    assert countries(hit.actors) == {"USA"}
    assert [r.name for r in hit.recipients] == ["Kata'ib Hezbollah"]


def test_a_participle_spelling_out_the_act_is_not_a_second_event(code):
    coded = code("Canada adopted new sanctions against Iran on Monday, banning exports of drone parts.")
    assert [e.type for e in coded.events] == ["SANCTION"]
    other = code("Police raided the camp on Monday, accusing its leaders of smuggling.")
    assert {"COERCE", "ACCUSE"} <= {e.type for e in other.events}  # a different quad class stays


@pytest.mark.parametrize(
    "text, recipient",
    [
        ("Israel has threatened to strike targets in Iraq if the attacks go on.", "IRQ"),
        ("The United States warned it would impose new sanctions on Venezuela.", "VEN"),
    ],
)
def test_a_threat_is_aimed_at_the_target_of_the_threatened_act(code, text, recipient):
    threat = events_of(code(text), "THREATEN")[0]
    assert countries(threat.recipients) == {recipient}


def test_a_vowed_attack_is_a_threat(code):
    coded = code("The Somali government vowed to continue its offensive against al-Shabaab.")
    threat = events_of(coded, "THREATEN")[0]
    assert countries(threat.actors) == {"SOM"} and threat.factuality == "asserted"
    assert not [e for e in coded.events if e.type == "AGREE"]  # the vow itself is not a second event


def test_a_forecast_attack_is_not_a_threat(code):
    coded = code("Russia will attack Kyiv again this winter, Western analysts said.")
    assert not [e for e in coded.events if e.type == "THREATEN"]


def test_forces_sent_abroad_to_help_are_aid_and_an_invasion_force_is_not(code):
    aid = code("Rwanda deployed 300 police officers to the Central African Republic on Monday to support "
               "the UN peacekeeping mission.")
    event = events_of(aid, "AID")[0]
    assert countries(event.actors) == {"RWA"} and countries(event.recipients) == {"CAF"}
    massing = code("Russia sent more troops to the border with Ukraine on Monday.")
    assert not [e for e in massing.events if e.type == "AID"]


@pytest.mark.parametrize(
    "text, type_, recipient",
    [
        ("The United States reduced military aid to Argentina by 17 million dollars.", "SANCTION", "ARG"),
        ("Australia is willing to withdraw its troops from Iraq.", "AGREE", "IRQ"),
    ],
)
def test_the_country_an_act_is_aimed_at_through_its_phrase(code, text, type_, recipient):
    event = events_of(code(text), type_)[0]
    assert countries(event.recipients) == {recipient}


@pytest.mark.parametrize(
    "text, type_",
    [
        ("Erdogan called Putin on Saturday to congratulate him on his re-election.", "CONSULT"),
        ("The Security Council called on the M23 to withdraw from Goma.", "REQUEST"),
    ],
)
def test_a_call_with_an_object_is_a_phone_call_and_a_call_on_someone_a_request(code, text, type_):
    assert code(text).events[0].type == type_


def test_the_one_called_on_is_the_doer_of_what_is_asked(code):
    coded = code("The Security Council called on the M23 to withdraw from Goma.")
    withdraw = [e for e in coded.events if e.trigger == "withdraw"]
    assert withdraw and countries(withdraw[0].actors) == {"COD"}
    assert withdraw[0].factuality == "hypothetical"


@pytest.mark.parametrize(
    "text, type_, actor",
    [
        ("The town of Bentiu fell to the rebels on Sunday.", "ASSAULT", "rebels"),
        ("Jihadists have besieged the town of Djibo for two years.", "COERCE", "Jihadists"),
    ],
)
def test_falling_to_and_besieging(code, text, type_, actor):
    event = events_of(code(text), type_)[0]
    assert [a.text for a in event.actors] == [actor]


def test_an_agentless_arrest_is_by_the_authorities_of_the_place(code):
    coded = code("Forty people were arrested in Nairobi on Tuesday.")
    arrest = events_of(coded, "COERCE")[0]
    assert arrest.actors[0].sector == "COP" and arrest.actors[0].text == ""
    assert countries(arrest.actors) == {"KEN"}


def test_an_agentless_release_of_a_statement_is_no_event(code):
    assert code("The statement was released on Monday in Nairobi.").events == []


def test_places_joined_by_and_are_not_an_organisation(code):
    coded = code("Fighting spread to Cucuta and Tibu on Friday, officials said.")
    assert {p.text for p in coded.places} >= {"Cucuta", "Tibu"}
    assert not [a for a in coded.actors if a.text.startswith("Cucuta")]


def test_a_length_of_time_does_not_date_the_event_when_a_day_is_given(code):
    coded = code("Hamas released three hostages it had held for 471 days on Sunday.")  # published Mon 2 June 2025
    release = events_of(coded, "RETREAT")[0]
    assert release.factuality == "asserted"
    assert (release.date.start, release.date.end) == ("2025-06-01", "2025-06-01")


def test_an_undated_act_in_the_same_incident_takes_the_incidents_date(code):
    coded = code("Gunmen attacked a hotel in Mogadishu late on Friday. "
                 "Security forces killed three attackers, police said. "
                 "The government condemned the attack.")
    killed = [e for e in coded.events if e.trigger == "killed"][0]
    assert killed.date.start == "2025-05-30"  # the Friday before publication (Mon 2 June)
    accuse = events_of(coded, "ACCUSE")[0]
    assert accuse.date.start == PUBLISHED  # a statement is dated by its own sentence


def test_a_reported_obligation_is_a_request_to_whom_it_binds(code):
    coded = code("Egypt says Ethiopia must stop filling the dam until a deal is reached.")
    request = [e for e in coded.events if e.type == "REQUEST" and e.trigger == "must"][0]
    assert countries(request.actors) == {"EGY"} and countries(request.recipients) == {"ETH"}
    assert not [e for e in code("We must defend ourselves, the president said.").events if e.type == "REQUEST"]


@pytest.mark.parametrize(
    "text",
    ["Oslo says it will not lift the fishing ban until London complies.",
     "Israel will not withdraw its troops from the corridor, the prime minister said."],
)
def test_a_concession_announced_as_not_happening_is_a_rejection(code, text):
    assert "REJECT" in {e.type for e in code(text).events}


def test_a_led_coalition_is_its_leaders_and_its_aircraft_too(code):
    coded = code("The Saudi-led coalition said its aircraft had struck a missile depot near Sanaa.")
    struck = events_of(coded, "ASSAULT")[0]
    assert countries(struck.actors) == {"SAU"} and struck.actors[0].sector == "MIL"
    assert countries(struck.recipients) == {"YEM"}


def test_a_city_is_not_an_acronym_spelled_alike(code):
    coded = code("Drones struck Sanaa overnight, SANA reported.")
    assert "Sanaa" in {p.text for p in coded.places}
    assert [a.name for a in coded.actors if a.text == "SANA"] == ["Syrian Arab News Agency"]


@pytest.mark.parametrize(
    "text, host",
    [
        ("Indian Prime Minister Narendra Modi visited Kabul on Monday.", "AFG"),
        ("The Kenyan president travelled to Addis Ababa on Sunday.", "ETH"),
    ],
)
def test_an_officials_visit_abroad_meets_the_host_state(code, text, host):
    visit = events_of(code(text), "CONSULT")[0]
    assert countries(visit.recipients) == {host} and visit.recipients[0].text == ""


def test_travellers_who_are_not_officials_visit_nobody(code):
    assert not [e for e in code("Thousands of refugees travelled to Cairo last week.").events if e.type == "CONSULT"]


def test_an_unnamed_attacker_right_after_a_named_groups_attack_retells_it(code):
    coded = code("Al-Shabaab militants attacked a hotel in Mogadishu late on Friday. "
                 "A suicide bomber blew himself up at the gate before gunmen stormed the building.")
    attacks = events_of(coded, "ASSAULT")
    assert [a.actors[0].name for a in attacks] == ["al-Shabaab"]
    later = code("Al-Shabaab militants attacked a hotel in Mogadishu on Friday. Four days later, "
                 "police in Nairobi said gunmen had attacked a bus in Mandera.")
    assert len(events_of(later, "ASSAULT")) == 2  # another place: another attack
