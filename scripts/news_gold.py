"""Annotation tool for the real-news gold set (eval/news/).

The texts belong to their publishers and stay in ../shared/external/news-pages/; the project keeps only
its annotations, which point into a text by character offsets and name the text's sha256. Annotators
write *drafts* outside the repository, with exact substrings (easy to write and read); `import` turns a
draft into offsets, checks every field, and writes eval/news/gold.jsonl (or gold-second.jsonl for the
independent second annotation used for agreement). No sentence of a text ever reaches the project.

    python scripts/news_gold.py splits                 # (re)write eval/news/splits.json, by story
    python scripts/news_gold.py show mena001           # the text with paragraph numbers, split, story
    python scripts/news_gold.py todo --prefix afam     # ids not yet in gold.jsonl
    python scripts/news_gold.py place "Deir ez-Zor"    # gazetteer candidates (lat, lon, country)
    python scripts/news_gold.py actor "Kataib Hezbollah"   # knowledge-base entries (kb_id, country, sector)
    python scripts/news_gold.py check DRAFT.jsonl      # validate a draft, print problems
    python scripts/news_gold.py import DRAFT.jsonl [--second]   # validate and merge into the gold file
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS_DIR = ROOT / "eval" / "news"
CORPUS = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared")) / "external" / "news-pages" / "articles.jsonl"

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FACTUALITY = ("asserted", "planned", "hypothetical", "negated", "historical")
SECTORS = ("COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
           "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "IGO", "NGO")
MAGNITUDES = ("killed", "injured", "arrested", "displaced", "abducted")
QUOTE_KINDS = ("direct", "indirect", "partial")
FEATURES = ("country", "admin1", "admin2", "city", "site", "region")
ROLES = ("location", "actor")
# Split by story: 60 % train, 20 % dev, 20 % test, from a hash of the story's first id (stable, no tuning).
SPLIT_OF_BUCKET = ["train"] * 6 + ["dev"] * 2 + ["test"] * 2


def load_corpus() -> dict[str, dict[str, Any]]:
    if not CORPUS.is_file():
        sys.exit(f"news corpus not found: {CORPUS}")
    with open(CORPUS, encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh)}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stories(corpus: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Article id -> story id (the smallest id among all records linked by same_story_as)."""
    parent = {i: i for i in corpus}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, rec in corpus.items():
        for j in rec.get("same_story_as") or []:
            if j in parent:
                a, b = sorted((find(i), find(j)))
                parent[b] = a
    return {i: find(i) for i in corpus}


def split_of(story: str) -> str:
    return SPLIT_OF_BUCKET[int(hashlib.sha256(story.encode()).hexdigest(), 16) % 10]


def cmd_splits(_args) -> None:
    corpus = load_corpus()
    story = stories(corpus)
    # The second, independent annotation (for agreement) covers a fixed 10 % sample.
    by_hash = sorted(corpus, key=lambda i: hashlib.sha256(f"second:{i}".encode()).hexdigest())
    second = set(by_hash[: round(len(corpus) / 10)])
    out = {i: {"story": story[i], "split": split_of(story[i]), "sha256": sha256(r["text"]), "second": i in second}
           for i, r in sorted(corpus.items())}
    NEWS_DIR.mkdir(parents=True, exist_ok=True)
    (NEWS_DIR / "splits.json").write_text(json.dumps(out, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for v in out.values():
        counts[v["split"]] = counts.get(v["split"], 0) + 1
    print(f"{len(out)} articles, {len(set(story.values()))} stories: {counts}")


def cmd_show(args) -> None:
    corpus = load_corpus()
    story = stories(corpus)
    for i in args.ids:
        r = corpus[i]
        print(f"== {i}  published={r['published']}  outlet={r['outlet']}  story={story[i]}  "
              f"split={split_of(story[i])}  same_story_as={r.get('same_story_as')}")
        print(f"   topic={r.get('topic')}  note={r.get('note')}")
        for n, para in enumerate(r["text"].split("\n\n")):
            print(f"[{n}] {para}")
        print()


def gold_ids(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    with open(path, encoding="utf-8") as fh:
        return {json.loads(line)["id"] for line in fh if line.strip()}


def cmd_todo(args) -> None:
    corpus = load_corpus()
    done = gold_ids(NEWS_DIR / ("gold-second.jsonl" if args.second else "gold.jsonl"))
    ids = [i for i in sorted(corpus) if i.startswith(args.prefix) and i not in done]
    print(" ".join(ids))
    print(f"{len(ids)} to do", file=sys.stderr)


def cmd_place(args) -> None:
    from eventwire.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for name in args.names:
        found = sorted(gaz.lookup(name), key=lambda c: -c.population)[:12]
        print(f"{name}: {len(found)} candidates" + ("" if found else " (none: give lat/lon yourself)"))
        for c in found:
            print(f"   {c.name!r} lat={c.lat:.4f} lon={c.lon:.4f} country={c.country} admin1={c.admin1} "
                  f"feature={c.feature} pop={c.population} geonameid={c.geonameid}")


def cmd_actor(args) -> None:
    from eventwire.actors.kb import load_kb

    kb = load_kb()
    for name in args.names:
        matches = kb.lookup(name)
        print(f"{name}: {len(matches)} matches" + ("" if matches else " (not in KB: kb_id null)"))
        for m in matches[:8]:
            if m.type == "actor":
                a = kb.actors[m.key]
                print(f"   kb_id={a.id} name={a.name!r} country={a.country} sector={a.sector} score={m.score}")
            else:
                c = kb.countries.get(m.key)
                print(f"   {m.type}: kb_id={m.key} name={getattr(c, 'name', m.key)!r} score={m.score}")


class Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def locate(text: str, needle: Any, where: str, problems: Problems, within: tuple[int, int] | None = None,
           nth: int = 0) -> list[int] | None:
    """Offsets of an exact substring (inside `within` when given; the nth occurrence)."""
    if needle in (None, ""):
        return None
    if not isinstance(needle, str):
        problems.add(where, f"expected a substring, got {needle!r}")
        return None
    lo, hi = within or (0, len(text))
    start = text.find(needle, lo, hi)
    for _ in range(nth):
        if start < 0:
            break
        start = text.find(needle, start + 1, hi)
    if start < 0:
        problems.add(where, f"not an exact substring{' of the evidence' if within else ''}: {needle[:60]!r}")
        return None
    return [start, start + len(needle)]


def locate_word(text: str, needle: Any, where: str, problems: Problems, nth: int = 0) -> list[int] | None:
    """Like `locate`, but a whole-word occurrence first: a place "Israel" is not the start of "Israeli"."""
    if isinstance(needle, str) and needle:
        found = [m for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text)]
        if len(found) > nth:
            return [found[nth].start(), found[nth].end()]
    return locate(text, needle, where, problems, nth=nth)


def convert_party(text: str, party: Any, where: str, problems: Problems, evidence: list[int] | None) -> dict:
    if not isinstance(party, dict) or not party.get("name"):
        problems.add(where, "a party needs at least a name")
        return {}
    country, sector = party.get("country"), party.get("sector")
    if country is not None and not (isinstance(country, str) and len(country) == 3 and country.isupper()):
        problems.add(where, f"country must be ISO3, IGO or NGO, or null: {country!r}")
    if sector is not None and sector not in SECTORS:
        problems.add(where, f"unknown sector {sector!r}")
    out = {"name": party["name"], "kb_id": party.get("kb_id"), "country": country, "sector": sector,
           "span": None}
    if party.get("text"):
        # the mention as written: inside the evidence when it is there, else anywhere in the article
        found = text.find(party["text"], *(evidence or (0, len(text))))
        out["span"] = [found, found + len(party["text"])] if found >= 0 else locate(text, party["text"], where, problems)
    return out


def convert_event(text: str, ev: dict, where: str, problems: Problems) -> dict:
    evidence = locate(text, ev.get("evidence"), f"{where} evidence", problems, nth=ev.get("evidence_nth", 0))
    if evidence is None and not ev.get("evidence"):
        problems.add(where, "evidence is required")
    trigger = locate(text, ev.get("trigger"), f"{where} trigger", problems, within=tuple(evidence) if evidence else None)
    if ev.get("type") not in PLOVER_TYPES:
        problems.add(where, f"unknown type {ev.get('type')!r}")
    if ev.get("factuality") not in FACTUALITY:
        problems.add(where, f"factuality must be one of {FACTUALITY}, got {ev.get('factuality')!r}")
    out: dict[str, Any] = {
        "evidence": evidence, "trigger": trigger, "type": ev.get("type"), "mode": ev.get("mode"),
        "actors": [convert_party(text, p, f"{where} actor", problems, evidence) for p in ev.get("actors") or []],
        "recipients": [convert_party(text, p, f"{where} recipient", problems, evidence) for p in ev.get("recipients") or []],
        "mentions": [m for m in (locate(text, x, f"{where} mention", problems) for x in ev.get("mentions") or []) if m],
        "factuality": ev.get("factuality"), "claimed_by": ev.get("claimed_by"),
        "date": ev.get("date"), "location": ev.get("location"), "magnitudes": {},
    }
    if not out["actors"]:
        problems.add(where, "an event needs at least one actor (use a generic one: 'unknown gunmen', UAF)")
    date = ev.get("date")
    if date is not None and not (isinstance(date, dict) and _iso(date.get("start")) and _iso(date.get("end"))
                                 and date["start"] <= date["end"]):
        problems.add(where, f"date must be null or {{start, end}} ISO dates with start <= end: {date!r}")
    loc = ev.get("location")
    if loc is not None:
        if not (isinstance(loc, dict) and loc.get("name") and _coord(loc.get("lat"), 90) and _coord(loc.get("lon"), 180)):
            problems.add(where, f"location must be null or {{name, lat, lon, country}}: {loc!r}")
    for kind, value in (ev.get("magnitudes") or {}).items():
        if kind not in MAGNITUDES:
            problems.add(where, f"unknown magnitude {kind!r} (one of {MAGNITUDES})")
            continue
        if not isinstance(value, dict) or not isinstance(value.get("min"), int):
            problems.add(where, f"magnitude {kind} needs an integer min: {value!r}")
            continue
        span = locate(text, value.get("text"), f"{where} magnitude {kind}", problems)
        out["magnitudes"][kind] = {"min": value["min"], "max": value.get("max"), "span": span}
    return out


def _iso(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def _coord(value: Any, bound: float) -> bool:
    return isinstance(value, (int, float)) and -bound <= value <= bound


def convert(record: dict, corpus: dict[str, dict], splits: dict[str, dict]) -> tuple[dict | None, Problems]:
    problems = Problems()
    aid = record.get("id")
    if aid not in corpus:
        problems.add(str(aid), "unknown article id")
        return None, problems
    text = corpus[aid]["text"]
    events = [convert_event(text, ev, f"{aid} event {n}", problems) for n, ev in enumerate(record.get("events") or [])]
    quotes = []
    for n, q in enumerate(record.get("quotes") or []):
        where = f"{aid} quote {n}"
        if q.get("kind") not in QUOTE_KINDS:
            problems.add(where, f"kind must be one of {QUOTE_KINDS}")
        span = locate(text, q.get("text"), where, problems, nth=q.get("nth", 0))
        quotes.append({"span": span, "kind": q.get("kind"), "speaker": q.get("speaker"), "medium": q.get("medium")})
    places = []
    for n, p in enumerate(record.get("places") or []):
        where = f"{aid} place {n}"
        if p.get("feature") not in FEATURES:
            problems.add(where, f"feature must be one of {FEATURES}")
        if p.get("role") not in ROLES:
            problems.add(where, f"role must be one of {ROLES}")
        if not (_coord(p.get("lat"), 90) and _coord(p.get("lon"), 180)):
            problems.add(where, "lat/lon required")
        span = locate_word(text, p.get("text"), where, problems, nth=p.get("nth", 0))
        places.append({"span": span, "name": p.get("name"), "lat": p.get("lat"), "lon": p.get("lon"),
                       "country": p.get("country"), "feature": p.get("feature"), "role": p.get("role")})
    info = splits.get(aid, {})
    gold = {"id": aid, "sha256": sha256(text), "story": info.get("story"), "split": info.get("split"),
            "annotator": record.get("annotator"), "no_events_reason": record.get("no_events_reason"),
            "events": events, "quotes": quotes, "places": places}
    return gold, problems


def read_drafts(path: str) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    sys.exit(f"{path}:{number}: not JSON: {exc.msg} (column {exc.colno})")
    return out


def _splits() -> dict[str, dict]:
    path = NEWS_DIR / "splits.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def cmd_check(args) -> None:
    corpus, splits = load_corpus(), _splits()
    bad = 0
    for path in args.drafts:
        for record in read_drafts(path):
            _gold, problems = convert(record, corpus, splits)
            for p in problems:
                print(p)
            bad += len(problems)
    print(f"{bad} problems")
    sys.exit(1 if bad else 0)


def cmd_import(args) -> None:
    corpus, splits = load_corpus(), _splits()
    target = NEWS_DIR / ("gold-second.jsonl" if args.second else "gold.jsonl")
    existing: dict[str, dict] = {}
    if target.is_file():
        with open(target, encoding="utf-8") as fh:
            existing = {g["id"]: g for g in map(json.loads, filter(str.strip, fh))}
    added, skipped = 0, 0
    for path in args.drafts:
        for record in read_drafts(path):
            gold, problems = convert(record, corpus, splits)
            if problems:
                skipped += 1
                for p in problems:
                    print(p, file=sys.stderr)
                continue
            existing[gold["id"]] = gold
            added += 1
    NEWS_DIR.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8") as fh:
        for aid in sorted(existing):
            fh.write(json.dumps(existing[aid], ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{target.name}: {added} imported, {skipped} skipped with problems, {len(existing)} in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("splits").set_defaults(func=cmd_splits)
    p = sub.add_parser("show"); p.add_argument("ids", nargs="+"); p.set_defaults(func=cmd_show)
    p = sub.add_parser("todo"); p.add_argument("--prefix", default=""); p.add_argument("--second", action="store_true"); p.set_defaults(func=cmd_todo)
    p = sub.add_parser("place"); p.add_argument("names", nargs="+"); p.set_defaults(func=cmd_place)
    p = sub.add_parser("actor"); p.add_argument("names", nargs="+"); p.set_defaults(func=cmd_actor)
    p = sub.add_parser("check"); p.add_argument("drafts", nargs="+"); p.set_defaults(func=cmd_check)
    p = sub.add_parser("import"); p.add_argument("drafts", nargs="+"); p.add_argument("--second", action="store_true"); p.set_defaults(func=cmd_import)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
