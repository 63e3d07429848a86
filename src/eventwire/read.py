"""Readers: files in, `Article` records out (plain text, HTML, JSON Lines, or a directory of them).

Bytes are decoded here, before any string step (UTF-8, then a detected legacy charset), so that a
document that is not text fails with an `InputError` naming the file instead of turning into noise.
"""

from __future__ import annotations

import codecs
import datetime
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from eventwire.clean import clean_text
from eventwire.errors import EmptyInputError, EncodingError, InputError, LimitError, NoArticleError
from eventwire.model import Article, Failure

if TYPE_CHECKING:  # options imports the places package, and with it spaCy: not needed to read a file
    from eventwire.options import Limits

log = logging.getLogger(__name__)

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
    """Expand directories into the supported files they contain, in a stable order. A named pipe or a
    device among them is listed too, so that reading it fails with a line saying what it is."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SUPPORTED_SUFFIXES and not child.is_dir():
                    yield child
        else:
            yield path


def read_paths(
    paths: list[str | Path], meta: Metadata | None = None, limits: Limits | None = None
) -> Iterator[Article | Failure]:
    """Every article in `paths`; unreadable documents come out as `Failure`, not exceptions.
    `limits`: the `[limits]` options (bytes read per file, per JSONL line)."""
    for path in iter_paths(paths):
        try:
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from read_jsonl(path, limits)
            else:
                yield read_file(path, meta, limits)
        except InputError as exc:
            yield Failure(origin=exc.origin, error=exc.problem)
        except Exception as exc:  # a reader's bug (or trafilatura's) must not end the batch
            log.debug("internal error reading %s", path, exc_info=True)
            yield Failure(origin=str(path), error=f"internal error: {type(exc).__name__}: {exc}")


def read_file(path: str | Path, meta: Metadata | None = None, limits: Limits | None = None) -> Article:
    """Read one plain-text or HTML file (by suffix; unknown suffixes are sniffed), at most
    `limits.max_bytes` of it: a larger file, a named pipe or a device is refused."""
    path = Path(path)
    max_bytes = _max_bytes(limits)
    with _open_regular(path, max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew since it was opened
        raise _too_many_bytes(str(path), max_bytes)
    if path.suffix.lower() in HTML_SUFFIXES or (
        path.suffix.lower() not in TEXT_SUFFIXES and _looks_like_html(data)
    ):
        return article_from_html(data, str(path), meta)
    return article_from_text(decode_bytes(data, str(path)), str(path), meta)


def read_jsonl(path: str | Path, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """One article per line: `id`, `url`, `title`, `source`, `published`, and `text` or `html`.

    The file is streamed, so it may be of any size; each line is read with the cap `limits.max_bytes`
    and decoded on its own (UTF-8, else its detected charset), so one bad line fails alone."""
    path = Path(path)
    max_bytes = _max_bytes(limits)
    with _open_regular(path, max_bytes=None) as fh:
        head = fh.read(4096)
        fh.seek(0)
        if head.startswith(tuple(bom for bom, _ in _WIDE_BOMS)):
            yield from _wide_jsonl(path, fh, max_bytes)  # line breaks are not single bytes: decode the whole
            return
        if b"\x00" in head:
            raise EncodingError(str(path), "binary data (NUL bytes), not a text document")
        seen = False
        for number, raw in enumerate(_capped_lines(fh, max_bytes), 1):
            origin = f"{path}:{number}"
            if raw is None:
                seen = True
                yield Failure(origin=origin, error=_too_many_bytes(origin, max_bytes, "line").problem)
                continue
            if not raw.strip():
                continue
            seen = True
            try:
                yield _record_article(_decode_line(raw, origin), origin)
            except InputError as exc:
                yield Failure(origin=exc.origin, error=exc.problem)
            except Exception as exc:  # one line's trouble (in trafilatura, say) is that line's alone
                log.debug("internal error reading %s", origin, exc_info=True)
                yield Failure(origin=origin, error=f"internal error: {type(exc).__name__}: {exc}")
        if not seen:
            raise EmptyInputError(str(path), "the file is empty")


def _max_bytes(limits: Limits | None) -> int:
    if limits is None:
        from eventwire.options import Limits

        limits = Limits()
    return limits.max_bytes


def _wide_jsonl(path: Path, fh: BinaryIO, max_bytes: int) -> Iterator[Article | Failure]:
    """A UTF-16 or UTF-32 JSONL file (BOM first), read whole under the cap and split into lines."""
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_many_bytes(str(path), max_bytes, "UTF-16/32 file (read whole)")
    for number, line in enumerate(decode_bytes(data, str(path)).split("\n"), 1):
        if line.strip():
            origin = f"{path}:{number}"
            try:
                yield _record_article(line, origin)
            except InputError as exc:
                yield Failure(origin=exc.origin, error=exc.problem)


def _record_article(line: str, origin: str) -> Article:
    return article_from_record(_parse_json_line(line.lstrip("\ufeff").rstrip("\r"), origin), origin)


def _capped_lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of `fh` (split at b"\\n" only, as JSON Lines are), each at most `max_bytes`; a longer
    line is skipped without being held in memory and comes out as None."""
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line.rstrip(b"\n")


def _decode_line(raw: bytes, origin: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(raw, origin)


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


# Byte-order marks of UTF-32 and UTF-16, longest first (the UTF-32 LE mark begins with UTF-16 LE's).
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with a BOM, else the charset that charset-normalizer
    detects, else an error."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise EncodingError(origin, f"broken {encoding.upper()} ({exc.reason} at byte {exc.start})") from None
            if not text.strip("\ufeff \t\r\n"):
                raise EmptyInputError(origin, "the file is empty")
            return text
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
    if published is not None:
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
    """Accept a date or a full timestamp ('2024-12-01T10:00:00Z', whose date is kept) that names a day
    of the calendar; reject anything else ('yesterday', '2024-02-30', month 13, year 0)."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])", value.strip())
    if not match:
        raise InputError(origin, f"published date {value[:40]!r} is not YYYY-MM-DD")
    return check_date(match.group(1), origin)


def check_date(value: str, origin: str, what: str = "published date") -> str:
    """`value` (YYYY-MM-DD) if it is a day of the calendar, else an InputError naming `origin`."""
    try:
        datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(origin, f"{what} {value!r} is not a calendar date ({exc})") from None
    return value


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


_NOT_REGULAR = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
                stat.S_IFSOCK: "a socket"}


def _open_regular(path: Path, max_bytes: int | None) -> BinaryIO:
    """`path` opened for reading if it is a regular file (of at most `max_bytes`, if given). It is opened
    without blocking and checked on the open descriptor, so a named pipe with no writer or /dev/zero is
    refused at once, never read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(str(path), "is a directory")
        if not stat.S_ISREG(info.st_mode):
            kind = _NOT_REGULAR.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise InputError(str(path), f"{kind}, not a file: only regular files are read")
        if max_bytes is not None and info.st_size > max_bytes:
            raise _too_many_bytes(str(path), max_bytes)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_many_bytes(origin: str, max_bytes: int, what: str = "file") -> LimitError:
    return LimitError(origin, f"{what} over the limit of {max_bytes} bytes ([limits] max_bytes)")


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _parse_json_line(line: str, origin: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(origin, "JSON nested too deeply (arrays or objects inside each other)") from None
    except ValueError:  # an integer of more digits than Python converts
        raise InputError(origin, f"a JSON number of more than {sys.get_int_max_str_digits()} digits") from None
    if not isinstance(record, dict):
        raise InputError(origin, "a JSONL line must be a JSON object")
    return record


def _opt_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
