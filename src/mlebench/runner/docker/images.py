"""Images of the docker sandbox: the base image ``mlebench-env`` (Dockerfile beside this module) on a
local root file system, one image per other environment profile built on this host
(``mlebench-env-<profile>:<lock hash>``: the same Dockerfile, the host's venv of that profile copied in),
and per-agent images from an agent folder's ``Dockerfile`` on top of the image of the agent's profile.

Nothing here pulls from an image registry: the base root comes from ``MLEBENCH_DOCKER_ROOTFS`` (a
folder or tar), or from debootstrap (``rootfs.sh``), and is ``docker import``-ed.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Callable

from mlebench.errors import MLEBenchError
from mlebench.runner import env as agent_env

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

def profile_image(profile: str = agent_env.DEFAULT_PROFILE) -> str:
    """The image holding an environment profile: ``ENV_IMAGE`` for the default one, else
    ``mlebench-env-<profile>:<lock hash>`` (a changed lock names a new image)."""
    if profile == agent_env.DEFAULT_PROFILE:
        return ENV_IMAGE
    return f"mlebench-env-{profile}:{agent_env.lock_hashes(profile)['agent_env']}"


def missing_profile_image(client, profile: str) -> str | None:
    """Why the docker sandbox cannot run an agent of this profile (its image is not built), or None."""
    image = profile_image(profile)
    if image_exists(client, image):
        return None
    first = "" if profile == agent_env.DEFAULT_PROFILE else f"mlebench env build --profile {profile}, then "
    return f"no image {image} (environment '{profile}'): run `{first}mlebench env build --sandbox docker`"


def agent_image(agent_dir: Path, base: str = ENV_IMAGE) -> str | None:
    """The image of an agent that ships a Dockerfile (tagged by the Dockerfile's content and, when it is not
    ``ENV_IMAGE``, its base image), else None."""
    dockerfile = agent_dir / "Dockerfile"
    if not dockerfile.is_file():
        return None
    name = re.sub(r"[^a-z0-9_.-]", "-", agent_dir.name.lower()).strip("-.") or "agent"
    content = dockerfile.read_bytes() + (b"" if base == ENV_IMAGE else f"\nbase {base}".encode())
    return f"mlebench-agent-{name}:{hashlib.sha256(content).hexdigest()[:12]}"


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


def _env_context(out, requirements: Path, env_dir: Path | None) -> None:
    """The build context of an environment image, as a tar written to ``out``: the Dockerfile, the lock, the
    build's CA bundle and ``env/`` (a profile's venv less its python links and pyvenv.cfg; empty for none)."""
    def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o644
        tar.addfile(info, io.BytesIO(data))

    def venv_file(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        rel = info.name.split("/", 1)[1] if "/" in info.name else ""
        if rel == "pyvenv.cfg" or re.fullmatch(r"bin/python[0-9.]*", rel):
            return None  # the image's own python makes these
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    ca = next((os.environ[v] for v in ("PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE")
               if os.path.isfile(os.environ.get(v, ""))), None)
    with tarfile.open(fileobj=out, mode="w") as tar:
        add_bytes(tar, "Dockerfile", (DOCKER_DIR / "Dockerfile").read_bytes())
        add_bytes(tar, "agent-requirements.txt", requirements.read_bytes())
        add_bytes(tar, "build-ca.pem", Path(ca).read_bytes() if ca else b"")
        if env_dir is None:
            info = tarfile.TarInfo("env")
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            tar.addfile(info)
        else:
            tar.add(str(env_dir), arcname="env", filter=venv_file)
    out.seek(0)


def build_env_image(client, echo: Callable[[str], Any] = print, *, tag: str | None = None,
                    profile: str = agent_env.DEFAULT_PROFILE) -> str:
    """The image of a profile: the default one installed from its lock, another copied from the host's venv
    of that profile (which must be built: ``mlebench env build --profile NAME``)."""
    tag = tag or profile_image(profile)
    base = ensure_base(client, echo)
    args = {"BASE": base}
    env_dir = None
    requirements = REQUIREMENTS
    if profile != agent_env.DEFAULT_PROFILE:
        requirements = agent_env.lock_file(profile)
        env_dir = agent_env.default_env_dir(profile)
        if not agent_env.is_built(env_dir, requirements):
            raise MLEBenchError(f"the '{profile}' environment is not built on this host: "
                                f"mlebench env build --profile {profile}, then mlebench env build --sandbox docker")
        cfg = (env_dir / "pyvenv.cfg").read_text()
        args["ENV_PYTHON"] = ".".join(re.search(r"^version\w*\s*=\s*(\d+)\.(\d+)", cfg, re.M).groups())
    for var in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"):
        if os.environ.get(var):
            args[var] = os.environ[var]
    echo(f"building {tag} from {DOCKER_DIR / 'Dockerfile'}" + (f" and {env_dir}" if env_dir else "") + " …")
    with tempfile.TemporaryFile() as context:
        _env_context(context, requirements, env_dir)
        _stream_build(client, echo, fileobj=context, custom_context=True, tag=tag, buildargs=args,
                      network_mode=os.environ.get("MLEBENCH_DOCKER_BUILD_NETWORK", "host"),
                      labels={LABEL: "image"}, timeout=3600)
    return tag


def build_profile_images(client, echo: Callable[[str], Any] = print) -> list[str]:
    """An image for each non-default profile built on this host (kept while its lock is unchanged; the images
    of its older locks are removed); profiles not built here are named and skipped."""
    built = []
    for profile in agent_env.profiles()[1:]:
        if not agent_env.is_built(agent_env.default_env_dir(profile), agent_env.lock_file(profile)):
            echo(f"profile {profile}: not built on this host, no image (mlebench env build --profile {profile})")
            continue
        tag = profile_image(profile)
        if image_exists(client, tag):
            echo(f"image {tag} present")
        else:
            build_env_image(client, echo, profile=profile)
        repo = tag.partition(":")[0]
        for old in client.images.list(name=repo):
            if tag not in old.tags:
                echo(f"removing {', '.join(old.tags) or old.id} (an older lock of {profile})")
                client.images.remove(old.id, force=True)
        built.append(tag)
    return built


def build_agent_image(client, agent_dir: Path, echo: Callable[[str], Any] = print,
                      base: str = ENV_IMAGE) -> str | None:
    tag = agent_image(agent_dir, base)
    if tag is None:
        return None
    if image_exists(client, tag):
        echo(f"agent image {tag} present")
        return tag
    echo(f"building {tag} from {agent_dir / 'Dockerfile'} …")
    _stream_build(client, echo, path=str(agent_dir), tag=tag, buildargs={"BASE_IMAGE": base},
                  network_mode=os.environ.get("MLEBENCH_DOCKER_BUILD_NETWORK", "host"), labels={LABEL: "image"})
    return tag


def build_images(echo: Callable[[str], Any] = print, agent_dirs: list[Path] | None = None) -> list[str]:
    """``mlebench env build --sandbox docker``: the base image, the images of the other profiles built on this
    host, then the images of agents with a Dockerfile (on the default profile's image)."""
    client = connect()
    built = [build_env_image(client, echo), *build_profile_images(client, echo)]
    dirs = agent_dirs if agent_dirs is not None else sorted(p for p in AGENTS_DIR.iterdir() if p.is_dir())
    for d in dirs:
        tag = build_agent_image(client, d, echo)
        if tag:
            built.append(tag)
    echo("docker images ready: " + ", ".join(built))
    return built
