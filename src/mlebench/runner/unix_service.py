"""A threaded server on a Unix socket, run in the background for the length of one run.

The harness's services that a sandbox reaches (validation, the llm proxy) listen on Unix sockets
bound into the sandbox; this is their shared lifecycle: bind, serve in a thread, shut down, unlink.
"""

from __future__ import annotations

import socketserver
import threading
from pathlib import Path
from typing import Any


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    stats: dict


class UnixService:
    """``with UnixService(path, Handler, name=..., stats={...}, **attrs)``: ``attrs`` become server attributes."""

    def __init__(self, socket_path: Path, handler: type, *, name: str, stats: dict[str, int], **attrs: Any) -> None:
        self.socket_path = socket_path
        socket_path.unlink(missing_ok=True)
        self.server = UnixServer(str(socket_path), handler)
        self.server.stats = stats
        for key, value in attrs.items():
            setattr(self.server, key, value)
        socket_path.chmod(0o777)  # the sandbox's user is not the harness's
        self.thread = threading.Thread(target=self.server.serve_forever, name=name, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.socket_path.unlink(missing_ok=True)

    @property
    def stats(self) -> dict:
        return dict(self.server.stats)
