"""The `llm` network policy: an HTTP proxy, run by the harness, that reaches one endpoint only.

It listens on a Unix socket bound into the sandbox (the in-sandbox forwarder exposes it as
``http://127.0.0.1:3128``; agents get ``HTTP_PROXY``/``HTTPS_PROXY`` pointing there). It accepts
``CONNECT host:port`` (HTTPS) and absolute-URI requests (plain HTTP) for the configured host and
port, and refuses everything else with 403.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from mlebench.runner.forwarder import pipe
from mlebench.runner.unix_service import DeadlineReader, UnixServer, UnixService


def endpoint_address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError(f"not a URL: {url}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


class _Server(UnixServer):
    allowed: tuple[str, int]


HEADER_TIMEOUT = 10.0  # request line and headers
MAX_CONNECTIONS = 16  # concurrent tunnels of one run
MAX_HEADER_BYTES = 64 * 1024
LINGER_SECONDS = 2.0  # after an early answer: how long, and how much, of the rest of a request is drained
LINGER_BYTES = 4 * 1024**2


def _port(text: str, default: int) -> int | None:
    """A port from ASCII digits only (``int()`` would also take full-width and other Unicode digits)."""
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 65536:
        return None
    return int(text)


def _destination(method: str, target: str) -> tuple[str, int] | None:
    """``(host, port)`` of a CONNECT target or an absolute URI; None when it is not one."""
    if method.upper() == "CONNECT":
        host, _, port = target.rpartition(":")
        number = _port(port, 443)
        return (host.strip("[]"), number) if host and number is not None else None
    u = urlsplit(target)
    _, colon, port = u.netloc.rpartition("@")[2].rpartition(":")
    if not colon or "]" in port:  # no port, or the end of an IPv6 address
        port = ""
    number = _port(port, 80)
    return (u.hostname, number) if u.hostname and number is not None else None


class _Handler(socketserver.StreamRequestHandler):
    server: _Server
    rbufsize = 0  # unbuffered: nothing the client sent after the headers is held back from the tunnel

    def setup(self) -> None:
        super().setup()
        self.rfile = DeadlineReader(self.connection, HEADER_TIMEOUT, lambda: self.server.count("timed_out"))
        self.rfile.expire_in(HEADER_TIMEOUT)

    def _answer(self, status: bytes, why: str) -> None:
        body = why.encode()
        self.wfile.write(b"HTTP/1.1 %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (status, len(body), body))
        self._linger()

    def _linger(self) -> None:
        """Close gently: a request body the client is still sending would otherwise make the kernel
        answer it with a reset, which can destroy our reply before the client reads it (the client
        then sees "connection reset" instead of the 403). Half-close, then read and drop what comes,
        bounded in bytes and time."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + LINGER_SECONDS
            left = LINGER_BYTES
            while left > 0 and (remaining := deadline - time.monotonic()) > 0:
                self.connection.settimeout(remaining)
                chunk = self.connection.recv(min(65536, left))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    def _refuse(self, why: str) -> None:
        self.server.count("refused")
        self._answer(b"403 Forbidden", why)

    def handle(self) -> None:
        raw = self.rfile.readline(8192)
        if not raw:  # a bare connect-and-close (the in-sandbox forwarder's readiness probe)
            return
        parts = raw.decode("latin-1").strip().split()
        if len(parts) != 3:
            return self._answer(b"400 Bad Request", "malformed request line")
        method, target, version = parts
        headers: list[bytes] = []
        while True:
            h = self.rfile.readline(MAX_HEADER_BYTES)
            if h in (b"\r\n", b"\n", b""):
                break
            headers.append(h)
            if sum(map(len, headers)) >= MAX_HEADER_BYTES:
                return self._answer(b"400 Bad Request", "request headers too large")
        dest = _destination(method, target)
        if dest is None:
            if method.upper() != "CONNECT" and not urlsplit(target).netloc:
                return self._refuse("only absolute-URI proxy requests are accepted")
            return self._answer(b"400 Bad Request", f"not a host and port: {target[:200]}")
        head = b""
        if method.upper() != "CONNECT":
            u = urlsplit(target)
            path = (u.path or "/") + (f"?{u.query}" if u.query else "")
            kept = [h for h in headers if not h.lower().startswith((b"proxy-", b"connection:"))]
            head = f"{method} {path} {version}\r\n".encode() + b"".join(kept) + b"Connection: close\r\n\r\n"
        if dest != self.server.allowed:
            return self._refuse(f"the llm network policy allows only {self.server.allowed[0]}:{self.server.allowed[1]}")
        try:
            upstream = socket.create_connection(dest, timeout=30)
            upstream.settimeout(None)
        except OSError as e:
            return self._answer(b"502 Bad Gateway", str(e))
        self.server.count("connections")
        self.connection.settimeout(None)  # a tunnel may idle while the model thinks
        if method.upper() == "CONNECT":
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
        else:
            upstream.sendall(head)
        t = threading.Thread(target=pipe, args=(upstream, self.connection), daemon=True)
        t.start()
        pipe(self.connection, upstream)
        t.join(timeout=5)


class LLMProxy(UnixService):
    def __init__(self, endpoint: str, socket_path: Path) -> None:
        super().__init__(socket_path, _Handler, name="llm-proxy", stats={"connections": 0, "refused": 0},
                         max_connections=MAX_CONNECTIONS, allowed=endpoint_address(endpoint))
