"""Tests of the quotes stage on invented wire-style paragraphs (and, when present, the seed article)."""

from __future__ import annotations

import json
import pytest

from eventwire.errors import DataFileError
from eventwire.model import Entity, Quote
from eventwire.quotes.marks import find_quote_spans
from eventwire.quotes.extract import extract_quotes, load_lexicon, quote_at
from eventwire.datafiles import data_files

# The entity ruler has no patterns in these tests (spaCy warns W036 on every call).
pytestmark = pytest.mark.filterwarnings("ignore:.*W036")

@pytest.fixture(scope="module")
def nlp():
    from eventwire.parse import build_nlp

    return build_nlp()


def quotes_of(nlp, text: str, actors: list[Entity] | None = None) -> list[Quote]:
    doc = nlp(text)
    found = extract_quotes(doc, actors or [])
    for quote in found:  # the offset contract holds for every quote
        assert doc.text[quote.start:quote.end] == quote.text
    return found


def find(quotes: list[Quote], text: str) -> Quote:
    matches = [q for q in quotes if q.text == text]
    assert matches, f"no quote {text!r} in {[q.text for q in quotes]}"
    return matches[0]


# ------------------------------------------------------------------------------ quote marks only
@pytest.mark.parametrize(
    "text, expected",
    [
        ('The minister said "we will not retreat" on Monday.', ["we will not retreat"]),
        ("\u201cWe will not retreat,\u201d the minister said.", ["We will not retreat"]),
        ("The colonel said \u00abthe road is open\u00bb on Friday.", ["the road is open"]),
        ("Le ministre a dit \u00ab nous resterons \u00bb hier.", ["nous resterons"]),
        ("Fighters of Kata\u2019ib Hezbollah said \u2018the convoy was hit\u2019 near the border.",
         ["the convoy was hit"]),
        ("Members of Asa'ib Ahl al-Haq met Mohammed Shia' Al Sudani in Baghdad.", []),
        ("The rebels\u2019 spokesman said \u2018no talks\u2019 were planned.", ["no talks"]),
        ("'We are surrounded,' the commander radioed.", ["We are surrounded"]),
        ('"They call it \u2018Operation Dawn\u2019 but it is a retreat," he said.',
         ["They call it \u2018Operation Dawn\u2019 but it is a retreat"]),
        ('He said "the bridge is gone" and "the dam is next."', ["the bridge is gone", "the dam is next."]),
        ('The commander said "we will hold the bridge until help arrives.', ["we will hold the bridge until help arrives."]),
        ('Nothing was said "" at the meeting.', []),
        ('Fighting resumed in the \'90s and again in 2014.', []),
    ],
)
def test_quotes_marks_pairing(text, expected):
    assert [text[s.start:s.end] for s in find_quote_spans(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an unclosed quote runs to the end of its paragraph, and no further when the next one does
        # not open with a quote mark
        ('The mayor said "the water is cut.\nThe army denied it.', [("the water is cut.", False)]),
        # the next paragraph opens with a quote mark: the quote continues there
        ('"We lost three villages this week.\n"The army must act now," said Adel Hamdan.',
         [("We lost three villages this week.", False), ("The army must act now", True)]),
        ("\u201cThe shelling never stops.\n\u201cWe sleep in the basement,\u201d she said.",
         [("The shelling never stops.", False), ("We sleep in the basement", True)]),
        # a closed quote followed by a quoted paragraph is not a continuation
        ('"The road is closed," he said.\n"Nobody can leave."', [("The road is closed", False), ("Nobody can leave.", False)]),
    ],
)
def test_quotes_marks_across_paragraphs(text, expected):
    assert [(text[s.start:s.end], s.continues) for s in find_quote_spans(text)] == expected


# ------------------------------------------------------------------------- attribution, one paragraph
@pytest.mark.parametrize(
    "text, quoted, kind, speaker, medium",
    [
        ('"The road to the airport is closed," Hassan Al-Jubouri told Reuters.',
         "The road to the airport is closed", "direct", "Hassan Al-Jubouri", "Reuters"),
        ('Hassan Al-Jubouri said: "The road to the airport is closed."',
         "The road to the airport is closed.", "direct", "Hassan Al-Jubouri", None),
        ('"The road to the airport is closed," said Hassan Al-Jubouri, a local council member.',
         "The road to the airport is closed", "direct", "Hassan Al-Jubouri", None),
        ('"Our units repelled the attack at dawn," the Syrian army commander in Deraa told reporters.',
         "Our units repelled the attack at dawn", "direct", "Syrian army commander in Deraa", "reporters"),
        ("\u00abWe will not leave our homes,\u00bb Fatima Darwish told AFP.",
         "We will not leave our homes", "direct", "Fatima Darwish", "AFP"),
        ("\u2018We did not fire first,\u2019 Omar Khalil, a commander in Kata\u2019ib Hezbollah, told The National.",
         "We did not fire first", "direct", "Omar Khalil", "The National"),
        ("Brigadier General Walid Sabri said the brigade was ready to \"move immediately\" if ordered.",
         "move immediately", "partial", "Walid Sabri", None),
        ('The spokesman described the strike as a "blatant violation" of the truce.',
         "blatant violation", "partial", "spokesman", None),
        ('In an interview with Al Jazeera, Yusuf Haddad said the army "will not withdraw" from the north.',
         "will not withdraw", "partial", "Yusuf Haddad", "Al Jazeera"),
        ('Colonel Tariq Mansour said "the checkpoint will stay open through the whole night.',
         "the checkpoint will stay open through the whole night.", "direct", "Tariq Mansour", None),
        ('Defence Minister Salim Karam said the situation was calm, adding, "The border is sealed."',
         "The border is sealed.", "direct", "Salim Karam", None),
        ('The council said that conditions were "catastrophic" in the camps.',
         "catastrophic", "partial", "council", None),
        ('"Nobody came to help," said Umm Ahmad, a mother of four, speaking to Reuters in Idlib.',
         "Nobody came to help", "direct", "Umm Ahmad", "Reuters"),
        ('A UN spokesperson told a news conference in Geneva that aid was "urgently needed".',
         "urgently needed", "partial", "UN", "news conference"),
        ('"We are ready," Prime Minister Mohammed Shia\' Al Sudani said on Sunday.',
         "We are ready", "direct", "Mohammed Shia' Al Sudani", None),
        ("The ministry's statement said that \"all options are open\".",
         "all options are open", "direct", "ministry", None),
    ],
)
def test_quotes_direct_and_partial_speaker_and_medium(nlp, text, quoted, kind, speaker, medium):
    quote = find(quotes_of(nlp, text), quoted)
    assert quote.kind == kind
    assert quote.speaker is not None and quote.speaker.name == speaker
    assert quote.medium == medium


@pytest.mark.parametrize(
    "text, reported, speaker",
    [
        ("The interior ministry said the borders were secure.", "the borders were secure", "interior ministry"),
        ("Mariam Saleh said that dozens of families had fled the town overnight.",
         "dozens of families had fled the town overnight", "Mariam Saleh"),
        ("Dozens of families fled the town overnight, according to the Syrian Observatory for Human Rights.",
         "Dozens of families fled the town overnight", "Syrian Observatory for Human Rights"),
        ("Three soldiers were wounded in the blast, according to a statement by the defence ministry.",
         "Three soldiers were wounded in the blast", "defence ministry"),
        ("Governor Khaled Nasser, who visited the camp on Tuesday, announced that the schools would reopen.",
         "the schools would reopen", "Khaled Nasser"),
        ("Rami Aboud told reporters that the talks had collapsed and warned that more strikes would follow.",
         "the talks had collapsed", "Rami Aboud"),
        # the parse hangs the clause on the noun of "said in a video message that ..."
        ("Its leader, Yusuf Adamu, said in a video message that his fighters would leave the town.",
         "his fighters would leave the town", "Yusuf Adamu"),
        # only the relative pronoun stands before the verb: the clause is what follows it
        ("The Treasury listed four firms that it said had shipped drones to the militia.",
         "had shipped drones to the militia", "Treasury"),
    ],
)
def test_quotes_indirect_clause_and_speaker(nlp, text, reported, speaker):
    quote = find(quotes_of(nlp, text), reported)
    assert quote.kind == "indirect"
    assert quote.speaker is not None and quote.speaker.name == speaker


@pytest.mark.parametrize(
    "text",
    [
        "The army shelled the villages north of the city on Sunday.",
        "The Supreme Court's ruling was published on Monday.",
        "Two factions announced plans to send fighters to the front.",
    ],
)
def test_quotes_none_without_speech(nlp, text):
    assert quotes_of(nlp, text) == []


# ---------------------------------------------------------------------- across paragraphs: speakers
@pytest.mark.parametrize(
    "text, quoted, speaker, speaker_text",
    [
        # pronoun two paragraphs after the named speaker
        ("Leila Haddad, who heads the Red Crescent branch in Homs, said aid convoys had been delayed.\n"
         "The convoys were carrying flour and medicine for about 4,000 families.\n"
         '"We are running out of time," she said.',
         "We are running out of time", "Leila Haddad", "she"),
        ("Commander Jamal Taha said his men had retaken the hill.\n"
         "Fighting continued on the eastern edge of the town into the evening.\n"
         '"The enemy is exhausted and will not hold for long," he added.',
         "The enemy is exhausted and will not hold for long", "Jamal Taha", "he"),
        # a person named inside the quote is not an antecedent
        ("Sami Aziz said the ceasefire was holding.\n"
         '"Ahmed Nouri promised us calm, and so far he kept his word," he said.',
         "Ahmed Nouri promised us calm, and so far he kept his word", "Sami Aziz", "he"),
        # the object of the sentence before, when no person is its subject
        ("Activists posted a video showing Bilal Sharif, a militia leader, at a checkpoint near Daraa.\n"
         'In the clip, he said the area was "completely safe".',
         "completely safe", "Bilal Sharif", "he"),
        # a surname linked to the full name given earlier
        ("Karim Al-Obeidi, a member of parliament, criticised the decision on Monday.\n"
         '"This is a grave mistake," Al-Obeidi told reporters.',
         "This is a grave mistake", "Karim Al-Obeidi", "Al-Obeidi"),
        # a continuation paragraph inherits the speaker named in the next one
        ('"We lost three villages this week.\n"The army must act now," said Adel Hamdan.',
         "We lost three villages this week.", "Adel Hamdan", "Adel Hamdan"),
        # "she" skips a man already referred to as "he"; "he" then goes back past her
        ("Omar Saleh arrived first.\nHuda Karim arrived next.\n\"We will rebuild,\" she said.\n"
         '"It will take years," he said.', "It will take years", "Omar Saleh", "he"),
        # a second quote in the same paragraph shares the speaker
        ('"The bridge is gone," Nadia Rahim said. "We cannot reach the wounded."',
         "We cannot reach the wounded.", "Nadia Rahim", "Nadia Rahim"),
    ],
)
def test_quotes_speaker_across_paragraphs(nlp, text, quoted, speaker, speaker_text):
    quote = find(quotes_of(nlp, text), quoted)
    assert quote.speaker is not None
    assert (quote.speaker.name, quote.speaker.text) == (speaker, speaker_text)
    assert quote.speaker.kind == "person"


def test_quotes_plural_pronoun_goes_to_a_group_speaker(nlp):
    text = 'The rebel commanders said they had evacuated the area.\n"We had no choice," they said.'
    quote = find(quotes_of(nlp, text), "We had no choice")
    assert quote.speaker is not None and (quote.speaker.name, quote.speaker.text) == ("rebel commanders", "they")


def test_quotes_several_in_one_paragraph_same_speaker(nlp):
    text = ("Police chief Munir Daoud spoke to residents on Thursday.\n"
            '"The bridge is gone," he said, adding that engineers were "working day and night" to '
            'repair it and that "traffic will resume within a week," he added.')
    found = quotes_of(nlp, text)
    marked = [q for q in found if q.kind != "indirect"]
    assert [q.text for q in marked] == ["The bridge is gone", "working day and night",
                                        "traffic will resume within a week"]
    assert {q.speaker.name for q in marked} == {"Munir Daoud"}


@pytest.mark.parametrize(
    "text, quoted",
    [
        # a quote paragraph with no reporting verb that does not continue a quote: honest None
        ('Nabil Farouk said the talks had failed.\n"Nobody wants another war."', "Nobody wants another war."),
        ('The shelling lasted all night.\n"It was the worst night of the war," one resident wrote.\n'
         '"The children could not stop crying."', "The children could not stop crying."),
    ],
)
def test_quotes_no_reporting_verb_gives_no_speaker(nlp, text, quoted):
    assert find(quotes_of(nlp, text), quoted).speaker is None


def test_quotes_actor_entity_is_used_for_the_speaker(nlp):
    text = '"We will respond," the group said in a statement on Telegram.'
    start = text.index("the group")
    actor = Entity(name="Kata'ib Hezbollah", text="the group", kb_id="kh", country="IRQ", sector="REB",
                   kind="group", start=start, end=start + len("the group"))
    quote = find(quotes_of(nlp, text, [actor]), "We will respond")
    assert quote.speaker is not None
    assert (quote.speaker.name, quote.speaker.kb_id, quote.speaker.country) == ("Kata'ib Hezbollah", "kh", "IRQ")
    assert (quote.speaker.start, quote.speaker.end) == (start, start + len("the group"))


def test_quotes_actor_inside_a_description_is_not_the_speaker(nlp):
    text = '"The road is cut," the senior Syrian military commander told reporters.'
    start = text.index("Syrian")
    syria = Entity(name="Syria", text="Syrian", country="SYR", kind="country", start=start, end=start + 6)
    quote = find(quotes_of(nlp, text, [syria]), "The road is cut")
    assert quote.speaker is not None
    assert (quote.speaker.name, quote.speaker.kind) == ("senior Syrian military commander", "generic")


def test_quotes_ids_in_text_order(nlp):
    text = ('Ziad Haddad said the port was closed.\n"Ships are waiting offshore," he said.\n'
            'The navy said that patrols had been doubled.')
    found = quotes_of(nlp, text)
    assert [q.id for q in found] == [f"q{n}" for n in range(1, len(found) + 1)]
    assert [q.start for q in found] == sorted(q.start for q in found)
    assert len(found) == 3


# ------------------------------------------------------------------------------------ quote_at
def _q(id_: str, start: int, end: int, speaker: str | None) -> Quote:
    who = Entity(name=speaker, text=speaker) if speaker else None
    return Quote(id=id_, text="x" * (end - start), start=start, end=end, kind="direct", speaker=who)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (12, 20, "q2"),  # innermost containing quote
        (2, 8, "q1"),
        (5, 40, "q1"),  # across q2 and q3: only q1 holds it all
        (45, 60, None),  # runs past the end of q1
        (60, 65, None),
        (31, 33, "q1"),  # the inner one has no speaker: the outer one does
    ],
)
def test_quotes_quote_at(start, end, expected):
    quotes = [_q("q1", 0, 50, "A"), _q("q2", 10, 25, "B"), _q("q3", 30, 35, None)]
    found = quote_at(quotes, start, end)
    assert (found.id if found else None) == expected


# ------------------------------------------------------------------------------------- lexicon
def test_quotes_lexicon_user_file_extends_and_removes(tmp_path, monkeypatch):
    (tmp_path / "reporting_verbs.json").write_text(json.dumps({"verbs": ["mumble"], "remove": ["warn"]}))
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path))
    lexicon = load_lexicon(data_files("reporting_verbs.json"))
    assert "mumble" in lexicon.verbs and "say" in lexicon.verbs and "warn" not in lexicon.verbs


def test_quotes_lexicon_bad_file_names_the_file(tmp_path):
    bad = tmp_path / "reporting_verbs.json"
    bad.write_text(json.dumps({"verbs": "say"}))
    with pytest.raises(DataFileError, match="reporting_verbs.json"):
        load_lexicon([bad])


# ------------------------------------------------------------------------------ the seed article
@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_path):  # seed_path (conftest) skips when the example article is absent
    return quotes_of(nlp, seed_path.read_text(encoding="utf-8"))


def test_quotes_seed_counts_and_speakers(seed_quotes):
    direct = [q for q in seed_quotes if q.kind == "direct"]
    assert len(direct) >= 10
    speakers = {q.speaker.name for q in direct if q.speaker}
    assert {"Kazem Al-Fartousi", "Ali Al-Fatlawi", "Saad Al-Hadithi"} <= speakers
    assert all(q.speaker is not None for q in direct)


def test_quotes_seed_pronoun_quotes(seed_quotes):
    by_pronoun = [q for q in seed_quotes if q.kind == "direct" and q.speaker and q.speaker.text in {"he", "she"}]
    assert len(by_pronoun) >= 6
    names = [q.speaker.name for q in by_pronoun]
    assert names.count("Kazem Al-Fartousi") >= 2 and names.count("Ali Al-Fatlawi") >= 3
    assert "Saad Al-Hadithi" in names


def test_quotes_seed_media_as_written(seed_quotes):
    media = {q.medium for q in seed_quotes if q.medium}
    assert media == {"Al-Alaraby Al-Jadeed", "Al-Araby Al-Jadeed"}
    for quote in seed_quotes:
        if quote.medium:
            assert quote.speaker is not None and quote.speaker.kind == "person"


# ------------------------------------------------------------------- descriptions and affiliations
@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        # a personal name beside the description is the speaker
        ('"The convoy reached the camp at noon," a spokeswoman for the aid agency, Rania Khoury, told reporters.',
         "The convoy reached the camp at noon", "Rania Khoury"),
        ('"Nobody may enter the zone," navy spokesman Yoav Ben-Ami wrote on X.',
         "Nobody may enter the zone", "Yoav Ben-Ami"),
        ('"Talks will resume next week," a senior Turkish diplomat, Selin Arslan, said in Ankara.',
         "Talks will resume next week", "Selin Arslan"),
        ('"The port is ours," Aung Kyaw Moe, a spokesman for the rebel alliance, told the Irrawaddy Herald.',
         "The port is ours", "Aung Kyaw Moe"),
        # an unnamed spokesperson speaks for the organisation
        ('"Supplies will run out within days," a UNICEF spokeswoman said.',
         "Supplies will run out within days", "UNICEF"),
        ('"We hold the bridge," a spokesman for the Kachin Independence Army said.',
         "We hold the bridge", "Kachin Independence Army"),
        # a role whose owner is a definite description is named after the owner's antecedent
        ('Gunmen attacked Tabarre, a district north of the capital, on Sunday.\n'
         '"We counted eleven bodies," the district\'s mayor said.', "We counted eleven bodies", "mayor of Tabarre"),
        ("Drones struck a refinery in Russia's Saratov region overnight.\n"
         '"There were no casualties," the region\'s governor said.', "There were no casualties",
         "governor of Saratov region"),
    ],
)
def test_quotes_description_speakers(nlp, text, quoted, speaker):
    quote = find(quotes_of(nlp, text), quoted)
    assert quote.speaker is not None and quote.speaker.name == speaker


@pytest.mark.parametrize(
    "text, quoted",
    [
        ('"They came at night and burned the market," a resident told Reuters.',
         "They came at night and burned the market"),
        ('"Our units repelled the attack at dawn," a senior Syrian military source told reporters.',
         "Our units repelled the attack at dawn"),
        ('"The shelling has not stopped since Friday," two medics in the town said.',
         "The shelling has not stopped since Friday"),
        ('"Many of the dead were children," said the official, who asked not to be named.',
         "Many of the dead were children"),
        ('"We are waiting for orders," an officer at the checkpoint said.', "We are waiting for orders"),
        ('"The water is poisoned," villagers told the Sahel Courier.', "The water is poisoned"),
        # "he" after an anonymous source does not jump back to the last named person
        ('Karim Nasser said the town was calm.\nA witness said gunmen arrived at dawn.\n'
         '"They shot at the cars," he said.', "They shot at the cars"),
    ],
)
def test_quotes_anonymous_sources_are_generic_descriptions(nlp, text, quoted):
    speaker = find(quotes_of(nlp, text), quoted).speaker
    assert speaker is not None and speaker.kind == "generic" and speaker.kb_id is None
    assert speaker.name.split()[-1].lower() in text.lower()  # named by its description, never a person


def _actor(text: str, phrase: str, name: str, country: str, sector: str, kind: str = "group",
           occurrence: int = 0) -> Entity:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Entity(name=name, text=phrase, country=country, sector=sector, kind=kind, start=start,
                  end=start + len(phrase), kb_id=name.lower())


@pytest.mark.parametrize(
    "text, quoted, actor, speaker, country, sector",
    [
        # the person's country and sector come from the group the apposition names
        ('"The port is ours," Aung Kyaw Moe, a spokesman for the Arakan Army, told reporters.',
         "The port is ours", ("Arakan Army", "Arakan Army", "MMR", "REB"), "Aung Kyaw Moe", "MMR", "REB"),
        ('"We will not stop," a spokeswoman for the Houthi movement, Amal Yahya, wrote on Telegram.',
         "We will not stop", ("Houthi movement", "Ansar Allah", "YEM", "REB"), "Amal Yahya", "YEM", "REB"),
        # an unnamed spokesperson: the organisation, also when written as its initials
        ('The World Food Programme said its depot was looted.\n'
         '"We have lost all our stocks," a WFP spokeswoman said.', "We have lost all our stocks",
         ("World Food Programme", "World Food Programme", "IGOUNO", "AGR"), "World Food Programme", "IGOUNO", "AGR"),
    ],
)
def test_quotes_speaker_affiliation(nlp, text, quoted, actor, speaker, country, sector):
    phrase, name, code, sec = actor
    entity = _actor(text, phrase, name, code, sec, kind="organization")
    quote = find(quotes_of(nlp, text, [entity]), quoted)
    assert quote.speaker is not None
    assert (quote.speaker.name, quote.speaker.country, quote.speaker.sector) == (speaker, country, sector)
