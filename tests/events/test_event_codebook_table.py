"""The codebook rewrites are a data table (data/codebook_rewrites.json) read into the Lexicon: the coder
follows the table, an unknown condition is a data error naming the file, and an unknown cue name raises."""

from __future__ import annotations

from dataclasses import replace

import pytest

from eventwire.events.codebook import CONDITIONS
from eventwire.events.lexicon import load_lexicon
from eventwire.pipeline import Coder
from eventwire.read import Metadata, article_from_text

PROMISE = "Germany will send humanitarian aid to Sudan, the foreign ministry said on Monday."


def test_packaged_table_rows_name_known_conditions_and_cues() -> None:
    lexicon = load_lexicon()
    assert [r.type for r in lexicon.rewrites] == ["AGREE", "THREATEN", "REJECT", "REJECT"]
    for row in lexicon.rewrites:
        assert row.when in CONDITIONS and lexicon.cue(row.types_cue)


def test_unknown_cue_name_raises_naming_the_file() -> None:
    with pytest.raises(KeyError, match="no coding cue 'promised_as_agre' in .*coding_cues.json"):
        load_lexicon().cue("promised_as_agre")


@pytest.fixture(scope="module")
def coders(coder):
    lexicon = load_lexicon()
    without_agree = replace(lexicon, rewrites=tuple(r for r in lexicon.rewrites if r.type != "AGREE"))
    bad = replace(lexicon, rewrites=(replace(lexicon.rewrites[0], when="promisd"),))
    make = lambda lex: Coder(resources=replace(coder.resources, lexicon=lex))  # noqa: E731
    return coder, make(without_agree), make(bad)


def code(coder):
    return coder.code(article_from_text(PROMISE, "p", Metadata(published="2025-03-10"), headers=False)).events


@pytest.mark.slow
def test_the_coder_follows_the_table(coders) -> None:
    default, without_agree, _bad = coders
    assert [(e.type, e.factuality) for e in code(default)] == [("AGREE", "asserted")]
    assert [(e.type, e.factuality) for e in code(without_agree)] == [("AID", "planned")]


@pytest.mark.slow
def test_unknown_condition_is_a_data_error(coders) -> None:
    from eventwire.errors import StageError

    with pytest.raises(StageError, match="codebook_rewrites.json: rewrite .*unknown condition 'promisd'"):
        code(coders[2])
