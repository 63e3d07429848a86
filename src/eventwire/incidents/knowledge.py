"""What the incident linker and the copy detector know: `data/incidents.json` (compatible event types, the
stopwords of text comparison), laid under a user file of the same name in `$EVENTWIRE_DATA_DIR`."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from eventwire.datafiles import data_files, read_json, validate

FILE = "incidents.json"


@dataclass(frozen=True, slots=True)
class IncidentKnowledge:
    compatible: frozenset[frozenset[str]]  # unordered type pairs one real-world event may be coded as
    stopwords: frozenset[str]

    def types_compatible(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) in self.compatible

    def partners(self, type_: str) -> list[str]:
        """The types a report of `type_` may be one incident with (itself first)."""
        others = sorted(t for pair in self.compatible if type_ in pair for t in pair if t != type_)
        return [type_, *others]


@functools.lru_cache(maxsize=1)
def load_knowledge() -> IncidentKnowledge:
    """The packaged file, then the user's: its pairs and stopwords are added to the packaged ones."""
    pairs: set[frozenset[str]] = set()
    stopwords: set[str] = set()
    paths = data_files(FILE)
    merged: dict = {"version": 1, "compatible_types": [], "stopwords": []}
    for path in paths:
        document = read_json(path, "incidents")
        merged["compatible_types"] += document["compatible_types"]
        merged["stopwords"] += document["stopwords"]
    validate(merged, "incidents", paths[-1])
    for row in merged["compatible_types"]:
        pairs.add(frozenset(row["types"]))
    stopwords.update(merged["stopwords"])
    return IncidentKnowledge(frozenset(pairs), frozenset(stopwords))
