"""Shipped model artifacts, each a folder ``unspin/models/<name>/`` holding weight files, a
machine-readable ``card.json`` and a human-readable ``MODEL_CARD.md``.

``card.json`` records the data, the split, the metrics with the command that reproduced them, the
version, and the sha256 of every weight file. :func:`artifact_dir` verifies those hashes before a
model is loaded, so a corrupted or tampered file is refused with a clear ModelError.

    path = artifact_dir("techniques-fast")      # verified
    write_card("techniques-fast", files=["crf.bin"], data=..., metrics=..., command=...)
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..paths import TRAINED

MODELS_DIR = Path(__file__).resolve().parent
#: where `unspin train` writes models by default: MODELS_DIR in a checkout, runs/models/ in the
#: current directory for an installed unspin (which never writes into its installation)
TRAINED_DIR = TRAINED
CARD = "card.json"

_VERIFIED: set[str] = set()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


#: the command that trains each shipped model (its card records the same)
TRAIN_COMMANDS = {
    "techniques-fast": "unspin train techniques --tier fast",
    "techniques-full": "unspin train techniques --tier full",
    "checkworthiness-fast": "unspin train claims --tier fast",
    "checkworthiness-full": "unspin train claims --tier full",
    "splices-style": "unspin train splices",
    "verdict": "unspin train verdict",
}


#: the terms each training dataset states, as its SOURCE.md or README under ../shared/data records them
DATA_TERMS = {
    "ptc-semeval2020": "PTC-SemEval2020: not stated (the organisers point to https://propaganda.qcri.org/ptc/ for terms)",
    "clef2019-checkthat-task1-en": "CLEF-2019 CheckThat! Task 1: \"free for general research use\" (its README)",
    "clef2020-checkthat-task5-en-debates": "CLEF-2020 CheckThat! Task 5: \"free for general research use\" (its README)",
    "claimbuster-ncs": "ClaimBuster: GPL-3.0, the hosting repository's licence for its work (the Zenodo release is "
                       "reported as CC BY 4.0, not verified)",
    "reuters21578": "Reuters-21578: copyright Reuters Ltd.; free distribution for research purposes only (its README)",
    "bbc-news-2005": "BBC News 2005: copyright the BBC; made available for non-commercial and research purposes only",
    "buzzfeed-webis-2016": "BuzzFeed-Webis 2016: not stated (the Zenodo original is reported as CC BY 4.0, not verified)",
    "fakenewsnet-politifact": "FakeNewsNet (PolitiFact): not stated (the article text belongs to its publishers)",
    "fakenewsnet-v1-2018": "FakeNewsNet v1 (2018): not stated",
    "fakenews-amt-celebrity": "FakeNewsAMT and Celebrity (Pérez-Rosas et al.): not stated",
    "golbeck2018-fake-vs-satire": "Golbeck et al. 2018, fake vs satire: not stated",
    "all-MiniLM-L6-v2": "all-MiniLM-L6-v2 (the encoder whose layers are fine-tuned here): Apache-2.0 (Sentence Transformers)",
}

#: what each shipped model was trained on (keys of DATA_TERMS)
TRAINED_ON = {
    "techniques-fast": ("ptc-semeval2020",),
    "techniques-full": ("ptc-semeval2020", "all-MiniLM-L6-v2"),
    "checkworthiness-fast": ("clef2019-checkthat-task1-en", "clef2020-checkthat-task5-en-debates", "claimbuster-ncs"),
    "checkworthiness-full": ("clef2019-checkthat-task1-en", "clef2020-checkthat-task5-en-debates", "claimbuster-ncs",
                             "all-MiniLM-L6-v2"),
    "splices-style": ("reuters21578", "bbc-news-2005", "ptc-semeval2020", "buzzfeed-webis-2016", "fakenewsnet-politifact",
                      "fakenewsnet-v1-2018", "fakenews-amt-celebrity", "golbeck2018-fake-vs-satire"),
    "verdict": ("fakenewsnet-politifact", "fakenewsnet-v1-2018", "buzzfeed-webis-2016", "fakenews-amt-celebrity",
                "golbeck2018-fake-vs-satire"),
}


def licence_section(name: str) -> list[str]:
    """The "Licence" section of a model card: the code's licence and the terms of the training data."""
    lines = ["## Licence", "",
             "unspin's code, which trains and runs this model, is licensed under Apache-2.0 (LICENSE). The data the "
             "model was trained on comes with its own terms, which this licence does not replace; check them before "
             "using the model beyond research:", ""]
    lines += [f"- {DATA_TERMS[d]}" for d in TRAINED_ON.get(name, ())] or ["- not recorded for this model"]
    if name == "verdict":
        lines += ["- its evidence features come from the other shipped models; their cards list their data's terms"]
    return lines + [""]


def read_card(name: str, root: Path | None = None) -> dict[str, Any]:
    folder = (root or MODELS_DIR) / name
    card = folder / CARD
    if not card.is_file():
        raise ModelError(f"model '{name}' is not installed: {card} is missing "
                         f"(train it with `{TRAIN_COMMANDS.get(name, 'unspin train ...')}`)")
    try:
        return json.loads(card.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ModelError(f"model card {card} is corrupted: {err}") from None


def artifact_dir(name: str, root: Path | None = None) -> Path:
    """The folder of model `name`, after checking every file's sha256 against its card."""
    folder = (root or MODELS_DIR) / name
    key = str(folder)
    if key in _VERIFIED:
        return folder
    card = read_card(name, root)
    files = card.get("files") or {}
    if not files:
        raise ModelError(f"model card of '{name}' lists no files")
    for rel, expected in files.items():
        path = folder / rel
        if not path.is_file():
            raise ModelError(f"model '{name}' is incomplete: {rel} is missing")
        actual = sha256(path)
        if actual != expected:
            raise ModelError(
                f"model '{name}' failed its integrity check: {rel} has sha256 {actual[:12]}…, the card says "
                f"{expected[:12]}…; the file is corrupted or was modified (reinstall unspin or retrain)"
            )
    _VERIFIED.add(key)
    return folder


def write_card(
    name: str,
    *,
    files: list[str],
    version: str,
    description: str,
    data: str,
    split: str,
    metrics: dict[str, Any],
    command: str,
    extra: dict[str, Any] | None = None,
    root: Path | None = None,
) -> Path:
    """Write card.json (with hashes of `files`) and MODEL_CARD.md for model `name` (in `root`, by
    default TRAINED_DIR)."""
    folder = (root or TRAINED_DIR) / name
    card = {
        "name": name,
        "version": version,
        "description": description,
        "data": data,
        "split": split,
        "metrics": metrics,
        "command": command,
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "files": {rel: sha256(folder / rel) for rel in files},
        **(extra or {}),
    }
    (folder / CARD).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [f"# {name} {version}", "", description, "", "## Data", "", data, "", "## Split", "", split, "",
             "## Metrics", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _flatten(metrics).items()]
    lines += ["", *licence_section(name), "## Reproduce", "", f"```sh\n{command}\n```", "", "## Files (sha256, checked at load)", ""]
    lines += [f"- `{rel}` {digest}" for rel, digest in card["files"].items()]
    (folder / "MODEL_CARD.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _VERIFIED.discard(str(folder))
    return folder


def shipped_models() -> dict[str, str]:
    out = {}
    for card in sorted(MODELS_DIR.glob(f"*/{CARD}")):
        try:
            out[card.parent.name] = json.loads(card.read_text(encoding="utf-8")).get("version", "?")
        except json.JSONDecodeError:
            out[card.parent.name] = "corrupted card"
    return out


def _flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out
