"""A scripted OpenAI-compatible chat-completions server for agent tests (real HTTP on 127.0.0.1).

Each request is classified by what its prompt asks (``draft``, ``debug``, ``improve``, ``feedback``;
the rules are phrases looked for in the messages) and answered with the next scripted reply of that
kind: a completion text, or an :class:`Error` (an HTTP status the client should handle). Every
request is recorded, with the usage the server sent back, so a test can check what an agent asked
and what it was told it spent.

    with ScriptedLLMServer({"draft": ["```python\\nprint(1)\\n```"], ...}) as server:
        server.base_url   # http://127.0.0.1:PORT/v1
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (kind, phrase): the first rule whose phrase occurs in the request's messages decides its kind.
DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    ("feedback", "Judge the run"),
    ("debug", "Fix the bug"),
    ("improve", "Improve the solution"),
    ("draft", "Write a first solution"),
)


@dataclass(frozen=True)
class Error:
    """A scripted failure: the server answers with this status (and Retry-After when set)."""

    status: int
    retry_after: float | None = None


@dataclass
class Recorded:
    kind: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int
    usage: dict[str, int] | None = None
    content: str | None = None

    @property
    def prompt(self) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)  # a stand-in tokenizer: what matters is that the client adds up what it is told


@dataclass
class ScriptedLLMServer:
    script: dict[str, list[str | Error]]
    rules: tuple[tuple[str, str], ...] = DEFAULT_RULES
    model: str | None = None  # the model name echoed back; the request's when None
    requests: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queues = {k: list(v) for k, v in self.script.items()}
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> ScriptedLLMServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                server._handle(self)

            def do_GET(self) -> None:
                self._send(404, {"error": {"message": "POST /v1/chat/completions"}})

            def _send(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, name="scripted-llm", daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "start the server with `with`"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- what was sent ---------------------------------------------------------------------------
    def served(self, kind: str | None = None) -> list[Recorded]:
        """Successful completions, in order (optionally of one kind)."""
        return [r for r in self.requests if r.status == 200 and (kind is None or r.kind == kind)]

    def usage_sent(self) -> dict[str, int]:
        ok = self.served()
        return {key: sum(r.usage[key] for r in ok) for key in ("prompt_tokens", "completion_tokens", "total_tokens")}

    def remaining(self) -> dict[str, int]:
        return {k: len(v) for k, v in self._queues.items() if v}

    # -- serving ---------------------------------------------------------------------------------
    def classify(self, body: dict[str, Any]) -> str:
        text = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        for kind, phrase in self.rules:
            if phrase in text:
                return kind
        return "unknown"

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length)
        headers = {k.lower(): v for k, v in h.headers.items()}
        if h.path.rstrip("/") != "/v1/chat/completions":
            h._send(404, {"error": {"message": f"no route {h.path}"}})  # type: ignore[attr-defined]
            return
        try:
            body = json.loads(raw)
        except ValueError:
            h._send(400, {"error": {"message": "body is not JSON"}})  # type: ignore[attr-defined]
            return
        kind = self.classify(body)
        with self._lock:
            queue = self._queues.get(kind) or []
            reply = queue.pop(0) if queue else None
            if reply is None:
                rec = Recorded(kind, body, headers, 400)
                self.requests.append(rec)
            elif isinstance(reply, Error):
                rec = Recorded(kind, body, headers, reply.status)
                self.requests.append(rec)
            else:
                prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
                usage = {"prompt_tokens": _tokens(prompt), "completion_tokens": _tokens(reply)}
                usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
                rec = Recorded(kind, body, headers, 200, usage, reply)
                self.requests.append(rec)
                n = len(self.requests)
        if reply is None:
            h._send(400, {"error": {"message": f"the script has no more '{kind}' replies"}})  # type: ignore[attr-defined]
        elif isinstance(reply, Error):
            extra = {"Retry-After": f"{reply.retry_after:g}"} if reply.retry_after is not None else {}
            h._send(reply.status, {"error": {"message": f"scripted error {reply.status}"}}, extra)  # type: ignore[attr-defined]
        else:
            h._send(200, {  # type: ignore[attr-defined]
                "id": f"chatcmpl-scripted-{n}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": self.model or body.get("model", "scripted"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}],
                "usage": usage,
            })
