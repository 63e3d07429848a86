"""End to end on the example article (../shared/samples/seed-article.txt, published 2024-12-01).

The article is third-party text: it is read from the shared folder and never copied here; every test
skips when it is absent. The expectations are the foundation issue's.
"""

from __future__ import annotations

import pytest

from eventwire.datafiles import schema


def _events(coded, type_):
    return [e for e in coded.events if e.type == type_]


def _countries(entities):
    return {e.country for e in entities}


def _names(entities):
    return " ".join(e.name.lower() for e in entities)


def test_seed_document_matches_the_json_schema(seed_coded):
    errors = list(schema("article").iter_errors(seed_coded.to_dict()))
    assert errors == []


def test_seed_mojibake_warning_with_gb18030_candidate(seed_coded):
    warnings = [w for w in seed_coded.article.warnings if w.kind == "mojibake"]
    assert len(warnings) == 1
    warning = warnings[0]
    assert seed_coded.article.text[warning.start : warning.end] == warning.text
    assert warning.suggestion == warning.text.encode("latin-1").decode("gb18030")


def test_seed_accuse_us_and_israel(seed_coded):
    accusations = [e for e in _events(seed_coded, "ACCUSE") if {"USA", "ISR"} <= _countries(e.recipients)]
    assert accusations, "the spokesman blaming the US and Israel is an ACCUSE event"
    event = accusations[0]
    assert "IRQ" in _countries(event.actors) and "fartousi" in _names(event.actors)
    assert event.factuality == "asserted"


def test_seed_phone_call_between_leaders(seed_coded):
    calls = [e for e in _events(seed_coded, "CONSULT") if e.mode == "phone"]
    assert len(calls) == 1
    call = calls[0]
    participants = call.actors + call.recipients
    assert {("IRQ", "GOV"), ("SYR", "GOV")} <= {(e.country, e.sector) for e in participants}
    assert "sudani" in _names(participants) and "assad" in _names(participants)
    assert call.factuality == "asserted"
    assert (call.date.start, call.date.end) == ("2024-11-30", "2024-11-30")


def test_seed_iraqi_support_offer_to_damascus(seed_coded):
    offers = [
        e for e in seed_coded.events
        if e.type in ("SUPPORT", "AGREE", "AID") and "IRQ" in _countries(e.actors)
        and "SYR" in _countries(e.recipients) and "sudani" in _names(e.actors)
    ]
    assert offers


def _own_location(event) -> bool:
    """Located by its own sentence, not carried from another (events/carry.py)."""
    return event.location is not None and not any(d.field == "location" for d in event.decisions)


def test_seed_rebels_take_aleppo_idlib_and_hama(seed_coded):
    captures = [
        e for e in _events(seed_coded, "ASSAULT")
        if any(a.country == "SYR" and a.sector == "REB" for a in e.actors) and _own_location(e)
    ]
    located = {e.location.name for e in captures}
    assert {"Aleppo", "Idlib"} <= located and any(name.startswith("Hama") for name in located)
    for event in captures:
        assert event.factuality == "asserted"
        assert event.location.country == "SYR"
        assert "2024-11-29" <= event.date.start <= event.date.end <= "2024-12-01"
        assert any(r.country == "SYR" and r.sector in ("MIL", "GOV") for r in event.recipients)


@pytest.mark.parametrize("cue", ["plans to send", "will likely head"])
def test_seed_factions_plans_are_not_facts(seed_coded, cue):
    plans = [
        e for e in seed_coded.events
        if e.type in ("MOBILIZE", "AID") and "IRQ" in _countries(e.actors) and cue in e.text
    ]
    assert plans
    assert all(e.factuality in ("planned", "hypothetical") for e in plans)
    assert all(e.location is not None and e.location.country == "SYR" for e in plans)


def test_seed_deployment_to_damascus_is_asserted_and_claimed(seed_coded):
    deployments = [
        e for e in _events(seed_coded, "MOBILIZE")
        if _own_location(e) and e.location.name in ("Damascus", "Sayyida Zaynab")
    ]
    assert len(deployments) == 1
    event = deployments[0]
    assert event.factuality == "asserted" and "IRQ" in _countries(event.actors)
    assert event.claimed_by is not None and "anzi" in event.claimed_by.name.lower()


def test_seed_background_is_historical(seed_coded):
    historical = [e for e in seed_coded.events if e.factuality == "historical"]
    fighting = [e for e in historical if e.type == "ASSAULT" and e.date and e.date.start.startswith("2012")]
    withdrawal = [e for e in historical if e.type == "RETREAT"]
    assert fighting and withdrawal
    assert (withdrawal[0].date.start, withdrawal[0].date.end) == ("2018-01-01", "2019-12-31")


def test_seed_quotes_and_speakers(seed_coded):
    direct = [q for q in seed_coded.quotes if q.kind == "direct"]
    assert len(direct) >= 10
    assert all(q.speaker is not None for q in direct)
    speakers = {q.speaker.name for q in direct}
    for surname in ("Fartousi", "Fatlawi", "Hadithi"):
        assert any(surname in name for name in speakers), surname
    text = seed_coded.article.text
    # quotes introduced only by "he said" / "he added" still get the right speaker
    for quote in direct:
        after = text[quote.end : quote.end + 14]
        if after.lstrip('",” ').startswith(("he said", "he added")):
            assert quote.speaker.name != "he"
    media = {q.medium for q in seed_coded.quotes if q.medium}
    assert any("Araby Al-Jadeed" in m for m in media)


@pytest.mark.parametrize(
    "alias, country",
    [
        ("Kata'ib Sayyid al-Shuhada", "IRQ"),
        ("Harakat Ansar Allah al-Awfiya", "IRQ"),
        ("Badr", "IRQ"),
        ("Kata'ib Hezbollah", "IRQ"),
        ("Asa'ib Ahl al-Haq", "IRQ"),
        ("Syrian Democratic Forces", "SYR"),
    ],
)
def test_seed_armed_groups_resolved(seed_coded, alias, country):
    found = [a for a in seed_coded.actors if alias.lower() in a.text.lower() or alias.lower() in a.name.lower()]
    assert found, alias
    assert all(a.kind != "person" for a in found)
    assert found[0].country == country


def test_seed_hezbollah_is_lebanese(seed_coded):
    hezbollah = [a for a in seed_coded.actors if a.text == "Hezbollah"]
    assert hezbollah and all(a.country == "LBN" for a in hezbollah)


@pytest.mark.parametrize(
    "written, country",
    [("Syria", "SYR"), ("Iraq", "IRQ"), ("Iran", "IRN"), ("Lebanon", "LBN"), ("Yemen", "YEM"),
     ("Damascus", "SYR"), ("Aleppo", "SYR"), ("Idlib", "SYR"), ("Hama", "SYR"), ("Baghdad", "IRQ"),
     ("Sayyida Zainab", "SYR")],
)
def test_seed_places_in_the_right_country(seed_coded, written, country):
    found = [p for p in seed_coded.places if p.text.startswith(written)]
    assert found, written
    assert all(p.country == country and p.lat is not None for p in found), [(p.text, p.name, p.country) for p in found]


def test_seed_border_region(seed_coded):
    borders = [p for p in seed_coded.places if "Iraq-Syria border" in p.text]
    assert borders and borders[0].feature == "region"


@pytest.mark.parametrize(
    "fragment, start, end",
    [
        ("Sunday", "2024-12-01", "2024-12-01"),
        ("Late on Saturday", "2024-11-30", "2024-11-30"),
        ("the past two days", "2024-11-29", "2024-12-01"),
        ("2012", "2012-01-01", None),
        ("between 2018 and 2019", "2018-01-01", "2019-12-31"),
    ],
)
def test_seed_times_resolved(seed_coded, fragment, start, end):
    found = [t for t in seed_coded.times if fragment in t.text and t.value is not None]
    assert found, fragment
    assert found[0].value.start == start
    if end is not None:
        assert found[0].value.end == end
