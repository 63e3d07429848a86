"""Coding request bodies: one lazily loaded `Coder` per process (loading takes seconds), used under a
lock (a spaCy pipeline is not meant to be shared between threads mid-document)."""

from __future__ import annotations

import json
import threading
from typing import Any

from eventwire.api.problems import BadRequest, PayloadTooLarge
from eventwire.model import Article, CodedArticle, Failure
from eventwire.read import article_from_record

_lock = threading.Lock()
_coder = None


def coder():
    """The process's Coder, built on first use."""
    global _coder
    with _lock:
        if _coder is None:
            from eventwire.pipeline import Coder  # heavy: spaCy, the knowledge base, the gazetteer

            _coder = Coder()
        return _coder


def use_coder(instance) -> None:
    """Use an already built Coder (tests, or an application that has one)."""
    global _coder
    with _lock:
        _coder = instance


def coder_loaded() -> bool:
    return _coder is not None


def read_records(body: bytes, content_type: str, max_batch: int) -> tuple[list[dict[str, Any]], bool]:
    """The article records of a request body: a JSON object, a JSON array of objects, or JSON Lines
    (`application/x-ndjson` / `application/jsonl`, one object per line). Each needs `text` or `html`.
    Returns the records and whether the body was a batch (an array or JSON Lines)."""
    text = _decode(body)
    batch = "ndjson" in content_type or "jsonl" in content_type
    if batch:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append(_parse(line, f"line {number}"))
    else:
        value = _parse(text, "body")
        batch = isinstance(value, list)
        records = value if batch else [value]
    if not records:
        raise BadRequest("body: no article in the request")
    if len(records) > max_batch:
        raise PayloadTooLarge(f"batch of {len(records)} articles is over the limit of {max_batch} per request",
                              limit=max_batch)
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise BadRequest(f"article {number}: expected a JSON object with a 'text' or 'html' field")
    return records, batch


def to_articles(records: list[dict[str, Any]], origin: str) -> list[Article]:
    """Articles from records (InputError, a 422, names the record that cannot be read)."""
    articles = []
    for number, record in enumerate(records, start=1):
        articles.append(article_from_record(record, f"{origin}[{number}]" if len(records) > 1 else origin))
    return articles


def code_articles(articles: list[Article]) -> list[CodedArticle | Failure]:
    instance = coder()
    with _lock:
        if len(articles) == 1:
            return [instance.code(articles[0])]
        return list(instance.code_many(articles, n_process=1))


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"body: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"{where}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
