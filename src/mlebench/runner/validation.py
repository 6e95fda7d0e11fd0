"""The validation service: tells an agent whether its submission would be graded, never a score.

It runs in the harness (outside the sandbox) with the answers, listening on a Unix socket that is
bound into the sandbox; inside, a forwarder serves it at ``http://localhost:5000``.

    POST /validate   body: the CSV (raw, or multipart form field ``file``) → {"result": "...", "valid": bool}
    GET  /health     → {"status": "ok"}

Requests are size-limited and rate-limited (token bucket); answers and scores never leave it.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from mlebench.grading.core import score_submission
from mlebench.registry import Competition
from mlebench.runner.unix_service import UnixServer, UnixService
from mlebench.utils import load_answers

MAX_BODY = int(os.environ.get("MLEBENCH_VALIDATION_MAX_BYTES", 1024**3))


class RateLimiter:
    """A token bucket: ``rate`` requests per ``per`` seconds, bursts up to ``rate``."""

    def __init__(self, rate: int = 20, per: float = 60.0) -> None:
        self.capacity, self.per = rate, per
        self.tokens = float(rate)
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def allow(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.capacity / self.per)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


class _Server(UnixServer):
    competition: Competition
    answers: object
    limiter: RateLimiter


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt: str, *args) -> None:  # quiet; counted in stats instead
        pass

    def address_string(self) -> str:  # Unix sockets have no peer address
        return "sandbox"

    def _reply(self, code: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/health":
            self._reply(200, {"status": "ok"})
        else:
            self._reply(404, {"error": "not found; POST /validate or GET /health"})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/validate":
            self._reply(404, {"error": "not found; POST /validate"})
            return
        self.server.stats["requests"] += 1
        if not self.server.limiter.allow():
            self.server.stats["rate_limited"] += 1
            self._reply(429, {"error": "too many validation requests; wait and retry", "valid": False})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length <= 0 or length > MAX_BODY:
            self._reply(413 if length > MAX_BODY else 400,
                        {"error": f"send the CSV as the request body (at most {MAX_BODY} bytes)", "valid": False})
            return
        body = self.rfile.read(length)
        data = _extract_file(self.headers.get("Content-Type", ""), body)
        with tempfile.TemporaryDirectory(prefix="mlebench-validate-") as tmp:
            path = Path(tmp) / "submission.csv"
            path.write_bytes(data)
            score, reason = score_submission(path, self.server.competition, self.server.answers)
        if score is None:
            self._reply(200, {"result": f"Submission invalid: {reason}", "valid": False})
        else:
            self._reply(200, {"result": "Submission is valid.", "valid": True})


def _extract_file(content_type: str, body: bytes) -> bytes:
    """The uploaded file from a multipart form (curl -F file=@x.csv), or the raw body."""
    if not content_type.startswith("multipart/form-data"):
        return body
    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    for part in msg.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            return part.get_payload(decode=True) or b""
    return b""


class ValidationService(UnixService):
    """Serves one competition's validation on a Unix socket, in a background thread."""

    def __init__(self, competition: Competition, socket_path: Path, *, rate: int = 20, per: float = 60.0) -> None:
        super().__init__(socket_path, _Handler, name=f"validate-{competition.id}",
                         stats={"requests": 0, "rate_limited": 0}, competition=competition,
                         answers=load_answers(competition.answers), limiter=RateLimiter(rate, per))
