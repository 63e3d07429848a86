"""Security defaults: loopback, CSP and friends on every response, no CORS unless configured,
errors as problem details without tracebacks, query timeouts."""

from __future__ import annotations

import inspect

import pytest

from eventwire.api import Settings, serve
from eventwire.api.queries import EventFilter, Reader
from eventwire.api.problems import ServiceUnavailable
from service import client, running


def test_api_serves_on_loopback_by_default():
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    from eventwire.cli import serve as cli_serve

    assert inspect.signature(cli_serve).parameters["host"].default == "127.0.0.1"
    assert Settings().writable is False


@pytest.mark.parametrize("path", ["/events", "/ui/", "/docs", "/no-such-route", "/ui/vendor/leaflet/leaflet.js"])
def test_api_every_response_has_the_security_headers(http, path):
    headers = http.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_api_sends_no_cors_headers_unless_configured(http, api_db):
    response = http.get("/events", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    allowed = "http://notebook.localhost:8888"
    with running(Settings(db=api_db, cors_origins=(allowed,))) as base, client(base) as c:
        ok = c.get("/events", headers={"Origin": allowed})
        assert ok.headers["access-control-allow-origin"] == allowed
        other = c.get("/events", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/no-such-route", 404), ("DELETE", "/events", 405), ("GET", "/events?limit=abc", 400),
    ("GET", "/articles/nope", 404), ("PUT", "/articles", 405),
])
def test_api_errors_are_problem_details_without_tracebacks(http, method, path, status):
    response = http.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert "Traceback" not in response.text and ".py" not in response.text


def test_api_a_query_over_its_time_budget_is_interrupted(api_db):
    reader = Reader(api_db, timeout=0.0)
    with pytest.raises(ServiceUnavailable, match="longer than 0 s"):
        with reader.budget():
            reader.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                "SELECT count(*) FROM (SELECT i FROM n LIMIT 10000000)").fetchone()
    with reader.budget():  # the budget is per call, not spent for good
        reader.timeout = 30
        assert reader.events(EventFilter(), limit=1).rows
