"""Build src/eventwire/data/countries.jsonl from installed country facts plus a curated overlay.

Sources (all offline, all dependencies of eventwire): pycountry (ISO 3166 codes and names), localis
(short and alternative names), countryinfo (demonyms, capitals, alternative spellings). The overlay
below adds what those packages lack for news text: short forms ("U.S.", "America"), extra demonyms
("Saudi", "Emirati"), metonymic capitals and Wikidata ids we are sure of.

Run:  .venv/bin/python scripts/build_countries.py   (rewrites the data file; commit the result)
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

import pycountry
from countryinfo import CountryInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/eventwire/data/countries.jsonl"

# ---- curated overlay: facts only; edit here and re-run ------------------------------------------------
# name: preferred short English name; names/demonyms: added; capital: replaces countryinfo's.
OVERLAY: dict[str, dict] = {
    "USA": {"name": "United States", "names": ["US", "U.S.", "USA", "U.S.A.", "United States", "America"], "demonyms": ["US", "U.S."], "capital": "Washington", "wikidata": "Q30"},
    "GBR": {"names": ["UK", "U.K.", "Britain", "Great Britain"], "demonyms": ["Briton", "Britons"],
            "wikidata": "Q145"},
    "IRQ": {"wikidata": "Q796"}, "SYR": {"name": "Syria", "wikidata": "Q858"},
    "IRN": {"name": "Iran", "names": ["Islamic Republic of Iran"], "wikidata": "Q794"},
    "ISR": {"wikidata": "Q801"}, "LBN": {"wikidata": "Q822"},
    "PSE": {"name": "Palestine", "names": ["Palestinian territories", "Palestinian Territories"],
            "demonyms": ["Palestinian", "Palestinians"], "capital": "Ramallah", "wikidata": "Q219060"},
    "TUR": {"name": "Turkey", "names": ["Türkiye", "Turkiye"], "demonyms": ["Turk", "Turks"], "wikidata": "Q43"},
    "SAU": {"names": ["Saudi"], "demonyms": ["Saudi", "Saudis"], "wikidata": "Q851"},
    "ARE": {"names": ["UAE", "U.A.E.", "Emirates"], "demonyms": ["Emirati", "Emiratis"], "wikidata": "Q878"},
    "EGY": {"wikidata": "Q79"}, "JOR": {"wikidata": "Q810"}, "YEM": {"wikidata": "Q805"},
    "QAT": {"demonyms": ["Qatari", "Qataris"], "wikidata": "Q846"}, "KWT": {"wikidata": "Q817"},
    "OMN": {"wikidata": "Q842"}, "BHR": {"wikidata": "Q398"},
    "AFG": {"wikidata": "Q889"}, "PAK": {"wikidata": "Q843"}, "IND": {"wikidata": "Q668"},
    "RUS": {"name": "Russia", "wikidata": "Q159"}, "UKR": {"wikidata": "Q212"}, "BLR": {"wikidata": "Q184"},
    "CHN": {"names": ["PRC"], "wikidata": "Q148"}, "FRA": {"wikidata": "Q142"}, "DEU": {"wikidata": "Q183"},
    "SDN": {"wikidata": "Q1049"}, "SSD": {"wikidata": "Q958"}, "SOM": {"wikidata": "Q1045"},
    "LBY": {"wikidata": "Q1016"}, "MLI": {"wikidata": "Q912"}, "NGA": {"wikidata": "Q1033"},
    "ETH": {"wikidata": "Q115"}, "BFA": {"demonyms": ["Burkinabe"], "wikidata": "Q965"},
    "NER": {"demonyms": ["Nigerien", "Nigeriens"], "wikidata": "Q1032"}, "TCD": {"wikidata": "Q657"},
    "COD": {"name": "Democratic Republic of the Congo", "names": ["DRC", "DR Congo", "Congo-Kinshasa", "Congo"],
            "wikidata": "Q974"},
    # wire style: bare "Congo" is the DRC, "Republic of Congo" this one
    "COG": {"not_names": ["Congo"]},
    "MMR": {"names": ["Burma"], "demonyms": ["Burmese"], "capital": "Naypyidaw", "wikidata": "Q836"},
    "KOR": {"name": "South Korea", "wikidata": "Q884"}, "PRK": {"name": "North Korea", "wikidata": "Q423"},
    "JPN": {"wikidata": "Q17"}, "ITA": {"wikidata": "Q38"}, "ESP": {"wikidata": "Q29"},
    "CAN": {"wikidata": "Q16"}, "BRA": {"wikidata": "Q155"}, "MEX": {"wikidata": "Q96"},
    "COL": {"wikidata": "Q739"}, "VEN": {"name": "Venezuela", "wikidata": "Q717"},
    "KEN": {"wikidata": "Q114"}, "DZA": {"wikidata": "Q262"}, "MAR": {"wikidata": "Q1028"},
    "TUN": {"wikidata": "Q948"}, "ARM": {"wikidata": "Q399"}, "AZE": {"demonyms": ["Azeri", "Azeris"], "wikidata": "Q227"},
    "GEO": {"wikidata": "Q230"}, "POL": {"wikidata": "Q36"},
    "DOM": {"wikidata": "Q786"},  # "Dominican" is far more often the Dominican Republic than Dominica
    # Central Asian and other short forms that countryinfo lacks
    "KGZ": {"demonyms": ["Kyrgyz", "Kyrgyzstani"]}, "KAZ": {"demonyms": ["Kazakh", "Kazakhs", "Kazakhstani"]},
    "UZB": {"demonyms": ["Uzbek", "Uzbeks", "Uzbekistani"]}, "TJK": {"demonyms": ["Tajik", "Tajiks"]},
    "NPL": {"demonyms": ["Nepali"]}, "DJI": {"demonyms": ["Djiboutian", "Djiboutians"]},
    "BIH": {"demonyms": ["Bosnian", "Bosnians"]}, "ECU": {"demonyms": ["Ecuadorian", "Ecuadorians"]},
    "ARG": {"demonyms": ["Argentine", "Argentines", "Argentinian", "Argentinians"]},
    "SVN": {"demonyms": ["Slovenian", "Slovenians"]}, "MDV": {"demonyms": ["Maldivian", "Maldivians"]},
    "TLS": {"demonyms": ["Timorese"]}, "SUR": {"demonyms": ["Surinamese"]}, "LAO": {"demonyms": ["Laotian", "Laotians"]},
    "KOS": {"name": "Kosovo", "demonyms": ["Kosovar", "Kosovars"], "capital": "Pristina"},
}
# PLOVER codes Kosovo as KOS though it has no ISO 3166 entry.
EXTRA = {"KOS": {"iso2": None}}
# -------------------------------------------------------------------------------------------------------

_NO_PLURAL = re.compile(r"(ese|ish|ch|ss|sh|s)$")


def _latin(text: str) -> bool:
    """Keep spellings a news reader could meet in English copy (Latin script after folding)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return all(c.isascii() or not c.isalpha() for c in folded)


def _plural(demonym: str) -> str | None:
    return None if _NO_PLURAL.search(demonym) else demonym + "s"


def _localis_names() -> dict[str, list[str]]:
    import localis

    path = Path(localis.__file__).parent / "data/countries/countries.tsv"
    names: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) > 6:
                names[row[2]] = [row[0], row[4], *row[6].split("|")]
    return names


def _countryinfo(iso3: str) -> dict:
    try:
        return CountryInfo(iso3).info() or {}
    except Exception:  # countryinfo raises plain errors for codes it lacks
        return {}


def _dedupe(items) -> list[str]:
    seen, out = set(), []
    for item in items:
        item = (item or "").strip()
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def build_record(iso3: str, iso2: str | None, iso_name: str, official: str | None, extra_names) -> dict:
    info, overlay = _countryinfo(iso3), OVERLAY.get(iso3, {})
    name = overlay.get("name") or info.get("name") or iso_name
    spellings = [s for s in info.get("altSpellings", []) if len(s) > 3 or s in overlay.get("names", [])]
    names = _dedupe([name, iso_name, official, *extra_names, *spellings, *overlay.get("names", [])])
    names = [n for n in names if _latin(n) and "," not in n and n not in overlay.get("not_names", ())]
    base = info.get("demonym")
    demonyms = _dedupe([base, _plural(base) if base else None, *overlay.get("demonyms", [])])
    record = {"iso3": iso3, "iso2": iso2, "name": name, "names": names, "demonyms": demonyms,
              "capital": overlay.get("capital") or info.get("capital") or None}
    if overlay.get("wikidata"):
        record["wikidata"] = overlay["wikidata"]
    return record


def build() -> list[dict]:
    localis_names = _localis_names()
    records = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        names = [getattr(country, "common_name", None), *localis_names.get(iso3, [])]
        records.append(build_record(iso3, country.alpha_2, country.name,
                                    getattr(country, "official_name", None), [n for n in names if n]))
    for iso3, fields in EXTRA.items():
        records.append(build_record(iso3, fields["iso2"], OVERLAY[iso3]["name"], None, []))
    return sorted(records, key=lambda r: r["iso3"])


def main() -> int:
    records = build()
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("// Generated by scripts/build_countries.py from pycountry, localis and countryinfo plus a\n")
        fh.write("// curated overlay. Do not edit by hand: change the overlay and re-run. Add your own\n")
        fh.write("// countries or spellings in $EVENTWIRE_DATA_DIR/countries.jsonl instead.\n")
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} countries to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
