"""The evaluation gate (scripts/eval_gate.py) and its committed baseline (no model, no shared data)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from evaluation import SuiteResult, suites

REPO = Path(__file__).resolve().parents[1]


def gate():
    spec = importlib.util.spec_from_file_location("eval_gate", REPO / "scripts" / "eval_gate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_gate_baseline_names_registered_suites_with_hashes() -> None:
    baseline = json.loads((REPO / "evaluation" / "baseline.json").read_text(encoding="utf-8"))
    registry = suites()
    assert baseline["tolerance"] == 0.005
    for name, entry in baseline["suites"].items():
        assert name in registry
        assert entry["gold"] and all(len(h) == 64 for h in entry["gold"].values())
        assert all(isinstance(v, float) and 0 <= v <= 1 for v in entry["floors"].values())
    assert set(registry) <= set(baseline["suites"])  # every suite is gated


def test_eval_gate_figures_below_floor_fail_within_tolerance_pass() -> None:
    module = gate()
    result = SuiteResult(suite="s", metrics={"f1": 0.496, "acc": 0.40}, n=1, headline="f1")
    rows, problems = module.check_figures("s", {"floors": {"f1": 0.500, "acc": 0.50, "gone": 0.1}}, result, 0.005)
    assert [r[-1] for r in rows] == ["ok", "BELOW", "MISSING"]
    assert len(problems) == 2 and problems[0].startswith("s: acc 0.4000 below its floor 0.5000")


def test_eval_gate_changed_gold_file_fails(tmp_path: Path, monkeypatch) -> None:
    module = gate()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("one\n", encoding="utf-8")
    entry = {"gold": {str(gold): module.sha256_file(gold)}}
    assert module.check_gold("s", entry) == ([], True)
    gold.write_text("two\n", encoding="utf-8")
    problems, present = module.check_gold("s", entry)
    assert present and problems == [f"s: gold file {gold} changed (sha256 differs from baseline.json)"]
    assert module.check_gold("s", {"gold": {str(tmp_path / "absent"): "0" * 64}}) == ([], False)


def test_eval_gate_lowering_a_floor_needs_a_reason() -> None:
    module = gate()
    committed = {"suites": {"s": {"floors": {"f1": 0.5, "acc": 0.5}}}}
    now = {"suites": {"s": {"floors": {"f1": 0.4, "acc": 0.6}, "reasons": {}}}}
    assert module.lowered_without_reason(now, committed) == [
        "s: floor of f1 lowered 0.5 -> 0.4 without a reason in baseline.json"]
    now["suites"]["s"]["reasons"]["f1"] = "gold corrected: 12 events were double-counted"
    assert module.lowered_without_reason(now, committed) == []  # raising acc needs nothing
    assert module.lowered_without_reason(now, None) == []
