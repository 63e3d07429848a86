"""Tests of the evaluation report: summary rows, the three output formats, the EVALUATION.md page,
and the make_evaluation script's handling of a missing data folder (no model, no shared data)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from evaluation import SuiteResult
from evaluation.report import detail_markdown, evaluation_document, render, summary_row

REPO = Path(__file__).resolve().parents[1]


def results() -> list[SuiteResult]:
    scored = SuiteResult(
        suite="plover-gsr", metrics={"f1": 0.61234, "category_f1": 0.8, "gold_events": 322}, n=316, headline="f1",
        notes=["sentences coded alone"], anchor="none published", limit=100,
        details={"seconds": 42.4, "confusions": [["ACCUSE", "REJECT", 4], ["ASSAULT", "NONE", 3]]},
    )
    per_label = SuiteResult(
        suite="india-police-events", metrics={"sentence_KILL_f1": 0.5}, n=10, headline="sentence_KILL_f1",
        details={"sentence": {"KILL": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}}},
    )
    missing = SuiteResult(suite="lgl", metrics={}, n=0, headline="", supported=False,
                          notes=["data not found: /data/lgl"], details={"seconds": 0.0})
    return [scored, per_label, missing]


@pytest.mark.parametrize(
    "index, expected",
    [
        (0, ["plover-gsr", "316 (limit 100)", "f1", "0.612", "none published", "42 s"]),
        (1, ["india-police-events", "10 (all)", "sentence_KILL_f1", "0.500", "-", "-"]),
        (2, ["lgl", "0", "-", "data not found: /data/lgl", "-", "0 s"]),
    ],
)
def test_eval_report_summary_row(index, expected):
    assert summary_row(results()[index]) == expected


def test_eval_report_markdown_table():
    lines = render(results(), "markdown").splitlines()
    assert lines[0] == "| Suite | n | Metric | Ours | Published anchor | Time |"
    assert lines[1] == "|---|---|---|---|---|---|"
    assert lines[2] == "| plover-gsr | 316 (limit 100) | f1 | 0.612 | none published | 42 s |"
    assert len(lines) == 5


def test_eval_report_json_round_trips():
    data = json.loads(render(results(), "json"))
    assert [d["suite"] for d in data] == ["plover-gsr", "india-police-events", "lgl"]
    assert data[0]["metrics"]["f1"] == 0.61234 and data[2]["supported"] is False


def test_eval_report_rich_table_has_every_suite():
    table = render(results(), "table")
    for text in ("plover-gsr", "india-police-events", "data not found: /data/lgl", "0.612"):
        assert text in table


def test_eval_report_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render(results(), "csv")


def test_eval_report_details_tables():
    section = detail_markdown(results()[0])
    assert section.startswith("### plover-gsr\n")
    assert "| category_f1 | 0.800 |" in section and "| gold_events | 322 |" in section
    assert "| Gold | Predicted | Count |" in section and "| ACCUSE | REJECT | 4 |" in section
    assert "- sentences coded alone" in section
    labels = detail_markdown(results()[1])
    assert "|  | f1 | precision | recall | support |" in labels and "| KILL | 0.500 | 0.500 | 0.500 | 2 |" in labels


def test_eval_report_document():
    page = evaluation_document(results(), "2026-01-02", "abc1234")
    assert page.startswith("# Evaluation\n")
    assert "on 2026-01-02 at commit `abc1234`" in page
    assert page.index("## Summary") < page.index("### plover-gsr") < page.index("### lgl")


def test_eval_report_script_reports_missing_data(monkeypatch, tmp_path: Path):
    spec = importlib.util.spec_from_file_location("make_evaluation", REPO / "scripts" / "make_evaluation.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setenv("EVENTWIRE_EXTERNAL", str(tmp_path))
    result = script.run_one("plv", "zsp-plv", None, coder=None)
    assert not result.supported and result.notes == [f"data not found: {tmp_path / 'zsp-plv'}"]
    assert "seconds" not in result.details
