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

from textual import events
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


async def key_to_frame(app: App[None], pilot: object, key: str) -> tuple[float, float]:
    """Wall and CPU time from a key event to the painted frame.

    Pilot.press also waits for the process to look idle (tens of ms of sleeping on a
    shared machine), so the key is sent as the driver would and the screen is painted as
    soon as every pending message is handled.
    """
    t, c = time.perf_counter(), time.process_time()
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)  # type: ignore[union-attr]
    await pilot._wait_for_screen()  # type: ignore[attr-defined]
    app.screen._on_timer_update()  # paint now, as the next refresh tick would
    await pilot._wait_for_screen()  # type: ignore[attr-defined]
    return time.perf_counter() - t, time.process_time() - c


def process_first_screen(code: str) -> float:
    """Seconds for a fresh Python process to import, show its first frame and exit."""
    import subprocess

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


HELLO_CODE = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("hello")
async def auto(pilot):
    await pilot.pause()
    pilot.app.exit()
Hello().run(headless=True, size=(160, 50), auto_pilot=auto)
"""

OURS_CODE = """
import sys
sys.path.insert(0, {root!r})
from factcheck.store import Store
from factcheck.tui.app import FactcheckApp
async def auto(pilot):
    await pilot.pause()
    pilot.app.exit()
FactcheckApp(Store({db!r}), {aid!r}, poll_interval=0).run(
    headless=True, size=(160, 50), auto_pilot=auto)
"""


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
        f"first screen, in process (app built to first frame): bare hello app "
        f"{h * 1000:.0f} ms (anchor), sample article {o * 1000:.0f} ms, ratio {o / h:.2f} "
        "(target <= 1.5)"
    )
    root = str(Path(__file__).resolve().parents[1])
    ours_code = OURS_CODE.format(root=root, db=str(db), aid=sample_id)
    hello_p, ours_p = [], []
    for _ in range(3):
        hello_p.append(process_first_screen(HELLO_CODE))
        ours_p.append(process_first_screen(ours_code))
    hp, op = statistics.median(hello_p), statistics.median(ours_p)
    print(
        f"first screen, fresh process (start, imports, first frame, exit): bare hello app "
        f"{hp * 1000:.0f} ms (anchor), sample article {op * 1000:.0f} ms, ratio {op / hp:.2f} "
        "(target <= 1.5)"
    )

    start = time.perf_counter()
    app = FactcheckApp(Store(db, author="bench"), big_id, poll_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        print(f"open {big_claims} claims: {opened * 1000:.0f} ms (target <= 2000)")
        figures = {}
        for label, keys in (
            ("unbound key (the harness's own cost)", ["z"] * 20),
            ("move selection (j)", ["j"] * 40),
            ("tick an item (1), shown and saved durably", ["1"] * 20),
            ("jump first/last (g/G)", ["G", "g"] * 5),
        ):
            wall, cpu = [], []
            for key in keys:
                w, c = await key_to_frame(app, pilot, key)
                wall.append(w)
                cpu.append(c)
            figures[label] = (statistics.median(cpu), statistics.median(wall))
        # The tick as the user sees it: painted before the durable write that follows it.
        screen = app.screen
        flush = screen.flush_ticks
        screen.flush_ticks = lambda **_: None  # type: ignore[method-assign]
        wall, cpu = [], []
        for _ in range(20):
            w, c = await key_to_frame(app, pilot, "2")
            wall.append(w)
            cpu.append(c)
            flush()
        screen.flush_ticks = flush  # type: ignore[method-assign]
        figures["tick an item (2), until shown on screen"] = (
            statistics.median(cpu),
            statistics.median(wall),
        )
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
        "Key times run from the key event to the painted frame (wall) and this process's "
        "CPU time over the same span."
    )


if __name__ == "__main__":
    asyncio.run(main())
