"""`petr2-gsr`: UniversalPetrarch's PETRARCH-2 validation records (real AFP sentences, CAMEO codes).

The file is not well-formed XML (self-closed `<Sentence/>` tags still followed by their children),
so it is read with regular expressions. Gold CAMEO codes become PLOVER categories through the
shared CAMEO2PLOVER table (read at run time, never copied); codes with no PLOVER category (CAMEO
01/02, statements) are dropped, so a sentence left without gold events counts like `noevents`.
CAMEO writes reciprocity and compounds as one dyad per ordered pair, so our events are expanded
into ordered (source, target) dyads before matching (docs/scoring.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from eventwire.model import Event
from . import Context, SuiteResult, code_texts, missing, suite
from .metrics import match_one_to_one
from .plover_gsr import (
    EventKey,
    Unit,
    category_match,
    entity_actor,
    micro_prf,
    primary_code,
    primary_match,
    top_confusions,
    type_pairs,
)

GSR_FILE = "PETR2_GSR_validation.xml"
CAMEO2PLOVER = Path("plover") / "CAMEO2PLOVER-2021.txt"

_SENTENCE = re.compile(r"<Sentence\b([^>]*?)/?>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TABLE_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)")


@dataclass(frozen=True, slots=True)
class Dyad:
    """One CAMEO-style coding: category, source code, target code (full codes kept for the strict score)."""

    type: str
    source: str | None
    target: str | None
    source_full: str | None = None
    target_full: str | None = None


def read_cameo2plover(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER category; the first line wins for a code listed twice (`08`)."""
    table: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _TABLE_LINE.match(line.strip())
        if match:
            table.setdefault(match.group(1), match.group(2))
    return table


def cameo_to_plover(code: str, table: dict[str, str]) -> str | None:
    """The PLOVER category of a CAMEO code: exact entry, else the nearest listed parent code."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def parse_petr2(text: str, table: dict[str, str]) -> list[tuple[Unit, list[Dyad]]]:
    """Sentences of the validation file: (unit with id and text, gold dyads mapped to PLOVER)."""
    out = []
    for match in _SENTENCE.finditer(text):
        attrs = dict(_ATTR.findall(match.group(1)))
        body = match.group(2)
        text_match = _TEXT.search(body)
        sentence = " ".join(text_match.group(1).split()) if text_match else ""
        dyads = []
        for coding in _CODING.finditer(body):
            fields = dict(_ATTR.findall(coding.group(1)))
            category = cameo_to_plover(fields.get("eventcode", ""), table) if "eventcode" in fields else None
            if category:
                source, target = fields.get("sourcecode"), fields.get("targetcode")
                dyads.append(Dyad(category, primary_code(source), primary_code(target), _full(source), _full(target)))
        out.append((Unit(id=attrs.get("id", str(len(out))), gold=[], text=sentence), dyads))
    return out


def _full(code: str | None) -> str | None:
    """The full CAMEO actor code (country + agents, e.g. `IRQGOVMIL`); None for an empty `---`."""
    if not code or code.strip("-") == "":
        return None
    return code.upper()


def event_dyads(event: Event) -> list[Dyad]:
    """Ordered dyads of one PLOVER event: actors x recipients; with no recipient and several
    actors, every ordered pair of actors (a reciprocal or compound event); else (actor, None).
    Entities without a country are left out when the side has a country-coded entity."""
    sources = _side(event.actors)
    targets = _side(event.recipients)
    if not event.recipients and len(sources) > 1:
        pairs = [(a, b) for a in sources for b in sources if a != b]
    else:
        pairs = [(a, b) for a in sources for b in targets]
    return [Dyad(event.type, a[0], b[0], a[1], b[1]) for a, b in pairs]


def _side(entities) -> list[tuple[str | None, str | None]]:
    """(primary code, full code) per distinct coded entity; with none coded, one no-country entry
    whose full code is `---` + sector when the first entity has a sector (CAMEO's `---REB`)."""
    coded = []
    for entity in entities:
        code, sector = entity_actor(entity)
        if code and (code, f"{code}{sector or ''}") not in coded:
            coded.append((code, f"{code}{sector or ''}"))
    if coded:
        return coded
    sector = entity_actor(entities[0])[1] if entities else None
    return [(None, f"---{sector}" if sector else None)]


def dyad_key(dyad: Dyad, strict: bool = False) -> EventKey:
    source, target = (dyad.source_full, dyad.target_full) if strict else (dyad.source, dyad.target)
    return EventKey(type=dyad.type, sources=((source, None),), targets=((target, None),))


def score_petr2(sentences: list[tuple[list[Dyad], list[Dyad]]]) -> dict[str, float | int | None]:
    """Dyad-level P/R/F1 (primary codes, full codes, category only) and sentence accuracy."""
    units, strict = dyad_units(sentences), dyad_units(sentences, strict=True)
    primary = micro_prf(units, primary_match)
    all_right = sum(
        len(match_one_to_one(u.gold, u.predicted, primary_match)) == len(u.gold) == len(u.predicted) for u in units
    )
    gold_total = primary["tp"] + primary["fn"]
    return {
        "f1": primary["f1"],
        "precision": primary["precision"],
        "recall": primary["recall"],
        "false_per_gold": round(primary["fp"] / gold_total, 4) if gold_total else None,
        "category_f1": micro_prf(units, category_match)["f1"],
        "full_code_f1": micro_prf(strict, primary_match)["f1"],
        "sentence_accuracy": round(all_right / len(units), 4) if units else None,
        "gold_dyads": gold_total,
        "predicted_dyads": primary["tp"] + primary["fp"],
    }


def dyad_units(sentences: list[tuple[list[Dyad], list[Dyad]]], strict: bool = False) -> list[Unit]:
    """Scoring units of dyads (predicted duplicates removed: one CAMEO dyad per ordered pair)."""
    return [
        Unit(str(i), [dyad_key(d, strict) for d in gold], [dyad_key(d, strict) for d in _unique(pred)])
        for i, (gold, pred) in enumerate(sentences)
    ]


def _unique(dyads: list[Dyad]) -> list[Dyad]:
    return list(dict.fromkeys(dyads))


@suite("petr2-gsr", "up-petr2-gsr")
def score_petr2_gsr(ctx: Context) -> SuiteResult:
    path, table_path = ctx.data / GSR_FILE, ctx.data.parent / CAMEO2PLOVER
    for needed in (path, table_path):
        if not needed.is_file():
            return missing("petr2-gsr", needed)
    parsed = parse_petr2(path.read_text(encoding="utf-8"), read_cameo2plover(table_path))[: ctx.limit]
    coded = code_texts(ctx.coder, ((unit.id, unit.text, None) for unit, _ in parsed))
    sentences = []
    for unit, gold in parsed:
        events = coded[unit.id].events if coded[unit.id] is not None else []
        sentences.append((gold, [d for e in events for d in event_dyads(e)]))
    metrics = score_petr2(sentences)
    pairs = type_pairs(dyad_units(sentences))
    return SuiteResult(
        suite="petr2-gsr",
        metrics=metrics,
        n=len(parsed),
        headline="f1",
        limit=ctx.limit,
        anchor="UniversalPetrarch: 44% of events found (cf. our recall), false events at 315% of gold (cf. false_per_gold)",
        notes=[
            "CAMEO -> PLOVER via CAMEO2PLOVER-2021; CAMEO 01/02 gold codings dropped (no PLOVER category)",
            "our events expanded into ordered dyads; recall is 'events found', false_per_gold the anchor's 'false events'",
        ],
        details={"confusions": top_confusions(pairs)},
    )
