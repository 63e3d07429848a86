"""`eventwire ingest` refuses contradictory scale options with one clear line, before loading anything."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from eventwire.cli import app


@pytest.mark.parametrize("args, message", [
    (["ingest", "--workers", "2", "x.txt"], "--workers and --scheduler need --executor dask"),
    (["ingest", "--scheduler", "tcp://127.0.0.1:1", "x.txt"], "--workers and --scheduler need --executor dask"),
    (["ingest"], "nothing to ingest: give files, --feed, --url or --warc"),
])
def test_cli_ingest_scale_options_are_checked(args, message, tmp_path):
    result = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 2 and message in result.output
