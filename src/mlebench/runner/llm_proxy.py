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
from pathlib import Path
from urllib.parse import urlsplit

from mlebench.runner.forwarder import pipe
from mlebench.runner.unix_service import UnixServer, UnixService


def endpoint_address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError(f"not a URL: {url}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


class _Server(UnixServer):
    allowed: tuple[str, int]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server
    rbufsize = 0  # unbuffered: nothing the client sent after the headers is held back from the tunnel

    def _refuse(self, why: str) -> None:
        self.server.stats["refused"] += 1
        body = why.encode()
        try:
            self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
        except OSError:
            pass  # the client already left

    def handle(self) -> None:
        raw = self.rfile.readline(8192)
        if not raw:  # a bare connect-and-close (the in-sandbox forwarder's readiness probe)
            return
        line = raw.decode("latin-1").strip()
        parts = line.split()
        if len(parts) != 3:
            return self._refuse("malformed request")
        method, target, version = parts
        headers = []
        while True:
            h = self.rfile.readline(65536)
            if h in (b"\r\n", b"\n", b""):
                break
            headers.append(h)
        if method.upper() == "CONNECT":
            host, _, port = target.rpartition(":")
            dest = (host.strip("[]"), int(port or 443))
            head = b""
        else:
            u = urlsplit(target)
            if not u.hostname:
                return self._refuse("only absolute-URI proxy requests are accepted")
            dest = (u.hostname, u.port or 80)
            path = (u.path or "/") + (f"?{u.query}" if u.query else "")
            kept = [h for h in headers if not h.lower().startswith((b"proxy-", b"connection:"))]
            head = f"{method} {path} {version}\r\n".encode() + b"".join(kept) + b"Connection: close\r\n\r\n"
        if dest != self.server.allowed:
            return self._refuse(f"the llm network policy allows only {self.server.allowed[0]}:{self.server.allowed[1]}")
        try:
            upstream = socket.create_connection(dest, timeout=30)
            upstream.settimeout(None)
        except OSError as e:
            body = str(e).encode()
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            return
        self.server.stats["connections"] += 1
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
                         allowed=endpoint_address(endpoint))
