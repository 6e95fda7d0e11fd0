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
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

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


# The engine's own progress lines, told apart from what a build step prints.
_ENGINE_LINE = re.compile(r"\s*(Step \d+/\d+ :|---> |Removing intermediate container|Successfully (built|tagged))")


def _stream_build(client, echo: Callable[[str], Any], **kwargs) -> None:
    """Build with the engine's progress lines shown (never pulling); MLEBenchError on a failed step, with
    the step's last line of output (usually the reason)."""
    last = ""
    for chunk in client.api.build(decode=True, rm=True, forcerm=True, pull=False, **kwargs):
        if "stream" in chunk:
            for line in chunk["stream"].splitlines():
                line = re.sub(r"\x1b\[[0-9;]*m", "", line).rstrip()  # the engine's colour codes
                if line.strip():
                    echo(line)
                    if not _ENGINE_LINE.match(line):
                        last = line.strip()
        if "error" in chunk:
            error = re.sub(r"^The command .* (returned a non-zero code: \d+)$", r"a step \1", chunk["error"].strip(), flags=re.S)
            raise MLEBenchError(f"building {kwargs.get('tag')} failed: {error}" + (f" ({last})" if last else ""))


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


def _venv_member(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """A profile venv's file as it goes into an image (``tarfile`` filter): root-owned, less pyvenv.cfg and
    bin/python* (the image's own ``python3 -m venv`` makes those, for the image's python)."""
    rel = info.name.split("/", 1)[1] if "/" in info.name else ""
    if rel == "pyvenv.cfg" or re.fullmatch(r"bin/python[0-9.]*", rel):
        return None
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def _env_context(out, requirements: Path) -> None:
    """The build context of an environment image, as a tar written to ``out``: the Dockerfile, the lock and
    the build's CA bundle (a profile's venv goes in later: ``_fill_venv``)."""
    def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o644
        tar.addfile(info, io.BytesIO(data))

    ca = next((os.environ[v] for v in ("PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE")
               if os.path.isfile(os.environ.get(v, ""))), None)
    with tarfile.open(fileobj=out, mode="w") as tar:
        add_bytes(tar, "Dockerfile", (DOCKER_DIR / "Dockerfile").read_bytes())
        add_bytes(tar, "agent-requirements.txt", requirements.read_bytes())
        add_bytes(tar, "build-ca.pem", Path(ca).read_bytes() if ca else b"")
    out.seek(0)


def _tar_stream(folder: Path, member_filter: Callable[[tarfile.TarInfo], tarfile.TarInfo | None]) -> Iterator[bytes]:
    """``folder``'s content as an uncompressed tar (members ``./…``), produced while it is read: never whole
    in memory or on disk. An error while packing is raised to the reader."""
    read_fd, write_fd = os.pipe()
    failed: list[BaseException] = []

    def pack() -> None:
        try:
            with os.fdopen(write_fd, "wb") as out, tarfile.open(fileobj=out, mode="w|") as tar:
                tar.add(str(folder), arcname=".", filter=member_filter)
        except BrokenPipeError:
            pass  # the reader stopped (the engine refused the upload): its error is the one to report
        except BaseException as e:  # noqa: BLE001 - handed to the reader below
            failed.append(e)

    packer = threading.Thread(target=pack, name="venv-tar", daemon=True)
    packer.start()
    with os.fdopen(read_fd, "rb") as source:
        while chunk := source.read(1 << 20):
            yield chunk
    packer.join()
    if failed:
        raise failed[0]


# Run as root in a container of the shell image once the venv's files are in /opt/mlebench-env (the shell's
# python has the venv's version: the Dockerfile checked it): the scripts' first lines name the image's venv.
_FILL_SCRIPT = """set -e
grep -rlI --exclude='python*' '^#!/.*python' /opt/mlebench-env/bin | \
    xargs -r sed -i '1s|^#!/.*python[0-9.]*$|#!/opt/mlebench-env/bin/python|'
"""


def _fill_venv(client, shell: str, env_dir: Path, tag: str, echo: Callable[[str], Any]) -> None:
    """``tag`` = the ``shell`` image (an empty venv in /opt/mlebench-env) with ``env_dir``'s venv copied in:
    a stopped container gets the venv streamed into it (``put_archive``), fixes its scripts, and is committed.
    One copy of the venv on the engine's disk (plus the commit's), where a build context took three."""
    repo, _, version = tag.partition(":")
    container = client.containers.create(shell, command=["sh", "-c", _FILL_SCRIPT], user="0",
                                         network_disabled=True, labels={LABEL: "build"})
    timeout, client.api.timeout = client.api.timeout, 3600  # committing gigabytes takes minutes
    try:
        echo(f"copying {env_dir} into the image …")
        if not container.put_archive("/opt/mlebench-env", _tar_stream(env_dir, _venv_member)):
            raise MLEBenchError(f"the Docker engine refused the copy of {env_dir} into {shell}")
        container.start()
        status = container.wait().get("StatusCode", 1)
        if status != 0:
            log = container.logs().decode(errors="replace").strip()
            raise MLEBenchError(f"preparing {tag} failed (exit {status}): {log[-500:]}")
        echo(f"committing {tag} …")
        container.commit(repository=repo, tag=version or "latest",
                         changes=["USER 1000:1000", "WORKDIR /home", 'CMD ["/bin/sh"]', f"LABEL {LABEL}=image"])
    finally:
        try:  # removing a container that holds gigabytes takes minutes too: still under the long timeout
            container.remove(force=True)
        finally:
            client.api.timeout = timeout


def _build_from_dockerfile(client, tag: str, requirements: Path, args: dict[str, str],
                           echo: Callable[[str], Any]) -> None:
    for var in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"):
        if os.environ.get(var):
            args[var] = os.environ[var]
    echo(f"building {tag} from {DOCKER_DIR / 'Dockerfile'} …")
    with tempfile.TemporaryFile() as context:
        _env_context(context, requirements)
        _stream_build(client, echo, fileobj=context, custom_context=True, tag=tag, buildargs=args,
                      network_mode=os.environ.get("MLEBENCH_DOCKER_BUILD_NETWORK", "host"),
                      labels={LABEL: "image"}, timeout=3600)


def image_from_venv(client, env_dir: Path, requirements: Path, tag: str, echo: Callable[[str], Any] = print) -> str:
    """``tag``: the Dockerfile's image with an empty venv for ``env_dir``'s python (the shell, tagged
    ``<tag>-shell`` while it is needed) into which the host's venv ``env_dir`` is copied (``_fill_venv``);
    ``requirements`` (its lock) goes to /opt/agent-requirements.txt."""
    cfg = (env_dir / "pyvenv.cfg").read_text()
    version = re.search(r"^version\w*\s*=\s*(\d+)\.(\d+)", cfg, re.M)
    if version is None:
        raise MLEBenchError(f"{env_dir / 'pyvenv.cfg'} names no python version: rebuild that environment")
    shell = f"{tag}-shell"
    _build_from_dockerfile(client, shell, requirements,
                           {"BASE": ensure_base(client, echo), "ENV_PYTHON": ".".join(version.groups())}, echo)
    try:
        _fill_venv(client, shell, env_dir, tag, echo)
    finally:
        # only untags it (the image is tag's parent); forced: the engine may still count the removed container
        client.images.remove(shell, force=True, noprune=True)
    return tag


def build_env_image(client, echo: Callable[[str], Any] = print, *, tag: str | None = None,
                    profile: str = agent_env.DEFAULT_PROFILE) -> str:
    """The image of a profile: the default one installed from its lock by the Dockerfile, another one the
    host's venv of that profile (which must be built: ``mlebench env build --profile NAME``) copied into an
    image (``image_from_venv``)."""
    tag = tag or profile_image(profile)
    if profile == agent_env.DEFAULT_PROFILE:
        _build_from_dockerfile(client, tag, REQUIREMENTS, {"BASE": ensure_base(client, echo)}, echo)
        return tag
    requirements = agent_env.lock_file(profile)
    env_dir = agent_env.default_env_dir(profile)
    if not agent_env.is_built(env_dir, requirements):
        raise MLEBenchError(f"the '{profile}' environment is not built on this host: "
                            f"mlebench env build --profile {profile}, then mlebench env build --sandbox docker")
    return image_from_venv(client, env_dir, requirements, tag, echo)


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
