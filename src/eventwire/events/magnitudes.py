"""Magnitudes of events: how many people the report says were killed, injured, arrested, displaced or
abducted (`Event.magnitudes`, docs/events.md "Magnitudes", the rules of docs/annotation.md 9.9).

Two steps, both on the parse:
1. `sentence_tolls`: every count in a sentence that a kind word governs ("killing 12", "12 people were
   killed", "left 5 dead and 20 wounded", "the death toll rose to 30", "detained 40 protesters"), read
   as written: "at least 20" -> min 20, max None; "17" -> 17, 17; "between 5 and 7" -> 5, 7; "more than
   100" -> 101, None; "dozens" -> 24, None; "a policeman" -> 1, 1; "10 civilians and a police officer"
   -> 11, 11.
2. Attachment. `magnitudes_of` (one trigger, in its sentence) takes the counts whose nearest trigger in
   the dependency tree of a compatible type is this one. `carry_magnitudes` (the article, once its
   events are built) gives the counts no event took to an event of their sentence, else to the event
   just before (a toll sentence after the attack: "Gunmen attacked a village. Twelve people were
   killed."), else to the next one (a headline toll before the first coded event); and a headline's
   event takes the lead's reading of the same number ("kill 5" in the headline, "at least five" in
   the lead).

Every word list is data: `data/magnitudes.json` (schema `data/schema/magnitudes.schema.json`), with a
user's file of the same name in `$EVENTWIRE_DATA_DIR` merged over it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from eventwire.datafiles import data_files, read_json, validate
from eventwire.model import MAGNITUDE_KINDS, Event, Magnitude

# How many sentences a toll reaches back (or ahead, for tolls before any event) for its event.
CARRY_WINDOW = 4
# How many sentences after the headline the lead's reading of a headline's number is looked for.
LEAD_WINDOW = 3

_CACHE_KEY = ("eventwire", "magnitude_tolls")
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


# --- the word lists --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Words:
    """`data/magnitudes.json`, indexed."""

    verbs: dict[str, tuple[str, ...]]  # lemma -> kinds, in the file's order
    passive_verbs: dict[str, tuple[str, ...]]
    subject_verbs: frozenset[str]
    adjectives: dict[str, tuple[str, ...]]
    nouns: dict[str, tuple[str, ...]]
    event_types: dict[str, frozenset[str]]  # kind -> event types its counts belong to
    subject_counts: frozenset[str]
    toll_prepositions: frozenset[str]
    approximations: dict[tuple[str, ...], tuple[Any, Any]]  # words -> (min rule, max rule)
    approximation_words: frozenset[str]
    range_words: frozenset[str]
    number_words: dict[str, int]
    scale_words: dict[str, int]
    vague_numbers: dict[str, tuple[int, int | None]]
    determiners: frozenset[str]
    pronouns: frozenset[str]
    collective_nouns: frozenset[str]

    def kinds_for(self, kinds: Sequence[str], event_type: str | None) -> str | None:
        """The first of `kinds` whose counts belong to an event of `event_type`."""
        return next((k for k in kinds if event_type in self.event_types[k]), None)


def _merge(base: Any, over: Any) -> Any:
    """A user's file adds to the bundled one: tables merge key by key, word lists gain its words."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{key: _merge(base.get(key), value) for key, value in over.items()}}
    if isinstance(base, list) and isinstance(over, list):
        return base + [item for item in over if item not in base]
    return over


def _merged(paths: Sequence) -> dict[str, Any]:
    """The files merged in order; the whole is checked, so a user's file need hold only its additions."""
    merged: dict[str, Any] = {}
    for path in paths:
        merged = _merge(merged, read_json(path))
    validate(merged, "magnitudes", paths[-1])
    return merged


@functools.lru_cache(maxsize=4)
def load_words(extra: tuple[str, ...] = ()) -> Words:
    """The magnitude words: the packaged file, then a user's file of the same name, then `extra`."""
    data = _merged(data_files("magnitudes.json", extra))
    index: dict[str, dict[str, list[str]]] = {part: {} for part in
                                               ("verbs", "passive_verbs", "adjectives", "nouns")}
    subject_verbs: set[str] = set()
    for kind in MAGNITUDE_KINDS:
        entry = data["kinds"].get(kind) or {}
        for part, table in index.items():
            for word in entry.get(part, ()):
                table.setdefault(word, []).append(kind)
        subject_verbs.update(entry.get("subject_verbs", ()))
        for word in entry.get("subject_verbs", ()):
            if kind not in index["verbs"].get(word, ()):
                index["verbs"].setdefault(word, []).append(kind)
    governors = data.get("noun_governors") or {}
    singular = data["singular"]
    return Words(
        **{part: {w: tuple(k) for w, k in table.items()} for part, table in index.items()},
        subject_verbs=frozenset(subject_verbs),
        event_types={k: frozenset((data["kinds"].get(k) or {}).get("event_types", ())) for k in MAGNITUDE_KINDS},
        subject_counts=frozenset(governors.get("subject_counts", ())),
        toll_prepositions=frozenset(governors.get("toll_prepositions", ())),
        approximations={tuple(p.split()): (r["min"], r["max"]) for p, r in data["approximations"].items()},
        approximation_words=frozenset(w for p in data["approximations"] for w in p.split()),
        range_words=frozenset(data.get("range_words", ())),
        number_words=dict(data["number_words"]),
        scale_words=dict(data["scale_words"]),
        vague_numbers={w: (r["min"], r["max"]) for w, r in data["vague_numbers"].items()},
        determiners=frozenset(singular.get("determiners", ())),
        pronouns=frozenset(singular.get("pronouns", ())),
        collective_nouns=frozenset(singular.get("collective_nouns", ())),
    )


# --- reading a count -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Count:
    low: int | None
    high: int | None
    first: int  # token indices, inclusive
    last: int
    known: bool = True  # False: a part with no number ("some pupils"), which opens the maximum


def _number_token(token: Token, words: Words) -> bool:
    low = token.lower_
    return bool(_DIGITS.match(low)) or low in words.number_words or low in words.scale_words \
        or low in words.vague_numbers


def _value(tokens: list[Token], words: Words) -> tuple[int, int | None] | None:
    """One number as written: "12", "1.5 million", "twenty-five", "two dozen", "tens of thousands"."""
    total: float | None = None
    open_ended = False
    pending_add = False
    for token in tokens:
        low = token.lower_
        if low in ("-", "a", "of"):
            pending_add = low == "-"
            continue
        if _DIGITS.match(low):
            number: float = float(low.replace(",", ""))
            total = number if total is None else total + number
        elif low in words.scale_words:
            total = (total or 1) * words.scale_words[low]
        elif low in words.vague_numbers:
            base, high = words.vague_numbers[low]
            scale = words.scale_words.get(low[:-1]) if low.endswith("s") else None
            if total is not None and scale:  # "tens of thousands": the first vague word times the scale
                total *= scale
            else:
                total = base if total is None else total + base
            open_ended = open_ended or high is None
        elif low in words.number_words:
            number = words.number_words[low]
            total = number if total is None or not pending_add else total + number
        else:
            return None
        pending_add = False
    if total is None:
        return None
    return int(total), None if open_ended else int(total)


def _phrase_value(tokens: list[Token], words: Words) -> tuple[int, int | None] | None:
    """A number or a range of two ("eight to ten", "between 5 and 7", "5-7")."""
    for i, token in enumerate(tokens):
        if token.lower_ in words.range_words and 0 < i < len(tokens) - 1:
            left, right = _value(tokens[:i], words), _value(tokens[i + 1:], words)
            if token.lower_ == "-" and left and right and left[0] >= 20 and right[0] < 10:
                continue  # "twenty-five"
            if left and right:
                return left[0], right[1]
    return _value(tokens, words)


def _bound(rule: Any, n: int | None) -> int | None:
    if rule is None or n is None:
        return rule if isinstance(rule, int) else None
    if isinstance(rule, int):
        return rule
    return {"n": n, "n+1": n + 1, "n-1": max(n - 1, 0)}[rule]


def _read_number(tokens: list[Token], words: Words) -> Count | None:
    """The first number among `tokens` (a noun phrase's words before its head, and the head when it is
    a number), with the approximation just before it."""
    start = next((i for i, t in enumerate(tokens) if _number_token(t, words)
                  or (t.lower_ in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1].lower_ in words.scale_words)),
                 None)
    if start is None:
        return None
    end = start
    while end + 1 < len(tokens) and (_number_token(tokens[end + 1], words) or (
            tokens[end + 1].lower_ in words.range_words | {"of"} and end + 2 < len(tokens)
            and _number_token(tokens[end + 2], words))):
        end += 1
    value = _phrase_value(tokens[start:end + 1], words)
    if value is None:
        return None
    low, high = value
    before = tuple(t.lower_ for t in tokens[:start])
    first = start
    for size in (3, 2, 1):
        rule = words.approximations.get(before[-size:]) if len(before) >= size else None
        if rule is not None:
            low, high, first = _bound(rule[0], low), _bound(rule[1], high), start - size
            break
    return Count(low, high, tokens[first].i, tokens[end].i)


def _number_words(head: Token, words: Words) -> list[Token]:
    """The words of `head`'s phrase that can say its number: numbers, quantifiers, determiners and
    approximations before it with their own words ("at least 20", "some 6,000", "an estimated 1.5
    million"), not adjectives or compounds ("a 13-year-old child", "the 400 Mawozo gang"), and `head`."""
    keep = [c for c in head.lefts if c.dep_ in ("nummod", "quantmod", "det", "advmod", "npadvmod")
            or (c.dep_ in ("amod", "compound") and (_number_token(c, words) or c.lower_ in words.approximation_words))]
    return sorted({t for c in keep for t in c.subtree} | {head}, key=lambda t: t.i)


def _part_count(head: Token, words: Words) -> Count | None:
    """The count of one noun phrase: its number, or one for a singular person ("a policeman")."""
    if head.lower_ in words.pronouns:
        return Count(1, 1, head.i, head.i)
    counted = _read_number(_number_words(head, words), words)
    if counted is not None:
        return counted
    if head.tag_ in ("NN", "NNP") and head.lemma_.lower() not in words.collective_nouns \
            and head.lower_ not in words.collective_nouns:
        first = next((c for c in head.lefts if c.dep_ in ("det", "poss") and c.lower_ in words.determiners), None)
        if first is not None or (head.tag_ == "NNP" and head.ent_type_ == "PERSON"):
            start = first.i if first is not None else head.left_edge.i
            return Count(1, 1, start, head.i)
    return None


def count_of(heads: Sequence[Token], words: Words) -> Count | None:
    """The count of one or more noun phrases (with their conjuncts): the sum of the parts; a part with
    no number leaves the maximum open ("three teachers and some pupils" -> 3, None)."""
    parts = []
    for head in heads:
        for part in (head, *(c for c in head.conjuncts if c.i > head.i)):
            if part not in parts:
                parts.append(part)
    counts = [_part_count(p, words) for p in parts]
    if counts and counts[0] is not None and counts[0].high == 1:  # "his son and daughter-in-law": one each
        counts = [c if c is not None or p.tag_ not in ("NN", "NNP") else Count(1, 1, p.i, p.i)
                  for c, p in zip(counts, parts)]
    known = [c for c in counts if c is not None]
    if not known:
        return None
    low = sum(c.low or 0 for c in known)
    unknown = len(known) < len(counts) or any(c.high is None for c in known)
    high = None if unknown else sum(c.high for c in known)
    if all(c.low is None for c in known):
        low = None
    return Count(low, high, min(c.first for c in known), max(c.last for c in known))


# --- which phrase a kind word counts -----------------------------------------------------------------


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _verb_counted(verb: Token, words: Words) -> list[Token]:
    lemma = verb.lemma_.lower()
    passive = bool(_children(verb, "auxpass")) or (verb.tag_ == "VBN" and not _children(verb, "aux"))
    if lemma in words.subject_verbs:
        found = _children(verb, "nsubj", "nsubjpass")
    else:
        found = _children(verb, "dobj", "nsubjpass") or (_children(verb, "nsubj") if passive or (
            not _children(verb, "aux") and verb.tag_ == "VBD") else [])  # "ambassador, 17 others killed"
    found = [t for t in found if t.lower_ not in ("who", "which", "that")]
    if not found and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        found = _children(verb.head, "nsubjpass")  # "was shot and killed"
    if not found and (verb.dep_ in ("relcl", "amod") or verb.dep_ == "acl" and verb.tag_ == "VBN"):
        found = [verb.head]  # "17 others killed", "the 23 soldiers who died" (not "civilians fleeing")
    if not found and verb.dep_ in ("xcomp", "oprd", "ccomp", "acomp"):
        found = _children(verb.head, "dobj")  # "forced 3,000 residents to flee", "left two officers injured"
    return found


def _adjective_counted(adjective: Token) -> list[Token]:
    own = [c for c in adjective.children if c.dep_ in ("nummod", "npadvmod", "nsubj", "quantmod")
           or c.dep_ == "compound" and c.like_num]  # "132 dead", "Nine Dead" (a title-case headline)
    if own:
        return own
    if adjective.dep_ == "amod":
        return [adjective.head]  # "five wounded soldiers"
    if adjective.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "advmod", "conj", "dep"):
        governor = adjective.head  # "left three people dead", "were found dead", "shot dead"
        return _children(governor, "dobj", "nsubjpass") or _children(governor, "nsubj")
    return []


def _noun_counted(noun: Token, words: Words) -> list[Token]:
    own = _children(noun, "nummod")
    if own:
        return [noun]  # "one fatality", "40 arrests", "20,000 refugees"
    of = [p for c in _children(noun, "prep") if c.lower_ == "of" for p in _children(c, "pobj")]
    if of:
        return of  # "the death of at least 132 people"
    governor = noun.head
    if noun.lemma_.lower() == "toll" or (noun.dep_ in ("nsubj", "nsubjpass") and noun.lower_ in ("toll",)):
        if noun.dep_ in ("nsubj", "nsubjpass"):  # "the death toll rose to 30", "stood at 12", "is 40"
            found = [p for c in _children(governor, "prep") if c.lower_ in words.toll_prepositions
                     for p in _children(c, "pobj")]
            return found or _children(governor, "attr", "dobj")
        return []
    if noun.dep_ == "dobj" and governor.lemma_.lower() in words.subject_counts:
        return _children(governor, "nsubj")  # "125 more sustained injuries"
    if noun.dep_ == "pobj" and governor.dep_ == "prep" and governor.lower_ == "to" and governor.head.pos_ == "VERB":
        return _children(governor.head, "dobj", "nsubjpass")  # "stabbed two men to death"
    if noun.dep_ in ("dobj", "oprd", "attr") and governor.pos_ == "VERB":
        return [c for c in _children(governor, "dobj", "nsubjpass") if c.i != noun.i]  # "took 20 people hostage"
    return []


@dataclass(frozen=True, slots=True)
class Toll:
    """A count in a sentence and the word that says what happened to those counted."""

    kinds: tuple[str, ...]
    anchor: int  # token index of the kind word
    magnitude: Magnitude


def _anchor_kinds(token: Token, words: Words) -> tuple[tuple[str, ...], str] | None:
    lemma, low = token.lemma_.lower(), token.lower_
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        if lemma in words.verbs:
            return words.verbs[lemma], "verb"
        if lemma in words.passive_verbs and _children(token, "auxpass"):
            return words.passive_verbs[lemma], "verb"
    if (token.pos_ == "ADJ" or token.pos_ == "PROPN" and token.is_title) \
            and (low in words.adjectives or lemma in words.adjectives):
        return words.adjectives.get(low) or words.adjectives[lemma], "adjective"
    if token.pos_ in ("NOUN", "PROPN") and (lemma in words.nouns or low in words.nouns):
        return words.nouns.get(lemma) or words.nouns[low], "noun"
    return None


def sentence_tolls(sentence: Span, words: Words | None = None) -> list[Toll]:
    """The counts of `sentence`, in text order (computed once per sentence and Doc)."""
    words = words or load_words()
    cache = sentence.doc.user_data.setdefault(_CACHE_KEY, {})
    if sentence.start in cache:
        return cache[sentence.start]
    tolls: list[Toll] = []
    seen: set[tuple[str, int, int]] = set()
    doc = sentence.doc
    for token in sentence:
        found = _anchor_kinds(token, words)
        if found is None:
            continue
        kinds, part = found
        heads = (_verb_counted(token, words) if part == "verb" else _adjective_counted(token) if part == "adjective"
                 else _noun_counted(token, words))
        heads = [h for h in heads if sentence.start <= h.i < sentence.end and (h.i != token.i or part == "noun")]
        count = count_of(heads, words) if heads else None
        if count is None or (count.low is None and count.high is None):
            continue
        key = (kinds[0], count.first, count.last)
        if key in seen:
            continue
        seen.add(key)
        span = doc[count.first:count.last + 1]
        tolls.append(Toll(kinds, token.i, Magnitude(count.low, count.high, span.text, span.start_char, span.end_char)))
    cache[sentence.start] = tolls
    return tolls


# --- attachment ------------------------------------------------------------------------------------------


def _depth(token: Token) -> list[int]:
    return [token.i, *(a.i for a in token.ancestors)]


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a, up_b = _depth(a), _depth(b)
    common = set(up_a) & set(up_b)
    if not common:
        return len(up_a) + len(up_b)
    return next(i for i, t in enumerate(up_a) if t in common) + next(i for i, t in enumerate(up_b) if t in common)


def _nearest(anchor: Token, triggers: Iterable[Token]) -> Token | None:
    return min(triggers, key=lambda t: (tree_distance(anchor, t), abs(anchor.i - t.i)), default=None)


def magnitudes_of(token: Token, sentence: Span, coding) -> dict[str, Magnitude]:
    """The counts of `sentence` that belong to the event of trigger `token`: those whose nearest
    trigger of a compatible type (`coding.trigger_types`) is this one."""
    words = load_words()
    types = coding.trigger_types
    own_type = types.get(token.i)
    out: dict[str, Magnitude] = {}
    doc = sentence.doc
    for toll in sentence_tolls(sentence, words):
        kind = words.kinds_for(toll.kinds, own_type)
        if kind is None or kind in out:
            continue
        if _nearest_rival(toll, coding, words) in (None, token.i):
            out[kind] = toll.magnitude
    return out


def _nearest_rival(toll: Toll, coding, words: Words) -> int | None:
    """The trigger of the current sentence nearest to `toll` among those of a compatible type (None: no
    such trigger), found once per count and sentence: asked per trigger, it was cubic in a sentence of
    many triggers and counts."""
    key = (coding.sentence_number, toll.anchor, toll.kinds)
    cache = coding.nearest_triggers
    if key not in cache:
        doc, types = coding.index.doc, coding.trigger_types
        rivals = [doc[i] for i in coding.trigger_tokens if words.kinds_for(toll.kinds, types.get(i))]
        nearest = _nearest(doc[toll.anchor], rivals)
        cache[key] = nearest.i if nearest is not None else None
    return cache[key]


def _trigger_token(event: Event, sentence: Span) -> Token:
    """The token of `event`'s trigger word in its sentence (the sentence root when not found)."""
    return next((t for t in sentence if t.text == event.trigger), sentence.root)


def _headline_sentences(doc: Doc, sentences: list[Span]) -> int:
    """How many sentences the headline has (the text before the first blank line; 0 without one)."""
    cut = doc.text.find("\n\n")
    if cut < 0 or cut > 300:
        return 0
    return sum(1 for s in sentences if s.start_char < cut)


def carry_magnitudes(events: list[Event], doc: Doc) -> None:
    """Give the counts no trigger took (their trigger made no event, was merged, or their sentence has
    none) to an event, in place: one of their sentence, else the last compatible event within
    CARRY_WINDOW sentences before, else the next one after; then a headline event's counts take the
    lead's reading of the same number."""
    if not events:
        return
    words = load_words()
    sentences = list(doc.sents)
    taken = {(m.start, m.end) for e in events for m in e.magnitudes.values()}
    for number, sentence in enumerate(sentences):
        for toll in sentence_tolls(sentence, words):
            if (toll.magnitude.start, toll.magnitude.end) in taken:
                continue
            target, kind = _carry_target(toll, number, sentence, events, words)
            if target is not None:
                target.magnitudes = {**target.magnitudes, kind: toll.magnitude}
                taken.add((toll.magnitude.start, toll.magnitude.end))
    _restated_counts(events)
    _lead_readings(events, sentences, words)
    _open_readings(events, sentences, words)


def _carry_target(toll: Toll, number: int, sentence: Span, events: list[Event],
                  words: Words) -> tuple[Event | None, str | None]:
    here = [e for e in events if e.sentence == number and words.kinds_for(toll.kinds, e.type)]
    if here:
        anchor = sentence.doc[toll.anchor]
        best = min(here, key=lambda e: tree_distance(anchor, _trigger_token(e, sentence)))
        kind = words.kinds_for(toll.kinds, best.type)
        return (best, kind) if kind not in best.magnitudes else (None, None)
    before = [e for e in events if number - CARRY_WINDOW <= e.sentence < number
              and words.kinds_for(toll.kinds, e.type)]
    if before:
        last = max(e.sentence for e in before)
        for event in (e for e in before if e.sentence == last):
            kind = words.kinds_for(toll.kinds, event.type)
            if kind not in event.magnitudes:
                return event, kind
        return None, None
    after = [e for e in events if number < e.sentence <= number + CARRY_WINDOW
             and words.kinds_for(toll.kinds, e.type)]
    for event in after:
        kind = words.kinds_for(toll.kinds, event.type)
        if kind not in event.magnitudes:
            return event, kind
    return None, None


def _lead_readings(events: list[Event], sentences: list[Span], words: Words) -> None:
    """The headline and the lead tell one incident: a headline event takes the lead's counts it lacks,
    and the lead's reading of a number it rounds ("Gunmen kill 5 villagers" over "Gunmen killed at
    least five villagers ..." -> 5, None); an event of the lead takes the headline's counts it lacks."""
    heads = _headline_sentences(sentences[0].doc, sentences) if sentences else 0
    if not heads:
        return
    headline = [t for s in sentences[:heads] for t in sentence_tolls(s, words)]
    lead = [t for s in sentences[heads:heads + LEAD_WINDOW] for t in sentence_tolls(s, words)]
    for event in events:
        if event.sentence < heads:
            for kind, magnitude in list(event.magnitudes.items()):
                same = next((t.magnitude for t in lead if kind in t.kinds and t.magnitude.min == magnitude.min
                             and magnitude.min is not None), None)
                if same is not None:
                    event.magnitudes = {**event.magnitudes, kind: same}
            _fill(event, lead, words)
        elif event.sentence < heads + LEAD_WINDOW:
            _fill(event, headline, words)


def _fill(event: Event, tolls: list[Toll], words: Words) -> None:
    """The first of `tolls` for each kind `event` has no count of."""
    for toll in tolls:
        kind = words.kinds_for(toll.kinds, event.type)
        if kind is not None and kind not in event.magnitudes:
            event.magnitudes = {**event.magnitudes, kind: toll.magnitude}


def _compatible(a: Event, b: Event) -> bool:
    """Whether `b` may retell `a`: same type and factuality, and no actor that tells them apart."""
    if a.type != b.type or a.factuality != b.factuality:
        return False
    if not a.actors or not b.actors:
        return True
    return any(x.name == y.name or (x.country and x.country == y.country) for x in a.actors for y in b.actors)


def _restated_counts(events: list[Event]) -> None:
    """"Gunmen attacked a village. ... Twelve people were wounded in the attack.": the toll sentence's
    own event (often an actorless retelling) took the count; an earlier compatible event within
    CARRY_WINDOW sentences that lacks the kind takes it too, and events of one sentence share theirs."""
    for i, earlier in enumerate(events):
        for later in events[i + 1:]:
            if later.sentence - earlier.sentence > CARRY_WINDOW:
                break
            if not _compatible(earlier, later):
                continue
            pairs = [(earlier, later), (later, earlier)] if later.sentence == earlier.sentence else [(earlier, later)]
            for taker, giver in pairs:  # one sentence, one incident: "the strike left 7 dead and injured 16"
                missing = {k: m for k, m in giver.magnitudes.items() if k not in taker.magnitudes}
                if missing:
                    taker.magnitudes = {**taker.magnitudes, **missing}


def _open_readings(events: list[Event], sentences: list[Span], words: Words) -> None:
    """Headlines and retellings drop "at least": an exact count N takes an open reading of the same N
    ("at least 40") given for the kind within CARRY_WINDOW sentences."""
    heads = _headline_sentences(sentences[0].doc, sentences) if sentences else 0
    for event in events:
        low = max(0, event.sentence - CARRY_WINDOW)
        high = event.sentence + CARRY_WINDOW + 1 + (LEAD_WINDOW if event.sentence < heads else 0)
        near = [t for s in sentences[low:high] for t in sentence_tolls(s, words)]
        for kind, magnitude in list(event.magnitudes.items()):
            if magnitude.max is None or magnitude.min != magnitude.max:
                continue
            wider = next((t.magnitude for t in near if kind in t.kinds and t.magnitude.max is None
                          and t.magnitude.min == magnitude.min), None)
            if wider is not None:
                event.magnitudes = {**event.magnitudes, kind: wider}
