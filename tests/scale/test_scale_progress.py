"""What a long ingest shows: log lines without a terminal, nothing with --quiet; the [fetch]/[ingest] options."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from eventwire.errors import OptionsError
from eventwire.model import Failure
from eventwire.options import Options
from eventwire.progress import IngestProgress


def test_progress_without_a_terminal_prints_plain_lines_with_rate_and_failures():
    buffer = io.StringIO()
    with IngestProgress(Console(file=buffer, width=200), total=3, every=0.0) as progress:
        progress(object())
        progress(Failure("a.txt", "empty"))
    lines = buffer.getvalue().splitlines()
    assert progress.mode == "log" and len(lines) == 3  # one per outcome (every=0) and one at the end
    assert lines[-1].startswith("ingesting: 2/3 done (1 stored or unchanged, 1 failed), ")
    assert lines[-1].endswith("articles/s")


def test_progress_quiet_prints_nothing():
    buffer = io.StringIO()
    with IngestProgress(Console(file=buffer), mode="quiet") as progress:
        progress(object())
    assert buffer.getvalue() == "" and progress.done == 1


def test_options_fetch_and_ingest_sections(tmp_path):
    path = tmp_path / "o.toml"
    path.write_text("[fetch]\nrespect_robots = false\nuser_agent = 'lab-bot/1'\n[ingest]\nwrite_batch = 8\n")
    options = Options.load(path)
    assert (options.fetch.respect_robots, options.fetch.user_agent, options.ingest.write_batch) == (False, "lab-bot/1", 8)
    assert options.fetch.timeout == Options().fetch.timeout
    path.write_text("[ingest]\nwrite_batch = 0\n")
    with pytest.raises(OptionsError, match="write_batch must be a whole number >= 1"):
        Options.load(path)
    path.write_text("[fetch]\nrespect_robots = 1\n")
    with pytest.raises(OptionsError, match="respect_robots must be true or false"):
        Options.load(path)
