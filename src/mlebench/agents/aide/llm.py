"""An OpenAI-compatible chat-completions client: standard library only (urllib honours HTTP(S)_PROXY).

Works with OpenAI, vLLM, Ollama and LiteLLM servers (anything serving ``POST {base}/chat/completions``).
Retries 429, 5xx, timeouts and dropped connections with exponential backoff (Retry-After honoured),
and adds up the tokens each response reports, with their cost from a per-model price table.
"""

from __future__ import annotations

import json
import random
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})


class LLMError(RuntimeError):
    """The endpoint refused the request, or kept failing after every retry."""


@dataclass
class Usage:
    """Tokens and cost so far; ``prices`` maps a model to USD per million (prompt, completion) tokens."""

    prices: dict[str, tuple[float, float]] = field(default_factory=dict)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    retries: int = 0
    cost_usd: float | None = 0.0
    by_model: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, model: str, usage: dict[str, Any]) -> None:
        p, c = int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        self.prompt_tokens += p
        self.completion_tokens += c
        self.calls += 1
        m = self.by_model.setdefault(model, {"prompt_tokens": 0, "completion_tokens": 0, "calls": 0})
        m["prompt_tokens"] += p
        m["completion_tokens"] += c
        m["calls"] += 1
        price = self.prices.get(model)
        if price is None or self.cost_usd is None:
            self.cost_usd = None  # an unpriced model makes the total unknown, not zero
        else:
            self.cost_usd += (p * price[0] + c * price[1]) / 1e6

    def record(self, models: list[str]) -> dict[str, Any]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.prompt_tokens + self.completion_tokens,
            "cost_usd": None if self.cost_usd is None else round(self.cost_usd, 6),
            "model": models[0] if len(set(models)) == 1 else ",".join(dict.fromkeys(models)),
            "calls": self.calls,
            "retries": self.retries,
            "by_model": self.by_model,
            "prices_usd_per_million_tokens": {m: list(self.prices[m]) for m in self.by_model if m in self.prices},
        }

    def save(self, path: Path, models: list[str]) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.record(models), indent=2))
        tmp.replace(path)


def parse_prices(text: str) -> dict[str, tuple[float, float]]:
    """``{"gpt-4o": [2.5, 10]}`` or ``{"gpt-4o": {"prompt": 2.5, "completion": 10}}`` (USD per 1M tokens)."""
    if not text.strip():
        return {}
    table = json.loads(text)
    out = {}
    for model, p in table.items():
        out[model] = (float(p["prompt"]), float(p["completion"])) if isinstance(p, dict) else (float(p[0]), float(p[1]))
    return out


@dataclass
class ChatClient:
    base_url: str
    api_key: str
    usage: Usage
    timeout: float = 600.0
    max_retries: int = 6
    backoff: float = 2.0  # seconds before the first retry; doubles each time
    max_backoff: float = 60.0
    log: Callable[[str], None] = print

    def complete(self, model: str, messages: list[dict[str, str]], *, temperature: float | None = None,
                 json_mode: bool = False) -> str:
        """The assistant's reply text to ``messages``."""
        body: dict[str, Any] = {"model": model, "messages": messages}
        if temperature is not None:
            body["temperature"] = temperature
        if json_mode:
            body["response_format"] = {"type": "json_object"}
        data = self._post("/chat/completions", body)
        try:
            content = data["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as e:
            raise LLMError(f"unexpected response shape: {json.dumps(data)[:300]}") from e
        self.usage.add(model, data.get("usage") or {})
        return content

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        url = self.base_url.rstrip("/") + path
        payload = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        last = ""
        for attempt in range(self.max_retries + 1):
            wait: float | None = None
            try:
                req = urllib.request.Request(url, data=payload, headers=headers, method="POST")
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return json.loads(resp.read())
            except urllib.error.HTTPError as e:
                detail = e.read()[:500].decode("utf-8", "replace")
                last = f"HTTP {e.code}: {detail}"
                if e.code not in RETRY_STATUSES:
                    raise LLMError(f"{url}: {last}") from None
                try:
                    wait = float(e.headers.get("Retry-After", ""))
                except ValueError:
                    wait = None
            except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as e:
                last = f"{type(e).__name__}: {getattr(e, 'reason', e)}"
            except ValueError as e:  # a body that is not JSON: the server or a proxy failed mid-way
                last = f"invalid JSON in the response: {e}"
            if attempt == self.max_retries:
                break
            delay = wait if wait is not None else min(self.max_backoff, self.backoff * 2**attempt)
            delay *= 1 + random.uniform(0, 0.1)
            self.usage.retries += 1
            self.log(f"llm: {last}; retry {attempt + 1}/{self.max_retries} in {delay:.1f}s")
            time.sleep(delay)
        raise LLMError(f"{url}: giving up after {self.max_retries + 1} attempts; last error {last}")
