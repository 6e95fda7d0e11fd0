"""The agent's Python environment: a venv built once from a committed lock (pinned, with hashes) and cached.

It is mounted read-only at /opt/mlebench-env inside the sandbox (`python` on the agent's PATH).
A *profile* names one lock: ``agent-requirements.txt`` (profile ``minimal``) or
``agent-requirements-<profile>.txt`` beside this module, each generated from the ``.in`` file of the
same name by ``bash scripts/lock.sh``. A built venv records its lock's hash; a changed lock rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mlebench.errors import MLEBenchError

HERE = Path(__file__).resolve().parent
DEFAULT_PROFILE = "minimal"
REQUIREMENTS = HERE / "agent-requirements.txt"
# The harness's own lock, in a source checkout (absent in an installed wheel: then recorded as None).
HARNESS_LOCK = HERE.parents[2] / "requirements" / "harness.lock"
CACHE = Path(os.environ.get("MLEBENCH_CACHE_DIR", Path.home() / ".cache" / "mle-bench"))
MARKER = ".mlebench-env.json"


def profiles() -> list[str]:
    """The profiles that have a lock beside this module, ``minimal`` first."""
    names = [p.name[len("agent-requirements-"):-len(".txt")] for p in HERE.glob("agent-requirements-*.txt")]
    return [DEFAULT_PROFILE, *sorted(names)]


def lock_file(profile: str = DEFAULT_PROFILE) -> Path:
    """The lock of a profile; MLEBenchError naming the known profiles for an unknown one."""
    path = REQUIREMENTS if profile == DEFAULT_PROFILE else HERE / f"agent-requirements-{profile}.txt"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", profile) or not path.is_file():
        raise MLEBenchError(f"unknown environment profile {profile!r}; known: {', '.join(profiles())}")
    return path


def default_env_dir(profile: str = DEFAULT_PROFILE) -> Path:
    """Where a profile's venv is cached (``MLEBENCH_ENV_DIR`` overrides the default profile's)."""
    if profile == DEFAULT_PROFILE:
        return Path(os.environ.get("MLEBENCH_ENV_DIR", CACHE / "envs" / "default"))
    return CACHE / "envs" / profile


def _digest(requirements: Path) -> str:
    return hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]


def lock_hashes(profile: str = DEFAULT_PROFILE) -> dict[str, str | None]:
    """For records (run.json, reports): sha256 prefixes of the harness lock and of the agents' lock.

    ``harness`` is None when the harness runs from an installed wheel without its lock file.
    """
    return {"harness": _digest(HARNESS_LOCK) if HARNESS_LOCK.is_file() else None,
            "agent_env": _digest(lock_file(profile))}


def top_level_packages(profile: str = DEFAULT_PROFILE) -> dict[str, str]:
    """``{name: version}`` of a profile's top-level packages (its ``.in`` file), as locked for this
    interpreter: what an agent's instructions can list as installed."""
    lock = lock_file(profile)
    pins = _pins(lock)
    names = [_name(ln) for ln in lock.with_suffix(".in").read_text().splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    return {n: pins[n] for n in names if n in pins}


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name(requirement: str) -> str:
    """The normalized project name of a requirement line (``Scikit_Learn>=1.4`` -> ``scikit-learn``)."""
    return _normalize(re.split(r"[\s<>=!~\[;]", requirement.strip(), maxsplit=1)[0])


# Run by the environment's own python: import each named distribution's main module.
_IMPORT_CHECK = r"""
import importlib, importlib.metadata as md, json, re, sys
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
modules = {}
for module, dists in md.packages_distributions().items():
    for dist in dists:
        modules.setdefault(norm(dist), set()).add(module)
failed = {}
for name in json.loads(sys.argv[1]):
    found = sorted(m for m in modules.get(name, ()) if not m.startswith("_") and not m.endswith("_launcher"))
    main = [m for m in found if norm(m) == name or m.lower() == name.replace("-", "_")] or found[:1]
    if not main:
        failed[name] = "not installed, or no importable module"
        continue
    try:
        importlib.import_module(main[0])
    except BaseException as e:
        failed[name] = f"import {main[0]}: {type(e).__name__}: {e}"[:300]
print(json.dumps(failed))
"""


def import_check(env_dir: Path, names, *, timeout: float = 900) -> dict[str, str]:
    """Import each named distribution's main module inside a built venv: ``{name: error}`` of those
    that fail (empty: all import). For a profile: ``import_check(env_dir, top_level_packages(p))``,
    less ``kaggle`` (importing it logs in to Kaggle)."""
    names = [_name(n) for n in names]
    proc = subprocess.run([str(env_dir / "bin" / "python"), "-c", _IMPORT_CHECK, json.dumps(names)],
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise MLEBenchError(f"the import check crashed in {env_dir}: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pins(lock: Path) -> dict[str, str]:
    """``{normalized name: version}`` of a lock's requirements that apply to this interpreter."""
    try:
        from packaging.markers import Marker
    except ModuleNotFoundError:  # packaging comes with the dev/ray extras; without it, skip marked lines
        Marker = None
    pins: dict[str, str] = {}
    for line in lock.read_text().splitlines():
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if not m:
            continue
        name, version, marker = m.groups()
        if marker and (Marker is None or not Marker(marker).evaluate()):
            continue
        pins[_normalize(name)] = version
    return pins


def harness_deviations(lock: Path = HARNESS_LOCK) -> list[str]:
    """Installed distributions that differ from the harness lock (``name: installed X, lock Y``).

    Empty when the running harness was installed from its lock; a package of the lock that is not
    installed at all is listed only if it is a base dependency (extras are optional).
    """
    from importlib import metadata

    if not lock.is_file():
        return []
    base = {_name(r) for r in (metadata.requires("mlebench") or []) if "extra ==" not in r}
    out = []
    for name, want in sorted(_pins(lock).items()):
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            if name in base:
                out.append(f"{name}: not installed, lock {want}")
            continue
        if have != want:
            out.append(f"{name}: installed {have}, lock {want}")
    return out


# The installer: uv, in its own venv beside the lock tools (scripts/lock.sh), itself checked by hash.
UV_VERSION = "0.13.9"
UV_HASHES = ("d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19",   # manylinux x86_64
             "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe")   # manylinux aarch64
TOOLS = Path(os.environ.get("MLEBENCH_LOCK_TOOLS", CACHE / "lock-tools"))


def installer(echo=print) -> Path | None:
    """uv (``UV_VERSION``) from the tools venv, installed there with its hash checked when missing;
    None, and the build falls back to pip, where it cannot be had (``MLEBENCH_INSTALLER=pip`` asks for pip)."""
    if os.environ.get("MLEBENCH_INSTALLER") == "pip":
        return None
    uv = TOOLS / "bin" / "uv"
    def current() -> bool:
        try:
            out = subprocess.run([str(uv), "--version"], capture_output=True, text=True, timeout=60).stdout
        except OSError:
            return False
        return out.split()[:2] == ["uv", UV_VERSION]
    if current():
        return uv
    echo(f"installing uv {UV_VERSION} into {TOOLS} …")
    pin = TOOLS / "uv-requirement.txt"
    try:
        subprocess.run([str(Path(sys.base_prefix) / "bin" / "python3"), "-m", "venv", str(TOOLS)], check=True)
        pin.write_text(f"uv=={UV_VERSION} " + " ".join(f"--hash=sha256:{h}" for h in UV_HASHES) + "\n")
        subprocess.run([str(TOOLS / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "--require-hashes", "-r", str(pin)], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        echo(f"uv is not available ({e}); installing with pip instead (slower)")
        return None
    return uv if current() else None


def is_built(env_dir: Path, requirements: Path = REQUIREMENTS) -> bool:
    try:
        info = json.loads((env_dir / MARKER).read_text())
    except (OSError, ValueError):
        return False
    return info.get("requirements_sha") == _digest(requirements)


def build(env_dir: Path | None = None, requirements: Path = REQUIREMENTS, *, echo=print,
          profile: str | None = None) -> Path:
    """Create the venv and install a lock into it (pip's own progress is shown).

    ``profile`` picks a committed lock (and its cache folder); ``requirements`` a file of one's own.
    A file with hashes is installed with ``--require-hashes``, so every wheel is the one locked.
    """
    if profile is not None:
        requirements = lock_file(profile)
    env_dir = env_dir or default_env_dir(profile or DEFAULT_PROFILE)
    if not requirements.is_file():
        raise MLEBenchError(f"requirements file {requirements} does not exist")
    if is_built(env_dir, requirements):
        echo(f"agent environment up to date: {env_dir}")
        return env_dir
    text = requirements.read_text()
    hashed = "--hash=" in text
    shutil.rmtree(env_dir, ignore_errors=True)
    env_dir.parent.mkdir(parents=True, exist_ok=True)
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    echo(f"building the agent environment in {env_dir} from {requirements.name} "
         f"({'locked, hashes checked' if hashed else 'NOT locked: no hashes in the file'}) …")
    subprocess.run([str(base_python), "-m", "venv", str(env_dir)], check=True)
    uv = installer(echo)
    if uv is not None:
        # --compile-bytecode: the venv is mounted read-only, so modules are compiled now, not at each import
        # --link-mode copy: files are the venv's own, never hard links into uv's cache (a change to one, e.g. a
        # test breaking a module on purpose, must not reach every later install)
        cmd = [str(uv), "pip", "install", "--no-config", "--python", str(env_dir / "bin" / "python"),
               "--compile-bytecode", "--link-mode", "copy"]
    else:
        cmd = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    if hashed:
        cmd.append("--require-hashes")  # and the installer refuses any dependency the lock does not pin
    if requirements.with_suffix(".overrides").is_file():
        # the lock took some pins over its packages' own (v1-gpu): installing checks no dependency ranges, only
        # the lock's pins and hashes (it is complete: the resolver wrote every dependency into it)
        cmd.append("--no-deps")
    result = subprocess.run([*cmd, "-r", str(requirements)])
    if result.returncode != 0:
        raise MLEBenchError(f"installing the agent environment failed ({Path(cmd[0]).name} exit {result.returncode}); "
                            "see its output above")
    (env_dir / MARKER).write_text(json.dumps({
        "requirements_sha": _digest(requirements), "requirements_file": requirements.name,
        "profile": profile or (DEFAULT_PROFILE if requirements == REQUIREMENTS else None),
        "packages": _pins(requirements)}))
    return env_dir
