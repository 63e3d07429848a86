"""Research exports of a real store: Parquet read back with DuckDB, ACLED-style CSV, Phoenix TSV, filters."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.datafiles import data_path, read_json
from eventwire.formats import acled, phoenix
from eventwire.formats.parquet import EVENTS_SCHEMA, write_parquet
from eventwire.ingest import ingest
from eventwire.model import PLOVER_TYPES
from eventwire.read import read_paths
from eventwire.store import open_store

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def db(coder, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("formats") / "events.db"
    with open_store(path) as store:
        ingest(read_paths([SAMPLES]), store, coder)
    return path


@pytest.mark.slow
def test_parquet_reads_back_in_duckdb_with_lists_aligned(db, tmp_path):
    with open_store(db) as store:
        expected = store.events()
        counts = write_parquet(store.iter_events(), tmp_path, store=store)
    assert counts["events"] == len(expected) > 10 and counts["places"] > 0 and counts["quotes"] > 0
    con = duckdb.connect()
    events = con.execute(f"SELECT id, type, actor_name, actor_country, len(actor_name) = len(actor_country)"
                         f" FROM '{tmp_path}/events.parquet'").fetchall()
    assert [e[0] for e in events] == [r["id"] for r in expected]
    assert all(e[4] for e in events)
    first = expected[0]
    assert events[0][2] == [a["name"] for a in first["actors"]]
    long_form = con.execute(f"SELECT count(*) FROM '{tmp_path}/event_actors.parquet'").fetchone()[0]
    assert long_form == sum(len(r["actors"]) + len(r["recipients"]) for r in expected)
    joined = con.execute(f"SELECT count(DISTINCT q.article_id) FROM '{tmp_path}/quotes.parquet' q"
                         f" JOIN '{tmp_path}/events.parquet' e USING (article_id)").fetchone()[0]
    assert joined > 0
    assert con.execute(f"DESCRIBE SELECT * FROM '{tmp_path}/events.parquet'").fetchall()[0][0] == EVENTS_SCHEMA.names[0]


def test_acled_mapping_covers_every_plover_type_and_validates():
    document = read_json(data_path("acled_mapping.json"), "acled_mapping")
    assert set(document["types"]) == set(PLOVER_TYPES)
    mapping = acled.load_mapping()
    row = {"type": "ASSAULT", "mode": None, "recipients": [{"sector": "CVL", "name": "civilians"}]}
    assert mapping.target(row)["event_type"] == "Violence against civilians"
    assert mapping.target({"type": "PROTEST", "mode": "riot"})["event_type"] == "Riots"
    assert mapping.target({"type": "CONSULT"}) is None


@pytest.mark.slow
def test_acled_csv_writes_acled_columns_and_counts_what_it_leaves_out(db):
    buffer = io.StringIO(newline="")
    with open_store(db) as store:
        total = len(store.events())
        report = acled.write_acled_csv(store.iter_events(), buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0])[:7] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                                 "event_type", "sub_event_type"]
    assert len(rows) == report.written > 0 and report.written + sum(report.left_out.values()) == total
    assert {r["event_type"] for r in rows} <= {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                               "Protests", "Riots", "Strategic developments"}
    assert all(r["factuality"] == "asserted" for r in rows)


@pytest.mark.slow
def test_phoenix_tsv_one_row_per_dyad_with_cameo_codes(db):
    buffer = io.StringIO(newline="")
    with open_store(db) as store:
        rows = store.events()
        written = phoenix.write_phoenix_tsv(rows, buffer)
    lines = [line.split("\t") for line in buffer.getvalue().splitlines()]
    assert tuple(lines[0]) == phoenix.COLUMNS
    assert written == len(lines) - 1 == sum(max(1, len(r["actors"])) * max(1, len(r["recipients"])) for r in rows)
    body = lines[1:]
    assert all(len(line) == len(phoenix.COLUMNS) and line[13][:2] == line[14] and len(line[1]) == 8 for line in body)


@pytest.mark.slow
def test_cli_export_formats_take_the_events_filters(db, tmp_path):
    with open_store(db) as store:
        assaults = store.events(type="ASSAULT")
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--type", "ASSAULT",
                                 "-o", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    types = duckdb.connect().execute(f"SELECT DISTINCT type FROM '{tmp_path}/pq/events.parquet'").fetchall()
    assert types == [("ASSAULT",)]
    for fmt in ("acled-csv", "phoenix-tsv", "plover-jsonl"):
        result = runner.invoke(app, ["export", "--db", str(db), "-f", fmt, "--type", "assault"])
        assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(assaults) > 0
