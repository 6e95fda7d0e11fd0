"""A container's watchdog, in a process of its own: ``python -m mlebench.runner.sandbox.reaper ID DEADLINE PID``.

The docker backend starts one per container. It kills the container at DEADLINE (a wall-clock time,
the run's time limit plus a grace), at once when it receives SIGUSR1 (the harness asks for a kill it
cannot make itself, e.g. with no file descriptor left), and kills *and removes* it when the harness
(PID) has died. It keeps no descriptor the agent can exhaust and does not depend on the container's
own pid 1, which runs as the agent's user. It exits when the container is gone.
"""

from __future__ import annotations

import signal
import sys
import threading
import time

from mlebench.runner.sandbox._common import pid_alive

POLL_SECONDS = 2.0


def kill_container(client, container_id: str, *, remove: bool, attempts: int = 5) -> str | None:
    """Kill (and remove) a container, retrying; None when done, else the last error."""
    import docker

    error = None
    for attempt in range(attempts):
        try:
            if remove:
                client.api.remove_container(container_id, force=True)
            else:
                client.api.kill(container_id)
            return None
        except docker.errors.NotFound:
            return None
        except docker.errors.APIError as e:
            if not remove and "is not running" in str(e):
                return None
            error = f"{type(e).__name__}: {e}"
        except Exception as e:  # engine unreachable, out of descriptors: retry
            error = f"{type(e).__name__}: {e}"
        time.sleep(min(0.2 * 2**attempt, 3))
    return error


def watch(container_id: str, deadline: float, harness_pid: int, keep: bool = False) -> None:
    import docker

    client = docker.from_env(timeout=30)
    now_requested = threading.Event()
    if threading.current_thread() is threading.main_thread():  # as a process of its own (always, but in tests)
        signal.signal(signal.SIGUSR1, lambda *_: now_requested.set())
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})  # blocked by the harness until now
    killed = False
    while True:
        try:
            state = client.api.inspect_container(container_id)["State"]
        except docker.errors.NotFound:
            return
        except Exception:  # the engine is busy or restarting: try again
            state = {"Running": True}
        harness_gone = not pid_alive(harness_pid)
        if harness_gone:
            kill_container(client, container_id, remove=not keep)
            return
        if state.get("Running") and (now_requested.is_set() or time.time() >= deadline) and not killed:
            killed = kill_container(client, container_id, remove=False) is None
            now_requested.clear()
        if not state.get("Running") and not state.get("Restarting"):
            if keep:
                return
            now_requested.wait(POLL_SECONDS)  # the harness removes it; stay until then (or until it dies)
            continue
        now_requested.wait(min(POLL_SECONDS, max(0.05, deadline - time.time())))


if __name__ == "__main__":
    watch(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), keep=len(sys.argv) > 4 and sys.argv[4] == "keep")
