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
