"""`india-police-events`: did the police kill, arrest, use force, act at all? (Halterman et al. 2021)

Gold: yes/no per sentence (and per article) for each question, annotated only when the text asserts
that the police action happened. We code every sentence alone (the corpus is lower-cased Times of
India text from March 2002, published dates from metadata.jsonl) and map our events to labels:

- an event *counts* when one of its actors has sector COP and its factuality is `asserted` or
  `historical` (both say the action happened; historical only marks it as background); an arrest
  with no actor at all also counts (the question is "did police arrest someone": arresting is a
  police power, and the coder leaves the agent empty when the text does not name it);
- ANY_ACTION: any counting event, and any police statement (a quote whose speaker, or an event
  whose `claimed_by`, has sector COP): the gold counts "police said ..." as a police action;
- FORCE: a counting ASSAULT, or a counting COERCE coded as violent repression (CAMEO 175x);
- KILL: a counting ASSAULT whose trigger or evidence sentence has a killing word (KILL_WORDS);
- ARREST: a counting COERCE with mode `arrest`, or with no mode and CAMEO 173 (the mode wins over
  the CAMEO code, so a curfew or a raid filed under 173 is not an arrest);
- FAIL (failed to intervene) has no PLOVER category: reported, never predicted.
Article labels are the union of its sentences' labels. SOURCE.md defines no split: all articles are
used, in doc_id order, and `limit` caps the number of articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from eventwire.model import CodedArticle, Entity, Event
from . import Context, SuiteResult, code_texts, missing, suite
from .metrics import prf

LABELS = ("KILL", "ARREST", "FORCE", "ANY_ACTION", "FAIL")
ASSERTING = ("asserted", "historical")
POLICE_WORD = re.compile(r"\bpolice\b", re.IGNORECASE)  # the keyword baseline only
# Words that make an assault a killing, for this scorer's KILL label (the gold has no event codes).
KILL_WORDS = re.compile(r"\b(kill\w*|dead|died|death|deaths|shot dead|lynch\w*|fatal\w*|massacre\w*|murder\w*)\b")


def is_police(entity: Entity | None) -> bool:
    return entity is not None and (entity.sector or "").upper().startswith("COP")


def is_arrest(event: Event) -> bool:
    """A COERCE that is an arrest or detention: by its mode, else (no mode) by CAMEO 173."""
    if event.type != "COERCE":
        return False
    return event.mode == "arrest" if event.mode else (event.cameo or "").startswith("173")


def is_police_event(event: Event) -> bool:
    """An asserted action by the police (or an arrest whose agent the text leaves unnamed)."""
    if event.factuality not in ASSERTING:
        return False
    return any(is_police(a) for a in event.actors) or (not event.actors and is_arrest(event))


def event_labels(event: Event) -> set[str]:
    """The gold questions this event answers with yes (empty when it is not a police action)."""
    if not is_police_event(event):
        return set()
    labels = {"ANY_ACTION"}
    cameo = event.cameo or ""
    if event.type == "ASSAULT" or (event.type == "COERCE" and cameo.startswith("175")):
        labels.add("FORCE")
    if event.type == "ASSAULT" and KILL_WORDS.search(f"{event.trigger or ''} {event.text}".lower()):
        labels.add("KILL")
    if is_arrest(event):
        labels.add("ARREST")
    return labels


def predicted_labels(events: Iterable[Event]) -> set[str]:
    return set().union(*(event_labels(e) for e in events))


def article_labels(article: CodedArticle) -> set[str]:
    """Labels of one coded sentence: its events' labels, plus ANY_ACTION when the police speak."""
    labels = predicted_labels(article.events)
    speakers = [q.speaker for q in article.quotes] + [e.claimed_by for e in article.events]
    if any(is_police(s) for s in speakers):
        labels.add("ANY_ACTION")
    return labels


def score_labels(gold: list[set[str]], predicted: list[set[str]]) -> dict[str, dict[str, float]]:
    """P/R/F1 per label over items (sentences or articles), each item yes/no per label."""
    scores = {}
    for label in LABELS:
        tp = sum(label in g and label in p for g, p in zip(gold, predicted))
        fp = sum(label not in g and label in p for g, p in zip(gold, predicted))
        fn = sum(label in g and label not in p for g, p in zip(gold, predicted))
        scores[label] = {**prf(tp, fp, fn), "support": tp + fn}
    return scores


def read_sentences(folder: Path, limit: int | None) -> tuple[list[dict], dict[int, set[str]], dict[int, str]]:
    """Sentences of the first `limit` articles, the article labels, and publication dates."""
    dates = {r["doc_id"]: r["date"] for r in _jsonl(folder / "metadata.jsonl")}
    doc_labels = {r["doc_id"]: set(r["doc_labels"]) for r in _jsonl(folder / "docs.jsonl")}
    keep = set(sorted(doc_labels)[:limit])
    sentences = [s for s in _jsonl(folder / "sents.jsonl") if s["doc_id"] in keep]
    return sentences, {d: doc_labels[d] for d in keep}, dates


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def flatten(scores: dict[str, dict[str, float]], prefix: str) -> dict[str, float]:
    return {f"{prefix}{label}_f1": values["f1"] for label, values in scores.items() if label != "FAIL"}


@suite("india-police-events", "india-police-events")
def score_india_police(ctx: Context) -> SuiteResult:
    for name in ("sents.jsonl", "docs.jsonl", "metadata.jsonl"):
        if not (ctx.data / name).is_file():
            return missing("india-police-events", ctx.data / name)
    sentences, doc_gold, dates = read_sentences(ctx.data, ctx.limit)
    items = ((f"{s['doc_id']}-{s['sent_id']}", s["sent_text"], dates.get(s["doc_id"])) for s in sentences)
    coded = code_texts(ctx.coder, items)
    sent_pred, doc_pred = [], {doc: set() for doc in doc_gold}
    for s in sentences:
        article = coded[f"{s['doc_id']}-{s['sent_id']}"]
        labels = article_labels(article) if article is not None else set()
        sent_pred.append(labels)
        doc_pred[s["doc_id"]] |= labels
    by_sentence = score_labels([set(s["sent_labels"]) for s in sentences], sent_pred)
    by_article = score_labels(list(doc_gold.values()), [doc_pred[d] for d in doc_gold])
    result = SuiteResult(
        suite="india-police-events",
        metrics={**flatten(by_sentence, "sentence_"), **flatten(by_article, "article_")},
        n=len(sentences),
        headline="sentence_ANY_ACTION_f1",
        limit=ctx.limit,
        notes=[
            f"{len(doc_gold)} articles, {len(sentences)} sentences coded one by one; limit counts articles",
            "police = actor sector COP (or an unattributed arrest), asserted or historical factuality only; "
            "police statements count as ANY_ACTION; FAIL never predicted",
        ],
        details={"sentence": by_sentence, "article": by_article},
    )
    result.baselines["mentions 'police'"] = mention_baseline(sentences)
    return result


def mention_baseline(sentences: list[dict]) -> dict[str, float]:
    """ANY_ACTION = the sentence contains the word "police": the scale of the broad gold definition
    (most ANY_ACTION yeses are deployments, patrols, statements and meetings, not PLOVER events)."""
    predicted = [{"ANY_ACTION"} if POLICE_WORD.search(s["sent_text"]) else set() for s in sentences]
    scores = score_labels([set(s["sent_labels"]) for s in sentences], predicted)["ANY_ACTION"]
    return {f"sentence_ANY_ACTION_{k}": v for k, v in scores.items()}
