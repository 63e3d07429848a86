"""The incident and copy scorers: B-cubed and pairwise figures on hand-computed clusterings, the gold
readers, the made copies, and both suites on a slice of their data (skipped when ../shared is absent)."""

from __future__ import annotations

import json

import pytest

from evaluation import data_folder, run_suite
from evaluation.incidents import gold_incidents, synthetic_copies
from evaluation.metrics import bcubed, pairwise

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 3}
SYSTEM = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}


def test_eval_incidents_bcubed_by_hand() -> None:
    # precision per item: a 1, b 1, c 1/2, d 1/2, e 1 -> 4/5; recall: a 2/3, b 2/3, c 1/3, d 1, e 1 -> 11/15
    scores = bcubed(SYSTEM, GOLD)
    assert scores["precision"] == pytest.approx(0.8) and scores["recall"] == pytest.approx(11 / 15, abs=1e-4)
    assert bcubed(GOLD, GOLD) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_eval_incidents_pairwise_by_hand() -> None:
    # system pairs ab, cd; gold pairs ab, ac, bc: one hit
    scores = pairwise(SYSTEM, GOLD)
    assert (scores["precision"], scores["recall"]) == (0.5, round(1 / 3, 4))
    assert (scores["system_pairs"], scores["gold_pairs"]) == (2, 3)


def test_eval_incidents_gold_names_only_gold_events(tmp_path) -> None:
    gold = {"dev-x": {"events": [{}, {}]}, "dev-y": {"events": [{}]}}
    path = tmp_path / "incidents.jsonl"
    path.write_text(json.dumps({"incident": "one", "events": ["dev-x#1", "dev-y#0"]}) + "\n", encoding="utf-8")
    assert gold_incidents(path, gold) == {"dev-x#0": "dev-x#0", "dev-x#1": "one", "dev-y#0": "one"}
    path.write_text(json.dumps({"incident": "bad", "events": ["dev-y#4"]}) + "\n", encoding="utf-8")
    with pytest.raises(KeyError, match="dev-y#4"):
        gold_incidents(path, gold)


def test_eval_incidents_dev_gold_refers_to_real_events() -> None:
    folder = data_folder("dev")
    gold = {json.loads(line)["id"]: json.loads(line) for line in open(folder / "gold.jsonl", encoding="utf-8")}
    truth = gold_incidents(folder / "incidents.jsonl", gold)
    linked = [k for k, v in truth.items() if k != v]
    assert len(linked) >= 20 and len({truth[k] for k in linked}) == 10


def test_eval_incidents_made_copies_keep_the_text() -> None:
    text = "GOMA - Rebels said they took the town.\nThe army said it withdrew.\nResidents fled.\nAid groups warned."
    made = synthetic_copies("x", "Rebels take town", text)
    assert [m[0] for m in made] == ["x~cut", "x~boiler", "x~reworded"]
    assert "stated" in made[2][2] and "Rebels take town" in made[0][1]


def test_eval_incidents_copies_suite_on_a_slice() -> None:
    result = run_suite("copies", limit=60)
    if not result.supported:
        pytest.skip(result.notes[0])
    assert result.metrics["made_recall"] >= 0.9 and result.metrics["false_link_rate"] <= 0.05


def test_eval_incidents_dev_suite_on_a_slice(coder) -> None:
    result = run_suite("incidents-dev", limit=8, coder=coder)
    assert result.metrics["aligned_events"] > 0 and 0 <= result.metrics["bcubed_f1"] <= 1


def test_eval_incidents_news_gold_refers_to_real_events() -> None:
    folder = data_folder("news")
    gold = {json.loads(line)["id"]: json.loads(line) for line in open(folder / "gold.jsonl", encoding="utf-8")}
    truth = gold_incidents(folder / "incidents.jsonl", gold)
    rows = [json.loads(line) for line in open(folder / "incidents.jsonl", encoding="utf-8") if not line.startswith("//")]
    assert len(rows) > 150 and all(set(r["sha256"]) == {k.split("#")[0] for k in r["events"]} for r in rows)
    assert all(r["sha256"][a] == gold[a]["sha256"] for r in rows for a in r["sha256"])
    assert sum(1 for k, v in truth.items() if k != v) == sum(len(r["events"]) for r in rows)


def test_eval_incidents_news_suite_on_a_slice(coder) -> None:
    result = run_suite("incidents-news", limit=12, coder=coder)
    if not result.supported:
        pytest.skip(result.notes[0])
    assert result.metrics["aligned_events"] > 0 and 0 <= result.metrics["bcubed_f1"] <= 1
