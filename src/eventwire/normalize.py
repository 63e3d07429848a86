"""Name keys that let transliteration variants of the same name meet.

Arabic, Persian and Pashto names reach English copy in many spellings: Kata'ib / Kataib / Kata’ib /
Kataeb, al-Sudani / Al Sudani / Sudani, Hezbollah / Hizballah. Two keys are computed for a name:

* `name_key`: orthographic folding (case, diacritics, apostrophe-like marks for ayn and hamza,
  hyphens, the Arabic article, a few vowel digraphs, doubled letters). Equal keys = same name.
* `skeleton`: a looser consonant skeleton (first letter, then consonants, q→k), for names whose
  vowels vary freely. Callers treat a skeleton match as weaker evidence than a key match.

`fuzzy_best` is the last resort (rapidfuzz) and always scores below 1.0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

# Marks used for ayn, hamza and apostrophes in romanised Arabic (and their mojibake-free look-alikes).
_APOSTROPHES = "'’‘`´ʼʻʿʾ′"
_APOSTROPHE_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
# Hyphens, dashes, dots, slashes, underscores: word separators in names ("Al-Araby", "U.S.").
_SEPARATOR_RE = re.compile(r"[-‐‑‒–—_/.,()\[\]\"“”]+")
_SPACE_RE = re.compile(r"\s+")
# The Arabic definite article in its common romanisations; "ul" as in "Hizb ul-Mujahideen".
_ARTICLES = frozenset({"al", "el", "ul", "il"})
# Glued article + sun-letter assimilation forms written as separate words ("ash-Shabaab", "ad-Din").
_ASSIMILATED = frozenset({"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"})
# Vowel digraphs that alternate in transliteration, folded to one spelling (order matters).
_DIGRAPHS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ae", "ai"), ("ei", "ay"), ("ey", "ay"),
             ("isation", "ization"), ("defence", "defense"))
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_VOWELS_RE = re.compile(r"[aeiouy]")


def strip_diacritics(text: str) -> str:
    """'Goïta' -> 'Goita', 'Erdoğan' -> 'Erdogan' (compatibility decomposition, marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of a name, with apostrophe marks removed and separators split."""
    text = strip_diacritics(text).lower()
    text = _APOSTROPHE_RE.sub("", text)
    text = _SEPARATOR_RE.sub(" ", text)
    words: list[str] = []
    initialism = False  # is words[-1] a run of single letters ("U.S." -> "us", the same key as "US")?
    for word in _SPACE_RE.split(text):
        if not word:
            continue
        if len(word) == 1 and word.isalpha() and initialism:
            words[-1] += word
        else:
            words.append(word)
            initialism = len(word) == 1 and word.isalpha()
    return words


def _fold(token: str) -> str:
    for old, new in _DIGRAPHS:
        token = token.replace(old, new)
    return _DOUBLE_RE.sub(r"\1", token)


def _drop_articles(words: list[str]) -> list[str]:
    """Remove the Arabic article, but never the whole name ("Al" alone stays)."""
    kept = [w for w in words if w not in _ARTICLES]
    if len(words) > 2:  # "Asa'ib Ahl al-Haq", "Nasr ad-Din": drop assimilated forms inside names only
        kept = [w for i, w in enumerate(kept) if i == 0 or w not in _ASSIMILATED]
    return kept or words


def name_key(text: str) -> str:
    """Orthographic key: "Kata’ib Sayyid al-Shuhada" and "Kataeb Sayyid Al Shuhada" give the same key."""
    words = [_fold(w) for w in _drop_articles(tokens(text))]
    return " ".join(w for w in words if w)


def skeleton(text: str) -> str:
    """Consonant skeleton per word: "Hezbollah"/"Hizballah" -> "hzbl"; "Muhammad"/"Mohamed" -> "mhmd"."""
    out = []
    for word in name_key(text).split():
        word = word.replace("q", "k").replace("ph", "f")
        head, rest = word[0], _VOWELS_RE.sub("", word[1:])
        out.append(_DOUBLE_RE.sub(r"\1", head + rest))
    return " ".join(out)


def fuzzy_best(key: str, choices: Iterable[str], cutoff: float = 0.88) -> tuple[str, float] | None:
    """Closest key among `choices` by rapidfuzz ratio, as (choice, score) with score in [cutoff, 1).

    Scores are capped below 1.0 so a fuzzy match never looks like an exact one. Short keys (under five
    letters) are not fuzzy-matched: "Homs" and "Hamas" are one edit apart.
    """
    if len(key.replace(" ", "")) < 5:
        return None
    found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff * 100)
    if found is None:
        return None
    choice, score, _ = found
    return choice, min(score / 100.0, 0.99)
