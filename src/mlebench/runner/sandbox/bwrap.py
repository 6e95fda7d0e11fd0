"""The default sandbox on Linux: bubblewrap namespaces + per-run cgroups.

New user, pid, net, ipc, uts and cgroup namespaces; only the run's own folders, the public data,
the agent's folder and read-only system folders are mounted; no network unless the policy says so
(`llm`: only the harness's proxy, through a Unix socket); memory/CPU/process limits by cgroup; the
whole process tree dies with the sandbox.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from mlebench.errors import MLEBenchError
from mlebench.runner import forwarder
from mlebench.runner.cgroups import CgroupSet
from mlebench.runner.sandbox._common import LLM_PROXY_PORT, VALIDATION_PORT, entry_script, sandbox_env
from mlebench.runner.sandbox.base import Handle, ProcessSandbox, Resources, SandboxSpec

RUNTIME = "/opt/mlebench"
ENV_MOUNT = "/opt/mlebench-env"
ETC_FILES = ("passwd", "group", "ld.so.cache", "alternatives", "ssl", "ca-certificates", "localtime",
             "nsswitch.conf", "mime.types", "fonts", "protocols", "services")


def python_prefix(python_env: Path | None) -> Path:
    """The base Python installation a venv runs on (it must be visible inside the sandbox)."""
    if python_env is not None:
        cfg = python_env / "pyvenv.cfg"
        for line in cfg.read_text().splitlines() if cfg.exists() else []:
            key, _, value = line.partition("=")
            if key.strip() == "home":
                return Path(value.strip()).parent
    return Path(sys.base_prefix)


class BwrapBackend(ProcessSandbox):
    name = "bwrap"

    def __init__(self, bwrap: str | None = None) -> None:
        self.bwrap = bwrap or shutil.which("bwrap") or "bwrap"

    def check(self) -> None:
        if not shutil.which(self.bwrap):
            raise MLEBenchError(
                "bubblewrap is not installed: `sudo apt-get install bubblewrap` (Debian/Ubuntu), "
                "or run with --sandbox docker"
            )
        probe = subprocess.run([self.bwrap, "--unshare-all", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
                                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "/bin/true"],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            raise MLEBenchError(f"bubblewrap cannot create namespaces here: {probe.stderr.strip()}")

    def command(self, spec: SandboxSpec) -> tuple[list[str], dict[str, str]]:
        prefix = python_prefix(spec.python_env)
        python = f"{ENV_MOUNT}/bin/python" if spec.python_env else str(prefix / "bin" / "python3")
        runtime = spec.runtime_dir
        shutil.copyfile(forwarder.__file__, runtime / "forwarder.py")
        forwards = [(VALIDATION_PORT, f"{RUNTIME}/sock/{spec.validation_socket.name}")]
        if spec.network == "llm" and spec.llm_socket is not None:
            forwards.append((LLM_PROXY_PORT, f"{RUNTIME}/sock/{spec.llm_socket.name}"))
        (runtime / "entry.sh").write_text(entry_script(spec, python=python, runtime=RUNTIME, forwards=forwards))
        (runtime / "sock").mkdir(exist_ok=True)  # mount point of the sockets folder
        (runtime / "hosts").write_text("127.0.0.1 localhost\n::1 localhost\n")

        args = [self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--hostname", "mlebench",
                "--uid", "1000", "--gid", "1000", "--clearenv"]
        if spec.network == "full":
            args += ["--share-net", "--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"]
        args += ["--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
                 "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                 "--proc", "/proc", "--dev", "/dev",
                 "--size", str(min(spec.limits.disk_bytes, 8 * 1024**3)), "--tmpfs", "/tmp"]
        for name in ETC_FILES:
            args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        args += ["--ro-bind", str(runtime / "hosts"), "/etc/hosts"]
        if not str(prefix).startswith("/usr/"):
            args += ["--ro-bind", str(prefix), str(prefix)]
        if spec.python_env:
            args += ["--ro-bind", str(spec.python_env), ENV_MOUNT]
        args += [
            "--ro-bind", str(spec.public_dir), "/home/data",
            "--bind", str(spec.submission_dir), "/home/submission",
            "--bind", str(spec.logs_dir), "/home/logs",
            "--bind", str(spec.code_dir), "/home/code",
            "--ro-bind", str(spec.instructions), "/home/instructions.txt",
            "--ro-bind", str(spec.validate_script), "/home/validate_submission.sh",
            "--ro-bind", str(spec.agent_dir), "/home/agent",
            "--ro-bind", str(runtime), RUNTIME,
            "--bind", str(spec.validation_socket.parent), f"{RUNTIME}/sock",
        ]
        for gpu in spec.limits.gpus:
            args += ["--dev-bind-try", f"/dev/nvidia{gpu}", f"/dev/nvidia{gpu}"]
        if spec.limits.gpus:
            for dev in ("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools", "nvidia-modeset"):
                args += ["--dev-bind-try", f"/dev/{dev}", f"/dev/{dev}"]
        env = sandbox_env(spec, python_bin=python)
        for k, v in env.items():
            args += ["--setenv", k, v]
        args += ["--chdir", "/home", "/bin/sh", f"{RUNTIME}/entry.sh"]
        return args, env

    def start(self, spec: SandboxSpec) -> Handle:
        args, _ = self.command(spec)
        cg = CgroupSet.create(spec.run_id.replace("/", "_") + f"-{os.getpid()}",
                              memory_bytes=spec.limits.memory_bytes, cpus=spec.limits.cpus, pids=spec.limits.pids)
        disk = spec.limits.disk_bytes

        def preexec() -> None:
            if cg is not None:
                cg.add(os.getpid())
            resource.setrlimit(resource.RLIMIT_FSIZE, (disk, disk))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        log = open(spec.extra.get("sandbox_log", spec.runtime_dir.parent / "sandbox.log"), "ab")
        # Arguments go through a pipe (--args FD) so that the sandbox's /proc/1/cmdline shows no host paths.
        command_at = args.index("/bin/sh", len(args) - 3)  # options via the pipe, the command on the command line
        payload = b"".join(a.encode() + b"\0" for a in args[1:command_at])
        r, w = os.pipe()
        if len(payload) > 60_000:
            os.close(r)
            os.close(w)
            raise RuntimeError("bwrap argument list too long")
        os.write(w, payload)
        os.close(w)
        try:
            proc = subprocess.Popen([args[0], "--args", str(r), *args[command_at:]], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    start_new_session=True, preexec_fn=preexec, close_fds=True, pass_fds=(r,))
        finally:
            os.close(r)
            log.close()
        return Handle(spec=spec, process=proc, started=time.monotonic(), cgroups=cg)


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
        )
        if cg is not None:
            cg.remove()
        return res
