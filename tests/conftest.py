"""Shared fixtures. The spaCy pipeline and the coder load once per test session (seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The example article lives outside the project (third-party text): read it when present, never copy it.
SEED_ARTICLE = REPO.parent / "shared" / "samples" / "seed-article.txt"


@pytest.fixture(scope="session")
def coder():
    from eventwire.pipeline import Coder

    return Coder()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"example article not available at {SEED_ARTICLE}")
    return SEED_ARTICLE


@pytest.fixture(scope="session")
def seed_coded(coder, seed_path):
    from eventwire.read import Metadata, read_file

    return coder.code(read_file(seed_path, Metadata(published="2024-12-01")))


@pytest.fixture(scope="module")
def code(coder, request):
    """Code one invented text as an article published on the test module's `PUBLISHED` date."""
    from eventwire.read import Metadata, article_from_text

    published = getattr(request.module, "PUBLISHED", "2025-03-10")

    def run(text: str, published: str | None = published):
        return coder.code(article_from_text(text, "test", Metadata(published=published), headers=False))

    return run

