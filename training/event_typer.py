"""Train the learned typer (`eventwire.events.learned`) from our own annotations: `make train`.

Data: the eval/news train split (gold trigger spans, types, factuality; texts from
../shared/external/news-pages, read in place, never copied). The dev split tunes the decision
thresholds through the real coder and the real scorer; the test split is never read here.

Steps: parse the train and dev articles once; run the rule typer with a recording typer after it, which
writes the features of every word the model will judge (the same function the coder calls); label each
word with the gold event whose trigger it is (else NONE); fit two multinomial logistic regressions with
a fixed seed (event type or NONE; factuality of true events); tune the thresholds on dev; write
`src/eventwire/data/models/event_typer.{npz,json}` with a card (data hashes, settings, figures).

    python -m training.event_typer [--out DIR] [--epochs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the evaluation harness lives in the checkout

from evaluation import news as news_suite  # noqa: E402
from evaluation import default_external_dir  # noqa: E402
from eventwire.events.candidates import RuleTyper  # noqa: E402
from eventwire.events.learned import (  # noqa: E402
    FEATURE_VERSION, NONE, EventModel, LearnedTyper, LinearModel, considered, model_paths, quoted_tokens,
    token_features,
)
from eventwire.model import FACTUALITY_VALUES, PLOVER_TYPES, Article  # noqa: E402

SEED = 20261203
MIN_FEATURE_COUNT = 2
MIN_NOUN_TRIGGERS = 2
DEFAULT_THRESHOLDS = {"drop": 0.7, "retype": 0.6, "retype_margin": 0.2, "add": 0.8, "factuality": 0.7}
GRID = {
    "drop": (0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
    "add": (0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
    "retype": (0.4, 0.5, 0.6, 0.7, 0.8, 1.01),
    "retype_margin": (0.0, 0.1, 0.2, 0.4),
    "factuality": (0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
}


# --- data -------------------------------------------------------------------------------------------


@dataclass
class Example:
    article: str
    feats: list[str]
    label: str
    factuality: str | None
    lemma: str
    pos: str
    key: tuple = ()  # (sentence number, word, rule type, character offset)


@dataclass
class Recorder:
    """A typer that proposes nothing new: it writes the features of the words the model will judge."""

    ids: dict[str, str]
    examples: list[Example] = field(default_factory=list)
    name: str = "recorder"

    def propose(self, sentence, coding, proposed):
        text = sentence.doc.text
        aid = self.ids[text]
        by_token = {c.token.i: c for c in proposed}
        quoted = quoted_tokens(sentence, coding)
        nouns = frozenset(t.lemma_.lower() for t in sentence if t.pos_ == "NOUN")
        for token in sentence:
            if not considered(token, nouns, frozenset(by_token)):
                continue
            candidate = by_token.get(token.i)
            rule_type = candidate.trigger.type_for(token.lemma_.lower()) if candidate else None
            feats = token_features(token, sentence, coding.sentence_number, coding, rule_type, token.i in quoted)
            self.examples.append(Example(aid, feats, NONE, None, token.lemma_.lower(), token.pos_,
                                         (coding.sentence_number, token.text, rule_type, token.idx)))
        return proposed


def load_news(split: str) -> tuple[list[str], dict[str, dict], dict[str, dict]]:
    gold, _ = news_suite.read_gold(REPO / "eval" / "news" / "gold.jsonl")
    texts = news_suite.read_texts(default_external_dir() / news_suite.TEXTS)
    ok, _ = news_suite.verified(gold, texts)
    return [i for i in ok if gold[i].get("split") == split], gold, texts


def articles(ids, texts) -> list[Article]:
    return [Article(id=i, text=texts[i]["text"], published=texts[i].get("published"),
                    source=texts[i].get("outlet"), origin=f"news-pages:{i}") for i in ids]


def record(coder, docs, ids, gold, texts) -> list[Example]:
    """Examples labelled as the scorer would judge keeping them (see `_label_by_scorer`)."""
    recorder = Recorder({texts[i]["text"]: i for i in ids})
    coder.stages.typers = (RuleTyper(), recorder)
    out: list[Example] = []
    for article, doc in zip(articles(ids, texts), docs):
        recorder.examples = []
        coded = coder.code_doc(article, doc)
        out.extend(_label_by_scorer(recorder.examples, coded, gold[article.id]))
    return out


def _label_by_scorer(examples: list[Example], coded, record: dict) -> list[Example]:
    """A rule candidate is an event when an event built from it is paired with a gold event of its type in
    the sentence (the scorer's one-to-one type rule; restatements after the first stay NONE); a word the
    rules passed over is an event when it lies in the trigger span of a gold event no rule event paired."""
    gold_records = [e for e in record.get("events") or [] if e.get("type")]
    gold_events = [news_suite.gold_event(e) for e in gold_records]
    predicted = [news_suite.predicted_event(e) for e in coded.events]
    pairs = news_suite._pairs(gold_events, predicted, news_suite.type_agrees)
    matched = {(coded.events[p].sentence, (coded.events[p].trigger or "")): gold_records[g] for g, p in pairs}
    paired_gold = {g for g, _ in pairs}
    missed = [gold_records[g] for g in range(len(gold_records)) if g not in paired_gold and gold_records[g].get("trigger")]
    for example in examples:
        if example.key[2] is not None:
            hit = matched.get(example.key[:2])
            example.label = hit["type"] if hit else NONE
            example.factuality = (hit.get("factuality") or "asserted") if hit else None
        else:
            start = example.key[3]
            hit = next((e for e in missed if e["trigger"][0] <= start < e["trigger"][1]), None)
            example.label = hit["type"] if hit else NONE
            example.factuality = (hit.get("factuality") or "asserted") if hit else None
    return examples


# --- fitting ----------------------------------------------------------------------------------------


def fit(rows: list[np.ndarray], y: np.ndarray, n_features: int, n_labels: int, *, epochs: int, lr: float = 0.05,
        l2: float = 1e-4, batch: int = 256, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by Adam on minibatches (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    weights = np.zeros((n_features, n_labels))
    bias = np.zeros(n_labels)
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0
    lengths = np.array([len(r) for r in rows])
    for _ in range(epochs):
        order = rng.permutation(len(rows))
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            flat = np.concatenate([rows[i] for i in idx])
            owner = np.repeat(np.arange(len(idx)), lengths[idx])
            logits = np.zeros((len(idx), n_labels)) + bias
            np.add.at(logits, owner, weights[flat])
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            probs[np.arange(len(idx)), y[idx]] -= 1.0
            probs /= len(idx)
            grad_w = np.zeros_like(weights)
            np.add.at(grad_w, flat, probs[owner])
            touched = np.unique(flat)
            grad_w[touched] += l2 * weights[touched]
            grad_b = probs.sum(axis=0)
            step += 1
            for param, grad, m, v in ((weights, grad_w, m_w, v_w), (bias, grad_b, m_b, v_b)):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                param -= lr * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + eps)
    return weights, bias


def vocabulary(examples: list[Example]) -> list[str]:
    counts = Counter(f for e in examples for f in set(e.feats))
    return sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)


def train_linear(examples: list[Example], labels: tuple[str, ...], target, epochs: int) -> LinearModel:
    names = vocabulary(examples)
    index = {f: i for i, f in enumerate(names)}
    rows = [np.array(sorted({index[f] for f in e.feats if f in index}), dtype=np.int64) for e in examples]
    y = np.array([labels.index(target(e)) for e in examples])
    weights, bias = fit(rows, y, len(names), len(labels), epochs=epochs)
    return LinearModel(labels=labels, features=index, weights=weights.astype(np.float32).astype(np.float64),
                       bias=bias.astype(np.float32).astype(np.float64))


# --- tuning on dev ----------------------------------------------------------------------------------


def dev_score(coder, docs, ids, gold, texts, model: EventModel) -> dict:
    coder.stages.typers = (RuleTyper(), LearnedTyper(model, coder.lexicon))
    counts = news_suite.Counts()
    for article, doc in zip(articles(ids, texts), docs):
        news_suite.score_article(gold[article.id], coder.code_doc(article, doc), counts)
    return news_suite.news_metrics(counts)


def objective(metrics: dict) -> float:
    """Aligned event F1, with factuality as a tie-breaker."""
    return (metrics["aligned_event_f1"] or 0.0) + 0.05 * (metrics["factuality_accuracy"] or 0.0)


def tune(coder, docs, ids, gold, texts, base: EventModel, log) -> tuple[dict, dict]:
    """Coordinate search over the thresholds, two rounds, on the dev split."""
    thresholds = dict(DEFAULT_THRESHOLDS)
    best = dev_score(coder, docs, ids, gold, texts, _with(base, thresholds))
    for _ in range(2):
        for name, values in GRID.items():
            for value in values:
                trial = dict(thresholds, **{name: value})
                if trial == thresholds:
                    continue
                metrics = dev_score(coder, docs, ids, gold, texts, _with(base, trial))
                if objective(metrics) > objective(best) + 1e-9:
                    thresholds, best = trial, metrics
                    log(f"  {name}={value}: dev aligned F1 {metrics['aligned_event_f1']}, "
                        f"factuality {metrics['factuality_accuracy']}")
    return thresholds, best


def _with(model: EventModel, thresholds: dict) -> EventModel:
    return EventModel(model.typer, model.factuality, model.nouns, thresholds, model.card)


# --- main -------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=model_paths()[0].parent)
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args(argv)
    started = time.time()

    def log(message: str) -> None:
        print(f"[{time.time() - started:6.1f}s] {message}", flush=True)

    from eventwire.pipeline import Coder

    coder = Coder(options=None)
    train_ids, gold, texts = load_news("train")
    dev_ids, _, _ = load_news("dev")
    log(f"parsing {len(train_ids)} train and {len(dev_ids)} dev articles")
    train_docs = list(coder.nlp.pipe([texts[i]["text"] for i in train_ids], batch_size=16))
    dev_docs = list(coder.nlp.pipe([texts[i]["text"] for i in dev_ids], batch_size=16))

    examples = record(coder, train_docs, train_ids, gold, texts)
    nouns = Counter(e.lemma for e in examples if e.pos == "NOUN" and e.label != NONE)
    noun_triggers = frozenset(n for n, c in nouns.items() if c >= MIN_NOUN_TRIGGERS)
    rule_nouns = {e.lemma for e in examples if e.pos == "NOUN" and any(f.startswith("r:") and f != f"r:{NONE}" for f in e.feats)}
    examples = [e for e in examples if e.pos != "NOUN" or e.lemma in noun_triggers or e.lemma in rule_nouns]
    log(f"{len(examples)} examples, {sum(e.label != NONE for e in examples)} events; "
        f"labels {Counter(e.label for e in examples).most_common(6)}")

    typer = train_linear(examples, (NONE, *PLOVER_TYPES), lambda e: e.label, args.epochs)
    events = [e for e in examples if e.label != NONE]
    factuality = train_linear(events, FACTUALITY_VALUES, lambda e: e.factuality, args.epochs)
    log(f"fitted: typer {len(typer.features)} features, factuality {len(factuality.features)}")

    card = {
        "name": "event_typer", "feature_version": FEATURE_VERSION,
        "trained_on": {"eval/news/gold.jsonl": sha256_file(REPO / "eval" / "news" / "gold.jsonl"),
                       "split": "train", "articles": len(train_ids), "examples": len(examples),
                       "events": len(events)},
        "tuned_on": {"split": "dev", "articles": len(dev_ids)},
        "settings": {"seed": SEED, "epochs": args.epochs, "min_feature_count": MIN_FEATURE_COUNT,
                     "min_noun_triggers": MIN_NOUN_TRIGGERS},
        "nouns": sorted(noun_triggers),
    }
    base = EventModel(typer, factuality, noun_triggers, dict(DEFAULT_THRESHOLDS), card)
    rules_only = dev_score(coder, dev_docs, dev_ids, gold, texts, _with(base, {
        "drop": 1.01, "add": 1.01, "retype": 1.01, "retype_margin": 1.0, "factuality": 1.01}))
    log(f"dev, rules only: aligned F1 {rules_only['aligned_event_f1']}, factuality {rules_only['factuality_accuracy']}")
    thresholds, best = tune(coder, dev_docs, dev_ids, gold, texts, base, log)
    log(f"dev, with the model: aligned F1 {best['aligned_event_f1']}, factuality {best['factuality_accuracy']}; "
        f"thresholds {thresholds}")
    card["thresholds"] = thresholds
    card["dev"] = {"rules_only": {k: rules_only[k] for k in ("aligned_event_f1", "event_f1", "factuality_accuracy")},
                   "learned": {k: best[k] for k in ("aligned_event_f1", "event_f1", "factuality_accuracy")}}
    card["version"] = hashlib.sha256(json.dumps(card, sort_keys=True).encode()).hexdigest()[:12]
    card["typer"] = {"labels": list(typer.labels), "features": sorted(typer.features, key=typer.features.get)}
    card["factuality"] = {"labels": list(factuality.labels),
                          "features": sorted(factuality.features, key=factuality.features.get)}
    args.out.mkdir(parents=True, exist_ok=True)
    card_path, weights_path = model_paths(args.out)
    np.savez_compressed(weights_path, **typer.arrays("typer"), **factuality.arrays("factuality"))
    card_path.write_text(json.dumps(card, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {card_path} and {weights_path} ({weights_path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
