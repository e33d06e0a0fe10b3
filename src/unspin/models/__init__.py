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
    lines += ["", "## Reproduce", "", f"```sh\n{command}\n```", "", "## Files (sha256, checked at load)", ""]
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
