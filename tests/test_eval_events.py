"""Unit tests of the event scorers' matching and metrics on tiny hand-made gold/prediction pairs.

All fixtures are invented and written in each suite's own format; expected scores were computed by
hand (the arithmetic is in the comments). No spaCy model and no /work/shared data are needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation import Context
from evaluation.dev import (
    DevCounts,
    dev_metrics,
    events_agree,
    find_all,
    match_events,
    match_spans,
    names_match,
    score_article,
)
from evaluation.india_police import article_labels, event_labels, mention_baseline, score_labels
from evaluation.petr2 import Dyad, cameo_to_plover, event_dyads, parse_petr2, score_petr2
from evaluation.plover_gsr import (
    EventKey,
    Unit,
    code_sets_agree,
    gold_key,
    micro_prf,
    primary_code,
    primary_match,
    read_gsr,
    score_units,
    sector_match,
    type_pairs,
)
from evaluation.plv import PlvRow, marked_spans, predicted_label, read_plv, score_plv, select_event
from eventwire.model import (
    Article,
    CodedArticle,
    DateValue,
    Entity,
    Event,
    EventDate,
    Place,
    Quote,
    TimeExpr,
)


def entity(country: str | None, sector: str | None = None, name: str = "x", start: int | None = None, end: int | None = None) -> Entity:
    return Entity(name=name, text=name, country=country, sector=sector, start=start, end=end)


def event(type_: str, actors=(), recipients=(), **fields) -> Event:
    values = dict(id="e", mode=None, contexts=[], location=None, date=None, factuality="asserted",
                  claimed_by=None, sentence=0, start=0, end=10, text="", confidence=1.0)
    values.update(fields)
    return Event(type=type_, actors=list(actors), recipients=list(recipients), **values)


def key(type_: str, sources=(), targets=(), reciprocal: bool = False) -> EventKey:
    return EventKey(type_, tuple(sources), tuple(targets), reciprocal)


# --- shared codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, expected",
    [("USAGOV", "USA"), ("IGOUNOKBT", "IGOUNO"), ("UNO", "IGOUNO"), ("JAP", "JPN"), ("---REB", None), ("---", None), (None, None), ("irq", "IRQ")],
)
def test_eval_events_primary_code(code, expected):
    assert primary_code(code) == expected


@pytest.mark.parametrize(
    "gold, predicted, agree",
    [
        ({"USA"}, {"USA"}, True),
        ({"IGO"}, {"IGOUNO"}, True),  # a bare family code in the gold accepts any member
        ({"USA", "JOR"}, {"USA"}, False),  # a compound must be found whole
        (set(), set(), True),
        (set(), {"SDN"}, False),  # an empty side matches only an empty side
        ({"IGOUNO"}, {"IGOAFU"}, False),
    ],
)
def test_eval_events_code_sets_agree(gold, predicted, agree):
    assert code_sets_agree(gold, predicted) is agree


# --- plover-gsr -----------------------------------------------------------------------------------

GSR_FIXTURE = [
    {"id": "DOC", "event": "DOCUMENT"},
    {"id": "T-1", "event": "FIGHT", "text": "Ruritanian troops shelled Borduria on Monday.",
     "source": [{"actorText": "Ruritanian troops", "code": "ROU", "sector": "MIL"}],
     "target": [{"actorText": "Borduria", "code": "HUN"}],
     "textInfo": {"markup": "(SRC: Ruritanian troops) (EVT: shelled) (TAR: Borduria) on Monday."}},
    {"id": "T-2", "event": "AGREE", "text": "Hungary and Romania agreed to reopen the border.",
     "source": [{"actorText": "Hungary", "code": "HUN"}, {"actorText": "Romania", "code": "ROU"}], "target": "",
     "textInfo": {"markup": "(SRC/TAR: Hungary) and (SRC/TAR: Romania) (EVT: agreed) to reopen the border."}},
    {"id": "T-3", "event": "DEMAND", "text": "Hungary and Romania agreed to reopen the border.",
     "source": [{"actorText": "Hungary", "code": "HUN"}], "target": None, "textInfo": "no markup"},
]


def test_eval_events_read_gsr_groups_sentences_and_maps_labels(tmp_path: Path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(GSR_FIXTURE), encoding="utf-8")
    units = read_gsr(path)
    assert [u.id for u in units] == ["T-1", "T-2"]  # two records with the same text are one sentence
    assert [k.type for k in units[0].gold] == ["ASSAULT"]  # FIGHT -> ASSAULT
    assert [k.type for k in units[1].gold] == ["AGREE", "REQUEST"]  # DEMAND -> REQUEST
    assert units[1].gold[0].reciprocal and not units[1].gold[1].reciprocal
    assert units[0].gold[0].sources == (("ROU", "MIL"),) and units[0].gold[0].targets == (("HUN", None),)


def test_eval_events_gold_key_missing_source_is_empty():
    record = {"id": "T-9", "event": "ASSAULT", "text": "A bomb exploded.", "target": [{"code": "LBN", "sector": "CVL"}]}
    assert gold_key(record) == key("ASSAULT", (), (("LBN", "CVL"),))


@pytest.mark.parametrize(
    "gold, predicted, primary, sector",
    [
        (key("ASSAULT", [("USA", "MIL")], [("IRQ", None)]), key("ASSAULT", [("USA", "MIL")], [("IRQ", "GOV")]), True, True),
        (key("ASSAULT", [("USA", "MIL")], [("IRQ", None)]), key("ASSAULT", [("USA", "GOV")], [("IRQ", None)]), True, False),
        (key("ASSAULT", [("USA", None)], [("IRQ", None)]), key("ASSAULT", [("IRQ", None)], [("USA", None)]), False, False),
        (key("AGREE", [("HUN", None), ("ROU", None)], reciprocal=True), key("AGREE", [("HUN", None)], [("ROU", None)]), True, True),
        (key("AGREE", [("HUN", "GOV"), ("ROU", None)], reciprocal=True), key("AGREE", [("ROU", None), ("HUN", "***")]), True, False),
        (key("REQUEST", [("USA", "***")]), key("REQUEST", [("USA", "GOV")], [(None, "CVL")]), True, True),  # no-country recipient
        (key("REQUEST", [("USA", None)]), key("ACCUSE", [("USA", None)]), False, False),
    ],
)
def test_eval_events_primary_and_sector_match(gold, predicted, primary, sector):
    assert primary_match(gold, predicted) is primary
    assert sector_match(gold, predicted) is sector


def gsr_units() -> list[Unit]:
    return [
        Unit("1", [key("ASSAULT", [("USA", "MIL")], [("IRQ", None)])],
             [key("ASSAULT", [("USA", "GOV")], [("IRQ", None)]), key("ACCUSE", [("IRQ", None)], [("USA", None)])]),
        Unit("2", [key("AGREE", [("HUN", "GOV"), ("ROU", "GOV")], reciprocal=True)],
             [key("AGREE", [("HUN", "GOV")], [("ROU", "GOV")])]),
        Unit("3", [key("REQUEST", [("IGO", None)], [("SDN", None)])], [key("REQUEST", [("IGOUNO", None)])]),
        Unit("4", [], [key("PROTEST", [("FRA", "CVL")])]),
    ]


def test_eval_events_gsr_scores_by_hand():
    scores = score_units(gsr_units())
    # primary: tp 2 (units 1, 2), fp 3 (ACCUSE, REQUEST without target, PROTEST), fn 1 -> P .4 R .6667 F1 .5
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.4, 0.6667, 0.5)
    # category only: tp 3, fp 2, fn 0 -> P .6 R 1 F1 .75
    assert scores["category_f1"] == 0.75
    # with sector: unit 1 fails (MIL vs GOV): tp 1, fp 4, fn 2 -> P .2 R .3333 F1 .25
    assert scores["sector_f1"] == 0.25
    assert (scores["gold_events"], scores["predicted_events"]) == (3, 5)


def test_eval_events_micro_prf_is_one_to_one():
    gold = key("ASSAULT", [("SDN", None)], [("SDN", None)])
    units = [Unit("1", [gold], [gold, gold])]  # a duplicate prediction cannot match the same gold twice
    assert micro_prf(units, primary_match) == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0}


def test_eval_events_type_pairs_for_confusions():
    pairs = type_pairs(gsr_units())
    assert ("ASSAULT", "ASSAULT") in pairs and ("NONE", "ACCUSE") in pairs and ("NONE", "PROTEST") in pairs
    assert len(pairs) == 5


# --- petr2-gsr -------------------------------------------------------------------------------------

CAMEO_TABLE = {"04": "CONSULT", "042": "CONSULT", "03": "AGREE", "031": "AGREE", "08": "CONCEDE",
               "084": "RETREAT", "0841": "RETREAT", "19": "ASSAULT", "190": "ASSAULT", "173": "COERCE"}

PETR2_FIXTURE = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a comment header that is not XML, naming <EventCoding...>
<Sentences>
<Sentence category="AFP" date="20080804" id="S_1" evaluate="true"/>
<EventCoding eventcode="031" sourcecode="BRA" targetcode="USA" />
<EventCoding eventcode="031" sourcecode="USA" targetcode="BRA" />
<Text>
Brazil and the United States agreed to build
a joint ethanol laboratory.
</Text>
<Parse>
1	Brazil	Brazil	PROPN	NNP	_	0	root	_	_
</Parse></Sentence>
<Sentence category="TEST" date="20150609" id="S_2" evaluate="true">
<EventCoding noevents="True" />
<Text>The minister said the talks went well.</Text>
</Sentence>
<Sentence category="OTHER" date="20150609" id="S_3" evaluate="true"/>
<EventCoding eventcode="013" sourcecode="---GOV" targetcode="CHN" />
<EventCoding eventcode="190" sourcecode="---REB" targetcode="SYRMIL" />
<Text>Rebels attacked a Syrian army post.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_eval_events_parse_petr2_lenient():
    parsed = parse_petr2(PETR2_FIXTURE, CAMEO_TABLE)
    assert [u.id for u, _ in parsed] == ["S_1", "S_2", "S_3"]
    assert parsed[0][0].text == "Brazil and the United States agreed to build a joint ethanol laboratory."
    assert parsed[0][1] == [Dyad("AGREE", "BRA", "USA", "BRA", "USA"), Dyad("AGREE", "USA", "BRA", "USA", "BRA")]
    assert parsed[1][1] == []  # noevents
    assert parsed[2][1] == [Dyad("ASSAULT", None, "SYR", "---REB", "SYRMIL")]  # 013 has no PLOVER category


@pytest.mark.parametrize("code, expected", [("042", "CONSULT"), ("0841", "RETREAT"), ("0811", "CONCEDE"), ("195", "ASSAULT"), ("013", None)])
def test_eval_events_cameo_to_plover_parent_fallback(code, expected):
    assert cameo_to_plover(code, CAMEO_TABLE) == expected


@pytest.mark.parametrize(
    "ev, expected",
    [
        (event("AGREE", [entity("BRA"), entity("USA")]), [("BRA", "USA"), ("USA", "BRA")]),  # reciprocal
        (event("ASSAULT", [entity("USA", "MIL")], [entity("IRQ"), entity("SYR")]), [("USA", "IRQ"), ("USA", "SYR")]),
        (event("PROTEST", [entity("FRA", "CVL")]), [("FRA", None)]),
        (event("ASSAULT", [entity(None, "REB"), entity("SDN", "REB")], [entity(None, "CVL")]), [("SDN", None)]),
        (event("ASSAULT", [entity(None, "REB")], [entity("SYR", "MIL")]), [(None, "SYR")]),
    ],
)
def test_eval_events_event_dyads_expansion(ev, expected):
    assert [(d.source, d.target) for d in event_dyads(ev)] == expected


def test_eval_events_petr2_scores_by_hand():
    agree = [Dyad("AGREE", "BRA", "USA", "BRA", "USA"), Dyad("AGREE", "USA", "BRA", "USA", "BRA")]
    sentences = [
        (agree, event_dyads(event("AGREE", [entity("BRA"), entity("USA", "GOV")]))),  # 2 tp (full code misses USAGOV)
        ([], [Dyad("CONSULT", "FRA", None)]),  # noevents: 1 fp
        ([Dyad("ASSAULT", None, "SYR", "---REB", "SYRMIL")], [Dyad("ASSAULT", None, "SYR", "---REB", "SYRMIL")] * 2),  # dup: 1 tp
    ]
    scores = score_petr2(sentences)
    # tp 3, fp 1, fn 0 -> P .75 R 1 F1 .8571; false events 1/3 of gold; sentences fully right: 1 and 3 of 3
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.75, 1.0, 0.8571)
    assert scores["false_per_gold"] == 0.3333 and scores["sentence_accuracy"] == 0.6667
    # full codes: sentence 1 predicts BRA->USAGOV and USAGOV->BRA, both wrong (2 fp, 2 fn); sentence 2 1 fp;
    # sentence 3 right (---REB): tp 1, fp 3, fn 2 -> P .25 R .3333 F1 .2857
    assert scores["full_code_f1"] == 0.2857


# --- plv -----------------------------------------------------------------------------------------


def test_eval_events_marked_spans():
    plain, sources, targets = marked_spans("<s>Jordan</s> and <t>Britain</t> held drills, a <s>Jordan</s>ian officer said.")
    assert plain == "Jordan and Britain held drills, a Jordanian officer said."
    assert sources == [(0, 6), (34, 40)] and targets == [(11, 18)]


def test_eval_events_read_plv(tmp_path: Path):
    header = "uid\tsentence_id\tgold_penta\tgold_root\tsentence\tmarked_sentence\tsource\ttarget\troot_L1\n"
    row = "7\t3\t3\tACCUSE\tErewhon blamed Utopia for the blast.\t<s>Erewhon</s> blamed <t>Utopia</t> for the blast.\tErewhon\tUtopia\tREJECT\n"
    path = tmp_path / "PLV_test.tsv"
    path.write_text(header + row, encoding="utf-8")
    assert read_plv(path) == [PlvRow("7", "Erewhon blamed Utopia for the blast.", [(0, 7)], [(15, 21)], "ACCUSE", 3)]


def test_eval_events_plv_select_event_prefers_both_spans():
    first = event("ACCUSE", [entity("AAA", start=30, end=36)], [entity("BBB", start=40, end=45)])
    one_side = event("REJECT", [entity("AAA", start=0, end=7)], [entity("CCC", start=50, end=55)])
    both = event("RETREAT", [entity("AAA", start=0, end=7)], [entity("BBB", start=15, end=21)])
    assert select_event([first, one_side, both], [(0, 7)], [(15, 21)]) is both
    assert select_event([first, one_side], [(0, 7)], [(15, 21)]) is one_side
    assert select_event([first], [(0, 7)], [(15, 21)]) is first
    assert predicted_label(both) == ("YIELD", 2) and predicted_label(None) == ("NONE", 0)


def test_eval_events_plv_scores_by_hand():
    rows = [PlvRow(str(i), "s", [], [], root, quad) for i, (root, quad) in
            enumerate([("ACCUSE", 3), ("ACCUSE", 3), ("YIELD", 1), ("ASSAULT", 4)])]
    predictions = [("ACCUSE", 3), ("REJECT", 3), ("YIELD", 2), ("NONE", 0)]
    scores = score_plv(rows, predictions)
    # accuracy 2/4; per-label F1 ACCUSE 2*.5*1/1.5=.6667 (P 1 R .5), YIELD 1, ASSAULT 0 -> macro .5556
    assert scores == {"accuracy": 0.5, "macro_f1": 0.5556, "quad_accuracy": 0.5, "no_event": 0.25}


# --- india-police-events --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ev, labels",
    [
        (event("ASSAULT", [entity("IND", "COP")], text="two persons were killed in police firing ."), {"ANY_ACTION", "FORCE", "KILL"}),
        (event("ASSAULT", [entity("IND", "COP")], text="police fired tear gas shells ."), {"ANY_ACTION", "FORCE"}),
        (event("COERCE", [entity("IND", "COP")], mode="arrest", cameo="173"), {"ANY_ACTION", "ARREST"}),
        (event("COERCE", [entity("IND", "COP")], factuality="historical", mode="arrest"), {"ANY_ACTION", "ARREST"}),
        (event("COERCE", [entity("IND", "COP")], factuality="planned", mode="arrest"), set()),  # not asserted
        (event("COERCE", [entity("IND", "COP")], factuality="negated", mode="arrest"), set()),
        (event("ASSAULT", [entity("IND", "REB")], text="a mob killed three ."), set()),  # not police
        (event("CONSULT", [entity("IND", "COP")], [entity("IND", "GOV")]), {"ANY_ACTION"}),
        # the mode wins over the CAMEO code: a curfew or a raid filed under 173 is not an arrest
        (event("COERCE", [entity("IND", "COP")], mode="curfew", cameo="173"), {"ANY_ACTION"}),
        (event("COERCE", [entity("IND", "COP")], mode="seize", cameo="173"), {"ANY_ACTION"}),
        (event("COERCE", [entity("IND", "COP")], cameo="173"), {"ANY_ACTION", "ARREST"}),  # no mode: CAMEO
        # an arrest whose agent is unnamed ("twelve men were arrested") is a police arrest ...
        (event("COERCE", [], mode="arrest", cameo="173"), {"ANY_ACTION", "ARREST"}),
        (event("COERCE", [], factuality="planned", mode="arrest"), set()),
        # ... but not an arrest by someone else, nor an unattributed curfew or assault
        (event("COERCE", [entity("IND", "MIL")], mode="arrest"), set()),
        (event("COERCE", [], mode="curfew", cameo="1723"), set()),
        (event("ASSAULT", [], text="three were killed ."), set()),
    ],
)
def test_eval_events_india_police_labels(ev, labels):
    assert event_labels(ev) == labels


def test_eval_events_india_police_scores_by_hand():
    gold = [{"ARREST", "ANY_ACTION"}, set(), {"KILL", "FORCE", "ANY_ACTION"}, {"FAIL"}]
    predicted = [{"ARREST", "ANY_ACTION"}, {"ANY_ACTION"}, {"FORCE", "ANY_ACTION"}, set()]
    scores = score_labels(gold, predicted)
    # ANY_ACTION: tp 2, fp 1, fn 0 -> P .6667 R 1 F1 .8; KILL: tp 0 fn 1; FAIL never predicted
    assert scores["ANY_ACTION"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2}
    assert scores["KILL"]["f1"] == 0.0 and scores["ARREST"]["f1"] == 1.0 and scores["FAIL"]["support"] == 1


def _sentence(events=(), speakers=()) -> CodedArticle:
    article = Article(id="s", text="x")
    quotes = [Quote(id=f"q{i}", text="x", start=0, end=1, kind="indirect", speaker=s) for i, s in enumerate(speakers)]
    return CodedArticle(article=article, events=list(events), quotes=quotes)


@pytest.mark.parametrize(
    "coded, labels",
    [
        (_sentence(speakers=[entity("IND", "COP", "police")]), {"ANY_ACTION"}),  # "police said ..."
        (_sentence(speakers=[entity("IND", "GOV", "minister")]), set()),
        (_sentence(speakers=[None]), set()),
        (_sentence([event("PROTEST", [entity("IND", "CVL")], claimed_by=entity("IND", "COP"))]), {"ANY_ACTION"}),
        (_sentence([event("ASSAULT", [entity("IND", "COP")], text="police fired .")], [entity("IND", "GOV")]),
         {"ANY_ACTION", "FORCE"}),
        (_sentence(), set()),
    ],
)
def test_eval_events_india_police_statements_count_as_action(coded, labels):
    assert article_labels(coded) == labels


def test_eval_events_india_police_mention_baseline_by_hand():
    sentences = [
        {"sent_text": "police fired in the air .", "sent_labels": ["ANY_ACTION", "FORCE"]},
        {"sent_text": "the police station was closed .", "sent_labels": []},
        {"sent_text": "twelve men were arrested .", "sent_labels": ["ANY_ACTION", "ARREST"]},
        {"sent_text": "the market reopened .", "sent_labels": []},
    ]
    # predicted yes for 1 and 2: tp 1, fp 1, fn 1 -> P .5 R .5 F1 .5
    assert mention_baseline(sentences) == {"sentence_ANY_ACTION_precision": 0.5, "sentence_ANY_ACTION_recall": 0.5,
                                           "sentence_ANY_ACTION_f1": 0.5, "sentence_ANY_ACTION_support": 2}


# --- dev ------------------------------------------------------------------------------------------

DEV_TEXT = (
    "GOMA, Congo, March 3 (Sample Wire) - M23 rebels captured Kavumu on Sunday, the army said.\n"
    "\u201cWe will retake Kavumu,\u201d said Colonel Jean-Marie Ndayé. Rwanda denied sending troops."
)


def test_eval_events_find_all_whole_words():
    assert find_all("Sudan and the Sudanese army in Sudan", "Sudan") == [(0, 5), (31, 36)]
    assert find_all("the Kavumu airstrip", "Kavu") == [(4, 8)]  # no whole-word occurrence: any occurrence
    assert find_all("text", "") == []


def test_eval_events_match_spans_any_occurrence_one_to_one():
    gold = [[(0, 5), (31, 36)], [(10, 15)]]
    assert match_spans(gold, [(31, 36), (0, 3)]) == [(0, 0)]  # the second prediction overlaps a used gold only


@pytest.mark.parametrize(
    "gold, speaker, same",
    [
        ("Jean-Marie Ndayé", entity(None, name="Jean-Marie Ndaye"), True),
        ("Colonel Jean-Marie Ndayé", entity(None, name="Ndayé"), True),  # surname
        ("Adam Rizig", entity(None, name="Adam Musa"), False),
        (None, None, True),
        ("Adam Rizig", None, False),
    ],
)
def test_eval_events_names_match(gold, speaker, same):
    assert names_match(gold, speaker) is same


@pytest.mark.parametrize(
    "gold_event, ev, agree",
    [
        ({"type": "COERCE", "actors": [{"country": "COD"}], "recipients": []}, event("COERCE", [entity("COD")]), True),
        ({"type": "COERCE", "actors": [{"country": "COD"}, {"country": "RWA"}], "recipients": [{"country": "COD"}]},
         event("COERCE", [entity("RWA")], [entity("COD"), entity(None)]), True),  # overlap is enough
        ({"type": "COERCE", "actors": [{"country": None}], "recipients": []}, event("COERCE", [entity("COD")]), False),
        ({"type": "AGREE", "actors": [{"country": "QAT"}, {"country": "USA"}], "recipients": []},
         event("AGREE", [entity("QAT")], [entity("USA")]), True),  # reciprocal
        ({"type": "ASSAULT", "actors": [{"country": "COD"}], "recipients": []}, event("COERCE", [entity("COD")]), False),
    ],
)
def test_eval_events_dev_events_agree(gold_event, ev, agree):
    assert events_agree(gold_event, ev) is agree


def dev_gold() -> dict:
    return {
        "id": "d1",
        "events": [
            {"type": "ASSAULT", "actors": [{"name": "M23", "country": "COD", "sector": "REB"}],
             "recipients": [{"name": "army", "country": "COD", "sector": "MIL"}], "factuality": "asserted",
             "location": {"name": "Kavumu", "lat": -2.3, "lon": 28.81, "country": "COD"},
             "date": {"start": "2025-03-02", "end": "2025-03-02"}, "evidence": "M23 rebels captured Kavumu on Sunday"},
            {"type": "ASSAULT", "actors": [{"name": "army", "country": "COD", "sector": "MIL"}],
             "recipients": [{"name": "M23", "country": "COD", "sector": "REB"}], "factuality": "planned",
             "location": None, "date": None, "evidence": "We will retake Kavumu"},
            {"type": "MOBILIZE", "actors": [{"name": "Rwanda", "country": "RWA", "sector": "GOV"}],
             "recipients": [], "factuality": "negated", "location": None, "date": None, "evidence": "Rwanda denied sending troops"},
        ],
        "quotes": [{"text": "We will retake Kavumu,", "kind": "direct", "speaker": "Jean-Marie Ndayé", "medium": None},
                   {"text": "M23 rebels captured Kavumu on Sunday", "kind": "indirect", "speaker": "army", "medium": None}],
        "places": [{"text": "GOMA", "lat": -1.68, "lon": 29.23}, {"text": "Kavumu", "lat": -2.3, "lon": 28.81}],
        "times": [{"text": "Sunday", "start": "2025-03-02", "end": "2025-03-02"},
                  {"text": "March 3", "start": "2025-03-03", "end": "2025-03-03"}],
    }


def dev_coded() -> CodedArticle:
    text = DEV_TEXT
    line2 = text.index("\u201c")
    kavumu = text.index("Kavumu")
    sunday = text.index("Sunday")
    article = Article(id="d1", text=text, published="2025-03-03")
    rebels = entity("COD", "REB", "M23", text.index("M23"), text.index("M23") + 3)
    army = entity("COD", "MIL", "army", text.index("army"), text.index("army") + 4)
    events = [
        # second sentence's ASSAULT by the army: matches gold 2 (its evidence overlaps this sentence)
        event("ASSAULT", [army], [rebels], start=line2, end=len(text), factuality="asserted"),
        # first sentence: matches gold 1; location 5 km off, date exact
        event("ASSAULT", [rebels], [army], start=0, end=line2 - 1, factuality="asserted",
              location=Place("Kavumu", kavumu, kavumu + 6, lat=-2.3, lon=28.855),
              date=EventDate("2025-03-02", "2025-03-02", "Sunday")),
        event("ACCUSE", [entity("RWA", "GOV")], start=line2, end=len(text)),  # a false event
    ]
    quote_start = text.index("We will")
    quotes = [Quote("q1", "We will retake Kavumu,", quote_start, quote_start + 22, "direct",
                    speaker=entity("COD", "MIL", "Ndaye"))]
    places = [Place("GOMA", 0, 4, lat=-1.68, lon=29.23), Place("Kavumu", kavumu, kavumu + 6, lat=-1.0, lon=29.0),
              Place("Congo", 6, 11, lat=-2.9, lon=23.6)]
    times = [TimeExpr("Sunday", sunday, sunday + 6, DateValue("2025-03-02", "2025-03-02"), "day")]
    return CodedArticle(article=article, events=events, quotes=quotes, places=places, times=times)


def test_eval_events_dev_match_events_uses_evidence_first():
    gold, coded = dev_gold(), dev_coded()
    assert match_events(gold["events"], coded.events, coded.article.text) == [(0, 1), (1, 0)]


def test_eval_events_dev_scores_by_hand():
    counts = DevCounts()
    score_article(dev_gold(), dev_coded(), counts)
    metrics = dev_metrics(counts)
    # events: tp 2 of gold 3, predicted 3 -> P .6667 R .6667 F1 .6667
    assert (metrics["event_precision"], metrics["event_recall"], metrics["event_f1"]) == (0.6667, 0.6667, 0.6667)
    # factuality: gold 1 asserted = asserted, gold 2 planned != asserted -> .5
    assert metrics["factuality_accuracy"] == 0.5
    # one location pair (5 km off), one dated pair, exact and within
    assert (metrics["location_acc@161"], metrics["location_pairs"], metrics["date_exact"], metrics["date_within"]) == (1.0, 1, 1.0, 1.0)
    # quotes: 1 of 2 gold found, 1 of 1 predicted right -> P 1 R .5 F1 .6667; the direct quote's speaker by surname
    assert (metrics["quote_span_f1"], metrics["speaker_accuracy"]) == (0.6667, 1.0)
    # places: 2 of 2 gold matched, 2 of 3 predicted on gold -> F1 .8; GOMA 0 km, Kavumu ~145 km ... both <= 161
    assert metrics["place_span_f1"] == 0.8
    # times: 1 of 2 gold, 1 of 1 predicted -> F1 .6667; its value is right
    assert (metrics["time_span_f1"], metrics["time_value_accuracy"]) == (0.6667, 1.0)


def test_eval_events_dev_confusions_pair_by_evidence():
    counts = DevCounts()
    score_article(dev_gold(), dev_coded(), counts)
    # the unmatched gold MOBILIZE pairs with the unmatched ACCUSE coded in its evidence sentence
    assert counts.type_pairs == [("ASSAULT", "ASSAULT"), ("ASSAULT", "ASSAULT"), ("MOBILIZE", "ACCUSE")]
    coded = dev_coded()
    coded.events[2].start, coded.events[2].end = 0, 5  # the dateline only
    counts = DevCounts()
    score_article(dev_gold(), coded, counts)
    assert counts.type_pairs[2:] == [("MOBILIZE", "NONE"), ("NONE", "ACCUSE")]


@pytest.mark.parametrize("lat, lon", [(4.0, 20.0), (None, None)])  # ~1200 km off; unresolved
def test_eval_events_dev_place_distance_counts_far_or_unresolved_wrong(lat, lon):
    coded = dev_coded()
    coded.places[1] = Place("Kavumu", coded.places[1].start, coded.places[1].end, lat=lat, lon=lon)
    counts = DevCounts()
    score_article(dev_gold(), coded, counts)
    assert dev_metrics(counts)["place_acc@161"] == 0.5


def test_eval_events_missing_data_is_reported(tmp_path: Path):
    from evaluation.dev import score_dev
    from evaluation.plover_gsr import score_plover_gsr

    for scorer in (score_plover_gsr, score_dev):
        result = scorer(Context(data=tmp_path / "nowhere"))
        assert not result.supported and result.notes[0].startswith("data not found: ")
