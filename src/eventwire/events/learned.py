"""The learned typer: a linear model over parse features that decides, for each word that may report an
event, whether it reports one of the article's time, of which PLOVER type, and how factual it is.

It runs after the rule typer (`candidates.RuleTyper`) and sees its candidates: it can drop them
(background, restatements, capability and opinion), retype them, and propose events on words the
trigger lexicon does not know. Its factuality guess goes to the builder with its score. Both the rules'
and the model's decisions are kept on each event (`Event.decisions`).

Trained by `make train` (training/, outside the package) on our own annotations only: eval/news train
split and eval/dev. The weights are a versioned data file (`data/models/event_typer.npz` with its card
`event_typer.json`); running needs numpy alone. Feature extraction lives here so that training and coding
can never disagree about it.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from eventwire.datafiles import data_files
from eventwire.errors import DataFileError
from eventwire.events.arguments import Coding
from eventwire.events.candidates import Candidate
from eventwire.events.lexicon import Lexicon, Trigger

NONE = "NONE"
FEATURE_VERSION = 2
MODEL_NAME = "event_typer"
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_WINDOW = 3


# --- features ---------------------------------------------------------------------------------------


def considered(token: Token, nouns: frozenset[str], candidates: frozenset[int]) -> bool:
    """The words the model judges: the rules' candidates, every verb, and nouns it learned as triggers."""
    if token.i in candidates:
        return True
    if token.pos_ == "VERB":
        return token.dep_ not in ("amod", "compound")
    return token.pos_ == "NOUN" and token.lemma_.lower() in nouns and token.dep_ not in ("compound", "amod")


def token_features(token: Token, sentence: Span, number: int, coding: Coding, rule_type: str | None,
                   in_quote: bool) -> list[str]:
    """The features of one word in its sentence; `rule_type` is the rules' type for it (None: no rule)."""
    lemma = token.lemma_.lower()
    rule = rule_type or NONE
    feats = ["bias", f"l:{lemma}", f"p:{token.pos_}", f"t:{token.tag_}", f"d:{token.dep_}", f"r:{rule}",
             f"rl:{rule}|{lemma}", f"lt:{lemma}|{token.tag_}", f"hl:{token.head.lemma_.lower()}",
             f"hd:{token.head.dep_}", f"ld:{lemma}|{token.dep_}"]
    for child in token.children:
        feats.append(f"cd:{child.dep_}")
        if child.dep_ in ("aux", "auxpass", "neg", "prt", "mark", "advmod"):
            feats.append(f"c:{child.dep_}:{child.lower_}")
        elif child.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr"):
            feats.append(f"co:{child.dep_}:{child.lemma_.lower()}")
            kinds = {e.kind for e in coding.index.actors_at(child)}
            feats.extend(f"ca:{child.dep_}:{k}" for k in sorted(kinds))
            if coding.index.place_at(child) is not None:
                feats.append(f"cp:{child.dep_}")
        elif child.dep_ == "prep":
            feats.append(f"prep:{child.lower_}")
    current = token
    for depth in range(3):  # the verbs that govern it: "vowed to attack", "denied attacking", "said"
        if current.head is current:
            break
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            feats.append(f"g:{current.lemma_.lower()}")
            if depth == 0:
                feats.append(f"g0:{current.lemma_.lower()}|{token.dep_}")
    feats.append(f"s:{_bucket(number)}")
    if number == 0 and not sentence.text.rstrip().endswith((".", '"', "”")):
        feats.append("headline")
    if in_quote:
        feats.append("quoted")
    published_year = (coding.published or "")[:4]
    for t in sentence[max(0, token.i - sentence.start - _WINDOW):token.i - sentence.start + _WINDOW + 1]:
        if t.i != token.i and not t.is_punct:
            feats.append(f"w:{t.lemma_.lower()}")
    for t in sentence:
        if _YEAR.match(t.text):
            feats.append("year:old" if published_year and t.text < published_year else "year:now")
        elif t.lower_ in ("ago", "since", "previously", "former", "earlier", "last", "will", "would", "could",
                          "may", "might", "deny", "denied", "denies", "if", "plan", "planned", "threatened"):
            feats.append(f"sw:{t.lower_}")
    earlier_types = {e.type for e in coding.earlier}
    earlier_triggers = {(e.trigger or "").lower() for e in coding.earlier}
    if rule_type and rule_type in earlier_types:
        feats.append("e:same_type")
    if token.lower_ in earlier_triggers:
        feats.append("e:same_word")
    feats.append(f"n:{min(len(coding.earlier), 9)}")
    return feats


def _bucket(number: int) -> str:
    return str(number) if number < 3 else "3-5" if number < 6 else "6-11" if number < 12 else "12+"


def quoted_tokens(sentence: Span, coding: Coding) -> frozenset[int]:
    """Tokens of the sentence inside a direct quotation."""
    spans = [(q.start, q.end) for q in coding.quotes if q.kind == "direct"
             and q.start < sentence.end_char and sentence.start_char < q.end]
    return frozenset(t.i for t in sentence if any(s <= t.idx < e for s, e in spans))


# --- the model --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression over string features: one weight row per known feature."""

    labels: tuple[str, ...]
    features: dict[str, int]
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)

    def probabilities(self, feats: Iterable[str]) -> np.ndarray:
        rows = [self.features[f] for f in feats if f in self.features]
        logits = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        logits = logits - logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_weights": self.weights.astype(np.float32), f"{prefix}_bias": self.bias.astype(np.float32)}


@dataclass(frozen=True)
class EventModel:
    """The two linear models (event type or NONE; factuality of an event) and the thresholds that turn
    their probabilities into the typer's decisions, as trained and tuned by `make train`."""

    typer: LinearModel
    factuality: LinearModel
    nouns: frozenset[str]
    thresholds: dict[str, float]
    card: dict

    @property
    def version(self) -> str:
        return str(self.card.get("version", "unknown"))


def _linear(card: dict, arrays, prefix: str) -> LinearModel:
    names = card[prefix]["features"]
    return LinearModel(labels=tuple(card[prefix]["labels"]), features={f: i for i, f in enumerate(names)},
                       weights=arrays[f"{prefix}_weights"].astype(np.float64),
                       bias=arrays[f"{prefix}_bias"].astype(np.float64))


def model_paths(directory: Path | None = None) -> tuple[Path, Path]:
    """The card and weights files: in `directory`, else the last of the packaged and user data dirs."""
    if directory is None:
        cards = data_files(f"models/{MODEL_NAME}.json")
        directory = Path(cards[-1]).parent if cards else Path(__file__).resolve().parents[1] / "data" / "models"
    return directory / f"{MODEL_NAME}.json", directory / f"{MODEL_NAME}.npz"


@functools.lru_cache(maxsize=2)
def load_event_model(directory: Path | None = None) -> EventModel | None:
    """The trained model, or None when no model file is installed (the coder then runs on rules only)."""
    card_path, weights_path = model_paths(directory)
    if not card_path.is_file() or not weights_path.is_file():
        return None
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        if card.get("feature_version") != FEATURE_VERSION:
            raise DataFileError(f"{card_path}: feature_version {card.get('feature_version')!r}, this eventwire "
                                f"reads {FEATURE_VERSION}; retrain with `make train`")
        with np.load(weights_path) as arrays:
            return EventModel(typer=_linear(card, arrays, "typer"), factuality=_linear(card, arrays, "factuality"),
                              nouns=frozenset(card["nouns"]), thresholds=dict(card["thresholds"]), card=card)
    except (OSError, ValueError, KeyError) as exc:
        raise DataFileError(f"{card_path}: cannot read the event model: {exc}") from exc


# --- the typer --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the model says of one word: its best label and probability, and its factuality guess."""

    label: str
    score: float
    rule_score: float  # the model's probability for the rules' type (0 when no rule fired)
    none_score: float


class LearnedTyper:
    """Drops, retypes and adds candidates by the event model (see the module docstring)."""

    name = "learned"

    def __init__(self, model: EventModel, lexicon: Lexicon):
        self.model = model
        self.templates = type_templates(lexicon)

    def judge(self, token: Token, sentence: Span, number: int, coding: Coding, rule_type: str | None,
              in_quote: bool) -> tuple[Judgement, list[str]]:
        feats = token_features(token, sentence, number, coding, rule_type, in_quote)
        probs = self.model.typer.probabilities(feats)
        labels = self.model.typer.labels
        best = int(np.argmax(probs))
        rule_score = float(probs[labels.index(rule_type)]) if rule_type in labels else 0.0
        return Judgement(labels[best], float(probs[best]), rule_score, float(probs[labels.index(NONE)])), feats

    def propose(self, sentence: Span, coding: Coding, proposed: list[Candidate]) -> list[Candidate]:
        th = self.model.thresholds
        number = coding.sentence_number
        quoted = quoted_tokens(sentence, coding)
        by_token = {c.token.i: c for c in proposed}
        out: list[Candidate] = []
        for token in sentence:
            candidate = by_token.get(token.i)
            if not considered(token, self.model.nouns, frozenset(by_token)):
                continue
            rule_type = candidate.trigger.type_for(token.lemma_.lower()) if candidate else None
            judged, feats = self.judge(token, sentence, number, coding, rule_type, token.i in quoted)
            if candidate is not None:
                if judged.none_score >= th["drop"]:
                    continue  # background, a restatement, an opinion: no event of the article's time
                if judged.label not in (NONE, rule_type) and judged.score >= th["retype"] \
                        and judged.score - judged.rule_score >= th["retype_margin"]:
                    trigger = self._trigger(judged.label, token, coding.lexicon)
                    out.append(self._candidate(token, trigger, judged.score, feats, rule_type))
                else:
                    out.append(dataclasses.replace(candidate, model_score=round(judged.rule_score, 4),
                                                   factuality=self._factuality(feats)))
            elif judged.label != NONE and judged.score >= th["add"]:
                trigger = self._trigger(judged.label, token, coding.lexicon)
                out.append(self._candidate(token, trigger, judged.score, feats, None))
        return out

    def _candidate(self, token: Token, trigger: Trigger, score: float, feats: list[str],
                   rule_type: str | None) -> Candidate:
        return Candidate(token, trigger, self.name, round(score, 4), rule_type=rule_type,
                         factuality=self._factuality(feats))

    def _factuality(self, feats: list[str]) -> tuple[str, float] | None:
        probs = self.model.factuality.probabilities(feats)
        best = int(np.argmax(probs))
        if probs[best] < self.model.thresholds["factuality"]:
            return None  # not sure enough: the rules' reading stands
        return self.model.factuality.labels[best], round(float(probs[best]), 4)

    def _trigger(self, event_type: str, token: Token, lexicon: Lexicon) -> Trigger:
        """The lexicon's own entry of that type for the word if it has one, else the type's template."""
        pos = "NOUN" if token.pos_ in ("NOUN", "PROPN") else token.pos_
        for form in (token.lemma_, token.lower_):
            for entry in lexicon.lookup(form, pos):
                if entry.type_for(token.lemma_.lower()) == event_type:
                    return entry
        return self.templates[event_type]


def type_templates(lexicon: Lexicon) -> dict[str, Trigger]:
    """For each PLOVER type, the argument slots of its most common unconditioned lexicon entry, without
    the entry's mode or CAMEO code: how the builder reads an event the lexicon has no word for."""
    counts: dict[tuple[str, tuple[str, ...], bool], int] = {}
    for entries in lexicon.triggers.values():
        for t in entries:
            if t.objects or t.requires_words or t.requires_prep or t.particles or t.governors or t.actor_prep:
                continue
            key = (t.type, t.recipient_slots, t.reciprocal)
            counts[key] = counts.get(key, 0) + 1
    templates: dict[str, Trigger] = {}
    for (event_type, slots, reciprocal), _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        templates.setdefault(event_type, Trigger(type=event_type, pos=frozenset({"VERB", "NOUN"}),
                                                 recipient_slots=slots, reciprocal=reciprocal))
    return templates
