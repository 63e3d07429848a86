"""eventwire as spaCy components, for use inside any English pipeline.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("eventwire_entities", before="ner")   # optional: KB actors and gazetteer places first
    nlp.add_pipe("eventwire")                          # fills doc._.events, quotes, places, times, actors
    for doc in nlp.pipe(texts):
        print(doc._.events)

The factories are registered through the `spacy_factories` entry point, so after `pip install eventwire`
`add_pipe` finds them without importing eventwire first. Set `doc._.published` (YYYY-MM-DD) before the
component runs, e.g. with `nlp.pipe(..., as_tuples=True)` and a small component of your own, to resolve
relative dates; without it, dates stay relative-unresolved as for an undated article.
"""

from __future__ import annotations

import functools

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from eventwire.model import Article

_FIELDS = ("events", "quotes", "places", "times", "actors")
for _name in (*_FIELDS, "published", "coded"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@functools.lru_cache(maxsize=1)
def _default_resources():
    from eventwire.resources import Resources

    return Resources.load()


@Language.factory(
    "eventwire",
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.sents"],
    assigns=[f"doc._.{f}" for f in (*_FIELDS, "coded")],
    default_config={},
)
def make_eventwire(nlp: Language, name: str) -> EventwireComponent:
    """The eventwire stages after parsing (actors, places, times, quotes, events), version 1."""
    return EventwireComponent(_default_resources())


class EventwireComponent:
    def __init__(self, resources):
        from eventwire.pipeline import Stages

        self.stages = Stages(resources)

    def __call__(self, doc: Doc) -> Doc:
        article = Article(id=doc.user_data.get("eventwire_id", "doc"), text=doc.text, published=doc._.published)
        coded = self.stages.code_doc(article, doc)
        doc._.coded = coded
        for field in _FIELDS:
            setattr(doc._, field, getattr(coded, field))
        return doc


@Language.factory(
    "eventwire_entities",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={},
)
def make_entities(nlp: Language, name: str) -> EntityRuler:
    """An entity ruler with the knowledge base's actors and the gazetteer's places (put it before "ner")."""
    from eventwire.pipeline import Coder

    ruler = EntityRuler(nlp, name, phrase_matcher_attr="ORTH", overwrite_ents=True)
    ruler.add_patterns(Coder.ruler_patterns(_default_resources()))
    return ruler
