"""TUI speed, driven by Pilot (issue 7, item 7).

- time to the first screen with the sample article, against a bare Textual "hello" app
  measured in the same run (target: at most 1.5 times);
- an article of 2,000 claims: opening (target <= 2 s), moving the selection and ticking an
  item (target <= 50 ms median each).

Run: /work/venv/bin/python bench/bench_tui.py
The article is generated here (no corpus needed).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult
from textual.widgets import Static

from factcheck.ingest import load_article
from factcheck.store import Store
from factcheck.tui.app import FactcheckApp, sample_path

SIZE = (160, 50)
RUNS = 5


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


async def first_screen(make: object) -> float:
    start = time.perf_counter()
    app = make()  # type: ignore[operator]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
    store = getattr(app, "store", None)
    if store is not None:
        store.close()
    return elapsed


def big_article(n: int) -> str:
    paragraphs = []
    for p in range(n // 5):
        sentences = [
            f"In {2000 + (p * 5 + k) % 25} the district of Town{p * 5 + k} reported "
            f"{(p * 5 + k) * 37 % 9000 + 100:,} new homes, according to the housing office."
            for k in range(5)
        ]
        paragraphs.append(" ".join(sentences))
    return "# A long report on housing\n\n" + "\n\n".join(paragraphs) + "\n"


async def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.fcdb"
    with Store(db, author="bench") as store:
        loaded = load_article(sample_path())
        sample_id = store.add_article(loaded.text, title=loaded.title, links=loaded.links).id
        big = store.add_article(big_article(2000), title="Big")
        big_id = big.id
        big_claims = big.claims
    print(f"big article: {big_claims} claims")

    def sample_app() -> FactcheckApp:
        return FactcheckApp(Store(db, author="bench"), sample_id, poll_interval=0)

    # Warm up imports and caches of both once, then alternate runs.
    await first_screen(Hello)
    await first_screen(sample_app)
    hello, ours = [], []
    for _ in range(RUNS):
        hello.append(await first_screen(Hello))
        ours.append(await first_screen(sample_app))
    h, o = statistics.median(hello), statistics.median(ours)
    print(
        f"first screen: bare hello app {h * 1000:.0f} ms (anchor), sample article "
        f"{o * 1000:.0f} ms, ratio {o / h:.2f} (target <= 1.5)"
    )

    start = time.perf_counter()
    app = FactcheckApp(Store(db, author="bench"), big_id, poll_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        print(f"open {big_claims} claims: {opened * 1000:.0f} ms (target <= 2000)")
        figures = {}
        for label, keys in (
            ("unbound key (Pilot's own cost)", ["z"] * 20),
            ("move selection (j)", ["j"] * 40),
            ("tick an item (1), shown and saved", ["1"] * 20),
            ("jump first/last (g/G)", ["G", "g"] * 5),
        ):
            cpu, wall = [], []
            for key in keys:
                t, w = time.process_time(), time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                cpu.append(time.process_time() - t)
                wall.append(time.perf_counter() - w)
            figures[label] = (statistics.median(cpu), statistics.median(wall))
    app.store.close()
    for label, (cpu, wall) in figures.items():
        print(
            f"{label}: median {cpu * 1000:.1f} ms CPU, {wall * 1000:.1f} ms wall "
            "(target <= 50 median)"
        )
    with Store(db, author="bench") as store:
        claim = store.claims(big_id)[3]
        times = []
        for n in range(10):
            t = time.perf_counter()
            store.tick(big_id, claim.id, 1, n % 2 == 0)
            times.append(time.perf_counter() - t)
    print(
        f"of which the durable store write alone (store.tick): median "
        f"{statistics.median(times) * 1000:.1f} ms"
    )
    print(
        "Wall times include waiting for the CPU on a shared machine and Pilot's idle "
        "detection; CPU time is this process's own work."
    )


if __name__ == "__main__":
    asyncio.run(main())
