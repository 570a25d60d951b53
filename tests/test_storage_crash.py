"""JournalStorage with real processes: kill -9 during writes, and two writers at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from factcheck.storage import JournalStorage

ROOT = Path(__file__).resolve().parents[1]

# Writes forever; prints each edit number only after write() returned (= acknowledged).
# Edits alternate between inserting a document and updating a counter, in a handful of
# tables, with a tiny compaction threshold so that kills also land inside compactions.
WRITER = textwrap.dedent(
    """
    import random, sys
    from factcheck.storage import open_tinydb
    path, start = sys.argv[1], int(sys.argv[2])
    db = open_tinydb(path, compact_min_bytes=6000)
    rng = random.Random(start)
    edit = start
    while True:
        table = db.table(f"t{edit % 5}")
        table.insert({"edit": edit, "pad": "x" * rng.randrange(10, 300)})
        db.table("meta").upsert({"id": "last", "edit": edit}, lambda d: d.get("id") == "last")
        print(edit, flush=True)
        edit += 1
    """
)

# Each edit is a read-modify-write under the lock: bump a shared counter, add a document.
EDITOR = textwrap.dedent(
    """
    import sys
    from factcheck.storage import open_tinydb
    path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = open_tinydb(path, compact_min_bytes=20000)
    storage = db.storage
    counter, edits = db.table("counter"), db.table("edits")
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(count):
        with storage.lock:
            doc = counter.get(doc_id=1)
            counter.update({"n": doc["n"] + 1}, doc_ids=[1])
            edits.insert({"who": who, "i": i})
    print("done", storage.external_changes, flush=True)
    """
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _acknowledged_edits(data: dict) -> set[int]:
    return {doc["edit"] for name, t in data.items() if name.startswith("t") for doc in t.values()}


def test_kill_9_never_loses_an_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "store.fcdb"
    JournalStorage(path).close()
    rng = random.Random(20261125)
    acknowledged: list[int] = []
    rounds = 0
    started = time.monotonic()
    while len(acknowledged) < 240 or rounds < 8:
        rounds += 1
        start = acknowledged[-1] + 1 if acknowledged else 0
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(start)],
            stdout=subprocess.PIPE,
            env=_env(),
        )
        assert proc.stdout is not None
        wanted = rng.randrange(5, 60)
        got = 0
        while got < wanted:
            line = proc.stdout.readline()
            assert line, "the writer died on its own"
            acknowledged.append(int(line))
            got += 1
        time.sleep(rng.random() * 0.01)  # land somewhere inside a later write
        proc.send_signal(signal.SIGKILL)
        # Lines printed between our last read and the kill were acknowledged too.
        acknowledged.extend(int(x) for x in proc.stdout.read().split())
        proc.wait()
        assert proc.returncode == -signal.SIGKILL

        storage = JournalStorage(path)
        data = storage.read()
        storage.close()
        missing = set(acknowledged) - _acknowledged_edits(data)
        assert not missing, f"round {rounds}: lost acknowledged edits {sorted(missing)[:10]}"
        assert data["meta"]["1"]["edit"] >= acknowledged[-1]
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert time.monotonic() - started < 60
    assert len(acknowledged) >= 200
    assert Path(f"{path}.bak1").exists()  # compactions happened along the way


def test_two_processes_300_edits_each(tmp_path: Path) -> None:
    path = tmp_path / "store.fcdb"
    storage = JournalStorage(path)
    storage.write({"counter": {"1": {"n": 0}}})
    storage.close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), who, "300"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        for who in ("a", "b")
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
    outputs = [p.communicate(b"go\n", timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert out.startswith(b"done")
    # They ran at the same time: at least one picked up the other's writes.
    assert sum(int(out.split()[1]) for out, _ in outputs) > 0
    storage = JournalStorage(path)
    data = storage.read()
    assert data["counter"]["1"]["n"] == 600
    edits = sorted((d["who"], d["i"]) for d in data["edits"].values())
    assert edits == sorted([("a", i) for i in range(300)] + [("b", i) for i in range(300)])
    assert len(data["edits"]) == 600


@pytest.mark.parametrize("when", ["before-fsync", "after-fsync", "before-replace"])
def test_kill_inside_an_append(tmp_path: Path, when: str) -> None:
    """Stop the writer exactly inside write(), then kill it: the store stays readable."""
    path = tmp_path / "store.fcdb"
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from factcheck.storage import open_tinydb
        db = open_tinydb(sys.argv[1])
        db.table("t").insert({{"n": 1}})
        print("ready", flush=True)
        real_pwrite, real_sync = os.pwrite, os.fdatasync
        def pwrite(fd, data, offset):
            n = real_pwrite(fd, bytes(data)[: len(data) // 2 + 1], offset)
            if {when == "before-fsync"!r}:
                os.kill(os.getpid(), signal.SIGKILL)
            return n
        def sync(fd):
            real_sync(fd)
            os.kill(os.getpid(), signal.SIGKILL)
        def replace(src, dst):
            os.kill(os.getpid(), signal.SIGKILL)
        if {when == "before-replace"!r}:
            db.storage._compact_at = 0  # this write compacts
            os.replace = replace
        else:
            os.pwrite, os.fdatasync = pwrite, sync
        db.table("t").insert({{"n": 2, "pad": "z" * 500}})
        print("acknowledged", flush=True)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, env=_env(), timeout=60
    )
    assert proc.returncode == -signal.SIGKILL
    assert proc.stdout.split() == [b"ready"]
    temp = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(temp) == (1 if when == "before-replace" else 0)
    storage = JournalStorage(path)
    assert storage.read()["t"]["1"] == {"n": 1}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # cleaned up
    storage.write({"t": {"1": {"n": 1}, "3": {"n": 3}}})
    storage.close()
    assert JournalStorage(path).read() == {"t": {"1": {"n": 1}, "3": {"n": 3}}}
