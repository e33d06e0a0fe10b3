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
