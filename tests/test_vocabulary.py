"""One definition of each shared vocabulary: the sector list and its groups (data/sectors.json) agree
with the data files' schemas, and the stages use the same objects."""

from __future__ import annotations

from eventwire import vocabulary
from eventwire.datafiles import schema


def test_sector_groups_are_sectors() -> None:
    assert vocabulary.ARMED_SECTORS <= vocabulary.SECTORS and vocabulary.STATE_SECTORS <= vocabulary.SECTORS
    assert {"MIL", "REB", "COP"} <= vocabulary.ARMED_SECTORS and "GOV" not in vocabulary.ARMED_SECTORS


def test_schemas_allow_exactly_the_plover_sectors() -> None:
    allowed = set(schema("actors").schema["$defs"]["sector"]["enum"])
    assert allowed == vocabulary.SECTORS - {"INS", "SEP"}  # CAMEO's codes come only from imported dictionaries


def test_stages_share_the_definitions() -> None:
    from eventwire.actors import mentions
    from eventwire.events import arguments
    from eventwire.quotes import speakers

    assert mentions.ARMED_SECTORS is arguments.ARMED_SECTORS is vocabulary.ARMED_SECTORS
    assert mentions.SUBJECT_DEPS is speakers.SUBJECT_DEPS is vocabulary.SUBJECT_DEPS
