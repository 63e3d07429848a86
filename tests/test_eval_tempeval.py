"""TempEval-3 scorers (evaluation/tempeval.py): TML parsing, the TIMEX3 value -> interval table, value
comparison and span/value P/R/F1, on hand-made documents with hand-computed scores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evaluation.tempeval import (
    GoldTimex,
    GoldValue,
    PredictedTime,
    duration_matches,
    prediction_correct,
    TimeDoc,
    end_to_end_scores,
    gold_span_scores,
    parse_tml,
    read_tml_dir,
    timex_interval,
    value_matches,
    value_overlaps,
)
from eventwire.model import DateValue

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
DCT = dt.date(2013, 3, 22)  # a Friday

# An invented TimeML document in the TempEval-3 layout (DCT, TEXT with inline EVENT and TIMEX3 tags).
TML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>INVENTED_1</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" temporalFunction="false" tid="t0" type="DATE" value="2013-03-22">March 22, 2013</TIMEX3></DCT>
<TITLE>Invented</TITLE>
<TEXT>
Militants <EVENT class="OCCURRENCE" eid="e1">attacked</EVENT> a checkpoint <TIMEX3 tid="t1" type="DATE" value="2013-03-21">on Thursday</TIMEX3>, police <EVENT class="REPORTING" eid="e2">said</EVENT>.
The fighting <EVENT class="OCCURRENCE" eid="e3">lasted</EVENT> <TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3> and <EVENT class="OCCURRENCE" eid="e4">resumed</EVENT> <TIMEX3 tid="t3" type="DATE" value="PRESENT_REF">now</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_eval_tempeval_parse_tml() -> None:
    doc = parse_tml(TML)
    assert doc.id == "INVENTED_1" and doc.dct == DCT
    assert "<" not in doc.text and doc.text.startswith("\nMilitants attacked a checkpoint on Thursday")
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("on Thursday", "DATE", "2013-03-21"), ("three hours", "DURATION", "PT3H"), ("now", "DATE", "PRESENT_REF")]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)


def test_eval_tempeval_read_dir(tmp_path: Path) -> None:
    (tmp_path / "b.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not TimeML", encoding="utf-8")
    [doc] = read_tml_dir(tmp_path)
    assert doc.id == "b" and len(doc.timexes) == 3


@pytest.mark.parametrize(("value", "expected"), [
    ("2013-03-21", ("2013-03-21", "2013-03-21", True, "day")),
    ("2013-03-23T15:00", ("2013-03-23", "2013-03-23", True, "time")),
    ("2013-03-22TMO", ("2013-03-22", "2013-03-22", True, "time")),
    ("2013-03", ("2013-03-01", "2013-03-31", True, "month")),
    ("2012-02", ("2012-02-01", "2012-02-29", True, "month")),
    ("2013", ("2013-01-01", "2013-12-31", True, "year")),
    ("2013-W12", ("2013-03-18", "2013-03-24", True, "week")),
    ("2013-W12-WE", ("2013-03-23", "2013-03-24", True, "weekend")),
    ("2012-SU", ("2012-06-01", "2012-08-31", True, "season")),
    ("2012-WI", ("2012-12-01", "2013-02-28", True, "season")),
    ("2013-Q2", ("2013-04-01", "2013-06-30", True, "quarter")),
    ("2013-H2", ("2013-07-01", "2013-12-31", True, "half")),
    ("201", ("2010-01-01", "2019-12-31", True, "decade")),
    ("19", ("1900-01-01", "1999-12-31", True, "century")),
    ("PRESENT_REF", ("2013-03-22", "2013-03-22", True, "ref")),
    ("PAST_REF", (None, "2013-03-22", False, "ref")),
    ("FUTURE_REF", ("2013-03-22", None, False, "ref")),
    ("2012-XX-XX", ("2012-01-01", "2012-12-31", False, "underspecified")),
    ("2011-01-XX", ("2011-01-01", "2011-01-31", False, "underspecified")),
    ("2012-WXX-7TNI", ("2012-01-01", "2012-12-31", False, "underspecified")),
    ("XXXX-XX-XX", (None, None, False, "underspecified")),
    ("P1M", None),
    ("PXD", None),  # a duration, not a vague date
    ("PT2H", None),
    ("XXXX-WI", (None, None, False, "underspecified")),
])
def test_eval_tempeval_timex_interval_table(value: str, expected: tuple | None) -> None:
    found = timex_interval(value, DCT)
    assert (None if found is None else (found.start, found.end, found.bounded, found.granularity)) == expected


DAY = GoldValue("2013-03-21", "2013-03-21", True, "day")
PAST = GoldValue(None, "2013-03-22", False, "ref")
YEAR_2012 = GoldValue("2012-01-01", "2012-12-31", False, "underspecified")
UNKNOWN = GoldValue(None, None, False, "underspecified")


@pytest.mark.parametrize(("gold", "predicted", "strict", "lenient"), [
    (DAY, DateValue("2013-03-21", "2013-03-21"), True, True),
    (DAY, DateValue("2013-03-20", "2013-03-21"), False, True),  # overlaps only
    (DAY, DateValue("2013-03-14", "2013-03-14"), False, False),
    (DAY, None, False, False),
    (PAST, None, True, True),  # "in the past": no calendar value is right
    (PAST, DateValue("2013-01-01", "2013-03-01"), True, True),
    (PAST, DateValue("2013-03-20", "2013-03-25"), False, True),
    (PAST, DateValue("2013-04-01", "2013-04-01"), False, False),
    (YEAR_2012, DateValue("2012-07-01", "2012-07-31"), True, True),
    (YEAR_2012, DateValue("2013-07-01", "2013-07-31"), False, False),
    (UNKNOWN, None, True, True),
    (UNKNOWN, DateValue("2013-03-22", "2013-03-22"), False, True),
    (None, None, False, False),  # a duration gold never matches a calendar value
])
def test_eval_tempeval_value_comparison(gold, predicted, strict: bool, lenient: bool) -> None:
    assert value_matches(gold, predicted) is strict
    assert value_overlaps(gold, predicted) is lenient


def _doc(text: str, *timexes: tuple[str, str, str]) -> TimeDoc:
    """A document whose TIMEX3s are (surface, type, value), located by their first occurrence."""
    gold = [GoldTimex(text.index(s), text.index(s) + len(s), s, kind, value) for s, kind, value in timexes]
    return TimeDoc("d", DCT, text, gold)


def test_eval_tempeval_gold_span_scores_by_hand() -> None:
    doc = _doc("Police said on Thursday that two days earlier, in 2012, and for a week, and now.",
               ("on Thursday", "DATE", "2013-03-21"), ("two days earlier", "DATE", "2013-03-19"),
               ("2012", "DATE", "2012"), ("a week", "DURATION", "P1W"), ("now", "DATE", "PRESENT_REF"))
    calls: list[tuple[str, DateValue | None]] = []
    answers = {"on Thursday": (DateValue("2013-03-21", "2013-03-21"), "day"),
               "two days earlier": (DateValue("2013-03-19", "2013-03-19"), "day"),
               "2012": (DateValue("2012-01-01", "2012-06-30"), "interval"),  # wrong, but overlaps
               "now": (None, "interval")}

    def resolve(text: str, anchor: dt.date, previous: DateValue | None):
        calls.append((text, previous))
        return answers[text]

    scores = gold_span_scores([doc], resolve)
    assert scores["n"] == 4 and scores["skipped_duration"] == 1
    assert scores["value_accuracy"] == 0.5  # Thursday, two days earlier
    assert scores["value_overlap"] == 0.75  # + 2012
    assert scores["by_granularity"]["ref"] == {"accuracy": 0.0, "n": 1}
    # The last resolved day is passed on for anaphora; a year interval is not.
    assert [p.start if p else None for _, p in calls] == [None, "2013-03-21", "2013-03-19", "2013-03-19"]


def test_eval_tempeval_end_to_end_by_hand() -> None:
    text = "On Monday and on Tuesday rebels fired for two hours; on Friday night and in March they left."
    doc = _doc(text, ("Monday", "DATE", "2013-03-18"), ("on Tuesday", "DATE", "2013-03-19"),
               ("two hours", "DURATION", "PT2H"), ("Friday night", "TIME", "2013-03-22TNI"))
    at = text.index
    predictions = [
        PredictedTime(at("Monday"), at("Monday") + 6, DateValue("2013-03-18", "2013-03-18")),  # strict, value ok
        PredictedTime(at("Tuesday"), at("Tuesday") + 7, DateValue("2013-03-12", "2013-03-12")),  # relaxed, value wrong
        PredictedTime(at("on Friday"), at("on Friday") + 18, DateValue("2013-03-22", "2013-03-22")),  # relaxed, ok
        PredictedTime(at("March"), at("March") + 5, DateValue("2013-03-01", "2013-03-31")),  # not in the gold
    ]
    scores = end_to_end_scores([doc], [predictions])
    # 4 gold, 4 predicted: strict 1 -> P = R = F1 = 0.25; relaxed 3 -> 0.75; values right on 2 -> 0.5.
    assert (scores["strict_precision"], scores["strict_recall"], scores["strict_f1"]) == (0.25, 0.25, 0.25)
    assert (scores["relaxed_precision"], scores["relaxed_recall"], scores["relaxed_f1"]) == (0.75, 0.75, 0.75)
    assert (scores["value_precision"], scores["value_recall"], scores["value_f1"]) == (0.5, 0.5, 0.5)
    # DATE/TIME only: the duration leaves the gold (3), predictions stay 4 (none sits on it).
    dates = end_to_end_scores([doc], [predictions], frozenset({"DATE", "TIME"}))
    assert dates["n_gold"] == 3 and dates["value_recall"] == 0.6667 and dates["value_precision"] == 0.5


def test_eval_tempeval_type_filter_drops_predictions_on_other_types() -> None:
    text = "They fought for two hours on Monday."
    doc = _doc(text, ("two hours", "DURATION", "PT2H"), ("on Monday", "DATE", "2013-03-18"))
    predictions = [PredictedTime(text.index("two"), text.index("two") + 9, None),
                   PredictedTime(text.index("on M"), text.index("on M") + 9, DateValue("2013-03-18", "2013-03-18"))]
    dates = end_to_end_scores([doc], [predictions], frozenset({"DATE", "TIME"}))
    assert dates["n_predicted"] == 1 and dates["value_f1"] == 1.0
    assert end_to_end_scores([doc], [predictions])["value_f1"] == 0.5


def test_eval_tempeval_real_resolver_on_invented_doc() -> None:
    """The suite's gold-span path with eventwire's own resolver (no spaCy needed)."""
    from eventwire.times.extract import resolve_expression

    scores = gold_span_scores([parse_tml(TML)], resolve_expression)
    assert scores["n"] == 2 and scores["skipped_duration"] == 1
    assert scores["by_granularity"]["day"]["accuracy"] == 1.0  # "on Thursday" in a Friday article


def test_eval_tempeval_real_gold_files_parse() -> None:
    folder = EXTERNAL / "tempeval3-platinum"
    if not folder.is_dir():
        pytest.skip("shared/external/tempeval3-platinum not available")
    docs = read_tml_dir(folder)
    timexes = [t for d in docs for t in d.timexes]
    assert len(docs) == 20 and len(timexes) == 138  # counts of SOURCE.md (the DCTs are not in the text)
    assert all(d.text[t.start:t.end] == t.text for d in docs for t in d.timexes)
    assert all(timex_interval(t.value, d.dct) is not None for d in docs for t in d.timexes
               if t.type == "DATE" and not t.value.startswith("P"))


def test_eval_tempeval_suite_runs_on_a_few_documents(coder) -> None:
    from evaluation import run_suite

    if not (EXTERNAL / "tempeval3-platinum").is_dir():
        pytest.skip("shared/external/tempeval3-platinum not available")
    result = run_suite("tempeval3", limit=3, coder=coder)
    assert result.headline == "e2e_value_f1" and result.limit == 3 and "77.61" in result.anchor
    assert 0 < result.n == result.metrics["n"] < result.metrics["e2e_n_gold"]  # durations are in e2e only
    assert 0.0 <= result.metrics["e2e_value_f1"] <= result.metrics["e2e_relaxed_f1"] <= 1.0


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ("P3Y", "P3Y", True),
    ("P10Y", "P1DE", True),  # a decade, in either spelling
    ("P1DE", "P10Y", True),
    ("PXD", "PXD", True),
    ("PXD", "P3D", False),
    ("P3Y", None, False),
])
def test_eval_tempeval_duration_comparison(gold: str, predicted: str | None, expected: bool) -> None:
    assert duration_matches(gold, predicted) is expected


@pytest.mark.parametrize(("value", "predicted", "expected"), [
    ("P2Y", PredictedTime(0, 5, DateValue("2011-03-22", "2013-03-22"), "P2Y"), True),  # interval + length
    ("P2Y", PredictedTime(0, 5, DateValue("2011-03-22", "2013-03-22"), None), False),
    ("PRESENT_REF", PredictedTime(0, 3, DateValue("2013-03-22", "2013-03-22")), True),  # not a duration
    ("PAST_REF", PredictedTime(0, 3, None), True),
    ("2013-W12", PredictedTime(0, 3, DateValue("2013-03-18", "2013-03-24"), "P1W"), True),
])
def test_eval_tempeval_prediction_correct(value: str, predicted: PredictedTime, expected: bool) -> None:
    gold = GoldTimex(0, 5, "x", "DATE", value)
    assert prediction_correct(gold, predicted, DCT) is expected


def test_eval_tempeval_gold_durations_scored_with_duration_function() -> None:
    doc = _doc("They fought for two hours and for many years.",
               ("two hours", "DURATION", "PT2H"), ("many years", "DURATION", "PXY"))
    scores = gold_span_scores([doc], lambda *a: (None, "interval"), {"two hours": "PT2H"}.get)
    assert scores["duration_accuracy"] == 0.5 and scores["n_duration"] == 2 and scores["n"] == 0


def test_eval_tempeval_suite_reports_held_out_part(tmp_path: Path, coder) -> None:
    from evaluation import run_suite
    from evaluation.tempeval import DEV_FILES

    for i in range(DEV_FILES + 2):  # 12 copies: the last two are the held-out part
        (tmp_path / f"doc{i:02d}.tml").write_text(TML, encoding="utf-8")
    result = run_suite("tempeval3", data=tmp_path, coder=coder)
    assert result.metrics["held_out_e2e_n_gold"] == 2 * 3 and result.metrics["e2e_n_gold"] == 12 * 3
    assert result.metrics["held_out_e2e_value_f1"] == result.metrics["e2e_value_f1"]  # identical documents
