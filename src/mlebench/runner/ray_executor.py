"""The ``ray`` executor: each (competition, seed) run is a Ray task on whichever node has room.

Every task asks Ray for the run's resources (``limits.cpus`` or 1 CPU, ``len(limits.gpus)`` GPUs,
``limits.memory_bytes`` of memory) and calls the same ``execute_run(spec)`` as the local
executor, so a run on a cluster is the same sandbox with the same limits. The run group folder
must be on storage every node sees at the same path (NFS or similar, see docs/ray.md): tasks
write ``run.json``, the submission, logs and code there and the driver grades from there.

Prepared data comes from a shared data dir, or is prepared on the node on first use (under a
file lock, so two tasks on one node never prepare the same competition twice).

A node or worker lost mid-run is a harness failure, never the agent's: Ray retries the task
(``max_retries``) on another node and, should Ray give up, the executor submits it again
(``resubmits``). ``execute_run`` starts each attempt clean, so a retry rewrites a half-done run.
Only when all attempts are lost is the run reported as a harness error, left unfinished for
``mlebench run --resume``.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import ray
import ray.exceptions as rex

from mlebench.errors import MLEBenchError
from mlebench.runner.execute import RunSpec, execute_run

log = logging.getLogger(__name__)

# Failures of the machine, not of the run: the task is retried elsewhere.
LOST = (rex.WorkerCrashedError, rex.NodeDiedError, rex.ObjectLostError, rex.LocalRayletDiedError,
        rex.RaySystemError, rex.OutOfMemoryError)
POLL_SECONDS = 0.25


def _resources(spec: RunSpec) -> dict[str, Any]:
    res: dict[str, Any] = {"num_cpus": spec.limits.cpus or 1, "num_gpus": len(spec.limits.gpus)}
    if spec.limits.memory_bytes:
        res["memory"] = int(spec.limits.memory_bytes)
    return res


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # NFSv4 (and v3 with lockd) honours flock/fcntl locks
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure_prepared(data_dir: Path, competition_id: str) -> bool:
    """Prepare ``competition_id`` in ``data_dir`` on this node unless it is there; True when prepared here."""
    from mlebench.registry import with_data_dir

    competition = with_data_dir(data_dir).get_competition(competition_id)
    if competition.is_prepared():
        return False
    from mlebench.data.prepare import PrepareOptions, prepare_competition

    with _file_lock(Path(data_dir) / ".locks" / f"{competition_id}.prepare.lock"):
        if competition.is_prepared():  # another task on this node prepared it while we waited
            return False
        prepare_competition(competition, PrepareOptions())
    return True


def _gpu_ids(n: int) -> tuple[int, ...]:
    ids = ray.get_gpu_ids()[:n]
    if len(ids) < n:
        raise RuntimeError(f"Ray granted {len(ids)} GPU id(s), the run needs {n}")
    return tuple(int(g) for g in ids)


@ray.remote
def _run_task(spec: RunSpec, events: Any) -> dict[str, Any]:
    node = ray.get_runtime_context().get_node_id()
    if events is not None:
        try:
            events.put((spec.key.run_id, "running", node), timeout=5)
        except Exception:  # noqa: BLE001 - the display is cosmetic; the run goes on
            pass
    ensure_prepared(spec.data_dir, spec.key.competition_id)
    if spec.limits.gpus:
        spec = replace(spec, limits=replace(spec.limits, gpus=_gpu_ids(len(spec.limits.gpus))))
    return execute_run(spec)


def _head_node() -> str:
    """The head's node id (its GCS dies with the cluster anyway); the driver's node if none says so."""
    for n in ray.nodes():
        if n.get("Alive") and "node:__internal_head__" in n.get("Resources", {}):
            return n["NodeID"]
    return ray.get_runtime_context().get_node_id()


def _absolute(spec: RunSpec) -> RunSpec:
    """Paths resolved on the driver: workers do not share its working directory."""
    return replace(spec, group_root=Path(spec.group_root).resolve(), data_dir=Path(spec.data_dir).resolve(),
                   python_env=Path(spec.python_env).resolve() if spec.python_env else None)


class RayExecutor:
    """Run specs as Ray tasks; yields ``(spec, run_record, harness_error)`` as runs finish.

    ``address``: a cluster (``host:port`` or ``auto``); None connects to ``RAY_ADDRESS`` or starts
    a Ray instance on this machine. ``concurrency``: at most this many runs in flight (None: as
    many as the cluster's resources allow; Ray queues the rest).
    """

    def __init__(self, address: str | None = None, concurrency: int | None = None, *,
                 max_retries: int = 3, resubmits: int = 2) -> None:
        if concurrency is not None and concurrency < 1:
            raise MLEBenchError("--concurrency must be at least 1")
        self.address = address
        self.concurrency = concurrency
        self.max_retries = max_retries
        self.resubmits = resubmits
        self.nodes: dict[str, str] = {}  # run_id -> Ray node id of its latest attempt
        self.attempts: dict[str, int] = {}  # run_id -> attempts started (as reported by the tasks)

    def _connect(self) -> bool:
        if ray.is_initialized():
            return False
        extra = {"include_dashboard": False} if self.address is None and not os.environ.get("RAY_ADDRESS") else {}
        ray.init(address=self.address, log_to_driver=False, logging_level=logging.WARNING, **extra)
        return True

    def _check_feasible(self, specs: list[RunSpec]) -> None:
        nodes = [n["Resources"] for n in ray.nodes() if n.get("Alive")]
        for spec in specs:
            need = _resources(spec)
            fits = any(n.get("CPU", 0) >= need["num_cpus"] and n.get("GPU", 0) >= need["num_gpus"]
                       and n.get("memory", 0) >= need.get("memory", 0) for n in nodes)
            if not fits:
                raise MLEBenchError(
                    f"no node of the Ray cluster can hold one run ({need['num_cpus']} CPU, {need['num_gpus']} GPU"
                    f"{', %.1f GiB' % (need['memory'] / 1024**3) if 'memory' in need else ''}); nodes: "
                    + "; ".join(f"{n.get('CPU', 0):g} CPU, {n.get('GPU', 0):g} GPU, {n.get('memory', 0) / 1024**3:.1f} GiB"
                                for n in nodes))

    def run(self, specs: list[RunSpec], on_event):
        if not specs:
            return
        started_ray = self._connect()
        from ray.util.queue import Queue
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        # the display's event queue lives on the head node, so losing a worker node never loses it
        events = Queue(actor_options={"num_cpus": 0,
                                      "scheduling_strategy": NodeAffinitySchedulingStrategy(_head_node(), soft=True)})
        inflight: dict[Any, tuple[RunSpec, int]] = {}  # ObjectRef -> (spec, resubmissions so far)
        todo = [(_absolute(s), 0) for s in reversed(specs)]
        try:
            self._check_feasible([s for s, _ in todo])

            def submit(spec: RunSpec, resubmitted: int) -> None:
                ref = _run_task.options(**_resources(spec), max_retries=self.max_retries,
                                        retry_exceptions=False, name=f"mlebench:{spec.key.run_id}").remote(spec, events)
                inflight[ref] = (spec, resubmitted)

            def drain() -> None:
                try:
                    n = events.qsize()
                    batch = events.get_nowait_batch(n) if n else []
                except rex.RayActorError:  # only the live display suffers; results still come from the tasks
                    batch = []
                for run_id, state, node in batch:
                    self.nodes[run_id] = node
                    self.attempts[run_id] = self.attempts.get(run_id, 0) + 1
                    on_event(run_id, state)

            while todo or inflight:
                while todo and (self.concurrency is None or len(inflight) < self.concurrency):
                    submit(*todo.pop())
                refs = list(inflight)
                ready, _ = ray.wait(refs, num_returns=1, timeout=POLL_SECONDS)
                if ready:  # take every run that has finished, not one per poll
                    ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
                drain()
                for ref in ready:
                    spec, resubmitted = inflight.pop(ref)
                    result = self._result(ref, spec)
                    if result is None:  # the node was lost and Ray gave up: submit again
                        if resubmitted < self.resubmits:
                            on_event(spec.key.run_id, "retrying")
                            submit(spec, resubmitted + 1)
                            continue
                        result = (spec, None, f"node lost {self.max_retries + 1}x{resubmitted + 1} times; "
                                              "the run is left unfinished for --resume")
                    drain()
                    _spec, record, error = result
                    on_event(spec.key.run_id, "error" if error else record.get("status", "?"))
                    yield result
        finally:
            for ref in inflight:  # the caller stopped early (Ctrl-C): free the cluster
                ray.cancel(ref, force=True)
            try:
                ray.kill(events.actor)
            except Exception:  # noqa: BLE001
                pass
            if started_ray:
                ray.shutdown()

    def _result(self, ref, spec: RunSpec) -> tuple[RunSpec, dict | None, str | None] | None:
        try:
            return spec, ray.get(ref), None
        except rex.RayTaskError as e:  # execute_run raised: a harness error, like the local executor's
            cause = e.cause if getattr(e, "cause", None) is not None else e
            return spec, None, f"{type(cause).__name__}: {cause}"
        except LOST as e:
            log.warning("run %s lost its node (%s); retrying", spec.key.run_id, type(e).__name__)
            return None
