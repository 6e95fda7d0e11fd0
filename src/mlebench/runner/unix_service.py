"""A bounded server on a Unix socket, run in the background for the length of one run.

The harness's services that a sandbox reaches (validation, the llm proxy) listen on Unix sockets
bound into the sandbox; this is their shared lifecycle: bind, serve, shut down, unlink.

The agent decides what arrives on these sockets, so nothing the harness spends on them grows with
it: a fixed pool of ``max_connections`` worker threads serves connections one each, and the next
connection is accepted only when a worker is free (the rest wait in the kernel's listen queue, whose
overflow the client sees as a refused connect). Reads go through ``DeadlineReader``: every ``recv``
waits at most ``idle_timeout`` seconds and the handler sets an overall deadline per phase (headers,
body). A client that hangs up or stalls is normal: counted in ``stats`` (``disconnected``,
``timed_out``), never a traceback.
"""

from __future__ import annotations

import io
import logging
import math
import queue
import socket
import socketserver
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class DeadlineReader(io.RawIOBase):
    """A socket's input that gives up at ``deadline`` (monotonic) or after ``idle`` seconds without data."""

    def __init__(self, sock: socket.socket, idle: float, on_timeout=None) -> None:
        self.sock, self.idle, self.on_timeout = sock, idle, on_timeout
        self.deadline = math.inf

    def readable(self) -> bool:
        return True

    def expire_in(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def readinto(self, b) -> int:
        left = self.deadline - time.monotonic()
        try:
            if left <= 0:
                raise TimeoutError("the request took too long")
            self.sock.settimeout(min(self.idle, left))
            return self.sock.recv_into(b)
        except TimeoutError:
            if self.on_timeout:
                self.on_timeout()
            raise


class UnixServer(socketserver.UnixStreamServer):
    """Serves at most ``max_connections`` connections at a time on a fixed pool of threads."""

    request_queue_size = 64  # connections waiting for a worker are the kernel's (the agent's memory), not ours
    stats: dict

    def __init__(self, path: str, handler: type, *, max_connections: int, name: str) -> None:
        super().__init__(path, handler)
        self.name = name
        self.max_connections = max_connections
        self._slots = threading.BoundedSemaphore(max_connections)
        self._work: queue.SimpleQueue = queue.SimpleQueue()
        self._stats_lock = threading.Lock()
        self._workers = [threading.Thread(target=self._worker, name=f"{name}-{i}", daemon=True)
                         for i in range(max_connections)]

    def count(self, key: str, n: int = 1) -> None:
        with self._stats_lock:
            self.stats[key] = self.stats.get(key, 0) + n

    def start_workers(self) -> None:
        for t in self._workers:
            t.start()

    def get_request(self):
        # serve_forever saw a waiting connection; take it only once a worker is free. The short wait
        # lets serve_forever notice shutdown() while every worker is busy.
        if not self._slots.acquire(timeout=0.2):
            raise OSError("no free worker yet")
        try:
            return super().get_request()
        except BaseException:
            self._slots.release()
            raise

    def process_request(self, request, client_address) -> None:
        self._work.put((request, client_address))

    def _worker(self) -> None:
        while (item := self._work.get()) is not None:
            request, client_address = item
            try:
                self.finish_request(request, client_address)
            except TimeoutError:
                pass  # counted by DeadlineReader
            except OSError:  # the client hung up (BrokenPipeError, ConnectionResetError, …)
                self.count("disconnected")
            except Exception as e:  # a bug of ours: one line in the log, the service goes on
                self.count("errors")
                log.warning("%s: %s: %s", self.name, type(e).__name__, e)
            finally:
                self.shutdown_request(request)
                self._slots.release()

    def stop_workers(self) -> None:
        for _ in self._workers:
            self._work.put(None)


class UnixService:
    """``with UnixService(path, Handler, name=..., stats={...}, **attrs)``: ``attrs`` become server attributes."""

    def __init__(self, socket_path: Path, handler: type, *, name: str, stats: dict[str, int],
                 max_connections: int = 4, **attrs: Any) -> None:
        self.socket_path = socket_path
        socket_path.unlink(missing_ok=True)
        self.server = UnixServer(str(socket_path), handler, max_connections=max_connections, name=name)
        self.server.stats = {"disconnected": 0, "timed_out": 0, **stats}
        for key, value in attrs.items():
            setattr(self.server, key, value)
        socket_path.chmod(0o777)  # the sandbox's user is not the harness's
        self.thread = threading.Thread(target=self.server.serve_forever, name=name, daemon=True)

    def __enter__(self):
        self.server.start_workers()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.stop_workers()
        self.socket_path.unlink(missing_ok=True)

    @property
    def stats(self) -> dict:
        with self.server._stats_lock:
            return dict(self.server.stats)
