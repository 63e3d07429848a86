"""The `eventwire` command, run in-process with Typer's runner on real files and a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.datafiles import schema

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

REPORT = (
    "GOMA, March 9 - M23 rebels captured the town of Sake on Sunday after heavy fighting with the "
    "Congolese army, residents said.\n"
    '"The rebels shelled our positions overnight," an army officer told Reuters.\n'
    "The army denied withdrawing from the town."
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x00")
    (tmp_path / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": REPORT.replace("Sake", "Minova"), "published": "2025-03-10"})
        + "\n{broken\n",
        encoding="utf-8",
    )
    return tmp_path


def test_cli_code_prints_a_schema_valid_document(runner, workdir):
    result = runner.invoke(app, ["code", str(workdir / "good.txt"), "--published", "2025-03-10"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(schema("article").iter_errors(document)) == []
    assert document["article"]["published"] == "2025-03-10"
    types = {e["type"] for e in document["events"]}
    assert "ASSAULT" in types
    assert any(q["medium"] == "Reuters" for q in document["quotes"])


def test_cli_code_bad_file_fails_with_one_line_naming_it(runner, workdir):
    result = runner.invoke(app, ["code", str(workdir / "empty.txt")])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "empty.txt" in lines[0] and "empty" in lines[0]


def test_cli_code_jsonl_bad_line_is_named(runner, workdir):
    result = runner.invoke(app, ["code", str(workdir / "batch.jsonl"), "--format", "jsonl"])
    assert result.exit_code == 1
    assert f"{workdir / 'batch.jsonl'}:2" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1  # the good line was still coded


def test_cli_ingest_records_failures_and_is_idempotent(runner, workdir):
    db = workdir / "store.db"
    first = runner.invoke(app, ["ingest", str(workdir), "--db", str(db), "--published", "2025-03-10"])
    assert first.exit_code == 0, first.output
    assert "2 new" in first.stderr and "3 failed" in first.stderr
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        failures = {row[0] for row in conn.execute("SELECT origin FROM failures")}
    assert articles == 2 and events > 0
    assert {str(workdir / "empty.txt"), str(workdir / "binary.txt"), f"{workdir / 'batch.jsonl'}:2"} <= failures

    second = runner.invoke(app, ["ingest", str(workdir), "--db", str(db), "--published", "2025-03-10"])
    assert second.exit_code == 0
    assert "0 new" in second.stderr and "2 unchanged" in second.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == events


def test_cli_events_filters_and_formats(runner, workdir):
    db = workdir / "store.db"
    runner.invoke(app, ["ingest", str(workdir / "good.txt"), "--db", str(db), "--published", "2025-03-10"])
    as_json = runner.invoke(app, ["events", "--db", str(db), "--type", "ASSAULT", "--format", "json"])
    rows = json.loads(as_json.stdout)
    assert rows and {r["type"] for r in rows} == {"ASSAULT"}
    none = runner.invoke(app, ["events", "--db", str(db), "--since", "2030-01-01", "--format", "json"])
    assert json.loads(none.stdout) == []
    as_csv = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(table) >= len(rows) and "type" in table[0]


def test_cli_export_formats(runner, workdir):
    db = workdir / "store.db"
    runner.invoke(app, ["ingest", str(workdir / "good.txt"), "--db", str(db), "--published", "2025-03-10"])
    plover = runner.invoke(app, ["export", "--db", str(db), "--format", "plover-jsonl"])
    records = [json.loads(line) for line in plover.stdout.splitlines()]
    assert records and all({"id", "date", "actor", "event"} <= set(r) for r in records)
    geo = runner.invoke(app, ["export", "--db", str(db), "--format", "geojson", "-o", str(workdir / "e.geojson")])
    assert geo.exit_code == 0
    collection = json.loads((workdir / "e.geojson").read_text())
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_cli_bundled_samples_all_read(runner, tmp_path):
    """The demo's input: every bundled sample is read and coded, none fails."""
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.stderr


@pytest.mark.parametrize("command", ["code", "ingest", "events", "export", "stats", "alerts",
                                     "incidents rebuild", "incidents show", "watchlist add", "watchlist list",
                                     "watchlist remove"])
def test_cli_every_command_documents_an_example(runner, command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_cli_code_refuses_a_named_pipe_and_a_device_at_once(runner, tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["code", str(fifo), "/dev/zero"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 2 and "Traceback" not in result.output
    assert f"{fifo}: read: a named pipe" in lines[0] and "/dev/zero: read: a character device" in lines[1]


def test_cli_failure_line_is_one_line_and_its_markup_is_text():
    from eventwire.cli import failure_line
    from eventwire.model import Failure

    line = failure_line(Failure(origin="[bold]odd[/].txt", error="first\nsecond  [/red] third", stage="read"))
    assert "\n" not in line and "first second" in line and "\\[bold]" in line


def test_cli_run_turns_an_unexpected_error_into_one_line(monkeypatch, capsys):
    from eventwire import cli

    def broken():
        raise RuntimeError("something\nbroke")

    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as info:
        cli.run()
    assert info.value.code == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "internal error: RuntimeError: something broke" in lines[0] and "--debug" in lines[0]


def test_cli_run_with_debug_shows_the_traceback(monkeypatch):
    from eventwire import cli

    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    monkeypatch.setattr(cli, "app", lambda: (_ for _ in ()).throw(RuntimeError("broke")))
    with pytest.raises(RuntimeError, match="broke"):
        cli.run()


def test_cli_run_names_a_file_it_cannot_write(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "empty.db"
    target = tmp_path / "no" / "such" / "dir" / "out.csv"
    done = subprocess.run([sys.executable, "-m", "eventwire.cli", "export", "--db", str(db), "--format", "csv",
                           "-o", str(target)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(target) in lines[0] and "No such file or directory" in lines[0]
