"""Where batch rows are committed: a Parquet dataset (a folder of part files) or a DuckDB database.

The unit of commit is a chunk of rows:

* Parquet: each chunk is one ``part-NNNNNN-<token>.parquet`` file, written to a ``.tmp-`` name,
  fsynced, then ``os.replace``d into place. A part file either exists whole or not at all, so the
  set of ids in committed parts is exactly the set of done articles: the parts are the ledger.
  A run killed at any moment leaves at worst a ``.tmp-`` file, which the next run deletes.
* DuckDB: each chunk is one transaction into a table whose ``id`` is the primary key; DuckDB's
  write-ahead log drops a transaction that did not commit.

A run only ever analyses ids that are not done, and chunks of one run are disjoint, so no id is
written twice; an exclusive lock on the output stops two runs writing to it at once. The settings
of the first run are recorded in the output (``_unspin_batch.json`` / table ``_unspin_batch``) and
a run with different settings is refused rather than mixed in.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, Iterable

from .._imports import require
from ..errors import ConfigurationError, DataError, InputError
from ..outputs import writable_folder
from .rows import COLUMNS, arrow_schema

SETTINGS_FILE = "_unspin_batch.json"
LOCK_FILE = ".lock"
PART_GLOB = "part-*.parquet"
FORMATS = ("parquet", "duckdb")


def output_format(out: Path, fmt: str | None = None) -> str:
    """'duckdb' for a .duckdb/.db path (or when asked), 'parquet' otherwise."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ConfigurationError(f"unknown output format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return fmt
    return "duckdb" if out.suffix.lower() in (".duckdb", ".db") else "parquet"


def open_store(out: str | Path, settings: dict[str, Any], fmt: str | None = None) -> "ParquetStore | DuckDBStore":
    """Open (creating if needed) the output `out` for a run with `settings`; refuses mismatched settings."""
    out = Path(out)
    store = DuckDBStore(out) if output_format(out, fmt) == "duckdb" else ParquetStore(out)
    try:
        store.open(settings)
    except BaseException:
        store.close()
        raise
    return store


def _setting(value: Any) -> str:
    """A recorded setting as a reader reads it: lists comma-separated, nothing as 'none'."""
    if value is None:
        return "none"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(str(v) for v in value) + ")" if value else "none"
    return str(value)


def check_settings(out: Path, recorded: dict[str, Any], settings: dict[str, Any]) -> None:
    differ = sorted(k for k in set(recorded) | set(settings) if recorded.get(k) != settings.get(k))
    if differ:
        lines = "; ".join(f"{k}: {_setting(recorded.get(k))} there, {_setting(settings.get(k))} now" for k in differ)
        raise ConfigurationError(
            f"{out} holds results of a run with other settings ({lines}). Rerun with the same settings "
            "to resume it, or write to another --out"
        )


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(path: Path, write) -> None:
    """Write `path` through a temporary name, fsync, then rename: readers see all of it or nothing."""
    tmp = path.with_name(f".tmp-{secrets.token_hex(4)}-{path.name}")
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_dir(path.parent)


class ParquetStore:
    """A folder of Parquet part files plus the settings record; the parts are the ledger of done ids."""

    format = "parquet"

    def __init__(self, out: Path):
        self.out = out
        self.warnings: list[str] = []
        self._lock_fd: int | None = None
        self._next = 0
        self.failed = 0

    def open(self, settings: dict[str, Any]) -> None:
        out = self.out
        if out.exists() and not out.is_dir():
            raise ConfigurationError(f"{out} is a file; a Parquet output is a folder (or name it .duckdb for DuckDB)")
        writable_folder(out, what="the batch output")
        self._lock()
        for leftover in out.glob(".tmp-*"):  # a commit interrupted before its rename: never counted
            leftover.unlink()
        record = out / SETTINGS_FILE
        if record.exists():
            try:
                recorded = json.loads(record.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as err:
                raise DataError(f"{record} is unreadable ({err}); it is not an unspin batch output") from None
            if recorded != settings and not list(self.parts()):
                # a run that stopped before committing anything (a model or index failed to load):
                # nothing to mix with, so the new settings are recorded instead
                _atomic_write(record, lambda tmp: tmp.write_text(json.dumps(settings, indent=2, sort_keys=True), encoding="utf-8"))
            else:
                check_settings(out, recorded, settings)
        elif any(p.name != LOCK_FILE for p in out.iterdir()):
            raise ConfigurationError(f"{out} is a folder that is not empty and not an unspin batch output; choose another --out")
        else:
            _atomic_write(record, lambda tmp: tmp.write_text(json.dumps(settings, indent=2, sort_keys=True), encoding="utf-8"))

    def _lock(self) -> None:
        import fcntl

        fd = os.open(self.out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ConfigurationError(f"another unspin batch run is writing to {self.out}; wait for it to finish") from None
        self._lock_fd = fd

    def parts(self) -> list[Path]:
        return sorted(self.out.glob(PART_GLOB))

    def done_ids(self) -> set[str]:
        """The ids of every committed part (a part that cannot be read is set aside and redone).

        Also counts how many of them failed (``self.failed``)."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        done: set[str] = set()
        self.failed = 0
        parts = self.parts()
        for part in parts:
            try:
                # every column, not only id and status: a part damaged in the middle can still give
                # its ids and then fail the report on another column
                table = pq.read_table(part)
            except Exception as err:  # a damaged part: its articles are analysed again
                os.replace(part, part.with_name(part.name + ".damaged"))
                self.warnings.append(f"set aside unreadable part {part.name} ({type(err).__name__}); its articles are redone")
                continue
            done.update(table.column("id").to_pylist())
            ok = pc.sum(pc.equal(table.column("status"), "ok")).as_py() or 0
            self.failed += table.num_rows - ok
        self._next = max((int(p.name.split("-")[1]) for p in parts), default=-1) + 1
        return done

    def drop_failed(self) -> int:
        """Remove the error rows from the committed parts (each part rewritten atomically) so they are redone."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        dropped = 0
        for part in self.parts():
            table = pq.read_table(part)
            keep = table.filter(pc.equal(table.column("status"), "ok"))
            if keep.num_rows == table.num_rows:
                continue
            dropped += table.num_rows - keep.num_rows
            if keep.num_rows:
                _atomic_write(part, lambda tmp: pq.write_table(keep, tmp, compression="zstd"))
            else:
                part.unlink()
                _fsync_dir(self.out)
        return dropped

    def commit(self, rows: list[dict[str, Any]]) -> Path:
        """Write one chunk of rows as one part file, atomically."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=arrow_schema())
        name = f"part-{self._next:06d}-{secrets.token_hex(4)}.parquet"
        self._next += 1
        path = self.out / name
        _atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
        return path

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor releases the flock
            self._lock_fd = None


_DUCK_TYPES = {"str": "VARCHAR", "float": "DOUBLE", "int": "INTEGER"}


class DuckDBStore:
    """A DuckDB database with table ``articles`` (id primary key); one transaction per chunk."""

    format = "duckdb"

    def __init__(self, out: Path):
        self.out = out
        self.warnings: list[str] = []
        self.con = None
        self.failed = 0

    def open(self, settings: dict[str, Any]) -> None:
        duckdb = require("duckdb", "duckdb", "batch", "A DuckDB batch output")

        if self.out.is_dir():
            raise ConfigurationError(f"{self.out} is a folder; a DuckDB output is a file ending in .duckdb")
        writable_folder(self.out.parent, what=f"the batch output {self.out.name}")
        try:
            self.con = duckdb.connect(str(self.out), config=OFFLINE)
        except duckdb.IOException as err:
            raise ConfigurationError(f"cannot open {self.out} for writing ({err}); is another run using it?") from None
        except duckdb.Error as err:
            raise DataError(f"{self.out} is not a DuckDB database this run can use ({err})") from None
        con = self.con
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "_unspin_batch" in tables:
            recorded = json.loads(con.execute("SELECT settings FROM _unspin_batch").fetchone()[0])
            if recorded != settings and not con.execute("SELECT count(*) FROM articles").fetchone()[0]:
                con.execute("UPDATE _unspin_batch SET settings = ?", [json.dumps(settings, sort_keys=True)])  # nothing committed
            else:
                check_settings(self.out, recorded, settings)
        elif tables:
            raise ConfigurationError(f"{self.out} is a DuckDB database that is not an unspin batch output; choose another --out")
        else:
            ddl = ", ".join(f'"{name}" {_DUCK_TYPES[kind]}' for name, kind in COLUMNS)
            con.execute("BEGIN TRANSACTION")
            con.execute(f"CREATE TABLE articles ({ddl}, PRIMARY KEY (id))")
            con.execute("CREATE TABLE _unspin_batch (settings VARCHAR)")
            con.execute("INSERT INTO _unspin_batch VALUES (?)", [json.dumps(settings, sort_keys=True)])
            con.execute("COMMIT")

    def done_ids(self) -> set[str]:
        rows = self.con.execute("SELECT id, status FROM articles").fetchall()
        self.failed = sum(1 for _, status in rows if status != "ok")
        return {r[0] for r in rows}

    def drop_failed(self) -> int:
        """Delete the error rows (one transaction) so those articles are analysed again."""
        dropped = self.con.execute("SELECT count(*) FROM articles WHERE status <> 'ok'").fetchone()[0]
        self.con.execute("DELETE FROM articles WHERE status <> 'ok'")
        return dropped

    def commit(self, rows: list[dict[str, Any]]) -> None:
        """Insert one chunk of rows in one transaction."""
        import pyarrow as pa

        con = self.con
        con.register("_chunk", pa.Table.from_pylist(rows, schema=arrow_schema()))
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("INSERT INTO articles SELECT * FROM _chunk")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.unregister("_chunk")

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


#: DuckDB must never reach for the network: it would try to download an extension (sqlite_scanner
#: for an SQLite file, say) when asked to read a file it does not know
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def _is_duckdb(path: Path) -> bool:
    """Whether `path` starts as a DuckDB database file does ("DUCK" at byte 8)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def read_settings(out: str | Path) -> dict[str, Any]:
    """The settings a batch output was written with ({} if they cannot be read)."""
    out = Path(out)
    try:
        if out.is_dir():
            return json.loads((out / SETTINGS_FILE).read_text(encoding="utf-8"))
        import duckdb

        con = duckdb.connect(str(out), read_only=True, config=OFFLINE)
        try:
            return json.loads(con.execute("SELECT settings FROM _unspin_batch").fetchone()[0])
        finally:
            con.close()
    except Exception:  # the summary shows what it can; read_rows reports a foreign output itself
        return {}


def read_rows(out: str | Path, columns: Iterable[str] | None = None):
    """A DuckDB relation over the articles of a batch output (Parquet folder or DuckDB file)."""
    duckdb = require("duckdb", "duckdb", "batch", "Reading a batch output")

    out = Path(out)
    cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    if out.is_dir():
        if not (out / SETTINGS_FILE).exists():
            raise InputError(f"{out} is not an unspin batch output (no {SETTINGS_FILE})")
        con = duckdb.connect(config=OFFLINE)
        if not any(out.glob(PART_GLOB)):
            ddl = ", ".join(f'"{name}" {_DUCK_TYPES[kind]}' for name, kind in COLUMNS)
            con.execute(f"CREATE TABLE articles ({ddl})")
            return con, con.sql(f"SELECT {cols} FROM articles")
        pattern = str(out / PART_GLOB).replace("'", "''")
        return con, con.sql(f"SELECT {cols} FROM read_parquet('{pattern}')")
    if not out.exists():
        raise InputError(f"no such batch output: {out}")
    if not _is_duckdb(out):
        raise InputError(f"{out} is not an unspin batch output: give the Parquet folder or the .duckdb file `unspin batch` wrote")
    try:
        con = duckdb.connect(str(out), read_only=True, config=OFFLINE)
        return con, con.sql(f"SELECT {cols} FROM articles")
    except duckdb.IOException as err:
        if "lock" not in str(err).lower():
            raise DataError(f"{out} is not an unspin batch output ({err})") from None
        # DuckDB lets nobody else open a database while one process writes it, not even to read
        raise InputError(f"{out} is being written by a batch run: a DuckDB output cannot be read until the run ends; "
                         "try again then, or write Parquet output (--out FOLDER) to read results during a run") from None
    except duckdb.Error as err:
        raise DataError(f"{out} is not an unspin batch output ({err})") from None
