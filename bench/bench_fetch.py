"""Fetch benchmark (issue 6): 1,000 URLs over 100 loopback hosts that answer after 50 ms.

    python bench/bench_fetch.py [--urls 1000] [--hosts 100] [--delay 0.05] [--concurrency 50]
                                [--per-host 4] [--repeat 3] [--no-memory]

A server process (aiohttp, one port on 127.0.0.1 ... 127.0.0.N) answers every request after
``delay`` seconds, so the ideal time is urls * delay / concurrency. In the same run the anchor,
plain ``httpx.AsyncClient`` at the same concurrency, is measured, and both ratios to the
ideal are printed. Then, in fresh subprocesses, the peak memory (ru_maxrss) of checking
1,000 and 200 bodies of 1 MB each is measured to show it does not grow with the count.

No corpus is needed: the pages are synthetic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGE = (
    b"<!doctype html><html><head><title>Bench page</title>"
    b'<meta property="article:published_time" content="2024-05-01"></head>'
    b"<body><p>Unemployment fell to 4.2% in March, the agency said.</p></body></html>"
)


# --------------------------------------------------------------------------- server process


def serve(port: int, hosts: int, delay: float, big: int) -> None:
    from aiohttp import web

    big_body = (b"<p>" + b"x" * 1000 + b"</p>\n") * (big // 1008 + 1)
    big_body = big_body[:big]

    async def page(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.Response(body=PAGE, content_type="text/html", charset="utf-8")

    async def large(request: web.Request) -> web.Response:
        return web.Response(body=big_body, content_type="text/plain", charset="utf-8")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/page/{n}", page)
        app.router.add_get("/big/{n}", large)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for i in range(1, hosts + 1):
            await web.TCPSite(runner, f"127.0.0.{i}", port, backlog=1024).start()
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def start_server(hosts: int, delay: float, big: int) -> tuple[subprocess.Popen[str], int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [
            *(sys.executable, __file__, "--serve", str(port), "--hosts", str(hosts)),
            *("--delay", str(delay), "--big", str(big)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise SystemExit(f"bench server did not start ({line.strip()!r})")
    return proc, port


# --------------------------------------------------------------------------- clients


async def run_factcheck(urls: list[str], concurrency: int, per_host: int) -> tuple[float, int]:
    from factcheck.fetch import FetchSettings, check_urls_async

    settings = FetchSettings(concurrency=concurrency, per_host=per_host, allow_private=True)
    started = time.perf_counter()
    checks = await check_urls_async(urls, settings)
    elapsed = time.perf_counter() - started
    return elapsed, sum(1 for c in checks if c.outcome == "ok")


async def run_httpx(urls: list[str], concurrency: int) -> tuple[float, int]:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    slots = asyncio.Semaphore(concurrency)
    ok = 0

    async with httpx.AsyncClient(limits=limits, trust_env=False, timeout=30) as client:

        async def one(url: str) -> None:
            nonlocal ok
            async with slots:
                response = await client.get(url)
                if response.status_code == 200 and response.content:
                    ok += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        elapsed = time.perf_counter() - started
    return elapsed, ok


async def run_httpx_aiohttp(urls: list[str], concurrency: int) -> tuple[float, int]:
    """httpx over the httpx-aiohttp transport with no checks at all: the floor we build on."""
    import httpx
    from httpx_aiohttp import HttpxAiohttpClient

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    slots = asyncio.Semaphore(concurrency)
    ok = 0

    async with HttpxAiohttpClient(limits=limits, trust_env=False, timeout=30) as client:

        async def one(url: str) -> None:
            nonlocal ok
            async with slots:
                response = await client.get(url)
                if response.status_code == 200 and response.content:
                    ok += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        elapsed = time.perf_counter() - started
    return elapsed, ok


def memory_child(port: int, count: int, concurrency: int) -> None:
    """Run in a fresh process: check ``count`` 1 MB bodies, print baseline and peak RSS (MB)."""
    from factcheck.fetch import FetchSettings, check_urls

    settings = FetchSettings(concurrency=concurrency, per_host=8, allow_private=True)
    warm = [f"http://127.0.0.{1 + i % 10}:{port}/page/{i}" for i in range(20)]
    check_urls(warm, settings)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    urls = [f"http://127.0.0.{1 + i % 100}:{port}/big/{i}" for i in range(count)]
    started = time.perf_counter()
    checks = check_urls(urls, settings)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = sum(1 for c in checks if c.outcome == "ok" and c.size == 1024 * 1024)
    print(f"{base:.0f} {peak:.0f} {ok} {elapsed:.2f}", flush=True)


def measure_memory(port: int, count: int, concurrency: int) -> tuple[float, float, int, float]:
    out = subprocess.run(
        [
            *(sys.executable, __file__, "--memory-child", str(port), "--urls", str(count)),
            *("--concurrency", str(concurrency)),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), float(out[3])


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--urls", type=int, default=1000)
    ap.add_argument("--hosts", type=int, default=100)
    ap.add_argument("--delay", type=float, default=0.05)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--per-host", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--big", type=int, default=1024 * 1024)
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.serve:
        serve(args.serve, args.hosts, args.delay, args.big)
        return 0
    if args.memory_child:
        memory_child(args.memory_child, args.urls, args.concurrency)
        return 0
    if sys.platform != "linux":
        print("bench_fetch: needs Linux (binds 127.0.0.2 ... 127.0.0.N); skipped")
        return 0

    proc, port = start_server(args.hosts, args.delay, args.big)
    try:
        urls = [f"http://127.0.0.{1 + i % args.hosts}:{port}/page/{i}" for i in range(args.urls)]
        ideal = args.urls * args.delay / args.concurrency
        print(
            f"{args.urls} URLs over {args.hosts} loopback hosts, {args.delay * 1000:.0f} ms each, "
            f"{args.concurrency} at a time (per host {args.per_host}); ideal {ideal:.2f} s; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        )
        ours: list[float] = []
        anchor: list[float] = []
        floor: list[float] = []
        cpu: dict[str, list[float]] = {"ours": [], "anchor": [], "floor": []}
        for _ in range(args.repeat):
            for key, times, run in (
                ("ours", ours, lambda: run_factcheck(urls, args.concurrency, args.per_host)),
                ("anchor", anchor, lambda: run_httpx(urls, args.concurrency)),
                ("floor", floor, lambda: run_httpx_aiohttp(urls, args.concurrency)),
            ):
                cpu_before = time.process_time()
                t, ok = asyncio.run(run())
                cpu[key].append(time.process_time() - cpu_before)
                assert ok == args.urls, f"{key}: only {ok}/{args.urls} ok"
                times.append(t)
        rows = (
            ("factcheck.fetch", ours, cpu["ours"]),
            ("anchor: plain httpx.AsyncClient", anchor, cpu["anchor"]),
            ("bare httpx-aiohttp (no checks)", floor, cpu["floor"]),
        )
        for name, times, cpu_times in rows:
            best, median = min(times), statistics.median(times)
            print(
                f"{name:32s} best {best:.2f} s ({best / ideal:.2f}x ideal), "
                f"median {median:.2f} s ({median / ideal:.2f}x ideal), "
                f"client CPU {statistics.median(cpu_times):.2f} s"
            )
        ratio = statistics.median(ours) / ideal
        verdict = "meets" if ratio <= 1.5 else "MISSES"
        print(
            f"target <= 1.5x ideal: {verdict} ({ratio:.2f}x median); "
            f"plain httpx is {statistics.median(anchor) / statistics.median(ours):.1f}x slower"
        )
        if not args.no_memory:
            for count in (200, 1000):
                base, peak, ok, elapsed = measure_memory(port, count, args.concurrency)
                print(
                    f"memory: {count} bodies of 1 MB, {args.concurrency} at a time: "
                    f"baseline {base:.0f} MB, peak RSS {peak:.0f} MB "
                    f"(+{peak - base:.0f} MB), {ok}/{count} ok in {elapsed:.1f} s"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
