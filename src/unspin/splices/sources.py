"""Reading reference documents for the index from files, folders, JSON Lines and CSV.

A bad item (a missing file, a binary file, a JSONL line that is blank, not JSON or has no text)
never stops the others: it becomes a :class:`Problem` saying where and what was wrong, and the
caller decides what to do (``unspin index add`` adds the good documents, lists the problems and
exits with status 2).

JSON Lines records are objects with ``text`` (plain text; or ``body``, ``content``, ``article``,
the columns `unspin batch` takes, in any case) or ``html`` (a page, or ``raw_html``; its main text is
extracted), and optionally ``id`` (or ``article_id``, ``doc_id``, ``uid``), ``title``, ``source`` and
``url``, in any case too; a CSV (or TSV) file's rows
have the same columns, read as `unspin batch` reads its CSV input.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from ..columns import HTML_CANDIDATES, ID_CANDIDATES, TEXT_CANDIDATES, no_text_column, wanted_text
from ..errors import InputError
from ..inputs import MAX_BYTES, RECORD_FORMATS, decode, from_html, from_path, record_format, suffix_list
from .index import RefDoc

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml"}
#: files of records the index reads (a Parquet file's note lists them)
RECORD_SUFFIXES = tuple(suffix for suffix, fmt in RECORD_FORMATS if fmt != "parquet")
#: what a folder's walk reads, as a file named on the command line is read: articles, and files of records
#: (RECORD_FORMATS: JSON Lines, CSV, TSV, gzipped or not, one document a record; a Parquet file is
#: skipped with a note, as when named); the suffixes the message for a folder with none of them lists
FOLDER_SUFFIXES = tuple(sorted(ARTICLE_SUFFIXES)) + RECORD_SUFFIXES


@dataclass(frozen=True)
class Problem:
    where: str  # a path, or path:line
    message: str
    skipped: bool = True  # False: the document was added, but differently than asked (a renamed id)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def iter_references(paths: Iterable[str | Path], problems: list[Problem],
                    ignored: list[str] | None = None) -> Iterator[RefDoc]:
    """Every reference document under `paths`; what cannot be read is appended to `problems`, and the
    files of a folder that are neither articles nor files of records (notes.pdf) to `ignored`, by their
    path inside the folder (hidden files and folders are left out without a word, as `unspin batch` does).

    Ids are unique within one call: a document whose id an earlier one of the same call took (two
    folders both holding "001.txt") is given its folder's name in front ("business/001") and the
    renaming is reported, instead of silently replacing the first one in the index."""
    seen: dict[str, str] = {}
    for doc, where, folder in _iter_references(paths, problems, [] if ignored is None else ignored):
        if doc.id in seen:
            base = f"{folder}/{doc.id}" if folder else doc.id
            new, n = base, 2
            while new in seen:
                new, n = f"{base}~{n}", n + 1
            problems.append(Problem(where, f"id {doc.id!r} is already taken in this run by {seen[doc.id]}: added as {new!r}",
                                    skipped=False))
            doc = RefDoc(new, doc.title, doc.text, doc.source)
        elif doc.former_id in seen:  # (that id is a document of this run, not one an older unspin added)
            doc = replace(doc, former_id="")
        seen[doc.id] = where
        yield doc


def _iter_references(paths: Iterable[str | Path], problems: list[Problem],
                     ignored: list[str]) -> Iterator[tuple[RefDoc, str, str]]:
    from ..batch.sources import visible_files

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(str(path), "no such file or folder"))
        elif path.is_dir():
            files = []
            for file in sorted(visible_files(path)):  # (not .git, .DS_Store, ._a.txt)
                if _read_in_folder(file):
                    files.append(file)
                else:
                    ignored.append(file.relative_to(path).as_posix())
            if not files:
                problems.append(Problem(str(path), f"the folder holds no article files ({suffix_list(FOLDER_SUFFIXES)})"))
            for file in files:
                folder = file.parent.relative_to(path).as_posix()
                prefix = "" if folder == "." else folder + "/"
                for doc in _read_file(file, prefix, problems):
                    if prefix and doc.id.startswith(prefix):  # the id an older unspin gave it ("wire:1"), to replace
                        doc = replace(doc, former_id=doc.id[len(prefix):])  # if held with the same text
                    yield doc, str(file), path.resolve().name
        else:
            for doc in _read_file(path, "", problems):
                yield doc, str(path), path.resolve().parent.name


def _read_in_folder(path: Path) -> bool:
    """Whether a folder's walk reads `path`: an article file, or a file of records (a Parquet file too,
    to be named as skipped rather than passed over silently)."""
    return path.suffix.lower() in ARTICLE_SUFFIXES or record_format(path) is not None


def _read_file(path: Path, folder: str, problems: list[Problem]) -> Iterator[RefDoc]:
    """The documents of one file; their ids begin with `folder`, its path inside the folder walked
    ("sub/"; "" for a file named itself): an article's is that and its name without the suffix
    ("sub/001"), a record's that and the file's name, a colon and its line or row ("sub/wire:1")."""
    fmt = record_format(path)  # a file of records, named as `unspin batch` reads them (.jsonl.gz, .csv.gz too)
    if fmt == "jsonl":
        yield from _read_jsonl(path, folder + _records_name(path), problems)
        return
    if fmt == "csv":
        yield from _read_csv(path, folder + _records_name(path), problems)
        return
    if fmt == "parquet":  # (from_path would send it to `unspin batch`, which analyses records, not indexes them)
        problems.append(Problem(str(path), "is a Parquet file: `unspin index add` reads records from JSON Lines and "
                                           f"CSV files ({suffix_list(RECORD_SUFFIXES)}); write it as one of those"))
        return
    try:
        src = from_path(path)
    except InputError as err:
        problems.append(Problem(str(path), str(err)))
        return
    yield RefDoc(folder + path.stem, src.meta.get("title") or _first_line_title(src.text), src.text, src.meta.get("source") or str(path))


def _records_name(path: Path) -> str:
    """A file of records' name without its suffixes, for its records' default ids ("wire" of wire.jsonl.gz)."""
    return next((path.name[: -len(suffix)] for suffix, _ in RECORD_FORMATS if path.name.lower().endswith(suffix)), path.stem)


def _read_jsonl(path: Path, name: str, problems: list[Problem]) -> Iterator[RefDoc]:
    from ..batch.sources import open_records

    try:
        fh = open_records(path)  # gzipped when named .gz
    except OSError as err:
        problems.append(Problem(str(path), f"cannot read: {err.strerror}"))
        return
    with fh, _unreadable(path, problems):
        head = fh.read(4096)
        if b"\x00" in head:
            problems.append(Problem(str(path), "is binary data, not JSON Lines text"))
            return
        fh.seek(0)
        for lineno, line in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if len(line) > MAX_BYTES:
                problems.append(Problem(where, f"the line is {len(line):,} bytes; at most {MAX_BYTES:,} per record"))
                continue
            try:
                doc = _record(line, f"{name}:{lineno}", where)
            except InputError as err:
                problems.append(Problem(where, str(err)))
                continue
            yield doc


@contextmanager
def _unreadable(path: Path, problems: list[Problem]):
    """A file that fails as it is read (a .gz that is not gzip or was cut short, a disk error) becomes
    a problem of its own, the documents read before it kept, rather than the end of the whole run."""
    try:
        yield
    except (OSError, EOFError) as err:
        problems.append(Problem(str(path), f"cannot read: {getattr(err, 'strerror', None) or err}"))


def _read_csv(path: Path, name: str, problems: list[Problem]) -> Iterator[RefDoc]:
    """The rows of a CSV (or TSV) file with a header naming a text or html column (`_text_keys`; and
    optionally an id column, 'title', 'source', 'url'), as `unspin batch` reads one; a row's default id is
    the file's name and its row after the header ("wire:1")."""
    import csv

    from ..batch.sources import csv_dialect, open_records, raise_csv_limit

    raise_csv_limit()
    try:
        fh = open_records(path, text=True)
    except OSError as err:
        problems.append(Problem(str(path), f"cannot read: {err.strerror}"))
        return
    with fh, _unreadable(path, problems):
        reader = csv.DictReader(fh, dialect=csv_dialect(path))
        try:
            header = reader.fieldnames or []
        except csv.Error as err:  # a NUL byte
            problems.append(Problem(str(path), f"is not CSV text ({err})"))
            return
        if _text_keys(header) == (None, None):
            problems.append(Problem(str(path), f"the header names {no_text_column(header)}"))
            return
        row = 0
        while True:
            row += 1
            where = f"{path}: row {row}"
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                problems.append(Problem(where, str(err)))
                continue
            record.pop(None, None)  # cells beyond the header
            try:
                record = {k: decode(v.encode("utf-8", "surrogateescape"), name="the row") if v else v
                          for k, v in record.items()}
                yield _record_doc(record, f"{name}:{row}")
            except InputError as err:
                problems.append(Problem(where, str(err)))


def _record(line: bytes, default_id: str, where: str) -> RefDoc:
    if not line.strip():
        raise InputError(f"blank line (each line must be one JSON object with a {wanted_text('field')})")
    try:
        record = json.loads(decode(line, name=f"line {where}"))
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object with a {wanted_text('field')}, got {type(record).__name__}")
    return _record_doc(record, default_id)


def _record_doc(record: dict, default_id: str) -> RefDoc:
    """The document of one record (a JSON object, a CSV row) with a text or html field (`_text_keys`)."""
    from ..batch.sources import pick_column

    keys = list(record)
    text_key, html_key = _text_keys(keys)
    text, html = record.get(text_key), record.get(html_key)
    id_key, title_key, source_key, url_key = (pick_column(keys, None, names) for names in
                                              (ID_CANDIDATES, ("title",), ("source",), ("url",)))
    title, source, url = (record.get(key) if key else None for key in (title_key, source_key, url_key))
    if text is None and html is None:
        raise InputError(f"the record has {no_text_column(record, 'field')}")
    if html is not None and not text:
        if not isinstance(html, str):
            raise InputError(f"{html_key!r} must be a string")
        src = from_html(html, url=url if isinstance(url, str) and url else None)
        text = src.text
        title = title or src.meta.get("title")
    if not isinstance(text, str):
        raise InputError(f"{text_key!r} must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError("the record's text is empty")
    doc_id = record.get(id_key) if id_key else None
    doc_id = default_id if doc_id is None or str(doc_id).strip() == "" else str(doc_id)
    title = title or _first_line_title(text)
    source = source or url or ""
    return RefDoc(doc_id, str(title), text, str(source))


def _text_keys(keys: list[str]) -> tuple[str | None, str | None]:
    """A record's text and html fields, as `unspin batch` picks them: the first of its candidates
    (text, body, content, article; html, raw_html) that the record has, in any case."""
    from ..batch.sources import pick_column

    return pick_column(keys, None, TEXT_CANDIDATES), pick_column(keys, None, HTML_CANDIDATES)


def _first_line_title(text: str) -> str:
    """A plain-text article's headline: its first line, when short and followed by more text."""
    first, sep, rest = text.lstrip("\ufeff").strip().partition("\n")  # (a file's byte-order mark is no letter of it)
    return first.strip() if sep and rest.strip() and len(first) <= 200 else ""
