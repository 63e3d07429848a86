"""Watchlists and alerts: each of the four kinds fires once (idempotent on re-ingest and rebuild), alerts
are listed and published as Atom, and webhooks get them through an outbox that survives a receiver being
down (a real HTTP server on loopback, real SQLite file)."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventwire.alerts.deliver import deliver
from eventwire.alerts.feed import ATOM, write_atom
from eventwire.alerts.watchlists import Watchlist
from eventwire.errors import WatchlistError
from eventwire.model import Article, CodedArticle, Entity, Event, EventDate, Place
from eventwire.options import Alerts
from eventwire.store.sqlite import Store

START = date(2025, 1, 6)
# Invented sites in one admin1 area, far enough apart (> 50 km) to be distinct incidents.
SITES = [(f"Site {n}", 10.0 + n * 0.8, 20.0, 9000 + n) for n in range(40)]


def report(article_id: str, type_: str, day: date, site: int, actor: str = "Northern Front",
           source: str = "Desert Wire") -> CodedArticle:
    """One invented article with one event (the shape the coder gives)."""
    name, lat, lon, gid = SITES[site]
    text = f"{actor} fighters were reported near {name} on {day.isoformat()}, officials told {source}."
    who = Entity(name=actor, text=actor, kb_id=actor.lower().replace(" ", "-"), country="XKX", sector="REB",
                 kind="group")
    where = Place(text=name, start=0, end=len(name), name=name, geonameid=gid, lat=lat, lon=lon, country="XKX",
                  admin1="North", feature="city")
    event = Event(id=f"{article_id}-e1", type=type_, mode=None, contexts=[], actors=[who], recipients=[],
                  location=where, date=EventDate(day.isoformat(), day.isoformat(), "on Sunday"),
                  factuality="asserted", claimed_by=None, sentence=1, start=0, end=len(text), text=text,
                  confidence=0.9)
    article = Article(id=article_id, text=text, title=article_id, source=source, published=day.isoformat(),
                      url=f"https://example.org/{article_id}")
    return CodedArticle(article=article, events=[event])


def kinds(store: Store) -> list[str]:
    return sorted(a["kind"] for a in store.alerts())


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "alerts.db") as s:
        s.save_watchlist(Watchlist.from_dict("north", {"countries": ["XKX"]}))
        yield s


def test_alerts_new_incident_fires_once(store) -> None:
    store.ingest(report("a1", "ASSAULT", START, 0))
    assert kinds(store) == ["new"]
    store.ingest(report("a1", "ASSAULT", START, 0))  # the same article again: unchanged
    store.ingest(report("a2", "ASSAULT", START, 0, source="Oasis Post"))  # a second report of it
    store.rebuild_incidents()
    assert kinds(store) == ["new"]


def test_alerts_min_sources_waits_for_a_second_source(tmp_path) -> None:
    with Store(tmp_path / "two.db") as store:
        store.save_watchlist(Watchlist.from_dict("confirmed", {"countries": ["XKX"], "min_sources": 2}))
        store.ingest(report("a1", "ASSAULT", START, 0))
        assert kinds(store) == []
        store.ingest(report("a2", "ASSAULT", START, 0, source="Oasis Post"))
        alerts = store.alerts()
        assert [a["kind"] for a in alerts] == ["new"] and alerts[0]["payload"]["record"]["independent_sources"] == 2


def test_alerts_surge_over_the_trailing_baseline(store) -> None:
    for week in range(4):  # one incident a week
        store.ingest(report(f"b{week}", "ASSAULT", START + timedelta(days=7 * week), week))
    assert "surge" not in kinds(store)
    surge_week = START + timedelta(days=35)
    for n in range(6):
        store.ingest(report(f"s{n}", "ASSAULT", surge_week + timedelta(days=n % 3), 10 + n))
    surges = [a for a in store.alerts() if a["kind"] == "surge"]
    assert len(surges) == 1 and surges[0]["payload"]["count"] >= 3


def test_alerts_escalation_from_verbal_to_material_conflict(store) -> None:
    store.ingest(report("t1", "THREATEN", START, 0))
    store.ingest(report("t2", "ACCUSE", START + timedelta(days=2), 1))
    assert "escalation" not in kinds(store)
    store.ingest(report("x1", "ASSAULT", START + timedelta(days=5), 2))
    assert kinds(store).count("escalation") == 1


def test_alerts_new_actor_in_watched_area(store) -> None:
    store.ingest(report("n1", "ASSAULT", START, 0))
    store.ingest(report("n2", "ASSAULT", START + timedelta(days=3), 1))
    assert "new_actor" not in kinds(store)
    store.ingest(report("n3", "ASSAULT", START + timedelta(days=6), 2, actor="Southern Brigade"))
    actors = [a["payload"]["actor"] for a in store.alerts() if a["kind"] == "new_actor"]
    assert actors == ["Southern Brigade"]


def test_alerts_atom_feed_lists_every_alert(store, tmp_path) -> None:
    store.ingest(report("a1", "ASSAULT", START, 0))
    store.ingest(report("a2", "ASSAULT", START + timedelta(days=9), 5))
    path = write_atom(store.alerts(), tmp_path / "alerts.xml")
    entries = ET.parse(path).getroot().findall(f"{{{ATOM}}}entry")
    assert len(entries) == len(store.alerts()) >= 2
    assert all(e.find(f"{{{ATOM}}}id").text.startswith("urn:eventwire:alert:new|north|") for e in entries
               if e.find(f"{{{ATOM}}}category").get("term") == "new")


@pytest.mark.parametrize("definition, problem", [
    ({"types": ["BOMBING"]}, "not a PLOVER type"),
    ({"countries": ["Syria"]}, "not an ISO 3166 alpha-3 code"),
    ({"bbox": [1, 2, 3]}, "bbox must be"),
    ({"webhooks": ["ftp://x"]}, r"not an http\(s\) URL"),
    ({"colour": "red"}, "unknown field 'colour'"),
])
def test_alerts_bad_watchlist_is_named(definition, problem) -> None:
    with pytest.raises(WatchlistError, match=problem) as info:
        Watchlist.from_dict("mine", definition)
    assert "watchlist 'mine'" in str(info.value)


# --- webhooks ------------------------------------------------------------------------------------


class Receiver:
    """A webhook receiver on loopback that records JSON bodies; it can fail its first `fail` requests."""

    def __init__(self, fail: int = 0):
        self.bodies: list[dict] = []
        self.fail = fail
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                if receiver.fail > 0:
                    receiver.fail -= 1
                    self.send_response(503)
                else:
                    receiver.bodies.append(body)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


FAST = Alerts(retries=3, backoff=0.01, timeout=2.0)


def test_alerts_webhook_retries_with_backoff_until_2xx(tmp_path) -> None:
    waits: list[float] = []
    with Receiver(fail=2) as receiver, Store(tmp_path / "hook.db") as store:
        store.save_watchlist(Watchlist.from_dict("north", {"countries": ["XKX"], "webhooks": [receiver.url]}))
        store.ingest(report("a1", "ASSAULT", START, 0))
        result = deliver(store, FAST, sleep=waits.append)
        assert result.delivered == 1 and result.waiting == 0
        assert waits == [0.01, 0.02]  # two 503s, backoff doubled
        assert [b["alert"] for b in receiver.bodies] == ["new"]
        assert receiver.bodies[0]["record"]["type"] == "ASSAULT"


def test_alerts_webhook_outbox_keeps_alerts_while_receiver_is_down(tmp_path) -> None:
    with Receiver() as probe:  # find a free port, then close it: nobody listens there
        url = probe.url
    with Store(tmp_path / "down.db") as store:
        store.save_watchlist(Watchlist.from_dict("north", {"countries": ["XKX"], "webhooks": [url]}))
        store.ingest(report("a1", "ASSAULT", START, 0))
        store.ingest(report("a2", "ASSAULT", START + timedelta(days=9), 5))
        down = deliver(store, FAST, sleep=lambda s: None)
        assert down.delivered == 0 and down.waiting == 2 and down.errors
        store.conn.execute("UPDATE alert_outbox SET next_at = '2000-01-01'")  # the retry time has come
        host, port = url.split("//")[1].split("/")[0].split(":")
        receiver = Receiver()
        receiver.server.server_close()
        receiver.server = ThreadingHTTPServer((host, int(port)), receiver.server.RequestHandlerClass)
        receiver.thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
        with receiver:
            up = deliver(store, FAST, sleep=lambda s: None)
        assert up.delivered == 2 and up.waiting == 0
        assert sorted(b["incident"] for b in receiver.bodies) == sorted(a["incident_id"] for a in store.alerts())
        assert deliver(store, FAST).delivered == 0  # delivered once, never again
