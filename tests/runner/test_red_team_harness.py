"""Hostile agents against the harness itself: what the agent sends or leaves behind (validation
requests, slow connections, folders of any shape, usage.json) costs the harness a bounded amount,
ends in the right run status, and leaves nothing on the host.

The validation service runs in this test's process (as in `mlebench run`), so the harness's memory
and threads are this process's, sampled while the run goes on.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from mlebench.runner import execute, validation
from mlebench.runner.llm_proxy import LLMProxy
from mlebench.runner.sandbox import Limits
from mlebench.runner.validation import ValidationService
from tests.runner.conftest import make_agent, run_agent

MiB = 1024**2


class Peak:
    """The largest value of ``probe()`` while the ``with`` block runs, sampled every 10 ms."""

    def __init__(self, probe) -> None:
        self.probe, self.peak, self._stop = probe, probe(), threading.Event()
        self.start = self.peak

    def __enter__(self) -> Peak:
        def sample() -> None:
            while not self._stop.wait(0.01):
                self.peak = max(self.peak, self.probe())

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self):
        return self.peak - self.start


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(params=["bwrap", "docker"])
def sandbox(request) -> str:
    """Both backends, for what the harness does with the agent's folders and connections; docker is
    skipped as in test_docker.py when there is no engine (failed when MLEBENCH_REQUIRE_DOCKER=1)."""
    if request.param == "docker":
        from tests.runner import test_docker

        problem = test_docker._engine_problem()
        if problem:
            if os.environ.get("MLEBENCH_REQUIRE_DOCKER") == "1":
                pytest.fail(f"MLEBENCH_REQUIRE_DOCKER=1 but the docker sandbox cannot run: {problem}")
            pytest.skip(f"docker sandbox unavailable: {problem}")
    return request.param


@pytest.fixture
def runtime_dirs(monkeypatch) -> list[Path]:
    """The host runtime folders (sockets, spool, entry script) the runs of a test create."""
    made: list[Path] = []
    real = execute.tempfile.mkdtemp

    def spy(*args, **kwargs):
        made.append(Path(real(*args, **kwargs)))
        return str(made[-1])

    monkeypatch.setattr(execute.tempfile, "mkdtemp", spy)
    return made


def assert_nothing_left(run_dir: Path, runtime_dirs: list[Path]) -> None:
    assert not (run_dir / ".workspace").exists(), "the workspace was left on the host"
    assert runtime_dirs and not any(d.exists() for d in runtime_dirs), "the runtime folder was left on the host"


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float = 60) -> None:
        super().__init__("localhost", timeout=timeout)
        self.path = str(path)

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def post(sock: Path, body: bytes, headers: dict | None = None) -> tuple[int, dict, dict]:
    conn = UnixHTTP(sock)
    try:
        conn.request("POST", "/validate", body=body, headers=headers or {"Content-Type": "text/csv"})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), json.loads(r.read())
    finally:
        conn.close()


# --- the validation service, over its real Unix socket ------------------------------------------------

def test_rate_limited_clients_all_get_an_answer_that_is_not_a_verdict(tmp_path, tabular):
    body = tabular.sample_submission.read_bytes()
    body += b"\n" * (850_000 - len(body))  # issue 13: an 850 KB submission at concurrency 50
    answers: list = []
    with ValidationService(tabular, tmp_path / "v.sock", rate=5, per=60) as service:
        def client() -> None:
            try:
                answers.append(post(tmp_path / "v.sock", body))
            except Exception as e:  # a connection error instead of an answer
                answers.append(("error", {}, {"error": repr(e)}))

        threads = [threading.Thread(target=client) for _ in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stats = service.stats
    assert [a for a in answers if a[0] not in (200, 429)] == []
    limited = [a for a in answers if a[0] == 429]
    assert len(limited) == 45 == stats["rate_limited"]
    for _, headers, payload in limited:
        assert int(headers["Retry-After"]) >= 1 and "valid" not in payload and "result" not in payload
    assert stats["disconnected"] == 0 and stats.get("errors", 0) == 0


def test_a_body_over_the_limit_is_answered_after_it_is_read(tmp_path, tabular):
    with ValidationService(tabular, tmp_path / "v.sock", max_body=MiB) as service:
        code, _, payload = post(tmp_path / "v.sock", b"id,target\n" + b"1,0\n" * (3 * MiB // 4))
        assert code == 413 and payload["valid"] is False and str(MiB) in payload["result"]
        code, _, payload = post(tmp_path / "v.sock", tabular.sample_submission.read_bytes())
        assert code == 200 and payload["valid"] is True  # the service goes on
        assert service.stats["too_large"] == 1


def test_multipart_upload_is_streamed_to_the_file_field(tmp_path, tabular):
    sample = tabular.sample_submission.read_bytes()
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + sample + f"\r\n--{boundary}--\r\n".encode()
    with ValidationService(tabular, tmp_path / "v.sock"):
        code, _, payload = post(tmp_path / "v.sock", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert code == 200 and payload["valid"] is True, payload


def test_a_slow_client_is_dropped_at_the_header_deadline(tmp_path, tabular, monkeypatch):
    monkeypatch.setattr(validation, "HEADER_TIMEOUT", 1.0)
    with ValidationService(tabular, tmp_path / "v.sock") as service:
        s = socket.socket(socket.AF_UNIX)
        s.connect(str(tmp_path / "v.sock"))
        started = time.monotonic()
        try:
            for byte in b"POST /validate HTTP/1.1\r\nHost: x\r\n":  # one byte at a time, never the end
                s.sendall(bytes([byte]))
                time.sleep(0.2)
        except OSError:
            pass  # the service hung up: what it should do
        dropped_after = time.monotonic() - started
        s.close()
        time.sleep(0.2)
        assert service.stats["timed_out"] == 1
    assert dropped_after < 3


def test_clients_that_hang_up_are_counted_not_tracebacks(tmp_path, tabular, capfd):
    sample = tabular.sample_submission.read_bytes()
    head = b"POST /validate HTTP/1.0\r\nContent-Length: %d\r\n\r\n" % len(sample)
    with ValidationService(tabular, tmp_path / "v.sock") as service:
        for request in (head + sample[: len(sample) // 2], head + sample):  # midway; before the answer
            for _ in range(3):
                s = socket.socket(socket.AF_UNIX)
                s.connect(str(tmp_path / "v.sock"))
                s.sendall(request)
                s.close()
        deadline = time.monotonic() + 20
        while service.stats["disconnected"] < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        stats = service.stats
    assert stats["disconnected"] == 6 and stats.get("errors", 0) == 0, stats
    assert "Traceback" not in capfd.readouterr().err


def test_llm_proxy_answers_unicode_port_digits_with_400(tmp_path):
    with LLMProxy("http://127.0.0.1:9/v1", tmp_path / "llm.sock") as proxy:
        for request in (b"GET http://127.0.0.1:\xef\xbc\x99/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",  # full-width 9
                        b"CONNECT 127.0.0.1:\xef\xbc\x99 HTTP/1.1\r\n\r\n",
                        b"GET http://127.0.0.1:99999/ HTTP/1.1\r\n\r\n"):
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(10)
            s.connect(str(tmp_path / "llm.sock"))
            s.sendall(request)
            reply = s.recv(4096)
            s.close()
            assert reply.startswith(b"HTTP/1.1 400 "), reply
        assert proxy.stats.get("errors", 0) == 0 and proxy.stats["connections"] == 0


# --- the agent's folders, whatever their shape ----------------------------------------------------------

def test_folders_of_any_shape_are_measured_copied_and_removed(tmp_path):
    from mlebench.runner.workspace import Bounds, copy_out, measure, remove_tree

    src = tmp_path / "src"
    src.mkdir()
    fd = os.open(src, os.O_RDONLY)
    for _ in range(300):  # 300 levels of 200-byte names: 60 KB of path, far past PATH_MAX
        os.mkdir("d" * 200, dir_fd=fd)
        sub = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = sub
    os.close(fd)
    (src / "kept.txt").write_text("kept")
    (src / "link").symlink_to("/etc/passwd")
    os.mkfifo(src / "fifo")
    with open(src / "sparse", "wb") as f:
        f.truncate(10 * MiB)  # no blocks, but a copy would cost its size
    (src / "locked").mkdir()
    (src / "locked" / "x").write_text("x")
    (src / "locked").chmod(0)

    assert measure(src, Bounds(bytes=MiB)).exceeded == f"its folders grew past {MiB} bytes"
    assert "deeper than 64" in measure(src, Bounds(bytes=100 * MiB)).exceeded
    skipped, over = copy_out(src, tmp_path / "dst", Bounds(bytes=MiB))
    assert "deeper than 64" in over
    assert (tmp_path / "dst" / "kept.txt").read_text() == "kept" and not (tmp_path / "dst" / "sparse").exists()
    assert {"link (not a regular file)", "fifo (not a regular file)", "sparse (over the size budget)"} <= set(skipped)
    assert any("path longer than" in s for s in skipped)
    remove_tree(src)
    remove_tree(tmp_path / "dst")
    assert not src.exists() and not (tmp_path / "dst").exists()


# --- hostile agents in the real sandbox ---------------------------------------------------------------

def test_two_100mib_posts_do_not_grow_the_harness(prepared, tmp_path, tabular, runtime_dirs):
    agent = make_agent(tmp_path, "big-poster", """
        import json, threading, urllib.request, urllib.error
        body = b"id,target\\n" + b"1,0.5\\n" * (100 * 1024 * 1024 // 6)
        out = []

        def send():
            req = urllib.request.Request("http://localhost:5000/validate", data=body)
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    out.append([r.status, json.loads(r.read())])
            except urllib.error.HTTPError as e:
                out.append([e.code, json.loads(e.read())])
            except Exception as e:
                out.append(["error", repr(e)])

        threads = [threading.Thread(target=send) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        json.dump(out, open("/home/code/posts.json", "w"))
    """, lang="python")
    with Peak(rss_bytes) as rss:
        record, run_dir = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=120))
    assert record["status"] == "succeeded", record
    assert rss.growth < 64 * MiB, f"the harness grew by {rss.growth / MiB:.0f} MiB"
    posts = json.loads((run_dir / "code" / "posts.json").read_text())
    assert [p[0] for p in posts] == [200, 200], posts
    assert all(p[1]["valid"] is False and "lines" in p[1]["result"] for p in posts), posts
    assert_nothing_left(run_dir, runtime_dirs)


def test_3000_slow_connections_do_not_multiply_harness_threads(prepared, tmp_path, sandbox):
    agent = make_agent(tmp_path, "slowloris", """
        import glob, json, resource, socket, subprocess, time
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
        path = None
        for f in glob.glob("/proc/[0-9]*/cmdline"):  # the forwarder names the service's socket
            try:
                args = open(f, "rb").read().split(b"\\0")
            except OSError:
                continue
            if any(a.endswith(b"forwarder.py") for a in args) and b"5000" in args:
                path = args[args.index(b"5000") + 1].decode()
        held, refused = [], 0
        for _ in range(3000):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.connect(path)
                s.send(b"POST /validate HTTP/1.1\\r\\n")  # and never the rest
                held.append(s)
            except OSError:
                refused += 1
                s.close()
            time.sleep(0.0005)
        time.sleep(3)
        for s in held:
            s.close()
        check = subprocess.run(["sh", "/home/validate_submission.sh", "/home/data/sample_submission.csv"],
                               capture_output=True, text=True)
        json.dump({"socket": path, "held": len(held), "refused": refused, "rc": check.returncode,
                   "answer": check.stdout}, open("/home/code/slow.json", "w"))
    """, lang="python")
    with Peak(threading.active_count) as threads:
        record, run_dir = run_agent(prepared, tmp_path, agent, sandbox=sandbox, limits=Limits(time_seconds=120))
    assert record["status"] == "succeeded", record
    result = json.loads((run_dir / "code" / "slow.json").read_text())
    assert result["socket"], result
    assert threads.growth <= 16, f"the harness ran {threads.growth} more threads ({result})"
    assert result["rc"] == 0 and json.loads(result["answer"])["valid"] is True, result  # served again after


def test_deep_directory_tree_is_disk_limit_and_leaves_nothing(prepared, tmp_path, sandbox, runtime_dirs):
    agent = make_agent(tmp_path, "deep-tree", """
        cd /home/code
        i=0
        while [ $i -lt 1200 ]; do mkdir d && cd d || break; i=$((i+1)); done
        echo bottom > leaf.txt
        sleep 60
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent, sandbox=sandbox, limits=Limits(time_seconds=60))
    assert record["status"] == "disk_limit", record
    assert "deeper than" in record["status_reason"]
    assert record["wall_seconds"] < 30  # killed by the quota watchdog, not at the time limit
    depth = max((len(p.relative_to(run_dir / "code").parts) for p in (run_dir / "code").rglob("*")), default=0)
    assert depth <= 64
    assert_nothing_left(run_dir, runtime_dirs)


def test_many_empty_files_are_disk_limit_and_copy_out_is_bounded(prepared, tmp_path, sandbox, runtime_dirs):
    agent = make_agent(tmp_path, "inode-filler", """
        import os
        for i in range(20000):
            open(f"/home/logs/f{i}", "w").close()
    """, lang="python")  # exits at once: the quota is checked at the end too
    record, run_dir = run_agent(prepared, tmp_path, agent, sandbox=sandbox, limits=Limits(time_seconds=60, disk_bytes=16 * MiB))
    assert record["status"] == "disk_limit", record
    assert "files" in record["status_reason"]
    kept = sum(1 for _ in (run_dir / "logs").iterdir()) + sum(1 for _ in (run_dir / "code").iterdir())
    assert kept <= (16 * MiB) // 4096
    assert_nothing_left(run_dir, runtime_dirs)


def test_a_file_past_the_size_limit_is_disk_limit(prepared, tmp_path, sandbox):
    agent = make_agent(tmp_path, "big-file", "exec dd if=/dev/zero of=/home/code/big bs=1M count=64")
    record, _ = run_agent(prepared, tmp_path, agent, sandbox=sandbox, limits=Limits(time_seconds=60, disk_bytes=8 * MiB))
    assert record["status"] == "disk_limit", record
    assert "SIGXFSZ" in record["status_reason"] or "grew past" in record["status_reason"], record["status_reason"]


@pytest.mark.parametrize("content, note", [
    ('{"prompt_tokens": 10, "cost_usd": "lots", "model": "m", "calls": true, "completion_tokens": -1}',
     "cost_usd, completion_tokens"),
    ("[" * 5000 + "]" * 5000, "not JSON"),
    ('{"prompt_tokens": 1, "pad": "' + "x" * 70_000 + '"}', "larger than"),
    ('{"total_tokens": 1e999, "cost_usd": NaN}', "cost_usd, total_tokens"),
])
def test_bad_usage_json_is_a_note_not_a_harness_error(prepared, tmp_path, content, note):
    agent = make_agent(tmp_path, "usage-liar", """
        cp /home/agent/usage.json /home/logs/usage.json
        cp /home/data/sample_submission.csv /home/submission/submission.csv
    """)
    (agent.folder / "usage.json").write_text(content)
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    notes = " ".join(record.get("notes", []))
    assert "usage.json" in notes and all(part in notes for part in note.split(", ")), notes
    for key, value in (record["usage"] or {}).items():
        assert isinstance(value, (int, float, str)) and not isinstance(value, bool), (key, value)
    if "lots" in content:
        assert record["usage"]["prompt_tokens"] == 10 and "calls" in notes
        assert "cost_usd" not in record["usage"]

    from typer.testing import CliRunner

    from mlebench.cli import app
    from mlebench.runner.grading import grade_group
    from mlebench.runner.rungroup import RunGroup

    grade_group(RunGroup(run_dir.parent), prepared.get("offline-tabular-binary").data_dir)
    result = CliRunner().invoke(app, ["report", str(run_dir.parent), "--json", str(tmp_path / "r.json"),
                                      "--data-dir", str(prepared.get("offline-tabular-binary").data_dir)])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "r.json").read_text())


def test_rate_limited_validation_script_exits_nonzero(prepared, tmp_path, sandbox):
    agent = make_agent(tmp_path, "validate-loop", """
        for i in $(seq 1 30); do
          sh /home/validate_submission.sh /home/data/sample_submission.csv > /home/code/out$i.json 2>/home/code/err$i.txt
          echo $? >> /home/code/codes.txt
        done
        mkdir -p /tmp/nocurl && ln -sf "$(command -v python3)" /tmp/nocurl/python3  # the script's fallback
        for i in 1 2 3; do  # back to back: the bucket refills one request every 3 s
          PATH=/tmp/nocurl /bin/sh /home/validate_submission.sh /home/data/sample_submission.csv > /home/code/py$i.json
          echo $? >> /home/code/py.codes
        done
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent, sandbox=sandbox)
    assert record["status"] == "succeeded", record
    codes = (run_dir / "code" / "codes.txt").read_text().split()
    assert codes[:20] == ["0"] * 20 and "3" in codes[20:], codes
    last = len(codes) - 1 - codes[::-1].index("3")
    answer = json.loads((run_dir / "code" / f"out{last + 1}.json").read_text())
    assert "valid" not in answer and answer["retry_after"] >= 1
    assert "rate-limited" in (run_dir / "code" / f"err{last + 1}.txt").read_text()
    py_codes = (run_dir / "code" / "py.codes").read_text().split()
    assert py_codes.count("3") >= 2 and set(py_codes) <= {"0", "3"}, py_codes
    py_limited = py_codes.index("3") + 1
    assert "valid" not in json.loads((run_dir / "code" / f"py{py_limited}.json").read_text())
    assert record["validation"]["rate_limited"] == codes.count("3") + py_codes.count("3")
