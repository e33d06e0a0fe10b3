"""Reading a corpus one article at a time: a folder of files, JSONL, CSV or Parquet.

Every reader is a generator of :class:`Item`: it never holds more than one record (or one Parquet
record batch) in memory. A record that cannot be read (bad JSON line, missing text, a file over the
size limit) is still yielded, with ``error`` set, so the run records it instead of losing it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..columns import HTML_CANDIDATES, ID_CANDIDATES, TEXT_CANDIDATES, no_text_column
from ..errors import InputError, UnreadableInput, UnsupportedInput
from ..inputs import RECORD_FORMATS, read_file, record_format, suffix_list

#: files a folder input picks up, by suffix (as `unspin analyze` reads them); anything else in the
#: folder is ignored, and counted in the summary line (hidden files and folders are left out silently)
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: input columns carried into the report meta and the output row when present
META_COLUMNS = ("source", "date", "title", "url", "author", "label")
#: the input's other columns reach the row's `meta_json` cut to this many characters (and "…"):
#: a long `summary`, or the text under a name unspin does not know, is not copied whole into every row
MAX_EXTRA_CHARS = 1000


@dataclass
class Item:
    """One article to analyse: its id, its content and what the input said about it."""

    id: str
    data: str | bytes | None
    kind: str  # "text" | "html" | "bytes" (a file's raw bytes; sniffed like `unspin analyze` does)
    meta: dict[str, Any] = field(default_factory=dict)
    error: tuple[str, str] | None = None  # (code, message) when the record itself could not be read
    derived_id: bool = False  # the input gave no id: `id` is derived from the record's content (ContentIds)
    #: the record's other columns (not the id, text, html or META_COLUMNS): kept for the row's `meta_json` only
    extra: dict[str, Any] = field(default_factory=dict)
    #: the id as an unspin from before 2 December 2026 wrote it, where it differs ("101.0" for "101"):
    #: a resumed run over such an output skips the article done under it (runner._chunks)
    old_id: str | None = None


@dataclass(frozen=True)
class Columns:
    """Which input columns hold the id and the text (None: detect)."""

    id: str | None = None
    text: str | None = None


class ContentIds:
    """Ids for the records of one input that give none: ``sha-`` and the first 16 hex digits of the
    SHA-256 of the record's content (its text, else the whole record), so a record keeps its id
    whatever its place in the file and a resumed run skips what it did, not what stood there before.
    The same content again in the same input is ``sha-...-2``, ``-3`` (analysed, not skipped)."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def __call__(self, content: str | bytes) -> str:
        data = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
        base = "sha-" + hashlib.sha256(data).hexdigest()[:16]
        seen = self.used.get(base, 0) + 1
        self.used[base] = seen
        return base if seen == 1 else f"{base}-{seen}"


def detect_format(path: Path) -> str:
    """'folder', 'jsonl', 'csv' or 'parquet', from what `path` is."""
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise UnsupportedInput(f"no such file or folder: {path}")
    fmt = record_format(path)
    if fmt is not None:
        return fmt
    raise UnsupportedInput(
        f"{path}: unspin batch reads a folder of article files ({suffix_list(TEXT_SUFFIXES | HTML_SUFFIXES)}), "
        f"or a file of records ({suffix_list(suffix for suffix, _ in RECORD_FORMATS)})"
    )


def read_items(path: str | Path, columns: Columns = Columns()) -> Iterator[Item]:
    """Stream the articles of `path`, in a stable order (a record without an id is named by its
    content, so its id does not depend on the order either)."""
    path = Path(path)
    fmt = detect_format(path)
    reader = {"folder": _folder, "jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt]
    return reader(path, columns)


def count_items(path: str | Path) -> int:
    """How many records `path` holds, by a cheap streaming pass (for the progress bar's ETA)."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt == "folder":
        return sum(1 for _ in _folder_files(path))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if fmt == "jsonl":
        with open_records(path) as fh:
            return sum(1 for line in fh if line.strip())
    with open_records(path, text=True) as fh:
        raise_csv_limit()
        return sum(1 for _ in csv.reader(fh, dialect=csv_dialect(path))) - 1


# ---- folders --------------------------------------------------------------------------------
def visible_files(root: Path) -> Iterator[Path]:
    """The files under folder `root`, in a stable order, leaving out hidden ones and everything in a
    hidden folder (.git, .DS_Store, macOS's ._article.txt copies of metadata); `unspin index add`
    walks a folder with it too."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _folder_files(root: Path, *, articles: bool = True) -> Iterator[Path]:
    """The article files of a folder, in a stable order; with `articles` False, the other files
    (not hidden) that it ignores instead."""
    for file in visible_files(root):
        if (file.suffix.lower() in TEXT_SUFFIXES or file.suffix.lower() in HTML_SUFFIXES) == articles:
            yield file


def ignored_files(path: str | Path) -> Iterator[str]:
    """The files a folder input holds but does not read (notes.pdf, article.txt.gz), relative to it;
    nothing for a file input."""
    root = Path(path)
    if root.is_dir():
        yield from (file.relative_to(root).as_posix() for file in _folder_files(root, articles=False))


def _folder(root: Path, columns: Columns) -> Iterator[Item]:
    for file in _folder_files(root):
        item_id = file.relative_to(root).as_posix()
        kind = "html" if file.suffix.lower() in HTML_SUFFIXES else "bytes"
        meta = {"path": item_id}
        try:
            data = read_file(file, item_id)
        except InputError as err:
            yield Item(item_id, None, kind, meta, (err.code, str(err)))
            continue
        except OSError as err:
            yield Item(item_id, None, kind, meta, (UnreadableInput.code, f"{item_id} could not be read: {err.strerror or err}"))
            continue
        yield Item(item_id, data, kind, meta)


# ---- records (JSONL, CSV, Parquet) ----------------------------------------------------------
def pick_column(keys: list[str], wanted: str | None, candidates: tuple[str, ...]) -> str | None:
    """The column of `keys` to read: `wanted` exactly when given, else the first of `candidates` the
    record has, in any case (also for `unspin index add`). A header naming one twice in different
    case (`text,Text`) gives the exact name, else the first of them."""
    if wanted is not None:
        return wanted if wanted in keys else None
    for candidate in candidates:
        if candidate in keys:
            return candidate
        found = next((k for k in keys if k.lower() == candidate), None)
        if found is not None:
            return found
    return None


def _record_item(record: dict[str, Any], number: int, columns: Columns, ids: ContentIds, where: str | None = None) -> Item:
    """An Item from one record (a dict of column -> value); `number` is its 1-based position, `where`
    how messages name it ("line 13" of a JSONL file; "record N" by default)."""
    keys = list(record)
    where = where or f"record {number}"
    id_key = pick_column(keys, columns.id, ID_CANDIDATES)
    if columns.id is not None and id_key is None and number == 1:  # a misspelt option: said before any work
        raise UnsupportedInput(f"the input has no id column {columns.id!r}; its columns are: {', '.join(keys)}")
    if columns.text is not None and columns.text not in keys and number == 1:
        raise UnsupportedInput(f"the input has no text column {columns.text!r}; its columns are: {', '.join(keys)}")
    raw_id = record.get(id_key) if id_key else None
    meta = {k: _plain(record[k]) for k in keys if k.lower() in META_COLUMNS and record[k] not in (None, "")}
    if columns.text is not None:
        text_key, html_key = (None, columns.text) if columns.text.lower() in HTML_CANDIDATES else (columns.text, None)
        text_key = text_key if text_key in keys else None
        html_key = html_key if html_key in keys else None
    else:
        text_key, html_key = pick_column(keys, None, TEXT_CANDIDATES), pick_column(keys, None, HTML_CANDIDATES)
    if text_key is not None and (record.get(text_key) not in (None, "") or html_key is None):
        key, kind = text_key, "text"
    else:
        key, kind = html_key, "html"
    value = record.get(key) if key is not None else None
    if raw_id not in (None, "") and raw_id == raw_id:  # NaN (a float column's missing cell) is no id either
        item = Item(record_id(raw_id), None, kind, meta)
        item.old_id = str(raw_id) if item.id != str(raw_id) else None
    else:
        content = value if isinstance(value, (str, bytes)) and value else json.dumps(record, sort_keys=True, default=str)
        item = Item(ids(content), None, kind, meta, derived_id=True)
    text_like = {c.lower() for c in (*TEXT_CANDIDATES, *HTML_CANDIDATES, columns.text or "")}
    item.extra = {k: _capped(v) for k in keys if k != id_key and k.lower() not in META_COLUMNS and k.lower() not in text_like
                  and (v := _plain(record[k])) is not None and v == v}  # not a null cell, nor NaN (not JSON)
    if columns.id is not None and id_key is None:  # one record without it: that record fails, the run goes on
        item.meta, item.derived_id = {}, False
        item.error = ("missing_id", f"{where} has no {columns.id!r} column; its columns are: {', '.join(keys)}")
        return item
    if key is None:
        missing = f"no {columns.text!r} column; its columns are: {', '.join(keys)}" if columns.text else no_text_column(keys)
        item.error = ("missing_text", f"{where} has {missing}")
        return item
    if value is None or (isinstance(value, str) and not value.strip()):  # said where, as for a cell of the wrong type
        empty = [k for k in (text_key, html_key) if k is not None]
        said = " and ".join(repr(k) for k in empty)
        item.error = ("empty_input", f"{where}: column{'s' if len(empty) > 1 else ''} {said} {'are' if len(empty) > 1 else 'is'} "
                                     "empty: there is no text to analyse")
        return item
    if isinstance(value, bytes):
        item.data, item.kind = value, "bytes" if kind == "text" else kind
    elif isinstance(value, str):
        item.data = value
    else:
        item.error = ("bad_input", f"{where}: column {key!r} holds {type(value).__name__}, not text")
    return item


def record_id(value: Any) -> str:
    """A record's id as text: a whole number stored as a float is written as one ("101", not "101.0"),
    since an integer column with a missing cell is a float column in Parquet, pandas and JSON alike
    and its ids must still join back to the input's integers. Text is kept as it is ("101.0" in a CSV
    stays "101.0")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _capped(value: Any) -> Any:
    """A cell for `meta_json`: text over MAX_EXTRA_CHARS is cut there and ends in "…"."""
    if isinstance(value, str) and len(value) > MAX_EXTRA_CHARS:
        return value[:MAX_EXTRA_CHARS] + "\u2026"
    return value


def _plain(value: Any) -> Any:
    """A JSON-friendly version of a cell (dates from Parquet become ISO strings)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, bytes):  # a non-UTF-8 CSV cell: readable, not "b'Caf\\xe9'"
        return value.decode("utf-8", "replace")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def open_records(path: Path, *, text: bool = False):
    """Binary for JSONL (json.loads reports bad UTF-8 per line); text for CSV, with bad bytes kept and
    a byte-order mark dropped (Excel's "CSV UTF-8" writes one: the first column had been "\ufeffid")."""
    if path.name.lower().endswith(".gz"):
        import gzip

        if text:
            return gzip.open(path, "rt", encoding="utf-8-sig", errors="surrogateescape", newline="")
        return gzip.open(path, "rb")
    if text:
        return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    return open(path, "rb")


def _jsonl(path: Path, columns: Columns) -> Iterator[Item]:
    ids = ContentIds()
    with open_records(path) as fh:
        number = 0  # records (blank lines skipped)
        for line_no, line in enumerate(fh, start=1):  # messages give the line as an editor shows it
            if not line.strip():
                continue
            number += 1
            where = f"line {line_no}"
            try:
                record = json.loads(line)
            except UnicodeDecodeError:
                # not UTF-8: said as such, under its own id when the line still reads as JSON
                try:
                    guess = json.loads(line.decode("utf-8", "replace"))
                except json.JSONDecodeError:
                    guess = None
                try:
                    item_id = _record_item(guess, number, columns, ids, where).id if isinstance(guess, dict) else None
                except UnsupportedInput:
                    item_id = None
                yield Item(item_id or ids(line.strip()), None, "text", {}, ("not_utf8", f"line {line_no} of {path.name} is not valid UTF-8"))
                continue
            except json.JSONDecodeError as err:
                yield Item(ids(line.strip()), None, "text", {},
                           ("bad_record", f"line {line_no} of {path.name} is not a JSON object ({type(err).__name__})"))
                continue
            if not isinstance(record, dict):
                yield Item(ids(line.strip()), None, "text", {},
                           ("bad_record", f"line {line_no} of {path.name} is a JSON {type(record).__name__}, not an object"))
                continue
            yield _record_item(record, number, columns, ids, where)


def raise_csv_limit() -> None:
    """No limit of csv's own: a cell over unspin's size limit must be read, to become a too_large row,
    not end the run with "field larger than field limit"."""
    if csv.field_size_limit() < 2**31 - 1:
        csv.field_size_limit(2**31 - 1)


def csv_dialect(path: Path) -> str:
    """The csv dialect a file of records is read with, by its name: tab-separated for .tsv."""
    return "excel-tab" if path.name.lower().endswith(".tsv") else "excel"


def _csv(path: Path, columns: Columns) -> Iterator[Item]:
    raise_csv_limit()
    ids = ContentIds()
    with open_records(path, text=True) as fh:
        reader = csv.DictReader(fh, dialect=csv_dialect(path))
        number = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                number += 1
                yield Item(f"row-{number}", None, "text", {}, ("bad_record", f"row {number} of {path.name}: {err}"))
                continue
            number += 1
            record.pop(None, None)  # extra cells beyond the header
            for key, value in record.items():
                if isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value):
                    # kept as raw bytes so decoding reports it like any other non-UTF-8 article
                    record[key] = value.encode("utf-8", "surrogateescape")
            yield _record_item(record, number, columns, ids, f"row {number}")


def _parquet(path: Path, columns: Columns, *, batch_size: int = 256) -> Iterator[Item]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    ids = ContentIds()
    number = 0
    for batch in pf.iter_batches(batch_size=batch_size):
        for record in batch.to_pylist():
            number += 1
            yield _record_item(record, number, columns, ids)
