"""Tests for the PETRARCH/TABARI dictionary reader (`eventwire.actors.petrarch`) and the suite built on it.

The dictionary snippets are written here in the same format, with invented names; the suite's own
files are only read by the last test (which skips without them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.actors.mentions import extract_actors, load_kb, ruler_patterns
from eventwire.parse import build_nlp
from eventwire.actors.petrarch import (
    cameo_codes,
    load_petrarch_dictionaries,
    parse_actor_dictionary,
    parse_agent_dictionary,
    parse_code_block,
    parse_date,
    split_code,
    surface_forms,
)

ACTORS = """\
<!-- an invented test dictionary
# with a comment inside the block
-->
VALDORIA_  [VLD]   # pas 1 Jan 14
+VALDORIAN
+PORT_ASTREL

NORTHERN_BANNER_FRONT [VLDREBNBF]
+NBF_

MARSHAL_OREN_KASK  # codes on their own lines
\t[VLDMIL < 990101]
\t[VLDGOV 19990101 - 20031231]
\t[VLDELI > 040101]

THE_TWIN_CROWNS [KRA/ZEL]
COUNCIL_OF_ELDERS_OF_VALDORIA [VLDLEG]
BROKEN ENTRY WITHOUT A CODE
KRASNIA [KRA]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
HARBOUR_WARDEN [~COP]  # regular plural added
FERRY!PERSON! {} [~CVL]
GRAND_VIZIER {GRAND_VIZIERS} [~GOVVIZ]
RELIEF_SOCIETY [NGO~]
NOT AN AGENT LINE
"""


@pytest.fixture(scope="module")
def dict_paths(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dicts")
    (folder / "test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (folder / "test.agents.txt").write_text(AGENTS, encoding="utf-8")
    return folder / "test.actors.txt", folder / "test.agents.txt"


@pytest.fixture(scope="module")
def dict_kb(dict_paths):
    return load_petrarch_dictionaries([dict_paths[0]], [dict_paths[1]], standalone=True)


@pytest.mark.parametrize("text, expected", [
    ("990816", "1999-08-16"),
    ("040101", "2004-01-01"),
    ("19950601", "1995-06-01"),
    ("2004017", None),  # seven digits: unreadable
    ("20131340", None),
])
def test_petrarch_dict_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("block, expected", [
    ("VLD", [("VLD", None, None)]),
    ("vld", [("VLD", None, None)]),
    ("VLDMIL < 990101", [("VLDMIL", None, "1999-01-01")]),
    ("VLDELI >040101", [("VLDELI", "2004-01-01", None)]),
    ("VLDGOV 19990101 - 20031231", [("VLDGOV", "1999-01-01", "2004-01-01")]),  # inclusive end -> exclusive
    ("KRA/ZEL", [("KRA", None, None), ("ZEL", None, None)]),
    ("VLDGOV 2004017-20061201", None),
])
def test_petrarch_dict_code_blocks(block, expected):
    codes = parse_code_block(block)
    assert (None if codes is None else [(c.code, c.start, c.end) for c in codes]) == expected


def test_petrarch_dict_actor_entries_aliases_and_dated_codes():
    entries = {e.names[0]: e for e in parse_actor_dictionary(ACTORS)}
    assert entries["VALDORIA_"].names == ("VALDORIA_", "VALDORIAN", "PORT_ASTREL")
    assert [c.code for c in entries["MARSHAL_OREN_KASK"].codes] == ["VLDMIL", "VLDGOV", "VLDELI"]
    assert [c.code for c in entries["THE_TWIN_CROWNS"].codes] == ["KRA", "ZEL"]
    assert "BROKEN ENTRY WITHOUT A CODE" not in entries  # no code: skipped, the next entry still read
    assert "KRASNIA" in entries


@pytest.mark.parametrize("phrase, forms", [
    ("PORT_ASTREL", ["Port Astrel"]),
    ("COUNCIL_OF_ELDERS_OF_VALDORIA", ["Council of Elders of Valdoria"]),
    ("THE_TWIN_CROWNS", ["the Twin Crowns"]),
    ("NBF_", ["Nbf", "NBF"]),
    ("U.N.", ["U.N."]),
])
def test_petrarch_dict_surface_forms(phrase, forms):
    assert surface_forms(phrase) == forms


@pytest.mark.parametrize("code, expected", [
    ("VLD", ("VLD", None)),
    ("VLDGOV", ("VLD", "GOV")),
    ("VLDREBNBF", ("VLD", "REB")),
    ("VLDMED", ("VLD", "JRN")),
    ("IGOUNO", ("IGO", None)),
    ("---GOV", (None, "GOV")),
])
def test_petrarch_dict_split_code(code, expected):
    assert split_code(code) == expected


def test_petrarch_dict_agents_plurals_and_substitution_sets():
    agents = {a.names[0]: a for a in parse_agent_dictionary(AGENTS)}
    assert agents["HARBOUR_WARDEN"].names == ("HARBOUR_WARDEN", "HARBOUR_WARDENS")
    assert agents["FERRYMAN"].names == ("FERRYMAN",) and "FERRYWOMEN" in agents  # {} = no plural
    assert agents["GRAND_VIZIER"].names == ("GRAND_VIZIER", "GRAND_VIZIERS")
    assert agents["GRAND_VIZIER"].code == "GOVVIZ"
    assert agents["RELIEF_SOCIETY"].prefix


@pytest.mark.parametrize("date, code", [
    ("1998-05-01", "VLDMIL"),
    ("2001-05-01", "VLDGOV"),
    ("2010-05-01", "VLDELI"),
])
def test_petrarch_dict_dated_codes_follow_the_article_date(dict_kb, date, code):
    kasks = [a for a in dict_kb.actors.values() if a.name == "Marshal Oren Kask"]
    assert cameo_codes(dict_kb, kasks[0].id, date) == [code]


def test_petrarch_dict_compound_entry_keeps_every_code(dict_kb):
    crowns = next(a for a in dict_kb.actors.values() if a.name == "the Twin Crowns")
    assert cameo_codes(dict_kb, crowns.id, None) == ["KRA", "ZEL"]


def test_petrarch_dict_standalone_kb_codes_text(dict_kb):
    nlp = build_nlp(ruler_patterns(dict_kb))
    doc = nlp("The Northern Banner Front attacked a convoy near Port Astrel, harbour wardens said.")
    found = {e.text: (e.country, e.sector) for e in extract_actors(doc, dict_kb, "2010-01-01")}
    assert found["Northern Banner Front"] == ("VLD", "REB")
    assert found["Port Astrel"] == ("VLD", None)
    assert found["harbour wardens"][1] == "COP"
    assert not dict_kb.countries and "kataib-hezbollah" not in dict_kb.actors


def test_petrarch_dict_merge_leaves_default_kb_untouched(dict_paths):
    base = load_kb()
    merged = load_petrarch_dictionaries([dict_paths[0]], [dict_paths[1]])
    assert "kataib-hezbollah" in merged.actors and merged.countries
    assert any(a.name == "Valdoria" for a in merged.actors.values())
    assert not any(a.name == "Valdoria" for a in load_kb().actors.values())
    assert load_kb() is base and len(merged.agents) > len(base.agents)


UNITTEST = Path(__file__).resolve().parents[3] / "shared/external/petrarch2-unittest"


def test_petrarch_dict_reads_the_suite_dictionaries():
    if not (UNITTEST / "PETR.Validate.actors.txt").is_file():
        pytest.skip("petrarch2-unittest data not on this machine")
    kb = load_petrarch_dictionaries([UNITTEST / "PETR.Validate.actors.txt"], [UNITTEST / "PETR.Validate.agents.txt"],
                                    standalone=True)
    assert len(kb.actors) > 100 and len(kb.agents) > 80
    assert {"ARN", "GON", "OSG"} <= {a.country for a in kb.actors.values()}
