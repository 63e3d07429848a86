"""Language detection on every input (py3langid: its model ships in the wheel, nothing is downloaded).

The coder reads English; an article in another language is not coded but comes out as a `Failure` at
stage "language" with the detected language, so it is recorded and counted, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from eventwire.model import Article, Failure

SAMPLE_CHARS = 2000  # the start of the text decides: enough for a stable answer, cheap on long reports
MIN_WORDS = 5  # fewer words than this are too few to judge: such a text is let through


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of `text`."""
    lang, prob = _identifier().classify(text[:SAMPLE_CHARS])
    return str(lang), float(prob)


def keep_language(items: Iterable[Article | Failure], language: str = "en") -> Iterator[Article | Failure]:
    """Pass on articles in `language` (and failures); turn every other article into a Failure."""
    for item in items:
        if isinstance(item, Article) and len(item.text.split(None, MIN_WORDS)) > MIN_WORDS:
            found, prob = detect_language(item.text)
            if found != language:
                yield Failure(item.origin or item.id,
                              f"language is {found!r} (p={prob:.2f}), not {language!r}: skipped, not coded",
                              stage="language")
                continue
        yield item
