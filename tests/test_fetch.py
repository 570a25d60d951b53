"""Fetching against a real HTTP server on 127.0.0.1 (tests/httpserver.py)."""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import brotli
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from factcheck.errors import FetchError
from factcheck.fetch import (
    FetchSettings,
    GuardedResolver,
    _Decoder,
    _Policy,
    check_changes,
    check_urls,
    check_urls_async,
    fetch_document,
    page_metadata,
)
from factcheck.model import Check, Fact
from factcheck.urls import address_problem, clean_url, display_url, parse_url
from tests.httpserver import TestServer, gzip_bomb, gzipped, respond, stream, trickle

CLAIM = "Unemployment fell to 4.2% in March, the lowest since 2019, said minister Ana Lopez."
PAGE = (
    "<!doctype html><html><head><title>Jobs \x1b[31mreport\x07 2024</title>"
    '<link rel="canonical" href="/jobs/canonical">'
    '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
    ' "datePublished": "2024-04-05T08:00:00Z"}]}</script></head><body><article>'
    "<h1>Jobs report</h1><p>Unemployment fell to 4.2 per cent in March, the lowest rate since "
    "2019, minister Ana López told parliament on Thursday. The figures come from the national "
    "statistics office, which surveyed 80,000 households between January and March.</p>"
    "<p>Economists had expected a smaller fall.</p></article></body></html>"
)


class StaticResolver(AbstractResolver):
    """Maps host names to fixed addresses (no DNS)."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.calls.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "unknown host")
        out: list[ResolveResult] = []
        for addr in self.table[host]:
            fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
            out.append(
                {
                    "hostname": host,
                    "host": addr,
                    "port": port,
                    "family": fam,
                    "proto": 0,
                    "flags": 0,
                }
            )
        return out

    async def close(self) -> None:
        pass


class CountingHandler:
    """A slow handler that records how many requests were in flight at once."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.active = 0
        self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, h: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        time.sleep(self.delay)
        with self.lock:
            self.active -= 1
        respond(200, "<html><title>slow</title>ok</html>")(h)


@pytest.fixture(scope="module")
def server() -> Iterator[TestServer]:
    with TestServer() as s:
        s.page("/claim", PAGE)
        s.redirect("/r301", "/r302", status=301)
        s.redirect("/r302", s.url("/claim"), status=302)
        s.page("/404", "<html>missing</html>", status=404)
        s.page("/410", "<html>gone</html>", status=410)
        s.page("/403", "<html>no</html>", status=403)
        s.page("/429", "<html>slow down</html>", status=429, headers={"Retry-After": "120"})
        s.page("/500", "<html>oops</html>", status=500)
        s.route("/trickle", trickle(b"<html>" + b"x" * 200, delay=0.1))
        s.page("/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
        s.route("/huge", stream(b"x" * 65536, 64))  # 4 MB, no Content-Length
        s.page("/huge-declared", b"x" * (1024 * 1024))
        s.route(
            "/bomb", respond(200, gzip_bomb(64 * 1024 * 1024), headers={"Content-Encoding": "gzip"})
        )
        s.route("/gzip", respond(200, gzipped(PAGE.encode()), headers={"Content-Encoding": "gzip"}))
        s.route(
            "/deflate-zlib",
            respond(200, zlib.compress(PAGE.encode()), headers={"Content-Encoding": "deflate"}),
        )
        raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        raw_body = raw.compress(PAGE.encode()) + raw.flush()
        s.route("/deflate-raw", respond(200, raw_body, headers={"Content-Encoding": "deflate"}))
        s.route("/br", respond(200, b"xx", headers={"Content-Encoding": "br"}))
        s.route(
            "/br-page",
            respond(200, brotli.compress(PAGE.encode()), headers={"Content-Encoding": "br"}),
        )
        s.route(
            "/br-bomb",
            respond(
                200,
                brotli.compress(b"\0" * (64 * 1024 * 1024), quality=5),
                headers={"Content-Encoding": "br"},
            ),
        )
        s.route(
            "/broken-gzip",
            respond(
                200,
                gzipped(PAGE.encode())[:40] + b"junk" * 10,
                headers={"Content-Encoding": "gzip"},
            ),
        )
        s.route(
            "/double-gzip",
            respond(
                200,
                gzipped(gzipped(b"<html>hi</html>")),
                headers={"Content-Encoding": "gzip, gzip"},
            ),
        )
        s.redirect("/loop-a", "/loop-b")
        s.redirect("/loop-b", "/loop-a")
        for i in range(8):
            s.redirect(f"/hop{i}", f"/hop{i + 1}")
        s.page("/hop8", "<html>end</html>")
        s.redirect("/to-private", "http://10.0.0.1/admin")
        s.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
        s.redirect("/to-mapped", "http://[::ffff:127.0.0.2]/")
        s.redirect("/to-loopback2", "http://127.0.0.2:9/")
        s.redirect("/to-evil-name", "http://evil.test/")
        s.redirect("/to-js", "javascript:alert(1)")
        s.redirect("/to-file", "file:///etc/passwd")

        def redirect_with_endless_body(h: BaseHTTPRequestHandler) -> None:
            h.send_response(302)
            h.send_header("Location", "/claim")
            h.send_header("Content-Length", str(50 * 1024 * 1024))
            h.end_headers()
            for _ in range(100):
                h.wfile.write(b"x" * 1024)
                h.wfile.flush()
                time.sleep(0.1)

        s.route("/redirect-slow-body", redirect_with_endless_body)
        yield s


@pytest.fixture
def settings() -> FetchSettings:
    return FetchSettings(
        connect_timeout=1.0,
        read_timeout=2.0,
        deadline=3.0,
        max_bytes=256 * 1024,
        allowed_addresses=("127.0.0.1",),
    )


def one(url: str, settings: FetchSettings, **kwargs: object):
    (check,) = check_urls([url], settings, **kwargs)  # type: ignore[arg-type]
    return check


# --------------------------------------------------------------------------- outcomes


def test_ok_page_records_every_field(server: TestServer, settings: FetchSettings) -> None:
    c = one(server.url("/claim"), settings)
    assert c.outcome == "ok" and c.status == 200 and c.error is None
    assert c.final_url == server.url("/claim") and c.redirects == []
    assert c.content_type == "text/html"
    assert c.title == "Jobs [31mreport 2024"  # control characters gone
    assert c.canonical_url == server.url("/jobs/canonical")
    assert c.published == "2024-04-05T08:00:00Z"
    body = PAGE.encode()
    assert c.size == len(body) and c.sha256 == hashlib.sha256(body).hexdigest()
    assert c.checked_at.endswith("Z") and isinstance(c.elapsed_ms, int)
    assert c.evidence is None  # no facts given


def test_evidence_from_the_page_quoting_the_claim(
    server: TestServer, settings: FetchSettings
) -> None:
    facts = [
        Fact("number", "4.2%", value=4.2, unit="%"),
        Fact("date", "2019", value="2019"),
        Fact("speaker", "Ana Lopez"),
        Fact("number", "95,000", value=95000.0),
    ]
    c = one(server.url("/claim"), settings, facts=[facts], claim_texts=[CLAIM])
    ev = c.evidence
    assert ev is not None
    assert ev["found"] == ["4.2%", "2019", "Ana Lopez"]
    assert ev["missing"] == ["95,000"]
    assert 0.7 <= ev["score"] <= 0.76
    assert any("4.2 per cent" in s["snippet"] for s in ev["snippets"])
    assert ev["claim_similarity"] > 0.6


def test_redirect_chain(server: TestServer, settings: FetchSettings) -> None:
    c = one(server.url("/r301"), settings)
    assert c.outcome == "redirected" and c.status == 200
    assert c.redirects == [server.url("/r301"), server.url("/r302")]
    assert c.final_url == server.url("/claim")
    assert c.title and c.title.startswith("Jobs")


def test_redirect_body_is_never_read(server: TestServer, settings: FetchSettings) -> None:
    started = time.perf_counter()
    c = one(server.url("/redirect-slow-body"), settings)
    assert c.outcome == "redirected", c.error
    assert time.perf_counter() - started < 1.5  # the 10 s trickling body was not waited for


@pytest.mark.parametrize(
    ("path", "outcome", "status", "words"),
    [
        ("/404", "not-found", 404, "404"),
        ("/410", "not-found", 410, "gone"),
        ("/403", "blocked", 403, "403"),
        ("/429", "rate-limited", 429, "Retry-After: 120"),
        ("/500", "server-error", 500, "500"),
    ],
)
def test_http_errors(
    server: TestServer, settings: FetchSettings, path: str, outcome: str, status: int, words: str
) -> None:
    c = one(server.url(path), settings)
    assert (c.outcome, c.status) == (outcome, status)
    assert c.error and words in c.error and "\n" not in c.error


def test_trickle_hits_the_deadline(server: TestServer, settings: FetchSettings) -> None:
    settings.deadline = 0.5
    started = time.perf_counter()
    c = one(server.url("/trickle"), settings)
    elapsed = time.perf_counter() - started
    assert c.outcome == "timeout" and "deadline" in (c.error or "")
    assert elapsed < 1.5
    assert c.sha256 is None


def test_non_html_body_is_unsupported_but_hashed(
    server: TestServer, settings: FetchSettings
) -> None:
    c = one(server.url("/png"), settings)
    assert c.outcome == "unsupported" and c.status == 200
    assert c.content_type == "image/png" and c.sha256 and c.size == 108
    assert "image/png" in (c.error or "")


def test_huge_body_hits_the_cap(server: TestServer, settings: FetchSettings) -> None:
    c = one(server.url("/huge"), settings)
    assert c.outcome == "too-large" and c.sha256 is None
    c = one(server.url("/huge-declared"), settings)
    assert c.outcome == "too-large" and str(1024 * 1024) in (c.error or "")


def test_gzip_bomb_ends_quickly_with_bounded_memory(
    server: TestServer, settings: FetchSettings
) -> None:
    tracemalloc.start()
    try:
        started = time.perf_counter()
        c = one(server.url("/bomb"), settings)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert c.outcome == "too-large"
    assert elapsed < 2.0
    assert peak < 8 * 1024 * 1024  # the bomb inflates to 64 MB


def test_brotli_is_decoded_once_and_a_brotli_bomb_stops_at_the_cap(
    server: TestServer, settings: FetchSettings
) -> None:
    c = one(server.url("/br-page"), settings)
    assert c.outcome == "ok" and c.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()
    tracemalloc.start()
    try:
        c = one(server.url("/br-bomb"), settings)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert c.outcome == "too-large"
    assert peak < 8 * 1024 * 1024


def test_gzip_body_is_decoded_once(server: TestServer, settings: FetchSettings) -> None:
    c = one(server.url("/gzip"), settings)
    assert c.outcome == "ok" and c.size == len(PAGE.encode())
    assert c.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()
    c = one(server.url("/double-gzip"), settings)
    assert c.outcome == "unsupported" and "one layer" in (c.error or "")


@pytest.mark.parametrize(
    ("path", "outcome"),
    [
        ("/deflate-zlib", "ok"),
        ("/deflate-raw", "ok"),
        ("/br", "server-error"),
        ("/broken-gzip", "server-error"),
    ],
)
def test_other_encodings(
    server: TestServer, settings: FetchSettings, path: str, outcome: str
) -> None:
    c = one(server.url(path), settings)
    assert c.outcome == outcome, c.error
    if outcome == "ok":
        assert c.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()


def test_redirect_loop_and_too_many_redirects(server: TestServer, settings: FetchSettings) -> None:
    c = one(server.url("/loop-a"), settings)
    assert c.outcome == "unreachable" and "loop" in (c.error or "")
    c = one(server.url("/hop0"), settings)
    assert c.outcome == "unreachable" and "more than 5 redirects" in (c.error or "")
    assert len(c.redirects) == 6
    assert server.url("/hop6") not in server.paths_requested()
    assert "/hop6" not in server.paths_requested()


# --------------------------------------------------------------------------- address rules


def test_loopback_refused_without_allow_private(server: TestServer) -> None:
    before = len(server.requests)
    c = one(server.url("/claim"), FetchSettings())
    assert c.outcome == "forbidden-address"
    assert "loopback" in (c.error or "") and "--allow-private" in (c.error or "")
    assert len(server.requests) == before
    assert one(server.url("/claim"), FetchSettings(allow_private=True)).outcome == "ok"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/to-private", "private address (10.0.0.1)"),
        ("/to-metadata", "metadata"),
        ("/to-mapped", "loopback"),
        ("/to-loopback2", "loopback address (127.0.0.2)"),
        ("/to-evil-name", "resolves to a private address (10.1.2.3)"),
    ],
)
def test_every_redirect_hop_is_checked(
    server: TestServer, settings: FetchSettings, path: str, words: str
) -> None:
    settings.resolver = StaticResolver({"evil.test": ["10.1.2.3"]})
    c = one(server.url(path), settings)
    assert c.outcome == "forbidden-address", c.error
    assert words in (c.error or "")
    assert c.redirects == [server.url(path)]


@pytest.mark.parametrize("path", ["/to-js", "/to-file"])
def test_redirect_to_other_schemes(server: TestServer, settings: FetchSettings, path: str) -> None:
    c = one(server.url(path), settings)
    assert c.outcome == "unsupported" and "not fetched" in (c.error or "")


def test_connection_goes_to_the_checked_address(
    server: TestServer, settings: FetchSettings
) -> None:
    resolver = StaticResolver(
        {
            "news.test": ["127.0.0.1"],
            "mixed.test": ["10.0.0.7", "127.0.0.1"],
            "evil.test": ["10.1.2.3"],
            "xn--bcher-kva.test": ["127.0.0.1"],
        }
    )
    settings.resolver = resolver
    port = server.port
    urls = [
        f"http://news.test:{port}/claim",
        f"http://mixed.test:{port}/claim",
        f"http://evil.test:{port}/claim",
        f"http://bücher.test:{port}/claim",
        f"http://nowhere.test:{port}/claim",
    ]
    checks = check_urls(urls, settings)
    assert [c.outcome for c in checks] == [
        "ok",
        "ok",
        "forbidden-address",
        "ok",
        "unreachable",
    ]
    assert "resolves to a private address (10.1.2.3)" in (checks[2].error or "")
    assert "DNS" in (checks[4].error or "")
    hosts = {r[2].get("host") for r in server.requests}
    assert f"news.test:{port}" in hosts and f"xn--bcher-kva.test:{port}" in hosts


async def test_guarded_resolver_drops_forbidden_addresses() -> None:
    base = StaticResolver({"a.test": ["10.0.0.1", "93.184.216.34", "::1"], "b.test": ["::1"]})
    guard = GuardedResolver(_Policy(FetchSettings()), base)
    result = await guard.resolve("a.test", 80)
    assert [r["host"] for r in result] == ["93.184.216.34"]
    with pytest.raises(OSError, match="loopback"):
        await guard.resolve("b.test", 80)


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "127.255.255.254",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "100.127.255.254",
        "224.0.0.251",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "0.0.0.0",
        "198.18.0.1",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "ff0e::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",
        "2002:a00:1::",
        "fec0::1",
        "2001:db8::1",
    ],
)
def test_address_classifier_refuses(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is not None
    assert _Policy(FetchSettings()).problem(address) is not None
    assert _Policy(FetchSettings(allow_private=True)).problem(address) is None


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_address_classifier_allows_public(address: str) -> None:
    assert address_problem(address) is None


def test_allowed_addresses_open_only_what_they_name() -> None:
    policy = _Policy(FetchSettings(allowed_addresses=("10.1.0.0/16",)))
    assert policy.problem("10.1.2.3") is None
    assert policy.problem("10.2.0.1") is not None
    assert policy.problem("127.0.0.1") is not None


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "not a url",
        "example.com/page",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/file",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://[::1",
        "http://[example.com]/",
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://127.1/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://exa\x00mple.com/",
        "http://-bad-.com/",
        "http://" + "a" * 9000 + ".com/",
    ],
)
def test_bad_urls_are_unsupported_without_a_request(
    server: TestServer, settings: FetchSettings, url: str
) -> None:
    before = len(server.requests)
    c = one(url, settings)
    assert c.outcome == "unsupported", (url, c.outcome, c.error)
    assert c.error and "\n" not in c.error and "\x00" not in c.url
    assert len(server.requests) == before


@pytest.mark.parametrize(
    "host",
    [
        "127\u30020\u30020\u30021",  # ideographic full stops
        "\uff11\uff12\uff17.0.0.1",  # full-width digits
        "127.0.0.1.",
        "0.0.0.0",
        "[::]",
        "[::ffff:127.0.0.1]",
        "localhost",
    ],
)
def test_disguised_loopback_is_refused(server: TestServer, host: str) -> None:
    before = len(server.requests)
    c = one(f"http://{host}:{server.port}/claim", FetchSettings())
    assert c.outcome in ("forbidden-address", "unsupported"), (host, c.outcome)
    assert c.status is None and len(server.requests) == before


def test_zoned_ipv6_is_refused(server: TestServer, settings: FetchSettings) -> None:
    c = one("http://[fe80::1%25eth0]/", settings)
    assert c.outcome in ("unsupported", "forbidden-address") and c.status is None


def test_credentials_are_stripped_and_never_sent(
    server: TestServer, settings: FetchSettings
) -> None:
    url = f"http://alice:s3cret@127.0.0.1:{server.port}/claim"
    c = one(url, settings)
    assert c.outcome == "ok"
    assert "s3cret" not in c.url and "alice" not in c.url
    assert c.url == server.url("/claim")
    headers = server.requests[-1][2]
    assert "authorization" not in headers


def test_clean_and_display_url() -> None:
    assert clean_url("https://u:p@example.com/a?b=1#c") == "https://example.com/a?b=1#c"
    assert clean_url("https://example.com/\x1b[2Jx") == "https://example.com/[2Jx"
    assert clean_url("http://u:p@[::1") == "http://[::1"
    assert display_url("https://bücher.example/x") == (
        "https://bücher.example/x (xn--bcher-kva.example)"
    )
    assert display_url("https://xn--bcher-kva.example/") == (
        "https://xn--bcher-kva.example/ (bücher.example)"
    )
    assert display_url("https://u:p@example.com/") == "https://example.com/"
    assert parse_url("HTTP://Example.COM").url == "http://example.com/"
    assert parse_url("https://bücher.example/x").host == "xn--bcher-kva.example"


# --------------------------------------------------------------------------- the run


def test_results_in_order_with_progress(server: TestServer, settings: FetchSettings) -> None:
    urls = [server.url("/404"), "javascript:x", server.url("/claim"), server.url("/500")]
    seen: list[tuple[int, str]] = []
    checks = check_urls(urls, settings, on_result=lambda i, c: seen.append((i, c.outcome)))
    assert [c.outcome for c in checks] == ["not-found", "unsupported", "ok", "server-error"]
    assert sorted(seen) == [(0, "not-found"), (1, "unsupported"), (2, "ok"), (3, "server-error")]
    assert check_urls([], settings) == []


def test_per_host_limit(settings: FetchSettings) -> None:
    handler = CountingHandler(0.1)
    with TestServer() as s:
        s.route("/slow", handler)
        settings.per_host = 2
        checks = check_urls([s.url(f"/slow?{i}") for i in range(6)], settings)
    assert all(c.outcome == "ok" for c in checks)
    assert handler.peak == 2


async def test_cancel_stops_promptly(server: TestServer, settings: FetchSettings) -> None:
    settings.deadline = 30
    settings.read_timeout = 30
    task = asyncio.create_task(
        check_urls_async([server.url("/trickle")] * 5, settings, on_result=lambda i, c: None)
    )
    await asyncio.sleep(0.3)
    started = time.perf_counter()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.perf_counter() - started < 1.0


def test_environment_proxy_is_ignored(
    server: TestServer, settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert one(server.url("/claim"), settings).outcome == "ok"


def test_configured_proxy_is_used_and_targets_still_checked(
    server: TestServer, settings: FetchSettings
) -> None:
    # The test server plays the proxy: it receives absolute-form request targets.
    server.page("http://news.test/claim", PAGE)
    settings.proxy = server.url("/")
    settings.allowed_addresses = ()  # the proxy itself is configured, so it may be private
    settings.resolver = StaticResolver({"news.test": ["93.184.216.34"], "evil.test": ["10.0.0.9"]})
    before = len(server.requests)
    good, evil = check_urls(["http://news.test/claim", "http://evil.test/claim"], settings)
    assert good.outcome == "ok" and good.title and good.title.startswith("Jobs")
    assert evil.outcome == "forbidden-address" and "10.0.0.9" in (evil.error or "")
    assert [p for _, p, _ in server.requests[before:]] == ["http://news.test/claim"]


def test_default_settings() -> None:
    s = FetchSettings()
    assert (s.concurrency, s.per_host, s.max_redirects, s.allow_private) == (50, 8, 5, False)
    assert (s.connect_timeout, s.read_timeout, s.deadline) == (5.0, 10.0, 20.0)
    assert s.max_bytes == 5 * 1024 * 1024 and s.proxy is None


def test_refused_connection_is_unreachable(settings: FetchSettings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    c = one(f"http://127.0.0.1:{port}/", settings)
    assert c.outcome == "unreachable" and "refused" in (c.error or "")


def test_tls_failure_is_unreachable(server: TestServer, settings: FetchSettings) -> None:
    c = one(f"https://127.0.0.1:{server.port}/claim", settings)  # plain HTTP behind https
    assert c.outcome == "unreachable"


def test_tls_certificate_is_verified(tmp_path: Path, settings: FetchSettings) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with TestServer(tls=context) as s:
        s.page("/", PAGE)
        c = one(s.url("/"), settings)
    assert c.outcome == "unreachable" and "certificate" in (c.error or "").lower()
    assert s.requests == []


# --------------------------------------------------------------------------- fetch_document


def test_fetch_document(server: TestServer, settings: FetchSettings) -> None:
    doc = fetch_document(server.url("/r301"), settings)
    assert doc.status == 200 and doc.body == PAGE.encode()
    assert doc.final_url == server.url("/claim") and len(doc.redirects) == 2
    assert doc.content_type == "text/html" and doc.charset == "utf-8"
    doc = fetch_document(server.url("/gzip"), settings)
    assert doc.body == PAGE.encode()


def test_fetch_document_errors(server: TestServer, settings: FetchSettings) -> None:
    with pytest.raises(FetchError) as info:
        fetch_document(server.url("/claim"), FetchSettings())
    message = str(info.value)
    assert message.startswith(server.url("/claim") + ": refused:")
    assert "--allow-private" in message and "\n" not in message
    assert info.value.outcome == "forbidden-address"  # type: ignore[attr-defined]
    with pytest.raises(FetchError) as info:
        fetch_document(server.url("/png"), settings)
    assert info.value.outcome == "unsupported"  # type: ignore[attr-defined]
    with pytest.raises(FetchError) as info:
        fetch_document("file:///etc/passwd", settings)
    assert info.value.outcome == "unsupported"  # type: ignore[attr-defined]


async def test_fetch_document_inside_a_running_loop(
    server: TestServer, settings: FetchSettings
) -> None:
    doc = fetch_document(server.url("/claim"), settings)  # sync call from async code
    assert doc.status == 200


def test_check_changes() -> None:
    old = Check(outcome="ok", status=200, final_url="https://a/", sha256="1", title="T", size=5)
    new = Check(outcome="redirected", status=200, final_url="https://b/", sha256="2", title="T")
    assert check_changes(old, new) == {
        "outcome": ("ok", "redirected"),
        "final_url": ("https://a/", "https://b/"),
        "sha256": ("1", "2"),
        "size": (5, None),
    }
    assert check_changes(None, new) == {} and check_changes(old, old) == {}


def test_spaces_in_path_are_encoded(server: TestServer, settings: FetchSettings) -> None:
    server.page("/with%20space", "<html><title>spaced</title></html>")
    c = one(server.url("/with space"), settings)
    assert c.outcome == "ok" and c.title == "spaced"


@pytest.mark.parametrize(
    ("html", "title", "published", "canonical"),
    [
        (
            '<title>Site | Long</title><meta property="og:title" content="Short\u202e title">'
            '<meta name="date" content="2020-01-02">',
            "Short title",
            "2020-01-02",
            None,
        ),
        (
            "<title>  Multi\n  line\ttitle </title><body><time datetime='2021-03-04'>x</time>",
            "Multi line title",
            "2021-03-04",
            None,
        ),
        (
            '<script type="application/ld+json">[{"@type": "WebPage"}, {"@type": "Article",'
            ' "datePublished": "2022-05-06"}]</script><link rel="Canonical" href="javascript:x">',
            None,
            "2022-05-06",
            None,
        ),
        (
            '<script type="application/ld+json">{broken</script>'
            '<link rel="canonical" href="https://u:p@example.com/a">' + "<title>" + "x" * 500,
            "x" * 299 + "…",
            None,
            "https://example.com/a",
        ),
        ("", None, None, None),
    ],
)
def test_page_metadata(
    html: str, title: str | None, published: str | None, canonical: str | None
) -> None:
    meta = page_metadata(html.encode(), None, "https://example.com/page")
    assert meta == {"title": title, "published": published, "canonical_url": canonical}


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        ('<meta charset="windows-1252"><title>Caf\u00e9 \u20ac</title>'.encode("cp1252"), None),
        ("<title>Caf\u00e9 \u20ac</title>".encode("cp1252"), "windows-1252"),
        ("<title>Caf\u00e9 \u20ac</title>".encode("utf-8-sig"), None),
        ("<title>Caf\u00e9 \u20ac</title>".encode("utf-16"), None),
        ("<title>Caf\u00e9 \u20ac</title>".encode(), None),
        ("<title>Caf\u00e9 \u20ac</title>".encode(), "no-such-charset"),
    ],
)
def test_page_metadata_charsets(body: bytes, charset: str | None) -> None:
    assert page_metadata(body, charset, "https://example.com/")["title"] == "Caf\u00e9 \u20ac"


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS, 16 + zlib.MAX_WBITS])
def test_decoder_byte_by_byte(wbits: int) -> None:
    data = b"hello world " * 20000
    comp = zlib.compressobj(6, zlib.DEFLATED, wbits)
    packed = comp.compress(data) + comp.flush()
    decoder = _Decoder("gzip" if wbits > 16 else "deflate")
    pieces = [piece for i in range(len(packed)) for piece in decoder.feed(packed[i : i + 1])]
    assert all(len(p) <= 64 * 1024 for p in pieces)
    assert b"".join(pieces) + decoder.flush() == data


def raw_response(data: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(data)
        h.wfile.flush()
        h.close_connection = True

    return handle


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"garbage\r\n\r\n", "unreachable"),
        (b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n", "unreachable"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "unreachable"),
        (b"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n", "server-error"),
        (
            b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n",
            "unsupported",
        ),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "ok"),
    ],
)
def test_hostile_responses_never_crash(
    server: TestServer, settings: FetchSettings, data: bytes, outcome: str
) -> None:
    path = f"/raw-{hashlib.sha256(data).hexdigest()[:8]}"
    server.route(path, raw_response(data))
    c = one(server.url(path), settings)
    assert c.outcome == outcome, c.error
    assert c.error is None or ("\n" not in c.error and len(c.error) <= 300)


def test_hostile_headers_are_cleaned(server: TestServer, settings: FetchSettings) -> None:
    body = b"<html><title>t</title></html>"
    server.route(
        "/ctype",
        raw_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\x1b[2J; charset=utf-8\r\n"
            + b"Content-Length: %d\r\n\r\n" % len(body)
            + body
        ),
    )
    c = one(server.url("/ctype"), settings)
    assert c.content_type is not None and "\x1b" not in c.content_type
