"""The development gold set stays well-formed: every evidence string is in its article, every label valid."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _checker():
    spec = importlib.util.spec_from_file_location("check_dev_gold", REPO / "scripts" / "check_dev_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_gold_has_no_problems():
    problems, articles, golds = _checker().check(REPO / "eval" / "dev")
    assert problems == []
    assert len(articles) >= 40 and len(golds) == len(articles)
