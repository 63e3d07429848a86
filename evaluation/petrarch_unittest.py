"""`petrarch-unittest`: PETRARCH-2's unit-test records (fictional Tolkien-world actors).

The expected codes use actors (ARN, GON, ...) that exist only in the suite's own dictionaries
(PETR.Validate.actors/agents.txt), so the suite codes with a knowledge base built from those
dictionaries alone (`load_petrarch_dictionaries(..., standalone=True)`), in a coder of its own: the
default knowledge base is not touched. Events come from our own lexicon (the suite's verb file is a
test dictionary and is not used).

Scoring (docs/scoring.md): per sentence, the set of (PLOVER category, source code, target code)
dyads against the expected set; gold CAMEO codes become PLOVER categories through CAMEO2PLOVER.
`sentence_accuracy` is PETRARCH's own pass rule (every expected dyad and nothing else) on primary
codes (country part); `full_sentence_accuracy` also needs the agent part ("ARNREL"). Records that
expect an input error, and records with a code that has no PLOVER category (CAMEO 01/02 and the
suite's made-up 8xx/9xx codes), cannot be scored this way and are counted apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.model import Entity, Event
from . import Context, SuiteResult, missing, suite
from .metrics import match_one_to_one
from .petr2 import (
    CAMEO2PLOVER,
    Dyad,
    cameo_to_plover,
    dyad_units,
    read_cameo2plover,
    score_petr2,
)
from .plover_gsr import primary_code, primary_match, top_confusions, type_pairs

RECORDS_FILE = "PETR.UnitTest.records.xml"
ACTORS_FILE, AGENTS_FILE = "PETR.Validate.actors.txt", "PETR.Validate.agents.txt"

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def parse_records(text: str, table: dict[str, str]) -> list[dict]:
    """Records as dicts: id, date (YYYY-MM-DD), text, gold dyads, and `skip` (why it is not scored)."""
    records = []
    for match in _SENTENCE.finditer(_COMMENT.sub("", text)):
        attrs, body = dict(_ATTR.findall(match.group(1))), match.group(2)
        text_match = _TEXT.search(body)
        date = attrs.get("date", "")
        record = {"id": attrs.get("id", str(len(records))), "text": " ".join(text_match.group(1).split())
                  if text_match else "", "date": f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None,
                  "gold": [], "skip": None}
        for coding in _CODING.finditer(body):
            fields = dict(_ATTR.findall(coding.group(1)))
            if "error" in fields:
                record["skip"] = "expects an input error"
            elif "eventcode" in fields:
                category = cameo_to_plover(fields["eventcode"], table)
                if category is None:
                    record["skip"] = record["skip"] or "code without a PLOVER category"
                    continue
                source, target = _code(fields.get("sourcecode")), _code(fields.get("targetcode"))
                record["gold"].append(Dyad(category, primary_code(source), primary_code(target), source, target))
        records.append(record)
    return records


def _code(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    return None if not code or code[:3] in ("---", "###", "+++") else code


def entity_codes(entity: Entity, kb, date: str | None) -> list[str]:
    """Full codes of one of our entities: the dictionary's own code(s), else country + sector."""
    from eventwire.actors.petrarch import cameo_codes

    codes = [c for c in cameo_codes(kb, entity.kb_id, date) if _code(c)]
    if codes:
        return codes
    return [entity.country + (entity.sector or "")] if entity.country else []


def event_dyads(event: Event, kb, date: str | None) -> list[Dyad]:
    """Ordered (source, target) dyads of one event, as CAMEO codes them (cf. petr2.event_dyads)."""
    sources = _side(event.actors, kb, date)
    targets = _side(event.recipients, kb, date)
    if not event.recipients and len(sources) > 1:
        pairs = [(a, b) for a in sources for b in sources if a != b]
    else:
        pairs = [(a, b) for a in sources for b in targets]
    return [Dyad(event.type, primary_code(a), primary_code(b), a, b) for a, b in pairs]


def _side(entities: list[Entity], kb, date: str | None) -> list[str | None]:
    codes = list(dict.fromkeys(c for e in entities for c in entity_codes(e, kb, date)))
    return codes or [None]


def dictionary_coder(actor_paths: list[Path], agent_paths: list[Path]):
    """A Coder whose actor source is the given dictionaries alone (the default KB is not changed)."""
    from eventwire.actors.petrarch import load_petrarch_dictionaries
    from eventwire.pipeline import Coder

    return Coder(kb=load_petrarch_dictionaries(actor_paths, agent_paths, standalone=True))


def code_records(coder, records: list[dict]) -> list[list[Dyad] | None]:
    """Our dyads for each record (sentences coded one by one, dated as the record); None = not coded."""
    from eventwire.model import CodedArticle
    from . import code_texts

    keys = [f"{n}-{r['id']}" for n, r in enumerate(records)]  # ids repeat in some copies of the file
    coded = code_texts(coder, ((key, r["text"], r["date"]) for key, r in zip(keys, records)))
    return [None if not isinstance(coded[key], CodedArticle) else
            [d for e in coded[key].events for d in event_dyads(e, coder.kb, r["date"])]
            for key, r in zip(keys, records)]


@suite("petrarch-unittest", "petrarch2-unittest")
def score_petrarch_unittest(ctx: Context) -> SuiteResult:
    path, table_path = ctx.data / RECORDS_FILE, ctx.data.parent / CAMEO2PLOVER
    for needed in (path, table_path, ctx.data / ACTORS_FILE):
        if not needed.is_file():
            return missing("petrarch-unittest", needed)
    records = parse_records(path.read_text(encoding="utf-8"), read_cameo2plover(table_path))[: ctx.limit]
    scored = [r for r in records if r["skip"] is None]
    coder = dictionary_coder([ctx.data / ACTORS_FILE], [ctx.data / AGENTS_FILE])
    predicted = code_records(coder, scored)
    sentences = [(r["gold"], dyads or []) for r, dyads in zip(scored, predicted)]
    metrics = score_petr2(sentences)
    strict = dyad_units(sentences, strict=True)
    full_right = sum(len(match_one_to_one(u.gold, u.predicted, primary_match)) == len(u.gold) == len(u.predicted)
                     for u in strict)
    metrics["full_sentence_accuracy"] = round(full_right / len(strict), 4) if strict else None
    metrics["scored_sentences"] = len(scored)
    metrics["coding_failures"] = sum(dyads is None for dyads in predicted)
    metrics["skipped_error_records"] = sum(r["skip"] == "expects an input error" for r in records)
    metrics["skipped_no_plover_code"] = sum(r["skip"] == "code without a PLOVER category" for r in records)
    return SuiteResult(
        suite="petrarch-unittest", metrics=metrics, n=len(records), headline="sentence_accuracy", limit=ctx.limit,
        anchor="PETRARCH-2 with its own verb dictionary passes all records (it is the suite's own test)",
        notes=["actor source: the suite's PETR.Validate actors/agents dictionaries only; events: eventwire's lexicon",
               "sentence_accuracy: all (PLOVER category, source, target) dyads right on primary codes; "
               "full_sentence_accuracy: on full codes (ARNREL)",
               "records expecting an input error or with codes outside CAMEO2PLOVER (01/02, the suite's 8xx/9xx) "
               "are not scored"],
        details={"confusions": top_confusions(type_pairs(dyad_units(sentences)))},
    )
