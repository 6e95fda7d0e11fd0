"""The validation service: tells an agent whether its submission would be graded, never a score.

It runs in the harness (outside the sandbox) with the answers, listening on a Unix socket that is
bound into the sandbox; inside, a forwarder serves it at ``http://localhost:5000``.

    POST /validate   body: the CSV (raw, or multipart form field ``file``) → {"result": "...", "valid": bool}
    GET  /health     → {"status": "ok"}

Whatever the agent sends costs the harness a bounded amount (see ``unix_service``): a body is
streamed to a spool file, never held in memory, and refused past ``max_body`` (the run's submission
limit) or past a line count no submission of this competition can have; one submission is scored at
a time. Over the rate limit (a token bucket) the body is read and discarded and the answer is
``429`` with ``Retry-After`` and no verdict. Answers and scores never leave the service.
"""

from __future__ import annotations

import io
import json
import math
import os
import shutil
import tempfile
import threading
import time
from email.parser import BytesHeaderParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import BinaryIO

from mlebench.grading.answers import competition_answers
from mlebench.grading.core import score_submission
from mlebench.registry import Competition
from mlebench.runner.unix_service import DeadlineReader, UnixServer, UnixService

MAX_BODY = int(os.environ.get("MLEBENCH_VALIDATION_MAX_BYTES", 1024**3))
RATE, PER = 20, 60.0  # stated in instructions.txt
CHUNK = 1 << 16
IDLE_TIMEOUT = 10.0  # seconds without a byte from the client
HEADER_TIMEOUT = 10.0  # request line and headers
BODY_RATE = 4 * 1024**2  # bytes/s a body is given, on top of BODY_TIMEOUT
BODY_TIMEOUT = 30.0
MAX_CONNECTIONS = 4


class RateLimiter:
    """A token bucket: ``rate`` requests per ``per`` seconds, bursts up to ``rate``."""

    def __init__(self, rate: int = RATE, per: float = PER) -> None:
        self.capacity, self.per = rate, per
        self.tokens = float(rate)
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.capacity / self.per)
        self.stamp = now

    def ready(self) -> bool:
        """Whether a request now would be allowed (takes nothing)."""
        with self.lock:
            self._refill()
            return self.tokens >= 1

    def allow(self) -> bool:
        with self.lock:
            self._refill()
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False

    def retry_after(self) -> int:
        """Whole seconds until the next request is allowed."""
        with self.lock:
            self._refill()
            return max(1, math.ceil((1 - self.tokens) * self.per / self.capacity))


class _Server(UnixServer):
    competition: Competition
    answers: object
    limiter: RateLimiter
    max_body: int
    max_lines: int
    spool: Path
    scoring: threading.Lock


class _TooManyLines(Exception):
    pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def setup(self) -> None:
        super().setup()
        self.reader = DeadlineReader(self.connection, IDLE_TIMEOUT, lambda: self.server.count("timed_out"))
        self.reader.expire_in(HEADER_TIMEOUT)
        self.rfile = io.BufferedReader(self.reader, CHUNK)

    def log_message(self, fmt: str, *args) -> None:  # quiet; counted in stats instead
        pass

    def address_string(self) -> str:  # Unix sockets have no peer address
        return "sandbox"

    def _reply(self, code: int, payload: dict, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.connection.settimeout(IDLE_TIMEOUT)  # not what was left of the read deadline
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/health":
            self._reply(200, {"status": "ok"})
        else:
            self._reply(404, {"error": "not found; POST /validate or GET /health"})

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        self.unread = max(length, 0)
        if length > 0:  # whatever the answer, the body is read first: a client still sending sees the reply
            self.reader.expire_in(BODY_TIMEOUT + min(length, self.server.max_body) / BODY_RATE)
        if self.path.rstrip("/") != "/validate":
            self._discard()
            return self._reply(404, {"error": "not found; POST /validate"})
        if not self.server.limiter.ready():  # no token to take: drain, and no verdict
            return self._rate_limited()
        if length <= 0:
            return self._reply(400, {"error": "send the CSV as the request body with a Content-Length "
                                              "(chunked uploads are not accepted)"})
        if length > self.server.max_body:
            self._discard()
            self.server.count("requests")
            self.server.count("too_large")
            return self._reply(413, {"result": f"Submission invalid: {length} bytes, over the limit of "
                                               f"{self.server.max_body} bytes", "valid": False})
        with tempfile.TemporaryDirectory(prefix="v-", dir=self.server.spool) as tmp:
            body, path = Path(tmp) / "body", Path(tmp) / "submission.csv"
            try:
                self._spool(body)
            except _TooManyLines:
                self._discard()  # the rest of it
                too_many = True
            else:
                too_many = False
            # a token is taken only for a complete request: a client that hangs up midway costs none
            if not self.server.limiter.allow():
                return self._rate_limited()
            self.server.count("requests")
            if too_many:
                return self._reply(200, {"result": f"Submission invalid: more than {self.server.max_lines} lines; "
                                                   "a submission for this competition has far fewer rows",
                                         "valid": False})
            if not _extract_file(self.headers.get("Content-Type", ""), body, path):
                return self._reply(400, {"error": "multipart upload without a field named 'file'"})
            with self.server.scoring:  # one parse at a time: memory does not grow with concurrent requests
                score, reason = score_submission(path, self.server.competition, self.server.answers)
        if score is None:
            self._reply(200, {"result": f"Submission invalid: {reason}", "valid": False})
        else:
            self._reply(200, {"result": "Submission is valid.", "valid": True})

    def _rate_limited(self) -> None:
        self._discard()
        self.server.count("requests")
        self.server.count("rate_limited")
        limiter = self.server.limiter
        wait = limiter.retry_after()
        self._reply(429, {"error": f"rate limit: at most {limiter.capacity} validation requests per "
                                   f"{limiter.per:.0f} s; retry in {wait} s", "retry_after": wait},
                    {"Retry-After": str(wait)})

    def _spool(self, dest: Path) -> None:
        lines = 0
        with dest.open("wb") as out:
            for chunk in self._body():
                lines += chunk.count(b"\n")
                if lines > self.server.max_lines:
                    raise _TooManyLines
                out.write(chunk)

    def _discard(self) -> None:
        for _ in self._body():
            pass

    def _body(self):
        """The rest of the request's body, in chunks."""
        while self.unread:
            chunk = self.rfile.read(min(CHUNK, self.unread))
            if not chunk:
                raise ConnectionResetError("the client hung up in the middle of its request")
            self.unread -= len(chunk)
            yield chunk


def _extract_file(content_type: str, body: Path, dest: Path) -> bool:
    """The uploaded file from a multipart form (curl -F file=@x.csv), or the raw body, into ``dest``."""
    if not content_type.lower().startswith("multipart/form-data"):
        body.rename(dest)
        return True
    boundary = BytesHeaderParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n")
    boundary = boundary.get_param("boundary")
    if not boundary:
        return False
    delim = b"--" + str(boundary).encode("latin-1")
    with body.open("rb") as f:
        if f.read(len(delim)) != delim:
            f.seek(0)
            if not _copy_until(f, b"\r\n" + delim, None):
                return False
        while True:
            if f.read(2) == b"--":  # the closing delimiter
                return False
            head = b""
            while (line := f.readline(8192)) not in (b"\r\n", b"\n", b""):
                head += line
                if len(head) > 65536:
                    return False
            part = BytesHeaderParser(policy=HTTP).parsebytes(head + b"\r\n")
            wanted = part.get_param("name", header="content-disposition") == "file"
            if wanted:
                with dest.open("wb") as out:
                    _copy_until(f, b"\r\n" + delim, out)
                return True
            if not _copy_until(f, b"\r\n" + delim, None):
                return False


def _copy_until(f: BinaryIO, pattern: bytes, out: BinaryIO | None) -> bool:
    """Copy ``f`` into ``out`` (or skip it) up to ``pattern``; leave ``f`` just after it. False at EOF."""
    keep = len(pattern) - 1
    buf = b""
    while True:
        chunk = f.read(CHUNK)
        buf += chunk
        i = buf.find(pattern)
        if i >= 0:
            if out is not None:
                out.write(buf[:i])
            f.seek(-(len(buf) - i - len(pattern)), os.SEEK_CUR)
            return True
        if not chunk:
            if out is not None:
                out.write(buf)
            return False
        cut = max(0, len(buf) - keep)
        if out is not None:
            out.write(buf[:cut])
        buf = buf[cut:]


def _count_lines(path: Path) -> int:
    n = 0
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                n += chunk.count(b"\n")
    except OSError:
        pass
    return n


class ValidationService(UnixService):
    """Serves one competition's validation on a Unix socket, on a small fixed pool of threads.

    ``max_body``: the largest submission the run could keep (bytes); ``spool``: a harness-private folder
    for request bodies (a temporary one when not given).
    """

    def __init__(self, competition: Competition, socket_path: Path, *, rate: int = RATE, per: float = PER,
                 max_body: int = MAX_BODY, spool: Path | None = None,
                 max_connections: int = MAX_CONNECTIONS) -> None:
        answers = competition_answers(competition)  # once per process
        rows = max(_count_lines(competition.sample_submission), len(answers) if hasattr(answers, "__len__") else 0)
        self._own_spool = spool is None
        spool = Path(tempfile.mkdtemp(prefix="mlebench-validate-")) if spool is None else spool
        spool.mkdir(parents=True, exist_ok=True)
        super().__init__(socket_path, _Handler, name=f"validate-{competition.id}",
                         stats={"requests": 0, "rate_limited": 0, "too_large": 0},
                         max_connections=max_connections, competition=competition, answers=answers,
                         limiter=RateLimiter(rate, per), max_body=max_body, max_lines=4 * rows + 10_000,
                         spool=spool, scoring=threading.Lock())

    def __exit__(self, *exc) -> None:
        super().__exit__(*exc)
        if self._own_spool:
            shutil.rmtree(self.server.spool, ignore_errors=True)
