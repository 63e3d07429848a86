"""The event coder on invented wire sentences: category, participants, place, date, factuality."""

from __future__ import annotations

import pytest

from eventwire.read import Metadata, article_from_text

PUBLISHED = "2025-03-10"  # a Monday


@pytest.fixture(scope="module")
def code(coder):
    def run(text: str, published: str | None = PUBLISHED):
        return coder.code(article_from_text(text, "test", Metadata(published=published), headers=False))

    return run


def only(events, type_):
    found = [e for e in events if e.type == type_]
    assert found, f"no {type_} in {[(e.type, e.trigger) for e in events]}"
    return found[0]


def countries(entities):
    return {e.country for e in entities}


@pytest.mark.parametrize(
    "text, type_, actor, recipient",
    [
        ("Russian forces shelled the Ukrainian town of Kupiansk on Sunday.", "ASSAULT", "RUS", None),
        ("Kenya condemned Somalia over the border incident on Saturday.", "ACCUSE", "KEN", "SOM"),
        ("Egypt rejected the Ethiopian proposal on the dam.", "REJECT", "EGY", None),
        ("The United States imposed sanctions on Iran on Friday.", "SANCTION", "USA", "IRN"),
        ("Police arrested dozens of protesters in Nairobi on Tuesday.", "COERCE", "KEN", None),
        ("Turkey deployed troops to the Syrian border on Thursday.", "MOBILIZE", "TUR", None),
        ("Qatar hosted talks with Hamas in Doha on Saturday.", "CONSULT", "QAT", None),
        ("Germany sent humanitarian aid to Sudan last week.", "AID", "DEU", None),
        ("Israel released dozens of Palestinian prisoners on Sunday.", "RETREAT", "ISR", None),
        ("France urged Mali to hold elections.", "REQUEST", "FRA", "MLI"),
        ("China threatened Taiwan with military drills.", "THREATEN", "CHN", None),
    ],
)
def test_events_category_and_dyad(code, text, type_, actor, recipient):
    event = only(code(text).events, type_)
    assert actor in countries(event.actors)
    if recipient:
        assert recipient in countries(event.recipients)


def test_events_passive_agent_is_the_actor(code):
    event = only(code("The town was captured by Syrian rebels on Sunday.").events, "ASSAULT")
    assert ("SYR", "REB") in {(a.country, a.sector) for a in event.actors}
    assert event.date.start == "2025-03-09"


def test_events_light_verb_gives_the_actor(code):
    event = only(code("Russia launched a massive drone attack on Kyiv overnight.").events, "ASSAULT")
    assert "RUS" in countries(event.actors)
    assert event.mode == "drone"


def test_events_reciprocal_phone_call_lists_both_leaders(code):
    text = "Turkish President Recep Tayyip Erdogan spoke with Vladimir Putin by phone on Friday."
    event = only(code(text).events, "CONSULT")
    assert event.mode == "phone"
    assert {"TUR", "RUS"} <= countries(event.actors) and event.recipients == []


@pytest.mark.parametrize(
    "text, type_, expected",
    [
        ("The militia announced plans to send fighters to Syria.", "MOBILIZE", "planned"),
        ("The army will deploy troops to the border next week.", "MOBILIZE", "planned"),
        ("Rebels could attack the capital if talks fail, analysts said.", "ASSAULT", "hypothetical"),
        ("We do not rule out attacking the base, the militia commander said.", "ASSAULT", "hypothetical"),
        ("The army did not attack the village, a spokesman said.", "ASSAULT", "negated"),
        ("The militia denied sending fighters to Syria.", "MOBILIZE", "negated"),
        ("Rebels attacked an army convoy near Goma on Sunday.", "ASSAULT", "asserted"),
        ("Government troops withdrew from the town in 2016.", "RETREAT", "historical"),
    ],
)
def test_events_factuality(code, text, type_, expected):
    event = only(code(text).events, type_)
    assert event.factuality == expected


def test_events_promised_support_is_agree(code):
    event = only(code("Egypt pledged to provide humanitarian aid to Gaza.").events, "AGREE")
    assert "EGY" in countries(event.actors)


def test_events_location_comes_from_the_same_clause(code):
    text = "Speaking in Geneva, the envoy said rebels had attacked a convoy near Goma on Sunday."
    event = only(code(text).events, "ASSAULT")
    assert event.location is not None and event.location.name == "Goma"


def test_events_no_place_from_another_sentence(code):
    text = "The minister travelled to Paris on Friday.\nGunmen attacked a police post, officials said."
    event = only(code(text).events, "ASSAULT")
    assert event.location is None


def test_events_claimed_by_the_speaker(code):
    text = 'Army spokesman Nabil Abdallah said: "The rebels shelled the market on Sunday."'
    event = only(code(text).events, "ASSAULT")
    assert event.claimed_by is not None and "Abdallah" in event.claimed_by.name


def test_events_one_event_per_place_in_a_coordination(code):
    text = "Rebels captured Kidal, Tessalit and Aguelhok on Saturday."
    located = {e.location.name for e in code(text).events if e.type == "ASSAULT" and e.location}
    assert {"Kidal", "Tessalit", "Aguelhok"} <= located


def test_events_statement_alone_is_no_event(code):
    assert code("The minister said the situation was calm on Monday.").events == []


def test_events_date_falls_back_to_publication_only_when_asserted(code):
    asserted = only(code("Rebels attacked an army base near Gao.").events, "ASSAULT")
    assert (asserted.date.start, asserted.date.text) == (PUBLISHED, None)
    planned = only(code("The army will deploy troops to Gao.").events, "MOBILIZE")
    assert planned.date is None


def test_events_offsets_point_at_the_evidence(code):
    coded = code("Kenya condemned Somalia over the border incident.\nRebels attacked a base near Goma.")
    for event in coded.events:
        assert coded.article.text[event.start : event.end].strip() == event.text
        assert event.trigger in event.text


# --- round 2: lexicon coverage, incidents, implied targets, promised acts ------------------------


@pytest.mark.parametrize(
    "text, type_, actor",
    [
        ("Venezuelan authorities released 40 opposition activists on Friday.", "RETREAT", "VEN"),
        ("The Taliban surrendered to Afghan forces in Kunduz on Monday.", "RETREAT", None),
        ("Colombian rebels declared a unilateral ceasefire on Sunday.", "RETREAT", None),
        ("Japan donated $5 million to Sudan for flood relief.", "AID", "JPN"),
        ("Ecuador granted asylum to the opposition leader.", "AID", "ECU"),
        ("Kenya summoned the Ugandan ambassador on Tuesday.", "ACCUSE", "KEN"),
        ("The United States issued an ultimatum to Iran on Monday.", "THREATEN", "USA"),
        ("Egypt banned the opposition party on Friday.", "COERCE", "EGY"),
        ("Turkey called off the talks with Greece.", "REJECT", "TUR"),
        ("Egypt struck a deal with Ethiopia on the dam.", "SUPPORT", "EGY"),
        ("Chad lifted the state of emergency on Monday.", "CONCEDE", "TCD"),
        ("Kenya defended the peace plan on Friday.", "SUPPORT", "KEN"),
    ],
)
def test_events_lexicon_senses(code, text, type_, actor):
    event = only(code(text).events, type_)
    if actor:
        assert actor in countries(event.actors)


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("The ministry released a statement on Friday.", "RETREAT"),
        ("Egypt struck a deal with Ethiopia on the dam.", "ASSAULT"),
        ("Turkey called off the talks with Greece.", "REQUEST"),
    ],
)
def test_events_object_decides_the_sense(code, text, wrong):
    assert wrong not in {e.type for e in code(text).events}


@pytest.mark.parametrize(
    "text",
    [
        "Rebels stormed the town of Kidal on Sunday, killing dozens of residents.",
        "An attack by Russian forces on Kharkiv killed nine people on Sunday.",
    ],
)
def test_events_one_assault_per_incident_in_a_sentence(code, text):
    assert [e.type for e in code(text).events].count("ASSAULT") == 1


@pytest.mark.parametrize(
    "text",
    [
        "The war has displaced millions of people since 2023.",
        "Nine people were killed.",
        "The strike caused widespread damage.",
    ],
)
def test_events_actorless_background_assault_is_dropped(code, text):
    assert [e for e in code(text).events if e.type == "ASSAULT"] == []


def test_events_attack_on_a_place_targets_its_country(code):
    event = only(code("Russian forces shelled Kharkiv on Sunday.").events, "ASSAULT")
    assert "UKR" in countries(event.recipients)
    assert all(r.score <= 0.5 for r in event.recipients if not r.text)


@pytest.mark.parametrize(
    "text, actor",
    [
        ("Hamas said it would free the hostages next week.", "PSE"),
        ("Germany is willing to provide humanitarian aid to Sudan.", "DEU"),
        ("Russia is ready to withdraw its troops from the border.", "RUS"),
    ],
)
def test_events_promised_cooperation_is_agree_with_the_promiser(code, text, actor):
    event = only(code(text).events, "AGREE")
    assert actor in countries(event.actors)
    assert event.factuality == "asserted"
