"""A real HTTP server on 127.0.0.1 for tests, serving configured routes from a background thread.

    with TestServer() as server:
        server.page("/a", "<html>...</html>")
        server.redirect("/old", "/a", status=301)
        server.route("/slow", trickle(b"x" * 100, delay=0.2))
        url = server.url("/a")

Handlers are plain functions ``(handler: BaseHTTPRequestHandler) -> None`` that write the whole
response. Every request is logged in ``server.requests`` as ``(method, path, headers)`` (header
names in lower case).
"""

from __future__ import annotations

import gzip
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


def respond(
    status: int = 200,
    body: bytes | str = b"",
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | Iterable[tuple[str, str]] | None = None,
) -> Handler:
    """A handler answering with a fixed status, body and headers."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    extra = list(headers.items() if isinstance(headers, dict) else headers or [])

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        if content_type is not None:
            h.send_header("Content-Type", content_type)
        for key, value in extra:
            h.send_header(key, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(data)

    return handle


def trickle(body: bytes, delay: float = 0.2, content_type: str = "text/html") -> Handler:
    """Headers at once, then one byte every ``delay`` seconds."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.flush()
        for i in range(len(body)):
            h.wfile.write(body[i : i + 1])
            h.wfile.flush()
            time.sleep(delay)

    return handle


def stream(chunk: bytes, count: int, content_type: str = "text/html") -> Handler:
    """A body of ``count`` chunks without Content-Length (read until the connection closes)."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        for _ in range(count):
            h.wfile.write(chunk)

    return handle


_BOMB_CACHE: dict[int, bytes] = {}


def gzip_bomb(decoded_size: int = 200 * 1024 * 1024) -> bytes:
    """``decoded_size`` zero bytes, gzip-compressed (200 MB -> about 200 KB)."""
    if decoded_size not in _BOMB_CACHE:
        import zlib

        comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        block = b"\0" * (1024 * 1024)
        parts = [comp.compress(block) for _ in range(decoded_size // len(block))]
        parts.append(comp.flush())
        _BOMB_CACHE[decoded_size] = b"".join(parts)
    return _BOMB_CACHE[decoded_size]


def gzipped(body: bytes) -> bytes:
    return gzip.compress(body)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _dispatch(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        owner.requests.append(
            (self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
        )
        handler = owner.routes.get(path) or owner.routes.get("*")
        if handler is None:
            handler = respond(404, "<html><title>Not found</title>nothing here</html>")
        try:
            handler(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = _dispatch
    do_HEAD = _dispatch

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: TestServer

    def handle_error(self, request: Any, client_address: Any) -> None:  # quiet
        pass


class TestServer:
    """An HTTP/1.1 server on ``host`` (default 127.0.0.1) and a free port."""

    __test__ = False  # not a pytest class

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._server = _Server((host, port), _RequestHandler)
        self._server.owner = self
        self.scheme = "http"
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.host = host
        self.port = self._server.server_address[1]
        self._thread: threading.Thread | None = None

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def page(self, path: str, body: bytes | str, status: int = 200, **kwargs: Any) -> None:
        self.routes[path] = respond(status, body, **kwargs)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.routes[path] = respond(
            status,
            "<html>redirect body that must not be read</html>",
            headers={"Location": location},
        )

    def paths_requested(self) -> list[str]:
        return [p for _, p, _ in self.requests]

    def start(self) -> TestServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
