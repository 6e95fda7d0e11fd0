"""The default sandbox on Linux: bubblewrap namespaces + per-run cgroups + a seccomp filter.

New user, pid, net, ipc, uts and cgroup namespaces; only the run's own folders, the public data,
the agent's folder and read-only system folders are mounted; no network unless the policy says so
(`llm`: only the harness's proxy, through a Unix socket); memory/CPU/process limits by cgroup; the
whole process tree dies with the sandbox.

Hardening (docs/security.md): the agent is never host root — a root harness starts bwrap as the
unprivileged sandbox user (``identity.py``), after placing it in the run's cgroups, so bwrap builds an
unprivileged user namespace (uid 1000 inside, the sandbox uid outside). Sources that user cannot reach
(under /root, in 0700 folders) are first bind-mounted, in a mount namespace of the sandbox's own, onto
a staging folder it can traverse. All capabilities are dropped, ``no_new_privs`` is set, the seccomp
filter of ``runner/seccomp.py`` is loaded. bwrap starts with an empty environment and no inherited
descriptor but its arguments and data; its output goes through a pipe the harness reads with a cap.
The root, /dev and /etc are read-only; /tmp and /dev/shm are size-limited tmpfs; the runtime files
(entry script, forwarder, /etc/passwd, /etc/group, /etc/hosts) are copied in from memory; each
service socket is bound alone, read-only.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from mlebench.errors import MLEBenchError
from mlebench.runner.cgroups import CgroupSet
from mlebench.runner.sandbox._common import LogPump, mark_owner, memory_limit, runtime_files, sandbox_env, tmpfs_bytes
from mlebench.runner.sandbox.base import Handle, ProcessSandbox, Resources, SandboxSpec
from mlebench.runner.sandbox.identity import INSIDE_UID, drop_privileges, hand_over, sandbox_ids
from mlebench.runner.workspace import Bounds, chown_tree

RUNTIME = "/opt/mlebench"
ENV_MOUNT = "/opt/mlebench-env"
ETC_FILES = ("ld.so.cache", "alternatives", "ssl", "ca-certificates", "localtime",
             "nsswitch.conf", "mime.types", "fonts", "protocols", "services")
DEVICES = ("null", "zero", "full", "random", "urandom")

_libc = ctypes.CDLL(None, use_errno=True)
_CLONE_NEWNS, _MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 0x00020000, 2, 4, 4096, 16384, 1 << 18
STAGE = "/tmp/mlebench-stage"  # in the sandbox's staging mount namespace only


def python_prefix(python_env: Path | None) -> Path:
    """The base Python installation a venv runs on (it must be visible inside the sandbox)."""
    if python_env is not None:
        cfg = python_env / "pyvenv.cfg"
        for line in cfg.read_text().splitlines() if cfg.exists() else []:
            key, _, value = line.partition("=")
            if key.strip() == "home":
                return Path(value.strip()).parent
    return Path(sys.base_prefix)


class Stage:
    """Root only: what bwrap binds, reachable by the sandbox user wherever it lives on the host.

    ``mount()`` runs in the forked child before it drops privileges: a mount namespace of its own, each
    source opened there (as root, O_PATH), a small tmpfs over ``/tmp`` (in that namespace only), and
    each source bound from its descriptor onto the stage in it. Nothing is left on the host. Without a
    stage (harness not root) ``path(src)`` is ``src`` itself."""

    def __init__(self, gid: int | None) -> None:
        self.gid = gid
        self.sources: list[tuple[bytes, bool]] = []  # (path, is a folder)

    def path(self, src: Path) -> str:
        if self.gid is None:
            return str(src)
        self.sources.append((os.fsencode(src), src.is_dir()))
        return f"{STAGE}/{len(self.sources) - 1}"

    def mount(self) -> None:
        """In the forked child, as root; libc calls and plain os calls only."""
        if not self.sources:
            return
        if _libc.unshare(_CLONE_NEWNS) != 0 or _libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
            raise OSError(ctypes.get_errno(), "cannot make the sandbox's staging mount namespace")
        fds = [os.open(src, os.O_PATH | os.O_CLOEXEC) for src, _ in self.sources]  # before /tmp is covered
        if _libc.mount(b"tmpfs", b"/tmp", b"tmpfs", _MS_NOSUID | _MS_NODEV, b"mode=0755,size=1m") != 0:
            raise OSError(ctypes.get_errno(), "cannot mount the sandbox's staging tmpfs")
        os.mkdir(STAGE, 0o750)
        os.chown(STAGE, 0, self.gid or 0)
        for i, (fd, (_, is_dir)) in enumerate(zip(fds, self.sources)):
            dst = f"{STAGE}/{i}"
            if is_dir:
                os.mkdir(dst)
            else:
                os.close(os.open(dst, os.O_CREAT | os.O_WRONLY, 0o600))
            if _libc.mount(f"/proc/self/fd/{fd}".encode(), dst.encode(), None, _MS_BIND, None) != 0:
                raise OSError(ctypes.get_errno(), f"cannot stage source {i}")
            os.close(fd)


class BwrapBackend(ProcessSandbox):
    name = "bwrap"
    writable_agent_dir = True

    def __init__(self, bwrap: str | None = None) -> None:
        self.bwrap = bwrap or shutil.which("bwrap") or "bwrap"

    def check(self) -> None:
        if not shutil.which(self.bwrap):
            raise MLEBenchError(
                "bubblewrap is not installed: `sudo apt-get install bubblewrap` (Debian/Ubuntu), "
                "or run with --sandbox docker"
            )
        from mlebench.runner.sandbox.cleanup import sweep

        sweep()  # what killed runs of this host left: cgroups, runtime folders
        ids = sandbox_ids()
        probe = subprocess.run([self.bwrap, "--unshare-all", "--unshare-user", "--ro-bind", "/usr", "/usr",
                                "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                                "--symlink", "usr/lib64", "/lib64", "/bin/true"],
                               capture_output=True, text=True, env={},
                               preexec_fn=(lambda: drop_privileges(ids)) if ids else None)
        if probe.returncode != 0:
            who = f" as the unprivileged sandbox user (uid {ids[0]})" if ids else ""
            raise MLEBenchError(f"bubblewrap cannot create namespaces{who} here: {probe.stderr.strip()} "
                                "(enable unprivileged user namespaces: sysctl user.max_user_namespaces=15000 "
                                "kernel.unprivileged_userns_clone=1, or use --sandbox docker)")

    def command(self, spec: SandboxSpec, stage: Stage | None = None) -> tuple[list[str], dict[str, bytes], dict[str, str]]:
        """bwrap's arguments, the files it copies in (name -> bytes; ``@name`` in the arguments), the agent's env."""
        stage = stage or Stage(None)
        prefix = python_prefix(spec.python_env)
        python = f"{ENV_MOUNT}/bin/python" if spec.python_env else str(prefix / "bin" / "python3")
        files = runtime_files(spec, python=python, runtime=RUNTIME, agent_uid=INSIDE_UID, agent_gid=INSIDE_UID,
                              socket_dir=f"{RUNTIME}/sock")
        tmp = str(tmpfs_bytes(spec.limits))
        args = [self.bwrap, "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
                "--hostname", "mlebench", "--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID), "--clearenv",
                "--cap-drop", "ALL"]
        if "seccomp.bpf" in files:
            args += ["--seccomp", "@seccomp.bpf"]
        if spec.network == "full":
            args += ["--share-net", "--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"]
        args += ["--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                 "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc",
                 # /dev without devpts: a devpts mount would make bwrap nest a second user namespace, and
                 # /proc/self/uid_map inside would then name its intermediate root rather than the host uid
                 "--size", str(1024**2), "--tmpfs", "/dev"]
        for dev in DEVICES:
            args += ["--dev-bind", f"/dev/{dev}", f"/dev/{dev}"]
        for i, name in enumerate(("stdin", "stdout", "stderr")):
            args += ["--symlink", f"/proc/self/fd/{i}", f"/dev/{name}"]
        args += ["--symlink", "/proc/self/fd", "/dev/fd", "--size", tmp, "--perms", "1777", "--tmpfs", "/dev/shm",
                 "--size", tmp, "--perms", "1777", "--tmpfs", "/tmp"]
        for name in ETC_FILES:
            args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        for name in ("passwd", "group", "hosts", "hostname"):
            args += ["--ro-bind-data", f"@{name}", f"/etc/{name}"]
        if not str(prefix).startswith("/usr/"):
            args += ["--ro-bind", stage.path(prefix), str(prefix)]
        if spec.python_env:
            args += ["--ro-bind", stage.path(spec.python_env), ENV_MOUNT]
        args += [
            "--ro-bind", stage.path(spec.public_dir), "/home/data",
            "--bind", stage.path(spec.submission_dir), "/home/submission",
            "--bind", stage.path(spec.logs_dir), "/home/logs",
            "--bind", stage.path(spec.code_dir), "/home/code",
            "--bind" if spec.agent_copy else "--ro-bind", stage.path(spec.agent_copy or spec.agent_dir), "/home/agent",
            "--ro-bind-data", "@instructions.txt", "/home/instructions.txt",
            "--ro-bind-data", "@validate_submission.sh", "/home/validate_submission.sh",
        ]
        for name, target in (("instructions_obfuscated.txt", "/home/instructions_obfuscated.txt"),
                             ("description.md", "/home/data/description.md")):
            if name in files:
                args += ["--ro-bind-data", f"@{name}", target]
        for name in ("entry.sh", "forwarder.py"):
            args += ["--ro-bind-data", f"@{name}", f"{RUNTIME}/{name}"]
        for sock in (spec.validation_socket, spec.llm_socket if spec.network == "llm" else None):
            if sock is not None:  # the socket alone, read-only: its folder stays the harness's
                args += ["--ro-bind", stage.path(sock), f"{RUNTIME}/sock/{sock.name}"]
        for gpu in spec.limits.gpus:
            args += ["--dev-bind-try", f"/dev/nvidia{gpu}", f"/dev/nvidia{gpu}"]
        if spec.limits.gpus:
            for dev in ("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools", "nvidia-modeset"):
                args += ["--dev-bind-try", f"/dev/{dev}", f"/dev/{dev}"]
        env = sandbox_env(spec, python_bin=python)
        for k, v in env.items():
            args += ["--setenv", k, v]
        args += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", "/home", "/bin/sh", f"{RUNTIME}/entry.sh"]
        return args, files, env

    def start(self, spec: SandboxSpec) -> Handle:
        ids = sandbox_ids()
        mark_owner(spec.runtime_dir.parent)
        for d in (spec.runtime_dir, spec.validation_socket.parent):  # the harness's: the agent binds from a stage
            d.chmod(0o700)
        hand_over([spec.submission_dir, spec.logs_dir, spec.code_dir], ids)
        if spec.agent_copy is not None and ids:
            chown_tree(spec.agent_copy, ids, Bounds.for_quota(spec.limits.disk_bytes))
        stage = Stage(ids[1] if ids else None)
        args, files, _ = self.command(spec, stage)
        cg = CgroupSet.create(spec.run_id.replace("/", "_") + f"-{os.getpid()}",
                              memory_bytes=memory_limit(spec.limits), cpus=spec.limits.cpus, pids=spec.limits.pids)
        disk = spec.limits.disk_bytes

        def preexec() -> None:
            if cg is not None:
                cg.add(os.getpid())
            resource.setrlimit(resource.RLIMIT_FSIZE, (disk, disk))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            stage.mount()
            if ids:
                drop_privileges(ids)

        fds: dict[str, int] = {}
        try:
            for name, data in files.items():  # memfds, so that no host path of them shows inside
                fd = os.memfd_create(name, 0)
                os.write(fd, data)
                os.lseek(fd, 0, os.SEEK_SET)
                fds[name] = fd
            args = [str(fds[a[1:]]) if a.startswith("@") and a[1:] in fds else a for a in args]
            # Arguments go through a descriptor (--args FD) so that the sandbox's /proc/1/cmdline shows no host paths.
            command_at = len(args) - 2  # options via the descriptor, the command on the command line
            fds["args"] = os.memfd_create("args", 0)
            os.write(fds["args"], b"".join(a.encode() + b"\0" for a in args[1:command_at]))
            os.lseek(fds["args"], 0, os.SEEK_SET)
            proc = subprocess.Popen([args[0], "--args", str(fds["args"]), *args[command_at:]], env={},
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True, preexec_fn=preexec, close_fds=True,
                                    pass_fds=tuple(fds.values()))
        except BaseException:
            if cg is not None:
                cg.remove()
            raise
        finally:
            for fd in fds.values():
                os.close(fd)
        log = spec.extra.get("sandbox_log", spec.runtime_dir.parent / "sandbox.log")
        handle = Handle(spec=spec, process=proc, started=time.monotonic(), cgroups=cg)
        handle.backend_state["log"] = LogPump(proc.stdout, Path(log))
        return handle

    def collect(self, handle: Handle) -> Resources:
        if handle.process.poll() is None:
            self.kill(handle, "collected while running")
        cg = handle.cgroups
        res = Resources(
            wall_seconds=time.monotonic() - handle.started,
            cpu_seconds=cg.cpu_seconds() if cg else None,
            peak_memory_bytes=cg.peak_memory_bytes() if cg else None,
            limits_enforced=cg is not None,
            oom_killed=cg.oom_killed() if cg else False,
            pids_limit_hit=cg.pids_limit_hit() if cg else False,
            limits_changed=cg.limits_changed() if cg else [],
        )
        if cg is not None:
            cg.remove()
        if "log" in handle.backend_state:
            handle.backend_state["log"].join()
        return res
