"""Text cleaning: repair what can be repaired safely, flag what cannot.

ftfy fixes the common UTF-8-read-as-Windows-1252 mojibake ("groupâ€™s" -> "group's"). It leaves East
Asian mojibake alone: a source name stored in GBK and decoded as Latin-1 ("°®Âþµº" for 爱漫岛) is
text ftfy cannot prove wrong. We flag such runs as warnings with the decoded candidate and keep the
original characters, because three CJK characters are thin evidence and the offsets of everything
downstream must stay valid.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from eventwire.model import Warning

# A run of two or more Latin-1 supplement characters (U+00A1..U+00FE). Real Latin-script words mix
# these with ASCII letters, so the run must stand on its own (checked in _is_isolated).
_HIGH_LATIN_RUN = re.compile(r"[\u00a1-\u00fe]{2,}")

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Curly quotes stay curly: they are the writer's text, the quotes stage reads them, and a user
# searching the original for "Kata’ib" must find it at the offsets we give.
_FTFY = {"normalization": "NFC", "uncurl_quotes": False}

# Encodings whose double-byte text, read as Latin-1, gives such runs (mainland Chinese first).
_LEGACY_CJK_ENCODINGS = ("gb18030", "big5", "shift_jis", "euc_kr")


def clean_text(text: str) -> tuple[str, list[Warning]]:
    """Return the repaired text and the warnings about what could not be repaired.

    Line breaks are normalised to "\\n" and trailing spaces dropped, so character offsets refer to
    the cleaned text from here on.
    """
    # A lone surrogate (a JSON "\\ud800") is no character: it could not even be written as UTF-8 to the store.
    text = _LONE_SURROGATE.sub("\ufffd", text)
    # ftfy would half-"repair" some GBK runs as UTF-8 ("ÐÂ" -> "л"): keep flagged runs out of its reach.
    pieces, last = [], 0
    for warning in find_mojibake(text):
        pieces.append(ftfy.fix_text(text[last : warning.start], **_FTFY))
        pieces.append(warning.text)
        last = warning.end
    pieces.append(ftfy.fix_text(text[last:], **_FTFY))
    fixed = "".join(pieces).replace("\r\n", "\n").replace("\r", "\n")
    # Line by line: a regex for "spaces before a line break" retries every start of a long run of spaces.
    fixed = "\n".join(line.rstrip(" \t") for line in fixed.split("\n")).strip()
    return fixed, find_mojibake(fixed)


def find_mojibake(text: str) -> list[Warning]:
    """Flag runs of Latin-1 characters that are really legacy CJK bytes (GBK, Big5, ...)."""
    warnings: list[Warning] = []
    for match in _HIGH_LATIN_RUN.finditer(text):
        if not _is_isolated(text, match.start(), match.end()):
            continue
        decoded = _decode_as_cjk(match.group())
        if decoded is None:
            continue
        candidate, encoding = decoded
        warnings.append(
            Warning(
                kind="mojibake",
                start=match.start(),
                end=match.end(),
                text=match.group(),
                message=(
                    f"{match.group()!r} looks like {encoding.upper()} bytes read as Latin-1; "
                    "the original text is kept"
                ),
                suggestion=candidate,
            )
        )
    return warnings


def _is_isolated(text: str, start: int, end: int) -> bool:
    """A mojibake run is not glued to ASCII letters (which would make it part of a Latin word)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


def _decode_as_cjk(run: str) -> tuple[str, str] | None:
    """The first legacy encoding under which `run` decodes to CJK ideographs only."""
    raw = run.encode("latin-1")
    if len(raw) % 2:
        return None
    for encoding in _LEGACY_CJK_ENCODINGS:
        try:
            decoded = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if decoded and all(_is_cjk(ch) for ch in decoded):
            return decoded, encoding
    return None


def _is_cjk(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL SYLLABLE"))
