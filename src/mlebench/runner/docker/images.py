"""Images of the docker sandbox: the base image ``mlebench-env`` (Dockerfile beside this module) on a
local root file system, and per-agent images from an agent folder's ``Dockerfile`` on top of it.

Nothing here pulls from an image registry: the base root comes from ``MLEBENCH_DOCKER_ROOTFS`` (a
folder or tar), or from debootstrap (``rootfs.sh``), and is ``docker import``-ed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Callable

from mlebench.errors import MLEBenchError

DOCKER_DIR = Path(__file__).resolve().parent
REQUIREMENTS = DOCKER_DIR.parent / "agent-requirements.txt"
AGENTS_DIR = DOCKER_DIR.parent.parent / "agents"
ENV_IMAGE = os.environ.get("MLEBENCH_DOCKER_IMAGE", "mlebench-env:latest")
BASE_IMAGE = os.environ.get("MLEBENCH_DOCKER_BASE", "mlebench-rootfs:bookworm")
LABEL = "org.mlebench.sandbox"


def connect():
    """A Docker client, or MLEBenchError saying how to get one."""
    try:
        import docker
    except ModuleNotFoundError:
        raise MLEBenchError("the docker sandbox needs the Docker SDK: pip install 'mlebench[docker]'") from None
    try:
        client = docker.from_env(timeout=120)
        client.ping()
    except Exception as e:  # DockerException, connection refused, permission denied on the socket
        raise MLEBenchError(
            f"no Docker engine reachable ({type(e).__name__}: {e}). Start dockerd (Debian: `apt-get install docker.io`, "
            "then `dockerd &` as root), set DOCKER_HOST, or add your user to the `docker` group") from None
    return client


# --- images -----------------------------------------------------------------------------------------

def agent_image(agent_dir: Path) -> str | None:
    """The image of an agent that ships a Dockerfile (tagged by the Dockerfile's content), else None."""
    dockerfile = agent_dir / "Dockerfile"
    if not dockerfile.is_file():
        return None
    name = re.sub(r"[^a-z0-9_.-]", "-", agent_dir.name.lower()).strip("-.") or "agent"
    return f"mlebench-agent-{name}:{hashlib.sha256(dockerfile.read_bytes()).hexdigest()[:12]}"


def image_exists(client, tag: str) -> bool:
    import docker

    try:
        client.images.get(tag)
        return True
    except docker.errors.ImageNotFound:
        return False


def _stream_build(client, echo: Callable[[str], Any], **kwargs) -> None:
    """Build with the engine's progress lines shown (never pulling); MLEBenchError on a failed step."""
    for chunk in client.api.build(decode=True, rm=True, forcerm=True, pull=False, **kwargs):
        if "stream" in chunk:
            for line in chunk["stream"].splitlines():
                if line.strip():
                    echo(line.rstrip())
        if "error" in chunk:
            raise MLEBenchError(f"building {kwargs.get('tag')} failed: {chunk['error'].strip()}")


def import_rootfs(client, source: Path, tag: str = BASE_IMAGE, echo: Callable[[str], Any] = print) -> None:
    """``docker import`` a root file system (a folder or a tar archive) as the local base image."""
    repo, _, version = tag.partition(":")
    with tempfile.TemporaryDirectory() as tmp:
        archive = source
        if source.is_dir():
            archive = Path(tmp) / "rootfs.tar"
            echo(f"packing {source} …")
            with tarfile.open(archive, "w") as tar:
                tar.add(str(source), arcname=".")
        echo(f"importing {archive} as {tag} …")
        client.api.import_image_from_file(str(archive), repository=repo, tag=version or "latest",
                                          changes=['CMD ["/bin/sh"]'])


def ensure_base(client, echo: Callable[[str], Any] = print) -> str:
    """The local base image: present already, imported from MLEBENCH_DOCKER_ROOTFS, or made by debootstrap."""
    if image_exists(client, BASE_IMAGE):
        echo(f"base image {BASE_IMAGE} present")
        return BASE_IMAGE
    rootfs = os.environ.get("MLEBENCH_DOCKER_ROOTFS")
    if rootfs:
        import_rootfs(client, Path(rootfs), BASE_IMAGE, echo)
        return BASE_IMAGE
    if shutil.which("debootstrap") and os.geteuid() == 0:
        echo(f"making {BASE_IMAGE} with debootstrap (Debian's mirror; no image registry) …")
        proc = subprocess.run(["sh", str(DOCKER_DIR / "rootfs.sh"), BASE_IMAGE])
        if proc.returncode != 0:
            raise MLEBenchError(f"rootfs.sh failed with exit {proc.returncode}; see its output above")
        return BASE_IMAGE
    raise MLEBenchError(
        f"no base image {BASE_IMAGE}. Give a root file system (folder or tar) in MLEBENCH_DOCKER_ROOTFS, run "
        f"`sudo sh {DOCKER_DIR / 'rootfs.sh'}` (needs debootstrap), or set MLEBENCH_DOCKER_BASE=debian:bookworm-slim "
        "after pulling it from a registry")


def build_env_image(client, echo: Callable[[str], Any] = print, *, tag: str = ENV_IMAGE) -> str:
    base = ensure_base(client, echo)
    with tempfile.TemporaryDirectory() as ctx:
        shutil.copyfile(DOCKER_DIR / "Dockerfile", Path(ctx) / "Dockerfile")
        shutil.copyfile(REQUIREMENTS, Path(ctx) / "agent-requirements.txt")
        ca = next((os.environ[v] for v in ("PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE")
                   if os.path.isfile(os.environ.get(v, ""))), None)
        (Path(ctx) / "build-ca.pem").write_bytes(Path(ca).read_bytes() if ca else b"")
        args = {"BASE": base}
        for var in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"):
            if os.environ.get(var):
                args[var] = os.environ[var]
        echo(f"building {tag} from {DOCKER_DIR / 'Dockerfile'} …")
        _stream_build(client, echo, path=ctx, tag=tag, buildargs=args,
                      network_mode=os.environ.get("MLEBENCH_DOCKER_BUILD_NETWORK", "host"),
                      labels={LABEL: "image"})
    return tag


def build_agent_image(client, agent_dir: Path, echo: Callable[[str], Any] = print) -> str | None:
    tag = agent_image(agent_dir)
    if tag is None:
        return None
    if image_exists(client, tag):
        echo(f"agent image {tag} present")
        return tag
    echo(f"building {tag} from {agent_dir / 'Dockerfile'} …")
    _stream_build(client, echo, path=str(agent_dir), tag=tag, buildargs={"BASE_IMAGE": ENV_IMAGE},
                  network_mode=os.environ.get("MLEBENCH_DOCKER_BUILD_NETWORK", "host"), labels={LABEL: "image"})
    return tag


def build_images(echo: Callable[[str], Any] = print, agent_dirs: list[Path] | None = None) -> list[str]:
    """``mlebench env build --sandbox docker``: the base image, then the images of agents with a Dockerfile."""
    client = connect()
    built = [build_env_image(client, echo)]
    dirs = agent_dirs if agent_dirs is not None else sorted(p for p in AGENTS_DIR.iterdir() if p.is_dir())
    for d in dirs:
        tag = build_agent_image(client, d, echo)
        if tag:
            built.append(tag)
    echo("docker images ready: " + ", ".join(built))
    return built
