"""`Resources`: every piece of knowledge the stages use, loaded once and handed to each stage.

The actor knowledge base, the gazetteer, the PLOVER trigger lexicon (with the coding cues) and the quote
lexicon (reporting verbs, titles, media words). A `Coder` builds one from the packaged data files plus the
user's (`EVENTWIRE_DATA_DIR`, or explicit extra paths); tests and users may build one from their own files.
No stage loads a default resource by itself when the pipeline gives it one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from eventwire.actors.kb import ActorKB, load_kb
from eventwire.datafiles import data_files
from eventwire.events.lexicon import Lexicon, load_lexicon
from eventwire.places.gazetteer import Gazetteer, load_gazetteer
from eventwire.quotes.speakers import QuoteLexicon
from eventwire.quotes.speakers import load_lexicon as load_quote_lexicon

Paths = Iterable[str | os.PathLike]


@dataclass(frozen=True, slots=True)
class Resources:
    kb: ActorKB
    gazetteer: Gazetteer
    lexicon: Lexicon
    quote_lexicon: QuoteLexicon

    @classmethod
    def load(cls, *, kb: ActorKB | None = None, gazetteer: Gazetteer | None = None,
             lexicon: Lexicon | None = None, quote_lexicon: QuoteLexicon | None = None,
             actor_files: Paths = (), gazetteer_files: Paths = (), lexicon_files: Paths = (),
             reporting_files: Paths = ()) -> Resources:
        """The packaged resources, extended by the user's files; any part may be given ready-made."""
        return cls(
            kb=kb if kb is not None else load_kb(tuple(actor_files)),
            gazetteer=gazetteer if gazetteer is not None else load_gazetteer(tuple(gazetteer_files)),
            lexicon=lexicon if lexicon is not None else load_lexicon(tuple(str(p) for p in lexicon_files)),
            quote_lexicon=quote_lexicon if quote_lexicon is not None
            else load_quote_lexicon(data_files("reporting_verbs.json", tuple(reporting_files))),
        )
