"""The incident commands of `eventwire` on the seed-style story: events counted as incidents, the
inflation factor, watchlists and alerts (in-process runner, real coder, real SQLite file)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventwire.cli import app
from tests.incidents.test_incidents import STORY


def test_cli_incidents_count_stats_watchlist_alerts(tmp_path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    feed = tmp_path / "story.jsonl"
    feed.write_text("".join(json.dumps({"id": key, "text": text, "source": outlet, "published": published}) + "\n"
                            for key, text, outlet, published in STORY), encoding="utf-8")
    added = runner.invoke(app, ["watchlist", "add", "syria", "--db", db, "--country", "SYR", "--type", "MOBILIZE",
                                "--min-sources", "2"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["ingest", str(feed), "--db", db, "-q"]).exit_code == 0

    reports = json.loads(runner.invoke(app, ["events", "--db", db, "--type", "MOBILIZE", "-f", "json"]).stdout)
    incidents = json.loads(runner.invoke(app, ["events", "--db", db, "--type", "MOBILIZE", "--incidents",
                                               "-f", "json"]).stdout)
    assert len(incidents) < len(reports)
    crossing = next(i for i in incidents if i["factuality"] == "contested")
    assert crossing["independent_sources"] == 3
    own = json.loads(runner.invoke(app, ["events", "--db", db, "--incident", crossing["id"], "-f", "json"]).stdout)
    assert {r["article_id"] for r in own} >= {"wire", "denial", "independent"}
    assert {r["copy_of"] for r in own if r["article_id"] == "republished"} == {"wire"}

    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "-f", "json"]).stdout)
    by_type = {row["value"]: row for row in stats["inflation"]["by_type"]}
    assert by_type["MOBILIZE"]["per_incident"] > 1
    assert "reports per incident" in runner.invoke(app, ["stats", "--db", db]).stdout

    atom = tmp_path / "alerts.xml"
    listed = runner.invoke(app, ["alerts", "--db", db, "--atom", str(atom), "-f", "json"])
    alerts = json.loads(listed.stdout)
    assert [a["incident_id"] for a in alerts if a["kind"] == "new"] == [crossing["id"]]
    assert atom.read_text(encoding="utf-8").count("<entry>") == len(alerts)

    shown = json.loads(runner.invoke(app, ["incidents", "show", crossing["id"], "--db", db]).stdout)
    assert shown["id"] == crossing["id"] and len(shown["reports"]) == crossing["reports"]
    rebuilt = runner.invoke(app, ["incidents", "rebuild", "--db", db])
    assert rebuilt.exit_code == 0 and len(json.loads(runner.invoke(app, ["alerts", "--db", db, "-f", "json"]).stdout)) == len(alerts)
    missing = runner.invoke(app, ["incidents", "show", "inc-nothing", "--db", db])
    assert missing.exit_code == 1 and "inc-nothing: no such incident" in missing.stderr
