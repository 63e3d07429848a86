"""Property-based fuzzing (hypothesis) of the readers and the coder with bounded random input (issue #14):
whatever the bytes or the text, a reader yields articles or failures that name the input, and the coder
yields one record per article whose offsets all point into the text. Small example counts: seconds."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Article, CodedArticle, Failure
from eventwire.read import Metadata, article_from_text, read_paths

pytestmark = pytest.mark.slow

WORDS = ["Rebels", "the army", "attacked", "shelled", "Khartoum", "El Fasher", "said", "that", "on Sunday",
         "killing", "10", "civilians", "told Reuters", "according to", "Hamas", "Israel", "and", ",", ".", "\n",
         '"', "\u201c", "\u201d", "'s", "(", ")", "2024-02-30", "last week", "UN", "protested", "met"]
# Characters a hostile text is made of: quote marks, controls, bidi and zero-width marks, symbols, scripts.
ODD = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\x00\x07\x0b\x0c\x1b\x85\u2028\u2029\u200b\u200d\u200f" \
      "\u202e\u2066\ufeff\ufffd\u0301\U0001f4a3\u0627\u4e2d-.,;:!?&<>#@/\\\t\n "
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=ODD, max_size=6),
                          st.text(max_size=8)), max_size=60).map(" ".join)
SETTINGS = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ""]))
def test_fuzz_readers_yield_articles_or_failures_naming_the_input(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        for item in read_paths([path]):
            assert isinstance(item, (Article, Failure))
            if isinstance(item, Failure):
                assert item.origin.startswith(str(path)) and item.error and "\n" not in item.error
            else:
                assert item.text.strip()


@SETTINGS
@given(records=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "html", "published", "title"]),
                    st.one_of(TEXT, st.integers(), st.none(), st.lists(st.integers(), max_size=3)), max_size=5),
    st.recursive(st.integers() | st.text(max_size=5), lambda inner: st.lists(inner, max_size=3), max_leaves=20)),
    max_size=6))
def test_fuzz_jsonl_lines_each_yield_one_record_or_failure(records):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.jsonl"
        lines = [json.dumps(r) for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        items = list(read_paths([path]))
        if any(line.strip() for line in lines):
            assert len(items) == len(lines)
            assert all(isinstance(i, Article) or i.origin.startswith(f"{path}:") for i in items)


@SETTINGS
@given(text=TEXT)
def test_fuzz_coder_gives_one_record_per_article_with_offsets_into_its_text(coder, text):
    try:
        article = article_from_text(text, "fuzz", Metadata(published="2025-05-04"), headers=False)
    except Exception as exc:  # the reader may refuse it (empty after cleaning), with an InputError only
        assert type(exc).__name__ in ("EmptyInputError", "InputError"), exc
        return
    [result] = list(coder.code_many([article]))
    if isinstance(result, Failure):
        assert result.stage and "internal error" not in result.error, result.error
        return
    assert isinstance(result, CodedArticle)
    body = result.article.text
    for quote in result.quotes:
        assert body[quote.start:quote.end] == quote.text
    for record in (*result.events, *result.places, *result.times):
        assert 0 <= record.start <= record.end <= len(body)
    for place in result.places:
        assert body[place.start:place.end] == place.text
