"""The reference index: trusted articles in one SQLite file, found again by MinHash LSH.

An article spliced from wire copy shares most of its word shingles with the original. Each indexed
article's MinHash signature (datasketch, over 4-word shingles) is cut into bands; every band's hash
is a row of the ``lsh`` table, a B-tree keyed by that hash. A query hashes its own bands, counts
which documents share them (one indexed lookup per band, nothing loaded into memory), then checks
the best candidates exactly: the share of the query's shingles each one holds (containment).

    with ReferenceIndex.open("refs.sqlite", create=True) as index:
        index.add([RefDoc("wire-1", "Strike extended", "PORT ELLING ...", "northwire")])
        hits = index.search(article_text)       # best reference first

A passage is traced on its own (:meth:`ReferenceIndex.find_passage`) by the ``grams`` table: a
paragraph or sentence lifted from another story shares too few shingles with that whole story to be
found by the document bands. Each document's 4-word shingles are hashed and *winnowed* (the least
hash of every ``GRAM_WINDOW`` consecutive shingles is kept: about a third of them), so that any run
of ``TRACE_WORDS`` words or more it shares with a passage shares at least one kept hash; a passage
looks up the hashes of all its shingles, and the documents holding most of them are checked
exactly. An index built before session 21 (sessions 14 to 20) hashed MinHash bands of 40-word parts instead
(the ``parts`` table), which misses many short passages; it is still read that way.

The file is self-describing (its ``meta`` table records the hashing parameters and a probe
signature): an index built with different hashing is refused rather than silently missing matches.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from contextlib import contextmanager

from .. import _imports
from ..errors import ConfigurationError, InputError, ReferenceIndexError, UnspinError
from .text import SHINGLE, norm_words, shingles

FORMAT = "unspin.reference-index/1"
NUM_PERM = 120
BANDS = 40  # 3 rows per band: P(candidate) = 1 - (1 - J**3)**40: 0.5 at Jaccard 0.26, 0.93 at 0.4, 0.995 at 0.5
SEED = 7
PROBE = "the quick brown fox jumps over the lazy dog near the river bank"
#: a document's parts are runs of this many words, each hashed into PART_BANDS bands of PART_ROWS
#: values: a passage of 80 words or more holds a whole part; one that shares 60% of its shingles with
#: a part (Jaccard 0.6) is a candidate with P = 1 - (1 - 0.6**2)**10 = 0.99, at 0.5 with P = 0.94;
#: candidates are then checked exactly
PART_WORDS = 40
PART_ROWS = 2
PART_BANDS = 10
#: passages of this many words or more share at least one kept shingle hash with a document that
#: holds them (winnowing: a window of GRAM_WINDOW shingles spans GRAM_WINDOW + SHINGLE - 1 words)
TRACE_WORDS = 8
GRAM_WINDOW = TRACE_WORDS - SHINGLE + 1
GRAMS = f"winnowed crc32 of {SHINGLE}-word shingles, window {GRAM_WINDOW}"
#: the most shingle hashes one passage lookup binds (SQLite's default limit on variables is 32,766)
MAX_QUERY_KEYS = 30_000


@dataclass(frozen=True)
class RefDoc:
    """One reference article."""

    id: str
    title: str
    text: str
    source: str = ""
    #: the id an older unspin gave this document ("wire:1" of "reuters/wire:1", before records in a
    #: folder's subfolders were named by their path): `ReferenceIndex.add` replaces a document held
    #: under it with the same text, rather than holding the text twice
    former_id: str = ""


@dataclass(frozen=True)
class Hit:
    """A reference that shares text with a query."""

    id: str
    title: str
    source: str
    containment: float  # share of the query's shingles found in the reference
    resemblance: float  # Jaccard similarity of the two shingle sets
    bands: int  # LSH bands shared (how the candidate was found)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    source: str
    chars: int
    added: str


def require() -> None:
    """Raise MissingDependency when the package the index needs (datasketch, the ``index`` extra)
    is not installed: a command given an index checks this first, rather than analysing without it."""
    _datasketch()


def _datasketch():
    return _imports.require("datasketch", "datasketch", "index", "The reference index").MinHash


@lru_cache(maxsize=1)
def _template():
    return _datasketch()(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=zlib.crc32)


def band_keys(words: list[str]) -> list[int]:
    """The LSH band hashes of a text's normalised words (signed 64-bit, as SQLite stores them)."""
    return _bands(words, NUM_PERM // BANDS, BANDS)


def _bands(words: list[str], rows: int, bands: int) -> list[int]:
    """Hashes of the first `bands` bands of `rows` MinHash values each."""
    grams = shingles(words)
    if not grams:
        return []
    template = _template()
    # crc32 is enough to spread shingles: datasketch's affine32 scheme mixes (fmix32) every hash first
    mh = _datasketch()(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations, scheme="affine32", hashfunc=zlib.crc32)
    mh.update_batch([g.encode("utf-8") for g in grams])
    values = mh.hashvalues.astype("<u4")
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(values[band * rows : (band + 1) * rows].tobytes(), digest_size=8, person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def part_keys(words: list[str]) -> list[int]:
    """The band hashes of each run of PART_WORDS words (a short last run joins the one before)."""
    starts = list(range(0, max(len(words) - PART_WORDS // 2, 1), PART_WORDS))
    keys: set[int] = set()
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(words)
        keys.update(_bands(words[start:end], PART_ROWS, PART_BANDS))
    return sorted(keys)


def gram_hashes(words: list[str]):
    """The signed 32-bit hash of each shingle of `words`, in order (numpy array)."""
    import numpy as np
    if len(words) < SHINGLE:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    return np.array([zlib.crc32(g.encode("utf-8")) for g in grams], dtype=np.int64) - 2**31


def gram_keys(words: list[str]) -> list[int]:
    """The winnowed shingle hashes of a document: the least of every GRAM_WINDOW consecutive ones."""
    hashes = gram_hashes(words)
    if len(hashes) <= GRAM_WINDOW:
        return [int(hashes.min())] if len(hashes) else []
    from numpy.lib.stride_tricks import sliding_window_view

    return sorted({int(h) for h in sliding_window_view(hashes, GRAM_WINDOW).min(axis=1)})


def _probe() -> str:
    return hashlib.sha256(repr(band_keys(PROBE.split())).encode()).hexdigest()[:16]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    chars INTEGER NOT NULL,
    added TEXT NOT NULL,
    body BLOB NOT NULL  -- zlib-compressed UTF-8 text
);
CREATE TABLE IF NOT EXISTS lsh (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS grams (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID;
"""


class ReferenceIndex:
    """A reference index in one SQLite file (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._lock = threading.Lock()
        self._tables: set[str] | None = None  # which of the passage tables (grams, parts) the file has, read once

    # ---- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, readonly: bool = False) -> "ReferenceIndex":
        """Open the index at `path`; with `create`, make it if it does not exist."""
        path = Path(path)
        if path.is_dir():
            raise InputError(f"{path} is a folder; a reference index is one SQLite file (e.g. refs.sqlite)")
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise InputError(f"there is no reference index at {path}; create one with `unspin index add --index {path} FILES`")
        if exists and not _is_sqlite(path):
            raise InputError(f"{path} is not a reference index (not an SQLite file)")
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            else:
                if not path.parent.exists():
                    raise InputError(f"cannot create {path}: the folder {path.parent} does not exist")
                conn = sqlite3.connect(path, check_same_thread=False)
        except sqlite3.Error as err:
            raise InputError(f"cannot open the reference index {path}: {err}") from None
        index = cls(conn, path, readonly=readonly)
        index._check_or_init(created=not exists)
        return index

    def _check_or_init(self, *, created: bool) -> None:
        c = self.conn
        if created:
            c.executescript(_SCHEMA)
            meta = {"format": FORMAT, "num_perm": NUM_PERM, "bands": BANDS, "seed": SEED, "shingle": SHINGLE,
                    "hashing": "datasketch MinHash affine32 over crc32", "probe": _probe(), "grams": GRAMS}
            c.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in meta.items()])
            c.commit()
            return
        try:
            meta = dict(c.execute("SELECT key, value FROM meta"))
        except sqlite3.OperationalError as err:
            if "locked" in str(err):
                raise UnspinError(f"the reference index {self.path} is locked by another process writing to it; try again when it is done") from None
            raise InputError(f"{self.path} is an SQLite file but not an unspin reference index") from None
        except sqlite3.DatabaseError:
            raise InputError(f"{self.path} is an SQLite file but not an unspin reference index") from None
        if meta.get("format") != FORMAT:
            raise InputError(f"{self.path} is not an unspin reference index (format {meta.get('format')!r}, expected {FORMAT!r})")
        if meta.get("probe") != _probe():
            raise ConfigurationError(
                f"the reference index {self.path} was built with different MinHash hashing than this installation "
                "computes (another datasketch version?): rebuild it with `unspin index add`"
            )
        if "grams" in self.passage_tables() and meta.get("grams") != GRAMS:
            raise ConfigurationError(
                f"the reference index {self.path} hashes passages differently ({meta.get('grams')!r}) from this "
                f"installation ({GRAMS!r}): rebuild it with `unspin index add` into a new file"
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "ReferenceIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writing ------------------------------------------------------------------------------
    def add(self, docs: Iterable[RefDoc], *, batch: int = 500,
            renamed: list[tuple[str, str]] | None = None) -> tuple[int, int]:
        """Add (or replace, by id) documents; returns (added, replaced). Commits every `batch`.

        A document with a `former_id` the index holds with the same text replaces that one too (counted
        as replaced), and (former id, id) is appended to `renamed`: an index built before subfolders'
        records were named by their path ("wire:1", now "reuters/wire:1") had got every such record twice
        when its folder was added again. A former id holding another text is left as it is."""
        self._writable()
        added = replaced = 0
        renamed = [] if renamed is None else renamed
        pending: list[RefDoc] = []
        for doc in docs:
            pending.append(doc)
            if len(pending) >= batch:
                a, r = self._add_batch(pending, renamed)
                added, replaced, pending = added + a, replaced + r, []
        if pending:
            a, r = self._add_batch(pending, renamed)
            added, replaced = added + a, replaced + r
        return added, replaced

    def _add_batch(self, docs: list[RefDoc], renamed: list[tuple[str, str]]) -> tuple[int, int]:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        prepared = []
        for doc in docs:
            if not doc.id or not doc.text.strip():
                raise InputError(f"reference document {doc.id!r} has no id or no text")
            words = norm_words(doc.text)
            prepared.append((doc, band_keys(words), self._passage_keys(words)))
        added = replaced = 0
        with self._lock, _sqlite_errors(self.path, "write to"), self.conn:
            for doc, keys, parts in prepared:
                old = self.conn.execute("SELECT rowid, body FROM docs WHERE id = ?", (doc.id,)).fetchone()
                if old:
                    self._delete_row(old[0], _inflate(old[1]))
                if doc.former_id and doc.former_id != doc.id and self._drop_same(doc.former_id, doc.text):
                    renamed.append((doc.former_id, doc.id))
                    old = True
                if old:
                    replaced += 1
                else:
                    added += 1
                cur = self.conn.execute(
                    "INSERT INTO docs (id, title, source, chars, added, body) VALUES (?, ?, ?, ?, ?, ?)",
                    (doc.id, doc.title, doc.source, len(doc.text), now, zlib.compress(doc.text.encode("utf-8"), 6)),
                )
                self.conn.executemany("INSERT OR IGNORE INTO lsh (key, doc) VALUES (?, ?)", [(k, cur.lastrowid) for k in keys])
                for table, table_keys in parts:
                    self.conn.executemany(f"INSERT OR IGNORE INTO {table} (key, doc) VALUES (?, ?)",
                                          [(k, cur.lastrowid) for k in table_keys])
        return added, replaced

    def _drop_same(self, doc_id: str, text: str) -> bool:
        """Delete the document `doc_id` if it holds `text`; whether it did (one lookup by id)."""
        row = self.conn.execute("SELECT rowid, body FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row is None or _inflate(row[1]) != text:
            return False
        self._delete_row(row[0], text)
        return True

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Remove documents by id; returns the ids that were not in the index."""
        self._writable()
        missing = []
        with self._lock, _sqlite_errors(self.path, "write to"), self.conn:
            for doc_id in ids:
                row = self.conn.execute("SELECT rowid, body FROM docs WHERE id = ?", (doc_id,)).fetchone()
                if row is None:
                    missing.append(doc_id)
                else:
                    self._delete_row(row[0], _inflate(row[1]))
        return missing

    def _delete_row(self, rowid: int, text: str) -> None:
        # the band keys are recomputed from the stored text: no second index on lsh.doc is needed
        words = norm_words(text)
        self.conn.executemany("DELETE FROM lsh WHERE key = ? AND doc = ?", [(k, rowid) for k in band_keys(words)])
        for table, keys in self._passage_keys(words):
            self.conn.executemany(f"DELETE FROM {table} WHERE key = ? AND doc = ?", [(k, rowid) for k in keys])
        self.conn.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))

    def _passage_keys(self, words: list[str]) -> list[tuple[str, list[int]]]:
        """(table, keys) for each passage table the file has: a document goes into those it has, so
        none is half-filled."""
        keyers = {"grams": gram_keys, "parts": part_keys}
        return [(table, keyers[table](words)) for table in sorted(self.passage_tables())]

    def passage_tables(self) -> set[str]:
        """Which of the tables that trace passages the file has: ``grams`` (built since session 21),
        ``parts`` (sessions 14 to 20: traces passages of 40 words and more well, shorter ones often
        not), or neither (built before: passages cannot be traced until it is rebuilt)."""
        if self._tables is None:
            rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('grams', 'parts')")
            self._tables = {r[0] for r in rows}
        return self._tables

    def has_parts(self) -> bool:
        """Whether passages can be traced in this file at all (it has the ``grams`` or ``parts`` table)."""
        return bool(self.passage_tables())

    def traces_short_passages(self) -> bool:
        """Whether the file traces passages down to TRACE_WORDS words (it has the ``grams`` table)."""
        return "grams" in self.passage_tables()

    def _writable(self) -> None:
        if self.readonly:
            raise ConfigurationError(f"the reference index {self.path} is open read-only")

    # ---- reading ------------------------------------------------------------------------------
    def __len__(self) -> int:
        with self._lock, _sqlite_errors(self.path, "read"):
            return self.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]

    def entries(self, *, limit: int | None = None, offset: int = 0) -> Iterator[Entry]:
        sql = "SELECT id, title, source, chars, added FROM docs ORDER BY rowid LIMIT ? OFFSET ?"
        with self._lock, _sqlite_errors(self.path, "read"):
            rows = self.conn.execute(sql, (-1 if limit is None else limit, offset)).fetchall()
        for row in rows:
            yield Entry(*row)

    def get(self, doc_id: str) -> RefDoc | None:
        with self._lock, _sqlite_errors(self.path, "read"):
            row = self.conn.execute("SELECT id, title, body, source FROM docs WHERE id = ?", (doc_id,)).fetchone()
            return RefDoc(row[0], row[1], _inflate(row[2]), row[3]) if row else None

    def candidates(self, words: list[str], *, limit: int = 10) -> list[tuple[int, int]]:
        """(rowid, shared bands) of the documents sharing most LSH bands with `words`."""
        keys = band_keys(words)
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        sql = f"SELECT doc, COUNT(*) AS n FROM lsh WHERE key IN ({marks}) GROUP BY doc ORDER BY n DESC, doc LIMIT ?"
        with self._lock, _sqlite_errors(self.path, "read"):
            return [(r[0], r[1]) for r in self.conn.execute(sql, (*keys, limit))]

    def search(self, text: str, *, limit: int = 5, candidates: int = 10) -> list[tuple[Hit, RefDoc]]:
        """The references sharing the most text with `text`, best first, each with its document."""
        words = norm_words(text)
        query = shingles(words)
        if not query:
            return []
        out = self._checked(query, dict(self.candidates(words, limit=candidates)))
        out.sort(key=lambda h: (-h[0].containment, -h[0].resemblance, h[0].id))
        return out[:limit]

    def _checked(self, query: set[str], bands: dict[int, int]) -> list[tuple[Hit, RefDoc]]:
        """The candidate documents (``{rowid: shared bands}``) that share shingles with `query`, each
        with its exact containment and resemblance, in rowid order."""
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        with self._lock, _sqlite_errors(self.path, "read"):  # (a stored text that no longer inflates is damage too)
            rows = self.conn.execute(f"SELECT rowid, id, title, source, body FROM docs WHERE rowid IN ({marks})", list(bands)).fetchall()
            texts = [_inflate(r[4]) for r in rows]
        if len(rows) < len(bands):  # the band tables point at documents that are gone: a damaged file
            raise ReferenceIndexError(f"could not read the reference index {self.path}: {len(bands) - len(rows)} indexed "
                                      "document(s) are missing (is the file damaged? rebuild it)")
        out = []
        for (rowid, doc_id, title, source, _), text_ref in zip(rows, texts):
            ref = shingles(norm_words(text_ref))
            shared = len(query & ref)
            if shared:
                hit = Hit(doc_id, title, source, shared / len(query), shared / len(query | ref), bands[rowid])
                out.append((hit, RefDoc(doc_id, title, text_ref, source)))
        return out

    def find_passage(self, text: str, *, exclude: Iterable[str] = (), min_containment: float = 0.8,
                     candidates: int = 5) -> tuple[Hit, RefDoc] | None:
        """The indexed document that holds the passage `text` (at least `min_containment` of its
        shingles), other than those in `exclude`; None when none does, or when the index was built
        without parts."""
        words = norm_words(text)
        query = shingles(words)
        if not query:
            return None
        skip = set(exclude)
        with self._lock, _sqlite_errors(self.path, "read"):
            tables = self.passage_tables()
            if not tables:
                return None
            if "grams" in tables:
                # every shingle's hash is looked up; the document that holds the passage also kept the
                # passage's own winnowed hashes (the least of each window inside it), so those rank first:
                # a short passage's shingles can each be common, its window's least hash picks its source
                table, keys = "grams", sorted({int(h) for h in gram_hashes(words)})
                kept = gram_keys(words)
                if len(keys) + len(kept) > MAX_QUERY_KEYS:  # a passage of many thousand words: its kept
                    keys = kept = kept[: MAX_QUERY_KEYS // 2]  # hashes alone, within SQLite's 32,766 variables
                rank = f"SUM(key IN ({','.join('?' * len(kept))})) AS w, COUNT(*) AS n"
                order, params = "w DESC, n DESC, doc", (*kept, *keys)
            else:
                table, keys = "parts", _bands(words, PART_ROWS, PART_BANDS)
                rank, order, params = "COUNT(*) AS n", "n DESC, doc", tuple(keys)
            marks = ",".join("?" * len(keys))
            ranked = self.conn.execute(f"SELECT doc, {rank} FROM {table} WHERE key IN ({marks}) GROUP BY doc "
                                       f"ORDER BY {order} LIMIT ?", (*params, candidates + len(skip)))
            best, found = self._unexcluded(ranked, skip, candidates)
        if table == "grams":
            # the document that holds the passage shares most of its kept hashes; one that shares under
            # half as many as the best (excluded or not) holds a common phrase or two of it (checking it
            # would cost reading a whole, maybe long, text)
            found = [(doc, n) for doc, n in found if 2 * n >= best]
        held = [h for h in self._checked(query, dict(found)) if h[0].containment >= min_containment]
        return min(held, key=lambda h: (-h[0].containment, h[0].id), default=None)

    def _unexcluded(self, ranked: sqlite3.Cursor, skip: set[str], candidates: int) -> tuple[int, list[tuple[int, int]]]:
        """The keys the first of the `ranked` rows (rowid, ..., keys shared) shares, excluded or not,
        and (rowid, keys shared) of the first `candidates` of them whose ids are not in `skip`. The
        rows are named a batch at a time: all the candidates a long `skip` made room for had been read
        in one query, and beyond SQLite's 32,766 variables it failed as "could not read the reference
        index"."""
        best, out = 0, []
        while len(out) < candidates and (rows := ranked.fetchmany(500)):
            best = best or rows[0][-1]
            named = dict(self.conn.execute(f"SELECT rowid, id FROM docs WHERE rowid IN ({','.join('?' * len(rows))})",
                                           [r[0] for r in rows]))
            out += [(r[0], r[-1]) for r in rows if named.get(r[0]) not in skip][: candidates - len(out)]
        return best, out

    def stats(self) -> dict[str, int]:
        with self._lock, _sqlite_errors(self.path, "read"):
            docs, chars = self.conn.execute("SELECT COUNT(*), COALESCE(SUM(chars), 0) FROM docs").fetchone()
            bands = self.conn.execute("SELECT COUNT(*) FROM lsh").fetchone()[0]
            tables = self.passage_tables()
            parts = self.conn.execute("SELECT COUNT(*) FROM parts").fetchone()[0] if "parts" in tables else None
            grams = self.conn.execute("SELECT COUNT(*) FROM grams").fetchone()[0] if "grams" in tables else None
        return {"documents": docs, "characters": chars, "lsh_rows": bands, "parts_rows": parts, "grams_rows": grams,
                "bytes": self.path.stat().st_size}


@contextmanager
def _sqlite_errors(path: Path, doing: str):
    """SQLite failures (a locked or corrupted file, a full disk) as one clear UnspinError."""
    try:
        yield
    except sqlite3.OperationalError as err:
        hint = " (another process is writing to it; try again when it is done)" if "locked" in str(err) else ""
        raise ReferenceIndexError(f"could not {doing} the reference index {path}: {err}{hint}") from None
    except sqlite3.DatabaseError as err:
        raise ReferenceIndexError(f"could not {doing} the reference index {path}: {err} (is the file damaged? rebuild it)") from None
    except zlib.error as err:  # a stored text that no longer inflates
        raise ReferenceIndexError(f"could not {doing} the reference index {path}: a stored document is damaged ({err}); rebuild it") from None


def _inflate(body: bytes) -> str:
    return zlib.decompress(body).decode("utf-8")


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    return head == b"SQLite format 3\x00"
