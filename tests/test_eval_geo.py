"""Toponym scorers (evaluation/geo.py) on hand-made gold and predictions with hand-computed scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.geo import (
    GeoDoc,
    GoldToponym,
    Outcome,
    Prediction,
    bucketed,
    end_to_end_scores,
    gwn_bucket,
    level_bucket,
    outcome,
    parse_gaztag_xml,
    parse_gwn,
    parse_gwn_system,
    realign,
    resolution_scores,
    held_out_scores,
    resolve_gold,
)

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"

# Invented wire copy; offsets computed from the string itself in the fixtures below.
TEXT = "Shelling hit Homs on Monday, officials in Damascus said, as Turkish troops massed near Kilis."
# GeoNames facts: Homs 169577 (34.72682, 36.72339), Damascus 170654 (33.5102, 36.29128),
# Turkey 298795 (39.0, 35.0), Kilis 300640 (36.71611, 37.115).
HOMS = (169577, 34.72682, 36.72339)
DAMASCUS = (170654, 33.5102, 36.29128)
TURKEY = (298795, 39.0, 35.0)
ALEPPO = (170063, 36.20124, 37.16117)


def _at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def gold(word: str, place: tuple[int, float, float] | None, kind: str | None = None) -> GoldToponym:
    gid, lat, lon = place if place else (None, None, None)
    return GoldToponym(*_at(word), name=word, geonameid=gid, lat=lat, lon=lon, kind=kind,
                       country_level=gid == TURKEY[0])


GWN_XML = f"""<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>Invented title</title>
    <link>http://example.org/a</link>
    <text>{TEXT}</text>
    <toponyms>
      <toponym><extractedName>Homs</extractedName><normalisedName>Homs</normalisedName><type>Literal</type>
        <modifierType/><nonLocational>No</nonLocational><start>{_at("Homs")[0]}</start><end>{_at("Homs")[1]}</end>
        <geonamesID>169577</geonamesID><latitude>34.72682</latitude><longitude>36.72339</longitude></toponym>
      <toponym><extractedName>Turkish</extractedName><normalisedName>Republic of Turkey</normalisedName>
        <type>Demonym</type><modifierType/><nonLocational>No</nonLocational>
        <start>{_at("Turkish")[0]}</start><end>{_at("Turkish")[1]}</end>
        <geonamesID>298795</geonamesID><latitude>39.0</latitude><longitude>35.0</longitude></toponym>
      <toponym><extractedName>officials</extractedName><normalisedName/><type>Non_Lit_Expression</type>
        <modifierType/><nonLocational>No</nonLocational><start>{_at("officials")[0]}</start>
        <end>{_at("officials")[1]}</end><geonamesID/><latitude/><longitude/></toponym>
    </toponyms>
  </article>
</articles>
"""

# TR-News/LGL style; Damascus' offsets are one character late, as in some TR-News documents.
GAZTAG_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="42">
    <title>Invented</title>
    <dltime>2016-12-19 10:00:00</dltime>
    <text><![CDATA[{TEXT}]]></text>
    <toponyms>
      <toponym><phrase>Damascus</phrase><start>{_at("Damascus")[0] + 1}</start><end>{_at("Damascus")[1] + 1}</end>
        <gaztag geonameid="170654"><name>Damascus</name><fclass>P</fclass><fcode>PPLC</fcode>
          <lat>33.5102</lat><lon>36.29128</lon><country geonameid="163843">Syria</country></gaztag></toponym>
      <toponym><phrase>Turkish</phrase><start>{_at("Turkish")[0]}</start><end>{_at("Turkish")[1]}</end>
        <gaztag geonameid="298795"><name>Turkey</name><fclass>A</fclass><fcode>PCLI</fcode>
          <lat>39</lat><lon>35</lon><country geonameid="298795">Turkey</country></gaztag></toponym>
      <toponym><phrase>Kilis</phrase><start>{_at("Kilis")[0]}</start><end>{_at("Kilis")[1]}</end></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_eval_geo_parse_gwn(tmp_path: Path) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN_XML, encoding="utf-8")
    [doc] = parse_gwn(path)
    assert doc.id == "7" and doc.text == TEXT
    assert [(t.name, t.geonameid, t.kind, t.country_level) for t in doc.toponyms] == [
        ("Homs", 169577, "Literal", False), ("Turkish", 298795, "Demonym", True),
        ("officials", None, "Non_Lit_Expression", False)]
    assert [t.name for t in doc.gold] == ["Homs", "Turkish"]
    assert all(doc.text[t.start:t.end] == t.name for t in doc.toponyms)


def test_eval_geo_parse_gaztag_realigns_offsets(tmp_path: Path) -> None:
    path = tmp_path / "TR.xml"
    path.write_text(GAZTAG_XML, encoding="utf-8")
    [doc] = parse_gaztag_xml(path)
    assert doc.published == "2016-12-19"
    damascus, turkish, kilis = doc.toponyms
    assert (damascus.start, damascus.end) == _at("Damascus")  # repaired from one character late
    assert (damascus.lat, damascus.lon, damascus.country_level) == (33.5102, 36.29128, False)
    assert turkish.country_level and kilis.geonameid is None
    assert [t.name for t in doc.gold] == ["Damascus", "Turkish"]


@pytest.mark.parametrize(("text", "name", "start", "end", "expected"), [
    ("in Homs and Hama", "Homs", 3, 7, (3, 7)),  # already right
    ("in Homs and Hama", "Hama", 13, 17, (12, 16)),  # one late
    ("in Homs and Hama", "Idlib", 3, 8, (3, 8)),  # not found: left as given
    ("Hama, then Hama again", "Hama", 10, 14, (11, 15)),  # nearest occurrence wins
])
def test_eval_geo_realign(text: str, name: str, start: int, end: int, expected: tuple[int, int]) -> None:
    assert realign(text, name, start, end) == expected


def test_eval_geo_parse_gwn_system(tmp_path: Path) -> None:
    path = tmp_path / "gwn_sys.txt"
    records = ["Homs,,Homs,,34.7,,36.7,,13,,17||No Gaz,,Kilis,,36.7,,37.1,,87,,92", "",
             "Damascus,,Damascus,,33.5,,36.3,,0,,8"]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    lines = parse_gwn_system(path)
    assert len(lines) == 3 and lines[1] == []
    assert lines[0] == [Prediction(13, 17, 34.7, 36.7), Prediction(87, 92, 36.7, 37.1)]


def test_eval_geo_resolution_scores_by_hand() -> None:
    homs, damascus, turkey = gold("Homs", HOMS), gold("Damascus", DAMASCUS), gold("Turkish", TURKEY)
    outcomes = [
        outcome(homs, 34.72682, 36.72339, 169577, True),  # exact: 0 km
        outcome(damascus, 33.6, 36.3, None, True),  # about 10 km off, no id
        outcome(turkey, *ALEPPO[1:], ALEPPO[0], False),  # Aleppo for Turkey: ~330 km
    ]
    scores = resolution_scores(outcomes)
    assert scores["acc@161"] == 0.6667  # 2 of 3 within 161 km
    assert scores["exact_id"] == 0.3333
    assert scores["candidate_recall"] == 0.6667
    assert 9 < scores["median_km"] < 11 and scores["n"] == 3
    # Over a larger denominator (end to end: unmatched gold counts as wrong).
    assert resolution_scores(outcomes, total=4)["acc@161"] == 0.5


def test_eval_geo_same_id_counts_as_zero_km() -> None:
    usa = GoldToponym(0, 4, "U.S.", 6252001, 39.76, -98.5, country_level=True)
    same = outcome(usa, 38.0, -97.0, 6252001)
    assert same.error_km == 0.0 and same.same_id and same.raw_km > 161
    other = outcome(usa, 38.0, -97.0, 4138106)
    assert other.error_km == other.raw_km and not other.same_id
    assert outcome(usa, None, None, None).error_km is None


def test_eval_geo_end_to_end_by_hand() -> None:
    doc = GeoDoc("d", TEXT, [gold("Homs", HOMS), gold("Damascus", DAMASCUS), gold("Turkish", TURKEY),
                             gold("officials", None)])
    predictions = [
        Prediction(*_at("Homs"), *HOMS[1:], geonameid=HOMS[0]),  # matched, right
        Prediction(_at("Damascus")[0], _at("Damascus")[1] + 5, *ALEPPO[1:], geonameid=ALEPPO[0]),  # overlap, wrong
        Prediction(*_at("officials")),  # on an unscored annotation: ignored
        Prediction(*_at("Kilis"), 36.71611, 37.115),  # not in the gold: false positive
    ]
    scores = end_to_end_scores([doc], [predictions])
    assert (scores["span_precision"], scores["span_recall"], scores["span_f1"]) == (0.6667, 0.6667, 0.6667)
    assert scores["matched"] == 2 and scores["n_gold"] == 3
    assert scores["acc@161_matched"] == 0.5 and scores["acc@161_all"] == 0.3333
    assert scores["exact_id_matched"] == 0.5 and scores["exact_id_all"] == 0.3333


def test_eval_geo_end_to_end_without_ids_reports_no_exact_id() -> None:
    doc = GeoDoc("d", TEXT, [gold("Homs", HOMS)])
    scores = end_to_end_scores([doc], [[Prediction(*_at("Homs"), 34.7, 36.7)]])
    assert scores["acc@161_all"] == 1.0 and scores["exact_id_all"] is None


def test_eval_geo_resolve_gold_context_and_recall() -> None:
    doc = GeoDoc("d", TEXT, [gold("Homs", HOMS), gold("Damascus", DAMASCUS), gold("Turkish", TURKEY)])
    countries = {"Turkish": "TUR", "Damascus": None, "Homs": None}
    seen: dict[str, list[str]] = {}

    class Found:
        def __init__(self, place: tuple[int, float, float]) -> None:
            self.geonameid, self.lat, self.lon = place

    def resolve(names: list[str], contexts: list[list[str]]) -> list[Found | None]:
        seen.update(zip(names, contexts))
        return [{"Homs": Found(HOMS), "Turkish": None}.get(name, Found(ALEPPO)) for name in names]

    outcomes = resolve_gold([doc], resolve, countries.get, lambda name: {HOMS[0], DAMASCUS[0]})
    assert seen == {"Homs": ["TUR"], "Damascus": ["TUR"], "Turkish": []}  # a name never votes for itself
    assert [o.same_id for o in outcomes] == [True, False, False]
    assert [o.in_candidates for o in outcomes] == [True, True, False]
    assert outcomes[2].error_km is None


def test_eval_geo_buckets() -> None:
    outcomes = [Outcome(gold("Homs", HOMS, "Literal"), 0.0, True),
                Outcome(gold("Turkish", TURKEY, "Demonym"), 500.0, False),
                Outcome(gold("Damascus", DAMASCUS, "Coercion"), 1.0, True)]
    by_type = bucketed(outcomes, gwn_bucket)
    assert {k: v["acc@161"] for k, v in by_type.items()} == {"Demonym": 0.0, "Literal": 1.0, "other": 1.0}
    by_level = bucketed(outcomes, level_bucket)
    assert by_level["country"]["n"] == 1 and by_level["sub-national"]["acc@161"] == 1.0


def test_eval_geo_real_gold_files_parse() -> None:
    """The shared gold files (when present): counts as documented in their SOURCE.md, and every
    gold span reads its own name in the text after realignment."""
    if not (EXTERNAL / "geowebnews" / "GWN.xml").is_file():
        pytest.skip("shared/external gold sets not available")
    gwn = parse_gwn(EXTERNAL / "geowebnews" / "GWN.xml")
    assert len(gwn) == 200 and sum(len(d.gold) for d in gwn) == 2401
    systems = parse_gwn_system(EXTERNAL / "geowebnews" / "gwn_full.txt")
    assert end_to_end_scores(gwn, systems)["acc@161_all"] == 1.0  # the gold file scores perfectly
    tr = parse_gaztag_xml(EXTERNAL / "tr-news" / "TR-News.xml")
    assert sum(len(d.gold) for d in tr) == 1275
    assert all(d.text[t.start:t.end] == t.name for d in tr for t in d.toponyms)


@pytest.fixture(scope="module")
def light_coder(coder):
    """The suites code through the public pipeline (`Coder.code_many`), so they get the real coder."""
    return coder


@pytest.mark.parametrize("name", ["geowebnews", "tr-news", "lgl"])
def test_eval_geo_suites_run_on_a_few_documents(name: str, light_coder) -> None:
    from evaluation import run_suite

    if not (EXTERNAL / name).is_dir():
        pytest.skip(f"shared/external/{name} not available")
    result = run_suite(name, limit=2, coder=light_coder)
    assert result.suite == name and result.headline == "acc@161" and result.limit == 2
    assert 0 < result.n == result.metrics["n"] == result.metrics["e2e_n_gold"]
    assert 0.0 <= result.metrics["acc@161"] <= 1.0 and 0.0 <= result.metrics["e2e_span_f1"] <= 1.0
    assert "Mordecai 3" in result.anchor
    assert (name == "geowebnews") == ("edinburgh" in result.baselines)
    assert "held_out_acc@161" in result.metrics  # every suite reports its odd-index (held-out) half


def test_eval_geo_pipeline_failure_is_reported_not_fatal(tmp_path: Path, light_coder, monkeypatch) -> None:
    from eventwire.actors import mentions as actors
    from evaluation import Context
    from evaluation.geo import score_corpus

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actors, "extract_actors", broken)
    path = tmp_path / "GWN.xml"
    path.write_text(GWN_XML, encoding="utf-8")
    result = score_corpus("geowebnews", parse_gwn(path), Context(data=tmp_path, _coder=light_coder), {})
    assert result.metrics["e2e_failed_documents"] == 1 and result.metrics["e2e_span_recall"] == 0.0
    assert "boom" in result.details["failures"][0] and result.n == 2


def test_eval_geo_held_out_scores_use_odd_documents_only() -> None:
    """held_out_* figures come from the odd-index documents (the tuning split's held-out half)."""
    docs = [GeoDoc(f"d{i}", TEXT, [gold("Homs", HOMS)]) for i in range(4)]
    right, wrong = Outcome(docs[0].gold[0], 0.0, True), Outcome(docs[0].gold[0], 900.0, False)
    per_doc = [[wrong], [right], [wrong], [right]]  # even documents wrong, odd ones right
    predictions = [[], [Prediction(*_at("Homs"), 34.7, 36.7)], [], [Prediction(*_at("Homs"), 34.7, 36.7)]]
    scores = held_out_scores(docs, per_doc, predictions)
    assert scores["held_out_acc@161"] == 1.0 and scores["held_out_n"] == 2
    assert scores["held_out_e2e_span_f1"] == 1.0 and scores["held_out_e2e_acc@161_all"] == 1.0
