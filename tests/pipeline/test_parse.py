"""The parse stage: sentence boundaries at paragraphs and datelines, the entity ruler before the NER."""

import pytest

from eventwire.parse import build_nlp, cached_ents, sentence_bounds, sentence_numbers


@pytest.fixture(scope="module")
def nlp():
    return build_nlp([{"label": "ORG", "pattern": "Kata'ib Hezbollah", "id": "kataib-hezbollah"}])


def test_parse_new_paragraph_starts_a_sentence(nlp):
    doc = nlp('"We are ready," he said\nThe militia said it had moved.')
    assert [s.text.strip() for s in doc.sents] == ['"We are ready," he said', "The militia said it had moved."]


@pytest.mark.parametrize(
    "text, first",
    [
        ("PORT SUDAN, April 15 (Example Wire) - The army said it shelled the town.", "The"),
        ("BAGHDAD (Example Wire) - Militias said they would respond.", "Militias"),
        ("GOMA, Congo, Feb 14 — Rebels entered the city.", "Rebels"),
    ],
)
def test_parse_dateline_is_not_the_subject(nlp, text, first):
    sentences = list(nlp(text).sents)
    assert sentences[-1][0].text == first


def test_parse_ruler_beats_the_ner(nlp):
    doc = nlp("Kata'ib Hezbollah fighters crossed the border.")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents][0] == ("Kata'ib Hezbollah", "ORG", "kataib-hezbollah")


def test_parse_cached_views_match_spacy(nlp):
    doc = nlp("Rebels attacked Goma.\nThe army said it repelled them on Sunday.")
    assert cached_ents(doc) == tuple(doc.ents)
    assert [sentence_bounds(doc)[t.i] for t in doc] == [(t.sent.start, t.sent.end) for t in doc]
    numbers = {s.start: n for n, s in enumerate(doc.sents)}
    assert sentence_numbers(doc) == [numbers[t.sent.start] for t in doc]


def test_parse_missing_model_says_how_to_install():
    from eventwire.errors import ModelNotInstalled
    from eventwire.parse import load_base_model

    with pytest.raises(ModelNotInstalled, match="requirements/model.txt"):
        load_base_model("no_such_spacy_model_xyz")
