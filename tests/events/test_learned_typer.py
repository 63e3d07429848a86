"""The learned typer: its packaged model, its place after the rules, the decisions it leaves on events,
the rules-only option, and a reproducible trainer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import DataFileError
from eventwire.events.candidates import RuleTyper
from eventwire.events.learned import (
    FEATURE_VERSION, NONE, LearnedTyper, LinearModel, load_event_model, model_paths, type_templates,
)
from eventwire.model import PLOVER_TYPES
from eventwire.options import Options, Pipeline
from eventwire.pipeline import Coder, default_typers
from eventwire.read import Metadata, article_from_text

REPO = Path(__file__).resolve().parents[2]
TEXT = ("Gunmen attacked a police post in Kidal on Sunday, killing three officers, the army said. "
        "The government denied that it had arrested the mayor.")


@pytest.fixture(scope="module")
def model():
    found = load_event_model()
    assert found is not None, "the packaged event model is missing (make train)"
    return found


def test_packaged_model_is_small_and_matches_the_feature_code(model) -> None:
    card, weights = model_paths()
    assert model.card["feature_version"] == FEATURE_VERSION
    assert card.stat().st_size + weights.stat().st_size <= 30 * 1024 * 1024
    assert model.typer.labels == (NONE, *PLOVER_TYPES)
    assert set(model.thresholds) == {"drop", "retype", "retype_margin", "add", "factuality"}
    assert model.card["trained_on"]["split"] == "train"  # never the test split


@pytest.fixture(scope="module")
def learned(coder):
    return Coder(resources=coder.resources, options=Options(pipeline=Pipeline(learned_typer=True)))


def test_the_option_runs_the_learned_typer_after_the_rules(learned) -> None:
    names = [t.name for t in learned.stages.typers]
    assert names[0] == "rules" and names[-1] == "learned"


def test_events_show_both_decisions(learned) -> None:
    coded = learned.code(article_from_text(TEXT, "t", Metadata(published="2025-03-10"), headers=False))
    assert coded.events
    for event in coded.events:
        by = {(d.field, d.by) for d in event.decisions}
        assert ("factuality", "rules") in by
        assert any(d.field == "type" and d.by == "learned" for d in event.decisions), event.decisions
        assert all(0.0 <= d.score <= 1.0 for d in event.decisions)
        assert event.to_dict()["decisions"]  # in the JSON document too


def test_rules_only_option_leaves_the_model_out(coder) -> None:
    options = Options(pipeline=Pipeline(learned_typer=False))
    assert Options.load().pipeline.learned_typer is False  # the packaged default, for now
    assert [t.name for t in default_typers(coder.resources, options)] == ["rules"]
    rules = Coder(resources=coder.resources, options=options)
    coded = rules.code(article_from_text(TEXT, "t", Metadata(published="2025-03-10"), headers=False))
    assert coded.events
    assert all(d.by == "rules" for e in coded.events for d in e.decisions)


def test_no_model_file_means_rules_only(tmp_path) -> None:
    assert load_event_model(tmp_path) is None


def test_linear_model_reads_only_known_features() -> None:
    model = LinearModel(labels=("NONE", "ASSAULT"), features={"l:attack": 0},
                        weights=np.array([[0.0, 3.0]]), bias=np.array([1.0, 0.0]))
    quiet, loud = model.probabilities(["unknown"]), model.probabilities(["l:attack", "unknown"])
    assert quiet.sum() == pytest.approx(1.0) and loud.sum() == pytest.approx(1.0)
    assert quiet.argmax() == 0 and loud.argmax() == 1


def test_every_type_has_a_template_for_unlexiconed_words(coder) -> None:
    templates = type_templates(coder.lexicon)
    assert set(templates) == set(PLOVER_TYPES)
    assert all(t.type == name and not t.objects and not t.requires_words for name, t in templates.items())


def test_training_is_deterministic_and_learns() -> None:
    pytest.importorskip("training.event_typer", reason="the trainer lives in the checkout")
    from training.event_typer import fit

    rng = np.random.default_rng(0)
    rows = [np.array([int(c), 2 + int(rng.integers(0, 3))]) for c in rng.integers(0, 2, 200)]
    y = np.array([r[0] for r in rows])
    first = fit(rows, y, 5, 2, epochs=5, seed=7)
    second = fit(rows, y, 5, 2, epochs=5, seed=7)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    logits = np.array([first[0][r].sum(axis=0) + first[1] for r in rows])
    assert (logits.argmax(axis=1) == y).mean() == 1.0
