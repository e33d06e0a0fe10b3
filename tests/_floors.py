"""Shared by the quality gates: floors files may only go up across their committed history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def committed_versions(path: Path) -> list[dict]:
    """Every committed version of the JSON file `path` (oldest first); skips outside a git checkout."""
    rel = path.relative_to(ROOT).as_posix()
    try:
        revs = subprocess.run(["git", "log", "--format=%H", "--reverse", "--", rel], cwd=ROOT,
                              capture_output=True, text=True, timeout=30, check=True).stdout.split()
        return [json.loads(subprocess.run(["git", "show", f"{r}:{rel}"], cwd=ROOT, capture_output=True, text=True,
                                          timeout=30, check=True).stdout) for r in revs]
    except (OSError, subprocess.SubprocessError):
        pytest.skip("not a git checkout: floor history unavailable")


def assert_floors_only_go_up(current: dict[str, dict[str, float]], path: Path) -> None:
    """`current` ({model: {metric: floor}}) keeps every model and floor of every committed version of `path`."""
    for old in committed_versions(path):
        for name, old_floors in old.get("models", {}).items():
            assert name in current, f"floors for {name} were removed"
            for metric, value in old_floors.items():
                assert current[name].get(metric, -1) >= value, f"{name} {metric} floor lowered from {value}"
