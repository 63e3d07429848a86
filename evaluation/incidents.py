"""`copies` and `incidents-dev`: copy detection and incident clustering (docs/incidents.md, "Measure").

`copies` stores, through the real store path (`Store.ingest`, which links copies as it writes), the 505
real news pages of `../shared/external/news-pages` and our own texts (eval/dev/articles.jsonl) with three
made copies of each (`synthetic_copies`: cut and retitled, wrapped in boilerplate, reworded), then compares
the copy groups found with the gold: eval/news/copies.jsonl (our judgement of every pair of the corpus's
same-story groups; all other pairs are not copies) and the made copies (each a copy of its text; the dev
set's same-event reports, written independently, are not). Pairs are counted within copy groups.
Recall = gold copy pairs found / gold copy pairs; false-link rate = pairs found that are not copies /
pairs found.

`incidents-dev` ingests the 40 dev articles through `eventwire.ingest` (coded by `Coder.code_many`),
aligns each gold event with a coded event (dev.py's matching), and scores the store's incidents against
the gold incidents of eval/dev/incidents.jsonl over the aligned events: B-cubed and pairwise precision,
recall and F1. `oracle_*` scores the clustering alone on the gold events themselves (their types,
participants, places and dates written as coded events).
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import REPO, Context, SuiteResult, default_external_dir, missing, suite
from .metrics import bcubed, pairwise

NEWS_COPIES = REPO / "eval" / "news" / "copies.jsonl"
DEV = REPO / "eval" / "dev"
# Word swaps of the made "reworded" copy (what a paraphrasing aggregator does to a wire text).
_SWAPS = {"said": "stated", "killed": "left dead", "attacked": "struck", "fighters": "militants",
          "officials": "authorities", "on Sunday": "Sunday", "on Monday": "Monday", "troops": "soldiers",
          "government": "administration", "told": "informed", "people": "persons", "army": "military"}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip() and not line.lstrip().startswith("//")]


def synthetic_copies(article_id: str, title: str, text: str) -> list[tuple[str, str, str]]:
    """(id, title, text) of three made copies of one of our texts: cut and retitled, wrapped in page
    boilerplate, and reworded word by word."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    keep = max(2, round(len(paragraphs) * 0.6))
    cut = "\n".join([f"{title} (updated)", *paragraphs[:keep], "Source: partner agency."])
    boiler = "\n".join([title.upper(), "By Staff Reporter | Advertisement", *paragraphs,
                        "Share this article on social media. Subscribe to our newsletter for more news."])
    reworded = text
    for old, new in _SWAPS.items():
        reworded = re.sub(rf"\b{re.escape(old)}\b", new, reworded)
    reworded = "\n".join([f"In brief: {title}", reworded])
    return [(f"{article_id}~cut", f"{title} (updated)", cut), (f"{article_id}~boiler", title.upper(), boiler),
            (f"{article_id}~reworded", f"In brief: {title}", reworded)]


def _store_copies(records: Iterable[tuple[str, str, str, str | None, str | None]], path: Path) -> dict[str, str]:
    """Write (id, title, text, url, published) articles through Store.ingest; the original of each copy."""
    from eventwire.model import Article, CodedArticle
    from eventwire.store.sqlite import Store

    with Store(path) as store:
        for art_id, title, text, url, published in records:
            store.ingest(CodedArticle(article=Article(id=art_id, text=text, title=title, url=url, source=art_id,
                                                      published=published)))
        return {r[0]: r[1] for r in store.conn.execute("SELECT article_id, copy_of FROM article_copies")}


def linked_pairs(copy_of: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, set[str]] = {}
    for copy, original in copy_of.items():
        groups.setdefault(original, {original}).add(copy)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(sorted(g), 2)}


def _rates(found: set, gold: set, universe_ids: set[str] | None = None) -> dict[str, float | int | None]:
    if universe_ids is not None:
        found = {p for p in found if p[0] in universe_ids and p[1] in universe_ids}
    hits = found & gold
    return {"recall": round(len(hits) / len(gold), 4) if gold else None,
            "false_link_rate": round(len(found - gold) / len(found), 4) if found else 0.0,
            "gold_pairs": len(gold), "found_pairs": len(found)}


@suite("copies", "news-pages")
def score_copies(ctx: Context) -> SuiteResult:
    pages = ctx.data / "articles.jsonl"
    for needed in (pages, NEWS_COPIES, DEV / "articles.jsonl"):
        if not needed.is_file():
            return missing("copies", needed)
    news = read_jsonl(pages)[: ctx.limit]
    news_ids = {r["id"] for r in news}
    gold_rows = [r for r in read_jsonl(NEWS_COPIES) if r["a"] in news_ids and r["b"] in news_ids]
    news_gold = {(r["a"], r["b"]) for r in gold_rows if r["kind"] != "independent"}
    ours = read_jsonl(DEV / "articles.jsonl")[: ctx.limit]
    made: list[tuple[str, str, str, str | None, str | None]] = []
    ours_gold: set[tuple[str, str]] = set()
    for record in ours:
        copies = synthetic_copies(record["id"], record["title"], record["text"])
        made += [(cid, title, text, None, record.get("published")) for cid, title, text in copies]
        family = [record["id"], *(c[0] for c in copies)]
        ours_gold |= {tuple(sorted(p)) for p in itertools.combinations(family, 2)}
    records = [(r["id"], r.get("title"), r["text"], r.get("url"), r.get("published")) for r in news]
    records += [(r["id"], r["title"], r["text"], r.get("url"), r.get("published")) for r in ours] + made
    with tempfile.TemporaryDirectory() as tmp:
        found = linked_pairs(_store_copies(records, Path(tmp) / "copies.db"))
    ours_ids = {r[0] for r in records[len(news):]}
    all_gold = news_gold | ours_gold
    overall, real, made_rates = _rates(found, all_gold), _rates(found, news_gold, news_ids), _rates(found, ours_gold, ours_ids)
    test_ids = {x for r in gold_rows if r["split"] == "test" for x in (r["a"], r["b"])}
    held = _rates({p for p in found if p[0] in test_ids or p[1] in test_ids},
                  {p for p in news_gold if p[0] in test_ids}, None)
    by_kind = {}
    for kind in ("republished", "reworded"):
        pairs = {(r["a"], r["b"]) for r in gold_rows if r["kind"] == kind}
        by_kind[f"news_{kind}_recall"] = round(len(pairs & found) / len(pairs), 4) if pairs else None
    cross = {p for p in found if (p[0] in news_ids) != (p[1] in news_ids)}
    missed = sorted(news_gold - found)
    wrong = sorted(p for p in found - all_gold)
    return SuiteResult(
        suite="copies",
        metrics={"copy_recall": overall["recall"], "false_link_rate": overall["false_link_rate"],
                 "link_precision": round(1 - overall["false_link_rate"], 4),  # the gate floors figures that rise
                 "news_recall": real["recall"], "news_false_link_rate": real["false_link_rate"],
                 "held_out_news_recall": held["recall"], "held_out_news_false_link_rate": held["false_link_rate"],
                 **by_kind, "made_recall": made_rates["recall"], "made_false_link_rate": made_rates["false_link_rate"],
                 "gold_pairs": len(all_gold), "found_pairs": len(found), "news_gold_pairs": len(news_gold),
                 "made_gold_pairs": len(ours_gold), "links_between_corpora": len(cross)},
        n=len(records),
        headline="copy_recall",
        limit=ctx.limit,
        notes=["news: our copy judgement of every same-story pair (eval/news/copies.jsonl); made: 3 copies of each "
               "dev text (cut, boilerplate, reworded); pairs within copy groups", "thresholds in Options [copies], "
               "chosen on the train and dev stories; held_out_* = the test split's stories"],
        details={"missed_news_pairs": [list(p) for p in missed], "false_links": [list(p) for p in wrong[:20]]},
    )


# --- incidents ------------------------------------------------------------------------------------


def gold_incidents(path: Path, gold: dict[str, dict]) -> dict[str, str]:
    """Gold incident per gold event key ("<article>#<index>") of the articles in `gold`; unlisted events are
    their own incident."""
    out = {f"{aid}#{i}": f"{aid}#{i}" for aid, record in gold.items() for i in range(len(record["events"]))}
    for row in read_jsonl(path):
        for key in row["events"]:
            if key.split("#")[0] not in gold:  # an article left out (a --limit run)
                continue
            if key not in out:
                raise KeyError(f"{path}: {row['incident']} names {key}, which is not a gold event")
            out[key] = row["incident"]
    return out


def _scores(prefix: str, system: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    b, p = bcubed(system, gold), pairwise(system, gold)
    return {f"{prefix}bcubed_{k}": v for k, v in b.items()} | {f"{prefix}pairwise_{k}": v for k, v in p.items()}


def oracle_articles(records: list[dict], gold: dict[str, dict]):
    """The gold events written as coded articles: what the clustering sees when coding is perfect."""
    from eventwire.model import Article, CodedArticle, Entity, Event, EventDate, Place

    def entities(parties: list[dict]) -> list[Entity]:
        return [Entity(name=p.get("name") or "", text=p.get("name") or "", kb_id=p.get("kb_id"),
                       country=p.get("country"), sector=p.get("sector")) for p in parties]

    out = []
    for record in records:
        events = []
        for i, g in enumerate(gold[record["id"]]["events"]):
            loc = g.get("location")
            place = (Place(text=loc["name"], start=0, end=0, name=loc["name"], lat=loc.get("lat"), lon=loc.get("lon"),
                           country=loc.get("country"), feature="city") if loc else None)
            when = EventDate(g["date"]["start"], g["date"]["end"], "gold") if g.get("date") else None
            events.append(Event(id=f"{record['id']}-e{i}", type=g["type"], mode=g.get("mode"), contexts=[],
                                actors=entities(g["actors"]), recipients=entities(g["recipients"]), location=place,
                                date=when, factuality=g["factuality"], claimed_by=None, sentence=i + 1, start=0,
                                end=0, text=g["evidence"], confidence=1.0))
        article = Article(id=record["id"], text=record["text"], title=record.get("title"),
                          source=record.get("source"), published=record.get("published"), url=record.get("url"))
        out.append(CodedArticle(article=article, events=events))
    return out


@suite("incidents-dev", "dev")
def score_incidents_dev(ctx: Context) -> SuiteResult:
    from eventwire.read import article_from_record

    from .dev import match_events

    incidents_path = ctx.data / "incidents.jsonl"
    for needed in (ctx.data / "articles.jsonl", ctx.data / "gold.jsonl", incidents_path):
        if not needed.is_file():
            return missing("incidents-dev", needed)
    records = read_jsonl(ctx.data / "articles.jsonl")[: ctx.limit]
    gold = {r["id"]: r for r in read_jsonl(ctx.data / "gold.jsonl") if r["id"] in {x["id"] for x in records}}
    truth = gold_incidents(incidents_path, gold)
    articles = [article_from_record(r, f"dev:{r['id']}") for r in records]
    coded, member, oracle_member = _stored(ctx.coder, articles, oracle_articles(records, gold))
    system, aligned_gold = {}, {}
    for aid, record in gold.items():
        result = coded.get(aid)
        if result is None:
            continue
        for gi, pi in match_events(record["events"], result.events, result.article.text):
            key = f"{aid}#{gi}"
            system[key] = member.get(result.events[pi].id, result.events[pi].id)
            aligned_gold[key] = truth[key]
    oracle_system = {f"{aid}#{i}": oracle_member[f"{aid}-e{i}"] for aid, r in gold.items() for i in range(len(r["events"]))}
    metrics = _incident_metrics(system, aligned_gold, oracle_system, truth)
    return SuiteResult(
        suite="incidents-dev", metrics=metrics, n=len(records), headline="bcubed_f1", limit=ctx.limit,
        notes=["over the gold events aligned with a coded event (dev matching); oracle_* on the gold events as coded "
               "events; gold: eval/dev/incidents.jsonl (unlisted events are incidents of their own)"],
    )


def _stored(coder, articles, oracle) -> tuple[dict, dict[str, str], dict[str, str]]:
    """Ingest `articles` (coded by `coder`) and the `oracle` coded articles into two temporary stores:
    the coded articles by id, and the incident of every event in each store."""
    from eventwire.ingest import ingest
    from eventwire.model import CodedArticle
    from eventwire.store.sqlite import Store

    coded: dict[str, CodedArticle] = {}

    class Recording:  # keeps what the coder returns, for the alignment with the gold
        def code_many(self, items, batch_size=None, n_process=None):
            for result in coder.code_many(items, batch_size=batch_size, n_process=n_process):
                if isinstance(result, CodedArticle):
                    coded[result.article.id] = result
                yield result

    members = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, feed in (("coded", None), ("oracle", oracle)):
            with Store(Path(tmp) / f"{name}.db") as store:
                if feed is None:
                    ingest(articles, store, Recording())
                else:
                    for item in feed:
                        store.ingest(item)
                members.append(dict(store.conn.execute("SELECT event_id, incident_id FROM incident_members").fetchall()))
    return coded, members[0], members[1]


def _incident_metrics(system: dict[str, str], aligned_gold: dict[str, str], oracle_system: dict[str, str],
                      truth: dict[str, str]) -> dict[str, float | int]:
    sizes = {v: list(truth.values()).count(v) for v in set(truth.values())}
    linked = {k for k, v in truth.items() if sizes[v] > 1}
    # B-cubed over every event is mostly singletons; over the events of multi-report incidents it shows
    # the linking itself.
    linked_scores = {f"linked_bcubed_{k}": v for k, v in bcubed({k: system[k] for k in linked & set(system)},
                                                                  aligned_gold).items()}
    return {**_scores("", system, aligned_gold), **linked_scores, **_scores("oracle_", oracle_system, truth),
            "aligned_events": len(system), "gold_events": len(truth), "gold_linked_events": len(linked),
            "aligned_linked_events": len(linked & set(system))}


def _news_as_dev_gold(record: dict, text: str) -> dict:
    """A news gold record in the dev gold's shape (evidence as text), for the oracle."""
    events = []
    for e in record["events"]:
        start, end = e["evidence"]
        events.append({**e, "evidence": text[start:end], "actors": e.get("actors") or [],
                       "recipients": e.get("recipients") or []})
    return {"id": record["id"], "events": events}


@suite("incidents-news", "news")
def score_incidents_news(ctx: Context) -> SuiteResult:
    """Incidents on the same-story groups of the real news corpus: every article of a group coded and
    stored together, gold from eval/news/incidents.jsonl (our links) over eval/news/gold.jsonl (our events).
    Nothing of the link rule was tuned on this corpus."""
    from .news import _pairs, aligned_agrees, gold_event, news_articles, predicted_event, read_gold, texts_path, \
        tuple_agrees, verified

    incidents_path, corpus = ctx.data / "incidents.jsonl", texts_path(ctx)
    for needed in (ctx.data / "gold.jsonl", incidents_path, corpus):
        if not needed.is_file():
            return missing("incidents-news", needed)
    texts = {r["id"]: r for r in read_jsonl(corpus)}
    gold_all, _ = read_gold(ctx.data / "gold.jsonl")
    grouped = sorted(aid for aid, r in texts.items() if r.get("same_story_as"))
    ok, problems = verified({a: gold_all[a] for a in grouped if a in gold_all}, texts)
    ids = ok[: ctx.limit]
    gold = {aid: gold_all[aid] for aid in ids}
    truth = gold_incidents(incidents_path, gold)
    oracle_records = [{"id": aid, "text": texts[aid]["text"], "source": texts[aid].get("outlet"),
                       "published": texts[aid].get("published")} for aid in ids]
    oracle_gold = {aid: _news_as_dev_gold(gold[aid], texts[aid]["text"]) for aid in ids}
    coded, member, oracle_member = _stored(ctx.coder, news_articles(ids, texts), oracle_articles(oracle_records, oracle_gold))
    system, aligned_gold = {}, {}
    for aid in ids:
        result = coded.get(aid)
        if result is None:
            continue
        g = [gold_event(e) for e in gold[aid]["events"]]
        p = [predicted_event(e) for e in result.events]
        pairs = _pairs(g, p, aligned_agrees)
        left_g = [i for i in range(len(g)) if i not in {a for a, _ in pairs}]
        left_p = [i for i in range(len(p)) if i not in {b for _, b in pairs}]
        pairs += [(left_g[a], left_p[b]) for a, b in _pairs([g[i] for i in left_g], [p[i] for i in left_p], tuple_agrees)]
        for gi, pi in pairs:
            key = f"{aid}#{gi}"
            system[key] = member.get(result.events[pi].id, result.events[pi].id)
            aligned_gold[key] = truth[key]
    oracle_system = {f"{aid}#{i}": oracle_member[f"{aid}-e{i}"] for aid in ids for i in range(len(gold[aid]["events"]))}
    metrics = _incident_metrics(system, aligned_gold, oracle_system, truth)
    splits = {r["id"]: r.get("split") for r in gold.values()}
    test = {k for k in system if splits.get(k.split("#")[0]) == "test"}
    metrics["test_bcubed_f1"] = bcubed({k: system[k] for k in test}, aligned_gold)["f1"]
    metrics["test_pairwise_f1"] = pairwise({k: system[k] for k in test}, aligned_gold)["f1"]
    return SuiteResult(
        suite="incidents-news", metrics=metrics, n=len(ids), headline="bcubed_f1", limit=ctx.limit,
        notes=[f"{len(ids)} articles of the corpus's same-story groups; events aligned as in the news suite; "
               "oracle_* on the gold events as coded events; test_* = the test split's stories", *problems[:3]],
    )
