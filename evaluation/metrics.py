"""Metric helpers shared by the scorers (definitions in docs/scoring.md)."""

from __future__ import annotations

import math
from itertools import combinations
import statistics
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
G = TypeVar("G")

EARTH_RADIUS_KM = 6371.0088


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def accuracy(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    if not gold:
        return 0.0
    return round(sum(g == p for g, p in zip(gold, predicted)) / len(gold), 4)


def macro_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Unweighted mean of per-label F1 over the labels that occur in the gold."""
    labels = sorted(set(gold), key=str)
    if not labels:
        return 0.0
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        scores.append(prf(tp, fp, fn)["f1"])
    return round(sum(scores) / len(scores), 4)


def match_one_to_one(gold: list[G], predicted: list[T], matches: Callable[[G, T], bool]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in gold order: each gold item takes the first free prediction."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if pi not in used and matches(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def distance_summary(errors_km: Iterable[float | None], total: int, threshold: float = 161.0) -> dict[str, float | None]:
    """acc@threshold over `total` items (unresolved count as wrong), median and mean error in km."""
    values = [e for e in errors_km if e is not None]
    return {
        "acc@161": round(sum(e <= threshold for e in values) / total, 4) if total else None,
        "median_km": round(statistics.median(values), 1) if values else None,
        "mean_km": round(statistics.fmean(values), 1) if values else None,
    }


def confusion(gold: Sequence[Hashable], predicted: Sequence[Hashable], top: int = 5) -> list[tuple[Hashable, Hashable, int]]:
    """The most frequent (gold, predicted) mistakes, for error analysis."""
    counts = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return [(g, p, n) for (g, p), n in counts.most_common(top)]


def _clusters(assignment: dict[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = {}
    for item, cluster in assignment.items():
        groups.setdefault(cluster, set()).add(item)
    return {item: groups[cluster] for item, cluster in assignment.items()}


def bcubed(system: dict[Hashable, Hashable], gold: dict[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster) against the gold one, over the
    items both have: per item, the share of its system cluster that is in its gold cluster (precision) and
    of its gold cluster that is in its system cluster (recall), averaged."""
    items = sorted(set(system) & set(gold), key=str)
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    mine = _clusters({i: system[i] for i in items})
    truth = _clusters({i: gold[i] for i in items})
    p = sum(len(mine[i] & truth[i]) / len(mine[i]) for i in items) / len(items)
    r = sum(len(mine[i] & truth[i]) / len(truth[i]) for i in items) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def pairwise(system: dict[Hashable, Hashable], gold: dict[Hashable, Hashable]) -> dict[str, float]:
    """Precision, recall and F1 of the item pairs put in one cluster, against the gold's pairs."""
    items = sorted(set(system) & set(gold), key=str)

    def pairs(assignment: dict[Hashable, Hashable]) -> set[tuple]:
        groups: dict[Hashable, list] = {}
        for i in items:
            groups.setdefault(assignment[i], []).append(i)
        return {(a, b) for g in groups.values() for a, b in combinations(g, 2)}

    mine, truth = pairs(system), pairs(gold)
    hit = len(mine & truth)
    scores = prf(hit, len(mine) - hit, len(truth) - hit)
    return {"precision": scores["precision"], "recall": scores["recall"], "f1": scores["f1"],
            "system_pairs": len(mine), "gold_pairs": len(truth)}
