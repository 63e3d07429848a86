"""`plover-gsr`: the PLOVER gold-standard records (CAMEO-manual example sentences coded in PLOVER 0.5b1).

Also home of the event-scoring helpers that the other event suites share (actor codes, the
reduced event key, micro P/R/F1 over one-to-one matches, type confusions, batch coding).

Matching (docs/scoring.md): events are compared within a sentence; a prediction matches a gold
event when the category agrees and the *set* of primary actor codes agrees on each side (sources,
targets; for a reciprocal gold event the union of both sides). The primary code is the ISO3 country
(the first six characters for IGO/NGO/NGM/MNC codes; a bare `IGO` in the gold accepts any IGO code).
Entities without a country carry no code, so an empty set matches only an empty set.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.model import Entity, Event
from . import Context, SuiteResult, code_texts, missing, suite
from .metrics import confusion, match_one_to_one, prf

GSR_FILE = "PLOVER_GSR_CAMEO.json"
# PLOVER 0.5b1 labels that the current 16-category manual renamed or merged.
LABEL_MAP_05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# Codes in the GSR that are not ISO 3166 alpha-3 although they mean a country that has one.
GOLD_CODE_ERRATA = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
INTERNATIONAL = ("IGO", "NGO", "NGM", "MNC", "IMG")
# eventwire's knowledge base writes some intergovernmental bodies by their CAMEO IGO root alone
# (`UNO`, `EUR`); CAMEO gold writes them `IGOUNO`, `IGOEUR...`, and the PLOVER GSR just `IGO`.
IGO_ROOTS = ("UNO", "EUR", "AFU", "NAT", "ARL", "ASN", "OAS", "WBK", "IMF", "OPC", "WTO")
NO_CODE = ("", "---")

Actor = tuple[str, str | None]  # (primary code, sector)


# --- codes and the reduced event ------------------------------------------------------------------


def primary_code(code: str | None) -> str | None:
    """ISO3 part of an actor code; six characters for international codes; None for no code."""
    if code is None:
        return None
    code = code.strip().upper()
    if code[:3] in NO_CODE:
        return None
    code = GOLD_CODE_ERRATA.get(code[:3], code[:3]) + code[3:]
    if code[:3] in IGO_ROOTS:
        code = "IGO" + code
    return code[:6] if code[:3] in INTERNATIONAL else code[:3]


def code_agrees(gold: str, predicted: str) -> bool:
    """Equal codes, or a bare international family code (`IGO`) against any member of it."""
    if gold == predicted:
        return True
    shorter, longer = sorted((gold, predicted), key=len)
    return shorter in INTERNATIONAL and longer.startswith(shorter)


def code_sets_agree(gold: Iterable[str], predicted: Iterable[str]) -> bool:
    """Every code on each side has an agreeing code on the other (empty agrees only with empty)."""
    gold, predicted = set(gold), set(predicted)
    return all(any(code_agrees(g, p) for p in predicted) for g in gold) and all(
        any(code_agrees(g, p) for g in gold) for p in predicted
    )


@dataclass(frozen=True, slots=True)
class EventKey:
    """What the event scorers compare: category and the coded actors on each side."""

    type: str
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    reciprocal: bool = False  # gold without direction: compare all participants as one set

    def codes(self, side: str) -> set[str]:
        actors = self.sources + self.targets if side == "all" else getattr(self, side)
        return {code for code, _ in actors if code}


def entity_actor(entity: Entity) -> Actor:
    return primary_code(entity.country), (entity.sector or None)


def event_key(event: Event) -> EventKey:
    """Reduce one of our events; CONCEDE/RETREAT etc. stay as they are (suites merge labels)."""
    return EventKey(
        type=event.type,
        sources=tuple(entity_actor(e) for e in event.actors),
        targets=tuple(entity_actor(e) for e in event.recipients),
    )


def category_match(gold: EventKey, predicted: EventKey) -> bool:
    return gold.type == predicted.type


def primary_match(gold: EventKey, predicted: EventKey) -> bool:
    """Category + primary actor codes (the headline rule)."""
    if gold.type != predicted.type:
        return False
    if gold.reciprocal:
        return code_sets_agree(gold.codes("all"), predicted.codes("all"))
    return code_sets_agree(gold.codes("sources"), predicted.codes("sources")) and code_sets_agree(
        gold.codes("targets"), predicted.codes("targets")
    )


def sector_match(gold: EventKey, predicted: EventKey) -> bool:
    """The primary rule, and every gold actor that has a sector is matched by a predicted actor
    with an agreeing code and the same sector (first three letters; gold `***` means unknown)."""
    if not primary_match(gold, predicted):
        return False
    sides = [("all", "all")] if gold.reciprocal else [("sources", "sources"), ("targets", "targets")]
    for gold_side, pred_side in sides:
        pred_actors = _side(predicted, pred_side)
        for code, sector in _side(gold, gold_side):
            wanted = _sector(sector)
            if code and wanted and not any(
                p_code and code_agrees(code, p_code) and _sector(p_sector) == wanted for p_code, p_sector in pred_actors
            ):
                return False
    return True


def _side(key: EventKey, side: str) -> tuple[Actor, ...]:
    return key.sources + key.targets if side == "all" else getattr(key, side)


def _sector(sector: str | None) -> str | None:
    if not sector or sector.startswith("*"):
        return None
    return sector[:3].upper()


# --- scoring ------------------------------------------------------------------------------------

Matcher = Callable[[EventKey, EventKey], bool]


@dataclass(slots=True)
class Unit:
    """One scoring unit (a sentence or an article): gold and predicted events."""

    id: str
    gold: list[EventKey]
    predicted: list[EventKey] = field(default_factory=list)
    text: str = ""


def micro_prf(units: Sequence[Unit], matcher: Matcher) -> dict[str, float | int]:
    """Micro P/R/F1 over events, one-to-one matching within each unit."""
    tp = fp = fn = 0
    for unit in units:
        matched = len(match_one_to_one(unit.gold, unit.predicted, matcher))
        tp += matched
        fp += len(unit.predicted) - matched
        fn += len(unit.gold) - matched
    return {**prf(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn}


def type_pairs(units: Sequence[Unit]) -> list[tuple[str, str]]:
    """(gold type, predicted type) pairs for error analysis: category matches first, then the
    left-over gold and predictions paired in order, the rest against NONE."""
    pairs: list[tuple[str, str]] = []
    for unit in units:
        matched = match_one_to_one(unit.gold, unit.predicted, category_match)
        gold_left = [g for i, g in enumerate(unit.gold) if i not in {gi for gi, _ in matched}]
        pred_left = [p for i, p in enumerate(unit.predicted) if i not in {pi for _, pi in matched}]
        pairs += [(unit.gold[gi].type, unit.predicted[pi].type) for gi, pi in matched]
        for index in range(max(len(gold_left), len(pred_left))):
            gold = gold_left[index].type if index < len(gold_left) else "NONE"
            pred = pred_left[index].type if index < len(pred_left) else "NONE"
            pairs.append((gold, pred))
    return pairs


def top_confusions(pairs: Sequence[tuple[str, str]], top: int = 8) -> list[list]:
    gold, predicted = zip(*pairs) if pairs else ((), ())
    return [list(row) for row in confusion(gold, predicted, top)]


def score_units(units: Sequence[Unit]) -> dict[str, float | int | None]:
    """The three event F1 scores of the PLOVER GSR (category-only, primary, with sector)."""
    primary = micro_prf(units, primary_match)
    return {
        "f1": primary["f1"],
        "precision": primary["precision"],
        "recall": primary["recall"],
        "category_f1": micro_prf(units, category_match)["f1"],
        "sector_f1": micro_prf(units, sector_match)["f1"],
        "gold_events": primary["tp"] + primary["fn"],
        "predicted_events": primary["tp"] + primary["fp"],
    }


# --- running the coder --------------------------------------------------------------------------


# --- the gold file ------------------------------------------------------------------------------


def read_gsr(path: Path) -> list[Unit]:
    """Gold sentences of the GSR; records sharing a text are one sentence with several events."""
    by_text: dict[str, Unit] = {}
    for record in json.loads(Path(path).read_text(encoding="utf-8")):
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue
        unit = by_text.setdefault(record["text"], Unit(id=record["id"], gold=[], text=record["text"]))
        unit.gold.append(gold_key(record))
    return list(by_text.values())


def gold_key(record: dict) -> EventKey:
    sources, targets = _gold_actors(record.get("source")), _gold_actors(record.get("target"))
    info = record.get("textInfo")
    markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
    return EventKey(
        type=LABEL_MAP_05.get(record["event"], record["event"]),
        sources=sources,
        targets=targets,
        reciprocal="SRC/TAR" in markup and not targets,
    )


def _gold_actors(value) -> tuple[Actor, ...]:
    if not isinstance(value, list):
        return ()
    return tuple((primary_code(a.get("code")), a.get("sector")) for a in value if isinstance(a, dict))


@suite("plover-gsr", "plover")
def score_plover_gsr(ctx: Context) -> SuiteResult:
    path = ctx.data / GSR_FILE
    if not path.is_file():
        return missing("plover-gsr", path)
    units = read_gsr(path)[: ctx.limit]
    coded = code_texts(ctx.coder, ((u.id, u.text, "2000-01-01") for u in units))
    failures = 0
    for unit in units:
        if coded[unit.id] is None:
            failures += 1
            continue
        unit.predicted = [event_key(e) for e in coded[unit.id].events]
    metrics = score_units(units)
    return SuiteResult(
        suite="plover-gsr",
        metrics={**metrics, "coding_failures": failures},
        n=len(units),
        headline="f1",
        limit=ctx.limit,
        anchor="none published; target F1 >= 0.75",
        notes=[
            "sentences coded alone, published 2000-01-01; 0.5b1 labels mapped DEMAND->REQUEST, "
            "DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT",
            "f1: category + primary actor codes; category_f1: category only; sector_f1: also the gold sectors",
        ],
        details={"confusions": top_confusions(type_pairs(units))},
    )


