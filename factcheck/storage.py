"""A crash-safe TinyDB storage: an append-only journal in one file, compacted atomically.

The file is JSON Lines. Line 1 is a header (``{"format": "factcheck-store", "schema": N}``),
line 2 a snapshot of every table, and every later line a *delta*: for each table touched by
one write, the documents upserted and the ids deleted, or ``null`` for a dropped table.

Why a journal: TinyDB hands its storage the whole database on every write. Rewriting a 6 MB
file durably costs tens of milliseconds; appending the few documents that changed and
fsyncing costs about one. So ``write()`` finds what changed (TinyDB replaces the dict of the
table it touched and leaves the others alone; inside that table each document's encoded bytes
are compared with the bytes last written), appends one line, fsyncs, and only then returns.
When the deltas exceed half the snapshot (at least 1 MiB) the journal is compacted: a fresh
snapshot goes to a temporary file in the same folder, which is fsynced, renamed over the store
with ``os.replace`` and followed by an fsync of the folder. The replaced file is kept (a hard
link, no copy) as the newest rotating backup (``.bak1``; older ones move to ``.bak2`` and
``.bak3``); a copy is also made on open when the newest backup is 10 minutes of edits old. If
compaction fails (a full disk has no room for a second copy) the change is appended instead.

Opening is one scan: documents stay raw JSON (``msgspec.Raw``) until their table is first used
(``LazyTables``), and those raw bytes are the baseline for change detection.

Crash safety: a line is acknowledged only after fsync. A crash mid-append leaves a torn last
line, which is ignored when reading and cut away (under the lock) before the next append.
Anything else that does not parse -- an empty file, a cut-off snapshot, a bad line in the
middle -- is damage: the file is never replaced, and the error names it and the newest backup
that can be copied back.

Two processes: ``storage.lock`` is a cross-process lock (filelock) plus a thread lock. Taking it
re-reads what other processes appended, so a read-modify-write under the lock never loses an
update. ``read()`` itself checks ``os.stat`` on every call (cheap) and reads only the new tail
when the file grew, or reloads when it was replaced; ``external_changes`` counts those.
Use ``open_tinydb(path)`` rather than ``TinyDB(path, storage=JournalStorage)``: it also makes
TinyDB's tables forget their cached next document id and query results after such a reload
(otherwise an insert after another process's insert fails with "Document with ID n already
exists").

Rules for callers: change documents only through TinyDB (or hand ``write()`` a new dict for each
changed table) -- an in-place edit of a table is noticed only when no table at all was replaced
in that write, as a safety net; do read-modify-writes inside ``with storage.lock:`` (or
``storage.batch()``, which also turns the writes inside into one append).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import msgspec
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from factcheck.errors import StoreError

SCHEMA_VERSION = 1
FORMAT = "factcheck-store"
BACKUP_COUNT = 3
BACKUP_INTERVAL = 600.0  # seconds of editing between two backups made on open
COMPACT_MIN_BYTES = 1 << 20
# Compact when the deltas after the snapshot exceed this share of it (or COMPACT_MIN_BYTES).
# 0.5 keeps the worst-case open of a 6 MB store near 1.5x a fresh one; compaction then runs
# about every 3,000 ticks and costs one durable rewrite (~20-60 ms).
COMPACT_GROWTH = 0.5
LOCK_TIMEOUT = 15.0

Doc = dict[str, Any]
Table = dict[str, Doc]
Tables = dict[str, Table]
Migrate = Callable[[int, Tables], Tables]

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode


def _fsync_data(fd: int) -> None:
    # fdatasync is enough for an append: it flushes the new size with the data.
    getattr(os, "fdatasync", os.fsync)(fd)


class _Damage(Exception):
    """The file is ours but cannot be read; the text says why."""


class _NotAStore(Exception):
    """The file is not a factcheck store at all; the text says what it is."""


# --------------------------------------------------------------------------- parsing


def _header_line(schema: int) -> bytes:
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _encode({"format": FORMAT, "schema": schema, "created": created}) + b"\n"


def _check_tables(value: Any) -> Tables:
    if not isinstance(value, dict):
        raise ValueError("tables are not an object")
    for table in value.values():
        if not isinstance(table, dict):
            raise ValueError("a table is not an object")
        for doc in table.values():
            if not isinstance(doc, dict):
                raise ValueError("a document is not an object")
    return value


class _Change(msgspec.Struct, forbid_unknown_fields=True):
    """One table's change in a delta line; documents stay raw JSON until needed."""

    set: dict[str, msgspec.Raw] = {}
    delete: list[str | int] = msgspec.field(name="del", default_factory=list)


class _Record(msgspec.Struct, forbid_unknown_fields=True):
    delta: dict[str, _Change | None] | None = None
    snapshot: dict[str, dict[str, msgspec.Raw]] | None = None


RawTables = dict[str, dict[str, msgspec.Raw]]
_decode_record = msgspec.json.Decoder(_Record).decode


def _parse_record(line: bytes) -> _Record:
    """A snapshot or delta line; ValueError when the line is not one."""
    try:
        record = _decode_record(line)
    except msgspec.DecodeError as exc:
        raise ValueError(str(exc)) from None
    if (record.delta is None) == (record.snapshot is None):
        raise ValueError("not a store record")
    return record


def _fold(raw: RawTables, record: _Record) -> RawTables:
    """Apply one record to raw tables (the last version of each document wins)."""
    if record.snapshot is not None:
        return {name: dict(table) for name, table in record.snapshot.items()}
    assert record.delta is not None
    for name, change in record.delta.items():
        if change is None:
            raw.pop(name, None)
            continue
        table = raw.setdefault(name, {})
        table.update(change.set)
        for key in change.delete:
            table.pop(str(key), None)
    return raw


def _decode_doc(raw: msgspec.Raw) -> Doc:
    doc = _decode(raw)
    if not isinstance(doc, dict):
        raise _Damage("a document in it is not a JSON object")
    return doc


def _check_raw(raw: RawTables) -> None:
    for table in raw.values():
        for doc in table.values():
            if memoryview(doc)[:1] != b"{":
                raise _Damage("a document in it is not a JSON object")


class _Pending:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<table not decoded yet>"


_PENDING = _Pending()
OnDecode = Callable[["LazyTables", str, Table, dict[str, bytes]], None]


class LazyTables(dict):  # type: ignore[type-arg]
    """The dict of tables that ``read()`` returns; a table's documents are decoded from raw
    JSON the first time it is looked up, so opening a big store costs a scan, not 10,000s of
    dicts nobody looks at. Behaves as a plain dict (``[]``, ``get``, ``items``, ``dict(x)``,
    ``==``); only C code that walks dict internals (``msgspec.json.encode``) would see a
    placeholder -- use ``dict(tables)`` for that.
    """

    __slots__ = ("_on_decode", "_raw")

    def __init__(self, raw: RawTables, on_decode: OnDecode) -> None:
        dict.__init__(self, dict.fromkeys(raw, _PENDING))
        self._raw = raw
        self._on_decode = on_decode

    def is_pending(self, name: str) -> bool:
        return dict.get(self, name) is _PENDING

    def _decode(self, name: str) -> Table:
        raw = self._raw.pop(name)
        table = {key: _decode(doc) for key, doc in raw.items()}
        dict.__setitem__(self, name, table)
        self._on_decode(self, name, table, {key: bytes(doc) for key, doc in raw.items()})
        return table

    def _decode_all(self) -> None:
        for name in list(self._raw):
            self._decode(name)

    def __getitem__(self, name: str) -> Table:
        value = dict.__getitem__(self, name)
        return self._decode(name) if value is _PENDING else value

    def get(self, name: str, default: Any = None) -> Any:
        if name in self:
            return self[name]
        return default

    def setdefault(self, name: str, default: Any = None) -> Any:
        if name in self:
            return self[name]
        self[name] = default
        return default

    def pop(self, name: str, *default: Any) -> Any:
        if name in self:
            value = self[name]
            dict.__delitem__(self, name)
            return value
        if default:
            return default[0]
        raise KeyError(name)

    def popitem(self) -> tuple[str, Table]:
        self._decode_all()
        return dict.popitem(self)

    def __setitem__(self, name: str, table: Table) -> None:
        self._raw.pop(name, None)
        dict.__setitem__(self, name, table)

    def __delitem__(self, name: str) -> None:
        self._raw.pop(name, None)
        dict.__delitem__(self, name)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, table in dict(*args, **kwargs).items():
            self[name] = table

    def clear(self) -> None:
        self._raw.clear()
        dict.clear(self)

    def __iter__(self) -> Iterator[str]:  # also makes dict(x) and {**x} use __getitem__
        return iter(dict.keys(self))

    def items(self) -> Any:
        self._decode_all()
        return dict.items(self)

    def values(self) -> Any:
        self._decode_all()
        return dict.values(self)

    def copy(self) -> dict[str, Table]:
        return dict(self)

    def __eq__(self, other: object) -> bool:
        self._decode_all()
        if isinstance(other, LazyTables):
            other._decode_all()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._decode_all()
        return dict.__repr__(self)


def _describe_foreign(data: bytes) -> str:
    """What a file that is not a factcheck store looks like it is."""
    if data.startswith(b"SQLite format 3\0"):
        return "an SQLite database"
    if b"\0" in data[:4096]:
        return "a binary file"
    try:
        value = _decode(data)
    except msgspec.DecodeError:
        return "a text file" if data.strip() else "a blank file"
    tables = value.values() if isinstance(value, dict) else ()
    if tables and all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values()) for t in tables
    ):
        return "a plain TinyDB JSON file (import it with factcheck.storage.import_tinydb_json)"
    return "a JSON file of another kind"


def _parse_header(data: bytes) -> tuple[dict[str, Any], int]:
    """The header and the offset after it. Raises _Damage or _NotAStore."""
    if not data:
        raise _Damage("it is empty (0 bytes)")
    newline = data.find(b"\n")
    first = data if newline < 0 else data[:newline]
    try:
        header = _decode(first)
    except msgspec.DecodeError:
        header = None
    if not (isinstance(header, dict) and header.get("format") == FORMAT):
        prefix = b'{"format":"' + FORMAT.encode() + b'"'
        if first.startswith(prefix) or (newline < 0 and prefix.startswith(first)):
            raise _Damage("it is cut off inside its first line")
        raise _NotAStore(_describe_foreign(data))
    schema = header.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise _Damage("its header has no valid schema version")
    if newline < 0:
        raise _Damage("it is cut off after its first line")
    return header, newline + 1


def _split_records(
    data: bytes, offset: int, first_line: int
) -> tuple[list[_Record], int, int | None]:
    """Parse complete lines from ``offset``: (records, end of the last good line, bad line).

    A line that does not parse is tolerated only as the very last line (a torn append); the
    third value is then None. A bad line followed by good ones is reported by number.
    """
    records: list[_Record] = []
    end = offset
    pos = offset
    line_no = first_line
    bad_line: int | None = None
    size = len(data)
    while pos < size:
        newline = data.find(b"\n", pos)
        if newline < 0:
            break  # an unfinished line: a torn append or one being written right now
        line = data[pos:newline]
        if line.strip():
            try:
                records.append(_parse_record(line))
            except ValueError:
                if bad_line is not None:
                    raise _Damage(f"line {bad_line} is damaged") from None
                bad_line = line_no
                pos = newline + 1
                line_no += 1
                continue
            if bad_line is not None:
                raise _Damage(f"line {bad_line} is damaged")
        if bad_line is None:
            end = newline + 1
        pos = newline + 1
        line_no += 1
    return records, end, bad_line


# --------------------------------------------------------------------------- the lock


class StoreLock:
    """Cross-process (filelock) and cross-thread lock around a read-modify-write.

    Re-entrant. Taking it (outermost) picks up whatever other processes wrote, so the data read
    inside it is current. ``filelock`` is None for a read-only store (nothing to protect).
    """

    def __init__(self, storage: JournalStorage, lock_path: str | None, timeout: float) -> None:
        self.filelock: FileLock | None = (
            FileLock(lock_path, thread_local=False) if lock_path else None
        )
        self.thread = threading.RLock()
        self._depth = 0
        self._storage = storage
        self._timeout = timeout

    @property
    def is_locked(self) -> bool:
        return self._depth > 0

    def acquire(self, *, refresh: bool = True) -> None:
        self.thread.acquire()
        try:
            if self._depth == 0 and self.filelock is not None:
                try:
                    self.filelock.acquire(timeout=self._timeout)
                except Timeout:
                    raise StoreError(
                        f"the store {self._storage.path} is busy: another factcheck process "
                        f"has held its lock for {self._timeout:g} s; try again"
                    ) from None
                except OSError as exc:
                    raise StoreError(
                        f"cannot lock the store {self._storage.path}: {exc.strerror or exc}"
                    ) from None
            self._depth += 1
        except BaseException:
            self.thread.release()
            raise
        if refresh and self._depth == 1:
            try:
                self._storage.refresh()
            except BaseException:
                self.release()
                raise

    def release(self) -> None:
        self._depth -= 1
        try:
            if self._depth == 0 and self.filelock is not None:
                self.filelock.release()
        finally:
            self.thread.release()

    @contextlib.contextmanager
    def held(self, *, refresh: bool = True) -> Iterator[None]:
        self.acquire(refresh=refresh)
        try:
            yield
        finally:
            self.release()

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# --------------------------------------------------------------------------- the storage


class JournalStorage(Storage):
    """TinyDB storage: ``TinyDB(path, storage=JournalStorage)``. See the module docstring."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        create: bool = True,
        schema: int = SCHEMA_VERSION,
        migrate: Migrate | None = None,
        create_dirs: bool = False,
        compact_min_bytes: int = COMPACT_MIN_BYTES,
        backups: int = BACKUP_COUNT,
        backup_interval: float = BACKUP_INTERVAL,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.path = os.fspath(path)
        self.realpath = os.path.realpath(self.path)
        self.schema = schema
        self.readonly = readonly
        self.readonly_reason = "it was opened read-only" if readonly else ""
        self.external_changes = 0
        #: Called (no arguments) whenever the data was reloaded behind TinyDB's back: another
        #: process wrote, or a failed write was thrown away. open_tinydb() uses it to clear
        #: TinyDB's per-table caches.
        self.on_reload: list[Callable[[], None]] = []
        self.compact_min_bytes = compact_min_bytes
        self.backups = backups
        self.backup_interval = backup_interval
        self.compactions = 0

        self._tables: Tables | None = None
        self._known: dict[str, Table] = {}
        self._enc: dict[str, dict[str, bytes]] = {}
        self._fd: int | None = None
        self._sig: tuple[int, int, int, int] | None = None
        self._end = 0
        self._compact_at = compact_min_bytes
        self._batch_depth = 0
        self._dirty = False
        self._migrate = migrate
        self._file_schema = schema

        real = self.realpath
        if os.path.isdir(real):
            raise StoreError(f"the store path {self.path} is a directory, not a store file")
        folder = os.path.dirname(real) or "."
        exists = os.path.lexists(real)
        if not exists:
            if readonly or not create:
                raise StoreError(f"there is no store at {self.path}")
            if not os.path.isdir(folder):
                if not create_dirs:
                    raise StoreError(f"cannot create the store {self.path}: its folder is missing")
                try:
                    os.makedirs(folder, exist_ok=True)
                except OSError as exc:
                    raise StoreError(
                        f"cannot create the folder {folder}: {exc.strerror or exc}"
                    ) from None
        if not readonly:
            reason = self._readonly_reason(real if exists else None, folder)
            if reason:
                if not exists:
                    raise StoreError(f"cannot create the store {self.path}: {reason}")
                self.readonly, self.readonly_reason = True, reason
        self.lock = StoreLock(self, None if self.readonly else real + ".lock", lock_timeout)
        if not exists:  # (no backup of a store just created: there is nothing to keep)
            with self.lock.held(refresh=False):
                if not os.path.lexists(real):
                    self._create()
        self._loaded_bytes = b""
        self._load(keep_bytes=not self.readonly)
        if self._file_schema < self.schema:
            if not self.readonly:
                self._migrate_on_open()
        elif not self.readonly and exists:
            self._remove_leftovers()
            self._backup_on_open()

    # ------------------------------------------------------------------ TinyDB interface

    def read(self) -> Tables:
        """The tables, not copied (TinyDB calls this for every operation)."""
        with self.lock.thread:  # another thread may be applying a write right now
            if self._tables is None:
                self._load()
            elif not self._batch_depth:
                self._sync()
            assert self._tables is not None
            return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Persist what changed, durably, before returning; StoreError if it could not."""
        with self.lock.thread:  # waits for another thread's batch to finish
            if self._batch_depth:
                self._tables = data
                self._dirty = True
                return
            self._commit(data)

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd = None
        self._tables = None
        self._sig = None

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    # ------------------------------------------------------------------ public extras

    def refresh(self) -> bool:
        """Pick up changes made by other processes; True when there were any."""
        with self.lock.thread:
            if self._batch_depth:
                return False
            if self._tables is None:
                self._load()
                return True
            return self._sync()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Hold the lock and turn every write inside into one durable append at the end.

        If the block raises, its unsaved changes are thrown away (the data is reloaded).
        """
        with self.lock:
            self._batch_depth += 1
            ok = False
            try:
                yield
                ok = True
            finally:
                self._batch_depth -= 1
                if self._batch_depth == 0 and self._dirty:
                    self._dirty = False
                    if ok:
                        assert self._tables is not None
                        self._commit(self._tables)
                    else:
                        self._invalidate()

    def compact(self) -> None:
        """Rewrite the store as one snapshot now (also makes a backup of the old file)."""
        if self.readonly:
            raise StoreError(f"the store {self.path} is read-only ({self.readonly_reason})")
        with self.lock:
            self.read()
            self._compact_or_fail()

    def backup_paths(self) -> list[str]:
        return [f"{self.realpath}.bak{i}" for i in range(1, self.backups + 1)]

    # ------------------------------------------------------------------ opening

    @staticmethod
    def _readonly_reason(file: str | None, folder: str) -> str:
        with contextlib.suppress(OSError, AttributeError):
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return "it is on a read-only file system"
        if file is not None and not os.access(file, os.W_OK):
            return "the file is read-only"
        if not os.access(folder, os.W_OK):
            return f"its folder {folder} is not writable"
        return ""

    def _create(self) -> None:
        """Write an empty store atomically (never over an existing file)."""
        content = _header_line(self.schema) + _encode({"snapshot": {}}) + b"\n"
        tmp = self._write_temp(content, mode=0o666 & ~_umask())
        try:
            try:
                os.link(tmp, self.realpath)  # fails if the file appeared meanwhile
            except FileExistsError:
                pass
            except OSError:
                os.replace(tmp, self.realpath)  # no hard links here; we hold the lock
            self._fsync_folder()
        except OSError as exc:
            raise StoreError(
                f"cannot create the store {self.path}: {exc.strerror or exc}"
            ) from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _open_fd(self) -> tuple[int, bytes, os.stat_result]:
        flags = os.O_RDONLY if self.readonly else os.O_RDWR
        try:
            fd = os.open(self.realpath, flags | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            if self.readonly or exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from None
            self.readonly, self.readonly_reason = True, f"it cannot be written ({exc.strerror})"
            self.lock.filelock = None
            return self._open_fd()
        try:
            st = os.fstat(fd)
            data = _pread_all(fd, st.st_size)
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from None
        return fd, data, st

    def _parse_file(self, data: bytes) -> tuple[int, RawTables, int]:
        """(schema, raw tables, end of the last good line) or raise _Damage / _NotAStore."""
        header, offset = _parse_header(data)
        records, end, _bad = _split_records(data, offset, 2)
        if not records or records[0].snapshot is None:
            raise _Damage("it is cut off before its data")
        raw: RawTables = {}
        for record in records:
            raw = _fold(raw, record)
        return header["schema"], raw, end

    def _load(self, *, keep_bytes: bool = False) -> None:
        """(Re)load the whole file."""
        fd, data, st = self._open_fd()
        gc_was_on = gc.isenabled()
        gc.disable()  # building 10,000s of dicts: the cycle collector only slows it down
        try:
            schema, raw, end = self._parse_file(data)
            _check_raw(raw)
        except _NotAStore as exc:
            os.close(fd)
            raise StoreError(
                f"{self.path} is not a factcheck store: it looks like {exc}; it was left untouched"
            ) from None
        except _Damage as exc:
            os.close(fd)
            raise StoreError(self._damage_message(str(exc))) from None
        finally:
            if gc_was_on:
                gc.enable()
        tables: Tables = LazyTables(raw, self._on_decode)
        known: dict[str, Any] = dict.fromkeys(raw, _PENDING)
        enc: dict[str, Any] = dict(raw)  # raw JSON until a table is decoded, then bytes
        if schema < self.schema and self.readonly:  # upgrade in memory only
            tables = self._run_migration(schema, dict(tables))
            known = dict(tables)
            enc = {n: {i: _encode(d) for i, d in t.items()} for n, t in tables.items()}
        if schema > self.schema:
            os.close(fd)
            raise StoreError(
                f"the store {self.path} was made by a newer factcheck (schema {schema}; this one "
                f"reads up to {self.schema}); update factcheck to open it"
            )
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd = fd
        self._sig = _sig(st)
        self._end = end
        self._file_schema = schema
        self._tables = tables
        self._known = known
        self._enc = enc
        snapshot_end = data.find(b"\n", data.find(b"\n") + 1) + 1
        self._compact_at = self._compaction_point(snapshot_end)
        self._loaded_bytes = data[:end] if keep_bytes else b""

    def _damage_message(self, why: str) -> str:
        good = self._good_backups()
        where = f"the store {self.path}"
        if self.realpath != os.path.abspath(self.path):
            where += f" (really {self.realpath})"
        text = f"{where} is damaged: {why}; it was left untouched. "
        if good:
            path, mtime = good[0]
            when = datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
            text += f"The newest good backup is {path} ({when}): copy it over the store to restore"
        else:
            text += "No good backup of it was found"
        return text

    def _good_backups(self) -> list[tuple[str, float]]:
        folder = os.path.dirname(self.realpath) or "."
        base = os.path.basename(self.realpath)
        candidates = set(self.backup_paths())
        with contextlib.suppress(OSError):
            candidates.update(
                os.path.join(folder, n)
                for n in os.listdir(folder)
                if n.startswith(base + ".pre-migration-v")
            )
        good = []
        for candidate in candidates:
            try:
                with open(candidate, "rb") as f:
                    data = f.read()
                self._parse_file(data)
                good.append((candidate, os.stat(candidate).st_mtime))
            except (OSError, _Damage, _NotAStore):
                continue
        return sorted(good, key=lambda g: g[1], reverse=True)

    def _migrate_on_open(self) -> None:
        with self.lock.held(refresh=False):
            self._load(keep_bytes=True)
            old = self._file_schema
            if old >= self.schema:
                return
            keep = f"{self.realpath}.pre-migration-v{old}"
            try:
                tmp = self._write_temp(self._loaded_bytes, mode=0o600)
                os.replace(tmp, keep)
                self._fsync_folder()
            except OSError as exc:
                raise StoreError(
                    f"cannot back up the store {self.path} before upgrading it: "
                    f"{exc.strerror or exc}; nothing was changed"
                ) from None
            assert self._tables is not None
            tables = self._run_migration(old, dict(self._tables))
            self._tables = tables
            self._known = dict(tables)
            self._enc = {n: {i: _encode(d) for i, d in t.items()} for n, t in tables.items()}
            self._compact_or_fail()

    def _run_migration(self, old: int, tables: Tables) -> Tables:
        if self._migrate is None:
            return tables
        result = self._migrate(old, tables)
        return _check_tables(result)

    def _leftovers(self) -> list[str]:
        folder = os.path.dirname(self.realpath) or "."
        base = os.path.basename(self.realpath)
        names = os.listdir(folder)
        temp = [n for n in names if n.startswith(f".{base}.") and n.endswith(".tmp")]
        temp += [n for n in names if n == f"{base}.bak-new"]
        return [os.path.join(folder, n) for n in temp]

    def _remove_leftovers(self) -> None:
        """Delete temporary files left by a process killed in the middle of a compaction."""
        try:
            if not self._leftovers():
                return
            with self.lock.held(refresh=False):  # nobody is compacting while we hold it
                for path in self._leftovers():
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)
        except (OSError, StoreError):
            pass

    def _backup_on_open(self) -> None:
        """Copy the store to .bak1 if the newest backup is older than BACKUP_INTERVAL of edits."""
        if self.backups < 1 or self._sig is None:
            return
        newest = self.backup_paths()[0]
        try:
            backup_mtime = os.stat(newest).st_mtime_ns
        except OSError:
            backup_mtime = None
        store_mtime = self._sig[3]
        due = backup_mtime is None or store_mtime - backup_mtime > self.backup_interval * 1e9
        data, self._loaded_bytes = self._loaded_bytes, b""
        if not due or not data:
            return
        try:
            with self.lock.held(refresh=False):
                tmp = self._write_temp(data, mode=_mode_of(self.realpath))
                try:
                    self._rotate_backups(tmp)
                finally:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
        except (OSError, StoreError):
            pass  # a backup is a courtesy: never stop the user from working for it

    # ------------------------------------------------------------------ syncing

    def _on_decode(
        self, tables: LazyTables, name: str, table: Table, enc: dict[str, bytes]
    ) -> None:
        if tables is self._tables:
            self._known[name] = table
            self._enc[name] = enc

    def _invalidate(self) -> None:
        self._tables = None
        for callback in list(self.on_reload):
            callback()

    def _changed_externally(self) -> None:
        self.external_changes += 1
        for callback in list(self.on_reload):
            callback()

    def _sync(self) -> bool:
        """Catch up with the file on disk; True if another process's writes were loaded."""
        try:
            st = os.stat(self.realpath)
        except OSError:
            return False  # gone or unreachable: keep serving what we have
        sig = _sig(st)
        if sig == self._sig:
            return False
        old = self._sig
        assert old is not None and self._fd is not None and self._tables is not None
        if sig[:2] == old[:2] and sig[2] > old[2]:
            try:
                data = _pread_all(self._fd, sig[2] - self._end, self._end)
            except OSError:
                data = None
            if data is not None:
                try:
                    records, end, _bad = _split_records(data, 0, 0)
                except _Damage as exc:
                    raise StoreError(self._damage_message(str(exc))) from None
                if not any(record.snapshot is not None for record in records):
                    try:
                        for record in records:
                            self._apply(record)
                    except _Damage as exc:
                        self._invalidate()
                        raise StoreError(self._damage_message(str(exc))) from None
                    self._end += end
                    self._sig = sig
                    if records:
                        self._changed_externally()
                        return True
                    return False
        self._load()
        self._changed_externally()
        return True

    def _apply(self, record: _Record) -> None:
        """Apply another process's delta to the cached tables."""
        assert self._tables is not None and record.delta is not None
        for name, change in record.delta.items():
            if change is None:
                self._tables.pop(name, None)
                self._enc.pop(name, None)
                self._known.pop(name, None)
                continue
            if isinstance(self._tables, LazyTables) and self._tables.is_pending(name):
                raw = self._enc[name]  # the same dict the LazyTables will decode from
                for key, doc in change.set.items():
                    if memoryview(doc)[:1] != b"{":
                        raise _Damage("a document in it is not a JSON object")
                    raw[key] = doc
                for key in change.delete:
                    raw.pop(str(key), None)
                continue
            table = self._tables.get(name)
            if table is None:
                table = self._tables[name] = {}
            self._known[name] = table
            enc = self._enc.setdefault(name, {})
            for key, raw in change.set.items():
                table[key] = _decode_doc(raw)
                enc[key] = bytes(raw)
            for key in change.delete:
                table.pop(str(key), None)
                enc.pop(str(key), None)

    # ------------------------------------------------------------------ writing

    def _diff(self, data: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(delta to write, new state per table) between ``data`` and what is on disk."""
        delta: dict[str, Any] = {}
        state: dict[str, Any] = {}
        for name in self._known:
            if name not in data:
                delta[name] = None
                state[name] = None
        cache = self._tables
        items = [
            (name, table)
            for name, table in dict.items(data)  # (dict.items: decodes nothing)
            if table is not _PENDING and self._known.get(name) is not table
        ]
        if not items and not delta:
            # TinyDB always hands over a new dict for the table it changed. A write with
            # none is someone's in-place edit: compare every decoded table to be safe.
            items = [(n, t) for n, t in dict.items(data) if t is not _PENDING]
        for name, table in items:
            if isinstance(cache, LazyTables) and cache.is_pending(name):
                cache[name]  # decode it: its bytes are the baseline for the comparison
            old = self._enc.get(name)
            new: dict[str, bytes] = {}
            upserts: dict[str, msgspec.Raw] = {}
            for doc_id, doc in table.items():
                key = str(doc_id)
                encoded = _encode(doc)
                new[key] = encoded
                if old is None or old.get(key) != encoded:
                    upserts[key] = msgspec.Raw(encoded)
            deleted = [k for k in old if k not in new] if old is not None else []
            state[name] = (table, new)
            if old is None or upserts or deleted:
                change: dict[str, Any] = {"set": upserts}
                if deleted:
                    change["del"] = deleted
                delta[name] = change
        return delta, state

    def _commit(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            self._invalidate()
            raise StoreError(
                f"the store {self.path} is read-only ({self.readonly_reason}); "
                "your last change was not saved"
            )
        with self.lock.held(refresh=False):
            if self._tables is None:  # e.g. drop_tables() right after a failed write
                self._load()
            try:
                delta, state = self._diff(data)
            except (TypeError, ValueError, msgspec.EncodeError) as exc:
                self._invalidate()
                raise StoreError(
                    f"could not save to {self.path}: {exc}; your last change was not saved"
                ) from None
            if not delta:
                self._adopt(data, state)
                return
            try:
                st = os.stat(self.realpath)
            except OSError as exc:
                self._invalidate()
                raise StoreError(self._save_failed(exc)) from None
            if _sig(st) != self._sig:
                # Written by someone else since we read (a caller outside the lock): load
                # their state and put our change on top of it.
                try:
                    self._load()
                except StoreError:
                    self._invalidate()
                    raise
                self._changed_externally()
                assert self._tables is not None
                for name, change in delta.items():
                    if change is None:
                        self._tables.pop(name, None)
                        self._known.pop(name, None)
                        self._enc.pop(name, None)
                        continue
                    table, new = state[name]
                    target = self._tables.setdefault(name, {})
                    self._known[name] = target
                    enc = self._enc.setdefault(name, {})
                    for key in change["set"]:
                        target[key] = table[key] if key in table else table[int(key)]
                        enc[key] = new[key]
                    for key in change.get("del", ()):
                        target.pop(key, None)
                        enc.pop(key, None)
            else:
                self._adopt(data, state)
            line = _encode({"delta": delta}) + b"\n"
            if self._end + len(line) > self._compact_at:
                try:
                    self._write_snapshot()
                    return
                except OSError:
                    # No room for a whole new copy? A small append may still fit: the change
                    # is kept, and compaction is tried again later.
                    self._compact_at = self._end + len(line) + self.compact_min_bytes
            self._append(line)

    def _adopt(self, data: dict[str, dict[str, Any]], state: dict[str, Any]) -> None:
        self._tables = data
        for name, value in state.items():
            if value is None:
                self._known.pop(name, None)
                self._enc.pop(name, None)
            else:
                self._known[name], self._enc[name] = value

    def _save_failed(self, exc: OSError) -> str:
        return (
            f"could not save to {self.path}: {exc.strerror or exc}; your last change was not saved"
        )

    def _append(self, line: bytes) -> None:
        fd = self._fd
        assert fd is not None and self._sig is not None
        start = self._end
        try:
            if self._sig[2] != start:
                os.ftruncate(fd, start)  # a torn line left by a crashed writer
            _pwrite_all(fd, line, start)
            _fsync_data(fd)
            st = os.fstat(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
                os.fsync(fd)
            self._invalidate()
            raise StoreError(self._save_failed(exc)) from None
        self._end = start + len(line)
        self._sig = _sig(st)

    def _write_snapshot(self) -> None:
        """Compact: the whole state to a temp file, fsync, replace, fsync the folder.

        Raises OSError if it failed before the store was replaced (the store is untouched and
        the temporary file removed; the cache is still valid), StoreError if it failed after.
        """
        snapshot = {
            n: {k: b if isinstance(b, msgspec.Raw) else msgspec.Raw(b) for k, b in t.items()}
            for n, t in self._enc.items()
        }
        content = _header_line(self.schema) + _encode({"snapshot": snapshot}) + b"\n"
        keep = f"{self.realpath}.bak-new"
        tmp = self._write_temp(content, mode=_mode_of(self.realpath))
        linked = False
        try:
            if self.backups > 0:
                with contextlib.suppress(OSError):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(keep)
                    os.link(self.realpath, keep)  # the old file lives on as the newest backup
                    linked = True
            os.replace(tmp, self.realpath)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if linked:
                with contextlib.suppress(OSError):
                    os.unlink(keep)
            raise
        try:
            self._fsync_folder()
            fd = os.open(self.realpath, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
            st = os.fstat(fd)
        except OSError as exc:
            self._invalidate()
            raise StoreError(
                f"could not save to {self.path}: {exc.strerror or exc}; "
                "your last change may not have been saved"
            ) from None
        if linked:
            with contextlib.suppress(OSError):
                self._rotate_backups(keep)
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd = fd
        self._sig = _sig(st)
        self._end = len(content)
        self._file_schema = self.schema
        self._compact_at = self._compaction_point(len(content))
        self.compactions += 1

    def _compact_or_fail(self) -> None:
        try:
            self._write_snapshot()
        except OSError as exc:
            self._invalidate()
            raise StoreError(self._save_failed(exc)) from None

    def _compaction_point(self, snapshot_size: int) -> int:
        return snapshot_size + max(self.compact_min_bytes, int(COMPACT_GROWTH * snapshot_size))

    def _rotate_backups(self, newest: str) -> None:
        """Move .bak1 -> .bak2 -> ... and put ``newest`` in as .bak1."""
        paths = self.backup_paths()
        for older, younger in zip(reversed(paths[1:]), reversed(paths[:-1]), strict=True):
            with contextlib.suppress(FileNotFoundError):
                os.replace(younger, older)
        os.replace(newest, paths[0])
        self._fsync_folder()

    def _write_temp(self, content: bytes, *, mode: int) -> str:
        folder = os.path.dirname(self.realpath) or "."
        base = os.path.basename(self.realpath)
        tmp = os.path.join(folder, f".{base}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
        try:
            view = memoryview(content)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "the disk accepted no data")
                view = view[written:]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.close(fd)
        return tmp

    def _fsync_folder(self) -> None:
        folder = os.path.dirname(self.realpath) or "."
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- helpers


def _sig(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)


def _pread_all(fd: int, size: int, offset: int = 0) -> bytes:
    chunks = []
    while size > 0:
        chunk = os.pread(fd, size, offset)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        if written <= 0:
            raise OSError(errno.EIO, "the disk accepted no data")
        view = view[written:]
        offset += written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_of(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


# --------------------------------------------------------------------------- conveniences


def open_tinydb(path: str | os.PathLike[str], **kwargs: Any) -> TinyDB:
    """``TinyDB(path, storage=JournalStorage, **kwargs)`` whose tables forget their caches
    (query cache, next document id) whenever another process's writes are loaded."""
    db = TinyDB(os.fspath(path), storage=JournalStorage, **kwargs)
    storage = db.storage
    assert isinstance(storage, JournalStorage)

    def forget() -> None:
        for table in db._tables.values():
            table.clear_cache()
            table._next_id = None

    storage.on_reload.append(forget)
    return db


def import_tinydb_json(source: str | os.PathLike[str], store: str | os.PathLike[str]) -> int:
    """Copy a plain TinyDB JSON file into a new store; returns the number of documents."""
    try:
        with open(source, "rb") as f:
            data = _decode(f.read())
        tables = _check_tables(data)
    except (OSError, msgspec.DecodeError, ValueError) as exc:
        raise StoreError(
            f"cannot import {os.fspath(source)}: not a TinyDB JSON file ({exc})"
        ) from None
    if os.path.lexists(store):
        raise StoreError(f"cannot import into {os.fspath(store)}: the file already exists")
    storage = JournalStorage(store)
    try:
        storage.write({n: {str(k): v for k, v in t.items()} for n, t in tables.items()})
    finally:
        storage.close()
    return sum(len(t) for t in tables.values())
