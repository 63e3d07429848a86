"""Error analysis on the real-news annotations (train and dev splits only: the test split is never
looked at for tuning). Every gold event the aligned metric misses and every prediction it does not
pair is put in one kind, with examples:

    python scripts/news_errors.py                  # train + dev, counts by kind, and the aligned pairs' location and date hits
    python scripts/news_errors.py --show 5         # and five examples of each kind
    python scripts/news_errors.py --splits dev --kind fp:wrong-type --show 40

Kinds of miss (gold events): no prediction in the sentence; the sentence's predictions have another
type; same type but the actor side disagrees; same type but the recipient is missing; same type but
the recipient disagrees. Kinds of false alarm (predictions): no gold event in the sentence; only
background gold there; another type; a second event of a type already paired there (a restatement);
same type with other actors or recipients.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation import news  # noqa: E402
from evaluation.metrics import match_one_to_one  # noqa: E402
from evaluation import default_external_dir  # noqa: E402


def miss_kind(g, predicted) -> str:
    here = [p for p in predicted if news.same_sentence(g, p)]
    if not here:
        return "fn:nothing-in-sentence"
    typed = [p for p in here if p.type == g.type]
    if not typed:
        return "fn:other-type"
    if not any(news._sides(g.actors, p.actors) for p in typed):
        return "fn:actor"
    if g.recipients and not any(p.recipients for p in typed):
        return "fn:recipient-missing"
    return "fn:recipient"


def alarm_kind(p, gold_all, gold, paired_gold) -> str:
    here = [g for g in gold if news.same_sentence(g, p)]
    if not here:
        background = [g for g in gold_all if news.same_sentence(g, p)]
        return "fp:background-only" if background else "fp:nothing-in-gold"
    typed = [g for g in here if g.type == p.type]
    if not typed:
        return "fp:wrong-type"
    if all(id(g) in paired_gold for g in typed):
        return "fp:restatement"
    return "fp:arguments"


def describe(e, text: str) -> str:
    start, end = e.spans[0]
    return (f"{e.type} {sorted(e.actors) or '-'} -> {sorted(e.recipients) or '-'} [{e.factuality}] "
            f"| {text[start:end][:160]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="train,dev", help="comma-separated; test is refused")
    parser.add_argument("--show", type=int, default=0, help="examples per kind")
    parser.add_argument("--kind", default=None, help="only this kind (e.g. fp:wrong-type)")
    args = parser.parse_args(argv)
    splits = set(args.splits.split(","))
    if "test" in splits:
        parser.error("the test split is held out: analyse train and dev only")
    from eventwire import Coder

    gold, _ = news.read_gold(ROOT / "eval" / "news" / "gold.jsonl")
    texts = news.read_texts(default_external_dir() / news.TEXTS)
    ids, _ = news.verified(gold, texts)
    ids = [i for i in ids if gold[i].get("split") in splits]
    coded = news.code_articles(Coder(), ids, texts)
    kinds: dict[str, list[str]] = collections.defaultdict(list)
    tp = n_gold = n_pred = 0
    fields = news.Counts()  # the scorer's own per-field comparisons of the aligned pairs
    for aid in ids:
        text = texts[aid]["text"]
        gold_all = [news.gold_event(e) for e in gold[aid].get("events") or [] if e.get("type")]
        pred_all = [news.predicted_event(e) for e in coded[aid].events] if aid in coded else []
        news.score_events(gold_all, pred_all, fields)
        g_now, p_now = news.current(gold_all), news.current(pred_all)
        pairs = match_one_to_one(g_now, p_now, news.aligned_agrees)
        tp, n_gold, n_pred = tp + len(pairs), n_gold + len(g_now), n_pred + len(p_now)
        paired_g, paired_p = {g for g, _ in pairs}, {p for _, p in pairs}
        paired_gold = {id(g_now[i]) for i in paired_g}
        for i, g in enumerate(g_now):
            if i not in paired_g:
                kinds[miss_kind(g, p_now)].append(f"{aid}: {describe(g, text)}")
        for i, p in enumerate(p_now):
            if i not in paired_p:
                kinds[alarm_kind(p, gold_all, g_now, paired_gold)].append(f"{aid}: {describe(p, text)}")
    precision, recall = tp / max(n_pred, 1), tp / max(n_gold, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print(f"{len(ids)} articles ({args.splits}): aligned P {precision:.3f} R {recall:.3f} F1 {f1:.3f} "
          f"(tp {tp}, gold {n_gold}, predicted {n_pred})")
    print(f"aligned pairs: event location within {news.ACC_KM:g} km {sum(fields.location_hit)} of "
          f"{len(fields.location_hit)}, exact date {sum(fields.date_exact)} of {len(fields.date_exact)}")
    for kind, rows in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        if args.kind and kind != args.kind:
            continue
        print(f"{kind:26} {len(rows)}")
        for row in rows[: args.show]:
            print("   ", row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
