"""Two processes editing the same store through the real Store: nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from factcheck.store import Store

WORKER = """
import sys
from factcheck.store import Store
db, aid, who, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
store = Store(db, author=who)
for i in range(n):
    store.add_note(aid, 1 + i % 3, f"{who} note {i}")
store.close()
"""


def test_two_processes_adding_notes_lose_nothing(db_path: Path, sample_text: str) -> None:
    with Store(db_path) as store:
        aid = store.add_article(sample_text).id
    n = 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path), aid, who, str(n)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("alice", "bob")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Store(db_path) as store:
        notes = [n.text for c in store.claims(aid) for n in c.live_notes]
        assert sorted(notes) == sorted(
            f"{who} note {i}" for who in ("alice", "bob") for i in range(n)
        )
        assert sum(1 for e in store.history(aid) if e.action == "note") == 2 * n
