"""Lexicon, agent and actor data entries: each sentence (our own wording) must code as the entry says."""

from __future__ import annotations

import pytest

from eventwire.read import Metadata, article_from_text


def _code(coder, text: str, published: str = "2021-06-01"):
    return coder.code(article_from_text(text, "t", Metadata(published=published, id="t"), headers=False))


def _events(coder, text: str, published: str = "2021-06-01"):
    return _code(coder, text, published).events


# (sentence, PLOVER type of the event whose trigger is given, trigger word)
CATEGORY_CASES = [
    ("Moldova expelled a Russian diplomat on Tuesday.", "SANCTION", "expelled"),
    ("The United Nations withdrew its peacekeepers from the border zone.", "SANCTION", "withdrew"),
    ("Ghana sent 300 peacekeepers to Mali.", "AID", "sent"),
    ("Kenya deployed 400 troops to Somalia on a peacekeeping mission.", "AID", "deployed"),
    ("Canada lifted its embargo on Venezuela last week.", "CONCEDE", "lifted"),
    ("The teachers' union called off its strike after the ministry raised wages.", "CONCEDE", "called"),
    ("Prison guards tortured a detained journalist, his lawyer said.", "ASSAULT", "tortured"),
    ("Norway launched a mediation effort between Colombia and the rebels.", "CONSULT", "effort"),
    ("A court in Lisbon found the former mayor guilty of fraud.", "ACCUSE", "found"),
    ("The Taliban threatened to shell the Afghan army's bases.", "THREATEN", "threatened"),
    ("Ecuador returned a stolen colonial painting to Peru.", "RETREAT", "returned"),
    ("Brazil's government accepted the demands of the striking truckers.", "CONCEDE", "accepted"),
    ("Japan suspended aid deliveries to Myanmar after the coup.", "SANCTION", "suspended"),
    ("Turkey imposed a blockade on the port.", "ASSAULT", "imposed"),
    # lexicon round 2: "met with" reaches the prep:with sense once the dobj sense requires an object
    ("The Kenyan foreign minister met with the Japanese envoy in Nairobi.", "CONSULT", "met"),
    ("The governor refused to meet with the Chinese ambassador.", "REJECT", "meet"),
    ("The UN complained that its convoys were delayed at checkpoints.", "ACCUSE", "complained"),
    ("German troops began leaving Mali last week.", "RETREAT", "leaving"),
    ("The prosecutor dropped the probe into the former minister.", "CONCEDE", "dropped"),
    ("Sudan allowed relief convoys into Darfur.", "RETREAT", "allowed"),
    ("Kazakh troops take part in peacekeeping operations in Lebanon.", "AID", "operations"),
    ("Japan handed over medical equipment to the health ministry of Laos.", "AID", "handed"),
    ("France will join forces with Germany to fight piracy.", "AGREE", "join"),
    ("Ankara announced it would launch a military operation against PKK militants in northern Iraq.", "THREATEN", "operation"),
]


@pytest.mark.parametrize("text,expected,trigger", CATEGORY_CASES)
def test_lexicon_category(coder, text, expected, trigger):
    events = [e for e in _events(coder, text) if e.trigger == trigger]
    assert events, f"no event on {trigger!r} in: {text}"
    assert events[0].type == expected


def test_month_march_is_no_protest(coder):
    events = _events(coder, "Finance ministers of Chile and Peru met in Lima on March 3.")
    assert not [e for e in events if e.type == "PROTEST"]


def test_protest_march_still_codes(coder):
    events = _events(coder, "Thousands of farmers joined a protest march against the new law in Lima.")
    assert any(e.type == "PROTEST" for e in events)


def _police_event(coder, text: str, published: str = "2002-03-05"):
    return [e for e in _events(coder, text, published) if any((a.sector or "") == "COP" for a in e.actors)]


# Lower-case sentences in the style of Indian wire copy: each is a police action (sector COP).
POLICE_CASES = [
    ("the sho and two constables arrested three youths near the bus stand.", "COERCE"),
    ("rapid action force personnel burst tear gas shells to disperse the stone-throwing crowd.", "ASSAULT"),
    ("the police resorted to a lathi-charge near the temple.", "ASSAULT"),
    ("policemen lathicharged the protesters outside the court.", "ASSAULT"),
    ("the deputy superintendent of police detained 12 persons on monday.", "COERCE"),
    ("policemen rushed to the spot after the clash.", "MOBILIZE"),
    ("the district police staged a flag march in the curfew-bound areas.", "MOBILIZE"),
    ("police intensified combing operations in the walled city.", "COERCE"),
    ("the city police took 40 activists into custody on tuesday.", "COERCE"),
    ("the cops nabbed two men with country-made pistols.", "COERCE"),
    ("the police registered a case against the organisers of the rally.", "ACCUSE"),
]


@pytest.mark.parametrize("text,expected", POLICE_CASES)
def test_police_action_codes(coder, text, expected):
    events = _police_event(coder, text)
    assert any(e.type == expected and e.factuality == "asserted" for e in events), [
        (e.type, e.trigger, [(a.text, a.sector) for a in e.actors]) for e in _events(coder, text, "2002-03-05")
    ]


@pytest.mark.parametrize("name", ["CRPF", "RAF", "BSF", "ITBP", "CISF"])
def test_indian_central_police_forces(coder, name):
    article = _code(coder, f"{name} personnel patrolled the old city on Friday.", "2002-03-05")
    forces = [a for a in article.actors if a.text.upper().startswith(name)]
    assert forces and forces[0].country == "IND" and forces[0].sector == "COP"


def test_police_title_speaker(coder):
    article = _code(coder, "the police commissioner said the situation was under control.", "2002-03-05")
    assert any(q.speaker is not None and q.speaker.sector == "COP" for q in article.quotes)


def test_requested_act_is_not_asserted(coder):
    """'asked X to halt the shelling' (coding_cues hypothetical_governors): the halt has not happened."""
    events = _events(coder, "Egypt asked the two armies to halt the shelling of the border towns.")
    halts = [e for e in events if e.trigger == "halt"]
    assert halts and all(e.factuality != "asserted" for e in halts)


def test_received_aid_from_names_the_giver(coder):
    # actor_prep "from": the giver is the doer, the receiver (the subject) the recipient
    events = [e for e in _events(coder, "The rebels received weapons and ammunition from the Iranian government.")
              if e.trigger == "received"]
    assert events and events[0].type == "AID"
    assert [a.country for a in events[0].actors] == ["IRN"]
    assert [r.sector for r in events[0].recipients] == ["REB"]


def test_received_visit_stays_a_meeting(coder):
    events = [e for e in _events(coder, "The minister received an invitation from President Putin.") if e.trigger == "received"]
    assert events and events[0].type == "CONSULT"


def test_left_dead_is_no_withdrawal(coder):
    events = _events(coder, "Rebel fighters left five soldiers dead in an ambush near Goma.")
    assert not [e for e in events if e.type == "RETREAT"]


def test_named_ngo_is_an_actor(coder):
    events = [e for e in _events(coder, "The American Civil Liberties Union sued the city of Denver.") if e.trigger == "sued"]
    assert events and events[0].actors[0].sector == "SOC"
