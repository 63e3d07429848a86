"""WARC and WARC.gz archives that the tests write with warcio: HTML responses become articles."""

from __future__ import annotations

from io import BytesIO

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.inputs.language import keep_language
from eventwire.inputs.warc import read_warc
from eventwire.model import Article, Failure

REPORT = ("Protesters gathered outside the parliament in Kinshasa on Monday, demanding the release of "
          "detained opposition leaders, witnesses said.")
SPANISH = ("Cientos de manifestantes se reunieron frente al parlamento el lunes para exigir la liberación "
           "de los líderes de la oposición detenidos, dijeron testigos.")


def _html(body: str) -> bytes:
    return f"<html><head><title>Kinshasa</title></head><body><article><p>{body}</p></article></body></html>".encode()


def write_archive(path, gzip: bool) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        def response(uri, body, kind="text/html; charset=utf-8", status="200 OK"):
            http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2025-03-10T08:00:00Z"}))
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
        response("https://news.example/kinshasa", _html(REPORT))
        response("https://news.example/logo.png", b"\x89PNG....", kind="image/png")
        response("https://news.example/old", b"", status="301 Moved Permanently")
        response("https://news.example/es", _html(SPANISH))


@pytest.mark.parametrize("gzip, name", [(False, "a.warc"), (True, "a.warc.gz")])
def test_warc_html_responses_become_articles_the_rest_is_counted(tmp_path, gzip, name):
    write_archive(tmp_path / name, gzip)
    reader = read_warc(tmp_path / name)
    items = list(keep_language(reader))
    article = items[0]
    assert isinstance(article, Article)
    assert (article.url, article.origin, article.published) == (
        "https://news.example/kinshasa", "https://news.example/kinshasa", "2025-03-10")
    assert "parliament in Kinshasa" in article.text
    assert isinstance(items[1], Failure) and items[1].stage == "language" and "'es'" in items[1].error
    assert len(items) == 2
    assert reader.skipped == {"warcinfo record": 1, "not HTML (image/png)": 1, "not HTTP 200": 1}


def test_warc_damaged_file_is_one_failure(tmp_path):
    (tmp_path / "bad.warc").write_bytes(b"this is not an archive\r\n\r\n")
    items = list(read_warc(tmp_path / "bad.warc"))
    assert len(items) == 1 and isinstance(items[0], Failure) and "WARC" in items[0].error
