"""One-call coding for scripts and notebooks: `code_text`, `code_file`, on a Coder built once per process."""

from __future__ import annotations

import functools
from pathlib import Path

from eventwire.model import CodedArticle
from eventwire.read import Metadata, article_from_text, read_file


@functools.lru_cache(maxsize=1)
def _shared_coder():
    from eventwire.pipeline import Coder

    return Coder()


def code_text(text: str, *, published: str | None = None, title: str | None = None, source: str | None = None,
              url: str | None = None, id: str = "text", coder=None) -> CodedArticle:
    """Code one text (no header block is read from it). Raises InputError or StageError."""
    meta = Metadata(title=title, url=url, source=source, published=published, id=id)
    return (coder or _shared_coder()).code(article_from_text(text, id, meta, headers=False))


def code_file(path: str | Path, *, published: str | None = None, coder=None) -> CodedArticle:
    """Code one text or HTML file (a plain text may start with a Title:/Published: header block)."""
    return (coder or _shared_coder()).code(read_file(path, Metadata(published=published)))
