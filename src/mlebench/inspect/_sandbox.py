"""The docker sandbox of a sample: the agent image, public data mounted read-only, no network.

The model is called by Inspect on the host, so the container itself needs no network at all.
"""

from __future__ import annotations

from pathlib import Path

from inspect_ai.util import ComposeConfig, ComposeService, SandboxEnvironmentSpec

DOCKER_HOME = "/home"
AGENT_UID = 1000  # the image's USER
AGENT_PATH = "/opt/mlebench-env/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
WRITABLE = {"submission": "4g", "code": "1g", "logs": "1g"}


def default_image() -> str:
    """The agents' image that ``mlebench`` builds for its own docker sandbox (``MLEBENCH_DOCKER_IMAGE``)."""
    from mlebench.runner.docker.images import ENV_IMAGE

    return ENV_IMAGE


def docker_spec(public_dir: Path, *, image: str | None = None) -> SandboxEnvironmentSpec:
    """A compose service with ``public_dir`` at ``/home/data`` (read-only), working in ``/home``."""
    service = ComposeService(
        image=image or default_image(),
        command="tail -f /dev/null",
        init=True,
        working_dir=DOCKER_HOME,
        network_mode="none",
        environment={"PATH": AGENT_PATH},  # `python` is the agents' environment, as in `mlebench run`
        volumes=[f"{Path(public_dir).resolve()}:{DOCKER_HOME}/data:ro"],
        cap_drop=["ALL"],
        security_opt=["no-new-privileges:true"],
        # the image's folders belong to root; the agent (uid 1000) writes into size-capped tmpfs
        tmpfs=[f"{DOCKER_HOME}/{name}:uid={AGENT_UID},gid={AGENT_UID},mode=0755,size={size}"
               for name, size in WRITABLE.items()],
    )
    return SandboxEnvironmentSpec("docker", ComposeConfig(services={"default": service}))
