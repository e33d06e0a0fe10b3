"""Quality gate for the technique taggers: the shipped models must score at least the floors in
``unspin/models/quality-floors.json`` on the committed validation split, the split must be the
one the floors were measured on (its sha256), and floors may only go up (checked against every
committed version of the floors file)."""

from __future__ import annotations

import json

import pytest

from unspin.models import MODELS_DIR

from ._floors import assert_floors_only_go_up
from unspin.semeval.split import ids_hash, validation_ids

FLOORS_FILE = MODELS_DIR / "quality-floors.json"
#: (tier, model folder); a tier is gated when its model is shipped
TIERS = (("fast", "techniques-fast"), ("full", "techniques-full"))
METRICS = ("si_f1", "tc_micro_f1")


def floors() -> dict:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))


def test_validation_split_is_the_recorded_one():
    ids = validation_ids()
    assert len(ids) == 74 and len(set(ids)) == 74
    assert ids_hash() == floors()["validation_ids_sha256"], (
        "unspin/data/ptc-validation-ids.txt changed: every floor was measured on the old split"
    )


def test_every_shipped_tagger_has_floors():
    recorded = floors()["models"]
    for _tier, name in TIERS:
        if (MODELS_DIR / name / "card.json").is_file():
            assert name in recorded, f"{name} is shipped but has no floors in {FLOORS_FILE.name}"
            assert set(METRICS) <= set(recorded[name])


def test_floors_only_go_up():
    assert_floors_only_go_up(floors()["models"], FLOORS_FILE)


@pytest.fixture(scope="module")
def validation():
    from unspin.tagging.ptc import load_split, parse

    _train, val = load_split()
    return val, parse(val)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("tier, name", TIERS)
def test_tagger_meets_its_floors(tier, name, validation):
    if not (MODELS_DIR / name / "card.json").is_file():
        pytest.skip(f"the {tier} tier's model ({name}) is not shipped")
    from unspin.tagging import load_tagger
    from unspin.tagging.ptc import evaluate

    articles, docs = validation
    scores = evaluate(load_tagger(tier), articles, docs)
    measured = {"si_f1": scores["si"].f1, "tc_micro_f1": scores["tc"].f1}
    for metric in METRICS:
        floor = floors()["models"][name][metric]
        assert measured[metric] >= floor, f"{tier} {metric} = {measured[metric]:.4f} is below its floor {floor}"
