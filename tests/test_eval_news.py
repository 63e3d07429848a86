"""The real-news scorer (evaluation/news.py) on hand-made gold and predictions with hand-computed scores.
No real text is used: the fixture article is invented, and the coder is a stand-in returning fixed output."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from evaluation import Context
from evaluation.news import (
    Counts,
    NewsEvent,
    agreement,
    cohen_kappa,
    country_code,
    gold_event,
    news_metrics,
    predicted_event,
    read_gold,
    score_article,
    score_events,
    score_news,
)
from eventwire.model import Article, CodedArticle, Entity, EventDate, Event, Magnitude, Place, Quote


def ev(type_: str, actors=("MLI",), recipients=("MLI",), spans=((0, 25),), factuality="asserted", **kw) -> NewsEvent:
    return NewsEvent(type_, frozenset(actors), frozenset(recipients), tuple(spans), factuality,
                     has_recipient=bool(recipients), **kw)


def event(type_: str, start: int, end: int, actors=("MLI",), recipients=("MLI",), factuality="asserted",
          date=None, location=None, magnitudes=None) -> Event:
    return Event(magnitudes=magnitudes or {}, id="e", type=type_, mode=None, contexts=[], factuality=factuality, claimed_by=None,
                 actors=[Entity(name=c, text=c, country=c) for c in actors],
                 recipients=[Entity(name=c, text=c, country=c) for c in recipients],
                 location=location, date=date, sentence=0, start=start, end=end, text="", confidence=1.0)


# --- codes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "expected"), [
    ("SDN", "SDN"), ("UNO", "IGO"), ("EUR", "IGO"), ("AFR", "IGO"), ("IGOUNO", "IGO"), ("IGO", "IGO"),
    ("NGO", "NGO"), ("---", None), (None, None), ("", None),
])
def test_eval_news_country_codes_fold_international_bodies(code, expected) -> None:
    assert country_code(code) == expected


# --- events (hand-computed) -----------------------------------------------------------------------

GOLD = [
    ev("ASSAULT", spans=((0, 25), (60, 80)), date=("2025-01-05", "2025-01-05"), location=(15.72, -4.42)),
    ev("COERCE", spans=((26, 50),)),
    ev("CONSULT", actors=("SDN",), recipients=(), spans=((51, 70),), factuality="historical"),
]
PREDICTED = [
    ev("ASSAULT", spans=((60, 80),), date=("2025-01-05", "2025-01-05"), location=(15.0, -4.0)),  # aligned via a mention
    ev("COERCE", spans=((100, 120),)),  # right tuple, wrong sentence
    ev("COERCE", recipients=(), spans=((26, 50),)),  # right type and sentence, recipient missing
    ev("CONSULT", actors=("SDN",), recipients=(), spans=((51, 70),)),  # background coded as news
]


def test_eval_news_event_metrics_by_hand() -> None:
    counts = Counts()
    score_events(GOLD, PREDICTED, counts)
    m = news_metrics(counts)
    # 2 current gold (the historical CONSULT is left out), 4 current predictions
    assert (m["gold_events"], m["predicted_events"]) == (2, 4)
    assert m["aligned_event_f1"] == 0.3333  # tp 1: P 1/4, R 1/2
    assert m["event_f1"] == 0.6667  # tp 2 (no sentence condition): P 2/4, R 2/2
    assert m["type_f1"] == 0.6667  # ASSAULT and the recipient-less COERCE in their sentences
    assert m["recipient_present"] == 0.5  # the COERCE matched by type has no recipient
    assert m["factuality_accuracy"] == 0.5  # ASSAULT right; the historical CONSULT coded as asserted
    assert m["factuality_accuracy_non_asserted"] == 0.0
    assert m["date_exact"] == 1.0 and m["location_acc@161"] == 1.0  # ~92 km apart
    assert m["magnitudes_exact"] is None  # predictions carry no magnitudes: n/a, not 0


def test_eval_news_historical_on_both_sides_costs_nothing() -> None:
    counts = Counts()
    score_events([GOLD[2]], [ev("CONSULT", actors=("SDN",), recipients=(), spans=((51, 70),), factuality="historical")],
                 counts)
    m = news_metrics(counts)
    assert (m["gold_events"], m["predicted_events"], m["aligned_event_f1"]) == (0, 0, 0.0)
    assert m["factuality_accuracy"] == 1.0


def test_eval_news_empty_recipients_match_only_empty() -> None:
    counts = Counts()
    score_events([ev("ASSAULT", recipients=())], [ev("ASSAULT", recipients=("MLI",))], counts)
    assert news_metrics(counts)["aligned_event_f1"] == 0.0


def test_eval_news_magnitudes_exact_when_predicted() -> None:
    counts = Counts()
    gold = ev("ASSAULT", magnitudes={"killed": (20, None), "injured": (5, 5)})
    score_events([gold], [ev("ASSAULT", magnitudes={"killed": (20, None), "injured": (4, 4)})], counts)
    assert news_metrics(counts)["magnitudes_exact"] == 0.5


def test_eval_news_gold_and_predicted_records() -> None:
    record = {"type": "ASSAULT", "evidence": [5, 9], "mentions": [[20, 30]], "factuality": "asserted",
              "actors": [{"name": "UN", "country": "IGO"}], "recipients": [],
              "date": {"start": "2025-01-01", "end": "2025-01-02"}, "location": {"name": "X", "lat": 1.0, "lon": 2.0},
              "magnitudes": {"killed": {"min": 3, "max": 3, "span": [0, 1]}}}
    g = gold_event(record)
    assert g.spans == ((5, 9), (20, 30)) and g.actors == {"IGO"} and not g.recipients and not g.has_recipient
    assert g.date == ("2025-01-01", "2025-01-02") and g.location == (1.0, 2.0) and g.magnitudes == {"killed": (3, 3)}
    p = predicted_event(event("ASSAULT", 3, 12, actors=("UNO",), recipients=(),
                              date=EventDate("2025-01-01", "2025-01-02", "x"),
                              location=Place(text="X", start=0, end=1, lat=1.1, lon=2.0)))
    assert p.actors == {"IGO"} and p.spans == ((3, 12),) and p.magnitudes == {} and p.location == (1.1, 2.0)
    counted = predicted_event(event("ASSAULT", 3, 12, magnitudes={"killed": Magnitude(min=20, max=None, text="at least 20", start=0, end=11)}))
    assert counted.magnitudes == {"killed": (20, None)}


# --- quotes and places ----------------------------------------------------------------------------


def test_eval_news_quotes_and_places_by_hand() -> None:
    gold = {"events": [], "quotes": [{"span": [0, 10], "kind": "direct", "speaker": "John Smith"},
                                     {"span": [30, 40], "kind": "indirect", "speaker": None},
                                     {"span": None, "kind": "direct", "speaker": None}],  # unlocated: not scored
            "places": [{"span": [60, 66], "lat": 15.72, "lon": -4.42}, {"span": [90, 95], "lat": 0.0, "lon": 0.0}]}
    coded = SimpleNamespace(
        events=[],
        quotes=[Quote(id="q1", text="", start=2, end=8, kind="direct", speaker=Entity(name="Smith", text="Smith")),
                Quote(id="q2", text="", start=200, end=210, kind="direct")],
        places=[Place(text="Soumpi", start=60, end=66, lat=15.72, lon=-4.42)])
    counts = Counts()
    score_article(gold, coded, counts)
    m = news_metrics(counts)
    assert m["quote_span_f1"] == 0.5 and m["speaker_accuracy"] == 1.0  # 1 of 2 each way; surname agrees
    assert m["place_span_f1"] == 0.6667 and m["place_acc@161"] == 1.0  # P 1, R 1/2


# --- agreement ------------------------------------------------------------------------------------


def _record(events: list[tuple[str, list[int]]], sha: str = "s") -> dict:
    return {"sha256": sha, "events": [{"type": t, "evidence": span, "mentions": [], "factuality": "asserted",
                                       "actors": [{"name": "a", "country": "MLI"}],
                                       "recipients": [{"name": "b", "country": "MLI"}]} for t, span in events]}


def test_eval_news_cohen_kappa_by_hand() -> None:
    assert cohen_kappa([("A", "A"), ("B", "B")]) == 1.0
    assert cohen_kappa([("A", "A"), ("A", "B"), ("B", "A"), ("B", "B")]) == 0.0
    assert cohen_kappa([]) is None


def test_eval_news_agreement_by_hand() -> None:
    first = {"x": _record([("ASSAULT", [0, 25]), ("COERCE", [26, 50])]), "only-first": _record([("AID", [0, 5])])}
    second = {"x": _record([("ASSAULT", [0, 25]), ("PROTEST", [26, 50]), ("AID", [60, 80])]),
              "changed": _record([("AID", [0, 5])], sha="other")}
    out = agreement(first, second)
    # pairs (ASSAULT, ASSAULT), (COERCE, PROTEST), (none, AID): observed 1/3, expected 1/9
    assert out["articles"] == 1 and out["type_kappa"] == 0.25
    assert out["full_tuple_f1"] == 0.4 and out["aligned_event_f1"] == 0.4  # tp 1: P 1/3, R 1/2


# --- the suite on a tiny fixture ------------------------------------------------------------------

TEXT = "Rebels attacked an army base near Kidal.\n\nThe army said it repelled them."


class FixedCoder:
    """Codes every article to one ASSAULT in its first sentence (Mali on both sides)."""

    def code_many(self, articles):
        for article in articles:
            yield CodedArticle(article=article, events=[event("ASSAULT", 0, 40)])


def _fixture(tmp_path: Path, gold_lines: list[str]) -> Path:
    texts = [{"id": "n1", "text": TEXT, "published": "2025-03-10"}, {"id": "n2", "text": TEXT + " More."}]
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text("".join(line + "\n" for line in gold_lines), encoding="utf-8")
    return tmp_path


def test_eval_news_suite_on_fixture_gold(tmp_path: Path) -> None:
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    good = {"id": "n1", "sha256": sha, "split": "test", "events": [
        {"type": "ASSAULT", "evidence": [0, 40], "mentions": [], "factuality": "asserted",
         "actors": [{"name": "rebels", "country": "MLI"}], "recipients": [{"name": "army", "country": "MLI"}]},
        {"type": "ASSAULT", "evidence": [42, 74], "mentions": [], "factuality": "asserted",
         "actors": [{"name": "army", "country": "MLI"}], "recipients": [{"name": "rebels", "country": "MLI"}]}],
        "quotes": [], "places": []}
    stale = {"id": "n2", "sha256": sha, "split": "dev", "events": [], "quotes": [], "places": []}  # text changed
    data = _fixture(tmp_path, [json.dumps(good), json.dumps(stale), '{"id": "n3", "sha'])  # last line half-written
    result = score_news(Context(data=data, _coder=FixedCoder()))
    assert result.supported and result.headline == "aligned_event_f1" and result.n == 1
    assert result.metrics["aligned_event_f1"] == 0.6667  # tp 1: P 1/1, R 1/2
    assert result.metrics["skipped_records"] == 1 and "n2: sha256" in result.details["skipped"][0][0]
    assert any("1 unreadable lines" in note for note in result.notes)
    assert result.details["by_split"]["dev"]["articles"] == 0
    assert result.metrics["magnitudes_exact"] is None and any("magnitudes_exact n/a" in n for n in result.notes)


def test_eval_news_suite_without_gold(tmp_path: Path) -> None:
    result = score_news(Context(data=tmp_path, _coder=FixedCoder()))
    assert not result.supported and result.notes[0].startswith("data not found")


def test_eval_news_read_gold_of_a_missing_file(tmp_path: Path) -> None:
    assert read_gold(tmp_path / "gold.jsonl") == ({}, 0)


def test_eval_news_is_registered() -> None:
    from evaluation import suites

    assert suites()["news"][1] == "news"
