"""Cleaning: ftfy repairs, and legacy-CJK mojibake flagged (never "repaired" in place)."""

import pytest

from eventwire.clean import clean_text, find_mojibake


def gbk_as_latin1(chinese: str) -> str:
    """Make GBK-read-as-Latin-1 mojibake the way a misconfigured feed does."""
    return chinese.encode("gb18030").decode("latin-1")


def test_clean_fixes_utf8_read_as_cp1252():
    text, warnings = clean_text("The militiaâ€™s spokesman said")
    assert text == "The militia’s spokesman said"
    assert warnings == []


@pytest.mark.parametrize("chinese", ["新华社", "人民日报", "爱漫岛"])
def test_clean_flags_gbk_mojibake_with_candidate(chinese):
    garbled = gbk_as_latin1(chinese)
    text, warnings = clean_text(f"The report, {garbled}'s Arabic edition said on Monday.")
    assert garbled in text  # the original is kept: offsets stay valid
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.kind == "mojibake"
    assert text[warning.start : warning.end] == garbled
    assert warning.suggestion == chinese


@pytest.mark.parametrize(
    "latin",
    ["Café Zürich naïve résumé", "São Paulo and Bogotá", "Straße über Köln", "señor Peña", "£5 ½ price ©"],
)
def test_clean_never_flags_latin_script_text(latin):
    assert find_mojibake(latin) == []
    assert clean_text(latin)[0] == latin


def test_clean_normalises_line_breaks_and_trailing_space():
    text, _ = clean_text("First paragraph.  \r\nSecond paragraph.\r\n")
    assert text == "First paragraph.\nSecond paragraph."


def test_clean_keeps_curly_quotes_and_apostrophes():
    text = "“We will not leave,” said a Kata’ib spokesman."
    assert clean_text(text)[0] == text
