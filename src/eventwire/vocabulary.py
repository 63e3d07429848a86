"""Closed-class vocabularies every stage shares, each defined once.

Sectors and their groups are data (data/sectors.json, with a schema); dependency labels are spaCy's
grammar, so they are code, named here once."""

from __future__ import annotations

from eventwire.datafiles import data_path, read_json
from eventwire.errors import DataFileError

_SECTORS = read_json(data_path("sectors.json"), "sectors")
SECTORS: frozenset[str] = frozenset(_SECTORS["sectors"])
ARMED_SECTORS: frozenset[str] = frozenset(_SECTORS["armed"])  # sectors that bear arms
STATE_SECTORS: frozenset[str] = frozenset(_SECTORS["state"])  # a state's own organs
for _group in ("armed", "state"):
    if not set(_SECTORS[_group]) <= SECTORS:
        raise DataFileError(str(data_path("sectors.json")), f"{_group}: {sorted(set(_SECTORS[_group]) - SECTORS)} "
                                                            "are not sectors")

# Subjects of a clause, active or passive ("rebels attacked", "the town was attacked").
SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass"})
# Subjects that do the act: the active subject and a clausal one ("attacking the base was ...").
AGENT_SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "csubj"})
