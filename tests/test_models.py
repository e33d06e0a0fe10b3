import pytest

from unspin.errors import ModelError
from unspin.models import MODELS_DIR, TRAIN_COMMANDS, artifact_dir, read_card, write_card


def make(tmp_path):
    folder = tmp_path / "toy"
    folder.mkdir()
    (folder / "w.bin").write_bytes(b"\x00weights")
    write_card("toy", files=["w.bin"], version="1", description="d", data="x", split="y",
               metrics={"f1": 0.5}, command="unspin train toy", root=tmp_path)
    return folder


def test_card_records_hash_and_loads(tmp_path):
    folder = make(tmp_path)
    assert artifact_dir("toy", root=tmp_path) == folder
    assert read_card("toy", root=tmp_path)["metrics"]["f1"] == 0.5
    assert "unspin train toy" in (folder / "MODEL_CARD.md").read_text()


def test_tampered_weights_are_refused(tmp_path):
    folder = make(tmp_path)
    (folder / "w.bin").write_bytes(b"\x00weightz")
    with pytest.raises(ModelError, match="integrity check"):
        artifact_dir("toy", root=tmp_path)


def test_missing_model_says_how_to_get_it(tmp_path):
    with pytest.raises(ModelError, match="unspin train"):
        artifact_dir("absent", root=tmp_path)


def test_a_missing_model_names_the_command_that_trains_it():
    shipped = {p.parent.name for p in MODELS_DIR.glob("*/card.json")}
    assert shipped == set(TRAIN_COMMANDS)
    for name in shipped:
        assert read_card(name)["command"].startswith(TRAIN_COMMANDS[name])
    with pytest.raises(ModelError, match="unspin train techniques --tier full"):
        read_card("techniques-full", root=MODELS_DIR / "nowhere")


def test_every_shipped_model_card_states_the_code_licence_and_its_training_data_terms():
    from unspin.models import DATA_TERMS, TRAINED_ON

    shipped = {p.parent.name for p in MODELS_DIR.glob("*/card.json")}
    assert shipped == set(TRAINED_ON)
    for name in shipped:
        card = (MODELS_DIR / name / "MODEL_CARD.md").read_text(encoding="utf-8")
        licence = card.split("## Licence\n", 1)[1].split("\n## ", 1)[0]
        assert "Apache-2.0 (LICENSE)" in licence, name
        for dataset in TRAINED_ON[name]:
            assert DATA_TERMS[dataset] in licence, (name, dataset)
    checkworthiness = (MODELS_DIR / "checkworthiness-fast" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "ClaimBuster: GPL-3.0" in checkworthiness and '"free for general research use"' in checkworthiness


def test_a_retrained_model_card_keeps_its_licence_section(tmp_path):
    folder = tmp_path / "verdict"
    folder.mkdir()
    (folder / "verdict.json").write_text("{}")
    write_card("verdict", files=["verdict.json"], version="9", description="d", data="x", split="y",
               metrics={"auc": 0.8}, command="unspin train verdict", root=tmp_path)
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Licence" in card and "Golbeck et al. 2018, fake vs satire: not stated" in card
