#!/usr/bin/env python3
"""Check the development gold set in eval/dev/ and print its counts.

Verifies that every article has a gold line (and vice versa), that every `evidence` and every
quote/place/time `text` is an exact substring of its article, that categories, factuality values,
quote kinds, place roles and features, sectors and ISO3 codes are valid, that coordinates are in
range and dates are ISO intervals with start <= end. Exits 1 and lists the problems if any.

Usage: python scripts/check_dev_gold.py [eval/dev]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

# Kept here so the checker runs without the package installed; `check_vocabulary` compares them with
# eventwire.model when that is importable, so the two cannot drift apart unnoticed.
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
FACTUALITY = {"asserted", "planned", "hypothetical", "negated", "historical"}
QUOTE_KINDS = {"direct", "indirect", "partial"}
PLACE_ROLES = {"location", "actor"}
FEATURES = {"country", "admin1", "admin2", "city", "site", "region"}
SECTORS = {
    "AGR", "BUS", "COP", "CRM", "CVL", "EDU", "ELI", "GOV", "IGO", "JRN", "JUD", "LAB", "LEG", "MED",
    "MIL", "NGO", "OPP", "PRE", "PRM", "PTY", "REB", "REF", "REL", "SOC", "SPY", "UAF", "UNK",
}
INTERNATIONAL = {"IGO", "NGO"}  # pseudo country codes for international organisations
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSON Lines file (blank and // comment lines skipped)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                sys.exit(f"{path}:{n}: invalid JSON: {exc}")
    return rows


def check_date(value: dict | None, where: str, problems: list[str]) -> None:
    if value is None:
        return
    start, end = value.get("start"), value.get("end")
    if not (isinstance(start, str) and ISO_DATE.match(start) and isinstance(end, str) and ISO_DATE.match(end)):
        problems.append(f"{where}: date is not an ISO interval: {value}")
    elif start > end:
        problems.append(f"{where}: start {start} after end {end}")


def check_country(code: str | None, where: str, problems: list[str], allow_intl: bool) -> None:
    if code is None:
        return
    if not ISO3.match(code) or (code in INTERNATIONAL and not allow_intl):
        problems.append(f"{where}: bad country code {code!r}")


def check_coords(rec: dict, where: str, problems: list[str]) -> None:
    lat, lon = rec.get("lat"), rec.get("lon")
    if not (isinstance(lat, (int, float)) and -90 <= lat <= 90 and isinstance(lon, (int, float)) and -180 <= lon <= 180):
        problems.append(f"{where}: bad coordinates {lat}, {lon}")


def check_entity(ent: dict, where: str, problems: list[str]) -> None:
    if not ent.get("name"):
        problems.append(f"{where}: entity without name")
    check_country(ent.get("country"), where, problems, allow_intl=True)
    if ent.get("sector") not in SECTORS:
        problems.append(f"{where}: unknown sector {ent.get('sector')!r}")


def check_substring(text: str, needle: str | None, where: str, problems: list[str]) -> None:
    if not needle or needle not in text:
        problems.append(f"{where}: not an exact substring of the article: {needle!r}")


def check_event(ev: dict, text: str, where: str, problems: list[str]) -> None:
    if ev.get("type") not in PLOVER_TYPES:
        problems.append(f"{where}: unknown PLOVER type {ev.get('type')!r}")
    if ev.get("factuality") not in FACTUALITY:
        problems.append(f"{where}: unknown factuality {ev.get('factuality')!r}")
    if not ev.get("actors"):
        problems.append(f"{where}: event without actors")
    for role in ("actors", "recipients"):
        for i, ent in enumerate(ev.get(role, [])):
            check_entity(ent, f"{where}.{role}[{i}]", problems)
    if ev.get("location") is not None:
        check_coords(ev["location"], f"{where}.location", problems)
        check_country(ev["location"].get("country"), f"{where}.location", problems, allow_intl=False)
    check_date(ev.get("date"), f"{where}.date", problems)
    check_substring(text, ev.get("evidence"), f"{where}.evidence", problems)


def check_article(art: dict, gold: dict, problems: list[str]) -> None:
    text, aid = art["text"], art["id"]
    for i, ev in enumerate(gold.get("events", [])):
        check_event(ev, text, f"{aid}.events[{i}]", problems)
    for i, q in enumerate(gold.get("quotes", [])):
        check_substring(text, q.get("text"), f"{aid}.quotes[{i}]", problems)
        if q.get("kind") not in QUOTE_KINDS:
            problems.append(f"{aid}.quotes[{i}]: unknown kind {q.get('kind')!r}")
    for i, p in enumerate(gold.get("places", [])):
        where = f"{aid}.places[{i}]"
        check_substring(text, p.get("text"), where, problems)
        check_coords(p, where, problems)
        check_country(p.get("country"), where, problems, allow_intl=False)
        if p.get("feature") not in FEATURES or p.get("role") not in PLACE_ROLES:
            problems.append(f"{where}: bad feature/role {p.get('feature')!r}/{p.get('role')!r}")
    for i, t in enumerate(gold.get("times", [])):
        check_substring(text, t.get("text"), f"{aid}.times[{i}]", problems)
        check_date(t, f"{aid}.times[{i}]", problems)


def check_vocabulary(problems: list[str]) -> None:
    """Compare our category and factuality lists with the package's, when it is installed."""
    try:
        from eventwire.model import FACTUALITY_VALUES, PLOVER_TYPES as MODEL_TYPES
    except ImportError:
        return
    if set(MODEL_TYPES) != PLOVER_TYPES or set(FACTUALITY_VALUES) != FACTUALITY:
        problems.append("checker vocabulary differs from eventwire.model: update this script")


def check(folder: Path) -> tuple[list[str], list[dict], dict[str, dict]]:
    """All problems found, the articles, and the gold records by id."""
    problems: list[str] = []
    check_vocabulary(problems)
    articles = read_jsonl(folder / "articles.jsonl")
    golds = {g["id"]: g for g in read_jsonl(folder / "gold.jsonl")}
    ids = [a["id"] for a in articles]
    for dup in sorted(k for k, n in Counter(ids).items() if n > 1):
        problems.append(f"duplicate article id {dup}")
    for art in articles:
        for key in ("id", "url", "title", "source", "published", "text"):
            if not art.get(key):
                problems.append(f"{art.get('id')}: missing {key}")
        if not ISO_DATE.match(art.get("published") or ""):
            problems.append(f"{art['id']}: published is not YYYY-MM-DD")
        if art["id"] not in golds:
            problems.append(f"{art['id']}: no gold record")
            continue
        check_article(art, golds[art["id"]], problems)
    for gid in sorted(set(golds) - set(ids)):
        problems.append(f"gold record {gid} has no article")
    return problems, articles, golds


def report(articles: list[dict], golds: dict[str, dict]) -> None:
    """Print counts by outlet, event type, factuality and record kind."""
    events = [ev for g in golds.values() for ev in g["events"]]
    words = [len(a["text"].split()) for a in articles]
    print(f"articles: {len(articles)} ({min(words)}-{max(words)} words), events: {len(events)}, "
          f"quotes: {sum(len(g['quotes']) for g in golds.values())}, "
          f"places: {sum(len(g['places']) for g in golds.values())}, "
          f"times: {sum(len(g['times']) for g in golds.values())}")
    for title, counter in (
        ("event types", Counter(ev["type"] for ev in events)),
        ("factuality", Counter(ev["factuality"] for ev in events)),
        ("quote kinds", Counter(q["kind"] for g in golds.values() for q in g["quotes"])),
        ("sources", Counter(a["source"] for a in articles)),
    ):
        print(f"{title}: " + ", ".join(f"{k} {n}" for k, n in counter.most_common()))


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "eval" / "dev"
    problems, articles, golds = check(folder)
    report(articles, golds)
    for p in problems:
        print("PROBLEM", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
