"""eventwire as spaCy components in a plain English pipeline, found through the entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

TEXTS = ["Rebels attacked an army base near Kidal on Sunday, the army said.",
         'The minister condemned the attack. "We will respond," he said.']


@pytest.fixture(scope="module")
def nlp():
    from eventwire.parse import load_base_model

    nlp = load_base_model()
    nlp.add_pipe("eventwire_entities", before="ner")
    nlp.add_pipe("eventwire")
    return nlp


def test_component_fills_doc_extensions(nlp) -> None:
    doc = nlp(TEXTS[0])
    assert [e.type for e in doc._.events] == ["ASSAULT"]
    assert any(p.text == "Kidal" and p.country == "MLI" for p in doc._.places)
    assert doc._.times and doc._.actors is not None and doc._.quotes == []


def test_component_works_with_nlp_pipe_and_published(nlp) -> None:
    docs = list(nlp.pipe(TEXTS))
    assert [len(d._.events) for d in docs] == [1, 1]
    assert docs[1]._.quotes and docs[1]._.quotes[0].kind == "direct"
    doc = nlp.make_doc(TEXTS[0])
    doc._.published = "2025-03-10"  # a Sunday's date resolves against it
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    assert doc._.events[0].date is not None and doc._.events[0].date.start == "2025-03-09"


def test_factories_are_registered_by_entry_point_without_importing_eventwire() -> None:
    code = ("import spacy; nlp = spacy.blank('en'); "
            "print(nlp.has_factory('eventwire'), nlp.has_factory('eventwire_entities'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
