"""`plv`: PLOVER relation classification given the marked source and target (Hu et al., ACL 2024).

Each test row is a sentence with one marked source span (`<s>..</s>`) and one marked target span
(`<t>..</t>`, either may be marked more than once). We code the plain sentence and take, as the
prediction for that row, the event whose actors overlap the source span and whose recipients
overlap the target span; else the event that overlaps one of them; else the sentence's first event;
no event at all is the prediction NONE (always wrong). CONCEDE and RETREAT are merged into YIELD as
in the gold. Only PLV_train.tsv may be used for tuning; this scorer reads PLV_test.tsv.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from eventwire.model import QUAD_CLASS, Entity, Event
from . import Context, SuiteResult, code_texts, missing, suite
from .metrics import accuracy, confusion, macro_f1

TEST_FILE = "PLV_test.tsv"
YIELD_MERGE = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
NO_EVENT = "NONE"
_TAG = re.compile(r"</?([st])>")

Span = tuple[int, int]


@dataclass(slots=True)
class PlvRow:
    """One gold row: the plain sentence, the marked spans in it, and the gold labels."""

    uid: str
    sentence: str
    sources: list[Span]
    targets: list[Span]
    root: str
    quad: int


def marked_spans(marked: str) -> tuple[str, list[Span], list[Span]]:
    """Strip `<s>`/`<t>` tags; return the plain text and the source and target spans in it."""
    plain, spans, open_at = [], {"s": [], "t": []}, {}
    position, last = 0, 0
    for match in _TAG.finditer(marked):
        piece = marked[last : match.start()]
        plain.append(piece)
        position += len(piece)
        last = match.end()
        tag = match.group(1)
        if match.group(0).startswith("</"):
            if tag in open_at:
                spans[tag].append((open_at.pop(tag), position))
        else:
            open_at[tag] = position
    plain.append(marked[last:])
    return "".join(plain), spans["s"], spans["t"]


def read_plv(path: Path) -> list[PlvRow]:
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            plain, sources, targets = marked_spans(record["marked_sentence"])
            if plain != record["sentence"]:  # tags that do not strip back to the sentence: locate by text
                plain = record["sentence"]
                sources, targets = _find(plain, record["source"]), _find(plain, record["target"])
            rows.append(
                PlvRow(record["uid"], plain, sources, targets, record["gold_root"], int(record["gold_penta"]))
            )
    return rows


def _find(text: str, needle: str) -> list[Span]:
    start = text.find(needle) if needle else -1
    return [(start, start + len(needle))] if start >= 0 else []


def relocate(spans: list[Span], original: str, cleaned: str) -> list[Span]:
    """Spans of the gold sentence moved into the cleaned article text (cleaning may trim or repair)."""
    if original == cleaned:
        return spans
    moved = []
    for start, end in spans:
        moved += _find(cleaned, original[start:end])
    return moved


def _overlaps(entities: list[Entity], spans: list[Span]) -> bool:
    return any(
        e.start is not None and e.end is not None and e.start < end and start < e.end
        for e in entities
        for start, end in spans
    )


def select_event(events: list[Event], sources: list[Span], targets: list[Span]) -> Event | None:
    """The event that best fits the marked spans (both sides > one side > the first event)."""
    best, best_score = None, -1
    for event in events:
        score = 2 * _overlaps(event.actors, sources) + 2 * _overlaps(event.recipients, targets)
        score = score or int(_overlaps(event.actors + event.recipients, sources + targets))
        if score > best_score:
            best, best_score = event, score
    return best


def predicted_label(event: Event | None) -> tuple[str, int]:
    """(root label with YIELD merged, quad class); NONE/0 for no event."""
    if event is None:
        return NO_EVENT, 0
    return YIELD_MERGE.get(event.type, event.type), QUAD_CLASS.get(event.type, 0)


def score_plv(rows: list[PlvRow], predictions: list[tuple[str, int]]) -> dict[str, float | int | None]:
    """Accuracy and macro-F1 (over the gold labels) of the root, quad accuracy, share of NONE."""
    roots = [label for label, _ in predictions]
    quads = [quad for _, quad in predictions]
    return {
        "accuracy": accuracy([r.root for r in rows], roots),
        "macro_f1": macro_f1([r.root for r in rows], roots),
        "quad_accuracy": accuracy([r.quad for r in rows], quads),
        "no_event": round(roots.count(NO_EVENT) / len(rows), 4) if rows else None,
    }


@suite("plv", "zsp-plv")
def score_plv_suite(ctx: Context) -> SuiteResult:
    path = ctx.data / TEST_FILE
    if not path.is_file():
        return missing("plv", path)
    rows = read_plv(path)[: ctx.limit]
    sentences = {row.sentence: f"plv-{i}" for i, row in enumerate(rows)}
    coded = code_texts(ctx.coder, ((key, text, None) for text, key in sentences.items()))
    predictions = []
    for row in rows:
        article = coded[sentences[row.sentence]]
        if article is None:
            predictions.append(predicted_label(None))
            continue
        cleaned = article.article.text
        event = select_event(
            article.events, relocate(row.sources, row.sentence, cleaned), relocate(row.targets, row.sentence, cleaned)
        )
        predictions.append(predicted_label(event))
    gold = [r.root for r in rows]
    return SuiteResult(
        suite="plv",
        metrics=score_plv(rows, predictions),
        n=len(rows),
        headline="accuracy",
        limit=ctx.limit,
        notes=[
            "given-span: the event overlapping the marked source/target is the prediction; no event = NONE (wrong)",
            "CONCEDE and RETREAT merged into YIELD; test split only (train is the only part one may tune on)",
        ],
        details={"confusions": [list(c) for c in confusion(gold, [p for p, _ in predictions], 8)]},
    )
