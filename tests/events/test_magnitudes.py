"""Magnitudes: the counts a report gives for an event, read as written (docs/annotation.md 9.9) and
attached to the event they belong to. Invented sentences."""

from __future__ import annotations

import json

import pytest

PUBLISHED = "2025-03-10"


def counts(event):
    return {kind: (m.min, m.max) for kind, m in event.magnitudes.items()}


def the_event(events, type_):
    found = [e for e in events if e.type == type_]
    assert found, [(e.type, e.trigger) for e in events]
    return found[0]


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Gunmen attacked a village in northern Mali on Monday, killing at least 20 civilians.", "killed", (20, None)),
    ("Gunmen attacked a village in northern Mali on Monday, killing 17 civilians.", "killed", (17, 17)),
    ("An airstrike by the Syrian army killed between 5 and 7 fighters near Idlib.", "killed", (5, 7)),
    ("Fighting in Sudan's Darfur region has displaced more than 10,000 people, the UN said.", "displaced", (10001, None)),
    ("Police in Nairobi arrested 40 protesters on Tuesday.", "arrested", (40, 40)),
    ("Militants kidnapped dozens of schoolchildren in Kaduna state, Nigeria, on Thursday.", "abducted", (24, None)),
])
def test_a_count_is_read_as_written(code, text, kind, expected):
    events = [e for e in code(text).events if e.magnitudes]
    assert events, [(e.type, e.trigger) for e in code(text).events]
    assert counts(events[0]).get(kind) == expected, counts(events[0])


def test_one_sentence_gives_each_kind_its_own_count(code):
    event = the_event(code("Gunmen attacked a village in northern Mali, killing at least 20 civilians and "
                           "wounding 5.").events, "ASSAULT")
    assert counts(event) == {"killed": (20, None), "injured": (5, 5)}


def test_a_toll_in_the_next_sentence_reaches_back_to_the_attack(code):
    events = code("Gunmen attacked a village in Nigeria on Sunday. Twelve people were killed in the attack.").events
    attack = [e for e in events if e.type == "ASSAULT" and e.sentence == 0]
    assert attack and counts(attack[0]) == {"killed": (12, 12)}


def test_a_count_of_another_kind_of_event_is_not_taken(code):
    # Talks are no incident with a toll: the 30 delegates are not casualties.
    events = code("Thirty delegates from Sudan and South Sudan met in Addis Ababa on Monday for talks.").events
    assert not [e for e in events if e.magnitudes], [(e.type, counts(e)) for e in events]


def test_a_users_word_list_adds_to_the_bundled_one(tmp_path):
    from eventwire.events.magnitudes import load_words

    extra = tmp_path / "magnitudes.json"
    extra.write_text(json.dumps({"version": 1, "kinds": {"killed": {"verbs": ["liquidate"]}}}), encoding="utf-8")
    words = load_words((str(extra),))
    assert words.verbs["liquidate"] == ("killed",) and words.verbs["kill"] == ("killed",)
    assert "wound" in words.verbs  # the other kinds are untouched


def test_a_bad_word_list_names_the_file(tmp_path):
    from eventwire.errors import DataFileError
    from eventwire.events.magnitudes import load_words

    extra = tmp_path / "magnitudes.json"
    extra.write_text(json.dumps({"version": 1, "kinds": {"killed": {"verbs": "kill"}}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="magnitudes.json"):
        load_words((str(extra),))
