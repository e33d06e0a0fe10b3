"""Quality gate for the check-worthiness models: each shipped model's card must record test
scores at or above the floors in ``unspin/models/claims-floors.json``, the floors may only go up
(checked against every committed version of the file), and re-measuring the shipped model on
CLEF-2019 Task 1 test must reproduce the card (slow, needs ../shared/data)."""

from __future__ import annotations

import json

import pytest

from unspin.models import MODELS_DIR, read_card

from ._floors import assert_floors_only_go_up

FLOORS_FILE = MODELS_DIR / "claims-floors.json"
TIERS = (("fast", "checkworthiness-fast"), ("full", "checkworthiness-full"))


def floors() -> dict:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))["models"]


def _metric(metrics: dict, dotted: str) -> float:
    group, name = dotted.split(".", 1)
    return float(metrics[group][name])


@pytest.mark.parametrize("tier, name", TIERS)
def test_card_meets_floors(tier, name):
    if not (MODELS_DIR / name / "card.json").is_file():
        pytest.skip(f"the {tier} check-worthiness model is not shipped")
    assert name in floors(), f"{name} is shipped but has no floors in {FLOORS_FILE.name}"
    metrics = read_card(name)["metrics"]
    for dotted, floor in floors()[name].items():
        assert _metric(metrics, dotted) >= floor, f"{name} {dotted} = {_metric(metrics, dotted)} is below its floor {floor}"


def test_floors_only_go_up():
    assert_floors_only_go_up(floors(), FLOORS_FILE)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("tier, name", TIERS)
def test_shipped_model_reproduces_its_card_on_clef2019(tier, name):
    if not (MODELS_DIR / name / "card.json").is_file():
        pytest.skip(f"the {tier} check-worthiness model is not shipped")
    from unspin.claims import checkworthiness_data as data
    from unspin.claims.checkworthiness import load_model
    from unspin.claims.checkworthiness_eval import rank_debates

    measured = rank_debates(load_model(tier).model, data.clef2019("test"))["mean"]["MAP"]
    recorded = read_card(name)["metrics"]["clef2019_task1_test"]["MAP"]
    assert measured == pytest.approx(recorded, abs=2e-4)
    assert measured >= floors()[name]["clef2019_task1_test.MAP"]
