"""Checking where unspin will write before it does the work: a report that took a minute to
compute must not be lost to a typo in `--out`. Used by the CLI's commands and the batch store."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError


def writable_file(path: Path, *, what: str = "the report", not_same_as: Path | None = None,
                  input_what: str = "the article") -> Path:
    """`path`, once it is known that a file can be written there: its folder is created if
    missing; a folder, an unwritable place or the input file itself is an InputError."""
    if path.is_dir():
        raise InputError(f"{path} is a folder: give a file name to write {what} to")
    if not_same_as is not None and path.exists() and not_same_as.exists() and path.resolve() == not_same_as.resolve():
        raise InputError(f"{path} is the input file: writing {what} there would overwrite {input_what}")
    _no_file_in_the_way(path.parent, what)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        with open(path, "a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except OSError as err:
        raise InputError(f"cannot write {what} to {path}: {err.strerror or err}") from None
    return path


def writable_folder(path: Path, *, what: str) -> Path:
    """`path`, created if missing; a file in its place or an unwritable place is an InputError."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{path} is a file: give a folder for {what}")
    _no_file_in_the_way(path, what)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the folder {path} for {what}: {err.strerror or err}") from None
    return path


def _no_file_in_the_way(folder: Path, what: str) -> None:
    """An InputError naming the file that stands where `folder` or one of its parents would be
    ("exists.txt/r.json": mkdir's own message was "File exists")."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise InputError(f"cannot write {what} under {part}: it is a file, not a folder")
            return
