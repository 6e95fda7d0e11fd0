"""Hostile agents in the real bwrap sandbox. Each must be contained; the harness survives all of
them, and no answer byte appears in any file the agent could see or write."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import threading
from pathlib import Path


from mlebench.grading.answers import AnswersCache
from mlebench.runner.sandbox import Limits
from tests.runner.conftest import make_agent, run_agent


def answer_lines(comp) -> list[bytes]:
    return [ln for ln in comp.answers.read_bytes().splitlines()[1:] if ln.strip()]


def assert_no_answers_leaked(comp, run_dir: Path) -> None:
    """No agent-visible file (submission, logs, code) holds the answers file or a run of its lines."""
    whole = comp.answers.read_bytes()
    digest = hashlib.md5(whole).hexdigest()
    lines = answer_lines(comp)
    for sub in ("submission", "logs", "code"):
        for p in (run_dir / sub).rglob("*"):
            if not p.is_file():
                continue
            data = p.read_bytes()
            assert hashlib.md5(data).hexdigest() != digest, f"{p} is a copy of the answers"
            hits = sum(1 for ln in lines[:200] if b"\n" + ln + b"\n" in b"\n" + data + b"\n")
            assert hits < 5, f"{p} contains {hits} answer lines"


def test_cannot_read_answers_by_path_or_search(prepared, tmp_path, tabular):
    AnswersCache().get(tabular.answers, copy_at=tabular.answers_copy)  # grading's Arrow copy of the answers, on disk
    assert tabular.answers_copy.is_file()
    agent = make_agent(tmp_path, "path-thief", """
        cat "$ANSWERS" > /home/code/by_path.txt 2>&1
        cat "$PRIVATE_DIR"/* >> /home/code/by_path.txt 2>&1
        cat "$ANSWERS_COPY" >> /home/code/by_path.txt 2>&1
        find / -xdev -name '*.csv' -path '*private*' > /home/code/found.txt 2>/dev/null
        for f in $(find / -name 'test.csv' -o -name '*.arrow' 2>/dev/null); do cat "$f" >> /home/code/found_tests.txt; done
        ls -la "$DATA_ROOT" > /home/code/data_root.txt 2>&1
        cp /home/data/sample_submission.csv /home/submission/submission.csv
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent, extra_env={
        "ANSWERS": str(tabular.answers), "PRIVATE_DIR": str(tabular.private_dir), "DATA_ROOT": str(tabular.data_dir),
        "ANSWERS_COPY": str(tabular.answers_copy)})
    assert record["status"] == "succeeded"
    assert (run_dir / "code" / "by_path.txt").read_text().count("No such file") == 3
    assert_no_answers_leaked(tabular, run_dir)
    copy = tabular.answers_copy.read_bytes()
    for p in (run_dir / "code").rglob("*"):
        assert copy[-4096:] not in p.read_bytes(), f"{p} holds the answers' Arrow copy"


def test_cannot_reach_host_through_proc(prepared, tmp_path, tabular):
    agent = make_agent(tmp_path, "proc-thief", """
        ls /proc | grep -E '^[0-9]+$' > /home/code/pids.txt
        for p in /proc/[0-9]*; do cat $p/cmdline 2>/dev/null | tr '\\0' ' '; echo; done > /home/code/cmdlines.txt
        cat /proc/1/environ > /home/code/environ1.txt 2>&1
        ls /proc/1/root/ > /home/code/root1.txt 2>&1
        cat /proc/self/mountinfo > /home/code/mounts.txt
        for p in /proc/[0-9]*; do cat $p/root$ANSWERS 2>/dev/null; done > /home/code/via_root.txt
        echo done
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent, extra_env={"ANSWERS": str(tabular.answers)})
    pids = (run_dir / "code" / "pids.txt").read_text().split()
    assert len(pids) < 15, f"the sandbox sees host processes: {pids}"
    cmdlines = (run_dir / "code" / "cmdlines.txt").read_text()
    assert "pytest" not in cmdlines and "mlebench" not in cmdlines.replace("/opt/mlebench", "")
    mounts = (run_dir / "code" / "mounts.txt").read_text()
    assert "private" not in mounts
    assert (run_dir / "code" / "via_root.txt").read_text() == ""
    assert_no_answers_leaked(tabular, run_dir)


def test_cannot_see_other_runs(prepared, tmp_path, tabular):
    victim = make_agent(tmp_path, "victim", """
        cp /home/data/sample_submission.csv /home/submission/submission.csv
        echo VICTIM-SECRET-NOTE > /home/code/note.txt
    """)
    record, victim_dir = run_agent(prepared, tmp_path, victim, group="victims")
    assert (victim_dir / "code" / "note.txt").exists()
    thief = make_agent(tmp_path, "run-thief", """
        cat "$OTHER"/code/note.txt > /home/code/stolen.txt 2>&1
        cat "$OTHER"/submission/submission.csv >> /home/code/stolen.txt 2>&1
        grep -rs VICTIM-SECRET-NOTE /home/data /home/submission /opt /tmp /usr/local 2>/dev/null | head -1 >> /home/code/stolen.txt
        echo end >> /home/code/stolen.txt
    """)
    _, thief_dir = run_agent(prepared, tmp_path, thief, group="thieves", extra_env={"OTHER": str(victim_dir)})
    stolen = (thief_dir / "code" / "stolen.txt").read_text()
    assert "VICTIM-SECRET-NOTE" not in stolen
    assert stolen.strip().endswith("end")


def test_symlinked_submission_is_refused(prepared, tmp_path, tabular):
    agent = make_agent(tmp_path, "linker", 'ln -s "$ANSWERS" /home/submission/submission.csv; ls -la /home/submission')
    record, run_dir = run_agent(prepared, tmp_path, agent, extra_env={"ANSWERS": str(tabular.answers)})
    assert record["submission"]["exists"] is False
    assert "not a regular file" in record["submission"]["reason"]
    assert not (run_dir / "submission" / "submission.csv").exists()
    from mlebench.runner.grading import grade_run
    from mlebench.runner.rungroup import RunGroup, RunKey

    report = grade_run(RunGroup(run_dir.parent), RunKey(tabular.id, 0), tabular.data_dir)
    assert report.valid_submission is False and report.score is None


def test_no_network_to_host_loopback_or_dns(prepared, tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    port = server.getsockname()[1]
    accepted: list = []

    def accept() -> None:
        server.settimeout(15)
        try:
            conn, _ = server.accept()
            accepted.append(conn)
        except OSError:
            pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    agent = make_agent(tmp_path, "netcat", """
        import socket
        out = open("/home/code/net.txt", "w")
        try:
            socket.create_connection(("127.0.0.1", int(__import__("os").environ["PORT"])), timeout=3)
            out.write("tcp: connected\\n")
        except OSError as e:
            out.write(f"tcp: {e}\\n")
        try:
            socket.getaddrinfo("example.com", 80)
            out.write("dns: resolved\\n")
        except OSError as e:
            out.write(f"dns: {e}\\n")
    """, lang="python")
    record, run_dir = run_agent(prepared, tmp_path, agent, extra_env={"PORT": str(port)})
    server.close()
    t.join(timeout=1)
    text = (run_dir / "code" / "net.txt").read_text()
    assert "tcp: connected" not in text and "dns: resolved" not in text, text
    assert accepted == []


def test_fork_bomb_is_contained(prepared, tmp_path):
    agent = make_agent(tmp_path, "forkbomb", """
        bomb() { bomb | bomb & }
        bomb
        sleep 20
    """)
    record, _ = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=6, pids=64))
    assert record["status"] in ("timeout", "pids_limit", "failed")
    left = subprocess.run(["pgrep", "-c", "-f", "/home/agent/main.sh"], capture_output=True, text=True).stdout.strip()
    assert left in ("0", ""), f"{left} fork-bomb processes survived"


def test_memory_limit_kills_the_hog(prepared, tmp_path):
    agent = make_agent(tmp_path, "hog", """
        blocks = []
        for _ in range(200):
            blocks.append(bytearray(10 * 1024 * 1024))
        print("allocated", len(blocks))
    """, lang="python")
    record, run_dir = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=30, memory_bytes=100 * 1024**2))
    assert record["status"] in ("oom", "failed"), record
    assert record["status"] == "oom", record.get("status_reason")
    assert "allocated 200" not in (run_dir / "logs" / "agent.log").read_text()


def test_disk_filler_hurts_only_itself(prepared, tmp_path):
    agent = make_agent(tmp_path, "filler", """
        i=0
        while true; do dd if=/dev/zero of=/home/code/fill$i bs=1M count=8 2>/dev/null || break; i=$((i+1)); done
        sleep 30
    """)
    record, run_dir = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=20, disk_bytes=40 * 1024**2))
    assert record["status"] == "disk_limit", record
    copied = sum(p.stat().st_size for p in (run_dir / "code").rglob("*") if p.is_file())
    assert copied <= 60 * 1024**2


def test_cannot_kill_processes_outside(prepared, tmp_path):
    sentinel = subprocess.Popen(["sleep", "120"])
    try:
        agent = make_agent(tmp_path, "killer", """
            kill -9 -1 2>/dev/null
            kill -9 "$SENTINEL" "$HARNESS" 2>> /home/code/kill.txt
            pkill -9 sleep 2>/dev/null
            pkill -9 python 2>/dev/null
            echo survived-inside >> /home/code/kill.txt
        """)
        record, _ = run_agent(prepared, tmp_path, agent,
                              extra_env={"SENTINEL": str(sentinel.pid), "HARNESS": str(os.getpid())})
        assert sentinel.poll() is None, "a process outside the sandbox was killed"
        assert record["status"] in ("succeeded", "failed")
    finally:
        sentinel.kill()


def test_cannot_use_the_grader(prepared, tmp_path, tabular):
    agent = make_agent(tmp_path, "grader-thief", """
        cp /home/data/sample_submission.csv /home/submission/submission.csv
        mlebench grade-sample /home/submission/submission.csv offline-tabular-binary > /home/code/grade.txt 2>&1
        python3 -c "import mlebench.grade" >> /home/code/grade.txt 2>&1
        python3 -c "import sys; sys.path.insert(0, '$SRC'); import mlebench.grade as g; print(g.grade_csv)" >> /home/code/grade.txt 2>&1
        echo end >> /home/code/grade.txt
    """)
    src = Path(__import__("mlebench").__file__).parent.parent
    record, run_dir = run_agent(prepared, tmp_path, agent, extra_env={"SRC": str(src)})
    text = (run_dir / "code" / "grade.txt").read_text()
    assert "not found" in text and "ModuleNotFoundError" in text
    assert '"score"' not in text and "function grade_csv" not in text
    assert_no_answers_leaked(tabular, run_dir)


def test_flooding_the_validation_service(prepared, tmp_path):
    """60 requests from 4 threads, two of them sending ~1 MB bodies: every one gets an HTTP answer
    (a 200 verdict or a 429 that is not one), the harness sees no client hang up, the service stays up."""
    agent = make_agent(tmp_path, "flooder", """
        import json, threading, urllib.request, urllib.error
        sample = open("/home/data/sample_submission.csv", "rb").read()
        big = sample + b"\\n" * 1_000_000
        results, lock = [], threading.Lock()

        def flood(body):
            for _ in range(15):
                req = urllib.request.Request("http://localhost:5000/validate", data=body)
                try:
                    with urllib.request.urlopen(req, timeout=120) as r:
                        out = [r.status, r.headers.get("Retry-After"), json.loads(r.read())]
                except urllib.error.HTTPError as e:
                    out = [e.code, e.headers.get("Retry-After"), json.loads(e.read())]
                except Exception as e:  # a connection error: what must not happen
                    out = ["error", None, repr(e)]
                with lock:
                    results.append(out)

        threads = [threading.Thread(target=flood, args=(b,)) for b in (sample, big, big, sample)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        health = urllib.request.urlopen("http://localhost:5000/health", timeout=30).read().decode()
        json.dump({"results": results, "health": health}, open("/home/code/flood.json", "w"))
    """, lang="python")
    record, run_dir = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=120))
    import json

    assert record["status"] == "succeeded", record
    result = json.loads((run_dir / "code" / "flood.json").read_text())
    answers = result["results"]
    assert len(answers) == 60
    assert [a for a in answers if a[0] not in (200, 429)] == [], "every request gets an HTTP answer"
    limited = [a for a in answers if a[0] == 429]
    assert len(limited) > 0 and len(answers) - len(limited) >= 20, answers
    for _code, retry_after, body in limited:
        assert int(retry_after) >= 1 and "valid" not in body and "retry" in body["error"], body
    for _code, _, body in (a for a in answers if a[0] == 200):
        assert isinstance(body["valid"], bool)
    assert json.loads(result["health"]) == {"status": "ok"}
    stats = record["validation"]
    assert stats["requests"] == 60 and stats["rate_limited"] == len(limited), stats
    assert stats["disconnected"] == 0 and stats.get("errors", 0) == 0, stats
