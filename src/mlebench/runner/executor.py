"""Executors: take the runs of a group and return results as they finish.

``local`` (default) runs K sandboxes at once on this machine, handing each run its own GPUs so
that runs never share one. ``ray`` (``mlebench.runner.ray_executor``) runs the same ``RunSpec``s
as Ray tasks on a cluster.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from typing import Any, Protocol

from mlebench.errors import MLEBenchError
from mlebench.runner.execute import RunSpec, execute_run

Event = Callable[[str, str], None]  # (run_id, state)


class Executor(Protocol):
    def run(self, specs: list[RunSpec], on_event: Event) -> Iterator[tuple[RunSpec, dict[str, Any] | None, str | None]]:
        """Yield ``(spec, run_record, harness_error)`` as runs finish."""


class LocalExecutor:
    def __init__(self, concurrency: int = 1, gpus: list[int] | None = None) -> None:
        if concurrency < 1:
            raise MLEBenchError("--concurrency must be at least 1")
        self.concurrency = concurrency
        self.gpu_pool: queue.Queue[int] = queue.Queue()
        for g in gpus or []:
            self.gpu_pool.put(g)
        self.lock = threading.Lock()

    def _take_gpus(self, n: int) -> tuple[int, ...]:
        if n == 0:
            return ()
        with self.lock:  # take all at once so two runs never deadlock holding half each
            return tuple(self.gpu_pool.get() for _ in range(n))

    def _one(self, spec: RunSpec, on_event: Event) -> tuple[RunSpec, dict | None, str | None]:
        n = len(spec.limits.gpus)
        gpus = self._take_gpus(n)
        spec = replace(spec, limits=replace(spec.limits, gpus=gpus))
        try:
            on_event(spec.key.run_id, "running")
            record = execute_run(spec)
            on_event(spec.key.run_id, record.get("status", "?"))
            return spec, record, None
        except Exception as e:  # noqa: BLE001 - reported, run stays unfinished for resume
            on_event(spec.key.run_id, "error")
            return spec, None, f"{type(e).__name__}: {e}"
        finally:
            for g in gpus:
                self.gpu_pool.put(g)

    def run(self, specs: list[RunSpec], on_event: Event):
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="run") as pool:
            futures = [pool.submit(self._one, s, on_event) for s in specs]
            for fut in as_completed(futures):
                yield fut.result()


def get_executor(name: str, **options: Any) -> Executor:
    if name == "local":
        return LocalExecutor(concurrency=options.get("concurrency") or 1, gpus=options.get("gpus"))
    if name == "ray":
        try:
            from mlebench.runner.ray_executor import RayExecutor
        except ModuleNotFoundError as e:
            raise MLEBenchError(f"the ray executor needs Ray: pip install 'mlebench[ray]' ({e.name} missing)") from None
        return RayExecutor(address=options.get("ray_address"), concurrency=options.get("concurrency"))
    raise MLEBenchError(f"Unknown executor '{name}'. Choose local or ray.")
