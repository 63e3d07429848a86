"""eventwire: news reports in, PLOVER event data out.

    import eventwire
    coded = eventwire.code_text("Rebels attacked ...", published="2025-03-10")
    coder = eventwire.Coder()                       # build once, code many
    with eventwire.open_store("events.db") as store:
        eventwire.ingest_paths(["samples/"], store, coder)

Names load on first use, so `import eventwire` (and `eventwire --help`) stays fast: spaCy and the
knowledge base load only when something codes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "Coder": "eventwire.pipeline",
    "Resources": "eventwire.resources",
    "Options": "eventwire.options",
    "code_text": "eventwire.oneshot",
    "code_file": "eventwire.oneshot",
    "ingest": "eventwire.ingest",
    "ingest_paths": "eventwire.ingest",
    "IngestReport": "eventwire.ingest",
    "Metadata": "eventwire.read",
    "read_file": "eventwire.read",
    "read_paths": "eventwire.read",
    "read_jsonl": "eventwire.read",
    "article_from_text": "eventwire.read",
    "article_from_html": "eventwire.read",
    "article_from_record": "eventwire.read",
    "open_store": "eventwire.store",
    "Store": "eventwire.store",
    **{name: "eventwire.model" for name in (
        "Article", "CodedArticle", "Event", "EventDate", "Entity", "Place", "Quote", "TimeExpr", "Failure",
        "Warning", "PLOVER_TYPES", "QUAD_CLASS", "FACTUALITY_VALUES")},
    **{name: "eventwire.errors" for name in (
        "EventwireError", "InputError", "EmptyInputError", "EncodingError", "NoArticleError", "ModelNotInstalled",
        "DataFileError", "OptionsError", "StageError", "StoreError", "StoreFileError", "NotADatabaseError",
        "DatabaseLockedError", "ReadOnlyDatabaseError", "FetchError")},
    "Sources": "eventwire.inputs.sources",
    "Fetcher": "eventwire.inputs.http",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and editors; at run time the names load lazily
    from eventwire.errors import *  # noqa: F403
    from eventwire.ingest import IngestReport, ingest, ingest_paths  # noqa: F401
    from eventwire.inputs.http import Fetcher  # noqa: F401
    from eventwire.inputs.sources import Sources  # noqa: F401
    from eventwire.model import *  # noqa: F403
    from eventwire.options import Options  # noqa: F401
    from eventwire.pipeline import Coder  # noqa: F401
    from eventwire.read import (Metadata, article_from_html, article_from_record, article_from_text,  # noqa: F401
                                read_file, read_jsonl, read_paths)
    from eventwire.resources import Resources  # noqa: F401
    from eventwire.store import Store, open_store  # noqa: F401
