"""What an agent reports about itself in ``/home/logs/usage.json``: tokens, calls and cost.

The agent writes this file, so it is read as hostile input: at most ``MAX_USAGE_BYTES``, a regular
file, JSON whose known fields are typed and range-checked (tokens are integers >= 0, the cost a
finite number >= 0). A field that does not fit is dropped and said in the run's notes; the harness
never fails on it and no later reader (``mlebench report``) meets a ``cost_usd: "lots"``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_USAGE_BYTES = 64 * 1024


class Usage(BaseModel):
    """What an agent may report in /home/logs/usage.json (self-reported; typed, anything else ignored)."""

    model_config = ConfigDict(strict=True, extra="ignore")
    prompt_tokens: int | None = Field(None, ge=0, le=10**15)
    completion_tokens: int | None = Field(None, ge=0, le=10**15)
    total_tokens: int | None = Field(None, ge=0, le=10**15)
    calls: int | None = Field(None, ge=0, le=10**15)
    retries: int | None = Field(None, ge=0, le=10**15)
    cost_usd: float | None = Field(None, ge=0, le=1e12, allow_inf_nan=False)
    model: str | None = Field(None, max_length=200)


def read_usage(path: Path, notes: list[str]) -> dict[str, Any] | None:
    """Tokens and cost from ``usage.json``; what is malformed is left out, with a line in ``notes``."""

    def note(why: str) -> None:
        notes.append(f"usage.json: {why}")

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as e:
        note(f"not readable ({e.strerror}); ignored")
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            note("not a regular file; ignored")
            return None
        raw = f.read(MAX_USAGE_BYTES + 1)
    if len(raw) > MAX_USAGE_BYTES:
        note(f"larger than {MAX_USAGE_BYTES} bytes; ignored")
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as e:
        note(f"not JSON ({str(e)[:100] or 'nested too deeply'}); ignored")
        return None
    if not isinstance(data, dict):
        note("not a JSON object; ignored")
        return None
    data = {k: data[k] for k in Usage.model_fields if k in data}
    try:
        return Usage.model_validate(data).model_dump(exclude_unset=True)
    except ValidationError as e:
        bad = sorted({str(err["loc"][0]) for err in e.errors() if err["loc"]})
        note(f"ignored field(s) of the wrong type or out of range: {', '.join(bad)}")
        return Usage.model_validate({k: v for k, v in data.items() if k not in bad}).model_dump(exclude_unset=True)
