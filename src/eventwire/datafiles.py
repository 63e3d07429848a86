"""Loaders for eventwire's data files (lexicons, actor knowledge, gazetteer additions).

Data lives as versioned files in `eventwire/data/`, each with a JSON Schema in `data/schema/`.
Users extend them without touching the package: put a file of the same name in the directory named
by `EVENTWIRE_DATA_DIR` (or pass `extra=` paths); its records are loaded after the packaged ones, so a
user record with the same key replaces the packaged one.

Every loader names the file and line of a bad record (DataFileError).
"""

from __future__ import annotations

import functools
import gc
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema

from eventwire.errors import DataFileError

DATA_DIR = Path(__file__).parent / "data"
SCHEMA_DIR = DATA_DIR / "schema"
USER_DATA_ENV = "EVENTWIRE_DATA_DIR"


def data_path(name: str) -> Path:
    """Path of a packaged data file, e.g. data_path('actors.jsonl')."""
    return DATA_DIR / name


def data_files(name: str, extra: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """The packaged file `name`, then the user's file of that name (if any), then `extra` paths."""
    paths = [DATA_DIR / name]
    user_dir = os.environ.get(USER_DATA_ENV)
    if user_dir and (Path(user_dir) / name).is_file():
        paths.append(Path(user_dir) / name)
    paths.extend(Path(p) for p in extra)
    return paths


@functools.lru_cache(maxsize=None)
def schema(name: str) -> jsonschema.protocols.Validator:
    """The validator for `data/schema/<name>.schema.json`."""
    path = SCHEMA_DIR / f"{name}.schema.json"
    with open(path, encoding="utf-8") as fh:
        spec = json.load(fh)
    validator_cls = jsonschema.validators.validator_for(spec)
    return validator_cls(spec)


def _check(record: Any, schema_name: str | None, path: Path, line: int | None) -> None:
    if schema_name is None:
        return
    error = jsonschema.exceptions.best_match(schema(schema_name).iter_errors(record))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "record"
        raise DataFileError(str(path), f"{where}: {error.message}", line)


def validate(document: Any, schema_name: str, path: str | os.PathLike) -> None:
    """Check a document built from several files (a user's file merged over a bundled one) against
    `schema_name`, naming `path` (the file merged last) when it fails."""
    _check(document, schema_name, Path(path), None)


def read_jsonl(path: str | os.PathLike, schema_name: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield the records of a JSON Lines file, skipping blank lines and `//` comment lines."""
    path = Path(path)
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot open: {exc.strerror}") from exc
    with fh:
        for number, line in enumerate(fh, 1):
            stripped = line.strip()
            if not stripped or stripped.startswith("//"):
                continue
            try:
                record = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise DataFileError(str(path), f"not JSON: {exc.msg} (column {exc.colno})", number) from exc
            _check(record, schema_name, path, number)
            yield record


def read_json(path: str | os.PathLike, schema_name: str | None = None) -> Any:
    """Load one JSON document, validated against `schema_name` when given."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as fh:
            document = json.load(fh)
    except OSError as exc:
        raise DataFileError(str(path), f"cannot open: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(str(path), f"not JSON: {exc.msg} (column {exc.colno})", exc.lineno) from exc
    _check(document, schema_name, path, None)
    return document


def cache_dir() -> Path:
    """Where built indexes are cached (`EVENTWIRE_CACHE` or ~/.cache/eventwire)."""
    base = os.environ.get("EVENTWIRE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "eventwire"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def gc_paused() -> Iterator[None]:
    """Build long-lived structures without cyclic garbage collection: loading the gazetteer's hundreds
    of thousands of objects otherwise triggers collection passes that double the load time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
