"""Readers: plain text (with header block), HTML, JSONL, directories, and bad input."""

import json

import pytest

from eventwire.errors import EmptyInputError, EncodingError, InputError, NoArticleError
from eventwire.model import Failure
from eventwire.read import Metadata, read_file, read_paths

BODY = "KHARTOUM, March 3 - Fighters attacked a market on Sunday, residents said.\nThe army denied it."

HTML = """<!doctype html><html><head><title>Market attacked | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2025-03-03T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Market attacked near Khartoum</h1>
<p>Fighters attacked a crowded market south of Khartoum on Sunday, killing at least twelve people,
residents and medical workers said.</p>
<p>The army said its units had repelled the attackers and denied that soldiers had fired on civilians.
A spokesman for the paramilitary group said the fighting had been started by the army.</p>
<p>Aid agencies said they had not been able to reach the area since the clashes began late on Saturday.</p>
</article><footer>Copyright Example Wire. All rights reserved.</footer></body></html>"""


def test_read_plain_text_with_flags(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(BODY, encoding="utf-8")
    article = read_file(path, Metadata(published="2025-03-03", source="Example Wire"))
    assert article.text == BODY
    assert article.published == "2025-03-03"
    assert article.source == "Example Wire"
    assert article.id and article.origin == str(path)


def test_read_plain_text_header_block(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(f"Title: Market attacked\nPublished: 2025-03-03\nSource: Example Wire\n\n{BODY}")
    article = read_file(path)
    assert (article.title, article.published, article.source) == ("Market attacked", "2025-03-03", "Example Wire")
    assert article.text == BODY


def test_read_flags_win_over_header_block(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(f"Published: 2025-03-03\n\n{BODY}")
    assert read_file(path, Metadata(published="2025-03-04")).published == "2025-03-04"


def test_read_html_extracts_body_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = read_file(path)
    assert "crowded market" in article.text
    assert "All rights reserved" not in article.text and "Home" not in article.text.split()
    assert article.published == "2025-03-03"
    assert article.source == "Example Wire"


def test_read_jsonl_good_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": BODY, "published": "2025-03-03"}),
        "{not json",
        json.dumps({"id": "a3", "title": "no body"}),
        json.dumps({"id": "a4", "html": HTML}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_paths([path]))
    assert [getattr(i, "id", None) for i in items] == ["a1", None, None, "a4"]
    failures = [i for i in items if isinstance(i, Failure)]
    assert failures[0].origin == f"{path}:2" and "not JSON" in failures[0].error
    assert failures[1].origin == f"{path}:3" and "'text'" in failures[1].error


def test_read_directory_reads_supported_files_only(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.html").write_text(HTML)
    (tmp_path / "notes.csv").write_text("x,y")
    items = list(read_paths([tmp_path]))
    assert len(items) == 2 and not any(isinstance(i, Failure) for i in items)


@pytest.mark.parametrize(
    "content, error, words",
    [
        (b"", EmptyInputError, "empty"),
        (b"   \n\n", EmptyInputError, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", EncodingError, "binary"),
        (bytes(range(128, 256)) * 8, EncodingError, "undecodable"),
    ],
)
def test_read_bad_files_name_the_file_and_problem(tmp_path, content, error, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        read_file(path)
    assert str(path) in str(info.value) and words in str(info.value)


def test_read_html_without_article(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(NoArticleError, match="no article text"):
        read_file(path)


def test_read_missing_file_is_a_failure_not_a_crash(tmp_path):
    items = list(read_paths([tmp_path / "nope.txt"]))
    assert isinstance(items[0], Failure) and "no such file" in items[0].error


def test_read_rejects_bad_published_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY)
    with pytest.raises(InputError, match="not YYYY-MM-DD"):
        read_file(path, Metadata(published="yesterday"))


def test_read_decodes_legacy_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    text = "Le président a condamné l'attaque près de Gao, a déclaré un porte-parole du gouvernement."
    path.write_bytes(text.encode("cp1252"))
    assert read_file(path).text == text
