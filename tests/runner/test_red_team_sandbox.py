"""Hostile agents against the sandbox itself (issue 24), with the harness as it runs in CI (root here).

Each attack runs through the real run path (``run_agent`` → ``execute_run`` → the bwrap sandbox;
``tests/runner/test_docker.py`` reruns every one under docker) and asserts both that it was contained
and the run's status. The attacks write what they saw into /home/code, which the harness copies out.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlebench.runner import cgroups, execute
from mlebench.runner.sandbox import Limits
from mlebench.runner.sandbox.cleanup import stale_runtime_folders
from mlebench.runner.seccomp import ARCHES, host_arch
from tests.runner.conftest import COMPETITION, make_agent, run_agent

FAKE_SECRET = "sk-harness-only-5f0c7e"
NR = ARCHES[host_arch() or "x86_64"][1]


def code(run_dir: Path, name: str) -> str:
    return (run_dir / "code" / name).read_text()


def syscall_agent(tmp_path: Path, name: str, calls: dict[str, str], **kw):
    """A Python agent that makes raw system calls (``label: expression over libc``) and records each errno."""
    body = "\n".join(f"    {label!r}: lambda: {expr}," for label, expr in calls.items())
    return make_agent(tmp_path, name, f"""
import ctypes, errno, json, os
libc = ctypes.CDLL(None, use_errno=True)
NR = {NR!r}
def outcome(fn):
    ctypes.set_errno(0)
    r = fn()
    return "ok" if r >= 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))
calls = {{
{body}
}}
json.dump({{label: outcome(fn) for label, fn in calls.items()}}, open("/home/code/calls.json", "w"))
""", lang="python", **kw)


def spy_runtime(monkeypatch) -> list[dict]:
    """What the run's runtime folder looked like on the host at the end of each run (before its removal)."""
    seen: list[dict] = []
    real = execute.get_backend

    def get_backend(name, **kw):
        backend = real(name, **kw)
        collect = backend.collect

        def spying_collect(handle):
            spec = handle.spec
            sock_dir = spec.validation_socket.parent
            seen.append({"sock_mode": sock_dir.stat().st_mode & 0o7777, "sock_entries": sorted(os.listdir(sock_dir)),
                         "root_mode": spec.runtime_dir.parent.stat().st_mode & 0o7777,
                         "setuid": [str(p) for p in spec.runtime_dir.parent.rglob("*")
                                    if not p.is_symlink() and p.stat().st_mode & 0o6000]})
            return collect(handle)

        backend.collect = spying_collect
        return backend

    monkeypatch.setattr(execute, "get_backend", get_backend)
    return seen


# --- identity ---------------------------------------------------------------------------------------

def test_agent_is_never_host_root(prepared, tmp_path):
    agent = make_agent(tmp_path, "whoami", """
        cat /proc/self/uid_map > /home/code/uid_map.txt
        id -u > /home/code/uid.txt
        grep -E '^(NoNewPrivs|CapEff|CapBnd|CapPrm|Seccomp):' /proc/self/status > /home/code/status.txt
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    uid = int(code(run_dir, "uid.txt"))
    host_uid = None
    for line in code(run_dir, "uid_map.txt").splitlines():
        inside, outside, count = (int(x) for x in line.split())
        if inside <= uid < inside + count:
            host_uid = outside + uid - inside
    assert host_uid not in (None, 0), code(run_dir, "uid_map.txt")
    status = dict(line.split(":\t") for line in code(run_dir, "status.txt").splitlines())
    assert status["NoNewPrivs"].strip() == "1"
    assert {status[k].strip() for k in ("CapEff", "CapBnd", "CapPrm")} == {"0000000000000000"}
    assert status["Seccomp"].strip() == "2"  # a filter is loaded


def test_sysctl_and_core_pattern_writes_refused(prepared, tmp_path):
    before = Path("/proc/sys/kernel/core_pattern").read_text()
    agent = make_agent(tmp_path, "core-pattern", """
        # each write puts back the value read: a sandbox that fails this test must not break the host
        v=$(cat /proc/sys/kernel/core_pattern); echo "$v" > /proc/sys/kernel/core_pattern 2>/dev/null && echo core_pattern-written >> /home/code/out.txt
        v=$(cat /proc/sys/kernel/hostname); echo "$v" > /proc/sys/kernel/hostname 2>/dev/null && echo hostname-written >> /home/code/out.txt
        v=$(cat /proc/sys/vm/overcommit_memory); echo "$v" > /proc/sys/vm/overcommit_memory 2>/dev/null && echo vm-written >> /home/code/out.txt
        echo done >> /home/code/out.txt
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    assert code(run_dir, "out.txt").split() == ["done"]
    assert Path("/proc/sys/kernel/core_pattern").read_text() == before


def test_keyring_namespaces_and_mounts_refused(prepared, tmp_path):
    calls = {
        "keyctl": "libc.syscall(NR['keyctl'], 0, -4, 0)",  # KEYCTL_GET_KEYRING_ID of the user keyring
        "add_key": "libc.syscall(NR['add_key'], b'user', b'x', b'y', 1, -4)",
        "unshare_user": "libc.syscall(NR['unshare'], 0x10000000)",
        "unshare_mount": "libc.syscall(NR['unshare'], 0x00020000)",
        "clone_newuser": "libc.syscall(NR['clone'], 0x10000000 | 17, 0, 0, 0, 0)",
        "mount_cgroup": "(os.makedirs('/tmp/cg', exist_ok=True), libc.syscall(NR['mount'], b'cgroup', b'/tmp/cg', "
                        "b'cgroup', 0, b'memory'))[1]",
        "mount_tmpfs": "libc.syscall(NR['mount'], b'none', b'/home/code', b'tmpfs', 0, 0)",
        "ptrace": "libc.syscall(NR['ptrace'], 16, 1, 0, 0)",  # PTRACE_ATTACH to pid 1
        "bpf": "libc.syscall(NR['bpf'], 0, 0, 0)",
        "perf_event_open": "libc.syscall(NR['perf_event_open'], 0, 0, -1, -1, 0)",
        "fork": "(lambda p: (os._exit(0) if p == 0 else os.waitpid(p, 0)[1]))(os.fork())",
    }
    agent = syscall_agent(tmp_path, "syscalls", calls)
    record, run_dir = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=60, memory_bytes=256 * 1024**2))
    assert record["status"] == "succeeded", record
    result = json.loads(code(run_dir, "calls.json"))
    assert result.pop("fork") == "ok"  # ordinary process creation still works
    assert set(result.values()) == {"EPERM"}, result
    assert record.get("limits_changed", []) == []


def test_unshare_command_and_nested_sandbox_refused(prepared, tmp_path):
    agent = make_agent(tmp_path, "nested", """
        unshare -U true 2>/dev/null && echo unshare-U >> /home/code/out.txt
        unshare -Urm true 2>/dev/null && echo unshare-Urm >> /home/code/out.txt
        ls /sys/fs/cgroup 2>/dev/null | head -1 >> /home/code/out.txt
        echo done >> /home/code/out.txt
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    assert code(run_dir, "out.txt").split()[-1] == "done"
    assert "unshare" not in code(run_dir, "out.txt")


def test_cgroup_limits_are_read_back():
    """The harness notices a limit that changed during a run (as an agent that lifted it would)."""
    cg = cgroups.CgroupSet.create(f"limits-test-{os.getpid()}", memory_bytes=256 * 1024**2, cpus=None, pids=64)
    if cg is None:
        pytest.fail("no writable cgroup hierarchy: the harness runs as root in CI")
    try:
        assert cg.limits_changed() == []
        d = cg.dirs.get("pids") or cg.dirs["unified"]
        (d / "pids.max").write_text("max")
        changed = cg.limits_changed()
        assert changed and changed[0].startswith("pids/pids.max: 64 -> max") or "unified/pids.max: 64 -> max" in changed
    finally:
        cg.remove()
    assert not any(d.exists() for d in cg.dirs.values())


# --- what the agent sees ----------------------------------------------------------------------------

def test_environment_holds_only_what_the_agent_was_given(prepared, tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_FAKE_SECRET", FAKE_SECRET)
    agent = make_agent(tmp_path, "environ", """
        for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null; done > /home/code/environ.txt
        env >> /home/code/environ.txt
        ls -l /proc/[0-9]*/fd/ > /home/code/fds.txt 2>&1
        cp /home/data/sample_submission.csv /home/submission/submission.csv
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent, extra_env={"GIVEN": "to-the-agent"})
    assert record["status"] == "succeeded", record
    environ = code(run_dir, "environ.txt")
    assert "GIVEN=to-the-agent" in environ  # the probe did read the environments
    assert FAKE_SECRET not in environ and "MLEBENCH_FAKE_SECRET" not in environ
    assert "PYTEST_CURRENT_TEST" not in environ
    fds = code(run_dir, "fds.txt")
    assert "/tmp/" not in fds.replace("/tmp/home", "") and str(run_dir) not in fds and "memfd:" not in fds, fds


def test_neutral_users_hostname_and_mounts(prepared, tmp_path, tabular):
    agent = make_agent(tmp_path, "look-around", """
        cat /etc/passwd > /home/code/passwd.txt
        cat /etc/group > /home/code/group.txt
        hostname > /home/code/hostname.txt 2>/dev/null || cat /proc/sys/kernel/hostname > /home/code/hostname.txt
        cat /proc/self/mountinfo > /home/code/mountinfo.txt
        readlink /proc/1/fd/1 > /home/code/fd1.txt
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    users = {line.split(":")[0] for line in code(run_dir, "passwd.txt").splitlines() if line}
    assert users == {"root", "agent", "nobody"}
    groups = {line.split(":")[0] for line in code(run_dir, "group.txt").splitlines() if line}
    assert groups == {"root", "agent", "nogroup"}
    assert code(run_dir, "hostname.txt").strip() == "mlebench"
    mountinfo = code(run_dir, "mountinfo.txt")
    package = str(Path(execute.__file__).parent)
    assert "private" not in mountinfo and package not in mountinfo, mountinfo
    options = {line.split()[4]: set(line.split()[5].split(",")) for line in mountinfo.splitlines()}
    for tmpfs in ("/tmp", "/dev/shm"):
        assert {"nosuid", "nodev"} <= options[tmpfs], (tmpfs, options[tmpfs])
    assert "sandbox.log" not in code(run_dir, "fd1.txt")


def test_proc1_stdout_is_a_capped_pipe(prepared, tmp_path):
    agent = make_agent(tmp_path, "log-flood", """
        readlink /proc/1/fd/1 > /home/code/fd1.txt
        head -c 40000000 /dev/zero | tr '\\0' x > /proc/1/fd/1 2>/dev/null
        head -c 40000000 /dev/zero | tr '\\0' x > /proc/self/fd/1
        echo flooded > /home/code/done.txt
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    assert (run_dir / "code" / "done.txt").exists()
    assert not code(run_dir, "fd1.txt").startswith("/")
    assert (run_dir / "sandbox.log").stat().st_size < 8 * 1024**2


# --- writable places --------------------------------------------------------------------------------

def test_every_writable_place_is_bounded(prepared, tmp_path):
    agent = make_agent(tmp_path, "spill", """
        for d in /dev/shm /tmp /tmp/home; do
            mkdir -p $d; dd if=/dev/zero of=$d/fill bs=1M count=64 2>/dev/null
            echo "$d $(stat -c %s $d/fill 2>/dev/null || echo 0)" >> /home/code/sizes.txt
            rm -f $d/fill
        done
        for d in / /home /etc /opt /opt/mlebench /opt/mlebench/sock /usr /dev; do
            touch $d/x 2>/dev/null && echo "$d writable" >> /home/code/writable.txt
        done
        echo done >> /home/code/writable.txt
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=60, disk_bytes=16 * 1024**2))
    assert record["status"] == "succeeded", record
    sizes = dict(line.split() for line in code(run_dir, "sizes.txt").splitlines())
    assert set(sizes) == {"/dev/shm", "/tmp", "/tmp/home"}
    assert all(int(v) <= 16 * 1024**2 for v in sizes.values()), sizes
    assert code(run_dir, "writable.txt").split() == ["done"], code(run_dir, "writable.txt")


def test_no_setuid_file_and_no_writable_socket_folder(prepared, tmp_path, monkeypatch):
    seen = spy_runtime(monkeypatch)
    agent = make_agent(tmp_path, "setuid", """
        ls -la /opt/mlebench/sock > /home/code/sock.txt 2>&1
        cp /bin/sh /opt/mlebench/sock/rootsh 2>/dev/null && chmod 4755 /opt/mlebench/sock/rootsh && echo planted >> /home/code/out.txt
        cp /bin/sh /home/code/sh && chmod 4755 /home/code/sh && echo "$(stat -c %a /home/code/sh)" >> /home/code/out.txt
        sh /home/validate_submission.sh /home/data/sample_submission.csv > /home/code/valid.json
        echo done >> /home/code/out.txt
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    assert "planted" not in code(run_dir, "out.txt")
    assert json.loads(code(run_dir, "valid.json"))["valid"] is True  # the socket still works, read-only
    [runtime] = seen
    assert runtime["sock_entries"] == ["validate.sock"], runtime
    assert runtime["sock_mode"] & 0o077 == 0 and runtime["setuid"] == [], runtime
    copied = run_dir / "code" / "sh"
    assert not copied.exists() or copied.stat().st_mode & 0o6000 == 0  # copied out as plain data


# --- killed harness (issue 13, item 6) ---------------------------------------------------------------

HARNESS = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from mlebench.runner.agents import AgentConfig
from mlebench.runner.execute import RunSpec, execute_run
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits
agent = AgentConfig.from_folder(Path({agent!r}))
grp = RunGroup.create(Path({runs!r}), "killed", {{"agent_id": agent.id, "agent": agent.public_record(),
                      "competitions": [{comp!r}], "seeds": 1, "data_dir": {data_dir!r}}})
execute_run(RunSpec(group_root=grp.root, key=RunKey({comp!r}, 0), agent=agent, limits=Limits(time_seconds=300),
                    sandbox={sandbox!r}, network="none", data_dir=Path({data_dir!r})))
"""


def kill_harness_then_cleanup(prepared, tmp_path: Path, sandbox: str = "bwrap") -> dict:
    """Start a harness running a long agent, SIGKILL its process group mid-run, then `mlebench sandbox cleanup`."""
    comp = prepared.get(COMPETITION)
    agent = make_agent(tmp_path, "sleeper", "touch /home/code/started; sleep 300")
    script = HARNESS.format(root=str(Path(__file__).resolve().parents[2]), data_dir=str(comp.data_dir),
                            agent=str(agent.folder), runs=str(tmp_path / "runs"), comp=comp.id, sandbox=sandbox)
    before = set(stale_runtime_folders(include_live=True))
    harness = subprocess.Popen([sys.executable, "-c", script], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = tmp_path / "runs" / "killed" / f"{comp.id}.0" / ".workspace" / "code" / "started"
    deadline = time.monotonic() + 120
    while not started.exists():
        assert harness.poll() is None, harness.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the agent never started"
        time.sleep(0.2)
    os.killpg(harness.pid, signal.SIGKILL)
    harness.wait()
    left = {"runtime": [p for p in stale_runtime_folders() if p not in before],
            "cgroups": [d for d in cgroups.stale(lambda pid: pid != harness.pid) if d.name.endswith(f"-{harness.pid}")]}
    cli = subprocess.run([str(Path(sys.executable).parent / "mlebench"), "sandbox", "cleanup"], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    after = {"runtime": [p for p in left["runtime"] if p.exists()], "cgroups": [d for d in left["cgroups"] if d.exists()]}
    return {"left": left, "after": after, "output": cli.stdout}


def test_killed_harness_leaves_nothing_after_cleanup(prepared, tmp_path):
    result = kill_harness_then_cleanup(prepared, tmp_path)
    assert len(result["left"]["runtime"]) == 1, result  # the kill did leave something behind
    assert result["left"]["cgroups"], result
    assert result["after"] == {"runtime": [], "cgroups": []}, result
    assert str(result["left"]["runtime"][0]) in result["output"]


def test_cleanup_spares_live_runs(tmp_path):
    folder = Path("/tmp") / f"mlb-live-{os.getpid()}"
    (folder / "rt").mkdir(parents=True, exist_ok=True)
    from mlebench.runner.sandbox._common import mark_owner
    from mlebench.runner.sandbox.cleanup import sweep

    mark_owner(folder)
    try:
        assert str(folder) not in sweep()
        assert folder.exists()
        (folder / "owner").write_text("999999999 1\n")  # a harness that is gone
        assert str(folder) in sweep() and not folder.exists()
    finally:
        if folder.exists():
            import shutil

            shutil.rmtree(folder)


def test_seccomp_program_covers_each_architecture():
    """The filter checks the architecture first and names every refused call of that architecture."""
    import struct

    from mlebench.runner import seccomp

    for arch, (audit, numbers) in seccomp.ARCHES.items():
        prog = [struct.unpack("=HBBI", seccomp.program(arch)[i:i + 8]) for i in range(0, len(seccomp.program(arch)), 8)]
        assert prog[0] == (0x20, 0, 0, 4) and prog[1][0] == 0x15 and prog[1][3] == audit  # load arch, compare
        compared = {k for op, _, _, k in prog if op == 0x15}
        assert {numbers[name] for name in (*seccomp.DENIED, "clone", "unshare", "clone3")} <= compared, arch
        assert prog[-1][3] == seccomp.RET_ERRNO | 38 and prog[-2][3] == seccomp.RET_ERRNO | 1  # ENOSYS, EPERM
    with pytest.raises(ValueError):
        seccomp.program("sparc")


def sandbox_spec(tmp_path: Path, command: str, **limits) -> "SandboxSpec":  # noqa: F821
    """A bare sandbox spec (no validation service behind its socket) for backend-level tests."""
    import socket

    from mlebench.runner.sandbox import SandboxSpec

    for d in ("public", "ws/submission", "ws/logs", "ws/code", "agent", "rt/rt", "rt/sock"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
    for f in ("instructions.txt", "validate.sh"):
        (tmp_path / f).write_text("x")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "rt/sock/validate.sock"))
    return SandboxSpec(
        run_id=f"bare.{tmp_path.name}.0", public_dir=tmp_path / "public", submission_dir=tmp_path / "ws/submission",
        logs_dir=tmp_path / "ws/logs", code_dir=tmp_path / "ws/code", instructions=tmp_path / "instructions.txt",
        validate_script=tmp_path / "validate.sh", agent_dir=tmp_path / "agent", start_command=command, env={},
        limits=Limits(time_seconds=60, **limits), network="none", runtime_dir=tmp_path / "rt/rt",
        validation_socket=tmp_path / "rt/sock/validate.sock", extra={"sandbox_log": tmp_path / "sandbox.log"})


def test_kill_works_with_no_descriptor_left(tmp_path):
    """An agent that made the harness use up its descriptors still gets killed (bwrap: no new fd needed)."""
    import resource

    from mlebench.runner.sandbox import get_backend

    backend = get_backend("bwrap")
    spec = sandbox_spec(tmp_path, "for i in 1 2 3 4 5 6 7 8; do sleep 600 & done; touch /home/code/up; wait")
    handle = backend.start(spec)
    deadline = time.monotonic() + 30
    while not (spec.code_dir / "up").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(handle.cgroups.pids()) >= 9
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    hoard = []
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 16, hard))
    try:
        while True:
            try:
                hoard.append(os.open("/dev/null", os.O_RDONLY))
            except OSError:
                break
        started = time.monotonic()
        backend.kill(handle, "time limit reached")  # must not need a descriptor, nor raise for want of one
        took = time.monotonic() - started
    finally:
        for fd in hoard:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert hoard and handle.process.poll() is not None and took < 10
    assert handle.cgroups.pids() == []
    backend.collect(handle)
