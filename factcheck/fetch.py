"""Safe, fast source fetching: one ``Check`` per URL.

httpx drives the requests over the httpx-aiohttp transport (aiohttp's connection pool is much
faster than httpx's own under concurrency). Safety rules, all enforced here:

* only http and https; malformed URLs end as ``unsupported`` without any request;
* every host is resolved by ``GuardedResolver``, which drops private, loopback, link-local,
  CGNAT, multicast, reserved, unspecified and cloud-metadata addresses (unless allowed) and
  hands aiohttp only the addresses it checked, so the connection goes to a checked address
  (no DNS rebinding) while the Host header and TLS SNI keep the host name; IP literals are
  checked before the request;
* redirects are followed by hand: every hop is validated and checked again, at most
  ``max_redirects``, loops detected, redirect bodies never read;
* a total deadline per URL on top of the connect and read timeouts;
* the body is streamed and decoded here (at most one layer of gzip or deflate, with
  ``max_length`` so a bomb never inflates more than a small step past the cap);
* no proxy from the environment (``trust_env=False``), no cookies kept, TLS always verified.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import ipaddress
import json
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import aiohttp
import certifi
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from httpx_aiohttp import AiohttpTransport

from factcheck.errors import FetchError
from factcheck.model import Check, Fact
from factcheck.urls import (
    ParsedURL,
    URLRejected,
    address_problem,
    clean_url,
    display_url,
    parse_url,
    strip_controls,
)

__all__ = [
    "FetchSettings",
    "FetchedDocument",
    "GuardedResolver",
    "check_changes",
    "check_urls",
    "check_urls_async",
    "clean_url",
    "display_url",
    "fetch_document",
    "fetch_document_async",
]

USER_AGENT = "factcheck/0.1 (source checker; +https://github.com/factcheck)"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/csv", "text/x-markdown"})
TITLE_MAX = 300
ERROR_MAX = 300
_STEP = 64 * 1024  # decoded bytes produced per decompression step
_INLINE_PARSE = 16 * 1024  # pages up to this size have their metadata read on the event loop


@dataclass
class FetchSettings:
    """Limits for fetching. ``allowed_addresses`` lets single private addresses or networks
    through without opening everything (an intranet wiki, a test server)."""

    concurrency: int = 50
    per_host: int = 8
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 20.0  # total per URL, all redirect hops and the body included
    max_bytes: int = 5 * 1024 * 1024  # decoded body
    max_redirects: int = 5
    allow_private: bool = False
    proxy: str | None = None
    user_agent: str = USER_AGENT
    allowed_addresses: tuple[str, ...] = ()
    #: the resolver behind the guard (tests map names to loopback addresses); default: system DNS
    resolver: AbstractResolver | None = field(default=None, repr=False, compare=False)


@dataclass
class FetchedDocument:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirects: list[str] = field(default_factory=list)
    check: Check | None = None


class ForbiddenAddress(OSError):
    """A host that resolves only to addresses the rules forbid."""


class _Stop(Exception):
    """Ends one fetch with a given outcome."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


# --------------------------------------------------------------------------- address policy


class _Policy:
    def __init__(self, settings: FetchSettings) -> None:
        self.allow_private = settings.allow_private
        self.allowed = [ipaddress.ip_network(a, strict=False) for a in settings.allowed_addresses]

    def problem(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address | str) -> str | None:
        if isinstance(ip, str):
            try:
                ip = ipaddress.ip_address(ip.split("%", 1)[0])
            except ValueError:
                return "not an IP address"
        if self.allow_private:
            return None
        if any(ip.version == net.version and ip in net for net in self.allowed):
            return None
        return address_problem(ip)

    def refusal(self, what: str, ip: object, problem: str) -> str:
        what = f"{what} " if what else ""
        return f"refused: {what}{problem} ({ip}); use --allow-private"


class GuardedResolver(AbstractResolver):
    """Resolves through ``base`` and returns only addresses the policy allows.

    aiohttp connects to exactly the addresses returned here, so the address checked is the
    address used. ``exempt`` hosts (the configured proxy) are passed through unchecked.
    """

    def __init__(
        self,
        policy: _Policy,
        base: AbstractResolver | None = None,
        exempt: frozenset[str] = frozenset(),
    ) -> None:
        self._policy = policy
        self._base = base
        self._own_base = base is None
        self._exempt = exempt

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if self._base is None:
            self._base = aiohttp.ThreadedResolver()
        results = await self._base.resolve(host, port, family)
        if host.lower().rstrip(".") in self._exempt:
            return results
        allowed: list[ResolveResult] = []
        refused: list[tuple[str, str]] = []
        for result in results:
            problem = self._policy.problem(result["host"])
            if problem is None:
                allowed.append(result)
            else:
                refused.append((result["host"], problem))
        if not allowed:
            if not refused:
                raise socket.gaierror(socket.EAI_NONAME, "no address")
            ip, problem = refused[0]
            raise ForbiddenAddress(self._policy.refusal("resolves to", ip, problem))
        return allowed

    async def close(self) -> None:
        if self._own_base and self._base is not None:
            await self._base.close()


# --------------------------------------------------------------------------- helpers

_SSL_CONTEXT: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context (certifi's roots) for the process; loading it takes ~30 ms."""
    global _SSL_CONTEXT
    if _SSL_CONTEXT is None:
        _SSL_CONTEXT = ssl.create_default_context(cafile=certifi.where())
    return _SSL_CONTEXT


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _one_line(text: object, limit: int = ERROR_MAX) -> str:
    s = " ".join(strip_controls(" ".join(str(text).split())).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _split_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = value.split(";")
    mime = _one_line(parts[0].strip().lower(), 100) or None
    charset = None
    for param in parts[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = _one_line(val.strip().strip("\"'").lower(), 40) or None
    return mime, charset


def _sniff(body: bytes) -> str:
    head = body[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<head" in head or b"<body" in head:
        return "text/html"
    if b"\x00" in body[:4096]:
        return "application/octet-stream"
    return "text/plain"


class _Decoder:
    """One layer of gzip, deflate or br (or none), producing at most ``_STEP`` bytes per step,
    so a decompression bomb stops at the cap without ever being inflated in memory."""

    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding
        self._obj: Any = None
        self._pending = b""
        if encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "br":
            import brotli

            self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.encoding is None:
            if data:
                yield data
            return
        if self.encoding == "br":
            yield from self._feed_brotli(data)
            return
        if self._obj is None:  # deflate: zlib-wrapped or raw, decided by the first two bytes
            data = self._pending + data
            if len(data) < 2:
                self._pending = data
                return
            self._pending = b""
            zlib_header = (
                len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            )
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        while not self._obj.eof:
            out = self._obj.decompress(data, _STEP)
            data = self._obj.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < _STEP:
                break  # input used up and nothing held back

    def _feed_brotli(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._obj.process(data, output_buffer_limit=_STEP)
            while True:
                if out:
                    yield out
                if self._obj.can_accept_more_data() or self._obj.is_finished():
                    return
                out = self._obj.process(b"", output_buffer_limit=_STEP)
        except brotli_error() as exc:
            raise zlib.error(str(exc)) from exc

    def flush(self) -> bytes:
        if self.encoding == "br":
            if not self._obj.is_finished():
                raise zlib.error("brotli stream ends early")
            return b""
        if self._obj is None and self._pending:
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._obj.decompress(self._pending, _STEP)
        if self._obj is None or self._obj.eof:
            return b""
        return self._obj.flush(_STEP)


def brotli_error() -> type[Exception]:
    import brotli

    return brotli.error


def _error_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo and len(seen) < 12:
        e = todo.pop(0)
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo.extend([e.__cause__, e.__context__, getattr(e, "os_error", None)])
    return seen


def classify_error(exc: BaseException) -> tuple[str, str]:
    """(outcome, plain-words message) for an exception raised while fetching."""
    chain = _error_chain(exc)

    def find(*types: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, types)), None)

    if e := find(ForbiddenAddress):
        return "forbidden-address", _one_line(e)
    if e := find(_Stop):
        return e.outcome, _one_line(e)  # type: ignore[attr-defined]
    if e := find(URLRejected):
        return e.outcome, _one_line(e)  # type: ignore[attr-defined]
    if e := find(ssl.SSLCertVerificationError, aiohttp.ClientConnectorCertificateError):
        reason = getattr(e, "verify_message", None) or e
        return "unreachable", _one_line(f"TLS certificate not valid: {reason}")
    if e := find(ssl.SSLError, aiohttp.ClientSSLError):
        return "unreachable", _one_line(f"TLS error: {e}")
    if find(socket.gaierror, aiohttp.ClientConnectorDNSError):
        return "unreachable", "DNS lookup failed: no such host"
    if find(ConnectionRefusedError):
        return "unreachable", "connection refused"
    if find(aiohttp.ServerDisconnectedError, ConnectionResetError):
        return "unreachable", "the server closed the connection"
    if find(TimeoutError, httpx.TimeoutException, aiohttp.ServerTimeoutError):
        return "timeout", "no answer in time"
    if e := find(httpx.InvalidURL, httpx.UnsupportedProtocol, aiohttp.InvalidURL):
        return "unsupported", _one_line(f"malformed URL: {e}")
    if e := find(aiohttp.ClientPayloadError):
        return "unreachable", _one_line(f"the body could not be read: {e}")
    if e := find(aiohttp.ClientResponseError, httpx.RemoteProtocolError):
        return "unreachable", _one_line(f"invalid HTTP response: {e}")
    if e := find(aiohttp.ClientConnectorError, ConnectionError):
        return "unreachable", _one_line(f"cannot connect: {getattr(e, 'os_error', e)}")
    if e := find(OSError, aiohttp.ClientError, httpx.TransportError):
        return "unreachable", _one_line(f"network error: {e}")
    return "unreachable", _one_line(f"unexpected error: {type(exc).__name__}: {exc}")


def _status_outcome(status: int, headers: httpx.Headers) -> tuple[str, str | None]:
    if 200 <= status < 300:
        return "ok", None
    if status in (404, 410):
        return "not-found", f"HTTP {status}: the page is gone" if status == 410 else "HTTP 404"
    if status in (401, 403, 407, 451):
        return "blocked", f"HTTP {status}: access refused"
    if status == 429:
        retry = headers.get("retry-after")
        extra = f"; Retry-After: {_one_line(retry, 60)}" if retry else ""
        return "rate-limited", f"HTTP 429: too many requests{extra}"
    if status >= 500:
        return "server-error", f"HTTP {status}: server error"
    if 400 <= status < 500:
        return "blocked", f"HTTP {status}: the server refused the request"
    return "server-error", f"HTTP {status}: unexpected status"


# --------------------------------------------------------------------------- page metadata


def _jsonld_date(node: Any, depth: int = 0) -> str | None:
    if depth > 6:
        return None
    if isinstance(node, list):
        for item in node[:50]:
            if found := _jsonld_date(item, depth + 1):
                return found
    elif isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str) and value.strip():
            return value.strip()
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node and (found := _jsonld_date(node[key], depth + 1)):
                return found
    return None


_PUBLISHED_KEYS = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_TITLE_KEYS = ("og:title", "twitter:title")
_PARSERS = threading.local()


def _html_parser(encoding: str | None) -> Any:
    """A reusable lxml HTML parser per thread and encoding (building one costs more than
    parsing a small page)."""
    from lxml import etree

    cache = getattr(_PARSERS, "cache", None)
    if cache is None:
        cache = _PARSERS.cache = {}
    parser = cache.get(encoding)
    if parser is None:
        parser = etree.HTMLParser(
            encoding=encoding, recover=True, no_network=True, remove_comments=True
        )
        if len(cache) < 16:
            cache[encoding] = parser
    return parser


def page_metadata(body: bytes, charset: str | None, base_url: str) -> dict[str, str | None]:
    """Title, canonical URL and publication date of an HTML page (each None when absent)."""
    from lxml import etree

    out: dict[str, str | None] = {"title": None, "canonical_url": None, "published": None}
    if not body.strip():
        return out
    from factcheck.evidence import detect_encoding

    encoding = detect_encoding(body, charset, html=True)
    try:
        if encoding == "utf-8":
            doc = etree.fromstring(body, _html_parser("utf-8"))
        else:  # libxml2 does not know every Python codec: decode here
            doc = etree.fromstring(body.decode(encoding, errors="replace"), _html_parser(None))
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return out
    if doc is None:
        return out
    metas: dict[str, str] = {}
    title_text: str | None = None
    canonical: str | None = None
    time_value: str | None = None
    scripts: list[str] = []
    for el in doc.iter("meta", "link", "title", "script", "time"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip()
            value = (el.get("content") or "").strip()
            if key and value:
                metas.setdefault(key.lower(), value)
        elif tag == "link":
            if canonical is None and "canonical" in (el.get("rel") or "").lower().split():
                canonical = (el.get("href") or "").strip() or None
        elif tag == "title":
            if title_text is None:
                title_text = "".join(el.itertext())
        elif tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
                scripts.append(el.text)
        elif time_value is None:
            time_value = (el.get("datetime") or "").strip() or None
    title = next((metas[k] for k in _TITLE_KEYS if k in metas), None) or title_text
    if title:
        out["title"] = _one_line(title, TITLE_MAX) or None
    if canonical:
        try:
            absolute = urljoin(base_url, canonical)
        except ValueError:
            absolute = ""
        if absolute.lower().startswith(("http://", "https://")):
            out["canonical_url"] = _one_line(clean_url(absolute), 2048)
    published = next((metas[k] for k in _PUBLISHED_KEYS if k in metas), None)
    if not published:
        for text in scripts:
            if len(text) > 1_000_000:
                continue
            try:
                published = _jsonld_date(json.loads(text))
            except (ValueError, RecursionError):
                continue
            if published:
                break
    published = published or time_value
    if published:
        out["published"] = _one_line(published, 64) or None
    return out


# --------------------------------------------------------------------------- one fetch


@dataclass
class _Result:
    check: Check
    body: bytes | None = None
    charset: str | None = None
    text_like: bool = False


class _Fetcher:
    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.policy = _Policy(settings)
        self.client: httpx.AsyncClient | None = None
        self.transport: AiohttpTransport | None = None
        self._proxy_host: str | None = None
        self._plain_resolver: AbstractResolver | None = None

    async def __aenter__(self) -> _Fetcher:
        s = self.settings
        exempt: frozenset[str] = frozenset()
        proxy = None
        if s.proxy:
            proxy = httpx.Proxy(s.proxy)
            self._proxy_host = proxy.url.host.lower()
            exempt = frozenset({self._proxy_host})
        ssl_context = _ssl_context()
        connector = aiohttp.TCPConnector(
            limit=max(1, s.concurrency),
            limit_per_host=max(1, s.per_host),
            resolver=GuardedResolver(self.policy, s.resolver, exempt),
            ssl=ssl_context,
            ttl_dns_cache=30,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            trust_env=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
        )
        transport = AiohttpTransport(
            client=session, proxy=proxy, trust_env=False, verify=ssl_context
        )
        self.transport = transport
        self.client = httpx.AsyncClient(
            transport=transport,
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=s.connect_timeout,
                read=s.read_timeout,
                write=s.read_timeout,
                pool=s.deadline,
            ),
            headers={
                "User-Agent": s.user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate, br",
                "Accept-Language": "*",
            },
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None
        if self._plain_resolver is not None:
            await self._plain_resolver.close()

    async def _precheck(self, parsed: ParsedURL, hop: int) -> None:
        what = "redirect to" if hop else ""
        if parsed.ip is not None:
            problem = self.policy.problem(parsed.ip)
            if problem:
                raise _Stop("forbidden-address", self.policy.refusal(what, parsed.ip, problem))
        elif self._proxy_host is not None:
            # Through a proxy the proxy connects; check what the name resolves to here.
            if self._plain_resolver is None:
                self._plain_resolver = self.settings.resolver or aiohttp.ThreadedResolver()
            guard = GuardedResolver(self.policy, self._plain_resolver)
            await guard.resolve(parsed.host, parsed.port, socket.AF_UNSPEC)

    async def fetch(self, url: str, *, keep_body: bool, parsed: ParsedURL | None = None) -> _Result:
        started = time.perf_counter()
        check = Check(outcome="unreachable", url=clean_url(url), checked_at=_now())
        result = _Result(check=check)
        deadline = self.settings.deadline
        scope = asyncio.timeout(deadline)
        try:
            async with scope:
                await self._follow(url, result, keep_body, parsed)
        except Exception as exc:
            result.body = None
            if scope.expired():
                check.outcome = "timeout"
                check.error = f"no complete answer within the {deadline:g} s deadline"
            else:
                check.outcome, check.error = classify_error(exc)
        check.elapsed_ms = round((time.perf_counter() - started) * 1000)
        return result

    async def _follow(
        self, url: str, result: _Result, keep_body: bool, first: ParsedURL | None
    ) -> None:
        assert self.client is not None and self.transport is not None
        s = self.settings
        check = result.check
        current = url
        seen: set[str] = set()
        for hop in range(s.max_redirects + 1):
            try:
                parsed = first if hop == 0 and first is not None else parse_url(current)
            except URLRejected as exc:
                if hop:
                    raise _Stop(
                        exc.outcome, f"redirect to a URL that is not fetched: {exc}"
                    ) from exc
                raise
            await self._precheck(parsed, hop)
            seen.add(parsed.url)
            request = self.client.build_request("GET", parsed.url)
            # Straight to the transport: httpx's client would parse Location itself.
            response = await self.transport.handle_async_request(request)
            try:
                status = response.status_code
                location = response.headers.get("location")
                if status in (301, 302, 303, 307, 308) and location:
                    check.redirects.append(clean_url(parsed.url))
                    check.status = status
                    try:
                        target = urljoin(parsed.url, location.strip())
                    except ValueError as exc:
                        raise _Stop("unsupported", "redirect to a malformed URL") from exc
                    try:
                        target_key = parse_url(target).url
                    except URLRejected:
                        target_key = target
                    if target_key in seen:
                        check.final_url = clean_url(target)
                        raise _Stop("unreachable", f"redirect loop back to {clean_url(target)}")
                    if hop == s.max_redirects:
                        check.final_url = clean_url(target)
                        raise _Stop("unreachable", f"more than {s.max_redirects} redirects")
                    check.final_url = clean_url(target)
                    current = target
                    continue
                await self._final(parsed, response, result, keep_body)
                return
            finally:
                await response.aclose()

    async def _final(
        self, parsed: ParsedURL, response: httpx.Response, result: _Result, keep_body: bool
    ) -> None:
        s = self.settings
        check = result.check
        check.status = response.status_code
        check.final_url = clean_url(parsed.url)
        mime, charset = _split_content_type(response.headers.get("content-type"))
        check.content_type = mime
        result.charset = charset
        outcome, error = _status_outcome(response.status_code, response.headers)
        if outcome != "ok":
            check.outcome, check.error = outcome, error
            return
        encodings = [
            e.strip().lower()
            for e in response.headers.get_list("content-encoding", split_commas=True)
            if e.strip() and e.strip().lower() != "identity"
        ]
        if len(encodings) > 1:
            raise _Stop("unsupported", "more than one layer of content encoding")
        encoding = encodings[0] if encodings else None
        if encoding not in (None, "gzip", "x-gzip", "deflate", "br"):
            raise _Stop("unsupported", f"content encoding {_one_line(encoding, 30)} not supported")
        length = response.headers.get("content-length", "")
        if encoding is None and length.isdigit() and int(length) > s.max_bytes:
            raise _Stop("too-large", f"body of {int(length)} bytes is over the {s.max_bytes} cap")
        decoder = _Decoder(encoding)
        hasher = hashlib.sha256()
        size = 0
        chunks: list[bytes] = []
        cap = s.max_bytes
        try:
            async for raw in response.aiter_raw():
                for piece in decoder.feed(raw):
                    size += len(piece)
                    if size > cap:
                        raise _Stop("too-large", f"body over the {cap} byte cap")
                    hasher.update(piece)
                    chunks.append(piece)
            tail = decoder.flush()
        except zlib.error as exc:
            raise _Stop("server-error", "the compressed body is broken") from exc
        if tail:
            size += len(tail)
            if size > cap:
                raise _Stop("too-large", f"body over the {cap} byte cap")
            hasher.update(tail)
            chunks.append(tail)
        body = b"".join(chunks)
        del chunks
        check.size = size
        check.sha256 = hasher.hexdigest()
        kind = mime or _sniff(body)
        if not mime:
            check.content_type = None
        check.outcome = "redirected" if check.redirects else "ok"
        if kind in HTML_TYPES or kind in TEXT_TYPES:
            result.text_like = True
        else:
            check.outcome = "unsupported"
            check.error = f"content type {kind} is not read for evidence"
        result.body = body if (keep_body or result.text_like) else None


# --------------------------------------------------------------------------- analysis


def _analyse(
    result: _Result,
    facts: Sequence[Fact] | None,
    claim_text: str,
    keep_body: bool,
) -> None:
    """Title, canonical URL, date and evidence from the body (runs in a worker thread)."""
    check = result.check
    body = result.body
    if body is None or not result.text_like:
        return
    mime = check.content_type or _sniff(body)
    base = check.final_url or check.url
    if mime in HTML_TYPES:
        try:
            meta = page_metadata(body, result.charset, base)
        except Exception:  # a page must never break the run
            meta = {}
        check.title = meta.get("title")
        check.canonical_url = meta.get("canonical_url")
        check.published = meta.get("published")
    if facts is not None:
        from factcheck.evidence import find_evidence, page_text

        try:
            content_type = mime + (f"; charset={result.charset}" if result.charset else "")
            text = page_text(body, content_type, base, include_all=True)
            check.evidence = find_evidence(text, facts, claim_text)
        except Exception as exc:
            check.evidence = {"error": _one_line(f"evidence failed: {exc}")}
    if not keep_body:
        result.body = None


async def check_urls_async(
    urls: Sequence[str],
    settings: FetchSettings | None = None,
    *,
    on_result: Callable[[int, Check], None] | None = None,
    facts: Sequence[Sequence[Fact]] | None = None,
    claim_texts: Sequence[str] | None = None,
) -> list[Check]:
    """Check every URL; one Check per URL in input order.

    ``on_result(index, check)`` is called as each finishes. Cancelling the task stops every
    fetch promptly and closes the connections. With ``facts`` (one list per URL), evidence
    is looked for in each page and stored in ``Check.evidence``.
    """
    settings = settings or FetchSettings()
    results: list[Check | None] = [None] * len(urls)
    if not urls:
        return []
    global_slots = asyncio.Semaphore(max(1, settings.concurrency))
    host_slots: dict[tuple[str, str, int], asyncio.Semaphore] = {}

    async with _Fetcher(settings) as fetcher:

        async def one(index: int, url: str) -> None:
            try:
                parsed = parse_url(url)
            except URLRejected as exc:
                check = Check(
                    outcome=exc.outcome,
                    url=clean_url(url) if isinstance(url, str) else "",
                    checked_at=_now(),
                    elapsed_ms=0,
                    error=_one_line(exc),
                )
            else:
                key = (parsed.scheme, parsed.host, parsed.port)
                host_slot = host_slots.setdefault(key, asyncio.Semaphore(max(1, settings.per_host)))
                async with host_slot, global_slots:
                    result = await fetcher.fetch(url, keep_body=False, parsed=parsed)
                check = result.check
                if result.body is not None:
                    fact_list = facts[index] if facts is not None and index < len(facts) else None
                    claim = claim_texts[index] if claim_texts and index < len(claim_texts) else ""
                    if fact_list is not None or len(result.body) > _INLINE_PARSE:
                        await asyncio.to_thread(_analyse, result, fact_list, claim or "", False)
                    else:  # a small page parses faster than a thread hand-off
                        _analyse(result, None, "", False)
                    result.body = None
            results[index] = check
            if on_result is not None:
                on_result(index, check)

        async with asyncio.TaskGroup() as group:
            for index, url in enumerate(urls):
                group.create_task(one(index, url))
    return [c for c in results if c is not None]


def check_changes(previous: Check | None, current: Check) -> dict[str, tuple[Any, Any]]:
    """What changed between two checks of one source: ``{field: (before, after)}`` for
    outcome, status, final URL, content hash, title and size (empty when nothing did)."""
    if previous is None:
        return {}
    changes: dict[str, tuple[Any, Any]] = {}
    for name in ("outcome", "status", "final_url", "sha256", "title", "size"):
        before, after = getattr(previous, name), getattr(current, name)
        if before != after:
            changes[name] = (before, after)
    return changes


def _run_sync(coro_factory: Callable[[], Any]) -> Any:
    """asyncio.run, or the same in a helper thread when a loop is already running here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coro_factory())).result()


def check_urls(
    urls: Sequence[str],
    settings: FetchSettings | None = None,
    *,
    on_result: Callable[[int, Check], None] | None = None,
    facts: Sequence[Sequence[Fact]] | None = None,
    claim_texts: Sequence[str] | None = None,
) -> list[Check]:
    """Synchronous ``check_urls_async``."""
    return _run_sync(
        lambda: check_urls_async(
            urls, settings, on_result=on_result, facts=facts, claim_texts=claim_texts
        )
    )


async def fetch_document_async(url: str, settings: FetchSettings | None = None) -> FetchedDocument:
    """Fetch one page to load as an article; raises FetchError unless the outcome is usable."""
    settings = settings or FetchSettings()
    async with _Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url, keep_body=True)
    check = result.check
    if check.outcome not in ("ok", "redirected") or result.body is None:
        error = FetchError(f"{check.url or 'URL'}: {check.error or check.outcome}")
        error.outcome = check.outcome  # type: ignore[attr-defined]
        error.check = check  # type: ignore[attr-defined]
        raise error
    return FetchedDocument(
        url=check.url,
        final_url=check.final_url or check.url,
        status=check.status or 0,
        content_type=check.content_type or _sniff(result.body),
        charset=result.charset,
        body=result.body,
        redirects=list(check.redirects),
        check=check,
    )


def fetch_document(url: str, settings: FetchSettings | None = None) -> FetchedDocument:
    """Synchronous ``fetch_document_async``."""
    return _run_sync(lambda: fetch_document_async(url, settings))
