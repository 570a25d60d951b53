"""JournalStorage: round trips, compaction, injected failures, damage, backups, paths, versions."""

from __future__ import annotations

import errno
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from factcheck.errors import StoreError
from factcheck.storage import JournalStorage, LazyTables, import_tinydb_json, open_tinydb


def _open(path: Path, **kwargs: Any) -> TinyDB:
    return TinyDB(str(path), storage=JournalStorage, **kwargs)


def _data(path: Path, **kwargs: Any) -> dict[str, Any]:
    """What a fresh process would read from ``path``."""
    storage = JournalStorage(path, **kwargs)
    try:
        return msgspec.json.decode(msgspec.json.encode(dict(storage.read())))
    finally:
        storage.close()


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp") or "bak-new" in p.name]


def _claim(i: int) -> dict[str, Any]:
    return {
        "text": f"Claim {i}: the city says its tram cut car traffic by {i}% in a year.",
        "verdict": "unchecked",
        "checklist": [
            {"id": f"item{i}-{k}", "label": "Find the source", "done": False} for k in range(6)
        ],
        "rev": 0,
    }


def _random_ops(db: TinyDB, rng: random.Random, n: int) -> None:
    for _ in range(n):
        table = db.table(f"claims:{rng.randrange(5)}")
        op = rng.random()
        ids = [d.doc_id for d in table.all()]
        if op < 0.45 or not ids:
            table.insert(_claim(rng.randrange(1000)))
        elif op < 0.8:
            doc_id = rng.choice(ids)
            doc = table.get(doc_id=doc_id)
            assert doc is not None
            checklist = [dict(item) for item in doc["checklist"]]
            checklist[rng.randrange(6)]["done"] = rng.random() < 0.5
            table.update({"checklist": checklist, "rev": doc["rev"] + 1}, doc_ids=[doc_id])
        elif op < 0.95:
            table.remove(doc_ids=[rng.choice(ids)])
        elif op < 0.98:
            table.truncate()
        else:
            db.drop_table(table.name)


# ----------------------------------------------------------------------------- round trips


def test_round_trip_matches_memory_storage(db_path: Path) -> None:
    journal = _open(db_path)
    memory = TinyDB(storage=MemoryStorage)
    _random_ops(journal, random.Random(7), 300)
    _random_ops(memory, random.Random(7), 300)
    expected = msgspec.json.decode(msgspec.json.encode(memory.storage.read()))
    assert journal.storage.read() == expected
    journal.close()
    assert _data(db_path) == expected
    assert len(expected) >= 3


def test_update_writes_one_small_line_per_change(db_path: Path) -> None:
    db = _open(db_path)
    table = db.table("claims:a")
    table.insert_multiple(_claim(i) for i in range(100))
    before = db_path.stat().st_size
    table.update({"rev": 1}, doc_ids=[50])
    added = _lines(db_path)[-1]
    assert db_path.stat().st_size - before == len(added) + 1
    assert len(added) < 1000  # one document, not the table
    assert msgspec.json.decode(added) == {
        "delta": {"claims:a": {"set": {"50": {**_claim(49), "rev": 1}}}}
    }


def test_write_without_changes_writes_nothing(db_path: Path) -> None:
    db = _open(db_path)
    db.table("t").insert({"a": 1})
    size = db_path.stat().st_size
    db.table("t").update({"a": 1}, doc_ids=[1])
    assert db_path.stat().st_size == size


def test_reopen_keeps_many_tables(db_path: Path) -> None:
    db = _open(db_path)
    for t in range(40):
        db.table(f"claims:{t}").insert_multiple(_claim(i) for i in range(5))
    db.drop_table("claims:3")
    db.close()
    data = _data(db_path)
    assert len(data) == 39
    assert "claims:3" not in data
    assert data["claims:39"]["5"] == _claim(4)


def test_batch_is_one_append_and_rolls_back_on_error(db_path: Path) -> None:
    db = _open(db_path)
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    with storage.batch():
        db.table("a").insert({"n": 1})
        db.table("b").insert({"n": 2})
        db.table("a").update({"n": 3}, doc_ids=[1])
    assert msgspec.json.decode(_lines(db_path)[-1]) == {
        "delta": {"a": {"set": {"1": {"n": 3}}}, "b": {"set": {"1": {"n": 2}}}}
    }
    size = db_path.stat().st_size
    with pytest.raises(RuntimeError), storage.batch():
        db.table("a").update({"n": 99}, doc_ids=[1])
        raise RuntimeError("boom")
    assert db_path.stat().st_size == size
    assert db.table("a").get(doc_id=1) == {"n": 3}


# ----------------------------------------------------------------------------- compaction


def test_compaction_keeps_data_and_makes_backups(db_path: Path) -> None:
    db = _open(db_path, compact_min_bytes=4000)
    memory = TinyDB(storage=MemoryStorage)
    _random_ops(db, random.Random(3), 200)
    _random_ops(memory, random.Random(3), 200)
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    assert storage.compactions >= 3
    expected = msgspec.json.decode(msgspec.json.encode(memory.storage.read()))
    db.close()
    assert _data(db_path) == expected
    lines = _lines(db_path)
    assert msgspec.json.decode(lines[0])["format"] == "factcheck-store"
    assert b"snapshot" in lines[1]
    assert db_path.stat().st_size < 4000 + 3 * len(lines[1])
    backups = [Path(f"{db_path}.bak{i}") for i in (1, 2, 3)]
    assert all(b.exists() for b in backups)
    assert not Path(f"{db_path}.bak4").exists()
    assert backups[0].stat().st_mtime >= backups[2].stat().st_mtime
    assert _temp_files(db_path.parent) == []


def test_backup_restores_the_previous_state(db_path: Path) -> None:
    db = _open(db_path)
    db.table("t").insert({"v": "old"})
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    storage.compact()  # the old file becomes .bak1
    db.table("t").update({"v": "new"}, doc_ids=[1])
    db.close()
    backup = Path(f"{db_path}.bak1")
    assert _data(backup) == {"t": {"1": {"v": "old"}}}
    shutil.copyfile(backup, db_path)
    assert _data(db_path) == {"t": {"1": {"v": "old"}}}


def test_backup_on_open_only_when_due(db_path: Path) -> None:
    db = _open(db_path)
    db.table("t").insert({"v": 1})
    db.close()
    backup = Path(f"{db_path}.bak1")
    assert not backup.exists()  # a brand-new store is not backed up
    JournalStorage(db_path).close()
    assert _data(backup) == {"t": {"1": {"v": 1}}}
    mtime = backup.stat().st_mtime_ns
    db = _open(db_path)
    db.table("t").insert({"v": 2})
    db.close()
    JournalStorage(db_path).close()  # edited within the interval: no new backup
    assert backup.stat().st_mtime_ns == mtime
    assert not Path(f"{db_path}.bak2").exists()
    JournalStorage(db_path, backup_interval=-1).close()
    assert _data(backup) == {"t": {"1": {"v": 1}, "2": {"v": 2}}}
    assert _data(Path(f"{db_path}.bak2")) == {"t": {"1": {"v": 1}}}


# ----------------------------------------------------------------------------- failures


def _failing(real: Callable[..., Any], exc: OSError, *, after: int = 0) -> Callable[..., Any]:
    calls = {"n": 0}

    def fake(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > after:
            raise exc
        return real(*args, **kwargs)

    return fake


ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
EIO = OSError(errno.EIO, os.strerror(errno.EIO))


def _make_half_pwrite(real: Callable[..., int]) -> Callable[..., int]:
    """Write half, then fail: a disk that filled up in the middle of an append."""

    def fake(fd: int, data: Any, offset: int) -> int:
        real(fd, bytes(data)[: max(1, len(data) // 2)], offset)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return fake


APPEND_FAILURES = {
    "pwrite-enospc": ("pwrite", lambda real: _failing(real, ENOSPC)),
    "pwrite-partial": ("pwrite", _make_half_pwrite),
    "fdatasync-eio": ("fdatasync", lambda real: _failing(real, EIO)),
}


@pytest.mark.parametrize("case", sorted(APPEND_FAILURES))
def test_failed_append_keeps_previous_state(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    db = _open(db_path)
    table = db.table("claims:a")
    table.insert_multiple(_claim(i) for i in range(10))
    before = db_path.read_bytes()
    name, make = APPEND_FAILURES[case]
    real = getattr(os, name)
    with monkeypatch.context() as m:
        m.setattr(os, name, make(real))
        with pytest.raises(StoreError) as info:
            table.update({"verdict": "false"}, doc_ids=[3])
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"could not save to {db_path}: ")
    assert message.endswith("your last change was not saved")
    assert db_path.read_bytes() == before
    assert table.get(doc_id=3)["verdict"] == "unchecked"  # memory reloaded from disk
    assert _temp_files(db_path.parent) == []
    table.update({"verdict": "true"}, doc_ids=[3])  # usable again
    assert _data(db_path)["claims:a"]["3"]["verdict"] == "true"


COMPACT_FAILURES = {
    "write-enospc": ("write", ENOSPC, 0),
    "write-enospc-midway": ("write", ENOSPC, 1),
    "fsync-eio": ("fsync", EIO, 0),
    "replace-eio": ("replace", EIO, 0),
    "link-eperm": ("link", OSError(errno.EPERM, "Operation not permitted"), 0),
}


def _patch(m: pytest.MonkeyPatch, name: str, exc: OSError, after: int) -> None:
    real = getattr(os, name)
    if name == "write":

        def short_write(fd: int, data: Any) -> int:  # 100 bytes per call
            return real(fd, bytes(data)[:100])

        m.setattr(os, "write", _failing(short_write, exc, after=after))
    else:
        m.setattr(os, name, _failing(real, exc, after=after))


@pytest.mark.parametrize("case", sorted(COMPACT_FAILURES))
def test_failed_compaction_falls_back_to_an_append(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    db = _open(db_path)
    table = db.table("claims:a")
    table.insert_multiple(_claim(i) for i in range(50))
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    storage._compact_at = 0  # the next write compacts
    before = db_path.read_bytes()
    inode = db_path.stat().st_ino
    name, exc, after = COMPACT_FAILURES[case]
    with monkeypatch.context() as m:
        _patch(m, name, exc, after)
        table.update({"verdict": "false"}, doc_ids=[3])  # saved all the same
    assert _temp_files(db_path.parent) == []
    assert _data(db_path)["claims:a"]["3"]["verdict"] == "false"
    if name == "link":  # compaction went ahead, only without a backup link
        assert storage.compactions == 1
        assert db_path.stat().st_ino != inode
        return
    assert storage.compactions == 0
    assert db_path.stat().st_ino == inode
    assert db_path.read_bytes().startswith(before)  # the old content, plus one line
    assert db_path.read_bytes().count(b"\n") == before.count(b"\n") + 1
    storage._compact_at = 0
    table.update({"verdict": "true"}, doc_ids=[3])  # and compaction works again
    assert storage.compactions == 1
    assert _data(db_path)["claims:a"]["3"]["verdict"] == "true"


@pytest.mark.parametrize("case", ["write-enospc", "fsync-eio", "replace-eio"])
def test_failed_compaction_and_append_keep_previous_state(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    db = _open(db_path)
    table = db.table("claims:a")
    table.insert_multiple(_claim(i) for i in range(50))
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    storage._compact_at = 0
    before = db_path.read_bytes()
    name, exc, after = COMPACT_FAILURES[case]
    with monkeypatch.context() as m:
        _patch(m, name, exc, after)
        m.setattr(os, "pwrite", _failing(os.pwrite, ENOSPC))
        with pytest.raises(StoreError) as info:
            table.update({"verdict": "false"}, doc_ids=[3])
    message = str(info.value)
    assert (
        message
        == f"could not save to {db_path}: No space left on device; your last change was not saved"
    )
    assert db_path.read_bytes() == before
    assert _temp_files(db_path.parent) == []
    assert table.get(doc_id=3)["verdict"] == "unchecked"
    table.update({"verdict": "true"}, doc_ids=[3])
    assert _data(db_path)["claims:a"]["3"]["verdict"] == "true"


def test_failed_explicit_compaction_is_a_store_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _open(db_path)
    db.table("t").insert({"n": 1})
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    before = db_path.read_bytes()
    with monkeypatch.context() as m:
        m.setattr(os, "replace", _failing(os.replace, EIO))
        with pytest.raises(StoreError, match="Input/output error"):
            storage.compact()
    assert db_path.read_bytes() == before
    assert _temp_files(db_path.parent) == []
    assert db.table("t").all() == [{"n": 1}]


def test_unencodable_value_is_a_store_error(db_path: Path) -> None:
    db = _open(db_path)
    db.table("t").insert({"a": 1})
    with pytest.raises(StoreError, match="could not save"):
        db.table("t").update({"a": object()}, doc_ids=[1])
    assert db.table("t").get(doc_id=1) == {"a": 1}


# ----------------------------------------------------------------------------- damage


def _store_with_backup(db_path: Path) -> Path:
    db = _open(db_path)
    db.table("t").insert_multiple({"n": i, "text": "x" * 50} for i in range(20))
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    storage.compact()
    db.table("t").insert({"n": 99})
    db.close()
    return Path(f"{db_path}.bak1")


DAMAGES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "empty": (lambda data: b"", "it is empty (0 bytes)"),
    "cut-in-snapshot": (
        lambda data: data[: data.index(b"\n") + 200],
        "it is cut off before its data",
    ),
    "cut-in-header": (lambda data: data[:20], "it is cut off inside its first line"),
    "bad-middle-line": (
        lambda data: data.replace(b'\n{"delta"', b'\n{"delta"\x00garbage\n{"delta"', 1),
        "line 3 is damaged",
    ),
}


@pytest.mark.parametrize("case", sorted(DAMAGES))
def test_damaged_store_is_refused_and_left_alone(db_path: Path, case: str) -> None:
    backup = _store_with_backup(db_path)
    damage, why = DAMAGES[case]
    db_path.write_bytes(damage(db_path.read_bytes()))
    before = db_path.read_bytes()
    listing = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(StoreError) as info:
        JournalStorage(db_path)
    message = str(info.value)
    assert "\n" not in message
    assert f"the store {db_path} is damaged: {why}" in message
    assert f"newest good backup is {backup}" in message
    assert "copy it over the store" in message
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing


def test_damage_without_backup_says_so(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with pytest.raises(StoreError, match="No good backup of it was found"):
        JournalStorage(db_path)
    assert db_path.read_bytes() == b""


def test_torn_last_line_is_ignored_then_cut_away(db_path: Path) -> None:
    db = _open(db_path)
    db.table("t").insert({"n": 1})
    db.close()
    with db_path.open("ab") as f:
        f.write(b'{"delta":{"t":{"set":{"2":{"n"')  # a crash in the middle of an append
    assert _data(db_path) == {"t": {"1": {"n": 1}}}
    db = _open(db_path)
    db.table("t").insert({"n": 3})
    db.close()
    assert all(msgspec.json.decode(line) for line in _lines(db_path))
    assert _data(db_path) == {"t": {"1": {"n": 1}, "2": {"n": 3}}}


FOREIGN = {
    "plain-tinydb": (b'{"_default": {"1": {"a": 1}}}', "a plain TinyDB JSON file"),
    "other-json": (b'{"hello": [1, 2]}', "a JSON file of another kind"),
    "text": (b"just some notes\n", "a text file"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "a binary file"),
    "sqlite": (b"SQLite format 3\x00" + b"\x00" * 50, "an SQLite database"),
}


@pytest.mark.parametrize("case", sorted(FOREIGN))
def test_not_a_store_is_refused_and_left_alone(db_path: Path, case: str) -> None:
    content, what = FOREIGN[case]
    db_path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        TinyDB(str(db_path), storage=JournalStorage)
    message = str(info.value)
    assert message.startswith(f"{db_path} is not a factcheck store: it looks like {what}")
    assert "\n" not in message
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_import_plain_tinydb_file(tmp_path: Path) -> None:
    plain = tmp_path / "old.json"
    with TinyDB(str(plain)) as old:
        old.insert({"a": 1})
        old.table("x").insert_multiple([{"b": 2}, {"b": 3}])
    before = plain.read_bytes()
    assert import_tinydb_json(plain, tmp_path / "new.fcdb") == 3
    assert _data(tmp_path / "new.fcdb") == {
        "_default": {"1": {"a": 1}},
        "x": {"1": {"b": 2}, "2": {"b": 3}},
    }
    assert plain.read_bytes() == before


# ----------------------------------------------------------------------------- versions


def test_newer_schema_is_refused(db_path: Path) -> None:
    _open(db_path, schema=5).close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as info:
        JournalStorage(db_path, schema=2)
    assert "made by a newer factcheck (schema 5; this one reads up to 2)" in str(info.value)
    assert db_path.read_bytes() == before


def test_older_schema_is_backed_up_then_migrated(db_path: Path) -> None:
    db = _open(db_path, schema=1)
    db.table("claims").insert({"verdict": "ok"})
    db.close()
    old_bytes = db_path.read_bytes()
    calls: list[int] = []

    def migrate(version: int, tables: dict[str, Any]) -> dict[str, Any]:
        calls.append(version)
        for doc in tables["claims"].values():
            doc["verdict"] = {"ok": "true"}[doc["verdict"]]
        return tables

    db = _open(db_path, schema=2, migrate=migrate)
    assert calls == [1]
    assert db.table("claims").get(doc_id=1) == {"verdict": "true"}
    db.close()
    assert Path(f"{db_path}.pre-migration-v1").read_bytes() == old_bytes
    assert msgspec.json.decode(_lines(db_path)[0])["schema"] == 2
    assert _data(db_path, schema=2) == {"claims": {"1": {"verdict": "true"}}}
    _open(db_path, schema=2, migrate=migrate).close()
    assert calls == [1]  # migrated once


# ----------------------------------------------------------------------------- paths


def test_directory_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store.fcdb"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a directory, not a store file"):
        JournalStorage(folder)
    assert list(folder.iterdir()) == []


def test_missing_folder_and_create_false(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="its folder is missing"):
        JournalStorage(tmp_path / "nope" / "s.fcdb")
    with pytest.raises(StoreError, match="there is no store at"):
        JournalStorage(tmp_path / "s.fcdb", create=False)
    assert list(tmp_path.iterdir()) == []
    JournalStorage(tmp_path / "a" / "b" / "s.fcdb", create_dirs=True).close()
    assert (tmp_path / "a" / "b" / "s.fcdb").is_file()


def test_symlinked_store_stays_a_link(tmp_path: Path) -> None:
    data_dir = tmp_path / "real"
    data_dir.mkdir()
    target = data_dir / "store.fcdb"
    link = tmp_path / "link.fcdb"
    link.symlink_to(target)
    db = _open(link, compact_min_bytes=2000)
    for i in range(60):
        db.table("t").insert(_claim(i))
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    assert storage.compactions >= 1
    db.close()
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert len(_data(target)["t"]) == 60
    assert Path(f"{target}.bak1").exists()
    assert not Path(f"{link}.bak1").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.fcdb", "real"]


def test_readonly_flag_refuses_writes_without_touching_disk(db_path: Path) -> None:
    _open(db_path).table("t").insert({"n": 1})
    before = db_path.read_bytes()
    listing = sorted(p.name for p in db_path.parent.iterdir())
    db = _open(db_path, readonly=True)
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    assert storage.readonly
    with pytest.raises(StoreError) as info:
        db.table("t").update({"n": 2}, doc_ids=[1])
    assert str(info.value).startswith(f"the store {db_path} is read-only (")
    assert db.table("t").get(doc_id=1) == {"n": 1}
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing


def _deny_writes(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    # Tests run as root, where chmod does not stop writes; pretend the permission is missing.
    real = os.access

    def access(path: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if mode & os.W_OK and os.fspath(path) == str(denied):
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_readonly_file_opens_readonly(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _open(db_path).table("t").insert({"n": 1})
    before = db_path.read_bytes()
    _deny_writes(monkeypatch, db_path)
    db = _open(db_path)
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    assert storage.readonly and storage.readonly_reason == "the file is read-only"
    assert db.table("t").all() == [{"n": 1}]
    with pytest.raises(StoreError, match="is read-only"):
        db.table("t").insert({"n": 2})
    assert db_path.read_bytes() == before


def test_readonly_folder_opens_readonly(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _open(db_path).table("t").insert({"n": 1})
    Path(f"{db_path}.lock").unlink()
    listing = sorted(p.name for p in db_path.parent.iterdir())
    _deny_writes(monkeypatch, db_path.parent)
    storage = JournalStorage(db_path)
    assert storage.readonly and "is not writable" in storage.readonly_reason
    with pytest.raises(StoreError, match="read-only"):
        storage.write({"t": {}})
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing
    with pytest.raises(StoreError, match="cannot create the store"):
        JournalStorage(db_path.parent / "other.fcdb")


def test_readonly_mount_opens_readonly(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _open(db_path).table("t").insert({"n": 1})
    real = os.statvfs

    class Result:
        def __init__(self, st: Any) -> None:
            self.f_flag = st.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda p: Result(real(p)))
    storage = JournalStorage(db_path)
    assert storage.readonly and storage.readonly_reason == "it is on a read-only file system"
    assert storage.read() == {"t": {"1": {"n": 1}}}


# ----------------------------------------------------------------------------- two storages


def test_second_storage_sees_appends_and_replacements(db_path: Path) -> None:
    a = open_tinydb(db_path, compact_min_bytes=3000)
    b = open_tinydb(db_path, compact_min_bytes=3000)
    sa, sb = a.storage, b.storage
    assert isinstance(sa, JournalStorage) and isinstance(sb, JournalStorage)
    a.table("t").insert({"n": 1})
    assert sb.refresh() is True
    assert sb.refresh() is False
    assert b.table("t").all() == [{"n": 1}]
    assert sb.external_changes == 1
    for i in range(40):  # a compacts: b must notice the replaced file
        a.table("t").insert({"n": i, "pad": "y" * 100})
    assert sa.compactions >= 1
    assert len(b.table("t")) == 41
    with sb.lock:  # b's insert under the lock picks the next free id
        b.table("t").insert({"n": "from b"})
    assert a.table("t").get(doc_id=42) == {"n": "from b"}
    assert sa.external_changes >= 1


def test_write_on_stale_data_keeps_the_other_writers_change(db_path: Path) -> None:
    a = _open(db_path)
    b = _open(db_path)
    a.table("t").insert_multiple([{"n": 1}, {"n": 2}])
    b.storage.read()
    a.table("t").update({"n": 10}, doc_ids=[1])
    # b did not take the lock: its write still lands on top of a's state, not instead of it
    b_storage = b.storage
    assert isinstance(b_storage, JournalStorage)
    tables = b_storage._tables
    assert tables is not None
    tables["t"] = {**tables["t"], "2": {"n": 20}}
    b_storage.write(tables)
    assert _data(db_path) == {"t": {"1": {"n": 10}, "2": {"n": 20}}}


def test_inserts_from_two_storages_do_not_collide(db_path: Path) -> None:
    a, b = open_tinydb(db_path), open_tinydb(db_path)
    for i in range(10):  # each side caches its next id; a reload must make it forget it
        for who, db in (("a", a), ("b", b)):
            storage = db.storage
            assert isinstance(storage, JournalStorage)
            with storage.lock:
                db.table("t").insert({"who": who, "i": i})
    docs = _data(db_path)["t"]
    assert len(docs) == 20
    assert sorted((d["who"], d["i"]) for d in docs.values()) == sorted(
        (w, i) for w in "ab" for i in range(10)
    )


def test_threads_share_one_storage(db_path: Path) -> None:
    import threading

    db = open_tinydb(db_path)
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    errors: list[BaseException] = []

    def work(who: str) -> None:
        try:
            for i in range(50):
                with storage.batch():
                    db.table("t").insert({"who": who, "i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in "abc"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(_data(db_path)["t"]) == 150


def test_readonly_store_of_an_older_schema_is_upgraded_in_memory_only(db_path: Path) -> None:
    db = _open(db_path, schema=1)
    db.table("t").insert({"v": 1})
    db.close()
    before = db_path.read_bytes()

    def migrate(version: int, tables: dict[str, Any]) -> dict[str, Any]:
        return {"t2": tables["t"]}

    storage = JournalStorage(db_path, schema=2, migrate=migrate, readonly=True)
    assert storage.read() == {"t2": {"1": {"v": 1}}}
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}.pre-migration-v1").exists()


def test_drop_tables_after_a_failed_write(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _open(db_path)
    db.table("a").insert({"n": 1})
    db.table("b").insert({"n": 2})
    with monkeypatch.context() as m:
        m.setattr(os, "pwrite", _failing(os.pwrite, ENOSPC))
        with pytest.raises(StoreError):
            db.table("a").insert({"n": 3})
    db.drop_tables()
    assert _data(db_path) == {}


def test_damage_appended_by_someone_else_is_reported(db_path: Path) -> None:
    db = _open(db_path)
    db.table("t").insert({"n": 1})
    good = msgspec.json.encode({"delta": {"t": {"set": {"2": {"n": 2}}}}})
    with db_path.open("ab") as f:
        f.write(b"#garbage#\n" + good + b"\n")
    with pytest.raises(StoreError, match=r"is damaged: line \d+ is damaged"):
        db.table("t").all()


def test_refresh_reports_other_writers(db_path: Path) -> None:
    a = JournalStorage(db_path)
    b = JournalStorage(db_path)
    assert b.refresh() is False
    a.write({"t": {"1": {"n": 1}}})
    assert b.refresh() is True
    assert b.external_changes == 1
    assert b.read() == {"t": {"1": {"n": 1}}}
    assert a.external_changes == 0  # its own writes are not "external"
    a.close()
    b.close()


# ----------------------------------------------------------------------------- lazy tables


def _three_tables(db_path: Path) -> None:
    db = _open(db_path)
    for name in ("a", "b", "c"):
        db.table(name).insert_multiple({"t": name, "n": i} for i in range(3))
    db.close()


def test_tables_are_decoded_on_first_use(db_path: Path) -> None:
    _three_tables(db_path)
    db = _open(db_path)
    tables = db.storage.read()
    assert isinstance(tables, LazyTables)
    assert all(tables.is_pending(n) for n in "abc")
    assert db.tables() == {"a", "b", "c"}  # names only: still nothing decoded
    assert db.table("b").get(doc_id=2) == {"t": "b", "n": 1}
    assert not tables.is_pending("b") and tables.is_pending("a")
    db.table("b").update({"n": 10}, doc_ids=[1])
    assert tables.is_pending("a") and tables.is_pending("c")  # a write decodes only its table
    assert dict(tables)["a"] == {str(i + 1): {"t": "a", "n": i} for i in range(3)}
    assert tables == _data(db_path)
    assert tables.get("zzz") is None and "zzz" not in tables


def test_compaction_keeps_tables_that_were_never_decoded(db_path: Path) -> None:
    _three_tables(db_path)
    db = _open(db_path)
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    db.table("a").insert({"t": "a", "n": 3})
    storage.compact()
    assert storage.read().is_pending("c")  # type: ignore[attr-defined]
    db.close()
    data = _data(db_path)
    assert len(data["a"]) == 4 and data["c"]["3"] == {"t": "c", "n": 2}


def test_other_writers_changes_reach_undecoded_tables(db_path: Path) -> None:
    _three_tables(db_path)
    reader = _open(db_path)
    tables = reader.storage.read()
    writer = _open(db_path)
    writer.table("a").update({"n": 99}, doc_ids=[1])
    writer.table("b").remove(doc_ids=[3])
    writer.drop_table("c")
    assert reader.storage.refresh() is True
    assert tables.is_pending("a")  # the change was applied to the raw JSON
    assert reader.table("a").get(doc_id=1) == {"t": "a", "n": 99}
    assert len(reader.table("b")) == 2
    assert reader.tables() == {"a", "b"}


def test_plain_dict_over_an_undecoded_table_deletes_what_is_gone(db_path: Path) -> None:
    _three_tables(db_path)
    storage = JournalStorage(db_path)
    tables = storage.read()
    assert tables.is_pending("a")  # type: ignore[attr-defined]
    storage.write({"a": {"1": {"t": "a", "n": 0}}, "b": tables["b"], "c": tables["c"]})
    storage.close()
    data = _data(db_path)
    assert data["a"] == {"1": {"t": "a", "n": 0}}
    assert len(data["b"]) == 3


def test_a_bad_document_is_damage(db_path: Path) -> None:
    _three_tables(db_path)
    data = db_path.read_bytes().replace(b'{"t":"b","n":1}', b'["not","a","doc"]', 1)
    db_path.write_bytes(data)
    with pytest.raises(StoreError, match="a document in it is not a JSON object"):
        JournalStorage(db_path)


def test_in_place_edit_written_back_is_noticed(db_path: Path) -> None:
    _three_tables(db_path)
    storage = JournalStorage(db_path)
    tables = storage.read()
    tables["b"]["2"]["n"] = 42  # not the TinyDB way, but it must not be lost
    storage.write(tables)
    storage.close()
    assert _data(db_path)["b"]["2"] == {"t": "b", "n": 42}


def test_unreadable_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _open(db_path).table("t").insert({"n": 1})
    before = db_path.read_bytes()
    real = os.open

    def deny(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(db_path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(StoreError) as info:
        JournalStorage(db_path)
    assert str(info.value) == f"cannot read the store {db_path}: Permission denied"
    monkeypatch.undo()
    assert db_path.read_bytes() == before


def test_write_only_store_opens_readonly(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening for writing is refused (EROFS on a mount we did not detect): read-only mode."""
    _open(db_path).table("t").insert({"n": 1})
    real = os.open

    def no_write(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(db_path) and flags & os.O_RDWR:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_write)
    storage = JournalStorage(db_path)
    assert storage.readonly
    assert "Read-only file system" in storage.readonly_reason
    assert storage.read() == {"t": {"1": {"n": 1}}}
    with pytest.raises(StoreError, match="is read-only"):
        storage.write({})
