"""The `[limits]` options (docs/limits.md): capped reads, hard limits refused with one line naming the input
and the limit, soft limits coded with a warning on the article, and the per-document time budget."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from pathlib import Path

import pytest

from eventwire.budget import checkpoint, time_budget
from eventwire.errors import InputError, LimitError, TimeBudgetExceeded
from eventwire.model import CodedArticle, Failure
from eventwire.options import Limits, Options
from eventwire.parse import make_doc, split_parts
from eventwire.read import Metadata, article_from_text, read_file, read_jsonl, read_paths

REPORT = ("KHARTOUM, May 3 - The Rapid Support Forces shelled the city of El Fasher on Sunday, killing at least "
          "ten civilians, local officials said.")


def article(text: str, id: str = "a1"):
    return article_from_text(text, id, Metadata(published="2025-05-04", id=id), headers=False)


@pytest.fixture()
def limited(coder, monkeypatch):
    """The session's coder under other `[limits]` (restored after the test)."""

    def use(**changes) -> Limits:
        options = dataclasses.replace(coder.options, limits=dataclasses.replace(coder.options.limits, **changes))
        monkeypatch.setattr(coder, "options", options)
        monkeypatch.setattr(coder.stages, "options", options)
        return options.limits

    return use


# ------------------------------------------------------------------------------------------ reading
def test_read_refuses_a_named_pipe_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    [failure] = list(read_paths([fifo]))
    assert time.monotonic() - started < 2
    assert failure.origin == str(fifo) and "named pipe" in failure.error


def test_read_refuses_a_device_without_reading_it(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    for path in (Path("/dev/zero"), link):
        with pytest.raises(InputError, match="character device"):
            read_file(path)


def test_read_lists_a_pipe_inside_a_directory_as_a_failure(tmp_path):
    (tmp_path / "good.txt").write_text(REPORT)
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(read_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "Failure"]


def test_read_caps_the_bytes_of_a_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(REPORT * 10)
    with pytest.raises(LimitError) as info:
        read_file(path, limits=Limits(max_bytes=500))
    assert str(path) in str(info.value) and "500 bytes" in str(info.value) and "max_bytes" in str(info.value)
    assert read_file(path, limits=Limits(max_bytes=5000)).text.startswith("KHARTOUM")


def test_read_jsonl_caps_each_line_and_reads_the_others(tmp_path):
    path = tmp_path / "batch.jsonl"
    records = [{"id": "a", "text": REPORT}, {"id": "huge", "text": REPORT * 50}, {"id": "c", "text": REPORT}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    items = list(read_jsonl(path, Limits(max_bytes=1000)))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "c"]
    assert items[1].origin == f"{path}:2" and "max_bytes" in items[1].error


@pytest.mark.parametrize("line, words", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"text": "x", "tags": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
    ('{"id": ' + "9" * 100_000 + ', "text": "x"}', "digits"),
])
def test_read_jsonl_pathological_lines_are_one_line_input_errors(tmp_path, line, words):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n" + json.dumps({"id": "ok", "text": REPORT}) + "\n", encoding="utf-8")
    failure, good = list(read_jsonl(path))
    assert isinstance(failure, Failure) and failure.origin == f"{path}:1" and words in failure.error
    assert "\n" not in failure.error and len(failure.error) < 200
    assert good.id == "ok"


def test_read_jsonl_splits_lines_at_newlines_only(tmp_path):
    path = tmp_path / "seps.jsonl"
    record = {"id": "ls", "text": REPORT + "\u2028" + REPORT + "\x0b\x85 end"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [item] = list(read_jsonl(path))
    assert item.id == "ls"


def test_read_utf16_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(REPORT.encode("utf-16"))
    assert read_file(path).text == REPORT
    jsonl = tmp_path / "wide.jsonl"
    jsonl.write_bytes((json.dumps({"id": "w", "text": REPORT}) + "\n").encode("utf-16"))
    assert [a.id for a in read_jsonl(jsonl)] == ["w"]


@pytest.mark.parametrize("date", ["2024-02-30", "2024-13-01", "0000-01-01", "2023-02-29", "2024-02-30T10:00:00Z"])
def test_read_impossible_publication_dates_are_input_errors(tmp_path, date):
    path = tmp_path / "dates.jsonl"
    path.write_text(json.dumps({"id": "d", "text": REPORT, "published": date}) + "\n", encoding="utf-8")
    [failure] = list(read_jsonl(path))
    assert isinstance(failure, Failure) and failure.stage == "read"
    assert "not a calendar date" in failure.error and "internal error" not in failure.error


def test_read_strips_spaces_before_line_breaks_in_linear_time():
    started = time.monotonic()
    text = article(" \t" * 500_000 + REPORT).text
    assert text == REPORT and time.monotonic() - started < 2


# ------------------------------------------------------------------------------------------ tokenizing
def test_make_doc_matches_spacy_on_prose_and_is_linear_on_space_free_runs(coder):
    prose = (REPORT + ' "We will stay," he said (in Omdurman) -- at 5:30 p.m. on www.example.org/a-b, '
             "https://www.example.org/news/2025/05/03/sudan-rsf-shells-el-fasher-killing-ten.html "
             "#BoycottAllstate@davidhogg111#BoycottIngramAdverts")
    assert [t.text for t in make_doc(coder.nlp, prose, 40, 20)] == [t.text for t in coder.nlp.make_doc(prose)]
    for run in ("'s" * 50_000, '"' * 100_000, "?!.,;:" * 20_000, "\U0001f4a3" * 50_000):
        text = f"The army said {run} today."
        started = time.monotonic()
        doc = make_doc(coder.nlp, text, 40, 20)
        assert time.monotonic() - started < 3, run[:6]
        assert doc.text == text


def test_split_parts_cuts_at_paragraph_breaks_and_joins_back():
    text = "\n".join(f"Paragraph {n}. " + "word " * (n % 7 * 20) for n in range(300))
    parts = split_parts(text, 1000)
    assert "".join(parts) == text and all(len(p) <= 1000 for p in parts)
    assert all(p.endswith("\n") for p in parts[:-1])
    one_line = "Word and word. " * 400
    assert "".join(split_parts(one_line, 1000)) == one_line


# ------------------------------------------------------------------------------------------ coding
def test_coder_refuses_a_document_over_max_chars_naming_input_and_limit(coder, limited):
    limited(max_chars=1000)
    long = article(" ".join([REPORT] * 20), id="long")
    [failure, coded] = list(coder.code_many([long, article(REPORT, id="short")]))
    assert isinstance(failure, Failure) and failure.origin == "long"
    assert "over the limit of 1000" in failure.error and "[limits] max_chars" in failure.error
    assert "E088" not in failure.error and "max_length" not in failure.error
    assert isinstance(coded, CodedArticle) and coded.events
    with pytest.raises(LimitError, match="max_chars"):
        coder.code(long)


def test_coder_refuses_a_document_over_max_tokens(coder, limited):
    limited(max_tokens=500)
    [failure] = list(coder.code_many([article("?! " * 400, id="marks")]))
    assert isinstance(failure, Failure) and "800 tokens" in failure.error and "max_tokens" in failure.error


def test_coder_parses_a_long_document_in_parts_with_a_warning(coder, limited):
    limited(part_chars=1000)
    text = "\n".join([REPORT] * 30)
    coded = coder.code(article(text))
    whole = coder.code(article(REPORT))
    [warning] = [w for w in coded.article.warnings if w.kind == "limit"]
    assert "parts" in warning.message and "part_chars" in warning.message
    assert coded.article.text == text and len(coded.events) >= 30
    for event in coded.events:
        assert text[event.start:event.end].strip() == event.text
    assert {e.type for e in coded.events} == {e.type for e in whole.events}


def test_coder_parses_again_with_cut_sentences_only_a_text_whose_parse_has_a_longer_one(coder):
    limit = coder.options.limits.max_sentence_tokens
    endless = article("The army " + " and ".join(["attacked the town"] * 400))
    doc = coder.parse(endless)
    assert max(len(s) for s in doc.sents) <= limit and doc.text == endless.text
    assert any("max_sentence_tokens" in w.message for w in coder.code(endless).article.warnings)
    # "said.…KHARTOUM": full stops the parser does not split at (NEL read as an ellipsis) are cut too
    glued = article("…".join([REPORT] * 30))
    assert max(len(s) for s in coder.parse(glued).sents) <= limit
    prose = article(" ".join(["Rebels attacked the town and the army said that it had withdrawn."] * 40))
    assert [(s.start, s.end) for s in coder.parse(prose).sents] == [(s.start, s.end) for s in coder.nlp(prose.text).sents]
    assert not any(w.kind == "limit" for w in coder.code(prose).article.warnings)


def test_coder_keeps_max_quotes_and_says_so(coder, limited):
    limited(max_quotes=3)
    text = "\n".join(f'"We attacked the town {n} times," a commander told Reuters.' for n in range(10))
    coded = coder.code(article(text))
    assert len(coded.quotes) == 3
    assert any("max_quotes" in w.message for w in coded.article.warnings)


def test_coder_keeps_max_candidates_and_says_so(coder, limited):
    limited(max_candidates=4)
    text = "\n".join(f"Rebels attacked the village of Tawila on Sunday, killing {n} people." for n in range(3, 13))
    coded = coder.code(article(text))
    assert 1 <= len(coded.events) <= 4
    assert any("max_candidates" in w.message for w in coded.article.warnings)


# ------------------------------------------------------------------------------------------ time budget
class SlowTyper:
    """Takes forever on the sentence that mentions Nyala (a stand-in for a quadratic path)."""

    name = "slow"

    def propose(self, sentence, coding, proposed):
        while "Nyala" in sentence.text:
            time.sleep(0.01)
        return proposed


def test_time_budget_turns_a_runaway_document_into_a_failure_of_its_stage(coder):
    from eventwire.pipeline import Stages

    stages = Stages(coder.resources, typers=(SlowTyper(),), options=coder.options)
    slow, fine = article("Rebels shelled Nyala on Sunday.", "slow"), article(REPORT, "fine")
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded) as info:
        with time_budget(0.5):
            stages.code_doc(slow, coder.nlp(slow.text))
    assert time.monotonic() - started < 3  # the alarm interrupted the loop (main thread)
    assert info.value.stage == "events" and "time_budget" in str(info.value)
    with time_budget(5):
        assert isinstance(stages.code_doc(fine, coder.nlp(fine.text)), CodedArticle)


def test_time_budget_in_a_worker_thread_stops_at_the_next_checkpoint(coder, limited):
    limited(time_budget=0.000001)
    results = []
    worker = threading.Thread(target=lambda: results.extend(coder.code_many([article(REPORT, "t1")])))
    worker.start()
    worker.join(60)
    [failure] = results
    assert isinstance(failure, Failure) and failure.stage in {"actors", "places", "times", "quotes", "events"}
    assert "time budget" in failure.error


def test_checkpoint_without_a_budget_does_nothing():
    checkpoint()
    with time_budget(0):
        checkpoint()
