"""The public surface: `import eventwire` gives the Coder, the one-call functions, the readers, the store,
the record types and the errors; every name in `__all__` resolves, and importing stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import eventwire


def test_every_public_name_resolves() -> None:
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Codr'"):
        eventwire.Codr  # noqa: B018


def test_errors_form_one_tree() -> None:
    errors = [getattr(eventwire, n) for n in eventwire.__all__ if n.endswith("Error") or n == "ModelNotInstalled"]
    assert errors and all(issubclass(e, eventwire.EventwireError) for e in errors)


def test_import_does_not_load_spacy() -> None:
    code = "import sys, eventwire; eventwire.Metadata; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.slow
def test_code_text_codes_with_the_shared_coder(coder) -> None:
    coded = eventwire.code_text("Rebels attacked an army base near Kidal on Sunday.", published="2025-03-10",
                                coder=coder)
    assert isinstance(coded, eventwire.CodedArticle) and [e.type for e in coded.events] == ["ASSAULT"]
