"""Readers: files in, `Article` records out (plain text, HTML, JSON Lines, or a directory of them).

Bytes are decoded here, before any string step (UTF-8, then a detected legacy charset), so that a
document that is not text fails with an `InputError` naming the file instead of turning into noise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.clean import clean_text
from eventwire.errors import EmptyInputError, EncodingError, InputError, NoArticleError
from eventwire.model import Article, Failure

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Optional header block at the top of a plain-text file ("Title: ...", "Published: 2024-12-01", ...).
_HEADER_LINE = re.compile(r"^(title|source|published|date|url|id):\s*(.*)$", re.IGNORECASE)
# Fewer words than this after boilerplate removal is a navigation stub or an error page, not a report.
MIN_ARTICLE_WORDS = 8
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class Metadata:
    """What a caller knows about a document beyond its text (CLI flags, JSONL fields)."""

    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    id: str | None = None


def iter_paths(paths: list[str | Path]) -> Iterator[Path]:
    """Expand directories into the supported files they contain, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def read_paths(
    paths: list[str | Path], meta: Metadata | None = None
) -> Iterator[Article | Failure]:
    """Every article in `paths`; unreadable documents come out as `Failure`, not exceptions."""
    for path in iter_paths(paths):
        try:
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from read_jsonl(path)
            else:
                yield read_file(path, meta)
        except InputError as exc:
            yield Failure(origin=exc.origin, error=exc.problem)


def read_file(path: str | Path, meta: Metadata | None = None) -> Article:
    """Read one plain-text or HTML file (by suffix; unknown suffixes are sniffed)."""
    path = Path(path)
    data = _read_bytes(path)
    if path.suffix.lower() in HTML_SUFFIXES or (
        path.suffix.lower() not in TEXT_SUFFIXES and _looks_like_html(data)
    ):
        return article_from_html(data, str(path), meta)
    return article_from_text(decode_bytes(data, str(path)), str(path), meta)


def read_jsonl(path: str | Path) -> Iterator[Article | Failure]:
    """One article per line: `id`, `url`, `title`, `source`, `published`, and `text` or `html`."""
    path = Path(path)
    text = decode_bytes(_read_bytes(path), str(path))
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            yield article_from_record(_parse_json_line(line, origin), origin)
        except InputError as exc:
            yield Failure(origin=exc.origin, error=exc.problem)


def article_from_record(record: dict, origin: str) -> Article:
    """Build an article from a JSON object (a JSONL line or an API request body)."""
    meta = Metadata(
        title=_opt_str(record.get("title")),
        url=_opt_str(record.get("url")),
        source=_opt_str(record.get("source")),
        published=_opt_str(record.get("published")),
        id=_opt_str(record.get("id")),
    )
    if isinstance(record.get("text"), str):
        return article_from_text(record["text"], origin, meta, headers=False)
    if isinstance(record.get("html"), str):
        return article_from_html(record["html"].encode("utf-8"), origin, meta)
    raise InputError(origin, "the record has neither a 'text' nor an 'html' string field")


def article_from_text(
    text: str, origin: str, meta: Metadata | None = None, headers: bool = True
) -> Article:
    """An article from plain text, with an optional `Title:`/`Published:` header block on top."""
    found = Metadata()
    if headers:
        found, text = _split_headers(text)
    return _make_article(text, origin, _merge(meta, found))


def article_from_html(data: bytes, origin: str, meta: Metadata | None = None) -> Article:
    """Main text and metadata (title, date, site name, url) from an HTML page, via trafilatura."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, favor_precision=True
    )
    body = getattr(document, "text", None) if document is not None else None
    if not body or len(body.split()) < MIN_ARTICLE_WORDS:
        raise NoArticleError(origin, "no article text found in the HTML (is it a front page or an error page?)")
    found = Metadata(
        title=document.title,
        url=document.url,
        source=document.sitename,
        published=document.date if document.date and _ISO_DATE.match(document.date) else None,
    )
    return _make_article(body, origin, _merge(meta, found))


def decode_bytes(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM), else the charset that charset-normalizer detects, else an error."""
    if not data.strip():
        raise EmptyInputError(origin, "the file is empty")
    if b"\x00" in data[:4096]:
        raise EncodingError(origin, "binary data (NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # comes with trafilatura

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise EncodingError(origin, "undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best)


def _make_article(raw_text: str, origin: str, meta: Metadata) -> Article:
    text, warnings = clean_text(raw_text)
    if not text:
        raise EmptyInputError(origin, "no text left after cleaning")
    published = meta.published
    if published is not None and not _ISO_DATE.match(published):
        published = _normalise_date(published, origin)
    article = Article(
        id="",
        text=text,
        title=meta.title,
        url=meta.url,
        source=meta.source,
        published=published,
        warnings=warnings,
        origin=origin,
    )
    article.id = meta.id or article.content_hash()[:16]
    return article


def _normalise_date(value: str, origin: str) -> str:
    """Accept full timestamps ('2024-12-01T10:00:00Z') and keep the date; reject anything else."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", value.strip())
    if match:
        return match.group(1)
    raise InputError(origin, f"published date {value!r} is not YYYY-MM-DD")


def _split_headers(text: str) -> tuple[Metadata, str]:
    lines = text.lstrip("\ufeff").split("\n")
    fields: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index].strip())
        if not match:
            break
        fields[match.group(1).lower()] = match.group(2).strip()
        index += 1
    if not fields or (index < len(lines) and lines[index].strip()):
        return Metadata(), text  # no header block, or not followed by a blank line: it is body text
    meta = Metadata(
        title=fields.get("title"),
        url=fields.get("url"),
        source=fields.get("source"),
        published=fields.get("published") or fields.get("date"),
        id=fields.get("id"),
    )
    return meta, "\n".join(lines[index + 1 :])


def _merge(explicit: Metadata | None, found: Metadata) -> Metadata:
    """What the caller says wins over what the document says about itself."""
    explicit = explicit or Metadata()
    return Metadata(
        **{name: getattr(explicit, name) or getattr(found, name) for name in Metadata.__slots__}
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _parse_json_line(line: str, origin: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(origin, "a JSONL line must be a JSON object")
    return record


def _opt_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
