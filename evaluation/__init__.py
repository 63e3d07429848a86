"""Evaluation on public gold sets and our own development sets (`eventwire eval SUITE`).

The harness lives in the source checkout (`evaluation/` at the repository root), not in the installed
package: import it from the repository root (pytest and the scripts put the root on `sys.path`).

One module per family of suites registers its scorers with `@suite(name)`. A scorer reads the gold
files as they are (never copied into the project), runs eventwire, and returns a `SuiteResult`.
Matching rules and metric definitions: docs/scoring.md.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model is imported lazily: listing suites must not load the pipeline
    from eventwire.model import CodedArticle

SUITE_MODULES = ("geo", "tempeval", "plover_gsr", "plv", "petr2", "petrarch_unittest", "india_police", "dev", "news",
                 "incidents")
REPO = Path(__file__).resolve().parents[1]  # the checkout: evaluation/ sits at its root
# Suites whose gold lives in the repository (eval/<folder>) rather than in shared/external.
REPO_FOLDERS = {"dev": "dev", "news": "news"}


@dataclass(slots=True)
class SuiteResult:
    """Scores of one suite: our metrics, other systems' scores on the same data, published anchors."""

    suite: str
    metrics: dict[str, float | int | None]
    n: int
    headline: str  # the metric name that goes in the summary table
    notes: list[str] = field(default_factory=list)
    baselines: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    anchor: str | None = None  # published figure of the field's reference system, as text
    supported: bool = True
    limit: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What a scorer gets: where the data is, how much of it to use, and a shared coder."""

    data: Path
    limit: int | None = None
    _coder: Any = None

    @property
    def coder(self):
        if self._coder is None:
            from eventwire.pipeline import Coder

            self._coder = Coder()
        return self._coder


Scorer = Callable[[Context], SuiteResult]
_REGISTRY: dict[str, tuple[Scorer, str]] = {}


def suite(name: str, folder: str | None = None) -> Callable[[Scorer], Scorer]:
    """Register a scorer under `name`; `folder` is its directory under shared/external (or eval/ for
    the folders in REPO_FOLDERS)."""

    def register(function: Scorer) -> Scorer:
        _REGISTRY[name] = (function, folder or name)
        return function

    return register


def suites() -> dict[str, tuple[Scorer, str]]:
    for module in SUITE_MODULES:
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module}":
                raise
    return dict(_REGISTRY)


def default_external_dir() -> Path:
    """`$EVENTWIRE_EXTERNAL`, else `../shared/external` beside the checkout (or the working dir)."""
    if os.environ.get("EVENTWIRE_EXTERNAL"):
        return Path(os.environ["EVENTWIRE_EXTERNAL"])
    for base in (REPO, Path.cwd()):
        candidate = base.parent / "shared" / "external"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "external"


def data_folder(folder: str) -> Path:
    """Where a suite's gold is: eval/<folder> in the checkout for our own sets, else shared/external."""
    if folder in REPO_FOLDERS:
        return REPO / "eval" / REPO_FOLDERS[folder]
    return default_external_dir() / folder


def missing(name: str, path: Path) -> SuiteResult:
    """The result of a suite whose gold data is not on this machine."""
    return SuiteResult(suite=name, metrics={}, n=0, headline="", supported=False, notes=[f"data not found: {path}"])


def code_texts(coder, items: Iterable[tuple[str, str, str | None]]) -> dict[str, CodedArticle | None]:
    """Code (id, text, published) items in a batch; an item that cannot be read or coded maps to None."""
    from eventwire.errors import InputError
    from eventwire.model import CodedArticle
    from eventwire.read import Metadata, article_from_text

    articles, out = [], {}
    for key, text, published in items:
        out[key] = None
        try:
            articles.append(article_from_text(text, key, Metadata(published=published, id=key), headers=False))
        except InputError:
            continue
    for coded in coder.code_many(articles):
        if isinstance(coded, CodedArticle):
            out[coded.article.id] = coded
    return out


def run_suite(name: str, data: Path | None = None, limit: int | None = None, coder: Any = None) -> SuiteResult:
    """Run one registered suite. `data` overrides the folder (default: shared/external/<folder>)."""
    registry = suites()
    if name not in registry:
        raise KeyError(f"unknown suite {name!r}; known: {', '.join(sorted(registry))}")
    scorer, folder = registry[name]
    if data is None:
        data = data_folder(folder)
    return scorer(Context(data=Path(data), limit=limit, _coder=coder))
