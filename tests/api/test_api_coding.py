"""POST /code and POST /articles: the CLI's document shape, the write token, limits."""

from __future__ import annotations

import json

import pytest

from eventwire.api import Settings
from eventwire.read import article_from_record
from service import TOKEN, client, running

REPORT = {"id": "post-test-1", "title": "Clashes near Kadugli", "source": "Test Wire", "published": "2025-05-02",
          "text": "KADUGLI, May 2 (Test Wire) - Sudanese army forces clashed with SPLM-N fighters near Kadugli "
                  "on Thursday, killing four soldiers, a military spokesman said."}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_api_code_returns_the_cli_document_and_stores_nothing(http, coder, store):
    body = http.post("/code", json=REPORT)
    assert body.status_code == 200
    assert body.json() == coder.code(article_from_record(REPORT, "request")).to_dict()
    assert store.document(REPORT["id"]) is None


def test_api_code_equals_what_eventwire_code_prints(http, coder, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import eventwire.cli as cli

    monkeypatch.setattr(cli, "_coder", lambda: coder)  # the CLI's own code path, without a second load
    report = tmp_path / "report.txt"
    report.write_text(REPORT["text"], encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["code", str(report), "--published", REPORT["published"],
                                          "--title", REPORT["title"], "--source", REPORT["source"]])
    assert result.exit_code == 0, result.output
    request = {k: REPORT[k] for k in ("text", "published", "title", "source")}
    assert http.post("/code", json=request).json() == json.loads(result.stdout)


def test_api_code_batch_as_json_lines_returns_a_list(http):
    second = {**REPORT, "id": "post-test-2", "text": REPORT["text"].replace("Thursday", "Friday")}
    lines = "\n".join(json.dumps(r) for r in (REPORT, second))
    body = http.post("/code", content=lines, headers={"Content-Type": "application/x-ndjson"}).json()
    assert [d["article"]["id"] for d in body] == ["post-test-1", "post-test-2"]


def test_api_post_articles_needs_the_token(http):
    for headers in ({}, {"Authorization": "Bearer wrong-token-xxxx"}, {"Authorization": TOKEN}):
        response = http.post("/articles", json=REPORT, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


def test_api_post_articles_stores_once_then_unchanged(http, store):
    doc = {**REPORT, "id": "post-test-stored"}
    first = http.post("/articles", json=doc, headers=AUTH)
    assert first.status_code == 201
    result = first.json()["results"][0]
    assert result["status"] == "inserted" and result["article_id"] == "post-test-stored"
    assert result["document"] == store.document("post-test-stored")
    again = http.post("/articles", json=doc, headers=AUTH)
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "unchanged"
    assert http.get("/events", params={"article": "post-test-stored"}).json()["events"] or result["events"] == 0


def test_api_read_only_without_a_token(api_db):
    with running(Settings(db=api_db)) as base, client(base) as c:
        response = c.post("/articles", json=REPORT, headers=AUTH)
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]
        assert c.get("/version").json()["writable"] is False


def test_api_batch_over_the_limit_is_413(http):
    lines = "\n".join(json.dumps({**REPORT, "id": f"b{i}"}) for i in range(6))  # the test server allows 5
    response = http.post("/articles", content=lines, headers={**AUTH, "Content-Type": "application/x-ndjson"})
    assert response.status_code == 413
    assert response.json()["detail"] == "batch of 6 articles is over the limit of 5 per request"


def test_api_body_over_the_limit_is_413_before_it_is_read(http):
    big = {**REPORT, "text": "word " * 50_000}  # 250 kB > the test server's 200 kB
    for path in ("/code", "/articles"):
        response = http.post(path, json=big, headers=AUTH)
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert "over the limit of 200000 bytes" in response.json()["detail"]


@pytest.mark.parametrize("body, content_type, status, detail", [
    (b"{not json", "application/json", 400, "body: not JSON"),
    (b'{"title": "no text"}', "application/json", 422, "request: the record has neither"),
    (b'[1, 2]', "application/json", 400, "article 1: expected a JSON object"),
    (b"\xff\xfe", "application/json", 400, "body: not UTF-8"),
    (b'{"html": "<html><body><nav>Home</nav></body></html>"}', "application/json", 422, "request: no article text"),
])
def test_api_code_bad_bodies_are_problems(http, body, content_type, status, detail):
    response = http.post("/code", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith(detail)


def test_api_code_refuses_a_document_over_the_character_limit_naming_it(http, coder):
    limit = coder.options.limits.max_chars
    long = {**REPORT, "id": "too-long", "text": (REPORT["text"] + "\n") * (limit // len(REPORT["text"]) + 2)}
    response = http.post("/code", json=long)  # under the API's body-size limit: the coder refuses it
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert "[limits] max_chars" in response.json()["detail"] and "E088" not in response.text


def test_api_code_impossible_publication_date_is_a_422_not_a_500(http):
    response = http.post("/code", json={**REPORT, "published": "2024-02-30"})
    assert response.status_code == 422 and "not a calendar date" in response.json()["detail"]
