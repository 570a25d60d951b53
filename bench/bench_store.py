"""Benchmark the store's storage layer: a durable tick and opening, at 10,000 claims.

Run: /work/venv/bin/python bench/bench_store.py [--ticks 200] [--plain-ticks 20]

The store holds 100 articles x 100 claims (one TinyDB table per article), each claim about
600 bytes with a checklist of 6 items: about 6 MB. The same data and the same edits go through

* plain ``TinyDB(path)`` (JSONStorage: rewrites the whole file on every write, no fsync), the
  anchor named in issue 4, and
* ``TinyDB(path, storage=JournalStorage)``: one appended line per write, fsynced.

Targets (issue 4): a durable tick <= 10 ms median, opening <= 0.5 s. The claim data is
synthetic (generated here); the corpus is not needed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402
from tinydb import TinyDB  # noqa: E402

from factcheck.storage import JournalStorage  # noqa: E402

ARTICLES = 100
CLAIMS = 100
TICK_TARGET_MS = 10.0
OPEN_TARGET_S = 0.5
LABELS = [
    "Find the original source",
    "Check the number against the source",
    "Check the date and the place",
    "Ask the person quoted",
    "Look for a second independent source",
    "Check the context of the quote",
]
WORDS = [
    *("the", "city", "council", "said", "its", "new", "tram", "line", "cut", "car", "traffic"),
    *("by", "percent", "in", "the", "first", "year", "according", "to", "figures"),
    *("published", "on", "tuesday", "by", "the", "regional", "transport", "authority"),
]


def make_claim(rng: random.Random, article: str, number: int) -> dict[str, Any]:
    text = " ".join(rng.choice(WORDS) for _ in range(9)).capitalize() + "."
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex[:16],
        "article": article,
        "number": number,
        "text": text,
        "start": number * 180,
        "end": number * 180 + len(text),
        "score": round(rng.random(), 3),
        "kinds": rng.sample(["statistic", "quote", "date-event", "attribution"], 1),
        "verdict": "unchecked",
        "checklist": [
            {"id": uuid.UUID(int=rng.getrandbits(128)).hex[:12], "label": label, "done": False}
            for label in LABELS
        ],
        "rev": 0,
    }


def make_tables(seed: int = 4) -> dict[str, dict[str, dict[str, Any]]]:
    rng = random.Random(seed)
    tables = {}
    for _ in range(ARTICLES):
        article = f"{rng.getrandbits(48):012x}"
        tables[f"claims:{article}"] = {
            str(n): make_claim(rng, article, n) for n in range(1, CLAIMS + 1)
        }
    return tables


def tick_edit(rng: random.Random, names: list[str]) -> tuple[str, int, int, bool]:
    return rng.choice(names), rng.randrange(1, CLAIMS + 1), rng.randrange(6), rng.random() < 0.7


def do_tick(db: TinyDB, edit: tuple[str, int, int, bool]) -> None:
    name, doc_id, item, done = edit

    def apply(doc: dict[str, Any]) -> None:
        checklist = [dict(i) for i in doc["checklist"]]
        checklist[item]["done"] = done
        doc["checklist"] = checklist
        doc["rev"] += 1

    db.table(name, cache_size=0).update(apply, doc_ids=[doc_id])


def store_api(
    folder: Path, tables: dict[str, dict[str, dict[str, Any]]], ticks: int
) -> tuple[float, float]:
    """The same data through the real ``factcheck.Store`` (what the CLI and TUI call): a tick
    there also finds the claim, records a history event and writes both in one append."""
    from factcheck.model import Article, to_dict
    from factcheck.store import Store

    data: dict[str, dict[str, Any]] = {"articles": {}}
    for n, (name, claims) in enumerate(sorted(tables.items()), 1):
        aid = name.split(":", 1)[1]
        text = " ".join(c["text"] for c in claims.values())
        data["articles"][str(n)] = to_dict(Article(id=aid, text=text, title=f"Article {n}"))
        data[name] = {}
        for doc_id, c in claims.items():
            claim = {k: v for k, v in c.items() if k != "article"}
            claim["article_id"] = aid
            claim["checklist"] = [dict(i) for i in c["checklist"]]
            data[name][doc_id] = claim
    path = folder / "api.fcdb"
    db = TinyDB(str(path), storage=JournalStorage)
    db.storage.write(data)
    db.close()
    start = time.perf_counter()
    store = Store(path, author="bench")
    articles = [a.id for a in store.articles()]
    opened = time.perf_counter() - start
    rng = random.Random(5)
    times = []
    for i in range(ticks):
        aid = rng.choice(articles)
        start = time.perf_counter()
        store.tick(aid, rng.randrange(1, CLAIMS + 1), rng.randrange(1, 7), done=i % 3 != 0)
        times.append(time.perf_counter() - start)
    store.close()
    return median_ms(times), opened


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def bench_ticks(db: TinyDB, edits: list[tuple[str, int, int, bool]], lock: Any) -> list[float]:
    times = []
    for edit in edits:
        start = time.perf_counter()
        with lock:
            do_tick(db, edit)
        times.append(time.perf_counter() - start)
    return times


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=200)
    parser.add_argument("--plain-ticks", type=int, default=20, help="plain TinyDB is slow")
    parser.add_argument("--dir", help="where to build the stores (default: a temp folder)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench_store_", dir=args.dir))
    try:
        return run(folder, args.ticks, args.plain_ticks)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, ticks: int, plain_ticks: int) -> int:
    tables = make_tables()
    names = sorted(tables)
    size = len(msgspec.json.encode(tables))
    print(
        f"data: {ARTICLES} articles x {CLAIMS} claims, {size / 1e6:.1f} MB of JSON, "
        f"{size / (ARTICLES * CLAIMS):.0f} bytes per claim; folder {folder}"
    )

    # -- plain TinyDB (the anchor) --------------------------------------------------------
    plain_path = folder / "plain.json"
    plain = TinyDB(str(plain_path))
    plain.storage.write(msgspec.json.decode(msgspec.json.encode(tables)))
    plain.close()
    start = time.perf_counter()
    plain = TinyDB(str(plain_path))
    plain.tables()
    plain_open = time.perf_counter() - start
    rng = random.Random(1)
    plain_times = bench_ticks(plain, [tick_edit(rng, names) for _ in range(plain_ticks)], _NoLock())
    plain.close()

    # -- JournalStorage ---------------------------------------------------------------------
    path = folder / "store.fcdb"
    db = TinyDB(str(path), storage=JournalStorage)
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    storage.write(msgspec.json.decode(msgspec.json.encode(tables)))
    db.close()
    fresh_size = path.stat().st_size

    start = time.perf_counter()
    db = TinyDB(str(path), storage=JournalStorage)
    db.tables()
    journal_open = time.perf_counter() - start
    db.close()
    # the same, then every table decoded (what plain TinyDB always does on open)
    start = time.perf_counter()
    db = TinyDB(str(path), storage=JournalStorage)
    decoded = sum(len(t) for t in db.storage.read().values())
    journal_open_all = time.perf_counter() - start
    assert decoded == ARTICLES * CLAIMS
    storage = db.storage
    assert isinstance(storage, JournalStorage)
    rng = random.Random(1)
    edits = [tick_edit(rng, names) for _ in range(ticks)]
    journal_times = bench_ticks(db, edits, storage.lock)

    # a tick with its history event, as the domain Store does it (one batch, one append)
    event_rng = random.Random(2)
    with_event = []
    events = db.table("events:bench:0", cache_size=0)
    events.insert_multiple(
        {"kind": "tick", "before": False, "after": True, "n": i} for i in range(400)
    )
    for edit in edits[: ticks // 2]:
        start = time.perf_counter()
        with storage.batch():
            do_tick(db, edit)
            events.insert(
                {
                    "kind": "tick",
                    "claim": edit[1],
                    "item": edit[2],
                    "before": not edit[3],
                    "after": edit[3],
                    "by": "bench",
                    "at": "2026-11-25T20:00:00Z",
                    "n": event_rng.random(),
                }
            )
        with_event.append(time.perf_counter() - start)
    grown = path.stat().st_size
    data_after = msgspec.json.encode(dict(storage.read()))
    db.close()

    # verify the ticks landed
    check = JournalStorage(path)
    assert msgspec.json.encode(dict(check.read())) == data_after, "reopened data differs"
    check.close()

    # worst case for opening: a journal that has grown to just under its compaction point
    worst = folder / "worst.fcdb"
    shutil.copyfile(path, worst)
    wrng = random.Random(3)
    with worst.open("ab") as f:
        target = storage._compact_at - 2000  # compaction happens beyond this point
        while f.tell() < target:
            name = wrng.choice(names)
            doc_id = str(wrng.randrange(1, CLAIMS + 1))
            doc = tables[name][doc_id]
            doc["rev"] += 1
            f.write(msgspec.json.encode({"delta": {name: {"set": {doc_id: doc}}}}) + b"\n")
        f.flush()
        os.fsync(f.fileno())
    worst_lines = sum(1 for _ in worst.open("rb"))
    start = time.perf_counter()
    w = JournalStorage(worst, backups=0)
    sum(len(t) for t in w.read().values())
    worst_open = time.perf_counter() - start
    w.close()

    api_tick, api_open = store_api(folder, tables, ticks)
    pt, jt, et = median_ms(plain_times), median_ms(journal_times), median_ms(with_event)
    p95 = sorted(journal_times)[int(len(journal_times) * 0.95) - 1] * 1000
    print()
    print(
        "note: plain TinyDB does NOT fsync (a crash can lose or tear its file); "
        "JournalStorage fsyncs every tick before returning."
    )
    print(f"{'':34}{'plain TinyDB':>14}{'JournalStorage':>16}{'ratio':>8}{'target':>10}")
    print(
        f"{'tick, median (ms)':34}{pt:14.2f}{jt:16.2f}{pt / jt:7.1f}x{TICK_TARGET_MS:>8.0f}ms"
        f"  {'OK' if jt <= TICK_TARGET_MS else 'MISSED'}"
    )
    print(
        f"{'tick + history event, median (ms)':34}{'':14}{et:16.2f}{'':8}{TICK_TARGET_MS:>8.0f}ms"
        f"  {'OK' if et <= TICK_TARGET_MS else 'MISSED'}"
    )
    print(f"{'tick, 95th percentile (ms)':34}{'':14}{p95:16.2f}")
    print(
        f"{'Store.tick (CLI/TUI path), median':34}{pt:14.2f}{api_tick:16.2f}"
        f"{pt / api_tick:7.1f}x{TICK_TARGET_MS:>8.0f}ms"
        f"  {'OK' if api_tick <= TICK_TARGET_MS else 'MISSED'}"
    )
    print(
        f"{'open (s)':34}{plain_open:14.3f}{journal_open:16.3f}"
        f"{plain_open / journal_open:7.1f}x{OPEN_TARGET_S:>9.1f}s"
        f"  {'OK' if journal_open <= OPEN_TARGET_S else 'MISSED'}"
    )
    print(
        f"{'open + decode every table (s)':34}{plain_open:14.3f}{journal_open_all:16.3f}"
        f"{plain_open / journal_open_all:7.1f}x{OPEN_TARGET_S:>9.1f}s"
        f"  {'OK' if journal_open_all <= OPEN_TARGET_S else 'MISSED'}"
    )
    print(
        f"{'Store(path) + articles() (s)':34}{plain_open:14.3f}{api_open:16.3f}"
        f"{plain_open / api_open:7.1f}x{OPEN_TARGET_S:>9.1f}s"
        f"  {'OK' if api_open <= OPEN_TARGET_S else 'MISSED'}"
    )
    print(
        f"{'same, journal before compaction':34}{'':14}{worst_open:16.3f}{'':8}"
        f"{OPEN_TARGET_S:>9.1f}s  {'OK' if worst_open <= OPEN_TARGET_S else 'MISSED'}"
    )
    print()
    print(
        "open: tables are decoded on first use (LazyTables), so opening costs one scan of the "
        "file; 'decode every table' is the cost when all of them are read."
    )
    print(
        f"ticks measured: plain {len(plain_times)}, journal {len(journal_times)} "
        f"(+{len(with_event)} with events); store file {fresh_size / 1e6:.1f} MB fresh, "
        f"{grown / 1e6:.2f} MB after the ticks; worst-case journal {worst_lines} lines, "
        f"{worst.stat().st_size / 1e6:.1f} MB"
    )
    ok = max(jt, api_tick) <= TICK_TARGET_MS
    ok = ok and max(journal_open, journal_open_all, worst_open, api_open) <= OPEN_TARGET_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
