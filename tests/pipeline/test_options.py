"""Options: packaged defaults, a user file laid over them, and clear errors for bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire.errors import OptionsError
from eventwire.options import DEFAULTS_FILE, OPTIONS_ENV, Options


def test_options_defaults_come_from_the_packaged_file(monkeypatch) -> None:
    monkeypatch.delenv(OPTIONS_ENV, raising=False)
    assert DEFAULTS_FILE.is_file()
    assert Options.load() == Options()  # the file and the dataclass agree


def test_options_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text("[pipeline]\nbatch_size = 64\n", encoding="utf-8")
    options = Options.load(user)
    assert options.batch_size == 64 and options.n_process == Options().n_process


def test_options_environment_names_the_user_file(tmp_path: Path, monkeypatch) -> None:
    user = tmp_path / "env.toml"
    user.write_text("[places]\nnear_km = 90\nfeature_prior = { site = 4 }\n", encoding="utf-8")
    monkeypatch.setenv(OPTIONS_ENV, str(user))
    weights = Options.load().places
    assert weights.near_km == 90.0 and weights.feature_prior["site"] == 4.0
    assert weights.feature_prior["country"] == Options().places.feature_prior["country"]


@pytest.mark.parametrize("content, problem", [
    ("[pipeline]\nbatchsize = 3\n", "unknown option [pipeline] batchsize"),
    ("[places]\nbatch_size = 3\n", "unknown option [places] batch_size"),
    ("[ingestion]\nbatch_size = 3\n", "unknown section [ingestion]"),
    ("[places]\nnear_km = 'far'\n", "[places] near_km must be a number"),
    ("[places]\nfeature_prior = { town = 2 }\n", "[places] feature_prior must be a table of numbers"),
    ("[pipeline]\nbatch_size = 'many'\n", "batch_size must be a whole number"),
    ("[pipeline]\nbatch_size = 0\n", "batch_size must be a whole number"),
    ("[pipeline\n", "not TOML"),
])
def test_options_bad_file_names_file_and_key(tmp_path: Path, content: str, problem: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(OptionsError, match=re.escape(problem)) as info:
        Options.load(user)
    assert str(user) in str(info.value)
